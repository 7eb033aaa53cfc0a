"""Payoff values: exact rationals, floats and symbolic expressions.

A payoff value is one of

* :class:`fractions.Fraction` -- exact (integers are stored as Fractions);
* :class:`float` -- floating point, only when the caller supplied floats;
* a :class:`sympy.Expr` with free symbols -- symbolic, in named parameters.

Text from files is turned into values by :func:`parse_value`, a whitelist parser
built on :mod:`ast`: it accepts numbers, declared parameter names, ``+ - * / **``,
parentheses and the functions in :data:`FUNCTIONS`, and builds the sympy
expression node by node.  Nothing is ever passed to ``eval`` or to a raw
``sympify``; anything else (attributes, subscripts, unknown names or calls,
lambdas, comparisons, strings) is an :class:`~gametheory.exceptions.InvalidGameError`.
"""
from __future__ import annotations

import ast
import math
import re
from fractions import Fraction
from numbers import Integral, Rational, Real
from typing import Any, Iterable, Mapping, NoReturn

from . import limits as _limits
from .exceptions import InvalidGameError

#: Functions a payoff expression may call, by name.
FUNCTIONS = ("min", "max", "abs", "sqrt", "exp", "log")

#: Defaults of the expression budget; the limits in force are
#: :func:`gametheory.limits.current` (``expression_length``, ``power``, ``digits``).
MAX_EXPRESSION_LENGTH = _limits.Limits.expression_length
MAX_EXPONENT = _limits.Limits.power

_NUMBER_RE = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")
_FRACTION_RE = re.compile(r"^\s*[+-]?\d+\s*/\s*[+-]?\d+\s*$")
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")


def is_symbolic(value: Any) -> bool:
    """True when ``value`` is a sympy expression with free symbols."""
    return bool(getattr(value, "free_symbols", None))


def is_valid_parameter_name(name: str) -> bool:
    """Parameter names are identifiers that are not function names."""
    return bool(_NAME_RE.match(name)) and name not in FUNCTIONS and not name.startswith("__")


def looks_numeric(text: str) -> bool:
    """Whether ``text`` has the shape of a number (``-2``, ``0.5``, ``1e3``, ``1/3``), even
    one :func:`to_fraction` then refuses (a huge exponent, a zero denominator): callers
    that try a number first and a name next report that refusal, not "unknown name"."""
    return bool(_NUMBER_RE.match(text) or _FRACTION_RE.match(text))


def as_sympy(value: Any):
    """A payoff value as a sympy number or expression: Fractions and ints exactly,
    floats by their shortest decimal (exactly that decimal), expressions unchanged.
    Never ``sympify``: text and other objects are refused, since only values the
    whitelist parser (:func:`parse_value`) made may become expressions."""
    import sympy
    if isinstance(value, bool):
        raise TypeError(f"not a payoff value: {value!r}")
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, float):
        q = to_fraction(value)
        return sympy.Rational(q.numerator, q.denominator)
    if isinstance(value, Integral):
        return sympy.Integer(int(value))
    if isinstance(value, sympy.Basic):
        return value
    raise TypeError(f"not a payoff value: {value!r}")


