"""Stability concepts of the graph model, on sparse matrices.

For a DM ``i`` and a state ``s`` (Fang, Hipel & Kilgour 1993; Kilgour &
Hipel 2005), with ``R_i(s)`` the states ``i`` can reach in one move,
``R_i^+(s)`` its *unilateral improvements* (UIs: reachable and strictly preferred
by ``i``) and ``u <=_i s`` meaning ``i`` does not prefer ``u`` to ``s``:

* **Nash**: ``R_i^+(s)`` is empty.
* **GMR**: every UI ``t`` is *sanctioned*: some ``u`` in ``R_{N-i}(t)`` has
  ``u <=_i s``.
* **SMR**: every UI ``t`` has a sanction ``u`` in ``R_{N-i}(t)`` with
  ``u <=_i s`` from which ``i`` cannot escape: every ``v`` in ``R_i(u)`` has
  ``v <=_i s``.
* **SEQ**: every UI ``t`` has a *credible* sanction: ``u`` in ``R^+_{N-i}(t)``
  (reached by opponents' improvements only) with ``u <=_i s``.
* **SIM**: every UI ``t`` is sanctioned by a simultaneous move: opponents each
  make at most one UI *from s* at the same time as ``i`` moves, and the joint
  state (each DM's options as in its own target) is feasible and ``<=_i s``.
  This is the reading implemented for any number of DMs (it is Fang et al.'s
  two-DM definition with "the opponent" replaced by "any set of opponents, each
  moving at most once, simultaneously"); SIM needs a product-shaped conflict
  (option form, or a converted normal form).
* **SEQ+SIM**: SEQ and SIM both.
* **L_h** (limited move, horizon ``h``; Kilgour 1985, Zagare 1984 for two DMs):
  ``G_i^h(s)``, the state where play ends when ``i`` is to move at ``s`` with
  ``h`` moves left, is ``s`` for ``h = 0``; otherwise ``i`` moves to the
  ``t`` in ``R_i(s)`` whose anticipated end it prefers most, provided it prefers
  that end to ``s``, and stays otherwise.  With two DMs the anticipated end is
  ``G_j^{h-1}(t)`` for the opponent ``j``; with more (our generalisation, stated in
  ``docs/explanation/conflict-stability.md``) any other DM may answer and ``i``
  expects the end it likes least among the ``G_j^{h-1}(t)``, ``j != i`` (the first
  such ``j`` on ties).  ``s`` is L_h stable for ``i`` when ``i`` stays.  Ties
  between equally preferred ends are resolved towards the lowest-numbered target.
* **Non-myopic (NM)**: stable under L_h for every large enough horizon.  The tuple
  ``(G_1^h, ..., G_n^h)`` depends only on the previous one, so the sequence is
  eventually periodic; NM stability is stability at every horizon of the period.
* **Partial preferences** (Li, Hipel, Kilgour & Fang 2004): :func:`extended`
  computes ``nash:a`` ... ``seq:d``.

``R_{N-i}(t)`` (and ``R^+_{N-i}``) is the set of states the other DMs reach from
``t`` by a **legal sequence**: one or more moves, each by a DM of ``N-i``, no DM
moving twice in a row, but a DM may move again later in the chain (the textbook
rule; Fang, Hipel & Kilgour 1993; Kilgour & Hipel 2005).  For two DMs this is
one move of the opponent.

Representation and cost
-----------------------
Every DM's moves are a CSR matrix (Xu, Hipel, Kilgour & Fang 2018 represent the
concepts with reachability and preference matrices, ``M^+_i = J_i o P^+_i`` and
``M_{N-i}`` from iterated products of the ``J_j``).  Materialising
``M_{N-i}`` is quadratic in the states (every combination of the opponents'
options is reachable), so the implementation propagates instead the *value* the
condition needs: for GMR, ``min_{u in R_{N-i}(t)} rank_i(u)`` for every ``t``,
computed by a Bellman-Ford style fixed point over the sparse move matrices with
one vector per last mover (so a DM never moves twice in a row); SMR propagates
``max(rank_i(u), max_{v in R_i(u)} rank_i(v))`` and SEQ the same minimum over the
opponents' improvement matrices.  Each sweep costs ``O(nnz)``, and the number
of sweeps is bounded by the length of the longest useful chain (in option form,
at most a few).  Memory stays linear in the number of moves.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .model import Conflict

from ..exceptions import InvalidGameError, SolverError, UnsupportedGameError

#: Concept names accepted by :func:`stable` and the CLI (``lh:H`` for a horizon).
CONCEPTS = ("nash", "gmr", "smr", "seq", "sim", "seqsim", "lh", "nm")

#: The concepts of ``--concept all`` (L_h with this horizon).
ALL_CONCEPTS = ("nash", "gmr", "smr", "seq", "sim", "seqsim")

#: The concepts extended to partial preferences (Li, Hipel, Kilgour & Fang 2004) and
#: their four extensions: ``gmr:a`` ... ``gmr:d``.
EXTENDED = ("nash", "gmr", "smr", "seq")
EXTENSIONS = ("a", "b", "c", "d")

#: What ``--concept all`` means when some preferences are partial.
ALL_EXTENDED = tuple(f"{c}:{e}" for c in EXTENDED for e in EXTENSIONS)

_INF = np.iinfo(np.int64).max


# ====================================================================== arcs
class Arcs:
    """One DM's moves as CSR arrays: ``indptr``, ``indices`` and the row of each arc."""

    __slots__ = ("indices", "indptr", "n", "rows")

    def __init__(self, indptr, indices, n):
        self.indptr = np.asarray(indptr, dtype=np.int64)
        self.indices = np.asarray(indices, dtype=np.int64)
        self.n = n
        self.rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(self.indptr))

    @classmethod
    def of(cls, mat):
        mat = mat.tocsr()
        mat.sort_indices()
        return cls(mat.indptr, mat.indices, mat.shape[0])

    def filter(self, keep: np.ndarray) -> Arcs:
        counts = np.bincount(self.rows[keep], minlength=self.n)
        indptr = np.concatenate([[0], np.cumsum(counts)])
        return Arcs(indptr, self.indices[keep], self.n)

    def reduce(self, arc_values: np.ndarray, ufunc, fill) -> np.ndarray:
        """``ufunc.reduce`` of per-arc values over each row (``fill`` where no move)."""
        out = np.full(self.n, fill, dtype=arc_values.dtype)
        if self.indices.size:
            starts = self.indptr[:-1]
            nonempty = np.diff(self.indptr) > 0
            out[nonempty] = ufunc.reduceat(arc_values, starts[nonempty])
        return out

    def row_min(self, values: np.ndarray, fill=_INF) -> np.ndarray:
        """``min(values[t] for t in R(s))`` per state ``s`` (``fill`` where no move)."""
        return self.reduce(values[self.indices], np.minimum, fill)

    def row_max(self, values: np.ndarray, fill) -> np.ndarray:
        """``max(values[t] for t in R(s))`` per state ``s`` (``fill`` where no move)."""
        return self.reduce(values[self.indices], np.maximum, fill)

    def any_row(self, arc_mask: np.ndarray) -> np.ndarray:
        """Per state: does some arc of its row satisfy the mask?"""
        out = np.zeros(self.n, dtype=bool)
        out[self.rows[arc_mask]] = True
        return out

    def __len__(self):
        return int(self.indices.size)


