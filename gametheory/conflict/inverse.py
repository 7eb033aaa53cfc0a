"""Inverse analysis: which preferences would make a desired state an equilibrium?

Whether a state ``s*`` is Nash, GMR, SMR or SEQ stable for a DM ``i`` depends on
``i``'s preferences only through how ``i`` ranks other states *against* ``s*``:
every condition compares some state with ``s*`` (a UI is above ``s*``, a
sanction is not above it).  So the changes of ``i``'s ranking that matter are
the ones that move ``s*`` relative to the rest, and the smallest change is the
smallest promotion of ``s*`` (Kinsara, Kilgour & Hipel 2015 search the
rankings themselves; this module searches only the placements of ``s*``, which
is exhaustive for the question "how little must ``i`` change its mind about
``s*``").  Under SEQ, SIM and SEQ+SIM a DM's ranking of *other* states also
matters, as a sanctioner of the others (are its moves improvements?); those
re-orderings are not searched, so for these concepts the result is minimal among
the promotions of ``s*`` only.

**Placements.**  For a DM whose ranking has levels ``v_1 > v_2 > ...`` above
``s*``, ``s*`` can be tied with a level ``v`` (the states at ``v`` stop being
strictly preferred to ``s*``) or placed just above it (they become less
preferred); the order of all other states is kept.  The **change** of a
placement is the number of states that the DM preferred to ``s*`` and no longer
does; ties before strict overtaking at equal change.  The bound ``max_changes``
limits the change per DM.

:func:`inverse` tries, for the chosen DMs together, every combination of
placements in increasing total change and returns the first combinations (all
of the minimal total) under which ``s*`` is an equilibrium (stable for every
DM) under the concept.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .model import Conflict

from ..exceptions import InvalidGameError
from .stability import concept_key, parse_concept, stable

INVERSE_CONCEPTS = ("nash", "gmr", "smr", "seq", "sim", "seqsim")


@dataclass(frozen=True)
class Placement:
    """Where ``s*`` goes in one DM's ranking."""

    dm: int
    changed: tuple      # states no longer preferred to s*
    tie: bool           # the last level overtaken is tied with s* (not below it)
    ranks: np.ndarray   # the DM's new ranks

    @property
    def change(self) -> int:
        return len(self.changed)


@dataclass(frozen=True)
class InverseResult:
    conflict: Conflict
    target: int
    concept: str
    dms: tuple
    already_stable: bool
    solutions: tuple     # tuples of Placement, all of minimal total change
    tried: int

    @property
    def minimal_change(self):
        return None if not self.solutions else sum(p.change for p in self.solutions[0])

    def to_dict(self) -> dict:
        c = self.conflict
        return {
            "target": c.pattern(self.target), "concept": self.concept,
            "decision_makers": [c.decision_makers[i] for i in self.dms],
            "already_stable": self.already_stable, "minimal_change": self.minimal_change,
            "combinations_tried": self.tried,
            "solutions": [[{"dm": c.decision_makers[p.dm], "change": p.change,
                            "no_longer_preferred": [c.pattern(s) for s in p.changed],
                            "tied": p.tie} for p in sol] for sol in self.solutions],
        }

    def table(self) -> str:
        c = self.conflict
        head = (f"inverse analysis: make {c.pattern(self.target)} ({c.states[self.target]}) a "
                f"{self.concept} equilibrium by changing the preferences of "
                f"{', '.join(c.decision_makers[i] for i in self.dms)}")
        if self.already_stable:
            return head + "\nalready an equilibrium: no change needed"
        if not self.solutions:
            return head + (f"\nimpossible within the bounds ({self.tried} combinations tried): "
                           f"the DMs whose preferences are fixed do not all find it stable")
        lines = [head, (f"minimal change: {self.minimal_change} state(s) no longer preferred to the target "
                       f"({len(self.solutions)} way(s))")]
        for k, sol in enumerate(self.solutions, 1):
            lines.append(f"  way {k}:")
            for p in sol:
                how = "tied with" if p.tie else "ranked below"
                what = ", ".join(c.states[s] for s in p.changed) or "nothing"
                lines.append(f"    {c.decision_makers[p.dm]}: change {p.change}; the target overtakes "
                             f"{what} (the last level {how} it)")
        return "\n".join(lines)


def placements(conflict, dm, target, max_changes: int | None = None) -> list:
    """Every placement of ``target`` in ``dm``'s ranking, smallest change first."""
    i = conflict.dm(dm)
    s = conflict.state(target)
    r = np.asarray(conflict.ranks[i], dtype=np.int64)
    above_levels = sorted(set(r[r > r[s]].tolist()))
    out = [Placement(i, (), True, r.copy())]
    for v in above_levels:
        changed = tuple(np.nonzero((r > r[s]) & (r <= v))[0].tolist())
        if max_changes is not None and len(changed) > max_changes:
            break
        for tie in (True, False):
            new = 2 * r
            new[s] = 2 * v if tie else 2 * v + 1
            dense = np.unique(new, return_inverse=True)[1].ravel().astype(np.int64)
            out.append(Placement(i, changed, tie, dense))
    return out


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

    if is_eq(conflict):
        return InverseResult(conflict, s, key, chosen, True, (), 1)
    options = [placements(conflict, i, s, max_changes) for i in chosen]
    combos = sorted(itertools.product(*options),
                    key=lambda combo: (sum(p.change for p in combo), sum(not p.tie for p in combo)))
    tried = 0
    best = None
    found = []
    for combo in combos[:max_combinations]:
        total = sum(p.change for p in combo)
        if best is not None and total > best:
            break
        if total == 0:
            continue
        tried += 1
        ranks = np.array(conflict.ranks, copy=True)
        for p in combo:
            ranks[p.dm] = p.ranks
        if is_eq(conflict.with_ranks(ranks)):
            best = total
            found.append(combo)
    return InverseResult(conflict, s, key, chosen, False, tuple(found), tried)
