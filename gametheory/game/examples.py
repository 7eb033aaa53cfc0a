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


def signalling_game(types: int, messages: int, responses: int, seed: int = 0,
                    low: int = -9, high: int = 9) -> ExtensiveFormGame:
    """A random signalling game: ``types x messages x responses``, seeded integer payoffs.

    Chance deals one of ``types`` equally likely types to the Sender, who sends one
    of ``messages`` messages knowing the type (one information set per type); the
    Receiver sees the message only (one information set per message) and picks one
    of ``responses`` responses.  Both payoffs at each leaf are drawn uniformly from
    ``low..high`` with ``random.Random(seed)``.  The tree has
    ``1 + T + T M + T M R`` nodes; the Sender has ``T M + 1`` sequences and the
    Receiver ``M R + 1``: a general-sum family with many information sets for the
    sequence form (Koller, Megiddo & von Stengel 1996).
    """
    import random
    rng = random.Random(seed)
    g = ExtensiveFormGame.new_tree(["Sender", "Receiver"], title=f"signalling {types}x{messages}x{responses}")
    kids = g.append_chance(0, [f"t{k}" for k in range(types)], [Fraction(1, types)] * types)
    for k, node in enumerate(kids):
        sent = g.append_move(node, "Sender", [f"m{j}" for j in range(messages)], infoset=f"type{k}")
        for j, mnode in enumerate(sent):
            answers = g.append_move(mnode, "Receiver", [f"r{i}" for i in range(responses)],
                                    infoset=f"msg{j}")
            for rnode in answers:
                g.set_outcome(rnode, [rng.randint(low, high), rng.randint(low, high)])
    return g


def two_round_game(types: int, actions: int, seed: int = 0) -> ExtensiveFormGame:
    """A random two-round game with private types and seeded integer payoffs in -9..9.

    Chance deals each of Ann and Bob one of ``types`` private types (``types^2``
    equally likely deals); Ann moves knowing her type, Bob answers knowing his type
    and her move, and Ann moves again knowing everything but Bob's type; each
    move has ``actions`` actions.  Deeper information sets than
    :func:`signalling_game`, so Lemke's path in the sequence form is longer.
    """
    import random
    rng = random.Random(seed)
    g = ExtensiveFormGame.new_tree(["Ann", "Bob"], title=f"two-round {types}x{actions}")
    deals = g.append_chance(0, [f"{i}-{j}" for i in range(types) for j in range(types)],
                            [Fraction(1, types * types)] * (types * types))
    acts = range(actions)
    for d, node in enumerate(deals):
        i, j = divmod(d, types)
        for a, n1 in enumerate(g.append_move(node, "Ann", [f"a{k}" for k in acts], infoset=f"A{i}")):
            for b, n2 in enumerate(g.append_move(n1, "Bob", [f"b{k}" for k in acts], infoset=f"B{j}.{a}")):
                for n3 in g.append_move(n2, "Ann", [f"c{k}" for k in acts], infoset=f"A{i}.{a}.{b}"):
                    g.set_outcome(n3, [rng.randint(-9, 9), rng.randint(-9, 9)])
    return g


def centipede(moves: int) -> ExtensiveFormGame:
    """A centipede game of ``moves`` moves (Rosenthal 1981): players "A" and "B"
    alternate; the mover at move ``k`` (0-based) who stops gets ``k + 2`` and the
    other ``k``; continuing to the end gives both ``moves``.  Each mover gets one
    less by continuing into the next stop, so by backward induction everyone stops.
    """
    g = ExtensiveFormGame.new_tree(["A", "B"], title=f"centipede ({moves} moves)")
    node = 0
    for k in range(moves):
        stop, go = g.append_move(node, k % 2, ["stop", "go"])
        pay = [k, k]
        pay[k % 2] = k + 2
        g.set_outcome(stop, pay)
        node = go.index
    g.set_outcome(node, [moves, moves])
    return g
