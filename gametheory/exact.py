"""Exact dense linear algebra over the rationals: the one module every layer uses.

Used to turn floating-point candidates (from HiGHS, a float pivoting step or the
stacked batch kernel) into exact answers that are then checked exactly: solve the
linear system that the candidate's support and tight constraints define.

* :func:`gauss_jordan` / :func:`solve_linear`: any system (rectangular,
  rank-deficient) in Fractions;
* :func:`solve_square_integer` / :func:`solve_square`: a square system by
  fraction-free elimination (Bareiss 1968) on integers, the fast path;
* :func:`independent_rows`: a maximal independent subset of rows, in order;
* :func:`rationalize`: nearest fractions of floats (a guess, to be verified).

The integer tableaux and pivoting of the two-player solvers (lexicographic
pivoting, vertex enumeration) are in :mod:`gametheory.solvers._exact`.
"""
from __future__ import annotations

import math
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


def solve_square_integer(M: Sequence[Sequence[int]], b: Sequence[int]) -> tuple[list[int], int] | None:
    """Solve the square integer system ``M z = b`` as integers over one denominator.

    Fraction-free Gaussian elimination (Bareiss 1968) with row exchanges, then
    fraction-free back substitution: by Cramer's rule ``det * z`` is an integer
    vector, so every division below is exact.  No Fraction is created.

    Returns
    -------
    (list of int, int) or None
        ``(X, det)`` with ``det > 0`` and ``z = X / det``; None if ``M`` is singular.
    """
    n = len(M)
    if n == 0:
        return [], 1
    # Row r of T keeps its entries from column r on (the rest are eliminated zeros).
    T = [[*map(int, row), int(v)] for row, v in zip(M, b)]
    prev = 1
    for c in range(n):
        p = c
        while p < n and T[p][0] == 0:
            p += 1
        if p == n:
            return None
        T[c], T[p] = T[p], T[c]
        row_c = T[c]
        pv = row_c[0]
        tail = row_c[1:]
        for r in range(c + 1, n):
            row = T[r]
            f = row[0]
            if prev == 1:
                T[r] = [v * pv - f * w for v, w in zip(row[1:], tail)]
            elif f:
                T[r] = [(v * pv - f * w) // prev for v, w in zip(row[1:], tail)]
            else:
                T[r] = [v * pv // prev for v in row[1:]]
        prev = pv
    det = T[n - 1][0]                # the determinant of M, up to the sign of the row exchanges
    X = [0] * n
    for r in range(n - 1, -1, -1):
        row = T[r]                   # row[0] is the pivot, row[j - r] the entry of column j
        acc = det * row[-1]
        for j in range(r + 1, n):
            acc -= row[j - r] * X[j]
        X[r] = acc // row[0]
    if det < 0:
        det, X = -det, [-v for v in X]
    return X, det


def solve_square(M: Sequence[Sequence], b: Sequence) -> list[Fraction] | None:
    """Solve the square system ``M z = b`` exactly; None if ``M`` is singular.

    Entries are integers or rationals (Fractions, or anything
    :func:`~gametheory.payoffs.to_fraction` takes); each equation is first
    multiplied by the common denominator of its entries, then
    :func:`solve_square_integer` solves it and the answer comes as Fractions.
    """
    rows = [_integer_row([*row, v]) for row, v in zip(M, b)]
    out = solve_square_integer([r[:-1] for r in rows], [r[-1] for r in rows])
    if out is None:
        return None
    X, det = out
    return [Fraction(v, det) for v in X]


def _integer_row(entries: Sequence) -> list[int]:
    """An equation's entries times the common denominator of them all (integers)."""
    fr = [x if isinstance(x, (int, Fraction)) else to_fraction(x) for x in entries]
    den = math.lcm(*(x.denominator for x in fr))
    return [int(x * den) for x in fr] if den != 1 else [int(x) for x in fr]


def independent_rows(rows: Sequence[Sequence]) -> list[int]:
    """Indices of a maximal linearly independent subset of ``rows`` (integers or
    rationals), first come, first kept: each row is reduced exactly against the rows
    kept so far and kept when something is left."""
    basis: list[tuple[int, list]] = []
    chosen = []
    for idx, row in enumerate(rows):
        v = [Fraction(a) for a in row]
        for col, b in basis:
            if v[col]:
                f = v[col] / b[col]
                v = [a - f * c for a, c in zip(v, b)]
        lead = next((j for j, a in enumerate(v) if a), None)
        if lead is not None:
            basis.append((lead, v))
            chosen.append(idx)
    return chosen