class Graph:
    """Cached arcs of a conflict: each DM's moves and unilateral improvements."""

    def __init__(self, conflict):
        self.conflict = conflict
        self.n = conflict.n_states
        self.ranks = np.asarray(conflict.ranks, dtype=np.int64)
        self.moves = [Arcs.of(m) for m in conflict.moves]
        self._ui: dict = {}
        self.uncertain_keys: tuple = ()

    def ui(self, i: int) -> Arcs:
        """DM ``i``'s unilateral improvements ``R_i^+`` (moves to states it surely prefers)."""
        if i not in self._ui:
            a = self.moves[i]
            r = self.ranks[i]
            better = r[a.indices] > r[a.rows]
            if self.conflict.is_partial:
                better &= ~self.conflict.is_uncertain(i, a.rows, a.indices)
            self._ui[i] = a.filter(better)
        return self._ui[i]

    def uui(self, i: int) -> Arcs:
        """DM ``i``'s improvements or moves of uncertain preference, ``R_i^{+,U}``
        (Li, Hipel, Kilgour & Fang 2004); the UIs when its preferences are complete."""
        if not self.conflict.is_partial:
            return self.ui(i)
        key = ("uui", i)
        if key not in self._ui:
            a = self.moves[i]
            r = self.ranks[i]
            unc = self.conflict.is_uncertain(i, a.rows, a.indices)
            self._ui[key] = a.filter(((r[a.indices] > r[a.rows]) & ~unc) | unc)
        return self._ui[key]


