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

whose rows are the best-response linear programs and their duals.  It is solved
by Lemke's algorithm (:mod:`gametheory.solvers.lemke`) from a pure starting
pair, with a covering vector that is 1 on the sequences outside the start and
payoffs shifted to be negative (KMvS 1996, sec. 4).  A zero-sum (constant-sum)
tree is one linear program per player (KMvS 1996, sec. 3; Romanovskii 1962),
solved by HiGHS.

Exact mode pivots in integers for small trees; for large ones it follows the
path in floating point and rebuilds the final point exactly from its support
(the support's equations are solved in rationals), falling back to integer
pivoting if that does not give an exact equilibrium.  Every result is checked
exactly by :func:`~gametheory.solvers.result.make_result`.

References
----------
Koller, D., Megiddo, N. & von Stengel, B. (1996). Efficient computation of
equilibria for extensive two-person games. *Games and Economic Behavior* 14, 247-259.
von Stengel, B. (1996). Efficient computation of behavior strategies. *Games and
Economic Behavior* 14, 220-246.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ..exceptions import SolverError, UnsupportedGameError
from ..game.behavior import MixedBehaviorProfile, _TreeNumbers, sequence_parents
from ..game.extensive import CHANCE, ExtensiveFormGame
from .lemke import lemke
from .result import make_result

#: Largest LCP (rows) that exact mode solves by integer pivoting from the start.
EXACT_PIVOT_ROWS = 160
#: Largest dense Lemke tableau (rows x columns) attempted.
MAX_TABLEAU_ENTRIES = 40_000_000


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
        seqs = [None]
        idx = {None: 0}
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
        h = node.infoset
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


def _is_constant_sum(sf: SequenceForm, nums: _TreeNumbers, game) -> bool:
    total = None
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
        Seed for the random starting pairs tried after the first two.
    max_starts : int
        Starting pure pairs to try if Lemke's path ends in a ray.
    tolerance : float, optional
        Regret tolerance in floating point.

    Returns
    -------
    EquilibriumResult
        ``method="seqform"``, one :class:`MixedBehaviorProfile`; ``details``
        holds ``sequences`` (per player), ``pivots``, ``path`` (``"lemke"``,
        ``"lemke (float path, exact support)"`` or ``"lp"``) and the
        realisation ``plans``.
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
        details["path"] = "lp"
        plans = None
        if exact:
            plans = _exact_from_support(sf, x, y)
            if plans is None:
                warns.append("the LP solution could not be rebuilt exactly from its support; "
                             "Lemke's algorithm in integers was used instead")
                plans, piv = _lemke_exact_or_float(sf, True, seed, max_starts)
                details["path"] = "lemke"
                details["pivots"] = piv
        else:
            plans = (x, y)
    else:
        n1, n2, m1, m2 = sf.sizes
        rows = n1 + n2 + m1 + m2
        cols = 2 * (n1 + n2) + m1 + m2 + 2
        if rows * cols > MAX_TABLEAU_ENTRIES:
            raise UnsupportedGameError(
                f"the sequence-form LCP has {rows} rows and {cols} columns, too large for Lemke's "
                "dense tableau; constant-sum trees are solved as an LP (lp=True), and "
                "perfect-information trees by backward induction (method 'spe')")
        if exact and rows > EXACT_PIVOT_ROWS:
            xf, yf, piv = _run_lemke(sf, False, seed, max_starts)
            details["pivots"] = piv
            plans = _exact_from_support(sf, xf, yf, p=sf.extra.get("p"), q=sf.extra.get("q"))
            details["path"] = "lemke (float path, exact support)"
            if plans is None:
                plans, piv = _lemke_exact_or_float(sf, True, seed, max_starts)
                details["path"] = "lemke"
                details["pivots"] = piv
        else:
            plans, piv = _lemke_exact_or_float(sf, exact, seed, max_starts)
            details["path"] = "lemke"
            details["pivots"] = piv
    profile = behavior_from_plans(sf, plans[0], plans[1], exact)
    if "starts" in sf.extra:
        details["starts"] = sf.extra["starts"]
    details["plans"] = [list(plans[0]), list(plans[1])]
    return make_result(game, "seqform", [profile], exact=exact, tolerance=tolerance,
                       warnings=warns, details=details)


def _lemke_exact_or_float(sf, exact, seed, max_starts):
    x, y, piv = _run_lemke(sf, exact, seed, max_starts)
    return (x, y), piv


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
def _lcp_tableau(sf: SequenceForm, exact: bool, start):
    """The LCP as equations, the starting basis and the complement map.

    Variables: x (n1), y (n2), p (m1), q (m2), a (n1), b (n2), z0.
    """
    n1, n2, m1, m2 = sf.sizes
    X, Y, P, Q = 0, n1, n1 + n2, n1 + n2 + m1
    Aa, Bb = Q + m2, Q + m2 + n1
    z0 = Bb + n2
    nvar = z0 + 1
    rows = n1 + n2 + m1 + m2
    # Shift payoffs to be negative: A'[s,t] = sum chance * (u - K), K = max u + 1.
    A, B = _shifted(sf, 0, exact), _shifted(sf, 1, exact)
    if exact:
        la = _lcm_den(A.values())
        lb = _lcm_den(B.values())
        A = {k: int(v * la) for k, v in A.items()}
        B = {k: int(v * lb) for k, v in B.items()}
        T = np.zeros((rows, nvar + 1), dtype=object)
        T[:] = 0
    else:
        A = {k: float(v) for k, v in A.items()}
        B = {k: float(v) for k, v in B.items()}
        T = np.zeros((rows, nvar + 1), dtype=float)
    x_basic = set(start[0])
    y_basic = set(start[1])
    # Rows 0..n1-1: (E^T p)_j - (A y)_j - a_j + d_j z0 = 0
    for (r, c, v) in sf.E:
        T[c, P + r] += v
    for (s, t), v in A.items():
        T[s, Y + t] -= v
    for j in range(n1):
        T[j, Aa + j] = -1
        if j not in x_basic:
            T[j, z0] = 1
    # Rows n1..n1+n2-1: (F^T q)_j - (B^T x)_j - b_j + d_j z0 = 0
    for (r, c, v) in sf.F:
        T[n1 + c, Q + r] += v
    for (s, t), v in B.items():
        T[n1 + t, X + s] -= v
    for j in range(n2):
        T[n1 + j, Bb + j] = -1
        if j not in y_basic:
            T[n1 + j, z0] = 1
    # Rows: E x = e, F y = f
    base = n1 + n2
    for (r, c, v) in sf.E:
        T[base + r, X + c] += v
    T[base + 0, -1] = 1
    base += m1
    for (r, c, v) in sf.F:
        T[base + r, Y + c] += v
    T[base + 0, -1] = 1
    basis = list(range(P, P + m1)) + list(range(Q, Q + m2))
    basis += [X + j for j in sorted(x_basic)] + [Aa + j for j in range(n1) if j not in x_basic]
    basis += [Y + j for j in sorted(y_basic)] + [Bb + j for j in range(n2) if j not in y_basic]
    comp = {}
    for j in range(n1):
        comp[X + j] = Aa + j
        comp[Aa + j] = X + j
    for j in range(n2):
        comp[Y + j] = Bb + j
        comp[Bb + j] = Y + j
    free = set(range(P, Q + m2))
    return T, basis, comp, free, z0


def _shifted(sf: SequenceForm, player: int, exact: bool) -> dict:
    """The payoff matrix with every leaf payoff lowered below zero (equilibria unchanged)."""
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
        h = node.infoset
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
    return {key: d.get(key, nums.zero) - K * w for key, w in weight.items()}


def _lcm_den(values) -> int:
    out = 1
    for v in values:
        out = out * v.denominator // math.gcd(out, v.denominator)
    return out


def _start_plans(sf: SequenceForm, choice):
    """Basic sequences of a pure start: the empty one and one action per information set."""
    out = []
    for i in range(2):
        basic = [0]
        for h in sf.game.infosets[i]:
            basic.append(sf.index[i][(h.number, choice(i, h))])
        out.append(basic)
    return out


def _run_lemke(sf: SequenceForm, exact: bool, seed: int, max_starts: int):
    n1, n2, m1, m2 = sf.sizes
    rng = random.Random(seed)
    starts = [lambda i, h: 0, lambda i, h: len(h.actions) - 1]
    while len(starts) < max_starts:
        starts.append(lambda i, h: rng.randrange(len(h.actions)))
    last = None
    for k, choice in enumerate(starts[:max_starts]):
        T, basis, comp, free, z0 = _lcp_tableau(sf, exact, _start_plans(sf, choice))
        res = lemke(T, basis, comp, free, z0, exact=exact)
        last = res.status
        if res.status != "solution":
            continue
        x = res.values[:n1]
        y = res.values[n1:n1 + n2]
        sf.extra["starts"] = k + 1
        sf.extra["p"] = res.values[n1 + n2:n1 + n2 + m1]
        sf.extra["q"] = res.values[n1 + n2 + m1:n1 + n2 + m1 + m2]
        return x, y, res.pivots
    raise SolverError(f"Lemke's algorithm ended without an equilibrium from {max_starts} starting "
                      f"pairs (last status: {last})")


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
    from sympy.polys.domains import QQ
    from sympy.polys.matrices.sdm import SDM

    n1, n2, m1, m2 = sf.sizes
    S1 = [s for s in range(n1) if x[s] > eps]
    S2 = [t for t in range(n2) if y[t] > eps]
    # Unknowns: p (m1), q (m2), x_S1, y_S2 (the duals first, so that the
    # elimination prefers them as pivots and leaves plan entries free).
    col = {}
    for r in range(m1):
        col[("p", r)] = len(col)
    for r in range(m2):
        col[("q", r)] = len(col)
    for s in S1:
        col[("x", s)] = len(col)
    for t in S2:
        col[("y", t)] = len(col)
    ncol = len(col)
    rows = []

    def qq(v):
        v = Fraction(v)
        return QQ(v.numerator, v.denominator)

    def add(entries, rhs):
        row = {}
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
    M = SDM({i: r for i, r in enumerate(rows)}, (len(rows), ncol + 1), QQ)
    rref, pivots = M.rref()
    if ncol in pivots:
        return None  # inconsistent
    # Free columns (an underdetermined system: a continuum of equilibria) take the
    # float point's values, rounded to nearby fractions; the pivots follow exactly.
    guess = {}
    floats = {"x": x, "y": y, "p": p, "q": q}
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
