"""Two-player zero-sum games: the value and optimal strategies by linear programming.

For a zero-sum game every Nash equilibrium is a pair of maxmin strategies and all
give the value (von Neumann 1928; the LP formulation follows e.g. von Stengel 2007,
sec. 3.3 of *Algorithmic Game Theory*).  The LP is solved with scipy's HiGHS; in
exact mode both optimal strategies are rebuilt in Fractions and certified (the
row player's guarantee equals the column player's cap).
"""
from __future__ import annotations

from ..exceptions import UnsupportedGameError
from ..game.profiles import MixedStrategyProfile
from .result import make_result
from ._scale import scale_invariant


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
    from ..analysis.security import matrix_game_value, own_matrix

    if game.n_players != 2:
        raise UnsupportedGameError(f"method 'lp' needs a two-player game, got {game.n_players} players")
    if not game.is_zero_sum:
        raise UnsupportedGameError("method 'lp' needs a zero-sum game (payoffs summing to 0 in every cell)")
    if options:
        raise TypeError(f"lp_solve() got unexpected options {sorted(options)}")
    M = own_matrix(game, 0, exact)
    value, x, y = matrix_game_value(M, exact)
    profile = MixedStrategyProfile(game, [x, y], exact=exact)
    return make_result(game, "lp", [profile], exact=exact, complete=False,
                       details={"value": value})
