"""Edge cases of gametheory/payoffs.py not covered by test_payoffs.py: the types
parse_value refuses, the size limits, sympy numbers, numpy scalars, rendering."""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy

from gametheory.exceptions import InvalidGameError
from gametheory.payoffs import (
    MAX_EXPRESSION_LENGTH,
    evaluate,
    format_value,
    normalize,
    parse_value,
    to_float,
    to_fraction,
)


@pytest.mark.parametrize("value, fragment", [
    (True, "boolean"),
    ([1, 2], "expected a number or an expression, got list"),
    ("1+" * (MAX_EXPRESSION_LENGTH // 2) + "1", f"over the limit expression_length={MAX_EXPRESSION_LENGTH:,}"),
    ("-" * 1990 + "1", "nested too deeply"),
    ("max(c, key=1)", "keyword arguments"),
    ("c / (1 - 1)", "division by zero"),
])
def test_parse_value_refusals(value, fragment):
    with pytest.raises(InvalidGameError, match=fragment):
        parse_value(value, ["c"])


def test_sympy_numbers_become_fractions():
    assert to_fraction(sympy.Rational(-3, 7)) == Fraction(-3, 7)
    # An irrational sympy number is taken at its float value, exactly.
    assert to_fraction(sympy.sqrt(2)) == Fraction(repr(math.sqrt(2)))
    with pytest.raises(InvalidGameError, match="finite"):
        to_fraction(sympy.oo)


def test_to_float_refuses_symbols():
    c = parse_value("2 * c", ["c"])
    with pytest.raises(InvalidGameError, match="symbolic"):
        to_float(c)
    assert to_float(Fraction(1, 4)) == 0.25


def test_numpy_scalars():
    assert normalize(np.float64(0.25)) == 0.25 and isinstance(normalize(np.float64(0.25)), float)
    assert normalize(np.int64(3)) == Fraction(3)


def test_evaluate_refuses_infinite_results():
    v = parse_value("exp(c)", ["c"])
    assert evaluate(v, {"c": 0}) == 1
    # exp(10**6) has about 434,000 digits: refused by the digits limit before sympy computes it
    with pytest.raises(InvalidGameError, match="over the limit digits"):
        evaluate(v, {"c": 1e6})


@pytest.mark.parametrize("value, text", [
    (Fraction(3), "3"), (Fraction(-1, 3), "-1/3"), (0.25, "0.25"), (2.0, "2.0"), (7, "7"),
])
def test_format_value(value, text):
    assert format_value(value) == text
    c = parse_value("c + 1", ["c"])
    assert format_value(c) == "c + 1"
