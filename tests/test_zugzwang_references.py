"""The reference payoff of a zugzwang diagnosis given in every accepted form, and the
refusals of bad references and robustness settings (gametheory/analysis/zugzwang.py).

Games and margins are worked out by hand next to each test (margin = the best
option's best reaction-equilibrium payoff minus the reference)."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy

import gametheory as gt
from gametheory.analysis.zugzwang import diagnose, wilson_interval
from gametheory.exceptions import InvalidGameError


def row_game():
    """Row moves, Column answers: Column's payoffs make it match Row (a after A,
    b after B).  Row gets -1 at (A, a) and -2 at (B, b): its best reaction payoff is
    -1 (option A)."""
    return gt.NormalFormGame.from_arrays(np.array([[-1, -3], [-4, -2]]), np.array([[1, 0], [0, 1]]),
                                         players=["Row", "Column"], strategies=[["A", "B"], ["a", "b"]])


def entry_tree():
    """Challenger: out -> (1, 2) 'stays out'; in -> Incumbent: acquiesce (2, 1),
    fight (0, 0).  The Challenger's best reaction payoff: in, then acquiesce, 2."""
    g = gt.ExtensiveFormGame.new_tree(["Challenger", "Incumbent"])
    out, enter = g.append_move(0, "Challenger", ["out", "in"])
    g.set_outcome(out, [1, 2], label="stays out")
    acq, fight = g.append_move(enter, "Incumbent", ["acquiesce", "fight"], label="responds")
    g.set_outcome(acq, [2, 1], label="shared market")
    g.set_outcome(fight, [0, 0], label="price war")
    return g


@pytest.mark.parametrize("reference, margin", [
    (None, F(-1)),                  # the status quo, 0
    (F(-3, 2), F(1, 2)),            # -1 - (-3/2)
    (-2, F(1)),
    ("-1/2", F(-1, 2)),             # a number given as text
    ("status-quo", F(-1)),
    ("B, b", F(1)),                 # a pure profile: Row's payoff there is -2
    (["A", "b"], F(2)),             # Row's payoff at (A, b) is -3
    ({"Row": "B", "Column": "a"}, F(3)),   # -4
])
def test_references_on_a_strategic_form(reference, margin):
    d = diagnose(row_game(), "Row", reference=reference, conditions=False)
    assert d.margin == margin
    assert d.zugzwang == (margin < 0)


def test_float_reference_gives_a_float_margin():
    d = diagnose(row_game(), "Row", reference=-0.5, conditions=False)
    assert d.margin == pytest.approx(-0.5)


@pytest.mark.parametrize("reference, margin", [
    ("stays out", F(1)),            # 2 - 1
    ("price war", F(2)),            # 2 - 0
    ("responds", F(2)),             # a node: the payoffs along its path, none so far
])
def test_references_on_a_tree(reference, margin):
    d = diagnose(entry_tree(), "Challenger", reference=reference, conditions=False)
    assert d.margin == margin


@pytest.mark.parametrize("game, reference, fragment", [
    (row_game, True, "must be a number, an outcome or a profile"),
    (row_game, object(), "must be a number, an outcome or a profile"),
    (row_game, "nowhere", "unknown reference 'nowhere'"),
    (entry_tree, "nowhere", "known: 'stays out', 'shared market', 'price war'"),
    (entry_tree, ["out", "x"], "needs a strategic-form game"),
    (row_game, ["A", "z"], "reference profile"),
])
def test_bad_references_are_refused(game, reference, fragment):
    player = game().players[0]
    with pytest.raises(InvalidGameError, match=fragment):
        diagnose(game(), player, reference=reference, conditions=False)


def test_robustness_settings_are_checked():
    c = sympy.Symbol("c")
    g = gt.NormalFormGame.from_arrays(np.array([[c - 2, -3], [-4, -2]], dtype=object),
                                      np.array([[1, 0], [0, 1]]),
                                      parameters=[gt.Parameter("c", 1, low=0, high=2)])
    for spec, fragment in [({"size": 3}, "unknown key"), ("many", "sample size or a mapping"),
                           ({"grid": 1}, "too small or too large"), (0, "positive sample size")]:
        with pytest.raises(InvalidGameError, match=fragment):
            diagnose(g, 0, robustness=spec, conditions=False)
    with pytest.raises(InvalidGameError, match="parameters with ranges"):
        diagnose(row_game(), "Row", robustness=10, conditions=False)
    with pytest.raises(InvalidGameError, match="at least one sample"):
        wilson_interval(0, 0)
    # Wilson (1927) at k = n: the interval is (n / (n + z^2), 1).
    lo, hi = wilson_interval(10, 10)
    z = 1.959963984540054
    assert hi == pytest.approx(1.0) and lo == pytest.approx(10 / (10 + z * z))
