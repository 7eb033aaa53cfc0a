"""`gametheory batch`: every file solved as `solve --format json` would, bad files listed, resume."""
from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
from click.testing import CliRunner

import gametheory
from gametheory.batch import solve_files
from gametheory.batch.files import fast_nfg, find_game_files
from gametheory.cli import main

# Battle of the sexes (Osborne & Rubinstein 1994, Example 15.3) in Gambit's payoff version:
# equilibria (U, L), (D, R) and ((2/3, 1/3), (1/3, 2/3)).
BOS_NFG = 'NFG 1 R "Battle of the sexes" { "Her" "Him" } { 2 2 }\n\n2 1 0 0 0 0 1 2\n'
# Matching pennies with labels (outcome version): unique equilibrium (1/2, 1/2).
PENNIES_NFG = """NFG 1 R "Pennies" { "A" "B" } { { "H" "T" } { "H" "T" } }
""
{ { "" 1, -1 } { "" -1, 1 } }
1 2 2 1
"""
PD_YAML = """\
format: 1
title: Prisoner's dilemma
players:
  - name: Row
    strategies: [Cooperate, Defect]
  - name: Column
    strategies: [Cooperate, Defect]
payoffs:
  matrix:
    - [[3, 3], [0, 5]]
    - [[5, 0], [1, 1]]
"""


def _nfg_text(A, B, title="g"):
    m, n = A.shape
    flat = []
    for c in range(n):
        for r in range(m):
            flat += [A[r, c], B[r, c]]
    return f'NFG 1 R "{title}" {{ "P1" "P2" }} {{ {m} {n} }}\n\n' + " ".join(map(str, flat)) + "\n"


@pytest.fixture
def games_dir(tmp_path):
    d = tmp_path / "games"
    (d / "sub").mkdir(parents=True)
    (d / "bos.nfg").write_text(BOS_NFG)
    (d / "pennies.nfg").write_text(PENNIES_NFG)
    (d / "sub" / "pd.yaml").write_text(PD_YAML)
    (d / "broken.nfg").write_text('NFG 1 R "x" { "A" "B" } { 2 2 }\n1 2 3\n')
    (d / "broken.yaml").write_text("format: 1\nplayers: [\n")
    (d / "notes.txt").write_text("not a game")
    rng = np.random.default_rng(3)
    for k in range(12):
        A, B = rng.integers(-9, 10, (3, 3)), rng.integers(-9, 10, (3, 3))
        (d / f"r{k:02d}.nfg").write_text(_nfg_text(A, B, f"random {k}"))
    return d


def _reference(path, exact):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return gametheory.solve(gametheory.load(path), "auto", exact=exact).to_json(details=False)


@pytest.mark.parametrize("exact", [False, True])
def test_rows_equal_solve_json_and_bad_files_do_not_stop(games_dir, exact):
    table, errors = solve_files(games_dir, method="auto", exact=exact, executor="serial")
    files = find_game_files(games_dir)
    assert len(files) == 17 and not any(f.endswith(".txt") for f in files)
    assert [r["file"] for r in table] == files
    assert sorted(p.rsplit("/", 1)[1] for p, _ in errors) == ["broken.nfg", "broken.yaml"]
    for row in table:
        if row["file"].endswith(("broken.nfg", "broken.yaml")):
            assert "error" in row and "equilibria" not in row
            continue
        ref = _reference(row["file"], exact)
        doc = {k: v for k, v in row.items() if k not in ("index", "file")}
        if exact:
            assert doc == ref
        else:
            assert {**doc, "equilibria": None} == {**ref, "equilibria": None}
            for e, f in zip(doc["equilibria"], ref["equilibria"], strict=True):
                assert np.allclose(sum(e["profile"], []), sum(f["profile"], []), atol=1e-9)
    bos = next(r for r in table if r["file"].endswith("bos.nfg"))
    assert len(bos["equilibria"]) == 3


def test_cli_lists_failed_files_and_exits_2(games_dir, tmp_path):
    out = tmp_path / "all.jsonl"
    res = CliRunner().invoke(main, ["batch", str(games_dir), "--out", str(out), "--workers", "2",
                                    "--chunk-size", "4"])
    assert res.exit_code == 2
    assert "2 file(s) failed" in res.output
    assert "broken.nfg" in res.output and "broken.yaml" in res.output
    lines = out.read_text().splitlines()
    assert len(lines) == 17
    assert all("file" in json.loads(line) for line in lines)
    serial = tmp_path / "serial.jsonl"
    CliRunner().invoke(main, ["batch", str(games_dir), "--out", str(serial), "--workers", "1"])
    assert serial.read_bytes() == out.read_bytes()


def test_glob_and_no_match(games_dir, tmp_path):
    table, errors = solve_files(str(games_dir / "*.nfg"), executor="serial")
    assert len(table) == 15 and len(errors) == 1
    res = CliRunner().invoke(main, ["batch", str(tmp_path / "nothing*.nfg"), "--out", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 2 and "no game files" in res.output


def test_resume_after_torn_write(games_dir, tmp_path):
    out = tmp_path / "r.jsonl"
    args = ["batch", str(games_dir), "--out", str(out), "--workers", "1", "--chunk-size", "3", "-q"]
    CliRunner().invoke(main, args)
    expected = out.read_bytes()
    cut = len(b"".join(expected.splitlines(keepends=True)[:7])) + 25
    out.write_bytes(expected[:cut])
    res = CliRunner().invoke(main, args + ["--resume"])
    assert res.exit_code == 2            # the two bad files are still listed
    assert "broken.nfg" in res.output and "broken.yaml" in res.output
    assert out.read_bytes() == expected


def test_fast_nfg_reader_matches_the_full_reader(tmp_path):
    rng = np.random.default_rng(11)
    for k in range(20):
        m, n = rng.integers(1, 5, 2)
        A = rng.integers(-50, 50, (m, n))
        B = np.round(rng.normal(size=(m, n)), 3)
        p = tmp_path / f"g{k}.nfg"
        p.write_text(_nfg_text(A, B, f"game {k}"))
        title, players, shape, FA, FB = fast_nfg(p.read_text())
        game = gametheory.load(p)
        assert (title, players, shape) == (game.title, game.players, game.shape)
        assert np.array_equal(FA, game.float_payoffs()[0]) and np.array_equal(FB, game.float_payoffs()[1])
    # Anything unusual goes to the full reader.
    assert fast_nfg(PENNIES_NFG) is None
    assert fast_nfg('NFG 1 R "x" { "A" "B" "C" } { 1 1 1 }\n1 2 3\n') is None
    assert fast_nfg('NFG 1 R "x" { "A" "B" } { 1 1 }\n1/2 3\n') is None
    assert fast_nfg('NFG 1 R "x" { "A" "B" } { 1 1 }\n1 2 3\n') is None
