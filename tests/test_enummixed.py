"""Tests for gametheory.solvers.enummixed: reference games, degeneracy, components,
and cross-checks against pygambit and nashpy."""
from __future__ import annotations

import itertools
import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.exceptions import DegenerateGameWarning, InvalidGameError, UnsupportedGameError
from gametheory.solvers.enummixed import enummixed_solve, maximal_bicliques


def eq_set(result):
    return {tuple(tuple(p) for p in e.probabilities) for e in result}


def profile(x, y):
    return (tuple(F(v) for v in x), tuple(F(v) for v in y))


def solve_quiet(game, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return enummixed_solve(game, **kw)


def brute_regret(A, B, x, y):
    """Max regret computed independently with Python Fractions."""
    m, n = len(A), len(A[0])
    row_vals = [sum(F(A[i][j]) * y[j] for j in range(n)) for i in range(m)]
    col_vals = [sum(F(B[i][j]) * x[i] for i in range(m)) for j in range(n)]
    u1 = sum(x[i] * row_vals[i] for i in range(m))
    u2 = sum(y[j] * col_vals[j] for j in range(n))
    return max(max(row_vals) - u1, max(col_vals) - u2)


# ---------------------------------------------------------------------- reference games
def test_matching_pennies():
    # Osborne & Rubinstein (1994), A Course in Game Theory, ex. 17.1: unique mixed equilibrium.
    g = NormalFormGame.from_arrays(np.array([[1, -1], [-1, 1]]), np.array([[-1, 1], [1, -1]]))
    r = enummixed_solve(g)
    assert r.exact and r.complete and r.method == "enummixed"
    assert eq_set(r) == {profile([F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)])}
    assert r.warnings == ()


def test_battle_of_the_sexes():
    # Osborne & Rubinstein (1994), ex. 15.3: two pure equilibria and one mixed (2/3, 1/3), (1/3, 2/3).
    g = NormalFormGame.from_arrays(np.array([[2, 0], [0, 1]]), np.array([[1, 0], [0, 2]]))
    r = enummixed_solve(g)
    assert eq_set(r) == {profile([1, 0], [1, 0]), profile([0, 1], [0, 1]),
                         profile([F(2, 3), F(1, 3)], [F(1, 3), F(2, 3)])}
    assert [len(c.extreme) for c in r.components] == [1, 1, 1]


VS_A = np.array([[3, 3], [2, 5], [0, 6]])
VS_B = np.array([[3, 2], [2, 6], [3, 1]])


@pytest.mark.parametrize("path", ["auto", "exact", "float"])
def test_von_stengel_3x2_three_equilibria(path):
    # von Stengel (2007), AGT ch. 3, fig. 3.1/3.3: exactly three equilibria.
    g = NormalFormGame.from_arrays(VS_A, VS_B)
    r = enummixed_solve(g, path=path)
    assert eq_set(r) == {profile([1, 0, 0], [1, 0]),
                         profile([F(4, 5), F(1, 5), 0], [F(2, 3), F(1, 3)]),
                         profile([0, F(1, 3), F(2, 3)], [F(1, 3), F(2, 3)])}
    assert r.details["degenerate"] is False


def test_von_stengel_degenerate_continuum():
    # von Stengel (2007), sec. 3.5: the 3x2 example with B's first row (3, 3) is degenerate;
    # the top row is an equilibrium with every y giving Left probability >= 2/3.
    B = np.array([[3, 3], [2, 6], [3, 1]])
    g = NormalFormGame.from_arrays(VS_A, B)
    with pytest.warns(DegenerateGameWarning, match="degenerate"):
        r = enummixed_solve(g)
    assert eq_set(r) == {profile([1, 0, 0], [1, 0]),
                         profile([1, 0, 0], [F(2, 3), F(1, 3)]),
                         profile([0, F(1, 3), F(2, 3)], [F(1, 3), F(2, 3)])}
    big = [c for c in r.components if len(c.extreme) > 1]
    assert len(big) == 1 and len(r.components) == 2
    comp = big[0]
    pairs = {(tuple(r[k].probabilities[0]), tuple(r[k].probabilities[1])) for k in comp.extreme}
    assert pairs == {profile([1, 0, 0], [1, 0]), profile([1, 0, 0], [F(2, 3), F(1, 3)])}
    assert len(comp.row_vertices) == 1 and len(comp.column_vertices) == 2
    assert any("degenerate" in w for w in r.warnings)
    # Every convex combination in the component is an equilibrium (exactly).
    y = [F(5, 6), F(1, 6)]
    assert brute_regret(VS_A.tolist(), B.tolist(), [F(1), F(0), F(0)], y) == 0


