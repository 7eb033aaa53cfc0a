"""Game trees side by side: our sequence form against pygambit's ``lcp_solve``.

Family: one-round poker with K cards (Kuhn's poker for K = 3): chance deals one
card to each player (K(K-1) deals), the first player checks or bets, the second
answers, a check-bet is called or folded.  The tree has 9 K(K-1) + 1 nodes and
4K + 1 sequences per player.  Two versions:

* **general-sum**: the winner loses a 10 % rake, so the game is not zero-sum and
  our ``seqform`` runs Lemke's algorithm on the sequence-form LCP;
* **zero-sum**: no rake, so ``seqform`` solves one LP per player (HiGHS) and
  rebuilds the answer exactly.

Second family, general-sum with many sequences: a **signalling tree** K x M x R:
chance deals one of K types to the Sender (uniformly), the Sender sends one of M
messages (one information set per type), the Receiver sees only the message (one
information set per message) and answers with one of R responses; payoffs are
random integers in -9..9 (seeded).  The tree has 1 + K + KM + KMR nodes and
KM + 1 and MR + 1 sequences.  Third family, a random **two-round** tree K x A:
chance deals private types (K each), Ann moves (A actions, seeing her type), Bob
answers (seeing his type and her move), Ann moves again (seeing everything but
Bob's type); random integer payoffs.  Both run Lemke's algorithm (no LP).
Once Gambit times out on a tree of a family, it is not run on the larger ones
(the table says "timeout").

What is compared with what (like with like, on the same tree, written to a Gambit
``.efg`` file and read back by pygambit; times exclude building and reading it):

* **zero-sum** trees: our ``seqform`` solves one LP per player (HiGHS); against
  Gambit's LP on the tree, ``pygambit.nash.lp_solve(game, use_strategic=False)``
  (not its LCP).  Exact mode (our LP answer rebuilt exactly from its support, zero
  regret checked in rationals) against ``rational=True``; float against
  ``rational=False``.
* **general-sum** trees: Lemke's algorithm on the sequence-form LCP against Gambit's,
  ``lcp_solve(game, use_strategic=False)``, in three rows: our floating-point
  pivoting with the answer rebuilt exactly from the final basis against
  ``rational=False`` (both pivot in floating point); our rational (integer)
  pivoting against ``rational=True`` (both pivot exactly); our plain floating-point
  answer against ``rational=False``.  The exact modes are forced for every size
  (``sequence_form.EXACT_PIVOT_ROWS``, which by default picks integer pivoting for
  LCPs of at most 64 rows and the float path with an exact rebuild above).

Each run is a forked child with a timeout (``--timeout``; 30 s with ``--quick``,
120 s otherwise); once Gambit times out in a mode on a tree of a family, it is not
run on the larger ones (the table says "timeout").  Every equilibrium we return is
verified (zero regret, exactly in the exact modes).

Usage::

    python benchmarks/bench_trees.py            # K up to 40 (about 14,000 nodes)
    python benchmarks/bench_trees.py --quick    # K up to 12, signalling trees up to 2,221 nodes
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
from common import fmt_seconds, markdown_table, run_with_timeout, write_section  # noqa: E402

from gametheory.game.examples import k_card_poker as poker  # noqa: E402
from gametheory.game.examples import signalling_game, two_round_game  # noqa: E402

warnings.simplefilter("ignore")


def build(family: str, size, rake=None):
    if family == "signalling":
        return signalling_game(*size)
    if family == "two-round":
        return two_round_game(*size)
    return poker(size, rake)


# Our modes: (label, exact, EXACT_PIVOT_ROWS override, Gambit's matching rational flag).
LCP_MODES = [("float pivoting, rebuilt exactly", True, 0, False),
             ("rational pivoting", True, 10 ** 9, True),
             ("float", False, None, False)]
LP_MODES = [("LP, rebuilt exactly", True, None, True),
            ("LP, float", False, None, False)]


def ours(family: str, size, rake, exact: bool, pivot_rows=None):
    import time

    import scipy.optimize  # noqa: F401  (import costs are not timed, as for pygambit)
    import scipy.sparse.linalg  # noqa: F401
    import sympy.polys.matrices  # noqa: F401
    from gametheory.solvers import sequence_form
    if pivot_rows is not None:          # force one exact mode at every size (this child only)
        sequence_form.EXACT_PIVOT_ROWS = pivot_rows
    g = build(family, size, rake)
    t = time.perf_counter()
    res = sequence_form.seqform_solve(g, exact=exact)
    dt = time.perf_counter() - t
    regret = res[0].max_regret()
    if exact and regret != 0:
        raise AssertionError(f"nonzero exact regret {regret}")
    return dt, res.details["algorithm"], [float(v) for v in res[0].payoffs()], res.details.get("pivots"), \
        res.details.get("restarts")


def gambit(path: str, rational: bool, lp: bool):
    import time
    import pygambit
    g = pygambit.read_efg(path)
    solver = pygambit.nash.lp_solve if lp else pygambit.nash.lcp_solve
    t = time.perf_counter()
    res = solver(g, rational=rational, use_strategic=False)
    dt = time.perf_counter() - t
    return dt, [[float(res.equilibria[0].payoff(p)) for p in g.players]] if res.equilibria else []


SIGNALLING_NOTE = (
    "What scales and what does not: building the sequence form, a pivot (a sparse LU of the basis "
    "refactorised every 60 pivots, eta updates in between: about 0.1-0.2 ms at 1,000-2,500 rows) and "
    "the exact rebuild of the final basis (an exact sparse LU, under a second here) all grow gently "
    "with the tree.  The length of Lemke's path does not: from the uniform prior it grows steeply with "
    "the number of information sets (about 800 pivots at 20 x 10 x 10, more than 300,000 at "
    "40 x 20 x 20), and the restarts bring it to thousands or tens of thousands, with a large "
    "variance from tree to tree; the two-round trees are harder still.  So the time of the largest "
    "trees is set by the path, not by the pivots, and is not guaranteed to be seconds.")

NOTE = ("Our times include building the sequence form in Python and verifying the equilibrium's "
        "regret on the tree (exactly in the exact modes).  The runs shared two cores with other jobs, "
        "so single timings carry noise of tens of per cent.")


def _ratio(s1, v1, s2, v2, timeout):
    t1 = v1[0] if s1 == "ok" else None
    t2 = v2[0] if s2 == "ok" else None
    if t1 and t2:
        return f"{t2 / t1:.2g}x"
    if t1 and s2 == "timeout":
        return f">{timeout / t1:.0f}x"
    return "-"


def _payoffs_agree(zero_sum, v1, v2) -> str:
    """Zero-sum: the value is unique, so both tools' payoffs must agree; general-sum
    trees may have several equilibria, so different payoffs are not an error."""
    if v1 is None or v2 is None or not v2[1]:
        return "-"
    same = all(abs(a - b) <= 1e-9 * max(1.0, abs(b)) for a, b in zip(v1[2], v2[1][0]))
    if zero_sum and not same:
        raise AssertionError(f"the game values differ: ours {v1[2]}, Gambit {v2[1][0]}")
    return "same" if same else "different equilibrium"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--timeout", type=float, default=None)
    args = ap.parse_args(argv)
    sizes = [3, 5, 8, 12] if args.quick else [3, 5, 8, 12, 20, 30, 40]
    timeout = args.timeout or (30.0 if args.quick else 120.0)
    from gametheory.io import save

    tmp = Path(tempfile.mkdtemp(prefix="bench_trees_"))
    gave_up: set = set()   # (family, Gambit mode): timed out on a smaller tree, not run again

    def run_row(family, kind, label, size, rake, g, path, exact, pivot_rows, rational):
        zero_sum = kind == "zero-sum"
        s1, _, v1 = run_with_timeout(ours, (family, size, rake, exact, pivot_rows), timeout)
        call = f"{'lp_solve' if zero_sum else 'lcp_solve'}(rational={rational})"
        key = (family, kind, call)
        if key in gave_up:
            s2, v2 = "timeout", None
        else:
            s2, _, v2 = run_with_timeout(gambit, (str(path), rational, zero_sum), timeout)
            if s2 == "timeout":
                gave_up.add(key)
        pivots = (v1[3] if v1[3] is not None else "-") if s1 == "ok" else "-"
        line = [kind if family == "poker" else family, size if family == "poker" else " x ".join(map(str, size)),
                len(g.nodes), label, v1[1] if s1 == "ok" else "-", pivots,
                fmt_seconds(v1[0]) if s1 == "ok" else s1, call, fmt_seconds(v2[0]) if s2 == "ok" else s2,
                _ratio(s1, v1, s2, v2, timeout),
                _payoffs_agree(zero_sum, v1 if s1 == "ok" else None, v2 if s2 == "ok" else None)]
        print(" | ".join(str(c) for c in line), flush=True)
        return line

    rows = []
    for kind, rake in (("general-sum", Fraction(1, 10)), ("zero-sum", Fraction(0))):
        for k in sizes:
            g = poker(k, rake)
            path = tmp / f"poker{k}_{kind}.efg"
            save(g, str(path))
            for label, exact, pivot_rows, rational in (LP_MODES if kind == "zero-sum" else LCP_MODES):
                rows.append(run_row("poker", kind, label, k, rake, g, path, exact, pivot_rows, rational))
    many = [("signalling", size) for size in
            ([(10, 5, 5), (20, 10, 10)] if args.quick else
             [(10, 5, 5), (20, 10, 10), (40, 10, 10), (30, 15, 15), (40, 20, 20), (50, 20, 20),
              (60, 20, 20)])]
    many += [("two-round", size) for size in
             ([(4, 3)] if args.quick else [(4, 3), (8, 4), (12, 4), (16, 4)])]
    sig_rows = []
    for family, size in many:
        g = build(family, size)
        path = tmp / (family + "_".join(str(v) for v in size) + ".efg")
        save(g, str(path))
        for label, exact, pivot_rows, rational in LCP_MODES:
            sig_rows.append(run_row(family, "general-sum", label, size, None, g, path, exact, pivot_rows,
                                    rational))
    headers = ["family", "size", "nodes", "our mode", "our path", "our pivots", "ours", "Gambit",
               "Gambit's time", "Gambit / ours", "payoffs"]
    body = "\n".join([
        "## Trees: sequence form vs pygambit (`lp_solve` for zero-sum, `lcp_solve` for general-sum)",
        "",
        "K-card one-round poker (Kuhn's poker at K = 3; 9K(K-1)+1 nodes, 4K+1 sequences per player; size "
        "= K), solved by our `seqform` and by pygambit on the same tree.  Zero-sum trees (no rake): our LP "
        "per player against Gambit's LP on the tree, `lp_solve(use_strategic=False)`, exact against "
        "`rational=True`, float against `rational=False`.  General-sum trees (a 10 % rake): Lemke's "
        "algorithm against Gambit's, `lcp_solve(use_strategic=False)`: our floating-point pivoting "
        "rebuilt exactly and our float answer against `rational=False`, our rational pivoting against "
        "`rational=True` (each exact mode forced at every size).  \"Gambit / ours\" = Gambit's time / "
        "ours (above 1: we are faster; `>N x`: Gambit timed out, a lower bound).  \"payoffs\": whether "
        "the two equilibria give the same payoffs (zero-sum: the value, which must agree; general-sum: "
        "the tools may reach different equilibria).  Building and reading the trees is not timed.",
        "",
        markdown_table(headers, rows),
        "",
        NOTE,
        "",
        "### General-sum trees with many sequences",
        "",
        "**signalling** K x M x R: chance deals one of K types to the Sender, who sends one of M "
        "messages (one information set per type); the Receiver sees the message only (one information "
        "set per message) and picks one of R responses.  **two-round** K x A: chance deals private types "
        "(K each); Ann moves (A actions) knowing her type, Bob answers knowing his type and her move, Ann "
        "moves again knowing all but Bob's type.  Random integer payoffs in -9..9 (seed 0).  Ours: the "
        "tracing procedure from the uniform prior (von Stengel, van den Elzen & Talman 2002), revised "
        "Lemke pivoting on a sparse LU (floating point) or dense integer pivoting (rational), restarted "
        "from its best point when a path stalls.  Pivots: all restarts together.  Same modes and "
        "columns as above.",
        "",
        markdown_table(headers, sig_rows),
        "",
        SIGNALLING_NOTE,
    ])
    print(body)
    if not args.no_write:
        write_section(__file__, body, argv=argv, timeout=timeout)


if __name__ == "__main__":
    main()
