"""Agent logit quantal response equilibrium (AQRE) on game trees.

In an agent QRE every information set is played by its own agent who chooses
action ``a`` with probability proportional to ``exp(lambda * Q(h, a))``, where
``Q(h, a)`` is the expected payoff of ``a`` given the beliefs at ``h`` (Bayes'
rule from the profile itself; with every probability positive every information
set is reached) and the profile afterwards (McKelvey & Palfrey, "Quantal
response equilibria for extensive form games", *Experimental Economics* 1,
1998).  At ``lambda = 0`` play is uniform; as ``lambda`` grows the principal
branch approaches a sequential equilibrium, so the beliefs along it
approximate consistent beliefs.

Payoffs are divided by their range (largest minus smallest outcome payoff)
before tracing, so ``lambda`` is in units of the payoff range and
``lambda_max`` means the same on every tree; the path reports ``lambda`` in the
tree's own payoff units.  The branch is traced on the equations in log-probabilities ``beta``,

    beta(h, a) - lambda * Q(h, a) + log sum_b exp(lambda * Q(h, b)) = 0,

followed in arc length (pseudo-arclength continuation: an Euler predictor along
the tangent and Newton corrections perpendicular to it), so a branch that turns
back in ``lambda`` is followed through its turning points.  At ``lambda_max``
the support of the limit is guessed from the profile, the indifference
equations on that support are solved by Newton's method (actions outside the
support keep tiny multiples of their branch probabilities meanwhile, so that
unreached information sets keep the branch's beliefs), and the result is
returned as an equilibrium only if its regret is within the tolerance (exactly
zero in exact mode, after rounding to nearby fractions) and it lies near the
last traced point; otherwise tracing continues to larger ``lambda``, and a
:class:`~gametheory.exceptions.SolverError` is raised when no such limit is
found.

At a symmetric bifurcation (a non-generic tree, for example a subgame whose two
pure equilibria tie in risk dominance, as in Gambit's ``sww3.efg`` and
``w_ex1.efg``) the tangent is oriented along the previous one, so the tracer
continues on the symmetric branch (to the mixed equilibrium); Gambit's tracer
switches to a bifurcating branch there and reports a pure limit.  Both are
limits of logit QRE; for generic trees the branch is unique.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..exceptions import SolverError, UnsupportedGameError
from ..game.behavior import MixedBehaviorProfile
from ..game.extensive import CHANCE, ExtensiveFormGame
from .result import make_result
from ._scale import scale_invariant


#: Largest number of gathered entries (rows x path entries) in one vectorised sweep;
#: batches are split into row chunks below it, and a tree whose one-row sweep would
#: exceed it is evaluated level by level instead.
SWEEP_BUDGET = 4_000_000


class _TreeEval:
    """Fast float evaluation of action values on a tree (flat action vector).

    Everything the sweeps need is built once, as index arrays: the reach of an
    information set's member is the product of the edge probabilities on its path
    from the root, and the continuation value of an action is the sum, over the
    nodes below the action's child that carry an outcome, of the outcome's payoff
    times the product of the edge probabilities between them.  Both are one
    gather and one ``np.multiply.reduceat`` over precomputed path segments (each
    segment starts with a dummy entry of probability 1, so none is empty), for a
    whole batch of profiles at once: no Python loop over nodes or levels.  Trees
    whose path lists would be too long (very deep ones, see
    :data:`SWEEP_BUDGET`) are swept level by level.
    """

    def __init__(self, game: ExtensiveFormGame):
        self.game = game
        self.n = game.n_players
        self.offset: dict = {}
        k = 0
        self.sets: list = []
        for i, sets in enumerate(game.infosets):
            for h in sets:
                self.offset[(i, h.number)] = k
                self.sets.append((i, h, k, len(h.actions)))
                k += len(h.actions)
        self.size = k
        N = len(game.nodes)
        self.out = np.zeros((N, self.n))
        for nd in game.nodes:
            if nd.outcome is not None:
                self.out[nd.index] = [float(v) for v in nd.outcome.payoffs]
        # Payoffs are measured in units of their range, so that lambda means the
        # same on every tree; ``scale`` converts back.
        span = float(self.out.max() - self.out.min()) if N else 0.0
        self.scale = span if span > 0 else 1.0
        self.out /= self.scale
        self.starts = np.array([k for _, _, k, _ in self.sets], dtype=int)
        self.h_of_k_block = np.repeat(np.arange(len(self.sets)), [m for _, _, _, m in self.sets]).astype(int)
        self._edges(game)
        self._paths(game)

    def _edges(self, game):
        """Per node: its parent, the flat action of the edge into it (-1 for chance
        and the root), the chance probability of that edge; per action entry
        ``(member u, action a)``: ``mk`` flat action, ``mc`` child, ``mi`` player,
        ``mu`` member node, ``mh`` information set (its position in ``sets``)."""
        N = len(game.nodes)
        block = {(i, h.number): j for j, (i, h, _, _) in enumerate(self.sets)}
        self.parent = np.full(N, -1)
        self.src = np.full(N, -1)
        self.cprob = np.ones(N + 1)          # index N: the dummy entry (probability 1)
        mk, mc, mi, mu, mh = [], [], [], [], []
        for nd in game.nodes:
            h = nd.infoset
            if h is None:
                continue
            for a, c in enumerate(nd.children):
                self.parent[c] = nd.index
                if h.player == CHANCE:
                    self.cprob[c] = float(h.probabilities[a])
                    continue
                k0 = self.offset[(h.player, h.number)]
                self.src[c] = k0 + a
                mk.append(k0 + a)
                mc.append(c)
                mi.append(h.player)
                mu.append(nd.index)
                mh.append(block[(h.player, h.number)])
        self.mk, self.mc, self.mi, self.mu, self.mh = (np.array(x, dtype=int) for x in (mk, mc, mi, mu, mh))
        self.player_edge = np.flatnonzero(self.src >= 0)
        self.player_src = self.src[self.player_edge]
        self.depth = np.array([nd.depth for nd in game.nodes], dtype=int)
        self.n_sets = len(self.sets)

    def _paths(self, game):
        """The path segments of the vectorised sweep, or ``self.levels`` when too long."""
        N = len(game.nodes)
        # Members (one per information set and node), sorted by information set.
        members = sorted({(int(h), int(u)) for h, u in zip(self.mh, self.mu)})
        self.mem_h = np.array([h for h, _ in members], dtype=int)
        self.mem_u = np.array([u for _, u in members], dtype=int)
        index = {m: j for j, m in enumerate(members)}
        self.mem_of_k = np.array([index[(int(h), int(u))] for h, u in zip(self.mh, self.mu)], dtype=int)
        self.count = np.bincount(self.mem_h, minlength=self.n_sets).astype(float)
        self.set_starts = np.searchsorted(self.mem_h, np.arange(self.n_sets)) if len(members) else np.zeros(0, int)
        # Path lengths first, to decide on the method before building long lists.
        has_out = np.flatnonzero(np.any(self.out != 0, axis=1))
        entry_of_child = np.full(N, -1)
        entry_of_child[self.mc] = np.arange(len(self.mc))
        pairs = []                        # (entry k, outcome node d) with d at or below k's child
        for d in has_out:
            node = int(d)
            while node >= 0:
                if entry_of_child[node] >= 0:
                    pairs.append((int(entry_of_child[node]), int(d)))
                node = int(self.parent[node])
        pairs = sorted(set(pairs) | {(k, int(c)) for k, c in enumerate(self.mc)})  # the child itself too
        total = (sum(int(self.depth[d] - self.depth[self.mc[k]]) + 1 for k, d in pairs)
                 + sum(int(self.depth[u]) + 1 for u in self.mem_u))
        self.levels: list[np.ndarray] | None = None
        if total > SWEEP_BUDGET:
            by_depth: dict = {}
            for nd in game.nodes:
                by_depth.setdefault(nd.depth, []).append(nd.index)
            self.levels = [np.array(by_depth[d]) for d in sorted(by_depth) if d > 0]
            self.width = 1
            return
        self.width = total
        self.reach_idx, self.reach_starts = self._segments([(0, int(u)) for u in self.mem_u])
        self.pair_idx, self.pair_starts = self._segments([(int(self.mc[k]), d) for k, d in pairs])
        pk = np.array([k for k, _ in pairs], dtype=int)
        pd = np.array([d for _, d in pairs], dtype=int)
        self.pair_weight = self.out[pd, self.mi[pk]]
        self.k_starts = np.searchsorted(pk, np.arange(len(self.mc)))
        order = np.argsort(self.mk, kind="stable")
        self.by_mk = order
        self.act_starts = np.searchsorted(self.mk[order], np.arange(self.size))
        self._derivative_maps(pk)

    def _derivative_maps(self, pk):
        """Flat ``(row * size + action)`` positions and multiplicities of the player
        edges on each pair path and each reach path, for :meth:`jacobian`."""
        def incidence(idx, starts):
            seg = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(idx))))
            a = np.append(self.src, -1)[idx]
            keep = a >= 0
            return seg[keep], seg[keep] * self.size + a[keep]

        self.pair_seg, pair_flat = incidence(self.pair_idx, self.pair_starts)
        # a pair's row in d(cont) is its action entry k
        self.pair_flat = pk[self.pair_seg] * self.size + pair_flat % self.size
        _, self.reach_flat = incidence(self.reach_idx, self.reach_starts)

    def _segments(self, paths):
        """Index lists of the edges strictly below ``top`` down to ``bottom`` (inclusive),
        each preceded by the dummy entry; returns ``(indices, starts)``."""
        dummy = len(self.parent)
        idx: list = []
        starts = []
        for top, bottom in paths:
            starts.append(len(idx))
            idx.append(dummy)
            node = bottom
            while node != top and node >= 0:
                idx.append(node)
                node = int(self.parent[node])
        return np.array(idx, dtype=int), np.array(starts, dtype=int)

    def _edge_probs(self, P):
        """``(B, N + 1)`` edge probabilities of the profiles ``P`` (``(B, size)``)."""
        E = np.tile(self.cprob, (P.shape[0], 1))
        E[:, self.player_edge] = P[:, self.player_src]
        return E

    def values_batch(self, P, logP=None):
        """The conditional action values ``Q`` of each row of ``P`` (``(B, size)`` flat profiles).

        ``Q(h, a)`` is the expected continuation value of ``a`` for ``h``'s player,
        given beliefs proportional to the members' reach; an information set no
        member of which is reached gets uniform beliefs.  With ``logP`` (the log
        probabilities, as on the branch) the beliefs are computed from log reach,
        so that they stay accurate where the reach itself underflows.
        """
        P = np.atleast_2d(np.asarray(P, dtype=float))
        if not self.size:
            return np.zeros((P.shape[0], 0))
        if self.levels is not None:
            return np.array([self._values_levels(row) for row in P])
        rows = max(1, SWEEP_BUDGET // max(1, self.width))
        if P.shape[0] > rows:
            return np.vstack([self.values_batch(P[r:r + rows], None if logP is None else logP[r:r + rows])
                              for r in range(0, P.shape[0], rows)])
        E = self._edge_probs(P)
        rel = np.multiply.reduceat(E[:, self.pair_idx], self.pair_starts, axis=1) * self.pair_weight
        cont = np.add.reduceat(rel, self.k_starts, axis=1)
        b = self._beliefs(E, logP)
        return np.add.reduceat((b[:, self.mem_of_k] * cont)[:, self.by_mk], self.act_starts, axis=1)

    def _beliefs(self, E, logP=None):
        """``(B, members)``: each member's probability given its information set."""
        if logP is not None:
            L = np.zeros_like(E)
            with np.errstate(divide="ignore"):
                L[:, :-1] = np.log(self.cprob[:-1])
            L[:, self.player_edge] = np.minimum(logP[:, self.player_src], 0.0)
            lr = np.add.reduceat(L[:, self.reach_idx], self.reach_starts, axis=1)
            top = np.maximum.reduceat(lr, self.set_starts, axis=1)
            top = np.where(np.isfinite(top), top, 0.0)
            reach = np.exp(lr - top[:, self.mem_h])
        else:
            reach = np.multiply.reduceat(E[:, self.reach_idx], self.reach_starts, axis=1)
        Ph = np.add.reduceat(reach, self.set_starts, axis=1)[:, self.mem_h]
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(Ph > 0, reach / np.where(Ph > 0, Ph, 1.0), 1.0 / self.count[self.mem_h])

    def _conditional(self, num, unif, Ph):
        Ph = Ph[:, self.h_of_k_block]
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(Ph > 0, num / np.where(Ph > 0, Ph, 1.0), unif / self.count[self.h_of_k_block])

    def _values_levels(self, p):
        """:meth:`values_batch` for one profile, swept level by level (very deep trees)."""
        assert self.levels is not None  # set when the tree is too deep for the batched sweep
        q = self._edge_probs(p[None, :])[0]
        reach = np.zeros(len(self.parent))
        reach[0] = 1.0
        for lev in self.levels:
            reach[lev] = reach[self.parent[lev]] * q[lev]
        V = self.out.copy()
        for lev in reversed(self.levels):
            np.add.at(V, self.parent[lev], q[lev][:, None] * V[lev])
        cont = V[self.mc, self.mi]
        Ph = np.bincount(self.mem_h, weights=reach[self.mem_u], minlength=self.n_sets)
        num = np.bincount(self.mk, weights=reach[self.mu] * cont, minlength=self.size)
        unif = np.bincount(self.mk, weights=cont, minlength=self.size)
        return self._conditional(num[None, :], unif[None, :], Ph[None, :])[0]

    def jacobian(self, beta, lam):
        """The Jacobian of :meth:`residual` in ``(beta, lambda)`` (``n x (n + 1)``).

        Analytic: the derivative of a product of edge probabilities along a path
        with respect to ``beta(a)`` (``p(a) = exp(beta(a))``) is the product itself
        times the number of times ``a`` lies on the path, so every derivative is a
        sparse product with the incidence matrices built once.  Very deep trees
        (swept level by level) use forward differences instead.
        """
        beta = np.asarray(beta, dtype=float)
        if self.levels is not None:
            return _fd_jacobian(self, beta, lam, self.residual(beta, lam))
        n, K, M = self.size, len(self.mc), len(self.mem_u)
        live = beta < 0                                          # d min(beta, 0) / d beta
        E = self._edge_probs(np.exp(np.minimum(beta, 0.0))[None, :])
        relw = np.multiply.reduceat(E[0, self.pair_idx], self.pair_starts) * self.pair_weight
        cont = np.add.reduceat(relw, self.k_starts)
        b = self._beliefs(E, beta[None, :])[0]
        # d cont / d beta(a): each pair's product times a's multiplicity on its path;
        # d b_m / d beta = b_m (R_m - sum_j b_j R_j) with R the path incidences.
        dcont = np.bincount(self.pair_flat, weights=relw[self.pair_seg], minlength=K * n).reshape(K, n) * live
        R = np.bincount(self.reach_flat, minlength=M * n).reshape(M, n) * live
        avg_R = np.add.reduceat(b[:, None] * R, self.set_starts, axis=0)[self.mem_h]
        db = b[:, None] * (R - avg_R)
        bk = b[self.mem_of_k]
        Q = np.add.reduceat((bk * cont)[self.by_mk], self.act_starts)
        dQ = np.add.reduceat((bk[:, None] * dcont + cont[:, None] * db[self.mem_of_k])[self.by_mk],
                             self.act_starts, axis=0)
        # lse_h(lam Q) has derivative sum_b s_b lam dQ_b, s the logit response in h.
        z = lam * Q
        zmax = np.maximum.reduceat(z, self.starts)
        e = np.exp(z - zmax[self.h_of_k_block])
        s = e / np.add.reduceat(e, self.starts)[self.h_of_k_block]
        avg_dQ = np.add.reduceat(s[:, None] * dQ, self.starts, axis=0)[self.h_of_k_block]
        avg_Q = np.add.reduceat(s * Q, self.starts)[self.h_of_k_block]
        J = np.empty((n, n + 1))
        J[:, :n] = np.eye(n) - lam * dQ + lam * avg_dQ
        J[:, n] = avg_Q - Q
        return J

    def values(self, p):
        """:meth:`values_batch` for one flat profile ``p``."""
        return self.values_batch(np.asarray(p, dtype=float)[None, :])[0]

    def residual_batch(self, betas, lams):
        """The branch equations at the rows of ``betas`` (``(B, size)``) and ``lams`` (``(B,)``)."""
        Q = self.values_batch(np.exp(np.minimum(betas, 0.0)), betas)
        z = lams[:, None] * Q
        zmax = np.maximum.reduceat(z, self.starts, axis=1)
        e = np.exp(z - zmax[:, self.h_of_k_block])
        lse = zmax + np.log(np.add.reduceat(e, self.starts, axis=1))
        return betas - z + lse[:, self.h_of_k_block]

    def residual(self, beta, lam):
        return self.residual_batch(np.asarray(beta, dtype=float)[None, :], np.array([float(lam)]))[0]

    def to_probs(self, flat):
        probs = [[None] * len(sets) for sets in self.game.infosets]
        for i, h, k, m in self.sets:
            probs[i][h.number - 1] = [float(x) for x in flat[k:k + m]]
        return probs


