"""The routes inside enummixed's floating-point path, each forced and checked against the exact one.

The float path hulls one best-response polytope with qhull and completes each of
its vertices; vertices that floating point cannot settle (degenerate vertices,
singular or ill-conditioned support systems, ties) are completed in exact
arithmetic on a face of the other polytope.  Every route must give exactly the
equilibria and maximal Nash subsets of the exact lexicographic enumeration
(von Stengel 2007, sec. 3.5; Avis, Rosenberg, Savani & von Stengel 2010).
"""
from __future__ import annotations

import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory.solvers.enummixed as em
from gametheory import NormalFormGame
from gametheory.exceptions import DegenerateGameWarning, SolverError
from gametheory.solvers._exact import solve_square, solve_square_integer
from gametheory.solvers.result import verify_bimatrix_float

# A 4 x 5 game whose support system for x = (0, 1/4, 1/2, 1/4) is singular (a face of
# Q with two vertices): floating point alone once ruled that x out and missed two
# equilibria.
SINGULAR_A = [[2, 2, 2, 1, 1], [1, 1, 1, 3, 0], [3, 1, 1, 2, 1], [3, 1, 2, 0, 3]]
SINGULAR_B = [[0, 0, 1, 2, 0], [3, 0, 0, 1, 3], [0, 3, 0, 2, 2], [0, 2, 0, 3, 1]]


