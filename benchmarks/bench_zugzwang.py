"""The zugzwang analysis at interactive speed (issue 13): four timings against their targets.

1. Four-actor model, a 41 x 41 sweep of the diagnosis (``sweep_data`` without the
   regime map, then with it), against one-point ``diagnose`` calls at sampled
   grid points (the route every point took before the stacked engine).
2. The whole default report of the four-actor model (``build_report``).
3. The crisis tree: the full ``gametheory zugzwang`` command (a fresh process).
4. 100,000 Monte Carlo samples of the four-actor verdict over all ranged
   parameters (``zugzwang_probability``), on all cores.
5. The crisis tree's 41 x 41 sweep with the regime map (the report's maps; the
   stacked tree route), against one-point ``diagnose`` calls at sampled grid
   points, and the tree's whole default report.

Usage: ``python benchmarks/bench_zugzwang.py [--quick] [--no-write]``.  Writes its
section of docs/performance.md between the markers
``<!-- BEGIN benchmarks/bench_zugzwang.py -->`` and ``<!-- END benchmarks/bench_zugzwang.py -->``.
Benchmarks are scripts, not tests.
"""
from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import (
    PERFORMANCE_MD,
    ROOT,
    fmt_seconds,
    machine_header,
    markdown_table,
    versions,
)

