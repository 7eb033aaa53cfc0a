"""``gametheory sweep``: payoffs with min/max/abs/exp/log evaluated over a grid, the
output file's format from its extension, output into a new directory, and
``--resume`` refusing files that this run did not write.  Expected answers are
worked out by hand next to each test.
"""
from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from cov_games import number, row_against_l

from gametheory.cli import main

# Col's L pays 1 and R pays 0 whatever Row does, so Col plays L; Row then compares
#   U: max(c, 2) + |c - 3| + min(c, 0)  c = 0..4 -> 5, 4, 3, 3, 5
#   D: 2 log(1 + c) + exp(c / 2)    c = 0..4 -> 1, 3.04, 4.91, 7.25, 10.6
# and plays U for c = 0, 1 and D for c = 2, 3, 4 (never a tie).
FUNCTIONS = row_against_l("max(c, 2) + abs(c - 3) + min(c, 0)", "2*log(1 + c) + exp(c/2)")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def game_file(tmp_path):
    path = tmp_path / "functions.yaml"
    path.write_text(FUNCTIONS, encoding="utf-8")
    return path


def by_hand(c):
    u = max(c, 2) + abs(c - 3)
    d = 2 * math.log(1 + c) + math.exp(c / 2)
    return ("U", u) if u > d else ("D", d)


def test_sweep_evaluates_min_max_abs_exp_log_at_every_point(tmp_path):
    out = tmp_path / "new" / "dir" / "sweep.jsonl"  # the directories are created
    res = run("sweep", game_file(tmp_path), "--grid", "c=0:4:5", "--out", out, "-q", "--workers", "1")
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["point"] for r in rows] == [0, 1, 2, 3, 4]
    for c, row in zip(range(5), rows):
        assert row["parameter_values"] == {"c": float(c)}
        assert len(row["equilibria"]) == 1
        eq = row["equilibria"][0]
        choice, payoff = by_hand(c)
        assert {k: number(v) for k, v in eq["labels"]["Col"].items()} == {"L": 1.0, "R": 0.0}
        assert number(eq["labels"]["Row"][choice]) == 1.0
        assert math.isclose(number(eq["payoffs"][0]), payoff, rel_tol=1e-9)
        assert number(eq["payoffs"][1]) == 1.0
    assert [by_hand(c)[0] for c in range(5)] == ["U", "U", "D", "D", "D"]


def test_sweep_output_format_comes_from_the_extension(tmp_path):
    res = run("sweep", game_file(tmp_path), "--grid", "c=0:4:5", "--out", tmp_path / "x.txt", "-q")
    assert res.exit_code == 2
    assert "unknown output format '.txt'; expected .jsonl or .csv" in res.output
    res = run("sweep", game_file(tmp_path), "--grid", "c=0:4:5", "--out", tmp_path / "noext", "-q")
    assert res.exit_code == 2 and "'(no extension)'" in res.output
    assert not (tmp_path / "x.txt").exists() and not (tmp_path / "noext").exists()


def test_resume_refuses_a_csv_with_another_header(tmp_path):
    g = game_file(tmp_path)
    out = tmp_path / "s.csv"
    args = ("sweep", g, "--grid", "c=0:4:5", "--out", out, "-q", "--workers", "1")
    assert run(*args).exit_code == 0
    with out.open(newline="") as fh:
        table = list(csv.reader(fh))
    assert len(table) == 6 and table[0][0] == "point"  # a header and 5 points
    # Someone edits the header: resuming would mix two layouts, so it is refused.
    lines = out.read_text().splitlines(keepends=True)
    out.write_text(lines[0].replace("point", "pt", 1) + "".join(lines[1:3]))
    res = run(*args, "--resume")
    assert res.exit_code == 2
    assert f"--resume: {out} has another header than this run's" in res.output


def test_resume_refuses_rows_out_of_order(tmp_path):
    g = game_file(tmp_path)
    out = tmp_path / "s.jsonl"
    args = ("sweep", g, "--grid", "c=0:4:5", "--out", out, "-q", "--workers", "1")
    assert run(*args).exit_code == 0
    rows = out.read_text().splitlines()
    # Keep points 1 and 2 only: the first row kept has point 1 where the run expects 0.
    out.write_text("\n".join(rows[1:3]) + "\n")
    res = run(*args, "--resume")
    assert res.exit_code == 2
    assert f"--resume: {out} row 1 has point 1, expected 0" in res.output
    # A row without a point number is "(none)".
    out.write_text('{"x": 1}\n')
    res = run(*args, "--resume")
    assert res.exit_code == 2 and "row 1 has point (none), expected 0" in res.output


