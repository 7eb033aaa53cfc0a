"""The construction check, the ablation by component and the baselines, on hand-built games.

Every expected value is derived by hand in the comments (no value is copied from
the tool's output).
"""
from __future__ import annotations

import json
from pathlib import Path
import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.analysis.baselines import (
    compare_baselines,
    diagnose_baselines,
    named_references,
)
from gametheory.analysis.construction import construction_check
from gametheory.analysis.zugzwang import diagnose
from gametheory.cli import main
from gametheory.exceptions import InvalidGameError
from gametheory.game.ranges import check_parameter_values
from gametheory.io.yaml_format import dumps, loads

# A dilemma with named components.  Row ("Gov") stands by or acts; Col ("Street")
# stays calm or presses.  Gov's payoff is the sum of
#   shock  = -1 everywhere (an outside loss no option avoids),
#   public = -2 when the street presses,
#   moscow = -2 when Gov acts,
#   gain   = +1 when Gov acts.
# The street presses a government that stands by (1 > 0) and stays calm when it acts (0 > -1).
TRADE_OFF = """
format: 1
title: trade-off
references:
  crisis: {profile: [stand by, calm], primary: true, rationale: "the position now"}
  pre-crisis: {value: 0, rationale: "before the shock"}
players:
  - {name: Gov, strategies: [stand by, act]}
  - {name: Street, strategies: [calm, press]}
payoffs:
  - profile: [stand by, calm]
    payoffs: [-1, 0]
    components: {Gov: {shock: -1}}
  - profile: [stand by, press]
    payoffs: [-3, 1]
    components: {Gov: {shock: -1, public: -2}}
  - profile: [act, calm]
    payoffs: [-2, 0]
    components: {Gov: {shock: -1, moscow: -2, gain: 1}}
  - profile: [act, press]
    payoffs: [-4, -1]
    components: {Gov: {shock: -1, moscow: -2, gain: 1, public: -2}}
"""


def quiet(f, *a, **k):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return f(*a, **k)


@pytest.fixture(scope="module")
def trade_off():
    return loads(TRADE_OFF)


# ---------------------------------------------------------------------- built in
def test_verdict_built_in_when_every_cell_is_below_the_reference():
    # Row's payoffs are all negative: whatever Col does, Row ends below 0.  Col's
    # reactions: Row "a" -> Col "x" (1 > 0), Row "b" -> Col "y" (1 > 0); Row gets -1 and -4,
    # margin -1.  The best cell is -1, so -1 - 0 < 0: built in.
    g = gt.NormalFormGame.from_arrays(np.array([[-1, -2], [-3, -4]]), np.array([[1, 0], [0, 1]]),
                                      players=["Row", "Col"], strategies=[["a", "b"], ["x", "y"]])
    d = diagnose(g, "Row")
    c = construction_check(g, "Row", d)
    assert d.zugzwang and d.margin == F(-1)
    assert c.all_cells_below is True and c.max_cell == F(-1) and c.built_in is True
    assert c.source == "none"  # no components, no parameters
    assert "BUILT IN" in c.table()


def test_verdict_from_a_trade_off_names_the_two_components(trade_off):
    # Reactions: stand by -> press: -1 - 2 = -3; act -> calm: -1 - 2 + 1 = -2.  Crisis
    # reference (stand by, calm) = -1, so the margin is -2 - (-1) = -1: zugzwang.
    d, cmp = diagnose_baselines(trade_off, "Gov")
    assert cmp.lead.reference.name == "crisis" and d.reference == F(-1) and d.margin == F(-1)
    c = construction_check(trade_off, "Gov", d, reference="crisis")
    # Dropping one component at a time (reaction play unchanged; the reference cell
    # (stand by, calm) loses the component too):
    #   shock : every payoff and the reference +1        -> margin -1 (no change)
    #   public: stand by -> -1, act -2, reference -1     -> margin  0 (flips: not bad)
    #   moscow: act -> 0, reference -1                   -> margin +1 (flips)
    #   gain  : act -> -3, stand by -3                   -> margin -2
    m = {e.name: e.margin for e in c.effects}
    assert m == {"shock": F(-1), "public": F(0), "moscow": F(1), "gain": F(-2)}
    assert set(c.drivers) == {"public", "moscow"}
    # shock is -1 in both reaction equilibria: background; the rest tell the options apart.
    assert c.background == ("shock",) and set(c.tradeoff) == {"public", "moscow", "gain"}
    # Every trade-off component at zero: both options -1 = the reference: margin 0.
    assert c.margin_without_tradeoffs == 0 and c.built_in is False
    assert c.all_cells_below is False and c.max_cell == F(0)  # the reference cell itself


