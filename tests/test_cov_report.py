"""``gametheory report`` on a game that leaves parts of the report out: the other
player has a single strategy (no payoff landscape) and only one parameter has a
range (no sweep map, so no interactive panel either).  The report says so in its
notes (printed, in the page and in summary.json), and its verdict is the one worked
out by hand.
"""
from __future__ import annotations

import json
from fractions import Fraction as F

from click.testing import CliRunner
from cov_games import two_options

from gametheory.cli import main

# Row chooses U (pays x - 2) or D (pays y - 3) and Col has one strategy.  At the
# defaults x = y = 1 the options pay -1 and -2 against the reference 0: a zugzwang,
# margin max(-1, -2) = -1, best option U.  Only x has a range.
GAME = two_options(y_range=False)

NOTES = [
    "payoff landscape skipped: no equilibrium to hold the others at, or no other player has a choice",
    "parameter sweep skipped: fewer than two parameters have a range (low/high)",
    "interactive panel skipped: the report has no parameter sweep",
]


def test_report_notes_what_it_left_out(tmp_path):
    src = tmp_path / "one-ranged.yaml"
    src.write_text(GAME, encoding="utf-8")
    out = tmp_path / "rep"
    res = CliRunner().invoke(main, ["report", str(src), "--player", "Row", "--quick", "--interactive",
                                    "--format", "png", "--out", str(out)])
    assert res.exit_code == 0, res.output
    for note in NOTES:
        assert f"note: {note}" in res.stdout
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["notes"] == NOTES
    d = summary["diagnosis"]
    assert d["player"] == "Row" and d["zugzwang"] is True and d["best_option"] == "U"
    assert F(str(d["margin"])) == -1
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<h2>Notes</h2><ul>" + "".join(f"<li>{n}</li>" for n in NOTES) + "</ul>" in page
    assert not (out / "figures" / "landscape.png").exists()
    assert not (out / "figures" / "sweep_zugzwang.png").exists()
    assert (out / "figures" / "options.png").is_file()
