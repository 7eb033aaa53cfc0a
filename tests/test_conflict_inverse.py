"""Inverse analysis: the smallest preference changes that make a state an equilibrium."""
from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from test_conflict_stability import option_conflicts

from gametheory.cli import main
from gametheory.conflict import from_graph, load, stable
from gametheory.conflict.inverse import demote, inverse

DATA = Path(__file__).resolve().parent / "data" / "conflict"


def test_prisoners_dilemma_cooperation_as_nash_equilibrium():
    # CC is not Nash: A prefers DC, B prefers CD (one state above CC for each).  Making CC
    # Nash for both needs A to stop preferring DC and B to stop preferring CD: 2 changes.
    # With only A's preferences free it is impossible (B still defects).  Under GMR, CC is
    # already an equilibrium.
    pd = load(DATA / "prisoners.yaml")
    res = inverse(pd, "CC", ["A", "B"], "nash")
    assert res.minimal_change == 2 and res.complete
    assert [[(pd.decision_makers[p.dm], [pd.states[s] for s in p.demoted]) for p in sol]
            for sol in res.solutions] == [[("A", ["DC"]), ("B", ["CD"])]]
    ranks = np.array(pd.ranks)
    for p in res.solutions[0]:
        ranks[p.dm] = p.ranks
    assert stable(pd.with_ranks(ranks), "nash")[:, pd.state("CC")].all()
    assert not inverse(pd, "CC", ["A"], "nash").solutions
    assert inverse(pd, "CC", ["A"], "gmr").already_stable
    assert not inverse(pd, "CC", ["A", "B"], "nash", max_changes=0).solutions


def test_demoting_one_state_beats_promoting_the_target():
    # A ranks t > x > y > s and can only move s -> t.  Promoting s above t would change
    # its relation to three states; A only has to stop preferring t: one change.
    c = from_graph(["A", "B"], ["s", "x", "y", "t"], {"A": [("s", "t")], "B": []},
                   {"A": ["t", "x", "y", "s"], "B": [["s", "x", "y", "t"]]})
    res = inverse(c, "s", ["A"], "nash")
    assert res.minimal_change == 1
    assert [c.states[x] for x in res.solutions[0][0].demoted] == ["t"]
    new = res.solutions[0][0].ranks
    assert new[c.state("t")] == new[c.state("s")] < new[c.state("y")] < new[c.state("x")]


def test_elmira_status_quo_for_the_local_government():
    # State 1 is GMR but not SEQ: LG's UI to 5 is sanctioned only by UR abandoning, which
    # is not an improvement for UR.  If LG no longer prefers 5 to 1, LG has no UI from 1
    # (its only move there is 1 -> 5): Nash-, hence SEQ-stable.  MoE and UR have no UI at 1
    # (see test_elmira): one change suffices, and it is the only one of size 1 that works
    # (LG's other states above 1, 7 and 3, are not reachable from 1 by LG).
    el = load(DATA / "elmira.yaml")
    res = inverse(el, "1", ["LG"], "seq")
    assert res.minimal_change == 1
    assert [[el.states[s] for s in sol[0].demoted] for sol in res.solutions] == [["5"]]


@settings(max_examples=15)
@given(option_conflicts(max_options=3, max_dms=2), st.sampled_from(["nash", "gmr", "smr", "seq"]))
def test_minimal_change_is_minimal(conflict, concept):
    # Brute force over every set of states DM 0 might stop preferring to the target.
    target = 0
    res = inverse(conflict, target, [0], concept)
    if res.already_stable:
        assert stable(conflict, concept)[:, target].all()
        return
    r = conflict.ranks[0]
    above = np.nonzero(r > r[target])[0].tolist()
    sizes = []
    for k in range(1, len(above) + 1):
        for pick in combinations(above, k):
            ranks = np.array(conflict.ranks)
            ranks[0] = demote(r, target, pick)
            if stable(conflict.with_ranks(ranks), concept)[:, target].all():
                sizes.append(k)
    if not sizes:
        assert not res.solutions
    else:
        assert res.minimal_change == min(sizes)


def test_inverse_cli():
    r = CliRunner().invoke(main, ["inverse", str(DATA / "prisoners.yaml"), "--target", "CC",
                                  "--dm", "A", "--dm", "B", "-c", "nash"])
    assert r.exit_code == 0, r.output
    assert "minimal change: 2" in r.output and "A: no longer prefers DC to the target" in r.output
    r = CliRunner().invoke(main, ["inverse", str(DATA / "prisoners.yaml"), "--target", "XX", "--dm", "A"])
    assert r.exit_code == 2
