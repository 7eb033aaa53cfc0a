"""Trees in the stacked engine: subgame-perfect reactions at many parameter points.

:func:`tree_points` fills, for the points of a sweep over a game tree, the
rows :func:`~.engine.diagnose_points` returns, and says which points must take
the one-point route.  It follows the subgame-perfect solver
(:mod:`gametheory.solvers.subgame_perfect`: backward induction over proper
subgames, Selten 1975) with the work split by what it depends on:

1. **Subgames solved in normal form** (imperfect information or chance inside
   a subgame whose root is not a plain backward-induction step).  The
   equilibria of such a subgame, as behaviour at its information sets, depend
   only on the payoffs of the players moving inside it and on its chance
   probabilities: the solver builds the subgame's reduced normal form from
   those alone, and at two points where they are equal that form differs at
   most by the positive affine map of the whole tree's payoff normalisation,
   which every normal-form solver undoes first (``spe_solve``'s
   ``subgame_cache`` relies on the same fact).  Points are grouped by the exact values of the parameters
   those contain; one point per group (the representative) is diagnosed by the
   one-point route (:func:`~.evaluation.diagnose_point`, exact), and the
   subgames' equilibria are read off its subgame-perfect equilibria (each
   subgame equilibrium appears in one of them: backward induction combines
   every equilibrium of a subgame with the others).
2. **Backward induction** above those subgames, vectorised over the group's
   points (numpy, floating point): each mover takes the action of highest
   continuation payoff for every combination of the equilibria below, chance
   averages.  A point where two actions come within ``DELTA`` times the
   point's payoff span of each other (an exact tie or a near one) is left to
   the one-point route, as are points where the margin or the gap between the
   two best options is that close to zero.
3. **The focal payoffs** of each equilibrium (its expected payoff, bottom-up
   over the tree) give each option's lowest and highest reaction-equilibrium
   payoff; the options' worst and best payoffs come from the reduced strategic
   form, computed once symbolically and evaluated on all points
   (:func:`~.engine.compile_payoffs`).

The one-point route and this one share the solver's decisions that are not
made here (the representative's exact solve), and the property tests in
``tests/test_zugzwang_trees.py`` compare every row with the one-point
``diagnose`` at that point.  Trees outside this shape (a normal-form subgame
with a proper subgame inside it, over a thousand equilibria combined at a
node, floating-point parameter values, a regime label that would not be the
count of equilibria) take the one-point route.
"""
from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .tolerance import DELTA, write_stacked

__all__ = ["TreeShape", "tree_points"]

#: Most combinations of equilibria below a node followed on the stack (the solver's
#: ``max_equilibria`` default); beyond it the points take the one-point route.
MAX_COMBINATIONS = 1000


def _subtree(tree, r: int) -> list[int]:
    """The nodes below ``r`` (``r`` first), pre-order, iterative."""
    out, stack = [], [r]
    while stack:
        v = stack.pop()
        out.append(v)
        stack.extend(reversed(tree.nodes[v].children))
    return out


class TreeShape:
    """What a tree's subgame-perfect equilibria depend on, found once per tree.

    Attributes
    ----------
    roots : list of int
        Proper subgame roots, pre-order (:func:`~gametheory.solvers.subgame_perfect.subgame_roots`).
    direct : dict
        Root -> True for a backward-induction step (a single-node information
        set with only subgame roots or terminal nodes below), as the solver decides.
    parts : dict
        Normal-form root -> its nodes (pre-order).
    depends : set of str
        Parameters that the normal-form subgames' equilibria can depend on.
    supported : bool
        No normal-form subgame has a proper subgame inside it.
    """

    def __init__(self, tree):
        from ...game.extensive import CHANCE
        from ...solvers.subgame_perfect import subgame_roots
        self.tree = tree
        self.roots = subgame_roots(tree)
        root_set = set(self.roots)
        self.direct = {r: len(tree.nodes[r].infoset.members) == 1 and all(
            c in root_set or not tree.nodes[c].children for c in tree.nodes[r].children) for r in self.roots}
        self.parts = {r: _subtree(tree, r) for r in self.roots if not self.direct[r]}
        self.supported = all(not (set(nodes[1:]) & root_set) for nodes in self.parts.values())
        names: set[str] = set()
        for nodes in self.parts.values():
            movers = {tree.nodes[v].infoset.player for v in nodes if tree.nodes[v].children}
            for v in nodes:
                node = tree.nodes[v]
                if node.outcome is not None:
                    names |= _names([node.outcome.payoffs[j] for j in movers if j != CHANCE])
                if node.children and node.infoset.player == CHANCE:
                    names |= _names(node.infoset.probabilities)
        self.depends = names
        self.infosets = {r: sorted({(tree.nodes[v].infoset.player, tree.nodes[v].infoset.number) for v in nodes
                                    if tree.nodes[v].children and tree.nodes[v].infoset.player != CHANCE})
                         for r, nodes in self.parts.items()}


