"""Status quo analysis: how a conflict can evolve from a state to its equilibria.

Following Li, Kilgour & Hipel (2005, "Status quo analysis in the graph model for
conflict resolution", *J. Operational Research Society* 56),
the conflict evolves by **unilateral improvements**: at each step one DM moves to
a state it strictly prefers, and no DM moves twice in a row (two consecutive
moves of one DM are one move when its moves are transitive, as in option form).
The evolution stops at the equilibria of the chosen stability concept: there the
DMs choose not to move, even where an improvement exists (it is sanctioned).
With ``coalitions``, each listed coalition of two or more DMs is also a mover
whose moves are its **coalitional improvements** (states its members reach
together and all strictly prefer; Kilgour, Hipel, Fang & Peng 2001); a coalition
counts as one mover for the no-twice-in-a-row rule.

:func:`status_quo` computes, with sparse matrix-vector products over
``(state, last mover)`` pairs, every state the conflict can reach, the improving
moves between them, the reachable equilibria and a shortest path to each; the
result carries a layered layout for :func:`plot_status_quo`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .model import Conflict

from .stability import concept_key, parse_concept, stable


@dataclass(frozen=True)
class StatusQuoAnalysis:
    """The evolution of a conflict from a status quo.

    Attributes
    ----------
    conflict : Conflict
    start : int
        The status quo.
    concept : str
        Stability concept whose equilibria end the evolution.
    reached : tuple of int
        States reachable by unilateral improvements (the start first), in breadth-first order.
    depth : dict
        state -> fewest steps from the start.
    edges : tuple of (from, to, mover)
        Every improvement between reached states, from non-equilibrium states.
    equilibria : tuple of int
        Reachable equilibria.
    paths : dict
        equilibrium -> list of (state, mover that moved there or None) from the start.
    layout : dict
        state -> (x, y) for drawing: x the depth, y the rank within its layer.
    movers : tuple of str
        Mover names: the DMs, then the coalitions (``"A + B"``); ``mover`` indexes it.
    """

    conflict: Conflict
    start: int
    concept: str
    reached: tuple
    depth: dict
    edges: tuple
    equilibria: tuple
    paths: dict
    layout: dict
    movers: tuple = ()

    def to_dict(self) -> dict:
        c = self.conflict
        name = c.pattern
        return {
            "start": name(self.start),
            "concept": self.concept,
            "reached": [name(s) for s in self.reached],
            "equilibria": [name(s) for s in self.equilibria],
            "moves": [{"from": name(a), "to": name(b), "dm": self.movers[j]} for a, b, j in self.edges],
            "paths": {name(e): [{"state": name(s), "dm": None if j is None else self.movers[j]}
                                for s, j in p] for e, p in self.paths.items()},
        }

    def table(self) -> str:
        c = self.conflict
        lab = c.states
        kinds = "unilateral and coalitional" if len(self.movers) > c.n_dms else "unilateral"
        lines = [(f"status quo {c.pattern(self.start)} ({lab[self.start]}); evolution by {kinds} "
                 f"improvements, stopping at {self.concept} equilibria"),
                 f"reachable states: {len(self.reached)}; reachable equilibria: {len(self.equilibria)}"]
        for e in self.equilibria:
            steps = " -> ".join(
                (f"[{self.movers[j]}] " if j is not None else "") + c.pattern(s) for s, j in self.paths[e])
            lines.append(f"  {c.pattern(e)} ({lab[e]}): {steps}")
        return "\n".join(lines)


def improvement_arcs(conflict, coalitions=None):
    """``(names, arcs)`` of the movers: every DM's unilateral improvements, then the
    coalitional improvements of each coalition of two or more DMs."""
    from .stability import graph
    g = graph(conflict)
    names = list(conflict.decision_makers)
    arcs = [g.ui(j) for j in range(conflict.n_dms)]
    if coalitions:
        from .coalitions import coalition_improvements, partition
        for block in partition(conflict, coalitions):
            if len(block) > 1:
                names.append(" + ".join(conflict.decision_makers[i] for i in block))
                arcs.append(coalition_improvements(conflict, block))
    return tuple(names), arcs


def evolution_reach(conflict, start, last_mover=None, stop=None, movers=None):
    """Breadth-first layers of ``(state, last mover)`` reached by legal improving moves.

    Returns ``(layers, depth)``: ``layers[k]`` is a ``(n_movers + 1, n)`` boolean array
    of the pairs first reached in ``k`` steps (the last row: no mover yet; layer 0
    holds ``start`` with ``last_mover``, or with no mover when it is None); states in
    ``stop`` are not expanded.  ``movers`` is a list of arcs (default: each DM's
    unilateral improvements).
    """
    from scipy import sparse
    n = conflict.n_states
    if movers is None:
        movers = improvement_arcs(conflict)[1]
    k = len(movers)
    mats = [sparse.csr_matrix((np.ones(len(a), np.int8), a.indices, a.indptr), shape=(n, n)) for a in movers]
    stop = np.zeros(n, bool) if stop is None else np.asarray(stop, bool)
    first = np.zeros((k + 1, n), bool)  # row k = "no last mover"
    first[k if last_mover is None else last_mover, start] = True
    seen = first.copy()
    layers = [first]
    depth = {int(start): 0}
    frontier = first
    while frontier.any():
        nxt = np.zeros_like(frontier)
        for j in range(k):
            src = frontier[[x for x in range(k + 1) if x != j]].any(axis=0) & ~stop
            if src.any():
                nxt[j] = (mats[j].T @ src.astype(np.int8)) > 0
        nxt &= ~seen
        seen |= nxt
        if not nxt.any():
            break
        for s in np.nonzero(nxt.any(axis=0))[0]:
            depth.setdefault(int(s), len(layers))
        layers.append(nxt)
        frontier = nxt
    return layers, depth


def status_quo(conflict, start, concept: str = "seq", coalitions=None) -> StatusQuoAnalysis:
    """Evolution of ``conflict`` from ``start`` (index, label or pattern) by unilateral
    (and, with ``coalitions``, coalitional) improvements until the ``concept``
    equilibria (see the module docstring)."""
    conflict.require_known("status-quo analysis")
    s0 = conflict.state(start)
    key = concept_key(*parse_concept(concept))
    eq_mask: np.ndarray = np.asarray(stable(conflict, key).all(axis=0))
    names, movers = improvement_arcs(conflict, coalitions)
    layers, depth = evolution_reach(conflict, s0, None, stop=eq_mask, movers=movers)
    reached = sorted(depth, key=lambda s: (depth[s], s))
    reached_mask = np.zeros(conflict.n_states, bool)
    reached_mask[reached] = True
    edges: list = []
    for j, arcs in enumerate(movers):
        keep = reached_mask[arcs.rows] & reached_mask[arcs.indices] & ~eq_mask[arcs.rows]
        edges.extend(zip(arcs.rows[keep].tolist(), arcs.indices[keep].tolist(), [j] * int(keep.sum())))
    edges.sort()
    eqs = tuple(s for s in reached if eq_mask[s])
    paths = {e: _path(movers, layers, e) for e in eqs}
    layout = {}
    by_depth: dict = {}
    for s in reached:
        by_depth.setdefault(depth[s], []).append(s)
    for d, states in by_depth.items():
        for y, s in enumerate(states):
            layout[s] = (float(d), float(y) - (len(states) - 1) / 2)
    return StatusQuoAnalysis(conflict, s0, key, tuple(reached), depth, tuple(edges), eqs, paths, layout, names)


def _path(movers, layers, target):
    """A shortest legal path to ``target``, walking the layers back."""
    k = len(movers)
    for d, layer in enumerate(layers):
        found_movers = np.nonzero(layer[:, target])[0]
        if len(found_movers):
            break
    else:
        return []
    mover = int(found_movers[0])
    path = [(int(target), None if mover == k else mover)]
    state = int(target)
    for dd in range(d - 1, -1, -1):
        arcs = movers[mover]
        preds = arcs.rows[arcs.indices == state]
        layer = layers[dd]
        found = None
        for p in preds.tolist():
            for m in range(k + 1):
                if m != mover and layer[m, p]:
                    found = (p, m)
                    break
            if found:
                break
        if found is None:  # cannot happen: every reached state has a predecessor one layer up
            from ..exceptions import SolverError
            raise SolverError("status quo: lost the path back to the start")
        state, mover = found
        path.append((state, None if mover == k else mover))
    path.reverse()  # each entry: (state, the mover that moved into it; None at the start)
    return path


def plot_status_quo(data: StatusQuoAnalysis, ax=None):
    """Draw the status-quo graph: states by depth, improving moves as arrows coloured
    by DM, the start boxed and the equilibria ringed.  No computation inside."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(max(5, 2 + 1.6 * (max(data.depth.values()) + 1)), 4.5))
    c = data.conflict
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for a, b, j in data.edges:
        (x0, y0), (x1, y1) = data.layout[a], data.layout[b]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": "->", "color": colors[j % len(colors)], "lw": 1.2,
                                    "shrinkA": 12, "shrinkB": 12, "connectionstyle": "arc3,rad=0.12"})
    eqs = set(data.equilibria)
    for s, (x, y) in data.layout.items():
        style = {"boxstyle": "round", "fc": "#ffe9a8" if s in eqs else "white",
                     "ec": "black", "lw": 2.2 if s == data.start or s in eqs else 0.8}
        ax.text(x, y, c.states[s], ha="center", va="center", fontsize=8, bbox=style)
    for j, name in enumerate(data.movers or c.decision_makers):
        ax.plot([], [], color=colors[j % len(colors)], label=name)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    xs = [p[0] for p in data.layout.values()] or [0]
    ys = [p[1] for p in data.layout.values()] or [0]
    ax.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
    ax.set_ylim(min(ys) - 1, max(ys) + 1)
    ax.set_xlabel("improving moves from the status quo")
    ax.set_yticks([])
    ax.set_title(f"Evolution from {c.states[data.start]} to {data.concept} equilibria (shaded)")
    return ax
