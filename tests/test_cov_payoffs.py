"""Number conversion at the edges (:func:`gametheory.payoffs.to_fraction` and
:func:`gametheory.payoffs.normalize`): sympy numbers, numpy scalars, non-finite
and complex values, and the digits limit.  Expected values are exact arithmetic
done by hand.
"""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy

from gametheory import InvalidGameError
from gametheory.payoffs import normalize, to_fraction


def test_sympy_rationals_and_floats_become_exact_fractions():
    assert to_fraction(sympy.Rational(2, 6)) == F(1, 3)        # reduced: 2/6 = 1/3
    assert to_fraction(sympy.Integer(-7)) == F(-7)
    assert to_fraction(sympy.Float(0.25)) == F(1, 4)            # 0.25 is exact in binary
    assert to_fraction(sympy.Float("0.1")) == F(1, 10)          # the shortest decimal, as for floats


@pytest.mark.parametrize("value", [sympy.zoo, sympy.oo, -sympy.oo, sympy.nan, sympy.I, 1 + 2 * sympy.I])
def test_non_finite_or_complex_sympy_values_are_refused_with_their_place(value):
    with pytest.raises(InvalidGameError) as info:
        to_fraction(value, where="payoffs[0].payoffs[1]")
    assert info.value.path == "payoffs[0].payoffs[1]"
    assert "finite" in info.value.message  # "is not a finite real number" or "expected a finite number"


def test_huge_sympy_integers_hit_the_digits_limit():
    big = sympy.Integer(10) ** 5000  # 5,001 digits, over the default limit of 2,000
    with pytest.raises(InvalidGameError) as info:
        to_fraction(big, where="x")
    assert "a number with about 5,001 digits, over the limit digits=2,000" in str(info.value)
    # Denominators count too: 1/10^5000.
    with pytest.raises(InvalidGameError):
        to_fraction(sympy.Rational(1, 10 ** 5000))


def test_numpy_scalars_are_normalised_to_python_numbers():
    # A float32 0.5 is exactly 1/2: normalised to the Python float 0.5.
    v = normalize(np.float32(0.5))
    assert type(v) is float and v == 0.5
    assert normalize(np.int64(3)) == F(3)
    with pytest.raises(InvalidGameError) as info:
        normalize(np.float32("inf"), where="payoffs[2]")
    assert info.value.path == "payoffs[2]" and "finite" in info.value.message
