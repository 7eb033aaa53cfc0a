"""Reading batch results back (gametheory/batch/table.py), batches over trees and
n-player games (sweeps and `gametheory batch`), and solve_files edges, with answers
worked out by hand."""
from __future__ import annotations

import json
from fractions import Fraction as F

import numpy as np
import pytest
from click.testing import CliRunner

import gametheory
from gametheory import NormalFormGame, save
from gametheory.batch import Table, sweep
from gametheory.cli import main

# Entry deterrence with the incumbent's price-war payoff f as a parameter
# (Osborne 2004, ch. 5).  Backward induction by hand: after In, the incumbent
# acquiesces (1) if f < 1 and fights (f) if f > 1; the challenger then enters
# (2 > 1) or stays out (1 > 0).  SPE payoffs: (2, 1) for f < 1, (1, 2) for f > 1,
# and both at the tie f = 1.
ENTRY = """\
format: 1
title: Entry with a price war worth f
parameters:
  f: 0
players: [Challenger, Incumbent]
tree:
  player: Challenger
  moves:
    - action: Out
      outcome: {payoffs: [1, 2]}
    - action: In
      node:
        player: Incumbent
        moves:
          - action: Acquiesce
            outcome: {payoffs: [2, 1]}
          - action: Fight
            outcome: {payoffs: [0, "f"]}
"""


def spe_payoffs(f):
    if f < 1:
        return {(F(2), F(1))}
    if f > 1:
        return {(F(1), F(2))}
    return {(F(2), F(1)), (F(1), F(2))}


def test_sweep_over_a_tree_written_and_read_back(tmp_path):
    path = tmp_path / "entry.yaml"
    path.write_text(ENTRY)
    out = tmp_path / "entry.jsonl"
    table = sweep(path, grid={"f": "-1:3:5"}, method="spe", exact=True, out=out, executor="serial")
    back = Table.read(out)
    assert len(back) == len(table) == 5
    assert back.to_rows() == table.to_rows()
    fs = [F(v) for v in back.column("f")]          # looked up inside "parameters"
    assert fs == [-1, 0, 1, 2, 3]
    assert back["f"] == back.column("f")
    for f, row in zip(fs, back):
        got = {tuple(F(v) for v in e["payoffs"]) for e in row["equilibria"]}
        assert got == spe_payoffs(f), f
    assert back[0]["point"] == 0 and back.errors() == []
    assert {"point", "parameters", "equilibria"} <= set(back.columns)
    assert back.column("no such column", default="-") == ["-"] * 5
    assert repr(back).startswith("<Table: 5 rows, columns ")


def test_a_torn_last_line_is_not_read(tmp_path):
    out = tmp_path / "r.jsonl"
    out.write_text('{"point": 0, "error": "boom"}\n{"point": 1, "equilibria": []}\n{"point": 2, "equ')
    t = Table.read(out)
    assert [r["point"] for r in t] == [0, 1]
    assert t.errors() == [{"point": 0, "error": "boom"}]


def test_csv_results_are_read_as_text(tmp_path):
    path = tmp_path / "entry.yaml"
    path.write_text(ENTRY)
    out = tmp_path / "entry.csv"
    sweep(path, grid={"f": [0, 2]}, method="spe", exact=True, out=out, executor="serial", collect=False)
    t = Table.read(out)
    assert t["f"] == ["0", "2"] and t["point"] == ["0", "1"]
    for f, row in zip((0, 2), t):
        got = {tuple(F(v) for v in e["payoffs"]) for e in json.loads(row["equilibria"])}
        assert got == spe_payoffs(f)


def test_batch_of_trees_and_three_player_games(tmp_path):
    # A tree (entry deterrence at f = 0: SPE payoffs (2, 1)) and a 3-player game
    # u_i(s) = s_i + 2 (sum of the others' s_j): strategy 1 pays 1 more than
    # strategy 0 whatever the others do (strictly dominant), so the only equilibrium
    # is the pure (1, 1, 1), paying 1 + 2 * 2 = 5 to each.
    d = tmp_path / "games"
    d.mkdir()
    (d / "entry.yaml").write_text(ENTRY)
    s = np.indices((2, 2, 2))
    P = np.stack([s[i] + 2 * (s.sum(axis=0) - s[i]) for i in range(3)])
    save(NormalFormGame(P, ["A", "B", "C"]), d / "three.nfg")
    out = tmp_path / "all.jsonl"
    res = CliRunner().invoke(main, ["batch", str(d), "--out", str(out), "--exact", "--workers", "1", "--quiet"])
    assert res.exit_code == 0, res.output
    rows = {r["file"].rsplit("/", 1)[-1]: r for r in Table.read(out)}
    assert {tuple(F(v) for v in e["payoffs"]) for e in rows["entry.yaml"]["equilibria"]} == spe_payoffs(0)
    three = rows["three.nfg"]["equilibria"]
    assert [e["profile"] for e in three] == [[["0", "1"], ["0", "1"], ["0", "1"]]]
    assert three[0]["payoffs"] == ["5", "5", "5"]
    # the same rows as solving each file alone
    alone = gametheory.solve(gametheory.load(d / "three.nfg"), exact=True).to_json(details=False)
    assert alone["equilibria"] == three


