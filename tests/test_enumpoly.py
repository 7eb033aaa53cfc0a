"""Tests for gametheory.solvers.enumpoly: textbook n-player games with known
equilibria, degenerate games, exactness, and cross-checks against pygambit."""
from __future__ import annotations

import itertools
import math
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame, solve
from gametheory.exceptions import InvalidGameError, UnsupportedGameError
from gametheory.solvers.enumpoly import conditionally_dominated, enumpoly_solve, support_profiles


# ---------------------------------------------------------------- helpers
def from_nfg_order(flat, shape):
    """A game from payoffs listed as in a Gambit .nfg file: pure profiles with the
    first player's strategy changing fastest, each profile's payoffs in player order."""
    n = len(shape)
    arr = np.array(flat, dtype=object).reshape(tuple(reversed(shape)) + (n,))
    arr = arr.transpose(tuple(reversed(range(n))) + (n,))
    return NormalFormGame(np.moveaxis(arr, -1, 0).astype(np.int64))


def brute_regret(game, probs):
    """Max regret by explicit summation over pure profiles (independent of the library)."""
    n = game.n_players
    P = game.exact_payoffs() if all(isinstance(x, F) for p in probs for x in p) else game.float_payoffs()
    worst = 0
    for i in range(n):
        vals = []
        for s in range(game.shape[i]):
            total = 0
            for prof in itertools.product(*(range(m) for m in game.shape)):
                if prof[i] != s:
                    continue
                w = 1
                for j in range(n):
                    if j != i:
                        w = w * probs[j][prof[j]]
                total = total + w * P[(i,) + prof]
            vals.append(total)
        mine = sum(p * v for p, v in zip(probs[i], vals))
        worst = max(worst, max(vals) - mine)
    return worst


def as_sets(result, digits=9):
    return {tuple(tuple(round(float(x), digits) for x in p) for p in e.probabilities) for e in result}


# Nau, Gomez Canovas & Hansen, "On the geometry of Nash equilibria and correlated
# equilibria", International Journal of Game Theory 32 (2004), sections 4-6
# (payoffs as in Gambit's catalog, .nfg order).
NAU_SEC4 = from_nfg_order([3, 0, 2, 0, 1, 0, 0, 2, 0, 1, 0, 0, 1, 0, 0, 0, 3, 0, 0, 1, 0, 2, 0, 3], (2, 2, 2))
NAU_SEC5 = from_nfg_order([0, 0, 2, 3, 0, 0, 0, 3, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3], (2, 2, 2))
NAU_SEC6 = from_nfg_order([2, 0, 0, 0, 2, 1, 0, 1, 1, 1, 0, 2, 1, 0, 2, 0, 1, 1, 0, 2, 1, 2, 0, 0,
                           1, 0, 1, 0, 2, 0, 0, 1, 2, 2, 0, 1, 2, 0, 1, 0, 1, 2, 0, 2, 0, 1, 0, 1], (2, 2, 4))


def jordan_game():
    """Jordan's three-player matching pennies (Jordan, "Three problems in learning
    mixed-strategy Nash equilibria", GEB 5, 1993): player 1 wants to match player 2,
    player 2 to match player 3, player 3 to mismatch player 1.  Its unique Nash
    equilibrium has everyone mixing 1/2-1/2."""
    P = np.zeros((3, 2, 2, 2), dtype=np.int64)
    for a, b, c in itertools.product(range(2), repeat=3):
        P[0, a, b, c] = 1 if a == b else -1
        P[1, a, b, c] = 1 if b == c else -1
        P[2, a, b, c] = 1 if c != a else -1
    return NormalFormGame(P, ["Ann", "Bob", "Cy"], [["H", "T"]] * 3)


def sqrt_half_game():
    """A 2x2x2 game built so that its completely mixed equilibrium is irrational.

    With p, q, r the probabilities of strategy 1: player 1 gets 1 from strategy 1 only
    when both others play 1, and 1/2 from strategy 2 (indifferent iff q r = 1/2);
    player 2 gets [player 1 plays 1] from strategy 1 and [player 3 plays 1] from 2
    (indifferent iff p = r); player 3 gets [1 plays 1] from 1 and [2 plays 1] from 2
    (indifferent iff p = q).  So p = q = r = 1/sqrt(2).
    """
    P = np.empty((3, 2, 2, 2), dtype=object)
    for a, b, c in itertools.product(range(2), repeat=3):
        P[0, a, b, c] = F(1) if (a == 0 and b == 0 and c == 0) else (F(1, 2) if a == 1 else F(0))
        P[1, a, b, c] = F(int(a == 0)) if b == 0 else F(int(c == 0))
        P[2, a, b, c] = F(int(a == 0)) if c == 0 else F(int(b == 0))
    return NormalFormGame(P)


