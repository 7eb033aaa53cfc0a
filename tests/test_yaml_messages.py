"""Messages of the YAML game reader for structural mistakes not covered by
test_bad_yaml.py: each small file below has one mistake, and the error names the
place and what was expected."""
from __future__ import annotations

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


def test_the_reference_file_reads():
    # Guard: the file the mistakes are made in is itself valid.
    g = loads(HEAD + TWO_BY_TWO)
    assert list(g.players) == ["A", "B"] and g.shape == (2, 2)
