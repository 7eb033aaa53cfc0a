"""The Tajikistan models (games/tajikistan/) and their documented findings.

Expected values are derived independently of the tool: the four-actor payoffs are
restated from the documented component table and each reaction game is solved by a
literal iterated elimination of dominated strategies; the classroom and tree values
and the closed-form thresholds are derived by hand in the comments.  The test that
compares docs/explanation/tajikistan-model.md with the tool's output is a drift check.
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
def four_and_baselines(four):
    from gametheory.analysis.baselines import diagnose_baselines
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return diagnose_baselines(four, "Dushanbe")


@pytest.fixture(scope="module")
def four_diagnosis(four_and_baselines):
    return four_and_baselines[0]


@pytest.fixture(scope="module")
def four_baselines(four_and_baselines):
    return four_and_baselines[1]


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


# ---------------------------------------------------------------------- four actors: an independent route
# The component rules of docs/explanation/tajikistan-model.md, restated here (not read from
# the file), and a literal brute force: iterated elimination of strictly dominated pure
# strategies in each reaction game.  Every Nash equilibrium survives that elimination, so
# when one profile is left it is the reaction game's only equilibrium.
D = ["stand by", "appeal for aid", "crack down", "tolerate volunteers", "covert support"]
P = ["acquiesce", "protest", "volunteer"]
M = ["stay aloof", "press Dushanbe"]
T = ["include Tajiks", "crush resistance"]
DEFAULTS = dict(refugee_burden=F(1), refugee_surge=F(1), aid=F(1), protest_cost=F(2), unrest_cost=F(4),
                radical_risk=F(3), moscow_crisis=F(3), taliban_hostility=F(2), support_gain=F(5, 2),
                inclusion_gain=F(2), kin_sympathy=F(3), residual_fear=F(1), protest_voice=F(2),
                kin_help=F(2), repression=F(2), discipline=F(4), backlash=F(2), crush_gain=F(4),
                support_effect=F(2), volunteer_effect=F(1))


def rules(d, p, m, t, v):
    """(Dushanbe, Public, Moscow, Taliban) payoffs from the documented component table."""
    crush, helping, mobilised = t == T[1], d in D[3:], p in P[1:]
    volunteers_cross = p == "volunteer" and d != "crack down"
    du = -v["refugee_burden"] + (-v["refugee_surge"] if crush else v["inclusion_gain"])
    du += v["aid"] * (d == "appeal for aid") + v["support_gain"] * (d == "covert support" and crush)
    du -= v["protest_cost"] * (p == "protest" and d != "crack down")
    du -= v["unrest_cost"] * (d == "crack down" and mobilised)
    du -= v["radical_risk"] * volunteers_cross
    du -= v["moscow_crisis"] * (m == M[1]) + v["taliban_hostility"] * helping
    pu = -v["kin_sympathy"] if crush else -v["residual_fear"]
    if p == "protest":
        pu += -1 + (0 if helping else v["protest_voice"])
    if p == "volunteer":
        pu += -1 if d == "tolerate volunteers" else -2
        if d == "crack down":
            pu -= v["repression"]
        elif crush and d != "covert support":
            pu += v["kin_help"]
    mo = 0
    if m == M[1]:
        mo += -1 + v["discipline"] * helping - v["backlash"] * mobilised
    mo += -2 * volunteers_cross - (d == "appeal for aid")
    ta = 0
    if crush:
        ta = v["crush_gain"] - v["support_effect"] * (d == "covert support") - v["volunteer_effect"] * volunteers_cross
    return (F(du), F(pu), F(mo), F(ta))


def reaction_by_elimination(d, v):
    """The only equilibrium (Public, Moscow, Taliban) of d's reaction game, or None."""
    alive = [list(P), list(M), list(T)]
    changed = True
    while changed:
        changed = False
        for j in range(3):
            for s in list(alive[j]):
                for t in alive[j]:
                    if t == s:
                        continue
                    rest = [alive[k] for k in range(3) if k != j]
                    better = True
                    for r1 in rest[0]:
                        for r2 in rest[1]:
                            prof_s, prof_t = [r1, r2], [r1, r2]
                            prof_s.insert(j, s)
                            prof_t.insert(j, t)
                            if not rules(d, *prof_t, v)[j + 1] > rules(d, *prof_s, v)[j + 1]:
                                better = False
                    if better:
                        alive[j].remove(s)
                        changed = True
                        break
    if all(len(a) == 1 for a in alive):
        return tuple(a[0] for a in alive)
    return None


