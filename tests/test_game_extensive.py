"""Unit tests of the game-tree model (gametheory.game.extensive)."""
from __future__ import annotations

import sys
from fractions import Fraction as F
from fractions import Fraction

import numpy as np
import pytest

from gametheory.exceptions import InvalidGameError
from gametheory.game.extensive import CHANCE, ExtensiveFormGame, Outcome
from gametheory.game.normal import NormalFormGame


def arr(rows):
    return np.array([[F(v) for v in row] for row in rows], dtype=object)


# ---------------------------------------------------------------------- textbook trees
def entry_game():
    """Out (2,2) or In; after In, 2 fights (0,0) or accommodates; then 1 picks a (3,1)
    or b (1,3).  Player 1 has four plans but three reduced strategies (Out, In/a, In/b):
    the reduced strategic form of Osborne & Rubinstein (1994), ch. 6."""
    g = ExtensiveFormGame.new_tree(["1", "2"], title="entry")
    out, inn = g.append_move(0, "1", ["Out", "In"])
    fight, acc = g.append_move(inn, "2", ["F", "A"])
    a, b = g.append_move(acc, "1", ["a", "b"])
    g.set_outcome(out, [2, 2])
    g.set_outcome(fight, [0, 0])
    g.set_outcome(a, [3, 1])
    g.set_outcome(b, [1, 3])
    return g


def myerson_poker():
    """Myerson (1991), Section 2.1 (Figure 2.1): one-card poker.  Its normal form is
    Myerson's Table 2.1: Fred's strategies Rr, Rf, Fr, Ff against Alice's M, P."""
    g = ExtensiveFormGame.new_tree(["Fred", "Alice"], title="poker")
    red, black = g.append_chance(0, ["Red", "Black"], [F(1, 2), F(1, 2)])
    r_raise, r_fold = g.append_move(red, "Fred", ["R", "F"])
    b_raise, b_fold = g.append_move(black, "Fred", ["r", "f"])
    meet_r, pass_r = g.append_move(r_raise, "Alice", ["M", "P"], infoset="alice")
    meet_b, pass_b = g.append_move(b_raise, "Alice", infoset="alice")
    g.set_outcome(meet_r, [2, -2])
    g.set_outcome(pass_r, [1, -1])
    g.set_outcome(r_fold, [1, -1])  # folding with red wins, as in Myerson's text
    g.set_outcome(meet_b, [-2, 2])
    g.set_outcome(pass_b, [1, -1])
    g.set_outcome(b_fold, [-1, 1])
    return g


def absent_minded_driver():
    """Piccione & Rubinstein (1997): both intersections are one information set;
    exit at the first pays 0, at the second 4, never exiting pays 1."""
    g = ExtensiveFormGame.new_tree(["driver"])
    exit1, cont1 = g.append_move(0, "driver", ["exit", "continue"], infoset="junction")
    exit2, cont2 = g.append_move(cont1, "driver", infoset="junction")
    g.set_outcome(exit1, [0])
    g.set_outcome(exit2, [4])
    g.set_outcome(cont2, [1])
    return g


def forgetful():
    """Player 1 moves L/R, then moves again without remembering that move
    (Kuhn 1953's example of imperfect recall)."""
    g = ExtensiveFormGame.new_tree(["1", "2"])
    left, right = g.append_move(0, "1", ["L", "R"])
    kids = g.append_move(left, "1", ["a", "b"], infoset="forgot")
    kids += g.append_move(right, "1", infoset="forgot")
    for k, node in enumerate(kids):
        g.set_outcome(node, [k, -k])
    return g


