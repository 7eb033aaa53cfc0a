"""Input checks shared by the solvers (one place, so no solver imports another for them)."""
from __future__ import annotations

from ..exceptions import UnsupportedGameError


def check_numeric_normal_form(game, where: str) -> None:
    """Raise UnsupportedGameError unless ``game`` is a normal-form game with numeric payoffs.

    ``where`` names the solver in the message (``"enumpoly"``, ``"qre"``, ...).
    """
    from ..game import NormalFormGame
    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")
    if game.is_symbolic:
        raise UnsupportedGameError(
            f"{where}: the game is symbolic in {', '.join(game.parameters)}; give parameter values "
            "(game.substitute(...) or --param)")
