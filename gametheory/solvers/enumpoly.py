"""Every isolated Nash equilibrium of a small n-player game, by support enumeration.

For each support profile ``(S_1, ..., S_n)`` the equilibria with exactly (at most)
those supports solve a system of polynomial equations: every strategy in ``S_i``
earns player ``i`` the same payoff against the others' mixes (McKelvey &
McLennan, "Computation of equilibria in finite games", Handbook of Computational
Economics I, 1996).  Each equation of player ``i`` is multilinear in the other
players' probabilities, so

* when at most two players mix the system is **linear** and is solved exactly in
  Fractions;
* otherwise it is a polynomial system over the rationals: a Groebner basis
  (sympy, degree-reverse-lexicographic order) decides exactly whether it has no
  solution, finitely many or a positive-dimensional set, and gives the number of
  complex solutions; the solutions themselves are the joint eigenvalues of the
  multiplication matrices of the quotient ring (the eigenvalue method of Auzinger
  & Stetter 1988; Cox, Little & O'Shea, *Using Algebraic Geometry*, ch. 2 §4),
  polished by Newton's method.  Rational solutions are rebuilt exactly and
  checked in Fractions; irrational ones are returned as floats whose regret is
  checked against the tolerance.

Supports are visited by total size and then balance (Porter, Nudelman & Shoham,
"Simple search methods for finding a Nash equilibrium", GEB 63, 2008), and a
support profile is skipped when one of its strategies is *conditionally
dominated*: some other strategy of the same player does strictly better against
every pure profile of the others' supports.
"""
from __future__ import annotations

import itertools
import math

import numpy as np

from ..exceptions import InvalidGameError, SolverError, UnsupportedGameError
from ..game.profiles import MixedStrategyProfile
from .result import FLOAT_TOLERANCE, make_result
from ._checks import check_numeric_normal_form as _check_game
from ._scale import scale_invariant
from ._polish import (exact_from_float, max_regret_float, support_newton, two_mixed_exact)

#: Largest number of support profiles visited before giving up (use ``max_support``).
MAX_SUPPORT_PROFILES = 200_000


def support_profiles(shape, max_support=None):
    """Support profiles ordered by total size, then by balance (largest minus smallest).

    Parameters
    ----------
    shape : tuple of int
        Number of strategies of each player.
    max_support : int or sequence of int, optional
        Largest support size per player.

    Yields
    ------
    tuple of tuple of int
    """
    n = len(shape)
    if max_support is None:
        caps = list(shape)
    elif isinstance(max_support, int):
        caps = [min(max_support, m) for m in shape]
    else:
        caps = [min(int(c), m) for c, m in zip(max_support, shape)]
        if len(caps) != n:
            raise InvalidGameError(f"enumpoly: max_support needs one size per player ({n}), got {len(caps)}")
    if any(c < 1 for c in caps):
        raise InvalidGameError("enumpoly: max_support must be at least 1")
    sizes = sorted(itertools.product(*(range(1, c + 1) for c in caps)),
                   key=lambda ks: (sum(ks), max(ks) - min(ks), ks))
    for ks in sizes:
        yield from itertools.product(*(itertools.combinations(range(m), k) for m, k in zip(shape, ks)))


def conditionally_dominated(P: np.ndarray, supports) -> bool:
    """True when some strategy of some support is strictly dominated by another pure
    strategy of the same player against every pure profile of the others' supports.

    Float comparisons are safe here: rounding is monotone, so ``fl(a) > fl(b)``
    implies ``a > b`` for the exact payoffs.
    """
    n = P.shape[0]
    for i in range(n):
        idx = [np.arange(P.shape[1 + i]) if j == i else np.array(supports[j]) for j in range(n)]
        sub = np.moveaxis(P[i][np.ix_(*idx)], i, 0).reshape(P.shape[1 + i], -1)
        for s in supports[i]:
            if np.any(np.all(sub > sub[s], axis=1)):
                return True
    return False


