"""Tests for gametheory.solvers.qre: the logit QRE path and its Nash limit."""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame, solve
from gametheory.exceptions import InvalidGameError, UnsupportedGameError
from gametheory.solvers.qre import qre_at, qre_solve


def logit_response(game, probs, lam):
    """The logit response to ``probs``, computed by explicit summation (independent code)."""
    P = game.float_payoffs()
    n = game.n_players
    out = []
    for i in range(n):
        vals = np.zeros(game.shape[i])
        for prof in itertools.product(*(range(m) for m in game.shape)):
            w = 1.0
            for j in range(n):
                if j != i:
                    w *= probs[j][prof[j]]
            vals[prof[i]] += w * P[(i,) + prof]
        e = np.exp(lam * (vals - vals.max()))
        out.append(e / e.sum())
    return out


def jordan_game():
    """Jordan's three-player matching pennies (Jordan, GEB 5, 1993): unique
    equilibrium, everyone mixes 1/2-1/2."""
    P = np.zeros((3, 2, 2, 2), dtype=np.int64)
    for a, b, c in itertools.product(range(2), repeat=3):
        P[0, a, b, c] = 1 if a == b else -1
        P[1, a, b, c] = 1 if b == c else -1
        P[2, a, b, c] = 1 if c != a else -1
    return NormalFormGame(P)


def random_game(seed, shape):
    rng = np.random.default_rng(seed)
    return NormalFormGame(rng.normal(size=(len(shape),) + tuple(shape)))


