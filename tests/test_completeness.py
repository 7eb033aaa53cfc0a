"""Completeness claims that hold (issue #16): equilibria 1e-12 apart, the QRE fallback's
label, and exact equilibria kept exact next to irrational ones."""
from __future__ import annotations

import json
import math
from fractions import Fraction as F

import numpy as np
import pytest

from gametheory import NormalFormGame, solve
from gametheory.solvers import enumpoly as enumpoly_module
from gametheory.solvers.enumpoly import enumpoly_solve


def diagonal_coordination(eps: F) -> NormalFormGame:
    """Both players get d_k when both play k, 0 otherwise; d = (1, 1, K) with
    K = (1/2 - eps) / (2 eps).

    By hand: for every nonempty support S the profile x = y with x_k proportional to
    1/d_k on S is an equilibrium (each player is indifferent on S and gets 0 off it),
    and these 7 are all (the game is nondegenerate).  The full-support one is
    (1/2 - eps, 1/2 - eps, 2 eps): 2 eps from ({1, 2}: 1/2, 1/2, 0).
    """
    K = (F(1, 2) - eps) / (2 * eps)
    A = np.array([[F(1), F(0), F(0)], [F(0), F(1), F(0)], [F(0), F(0), K]], dtype=object)
    return NormalFormGame.from_arrays(A, A.T.copy())


def expected_equilibria(eps: F) -> set:
    d = [F(1), F(1), (F(1, 2) - eps) / (2 * eps)]
    out = set()
    for mask in range(1, 8):
        S = [k for k in range(3) if mask >> k & 1]
        total = sum(1 / d[k] for k in S)
        x = tuple((1 / d[k]) / total if k in S else F(0) for k in range(3))
        out.add((x, x))
    return out


def test_isolated_equilibria_1e12_apart_are_all_listed():
    eps = F(1, 2 * 10**12)
    g = diagonal_coordination(eps)
    res = enumpoly_solve(g)
    assert res.exact and res.complete
    assert {tuple(tuple(p) for p in eq.probabilities) for eq in res} == expected_equilibria(eps)
    assert {tuple(tuple(p) for p in eq.probabilities) for eq in solve(g, "enummixed")} == \
        expected_equilibria(eps)


def test_same_with_a_dummy_third_player_under_auto():
    eps = F(1, 2 * 10**12)
    two = diagonal_coordination(eps)
    P = np.empty((3, 3, 3, 1), dtype=object)
    P[0, :, :, 0] = two.payoffs[0]
    P[1, :, :, 0] = two.payoffs[1]
    P[2] = F(0)
    res = solve(NormalFormGame(P))
    assert res.method == "enumpoly" and res.complete
    assert {tuple(tuple(p) for p in eq.probabilities[:2]) for eq in res} == expected_equilibria(eps)


def jordan_game() -> NormalFormGame:
    # Jordan's three-player matching game: the unique equilibrium mixes 1/2-1/2.
    P = np.empty((3, 2, 2, 2), dtype=object)
    for a in range(2):
        for b in range(2):
            for c in range(2):
                P[0, a, b, c] = F(int(a == b))
                P[1, a, b, c] = F(int(b == c))
                P[2, a, b, c] = F(int(c != a))
    return NormalFormGame(P)


def test_fallback_to_qre_is_labelled_qre_and_incomplete(monkeypatch):
    # Force the polynomial systems to report a continuum: enumpoly then finds no
    # isolated equilibrium and falls back to QRE, which must say so.
    monkeypatch.setattr(enumpoly_module, "_polynomial_solutions", lambda E, sup, rng: ("positive", []))
    res = enumpoly_solve(jordan_game(), exact=False)
    assert res.method == "qre" and not res.complete
    assert res.details["fallback_from"] == "enumpoly" and "positive-dimensional" in res.details["fallback_reason"]
    assert np.allclose([float(p[0]) for p in res[0].probabilities], [0.5, 0.5, 0.5], atol=1e-8)


def sqrt_half_game() -> NormalFormGame:
    """2x2x2: a totally mixed equilibrium at (1/sqrt2, 1/sqrt2, 1/sqrt2) and pure ones.

    Player 1 is indifferent when q*r = 1/2 (payoff 1 for H if both others play H,
    1/2 for T always); the same for 2 and 3 by symmetry, so p = q = r = 1/sqrt 2.
    """
    P = np.empty((3, 2, 2, 2), dtype=object)
    for a in range(2):
        for b in range(2):
            for c in range(2):
                s = (a, b, c)
                for i in range(3):
                    others = [s[j] for j in range(3) if j != i]
                    P[(i,) + s] = F(int(all(o == 0 for o in others))) if s[i] == 0 else F(1, 2)
    return NormalFormGame(P)


def test_exact_mode_keeps_rational_equilibria_exact_next_to_an_irrational_one():
    res = solve(sqrt_half_game(), "enumpoly")
    assert not res.exact
    flags = [eq.exact for eq in res]
    assert flags.count(False) == 1 and flags.count(True) >= 1
    irr = next(eq for eq in res if not eq.exact)
    assert float(irr.probabilities[0][0]) == pytest.approx(1 / math.sqrt(2), abs=1e-12)
    for eq in res:
        if eq.exact:
            assert all(isinstance(x, F) for p in eq.probabilities for x in p)
            assert eq.max_regret() == 0
    doc = json.loads(res.to_json_text())
    assert [e["exact"] for e in doc["equilibria"]] == flags
    for e, eq in zip(doc["equilibria"], res):
        kinds = {type(v) for p in e["profile"] for v in p}
        assert kinds == ({str} if eq.exact else {float})
    rows = res.to_rows()
    assert [r["exact"] for r in rows] == flags
    assert f"({flags.count(True)} exact, the others floating point" in res.table().splitlines()[0]
