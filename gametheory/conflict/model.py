"""Conflict models of the Graph Model for Conflict Resolution (GMCR).

A conflict (Fang, Hipel & Kilgour 1993; Kilgour & Hipel 2005) has decision makers
(DMs), a finite set of states, for each DM the moves it can make on its own
(a directed graph on the states) and for each DM a ranking of the states (ties
allowed).  Nothing else is assumed: no magnitudes, no probabilities.

Conventions (written once, used everywhere in :mod:`gametheory.conflict`)
-------------------------------------------------------------------------
* **States** are numbered ``0 .. n_states-1``.  In option form a state is the
  setting (Y or N) of every option; the feasible states are ordered by their
  *code* ``sum(2**k for each option k set to Y)`` (option 0 is the lowest bit,
  the numbering of Fang et al. 1993 and of GMCR II), and a state's *pattern* is a
  string with one ``Y``/``N`` per option in file order.
* **Ranks**: ``conflict.ranks[i, s]`` is an integer, larger = more preferred by DM
  ``i``; equal numbers are ties.  Only the order matters (ordinal preferences).
* **Moves**: ``conflict.moves[i]`` is a ``scipy.sparse.csr_matrix`` of booleans,
  ``moves[i][s, t]`` true when DM ``i`` can move from ``s`` to ``t`` in one step
  (never ``s`` to ``s``).  In option form a DM's move changes any non-empty set of
  its own options, keeps the result feasible and respects each option's permitted
  direction.
* **Components** (product-shaped conflicts only: option form and games converted
  from a normal form): ``conflict.components[i, s]`` is DM ``i``'s share of state
  ``s``'s code, so ``code = sum_i components[i, s]`` and a joint move of several
  DMs is the state whose components are the movers' targets' (used by SIM).
* Options controlled by no DM or by two are refused.

The class is thin: stability, coalitions, status quo, inverse analysis and
hypergames are functions of other modules taking a :class:`Conflict`.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..exceptions import InvalidGameError, LabelError
from .patterns import code_pattern, pattern_code, pattern_mask  # noqa: F401  (public here too)

#: Permitted directions of an option: both ways, only N->Y, only Y->N.
DIRECTIONS = ("both", "forward", "back")

#: Largest number of options handled (codes are int64; 2**30 states are far
#: beyond memory anyway).
MAX_OPTIONS = 30

_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


@dataclass(frozen=True)
class Option:
    """An option: a yes/no choice controlled by one DM.

    Attributes
    ----------
    name : str
        An identifier (letters, digits, ``_`` and ``.``) used in preference statements.
    dm : int
        Index of the controlling decision maker.
    direction : str
        ``"both"`` (reversible), ``"forward"`` (may be taken, N->Y, never withdrawn)
        or ``"back"`` (may be withdrawn, Y->N, never taken).
    description : str
        Free text.
    """

    name: str
    dm: int
    direction: str = "both"
    description: str = ""


@dataclass
class Conflict:
    """A graph model: DMs, states, each DM's moves and each DM's ranks.

    Build one with :func:`from_options`, :func:`from_graph` or
    :func:`from_normal_form`; read one with :func:`gametheory.conflict.load`.

    Attributes
    ----------
    decision_makers : tuple of str
    states : tuple of str
        State labels (the pattern in option form unless labels were given).
    moves : list of scipy.sparse.csr_matrix
        One boolean ``(n, n)`` matrix per DM (see the module docstring).
    ranks : numpy.ndarray
        ``(n_dms, n)`` integers, larger = more preferred.
    options : tuple of Option
        Empty for a graph-form conflict.
    codes : numpy.ndarray or None
        The states' codes (option form and converted games), increasing.
    components : numpy.ndarray or None
        ``(n_dms, n)`` per-DM parts of the codes (product-shaped conflicts).
    title, description : str
    statements : dict
        DM -> list of (statement text, rationale) when ranks came from option
        prioritisation; kept for files and reports.
    metadata : dict
        Anything else a reader keeps (rationales of rankings, the source file, ...).
    unknown : tuple of str
        DMs whose preferences are unknown (their ``ranks`` rows are placeholders):
        only the concepts that do not need them are computed (see
        :func:`gametheory.conflict.stability.defined`).
    uncertain : dict
        DM name -> ``(m, 2)`` int64 array of the pairs of states ``(s, t)``,
        ``s < t``, whose order the DM's preferences leave open (partial
        preferences; Li, Hipel, Kilgour & Fang 2004).  Its ``ranks`` hold for every
        other pair.  Only the extended concepts ``nash:a`` ... ``seq:d`` use them
        (see :mod:`gametheory.conflict.stability`).
    """

    decision_makers: tuple
    states: tuple
    moves: list
    ranks: np.ndarray
    options: tuple = ()
    codes: np.ndarray | None = None
    components: np.ndarray | None = None
    title: str = ""
    description: str = ""
    statements: dict = field(default_factory=dict)
    metadata: dict = field(default_factory=dict)
    unknown: tuple = ()
    uncertain: dict = field(default_factory=dict)

    # ------------------------------------------------------------------ sizes
    @property
    def n_states(self) -> int:
        return len(self.states)

    @property
    def n_dms(self) -> int:
        return len(self.decision_makers)

    @property
    def is_option_form(self) -> bool:
        return bool(self.options)

    @property
    def option_names(self) -> tuple:
        return tuple(o.name for o in self.options)

    # ------------------------------------------------------------------ labels
    def dm(self, key) -> int:
        """Index of a DM given by name or index."""
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            if 0 <= key < self.n_dms:
                return int(key)
            raise LabelError(f"no decision maker {key}: the conflict has {self.n_dms}")
        if key in self.decision_makers:
            return self.decision_makers.index(key)
        raise LabelError(f"no decision maker {key!r}; decision makers: {', '.join(self.decision_makers)}")

    def state(self, key) -> int:
        """Index of a state given by index, label or Y/N pattern."""
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            if 0 <= key < self.n_states:
                return int(key)
            raise LabelError(f"no state {key}: the conflict has {self.n_states}")
        cache = self.__dict__.get("_label_index")
        if cache is None or cache[0] is not self.states:  # label -> index, rebuilt when relabelled
            cache = (self.states, {label: k for k, label in enumerate(self.states)})
            self.__dict__["_label_index"] = cache
        if isinstance(key, str) and key in cache[1]:
            return cache[1][key]
        if self.is_option_form and isinstance(key, str) and len(key) == len(self.options) \
                and set(key) <= {"Y", "N"}:
            code = pattern_code(key)
            codes = np.asarray(self.codes)
            k = int(np.searchsorted(codes, code))
            if k < len(codes) and codes[k] == code:
                return k
            raise LabelError(f"state {key!r} is infeasible")
        raise LabelError(f"no state {key!r}")

    def pattern(self, s: int) -> str:
        """The Y/N pattern of state ``s`` (option form), else its label."""
        if not self.is_option_form:
            return self.states[s]
        return code_pattern(int(np.asarray(self.codes)[s]), len(self.options))

    def patterns(self) -> list:
        return [self.pattern(s) for s in range(self.n_states)]

    def label(self, s: int) -> str:
        return self.states[s]

    def move_lists(self, dm) -> list:
        """``[(s, t), ...]`` of one DM's moves (for display and tests)."""
        m = self.moves[self.dm(dm)].tocoo()
        return sorted(zip(m.row.tolist(), m.col.tolist()))

    def with_ranks(self, ranks) -> Conflict:
        """A copy with other ranks (same states and moves)."""
        ranks = np.asarray(ranks, dtype=np.int64)
        if ranks.shape != (self.n_dms, self.n_states):
            raise InvalidGameError(f"ranks must have shape {(self.n_dms, self.n_states)}, got {ranks.shape}")
        return Conflict(self.decision_makers, self.states, self.moves, ranks, self.options,
                        self.codes, self.components, self.title, self.description,
                        dict(self.statements), dict(self.metadata), self.unknown,
                        dict(self.uncertain))

    def known(self) -> np.ndarray:
        """Boolean per DM: are its preferences known?"""
        return np.array([d not in self.unknown for d in self.decision_makers], dtype=bool)

    def require_known(self, what: str) -> None:
        """Raise UnsupportedGameError if some DM's preferences are unknown."""
        if self.unknown:
            from ..exceptions import UnsupportedGameError
            raise UnsupportedGameError(f"{what} needs every decision maker's preferences; unknown: "
                                       f"{', '.join(self.unknown)}")
        self.require_total(what)

    @property
    def is_partial(self) -> bool:
        """Does some DM leave some pairs of states unordered?"""
        return any(len(p) for p in self.uncertain.values())

    def uncertain_keys(self, dm) -> np.ndarray:
        """Sorted keys ``min(s, t) * n + max(s, t)`` of DM ``dm``'s uncertain pairs."""
        pairs = self.uncertain.get(self.decision_makers[self.dm(dm)])
        if pairs is None or not len(pairs):
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.asarray(pairs, dtype=np.int64) @ np.array([self.n_states, 1], dtype=np.int64))

    def is_uncertain(self, dm, a, b) -> np.ndarray:
        """Per pair ``(a[k], b[k])``: is its order uncertain for ``dm``?"""
        keys = self.uncertain_keys(dm)
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        if not len(keys):
            return np.zeros(np.broadcast(a, b).shape, dtype=bool)
        q = np.minimum(a, b) * self.n_states + np.maximum(a, b)
        pos = np.minimum(np.searchsorted(keys, q), len(keys) - 1)
        return (keys[pos] == q) & (a != b)

    def set_uncertain(self, dm, pairs) -> None:
        """Declare pairs of states (indices) whose order ``dm`` leaves open."""
        arr = np.asarray(list(pairs), dtype=np.int64).reshape(-1, 2)
        arr = arr[arr[:, 0] != arr[:, 1]]
        arr = np.sort(arr, axis=1)
        name = self.decision_makers[self.dm(dm)]
        old = self.uncertain.get(name)
        if old is not None and len(old):
            arr = np.concatenate([np.asarray(old, dtype=np.int64).reshape(-1, 2), arr])
        self.uncertain[name] = np.unique(arr, axis=0) if len(arr) else arr

    def require_total(self, what: str) -> None:
        """Raise UnsupportedGameError if some DM's preferences are partial."""
        if self.is_partial:
            from ..exceptions import UnsupportedGameError
            who = [d for d, p in self.uncertain.items() if len(p)]
            raise UnsupportedGameError(f"{what} needs complete preferences; {', '.join(who)} "
                                       f"leave(s) some pairs of states unordered (use nash:a..d, gmr:a..d, "
                                       f"smr:a..d or seq:a..d)")

    def __repr__(self) -> str:
        form = f"{len(self.options)} options" if self.is_option_form else "graph form"
        return (f"<Conflict {self.title!r}: {self.n_dms} DMs, {self.n_states} states, {form}>")


