"""The stacked zugzwang engine agrees with the one-point diagnosis.

The reference is always :func:`gametheory.analysis.zugzwang.diagnose` at the
same point (an independent route: sympy substitution, exact arithmetic and the
complete one-game solvers), never the engine's own output.  Margins are
compared within 1e-9 (the engine works in floating point); verdicts exactly.
"""
from __future__ import annotations

import itertools
import math
import warnings
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.analysis.zugzwang import diagnose
from gametheory.analysis.zugzwang_engine import (
    diagnose_points,
    grid_points,
    stacked_equilibria,
)
from gametheory.exceptions import SolverError
from gametheory.game.normal import Parameter

MODELS = Path(__file__).resolve().parents[1] / "games" / "tajikistan"
T = sympy.Symbol("t", real=True)


def assert_same(game, player, points, sd, reference=0):
    """Every stacked answer equals the one-point diagnosis at that point."""
    for k, p in enumerate(points):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                d = diagnose(game, player, reference=reference, params=p, conditions=False, whole_game=False)
            except SolverError:
                # The one-point route failed outside the compared fields (its security LP could
                # not be certified exactly at a float point, issue 16); nothing to compare here.
                continue
        where = f"point {k} {p}"
        assert bool(sd.zugzwang[k]) == d.zugzwang, where
        assert sd.margin[k] == pytest.approx(float(d.margin), abs=1e-9), where
        assert sd.reference[k] == pytest.approx(float(d.reference), abs=1e-12), where
        for c, o in enumerate(d.options):
            assert sd.options[c] == o.option
            assert sd.worst[k, c] == pytest.approx(float(o.worst), abs=1e-9), where
            assert sd.best[k, c] == pytest.approx(float(o.best), abs=1e-9), where
            assert sd.eq_low[k, c] == pytest.approx(float(min(o.reaction_payoffs)), abs=1e-9), where
            assert sd.eq_high[k, c] == pytest.approx(float(max(o.reaction_payoffs)), abs=1e-9), where


def line_game(first=T - 1):
    """Row (A, B) then Column (a, b), Column matching: Row's payoffs [[first, -3], [-4, -2]],
    Column's [[1, 0], [0, 1]]; ``t`` in [-1, 2]."""
    flat = np.empty(8, dtype=object)
    flat[:] = [first, F(-3), F(-4), F(-2), F(1), F(0), F(0), F(1)]
    return gt.NormalFormGame(flat.reshape(2, 2, 2), players=["Row", "Column"],
                             parameters=[Parameter("t", F(1), F(-1), F(2))])


@st.composite
def parametric_games(draw):
    """A focal player and one or two reacting players, 2-3 strategies each; every
    payoff ``a + b t`` with small integers, ``t`` in [0, 2]."""
    n = draw(st.integers(2, 3))
    shape = tuple(draw(st.lists(st.integers(2, 3), min_size=n, max_size=n)))
    if n == 3:
        shape = tuple(min(m, 2) for m in shape[:2]) + (2,)
    size = n * int(np.prod(shape))
    a = draw(st.lists(st.integers(-4, 4), min_size=size, max_size=size))
    b = draw(st.lists(st.integers(-2, 2), min_size=size, max_size=size))
    flat = np.empty(size, dtype=object)
    flat[:] = [F(x) + y * T if y else F(x) for x, y in zip(a, b)]
    game = gt.NormalFormGame(flat.reshape((n,) + shape), parameters=[Parameter("t", F(1), F(0), F(2))])
    ts = draw(st.lists(st.sampled_from([F(0), F(1, 3), F(1), F(3, 2), 0.37, 1.21, 1.9]), min_size=1,
                       max_size=4, unique=True))
    return game, [{"t": t} for t in ts]


@settings(max_examples=25, deadline=None)
@given(parametric_games())
def test_stacked_equals_one_point_on_random_games(case):
    game, points = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sd = diagnose_points(game, 0, points)
    assert_same(game, 0, points, sd)


def test_most_points_of_a_generic_game_are_stacked():
    # A 2 x 2 reaction game with payoffs in general position: no point needs the exact route,
    # except where the margin crosses zero.  Row's best reaction payoff is t - 1 at option A
    # (Column plays a: 1 > 0) and -2 at B, so the margin is t - 1, zero exactly at t = 1.
    game = line_game()
    points = grid_points(game, {"t": np.linspace(0, 2, 9)})
    sd = diagnose_points(game, "Row", points)
    assert sd.exact_route.tolist() == [False] * 4 + [True] + [False] * 4   # only t = 1
    assert np.allclose(sd.margin, np.linspace(0, 2, 9) - 1)
    assert sd.zugzwang.tolist() == [True] * 4 + [False] * 5               # margin 0 is not bad
    assert_same(game, "Row", points, sd)


