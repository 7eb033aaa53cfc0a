"""The ordinal zugzwang: is every option of a DM bad, with rankings only?

Definition (``docs/explanation/zugzwang.md``, section "Ordinal zugzwang").  Let
``s0`` be the status quo, ``D`` the focal DM and ``C`` a stability concept.  D's
*options* at ``s0`` are to stay (``s0``) or to move to any ``t`` in ``R_D(s0)``.
The *outcomes* of an option are the ``C``-equilibria the conflict can reach from
its state by unilateral improvements in which ``D`` does not move first (the
other DMs answer; D may move again later), the state itself when it is a
``C``-equilibrium (see :mod:`gametheory.conflict.status_quo`).

D is in **ordinal zugzwang** at ``s0`` under ``C`` when every option has at least
one outcome and D ranks every outcome of every option strictly below ``s0``.
It is a **weak** ordinal zugzwang when "strictly below" is replaced by "not
above" and at least one outcome is strictly below.  An option with no reachable
equilibrium (the conflict cycles) leaves the verdict *undetermined*.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .model import Conflict

from .stability import concept_key, parse_concept, stable
from .status_quo import evolution_reach


@dataclass(frozen=True)
class OptionOutcome:
    """One option of the focal DM: the state it leads to and its reachable equilibria."""

    option: str           # "stay" or the target state's pattern
    state: int
    outcomes: tuple       # equilibria (state indices)
    best: int | None      # D's most preferred outcome
    worst: int | None     # D's least preferred outcome
    verdict: str          # "below", "not above", "above", "mixed", "none"


@dataclass(frozen=True)
class OrdinalZugzwang:
    conflict: Conflict
    dm: int
    start: int
    concept: str
    options: tuple
    zugzwang: bool
    weak: bool
    undetermined: bool

    def verdict(self) -> str:
        if self.undetermined:
            return "undetermined (an option reaches no equilibrium)"
        if self.zugzwang:
            return "ordinal zugzwang: every option ends below the status quo"
        if self.weak:
            return "weak ordinal zugzwang: no option ends above the status quo"
        return "no ordinal zugzwang: some option can end at or above the status quo"

    def table(self) -> str:
        c = self.conflict
        dm = c.decision_makers[self.dm]
        lines = [(f"ordinal zugzwang of {dm} at {c.pattern(self.start)} ({c.states[self.start]}) "
                 f"under {self.concept}: {self.verdict()}")]
        lines.append(f"  {'option':<{len(c.pattern(0))}}  {'verdict':<9}  equilibria  "
                     f"best for {dm} (rank)  worst (rank)   [status quo rank {c.ranks[self.dm, self.start]}]")
        r = c.ranks[self.dm]
        for o in self.options:
            best = f"{c.states[o.best]} ({r[o.best]})" if o.best is not None else "-"
            worst = f"{c.states[o.worst]} ({r[o.worst]})" if o.worst is not None else "-"
            lines.append(f"  {o.option:<{len(c.pattern(0))}}  {o.verdict:<9}  {len(o.outcomes):>10}  "
                         f"{best:<22}  {worst}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        c = self.conflict
        return {"dm": c.decision_makers[self.dm], "status_quo": c.pattern(self.start),
                "concept": self.concept, "zugzwang": self.zugzwang, "weak": self.weak,
                "undetermined": self.undetermined, "verdict": self.verdict(),
                "options": [{"option": o.option, "state": c.pattern(o.state),
                             "outcomes": [c.pattern(e) for e in o.outcomes], "verdict": o.verdict}
                            for o in self.options]}


def ordinal_zugzwang(conflict, dm, start=None, concept: str = "seq") -> OrdinalZugzwang:
    """Diagnose the ordinal zugzwang of ``dm`` at ``start`` (default: the file's status quo)."""
    from ..exceptions import InvalidGameError
    conflict.require_known("the ordinal zugzwang")
    i = conflict.dm(dm)
    if start is None:
        if "status_quo" not in conflict.metadata:
            raise InvalidGameError("no status quo: give one (the file's status_quo or --from)")
        start = conflict.metadata["status_quo"]
    s0 = conflict.state(start)
    key = concept_key(*parse_concept(concept))
    eq_mask: np.ndarray = np.asarray(stable(conflict, key).all(axis=0))
    r = conflict.ranks[i]
    targets = [s0] + [t for (s, t) in conflict.move_lists(i) if s == s0]
    options = []
    for t in targets:
        if eq_mask[t]:
            outs = (t,)
        else:
            _layers, depth = evolution_reach(conflict, t, last_mover=i, stop=eq_mask)
            outs = tuple(sorted(s for s in depth if eq_mask[s]))
        if not outs:
            verdict, best, worst = "none", None, None
        else:
            vals = r[list(outs)]
            best = outs[int(np.argmax(vals))]
            worst = outs[int(np.argmin(vals))]
            if vals.max() < r[s0]:
                verdict = "below"
            elif vals.max() <= r[s0]:
                verdict = "not above"
            elif vals.min() > r[s0]:
                verdict = "above"
            else:
                verdict = "mixed"
        options.append(OptionOutcome("stay" if t == s0 else conflict.pattern(t), t, outs, best, worst, verdict))
    undetermined = any(o.verdict == "none" for o in options)
    zug = not undetermined and all(o.verdict == "below" for o in options)
    weak = not undetermined and all(o.verdict in ("below", "not above") for o in options) \
        and any(o.verdict == "below" for o in options)
    return OrdinalZugzwang(conflict, i, s0, key, tuple(options), zug, weak, undetermined)
