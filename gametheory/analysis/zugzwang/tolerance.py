"""The stacked routes' decision tolerance and how they write the answers they decide.

Shared by the strategic-form route (:mod:`.engine`) and the tree route
(:mod:`.trees`), so both decide and record a point the same way.
"""
from __future__ import annotations

import numpy as np

__all__ = ["DELTA", "write_stacked"]

#: Decision margin, relative to a point's payoff span (the batch kernel's).
DELTA = 1e-7


def write_stacked(out: dict, rows, low: np.ndarray, high: np.ndarray, ref: np.ndarray, margin: np.ndarray) -> None:
    """Write the answers decided on the stack at ``rows`` (indices or a mask): each option's
    lowest and highest reaction-equilibrium payoff, the reference, margin, verdict and best option."""
    out["eq_low"][rows] = low
    out["eq_high"][rows] = high
    out["reference"][rows] = ref
    out["margin"][rows] = margin
    out["zugzwang"][rows] = margin < 0
    out["best_option"][rows] = np.argmax(high, axis=1)