def test_stacked_equilibria_of_a_three_player_game_after_dominance():
    # Three players, two strategies each.  Player 3's second strategy is strictly worse
    # (payoff 0 against 1 everywhere), so it goes; what is left is matching pennies
    # between players 1 and 2 (1 wants to match, 2 to mismatch): one equilibrium,
    # (1/2, 1/2), (1/2, 1/2), player 3 on its first strategy.
    P = np.zeros((3, 2, 2, 2))
    for a, b, c in itertools.product(range(2), repeat=3):
        P[0, a, b, c] = 1 if a == b else -1
        P[1, a, b, c] = -1 if a == b else 1
        P[2, a, b, c] = 1 if c == 0 else 0
    res = stacked_equilibria(P[None])
    assert not res.flagged[0] and res.game.tolist() == [0]
    assert np.allclose(res.probs[0][0], [0.5, 0.5]) and np.allclose(res.probs[1][0], [0.5, 0.5])
    assert res.probs[2][0].tolist() == [1.0, 0.0]
    # Without the dominated strategy to remove, three players keep a choice: flagged.
    P[2, :, :, 1] = 1
    assert stacked_equilibria(P[None]).flagged[0]


@pytest.mark.parametrize("name", ["four-actors", "dushanbe-vs-moscow", "dushanbe-vs-public"])
def test_model_files_at_sampled_points(name):
    # Random points of each model's whole parameter box (seeded), in floating point,
    # plus a small exact grid over its first two ranged parameters.
    game = gt.load(MODELS / f"{name}.yaml")
    player = game.players[0]
    ranged = [k for k, p in game.parameters.items() if p.low is not None and p.high is not None]
    rng = np.random.default_rng(13)
    points = [{k: float(game.parameters[k].low + (game.parameters[k].high - game.parameters[k].low)
                        * F(rng.random())) for k in ranged} for _ in range(6)]
    if len(ranged) >= 2:
        x, y = ranged[:2]
        points += grid_points(game, {x: np.linspace(float(game.parameters[x].low),
                                                    float(game.parameters[x].high), 3),
                                     y: np.linspace(float(game.parameters[y].low),
                                                    float(game.parameters[y].high), 3)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sd = diagnose_points(game, player, points)
    assert_same(game, player, points, sd)


def test_crisis_baseline_reference_is_carried():
    # A profile reference resolves to the focal payoff at that profile, per point.
    game = line_game()
    points = [{"t": 0.5}, {"t": 1.5}]
    # Reference: Row's payoff at its second and Column's second strategy = -2; the best
    # reaction payoff is max(t - 1, -2) = t - 1, so the margins are t + 1.
    sd = diagnose_points(game, "Row", points, reference="2,2")
    assert np.allclose(sd.reference, [-2, -2]) and np.allclose(sd.margin, [1.5, 2.5])
    assert_same(game, "Row", points, sd, reference="2,2")


def test_trees_take_the_tree_route():
    # Entry with a parametric fight cost: the reaction game of a tree is solved by spe.  The
    # tree has no subgame solved in normal form, so both points form one group: the first is
    # diagnosed by the one-point route, the second by backward induction on the stack
    # (tests/test_zugzwang_trees.py compares that route with diagnose at sampled points).
    c = sympy.Symbol("c", real=True)
    g = gt.ExtensiveFormGame.new_tree(["Entrant", "Incumbent"], parameters=[Parameter("c", F(1), F(0), F(3))])
    out, enter = g.append_move(0, "Entrant", ["out", "in"])
    g.set_outcome(out, [0, 2])
    fight, share = g.append_move(enter, "Incumbent", ["fight", "share"])
    g.set_outcome(fight, [-1, 1 - c])
    g.set_outcome(share, [1, 1])
    sd = diagnose_points(g, "Entrant", [{"c": F(1, 2)}, {"c": F(2)}])
    assert sd.exact_route.tolist() == [True, False]
    # The incumbent's fight gives 1 - c < 1 = share for c > 0, so it shares and entering
    # gives the entrant 1 at both points: margin 1.
    assert sd.margin.tolist() == [1.0, 1.0]


def test_one_point_route_on_workers_gives_the_same_answer():
    # A named method sends every point to the one-point route; with 2 workers the
    # points are diagnosed in worker processes and merged in order.
    game = line_game()
    points = grid_points(game, {"t": np.linspace(0, 2, 17)})
    serial = diagnose_points(game, "Row", points, method="enummixed", regimes=True, workers=1)
    pooled = diagnose_points(game, "Row", points, method="enummixed", regimes=True, workers=2)
    assert serial.exact_route.all()
    for name in ("zugzwang", "margin", "eq_high", "worst", "regimes"):
        assert np.array_equal(getattr(serial, name), getattr(pooled, name)), name
    assert serial.regime_labels == pooled.regime_labels
    assert np.allclose(serial.margin, np.linspace(0, 2, 17) - 1)   # t - 1, as worked out above


def test_a_point_without_a_real_payoff_fails_alone():
    # Row's payoff after (A, a) is log t: not a real number at t = -1, so that point fails
    # (with the one-point route's message) and the others stand: margin log t, since
    # Column plays a after A (1 > 0) and log t > -2 for t >= 1/2.
    game = line_game(sympy.log(T))
    sd = diagnose_points(game, "Row", [{"t": -1.0}, {"t": 0.5}, {"t": 2.0}])
    assert sd.failed.tolist() == [True, False, False]
    assert "not a real number" in sd.errors[0]
    assert np.isnan(sd.margin[0]) and np.allclose(sd.margin[1:], [math.log(0.5), math.log(2.0)])


@st.composite
def planted_ties(draw):
    """A parametric game (as ``parametric_games``) whose reference is a pure profile
    ``(c, s)`` that the others play for sure after option ``c``: every reacting player
    ``j`` gets 20 more for ``s_j`` whenever the focal player plays ``c`` (payoffs are
    within [-8, 8] otherwise), so ``s_j`` is strictly dominant there.  Option ``c``
    then yields exactly the reference, and the margin is exactly 0 wherever no other
    option does better: an exact tie, identically in ``t``."""
    game, points = draw(parametric_games())
    shape = game.shape
    c = draw(st.integers(0, shape[0] - 1))
    s = tuple(draw(st.integers(0, m - 1)) for m in shape[1:])
    pay = game.payoffs.copy()
    for idx in itertools.product(*[range(m) for m in shape]):
        if idx[0] != c:
            continue
        for j in range(1, len(shape)):
            if idx[j] == s[j - 1]:
                pay[(j,) + idx] = pay[(j,) + idx] + 20
    game = gt.NormalFormGame(pay, parameters=list(game.parameters.values()))
    exact_points = [{"t": F(k, 4)} for k in range(9)]
    return game, exact_points + points, list((c,) + s)


def assert_same_best_option(game, player, points, sd, reference):
    for k, p in enumerate(points):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            d = diagnose(game, player, reference=reference, params=p, conditions=False, whole_game=False)
        assert sd.options[int(sd.best_option[k])] == d.best_option, f"point {k} {p}"


@settings(max_examples=25, deadline=None)
@given(planted_ties())
def test_exact_ties_are_decided_stacked_as_the_one_point_diagnosis_decides_them(case):
    game, points, profile = case
    reference = [game.strategies[j][k] for j, k in enumerate(profile)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sd = diagnose_points(game, 0, points, reference=reference)
    assert_same(game, 0, points, sd, reference=reference)
    assert_same_best_option(game, 0, points, sd, reference)
    # Option c reaches the reference exactly (its reaction game has one equilibrium, s),
    # so the margin is never negative: no point is in zugzwang.
    assert not sd.zugzwang.any()


def test_the_crisis_ties_of_the_four_actor_model_stay_on_the_stack():
    # Against the crisis reference (stand by, acquiesce, stay aloof, crush), standing by
    # reaches the reference profile itself wherever the others' best replies are that
    # profile, so the margin is exactly 0 there (when no option does better).  Such points
    # are decided on the stack: none goes to the one-point route (which other points may
    # take, for a reaction game with three players left), and each agrees with the
    # one-point diagnosis, which decides the tie in exact arithmetic.
    game = gt.load(MODELS / "four-actors.yaml")
    ranged = [k for k, p in game.parameters.items() if p.low is not None and p.high is not None]
    rng = np.random.default_rng(5)
    points = []
    while len(points) < 40:
        p = {k: game.parameters[k].low + (game.parameters[k].high - game.parameters[k].low)
             * F(int(rng.integers(0, 10 ** 6)), 10 ** 6) for k in ranged}
        points.append(p)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sd = diagnose_points(game, "Dushanbe", points, reference="crisis")
    ties = [k for k in range(len(points)) if sd.margin[k] == 0]
    assert ties, "the sample should contain tied points"
    assert not sd.exact_route[ties].any()
    sub = [points[k] for k in ties]
    assert_same(game, "Dushanbe", sub, sd_sub := diagnose_points(game, "Dushanbe", sub, reference="crisis"),
                reference="crisis")
    assert_same_best_option(game, "Dushanbe", sub, sd_sub, "crisis")
