"""Messages of the YAML game reader for structural mistakes not covered by
test_bad_yaml.py: each small file below has one mistake, and the error names the
place and what was expected."""
from __future__ import annotations

from fractions import Fraction as F

import pytest

from gametheory.exceptions import InvalidGameError
from gametheory.io.yaml_format import loads

HEAD = "format: 1\n"
TWO_BY_TWO = """\
players:
  - name: A
    strategies: [x, y]
  - name: B
    strategies: [x, y]
payoffs:
  matrix:
    - [[1, 1], [0, 0]]
    - [[0, 0], [1, 1]]
"""


TREE = """\
players: [A, B]
tree:
  player: A
  moves:
    - action: l
      outcome: {payoffs: [1, 0]}
    - action: r
      node:
        player: chance
        moves:
          - {action: h, probability: 1/2, outcome: {payoffs: [0, 1]}}
          - {action: t, probability: 1/2, outcome: {payoffs: [2, 2]}}
"""


@pytest.mark.parametrize("text, fragment", [
    # payoff tables of the wrong size or kind
    (HEAD + TWO_BY_TWO.replace("    - [[0, 0], [1, 1]]\n", ""), "expected 2 rows"),
    (HEAD + TWO_BY_TWO.replace("[[0, 0], [1, 1]]", "[[0, 0]]"), "expected 2 cells"),
    (HEAD + TWO_BY_TWO.replace("[[1, 1], [0, 0]]", "[[1, 1, 1], [0, 0]]"), "expected 2 payoffs"),
    (HEAD + TWO_BY_TWO.split("payoffs:")[0] + "payoffs: 7\n", "'payoffs' to be a list"),
    (HEAD + TWO_BY_TWO.split("payoffs:")[0] + "payoffs:\n  - profile: [x]\n    payoffs: [1, 1]\n",
     "expected a profile of 2 strategies"),
    (HEAD + TWO_BY_TWO.split("payoffs:")[0] + "payoffs:\n  - profile: 3\n    payoffs: [1, 1]\n",
     "expected a profile"),
    # trees
    (HEAD + TREE.replace("1/2, outcome: {payoffs: [0, 1]}", "1/3, outcome: {payoffs: [0, 1]}"),
     "add up to 5/6, expected exactly 1"),
    (HEAD + TREE.replace("{action: h, probability: 1/2,", "{action: h,"), "needs a 'probability'"),
    (HEAD + TREE.replace("tree:\n  player: A", "tree: 3\n  # player: A").split("  # player")[0]
     + "\n", "expected the tree's root node"),
    (HEAD + TREE.replace("        player: chance\n", ""), "needs a 'player'"),
    (HEAD + TREE + "outcomes: [1, 2]\n", "mapping of outcome names to outcomes"),
    ("", "empty"),
    ("format: [1\n", "invalid YAML"),
])
def test_payoff_and_tree_mistakes_are_named(text, fragment):
    with pytest.raises(InvalidGameError, match=fragment):
        loads(text, file="game.yaml")


@pytest.mark.parametrize("text, fragment", [
    # keys must be words
    (HEAD + "? [a, b]\n: 1\n" + TWO_BY_TWO, "keys must be plain words"),
    # players must be a list
    (HEAD + "players: {A: 1}\npayoffs: {}\n", "expected a list of players"),
    # a title is text
    (HEAD + "title: [1, 2]\n" + TWO_BY_TWO, "expected text"),
    # a player's label
    (HEAD + TWO_BY_TWO.replace("name: A", "name: [A]"), "expected a player label"),
    (HEAD + TWO_BY_TWO.replace("name: A", "name: ''"), "non-empty player label"),
    # a strategic form has no outcomes, a tree no strategies
    (HEAD + TWO_BY_TWO + "outcomes:\n  o: {payoffs: [1, 1]}\n", "'outcomes' belong to game trees"),
    (HEAD + TWO_BY_TWO.replace("    strategies: [x, y]\n  - name: B", "    strategies: [x, y]\n"
                                "    infosets: []\n  - name: B"), "'infosets' belong to game trees"),
    # parameters
    (HEAD + "parameters: [c]\n" + TWO_BY_TWO, "mapping of parameter names to defaults"),
    (HEAD + "parameters:\n  c: {default: 1, range: [0, 1, 2]}\n" + TWO_BY_TWO, r"a range \[low, high\], got 3 values"),
    # a player without strategies
    (HEAD + TWO_BY_TWO.replace("    strategies: [x, y]\n  - name: B", "  - name: B"),
     "missing key 'strategies' for player 'A'"),
])
def test_structural_mistakes_are_named(text, fragment):
    with pytest.raises(InvalidGameError, match=fragment):
        loads(text, file="game.yaml")


def test_the_reference_files_read():
    # Guard: the files the mistakes are made in are themselves valid.
    g = loads(HEAD + TWO_BY_TWO)
    assert list(g.players) == ["A", "B"] and g.shape == (2, 2)
    t = loads(HEAD + TREE)
    assert len(t.nodes) == 5 and t.chance_infosets[0].probabilities == (F(1, 2), F(1, 2))
