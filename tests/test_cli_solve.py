"""Tests for ``gametheory solve`` (gametheory.cli.solve)."""
from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from click.testing import CliRunner

from gametheory import NormalFormGame, save
from gametheory.cli import main

ENTRY_EFG = '''EFG 2 R "Entry deterrence" { "Entrant" "Incumbent" }
""
p "" 1 1 "" { "Out" "In" } 0
t "" 1 "Out" { 0 2 }
p "" 2 1 "" { "Fight" "Accommodate" } 0
t "" 2 "F" { -1 -1 }
t "" 3 "A" { 1 1 }
'''


@pytest.fixture
def bos(tmp_path):
    # Battle of the sexes (Osborne & Rubinstein 1994, ex. 15.3).
    g = NormalFormGame.from_arrays(np.array([[2, 0], [0, 1]]), np.array([[1, 0], [0, 2]]),
                                   players=["Ann", "Bob"],
                                   strategies=[["Opera", "Fight"], ["Opera", "Fight"]],
                                   title="Battle of the sexes")
    path = tmp_path / "bos.nfg"
    save(g, path)
    return path


def run(*args):
    result = CliRunner().invoke(main, ["solve", *map(str, args)])
    return result


def test_table_auto_says_method(bos):
    r = run(bos)
    assert r.exit_code == 0, r.output
    assert "method: enummixed (chosen by auto)" in r.output
    assert "3 equilibria" in r.output
    assert "Ann: Opera=2/3, Fight=1/3" in r.output


def test_json_exact_matches_issue_format(bos):
    r = run(bos, "--format", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["method"] == "enummixed" and doc["exact"] is True and doc["game"] == "Battle of the sexes"
    assert {"profile": [["2/3", "1/3"], ["1/3", "2/3"]],
            "labels": {"Ann": {"Opera": "2/3", "Fight": "1/3"}, "Bob": {"Opera": "1/3", "Fight": "2/3"}},
            "payoffs": ["2/3", "2/3"], "exact": True} in doc["equilibria"]
    assert len(doc["components"]) == 3


def test_json_float_gives_numbers(bos):
    doc = json.loads(run(bos, "--float", "--format", "json", "--method", "lh").output)
    assert doc["exact"] is False and doc["method"] == "lh"
    for eq in doc["equilibria"]:
        assert all(isinstance(v, float) for p in eq["profile"] for v in p)


def test_csv_rows(bos):
    r = run(bos, "-f", "csv", "-m", "pure")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert len(rows) == 2
    assert rows[0]["Ann:Opera"] == "1" and rows[0]["payoff:Bob"] == "1"
    assert rows[1]["Bob:Fight"] == "1" and rows[1]["payoff:Bob"] == "2"


def test_degenerate_warning_printed(tmp_path):
    path = tmp_path / "entry.efg"
    path.write_text(ENTRY_EFG)
    r = run(path, "--method", "enummixed")
    assert r.exit_code == 0, r.output
    assert "warning: the game is degenerate" in r.output
    assert "component: equilibria #1, #2" in r.output


def test_tree_json_uses_behaviour_profiles(tmp_path):
    path = tmp_path / "entry.efg"
    path.write_text(ENTRY_EFG)
    r = run(path, "--format", "json", "--method", "spe")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["method"] == "spe"
    # [player][information set][action]: Entrant enters, Incumbent accommodates.
    assert [eq["profile"] for eq in doc["equilibria"]] == [[[["0", "1"]], [["0", "1"]]]]


def test_missing_method_module_exits_2(bos):
    import dataclasses

    from gametheory.solvers import registry
    original = registry.get("simpdiv")
    registry.register(dataclasses.replace(original, nfg=registry.Form("gametheory.solvers.not_written_yet:f")),
                      replace=True)
    try:
        r = run(bos, "--method", "simpdiv")
    finally:
        registry.register(original, replace=True)
    assert r.exit_code == 2
    assert "not available" in r.output and "Traceback" not in r.output


def test_bad_inputs_exit_2(bos, tmp_path):
    r = run(tmp_path / "missing.nfg")
    assert r.exit_code == 2 and "error:" in r.output
    bad = tmp_path / "bad.nfg"
    bad.write_text("NFG 1 R \"x\" { \"a\" \"b\" } { 2 2 }\n1 2 3\n")
    r = run(bad)
    assert r.exit_code == 2 and "error:" in r.output
    r = run(bos, "--param", "nonsense")
    assert r.exit_code == 2
    r = run(bos, "--method", "seqform")  # a tree method on a normal-form game
    assert r.exit_code == 2 and "tree" in r.output