def graph(conflict) -> Graph:
    """The cached :class:`Graph` of a conflict (rebuilt if its ranks changed)."""
    g = conflict.metadata.get("_graph")
    if g is None or g.conflict is not conflict or not np.array_equal(g.ranks, conflict.ranks) \
            or g.uncertain_keys != _uncertain_signature(conflict):
        g = Graph(conflict)
        g.uncertain_keys = _uncertain_signature(conflict)
        conflict.metadata["_graph"] = g
    return g


def _uncertain_signature(conflict) -> tuple:
    return tuple((d, np.asarray(p).tobytes()) for d, p in sorted(conflict.uncertain.items()))


# ====================================================================== propagation
def opponent_min(arcs_by_dm: list, values: np.ndarray, max_sweeps: int | None = None) -> np.ndarray:
    """``min(values[u])`` over the states ``u`` reachable from each state by a legal
    sequence (one or more moves, no DM twice in a row) of the given DMs' arcs.

    Parameters
    ----------
    arcs_by_dm : list of Arcs
        The movers' arcs (moves, or improvements for SEQ).
    values : int64 array

    Returns
    -------
    int64 array, ``iinfo(int64).max`` where no move is possible.
    """
    k = len(arcs_by_dm)
    n = values.shape[0]
    if k == 0:
        return np.full(n, _INF, dtype=np.int64)
    # g[j][t]: min value reachable from t by a legal sequence whose first mover is j
    g = np.full((k, n), _INF, dtype=np.int64)
    sweeps = 0
    # after m sweeps every chain of at most m moves is accounted for; a chain longer than
    # k * n repeats a (state, last mover) pair, so k * n sweeps suffice
    limit = max_sweeps if max_sweeps is not None else k * n + 2
    while True:
        sweeps += 1
        if k == 1:
            others = np.full((1, n), _INF, dtype=np.int64)
        else:
            first = g.argmin(axis=0)
            m1 = g[first, np.arange(n)]
            g2 = g.copy()
            g2[first, np.arange(n)] = _INF
            m2 = g2.min(axis=0)
            others = np.where(np.arange(k)[:, None] == first[None, :], m2[None, :], m1[None, :])
        changed = False
        for j, arcs in enumerate(arcs_by_dm):
            h = np.minimum(values, others[j])  # stop at t' or let another DM continue
            new = arcs.row_min(h)
            better = new < g[j]
            if better.any():
                g[j] = np.minimum(g[j], new)
                changed = True
        if not changed or k == 1:
            break
        if sweeps > limit:  # cannot happen: values only decrease, finitely often
            raise SolverError("opponent reachability did not converge")
    return g.min(axis=0)


def _check_dm(conflict, dm) -> int:
    return conflict.dm(dm)


# ====================================================================== concepts
def nash(conflict, dm) -> np.ndarray:
    """Nash (rational) stability of every state for ``dm``: no unilateral improvement."""
    g = graph(conflict)
    i = _check_dm(conflict, dm)
    return np.diff(g.ui(i).indptr) == 0


