"""Command-line options and error paths no other test takes: the report's --sweep,
--axes, --robustness and --grid checks (exit 2 before any work is done), --param
without a name, malformed --grid steps, an output path under a file (the OS error
named in one line), explain with an out-of-range parameter, and ``python -m
gametheory.cli``.  Expected messages follow docs/reference/cli.md and the exit
statuses agreed for the project (0 success, 2 bad input or usage).
"""
from __future__ import annotations

import runpy
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT
from cov_games import row_against_l

from gametheory.cli import main

PD = str(ROOT / "games" / "classics" / "prisoners-dilemma.yaml")

# Col plays L (1 against 0 whatever Row does); Row compares U: c with D: 3.
LINEAR = row_against_l("c", "3")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("options,message", [
    (["--sweep", "a"], "--sweep 'a': expected two parameter names, like c,m"),
    (["--sweep", "a,b,c"], "--sweep 'a,b,c': expected two parameter names"),
    (["--sweep", "a,b", "--axes", "bad"],
     "--axes 'bad': expected PLAYER:STRATEGY[,PLAYER:STRATEGY], like 'Taliban:crush resistance,"),
    (["--axes", ":Quiet"], "--axes ':Quiet': expected PLAYER:STRATEGY"),
    (["--reference", "status-quo", "--axes", "A:x,B:y,C:z"], "--axes 'A:x,B:y,C:z': give one or two axes"),
    (["--sweep", "c,c"], "sweep needs two different parameter names, got ['c', 'c']"),
    (["--sweep", "c,m"], "sweep: the game has no parameter 'c'; it declares none"),
    (["--robustness", "100000000"], "100,000,000 points from --robustness, over the limit points=1,000,000"),
    (["--grid", "100000"], "10,000,000,000 points from --grid"),
])
def test_report_options_are_checked_before_any_work(tmp_path, options, message):
    out = tmp_path / "rep"
    res = run("report", PD, "--player", "1", "--out", out, *options)
    assert res.exit_code == 2, res.output
    assert f"error: {message}" in res.output
    assert not out.exists()  # refused before anything was written


def test_param_without_a_name_and_malformed_grid_steps(tmp_path):
    res = run("solve", PD, "--param", "=3")
    assert res.exit_code == 2 and "--param '=3': missing parameter name" in res.output
    res = run("sweep", PD, "--grid", "c=0:4:x", "--out", tmp_path / "x.jsonl")
    assert res.exit_code == 2
    assert "--grid 'c=0:4:x': steps must be a positive integer, got 'x'" in res.output
    assert not (tmp_path / "x.jsonl").exists()


def test_output_under_a_file_is_an_os_error_in_one_line(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a directory")
    target = blocker / "pd.nfg"
    res = run("convert", PD, target)
    assert res.exit_code == 2
    assert res.output.strip() == f"error: {target}: Not a directory"


def test_explain_with_an_out_of_range_parameter(tmp_path):
    game = tmp_path / "linear.yaml"
    game.write_text(LINEAR, encoding="utf-8")
    res = run("explain", game, "--param", "c=9")
    assert res.exit_code == 2
    assert "--param c=9 is outside the parameter's documented range [0, 4]" in res.output
    res = run("explain", game, "--param", "c=9", "--allow-out-of-range")  # stderr kept apart
    assert res.exit_code == 0, res.output
    assert "note: c=9 is outside its documented range [0, 4] (allowed on request)" in res.stderr
    # At c = 9, U pays 9 against L and D pays 3: the only equilibrium is (U, L), paying (9, 1).
    assert "if Col plays L: U (payoff 9); D gives 3" in res.stdout
    assert "Equilibrium 1: Row plays U; Col plays L." in res.stdout
    assert "Payoffs: Row 9, Col 1." in res.stdout
    assert "Equilibrium 2" not in res.stdout


def test_python_dash_m_runs_the_command_line(monkeypatch, capsys):
    # (--version needs the installed package's metadata; --help does not.)
    monkeypatch.setattr(sys, "argv", ["gametheory", "--help"])
    with pytest.raises(SystemExit) as info:
        runpy.run_module("gametheory.cli", run_name="__main__")
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Usage: ")
    commands = out.split("Commands:", 1)[1].split()
    for name in ("show", "validate", "convert", "solve", "dominance", "correlated", "zugzwang",
                 "report", "explain", "sweep", "batch", "sensitivity", "serve"):
        assert name in commands


def test_unknown_command_is_a_usage_error():
    res = run("nosuch")
    assert res.exit_code == 2 and "No such command 'nosuch'" in res.output


def test_error_lines_for_os_errors_and_long_internal_errors():
    from gametheory.cli.common import error_line
    # An OS error names its file when it has one, else gives the system's words.
    assert error_line(FileNotFoundError(2, "No such file or directory", "in.yaml")) == \
        "in.yaml: No such file or directory"
    assert error_line(OSError(28, "No space left on device")) == "No space left on device"
    # Any other exception is a bug: one line, its text cut to 300 characters.
    line = error_line(RuntimeError("x" * 1000 + "\nsecond line"))
    assert line.startswith("internal error (a bug in gametheory")
    assert "RuntimeError: " + "x" * 283 + "..." in line   # 14 + 283 + 3 = 300 characters
    assert "x" * 284 not in line and "second line" not in line and "\n" not in line
    assert line.endswith("to see where it happened")


@pytest.mark.parametrize("args", [
    ("sweep", PD, "--grid", "x=1e999999999:2:3", "--out", "unused.jsonl"),
    ("zugzwang", str(ROOT / "games" / "tajikistan" / "dushanbe-vs-moscow.yaml"), "--player", "Dushanbe",
     "--reference", "1e999999999"),
])
def test_a_number_too_large_is_refused_as_such(args, tmp_path, monkeypatch):
    # 1e999999999 is a number whose exact value has a billion digits: the message says so
    # (the digits limit), rather than "not a number" or "unknown reference".
    monkeypatch.chdir(tmp_path)
    res = run(*args)
    assert res.exit_code == 2
    assert "exponent 999999999" in res.output and "digits" in res.output
    assert "not a number" not in res.output and "unknown reference" not in res.output
