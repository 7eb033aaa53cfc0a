"""Shared numerics of the n-player solvers: payoff contractions, Newton polishing
on support equations, exact reconstruction and verification of candidates.

A Nash equilibrium with supports ``S_1, ..., S_n`` solves the *indifference
system* (McKelvey & McLennan, "Computation of equilibria in finite games",
Handbook of Computational Economics I, 1996, section 4):

* ``u_i(s, sigma_-i) = v_i`` for every player ``i`` and every ``s`` in ``S_i``;
* ``sum_{s in S_i} sigma_i(s) = 1``, ``sigma_i(s) = 0`` off ``S_i``;

and the inequalities ``sigma >= 0`` and ``u_i(t, sigma_-i) <= v_i`` off the support.
The path-following solvers (:mod:`.qre`, :mod:`.simpdiv`) end near an equilibrium;
:func:`refine` guesses its support, solves this system by Newton's method from the
approximate point, tries to rebuild the solution exactly in Fractions and accepts
a profile only once its regret is checked (exactly, or within the tolerance).

Payoff arrays follow the convention of :mod:`gametheory.game.normal`:
``P[i][s_1, ..., s_n]`` is player ``i``'s payoff.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..exact import gauss_jordan
from ..game.profiles import MixedStrategyProfile, contract_others


# ---------------------------------------------------------------- contractions
def strategy_values(P: np.ndarray, probs: Sequence[np.ndarray], i: int) -> np.ndarray:
    """Player ``i``'s expected payoff of each pure strategy against ``probs``."""
    return contract_others(P[i], probs, i)


def pair_values(P: np.ndarray, probs: Sequence[np.ndarray], i: int, j: int) -> np.ndarray:
    """``W[s, t] = u_i(s, t, sigma_{-ij})``: player ``i``'s payoff when ``i`` plays ``s``
    and ``j`` plays ``t`` (``j != i``), the others mixing by ``probs``."""
    out = P[i]
    for k in range(len(probs) - 1, -1, -1):
        if k in (i, j):
            continue
        out = np.tensordot(out, probs[k], axes=([k], [0]))
    # Remaining axes are (i, j) in increasing order.
    return out if i < j else out.T


def max_regret_float(P: np.ndarray, probs: Sequence[np.ndarray]) -> float:
    """Largest regret of a float profile (no validation)."""
    worst = 0.0
    for i in range(len(probs)):
        vals = strategy_values(P, probs, i)
        worst = max(worst, float(vals.max() - vals @ probs[i]))
    return worst


def payoff_scale(P: np.ndarray) -> float:
    """The largest payoff range of any player (1 for constant games)."""
    n = P.shape[0]
    spread = max(float(P[i].max() - P[i].min()) for i in range(n))
    return spread if spread > 0 else 1.0


