"""A light, pandas-free table of result rows."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterator


class Table:
    """Rows (dicts) with column access; what :func:`gametheory.batch.sweep` returns.

    ``table[k]`` is row ``k``; ``table["name"]`` (or :meth:`column`) is a column as a
    list, looking inside ``"parameters"`` for parameter names; ``len(table)``,
    iteration and :meth:`to_rows` work as for a list of dicts.  Convert to pandas
    with ``pandas.DataFrame(table.to_rows())`` if you like.
    """

    def __init__(self, rows: list[dict]):
        self.rows = list(rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict]:
        return iter(self.rows)

    def __getitem__(self, key):
        if isinstance(key, str):
            return self.column(key)
        return self.rows[key]

    @property
    def columns(self) -> list[str]:
        """Top-level keys, in order of first appearance."""
        seen: dict[str, None] = {}
        for r in self.rows:
            for k in r:
                seen.setdefault(k, None)
        return list(seen)

    def column(self, name: str, default: Any = None) -> list:
        """One value per row: ``row[name]``, else ``row["parameters"][name]``, else ``default``."""
        out = []
        for r in self.rows:
            if name in r:
                out.append(r[name])
            else:
                out.append((r.get("parameters") or {}).get(name, default))
        return out

    def errors(self) -> list[dict]:
        """The rows that carry an ``"error"``."""
        return [r for r in self.rows if "error" in r]

    def to_rows(self) -> list[dict]:
        return list(self.rows)

    def __repr__(self) -> str:
        return f"<Table: {len(self.rows)} rows, columns {', '.join(self.columns)}>"

    @classmethod
    def read(cls, path) -> "Table":
        """Read a results file written by ``gametheory sweep`` or ``batch`` (.jsonl or .csv)."""
        path = Path(path)
        if path.suffix.lower() == ".csv":
            with open(path, encoding="utf-8", newline="") as fh:
                return cls([dict(r) for r in csv.DictReader(fh)])
        rows = []
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.endswith("\n"):
                    rows.append(json.loads(line))
        return cls(rows)
