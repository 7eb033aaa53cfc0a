"""The HTML report: files written, self-contained HTML with every figure, JSON summary,
the CLI command and the script; notebook HTML/LaTeX."""
from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from gametheory import NormalFormGame, Parameter, save, solve
from gametheory.analysis.zugzwang import diagnose
from gametheory.report import build_report

from conftest import chromium

ROOT = Path(__file__).resolve().parents[1]


def threshold_game():
    """Row escapes the zugzwang exactly when m >= 2 + c/2 (see tests/test_plotting.py)."""
    c, m = sympy.symbols("c m")
    A = np.array([[m - 2 - c / 2, m - 2 - c / 2], [-1 - c, -1 - c]], dtype=object)
    B = np.array([[1, 0], [1, 0]], dtype=object)
    return NormalFormGame.from_arrays(
        A, B, players=["Row", "Column"], strategies=[["wait", "act"], ["calm", "riot"]],
        title="Threshold dilemma",
        parameters=[Parameter("c", F(1), F(0), F(3)), Parameter("m", F(1), F(0), F(4))])


_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
_IMG = re.compile(r"""<img\s[^>]*src="([^"]+)\"""")


class _TagBalance:
    """Checks that every non-void element is closed in order (a stand-in for a browser)."""

    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self, html: str):
        from html.parser import HTMLParser
        self.stack, self.errors = [], []
        outer = self

        class P(HTMLParser):
            def handle_starttag(self, tag, attrs):
                if tag not in outer.VOID:
                    outer.stack.append(tag)

            def handle_endtag(self, tag):
                if not outer.stack or outer.stack[-1] != tag:
                    outer.errors.append(f"</{tag}> closes {outer.stack[-1:] or 'nothing'}")
                else:
                    outer.stack.pop()

        P().feed(html)


def check_self_contained(html: str, n_figures: int):
    balance = _TagBalance(html)
    assert not balance.errors and not balance.stack, (balance.errors[:3], balance.stack)
    assert html.startswith("<!DOCTYPE html>")
    assert not _EXTERNAL.search(html), "the report refers to a network resource"
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert "@import" not in html and "url(" not in html
    sources = _IMG.findall(html)
    assert len(sources) == n_figures
    for src in sources:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    return build_report(threshold_game(), "Row", out, quick=True, robustness=40)


def test_every_figure_file_is_written_and_embedded(report):
    assert {"options", "landscape", "sweep_zugzwang", "sweep_best", "sweep_regime", "matrix",
            "best_responses"} <= set(report.figures)
    for name, paths in report.figures.items():
        assert sorted(p.suffix for p in paths) == [".pdf", ".png", ".svg"], name
        for p in paths:
            assert p.is_file() and p.stat().st_size > 500, p
    html = report.html.read_text(encoding="utf-8")
    check_self_contained(html, len(report.figures))
    for name in report.figures:
        assert f'id="fig-{name}"' in html


def test_summary_matches_the_diagnosis_and_the_hand_threshold(report):
    summary = json.loads(report.summary.read_text(encoding="utf-8"))
    d = diagnose(threshold_game(), "Row", robustness=40, seed=0)
    assert summary["player"] == "Row"
    assert summary["diagnosis"]["zugzwang"] is True and summary["diagnosis"] == json.loads(
        json.dumps(d.to_json()))
    assert summary["diagnosis"]["margin"] == "-3/2"
    assert summary["equilibria"] == solve(threshold_game()).to_json()
    sweep = summary["sweep"]
    assert (sweep["x"], sweep["y"]) == ("m", "c") or (sweep["x"], sweep["y"]) == ("c", "m")
    xs, ys = np.array(sweep["x_values"]), np.array(sweep["y_values"])
    X, Y = np.meshgrid(xs, ys)
    C, M = (X, Y) if sweep["x"] == "c" else (Y, X)
    assert np.array_equal(np.array(sweep["zugzwang"]), M < 2 + C / 2)
    assert sweep["zugzwang_share"] == pytest.approx(float(np.mean(M < 2 + C / 2)))
    assert summary["conditions"] == summary["diagnosis"]["conditions"]
    assert set(summary["figures"]) == set(report.figures)


def test_robustness_share_brackets_the_exact_area(report):
    rob = json.loads(report.summary.read_text(encoding="utf-8"))["diagnosis"]["robustness"]
    # Zugzwang iff m < 2 + c/2 on [0, 3] x [0, 4]: area (6 + 9/4) / 12 = 0.6875.
    assert rob["n"] == 40 and rob["seed"] == 0
    assert rob["interval"][0] <= 0.6875 <= rob["interval"][1]
    assert "Wilson interval" in report.html.read_text(encoding="utf-8")


def test_html_states_the_verdict(report):
    html = report.html.read_text(encoding="utf-8")
    assert "Zugzwang report: Row in Threshold dilemma" in html
    assert "<b>in zugzwang</b>" in html and "wait" in html and "act" in html


def test_report_command_and_script(tmp_path):
    from gametheory.cli import main
    game_file = tmp_path / "threshold.yaml"
    save(threshold_game(), game_file)
    out = tmp_path / "cli"
    res = CliRunner().invoke(main, ["report", str(game_file), "--player", "Row", "--out", str(out),
                                    "--quick", "--param", "m=3", "--format", "png"])
    assert res.exit_code == 0, res.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    # m = 3, c = 1: waiting gives 3 - 2 - 1/2 = 1/2 >= 0: no zugzwang.
    assert summary["diagnosis"]["zugzwang"] is False and summary["diagnosis"]["margin"] == "1/2"
    assert all(p.endswith(".png") for ps in summary["figures"].values() for p in ps)
    res = CliRunner().invoke(main, ["report", str(game_file), "--player", "Nobody", "--out", str(out)])
    assert res.exit_code == 2 and "Nobody" in res.output

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import zugzwang_report
    finally:
        sys.path.pop(0)
    out2 = tmp_path / "script"
    assert zugzwang_report.main([str(game_file), "--player", "Row", "--out", str(out2), "--quick"]) == 0
    assert (out2 / "report.html").is_file() and (out2 / "summary.json").is_file()


