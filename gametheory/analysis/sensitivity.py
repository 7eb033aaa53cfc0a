"""Which assumptions drive the zugzwang verdict and its margin.

Three views of the focal player's margin (:mod:`gametheory.analysis.zugzwang`)
over the parameter box the model file documents (each parameter's ``range``):

* **Sobol indices** (Sobol 1993; Saltelli 2002): the first-order index ``S1``
  of a parameter is the share of the margin's variance explained by that
  parameter alone, the total index ``ST`` the share it takes part in, with
  interactions.  Estimated with SALib (Herman & Usher 2017) from Saltelli's
  sampling scheme on a scrambled Sobol sequence, ``N (D + 2)`` evaluations
  for ``D`` parameters, with bootstrap confidence intervals; computed for the
  margin and for the verdict (1 in zugzwang, 0 not).
* **One at a time** (a tornado chart): each parameter set to the low and the
  high end of its range, the others at their values; the margin at both ends.
* **Probability of zugzwang**: the share of ``n`` uniform Monte Carlo samples
  of the box in zugzwang, with its Wilson score interval (Wilson 1927).

Every evaluation goes through the stacked engine
(:func:`gametheory.analysis.zugzwang.diagnose_points`), in chunks on
local processes (:func:`gametheory.parallel.run_chunks`); all sampling
is seeded.

References
----------
Sobol, I. M. (1993). Sensitivity estimates for nonlinear mathematical models.
*Mathematical Modelling and Computational Experiments* 1, 407-414.
Saltelli, A. (2002). Making best use of model evaluations to compute
sensitivity indices. *Computer Physics Communications* 145, 280-297.
Herman, J. & Usher, W. (2017). SALib: an open-source Python library for
sensitivity analysis. *Journal of Open Source Software* 2(9), 97.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..exceptions import InvalidGameError

__all__ = ["SensitivityResult", "SobolIndices", "TornadoData", "ZugzwangProbability", "margin_evaluator",
           "one_at_a_time", "sensitivity", "sobol_indices", "zugzwang_probability"]

#: Points per chunk sent to a worker.
CHUNK = 4096


# ---------------------------------------------------------------------- records
@dataclass(frozen=True)
class SobolIndices:
    """First-order and total Sobol indices of one output, with bootstrap intervals."""

    output: str
    names: tuple
    first: np.ndarray
    first_conf: np.ndarray
    total: np.ndarray
    total_conf: np.ndarray
    base_samples: int
    evaluations: int
    variance: float

    def to_json(self) -> dict:
        return {"output": self.output, "base_samples": self.base_samples, "evaluations": self.evaluations,
                "variance": _num(self.variance),
                "indices": [{"parameter": n, "S1": _num(a), "S1_conf": _num(b), "ST": _num(c), "ST_conf": _num(d)}
                            for n, a, b, c, d in zip(self.names, self.first, self.first_conf, self.total,
                                                     self.total_conf)]}


@dataclass(frozen=True)
class TornadoData:
    """The margin with each parameter at the ends of its range (others at their values).

    ``order`` sorts the parameters by swing ``|margin_high - margin_low|``, largest first.
    """

    player: str
    names: tuple
    low: np.ndarray
    high: np.ndarray
    margin_low: np.ndarray
    margin_high: np.ndarray
    base_margin: float
    values: dict = field(default_factory=dict)

    @property
    def order(self) -> np.ndarray:
        return np.argsort(-np.abs(self.margin_high - self.margin_low), kind="stable")

    def to_json(self) -> dict:
        return {"player": self.player, "base_margin": _num(self.base_margin),
                "parameters": [{"parameter": self.names[k], "low": _num(self.low[k]), "high": _num(self.high[k]),
                                "value": _num(self.values.get(self.names[k])),
                                "margin_at_low": _num(self.margin_low[k]),
                                "margin_at_high": _num(self.margin_high[k])} for k in self.order]}


@dataclass(frozen=True)
class ZugzwangProbability:
    """Share of uniform samples of the parameter box in zugzwang, with a Wilson interval."""

    n: int
    in_zugzwang: int
    share: float
    low: float
    high: float
    seed: int | None
    failed: int = 0
    confidence: float = 0.95

    def to_json(self) -> dict:
        return {"n": self.n, "in_zugzwang": self.in_zugzwang, "share": self.share,
                "interval": [self.low, self.high], "confidence": self.confidence, "seed": self.seed,
                "failed": self.failed}


@dataclass(frozen=True)
class SensitivityResult:
    """Everything :func:`sensitivity` computed, with how (samples, seed, ranges)."""

    player: str
    names: tuple
    bounds: tuple
    margin: SobolIndices
    verdict: SobolIndices
    tornado: TornadoData
    probability: ZugzwangProbability
    seed: int | None
    reference: str = "0"

    def to_json(self) -> dict:
        return {"player": self.player, "reference": self.reference, "seed": self.seed,
                "parameters": [{"parameter": n, "low": _num(lo), "high": _num(hi)}
                               for n, (lo, hi) in zip(self.names, self.bounds)],
                "sobol_margin": self.margin.to_json(), "sobol_verdict": self.verdict.to_json(),
                "tornado": self.tornado.to_json(), "probability": self.probability.to_json()}

    def to_rows(self) -> list[dict]:
        """One row per ranged parameter, in the tornado's order (largest swing first)
        (``gametheory sensitivity --format csv``): ``parameter``, ``low``, ``high``
        (its range), ``value`` (where the others are held), ``S1_margin``,
        ``S1_margin_conf``, ``ST_margin``, ``ST_margin_conf``, ``S1_verdict``,
        ``S1_verdict_conf``, ``ST_verdict``, ``ST_verdict_conf`` (Sobol indices with
        their bootstrap confidence half-widths), ``margin_at_low``,
        ``margin_at_high``; then, repeated on every row, ``player``, ``reference``,
        ``base_margin``, ``probability`` of zugzwang and its Wilson interval
        ``probability_low``, ``probability_high``.  Numbers as in :meth:`to_json`."""
        doc = self.to_json()
        sobol: dict[str, dict] = {}
        for out in ("margin", "verdict"):
            for d in doc[f"sobol_{out}"]["indices"]:
                sobol.setdefault(d["parameter"], {}).update(
                    {f"{key}_{out}{tail}": d[key + tail] for key in ("S1", "ST") for tail in ("", "_conf")})
        prob = doc["probability"]
        common = {"player": doc["player"], "reference": doc["reference"],
                  "base_margin": doc["tornado"]["base_margin"], "probability": prob["share"],
                  "probability_low": prob["interval"][0], "probability_high": prob["interval"][1]}
        return [{"parameter": t["parameter"], "low": t["low"], "high": t["high"], "value": t["value"],
                 **sobol[t["parameter"]], "margin_at_low": t["margin_at_low"],
                 "margin_at_high": t["margin_at_high"], **common}
                for t in doc["tornado"]["parameters"]]

    def table(self) -> str:
        p = self.probability
        lines = [f"Sensitivity of {self.player}'s zugzwang (reference {self.reference}) over "
                 f"{len(self.names)} parameter ranges, seed {self.seed}",
                 f"probability of zugzwang: {p.share:.4f} ({p.confidence:.0%} Wilson interval "
                 f"{p.low:.4f} to {p.high:.4f}; {p.in_zugzwang} of {p.n} uniform samples"
                 + (f"; {p.failed} failed, left out" if p.failed else "") + ")",
                 f"base margin: {self.tornado.base_margin:.6g}", ""]
        w = max([len(n) for n in self.names] + [9])
        lines.append(f"{'parameter':<{w}}  {'S1 margin':>10}  {'ST margin':>10}  {'S1 verdict':>10}  "
                     f"{'ST verdict':>10}  {'margin at low':>13}  {'margin at high':>14}")
        t = self.tornado
        for k in t.order:
            n = t.names[k]
            j = self.names.index(n)
            lines.append(f"{n:<{w}}  {fmt_value(self.margin.first[j]):>10}  {fmt_value(self.margin.total[j]):>10}  "
                         f"{fmt_value(self.verdict.first[j]):>10}  {fmt_value(self.verdict.total[j]):>10}  "
                         f"{t.margin_low[k]:>13.6g}  {t.margin_high[k]:>14.6g}")
        lines.append("")
        lines.append(f"Sobol indices from {self.margin.evaluations} evaluations (Saltelli scheme, "
                     f"{self.margin.base_samples} base samples); S1: the parameter alone, ST: with interactions.")
        return "\n".join(lines)

    __str__ = table


def _num(v):
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def fmt_value(v) -> str:
    return "n/a" if not np.isfinite(v) else f"{v:.3f}"


# ---------------------------------------------------------------------- Sobol indices (any function)
def sobol_indices(func: Callable[[np.ndarray], np.ndarray], names: Sequence[str], bounds: Sequence,
                  base_samples: int = 1024, seed: int = 0, outputs: Sequence[str] = ("y",)) -> list:
    """First-order and total Sobol indices of ``func`` over a box, with SALib.

    Parameters
    ----------
    func : callable
        ``func(X)`` for ``X`` of shape ``(M, D)`` returns ``M`` values, or an
        ``(M, len(outputs))`` array of several outputs.
    names, bounds : sequences
        The ``D`` inputs and their ``(low, high)`` ranges (uniform distributions).
    base_samples : int
        ``N`` of Saltelli's scheme, a power of two; ``N (D + 2)`` evaluations.
    seed : int
        Seeds the scrambled Sobol sequence and the bootstrap.

    Returns
    -------
    list of SobolIndices
        One per output.  An output without variance gets indices of 0.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample
    if base_samples < 2 or base_samples & (base_samples - 1):
        raise InvalidGameError(f"Sobol indices need a power of two of base samples, got {base_samples}")
    problem = {"num_vars": len(names), "names": list(names), "bounds": [[float(a), float(b)] for a, b in bounds]}
    X = sobol_sample.sample(problem, base_samples, calc_second_order=False, scramble=True, seed=seed)
    Y = np.asarray(func(X), dtype=float)
    if Y.ndim == 1:
        Y = Y[:, None]
    out = []
    D = len(names)
    for j, name in enumerate(outputs):
        y = Y[:, j]
        var = float(np.var(y))
        if not np.isfinite(var) or var <= 1e-300:
            z = np.zeros(D)
            out.append(SobolIndices(name, tuple(names), z, z, z, z, base_samples, len(y), var))
            continue
        # SALib seeds its bootstrap only when ``seed`` is truthy (``if seed:``), so seed 0
        # would draw from the global generator: pass a nonzero seed derived from ``seed``.
        boot = int(np.random.SeedSequence(seed).generate_state(1)[0]) or 1
        res = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=boot)
        out.append(SobolIndices(name, tuple(names), np.asarray(res["S1"]), np.asarray(res["S1_conf"]),
                                np.asarray(res["ST"]), np.asarray(res["ST_conf"]), base_samples, len(y), var))
    return out


