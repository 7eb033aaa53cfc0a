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
* **Float path** (the fast one): each polytope is translated to contain an
  interior point and its polar is handed to qhull (``scipy.spatial.ConvexHull``);
  the facets of the polar are the vertices of the polytope.  Each vertex's complete
  label set is recomputed from all constraints with a tolerance, vertex pairs are
  matched for all pairs at once by a matrix product of "missing label" indicator
  matrices, and in exact mode every matched vertex is rebuilt in Fractions from its
  tight constraints and checked.
* **Exact path**: lexicographic integer pivoting over the bases of each polytope
  (:func:`gametheory.solvers._exact.lex_vertex_enumeration`), the principle of lrs
  (Avis 2000), with no floating point at all.

The float path is trusted only when it can be: every vertex has exactly
``dim`` tight constraints with a clear margin to the next (no near-ties), every
payoff integer is below 2^52, and in exact mode every rebuilt vertex has exactly
the tight constraints seen in floating point.  Otherwise (degenerate games, huge
payoffs, near-ties, qhull failures, tiny games) the exact path runs, so nothing is
missed.

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
from fractions import Fraction

import numpy as np

from ..exceptions import DegenerateGameWarning, InvalidGameError, SolverError, UnsupportedGameError
from ._exact import integer_bimatrix, lex_vertex_enumeration, solve_square
from .result import FLOAT_TOLERANCE, Component, make_result

#: Integers above this cannot all be represented exactly in float64.
FLOAT_EXACT_LIMIT = 2 ** 52
#: A constraint with relative slack at most this is tight in floating point.
TIGHT_TOL = 1e-9
#: Slacks between TIGHT_TOL and this are near-ties: the float path is not trusted.
AMBIGUOUS_TOL = 1e-6


class _Untrusted(Exception):
    """The float path cannot vouch for its answer; the exact path takes over."""