def _sanctioned(conflict, i: int, reach_value: np.ndarray) -> np.ndarray:
    """Stable where every UI ``t`` of ``i`` has ``reach_value[t] <= rank_i(s)``."""
    g = graph(conflict)
    ui = g.ui(i)
    r = g.ranks[i]
    unsanctioned = reach_value[ui.indices] > r[ui.rows]
    return ~ui.any_row(unsanctioned)


def gmr(conflict, dm) -> np.ndarray:
    """General metarationality of every state for ``dm`` (Howard 1971; Fang et al. 1993)."""
    g = graph(conflict)
    i = _check_dm(conflict, dm)
    opp = [g.moves[j] for j in range(conflict.n_dms) if j != i]
    return _sanctioned(conflict, i, opponent_min(opp, g.ranks[i]))


def smr(conflict, dm) -> np.ndarray:
    """Symmetric metarationality: the sanction leaves ``dm`` no escape (Howard 1971)."""
    g = graph(conflict)
    i = _check_dm(conflict, dm)
    r = g.ranks[i]
    best_escape = np.maximum(r, g.moves[i].row_max(r, fill=np.iinfo(np.int64).min))
    opp = [g.moves[j] for j in range(conflict.n_dms) if j != i]
    return _sanctioned(conflict, i, opponent_min(opp, best_escape))


def seq(conflict, dm) -> np.ndarray:
    """Sequential stability: sanctions by the opponents' own improvements (Fraser & Hipel 1979)."""
    g = graph(conflict)
    i = _check_dm(conflict, dm)
    opp = [g.ui(j) for j in range(conflict.n_dms) if j != i]
    return _sanctioned(conflict, i, opponent_min(opp, g.ranks[i]))


# ====================================================================== partial preferences
def _gather(arcs: Arcs, rows: np.ndarray) -> np.ndarray:
    """The targets of every arc leaving the given rows."""
    starts = arcs.indptr[rows]
    counts = arcs.indptr[rows + 1] - starts
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return arcs.indices[np.repeat(starts, counts) + offset]


def reach_set(arcs_by_dm: list, start: int, n: int) -> np.ndarray:
    """Boolean mask of the states reachable from ``start`` by a legal sequence (one or
    more moves, no DM twice in a row) of the given arcs: a breadth-first search over
    (state, last mover)."""
    k = len(arcs_by_dm)
    seen = np.zeros((k, n), dtype=bool)
    frontier = [np.zeros(0, dtype=np.int64) for _ in range(k)]
    first = True
    while first or any(len(f) for f in frontier):
        new = []
        for j, arcs in enumerate(arcs_by_dm):
            if first:
                src = np.array([start], dtype=np.int64)
            else:
                src = np.unique(np.concatenate([frontier[m] for m in range(k) if m != j] or
                                               [np.zeros(0, dtype=np.int64)]))
            tgt = np.unique(_gather(arcs, src)) if len(src) else np.zeros(0, dtype=np.int64)
            tgt = tgt[~seen[j, tgt]]
            seen[j, tgt] = True
            new.append(tgt)
        frontier = new
        first = False
    return np.asarray(seen.any(axis=0))


