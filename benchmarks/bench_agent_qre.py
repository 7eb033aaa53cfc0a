"""Agent logit QRE on centipede games: before and after the vectorised tracer, and pygambit.

The family: a centipede of ``n`` moves (two players alternate; the mover at move
``k`` who stops gets ``k + 2`` and the other ``k``, continuing to the end gives
``n`` each; Rosenthal 1981), ``2n`` actions and ``2n + 1`` nodes.  Three solvers
trace the agent logit QRE branch to its limit (everybody stops):

* **now**: ``gametheory.solve(tree, "qre", exact=False)`` on this checkout (path
  segments built once and swept with one gather per sweep, analytic Jacobian, BLAS
  on one thread);
* **before**: the same call on the agent QRE module of commit 006bcb9 (read with
  ``git show`` and imported in place of the current one; per-level sweeps,
  finite-difference Jacobians, BLAS threads as configured), with its default step
  cap;
* **pygambit**: ``pygambit.nash.logit_solve(game, use_strategic=False)`` on the
  same tree written to a ``.efg`` file, run by the Python of ``--gambit-python``
  (default ``/work/gambit-venv/bin/python``); reading the file is not timed.

Each run has a timeout (``--timeout``, default 300 s); times are wall-clock on a
shared machine, so compare within one row.  A cell says what happened when the
run did not end with an equilibrium.

Usage::

    python benchmarks/bench_agent_qre.py              # n = 16, 24, 32, 50
    python benchmarks/bench_agent_qre.py --quick      # n = 16, 24 and no "before"
    python benchmarks/bench_agent_qre.py --no-write   # print only
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import ROOT, fmt_seconds, markdown_table, run_with_timeout, write_section  # noqa: E402

BASE = "006bcb9"


def centipede(moves: int):
    from gametheory.game.examples import centipede as build
    return build(moves)


def _stops_everywhere(result) -> bool:
    return all(float(b[0]) > 1 - 1e-6 for pl in result[0].probabilities for b in pl)


def run_now(moves: int):
    from gametheory import solve
    t = time.perf_counter()
    r = solve(centipede(moves), "qre", exact=False)
    return time.perf_counter() - t, _stops_everywhere(r), r.details["steps"]


def run_before(moves: int):
    src = subprocess.run(["git", "show", f"{BASE}:gametheory/solvers/agent_qre.py"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "agent_qre_base.py"
        path.write_text(src)
        spec = importlib.util.spec_from_file_location("gametheory.solvers._agent_qre_base", path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        spec.loader.exec_module(mod)
    g = centipede(moves)
    t = time.perf_counter()
    try:
        r = mod.agent_qre_solve(g, exact=False)
    except Exception as exc:  # the earlier module's failure is a result of the comparison
        return time.perf_counter() - t, None, f"{type(exc).__name__}: {exc}"
    return time.perf_counter() - t, _stops_everywhere(r), r.details["steps"]


GAMBIT_SCRIPT = """
import sys, time, pygambit
g = pygambit.read_efg(sys.argv[1])
t = time.perf_counter()
res = pygambit.nash.logit_solve(g, use_strategic=False)
dt = time.perf_counter() - t
eq = res.equilibria[0]
stops = all(float(eq[list(infoset.actions)[0]]) > 1 - 1e-6 for infoset in g.infosets)
print(dt, stops)
"""


def run_gambit(moves: int, python: str, timeout: float):
    from gametheory.io.efg import write_efg
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "centipede.efg"
        write_efg(centipede(moves), path)
        try:
            proc = subprocess.run([python, "-c", GAMBIT_SCRIPT, str(path)], capture_output=True, text=True,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return "timeout"
        except OSError as exc:
            return f"not run ({exc.strerror})"
    if proc.returncode != 0:
        return "error: " + (proc.stderr.strip().splitlines() or ["?"])[-1][:80]
    dt, stops = proc.stdout.split()
    return fmt_seconds(float(dt)) + ("" if stops == "True" else " (another limit)")


def gambit_version(python: str) -> str:
    """pygambit's version in the Python that runs it (not the one running this script)."""
    try:
        proc = subprocess.run([python, "-c", "import pygambit; print(pygambit.__version__)"],
                              capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    return proc.stdout.strip() if proc.returncode == 0 else "not found"


def cell(status, seconds, value) -> str:
    if status == "timeout":
        return f"timeout ({seconds:g} s)"
    if status == "error":
        return "failed: " + str(value)[:90]
    dt, stops, steps = value
    if stops is None:
        return f"failed after {fmt_seconds(dt)} ({str(steps)[:70]}...)"
    return f"{fmt_seconds(dt)}, {steps} steps" + ("" if stops else " (another limit)")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--gambit-python", default="/work/gambit-venv/bin/python")
    args = ap.parse_args(argv)
    sizes = [16, 24] if args.quick else [16, 24, 32, 50]
    rows = []
    for n in sizes:
        now = cell(*run_with_timeout(run_now, (n,), timeout=args.timeout))
        before = "not run (--quick)" if args.quick else cell(*run_with_timeout(run_before, (n,), timeout=args.timeout))
        gambit = run_gambit(n, args.gambit_python, args.timeout)
        rows.append([n, 2 * n, now, before, gambit])
        print(rows[-1], flush=True)
    table = markdown_table(["moves", "actions", "now (this checkout)", f"before ({BASE})",
                            "pygambit logit_solve(use_strategic=False)"], rows)
    body = "\n".join([
        "## Agent logit QRE on centipede games: now, before, pygambit",
        "",
        "The agent QRE branch of an n-move centipede traced to its limit (everybody stops), in floating "
        "point: `solve(tree, \"qre\", exact=False)` on this checkout and on the agent QRE module of "
        f"commit {BASE}, against pygambit's `logit_solve(use_strategic=False)` (pygambit "
        f"{gambit_version(args.gambit_python)}, run by `{args.gambit_python}`) on the same tree read from "
        "a `.efg` file (reading not timed).  Wall-clock seconds, one run each; \"steps\" are our accepted "
        "continuation steps.  On the 50-move tree the earlier module does not finish: it stops at its step "
        "cap (2000 steps, at lambda about 155, with a SolverError) after a minute or more, or runs into the "
        "timeout when the machine is busy (its BLAS threads wake for every small solve); its "
        "finite-difference Jacobians and per-level sweeps made each step slow, and its stale Jacobians "
        "short steps.  Our 16-move row is also a test (`tests/test_audit_trees.py`, steps counted, not "
        "timed).",
        "",
        table,
    ])
    print(body)
    if not args.no_write:
        write_section(__file__, body, argv=sys.argv[1:] if argv is None else argv, timeout=args.timeout)


if __name__ == "__main__":
    main()