def test_entry_game_reduced_strategic_form():
    g = entry_game()
    nf = g.to_normal_form()
    assert nf.strategies == (("Out", "In/a", "In/b"), ("F", "A"))
    assert np.array_equal(nf.payoffs[0], arr([[2, 2], [0, 3], [0, 1]]))
    assert np.array_equal(nf.payoffs[1], arr([[2, 2], [0, 1], [0, 3]]))
    assert nf.plans[0] == [{1: 0}, {1: 1, 2: 0}, {1: 1, 2: 1}]
    assert g.reduced_strategies("1") == nf.plans[0]
    full = g.to_normal_form(reduced=False)
    assert full.shape == (4, 2)
    assert full.metadata["reduced"] is False and nf.metadata["reduced"] is True


def test_myerson_poker_normal_form():
    nf = myerson_poker().to_normal_form()
    assert nf.strategies == (("R/r", "R/f", "F/r", "F/f"), ("M", "P"))
    fred = arr([[0, 1], [F(1, 2), 0], [F(-1, 2), 1], [0, 0]])
    assert np.array_equal(nf.payoffs[0], fred)
    assert np.array_equal(nf.payoffs[1], -fred)
    assert nf.is_zero_sum


def test_absent_minded_driver_has_imperfect_recall():
    g = absent_minded_driver()
    assert not g.has_perfect_recall
    problems = g.perfect_recall_violations()
    assert any("contains a node and its descendant" in p for p in problems)
    with pytest.raises(InvalidGameError, match="imperfect recall"):
        g.check_perfect_recall()
    # without perfect recall the normal form lists plans: exit -> 0, continue -> 1
    nf = g.to_normal_form()
    assert nf.metadata["reduced"] is False
    assert nf.strategies == (("exit", "continue"),)
    assert list(nf.payoffs[0]) == [F(0), F(1)]


def test_forgetting_ones_own_move_is_imperfect_recall():
    g = forgetful()
    problems = g.perfect_recall_violations()
    assert len(problems) == 1
    assert "cannot tell apart nodes reached by different own earlier moves" in problems[0]
    assert not g.is_perfect_information
    nf = g.to_normal_form()
    assert nf.shape == (4, 1)
    # plan R/b: the fourth leaf (k = 3)
    assert nf.payoff(("R/b", 0)) == (F(3), F(-3))


def test_simultaneous_moves_have_perfect_recall_but_not_perfect_information():
    g = myerson_poker()
    assert g.has_perfect_recall and g.perfect_recall_violations() == []
    assert not g.is_perfect_information
    assert entry_game().is_perfect_information


def test_selten_horse_reduced_form():
    # Selten (1975), Figure 1: player 3 cannot tell whether 1 or 2 ended the game.
    g = ExtensiveFormGame.new_tree(["1", "2", "3"])
    c1, d1 = g.append_move(0, "1", ["C", "D"])
    c2, d2 = g.append_move(c1, "2", ["c", "d"])
    g.set_outcome(c2, [1, 1, 1])
    l1, r1 = g.append_move(d1, "3", ["L", "R"], infoset="3")
    l2, r2 = g.append_move(d2, "3", infoset="3")
    for node, pay in ((l1, [0, 0, 0]), (r1, [3, 2, 2]), (l2, [4, 4, 0]), (r2, [0, 0, 1])):
        g.set_outcome(node, pay)
    nf = g.to_normal_form()
    assert nf.shape == (2, 2, 2)
    assert nf.payoff(("C", "c", "L")) == (1, 1, 1)
    assert nf.payoff(("C", "d", "R")) == (0, 0, 1)
    assert nf.payoff(("D", "d", "R")) == (3, 2, 2)


# ---------------------------------------------------------------------- editing
def test_nodes_are_numbered_in_creation_order():
    g = ExtensiveFormGame.new_tree(["A", "B"])
    assert g.root.index == 0 and g.root.is_terminal and g.root.player is None
    kids = g.append_move(0, "A", ["x", "y", "z"], label="start")
    assert [k.index for k in kids] == [1, 2, 3]
    assert [k.parent for k in kids] == [0, 0, 0]
    assert [k.depth for k in kids] == [1, 1, 1]
    assert g.node("start") is g.root
    assert g.root.actions == ("x", "y", "z") and g.root.player == 0
    sub = g.append_move(kids[2], "B", ["l", "r"])
    assert [k.index for k in sub] == [4, 5]
    assert g.path(5) == [(g.root, 2), (kids[2], 1)]
    assert g.infosets[1][0].number == 1 and g.infosets[0][0].members == [0]
    assert g.depth == 2


