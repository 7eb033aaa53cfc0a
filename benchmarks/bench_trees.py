"""Game trees side by side: our sequence form against pygambit's ``lcp_solve``.

Family: one-round poker with K cards (Kuhn's poker for K = 3): chance deals one
card to each player (K(K-1) deals), the first player checks or bets, the second
answers, a check-bet is called or folded.  The tree has 9 K(K-1) + 1 nodes and
4K + 1 sequences per player.  Two versions:

* **general-sum**: the winner loses a 10 % rake, so the game is not zero-sum and
  our ``seqform`` runs Lemke's algorithm on the sequence-form LCP;
* **zero-sum**: no rake, so ``seqform`` solves one LP per player (HiGHS) and
  rebuilds the answer exactly.

pygambit's ``lcp_solve(game, rational=..., use_strategic=False)`` runs Lemke's
algorithm on the same sequence form (Gambit's C++ code).  Both tools are timed
on the same tree (written to a Gambit ``.efg`` file and read back by pygambit),
in exact (rational) and floating-point modes, each in a forked child with a
timeout; times exclude building and reading the tree.  Every equilibrium we
return is verified (zero regret, exactly in rational mode).

Usage::

    python benchmarks/bench_trees.py            # K up to 40 (about 14,000 nodes)
    python benchmarks/bench_trees.py --quick    # K up to 12, a couple of minutes
    python benchmarks/bench_trees.py --no-write # print only
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import warnings
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import fmt_seconds, machine_header, markdown_table, run_with_timeout, write_section  # noqa: E402

from gametheory.game.examples import k_card_poker as poker  # noqa: E402

warnings.simplefilter("ignore")


def ours(cards: int, rake, exact: bool):
    import time

    import scipy.optimize  # noqa: F401  (import costs are not timed, as for pygambit)
    import sympy.polys.matrices  # noqa: F401
    from gametheory.solvers.sequence_form import seqform_solve
    g = poker(cards, rake)
    t = time.perf_counter()
    res = seqform_solve(g, exact=exact)
    dt = time.perf_counter() - t
    return dt, res.details["path"], [float(v) for v in res[0].payoffs()]


def gambit(path: str, rational: bool):
    import time
    import pygambit
    g = pygambit.read_efg(path)
    t = time.perf_counter()
    res = pygambit.nash.lcp_solve(g, rational=rational, use_strategic=False)
    dt = time.perf_counter() - t
    return dt, len(res.equilibria)


NOTE = ("`>Nx` is a lower bound: Gambit did not finish within the timeout.  On the smallest trees "
        "(K = 3) Gambit's floating-point solver can be faster: our time includes building the "
        "sequence form in Python and verifying the equilibrium's regret on the tree; from a few "
        "hundred nodes on, the exact paths (integer pivoting, or the floating-point path rebuilt "
        "exactly from its support) and the LP pull ahead.  The runs shared two cores with other jobs, "
        "so single timings carry noise of tens of per cent.")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--timeout", type=float, default=None)
    args = ap.parse_args(argv)
    sizes = [3, 5, 8, 12] if args.quick else [3, 5, 8, 12, 20, 30, 40]
    timeout = args.timeout or (30.0 if args.quick else 120.0)
    from gametheory.io import save

    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="bench_trees_"))
    for family, rake in (("general-sum", Fraction(1, 10)), ("zero-sum", Fraction(0))):
        for k in sizes:
            g = poker(k, rake)
            path = tmp / f"poker{k}_{family}.efg"
            save(g, str(path))
            line = [family, k, len(g.nodes)]
            for exact in (True, False):
                s1, _, v1 = run_with_timeout(ours, (k, rake, exact), timeout)
                s2, _, v2 = run_with_timeout(gambit, (str(path), exact), timeout)
                t1 = v1[0] if s1 == "ok" else None
                t2 = v2[0] if s2 == "ok" else None
                how = v1[1] if s1 == "ok" else s1
                ratio = f"{t2 / t1:.2g}x" if t1 and t2 else ("-" if s2 == "ok" else f">{timeout / t1:.0f}x" if t1 else "-")
                line += [fmt_seconds(t1) if t1 else s1, fmt_seconds(t2) if t2 else s2, ratio]
                if exact:
                    line.insert(3, how)
            rows.append(line)
            print(" | ".join(str(c) for c in line), flush=True)
    headers = ["family", "cards K", "nodes", "our path", "ours exact", "Gambit rational", "speed-up",
               "ours float", "Gambit float", "speed-up"]
    table = markdown_table(headers, rows)
    body = "\n".join([
        "## Trees: sequence form vs pygambit `lcp_solve`",
        "",
        "K-card one-round poker (Kuhn's poker at K = 3; 9K(K-1)+1 nodes, 4K+1 sequences per player), "
        "solved by our `seqform` and by pygambit's `lcp_solve(use_strategic=False)` on the same tree.  "
        "General-sum trees (a 10 % rake) go through Lemke's algorithm, zero-sum trees through one LP per "
        "player rebuilt exactly.  Speed-up = Gambit's time / ours (above 1: we are faster).  "
        f"Timeout {timeout:g} s per run; building and reading the trees is not timed.  "
        f"Produced by `python benchmarks/bench_trees.py{' --quick' if args.quick else ''}`.",
        "",
        machine_header(),
        "",
        table,
        "",
        NOTE,
    ])
    print(body)
    if not args.no_write:
        write_section("trees", body)


if __name__ == "__main__":
    main()
