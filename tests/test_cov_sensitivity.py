"""``gametheory sensitivity`` on a game whose verdict never changes in the box (the
Sobol indices of a constant output are zero, not NaN) with a tornado worked out by
hand, and its refusal of a game without ranged parameters.
"""
from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import ROOT
from cov_games import two_options

from gametheory.cli import main

# Row chooses U (pays x - 10) or D (pays y - 10); Col has one strategy.  With x, y in
# [0, 4] the margin against 0 is max(x, y) - 10 <= -6: a zugzwang everywhere.  At the
# defaults x = y = 1 it is -9; moving x alone to 0 leaves max(0, 1) - 10 = -9, to 4
# gives -6; the same for y.
GAME = two_options("x - 10", "y - 10")


def test_a_verdict_that_never_changes(tmp_path):
    src = tmp_path / "always.yaml"
    src.write_text(GAME, encoding="utf-8")
    res = CliRunner().invoke(main, ["sensitivity", str(src), "--player", "1", "--samples", "256",
                                    "--workers", "1", "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["player"] == "Row"
    prob = doc["probability"]
    assert prob["n"] == 256 and prob["in_zugzwang"] == 256 and prob["share"] == 1.0 and prob["failed"] == 0
    assert prob["interval"][1] > 0.999 and prob["interval"][0] > 0.98   # Wilson, 256 of 256
    verdict = doc["sobol_verdict"]
    assert verdict["variance"] == 0.0
    assert all(i[k] == 0.0 for i in verdict["indices"] for k in ("S1", "ST", "S1_conf", "ST_conf"))
    assert doc["sobol_margin"]["variance"] > 0
    tornado = doc["tornado"]
    assert tornado["base_margin"] == -9.0
    for p in tornado["parameters"]:
        assert (p["margin_at_low"], p["margin_at_high"]) == (-9.0, -6.0)


def test_a_game_without_ranged_parameters_is_refused():
    pd = ROOT / "games" / "classics" / "prisoners-dilemma.yaml"
    res = CliRunner().invoke(main, ["sensitivity", str(pd), "--player", "1", "--samples", "64"])
    assert res.exit_code == 2
    assert "sensitivity analysis needs parameters with a range (low and high); the game declares none" \
        in res.output
