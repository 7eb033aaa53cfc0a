"""Tests for gametheory.solvers.lemke_howson: reference paths, degeneracy, large games."""
from __future__ import annotations

import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.exceptions import DegenerateGameWarning, InvalidGameError, SolverError, UnsupportedGameError
from gametheory.solvers._exact import integer_pivot, lex_min_ratio_row
from gametheory.solvers.enummixed import enummixed_solve
from gametheory.solvers.lemke_howson import lh_solve

VS_A = np.array([[3, 3], [2, 5], [0, 6]])
VS_B = np.array([[3, 2], [2, 6], [3, 1]])


def eq_set(result):
    return {tuple(tuple(p) for p in e.probabilities) for e in result}


def test_von_stengel_paths():
    # von Stengel (2007), AGT ch. 3, sec. 3.4 (fig. 3.3): on the 3x2 example, dropping label 1
    # (our label 0) leads to the pure equilibrium (top, left).  The mixed equilibrium
    # ((4/5, 1/5, 0), (2/3, 1/3)) is the end of no path from (0, 0): LH finds two of three.
    g = NormalFormGame.from_arrays(VS_A, VS_B)
    r = lh_solve(g)
    assert not r.complete and r.exact and r.method == "lh"
    top_left = ((F(1), F(0), F(0)), (F(1), F(0)))
    third = ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))
    assert eq_set(r) == {top_left, third}
    labels = r.details["labels"]
    assert set(labels) == set(range(5))
    assert tuple(tuple(p) for p in r[labels[0]].probabilities) == top_left
    assert eq_set(r) <= eq_set(enummixed_solve(g))


def test_single_label_and_label_names():
    g = NormalFormGame.from_arrays(VS_A, VS_B, players=["Row", "Col"],
                                   strategies=[["T", "M", "B"], ["L", "R"]])
    r0 = lh_solve(g, label=0)
    assert len(r0) == 1 and list(r0.details["labels"]) == [0]
    assert eq_set(lh_solve(g, label="Col:R")) == eq_set(lh_solve(g, label=4))
    assert eq_set(lh_solve(g, label="M")) == eq_set(lh_solve(g, label=1))
    with pytest.raises(InvalidGameError, match="out of range"):
        lh_solve(g, label=9)
    with pytest.raises(KeyError):
        lh_solve(g, label="Col:X")


def test_float_and_exact_agree():
    g = NormalFormGame.from_arrays(VS_A, VS_B)
    rf = lh_solve(g, exact=False)
    rx = lh_solve(g, exact=True)
    assert {e.key() for e in rf} == {e.as_float().key() for e in rx}
    assert all(e.probabilities[0].dtype == float for e in rf)


def test_degenerate_game_terminates():
    # The degenerate variant of von Stengel's example, and the all-zero game: the
    # lexicographic rule must not cycle.
    B = np.array([[3, 3], [2, 6], [3, 1]])
    for game in (NormalFormGame.from_arrays(VS_A, B),
                 NormalFormGame.from_arrays(np.zeros((4, 4), dtype=int), np.zeros((4, 4), dtype=int)),
                 NormalFormGame.from_arrays(np.ones((3, 5), dtype=int), np.eye(3, 5, dtype=int))):
        for exact in (True, False):
            r = lh_solve(game, exact=exact, max_pivots=200)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DegenerateGameWarning)
                extreme = {e.as_float().key() for e in enummixed_solve(game)}
            assert {e.key() if not exact else e.as_float().key() for e in r} <= extreme


def test_pivot_cap_raises_instead_of_returning_garbage():
    rng = np.random.default_rng(11)
    g = NormalFormGame.from_arrays(rng.integers(0, 100, (8, 8)), rng.integers(0, 100, (8, 8)))
    with pytest.raises(SolverError, match="did not converge"):
        lh_solve(g, max_pivots=1)
    with pytest.raises(InvalidGameError):
        lh_solve(g, max_pivots=0)


def test_huge_exact_payoffs():
    big = 2 ** 80
    g = NormalFormGame.from_arrays([[big + 1, big], [big, big + 1]], [[big, big + 1], [big + 1, big]])
    r = lh_solve(g)
    assert eq_set(r) == {((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))}


def test_200x200_float_modest_work():
    # Work, not time: one label's path, each pivot O(m n) on the tableaux.  The bound
    # (25 pivots per strategy, 10,000) is far below max_pivots yet well above this
    # seed's path (about 4,000 pivots measured): a wrong ratio test or a cycling path
    # would break it.
    rng = np.random.default_rng(2026)
    g = NormalFormGame.from_arrays(rng.standard_normal((200, 200)), rng.standard_normal((200, 200)))
    r = lh_solve(g, exact=False, all_labels=False)
    assert len(r) == 1 and r[0].max_regret() <= 1e-9
    assert list(r.details["labels"]) == [0]
    assert 0 < r.details["pivots"][0] <= 25 * (200 + 200)


def test_exact_25x25_integer_pivoting():
    rng = np.random.default_rng(5)
    g = NormalFormGame.from_arrays(rng.integers(-50, 50, (25, 25)), rng.integers(-50, 50, (25, 25)))
    r = lh_solve(g, label=3)
    assert r.exact and r[0].max_regret() == 0


def test_not_two_players():
    with pytest.raises(UnsupportedGameError):
        lh_solve(NormalFormGame(np.zeros((3, 2, 2, 2))))


def test_integer_pivot_and_lex_rule():
    # Tableau [[2, 1 | 1 0 | 4], [1, 3 | 0 1 | 6]]: entering column 0 ties nothing; ratios 4/2 < 6/1.
    T = [[2, 1, 1, 0, 4], [1, 3, 0, 1, 6]]
    assert lex_min_ratio_row(T, 0, 4, [2, 3]) == 0
    det = integer_pivot(T, 0, 0, 1)
    assert det == 2 and T == [[2, 1, 1, 0, 4], [0, 5, -1, 2, 8]]
    # A tie in the ratio (4/2 = 2/1) is broken by the identity columns: row 1 has (0)/1 < 1/2.
    T = [[2, 1, 1, 0, 4], [1, 1, 0, 1, 2]]
    assert lex_min_ratio_row(T, 0, 4, [2, 3]) == 1


small = st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 5), st.integers(0, 2 ** 32))


@settings(max_examples=30, deadline=None)
@given(small)
def test_lh_equilibria_are_extreme_equilibria(params):
    m, n, top, seed = params
    rng = np.random.default_rng(seed)
    g = NormalFormGame.from_arrays(rng.integers(0, top + 1, (m, n)), rng.integers(0, top + 1, (m, n)))
    r = lh_solve(g)
    for e in r:
        assert e.max_regret() == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        assert eq_set(r) <= eq_set(enummixed_solve(g))
