"""Append-only result files that survive a crash: JSON lines or CSV, a sidecar, resume.

Rows are written **in id order** (the executors buffer chunks that finish early),
one line per row, and flushed after every chunk.  A run killed at any moment
(Ctrl-C, ``kill -9``, a crash) leaves a file that is a prefix of the finished
one, possibly ending in a torn line.  :func:`prepare_resume` cuts the torn line
off, checks that the rows are ids ``0 .. K-1`` in order, and returns ``K``: the
run continues at row ``K`` and the finished file is byte for byte the one an
uninterrupted run writes.

The sidecar ``<out>.meta.json`` records the command, its parameters and the
package version; it is written when a run starts (``"finished": false``) and
rewritten when it ends.  A resumed run refuses to continue a file whose sidecar
describes another run.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Sequence

from ..exceptions import InvalidGameError

FORMATS = (".jsonl", ".csv")
_ID_RE = {"point": re.compile(rb'^\{"point":(\d+)[,}]'), "index": re.compile(rb'^\{"index":(\d+)[,}]')}


def output_format(path) -> str:
    """``"jsonl"`` or ``"csv"`` from the file name (``.json`` and ``.ndjson`` count as JSON lines)."""
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    raise InvalidGameError(f"--out {path}: unknown output format {suffix or '(no extension)'!r}; "
                           "expected .jsonl or .csv")


def meta_path(path) -> Path:
    return Path(str(path) + ".meta.json")


def with_numeric_parameters(doc: dict) -> dict:
    """``doc`` with ``"parameter_values"`` (floats) right after its ``"parameters"``
    (exact text such as ``"5/9"``, which pandas cannot convert), as sweep rows have
    them; a document without parameters is returned unchanged."""
    params = doc.get("parameters")
    if not params or "parameter_values" in doc:
        return doc
    out = {}
    for key, value in doc.items():
        out[key] = value
        if key == "parameters":
            out["parameter_values"] = numeric_parameters(value)
    return out


def json_line(row: dict) -> str:
    """One compact JSON line (keys in insertion order, UTF-8 kept)."""
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"


#: A text cell starting with one of these is a formula to a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """``value`` safe for a spreadsheet: text that would start a formula (``=``,
    ``+``, ``-``, ``@``, tab, carriage return) gets a leading ``'`` (OWASP's
    advice against CSV injection); numbers, and text that is a number such as
    ``"-3"`` or ``"-5/9"``, are left alone.  :func:`csv_uncell` undoes it."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number_text(value):
        return "'" + value
    return value


def csv_uncell(text: str) -> str:
    """The value :func:`csv_cell` escaped."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_START) and not _is_number_text(text[1:]):
        return text[1:]
    return text


def _is_number_text(text: str) -> bool:
    from fractions import Fraction
    try:
        Fraction(text.strip())
        return True
    except (ValueError, ZeroDivisionError):
        try:
            float(text)
            return True
        except ValueError:
            return False


def csv_line(values: Sequence) -> str:
    """One CSV line; text cells escaped against formula injection (:func:`csv_cell`)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([csv_cell(v) for v in values])
    return buf.getvalue()


