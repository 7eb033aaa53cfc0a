"""The sequence form of a two-player tree with perfect recall, and its equilibria.

Koller, Megiddo & von Stengel (1996) replace mixed strategies, exponential in
the size of the tree, by **realisation plans**: the probability ``x[s]`` with
which a player's own moves follow each of its *sequences* ``s`` (the empty
sequence, or a last own move ``(information set, action)``).  A realisation plan
is a nonnegative ``x`` with ``E x = e``: ``x[empty] = 1`` and, at each information
set ``h``, the plans of its actions add up to the plan of the sequence leading
to ``h``.  Payoffs are bilinear: ``x^T A y`` with

    A[s, t] = sum over leaves z whose sequences are (s, t) of chance(z) * u_1(z)

(``B`` likewise for player 2), so both matrices have at most one entry per leaf
and are built here directly from the tree, sparse, without the reduced normal
form.

Equilibria solve the linear complementarity problem (LCP)

    E x = e,   F y = f,   x, y >= 0,   p, q free,
    a = E^T p - A y >= 0,   x^T a = 0,
    b = F^T q - B^T x >= 0, y^T b = 0,

whose rows are the best-response linear programs and their duals.  A zero-sum
(constant-sum) tree is one linear program per player (KMvS 1996, sec. 3;
Romanovskii 1962), solved by HiGHS.

General-sum trees run Lemke's algorithm as the **tracing procedure** of von
Stengel, van den Elzen & Talman (2002): with a completely mixed prior
``(xbar, ybar)`` (uniform behaviour), the covering vector is ``d = (-A ybar,
-B^T xbar)``, so that at level ``z0`` player 1 answers ``y + z0 ybar`` and player
2 answers ``x + z0 xbar``; the path starts at the players' sequential best
responses to the prior (``z0`` large) and ends at ``z0 = 0``, an equilibrium,
never a ray.  The equilibrium is normal-form perfect only for a *generic* prior
(von Stengel et al. 2002, Theorem 4.5); the uniform prior is not generic, and a
restart changes the prior, so no perfection is claimed: on Gambit's ``bhg2``,
``bhg3`` and ``bcp3`` player 2's equilibrium strategy is weakly dominated in the
reduced normal form.  Small exact problems pivot in integers on the
dense tableau (:mod:`gametheory.solvers.lemke`); all others follow the path in
floating point on a factorised basis (:mod:`._revised_lemke`), restarted from its
best point when it runs long, and exact mode solves the final basis in
rationals (:mod:`._exact_sparse`), falling back to the support of the answer and
then to exact pivoting restarted from the floating-point basis.  Every result is
checked exactly by :func:`~gametheory.solvers.result.make_result`.

References
----------
Koller, D., Megiddo, N. & von Stengel, B. (1996). Efficient computation of
equilibria for extensive two-person games. *Games and Economic Behavior* 14, 247-259.
von Stengel, B., van den Elzen, A. & Talman, D. (2002). Computing normal form
perfect equilibria for extensive two-person games. *Econometrica* 70, 693-715.
Lemke, C. E. (1965). Bimatrix equilibrium points and mathematical programming.
*Management Science* 11, 681-689.
von Stengel, B. (1996). Efficient computation of behavior strategies. *Games and
Economic Behavior* 14, 220-246.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import SolverError, UnsupportedGameError
from ..game.behavior import MixedBehaviorProfile, _TreeNumbers, sequence_parents
from ..game.extensive import CHANCE, ExtensiveFormGame, Infoset
from .lemke import lemke
from .result import make_result
from ._scale import scale_invariant

#: Largest LCP (rows) that exact mode solves by integer pivoting from the start.
EXACT_PIVOT_ROWS = 64
#: Largest sequence-form LCP (rows) that Lemke's algorithm is attempted on.
MAX_LCP_ROWS = 15_000


@dataclass
class SequenceForm:
    """The sequence form of a two-player tree.

    Attributes
    ----------
    sequences : list of two lists
        ``sequences[i][s]`` is ``None`` (the empty sequence, ``s == 0``) or
        ``(infoset number, action index)``.
    index : list of two dicts
        ``(infoset number, action) -> s`` (and ``None -> 0``).
    parents : list of two dicts
        ``infoset number -> parent sequence index``.
    A, B : dict
        Sparse payoff matrices ``{(s, t): value}`` (chance-weighted sums over leaves).
    E, F : list of (row, column, value)
        Sparse constraint matrices; row 0 is the empty sequence's, row ``k`` is
        information set ``k``'s.
    """

    game: ExtensiveFormGame
    sequences: list
    index: list
    parents: list
    A: dict
    B: dict
    E: list
    F: list
    exact: bool
    leaves: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def sizes(self) -> tuple:
        """``(n1, n2, m1, m2)``: sequences and information sets + 1 of each player."""
        return (len(self.sequences[0]), len(self.sequences[1]),
                len(self.game.infosets[0]) + 1, len(self.game.infosets[1]) + 1)

    def constraint_matrix(self, player: int):
        """``E`` (player 0) or ``F`` (player 1) as a scipy sparse matrix."""
        from scipy import sparse
        trip = self.E if player == 0 else self.F
        n = self.sizes[player]
        m = self.sizes[2 + player]
        r, c, v = zip(*trip)
        return sparse.csr_matrix((np.array(v, dtype=float), (r, c)), shape=(m, n))

    def payoff_matrix(self, player: int):
        """``A`` (player 0) or ``B`` (player 1) as a scipy sparse ``n1 x n2`` matrix."""
        from scipy import sparse
        d = self.A if player == 0 else self.B
        n1, n2 = self.sizes[:2]
        if not d:
            return sparse.csr_matrix((n1, n2))
        keys = list(d)
        return sparse.csr_matrix(([float(d[k]) for k in keys], ([k[0] for k in keys], [k[1] for k in keys])),
                                 shape=(n1, n2))


def sequence_form(game: ExtensiveFormGame, exact: bool = True) -> SequenceForm:
    """Build the sequence form of a two-player tree with perfect recall (linear in its size).

    Raises
    ------
    UnsupportedGameError
        Unless the tree has two players and perfect recall.
    """
    if game.n_players != 2:
        raise UnsupportedGameError(f"the sequence form needs two players; the tree has {game.n_players}")
    if game.is_symbolic:
        raise UnsupportedGameError("the tree is symbolic; call substitute() with parameter values first")
    sequences, index, parents, Es = [], [], [], []
    for i in range(2):
        par = sequence_parents(game, i)  # raises on imperfect recall
        seqs: list[tuple[int, int] | None] = [None]
        idx: dict[tuple[int, int] | None, int] = {None: 0}
        for h in game.infosets[i]:
            for a in range(len(h.actions)):
                idx[(h.number, a)] = len(seqs)
                seqs.append((h.number, a))
        trip = [(0, 0, 1)]
        for h in game.infosets[i]:
            trip.append((h.number, idx[par[h.number]], -1))
            for a in range(len(h.actions)):
                trip.append((h.number, idx[(h.number, a)], 1))
        sequences.append(seqs)
        index.append(idx)
        parents.append({num: idx[s] for num, s in par.items()})
        Es.append(trip)
    nums = _TreeNumbers(game, exact)
    A: dict = {}
    B: dict = {}
    zero, one = nums.zero, nums.one
    nodes = game.nodes
    stack = [(0, one, (zero, zero), 0, 0)]
    leaves = 0
    while stack:
        k, prob, acc, s1, s2 = stack.pop()
        node = nodes[k]
        if node.outcome is not None:
            out = nums.outcome[k]
            acc = (acc[0] + out[0], acc[1] + out[1])
        if not node.children:
            leaves += 1
            if prob != 0:
                key = (s1, s2)
                A[key] = A.get(key, zero) + prob * acc[0]
                B[key] = B.get(key, zero) + prob * acc[1]
            continue
        h = _infoset(node)
        if h.player == CHANCE:
            for c, p in zip(node.children, nums.chance[id(h)]):
                stack.append((c, prob * p, acc, s1, s2))
        elif h.player == 0:
            for a, c in enumerate(node.children):
                stack.append((c, prob, acc, index[0][(h.number, a)], s2))
        else:
            for a, c in enumerate(node.children):
                stack.append((c, prob, acc, s1, index[1][(h.number, a)]))
    return SequenceForm(game, sequences, index, parents, A, B, Es[0], Es[1], exact, leaves)


def _infoset(node) -> Infoset:
    """The information set of a node with children (never None there)."""
    return node.infoset


def _is_constant_sum(sf: SequenceForm, nums: _TreeNumbers, game) -> bool:
    total: Any = None
    # Constant-sum at every play: check on the leaves' accumulated payoffs.
    stack = [(0, (nums.zero, nums.zero))]
    while stack:
        k, acc = stack.pop()
        node = game.nodes[k]
        out = nums.outcome[k]
        acc = (acc[0] + out[0], acc[1] + out[1])
        if not node.children:
            s = acc[0] + acc[1]
            if total is None:
                total = s
            elif (s != total if nums.exact else abs(s - total) > 1e-12 * max(1.0, abs(total))):
                return False
            continue
        for c in node.children:
            stack.append((c, acc))
    return True


@scale_invariant
def seqform_solve(game: ExtensiveFormGame, exact: bool | None = None, *, lp: bool | None = None,
                  seed: int = 0, max_starts: int = 8, tolerance: float | None = None):
    """One Nash equilibrium of a two-player tree with perfect recall, via the sequence form.

    Parameters
    ----------
    game : ExtensiveFormGame
        Two players, perfect recall, chance allowed.
    exact : bool, optional
        Exact rationals (default: exact when the tree's payoffs are).
    lp : bool, optional
        Solve a constant-sum tree as a linear program (default: when it is
        constant-sum); ``False`` forces Lemke's algorithm.
    seed : int
        Seed for the random priors tried after the uniform one (and for the
        nudges of a restarted path).
    max_starts : int
        Priors to try: the uniform one, then random completely mixed ones, used
        only when a prior admits no valid start or its path hits the pivot limit.
    tolerance : float, optional
        Regret tolerance in floating point.

    Returns
    -------
    EquilibriumResult
        ``method="seqform"``, one :class:`MixedBehaviorProfile`; ``details``
        holds ``sequences`` (per player), ``pivots``, ``algorithm`` (``"lemke"``,
        ``"lemke (float path, exact support)"``, ``"lemke (float path, exact
        restart)"`` or ``"lp"``), ``prior``, ``starts``, ``restarts`` and the
        realisation ``plans``.

    Raises
    ------
    UnsupportedGameError
        Not a two-player tree with perfect recall, or an LCP of more than
        :data:`MAX_LCP_ROWS` rows.
    SolverError
        No prior led to an equilibrium (not expected: the tracing procedure
        cannot end in a ray).
    """
    if not isinstance(game, ExtensiveFormGame):
        raise UnsupportedGameError("seqform_solve needs a game tree (an ExtensiveFormGame)")
    if game.is_symbolic:
        game = game.substitute()
    if exact is None:
        exact = game.kind == "exact"
    sf = sequence_form(game, exact=exact)
    nums = _TreeNumbers(game, exact)
    if lp is None:
        lp = _is_constant_sum(sf, nums, game)
    details = {"sequences": [len(sf.sequences[0]), len(sf.sequences[1])], "leaves": sf.leaves}
    warns = []
    if lp:
        x, y = _solve_lp(sf)
        details["algorithm"] = "lp"
        plans = None
        if exact:
            plans = _exact_from_support(sf, x, y)
            if plans is None:
                warns.append("the LP solution could not be rebuilt exactly from its support; "
                             "Lemke's algorithm in integers was used instead")
                x_, y_, piv, _, _ = _run_lemke(sf, True, seed, max_starts,
                                               dense=sum(sf.sizes) <= EXACT_PIVOT_ROWS)
                plans = (x_, y_)
                details["algorithm"] = "lemke"
                details["pivots"] = piv
        else:
            plans = (x, y)
    else:
        n1, n2, m1, m2 = sf.sizes
        rows = n1 + n2 + m1 + m2
        if rows > MAX_LCP_ROWS:
            raise UnsupportedGameError(
                f"the sequence-form LCP has {rows} rows, more than the {MAX_LCP_ROWS} attempted; "
                "constant-sum trees are solved as an LP (lp=True), and "
                "perfect-information trees by backward induction (method 'spe')")
        if exact and rows <= EXACT_PIVOT_ROWS:
            xe, ye, piv, _, _ = _run_lemke(sf, True, seed, max_starts, dense=True)
            plans = (xe, ye)
            details["algorithm"] = "lemke"
        else:
            xf, yf, piv, lcp, basis = _run_lemke(sf, False, seed, max_starts)
            plans = (xf, yf)
            details["algorithm"] = "lemke"
            if exact:
                details["algorithm"] = "lemke (float path, exact support)"
                plans = _exact_from_basis(sf, lcp, basis)
                if plans is None:
                    plans = _exact_from_support(sf, xf, yf, p=sf.extra.get("p"), q=sf.extra.get("q"))
                if plans is None:
                    again = _exact_restart(sf, basis)
                    if again is None:
                        raise SolverError("the floating-point Lemke path could not be made exact: "
                                          "neither its final basis nor an exact restart from it "
                                          "gave an equilibrium")
                    plans = again[:2]
                    piv += again[2]
                    details["algorithm"] = "lemke (float path, exact restart)"
        details["pivots"] = piv
        details["prior"] = sf.extra.get("prior")
        if "restarts" in sf.extra:
            details["restarts"] = sf.extra["restarts"]
    profile = behavior_from_plans(sf, plans[0], plans[1], exact)
    if "starts" in sf.extra:
        details["starts"] = sf.extra["starts"]
    details["plans"] = [list(plans[0]), list(plans[1])]
    return make_result(game, "seqform", [profile], exact=exact, tolerance=tolerance,
                       warnings=warns, details=details)


def behavior_from_plans(sf: SequenceForm, x, y, exact: bool) -> MixedBehaviorProfile:
    """Behaviour strategies from realisation plans: ``b(h, a) = x[(h, a)] / x[parent(h)]``.

    Information sets that the player's own plan never reaches get the uniform
    distribution (any choice there is realisation-equivalent).
    """
    game = sf.game
    probs = []
    for i, plan in enumerate((x, y)):
        if not exact:
            plan = [max(0.0, float(v)) for v in plan]
        row = []
        for h in game.infosets[i]:
            base = plan[sf.parents[i][h.number]]
            vals = [plan[sf.index[i][(h.number, a)]] for a in range(len(h.actions))]
            m = len(vals)
            tot = sum(vals)
            if (base == 0 if exact else base <= 1e-13) or tot == 0:
                row.append([Fraction(1, m) if exact else 1.0 / m] * m)
            elif exact:
                row.append([v / base for v in vals])
            else:
                row.append([v / tot for v in vals])
        probs.append(row)
    return MixedBehaviorProfile(game, probs, exact=exact)


# ---------------------------------------------------------------------- Lemke
@dataclass
class _LCP:
    """The sequence-form LCP with a covering column, as sparse equations.

    Variables: x (n1), y (n2), p (m1), q (m2), a (n1), b (n2), z0.  Rows:

    * ``s < n1``: ``(E^T p)_s - (A y)_s - a_s + d1_s z0 = 0``;
    * ``n1 + t``: ``(F^T q)_t - (B^T x)_t - b_t + d2_t z0 = 0``;
    * then ``E x = e`` and ``F y = f``.

    ``A``, ``B`` are the payoff matrices with every leaf payoff shifted below
    zero (KMvS 1996, sec. 4); ``d1``, ``d2`` the covering vector.
    """

    trip: Any   # (row, column, value) triples; None when the float matrix is given
    rhs: list
    basis: list
    comp: dict
    free: set
    z0: int
    rows: int
    nvar: int
    exact: bool
    matrix: object = None

    def float_matrix(self):
        if self.matrix is not None:
            return self.matrix
        from scipy import sparse
        r, c, v = zip(*self.trip)
        return sparse.csc_matrix((np.array(v, dtype=float), (r, c)), shape=(self.rows, self.nvar))

    def exact_columns(self, z0_column=None) -> list:
        cols: list = [dict() for _ in range(self.nvar)]
        for r, c, v in self.trip:
            col = cols[c]
            col[r] = col.get(r, 0) + v
        if z0_column is not None:
            cols[self.z0] = dict(z0_column)
        return [{r: v for r, v in col.items() if v != 0} for col in cols]

    def dense_tableau(self):
        """``[T | rhs]`` dense: floats, or integers with each row scaled by a positive integer."""
        if not self.exact:
            T = np.zeros((self.rows, self.nvar + 1), dtype=float)
            T[:, :-1] = self.float_matrix().toarray()
            T[:, -1] = np.asarray(self.rhs, dtype=float)
            return T
        rows: list = [dict() for _ in range(self.rows)]
        for r, c, v in self.trip:
            rows[r][c] = rows[r].get(c, 0) + Fraction(v)
        for r, v in enumerate(self.rhs):
            if v != 0:
                rows[r][self.nvar] = Fraction(v)
        T = np.zeros((self.rows, self.nvar + 1), dtype=object)
        T[:] = 0
        for r, row in enumerate(rows):
            scale = _lcm_den(row.values())
            for c, v in row.items():
                T[r, c] = int(v * scale)
        return T

    def split(self, values, sizes):
        n1, n2, m1, m2 = sizes
        return (values[:n1], values[n1:n1 + n2], values[n1 + n2:n1 + n2 + m1],
                values[n1 + n2 + m1:n1 + n2 + m1 + m2])


def _build_lcp(sf: SequenceForm, exact: bool, prior, start) -> _LCP:
    """The LCP of the tracing procedure from ``prior`` with ``start`` as the first basis.

    ``prior`` is a pair of completely mixed realisation plans ``(xbar, ybar)``;
    the covering vector is ``d1 = -A ybar``, ``d2 = -B^T xbar``, so that at level
    ``z0`` player 1 responds to ``y + z0 ybar`` and player 2 to ``x + z0 xbar``
    (von Stengel, van den Elzen & Talman 2002).  ``start`` holds the basic
    sequences of each player's best response to the prior.
    """
    if not exact:
        return _build_float_lcp(sf, prior, start)
    n1, n2, m1, m2 = sf.sizes
    X, Y, P, Q = 0, n1, n1 + n2, n1 + n2 + m1
    Aa, Bb = Q + m2, Q + m2 + n1
    z0 = Bb + n2
    rows = n1 + n2 + m1 + m2
    A, B = _shifted(sf, 0, exact), _shifted(sf, 1, exact)
    xbar, ybar = prior
    zero = Fraction(0) if exact else 0.0
    d1 = [zero] * n1
    d2 = [zero] * n2
    trip = []
    for (s, t), v in A.items():
        if v != 0:
            trip.append((s, Y + t, -v))
            d1[s] -= v * ybar[t]
    for (s, t), v in B.items():
        if v != 0:
            trip.append((n1 + t, X + s, -v))
            d2[t] -= v * xbar[s]
    for (r, c, v) in sf.E:
        trip.append((c, P + r, v))
        trip.append((n1 + n2 + r, X + c, v))
    for (r, c, v) in sf.F:
        trip.append((n1 + c, Q + r, v))
        trip.append((n1 + n2 + m1 + r, Y + c, v))
    for j in range(n1):
        trip.append((j, Aa + j, -1))
        if d1[j] != 0:
            trip.append((j, z0, d1[j]))
    for j in range(n2):
        trip.append((n1 + j, Bb + j, -1))
        if d2[j] != 0:
            trip.append((n1 + j, z0, d2[j]))
    rhs, basis, comp, free = _lcp_frame(sf, start)
    return _LCP(trip, rhs, basis, comp, free, z0, rows, z0 + 1, exact)


def _lcp_frame(sf: SequenceForm, start):
    """What the exact and float LCPs share: right-hand side, starting basis, complements, free variables.

    Variables are ordered ``x, y, p, q, a, b, z0`` (sequences of both players, the
    unrestricted information-set values, the slacks of the two best-response
    conditions, the artificial variable); ``start`` holds the sequences basic at
    the start (the best responses to the prior), whose slacks are nonbasic.
    """
    n1, n2, m1, m2 = sf.sizes
    X, Y, P, Q = 0, n1, n1 + n2, n1 + n2 + m1
    Aa, Bb = Q + m2, Q + m2 + n1
    rhs = [0] * (n1 + n2 + m1 + m2)
    rhs[n1 + n2] = 1
    rhs[n1 + n2 + m1] = 1
    xs, ys = set(start[0]), set(start[1])
    basis = list(range(P, P + m1)) + list(range(Q, Q + m2))
    basis += [X + j for j in sorted(xs)] + [Aa + j for j in range(n1) if j not in xs]
    basis += [Y + j for j in sorted(ys)] + [Bb + j for j in range(n2) if j not in ys]
    comp = {}
    for j in range(n1):
        comp[X + j] = Aa + j
        comp[Aa + j] = X + j
    for j in range(n2):
        comp[Y + j] = Bb + j
        comp[Bb + j] = Y + j
    return rhs, basis, comp, set(range(P, Q + m2))


def _float_payoffs(sf: SequenceForm):
    """The shifted payoff matrices as scipy CSR matrices (cached on ``sf``)."""
    if "float_payoffs" not in sf.extra:
        from scipy import sparse
        n1, n2 = sf.sizes[:2]
        out = []
        for player in range(2):
            d = _shifted(sf, player, False)
            keys = list(d)
            out.append(sparse.csr_matrix(([float(d[k]) for k in keys],
                                          ([k[0] for k in keys], [k[1] for k in keys])), shape=(n1, n2)))
        sf.extra["float_payoffs"] = tuple(out)
    return sf.extra["float_payoffs"]


def _build_float_lcp(sf: SequenceForm, prior, start) -> _LCP:
    """:func:`_build_lcp` in floating point, with the prior-free part built once per tree."""
    from scipy import sparse

    n1, n2, m1, m2 = sf.sizes
    X, Y, P, Q = 0, n1, n1 + n2, n1 + n2 + m1
    Aa, Bb = Q + m2, Q + m2 + n1
    z0 = Bb + n2
    rows = n1 + n2 + m1 + m2
    A, B = _float_payoffs(sf)
    if "float_lcp" not in sf.extra:
        Ac, Bc = A.tocoo(), B.tocoo()
        E = np.array(sf.E, dtype=float).reshape(-1, 3)
        F = np.array(sf.F, dtype=float).reshape(-1, 3)
        Er, Ec, Ev = E[:, 0].astype(int), E[:, 1].astype(int), E[:, 2]
        Fr, Fc, Fv = F[:, 0].astype(int), F[:, 1].astype(int), F[:, 2]
        r = np.concatenate([Ac.row, n1 + Bc.col, Ec, n1 + n2 + Er, n1 + Fc, n1 + n2 + m1 + Fr,
                            np.arange(n1), n1 + np.arange(n2)])
        c = np.concatenate([Y + Ac.col, X + Bc.row, P + Er, X + Ec, Q + Fr, Y + Fc,
                            Aa + np.arange(n1), Bb + np.arange(n2)])
        v = np.concatenate([-Ac.data, -Bc.data, Ev, Ev, Fv, Fv, -np.ones(n1), -np.ones(n2)])
        sf.extra["float_lcp"] = (r, c, v)
    r, c, v = sf.extra["float_lcp"]
    d = np.concatenate([-(A @ np.asarray(prior[1], float)), -(B.T @ np.asarray(prior[0], float))])
    nz = np.flatnonzero(d)
    M = sparse.csc_matrix((np.concatenate([v, d[nz]]), (np.concatenate([r, nz]),
                           np.concatenate([c, np.full(len(nz), z0)]))), shape=(rows, z0 + 1))
    rhs, basis, comp, free = _lcp_frame(sf, start)
    return _LCP(None, rhs, basis, comp, free, z0, rows, z0 + 1, False, M)


def _shifted(sf: SequenceForm, player: int, exact: bool) -> dict:
    """The payoff matrix with every leaf payoff lowered below zero (equilibria unchanged)."""
    key = ("shifted", player, exact)
    if key in sf.extra:
        return sf.extra[key]
    nums = _TreeNumbers(sf.game, exact)
    # Largest accumulated leaf payoff of the player, and the chance weight of each (s, t).
    best = None
    weight: dict = {}
    nodes = sf.game.nodes
    stack = [(0, nums.one, nums.zero, 0, 0)]
    while stack:
        k, prob, acc, s1, s2 = stack.pop()
        node = nodes[k]
        acc = acc + nums.outcome[k][player]
        if not node.children:
            best = acc if best is None else max(best, acc)
            if prob != 0:
                weight[(s1, s2)] = weight.get((s1, s2), nums.zero) + prob
            continue
        h = _infoset(node)
        if h.player == CHANCE:
            for c, p in zip(node.children, nums.chance[id(h)]):
                stack.append((c, prob * p, acc, s1, s2))
        else:
            idx = sf.index[h.player]
            for a, c in enumerate(node.children):
                if h.player == 0:
                    stack.append((c, prob, acc, idx[(h.number, a)], s2))
                else:
                    stack.append((c, prob, acc, s1, idx[(h.number, a)]))
    K = (best if best is not None else nums.zero) + nums.one
    d = sf.A if player == 0 else sf.B
    out = {key2: d.get(key2, nums.zero) - K * w for key2, w in weight.items()}
    sf.extra[key] = out
    return out


def _lcm_den(values) -> int:
    out = 1
    for v in values:
        out = out * v.denominator // math.gcd(out, v.denominator)
    return out


def _infoset_order(sf: SequenceForm, player: int) -> list:
    """The player's information sets, each after the one holding its parent sequence."""
    par = sf.parents[player]
    seqs = sf.sequences[player]
    depth: dict = {}
    for h in sf.game.infosets[player]:
        chain = []
        k = h.number
        while k not in depth:
            s = par[k]
            if s == 0:
                depth[k] = 0
                break
            chain.append(k)
            k = seqs[s][0]
        for j in reversed(chain):
            if j not in depth:
                depth[j] = depth[seqs[par[j]][0]] + 1
    return sorted((h.number for h in sf.game.infosets[player]), key=lambda k: depth[k])


def behavior_prior(sf: SequenceForm, player: int, exact: bool, rng=None) -> list:
    """A completely mixed realisation plan: uniform behaviour, or random if ``rng`` is given.

    With ``rng`` every action gets a weight drawn from 1..9, normalised per
    information set (a generic prior, used when the uniform one meets a tie).
    """
    one = Fraction(1) if exact else 1.0
    plan = [one] + [None] * (len(sf.sequences[player]) - 1)
    game = sf.game
    for k in _infoset_order(sf, player):
        h = game.infosets[player][k - 1]
        m = len(h.actions)
        w = [rng.randint(1, 9) for _ in range(m)] if rng is not None else [1] * m
        tot = sum(w)
        base = plan[sf.parents[player][k]]
        for a in range(m):
            plan[sf.index[player][(k, a)]] = base * (Fraction(w[a], tot) if exact else w[a] / tot)
    return plan


def _sequence_gains(sf: SequenceForm, player: int, other_plan, exact: bool) -> list:
    """Expected (shifted) payoff of each of the player's sequences against the other's plan."""
    if not exact:
        A, B = _float_payoffs(sf)
        other = np.asarray(other_plan, dtype=float)
        return A @ other if player == 0 else B.T @ other
    n = len(sf.sequences[player])
    g = [Fraction(0) if exact else 0.0] * n
    M = _shifted(sf, player, exact)
    if player == 0:
        for (s, t), v in M.items():
            g[s] += v * other_plan[t]
    else:
        for (s, t), v in M.items():
            g[t] += v * other_plan[s]
    return g


def sequential_best_response(sf: SequenceForm, player: int, gains, exact: bool) -> dict:
    """A pure best response at every information set, by backward induction over the player's own moves.

    ``gains`` is a list of payoff vectors over the player's sequences compared
    lexicographically: the first decides, the next ones break its ties.  The
    choice is optimal also at information sets that the player's own earlier
    moves exclude (a sequential best response).  Returns ``{infoset number: action}``.
    """
    par = sf.parents[player]
    children: dict = {}
    for k, s in par.items():
        children.setdefault(s, []).append(k)
    scale = [max(1.0, float(np.max(np.abs(np.asarray(g, dtype=float))))) if len(g) else 1.0
             for g in gains]
    value: dict = {}
    choice: dict = {}
    game = sf.game
    for k in reversed(_infoset_order(sf, player)):
        h = game.infosets[player][k - 1]
        best: Any = None
        for a in range(len(h.actions)):
            s = sf.index[player][(k, a)]
            v = [g[s] + sum((value[c][j] for c in children.get(s, ())), g[s] * 0) for j, g in enumerate(gains)]
            if best is None or _lex_greater(v, best[0], scale, exact):
                best = (v, a)
        value[k] = best[0]
        choice[k] = best[1]
    return choice


def _lex_greater(u, v, scale, exact) -> bool:
    for j, (a, b) in enumerate(zip(u, v)):
        tol = 0 if exact else 1e-11 * scale[j]
        if a > b + tol:
            return True
        if a < b - tol:
            return False
    return False


def tracing_start(sf: SequenceForm, prior, exact: bool):
    """Basic sequences of the pure best responses to a prior (the tracing procedure's start).

    Each player's response is sequential and lexicographic: best against the
    prior, ties broken by the payoff against the other player's start (two
    rounds), so that the start is feasible for every large enough ``z0``.
    """
    xbar, ybar = prior
    g1 = _sequence_gains(sf, 0, ybar, exact)
    g2 = _sequence_gains(sf, 1, xbar, exact)
    y0 = sequential_best_response(sf, 1, [g2], exact)
    for _ in range(2):
        yplan = _pure_plan(sf, 1, y0, exact)
        x0 = sequential_best_response(sf, 0, [g1, _sequence_gains(sf, 0, yplan, exact)], exact)
        xplan = _pure_plan(sf, 0, x0, exact)
        y0 = sequential_best_response(sf, 1, [g2, _sequence_gains(sf, 1, xplan, exact)], exact)
    return ([0] + [sf.index[0][(k, a)] for k, a in sorted(x0.items())],
            [0] + [sf.index[1][(k, a)] for k, a in sorted(y0.items())])


def _pure_plan(sf: SequenceForm, player: int, choice: dict, exact: bool) -> list:
    one = Fraction(1) if exact else 1.0
    zero = one * 0
    plan = [one] + [zero] * (len(sf.sequences[player]) - 1)
    for k in _infoset_order(sf, player):
        base = plan[sf.parents[player][k]]
        plan[sf.index[player][(k, choice[k])]] = base
    return plan


def _run_lemke(sf: SequenceForm, exact: bool, seed: int, max_starts: int, dense: bool = False):
    """Lemke's path of the tracing procedure, from the uniform prior, then random priors.

    Returns ``(x, y, pivots, lcp, basis)``.  ``dense`` uses the dense tableau of
    :func:`~gametheory.solvers.lemke.lemke` (integer pivoting in exact mode);
    otherwise the revised algorithm of :mod:`._revised_lemke` runs in floating
    point (or exactly if ``exact``), with restarts (:func:`_restarted_path`).
    """
    from ._revised_lemke import revised_lemke

    rng = random.Random(seed)
    last = None
    total = 0
    for k in range(max_starts):
        prior = (behavior_prior(sf, 0, exact, rng if k else None),
                 behavior_prior(sf, 1, exact, rng if k else None))
        if dense:
            lcp = _build_lcp(sf, exact, prior, tracing_start(sf, prior, exact))
            res = lemke(lcp.dense_tableau(), lcp.basis, lcp.comp, lcp.free, lcp.z0, exact=exact)
        elif exact:
            lcp = _build_lcp(sf, exact, prior, tracing_start(sf, prior, exact))
            res = revised_lemke(lcp.exact_columns(), lcp.rhs, lcp.basis, lcp.comp, lcp.free, lcp.z0,
                                exact=True)
        else:
            lcp, res, restarts = _restarted_path(sf, prior, seed)
            sf.extra["restarts"] = restarts
        total += res.pivots
        last = res.status
        if res.status != "solution":
            continue
        vals = res.values if exact else [float(v) for v in res.values]
        x, y, p, q = lcp.split(vals, sf.sizes)
        sf.extra["starts"] = k + 1
        sf.extra["prior"] = "uniform" if k == 0 else f"random (seed {seed}, draw {k})"
        sf.extra["p"], sf.extra["q"] = p, q
        return x, y, total, lcp, res.basis
    raise SolverError(f"Lemke's algorithm ended without an equilibrium from {max_starts} priors "
                      f"(last status: {last})")


#: Restarts of the floating-point tracing path before it runs to its end.
MAX_RESTARTS = 100
#: Weight of the uniform prior mixed into a restart's prior (keeps it completely mixed).
RESTART_MIX = 0.05
#: Pivots of one run before a restart (at least; the LCP's row count if larger).
RESTART_PIVOTS = 1000


def _restarted_path(sf: SequenceForm, prior, seed: int = 0):
    """The tracing path in floating point, restarted from its best point when it runs long.

    Lemke's path from a prior far from every equilibrium can be very long (more
    than 300,000 pivots on a signalling tree with 40 types, 20 messages and 20
    responses), while the path from a prior near an equilibrium is short.  So
    each run has a budget of pivots (:data:`RESTART_PIVOTS`, or the number of
    rows if larger); when it is spent, the strategies the players respond to at
    the point of the run where ``z0`` was lowest, ``(x + z0 xbar) / (1 + z0)``,
    mixed with a little of the uniform prior (:data:`RESTART_MIX`), become the
    new prior, and the procedure starts again from there.  After
    :data:`MAX_RESTARTS` restarts the path runs to its end, which it reaches
    (von Stengel, van den Elzen & Talman 2002: no ray from a completely mixed
    prior), so the method stays complete; the restarts only make it faster.
    Every run is the tracing procedure from a completely mixed prior, so the
    equilibrium found is normal-form perfect.  A restart whose prior meets a
    tie (no valid start) moves it a tenth of the way towards a random
    completely mixed prior (seeded) and counts as a restart.  The rule was chosen by
    measurement (``benchmarks/bench_trees.py``), not derived.

    Returns ``(lcp, result, restarts)``; the result's pivots count all runs.
    """
    from ._revised_lemke import revised_lemke

    n1, n2 = sf.sizes[:2]
    uniform = (np.asarray(behavior_prior(sf, 0, False), float), np.asarray(behavior_prior(sf, 1, False), float))
    cur: Any = (np.asarray(prior[0], float), np.asarray(prior[1], float))
    budget = max(RESTART_PIVOTS, sum(sf.sizes) // 2)
    total = 0
    rng = random.Random(seed)
    for k in range(MAX_RESTARTS + 1):
        pl = (list(cur[0]), list(cur[1]))
        lcp = _build_lcp(sf, False, pl, tracing_start(sf, pl, False))
        last = k == MAX_RESTARTS
        res = revised_lemke(lcp.float_matrix(), lcp.rhs, lcp.basis, lcp.comp, lcp.free, lcp.z0,
                            max_pivots=None if last else budget, keep_lowest=True)
        total += res.pivots
        if res.status == "solution" or last or (k == 0 and res.status != "pivot limit"):
            res.pivots = total
            return lcp, res, k
        if res.status != "pivot limit":
            # A restart's prior met a tie (or rounding ended the path): move the
            # prior a little towards a random completely mixed one and go on.
            rnd = (np.asarray(behavior_prior(sf, 0, False, rng), float),
                   np.asarray(behavior_prior(sf, 1, False, rng), float))
            cur = tuple(0.9 * c + 0.1 * u for c, u in zip(cur, rnd))
            continue
        v = np.asarray(res.values, dtype=float)
        z = max(float(v[lcp.z0]), 0.0)
        mix = ((v[:n1] + z * cur[0]) / (1 + z), (v[n1:n1 + n2] + z * cur[1]) / (1 + z))
        cur = tuple((1 - RESTART_MIX) * m + RESTART_MIX * u for m, u in zip(mix, uniform))
    raise SolverError("internal error: the restarted Lemke path did not end")


def _exact_from_basis(sf: SequenceForm, lcp: _LCP, basis):
    """Exact realisation plans from a final Lemke basis found in floating point, or None.

    The basic variables of a complementary basis solve a square sparse system
    exactly (:class:`~._exact_sparse.ExactSparseLU`); if the bounded ones are
    nonnegative and ``z0`` is not basic, the point solves the LCP exactly, so it
    is an equilibrium.
    """
    from ._exact_sparse import ExactSparseLU

    if lcp.z0 in basis:
        return None
    # The covering column plays no part once z0 is out of the basis: no prior needed.
    exact_lcp = lcp if lcp.exact else _build_lcp(sf, True, _no_prior(sf), ([0], [0]))
    cols = exact_lcp.exact_columns()
    try:
        lu = ExactSparseLU([cols[c] for c in basis])
    except SolverError:
        return None
    vals = lu.solve(exact_lcp.rhs)
    if any(v < 0 for c, v in zip(basis, vals) if c not in lcp.free):
        return None
    full = [Fraction(0)] * lcp.nvar
    for c, v in zip(basis, vals):
        full[c] = v
    x, y, _, _ = lcp.split(full, sf.sizes)
    return list(x), list(y)


def _no_prior(sf):
    """A zero "prior": the exact LCP without a covering column (the caller supplies one)."""
    return ([Fraction(0)] * sf.sizes[0], [Fraction(0)] * sf.sizes[1])


def _exact_restart(sf: SequenceForm, basis):
    """Exact Lemke's algorithm restarted from a complementary basis (a float path's end).

    The covering column is chosen so that, in the basis's own terms, ``z0``
    lowers every bounded basic variable by one: ``d = -B u`` with ``u`` one on
    the bounded rows.  From a nearly right basis the exact path is short.
    Returns ``(x, y, pivots)`` or None.
    """
    from ._revised_lemke import revised_lemke

    lcp = _build_lcp(sf, True, _no_prior(sf), ([0], [0]))
    cols = lcp.exact_columns()
    d: dict = {}
    for c in basis:
        if c in lcp.free or c == lcp.z0:
            continue
        for r, v in cols[c].items():
            d[r] = d.get(r, 0) - v
    cols[lcp.z0] = {r: v for r, v in d.items() if v != 0}
    basis = [c for c in basis if c != lcp.z0]
    if len(basis) != lcp.rows:
        return None
    res = revised_lemke(cols, lcp.rhs, basis, lcp.comp, lcp.free, lcp.z0, exact=True)
    if res.status != "solution":
        return None
    x, y, _, _ = lcp.split(res.values, sf.sizes)
    return list(x), list(y), res.pivots


# ---------------------------------------------------------------------- LP (constant-sum)
def _solve_lp(sf: SequenceForm):
    """Optimal realisation plans of a constant-sum tree by two sparse LPs (HiGHS)."""
    from scipy import sparse
    from scipy.optimize import linprog

    n1, n2, m1, m2 = sf.sizes
    A = sf.payoff_matrix(0)
    E = sf.constraint_matrix(0)
    F = sf.constraint_matrix(1)
    e = np.zeros(m1)
    e[0] = 1
    f = np.zeros(m2)
    f[0] = 1
    # Player 1: max f.q  s.t.  F^T q - A^T x <= 0,  E x = e,  x >= 0, q free.
    c = np.concatenate([np.zeros(n1), -f])
    A_ub = sparse.hstack([-A.T, F.T]).tocsr()
    A_eq = sparse.hstack([E, sparse.csr_matrix((m1, m2))]).tocsr()
    bounds = [(0, None)] * n1 + [(None, None)] * m2
    r1 = linprog(c, A_ub=A_ub, b_ub=np.zeros(n2), A_eq=A_eq, b_eq=e, bounds=bounds, method="highs")
    # Player 2: min e.p  s.t.  A y - E^T p <= 0,  F y = f,  y >= 0, p free.
    c2 = np.concatenate([np.zeros(n2), e])
    A_ub2 = sparse.hstack([A, -E.T]).tocsr()
    A_eq2 = sparse.hstack([F, sparse.csr_matrix((m2, m1))]).tocsr()
    bounds2 = [(0, None)] * n2 + [(None, None)] * m1
    r2 = linprog(c2, A_ub=A_ub2, b_ub=np.zeros(n1), A_eq=A_eq2, b_eq=f, bounds=bounds2, method="highs")
    if r1.status != 0 or r2.status != 0:
        raise SolverError(f"the sequence-form LP failed: {r1.message} / {r2.message}")
    return [max(0.0, v) for v in r1.x[:n1]], [max(0.0, v) for v in r2.x[:n2]]


# ---------------------------------------------------------------------- exact reconstruction
def _exact_from_support(sf: SequenceForm, x, y, eps: float = 1e-9, p=None, q=None):
    """Exact realisation plans with the supports of float plans ``x``, ``y``, or None.

    Solves, in rationals, ``E x = e``, ``F y = f``, ``x, y`` zero off their supports,
    and the best-response equations ``(E^T p - A y)_s = 0`` on the support of ``x``
    (``(F^T q - B^T x)_t = 0`` on that of ``y``): a player's sequences in the
    support must be best responses.  A particular solution is returned when the
    system is underdetermined; the caller verifies it.
    """
    n1, n2, m1, m2 = sf.sizes
    S1 = [s for s in range(n1) if x[s] > eps]
    S2 = [t for t in range(n2) if y[t] > eps]
    col, rows = _support_system(sf, S1, S2)
    sol = _particular_solution(col, rows, {"x": x, "y": y, "p": p, "q": q})
    if sol is None:
        return None  # inconsistent
    xs = [Fraction(0)] * n1
    ys = [Fraction(0)] * n2
    for s in S1:
        xs[s] = sol[col[("x", s)]]
    for t in S2:
        ys[t] = sol[col[("y", t)]]
    if any(v < 0 for v in xs) or any(v < 0 for v in ys):
        return None
    # Verify exactly: each plan is a best response to the other (regret zero).
    prof = behavior_from_plans(sf, xs, ys, True)
    if prof.distribution_error() != 0 or prof.max_regret() != 0:
        return None
    return xs, ys


def _support_system(sf: SequenceForm, S1, S2) -> tuple[dict, list]:
    """The equations of :func:`_exact_from_support` as sparse rows over QQ.

    Returns ``(col, rows)``: ``col`` numbers the unknowns ``p`` (m1), ``q`` (m2),
    ``x`` on ``S1``, ``y`` on ``S2`` (the duals first, so that the elimination
    prefers them as pivots and leaves plan entries free); each row is
    ``{column: coefficient}`` with the right-hand side in column ``len(col)``.
    """
    from sympy.polys.domains import QQ

    n1, n2, m1, m2 = sf.sizes
    col: dict = {}
    for r in range(m1):
        col[("p", r)] = len(col)
    for r in range(m2):
        col[("q", r)] = len(col)
    for s in S1:
        col[("x", s)] = len(col)
    for t in S2:
        col[("y", t)] = len(col)
    ncol = len(col)
    rows: list = []

    def qq(v):
        v = Fraction(v)
        return QQ(v.numerator, v.denominator)

    def add(entries, rhs):
        row: dict[Any, Any] = {}
        for key, v in entries:
            if key in col and v != 0:
                j = col[key]
                row[j] = row.get(j, QQ(0)) + qq(v)
        row = {j: v for j, v in row.items() if v != 0}
        if rhs != 0:
            row[ncol] = qq(rhs)
        if row:
            rows.append(row)

    for r in range(m1):
        add([(("x", c), v) for (rr, c, v) in sf.E if rr == r], 1 if r == 0 else 0)
    for r in range(m2):
        add([(("y", c), v) for (rr, c, v) in sf.F if rr == r], 1 if r == 0 else 0)
    Ecols: dict = {}
    for (r, c, v) in sf.E:
        Ecols.setdefault(c, []).append((r, v))
    Fcols: dict = {}
    for (r, c, v) in sf.F:
        Fcols.setdefault(c, []).append((r, v))
    Arows: dict = {}
    Bcols: dict = {}
    for (s, t), v in sf.A.items():
        Arows.setdefault(s, []).append((t, v))
    for (s, t), v in sf.B.items():
        Bcols.setdefault(t, []).append((s, v))
    S1set, S2set = set(S1), set(S2)
    for s in S1:
        ent = [(("p", r), v) for r, v in Ecols.get(s, [])]
        ent += [(("y", t), -v) for t, v in Arows.get(s, []) if t in S2set]
        add(ent, 0)
    for t in S2:
        ent = [(("q", r), v) for r, v in Fcols.get(t, [])]
        ent += [(("x", s), -v) for s, v in Bcols.get(t, []) if s in S1set]
        add(ent, 0)
    return col, rows


def _particular_solution(col: dict, rows: list, floats: dict) -> list | None:
    """A rational solution of the sparse system, or None when it is inconsistent.

    Free columns (an underdetermined system: a continuum of equilibria) take the
    float point's values (``floats[kind][k]`` for unknown ``(kind, k)``), rounded to
    nearby fractions; the pivots follow exactly.
    """
    from sympy.polys.domains import QQ
    from sympy.polys.matrices.sdm import SDM

    ncol = len(col)
    M = SDM({i: r for i, r in enumerate(rows)}, (len(rows), ncol + 1), QQ)
    rref, pivots = M.rref()
    if ncol in pivots:
        return None
    guess = {}
    for (kind, k), j in col.items():
        if floats[kind] is not None:
            guess[j] = Fraction(float(floats[kind][k])).limit_denominator(10 ** 6)
    pivset = set(pivots)
    sol = [Fraction(0)] * ncol
    for j in range(ncol):
        if j not in pivset:
            sol[j] = guess.get(j, Fraction(0))
    for i, pc in enumerate(pivots):
        rowv = rref.get(i, {})
        v = rowv.get(ncol, QQ(0))
        val = Fraction(int(v.numerator), int(v.denominator))
        for j, a in rowv.items():
            if j != ncol and j != pc and sol[j] != 0:
                val -= Fraction(int(a.numerator), int(a.denominator)) * sol[j]
        sol[pc] = val
    return sol