@scale_invariant
def enumpoly_solve(game, exact: bool | None = None, max_support=None, *, tolerance: float | None = None,
                   stop_after: int | None = None, seed: int = 0, **opts):
    """Every isolated Nash equilibrium of a small n-player game.

    Support enumeration with exact polynomial systems (McKelvey & McLennan 1996;
    support order and pruning of Porter, Nudelman & Shoham 2008); see the module
    docstring for how each support system is solved.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game with any number of players.
    exact : bool, optional
        Return Fractions checked exactly (default: exact when the game's payoffs are).
        Equilibria that are irrational are returned as floats; the record then says
        ``exact=False``, a warning names them and the rational ones stay exact
        (``profile.exact``; per equilibrium in the JSON).
    max_support : int or sequence of int, optional
        Largest support size to try (per player); the result is then not complete.
    tolerance : float, optional
        Regret tolerance of floating-point equilibria (default ``1e-9``).
    stop_after : int, optional
        Stop after this many equilibria (the result is then not complete).
    seed : int
        Seed of the random linear form used by the eigenvalue method.

    Returns
    -------
    EquilibriumResult
        ``complete`` is True when every support system was solved exactly and none
        had a positive-dimensional solution set (those are named in ``warnings``);
        ``details`` holds the numbers of support profiles visited, pruned and solved
        by each method, and the positive-dimensional supports.

    Raises
    ------
    SolverError
        If no equilibrium is found (every finite game has one, so that is a bug or
        a numerical failure, never a valid answer).
    """
    if opts:
        raise UnsupportedGameError(f"enumpoly: unknown option(s) {', '.join(sorted(opts))}; "
                                   "known: exact, max_support, tolerance, stop_after, seed")
    _check_game(game, "enumpoly")
    if exact is None:
        exact = game.kind == "exact"
    tol = FLOAT_TOLERANCE if tolerance is None else float(tolerance)
    if max_support is None:
        n_prof = math.prod((1 << m) - 1 for m in game.shape)
        if n_prof > MAX_SUPPORT_PROFILES:
            raise UnsupportedGameError(
                f"enumpoly: {n_prof} support profiles is too many for support enumeration; "
                "use method 'simpdiv' or 'qre', or limit max_support")
    # enumerate: solve every support profile's system, keep the verified equilibria
    search = _Search(game, tol, seed)
    stopped = search.run(max_support, stop_after)
    equilibria = search.equilibria()
    unresolved = [s for s in search.positive if s not in search.vertex_supports]
    fallback = False
    if not equilibria:
        equilibria = _qre_fallback(game, exact, tol, bool(unresolved or search.stats["newton_failures"]))
        fallback = True
    # record
    truncated = max_support is not None and any(
        (max_support if isinstance(max_support, int) else list(max_support)[i]) < m
        for i, m in enumerate(game.shape))
    irrational = [k for k, eq in enumerate(equilibria) if not eq.exact]
    out_exact = bool(exact) and not irrational
    if not exact:
        equilibria = [eq.as_float() if eq.exact else eq for eq in equilibria]
    warnings = _warnings(game, search, unresolved, irrational if exact else [], len(equilibria), tol)
    stats = search.stats
    method = "enumpoly"
    if fallback:
        method = "qre"
        warnings.append("enumpoly found no isolated equilibrium; the equilibrium listed was found by logit "
                        "QRE path following (method 'qre')")
    if truncated:
        warnings.append(f"supports limited to max_support={max_support}: not every equilibrium was sought")
    if stopped:
        warnings.append(f"stopped after {stop_after} equilibria")
    complete = not (unresolved or stats["newton_failures"] or stats["numeric"] or truncated or stopped or fallback)
    # No wall-clock time in the record: equal inputs give equal records (and reports).
    details = dict(stats, positive_dimensional=[list(map(list, s)) for s in search.positive])
    if fallback:
        details["fallback_from"] = "enumpoly"
        details["fallback_reason"] = ("no isolated equilibrium: "
                                      + ("support systems with positive-dimensional solution sets"
                                         if unresolved else "complex solutions that Newton could not polish"))
    return make_result(game, method, equilibria, exact=out_exact, tolerance=tol, complete=complete,
                       warnings=warnings, details=details)