# ---------------------------------------------------------------- Newton on a support
def support_newton(P: np.ndarray, supports: Sequence[Sequence[int]], probs0: Sequence[np.ndarray],
                   *, max_iter: int = 50, tol: float = 1e-14):
    """Newton's method on the indifference system of ``supports``.

    Parameters
    ----------
    P : ndarray
        Float payoffs, shape ``(n, m_1, ..., m_n)``.
    supports : sequence of sequences of int
        The strategies each player uses.
    probs0 : sequence of ndarray
        Starting point (renormalised onto the supports).

    Returns
    -------
    list of ndarray or None
        The solution (zero off the supports), or None when Newton does not converge.
        Least squares steps are used when the system is not square.
    """
    n = P.shape[0]
    shape = P.shape[1:]
    probs = []
    for i in range(n):
        p = np.zeros(shape[i])
        p[list(supports[i])] = np.maximum(np.asarray(probs0[i], dtype=float)[list(supports[i])], 1e-12)
        probs.append(p / p.sum())
    offsets = np.cumsum([0] + [len(s) for s in supports])
    n_sigma = int(offsets[-1])
    n_unknown = n_sigma + n
    v = np.array([float(strategy_values(P, probs, i)[list(supports[i])] @ probs[i][list(supports[i])])
                  for i in range(n)])
    last = np.inf
    for _ in range(max_iter):
        F = np.zeros(n_sigma + n)
        J = np.zeros((n_sigma + n, n_unknown))
        for i in range(n):
            Si = list(supports[i])
            vals = strategy_values(P, probs, i)
            rows = slice(offsets[i], offsets[i + 1])
            F[rows] = vals[Si] - v[i]
            J[rows, n_sigma + i] = -1.0
            for j in range(n):
                if j == i:
                    continue
                W = pair_values(P, probs, i, j)
                J[rows, offsets[j]:offsets[j + 1]] = W[np.ix_(Si, list(supports[j]))]
            F[n_sigma + i] = probs[i][Si].sum() - 1.0
            J[n_sigma + i, offsets[i]:offsets[i + 1]] = 1.0
        norm = float(np.abs(F).max())
        if norm <= tol:
            return probs
        if not np.all(np.isfinite(F)) or (norm > 10 * last and norm > 1e-6):
            return None
        last = norm
        step, *_ = np.linalg.lstsq(J, -F, rcond=None)
        for i in range(n):
            Si = list(supports[i])
            probs[i] = probs[i].copy()
            probs[i][Si] += step[offsets[i]:offsets[i + 1]]
        v = v + step[n_sigma:]
    F_ok = max(float(np.abs(strategy_values(P, probs, i)[list(supports[i])] - v[i]).max()) for i in range(n))
    return probs if F_ok <= 1e-10 else None


# ---------------------------------------------------------------- exact linear algebra
# gauss_jordan lives in gametheory.exact.
def exact_indifference_residual(E: np.ndarray, supports, probs: Sequence[Sequence[Fraction]]) -> bool:
    """True when the Fraction profile ``probs`` solves the indifference system exactly."""
    n = E.shape[0]
    arrs = []
    for p in probs:
        a = np.empty(len(p), dtype=object)
        a[:] = list(p)
        arrs.append(a)
    for i in range(n):
        if sum(arrs[i]) != 1:
            return False
        vals = contract_others(E[i], arrs, i)
        sv = {vals[s] for s in supports[i]}
        if len(sv) != 1:
            return False
    return True


def rationalize_profile(probs: Sequence[np.ndarray], max_denominator: int) -> list[list[Fraction]]:
    """Nearest fractions (bounded denominators) of a float profile, renormalised so each
    player's probabilities sum to one exactly (a guess, checked by the caller)."""
    out = []
    for p in probs:
        fr: list = [_exact_binary(x).limit_denominator(max_denominator) if x > 0 else Fraction(0)
                    for x in p]
        nz = [k for k, x in enumerate(fr) if x != 0]
        if nz:
            fr[nz[-1]] = 1 - sum(fr[k] for k in nz[:-1])
        out.append(fr)
    return out


def _exact_binary(x) -> Fraction:
    """The exact value of a float or an mpmath number, as a Fraction."""
    if hasattr(x, "man_exp"):
        man, exp = x.man_exp
        return Fraction(int(man) * 2 ** int(exp)) if exp >= 0 else Fraction(int(man), 2 ** int(-exp))
    return Fraction(float(x))


def _unique_solutions(fixed, optional, n_cols, max_systems=20_000):
    """Unique solutions of ``fixed`` rows plus subsets of ``optional`` rows (exact).

    Each row is an augmented list ``[a_1, ..., a_n, b]``.  Returns ``(status, sols)``:
    ``"point"`` when the fixed rows alone determine one solution; ``"vertices"``
    when they leave a positive-dimensional set whose vertices (points where some
    optional rows are also tight) are listed; ``"positive"`` when that
    enumeration was too large; ``"none"`` when the fixed rows are inconsistent.
    """
    sol, rank = gauss_jordan(fixed, n_cols)
    if sol is None:
        return "none", []
    if rank == n_cols:
        return "point", [sol]
    import itertools
    out: list[Any] = []
    seen = set()
    tried = 0
    for size in range(1, min(len(optional), n_cols - rank) + 1):
        for extra in itertools.combinations(range(len(optional)), size):
            tried += 1
            if tried > max_systems:
                return "positive", out
            sol, r = gauss_jordan(fixed + [optional[k] for k in extra], n_cols)
            if sol is not None and r == n_cols:
                key = tuple(sol)
                if key not in seen:
                    seen.add(key)
                    out.append(sol)
    return "vertices", out