# ---------------------------------------------------------------------- the game's margin as a function
@dataclass(frozen=True)
class _Job:
    game: object
    player: object
    names: tuple
    reference: object
    params: dict
    method: str


def _chunk(job: _Job, X: np.ndarray):
    """Worker: the margin, verdict and failure flag at each row of ``X``."""
    import warnings

    from .zugzwang import diagnose_points
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sd = diagnose_points(job.game, job.player, {n: X[:, j] for j, n in enumerate(job.names)},
                             reference=job.reference, params=job.params, method=job.method, exact=False)
    return sd.margin, sd.zugzwang, sd.failed


def margin_evaluator(game, player, names: Sequence[str], reference=0, params: Mapping | None = None,
                     method: str = "auto", executor: str = "process", workers: int | None = None,
                     progress: Callable[[int], None] | None = None):
    """``f(X) -> (margin, zugzwang, failed)`` over rows of parameter values, in chunks on all cores.

    ``progress(n)`` is called with the number of rows of each chunk as it finishes.
    """
    from ..parallel import run_chunks
    job = _Job(game, player, tuple(names), reference, dict(params or {}), method)

    def f(X: np.ndarray):
        X = np.asarray(X, dtype=float)
        chunks = [X[s:s + CHUNK] for s in range(0, len(X), CHUNK)]
        parts = []
        for k, r in run_chunks(_chunk, job, chunks, executor=executor if len(chunks) > 1 else "serial",
                               workers=workers):
            parts.append(r)
            if progress is not None:
                progress(len(chunks[k]))
        if not parts:
            return np.zeros(0), np.zeros(0, dtype=bool), np.zeros(0, dtype=bool)
        return tuple(np.concatenate([p[k] for p in parts]) for k in range(3))
    return f


