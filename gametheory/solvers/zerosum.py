"""Two-player zero-sum games: the value and optimal strategies by linear programming.

For a zero-sum game every Nash equilibrium is a pair of maxmin strategies and all
give the value (von Neumann 1928; the LP formulation follows e.g. von Stengel 2007,
sec. 3.3 of *Algorithmic Game Theory*).  The LP is solved with scipy's HiGHS; in
exact mode both optimal strategies are rebuilt in Fractions and certified (the
row player's guarantee equals the column player's cap).
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..exact import solve_linear
from ..exceptions import SolverError, UnsupportedGameError
from ..game.profiles import MixedStrategyProfile
from ._scale import scale_invariant
from .result import make_result


@scale_invariant(shift=False)
def lp_solve(game, exact: bool | None = None, **options):
    """One equilibrium (a pair of optimal strategies) of a two-player zero-sum game.

    Parameters
    ----------
    game : NormalFormGame
        Two players, payoffs summing to zero in every cell.
    exact : bool, optional
        Certify in Fractions (default ``None``: the game's own kind).

    Returns
    -------
    EquilibriumResult
        ``details["value"]`` is the row player's value.
    """
    if game.n_players != 2:
        raise UnsupportedGameError(f"method 'lp' needs a two-player game, got {game.n_players} players")
    if not game.is_zero_sum:
        raise UnsupportedGameError("method 'lp' needs a zero-sum game (payoffs summing to 0 in every cell)")
    if options:
        from ..exceptions import OptionError
        raise OptionError(f"method 'lp' takes no options; got {', '.join(sorted(options))}")
    exact = game.kind == "exact" if exact is None else bool(exact)
    M = own_matrix(game, 0, exact)
    value, x, y = matrix_game_value(M, exact)
    profile = MixedStrategyProfile(game, [x, y], exact=exact)
    return make_result(game, "lp", [profile], exact=exact, complete=False,
                       details={"value": value})


def own_matrix(game, player, exact: bool) -> np.ndarray:
    """Player's payoffs as a matrix: rows its strategies, columns the others' pure profiles."""
    i = game.player(player)
    arr = game.numeric_payoffs(exact)[i]
    return np.moveaxis(arr, i, 0).reshape(game.shape[i], -1)


def matrix_game_value(M: np.ndarray, exact: bool):
    """Value and optimal strategies of the zero-sum matrix game where the row
    player maximises ``x^T M y``.

    Returns ``(value, x, y)``; exact Fractions when ``exact`` (certified:
    ``min_j (x^T M)_j == value == max_i (M y)_i``), floats otherwise.
    """
    from scipy.optimize import linprog

    from ._scale import normalise_array

    # Solve and certify on payoffs mapped onto [0, 1] (exactly when exact), so that
    # no tolerance depends on the payoff units; the value is mapped back.
    M_orig = M
    M, shift, span = normalise_array(np.asarray(M, dtype=object if exact else float), exact)
    Mf = np.asarray(M, dtype=float)
    m, n = Mf.shape
    S = Mf + 1.0                           # positive, in [1, 2]
    # Row player: min sum(u) s.t. S^T u >= 1, u >= 0;  x = u / sum(u), value = 1/sum(u).
    res = linprog(np.ones(m), A_ub=-S.T, b_ub=-np.ones(n), bounds=[(0, None)] * m, method="highs")
    if res.status != 0:
        raise SolverError(f"the security LP failed: {res.message}")
    u = res.x
    y_dual = -res.ineqlin.marginals        # dual: column player's (scaled) strategy
    val_s = 1.0 / u.sum()
    x = u * val_s
    y = y_dual / y_dual.sum() if y_dual.sum() > 0 else np.full(n, 1.0 / n)
    if not exact:
        x, y = np.clip(x, 0, None), np.clip(y, 0, None)
        x, y = x / x.sum(), y / y.sum()
        return float(min(x @ np.asarray(M_orig, dtype=float))), x, y
    value, x, y = _certify(M, x, y)
    return value * span + shift, x, y


def _certify(M, x_float, y_float):
    """Rebuild exact optimal strategies from float ones and certify them."""
    M = np.asarray(M, dtype=object)
    m, n = M.shape
    for tol in (1e-9, 1e-7, 1e-5):
        S = [k for k in range(m) if x_float[k] > tol]
        T = [k for k in range(n) if y_float[k] > tol]
        Mf = np.array(M, dtype=float)
        colvals = x_float @ Mf
        rowvals = Mf @ y_float
        v_est = float(x_float @ Mf @ y_float)
        span = max(1.0, float(np.abs(Mf).max()))          # M is on [0, 1] here
        tight_cols = [j for j in range(n) if abs(colvals[j] - v_est) <= tol * span * 10]
        tight_rows = [i for i in range(m) if abs(rowvals[i] - v_est) <= tol * span * 10]
        # x on S, v: sum_S x_k M[k, j] - v = 0 for tight columns; sum x = 1.
        A = [[M[k, j] for k in S] + [-1] for j in tight_cols] + [[1] * len(S) + [0]]
        sol = solve_linear(A, [0] * len(tight_cols) + [1])
        B = [[M[i, j] for j in T] + [-1] for i in tight_rows] + [[1] * len(T) + [0]]
        sol_y = solve_linear(B, [0] * len(tight_rows) + [1])
        if sol is None or sol_y is None:
            continue
        x = [Fraction(0)] * m
        for k, val in zip(S, sol[:-1]):
            x[k] = val
        y = [Fraction(0)] * n
        for k, val in zip(T, sol_y[:-1]):
            y[k] = val
        if min(x) < 0 or min(y) < 0:
            continue
        guarantee = min(sum(x[k] * M[k, j] for k in range(m)) for j in range(n))
        cap = max(sum(M[i, j] * y[j] for j in range(n)) for i in range(m))
        if guarantee == cap:
            return guarantee, np.array(x, dtype=object), np.array(y, dtype=object)
    raise SolverError("could not certify the LP solution exactly (numerically difficult game)")