def test_bad_formats_and_sweep_are_rejected(tmp_path):
    from gametheory.exceptions import InvalidGameError
    with pytest.raises(InvalidGameError, match="format"):
        build_report(threshold_game(), "Row", tmp_path, formats=("gif",))
    with pytest.raises(InvalidGameError, match="no parameter"):
        build_report(threshold_game(), "Row", tmp_path, quick=True, sweep=("c", "zz"))


def test_tajikistan_report_quick(tmp_path):
    path = ROOT / "games" / "tajikistan" / "four-actors.yaml"
    rep = build_report(path, "Dushanbe", tmp_path, quick=True, formats=("png",))
    html = rep.html.read_text(encoding="utf-8")
    check_self_contained(html, len(rep.figures))
    summary = json.loads(rep.summary.read_text(encoding="utf-8"))
    import gametheory
    # The report leads with the model's primary reference, "crisis".
    d = diagnose(gametheory.load(path), "Dushanbe", reference="crisis", conditions=False)
    assert summary["diagnosis"]["zugzwang"] == d.zugzwang
    assert summary["diagnosis"]["margin"] == d.to_json()["margin"]
    assert summary["baselines"]["lead"] == "crisis"
    assert {"options", "landscape", "ablation"} <= set(rep.figures)
    # Provenance: every parameter with its range and rationale, every payoff formula.
    prov = summary["provenance"]
    assert prov["source"].startswith("Andrew Korybko")
    assert [p["name"] for p in prov["parameters"]] == list(gametheory.load(path).parameters)
    assert all(p["range"] and p["rationale"] for p in prov["parameters"])
    assert len(prov["payoffs"]) == 60 and prov["assumptions"]
    assert "of the displayed region" in rep.captions["landscape"]
    # The diagnosis comes before the (folded) payoff table.
    assert html.index('id="baselines"') < html.index('id="game-section"') < html.index("<details>")


@pytest.mark.needs_chromium
def test_report_renders_in_headless_chromium(report, tmp_path):
    """Chromium dumps the DOM after load; the page checks its own images with a script
    added to a copy of the report (the report itself has no script)."""
    html = report.html.read_text(encoding="utf-8")
    probe = ("<script>window.addEventListener('load',()=>{const imgs=[...document.images];"
             "const ok=imgs.filter(i=>i.complete&&i.naturalWidth>0).length;"
             "document.body.setAttribute('data-loaded',ok+'/'+imgs.length);});</script></body>")
    copy = tmp_path / "probe.html"
    copy.write_text(html.replace("</body>", probe), encoding="utf-8")
    run = subprocess.run([chromium(), "--headless", "--disable-gpu", "--no-sandbox",
                          "--virtual-time-budget=5000", "--dump-dom", copy.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    n = len(report.figures)
    assert f'data-loaded="{n}/{n}"' in run.stdout


# --------------------------------------------------------------------------- notebook display
def test_notebook_html_and_latex():
    from gametheory.report.notebook import (diagnosis_html, game_html, game_latex, result_html,
                                            result_latex)
    pd = NormalFormGame.from_arrays(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]),
                                    players=["Row", "Col<umn>"],
                                    strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]])
    result = solve(pd)
    html = game_html(pd, result.equilibria)
    assert "Col&lt;umn&gt;" in html and "<table" in html and "5, 0" in html
    assert html.count("background:#fde0c5") == 1           # the one pure equilibrium is shaded
    tex = game_latex(pd)
    assert tex.startswith("$$\\begin{array}") and "5,\\ 0" in tex
    rh = result_html(result)
    assert rh.count("<tr>") == 1 + len(result.equilibria) and "Defect=1" in rh
    assert "\\text{payoff Row}" in result_latex(result)
    d = diagnose(threshold_game(), "Row")
    dh = diagnosis_html(d)
    assert "zugzwang" in dh and dh.count("<tr>") == 1 + len(d.options)
    three = NormalFormGame.from_payoffs(np.zeros((3, 2, 2, 2), dtype=int))
    assert game_latex(three) is None and game_html(three).count("<tr>") == 1 + 8


def test_tree_report_draws_the_tree_and_its_normal_form(tmp_path):
    from gametheory import ExtensiveFormGame
    # Selten's entry game: the subgame-perfect equilibrium is (enter, share).
    g = ExtensiveFormGame.new_tree(["Entrant", "Incumbent"], title="Entry")
    out, enter = g.append_move(0, "Entrant", ["out", "enter"])
    g.set_outcome(out, [0, 2])
    fight, share = g.append_move(enter, "Incumbent", ["fight", "share"])
    g.set_outcome(fight, [-1, -1])
    g.set_outcome(share, [1, 1])
    rep = build_report(g, "Entrant", tmp_path, quick=True, formats=("png",))
    assert {"tree", "matrix", "best_responses", "options", "landscape"} <= set(rep.figures)
    html = rep.html.read_text(encoding="utf-8")
    check_self_contained(html, len(rep.figures))
    summary = json.loads(rep.summary.read_text(encoding="utf-8"))
    assert summary["sweep"] is None and summary["equilibria"]["method"] == "spe"
    # Entering gets 1 in the reaction game (share), above the reference 0: no zugzwang.
    assert summary["diagnosis"]["zugzwang"] is False
