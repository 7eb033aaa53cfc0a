"""Exact linear algebra over the rationals (Fractions).

Used to turn floating-point candidates (from HiGHS or a float pivoting step) into
exact answers that are then checked exactly: solve the linear system that the
candidate's support and tight constraints define, in Fractions.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Sequence

from .payoffs import to_fraction


def gauss_jordan(rows: Sequence[Sequence], n_cols: int) -> tuple[list[Fraction] | None, int]:
    """Reduce the augmented system ``[A | b]`` (``n_cols`` unknowns) exactly.

    Returns
    -------
    (solution, rank)
        ``solution`` is one solution in Fractions (free variables set to 0), or
        None when the system is inconsistent; the solution is unique iff
        ``rank == n_cols``.
    """
    rows = [[to_fraction(v) for v in row] for row in rows]
    n_rows = len(rows)
    pivots: list[int] = []
    r = 0
    for c in range(n_cols):
        pivot = next((k for k in range(r, n_rows) if rows[k][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        pv = rows[r][c]
        if pv != 1:
            rows[r] = [v / pv for v in rows[r]]
        for k in range(n_rows):
            if k != r and rows[k][c] != 0:
                f = rows[k][c]
                rows[k] = [a - f * p for a, p in zip(rows[k], rows[r])]
        pivots.append(c)
        r += 1
        if r == n_rows:
            break
    for k in range(r, n_rows):
        if rows[k][n_cols] != 0:
            return None, r
    x = [Fraction(0)] * n_cols
    for k, c in enumerate(pivots):
        x[c] = rows[k][n_cols]
    return x, r


def solve_linear(A: Sequence[Sequence], b: Sequence) -> list[Fraction] | None:
    """One solution of ``A x = b`` in Fractions (free variables set to 0), or None.

    Gauss-Jordan elimination with exact arithmetic; ``A`` may be rectangular and
    rank-deficient.  Returns None when the system is inconsistent.
    """
    rows = [list(row) for row in A]
    n_cols = len(rows[0]) if rows else 0
    solution, _ = gauss_jordan([row + [bv] for row, bv in zip(rows, b)], n_cols)
    return solution


def rationalize(values, max_denominator: int = 10**6) -> list[Fraction]:
    """Nearest fractions with bounded denominators (a guess, to be verified exactly)."""
    return [Fraction(float(v)).limit_denominator(max_denominator) for v in values]