def _names(values) -> set[str]:
    from ...payoffs import is_symbolic
    return {s.name for v in values if v is not None and is_symbolic(v) for s in v.free_symbols}


class _Numbers:
    """A tree's node payoffs ``(G, n)`` and chance probabilities ``(G, k)`` at ``G`` points (floats)."""

    def __init__(self, tree, names: Sequence[str], cols: Mapping[str, np.ndarray], G: int):
        import sympy

        from ...game.extensive import CHANCE
        from ...payoffs import is_symbolic
        n = tree.n_players
        exprs: list = []
        where: list[tuple] = []
        self.outcome: dict[int, np.ndarray] = {}
        self.chance: dict[int, np.ndarray] = {}
        for node in tree.nodes:
            if node.outcome is not None:
                arr = np.zeros((G, n))
                for j, v in enumerate(node.outcome.payoffs):
                    if is_symbolic(v):
                        exprs.append(v)
                        where.append((arr, j))
                    else:
                        arr[:, j] = float(v)
                self.outcome[node.index] = arr
            if node.children and node.infoset.player == CHANCE and id(node.infoset) not in self.chance:
                probs = node.infoset.probabilities
                arr = np.zeros((G, len(probs)))
                for a, p in enumerate(probs):
                    if is_symbolic(p):
                        exprs.append(p)
                        where.append((arr, a))
                    else:
                        arr[:, a] = float(p)
                self.chance[id(node.infoset)] = arr
        if exprs:
            symbols = {s.name: s for e in exprs for s in e.free_symbols}
            func = sympy.lambdify([symbols.get(k, sympy.Symbol(k)) for k in names], exprs, modules="numpy")
            with np.errstate(all="ignore"):
                vals = func(*[np.asarray(cols[k], dtype=float) for k in names])
            for (arr, j), v in zip(where, vals):
                arr[:, j] = v
        self.zeros = np.zeros((G, n))
        flat = np.concatenate([a for a in self.outcome.values()], axis=1) if self.outcome else self.zeros
        self.span = np.maximum(flat.max(axis=1) - flat.min(axis=1), np.abs(flat).max(axis=1))

    def own(self, v: int) -> np.ndarray:
        return self.outcome.get(v, self.zeros)


