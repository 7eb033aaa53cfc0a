"""Normal-form (strategic-form) games with any number of players.

Conventions (written once, used everywhere)
-------------------------------------------
* Players are ordered as given; player ``i`` is ``game.players[i]``.
* ``game.payoffs`` has shape ``(n_players, m_1, ..., m_n)``: ``payoffs[i][s_1, ..., s_n]``
  is player ``i``'s payoff when player ``j`` plays strategy ``s_j``.  Every player's
  array is indexed by *all* players' strategies in player order (for two players
  ``payoffs[0]`` is the row player's matrix ``A`` and ``payoffs[1]`` the column
  player's ``B``, both indexed ``[row, column]``).
* Payoffs are stored in one of three kinds (``game.kind``): ``"exact"`` (an object
  array of :class:`~fractions.Fraction`), ``"float"`` (a float64 array) or
  ``"symbolic"`` (an object array mixing Fractions and sympy expressions).
  :meth:`NormalFormGame.substitute` turns a symbolic game into a numeric one.
* Labels stand in for indices everywhere: ``game.player("Moscow")``,
  ``game.strategy("Moscow", "pressure openly")``.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterator, Mapping, Sequence

import numpy as np

from .. import limits as _limits
from ..exceptions import InvalidGameError, LabelError, UnsupportedGameError
from ..payoffs import evaluate, is_symbolic, normalize, to_fraction
from . import display


@dataclass(frozen=True)
class Parameter:
    """A named model parameter.

    Attributes
    ----------
    name : str
        The symbol used in payoff expressions.
    default : Fraction or float
        The value used when none is given.
    low, high : Fraction or float, optional
        The plausible range (used by sweeps and robustness analysis).
    rationale : str
        Why the default and the range are what they are.
    description : str
        What the parameter measures.
    """

    name: str
    default: Any
    low: Any = None
    high: Any = None
    rationale: str = ""
    description: str = ""


#: Axes a numpy array may have (32 before numpy 2, 64 since): one for the player
#: and one per player's strategy.
NUMPY_MAX_DIMS = 64 if int(np.__version__.split(".")[0]) >= 2 else 32


def check_table_size(n_players: int, shape: Sequence[int], **where) -> int:
    """Refuse a strategic form too large to allocate, before allocating it.

    Checks the ``players`` and ``table`` limits of :func:`gametheory.limits.current`
    (and numpy's own limit on the number of axes); returns the number of payoff
    entries, ``n_players * prod(shape)``.  ``where`` (``file=``, ``line=``,
    ``path=``) locates the error.
    """
    if n_players + 1 > NUMPY_MAX_DIMS:
        raise InvalidGameError(f"a strategic form of {n_players} players needs a payoff array "
                               f"with {n_players + 1} axes; numpy allows at most "
                               f"{NUMPY_MAX_DIMS}", **where)
    _limits.check("players", n_players, "players in a strategic form", **where)
    entries = n_players
    for m in shape:
        entries *= int(m)
    _limits.check("table", entries, "payoff entries (players x pure profiles)", **where)
    return entries


#: ``metadata[DUPLICATES]`` true: strategy and action labels may repeat (games read
#: from Gambit files that repeat them); such labels are then looked up by position.
DUPLICATES = "duplicate_labels"


def _check_labels(labels: Sequence[str], what: str, unique: bool = True) -> tuple[str, ...]:
    out = []
    seen = set()
    for k, label in enumerate(labels):
        if not isinstance(label, str) or not label.strip():
            raise InvalidGameError(f"{what} {k + 1} needs a non-empty label, got {label!r}")
        if unique and label in seen:
            raise InvalidGameError(f"duplicate {what} label {label!r}; labels must be unique")
        seen.add(label)
        out.append(label)
    return tuple(out)


def resolve_index(labels: Sequence[str], key, what: str) -> int:
    """Index of ``key`` (a label or a 0-based integer index) in ``labels``.

    Negative indices are refused (they would silently name the last ones), and
    so is a label that more than one entry carries (Gambit files may repeat
    labels: refer to those entries by index).
    """
    if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
        k = int(key)
        if not 0 <= k < len(labels):
            raise LabelError(f"{what} index {k} out of range: indices run from 0 to "
                             f"{len(labels) - 1}" + (" (negative indices are not accepted)"
                                                     if k < 0 else ""))
        return k
    try:
        k = labels.index(key)
    except (ValueError, TypeError):
        known = ", ".join(map(repr, labels[:20])) + (", ..." if len(labels) > 20 else "")
        raise LabelError(f"no {what} {key!r}; known: {known}") from None
    if key in labels[k + 1:]:
        where = [j + 1 for j, lab in enumerate(labels) if lab == key]
        raise LabelError(f"the {what} label {key!r} is ambiguous (positions "
                         f"{', '.join(map(str, where[:10]))} carry it); refer to it by its "
                         f"0-based index instead")
    return k


class NormalFormGame:
    """A finite game in strategic form.

    Build one with :meth:`from_arrays` (one payoff array per player) or
    :meth:`from_payoffs` (a single array of shape ``(n, m_1, ..., m_n)``); read
    one with :func:`gametheory.load`.

    Parameters
    ----------
    payoffs : array_like
        Shape ``(n_players, m_1, ..., m_n)``; see the module docstring.
    players : sequence of str, optional
        Player labels (default ``"Player 1"``, ...).
    strategies : sequence of sequences of str, optional
        Strategy labels per player (default ``"1"``, ``"2"``, ...).
    title, description : str
    parameters : mapping or sequence of Parameter, optional
        Declared parameters of a symbolic game, with default values.
    notes : mapping, optional
        Per-profile documentation: ``{(s_1, ..., s_n): {"rationale": ..., "source": ...}}``
        with strategy indices.
    """

    #: Set only on a game made by :meth:`ExtensiveFormGame.to_normal_form`: each player's
    #: strategies as plans ``{infoset number: action index}`` (read with ``getattr``).
    plans: list[list[dict[int, int]]]

    def __init__(self, payoffs, players: Sequence[str] | None = None,
                 strategies: Sequence[Sequence[str]] | None = None, *, title: str = "",
                 description: str = "", parameters=None, notes: Mapping | None = None,
                 metadata: Mapping | None = None):
        if isinstance(payoffs, (list, tuple)) and len(payoffs) + 1 > NUMPY_MAX_DIMS:
            check_table_size(len(payoffs), ())  # before numpy tries to build the array
        arr = self._normalize_payoffs(payoffs)
        n = arr.shape[0]
        if arr.ndim != n + 1:
            raise InvalidGameError(
                f"payoff array of shape {arr.shape} does not fit {n} players: expected "
                f"(n_players, m_1, ..., m_n) with n_players = {n}")
        if any(m < 1 for m in arr.shape[1:]):
            raise InvalidGameError("every player needs at least one strategy")
        if players is None:
            players = [f"Player {i + 1}" for i in range(n)]
        self._players = _check_labels(list(players), "player")
        if len(self._players) != n:
            raise InvalidGameError(f"{len(self._players)} player labels for {n} players")
        if strategies is None:
            strategies = [[str(k + 1) for k in range(m)] for m in arr.shape[1:]]
        if len(strategies) != n:
            raise InvalidGameError(f"strategy labels for {len(strategies)} players, expected {n}")
        unique = not (metadata or {}).get(DUPLICATES)
        self._strategies = tuple(
            _check_labels(list(s), f"strategy of {self._players[i]!r}", unique)
            for i, s in enumerate(strategies))
        for i, s in enumerate(self._strategies):
            if len(s) != arr.shape[i + 1]:
                raise InvalidGameError(
                    f"player {self._players[i]!r} has {len(s)} strategy labels but the payoff "
                    f"array has {arr.shape[i + 1]} strategies")
        arr.setflags(write=False)
        self._payoffs = arr
        self.title = title
        self.description = description
        self.parameters = _parameter_dict(parameters)
        self.notes = dict(notes or {})
        self.metadata = dict(metadata or {})
        self._cache: dict[str, Any] = {}
        undeclared = sorted(set(self._free_symbol_names()) - set(self.parameters))
        if undeclared:
            # Symbols given through the API without a declaration: declare them, no default.
            for name in undeclared:
                self.parameters[name] = Parameter(name, None)

    # ------------------------------------------------------------------ construction
    @staticmethod
    def _normalize_payoffs(payoffs) -> np.ndarray:
        if isinstance(payoffs, np.ndarray) and payoffs.ndim == 0:
            raise InvalidGameError("payoffs must be an array, not a scalar")
        if isinstance(payoffs, np.ndarray) and payoffs.dtype.kind in "iub":
            if payoffs.dtype.kind == "b":
                raise InvalidGameError("payoffs must be numbers, not booleans")
            out = np.empty(payoffs.size, dtype=object)
            out[:] = _fractions_of_ints(payoffs.ravel().tolist())
            return out.reshape(payoffs.shape)
        if isinstance(payoffs, np.ndarray) and payoffs.dtype.kind == "f":
            arr = np.array(payoffs, dtype=float)
            if not np.all(np.isfinite(arr)):
                bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
                raise InvalidGameError(f"payoff at index {bad} is not finite ({arr[bad]})")
            return arr
        raw = np.array(payoffs, dtype=object)
        if raw.ndim == 0:
            raise InvalidGameError("payoffs must be an array, not a scalar")
        flat = raw.ravel().tolist()
        kinds = set(map(type, flat))
        if kinds <= {Fraction}:
            return raw
        if kinds <= {Fraction, int}:
            out = np.empty(len(flat), dtype=object)
            out[:] = [v if type(v) is Fraction else w for v, w in
                      zip(flat, _fractions_of_ints([0 if type(v) is Fraction else v for v in flat]))]
            return out.reshape(raw.shape)
        values = []
        for k, v in enumerate(flat):
            values.append(normalize(v, where=f"payoffs[{', '.join(str(int(j)) for j in np.unravel_index(k, raw.shape))}]"))
        if values and all(isinstance(v, float) for v in values):
            return np.array(values, dtype=float).reshape(raw.shape)
        # Mixed floats and exact numbers: exact wins (floats by shortest repr).
        values = [to_fraction(v) if isinstance(v, float) else v for v in values]
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out.reshape(raw.shape)

    @classmethod
    def from_arrays(cls, *arrays, players=None, strategies=None, **kwargs) -> "NormalFormGame":
        """A game from one payoff array per player (``A, B`` for a bimatrix game).

        Each array has shape ``(m_1, ..., m_n)`` and is indexed by all players'
        strategies in player order.
        """
        if len(arrays) == 0:
            raise InvalidGameError("from_arrays needs one payoff array per player")
        shapes = {np.shape(a) for a in arrays}
        if len(shapes) != 1:
            raise InvalidGameError(f"payoff arrays have different shapes: {sorted(shapes)}")
        if all(isinstance(a, np.ndarray) and a.dtype.kind in "iuf" for a in arrays):
            kinds = {a.dtype.kind for a in arrays}
            stacked = np.stack([np.asarray(a, dtype=float if "f" in kinds else np.int64)
                                for a in arrays])
        else:
            stacked = np.empty((len(arrays),) + shapes.pop(), dtype=object)
            for i, a in enumerate(arrays):
                stacked[i] = np.array(a, dtype=object)
        return cls(stacked, players, strategies, **kwargs)

    @classmethod
    def from_payoffs(cls, payoffs, players=None, strategies=None, **kwargs) -> "NormalFormGame":
        """A game from one array of shape ``(n_players, m_1, ..., m_n)``."""
        return cls(payoffs, players, strategies, **kwargs)

    # ------------------------------------------------------------------ structure
    @property
    def players(self) -> tuple[str, ...]:
        """Player labels, in player order."""
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Strategy labels per player."""
        return self._strategies

    @property
    def n_players(self) -> int:
        return len(self._players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return tuple(self._payoffs.shape[1:])

    @property
    def payoffs(self) -> np.ndarray:
        """The stored payoff array (read-only), shape ``(n, m_1, ..., m_n)``."""
        return self._payoffs

    @property
    def kind(self) -> str:
        """``"exact"``, ``"float"`` or ``"symbolic"``."""
        if "kind" not in self._cache:
            if self._payoffs.dtype != object:
                kind = "float"
            elif any(is_symbolic(v) for v in self._payoffs.flat):
                kind = "symbolic"
            else:
                kind = "exact"
            self._cache["kind"] = kind
        return self._cache["kind"]

    @property
    def is_symbolic(self) -> bool:
        return self.kind == "symbolic"

    @property
    def is_exact(self) -> bool:
        return self.kind == "exact"

    @property
    def is_zero_sum(self) -> bool:
        """True when the payoffs sum to zero (exactly, or within 1e-12 for floats)."""
        if self.is_symbolic:
            import sympy
            return all(sympy.simplify(v) == 0 for v in self._payoffs.sum(axis=0).flat)
        if self.kind == "float":
            return bool(np.all(np.abs(self._payoffs.sum(axis=0)) <= 1e-12))
        return all(v == 0 for v in self._payoffs.sum(axis=0).flat)

    def player(self, key) -> int:
        """Index of a player given by label or index."""
        return resolve_index(self._players, key, "player")

    def strategy(self, player, key) -> int:
        """Index of one of ``player``'s strategies, given by label or index."""
        i = self.player(player)
        return resolve_index(self._strategies[i], key, f"strategy of {self._players[i]!r}")

    def profile_index(self, profile) -> tuple[int, ...]:
        """Indices of a pure profile given as labels/indices (a sequence or a mapping)."""
        if isinstance(profile, Mapping):
            keys = {self.player(k): v for k, v in profile.items()}
            if len(keys) != self.n_players:
                raise LabelError(f"profile {profile!r} does not name every player")
            profile = [keys[i] for i in range(self.n_players)]
        if len(profile) != self.n_players:
            raise LabelError(f"profile {profile!r} has {len(profile)} entries, expected {self.n_players}")
        return tuple(self.strategy(i, s) for i, s in enumerate(profile))

    def payoff(self, profile, player=None):
        """Payoff(s) at a pure profile given by labels or indices."""
        idx = self.profile_index(profile)
        values = tuple(self._payoffs[(i,) + idx] for i in range(self.n_players))
        return values if player is None else values[self.player(player)]

    def profiles(self) -> Iterator[tuple[int, ...]]:
        """All pure profiles as index tuples, in row-major order."""
        return itertools.product(*(range(m) for m in self.shape))

    # ------------------------------------------------------------------ numeric views
    def float_payoffs(self) -> np.ndarray:
        """Payoffs as a float64 array of shape ``(n, m_1, ..., m_n)``."""
        if "float" not in self._cache:
            if self.is_symbolic:
                raise UnsupportedGameError(
                    f"the game is symbolic in {', '.join(self.parameters)}; call substitute() first")
            try:
                arr = np.array(self._payoffs, dtype=float)
            except OverflowError:
                big = max(self._payoffs.flat, key=abs)
                digits = _limits.int_digits(big.numerator) - _limits.int_digits(big.denominator)
                raise UnsupportedGameError(
                    f"a payoff with about {digits} digits does not fit a floating-point number (at most about "
                    f"1.8e308): use exact arithmetic (the default for exact games; drop --float)"
                ) from None
            if not np.all(np.isfinite(arr)):
                raise UnsupportedGameError("a payoff does not fit a floating-point number (at most "
                                           "about 1.8e308): use exact arithmetic (drop --float)")
            arr.setflags(write=False)
            self._cache["float"] = arr
        return self._cache["float"]

    def exact_payoffs(self) -> np.ndarray:
        """Payoffs as an object array of Fractions (floats by their shortest repr)."""
        if "exact" not in self._cache:
            if self.is_symbolic:
                raise UnsupportedGameError(
                    f"the game is symbolic in {', '.join(self.parameters)}; call substitute() first")
            if self._payoffs.dtype == object:
                arr = self._payoffs
            else:
                flat = [to_fraction(v) for v in self._payoffs.ravel().tolist()]
                arr = np.empty(len(flat), dtype=object)
                arr[:] = flat
                arr = arr.reshape(self._payoffs.shape)
                arr.setflags(write=False)
            self._cache["exact"] = arr
        return self._cache["exact"]

    def integer_payoffs(self) -> np.ndarray | None:
        """Payoffs as an int64 array when every payoff is an integer below 2^62 in size, else None.

        Cached like the other numeric views; solvers use it to skip Fraction
        arithmetic on integer games.
        """
        if "int" not in self._cache:
            out = None
            if self.kind == "exact":
                flat = self._payoffs.ravel().tolist()
                if all(v.denominator == 1 and abs(v.numerator) < 2 ** 62 for v in flat):
                    out = np.array([v.numerator for v in flat], dtype=np.int64).reshape(self._payoffs.shape)
                    out.setflags(write=False)
            self._cache["int"] = out
        return self._cache["int"]

    def numeric_payoffs(self, exact: bool) -> np.ndarray:
        """``exact_payoffs()`` if ``exact`` else ``float_payoffs()``."""
        return self.exact_payoffs() if exact else self.float_payoffs()

    # ------------------------------------------------------------------ parameters
    def _free_symbol_names(self) -> list[str]:
        if self._payoffs.dtype != object:
            return []
        names: set[str] = set()
        for v in self._payoffs.flat:
            if is_symbolic(v):
                names.update(s.name for s in v.free_symbols)
        return sorted(names)

    def parameter_values(self, **overrides) -> dict[str, Any]:
        """Defaults of the declared parameters, updated by ``overrides``."""
        unknown = sorted(set(overrides) - set(self.parameters))
        if unknown:
            raise InvalidGameError(
                f"unknown parameter(s) {', '.join(unknown)}; the game declares "
                f"{', '.join(self.parameters) or 'none'}")
        values = {k: p.default for k, p in self.parameters.items() if p.default is not None}
        values.update(overrides)
        return values

    def _cell_name(self, k: int) -> str:
        """The ``k``-th payoff in flat order, named as a reader would: ``payoff of Row at (U, L)``."""
        idx = np.unravel_index(k, self._payoffs.shape)
        labels = ", ".join(self._strategies[j][int(s)] for j, s in enumerate(idx[1:]))
        return f"payoff of {self._players[int(idx[0])]} at ({labels})"

    def substitute(self, **params) -> "NormalFormGame":
        """A numeric game with parameter values substituted (defaults for the rest).

        Exact parameter values give an exact game; float values give a float game,
        and so does a payoff whose value is irrational (``log(2)``: a float
        approximation, so the game's exactness would rest on a rounded number).
        A game without symbols is returned unchanged when no parameter is given.
        """
        values = self.parameter_values(**params)
        if not self.is_symbolic:
            return self
        flat = [evaluate(v, values, where=self._cell_name(k)) for k, v in enumerate(self._payoffs.flat)]
        out: np.ndarray
        if any(isinstance(v, float) for v in flat):
            # A payoff that evaluates to an irrational number (log(2), sqrt(3)...) is a float
            # approximation: the whole game is then a float game, as a tree would be, rather
            # than an "exact" game whose exactness rests on a rounded number.
            out = np.array([float(v) for v in flat], dtype=float)
        else:
            out = np.empty(len(flat), dtype=object)
            out[:] = flat
        game = NormalFormGame(out.reshape(self._payoffs.shape), self._players, self._strategies,
                              title=self.title, description=self.description,
                              parameters=self.parameters, notes=self.notes, metadata=self.metadata)
        game.metadata = {**self.metadata, "parameter_values": dict(values)}
        return game

    # ------------------------------------------------------------------ derived games
    def restrict(self, keep: Sequence[Sequence]) -> "NormalFormGame":
        """The subgame on the strategies ``keep[i]`` (labels or indices) of each player."""
        idx = [[self.strategy(i, s) for s in ks] for i, ks in enumerate(keep)]
        arr = self._payoffs[np.ix_(range(self.n_players), *idx)]
        strategies = [[self._strategies[i][k] for k in ks] for i, ks in enumerate(idx)]
        return NormalFormGame(arr, self._players, strategies, title=self.title,
                              description=self.description, parameters=self.parameters,
                              metadata=self.metadata)

    def with_payoffs(self, payoffs) -> "NormalFormGame":
        """The same labels and metadata with other payoffs."""
        return NormalFormGame(payoffs, self._players, self._strategies, title=self.title,
                              description=self.description, parameters=self.parameters,
                              notes=self.notes, metadata=self.metadata)

    # ------------------------------------------------------------------ comparisons
    def __eq__(self, other) -> bool:
        """Exact equality of labels and payoffs (titles and notes are not compared)."""
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        if (self._players != other._players or self._strategies != other._strategies):
            return False
        a, b = self._payoffs, other._payoffs
        if a.dtype != object and b.dtype != object:
            return bool(np.array_equal(a, b))
        if self.is_symbolic or other.is_symbolic:
            return all((x - y) == 0 or getattr(x - y, "is_zero", False)
                       for x, y in zip(a.flat, b.flat))
        return bool(np.array_equal(self.exact_payoffs(), other.exact_payoffs()))

    # Mutable metadata: games are compared, not hashed.  Defining __eq__ already removes the
    # hash; typeshed types object.__hash__ as a method, so the explicit None needs the ignore.
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shape = "x".join(map(str, self.shape))
        return (f"<NormalFormGame {self.title!r}: {self.n_players} players "
                f"({', '.join(self._players)}), {shape}, {self.kind}>")

    def _repr_html_(self) -> str | None:
        return display.render("game", "html", self)

    def _repr_latex_(self) -> str | None:
        return display.render("game", "latex", self)

    def __str__(self) -> str:
        return display.render("game", "text", self) or repr(self)


def _fractions_of_ints(values: list) -> list:
    """Fractions for a list of ints, sharing one object per distinct value (fast)."""
    cache: dict[int, Fraction] = {}
    out: list[Fraction] = []
    append = out.append
    for v in values:
        f = cache.get(v)
        if f is None:
            f = cache[v] = Fraction(v)
        append(f)
    return out


def _parameter_dict(parameters) -> dict[str, Parameter]:
    if parameters is None:
        return {}
    if isinstance(parameters, Mapping):
        items = []
        for name, p in parameters.items():
            items.append(p if isinstance(p, Parameter) else Parameter(name, p))
    else:
        items = list(parameters)
    out: dict[str, Parameter] = {}
    for p in items:
        if not isinstance(p, Parameter):
            raise InvalidGameError(f"expected a Parameter, got {p!r}")
        out[p.name] = p
    return out
