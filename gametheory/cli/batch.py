"""``gametheory sweep`` and ``gametheory batch``: many solves, resumable, local or on Dask."""
from __future__ import annotations

import sys

import click

from .common import EXIT_BAD_INPUT, exact_option, grid_option, handle_errors, method_option


def _executor_options(func):
    func = click.option("--dask", "use_dask", is_flag=True,
                        help="Run on a Dask LocalCluster started for the run (needs gametheory[dask]).")(func)
    func = click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
                        help="Run on the Dask distributed cluster of this scheduler.")(func)
    func = click.option("--workers", type=click.IntRange(min=1), default=None,
                        help="Number of worker processes (default: every core).")(func)
    func = click.option("--chunk-size", type=click.IntRange(min=1), default=None,
                        help="Items per chunk (the unit of work, flushing and resume).")(func)
    func = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")(func)
    func = click.option("--overwrite", is_flag=True,
                        help="Replace an existing --out file (without it an existing results file is an error).")(func)
    func = click.option("--resume", is_flag=True,
                        help="Continue an interrupted run: keep the rows in --out, solve the rest.")(func)
    return func


def _executor(use_dask: bool, scheduler: str | None) -> str:
    if scheduler and not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://", "ws://", "wss://")):
        raise click.BadParameter(f"{scheduler!r}: expected an address like tcp://HOST:PORT",
                                 param_hint="--scheduler")
    return "dask" if use_dask or scheduler else "process"


class _interruptible:
    """On Ctrl-C: say how to continue, exit 130 (the rows written so far are kept)."""

    def __init__(self, out):
        self.out = out

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is not None and issubclass(kind, KeyboardInterrupt):   # Ctrl-C or SIGTERM
            click.echo(f"\ninterrupted: the rows written so far are in {self.out}; run the same "
                       "command with --resume to continue", err=True)
            sys.exit(130)
        return False


def _show_progress(quiet: bool) -> bool:
    # A bar on a terminal; plain progress lines on stderr otherwise (batch/output.Progress).
    return not quiet


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@grid_option
@click.option("--sample", "samples_", multiple=True, metavar="NAME=DIST(ARGS)",
              help="Monte Carlo distribution: uniform(a,b), normal(mu,sigma), triangular(a,mode,b), "
                   "choice(v1,...). Repeatable.")
@click.option("--samples", "n_samples", type=click.IntRange(min=1), default=None,
              help="Number of Monte Carlo draws.")
@click.option("--seed", type=int, default=None, help="Seed of the draws (same seed, same output).")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False),
              help="Results file: .jsonl (one JSON object per point) or .csv.")
@method_option("Solver method", aliases=("--solver",))
@exact_option
@click.option("--zugzwang", is_flag=True, help="Add the focal player's zugzwang diagnosis to each row.")
@click.option("--player", default=None, metavar="NAME", help="The focal player (with --zugzwang).")
@_executor_options
@handle_errors
def sweep(file, grids, samples_, n_samples, seed, out, method, exact, zugzwang, player, resume, overwrite, quiet,
          chunk_size, workers, scheduler, use_dask):
    """Solve the game in FILE at every point of a parameter grid or Monte Carlo sample.

    One row per point, in point order: the point number, then the fields of
    `gametheory solve --format json` (but "details") at the point's parameter values (and the
    zugzwang diagnosis with --zugzwang).  Rows are flushed as chunks finish;
    after a crash, Ctrl-C or kill, run the same command with --resume.

    \b
    Examples:
      gametheory sweep model.yaml --grid c=0:4:41 --out c.jsonl
      gametheory sweep model.yaml --sample 'c=uniform(1,6)' --samples 10000 --seed 1 --out mc.csv
      gametheory sweep model.yaml --grid c=1:6:11 --zugzwang --player Moscow --out z.jsonl
      gametheory sweep model.yaml --grid c=0:4:401 --out c.jsonl --scheduler tcp://scheduler-host:8786
    """
    from ..batch.spec import parse_distribution
    from ..batch.sweep import sweep as run_sweep
    from ..exceptions import InvalidGameError
    from .common import check_points, grid_steps, parse_grids

    total = 1
    for g in grids:
        total *= max(grid_steps(g), 1)
    check_points(total * (n_samples or 1), "--grid and --samples together")
    grid = parse_grids(grids)
    sample = {}
    for s in samples_:
        name, dist = parse_distribution(s)
        if name in sample:
            raise InvalidGameError(f"--sample {s!r}: parameter {name!r} given twice")
        sample[name] = dist
    if n_samples is not None and not sample:
        raise InvalidGameError("--samples needs at least one --sample NAME=DIST(ARGS)")
    if not grid and not sample:
        raise InvalidGameError("nothing to sweep: give --grid NAME=LO:HI:STEPS and/or --sample NAME=DIST(ARGS)")
    if player is not None and not zugzwang:
        raise InvalidGameError("--player is the focal player of --zugzwang; add --zugzwang")
    executor = _executor(use_dask, scheduler)
    from ..io import load
    game = load(file)
    with _interruptible(out):
        run_sweep(game, grid=grid, sample=sample, samples=n_samples, seed=seed, method=method, exact=exact,
                  zugzwang=zugzwang, player=player, out=out, resume=resume, overwrite=overwrite, executor=executor,
                  workers=workers, scheduler=scheduler, chunk_size=chunk_size,
                  progress=_show_progress(quiet), collect=False, run_info={"game": str(file)})
    if not quiet:
        click.echo(f"wrote {out}", err=True)


@click.command()
@click.argument("source", metavar="DIR_OR_GLOB")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False),
              help="Results file (.jsonl): one JSON object per game file.")
@method_option("Solver method (auto: chosen for each game)")
@exact_option
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
              help="Time limit per game file: a file over it gets a timeout row and the batch moves on.")
@_executor_options
@handle_errors
def batch(source, out, method, exact, timeout, resume, overwrite, quiet, chunk_size, workers, scheduler, use_dask):
    """Solve every game file (.yaml, .yml, .nfg, .efg) in a directory (recursively) or a glob.

    Each row has "file" and the fields of `gametheory solve --format json` (but "details"), or
    "error" for a file that cannot be read or solved; the batch goes on and
    lists the failed files at the end (exit status 2 if there are any).

    \b
    Examples:
      gametheory batch games/ --out all.jsonl
      gametheory batch 'runs/**/*.nfg' --out runs.jsonl --exact --resume
    """
    from ..batch.files import solve_files
    executor = _executor(use_dask, scheduler)
    from ..batch.files import find_game_files
    skipped: list = []
    n_files = len(find_game_files(source, skipped))
    for path in skipped:
        click.echo(f"note: {path} is not a regular file (a FIFO, socket or device); skipped", err=True)
    with _interruptible(out):
        _, failed = solve_files(source, out, method=method, exact=exact, resume=resume, overwrite=overwrite,
                                executor=executor, timeout=timeout,
                                workers=workers, scheduler=scheduler, chunk_size=chunk_size,
                                progress=_show_progress(quiet), collect=False)
    if not quiet:
        click.echo(f"wrote {out}: {n_files} file(s), {len(failed)} failed", err=True)
    if failed:
        click.echo(f"{len(failed)} file(s) failed:", err=True)
        for path, message in failed:
            click.echo(f"  {message}" if message.startswith(path) else f"  {path}: {message}", err=True)
        sys.exit(EXIT_BAD_INPUT)
