"""All extreme Nash equilibria of a two-player game, and its maximal Nash subsets.

Theory (von Stengel 2007, "Equilibrium computation for two-player games in
strategic and extensive form", ch. 3 of *Algorithmic Game Theory*, sec. 3.2-3.5).
Shift both payoff matrices so every entry is positive (this changes no best
response) and take the best-response polytopes

    P = {x in R^m : x >= 0, B^T x <= 1},      Q = {y in R^n : y >= 0, A y <= 1}.

Label ``i`` (a row strategy) belongs to ``x`` when ``x_i = 0`` and to ``y`` when
``(A y)_i = 1``; label ``m + j`` belongs to ``x`` when ``(B^T x)_j = 1`` and to ``y``
when ``y_j = 0``.  A pair of vertices ``(x, y) != (0, 0)`` carrying every label
between them is, after normalising each to a probability vector, an extreme Nash
equilibrium; every extreme equilibrium arises so, degenerate games included, when
each vertex carries its *complete* label set (every tight constraint).

How the vertices are found
--------------------------
* **Float path** (the fast one): one polytope is translated to contain an
  interior point and its polar is handed to qhull; the facets of the polar are
  the vertices of the polytope, each with its complete label set recomputed
  from all constraints with a tolerance (near-ties settled exactly).  Each
  vertex ``x`` is then *completed* on the other side: its partners are the
  vertices of the face of the other polytope that carries every label ``x``
  lacks.  For a simple ``x`` with a well-conditioned support system that face
  is one point, found by batched floating-point solves and accepted or ruled
  out with a clear margin; every other vertex is completed in exact integer
  arithmetic (:func:`_face_partners`).  So one convex hull serves, degenerate
  games included; a game that would need more than :data:`EXACT_SOLVE_BUDGET`
  exact solves hulls the other polytope too and matches label sets.  In exact
  mode every vertex of an equilibrium is rebuilt in integers from its tight
  constraints and checked; in float mode all equilibria are verified at once.
* **Exact path**: lexicographic integer pivoting over the bases of each polytope
  (:func:`gametheory.solvers._exact.lex_vertex_enumeration`), the principle of lrs
  (Avis 2000), with no floating point at all.

The float path is trusted only when it can be: every vertex's labels are
decided with a clear margin or exactly, every payoff integer is below 2^52, in
exact mode every rebuilt vertex has exactly the tight constraints seen in
floating point, and in float mode every equilibrium passes its regret check.
Otherwise (huge payoffs, unresolvable near-ties, qhull failures, tiny games) the
exact path runs, so nothing is missed.

Components
----------
Two extreme equilibria ``(x, y)`` and ``(x', y')`` are compatible when ``(x, y')``
and ``(x', y)`` are equilibria too.  The maximal Nash subsets are the products
``conv(X) x conv(Y)`` over the maximal bicliques ``(X, Y)`` of the bipartite graph
whose edges are the extreme equilibria (Avis, Rosenberg, Savani & von Stengel 2010,
"Enumeration of Nash equilibria for two-player games", Economic Theory 42); they
are listed by closing neighbourhood intersections, a Bron-Kerbosch style search.
"""
from __future__ import annotations

import math
import warnings as _warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..exact import independent_rows as _independent_rows
from ..exceptions import DegenerateGameWarning, InvalidGameError, SolverError, UnsupportedGameError
from ._exact import integer_bimatrix, lex_vertex_enumeration, solve_square_integer
from .result import FLOAT_TOLERANCE, Component, make_result, verify_bimatrix_float
from ._scale import scale_invariant

#: Integers above this cannot all be represented exactly in float64.
FLOAT_EXACT_LIMIT = 2 ** 52
#: A constraint with relative slack at most this is tight in floating point.
TIGHT_TOL = 1e-9
#: Slacks between TIGHT_TOL and this are near-ties: the float path is not trusted.
AMBIGUOUS_TOL = 1e-6


#: qhull options: exact pre-merges (qhull's default above 4 dimensions), keep
#: coplanar points, triangulated output.
QHULL_OPTIONS = "Qx Qc Qt"


class _Untrusted(Exception):
    """The float path cannot vouch for its answer; the exact path takes over."""


# ---------------------------------------------------------------------- vertices
def _qhull_vertices(M: np.ndarray, exact_M=None):
    """Vertices of ``{z >= 0, M z <= 1}`` (``M`` positive, ``k x d``) by qhull on the polar.

    The polytope is translated so an interior point ``c`` sits at the origin; its
    polar is the convex hull of the scaled constraint normals, whose facets are the
    polytope's vertices.  Every vertex's complete label set is computed from all
    constraints with the tolerance :data:`TIGHT_TOL`.  A degenerate vertex (more
    than ``d`` tight constraints) is a non-simplicial facet, which qhull
    triangulates into several facets on one hyperplane: those pieces have the same
    tight constraints and are merged into one vertex.

    Returns
    -------
    Z : ndarray (v, d)
        Vertex coordinates.
    zero_vars, tight_rows : ndarray of bool, (v, d) and (v, k)
        Which ``z_j = 0`` and which ``(M z)_i = 1``.
    degenerate : bool
        True when some vertex has more than ``d`` tight constraints.

    A slack between :data:`TIGHT_TOL` and :data:`AMBIGUOUS_TOL` is a near-tie
    that floating point cannot classify: when ``exact_M`` (a callable giving the
    integer matrix) is given, that vertex is rebuilt exactly from its clearly tight
    constraints and its labels are read off exactly.

    Raises
    ------
    _Untrusted
        On unresolved near-ties, infeasible or under-determined vertices, or qhull
        trouble.
    """
    k, d = M.shape
    # An interior point c with M c <= 1/2 and c > 0.
    c = np.full(d, 1.0 / (2.0 * d * M.max()))
    G = np.vstack([-np.eye(d), M])
    h = np.concatenate([c, 1.0 - M @ c])
    eq, n_coplanar = _hull_facets(G / h[:, None])
    offsets = eq[:, -1]
    if offsets.max() >= -1e-12:
        raise _Untrusted("qhull facet through the interior point")
    Z = eq[:, :-1] / -offsets[:, None]
    Z += c
    gscale = max(float(np.abs(Z).max()), 1e-300)
    slack = np.empty((len(Z), d + k))
    np.divide(Z, gscale, out=slack[:, :d])
    np.subtract(1.0, Z @ M.T, out=slack[:, d:])
    if slack.min() < -TIGHT_TOL:
        raise _Untrusted("an infeasible vertex")
    tight = slack <= TIGHT_TOL
    near = slack < AMBIGUOUS_TOL
    near &= ~tight
    if near.any():
        if exact_M is None:
            raise _Untrusted("near-tie at the tolerance")
        Mi = exact_M()
        for v in np.flatnonzero(near.any(axis=1)):
            zv, tr = _exact_labels(Mi, tight[v, :d], tight[v, d:], M)
            tight[v, :d], tight[v, d:] = zv, tr
    counts = tight.sum(axis=1)
    if counts.min() < d:
        raise _Untrusted("a vertex with fewer than dim tight constraints")
    degenerate = bool(n_coplanar) or bool(counts.max() > d)
    if degenerate:
        # Triangulated pieces of one non-simplicial facet: same tight set, one vertex.
        packed = np.ascontiguousarray(np.packbits(tight, axis=1))
        keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
        _, first = np.unique(keys, return_index=True)
        first.sort()
        Z, tight = Z[first], tight[first]
    zero_vars, tight_rows = tight[:, :d], tight[:, d:]
    if not zero_vars.all(axis=1).any():
        raise _Untrusted("zero vertex missing")
    return Z, zero_vars, tight_rows, degenerate


