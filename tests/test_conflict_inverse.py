"""Inverse analysis: the smallest preference changes that make a state an equilibrium."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.cli import main
from gametheory.conflict import load, stable
from gametheory.conflict.inverse import inverse, placements
from test_conflict_stability import option_conflicts

DATA = Path(__file__).resolve().parent / "data" / "conflict"


def test_prisoners_dilemma_cooperation_as_nash_equilibrium():
    # CC is not Nash: A prefers DC, B prefers CD (one state above CC for each).  Making CC
    # Nash for both needs A to stop preferring DC and B to stop preferring CD: 2 changes,
    # the mildest being ties.  With only A's preferences free it is impossible (B still
    # defects).  Under GMR, CC is already an equilibrium.
    pd = load(DATA / "prisoners.yaml")
    res = inverse(pd, "CC", ["A", "B"], "nash")
    assert res.minimal_change == 2
    first = res.solutions[0]
    assert [(pd.decision_makers[p.dm], [pd.states[s] for s in p.changed], p.tie) for p in first] == \
        [("A", ["DC"], True), ("B", ["CD"], True)]
    for sol in res.solutions:
        ranks = np.array(pd.ranks)
        for p in sol:
            ranks[p.dm] = p.ranks
        assert stable(pd.with_ranks(ranks), "nash")[:, pd.state("CC")].all()
    assert not inverse(pd, "CC", ["A"], "nash").solutions
    assert inverse(pd, "CC", ["A"], "gmr").already_stable
    assert not inverse(pd, "CC", ["A", "B"], "nash", max_changes=0).solutions


def test_elmira_status_quo_for_the_local_government():
    # State 1 is GMR but not SEQ: LG's UI to 5 is sanctioned only by UR abandoning, which
    # is not an improvement for UR.  LG ranks 7 > 3 > 5 above 1; the smallest promotion of 1
    # (tied with 5) removes LG's only UI from 1, so LG becomes Nash-, hence SEQ-stable there.
    # MoE and UR have no UI at 1 (Nash-stable, see test_elmira): one change suffices.
    el = load(DATA / "elmira.yaml")
    res = inverse(el, "1", ["LG"], "seq")
    assert res.minimal_change == 1
    assert [el.states[s] for s in res.solutions[0][0].changed] == ["5"]


@settings(max_examples=15)
@given(option_conflicts(max_options=4, max_dms=2), st.sampled_from(["nash", "gmr", "seq"]))
def test_minimal_change_is_minimal(conflict, concept):
    # Brute force over every placement combination: no combination with a smaller total
    # change makes the target an equilibrium.
    target = 0
    res = inverse(conflict, target, [0, 1], concept)
    if res.already_stable:
        assert stable(conflict, concept)[:, target].all()
        return
    opts = [placements(conflict, i, target) for i in (0, 1)]
    feasible = []
    for a in opts[0]:
        for b in opts[1]:
            ranks = np.array(conflict.ranks)
            ranks[0], ranks[1] = a.ranks, b.ranks
            if stable(conflict.with_ranks(ranks), concept)[:, target].all():
                feasible.append(a.change + b.change)
    if not feasible:
        assert not res.solutions
    else:
        assert res.minimal_change == min(feasible)


def test_inverse_cli():
    r = CliRunner().invoke(main, ["inverse", str(DATA / "prisoners.yaml"), "--target", "CC",
                                  "--dm", "A", "--dm", "B", "-c", "nash"])
    assert r.exit_code == 0, r.output
    assert "minimal change: 2" in r.output
    r = CliRunner().invoke(main, ["inverse", str(DATA / "prisoners.yaml"), "--target", "XX", "--dm", "A"])
    assert r.exit_code == 2
