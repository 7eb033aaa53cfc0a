"""Display hooks: how games, profiles and results show in a terminal and a notebook.

The game layer draws nothing itself.  ``__str__``, ``_repr_html_`` and
``_repr_latex_`` of the game, profile and result classes ask this registry, and
the layers that know how to render register their functions here:
:mod:`gametheory.report.display` registers the terminal tables of
:mod:`gametheory.io.text` and the notebook HTML/LaTeX of
:mod:`gametheory.report.notebook`; ``import gametheory`` imports it, so the
renderers are in place whatever a program imports first.  Keeping the arrow
this way round lets the game classes sit at the bottom of the layers
(``docs/explanation/architecture.md``, "Layers").

A renderer takes the object and returns a string, or ``None`` when it has no
rendering for it (a notebook then falls back to the text repr).
"""
from __future__ import annotations

from typing import Any, Callable

__all__ = ["register", "render"]

#: (what, format) -> renderer; what is "game", "profile" or "result", format
#: "text", "html" or "latex".
_RENDERERS: dict[tuple[str, str], Callable[[Any], str | None]] = {}


def register(what: str, fmt: str, renderer: Callable[[Any], str | None]) -> None:
    """Make ``renderer(obj)`` the ``fmt`` rendering ("text", "html", "latex") of every ``what``
    ("game", "profile", "result"); a later registration replaces an earlier one."""
    _RENDERERS[(what, fmt)] = renderer


def render(what: str, fmt: str, obj: Any) -> str | None:
    """The registered ``fmt`` rendering of ``obj``, or ``None`` when none is registered."""
    renderer = _RENDERERS.get((what, fmt))
    return None if renderer is None else renderer(obj)
