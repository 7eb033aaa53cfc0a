"""The interactive zugzwang panel's data and the sweep map's data over a grid
(:func:`gametheory.report.interactive.interactive_data`), checked against the verdict
worked out by hand at every grid point, and its refusals.
"""
from __future__ import annotations

import json
from fractions import Fraction as F

import numpy as np
import pytest
from cov_games import two_options

import gametheory as gt
from gametheory import InvalidGameError
from gametheory.report.interactive import interactive_data, interactive_page

# Row chooses U (pays x - 2) or D (pays y - 3); Col has one strategy, so each option's
# reaction game is trivial and its payoff is exact.  Against the reference 0 (no
# reference declared) the margin is max(x - 2, y - 3): a zugzwang exactly when
# x < 2 and y < 3; the best option is U when x - 2 > y - 3.
GAME = two_options()


@pytest.fixture
def game(tmp_path):
    path = tmp_path / "two-options.yaml"
    path.write_text(GAME, encoding="utf-8")
    return gt.load(path)


def test_panel_data_matches_the_verdict_by_hand(game):
    xs, ys = [0, F(1, 2), 2, 3.5], [0, 2, 4]
    data = interactive_data(game, "Row", "x", "y", xs, ys)
    # Grid values are kept exact: ints and fractions as they are, the float 3.5 as 7/2.
    assert data.x_values == (F(0), F(1, 2), F(2), F(7, 2))
    assert data.y_values == (F(0), F(2), F(4))
    assert data.player == "Row" and (data.x_name, data.y_name) == ("x", "y")
    assert len(data.points) == len(ys) and all(len(row) == len(xs) for row in data.points)
    for iy, y in enumerate(data.y_values):
        for ix, x in enumerate(data.x_values):
            point = data.points[iy][ix]
            u, d = x - 2, y - 3
            assert point["margin"] == pytest.approx(float(max(u, d)))
            assert point["reference"] == 0.0
            assert point["zugzwang"] is (x < 2 and y < 3)
            assert point["best_option"] == ("U" if u > d else "D")
            by_option = {o["option"]: o for o in point["options"]}
            assert by_option["U"]["reaction_payoffs"] == [pytest.approx(float(u))]
            assert by_option["D"]["reaction_payoffs"] == [pytest.approx(float(d))]
            assert by_option["U"]["worst"] == by_option["U"]["best"] == pytest.approx(float(u))
    # The JSON the page embeds carries the same grid, as exact text.
    doc = json.loads(json.dumps(data.to_json()))
    assert doc["x_values"] == ["0", "1/2", "2", "7/2"] and doc["y_values"] == ["0", "2", "4"]


def test_panel_page_is_standalone_and_escapes_its_title(game):
    data = interactive_data(game, "Row", "x", "y", [0, 3], [0])
    page = interactive_page(data, title="<Row> & zugzwang")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>&lt;Row&gt; &amp; zugzwang</title>" in page
    assert "<Row>" not in page.split("<body", 1)[0]


def test_panel_needs_two_different_parameters(game):
    with pytest.raises(InvalidGameError) as info:
        interactive_data(game, "Row", "x", "x", [0, 1], [0, 1])
    assert "the interactive panel needs two different parameters" in str(info.value)


def test_sweep_map_data_with_given_values_matches_the_verdict_by_hand(game):
    from gametheory.plotting.data import sweep_data
    xs, ys = [0.0, 1.5, 2.5], [1.0, 3.5]
    data = sweep_data(game, "Row", "x", "y", x_values=xs, y_values=ys, regimes=False)
    assert np.array_equal(data.x, np.array(xs)) and np.array_equal(data.y, np.array(ys))
    want_zug = np.array([[x < 2 and y < 3 for x in xs] for y in ys])
    want_margin = np.array([[max(x - 2, y - 3) for x in xs] for y in ys])
    assert np.array_equal(data.zugzwang, want_zug)
    assert np.allclose(data.margin, want_margin, rtol=0, atol=1e-12)
    assert not data.failed.any() and data.reference == 0.0


def test_sweep_map_data_refusals(game, tmp_path):
    from gametheory.plotting.data import sweep_data
    with pytest.raises(InvalidGameError) as info:
        sweep_data(game, "Row", "x", "x")
    assert "sweep: x and y must be different parameters" in str(info.value)
    with pytest.raises(InvalidGameError) as info:
        sweep_data(game, "Row", "x", "z")
    assert "sweep: the game has no parameter 'z'; it declares x, y" in str(info.value)
    # A parameter without a range needs its values.
    path = tmp_path / "open-ended.yaml"
    path.write_text(two_options(y_range=False), encoding="utf-8")
    with pytest.raises(InvalidGameError) as info:
        sweep_data(gt.load(path), "Row", "x", "y")
    assert "sweep: parameter 'y' has no range (low/high); pass its values" in str(info.value)