class _Search:
    """Support enumeration: each support profile's system solved, each solution
    verified (zero regret exactly, or polished and within ``tol``) and kept once."""

    def __init__(self, game, tol: float, seed: int):
        self.game = game
        self.tol = tol
        self.P = game.float_payoffs()
        self.E = game.exact_payoffs()
        self.rng = np.random.default_rng(seed)
        self.found: dict = {}
        self.order: list = []
        self.positive: list = []
        self.vertex_supports: list = []
        self.stats = {"support_profiles": 0, "pruned": 0, "linear": 0, "groebner": 0,
                      "complex_solutions": 0, "newton_failures": 0, "numeric": 0}

    def run(self, max_support, stop_after) -> bool:
        """Visit the support profiles; True if stopped after ``stop_after`` equilibria."""
        for sup in support_profiles(self.game.shape, max_support):
            self.stats["support_profiles"] += 1
            if conditionally_dominated(self.P, sup):
                self.stats["pruned"] += 1
                continue
            mixed = [i for i in range(self.game.n_players) if len(sup[i]) > 1]
            if len(mixed) <= 2:
                self.linear(sup, mixed)
            else:
                self.polynomial(sup)
            if stop_after is not None and len(self.order) >= stop_after:
                return True
        return False

    def equilibria(self) -> list:
        return [self.found[k] for k in self.order]

    def add(self, prof) -> None:
        # Exact profiles are told apart exactly (isolated equilibria may lie 1e-12
        # apart); a float one is the same point as a listed one when every
        # probability agrees within DEDUPE_TOL (probabilities carry no payoff units).
        found, order = self.found, self.order
        key = prof.key() if prof.exact else None
        if key is not None and key in found:
            return
        for k in order:
            other = found[k]
            if prof.exact and other.exact:
                if other.key() == key:
                    return
                continue
            if _close(prof, other):
                if prof.exact and not other.exact:
                    found[k] = prof        # prefer an exact representative
                return
        if key is None:
            key = ("float", len(order))
        found[key] = prof
        order.append(key)

    def linear(self, sup, mixed) -> None:
        """At most two mixing players: exact linear algebra (or vertex enumeration)."""
        game = self.game
        self.stats["linear"] += 1
        status, sols = two_mixed_exact(self.E, sup)
        if status in ("positive", "vertices"):
            self.positive.append(sup)
            # Vertex enumeration lists every extreme point when the constraints are
            # linear: two players, or a single mixing player.
            if status == "vertices" and (game.n_players == 2 or len(mixed) == 1):
                self.vertex_supports.append(sup)
        for sol in sols:
            if all(x >= 0 for p in sol for x in p):
                prof = MixedStrategyProfile(game, sol, exact=True)
                if prof.max_regret() == 0:
                    self.add(prof)

    def polynomial(self, sup) -> None:
        """Three or more mixing players: Groebner basis (or multi-start Newton), then
        each real solution polished, checked and rebuilt exactly where it is rational."""
        P, stats = self.P, self.stats
        stats["groebner"] += 1
        status, points = _polynomial_solutions(self.E, sup, self.rng)
        if status == "positive":
            self.positive.append(sup)
            return
        if status not in ("points", "numeric"):
            return
        if status == "numeric":
            stats["numeric"] += 1
        stats["complex_solutions"] += len(points)
        for probs in points:
            polished = support_newton(P, sup, probs)
            if polished is None:
                stats["newton_failures"] += 1
                continue
            if min(float(p.min()) for p in polished) < -1e-9:
                continue
            polished = [np.maximum(p, 0.0) / np.maximum(p, 0.0).sum() for p in polished]
            if max_regret_float(P, polished) > self.tol:
                continue
            prof = exact_from_float(self.game, sup, polished)
            if prof is None:
                prof = MixedStrategyProfile(self.game, polished, exact=False)
            self.add(prof)


def _qre_fallback(game, exact, tol: float, missing: bool) -> list:
    """One equilibrium by logit QRE path following when support enumeration found none.

    Every finite game has an equilibrium: the missing ones lie on positive-dimensional
    solution sets (or numerics failed, ``missing``).
    """
    equilibria: list = []
    if missing:
        from .qre import qre_solve
        try:
            equilibria = list(qre_solve(game, exact=exact, tolerance=tol).equilibria)
        except SolverError:
            equilibria = []
    if not equilibria:
        raise SolverError(
            f"enumpoly found no equilibrium of {game!r}: every finite game has one, so this "
            "is a numerical failure; try method 'qre' or 'simpdiv'")
    return equilibria


