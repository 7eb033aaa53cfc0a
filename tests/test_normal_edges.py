"""Edge cases of NormalFormGame and MixedStrategyProfile not covered elsewhere: bad
construction, label lookups, zero-sum tests per payoff kind, equality, profile views."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy

from gametheory import MixedStrategyProfile, NormalFormGame, Parameter
from gametheory.exceptions import InvalidGameError


def matching_pennies(kind=int):
    A = np.array([[1, -1], [-1, 1]], dtype=kind)
    return NormalFormGame.from_arrays(A, -A, players=["Even", "Odd"],
                                      strategies=[["H", "T"], ["H", "T"]])


@pytest.mark.parametrize("make, fragment", [
    (lambda: NormalFormGame.from_arrays(), "one payoff array per player"),
    (lambda: NormalFormGame.from_arrays(np.zeros((2, 2)), np.zeros((2, 3))), "different shapes"),
    (lambda: NormalFormGame(3), "not a scalar"),
    (lambda: NormalFormGame(np.zeros((2, 2, 0))), "at least one strategy"),
    (lambda: NormalFormGame(np.zeros((2, 2, 2)), strategies=[["a", "b"]]), "for 1 players, expected 2"),
    (lambda: NormalFormGame(np.array([[[True, False]], [[False, True]]])), "not booleans"),
    (lambda: NormalFormGame(np.zeros((2, 2, 2)), players=["A", ""]), "non-empty label"),
])
def test_bad_games_are_refused(make, fragment):
    with pytest.raises(InvalidGameError, match=fragment):
        make()


def test_a_zero_dimensional_integer_array_is_refused_as_bad_input():
    with pytest.raises(InvalidGameError, match="not a scalar"):
        NormalFormGame(np.array(3))


def test_lookups_by_label_and_index():
    g = matching_pennies()
    assert g.player("Odd") == 1 and g.strategy("Odd", "T") == 1
    assert g.profile_index({"Odd": "T", "Even": "H"}) == (0, 1)
    with pytest.raises(KeyError, match="out of range"):
        g.player(5)
    with pytest.raises(KeyError, match="does not name every player"):
        g.profile_index({"Odd": "T"})
    with pytest.raises(KeyError, match="has 1 entries, expected 2"):
        g.profile_index(["H"])


def test_zero_sum_by_kind():
    # Matching pennies sums to zero in every cell: exact, float and symbolic alike.
    assert matching_pennies().is_zero_sum
    assert matching_pennies(float).is_zero_sum
    c = sympy.Symbol("c")
    sym = NormalFormGame.from_arrays(np.array([[c, 0]], dtype=object), np.array([[-c, 0]], dtype=object),
                                     parameters=[Parameter("c", 1)])
    assert sym.is_symbolic and sym.is_zero_sum
    assert not NormalFormGame.from_arrays(np.array([[1.0]]), np.array([[0.5]])).is_zero_sum
    with pytest.raises(InvalidGameError, match="Parameter"):
        NormalFormGame.from_arrays(np.array([[1]]), np.array([[1]]), parameters=["c"])


def test_equality_compares_labels_and_payoffs_exactly():
    g = matching_pennies()
    assert g == matching_pennies() and g != matching_pennies(float).with_payoffs(
        np.array([[[1.0, -1.0], [-1.0, 1.0]], [[-1.0, 1.0], [1.0, -0.5]]]))
    assert matching_pennies(float) == matching_pennies(float)
    assert (g == "not a game") is False


def test_profile_views():
    g = matching_pennies()
    half = [F(1, 2), F(1, 2)]
    p = MixedStrategyProfile(g, [half, [F(1), F(0)]])
    assert p["Odd"]["H"] == 1 and p["Odd"].support() == ("H",)
    with pytest.raises(KeyError, match="no strategy 'X'"):
        p["Odd"]["X"]
    assert repr(p["Even"]) == "{'H': 1/2, 'T': 1/2}"
    assert [list(m) for m in p] == [["H", "T"], ["H", "T"]]
    # Even mixes 1/2-1/2 against Odd's pure H: Even's regret is 1 - 0 = 1, Odd's 0.
    assert p.max_regret() == 1 and not p.is_nash()
    q = MixedStrategyProfile(g, [half, half])
    assert q.is_nash() and q == MixedStrategyProfile(g, [half, half]) and q != p
    assert (q == 3) is False
    assert repr(q).startswith("<MixedStrategyProfile Even: {'H': 1/2")
