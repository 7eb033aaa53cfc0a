"""Security levels as JSON (exact and float), and ``gametheory zugzwang`` with an
explicit reaction solver, floating point and a Monte Carlo robustness sample, on
games whose answers are worked out by hand next to each test.
"""
from __future__ import annotations

import json
import math
from fractions import Fraction as F

import numpy as np
import pytest
from click.testing import CliRunner
from cov_games import number, two_options

from gametheory import NormalFormGame
from gametheory.analysis.security import security_level
from gametheory.cli import main


def test_security_level_to_json_exact_and_float():
    # Row's own payoffs [[3, 1], [0, 4]] (Col's do not matter for maxmin).  Mixing U with
    # probability p guarantees min(3p, p + 4(1 - p)); the two are equal at p = 2/3,
    # value 2.  The best pure guarantee is U's min(3, 1) = 1.
    g = NormalFormGame.from_arrays(np.array([[3, 1], [0, 4]]), np.zeros((2, 2), dtype=int),
                                   players=["Row", "Col"], strategies=[["U", "D"], ["L", "R"]])
    exact = security_level(g, "Row", exact=True)
    assert exact.value == 2 and exact.pure_value == 1
    assert exact.to_json() == {"player": "Row", "value": "2", "pure_value": "1",
                               "strategy": {"U": "2/3", "D": "1/3"}, "exact": True}
    approx = security_level(g, "Row", exact=False).to_json()
    assert approx["exact"] is False and approx["player"] == "Row"
    assert approx["value"] == pytest.approx(2.0) and approx["pure_value"] == pytest.approx(1.0)
    assert approx["strategy"]["U"] == pytest.approx(2 / 3) and approx["strategy"]["D"] == pytest.approx(1 / 3)


# Row chooses U (pays x - 2) or D (pays y - 3); Col has a single strategy.  Against
# the reference 0 the margin is max(x - 2, y - 3): at the defaults x = y = 1 it is
# max(-1, -2) = -1, a zugzwang, U the best option.  Over the box x in [0, 4],
# y in [0, 4] the zugzwang region x < 2, y < 3 is (2/4) * (3/4) = 37.5 % of it.
TWO_OPTIONS = two_options()