def test_duplicate_strategy_gives_segment():
    # Matching pennies with a duplicated first row: the row mixes over the duplicates form a segment.
    A = np.array([[1, -1], [1, -1], [-1, 1]])
    g = NormalFormGame.from_arrays(A, -A)
    r = solve_quiet(g)
    assert eq_set(r) == {profile([F(1, 2), 0, F(1, 2)], [F(1, 2), F(1, 2)]),
                         profile([0, F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)])}
    assert len(r.components) == 1 and len(r.components[0].extreme) == 2


def test_all_zero_game_one_component_covers_everything():
    # Every profile of the all-zero game is an equilibrium; the extreme ones are the 9 pure
    # profiles and one component (the whole product of simplices) covers them.
    z = np.zeros((3, 3), dtype=int)
    g = NormalFormGame.from_arrays(z, z)
    r = solve_quiet(g)
    pure = {profile(np.eye(3, dtype=int)[i], np.eye(3, dtype=int)[j]) for i in range(3) for j in range(3)}
    assert eq_set(r) == pure
    assert len(r.components) == 1
    c = r.components[0]
    assert c.extreme == tuple(range(9))
    assert len(c.row_vertices) == 3 and len(c.column_vertices) == 3


def test_huge_exact_payoffs():
    # Battle of the sexes scaled by 2**80: the mixed equilibrium has exact 2**80 odds.
    big = 2 ** 80
    A = [[big, 0], [0, 1]]
    B = [[1, 0], [0, big]]
    g = NormalFormGame.from_arrays(A, B)
    r = enummixed_solve(g)
    mixed = profile([F(big, big + 1), F(1, big + 1)], [F(1, big + 1), F(big, big + 1)])
    assert eq_set(r) == {profile([1, 0], [1, 0]), profile([0, 1], [0, 1]), mixed}
    assert r.details["vertex_enumeration"] == "exact"


def test_payoffs_differing_by_one_beyond_float_precision():
    # 2**80 and 2**80 + 1 are the same float: only exact arithmetic sees matching pennies here.
    b = 2 ** 80
    A = np.array([[b + 1, b], [b, b + 1]], dtype=object)
    g = NormalFormGame.from_arrays(A, -A + 0)
    r = enummixed_solve(g)
    assert eq_set(r) == {profile([F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)])}


def test_float_mode_returns_floats_within_tolerance():
    g = NormalFormGame.from_arrays(VS_A, VS_B)
    r = enummixed_solve(g, exact=False)
    assert not r.exact and len(r) == 3
    for e in r:
        assert e.probabilities[0].dtype == float
        assert e.max_regret() <= 1e-9


def test_float_game_random_agrees_exact_and_float():
    rng = np.random.default_rng(7)
    A, B = rng.standard_normal((6, 6)), rng.standard_normal((6, 6))
    g = NormalFormGame.from_arrays(A, B)
    rf = enummixed_solve(g, exact=False)
    rx = enummixed_solve(g, exact=True)
    assert len(rf) == len(rx)
    for a, b in zip(sorted(e.key() for e in rf), sorted(e.as_float().key() for e in rx)):
        assert np.allclose(np.concatenate(a), np.concatenate(b), atol=1e-8)


def test_one_strategy_each_and_one_row():
    g = NormalFormGame.from_arrays([[5]], [[3]])
    assert eq_set(enummixed_solve(g)) == {profile([1], [1])}
    g = NormalFormGame.from_arrays([[1, 2, 0]], [[0, 3, 3]])
    r = solve_quiet(g)
    assert eq_set(r) == {profile([1], [0, 1, 0]), profile([1], [0, 0, 1])}
    assert len(r.components) == 1


