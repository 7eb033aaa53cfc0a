"""Moved to :mod:`gametheory.analysis.zugzwang.engine`; this name is kept for old imports."""
from .zugzwang.engine import (
    StackedDiagnosis,
    compile_payoffs,
    diagnose_points,
    exact_value,
    grid_points,
    stacked_doc,
    stacked_equilibria,
)

__all__ = ["StackedDiagnosis", "compile_payoffs", "diagnose_points", "exact_value", "grid_points",
           "stacked_doc", "stacked_equilibria"]
