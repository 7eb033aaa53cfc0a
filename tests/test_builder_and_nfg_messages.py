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


def test_reduced_normal_form_labels_and_size_limit():
    from fractions import Fraction as F

    from gametheory.exceptions import UnsupportedGameError
    # Two information sets of A after a chance move, with action labels that join to
    # the same text: (a/b, c) and (a, b/c) both read "a/b/c", so the labels name
    # the information sets instead.
    g = ExtensiveFormGame.new_tree(["A", "B"])
    left, right = g.append_chance(0, ["L", "R"], [F(1, 2), F(1, 2)])
    for node, (acts, label) in zip((left, right), ((["a/b", "a"], "s"), (["c", "b/c"], "t"))):
        for leaf in g.append_move(node, "A", acts, infoset=label):
            g.set_outcome(leaf, [1, 0])
    labels = g.to_normal_form().strategies[0]
    assert len(set(labels)) == 4 and "s:a/b/t:c" in labels and "s:a/t:b/c" in labels
    # Twenty independent binary choices of one player: 2^20 reduced strategies.
    big = ExtensiveFormGame.new_tree(["A", "B"])
    kids = big.append_chance(0, [f"k{j}" for j in range(20)], [F(1, 20)] * 20)
    for j, node in enumerate(kids):
        for leaf in big.append_move(node, "A", ["x", "y"], infoset=f"h{j}"):
            big.set_outcome(leaf, [0, 0])
    with pytest.raises(UnsupportedGameError, match="over the limit plans="):
        big.to_normal_form()
