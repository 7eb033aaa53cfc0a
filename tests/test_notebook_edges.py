"""Notebook display (gametheory/report/notebook.py) of large, float and mixed cases."""
from __future__ import annotations

import numpy as np

from gametheory import NormalFormGame, solve
from gametheory.report.notebook import MAX_ROWS, game_html, profile_html, result_html


def test_a_large_game_is_cut_with_a_count():
    # 3 players x 7 strategies: 343 profiles, one table row each up to MAX_ROWS (300).
    g = NormalFormGame(np.zeros((3, 7, 7, 7)))
    html = game_html(g)
    assert f"({7 ** 3 - MAX_ROWS} more profiles)" in html
    assert html.count("<tr>") == 1 + MAX_ROWS + 1        # header, rows, the cut line


def test_float_payoffs_and_mixed_profiles():
    # Matching pennies with float payoffs: the only equilibrium mixes 1/2-1/2.
    A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    g = NormalFormGame.from_arrays(A, -A, strategies=[["H", "T"], ["H", "T"]])
    assert "-1" in game_html(g)
    res = solve(g, "enummixed", exact=False)
    html = result_html(res)
    assert html.count("H=0.5; T=0.5") == 2            # both players' mixes
    assert profile_html(res[0]).count("H=0.5; T=0.5") == 2