def _warnings(game, search: _Search, unresolved, irrational, n_equilibria: int, tol: float) -> list[str]:
    """What the record must say: irrational equilibria returned as floats, degenerate
    and unresolved supports, systems solved numerically, Newton failures."""
    warnings: list[str] = []
    if irrational:
        warnings.append(
            "equilibri" + ("a " if len(irrational) > 1 else "um ") + ", ".join(f"#{k + 1}" for k in irrational)
            + " solve polynomial systems with irrational solutions: returned as floats with regret <= "
            f"{tol:g}" + ("; the others are exact" if len(irrational) < n_equilibria else ""))
    if search.vertex_supports:
        shown = "; ".join(_support_text(game, s) for s in search.vertex_supports[:3])
        warnings.append(
            f"degenerate game: {len(search.vertex_supports)} support profile(s) have a positive-dimensional "
            f"solution set, e.g. {shown}; their extreme points are listed (equilibria there are not "
            "isolated)")
    if unresolved:
        shown = "; ".join(_support_text(game, s) for s in unresolved[:3])
        warnings.append(
            f"{len(unresolved)} support profile(s) have a positive-dimensional polynomial solution set "
            f"(a continuum of candidate equilibria), e.g. {shown}; equilibria on them that are not "
            "isolated may be missing (extreme points found by vertex enumeration are listed)")
    stats = search.stats
    if stats["numeric"]:
        warnings.append(f"{stats['numeric']} support system(s) too large for an exact Groebner basis were "
                        "solved by multi-start Newton: equilibria on those supports may be missing")
    if stats["newton_failures"]:
        warnings.append(f"{stats['newton_failures']} complex solution(s) could not be polished numerically")
    return warnings


#: Two float equilibria closer than this in every probability are one point.
DEDUPE_TOL = 1e-9


def _close(a, b) -> bool:
    return all(float(np.max(np.abs(np.asarray(x, dtype=float) - np.asarray(y, dtype=float)))) <= DEDUPE_TOL
               for x, y in zip(a.probabilities, b.probabilities))


def _support_text(game, sup) -> str:
    return ", ".join(f"{game.players[i]}: {{{', '.join(game.strategies[i][k] for k in s)}}}"
                     for i, s in enumerate(sup))


# ---------------------------------------------------------------- polynomial systems
def _indifference_polys(E: np.ndarray, sup):
    """The indifference polynomials of a support profile, in a sympy polynomial ring
    over QQ with degree-reverse-lexicographic order.

    Unknowns are the probabilities of every strategy of a mixing player's support
    but the last (which is one minus the others).
    """
    from sympy import QQ
    from sympy.polys.orderings import grevlex
    from sympy.polys.rings import ring

    n = E.shape[0]
    names = [f"x{i}_{k}" for i in range(n) if len(sup[i]) > 1 for k in range(len(sup[i]) - 1)]
    R, *xs = ring(",".join(names), QQ, grevlex)
    sigma = []
    pos = 0
    for i in range(n):
        if len(sup[i]) == 1:
            sigma.append({sup[i][0]: R.one})
            continue
        own = xs[pos:pos + len(sup[i]) - 1]
        pos += len(sup[i]) - 1
        d = {s: x for s, x in zip(sup[i][:-1], own)}
        d[sup[i][-1]] = R.one - sum(own, R.zero)
        sigma.append(d)
    polys = []
    for i in range(n):
        if len(sup[i]) == 1:
            continue
        others = [j for j in range(n) if j != i]
        s0 = sup[i][0]
        for s in sup[i][1:]:
            expr = R.zero
            for t in itertools.product(*(sup[j] for j in others)):
                idx_s = [0] * n
                for j, tj in zip(others, t):
                    idx_s[j] = tj
                idx_0 = list(idx_s)
                idx_s[i] = s
                idx_0[i] = s0
                c = E[i][tuple(idx_s)] - E[i][tuple(idx_0)]
                if c == 0:
                    continue
                term = R(QQ(c.numerator, c.denominator))
                for j, tj in zip(others, t):
                    term = term * sigma[j][tj]
                expr += term
            polys.append(expr)
    return R, xs, polys


#: Largest number of unknowns solved by a full Groebner basis, by number of mixing
#: players (3: the Cramer elimination usually applies first).  Larger systems are
#: solved by multi-start Newton, and the result is then flagged incomplete.
MAX_GROEBNER_VARS = {3: 6, 4: 4}


def _multistart_points(E: np.ndarray, sup, rng, starts: int = 40):
    """Solutions of a support system from Newton's method at random interior starts
    (not guaranteed to find them all)."""
    from ._polish import support_newton
    P = np.array(E, dtype=float)
    out = []
    for _ in range(starts):
        probs = []
        for i, m in enumerate(E.shape[1:]):
            p = np.zeros(m)
            p[list(sup[i])] = rng.dirichlet(np.ones(len(sup[i])))
            probs.append(p)
        sol = support_newton(P, sup, probs)
        if sol is not None and _in_box(sol):
            out.append(sol)
    return out