# ---------------------------------------------------------------------- vertices
def _qhull_vertices(M: np.ndarray, exact_M=None):
    """Vertices of ``{z >= 0, M z <= 1}`` (``M`` positive, ``k x d``) by qhull on the polar.

    The polytope is translated so an interior point ``c`` sits at the origin; its
    polar is the convex hull of the scaled constraint normals, whose facets are the
    polytope's vertices.  A degenerate vertex is a non-simplicial facet, which
    qhull triangulates into several facets on one hyperplane: those are merged
    here, and every vertex's complete label set is recomputed from all
    constraints with the tolerance :data:`TIGHT_TOL`.

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
    from scipy.spatial import ConvexHull, QhullError

    k, d = M.shape
    # An interior point c with M c <= 1/2 and c > 0.
    c = np.full(d, 1.0 / (2.0 * d * M.max()))
    G = np.vstack([-np.eye(d), M])
    h = np.concatenate([c, 1.0 - M @ c])
    pts = G / h[:, None]
    try:
        hull = ConvexHull(pts)
    except (QhullError, ValueError) as exc:  # flat input or qhull precision trouble
        raise _Untrusted(str(exc)) from None
    eq = hull.equations
    normals, offsets = eq[:, :-1], eq[:, -1]
    if np.any(offsets >= -1e-12):
        raise _Untrusted("qhull facet through the interior point")
    Z = -normals / offsets[:, None] + c
    gscale = max(float(np.abs(Z).max()), 1e-300)
    merged = bool(len(hull.coplanar))
    # Merge triangulated pieces of one non-simplicial facet (one degenerate vertex).
    keys = np.ascontiguousarray(np.round(Z / gscale, 8) + 0.0)   # + 0.0 turns -0.0 into 0.0
    keys = keys.view(np.dtype((np.void, keys.dtype.itemsize * keys.shape[1]))).ravel()
    _, first = np.unique(keys, return_index=True)
    if len(first) != len(Z):
        merged = True
        first.sort()
        Z = Z[first]
    slack = np.hstack([Z / gscale, 1.0 - Z @ M.T])
    if slack.min() < -TIGHT_TOL:
        raise _Untrusted("an infeasible vertex")
    tight = np.abs(slack) <= TIGHT_TOL
    near = ~tight & (slack < AMBIGUOUS_TOL)
    if near.any():
        if exact_M is None:
            raise _Untrusted("near-tie at the tolerance")
        Mi = exact_M()
        for v in np.flatnonzero(near.any(axis=1)):
            zv, tr = _exact_labels(Mi, tight[v, :d], tight[v, d:], M)
            tight[v, :d], tight[v, d:] = zv, tr
    counts = tight.sum(axis=1)
    if np.any(counts < d):
        raise _Untrusted("a vertex with fewer than dim tight constraints")
    degenerate = merged or bool(np.any(counts > d))
    zero_vars, tight_rows = tight[:, :d], tight[:, d:]
    if not np.any(zero_vars.all(axis=1)):
        raise _Untrusted("zero vertex missing")
    return Z, zero_vars, tight_rows, degenerate


def _refine_float(M: np.ndarray, zero_vars, tight_rows) -> tuple:
    """A vertex recomputed in floating point from its tight constraints."""
    free = ~zero_vars
    sub = M[np.ix_(tight_rows, free)]
    z = np.zeros(M.shape[1])
    if sub.size:
        if sub.shape[0] == sub.shape[1]:
            z[free] = np.linalg.solve(sub, np.ones(sub.shape[0]))
        else:  # a degenerate vertex: more tight constraints than unknowns
            z[free] = np.linalg.lstsq(sub, np.ones(sub.shape[0]), rcond=None)[0]
    return tuple(np.clip(z, 0.0, None))


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


def _row_values(M_int, z) -> tuple[list[int], int]:
    """``M z`` for integer ``M`` and Fraction ``z``, as integer numerators over one denominator."""
    num, den = _common_denominator(z)
    nz = [(j, v) for j, v in enumerate(num) if v]
    return [sum(row[j] * v for j, v in nz) for row in M_int], den


def _exact_nash(A_int, BT_int, x, y) -> bool:
    """Exact zero-regret test of ``(x, y)`` on the integer matrices (integer arithmetic only).

    The integer matrices are a positive scaling and shift of each player's
    payoffs, which changes no regret's sign: ``(x, y)`` is an equilibrium iff every
    row in the support of ``x`` attains the maximum of ``A y`` and every column in
    the support of ``y`` the maximum of ``B^T x``.
    """
    if sum(x) != 1 or sum(y) != 1 or min(x) < 0 or min(y) < 0:
        return False
    r, _ = _row_values(A_int, y)
    c, _ = _row_values(BT_int, x)
    best_r, best_c = max(r), max(c)
    return all(r[i] == best_r for i, v in enumerate(x) if v) and \
        all(c[j] == best_c for j, v in enumerate(y) if v)


def _exact_labels(M_int, zero_vars, tight_rows, M_float):
    """Exact label sets of the vertex fixed by its clearly tight constraints.

    Solves the tight system exactly (an independent subset of rows when there are
    more than unknowns), checks that every constraint classified tight is tight
    exactly and that the point is feasible, and returns the exact
    ``(zero_vars, tight_rows)``.  Raises :class:`_Untrusted` otherwise.
    """
    d = len(M_int[0])
    free = [j for j in range(d) if not zero_vars[j]]
    rows = [i for i in range(len(M_int)) if tight_rows[i]]
    if len(rows) < len(free):
        raise _Untrusted("under-determined tight system at a near-tie")
    chosen = rows
    if len(rows) > len(free):
        from scipy.linalg import qr
        _, _, piv = qr(M_float[np.ix_(rows, free)].T, pivoting=True)
        chosen = sorted(rows[i] for i in piv[:len(free)])
    sol = solve_square([[M_int[i][j] for j in free] for i in chosen], [1] * len(chosen))
    if sol is None:
        raise _Untrusted("singular tight system at a near-tie")
    z = [Fraction(0)] * d
    for j, v in zip(free, sol):
        if v < 0:
            raise _Untrusted("infeasible vertex at a near-tie")
        z[j] = v
    vals, den = _row_values(M_int, z)
    if any(v > den for v in vals) or any(vals[i] != den for i in rows):
        raise _Untrusted("tight constraints disagree with exact arithmetic at a near-tie")
    return np.array([v == 0 for v in z]), np.array([v == den for v in vals])


def _rebuild_exact(M_int, zero_vars, tight_rows, M_float=None) -> tuple:
    """The exact vertex with the given tight constraints; raises _Untrusted if it disagrees.

    With more tight constraints than unknowns (a degenerate vertex), a subset of
    independent rows is picked by QR with column pivoting on ``M_float`` and the
    rest are checked exactly.
    """
    d = len(M_int[0])
    free = [j for j in range(d) if not zero_vars[j]]
    rows = [i for i in range(len(M_int)) if tight_rows[i]]
    if len(rows) < len(free):
        raise _Untrusted("under-determined tight system")
    if len(rows) > len(free):
        from scipy.linalg import qr
        if M_float is None:
            M_float = np.array(M_int, dtype=float)
        sub_f = M_float[np.ix_(rows, free)]
        _, _, piv = qr(sub_f.T, pivoting=True)
        rows = sorted(rows[i] for i in piv[:len(free)])
    sub = [[M_int[i][j] for j in free] for i in rows]
    sol = solve_square(sub, [1] * len(rows))
    if sol is None:
        raise _Untrusted("singular tight system in exact arithmetic")
    z = [Fraction(0)] * d
    for j, v in zip(free, sol):
        if v <= 0:
            raise _Untrusted("rebuilt vertex has a non-positive free coordinate")
        z[j] = v
    vals, den = _row_values(M_int, z)
    for i, val in enumerate(vals):
        if (val == den) != bool(tight_rows[i]) or val > den:
            raise _Untrusted("rebuilt vertex has other tight constraints than in floating point")
    return tuple(z)


def _match(LP: np.ndarray, LQ: np.ndarray) -> np.ndarray:
    """Index pairs ``(p, q)`` whose label sets cover every label (vectorised over all pairs).

    Up to 64 labels, each label set is one ``uint64`` bitmask and a pair is
    complete when ``maskP | maskQ`` has every bit; beyond that the count of labels
    missing from both is a matrix product of the "missing" indicator matrices.
    """
    L = LP.shape[1]
    if L <= 64:
        weights = (np.uint64(1) << np.arange(L, dtype=np.uint64))
        bp = (LP.astype(np.uint64) * weights).sum(axis=1, dtype=np.uint64)
        bq = (LQ.astype(np.uint64) * weights).sum(axis=1, dtype=np.uint64)
        full = np.uint64((1 << L) - 1) if L < 64 else np.uint64(2 ** 64 - 1)
        step = max(1, (1 << 22) // max(1, len(bq)))   # bound the pair block to ~4M entries
        hits = [np.argwhere((bp[a:a + step, None] | bq[None, :]) == full) + [a, 0]
                for a in range(0, len(bp), step)]
        return np.concatenate(hits) if hits else np.zeros((0, 2), dtype=int)
    missP = (~LP).astype(np.float32)
    missQ = (~LQ).astype(np.float32)
    step = max(1, (1 << 22) // max(1, len(missQ)))
    hits = [np.argwhere(missP[a:a + step] @ missQ.T == 0) + [a, 0] for a in range(0, len(missP), step)]
    return np.concatenate(hits) if hits else np.zeros((0, 2), dtype=int)


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
        says so in ``details["path"]``).
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
        ``details["path"]`` says which vertex enumeration ran and
        ``details["degenerate"]`` whether the game is degenerate.

    Notes
    -----
    von Stengel (2007), sec. 3.5 (equilibria as completely labelled vertex pairs);
    Avis, Rosenberg, Savani & von Stengel (2010) (extreme equilibria and maximal
    Nash subsets); Avis (2000) (lexicographic vertex enumeration for degenerate
    polytopes).
    """
    from ..game import MixedStrategyProfile, NormalFormGame
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
    if exact is None:
        exact = game.kind == "exact"
    tol = FLOAT_TOLERANCE if tolerance is None else float(tolerance)
    m, n = game.shape

    pairs, used, degenerate, xs, ys = None, "exact", False, None, None
    fallback_reason = ""
    if path != "exact" and min(m, n) >= 2 and (path == "float" or m * n > 9):
        try:
            pairs, xs, ys, degenerate = _float_path(game, exact)
            used = "float"
        except _Untrusted as exc:
            fallback_reason = str(exc)
    if pairs is None:
        pairs, xs, ys, degenerate = _exact_path(game)
    # pairs: list of (ix, iy) into xs / ys (each a vertex of P / Q, not normalised)
    row_mixes, col_mixes = [], []
    row_index: dict[tuple, int] = {}
    col_index: dict[tuple, int] = {}

    def _norm(z):
        s = sum(z)
        return tuple(v / s for v in z)

    eq_pairs = []
    for ix, iy in pairs:
        x, y = _norm(xs[ix]), _norm(ys[iy])
        if x not in row_index:
            row_index[x] = len(row_mixes)
            row_mixes.append(x)
        if y not in col_index:
            col_index[y] = len(col_mixes)
            col_mixes.append(y)
        eq_pairs.append((row_index[x], col_index[y]))
    # Deterministic order: by row mix, then column mix (largest first probabilities first).
    order = sorted(range(len(eq_pairs)), key=lambda k: (
        tuple(-v for v in row_mixes[eq_pairs[k][0]]), tuple(-v for v in col_mixes[eq_pairs[k][1]])))
    eq_pairs = [eq_pairs[k] for k in order]
    # Renumber the mixes in order of first appearance.
    rmap, cmap = {}, {}
    for a, b in eq_pairs:
        rmap.setdefault(a, len(rmap))
        cmap.setdefault(b, len(cmap))
    row_mixes = [row_mixes[a] for a in sorted(rmap, key=rmap.get)]
    col_mixes = [col_mixes[b] for b in sorted(cmap, key=cmap.get)]
    eq_pairs = [(rmap[a], cmap[b]) for a, b in eq_pairs]

    if exact:
        # Every equilibrium is checked exactly here, in integer arithmetic (the
        # same test as make_result's Fraction regrets, several times faster).
        Ai, Bi = integer_bimatrix(*game.exact_payoffs())
        BTi = [list(r) for r in zip(*Bi)]
        for a, b in eq_pairs:
            if not _exact_nash(Ai, BTi, row_mixes[a], col_mixes[b]):
                raise SolverError(f"internal error: candidate ({row_mixes[a]}, {col_mixes[b]}) "
                                  "is not an exact equilibrium; refusing to return it")
    eqs = []
    for a, b in eq_pairs:
        x, y = row_mixes[a], col_mixes[b]
        if exact:
            eqs.append(MixedStrategyProfile(game, [list(x), list(y)], exact=True))
        else:
            eqs.append(MixedStrategyProfile(game, [np.array(x, dtype=float), np.array(y, dtype=float)],
                                            exact=False))
    edge_index = {p: k for k, p in enumerate(eq_pairs)}
    components = []
    for X, Y in maximal_bicliques(set(eq_pairs)):
        ext = tuple(sorted(edge_index[(a, b)] for a in X for b in Y))
        components.append(Component(extreme=ext, row_vertices=X, column_vertices=Y))
    components.sort(key=lambda c: c.extreme)

    if not degenerate:
        degenerate = any(len(c.extreme) > 1 for c in components) or \
            any(len(e.supports()[0]) != len(e.supports()[1]) for e in eqs)
    warns = []
    if degenerate:
        big = [c for c in components if len(c.extreme) > 1]
        text = (f"the game is degenerate: {len(eqs)} extreme equilibri{'um' if len(eqs) == 1 else 'a'} "
                f"in {len(components)} maximal Nash subset(s)")
        if big:
            text += "; " + "; ".join(
                "equilibria " + ", ".join(f"#{k + 1}" for k in c.extreme) + " span a continuum"
                for c in big)
        warns.append(text)
        if warn:
            _warnings.warn(text, DegenerateGameWarning, stacklevel=2)
    details = {"path": used, "degenerate": degenerate,
               "row_vertices": tuple(row_mixes), "column_vertices": tuple(col_mixes)}
    if fallback_reason:
        details["fallback_reason"] = fallback_reason
    return make_result(game, "enummixed", eqs, exact=exact, tolerance=None if exact else tol,
                       complete=True, components=components, warnings=warns, details=details,
                       verify=not exact)


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
        Ai, Bi = integer_bimatrix(*game.exact_payoffs())
        if max(max(map(max, Ai)), max(map(max, Bi))) >= FLOAT_EXACT_LIMIT:
            raise _Untrusted("payoffs beyond 2^52 after scaling to integers")
        A, B, ints = np.array(Ai, dtype=float), np.array(Bi, dtype=float), (Ai, Bi)
    out = []
    for M in (A, B):
        span = float(np.ptp(M))
        out.append(np.ones_like(M) if span == 0 else 1.0 + (M - M.min()) / span)
    return out[0], out[1], ints


