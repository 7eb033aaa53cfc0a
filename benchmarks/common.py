"""Shared helpers for the benchmark scripts: timing with a timeout, the machine, tables,
and writing a section of docs/performance.md.

Usage from another benchmark::

    from common import machine_header, run_with_timeout, markdown_table, write_section

Benchmarks are scripts, not tests: run them with ``python benchmarks/<name>.py``.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import platform
import re
import time
import traceback
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
PERFORMANCE_MD = ROOT / "docs" / "performance.md"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions(*modules: str) -> dict[str, str]:
    """Installed versions of the named distributions ('missing' when absent); gametheory's
    own version is read from the package run (it may be run from a checkout, not installed)."""
    from importlib import metadata
    out = {}
    for name in modules:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "missing"
        if name == "gametheory":
            try:
                import gametheory
                out[name] = gametheory.__version__
            except ImportError:
                pass
    return out


def machine_header() -> str:
    """A Markdown paragraph describing the machine and the library versions."""
    v = versions("gametheory", "numpy", "scipy", "nashpy", "quantecon", "pygambit", "numba")
    return (f"Machine: {cpu_model()}, {os.cpu_count()} logical cores (shared), "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}.  "
            "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".")


def best_time(func: Callable[[], Any], repeat: int = 3, budget: float = 2.0) -> tuple[float, Any]:
    """Best wall time of ``func()`` over up to ``repeat`` runs (fewer if a run exceeds ``budget``)."""
    best = float("inf")
    out = None
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        out = func()
        dt = time.perf_counter() - t
        best = min(best, dt)
        if dt > budget:
            break
    return best, out


def _child(conn, func, args, repeat):
    try:
        conn.send(("ok",) + best_time(lambda: func(*args), repeat))
    except BaseException as exc:  # report every failure to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}", traceback.format_exc(limit=2)))
    finally:
        conn.close()


def run_with_timeout(func: Callable, args: tuple = (), timeout: float = 10.0, repeat: int = 1):
    """Run ``func(*args)`` in a forked process; return ``(status, seconds, value)``.

    ``status`` is ``"ok"``, ``"timeout"`` or ``"error"``; ``value`` is what ``func``
    returned (it must be picklable) or the error message.  The child is killed at
    the timeout, so a peer that never finishes cannot stall the benchmark.
    """
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, func, args, repeat))
    proc.start()
    child.close()
    status, seconds, value = "timeout", timeout, None
    if parent.poll(timeout):
        msg = parent.recv()
        if msg[0] == "ok":
            status, seconds, value = "ok", msg[1], msg[2]
        else:
            status, value = "error", msg[1]
    if proc.is_alive():
        proc.kill()
    proc.join()
    return status, seconds, value


def fmt_seconds(s: float | None) -> str:
    if s is None:
        return "-"
    if s < 1e-3:
        return f"{s * 1e6:.0f} us"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def markdown_table(headers: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(c) for c in row) + " |")
    return "\n".join(lines)


def section_marker(script: str) -> str:
    """``benchmarks/bench_NAME.py`` for a script's path (``__file__``) or a bare name
    (``"trees"``, ``"n-player"``: ``bench_trees.py``, ``bench_nplayer.py``)."""
    name = Path(script).name
    if not name.endswith(".py"):
        stem = name.replace("-", "_")
        candidates = [f"bench_{stem}.py", f"bench_{stem.replace('_', '')}.py"]
        name = next((c for c in candidates if (ROOT / "benchmarks" / c).exists()), candidates[0])
    return f"benchmarks/{name}"


def provenance(script: str, argv: list[str] | None = None, timeout: float | None = None) -> str:
    """One paragraph: the exact command line, the date, the timeout, the machine, the versions."""
    import datetime
    import shlex
    import sys
    args = sys.argv[1:] if argv is None else list(argv)
    command = " ".join(["python", section_marker(script)] + [shlex.quote(a) for a in args])
    parts = [f"Produced by `{command}` on {datetime.date.today().isoformat()}"]
    if timeout is not None:
        parts.append(f"timeout {timeout:g} s per run")
    return "; ".join(parts) + ".  " + machine_header()


def write_section(script: str, body: str, path: Path = PERFORMANCE_MD, *, argv: list[str] | None = None,
                  timeout: float | None = None) -> None:
    """Replace (or append) the section of ``script`` in docs/performance.md.

    The section lies between ``<!-- BEGIN benchmarks/bench_NAME.py -->`` and
    ``<!-- END benchmarks/bench_NAME.py -->``; ``script`` is the benchmark's
    ``__file__`` (or a bare name, see :func:`section_marker`).  The paragraph of
    :func:`provenance` (command line, date, timeout, machine, versions) is inserted
    under the section's first heading.  Other sections are left alone; the file
    gets a title if it does not exist yet.
    """
    marker = section_marker(script)
    start, end = f"<!-- BEGIN {marker} -->", f"<!-- END {marker} -->"
    lines = body.strip("\n").split("\n")
    head = 1 if lines and lines[0].startswith("#") else 0
    lines[head:head] = (["", provenance(script, argv, timeout)] if head else [provenance(script, argv, timeout), ""])
    block = start + "\n" + "\n".join(lines).rstrip() + "\n" + end
    if path.exists():
        text = path.read_text()
    else:
        text = ("# Performance\n\nSide-by-side timings against nashpy, QuantEcon and Gambit, "
                "each section written by the script named in its markers.\n")
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)
