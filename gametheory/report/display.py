"""Registers the terminal and notebook renderings of games, profiles and results.

The game and result classes render through :mod:`gametheory.game.display`, a
registry at the bottom of the layers; this module, above both the terminal tables
(:mod:`gametheory.io.text`) and the notebook HTML/LaTeX
(:mod:`gametheory.report.notebook`), fills it.  ``gametheory/__init__.py`` imports
it, so ``str(game)`` and a notebook's display work after any import of the package.
"""
from __future__ import annotations

from ..game import display as _hook
from ..io import text as _text
from . import notebook as _notebook


def _game_text(game) -> str:
    from ..game.extensive import ExtensiveFormGame
    if isinstance(game, ExtensiveFormGame):
        return _text.format_tree(game)
    return _text.format_normal_form(game)


_hook.register("game", "text", _game_text)
_hook.register("game", "html", _notebook.game_html)
_hook.register("game", "latex", _notebook.game_latex)
_hook.register("profile", "html", _notebook.profile_html)
_hook.register("result", "html", _notebook.result_html)
_hook.register("result", "latex", _notebook.result_latex)