def test_file_payoffs_follow_the_documented_rules(four):
    import itertools
    import random
    rng = random.Random(7)
    points = [DEFAULTS] + [{k: F(rng.randint(int(4 * p.low), int(4 * p.high)), 4)
                            for k, p in four.parameters.items()} for _ in range(3)]
    for v in points:
        numeric = four.substitute(**v)
        for prof in itertools.product(D, P, M, T):
            assert numeric.payoff(list(prof)) == rules(*prof, v), prof


def test_four_actor_reactions_and_margins_by_brute_force(four_diagnosis):
    # By hand at the defaults (refugees -1 -1 = -2 in every crushed outcome):
    #   stand by / appeal: the public protests (voice - 1 = 1 > 0 = acquiesce = kin_help - 2),
    #     Moscow stays aloof (pressing costs 1 + backlash), the Taliban crush (4 > 0):
    #     -2 - protest_cost = -4, and -2 + aid - protest_cost = -3;
    #   crack down: the public protests (1 > 0 > -2 - repression): -2 - unrest_cost = -6;
    #   tolerate: the public volunteers (kin_help - 1 = 1), Moscow presses (4 - 1 - 2 = 1 > 0):
    #     -2 - radical_risk - moscow_crisis - taliban_hostility = -10;
    #   covert support: the public acquiesces (0 > -1 > -2), Moscow presses (4 - 1 > 0), the
    #     Taliban still crush (4 - 2 > 0): -2 + support_gain - moscow_crisis - taliban_hostility = -9/2.
    expected = {"stand by": F(-4), "appeal for aid": F(-3), "crack down": F(-6),
                "tolerate volunteers": F(-10), "covert support": F(-9, 2)}
    for d in D:
        eq = reaction_by_elimination(d, DEFAULTS)
        assert eq is not None, d
        assert rules(d, *eq, DEFAULTS)[0] == expected[d]
        assert four_diagnosis.option(d).reaction_payoffs == (expected[d],)
    # Crisis reference (stand by, acquiesce, stay aloof, crush) = -2: margin -3 - (-2) = -1.
    d = four_diagnosis
    assert d.reference == F(-2) and d.zugzwang and d.margin == F(-1) and d.best_option == "appeal for aid"
    assert d.complete and all(o.reaction_equilibria.method == "enumpoly" for o in d.options)
    assert d.whole_game.payoffs == (F(-3),)


def test_four_actor_baselines(four_baselines):
    # v* = -3: against the crisis (-2) margin -1, against the pre-crisis status quo (0) margin -3.
    crisis, pre = four_baselines.verdict("crisis"), four_baselines.verdict("pre-crisis")
    assert four_baselines.lead is crisis and crisis.margin == F(-1) and pre.margin == F(-3)
    assert crisis.zugzwang and pre.zugzwang and four_baselines.agree


def test_four_actor_construction_and_ablation(four, four_diagnosis):
    from gametheory.analysis.construction import construction_check
    c = construction_check(four, "Dushanbe", four_diagnosis, reference="crisis")
    # Dropping one component (reaction play unchanged), against the crisis reference -2:
    #   moscow_crisis: covert support -2 + 5/2 - 2 = -3/2 -> margin +1/2 (flips)
    #   protest_cost : appeal -2 + 1 = -1             -> margin +1   (flips)
    #   unrest_cost  : crack down -2                  -> margin 0    (flips: not bad)
    #   taliban_hostility: covert support -5/2        -> margin -1/2
    #   aid          : appeal -4, best stand by / covert -4, -9/2 -> margin -2
    #   refugee_burden, refugee_surge: in every outcome and in the reference -> margin -1
    m = {e.name: e.margin for e in c.effects}
    assert (m["moscow_crisis"], m["protest_cost"], m["unrest_cost"], m["taliban_hostility"], m["aid"],
            m["refugee_burden"], m["refugee_surge"]) == (F(1, 2), F(1), F(0), F(-1, 2), F(-2), F(-1), F(-1))
    assert set(c.drivers) == {"moscow_crisis", "protest_cost", "unrest_cost"}
    assert {"refugee_burden", "refugee_surge"} <= set(c.background)
    # Every trade-off component at zero: every option gets -2 = the reference: margin 0.
    assert c.margin_without_tradeoffs == 0 and not c.built_in and not c.all_cells_below
    # Against the pre-crisis status quo the refugees alone make every option bad: -2 < 0.
    d0 = quiet_diagnose(four, "Dushanbe", conditions=False, whole_game=False)
    c0 = construction_check(four, "Dushanbe", d0, reference=0)
    assert c0.margin_without_tradeoffs == F(-2) and c0.built_in
    # The Taliban's inclusion is dominated at the defaults (crush pays at least 4 - 2 - 1 = 1 > 0),
    # but not over the ranges (crush_gain 2 < support_effect 5 at a corner).
    assert [(x.player, x.strategy, x.regardless) for x in c.dominated] == [("Taliban", "include Tajiks", False)]


