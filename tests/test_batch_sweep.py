"""Sweeps: rows equal single solves, bad specifications, determinism, resume after kill -9, Dask."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import warnings
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

import gametheory
from gametheory.batch import Table, sweep
from gametheory.batch.spec import PointSet, parse_distribution, parse_grid
from gametheory.cli import main

# A prisoner's dilemma whose cooperation payoff falls with c and whose mutual
# defection payoff falls with b: for c > 2 (with b = 0) mutual defection stays the
# unique equilibrium (Osborne 2004, An Introduction to Game Theory, sec. 2.2).
DILEMMA = """\
format: 1
title: Parametrised dilemma
parameters:
  c:
    default: 1
    range: [0, 4]
  b: 0
players:
  - name: Row
    strategies: [C, D]
  - name: Col
    strategies: [C, D]
payoffs:
  matrix:
    - [["3 - c", 3], [0, "5 - c"]]
    - [[5, 0], ["1 - b", 1]]
"""

# A 3x3 coordination game with a parameter on the diagonal: degenerate at some
# grid points (ties), generic at others, so both kernel and fallback paths run.
COORD = """\
format: 1
title: Coordination with a bonus
parameters:
  a: 1
players:
  - name: Row
    strategies: [L, M, R]
  - name: Col
    strategies: [L, M, R]
payoffs:
  matrix:
    - [["a", "a"], [0, 1], [0, 0]]
    - [[1, 0], [2, 2], [0, 1]]
    - [[0, 0], [1, 0], ["3 - a", "3 - a"]]
