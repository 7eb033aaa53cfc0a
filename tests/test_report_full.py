"""A full (not --quick) HTML report of a 3x3 game: the figures that only a full
report draws (the logit QRE curve, replicator dynamics on the simplex), and the
diagnosis worked out by hand."""
from __future__ import annotations

import json

import gametheory as gt
from gametheory.report import build_report

from conftest import ROOT


def test_full_report_of_rock_paper_scissors(tmp_path):
    # Whatever Player 1 commits to, Player 2's only best reply beats it (Paper beats
    # Rock, ...), so every option's reaction payoff is -1: zugzwang with margin -1
    # against the status quo 0.
    game = gt.load(ROOT / "games" / "classics" / "rock-paper-scissors.yaml")
    rep = build_report(game, "Player 1", tmp_path, quick=False, formats=("png",))
    assert {"qre", "dynamics", "options", "matrix"} <= set(rep.figures)
    for name in ("qre", "dynamics"):
        (png,) = rep.figures[name]
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    summary = json.loads(rep.summary.read_text(encoding="utf-8"))
    assert summary["diagnosis"]["zugzwang"] is True and summary["diagnosis"]["margin"] == "-1"
    html = rep.html.read_text(encoding="utf-8")
    assert html.count("<img") == len(rep.figures)
    assert "Replicator dynamics" in html and "logit quantal response" in html