def test_same_game_against_the_pre_crisis_status_quo_is_built_in_by_the_shock(trade_off):
    # Against 0: margin -2; with public, moscow and gain at zero every option gets the
    # shock, -1 < 0: the background alone makes every option bad.  One at a time:
    #   shock : stand by -2, act -1 -> margin -1;   public: stand by -1, act -2 -> -1;
    #   moscow: act -1 + 1 = 0 -> margin 0 (flips); gain  : act -3 -> margin -3.
    d = diagnose(trade_off, "Gov", reference=0)
    c = construction_check(trade_off, "Gov", d, reference=0)
    assert d.margin == F(-2) and c.margin_without_tradeoffs == F(-1) and c.built_in is True
    assert {e.name: e.margin for e in c.effects} == {"shock": F(-1), "public": F(-1), "moscow": F(0),
                                                     "gain": F(-3)}
    assert c.drivers == ("moscow",)


def test_crisis_and_pre_crisis_baselines_disagree():
    # Gov stands by -> Moscow stays aloof (0 > -1): Gov -1 (the shock).  Gov acts ->
    # Moscow presses (1 > 0): Gov -3.  Best reaction payoff v* = -1.
    # crisis (stand by, aloof) = -1: margin 0, no zugzwang.  pre-crisis 0: margin -1, zugzwang.
    g = loads("""
format: 1
references:
  pre-crisis: {value: 0}
  crisis: {profile: [stand by, aloof], primary: true}
players:
  - {name: Gov, strategies: [stand by, act]}
  - {name: Moscow, strategies: [aloof, press]}
payoffs:
  - {profile: [stand by, aloof], payoffs: [-1, 0]}
  - {profile: [stand by, press], payoffs: [-2, -1]}
  - {profile: [act, aloof], payoffs: [1, 0]}
  - {profile: [act, press], payoffs: [-3, 1]}
""")
    assert [r.name for r in named_references(g)] == ["crisis", "pre-crisis"]  # primary first
    _, cmp = diagnose_baselines(g, "Gov")
    crisis, pre = cmp.verdict("crisis"), cmp.verdict("pre-crisis")
    assert crisis.lead and crisis.zugzwang is False and crisis.margin == 0
    assert pre.zugzwang is True and pre.margin == F(-1) and pre.forced_move_cost == F(1)
    assert cmp.agree is False and "disagree" in cmp.table()
    # Leading with a named reference on request puts it first.
    d2, cmp2 = diagnose_baselines(g, "Gov", reference="pre-crisis")
    assert cmp2.lead.reference.name == "pre-crisis" and d2.zugzwang is True
    assert compare_baselines(g, "Gov", d2).verdicts[0].reference.name == "pre-crisis"


# ---------------------------------------------------------------------- dominance over the box
def test_dominated_regardless_of_parameters_or_only_at_the_values():
    # Col's "x" pays 1, "y" pays c, "z" pays 3 - c whatever Row does.  At the default
    # c = 2: y (2) beats x (1) and z (1), so x and z are dominated by y.
    # Range [2, 3]: y - x = c - 1 >= 1 > 0 and y - z = 2c - 3 >= 1 > 0: dominated everywhere.
    # Range [1, 3]: at c = 1, y - x = 0 and y - z = -1: neither stays dominated.
    text = """
format: 1
parameters:
  c: {default: 2, range: [RANGE]}
players:
  - {name: Row, strategies: [a, b]}
  - {name: Col, strategies: [x, y, z]}
payoffs:
  - {profile: [a, x], payoffs: [0, 1]}
  - {profile: [a, y], payoffs: [0, c]}
  - {profile: [a, z], payoffs: [0, 3 - c]}
  - {profile: [b, x], payoffs: [-1, 1]}
  - {profile: [b, y], payoffs: [-1, c]}
  - {profile: [b, z], payoffs: [-1, 3 - c]}
"""
    for rng, expect in (("2, 3", {("x", True), ("z", True)}), ("1, 3", {("x", False), ("z", False)})):
        g = loads(text.replace("RANGE", rng))
        d = quiet(diagnose, g, "Row", conditions=False)
        c = construction_check(g, "Row", d)
        assert {(x.strategy, x.regardless) for x in c.dominated} == expect
        assert all(x.by == "y" for x in c.dominated)


