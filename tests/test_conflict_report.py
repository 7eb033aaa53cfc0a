"""The report's conflict section."""
from __future__ import annotations

import re
from pathlib import Path

from gametheory.conflict import load
from gametheory.report.conflict_section import conflict_section

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "conflict"


def test_section_escapes_labels_and_embeds_the_figure():
    c = load(DATA / "elmira.yaml")
    c.states = tuple("<b>1</b>" if s == "1" else s for s in c.states)
    html = conflict_section(c, focal="LG")
    assert "<b>1</b>" not in html and "&lt;b&gt;1&lt;/b&gt;" in html
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]{100,}"', html)
    # the table has one row per state and the Nash equilibria of Elmira (5, 8, 9)
    assert html.count("<tr><td><code>") == 9 + 2  # 9 states, + LG's 2 options (stay, 1 -> 5)
    assert "<li><b>nash</b> equilibria (3): 5, 8, 9</li>" in html
    assert "sim</b>: not computed" in html


def test_build_report_inserts_the_section(tmp_path):
    from gametheory.report.html import build_report
    rep = build_report(ROOT / "games" / "classics" / "prisoners-dilemma.yaml", 0, tmp_path, quick=True,
                       formats=("png",), conflict=DATA / "prisoners.yaml",
                       conflict_options={"status_quo": "CC", "figure": False})
    page = rep.html.read_text(encoding="utf-8")
    assert page.count('<section id="conflict">') == 1 and page.rstrip().endswith("</body></html>")
    assert page.index('<section id="conflict">') < page.index("</body>")


def test_report_cli_conflict_option(tmp_path):
    from click.testing import CliRunner

    from gametheory.cli import main
    r = CliRunner().invoke(main, ["report", str(ROOT / "games" / "classics" / "prisoners-dilemma.yaml"),
                                  "--player", "Suspect 1", "--out", str(tmp_path), "--quick", "--format", "png",
                                  "--conflict", str(DATA / "elmira.yaml")])
    assert r.exit_code == 0, r.output
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<section id="conflict">' in page and "Elmira" in page
