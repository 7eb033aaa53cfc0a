"""Coalition stability in the graph model.

A coalition ``H`` (a non-empty set of DMs) moves by a legal sequence of its
members' moves (no member twice in a row): ``R_H(s)``.  A **coalitional
improvement** from ``s`` is a ``t`` in ``R_H(s)`` that *every* member strictly
prefers to ``s`` (Kilgour, Hipel, Fang & Peng 2001).  Following Inohara & Hipel
(2008), for the coalition ``H`` and the others ``N-H``:

* **CNash**: ``H`` has no coalitional improvement from ``s``.
* **CGMR**: every coalitional improvement ``t`` is sanctioned: some ``u`` in
  ``R_{N-H}(t)`` that at least one member of ``H`` does not prefer to ``s``.
* **CSMR**: as CGMR, and that member ``k`` still does not prefer to ``s`` any
  state the coalition can reach from ``u`` (``R_H(u)``).
* **CSEQ**: as CGMR with the sanction reached by the others' unilateral
  improvements only (``R^+_{N-H}``).

For a singleton ``H = {i}`` these are Nash, GMR, SMR and SEQ for ``i`` (a property
test checks it).

Computation
-----------
Every condition above is "some state ``t`` of ``R_H(s)`` beats ``s`` for every
member": ``s`` is *not* stable exactly when some ``t`` in ``R_H(s)`` has, for every
member ``k``, ``W_k(t) > rank_k(s)``, where ``W_k(t) = rank_k(t)`` for CNash and
``min(rank_k(t), V_k(t))`` otherwise, ``V_k(t)`` being the least ``rank_k`` over the
sanctions ``R_{N-H}(t)`` (CGMR), over ``R^+_{N-H}(t)`` (CSEQ), or the least of
``max(rank_k(u), max rank_k over R_H(u))`` (CSMR).  (A coalitional improvement is
sanctioned when *some* member ``k`` has a sanction it does not prefer to ``s``, and
"some ``u``, some ``k``" is "some ``k``, some ``u``".)  ``V_k`` is one vector per
member, propagated over the others' sparse moves as for the individual concepts
(:func:`.stability.opponent_min`), so the sanctions never need ``R_{N-H}``.

``R_H`` itself, in a product-shaped conflict (option form, or a converted normal
form, with the moves those builders make), stays inside the *slice* of ``s``: the
states that share ``s``'s settings of the other DMs' options.  There two moves of
the same member in a row compose into one move (or none), so ``R_H(s)`` is the
transitive closure of the members' moves minus ``s`` itself.  Slices with the same
feasible local settings have the same closure, computed once (a dense
``m x m`` boolean matrix for a slice of ``m`` states, by repeated squaring; above
:data:`MAX_SLICE` states per slice the explicit method is used), and the
test above runs slice by slice in batches: time ``O(n m)`` and memory for a few
``m x m`` blocks, never an ``n x n`` matrix (``n`` states, ``m`` up to
``2**(options of H)``).  This suits coalitions that control up to about a dozen
options at a million states; a coalition of every DM has one slice of all states.
Other conflicts (graph form, or moves edited after building) build ``R_H``
explicitly as sparse arcs (:func:`reach`), for conflicts of moderate size.
"""
from __future__ import annotations

import itertools

import numpy as np

from ..exceptions import InvalidGameError
from .stability import Arcs, _row_pairs, graph, parse_concept

COALITION_CONCEPTS = ("nash", "gmr", "smr", "seq")

#: ``method="auto"`` works slice by slice up to this many states per slice (the
#: closure of a slice costs about ``m**3`` operations by repeated squaring); above
#: it, the explicit sparse reachability is cheaper.
MAX_SLICE = 2048


def _members(conflict, coalition) -> list:
    members = sorted({conflict.dm(d) for d in coalition})
    if not members:
        raise InvalidGameError("a coalition needs at least one decision maker")
    return members