# ====================================================================== codes
def _codes_patterns(codes: np.ndarray, n_options: int) -> list:
    bits = (codes[:, None] >> np.arange(n_options)) & 1
    table = np.array(["N", "Y"])[bits]
    return ["".join(row) for row in table]


# ====================================================================== builders
def feasible_codes(n_options: int, infeasible=(), exclusive=(), required=(), allowed=None) -> np.ndarray:
    """Codes of the feasible states, increasing.

    Parameters
    ----------
    n_options : int
    infeasible : iterable of (care mask, bits)
        A state is infeasible when ``code & care == bits`` for one of them.
    exclusive : iterable of sequences of option indices
        At most one option of each group may be Y.
    required : iterable of sequences of option indices
        At least one option of each group must be Y.
    allowed : iterable of (care mask, bits), optional
        When given, a state must also match one of these.
    """
    if n_options > MAX_OPTIONS:
        raise InvalidGameError(f"{n_options} options: at most {MAX_OPTIONS} are supported")
    codes = np.arange(1 << n_options, dtype=np.int64)
    keep = np.ones(codes.shape, dtype=bool)
    for care, bits in infeasible:
        keep &= (codes & care) != bits
    for group in exclusive:
        mask = sum(1 << k for k in group)
        sub = codes & mask
        keep &= (sub & (sub - 1)) == 0  # at most one bit set
    for group in required:
        mask = sum(1 << k for k in group)
        keep &= (codes & mask) != 0
    if allowed is not None:
        ok = np.zeros(codes.shape, dtype=bool)
        for care, bits in allowed:
            ok |= (codes & care) == bits
        keep &= ok
    return codes[keep]


