"""What the figure-data functions (gametheory/plotting/data.py) refuse, each with a
message saying what was expected; checked on small games."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from gametheory import ExtensiveFormGame, NormalFormGame, solve
from gametheory.exceptions import InvalidGameError, UnsupportedGameError
from gametheory.plotting import data as pdata


def rps():
    A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    return NormalFormGame.from_arrays(A, -A, players=["R", "C"],
                                      strategies=[["r", "p", "s"], ["r", "p", "s"]])


def three_players():
    return NormalFormGame(np.zeros((3, 2, 2, 2), dtype=int))


@pytest.mark.parametrize("call, error, fragment", [
    (lambda: pdata.normal_form_of("a game"), TypeError, "expected a game"),
    (lambda: pdata.landscape_data(rps(), "R", base=[[1, 0, 0]]), InvalidGameError, "needs 2 probability vectors"),
    (lambda: pdata.landscape_data(rps(), "R", base=[[1, 0, 0], [1, 0]]), InvalidGameError, "needs 3"),
    (lambda: pdata.landscape_data(rps(), "R", axes=[]), InvalidGameError, "one or two axes"),
    (lambda: pdata.landscape_data(rps(), "R", axes=["C"]), InvalidGameError, "an axis is (player, strategy)"),
    (lambda: pdata.landscape_data(rps(), "R", axes=[("C", "p"), ("C", "p")]), InvalidGameError, "the same"),
    (lambda: pdata.landscape_data(NormalFormGame(np.zeros((1, 3), dtype=int)), 0), UnsupportedGameError,
     "at least one other player"),
    (lambda: pdata.landscape_data(NormalFormGame.from_arrays(np.zeros((2, 1), dtype=int),
                                                             np.zeros((2, 1), dtype=int)), 0),
     UnsupportedGameError, "single strategy"),
    (lambda: pdata.best_response_data(rps()), UnsupportedGameError, "need a 2x2 game"),
    (lambda: pdata.payoff_matrix_data(three_players()), UnsupportedGameError, "two players"),
    (lambda: pdata.tree_data(rps()), UnsupportedGameError, "extensive-form game"),
    (lambda: pdata.qre_curve_data(solve(rps(), "simpdiv")), InvalidGameError, "no QRE path"),
    (lambda: pdata.simplex_data([np.zeros((4, 2))], ["a", "b", "c"]), InvalidGameError, "expected (steps, 3)"),
])
def test_refusals(call, error, fragment):
    with pytest.raises(error) as exc:
        call()
    assert fragment in str(exc.value)


def test_qre_curve_of_an_enummixed_result_is_refused():
    with pytest.raises(InvalidGameError, match="no QRE path"):
        pdata.qre_curve_data(solve(rps(), "enummixed"))


def test_one_axis_landscape_and_a_tree_through_its_normal_form():
    # C plays "p" with probability q and "r" otherwise (the base): R's payoffs are
    # r -> -q, p -> 1 - q, s -> 2q - 1, at q = 0, 1/2, 1.
    d = pdata.landscape_data(rps(), "R", axes=[("C", "p")], grid=3, base=[[1, 0, 0], [1, 0, 0]])
    assert np.array_equal(d.x, [0, 0.5, 1])
    assert np.array_equal(np.asarray(d.values, dtype=float), [[0, -0.5, -1], [1, 0.5, 0], [-1, 0, 1]])
    g = ExtensiveFormGame.new_tree(["A", "B"])
    x, y = g.append_move(0, "A", ["x", "y"])
    g.set_outcome(x, [1, 0])
    g.set_outcome(y, [0, F(1, 2)])
    nf = pdata.normal_form_of(g)
    assert nf.shape == (2, 1)
