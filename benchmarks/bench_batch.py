"""Batch speed, side by side on the same inputs: gametheory vs pygambit (and nashpy).

1. **Arrays**: all equilibria of N random 3x3 games (payoffs uniform on [0, 1],
   seed 0), every tool starting from the same numpy arrays in one process:
   gametheory's stacked kernel ``bimatrix_batch`` plus ``solve(game, "enummixed")``
   for every game the kernel flags; pygambit ``Game.from_arrays`` +
   ``nash.enummixed_solve(rational=False)`` per game; nashpy
   ``Game(A, B).support_enumeration()`` per game on a subset (timed per game and
   scaled, as said in the output).
2. **Files**: a directory of F small ``.nfg`` files (random integer 3x3 games,
   seed 1), every tool starting from the files: ``gametheory batch DIR --out x.jsonl
   --float --workers W`` (floating point, like ``rational=False``; the default is
   each game's own kind, exact for files) as a whole process (start-up included) against one Python process
   that imports pygambit, reads every file and solves it with
   ``enummixed_solve(rational=False)`` (start-up included).  ``--workers 1`` is the
   like-for-like row (one core each); a second row uses every core and says how many.

Both parts compare the equilibria themselves, game by game: the set of equilibrium
profiles of each game (each probability rounded to 6 decimals) must be the same
for gametheory and pygambit; the number of games where they differ is reported
(and nashpy's, against pygambit, in part 1).  Times are one run each (wall clock,
``time.perf_counter``), BLAS threads limited to one.

Usage::

    python benchmarks/bench_batch.py            # 10,000 games, 10,000 files (a few minutes)
    python benchmarks/bench_batch.py --quick    # 2,000 games, 2,000 files (under a minute)
    python benchmarks/bench_batch.py --no-write # print only
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import markdown_table, write_section  # noqa: E402


def key(profiles) -> tuple:
    """A game's equilibria as a sorted tuple of rounded profiles (comparable across tools)."""
    return tuple(sorted(tuple(round(float(v), 6) + 0.0 for p in prof for v in p) for prof in profiles))


def bench_arrays(n_games: int, nashpy_subset: int, seed: int = 0) -> dict:
    from gametheory import NormalFormGame, solve
    from gametheory.batch.kernel import bimatrix_batch

    rng = np.random.default_rng(seed)
    A, B = rng.random((n_games, 3, 3)), rng.random((n_games, 3, 3))
    # Warm-up (imports and first calls), as the peers are imported before their timing.
    bimatrix_batch(A[:2], B[:2])
    solve(NormalFormGame.from_arrays(A[0], B[0]), "enummixed", exact=False)

    t = time.perf_counter()
    res = bimatrix_batch(A, B)
    ours = {g: res.of(g) for g in range(n_games)}
    for g in np.flatnonzero(res.flagged):          # the per-game path for flagged games
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours[g] = [e.probabilities for e in
                       solve(NormalFormGame.from_arrays(A[g], B[g]), "enummixed", exact=False)]
    ours_s = time.perf_counter() - t

    import pygambit as gbt
    t = time.perf_counter()
    theirs = []
    for g in range(n_games):
        game = gbt.Game.from_arrays(A[g], B[g])
        theirs.append([[[float(eq[s]) for s in p.strategies] for p in game.players]
                       for eq in gbt.nash.enummixed_solve(game, rational=False).equilibria])
    gambit_s = time.perf_counter() - t

    import nashpy
    j = min(nashpy_subset, n_games)
    t = time.perf_counter()
    nash = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for g in range(j):
            nash.append(list(nashpy.Game(A[g], B[g]).support_enumeration()))
    nash_per_game = (time.perf_counter() - t) / j

    differ = sum(key(ours[g]) != key(theirs[g]) for g in range(n_games))
    nash_differ = sum(key(nash[g]) != key(theirs[g]) for g in range(j))
    return {"games": n_games, "ours_s": ours_s, "gambit_s": gambit_s, "nashpy_per_game_s": nash_per_game,
            "nashpy_subset": j, "flagged": int(res.flagged.sum()), "differ": differ,
            "nashpy_differ": nash_differ, "equilibria": sum(len(v) for v in theirs)}