def reach(conflict, movers, improving: bool = False) -> Arcs:
    """``R_H`` (or ``R^+_H``) as arcs: states reachable by a legal sequence of one or
    more moves of the given DMs (each a unilateral improvement for its mover when
    ``improving``), no DM twice in a row."""
    from scipy import sparse

    g = graph(conflict)
    n = conflict.n_states
    mats = []
    for j in movers:
        a = g.ui(j) if improving else g.moves[j]
        mats.append(sparse.csr_matrix((np.ones(len(a), np.int8), a.indices, a.indptr), shape=(n, n)))
    k = len(mats)
    last = list(mats)  # last[j]: reached with j as the last mover
    total = [m.copy() for m in mats]
    for _ in range(k * n + 1):  # longer chains repeat a (state, last mover) pair
        new = []
        grew = False
        for j in range(k):
            src = None
            for l2 in range(k):
                if l2 != j:
                    src = last[l2] if src is None else src + last[l2]
            if src is None:
                new.append(sparse.csr_matrix((n, n), dtype=np.int8))
                continue
            step = (src @ mats[j]).astype(bool).astype(np.int8)
            fresh = step - step.multiply(total[j].astype(bool))
            fresh.eliminate_zeros()
            if fresh.nnz:
                grew = True
                total[j] = (total[j] + fresh).astype(bool).astype(np.int8)
            new.append(fresh)
        last = new
        if not grew:
            break
    union = total[0]
    for m in total[1:]:
        union = union + m
    union = union.astype(bool).tocsr()
    union.setdiag(False)
    union.eliminate_zeros()
    union.sort_indices()
    return Arcs(union.indptr, union.indices, n)


def coalition_improvements(conflict, coalition) -> Arcs:
    """The coalitional improvements of ``coalition`` from every state."""
    members = _members(conflict, coalition)
    r = reach(conflict, members)
    ranks = np.asarray(conflict.ranks)[members]
    better = np.asarray((ranks[:, r.indices] > ranks[:, r.rows]).all(axis=0))
    return r.filter(better)


def coalition_stable(conflict, coalition, concept: str = "nash", method: str = "auto") -> np.ndarray:
    """Stability of every state for ``coalition`` under coalition Nash, GMR, SMR or SEQ.

    ``method``: ``"slices"`` (product-shaped conflicts; the scalable path of the module
    docstring), ``"explicit"`` (``R_H`` as sparse arcs) or ``"auto"`` (slices when the
    conflict allows it, and the individual concept for a coalition of one DM)."""
    conflict.require_known("coalition stability")
    name, _ = parse_concept(concept)
    if name not in COALITION_CONCEPTS:
        raise InvalidGameError(f"coalition stability is defined for {', '.join(COALITION_CONCEPTS)}, not {concept!r}")
    if method not in ("auto", "slices", "explicit"):
        raise InvalidGameError(f"method {method!r}: expected auto, slices or explicit")
    members = _members(conflict, coalition)
    if method == "auto" and len(members) == 1:
        from .stability import stable
        return stable(conflict, name)[members[0]]
    if method == "slices" or (method == "auto" and sliceable(conflict)
                              and _largest_slice(conflict, members) <= MAX_SLICE):
        return _sliced_stable(conflict, members, name)
    return _explicit_stable(conflict, members, name)


def sliceable(conflict) -> bool:
    """Can :func:`coalition_stable` work slice by slice (see the module docstring)?"""
    return conflict.components is not None and bool(conflict.metadata.get("product_moves"))


