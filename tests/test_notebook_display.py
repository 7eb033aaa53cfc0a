"""Jupyter display hooks on games, profiles and results."""
import numpy as np

import gametheory as gt


def test_games_and_results_render_html_and_latex():
    g = gt.NormalFormGame.from_arrays(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]),
                                      players=["Row", "Col"], strategies=[["C", "D"], ["C", "D"]],
                                      title="PD & friends")
    html = g._repr_html_()
    assert "PD &amp; friends" in html and "5, 0" in html and "<script" not in html
    assert r"\text{Row}" in g._repr_latex_()
    result = gt.solve(g, "pure")
    assert "D" in result._repr_html_()
    assert result[0]._repr_html_()
    tree = gt.ExtensiveFormGame.new_tree(["A", "B"], title="tiny")
    a, b = tree.append_move(0, "A", ["x", "y"])
    tree.set_outcome(a, [1, 0])
    tree.set_outcome(b, [0, 1])
    assert "tiny" in tree._repr_html_()
