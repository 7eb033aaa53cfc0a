"""Trees in the zugzwang engine: subgames solved once per distinct reduced normal form.

The subgame-perfect solver takes a ``subgame_cache`` that a sweep keeps across
its points (``spe_solve(..., subgame_cache=...)``); a subgame whose reduced
normal form is a positive affine image of one already solved reuses that
solution.  Every answer here is compared with the same computation WITHOUT the
cache (``spe_solve`` or the one-point ``diagnose`` at that point, exact, each
point alone), which ``tests/test_spe.py`` and
``tests/test_zugzwang.py`` test independently; nothing is compared with the
cached route's own output.  The engine works in floating point: margins and option
figures are compared within 1e-9, verdicts and counts exactly.
"""
from __future__ import annotations

import warnings
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.analysis.zugzwang import diagnose
from gametheory.analysis.zugzwang_engine import diagnose_points
from gametheory.game.normal import Parameter
from gametheory.solvers.subgame_perfect import spe_solve

MODELS = Path(__file__).resolve().parents[1] / "games" / "tajikistan"
S, T, P, U = (sympy.Symbol(n, real=True) for n in ("s", "t", "p", "u"))


def chance_tree(ks, lead):
    """Leader L takes ``a`` (payoffs ``lead``) or ``b``; after ``b`` chance (p, 1 - p) picks a
    branch where R moves seeing it, then C moves seeing nothing (one information set over
    four nodes): a two-mover subgame with imperfect information and chance below the root.
    R's and C's payoffs are ``s * k + t`` (``ks``: integers), so two points differing in
    ``s`` and ``t`` only have subgames that are affine images; L's are ``k + u`` after ``b``,
    so ``u`` moves L's choice at the root (backward induction) and nothing below."""
    params = [Parameter("s", F(1), F(1, 2), F(3)), Parameter("t", F(0), F(-2), F(2)),
              Parameter("p", F(1, 2), F(0), F(1)), Parameter("u", F(0), F(-3), F(3))]
    g = gt.ExtensiveFormGame.new_tree(["L", "R", "C"], parameters=params)
    a, b = g.append_move(0, "L", ["a", "b"])
    g.set_outcome(a, list(lead))
    left, right = g.append_chance(b, ["left", "right"], [P, 1 - P])
    cnodes = []
    for k, branch in enumerate((left, right)):
        cnodes.extend(g.append_move(branch, "R", ["u", "d"], infoset=f"R{k}"))
    leaves = []
    for node in cnodes:
        leaves.extend(g.append_move(node, "C", ["l", "r"], infoset="C"))
    for leaf, (k0, k1, k2) in zip(leaves, ks):
        g.set_outcome(leaf, [k0 + U, S * k1 + T, S * k2 + T])
    return g


def behaviour(result):
    """Each equilibrium's action probabilities (player, information set, action), as Fractions."""
    return [[[tuple(F(x) for x in h) for h in pl] for pl in eq.probabilities] for eq in result.equilibria]


ints = st.integers(-3, 3)
cases = st.tuples(st.lists(st.tuples(ints, ints, ints), min_size=8, max_size=8),
                  st.tuples(ints, ints, ints),
                  st.lists(st.tuples(st.sampled_from([F(1, 2), F(1), F(2), F(3)]),
                                     st.sampled_from([F(-1), F(0), F(3, 2)]),
                                     st.sampled_from([F(0), F(1, 3), F(1)])), min_size=3, max_size=3))


@settings(max_examples=15, deadline=None)
@given(cases)
def test_the_subgame_cache_changes_no_equilibrium(case):
    ks, lead, points = case
    g = chance_tree(ks, lead)
    cache: dict = {}
    for s, t, p in points:
        tree = g.substitute(s=s, t=t, p=p, u=F(1, 3))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plain = spe_solve(tree, exact=True)
            cached = spe_solve(tree, exact=True, subgame_cache=cache)
        assert behaviour(cached) == behaviour(plain)
        assert cached.complete == plain.complete and cached.warnings == plain.warnings
    # Work done: one entry per distinct subgame (up to an affine map) met, not one per point.
    assert len(cache) <= len({p for _, _, p in points})


def assert_row(sd, k, d):
    """Row ``k`` of the engine's answer against the one-point diagnosis ``d``."""
    close = pytest.approx
    assert bool(sd.zugzwang[k]) == d.zugzwang and sd.margin[k] == close(float(d.margin), abs=1e-9)
    assert sd.reference[k] == close(float(d.reference), abs=1e-12)
    assert sd.options[int(sd.best_option[k])] == d.best_option
    for c, o in enumerate(d.options):
        assert sd.eq_low[k, c] == close(float(min(o.reaction_payoffs)), abs=1e-9)
        assert sd.eq_high[k, c] == close(float(max(o.reaction_payoffs)), abs=1e-9)
        assert sd.worst[k, c] == close(float(o.worst), abs=1e-9) and sd.best[k, c] == close(float(o.best), abs=1e-9)
    # The regime: the number of the whole game's subgame-perfect equilibria (no player of
    # these trees has exactly one information set, so no support label applies).
    assert sd.regime_labels[sd.regimes[k]] == f"{len(d.whole_game.equilibria.equilibria)} equilibria"