"""


@pytest.fixture
def dilemma(tmp_path) -> Path:
    p = tmp_path / "dilemma.yaml"
    p.write_text(DILEMMA)
    return p


@pytest.fixture
def coord(tmp_path) -> Path:
    p = tmp_path / "coord.yaml"
    p.write_text(COORD)
    return p


def _params(doc):
    return {k: Fraction(v) if isinstance(v, str) else v for k, v in doc["parameters"].items()}


def _single(game, row, exact):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return gametheory.solve(game, "enummixed", exact=exact, params=_params(row)).to_json(details=False)


@pytest.mark.parametrize("exact", [False, True])
def test_grid_rows_equal_single_solves(coord, exact):
    game = gametheory.load(coord)
    table = sweep(game, grid={"a": "0:4:17"}, exact=exact, executor="serial")
    assert len(table) == 17
    assert table.column("point") == list(range(17))
    assert table.column("a") == [str(v).replace(" ", "") for v in
                                 [Fraction(k, 4) for k in range(17)]]
    for row in table:
        doc = dict(row)
        doc.pop("point")
        # The numeric copy of the parameters (issue #16) is the only field added to
        # solve's document: a float of each fraction string.
        assert doc.pop("parameter_values") == {k: float(Fraction(v)) for k, v in doc["parameters"].items()}
        ref = _single(game, row, exact)
        if exact:
            assert doc == ref
        else:
            assert json.dumps({**doc, "equilibria": None}) == json.dumps({**ref, "equilibria": None})
            assert len(doc["equilibria"]) == len(ref["equilibria"])
            for e, f in zip(doc["equilibria"], ref["equilibria"]):
                for p, q in zip(e["profile"] + [e["payoffs"]], f["profile"] + [f["payoffs"]]):
                    assert max(abs(a - b) for a, b in zip(p, q)) <= 1e-9


def test_monte_carlo_rows_equal_single_solves(dilemma):
    game = gametheory.load(dilemma)
    table = sweep(game, sample={"c": "uniform(0, 4)", "b": "choice(0, 1/2, 1)"}, samples=40, seed=5,
                  executor="serial")
    assert len(table) == 40
    assert all(0 <= c <= 4 for c in table.column("c"))
    assert set(table.column("b")) <= {"0", "1/2", "1"}
    for row in table.rows[::7]:
        ref = _single(game, row, False)
        assert row["equilibria"] == ref["equilibria"] or all(
            abs(a - b) <= 1e-9 for e, f in zip(row["equilibria"], ref["equilibria"])
            for a, b in zip(sum(e["profile"], []), sum(f["profile"], [])))
    # The same seed gives the same draws; another seed other draws.
    again = sweep(game, sample={"c": "uniform(0, 4)", "b": "choice(0, 1/2, 1)"}, samples=40, seed=5,
                  executor="serial")
    assert again.rows == table.rows
    other = sweep(game, sample={"c": "uniform(0, 4)"}, samples=40, seed=6, executor="serial")
    assert other.column("c") != table.column("c")
    # The distributions may also be given as samples=, with n_samples= draws.
    alias = sweep(game, samples={"c": "uniform(0, 4)", "b": "choice(0, 1/2, 1)"}, n_samples=40, seed=5,
                  executor="serial")
    assert alias.rows == table.rows


def test_point_set_order_and_distributions():
    ps = PointSet({"x": [1, 2], "y": [10, 20, 30]}, {"z": parse_distribution("z=normal(0,1)")[1]}, 2, seed=1)
    assert len(ps) == 12
    assert [(p["x"], p["y"]) for p in ps.points(0, 12)][::2] == [(1, 10), (1, 20), (1, 30), (2, 10), (2, 20), (2, 30)]
    assert ps.point(0)["z"] == ps.point(2)["z"] != ps.point(1)["z"]   # common random numbers
    assert parse_grid("c=0:1:5") == ("c", [Fraction(0), Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), Fraction(1)])
    assert parse_grid("c = 1, 2/3") == ("c", [Fraction(1), Fraction(2, 3)])
    name, tri = parse_distribution("k=triangular(0, 1, 3)")
    import numpy as np
    draws = tri.draw(np.random.default_rng(0), 2000)
    assert name == "k" and 0 <= min(draws) and max(draws) <= 3 and abs(np.mean(draws) - 4 / 3) < 0.05


@pytest.mark.parametrize("args, needle", [
    (["--grid", "c=1:2"], "lo:hi:steps"),
    (["--grid", "c=a:b:3"], "not a number"),
    (["--grid", "c=1:2:0"], "positive integer"),
    (["--grid", "c=2:1:3"], "below the lower end"),
    (["--grid", "nope=0:1:3"], "no parameter 'nope'"),
    (["--grid", "c=__import__('os')"], "not a number"),
    (["--sample", "c=gamma(1,2)", "--samples", "3"], "unknown distribution"),
    (["--sample", "c=uniform(2,1)", "--samples", "3"], "a < b"),
    (["--sample", "c=uniform(0,1)"], "--samples"),
    (["--samples", "5"], "--sample"),
    ([], "nothing to sweep"),
    (["--grid", "c=0:1:3", "--zugzwang"], "--player"),
])
def test_bad_specifications_exit_2(dilemma, tmp_path, args, needle):
    res = CliRunner().invoke(main, ["sweep", str(dilemma), "--out", str(tmp_path / "r.jsonl"), *args])
    assert res.exit_code == 2, res.output
    assert needle in res.output


def test_missing_game_file_exits_2(tmp_path):
    res = CliRunner().invoke(main, ["sweep", str(tmp_path / "none.yaml"), "--grid", "c=0:1:2",
                                    "--out", str(tmp_path / "r.jsonl")])
    assert res.exit_code == 2 and "none.yaml" in res.output


def test_csv_output_one_row_per_point(dilemma, tmp_path):
    out = tmp_path / "r.csv"
    res = CliRunner().invoke(main, ["sweep", str(dilemma), "--grid", "c=0:4:5", "--grid", "b=0,1",
                                    "--out", str(out), "--workers", "1"])
    assert res.exit_code == 0, res.output
    rows = Table.read(out).rows
    assert [r["point"] for r in rows] == [str(k) for k in range(10)]
    assert [(r["c"], r["b"]) for r in rows[:3]] == [("0", "0"), ("0", "1"), ("1", "0")]
    first = json.loads(rows[0]["equilibria"])
    assert int(rows[0]["n_equilibria"]) == len(first)
    meta = json.loads((tmp_path / "r.csv.meta.json").read_text())
    assert meta["finished"] and meta["gametheory"] == gametheory.__version__
    assert meta["run"]["grid"] == {"c": ["0", "1", "2", "3", "4"], "b": ["0", "1"]}


def test_zugzwang_rows(dilemma):
    from gametheory.analysis.zugzwang import diagnose
    game = gametheory.load(dilemma)
    table = sweep(game, grid={"c": "0:4:3"}, zugzwang=True, player="Row", exact=False,
                  executor="serial")
    for row in table:
        # Float sweeps carry the stacked engine's summary; it agrees with the one-point diagnosis.
        ref = diagnose(game, "Row", params=_params(row), conditions=False, exact=False)
        z = row["zugzwang"]
        assert z["zugzwang"] == ref.zugzwang and z["best_option"] == ref.best_option
        assert z["margin"] == pytest.approx(float(ref.margin), rel=1e-12, abs=1e-12)
        for o, r in zip(z["options"], ref.options):
            assert o["option"] == r.option and o["worst"] == pytest.approx(float(r.worst), abs=1e-12)
            assert o["reaction_high"] == pytest.approx(max(r.reaction_payoffs), abs=1e-12)
    full = sweep(game, grid={"c": "0:4:3"}, zugzwang=True, player="Row", exact=False, executor="serial",
                 zugzwang_options={"full": True})
    assert full[1]["zugzwang"] == diagnose(game, "Row", params=_params(full[1]), conditions=False,
                                           exact=False).to_json()
    exact = sweep(game, grid={"c": "0:4:3"}, zugzwang=True, player="Row", exact=True, executor="serial")
    assert exact[2]["zugzwang"] == diagnose(game, "Row", params={"c": 4}, conditions=False, exact=True).to_json()
    # The CSV form: verdict, margin and best option as columns, the whole diagnosis as JSON.
    out = dilemma.parent / "z.csv"
    res = CliRunner().invoke(main, ["sweep", str(dilemma), "--grid", "c=0:4:3", "--zugzwang", "--player", "Row",
                                    "--out", str(out), "--workers", "1", "--float"])
    assert res.exit_code == 0, res.output
    for row, ref in zip(Table.read(out), table):
        assert row["zugzwang"] == str(ref["zugzwang"]["zugzwang"])
        assert row["best_option"] == ref["zugzwang"]["best_option"]
        assert json.loads(row["diagnosis"]) == ref["zugzwang"]


def _run_cli(args, **kw):
    return subprocess.run([sys.executable, "-m", "gametheory.cli", *args], capture_output=True, text=True,
                          timeout=120, **kw)


def test_local_processes_serial_and_dask_are_byte_identical(coord, tmp_path):
    distributed = pytest.importorskip("distributed")
    game = gametheory.load(coord)
    spec = dict(grid={"a": "0:4:9"}, sample={}, samples=None, seed=3, collect=False, chunk_size=4)
    sweep(game, out=tmp_path / "serial.jsonl", executor="serial", **spec)
    sweep(game, out=tmp_path / "procs.jsonl", executor="process", workers=2, **spec)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        sweep(game, out=tmp_path / "dask.jsonl", client=client, **spec)
    ref = (tmp_path / "serial.jsonl").read_bytes()
    assert ref.count(b"\n") == 9
    assert (tmp_path / "procs.jsonl").read_bytes() == ref
    assert (tmp_path / "dask.jsonl").read_bytes() == ref


def test_resume_after_kill_9(dilemma, tmp_path):
    """A real SIGKILL of a running sweep, then --resume: the same bytes as an uninterrupted run."""
    # Exact pure equilibria are solved point by point (a few ms each): slow enough to be killed.
    args = ["sweep", str(dilemma), "--grid", "c=0:4:161", "--grid", "b=0:1:5", "--method", "pure", "--exact",
            "--chunk-size", "4", "--workers", "1", "--quiet"]
    full = tmp_path / "full.jsonl"
    assert _run_cli(args + ["--out", str(full)]).returncode == 0
    expected = full.read_bytes()
    assert expected.count(b"\n") == 805

    out = tmp_path / "killed.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "gametheory.cli", *args, "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        if out.exists() and out.read_bytes().count(b"\n") >= 40:
            break
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = out.read_bytes()
    assert 40 <= partial.count(b"\n") < 805, "the sweep finished before it could be killed"
    # Simulate the worst case too: a torn last line.
    with open(out, "ab") as fh:
        fh.write(b'{"point":99999,"gam')
    assert not json.loads((tmp_path / "killed.jsonl.meta.json").read_text())["finished"]
    res = _run_cli(args + ["--out", str(out), "--resume"])
    assert res.returncode == 0, res.stderr
    got = out.read_bytes()
    assert got == expected
    ids = [json.loads(line)["point"] for line in got.splitlines()]
    assert ids == list(range(805))
    assert json.loads((tmp_path / "killed.jsonl.meta.json").read_text())["finished"]


def test_resume_refuses_another_runs_file(dilemma, tmp_path):
    out = tmp_path / "r.jsonl"
    runner = CliRunner()
    assert runner.invoke(main, ["sweep", str(dilemma), "--grid", "c=0:4:5", "--out", str(out),
                                "--workers", "1"]).exit_code == 0
    res = runner.invoke(main, ["sweep", str(dilemma), "--grid", "c=0:4:7", "--out", str(out), "--resume"])
    assert res.exit_code == 2 and "another run" in res.output


def test_resume_csv_after_truncation(dilemma, tmp_path):
    out = tmp_path / "r.csv"
    args = ["sweep", str(dilemma), "--grid", "c=0:4:21", "--out", str(out), "--workers", "1",
            "--chunk-size", "5"]
    runner = CliRunner()
    assert runner.invoke(main, args).exit_code == 0
    expected = out.read_bytes()
    cut = expected.index(b"\n14,") + 9                  # inside row 14
    out.write_bytes(expected[:cut])
    assert runner.invoke(main, args + ["--resume"]).exit_code == 0
    assert out.read_bytes() == expected


def test_points_that_cannot_be_solved_get_an_error_row(tmp_path):
    # 1/c is undefined at c = 0: that point's row says so, the others are solved.
    p = tmp_path / "inverse.yaml"
    p.write_text(DILEMMA.replace('"3 - c"', '"3 - 1/c"'))
    table = sweep(gametheory.load(p), grid={"c": "0:2:3"}, executor="serial")
    assert "error" in table[0] and "equilibria" not in table[0]
    assert table[0]["parameters"]["c"] == "0"
    assert [len(r["equilibria"]) for r in table.rows[1:]] == [
        len(_single(gametheory.load(p), r, False)["equilibria"]) for r in table.rows[1:]]
    assert len(table.errors()) == 1


def test_cli_dask_local_cluster_matches_local_run(dilemma, tmp_path):
    pytest.importorskip("distributed")
    args = ["sweep", str(dilemma), "--grid", "c=0:4:21", "--chunk-size", "5", "-q"]
    local = _run_cli(args + ["--out", str(tmp_path / "local.jsonl"), "--workers", "2"])
    dask = _run_cli(args + ["--out", str(tmp_path / "dask.jsonl"), "--dask", "--workers", "1"])
    assert local.returncode == 0 and dask.returncode == 0, dask.stderr
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()


# A three-player volunteer's dilemma: each volunteer pays c, everyone gains 1 if someone
# volunteers (Diekmann 1985, "Volunteer's dilemma", J. Conflict Resolution 29).  With
# 0 < c < 1 its pure equilibria are the three profiles with exactly one volunteer.
VOLUNTEER = """\
format: 1
title: Volunteer's dilemma
parameters:
  c: "1/2"