def test_refuses_bad_input():
    with pytest.raises(InvalidGameError, match="not finite"):
        NormalFormGame.from_arrays(np.array([[np.nan, 1.0]]), np.array([[0.0, 1.0]]))
    with pytest.raises(InvalidGameError):
        NormalFormGame.from_arrays(np.array([[np.inf, 1.0]]), np.array([[0.0, 1.0]]))
    g3 = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(UnsupportedGameError, match="two-player"):
        enummixed_solve(g3)
    g = NormalFormGame.from_arrays(VS_A, VS_B)
    with pytest.raises(InvalidGameError, match="path"):
        enummixed_solve(g, path="magic")
    with pytest.raises(InvalidGameError, match="unknown option"):
        enummixed_solve(g, colour="red")


def test_labels_and_json():
    g = NormalFormGame.from_arrays(np.array([[2, 0], [0, 1]]), np.array([[1, 0], [0, 2]]),
                                   players=["Moscow", "Dushanbe"],
                                   strategies=[["press", "wait"], ["yield", "resist"]])
    r = enummixed_solve(g)
    mixed = [e for e in r if not e.is_pure()][0]
    assert mixed["Moscow", "press"] == F(2, 3)
    doc = r.to_json()
    assert doc["exact"] is True and doc["method"] == "enummixed"
    assert {"profile": [["2/3", "1/3"], ["1/3", "2/3"]],
            "labels": {"Moscow": {"press": "2/3", "wait": "1/3"},
                       "Dushanbe": {"yield": "1/3", "resist": "2/3"}},
            "payoffs": ["2/3", "2/3"], "exact": True} in doc["equilibria"]


# ---------------------------------------------------------------------- components
def test_maximal_bicliques_small_graph():
    # x0-y0, x0-y1, x1-y1: two maximal bicliques ({x0},{y0,y1}) and ({x0,x1},{y1}).
    assert maximal_bicliques({(0, 0), (0, 1), (1, 1)}) == [((0,), (0, 1)), ((0, 1), (1,))]
    assert maximal_bicliques({(0, 0), (1, 1)}) == [((0,), (0,)), ((1,), (1,))]


def check_components(result):
    edges = {}
    for k, e in enumerate(result):
        edges[(tuple(e.probabilities[0]), tuple(e.probabilities[1]))] = k
    rows = result.details["row_vertices"]
    cols = result.details["column_vertices"]
    covered = set()
    for c in result.components:
        for a, b in itertools.product(c.row_vertices, c.column_vertices):
            assert (rows[a], cols[b]) in edges  # X x Y are all equilibria
        assert sorted(edges[(rows[a], cols[b])] for a in c.row_vertices for b in c.column_vertices) \
            == list(c.extreme)
        covered.update(c.extreme)
        # maximal: no other row vertex is compatible with all of Y (and vice versa)
        for a in range(len(rows)):
            if a not in c.row_vertices:
                assert not all((rows[a], cols[b]) in edges for b in c.column_vertices)
        for b in range(len(cols)):
            if b not in c.column_vertices:
                assert not all((rows[a], cols[b]) in edges for a in c.row_vertices)
    assert covered == set(range(len(result)))


# ---------------------------------------------------------------------- property tests
small_games = st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda t: st.tuples(
        st.lists(st.lists(st.integers(0, t[2]), min_size=t[1], max_size=t[1]), min_size=t[0], max_size=t[0]),
        st.lists(st.lists(st.integers(0, t[2]), min_size=t[1], max_size=t[1]), min_size=t[0], max_size=t[0])))


def solve_checked(A, B):
    """enummixed on (A, B); every equilibrium checked by brute force; components checked."""
    r = solve_quiet(NormalFormGame.from_arrays(np.array(A), np.array(B)))
    for e in r:
        x, y = e.probabilities
        assert brute_regret(A, B, x, y) == 0
        assert sum(x) == 1 and sum(y) == 1 and min(x) >= 0 and min(y) >= 0
    check_components(r)
    return r


