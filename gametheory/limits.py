"""Budgets for untrusted input, each checked *before* the work it bounds.

Game files come from students, co-authors and the internet.  Every reader and
the expression evaluator check the size of what they are about to build against
a :class:`Limits` budget first, and refuse with an
:class:`~gametheory.exceptions.InvalidGameError` that names the file, the place,
the limit and how to raise it (:func:`exceeded` writes that message).  The limits
are listed, with their defaults, in ``docs/reference/game-file.md`` ("Limits").

How to raise a limit
--------------------
* API, for one call: ``gametheory.load(path, limits=Limits(digits=10_000))``;
  for a block of code: ``with gametheory.limits.using(plans=10**8): ...``.
* API, for the whole process: :func:`set_default`.
* Command line: ``gametheory --limit digits=10000 COMMAND ...`` (repeatable), or
  the environment variable ``GAMETHEORY_LIMITS="digits=10000,plans=1e8"``
  (inherited by the worker processes of ``sweep`` and ``batch``).

The current budget is held in a :mod:`contextvars` variable, so deep code (the
expression parser, ``to_normal_form``) reads it with :func:`current` without an
extra argument on every function.
"""
from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import math
import os
import re
from dataclasses import dataclass
from typing import Iterator

from .exceptions import InvalidGameError

#: The environment variable read by :func:`current` when no budget is set in code.
ENV_VAR = "GAMETHEORY_LIMITS"


@dataclass(frozen=True)
class Limits:
    """The budget of one read (all counts are upper bounds, inclusive).

    Attributes
    ----------
    digits : int
        Digits of one number, counted before it is converted: the digits of its
        mantissa, of a fraction's numerator or denominator, and the size of a
        decimal exponent (``1e999999999`` is refused without computing
        ``10**999999999``).  Also the largest number of digits a constant
        expression may produce (``9**9**9``, ``exp(exp(10))``).  Well below
        Python's 4,300-digit limit on integer-string conversions, so every
        accepted number can be written back.
    depth : int
        Nesting depth of a YAML document (lists and mappings, aliases
        included).  Up to 1,000 the fast C parser reads the file; beyond, the
        pure-Python parser (slower, quadratic in the depth of flow-style
        nesting).  Python-syntax expressions have their own, fixed limit (the
        parser's 200 nested parentheses).
    alias_nodes : int
        Nodes that YAML aliases add to a document when expanded (the "alias
        bomb" cap: 1.4 KB of nested aliases can stand for a million nodes),
        counted on the composed graph, each alias by its number of uses,
        before anything is built.
    power : int
        Largest integer exponent ``n`` in ``x ** n`` when ``x`` holds a parameter.
    expression_length : int
        Characters of one payoff expression.
    table : int
        Payoff entries (players x pure profiles) of a strategic form, checked
        before the table is allocated.
    players : int
        Players of a strategic form (numpy arrays have at most 32 axes: one for
        the player and one per player's strategy).
    tree_nodes : int
        Nodes of a game tree.
    plans : int
        Reduced pure strategies of one player, and entries (players x profiles)
        of a normal form built from a tree, counted before any plan is built.
    output_size : int
        Characters that ``gametheory show`` prints for one game, estimated
        before anything is printed.
    points : int
        Points of a sweep (grid points times Monte Carlo draws, checked from
        the option's text before any point is made), Monte Carlo draws of a
        robustness analysis, and points of a report's sweep maps.
    """

    digits: int = 2000
    depth: int = 1000
    alias_nodes: int = 100_000
    power: int = 64
    expression_length: int = 2000
    table: int = 20_000_000
    players: int = 31
    tree_nodes: int = 2_000_000
    plans: int = 2_000_000
    output_size: int = 20_000_000
    points: int = 1_000_000

    def replace(self, **changes) -> "Limits":
        """A copy with some limits changed (names checked)."""
        unknown = sorted(set(changes) - set(names()))
        if unknown:
            raise InvalidGameError(f"unknown limit(s) {', '.join(unknown)}; the limits are "
                                   f"{', '.join(names())}")
        for name, value in changes.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InvalidGameError(f"limit {name} must be a positive integer, got {value!r}")
        return dataclasses.replace(self, **changes)


def names() -> tuple[str, ...]:
    """The names of the limits, in declaration order."""
    return tuple(f.name for f in dataclasses.fields(Limits))


