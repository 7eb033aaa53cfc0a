"""The stacked bimatrix kernel, re-exported: it lives in :mod:`gametheory.solvers.stacked`
(the solvers layer, so that the analysis layer's many-point engine can use it)."""
from ..solvers.stacked import (  # noqa: F401
    BLOCK_ENTRIES,
    DELTA,
    INTEGRAL_SPAN,
    MAX_SUPPORT_PAIRS,
    SINGULAR,
    BatchEquilibria,
    bimatrix_batch,
    kernel_applies,
)
