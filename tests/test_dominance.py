"""Iterated elimination of dominated strategies."""
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from gametheory import InvalidGameError, NormalFormGame
from gametheory.analysis.dominance import dominated_strategies, iterated_elimination


def test_prisoners_dilemma_strict():
    g = NormalFormGame.from_arrays(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]),
                                   players=["Row", "Col"], strategies=[["C", "D"], ["C", "D"]])
    r = iterated_elimination(g)
    assert [(s.round, s.player, s.strategy, s.dominator) for s in r.steps] == [
        (1, "Row", "C", {"D": 1}), (1, "Col", "C", {"D": 1})]
    assert r.reduced.strategies == (("D",), ("D",))


def test_domination_by_a_mix_only():
    # Osborne (2004), Fig. 120.1 style: B is dominated by 1/2 T + 1/2 M but by neither alone.
    g = NormalFormGame.from_arrays(np.array([[3, 0], [0, 3], [1, 1]]), np.array([[1, 0], [0, 1], [1, 0]]),
                                   strategies=[["T", "M", "B"], ["L", "R"]])
    [d] = dominated_strategies(g, 0)
    assert d.strategy == "B" and not d.by_pure
    mix = d.dominator
    assert sum(mix.values()) == 1 and all(isinstance(v, Fraction) for v in mix.values())
    # Exact check of strict dominance by the returned mix.
    for col in range(2):
        assert sum(p * g.payoffs[0, g.strategy(0, s), col] for s, p in mix.items()) > g.payoffs[0, 2, col]


def test_iterated_order_is_recorded_over_rounds():
    # Gibbons (1992) sec. 1.1.B: R eliminates Right (dominated by Middle), then Down, then Left.
    A = np.array([[1, 1, 0], [0, 0, 2]])
    B = np.array([[0, 2, 1], [3, 1, 0]])
    g = NormalFormGame.from_arrays(A, B, players=["Row", "Col"],
                                   strategies=[["Up", "Down"], ["Left", "Middle", "Right"]])
    r = iterated_elimination(g)
    assert [(s.round, s.strategy) for s in r.steps] == [(1, "Right"), (2, "Down"), (3, "Left")]
    assert r.reduced.strategies == (("Up",), ("Middle",))
    assert "round 3" in r.table()


def test_weak_dominance():
    A = np.array([[1, 1], [1, 0]])
    g = NormalFormGame.from_arrays(A, np.zeros((2, 2), dtype=int), strategies=[["a", "b"], ["x", "y"]])
    assert iterated_elimination(g, "strict").steps == ()
    w = iterated_elimination(g, "weak")
    assert [s.strategy for s in w.steps] == ["b"]
    with pytest.raises(InvalidGameError):
        dominated_strategies(g, 0, kind="very")


@given(hnp.arrays(np.int64, (2, 3, 3), elements=st.integers(-5, 5)))
@settings(max_examples=40)
def test_float_and_exact_agree_and_every_step_is_a_real_domination(P):
    g = NormalFormGame(P)
    exact = iterated_elimination(g, exact=True)
    flt = iterated_elimination(g, exact=False)
    assert [(s.player, s.strategy) for s in exact.steps] == [(s.player, s.strategy) for s in flt.steps]
    # Nash equilibria survive strict elimination: pure equilibria of g remain.
    from gametheory import MixedStrategyProfile
    for idx in g.profiles():
        if MixedStrategyProfile.pure(g, idx).max_regret() == 0:
            labels = [g.strategies[i][k] for i, k in enumerate(idx)]
            assert all(l in exact.reduced.strategies[i] for i, l in enumerate(labels))
