"""Plot data at the edges (:mod:`gametheory.plotting.data`): the best-response
diagram of a player indifferent everywhere, the landscape's refusal of two axes on a
two-strategy player, and a 3x3 game refused by the 2x2 diagram.  Expected values
are worked out by hand next to each test.
"""
from __future__ import annotations

import numpy as np
import pytest

from gametheory import InvalidGameError, NormalFormGame, UnsupportedGameError
from gametheory.plotting.data import best_response_data, landscape_data


def test_an_indifferent_player_best_responds_with_everything():
    # Row gets 1 whatever happens: every mix p is a best response to every column mix q,
    # so its correspondence is the whole unit square, drawn as its four edges.  Col gets
    # 1 from L and 0 from R: it plays L (q = 1) whatever Row does.
    g = NormalFormGame.from_arrays(np.ones((2, 2), dtype=int), np.array([[1, 0], [1, 0]]),
                                   players=["Row", "Col"], strategies=[["U", "D"], ["L", "R"]])
    data = best_response_data(g)
    edges = {tuple(sorted(seg)) for seg in data.row_segments}
    square = {((0.0, 0.0), (1.0, 0.0)), ((1.0, 0.0), (1.0, 1.0)),
              ((0.0, 1.0), (1.0, 1.0)), ((0.0, 0.0), (0.0, 1.0))}
    assert edges == square
    # Col's best response is q = 1 for every p: one segment along x = q = 1 (points are
    # (x, y) = (Col's probability of L, Row's probability of U)).
    assert data.column_segments == (((1.0, 0.0), (1.0, 1.0)),)


def test_two_landscape_axes_need_three_strategies():
    g = NormalFormGame.from_arrays(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]),
                                   players=["Row", "Col"], strategies=[["Q", "F"], ["Q", "F"]])
    with pytest.raises(InvalidGameError) as info:
        landscape_data(g, "Row", axes=[("Col", "Q"), ("Col", "F")])
    assert "two axes on 'Col' need at least three strategies" in str(info.value)


def test_the_best_response_diagram_is_for_two_by_two_games():
    g = NormalFormGame.from_arrays(np.eye(3, dtype=int), np.eye(3, dtype=int))
    with pytest.raises(UnsupportedGameError) as info:
        best_response_data(g)
    assert "best-response diagrams need a 2x2 game, got (3, 3)" in str(info.value)
