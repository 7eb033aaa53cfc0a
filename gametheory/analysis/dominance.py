"""Dominated strategies and their iterated elimination (the ``dominance`` command).

The algorithm lives in :mod:`gametheory.solvers.dominance`, in the solvers layer,
because the subgame-perfect solver shrinks oversized subgames with it; this module
keeps the analysis-level import path.
"""
from ..solvers.dominance import (  # noqa: F401
    Domination,
    EliminationResult,
    dominated_strategies,
    dominating_mix,
    iterated_elimination,
)

__all__ = ["Domination", "EliminationResult", "dominated_strategies", "dominating_mix",
           "iterated_elimination"]