# ---------------------------------------------------------------------- the file format
def test_components_must_add_up_to_the_payoff():
    bad = TRADE_OFF.replace("components: {Gov: {shock: -1, public: -2}}", "components: {Gov: {shock: -1}}")
    with pytest.raises(InvalidGameError, match=r"components of Gov add up to -1, not to its payoff -3"):
        loads(bad)


def test_references_are_checked_and_round_trip(trade_off):
    with pytest.raises(InvalidGameError, match="Gov has no strategy 'sit'"):
        loads(TRADE_OFF.replace("profile: [stand by, calm], primary", "profile: [sit, calm], primary"))
    with pytest.raises(InvalidGameError, match="exactly one of profile, outcome, node or value"):
        loads(TRADE_OFF.replace("pre-crisis: {value: 0,", "pre-crisis: {value: 0, profile: [act, calm],"))
    back = loads(dumps(trade_off))
    assert back.metadata["references"] == trade_off.metadata["references"]
    assert back.metadata["reference_notes"] == trade_off.metadata["reference_notes"]
    assert back.notes == trade_off.notes


def test_values_outside_the_documented_range_are_refused():
    g = gt.load("games/tajikistan/four-actors.yaml")
    with pytest.raises(InvalidGameError, match=r"aid=9 is outside the parameter's documented range \[0, 4\]"):
        check_parameter_values(g, {"aid": F(9)})
    assert check_parameter_values(g, {"aid": F(4)}) == []
    assert "outside" in check_parameter_values(g, {"aid": F(9)}, allow_out_of_range=True)[0]