def _zero_dim_points(R, xs, polys, rng):
    """Complex solutions of a polynomial system over QQ (``polys`` in ring ``R``).

    Returns ``("none", [])``, ``("positive", [])`` or ``("points", zs)`` with ``zs``
    the approximate complex solutions (one array per solution, every solution of
    the zero-dimensional system), by a degree-reverse-lexicographic Groebner basis
    and the eigenvectors of the multiplication matrices.
    """
    from sympy.polys.groebnertools import groebner

    polys = [p for p in polys if p]
    nv = len(xs)
    if not polys:
        return ("positive", []) if nv else ("points", [np.zeros(0)])
    G = groebner(polys, R)
    if len(G) == 1 and G[0].is_ground:
        return "none", []
    lms = [g.LM for g in G]
    # Zero-dimensional iff every variable has a pure power among the leading monomials.
    for k in range(nv):
        if not any(lm[k] > 0 and sum(lm) == lm[k] for lm in lms):
            return "positive", []

    def divisible(m):
        return any(all(a >= b for a, b in zip(m, lm)) for lm in lms)

    basis = []
    seen = set()
    frontier = [tuple([0] * nv)]
    while frontier:
        m = frontier.pop()
        if m in seen:
            continue
        seen.add(m)
        if divisible(m):
            continue
        basis.append(m)
        for k in range(nv):
            frontier.append(tuple(a + (1 if j == k else 0) for j, a in enumerate(m)))
    basis.sort()
    pos = {m: k for k, m in enumerate(basis)}
    D = len(basis)

    def normal_form_vector(poly) -> np.ndarray:
        v = np.zeros(D)
        if len(poly) == 1 and poly.LM in pos and poly.LC == 1:
            v[pos[poly.LM]] = 1.0     # already a standard monomial
            return v
        r = poly.rem(G)
        for mon, c in r.items():
            v[pos[mon]] = float(c)
        return v

    mono = [R({m: 1}) for m in basis]
    mult = [np.column_stack([normal_form_vector(x * b) for b in mono]) for x in xs]
    coord = [normal_form_vector(x) for x in xs]
    one = pos[tuple([0] * nv)]
    c = rng.uniform(0.5, 1.5, size=nv)
    M = sum(ck * Mk for ck, Mk in zip(c, mult))
    _, W = np.linalg.eig(M.T)
    zs = []
    for col in range(W.shape[1]):
        w = W[:, col]
        if abs(w[one]) < 1e-12:
            continue
        beta = w / w[one]
        zs.append(np.array([cv @ beta for cv in coord]))
    return "points", zs


def _evaluate(poly, z) -> complex:
    """Value of a ring polynomial at a (complex) point."""
    total: complex = 0
    for mon, coef in poly.terms():
        term = float(coef)
        for zk, e in zip(z, mon):
            if e:
                term = term * zk ** e
        total += term
    return total


def _det(rows):
    """Determinant of a small square matrix of ring elements (Laplace expansion)."""
    n = len(rows)
    if n == 1:
        return rows[0][0]
    if n == 2:
        return rows[0][0] * rows[1][1] - rows[0][1] * rows[1][0]
    total = None
    for k in range(n):
        minor = [r[:k] + r[k + 1:] for r in rows[1:]]
        term = rows[0][k] * _det(minor)
        total = term if total is None else (total + term if k % 2 == 0 else total - term)
    return total


def _in_box(probs) -> bool:
    return all(p.min() >= -1e-6 for p in probs)


