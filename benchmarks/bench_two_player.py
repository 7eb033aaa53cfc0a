"""Two-player games side by side: gametheory vs nashpy, QuantEcon and pygambit.

Part 1, all equilibria of seeded random n x n games (n = 4..12): our ``enummixed``
(exact and float) against nashpy's ``vertex_enumeration`` and
``support_enumeration``, QuantEcon's ``vertex_enumeration`` and pygambit's
``enummixed_solve`` (float and rational).  Each tool's equilibria are compared
with Gambit's rational ones: "missed" counts Gambit equilibria a tool did not find.
Two families: generic games (integer payoffs in [0, 999]) and degenerate ones
(payoffs in {0, 1, 2}, with a duplicated row).

Part 2, one equilibrium of n x n games (n = 50..200): our Lemke-Howson (float,
first label) against QuantEcon's and nashpy's ``lemke_howson`` (with a timeout).

Every peer runs in a forked child process with a timeout; times are the best of
up to three runs, game construction excluded, numba compiled beforehand.

Usage::

    python benchmarks/bench_two_player.py            # full run, writes docs/performance.md
    python benchmarks/bench_two_player.py --quick    # a couple of minutes
    python benchmarks/bench_two_player.py --no-write # print only
"""
from __future__ import annotations

import argparse
import statistics
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import fmt_seconds, markdown_table, run_with_timeout, write_section  # noqa: E402

warnings.simplefilter("ignore")


# ---------------------------------------------------------------------- games
def generic_game(n: int, seed: int):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 1000, (n, n)), rng.integers(0, 1000, (n, n))


def degenerate_game(n: int, seed: int):
    rng = np.random.default_rng(10_000 + seed)
    A, B = rng.integers(0, 3, (n, n)), rng.integers(0, 3, (n, n))
    A[1], B[1] = A[0], B[0]
    return A, B


# ---------------------------------------------------------------------- tools (run in children)
def _flat(eqs):
    return [np.concatenate([np.asarray(x, dtype=float), np.asarray(y, dtype=float)]) for x, y in eqs]


def ours(game, exact):
    from gametheory.solvers.enummixed import enummixed_solve
    r = enummixed_solve(game, exact=exact, warn=False)
    return _flat([e.probabilities for e in r])


def nashpy_vertex(ngame):
    return _flat(list(ngame.vertex_enumeration()))


def nashpy_support(ngame):
    return _flat(list(ngame.support_enumeration()))


def qe_vertex(qgame):
    import quantecon.game_theory as gt
    return _flat(gt.vertex_enumeration(qgame))


def gambit_enummixed(ggame, rational):
    import pygambit as gbt
    res = gbt.nash.enummixed_solve(ggame, rational=rational)
    out = []
    for eq in res.equilibria:
        out.append(np.array([float(eq[p][s]) for p in ggame.players for s in p.strategies]))
    return out


def distinct(found, tol=1e-9):
    """Number of distinct profiles (Gambit lists some equilibria of degenerate games twice)."""
    out = []
    for f in found:
        if not any(np.allclose(f, g, atol=tol) for g in out):
            out.append(f)
    return len(out)


def missed(reference, found, tol=1e-6):
    if reference is None or found is None:
        return None
    return sum(1 for r in reference if not any(np.allclose(r, f, atol=tol) for f in found))


# ---------------------------------------------------------------------- part 1
TOOLS = ["ours exact", "ours float", "QuantEcon vertex_enumeration", "nashpy vertex_enumeration",
         "nashpy support_enumeration", "Gambit enummixed float", "Gambit enummixed rational"]


