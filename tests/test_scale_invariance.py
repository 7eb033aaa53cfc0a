"""Answers that do not depend on the payoff units (issue #16).

Multiplying every payoff by ``c > 0`` or adding a constant changes no Nash
equilibrium, no dominance relation, no correlated equilibrium, and scales a
value by ``c`` (shifting it by the constant) and the logit lambda by ``1/c``.  So
the base game is the independent reference for each scaled copy: the regression
tests use the seeded copies of ``tests/data/scale`` (``make_scaled.py``), the
property tests draw a game, a power ``k`` in -12..12 and a shift.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from gametheory.analysis.correlated import correlated_equilibrium
from gametheory.analysis.dominance import dominated_strategies, iterated_elimination
from gametheory.analysis.security import security_level
from gametheory.game import MixedStrategyProfile, NormalFormGame
from gametheory.io import load
from gametheory.solvers import solve
from tree_strategies import perfect_information_trees

SCALE = Path(__file__).resolve().parent / "data" / "scale"
GAMBIT = Path(__file__).resolve().parent / "data" / "gambit"


def exact_game(payoffs, factor=1, offset=0) -> NormalFormGame:
    arr = np.array(payoffs, dtype=object)
    flat = np.empty(arr.size, dtype=object)
    flat[:] = [Fraction(v) * factor + offset for v in arr.ravel().tolist()]
    return NormalFormGame(flat.reshape(arr.shape))


def float_game(payoffs, factor=1.0, offset=0.0) -> NormalFormGame:
    return NormalFormGame(np.asarray(payoffs, dtype=float) * factor + offset)


def profiles(result):
    """Each equilibrium as a tuple of float tuples, sorted."""
    return sorted(tuple(tuple(float(x) for x in p) for p in eq.probabilities) for eq in result)


def same_profiles(a, b, tol=1e-6) -> bool:
    pa, pb = profiles(a), profiles(b)
    return len(pa) == len(pb) and all(
        max(abs(x - y) for u, v in zip(p, q) for x, y in zip(u, v)) <= tol for p, q in zip(pa, pb))


def exact_profiles(result):
    return sorted(tuple(tuple(p) for p in eq.probabilities) for eq in result)


def payoff_range(game) -> float:
    P = game.float_payoffs()
    return float(P.max() - P.min())


# ---------------------------------------------------------------- regression: tests/data/scale
@pytest.mark.parametrize("copy", ["rand222_s11_x1e7", "rand222_s11_x1e-12", "rand222_s31_x1e10",
                                  "rand333_s3_x1e-12"])
def test_enumpoly_finds_the_same_equilibria_on_scaled_copies(copy):
    base = solve(load(SCALE / f"{copy.rsplit('_', 1)[0]}.nfg"), "enumpoly")
    scaled_game = load(SCALE / f"{copy}.nfg")
    scaled = solve(scaled_game, "enumpoly")
    assert scaled.complete == base.complete
    assert same_profiles(base, scaled, 1e-9)
    # Exact equilibria stay exact and equal; the float (irrational) ones keep zero
    # regret within 1e-9 of the payoff range, in the original units.
    assert [eq.exact for eq in sorted(base, key=profiles_key)] == \
        [eq.exact for eq in sorted(scaled, key=profiles_key)]
    for eq in scaled:
        assert float(eq.max_regret()) <= 1e-9 * payoff_range(scaled_game) * 1.0001


def profiles_key(eq):
    return tuple(tuple(float(x) for x in p) for p in eq.probabilities)


def test_irrational_equilibrium_found_at_every_scale():
    # rand222_s11 has a totally mixed equilibrium solving a quadratic with an
    # irrational root (it was lost at x10^7): it is the one float equilibrium.
    for name in ("rand222_s11", "rand222_s11_x1e7", "rand222_s11_x1e-12"):
        r = solve(load(SCALE / f"{name}.nfg"), "enumpoly")
        assert sum(not eq.exact for eq in r) == 1 and len(r) == 3, name


def test_pure_float_on_tiny_matching_pennies_finds_nothing():
    # Matching pennies has no pure equilibrium (each profile has a player who gains 2
    # units by switching); at x10^-12 the gain is 2e-12, far above 1e-9 of the range.
    r = solve(load(SCALE / "matching_pennies_x1e-12.nfg"), "pure", exact=False)
    assert len(r) == 0
    r = solve(load(SCALE / "matching_pennies_x1e-12.nfg"), "qre", exact=False)
    (x, y), = profiles(r)
    assert x == pytest.approx((0.5, 0.5), abs=1e-8) and y == pytest.approx((0.5, 0.5), abs=1e-8)


def test_huge_payoffs_enummixed_and_lh_float():
    base = solve(load(SCALE / "rand44_s4.nfg"), "enummixed")
    big = solve(load(SCALE / "rand44_s4_x1e30.nfg"), "enummixed", exact=False)
    assert same_profiles(base, big)
    # Integers up to 10^8: Lemke-Howson converges (it said "did not converge" when
    # its tolerance was absolute); the profile's regret is at most 1e-9 of the range.
    game = load(SCALE / "rand55_s5.nfg")
    r = solve(game, "lh", exact=False)
    assert len(r) >= 1
    for eq in r:
        assert float(eq.max_regret()) <= 1e-9 * payoff_range(game)


def test_payoffs_1e30_plus_small_integers():
    # 10**30 + k are one float for every small k: the float path must not see a
    # constant game.  Shifting changes no equilibrium, so the answers are those of
    # the unshifted game.
    shifted = load(SCALE / "rand44_s4_p1e30.nfg")
    base = load(SCALE / "rand44_s4.nfg")
    assert exact_profiles(solve(shifted, "pure", exact=False)) == exact_profiles(solve(base, "pure"))
    lh = solve(shifted, "lh", exact=False)
    assert len(lh) >= 1
    for eq in lh:
        # The true regret, on the exact payoffs (the shift does not change it).
        prof = MixedStrategyProfile(base, [[Fraction(float(x)) for x in p] for p in eq.probabilities])
        assert prof.max_regret() <= Fraction(1, 10**6)


@pytest.mark.parametrize("factor", [Fraction(1, 10**6), Fraction(10**10)])
def test_qre_lambda_is_scaled(factor):
    P = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]       # prisoner's dilemma: the limit is (D, D)
    base = solve(exact_game(P), "qre", exact=False)
    scaled = solve(exact_game(P, factor), "qre", exact=False)
    assert same_profiles(base, scaled, 1e-9)
    assert scaled.details["lambda"] == pytest.approx(base.details["lambda"] / float(factor))


def test_trees_poker_scaled_by_1e8_and_large_payoff_game():
    base = load(GAMBIT / "poker.efg")
    big = base.copy()
    for o in big.outcomes:
        o.payoffs = tuple(v * 10**8 for v in o.payoffs)
    # One-card poker (Myerson 1991): value 1/3 to Player 1 (Gambit's tutorial).
    for method in ("seqform", "spe"):
        r = solve(big, method, exact=False)
        assert float(r[0].payoffs()[0]) == pytest.approx(10**8 / 3, rel=1e-9)
    g = load(GAMBIT / "large_payoff_game.efg")
    seq = solve(g, "seqform")
    nf = solve(g.to_normal_form(), "enummixed")
    assert {eq.payoffs() for eq in nf} >= {seq[0].payoffs()}


# ---------------------------------------------------------------- regression: analyses
def test_dominance_by_a_mixture_with_margin_1e9_exact():
    d = Fraction(1, 10**9)
    # Row 3 pays 1/2 - 1e-9 against both columns; the half-half mix of rows 1, 2 pays 1/2.
    g = exact_game([[[1, 0], [0, 1], [Fraction(1, 2) - d, Fraction(1, 2) - d]], [[0, 0]] * 3])
    found = dominated_strategies(g, 0, "strict")
    assert [(x.strategy, x.dominator) for x in found] == [("3", {"1": Fraction(1, 2), "2": Fraction(1, 2)})]


def test_weak_dominance_with_denominator_above_1e9():
    p = Fraction(1, 10**9 + 7)
    # Row 3 = (p, 1-p, -1): the mix p*row1 + (1-p)*row2 = (p, 1-p, 0) ties it in the
    # first two columns and beats it in the third, and no other mix ties both.
    g = exact_game([[[1, 0, 0], [0, 1, 0], [p, 1 - p, -1]], [[0, 0, 0]] * 3])
    found = dominated_strategies(g, 0, "weak")
    assert [(x.strategy, x.dominator) for x in found] == [("3", {"1": p, "2": 1 - p})]


@pytest.mark.parametrize("exact", [True, False])
def test_correlated_equilibrium_of_tiny_prisoners_dilemma(exact):
    # Defect strictly dominates, so (D, D) is the only correlated equilibrium.
    s = Fraction(1, 10**10)
    g = exact_game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], s)
    ce = correlated_equilibrium(g, exact=exact)
    assert [(prof, float(q)) for prof, q in ce.support()] == [(("2", "2"), 1.0)]


def test_correlated_with_one_strategy_each():
    g = exact_game([[[1]], [[2]]])
    ce = correlated_equilibrium(g)
    assert ce.support() == [(("1", "1"), Fraction(1))] and ce.payoffs == (1, 2)


def test_lp_value_near_1e9():
    s = Fraction(1, 10**9)
    # 2x2 zero-sum without saddle point: value (ad - bc) / (a + d - b - c) = s / 5.
    g = exact_game([[[2, -1], [-1, 1]], [[-2, 1], [1, -1]]], s)
    assert solve(g, "lp").details["value"] == s / 5
    assert security_level(g, 0).value == s / 5


# ---------------------------------------------------------------- property tests
small_payoffs = st.integers(2, 3).flatmap(lambda m: st.lists(
    st.lists(st.lists(st.integers(-5, 5), min_size=2, max_size=2), min_size=m, max_size=m),
    min_size=2, max_size=2))
powers = st.integers(-12, 12)
shifts = st.integers(-10**6, 10**6)


@settings(max_examples=12, deadline=None)
@given(small_payoffs, powers, shifts)
def test_two_player_solvers_exact(P, k, c):
    base, scaled = exact_game(P), exact_game(P, Fraction(10) ** k, c)
    for method in ("pure", "enummixed", "lh", "enumpoly"):
        assert exact_profiles(solve(base, method)) == exact_profiles(solve(scaled, method)), method


@settings(max_examples=12, deadline=None)
@given(small_payoffs, powers, st.integers(-100, 100))
def test_two_player_solvers_float_games(P, k, c):
    # Float games: the copy's floats differ from the base's by rounding only (the
    # shift is in the copy's units, so that the floats keep the payoff differences).
    base, scaled = float_game(P), float_game(P, 10.0 ** k, c * 10.0 ** k)
    for method in ("pure", "enummixed", "lh"):
        assert same_profiles(solve(base, method), solve(scaled, method)), method
    b = solve(scaled, "simpdiv")
    assert float(b[0].max_regret()) <= b.tolerance
    assert b.tolerance == pytest.approx(1e-9 * (payoff_range(scaled) or 1.0))


@settings(max_examples=8, deadline=None)
@given(small_payoffs, powers, shifts)
def test_float_mode_and_qre(P, k, c):
    base, scaled = exact_game(P), exact_game(P, Fraction(10) ** k, c)
    for method in ("enummixed", "lh", "simpdiv"):
        assert same_profiles(solve(base, method, exact=False), solve(scaled, method, exact=False)), method
    # Degenerate games (equilibria forming a continuum) included: qre returns the
    # limit of the principal branch there (tests/test_qre.py, the degenerate 2x2).
    a = solve(base, "qre", exact=False)
    assert same_profiles(a, solve(scaled, "qre", exact=False)), "qre"


@settings(max_examples=8, deadline=None)
@given(st.lists(st.integers(-4, 4), min_size=24, max_size=24), powers, shifts)
def test_three_players_enumpoly(vals, k, c):
    P = np.array(vals).reshape(3, 2, 2, 2).tolist()
    a, b = solve(exact_game(P), "enumpoly"), solve(exact_game(P, Fraction(10) ** k, c), "enumpoly")
    assert same_profiles(a, b, 1e-9) and a.complete == b.complete


@settings(max_examples=10, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=6, max_size=6), powers)
def test_zero_sum_lp_and_security(vals, k):
    A = np.array(vals).reshape(2, 3)
    f = Fraction(10) ** k
    base, scaled = exact_game([A, -A]), exact_game([A, -A], f)
    assert solve(scaled, "lp").details["value"] == solve(base, "lp").details["value"] * f
    for i in (0, 1):
        assert security_level(scaled, i).value == security_level(base, i).value * f


@settings(max_examples=10, deadline=None)
@given(small_payoffs, powers, shifts)
def test_analyses(P, k, c):
    f = Fraction(10) ** k
    base, scaled = exact_game(P), exact_game(P, f, c)
    for kind in ("strict", "weak"):
        a, b = iterated_elimination(base, kind), iterated_elimination(scaled, kind)
        assert [(s.strategy, s.dominator) for s in a.steps] == [(s.strategy, s.dominator) for s in b.steps]
    a, b = correlated_equilibrium(base), correlated_equilibrium(scaled)
    assert np.array_equal(a.distribution, b.distribution)
    assert list(b.payoffs) == [v * f + c for v in a.payoffs]


def _scaled_tree(g, f, c):
    out = g.copy()
    for o in out.outcomes:
        o.payoffs = tuple(v * f + c for v in o.payoffs)
    return out


def _behaviours(result):
    return sorted(tuple(tuple(tuple(p) for p in pl) for pl in eq.probabilities) for eq in result)


@settings(max_examples=8, deadline=None)
@given(perfect_information_trees(max_moves=4), powers, shifts)
def test_tree_solvers(g, k, c):
    f = Fraction(10) ** k
    scaled = _scaled_tree(g, f, c)
    for method in ("spe", "seqform"):
        assert _behaviours(solve(g, method)) == _behaviours(solve(scaled, method)), method
    a, b = solve(g, "qre", exact=False), solve(scaled, "qre", exact=False)
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert all(np.allclose(np.asarray(p, float), np.asarray(q, float), atol=1e-6)
                   for pl, ql in zip(x.probabilities, y.probabilities) for p, q in zip(pl, ql))


def test_float_solve_switches_to_exact_when_floats_merge_payoffs():
    # Row 1 beats row 2 by 10^-20 against every column; 1/3 and 1/3 + 10^-20 are one
    # float, so a float solve would see a tie and list both rows.  By hand the only
    # pure equilibrium is (row 1, column 2): column 2 pays the column player 1 > 0.
    d = Fraction(1, 10**20)
    third = Fraction(1, 3)
    g = exact_game([[[third + d, third + d], [third, third]], [[0, 1], [0, 1]]])
    r = solve(g, "pure", exact=False)
    assert sorted(eq.supports() for eq in r) == [((0,), (1,))]
    assert any("exact arithmetic instead of floating point" in w for w in r.warnings)