def test_infoset_joining_errors():
    g = ExtensiveFormGame.new_tree(["A", "B"])
    a, b = g.append_move(0, "A", ["x", "y"])
    g.append_move(a, "B", ["l", "r"], infoset="bset")
    with pytest.raises(InvalidGameError, match="joins information set 'bset' with actions"):
        g.append_move(b, "B", ["l", "m"], infoset="bset")
    with pytest.raises(InvalidGameError, match="belongs to another player"):
        g.append_move(b, "A", infoset=g.infosets[1][0])
    with pytest.raises(InvalidGameError, match="needs its actions"):
        g.append_move(b, "B", infoset="new set")
    with pytest.raises(InvalidGameError, match="already has a move"):
        g.append_move(0, "A", ["p", "q"])
    with pytest.raises(InvalidGameError, match="duplicate action label"):
        g.append_move(b, "B", ["u", "u"])
    with pytest.raises(InvalidGameError, match="append_chance"):
        g.append_move(b, "chance", ["u"])
    with pytest.raises(KeyError):
        g.append_move(b, "Nobody", ["u"])
    # joining with the same actions is fine
    g.append_move(b, "B", ["l", "r"], infoset="bset")
    assert g.infosets[1][0].members == [a.index, b.index]


def test_chance_probability_checks():
    g = ExtensiveFormGame.new_tree(["A"])
    with pytest.raises(InvalidGameError, match="add up to 9/10, expected 1"):
        g.append_chance(0, ["h", "t"], [F(1, 2), F(2, 5)])
    with pytest.raises(InvalidGameError, match="negative probability -1/2"):
        g.append_chance(0, ["h", "t"], [F(3, 2), F(-1, 2)])
    with pytest.raises(InvalidGameError, match="2 chance actions but 3 probabilities"):
        g.append_chance(0, ["h", "t"], [F(1, 3)] * 3)
    with pytest.raises(InvalidGameError):
        g.append_chance(0, ["h", "t"], [float("nan"), 1.0])
    kids = g.append_chance(0, ["h", "t"], [0.25, "3/4"])
    assert g.root.infoset.probabilities == (F(1, 4), F(3, 4))
    assert g.player("chance") == CHANCE and g.root.is_chance and len(kids) == 2
    assert g.kind == "exact"


def test_set_outcome_forms():
    g = ExtensiveFormGame.new_tree(["A", "B"])
    x, y, z = g.append_move(0, "A", ["x", "y", "z"])
    o = g.set_outcome(x, [1, F(1, 3)], label="first")
    assert isinstance(o, Outcome) and o.payoffs == (F(1), F(1, 3)) and o.index == 0
    assert g.set_outcome(y, o) is o
    m = g.set_outcome(z, {"B": 5, "A": -1})
    assert m.payoffs == (F(-1), F(5))
    g.set_outcome(0, [10, 0])  # an outcome at the root adds to every play
    pays = {k: pay for k, _, pay, _ in g.leaf_data()}
    assert pays[x.index] == (F(11), F(1, 3)) and pays[y.index] == (F(11), F(1, 3))
    assert pays[z.index] == (F(9), F(5))
    with pytest.raises(InvalidGameError, match="has 1 payoffs, expected 2"):
        g.set_outcome(x, [1])
    with pytest.raises(InvalidGameError, match="does not give every player a payoff"):
        g.add_outcome({"A": 1})
    with pytest.raises(InvalidGameError):
        g.add_outcome([float("inf"), 0])


