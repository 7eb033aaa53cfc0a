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

from ..game.profiles import PlayerMix

# The matrix-game LP is a solver (method "lp"); it is used here and re-exported.
from ..solvers.zerosum import matrix_game_value, own_matrix


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