class _Solver:
    """Backward induction over a group of points, the normal-form subgames' equilibria given."""

    def __init__(self, shape: TreeShape, nums: _Numbers, tol: np.ndarray):
        self.shape, self.nums, self.tol = shape, nums, tol
        self.unclear = np.zeros(tol.size, dtype=bool)
        self.ids: dict = {}

    def _intern(self, key) -> int:
        return self.ids.setdefault(key, len(self.ids))

    def part_value(self, r: int, assign: Mapping) -> np.ndarray:
        """Expected payoffs ``(G, n)`` of the subgame at ``r`` under behaviour ``assign`` (bottom-up)."""
        from ...game.extensive import CHANCE
        tree, nums = self.shape.tree, self.nums
        vals: dict[int, np.ndarray] = {}
        for v in reversed(self.shape.parts[r]):
            node = tree.nodes[v]
            pay = nums.own(v)
            if node.children:
                h = node.infoset
                if h.player == CHANCE:
                    probs = nums.chance[id(h)]
                    pay = pay + sum(probs[:, a, None] * vals[c] for a, c in enumerate(node.children))
                else:
                    ps = assign[(h.player, h.number)]
                    pay = pay + sum(p * vals[c] for p, c in zip(ps, node.children) if p != 0)
            vals[v] = pay
        return vals[r]

    def step(self, v: int, sols: dict):
        """One backward-induction step at ``v``: a list of (payoffs (G, n), identity (G,))."""
        from ...game.extensive import CHANCE
        tree, nums = self.shape.tree, self.nums
        node = tree.nodes[v]
        G = self.tol.size
        options = [sols[c] if c in sols else [(nums.own(c), np.full(G, self._intern(("leaf", c))))]
                   for c in node.children]
        if np.prod([len(o) for o in options], dtype=float) > MAX_COMBINATIONS:
            return None
        own = nums.own(v)
        out = []
        for combo in itertools.product(*options):
            pays = np.stack([c[0] for c in combo], axis=1)            # (G, m, n)
            ids = np.stack([c[1] for c in combo], axis=1)             # (G, m)
            if node.infoset.player == CHANCE:
                probs = nums.chance[id(node.infoset)]
                pay = own + np.einsum("gm,gmn->gn", probs, pays)
                act = np.full(G, -1)
            else:
                i = node.infoset.player
                vals = pays[:, :, i]
                best = vals.max(axis=1)
                self.unclear |= ((best[:, None] - vals) <= self.tol[:, None]).sum(axis=1) > 1
                act = vals.argmax(axis=1)
                pay = own + pays[np.arange(G), act]
            rows = np.column_stack([act, ids])
            uniq, inv = np.unique(rows, axis=0, return_inverse=True)
            keys = np.array([self._intern((v,) + tuple(int(x) for x in row)) for row in uniq])
            out.append((pay, keys[np.asarray(inv).reshape(-1)]))
        return out

    def solve(self, nf_sols: Mapping[int, list]):
        """The subgame-perfect equilibria at every point: (payoffs (E, G, n), identities (E, G)), or None."""
        sols: dict[int, list] = {}
        G = self.tol.size
        for r in reversed(self.shape.roots):
            if self.shape.direct[r]:
                got = self.step(r, sols)
                if got is None:
                    return None
                sols[r] = got
            else:
                sols[r] = [(self.part_value(r, a), np.full(G, self._intern(("nf", r, k))))
                           for k, a in enumerate(nf_sols[r])]
        top = sols.get(0, [(self.nums.own(0), np.zeros(G, dtype=int))])
        return np.stack([t[0] for t in top]), np.stack([t[1] for t in top])


def _nf_solutions(shape: TreeShape, result) -> dict | None:
    """The normal-form subgames' equilibria (behaviour at their information sets, floats),
    read off a tree's subgame-perfect equilibria; None when the solver's limit cut the list."""
    if result.details.get("limit_hit"):
        return None
    out: dict[int, list] = {}
    for r, sets in shape.infosets.items():
        seen: dict = {}
        for eq in result.equilibria:
            key = tuple(tuple(Fraction(x) for x in eq.probabilities[i][num - 1]) for i, num in sets)
            seen.setdefault(key, {s: [float(x) for x in p] for s, p in zip(sets, key)})
        out[r] = list(seen.values())
    return out


def tree_points(game, i: int, full_pts: list, regimes: bool, out: dict, fill_row, diagnose_rep,
                strategic_form) -> tuple[np.ndarray, np.ndarray, list]:
    """Fill ``out`` for the points of a tree sweep decided here.

    Parameters
    ----------
    game : ExtensiveFormGame
    i : int
        The focal player.
    full_pts : list of dict
        Every parameter's value at each point.
    regimes : bool
        Also count the whole game's subgame-perfect equilibria (the regime label).
    out : dict
        The engine's per-point arrays.
    fill_row : callable
        ``fill_row(d, k)`` writes a one-point diagnosis ``d`` into row ``k``.
    diagnose_rep : callable
        ``diagnose_rep(k)``: the one-point diagnosis at point ``k`` (the record), or None.
    strategic_form : callable
        ``strategic_form(values)``: ``(payoffs (N, n, ...), reference (N,))`` of the
        reduced strategic form at every point (``values``: for the reference).

    Returns
    -------
    (route, representatives, labels)
        The points left to the one-point route, the representatives (diagnosed
        one point at a time here) and each point's regime label (or None).
    """
    N = len(full_pts)
    route = np.ones(N, dtype=bool)
    reps = np.zeros(N, dtype=bool)
    labels: list = [None] * N
    exact_pts = all(isinstance(v, (Fraction, int)) and not isinstance(v, bool) for p in full_pts for v in p.values())
    if not N or not exact_pts:
        return route, reps, labels
    from .reactions import Reaction, focal_options
    reactions = [Reaction(game, i, o) for o in focal_options(game, i)]
    shapes = [TreeShape(t) for t in [r.tree for r in reactions] + ([game] if regimes else [])]
    if not all(s.supported for s in shapes):
        return route, reps, labels
    if regimes and all(len(h) == 1 for h in game.infosets):
        return route, reps, labels     # the regime would be a support label, not a count
    names = tuple(game.parameters)
    cols = {k: np.array([float(p[k]) for p in full_pts]) for k in names}
    P, ref = strategic_form(full_pts[0])
    focal = np.moveaxis(P[:, i], i + 1, 1).reshape(N, P.shape[2 + i], -1)
    depends = sorted(set().union(*(s.depends for s in shapes)))
    groups: dict[tuple, list[int]] = {}
    for k, p in enumerate(full_pts):
        groups.setdefault(tuple(p[n] for n in depends), []).append(k)
    ctx = _Context(shapes=shapes, n_options=len(reactions), i=i, names=names, cols=cols, focal=focal, ref=ref,
                   regimes=regimes, out=out, route=route, labels=labels, fill_row=fill_row,
                   diagnose_rep=diagnose_rep)
    for members in groups.values():
        reps[members[0]] = True
        _group(members, ctx)
    return route, reps, labels


