"""Moved to :mod:`gametheory.analysis.zugzwang.engine`; this name is kept for old imports."""
from .zugzwang.engine import *
from .zugzwang.engine import __all__  # noqa: F401
