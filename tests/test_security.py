"""Security levels and the zero-sum LP solver."""
from fractions import Fraction

import nashpy
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import gametheory as gt
from gametheory import NormalFormGame, UnsupportedGameError
from gametheory.analysis.security import security_level


def zero_sum(A, **kw):
    A = np.asarray(A)
    return NormalFormGame.from_arrays(A, -A, **kw)


def test_rock_paper_scissors_value_zero_uniform():
    # Von Neumann & Morgenstern; value 0, unique optimal strategy (1/3, 1/3, 1/3).
    g = zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    s = security_level(g, 0)
    assert s.exact and s.value == 0
    assert list(s.strategy.values()) == [Fraction(1, 3)] * 3
    assert s.pure_value == -1


def test_two_by_two_value_by_formula():
    # For [[a, b], [c, d]] without saddle point: v = (ad - bc) / (a + d - b - c).
    a, b, c, d = 2, -1, -1, 1
    g = zero_sum([[a, b], [c, d]])
    v = Fraction(a * d - b * c, a + d - b - c)
    assert security_level(g, 0).value == v
    assert security_level(g, 1).value == -v
    assert list(security_level(g, 0).strategy.values()) == [Fraction(2, 5), Fraction(3, 5)]


def test_security_in_general_sum_game_uses_own_payoffs_only():
    # Prisoner's dilemma: Defect guarantees 1 whatever the other does.
    g = NormalFormGame.from_arrays(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]),
                                   strategies=[["C", "D"], ["C", "D"]])
    s = security_level(g, "Player 1")
    assert s.value == 1 and s.strategy["D"] == 1


def test_three_players_others_may_coordinate():
    # Player 1 gets 1 unless the two others both play their second strategy.
    P = np.zeros((3, 2, 2, 2), dtype=int)
    P[0] = 1
    P[0, :, 1, 1] = 0
    g = NormalFormGame(P)
    assert security_level(g, 0).value == 0


@given(hnp.arrays(np.int64, st.tuples(st.integers(1, 5), st.integers(1, 5)), elements=st.integers(-9, 9)))
@settings(max_examples=40)
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # nashpy's own (often wrong) warning
def test_lp_solver_agrees_with_exact_certificate_and_nashpy(A):
    g = zero_sum(A)
    r = gt.solve(g, "lp")
    assert r.exact and len(r) == 1 and r[0].max_regret() == 0
    value = r.details["value"]
    # Certificate: row guarantee == column cap == value, checked exactly.
    x, y = r[0].probabilities
    M = g.exact_payoffs()[0]
    assert min(np.dot(x, M)) == value == max(M.dot(y))
    # nashpy's equilibria of a zero-sum game all give the same value.
    eq = next(iter(nashpy.Game(A, -A).support_enumeration(tol=1e-9)), None)
    if eq is not None:
        assert float(eq[0] @ A @ eq[1]) == pytest.approx(float(value), abs=1e-7)


def test_lp_refuses_general_sum_games():
    g = NormalFormGame.from_arrays(np.array([[1, 0]]), np.array([[1, 0]]))
    with pytest.raises(UnsupportedGameError, match="zero-sum"):
        gt.solve(g, "lp")