class _OtherSideTie(Exception):
    """The derived side of a one-sided match has an exact tie: use both polytopes."""


def _one_sided(A: np.ndarray, B: np.ndarray, vertsP, exact_A=None):
    """Equilibrium label sets from the vertices of P alone (nondegenerate P).

    qhull has listed the vertices of ``P = {x >= 0, B^T x <= 1}`` (``vertsP``).
    When P is simple, a vertex ``x`` with support ``S`` and best-response set ``T``
    (``|S| = |T|``) is matched by at most one ``y``: the solution of
    ``A[S, T] y_T = 1`` with ``y = 0`` off ``T``; it completes the labels iff
    ``y_T > 0`` and ``(A y)_i < 1`` off ``S``.  All those systems are solved at
    once, grouped by support size.  A value exactly at zero means Q is
    degenerate (:class:`_OtherSideTie`); one near zero makes the answer untrusted.

    Returns
    -------
    list of (zx, tx, zy, ty, x, y): label masks (zero coordinates, tight
    constraints) and float vertices of both players.
    """
    m, n = A.shape
    ZP, zP, tP, _ = vertsP
    S_all = ~zP
    sizes = S_all.sum(axis=1)
    out = []
    for k in np.unique(sizes):
        if k == 0:
            continue
        idx = np.flatnonzero(sizes == k)
        S = np.nonzero(S_all[idx])[1].reshape(len(idx), k)
        T = np.nonzero(tP[idx])[1].reshape(len(idx), k)
        sub = A[S[:, :, None], T[:, None, :]]
        try:
            yT = np.linalg.solve(sub, np.ones((len(idx), k, 1)))[..., 0]
        except np.linalg.LinAlgError:
            raise _OtherSideTie("singular support system") from None
        if not np.all(np.isfinite(yT)):
            raise _OtherSideTie("singular support system")
        Y = np.zeros((len(idx), n))
        np.put_along_axis(Y, T, yT, axis=1)
        slack = 1.0 - Y @ A.T                      # (v, m); zero on S by construction
        slack[np.arange(len(idx))[:, None], S] = np.inf
        low = np.minimum(np.abs(yT).min(axis=1), np.abs(slack).min(axis=1))
        ok = np.all(yT > 0, axis=1) & np.all(slack > 0, axis=1)
        if np.any(low <= AMBIGUOUS_TOL):
            if exact_A is None:
                if np.any(low <= TIGHT_TOL):
                    raise _OtherSideTie("tie in a support system")
                raise _Untrusted("near-tie in a support system")
            Ai = exact_A()
            for v in np.flatnonzero(low <= AMBIGUOUS_TOL):
                ok[v] = _exact_support_check(Ai, S[v], T[v])
        for v in np.flatnonzero(ok):
            p = idx[v]
            out.append((zP[p], tP[p], ~tP[p], S_all[p], ZP[p], Y[v]))
    return out


