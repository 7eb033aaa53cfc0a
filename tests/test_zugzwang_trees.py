"""Trees in the zugzwang engine: subgames solved once per distinct reduced normal form.

The subgame-perfect solver takes a ``subgame_cache`` that a sweep keeps across
its points (``spe_solve(..., subgame_cache=...)``); a subgame whose reduced
normal form is a positive affine image of one already solved reuses that
solution.  Every answer here is compared with the same computation WITHOUT the
cache (``spe_solve`` or the one-point ``diagnose`` at that point, exact, each
point alone), which ``tests/test_subgame_perfect.py`` and
``tests/test_zugzwang.py`` test independently; nothing is compared with the
cached route's own output.
"""
from __future__ import annotations

import warnings
from fractions import Fraction as F
from pathlib import Path

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
S, T, P = (sympy.Symbol(n, real=True) for n in ("s", "t", "p"))


def chance_tree(ks, lead):
    """Leader L takes ``a`` (payoffs ``lead``) or ``b``; after ``b`` chance (p, 1 - p) picks a
    branch where R moves seeing it, then C moves seeing nothing (one information set over
    four nodes): a two-mover subgame with imperfect information and chance below the root.
    R's and C's payoffs are ``s * k + t`` (``ks``: integers), L's the integers ``k``, so two
    points differing in ``s`` and ``t`` only have subgames that are affine images."""
    params = [Parameter("s", F(1), F(1, 2), F(3)), Parameter("t", F(0), F(-2), F(2)),
              Parameter("p", F(1, 2), F(0), F(1))]
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
        g.set_outcome(leaf, [k0, S * k1 + T, S * k2 + T])
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
        tree = g.substitute(s=s, t=t, p=p)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plain = spe_solve(tree, exact=True)
            cached = spe_solve(tree, exact=True, subgame_cache=cache)
        assert behaviour(cached) == behaviour(plain)
        assert cached.complete == plain.complete and cached.warnings == plain.warnings
    # Work done: one entry per distinct subgame (up to an affine map) met, not one per point.
    assert len(cache) <= len({p for _, _, p in points})


@settings(max_examples=8, deadline=None)
@given(cases)
def test_the_tree_sweep_equals_the_one_point_diagnosis(case):
    ks, lead, points = case
    g = chance_tree(ks, lead)
    pts = [{"s": s, "t": t, "p": p} for s, t, p in points]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sd = diagnose_points(g, "L", pts, regimes=True)
    for k, p in enumerate(pts):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            d = diagnose(g, "L", params=p, conditions=False)
        assert bool(sd.zugzwang[k]) == d.zugzwang and sd.margin[k] == float(d.margin)
        for c, o in enumerate(d.options):
            assert (sd.worst[k, c], sd.best[k, c]) == (float(o.worst), float(o.best))
            assert sd.eq_low[k, c] == float(min(o.reaction_payoffs))
            assert sd.eq_high[k, c] == float(max(o.reaction_payoffs))
        assert sd.regime_labels[sd.regimes[k]] == f"{len(d.whole_game.equilibria.equilibria)} equilibria"


def test_crisis_tree_sweep_points_equal_the_one_point_diagnosis():
    # Three points of the report's sweep (massacre_prob x crush_gain), two sharing a
    # massacre_prob (their aftermath subgames are the same, so the second reuses it).
    g = gt.load(MODELS / "crisis-tree.yaml")
    pts = [{"massacre_prob": F(1, 4), "crush_gain": F(2)}, {"massacre_prob": F(1, 4), "crush_gain": F(5)},
           {"massacre_prob": F(9, 10), "crush_gain": F(3)}]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sd = diagnose_points(g, "Dushanbe", pts, reference="crisis", regimes=True)
    for k, p in enumerate(pts):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            d = diagnose(g, "Dushanbe", reference="crisis", params=p, conditions=False)
        assert bool(sd.zugzwang[k]) == d.zugzwang and sd.margin[k] == float(d.margin)
        assert sd.reference[k] == float(d.reference)
        for c, o in enumerate(d.options):
            assert sd.eq_low[k, c] == float(min(o.reaction_payoffs))
            assert sd.eq_high[k, c] == float(max(o.reaction_payoffs))
            assert (sd.worst[k, c], sd.best[k, c]) == (float(o.worst), float(o.best))
        assert sd.regime_labels[sd.regimes[k]] == f"{len(d.whole_game.equilibria.equilibria)} equilibria"


@pytest.mark.parametrize("exact", [False])
def test_the_cache_is_not_used_in_floating_point(exact):
    # Float solves keep their own tolerance decisions: the cache stays empty.
    g = chance_tree([(1, 2, 0)] * 8, (0, 0, 0))
    cache: dict = {}
    spe_solve(g.substitute(), exact=exact, subgame_cache=cache)
    assert cache == {}