def _eliminated_solutions(E: np.ndarray, sup, rng):
    """Solve a three-mixing-player support system by eliminating two players' mixes.

    With mixing players ``a``, ``b`` (equal support sizes) and ``c``, player ``a``'s
    equations are linear in ``b``'s probabilities with coefficients linear in
    ``c``'s, and vice versa; Cramer's rule expresses both mixes as ratios of
    polynomials in ``c``'s probabilities, and ``c``'s equations (times the two
    determinants) become a smaller polynomial system.  Solutions where a
    determinant vanishes are excluded by an exact Groebner test; when that test
    fails, or the reduced system is not zero-dimensional, None is returned and the
    caller solves the full system.
    """
    from sympy.polys.groebnertools import groebner

    n = E.shape[0]
    mixed = [i for i in range(n) if len(sup[i]) > 1]
    if len(mixed) != 3:
        return None
    sizes = [len(sup[i]) for i in mixed]
    pair = next(((x, y) for x, y in itertools.combinations(range(3), 2) if sizes[x] == sizes[y]), None)
    if pair is None:
        return None
    # prepare: the reduced system in c's probabilities
    el = _Elimination(E, sup, mixed[pair[0]], mixed[pair[1]])
    det_a, num_b = el.linear_system(el.a, el.b)       # a's equations give b's mix
    det_b, num_a = el.linear_system(el.b, el.a)       # b's equations give a's mix
    if not det_a or not det_b:
        return None
    polys = el.reduced_polys(num_a, num_b)
    if any(not p for p in polys):
        return None
    # Exclude genuine solutions hidden where a determinant vanishes.  At such a
    # solution the numerators of the vanishing determinant's mix vanish too, so c's
    # reduced equations hold: if they are inconsistent with det_a * det_b = 0 there
    # is none.  Otherwise test the full system plus "det = 0", for each determinant.
    G = groebner(polys + [det_a * det_b], el.R)
    saturate = not (len(G) == 1 and G[0].is_ground)
    if saturate and not el.determinants_nonzero(mixed):
        return None
    # enumerate: the reduced system's points
    status, points = _zero_dim_points(el.R, el.zs, polys, rng)
    if status == "points" and saturate:
        # The reduced equations also vanish (spuriously) at the finitely many points
        # where a determinant and the numerators of its mix vanish together; the
        # genuine solutions all have nonzero determinants, so drop those points.
        status0, spurious = _zero_dim_points(el.R, el.zs, polys + [det_a * det_b], rng)
        if status0 != "points":
            return None
        points = [z for z in points
                  if not any(np.abs(z - w).max() <= 1e-5 * (1 + np.abs(z).max()) for w in spurious)]
    if status != "points":
        return None
    # lift: every real point with nonzero determinants back to the three mixes
    out = []
    for z in points:
        if np.max(np.abs(np.imag(z))) > 1e-6:
            continue
        probs = el.lift(np.real(z), det_a, det_b, num_a, num_b)
        if probs is not None and _in_box(probs):
            out.append(probs)
    return "points", out