def extended(conflict, dm, concept: str, extension: str) -> np.ndarray:
    """Nash, GMR, SMR or SEQ stability of every state for ``dm`` with partial
    preferences, in one of the four extensions of Li, Hipel, Kilgour & Fang (2004):

    * ``a``: ``dm`` moves to its improvements *and* to states of uncertain preference
      (``R^{+,U}``); a sanction must be a state it surely does not prefer to ``s``
      (less or equally preferred, not uncertain);
    * ``b``: moves as in ``a``; a state of uncertain preference also deters;
    * ``c``: ``dm`` moves only to sure improvements; sanctions as in ``a``;
    * ``d``: moves as in ``c``; sanctions as in ``b``.

    In SEQ an opponent's sanctioning move is credible when it is an improvement or of
    uncertain preference for that opponent.  With complete preferences every
    extension is the plain concept.  States without an uncertain pair of ``dm`` take
    the sparse path of the plain concepts; each state with one is checked exactly
    (one search of the opponents' reachable states per move), so the cost grows with
    the number of states that some uncertain pair touches.
    """
    if concept not in EXTENDED or extension not in EXTENSIONS:
        raise InvalidGameError(f"unknown extended concept {concept}:{extension}")
    g = graph(conflict)
    i = _check_dm(conflict, dm)
    moving = g.uui(i) if extension in "ab" else g.ui(i)
    if concept == "nash":
        return np.diff(moving.indptr) == 0
    r = g.ranks[i]
    opp = [(g.uui(j) if concept == "seq" else g.moves[j]) for j in range(conflict.n_dms) if j != i]
    values = r
    if concept == "smr":
        values = np.maximum(r, g.moves[i].row_max(r, fill=np.iinfo(np.int64).min))
    reach_min = opponent_min(opp, values)
    ok = ~moving.any_row(reach_min[moving.indices] > r[moving.rows])
    pairs = conflict.uncertain.get(conflict.decision_makers[i])
    if pairs is None or not len(pairs):
        return ok
    loose = extension in "bd"
    for s in np.unique(np.asarray(pairs)).tolist():
        ok[s] = _exact_check(conflict, g, i, s, moving, opp, concept, loose)
    return ok


def _exact_check(conflict, g, i: int, s: int, moving: Arcs, opp: list, concept: str, loose: bool) -> bool:
    n = conflict.n_states
    r = g.ranks[i]
    everything = np.arange(n, dtype=np.int64)
    unc = conflict.is_uncertain(i, np.full(n, s), everything)
    deters = ((r <= r[s]) & ~unc) | (unc & loose)   # u deters: i does not (or may not) prefer u to s
    if concept == "smr":
        mine = g.moves[i]
        deters &= ~mine.any_row(~deters[mine.indices])  # and every escape from u deters too
    for t in moving.indices[moving.indptr[s]:moving.indptr[s + 1]].tolist():
        if not opp or not (reach_set(opp, t, n) & deters).any():
            return False
    return True


def _row_pairs(rows_a: np.ndarray, rows_b: np.ndarray, n: int):
    """All pairs (a, b) of entries with the same row; both row arrays sorted."""
    cb = np.bincount(rows_b, minlength=n)
    start_b = np.concatenate([[0], np.cumsum(cb)[:-1]])
    rep = cb[rows_a]
    total = int(rep.sum())
    a_idx = np.repeat(np.arange(len(rows_a)), rep)
    first = np.cumsum(rep) - rep
    offset = np.arange(total) - np.repeat(first, rep)
    b_idx = start_b[rows_a[a_idx]] + offset
    return a_idx, b_idx


def simultaneous_responses(conflict, i: int):
    """Per state ``s``, the opponents' joint component sums after simultaneous UIs
    from ``s`` (each opponent at most one, any subset): ``(rows, values)`` sorted by row."""
    from .model import product_states
    codes, comp = product_states(conflict)
    g = graph(conflict)
    n = conflict.n_states
    rows = np.arange(n, dtype=np.int64)
    vals = codes - comp[i]
    for j in range(conflict.n_dms):
        if j == i:
            continue
        ui = g.ui(j)
        if not len(ui):
            continue
        a, b = _row_pairs(rows, ui.rows, n)
        s = rows[a]
        new_vals = vals[a] - comp[j][s] + comp[j][ui.indices[b]]
        rows = np.concatenate([rows, s])
        vals = np.concatenate([vals, new_vals])
        order = np.argsort(rows, kind="stable")
        rows, vals = rows[order], vals[order]
    return rows, vals


def sim(conflict, dm) -> np.ndarray:
    """Simultaneous stability (Fang, Hipel & Kilgour 1993), for any number of DMs
    in the reading stated in the module docstring."""
    from .model import product_states
    codes, comp = product_states(conflict)
    g = graph(conflict)
    i = _check_dm(conflict, dm)
    ui = g.ui(i)
    if not len(ui):
        return np.ones(conflict.n_states, dtype=bool)
    rows, vals = simultaneous_responses(conflict, i)
    a, b = _row_pairs(ui.rows, rows, conflict.n_states)
    joint = comp[i][ui.indices[a]] + vals[b]
    pos = np.minimum(np.searchsorted(codes, joint), len(codes) - 1)
    feasible = codes[pos] == joint
    r = g.ranks[i]
    sanction = feasible & (r[pos] <= r[ui.rows[a]])
    arc_ok = np.zeros(len(ui), dtype=bool)
    arc_ok[a[sanction]] = True
    return ~ui.any_row(~arc_ok)


