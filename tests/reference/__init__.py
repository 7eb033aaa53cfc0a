"""Stored answers of other tools (pygambit, QuantEcon) on a fixed, seeded corpus of games.

The files ``tests/reference/*.json`` are written by ``make_reference.py`` (see its
docstring and ``tests/reference/README.md``); the default test suite
(``tests/test_reference.py``) compares gametheory's answers with them, so it needs
no pygambit.  This module only reads the files: it has no solver.
"""
from __future__ import annotations

import json
from fractions import Fraction
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
FAMILIES = ("bimatrix", "nplayer", "trees", "catalog")


@cache
def load(family: str) -> dict:
    """The reference document of one family (``bimatrix``, ``nplayer``, ``trees``, ``catalog``)."""
    if family not in FAMILIES:
        raise KeyError(family)
    with open(HERE / f"{family}.json", encoding="utf-8") as fh:
        return json.load(fh)


def fractions(values):
    """Nested lists of fraction strings -> the same nesting of Fractions."""
    if isinstance(values, str):
        return Fraction(values)
    return [fractions(v) for v in values]


def freeze(values):
    """Nested lists -> nested tuples (hashable, for set comparisons)."""
    if isinstance(values, list | tuple):
        return tuple(freeze(v) for v in values)
    return values
