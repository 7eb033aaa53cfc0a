"""NormalFormGame: construction, labels, kinds, substitution, equality."""
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from gametheory import InvalidGameError, NormalFormGame, Parameter, UnsupportedGameError
from gametheory.payoffs import parse_value


def pd():
    return NormalFormGame.from_arrays(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]),
                                      players=["Row", "Column"],
                                      strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]],
                                      title="Prisoner's dilemma")


def test_labels_and_payoff_lookup():
    g = pd()
    assert g.player("Column") == 1 and g.player(0) == 0
    assert g.strategy("Row", "Defect") == 1
    assert g.payoff(["Defect", "Cooperate"]) == (Fraction(5), Fraction(0))
    assert g.payoff({"Column": "Defect", "Row": "Cooperate"}, "Column") == Fraction(5)
    assert g.shape == (2, 2) and g.kind == "exact" and g.is_exact
    with pytest.raises(KeyError, match="no player 'Moscow'"):
        g.player("Moscow")
    with pytest.raises(KeyError, match="no strategy"):
        g.strategy("Row", "Wait")


def test_payoff_axes_convention_three_players():
    # payoffs[i][s1, s2, s3]: player i's payoff, indexed by all players' strategies in order.
    P = np.arange(3 * 2 * 3 * 4).reshape(3, 2, 3, 4)
    g = NormalFormGame(P)
    assert g.shape == (2, 3, 4)
    assert g.payoff([1, 2, 3]) == tuple(Fraction(int(P[i, 1, 2, 3])) for i in range(3))


def test_float_games_stay_float_and_nan_is_refused():
    g = NormalFormGame.from_arrays(np.array([[0.5, 1.0]]), np.array([[1.0, 0.25]]))
    assert g.kind == "float"
    assert g.exact_payoffs()[0, 0, 0] == Fraction(1, 2)
    with pytest.raises(InvalidGameError, match="not finite"):
        NormalFormGame.from_arrays(np.array([[np.nan, 1.0]]), np.array([[1.0, 0.0]]))
    with pytest.raises(InvalidGameError, match="finite"):
        NormalFormGame.from_arrays([[float("inf"), 1]], [[1, 0]])


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(players=["A", "A"]), "duplicate player label 'A'"),
    (dict(strategies=[["x", "x"], ["y", "z"]]), "duplicate strategy"),
    (dict(strategies=[["x"], ["y", "z"]]), "has 1 strategy labels but the payoff array has 2"),
    (dict(players=["A"]), "1 player labels for 2 players"),
])
def test_bad_labels(kwargs, fragment):
    with pytest.raises(InvalidGameError, match=fragment):
        NormalFormGame(np.zeros((2, 2, 2), dtype=int), **kwargs)


def test_shape_must_fit_players():
    with pytest.raises(InvalidGameError, match="does not fit 2 players"):
        NormalFormGame(np.zeros((2, 2), dtype=int))


def test_symbolic_game_substitutes_exactly():
    c = parse_value("-c + 1", ["c"])
    g = NormalFormGame([[[c, 0], [1, 2]], [[1, 1], [0, 0]]],
                       parameters=[Parameter("c", Fraction(3), Fraction(0), Fraction(5))])
    assert g.is_symbolic and list(g.parameters) == ["c"]
    with pytest.raises(UnsupportedGameError, match="symbolic"):
        g.float_payoffs()
    g0 = g.substitute()
    assert g0.kind == "exact" and g0.payoffs[0, 0, 0] == Fraction(-2)
    g1 = g.substitute(c=Fraction(1, 2))
    assert g1.payoffs[0, 0, 0] == Fraction(1, 2)
    assert g1.metadata["parameter_values"] == {"c": Fraction(1, 2)}
    with pytest.raises(InvalidGameError, match="unknown parameter"):
        g.substitute(d=1)


def test_undeclared_symbols_are_declared_without_default():
    x = sympy.Symbol("x", real=True)
    g = NormalFormGame([[[x, 0]], [[0, 1]]])
    assert "x" in g.parameters and g.parameters["x"].default is None
    with pytest.raises(InvalidGameError, match="no value for parameter"):
        g.substitute()
    assert g.substitute(x=2).payoffs[0, 0, 0] == 2


def test_zero_sum_detection():
    A = np.array([[1, -1], [-1, 1]])
    assert NormalFormGame.from_arrays(A, -A).is_zero_sum
    assert not pd().is_zero_sum


def test_restrict_keeps_labels():
    g = pd().restrict([["Defect"], ["Cooperate", "Defect"]])
    assert g.strategies == (("Defect",), ("Cooperate", "Defect"))
    assert g.payoff(["Defect", "Cooperate"]) == (5, 0)


def test_equality_is_exact_and_ignores_title():
    a = pd()
    b = NormalFormGame(a.float_payoffs(), a.players, a.strategies, title="other")
    assert a == b                       # 3.0 == 3 exactly
    c = NormalFormGame(a.float_payoffs() + 1e-12, a.players, a.strategies)
    assert a != c
    assert a != NormalFormGame(a.payoffs, ["X", "Y"], a.strategies)


@given(hnp.arrays(np.int64, st.tuples(st.just(3), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)),
                  elements=st.integers(-10**12, 10**12)))
def test_int_arrays_are_stored_exactly(P):
    g = NormalFormGame(P)
    assert g.kind == "exact"
    assert all(isinstance(v, Fraction) for v in g.payoffs.flat)
    assert np.array_equal(np.array(g.payoffs, dtype=object), np.array(P, dtype=object))


def test_str_shows_matrix_with_labels():
    text = str(pd())
    assert "Cooperate" in text and "5, 0" in text and "Prisoner's dilemma" in text


def test_integer_payoffs_view():
    g = NormalFormGame.from_arrays(np.array([[1, -2], [3, 4]]), np.array([[0, 5], [6, -7]]))
    ints = g.integer_payoffs()
    assert ints.dtype == np.int64 and ints.tolist() == [[[1, -2], [3, 4]], [[0, 5], [6, -7]]]
    assert g.integer_payoffs() is ints                      # cached
    half = NormalFormGame.from_arrays([[Fraction(1, 2), 1]], [[0, 1]])
    assert half.integer_payoffs() is None
    assert NormalFormGame.from_arrays(np.array([[1.0, 2.0]]), np.array([[0.0, 1.0]])).integer_payoffs() is None
    huge = NormalFormGame.from_arrays([[2 ** 70, 1]], [[0, 1]])
    assert huge.integer_payoffs() is None and huge.exact_payoffs()[0, 0, 0] == 2 ** 70


def test_an_irrational_payoff_makes_the_substituted_game_float():
    # log(x) at x = 2 is irrational: its value is a float approximation, so the game is a
    # float game and solving it defaults to floating point; it must not come back labelled
    # exact with 6931471805599453/10^16 in place of log 2.  At x = 1, log(1) = 0 is exact.
    from gametheory import solve
    F = Fraction
    x = sympy.Symbol("x", real=True)
    pay = np.empty((2, 2, 2), dtype=object)
    pay[0] = [[sympy.log(x), F(0)], [F(1), F(0)]]
    pay[1] = [[F(1), F(0)], [F(0), F(1)]]
    g = NormalFormGame(pay, parameters=[Parameter("x", F(2), F(1), F(4))])
    assert g.substitute(x=F(2)).kind == "float"
    assert g.substitute(x=F(2)).payoffs[0][0][0] == pytest.approx(0.6931471805599453)
    assert solve(g.substitute(x=F(2))).exact is False
    assert g.substitute(x=F(1)).kind == "exact"