def _newton(f, x0, tol=1e-11, max_iter=30, eps=1e-7):
    """Newton's method on ``f`` (batched: rows of points to rows of residuals) with a
    forward-difference Jacobian evaluated in one batch; returns ``(x, converged)``."""
    x = np.array(x0, dtype=float)
    r = f(x[None, :])[0]
    for _ in range(max_iter):
        if np.max(np.abs(r)) < tol:
            return x, True
        X = np.tile(x, (len(x), 1))
        X[np.arange(len(x)), np.arange(len(x))] += eps
        J = ((f(X) - r) / eps).T
        try:
            dx = np.linalg.lstsq(J, -r, rcond=None)[0]
        except np.linalg.LinAlgError:
            return x, False
        step = 1.0
        while step > 1e-4:
            xn = x + step * dx
            rn = f(xn[None, :])[0]
            if np.all(np.isfinite(rn)) and np.max(np.abs(rn)) < np.max(np.abs(r)):
                break
            step /= 2
        else:
            return x, False
        x, r = xn, rn
    return x, bool(np.max(np.abs(r)) < tol * 100)


@scale_invariant
def agent_qre_solve(game: ExtensiveFormGame, exact: bool | None = None, *, lambda_max: float = 1000.0,
                    first_step: float = 0.1, tolerance: float | None = None, max_steps: int = 2000):
    """The agent logit QRE branch of a tree and its limit.

    Parameters
    ----------
    game : ExtensiveFormGame
        A numeric tree (any number of players, chance allowed, perfect recall
        for the final equilibrium check).
    exact : bool, optional
        Try to return the limit in Fractions with zero regret checked exactly
        (default: when the tree's payoffs are exact).
    lambda_max : float
        Precision, in units of the payoff range, at which tracing stops and the
        limit is polished.
    first_step : float
        First step in lambda (steps grow by half after easy corrections).
    tolerance : float, optional
        Regret tolerance of a float limit (default ``1e-9``).
    max_steps : int
        Cap on continuation steps.

    Returns
    -------
    EquilibriumResult
        ``method="qre"``; ``equilibria`` holds the verified limit; ``details`` has ``path`` (a list
        of ``(lambda, profile)`` with ``profile[i][k][a]``), ``lambda``,
        ``qre_point`` (the last QRE profile), ``qre_beliefs`` (its beliefs,
        an approximation of consistent beliefs) and ``steps`` (continuation steps).

    Raises
    ------
    UnsupportedGameError
        If the tree does not have perfect recall.
    SolverError
        If no verified equilibrium near the end of the traced branch is found.
    """
    if not isinstance(game, ExtensiveFormGame):
        raise UnsupportedGameError("agent_qre_solve needs a game tree (an ExtensiveFormGame)")
    if game.is_symbolic:
        game = game.substitute()
    if exact is None:
        exact = game.kind == "exact"
    problems = game.perfect_recall_violations()
    if problems:
        # The agent QRE is defined here with beliefs from Bayes' rule on the
        # profile itself, and the limit is checked as a Nash equilibrium of the
        # tree: both need perfect recall (as spe and seqform do).
        raise UnsupportedGameError("agent QRE needs perfect recall: " + problems[0])
    with _single_threaded_blas():
        return _solve(game, exact, lambda_max, first_step, tolerance, max_steps)