def _explicit_stable(conflict, members: list, name: str) -> np.ndarray:
    ci = coalition_improvements(conflict, members)
    n = conflict.n_states
    if name == "nash":
        return np.diff(ci.indptr) == 0
    others = [j for j in range(conflict.n_dms) if j not in members]
    if not others:  # nobody can sanction
        return np.diff(ci.indptr) == 0
    resp = reach(conflict, others, improving=(name == "seq"))
    ranks = np.asarray(conflict.ranks)[members]  # (|H|, n)
    if name == "smr":
        rh = reach(conflict, members)
        escape = np.stack([np.maximum(ranks[m], rh.row_max(ranks[m], np.iinfo(np.int64).min))
                           for m in range(len(members))])
    else:
        escape = ranks
    # pairs (coalitional improvement s -> t, response t -> u)
    a, b = _row_pairs(ci.indices, resp.rows, n) if len(ci) else (np.zeros(0, int), np.zeros(0, int))
    # _row_pairs pairs entries with equal "row": here the CI's target t and the response's source
    s = ci.rows[a]
    u = resp.indices[b]
    ok = (escape[:, u] <= ranks[:, s]).any(axis=0)
    sanctioned = np.zeros(len(ci), bool)
    sanctioned[a[ok]] = True
    return ~ci.any_row(~sanctioned)


# ====================================================================== slices
def _largest_slice(conflict, members: list) -> int:
    local = np.asarray(conflict.components, dtype=np.int64)[members].sum(axis=0)
    rest = np.asarray(conflict.codes, dtype=np.int64) - local
    return int(np.unique(rest, return_counts=True)[1].max())


def _slice_groups(conflict, members: list):
    """Yield ``(states, m)``: ``states`` a ``(slices, m)`` array of state indices, one row
    per slice (the states sharing the non-members' settings), columns in increasing
    local setting; slices with the same feasible local settings come together."""
    codes = np.asarray(conflict.codes, dtype=np.int64)
    local = np.asarray(conflict.components, dtype=np.int64)[members].sum(axis=0)
    rest = codes - local
    order = np.lexsort((local, rest))
    rest_sorted = rest[order]
    starts = np.flatnonzero(np.concatenate([[True], rest_sorted[1:] != rest_sorted[:-1]]))
    bounds = np.append(starts, len(order))
    groups: dict = {}
    for a, b in itertools.pairwise(bounds):
        idx = order[a:b]
        groups.setdefault(local[idx].tobytes(), []).append(idx)
    for rows in groups.values():
        yield np.stack(rows), len(rows[0])


def _closure(conflict, members: list, states: np.ndarray) -> np.ndarray:
    """``C[p, q]``: local state ``q`` reachable from ``p`` by the members' moves (``p != q``),
    from one slice (every slice of the group has the same moves in local terms)."""
    g = graph(conflict)
    m = len(states)
    adj = np.zeros((m, m), dtype=np.float32)
    for j in members:
        arcs = g.moves[j]
        counts = arcs.indptr[states + 1] - arcs.indptr[states]
        src = np.repeat(np.arange(m), counts)
        tgt = np.concatenate([arcs.indices[arcs.indptr[s]:arcs.indptr[s + 1]] for s in states]) \
            if counts.sum() else np.zeros(0, dtype=np.int64)
        pos = np.searchsorted(states, tgt)   # slice states are in increasing index order
        adj[src, pos] = 1.0
    reach_ = adj > 0
    while True:  # repeated squaring: paths of length up to 2**k
        step = reach_ | ((reach_.astype(np.float32) @ reach_.astype(np.float32)) > 0)
        if np.array_equal(step, reach_):
            break
        reach_ = step
    np.fill_diagonal(reach_, False)
    return reach_