def seqsim(conflict, dm) -> np.ndarray:
    """SEQ+SIM: sequentially and simultaneously stable."""
    return seq(conflict, dm) & sim(conflict, dm)


def anticipated(conflict, horizon: int) -> np.ndarray:
    """``G[i, s]`` of L_h (see the module docstring): the anticipated final state
    when DM ``i`` is to move at ``s`` with ``horizon`` moves left (any number of DMs)."""
    conflict.require_known("limited-move stability")
    conflict.require_total("limited-move stability")
    if horizon < 0:
        raise InvalidGameError(f"the horizon must be at least 0, got {horizon}")
    G = np.tile(np.arange(conflict.n_states, dtype=np.int64), (conflict.n_dms, 1))
    for _ in range(horizon):
        G = _lh_step(conflict, G)
    return G


def _lh_step(conflict, G: np.ndarray) -> np.ndarray:
    """One more move of look-ahead: ``G^h`` from ``G^(h-1)`` (rows: the DM to move)."""
    g = graph(conflict)
    k = conflict.n_dms
    n = conflict.n_states
    out = np.empty_like(G)
    for i in range(k):
        a = g.moves[i]
        r = g.ranks[i]
        others = [j for j in range(k) if j != i]
        if not others:  # a lone DM: nobody answers, the move ends play
            ends = a.indices.copy()
        else:
            # the next mover is any other DM: i expects the end it likes least (first such DM)
            cand = G[others][:, a.indices]               # (k-1, arcs)
            worst = np.argmin(r[cand], axis=0)
            ends = cand[worst, np.arange(cand.shape[1])]
        value = r[ends]
        # best value per row, ties to the lowest target (indices are sorted per row)
        best = a.reduce(value, np.maximum, np.iinfo(np.int64).min)
        is_best = value == best[a.rows]
        # first arc of each row achieving the best value
        first_best = np.full(n, -1, dtype=np.int64)
        idx = np.nonzero(is_best)[0][::-1]
        first_best[a.rows[idx]] = idx
        moves = (best > r) & (first_best >= 0)
        res = np.arange(n, dtype=np.int64)
        res[moves] = ends[first_best[moves]]
        out[i] = res
    return out


def lh(conflict, dm, horizon: int) -> np.ndarray:
    """Limited-move stability L_h for ``dm`` (Kilgour 1985; n DMs as in the module docstring)."""
    i = _check_dm(conflict, dm)
    G = anticipated(conflict, horizon)
    return G[i] == np.arange(conflict.n_states)


def nm(conflict, dm, max_horizon: int | None = None) -> np.ndarray:
    """Non-myopic stability for ``dm`` (Brams & Wittman 1981, Kilgour 1985):
    L_h stability at every horizon of the eventual period of ``h -> G^h``."""
    i = _check_dm(conflict, dm)
    return _nm_all(conflict, max_horizon)[i]


def _nm_all(conflict, max_horizon: int | None = None) -> np.ndarray:
    conflict.require_known("non-myopic stability")
    conflict.require_total("non-myopic stability")
    n = conflict.n_states
    k = conflict.n_dms
    limit = max_horizon if max_horizon is not None else 4 * n + 16
    G = np.tile(np.arange(n, dtype=np.int64), (k, 1))
    seen = {G.tobytes(): 0}
    history = [G]
    for h in range(1, limit + 1):
        G = _lh_step(conflict, G)
        key = G.tobytes()
        if key in seen:
            period = history[seen[key]:]
            stable = np.ones((k, n), dtype=bool)
            for Gh in period:
                stable &= Gh == np.arange(n)[None, :]
            return stable
        seen[key] = h
        history.append(G)
    raise SolverError(f"non-myopic stability: the limited-move outcomes did not repeat within "
                      f"{limit} horizons")


