"""Mixed strategy profiles of normal-form games.

A profile holds one probability vector per player, in player order; entries are
Fractions (an exact profile) or floats.  It is indexable by labels:
``profile["Moscow"]`` is Moscow's mix (a mapping from strategy label to
probability) and ``profile["Moscow", "pressure openly"]`` one probability.

Regret
------
Player ``i``'s regret is ``max_s u_i(s, p_-i) - u_i(p)``: how much it could gain by
deviating to its best pure strategy.  A profile is a Nash equilibrium iff every
regret is zero; :meth:`MixedStrategyProfile.max_regret` is the largest one.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterator, Mapping, Sequence

import numpy as np

from ..exceptions import InvalidGameError, LabelError
from ..payoffs import format_value, to_fraction
from . import display


def contract_others(array: np.ndarray, probs: Sequence[np.ndarray], keep: int) -> np.ndarray:
    """Contract an ``(m_1, ..., m_n)`` array with every player's probability vector but ``keep``'s.

    Returns the vector over ``keep``'s strategies.  Works on float and object
    (Fraction) arrays.
    """
    out = array
    # Contract from the last axis down so that axis numbers stay valid.
    for j in range(len(probs) - 1, -1, -1):
        if j == keep:
            continue
        out = np.tensordot(out, probs[j], axes=([j], [0]))
    return out


def probability_vector(values, exact: bool) -> np.ndarray:
    """A read-only probability vector: Fractions (object array) when ``exact``, else floats."""
    if exact:
        v = np.empty(len(values), dtype=object)
        v[:] = [to_fraction(x) for x in values]
    else:
        v = np.array([float(x) for x in values], dtype=float)
    v.setflags(write=False)
    return v


class PlayerMix(Mapping):
    """One player's mixed strategy: a read-only mapping from strategy label to probability."""

    def __init__(self, labels: Sequence[str], array: np.ndarray):
        self.labels = tuple(labels)
        self.array = array

    def __getitem__(self, key):
        if isinstance(key, (int, np.integer)):
            return self.array[int(key)]
        try:
            return self.array[self.labels.index(key)]
        except ValueError:
            raise LabelError(f"no strategy {key!r}; known: {', '.join(map(repr, self.labels))}") from None

    def __iter__(self):
        return iter(self.labels)

    def __len__(self):
        return len(self.labels)

    def support(self) -> tuple[str, ...]:
        return tuple(l for l, p in zip(self.labels, self.array) if p > 0)

    def __repr__(self):
        return "{" + ", ".join(f"{l!r}: {format_value(p)}" for l, p in zip(self.labels, self.array)) + "}"