# ---------------------------------------------------------------- the path
def test_path_starts_uniform_and_satisfies_qre_equations():
    g = random_game(3, (3, 2, 2))
    res = qre_solve(g)
    path = res.details["path"]
    lam0, prof0 = path[0]
    assert lam0 == 0.0
    assert [np.allclose(p, 1.0 / len(p)) for p in prof0] == [True] * 3
    lams = [lam for lam, _ in path]
    assert lams[-1] > 1.0
    for lam, prof in path[:: max(1, len(path) // 15)] + [path[-1]]:
        probs = [np.asarray(p) for p in prof]
        resp = logit_response(g, probs, lam)
        assert max(float(np.abs(a - b).max()) for a, b in zip(probs, resp)) < 1e-8


def test_qre_at_zero_is_uniform_and_at_lambda_is_fixed_point():
    g = random_game(5, (3, 3, 2))
    u = qre_at(g, 0)
    assert all(np.array_equal(np.asarray(p, float), np.full(len(p), 1.0 / len(p))) for p in u.probabilities)
    for lam in (0.5, 3.0, 12.0):
        q = qre_at(g, lam)
        probs = [np.asarray(p, float) for p in q.probabilities]
        resp = logit_response(g, probs, lam)
        assert max(float(np.abs(a - b).max()) for a, b in zip(probs, resp)) < 1e-9


def test_qre_at_rejects_bad_lambda():
    with pytest.raises(InvalidGameError, match="lambda"):
        qre_at(jordan_game(), -1)
    with pytest.raises(InvalidGameError, match="lambda"):
        qre_at(jordan_game(), float("nan"))


# ---------------------------------------------------------------- limits with known answers
def test_asymmetric_matching_pennies_limit_exact():
    # The asymmetric matching pennies of McKelvey & Palfrey (1995, section 4; also
    # Goeree & Holt 2001): unique Nash equilibrium p = 1/2, q = 1/10, which the logit
    # path must reach; in exact mode it is rebuilt in Fractions.
    g = NormalFormGame.from_arrays(np.array([[9, 0], [0, 1]]), np.array([[0, 1], [1, 0]]))
    res = qre_solve(g, exact=True)
    assert res.exact
    assert tuple(tuple(p) for p in res[0].probabilities) == ((F(1, 2), F(1, 2)), (F(1, 10), F(9, 10)))
    # Along the path the row player's QRE mix favours the 9-payoff row (McKelvey &
    # Palfrey's observation that QRE, unlike Nash, reacts to own payoffs).
    mid = [prof for lam, prof in res.details["path"] if 0.5 < lam < 5]
    assert mid and all(prof[0][0] > 0.5 for prof in mid)


def test_stag_hunt_selects_risk_dominant_equilibrium():
    # Stag hunt (Harsanyi & Selten 1988): (hare, hare) risk-dominates (stag, stag);
    # the logit path of a symmetric 2x2 coordination game converges to the
    # risk-dominant equilibrium (McKelvey & Palfrey 1995; Turocy 2005).
    A = np.array([[4, 0], [3, 3]])
    g = NormalFormGame.from_arrays(A, A.T, strategies=[["stag", "hare"], ["stag", "hare"]])
    res = qre_solve(g, exact=True)
    assert res.exact
    assert res[0]["Player 1", "hare"] == 1 and res[0]["Player 2", "hare"] == 1


def test_jordan_limit_is_the_unique_equilibrium():
    res = qre_solve(jordan_game(), exact=True)
    assert res.exact and res[0].max_regret() == 0
    assert all(list(p) == [F(1, 2), F(1, 2)] for p in res[0].probabilities)


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([(2, 2), (3, 3), (2, 2, 2), (3, 2, 2)]))
def test_limit_verified(seed, shape):
    eq = qre_solve(random_game(seed, shape))[0]
    assert float(eq.max_regret()) <= 1e-9


@pytest.mark.crosscheck
@settings(max_examples=8, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([(2, 2), (3, 3), (2, 2, 2), (3, 2, 2)]))
def test_limit_verified_and_matches_pygambit_logit(seed, shape):
    g = random_game(seed, shape)
    res = qre_solve(g)
    eq = res[0]
    assert float(eq.max_regret()) <= 1e-9
    import pygambit as gbt
    P = g.float_payoffs()
    gg = gbt.Game.from_arrays(*[P[i] for i in range(len(shape))])
    theirs = gbt.nash.logit_solve(gg).equilibria[0]
    v = np.array([float(theirs[s]) for s in gg.strategies])
    ours = np.concatenate([np.asarray(p, float) for p in eq.probabilities])
    assert np.allclose(v, ours, atol=1e-4)


def test_four_player_game_traced_quickly():
    g = random_game(1, (4, 4, 4, 4))
    res = qre_solve(g)
    assert float(res[0].max_regret()) <= 1e-9
    assert res.details["steps"] < 2000


def test_registry_and_options():
    res = solve(jordan_game(), "qre")
    assert res.method == "qre" and len(res) == 1 and not res.complete
    with pytest.raises(UnsupportedGameError, match="unknown option"):
        qre_solve(jordan_game(), bogus=2)
    with pytest.raises(InvalidGameError, match="lambda_max"):
        qre_solve(jordan_game(), lambda_max=-1)


def test_branch_with_turning_point_reaches_the_equilibrium():
    # A seeded 2x2x2 game whose principal branch nearly reaches a non-equilibrium
    # profile near lambda ~ 900, turns back to lambda ~ 6 and only then climbs to the
    # unique equilibrium (1, 0), (1, 0), (0, 1): a regression test for step control
    # (large steps used to jump to another branch there).
    g = random_game(3200, (2, 2, 2))
    res = qre_solve(g)
    assert [list(map(float, p)) for p in res[0].probabilities] == [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]
    lams = [lam for lam, _ in res.details["path"]]
    first_high = next(k for k, lam in enumerate(lams) if lam > 500)
    assert min(lams[first_high:]) < 50          # the turn back was followed
    assert min(lams) >= 0


# A degenerate 2x2 (issue 16): the column player's second strategy is weakly
# dominated (col1 - col2 = 3p, p = P(row 1)), and the equilibria form the
# continuum {row 2} x {q >= 2/3} (q = P(col 1); row 1 - row 2 = 2 - 3q).
DEGENERATE_A = [[-5, 0], [-4, -2]]
DEGENERATE_B = [[2, -1], [-3, -3]]


def degenerate_branch(lam):
    """The logit QRE (p, q) at ``lam`` by a literal fixed-point solve, independent of
    the solver: q = logistic(3 lam p) and p = logistic(lam (2 - 3 q)); the map
    p -> p - logistic(lam (2 - 3 q(p))) is increasing, so bisection finds its unique
    zero (the QRE is unique at every lambda, hence it is the principal branch)."""
    def logistic(x):
        return 1.0 / (1.0 + np.exp(-x)) if x >= 0 else np.exp(x) / (1.0 + np.exp(x))
    lo, hi = 0.0, 1.0
    for _ in range(200):
        p = (lo + hi) / 2
        q = logistic(3 * lam * p)
        if p - logistic(lam * (2 - 3 * q)) > 0:
            hi = p
        else:
            lo = p
    return p, logistic(3 * lam * p)


def test_degenerate_2x2_returns_the_limit_of_the_principal_branch():
    # By hand: along the branch q stays above 2/3 (3 lam p = log(q / (1 - q)) and
    # p = logistic(lam (2 - 3q)) < 1/2 force 2 - 3q < 0 for large lam), and
    # q -> 2/3 because p ~ log 2 / (3 lam): the limit is (row 2; 2/3 col 1, 1/3 col 2),
    # the end of the continuum.  The fixed-point solve confirms the trend.
    qs = [degenerate_branch(lam)[1] for lam in (1e2, 1e4, 1e6)]
    assert qs[0] > qs[1] > qs[2] > 2 / 3 and qs[2] - 2 / 3 < 1e-4
    game = NormalFormGame.from_arrays(DEGENERATE_A, DEGENERATE_B)
    exact = solve(game, "qre", exact=True)
    assert [list(p) for p in exact[0].probabilities] == [[0, 1], [F(2, 3), F(1, 3)]]
    assert exact.details["degenerate"] and any("degenerate" in w for w in exact.warnings)
    flo = solve(game, "qre", exact=False)
    assert np.allclose(np.concatenate([np.asarray(p, float) for p in flo[0].probabilities]),
                       [0, 1, 2 / 3, 1 / 3], atol=1e-9)
    assert flo.details["degenerate"]


@pytest.mark.parametrize("k", [-9, 6])
def test_degenerate_2x2_scaled_gives_the_same_limit(k):
    # Every payoff scaled by 10^k and shifted by 3 (one affine map for the whole game).
    f = F(10) ** k
    game = NormalFormGame.from_arrays([[v * f + 3 for v in r] for r in DEGENERATE_A],
                                      [[v * f + 3 for v in r] for r in DEGENERATE_B])
    res = solve(game, "qre", exact=False)
    assert np.allclose(np.concatenate([np.asarray(p, float) for p in res[0].probabilities]),
                       [0, 1, 2 / 3, 1 / 3], atol=1e-9)
    assert res.details["degenerate"]


def test_nondegenerate_game_is_not_flagged():
    res = solve(jordan_game(), "qre")
    assert res.details["degenerate"] is False and not res.warnings


def test_exact_default_is_the_games_kind():
    # issue 12: exact=None (the default) means exact for an exact game, float for a
    # float one, when the solvers are called directly as well as through solve().
    from gametheory.solvers.simpdiv import simpdiv_solve
    exact_game = NormalFormGame.from_arrays([[3, 0], [0, 1]], [[1, 0], [0, 3]])
    float_game = NormalFormGame.from_arrays(np.array([[3.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 3.0]]))
    assert exact_game.kind == "exact" and float_game.kind == "float"
    for fn in (qre_solve, simpdiv_solve):
        assert fn(exact_game).exact and not fn(float_game).exact


def test_branch_ending_inside_a_continuum_is_approximated_and_flagged():
    # A = [[-1, 2], [1, 2], [2, 2]], B = [[2, -2], [-2, 0], [2, 2]]: against column 2
    # every row pays 2, so (any row mix, column 2) is an equilibrium whenever column 2
    # is a best response, 4 p1 <= 2 p2.  By hand, on the logit branch q = P(col 1) -> 0
    # with lam q -> c, so p1 : p2 : p3 -> e^{-3c} : e^{-c} : 1 (row payoffs 2 - 3q,
    # 2 - q, 2), and q ~ exp(lam (4 p1 - 2 p2)) with lam q -> c forces 4 p1 = 2 p2 in
    # the limit: e^{-2c} = 1/2, so p -> (2^{-3/2}, 2^{-1/2}, 1) / (1 + 2^{-1/2} + 2^{-3/2}),
    # inside the continuum, where no support system fixes it.
    game = NormalFormGame.from_arrays([[-1, 2], [1, 2], [2, 2]], [[2, -2], [-2, 0], [2, 2]])
    res = solve(game, "qre", exact=False)
    w = np.array([2 ** -1.5, 2 ** -0.5, 1.0])
    assert np.allclose(np.asarray(res[0].probabilities[0], float), w / w.sum(), atol=5e-4)
    assert np.allclose(np.asarray(res[0].probabilities[1], float), [0, 1], atol=1e-9)
    assert res.details["degenerate"] and any("approximation of the limit" in x for x in res.warnings)
