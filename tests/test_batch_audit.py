"""Outputs and processes of sweeps and batches (issues #16 and #18): bad files become
rows, FIFOs are skipped, per-game time limits, progress without a terminal, refused
runs leave the sidecar alone, CSV cells safe for spreadsheets, numeric columns,
SIGTERM stops the workers and leaves a resumable file."""
from __future__ import annotations

import io
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from gametheory.batch import Table, solve_files, sweep
from gametheory.batch import files as files_module
from gametheory.batch.output import Progress, csv_line, prepare_resume
from gametheory.cli import main
from gametheory.game import NormalFormGame
from gametheory.solvers import solve

ROOT = Path(__file__).resolve().parents[1]
MOSCOW = ROOT / "games" / "tajikistan" / "dushanbe-vs-moscow.yaml"

NFG = 'NFG 1 R "g" { "A" "B" } { 2 2 }\n\n1 1 0 0 0 0 1 1\n'


@pytest.fixture
def two_games(tmp_path):
    d = tmp_path / "games"
    d.mkdir()
    (d / "a.nfg").write_text(NFG)
    (d / "b.nfg").write_text(NFG.replace('"g"', '"h"'))
    return d


def test_fifo_with_a_game_suffix_is_skipped_with_a_note(two_games, tmp_path):
    os.mkfifo(two_games / "x.nfg")
    r = CliRunner().invoke(main, ["batch", str(two_games), "--out", str(tmp_path / "o.jsonl"), "--workers", "1"])
    assert r.exit_code == 0, r.output
    assert "x.nfg is not a regular file" in r.output
    rows = Table.read(tmp_path / "o.jsonl")
    assert [Path(f).name for f in rows["file"]] == ["a.nfg", "b.nfg"]


def test_a_file_that_breaks_the_solver_becomes_an_error_row(two_games, monkeypatch):
    real = files_module._read

    def read(path):
        if path.endswith("a.yaml"):
            raise TypeError("unsupported operand")        # a bug met on one file
        return real(path)
    (two_games / "a.yaml").write_text("irrelevant")
    monkeypatch.setattr(files_module, "_read", read)
    table, failed = solve_files(two_games, executor="serial")
    assert [Path(f).name for f, _ in failed] == ["a.yaml"]
    assert "internal error (TypeError" in table[1]["error"]
    assert "error" not in table[0] and "error" not in table[2]


def test_per_game_timeout_records_a_row_and_moves_on(two_games, monkeypatch):
    real = files_module._read

    def read(path):
        if path.endswith("slow.yaml"):
            time.sleep(30)                                   # interrupted by the limit
        return real(path)
    (two_games / "slow.yaml").write_text("irrelevant")
    monkeypatch.setattr(files_module, "_read", read)
    table, failed = solve_files(two_games, executor="serial", method="pure", timeout=0.3)
    slow = [r for r in table if r["file"].endswith("slow.yaml")]
    assert slow[0]["timeout"] is True and "timed out" in slow[0]["error"]
    assert sum("error" not in r for r in table) == 2


def test_progress_lines_without_a_terminal():
    stream = io.StringIO()                         # not a terminal
    p = Progress(4, 0, unit="file", label="batch", every=0.0, stream=stream)
    p.update(1)
    p.update(3)
    p.close()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "batch: 1/4 files (25%)" and lines[-1] == "batch: 4/4 files (100%)"


def test_cli_batch_prints_progress_to_stderr_when_not_a_terminal(two_games, tmp_path):
    r = CliRunner().invoke(main, ["batch", str(two_games), "--out", str(tmp_path / "o.jsonl"), "--workers", "1"])
    assert "batch: 2/2 files (100%)" in r.output


@pytest.mark.parametrize("command", ["batch", "sweep"])
def test_a_refused_run_leaves_the_sidecar_alone(two_games, tmp_path, command):
    out = tmp_path / "o.jsonl"
    out.write_text('{"index":0}\n')
    side = Path(str(out) + ".meta.json")
    side.write_text('{"run": "the earlier one"}\n')
    args = (["batch", str(two_games)] if command == "batch"
            else ["sweep", str(MOSCOW), "--grid", "backlash=0:4:3"])
    r = CliRunner().invoke(main, args + ["--out", str(out), "--workers", "1"])
    assert r.exit_code == 2 and "already exists" in r.output
    assert side.read_text() == '{"run": "the earlier one"}\n'


def test_csv_cells_that_would_be_formulas_are_escaped():
    line = csv_line(["=HYPERLINK(\"x\")", "+1 month", "-3", "-5/9", "@SUM(A1)", "plain", 2.5])
    assert line == '"\'=HYPERLINK(""x"")",\'+1 month,-3,-5/9,\'@SUM(A1),plain,2.5\n'