def _batches(n_slices: int, m: int, budget: int = 1 << 25) -> range:
    return range(0, n_slices, max(1, budget // max(1, m * m)))


def _slice_max(conflict, members: list, values: np.ndarray) -> np.ndarray:
    """``max(values[v] for v in R_H(u))`` per state ``u`` (``iinfo.min`` where none)."""
    low = np.iinfo(np.int64).min
    out = np.full(conflict.n_states, low, dtype=np.int64)
    for states, m in _slice_groups(conflict, members):
        C = _closure(conflict, members, states[0])
        for a in _batches(len(states), m):
            block = states[a:a + _batches(len(states), m).step]
            vals = values[block]                                  # (B, m)
            masked = np.where(C[None, :, :], vals[:, None, :], low)
            out[block] = masked.max(axis=2)
    return out


def _sliced_stable(conflict, members: list, name: str) -> np.ndarray:
    from .stability import opponent_min
    g = graph(conflict)
    n = conflict.n_states
    ranks = g.ranks[members]                                      # (|H|, n)
    others = [j for j in range(conflict.n_dms) if j not in members]
    if name == "nash" or not others:
        W = ranks
    else:
        arcs = [g.ui(j) if name == "seq" else g.moves[j] for j in others]
        V = []
        for k in range(len(members)):
            values = ranks[k]
            if name == "smr":
                values = np.maximum(values, _slice_max(conflict, members, values))
            V.append(opponent_min(arcs, values))
        W = np.minimum(ranks, np.stack(V))
    stable_ = np.ones(n, dtype=bool)
    for states, m in _slice_groups(conflict, members):
        C = _closure(conflict, members, states[0])
        step = _batches(len(states), m).step
        for a in range(0, len(states), step):
            block = states[a:a + step]                            # (B, m)
            beat = np.broadcast_to(C[None, :, :], (len(block), m, m)).copy()
            for k in range(len(members)):
                beat &= W[k][block][:, None, :] > ranks[k][block][:, :, None]
            stable_[block] = ~beat.any(axis=2)
    return stable_


def coalition_equilibria(conflict, concept: str = "nash", coalitions=None) -> np.ndarray:
    """States stable for every coalition in ``coalitions`` (default: every non-empty
    subset of the DMs) under the coalition concept."""
    from itertools import combinations
    if coalitions is None:
        dms = range(conflict.n_dms)
        coalitions = [c for k in range(1, conflict.n_dms + 1) for c in combinations(dms, k)]
    ok = np.ones(conflict.n_states, bool)
    for c in coalitions:
        ok &= coalition_stable(conflict, c, concept)
    return np.nonzero(ok)[0]


def partition(conflict, coalitions=None) -> list:
    """A partition of the DMs into coalitions: the given groups (names or indices) and
    every DM not in any of them alone; a DM in two groups is an error."""
    seen: dict = {}
    blocks = []
    for k, group in enumerate(coalitions or ()):
        block = _members(conflict, group)
        for i in block:
            if i in seen:
                raise InvalidGameError(f"decision maker {conflict.decision_makers[i]!r} is in two "
                                       f"coalitions ({seen[i] + 1} and {k + 1})")
            seen[i] = k
        blocks.append(block)
    blocks.extend([i] for i in range(conflict.n_dms) if i not in seen)
    return blocks


def analyse_coalitions(conflict, coalitions=None, concepts=COALITION_CONCEPTS):
    """Stability of every state for every coalition of a partition, as a
    :class:`~gametheory.conflict.stability.StabilityResult` whose "decision makers"
    are the coalitions (names joined with " + ")."""
    import dataclasses

    from ..exceptions import UnsupportedGameError
    from .stability import StabilityResult, compute_concepts
    blocks = partition(conflict, coalitions)
    names = tuple(" + ".join(conflict.decision_makers[i] for i in b) for b in blocks)
    block_of = {i: k for k, b in enumerate(blocks) for i in b}
    options = tuple(dataclasses.replace(o, dm=block_of[o.dm]) for o in conflict.options)
    view = dataclasses.replace(conflict, decision_makers=names, options=options, metadata={})

    def compute(key):
        if key not in COALITION_CONCEPTS:
            raise UnsupportedGameError(f"coalition stability is defined for {', '.join(COALITION_CONCEPTS)}")
        return np.stack([coalition_stable(conflict, b, key) for b in blocks])

    out, skipped = compute_concepts(concepts, compute, COALITION_CONCEPTS)
    return StabilityResult(view, out, skipped)
