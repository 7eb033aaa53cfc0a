"""``gametheory dominance`` and ``correlated`` (gametheory/cli/analysis.py), and ``show --solution``
and ``validate`` on several files (gametheory/cli/files.py).

Expected answers are worked out by hand next to each test.
"""
from __future__ import annotations

import json
from fractions import Fraction as F

import numpy as np
from click.testing import CliRunner

from gametheory import ExtensiveFormGame, NormalFormGame, save
from gametheory.cli import main

from conftest import ROOT

PD = str(ROOT / "games" / "classics" / "prisoners-dilemma.yaml")


def run(*args):
    return CliRunner().invoke(main, list(args))


def aumann_chicken(tmp_path):
    # Aumann (1974): (C, C) = (6, 6), (C, D) = (2, 7), (D, C) = (7, 2), (D, D) = (0, 0).
    g = NormalFormGame.from_arrays(np.array([[6, 2], [7, 0]]), np.array([[6, 7], [2, 0]]),
                                   players=["Ann", "Bob"], strategies=[["C", "D"], ["C", "D"]])
    return str(save(g, tmp_path / "chicken.nfg"))


def entry_tree(tmp_path):
    """Entry deterrence as a tree file: out -> (0, 2); in, fight -> (-1, -1);
    in, accommodate -> (1, 1)."""
    tree = ExtensiveFormGame.new_tree(["Entrant", "Incumbent"])
    out, enter = tree.append_move(0, "Entrant", ["out", "in"])
    tree.set_outcome(out, [0, 2])
    fight, acc = tree.append_move(enter, "Incumbent", ["fight", "accommodate"])
    tree.set_outcome(fight, [-1, -1])
    tree.set_outcome(acc, [1, 1])
    return str(save(tree, tmp_path / "entry.efg"))


def test_dominance_prisoners_dilemma_table_and_json():
    # Fink pays more than Quiet against either choice of the other suspect, so
    # Quiet goes for both in round 1 and (Fink, Fink) survives.
    res = run("dominance", PD)
    assert res.exit_code == 0, res.output
    assert "round 1: Suspect 1's Quiet is strictly dominated by Fink" in res.output
    assert "round 1: Suspect 2's Quiet is strictly dominated by Fink" in res.output
    res = run("dominance", PD, "--json")
    doc = json.loads(res.output)
    assert doc["kind"] == "strict" and doc["exact"] is True
    assert [(s["round"], s["player"], s["strategy"]) for s in doc["steps"]] == [
        (1, "Suspect 1", "Quiet"), (1, "Suspect 2", "Quiet")]
    assert doc["surviving"] == {"Suspect 1": ["Fink"], "Suspect 2": ["Fink"]}


def test_dominance_weak_float_and_a_tree(tmp_path):
    # Row's B ties with T against l and is worse against r: weakly, not strictly,
    # dominated.  Then Column's r is strictly worse than l against T (1 < 2).
    g = NormalFormGame.from_arrays(np.array([[1, 1], [1, 0]]), np.array([[2, 1], [0, 0]]),
                                   players=["Row", "Col"], strategies=[["T", "B"], ["l", "r"]])
    path = str(save(g, tmp_path / "weak.nfg"))
    strict = json.loads(run("dominance", path, "--json").output)
    assert strict["steps"] == []
    weak = json.loads(run("dominance", path, "--weak", "--float", "--json").output)
    assert weak["kind"] == "weak" and weak["exact"] is False
    assert weak["surviving"] == {"Row": ["T"], "Col": ["l"]}
    # A tree goes through its reduced normal form: entry deterrence, where the
    # entrant's "out" is not dominated but the incumbent's "fight" is weakly
    # dominated by "accommodate" (equal if out, worse if in).
    tpath = entry_tree(tmp_path)
    doc = json.loads(run("dominance", tpath, "--weak", "--json").output)
    assert doc["surviving"] == {"Entrant": ["in"], "Incumbent": ["accommodate"]}


