"""The diagnosis of one player's position: :func:`diagnose`.

It puts together the point's diagnosis (:func:`.evaluation.diagnose_point`),
the escape conditions (:mod:`.conditions`) and the robustness estimate
(:mod:`.robustness`); the definitions are in the package's docstring
(:mod:`gametheory.analysis.zugzwang`) and ``docs/explanation/zugzwang.md``.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from .conditions import escape_conditions
from .evaluation import diagnose_point
from .records import ZugzwangDiagnosis
from .robustness import robustness_share

__all__ = ["diagnose"]


def diagnose(game, player, reference=0, params: Mapping | None = None, exact: bool | None = None,
             method: str = "auto", robustness=None, *, seed: int | None = 0, whole_game: bool = True,
             conditions: bool = True, _reactions=None) -> ZugzwangDiagnosis:
    """Diagnose whether ``player`` is in zugzwang.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        Any game (symbolic games are evaluated at ``params`` and their defaults).
    player : str or int
        The focal player.
    reference : number, str, sequence or mapping, optional
        The reference payoff: a number (default 0, the status quo), an outcome
        label (trees), ``"status-quo"`` (0), or a pure profile (labels, or a
        comma-separated string) whose payoff to ``player`` is the reference.
    params : mapping, optional
        Parameter values (the defaults fill the rest).
    exact : bool, optional
        Exact rational arithmetic (default: when the game, at ``params``, is exact).
    method : str
        Solver for the reaction games: ``"auto"`` uses a complete method where
        one exists (``pure`` for one reacting player, ``enummixed`` for two,
        ``enumpoly`` for three or more when the game left by iterated elimination
        of strictly dominated strategies is small, otherwise ``simpdiv``, which
        finds one equilibrium and is flagged as not complete; ``spe`` for trees).
    robustness : int or mapping, optional
        ``N`` for a Monte Carlo sample of ``N`` points of the parameter box, or
        ``{"n": N, "seed": S}`` / ``{"grid": k}`` (``k`` points per parameter).
    seed : int, optional
        Seed of the Monte Carlo sample (default 0).
    whole_game : bool
        Also judge against the equilibria of the whole game (default True).
    conditions : bool
        Derive escape conditions for symbolic games (default True).

    Returns
    -------
    ZugzwangDiagnosis

    Notes
    -----
    The reaction games are solved by :func:`gametheory.solvers.solve`.  With two
    reacting players ``enummixed`` returns every extreme equilibrium; the focal
    payoff is bilinear on each component of equilibria (a product of polytopes,
    Avis et al. 2010), so its extremes over all equilibria are attained at
    extreme ones and the verdict is exact.  ``enumpoly`` finds the isolated
    equilibria of small n-player games (McKelvey & McLennan 1996).

    Examples
    --------
    >>> import numpy as np, gametheory as gt
    >>> from gametheory.analysis.zugzwang import diagnose
    >>> g = gt.NormalFormGame.from_arrays(np.array([[-1, -2], [-3, -1]]), np.array([[1, 0], [0, 1]]),
    ...                                   players=["Row", "Col"])
    >>> d = diagnose(g, "Row")
    >>> d.zugzwang, d.margin
    (True, Fraction(-1, 1))
    """
    d, ctx = diagnose_point(game, player, reference, params, exact, method, whole_game=whole_game,
                            reactions=_reactions)
    conds: tuple = ()
    if conditions and ctx.symbolic:
        conds = tuple(escape_conditions(game, ctx.i, reference, params=ctx.values, method=method,
                                        reactions=ctx.reactions, evals=ctx.evals, exact=ctx.exact))
    rob = None
    if robustness is not None:
        rob = robustness_share(game, ctx.i, ctx.ref_sym, ctx.reactions, robustness, seed, method,
                               reference=reference)
    if not conds and rob is None:
        return d
    return dataclasses.replace(d, conditions=conds, robustness=rob)
