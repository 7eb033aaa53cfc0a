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
    # Every way returned does make the target stable for every DM.
    for sol in res.solutions:
        ranks = np.array(conflict.ranks)
        for change in sol:
            ranks[change.dm] = change.ranks
        assert stable(conflict.with_ranks(ranks), concept)[:, target].all()
    if concept in ("nash", "gmr", "smr"):
        # Only demotions can help here: the brute force above is the whole search space.
        if not sizes:
            assert not res.solutions
        else:
            assert res.minimal_change == min(sizes)
    else:
        # SEQ also searches re-orderings below the target (a sanction made credible):
        # never worse than the best demotions alone, and nothing found only if no
        # demotion works either.
        if sizes:
            assert res.minimal_change is not None and res.minimal_change <= min(sizes)
        if not res.solutions:
            assert not sizes


def test_inverse_cli():
    r = CliRunner().invoke(main, ["inverse", str(DATA / "prisoners.yaml"), "--target", "CC",
                                  "--dm", "A", "--dm", "B", "-c", "nash"])
    assert r.exit_code == 0, r.output
    assert "minimal change: 2" in r.output and "A: no longer prefers DC to the target" in r.output
    r = CliRunner().invoke(main, ["inverse", str(DATA / "prisoners.yaml"), "--target", "XX", "--dm", "A"])
    assert r.exit_code == 2


def test_seq_searches_reorderings_below_the_target():
    # Graph form: J can move s -> t; I can move t -> u.  J ranks t > s > u: its UI t from s
    # is sanctioned only by I's move to u.  I ranks s > t > u: that move is not an
    # improvement for I, so the sanction is not credible and s is not SEQ-stable for J
    # (it is GMR-stable: any sanction counts).  I has no state above s: demotions cannot
    # help.  Re-ordering below s, I coming to prefer u to t (one promotion), makes the
    # sanction credible: s becomes a SEQ equilibrium (I has no move at s).
    c = from_graph(["I", "J"], ["s", "t", "u"], {"I": [("t", "u")], "J": [("s", "t")]},
                   {"I": ["s", "t", "u"], "J": ["t", "s", "u"]})
    assert not stable(c, "seq")[1, c.state("s")] and stable(c, "gmr")[:, c.state("s")].all()
    res = inverse(c, "s", ["I"], "seq")
    assert res.minimal_change == 1 and res.complete
    (change,), = res.solutions
    assert change.demoted == () and change.promoted == ((c.state("t"), c.state("u")),)
    new = change.ranks
    assert new[c.state("s")] > new[c.state("u")] > new[c.state("t")]
    assert stable(c.with_ranks(np.array([new, c.ranks[1]])), "seq")[:, c.state("s")].all()
    assert res.to_dict()["solutions"][0][0]["now_preferred"] == [{"state": "u", "to": "t"}]
    # SEQ+SIM searches them too (SIM is refused in graph form, so check SEQ's half only);
    # GMR needs nothing: s is already a GMR equilibrium.
    assert inverse(c, "s", ["I"], "gmr").already_stable


def test_sim_does_not_depend_on_reorderings_below_the_target():
    # The docs' argument, checked: on random conflicts, re-ordering every DM's states below
    # a target among themselves (reversing them) leaves the target's SIM stability unchanged.
    from gametheory.conflict import from_options
    from gametheory.conflict.model import Option
    rng = np.random.default_rng(7)
    moved_above = 0
    for _ in range(30):
        c = from_options(["A", "B", "C"], [Option("a", 0), Option("b", 1), Option("c", 2), Option("d", 0)])
        c = c.with_ranks(rng.integers(0, 6, size=(3, c.n_states)))
        s = int(rng.integers(c.n_states))
        ranks = np.array(c.ranks)
        for i in range(3):
            below = ranks[i] < ranks[i, s]
            if not below.any():
                continue
            ranks[i, below] = ranks[i, s] - 1 - (ranks[i, below].max() - ranks[i, below])  # reversed, still below
        assert np.array_equal(stable(c, "sim")[:, s], stable(c.with_ranks(ranks), "sim")[:, s])
        # by contrast, lifting every state above the target for A does change it at times
        lifted = np.array(c.ranks)
        lifted[0] = np.where(np.arange(c.n_states) == s, lifted[0, s], lifted[0].max() + 1)
        moved_above += not np.array_equal(stable(c, "sim")[:, s], stable(c.with_ranks(lifted), "sim")[:, s])
    assert moved_above > 0
