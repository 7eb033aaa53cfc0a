"""Every pure-strategy Nash equilibrium of an n-player normal-form game.

A pure profile ``s`` is a Nash equilibrium when every player's strategy ``s_i``
maximises ``payoffs[i]`` along axis ``i`` (the player's own strategy axis) with the
others' strategies held fixed.  The solver computes, for every player at once, the
maxima along the player's own axis and compares the whole payoff array with them
(Nisan et al. 2007, *Algorithmic Game Theory*, sec. 1.3): no Python loop runs over
profiles, so a game with millions of profiles takes milliseconds.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..exceptions import InvalidGameError, UnsupportedGameError
from .result import FLOAT_TOLERANCE, make_result
from ._scale import scale_invariant


def _numeric(game, exact: bool) -> np.ndarray:
    """The payoff array as int64 (exact integer games), object Fractions or float64."""
    if not exact:
        return np.asarray(game.float_payoffs(), dtype=float)
    arr = game.exact_payoffs()
    flat = arr.ravel().tolist()
    if all(v.denominator == 1 and -(2 ** 62) < v.numerator < 2 ** 62 for v in flat):
        return np.array([v.numerator for v in flat], dtype=np.int64).reshape(arr.shape)
    return arr


def pure_best_response_mask(payoffs: np.ndarray, tol: float = 0.0) -> np.ndarray:
    """Boolean array marking the pure profiles that are Nash equilibria.

    Parameters
    ----------
    payoffs : numpy.ndarray
        Shape ``(n_players, m_1, ..., m_n)``, numeric (float, int or Fraction objects).
    tol : float
        A strategy is a best response when its payoff is at least the maximum
        minus ``tol`` (0 for exact arrays).

    Returns
    -------
    numpy.ndarray of bool, shape ``(m_1, ..., m_n)``
    """
    n = payoffs.shape[0]
    mask = np.ones(payoffs.shape[1:], dtype=bool)
    for i in range(n):
        best = payoffs[i].max(axis=i, keepdims=True)
        if tol:
            mask &= np.asarray(payoffs[i] >= best - tol, dtype=bool)
        else:
            mask &= np.asarray(payoffs[i] == best, dtype=bool)
    return mask


@scale_invariant
def pure_solve(game, exact: bool | None = None, tolerance: float | None = None, **opts):
    """Every pure-strategy Nash equilibrium of a normal-form game.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game with any number of players.
    exact : bool, optional
        Compare payoffs exactly (Fractions; default when the game is exact).  In
        float mode a strategy counts as a best response within ``tolerance``.
    tolerance : float, optional
        Float-mode tolerance (default :data:`~gametheory.solvers.result.FLOAT_TOLERANCE`).

    Returns
    -------
    EquilibriumResult
        ``method="pure"``, ``complete=True`` (every pure equilibrium), profiles in
        row-major order of the pure profiles.

    Notes
    -----
    Vectorised best-response test: for each player ``i`` the maximum of
    ``payoffs[i]`` along axis ``i`` is broadcast back and compared with the array
    (Nisan, Roughgarden, Tardos & Vazirani 2007, ch. 1).
    """
    from ..game import MixedStrategyProfile, NormalFormGame
    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError("pure_solve needs a NormalFormGame (convert trees with to_normal_form())")
    if opts:
        raise InvalidGameError(f"pure_solve: unknown option(s) {', '.join(sorted(opts))}")
    if game.is_symbolic:
        raise UnsupportedGameError("pure_solve: the game is symbolic; substitute parameter values first")
    if exact is None:
        exact = game.kind == "exact"
    tol = FLOAT_TOLERANCE if tolerance is None else float(tolerance)
    arr = _numeric(game, exact)
    mask = pure_best_response_mask(arr, 0.0 if exact else tol)
    eqs = []
    for idx in np.argwhere(mask):
        probs = []
        for i, k in enumerate(idx):
            v: list[Fraction] | np.ndarray
            if exact:
                v = [Fraction(0)] * game.shape[i]
                v[int(k)] = Fraction(1)
            else:
                v = np.zeros(game.shape[i])
                v[int(k)] = 1.0
            probs.append(v)
        eqs.append(MixedStrategyProfile(game, probs, exact=exact))
    return make_result(game, "pure", eqs, exact=exact, tolerance=None if exact else tol,
                       complete=True, details={"n_pure_profiles": int(mask.size)})