class CountOnePoint:
    """Counts the engine's one-point diagnoses (work done: one per group of points)."""

    def __init__(self, monkeypatch):
        from gametheory.analysis.zugzwang import engine
        self.calls = 0
        inner = engine.diagnose_point

        def counted(*args, **kwargs):
            self.calls += 1
            return inner(*args, **kwargs)
        monkeypatch.setattr(engine, "diagnose_point", counted)


sweeps = st.tuples(st.lists(st.tuples(ints, ints, ints), min_size=8, max_size=8),
                   st.tuples(ints, ints, ints),
                   st.lists(st.tuples(st.sampled_from([F(1, 2), F(2)]), st.sampled_from([F(0), F(1, 3)]),
                                      st.sampled_from([F(-2), F(-1, 2), F(0), F(1), F(5, 2)])),
                            min_size=4, max_size=6))


@settings(max_examples=10, deadline=None)
@given(sweeps)
def test_the_tree_sweep_equals_the_one_point_diagnosis(case):
    # s and p pick the group (the subgame below the root); u moves the leader's choice at the
    # root, which the stack decides by backward induction (ties go to the one-point route).
    ks, lead, points = case
    g = chance_tree(ks, lead)
    pts = [{"s": s, "t": F(1), "p": p, "u": u} for s, p, u in points]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sd = diagnose_points(g, "L", pts, regimes=True)
    for k, p in enumerate(pts):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            d = diagnose(g, "L", params=p, conditions=False)
        assert_row(sd, k, d)


def test_crisis_tree_sweep_points_equal_the_one_point_diagnosis(monkeypatch):
    # Three points of the report's sweep (massacre_prob x crush_gain), two sharing a
    # massacre_prob (their aftermath subgames are the same, so the second reuses it).
    g = gt.load(MODELS / "crisis-tree.yaml")
    pts = [{"massacre_prob": F(1, 4), "crush_gain": F(2)}, {"massacre_prob": F(1, 4), "crush_gain": F(5)},
           {"massacre_prob": F(9, 10), "crush_gain": F(3)}]
    count = CountOnePoint(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sd = diagnose_points(g, "Dushanbe", pts, reference="crisis", regimes=True)
    # Work done: one exact diagnosis per massacre_prob (the group), the second point stacked.
    assert count.calls == 2 and sd.exact_route.tolist() == [True, False, True]
    for k, p in enumerate(pts):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            d = diagnose(g, "Dushanbe", reference="crisis", params=p, conditions=False)
        assert_row(sd, k, d)


@pytest.mark.parametrize("exact", [False])
def test_the_cache_is_not_used_in_floating_point(exact):
    # Float solves keep their own tolerance decisions: the cache stays empty.
    g = chance_tree([(1, 2, 0)] * 8, (0, 0, 0))
    cache: dict = {}
    spe_solve(g.substitute(), exact=exact, subgame_cache=cache)
    assert cache == {}


def test_a_tree_sweep_is_solved_once_per_group(monkeypatch):
    # R plays u or d, C plays l or r; R's payoffs s*k1 + t and C's s*k2 + t below: R gets
    # 2 for (u, l) and C prefers l everywhere (2 vs 0), so the subgame has one equilibrium
    # (u, l) at both chance branches and L's payoff after b is 1 + u (k0 = 1 there), above
    # a's 0 for u > -1: the margin is 1 + u.  Six points, two values of (s, p): two exact
    # diagnoses (one per group), the other four decided on the stack.
    leaf = [(1, 2, 2), (1, 0, 0), (1, 0, 2), (1, 1, 0)] * 2
    g = chance_tree(leaf, (0, 0, 0))
    pts = [{"s": s, "p": p, "u": u} for s, p in ((F(1), F(1, 3)), (F(2), F(1, 2))) for u in (F(1, 2), F(2), F(3))]
    count = CountOnePoint(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sd = diagnose_points(g, "L", pts, regimes=True)
    assert count.calls == 2 and sd.exact_route.tolist() == [True, False, False] * 2
    assert np.allclose(sd.margin, [1.5, 3.0, 4.0] * 2) and not sd.zugzwang.any()


def test_the_subgame_cache_option_must_be_a_dict():
    # From the command line it could only be text: refused as a bad option (exit 2).
    from click.testing import CliRunner

    from gametheory.cli import main
    res = CliRunner().invoke(main, ["solve", str(MODELS / "crisis-tree.yaml"), "--method", "spe",
                                    "--option", "subgame_cache=x"])
    assert res.exit_code == 2 and "expected a dict" in res.output
