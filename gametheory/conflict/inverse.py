"""Inverse analysis: which preferences would make a desired state an equilibrium?

Whether a state ``s*`` is Nash, GMR, SMR or SEQ stable for a DM ``i`` depends on
``i``'s own preferences only through the set of states ``i`` prefers to ``s*``:
an improvement is a move to such a state, a sanction a state outside it.  Fewer
states above ``s*`` can only help ``i``'s stability.  So the question "how little
must ``i`` change its mind?" becomes: which states must ``i`` stop preferring to
``s*``?  (Kinsara, Kilgour & Hipel 2015 search the rankings themselves; this
module searches these sets, which is exhaustive for ``i``'s own stability.)

**Changes.**  A change of DM ``i`` is a set ``D`` of states that ``i`` prefers to
``s*`` and no longer does: in the new ranking each state of ``D`` is tied with
``s*``, every other comparison between states is kept.  Its size ``|D|`` is the
measure.  The bound ``max_changes`` limits it per DM.

**Search.**  The candidates for ``D`` are, for Nash, GMR and SMR, the states above
``s*`` that can matter for ``i``'s own stability: ``i``'s moves from ``s*``, the
states the others can reach from them, and ``i``'s escapes from those; for SEQ,
SIM and SEQ+SIM every state above ``s*`` (demoting a state also changes whether
``i``'s moves into it are improvements, which matters when ``i`` sanctions others).  :func:`inverse` tries the
combinations of the chosen DMs' changes in increasing total size and returns all
those of the smallest size under which ``s*`` is an equilibrium (stable for every
DM).  The number of combinations tried is capped (``max_combinations``); the
result says whether the search was complete up to the size it reports.

**Re-orderings below the target (SEQ, SEQ+SIM).**  Under SEQ a chosen DM ``i`` is
also a *sanctioner* of the others, and a sanction by ``i`` is credible only when
``i``'s move is an improvement for ``i``; whether its move ``t -> u`` between two
states it ranks below ``s*`` is one depends on how it orders ``t`` and ``u``, which
the demotions above never change.  So for SEQ and SEQ+SIM the search also offers,
as changes of size 1, **promotions**: for a move ``t -> u`` of ``i`` with
``u <=_i t <_i s*`` (``t`` reachable from ``s*``), ``u`` is moved to just above
``t`` (still below ``s*``: the set of states ``i`` prefers to ``s*`` is unchanged,
so ``i``'s own stability is too).  Making a move an improvement can only add
credible sanctions, so nothing is lost by never searching the opposite
re-ordering.  **SIM needs none**: whether ``s*`` is SIM-stable for a DM depends on
its own and the others' unilateral improvements *from* ``s*`` and on which joint
states each DM prefers to ``s*``, all of which are fixed by the sets of states each
DM prefers to ``s*``; re-ordering states below ``s*`` among themselves changes none
of them.  Nash, GMR and SMR judge each DM by its own preferences and the others'
moves (not wishes), so for them too only the set above ``s*`` matters.  Not
searched: *adding* states above ``s*`` (a chosen DM coming to prefer a state to
``s*``), which could only help a DM as a sanctioner under SEQ or SIM.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..exceptions import InvalidGameError
from .stability import concept_key, parse_concept, stable

if TYPE_CHECKING:
    from .model import Conflict

INVERSE_CONCEPTS = ("nash", "gmr", "smr", "seq", "sim", "seqsim")


@dataclass(frozen=True)
class Change:
    """One DM's change: the states it no longer prefers to the target (now tied with it)."""

    dm: int
    demoted: tuple
    ranks: np.ndarray   # the DM's new ranks
    promoted: tuple = ()   # pairs (t, u): u moved to just above t, both below the target

    @property
    def change(self) -> int:
        return len(self.demoted) + len(self.promoted)