def solve(game, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return em.enummixed_solve(game, **kw)


def eq_set(result):
    """The equilibria as a set: exact Fractions, or floats rounded to 9 decimals."""
    return eq_set_of(result, result.exact)


def components(result):
    """The maximal Nash subsets, each as the set of its extreme equilibria (order-free)."""
    keys = [next(iter(eq_set_of([e], result.exact))) for e in result]
    return {frozenset(keys[k] for k in c.extreme) for c in result.components}


def eq_set_of(equilibria, exact):
    if exact:
        return {tuple(tuple(p) for p in e.probabilities) for e in equilibria}
    return {tuple(tuple(np.round(np.asarray(p, dtype=float), 9) + 0.0) for p in e.probabilities)
            for e in equilibria}


def same_answer(r1, r2):
    assert eq_set(r1) == eq_set(r2)
    assert components(r1) == components(r2)


@pytest.fixture
def spies(monkeypatch):
    calls = {"face": 0, "two_sided": 0}
    face, two = em._face_partners, em._two_sided

    def spy_face(*a, **k):
        calls["face"] += 1
        return face(*a, **k)

    def spy_two(*a, **k):
        calls["two_sided"] += 1
        return two(*a, **k)

    monkeypatch.setattr(em, "_face_partners", spy_face)
    monkeypatch.setattr(em, "_two_sided", spy_two)
    return calls


def test_singular_support_system_completed_exactly_with_one_hull(spies):
    g = NormalFormGame.from_arrays(np.array(SINGULAR_A), np.array(SINGULAR_B))
    for exact in (True, False):
        r = solve(g, path="float", exact=exact)
        assert r.details["vertex_enumeration"] == "float"
        same_answer(r, solve(g, path="exact", exact=exact))
    assert spies["face"] > 0 and spies["two_sided"] == 0
    r = solve(g, path="float")
    x = (F(0), F(1, 4), F(1, 2), F(1, 4))
    assert {(x, (F(0), F(1, 3), F(0), F(1, 3), F(1, 3))),
            (x, (F(0), F(0), F(0), F(1, 2), F(1, 2)))} <= eq_set(r)
    # The two share x: a segment of equilibria, one maximal Nash subset.
    assert any(len(c.extreme) == 2 for c in r.components)


def test_degenerate_vertex_of_the_hulled_polytope(spies):
    # von Stengel (2007), sec. 3.5: the 3x2 example with B's first row (3, 3) is
    # degenerate; the pure top row has two best responses, and its partners form a
    # segment of equilibria (y's Left probability from 2/3 to 1).
    A = np.array([[3, 3], [2, 5], [0, 6]])
    B = np.array([[3, 3], [2, 6], [3, 1]])
    g = NormalFormGame.from_arrays(A, B)
    r = solve(g, path="float")
    same_answer(r, solve(g, path="exact"))
    assert r.details["degenerate"]
    assert spies["face"] > 0 and spies["two_sided"] == 0
    top = (F(1), F(0), F(0))
    assert {(top, (F(1), F(0))), (top, (F(2, 3), F(1, 3)))} <= eq_set(r)


def test_face_limit_falls_back_to_both_hulls(monkeypatch, spies):
    monkeypatch.setattr(em, "EXACT_SOLVE_BUDGET", 0)
    g = NormalFormGame.from_arrays(np.array(SINGULAR_A), np.array(SINGULAR_B))
    r = solve(g, path="float")
    assert spies["two_sided"] == 1
    same_answer(r, solve(g, path="exact"))


def test_qhull_without_scipy_internals_gives_the_same_hull(monkeypatch):
    from scipy.spatial import ConvexHull, _qhull
    rng = np.random.default_rng(3)
    A, B = rng.integers(0, 50, (6, 6)), rng.integers(0, 50, (6, 6))
    g = NormalFormGame.from_arrays(A, B)
    fast = solve(g, path="float")
    pts = rng.random((12, 5))
    eq_fast, _ = em._hull_facets(pts)
    monkeypatch.delattr(_qhull, "_Qhull")
    eq_slow, _ = em._hull_facets(pts)
    reference = ConvexHull(pts, qhull_options=em.QHULL_OPTIONS).equations
    key = lambda eq: sorted(map(tuple, np.round(eq, 9)))  # noqa: E731
    assert key(eq_fast) == key(eq_slow) == key(reference)
    slow = solve(g, path="float")
    assert slow.details["vertex_enumeration"] == "float"
    same_answer(fast, slow)


def test_float_candidate_failing_verification_is_recomputed_exactly(monkeypatch):
    g = NormalFormGame.from_arrays(np.array([[3, 0], [0, 2], [1, 1]]), np.array([[2, 0], [0, 3], [1, 1]]))
    reference = solve(g, path="exact", exact=False)
    real = em._float_path

    def corrupt(game, exact):
        pairs, xs, ys, deg = real(game, exact)
        xs = np.array(xs, dtype=float)
        xs[0] = xs[0][::-1] + 0.3          # no longer a best response to its partner
        return pairs, xs, ys, deg

    monkeypatch.setattr(em, "_float_path", corrupt)
    r = solve(g, path="float", exact=False)
    assert r.details["vertex_enumeration"] == "exact" and "failed verification" in r.details["fallback_reason"]
    assert eq_set(r) == eq_set(reference)


degenerate_games = st.tuples(st.integers(2, 6), st.integers(2, 6), st.integers(1, 3),
                             st.integers(0, 2 ** 32))


@settings(max_examples=120, deadline=None)
@given(degenerate_games)
def test_float_route_equals_exact_enumeration_on_games_with_ties(params):
    m, n, top, seed = params
    rng = np.random.default_rng(seed)
    g = NormalFormGame.from_arrays(rng.integers(0, top + 1, (m, n)), rng.integers(0, top + 1, (m, n)))
    exact = solve(g, path="exact")
    same_answer(solve(g, path="float"), exact)
    same_answer(solve(g, path="float", exact=False), solve(g, path="exact", exact=False))


@pytest.mark.crosscheck
@settings(max_examples=40, deadline=None)
@given(degenerate_games)
def test_float_route_agrees_with_pygambit(params):
    import pygambit as gbt
    m, n, top, seed = params
    rng = np.random.default_rng(seed)
    A, B = rng.integers(0, top + 1, (m, n)), rng.integers(0, top + 1, (m, n))
    r = solve(NormalFormGame.from_arrays(A, B), path="float")
    gg = gbt.Game.from_arrays(A.tolist(), B.tolist())
    theirs = {tuple(tuple(F(str(eq[p][s])) for s in p.strategies) for p in gg.players)
              for eq in gbt.nash.enummixed_solve(gg, rational=True).equilibria}
    assert eq_set(r) == theirs


# ---------------------------------------------------------------------- exact linear algebra
def fraction_solve(M, b):
    """Gauss-Jordan elimination in Fractions: an independent reference."""
    n = len(M)
    T = [[F(v) for v in row] + [F(c)] for row, c in zip(M, b)]
    for c in range(n):
        p = next((r for r in range(c, n) if T[r][c] != 0), None)
        if p is None:
            return None
        T[c], T[p] = T[p], T[c]
        T[c] = [v / T[c][c] for v in T[c]]
        for r in range(n):
            if r != c and T[r][c] != 0:
                f = T[r][c]
                T[r] = [v - f * w for v, w in zip(T[r], T[c])]
    return [row[n] for row in T]


square_systems = st.integers(1, 6).flatmap(lambda k: st.tuples(
    st.lists(st.lists(st.integers(-4, 4), min_size=k, max_size=k), min_size=k, max_size=k),
    st.lists(st.integers(-4, 4), min_size=k, max_size=k)))


@settings(max_examples=300, deadline=None)
@given(square_systems)
def test_integer_solver_matches_fraction_elimination(system):
    M, b = system
    expected = fraction_solve(M, b)
    got = solve_square_integer(M, b)
    if expected is None:
        assert got is None and solve_square(M, b) is None
        return
    X, det = got
    assert det > 0
    assert [F(v, det) for v in X] == expected == solve_square(M, b)


def test_integer_solver_needs_row_exchanges_and_big_entries():
    M = [[0, 2 ** 70, 1], [3, 0, 0], [1, 1, 0]]
    b = [1, 2, 3]
    X, det = solve_square_integer(M, b)
    assert [F(v, det) for v in X] == fraction_solve(M, b)


# ---------------------------------------------------------------------- batched verification
def test_batched_float_verification():
    A = np.array([[2.0, 0.0], [0.0, 1.0]])
    B = np.array([[1.0, 0.0], [0.0, 2.0]])
    X = np.array([[1.0, 0.0], [2 / 3, 1 / 3]])
    Y = np.array([[1.0, 0.0], [1 / 3, 2 / 3]])
    regrets = verify_bimatrix_float(A, B, X, Y, 1e-9)
    assert np.all(regrets <= 1e-12)
    with pytest.raises(SolverError, match="regret"):
        verify_bimatrix_float(A, B, [[1.0, 0.0]], [[0.0, 1.0]], 1e-9)
    with pytest.raises(SolverError, match="distribution"):
        verify_bimatrix_float(A, B, [[0.7, 0.7]], [[0.5, 0.5]], 1e-9)