class _Elimination:
    """The support system of three mixing players ``a``, ``b`` (equal support sizes)
    and ``c``, in a polynomial ring over QQ in ``c``'s free probabilities ``zs``."""

    def __init__(self, E: np.ndarray, sup, a: int, b: int):
        from sympy import QQ
        from sympy.polys.orderings import grevlex
        from sympy.polys.rings import ring

        self.E, self.sup, self.n = E, sup, E.shape[0]
        self.a, self.b = a, b
        self.c = next(i for i in range(self.n) if len(sup[i]) > 1 and i not in (a, b))
        Sc = sup[self.c]
        self.fixed = {i: sup[i][0] for i in range(self.n) if len(sup[i]) == 1}
        self.R, *self.zs = ring(",".join(f"z{k}" for k in range(len(Sc) - 1)), QQ, grevlex)
        self.sigma_c = {t: z for t, z in zip(Sc[:-1], self.zs)}
        self.sigma_c[Sc[-1]] = self.R.one - sum(self.zs, self.R.zero)
        self.QQ = QQ

    def payoff(self, i: int, choice: dict):
        prof = [self.fixed.get(q, choice.get(q)) for q in range(self.n)]
        v = self.E[i][tuple(prof)]
        return self.QQ(v.numerator, v.denominator)

    def linear_system(self, owner: int, other: int):
        """owner's indifference: ``M y_other = rhs``, entries polynomials in z; returns
        ``(det M, numerators)`` with ``sigma_other(t) = numerators[t] / det``."""
        sup, c, R, sigma_c = self.sup, self.c, self.R, self.sigma_c
        So, St, Sc = sup[owner], sup[other], sup[c]
        s0 = So[0]
        M, rhs = [], []
        for s in So[1:]:
            def D(t_other, t_c, s=s):
                return (self.payoff(owner, {owner: s, other: t_other, c: t_c})
                        - self.payoff(owner, {owner: s0, other: t_other, c: t_c}))
            row = []
            for tk in St[:-1]:
                row.append(sum(((D(tk, tc) - D(St[-1], tc)) * sigma_c[tc] for tc in Sc), R.zero))
            M.append(row)
            rhs.append(-sum((D(St[-1], tc) * sigma_c[tc] for tc in Sc), R.zero))
        det = _det(M)
        nums = []
        for k in range(len(St) - 1):
            Mk = [r[:k] + [rv] + r[k + 1:] for r, rv in zip(M, rhs)]
            nums.append(_det(Mk))
        full = dict(zip(St[:-1], nums))
        full[St[-1]] = det - sum(nums, R.zero)
        return det, full

    def reduced_polys(self, num_a, num_b) -> list:
        """c's indifference equations with a's and b's mixes replaced by their
        numerators (each equation times the two determinants)."""
        a, b, c, sup = self.a, self.b, self.c, self.sup
        Sc = sup[c]
        polys = []
        s0 = Sc[0]
        for s in Sc[1:]:
            P = self.R.zero
            for ta in sup[a]:
                for tb in sup[b]:
                    d = (self.payoff(c, {c: s, a: ta, b: tb}) - self.payoff(c, {c: s0, a: ta, b: tb}))
                    if d:
                        P += d * num_a[ta] * num_b[tb]
            polys.append(P)
        return polys

    def determinants_nonzero(self, mixed) -> bool:
        """Whether the full system has no solution where either determinant vanishes
        (an exact Groebner test, one determinant at a time)."""
        from sympy.polys.groebnertools import groebner

        sup = self.sup
        FR, fxs, fpolys = _indifference_polys(self.E, sup)
        var_at, eq_at, k = {}, {}, 0
        for i in mixed:
            var_at[i] = list(range(k, k + len(sup[i]) - 1))
            eq_at[i] = list(range(k, k + len(sup[i]) - 1))
            k += len(sup[i]) - 1
        for owner, other in ((self.a, self.b), (self.b, self.a)):
            Mfull = [[fpolys[e].diff(fxs[v]) for v in var_at[other]] for e in eq_at[owner]]
            G = groebner(fpolys + [_det(Mfull)], FR)
            if not (len(G) == 1 and G[0].is_ground):
                return False
        return True

    def lift(self, z, det_a, det_b, num_a, num_b):
        """Every player's probabilities at the real point ``z`` of the reduced system,
        or None where a determinant vanishes."""
        da, db = _evaluate(det_a, z), _evaluate(det_b, z)
        if abs(da) < 1e-12 or abs(db) < 1e-12:
            return None
        sup, E = self.sup, self.E
        probs = []
        for i in range(self.n):
            p = np.zeros(E.shape[1 + i])
            if i in self.fixed:
                p[self.fixed[i]] = 1.0
            elif i == self.c:
                p[list(sup[i][:-1])] = z
                p[sup[i][-1]] = 1.0 - z.sum()
            elif i == self.a:
                for t in sup[i]:
                    p[t] = _evaluate(num_a[t], z) / db
            else:
                for t in sup[i]:
                    p[t] = _evaluate(num_b[t], z) / da
            probs.append(np.real(p))
        return probs


def _polynomial_solutions(E: np.ndarray, sup, rng):
    """All solutions of a support profile's indifference system in the probability box.

    Returns
    -------
    (status, points)
        ``status`` is ``"none"``, ``"positive"`` (positive-dimensional) or ``"points"``;
        ``points`` lists approximate real solutions in the probability box as
        per-player probability vectors (full length, zero off the support).
    """
    quick = _eliminated_solutions(E, sup, rng)
    if quick is not None:
        return quick
    mixing = sum(1 for s in sup if len(s) > 1)
    n_vars = sum(len(s) - 1 for s in sup)
    if n_vars > MAX_GROEBNER_VARS[min(mixing, 4)]:
        return "numeric", _multistart_points(E, sup, rng)
    R, xs, polys = _indifference_polys(E, sup)
    status, zs = _zero_dim_points(R, xs, polys, rng)
    if status != "points":
        return status, []
    points = []
    for z in zs:
        if z.size and np.max(np.abs(z.imag)) > 1e-6:
            continue
        z = np.real(z)
        probs = []
        k = 0
        for i in range(E.shape[0]):
            p = np.zeros(E.shape[1 + i])
            if len(sup[i]) == 1:
                p[sup[i][0]] = 1.0
            else:
                vals = z[k:k + len(sup[i]) - 1]
                k += len(sup[i]) - 1
                p[list(sup[i][:-1])] = vals
                p[sup[i][-1]] = 1.0 - vals.sum()
            probs.append(p)
        if _in_box(probs):
            points.append(probs)
    return "points", points
