"""Tests for gametheory.solvers.pure: textbook games and a brute-force cross-check."""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame
from gametheory.exceptions import InvalidGameError, UnsupportedGameError
from gametheory.solvers.pure import pure_best_response_mask, pure_solve


def pure_set(result):
    return {tuple(int(np.flatnonzero([p > 0 for p in v])[0]) for v in e.probabilities) for e in result}


def brute_force(payoffs):
    """Every pure equilibrium by an explicit loop over profiles and deviations."""
    n = payoffs.shape[0]
    shape = payoffs.shape[1:]
    out = set()
    for prof in itertools.product(*(range(m) for m in shape)):
        ok = True
        for i in range(n):
            for dev in range(shape[i]):
                alt = list(prof)
                alt[i] = dev
                if payoffs[(i, *alt)] > payoffs[(i, *prof)]:
                    ok = False
        if ok:
            out.add(prof)
    return out


def test_prisoners_dilemma():
    # Osborne & Rubinstein (1994), ex. 16.2: mutual defection is the only equilibrium.
    A = np.array([[3, 0], [5, 1]])
    g = NormalFormGame.from_arrays(A, A.T, strategies=[["C", "D"], ["C", "D"]])
    r = pure_solve(g)
    assert r.complete and r.exact and r.method == "pure"
    assert pure_set(r) == {(1, 1)}
    assert r[0]["Player 1", "D"] == F(1)


def test_battle_of_sexes_and_matching_pennies():
    # Osborne & Rubinstein (1994), ex. 15.3 and 17.1.
    g = NormalFormGame.from_arrays(np.array([[2, 0], [0, 1]]), np.array([[1, 0], [0, 2]]))
    assert pure_set(pure_solve(g)) == {(0, 0), (1, 1)}
    mp = np.array([[1, -1], [-1, 1]])
    assert len(pure_solve(NormalFormGame.from_arrays(mp, -mp))) == 0


def test_three_player_and_one_player():
    # A three-player coordination game: everyone choosing the same strategy is an equilibrium.
    P = np.zeros((3, 2, 2, 2), dtype=int)
    for s in itertools.product(range(2), repeat=3):
        if s[0] == s[1] == s[2]:
            P[(slice(None), *s)] = 1
    r = pure_solve(NormalFormGame(P))
    assert pure_set(r) == {(0, 0, 0), (1, 1, 1)} | brute_force(P)
    g1 = NormalFormGame(np.array([[1, 3, 3]]))
    assert pure_set(pure_solve(g1)) == {(1,), (2,)}


def test_float_mode_uses_tolerance():
    A = np.array([[1.0, 0.0], [1.0 - 1e-12, 0.0]])
    g = NormalFormGame.from_arrays(A, np.zeros((2, 2)))
    assert pure_set(pure_solve(g, exact=False)) == {(0, 0), (1, 0), (0, 1), (1, 1)}
    assert pure_set(pure_solve(g, exact=True)) == {(0, 0), (0, 1), (1, 1)}
    r = pure_solve(g, exact=False)
    assert not r.exact and r[0].probabilities[0].dtype == float


def test_exact_fractions_and_huge_values():
    b = 2 ** 90
    A = np.array([[b + 1, b], [b, b + 1]], dtype=object)
    g = NormalFormGame.from_arrays(A, -A)
    assert len(pure_solve(g)) == 0
    g = NormalFormGame.from_arrays([[F(1, 3), F(1, 2)]], [[F(2, 7), F(1, 3)]])
    assert pure_set(pure_solve(g)) == {(0, 1)}


def test_bad_input():
    g = NormalFormGame.from_arrays(np.eye(2, dtype=int), np.eye(2, dtype=int))
    with pytest.raises(InvalidGameError, match="unknown option"):
        pure_solve(g, foo=1)
    with pytest.raises(UnsupportedGameError):
        pure_solve("not a game")


def test_mask_is_vectorised_over_large_game():
    rng = np.random.default_rng(3)
    P = rng.integers(0, 5, (4, 8, 8, 8, 8))
    mask = pure_best_response_mask(P)
    assert mask.shape == (8, 8, 8, 8)
    assert {tuple(map(int, i)) for i in np.argwhere(mask)} == brute_force(P)


shapes = st.lists(st.integers(1, 3), min_size=1, max_size=4)


@settings(max_examples=40, deadline=None)
@given(shapes, st.integers(0, 2 ** 32), st.integers(1, 4))
def test_agrees_with_brute_force(shape, seed, top):
    rng = np.random.default_rng(seed)
    P = rng.integers(0, top + 1, (len(shape), *shape))
    r = pure_solve(NormalFormGame(P))
    assert pure_set(r) == brute_force(P)
    for e in r:
        assert e.max_regret() == 0