def to_fraction(value: Any, *, where: str | None = None) -> Fraction:
    """Convert a number to an exact :class:`~fractions.Fraction`.

    Floats are converted through their shortest decimal representation, so
    ``0.1`` becomes ``1/10`` (what the user wrote), not the binary value.
    Strings may be integers, decimals (``2.5``, ``1e-3``) or fractions (``1/3``).

    Raises
    ------
    InvalidGameError
        If the value is not a finite number.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise InvalidGameError(f"expected a number, got the boolean {value!r}", path=where)
    if isinstance(value, Integral):
        _check_int(int(value), where)
        return Fraction(int(value))
    if isinstance(value, Rational):
        _check_int(int(value.numerator), where)
        _check_int(int(value.denominator), where)
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, Real):
        f = float(value)
        if not math.isfinite(f):
            raise InvalidGameError(f"expected a finite number, got {f!r}", path=where)
        return Fraction(repr(f))
    if isinstance(value, str):
        text = value.strip()
        if _FRACTION_RE.match(text):
            num, den = text.replace(" ", "").split("/")
            _limits.check_number_text(num, path=where)
            _limits.check_number_text(den, path=where)
            if int(den) == 0:
                raise InvalidGameError(f"division by zero in the fraction {value!r}", path=where)
            return Fraction(int(num), int(den))
        elif _NUMBER_RE.match(text):
            _limits.check_number_text(text, path=where)
            return Fraction(text.replace(" ", ""))
        raise InvalidGameError(f"expected a number or a fraction like 1/3, got {value!r}",
                               path=where)
    # sympy numbers
    if getattr(value, "is_Rational", False):
        _check_int(int(value.p), where)
        _check_int(int(value.q), where)
        return Fraction(int(value.p), int(value.q))
    if getattr(value, "is_number", False) and not is_symbolic(value):
        _check_real(value, where)
        try:
            f = float(value)
        except (TypeError, ValueError, OverflowError):
            raise InvalidGameError(f"expected a finite real number, got {value}", path=where) from None
        if not math.isfinite(f):
            raise InvalidGameError(f"expected a finite number, got {value}", path=where)
        return Fraction(repr(f))
    raise InvalidGameError(f"expected a number, got {value!r}", path=where)


def _check_int(n: int, where) -> None:
    """Refuse an integer with more digits than the ``digits`` limit (no conversion)."""
    lim = _limits.current().digits
    if n.bit_length() > 3.33 * lim:
        raise _limits.refuse("digits", f"a number with about {_limits.int_digits(n):,} digits",
                             path=where)


def _check_real(expr, where) -> None:
    """Refuse a sympy value that is complex, infinite or undefined (``sqrt(-1)``, ``log(0)``)."""
    import sympy

    if expr.has(sympy.I, sympy.zoo, sympy.nan, sympy.oo):
        raise InvalidGameError(f"{expr} is not a finite real number (a payoff or probability must "
                               f"be one)", path=where)


def to_float(value: Any) -> float:
    """Convert a numeric payoff value to float (symbolic values are an error)."""
    if is_symbolic(value):
        raise InvalidGameError(f"payoff {value} is symbolic; give parameter values first")
    return float(value)


def normalize(value: Any, *, where: str | None = None):
    """Normalise a payoff value given through the Python API.

    Integers, Fractions and sympy rationals become Fractions; floats stay floats
    (refusing NaN and infinities); sympy expressions with free symbols stay
    symbolic; strings are parsed with :func:`parse_value` (no parameters known,
    so they must be numbers).
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidGameError(f"expected a finite payoff, got {value!r}", path=where)
        return value
    if isinstance(value, (Fraction, Integral)) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, str):
        return parse_value(value, (), where=where)
    if is_symbolic(value):
        return value
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "f":  # numpy float scalar
        return normalize(float(value), where=where)
    return to_fraction(value, where=where)


def parse_value(text: Any, parameters: Iterable[str] = (), *, where: str | None = None,
                file=None, line: int | None = None):
    """Parse a payoff written in a file into an exact or symbolic value.

    Parameters
    ----------
    text : str or number
        ``3``, ``-1.5``, ``"1/3"``, or an expression such as ``"-c_moscow + 2*p"``.
    parameters : iterable of str
        The declared parameter names; any other name is an error.
    where, file, line
        The location used in error messages.

    Returns
    -------
    Fraction or sympy.Expr
        A Fraction when the value is a number (after constant folding), else a
        sympy expression in the declared parameters.
    """
    try:
        if isinstance(text, bool):
            raise InvalidGameError(f"expected a payoff, got the boolean {text!r}")
        if isinstance(text, (int, float, Fraction)):
            return to_fraction(text)
        if not isinstance(text, str):
            raise InvalidGameError(f"expected a number or an expression, got {type(text).__name__} {text!r}")
        stripped = text.strip()
        if not stripped:
            raise InvalidGameError("expected a number or an expression, got an empty string")
        if _NUMBER_RE.match(stripped) or _FRACTION_RE.match(stripped):
            return to_fraction(stripped)
        lowered = stripped.lower()
        if lowered in {"nan", "inf", "+inf", "-inf", "infinity", "-infinity", ".nan", ".inf", "-.inf"}:
            raise InvalidGameError(f"expected a finite payoff, got {text!r}")
        _limits.check("expression_length", len(stripped), "characters in one payoff expression")
        expr = _Builder(set(parameters), stripped).build()
        _check_real(expr, None)
        if not is_symbolic(expr):
            return to_fraction(expr)
        return expr
    except InvalidGameError as exc:
        raise exc.located(file=file, line=line, path=where) from None