def test_four_actor_conditions(four_diagnosis):
    # Against the crisis reference, one parameter at a time (others at the defaults):
    #   appeal for aid reaches -2 iff -2 + aid - protest_cost >= -2: aid >= 2, protest_cost <= 1;
    #   the public stops protesting iff protest_voice <= 1 (then stand by gives -2 itself);
    #   covert support reaches -2 iff support_gain >= moscow_crisis + taliban_hostility = 5.
    aid = sympy.Symbol("aid", real=True)
    by_param = {c.parameter: c for c in four_diagnosis.conditions if c.parameter}
    assert by_param["aid"].threshold == F(2) and by_param["aid"].verified is True
    assert sympy.simplify(by_param["aid"].relation) == sympy.And(aid >= 2, aid <= 4)
    assert by_param["protest_voice"].threshold == F(1)
    assert by_param["support_gain"].threshold == F(5)
    assert by_param["protest_cost"].threshold == F(1)
    flips = {k for k, c in by_param.items() if c.relation != sympy.false}
    assert flips == {"aid", "protest_voice", "support_gain", "protest_cost"}


def test_four_actor_aid_threshold_flips_the_verdict(four):
    below = quiet_diagnose(four, "Dushanbe", reference="crisis", params={"aid": F(19, 10)},
                           conditions=False, whole_game=False)
    at = quiet_diagnose(four, "Dushanbe", reference="crisis", params={"aid": F(2)}, conditions=False,
                        whole_game=False)
    assert below.zugzwang is True and below.margin == F(-1, 10)
    assert at.zugzwang is False and at.margin == 0
    # Against the pre-crisis status quo the same option needs -2 + aid - 2 >= 0: aid >= 4.
    top = quiet_diagnose(four, "Dushanbe", params={"aid": F(4)}, conditions=False, whole_game=False)
    assert top.zugzwang is False and top.margin == 0


def test_model_files_declare_references_and_assumptions():
    for path in (FOUR, TREE, PUBLIC, MOSCOW):
        g = gt.load(path)
        refs = g.metadata["references"]
        assert set(refs) == {"crisis", "pre-crisis"}, path
        assert g.metadata["reference_notes"]["crisis"]["primary"] is True
        assert all(n["rationale"] for n in g.metadata["reference_notes"].values())
        assert g.metadata["assumptions"] and all(a.get("article") for a in g.metadata["assumptions"])


# ---------------------------------------------------------------------- the tree
def test_tree_verdict(tree):
    # By hand: after a crackdown the public stays idle in both aftermaths (massacre reports:
    # -kin_sympathy - outrage = -5 > -kin_sympathy - 2 - repression = -7; refugee wave: -3 > -7),
    # so Dushanbe gets 1/2 (-refugee_burden - opinion_cost) + 1/2 (-refugee_burden) = -3.
    # Against the crisis outcome (idle after refugee wave, -refugee_burden = -2): margin -1.
    # Let them go: the public volunteers after either aftermath (-2 > -5 and -2 > -3), Moscow
    # presses (-3 - backlash + discipline = -1 > -2), the Taliban crush (4 - 1 > 0):
    # 1/4 (-2 - 2 - 4 - 3) + 3/4 (-2 - 2 - 3) = -11/4 - 21/4 = -8.
    # Channel covertly: volunteers (-1 > -3), Moscow presses (-1 > -2), crush (4 - 1 - 2 > 0);
    # radicals cost radical_risk (1 - vetting) = 2: 1/4 (-2 - 2 - 2 - 3) + 3/4 (-7) = -15/2.
    # Security value -15/2 and forced-move cost 3 = -(-3) against 0.
    crisis = quiet_diagnose(tree, "Dushanbe", reference="crisis", whole_game=False, conditions=False)
    assert crisis.reference == F(-2) and crisis.margin == F(-1) and crisis.zugzwang
    d = quiet_diagnose(tree, "Dushanbe", whole_game=False, conditions=False)
    assert d.zugzwang is True and d.margin == F(-3) and d.best_option == "crack down"
    pays = {o.option: set(o.reaction_payoffs) for o in d.options}
    assert pays == {"let them go": {F(-8)}, "crack down": {F(-3)}, "channel covertly": {F(-15, 2)}}
    assert d.security_value == F(-15, 2) and d.forced_move_cost == F(3)


