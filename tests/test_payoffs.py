"""The whitelist payoff parser and value conversions (gametheory.payoffs)."""
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, strategies as st

from gametheory.exceptions import InvalidGameError
from gametheory.payoffs import evaluate, format_value, is_symbolic, normalize, parse_value, to_fraction


@pytest.mark.parametrize("text, expected", [
    ("3", Fraction(3)), ("-1.5", Fraction(-3, 2)), ("0.1", Fraction(1, 10)), ("1/3", Fraction(1, 3)),
    (" 2 / -4 ", Fraction(-1, 2)), ("1e-3", Fraction(1, 1000)), (7, Fraction(7)), (0.25, Fraction(1, 4)),
    ("(1 + 2) * 3 / 4", Fraction(9, 4)), ("2**3", Fraction(8)), ("min(1, 2) + max(3, 4)", Fraction(5)),
    ("abs(-2)", Fraction(2)), ("0.1 + 0.2", Fraction(3, 10)),
])
def test_numbers_are_exact(text, expected):
    assert parse_value(text) == expected
    assert isinstance(parse_value(text), Fraction)


def test_expressions_in_declared_parameters_are_symbolic():
    v = parse_value("-c + 2*p**2", ["c", "p"])
    assert is_symbolic(v)
    assert {s.name for s in v.free_symbols} == {"c", "p"}
    assert evaluate(v, {"c": Fraction(1), "p": Fraction(1, 2)}) == Fraction(-1, 2)
    assert evaluate(v, {"c": 1.0, "p": 0.5}) == pytest.approx(-0.5)


@pytest.mark.parametrize("text, fragment", [
    ("__import__('os').system('echo hacked')", "not allowed"),
    ("c.real", "Attribute"),
    ("lambda: 1", "Lambda"),
    ("x + 1", "unknown name 'x'"),
    ("open('f')", "not allowed"),
    ("2**1000", "exponent"),
    ("[1, 2]", "List"),
    ("c if c else 1", "IfExp"),
    ("1/0", "division by zero"),
    ("nan", "finite"),
    ("inf", "finite"),
    ("'text'", "not allowed"),
    ("c < 1", "Compare"),
    ("", "empty"),
    ("1 +", "cannot parse"),
    ("min(c)", "fewer than two"),
    ("sqrt(c, c)", "2 arguments"),
])
def test_anything_else_is_rejected_with_place(text, fragment):
    with pytest.raises(InvalidGameError) as info:
        parse_value(text, ["c"], where="payoffs[2].payoffs[0]", file="game.yaml", line=7)
    message = str(info.value)
    assert fragment in message
    assert message.startswith("game.yaml:7: payoffs[2].payoffs[0]: ")


def test_evaluate_reports_missing_parameters():
    v = parse_value("a + b", ["a", "b"])
    with pytest.raises(InvalidGameError, match="no value for parameter"):
        evaluate(v, {"a": 1})


def test_evaluate_refuses_non_real_results():
    v = parse_value("log(a)", ["a"])
    with pytest.raises(InvalidGameError):
        evaluate(v, {"a": 0})


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), True, "abc", None])
def test_to_fraction_refuses_non_numbers(bad):
    with pytest.raises(InvalidGameError):
        to_fraction(bad)


def test_normalize_keeps_floats_and_makes_ints_exact():
    assert normalize(0.5) == 0.5 and isinstance(normalize(0.5), float)
    assert normalize(3) == Fraction(3) and isinstance(normalize(3), Fraction)
    with pytest.raises(InvalidGameError):
        normalize(float("nan"))
    x = sympy.Symbol("x")
    assert normalize(x + 1) == x + 1


@given(st.fractions(max_denominator=10**6))
def test_format_then_parse_round_trips(f):
    assert parse_value(format_value(f)) == f


@given(st.integers(-10**30, 10**30), st.integers(1, 10**30))
def test_big_fractions_stay_exact(n, d):
    assert parse_value(f"{n}/{d}") == Fraction(n, d)


def test_as_sympy_converts_values_and_never_evaluates_text():
    # The one route from a payoff value to sympy: exact numbers exactly, floats by their
    # shortest decimal (0.1 -> 1/10), expressions unchanged; text is refused, never
    # handed to sympify (which would evaluate it).
    import sympy
    from fractions import Fraction

    from gametheory.payoffs import as_sympy
    assert as_sympy(Fraction(2, 3)) == sympy.Rational(2, 3)
    assert as_sympy(0.1) == sympy.Rational(1, 10)
    assert as_sympy(7) == sympy.Integer(7)
    x = sympy.Symbol("x")
    assert as_sympy(x + 1) == x + 1
    for bad in ("__import__('os').system('true')", "x + 1", True, None, [1]):
        with pytest.raises(TypeError):
            as_sympy(bad)