def _write_files(d: str, n_files: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    for k in range(n_files):
        A, B = rng.integers(-1000, 1000, (3, 3)), rng.integers(-1000, 1000, (3, 3))
        flat = []
        for c in range(3):
            for r in range(3):
                flat += [int(A[r, c]), int(B[r, c])]
        with open(os.path.join(d, f"g{k:06d}.nfg"), "w") as fh:
            fh.write(f'NFG 1 R "game {k}" {{ "Row" "Column" }} {{ 3 3 }}\n\n' + " ".join(map(str, flat)) + "\n")


GAMBIT_SCRIPT = r"""
import json, os, sys
import pygambit as gbt
d, out = sys.argv[1], sys.argv[2]
with open(out, "w") as fh:
    for f in sorted(os.listdir(d)):
        g = gbt.read_nfg(os.path.join(d, f))
        eqs = gbt.nash.enummixed_solve(g, rational=False).equilibria
        fh.write(json.dumps({"file": f, "equilibria": [[[float(e[s]) for s in p.strategies]
                                                        for p in g.players] for e in eqs]}) + "\n")
"""


def _run(cmd: list[str]) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    dt = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed: {proc.stderr[-2000:]}")
    return dt


def _by_file(path: str, profile) -> dict:
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out[os.path.basename(row["file"])] = key(profile(e) for e in row["equilibria"])
    return out


def bench_files(n_files: int) -> dict:
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as d:
        games = os.path.join(d, "games")
        os.mkdir(games)
        _write_files(games, n_files)
        theirs_out = os.path.join(d, "gambit.jsonl")
        gambit_s = _run([sys.executable, "-c", GAMBIT_SCRIPT, games, theirs_out])
        theirs = _by_file(theirs_out, lambda e: e)
        rows = []
        for workers in sorted({1, cores}):
            out = os.path.join(d, f"ours{workers}.jsonl")
            ours_s = _run([sys.executable, "-m", "gametheory.cli", "batch", games, "--out", out, "--quiet", "--float",
                           "--workers", str(workers)])
            ours = _by_file(out, lambda e: e["profile"])
            differ = sum(ours.get(f) != v for f, v in theirs.items()) + len(set(ours) - set(theirs))
            rows.append({"workers": workers, "ours_s": ours_s, "differ": differ})
    return {"files": n_files, "gambit_s": gambit_s, "rows": rows, "cores": cores,
            "equilibria": sum(len(v) for v in theirs.values())}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes (under a minute)")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args(argv)
    n_games, n_files = (2_000, 2_000) if args.quick else (10_000, 10_000)
    nashpy_subset = 200 if args.quick else 1_000

    r = bench_arrays(n_games, nashpy_subset)
    per = lambda s, n: f"{s / n * 1e6:,.0f} us/game"  # noqa: E731
    table1 = markdown_table(
        ["tool (one process, one core)", "input", "games", "time", "per game", "pygambit / tool",
         "games whose equilibria differ from pygambit's"],
        [["gametheory `bimatrix_batch` (+ `solve` for flagged games)", "arrays", r["games"],
          f"{r['ours_s']:.3f} s", per(r["ours_s"], r["games"]), f"{r['gambit_s'] / r['ours_s']:.0f}x",
          f"{r['differ']} ({r['flagged']} flagged)"],
         ["pygambit `enummixed_solve(rational=False)`", "arrays", r["games"], f"{r['gambit_s']:.2f} s",
          per(r["gambit_s"], r["games"]), "1x", "-"],
         ["nashpy `support_enumeration`", "arrays", f"{r['nashpy_subset']} (scaled)",
          f"{r['nashpy_per_game_s'] * r['games']:.1f} s", per(r["nashpy_per_game_s"], 1),
          f"{r['gambit_s'] / (r['nashpy_per_game_s'] * r['games']):.2f}x",
          f"{r['nashpy_differ']} of {r['nashpy_subset']}"]])
    print(table1, flush=True)
    f = bench_files(n_files)
    rows2 = [[f"gametheory `batch --float --workers {x['workers']}`", x["workers"], f"{x['ours_s']:.2f} s",
              f"{f['gambit_s'] / x['ours_s']:.2f}x", x["differ"]] for x in f["rows"]]
    rows2.append(["pygambit: read_nfg + `enummixed_solve(rational=False)`, one process", 1,
                  f"{f['gambit_s']:.2f} s", "1x", "-"])
    table2 = markdown_table(["tool (whole process, start-up included)", "cores", "time", "pygambit / tool",
                             "files whose equilibria differ from pygambit's"], rows2)
    print(table2, flush=True)
    body = "\n".join([
        "## Batch analysis (`benchmarks/bench_batch.py`)",
        "",
        f"**All equilibria of {r['games']:,} random 3x3 games** (payoffs uniform on [0, 1], seed 0; "
        f"{r['equilibria']:,} equilibria in all), every tool starting from the same numpy arrays, in "
        "one process on one core.  Equilibria compared game by game: each game's set of profiles "
        "(probabilities rounded to 6 decimals) against pygambit's.  nashpy is timed on the first "
        f"{r['nashpy_subset']} games and scaled.",
        "",
        table1,
        "",
        f"**{f['files']:,} small .nfg files** (random integer 3x3 games, seed 1; {f['equilibria']:,} "
        "equilibria), every tool starting from the files, as whole processes (Python start-up, imports, "
        "reading, solving and writing results included).  The like-for-like row is one core each "
        f"(`--workers 1`); the other uses every core of the machine ({f['cores']}).  Equilibria compared "
        "file by file as above.",
        "",
        table2,
        "",
        "The machine is shared with other jobs, so absolute times vary between runs; the ratios come "
        "from one run with every tool timed side by side.",
    ])
    print(body)
    if not args.no_write:
        write_section(__file__, body, argv=argv)


if __name__ == "__main__":
    main()
