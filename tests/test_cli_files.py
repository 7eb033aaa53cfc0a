"""The show, validate and convert commands (click's runner)."""
from pathlib import Path

import pytest
from click.testing import CliRunner

import gametheory as gt
from gametheory.cli import main

ROOT = Path(__file__).resolve().parents[1]
PD = str(ROOT / "games/classics/prisoners-dilemma.yaml")
TREE = str(ROOT / "games/classics/entry-deterrence.yaml")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_help_lists_every_command_with_one_line_help():
    r = run("--help")
    assert r.exit_code == 0
    for name in ("show", "validate", "convert", "solve", "dominance", "correlated", "zugzwang",
                 "report", "explain", "sweep", "batch"):
        assert f"  {name} " in r.output


def test_show_two_player_matrix_and_tree():
    r = run("show", PD)
    assert r.exit_code == 0
    g = gt.load(PD)
    for s in g.strategies[0] + g.strategies[1]:
        assert s in r.output
    t = run("show", TREE)
    assert t.exit_code == 0 and "->" in t.output


def test_show_n_player_lists_profiles(tmp_path):
    import numpy as np
    g = gt.NormalFormGame(np.arange(24).reshape(3, 2, 2, 2), players=["A", "B", "C"])
    path = tmp_path / "three.nfg"
    gt.save(g, path)
    r = run("show", path)
    assert r.exit_code == 0
    assert "u(A)" in r.output and len([l for l in r.output.splitlines() if l.strip()]) >= 8 + 2


def test_show_param_substitutes_and_header_says_so(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("""format: 1
title: threshold
parameters:
  c: {default: 1, range: [0, 4]}
players:
  - {name: A, strategies: [x, y]}
  - {name: B, strategies: [u]}
payoffs:
  matrix:
    - [["c", 0]]
    - [[1, 0]]
""")
    r = run("show", path, "--param", "c=3")
    assert r.exit_code == 0, r.output
    assert "c=3" in r.output and "3, 0" in r.output
    bad = run("show", path, "--param", "d=3")
    assert bad.exit_code == 2 and "unknown parameter" in bad.output
    bad = run("show", path, "--param", "c")
    assert bad.exit_code == 2 and "name=value" in bad.output


def test_validate_good_bad_and_missing_files(tmp_path):
    assert run("validate", PD, TREE).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nplayers: [A]\npayofs: []\n")
    r = run("validate", PD, bad)
    assert r.exit_code == 2
    assert "bad.yaml" in r.output and "payofs" in r.output and "Traceback" not in r.output
    r = run("validate", tmp_path / "nope.yaml")
    assert r.exit_code == 2 and "nope.yaml" in r.output


def test_validate_warns_about_imperfect_recall_without_failing(tmp_path):
    # The absent-minded driver (Piccione & Rubinstein 1997): one information set
    # holding a node and its descendant.
    g = gt.ExtensiveFormGame.new_tree(["Driver"])
    exit1, cont = g.append_move(0, "Driver", ["exit", "continue"], infoset="junction")
    g.set_outcome(exit1, [0])
    exit2, cont2 = g.append_move(cont, "Driver", infoset="junction")
    g.set_outcome(exit2, [4])
    g.set_outcome(cont2, [1])
    path = tmp_path / "driver.efg"
    gt.save(g, path)
    r = run("validate", path)
    assert r.exit_code == 0 and "imperfect recall" in r.output


def test_convert_round_trips_exactly(tmp_path):
    nfg = tmp_path / "pd.nfg"
    back = tmp_path / "pd.yaml"
    assert run("convert", PD, nfg).exit_code == 0
    assert run("convert", nfg, back).exit_code == 0
    assert gt.load(back) == gt.load(PD)
    efg = tmp_path / "tree.efg"
    assert run("convert", TREE, efg).exit_code == 0
    assert gt.load(efg).to_normal_form() == gt.load(TREE).to_normal_form()


def test_convert_symbolic_to_gambit_uses_parameter_values(tmp_path):
    src = ROOT / "games/tajikistan/dushanbe-vs-moscow.yaml"
    game = gt.load(src)
    assert game.is_symbolic
    out = tmp_path / "dm.nfg"
    r = run("convert", src, out)
    assert r.exit_code == 0, r.output
    assert gt.load(out) == game.substitute()
    name = next(iter(game.parameters))
    r = run("convert", src, out, "--param", f"{name}=7")
    assert r.exit_code == 2 and "already exists; pass --overwrite" in r.output  # kept as it was
    assert gt.load(out) == game.substitute()
    r = run("convert", src, out, "--param", f"{name}=7", "--overwrite")
    assert r.exit_code == 0
    assert gt.load(out) == game.substitute(**{name: 7})


@pytest.mark.parametrize("target", ["x.docx", "x"])
def test_convert_unknown_format_is_a_clear_error(tmp_path, target):
    r = run("convert", PD, tmp_path / target)
    assert r.exit_code == 2 and "unknown file format" in r.output