# ---------------------------------------------------------------------- solve_files edges
def _two_files(tmp_path):
    d = tmp_path / "games"
    d.mkdir()
    (d / "entry.yaml").write_text(ENTRY)
    (d / "broken.nfg").write_text('NFG 1 R "x" { "A" "B" } { 2 2 }\n1 2 3\n')
    return d


def test_solve_files_in_memory_one_file_and_errors(tmp_path):
    from gametheory.batch.files import fast_nfg, find_game_files, solve_files
    d = _two_files(tmp_path)
    table, errors = solve_files(d, method="spe", exact=True, executor="serial")
    rows = {r["file"].rsplit("/", 1)[-1]: r for r in table}
    assert {tuple(F(v) for v in e["payoffs"]) for e in rows["entry.yaml"]["equilibria"]} == spe_payoffs(0)
    # The broken file (3 payoffs where 8 are due) is an error row, and the batch goes on.
    assert "error" in rows["broken.nfg"] and [f.rsplit("/", 1)[-1] for f, _ in errors] == ["broken.nfg"]
    assert find_game_files(d / "entry.yaml") == [str(d / "entry.yaml")]          # one file
    assert solve_files(d, executor="serial", collect=False)[0] is None
    # fast_nfg declines what it cannot read exactly, leaving it to the full reader.
    assert fast_nfg('NFG 1 R "t" { "A" "B" } { 1 1 }\n1 x\n') is None
    assert fast_nfg('NFG 1 R "t" { "A" "A" } { 1 1 }\n1 2\n') is None
    assert fast_nfg('NFG 1 R "t" { "A" "B" } { 1 1 }\n1 2\n')[3].tolist() == [[1.0]]


def test_solve_files_refuses_bad_settings(tmp_path):
    import pytest

    from gametheory.batch.files import solve_files
    from gametheory.exceptions import InvalidGameError, UnsupportedGameError
    d = _two_files(tmp_path)
    with pytest.raises(UnsupportedGameError, match="unknown method 'nope'"):
        solve_files(d, method="nope")
    with pytest.raises(InvalidGameError, match="writes JSON lines"):
        solve_files(d, out=tmp_path / "r.csv")
    # A resume whose kept rows are not this run's first files is refused: the same
    # directory and count, but a file renamed so that the order changed.
    out = tmp_path / "r.jsonl"
    solve_files(d, out=out, executor="serial")
    (d / "broken.nfg").rename(d / "zbroken.nfg")
    with pytest.raises(InvalidGameError, match="was not written by this run"):
        solve_files(d, out=out, resume=True, executor="serial")


# ---------------------------------------------------------------------- executors
def _square_or_fail(shared, payload):
    if payload == shared:
        raise ValueError(f"payload {payload} fails")
    return payload * payload


def test_run_chunks_orders_results_and_propagates_errors():
    import pytest

    from gametheory.batch.executors import run_chunks
    from gametheory.exceptions import UnsupportedGameError
    # Results come back in chunk order whatever the executor.
    for executor in ("serial", "process"):
        got = list(run_chunks(_square_or_fail, -1, list(range(7)), executor=executor, workers=2))
        assert got == [(k, k * k) for k in range(7)]
    # A failing chunk in a worker process stops the run with its error.
    with pytest.raises(ValueError, match="payload 3 fails"):
        list(run_chunks(_square_or_fail, 3, list(range(7)), executor="process", workers=2))
    with pytest.raises(UnsupportedGameError, match="unknown executor 'threads'"):
        list(run_chunks(_square_or_fail, 0, [1], executor="threads"))
    with pytest.raises(UnsupportedGameError, match="at least 1"):
        list(run_chunks(_square_or_fail, 0, [1], workers=0))



def test_the_package_sweep_is_still_the_function_after_its_submodule_is_imported():
    import importlib
    importlib.import_module("gametheory.batch.sweep")
    batch = importlib.import_module("gametheory.batch")
    assert callable(batch.sweep)
