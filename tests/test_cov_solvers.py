"""Solver paths no other test takes, through :func:`gametheory.solve`:

* ``enumpoly`` on a four-player game with a support system too large for an exact
  Groebner basis (solved by multi-start Newton, and the result says it may miss
  equilibria): every equilibrium returned is checked against a brute-force regret
  computation written here, and every pure equilibrium (found by brute force) is
  among them;
* ``enumpoly``'s per-player ``max_support`` of the wrong length;
* subgame perfection with ``subgame_limit`` when strict dominance brings a
  three-mover subgame under the limit (solved completely, then lifted back).
"""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

import gametheory as gt
from gametheory import ExtensiveFormGame, InvalidGameError, NormalFormGame


def _payoff_arrays(seed=3):
    rng = np.random.default_rng(seed)
    return rng.integers(-5, 6, size=(4, 3, 2, 2, 2))


def _regret(P, probs):
    """Largest gain any player gets by a pure deviation from ``probs`` (brute force)."""
    n = P.shape[0]
    worst = 0.0
    for i in range(n):
        u = P[i].astype(float)
        # Contract every other player's mixture, leaving player i's own axis.
        for j in reversed(range(n)):
            if j != i:
                u = np.tensordot(u, np.asarray(probs[j], dtype=float), axes=([j], [0]))
        value = float(np.dot(u, np.asarray(probs[i], dtype=float)))
        worst = max(worst, float(u.max()) - value)
    return worst


def _pure_equilibria(P):
    n = P.shape[0]
    out = []
    for prof in itertools.product(*(range(m) for m in P.shape[1:])):
        if all(P[i][prof] >= max(P[i][prof[:i] + (k,) + prof[i + 1:]] for k in range(P.shape[1 + i]))
               for i in range(n)):
            out.append(prof)
    return out


def test_enumpoly_large_support_system_by_multistart_newton():
    # Four players with 3 x 2 x 2 x 2 strategies: the full support has 2 + 1 + 1 + 1 = 5
    # unknowns with four players mixing, above the exact (Groebner) size for four, so
    # that system is solved numerically from random starts, and the result says so.
    P = _payoff_arrays()
    g = NormalFormGame.from_arrays(*P)
    res = gt.solve(g, method="enumpoly")
    assert not res.complete
    assert any("solved by multi-start Newton" in w for w in res.warnings)
    scale = float(P.max() - P.min())
    for eq in res.equilibria:
        probs = [np.asarray(p, dtype=float) for p in eq.probabilities]
        assert all(abs(p.sum() - 1) < 1e-9 and p.min() >= -1e-12 for p in probs)
        assert _regret(P, probs) <= 1e-7 * scale
    pure = _pure_equilibria(P)
    assert pure  # this seed has pure equilibria (found by the brute force above)
    found = {tuple(int(np.argmax(np.asarray(p, dtype=float))) for p in eq.probabilities)
             for eq in res.equilibria
             if all(max(np.asarray(p, dtype=float)) > 1 - 1e-9 for p in eq.probabilities)}
    assert set(pure) <= found


def test_enumpoly_max_support_needs_one_size_per_player():
    P = _payoff_arrays()[:3, :, :, :, 0]  # three players, 3 x 2 x 2
    g = NormalFormGame.from_arrays(*P)
    with pytest.raises(InvalidGameError) as info:
        gt.solve(g, method="enumpoly", max_support=[2, 2])
    assert "max_support needs one size per player (3), got 2" in str(info.value)


def _three_movers_with_a_dominated_action():
    """A moves first (a0, a1, a2); B and C move without seeing anything (one information
    set each), so the root is the only subgame, with 3 x 2 x 2 = 12 profiles.  On a0/a1
    it is the cyclic matching game of Jordan (1993): A gets 1 for matching B, B for
    mismatching C, C for matching A; its only equilibrium mixes 1/2-1/2 for everyone.
    a2 pays A -1 whatever happens: strictly dominated, so no equilibrium plays it."""
    g = ExtensiveFormGame.new_tree(["A", "B", "C"])
    moves = g.append_move(0, "A", ["a0", "a1", "a2"])
    for ai, an in enumerate(moves):
        bs = g.append_move(an.index, "B", ["b0", "b1"], infoset="B")
        for bj, bn in enumerate(bs):
            cs = g.append_move(bn.index, "C", ["c0", "c1"], infoset="C")
            for ck, cn in enumerate(cs):
                if ai == 2:
                    g.set_outcome(cn.index, [-1, int(bj != ck), 0])
                else:
                    g.set_outcome(cn.index, [int(ai == bj), int(bj != ck), int(ck == ai)])
    return g


def test_subgame_limit_met_after_strict_dominance_is_still_complete():
    g = _three_movers_with_a_dominated_action()
    # 12 profiles exceed the limit of 8; removing a2 leaves 2 x 2 x 2 = 8, solved in full.
    res = gt.solve(g, method="spe", subgame_limit=8, exact=True)
    assert res.complete
    assert len(res) == 1
    half = Fraction(1, 2)
    (a,), (b,), (c,) = (list(map(list, pl)) for pl in res[0].probabilities)
    assert a == [half, half, 0] and b == [half, half] and c == [half, half]
    assert res[0].max_regret() == 0


RPS = "games/classics/rock-paper-scissors.yaml"


def test_lemke_howson_labels_and_simpdiv_options(root):
    g = gt.load(root / RPS)
    # Rock-paper-scissors has one equilibrium, everyone mixing 1/3 each (von Neumann &
    # Morgenstern): Lemke-Howson reaches it from any missing label, given by index.
    third = [Fraction(1, 3)] * 3
    res = gt.solve(g, method="lh", label=4, exact=True)
    assert [list(p) for p in res[0].probabilities] == [third, third]
    with pytest.raises(InvalidGameError) as info:
        gt.solve(g, method="lh", label=1.5)
    assert "lh_solve: label must be an index or a strategy label, got 1.5" in str(info.value)
    with pytest.raises(InvalidGameError) as info:
        gt.solve(g, method="lh", label="Nope")
    assert "lh_solve: label 'Nope' names no strategy; use 'Player:strategy'" in str(info.value)
    with pytest.raises(InvalidGameError) as info:
        gt.solve(g, method="simpdiv", refine_factor=1)
    assert "simpdiv: refine_factor must exceed 1, got 1" in str(info.value)
    # One pivot is not enough to reach the totally mixed equilibrium: a solver failure.
    with pytest.raises(gt.SolverError) as info:
        gt.solve(g, method="simpdiv", max_pivots=1)
    assert "simpdiv: no approximate equilibrium within 1 pivots" in str(info.value)
