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
test checks it).  Here the coalition's reachability ``R_H`` is built explicitly
(sparse boolean products with one matrix per last mover), so coalition analysis
is meant for conflicts of moderate size (it is quadratic in the states in the
worst case); the individual concepts of :mod:`.stability` are the scalable path.
"""
from __future__ import annotations

import numpy as np

from ..exceptions import InvalidGameError
from .stability import Arcs, _row_pairs, graph, parse_concept

COALITION_CONCEPTS = ("nash", "gmr", "smr", "seq")


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


def coalition_stable(conflict, coalition, concept: str = "nash") -> np.ndarray:
    """Stability of every state for ``coalition`` under coalition Nash, GMR, SMR or SEQ."""
    conflict.require_known("coalition stability")
    name, _ = parse_concept(concept)
    if name not in COALITION_CONCEPTS:
        raise InvalidGameError(f"coalition stability is defined for {', '.join(COALITION_CONCEPTS)}, not {concept!r}")
    members = _members(conflict, coalition)
    ci = coalition_improvements(conflict, coalition)
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
