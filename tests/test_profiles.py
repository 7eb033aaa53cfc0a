"""Mixed strategy profiles: payoffs, regrets, labels, JSON."""
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from gametheory import InvalidGameError, MixedStrategyProfile, NormalFormGame


def matching_pennies():
    A = np.array([[1, -1], [-1, 1]])
    return NormalFormGame.from_arrays(A, -A, players=["Even", "Odd"], strategies=[["H", "T"], ["H", "T"]])


def test_matching_pennies_mixed_equilibrium_has_zero_regret():
    g = matching_pennies()
    p = MixedStrategyProfile(g, [[Fraction(1, 2)] * 2, [Fraction(1, 2)] * 2])
    assert p.exact and p.max_regret() == 0 and p.payoffs() == (0, 0)
    q = MixedStrategyProfile(g, [[Fraction(2, 3), Fraction(1, 3)], [Fraction(1, 2)] * 2])
    assert q.regrets() == (0, Fraction(1, 3))  # Odd gains by playing T: 1/3 - 0
    assert q["Even", "H"] == Fraction(2, 3)
    assert dict(q["Even"]) == {"H": Fraction(2, 3), "T": Fraction(1, 3)}


def test_pure_profile_and_json():
    g = matching_pennies()
    p = MixedStrategyProfile.pure(g, ["H", "T"])
    assert p.is_pure() and p.supports() == ((0,), (1,))
    doc = p.to_json()
    assert doc["profile"] == [["1", "0"], ["0", "1"]]
    assert doc["labels"] == {"Even": {"H": "1", "T": "0"}, "Odd": {"H": "0", "T": "1"}}
    assert doc["payoffs"] == ["-1", "1"]
    assert p.as_float().to_json()["payoffs"] == [-1.0, 1.0]


def test_bad_profiles():
    g = matching_pennies()
    with pytest.raises(InvalidGameError, match="needs 2 probability vectors"):
        MixedStrategyProfile(g, [[1, 0]])
    with pytest.raises(InvalidGameError, match="has 2 strategies, got 3"):
        MixedStrategyProfile(g, [[1, 0, 0], [1, 0]])


@given(hnp.arrays(np.int64, (3, 2, 3, 2), elements=st.integers(-20, 20)), st.data())
def test_payoff_of_mixed_profile_is_multilinear_expectation(P, data):
    g = NormalFormGame(P)
    probs = []
    for m in g.shape:
        w = data.draw(st.lists(st.integers(0, 5), min_size=m, max_size=m).filter(lambda l: sum(l) > 0))
        probs.append([Fraction(x, sum(w)) for x in w])
    prof = MixedStrategyProfile(g, probs)
    expected = [sum(Fraction(int(P[(i,) + idx])) * probs[0][idx[0]] * probs[1][idx[1]] * probs[2][idx[2]]
                    for idx in np.ndindex(*g.shape)) for i in range(3)]
    assert list(prof.payoffs()) == expected
    assert all(r >= 0 for r in prof.regrets())
