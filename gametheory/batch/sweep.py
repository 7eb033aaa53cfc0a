"""Parameter sweeps and Monte Carlo runs over one game.

``sweep(game, grid=..., sample=..., samples=N, seed=S)`` solves the game at every
point of a :class:`~gametheory.batch.spec.PointSet` and returns (and optionally
writes) one row per point::

    {"point": 17, "game": ..., "method": "enummixed", "exact": false, ...,
     "parameters": {"c": "1/4", ...}, "players": [...], "equilibria": [...],
     "components": [...], "warnings": [...], "zugzwang": {...}}

The fields after ``"point"`` are those of ``gametheory solve --format json`` at the
point's parameter values; ``"zugzwang"`` (with ``zugzwang=True``) is the focal
player's diagnosis: in float sweeps the stacked engine's summary
(:func:`gametheory.analysis.zugzwang_engine.stacked_doc`: verdict, margin, best
option, each option's worst/best payoff and range over its reaction equilibria,
and the route taken), computed for a whole chunk at once; in exact sweeps, or
with ``zugzwang_options={"full": True}``, the whole one-point diagnosis
(:func:`gametheory.analysis.zugzwang.diagnose`).  A point that
cannot be solved has ``"error"`` instead of the solution.

Speed: two-player games solved with ``enummixed`` (the default for them) go
through the stacked kernel of :mod:`gametheory.batch.kernel`, a chunk of points
at a time: payoffs are evaluated for all points at once
(:func:`~gametheory.batch.spec.stacked_payoffs`) and only degenerate points are
solved one by one.  ``method="pure"`` (float) is stacked the same way for any
number of players.  Other games and methods are solved point by point.  Chunks
run on local processes (default), serially, or on Dask; the output is the same.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from ..exceptions import InvalidGameError
from .output import csv_line, json_line

#: Points per chunk on the stacked kernel / point by point.
KERNEL_CHUNK = 1024
POINT_CHUNK = 32


@dataclass
class SweepJob:
    """Everything a worker needs to solve a chunk of points (sent to each worker once)."""

    game: Any
    method: str
    exact: bool
    zugzwang: bool = False
    player: Any = None
    fmt: str = "jsonl"
    param_names: tuple = ()
    options: dict = field(default_factory=dict)
    zugzwang_options: dict = field(default_factory=dict)

    @property
    def uses_kernel(self) -> bool:
        from ..game import NormalFormGame
        from .engine import KERNEL_METHODS
        from .kernel import kernel_applies
        return (isinstance(self.game, NormalFormGame) and self.game.n_players == 2
                and self.method in KERNEL_METHODS and not self.options
                and kernel_applies(self.game.shape))

    @property
    def uses_pure_stack(self) -> bool:
        from ..game import NormalFormGame
        return (isinstance(self.game, NormalFormGame) and self.method == "pure" and not self.exact
                and not self.options)

    def csv_header(self) -> str:
        cols = ["point", *self.param_names, *(f"{k}_float" for k in self.param_names),
                "method", "exact", "n_equilibria", "equilibria", "warnings"]
        if self.zugzwang:
            cols += ["zugzwang", "margin", "best_option", "diagnosis"]
        return csv_line(cols + ["error"])


def resolve_method(game, method: str, options: Mapping | None = None) -> str:
    """The registry method a sweep uses (``"auto"``: :func:`~gametheory.solvers.registry.choose_method`
    once for the game's form); the method and its ``options`` are checked against the
    registry (:class:`~gametheory.exceptions.OptionError`) before any point is solved."""
    from ..solvers import registry
    chosen = registry.choose_method(game) if method == "auto" else registry.get(method).name
    if options:
        registry.check_options(chosen, game, options)
    return chosen


def default_exact(game, points) -> bool:
    """``exact=None`` for a sweep: the kind of the games it solves.  File numbers and
    grid values are exact fractions, so a grid over an exact or symbolic game is
    solved exactly; Monte Carlo draws from a continuous distribution are floats,
    so a sample (or a float game) is solved in floating point."""
    if game.kind == "float":
        return False
    if not len(points):
        return True
    return all(isinstance(v, (int, Fraction)) and not isinstance(v, bool) for v in points.point(0).values())


def _params_of(game, point: Mapping) -> dict:
    return game.parameter_values(**point) if game.is_symbolic else {}


def _stacked_zugzwang(job: SweepJob, points: Sequence[Mapping]) -> list | None:
    """The zugzwang fields of a chunk from the stacked engine (float sweeps), or None.

    Exact sweeps (``exact=True``) and ``zugzwang_options={"full": True}`` keep
    the whole one-point diagnosis per row instead.
    """
    opts = dict(job.zugzwang_options)
    if job.exact or opts.pop("full", False) or opts.get("conditions") or not points:
        return None
    unknown = set(opts) - {"conditions", "exact", "method", "reference"}
    if unknown:
        return None
    from ..analysis.zugzwang.engine import diagnose_points, stacked_doc
    from ..exceptions import GameTheoryError
    try:
        sd = diagnose_points(job.game, job.player, [dict(p) for p in points],
                             reference=opts.get("reference", 0), method=opts.get("method", "auto"),
                             exact=False)
    except (GameTheoryError, ArithmeticError, ValueError) as exc:
        return [{"error": str(exc)}] * len(points)
    return [stacked_doc(sd, k) for k in range(len(points))]


def _zugzwang_doc(job: SweepJob, point: Mapping) -> dict:
    from ..exceptions import GameTheoryError
    from ..analysis.zugzwang import diagnose
    try:
        opts = {k: v for k, v in job.zugzwang_options.items() if k != "full"}
        return diagnose(job.game, job.player, params=dict(point), **opts).to_json()
    except (GameTheoryError, ArithmeticError, ValueError) as exc:
        return {"error": str(exc)}


def solve_points(job: SweepJob, start: int, points: Sequence[Mapping]) -> list[dict]:
    """The rows of points ``start, start + 1, ...`` (a chunk), in order."""
    from .engine import bimatrix_docs, solve_doc
    from .table import numeric_parameters
    game = job.game
    docs: list = [None] * len(points)
    if job.uses_kernel and points:
        from .spec import NotVectorisable, stacked_payoffs
        try:
            P = stacked_payoffs(game, points)
        except (NotVectorisable, InvalidGameError, KeyError):
            P = None
        if P is not None:
            finite = np.isfinite(P).reshape(len(points), -1).all(1)
            idx = np.flatnonzero(finite)
            if idx.size:
                sub = [points[int(i)] for i in idx]
                out = bimatrix_docs(
                    P[idx, 0], P[idx, 1], players=game.players, strategies=game.strategies,
                    titles=[game.title or ""] * len(sub),
                    parameters=[_params_of(game, p) for p in sub], exact=job.exact,
                    game_at=lambda g: game.substitute(**sub[g]))
                for i, d in zip(idx.tolist(), out):
                    docs[i] = d
    if job.uses_pure_stack and points:
        from .engine import pure_docs
        from .spec import NotVectorisable, stacked_payoffs
        try:
            P = stacked_payoffs(game, points)
        except (NotVectorisable, InvalidGameError, KeyError):
            P = None
        if P is not None:
            idx = np.flatnonzero(np.isfinite(P).reshape(len(points), -1).all(1))
            if idx.size:
                sub = [points[int(i)] for i in idx]
                out = pure_docs(P[idx], players=game.players, strategies=game.strategies,
                                titles=[game.title or ""] * len(sub),
                                parameters=[_params_of(game, p) for p in sub])
                for i, d in zip(idx.tolist(), out):
                    docs[i] = d
    for i, p in enumerate(points):
        if docs[i] is None:
            try:
                g = game.substitute(**p)
            except (InvalidGameError, ArithmeticError, ValueError) as exc:
                docs[i] = {"error": str(exc)}
                continue
            docs[i] = solve_doc(g, job.method, job.exact, **job.options)
    stacked = _stacked_zugzwang(job, points) if job.zugzwang else None
    rows = []
    for i, (p, d) in enumerate(zip(points, docs)):
        row: dict[str, Any] = {"point": start + i}
        if "error" in d:
            row["parameters"] = {k: _json(v) for k, v in _safe_params(game, p).items()}
        row.update(d)
        row["parameter_values"] = numeric_parameters(row.get("parameters"))   # floats of the fractions
        if job.zugzwang:
            row["zugzwang"] = stacked[i] if stacked is not None else _zugzwang_doc(job, p)
        rows.append(row)
    return rows


def _safe_params(game, point):
    try:
        return _params_of(game, point)
    except InvalidGameError:
        return dict(point)


def _json(v):
    from fractions import Fraction

    from ..payoffs import format_value
    return format_value(v) if isinstance(v, Fraction) else v


def render_rows(job: SweepJob, rows: list[dict]) -> list[str]:
    """Rows as output lines (JSON lines or CSV)."""
    import json

    from .table import numeric_parameters
    if job.fmt == "jsonl":
        return [json_line(r) for r in rows]
    out = []
    for r in rows:
        params = r.get("parameters", {})
        eqs = r.get("equilibria")
        floats = numeric_parameters(params)       # numeric copies of the fraction strings
        vals = [r["point"], *(params.get(k, "") for k in job.param_names),
                *(floats.get(k, "") for k in job.param_names), r.get("method", ""),
                r.get("exact", ""), "" if eqs is None else len(eqs),
                "" if eqs is None else json.dumps(eqs, ensure_ascii=False, separators=(",", ":")),
                " | ".join(r.get("warnings", []))]
        if job.zugzwang:
            z = r.get("zugzwang", {})
            vals += [z.get("zugzwang", ""), z.get("margin", ""), z.get("best_option", ""),
                     json.dumps(z, ensure_ascii=False, separators=(",", ":"))]
        vals.append(r.get("error", ""))
        out.append(csv_line([str(v).replace("\n", " ") if isinstance(v, str) else v for v in vals]))
    return out


def sweep_chunk(job: SweepJob, payload) -> tuple[list[str], int]:
    """Worker entry point: ``payload = (start, points)`` -> (rendered lines, number of errors)."""
    start, points = payload
    rows = solve_points(job, start, points)
    return render_rows(job, rows), sum(1 for r in rows if "error" in r)


def _grid_spec(name: str, spec) -> list:
    from .spec import grid_values, parse_grid
    if isinstance(spec, str):
        return list(parse_grid(f"{name}={spec}")[1])
    if isinstance(spec, tuple) and len(spec) == 3 and isinstance(spec[2], int):
        return grid_values(spec[0], spec[1], spec[2], where=f"grid {name}")
    from ..payoffs import to_fraction
    vals: list = [v if isinstance(v, float) else to_fraction(v, where=f"grid {name}") for v in spec]
    if not vals:
        raise InvalidGameError(f"grid {name}: no values")
    return vals


def _sample_spec(name: str, spec):
    from .spec import Distribution, parse_distribution
    if isinstance(spec, Distribution):
        return spec
    if isinstance(spec, str):
        return parse_distribution(f"{name}={spec}", where=f"sample {name}={spec!r}")[1]
    raise InvalidGameError(f"sample {name}: expected a string like 'uniform(0, 1)' or a Distribution")


def make_job(game, points, *, method="auto", exact=None, zugzwang=False, player=None,
             fmt="jsonl", options=None, zugzwang_options=None) -> SweepJob:
    """Check a sweep's settings against the game and build its :class:`SweepJob`."""
    declared = list(game.parameters)
    unknown = [n for n in points.names if n not in declared]
    if unknown:
        raise InvalidGameError(
            f"the game declares no parameter {', '.join(map(repr, unknown))}; it declares "
            f"{', '.join(declared) or 'none'}")
    if zugzwang:
        if player is None:
            raise InvalidGameError("--zugzwang needs --player NAME (the focal player)")
        game.player(player)  # KeyError names the known players
    method = resolve_method(game, method, options)
    exact = default_exact(game, points) if exact is None else bool(exact)
    names = tuple(game.parameter_values(**points.point(0))) if game.is_symbolic else tuple(points.names)
    return SweepJob(game=game, method=method, exact=bool(exact), zugzwang=bool(zugzwang), player=player,
                    fmt=fmt, param_names=names, options=dict(options or {}),
                    zugzwang_options={"conditions": False, "exact": bool(exact), **(zugzwang_options or {})})


def sweep(game, grid: Mapping | None = None, sample: Mapping | None = None, samples=None,
          seed: int | None = None, *, n_samples: int | None = None, method: str = "auto", exact: bool | None = None, zugzwang: bool = False,
          player=None, out=None, resume: bool = False, overwrite: bool = False, executor: str = "process",
          workers: int | None = None, scheduler: str | None = None, client=None,
          chunk_size: int | None = None, progress: bool = False, collect: bool = True,
          options: Mapping | None = None, zugzwang_options: Mapping | None = None, run_info=None):
    """Solve ``game`` at every point of a grid and/or Monte Carlo sample.

    Parameters
    ----------
    game : NormalFormGame, ExtensiveFormGame or path
        A game with declared parameters (a path is read with :func:`gametheory.load`).
    grid : mapping, optional
        ``{name: "lo:hi:steps"}``, ``{name: (lo, hi, steps)}`` or ``{name: [values]}``.
    sample : mapping, optional
        ``{name: "uniform(a, b)"}`` (also ``normal``, ``triangular``, ``choice``).
    samples : int or mapping, optional
        Number of Monte Carlo draws (with ``sample``).  A mapping is taken as
        the distributions themselves (``samples={"c": "uniform(0, 1)"}``, with
        ``n_samples`` draws).
    n_samples : int, optional
        Number of draws when ``samples`` is a mapping.
    seed : int, optional
        Seed of the draws; the same seed gives the same points and output.
    method : str
        A solver method (``"auto"``: ``enummixed`` for two players).
    exact : bool, optional
        Exact rational equilibria or floating point; default ``None``: the kind
        of the games solved (:func:`default_exact`: exact on a grid over an exact
        game, floating point for Monte Carlo draws).  Floating point is much
        faster on large sweeps (the stacked kernel, the stacked zugzwang engine).
    zugzwang, player
        Add the focal ``player``'s zugzwang diagnosis to every row
        (:func:`~gametheory.analysis.zugzwang.diagnose` at the point, in the
        sweep's arithmetic, without the symbolic escape conditions unless
        ``zugzwang_options={"conditions": True}``).
    out : path, optional
        Write the rows to a ``.jsonl`` or ``.csv`` file as they are produced,
        with a ``.meta.json`` sidecar.
    overwrite : bool
        Replace an existing ``out`` file; without it (and without ``resume``) an
        existing results file is an error, so no run is lost by accident.
    resume : bool
        Continue an interrupted run writing to ``out``.
    executor : {"process", "serial", "dask"}
    workers : int, optional
        Number of processes (default: every core).
    scheduler : str, optional
        A Dask scheduler address (``tcp://host:port``); implies ``executor="dask"``.
    client : distributed.Client, optional
        A Dask client to run on.
    chunk_size : int, optional
        Points per chunk (default 1024 on the stacked kernel, 32 otherwise).
    progress : bool
        Show a tqdm progress bar on stderr.
    collect : bool
        Return the rows (read back from ``out`` when given); False returns None.

    Returns
    -------
    Table or None
        One row (dict) per point, in point order.
    """
    from .spec import PointSet
    from .._version import __version__
    from ..io import load

    if isinstance(samples, Mapping):
        if sample:
            raise InvalidGameError("give the distributions once: sample= or samples=, not both")
        sample, samples = samples, n_samples
    source = None
    if isinstance(game, (str, Path)):
        source = str(game)
        game = load(game)
    grid_vals = {name: _grid_spec(name, spec) for name, spec in (grid or {}).items()}
    dists = {name: _sample_spec(name, spec) for name, spec in (sample or {}).items()}
    points = PointSet(grid_vals, dists, samples, seed)
    fmt = "jsonl"
    if out is not None:
        from .output import output_format
        fmt = output_format(out)
    job = make_job(game, points, method=method, exact=exact, zugzwang=zugzwang, player=player, fmt=fmt,
                   options=options, zugzwang_options=zugzwang_options)
    run = {"command": "sweep", "game": source or (game.title or repr(game)), "method": job.method,
           "exact": job.exact, "zugzwang": job.zugzwang,
           "player": None if player is None else str(player), "format": fmt,
           "options": {k: str(v) for k, v in (options or {}).items()}, **points.describe()}
    if run_info:
        run.update(run_info)
    size = chunk_size or (KERNEL_CHUNK if job.uses_kernel or job.uses_pure_stack else POINT_CHUNK)
    if size < 1:
        raise InvalidGameError(f"chunk size must be at least 1, got {size}")
    total = len(points)
    rows_mem: list[str] = []
    writer = None
    done = 0
    meta = {"gametheory": __version__, "run": run, "finished": False}
    if out is not None:
        from .output import ResultWriter, prepare_resume, write_meta
        header = job.csv_header() if fmt == "csv" else None
        done = prepare_resume(out, fmt, "point", header, meta) if resume else 0
        if done > total:
            raise InvalidGameError(f"--resume: {out} has {done} rows but the sweep has {total} points")
        writer = ResultWriter(out, fmt, resume=resume, header=header, overwrite=overwrite)
        write_meta(out, meta)   # after the writer's check: a refused run leaves the sidecar alone
    # Chunks aligned on multiples of the chunk size, so a resumed run batches as the first did.
    bounds = []
    s = done
    while s < total:
        e = min(total, (s // size + 1) * size)
        bounds.append((s, e))
        s = e
    payloads = _LazyPayloads(points, bounds)
    bar = _progress(total, done, progress)
    errors = 0
    try:
        from .executors import run_chunks
        for k, (lines, n_err) in run_chunks(sweep_chunk, job, payloads, executor=executor, workers=workers,
                                   scheduler=scheduler, client=client):
            if writer is not None:
                writer.write_chunk(lines)
            if collect and writer is None:
                rows_mem.extend(lines)
            errors += n_err
            if bar is not None:
                bar.update(bounds[k][1] - bounds[k][0])
    finally:
        if bar is not None:
            bar.close()
        if writer is not None:
            writer.close()
    if out is not None:
        meta.update(finished=True, rows=total)
        write_meta(out, meta)
    if not collect:
        return None
    from .table import Table
    if out is not None:
        return Table.read(out)
    import json
    return Table([json.loads(ln) for ln in rows_mem])


class _LazyPayloads:
    """Chunk payloads built when a chunk is submitted (points are not all materialised)."""

    def __init__(self, points, bounds):
        self.points, self.bounds = points, bounds

    def __len__(self):
        return len(self.bounds)

    def __getitem__(self, k):
        s, e = self.bounds[k]
        return (s, self.points.points(s, e))


def _progress(total: int, initial: int, enabled: bool):
    if not enabled:
        return None
    from .output import Progress     # a bar on a terminal, plain lines otherwise
    return Progress(total, initial, unit="point", label="sweep")