def all_equilibria(sizes, n_games, timeout, family):
    import nashpy
    import pygambit as gbt
    import quantecon.game_theory as gt

    from gametheory import NormalFormGame

    make = generic_game if family == "generic" else degenerate_game
    # Compile QuantEcon's numba kernels once, outside every timing.
    A0, B0 = make(3, 0)
    gt.vertex_enumeration(gt.NormalFormGame((gt.Player(A0.astype(float)), gt.Player(B0.T.astype(float)))))
    gave_up: dict[str, int] = {}
    rows = []
    summary = {}
    for n in sizes:
        times = {t: [] for t in TOOLS}
        counts = {t: [] for t in TOOLS}
        miss = {t: [] for t in TOOLS}
        status_note = {}
        for seed in range(n_games):
            A, B = make(n, seed)
            g = NormalFormGame.from_arrays(A, B)
            ng = nashpy.Game(A.astype(float), B.astype(float))
            qg = gt.NormalFormGame((gt.Player(A.astype(float)), gt.Player(B.T.astype(float))))
            gg = gbt.Game.from_arrays(A.tolist(), B.tolist())
            calls = {
                "ours exact": (ours, (g, True)),
                "ours float": (ours, (g, False)),
                "QuantEcon vertex_enumeration": (qe_vertex, (qg,)),
                "nashpy vertex_enumeration": (nashpy_vertex, (ng,)),
                "nashpy support_enumeration": (nashpy_support, (ng,)),
                "Gambit enummixed float": (gambit_enummixed, (gg, False)),
                "Gambit enummixed rational": (gambit_enummixed, (gg, True)),
            }
            results = {}
            for tool in TOOLS:
                if tool in gave_up and gave_up[tool] < n:
                    status_note[tool] = f"skipped (timeout at n={gave_up[tool]})"
                    continue
                func, args = calls[tool]
                status, secs, value = run_with_timeout(func, args, timeout=timeout, repeat=3)
                if status == "ok":
                    times[tool].append(secs)
                    counts[tool].append(distinct(value))
                    results[tool] = value
                elif status == "timeout":
                    gave_up.setdefault(tool, n)
                    status_note[tool] = f"timeout (> {timeout:g} s)"
                else:
                    status_note[tool] = "error: " + str(value)[:60]
            ref = results.get("Gambit enummixed rational")
            for tool, value in results.items():
                m = missed(ref, value)
                if m is not None:
                    miss[tool].append(m)
        for tool in TOOLS:
            if times[tool]:
                med = statistics.median(times[tool])
                summary[(n, tool)] = med
                rows.append([n, tool, fmt_seconds(med), sum(counts[tool]),
                             sum(miss[tool]) if miss[tool] else "-", status_note.get(tool, "")])
            else:
                rows.append([n, tool, "-", "-", "-", status_note.get(tool, "not run")])
        print(f"  {family} n={n} done", flush=True)
    return rows, summary


def ratio_rows(summary, sizes, base):
    out = []
    for n in sizes:
        b = summary.get((n, base))
        row = [n, fmt_seconds(b)]
        for tool in TOOLS:
            if tool == base:
                continue
            t = summary.get((n, tool))
            row.append("-" if (t is None or b is None) else f"{t / b:.1f}x")
        out.append(row)
    return out


# ---------------------------------------------------------------------- the n = 10 target
def target_check(n: int, n_games: int, timeout: float):
    """Ours (exact and float) against QuantEcon on ``n_games`` generic ``n x n`` games.

    The speed target is judged on many games, not two: which polytope qhull
    hulls first, and how many vertices it has, varies from game to game by a
    factor of three.  Returns per-tool lists of times (None for a failed run) and
    how many of QuantEcon's equilibria each of our modes missed.
    """
    import quantecon.game_theory as gt

    from gametheory import NormalFormGame

    A0, B0 = generic_game(3, 0)   # compile QuantEcon's numba kernels outside every timing
    gt.vertex_enumeration(gt.NormalFormGame((gt.Player(A0.astype(float)), gt.Player(B0.T.astype(float)))))
    tools = ("ours exact", "ours float", "QuantEcon vertex_enumeration")
    times = {t: [] for t in tools}
    missed_qe = {t: 0 for t in tools[:2]}
    for seed in range(n_games):
        A, B = generic_game(n, 1000 + seed)
        g = NormalFormGame.from_arrays(A, B)
        qg = gt.NormalFormGame((gt.Player(A.astype(float)), gt.Player(B.T.astype(float))))
        calls = {"ours exact": (ours, (g, True)), "ours float": (ours, (g, False)),
                 "QuantEcon vertex_enumeration": (qe_vertex, (qg,))}
        found = {}
        for tool in tools:
            func, args = calls[tool]
            status, secs, value = run_with_timeout(func, args, timeout=timeout, repeat=3)
            times[tool].append(secs if status == "ok" else None)
            found[tool] = value if status == "ok" else None
        for tool in tools[:2]:
            m = missed(found["QuantEcon vertex_enumeration"], found[tool])
            missed_qe[tool] += m or 0
    return times, missed_qe