players:
  - name: A
    strategies: [V, N]
  - name: B
    strategies: [V, N]
  - name: C
    strategies: [V, N]
payoffs:
""" + "".join(
    f"  - profile: [{a}, {b}, {c}]\n    payoffs: [{', '.join(repr(v) for v in pay)}]\n"
    for a, b, c, pay in [
        (a, b, c, ["1 - c" if s == "V" else ("1" if "V" in (a, b, c) else "0") for s in (a, b, c)])
        for a in "VN" for b in "VN" for c in "VN"])


def test_pure_sweep_of_a_three_player_game_equals_single_solves(tmp_path):
    p = tmp_path / "volunteer.yaml"
    p.write_text(VOLUNTEER)
    game = gametheory.load(p)
    table = sweep(game, grid={"c": "-1:2:13"}, method="pure", exact=False, executor="serial")
    for row in table:
        params = _params(row)
        ref = gametheory.solve(game, "pure", exact=False, params=params).to_json(details=False)
        assert {k: v for k, v in row.items() if k not in ("point", "parameter_values")} == ref
        if 0 < params["c"] < 1:
            assert sorted(tuple(map(tuple, e["profile"])) for e in row["equilibria"]) == sorted(
                [((1.0, 0.0), (0.0, 1.0), (0.0, 1.0)), ((0.0, 1.0), (1.0, 0.0), (0.0, 1.0)),
                 ((0.0, 1.0), (0.0, 1.0), (1.0, 0.0))])


def test_an_existing_results_file_is_never_overwritten_by_accident(dilemma, tmp_path):
    out = tmp_path / "r.jsonl"
    runner = CliRunner()
    args = ["sweep", str(dilemma), "--grid", "c=0:4:5", "--out", str(out), "--quiet"]
    assert runner.invoke(main, args).exit_code == 0
    before = out.read_bytes()
    res = runner.invoke(main, ["sweep", str(dilemma), "--grid", "c=0:4:3", "--out", str(out), "--quiet"])
    assert res.exit_code == 2 and "--overwrite" in res.output and "--resume" in res.output
    assert out.read_bytes() == before
    assert runner.invoke(main, args[:-1] + ["--overwrite", "--quiet"]).exit_code == 0
    assert out.read_bytes() == before
