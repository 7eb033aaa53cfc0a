"""Solve stacks of games of one shape and render each as ``solve --format json``.

:func:`bimatrix_docs` is the fast path for small two-player games: the stacked
support enumeration of :mod:`gametheory.solvers.stacked`, then (in exact mode) each
equilibrium rebuilt in Fractions from its supports and checked with zero
regret, then the JSON document of :meth:`EquilibriumResult.to_json`, equilibria
in ``enummixed``'s order (by row mix, then column mix, larger probabilities
first).  Games the kernel flags, and any equilibrium that fails a check, go to
the exact per-game path: :func:`gametheory.solvers.solve` with ``enummixed``.
So the documents are those of ``enummixed``, game by game, only faster.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable, Sequence

import numpy as np

from ..exact import solve_square
from ..payoffs import format_value
from ..solvers.result import FLOAT_TOLERANCE
from ..solvers.stacked import bimatrix_batch, bimatrix_regrets

#: Methods the batch kernel stands in for on two-player games.
KERNEL_METHODS = ("auto", "enummixed")


def _json_param(v):
    return format_value(v) if isinstance(v, Fraction) else v


def _exact_mix(own, I, J):
    """The mix on ``I`` making the opponent (payoffs ``own[i][j]``) indifferent over ``J``."""
    k = len(I)
    M = [[own[i][J[b]] - own[i][J[0]] for i in I] for b in range(1, k)]
    M.append([Fraction(1)] * k)
    return solve_square(M, [0] * (k - 1) + [1])


def _exact_equilibrium(A, B, x, y):
    """Rebuild a float equilibrium ``(x, y)`` in Fractions from its supports; None if it fails.

    ``A``, ``B`` are nested lists of Fractions.  The rebuilt profile is returned
    only when it has exactly the same supports and zero regret in exact arithmetic.
    """
    m, n = len(A), len(A[0])
    I = [i for i in range(m) if x[i] > 0]
    J = [j for j in range(n) if y[j] > 0]
    if len(I) != len(J):
        return None
    AT = [[A[i][j] for i in range(m)] for j in range(n)]
    xs = _exact_mix(B, I, J)       # x makes the column player indifferent over J
    ys = _exact_mix(AT, J, I)      # y makes the row player indifferent over I
    if xs is None or ys is None or min(xs) <= 0 or min(ys) <= 0:
        return None
    X = [Fraction(0)] * m
    Y = [Fraction(0)] * n
    for i, v in zip(I, xs):
        X[i] = v
    for j, v in zip(J, ys):
        Y[j] = v
    row = [sum((A[i][j] * Y[j] for j in J), Fraction(0)) for i in range(m)]
    col = [sum((B[i][j] * X[i] for i in I), Fraction(0)) for j in range(n)]
    u1 = sum((row[i] * X[i] for i in I), Fraction(0))
    u2 = sum((col[j] * Y[j] for j in J), Fraction(0))
    if max(row) != u1 or max(col) != u2:
        return None
    return X, Y, u1, u2


def _components(count: int) -> list[dict]:
    # Nondegenerate: every extreme equilibrium is its own maximal Nash subset, and the
    # row and column mixes are all distinct, numbered in equilibrium order.
    return [{"extreme": [k], "row_vertices": [k], "column_vertices": [k]} for k in range(count)]


def bimatrix_docs(A: np.ndarray, B: np.ndarray, *, players: Sequence[str],
                  strategies: Sequence[Sequence[str]], titles: Sequence[str],
                  parameters: Sequence[dict], exact: bool,
                  game_at: Callable[[int], object], method: str = "enummixed") -> list[dict]:
    """``solve --format json`` documents of ``enummixed`` for a stack of bimatrix games.

    Parameters
    ----------
    A, B : ndarray, shape (N, m, n)
        Float payoffs of the row and column player of each game.
    players, strategies : labels shared by all games.
    titles, parameters : per game, the title and the parameter values.
    exact : bool
        Exact mode (Fractions, zero regret) or float mode (regret <= 1e-9).
    game_at : callable
        ``game_at(g)`` returns game ``g`` as a numeric :class:`NormalFormGame`
        (used for exact payoffs and for the per-game fallback).
    method : str
        The method name recorded in the documents.

    Returns
    -------
    list of dict
        One document per game; a game whose fallback raised has ``{"error": ...}``.
    """
    N, m, n = A.shape
    res = bimatrix_batch(A, B)
    docs: list = [None] * N
    lo = np.searchsorted(res.game, np.arange(N))
    hi = np.searchsorted(res.game, np.arange(N), side="right")
    spans = _float_spans(A, B)
    if res.game.size and not exact:
        # enummixed's order: by row mix, then column mix, larger probabilities first.
        xr, yr = np.round(res.x, 9), np.round(res.y, 9)
        keys = [-yr[:, j] for j in range(n - 1, -1, -1)] + [-xr[:, i] for i in range(m - 1, -1, -1)]
        order = np.lexsort(keys + [res.game])
        X, Y, G = res.x[order], res.y[order], res.game[order]
        regret, distr, u1, u2 = bimatrix_regrets(A[G], B[G], X, Y)
        # Regret relative to each game's payoff range, as solve() checks it.
        ok = (regret <= FLOAT_TOLERANCE * spans[G]) & (distr <= FLOAT_TOLERANCE)
        bad_games = set(G[~ok].tolist())
        Xl, Yl, U1, U2 = X.tolist(), Y.tolist(), u1.tolist(), u2.tolist()
    for g in range(N):
        if res.flagged[g]:
            continue
        if exact:
            eqs = _exact_docs(game_at(g), res.x[lo[g]:hi[g]], res.y[lo[g]:hi[g]])
            if eqs is None:
                continue
        else:
            if g in bad_games:
                continue
            eqs = []
            for e in range(lo[g], hi[g]):
                x, y = Xl[e], Yl[e]
                eqs.append({"profile": [x, y],
                            "labels": {players[0]: dict(zip(strategies[0], x)),
                                       players[1]: dict(zip(strategies[1], y))},
                            "payoffs": [U1[e], U2[e]], "exact": False})
        docs[g] = {"game": titles[g], "method": method, "exact": exact,
                   "tolerance": 0.0 if exact else FLOAT_TOLERANCE * float(spans[g]), "complete": True,
                   "parameters": {k: _json_param(v) for k, v in parameters[g].items()},
                   "players": list(players), "equilibria": eqs,
                   "components": _components(len(eqs)), "warnings": []}
    for g in range(N):
        if docs[g] is None:
            docs[g] = fallback_doc(game_at, g, exact, method)
    return docs


def _exact_docs(game, xs, ys):
    """Exact equilibrium documents of one game from the kernel's float equilibria, or None."""
    P = game.exact_payoffs()
    A = P[0].tolist()
    B = P[1].tolist()
    found = []
    for x, y in zip(xs, ys):
        e = _exact_equilibrium(A, B, x, y)
        if e is None:
            return None
        found.append(e)
    found.sort(key=lambda e: (tuple(-v for v in e[0]), tuple(-v for v in e[1])))
    players, strategies = game.players, game.strategies
    docs = []
    for X, Y, u1, u2 in found:
        xs_, ys_ = [format_value(v) for v in X], [format_value(v) for v in Y]
        docs.append({"profile": [xs_, ys_],
                     "labels": {players[0]: dict(zip(strategies[0], xs_)),
                                players[1]: dict(zip(strategies[1], ys_))},
                     "payoffs": [format_value(u1), format_value(u2)], "exact": True})
    return docs