def option_moves(codes: np.ndarray, masks: Sequence[int], forward_only: int, back_only: int):
    """Each DM's move matrix in option form, vectorised.

    For DM ``i`` with option mask ``m``, every state is combined with every
    setting ``v`` of the DM's options (``code & ~m | v``); a target exists when
    that code is feasible and the change respects the permitted directions
    (options in ``forward_only`` never go Y->N, those in ``back_only`` never N->Y).
    The ``(states, settings)`` table is built at once and read row by row, so the
    CSR arrays come out grouped by row without sorting.
    """
    from scipy import sparse

    n = len(codes)
    out = []
    for mask in masks:
        bits = [k for k in range(63) if (mask >> k) & 1]
        settings = np.zeros(1 << len(bits), dtype=np.int64)
        for j, k in enumerate(bits):
            settings |= ((np.arange(1 << len(bits)) >> j) & 1) << k
        target = (codes & ~mask)[:, None] | settings[None, :]      # (n, 2**k_i)
        pos = np.minimum(np.searchsorted(codes, target), n - 1)
        ok = (codes[pos] == target) & (target != codes[:, None])
        changed = codes[:, None] ^ target
        ok &= ((changed & target) & back_only) == 0                 # N->Y on a back-only option
        ok &= ((changed & codes[:, None]) & forward_only) == 0     # Y->N on a forward-only option
        counts = ok.sum(axis=1)
        indptr = np.concatenate([[0], np.cumsum(counts)])
        index_dtype = np.int32 if n < 2 ** 31 else np.int64
        indices = pos[ok].astype(index_dtype)
        mat = sparse.csr_matrix((np.ones(len(indices), dtype=bool), indices, indptr.astype(index_dtype)),
                                shape=(n, n))
        mat.sort_indices()
        out.append(mat)
    return out


