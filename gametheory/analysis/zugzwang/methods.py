"""Which solver a reaction game (or a whole game) gets, and solving it.

The choice of method for the diagnosis lives in one function,
:func:`choose_method`, which asks the solver registry
(:func:`gametheory.solvers.registry.choose_method`) with the diagnosis's own
budgets :data:`ENUMPOLY_DIRECT` and :data:`ENUMPOLY_LIMIT` beside it; the one-point route
(:func:`solve_complete`, :func:`solve_reaction`), the stacked engine (which
flags what the one-point route would not solve completely) and the report's
bound on trees' n-player subgames all ask it or use these constants.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ...exceptions import SolverError, UnsupportedGameError

__all__ = ["ENUMPOLY_DIRECT", "ENUMPOLY_LIMIT", "choose_method", "solve_complete", "solve_reaction"]

#: Largest game (number of pure profiles) solved with ``enumpoly`` when three or more
#: players move, after iterated elimination of strictly dominated strategies
#: (which keeps every equilibrium); larger ones use ``simpdiv`` (not complete).
#: Measured: ``enumpoly`` takes under a second at 3x3x2 but minutes on random 3x3x3 games.
ENUMPOLY_LIMIT = 18
#: Games up to this many profiles go to ``enumpoly`` without the elimination step.
ENUMPOLY_DIRECT = 12


def choose_method(shape: Sequence[int], method: str = "auto", *,
                  reduced_shape: Sequence[int] | None = None) -> str:
    """The solver for a reaction game (or a whole strategic form) of this shape.

    Parameters
    ----------
    shape : sequence of int
        Strategies per player.
    method : str
        ``"auto"`` (or ``"spe"``, which means auto for a strategic form), or a
        method name the caller asked for.
    reduced_shape : sequence of int, optional
        Strategies per player left by iterated elimination of strictly
        dominated strategies, once known.

    Returns
    -------
    str
        ``"pure"`` for one player; with ``"auto"``, ``"enummixed"`` for two and
        ``"enumpoly"`` for more; ``enumpoly`` (chosen or named) on a game above
        :data:`ENUMPOLY_DIRECT` profiles becomes ``"eliminate"`` (reduce first,
        then ask again with ``reduced_shape``), then ``"enumpoly"`` up to
        :data:`ENUMPOLY_LIMIT` reduced profiles and ``"simpdiv"`` (one
        equilibrium, not complete) above.  Any other named method is returned.
    """
    if method == "spe":
        method = "auto"
    if len(shape) == 1:
        return "pure"
    if method == "auto":
        # The registry's complete method for this many players (its budget set to this
        # game's size, so only the player count decides): enummixed for two, enumpoly
        # for more.  The diagnosis applies its own, measured budget below.
        method = _registry_choice(shape, budget=math.prod(shape))
    if method != "enumpoly" or math.prod(shape) <= ENUMPOLY_DIRECT:
        return method
    if reduced_shape is None:
        return "eliminate"
    return _registry_choice(reduced_shape, budget=ENUMPOLY_LIMIT)


class _Shape:
    """What the registry's ``auto`` rules read of a normal-form game: its player count
    and strategy counts (the engine knows the shape before any game is built)."""

    def __init__(self, shape: Sequence[int]):
        self.shape = tuple(int(k) for k in shape)
        self.n_players = len(self.shape)


def _registry_choice(shape: Sequence[int], budget: int) -> str:
    """:func:`gametheory.solvers.registry.choose_method` for a game of this shape, with
    every profile budget set to ``budget``."""
    from ...solvers.registry import choose_method as registry_choose
    return registry_choose(_Shape(shape), need="all", max_profiles=budget)


def solve_complete(g, method: str, exact: bool):
    """``solve(g)`` with the method :func:`choose_method` picks.

    ``"eliminate"``: the game left by iterated elimination of strictly
    dominated strategies (every Nash equilibrium survives it; e.g. Maschler,
    Solan & Zamir 2013, ch. 4) is solved and the equilibria lifted back to
    ``g``, unless it is still too large (``simpdiv``, not complete).  Returns
    ``(result, method name)``.
    """
    from ...solvers import solve
    name = choose_method(g.shape, method)
    if name != "eliminate":
        return solve(g, method=name, exact=exact), name
    from ...game import MixedStrategyProfile
    from ...solvers import make_result
    from ..dominance import iterated_elimination
    reduced: Any = iterated_elimination(g, "strict", exact=exact).reduced
    name = choose_method(g.shape, method, reduced_shape=reduced.shape)
    if name != "enumpoly":
        return solve(g, method=name, exact=exact), name
    inner = solve(reduced, method="enumpoly", exact=exact)
    keep = [[g.strategy(i, lab) for lab in reduced.strategies[i]] for i in range(g.n_players)]
    lifted = []
    for eq in inner.equilibria:
        probs = []
        for i, p in enumerate(eq.probabilities):
            full = [Fraction(0) if exact else 0.0] * g.shape[i]
            for k, x in zip(keep[i], p):
                full[k] = x
            probs.append(full)
        lifted.append(MixedStrategyProfile(g, probs, exact=exact))
    removed = sum(g.shape) - sum(reduced.shape)
    return make_result(g, "enumpoly", lifted, exact=exact, tolerance=None if exact else inner.tolerance,
                       complete=inner.complete, warnings=inner.warnings,
                       details={**inner.details, "strictly_dominated_removed": removed}), "enumpoly"


def solve_reaction(g, method: str, exact: bool):
    """Solve a reaction game; returns (result, warnings)."""
    from ...solvers import solve
    warns = []
    result, name = solve_complete(g, method, exact)
    if not result.equilibria:
        for fallback in ("pure", "simpdiv"):
            if fallback == name:
                continue
            try:
                alt = solve(g, method=fallback, exact=exact)
            except (UnsupportedGameError, SolverError, ImportError):
                continue
            if alt.equilibria:
                warns.append(f"{name} found no equilibrium of a reaction game; used {fallback} instead")
                result = alt
                break
    if not result.equilibria:
        raise SolverError(f"no equilibrium found for the reaction game with method {name!r}")
    return result, warns