def _float_spans(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Each game's payoff range over both players (1 for a constant game), as
    :func:`gametheory.solvers._scale.float_span` measures it."""
    N = A.shape[0]
    both = np.concatenate([A.reshape(N, -1), B.reshape(N, -1)], axis=1)
    span = both.max(axis=1) - both.min(axis=1) if both.size else np.ones(N)
    return np.where(span > 0, span, 1.0)


def fallback_doc(game_at, g: int, exact: bool, method: str) -> dict:
    """The per-game path: ``solve(game, "enummixed")``; an ``{"error": ...}`` doc if it fails."""
    import warnings

    from ..exceptions import GameTheoryError
    from ..solvers import solve
    try:
        game = game_at(g)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = solve(game, method="enummixed", exact=exact).to_json(details=False)
    except (GameTheoryError, ArithmeticError, ValueError) as exc:
        return {"error": str(exc)}
    return doc


def solve_doc(game, method: str, exact: bool | None, **options) -> dict:
    """One game solved by the registry (any method): its JSON document, or ``{"error": ...}``."""
    import warnings

    from ..exceptions import GameTheoryError
    from ..solvers import solve
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return solve(game, method=method, exact=exact, **options).to_json(details=False)
    except (GameTheoryError, ArithmeticError, ValueError) as exc:
        return {"error": str(exc)}
    except (TypeError, AttributeError, IndexError, KeyError, RecursionError) as exc:
        # A bug met on one game must not stop a batch or sweep: it becomes that row's error.
        return {"error": f"internal error ({type(exc).__name__}: {exc}); this is a bug"}


def pure_docs(P: np.ndarray, *, players: Sequence[str], strategies: Sequence[Sequence[str]],
              titles: Sequence[str], parameters: Sequence[dict]) -> list[dict]:
    """``solve --format json`` documents of the ``pure`` method (float mode) for a stack of games.

    ``P`` has shape ``(N, n_players, m_1, ..., m_n)``.  A pure profile is an
    equilibrium when every player's payoff is within the float tolerance of the
    maximum along the player's own axis (tolerance relative to the game's payoff
    range, as ``solve`` uses it; Nisan et al. 2007, ch. 1), tested for
    all games at once; profiles are listed in row-major order, as
    :func:`gametheory.solvers.pure.pure_solve` lists them.
    """
    N, n = P.shape[0], P.shape[1]
    flat = P.reshape(N, -1)
    spans = flat.max(axis=1) - flat.min(axis=1) if flat.size else np.ones(N)
    spans = np.where(spans > 0, spans, 1.0)
    tol = (FLOAT_TOLERANCE * spans).reshape((N,) + (1,) * (P.ndim - 2))
    mask = np.ones((N,) + P.shape[2:], dtype=bool)
    for i in range(n):
        best = P[:, i].max(axis=1 + i, keepdims=True)
        mask &= P[:, i] >= best - tol
    hits = np.argwhere(mask)
    docs = []
    start = 0
    counts = mask.reshape(N, -1).sum(1)
    shape = P.shape[2:]
    for g in range(N):
        eqs = []
        for row in hits[start:start + counts[g]]:
            idx = tuple(int(v) for v in row[1:])
            probs = [[1.0 if k == idx[i] else 0.0 for k in range(shape[i])] for i in range(n)]
            eqs.append({"profile": probs,
                        "labels": {players[i]: dict(zip(strategies[i], probs[i])) for i in range(n)},
                        "payoffs": [float(P[(g, i) + idx]) for i in range(n)], "exact": False})
        start += counts[g]
        docs.append({"game": titles[g], "method": "pure", "exact": False,
                     "tolerance": FLOAT_TOLERANCE * float(spans[g]),
                     "complete": True,
                     "parameters": {k: _json_param(v) for k, v in parameters[g].items()},
                     "players": list(players), "equilibria": eqs, "components": [], "warnings": []})
    return docs
