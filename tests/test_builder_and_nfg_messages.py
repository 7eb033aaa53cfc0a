"""Refusals of the tree builder (gametheory/game/extensive.py) and messages of the
.nfg reader for malformed headers and outcome lists (gametheory/io/nfg.py) not
covered by test_nfg.py / test_efg.py."""
from __future__ import annotations

import pytest

from gametheory import ExtensiveFormGame
from gametheory.exceptions import InvalidGameError
from gametheory.io.nfg import loads_nfg


@pytest.mark.parametrize("text, fragment", [
    ('NFG 1 R "t" { } { }\n', "no players"),
    ('NFG 1 R "t" { "A" "B" } { { "x" } "y" }\n', "expected '{' opening the strategy labels"),
    ('NFG 1 R "t" { "A" "B" } { { "x" } { } }\n', "has no strategies"),
    ('NFG 1 R "t" { "A" "B" } { { "x" } { "y" }\n', "expected '}' closing the strategies"),
    ('NFG 1 R "t" { "A" "B" } { 1 1 }\n1 x\n', "payoff"),
    # the outcome version: one outcome number per profile
    ('NFG 1 R "t" { "A" "B" } { { "x" } { "y" "z" } }\n{ { "o" 1 2 } }\n1\n', "ends after 1 outcome numbers"),
    ('NFG 1 R "t" { "A" "B" } { { "x" } { "y" } }\n{ { "o" 1 2 } }\n1 1\n', "too many outcome numbers"),
    ('NFG 1 R "t" { "A" "B" } { { "x" } { "y" } }\n{ { "o" 1 ', "ends inside the payoffs"),
])
def test_malformed_nfg_files_are_named(text, fragment):
    with pytest.raises(InvalidGameError, match=fragment) as exc:
        loads_nfg(text, file="g.nfg")
    assert str(exc.value).startswith("g.nfg:")


def test_tree_builder_refusals():
    with pytest.raises(InvalidGameError, match="at least one player"):
        ExtensiveFormGame.new_tree([])
    g = ExtensiveFormGame.new_tree(["A", "B"])
    a, b = g.append_move(0, "A", ["a", "b"])
    with pytest.raises(InvalidGameError, match="already has a move"):
        g.append_move(0, "B", ["c"])
    with pytest.raises(InvalidGameError, match="already has a move"):
        g.append_chance(0, ["h"], [1])
    with pytest.raises(InvalidGameError, match="at least one action"):
        g.append_move(a, "B", [])
    g.set_outcome(a, [1, 2])
    with pytest.raises(InvalidGameError, match="has 3 payoffs"):
        g.set_outcome(b, [1, 2, 3])
    assert repr(g).startswith("<ExtensiveFormGame ''")
