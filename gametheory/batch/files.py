"""Solve every game file of a directory or glob, one result row per file.

Each row is ``{"index": k, "file": path, ...}`` followed by the fields of
``gametheory solve --format json`` for that file (but ``details``), or by ``"error"`` when the file
cannot be read or solved; a bad file never stops the batch.  Files are taken in
sorted order (``index`` is the position), so the output is deterministic and a
run can be resumed.

Speed: small two-player ``.nfg`` files in Gambit's payoff version are read by a
strict fast path (one regular expression for the prologue, one float per
payoff), grouped by shape and solved by the stacked kernel; anything the fast
path does not fully recognise is read by :func:`gametheory.load`, so errors are
reported exactly as ``gametheory validate`` reports them.
"""
from __future__ import annotations

import glob as _glob
import os
import re
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..exceptions import InvalidGameError
from .output import json_line, with_numeric_parameters

GAME_SUFFIXES = (".yaml", ".yml", ".nfg", ".efg")
FILE_CHUNK = 500

_STR = r'"((?:[^"\\\n]|\\.)*)"'
_NFG_RE = re.compile(
    r'\A\s*NFG\s+1\s+R\s+' + _STR + r'\s*\{\s*((?:"(?:[^"\\\n]|\\.)*"\s*)*)\}\s*\{\s*([0-9]+)\s+([0-9]+)\s*\}\s*'
    r'(?:' + _STR + r')?(.*)\Z', re.S)
_LABEL_RE = re.compile(_STR)
_NOT_NUMERIC = re.compile(r"[^0-9eE+\-.\s]")


def find_game_files(source, skipped: list | None = None) -> list[str]:
    """Game files (``.yaml``, ``.yml``, ``.nfg``, ``.efg``) under a directory, matching a glob, or one file.

    Directories are searched recursively; the list is sorted.  Only regular
    files are taken: a FIFO, socket or device with a game suffix would block or
    mislead the reader, so it is left out (and appended to ``skipped`` when a
    list is given, for the caller to mention).

    Raises
    ------
    InvalidGameError
        When nothing is found.
    """
    src = str(source)
    if os.path.isdir(src):
        named = [os.path.join(root, f) for root, _, files in os.walk(src) for f in files
                 if os.path.splitext(f)[1].lower() in GAME_SUFFIXES]
    elif os.path.isfile(src):
        named = [src]
    else:
        named = [p for p in _glob.glob(src, recursive=True)
                 if not os.path.isdir(p) and os.path.splitext(p)[1].lower() in GAME_SUFFIXES]
    found = []
    for p in named:
        if os.path.isfile(p):           # stat, never open: a FIFO is not opened
            found.append(p)
        elif skipped is not None and os.path.lexists(p):
            skipped.append(p)
    if not found:
        raise InvalidGameError(f"{src}: no game files (.yaml, .yml, .nfg, .efg) found")
    return sorted(found)


@dataclass
class FilesJob:
    method: str = "auto"
    exact: bool | None = None
    timeout: float | None = None


class _TimedOut(Exception):
    pass


class _time_limit:
    """Raise :class:`_TimedOut` in this thread after ``seconds`` (SIGALRM timer).

    Only in a process's main thread on a system with ``setitimer`` (worker
    processes and serial runs); elsewhere (Dask worker threads) no limit applies.
    """

    def __init__(self, seconds):
        self.seconds = seconds
        self.active = False

    def __enter__(self):
        import signal
        import threading
        if (self.seconds and hasattr(signal, "setitimer")
                and threading.current_thread() is threading.main_thread()):
            def handler(signum, frame):
                raise _TimedOut()
            self.old = signal.signal(signal.SIGALRM, handler)
            signal.setitimer(signal.ITIMER_REAL, float(self.seconds))
            self.active = True
        return self

    def __exit__(self, *exc):
        import signal
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)
        return False


def _solve_one(job: FilesJob, path: str) -> dict | tuple:
    """Read one file and solve it (with the job's time limit): its JSON document,
    an ``{"error": ...}`` document, or ``("kernel", item)`` for the stacked kernel."""
    from ..game import NormalFormGame
    from ..solvers import auto_method
    from .engine import KERNEL_METHODS, solve_doc
    from .kernel import kernel_applies
    try:
        with _time_limit(job.timeout):
            game = _read(path)
            method = job.method
            if (method in KERNEL_METHODS and isinstance(game, NormalFormGame) and game.n_players == 2
                    and not game.is_symbolic and kernel_applies(game.shape)
                    and (job.exact is not None or game.kind == "exact")):
                P = game.float_payoffs()
                return ("kernel", (game.shape, game.players, game.strategies),
                        (game.title or "", game.players, game.shape, P[0], P[1], game))
            if method == "auto":
                method = auto_method(game)
            return solve_doc(game, method, job.exact)    # None: the game's own kind
    except _TimedOut:
        return {"error": f"{path}: timed out after {job.timeout:g} s (--timeout)", "timeout": True}
    except (InvalidGameError, OSError, ValueError, ArithmeticError) as exc:
        return {"error": str(exc)}
    except Exception as exc:  # one bad file never stops the batch
        return {"error": f"{path}: internal error ({type(exc).__name__}: {exc}); this is a bug"}