def test_cli_reference_by_name_and_out_of_range(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(TRADE_OFF, encoding="utf-8")
    run = CliRunner().invoke
    res = run(main, ["zugzwang", str(path), "--player", "Gov", "--reference", "pre-crisis", "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["reference_name"] == "pre-crisis" and doc["margin"] == "-2"
    assert [v["name"] for v in doc["baselines"]["verdicts"]] == ["pre-crisis", "crisis"]
    assert doc["construction"]["built_in"] is True
    res = run(main, ["zugzwang", str(path), "--player", "Gov"])
    assert res.exit_code == 0 and "drivers (dropping one alone breaks the zugzwang): public, moscow" in res.output
    four = "games/tajikistan/four-actors.yaml"
    res = run(main, ["zugzwang", four, "--player", "Dushanbe", "-p", "aid=9", "--no-conditions"])
    assert res.exit_code == 2 and "documented range [0, 4]" in res.output


# ---------------------------------------------------------------------- figures: the data behind each claim
def test_ablation_chart_data_matches_the_check(trade_off):
    from gametheory import plotting
    from gametheory.plotting import data as pdata
    from gametheory.plotting.style import new_figure
    d = diagnose(trade_off, "Gov", reference="crisis")
    c = construction_check(trade_off, "Gov", d, reference="crisis")
    ab = pdata.ablation_data(c)
    # The bars are the hand-derived margins of test_verdict_from_a_trade_off_names_the_two_components.
    assert ab.names == ("shock", "public", "moscow", "gain")
    assert np.array_equal(ab.margin, np.array([-1.0, 0.0, 1.0, -2.0]))
    assert np.array_equal(ab.flips, np.array([False, True, True, False])) and ab.base == -1.0
    ax = plotting.plot_ablation(ab, ax=new_figure((6, 4)).add_subplot())
    assert [round(p.get_width(), 9) for p in ax.patches[:4]] == [-1.0, 0.0, 1.0, -2.0]


def test_landscape_caption_claims_are_computed_over_the_displayed_region():
    from gametheory.plotting import data as pdata
    from gametheory.report.html import _landscape_caption
    g = gt.load("games/tajikistan/four-actors.yaml")
    nf = g.substitute()
    d = quiet(diagnose, g, "Dushanbe", reference="crisis", conditions=False)
    base = gt.solve(nf).equilibria[0]
    reactions = [[np.asarray(p, dtype=float) for p in o.reaction_equilibria.equilibria[0].probabilities]
                 for o in d.options]
    land = pdata.landscape_data(nf, "Dushanbe", grid=21, base=base, reference=-2, reactions=reactions)
    cap = _landscape_caption(land, nf, 0, "Dushanbe", True)
    assert "Taliban held at crush resistance" in cap  # what is held fixed
    # Default axes: the players whose mixing moves Dushanbe's payoff most.  By hand, from the
    # whole game's equilibrium (protest, stay aloof, crush), largest change over the options:
    #   Public -> acquiesce: under a crackdown the unrest goes, -6 -> -2: 4;
    #   Moscow -> press: -moscow_crisis in every option: 3;
    #   Taliban -> include: stand by -4 -> -1 (refugee_surge + inclusion_gain): 3.
    # So the Public (4) and Moscow (3, before the Taliban's 3 by player order).
    infl = pdata.mixing_influence(nf, 0, [np.asarray(p, dtype=float) for p in base.probabilities])
    assert max(v for (j, _), v in infl.items() if j == 1) == 4.0      # Public
    assert max(v for (j, _), v in infl.items() if j == 2) == 3.0      # Moscow
    assert max(v for (j, _), v in infl.items() if j == 3) == 3.0      # Taliban
    assert [j for j, _ in land.axes] == [1, 2]  # ties broken by player order
    # The caption's share is the share of grid points where the best option reaches -2.
    env = land.values.max(axis=0)
    share = float(np.mean(env >= -2))
    assert 0 < share < 1 and f"reaches the reference on {share:.0%} of the displayed region" in cap
    # With the pre-crisis reference 0 no point of this region reaches it: the claim changes.
    land0 = pdata.landscape_data(nf, "Dushanbe", grid=21, base=base, reference=0, reactions=reactions)
    assert float(np.max(land0.values.max(axis=0))) < 0
    assert "every option is below the reference everywhere in the displayed region" in \
        _landscape_caption(land0, nf, 0, "Dushanbe", True)
    # Each option's star sits at its own reaction equilibrium: covert support -> the public
    # acquiesces and Moscow presses (1, 1); stand by -> protest, aloof (0, 0).
    pts = dict(zip(land.options, land.option_points))
    assert pts["covert support"] == (1.0, 1.0) and pts["stand by"] == (0.0, 0.0)
    assert pts["tolerate volunteers"] == (0.0, 1.0)


def test_legends_do_not_cover_the_data():
    # Every legend of the option chart, the one-axis landscape and the QRE curve lies
    # outside the plotting area (their window extents do not overlap the axes').
    from gametheory import plotting
    from gametheory.plotting import data as pdata
    from gametheory.plotting.style import new_figure
    g = gt.load("games/tajikistan/dushanbe-vs-public.yaml")
    d = quiet(diagnose, g, "Dushanbe", reference="crisis")
    figs = []
    for draw in (lambda ax: plotting.plot_option_chart(pdata.option_chart_data(d), ax=ax),
                 lambda ax: plotting.plot_landscape(pdata.landscape_data(g, "Dushanbe", grid=5), ax=ax),
                 lambda ax: plotting.plot_qre_curve(pdata.qre_curve_data(gt.solve(g.substitute(), method="qre")),
                                                    player="Dushanbe", ax=ax)):
        fig = new_figure((7, 5))
        ax = draw(fig.add_subplot())
        fig.canvas.draw()
        leg = ax.get_legend().get_window_extent()
        box = ax.get_window_extent()
        overlap = min(leg.x1, box.x1) - max(leg.x0, box.x0) > 0 and min(leg.y1, box.y1) - max(leg.y0, box.y0) > 0
        assert not overlap
        figs.append(ax)
    assert figs[2].get_ylabel() == "probability that Dushanbe plays the strategy"
    assert figs[2].get_xlabel().startswith("lambda")


def test_report_refuses_out_of_range_values_before_any_work(tmp_path):
    from gametheory.report.html import build_report
    with pytest.raises(InvalidGameError, match=r"backlash=9 is outside the parameter's documented range \[0, 5\]"):
        build_report("games/tajikistan/dushanbe-vs-moscow.yaml", "Dushanbe", tmp_path, params={"backlash": F(9)})
    assert not (tmp_path / "report.html").exists()


# ---------------------------------------------------------------------- properties
@st.composite
def component_games(draw):
    """A 2-player game whose Row payoffs are the sum of three named component arrays,
    plus a 3-player one (two reacting players), with integer entries."""
    n = draw(st.sampled_from([2, 3]))
    shape = (draw(st.integers(2, 3)),) + tuple(draw(st.integers(2, 3)) for _ in range(n - 1))
    ints = st.integers(-3, 3)
    comps = {c: np.array(draw(st.lists(ints, min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))),
                         dtype=object).reshape(shape) for c in ("a", "b", "c")}
    others = [np.array(draw(st.lists(ints, min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))),
                       dtype=object).reshape(shape) for _ in range(n - 1)]
    return comps, others


def _game_from(comps, others, drop=None):
    from gametheory.game import NormalFormGame
    focal = sum((a for c, a in comps.items() if c != drop), np.zeros(next(iter(comps.values())).shape, dtype=object))
    payoffs = np.array([focal] + others, dtype=object)
    payoffs = np.vectorize(F)(payoffs)
    n = payoffs.shape[0]
    notes = {idx: {"components": {"P0": {c: F(int(a[idx])) for c, a in comps.items() if c != drop}}}
             for idx in np.ndindex(payoffs.shape[1:])}
    return NormalFormGame(payoffs, [f"P{i}" for i in range(n)],
                          [[f"s{k}" for k in range(m)] for m in payoffs.shape[1:]], notes=notes)


@settings(deadline=None)
@given(component_games(), st.booleans())
def test_ablation_margin_equals_a_new_diagnosis_without_the_component(case, profile_reference):
    # The ablation reuses the reaction equilibria; a fresh diagnosis of the game without the
    # component (the others' payoffs unchanged) must give the same margin, against a number
    # and against a profile reference (which loses the component too).
    comps, others = case
    g = _game_from(comps, others)
    ref = ["s0"] * g.n_players if profile_reference else 0
    d = quiet(diagnose, g, "P0", reference=ref, whole_game=False)
    c = construction_check(g, "P0", d, reference=ref)
    for e in c.effects:
        fresh = quiet(diagnose, _game_from(comps, others, drop=e.name), "P0", reference=ref, whole_game=False)
        assert e.margin == fresh.margin, e.name
        assert e.flips == (fresh.zugzwang != d.zugzwang)


@settings(deadline=None)
@given(component_games(), st.integers(-4, 4))
def test_restated_baselines_equal_diagnoses_against_them(case, value):
    comps, others = case
    g = _game_from(comps, others)
    g.metadata["references"] = {"cell": ["s0"] * g.n_players, "level": F(value)}
    d = quiet(diagnose, g, "P0", reference=0, whole_game=False)
    cmp = compare_baselines(g, "P0", d)
    for name, spec in g.metadata["references"].items():
        fresh = quiet(diagnose, g, "P0", reference=spec, whole_game=False)
        v = cmp.verdict(name)
        assert (v.margin, v.zugzwang, v.strong, v.forced_move_cost) == (
            fresh.margin, fresh.zugzwang, fresh.strong, fresh.forced_move_cost)


def test_solve_and_explain_refuse_out_of_range_values_too(tmp_path):
    # aid's documented range in the four-actor model ends at 4: 5 is refused unless allowed
    from click.testing import CliRunner

    from gametheory.cli import main
    path = str(Path(__file__).resolve().parents[1] / "games/tajikistan/four-actors.yaml")
    for cmd in (["solve", path, "-p", "aid=5"], ["explain", path, "-p", "aid=5"]):
        r = CliRunner().invoke(main, cmd)
        assert r.exit_code == 2 and "documented range" in r.output, r.output
    r = CliRunner().invoke(main, ["solve", path, "-p", "aid=5", "--allow-out-of-range", "-f", "json"])
    assert r.exit_code == 0, r.output