# ---------------------------------------------------------------- textbook games
def test_jordan_unique_mixed_equilibrium_exact():
    res = enumpoly_solve(jordan_game())
    assert res.exact and res.complete
    assert len(res) == 1
    half = (F(1, 2), F(1, 2))
    assert tuple(tuple(p) for p in res[0].probabilities) == (half, half, half)
    assert brute_regret(jordan_game(), res[0].probabilities) == 0
    assert res[0]["Ann", "H"] == F(1, 2)


def test_nau_sec4_unique_irrational_equilibrium():
    # Nau et al. (2004), section 4: a unique Nash equilibrium, in irrational strategies.
    res = enumpoly_solve(NAU_SEC4)
    assert len(res) == 1
    assert not res.exact                       # irrational: floats, and the record says so
    assert any("irrational" in w for w in res.warnings)
    eq = res[0]
    assert all(len(s) == 2 for s in eq.supports())   # completely mixed
    assert brute_regret(NAU_SEC4, [np.asarray(p, float) for p in eq.probabilities]) <= 1e-9
    # An irrational point is not a fraction with a small denominator.
    p = float(eq.probabilities[0][0])
    assert abs(F(p).limit_denominator(1000) - F(p)) > 1e-9


def test_nau_sec5_pure_and_partially_mixed():
    # Nau et al. (2004), section 5: 3 pure, 2 incompletely mixed equilibria and a
    # continuum of completely mixed ones (not isolated: reported in a warning).
    res = enumpoly_solve(NAU_SEC5)
    assert res.exact and not res.complete
    pure = [e for e in res if e.is_pure()]
    partial = [e for e in res if not e.is_pure()]
    assert len(pure) == 3 and len(partial) == 2
    assert all(any(len(s) == 1 for s in e.supports()) for e in partial)
    assert {tuple(e.supports()) for e in pure} == {((0,), (1,), (0,)), ((1,), (0,), (0,)), ((1,), (1,), (1,))}
    for e in res:
        assert e.max_regret() == 0
        assert brute_regret(NAU_SEC5, e.probabilities) == 0
    assert any("positive-dimensional" in w for w in res.warnings)


def test_nau_sec6_segment_endpoints():
    # Nau et al. (2004), section 6: the Nash equilibria form a line segment; its
    # endpoints are extreme points that enumpoly lists (exactly).
    res = enumpoly_solve(NAU_SEC6)
    assert res.exact
    h = F(1, 2)
    assert as_sets(res) == {((0.5, 0.5), (0.5, 0.5), (0.5, 0.5, 0.0, 0.0)),
                            ((0.5, 0.5), (0.5, 0.5), (0.0, 0.0, 0.5, 0.5))}
    assert res[0].probabilities[0][0] == h
    assert not res.complete


def test_constructed_irrational_equilibrium():
    g = sqrt_half_game()
    res = enumpoly_solve(g)
    mixed = [e for e in res if all(len(s) == 2 for s in e.supports())]
    assert len(mixed) == 1
    r = 1 / math.sqrt(2)
    assert np.allclose([float(p[0]) for p in mixed[0].probabilities], [r, r, r], atol=1e-12)
    assert not res.exact
    for e in res:
        assert brute_regret(g, [np.asarray(p, float) for p in e.probabilities]) <= 1e-9


def test_pure_only_game_prisoners_dilemma_three_players():
    # Three-player prisoner's dilemma (public goods with multiplier 1.5 < 3, so
    # contributing is strictly dominated): the unique equilibrium is all defect.
    P = np.zeros((3, 2, 2, 2), dtype=object)
    for prof in itertools.product(range(2), repeat=3):     # 0 = contribute, 1 = defect
        pot = F(3, 2) * sum(1 for s in prof if s == 0)
        for i in range(3):
            P[(i,) + prof] = pot / 3 + (1 if prof[i] == 1 else 0)
    g = NormalFormGame(P)
    res = enumpoly_solve(g)
    assert res.complete and res.exact and len(res) == 1
    assert res[0].supports() == ((1,), (1,), (1,))
    # Every other support profile was pruned by conditional dominance.
    assert res.details["pruned"] == res.details["support_profiles"] - 1