def test_leaf_data_probabilities_payoffs_and_moves():
    g = myerson_poker()
    data = {k: (prob, pay, moves) for k, prob, pay, moves in g.leaf_data()}
    assert len(data) == 6
    # the probability of a leaf is the chance part only: 1/2 for each of the six
    assert all(prob == F(1, 2) for prob, _, _ in data.values())
    red, black = g.root.children
    meet_red = g.nodes[g.nodes[g.nodes[red].children[0]].children[0]]
    prob, pay, moves = data[meet_red.index]
    assert pay == (F(2), F(-2))
    # Fred raised at his first set (action 0), Alice met at hers (action 0)
    assert moves == ({1: 0}, {1: 0})
    fold_black = g.nodes[g.nodes[black].children[1]]
    assert data[fold_black.index][2] == ({2: 1}, {})


def test_substitute_on_symbolic_trees():
    import sympy
    p, c = sympy.symbols("p c", real=True)
    g = ExtensiveFormGame.new_tree(["A", "B"], parameters={"p": F(1, 4), "c": F(2)})
    good, bad = g.append_chance(0, ["good", "bad"], [p, 1 - p])
    x, y = g.append_move(good, "A", ["x", "y"])
    g.set_outcome(x, [c, -c])
    g.set_outcome(y, [0, 0])
    g.set_outcome(bad, [c - 1, 1])
    assert g.kind == "symbolic" and g.is_symbolic
    num = g.substitute()
    assert num.kind == "exact"
    assert num.root.infoset.probabilities == (F(1, 4), F(3, 4))
    assert num.nodes[x.index].outcome.payoffs == (F(2), F(-2))
    other = g.substitute(c=F(1, 3))
    assert other.nodes[bad.index].outcome.payoffs == (F(-2, 3), F(1))
    assert other.metadata["parameter_values"] == {"p": F(1, 4), "c": F(1, 3)}
    assert g.is_symbolic  # the original is untouched
    with pytest.raises(InvalidGameError, match="negative probability"):
        g.substitute(p=2)
    with pytest.raises(InvalidGameError, match="unknown parameter"):
        g.substitute(q=1)
    nf = num.to_normal_form()
    # A's x: 1/4 * 2 + 3/4 * 1 = 5/4 ; y: 3/4 * 1 = 3/4
    assert list(nf.payoffs[0]) == [F(5, 4), F(3, 4)]
    with pytest.raises(InvalidGameError, match="add up to"):
        ExtensiveFormGame.new_tree(["A"]).append_chance(0, ["a", "b"], [p, p])


def test_copy_is_deep_and_equal():
    g = myerson_poker()
    h = g.copy()
    assert h == g and h is not g
    assert h.infosets[1][0].members == g.infosets[1][0].members
    assert h.nodes[3].infoset is h.infosets[1][0] or h.nodes[3].infoset.player != 1
    h.outcomes[0].payoffs = (F(100), F(-100))
    assert h != g
    assert g.outcomes[0].payoffs == (F(2), F(-2))
    h2 = g.copy()
    h2.append_move(h2.terminal_nodes()[0], "Fred", ["again"])
    assert h2 != g and len(g.nodes) == 11


def test_equality_compares_structure_labels_and_payoffs():
    assert entry_game() == entry_game()
    other = entry_game()
    other.nodes[1].label = "left"
    assert other != entry_game()
    other = entry_game()
    other.infosets[0][0].label = "renamed"
    assert other != entry_game()
    other = entry_game()
    other.outcomes[-1].payoffs = (F(1), F(4))
    assert other != entry_game()
    assert entry_game() != myerson_poker()
    assert (entry_game() == "entry") is False


def test_float_and_exact_kinds():
    g = ExtensiveFormGame.new_tree(["A"])
    x, y = g.append_move(0, "A", ["x", "y"])
    g.set_outcome(x, [0.5])
    g.set_outcome(y, [1])
    assert g.kind == "float"
    exact = ExtensiveFormGame.new_tree(["A"])
    x, y = exact.append_move(0, "A", ["x", "y"])
    exact.set_outcome(x, [F(1, 2)])
    exact.set_outcome(y, [1])
    assert exact.kind == "exact"
    assert g == exact  # floats compare by their decimal value
    nf = g.to_normal_form()
    assert nf.kind == "float" and list(nf.payoffs[0]) == [0.5, 1.0]