def fast_nfg(text: str):
    """Parse a two-player payoff-version ``.nfg`` text quickly; None when it is anything else.

    Returns ``(title, players, (m, n), A, B)`` with float payoffs, for files the
    full reader would accept with the same title, players and numbers; every
    other file (more players, labels, outcome version, escapes, fractions,
    malformed data) returns None and goes to the full reader.
    """
    mt = _NFG_RE.match(text)
    if not mt:
        return None
    title, players_text, m, n, _comment, body = mt.groups()
    if title is None or "\\" in title:      # escapes: the full reader decodes them
        return None
    players = _LABEL_RE.findall(players_text)
    if len(players) != 2 or any("\\" in p or not p.strip() for p in players) or players[0] == players[1]:
        return None
    m, n = int(m), int(n)
    if m < 1 or n < 1 or m * n > 10_000:
        return None
    # Only digits, signs, points, exponents and spaces: then float() accepts exactly
    # the decimal numbers the full reader accepts (no "inf", "nan" or "1_0").
    if _NOT_NUMERIC.search(body):
        return None
    tokens = body.split()
    if len(tokens) != 2 * m * n:
        return None
    try:
        vals = np.array(tokens, dtype=float)
    except ValueError:
        return None
    if not np.all(np.isfinite(vals)):
        return None
    pairs = vals.reshape(m * n, 2)           # profile k = r + m * c (first player fastest)
    A = pairs[:, 0].reshape(n, m).T
    B = pairs[:, 1].reshape(n, m).T
    return title, tuple(players), (m, n), A, B


def _read(path: str):
    from ..io import load
    return load(path)


def solve_file_chunk(job: FilesJob, payload) -> tuple[list[str], list[tuple[str, str]]]:
    """Worker entry point: ``payload = [(index, path), ...]`` -> (lines, [(path, error), ...])."""
    from .engine import KERNEL_METHODS, bimatrix_docs
    from .kernel import kernel_applies

    docs: dict[int, dict] = {}
    groups: dict[tuple, list] = {}
    for index, path in payload:
        fast = None
        if job.method in KERNEL_METHODS and path.lower().endswith(".nfg"):
            try:
                with open(path, "rb") as fh:
                    text = fh.read().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                text = None
            fast = fast_nfg(text) if text else None
        if fast is not None and kernel_applies(fast[2]):
            groups.setdefault((fast[2], fast[1]), []).append((index, path, fast))
            continue
        got = _solve_one(job, path)
        if isinstance(got, tuple):
            groups.setdefault(got[1], []).append((index, path, got[2]))
        else:
            docs[index] = got
    for key, items in groups.items():
        shape = key[0]
        players = items[0][2][1]
        strategies = key[2] if len(key) > 2 else tuple(tuple(str(k + 1) for k in range(m)) for m in shape)
        A = np.stack([it[2][3] for it in items])
        B = np.stack([it[2][4] for it in items])

        def game_at(g, items=items):
            it = items[g][2]
            return it[5] if len(it) > 5 else _read(items[g][1])

        try:
            out = bimatrix_docs(A, B, players=players, strategies=strategies,
                                titles=[it[2][0] for it in items], parameters=[{}] * len(items),
                                exact=True if job.exact is None else job.exact,   # files are exact
                                game_at=game_at)
        except Exception as exc:  # pragma: no cover - a kernel bug must not stop the batch
            out = [{"error": f"internal error in the stacked kernel ({type(exc).__name__}: {exc})"}] * len(items)
        for (index, _, _), d in zip(items, out):
            docs[index] = d
    lines, errors = [], []
    for index, path in payload:
        d = docs[index]
        if "error" in d:
            errors.append((path, d["error"]))
        lines.append(json_line(with_numeric_parameters({"index": index, "file": path, **d})))
    return lines, errors