def test_three_player_coordination_pure_and_mixed():
    # Pure coordination: everyone gets 1 if all choose the same, else 0.  Pure
    # equilibria: the two unanimous profiles; in a split profile the lone player
    # gains by joining the other two.
    P = np.zeros((3, 2, 2, 2), dtype=np.int64)
    for prof in itertools.product(range(2), repeat=3):
        P[(slice(None),) + prof] = int(len(set(prof)) == 1)
    g = NormalFormGame(P)
    res = enumpoly_solve(g)
    assert res.exact
    pure = {e.supports() for e in res if e.is_pure()}
    assert ((0,), (0,), (0,)) in pure and ((1,), (1,), (1,)) in pure
    for e in res:
        assert brute_regret(g, e.probabilities) == 0


# von Stengel (2007), "Equilibrium computation for two-player games", Figure 3.3
# example (a nondegenerate 3x2 game with three equilibria).
VS_A = np.array([[3, 3], [2, 5], [0, 6]])
VS_B = np.array([[3, 2], [2, 6], [3, 1]])


def test_two_player_textbook_equilibria():
    res = enumpoly_solve(NormalFormGame.from_arrays(VS_A, VS_B))
    assert res.exact and res.complete and len(res) == 3
    ours = {tuple(tuple(p) for p in e.probabilities) for e in res}
    assert ours == {((F(1), F(0), F(0)), (F(1), F(0))),
                    ((F(4, 5), F(1, 5), F(0)), (F(2, 3), F(1, 3))),
                    ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))}


@pytest.mark.crosscheck
def test_two_player_agrees_exactly_with_enummixed_of_pygambit():
    import pygambit as gbt
    res = enumpoly_solve(NormalFormGame.from_arrays(VS_A, VS_B))
    ours = {tuple(tuple(p) for p in e.probabilities) for e in res}
    gg = gbt.Game.from_arrays(VS_A, VS_B)
    theirs = {tuple(tuple(F(str(e[s])) for s in pl.strategies) for pl in gg.players)
              for e in gbt.nash.enummixed_solve(gg, rational=True).equilibria}
    assert ours == theirs


@pytest.mark.crosscheck
@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 4), st.integers(2, 4))
def test_two_player_random_contains_enummixed(seed, m, n):
    import pygambit as gbt
    rng = np.random.default_rng(seed)
    A = rng.integers(-2, 3, size=(m, n))      # small range: many degenerate games
    B = rng.integers(-2, 3, size=(m, n))
    res = enumpoly_solve(NormalFormGame.from_arrays(A, B))
    ours = {tuple(tuple(p) for p in e.probabilities) for e in res}
    gg = gbt.Game.from_arrays(A, B)
    theirs = {tuple(tuple(F(str(e[s])) for s in pl.strategies) for pl in gg.players)
              for e in gbt.nash.enummixed_solve(gg, rational=True).equilibria}
    assert theirs <= ours          # every extreme equilibrium, degenerate games included
    for e in res:
        assert e.max_regret() == 0


# ---------------------------------------------------------------- random n-player games
def random_game_verified(seed, shape):
    """A seeded random game, our enumpoly answer, each equilibrium checked by brute force."""
    rng = np.random.default_rng(seed)
    P = rng.integers(0, 50, size=(len(shape),) + shape)
    g = NormalFormGame(P)
    res = enumpoly_solve(g)
    assert len(res) >= 1
    for e in res:
        if e.exact:
            assert brute_regret(g, e.probabilities) == 0
        else:
            assert brute_regret(g, [np.asarray(p, float) for p in e.probabilities]) <= 1e-9
    return P, res


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([(2, 2, 2), (2, 2, 3), (2, 3, 2), (2, 2, 2, 2)]))
def test_random_games_verified(seed, shape):
    random_game_verified(seed, shape)