FOUR = ROOT / "games" / "tajikistan" / "four-actors.yaml"
CRISIS = ROOT / "games" / "tajikistan" / "crisis-tree.yaml"
BEGIN = "<!-- BEGIN benchmarks/bench_zugzwang.py -->"
END = "<!-- END benchmarks/bench_zugzwang.py -->"


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (user + system)."""
    import resource
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


CPU: dict[str, float] = {}


def timed(func, name: str | None = None):
    t, c = time.perf_counter(), cpu_seconds()
    out = func()
    if name:
        CPU[name] = cpu_seconds() - c
    return time.perf_counter() - t, out


def sweep_41(regimes: bool, grid: int):
    import gametheory as gt
    from gametheory.plotting.data import sweep_data, sweep_parameters
    game = gt.load(FOUR)
    x, y = sweep_parameters(game)[:2]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sweep_data(game, "Dushanbe", x, y, grid=grid, regimes=regimes), (x, y)


def one_point_per_point(grid: int, sample: int = 12) -> float:
    """Mean seconds of one-point ``diagnose`` (conditions and whole game off) at grid points."""
    import numpy as np

    import gametheory as gt
    from gametheory.analysis.zugzwang import diagnose
    from gametheory.analysis.zugzwang import grid_points
    from gametheory.plotting.data import sweep_parameters
    game = gt.load(FOUR)
    x, y = sweep_parameters(game)[:2]
    px, py = game.parameters[x], game.parameters[y]
    pts = grid_points(game, {y: np.linspace(float(py.low), float(py.high), grid),
                             x: np.linspace(float(px.low), float(px.high), grid)})
    chosen = pts[:: max(1, len(pts) // sample)][:sample]
    diagnose(game, "Dushanbe", params=chosen[0], conditions=False, whole_game=False)  # warm imports
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for p in chosen:
            diagnose(game, "Dushanbe", params=p, conditions=False, whole_game=False)
    return (time.perf_counter() - t) / len(chosen)


def tree_sweep(grid: int):
    """The crisis tree's sweep as the report draws it (regime map, the report's pair)."""
    import gametheory as gt
    from gametheory.plotting.data import sweep_data
    game = gt.load(CRISIS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sweep_data(game, "Dushanbe", "massacre_prob", "crush_gain", grid=grid, reference="crisis")


def tree_one_point(grid: int, sample: int = 6) -> float:
    """Mean seconds of one-point ``diagnose`` (whole game on, conditions off) at crisis-tree grid points."""
    import numpy as np

    import gametheory as gt
    from gametheory.analysis.zugzwang import diagnose, grid_points
    game = gt.load(CRISIS)
    pts = grid_points(game, {"crush_gain": np.linspace(2, 6, grid), "massacre_prob": np.linspace(0, 1, grid)})
    chosen = pts[:: max(1, len(pts) // sample)][:sample]
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for p in chosen:
            diagnose(game, "Dushanbe", reference="crisis", params=p, conditions=False)
    return (time.perf_counter() - t) / len(chosen)


def tree_report_time():
    from gametheory.report.html import build_report
    with tempfile.TemporaryDirectory() as d, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timed(lambda: build_report(CRISIS, "Dushanbe", d), "tree_report")


def report_time(quick: bool):
    from gametheory.report.html import build_report
    with tempfile.TemporaryDirectory() as d, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timed(lambda: build_report(FOUR, "Dushanbe", d, quick=quick), "report")


def crisis_cli(timeout: float):
    cmd = [sys.executable, "-m", "gametheory.cli", "zugzwang", str(CRISIS.relative_to(ROOT)), "--player", "Dushanbe"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t, c = time.perf_counter(), cpu_seconds()
    try:
        res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return "timeout", timeout, ""
    dt = time.perf_counter() - t
    CPU["crisis"] = cpu_seconds() - c
    head = next((line for line in res.stdout.splitlines() if line.startswith("verdict")), res.stderr[-200:])
    return ("ok" if res.returncode == 0 else f"exit {res.returncode}"), dt, head


def monte_carlo(samples: int):
    import gametheory as gt
    from gametheory.analysis.sensitivity import zugzwang_probability
    game = gt.load(FOUR)
    return timed(lambda: zugzwang_probability(game, "Dushanbe", samples=samples, seed=0), "mc")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller grid and sample (a smoke run)")
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/performance.md alone")
    args = ap.parse_args()
    grid = 11 if args.quick else 41
    samples = 10_000 if args.quick else 100_000

    sweep_data_import = timed(lambda: sweep_41(False, 3))  # warm the imports and lambdify once
    del sweep_data_import
    t_sweep, (_sw, pair) = timed(lambda: sweep_41(False, grid), "sweep")
    t_regime, (swr, _) = timed(lambda: sweep_41(True, grid), "regime")
    per_point = one_point_per_point(grid)
    t_report, rep = report_time(False)
    status, t_crisis, verdict = crisis_cli(600)
    t_mc, prob = monte_carlo(samples)
    t_tree, tsw = timed(lambda: tree_sweep(grid), "tree_sweep")
    tree_per_point = tree_one_point(grid)
    t_tree_report, trep = tree_report_time()

    import gametheory as gt
    from gametheory.analysis.sensitivity import ranged_parameters
    n_ranged = len(ranged_parameters(gt.load(FOUR))[0])
    n = grid * grid
    rows = [
        [f"four-actor {grid} x {grid} sweep of the diagnosis (`sweep_data`, no regime map), "
         f"over {pair[0]} and {pair[1]}", "< 5 s", fmt_seconds(t_sweep),
         f"{1e3 * t_sweep / n:.2f} ms per point; one-point `diagnose` {1e3 * per_point:.0f} ms per point "
         f"(mean of 12 grid points), so about {per_point * n:.0f} s for the grid point by point"],
        ["the same sweep with the regime map (whole game at every point)", "-", fmt_seconds(t_regime),
         f"{int(swr.regime.max()) + 1} regimes"],
        ["whole default report of the four-actor model (`build_report`, 41 x 41 maps, "
         "sensitivity section, png+svg+pdf)", "< 15 s", fmt_seconds(t_report), f"{len(rep.figures)} figures"],
        ["crisis tree: `gametheory zugzwang games/tajikistan/crisis-tree.yaml --player Dushanbe` "
         "(fresh process, imports included)", "< 10 s",
         fmt_seconds(t_crisis) if status == "ok" else status, verdict.strip()],
        [f"{samples:,} Monte Carlo samples of the four-actor verdict over all {n_ranged} ranged "
         "parameters (`zugzwang_probability`, all cores)", "< 60 s",
         fmt_seconds(t_mc), f"share {prob.share:.4f} (Wilson {prob.low:.4f} to {prob.high:.4f})"],
        [f"crisis tree: {grid} x {grid} sweep with the regime map (`sweep_data` over massacre_prob and "
         "crush_gain, the report's maps; stacked tree route)", "tens of s", fmt_seconds(t_tree),
         f"{int(tsw.stacked.exact_route.sum())} of {n} points diagnosed one point at a time (one per group, "
         f"and near ties); one-point `diagnose` (whole game on) {1e3 * tree_per_point:.0f} ms per point "
         f"(mean of 6 grid points), so about {tree_per_point * n:.0f} s for the grid point by point"],
        ["whole default report of the crisis tree (`build_report`, 41 x 41 maps, png+svg+pdf)", "-",
         fmt_seconds(t_tree_report), f"{len(trep.figures)} figures"],
    ]
    for row, name in zip(rows, ("sweep", "regime", "report", "crisis", "mc", "tree_sweep", "tree_report")):
        row.insert(3, fmt_seconds(CPU.get(name)))
    table = markdown_table(["what", "target", "wall time", "CPU time", "notes"], rows)
    v = versions("numpy", "scipy", "sympy", "matplotlib", "SALib")
    load = "load average {:.1f} over the last 5 minutes at the end".format(os.getloadavg()[1])
    body = "\n".join([
        "## The zugzwang analysis (issue 13)",
        "",
        f"Produced by `python benchmarks/bench_zugzwang.py{' --quick' if args.quick else ''}` on "
        f"{datetime.date.today().isoformat()}; wall times of one run each, on a machine shared with other "
        f"jobs (the numbers vary with its load: {load}), with the CPU time of the run (this process and its "
        f"worker processes) beside them.  " + machine_header() + "  "
        + ", ".join(f"{k} {val}" for k, val in v.items()) + ".",
        "",
        table,
        "",
        "What is compared: the sweep row sets its per-point cost against the one-point `diagnose` "
        "(reaction games solved one by one with exact arithmetic, security value included), which is what "
        "the report and `sweep --zugzwang` called at every point before the stacked engine "
        "(`gametheory.analysis.zugzwang.engine`).  The crisis-tree time includes the escape conditions "
        "(sympy) and the whole-game verdict, whose 3-mover subgame is now bounded by `subgame_limit` "
        "(its pure equilibria only, flagged not complete) instead of running `enumpoly` on its 96-profile "
        "reduced form for more than 600 s.",
        "",
        "The report's time: before, about 7 % of the random points of its sensitivity section (Saltelli and "
        "Monte Carlo samples) tie exactly with the crisis reference (standing by can bring about the reference "
        "profile itself, so the margin is exactly 0 there), and each went to the one-point `diagnose` (about "
        "70 ms a point, some 580 points: most of the 54 s measured then).  The engine now decides such a tie "
        "on the payoff expressions (the tied cell's expression equals the reference's identically, checked once "
        "per cell), so every point stays on the stack.  What remains is mostly drawing and writing the 27 "
        "figure files (png, svg and pdf of 9 figures: about 40 % of the report's CPU time in a cProfile), the "
        "escape conditions (sympy, about 15 %) and the imports.  On a loaded machine compare the CPU column: "
        "the report's wall time there is its CPU time stretched by the other jobs.",
        "",
        "Where the time went before (cProfile of the one-point `diagnose`, on the same machine): "
        "on the crisis tree, the whole-game verdict: the subgame after the Taliban's crush has three movers "
        "(the Public with 4 plans, Dushanbe 3, Moscow 8), so `spe` handed its 96-profile reduced normal form "
        "to `enumpoly`, whose support enumeration (about 27,000 support combinations, Newton multistarts "
        "and Groebner bases per support) did not finish in 600 s; the escape conditions took about 8 s "
        "(sympy inequality solving, the same relations solved again for each option), the three reaction "
        "games under 1 s.  On the four-actor model one diagnosis without conditions cost 80-500 ms, spread "
        "over sympy substitution of the payoffs, the per-option reaction solves (`enumpoly` after an "
        "LP-based dominance check) and the security LP, and the report repeated it at every sweep point.",
    ])
    print(body)
    if not args.no_write:
        text = PERFORMANCE_MD.read_text(encoding="utf-8") if PERFORMANCE_MD.exists() else "# Performance\n"
        block = f"{BEGIN}\n{body}\n{END}"
        if BEGIN in text and END in text:
            a = text.index(BEGIN)
            b = text.index(END) + len(END)
            text = text[:a] + block + text[b:]
        else:
            text = text.rstrip() + "\n\n" + block + "\n"
        PERFORMANCE_MD.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