def two_mixed_exact(E: np.ndarray, supports) -> tuple[str, list]:
    """Solve the indifference system exactly when at most two players mix.

    The system is then linear.  With two mixing players ``a`` and ``b``, ``a``'s
    indifference over its support determines ``b``'s mix and vice versa; with one
    mixing player ``i`` its mix is constrained by the (pure) others' best-response
    conditions.  When the equations leave a positive-dimensional set, its
    vertices are listed instead: the points where additional best-response
    constraints are tight (so extreme equilibria of degenerate games are found,
    as by vertex enumeration; von Stengel 2007, section 3.5).

    Returns
    -------
    (status, candidates)
        ``status`` is ``"point"`` (one solution), ``"vertices"`` (a
        positive-dimensional set, vertices listed), ``"positive"`` (a positive-
        dimensional set not resolved) or ``"none"``; ``candidates`` are Fraction
        profiles (full-length lists) still to be checked for nonnegativity and regret.
    """
    n = E.shape[0]
    shape = E.shape[1:]
    mixed = [i for i in range(n) if len(supports[i]) > 1]
    if len(mixed) > 2:
        raise ValueError("two_mixed_exact needs at most two mixing players")
    base = []
    for i in range(n):
        p = [Fraction(0)] * shape[i]
        if len(supports[i]) == 1:
            p[supports[i][0]] = Fraction(1)
        base.append(p)
    if not mixed:
        return "point", [base]
    fixed = {i: supports[i][0] for i in range(n) if len(supports[i]) == 1}
    if len(mixed) == 1:
        return _one_mixed_exact(E, supports, mixed[0], fixed, base)
    return _two_mixed_exact(E, supports, mixed, fixed, base)


def _one_mixed_exact(E: np.ndarray, supports, i: int, fixed: dict, base) -> tuple[str, list]:
    """Player ``i`` alone mixes: indifferent over its support, and every pure player's
    strategy a best response (optional constraints whose tight sets give vertices)."""
    n = E.shape[0]
    shape = E.shape[1:]
    Si = supports[i]
    vals = {E[i][tuple(fixed.get(k, s) for k in range(n))] for s in Si}
    if len(vals) != 1:
        return "none", []
    k = len(Si)
    optional = []
    for j in fixed:
        for t in range(shape[j]):
            if t == fixed[j]:
                continue
            row = []
            for s in Si:
                prof = [fixed.get(q, s) for q in range(n)]
                hi = E[j][tuple(prof)]
                prof[j] = t
                row.append(E[j][tuple(prof)] - hi)
            optional.append(row + [Fraction(0)])
    status, sols = _unique_solutions([[Fraction(1)] * k + [Fraction(1)]], optional, k)
    out = []
    for sol in sols:
        p = [list(x) for x in base]
        for s, x in zip(Si, sol):
            p[i][s] = x
        out.append(p)
    return status, out


