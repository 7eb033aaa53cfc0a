"""Sweep specifications: grids, distributions, the points they define, and fast substitution.

A sweep's points are the Cartesian product of its **grid** (``name=lo:hi:steps``
or ``name=v1,v2,...``; the first grid parameter varies slowest) and, when
distributions are given, ``samples`` **Monte Carlo draws** (``name=uniform(a,b)``,
``normal(mu,sigma)``, ``triangular(a,mode,b)``, ``choice(v1,v2,...)``).  The draws
are made once from ``numpy.random.default_rng(seed)``, one parameter after
another in the order given, so every grid point sees the same draws (common
random numbers) and the same seed gives the same points.  Point ``k`` is the
``k``-th of this product in row-major order; its number is its stable id.

Specifications are parsed with regular expressions and
:func:`gametheory.payoffs.to_fraction`: nothing is evaluated as code.  Grid
values are exact Fractions (``0:1:5`` gives 0, 1/4, 1/2, 3/4, 1); draws from
continuous distributions are floats; ``choice`` values stay exact.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping, Sequence

import numpy as np

from ..exceptions import InvalidGameError
from ..payoffs import format_value, looks_numeric, to_fraction

DISTRIBUTIONS = {"uniform": 2, "normal": 2, "triangular": 3, "choice": None}

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_GRID_RE = re.compile(rf"^\s*({_NAME})\s*=\s*(.+?)\s*$")
_DIST_RE = re.compile(rf"^\s*({_NAME})\s*=\s*([a-z]+)\s*\((.*)\)\s*$")


def _number(text: str, where: str) -> Fraction:
    try:
        return to_fraction(text.strip(), where=where)
    except InvalidGameError as exc:
        if looks_numeric(text):      # a number refused (a huge exponent...): say why
            raise InvalidGameError(f"{where}: {exc.message}") from None
        raise InvalidGameError(f"{where}: {text.strip()!r} is not a number") from None


def parse_grid(text: str) -> tuple[str, list[Fraction]]:
    """Parse ``name=lo:hi:steps`` (``steps`` evenly spaced values, ends included) or ``name=v1,v2,...``.

    Raises
    ------
    InvalidGameError
        With the option text and what was expected.
    """
    where = f"--grid {text!r}"
    m = _GRID_RE.match(text)
    if not m:
        raise InvalidGameError(f"{where}: expected name=lo:hi:steps or name=v1,v2,...")
    name, body = m.groups()
    if ":" in body:
        parts = body.split(":")
        if len(parts) != 3:
            raise InvalidGameError(f"{where}: expected name=lo:hi:steps (three fields separated by ':')")
        lo, hi = _number(parts[0], where), _number(parts[1], where)
        steps_text = parts[2].strip()
        if not steps_text.isdigit() or int(steps_text) < 1:
            raise InvalidGameError(f"{where}: steps must be a positive integer, got {steps_text!r}")
        return name, grid_values(lo, hi, int(steps_text), where=where)
    values = [_number(v, where) for v in body.split(",") if v.strip()]
    if not values:
        raise InvalidGameError(f"{where}: no values")
    return name, values


def grid_values(lo, hi, steps: int, where: str = "grid") -> list[Fraction]:
    """``steps`` exact, evenly spaced values from ``lo`` to ``hi`` (``[lo]`` when ``steps == 1``)."""
    lo, hi = to_fraction(lo, where=where), to_fraction(hi, where=where)
    if steps < 1:
        raise InvalidGameError(f"{where}: steps must be at least 1, got {steps}")
    if steps > 1 and hi < lo:
        raise InvalidGameError(f"{where}: the upper end {format_value(hi)} is below the lower end {format_value(lo)}")
    if steps == 1:
        return [lo]
    return [lo + (hi - lo) * k / (steps - 1) for k in range(steps)]


@dataclass(frozen=True)
class Distribution:
    """A named distribution with exact arguments (``uniform``, ``normal``, ``triangular``, ``choice``)."""

    kind: str
    args: tuple

    def __str__(self) -> str:
        return f"{self.kind}({', '.join(format_value(a) for a in self.args)})"

    def draw(self, rng: np.random.Generator, size: int) -> list:
        """``size`` draws: floats, or the exact values for ``choice``."""
        a = [float(v) for v in self.args]
        if self.kind == "uniform":
            return rng.uniform(a[0], a[1], size).tolist()
        if self.kind == "normal":
            return rng.normal(a[0], a[1], size).tolist()
        if self.kind == "triangular":
            return rng.triangular(a[0], a[1], a[2], size).tolist()
        idx = rng.integers(0, len(self.args), size)
        return [self.args[k] for k in idx.tolist()]


def parse_distribution(text: str, where: str | None = None) -> tuple[str, Distribution]:
    """Parse ``name=dist(args)``: ``uniform(a,b)``, ``normal(mu,sigma)``, ``triangular(a,mode,b)``, ``choice(v1,...)``."""
    where = where or f"--sample {text!r}"
    m = _DIST_RE.match(text)
    if not m:
        raise InvalidGameError(f"{where}: expected name=dist(args) with dist one of "
                               f"{', '.join(DISTRIBUTIONS)}")
    name, kind, body = m.groups()
    return name, make_distribution(kind, [v for v in body.split(",") if v.strip()], where)


def make_distribution(kind: str, args: Sequence, where: str = "distribution") -> Distribution:
    """Check a distribution's name and arguments; see :func:`parse_distribution`."""
    if kind not in DISTRIBUTIONS:
        raise InvalidGameError(f"{where}: unknown distribution {kind!r}; expected one of "
                               f"{', '.join(DISTRIBUTIONS)}")
    vals = tuple(_number(v, where) if isinstance(v, str) else to_fraction(v, where=where) for v in args)
    need = DISTRIBUTIONS[kind]
    if need is not None and len(vals) != need:
        raise InvalidGameError(f"{where}: {kind} takes {need} arguments, got {len(vals)}")
    if kind == "uniform" and not vals[0] < vals[1]:
        raise InvalidGameError(f"{where}: uniform(a, b) needs a < b")
    if kind == "normal" and not vals[1] > 0:
        raise InvalidGameError(f"{where}: normal(mu, sigma) needs sigma > 0")
    if kind == "triangular" and not (vals[0] <= vals[1] <= vals[2] and vals[0] < vals[2]):
        raise InvalidGameError(f"{where}: triangular(a, mode, b) needs a <= mode <= b and a < b")
    if kind == "choice" and not vals:
        raise InvalidGameError(f"{where}: choice(...) needs at least one value")
    return Distribution(kind, vals)


