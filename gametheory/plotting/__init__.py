"""Figures: every ``plot_*(data, ax=None) -> Axes`` draws a record from :mod:`.data`.

The plotting functions compute nothing: the numbers come from the pure
functions of :mod:`gametheory.plotting.data` (``landscape_data``,
``option_chart_data``, ``sweep_data``, ...), which the tests check against
payoffs computed directly.  matplotlib is imported only when a figure is drawn,
and only through its object-oriented API when an ``ax`` is given (safe with the
``Agg`` backend and in threads).

=================================  ============================================
figure                             data
=================================  ============================================
:func:`plot_landscape`             :func:`~.data.landscape_data`
:func:`plot_landscape_grid`        :func:`~.data.landscape_data`
:func:`plot_option_chart`          :func:`~.data.option_chart_data`
:func:`plot_sweep_map`             :func:`~.data.sweep_data`
:func:`plot_ablation`              :func:`~.data.ablation_data`
:func:`plot_qre_curve`             :func:`~.data.qre_curve_data`
:func:`plot_simplex`               :func:`~.data.simplex_data`
:func:`plot_best_responses`        :func:`~.data.best_response_data`
:func:`plot_payoff_matrix`         :func:`~.data.payoff_matrix_data`
:func:`plot_tree`                  :func:`~.data.tree_data`
:func:`plot_tornado`               :func:`~gametheory.analysis.sensitivity.one_at_a_time`
:func:`plot_sobol`                 :func:`~gametheory.analysis.sensitivity.sobol_indices`
=================================  ============================================
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "plot_landscape": "landscape", "plot_landscape_grid": "landscape",
    "plot_option_chart": "landscape", "plot_sweep_map": "landscape", "plot_ablation": "landscape",
    "plot_qre_curve": "dynamics", "plot_simplex": "dynamics", "plot_best_responses": "dynamics",
    "plot_payoff_matrix": "drawings", "plot_tree": "drawings", "tree_figsize": "drawings",
    "new_figure": "style",
    "plot_tornado": "sensitivity", "plot_sobol": "sensitivity",
}
_DATA = ("landscape_data", "option_chart_data", "ablation_data", "sweep_data", "qre_curve_data", "simplex_data",
         "best_response_data", "payoff_matrix_data", "tree_layout", "tree_data")

__all__ = sorted(_EXPORTS) + list(_DATA)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    if name in _DATA:
        return getattr(importlib.import_module(".data", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