def _two_mixed_exact(E: np.ndarray, supports, mixed, fixed: dict, base) -> tuple[str, list]:
    """Players ``a`` and ``b`` mix: each one's indifference determines the other's mix."""
    import itertools

    n = E.shape[0]
    shape = E.shape[1:]
    a, b = mixed

    def payoff_matrix(i, a, b):
        """Player i's payoff over (a's strategies, b's strategies), pure players fixed."""
        idx = tuple(fixed[k] if k in fixed else slice(None) for k in range(n))
        sub = E[i][idx]
        return sub if a < b else sub.T

    per_player = {}
    statuses = []
    for owner, other in ((a, b), (b, a)):
        M = payoff_matrix(owner, owner, other)
        So, St = supports[owner], supports[other]
        k = len(St)
        fixed_rows = [[M[s, t] for t in St] + [Fraction(-1), Fraction(0)] for s in So]
        fixed_rows.append([Fraction(1)] * k + [Fraction(0), Fraction(1)])
        optional = [[M[s, t] for t in St] + [Fraction(-1), Fraction(0)]
                    for s in range(shape[owner]) if s not in So]
        status, sols = _unique_solutions(fixed_rows, optional, k + 1)
        if status == "none":
            return "none", []
        statuses.append(status)
        per_player[other] = [sol[:k] for sol in sols]
    out = []
    for xa, xb in itertools.product(per_player[a], per_player[b]):
        p = [list(x) for x in base]
        for s, x in zip(supports[a], xa):
            p[a][s] = x
        for s, x in zip(supports[b], xb):
            p[b][s] = x
        out.append(p)
    if "positive" in statuses:
        return "positive", out
    if "vertices" in statuses:
        return "vertices", out
    return "point", out


# ---------------------------------------------------------------- refinement of approximate points
def candidate_supports(probs: Sequence[np.ndarray], P: np.ndarray):
    """Plausible supports of the equilibrium near ``probs``, most likely first.

    Strategies above a probability threshold (several thresholds), and the
    near-best responses at the point.
    """
    seen = []
    for thr in (1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-8, 1e-10, 1e-12):
        sup = tuple(tuple(int(k) for k in np.flatnonzero(p > thr * p.max())) for p in probs)
        if sup not in seen and all(sup):
            seen.append(sup)
    scale = payoff_scale(P)
    for eps in (1e-6, 1e-4, 1e-3, 1e-2):
        best = []
        for i in range(len(probs)):
            vals = strategy_values(P, probs, i)
            best.append(tuple(int(k) for k in np.flatnonzero(vals >= vals.max() - eps * scale)))
        sup = tuple(best)
        if sup not in seen:
            seen.append(sup)
    return seen


def exact_from_float(game, supports, probs: Sequence[np.ndarray]) -> MixedStrategyProfile | None:
    """Rebuild an equilibrium exactly in Fractions, or None when that fails.

    With at most two mixing players the support system is linear and solved
    exactly; otherwise the float solution is rounded to nearby fractions (after
    high-precision polishing) and kept only if it solves the system exactly.
    Either way the result is an exact Nash equilibrium (zero regret checked in
    Fractions) or None.
    """
    E = game.exact_payoffs()
    mixed = [i for i in range(game.n_players) if len(supports[i]) > 1]
    candidates = []
    if len(mixed) <= 2:
        status, sols = two_mixed_exact(E, supports)
        if status == "point":
            candidates.extend(sols)
    if not candidates:
        for den in (10**2, 10**4, 10**6):
            guess = rationalize_profile(probs, den)
            if exact_indifference_residual(E, supports, guess):
                candidates.append(guess)
                break
    if not candidates:
        hp = _mp_polish(game, supports, probs)
        if hp is not None:
            for den in (10**6, 10**9, 10**12, 10**18):
                guess = rationalize_profile(hp, den)
                if exact_indifference_residual(E, supports, guess):
                    candidates.append(guess)
                    break
    for sol in candidates:
        if any(x < 0 for p in sol for x in p):
            continue
        prof = MixedStrategyProfile(game, sol, exact=True)
        if prof.max_regret() == 0:
            return prof
    return None