def _hull_facets(points: np.ndarray) -> tuple[np.ndarray, int]:
    """Facet equations of the convex hull of ``points`` (qhull) and the number of coplanar points.

    ``scipy.spatial.ConvexHull`` also computes the hull's volume and area, which
    costs a fifth of the time in ten dimensions and is not needed here; so qhull
    is driven through scipy's ``_Qhull`` object directly (the call ``ConvexHull``
    makes, with the options :data:`QHULL_OPTIONS`), falling back to ``ConvexHull`` when that
    internal interface is missing or has changed.  Raises :class:`_Untrusted`
    when qhull fails (flat input, precision trouble).
    """
    from scipy.spatial import ConvexHull, QhullError
    d = points.shape[1]
    try:
        from scipy.spatial import _qhull
        q = _qhull._Qhull(b"i", points, QHULL_OPTIONS.encode(), required_options=b"Qt")
    except (ImportError, AttributeError, TypeError):
        q = None
    except (QhullError, ValueError) as exc:
        raise _Untrusted(str(exc)) from None
    if q is not None:
        try:
            out = q.get_simplex_facet_array()
        finally:
            q.close()
        eq, coplanar = np.asarray(out[2], dtype=float), out[3]
        if eq.ndim == 2 and eq.shape[1] == d + 1 and len(eq):
            return eq, len(coplanar)
    try:
        hull = ConvexHull(points, qhull_options=QHULL_OPTIONS)
    except (QhullError, ValueError) as exc:
        raise _Untrusted(str(exc)) from None
    return hull.equations, len(hull.coplanar)


def _refine_float(M: np.ndarray, zero_vars: np.ndarray, tight_rows: np.ndarray) -> np.ndarray:
    """Vertices recomputed in floating point from their tight constraints (one row each).

    Simple vertices (as many tight rows as nonzero coordinates) are solved in
    batches, one per support size; a degenerate vertex (more tight rows) by least
    squares on all of them.
    """
    V, d = zero_vars.shape
    Z = np.zeros((V, d))
    free = ~zero_vars
    k, r = free.sum(axis=1), tight_rows.sum(axis=1)
    for size in np.unique(k[(k == r) & (k > 0)]).tolist():
        idx = np.flatnonzero((k == size) & (r == size))
        S = np.nonzero(free[idx])[1].reshape(-1, size)
        T = np.nonzero(tight_rows[idx])[1].reshape(-1, size)
        try:
            Z[idx[:, None], S] = np.linalg.solve(M[T[:, :, None], S[:, None, :]],
                                                 np.ones((len(idx), size, 1)))[..., 0]
        except np.linalg.LinAlgError:
            raise _Untrusted("singular tight system") from None
    for v in np.flatnonzero(k != r).tolist():
        sub = M[np.ix_(tight_rows[v], free[v])]
        Z[v, free[v]] = np.linalg.lstsq(sub, np.ones(sub.shape[0]), rcond=None)[0]
    if not np.isfinite(Z).all():
        raise _Untrusted("singular tight system")
    return np.clip(Z, 0.0, None)


def _exact_vertices(M_int):
    """Exact vertices: (list of Fraction tuples, zero_vars bool array, tight_rows bool array)."""
    verts = lex_vertex_enumeration(M_int)
    Z = [v[0] for v in verts]
    zero_vars = np.array([v[1] for v in verts], dtype=bool)
    tight_rows = np.array([v[2] for v in verts], dtype=bool)
    return Z, zero_vars, tight_rows


