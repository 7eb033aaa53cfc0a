"""Behaviour profiles on trees (gametheory/game/behavior.py): lookups, views, values
at information sets, and the refusals, on entry deterrence worked out by hand."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy

from gametheory import ExtensiveFormGame, MixedStrategyProfile, NormalFormGame
from gametheory.exceptions import InvalidGameError, UnsupportedGameError
from gametheory.game.behavior import MixedBehaviorProfile


def entry(fight=-1):
    """out -> (0, 2); in, fight -> (-1, fight); in, accommodate -> (1, 1)."""
    g = ExtensiveFormGame.new_tree(["Entrant", "Incumbent"])
    out, enter = g.append_move(0, "Entrant", ["out", "in"], infoset="E")
    g.set_outcome(out, [0, 2])
    fight_node, acc = g.append_move(enter, "Incumbent", ["fight", "accommodate"], infoset="I")
    g.set_outcome(fight_node, [-1, fight])
    g.set_outcome(acc, [1, 1])
    return g


def test_views_and_lookups():
    p = MixedBehaviorProfile.pure(entry(), [["in"], ["accommodate"]])
    assert len(p) == 2 and [len(b) for b in p] == [1, 1]
    inc = p["Incumbent"]
    assert inc["I"]["accommodate"] == 1 and inc[0]["fight"] == 0
    assert list(inc) == ["I"] and repr(inc) == "{'I': {'fight': 0, 'accommodate': 1}}"
    with pytest.raises(KeyError, match="no information set 'J'"):
        inc["J"]
    assert p.is_nash()                     # (in, accommodate): 1 > 0 and 1 > -1


def test_values_at_information_sets():
    # Incumbent mixes fight 1/2: at I it expects (1/2)(-1) + (1/2)(1) = 0; the
    # entrant, entering, expects (1/2)(-1) + (1/2)(1) = 0, staying out 0.
    half = F(1, 2)
    p = MixedBehaviorProfile(entry(), [[[F(0), F(1)]], [[half, half]]])
    assert p.action_values() == [[[F(0), F(0)]], [[F(-1), F(1)]]]
    assert p.infoset_values() == [[F(0)], [F(0)]]
    # Staying out leaves I unreached: no beliefs there, no values.
    q = MixedBehaviorProfile(entry(), [[[F(1), F(0)]], [[half, half]]])
    assert q.infoset_values()[1] == [None]


def test_refusals():
    c = sympy.Symbol("c")
    sym = entry(fight=c)
    with pytest.raises(UnsupportedGameError, match="symbolic"):
        MixedBehaviorProfile.pure(sym, [["in"], ["fight"]]).payoffs()
    with pytest.raises(InvalidGameError, match="needs 2 players"):
        MixedBehaviorProfile(entry(), [[[F(1), F(0)]]])
    plain = NormalFormGame.from_arrays(np.array([[1, 0]]), np.array([[0, 1]]))
    p = MixedBehaviorProfile.pure(entry(), [["in"], ["fight"]])
    with pytest.raises(InvalidGameError, match="no plans"):
        p.to_mixed(plain)
    with pytest.raises(InvalidGameError, match="no plans"):
        MixedBehaviorProfile.from_mixed(entry(), MixedStrategyProfile(plain, [[F(1)], [F(1), F(0)]]))
