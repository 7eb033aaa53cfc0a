"""Game trees shared by the tree-solver tests: hypothesis strategies and small fixed trees."""
from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from gametheory.game import ExtensiveFormGame


@st.composite
def perfect_information_trees(draw, players=("A", "B"), max_moves: int = 6, zero_sum: bool = False):
    """A random perfect-information tree with chance moves and integer payoffs in -3..3.

    Up to ``max_moves`` decision or chance nodes, each with 2 or 3 branches;
    ``zero_sum`` gives every leaf payoffs ``(u, -u)``.
    """
    g = ExtensiveFormGame.new_tree(list(players))
    frontier = [0]
    budget = draw(st.integers(1, max_moves))
    while frontier and budget:
        v = frontier.pop(draw(st.integers(0, len(frontier) - 1)))
        budget -= 1
        m = draw(st.integers(2, 3))
        if draw(st.integers(0, 3)) == 0:
            kids = g.append_chance(v, [f"c{j}" for j in range(m)], [Fraction(1, m)] * m)
        else:
            kids = g.append_move(v, draw(st.integers(0, 1)), [f"a{j}" for j in range(m)])
        frontier.extend(k.index for k in kids)
    for node in g.terminal_nodes():
        u = draw(st.integers(-3, 3))
        g.set_outcome(node, [u, -u] if zero_sum else [u, draw(st.integers(-3, 3))])
    return g


def matching_pennies_tree() -> ExtensiveFormGame:
    """Matching pennies as a tree: Row moves, Column guesses without seeing the move.

    The unique equilibrium mixes 1/2-1/2 for both (Osborne & Rubinstein 1994, ex. 17.1).
    """
    g = ExtensiveFormGame.new_tree(["Row", "Column"])
    h, t = g.append_move(0, "Row", ["H", "T"])
    for node, sign in ((h, 1), (t, -1)):
        a, b = g.append_move(node, "Column", ["H", "T"], infoset="guess")
        g.set_outcome(a, [sign, -sign])
        g.set_outcome(b, [-sign, sign])
    return g