def _exact_support_check(A_int, S, T) -> bool:
    """Exact version of the one-sided test for one vertex; raises _OtherSideTie on a tie."""
    y = solve_square([[A_int[i][j] for j in T] for i in S], [1] * len(S))
    if y is None:
        raise _OtherSideTie("singular support system")
    if any(v == 0 for v in y):
        raise _OtherSideTie("tie in a support system")
    Sset = set(int(i) for i in S)
    slack_ok = True
    for i, row in enumerate(A_int):
        if i in Sset:
            continue
        val = sum((row[j] * v for j, v in zip(T, y)), Fraction(0))
        if val == 1:
            raise _OtherSideTie("tie in a support system")
        slack_ok = slack_ok and val < 1
    return all(v > 0 for v in y) and slack_ok


def _two_sided(vertsP, vertsQ):
    """Completely labelled pairs from both polytopes' full label sets (degenerate games)."""
    ZP, zP, tP, _ = vertsP
    ZQ, zQ, tQ, _ = vertsQ
    LP = np.hstack([zP, tP])
    LQ = np.hstack([tQ, zQ])
    nzP = ~zP.all(axis=1)
    nzQ = ~zQ.all(axis=1)
    return [(zP[p], tP[p], zQ[q], tQ[q], ZP[p], ZQ[q])
            for p, q in _match(LP, LQ) if nzP[p] and nzQ[q]]