def solve_files(source, out=None, *, method: str = "auto", exact: bool | None = None, resume: bool = False, overwrite: bool = False,
                executor: str = "process", workers: int | None = None, scheduler: str | None = None,
                client=None, chunk_size: int | None = None, progress: bool = False,
                collect: bool = True, timeout: float | None = None):
    """Solve every game file under ``source`` (a directory, a glob or a file).

    Parameters
    ----------
    source : str or path
    out : path, optional
        A ``.jsonl`` file for the rows (written in order, flushed in chunks,
        resumable), with a ``.meta.json`` sidecar.
    method : str
        Solver method (``"auto"``: ``enummixed`` for two-player games, the
        registry's choice otherwise).
    exact : bool, optional
        Exact rational equilibria, or floating point (regret at most 1e-9 of the
        payoff range); default ``None``: each game's own kind, which is exact for
        every game read from a file (file numbers are read exactly).
    resume, executor, workers, scheduler, client, chunk_size, progress
        As for :func:`gametheory.batch.sweep.sweep`.
    collect : bool
        Return the rows as a :class:`~gametheory.batch.table.Table`.
    timeout : float, optional
        Seconds allowed to read and solve one file (files solved one by one, not
        the stacked two-player kernel); a file over the limit gets a row with
        ``"error"`` and ``"timeout": true`` and the batch moves on.  Applies in
        worker processes and serial runs (not on Dask threads).

    Returns
    -------
    (Table or None, list of (str, str))
        The rows, and the ``(file, error)`` pairs of every file that failed
        (those of a resumed run's earlier session included).
    """
    from .._version import __version__
    from ..solvers import registry
    from .executors import run_chunks

    registry.check_method_name(method)
    files = find_game_files(source)
    if timeout is not None and not timeout > 0:
        raise InvalidGameError(f"--timeout must be a positive number of seconds, got {timeout!r}")
    job = FilesJob(method=method, exact=None if exact is None else bool(exact), timeout=timeout)
    run: dict[str, Any] = {"command": "batch", "source": str(source), "method": method, "exact": job.exact,
           "files": len(files)}
    if timeout is not None:
        run["timeout"] = timeout
    meta = {"gametheory": __version__, "run": run, "finished": False}
    done = 0
    writer = None
    prior_errors: list[tuple[str, str]] = []
    if out is not None:
        from .output import ResultWriter, check_writable, output_format, prepare_resume, write_meta
        if output_format(out) != "jsonl":
            raise InvalidGameError(f"--out {out}: gametheory batch writes JSON lines (.jsonl)")
        check_writable(out, resume=resume, overwrite=overwrite)   # before the sidecar is touched
        done = prepare_resume(out, "jsonl", "index", None, meta) if resume else 0
        if done:
            prior_errors = _check_files_prefix(out, files, done)
        write_meta(out, meta)
        writer = ResultWriter(out, "jsonl", resume=resume, header=None, overwrite=overwrite)
    size = chunk_size or FILE_CHUNK
    items = list(enumerate(files))[done:]
    payloads = [items[s:s + size] for s in range(0, len(items), size)]
    lines_mem: list[str] = []
    errors: list[tuple[str, str]] = list(prior_errors)
    bar = None
    if progress:
        from .output import Progress
        bar = Progress(len(files), done, unit="file", label="batch")
    try:
        for k, (lines, errs) in run_chunks(solve_file_chunk, job, payloads, executor=executor,
                                           workers=workers, scheduler=scheduler, client=client):
            if writer is not None:
                writer.write_chunk(lines)
            elif collect:
                lines_mem.extend(lines)
            errors.extend(errs)
            if bar is not None:
                bar.update(len(payloads[k]))
    finally:
        if bar is not None:
            bar.close()
        if writer is not None:
            writer.close()
    if out is not None:
        meta.update(finished=True, rows=len(files))
        write_meta(out, meta)
    if not collect:
        return None, errors
    import json

    from .table import Table
    if out is not None:
        return Table.read(out), errors
    return Table([json.loads(ln) for ln in lines_mem]), errors


def _check_files_prefix(out, files: Sequence[str], done: int) -> list[tuple[str, str]]:
    """Check that the rows kept by a resume are this run's first files; return their errors."""
    import json
    errors = []
    with open(out, encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if k >= done:
                break
            row = json.loads(line)
            name = row.get("file")
            if name != files[k]:
                raise InvalidGameError(f"--resume: {out} row {k + 1} is for {name!r}, but this run's "
                                       f"file {k + 1} is {files[k]!r}; the file was not written by this run")
            if "error" in row:
                errors.append((name, row["error"]))
    return errors