def _check_name(name, what: str, where: str) -> str:
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise InvalidGameError(f"{where}: {what} name {name!r} must be an identifier "
                               f"(letters, digits, '_' and '.', not starting with a digit)")
    return name


def _check_options(dms: tuple, options: tuple) -> list:
    """The option names, after checking the DMs and options of an option-form conflict."""
    if len(set(dms)) != len(dms):
        raise InvalidGameError("decision maker names must be unique")
    if not dms:
        raise InvalidGameError("a conflict needs at least one decision maker")
    names = [o.name for o in options]
    for k, o in enumerate(options):
        _check_name(o.name, "option", f"options[{k}]")
        if o.direction not in DIRECTIONS:
            raise InvalidGameError(f"options[{k}]: direction {o.direction!r}; expected one of {', '.join(DIRECTIONS)}")
        if not (0 <= o.dm < len(dms)):
            raise InvalidGameError(f"options[{k}]: option {o.name!r} is controlled by no decision maker")
    if len(set(names)) != len(names):
        raise InvalidGameError("option names must be unique")
    if not options:
        raise InvalidGameError("an option-form conflict needs at least one option")
    return names


def _labelled(patterns: list, state_labels: Mapping[str, str] | None) -> list:
    """State labels: the patterns, with the given ones replaced."""
    labels = list(patterns)
    for pat, lab in (state_labels or {}).items():
        try:
            k = patterns.index(pat)
        except ValueError:
            raise InvalidGameError(f"state_labels: {pat!r} is not a feasible state") from None
        labels[k] = lab
    if len(set(labels)) != len(labels):
        raise InvalidGameError("state labels must be unique")
    return labels