def test_labels_look_up_infosets_and_nodes():
    g = myerson_poker()
    h = g.infoset("Alice", "alice")
    assert h.number == 1 and len(h.members) == 2
    assert g.infoset("Alice", 0) is h
    with pytest.raises(KeyError):
        g.infoset("Alice", "nope")
    assert g.player("Alice") == 1
    with pytest.raises(KeyError):
        g.node("no such node")


def test_validate_accepts_a_good_tree_and_finds_problems():
    g = myerson_poker()
    g.validate()
    broken = myerson_poker()
    broken.nodes[0].children.pop()
    with pytest.raises(InvalidGameError, match="children for 2 actions"):
        broken.validate()


def test_deep_chain_walks_iteratively():
    depth = 5000
    g = ExtensiveFormGame.new_tree(["A", "B"])
    node = g.root
    for d in range(depth):
        stop, go = g.append_move(node, d % 2, ["stop", "go"])
        g.set_outcome(stop, [d, -d])
        node = go
    assert sys.getrecursionlimit() < depth
    assert g.depth == depth
    assert len(g.terminal_nodes()) == depth + 1
    assert len(list(g.preorder())) == 2 * depth + 1
    assert len(g.path(node)) == depth
    assert g.has_perfect_recall and g.is_perfect_information
    assert g.copy() == g


def test_tree_of_simultaneous_moves_matches_its_matrix():
    # Matching pennies as a tree: B does not see A's move.
    g = ExtensiveFormGame.new_tree(["A", "B"])
    h, t = g.append_move(0, "A", ["H", "T"])
    hh, ht = g.append_move(h, "B", ["H", "T"], infoset="blind")
    th, tt = g.append_move(t, "B", infoset="blind")
    for node, v in ((hh, 1), (ht, -1), (th, -1), (tt, 1)):
        g.set_outcome(node, [v, -v])
    expected = NormalFormGame.from_arrays(np.array([[1, -1], [-1, 1]]),
                                          np.array([[-1, 1], [1, -1]]),
                                          players=["A", "B"], strategies=[["H", "T"], ["H", "T"]])
    assert g.to_normal_form() == expected


def test_float_chance_probabilities_are_checked_with_a_tolerance():
    # A float sweep substitutes p = 0.1 + 0.2 into p and 1 - p: exact conversion of
    # each float would add up to 1 + 1e-17 and wrongly fail.
    g = ExtensiveFormGame.new_tree(["A"])
    a, b = g.append_chance(0, ["x", "y"], [0.1 + 0.2, 1 - (0.1 + 0.2)])
    g.set_outcome(a, [1])
    g.set_outcome(b, [0])
    assert g.kind == "float"
    assert g.to_normal_form().payoffs[0, 0] == pytest.approx(0.3)
    with pytest.raises(InvalidGameError, match="add up to"):
        ExtensiveFormGame.new_tree(["A"]).append_chance(0, ["x", "y"], [0.3, 0.6])


def test_k_card_poker_has_the_documented_size():
    from gametheory.game.examples import k_card_poker
    for k in (2, 3, 5):
        g = k_card_poker(k)
        assert len(g.nodes) == 9 * k * (k - 1) + 1
        assert [len(sets) for sets in g.infosets] == [2 * k, 2 * k]   # 4K + 1 sequences each
        assert g.has_perfect_recall
    assert k_card_poker(3).to_normal_form().is_zero_sum
    assert not k_card_poker(3, rake=Fraction(1, 10)).to_normal_form().is_zero_sum
    with pytest.raises(ValueError):
        k_card_poker(1)