@dataclass(frozen=True)
class InverseResult:
    conflict: Conflict
    target: int
    concept: str
    dms: tuple
    already_stable: bool
    solutions: tuple     # tuples of Change (one per chosen DM), all of minimal total size
    tried: int
    complete: bool       # every combination up to the reported size (or the bound) was tried

    @property
    def minimal_change(self):
        return None if not self.solutions else sum(p.change for p in self.solutions[0])

    def to_dict(self) -> dict:
        c = self.conflict
        return {
            "target": c.pattern(self.target), "concept": self.concept,
            "decision_makers": [c.decision_makers[i] for i in self.dms],
            "already_stable": self.already_stable, "minimal_change": self.minimal_change,
            "combinations_tried": self.tried, "complete": self.complete,
            "solutions": [[{"dm": c.decision_makers[p.dm], "change": p.change,
                            "no_longer_preferred": [c.pattern(s) for s in p.demoted],
                            "now_preferred": [{"state": c.pattern(u), "to": c.pattern(t)}
                                              for t, u in p.promoted]}
                           for p in sol] for sol in self.solutions],
        }

    def table(self) -> str:
        c = self.conflict
        head = (f"inverse analysis: make {c.pattern(self.target)} ({c.states[self.target]}) a "
                f"{self.concept} equilibrium by changing the preferences of "
                f"{', '.join(c.decision_makers[i] for i in self.dms)}")
        if self.already_stable:
            return head + "\nalready an equilibrium: no change needed"
        note = "" if self.complete else " (search capped: minimal among the combinations tried)"
        if not self.solutions:
            return head + (f"\nno solution ({self.tried} combinations tried{note}): the DMs whose "
                           f"preferences are fixed do not all find it stable, or the bounds are too tight")
        lines = [head, (f"minimal change: {self.minimal_change} (states no longer preferred to the target, "
                       f"and re-orderings below it){note} ({len(self.solutions)} way(s))")]
        for k, sol in enumerate(self.solutions, 1):
            lines.append(f"  way {k}:")
            for p in sol:
                what = ", ".join(c.states[s] for s in p.demoted)
                moves = "; ".join(f"now prefers {c.states[u]} to {c.states[t]}" for t, u in p.promoted)
                said = "; ".join(x for x in ((f"no longer prefers {what} to the target" if what else ""), moves) if x)
                lines.append(f"    {c.decision_makers[p.dm]}: {said or 'no change'}")
        return "\n".join(lines)


def demote(ranks: np.ndarray, target: int, states) -> np.ndarray:
    """New dense ranks: each of ``states`` tied with ``target``, all else in order."""
    new = 2 * np.asarray(ranks, dtype=np.int64)
    new[list(states)] = new[target]
    return np.unique(new, return_inverse=True)[1].ravel().astype(np.int64)


def promote(ranks: np.ndarray, low: int, high: int) -> np.ndarray:
    """New dense ranks: ``high`` moved to just above ``low``, all else in order."""
    new = 2 * np.asarray(ranks, dtype=np.int64)
    new[high] = new[low] + 1
    return np.unique(new, return_inverse=True)[1].ravel().astype(np.int64)


def promotions(conflict, dm, target) -> list:
    """The re-orderings below the target searched under SEQ: pairs ``(t, u)`` of
    ``dm``'s moves ``t -> u`` that are not improvements, ``u <= t < target`` in its
    ranks, with ``t`` reachable from the target by a legal sequence of moves."""
    from .coalitions import reach
    i = conflict.dm(dm)
    s = conflict.state(target)
    r = np.asarray(conflict.ranks[i])
    everyone = reach(conflict, list(range(conflict.n_dms)))
    reachable = np.zeros(conflict.n_states, bool)
    reachable[everyone.indices[everyone.indptr[s]:everyone.indptr[s + 1]]] = True
    out = []
    for t, u in conflict.move_lists(i):
        if reachable[t] and r[u] <= r[t] < r[s]:
            out.append((t, u))
    return out


