"""Correlated and coarse correlated equilibria."""
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from gametheory import InvalidGameError, MixedStrategyProfile, NormalFormGame
from gametheory.analysis.correlated import correlated_equilibrium, deviation_constraints


def chicken():
    return NormalFormGame.from_arrays(np.array([[6, 2], [7, 0]]), np.array([[6, 7], [2, 0]]),
                                      strategies=[["Chicken", "Dare"], ["Chicken", "Dare"]])


def test_chicken_welfare_maximum():
    # Aumann (1974); Nisan et al. (2007) sec. 1.3.4: the welfare-maximising CE puts
    # 1/2 on (C, C) and 1/4 on each asymmetric profile, payoff 5.25 each.
    ce = correlated_equilibrium(chicken())
    assert ce.exact and ce.max_violation <= 0
    d = ce.distribution
    assert (d[0, 0], d[0, 1], d[1, 0], d[1, 1]) == (Fraction(1, 2), Fraction(1, 4), Fraction(1, 4), 0)
    assert ce.payoffs == (Fraction(21, 4), Fraction(21, 4))


def test_minimising_a_players_payoff_and_coarse():
    ce = correlated_equilibrium(chicken(), objective=0, maximize=False)
    assert ce.payoffs[0] == 2        # the pure equilibrium (Chicken, Dare) is the worst for player 1
    cce = correlated_equilibrium(chicken(), kind="coarse")
    assert sum(cce.payoffs) >= sum(correlated_equilibrium(chicken()).payoffs)
    with pytest.raises(InvalidGameError):
        correlated_equilibrium(chicken(), kind="weird")


@given(hnp.arrays(np.int64, (3, 2, 2, 2), elements=st.integers(-4, 4)))
@settings(max_examples=25)
def test_ce_constraints_hold_exactly_and_nash_is_feasible(P):
    g = NormalFormGame(P)
    ce = correlated_equilibrium(g)
    G = deviation_constraints(g, exact=True)
    p = ce.distribution.reshape(-1)
    assert all(sum(a * b for a, b in zip(row, p)) <= 0 for row in G)
    assert sum(p) == 1 and min(p) >= 0
    # Any pure Nash equilibrium's welfare is at most the welfare-maximising CE's.
    for idx in g.profiles():
        if MixedStrategyProfile.pure(g, idx).max_regret() == 0:
            assert sum(g.payoff(idx)) <= sum(ce.payoffs)