def ranged_parameters(game) -> tuple[tuple, tuple]:
    """The parameters with a documented range, and their ``(low, high)``."""
    names, bounds = [], []
    for n, p in game.parameters.items():
        if p.low is not None and p.high is not None and float(p.high) > float(p.low):
            names.append(n)
            bounds.append((float(p.low), float(p.high)))
    if not names:
        raise InvalidGameError("sensitivity analysis needs parameters with a range (low and high); "
                               "the game declares none")
    return tuple(names), tuple(bounds)


def one_at_a_time(game, player, reference=0, params: Mapping | None = None, evaluator=None) -> TornadoData:
    """The margin with each ranged parameter at its low and high end (the tornado chart's data)."""
    names, bounds = ranged_parameters(game)
    values = game.parameter_values(**dict(params or {}))
    base = np.array([float(values[n]) for n in names])
    rows = [base]
    for j, (lo, hi) in enumerate(bounds):
        for v in (lo, hi):
            r = base.copy()
            r[j] = v
            rows.append(r)
    f = evaluator or margin_evaluator(game, player, names, reference, params, executor="serial")
    margin, _, failed = f(np.array(rows))
    margin = np.where(failed, np.nan, margin)
    return TornadoData(player=game.players[game.player(player)], names=names,
                       low=np.array([b[0] for b in bounds]), high=np.array([b[1] for b in bounds]),
                       margin_low=margin[1::2], margin_high=margin[2::2], base_margin=float(margin[0]),
                       values={n: float(values[n]) for n in names})