@settings(max_examples=60, deadline=None)
@given(small_games)
def test_zero_regret_and_components(AB):
    # (tests/test_reference.py compares the sets with pygambit's on stored games)
    solve_checked(*AB)


@pytest.mark.crosscheck
@settings(max_examples=60, deadline=None)
@given(small_games)
def test_agrees_with_pygambit_and_zero_regret(AB):
    import pygambit as gbt
    A, B = AB
    r = solve_checked(A, B)
    gg = gbt.Game.from_arrays(A, B)
    theirs = {tuple(tuple(F(str(eq[p][s])) for s in p.strategies) for p in gg.players)
              for eq in gbt.nash.enummixed_solve(gg, rational=True).equilibria}
    assert eq_set(r) == theirs


mid_games = st.tuples(st.integers(2, 5), st.integers(2, 5), st.integers(1, 30), st.integers(0, 2 ** 32))


@settings(max_examples=25, deadline=None)
@given(mid_games)
def test_float_and_exact_paths_agree_and_cover_nashpy(params):
    import nashpy
    m, n, top, seed = params
    rng = np.random.default_rng(seed)
    A, B = rng.integers(-top, top + 1, (m, n)), rng.integers(-top, top + 1, (m, n))
    g = NormalFormGame.from_arrays(A, B)
    rx = solve_quiet(g, path="exact")
    ra = solve_quiet(g, path="float")
    assert eq_set(rx) == eq_set(ra)
    ours = [np.concatenate([np.array(p, dtype=float) for p in e.probabilities]) for e in rx]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            theirs = list(nashpy.Game(A, B).vertex_enumeration())
        except (TypeError, ValueError):
            # nashpy's interior-point LP fails on some degenerate polytopes: nothing to compare.
            theirs = []
        for x, y in theirs:
            v = np.concatenate([x, y])
            assert any(np.allclose(v, o, atol=1e-7) for o in ours), (A, B, x, y)


def test_integer_equilibrium_check_rejects_non_equilibria():
    from gametheory.solvers._exact import integer_bimatrix
    from gametheory.solvers.enummixed import _exact_nash
    Ai, Bi = integer_bimatrix(VS_A, VS_B)
    BT = [list(r) for r in zip(*Bi)]
    assert _exact_nash(Ai, BT, (F(4, 5), F(1, 5), F(0)), (F(2, 3), F(1, 3)))
    assert not _exact_nash(Ai, BT, (F(4, 5), F(1, 5), F(0)), (F(1, 2), F(1, 2)))
    assert not _exact_nash(Ai, BT, (F(0), F(0), F(1)), (F(1), F(0)))
    assert not _exact_nash(Ai, BT, (F(1), F(1), F(0)), (F(1), F(0)))  # not a distribution


def test_near_ties_resolved_exactly_without_fallback(monkeypatch):
    # Payoffs that differ by 1 in 10**7 leave slacks of about 1e-7 after scaling: too close
    # for floating point to call, so those vertices are classified in exact arithmetic.
    import gametheory.solvers.enummixed as em
    calls = []
    real_labels, real_support = em._exact_labels, em._face_partners
    monkeypatch.setattr(em, "_exact_labels", lambda *a: calls.append(1) or real_labels(*a))
    monkeypatch.setattr(em, "_face_partners", lambda *a: calls.append(2) or real_support(*a))
    triggered = 0
    for seed in range(8):
        rng = np.random.default_rng(seed)
        A, B = rng.integers(0, 10 ** 7, (4, 4)), rng.integers(0, 10 ** 7, (4, 4))
        B[0, 1] = B[0, 0] + 1
        A[1, 0] = A[0, 0] - 1
        g = NormalFormGame.from_arrays(A, B)
        calls.clear()
        r = solve_quiet(g)
        assert r.details["vertex_enumeration"] == "float"
        assert eq_set(r) == eq_set(solve_quiet(g, path="exact"))
        triggered += bool(calls)
    assert triggered >= 3