def _single_threaded_blas():
    """A context limiting BLAS to one thread, when threadpoolctl is installed.

    The tracer solves thousands of small dense systems; a multi-threaded BLAS
    wakes its threads for each of them, which on a busy machine made every
    100 x 100 solve take 0.2 s instead of 0.2 ms (a 50-move centipede ran for
    minutes).
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        from contextlib import nullcontext
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _solve(game, exact, lambda_max, first_step, tolerance, max_steps):
    ev = _TreeEval(game)
    beta = np.concatenate([np.full(m, -np.log(m)) for _, _, _, m in ev.sets]) if ev.sets else np.zeros(0)
    lam = 0.0
    path = [(0.0, ev.to_probs(np.exp(beta)))]
    state = {"step": first_step, "prev": None, "steps": 0}
    # Checkpoints: from lambda = 20 (payoff-range units) on, every 1.5 times further,
    # the limit is guessed by polishing; two checkpoints in a row giving the same
    # equilibrium, the second nearer the traced point, end the tracing early.
    tol = 1e-9 if tolerance is None else float(tolerance)
    state["check"] = {"next": 20.0, "previous": None, "found": None,
                      "polish": lambda p: _polish(game, ev, p, tol)}
    warns = []
    target = float(lambda_max)
    candidate = None
    stuck = False
    while True:
        lam, beta, stuck = _trace(ev, lam, beta, target, state, path, max_steps)
        candidate = state["check"]["found"] or _polish(game, ev, np.exp(beta), tol)
        # Not yet near the limit: trace further, up to 1000 times lambda_max.
        if candidate is not None or stuck or target >= 1000 * lambda_max or state["steps"] >= max_steps:
            break
        target *= 10
    if stuck:
        warns.append(f"the QRE branch could not be followed beyond lambda = {lam / ev.scale:.4g}")
    qre_point = MixedBehaviorProfile(game, ev.to_probs(np.exp(beta)) if ev.size else
                                     [[] for _ in game.players], exact=False)
    details = {"lambda": lam / ev.scale, "path": _thin(path, 200), "qre_point": qre_point,
               "qre_beliefs": qre_point.beliefs(), "steps": state["steps"]}
    equilibria = []
    used_exact = False
    if candidate is not None:
        if exact:
            ex = _rationalize(candidate)
            if ex is not None:
                equilibria = [ex]
                used_exact = True
            else:
                warns.append("the limit is not a simple rational profile; returned in floating point")
                equilibria = [candidate]
        else:
            equilibria = [candidate]
    else:
        raise SolverError(f"agent QRE: the branch point at lambda = {lam / ev.scale:.4g} could not be polished "
                          f"into an equilibrium within tolerance {tol:g} near the end of the traced path"
                          + ("; the branch could not be followed further" if stuck else ""))
    return make_result(game, "qre", equilibria, exact=used_exact, tolerance=None if used_exact else tol,
                       warnings=warns, details=details)


def _jacobian(ev, beta, lam, r0):
    """The Jacobian of the branch equations at ``(beta, lam)`` (``r0``: the residual there)."""
    return ev.jacobian(beta, lam)


def _fd_jacobian(ev, beta, lam, r0, eps=1e-7):
    """Forward-difference Jacobian of the residual in ``(beta, lambda)``: ``n x (n + 1)``,
    all ``n + 1`` perturbed residuals evaluated in one batched sweep of the tree."""
    n = len(beta)
    betas = np.tile(beta, (n + 1, 1))
    betas[np.arange(n), np.arange(n)] += eps
    lams = np.full(n + 1, float(lam))
    lams[n] += eps
    R = ev.residual_batch(betas, lams)
    return ((R - r0) / eps).T


def _tangent(J, previous):
    """The unit tangent of the branch: the null vector of ``J`` oriented along ``previous``.

    Solving ``[J; previous] t = [0; 1]`` gives the null direction with a positive
    component along the previous tangent, so the branch is followed through
    turning points (where lambda runs backwards for a while) without reversing.
    """
    A = np.vstack([J, previous])
    rhs = np.zeros(len(previous))
    rhs[-1] = 1.0
    try:
        t = np.linalg.solve(A, rhs)
    except np.linalg.LinAlgError:
        t = np.linalg.lstsq(A, rhs, rcond=None)[0]
    norm = np.linalg.norm(t)
    return t / norm if norm > 0 and np.all(np.isfinite(t)) else None


def _trace(ev, lam, beta, target, state, path, max_steps):
    """Follow the branch from ``(lam, beta)`` until lambda reaches ``target``.

    Pseudo-arclength continuation (Allgower & Georg, *Introduction to Numerical
    Continuation Methods*, 2003, ch. 2; the method of Turocy 2005 for the logit
    QRE): an Euler predictor along the tangent, Newton corrections perpendicular
    to it, the step length in arc length halved on failure and grown on easy
    steps.  Returns ``(lam, beta, stuck)``.
    """
    y = np.concatenate([beta, [lam]])
    n = len(beta)
    t = state.get("tangent")
    if t is None:
        t = np.zeros(n + 1)
        t[-1] = 1.0
    J = state.get("jacobian")
    while y[-1] < target and state["steps"] < max_steps and ev.size:
        state["steps"] += 1
        fresh = J is None or state.get("fresh", 0) <= 0
        if fresh:
            # The Jacobian (one analytic sweep; n + 1 sweeps by differences on very
            # deep trees) is reused over steps where the corrector converges quickly.
            r0 = ev.residual(y[:n], y[-1])
            J = _jacobian(ev, y[:n], y[-1], r0)
            state["fresh"] = _reuse(ev)
        t_new = _tangent(J, t)
        if t_new is None:
            return y[-1], y[:n], True
        t = t_new
        h = state["step"]
        ok = False
        while h >= 1e-10:
            z = y + h * t
            Jc = J
            converged = False
            for it in range(8):
                rz = ev.residual(z[:n], z[-1])
                if not np.all(np.isfinite(rz)):
                    break
                if np.max(np.abs(rz)) < 1e-10:
                    converged = True
                    break
                if it == 3 or (it >= 1 and ev.levels is None):
                    Jc = _jacobian(ev, z[:n], z[-1], rz)
                A = np.vstack([Jc, t])
                try:
                    dz = np.linalg.solve(A, np.concatenate([-rz, [0.0]]))
                except np.linalg.LinAlgError:
                    break
                z = z + dz
            moved = np.linalg.norm(z - (y + h * t))
            if converged and moved <= 0.5 * h + 1e-9:
                ok = True
                break
            h /= 2
            if not fresh:
                # Perhaps only the reused Jacobian is stale: refresh it once.
                r0 = ev.residual(y[:n], y[-1])
                J = _jacobian(ev, y[:n], y[-1], r0)
                state["fresh"] = _reuse(ev)
                fresh = True
                t_new = _tangent(J, t)
                t = t if t_new is None else t_new
        if not ok:
            return y[-1], y[:n], True
        # Where the branch is nearly straight (far out it is almost linear in
        # lambda) the corrector barely moves and the step doubles; a step the
        # corrector had to bend sharply makes the next one shorter.
        ratio = moved / h
        state["step"] = h * (2.0 if ratio < 0.02 else 1.3 if ratio < 0.1 else 1.0 if ratio < 0.25 else 0.6)
        state["fresh"] = state.get("fresh", 0) - (1 if it <= 3 else 4)
        y = z
        path.append((y[-1] / ev.scale, ev.to_probs(np.exp(np.minimum(y[:n], 0.0)))))
        if _checkpoint(state.get("check"), y[-1], np.exp(np.minimum(y[:n], 0.0))):
            break
    state["tangent"] = t
    state["jacobian"] = J
    return y[-1], y[:n], False


def _reuse(ev: _TreeEval) -> int:
    """Steps over which a Jacobian is reused: none when it is analytic (cheap and
    exact, so the tangent and the Newton corrections stay accurate and the steps
    long), four when it costs ``n + 1`` sweeps by differences."""
    return 1 if ev.levels is None else 4


def _checkpoint(check, lam, p) -> bool:
    """At a checkpoint, polish the branch point ``p``; True once two checkpoints in a
    row give the same equilibrium, the later one nearer its branch point (the
    branch is converging to it, not passing by)."""
    if check is None or lam < check["next"]:
        return False
    check["next"] = lam * 1.5
    cand = check["polish"](p)
    if cand is None:
        check["previous"] = None
        return False
    flat = np.concatenate([np.asarray(x, dtype=float) for pl in cand.probabilities for x in pl]) \
        if p.size else np.zeros(0)
    key = tuple(np.round(flat, 6))
    dist = float(np.max(np.abs(flat - p))) if p.size else 0.0
    prev, check["previous"] = check["previous"], (key, dist)
    if prev is not None and prev[0] == key and dist <= prev[1]:
        check["found"] = cand
        return True
    return False


def _thin(path, k):
    if len(path) <= k:
        return path
    idx = np.unique(np.linspace(0, len(path) - 1, k).round().astype(int))
    return [path[i] for i in idx]


#: A polished limit is accepted only this close (largest probability difference)
#: to the last traced QRE point: a point elsewhere is not the branch's limit.
NEAR_PATH_END = 0.05


def _polish(game, ev: _TreeEval, p, tol):
    """Guess the limit's support and solve its indifference equations; None if it fails.

    Actions outside the guessed support keep a tiny multiple of their QRE
    probability while the equations are solved, so that information sets the
    limit does not reach still get the beliefs of the branch (an approximation of
    consistent beliefs) instead of arbitrary ones; they are set to zero for the
    final check.  The result must have regret within ``tol`` and lie within
    :data:`NEAR_PATH_END` of the QRE point ``p``.
    """
    for cut in (1e-3, 1e-5, 1e-2):
        support = []
        for i, h, k, m in ev.sets:
            block = p[k:k + m]
            support.append([a for a in range(m) if block[a] >= cut * block.max()])
        start = np.array(p, dtype=float)
        outside = np.zeros(len(p), dtype=bool)
        for (i, h, k, m), sup in zip(ev.sets, support):
            for a in range(m):
                if a not in sup:
                    outside[k + a] = True
        start[outside] *= 1e-6
        for (i, h, k, m), sup in zip(ev.sets, support):
            start[k:k + m] /= start[k:k + m].sum()
        free = [(k + a) for (i, h, k, m), sup in zip(ev.sets, support) if len(sup) > 1 for a in sup]
        if free:
            f = _support_equations(ev, support, start, free)
            z, ok = _newton(f, start[free], tol=1e-13)
            if not ok or np.any(z < -1e-12):
                continue
            start[free] = np.maximum(z, 0.0)
        start[outside] = 0.0
        for (i, h, k, m), sup in zip(ev.sets, support):
            start[k:k + m] /= start[k:k + m].sum()
        if start.size and np.max(np.abs(start - p)) > NEAR_PATH_END:
            continue
        prof = MixedBehaviorProfile(game, ev.to_probs(start), exact=False)
        try:
            if prof.max_regret() <= tol and prof.distribution_error() <= tol:
                return prof
        except UnsupportedGameError:
            return None
    return None


def _support_equations(ev: _TreeEval, support, start, free):
    """The indifference equations of ``support`` as a batched function of the free
    probabilities: each action of a mixing information set is worth the same as
    its first support action, and the set's probabilities sum to 1."""
    a_idx: list[int] = []
    ref_idx: list[int] = []
    cols: list[int] = []
    seg: list[int] = []
    for (i, h, k, m), sup in zip(ev.sets, support):
        if len(sup) > 1:
            a_idx += [k + a for a in sup[1:]]
            ref_idx += [k + sup[0]] * (len(sup) - 1)
            seg.append(len(cols))
            cols += list(range(k, k + m))
    a_arr, r_arr, c_arr, s_arr = (np.array(x, dtype=int) for x in (a_idx, ref_idx, cols, seg))

    def f(Z):
        q = np.tile(start, (Z.shape[0], 1))
        q[:, free] = Z
        Q = ev.values_batch(q)
        return np.hstack([Q[:, a_arr] - Q[:, r_arr], np.add.reduceat(q[:, c_arr], s_arr, axis=1) - 1.0])
    return f


def _rationalize(prof: MixedBehaviorProfile):
    """The profile with each probability rounded to a nearby fraction, if that is an exact equilibrium."""
    for den in (100, 10_000, 1_000_000):
        probs = []
        for pl in prof.probabilities:
            row = []
            for block in pl:
                fr = [Fraction(float(x)).limit_denominator(den) for x in block]
                if fr:
                    fr[-1] = Fraction(1) - sum(fr[:-1], Fraction(0))
                row.append(fr)
            probs.append(row)
        cand = MixedBehaviorProfile(prof.game, probs, exact=True)
        if cand.distribution_error() == 0 and cand.max_regret() == 0:
            return cand
    if prof.game.n_players == 2:
        # Two players: solve the support's sequence-form equations in rationals.
        from .sequence_form import _exact_from_support, behavior_from_plans, sequence_form
        try:
            sf = sequence_form(prof.game, exact=True)
        except UnsupportedGameError:
            return None
        plans = []
        for i in range(2):
            rp = prof.realization_plan(i)
            plans.append([float(rp[seq]) for seq in sf.sequences[i]])
        exact = _exact_from_support(sf, plans[0], plans[1])
        if exact is not None:
            return behavior_from_plans(sf, exact[0], exact[1], True)
    return None