def test_correlated_table_and_json(tmp_path):
    # Welfare-maximising correlated equilibrium of Aumann's chicken: maximise
    # 12 p(CC) + 9 p(CD) + 9 p(DC) subject to 2 p(CD) >= p(CC), 2 p(DC) >= p(CC)
    # (told C, following it pays) and p(DC) >= 2 p(DD), p(CD) >= 2 p(DD) (told D):
    # welfare 9 + 3 p(CC) with p(CC) <= 1/2, so (1/2, 1/4, 1/4, 0), 21/4 each.
    path = aumann_chicken(tmp_path)
    res = run("correlated", path)
    assert res.exit_code == 0, res.output
    assert "correlated equilibrium maximising max welfare (exact)" in res.output
    assert "C / C: 1/2" in res.output and "payoffs: Ann=21/4, Bob=21/4" in res.output
    doc = json.loads(run("correlated", path, "--json").output)
    assert doc["kind"] == "correlated" and doc["exact"] is True and doc["objective"] == "max welfare"
    dist = {tuple(d["profile"]): F(d["probability"]) for d in doc["distribution"]}
    assert dist == {("C", "C"): F(1, 2), ("C", "D"): F(1, 4), ("D", "C"): F(1, 4)}
    assert doc["payoffs"] == ["21/4", "21/4"]


def test_correlated_options(tmp_path):
    path = aumann_chicken(tmp_path)
    # Minimising Ann's payoff: the pure equilibrium (C, D) gives her 2, and no
    # (coarse) correlated equilibrium gives her less than her maxmin value,
    # max_x min(6x + 7(1 - x), 2x) = 2 (at x = 1).
    doc = json.loads(run("correlated", path, "--objective", "Ann", "--minimize", "--json").output)
    assert doc["objective"] == "min Ann's payoff" and doc["payoffs"][0] == "2"
    # Coarse correlated equilibria form a larger set: welfare at least 21/2.
    doc = json.loads(run("correlated", path, "--coarse", "--float", "--json").output)
    assert doc["kind"] == "coarse" and doc["exact"] is False
    assert sum(doc["payoffs"]) >= 10.5 - 1e-9
    res = run("correlated", path, "--objective", "Nobody")
    assert res.exit_code == 2 and "Nobody" in res.output


def test_correlated_on_a_tree_uses_its_reduced_normal_form(tmp_path):
    # Entry deterrence (above): welfare 2 at (out, *), 2 at (in, accommodate),
    # -2 at (in, fight): the maximum welfare is 2.
    doc = json.loads(run("correlated", entry_tree(tmp_path), "--json").output)
    assert sum(F(v) for v in doc["payoffs"]) == 2


# ---------------------------------------------------------------------- show and validate
def test_show_marks_the_spe_of_a_tree(tmp_path):
    # Backward induction by hand on entry_tree: accommodate (1 > -1), then in (1 > 0).
    res = run("show", entry_tree(tmp_path), "--solution", "spe")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert any(line.strip().startswith("*in:") for line in lines)
    assert any(line.strip().startswith("*accommodate:") for line in lines)
    assert not any(line.strip().startswith(("*out:", "*fight:")) for line in lines)
    assert "(* marks the actions of spe equilibrium #1 of 1)" in res.output


def test_validate_reports_each_file_and_exits_2(tmp_path):
    good = entry_tree(tmp_path)
    res = run("validate", str(tmp_path / "missing.yaml"), good)
    assert res.exit_code == 2
    assert f"ok: {good}" in res.output
    assert "missing.yaml" in res.output and "1 of 2 file(s) have problems" in res.output


def test_dominance_by_a_mix_only_weakly(tmp_path):
    # Row's C = (1, 1, 0) against Column's l, m, r; A = (2, 0, 1), B = (0, 2, 1).
    # Neither A nor B beats C everywhere; the mix xA + (1 - x)B does weakly iff
    # 2x >= 1 and 2(1 - x) >= 1, so only x = 1/2, giving (1, 1, 1): equal on l and m,
    # better on r.  Not strictly dominated, so the strict run removes nothing.
    g = NormalFormGame.from_arrays(np.array([[2, 0, 1], [0, 2, 1], [1, 1, 0]]), np.zeros((3, 3), dtype=int),
                                   players=["Row", "Col"], strategies=[["A", "B", "C"], ["l", "m", "r"]])
    path = str(save(g, tmp_path / "mix.nfg"))
    strict = run("dominance", path)
    assert strict.exit_code == 0 and "no strategy is dominated" in strict.output
    weak = run("dominance", path, "--weak")
    assert "round 1: Row's C is weakly dominated by the mix" in weak.output
    doc = json.loads(run("dominance", path, "--weak", "--json").output)
    assert [s["dominator"] for s in doc["steps"]] == [{"A": "1/2", "B": "1/2"}]
    assert doc["surviving"] == {"Row": ["A", "B"], "Col": ["l", "m", "r"]}
    fl = json.loads(run("dominance", path, "--weak", "--float", "--json").output)
    (step,) = fl["steps"]
    assert step["strategy"] == "C" and all(abs(float(p) - 0.5) < 1e-9 for p in step["dominator"].values())