def test_tree_ablation_by_parameter(tree):
    from gametheory.analysis.construction import construction_check
    d = quiet_diagnose(tree, "Dushanbe", reference="crisis", whole_game=False, conditions=False)
    c = construction_check(tree, "Dushanbe", d, reference="crisis")
    # By hand (crack down is the best option at -3, the crisis outcome pays -refugee_burden = -2):
    #   opinion_cost = 0: crack down pays -2 after either aftermath = the reference: margin 0 (flips);
    #   refugee_burden = 0: every crushed outcome and the reference gain 2: margin -1;
    #   moscow_crisis = 0: let them go -8 + 3 = -5, channel covertly -15/2 + 3 = -9/2: still below -3.
    m = {e.name: e.margin for e in c.effects}
    assert c.source == "parameters" and c.drivers == ("opinion_cost",)
    assert (m["opinion_cost"], m["refugee_burden"], m["moscow_crisis"]) == (F(0), F(-1), F(-1))
    # massacre_prob and radical_share are chance probabilities: never ablated; outrage,
    # kin_sympathy etc. are other players' parameters.
    assert "massacre_prob" not in m and "kin_sympathy" not in m


def test_tree_threshold_flips_the_verdict(tree):
    # Channel covertly: crushing then pays the Taliban crush_gain - volunteer_effect - support_effect,
    # which is <= 0 once support_effect >= 3; they include Tajiks and Dushanbe gets
    # +inclusion_gain = 2 (against 0: margin 2).  Below 3 they crush and the verdict stands.
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
    # Against the crisis (stand by, acquiesce) = -opinion_cost = -1: margin -2 - (-1) = -1;
    # crack down reaches it iff crackdown_cost <= opinion_cost.
    c = quiet_diagnose(g, "Dushanbe", reference="crisis", conditions=False)
    assert c.reference == F(-1) and c.margin == F(-1) and c.zugzwang
    assert quiet_diagnose(g, "Dushanbe", reference="crisis", params={"opinion_cost": F(2)},
                          conditions=False).margin == 0


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
    # Against the crisis (stand by, stay aloof) = -1: standing by keeps it (Moscow stays aloof,
    # 0 > -1), margin 0: no zugzwang; the reduction has no public to punish standing by.
    c = quiet_diagnose(g, "Dushanbe", reference="crisis", conditions=False)
    assert c.reference == F(-1) and c.margin == 0 and c.zugzwang is False


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
    for needle in ("verdict: ZUGZWANG: every option is bad; margin -1 (best option: crack down",
                   "`support_effect >= 3`", "crack down              -9         2       9/2  -3, -3"):
        assert needle in text


def test_cli_json_on_four_actors():
    res = CliRunner().invoke(main, ["zugzwang", str(FOUR), "--player", "Dushanbe", "--json",
                                    "--no-conditions", "--no-whole-game", "-p", "aid=5/2"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    # appeal for aid: -2 + 5/2 - 2 = -3/2 against the crisis reference -2: margin 1/2.
    assert doc["zugzwang"] is False and doc["margin"] == "1/2" and doc["best_option"] == "appeal for aid"
    assert doc["parameters"]["aid"] == "5/2" and doc["reference_name"] == "crisis"
    assert [v["name"] for v in doc["baselines"]["verdicts"]] == ["crisis", "pre-crisis"]
    # against 0: -3/2, still a zugzwang
    assert doc["baselines"]["verdicts"][1]["margin"] == "-3/2" and doc["baselines"]["agree"] is False
