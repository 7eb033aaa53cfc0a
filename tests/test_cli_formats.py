"""``--format csv`` on every command that prints results (issue 12, "one interface grammar").

For each command the CSV must parse with :class:`csv.DictReader` (one header row) and
agree, value for value, with the command's own ``--format json`` on the same game.  The
JSON documents are tested elsewhere against hand-derived answers (test_cli.py,
test_dominance.py, test_correlated.py, test_zugzwang*.py, test_sensitivity.py); here each
command also gets one value checked by hand, derived in a comment.
"""
from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

import pytest
from click.testing import CliRunner
from test_sensitivity import ONE_LEVER

from gametheory.cli import main

PD = "games/classics/prisoners-dilemma.yaml"
PENNIES = "games/classics/matching-pennies.yaml"

# ONE_LEVER (test_sensitivity.py), by hand: after A Column plays a (r + 1 > 0), after B
# it plays b (r > 0), for every r in [0, 3].  Row's reaction payoffs are p - 1 (A) and
# -2 - q (B); since p - 1 >= -1 > -2 - q, the margin is exactly p - 1 and the zugzwang
# holds iff p < 1.

# Row's M pays 1 against both columns; T pays (3, 0), B pays (0, 3).  Neither T nor B
# dominates M, but the mix p*T + (1-p)*B pays (3p, 3 - 3p) > (1, 1) for p in (1/3, 2/3):
# M is strictly dominated by a mix, never by a pure strategy.
MIXED_DOMINANCE = """\
format: 1
title: dominated by a mix
players:
  - {name: Row, strategies: [T, M, B]}
  - {name: Column, strategies: [L, R]}
payoffs:
  - {profile: [T, L], payoffs: [3, 0]}
  - {profile: [T, R], payoffs: [0, 0]}
  - {profile: [M, L], payoffs: [1, 0]}
  - {profile: [M, R], payoffs: [1, 0]}
  - {profile: [B, L], payoffs: [0, 0]}
  - {profile: [B, R], payoffs: [3, 0]}
"""


def run(*args) -> str:
    res = CliRunner().invoke(main, [str(a) for a in args])
    assert res.exit_code == 0, res.output
    return res.stdout          # progress and warnings go to stderr


def both(*args):
    """``(rows, header, doc)``: the CSV rows and header, and the JSON document, of one command."""
    reader = csv.DictReader(io.StringIO(run(*args, "--format", "csv")))
    rows = list(reader)
    return rows, reader.fieldnames, json.loads(run(*args, "--format", "json"))


def cell(value) -> str:
    """A JSON value as the CSV writes it (csv module: str(), None empty)."""
    return "" if value is None else str(value)


def test_solve_csv_matches_json():
    rows, header, doc = both("solve", PENNIES)
    assert len(rows) == len(doc["equilibria"]) == 1
    assert header[:3] == ["method", "exact", "equilibrium"]
    for row, eq in zip(rows, doc["equilibria"]):
        for player, mix in eq["labels"].items():
            for strategy, p in mix.items():
                assert row[f"{player}:{strategy}"] == cell(p)
        for player, v in zip(doc["players"], eq["payoffs"]):
            assert row[f"payoff:{player}"] == cell(v)
    # By hand: matching pennies' only equilibrium mixes 1/2-1/2 for both, value 0.
    assert rows[0]["Matcher:Heads"] == "1/2" and rows[0]["payoff:Matcher"] == "0"