def test_solve_csv_escapes_labels_and_sweep_csv_round_trips(tmp_path):
    g = NormalFormGame.from_arrays(np.array([[2, 0], [0, 1]]), np.array([[1, 0], [0, 2]]),
                                   players=["=Row", "Col"], strategies=[["@a", "b"], ["c", "d"]])
    path = tmp_path / "g.yaml"
    from gametheory.io import save
    save(g, path)
    r = CliRunner().invoke(main, ["solve", str(path), "-m", "pure", "-f", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].startswith("method,exact,equilibrium,'=Row:@a,")
    out = tmp_path / "s.csv"
    sweep(MOSCOW, grid={"backlash": "0:4:3"}, out=out, executor="serial", collect=False)
    back = Table.read(out)
    assert back["backlash"] == ["0", "2", "4"]


def test_csv_columns_do_not_collide():
    # A player named "payoff" with a strategy named like the other player: its
    # probability column "payoff:X" would overwrite X's payoff column.
    g = NormalFormGame.from_arrays(np.array([[1, 0], [0, 1]]), np.array([[1, 0], [0, 1]]),
                                   players=["payoff", "X"], strategies=[["X", "Y"], ["a", "b"]])
    rows = solve(g, "pure").to_rows()
    assert rows[0]["p:payoff:X"] == "1" and rows[0]["payoff:X"] == "1" and rows[0]["p:X:a"] == "1"
    assert len(rows[0]) == 3 + 4 + 2


def test_numeric_parameter_columns_and_to_pandas():
    pd = pytest.importorskip("pandas")
    table = sweep(MOSCOW, grid={"backlash": [0, "5/9", 4]}, executor="serial")
    assert table.numeric("backlash") == [0.0, 5 / 9, 4.0]
    frame = table.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert frame["backlash"].dtype.kind == "f" and frame["backlash"].tolist() == [0.0, 5 / 9, 4.0]
    assert math.isnan(Table([{"point": 0, "parameters": {"c": "n/a"}}]).numeric("c")[0])
    assert [r["parameter_values"]["backlash"] for r in table] == [0.0, 5 / 9, 4.0]
    assert table[0]["parameter_values"]["discipline"] == 4.0      # the defaults too


def test_sweep_csv_has_float_parameter_columns(tmp_path):
    out = tmp_path / "s.csv"
    sweep(MOSCOW, grid={"backlash": [0, "5/9"]}, out=out, executor="serial", collect=False)
    rows = Table.read(out).rows
    assert [r["backlash"] for r in rows] == ["0", "5/9"]
    assert [float(r["backlash_float"]) for r in rows] == [0.0, 5 / 9]


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_ctrl_c_stop_the_workers_and_leave_a_resumable_file(tmp_path, sig):
    out = tmp_path / "z.jsonl"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # qre at every point of a fine grid: long enough to be interrupted.
    cmd = [sys.executable, "-m", "gametheory.cli", "sweep", str(MOSCOW), "--grid", "backlash=0:4:4001",
           "--method", "qre", "--out", str(out), "--workers", "2", "--chunk-size", "2", "--quiet"]
    proc = subprocess.Popen(cmd, env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (out.exists() and out.read_text().count("\n") >= 2):
            time.sleep(0.1)
        workers = _children(proc.pid)
        assert workers, "the sweep started no worker processes"
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130 and "--resume" in err, err
    for _ in range(50):
        if not any(_alive(w) for w in workers):
            break
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "worker processes outlived the parent"
    meta = json.loads(Path(str(out) + ".meta.json").read_text())
    done = prepare_resume(out, "jsonl", "point", None, meta)
    assert 2 <= done < 4001


def test_batch_rows_have_numeric_parameter_values(tmp_path):
    # issue 16: parameters in batch rows (not only sweep rows) come as exact text
    # ("5/9") and as floats beside it, and to_pandas() gives float columns.
    pytest.importorskip("pandas")
    from fractions import Fraction

    from gametheory.io import load
    games = tmp_path / "games"
    games.mkdir()
    (games / "moscow.yaml").write_text(MOSCOW.read_text())
    table, errors = solve_files(games, method="pure", executor="serial")
    assert not errors and len(table) == 1
    row = table[0]
    defaults = load(MOSCOW).parameter_values()
    assert row["parameters"] and set(row["parameter_values"]) == set(row["parameters"]) == set(defaults)
    for name, text in row["parameters"].items():
        assert row["parameter_values"][name] == float(Fraction(text)) == float(defaults[name])
    frame = table.to_pandas()
    for name in row["parameters"]:
        assert frame[name].dtype.kind == "f"
    out = tmp_path / "b.jsonl"
    solve_files(games, out=out, method="pure", executor="serial")
    assert Table.read(out)[0]["parameter_values"] == row["parameter_values"]
