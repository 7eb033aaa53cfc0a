"""Exact sparse LU factorisation of a square rational matrix.

Gaussian elimination on rows stored as dictionaries, with exact
:class:`~fractions.Fraction` arithmetic.  The pivot order is taken from a
floating-point sparse LU of the same matrix (SuperLU with the COLAMD column
ordering, through :func:`scipy.sparse.linalg.splu`), which keeps the fill-in of
the exact elimination close to that of the floating-point one; where the
floating-point pivot is exactly zero in rationals another nonzero entry of the
same column is taken.  The factorisation solves ``B v = b`` and ``B^T u = c``.

This is what makes the exact rebuild of a Lemke basis cheap on sequence-form
LCPs with thousands of rows: their basis matrices are very sparse (the
realisation-plan constraints are tree-shaped, the payoff matrices have one entry
per leaf at most).

References
----------
Duff, I. S., Erisman, A. M. & Reid, J. K. (1986). *Direct Methods for Sparse
Matrices*, ch. 7 (sparse Gaussian elimination and pivot orderings).
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..exceptions import SolverError


class ExactSparseLU:
    """``G B = U`` for a square matrix ``B`` given by its sparse columns.

    Parameters
    ----------
    columns : list of dict
        ``columns[j]`` maps row index to a nonzero rational (int or Fraction).
    order : tuple of two sequences, optional
        ``(pivot_rows, pivot_columns)``: a suggested elimination order; by
        default it comes from a floating-point sparse LU.

    Raises
    ------
    SolverError
        If the matrix is singular.
    """

    def __init__(self, columns, order=None):
        n = len(columns)
        self.n = n
        rows: list = [dict() for _ in range(n)]
        colrows: list = [set() for _ in range(n)]
        for j, col in enumerate(columns):
            for i, v in col.items():
                if v != 0:
                    rows[i][j] = Fraction(v)
                    colrows[j].add(i)
        if order is None:
            order = _float_order(columns, n)
        prow, pcol = order
        done_rows = [False] * n
        self.steps = []          # (pivot row, pivot column, [(row, factor), ...])
        for k in range(n):
            j = pcol[k]
            r = prow[k]
            if done_rows[r] or rows[r].get(j, 0) == 0:
                cands = [i for i in colrows[j] if not done_rows[i] and rows[i].get(j, 0) != 0]
                if not cands:
                    raise SolverError("the basis matrix is singular (exact elimination)")
                r = min(cands, key=lambda i: len(rows[i]))
            done_rows[r] = True
            prow_d = rows[r]
            piv = prow_d[j]
            ops = []
            for i in list(colrows[j]):
                if i == r or done_rows[i]:
                    continue
                ri = rows[i]
                a = ri.get(j)
                if a is None or a == 0:
                    continue
                f = a / piv
                for c, v in prow_d.items():
                    nv = ri.get(c, 0) - f * v
                    if nv == 0:
                        if c in ri:
                            del ri[c]
                            colrows[c].discard(i)
                    else:
                        if c not in ri:
                            colrows[c].add(i)
                        ri[c] = nv
                ops.append((i, f))
            for c in prow_d:
                colrows[c].discard(r)
            self.steps.append((r, j, ops))
        self.rows = rows

    def solve(self, b) -> list:
        """The exact solution ``v`` of ``B v = b`` (``b`` a dict or a sequence)."""
        w = _dense(b, self.n)
        for r, _, ops in self.steps:
            br = w[r]
            if br != 0:
                for i, f in ops:
                    w[i] -= f * br
        v = [Fraction(0)] * self.n
        for r, j, _ in reversed(self.steps):
            row = self.rows[r]
            s = w[r]
            for c, a in row.items():
                if c != j:
                    vc = v[c]
                    if vc != 0:
                        s -= a * vc
            v[j] = s / row[j]
        return v

    def solve_transpose(self, c) -> list:
        """The exact solution ``u`` of ``B^T u = c`` (``c`` a dict or a sequence)."""
        c = _dense(c, self.n)
        w = [Fraction(0)] * self.n
        # U^T w = c, in pivot order: column j_k of U has entries only in earlier pivot rows.
        colent: dict = {}
        for r, j, _ in self.steps:
            s = c[j]
            for rr, a in colent.get(j, ()):
                s -= a * w[rr]
            w[r] = s / self.rows[r][j]
            if w[r] != 0:
                for cc, a in self.rows[r].items():
                    if cc != j:
                        colent.setdefault(cc, []).append((r, a))
        # u = G^T w, the elementary row operations transposed, last first.
        for r, _, ops in reversed(self.steps):
            s = w[r]
            for i, f in ops:
                if w[i] != 0:
                    s -= f * w[i]
            w[r] = s
        return w


def _dense(b, n) -> list:
    out = [Fraction(0)] * n
    if isinstance(b, dict):
        for i, v in b.items():
            out[i] = Fraction(v)
    else:
        for i, v in enumerate(b):
            out[i] = Fraction(v)
    return out


def _float_order(columns, n):
    """Pivot rows and columns of a floating-point sparse LU (SuperLU, COLAMD)."""
    from scipy import sparse
    from scipy.sparse.linalg import splu

    r, c, v = [], [], []
    for j, col in enumerate(columns):
        for i, a in col.items():
            r.append(i)
            c.append(j)
            v.append(float(a))
    B = sparse.csc_matrix((v, (r, c)), shape=(n, n))
    try:
        lu = splu(B, permc_spec="COLAMD")
    except RuntimeError:
        # Numerically singular in floating point: eliminate in natural order.
        return list(range(n)), list(range(n))
    # Pr B Pc = L U with row i of B at position perm_r[i], column j at perm_c[j].
    prow = np.empty(n, dtype=int)
    prow[lu.perm_r] = np.arange(n)
    pcol = np.empty(n, dtype=int)
    pcol[lu.perm_c] = np.arange(n)
    return [int(i) for i in prow], [int(j) for j in pcol]