# ====================================================================== front door
def parse_concept(text: str) -> tuple[str, int | str | None]:
    """``"gmr"`` -> ("gmr", None); ``"lh:3"`` -> ("lh", 3); ``"gmr:a"`` -> ("gmr", "a")
    (an extension for partial preferences)."""
    name, _, arg = str(text).strip().lower().partition(":")
    if name not in CONCEPTS:
        raise InvalidGameError(f"unknown stability concept {text!r}; expected one of "
                               f"nash, gmr, smr, seq, sim, seqsim, lh:H, nm, all "
                               f"(nash, gmr, smr and seq also as nash:a ... nash:d)")
    if name == "lh":
        if not arg.isdigit():
            raise InvalidGameError(f"concept {text!r}: give the horizon as lh:H with H a whole number")
        return name, int(arg)
    if arg and name in EXTENDED:
        if arg not in EXTENSIONS:
            raise InvalidGameError(f"concept {text!r}: the extensions for partial preferences are "
                                   f"{', '.join(EXTENSIONS)}")
        return name, arg
    if arg:
        raise InvalidGameError(f"concept {text!r}: only lh (a horizon) and nash, gmr, smr, seq "
                               f"(an extension a, b, c or d) take an argument")
    return name, None


def concept_key(name: str, arg: int | str | None) -> str:
    return name if arg is None else f"{name}:{arg}"


def defined(conflict, concept: str) -> np.ndarray:
    """Per DM: can its stability under ``concept`` be computed from the known preferences?

    Nash, GMR and SMR for DM ``i`` use only ``i``'s own preferences (the opponents'
    moves, not their wishes, make a sanction); SEQ, SIM and SEQ+SIM also use every
    opponent's (to know which moves are their improvements); L_h and NM use both
    DMs'.  A DM with unknown preferences has no defined stability."""
    name, _ = parse_concept(concept)
    known = conflict.known()
    if name in ("nash", "gmr", "smr"):
        return known
    return known & bool(known.all())


def stable(conflict, concept: str) -> np.ndarray:
    """``(n_dms, n_states)`` booleans: is each state stable for each DM under ``concept``?

    Rows of DMs whose stability is not :func:`defined` (unknown preferences) are False."""
    ok = defined(conflict, concept)
    if not ok.any():
        raise UnsupportedGameError(f"{concept} stability needs preferences that are unknown "
                                   f"({', '.join(conflict.unknown)})")
    out = _stable(conflict, concept)
    out[~ok] = False
    return out


def _stable(conflict, concept: str) -> np.ndarray:
    name, horizon = parse_concept(concept)
    if isinstance(horizon, str):
        return np.stack([extended(conflict, i, name, horizon) for i in range(conflict.n_dms)])
    conflict.require_total(f"{name} stability")
    if name == "nm":
        return _nm_all(conflict)
    if name == "lh":
        G = anticipated(conflict, int(horizon or 0))
        return G == np.arange(conflict.n_states)[None, :]
    func = {"nash": nash, "gmr": gmr, "smr": smr, "seq": seq, "sim": sim, "seqsim": seqsim}[name]
    return np.stack([func(conflict, i) for i in range(conflict.n_dms)])


def equilibria(conflict, concept: str) -> np.ndarray:
    """Indices of the states stable for every DM under ``concept`` (every DM whose
    stability is defined, when some preferences are unknown)."""
    return np.nonzero(stable(conflict, concept)[defined(conflict, concept)].all(axis=0))[0]


