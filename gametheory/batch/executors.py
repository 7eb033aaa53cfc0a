"""The executors, re-exported: they live in :mod:`gametheory.parallel` (below every
layer, so that the analyses can run their chunks on them too)."""
from ..parallel import (  # noqa: F401
    EXECUTORS,
    Terminated,
    default_workers,
    run_chunks,
)