def from_options(decision_makers: Sequence[str], options: Sequence[Option], *,
                 infeasible: Sequence[str] = (), exclusive: Sequence[Sequence] = (),
                 at_least_one: Sequence[Sequence] = (), feasible: Sequence[str] | None = None,
                 ranks=None, preferences=None,
                 state_labels: Mapping[str, str] | None = None, title: str = "",
                 description: str = "", metadata: dict | None = None) -> Conflict:
    """Build a conflict in option form.

    Parameters
    ----------
    decision_makers : sequence of str
    options : sequence of Option
        In file order; ``Option.dm`` indexes ``decision_makers``.
    infeasible : sequence of str
        Patterns with one ``Y``, ``N`` or ``-`` (either) per option; matching
        states are removed.
    exclusive : sequence of sequences of option names or indices
        Mutually exclusive options (at most one is Y).
    at_least_one : sequence of sequences of option names or indices
        At least one of each group is Y.
    feasible : sequence of str, optional
        Patterns of the only states that can occur (the rules above still apply).
    ranks : array (n_dms, n_states), optional
        Ranks over the feasible states in code order.
    preferences : mapping DM -> list of statements, optional
        Option prioritisation (:func:`gametheory.conflict.preferences.prioritise`);
        used for DMs not covered by ``ranks``.
    state_labels : mapping pattern -> label, optional
    """
    dms = tuple(decision_makers)
    options = tuple(options)
    names = _check_options(dms, options)
    n_opt = len(options)

    def idx(o, where):
        if isinstance(o, (int, np.integer)):
            if 0 <= o < n_opt:
                return int(o)
        elif o in names:
            return names.index(o)
        raise InvalidGameError(f"{where}: unknown option {o!r}")

    inf = [pattern_mask(p, n_opt, f"infeasible[{k}]") for k, p in enumerate(infeasible)]
    exc = [[idx(o, f"exclusive[{k}]") for o in g] for k, g in enumerate(exclusive)]
    req = [[idx(o, f"at_least_one[{k}]") for o in g] for k, g in enumerate(at_least_one)]
    allowed = None if feasible is None else [pattern_mask(p, n_opt, f"feasible[{k}]")
                                             for k, p in enumerate(feasible)]
    codes = feasible_codes(n_opt, inf, exc, req, allowed)
    if len(codes) == 0:
        raise InvalidGameError("no feasible state: the infeasibility rules remove every state")
    masks = [sum(1 << k for k, o in enumerate(options) if o.dm == i) for i in range(len(dms))]
    forward_only = sum(1 << k for k, o in enumerate(options) if o.direction == "forward")
    back_only = sum(1 << k for k, o in enumerate(options) if o.direction == "back")
    moves = option_moves(codes, masks, forward_only, back_only)
    components = np.stack([codes & m for m in masks])
    patterns = _codes_patterns(codes, n_opt)
    labels = _labelled(patterns, state_labels)
    conflict = Conflict(dms, tuple(labels), moves, np.zeros((len(dms), len(codes)), np.int64),
                        options, codes, components, title, description, {}, dict(metadata or {}))
    conflict.metadata["product_moves"] = True   # moves as option_moves builds them (coalitions.py)
    if ranks is not None:
        ranks = np.asarray(ranks, dtype=np.int64)
        if ranks.shape != (len(dms), len(codes)):
            raise InvalidGameError(f"ranks must have shape {(len(dms), len(codes))} (DMs, feasible states), "
                                   f"got {ranks.shape}")
        conflict.ranks = ranks.copy()
    if preferences:
        from .preferences import prioritise
        for dm, stmts in preferences.items():
            i = conflict.dm(dm)
            conflict.ranks[i] = prioritise(conflict, stmts)
            conflict.statements[dms[i]] = list(stmts)
    return conflict