class PointSet:
    """The points of a sweep: grid product times Monte Carlo draws, addressable by id.

    Parameters
    ----------
    grid : mapping name -> sequence of values
    sample : mapping name -> Distribution
    samples : int
        Number of draws (required when ``sample`` is given).
    seed : int, optional
    """

    def __init__(self, grid: Mapping[str, Sequence] | None = None,
                 sample: Mapping[str, Distribution] | None = None, samples: int | None = None,
                 seed: int | None = None):
        self.grid = {k: list(v) for k, v in (grid or {}).items()}
        self.sample = dict(sample or {})
        both = set(self.grid) & set(self.sample)
        if both:
            raise InvalidGameError(f"parameter(s) {', '.join(sorted(both))} given both a grid and a distribution")
        if self.sample and (samples is None or samples < 1):
            raise InvalidGameError("--sample needs --samples N (a positive number of draws)")
        if not self.sample and samples not in (None, 0) and not self.grid:
            raise InvalidGameError("--samples needs at least one --sample name=dist(args)")
        self.samples = int(samples or 0) if self.sample else 1
        self.seed = seed
        if not self.grid and not self.sample:
            raise InvalidGameError("a sweep needs at least one --grid or --sample")
        self._sizes = [len(v) for v in self.grid.values()]
        rng = np.random.default_rng(seed)
        self._draws = {k: d.draw(rng, self.samples) for k, d in self.sample.items()}

    @property
    def names(self) -> list[str]:
        return list(self.grid) + list(self.sample)

    def __len__(self) -> int:
        return math.prod(self._sizes) * self.samples

    def point(self, k: int) -> dict[str, Any]:
        """The parameter values of point ``k``."""
        if not 0 <= k < len(self):
            raise IndexError(k)
        g, s = divmod(k, self.samples)
        out = {}
        if self._sizes:
            for name, idx in zip(self.grid, np.unravel_index(g, self._sizes)):
                out[name] = self.grid[name][int(idx)]
        for name in self.sample:
            out[name] = self._draws[name][s]
        return out

    def points(self, start: int, stop: int) -> list[dict[str, Any]]:
        return [self.point(k) for k in range(start, stop)]

    def describe(self) -> dict:
        """A JSON description (for the sidecar file and resume checks)."""
        return {"grid": {k: [format_value(v) for v in vals] for k, vals in self.grid.items()},
                "sample": {k: str(d) for k, d in self.sample.items()},
                "samples": self.samples if self.sample else None, "seed": self.seed,
                "points": len(self)}


