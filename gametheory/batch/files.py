"""Solve every game file of a directory or glob, one result row per file.

Each row is ``{"index": k, "file": path, ...}`` followed by the fields of
``gametheory solve --format json`` for that file, or by ``"error"`` when the file
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
from typing import Sequence

import numpy as np

from ..exceptions import InvalidGameError
from .output import json_line

GAME_SUFFIXES = (".yaml", ".yml", ".nfg", ".efg")
FILE_CHUNK = 500

_STR = r'"((?:[^"\\\n]|\\.)*)"'
_NFG_RE = re.compile(
    r'\A\s*NFG\s+1\s+R\s+' + _STR + r'\s*\{\s*((?:"(?:[^"\\\n]|\\.)*"\s*)*)\}\s*\{\s*([0-9]+)\s+([0-9]+)\s*\}\s*'
    r'(?:' + _STR + r')?(.*)\Z', re.S)
_LABEL_RE = re.compile(_STR)
_NOT_NUMERIC = re.compile(r"[^0-9eE+\-.\s]")


def find_game_files(source) -> list[str]:
    """Game files (``.yaml``, ``.yml``, ``.nfg``, ``.efg``) under a directory, matching a glob, or one file.

    Directories are searched recursively; the list is sorted.

    Raises
    ------
    InvalidGameError
        When nothing is found.
    """
    src = str(source)
    if os.path.isdir(src):
        found = [os.path.join(root, f) for root, _, files in os.walk(src) for f in files
                 if os.path.splitext(f)[1].lower() in GAME_SUFFIXES]
    elif os.path.isfile(src):
        found = [src]
    else:
        found = [p for p in _glob.glob(src, recursive=True)
                 if os.path.isfile(p) and os.path.splitext(p)[1].lower() in GAME_SUFFIXES]
    if not found:
        raise InvalidGameError(f"{src}: no game files (.yaml, .yml, .nfg, .efg) found")
    return sorted(found)


@dataclass
class FilesJob:
    method: str = "auto"
    exact: bool = False


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
    from ..solvers import auto_method
    from .engine import KERNEL_METHODS, bimatrix_docs, solve_doc
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
        try:
            game = _read(path)
        except (InvalidGameError, OSError, ValueError, ArithmeticError) as exc:
            docs[index] = {"error": str(exc)}
            continue
        method = job.method
        from ..game import NormalFormGame
        if (method in KERNEL_METHODS and isinstance(game, NormalFormGame) and game.n_players == 2
                and not game.is_symbolic and kernel_applies(game.shape)):
            P = game.float_payoffs()
            groups.setdefault((game.shape, game.players, game.strategies), []).append(
                (index, path, (game.title or "", game.players, game.shape, P[0], P[1], game)))
            continue
        if method == "auto":
            try:
                method = auto_method(game)
            except InvalidGameError as exc:
                docs[index] = {"error": str(exc)}
                continue
        docs[index] = solve_doc(game, method, job.exact if job.exact else False)
    for key, items in groups.items():
        shape = key[0]
        players = items[0][2][1]
        strategies = key[2] if len(key) > 2 else tuple(tuple(str(k + 1) for k in range(m)) for m in shape)
        A = np.stack([it[2][3] for it in items])
        B = np.stack([it[2][4] for it in items])

        def game_at(g, items=items):
            it = items[g][2]
            return it[5] if len(it) > 5 else _read(items[g][1])

        out = bimatrix_docs(A, B, players=players, strategies=strategies,
                            titles=[it[2][0] for it in items], parameters=[{}] * len(items),
                            exact=job.exact, game_at=game_at)
        for (index, _, _), d in zip(items, out):
            docs[index] = d
    lines, errors = [], []
    for index, path in payload:
        d = docs[index]
        if "error" in d:
            errors.append((path, d["error"]))
        lines.append(json_line({"index": index, "file": path, **d}))
    return lines, errors


def solve_files(source, out=None, *, method: str = "auto", exact: bool = False, resume: bool = False, overwrite: bool = False,
                executor: str = "process", workers: int | None = None, scheduler: str | None = None,
                client=None, chunk_size: int | None = None, progress: bool = False,
                collect: bool = True):
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
    exact : bool
        Exact rational equilibria (default floating point, regret <= 1e-9).
    resume, executor, workers, scheduler, client, chunk_size, progress
        As for :func:`gametheory.batch.sweep.sweep`.
    collect : bool
        Return the rows as a :class:`~gametheory.batch.table.Table`.

    Returns
    -------
    (Table or None, list of (str, str))
        The rows, and the ``(file, error)`` pairs of every file that failed
        (those of a resumed run's earlier session included).
    """
    from .. import __version__
    from ..solvers import METHODS
    from .executors import run_chunks

    if method != "auto" and method not in METHODS:
        from ..exceptions import UnsupportedGameError
        raise UnsupportedGameError(f"unknown method {method!r}; choose one of: auto, {', '.join(METHODS)}")
    files = find_game_files(source)
    job = FilesJob(method=method, exact=bool(exact))
    run = {"command": "batch", "source": str(source), "method": method, "exact": job.exact,
           "files": len(files)}
    meta = {"gametheory": __version__, "run": run, "finished": False}
    done = 0
    writer = None
    prior_errors: list[tuple[str, str]] = []
    if out is not None:
        from .output import ResultWriter, output_format, prepare_resume, write_meta
        if output_format(out) != "jsonl":
            raise InvalidGameError(f"--out {out}: gametheory batch writes JSON lines (.jsonl)")
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
        from tqdm import tqdm
        bar = tqdm(total=len(files), initial=done, unit="file", dynamic_ncols=True, leave=False)
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
