"""Robustness: the share of the parameter box in which the zugzwang holds.

Strategic forms are diagnosed at all sample points at once by the stacked
engine (:mod:`.engine`); trees point by point in exact arithmetic.  The share
comes with a Wilson score interval (Wilson 1927).
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from ...exceptions import InvalidGameError, SolverError
from .engine import diagnose_points
from .evaluation import evaluate_reactions, verdict
from .reactions import is_tree
from .records import Robustness
from .references import numeric_value

__all__ = ["robustness_share", "wilson_interval"]


def wilson_interval(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (Wilson 1927)."""
    if n <= 0:
        raise InvalidGameError("robustness needs at least one sample")
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, centre - half), min(1.0, centre + half)


def robustness_share(game, i, ref_sym, reactions, spec, seed, method, reference=0) -> Robustness:
    ranged = [(k, p) for k, p in game.parameters.items() if p.low is not None and p.high is not None]
    if not ranged:
        raise InvalidGameError("robustness needs parameters with ranges (low and high); the game declares none")
    grid = None
    n = None
    if isinstance(spec, Mapping):
        unknown = set(spec) - {"n", "seed", "grid"}
        if unknown:
            raise InvalidGameError(f"robustness: unknown key(s) {', '.join(sorted(unknown))}; use n, seed, grid")
        n = spec.get("n")
        seed = spec.get("seed", seed)
        grid = spec.get("grid")
    elif isinstance(spec, (int, np.integer)) and not isinstance(spec, bool):
        n = int(spec)
    else:
        raise InvalidGameError(f"robustness must be a sample size or a mapping, got {spec!r}")
    names = tuple(k for k, _ in ranged)
    if grid is not None:
        k = int(grid)
        if k < 2 or k ** len(ranged) > 100_000:
            raise InvalidGameError(f"robustness grid of {k} points per parameter is too small or too large")
        axes = [np.linspace(float(p.low), float(p.high), k) for _, p in ranged]
        points = list(itertools.product(*axes))
        design, seed = f"grid {k}^{len(ranged)}", None
    else:
        if n is None or int(n) < 1:
            raise InvalidGameError("robustness needs a positive sample size")
        rng = np.random.default_rng(seed)
        lows = np.array([float(p.low) for _, p in ranged])
        highs = np.array([float(p.high) for _, p in ranged])
        points = list(lows + (highs - lows) * rng.random((int(n), len(ranged))))
        design = "Monte Carlo"
    import warnings
    base = game.parameter_values()
    hits = 0
    # Trees are evaluated in exact arithmetic at the sample points rounded to 1e-6:
    # chance probabilities such as ``1 - p`` must add up to exactly 1.
    exact = is_tree(game)
    if not exact:
        # Strategic forms: all points at once through the stacked engine.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sd = diagnose_points(game, i, [{k: float(v) for k, v in zip(names, pt)} for pt in points],
                                 reference=reference, method=method, exact=False)
        if sd.failed.any():
            raise SolverError(f"robustness: the diagnosis failed at a sample point: {sd.errors[0]}")
        hits = int(sd.zugzwang.sum())
        points = []
    for pt in points:
        if exact:
            vals = {**base, **{k: Fraction(round(float(v) * 10 ** 6), 10 ** 6) for k, v in zip(names, pt)}}
        else:
            vals = {**base, **{k: float(v) for k, v in zip(names, pt)}}
        ref = numeric_value(ref_sym, vals, exact)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            evals, _ = evaluate_reactions(reactions, vals, exact, method)
        zz, _ = verdict(evals, ref)
        hits += bool(zz)
    total = len(points) if exact else len(sd.zugzwang)
    lo, hi = wilson_interval(hits, total)
    return Robustness(share=hits / total, low=lo, high=hi, n=total, in_zugzwang=hits,
                      seed=seed, design=design, parameters=names)

