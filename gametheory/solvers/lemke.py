"""Lemke's complementary pivoting for mixed linear complementarity problems.

The problem is given as a system of equations ``T v = rhs`` over variables ``v``
in which

* some variables are **free** (unrestricted in sign; once basic they never leave),
* the others are nonnegative and come in **complementary pairs** ``(u, w)``
  with ``u * w = 0`` required at a solution,
* one variable ``z0`` is the artificial variable of Lemke's method; its column
  holds the negated **covering vector**.

Lemke's algorithm (Lemke 1965) starts from a complementary basis that is
infeasible, lets ``z0`` enter at the level that makes every nonnegative basic
variable nonnegative, and then pivots on the complement of the variable that
just left, until ``z0`` leaves (a solution) or no variable blocks (a ray).  Ties
in the ratio test are broken lexicographically by the columns of the starting
basis, the standard rule against cycling (von Stengel 2002, sec. 3.6).

Exact mode works on an integer tableau with **integer pivoting** (Bareiss;
Edmonds 1967): after a pivot on ``piv`` every entry is replaced by
``(entry * piv - row_entry * column_entry) / det`` where ``det`` is the previous
pivot, a division that is always exact, so entries stay integers of moderate
size (they are minors of the original matrix).  The current value of a basic
variable is ``rhs_entry / det``.  Float mode uses an ordinary Gauss-Jordan
tableau with tolerances.

References
----------
Lemke, C. E. (1965). Bimatrix equilibrium points and mathematical programming.
*Management Science* 11, 681-689.
Koller, D., Megiddo, N. & von Stengel, B. (1996). Efficient computation of
equilibria for extensive two-person games. *Games and Economic Behavior* 14,
247-259.
von Stengel, B. (2002). Computing equilibria for two-person games. In
*Handbook of Game Theory* vol. 3, ch. 45.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np

from ..exceptions import SolverError

FLOAT_EPS = 1e-11


@dataclass
class LemkeResult:
    """Outcome of :func:`lemke`.

    ``values`` holds every variable's value (Fractions in exact mode); ``status``
    is ``"solution"``, ``"ray"``, ``"pivot limit"`` or ``"uncovered"`` (the
    covering vector cannot make the starting basis feasible).
    """

    status: str
    values: list
    pivots: int
    basis: list


class _Tableau:
    """A tableau in canonical form for a basis: exact (integer pivoting) or float."""

    def __init__(self, T, exact: bool):
        self.exact = exact
        self.det: int | float
        if exact:
            self.T = np.array(T, dtype=object)
            self.det = 1
        else:
            self.T = np.array(T, dtype=float)
            self.det = 1.0
        self.rows, self.cols = self.T.shape
        self.basic = [-1] * self.rows

    def pivot(self, r: int, c: int) -> None:
        T = self.T
        if self.exact:
            piv = T[r, c]
            if piv == 0:
                raise SolverError("internal error: zero pivot in Lemke's algorithm")
            col = T[:, c].copy()
            prow = T[r].copy()
            nz = np.flatnonzero(col != 0)
            out = T * piv
            for i in nz:
                if i != r:
                    out[i] -= col[i] * prow
            if self.det != 1:
                out = out // self.det
            out[r] = prow
            self.det = piv
            if self.det < 0:
                out = -out
                self.det = -self.det
            self.T = out
        else:
            piv = T[r, c]
            T[r] /= piv
            col = T[:, c].copy()
            col[r] = 0.0
            nz = np.flatnonzero(np.abs(col) > 0)
            if len(nz):
                T[nz] -= np.outer(col[nz], T[r])
            T[:, c] = 0.0
            T[r, c] = 1.0
        self.basic[r] = c

    def value(self, r: int):
        x = self.T[r, -1]
        return Fraction(int(x), int(self.det)) if self.exact else float(x) / self.det


def canonical_tableau(T, basis: Sequence[int], exact: bool) -> _Tableau:
    """Bring ``[T | rhs]`` to canonical form for ``basis`` (one basic variable per row).

    Raises
    ------
    SolverError
        If the basis is singular.
    """
    tab = _Tableau(T, exact)
    free_rows = set(range(tab.rows))
    for c in basis:
        col = tab.T[:, c]
        cands = [r for r in free_rows if col[r] != 0] if exact else \
            [r for r in free_rows if abs(col[r]) > FLOAT_EPS]
        if not cands:
            raise SolverError("internal error: the starting basis of Lemke's algorithm is singular")
        if not exact:
            r = max(cands, key=lambda r: abs(col[r]))
        else:
            r = min(cands, key=lambda r: abs(col[r]))
        tab.pivot(r, c)
        free_rows.discard(r)
    return tab


def lemke(T, basis: Sequence[int], complement: dict, free: set, z0: int, *, exact: bool = True,
          max_pivots: int | None = None) -> LemkeResult:
    """Run Lemke's algorithm on a mixed LCP written as equations.

    Parameters
    ----------
    T : array_like, shape (rows, variables + 1)
        The equations, right-hand side in the last column (integers in exact mode).
    basis : sequence of int
        A complementary starting basis (one variable per row, ``z0`` excluded).
    complement : dict
        ``{variable: its complementary variable}`` for every nonnegative
        variable but ``z0`` (both directions).
    free : set of int
        Free variables (basic from the start, never leaving).
    z0 : int
        The artificial variable.
    exact : bool
        Integer pivoting (True) or floating point.
    max_pivots : int, optional
        Stop with status ``"pivot limit"`` after this many pivots.

    Returns
    -------
    LemkeResult
    """
    tab = canonical_tableau(T, basis, exact)
    lex = list(basis)
    nvar = tab.cols - 1
    if max_pivots is None:
        max_pivots = 50 * tab.rows + 1000
    bounded = [r for r in range(tab.rows) if tab.basic[r] not in free]

    def values():
        vals = [Fraction(0) if exact else 0.0] * nvar
        for r in range(tab.rows):
            vals[tab.basic[r]] = tab.value(r)
        return vals

    rhs = tab.T[:, -1]
    neg = [r for r in bounded if (rhs[r] < 0 if exact else rhs[r] < -FLOAT_EPS)]
    if not neg:
        return LemkeResult("solution", values(), 0, list(tab.basic))
    # z0 enters: the row needing the largest z0 leaves (ties: lexicographically).
    # A row that z0 cannot make feasible means the covering vector does not fit
    # this start: status "uncovered" (the caller tries another one).
    col = tab.T[:, z0]
    ratios = {}
    for r in neg:
        if not (col[r] < 0 if exact else col[r] < -FLOAT_EPS):
            return LemkeResult("uncovered", values(), 0, list(tab.basic))
        ratios[r] = Fraction(int(rhs[r]), int(col[r])) if exact else rhs[r] / col[r]
    level = max(ratios.values())
    for r in bounded:
        if (col[r] > 0 if exact else col[r] > FLOAT_EPS):
            after = (Fraction(int(rhs[r]), 1) - level * int(col[r])) if exact else rhs[r] - level * col[r]
            if (after < 0 if exact else after < -FLOAT_EPS):
                return LemkeResult("uncovered", values(), 0, list(tab.basic))
    ties = [r for r in neg if (ratios[r] == level if exact else ratios[r] >= level - FLOAT_EPS * max(1.0, abs(level)))]
    r = _lex_break(tab, ties, z0, lex, exact, largest=True)
    leaving = tab.basic[r]
    tab.pivot(r, z0)
    pivots = 1
    entering = complement[leaving]
    z0_row = r
    while pivots < max_pivots:
        r = _ratio_test(tab, entering, bounded, lex, exact)
        if r is None:
            return LemkeResult("ray", values(), pivots, list(tab.basic))
        # z0 at zero: the point already solves the LCP; let z0 leave at step zero.
        zc, zr = tab.T[z0_row, entering], tab.T[z0_row, -1]
        if r != z0_row and (zr == 0 if exact else abs(zr / tab.det) <= FLOAT_EPS) and \
                (zc != 0 if exact else abs(zc) > FLOAT_EPS):
            r = z0_row
        leaving = tab.basic[r]
        tab.pivot(r, entering)
        pivots += 1
        if leaving == z0:
            return LemkeResult("solution", values(), pivots, list(tab.basic))
        entering = complement[leaving]
    return LemkeResult("pivot limit", values(), pivots, list(tab.basic))


def _ratio_test(tab: _Tableau, c: int, bounded, lex, exact: bool):
    """The leaving row for entering column ``c``: minimum ratio, ties broken lexicographically."""
    T = tab.T
    col = T[:, c]
    rhs = T[:, -1]
    if exact:
        cands = [r for r in bounded if col[r] > 0]
    else:
        scale = max(1.0, float(np.max(np.abs(col))))
        cands = [r for r in bounded if col[r] > FLOAT_EPS * scale]
    if not cands:
        return None
    if exact:
        best = min(Fraction(int(rhs[r]), int(col[r])) for r in cands)
        ties = [r for r in cands if Fraction(int(rhs[r]), int(col[r])) == best]
    else:
        ratios = {r: rhs[r] / col[r] for r in cands}
        best = min(ratios.values())
        ties = [r for r in cands if ratios[r] <= best + FLOAT_EPS * max(1.0, abs(best))]
    return _lex_break(tab, ties, c, lex, exact, largest=False)


def _lex_break(tab: _Tableau, ties, c: int, lex, exact: bool, largest: bool):
    """Break a tie among rows by the columns ``lex`` divided by column ``c`` (min, or max)."""
    T = tab.T
    col = T[:, c]
    k = 0
    while len(ties) > 1 and k < len(lex):
        j = lex[k]
        if exact:
            vals = {r: Fraction(int(T[r, j]), int(col[r])) for r in ties}
        else:
            vals = {r: T[r, j] / col[r] for r in ties}
        m = max(vals.values()) if largest else min(vals.values())
        if exact:
            ties = [r for r in ties if vals[r] == m]
        else:
            ties = [r for r in ties if abs(vals[r] - m) <= FLOAT_EPS]
        k += 1
    return ties[0]
