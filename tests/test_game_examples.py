"""The game families built in code (gametheory/game/examples.py): sizes counted by
hand from their definitions, seeding, and that they are valid inputs for the
sequence form (two players, perfect recall)."""
from __future__ import annotations

from fractions import Fraction as F

import pytest

from gametheory.game.examples import k_card_poker, signalling_game, two_round_game
from gametheory.solvers.sequence_form import seqform_solve


def test_k_card_poker_sizes_and_refusal():
    # 9 K (K - 1) + 1 nodes and 4K + 1 sequences per player (the docstring's counts,
    # re-derived: per deal, Alice's node, two Bob nodes, Alice's node after check-bet
    # and five leaves).
    for k in (2, 3, 5):
        g = k_card_poker(k)
        assert len(g.nodes) == 9 * k * (k - 1) + 1
        assert [sum(len(h.actions) for h in g.infosets[i]) + 1 for i in range(2)] == [4 * k + 1] * 2
    with pytest.raises(ValueError, match="at least 2 cards"):
        k_card_poker(1)


def test_signalling_game_shape_and_seed():
    # 1 + T + T M + T M R nodes; the Sender has one information set per type, the
    # Receiver one per message; payoffs drawn from low..high with the seed.
    t, m, r = 3, 2, 4
    g = signalling_game(t, m, r, seed=5, low=-2, high=2)
    assert len(g.nodes) == 1 + t + t * m + t * m * r
    assert [len(g.infosets[0]), len(g.infosets[1])] == [t, m]
    pays = [o.payoffs for o in g.outcomes]
    assert len(pays) == t * m * r and all(-2 <= v <= 2 for p in pays for v in p)
    assert [o.payoffs for o in signalling_game(t, m, r, seed=5, low=-2, high=2).outcomes] == pays
    assert [o.payoffs for o in signalling_game(t, m, r, seed=6, low=-2, high=2).outcomes] != pays
    assert g.has_perfect_recall


def test_two_round_game_shape_seed_and_equilibrium():
    # T^2 deals; per deal Ann's node, A Bob nodes, A^2 Ann nodes and A^3 leaves:
    # 1 + T^2 (1 + A + A^2 + A^3) nodes.  Ann: one set per type and one per
    # (type, her move, his move); Bob: one per (type, her move).
    t, a = 2, 2
    g = two_round_game(t, a, seed=3)
    assert len(g.nodes) == 1 + t * t * (1 + a + a * a + a ** 3)
    assert [len(g.infosets[0]), len(g.infosets[1])] == [t + t * a * a, t * a]
    assert g.chance_infosets[0].probabilities == tuple([F(1, t * t)] * (t * t))
    same = two_round_game(t, a, seed=3)
    assert [o.payoffs for o in same.outcomes] == [o.payoffs for o in g.outcomes]
    assert g.has_perfect_recall
    res = seqform_solve(g)
    assert res.exact and res[0].max_regret() == 0