class MixedStrategyProfile:
    """A mixed strategy for every player of a :class:`NormalFormGame`.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game (substitute parameters first).
    probabilities : sequence of array_like
        One probability vector per player.
    exact : bool, optional
        Store Fractions (default: exact when every entry is exact and the game is
        not a float game).
    """

    def __init__(self, game, probabilities: Sequence[Sequence[Any] | np.ndarray],
                 exact: bool | None = None):
        if len(probabilities) != game.n_players:
            raise InvalidGameError(
                f"a profile needs {game.n_players} probability vectors, got {len(probabilities)}")
        if exact is None:
            exact = game.kind != "float" and all(
                not isinstance(v, (float, np.floating)) for p in probabilities for v in np.asarray(p, dtype=object).ravel())
        vecs = []
        for i, p in enumerate(probabilities):
            p = list(np.asarray(p, dtype=object).ravel())
            if len(p) != game.shape[i]:
                raise InvalidGameError(
                    f"player {game.players[i]!r} has {game.shape[i]} strategies, got {len(p)} probabilities")
            vecs.append(probability_vector(p, exact))
        self.game = game
        self.exact = bool(exact)
        self._probs = tuple(vecs)

    @classmethod
    def _from_vectors(cls, game, vectors: Sequence[np.ndarray], exact: bool) -> "MixedStrategyProfile":
        """A profile from ready probability vectors, skipping conversion (solvers' fast path).

        Each vector must already be a 1-d array of the right length: a float64
        array, or (``exact``) an object array of Fractions.  The arrays are made
        read-only, not copied.
        """
        self = cls.__new__(cls)
        for v in vectors:
            v.setflags(write=False)
        self.game = game
        self.exact = bool(exact)
        self._probs = tuple(vectors)
        return self

    @classmethod
    def pure(cls, game, profile) -> "MixedStrategyProfile":
        """The pure profile given by labels or indices."""
        idx = game.profile_index(profile)
        probs = []
        for i, k in enumerate(idx):
            v = [Fraction(0)] * game.shape[i]
            v[k] = Fraction(1)
            probs.append(v)
        return cls(game, probs, exact=game.kind != "float")

    @classmethod
    def uniform(cls, game, exact: bool | None = None) -> "MixedStrategyProfile":
        if exact is None:
            exact = game.kind != "float"
        return cls(game, [[Fraction(1, m)] * m if exact else [1.0 / m] * m for m in game.shape], exact=exact)

    # -------------------------------------------------------------- access
    @property
    def probabilities(self) -> tuple[np.ndarray, ...]:
        """One probability vector per player (Fraction object arrays or float arrays)."""
        return self._probs

    def __getitem__(self, key):
        if isinstance(key, tuple) and len(key) == 2:
            return self[key[0]][key[1]]
        i = self.game.player(key)
        return PlayerMix(self.game.strategies[i], self._probs[i])

    def __iter__(self) -> Iterator[PlayerMix]:
        return (self[i] for i in range(self.game.n_players))

    def __len__(self):
        return self.game.n_players

    def as_float(self) -> "MixedStrategyProfile":
        return MixedStrategyProfile(self.game, [np.array(p, dtype=float) for p in self._probs], exact=False)

    def supports(self) -> tuple[tuple[int, ...], ...]:
        """Indices of the strategies played with positive probability, per player."""
        return tuple(tuple(int(k) for k in np.flatnonzero([x > 0 for x in p])) for p in self._probs)

    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.supports())

    # -------------------------------------------------------------- payoffs and regret
    def _payoff_array(self) -> np.ndarray:
        return self.game.numeric_payoffs(self.exact)

    def strategy_values(self, player) -> np.ndarray:
        """Expected payoff of each pure strategy of ``player`` against the others' mixes."""
        i = self.game.player(player)
        return contract_others(self._payoff_array()[i], self._probs, i)

    def payoffs(self) -> tuple:
        """Expected payoff of each player, in player order."""
        return tuple(np.dot(self.strategy_values(i), self._probs[i]) for i in range(self.game.n_players))

    def payoff(self, player):
        i = self.game.player(player)
        return np.dot(self.strategy_values(i), self._probs[i])

    def regrets(self) -> tuple:
        """Each player's regret (best pure deviation payoff minus current payoff)."""
        out = []
        for i in range(self.game.n_players):
            vals = self.strategy_values(i)
            out.append(max(vals) - np.dot(vals, self._probs[i]))
        return tuple(out)

    def max_regret(self):
        """The largest regret over players: zero exactly at a Nash equilibrium."""
        return max(self.regrets())

    def is_nash(self, tol: float = 0.0) -> bool:
        """True when the profile's max regret is at most ``tol`` (0 means exactly)."""
        return self.max_regret() <= tol

    def distribution_error(self):
        """Largest deviation from a probability distribution (negativity or sum != 1)."""
        worst = 0
        for p in self._probs:
            worst = max(worst, abs(sum(p) - 1), max(0, -min(p)))
        return worst

    # -------------------------------------------------------------- output
    def to_json(self, exact: bool | None = None) -> dict:
        """``{"profile": [[...], ...], "labels": {...}, "payoffs": [...]}``.

        Probabilities are fraction strings when ``exact`` (default: ``self.exact``),
        JSON numbers otherwise.
        """
        exact = self.exact if exact is None else exact
        conv = _json_number_exact if exact else _json_number_float
        return {
            "profile": [[conv(x) for x in p] for p in self._probs],
            "labels": {self.game.players[i]: {s: conv(x) for s, x in zip(self.game.strategies[i], p)}
                       for i, p in enumerate(self._probs)},
            "payoffs": [conv(x) for x in self.payoffs()],
        }

    def __eq__(self, other):
        if not isinstance(other, MixedStrategyProfile):
            return NotImplemented
        return self.game is other.game and all(
            np.array_equal(a, b) for a, b in zip(self._probs, other._probs))

    # Unhashable (defining __eq__ already removes the hash); typeshed types
    # object.__hash__ as a method, so the explicit None needs the ignore.
    __hash__ = None  # type: ignore[assignment]

    def key(self) -> tuple:
        """A hashable key (exact Fractions, or floats rounded to 9 digits)."""
        if self.exact:
            return tuple(tuple(p) for p in self._probs)
        return tuple(tuple(round(float(x), 9) for x in p) for p in self._probs)

    def _repr_html_(self) -> str | None:
        return display.render("profile", "html", self)

    def __repr__(self):
        body = "; ".join(f"{self.game.players[i]}: " + repr(self[i]) for i in range(self.game.n_players))
        return f"<MixedStrategyProfile {body}>"


def _json_number_exact(x) -> str:
    return format_value(to_fraction(x))


def _json_number_float(x) -> float:
    return float(x)
