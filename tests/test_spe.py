"""Subgame-perfect equilibria: backward induction, subgames with imperfect information."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from gametheory.exceptions import UnsupportedGameError
from gametheory.game import ExtensiveFormGame
from gametheory.game.behavior import MixedBehaviorProfile
from gametheory.io import load
from gametheory.solvers import solve
from gametheory.solvers.subgame_perfect import (backward_induction, spe_solve, subgame_perfection_regret,
                                                subgame_roots)

import reference
from conftest import CATALOG

TREES = Path(__file__).parent / "data" / "trees"


def pure_choices(profile):
    """{(player, infoset label): action label} for a pure profile."""
    out = {}
    for i, pl in enumerate(profile.probabilities):
        for h, p in zip(profile.game.infosets[i], pl):
            assert sorted(p) == [0] * (len(p) - 1) + [1]
            out[(profile.game.players[i], h.label)] = h.actions[list(p).index(1)]
    return out


def test_entry_deterrence_spe_is_smaller_than_nash():
    # Selten (1978): the stage game has two pure Nash equilibria, (out, fight)
    # and (in, accommodate); only the second is subgame perfect (fighting is
    # an empty threat).
    g = load(TREES / "entry_deterrence.efg")
    res = spe_solve(g)
    assert res.exact and res.complete
    assert [pure_choices(p) for p in res] == [{("Entrant", "Entrant"): "in",
                                                ("Incumbent", "Incumbent"): "accommodate"}]
    assert res[0].payoffs() == (1, 1)
    nash = solve(g.to_normal_form(), method="pure")
    assert len(nash) == 2
    # The empty threat: a Nash equilibrium with positive regret in the subgame after entry.
    threat = MixedBehaviorProfile.pure(g, [["out"], ["fight"]])
    assert threat.max_regret() == 0
    assert subgame_perfection_regret(threat) == 2
    assert subgame_perfection_regret(res[0]) == 0
    assert [(m["player"], m["action"]) for m in res.details["paths"][0]] == [
        ("Entrant", "in"), ("Incumbent", "accommodate")]


def test_centipede_takes_at_once():
    # McKelvey & Palfrey (1992), four-move centipede: backward induction takes
    # at every node, ending the game at once with (40, 10).
    g = load(TREES / "centipede4.efg")
    res = backward_induction(g)
    assert len(res) == 1 and res.complete
    assert set(pure_choices(res[0]).values()) == {"take"}
    assert res[0].payoffs() == (40, 10)
    assert len(res.details["paths"][0]) == 1


def test_chance_move_expected_payoffs():
    # Hand computation: the entrant stays out against the low-cost incumbent
    # (who would fight) and enters against the high-cost one (who accommodates):
    # payoffs 1/3 * (0, 4) + 2/3 * (1, 1) = (2/3, 2).
    g = load(TREES / "chance_entry.efg")
    res = spe_solve(g)
    assert len(res) == 1
    assert pure_choices(res[0]) == {("Entrant", "Entrant (low)"): "out", ("Entrant", "Entrant (high)"): "in",
                                    ("Incumbent", "Incumbent (low)"): "fight",
                                    ("Incumbent", "Incumbent (high)"): "accommodate"}
    assert res[0].payoffs() == (Fraction(2, 3), 2)


def test_outside_option_combines_the_subgame_equilibria():
    # van Damme (1989): the battle-of-the-sexes subgame has three equilibria,
    # (B,B) worth 3 to Row, (S,S) worth 1 and the mixed one (3/4 B, 1/4 B)
    # worth 3/4; Row enters only after (B,B): three subgame-perfect equilibria.
    g = load(TREES / "outside_option_bos.efg")
    assert subgame_roots(g) == [0, 2]
    res = spe_solve(g)
    assert len(res) == 3 and res.complete
    got = sorted((p.payoffs(), tuple(p.probabilities[0][1])) for p in res)
    assert got == sorted([((3, 1), (1, 0)), ((2, 2), (0, 1)),
                          ((2, 2), (Fraction(3, 4), Fraction(1, 4)))])
    for p in res:
        assert subgame_perfection_regret(p) == 0
    limited = spe_solve(g, max_equilibria=2)
    assert len(limited) == 2 and limited.details["limit_hit"] and not limited.complete
    assert any("limit of 2" in w for w in limited.warnings)


def test_ties_are_enumerated():
    # The second mover is indifferent: each tie-break gives its own equilibrium,
    # and the first mover best-responds to each.
    g = ExtensiveFormGame.new_tree(["A", "B"])
    left, right = g.append_move(0, "A", ["L", "R"])
    g.set_outcome(left, [1, 0])
    x, y = g.append_move(right, "B", ["x", "y"])
    g.set_outcome(x, [2, 5])
    g.set_outcome(y, [0, 5])
    res = backward_induction(g)
    assert sorted(tuple(sorted(pure_choices(p).items())) for p in res) == sorted([
        ((("A", ""), "R"), (("B", ""), "x")),
        ((("A", ""), "L"), (("B", ""), "y"))])


def test_three_players_with_chance_match_brute_force():
    g = ExtensiveFormGame.new_tree(["1", "2", "3"])
    a, b = g.append_chance(0, ["a", "b"], [Fraction(1, 4), Fraction(3, 4)])
    for k, node in enumerate((a, b)):
        l, r = g.append_move(node, "1", ["l", "r"])
        g.set_outcome(l, [1 + k, 0, 2])
        u, d = g.append_move(r, "2", ["u", "d"])
        g.set_outcome(u, [2 * k, 3, 1])
        s, t = g.append_move(d, "3", ["s", "t"])
        g.set_outcome(s, [3, 1, 0])
        g.set_outcome(t, [0, 2, 1 - k])
    res = spe_solve(g)
    # Every pure profile that is Nash in every subgame, by brute force.
    import itertools
    sizes = [len(h.actions) for sets in g.infosets for h in sets]
    brute = []
    for combo in itertools.product(*(range(m) for m in sizes)):
        it = iter(combo)
        prof = MixedBehaviorProfile.pure(g, [[next(it) for _ in sets] for sets in g.infosets])
        if subgame_perfection_regret(prof) == 0:
            brute.append(prof.key())
    assert sorted(p.key() for p in res) == sorted(brute)
    # Every pure SPE is listed; player 3 is indifferent after b (s: 0, t: 1 - 1 = 0),
    # so mixing there gives further (mixed) SPE and the list is not complete.
    assert res.details["pure_complete"] and not res.complete
    assert "3's move at node 12" in res.details["ties"]


@st.composite
def perfect_information_tree(draw):
    """A random perfect-information tree with small integer payoffs (ties likely)."""
    n = draw(st.integers(2, 3))
    g = ExtensiveFormGame.new_tree([f"P{i + 1}" for i in range(n)])
    frontier = [0]
    budget = draw(st.integers(1, 6))
    while frontier and budget:
        v = frontier.pop(draw(st.integers(0, len(frontier) - 1)))
        budget -= 1
        m = draw(st.integers(2, 3))
        if draw(st.booleans()) and budget:
            kids = g.append_chance(v, [f"c{j}" for j in range(m)], [Fraction(1, m)] * m)
        else:
            kids = g.append_move(v, draw(st.integers(0, n - 1)), [f"a{j}" for j in range(m)])
        frontier.extend(k.index for k in kids)
    for node in g.terminal_nodes():
        g.set_outcome(node, [draw(st.integers(0, 2)) for _ in range(n)])
    return g


@settings(max_examples=40, deadline=None)
@given(perfect_information_tree())
def test_backward_induction_finds_every_pure_spe(g):
    import itertools
    res = backward_induction(g)
    sizes = [len(h.actions) for sets in g.infosets for h in sets]
    brute = set()
    for combo in itertools.product(*(range(m) for m in sizes)):
        it = iter(combo)
        prof = MixedBehaviorProfile.pure(g, [[next(it) for _ in sets] for sets in g.infosets])
        if subgame_perfection_regret(prof) == 0:
            brute.add(prof.key())
    assert {p.key() for p in res} == brute
    for p in res:
        assert p.max_regret() == 0


HORSE = "journals/ijgt/selten1975/fig1.efg"


def horse_pure_spe():
    """Selten (1975), fig. 1 (the horse): the only subgame is the game itself, so
    every Nash equilibrium is subgame perfect; returns the pure ones found here."""
    g = load(CATALOG / HORSE)
    assert subgame_roots(g) == [0]
    res = spe_solve(g)
    for p in res:
        assert p.max_regret() == 0
    return {p.key() for p in res if all(max(b) == 1 for pl in p.probabilities for b in pl)}


def test_selten_horse_has_no_proper_subgame():
    # The pure ones are exactly those of pygambit's pure-strategy enumeration
    # (stored in tests/reference/catalog.json).
    entry = next(e for e in reference.load("catalog")["games"] if e["id"] == "gambit-catalog/" + HORSE)
    theirs = reference.freeze(reference.fractions(entry["pygambit_enumpure"]["behaviour"]))
    assert horse_pure_spe() == set(theirs)


@pytest.mark.crosscheck
def test_selten_horse_pure_spe_match_pygambit_live():
    import pygambit
    gg = pygambit.read_efg(str(CATALOG / HORSE))
    theirs = set()
    for mixed in pygambit.nash.enumpure_solve(gg).equilibria:
        eq = mixed.as_behavior()
        theirs.add(tuple(tuple(tuple(Fraction(str(eq[a])) for a in h.actions) for h in pl.infosets)
                         for pl in gg.players))
    assert horse_pure_spe() == theirs


def test_float_mode_and_solve_dispatch():
    g = load(TREES / "chance_entry.efg")
    res = solve(g, method="spe", exact=False)
    assert not res.exact
    assert abs(res[0].payoffs()[0] - 2 / 3) < 1e-12


def test_imperfect_recall_is_refused():
    g = load(CATALOG / "books/shohamleytonbrown2008/fig5_12.efg")
    with pytest.raises(UnsupportedGameError, match="perfect recall"):
        spe_solve(g)
    with pytest.raises(UnsupportedGameError, match="perfect information"):
        backward_induction(load(TREES / "outside_option_bos.efg"))


def test_twenty_thousand_levels():
    # A 20,000-move centipede-like race; iterative throughout.
    g = ExtensiveFormGame.new_tree(["A", "B"])
    v = 0
    n = 20000
    for k in range(n):
        take, go = g.append_move(v, k % 2, ["take", "pass"])
        g.set_outcome(take, [k + 2, k] if k % 2 == 0 else [k, k + 2])
        v = go.index
    g.set_outcome(v, [n, n])
    res = spe_solve(g)
    # Work, not time: every decision node of a perfect-information tree roots a
    # subgame, each solved by backward induction (none through a normal form).
    assert len(res.details["subgame_roots"]) == n
    assert res.details["subgames_solved_in_normal_form"] == 0
    assert len(res) == 1
    assert res[0].payoffs() == (2, 0)
    assert res.details["paths"][0] == [{"node": 0, "player": "A", "action": "take",
                                        "probability": 1}]


def test_a_profile_failing_a_subgame_is_refused(monkeypatch):
    # The final check is real: feed the empty threat (out, fight) through it.
    import gametheory.solvers.subgame_perfect as sp
    from gametheory.exceptions import SolverError
    g = load(TREES / "entry_deterrence.efg")
    threat = MixedBehaviorProfile.pure(g, [["out"], ["fight"]])
    monkeypatch.setattr(sp, "_materialize", lambda game, sol, exact: threat)
    with pytest.raises(SolverError, match="regret 2 in a subgame"):
        sp.spe_solve(g)


def test_float_payoffs_are_judged_relative_to_their_range():
    # 0.1 + 0.2 is 0.30000000000000004 in binary floating point, a different
    # number from 0.3.  Shifting every payoff by -0.3 changes no equilibrium and
    # leaves 5.55e-17 against 0: a strict preference for "a".  Tolerances relative
    # to the payoff range (issue 16) keep that answer in float mode too, so both
    # modes find the one SPE, and the shifted and scaled copy agrees.
    def tree(x, y):
        g = ExtensiveFormGame.new_tree(["A"])
        a, b = g.append_move(0, "A", ["a", "b"])
        g.set_outcome(a, [x])
        g.set_outcome(b, [y])
        return g
    for g in (tree(0.1 + 0.2, 0.3), tree((0.1 + 0.2 - 0.3) * 1e16, 0.0)):
        for exact in (False, True):
            res = spe_solve(g, exact=exact)
            assert len(res) == 1
            assert res[0].probabilities[0][0][0] == 1   # "a"


# ---------------------------------------------------------------------- completeness claims (issue 16)
ULTIMATUM = Path(__file__).parents[1] / "games" / "classics" / "ultimatum.yaml"


def test_ultimatum_lists_the_pure_spe_and_says_mixed_ones_are_missing():
    # Pie of 4, whole-unit offers 0..3.  By hand: the responder accepts every
    # positive offer (it gets >= 1 > 0) and is indifferent at offer 0 (0 either
    # way).  Pure SPE: accept 0 -> the proposer offers 0 (gets 4); reject 0 ->
    # the proposer offers 1 (gets 3 > 0).  Mixed: accept 0 with probability p;
    # offering 0 gives the proposer 4p, offering 1 gives 3, so "offer 0" is
    # optimal for every p >= 3/4: a continuum of SPE that are not pure.
    g = load(ULTIMATUM)
    res = spe_solve(g)
    offers = sorted(equilibrium_offer(p) for p in res)
    assert offers == ["offer 0", "offer 1"]
    assert not res.complete
    assert res.details["pure_complete"] is True
    assert len(res.details["ties"]) == 1 and "Responder" in res.details["ties"][0]
    assert any("not listed" in w for w in res.warnings)
    # The mixed SPE with p = 3/4 exists (zero regret in every subgame) ...
    mixed = _ultimatum_profile(g, Fraction(3, 4))
    assert subgame_perfection_regret(mixed) == 0
    assert mixed.payoffs() == (3, 0)
    # ... and p = 1/2 is not one (the proposer would rather offer 1: 3 > 4 * 1/2).
    assert subgame_perfection_regret(_ultimatum_profile(g, Fraction(1, 2))) == 1
    assert mixed.key() not in {p.key() for p in res}


def equilibrium_offer(profile):
    (h,) = profile.game.infosets[0]
    return h.actions[list(profile.probabilities[0][0]).index(1)]


def _ultimatum_profile(g, p):
    """Offer 0 for sure; the responder accepts 0 with probability p and every other offer."""
    resp = []
    for h in g.infosets[1]:
        node = g.nodes[h.members[0]]
        first = "0" in (node.label or "").split(" on ")[0]
        acc = p if first else Fraction(1)
        resp.append([acc, 1 - acc] if h.actions[0] == "accept" else [1 - acc, acc])
    prop = [[Fraction(1)] + [Fraction(0)] * (len(g.infosets[0][0].actions) - 1)]
    return MixedBehaviorProfile(g, [prop, resp], exact=True)


def test_no_tie_means_complete():
    # Entry deterrence (Selten 1978) has no tie after entry (accommodate 1 > fight -1):
    # one SPE and nothing else, so the claim of completeness holds.
    res = spe_solve(load(TREES / "entry_deterrence.efg"))
    assert res.complete and res.details["ties"] == []


def _three_mover_tree():
    """Chance, then A and B and C at one information set each (simultaneous moves),
    so the root is the only subgame and it has three movers: 2 x 2 x 2 = 8 profiles.
    Payoffs: C gets 1 for matching A, A gets 1 for matching B, B for mismatching C;
    a cyclic matching game (Jordan 1993) whose only equilibrium is totally mixed
    (1/2, 1/2, 1/2): no pure profile is stable, as each player wants to switch."""
    g = ExtensiveFormGame.new_tree(["A", "B", "C"])
    (a0, a1) = g.append_move(0, "A", ["a0", "a1"])
    for an, ai in ((a0, 0), (a1, 1)):
        bs = g.append_move(an.index, "B", ["b0", "b1"], infoset="B")
        for bj, bn in enumerate(bs):
            cs = g.append_move(bn.index, "C", ["c0", "c1"], infoset="C")
            for ck, cn in enumerate(cs):
                g.set_outcome(cn.index, [int(ai == bj), int(bj != ck), int(ck == ai)])
    return g


def test_subgame_limit_falls_back_and_says_so():
    g = _three_mover_tree()
    full = spe_solve(g)
    assert full.complete and len(full) == 1
    assert all(list(b) == [Fraction(1, 2)] * 2 for pl in full[0].probabilities for b in pl)
    # With the limit below 8 profiles: no pure equilibrium exists (checked by hand
    # above), so one simpdiv equilibrium is used, and the result says it is not complete.
    capped = spe_solve(g, subgame_limit=4)
    assert not capped.complete and capped.details["pure_complete"] is False
    assert any("above the limit of 4" in w for w in capped.warnings)
    assert len(capped) == 1 and capped[0].max_regret() == 0