def test_methods_csv_one_row_per_method_and_form():
    rows, header, docs = both("methods")
    assert header == ["method", "form", "min_players", "max_players", "finds", "complete", "approximate",
                      "auto", "options", "help"]
    expected = [(d["name"], form) for d in docs for form in d["forms"]]
    assert [(r["method"], r["form"]) for r in rows] == expected
    by_key = {(r["method"], r["form"]): r for r in rows}
    for d in docs:
        for form, spec in d["forms"].items():
            r = by_key[d["name"], form]
            assert (r["finds"], r["complete"], r["approximate"], r["help"]) == \
                (d["finds"], cell(d["complete"]), cell(d["approximate"]), d["help"])
            assert (r["min_players"], r["max_players"]) == tuple(cell(v) for v in spec["players"])
            assert r["auto"] == "; ".join(d["auto"])
            names = [item.split("=", 1)[0] for item in r["options"].split("; ")] if r["options"] else []
            assert names == [o["name"] for o in spec["options"]]
    # By hand: Lemke-Howson and the zero-sum LP are two-player methods on a matrix.
    for name in ("lh", "lp"):
        assert (by_key[name, "nfg"]["min_players"], by_key[name, "nfg"]["max_players"]) == ("2", "2")


@pytest.mark.parametrize("weak", [False, True])
def test_dominance_csv_matches_json(weak):
    flags = ["--weak"] if weak else []
    rows, header, doc = both("dominance", PD, *flags)
    assert header == ["round", "player", "strategy", "kind", "dominated_by"]
    assert len(rows) == len(doc["steps"])
    for row, step in zip(rows, doc["steps"]):
        assert (row["round"], row["player"], row["strategy"], row["kind"]) == \
            (cell(step["round"]), step["player"], step["strategy"], step["kind"])
        assert row["dominated_by"] == next(iter(step["dominator"]))
    # By hand: Fink beats Quiet against either move (3 > 2 and 1 > 0) for each suspect, so
    # round 1 removes both Quiets, dominated by Fink, and nothing is left to remove.
    assert [(r["round"], r["player"], r["strategy"], r["dominated_by"]) for r in rows] == \
        [("1", "Suspect 1", "Quiet", "Fink"), ("1", "Suspect 2", "Quiet", "Fink")]


def test_dominance_csv_writes_a_mix(tmp_path):
    path = tmp_path / "mix.yaml"
    path.write_text(MIXED_DOMINANCE, encoding="utf-8")
    rows, _, doc = both("dominance", path)
    (row,) = [r for r in rows if r["player"] == "Row"]
    (step,) = [s for s in doc["steps"] if s["player"] == "Row"]
    mix = dict(term.split("*", 1)[::-1] for term in row["dominated_by"].split(" + "))
    assert mix == step["dominator"]
    # By hand (see MIXED_DOMINANCE): M is dominated by p*T + (1-p)*B with 1/3 < p < 2/3.
    assert row["strategy"] == "M" and set(mix) == {"T", "B"}
    p = Fraction(mix["T"])
    assert Fraction(1, 3) < p < Fraction(2, 3) and p + Fraction(mix["B"]) == 1


def test_dominance_csv_with_no_step_has_a_header():
    rows, header, doc = both("dominance", PENNIES)
    # By hand: in matching pennies each strategy is a best response to something.
    assert rows == [] and doc["steps"] == []
    assert header == ["round", "player", "strategy", "kind", "dominated_by"]


@pytest.mark.parametrize("mode", ["--exact", "--float"])
def test_correlated_csv_matches_json(mode):
    rows, header, doc = both("correlated", PENNIES, mode)
    assert header == ["kind", "objective", "Matcher", "Mismatcher", "probability"]
    assert len(rows) == len(doc["distribution"])
    for row, d in zip(rows, doc["distribution"]):
        assert [row["Matcher"], row["Mismatcher"]] == d["profile"]
        assert row["probability"] == cell(d["probability"])
        assert (row["kind"], row["objective"]) == (doc["kind"], doc["objective"])
    # By hand: matching pennies' only correlated equilibrium is the product of the 1/2-1/2
    # mixes (a correlation device cannot help in a zero-sum game with a unique equilibrium):
    # each of the four profiles has probability 1/4.
    assert sorted((r["Matcher"], r["Mismatcher"]) for r in rows) == \
        [("Heads", "Heads"), ("Heads", "Tails"), ("Tails", "Heads"), ("Tails", "Tails")]
    if mode == "--exact":
        assert {r["probability"] for r in rows} == {"1/4"}
    else:
        assert all(float(r["probability"]) == pytest.approx(0.25) for r in rows)