def _common_denominator(z) -> tuple[list[int], int]:
    """Fractions ``z`` as integer numerators over one common denominator."""
    den = 1
    for v in z:
        den = den * v.denominator // math.gcd(den, v.denominator)
    return [v.numerator * (den // v.denominator) for v in z], den


def _exact_nash(A_int, BT_int, x, y) -> bool:
    """Exact zero-regret test of the probability vectors ``(x, y)`` (Fractions) on the integer matrices.

    The integer matrices are a positive scaling and shift of each player's
    payoffs, which changes no regret's sign: ``(x, y)`` is an equilibrium iff every
    row in the support of ``x`` attains the maximum of ``A y`` and every column in
    the support of ``y`` the maximum of ``B^T x``.
    """
    if sum(x) != 1 or sum(y) != 1:
        return False
    return _nash_int(A_int, BT_int, _common_denominator(x)[0], _common_denominator(y)[0])


def _nash_int(A_int, BT_int, X, Y) -> bool:
    """:func:`_exact_nash` for nonnegative integer vectors, read as the mixes ``X / sum(X)``, ``Y / sum(Y)``.

    Scaling a mix by a positive number scales the other player's payoffs by the
    same number, so the best-response test needs no division at all.
    """
    return _nash_vals(X, _times(BT_int, X), Y, _times(A_int, Y))


def _times(M_int, z) -> list:
    """``M z`` for integer ``M`` and integer ``z`` (column by column: ``z`` is sparse)."""
    out = [0] * len(M_int)
    for j, v in enumerate(z):
        if v:
            out = [o + row[j] * v for o, row in zip(out, M_int)]
    return out


def _nash_vals(X, cx, Y, ry) -> bool:
    """The best-response test of :func:`_nash_int` given ``cx = B^T X`` and ``ry = A Y``."""
    if min(X) < 0 or min(Y) < 0 or not any(X) or not any(Y):
        return False
    best_r, best_c = max(ry), max(cx)
    return all(ry[i] == best_r for i, v in enumerate(X) if v) and \
        all(cx[j] == best_c for j, v in enumerate(Y) if v)


def _tight_solution(M_int, zero_vars, tight_rows, M_float, where: str = "", *, free=None, rows=None):
    """Solve a vertex's tight constraints exactly: ``(z, den, vals)`` with ``z / den`` the vertex.

    ``z`` holds integer numerators (zero where ``zero_vars``), ``vals`` the
    numerators of ``M z`` over the same ``den``, so constraint ``i`` is tight
    exactly when ``vals[i] == den``.  With more tight rows than unknowns (a
    degenerate vertex), an independent subset is picked by QR with column pivoting
    on ``M_float``.  Raises :class:`_Untrusted` (``where`` completes its message)
    when the system is under-determined or singular.  ``free`` and ``rows`` (the
    index lists of the nonzero coordinates and tight rows) may be given to save
    recomputing them.
    """
    d = len(M_int[0])
    if free is None:
        free = np.flatnonzero(~np.asarray(zero_vars, dtype=bool)).tolist()
    if rows is None:
        rows = np.flatnonzero(tight_rows).tolist()
    if len(rows) < len(free):
        raise _Untrusted("under-determined tight system" + where)
    if len(rows) > len(free):
        from scipy.linalg import qr
        if M_float is None:
            M_float = np.array(M_int, dtype=float)
        _, _, piv = qr(M_float[np.ix_(rows, free)].T, pivoting=True)
        rows = sorted(rows[i] for i in piv[:len(free)])
    out = solve_square_integer([[M_int[i][j] for j in free] for i in rows], [1] * len(rows))
    if out is None:
        raise _Untrusted("singular tight system" + where)
    X, den = out
    z = [0] * d
    for j, v in zip(free, X):
        z[j] = v
    return z, den, _times(M_int, z)


def _row_index_lists(mask: np.ndarray) -> list[list[int]]:
    """``[np.flatnonzero(row).tolist() for row in mask]`` with two numpy calls in all."""
    cols = np.nonzero(mask)[1].tolist()
    ends = np.cumsum(mask.sum(axis=1)).tolist()
    return [cols[a:b] for a, b in zip([0] + ends[:-1], ends)]


def _exact_labels(M_int, zero_vars, tight_rows, M_float):
    """Exact label sets of the vertex fixed by its clearly tight constraints.

    Solves the tight system exactly (:func:`_tight_solution`), checks that every
    constraint classified tight is tight exactly and that the point is feasible,
    and returns the exact ``(zero_vars, tight_rows)``.  Raises :class:`_Untrusted`
    otherwise.
    """
    z, den, vals = _tight_solution(M_int, zero_vars, tight_rows, M_float, " at a near-tie")
    if min(z) < 0:
        raise _Untrusted("infeasible vertex at a near-tie")
    if max(vals) > den or any(vals[i] != den for i in np.flatnonzero(tight_rows).tolist()):
        raise _Untrusted("tight constraints disagree with exact arithmetic at a near-tie")
    return np.array([v == 0 for v in z]), np.array([v == den for v in vals])


def _rebuild_exact(M_int, zero_vars, tight_rows, M_float=None) -> list[tuple]:
    """The exact vertices with the given tight constraints; raises _Untrusted if one disagrees.

    ``zero_vars`` and ``tight_rows`` are boolean matrices, one row per vertex.
    Returns one ``(z, vals)`` per vertex: the vertex as integer numerators over a
    common positive denominator (which is dropped: callers normalise, and a
    vertex's direction is all that matters) and ``M z``, which the equilibrium
    test reuses.  Every coordinate not in ``zero_vars`` must be positive and
    exactly the constraints in ``tight_rows`` must be tight.
    """
    out = []
    tight_lists = _row_index_lists(tight_rows)
    for free, rows in zip(_row_index_lists(~zero_vars), tight_lists):
        z, den, vals = _tight_solution(M_int, None, None, M_float, free=free, rows=list(rows))
        if min(z[j] for j in free) <= 0:
            raise _Untrusted("rebuilt vertex has a non-positive free coordinate")
        if max(vals) > den or sum(v == den for v in vals) != len(rows) or \
                any(vals[i] != den for i in rows):
            raise _Untrusted("rebuilt vertex has other tight constraints than in floating point")
        out.append((tuple(z), vals))
    return out


def _label_keys(L: np.ndarray) -> list:
    """Each row of the boolean label matrix ``L`` as one Python int (a bitmask)."""
    if L.shape[1] <= 63:
        weights = np.left_shift(np.int64(1), np.arange(L.shape[1], dtype=np.int64))
        return (L @ weights).tolist()
    packed = np.packbits(L, axis=1)
    return [int.from_bytes(row.tobytes(), "big") for row in packed]


def _match(LP: np.ndarray, LQ: np.ndarray) -> np.ndarray:
    """Index pairs ``(p, q)`` whose label sets ``LP[p] | LQ[q]`` cover every label.

    A vertex of P carries at least ``m`` labels and one of Q at least ``n``, out
    of ``m + n``.  A *simple* vertex of P (exactly ``m`` labels) can only be
    completed by a simple vertex of Q whose label set is exactly the complement,
    found by a hash lookup; only the few degenerate vertices (more labels) are
    compared with every vertex of the other polytope.  Linear in the number of
    vertices, where comparing all pairs is quadratic.
    """
    L = LP.shape[1]
    cp, cq = LP.sum(axis=1), LQ.sum(axis=1)
    dp, dq = int(cp.min(initial=L)), int(cq.min(initial=L))
    simpleP, simpleQ = cp == dp, cq == dq
    out = []
    if dp + dq == L:
        full = (1 << L) - 1
        kp, kq = _label_keys(LP), _label_keys(LQ)
        lookup = {key: q for q, key in enumerate(kq) if simpleQ[q]}
        for p in np.flatnonzero(simpleP).tolist():
            q = lookup.get(full ^ kp[p])
            if q is not None:
                out.append((p, q))
    else:   # no simple vertex pair can be complementary: compare every pair below
        simpleP = np.zeros(len(LP), dtype=bool)
    # Degenerate vertices of P against all of Q; simple ones of P against degenerate ones of Q.
    if L <= 63:
        weights = np.left_shift(np.int64(1), np.arange(L, dtype=np.int64))
        bp, bq, full = LP @ weights, LQ @ weights, np.int64((1 << L) - 1)
    for P_idx, Q_idx in ((np.flatnonzero(~simpleP), np.arange(len(LQ))),
                         (np.flatnonzero(simpleP), np.flatnonzero(~simpleQ))):
        if len(P_idx) == 0 or len(Q_idx) == 0:
            continue
        if L <= 63:   # label sets as bitmasks: a pair covers every label iff the OR is full
            step = max(1, (1 << 22) // len(Q_idx))
            bqs = bq[Q_idx]
            for a in range(0, len(P_idx), step):
                cover = (bp[P_idx[a:a + step], None] | bqs[None, :]) == full
                out.extend((int(P_idx[a + i]), int(Q_idx[j])) for i, j in np.argwhere(cover).tolist())
            continue
        missP, LQs = ~LP[P_idx], LQ[Q_idx]
        step = max(1, (1 << 22) // max(1, len(Q_idx) * L))
        for a in range(0, len(P_idx), step):
            cover = ~(missP[a:a + step, None, :] & ~LQs[None, :, :]).any(axis=2)
            out.extend((int(P_idx[a + i]), int(Q_idx[j])) for i, j in np.argwhere(cover).tolist())
    return np.array(sorted(out), dtype=int).reshape(-1, 2)


# ---------------------------------------------------------------------- components
def maximal_bicliques(edges: set[tuple[int, int]]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Maximal bicliques ``(X, Y)`` (``X x Y`` inside ``edges``) of a bipartite graph.

    Every maximal biclique's ``Y`` is the intersection of the neighbourhoods of its
    ``X``; the search closes the family of neighbourhoods under intersection
    (bitmask sets, breadth first), then takes for each closed ``Y`` the left vertices
    adjacent to all of it -- the clique enumeration of Avis, Rosenberg, Savani &
    von Stengel (2010, sec. 4) in the style of Bron & Kerbosch (1973).

    Returns
    -------
    list of (tuple of int, tuple of int), sorted.
    """
    nbr: dict[int, int] = {}
    for x, y in edges:
        nbr[x] = nbr.get(x, 0) | (1 << y)
    family = set(nbr.values())
    frontier = list(family)
    while frontier:
        new = []
        for S in frontier:
            for N in nbr.values():
                T = S & N
                if T and T not in family:
                    family.add(T)
                    new.append(T)
        frontier = new
    out = []
    for Y in family:
        X = tuple(sorted(x for x, N in nbr.items() if Y & N == Y))
        ys = tuple(j for j in range(Y.bit_length()) if Y >> j & 1)
        out.append((X, ys))
    return sorted(out)


# ---------------------------------------------------------------------- solver
@scale_invariant
def enummixed_solve(game, exact: bool | None = None, *, path: str = "auto",
                    tolerance: float | None = None, warn: bool = True, **opts):
    """All extreme Nash equilibria of a two-player game, and its components.

    Parameters
    ----------
    game : NormalFormGame
        A numeric two-player game (degenerate games welcome).
    exact : bool, optional
        Fractions and exact zero-regret checks (default: when the game is exact).
    path : {"auto", "exact", "float"}
        Vertex enumeration route: ``"auto"`` tries qhull in floating point and
        falls back to exact integer pivoting whenever floating point cannot be
        trusted; ``"exact"`` always pivots in integers; ``"float"`` insists on
        qhull (it still falls back when the float answer is untrustworthy, and
        says so in ``details["vertex_enumeration"]``).
    tolerance : float, optional
        Regret tolerance in float mode (default 1e-9).
    warn : bool
        Emit :class:`~gametheory.exceptions.DegenerateGameWarning` for degenerate games.

    Returns
    -------
    EquilibriumResult
        ``method="enummixed"``, ``complete=True``; ``components`` lists the maximal
        Nash subsets (``row_vertices``/``column_vertices`` index the distinct mixes
        in ``details["row_vertices"]`` / ``details["column_vertices"]``);
        ``details["vertex_enumeration"]`` says which vertex enumeration ran and
        ``details["degenerate"]`` whether the game is degenerate.

    Notes
    -----
    von Stengel (2007), sec. 3.5 (equilibria as completely labelled vertex pairs);
    Avis, Rosenberg, Savani & von Stengel (2010) (extreme equilibria and maximal
    Nash subsets); Avis (2000) (lexicographic vertex enumeration for degenerate
    polytopes).
    """
    from ..game import MixedStrategyProfile
    _check_input(game, path, opts)
    if exact is None:
        exact = game.kind == "exact"
    tol = FLOAT_TOLERANCE if tolerance is None else float(tolerance)
    # prepare and enumerate: candidate vertex pairs, verified
    run = _enumerate(game, path, exact)
    row_mixes, col_mixes = _verify(game, run, exact, tol)
    # order deterministically and renumber the mixes
    row_mixes, col_mixes, eq_pairs = _ordered(run.pairs, run.xs, run.ys, row_mixes, col_mixes, exact)
    if exact:
        row_vecs = [_object_vector(x) for x in row_mixes]
        col_vecs = [_object_vector(y) for y in col_mixes]
        row_mixes = [tuple(x) for x in row_mixes]
        col_mixes = [tuple(y) for y in col_mixes]
    else:
        row_vecs = [x.copy() for x in row_mixes]
        col_vecs = [y.copy() for y in col_mixes]
        row_mixes = [tuple(x.tolist()) for x in row_mixes]
        col_mixes = [tuple(y.tolist()) for y in col_mixes]
    eqs = [MixedStrategyProfile._from_vectors(game, [row_vecs[a], col_vecs[b]], exact)
           for a, b in eq_pairs]
    # components and degeneracy
    components = _components(eq_pairs, len(row_mixes), len(col_mixes))
    degenerate = run.degenerate or any(len(c.extreme) > 1 for c in components) or \
        any(sum(1 for v in row_mixes[a] if v) != sum(1 for v in col_mixes[b] if v) for a, b in eq_pairs)
    warns = []
    if degenerate:
        text = _degeneracy_text(len(eqs), components)
        warns.append(text)
        if warn:
            _warnings.warn(text, DegenerateGameWarning, stacklevel=2)
    # record
    details = {"vertex_enumeration": run.used, "degenerate": degenerate,
               "row_vertices": tuple(row_mixes), "column_vertices": tuple(col_mixes)}
    if run.fallback_reason:
        details["fallback_reason"] = run.fallback_reason
    return make_result(game, "enummixed", eqs, exact=exact, tolerance=None if exact else tol,
                       complete=True, components=components, warnings=warns, details=details,
                       verify=False)


def _check_input(game, path: str, opts: dict) -> None:
    """Refuse what enummixed does not take: not a two-player numeric strategic form,
    an unknown option or vertex enumeration route."""
    from ..game import NormalFormGame
    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError("enummixed_solve needs a NormalFormGame")
    if game.n_players != 2:
        raise UnsupportedGameError(
            f"enummixed works on two-player games; this game has {game.n_players} players "
            "(use method enumpoly or simpdiv)")
    if opts:
        raise InvalidGameError(f"enummixed_solve: unknown option(s) {', '.join(sorted(opts))}")
    if path not in ("auto", "exact", "float"):
        raise InvalidGameError(f"enummixed_solve: path must be auto, exact or float, got {path!r}")
    if game.is_symbolic:
        raise UnsupportedGameError("enummixed_solve: the game is symbolic; substitute parameter values first")


@dataclass
class _Run:
    """Candidate equilibria of a vertex enumeration: ``pairs`` index ``xs`` / ``ys``,
    each a positive multiple of a vertex of P / Q: rows of float arrays, or on the
    exact route ``(X, B^T X)`` and ``(Y, A Y)`` in Python ints."""

    pairs: list
    xs: list
    ys: list
    degenerate: bool
    used: str               # "float" (qhull) or "exact" (integer pivoting)
    fallback_reason: str = ""


def _enumerate(game, path: str, exact: bool) -> _Run:
    """Qhull in floating point when the route allows it, exact pivoting otherwise
    or whenever floating point cannot be trusted."""
    m, n = game.shape
    fallback_reason = ""
    if path != "exact" and min(m, n) >= 2 and (path == "float" or m * n > 9):
        try:
            pairs, xs, ys, degenerate = _float_path(game, exact)
            return _Run(pairs, xs, ys, degenerate, "float")
        except _Untrusted as exc:
            fallback_reason = str(exc)
    pairs, xs, ys, degenerate = _exact_path(game)
    return _Run(pairs, xs, ys, degenerate, "exact", fallback_reason)


def _verify(game, run: _Run, exact: bool, tol: float) -> tuple[list, list]:
    """Check every candidate and return the row and column mixes.

    Exact: in integer arithmetic (the same test as make_result's Fraction regrets,
    several times faster).  Float: on the game's own payoffs, all at once; a float
    candidate that fails sends ``run`` down the exact route (recorded in ``run``).
    """
    m, n = game.shape
    if exact:
        for ix, iy in run.pairs:
            if not _nash_vals(*run.xs[ix], *run.ys[iy]):
                raise SolverError(f"internal error: candidate ({run.xs[ix][0]}, {run.ys[iy][0]}) is not "
                                  "an exact equilibrium; refusing to return it")
        return [_normalise_int(v) for v, _ in run.xs], [_normalise_int(v) for v, _ in run.ys]
    row_mixes, col_mixes = _float_mixes(run.xs, run.ys, run.used == "exact", m, n)
    P = game.float_payoffs()
    try:
        verify_bimatrix_float(P[0], P[1], [row_mixes[a] for a, _ in run.pairs],
                              [col_mixes[b] for _, b in run.pairs], tol)
    except SolverError as exc:
        if run.used != "float":
            raise
        # Floating point produced a candidate it cannot vouch for: recompute exactly.
        run.fallback_reason = f"a floating-point candidate failed verification: {exc}"
        run.pairs, run.xs, run.ys, run.degenerate = _exact_path(game)
        run.used = "exact"
        row_mixes, col_mixes = _float_mixes(run.xs, run.ys, True, m, n)
        verify_bimatrix_float(P[0], P[1], [row_mixes[a] for a, _ in run.pairs],
                              [col_mixes[b] for _, b in run.pairs], tol)
    return row_mixes, col_mixes


def _ordered(pairs, xs, ys, row_mixes, col_mixes, exact: bool):
    """``(row mixes, column mixes, pairs)`` in a deterministic order: by row mix, then
    column mix (largest first probabilities first), compared in floating point and,
    where that ties, exactly; the mixes renumbered in order of first appearance."""
    if exact:   # correctly rounded from the integer vertices (no Fraction arithmetic)
        fr = [tuple(-a / s for a in v) for v, s in ((v, sum(v)) for v, _ in xs)]
        fc = [tuple(-a / s for a in v) for v, s in ((v, sum(v)) for v, _ in ys)]
    else:
        fr = [tuple((-x).tolist()) for x in row_mixes]
        fc = [tuple((-y).tolist()) for y in col_mixes]
    pairs = sorted(pairs, key=lambda p: (fr[p[0]], fc[p[1]]))
    if exact:
        def exact_key(p):
            return tuple(row_mixes[p[0]]), tuple(col_mixes[p[1]])
        # Sorted iff every neighbour pair is in order; rounding can only merge values.
        if any(exact_key(p) < exact_key(q) for p, q in zip(pairs, pairs[1:])):
            pairs = sorted(pairs, key=exact_key, reverse=True)
    rmap: dict[int, int] = {}
    cmap: dict[int, int] = {}
    for a, b in pairs:
        rmap.setdefault(a, len(rmap))
        cmap.setdefault(b, len(cmap))
    return ([row_mixes[a] for a in rmap], [col_mixes[b] for b in cmap],
            [(rmap[a], cmap[b]) for a, b in pairs])


def _components(eq_pairs, n_rows: int, n_cols: int) -> list:
    """The maximal Nash subsets: maximal bicliques of the extreme equilibria."""
    if n_rows == n_cols == len(eq_pairs):
        # No mix is shared: every extreme equilibrium is a maximal Nash subset by itself.
        return [Component(extreme=(k,), row_vertices=(a,), column_vertices=(b,))
                for k, (a, b) in enumerate(eq_pairs)]
    edge_index = {p: k for k, p in enumerate(eq_pairs)}
    components = []
    for Xs, Ys in maximal_bicliques(set(eq_pairs)):
        ext = tuple(sorted(edge_index[(a, b)] for a in Xs for b in Ys))
        components.append(Component(extreme=ext, row_vertices=Xs, column_vertices=Ys))
    components.sort(key=lambda c: c.extreme)
    return components


def _degeneracy_text(n_eqs: int, components) -> str:
    big = [c for c in components if len(c.extreme) > 1]
    text = (f"the game is degenerate: {n_eqs} extreme equilibri{'um' if n_eqs == 1 else 'a'} "
            f"in {len(components)} maximal Nash subset(s)")
    if big:
        text += "; " + "; ".join(
            "equilibria " + ", ".join(f"#{k + 1}" for k in c.extreme) + " span a continuum"
            for c in big)
    return text


def _float_mixes(xs, ys, integer: bool, m: int, n: int) -> tuple[list, list]:
    """The vertices ``xs``, ``ys`` scaled to probability vectors (float arrays).

    ``integer``: the vertices are ``(Z, M Z)`` pairs of Python ints (the exact
    enumeration), normalised exactly and then rounded, so huge integers cannot
    overflow.
    """
    if integer:
        xs = [[float(p) for p in _normalise_int(v)] for v, _ in xs]
        ys = [[float(p) for p in _normalise_int(v)] for v, _ in ys]
    X = np.asarray(xs, dtype=float).reshape(-1, m)
    Y = np.asarray(ys, dtype=float).reshape(-1, n)
    return list(X / X.sum(axis=1, keepdims=True)), list(Y / Y.sum(axis=1, keepdims=True))


def _normalise_int(v) -> list:
    """The nonnegative integer vector ``v`` scaled to sum 1, as Fractions."""
    s = sum(v)
    return [Fraction(a, s) if a else Fraction(0) for a in v]


def _object_vector(values) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _float_matrices(game):
    """Float payoff matrices mapped affinely onto ``[1, 2]`` and, for exact games, integer ones.

    A positive affine change of a player's payoffs leaves the polytopes' label
    structure unchanged, so labels found on the float matrices hold for the
    integer ones.
    """
    if game.kind == "float":
        P = np.asarray(game.float_payoffs(), dtype=float)
        A, B, ints = P[0], P[1], None
    else:
        Ai, Bi = _integer_bimatrix(game)
        if max(max(map(max, Ai)), max(map(max, Bi))) >= FLOAT_EXACT_LIMIT:
            raise _Untrusted("payoffs beyond 2^52 after scaling to integers")
        A, B, ints = np.array(Ai, dtype=float), np.array(Bi, dtype=float), (Ai, Bi)
    out = []
    for M in (A, B):
        span = float(np.ptp(M))
        out.append(np.ones_like(M) if span == 0 else 1.0 + (M - M.min()) / span)
    return out[0], out[1], ints


def _integer_bimatrix(game):
    """:func:`~gametheory.solvers._exact.integer_bimatrix` of the game, from its int64 view when it has one."""
    ints = game.integer_payoffs()
    if ints is not None and int(np.abs(ints).max()) < 2 ** 61:
        return tuple((M - M.min() + 1).tolist() for M in ints)
    return integer_bimatrix(*game.exact_payoffs())


class _OtherSideTie(Exception):
    """The derived side of a one-sided match has an exact tie: use both polytopes."""


#: Support systems with a larger (estimated) condition number are solved exactly.
MAX_CONDITION = 1e7
#: A fixed right-hand side with irrational-looking entries: solving ``A z = v`` estimates
#: ``|A^-1|``, since ``v`` has a component along every singular direction that a
#: structured (rational) matrix can have.
_PROBE = np.cos(1.0 + 2.3 * np.arange(64))
_PROBE_MAX = np.concatenate([[0.0], np.maximum.accumulate(np.abs(_PROBE))])   # max |v[:k]| at k
#: At most this many exact square solves complete the faces of one game
#: (:func:`_face_partners`, about 20 microseconds each); a game that needs more is
#: so degenerate that hulling the other polytope too is cheaper.
EXACT_SOLVE_BUDGET = 100


def _one_sided(A: np.ndarray, vertsP, exact_A):
    """Equilibria from the vertices of P alone.

    qhull has listed the vertices of ``P = {x >= 0, B^T x <= 1}`` (``vertsP``),
    each with its complete label set.  A vertex ``x`` with support ``S`` and
    best-response set ``T`` is completed exactly by the vertices ``y`` of ``Q``
    with ``y_j = 0`` off ``T`` and ``(A y)_i = 1`` on ``S``.  For a simple ``x``
    (``|S| = |T|``) that is one candidate, the solution of ``A[S, T] y_T = 1``:
    those systems are solved for all vertices at once, one batched solve per
    support size, and the sign tests run on all of them together.  A strictly
    positive ``y_T`` and slack give an equilibrium and a clearly negative one
    rules ``x`` out.  Every other vertex -- ``x`` degenerate, the system singular
    or ill-conditioned (condition number above :data:`MAX_CONDITION`, estimated
    by solving a second right-hand side alongside), or a value too close to zero to call -- is completed in
    exact arithmetic by :func:`_face_partners`, which also returns partners
    with extra labels (a degenerate ``Q``).  So one convex hull suffices for
    degenerate games too, unless completing the faces would take more than
    :data:`EXACT_SOLVE_BUDGET` exact solves (:class:`_OtherSideTie`; the caller
    then uses both polytopes).

    Returns
    -------
    px : ndarray of int
        For each extreme equilibrium, the index of its ``x`` in ``vertsP``.
    zy, ty : ndarray of bool
        Its ``y``'s complete label sets (zero coordinates, tight rows of ``A y <= 1``).
    Y : ndarray (e, n)
        Its ``y`` (float; positive multiples of the vertex).
    exact_y : dict
        ``{e: (Y, A Y)}`` (Python ints) for the partners found in exact arithmetic.
    degenerate : bool
        Whether a partner with extra labels was found.
    """
    m, n = A.shape
    ZP, zP, tP, _ = vertsP
    S_all = ~zP
    sizes, tsizes = S_all.sum(axis=1), tP.sum(axis=1)
    V = len(ZP)
    simple = (sizes == tsizes) & (sizes > 0)
    # Simple vertices grouped by support size (contiguous after a stable sort).
    order = np.flatnonzero(simple)
    order = order[np.argsort(sizes[order], kind="stable")]
    counts = np.bincount(sizes[order], minlength=min(m, n) + 1)
    starts = np.concatenate([[0], np.cumsum(counts)])
    offsets = np.concatenate([[0], np.cumsum(counts * np.arange(len(counts)))])
    S_cols = np.nonzero(S_all[order])[1]           # row by row, so group k is one slice
    T_cols = np.nonzero(tP[order])[1]
    # One batched solve per support size, for y_T and for a fixed generic
    # right-hand side v at once: |A^-1 v| / |v| estimates |A^-1|, hence the
    # condition number.  The solutions are laid out flat, vertex after vertex in
    # `order`, and reduced per vertex in one go below.
    sols = []
    for k in range(1, len(counts)):
        if counts[k] == 0:
            continue
        S = S_cols[offsets[k]:offsets[k + 1]].reshape(-1, k)
        T = T_cols[offsets[k]:offsets[k + 1]].reshape(-1, k)
        sub = A[S[:, :, None], T[:, None, :]]
        rhs = np.column_stack([np.ones(k), _PROBE[:k]])
        try:
            sol = np.linalg.solve(sub, rhs)
        except np.linalg.LinAlgError:   # some system is exactly singular: solve the others
            sol = np.full((len(sub), k, 2), np.nan)
            good = np.flatnonzero(np.linalg.det(sub) != 0)
            try:
                sol[good] = np.linalg.solve(sub[good], rhs)
            except np.linalg.LinAlgError:
                for r in good.tolist():
                    try:
                        sol[r] = np.linalg.solve(sub[r], rhs)
                    except np.linalg.LinAlgError:
                        pass
        sols.append(sol.reshape(-1, 2))
    Y = np.zeros((V, n))
    ymin = np.full(V, np.nan)                      # NaN: not settled in floating point
    if sols:
        flat = np.concatenate(sols)                # (sum of k over simple vertices, 2)
        k_of = sizes[order]
        first = offsets[k_of] + (np.arange(len(order)) - starts[k_of]) * k_of
        yT = flat[:, 0]
        # Ill-conditioned systems (estimated condition number above MAX_CONDITION,
        # singular in exact arithmetic included) are left to exact arithmetic.
        # (Every entry of A lies in [1, 2], so |A| <= 2k in the infinity norm.)
        inv_norm = np.maximum.reduceat(np.abs(flat[:, 1]), first)
        wild = ~(inv_norm <= MAX_CONDITION * _PROBE_MAX[k_of] / (2 * k_of))
        Y[np.repeat(order, k_of), T_cols] = np.where(np.repeat(wild, k_of), 0.0, yT)
        ymin[order] = np.where(wild, np.nan, np.minimum.reduceat(yT, first))
    slack = 1.0 - Y @ A.T                          # (V, m); zero on S by construction
    slack[S_all] = np.inf
    low = np.minimum(ymin, slack.min(axis=1))      # NaN stays NaN
    low[sizes == 0] = -np.inf                      # the zero vertex is never matched
    ok = low > AMBIGUOUS_TOL
    clear = ok | (low < -AMBIGUOUS_TOL)
    # y's that need exact arithmetic: degenerate x, singular systems, values near zero.
    shaky = np.flatnonzero(~clear)
    keep = np.flatnonzero(ok)
    px = [keep]
    zy, ty = [~tP[keep]], [S_all[keep]]
    Ys = [Y[keep]]
    exact_y = {}
    degenerate = False
    if len(shaky) > EXACT_SOLVE_BUDGET:
        raise _OtherSideTie(f"{len(shaky)} vertices need exact completion")
    budget = EXACT_SOLVE_BUDGET
    if len(shaky):
        Ai = exact_A()
        found_x, found_zy, found_ty, found_Y = [], [], [], []
        e = len(keep)
        for v in shaky.tolist():
            partners, used = _face_partners(Ai, np.flatnonzero(~tP[v]).tolist(),
                                            np.flatnonzero(S_all[v]).tolist(), budget)
            budget -= used
            for Yv, vals, den in partners:
                zyv = np.array([a == 0 for a in Yv])
                tyv = np.array([a == den for a in vals])
                degenerate = degenerate or int(zyv.sum() + tyv.sum()) > n
                found_x.append(v)
                found_zy.append(zyv)
                found_ty.append(tyv)
                found_Y.append([a / den for a in Yv])
                exact_y[e] = (tuple(Yv), vals)
                e += 1
        if found_x:
            px.append(np.array(found_x, dtype=int))
            zy.append(np.array(found_zy, dtype=bool))
            ty.append(np.array(found_ty, dtype=bool))
            Ys.append(np.array(found_Y, dtype=float))
    return (np.concatenate(px), np.concatenate(zy).reshape(-1, n), np.concatenate(ty).reshape(-1, m),
            np.concatenate(Ys).reshape(-1, n), exact_y, degenerate)


def _face_partners(A_int, zero_cols, tight_rows, limit: int):
    """Every vertex ``y != 0`` of ``Q = {y >= 0, A y <= 1}`` with ``y_j = 0`` on ``zero_cols`` and ``(A y)_i = 1`` on ``tight_rows``, exactly.

    These are the vertices of a face of Q.  On the free coordinates ``F``, the
    given tight rows have some rank ``r``; a vertex of the face has ``|F|``
    linearly independent tight constraints, ``r`` of them from an independent
    subset of the given rows and ``|F| - r`` others (further zero coordinates or
    tight rows).  All such choices are tried, each square system is solved in
    integers (:func:`~gametheory.solvers._exact.solve_square_integer`) and its
    solution kept when it lies in the face.  This is complete; it is used for
    the few vertices of P whose partner floating point cannot settle.

    Returns
    -------
    (list of (list of int, list of int, int), int)
        ``(Y, A Y, den)`` for each vertex ``Y / den``, and the number of square
        systems solved.

    Raises
    ------
    _OtherSideTie
        When more than ``limit`` choices would be needed.
    """
    from itertools import combinations
    m, n = len(A_int), len(A_int[0])
    zero = set(zero_cols)
    F = [j for j in range(n) if j not in zero]
    E = list(tight_rows)
    if not F:
        return [], 0
    basis = [E[i] for i in _independent_rows([[A_int[i][j] for j in F] for i in E])]
    delta = len(F) - len(basis)
    if delta < 0:
        raise _OtherSideTie("inconsistent face description")
    Eset = set(E)
    extra = [("zero", j) for j in range(len(F))] + [("row", i) for i in range(m) if i not in Eset]
    tries = math.comb(len(extra), delta)
    if tries > limit:
        raise _OtherSideTie("too many ways to complete a face")
    base_rows = [[A_int[i][j] for j in F] for i in basis]
    found = {}
    for D in combinations(extra, delta):
        rows, rhs = list(base_rows), [1] * len(base_rows)
        for kind, a in D:
            if kind == "zero":
                rows.append([1 if t == a else 0 for t in range(len(F))])
                rhs.append(0)
            else:
                rows.append([A_int[a][j] for j in F])
                rhs.append(1)
        out = solve_square_integer(rows, rhs)
        if out is None:
            continue
        yF, den = out
        if min(yF) < 0 or not any(yF):
            continue
        Yv = [0] * n
        for j, v in zip(F, yF):
            Yv[j] = v
        vals = _times(A_int, Yv)
        if max(vals) > den or any(vals[i] != den for i in E):
            continue
        g = math.gcd(den, *Yv)
        key = tuple(v // g for v in Yv)
        if key not in found:
            found[key] = (list(key), [v // g for v in vals], den // g)
    return list(found.values()), tries


def _two_sided(vertsP, vertsQ):
    """Completely labelled pairs from both polytopes' full label sets (degenerate games).

    Returns ``(pairs, VP, VQ)``: index pairs into the two vertex lists (zero
    vertices excluded) and the vertex lists themselves.
    """
    ZP, zP, tP, _ = vertsP
    ZQ, zQ, tQ, _ = vertsQ
    pairs = _match(np.hstack([zP, tP]), np.hstack([tQ, zQ]))
    if len(pairs):
        pairs = pairs[~zP[pairs[:, 0]].all(axis=1) & ~zQ[pairs[:, 1]].all(axis=1)]
    return pairs


def _float_path(game, exact: bool):
    """Extreme equilibria via qhull.

    Returns ``(pairs, xs, ys, degenerate)``: ``xs`` and ``ys`` are the vertices
    of P and Q that occur in equilibria (float arrays; in exact mode pairs
    ``(X, B^T X)`` and ``(Y, A Y)`` of Python ints on the integer matrices, ``X``
    a positive multiple of the vertex) and ``pairs`` the index pairs of the
    extreme equilibria.
    """
    A, B, ints = _float_matrices(game)
    m, n = A.shape
    cache = {}

    def _ints():
        if "AB" not in cache:
            cache["AB"] = ints if ints is not None else _integer_bimatrix(game)
        return cache["AB"]

    def int_A():
        return _ints()[0]

    def int_BT():
        if "BT" not in cache:
            cache["BT"] = [list(r) for r in zip(*_ints()[1])]
        return cache["BT"]

    swap = n < m  # the one-sided search runs qhull in the smaller dimension
    xs: Any
    ys: Any  # float arrays, or (vertex, payoff) pairs of ints when exact
    A1, B1 = (B.T, A.T) if swap else (A, B)
    exact_P1, exact_A1 = (int_A, int_BT) if swap else (int_BT, int_A)
    V1 = _qhull_vertices(B1.T, exact_P1)   # Q of the game when swapped, P otherwise
    try:
        px, zy, ty, Yf, exact_y, deg_partner = _one_sided(A1, V1, exact_A1)
    except _OtherSideTie:
        pass
    else:
        degenerate = V1[3] or deg_partner
        ux, inv_x = np.unique(px, return_inverse=True)
        if exact_y:   # partners may repeat: one vertex per complete label set
            packed = np.ascontiguousarray(np.packbits(np.hstack([zy, ty]), axis=1))
            keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
            _, uy, inv_y = np.unique(keys, return_index=True, return_inverse=True)
        else:         # one partner per vertex of P, all distinct
            uy = inv_y = np.arange(len(px))
        pairs = np.column_stack([inv_x.ravel(), np.asarray(inv_y).ravel()]).astype(int)
        zx1, tx1 = V1[1][ux], V1[2][ux]
        if exact:
            xs = _rebuild_exact(exact_P1(), zx1, tx1, B1.T)
            rebuild = [u for u in uy.tolist() if u not in exact_y]
            rebuilt = dict(zip(rebuild, _rebuild_exact(exact_A1(), zy[rebuild], ty[rebuild], A1)))
            ys = [exact_y[u] if u in exact_y else rebuilt[u] for u in uy.tolist()]
        else:
            # qhull's facet equations give the vertices of P to about 1e-15; the
            # batched verification below checks every equilibrium anyway.
            xs, ys = np.where(zx1, 0.0, np.clip(V1[0][ux], 0.0, None)), Yf[uy]
        if swap:
            xs, ys, pairs = ys, xs, pairs[:, ::-1]
        return [tuple(p) for p in pairs.tolist()], xs, ys, degenerate
    VP = _qhull_vertices(B.T, int_BT) if swap else V1
    VQ = V1 if swap else _qhull_vertices(A, int_A)
    degenerate = VP[3] or VQ[3]
    pairs = _two_sided(VP, VQ)
    # Keep only the vertices that occur in an equilibrium, renumbered.
    px, inv_x = np.unique(pairs[:, 0], return_inverse=True)
    py, inv_y = np.unique(pairs[:, 1], return_inverse=True)
    pairs = np.column_stack([inv_x.ravel(), inv_y.ravel()]).astype(int)
    zx, tx, zy, ty = VP[1][px], VP[2][px], VQ[1][py], VQ[2][py]
    if exact:
        xs = _rebuild_exact(int_BT(), zx, tx, B.T)
        ys = _rebuild_exact(int_A(), zy, ty, A)
    else:
        xs, ys = _refine_float(B.T, zx, tx), _refine_float(A, zy, ty)
    return [tuple(p) for p in pairs.tolist()], xs, ys, degenerate


def _exact_path(game):
    """Extreme equilibria by exact lexicographic vertex enumeration; returns like :func:`_float_path` (exact)."""
    Ai, Bi = _integer_bimatrix(game)
    m, n = len(Ai), len(Ai[0])
    BT = [list(r) for r in zip(*Bi)]
    XP, zP, tP = _exact_vertices(BT)
    YQ, zQ, tQ = _exact_vertices(Ai)
    degenerate = bool(np.any(zP.sum(axis=1) + tP.sum(axis=1) > m) or
                      np.any(zQ.sum(axis=1) + tQ.sum(axis=1) > n))
    pairs = _match(np.hstack([zP, tP]), np.hstack([tQ, zQ]))
    matched = [(p, q) for p, q in pairs.tolist() if not zP[p].all() and not zQ[q].all()]
    px = sorted({p for p, _ in matched})
    py = sorted({q for _, q in matched})
    ix, iy = {p: k for k, p in enumerate(px)}, {q: k for k, q in enumerate(py)}
    xs = [(x, _times(BT, x)) for x in (tuple(_common_denominator(XP[p])[0]) for p in px)]
    ys = [(y, _times(Ai, y)) for y in (tuple(_common_denominator(YQ[q])[0]) for q in py)]
    return [(ix[p], iy[q]) for p, q in matched], xs, ys, degenerate
