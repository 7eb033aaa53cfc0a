"""A light, pandas-free table of result rows."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterator

from .output import is_fraction_text as _is_fraction_text
from .output import numeric_parameters  # noqa: F401  (public here too)
from .output import to_float as _to_float


class Table:
    """Rows (dicts) with column access; what :func:`gametheory.batch.sweep` returns.

    ``table[k]`` is row ``k``; ``table["name"]`` (or :meth:`column`) is a column as a
    list, looking inside ``"parameters"`` for parameter names; ``len(table)``,
    iteration and :meth:`to_rows` work as for a list of dicts.  :meth:`to_pandas`
    gives a DataFrame with numeric parameter columns; :meth:`numeric` one column
    as floats.
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

    def numeric(self, name: str) -> list:
        """A column as floats: fraction strings (``"5/9"``) and numbers converted,
        anything else (missing, errors, text) as NaN."""
        return [_to_float(v) for v in self.column(name)]

    def to_pandas(self):
        """A ``pandas.DataFrame``: one row per result, the top-level fields as
        columns, each parameter as a numeric column of its own (fraction strings
        converted to floats; the exact text stays in ``"parameters"``), and the
        columns that hold only numbers or fraction strings made numeric."""
        import pandas as pd
        names: dict[str, None] = {}
        for r in self.rows:
            for k in (r.get("parameters") or {}):
                names.setdefault(k, None)
        data = {}
        for col in self.columns:
            data[col] = self.column(col)
        for k in names:
            data[k if k not in data else f"parameter:{k}"] = self.numeric(k)
        frame = pd.DataFrame(data)
        for col in self.columns:
            vals = [v for v in data[col] if v not in (None, "")]
            if vals and all(isinstance(v, (int, float)) and not isinstance(v, bool) or
                            (isinstance(v, str) and _is_fraction_text(v)) for v in vals):
                frame[col] = [_to_float(v) for v in data[col]]
        return frame

    def __repr__(self) -> str:
        return f"<Table: {len(self.rows)} rows, columns {', '.join(self.columns)}>"

    @classmethod
    def read(cls, path) -> "Table":
        """Read a results file written by ``gametheory sweep`` or ``batch`` (.jsonl or .csv)."""
        from .output import csv_uncell
        path = Path(path)
        if path.suffix.lower() == ".csv":
            with open(path, encoding="utf-8", newline="") as fh:
                return cls([{k: csv_uncell(v) if isinstance(v, str) else v for k, v in r.items()}
                            for r in csv.DictReader(fh)])
        rows = []
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.endswith("\n"):
                    rows.append(json.loads(line))
        return cls(rows)