class _Builder:
    """Translate a Python-syntax expression tree into sympy, node by node."""

    _BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)

    def __init__(self, names: set[str], text: str):
        self.names = names
        self.text = text

    def fail(self, what: str) -> NoReturn:
        raise InvalidGameError(
            f"{what} in payoff expression {self.text!r}; allowed: numbers, parameter names "
            f"({', '.join(sorted(self.names)) or 'none declared'}), + - * / **, parentheses "
            f"and {', '.join(FUNCTIONS)}")

    def build(self):
        try:
            tree = ast.parse(self.text, mode="eval")
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            raise InvalidGameError(f"cannot parse payoff expression {self.text!r}") from None
        try:
            return self.visit(tree.body)
        except (RecursionError, MemoryError):
            raise InvalidGameError(f"payoff expression {self.text!r} is nested too deeply") from None

    def real(self, value):
        """``value`` unless it is complex, infinite or undefined (``sqrt(-1)``, ``log(0)``)."""
        import sympy

        if value.has(sympy.I, sympy.zoo, sympy.nan, sympy.oo):
            self.fail(f"a value that is not a finite real number ({value})")
        return value

    def visit(self, node):
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            if node.id not in self.names:
                self.fail(f"unknown name {node.id!r}")
            import sympy
            return sympy.Symbol(node.id, real=True)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            operand = self.visit(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and isinstance(node.op, self._BINOPS):
            return self._binop(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        self.fail(f"the construct {type(node).__name__}")

    def _constant(self, node):
        import sympy

        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            self.fail(f"constant {node.value!r} is not allowed")
        if isinstance(node.value, float) and not math.isfinite(node.value):
            self.fail("a non-finite number")
        # Use the source text of the literal so that 0.1 means 1/10 exactly.
        literal = ast.get_source_segment(self.text, node) or repr(node.value)
        return sympy.Rational(str(to_fraction(literal.replace("_", ""))))

    def _binop(self, node):
        import sympy

        left = self.visit(node.left)
        right = self.visit(node.right)
        op = type(node.op)
        if op is ast.Div and right == 0:
            self.fail("division by zero")
        if op is ast.Pow:
            if right.is_number and left == 0 and right.is_negative:
                self.fail("0 raised to a negative power (division by zero)")
            if right.is_Rational and abs(right) > _limits.current().power:
                raise _limits.refuse("power", f"the exponent {right} in payoff expression "
                                     f"{self.text!r}")
        # Bound the size of what sympy is about to compute, before computing it.
        if left.is_number and right.is_number:
            unevaluated = {ast.Add: sympy.Add, ast.Sub: sympy.Add, ast.Mult: sympy.Mul,
                           ast.Div: sympy.Mul, ast.Pow: sympy.Pow}[op]
            _limits.check_expression_size(unevaluated(left, right, evaluate=False),
                                          f"payoff expression {self.text!r}")
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if op is ast.Div:
            return left / right
        return self.real(_power(left, right))

    def _call(self, node):
        import sympy

        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            self.fail("a call to a function that is not allowed")
        if node.keywords:
            self.fail("keyword arguments")
        args = [self.visit(a) for a in node.args]
        name = node.func.id
        if name in ("min", "max"):
            if len(args) < 2:
                self.fail(f"{name}() with fewer than two arguments")
            return (sympy.Min if name == "min" else sympy.Max)(*args)
        if len(args) != 1:
            self.fail(f"{name}() with {len(args)} arguments (expected 1)")
        if name == "exp" and args[0].is_number:
            _limits.check_expression_size(sympy.exp(args[0], evaluate=False),
                                          f"payoff expression {self.text!r}")
        if name == "sqrt":
            return self.real(_power(args[0], sympy.Rational(1, 2)))
        return self.real({"abs": sympy.Abs, "exp": sympy.exp,
                          "log": sympy.log}[name](args[0]))


def _point_text(values: Mapping[str, Any]) -> str:
    """Parameter values as a reader writes them: ``x=0, y=1/3``."""
    return ", ".join(f"{k}={v}" for k, v in values.items()) or "no parameters"


def evaluate(value, values: Mapping[str, Any], *, where: str | None = None):
    """Substitute parameter values into a payoff value.

    Returns a Fraction when every value is exact and the result is rational, a
    float otherwise.  Raises InvalidGameError when a parameter has no value or the
    result is not a finite real number.
    """
    if not is_symbolic(value):
        return value
    import sympy

    missing = sorted(s.name for s in value.free_symbols if s.name not in values)
    if missing:
        raise InvalidGameError(f"no value for parameter(s) {', '.join(missing)}", path=where)
    subs = {}
    for s in value.free_symbols:
        v = values[s.name]
        if isinstance(v, float):
            if not math.isfinite(v):
                raise InvalidGameError(f"parameter {s.name} = {v} is not finite", path=where)
            subs[s] = sympy.Float(v)
        else:
            q = to_fraction(v, where=where)
            subs[s] = sympy.Rational(q.numerator, q.denominator)
    # Bound the size of the result before sympy computes it (x ** c with c = 10**6 ...):
    # needed only where a power's exponent is not a small rational, or under exp().
    if _unbounded_growth(value):
        _limits.check_expression_size(value, f"payoff {value} at these parameter values",
                                      values=subs, path=where)
    if any(v.is_Rational and max(abs(v.p), v.q).bit_length() > 3.33 * _ROOT_DIGITS
           for v in subs.values()) and _has_root(value):
        # Long numbers under a root: evaluate numerically (sympy would try to
        # factor them to simplify the root exactly, for seconds).
        result = value.evalf(30, subs=subs)
    else:
        result = value.xreplace(subs)
    if result.is_Rational:
        return to_fraction(result, where=where)
    if result.has(sympy.I, sympy.zoo, sympy.nan, sympy.oo):
        raise InvalidGameError(f"payoff {value} is not a real number at {_point_text(values)}", path=where)
    try:
        f = float(result)
    except (TypeError, ValueError, OverflowError):
        raise InvalidGameError(f"payoff {value} is not a real number at {_point_text(values)}", path=where) from None
    if not math.isfinite(f):
        raise InvalidGameError(f"payoff {value} is not finite at these parameter values", path=where)
    return f


#: Roots of rationals longer than this many digits are not simplified by sympy
#: (which tries to factor the number: seconds for 2,000 digits); only exact
#: roots (perfect powers, found by integer_nthroot) stay exact.
_ROOT_DIGITS = 40


def _power(base, exponent):
    """``base ** exponent`` in sympy, without factoring long numbers for roots."""
    import sympy

    if (base.is_Rational and exponent.is_Rational and not exponent.is_Integer
            and max(abs(base.p), base.q).bit_length() > 3.33 * _ROOT_DIGITS):
        n = int(exponent.q)
        if base.p > 0:
            p, exact_p = sympy.integer_nthroot(int(base.p), n)
            q, exact_q = sympy.integer_nthroot(int(base.q), n)
            if exact_p and exact_q:
                return sympy.Rational(p, q) ** int(exponent.p)
        return sympy.Pow(base, exponent, evaluate=False)
    return sympy.Pow(base, exponent)


def _has_root(expr) -> bool:
    import sympy
    return any(isinstance(n, sympy.Pow) and n.exp.is_Rational and not n.exp.is_Integer
               for n in sympy.preorder_traversal(expr))


_GROWTH: dict = {}


def _unbounded_growth(expr) -> bool:
    """Whether ``expr`` holds ``x ** e`` with ``e`` symbolic, irrational or over the
    ``power`` limit, or an ``exp``: the only ways a substituted value can grow beyond
    (power limit) x (digits limit) digits.  Cached per expression."""
    power = _limits.current().power
    key = (expr, power)
    found = _GROWTH.get(key)
    if found is None:
        import sympy
        found = any(isinstance(n, sympy.exp) or (isinstance(n, sympy.Pow) and not (
            n.exp.is_Rational and abs(n.exp) <= power)) for n in sympy.preorder_traversal(expr))
        if len(_GROWTH) > 100_000:
            _GROWTH.clear()
        _GROWTH[key] = found
    return found


def format_value(value) -> str:
    """Render a payoff value compactly: ``3``, ``1/3``, ``0.25``, or the expression."""
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value)) + ".0"
    if is_symbolic(value):
        return str(value)
    return str(value)