@dataclass(frozen=True)
class StabilityResult:
    """Stability of every state for every DM under several concepts.

    Attributes
    ----------
    conflict : Conflict
    stable : dict
        concept key -> ``(n_dms, n_states)`` boolean array.
    skipped : dict
        concept key -> why it was not computed (for example SIM in graph form).
    defined : dict
        concept key -> boolean per DM, False where the DM's stability needs unknown
        preferences (missing: all defined).  Equilibria are then the states stable
        for every DM whose stability is defined.
    """

    conflict: Conflict
    stable: dict
    skipped: dict = field(default_factory=dict)
    defined: dict = field(default_factory=dict)

    def is_defined(self, concept: str) -> np.ndarray:
        arr = self.stable[concept]
        return self.defined.get(concept, np.ones(arr.shape[0], dtype=bool))

    def equilibria(self, concept: str) -> list:
        return np.nonzero(self.stable[concept][self.is_defined(concept)].all(axis=0))[0].tolist()

    def names(self, states) -> list:
        c = self.conflict
        return [c.pattern(s) for s in states]

    def to_dict(self) -> dict:
        """The JSON layout of ``gametheory stability --format json``."""
        c = self.conflict
        out: dict = {
            "options": list(c.option_names),
            "decision_makers": list(c.decision_makers),
            "states": [{"pattern": c.pattern(s), "label": c.states[s], "index": s}
                       for s in range(c.n_states)],
            "stable": {},
            "equilibria": {},
        }
        for key, arr in self.stable.items():
            ok = self.is_defined(key)
            out["stable"][key] = {dm: self.names(np.nonzero(arr[i])[0]) for i, dm in enumerate(c.decision_makers)
                                  if ok[i]}
            out["equilibria"][key] = self.names(self.equilibria(key))
        if self.skipped:
            out["skipped"] = dict(self.skipped)
        if getattr(c, "unknown", ()):
            out["unknown_preferences"] = list(c.unknown)
        return out


def expand_concepts(concepts, all_means=ALL_CONCEPTS) -> list:
    """Concept keys in the order given, ``"all"`` replaced by ``all_means``, each once."""
    if isinstance(concepts, str):
        concepts = [concepts]
    keys: list = []
    for c in concepts:
        for name in (all_means if str(c).strip().lower() == "all" else [c]):
            key = concept_key(*parse_concept(name))
            if key not in keys:
                keys.append(key)
    return keys


def compute_concepts(concepts, compute, all_means=ALL_CONCEPTS) -> tuple[dict, dict]:
    """``({key: compute(key)}, {key: why skipped})``: a concept that does not apply
    (``compute`` raises UnsupportedGameError) is skipped with the reason, unless it
    was the only one asked for, in which case the error propagates."""
    keys = expand_concepts(concepts, all_means)
    out, skipped = {}, {}
    for key in keys:
        try:
            out[key] = compute(key)
        except UnsupportedGameError as exc:
            if len(keys) == 1:
                raise
            skipped[key] = str(exc)
    return out, skipped


def analyse(conflict, concepts=None, progress=None) -> StabilityResult:
    """Stability of every state under each concept (default: the six main ones, or the
    sixteen extended ones with partial preferences; ``"all"`` adds NM for two DMs).

    Concepts that do not apply (SIM and SEQ+SIM in graph form; with partial
    preferences, all but the extended ``nash:a`` ... ``seq:d``) are listed in ``skipped`` with the reason, unless asked
    for alone, in which case the error is raised.  ``progress``, a callable taking
    a message, hears about each concept as it starts and ends (long runs).
    """
    all_means = ALL_EXTENDED if conflict.is_partial else \
        ALL_CONCEPTS + (("nm",) if conflict.n_dms == 2 else ())
    if concepts is None:  # the six main concepts, or their extensions for partial preferences
        concepts = ALL_EXTENDED if conflict.is_partial else ALL_CONCEPTS

    def compute(key):
        if progress is None:
            return stable(conflict, key)
        progress(f"{key}: {conflict.n_states:,} states ...")
        t = time.perf_counter()
        out = stable(conflict, key)
        progress(f"{key}: done in {time.perf_counter() - t:.1f} s")
        return out

    out, skipped = compute_concepts(concepts, compute, all_means)
    return StabilityResult(conflict, out, skipped, {k: defined(conflict, k) for k in out})