@dataclass
class _Context:
    """What every group of a tree sweep shares."""

    shapes: list
    n_options: int
    i: int
    names: tuple
    cols: dict
    focal: np.ndarray
    ref: np.ndarray
    regimes: bool
    out: dict
    route: np.ndarray
    labels: list
    fill_row: Any
    diagnose_rep: Any


def _group(members: list[int], ctx: _Context) -> None:
    """One group of points sharing the normal-form subgames' equilibria."""
    rep = members[0]
    d = ctx.diagnose_rep(rep)
    if d is None:       # the one-point route says why, point by point
        return
    ctx.fill_row(d, rep)
    ctx.route[rep] = False
    results = [o.reaction_equilibria for o in d.options] + ([d.whole_game.equilibria] if ctx.regimes else [])
    if ctx.regimes:
        ctx.labels[rep] = _count_label(len(d.whole_game.equilibria.equilibria))
    rest = np.array(members[1:], dtype=np.intp)
    if not rest.size:
        return
    G = rest.size
    sub = {k: v[rest] for k, v in ctx.cols.items()}
    K, i, ref = ctx.n_options, ctx.i, ctx.ref
    high = np.full((G, K), np.nan)
    low = np.full((G, K), np.nan)
    unclear = np.zeros(G, dtype=bool)
    counts = np.zeros(G, dtype=int)
    span = np.zeros(G)
    for t, (shape, result) in enumerate(zip(ctx.shapes, results)):
        nf_sols = _nf_solutions(shape, result)
        if nf_sols is None:
            return
        nums = _Numbers(shape.tree, ctx.names, sub, G)
        span = np.maximum(span, nums.span)
        tol = DELTA * np.maximum.reduce([nums.span, np.abs(ref[rest]), np.ones(G)])
        solver = _Solver(shape, nums, tol)
        got = solver.solve(nf_sols)
        if got is None:
            return
        pays, ids = got
        unclear |= solver.unclear
        if t < K:
            low[:, t] = pays[:, :, i].min(axis=0)
            high[:, t] = pays[:, :, i].max(axis=0)
        else:
            srt = np.sort(ids, axis=0)
            counts = 1 + (np.diff(srt, axis=0) != 0).sum(axis=0)
    tol = DELTA * np.maximum.reduce([span, np.abs(ref[rest]), np.ones(G)])
    top = high.max(axis=1)
    margin = top - ref[rest]
    second = np.sort(high, axis=1)[:, -2] if K > 1 else np.full(G, -np.inf)
    ok = ~unclear & (np.abs(margin) > tol) & (top - second > tol) & np.isfinite(high).all(axis=1)
    rows = rest[ok]
    ctx.out["worst"][rows] = ctx.focal[rows].min(axis=2)
    ctx.out["best"][rows] = ctx.focal[rows].max(axis=2)
    write_stacked(ctx.out, rows, low[ok], high[ok], ref[rows], margin[ok])
    ctx.route[rows] = False
    if ctx.regimes:
        for k, c in zip(rows, counts[ok]):
            ctx.labels[int(k)] = _count_label(int(c))


def _count_label(n: int) -> str:
    """The regime label of a tree's point (what the one-point route writes when
    supports cannot be read off behaviour profiles): the number of equilibria."""
    return f"{n} equilibria" if n else "no equilibrium found"

