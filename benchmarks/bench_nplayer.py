"""n-player games side by side: gametheory vs pygambit.

Families (seeded, integer payoffs in [0, 99], generic with probability one):

* 3x3x3 games: all isolated equilibria (our ``enumpoly``, exact where the
  equilibria are rational, vs ``pygambit.nash.enumpoly_solve(use_strategic=True)``,
  floating point) and one equilibrium (our ``simpdiv`` and ``qre`` in floating point
  vs pygambit's ``simpdiv_solve`` from the centroid, which only runs in rational
  arithmetic (pygambit 16.7 refuses a floating-point start), so that row is not
  like for like, and ``gnm_solve`` and ``logit_solve`` in floating point);
* 2x2x2x2 games: all isolated equilibria (4 players);
* 4x4x4x4 and 5x5x5x5 games: one equilibrium (4 players).

All equilibria: 12 games per shape (4 with ``--quick``), seeds 0, 1, ...; one
equilibrium: 10 games per shape (4 with ``--quick``), seeds 100, 101, ...  For every
run we count the equilibria returned and how many are real equilibria (max regret
at most 1e-6 times the payoff range, computed by our own code for every tool); for
``enumpoly`` also how many of pygambit's equilibria we miss and how many we find
that pygambit misses.  Each tool runs in a forked child with a timeout (``--timeout``,
60 s by default); times are the best of two wall times (game construction and
imports excluded), summarised by the median over games.

Usage::

    python benchmarks/bench_nplayer.py            # full run, writes docs/performance.md
    python benchmarks/bench_nplayer.py --quick    # a few minutes
    python benchmarks/bench_nplayer.py --no-write # print only
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


def random_payoffs(shape, seed):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 100, size=(len(shape),) + tuple(shape))


def relative_regret(P, probs):
    """Max regret of a float profile divided by the largest payoff range (the same
    check, by our contraction code, for every tool)."""
    from gametheory.solvers._polish import max_regret_float, payoff_scale
    P = np.asarray(P, dtype=float)
    return max_regret_float(P, [np.asarray(p, dtype=float) for p in probs]) / payoff_scale(P)


# ---------------------------------------------------------------------- tools (run in children)
def ours(P, method):
    from gametheory import NormalFormGame, solve
    res = solve(NormalFormGame(P), method, exact=(method == "enumpoly"))
    return [[np.asarray(p, dtype=float).tolist() for p in e.probabilities] for e in res]


def _gambit_game(P):
    import pygambit as gbt
    return gbt.Game.from_arrays(*[P[i] for i in range(P.shape[0])])


def _gambit_profiles(game, eqs):
    out = []
    for e in eqs:
        out.append([[float(e[s]) for s in pl.strategies] for pl in game.players])
    return out


def gambit(P, method):
    import pygambit as gbt
    g = _gambit_game(P)
    if method == "enumpoly":
        res = gbt.nash.enumpoly_solve(g, use_strategic=True)
    elif method == "simpdiv":
        res = gbt.nash.simpdiv_solve(g.mixed_strategy_profile(rational=True))
    elif method == "gnm":
        res = gbt.nash.gnm_solve(g)
    elif method == "logit":
        res = gbt.nash.logit_solve(g, use_strategic=True)
    else:
        raise ValueError(method)
    return _gambit_profiles(g, res.equilibria)


# ---------------------------------------------------------------------- runs
def run_family(shape, seeds, tools, timeout):
    """``tools``: list of (label, function, method).  Returns per-tool lists of
    (status, seconds, n_found, n_valid, profiles)."""
    out = {label: [] for label, _, _ in tools}
    for seed in seeds:
        P = random_payoffs(shape, seed)
        for label, func, method in tools:
            try:
                status, secs, value = run_with_timeout(func, (P, method), timeout=timeout, repeat=2)
            except EOFError:          # the child died (pygambit can abort with a C++ error)
                status, secs, value = "crash", None, None
            if status == "ok":
                valid = [v for v in value if relative_regret(P, v) <= 1e-6]
                out[label].append((status, secs, len(value), len(valid), valid))
            else:
                out[label].append((status, None, 0, 0, []))
    return out


def _match(a, b, tol=1e-5):
    fa = np.concatenate([np.asarray(p) for p in a])
    fb = np.concatenate([np.asarray(p) for p in b])
    return fa.shape == fb.shape and np.allclose(fa, fb, atol=tol)


def summarise(shape, results, reference_label):
    rows = []
    ref_times = [r[1] for r in results[reference_label] if r[1] is not None]
    ref_median = statistics.median(ref_times) if ref_times else None
    for label, runs in results.items():
        times = [r[1] for r in runs if r[1] is not None]
        med = statistics.median(times) if times else None
        found = sum(r[2] for r in runs)
        valid = sum(r[3] for r in runs)
        failures = sum(1 for r in runs if r[0] != "ok" or r[3] == 0)
        crashes = sum(1 for r in runs if r[0] in ("crash", "error", "timeout"))
        if crashes:
            failures = f"{failures} ({crashes} crashed or timed out)"
        ratio = "-" if med is None or ref_median is None else f"{med / ref_median:.2f}"
        rows.append(["x".join(map(str, shape)), label, len(runs), fmt_seconds(med), ratio,
                     found, valid, failures])
    return rows


def enumpoly_comparison(results, ours_label, gambit_label):
    """Equilibria pygambit finds that we miss, and ours that pygambit misses."""
    missed = extra = empty_gambit = 0
    for a, b in zip(results[ours_label], results[gambit_label]):
        ours_eqs, theirs = a[4], b[4]
        missed += sum(1 for t in theirs if not any(_match(t, o) for o in ours_eqs))
        extra += sum(1 for o in ours_eqs if not any(_match(o, t) for t in theirs))
        empty_gambit += int(b[0] == "ok" and b[3] == 0)
    return missed, extra, empty_gambit


HEADERS = ["game", "tool", "games", "median time", "time / ours", "equilibria returned",
           "verified", "games without a verified equilibrium"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer games (a few minutes)")
    parser.add_argument("--no-write", action="store_true", help="print only, do not touch docs/performance.md")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    # Import everything before the children are forked, so no timing includes imports.
    import mpmath  # noqa: F401
    import pygambit  # noqa: F401
    import sympy.polys.groebnertools  # noqa: F401
    import gametheory.solvers.enumpoly  # noqa: F401
    import gametheory.solvers.qre  # noqa: F401
    import gametheory.solvers.simpdiv  # noqa: F401
    n_all = 4 if args.quick else 12
    n_one = 4 if args.quick else 10

    sections = []
    notes = []
    # --- all equilibria
    all_rows = []
    for shape in [(3, 3, 3), (2, 2, 2, 2)]:
        tools = [("gametheory enumpoly (exact)", ours, "enumpoly"),
                 ("pygambit enumpoly_solve", gambit, "enumpoly")]
        res = run_family(shape, range(n_all), tools, args.timeout)
        rows = summarise(shape, res, tools[0][0])
        all_rows += rows
        missed, extra, empty = enumpoly_comparison(res, tools[0][0], tools[1][0])
        notes.append(f"* {'x'.join(map(str, shape))}: pygambit equilibria we miss: {missed}; verified "
                     f"equilibria we find that pygambit misses: {extra}; games where pygambit returned "
                     f"no verified equilibrium: {empty}.")
        print(markdown_table(HEADERS, rows), "\n" + notes[-1], flush=True)
    sections.append("### All isolated equilibria\n\n" + markdown_table(HEADERS, all_rows) + "\n\n"
                    + "\n".join(notes))

    # --- one equilibrium
    one_rows = []
    for shape in [(3, 3, 3), (4, 4, 4, 4), (5, 5, 5, 5)]:
        tools = [("gametheory simpdiv", ours, "simpdiv"), ("gametheory qre", ours, "qre"),
                 ("pygambit simpdiv_solve", gambit, "simpdiv"), ("pygambit gnm_solve", gambit, "gnm"),
                 ("pygambit logit_solve", gambit, "logit")]
        res = run_family(shape, range(100, 100 + n_one), tools, args.timeout)
        rows = summarise(shape, res, tools[0][0])
        one_rows += rows
        print(markdown_table(HEADERS, rows), flush=True)
    sections.append("### One equilibrium\n\n" + markdown_table(HEADERS, one_rows))

    body = ("## n-player games (`benchmarks/bench_nplayer.py`)\n\n"
            f"Seeded random games with integer payoffs in [0, 99]; {n_all} games per shape for all "
            f"equilibria, {n_one} for one equilibrium{' (--quick run)' if args.quick else ''}.  Times are "
            "best of two runs, medians over the games (each tool in a forked child, game construction and "
            "imports not timed); \"time / ours\" divides by the median of the first "
            "gametheory row of the same shape (above 1 means slower than ours).  \"verified\" counts "
            "profiles whose max regret is at most 1e-6 times the payoff range, by the same regret "
            "computation for every tool (gametheory's own results are verified to 1e-9 absolute, or "
            "exactly, before they are returned).  Our enumpoly is exact (Fractions) where "
            "equilibria are rational and verifies irrational ones in floating point; pygambit's enumpoly "
            "works in floating point.  Both simplicial subdivisions start from the centroid; ours runs in "
            "floating point (then rebuilds the answer exactly when it can), pygambit's `simpdiv_solve` in "
            "rational arithmetic, its only mode, so that comparison is not like for like.\n\n"
            + "\n\n".join(sections))
    print(body)
    if not args.no_write:
        write_section(__file__, body, argv=argv, timeout=args.timeout)


if __name__ == "__main__":
    main()
