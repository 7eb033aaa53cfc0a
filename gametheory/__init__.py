"""gametheory: game theory for strategic dilemmas.

Normal-form and extensive-form games with exact and symbolic payoffs, every Nash
equilibrium of two-player games, n-player solvers, zugzwang diagnostics, reports
and batch sweeps.  Heavy modules (scipy, sympy, matplotlib) are imported lazily so
that the command line starts fast.
"""
from __future__ import annotations

from ._version import __version__  # noqa: F401

from .exceptions import (  # noqa: F401
    ApproximationWarning, DegenerateGameWarning, GameTheoryError, InvalidGameError,
    SolverError, UnsupportedGameError,
)
from .game import (  # noqa: F401
    ExtensiveFormGame, MixedStrategyProfile, NormalFormGame, Parameter,
)
from .report import display as _display  # noqa: F401  (registers str() and notebook renderers)


def load(path, **kwargs):
    """Read a game file (``.yaml``/``.yml``, ``.nfg``, ``.efg``); see :func:`gametheory.io.load`.
    A conflict model (``kind: conflict``, or gmcr-py's ``.gmcr``) gives a
    :class:`gametheory.conflict.Conflict`."""
    from .conflict.io_yaml import read_if_conflict
    from .io import load as _load
    if str(path).lower().endswith(".gmcr") and not kwargs.get("format"):
        from .conflict.io_gmcr import read_gmcr
        return read_gmcr(path)
    if str(path).lower().endswith((".yaml", ".yml")) and not kwargs.get("format"):
        conflict = read_if_conflict(path)
        if conflict is not None:
            return conflict
    return _load(path, **kwargs)


def save(game, path, **kwargs):
    """Write a game file, the format from the extension; see :func:`gametheory.io.save`."""
    from .io import save as _save
    return _save(game, path, **kwargs)


def solve(game, method: str = "auto", **kwargs):
    """Compute equilibria; see :func:`gametheory.solvers.solve`."""
    from .solvers import solve as _solve
    return _solve(game, method=method, **kwargs)


def diagnose(game, player, *args, **kwargs):
    """Diagnose whether ``player`` is in zugzwang; see :func:`gametheory.analysis.zugzwang.diagnose`."""
    from .analysis.zugzwang import diagnose as _diagnose
    return _diagnose(game, player, *args, **kwargs)


def sweep(game, *args, **kwargs):
    """Solve a game over a parameter grid and/or Monte Carlo sample; see
    :func:`gametheory.batch.sweep.sweep`."""
    from .batch.sweep import sweep as _sweep
    return _sweep(game, *args, **kwargs)


def __getattr__(name):
    # ``gametheory.report`` is the report package, callable as build_report:
    # ``gametheory.report(game, player, out_dir, ...)`` (imported on first use).
    if name == "report":
        import importlib
        return importlib.import_module(".report", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
