"""Revised Lemke's algorithm: complementary pivoting on a factorised basis.

The dense tableau of :mod:`gametheory.solvers.lemke` updates every entry at every
pivot, although a pivot step only needs the entering column and the current
values, both in terms of the current basis.  This module keeps the problem's
sparse matrix ``M`` (rows x variables, right-hand side ``rhs``) untouched and
works with the basis matrix instead (Lemke 1965, in the revised form of the
simplex method):

* **float**: a sparse LU factorisation of the basis (SuperLU via
  :func:`scipy.sparse.linalg.splu`), refactorised every ``refactor`` pivots,
  with product-form (eta) updates in between.  A step costs one solve with the
  basis (the entering column) and, only on ties in the ratio test, one
  transposed solve per tied row;
* **exact**: an exact sparse LU (:class:`~._exact_sparse.ExactSparseLU`),
  refactorised at every pivot; meant for short paths (a restart from a nearly
  right basis).

The pivoting rule is Lemke's: the complement of the variable that just left
enters; ties in the ratio test are broken lexicographically by the rows of
``B^{-1} B_0`` (``B_0``: the starting basis), i.e. by the classical
perturbation of the right-hand side, so the path cannot cycle (von Stengel
2002, sec. 3.6).  The problem, its variables and the result are as in
:func:`gametheory.solvers.lemke.lemke`.

References
----------
Lemke, C. E. (1965). Bimatrix equilibrium points and mathematical programming.
*Management Science* 11, 681-689.
Chvatal, V. (1983). *Linear Programming*, ch. 7 (the revised simplex method,
eta factorisation).
von Stengel, B. (2002). Computing equilibria for two-person games. In
*Handbook of Game Theory* vol. 3, ch. 45.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..exceptions import SolverError
from ._exact_sparse import ExactSparseLU
from .lemke import LemkeResult

#: Pivots between two floating-point refactorisations of the basis.
REFACTOR = 60
#: Smallest entering-column entry accepted as a pivot (relative to the column's largest).
PIVOT_TOL = 1e-9
#: Tolerance for equal ratios (ties) and for negative values, floating point.
FLOAT_TOL = 1e-9


class _FloatBasis:
    """The basis matrix as a sparse LU of an earlier basis and a list of eta columns."""

    def __init__(self, M, basis, refactor=REFACTOR):
        self.M = M                    # scipy.sparse csc, rows x variables
        self.basis = list(basis)
        self.refactor = refactor
        self._factor()

    def _factor(self):
        from scipy.sparse.linalg import splu
        B = self.M[:, self.basis].tocsc()
        try:
            self.lu = splu(B, permc_spec="COLAMD")
        except RuntimeError as exc:
            raise SolverError(f"the Lemke basis became singular in floating point ({exc})") from None
        self.etas = []

    def column(self, c):
        M = self.M
        out = np.zeros(M.shape[0])
        lo, hi = M.indptr[c], M.indptr[c + 1]
        out[M.indices[lo:hi]] = M.data[lo:hi]
        return out

    def solve(self, v):
        v = self.lu.solve(np.asarray(v, dtype=float))
        for r, w in self.etas:
            vr = v[r] / w[r]
            if vr != 0.0:
                v -= vr * w
            v[r] = vr
        return v

    def solve_transpose(self, c):
        """``B^T u = c``; ``c`` may be a matrix (one right-hand side per column)."""
        z = np.array(c, dtype=float)
        for r, w in reversed(self.etas):
            zr = z[r].copy()
            z[r] = 0.0
            z[r] = (zr - w @ z) / w[r]
        return self.lu.solve(z, trans="T")

    def replace(self, r, c, w):
        self.basis[r] = c
        if len(self.etas) + 1 >= self.refactor:
            self._factor()
            return True
        self.etas.append((r, w))
        return False


class _ExactBasis:
    """The basis matrix as an exact sparse LU, refactorised after every replacement."""

    def __init__(self, columns, basis):
        self.columns = columns        # list of dicts {row: value}, one per variable
        self.basis = list(basis)
        self._factor()

    def _factor(self):
        self.lu = ExactSparseLU([self.columns[c] for c in self.basis])

    def column(self, c):
        return self.columns[c]

    def solve(self, v):
        return self.lu.solve(v)

    def solve_transpose(self, c):
        return self.lu.solve_transpose(c)

    def replace(self, r, c, w):
        self.basis[r] = c
        self._factor()
        return True


def revised_lemke(M, rhs, basis, complement: dict, free: set, z0: int, *, exact: bool = False,
                  max_pivots: int | None = None, refactor: int = REFACTOR,
                  keep_lowest: bool = False) -> LemkeResult:
    """Lemke's algorithm on ``M v = rhs`` with a factorised basis.

    Parameters
    ----------
    M : scipy sparse matrix (float) or list of dict (exact)
        The equations' matrix, rows x variables; in exact mode one dict
        ``{row: rational}`` per variable (column).
    rhs : sequence
        The right-hand side (one entry per row).
    basis : sequence of int
        A complementary starting basis, one variable per row (``z0`` excluded).
    complement, free, z0 :
        As in :func:`gametheory.solvers.lemke.lemke`: the complementary pairs,
        the free variables (basic throughout) and the artificial variable, whose
        column is the negated covering vector.
    exact : bool
        Rational arithmetic (exact sparse LU) or floating point (SuperLU + etas).
    max_pivots : int, optional
        Stop with status ``"pivot limit"`` after this many pivots.
    refactor : int
        Floating point: pivots between refactorisations.
    keep_lowest : bool
        At the pivot limit, return the values where ``z0`` was lowest along the
        path (the point nearest a solution) instead of the last ones.

    Returns
    -------
    LemkeResult
        ``status`` is ``"solution"``, ``"ray"``, ``"pivot limit"`` or
        ``"uncovered"`` (the artificial column cannot make the start feasible:
        try another covering vector); ``values`` every variable's value;
        ``basis`` the final basis.
    """
    if exact:
        lin = _ExactBasis(M, basis)
        nvar = len(M)
    else:
        from scipy import sparse
        M = sparse.csc_matrix(M)
        lin = _FloatBasis(M, basis, refactor)
        nvar = M.shape[1]
    rows = len(basis)
    if max_pivots is None:
        max_pivots = 50 * rows + 1000
    zero = Fraction(0) if exact else 0.0
    tol = 0 if exact else FLOAT_TOL
    lex_cols = list(basis)
    rhs_v = [Fraction(v) for v in rhs] if exact else np.asarray(rhs, dtype=float)
    bounded = np.array([c not in free for c in basis])

    def current():
        return lin.solve(rhs_v)

    def values(xb):
        vals = [zero] * nvar
        for r, c in enumerate(lin.basis):
            vals[c] = xb[r]
        return vals

    def lex_pick(ties, w, largest):
        """The tied row that is lexicographically least (or greatest) in ``B^{-1} B_0 / w``."""
        if exact:
            rowsv = {}
            for r in ties:
                e = [zero] * rows
                e[r] = Fraction(1)
                u = lin.solve_transpose(e)
                rowsv[r] = [sum((u[i] * v for i, v in M[c].items()), Fraction(0)) / w[r] for c in lex_cols]
            k = 0
            while len(ties) > 1 and k < len(lex_cols):
                vals = {r: rowsv[r][k] for r in ties}
                m = max(vals.values()) if largest else min(vals.values())
                ties = [r for r in ties if vals[r] == m]
                k += 1
            return ties[0]
        ties = np.asarray(ties)
        E = np.zeros((rows, len(ties)))
        E[ties, np.arange(len(ties))] = 1.0
        U = lin.solve_transpose(E)                      # columns: rows of B^{-1}
        L = (M_lexT @ U).T / w[ties][:, None]           # one lexicographic vector per tied row
        if largest:
            L = -L
        alive = np.arange(len(ties))
        while len(alive) > 1:
            sub = L[alive]
            differ = np.flatnonzero(np.any(np.abs(sub - sub[0]) > FLOAT_TOL * np.maximum(1.0, np.abs(sub[0])), axis=0))
            if not len(differ):
                break
            col = sub[:, differ[0]]
            m = col.min()
            alive = alive[col <= m + FLOAT_TOL * max(1.0, abs(m))]
        return int(ties[alive[0]])

    if not exact:
        M_lexT = M[:, lex_cols].T.tocsr()
    xb = current()
    neg = [r for r in range(rows) if bounded[r] and xb[r] < -tol]
    if not neg:
        return LemkeResult("solution", values(xb), 0, list(lin.basis))
    w = lin.solve(_dense_col(lin.column(z0), rows, exact))
    # Values as z0 grows: xb - z0 * w.  Every negative row needs w < 0.
    if any(not w[r] < -tol for r in neg):
        return LemkeResult("uncovered", values(xb), 0, list(lin.basis))
    ratios = {r: xb[r] / w[r] for r in neg}
    level = max(ratios.values())
    if exact:
        ties = [r for r in neg if ratios[r] == level]
    else:
        ties = [r for r in neg if ratios[r] >= level - FLOAT_TOL * max(1.0, abs(level))]
    # Rows that z0 pushes down must stay nonnegative at that level.
    for r in range(rows):
        if bounded[r] and w[r] > tol and xb[r] - level * w[r] < -tol:
            return LemkeResult("uncovered", values(xb), 0, list(lin.basis))
    r = ties[0] if len(ties) == 1 else lex_pick(ties, w, largest=True)
    pivots = 0
    entering = z0
    z0_row = r
    lowest = None               # (z0, values) at the lowest z0 seen, for a restart
    while True:
        leaving = lin.basis[r]
        theta = xb[r] / w[r]
        if exact:
            lin.replace(r, entering, w)
            xb = current()
        else:
            xb = xb - theta * w
            xb[r] = theta
            if lin.replace(r, entering, w):
                xb = current()
        pivots += 1
        if leaving == z0:
            xb = current()
            return LemkeResult("solution", values(xb), pivots, list(lin.basis))
        if keep_lowest and (lowest is None or xb[z0_row] < lowest[0]):
            lowest = (xb[z0_row], list(xb), list(lin.basis))
        if pivots >= max_pivots:
            out = values(xb)
            if lowest is not None:
                out = [zero] * nvar
                for c, v in zip(lowest[2], lowest[1]):
                    out[c] = v
            return LemkeResult("pivot limit", out, pivots, list(lin.basis))
        entering = complement[leaving]
        w = lin.solve(_dense_col(lin.column(entering), rows, exact))
        # Free variables are basic throughout, so the bounded rows never change.
        if exact:
            cands = [i for i in range(rows) if bounded[i] and w[i] > 0]
            if not cands:
                return LemkeResult("ray", values(xb), pivots, list(lin.basis))
            rat = {i: xb[i] / w[i] for i in cands}
            best = min(rat.values())
            ties = [i for i in cands if rat[i] == best]
        else:
            scale = max(1.0, float(np.max(np.abs(w))))
            cand = np.flatnonzero(bounded & (w > PIVOT_TOL * scale))
            if not len(cand):
                return LemkeResult("ray", values(xb), pivots, list(lin.basis))
            rat = np.maximum(xb[cand], 0.0) / w[cand]
            best = float(rat.min())
            ties = cand[rat <= best + FLOAT_TOL * max(1.0, abs(best))].tolist()
        r = ties[0] if len(ties) == 1 else lex_pick(ties, w, largest=False)
        # z0 at zero: the point already solves the problem.  A pivot that lets z0
        # leave at step length zero keeps every value, so take it (the usual
        # rule of preferring z0 among tied rows, extended to any nonzero entry).
        if r != z0_row and (xb[z0_row] == 0 if exact else xb[z0_row] <= FLOAT_TOL) and \
                (w[z0_row] != 0 if exact else abs(w[z0_row]) > PIVOT_TOL * max(1.0, float(np.max(np.abs(w))))):
            r = z0_row


def _dense_col(col, rows, exact):
    if exact:
        out = [Fraction(0)] * rows
        for i, v in col.items():
            out[i] = Fraction(v)
        return out
    return col