@pytest.mark.crosscheck
@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([(2, 2, 2), (2, 2, 3), (2, 3, 2), (2, 2, 2, 2)]))
def test_random_games_verified_and_cover_pygambit(seed, shape):
    import pygambit as gbt
    P, res = random_game_verified(seed, shape)
    gg = gbt.Game.from_arrays(*[P[i] for i in range(len(shape))])
    theirs = gbt.nash.enumpoly_solve(gg).equilibria
    ours = [np.concatenate([np.asarray(p, float) for p in e.probabilities]) for e in res]
    for eq in theirs:
        if float(eq.max_regret()) > 1e-6:
            continue                     # pygambit's own answer is not an equilibrium
        v = np.array([float(eq[s]) for s in gg.strategies])
        assert any(np.allclose(v, o, atol=1e-5) for o in ours), f"pygambit found {v} that we missed"


def random_3x3x3_game_verified():
    # A seeded generic 3x3x3 game; each of our equilibria is checked by brute force.
    rng = np.random.default_rng(2)
    P = rng.integers(0, 100, size=(3, 3, 3, 3))
    g = NormalFormGame(P)
    res = enumpoly_solve(g)
    assert res.complete
    for e in res:
        probs = e.probabilities if e.exact else [np.asarray(p, float) for p in e.probabilities]
        assert brute_regret(g, probs) <= (0 if e.exact else 1e-9)
    return P, res


def test_random_3x3x3_game_verified():
    random_3x3x3_game_verified()


@pytest.mark.crosscheck
def test_random_3x3x3_game_pygambit_misses_none_of_ours():
    # We find every equilibrium pygambit finds (tests/test_reference.py does the same
    # against stored pygambit answers on other seeded games).
    import pygambit as gbt
    P, res = random_3x3x3_game_verified()
    gg = gbt.Game.from_arrays(*[P[i] for i in range(3)])
    ours = [np.concatenate([np.asarray(p, float) for p in e.probabilities]) for e in res]
    for eq in gbt.nash.enumpoly_solve(gg).equilibria:
        v = np.array([float(eq[s]) for s in gg.strategies])
        assert any(np.allclose(v, o, atol=1e-5) for o in ours)


# ---------------------------------------------------------------- options, errors, plumbing
def test_float_mode_returns_floats():
    res = enumpoly_solve(jordan_game(), exact=False)
    assert not res.exact and not res[0].exact
    assert np.allclose(np.asarray(res[0].probabilities[0], float), [0.5, 0.5])


def test_registry_dispatch_and_auto():
    res = solve(jordan_game(), "enumpoly")
    assert res.method == "enumpoly" and len(res) == 1
    assert solve(jordan_game()).method == "enumpoly"     # auto: a small n-player game


def test_max_support_and_stop_after_make_result_incomplete():
    res = enumpoly_solve(NAU_SEC5, max_support=1)
    assert not res.complete and all(e.is_pure() for e in res) and len(res) == 3
    res = enumpoly_solve(NAU_SEC5, stop_after=1)
    assert len(res) == 1 and not res.complete


def test_support_order_by_size_then_balance():
    sups = list(support_profiles((2, 2, 2)))
    assert len(sups) == 27
    sizes = [sum(len(s) for s in sup) for sup in sups]
    assert sizes == sorted(sizes)
    assert sups[0] == ((0,), (0,), (0,))


def test_conditional_dominance_pruning():
    P = np.array([[[3, 0], [2, 1]], [[1, 0], [0, 1]]], dtype=float)   # 2 players, row 0 vs 1
    # Against column 0 only, row 1 (payoff 2) is beaten by row 0 (payoff 3).
    assert conditionally_dominated(P, ((1,), (0,)))
    assert not conditionally_dominated(P, ((0, 1), (0, 1)))


def test_errors():
    with pytest.raises(UnsupportedGameError, match="unknown option"):
        enumpoly_solve(jordan_game(), bogus=1)
    with pytest.raises(InvalidGameError, match="max_support"):
        enumpoly_solve(jordan_game(), max_support=0)
    import sympy
    a = sympy.Symbol("a")
    g = NormalFormGame(np.array([[[a, 0], [0, 1]], [[1, 0], [0, 1]]], dtype=object))
    with pytest.raises(UnsupportedGameError, match="symbolic"):
        enumpoly_solve(g)
    with pytest.raises(UnsupportedGameError, match="NormalFormGame"):
        enumpoly_solve([[1, 2], [3, 4]])