def candidates(conflict, dm, target, concept: str) -> list:
    """The states above ``target`` for ``dm`` whose demotion can matter (see the module docstring)."""
    i = conflict.dm(dm)
    s = conflict.state(target)
    r = np.asarray(conflict.ranks[i])
    above = r > r[s]
    name, _ = parse_concept(concept)
    if name not in ("nash", "gmr", "smr"):  # the DM's other comparisons matter as a sanctioner
        return np.nonzero(above)[0].tolist()
    from .coalitions import reach
    moves = {t for (a, t) in conflict.move_lists(i) if a == s}
    others = [j for j in range(conflict.n_dms) if j != i]
    found = set(moves)
    if others:
        opp = reach(conflict, others)
        sanctions = set()
        for t in moves:
            sanctions.update(opp.indices[opp.indptr[t]:opp.indptr[t + 1]].tolist())
        found |= sanctions
        mine = conflict.moves[i].tocsr()
        for u in sanctions:
            found.update(mine.indices[mine.indptr[u]:mine.indptr[u + 1]].tolist())
    return sorted(x for x in found if above[x])


def inverse(conflict, target, dms, concept: str = "seq", max_changes: int | None = None,
            max_combinations: int = 20000) -> InverseResult:
    """The smallest changes of the chosen DMs' preferences that make ``target`` an
    equilibrium under ``concept`` (see the module docstring)."""
    conflict.require_known("inverse analysis")
    name, _ = parse_concept(concept)
    if name not in INVERSE_CONCEPTS:
        raise InvalidGameError(f"inverse analysis supports {', '.join(INVERSE_CONCEPTS)}, not {concept!r}")
    key = concept_key(name, None)
    s = conflict.state(target)
    chosen = tuple(sorted({conflict.dm(d) for d in (dms if isinstance(dms, (list, tuple)) else [dms])}))
    if not chosen:
        raise InvalidGameError("choose at least one decision maker whose preferences may change")

    def is_eq(c):
        return bool(stable(c, key)[:, s].all())

    st = stable(conflict, key)[:, s]
    if st.all():
        return InverseResult(conflict, s, key, chosen, True, (), 1, True)
    fixed = [j for j in range(conflict.n_dms) if j not in chosen]
    if name in ("nash", "gmr", "smr") and not st[fixed].all():
        # these concepts judge each DM by its own preferences only: a DM whose preferences
        # are fixed and who finds the target unstable keeps finding it so
        return InverseResult(conflict, s, key, chosen, False, (), 0, True)
    cands: list = [list(candidates(conflict, i, s, key)) for i in chosen]
    if name in ("seq", "seqsim"):  # re-orderings below the target (module docstring)
        cands = [c + promotions(conflict, i, s) for c, i in zip(cands, chosen)]
    per_dm_cap = [len(c) if max_changes is None else min(len(c), max_changes) for c in cands]
    tried, found, complete = 0, [], True
    for total in range(1, sum(per_dm_cap) + 1):
        for sizes in _compositions(total, per_dm_cap):
            for picks in itertools.product(*(itertools.combinations(c, k) for c, k in zip(cands, sizes))):
                if tried >= max_combinations:
                    complete = False
                    break
                tried += 1
                ranks = np.array(conflict.ranks, copy=True)
                changes = []
                for i, pick in zip(chosen, picks):
                    ranks[i] = _apply(conflict.ranks[i], s, pick)
                    changes.append(Change(i, tuple(x for x in pick if not isinstance(x, tuple)), ranks[i],
                                          tuple(x for x in pick if isinstance(x, tuple))))
                if is_eq(conflict.with_ranks(ranks)):
                    found.append(tuple(changes))
            if not complete:
                break
        if found or not complete:
            break
    return InverseResult(conflict, s, key, chosen, False, tuple(found), tried, complete)


def _apply(ranks: np.ndarray, target: int, pick) -> np.ndarray:
    """Demote the states of ``pick`` to the target's level, then apply its promotions
    ``(t, u)`` in order."""
    new = demote(ranks, target, [x for x in pick if not isinstance(x, tuple)])
    for t, u in (x for x in pick if isinstance(x, tuple)):
        new = promote(new, t, u)
    return new


def _compositions(total: int, caps: list):
    """Every way to write ``total`` as a sum of one part per DM, part ``k`` at most ``caps[k]``."""
    if len(caps) == 1:
        if total <= caps[0]:
            yield (total,)
        return
    for first in range(min(total, caps[0]) + 1):
        for rest in _compositions(total - first, caps[1:]):
            yield (first,) + rest