def target_lines(n: int, times: dict, missed_qe: dict) -> list[str]:
    """The verdict on 'at least as fast as QuantEcon at n': ratio of medians and of totals."""
    qe = times["QuantEcon vertex_enumeration"]
    out = []
    for mode in ("ours exact", "ours float"):
        pairs = [(o, q) for o, q in zip(times[mode], qe) if o is not None and q is not None]
        if not pairs:
            out.append(f"* {mode} at n={n}: no completed runs")
            continue
        ours_t, qe_t = [o for o, _ in pairs], [q for _, q in pairs]
        med = statistics.median(qe_t) / statistics.median(ours_t)
        tot = sum(qe_t) / sum(ours_t)
        faster = sum(o <= q for o, q in pairs)
        met = med >= 1 and tot >= 1
        out.append(f"* {mode} at n={n}, {len(pairs)} games: {med:.2f}x QuantEcon's speed by median time, "
                   f"{tot:.2f}x by total time, faster on {faster} of {len(pairs)} games "
                   f"(target >= 1: {'met' if met else 'MISSED'}); QuantEcon equilibria missed: "
                   f"{missed_qe[mode]}")
    return out


# ---------------------------------------------------------------------- part 2
def regret(A, B, x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        return float("inf")
    return max(float((A @ y).max() - x @ A @ y), float((x @ B).max() - x @ B @ y))


def ours_lh(game):
    from gametheory.solvers.lemke_howson import lh_solve
    r = lh_solve(game, exact=False, all_labels=False)
    x, y = r[0].probabilities
    return np.asarray(x, float), np.asarray(y, float)


def qe_lh(qgame):
    import quantecon.game_theory as gt
    (x, y), res = gt.lemke_howson(qgame, init_pivot=0, full_output=True)
    return np.asarray(x), np.asarray(y), bool(res.converged)


def nashpy_lh(ngame):
    x, y = ngame.lemke_howson(initial_dropped_label=0)
    return np.asarray(x, float), np.asarray(y, float)


def one_equilibrium(sizes, n_games, timeout):
    import nashpy
    import quantecon.game_theory as gt

    from gametheory import NormalFormGame

    A0, B0 = generic_game(4, 0)
    gt.lemke_howson(gt.NormalFormGame((gt.Player(A0.astype(float)), gt.Player(B0.T.astype(float)))))
    rows = []
    for n in sizes:
        for seed in range(n_games):
            rng = np.random.default_rng(500 + seed)
            A, B = rng.standard_normal((n, n)), rng.standard_normal((n, n))
            g = NormalFormGame.from_arrays(A, B)
            qg = gt.NormalFormGame((gt.Player(A), gt.Player(B.T)))
            ng = nashpy.Game(A, B)
            for tool, func, arg in (("ours lh (float)", ours_lh, g), ("QuantEcon lemke_howson", qe_lh, qg),
                                    ("nashpy lemke_howson", nashpy_lh, ng)):
                status, secs, value = run_with_timeout(func, (arg,), timeout=timeout, repeat=3)
                if status != "ok":
                    rows.append([n, seed, tool, "-", "-", status if status == "timeout" else str(value)[:50]])
                    continue
                x, y = value[0], value[1]
                note = "" if len(value) < 3 or value[2] else "converged=False"
                reg = regret(A, B, x, y)
                rows.append([n, seed, tool, fmt_seconds(secs), f"{reg:.1e}", note])
        print(f"  lh n={n} done", flush=True)
    return rows


# ---------------------------------------------------------------------- main
#: Interpretation written under the targets (kept in step with the measured tables).
NOTES = """Reading the numbers: timings on a shared 2-core machine wander by up to a
factor of 2 between runs; compare tools within one run.  The n = 10 target is
judged on many games because our time and QuantEcon's depend on different things:
QuantEcon hulls both best-response polytopes (two qhull calls) and matches their
vertices in compiled code; we hull one and complete its vertices on the other
side in batched numpy, so we win when the second hull costs more than our
completion step, which is the usual case, and lose on games where the polytope
we hull has many more vertices than the other one.  Exact mode rebuilds every
vertex of every equilibrium in integers and checks it (about 10 % more than
float at n = 10).  Below n = 10 QuantEcon is faster: its compiled kernels cost
microseconds where our Python set-up costs most of a millisecond.  Unlike
QuantEcon, both modes return every equilibrium Gambit finds, on degenerate games
as well (QuantEcon misses most of them there, and some on generic integer games,
which have occasional ties).  The target of 50x nashpy's vertex enumeration is
met by a wide margin (nashpy does not finish n = 9-10 within the timeout).
Gambit's counts on degenerate games include duplicates; the table counts
distinct profiles.  Lemke-Howson: ours is pure numpy and 5-15x slower than
QuantEcon's numba code on the same lexicographic path (200 x 200 takes
0.1-1.5 s); nashpy's returns NaN profiles (regret "inf") or times out."""


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer sizes and games (a couple of minutes)")
    ap.add_argument("--no-write", action="store_true", help="do not update docs/performance.md")
    args = ap.parse_args(argv)
    if args.quick:
        sizes, n_games, timeout = [4, 6, 8, 10], 2, 10.0
        deg_sizes = [4, 6, 8]
        lh_sizes, lh_games = [50, 100, 200], 1
        target_games = 20
    else:
        sizes, n_games, timeout = list(range(4, 13)), 3, 20.0
        deg_sizes = [4, 5, 6, 7, 8, 10]
        lh_sizes, lh_games = [50, 100, 150, 200], 2
        target_games = 50

    print(f"target: {target_games} games at n = 10 against QuantEcon", flush=True)
    t_times, t_missed = target_check(10, target_games, timeout)

    print("part 1: all equilibria, generic games", flush=True)
    gen_rows, gen_sum = all_equilibria(sizes, n_games, timeout, "generic")
    print("part 1: all equilibria, degenerate games", flush=True)
    deg_rows, deg_sum = all_equilibria(deg_sizes, n_games, timeout, "degenerate")
    print("part 2: one equilibrium (Lemke-Howson)", flush=True)
    lh_rows = one_equilibrium(lh_sizes, lh_games, timeout)

    head = ["n", "tool", "median time", "distinct equilibria found (all games)", "missed vs Gambit", "note"]
    others = [t for t in TOOLS if t != "ours exact"]
    verdict = target_lines(10, t_times, t_missed)
    n_target = 10 if 10 in sizes else max(sizes)
    for mode in ("ours exact", "ours float"):
        ours_t = gen_sum.get((n_target, mode))
        np_t = gen_sum.get((n_target, "nashpy vertex_enumeration"))
        if ours_t and np_t:
            verdict.append(f"* {mode} at n={n_target}: {np_t / ours_t:.0f}x faster than nashpy vertex "
                           f"enumeration (target >= 50: {'met' if np_t >= 50 * ours_t else 'MISSED'})")
        elif ours_t:
            verdict.append(f"* {mode} at n={n_target}: nashpy vertex enumeration did not finish within "
                           f"{timeout:g} s ({timeout / ours_t:.0f}x our time at least)")
    body = "\n".join([
        "## Two-player games (`benchmarks/bench_two_player.py`)",
        "",
        f"Command: `python benchmarks/bench_two_player.py{' --quick' if args.quick else ''}`; "
        f"{n_games} seeded games per size, median of the per-game best-of-3 times, "
        "game construction excluded, QuantEcon's numba kernels compiled beforehand, "
        f"every peer in a child process with a {timeout:g} s timeout.  'missed vs Gambit' counts "
        "equilibria of Gambit's rational enummixed that a tool did not return (within 1e-6).",
        "",
        "### Targets",
        "",
        f"The QuantEcon target is judged on {target_games} further seeded generic 10 x 10 games "
        "(payoffs 0..999, seeds 1000 on), each tool best of 3 per game:",
        "",
        *verdict,
        "",
        NOTES,
        "",
        "### All equilibria, generic games (integer payoffs 0..999)",
        "",
        markdown_table(head, gen_rows),
        "",
        "Time of each tool relative to ours (exact); above 1x means slower than ours:",
        "",
        markdown_table(["n", "ours exact"] + others, ratio_rows(gen_sum, sizes, "ours exact")),
        "",
        "### All equilibria, degenerate games (payoffs 0..2, a duplicated row)",
        "",
        markdown_table(head, deg_rows),
        "",
        markdown_table(["n", "ours exact"] + others, ratio_rows(deg_sum, deg_sizes, "ours exact")),
        "",
        "### One equilibrium (Lemke-Howson from the first label, standard normal payoffs)",
        "",
        markdown_table(["n", "seed", "tool", "time", "max regret", "note"], lh_rows),
    ])
    print(body)
    if not args.no_write:
        write_section(__file__, body, argv=argv, timeout=timeout)
        print("wrote docs/performance.md (section benchmarks/bench_two_player.py)")


if __name__ == "__main__":
    main()
