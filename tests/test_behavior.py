"""Behaviour profiles on trees: realisation probabilities, beliefs, regrets, Kuhn conversions."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from gametheory.exceptions import InvalidGameError, UnsupportedGameError
from gametheory.game import ExtensiveFormGame
from gametheory.game.behavior import MixedBehaviorProfile
from gametheory.io import load

from conftest import CATALOG

TREES = Path(__file__).parent / "data" / "trees"

# Small catalog trees with perfect recall (any number of players) for property tests.
PROPERTY_FILES = [
    "books/myerson1991/fig2_1.efg",
    "books/myerson1991/fig4_2.efg",
    "books/shohamleytonbrown2008/fig6_2.efg",
    "books/vonstengel2022/fig10.5.efg",
    "journals/ijgt/selten1975/fig1.efg",
    "journals/ijgt/selten1975/fig3.efg",
    "journals/mor/vonstengelforges2008/fig9.efg",
    "conf/itcs/jakobsen2016/fig3.efg",
]
GAMES = {f: load(CATALOG / f) for f in PROPERTY_FILES}


def entry():
    return load(TREES / "entry_deterrence.efg")


def random_profile(draw, game):
    probs = []
    for sets in game.infosets:
        row = []
        for h in sets:
            w = draw(st.lists(st.integers(0, 4), min_size=len(h.actions), max_size=len(h.actions)))
            if sum(w) == 0:
                w[draw(st.integers(0, len(w) - 1))] = 1
            row.append([Fraction(x, sum(w)) for x in w])
        probs.append(row)
    return MixedBehaviorProfile(game, probs)


@st.composite
def game_and_profile(draw):
    name = draw(st.sampled_from(PROPERTY_FILES))
    game = GAMES[name]
    return game, random_profile(draw, game)


def test_entry_deterrence_payoffs_regrets_and_labels():
    # Selten (1978): (out, fight) is a Nash equilibrium; (in, fight) is not.
    g = entry()
    p = MixedBehaviorProfile.pure(g, [["out"], ["fight"]])
    assert p.payoffs() == (0, 2)
    assert p.regrets() == (0, 0)
    assert p["Incumbent"]["Incumbent"]["fight"] == 1
    assert p["Entrant", "Entrant", "in"] == 0
    q = MixedBehaviorProfile.pure(g, [["in"], ["fight"]])
    assert q.payoffs() == (-1, -1)
    # Entrant gains 1 by staying out; the incumbent 2 by accommodating.
    assert q.regrets() == (1, 2)
    assert q.max_regret() == 2


def test_realisation_beliefs_and_unreached_sets():
    g = load(TREES / "outside_option_bos.efg")
    p = MixedBehaviorProfile(g, [[[1, 0], [Fraction(3, 4), Fraction(1, 4)]], [[Fraction(1, 4), Fraction(3, 4)]]])
    reach = p.realization_probabilities()
    assert reach[0] == 1 and sum(reach[n.index] for n in g.terminal_nodes()) == 1
    beliefs = p.beliefs()
    assert beliefs[1][0] is None  # Column's set is not reached after "out"
    assert beliefs[0][0] == [1]
    mixed = MixedBehaviorProfile(g, [[[0, 1], [Fraction(3, 4), Fraction(1, 4)]], [[Fraction(1, 4), Fraction(3, 4)]]])
    assert mixed.beliefs()[1][0] == [Fraction(3, 4), Fraction(1, 4)]
    # Column's action values given those beliefs: B gives 3/4 * 1, S gives 1/4 * 3.
    assert mixed.action_values()[1][0] == [Fraction(3, 4), Fraction(3, 4)]
    doc = mixed.to_json()
    assert doc["profile"][1] == [["1/4", "3/4"]]
    assert doc["labels"]["Row"]["enter?"] == {"out": "0", "in": "1"}
    assert list(doc["beliefs"]["Column"]["Column in BoS"].values()) == ["3/4", "1/4"]
    assert doc["payoffs"] == ["3/4", "3/4"]
    none_doc = p.to_json()
    assert all(v is None for v in none_doc["beliefs"]["Column"]["Column in BoS"].values())


def test_marks_and_key():
    g = entry()
    p = MixedBehaviorProfile.pure(g, [["in"], ["accommodate"]])
    assert p.marks() == {0: {1}, 2: {1}}
    assert p.key() == MixedBehaviorProfile.pure(g, [[1], [1]]).key()
    assert p == MixedBehaviorProfile.pure(g, [[1], [1]])


def test_bad_shapes_are_named():
    g = entry()
    with pytest.raises(InvalidGameError, match="2 actions"):
        MixedBehaviorProfile(g, [[[1, 0, 0]], [[1, 0]]])
    with pytest.raises(InvalidGameError, match="information sets"):
        MixedBehaviorProfile(g, [[], [[1, 0]]])


def test_imperfect_recall_regret_is_refused():
    g = load(CATALOG / "books/shohamleytonbrown2008/fig5_12.efg")
    assert not g.has_perfect_recall
    p = MixedBehaviorProfile.uniform(g)
    with pytest.raises(UnsupportedGameError, match="imperfect recall"):
        p.max_regret()


@settings(max_examples=40, deadline=None)
@given(game_and_profile())
def test_kuhn_payoffs_and_regrets_match_the_normal_form(gp):
    # Kuhn (1953): under perfect recall a behaviour profile and its mixed
    # counterpart give the same payoffs, and the tree's best response equals the
    # best pure strategy of the reduced normal form.
    game, prof = gp
    nf = game.to_normal_form()
    mixed = prof.to_mixed(nf)
    assert mixed.payoffs() == prof.payoffs()
    assert mixed.regrets() == prof.regrets()


@settings(max_examples=40, deadline=None)
@given(game_and_profile())
def test_behaviour_mixed_round_trip_keeps_the_realisation_plans(gp):
    game, prof = gp
    back = MixedBehaviorProfile.from_mixed(game, prof.to_mixed(game.to_normal_form()))
    for i in range(game.n_players):
        assert back.realization_plan(i) == prof.realization_plan(i)
    assert back.payoffs() == prof.payoffs()


@settings(max_examples=40, deadline=None)
@given(game_and_profile())
def test_beliefs_are_distributions_where_reached(gp):
    game, prof = gp
    probs = prof.infoset_probabilities()
    for i, row in enumerate(prof.beliefs()):
        for k, mu in enumerate(row):
            if probs[i][k] == 0:
                assert mu is None
            else:
                assert sum(mu) == 1 and all(b >= 0 for b in mu)
    assert prof.distribution_error() == 0


def test_float_profile_matches_exact():
    g = GAMES["books/myerson1991/fig4_2.efg"]
    exact = MixedBehaviorProfile.uniform(g)
    flt = exact.as_float()
    assert not flt.exact
    assert all(abs(float(a) - b) < 1e-12 for a, b in zip(exact.payoffs(), flt.payoffs()))
    assert abs(float(exact.max_regret()) - flt.max_regret()) < 1e-12


def test_deep_tree_is_walked_iteratively():
    g = ExtensiveFormGame.new_tree(["A", "B"])
    v = 0
    for k in range(20000):
        stop, go = g.append_move(v, k % 2, ["stop", "go"])
        g.set_outcome(stop, [1, 0] if k % 2 == 0 else [0, 1])
        v = go.index
    g.set_outcome(v, [2, 2])
    p = MixedBehaviorProfile.pure(g, [["go"] * 10000, ["go"] * 10000])
    assert p.payoffs() == (2, 2)
    assert p.max_regret() == 0


def test_shared_infoset_labels_get_unique_keys():
    g = ExtensiveFormGame.new_tree(["A", "B"])
    x, y = g.append_move(0, "A", ["x", "y"], infoset="move")
    g.append_move(x, "B", ["l", "r"], infoset="move")
    g.append_move(y, "B", ["l", "r"], infoset="other")
    h = g.infosets[1][1]
    h.label = "move"  # two of B's sets now share a label
    p = MixedBehaviorProfile.uniform(g)
    doc = p.to_json()
    assert list(doc["labels"]["B"]) == ["move #1", "move #2"]
    assert p["B"]["move #2"]["l"] == Fraction(1, 2)
