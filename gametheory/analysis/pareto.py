"""Pareto-efficient pure outcomes.

A pure profile is Pareto efficient when no other pure profile gives every player at
least as much and some player strictly more.  Vectorised: every profile is compared
with every other at once (fine for games up to tens of thousands of profiles).
"""
from __future__ import annotations

import numpy as np


def pareto_efficient_profiles(game, exact: bool | None = None) -> list[tuple[str, ...]]:
    """Labels of the Pareto-efficient pure profiles, in row-major order.

    Examples
    --------
    In the prisoner's dilemma every profile but mutual defection is efficient.
    """
    if exact is None:
        exact = game.kind == "exact"
    U = game.numeric_payoffs(exact).reshape(game.n_players, -1).T      # (profiles, players)
    if exact:
        # Exact comparisons on object arrays broadcast element-wise with Fractions.
        ge = np.ones((len(U), len(U)), dtype=bool)
        gt = np.zeros((len(U), len(U)), dtype=bool)
        for i in range(game.n_players):
            col = U[:, i]
            ge &= np.array(col[None, :] >= col[:, None], dtype=bool)
            gt |= np.array(col[None, :] > col[:, None], dtype=bool)
    else:
        ge = np.all(U[None, :, :] >= U[:, None, :], axis=2)
        gt = np.any(U[None, :, :] > U[:, None, :], axis=2)
    dominated = np.any(ge & gt, axis=1)       # row r dominated by some column profile
    out = []
    for flat in np.flatnonzero(~dominated):
        idx = np.unravel_index(int(flat), game.shape)
        out.append(tuple(game.strategies[i][int(k)] for i, k in enumerate(idx)))
    return out
