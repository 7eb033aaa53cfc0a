"""Short readable labels of profiles, and the numeric normal form a label refers to.

Used by the figures (:mod:`gametheory.plotting.data`), the zugzwang engine's
regime maps and the report; they need nothing above the game layer.
"""
from __future__ import annotations

import numpy as np

from ..exceptions import InvalidGameError

__all__ = ["equilibrium_label", "normal_form_of", "probability_vectors", "support_label"]


def normal_form_of(game, params: dict | None = None):
    """The numeric normal form of ``game`` (trees are reduced; defaults fill parameters)."""
    from ..game import ExtensiveFormGame, NormalFormGame
    if not isinstance(game, (NormalFormGame, ExtensiveFormGame)):
        raise TypeError(f"expected a game, got {type(game).__name__}")
    game = game.substitute(**(params or {}))
    if isinstance(game, ExtensiveFormGame):
        game = game.to_normal_form()
    return game


def probability_vectors(game, profile) -> list[np.ndarray]:
    """Float probability vectors from a MixedStrategyProfile or a sequence of vectors."""
    probs = getattr(profile, "probabilities", profile)
    if len(probs) != game.n_players:
        raise InvalidGameError(f"a base profile needs {game.n_players} probability vectors, got {len(probs)}")
    out = []
    for i, p in enumerate(probs):
        v = np.array([float(x) for x in np.asarray(p, dtype=object).ravel()], dtype=float)
        if v.shape != (game.shape[i],):
            raise InvalidGameError(f"base profile: player {game.players[i]!r} needs {game.shape[i]} "
                                   f"probabilities, got {v.size}")
        if np.any(v < -1e-12) or abs(v.sum() - 1) > 1e-9:
            raise InvalidGameError(f"base profile: {game.players[i]!r}'s probabilities {v.tolist()} "
                                   f"are not a probability distribution")
        out.append(v)
    return out


def equilibrium_label(game, profile, digits: int = 2) -> str:
    """A short readable label of a profile: ``"D / D"`` for a pure one, supports with
    rounded probabilities for a mixed one (``"0.5 H + 0.5 T / ..."``)."""
    parts = []
    for i, p in enumerate(probability_vectors(game, profile)):
        support = [k for k in range(len(p)) if p[k] > 1e-12]
        if len(support) == 1:
            parts.append(game.strategies[i][support[0]])
        else:
            parts.append(" + ".join(f"{p[k]:.{digits}g} {game.strategies[i][k]}" for k in support))
    return " / ".join(parts)


def support_label(game, profile) -> str:
    """The supports of a profile: ``"D / D"`` when pure, ``"mix{H, T} / ..."`` otherwise.

    Equilibria with the same supports share a label, so a sweep map shows a
    few regimes rather than one colour per probability value.
    """
    parts = []
    for i, p in enumerate(probability_vectors(game, profile)):
        support = [game.strategies[i][k] for k in range(len(p)) if p[k] > 1e-12]
        parts.append(support[0] if len(support) == 1 else "mix{" + ", ".join(support) + "}")
    return " / ".join(parts)
