"""Batch analysis: parameter sweeps, Monte Carlo runs and directories of games.

* :func:`sweep` -- one game over a parameter grid and/or Monte Carlo draws;
* :func:`solve_files` -- every game file of a directory or glob;
* :func:`bimatrix_batch` -- all equilibria of a stack of small bimatrix games in
  numpy batches (complete: degenerate games go to the exact per-game path);
* :class:`Table` -- the rows they return.

Output files are JSON lines or CSV, written in order, flushed in chunks and
resumable after a crash; chunks run on local processes or on Dask.
"""
from __future__ import annotations

from . import files as _files_module  # noqa: F401  (see below)
from . import sweep as _sweep_module  # noqa: F401
from .kernel import bimatrix_batch  # noqa: F401
from .table import Table  # noqa: F401

# The submodules ``sweep`` and ``files`` are imported first, so that the functions
# below keep the names: importing a submodule later would otherwise rebind
# ``gametheory.batch.sweep`` from the function to the module.


def sweep(game, *args, **kwargs):
    """Solve a game over a grid / Monte Carlo sample; see :func:`gametheory.batch.sweep.sweep`."""
    from .sweep import sweep as _sweep
    return _sweep(game, *args, **kwargs)


def solve_files(source, *args, **kwargs):
    """Solve every game file found; see :func:`gametheory.batch.files.solve_files`."""
    from .files import solve_files as _solve_files
    return _solve_files(source, *args, **kwargs)
