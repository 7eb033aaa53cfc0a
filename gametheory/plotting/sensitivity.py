"""Sensitivity figures: the tornado chart of the margin and the Sobol indices.

The data come from :mod:`gametheory.analysis.sensitivity`
(:class:`~gametheory.analysis.sensitivity.TornadoData`,
:class:`~gametheory.analysis.sensitivity.SobolIndices`); nothing is computed here.
"""
from __future__ import annotations

import numpy as np

from .style import REFERENCE_COLOR, axes, color, plain_text

__all__ = ["plot_sobol", "plot_tornado"]


@plain_text
def plot_tornado(data, ax=None, top: int | None = None):
    """One-at-a-time tornado chart of the margin (:class:`~gametheory.analysis.sensitivity.TornadoData`).

    Each parameter is a horizontal bar from the margin at the low end of its
    range to the margin at the high end (colour: which end), the widest swing
    on top; the vertical lines mark the margin at the parameter values (grey)
    and zero, where the verdict changes (black).
    """
    ax = axes(ax, figsize=(6.8, 0.35 * len(data.names) + 1.6))
    order = list(data.order)[: top or len(data.names)]
    ys = np.arange(len(order))[::-1]
    for y, k in zip(ys, order):
        lo, hi = data.margin_low[k], data.margin_high[k]
        ax.barh(y, hi - data.base_margin, left=data.base_margin, color=color(0), height=0.7,
                label="parameter at the high end" if y == ys[0] else None)
        ax.barh(y, lo - data.base_margin, left=data.base_margin, color=color(1), height=0.7,
                label="parameter at the low end" if y == ys[0] else None)
    ax.set_yticks(ys)
    ax.set_yticklabels([f"{data.names[k]} [{data.low[k]:g}, {data.high[k]:g}]" for k in order])
    ax.axvline(data.base_margin, color="#888888", linewidth=1.2, label=f"margin at the values ({data.base_margin:g})")
    ax.axvline(0.0, color=REFERENCE_COLOR, linewidth=1.5, linestyle="--", label="margin 0 (verdict changes)")
    ax.set_xlabel(f"{data.player}'s margin (best reaction-equilibrium payoff minus the reference)")
    ax.legend(loc="lower right", fontsize=8, framealpha=0.9)
    return ax


@plain_text
def plot_sobol(data, ax=None):
    """First-order and total Sobol indices with their bootstrap intervals
    (:class:`~gametheory.analysis.sensitivity.SobolIndices`), largest total first."""
    ax = axes(ax, figsize=(6.8, 0.35 * len(data.names) + 1.6))
    order = np.argsort(-np.nan_to_num(data.total), kind="stable")
    ys = np.arange(len(order))[::-1]
    ax.barh(ys + 0.18, data.total[order], xerr=data.total_conf[order], height=0.36, color=color(0),
            label="total (ST)")
    ax.barh(ys - 0.18, data.first[order], xerr=data.first_conf[order], height=0.36, color=color(2),
            label="first order (S1)")
    ax.set_yticks(ys)
    ax.set_yticklabels([data.names[k] for k in order])
    ax.set_xlabel(f"Sobol index of the {data.output} (share of its variance)")
    ax.set_xlim(min(0.0, float(np.nanmin(data.first)) - 0.05), 1.05)
    ax.legend(loc="lower right", fontsize=8, framealpha=0.9)
    return ax
