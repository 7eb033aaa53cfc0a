"""Conflict analysis (graph model) at scale, and side by side with gmcr-py.

Family (seeded): option-form conflicts with 4 decision makers owning the options
in turn, one mutually exclusive pair among the first DM's options (so 3/4 of the
settings are feasible), 1 option in 8 irreversible, and random ranks with ties
(integers in ``[0, n_states / 4)``).

Three measurements:

* **Scale**: for growing option counts, the time to build the model (feasible
  states and the move matrices) and to compute Nash, GMR, SMR and SEQ stability
  for every DM and state (``gametheory.conflict.stability``), with the child
  process's peak memory.  Targets: 16 options (49,152 states) under 60 s and 20
  options (786,432 states) under 10 minutes within 24 GiB.
* **Coalitions**: coalition Nash, GMR, SMR and SEQ (Inohara & Hipel 2008) of the
  coalition of the first two DMs (half the options) against the other two, on the
  same conflicts, slice by slice (``gametheory.conflict.coalitions``: closures
  inside each slice, sanctions as propagated minima, no state-by-state matrix),
  with the child's peak memory; on the smaller sizes also with ``R_H`` built
  explicitly as sparse arcs (the previous method), which must give the same
  stable states.
* **Side by side**: gmcr-py's logical solver (``LogicalSolver.findEquilibria``,
  which computes Nash, SEQ, SIM, SEQ+SIM, GMR and SMR) against ours computing the
  same six concepts, on the same conflicts written as ``.gmcr`` files with manual
  rankings.  gmcr-py is not a dependency: pass ``--gmcr-py DIR``, a directory with
  its source files (``data_01_conflictModel.py``, ``data_02_conflictSolvers.py``,
  ``data_03_gmcrUtilities.py``, ``version.py`` from https://github.com/onp/gmcr-py);
  without it that table is skipped.  Equilibria are compared for agreement; the
  known causes of differences (sanctioning chains, gmcr-py's SIM and SEQ+SIM) are
  in docs/explanation/conflict-stability.md ("Agreement with gmcr-py").

Each run is in a forked child with a timeout; times are best-of-one wall times.

Usage::

    python benchmarks/bench_conflict.py --gmcr-py /path/to/gmcr-py   # writes docs/performance.md
    python benchmarks/bench_conflict.py --quick --no-write
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import (
    PERFORMANCE_MD,
    cpu_model,
    fmt_seconds,
    markdown_table,
    run_with_timeout,
    versions,
)

N_DMS = 4

#: Largest option count also run with the explicit coalition reachability.
EXPLICIT_MAX = 14


def random_conflict(n_options: int, seed: int):
    from gametheory.conflict.model import Option, from_options
    rng = np.random.default_rng(seed)
    owners = [k * N_DMS // n_options for k in range(n_options)]
    directions = ["forward" if rng.random() < 0.125 else "both" for _ in range(n_options)]
    options = [Option(f"o{k}", owners[k], directions[k]) for k in range(n_options)]
    first = [k for k in range(n_options) if owners[k] == 0][:2]
    c = from_options([f"DM{i}" for i in range(N_DMS)], options, exclusive=[first] if len(first) == 2 else [])
    c.ranks = rng.integers(0, max(2, c.n_states // 4), size=(N_DMS, c.n_states))
    return c


def _peak_mb() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def ours_scale(n_options, seed):
    from gametheory.conflict.stability import stable
    t0 = time.perf_counter()
    c = random_conflict(n_options, seed)
    t_build = time.perf_counter() - t0
    times, counts = {}, {}
    for concept in ("nash", "gmr", "smr", "seq"):
        t = time.perf_counter()
        st = stable(c, concept)
        times[concept] = time.perf_counter() - t
        counts[concept] = int(st.all(axis=0).sum())
    arcs = int(sum(m.nnz for m in c.moves))
    return {"states": c.n_states, "arcs": arcs, "build": t_build, "times": times, "eq": counts,
            "peak_mb": _peak_mb()}


COALITION = ["DM0", "DM1"]


def ours_coalitions(n_options, seed, method="slices"):
    from gametheory.conflict.coalitions import coalition_stable
    c = random_conflict(n_options, seed)
    times, stable = {}, {}
    for concept in ("nash", "gmr", "smr", "seq"):
        t = time.perf_counter()
        st = coalition_stable(c, COALITION, concept, method=method)
        times[concept] = time.perf_counter() - t
        stable[concept] = np.flatnonzero(st).tolist() if method == "explicit" or n_options <= 14 else int(st.sum())
    slice_states = int(c.n_states // (1 << (n_options - sum(o.dm in (0, 1) for o in c.options))))
    return {"states": c.n_states, "slice": slice_states, "times": times, "stable": stable, "peak_mb": _peak_mb()}


def ours_six(n_options, seed):
    from gametheory.conflict.stability import stable
    c = random_conflict(n_options, seed)
    t = time.perf_counter()
    eq = {k: np.nonzero(stable(c, k).all(axis=0))[0].tolist() for k in ("nash", "seq", "sim", "seqsim", "gmr", "smr")}
    return {"seconds": time.perf_counter() - t, "eq": eq, "states": c.n_states}


def gmcr_py_six(gmcr_dir, gmcr_file):
    sys.path.insert(0, gmcr_dir)
    os.chdir(gmcr_dir)
    import data_01_conflictModel as model
    import data_02_conflictSolvers as solvers
    conf = model.ConflictModel()
    conf.load_from_file(gmcr_file)
    t = time.perf_counter()
    sol = solvers.LogicalSolver(conf)
    sol.findEquilibria()
    seconds = time.perf_counter() - t
    eq = sol.allEquilibria  # rows: Nash, GMR, SEQ, SIM, SEQ+SIM, SMR (gmcr-py's order)
    names = ("nash", "gmr", "seq", "sim", "seqsim", "smr")
    return {"seconds": seconds, "eq": {k: np.nonzero(np.asarray(row))[0].tolist() for k, row in zip(names, eq)}}


def write_marked_section(body: str, path: Path = PERFORMANCE_MD) -> None:
    """Replace (or append) this script's section between the markers of COMMON.md."""
    start, end = "<!-- BEGIN benchmarks/bench_conflict.py -->", "<!-- END benchmarks/bench_conflict.py -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = path.read_text() if path.exists() else "# Performance\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument("--no-write", action="store_true", help="print, do not update docs/performance.md")
    ap.add_argument("--gmcr-py", default=None, help="directory with gmcr-py's source files")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-options", type=int, default=20)
    args = ap.parse_args(argv)

    scale_sizes = [8, 12] if args.quick else [x for x in (8, 10, 12, 14, 16, 18, 20) if x <= args.max_options]
    side_sizes = [6, 8] if args.quick else [6, 8, 10, 12]
    rows = []
    for n in scale_sizes:
        timeout = 900 if n >= 18 else 120
        status, _secs, val = run_with_timeout(ours_scale, (n, args.seed + n), timeout=timeout)
        if status != "ok":
            rows.append([n, "-", "-", "-", "-", "-", "-", "-", "-", status if status == "timeout" else str(val)[:60]])
            print(n, status, val, flush=True)
            continue
        t = val["times"]
        total = sum(t.values())
        rows.append([n, f"{val['states']:,}", f"{val['arcs']:,}", fmt_seconds(val["build"]),
                     fmt_seconds(t["nash"]), fmt_seconds(t["gmr"]), fmt_seconds(t["smr"]), fmt_seconds(t["seq"]),
                     fmt_seconds(val["build"] + total), f"{val['peak_mb']:,.0f} MB"])
        print(rows[-1], val["eq"], flush=True)
    scale_table = markdown_table(
        ["options", "states", "moves (all DMs)", "build", "Nash", "GMR", "SMR", "SEQ", "total", "peak memory"], rows)

    coal_rows = []
    for n in scale_sizes:
        timeout = 900 if n >= 18 else 300
        status, _secs, val = run_with_timeout(ours_coalitions, (n, args.seed + n), timeout=timeout)
        if status != "ok":
            coal_rows.append([n, "-", "-", "-", "-", "-", "-", "-", "-", status if status == "timeout" else str(val)[:60], "-"])
            print(n, status, val, flush=True)
            continue
        t = val["times"]
        explicit, agree = "-", "-"
        if n <= EXPLICIT_MAX:
            se, _s, ve = run_with_timeout(ours_coalitions, (n, args.seed + n, "explicit"), timeout=600)
            if se == "ok":
                explicit = fmt_seconds(sum(ve["times"].values()))
                agree = "yes" if ve["stable"] == val["stable"] else "NO"
            else:
                explicit = se
        coal_rows.append([n, f"{val['states']:,}", f"{val['slice']:,}", fmt_seconds(t["nash"]), fmt_seconds(t["gmr"]),
                          fmt_seconds(t["smr"]), fmt_seconds(t["seq"]), fmt_seconds(sum(t.values())),
                          f"{val['peak_mb']:,.0f} MB", explicit, agree])
        print(coal_rows[-1], flush=True)
    coal_table = markdown_table(
        ["options", "states", "states per slice", "CNash", "CGMR", "CSMR", "CSEQ", "total", "peak memory",
         "explicit R_H (4 concepts)", "same stable states"], coal_rows)

    side_rows = []
    gmcr_note = ""
    gdir = args.gmcr_py and Path(args.gmcr_py).resolve()
    if gdir and (gdir / "data_02_conflictSolvers.py").exists():
        from gametheory.conflict.io_gmcr import write_gmcr
        tmp = Path(tempfile.mkdtemp(prefix="bench_conflict_"))
        for n in side_sizes:
            c = random_conflict(n, args.seed + n)
            f = tmp / f"c{n}.gmcr"
            write_gmcr(c, f)
            so, to, vo = run_with_timeout(ours_six, (n, args.seed + n), timeout=300)
            sg, tg, vg = run_with_timeout(gmcr_py_six, (str(gdir), str(f)), timeout=600)
            agree = "-"
            if so == "ok" and sg == "ok":
                same = [k for k in ("nash", "seq", "sim", "seqsim", "gmr", "smr") if vo["eq"][k] == vg["eq"][k]]
                agree = ", ".join(same) if same else "none"
            ratio = f"{tg / to:,.0f}x" if so == "ok" and sg == "ok" and to > 0 else "-"
            side_rows.append([n, f"{c.n_states:,}", fmt_seconds(to) if so == "ok" else so,
                              fmt_seconds(tg) if sg == "ok" else (sg if sg == "timeout" else "error: " + str(vg)[:40]),
                              ratio, agree])
            print(side_rows[-1], flush=True)
        side_table = markdown_table(["options", "states", "gametheory (6 concepts)", "gmcr-py LogicalSolver",
                                     "gmcr-py / gametheory", "equilibria that agree"], side_rows)
        version = "unknown"
        vfile = gdir / "version.py"
        if vfile.exists():
            m = re.search(r"__version__\s*=\s*['\"]([^'\"]+)", vfile.read_text())
            version = m.group(1) if m else version
        gmcr_note = (f"gmcr-py {version}: its source from https://github.com/onp/gmcr-py (the logical solver "
                     f"runs without a display), run from a local copy, not installed, timeout 600 s.")
    else:
        side_table = "(skipped: no `--gmcr-py DIR` given)"

    v = versions("numpy", "scipy")
    cmd = "python benchmarks/bench_conflict.py" + (" --quick" if args.quick else "") + \
        (" --gmcr-py DIR" if args.gmcr_py else "") + (f" --max-options {args.max_options}" if args.max_options != 20 else "")
    body = f"""## Conflict analysis (graph model)

Produced by `{cmd}` on {datetime.date.today().isoformat()}.
Machine: {cpu_model()}, {os.cpu_count()} logical cores shared with other jobs, Python {platform.python_version()},
numpy {v['numpy']}, scipy {v['scipy']}.

Random option-form conflicts, 4 decision makers, one exclusive pair of options,
1 option in 8 irreversible, random ranks with ties (seed {args.seed} + options).

### Scale: Nash, GMR, SMR and SEQ for every DM and state

Build = feasible states and every DM's sparse move matrix; each concept column is
the time for all four DMs; peak memory is the child process's maximum resident size.
Targets: 16 options under 60 s, 20 options (about a million states: 786,432 here)
under 10 minutes within 24 GiB.

{scale_table}

### Coalitions: coalition Nash, GMR, SMR and SEQ at scale

The coalition of DM0 and DM1 (half the options) against DM2 and DM3, on the same
conflicts.  Each concept column is the time for that coalition and every state,
slice by slice (a slice: the states sharing DM2's and DM3's settings; the coalition's
reachability is a closure inside each slice, the sanctions are propagated minima
over the other DMs' sparse moves; no state-by-state matrix).  Peak memory is the
child process's, building included.  "Explicit R_H" is the previous method on the
same conflict and coalition (the coalition's reachability built as sparse arcs and
paired with the others' responses), run up to {EXPLICIT_MAX} options; "same stable
states" compares the two methods' answers state by state.

{coal_table}

### Side by side with gmcr-py (Nash, SEQ, SIM, SEQ+SIM, GMR, SMR)

Both tools compute the same six concepts for every DM on the same conflict (ours
from the model, gmcr-py from the same conflict written as a `.gmcr` file with manual
rankings; file reading excluded).  "Agree" lists the concepts whose equilibria are
identical.  Differences have known causes (docs/explanation/conflict-stability.md,
"Agreement with gmcr-py"): gmcr-py lets each opponent move at most once in a
sanction (GMR, SMR, SEQ), checks only a DM's first improvement in SIM, and computes
SEQ+SIM as SEQ or SIM.  {gmcr_note}

{side_table}
"""
    print(body)
    if not args.no_write:
        write_marked_section(body)


if __name__ == "__main__":
    main()
