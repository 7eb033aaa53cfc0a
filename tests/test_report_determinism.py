"""The same report command writes the same bytes (issue 13: reproducible reports)."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import sympy

import gametheory as gt
from gametheory.game.normal import Parameter
from gametheory.report.html import build_report


def threshold_game():
    """Row: wait (payoff m - 2 - c/2 against calm) or act (-1 - c); Column reacts.  Two
    ranged parameters, so the report has sweep maps and a sensitivity section."""
    c, m = sympy.Symbol("c", real=True), sympy.Symbol("m", real=True)
    pay = np.empty((2, 2, 2), dtype=object)
    pay[0] = [[m - 2 - c / 2, F(-5)], [-1 - c, F(-6)]]
    pay[1] = [[F(1), F(0)], [F(1), F(0)]]
    return gt.NormalFormGame(pay, players=["Row", "Column"], strategies=[["wait", "act"], ["calm", "riot"]],
                             title="threshold", parameters=[Parameter("c", F(1), F(0), F(4)),
                                                            Parameter("m", F(2), F(0), F(6))])


def _files(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_two_runs_write_identical_files(tmp_path):
    game = threshold_game()
    runs = []
    for k in range(2):
        out = tmp_path / f"run{k}"
        build_report(game, "Row", out, quick=True, grid=5, seed=3, sensitivity=256, dpi=40)
        runs.append(_files(out))
    assert sorted(runs[0]) == sorted(runs[1])
    for name in runs[0]:
        assert runs[0][name] == runs[1][name], name
    # The files that would carry a date or a hash seed do not.
    svg = runs[0]["figures/tornado.svg"]
    assert b"<dc:date>" not in svg
    assert b"/CreationDate" not in runs[0]["figures/tornado.pdf"]
    # The grid asked for is the grid written (no time budget lowers it).
    import json
    summary = json.loads(runs[0]["summary.json"])
    assert len(summary["sweep"]["x_values"]) == 5 and len(summary["sweep"]["y_values"]) == 5
    assert summary["sensitivity"]["seed"] == 3


def test_solver_records_carry_no_wall_clock_time():
    # The report's summary.json holds the whole game's solver record, details included;
    # a time measured in it made two runs of the README's four-player report differ.
    # A 2x2x2 game with a parameter (three players: auto picks enumpoly) and simpdiv.
    rng = np.random.default_rng(0)
    pay = rng.integers(-5, 6, size=(3, 2, 2, 2)).astype(object)
    game = gt.NormalFormGame(pay)
    for method in ("enumpoly", "simpdiv"):
        first, second = (gt.solve(game, method).to_json() for _ in range(2))
        assert first == second, method
        assert "seconds" not in first["details"]
