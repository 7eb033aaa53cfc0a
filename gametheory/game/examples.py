"""Parametrised families of textbook games, built in code (for tests, benchmarks, class).

Fixed classroom games live as files in ``games/classics``; the families here grow
with a size parameter, which files cannot.
"""
from __future__ import annotations

from fractions import Fraction

from .extensive import ExtensiveFormGame


def k_card_poker(cards: int, rake=Fraction(0)) -> ExtensiveFormGame:
    """One-round poker with ``cards`` cards; Kuhn's poker (Kuhn 1950) for 3 cards.

    Chance deals one card to each of Alice and Bob (``cards * (cards - 1)`` deals);
    each antes 1.  Alice checks or bets 1; after a check Bob checks (showdown for
    the pot of 1 each) or bets, and Alice folds or calls; after a bet Bob folds or
    calls.  The higher card wins a showdown.  ``rake`` is the share of the pot the
    winner loses (the game is zero-sum without it).  The tree has
    ``9 K (K - 1) + 1`` nodes and ``4K + 1`` sequences per player.
    """
    if cards < 2:
        raise ValueError(f"k_card_poker needs at least 2 cards, got {cards}")
    rake = Fraction(rake)
    g = ExtensiveFormGame.new_tree(["Alice", "Bob"], title=f"{cards}-card poker")
    deals = [(a, b) for a in range(cards) for b in range(cards) if a != b]
    kids = g.append_chance(0, [f"{a}-{b}" for a, b in deals], [Fraction(1, len(deals))] * len(deals))

    def showdown(pot, a, b):
        return [pot - rake * pot, -pot] if a > b else [-pot, pot - rake * pot]

    for (a, b), node in zip(deals, kids):
        check, bet = g.append_move(node, "Alice", ["check", "bet"], infoset=f"A{a}")
        cc, cb = g.append_move(check, "Bob", ["check", "bet"], infoset=f"B{b}c")
        g.set_outcome(cc, showdown(1, a, b))
        fold, call = g.append_move(cb, "Alice", ["fold", "call"], infoset=f"A{a}cb")
        g.set_outcome(fold, [-1, 1 - rake])
        g.set_outcome(call, showdown(2, a, b))
        bf, bc = g.append_move(bet, "Bob", ["fold", "call"], infoset=f"B{b}b")
        g.set_outcome(bf, [1 - rake, -1])
        g.set_outcome(bc, showdown(2, a, b))
    return g
