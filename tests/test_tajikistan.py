"""The Tajikistan models (games/tajikistan/) and their documented findings.

The numbers asserted here are those recorded in docs/explanation/tajikistan-model.md
(produced by ``gametheory zugzwang`` at the defaults); the hand derivations are in
that page and in each file's description.
"""
from __future__ import annotations

import json
import warnings
from fractions import Fraction as F
from pathlib import Path

import pytest
import sympy
from click.testing import CliRunner

import gametheory as gt
from gametheory.analysis.zugzwang import diagnose
from gametheory.cli import main

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "games" / "tajikistan"
DOC = ROOT / "docs" / "explanation" / "tajikistan-model.md"
FOUR = MODELS / "four-actors.yaml"
TREE = MODELS / "crisis-tree.yaml"
PUBLIC = MODELS / "dushanbe-vs-public.yaml"
MOSCOW = MODELS / "dushanbe-vs-moscow.yaml"


def quiet_diagnose(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return diagnose(*args, **kwargs)


@pytest.fixture(scope="module")
def four():
    return gt.load(FOUR)


@pytest.fixture(scope="module")
def four_diagnosis(four):
    return quiet_diagnose(four, "Dushanbe")


@pytest.fixture(scope="module")
def tree():
    return gt.load(TREE)


# ---------------------------------------------------------------------- the files document themselves
@pytest.mark.parametrize("path", [FOUR, TREE, PUBLIC, MOSCOW], ids=lambda p: p.name)
def test_every_parameter_has_range_and_article_rationale(path):
    game = gt.load(path)
    assert game.parameters
    for name, p in game.parameters.items():
        assert p.low is not None and p.high is not None, name
        assert p.low <= p.default <= p.high, name
        assert "par. " in p.rationale, f"{name}: rationale must cite the article's paragraph"
        assert p.description, name


@pytest.mark.parametrize("path", [FOUR, PUBLIC, MOSCOW], ids=lambda p: p.name)
def test_every_payoff_entry_has_a_rationale(path):
    game = gt.load(path)
    profiles = list(game.profiles())
    assert len(game.notes) == len(profiles)
    for idx in profiles:
        assert game.notes[idx]["rationale"].strip(), idx


def test_tree_leaves_have_rationales_and_the_information_set(tree):
    assert all(o.rationale for o in tree.outcomes)
    dushanbe = tree.infosets[tree.player("Dushanbe")]
    assert len(dushanbe) == 1 and dushanbe[0].label == "volunteers mobilised"
    # Dushanbe cannot tell the aftermath nor whether radicals are among the volunteers.
    assert len(dushanbe[0].members) == 4
    assert tree.has_perfect_recall


# ---------------------------------------------------------------------- four actors at the defaults
def test_four_actor_verdict_and_margins(four_diagnosis):
    d = four_diagnosis
    assert d.zugzwang is True and d.margin == F(-3) and d.best_option == "appeal for aid"
    pays = {o.option: o.reaction_payoffs for o in d.options}
    assert pays == {"stand by": (F(-4),), "appeal for aid": (F(-3),), "crack down": (F(-6),),
                    "tolerate volunteers": (F(-10),), "covert support": (F(-7),)}
    assert all(o.reaction_equilibria.method == "enumpoly" for o in d.options) and d.complete
    assert d.strong is True and d.security_value == F(-7)
    assert d.forced_move_cost == F(3)
    assert d.whole_game.method == "enumpoly" and d.whole_game.payoffs == (F(-3),)
    assert d.whole_game.zugzwang is True


def test_four_actor_conditions(four_diagnosis):
    aid = sympy.Symbol("aid", real=True)
    by_param = {c.parameter: c for c in four_diagnosis.conditions if c.parameter}
    assert by_param["aid"].threshold == F(4) and by_param["aid"].closed_form
    assert sympy.simplify(by_param["aid"].relation) == sympy.And(aid >= 4, aid <= 5)
    assert by_param["aid"].verified is True
    # No other parameter alone breaks the zugzwang within its range.
    assert all(c.relation == sympy.false for k, c in by_param.items() if k != "aid")
    escape_options = {c.option for c in four_diagnosis.conditions if c.kind == "escape" and c.option}
    assert escape_options == {"appeal for aid", "covert support"}


def test_four_actor_threshold_flips_the_verdict(four):
    below = quiet_diagnose(four, "Dushanbe", params={"aid": F(39, 10)}, conditions=False, whole_game=False)
    at = quiet_diagnose(four, "Dushanbe", params={"aid": F(4)}, conditions=False, whole_game=False)
    assert below.zugzwang is True and below.margin == F(-1, 10)
    assert at.zugzwang is False and at.margin == 0


def test_four_actor_two_parameter_escape(four):
    """Documented: covert support escapes when support_effect >= crush_gain (the Taliban
    include Tajiks) and inclusion_gain >= moscow_crisis."""
    d = quiet_diagnose(four, "Dushanbe", params={"support_effect": 5, "inclusion_gain": 3, "moscow_crisis": 2},
                       conditions=False, whole_game=False)
    assert d.zugzwang is False and d.best_option == "covert support" and d.margin == F(1)


# ---------------------------------------------------------------------- the tree
def test_tree_verdict(tree):
    d = quiet_diagnose(tree, "Dushanbe", whole_game=False, conditions=False)
    assert d.zugzwang is True and d.margin == F(-3) and d.best_option == "crack down"
    pays = {o.option: set(o.reaction_payoffs) for o in d.options}
    assert pays == {"let them go": {F(-8)}, "crack down": {F(-3)}, "channel covertly": {F(-15, 2)}}
    assert d.security_value == F(-15, 2) and d.forced_move_cost == F(3)


def test_tree_threshold_flips_the_verdict(tree):
    # Documented: channel covertly escapes once support_effect >= crush_gain - volunteer_effect = 3
    below = quiet_diagnose(tree, "Dushanbe", params={"support_effect": F(29, 10)}, whole_game=False,
                           conditions=False)
    at = quiet_diagnose(tree, "Dushanbe", params={"support_effect": F(3)}, whole_game=False, conditions=False)
    assert below.zugzwang is True
    assert at.zugzwang is False and at.best_option == "channel covertly" and at.margin == F(2)


def test_tree_closed_form_thresholds(tree):
    """Documented: support_effect >= 3, crush_gain <= 3, volunteer_effect >= 2 (each
    alone), from the subgame-perfection conditions of the pure candidates."""
    d = quiet_diagnose(tree, "Dushanbe", whole_game=False)
    found = {c.parameter: c for c in d.conditions if c.threshold is not None}
    assert set(found) == {"support_effect", "crush_gain", "volunteer_effect"}
    assert (found["support_effect"].threshold, found["crush_gain"].threshold,
            found["volunteer_effect"].threshold) == (F(3), F(3), F(2))
    assert all(c.closed_form and c.verified for c in found.values())
    escape_options = {c.option for c in d.conditions if c.kind == "escape" and c.option}
    assert escape_options == {"let them go", "channel covertly"}


# ---------------------------------------------------------------------- the classroom reductions
def test_public_reduction_hand_solution():
    g = gt.load(PUBLIC)
    d = quiet_diagnose(g, "Dushanbe")
    assert d.zugzwang is True and d.margin == F(-2) and d.best_option == "crack down"
    assert [o.reaction_payoffs for o in d.options] == [(F(-4),), (F(-2),)]
    assert d.whole_game.payoffs == (F(-5, 2),)
    [eq] = d.whole_game.equilibria.equilibria
    assert eq["Public", "volunteer"] == F(1, 2) and eq["Dushanbe", "crack down"] == F(2, 3)
    assert all(c.relation == sympy.false for c in d.conditions if c.parameter)


def test_moscow_reduction_hand_solution_and_threshold():
    g = gt.load(MOSCOW)
    d = quiet_diagnose(g, "Dushanbe")
    assert d.zugzwang is True and d.margin == F(-1) and d.best_option == "stand by"
    [eq] = d.whole_game.equilibria.equilibria
    assert eq["Moscow", "press"] == F(2, 3) and eq["Dushanbe", "covert support"] == F(1, 3)
    assert d.whole_game.payoffs == (F(-5, 3),)
    [c] = [c for c in d.conditions if c.parameter == "backlash"]
    assert c.threshold == F(3) and c.closed_form
    assert quiet_diagnose(g, "Dushanbe", params={"backlash": F(29, 10)}, conditions=False).zugzwang is True
    assert quiet_diagnose(g, "Dushanbe", params={"backlash": F(3)}, conditions=False).zugzwang is False


# ---------------------------------------------------------------------- the docs record real output
@pytest.mark.parametrize("path", [FOUR, PUBLIC, MOSCOW], ids=lambda p: p.name)
def test_doc_records_the_tool_output(path):
    """The page quotes ``gametheory zugzwang FILE --player Dushanbe`` verbatim."""
    text = DOC.read_text(encoding="utf-8")
    res = CliRunner().invoke(main, ["zugzwang", str(path), "--player", "Dushanbe"])
    assert res.exit_code == 0, res.output
    missing = [line for line in res.output.splitlines() if line not in text]
    assert not missing, f"docs/explanation/tajikistan-model.md lacks {missing[:3]}"


def test_doc_records_the_tree_findings():
    text = DOC.read_text(encoding="utf-8")
    for needle in ("verdict: ZUGZWANG: every option is bad; margin -3 (best option: crack down",
                   "`support_effect >= 3`", "crack down              -9         2       9/2  -3, -3"):
        assert needle in text


def test_cli_json_on_four_actors():
    res = CliRunner().invoke(main, ["zugzwang", str(FOUR), "--player", "Dushanbe", "--json",
                                    "--no-conditions", "--no-whole-game", "-p", "aid=9/2"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["zugzwang"] is False and doc["margin"] == "1/2" and doc["best_option"] == "appeal for aid"
    assert doc["parameters"]["aid"] == "9/2"