_ASSIGN = re.compile(r"^\s*([a-z_]+)\s*=\s*([0-9][0-9_]*(?:\.[0-9]*)?(?:[eE]\+?[0-9]{1,2})?)\s*$")


def parse(text: str, base: Limits | None = None, *, where: str = ENV_VAR) -> Limits:
    """Limits from ``"digits=5000,plans=1e8"`` (comma-separated ``name=value``) over ``base``."""
    changes: dict[str, int] = {}
    for item in filter(str.strip, text.split(",")):
        m = _ASSIGN.match(item)
        if not m:
            raise InvalidGameError(f"{where}: expected name=number (for example digits=5000), "
                                   f"got {item.strip()!r}; the limits are {', '.join(names())}")
        value = float(m.group(2).replace("_", "")) if any(c in m.group(2) for c in ".eE") \
            else int(m.group(2).replace("_", ""))
        if value != int(value) or value < 1:
            raise InvalidGameError(f"{where}: {m.group(1)} must be a positive whole number, "
                                   f"got {m.group(2)}")
        changes[m.group(1)] = int(value)
    try:
        return (base or Limits()).replace(**changes)
    except InvalidGameError as exc:
        raise InvalidGameError(f"{where}: {exc.message}") from None


_default: Limits | None = None
_current: contextvars.ContextVar[Limits | None] = contextvars.ContextVar("gametheory_limits",
                                                                         default=None)
_env_cache: tuple[str, Limits] | None = None


def set_default(limits: Limits | None = None, **changes) -> Limits:
    """Set the process-wide budget (``None`` and no changes: back to the defaults)."""
    global _default
    _default = None if limits is None and not changes else (limits or Limits()).replace(**changes)
    return current()


def current() -> Limits:
    """The budget in force: :func:`using` blocks, else :func:`set_default`, else
    :data:`ENV_VAR`, else the defaults."""
    global _env_cache
    lim = _current.get()
    if lim is not None:
        return lim
    if _default is not None:
        return _default
    text = os.environ.get(ENV_VAR, "")
    if not text.strip():
        return Limits()
    if _env_cache is None or _env_cache[0] != text:
        _env_cache = (text, parse(text))
    return _env_cache[1]


@contextlib.contextmanager
def using(limits: Limits | None = None, **changes) -> Iterator[Limits]:
    """Run a block under ``limits`` (or the current budget with ``changes``)."""
    lim = (limits or current()).replace(**changes) if changes else (limits or current())
    token = _current.set(lim)
    try:
        yield lim
    finally:
        _current.reset(token)


def exceeded(name: str, what: str) -> str:
    """The message for a refused input: what was found, the limit and how to raise it.

    ``what`` describes the input (``"a number with 5000 digits"``).
    """
    value = getattr(current(), name)
    return (f"{what}, over the limit {name}={value:,}; if the input is trusted, raise it: "
            f"--limit {name}=N on the command line, {ENV_VAR}='{name}=N', or "
            f"Limits({name}=N) in Python (see 'Limits' in docs/reference/game-file.md)")


def refuse(name: str, what: str, **where) -> InvalidGameError:
    """An :class:`InvalidGameError` built by :func:`exceeded` (to ``raise``)."""
    return InvalidGameError(exceeded(name, what), **where)


def check(name: str, count, what: str, **where) -> None:
    """Raise :func:`refuse` when ``count`` (an int or a float estimate) exceeds limit ``name``.

    ``what`` names the counted thing (``"payoff entries"``); ``where`` is passed
    to the error (``file=``, ``line=``, ``path=``).
    """
    if count > getattr(current(), name):
        shown = f"{count:,}" if isinstance(count, int) or count < 1e15 else f"about {count:.3g}"
        raise refuse(name, f"{shown} {what}", **where)


# ---------------------------------------------------------------------- numbers
_NUMBER_PARTS = re.compile(r"^\s*[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*\Z")  # any digits int() takes


