"""Evolutionary and learning dynamics for n-player normal-form games.

* Replicator dynamics (Taylor & Jonker 1978), one population per player:
  ``dx_ik/dt = x_ik (u_i(k, x_-i) - u_i(x))``, integrated with scipy's ``solve_ivp``.
  For a symmetric two-player game ``single_population=True`` gives the classic
  one-population form (as nashpy's ``replicator_dynamics``).
* Fictitious play (Brown 1951; Robinson 1951): each round every player best-responds
  to the empirical frequencies of the others' past play; ties broken at random with
  ``seed``.
* Best-response dynamics: players in turn (or all at once) switch to a best
  response to the current pure profile; stops at a pure equilibrium or after
  ``steps`` rounds.

Each returns a :class:`Trajectory` whose ``strategies[i]`` is an array of shape
``(steps, m_i)`` (mixed strategies, empirical frequencies, or one-hot pure play).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..exceptions import InvalidGameError
from ..game.profiles import contract_others

if TYPE_CHECKING:
    from ..game.normal import NormalFormGame


@dataclass(frozen=True)
class Trajectory:
    """A path of strategy profiles over time.

    Attributes
    ----------
    game : NormalFormGame
    method : str
    times : numpy.ndarray
        Shape ``(steps,)``.
    strategies : tuple of numpy.ndarray
        ``strategies[i]`` has shape ``(steps, m_i)``.
    seed : int or None
    details : dict
    """

    game: NormalFormGame
    method: str
    times: np.ndarray
    strategies: tuple
    seed: int | None = None
    details: dict = field(default_factory=dict)

    @property
    def final(self) -> list[np.ndarray]:
        """The last profile (one vector per player)."""
        return [s[-1] for s in self.strategies]

    def final_profile(self):
        from ..game.profiles import MixedStrategyProfile
        return MixedStrategyProfile(self.game, self.final, exact=False)

    def to_json(self) -> dict:
        return {"method": self.method, "seed": self.seed, "times": self.times.tolist(),
                "strategies": {p: s.tolist() for p, s in zip(self.game.players, self.strategies)}}


def _start(game, start):
    if start is None:
        return [np.full(m, 1.0 / m) for m in game.shape]
    if len(start) != game.n_players:
        raise InvalidGameError(f"start needs {game.n_players} probability vectors")
    out = []
    for i, x in enumerate(start):
        x = np.asarray(x, dtype=float)
        if x.shape != (game.shape[i],) or (x < 0).any() or abs(x.sum() - 1) > 1e-9:
            raise InvalidGameError(f"start[{i}] must be a probability vector of length {game.shape[i]}")
        out.append(x)
    return out


def replicator(game, start=None, *, t_max: float = 50.0, steps: int = 500,
               single_population: bool = False) -> Trajectory:
    """Replicator dynamics from ``start`` (default: uniform) over ``[0, t_max]``."""
    from scipy.integrate import solve_ivp

    U = game.float_payoffs()
    if single_population:
        if game.n_players != 2 or game.shape[0] != game.shape[1] or not np.array_equal(U[0], U[1].T):
            raise InvalidGameError("single_population needs a symmetric two-player game (B = A^T)")
        A = U[0]
        x0 = _start(game, start)[0]

        def f1(t, x):
            fit = A @ x
            return x * (fit - x @ fit)
        sol = solve_ivp(f1, (0, t_max), x0, t_eval=np.linspace(0, t_max, steps), rtol=1e-8, atol=1e-10)
        xs = np.clip(sol.y.T, 0, None)
        xs /= xs.sum(axis=1, keepdims=True)
        return Trajectory(game, "replicator (one population)", sol.t, (xs, xs.copy()))
    x0 = _start(game, start)
    cuts = np.cumsum([0] + list(game.shape))

    def f(t, z):
        xs = [z[cuts[i]:cuts[i + 1]] for i in range(game.n_players)]
        out = []
        for i in range(game.n_players):
            fit = contract_others(U[i], xs, i)
            out.append(xs[i] * (fit - xs[i] @ fit))
        return np.concatenate(out)

    sol = solve_ivp(f, (0, t_max), np.concatenate(x0), t_eval=np.linspace(0, t_max, steps),
                    rtol=1e-8, atol=1e-10)
    strategies = []
    for i in range(game.n_players):
        s = np.clip(sol.y[cuts[i]:cuts[i + 1]].T, 0, None)
        strategies.append(s / s.sum(axis=1, keepdims=True))
    return Trajectory(game, "replicator", sol.t, tuple(strategies))


def _best_responses(values: np.ndarray, tol: float = 1e-12) -> np.ndarray:
    return np.flatnonzero(values >= values.max() - tol)


def fictitious_play(game, steps: int = 1000, *, seed: int | None = 0, start=None) -> Trajectory:
    """Simultaneous fictitious play; ``strategies[i][t]`` are empirical frequencies after round ``t``."""
    rng = np.random.default_rng(seed)
    U = game.float_payoffs()
    counts = [np.zeros(m) for m in game.shape]
    if start is None:
        first = [int(rng.integers(m)) for m in game.shape]
    else:
        first = list(game.profile_index(start))
    for i, k in enumerate(first):
        counts[i][k] += 1
    history = [[c / c.sum()] for c in counts]
    for _ in range(steps - 1):
        freqs = [c / c.sum() for c in counts]
        choice = []
        for i in range(game.n_players):
            vals = contract_others(U[i], freqs, i)
            choice.append(int(rng.choice(_best_responses(vals))))
        for i, k in enumerate(choice):
            counts[i][k] += 1
            history[i].append(counts[i] / counts[i].sum())
    return Trajectory(game, "fictitious play", np.arange(1, steps + 1, dtype=float),
                      tuple(np.array(h) for h in history), seed=seed)


def best_response_dynamics(game, steps: int = 100, *, seed: int | None = 0, start=None,
                           simultaneous: bool = False) -> Trajectory:
    """Best-response dynamics on pure profiles.

    Sequential by default: players move in turn, each switching to a best response
    (staying put when already best-responding; ties broken at random with ``seed``).
    Stops early at a pure Nash equilibrium (``details["converged"]``).
    """
    rng = np.random.default_rng(seed)
    U = game.float_payoffs()
    if start is None:
        profile = [int(rng.integers(m)) for m in game.shape]
    else:
        profile = list(game.profile_index(start))
    history = [list(profile)]
    converged = False
    for _ in range(steps):
        changed = False
        new = list(profile)
        for i in range(game.n_players):
            base = new if not simultaneous else profile
            idx = tuple(slice(None) if j == i else base[j] for j in range(game.n_players))
            vals = U[i][idx]
            best = _best_responses(vals)
            if base[i] not in best:
                new[i] = int(rng.choice(best))
                changed = True
        profile = new
        history.append(list(profile))
        if not changed:
            converged = True
            break
    strategies = []
    for i, m in enumerate(game.shape):
        s = np.zeros((len(history), m))
        s[np.arange(len(history)), [h[i] for h in history]] = 1.0
        strategies.append(s)
    return Trajectory(game, "best-response dynamics", np.arange(len(history), dtype=float),
                      tuple(strategies), seed=seed, details={"converged": converged})
