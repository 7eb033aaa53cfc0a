"""Sequence form (Koller, Megiddo & von Stengel 1996), Lemke's algorithm and the LP."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings

from gametheory.exceptions import UnsupportedGameError
from gametheory.game import ExtensiveFormGame
from gametheory.game.behavior import MixedBehaviorProfile
from gametheory.game.examples import k_card_poker as poker
from gametheory.io import load
from gametheory.solvers import solve
from gametheory.solvers.sequence_form import seqform_solve, sequence_form
from gametheory.solvers.subgame_perfect import backward_induction
from tree_strategies import matching_pennies_tree, perfect_information_trees

import reference
from conftest import CATALOG

TREES = Path(__file__).parent / "data" / "trees"


def catalog_two_player_perfect_recall():
    out = []
    for path in sorted(CATALOG.rglob("*.efg")):
        g = load(path)
        if g.n_players == 2 and g.has_perfect_recall:
            out.append(path)
    return out


CATALOG_FILES = catalog_two_player_perfect_recall()
# pygambit's answers on the catalog (tests/reference/catalog.json, by file).
STORED = {e["id"]: e for e in reference.load("catalog")["games"]}


def gambit_profile(game, probs):
    """A behaviour profile from Gambit's probabilities (its players and information
    sets in file order, as ours)."""
    return MixedBehaviorProfile(game, probs)


def check_catalog_equilibrium(path, unique, theirs):
    """Our equilibrium has zero regret in both LCP paths; when Gambit's enummixed finds
    a unique equilibrium, its realisation plans are Gambit's tree LCP answer's."""
    game = load(path)
    for lp in (None, False):
        res = seqform_solve(game, lp=lp)
        assert res.exact and len(res) == 1
        eq = res[0]
        assert eq.max_regret() == 0 and eq.distribution_error() == 0
    if unique:
        theirs = gambit_profile(game, theirs)
        # Compare realisation plans (behaviour where a player's own moves exclude
        # an information set is arbitrary).
        for i in range(2):
            assert eq.realization_plan(i) == theirs.realization_plan(i)


@pytest.mark.parametrize("path", CATALOG_FILES, ids=lambda p: str(p.relative_to(CATALOG)))
def test_catalog_equilibrium_has_zero_regret_and_matches_gambit_when_unique(path):
    entry = STORED["gambit-catalog/" + path.relative_to(CATALOG).as_posix()]
    check_catalog_equilibrium(path, entry["pygambit_enummixed"]["count"] == 1,
                              reference.fractions(entry["pygambit_lcp_tree"][0]["behaviour"]))


@pytest.mark.crosscheck
@pytest.mark.parametrize("path", CATALOG_FILES, ids=lambda p: str(p.relative_to(CATALOG)))
def test_catalog_equilibrium_matches_pygambit_live(path):
    import pygambit
    gg = pygambit.read_efg(str(path))
    unique = len(pygambit.nash.enummixed_solve(gg, rational=True).equilibria) == 1
    eq = pygambit.nash.lcp_solve(gg, rational=True, use_strategic=False).equilibria[0]
    check_catalog_equilibrium(path, unique, [[[Fraction(str(eq[a])) for a in h.actions]
                                              for h in pl.infosets] for pl in gg.players])


def test_some_catalog_games_have_a_unique_equilibrium():
    # Guard: the comparison with pygambit above is not vacuous.
    assert len(CATALOG_FILES) >= 10
    count = sum(STORED["gambit-catalog/" + p.relative_to(CATALOG).as_posix()]["pygambit_enummixed"]["count"] == 1
                for p in CATALOG_FILES)
    assert count >= 4


def test_kuhn_poker_value_and_second_player_strategy():
    # Kuhn (1950), "A simplified two-person poker": the game's value to the
    # first player is -1/18; the second player's equilibrium strategy is unique:
    # with the lowest card bet 1/3 after a check and fold to a bet; with the
    # middle card check and call 1/3; with the highest always bet and call.
    g = poker(3)
    expected = {"B0c": [Fraction(2, 3), Fraction(1, 3)], "B0b": [1, 0], "B1c": [1, 0],
                "B1b": [Fraction(2, 3), Fraction(1, 3)], "B2c": [0, 1], "B2b": [0, 1]}
    for lp in (True, False):
        res = seqform_solve(g, lp=lp)
        eq = res[0]
        assert eq.payoffs() == (Fraction(-1, 18), Fraction(1, 18))
        bob = eq["Bob"]
        assert {k: list(bob[k].array) for k in bob} == expected
    assert res.details["algorithm"] == "lemke"


def test_sequence_form_is_linear_in_the_tree():
    g = poker(3)
    sf = sequence_form(g)
    # One sequence per action plus the empty one; one payoff entry per leaf at most.
    assert sf.sizes == (13, 13, 7, 7)
    assert len(sf.A) <= sf.leaves == 30
    E = sf.constraint_matrix(0).toarray()
    assert E.shape == (7, 13) and E[0, 0] == 1 and (E.sum(axis=1)[1:] == 1).all()


def test_matching_pennies_tree():
    g = matching_pennies_tree()
    for lp in (True, False):
        eq = seqform_solve(g, lp=lp)[0]
        half = Fraction(1, 2)
        assert [list(p) for pl in eq.probabilities for p in pl] == [[half, half], [half, half]]


def test_general_sum_float_matches_exact():
    g = poker(4, rake=Fraction(1, 10))
    ex = seqform_solve(g)
    fl = seqform_solve(g, exact=False)
    assert ex.details["algorithm"] == fl.details["algorithm"] == "lemke"
    assert fl.details["pivots"] == ex.details["pivots"]
    for a, b in zip(ex[0].payoffs(), fl[0].payoffs()):
        assert abs(float(a) - b) < 1e-9


def test_large_trees():
    # 40 cards: 1560 deals, 14,041 nodes, 161 sequences per player.
    g = poker(40)
    assert len(g.nodes) == 14041
    zs = seqform_solve(g)  # constant-sum: one LP per player, rebuilt exactly
    assert zs.details["algorithm"] == "lp" and zs.exact
    # 5 leaves per deal (check-check, check-bet-fold/call, bet-fold/call): 7,800.
    assert zs.details["sequences"] == [161, 161] and zs.details["leaves"] == 5 * 1560
    assert zs[0].max_regret() == 0
    raked = seqform_solve(poker(40, rake=Fraction(1, 10)), exact=False)
    assert raked.details["algorithm"] == "lemke"
    # Work, not time: Lemke's path is bounded by the LCP's size (one pivot per
    # variable would be 2 x 161 sequences + 2 x 41 information sets).
    assert 0 < raked.details["pivots"] <= 4 * (161 + 161 + 41 + 41)


@settings(max_examples=30, deadline=None)
@given(perfect_information_trees(players=("Max", "Min"), max_moves=7, zero_sum=True))
def test_backward_induction_agrees_with_the_sequence_form(g):
    # Zermelo/Kuhn: in a zero-sum perfect-information tree every equilibrium
    # has the backward-induction value; both the LP and Lemke's path find it.
    spe = backward_induction(g)
    value = spe[0].payoffs()
    assert all(p.payoffs() == value for p in spe)
    for lp in (True, False):
        res = seqform_solve(g, lp=lp)
        assert res[0].payoffs() == value
        assert res[0].max_regret() == 0


def test_solve_dispatch_and_errors():
    g = load(TREES / "entry_deterrence.efg")
    res = solve(g, method="seqform")
    assert res.method == "seqform" and res[0].max_regret() == 0
    three = load(CATALOG / "journals/ijgt/selten1975/fig1.efg")
    with pytest.raises(UnsupportedGameError, match="two players"):
        seqform_solve(three)
    forgetful = load(CATALOG / "books/shohamleytonbrown2008/fig5_12.efg")
    with pytest.raises(UnsupportedGameError, match="imperfect recall"):
        seqform_solve(forgetful)


def test_huge_lcp_is_refused_with_a_pointer():
    g = ExtensiveFormGame.new_tree(["A", "B"])
    v = 0
    for k in range(6000):
        stop, go = g.append_move(v, k % 2, ["stop", "go"])
        g.set_outcome(stop, [1, 0] if k % 2 == 0 else [0, 2])
        v = go.index
    g.set_outcome(v, [3, 3])
    with pytest.raises(UnsupportedGameError, match="backward induction"):
        seqform_solve(g, exact=False, lp=False)
