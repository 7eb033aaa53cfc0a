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

import warnings as _warnings
from fractions import Fraction

import numpy as np

from ..exceptions import DegenerateGameWarning, InvalidGameError, UnsupportedGameError
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
def _qhull_vertices(M: np.ndarray):
    """Vertices of ``{z >= 0, M z <= 1}`` (``M`` positive, ``k x d``) by qhull on the polar.

    Returns ``(Z, zero_vars, tight_rows)``: vertex coordinates ``(v, d)`` and the
    boolean label matrices ``(v, d)`` and ``(v, k)``.  The tight constraints of a
    vertex are the polar points on its facet, as qhull reports them.  Raises
    :class:`_Untrusted` when the answer shows degeneracy (merged or duplicate
    facets, coplanar points), near-ties or numerical trouble.
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
    if len(hull.coplanar):
        raise _Untrusted("a constraint is tight at a vertex without defining it (degenerate)")
    eq = hull.equations
    normals, offsets = eq[:, :-1], eq[:, -1]
    if np.any(offsets >= -1e-12):
        raise _Untrusted("qhull facet through the interior point")
    Z = -normals / offsets[:, None] + c
    v = Z.shape[0]
    tight = np.zeros((v, d + k), dtype=bool)
    tight[np.arange(v)[:, None], hull.simplices] = True
    gscale = max(float(np.abs(Z).max()), 1e-300)
    slack = np.hstack([Z / gscale, 1.0 - Z @ M.T])
    if np.any(np.abs(slack[tight]) > 1e-7):
        raise _Untrusted("qhull vertex off its facet")
    free = slack[~tight]
    if free.size and free.min() <= AMBIGUOUS_TOL:
        raise _Untrusted("near-tie or tie at the tolerance (possibly degenerate)")
    zero_vars, tight_rows = tight[:, :d], tight[:, d:]
    if not np.any(zero_vars.all(axis=1)):
        raise _Untrusted("zero vertex missing")
    return Z, zero_vars, tight_rows


def _refine_float(M: np.ndarray, zero_vars, tight_rows) -> tuple:
    """A vertex recomputed in floating point from its tight constraints."""
    free = ~zero_vars
    sub = M[np.ix_(tight_rows, free)]
    z = np.zeros(M.shape[1])
    if sub.size:
        z[free] = np.linalg.solve(sub, np.ones(sub.shape[0]))
    return tuple(np.clip(z, 0.0, None))


def _match_nondegenerate(LP: np.ndarray, LQ: np.ndarray) -> list[tuple[int, int]]:
    """Pairs of vertices with complementary label sets (each has exactly its dimension's labels)."""
    keyP = {row.tobytes(): p for p, row in enumerate(np.packbits(LP, axis=1))}
    if len(keyP) != LP.shape[0]:
        raise _Untrusted("two facets with one label set (degenerate)")
    out = []
    for q, row in enumerate(np.packbits(~LQ, axis=1)):
        p = keyP.get(row.tobytes())
        if p is not None:
            out.append((p, q))
    return out


def _exact_vertices(M_int):
    """Exact vertices: (list of Fraction tuples, zero_vars bool array, tight_rows bool array)."""
    verts = lex_vertex_enumeration(M_int)
    Z = [v[0] for v in verts]
    zero_vars = np.array([v[1] for v in verts], dtype=bool)
    tight_rows = np.array([v[2] for v in verts], dtype=bool)
    return Z, zero_vars, tight_rows


def _rebuild_exact(M_int, zero_vars, tight_rows) -> tuple:
    """The exact vertex with the given tight constraints; raises _Untrusted if it disagrees."""
    d = len(M_int[0])
    free = [j for j in range(d) if not zero_vars[j]]
    rows = [i for i in range(len(M_int)) if tight_rows[i]]
    if len(free) != len(rows):
        raise _Untrusted("non-square tight system")
    sub = [[M_int[i][j] for j in free] for i in rows]
    sol = solve_square(sub, [1] * len(rows))
    if sol is None:
        raise _Untrusted("singular tight system in exact arithmetic")
    z = [Fraction(0)] * d
    for j, v in zip(free, sol):
        if v <= 0:
            raise _Untrusted("rebuilt vertex has a non-positive free coordinate")
        z[j] = v
    for i, row in enumerate(M_int):
        val = sum((a * b for a, b in zip(row, z) if b), Fraction(0))
        if (val == 1) != bool(tight_rows[i]) or val > 1:
            raise _Untrusted("rebuilt vertex has other tight constraints than in floating point")
    return tuple(z)


def _match(LP: np.ndarray, LQ: np.ndarray) -> np.ndarray:
    """Index pairs ``(p, q)`` whose label sets cover every label (vectorised over all pairs)."""
    missP = (~LP).astype(np.float32)
    missQ = (~LQ).astype(np.float32)
    both_missing = missP @ missQ.T
    return np.argwhere(both_missing == 0)


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
            pairs, xs, ys = _float_path(game, exact)
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
                       complete=True, components=components, warnings=warns, details=details)


def _float_matrices(game):
    """Positive float matrices (scaled to max 1) and, for exact games, integer ones."""
    if game.kind == "float":
        P = np.asarray(game.float_payoffs(), dtype=float)
        A, B = P[0], P[1]
        A = A - A.min() + 1.0
        B = B - B.min() + 1.0
        return A / A.max(), B / B.max(), None
    Ai, Bi = integer_bimatrix(*game.exact_payoffs())
    if max(max(map(max, Ai)), max(map(max, Bi))) >= FLOAT_EXACT_LIMIT:
        raise _Untrusted("payoffs beyond 2^52 after scaling to integers")
    A = np.array(Ai, dtype=float)
    B = np.array(Bi, dtype=float)
    return A / A.max(), B / B.max(), (Ai, Bi)


def _float_path(game, exact: bool):
    A, B, ints = _float_matrices(game)
    m, n = A.shape
    ZP, zP, tP = _qhull_vertices(B.T)      # x: zero vars -> labels 0..m-1, rows -> m..m+n-1
    ZQ, zQ, tQ = _qhull_vertices(A)        # y: rows -> labels 0..m-1, zero vars -> m..
    LP = np.hstack([zP, tP])
    LQ = np.hstack([tQ, zQ])
    nzP = ~zP.all(axis=1)
    nzQ = ~zQ.all(axis=1)
    matched = [(p, q) for p, q in _match_nondegenerate(LP, LQ) if nzP[p] and nzQ[q]]
    if exact:
        if ints is None:
            Ai, Bi = integer_bimatrix(*game.exact_payoffs())
        else:
            Ai, Bi = ints
        BT = [list(r) for r in zip(*Bi)]
        xs, ys = {}, {}
        for p, q in matched:
            if p not in xs:
                xs[p] = _rebuild_exact(BT, zP[p], tP[p])
            if q not in ys:
                ys[q] = _rebuild_exact(Ai, zQ[q], tQ[q])
        return matched, xs, ys
    try:
        xs = {p: _refine_float(B.T, zP[p], tP[p]) for p, _ in matched}
        ys = {q: _refine_float(A, zQ[q], tQ[q]) for _, q in matched}
    except np.linalg.LinAlgError:
        raise _Untrusted("singular tight system") from None
    return matched, xs, ys


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
