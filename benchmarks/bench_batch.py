"""Batch speed, side by side: gametheory vs nashpy vs pygambit.

1. All equilibria of N random 3x3 games (uniform payoffs): gametheory's stacked
   kernel (with the exact per-game fallback for flagged games, so nothing is
   missed), nashpy's support enumeration per game, pygambit's enummixed per game
   (floating point).  Every tool's equilibrium count is checked against
   pygambit's.
2. A directory of F small .nfg files: ``gametheory batch DIR --out x.jsonl`` as a
   whole process (start-up included) against one Python process that imports
   pygambit, reads every file and solves it with enummixed.

Run ``python benchmarks/bench_batch.py`` (10,000 games, 20,000 files; a few
minutes on 2 cores) or ``--quick`` (2,000 games, 4,000 files; under a minute).
Slow peers are timed on a subset and reported per game, which is said in the
output.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np


def bench_games(n_games: int, nashpy_subset: int, gambit_subset: int, seed: int = 0) -> dict:
    from gametheory import NormalFormGame, solve
    from gametheory.batch.kernel import bimatrix_batch

    rng = np.random.default_rng(seed)
    A, B = rng.random((n_games, 3, 3)), rng.random((n_games, 3, 3))
    # Warm-up (imports and first calls), as the peers are imported before their timing.
    bimatrix_batch(A[:2], B[:2])
    solve(NormalFormGame.from_arrays(A[0], B[0]), "enummixed", exact=False)

    t = time.perf_counter()
    res = bimatrix_batch(A, B)
    counts = res.counts()
    for g in np.flatnonzero(res.flagged):          # the exact path for flagged games
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            counts[g] = len(solve(NormalFormGame.from_arrays(A[g], B[g]), "enummixed", exact=False))
    ours = time.perf_counter() - t

    import pygambit as gbt
    k = min(gambit_subset, n_games)
    t = time.perf_counter()
    gcounts = []
    for g in range(k):
        game = gbt.Game.from_arrays(A[g], B[g])
        gcounts.append(len(gbt.nash.enummixed_solve(game, rational=False).equilibria))
    gambit = (time.perf_counter() - t) / k

    import nashpy
    j = min(nashpy_subset, n_games)
    t = time.perf_counter()
    ncounts = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for g in range(j):
            ncounts.append(sum(1 for _ in nashpy.Game(A[g], B[g]).support_enumeration()))
    nash = (time.perf_counter() - t) / j

    return {
        "games": n_games, "ours_s": ours, "ours_per_game_us": ours / n_games * 1e6,
        "flagged": int(res.flagged.sum()),
        "gambit_per_game_us": gambit * 1e6, "gambit_subset": k,
        "nashpy_per_game_us": nash * 1e6, "nashpy_subset": j,
        "speedup_vs_gambit": gambit * n_games / ours, "speedup_vs_nashpy": nash * n_games / ours,
        "ours_equals_gambit": bool(np.array_equal(counts[:k], gcounts)),
        "nashpy_equals_gambit": sum(a == b for a, b in zip(ncounts, gcounts[:j])), "total_eq": int(counts.sum()),
    }


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
import os, sys, time
t0 = time.perf_counter()
import pygambit as gbt
t1 = time.perf_counter()
d = sys.argv[1]
n = 0
for f in sorted(os.listdir(d)):
    g = gbt.read_nfg(os.path.join(d, f))
    n += len(gbt.nash.enummixed_solve(g, rational=False).equilibria)
t2 = time.perf_counter()
print(n, t1 - t0, t2 - t1)
"""


def bench_files(n_files: int) -> dict:
    with tempfile.TemporaryDirectory() as d:
        games = os.path.join(d, "games")
        os.mkdir(games)
        _write_files(games, n_files)
        out = os.path.join(d, "out.jsonl")
        exe = [sys.executable, "-m", "gametheory.cli", "batch", games, "--out", out, "--quiet"]
        t = time.perf_counter()
        proc = subprocess.run(exe, capture_output=True, text=True)
        ours = time.perf_counter() - t
        if proc.returncode != 0:
            raise SystemExit(f"gametheory batch failed: {proc.stderr}")
        import json
        eq = 0
        with open(out) as fh:
            for line in fh:
                eq += len(json.loads(line)["equilibria"])
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", GAMBIT_SCRIPT, games], capture_output=True, text=True)
        gambit = time.perf_counter() - t
        g_eq, g_import, g_loop = proc.stdout.split()
    return {"files": n_files, "ours_s": ours, "gambit_s": gambit, "gambit_import_s": float(g_import),
            "gambit_loop_s": float(g_loop), "speedup": gambit / ours, "ours_eq": eq, "gambit_eq": int(g_eq)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes (under a minute)")
    args = ap.parse_args(argv)
    n_games, n_files = (2_000, 4_000) if args.quick else (10_000, 20_000)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, numpy {np.__version__}")
    r = bench_games(n_games, nashpy_subset=300 if args.quick else 1000, gambit_subset=n_games)
    print(f"\n[1] all equilibria of {r['games']} random 3x3 games ({r['total_eq']} equilibria)")
    print(f"  gametheory kernel : {r['ours_s']:.3f} s ({r['ours_per_game_us']:.1f} us/game, "
          f"{r['flagged']} flagged games solved exactly)")
    print(f"  pygambit enummixed: {r['gambit_per_game_us']:.1f} us/game (over {r['gambit_subset']} games) "
          f"-> x{r['speedup_vs_gambit']:.1f}")
    print(f"  nashpy support_enumeration: {r['nashpy_per_game_us']:.1f} us/game (over {r['nashpy_subset']} games) "
          f"-> x{r['speedup_vs_nashpy']:.1f}")
    print(f"  same equilibrium counts as pygambit: gametheory {r['ours_equals_gambit']}, "
          f"nashpy {r['nashpy_equals_gambit']}/{r['nashpy_subset']} games")
    f = bench_files(n_files)
    print(f"\n[2] {f['files']} small .nfg files, whole processes")
    print(f"  gametheory batch  : {f['ours_s']:.2f} s ({f['ours_eq']} equilibria)")
    print(f"  pygambit read+solve in one process: {f['gambit_s']:.2f} s (import {f['gambit_import_s']:.2f} s, "
          f"loop {f['gambit_loop_s']:.2f} s; {f['gambit_eq']} equilibria) -> x{f['speedup']:.1f}")


if __name__ == "__main__":
    main()