def check_writable(path, *, resume: bool, overwrite: bool) -> None:
    """Refuse, before anything is written (sidecar included), to replace a results
    file that exists without ``resume`` or ``overwrite``."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0 and not resume and not overwrite:
        raise InvalidGameError(f"{path} already exists and holds results; use --resume to "
                               "continue that run or --overwrite to replace it")


class Progress:
    """Progress on stderr: a tqdm bar on a terminal, otherwise a plain line
    (``label: done/total (pct%)``) at most every ``every`` seconds and at the end,
    so logs of unattended runs show progress too."""

    def __init__(self, total: int, initial: int = 0, unit: str = "item", label: str = "progress",
                 every: float = 10.0, stream=None):
        import sys
        import time
        self.total, self.n, self.unit, self.label, self.every = total, initial, unit, label, every
        self.stream = stream if stream is not None else sys.stderr
        self._clock = time.monotonic
        self._last = self._clock()
        self.bar = None
        if getattr(self.stream, "isatty", lambda: False)():
            from tqdm import tqdm
            self.bar = tqdm(total=total, initial=initial, unit=unit, dynamic_ncols=True, leave=False,
                            file=self.stream)

    def update(self, k: int) -> None:
        self.n += k
        if self.bar is not None:
            self.bar.update(k)
        elif self._clock() - self._last >= self.every:
            self._line()

    def _line(self) -> None:
        self._last = self._clock()
        pct = 100.0 * self.n / self.total if self.total else 100.0
        self.stream.write(f"{self.label}: {self.n}/{self.total} {self.unit}s ({pct:.0f}%)\n")
        self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        else:
            self._line()


def _cut_torn_tail(path: Path) -> bytes:
    """Drop an incomplete last line; return the kept content."""
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end != len(data):
        with open(path, "r+b") as fh:
            fh.truncate(end)
        data = data[:end]
    return data


def prepare_resume(path, fmt: str, key: str, header: str | None, meta: dict) -> int:
    """Make ``path`` ready to be continued; return the number of rows already done.

    Parameters
    ----------
    path : path-like
        The results file (it may be missing or empty: nothing is done yet).
    fmt : {"jsonl", "csv"}
    key : str
        The id field, first in each row (``"point"`` for sweeps, ``"index"`` for batches).
    header : str or None
        The CSV header line expected at the top.
    meta : dict
        This run's description; a sidecar from another run is an error.

    Raises
    ------
    InvalidGameError
        When the file or its sidecar belongs to another run, or the rows are not
        ids ``0, 1, 2, ...`` in order.
    """
    path = Path(path)
    side = meta_path(path)
    if side.exists():
        try:
            old = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = None
        if isinstance(old, dict) and old.get("run") != meta.get("run"):
            diff = sorted(k for k in set(old.get("run", {})) | set(meta["run"])
                          if old.get("run", {}).get(k) != meta["run"].get(k))
            raise InvalidGameError(f"--resume: {path} was written by another run "
                                   f"(it differs in: {', '.join(diff) or 'its description'}); "
                                   "use another --out or delete the file")
    if not path.exists():
        return 0
    data = _cut_torn_tail(path)
    lines = data.split(b"\n")[:-1]
    if fmt == "csv":
        if not lines:
            return 0
        if header is not None and lines[0].decode("utf-8") + "\n" != header:
            raise InvalidGameError(f"--resume: {path} has another header than this run's")
        lines = lines[1:]
        ids = []
        for ln in lines:
            first = ln.split(b",", 1)[0]
            ids.append(int(first) if first.isdigit() else -1)
    else:
        ids = []
        pat = _ID_RE[key]
        for ln in lines:
            m = pat.match(ln)
            ids.append(int(m.group(1)) if m else -1)
    for k, i in enumerate(ids):
        if i != k:
            raise InvalidGameError(f"--resume: {path} row {k + 1} has {key} {i if i >= 0 else '(none)'}, "
                                   f"expected {k}; the file was not written by this run")
    return len(ids)


class ResultWriter:
    """Append rows (already rendered lines) to a results file, flushing after each chunk."""

    def __init__(self, path, fmt: str, *, resume: bool, header: str | None, overwrite: bool = False):
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        exists = self.path.exists() and self.path.stat().st_size > 0
        if exists and not resume and not overwrite:
            raise InvalidGameError(f"{self.path} already exists and holds results; use --resume to "
                                   "continue that run or --overwrite to replace it")
        self.fh = open(self.path, "a" if resume else "w", encoding="utf-8", newline="")
        if header and not (resume and exists):
            self.fh.write(header)
            self.fh.flush()

    def write_chunk(self, lines: Sequence[str]) -> None:
        self.fh.write("".join(lines))
        self.fh.flush()

    def close(self) -> None:
        self.fh.flush()
        try:
            os.fsync(self.fh.fileno())
        except OSError:
            pass
        self.fh.close()


def write_meta(path, meta: dict) -> None:
    """Write the sidecar atomically (a temporary file renamed over the old one)."""
    side = meta_path(path)
    tmp = side.with_name(side.name + ".tmp")
    tmp.write_text(json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, side)


def numeric_parameters(params) -> dict:
    """``{name: float}`` for a row's ``"parameters"`` (fraction strings such as
    ``"5/9"`` converted), for tools that cannot read fractions."""
    return {k: to_float(v) for k, v in (params or {}).items()}


def is_fraction_text(text: str) -> bool:
    """Whether ``text`` reads as a fraction or decimal (``"5/9"``, ``"0.25"``)."""
    from fractions import Fraction
    try:
        Fraction(text.strip())
        return True
    except (ValueError, ZeroDivisionError):
        return False


def to_float(v) -> float:
    """A number, or a fraction/decimal string, as a float; NaN otherwise."""
    if isinstance(v, bool) or v is None:
        return float("nan")
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str) and is_fraction_text(v):
        from fractions import Fraction
        return float(Fraction(v.strip()))
    return float("nan")
