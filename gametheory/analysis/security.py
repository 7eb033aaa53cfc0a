"""Security (maxmin) strategies and values.

Player ``i``'s security level is ``max_x min_{s_-i} u_i(x, s_-i)``: what it can
guarantee with a mixed strategy ``x`` whatever the others do (the others may
coordinate, so the minimum runs over their pure profiles).  It is the value of
the zero-sum game between ``i`` and the coalition of the others, computed as a
linear program (von Neumann's minimax theorem; e.g. Maschler, Solan & Zamir 2013,
ch. 5) with scipy's HiGHS.  In exact mode the LP's optimal supports are solved
again in Fractions and the answer is certified by a matching dual solution.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..exceptions import SolverError
from ..exact import solve_linear
from ..game.profiles import PlayerMix


@dataclass(frozen=True)
class SecurityLevel:
    """A player's security strategy and value.

    Attributes
    ----------
    player : str
    value : Fraction or float
        The guaranteed payoff (maxmin value).
    strategy : PlayerMix
        A maxmin mixed strategy of the player.
    punishment : numpy.ndarray
        A distribution over the other players' pure profiles (flattened in row-major
        order of their strategies) that holds the player to ``value``.
    pure_value : Fraction or float
        The best payoff guaranteed by a pure strategy.
    exact : bool
        True when value and strategies were certified in Fractions.
    """

    player: str
    value: Fraction | float
    strategy: PlayerMix
    punishment: np.ndarray
    pure_value: Fraction | float
    exact: bool

    def to_json(self) -> dict:
        conv = (lambda v: _frac_str(v)) if self.exact else float
        return {"player": self.player, "value": conv(self.value), "pure_value": conv(self.pure_value),
                "strategy": {k: conv(v) for k, v in self.strategy.items()}, "exact": self.exact}


def _frac_str(v) -> str:
    v = Fraction(v)
    return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"


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

    from ..solvers._scale import normalise_array

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


def security_level(game, player, exact: bool | None = None) -> SecurityLevel:
    """The player's security (maxmin) value and a maxmin mixed strategy.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game (substitute parameters first).
    player : str or int
    exact : bool, optional
        Certify in Fractions (default: when the game is exact).

    Examples
    --------
    >>> import numpy as np, gametheory as gt
    >>> from gametheory.analysis.security import security_level
    >>> g = gt.NormalFormGame.from_arrays(np.array([[1, -1], [-1, 1]]), np.array([[-1, 1], [1, -1]]))
    >>> security_level(g, 0).value
    Fraction(0, 1)
    """
    i = game.player(player)
    if exact is None:
        exact = game.kind == "exact"
    M = own_matrix(game, i, exact)
    value, x, y = matrix_game_value(M, exact)
    pure_value = max(min(row) for row in M)
    if not exact:
        value = float(value)
        pure_value = float(pure_value)
    return SecurityLevel(player=game.players[i], value=value,
                         strategy=PlayerMix(game.strategies[i], x), punishment=y,
                         pure_value=pure_value, exact=exact)