def from_graph(decision_makers: Sequence[str], states: Sequence[str], moves: Mapping,
               ranks, *, title: str = "", description: str = "",
               metadata: dict | None = None) -> Conflict:
    """Build a conflict in graph form.

    Parameters
    ----------
    decision_makers : sequence of str
    states : sequence of str
        State labels.
    moves : mapping DM -> iterable of (from, to)
        States by label or index.
    ranks : array (n_dms, n_states) or mapping DM -> ranking
        Integer ranks (larger = more preferred) or, per DM, a ranking list most
        preferred first with ties as sub-lists (see
        :func:`gametheory.conflict.preferences.ranks_from_ranking`).
    """
    from scipy import sparse

    dms = tuple(decision_makers)
    states = tuple(states)
    if len(set(states)) != len(states):
        raise InvalidGameError("state labels must be unique")
    if len(set(dms)) != len(dms):
        raise InvalidGameError("decision maker names must be unique")
    n = len(states)
    conflict = Conflict(dms, states, [], np.zeros((len(dms), n), np.int64), title=title,
                        description=description, metadata=dict(metadata or {}))
    mats = []
    for i, dm in enumerate(dms):
        pairs = moves.get(dm, ())
        rows, cols = [], []
        for k, (a, b) in enumerate(pairs):
            try:
                s, t = conflict.state(a), conflict.state(b)
            except KeyError as exc:
                raise InvalidGameError(f"moves of {dm!r}[{k}]: {exc.args[0]}") from None
            if s == t:
                raise InvalidGameError(f"moves of {dm!r}[{k}]: a move must change the state ({a!r} to itself)")
            rows.append(s)
            cols.append(t)
        mat = sparse.csr_matrix((np.ones(len(rows), bool), (rows, cols)), shape=(n, n))
        mat.sum_duplicates()
        mat.data[:] = True
        mats.append(mat)
    unknown = set(moves) - set(dms)
    if unknown:
        raise InvalidGameError(f"moves given for unknown decision makers: {', '.join(map(str, sorted(unknown)))}")
    conflict.moves = mats
    if isinstance(ranks, Mapping):
        from .preferences import ranks_from_ranking
        for dm, ranking in ranks.items():
            conflict.ranks[conflict.dm(dm)] = ranks_from_ranking(conflict, ranking, where=f"ranking of {dm}")
    else:
        r = np.asarray(ranks, dtype=np.int64)
        if r.shape != (len(dms), n):
            raise InvalidGameError(f"ranks must have shape {(len(dms), n)}, got {r.shape}")
        conflict.ranks = r.copy()
    return conflict


def from_normal_form(game, params: Mapping | None = None) -> Conflict:
    """The graph model of a normal-form game: states are pure profiles, a DM moves
    by changing its own strategy, ranks order its payoffs (equal payoffs tie).

    Parameters
    ----------
    game : NormalFormGame
        Symbolic games are evaluated at ``params`` (defaults from the file).

    Notes
    -----
    States are numbered in mixed radix with player 0 varying fastest, so the
    code ``sum_i s_i * stride_i`` plays the role of the option-form code.
    """
    from scipy import sparse

    if game.is_symbolic:
        game = game.substitute(**dict(params or {}))
    shape = game.shape
    n_players = len(shape)
    strides = np.cumprod((1,) + tuple(shape[:-1])).astype(np.int64)
    n = int(np.prod(shape))
    codes = np.arange(n, dtype=np.int64)
    # profile index of each code (player 0 fastest)
    prof = np.stack([(codes // strides[i]) % shape[i] for i in range(n_players)])
    components = prof * strides[:, None]
    pay = game.numeric_payoffs(exact=game.is_exact)
    ranks = np.zeros((n_players, n), np.int64)
    for i in range(n_players):
        values = np.asarray(pay[i]).ravel(order="F")  # player 0 varies fastest, as the codes
        ranks[i] = np.unique(values, return_inverse=True)[1].ravel()
    mats = []
    for i in range(n_players):
        row_parts, col_parts = [], []
        base = codes - components[i]
        for a in range(shape[i]):
            target = base + a * strides[i]
            ok = target != codes
            row_parts.append(codes[ok])
            col_parts.append(target[ok])
        rows = np.concatenate(row_parts)
        cols = np.concatenate(col_parts)
        mats.append(sparse.csr_matrix((np.ones(len(rows), bool), (rows, cols)), shape=(n, n)))
    labels = tuple("(" + ", ".join(game.strategies[i][prof[i, c]] for i in range(n_players)) + ")"
                   for c in range(n))
    return Conflict(tuple(game.players), labels, mats, ranks, (), codes, components,
                    getattr(game, "title", ""), "", {}, {"from_game": True, "product_moves": True})


def product_states(conflict: Conflict):
    """Raise unless the conflict is product-shaped (has components)."""
    if conflict.components is None:
        from ..exceptions import UnsupportedGameError
        raise UnsupportedGameError(
            "simultaneous moves need an option-form conflict (or one converted from a normal "
            "form): in graph form nothing says which state two DMs' moves lead to together")
    return conflict.codes, conflict.components


__all__ = [
    "DIRECTIONS",
    "Conflict",
    "Option",
    "code_pattern",
    "feasible_codes",
    "from_graph",
    "from_normal_form",
    "from_options",
    "pattern_code",
    "pattern_mask",
]