def _float_path(game, exact: bool):
    """Extreme equilibria via qhull; returns ``(pairs, xs, ys, degenerate)`` like :func:`_exact_path`."""
    A, B, ints = _float_matrices(game)
    m, n = A.shape
    cache = {}

    def _ints():
        if "AB" not in cache:
            cache["AB"] = ints if ints is not None else integer_bimatrix(*game.exact_payoffs())
        return cache["AB"]

    def int_A():
        return _ints()[0]

    def int_BT():
        if "BT" not in cache:
            cache["BT"] = [list(r) for r in zip(*_ints()[1])]
        return cache["BT"]

    swap = n < m  # the one-sided search runs qhull in the smaller dimension
    A1, B1 = (B.T, A.T) if swap else (A, B)
    exact_P1, exact_A1 = (int_A, int_BT) if swap else (int_BT, int_A)
    V1 = _qhull_vertices(B1.T, exact_P1)   # Q of the game when swapped, P otherwise
    cands = None
    degenerate = V1[3]
    if not degenerate:
        try:
            cands = _one_sided(A1, B1, V1, exact_A1)
        except _OtherSideTie:
            degenerate = True
        else:
            if swap:
                cands = [(zy, ty, zx, tx, y, x) for zx, tx, zy, ty, x, y in cands]
    if cands is None:
        VP = _qhull_vertices(B.T, int_BT) if swap else V1
        VQ = V1 if swap else _qhull_vertices(A, int_A)
        degenerate = degenerate or VP[3] or VQ[3]
        cands = _two_sided(VP, VQ)
    if exact:
        Ai, BT = int_A(), int_BT()
    xs, ys, pairs = {}, {}, []
    for zx, tx, zy, ty, xf, yf in cands:
        kx = (zx.tobytes(), tx.tobytes())
        ky = (zy.tobytes(), ty.tobytes())
        if kx not in xs:
            xs[kx] = _rebuild_exact(BT, zx, tx, B.T) if exact else _refine_checked(B.T, zx, tx)
        if ky not in ys:
            ys[ky] = _rebuild_exact(Ai, zy, ty, A) if exact else _refine_checked(A, zy, ty)
        pairs.append((kx, ky))
    return pairs, xs, ys, degenerate


def _refine_checked(M, zero_vars, tight_rows):
    try:
        return _refine_float(M, zero_vars, tight_rows)
    except np.linalg.LinAlgError:
        raise _Untrusted("singular tight system") from None


def _exact_path(game):
    Ai, Bi = integer_bimatrix(*game.exact_payoffs())
    m, n = len(Ai), len(Ai[0])
    BT = [list(r) for r in zip(*Bi)]
    XP, zP, tP = _exact_vertices(BT)
    YQ, zQ, tQ = _exact_vertices(Ai)
    degenerate = bool(np.any(zP.sum(axis=1) + tP.sum(axis=1) > m) or
                      np.any(zQ.sum(axis=1) + tQ.sum(axis=1) > n))
    LP = np.hstack([zP, tP])
    LQ = np.hstack([tQ, zQ])
    nzP = ~zP.all(axis=1)
    nzQ = ~zQ.all(axis=1)
    matched = [(int(p), int(q)) for p, q in _match(LP, LQ) if nzP[p] and nzQ[q]]
    return matched, dict(enumerate(XP)), dict(enumerate(YQ)), degenerate
