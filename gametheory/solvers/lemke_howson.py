"""The Lemke-Howson algorithm for two-player games, with lexicographic pivoting.

Notation (von Stengel 2007, "Equilibrium computation for two-player games in
strategic and extensive form", sec. 3.4-3.6): with payoffs shifted positive, the
best-response polytopes are ``P = {x >= 0, B^T x + s = 1, s >= 0}`` and
``Q = {y >= 0, r + A y = 1, r >= 0}``.  Labels ``0..m-1`` are the row strategies
(carried by ``x_i = 0`` in P and ``r_i = 0`` in Q) and ``m..m+n-1`` the column
strategies (``s_j = 0`` in P, ``y_j = 0`` in Q).  Each polytope is kept as a
tableau whose column ``c`` is the variable with label ``c``, so "the variable with
the duplicate label" is simply the same column of the other tableau.

Starting at the artificial equilibrium ``(0, 0)``, the variable with the missing
label ``k`` enters; the variable that leaves has a label that is now duplicate,
and its partner enters the other tableau, until the leaving variable has label
``k``.  Ties in the minimum ratio test (degenerate games) are broken by the
lexicographic rule, which makes every pivot unique and the path finite (von
Stengel 2007, sec. 3.6); pivots are also capped.

Two arithmetics: integer (Bareiss) pivoting on exact tableaux, dividing each
update by the previous pivot element (:func:`gametheory.solvers._exact.integer_pivot`),
and Gauss-Jordan pivoting on a float tableau of payoffs scaled to ``[1, 2]``, whose
final basis is re-solved (in floats, or exactly in exact mode) so that rounding
along the path does not accumulate into the answer.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..exceptions import InvalidGameError, SolverError, UnsupportedGameError
from ._exact import integer_bimatrix, integer_pivot, lex_min_ratio_row, solve_square
from .result import FLOAT_TOLERANCE, make_result
from ._scale import scale_invariant

#: Default cap on the pivots of one Lemke-Howson path.
MAX_PIVOTS = 100_000


class _NotConverged(Exception):
    pass


# ---------------------------------------------------------------------- float
def _float_lex_row(T: np.ndarray, c: int, rhs: int, lex_cols, eps: float) -> int | None:
    col = T[:, c]
    rows = np.flatnonzero(col > eps)
    if rows.size == 0:
        return None
    if rows.size == 1:
        return int(rows[0])
    for lc in (rhs, *lex_cols):
        ratios = T[rows, lc] / col[rows]
        low = ratios.min()
        rows = rows[ratios <= low + 1e-11 * max(1.0, abs(low))]
        if rows.size == 1:
            return int(rows[0])
    return int(rows[0])


def _float_path(A: np.ndarray, B: np.ndarray, k: int, max_pivots: int):
    """Run LH in floats from missing label ``k``; return the final bases and the pivot count."""
    m, n = A.shape
    L = m + n
    TP = np.zeros((n, L + 1))
    TP[:, :m] = B.T
    TP[:, m:L] = np.eye(n)
    TP[:, L] = 1.0
    TQ = np.zeros((m, L + 1))
    TQ[:, :m] = np.eye(m)
    TQ[:, m:L] = A
    TQ[:, L] = 1.0
    basis = {0: list(range(m, L)), 1: list(range(m))}
    tabs = {0: TP, 1: TQ}
    lex = {0: list(range(m, L)), 1: list(range(m))}
    side = 0 if k < m else 1
    enter = k
    for pivots in range(1, max_pivots + 1):
        T = tabs[side]
        r = _float_lex_row(T, enter, L, lex[side], 1e-12)
        if r is None:
            raise _NotConverged("unbounded ray (numerical trouble)")
        leave = basis[side][r]
        basis[side][r] = enter
        piv = T[r, enter]
        T[r] /= piv
        col = T[:, enter].copy()
        col[r] = 0.0
        T -= np.outer(col, T[r])
        if leave == k:
            return basis[0], basis[1], pivots
        enter = leave
        side = 1 - side
    raise _NotConverged(f"no equilibrium after {max_pivots} pivots")


def _basis_system(rows: int, basis, dim: int, var_offset: int):
    """Support (basic polytope variables) and tight rows (nonbasic slacks) of a basis.

    The tableau is ``[M | I]`` (P, ``var_offset = 0``, slacks at ``dim..``) or
    ``[I | M]`` (Q, ``var_offset = rows``, slacks at ``0..rows-1``).
    """
    slack0 = dim if var_offset == 0 else 0
    support = sorted(b - var_offset for b in basis if var_offset <= b < var_offset + dim)
    basic_slack = {b - slack0 for b in basis if slack0 <= b < slack0 + rows}
    tight = [r for r in range(rows) if r not in basic_slack]
    return support, tight


def _solve_basis_float(M: np.ndarray, basis, dim: int, var_offset: int) -> np.ndarray:
    """The polytope point of a basis, re-solved from its support system ``M[T, S] z_S = 1``.

    Solving the small square system afresh keeps the rounding of a long pivoting
    path out of the answer.
    """
    support, tight = _basis_system(M.shape[0], basis, dim, var_offset)
    out = np.zeros(dim)
    if support:
        out[support] = np.linalg.solve(M[np.ix_(tight, support)], np.ones(len(tight)))
    return out


def _solve_basis_exact(M, basis, dim: int, var_offset: int):
    """Exact version of :func:`_solve_basis_float` on integer ``M`` (None if singular or infeasible)."""
    support, tight = _basis_system(len(M), basis, dim, var_offset)
    z = solve_square([[M[r][c] for c in support] for r in tight], [1] * len(tight))
    if z is None or any(v < 0 for v in z):
        return None
    out = [Fraction(0)] * dim
    for c, val in zip(support, z):
        out[c] = val
    return out


# ---------------------------------------------------------------------- exact
def _exact_path(Ai, Bi, k: int, max_pivots: int):
    """Run LH with integer pivoting from missing label ``k``; return ``(x, y, pivots)`` exactly."""
    m, n = len(Ai), len(Ai[0])
    L = m + n
    TP = []
    for j in range(n):
        row = [Bi[i][j] for i in range(m)] + [1 if jj == j else 0 for jj in range(n)] + [1]
        TP.append(row)
    TQ = []
    for i in range(m):
        row = [1 if ii == i else 0 for ii in range(m)] + list(Ai[i]) + [1]
        TQ.append(row)
    tabs = {0: TP, 1: TQ}
    dets = {0: 1, 1: 1}
    basis = {0: list(range(m, L)), 1: list(range(m))}
    lex = {0: list(range(m, L)), 1: list(range(m))}
    side = 0 if k < m else 1
    enter = k
    for pivots in range(1, max_pivots + 1):
        T = tabs[side]
        r = lex_min_ratio_row(T, enter, L, lex[side])
        if r is None:
            raise SolverError("internal error: unbounded ray in Lemke-Howson (payoffs not positive?)")
        leave = basis[side][r]
        basis[side][r] = enter
        dets[side] = integer_pivot(T, r, enter, dets[side])
        if leave == k:
            x = [Fraction(0)] * m
            y = [Fraction(0)] * n
            for r_, var in enumerate(basis[0]):
                if var < m:
                    x[var] = Fraction(TP[r_][L], dets[0])
            for r_, var in enumerate(basis[1]):
                if var >= m:
                    y[var - m] = Fraction(TQ[r_][L], dets[1])
            return x, y, pivots
        enter = leave
        side = 1 - side
    raise _NotConverged(f"no equilibrium after {max_pivots} pivots")


# ---------------------------------------------------------------------- solver
def _normalise(v):
    s = sum(v)
    return [a / s for a in v]


@scale_invariant
def lh_solve(game, exact: bool | None = None, label=None, all_labels: bool | None = None,
             max_pivots: int = MAX_PIVOTS, tolerance: float | None = None, **opts):
    """Nash equilibria of a two-player game by Lemke-Howson from one or every missing label.

    Parameters
    ----------
    game : NormalFormGame
        A numeric two-player game.
    exact : bool, optional
        Integer pivoting and exact answers (default: when the game is exact).
    label : int or str, optional
        The missing label to start from: an index ``0..m+n-1`` (row strategies
        first, then column strategies) or a strategy label (``"Row:Top"`` or a
        label unique in the game).  Given alone, only this label is run (others
        are tried only if it does not converge).
    all_labels : bool, optional
        Run from every label and return the distinct equilibria found (default
        when no ``label`` is given).  ``False`` stops at the first label that
        converges.
    max_pivots : int
        Cap on the pivots of one path; a path that hits it is abandoned.
    tolerance : float, optional
        Regret tolerance in float mode (default 1e-9).

    Returns
    -------
    EquilibriumResult
        ``method="lh"``, ``complete=False`` (Lemke-Howson finds some, not all,
        equilibria); ``details["labels"]`` maps each label tried to the index of
        the equilibrium it reached (or ``None`` if it failed), ``details["pivots"]``
        the pivots per label.

    Raises
    ------
    SolverError
        When no label converges within ``max_pivots`` (never an unconverged answer).

    Notes
    -----
    Lemke & Howson (1964); von Stengel (2007), sec. 3.4-3.6 (labels, the
    lexicographic minimum ratio test); integer pivoting as in Bareiss (1968).
    """
    _check_input(game, opts, max_pivots)
    if exact is None:
        exact = game.kind == "exact"
    tol = FLOAT_TOLERANCE if tolerance is None else float(tolerance)
    order, all_labels = _label_order(game, label, all_labels)
    mats = _matrices(game, exact)

    found: dict[tuple, int] = {}
    eqs: list = []
    labels_done: dict[int, int | None] = {}
    pivots_done: dict[int, int] = {}
    failures = []
    for k in order:
        try:
            if exact:
                prof, piv = _exact_from_label(game, mats, k, max_pivots)
            else:
                prof, piv = _float_from_label(game, mats, k, max_pivots, tol)
        except (_NotConverged, np.linalg.LinAlgError) as exc:
            labels_done[k] = None
            failures.append(f"label {k}: {exc}")
            continue
        key = prof.key()
        if key not in found:
            found[key] = len(eqs)
            eqs.append(prof)
        labels_done[k] = found[key]
        pivots_done[k] = piv
        if not all_labels:
            break
    if not eqs:
        raise SolverError("Lemke-Howson did not converge from any of the "
                          f"{len(order)} labels within {max_pivots} pivots: " + "; ".join(failures[:3]))
    warns = []
    if failures:
        warns.append(f"{len(failures)} label(s) did not converge and were skipped: " + "; ".join(failures[:3]))
    return make_result(game, "lh", eqs, exact=exact, tolerance=None if exact else tol,
                       complete=False, warnings=warns,
                       details={"labels": labels_done, "pivots": pivots_done})


def _check_input(game, opts: dict, max_pivots) -> None:
    from ..game import NormalFormGame
    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError("lh_solve needs a NormalFormGame")
    if game.n_players != 2:
        raise UnsupportedGameError(
            f"Lemke-Howson works on two-player games; this game has {game.n_players} players")
    if opts:
        raise InvalidGameError(f"lh_solve: unknown option(s) {', '.join(sorted(opts))}")
    if game.is_symbolic:
        raise UnsupportedGameError("lh_solve: the game is symbolic; substitute parameter values first")
    if not isinstance(max_pivots, int) or max_pivots < 1:
        raise InvalidGameError(f"lh_solve: max_pivots must be a positive integer, got {max_pivots!r}")


def _label_order(game, label, all_labels) -> tuple[list[int], bool]:
    """The missing labels in the order tried, and whether to run them all."""
    L = sum(game.shape)
    if label is None:
        return list(range(L)), True if all_labels is None else all_labels
    k = _resolve_label(game, label)
    return [k] + [j for j in range(L) if j != k], False if all_labels is None else all_labels


def _matrices(game, exact: bool) -> dict:
    """The matrices the paths pivot on: the integer bimatrix (exact mode) and, where
    floating point is used, both payoff matrices mapped onto [1, 2]."""
    m, n = game.shape
    if exact:
        Ai, Bi = integer_bimatrix(*game.exact_payoffs())
        fA = fB = None
        if m * n > 400 and max(max(map(max, Ai)), max(map(max, Bi))) < 2 ** 52:
            fA = np.array(Ai, dtype=float)
            fB = np.array(Bi, dtype=float)
            fA, fB = 1.0 + fA / fA.max(), 1.0 + fB / fB.max()
        return {"Ai": Ai, "Bi": Bi, "fA": fA, "fB": fB}
    P = np.asarray(game.float_payoffs(), dtype=float)
    fA, fB = P[0], P[1]
    fA = 1.0 + (fA - fA.min()) / max(np.ptp(fA), 1e-300)
    fB = 1.0 + (fB - fB.min()) / max(np.ptp(fB), 1e-300)
    return {"fA": fA, "fB": fB}


def _exact_from_label(game, mats: dict, k: int, max_pivots: int):
    """``(profile, pivots)`` from missing label ``k`` in exact mode: on a large game a
    float path first and an exact re-solve of its bases, checked exactly; else (or
    when that fails) integer pivoting."""
    from ..game import MixedStrategyProfile
    m, n = game.shape
    Ai, Bi, fA, fB = mats["Ai"], mats["Bi"], mats["fA"], mats["fB"]
    x = y = None
    if fA is not None:  # float path first, then an exact re-solve of its bases
        try:
            bP, bQ, piv = _float_path(fA, fB, k, max_pivots)
            BT = [list(r) for r in zip(*Bi)]
            x = _solve_basis_exact(BT, bP, m, 0)
            y = _solve_basis_exact(Ai, bQ, n, m)
        except (_NotConverged, np.linalg.LinAlgError):
            x = y = None
    if x is None or y is None or not any(x) or not any(y):
        x, y, piv = _exact_path(Ai, Bi, k, max_pivots)
    probs = [_normalise(x), _normalise(y)]
    prof = MixedStrategyProfile(game, probs, exact=True)
    if fA is not None and prof.max_regret() != 0:
        x, y, piv = _exact_path(Ai, Bi, k, max_pivots)
        prof = MixedStrategyProfile(game, [_normalise(x), _normalise(y)], exact=True)
    return prof, piv


def _float_from_label(game, mats: dict, k: int, max_pivots: int, tol: float):
    """``(profile, pivots)`` from missing label ``k`` in floating point, its regret
    checked against ``tol``."""
    from ..game import MixedStrategyProfile
    m, n = game.shape
    fA, fB = mats["fA"], mats["fB"]
    bP, bQ, piv = _float_path(fA, fB, k, max_pivots)
    x = _solve_basis_float(fB.T, bP, m, 0)
    y = _solve_basis_float(fA, bQ, n, m)
    x, y = np.clip(x, 0, None), np.clip(y, 0, None)
    if x.sum() <= 0 or y.sum() <= 0:
        raise _NotConverged("degenerate final basis")
    prof = MixedStrategyProfile(game, [x / x.sum(), y / y.sum()], exact=False)
    if prof.max_regret() > tol:
        raise _NotConverged(f"float path ended at regret {float(prof.max_regret()):.3g}")
    return prof, piv


def _resolve_label(game, label) -> int:
    """A missing label given as an index or a strategy label."""
    m, n = game.shape
    if isinstance(label, (int, np.integer)) and not isinstance(label, bool):
        k = int(label)
        if not 0 <= k < m + n:
            raise InvalidGameError(f"lh_solve: label {k} out of range 0..{m + n - 1} "
                                   f"(row strategies 0..{m - 1}, then column strategies)")
        return k
    if isinstance(label, str):
        if ":" in label:
            player, _, strat = label.partition(":")
            i = game.player(player)
            s = game.strategy(i, strat)
            return s if i == 0 else m + s
        hits = [k for k, s in enumerate(game.strategies[0]) if s == label] + \
               [m + k for k, s in enumerate(game.strategies[1]) if s == label]
        if len(hits) == 1:
            return hits[0]
        raise InvalidGameError(f"lh_solve: label {label!r} names {'no' if not hits else 'more than one'} "
                               "strategy; use 'Player:strategy'")
    raise InvalidGameError(f"lh_solve: label must be an index or a strategy label, got {label!r}")
