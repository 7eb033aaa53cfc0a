"""Small parametrised game files shared by the tests/test_cov_*.py files (their
answers are worked out by hand in each test)."""
from __future__ import annotations


def two_options(u: str = "x - 2", d: str = "y - 3", y_range: bool = True) -> str:
    """Row chooses U (pays ``u``) or D (pays ``d``); Col has a single strategy, so
    each option's reaction game is trivial.  Parameters x and y (default 1, range
    [0, 4]; y without a range when ``y_range`` is false)."""
    y = "{default: 1, range: [0, 4]}" if y_range else "{default: 1}"
    return f"""\
format: 1
parameters:
  x: {{default: 1, range: [0, 4]}}
  y: {y}
players:
  - {{name: Row, strategies: [U, D]}}
  - {{name: Col, strategies: [stay]}}
payoffs:
  - {{profile: [U, stay], payoffs: [{u}, 0]}}
  - {{profile: [D, stay], payoffs: [{d}, 0]}}
"""


def row_against_l(u: str, d: str, param: str = "c") -> str:
    """Col's L pays 1 and R pays 0 whatever Row does, so Col plays L; Row compares
    U (pays ``u`` against L) with D (pays ``d``); every R cell pays Row 0.  One
    parameter ``param`` (default 1, range [0, 4])."""
    return f"""\
format: 1
parameters:
  {param}: {{default: 1, range: [0, 4]}}
players:
  - {{name: Row, strategies: [U, D]}}
  - {{name: Col, strategies: [L, R]}}
payoffs:
  - {{profile: [U, L], payoffs: ["{u}", 1]}}
  - {{profile: [U, R], payoffs: [0, 0]}}
  - {{profile: [D, L], payoffs: ["{d}", 1]}}
  - {{profile: [D, R], payoffs: [0, 0]}}
"""


def number(v) -> float:
    """A number of a JSON row as a float, whether written exactly ("1/3") or not."""
    from fractions import Fraction
    return float(Fraction(v)) if isinstance(v, str) else float(v)