@pytest.mark.parametrize("mode", ["--float", "--exact"])
def test_zugzwang_with_a_chosen_method_and_robustness(tmp_path, mode):
    path = tmp_path / "two.yaml"
    path.write_text(TWO_OPTIONS, encoding="utf-8")
    res = CliRunner().invoke(main, ["zugzwang", str(path), "--player", "Row", "--method", "enummixed",
                                    mode, "--robustness", "200", "--seed", "1", "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["zugzwang"] is True
    assert float(F(str(doc["margin"]))) == pytest.approx(-1.0)
    assert doc["best_option"] == "U"
    options = {o["option"]: o for o in doc["options"]}
    assert float(F(str(options["U"]["worst"]))) == pytest.approx(-1.0)
    assert float(F(str(options["D"]["best"]))) == pytest.approx(-2.0)
    rob = doc["robustness"]
    assert rob["n"] == 200 and rob["seed"] == 1 and rob["parameters"] == ["x", "y"]
    # The sample's share and its 95 % Wilson interval: the true share 37.5 % lies inside.
    low, high = rob["interval"]
    assert low <= 0.375 <= high and high - low < 0.2
    assert math.isclose(rob["share"], rob["in_zugzwang"] / 200)


# One player, A: x pays c, y pays 1.  A zugzwang needs others whose reactions matter,
# so it is refused; solving still works: y alone at c = 0, both at c = 1, x alone at c = 2.
ONE_PLAYER = """\
format: 1
parameters:
  c: {default: 1, range: [0, 2]}
players:
  - {name: A, strategies: [x, y]}
payoffs:
  - {profile: [x], payoffs: [c]}
  - {profile: [y], payoffs: [1]}
"""


def test_zugzwang_of_a_one_player_game_is_refused(tmp_path):
    src = tmp_path / "one.yaml"
    src.write_text(ONE_PLAYER, encoding="utf-8")
    res = CliRunner().invoke(main, ["zugzwang", str(src), "--player", "A"])
    assert res.exit_code == 2 and "zugzwang diagnostics need at least two players" in res.output
    out = tmp_path / "one.jsonl"
    res = CliRunner().invoke(main, ["sweep", str(src), "--grid", "c=0:2:3", "--zugzwang", "--player", "A",
                                    "--out", str(out), "-q", "--workers", "1"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert all(r["zugzwang"] == {"error": "zugzwang diagnostics need at least two players"} for r in rows)
    pure = [sorted(s for eq in r["equilibria"] for s, p in eq["labels"]["A"].items() if number(p) == 1.0)
            for r in rows]
    assert pure == [["y"], ["x", "y"], ["x"]]


def test_diagnose_points_refuses_unknown_parameters_and_ragged_columns(tmp_path):
    from gametheory import InvalidGameError, load
    from gametheory.analysis.zugzwang_engine import diagnose_points
    src = tmp_path / "two.yaml"
    src.write_text(TWO_OPTIONS, encoding="utf-8")
    g = load(src)
    with pytest.raises(InvalidGameError) as info:
        diagnose_points(g, "Row", [{"z": 1.0}])
    assert "unknown parameter(s) z; the game declares x, y" in str(info.value)
    with pytest.raises(InvalidGameError) as info:
        diagnose_points(g, "Row", {"x": [0.0, 1.0], "y": [0.0]})
    assert "the parameter columns differ in length" in str(info.value)
    # The same columns of equal length: the margin is max(x - 2, y - 3) (see TWO_OPTIONS).
    sd = diagnose_points(g, "Row", {"x": [0.0, 3.0], "y": [0.0, 0.0]})
    assert np.allclose(sd.margin, [-2.0, 1.0]) and list(sd.zugzwang) == [True, False]


def test_reaction_games_and_their_option_errors():
    from fractions import Fraction

    from conftest import ROOT

    from gametheory import load
    from gametheory.analysis.zugzwang import diagnose, reaction_game
    from gametheory.exceptions import LabelError
    classics = ROOT / "games" / "classics"
    # Prisoner's dilemma (Osborne 2004): once Suspect 1 finks, Suspect 2 alone gets
    # 0 for Quiet and 1 for Fink.
    pd = load(classics / "prisoners-dilemma.yaml")
    r = reaction_game(pd, "Suspect 1", "Fink")
    assert r.players == ("Suspect 2",) and r.strategies == (("Quiet", "Fink"),)
    assert r.payoffs.tolist() == [[0, 1]]
    with pytest.raises(LabelError) as info:
        diagnose(pd, "Suspect 1").option("Confess")
    assert "no option 'Confess'; options: Quiet, Fink" in str(info.value)
    # Entry deterrence: after In (option 1, or -1 from the end), the Incumbent chooses
    # Acquiesce (2, 1) or Fight (0, 0); the Challenger has nothing left to choose.
    tree = load(classics / "entry-deterrence.yaml")
    for option in (1, -1, "In"):
        nf = reaction_game(tree, "Challenger", option).to_normal_form()
        assert nf.strategies == (("(none)",), ("Acquiesce", "Fight"))
        assert nf.payoffs.tolist() == [[[Fraction(2), Fraction(0)]], [[Fraction(1), Fraction(0)]]]
    with pytest.raises(LabelError) as info:
        reaction_game(tree, "Challenger", 5)
    assert "option index 5 out of range (2 options)" in str(info.value)
    with pytest.raises(LabelError) as info:
        reaction_game(tree, "Challenger", "Stay")
    assert "no option 'Stay' of 'Challenger'; known: 'Out', 'In'" in str(info.value)