def _mp_polish(game, supports, probs, digits: int = 50):
    """Newton on the support system in mpmath at ``digits`` digits (None on failure)."""
    import mpmath

    E = game.exact_payoffs()
    n = game.n_players
    with mpmath.workdps(digits):
        offsets = np.cumsum([0] + [len(s) for s in supports])
        n_sigma = int(offsets[-1])
        Pm = np.vectorize(lambda f: mpmath.mpf(f.numerator) / f.denominator, otypes=[object])(E)
        x = [mpmath.mpf(float(probs[i][s])) for i in range(n) for s in supports[i]]

        def unpack(vec):
            out = []
            for i in range(n):
                p = np.array([mpmath.mpf(0)] * game.shape[i], dtype=object)
                for k, s in enumerate(supports[i]):
                    p[s] = vec[offsets[i] + k]
                out.append(p)
            return out

        pr = unpack(x)
        v = [contract_others(Pm[i], pr, i)[supports[i][0]] for i in range(n)]
        vec = x + v
        for _ in range(30):
            pr = unpack(vec)
            F = []
            J = mpmath.zeros(n_sigma + n, n_sigma + n)
            row = 0
            for i in range(n):
                vals = contract_others(Pm[i], pr, i)
                for s in supports[i]:
                    F.append(vals[s] - vec[n_sigma + i])
                    J[row, n_sigma + i] = -1
                    for j in range(n):
                        if j == i:
                            continue
                        W = pair_values(Pm, pr, i, j)
                        for k, t in enumerate(supports[j]):
                            J[row, offsets[j] + k] = W[s, t]
                    row += 1
            for i in range(n):
                F.append(mpmath.fsum(pr[i][s] for s in supports[i]) - 1)
                for k in range(len(supports[i])):
                    J[row, offsets[i] + k] = 1
                row += 1
            Fv = mpmath.matrix(F)
            if mpmath.norm(Fv, mpmath.inf) < mpmath.mpf(10) ** (-digits + 5):
                break
            try:
                step = mpmath.lu_solve(J, -Fv)
            except (ZeroDivisionError, TypeError, ValueError):   # singular system
                return None
            vec = [a + b for a, b in zip(vec, step)]
        else:
            return None
        return unpack(vec)


def verified_support_solutions(P: np.ndarray, probs, supports, tolerance: float):
    """Yield ``(support, solution)`` for each support, in order, whose indifference
    system Newton's method (:func:`support_newton`, started at ``probs``) solves with
    nonnegative probabilities (renormalised) and regret at most ``tolerance``."""
    for sup in supports:
        sol = support_newton(P, sup, probs)
        if sol is None or min(float(p.min()) for p in sol) < -1e-12:
            continue
        sol = [np.maximum(p, 0.0) / np.maximum(p, 0.0).sum() for p in sol]
        if max_regret_float(P, sol) <= tolerance:
            yield sup, sol


def refine(game, probs: Sequence[np.ndarray], *, exact: bool, tolerance: float,
           supports=None):
    """Turn an approximate equilibrium into a verified one.

    Tries each plausible support (see :func:`candidate_supports`), polishes by
    Newton's method on its indifference system, and checks the regret.  In exact
    mode it then rebuilds the profile in Fractions (:func:`exact_from_float`).

    Returns
    -------
    (profile, is_exact) or (None, False)
        A float profile with regret at most ``tolerance`` or an exact profile
        with zero regret; None when no candidate support verifies.
    """
    P = game.float_payoffs()
    probs = [np.asarray(p, dtype=float) for p in probs]
    sups = list(supports) if supports is not None else candidate_supports(probs, P)
    float_found = None
    for sup, sol in verified_support_solutions(P, probs, sups, tolerance):
        if exact:
            prof = exact_from_float(game, sup, sol)
            if prof is not None:
                return prof, True
        if float_found is None:
            float_found = MixedStrategyProfile(game, sol, exact=False)
            if not exact:
                break
    if float_found is not None:
        return float_found, False
    # The point itself may already be good enough.
    if max_regret_float(P, probs) <= tolerance:
        return MixedStrategyProfile(game, [p / p.sum() for p in probs], exact=False), False
    return None, False