def zugzwang_probability(game, player, samples: int = 100_000, seed: int = 0, reference=0,
                         params: Mapping | None = None, evaluator=None) -> ZugzwangProbability:
    """Share of ``samples`` uniform points of the parameter box in zugzwang, with a Wilson interval."""
    from .zugzwang import wilson_interval
    names, bounds = ranged_parameters(game)
    if samples < 1:
        raise InvalidGameError(f"--samples must be positive, got {samples}")
    rng = np.random.default_rng(seed)
    lo = np.array([b[0] for b in bounds])
    hi = np.array([b[1] for b in bounds])
    X = lo + (hi - lo) * rng.random((int(samples), len(names)))
    f = evaluator or margin_evaluator(game, player, names, reference, params)
    _, zz, failed = f(X)
    n = int((~failed).sum())
    k = int(zz[~failed].sum())
    if n == 0:
        raise InvalidGameError("the diagnosis failed at every sample point")
    a, b = wilson_interval(k, n)
    return ZugzwangProbability(n=n, in_zugzwang=k, share=k / n, low=a, high=b, seed=seed,
                               failed=int(failed.sum()))


def default_base_samples(samples: int, n_parameters: int) -> int:
    """Saltelli's ``N``: the largest power of two with ``N (D + 2) <= samples``, at least 64."""
    return max(64, 2 ** int(math.floor(math.log2(max(1, samples // (n_parameters + 2))))))


def total_points(samples: int, n_parameters: int, base_samples: int | None = None) -> int:
    """Diagnoses :func:`sensitivity` makes: Sobol ``N (D + 2)``, one at a time ``2 D + 1``, Monte Carlo."""
    n = base_samples or default_base_samples(samples, n_parameters)
    return n * (n_parameters + 2) + 2 * n_parameters + 1 + samples


def sensitivity(game, player, samples: int = 100_000, seed: int = 0, reference=0,
                params: Mapping | None = None, base_samples: int | None = None, method: str = "auto",
                executor: str = "process", workers: int | None = None,
                progress: Callable[[int], None] | None = None) -> SensitivityResult:
    """Sobol indices, the one-at-a-time margins and the probability of zugzwang.

    Parameters
    ----------
    game, player, reference, params
        As for :func:`~gametheory.analysis.zugzwang.diagnose`; parameters
        without a range stay at their values.
    samples : int
        Monte Carlo samples for the probability of zugzwang.
    seed : int
        Seeds every sample (the Monte Carlo draw, the Sobol sequence, the bootstrap).
    base_samples : int, optional
        Saltelli's ``N`` (a power of two); default: the largest power of two
        with ``N (D + 2) <= samples``, at least 64.
    executor, workers
        Passed to :func:`gametheory.parallel.run_chunks`.
    progress : callable, optional
        Called with the number of points diagnosed as each chunk finishes
        (:func:`total_points` tells how many there will be).
    """
    names, bounds = ranged_parameters(game)
    D = len(names)
    f = margin_evaluator(game, player, names, reference, params, method, executor, workers, progress)
    if base_samples is None:
        base_samples = default_base_samples(samples, D)

    def both(X):
        m, z, failed = f(X)
        # A failed point would bias the indices silently: refuse instead.
        if failed.any():
            from ..exceptions import SolverError
            raise SolverError(f"the diagnosis failed at {int(failed.sum())} Sobol sample point(s)")
        return np.column_stack([m, z.astype(float)])
    margin, verdict = sobol_indices(both, names, bounds, base_samples=base_samples, seed=seed,
                                    outputs=("margin", "zugzwang"))
    tornado = one_at_a_time(game, player, reference, params, evaluator=f)
    prob = zugzwang_probability(game, player, samples, seed, reference, params, evaluator=f)
    from .zugzwang.references import resolve_reference
    label = resolve_reference(game, game.player(player), reference, game.parameter_values())[1]
    return SensitivityResult(player=game.players[game.player(player)], names=names, bounds=bounds,
                             margin=margin, verdict=verdict, tornado=tornado, probability=prob, seed=seed,
                             reference=label)