def test_resume_of_an_empty_or_missing_file_starts_from_the_first_point(tmp_path):
    g = game_file(tmp_path)
    out = tmp_path / "s.csv"
    args = ("sweep", g, "--grid", "c=0:4:5", "--out", out, "-q", "--workers", "1")
    assert run(*args).exit_code == 0
    for damage in ("empty", "missing"):  # the run died before writing its header, or at once
        if damage == "empty":
            out.write_text("")
        else:
            out.unlink()
        res = run(*args, "--resume")
        assert res.exit_code == 0, res.output
        with out.open(newline="") as fh:
            table = list(csv.DictReader(fh))
        assert [int(r["point"]) for r in table] == [0, 1, 2, 3, 4]


# Row: U pays log(x) against L, D pays -1; every R cell pays 0; Col's L pays 1 and R 0,
# so Col plays L.  At x = 0 log(x) is not a real number: that point is an error row,
# the others are solved.  Against the reference 0 the margin is max(log x, -1):
# 0 at x = 1 (not a zugzwang: the margin must be negative), log 2 at x = 2.
LOG = row_against_l("log(x)", "-1", param="x")


def _log_game(tmp_path):
    path = tmp_path / "log.yaml"
    path.write_text(LOG, encoding="utf-8")
    return path


def test_zugzwang_sweep_reports_a_failed_point_and_goes_on(tmp_path):
    out = tmp_path / "z.jsonl"
    res = run("sweep", _log_game(tmp_path), "--grid", "x=0:2:3", "--zugzwang", "--player", "Row",
              "--out", out, "-q", "--workers", "1")
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["point"] for r in rows] == [0, 1, 2]
    assert "log(x) is not a real number" in rows[0]["error"]
    assert "log(x) is not a real number" in rows[0]["zugzwang"]["error"]
    for row, x in zip(rows[1:], (1, 2)):
        z = row["zugzwang"]
        assert z["zugzwang"] is False and z["best_option"] == "U"
        assert math.isclose(number(z["margin"]), math.log(x), abs_tol=1e-12)
        options = {o["option"]: o for o in z["options"]}
        # D pays -1 against L and 0 against R: worst -1, best 0.
        assert (number(options["D"]["worst"]), number(options["D"]["best"])) == (-1.0, 0.0)
        assert number(row["equilibria"][0]["labels"]["Row"]["U"]) == 1.0


# Regression: the place was Python reprs ('payoffs(np.int64(0), ...)', "{'x': Fraction(0, 1)}").
def test_payoff_evaluation_error_names_the_cell_readably(tmp_path):
    res = run("solve", _log_game(tmp_path), "--param", "x=0")
    assert res.exit_code == 2
    assert "log(x) is not a real number" in res.output
    assert "np.int64" not in res.output and "Fraction(" not in res.output
    # Row's payoff against (U, L) is log(x): the cell and the point as the user wrote them.
    assert "payoff of Row at (U, L)" in res.output and "at x=0" in res.output


def test_batch_reads_escaped_titles_and_reports_a_failing_file(tmp_path):
    # esc.nfg: a prisoner's dilemma (payoffs in Gambit's order, first player fastest:
    # (1,1) = 3,3; (2,1) = 5,0; (1,2) = 0,5; (2,2) = 1,1) whose title has escaped quotes:
    # strategy 2 dominates for both, so (2, 2) paying (1, 1) is the only equilibrium.
    # inf.nfg: a payoff of 10^400 cannot be a float: that file fails, the run goes on.
    games = tmp_path / "games"
    games.mkdir()
    (games / "esc.nfg").write_text('NFG 1 R "say \\"hi\\"" { "Row" "Col" } { 2 2 }\n3 3 5 0 0 5 1 1\n')
    (games / "inf.nfg").write_text('NFG 1 R "big" { "Row" "Col" } { 2 2 }\n1e400 0 0 0 0 0 0 0\n')
    out = tmp_path / "b.jsonl"
    res = run("batch", games, "--out", out, "-q", "--workers", "1")
    assert res.exit_code == 2
    assert "1 file(s) failed:" in res.output and "inf.nfg: a payoff with about 400 digits" in res.output
    rows = {Path(r["file"]).name: r for r in map(json.loads, out.read_text().splitlines())}
    esc = rows["esc.nfg"]
    assert esc["game"] == 'say "hi"'
    assert [[[number(p) for p in mix] for mix in eq["profile"]] for eq in esc["equilibria"]] == \
        [[[0.0, 1.0], [0.0, 1.0]]]
    assert [number(v) for v in esc["equilibria"][0]["payoffs"]] == [1.0, 1.0]
    assert "does not fit a floating-point number" in rows["inf.nfg"]["error"]
