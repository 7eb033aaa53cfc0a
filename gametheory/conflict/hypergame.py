"""First-level hypergames: decision makers who see the conflict differently.

In a first-level hypergame (Bennett 1980; Wang, Hipel & Fraser 1988; Fang,
Hipel & Kilgour 1993) each DM ``i`` plays its own *perceived conflict*
``G_i``: the states it perceives (some states may be invisible to it, gmcr-py's
"misperceptions") and the other DMs' preferences as ``i`` believes them; its own
preferences are its true ones.  ``i`` judges stability in ``G_i``.

* ``s`` is **stable for i** in the hypergame when ``i`` perceives ``s`` and ``s`` is
  stable for ``i`` in ``G_i`` under the concept;
* ``s`` is a **hypergame equilibrium** when it is stable for every DM in its own
  perceived conflict.  It may differ from the equilibria of the true conflict, and
  each ``G_i`` has its own equilibria: what ``i`` expects to happen.

Perceptions come from ``conflict.metadata``: ``"misperceptions"`` (DM -> patterns
or labels of states it does not perceive; from ``.gmcr`` files or the YAML key
``misperceptions``) and ``"perceptions"`` (DM -> other DM -> believed preferences;
the YAML key ``perceptions``).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .model import Conflict

from .patterns import pattern_mask
from .stability import StabilityResult, concept_key, parse_concept, stable


def hidden_states(conflict, dm) -> np.ndarray:
    """Boolean mask of the states ``dm`` does not perceive."""
    name = conflict.decision_makers[conflict.dm(dm)]
    hidden = np.zeros(conflict.n_states, bool)
    for pat in conflict.metadata.get("misperceptions", {}).get(name, []):
        if conflict.is_option_form and len(pat) == len(conflict.options) and set(pat) <= {"Y", "N", "-"}:
            care, bits = pattern_mask(pat, len(conflict.options))
            hidden |= (conflict.codes & care) == bits
        else:
            hidden[conflict.state(pat)] = True
    return hidden


def restrict(conflict, keep: np.ndarray):
    """The conflict on the states in ``keep`` (moves among them only)."""
    keep = np.asarray(keep, bool)
    idx = np.nonzero(keep)[0]
    moves = [m[idx][:, idx].tocsr() for m in conflict.moves]
    return dataclasses.replace(
        conflict, states=tuple(conflict.states[s] for s in idx), moves=moves,
        ranks=np.asarray(conflict.ranks)[:, idx].copy(),
        codes=None if conflict.codes is None else conflict.codes[idx],
        components=None if conflict.components is None else conflict.components[:, idx],
        metadata={})


def perceived_conflict(conflict, dm):
    """``G_i``: the conflict as ``dm`` sees it, and the indices of its states in the true one."""
    i = conflict.dm(dm)
    name = conflict.decision_makers[i]
    ranks = np.array(conflict.ranks, copy=True)
    for other, belief in conflict.metadata.get("perceptions", {}).get(name, {}).items():
        ranks[conflict.dm(other)] = belief["ranks"]
    seen = conflict.with_ranks(ranks)
    keep = ~hidden_states(conflict, i)
    return restrict(seen, keep), np.nonzero(keep)[0]


@dataclass(frozen=True)
class HypergameResult:
    """Each DM's stability in its own perceived conflict, and each perceived conflict's equilibria."""

    conflict: Conflict
    concept: str
    stable: np.ndarray        # (n_dms, n_states): stable for i in G_i (False where i does not see s)
    expected: dict            # DM name -> equilibria (true state indices) of G_i

    def equilibria(self) -> list:
        return np.nonzero(self.stable.all(axis=0))[0].tolist()

    def as_stability(self) -> StabilityResult:
        return StabilityResult(self.conflict, {self.concept: self.stable})


def hypergame(conflict, concept: str = "seq") -> HypergameResult:
    """Analyse the first-level hypergame of ``conflict`` (see the module docstring)."""
    conflict.require_known("hypergame analysis")
    key = concept_key(*parse_concept(concept))
    out = np.zeros((conflict.n_dms, conflict.n_states), bool)
    expected = {}
    for i, name in enumerate(conflict.decision_makers):
        g, idx = perceived_conflict(conflict, i)
        st = stable(g, key)
        out[i, idx] = st[i]
        expected[name] = idx[st.all(axis=0)].tolist()
    return HypergameResult(conflict, key, out, expected)


def blind_moves(conflict):
    """gmcr-py's reading of misperceptions: one common conflict in which each DM
    cannot move to or from the states it does not perceive (its other moves and
    everyone's preferences unchanged).  Unlike :func:`hypergame`, a state a DM
    cannot see may then be stable for it (it has no move there)."""
    moves = []
    for i, m in enumerate(conflict.moves):
        hidden = hidden_states(conflict, i)
        if hidden.any():
            keep = (~hidden).astype(np.int8)
            from scipy import sparse
            d = sparse.diags(keep, dtype=np.int8)
            m = (d @ m.astype(np.int8) @ d).astype(bool).tocsr()
            m.eliminate_zeros()
        moves.append(m)
    return dataclasses.replace(conflict, moves=moves, metadata={})