def check_number_text(text: str, **where) -> None:
    """Refuse a decimal or integer literal whose value would be too large to build.

    Counts the mantissa's digits and the exponent's size from the text alone,
    so ``1e999999999`` is refused without computing ``10**999999999``.  Texts
    that are not plain decimals are left to the caller's parser.
    """
    lim = current().digits
    if len(text) <= min(lim, 300) and ("e" not in text and "E" not in text):
        return  # fast path: short plain numbers
    m = _NUMBER_PARTS.match(text.replace("_", ""))
    if not m:
        return
    whole, frac, exp = m.group(1), m.group(2) or "", m.group(3)
    digits = len(whole.lstrip("0")) + len(frac)
    if digits > lim:
        raise refuse("digits", f"a number with {digits:,} digits", **where)
    if exp is not None:
        e_digits = len(exp.lstrip("+-").lstrip("0"))
        shown = exp if len(exp) <= 20 else exp[:17] + "..."
        if e_digits > 12:
            raise refuse("digits", f"a number with the exponent {shown} (a huge number of "
                         "digits)", **where)
        # The exact value's numerator and denominator, as the writers write them back.
        e = int(exp)
        numerator = (len((whole + frac).lstrip("0")) or 1) + max(e - len(frac), 0)
        denominator = max(len(frac) - e, 0) + 1
        if max(numerator, denominator) > lim:
            raise refuse("digits", f"a number with the exponent {shown} (its exact value has "
                         f"{max(numerator, denominator):,} digits)", **where)


def int_digits(n: int) -> int:
    """Decimal digits of ``|n|`` (an upper bound, from the bit length: no conversion)."""
    return int(abs(n).bit_length() * 0.30103) + 1


def size_of(expr, values=None) -> float:
    """An upper bound on ``log10`` of the numerator and denominator a sympy
    number ``expr`` would have once evaluated, without evaluating it.

    Works bottom-up on the expression tree (iteratively): a rational's size is
    the ``log10`` of its larger part; sums and products add sizes; ``x ** n`` multiplies by
    ``|n|``; ``exp(x)`` is about ``|x| / ln 10``; other functions keep the size
    of their argument.  Infinite when the bound itself overflows.  ``values``
    maps symbols to the numbers about to be substituted for them.
    """
    import sympy

    values = values or {}

    sizes: dict[int, float] = {}
    stack = [(expr, False)]
    while stack:
        node, done = stack.pop()
        if not done:
            if node.is_Symbol and node in values:
                sizes[id(node)] = size_of(values[node])
                continue
            if node.is_Rational:
                sizes[id(node)] = max(math.log10(abs(node.p)) if node.p else 0.0,
                                      math.log10(node.q))
                continue
            if node.is_Float:
                sizes[id(node)] = abs(node._mpf_[2] + node._mpf_[3]) * 0.30103 if node else 0.0
                continue
            if not node.args:
                sizes[id(node)] = 1.0  # symbols without a value, E, pi, I
                continue
            stack.append((node, True))
            stack.extend((a, False) for a in node.args)
            continue
        args = [sizes[id(a)] for a in node.args]
        if isinstance(node, sympy.Pow):
            base, e = node.args
            e = values.get(e, e) if e.is_Symbol else e
            if e.is_Rational or e.is_Float:
                size = sizes[id(base)] * max(abs(float(e)), 1.0)
            else:  # a symbolic or irrational exponent: |e| is at most 10**size(e)
                size = sizes[id(base)] * _ten_to(sizes[id(e)])
        elif isinstance(node, sympy.exp):
            x = values.get(node.args[0], node.args[0]) if node.args[0].is_Symbol else node.args[0]
            size = (abs(float(x)) if x.is_Rational or x.is_Float else _ten_to(args[0])) * 0.4343
        elif isinstance(node, (sympy.Add, sympy.Mul)):
            size = sum(args) + (0.30103 * (len(args) - 1) if isinstance(node, sympy.Add) else 0.0)
        else:  # abs, min, max, log, sqrt: no larger than their arguments
            size = max(args)
        sizes[id(node)] = size
    return sizes[id(expr)]


def _ten_to(size: float) -> float:
    """``10 ** size`` as a float (infinite when it overflows)."""
    return math.inf if size > 300 else 10.0 ** size


def check_expression_size(expr, what: str, values=None, **where) -> None:
    """Refuse a sympy expression whose value (with ``values`` substituted for its
    symbols) would have more digits than the ``digits`` limit."""
    size = size_of(expr, values)
    if size >= current().digits:  # log10 >= d: d + 1 digits
        shown = "a number of astronomical size" if math.isinf(size) else \
            f"a number of about {math.floor(size) + 1:,} digits"
        raise refuse("digits", f"{what} would be {shown}", **where)
