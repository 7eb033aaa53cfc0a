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
from typing import Any

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
    path = _LemkePath(M, rhs, basis, free, exact, refactor)
    if max_pivots is None:
        max_pivots = 50 * path.rows + 1000
    start = path.start(z0)
    if isinstance(start, LemkeResult):
        return start
    return path.run(start, complement, z0, max_pivots, keep_lowest)


class _LemkePath:
    """The state of one Lemke path: the factorised basis, the right-hand side, the
    lexicographic reference columns, and which rows hold bounded variables."""

    def __init__(self, M, rhs, basis, free: set, exact: bool, refactor: int):
        self.exact = exact
        if exact:
            self.lin: Any = _ExactBasis(M, basis)
            self.nvar = len(M)
        else:
            from scipy import sparse
            M = sparse.csc_matrix(M)
            self.lin = _FloatBasis(M, basis, refactor)
            self.nvar = M.shape[1]
        self.M = M
        self.rows = len(basis)
        self.zero: Any = Fraction(0) if exact else 0.0
        self.tol = 0 if exact else FLOAT_TOL
        self.lex_cols = list(basis)
        self.rhs_v: Any = [Fraction(v) for v in rhs] if exact else np.asarray(rhs, dtype=float)
        self.bounded = np.array([c not in free for c in basis])
        self.M_lexT = None if exact else M[:, self.lex_cols].T.tocsr()

    def current(self):
        return self.lin.solve(self.rhs_v)

    def values(self, xb) -> list:
        vals = [self.zero] * self.nvar
        for r, c in enumerate(self.lin.basis):
            vals[c] = xb[r]
        return vals

    def result(self, status: str, xb, pivots: int) -> LemkeResult:
        return LemkeResult(status, self.values(xb), pivots, list(self.lin.basis))

    def direction(self, entering: int):
        """``B^{-1}`` times the entering variable's column."""
        return self.lin.solve(_dense_col(self.lin.column(entering), self.rows, self.exact))

    def lex_pick(self, ties, w, largest: bool) -> int:
        """The tied row that is lexicographically least (or greatest) in ``B^{-1} B_0 / w``."""
        if self.exact:
            return self._lex_pick_exact(ties, w, largest)
        return self._lex_pick_float(ties, w, largest)

    def _lex_pick_exact(self, ties, w, largest: bool) -> int:
        rows, lex_cols, M = self.rows, self.lex_cols, self.M
        rowsv = {}
        for r in ties:
            e = [self.zero] * rows
            e[r] = Fraction(1)
            u = self.lin.solve_transpose(e)
            rowsv[r] = [sum((u[i] * v for i, v in M[c].items()), Fraction(0)) / w[r] for c in lex_cols]
        k = 0
        while len(ties) > 1 and k < len(lex_cols):
            vals = {r: rowsv[r][k] for r in ties}
            m = max(vals.values()) if largest else min(vals.values())
            ties = [r for r in ties if vals[r] == m]
            k += 1
        return ties[0]

    def _lex_pick_float(self, ties, w, largest: bool) -> int:
        ties = np.asarray(ties)
        E = np.zeros((self.rows, len(ties)))
        E[ties, np.arange(len(ties))] = 1.0
        U = self.lin.solve_transpose(E)                 # columns: rows of B^{-1}
        L = (self.M_lexT @ U).T / w[ties][:, None]      # one lexicographic vector per tied row
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

    def start(self, z0: int):
        """The first pivot: ``(row, xb, w)`` where ``z0`` enters, or the result when the
        start is already a solution or the artificial column cannot cover it."""
        rows, bounded, tol = self.rows, self.bounded, self.tol
        xb = self.current()
        neg = [r for r in range(rows) if bounded[r] and xb[r] < -tol]
        if not neg:
            return self.result("solution", xb, 0)
        w = self.direction(z0)
        # Values as z0 grows: xb - z0 * w.  Every negative row needs w < 0.
        if any(not w[r] < -tol for r in neg):
            return self.result("uncovered", xb, 0)
        ratios = {r: xb[r] / w[r] for r in neg}
        level = max(ratios.values())
        if self.exact:
            ties = [r for r in neg if ratios[r] == level]
        else:
            ties = [r for r in neg if ratios[r] >= level - FLOAT_TOL * max(1.0, abs(level))]
        # Rows that z0 pushes down must stay nonnegative at that level.
        for r in range(rows):
            if bounded[r] and w[r] > tol and xb[r] - level * w[r] < -tol:
                return self.result("uncovered", xb, 0)
        r = ties[0] if len(ties) == 1 else self.lex_pick(ties, w, largest=True)
        return r, xb, w

    def min_ratio_ties(self, xb, w):
        """The rows tied in the minimum ratio test of direction ``w`` (None: a ray).
        Free variables are basic throughout, so the bounded rows never change."""
        bounded = self.bounded
        if self.exact:
            cands = [i for i in range(self.rows) if bounded[i] and w[i] > 0]
            if not cands:
                return None
            rat = {i: xb[i] / w[i] for i in cands}
            best = min(rat.values())
            return [i for i in cands if rat[i] == best]
        scale = max(1.0, float(np.max(np.abs(w))))
        cand = np.flatnonzero(bounded & (w > PIVOT_TOL * scale))
        if not len(cand):
            return None
        ratf = np.maximum(xb[cand], 0.0) / w[cand]
        bestf = float(ratf.min())
        return cand[ratf <= bestf + FLOAT_TOL * max(1.0, abs(bestf))].tolist()

    def z0_leaves_now(self, xb, w, z0_row: int) -> bool:
        """z0 at zero: the point already solves the problem.  A pivot that lets z0
        leave at step length zero keeps every value, so take it (the usual rule of
        preferring z0 among tied rows, extended to any nonzero entry)."""
        if self.exact:
            return xb[z0_row] == 0 and w[z0_row] != 0
        return bool(xb[z0_row] <= FLOAT_TOL
                    and abs(w[z0_row]) > PIVOT_TOL * max(1.0, float(np.max(np.abs(w)))))

    def pivot(self, r: int, entering: int, xb, w):
        """Exchange row ``r``'s variable for ``entering``; the new basic values."""
        theta = xb[r] / w[r]
        if self.exact:
            self.lin.replace(r, entering, w)
            return self.current()
        xb = xb - theta * w
        xb[r] = theta
        if self.lin.replace(r, entering, w):
            xb = self.current()
        return xb

    def run(self, start, complement: dict, z0: int, max_pivots: int, keep_lowest: bool) -> LemkeResult:
        """Complementary pivots from ``start`` until z0 leaves, a ray, or the pivot limit."""
        r, xb, w = start
        pivots = 0
        entering = z0
        z0_row = r
        lowest = None               # (z0, values) at the lowest z0 seen, for a restart
        while True:
            leaving = self.lin.basis[r]
            xb = self.pivot(r, entering, xb, w)
            pivots += 1
            if leaving == z0:
                return self.result("solution", self.current(), pivots)
            if keep_lowest and (lowest is None or xb[z0_row] < lowest[0]):
                lowest = (xb[z0_row], list(xb), list(self.lin.basis))
            if pivots >= max_pivots:
                out = self.values(xb)
                if lowest is not None:
                    out = [self.zero] * self.nvar
                    for c, v in zip(lowest[2], lowest[1]):
                        out[c] = v
                return LemkeResult("pivot limit", out, pivots, list(self.lin.basis))
            entering = complement[leaving]
            w = self.direction(entering)
            ties = self.min_ratio_ties(xb, w)
            if ties is None:
                return self.result("ray", xb, pivots)
            r = ties[0] if len(ties) == 1 else self.lex_pick(ties, w, largest=False)
            if r != z0_row and self.z0_leaves_now(xb, w, z0_row):
                r = z0_row


def _dense_col(col, rows, exact):
    if exact:
        out = [Fraction(0)] * rows
        for i, v in col.items():
            out[i] = Fraction(v)
        return out
    return col