@pytest.mark.parametrize("mode", ["--exact", "--float"])
def test_zugzwang_csv_matches_json(mode):
    rows, header, doc = both("zugzwang", PENNIES, "--player", "Matcher", "--reference", "1", mode)
    assert header[:9] == ["option", "worst", "best", "lowest_equilibrium_payoff", "highest_equilibrium_payoff",
                          "regret", "equilibria", "method", "complete"]
    assert [r["option"] for r in rows] == [o["option"] for o in doc["options"]]
    convert = Fraction if mode == "--exact" else float
    for row, o in zip(rows, doc["options"]):
        for key in ("worst", "best", "regret", "method", "complete"):
            assert row[key] == cell(o[key]), key
        pays = [convert(v) for v in o["reaction_payoffs"]]
        assert row["equilibria"] == str(len(pays))
        assert convert(row["lowest_equilibrium_payoff"]) == min(pays)
        assert convert(row["highest_equilibrium_payoff"]) == max(pays)
        for key in ("player", "reference", "reference_label", "zugzwang", "margin", "best_option", "strong",
                    "security_value", "forced_move_cost"):
            assert row[key] == cell(doc[key]), key
    # By hand: once the Matcher commits to Heads (Tails) the Mismatcher plays Tails (Heads)
    # and the Matcher gets -1 either way; against the reference 1 both options are bad:
    # zugzwang, with margin -1 - 1 = -2.
    assert {convert(r["lowest_equilibrium_payoff"]) for r in rows} == {-1}
    assert {(r["zugzwang"], convert(r["margin"])) for r in rows} == {("True", -2)}


def test_sensitivity_csv_matches_json(tmp_path):
    path = tmp_path / "lever.yaml"
    path.write_text(ONE_LEVER, encoding="utf-8")
    rows, header, doc = both("sensitivity", path, "--player", "Row", "--samples", "200", "--seed", "3",
                             "--workers", "1")
    tornado = doc["tornado"]["parameters"]
    assert [r["parameter"] for r in rows] == [t["parameter"] for t in tornado]
    for row, t in zip(rows, tornado):
        for key in ("low", "high", "value", "margin_at_low", "margin_at_high"):
            assert row[key] == cell(t[key]), key
    for out in ("margin", "verdict"):
        for d in doc[f"sobol_{out}"]["indices"]:
            (row,) = [r for r in rows if r["parameter"] == d["parameter"]]
            for key in ("S1", "ST"):
                for tail in ("", "_conf"):
                    assert row[f"{key}_{out}{tail}"] == cell(d[key + tail])
    prob = doc["probability"]
    assert {(r["probability"], r["probability_low"], r["probability_high"], r["base_margin"]) for r in rows} == \
        {(cell(prob["share"]), cell(prob["interval"][0]), cell(prob["interval"][1]),
          cell(doc["tornado"]["base_margin"]))}
    # By hand (ONE_LEVER): the margin is p - 1, so p swings it most, from -1 at p = 0 to 1
    # at p = 2; q and r leave it at 1/2 - 1 = -1/2.
    assert rows[0]["parameter"] == "p"
    assert (float(rows[0]["margin_at_low"]), float(rows[0]["margin_at_high"])) == (-1.0, 1.0)
    assert {float(r["margin_at_low"]) for r in rows[1:]} == {-0.5}


def test_csv_cells_are_escaped_against_formulas(tmp_path):
    # A strategy label starting with "=" would be a formula in a spreadsheet: written "'=...".
    path = tmp_path / "formula.yaml"
    path.write_text(MIXED_DOMINANCE.replace("[T, M, B]", "[T, '=M', B]").replace("[M, ", "['=M', "),
                    encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run("dominance", path, "--format", "csv"))))
    assert [r["strategy"] for r in rows if r["player"] == "Row"] == ["'=M"]
