"""Tests for gametheory.solvers.simpdiv: one verified equilibrium of n-player games."""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import MixedStrategyProfile, NormalFormGame, solve
from gametheory.exceptions import InvalidGameError, UnsupportedGameError
from gametheory.solvers.simpdiv import project_simplex, simpdiv_solve


def brute_regret(game, probs):
    """Max regret by explicit summation over pure profiles (independent of the library)."""
    n = game.n_players
    exact = all(isinstance(x, F) for p in probs for x in p)
    P = game.exact_payoffs() if exact else game.float_payoffs()
    worst = 0
    for i in range(n):
        vals = [0] * game.shape[i]
        for prof in itertools.product(*(range(m) for m in game.shape)):
            w = 1
            for j in range(n):
                if j != i:
                    w = w * probs[j][prof[j]]
            vals[prof[i]] = vals[prof[i]] + w * P[(i,) + prof]
        worst = max(worst, max(vals) - sum(p * v for p, v in zip(probs[i], vals)))
    return worst


def jordan_game():
    """Jordan's three-player matching pennies (GEB 5, 1993): unique equilibrium at 1/2."""
    P = np.zeros((3, 2, 2, 2), dtype=np.int64)
    for a, b, c in itertools.product(range(2), repeat=3):
        P[0, a, b, c] = 1 if a == b else -1
        P[1, a, b, c] = 1 if b == c else -1
        P[2, a, b, c] = 1 if c != a else -1
    return NormalFormGame(P)


def nau_sec4():
    """Nau, Gomez Canovas & Hansen (IJGT 32, 2004), section 4: a 2x2x2 game with a
    unique Nash equilibrium, in irrational strategies (.nfg payoff order)."""
    flat = [3, 0, 2, 0, 1, 0, 0, 2, 0, 1, 0, 0, 1, 0, 0, 0, 3, 0, 0, 1, 0, 2, 0, 3]
    arr = np.array(flat).reshape(2, 2, 2, 3).transpose(2, 1, 0, 3)
    return NormalFormGame(np.moveaxis(arr, -1, 0).astype(np.int64))


def test_projection_onto_simplex():
    assert np.allclose(project_simplex(np.array([0.2, 0.3, 0.5])), [0.2, 0.3, 0.5])
    assert np.allclose(project_simplex(np.array([2.0, 0.0])), [1.0, 0.0])
    assert np.allclose(project_simplex(np.array([1.0, 1.0, -5.0])), [0.5, 0.5, 0.0])


def test_jordan_exact():
    res = simpdiv_solve(jordan_game(), exact=True)
    assert res.exact and len(res) == 1
    assert all(list(p) == [F(1, 2), F(1, 2)] for p in res[0].probabilities)
    assert brute_regret(jordan_game(), res[0].probabilities) == 0


def test_irrational_equilibrium_agrees_with_enumpoly():
    g = nau_sec4()
    res = simpdiv_solve(g, exact=True)
    assert not res.exact and res.warnings            # irrational: floats, with a warning
    from gametheory.solvers.enumpoly import enumpoly_solve
    unique = enumpoly_solve(g)[0]
    assert np.allclose(np.concatenate([np.asarray(p, float) for p in res[0].probabilities]),
                       np.concatenate([np.asarray(p, float) for p in unique.probabilities]), atol=1e-9)


def test_asymmetric_matching_pennies_exact():
    # Unique equilibrium p = 1/2, q = 1/10 (McKelvey & Palfrey 1995).
    g = NormalFormGame.from_arrays(np.array([[9, 0], [0, 1]]), np.array([[0, 1], [1, 0]]))
    res = simpdiv_solve(g, exact=True)
    assert tuple(tuple(p) for p in res[0].probabilities) == ((F(1, 2), F(1, 2)), (F(1, 10), F(9, 10)))


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([(3, 3, 3), (2, 3, 4), (3, 3, 3, 3), (2, 2, 2, 2)]),
       st.booleans())
def test_random_games_verified(seed, shape, integer):
    rng = np.random.default_rng(seed)
    if integer:        # small integer payoffs: many degenerate games
        P = rng.integers(-3, 4, size=(len(shape),) + shape)
    else:
        P = rng.normal(size=(len(shape),) + shape)
    g = NormalFormGame(P)
    res = simpdiv_solve(g, exact=integer)
    eq = res[0]
    if res.exact:
        assert brute_regret(g, eq.probabilities) == 0
    else:
        assert brute_regret(g, [np.asarray(p, float) for p in eq.probabilities]) <= 1e-9


def test_four_players_five_strategies_modest_work():
    # Work, not time: the label path of one pass on a coarse grid, then polishing.
    # Bounds far above this seed's run (about 2,900 pivots and 1,200 payoff-map
    # evaluations measured) but tight enough to catch a path that wanders or a
    # refinement loop that restarts.
    rng = np.random.default_rng(7)
    g = NormalFormGame(rng.normal(size=(4, 5, 5, 5, 5)))
    res = simpdiv_solve(g)
    assert float(res[0].max_regret()) <= 1e-9
    assert res.details["pivots"] <= 20_000 and res.details["evaluations"] <= 10_000
    assert res.details["retries"] == 0


def test_degenerate_game_with_continuum_is_solved():
    # A 3x3 integer game with a continuum of equilibria (found by a random search):
    # the first pass cycles on ties, a perturbed restart must still find a verified
    # equilibrium.
    A = np.array([[-1, -3, 2], [3, 1, 0], [1, 3, 2]])
    B = np.array([[-2, 0, 3], [-1, -3, -2], [-3, -3, -2]])
    g = NormalFormGame.from_arrays(A, B)
    res = simpdiv_solve(g, exact=True)
    assert res.exact and res[0].max_regret() == 0


def test_start_profile_and_seed():
    g = jordan_game()
    start = MixedStrategyProfile(g, [[1, 0], [1, 0], [0, 1]])
    res = simpdiv_solve(g, start=start)
    assert float(res[0].max_regret()) <= 1e-9
    res2 = simpdiv_solve(g, start=[[0.2, 0.8], [0.5, 0.5], [0.9, 0.1]], seed=None)
    assert float(res2[0].max_regret()) <= 1e-9
    a = simpdiv_solve(g, seed=4)
    b = simpdiv_solve(g, seed=4)
    assert a.details["pivots"] == b.details["pivots"]     # deterministic for a seed


def test_registry_and_errors():
    res = solve(jordan_game(), "simpdiv")
    assert res.method == "simpdiv" and not res.complete
    with pytest.raises(InvalidGameError, match="start"):
        simpdiv_solve(jordan_game(), start=[[0.5, 0.5]])
    with pytest.raises(InvalidGameError, match="probability vector"):
        simpdiv_solve(jordan_game(), start=[[0.7, 0.7], [0.5, 0.5], [0.5, 0.5]])
    with pytest.raises(InvalidGameError, match="grid"):
        simpdiv_solve(jordan_game(), grid=0)
    with pytest.raises(UnsupportedGameError, match="unknown option"):
        simpdiv_solve(jordan_game(), leash=3)
