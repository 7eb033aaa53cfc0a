"""Reading and writing games, one module per format.

=============  =======================  ===============================
extension      module                   reads / writes
=============  =======================  ===============================
.yaml .yml     :mod:`.yaml_format`      the native game file (both)
.nfg           :mod:`.nfg`              Gambit strategic games (both)
.efg           :mod:`.efg`              Gambit game trees (both)
.tex           :mod:`.latex`            LaTeX (write only)
=============  =======================  ===============================

:func:`load` and :func:`save` pick the format from the extension in
:data:`FORMATS`; :func:`register_format` adds one (see "How to add a file
format" in ``docs/explanation/architecture.md``).
"""
from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any, Callable

from ..exceptions import InvalidGameError

#: extension -> (module, reader or None, writer or None); a reader or writer is the
#: name of a function of the module, imported when first used, or the function itself.
FORMATS: dict[str, tuple[str, Any, Any]] = {
    ".yaml": ("gametheory.io.yaml_format", "read_yaml", "write_yaml"),
    ".yml": ("gametheory.io.yaml_format", "read_yaml", "write_yaml"),
    ".nfg": ("gametheory.io.nfg", "read_nfg", "write_nfg"),
    ".efg": ("gametheory.io.efg", "read_efg", "write_efg"),
    ".tex": ("gametheory.io.latex", None, "write_latex"),
}


def _format(path, fmt: str | None):
    ext = ("." + fmt.lstrip(".")) if fmt else Path(path).suffix.lower()
    if ext not in FORMATS:
        raise InvalidGameError(
            f"unknown file format {ext or '(no extension)'!r}; expected one of "
            f"{', '.join(FORMATS)}", file=path)
    return FORMATS[ext]


def load(path, format: str | None = None, limits=None):
    """Read a game file; the format comes from the extension unless given.

    Parameters
    ----------
    path : str or path-like
    format : str, optional
        ``"yaml"``, ``"nfg"`` or ``"efg"`` (default: from the extension).
    limits : gametheory.limits.Limits, optional
        The input budget for this read (default: :func:`gametheory.limits.current`);
        see "Limits" in ``docs/reference/game-file.md``.

    Raises
    ------
    InvalidGameError
        Naming the file, the place in it and what was expected (or the limit
        exceeded and how to raise it).
    """
    module, reader, _ = _format(path, format)
    if reader is None:
        raise InvalidGameError(f"cannot read {format or Path(path).suffix} files", file=path)
    if module == "gametheory.io.yaml_format":  # a conflict model (kind: conflict) is not a game
        _refuse_conflict(path)
    read = _function(module, reader)
    if limits is None:
        return read(path)
    from ..limits import using
    with using(limits):
        return read(path)


def save(game, path, format: str | None = None, **options):
    """Write ``game`` to ``path``; the format comes from the extension unless given."""
    module, _, writer = _format(path, format)
    if writer is None:
        raise InvalidGameError(f"cannot write {format or Path(path).suffix} files", file=path)
    return _function(module, writer)(game, path, **options)


def _function(module: str, function):
    """The reader or writer of a :data:`FORMATS` entry (a name in ``module``, or a function)."""
    return function if callable(function) else getattr(importlib.import_module(module), function)


def register_format(extension: str, reader: Callable | None = None,
                    writer: Callable | None = None) -> None:
    """Let :func:`load` and :func:`save` (and ``gametheory.load``/``save``) handle ``extension``.

    Parameters
    ----------
    extension : str
        The file extension, with or without the dot (``".csvgame"`` or ``"csvgame"``);
        an existing one is replaced.
    reader : callable, optional
        ``reader(path) -> game``.  It should read with :func:`read_text`, check sizes
        against :func:`gametheory.limits.current` and raise
        :class:`~gametheory.exceptions.InvalidGameError` naming the file and the line.
    writer : callable, optional
        ``writer(game, path, **options)``.
    """
    if reader is None and writer is None:
        raise ValueError("register_format: give a reader, a writer or both")
    ext = "." + extension.lower().lstrip(".")
    module = getattr(reader or writer, "__module__", "") or ""
    FORMATS[ext] = (module, reader, writer)


def read_text(path) -> str:
    """Read a text file as UTF-8 (a byte-order mark is dropped), naming the file on error."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidGameError(f"cannot read file: {exc.strerror}", file=path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InvalidGameError(f"not valid UTF-8 text (byte {exc.start})", file=path, line=line) from None
    if not text.strip():
        raise InvalidGameError("the file is empty", file=path)
    return text


#: A native YAML document whose top level declares ``kind: conflict`` holds a
#: conflict model (:mod:`gametheory.conflict.io_yaml` reads it), not a game.
_CONFLICT_KIND = re.compile(r"^kind:\s*['\"]?conflict['\"]?\s*(#.*)?$", re.MULTILINE)


def is_conflict_text(text: str) -> bool:
    """Does this YAML text declare ``kind: conflict`` at the top level?"""
    return bool(_CONFLICT_KIND.search(text))


def _refuse_conflict(path) -> None:
    """Raise UnsupportedGameError if ``path`` is a conflict model: :func:`load`'s callers
    expect games (``gametheory.load`` and :func:`gametheory.conflict.load` return conflicts)."""
    from ..exceptions import UnsupportedGameError
    if is_conflict_text(read_text(path)):
        raise UnsupportedGameError(f"{path} is a conflict model (kind: conflict), not a game: use "
                                   f"gametheory stability, status-quo or inverse, or gametheory.conflict.load")
