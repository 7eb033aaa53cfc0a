"""gametheory.game.display: the renderers behind str() and the notebook reprs.

The game classes import nothing above the game layer; gametheory.report.display
registers the terminal tables (io.text) and the notebook HTML (report.notebook).
"""
import numpy as np

import gametheory as gt
from gametheory.game import display
from gametheory.io.text import format_normal_form, format_tree
from gametheory.report.notebook import game_html, result_html


def _pd():
    return gt.NormalFormGame.from_arrays(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]),
                                         players=["Row", "Col"], strategies=[["C", "D"], ["C", "D"]])


def test_str_and_reprs_come_from_the_registered_renderers():
    g = _pd()
    assert str(g) == format_normal_form(g)
    assert g._repr_html_() == game_html(g)
    result = gt.solve(g, "pure")
    assert result._repr_html_() == result_html(result)
    tree = gt.ExtensiveFormGame.new_tree(["A", "B"], title="tiny")
    a, b = tree.append_move(0, "A", ["x", "y"])
    tree.set_outcome(a, [1, 0])
    tree.set_outcome(b, [0, 1])
    assert str(tree) == format_tree(tree)


def test_without_a_renderer_str_falls_back_to_repr_and_html_to_none(monkeypatch):
    monkeypatch.setattr(display, "_RENDERERS", {})
    g = _pd()
    assert str(g) == repr(g) and g._repr_html_() is None and g._repr_latex_() is None
    display.register("game", "text", lambda game: f"{game.n_players} players")
    assert str(g) == "2 players"
