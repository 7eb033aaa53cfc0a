"""Agent logit QRE on trees (McKelvey & Palfrey 1998)."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from gametheory.exceptions import SolverError, UnsupportedGameError
from gametheory.io import load
from gametheory.solvers import solve
from gametheory.solvers.agent_qre import agent_qre_solve

from conftest import CATALOG

TREES = Path(__file__).parent / "data" / "trees"


def test_entry_deterrence_limit_is_the_sequential_equilibrium():
    # The agent QRE branch converges to a sequential equilibrium (McKelvey &
    # Palfrey 1998); in the entry game that is (in, accommodate): the empty
    # threat (out, fight) is not selected.
    g = load(TREES / "entry_deterrence.efg")
    res = agent_qre_solve(g, exact=True)
    assert res.exact and len(res) == 1
    eq = res[0]
    assert [list(p) for pl in eq.probabilities for p in pl] == [[0, 1], [0, 1]]
    path = res.details["path"]
    assert path[0][0] == 0 and path[0][1] == [[[0.5, 0.5]], [[0.5, 0.5]]]
    lambdas = [lam for lam, _ in path]
    assert lambdas == sorted(lambdas) and lambdas[-1] == res.details["lambda"]
    # Along the branch the incumbent accommodates more and more.
    acc = [prof[1][0][1] for _, prof in path]
    assert all(b >= a - 1e-12 for a, b in zip(acc, acc[1:]))


def test_centipede_limit_takes_at_once():
    # McKelvey & Palfrey (1992, 1998): the logit branch of the centipede game
    # ends at the backward-induction outcome.
    g = load(TREES / "centipede4.efg")
    res = agent_qre_solve(g, exact=True)
    eq = res[0]
    assert all(list(p) == [1, 0] for pl in eq.probabilities for p in pl)
    assert eq.payoffs() == (40, 10)


def test_beliefs_along_the_branch_are_distributions():
    g = load(CATALOG / "journals/ijgt/selten1975/fig1.efg")  # Selten's horse
    res = agent_qre_solve(g)
    assert len(res) == 1 and res[0].max_regret() <= res.tolerance
    for row in res.details["qre_beliefs"]:
        for mu in row:
            assert mu is not None and abs(sum(mu) - 1) < 1e-12 and min(mu) > 0
    qp = res.details["qre_point"]
    # the last traced point is a QRE: every action has positive probability (at the
    # large lambda where tracing stops, its regret may round to 0 in floating point)
    assert all(p > 0 for pl in qp.probabilities for b in pl for p in b)


def test_mixed_limit_with_chance_is_exact():
    # Myerson (1991), fig. 2.1 (a card game with chance): the unique equilibrium
    # is (raise with the red card, raise 1/3 with black; meet 2/3).
    g = load(CATALOG / "books/myerson1991/fig2_1.efg")
    res = solve(g, method="qre", exact=True)
    assert res.method == "qre" and res.exact
    eq = res[0]
    assert [list(p) for p in eq.probabilities[1]] == [[Fraction(2, 3), Fraction(1, 3)]]
    assert [list(p) for p in eq.probabilities[0]] == [[1, 0], [Fraction(1, 3), Fraction(2, 3)]]


def test_unpolished_point_is_not_returned_as_an_equilibrium():
    # A traced point that cannot be polished into an equilibrium near the path's end
    # is an error (as for the normal-form qre), never a result with zero equilibria.
    g = load(TREES / "entry_deterrence.efg")
    with pytest.raises(SolverError, match="could not be polished"):
        agent_qre_solve(g, max_steps=1)


def test_float_mode_and_errors():
    g = load(TREES / "chance_entry.efg")
    res = agent_qre_solve(g, exact=False)
    assert not res.exact and res[0].max_regret() <= 1e-9
    with pytest.raises(UnsupportedGameError):
        agent_qre_solve(g.to_normal_form())


PERFECT_RECALL = [p for p in sorted(CATALOG.rglob("*.efg")) if load(p).has_perfect_recall]


@pytest.mark.parametrize("path", PERFECT_RECALL, ids=lambda p: p.name)
def test_catalog_limits_are_equilibria(path):
    res = agent_qre_solve(load(path))
    assert len(res) == 1 and res[0].max_regret() <= res.tolerance


@pytest.mark.parametrize("path", PERFECT_RECALL[:12], ids=lambda p: p.name)
def test_vectorised_action_values_match_the_profile(path):
    # The solver's flat evaluator against MixedBehaviorProfile.action_values
    # (payoffs rescaled by the range) on a seeded full-support profile.
    import numpy as np

    from gametheory.game.behavior import MixedBehaviorProfile
    from gametheory.solvers.agent_qre import _TreeEval
    g = load(path)
    ev = _TreeEval(g)
    rng = np.random.default_rng(7)
    flat = rng.uniform(0.1, 1.0, ev.size)
    for _, _, k, m in ev.sets:
        flat[k:k + m] /= flat[k:k + m].sum()
    Q = ev.values(flat)
    prof = MixedBehaviorProfile(g, ev.to_probs(flat), exact=False)
    for (i, h, k, m) in ev.sets:
        expected = prof.action_values()[i][h.number - 1]
        assert np.allclose(Q[k:k + m] * ev.scale, expected, atol=1e-12)


@pytest.mark.parametrize("path", PERFECT_RECALL[:12], ids=lambda p: p.name)
def test_analytic_jacobian_matches_central_differences(path, monkeypatch):
    # The tracer's analytic Jacobian of the branch equations against central
    # differences of the residual (written here), at a seeded interior point; and
    # the level-by-level sweep of very deep trees gives the same action values.
    import numpy as np

    from gametheory.solvers import agent_qre
    g = load(path)
    ev = agent_qre._TreeEval(g)
    rng = np.random.default_rng(3)
    beta = -4 * rng.uniform(0.05, 1.0, ev.size)
    lam, h = 7.0, 1e-6
    J = ev.jacobian(beta, lam)
    for j in range(ev.size + 1):
        up, down = np.append(beta, lam), np.append(beta, lam)
        up[j] += h
        down[j] -= h
        col = (ev.residual(up[:-1], up[-1]) - ev.residual(down[:-1], down[-1])) / (2 * h)
        assert np.allclose(J[:, j], col, atol=1e-6)
    monkeypatch.setattr(agent_qre, "SWEEP_BUDGET", 0)
    deep = agent_qre._TreeEval(g)
    assert deep.levels is not None
    p = np.exp(beta)
    assert np.allclose(deep.values(p), ev.values(p), atol=1e-13)


def test_kuhn_poker_limit_is_rebuilt_exactly():
    # Kuhn (1950): value -1/18 to the first player; the second player's
    # equilibrium strategy is unique (see test_sequence_form).  The first
    # player's equilibria form a continuum, so the limit's support equations are
    # solved in rationals rather than rounded.
    g = load(TREES / "kuhn_poker.efg")
    res = agent_qre_solve(g, exact=True)
    assert res.exact
    eq = res[0]
    assert eq.payoffs() == (Fraction(-1, 18), Fraction(1, 18))
    third = Fraction(1, 3)
    assert list(eq["Bob"]["B0c"].array) == [1 - third, third]
    assert list(eq["Bob"]["B1b"].array) == [1 - third, third]


def test_exact_default_is_the_trees_kind():
    # issue 12: exact=None (the default) follows the tree's payoffs when called directly.
    g = load(TREES / "entry_deterrence.efg")
    assert g.kind == "exact" and agent_qre_solve(g).exact
