"""Moved to :mod:`gametheory.analysis.zugzwang.conditions`; this name is kept for old imports."""
from .zugzwang.conditions import BISECTION_STEPS, MAX_PURE_CANDIDATES, escape_conditions

__all__ = ["BISECTION_STEPS", "MAX_PURE_CANDIDATES", "escape_conditions"]
