"""Reports: the self-contained HTML zugzwang report, notebook display and explanations.

* :func:`build_report` (:mod:`.html`): HTML + figure files + ``summary.json``.
* :mod:`.notebook`: ``game_html``, ``game_latex``, ``result_html``,
  ``result_latex``, ``diagnosis_html`` for Jupyter's ``_repr_html_`` /
  ``_repr_latex_``.
* :func:`explain` (:mod:`.explain`): a game's solution in plain words.
"""
from __future__ import annotations

import importlib
import types as _types

_EXPORTS = {"build_report": "html", "Report": "html", "choose_sweep_parameters": "html",
            "explain": "explain", "game_html": "notebook", "game_latex": "notebook",
            "result_html": "notebook", "result_latex": "notebook", "diagnosis_html": "notebook",
            "profile_html": "notebook"}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _CallableModule(_types.ModuleType):
    """``gametheory.report(game, player, out_dir, ...)`` is :func:`build_report`; the
    package stays a package (``gametheory.report.html`` and friends)."""

    def __call__(self, game_or_path, player, out_dir, *args, **kwargs):
        from .html import build_report
        return build_report(game_or_path, player, out_dir, *args, **kwargs)


import sys as _sys  # noqa: E402

_sys.modules[__name__].__class__ = _CallableModule
