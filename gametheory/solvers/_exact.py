"""Exact linear algebra for the two-player solvers: integer tableaux, integer pivoting.

Everything here works on Python integers (arbitrary size), never on floats:

* :func:`integer_bimatrix` turns a two-player game's exact payoffs into positive
  integer matrices with the same equilibria (a positive scaling and a shift per
  player, which leave best responses unchanged);
* :func:`integer_pivot` is the integer (Bareiss) pivoting step of lrs and of von
  Stengel's Lemke code: every entry stays an integer because each update is
  divided exactly by the previous pivot element (Edmonds 1967; Bareiss 1968);
* :func:`lex_min_ratio_row` is the lexicographic minimum ratio test that makes
  pivoting on a degenerate system well defined (von Stengel 2007, sec. 3.6);
* :func:`lex_vertex_enumeration` lists every vertex of ``{z >= 0, M z <= 1}``
  exactly, degenerate polytopes included;
* the square solves :func:`solve_square_integer` and :func:`solve_square` live
  in :mod:`gametheory.exact`, the one module of dense exact linear algebra, and
  are re-exported here.
"""
from __future__ import annotations

import math
from collections import deque
from fractions import Fraction
from typing import Sequence

import numpy as np

from ..exact import solve_square, solve_square_integer  # noqa: F401  (re-exported)


def integer_bimatrix(A: np.ndarray, B: np.ndarray) -> tuple[list[list[int]], list[list[int]]]:
    """Positive integer matrices with the same Nash equilibria as ``(A, B)``.

    Each player's payoffs (Fractions) are multiplied by the least common multiple
    of their denominators and shifted so the smallest entry is 1.  Positive
    scaling and adding a constant to a player's payoffs change no best response.

    Returns
    -------
    (list of list of int, list of list of int)
        ``A`` and ``B`` as nested lists of Python ints, all entries >= 1.
    """
    out = []
    for M in (A, B):
        flat = np.asarray(M, dtype=object).ravel().tolist()
        if all(type(v) is int for v in flat):
            ints = flat
        else:
            flat = [v if type(v) is Fraction else Fraction(v) for v in flat]
            den = math.lcm(*(v.denominator for v in flat))
            ints = [v.numerator * (den // v.denominator) for v in flat]
        low = min(ints)
        ints = [v - low + 1 for v in ints]
        rows, cols = np.shape(M)
        out.append([ints[r * cols:(r + 1) * cols] for r in range(rows)])
    return out[0], out[1]


def integer_pivot(T: list[list[int]], r: int, c: int, det: int) -> int:
    """Pivot the integer tableau ``T`` in place on entry ``(r, c)``; return the new determinant.

    The tableau represents ``T / det``.  Row ``r`` is kept; every other row ``i``
    becomes ``(T[i] * T[r][c] - T[i][c] * T[r]) / det``, an exact integer division
    (Bareiss 1968).  The new common denominator is ``T[r][c]``.
    """
    piv = T[r][c]
    row_r = T[r]
    for i, row in enumerate(T):
        if i == r:
            continue
        f = row[c]
        if f == 0:
            if piv != det:
                T[i] = [(v * piv) // det for v in row]
            continue
        T[i] = [(v * piv - f * w) // det for v, w in zip(row, row_r)]
    return piv


def lex_min_ratio_row(T: Sequence[Sequence[int]], c: int, rhs: int, lex_cols: Sequence[int]) -> int | None:
    """The leaving row of a pivot on column ``c`` by the lexicographic minimum ratio test.

    Among the rows with a positive entry in column ``c``, choose the one whose
    vector ``(T[i][rhs], T[i][lex_cols[0]], ...) / T[i][c]`` is lexicographically
    smallest (von Stengel 2007, sec. 3.6; the lex columns are those of the inverse
    basis, i.e. of the initial identity).  The rows of a lexico-feasible tableau are
    linearly independent vectors, so the minimum is unique and pivoting cannot
    cycle.  Returns None when no entry of the column is positive (an unbounded ray).
    """
    best = None
    for i, row in enumerate(T):
        a = row[c]
        if a <= 0:
            continue
        if best is None:
            best = i
            continue
        b = T[best][c]
        brow = T[best]
        for col in (rhs, *lex_cols):
            lhs, rhs_v = row[col] * b, brow[col] * a
            if lhs < rhs_v:
                best = i
                break
            if lhs > rhs_v:
                break
    return best


def lex_vertex_enumeration(M: Sequence[Sequence[int]]):
    """Every vertex of ``{z >= 0, M z <= 1}`` exactly, with its complete set of tight constraints.

    ``M`` is a ``k x d`` matrix of positive integers, so the polytope is bounded
    and full-dimensional.  The search walks the graph of lexico-feasible bases of
    ``M z + s = 1`` (equivalently the vertices of the lexicographically perturbed,
    hence simple, polytope ``{M z <= 1 + (eps, eps^2, ...)}``), breadth first from
    the all-slack basis, pivoting with :func:`integer_pivot` and leaving by
    :func:`lex_min_ratio_row`.  The perturbed polytope's graph is connected and each
    vertex of the original polytope is the image of a perturbed vertex, so every
    vertex is found even when the polytope is degenerate -- the principle behind
    lrs (Avis & Fukuda 1992; Avis 2000).

    Returns
    -------
    list of (tuple of Fraction, tuple of bool, tuple of bool)
        For each vertex ``z``: its coordinates, which ``z_j`` are zero, and which
        constraints ``(M z)_i = 1`` are tight.  The zero vertex comes first.
    """
    k = len(M)
    d = len(M[0])
    rhs = d + k
    T0 = []
    for i in range(k):
        row = list(M[i]) + [0] * k + [1]
        row[d + i] = 1
        T0.append(row)
    lex_cols = list(range(d, d + k))
    basis0 = tuple(range(d, d + k))
    seen = {frozenset(basis0)}
    queue = deque([(T0, 1, basis0)])
    vertices: dict[tuple, tuple] = {}
    order = []
    r: int | None  # a row of the tableau (None: no row leaves the basis)
    while queue:
        T, det, basis = queue.popleft()
        # The vertex as integer numerators over det, reduced: a cheap exact key.
        num = [0] * d
        slack_zero = [True] * k
        for r, var in enumerate(basis):
            val = T[r][rhs]
            if var < d:
                num[var] = val
            else:
                slack_zero[var - d] = (val == 0)  # a basic slack at 0 is tight too
        g = det
        for v in num:
            g = math.gcd(g, v)
        key = (det // g, *(v // g for v in num))
        if key not in vertices:
            vertices[key] = (tuple(v == 0 for v in num), tuple(slack_zero))
            order.append(key)
        basic = set(basis)
        for c in range(d + k):
            if c in basic:
                continue
            leaving = lex_min_ratio_row(T, c, rhs, lex_cols)
            if leaving is None:
                continue
            new_basis = list(basis)
            new_basis[leaving] = c
            fb = frozenset(new_basis)
            if fb in seen:
                continue
            seen.add(fb)
            T2 = [list(row) for row in T]
            det2 = integer_pivot(T2, leaving, c, det)
            queue.append((T2, det2, tuple(new_basis)))
    return [(tuple(Fraction(v, key[0]) for v in key[1:]), *vertices[key]) for key in order]