# ---------------------------------------------------------------------- vectorised substitution
class NotVectorisable(Exception):
    """An expression node the vectorised evaluator does not know."""


def vector_eval(expr, env: Mapping[str, np.ndarray], size: int) -> np.ndarray:
    """Evaluate a payoff value at many parameter points at once, in float64.

    ``expr`` is a Fraction, float or a sympy expression built by
    :func:`gametheory.payoffs.parse_value` (numbers, symbols, ``+ * **``, ``Min``,
    ``Max``, ``Abs``, ``exp``, ``log``); ``env`` maps each parameter name to an
    array of values.  The tree is walked node by node with numpy; nothing is
    compiled or evaluated as code.  Raises :class:`NotVectorisable` for any
    other node.
    """
    if not getattr(expr, "free_symbols", None):
        return np.full(size, float(expr))
    import sympy

    def walk(e):
        if e.is_Symbol:
            return np.asarray(env[e.name], dtype=float)
        if e.is_Number:
            return float(e)
        if e.is_Add:
            out = walk(e.args[0])
            for a in e.args[1:]:
                out = out + walk(a)
            return out
        if e.is_Mul:
            out = walk(e.args[0])
            for a in e.args[1:]:
                out = out * walk(a)
            return out
        if e.is_Pow:
            return np.power(walk(e.args[0]), walk(e.args[1]))
        if isinstance(e, sympy.Min):
            return np.minimum.reduce([np.broadcast_to(walk(a), (size,)) for a in e.args])
        if isinstance(e, sympy.Max):
            return np.maximum.reduce([np.broadcast_to(walk(a), (size,)) for a in e.args])
        if isinstance(e, sympy.Abs):
            return np.abs(walk(e.args[0]))
        if isinstance(e, sympy.exp):
            return np.exp(walk(e.args[0]))
        if isinstance(e, sympy.log) and len(e.args) == 1:
            return np.log(walk(e.args[0]))
        raise NotVectorisable(type(e).__name__)

    with np.errstate(all="ignore"):
        return np.broadcast_to(np.asarray(walk(expr), dtype=float), (size,)).copy()


def stacked_payoffs(game, points: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """Float payoffs of ``game`` at every point, shape ``(len(points),) + game.payoffs.shape``.

    Entries that are not finite (a division by zero at some point, say) are NaN;
    the caller solves those points one by one (where the error is reported).
    """
    size = len(points)
    arr = game.payoffs
    if arr.dtype != object:
        return np.broadcast_to(arr.astype(float), (size,) + arr.shape).copy()
    values = [game.parameter_values(**p) for p in points]
    env = {name: np.array([float(v[name]) if name in v else np.nan for v in values])
           for name in game.parameters}
    out = np.empty((size,) + arr.shape)
    flat = out.reshape(size, -1)
    for c, expr in enumerate(arr.flat):
        flat[:, c] = vector_eval(expr, env, size)
    out[~np.isfinite(out)] = np.nan
    return out
