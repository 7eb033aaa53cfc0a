"""Logit quantal response equilibrium (QRE) path following, any number of players.

A logit QRE at precision ``lambda >= 0`` is a profile ``sigma`` with

    sigma_i(s) = exp(lambda * u_i(s, sigma_-i)) / sum_t exp(lambda * u_i(t, sigma_-i))

(McKelvey & Palfrey, "Quantal response equilibria for normal form games", GEB 10,
1995).  At ``lambda = 0`` every player mixes uniformly; as ``lambda`` grows the
principal branch of the correspondence converges to a Nash equilibrium, the
*logit solution* of the game.

The branch is traced as Turocy does ("A dynamic homotopy interpretation of the
logistic quantal response equilibrium correspondence", GEB 51, 2005): in the
log-probabilities ``y = log sigma``, which keeps every probability positive and
turns the exponential decay of inferior strategies into straight lines, the
equations are

    y_i(s) - y_i(r_i) - lambda * (u_i(s) - u_i(r_i)) = 0   (s != r_i),
    sum_s exp(y_i(s)) - 1 = 0,

``N`` equations in ``N + 1`` unknowns ``(y, lambda)``.  Its solution set is a curve
followed by a predictor-corrector method parametrised by arc length: an Euler
step along the unit tangent (the kernel of the Jacobian), then Newton corrections
orthogonal to the tangent; the step grows after easy corrections and shrinks
after hard ones (Allgower & Georg, *Introduction to Numerical Continuation
Methods*, 1990, ch. 2 and 6).  Near the end the support of the limit is guessed
from the profile, the support system is solved by Newton's method (and exactly
in Fractions when possible) and the result is verified before it is returned.
In a degenerate game whose equilibria form a continuum, the support system of
the continuum is singular and Newton's method would stop anywhere on it; the
branch converges to the point of the continuum where more strategies become
best responses, a regular solution of a larger support system, which is
preferred (``details["degenerate"]`` and a warning say so).  When the branch
ends inside the continuum (no larger support system is regular there), the
polished branch point is returned once successive checkpoints agree within
:data:`SETTLED`, with a warning that it approximates the limit.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..exceptions import InvalidGameError, SolverError, UnsupportedGameError
from ..game.profiles import MixedStrategyProfile
from .result import FLOAT_TOLERANCE, make_result
from ._scale import scale_invariant
from ._polish import (candidate_supports, exact_from_float, max_regret_float, pair_values, payoff_scale,
                      strategy_values, verified_support_solutions)
from ._checks import check_numeric_normal_form as _check_game


class _QRESystem:
    """The logit QRE equations of a game in log-probability coordinates."""

    def __init__(self, P: np.ndarray):
        self.P = P
        self.n = P.shape[0]
        self.shape = P.shape[1:]
        self.offsets = np.cumsum([0] + list(self.shape))
        self.N = int(self.offsets[-1])

    def probs(self, y: np.ndarray) -> list[np.ndarray]:
        out = []
        for i in range(self.n):
            p = np.exp(y[self.offsets[i]:self.offsets[i + 1]])
            out.append(p)
        return out

    def residual_and_jacobian(self, z: np.ndarray):
        y, lam = z[:-1], z[-1]
        probs = self.probs(y)
        H = np.zeros(self.N)
        J = np.zeros((self.N, self.N + 1))
        for i in range(self.n):
            o = self.offsets[i]
            m = self.shape[i]
            vals = strategy_values(self.P, probs, i)
            yi = y[o:o + m]
            # rows o .. o+m-2: strategies 1..m-1 against reference 0; row o+m-1: sum
            for s in range(1, m):
                r = o + s - 1
                H[r] = yi[s] - yi[0] - lam * (vals[s] - vals[0])
                J[r, o + s] += 1.0
                J[r, o] -= 1.0
                J[r, -1] = -(vals[s] - vals[0])
            H[o + m - 1] = probs[i].sum() - 1.0
            J[o + m - 1, o:o + m] = probs[i]
            if m > 1:
                for j in range(self.n):
                    if j == i:
                        continue
                    W = pair_values(self.P, probs, i, j)        # [s, t]
                    D = (W[1:, :] - W[0, :]) * probs[j]          # d(u_s - u_0)/dy_j(t)
                    oj = self.offsets[j]
                    J[o:o + m - 1, oj:oj + self.shape[j]] -= lam * D
        return H, J


def _tangent(J: np.ndarray, prev: np.ndarray) -> np.ndarray:
    A = np.vstack([J, prev])
    rhs = np.zeros(A.shape[0])
    rhs[-1] = 1.0
    t = np.linalg.solve(A, rhs)
    t /= np.linalg.norm(t)
    return t if t @ prev >= 0 else -t


def _correct(system: _QRESystem, z: np.ndarray, t: np.ndarray, *, max_iter: int = 6, tol: float = 1e-10):
    """Newton corrections orthogonal to ``t``; returns (z, iterations) or (None, k)."""
    last = np.inf
    for k in range(max_iter):
        H, J = system.residual_and_jacobian(z)
        norm = float(np.abs(H).max())
        if not np.isfinite(norm) or norm > 2 * last:
            return None, k
        if norm <= tol:
            return z, k
        last = norm
        A = np.vstack([J, t])
        try:
            dz = np.linalg.solve(A, -np.append(H, 0.0))
        except np.linalg.LinAlgError:
            return None, k
        z = z + dz
    H, _ = system.residual_and_jacobian(z)
    return (z, max_iter) if float(np.abs(H).max()) <= tol else (None, max_iter)


def trace_path(game, lambda_max: float = 1e6, *, first_step: float = 0.03, max_accel: float = 1.5,
               max_steps: int = 20_000, stop=None):
    """Follow the principal branch of the logit QRE correspondence from ``lambda = 0``.

    Parameters
    ----------
    game : NormalFormGame
    lambda_max : float
        Stop once ``lambda`` reaches this value (the last point is placed exactly
        there by a Newton solve at fixed ``lambda``).
    first_step : float
        First arc-length step.
    max_accel : float
        Largest factor by which the step grows after an easy correction.
    max_steps : int
        Cap on the number of accepted steps.
    stop : callable, optional
        ``stop(lam, probs)`` is called after each accepted step; tracing ends when it
        returns a true value (which is returned as ``extra``).

    Returns
    -------
    (path, extra) : list of (float, list of ndarray), object
        The accepted points ``(lambda, profile)``, and the last value of ``stop``.
    """
    P = game.float_payoffs()
    system = _QRESystem(P)
    y0 = np.concatenate([np.full(m, -np.log(m)) for m in system.shape])
    z = np.append(y0, 0.0)
    path = [(0.0, system.probs(y0))]
    _, J = system.residual_and_jacobian(z)
    prev = np.zeros(system.N + 1)
    prev[-1] = 1.0
    t = _tangent(J, prev)
    h = float(first_step)
    extra = None
    for _ in range(max_steps):
        if h < 1e-12:
            raise SolverError(f"logit QRE tracing stalled at lambda={z[-1]:.6g} (step size underflow)")
        zp = z + h * t
        if zp[-1] > lambda_max:
            # Land exactly on lambda_max by Newton at fixed lambda.
            zf = _fixed_lambda(system, z.copy(), lambda_max)
            if zf is not None:
                z = zf
                path.append((float(z[-1]), system.probs(z[:-1])))
                if stop is not None:
                    extra = stop(float(z[-1]), path[-1][1])
                break
            h /= 2
            continue
        zc, iters = _correct(system, zp, t)
        if zc is None or np.linalg.norm(zc - zp) > 0.1 * h + 1e-9:
            # No convergence, or the corrector landed far from the prediction
            # (perhaps on another branch): retry with a shorter step.
            h /= 2
            continue
        _, J = system.residual_and_jacobian(zc)
        try:
            tn = _tangent(J, t)
        except np.linalg.LinAlgError:
            h /= 2
            continue
        cos = float(tn @ t)
        if cos < 0.97:             # too sharp a turn: a smaller step is safer
            h /= 2
            continue
        z, t = zc, tn
        path.append((float(z[-1]), system.probs(z[:-1])))
        if stop is not None:
            extra = stop(float(z[-1]), path[-1][1])
            if extra:
                break
        if iters <= 2 and cos > 0.999:
            h *= max_accel
        elif iters > 4:
            h /= 2
    else:
        raise SolverError(f"logit QRE tracing did not reach lambda={lambda_max:g} in {max_steps} steps")
    return path, extra


def _fixed_lambda(system: _QRESystem, z: np.ndarray, lam: float, max_iter: int = 50):
    z[-1] = lam
    for _ in range(max_iter):
        H, J = system.residual_and_jacobian(z)
        if float(np.abs(H).max()) <= 1e-11:
            return z
        try:
            dy = np.linalg.solve(J[:, :-1], -H)
        except np.linalg.LinAlgError:
            return None
        # damp large steps
        scale = max(1.0, float(np.abs(dy).max()) / 2.0)
        z[:-1] += dy / scale
    H, _ = system.residual_and_jacobian(z)
    return z if float(np.abs(H).max()) <= 1e-9 else None


def _rounded(prof) -> tuple:
    return tuple(tuple(round(float(x), 6) for x in p) for p in prof.probabilities)


def qre_at(game, lam: float, **opts) -> MixedStrategyProfile:
    """The logit QRE on the principal branch at precision ``lam``.

    Traces the branch from ``lambda = 0`` (McKelvey & Palfrey 1995; Turocy 2005)
    and solves the QRE equations at ``lam`` exactly by Newton's method.

    Parameters
    ----------
    game : NormalFormGame
    lam : float
        Precision, ``lam >= 0``.
    **opts
        ``first_step``, ``max_accel``, ``max_steps`` of :func:`trace_path`.

    Returns
    -------
    MixedStrategyProfile
        A float profile with full support.
    """
    _check_game(game, "qre_at")
    lam = float(lam)
    if not lam >= 0 or not np.isfinite(lam):
        raise InvalidGameError(f"qre_at: lambda must be a finite number >= 0, got {lam!r}")
    if lam == 0:
        return MixedStrategyProfile.uniform(game, exact=False)
    path, _ = trace_path(game, lambda_max=lam, **opts)
    last_lam, probs = path[-1]
    if abs(last_lam - lam) > 1e-9 * max(1.0, lam):
        raise SolverError(f"qre_at: the branch did not reach lambda={lam:g}")
    return MixedStrategyProfile(game, probs, exact=False)


@scale_invariant
def qre_solve(game, exact: bool | None = None, lambda_max: float = 1e7, *, tolerance: float | None = None,
              first_step: float = 0.03, max_accel: float = 1.5, max_steps: int = 20_000, **opts):
    """The logit QRE path of an n-player game and its limit, the logit solution.

    Follows the principal branch of the logit QRE correspondence from the uniform
    profile at ``lambda = 0`` (McKelvey & Palfrey 1995) by predictor-corrector
    continuation in log-probabilities (Turocy 2005).  Whenever the profile's
    regret is small the support of the limit is guessed and solved by Newton's
    method (and exactly, in Fractions, when ``exact`` and the solution is
    rational); tracing stops at the first guess that verifies.

    Parameters
    ----------
    game : NormalFormGame
    exact : bool, optional
        Try to return the limit in exact Fractions (zero regret checked exactly);
        default: when the game's payoffs are exact.
        Falls back to floats, with a warning, when the limit is irrational.
    lambda_max : float
        Largest precision traced before giving up.
    tolerance : float, optional
        Regret tolerance of a float limit (default ``1e-9``).
    first_step, max_accel, max_steps
        Step control of the continuation (see :func:`trace_path`).

    Returns
    -------
    EquilibriumResult
        One equilibrium (the limit); ``details["path"]`` is the traced curve as a
        list of ``(lambda, [[p_11, ...], [p_21, ...], ...])``, ``details["lambda"]``
        the precision where the limit was identified, ``details["degenerate"]``
        whether a singular support system (a continuum of equilibria) was met at
        the limit.

    Raises
    ------
    SolverError
        If no verified equilibrium is identified up to ``lambda_max``.
    """
    if opts:
        raise UnsupportedGameError(f"qre: unknown option(s) {', '.join(sorted(opts))}; known: exact, "
                                   "lambda_max, tolerance, first_step, max_accel, max_steps")
    _check_game(game, "qre")
    if exact is None:
        exact = game.kind == "exact"
    tol = FLOAT_TOLERANCE if tolerance is None else float(tolerance)
    if not (lambda_max > 0 and np.isfinite(lambda_max)):
        raise InvalidGameError(f"qre: lambda_max must be a positive finite number, got {lambda_max!r}")
    P = game.float_payoffs()
    scale = payoff_scale(P)
    state: dict[str, Any] = {"next_try": 20.0 / scale, "previous": None}

    def stop(lam, probs):
        # At checkpoints (lambda growing geometrically) guess the limit: polish the
        # profile on its likely support.  Accept a guess only when two consecutive
        # checkpoints agree on it and the path is moving towards it, so that a nearby
        # equilibrium the branch merely passes is not mistaken for its limit.
        if lam < state["next_try"]:
            return None
        state["next_try"] = lam * 1.5
        prof, is_exact, degenerate, regular = _limit_guess(game, probs, exact=bool(exact), tolerance=tol)
        if prof is None:
            state["previous"] = None
            return None
        if not regular and _settled(state, prof):
            state["approximate"] = True
            return (prof, is_exact, lam, degenerate)
        dist = max(float(np.abs(np.asarray(a, dtype=float) - b).max())
                   for a, b in zip(prof.probabilities, probs))
        prev = state["previous"]
        state["previous"] = (prof.key() if prof.exact else _rounded(prof), dist)
        if prev is None or dist > 0.05:
            return None
        same = prev[0] == (prof.key() if prof.exact else _rounded(prof))
        if same and dist <= prev[1]:
            return (prof, is_exact, lam, degenerate)
        return None

    path, found = trace_path(game, lambda_max, first_step=first_step, max_accel=max_accel,
                             max_steps=max_steps, stop=stop)
    if not found:
        lam, probs = path[-1]
        prof, is_exact, degenerate, _ = _limit_guess(game, probs, exact=bool(exact), tolerance=tol)
        if prof is None:
            raise SolverError(f"qre: the logit path reached lambda={lam:.6g} without a verifiable Nash "
                              "equilibrium limit; raise lambda_max or use another method")
        found = (prof, is_exact, lam, degenerate)
    prof, is_exact, lam, degenerate = found
    warnings = []
    if degenerate:
        if state.get("approximate"):
            warnings.append("the game is degenerate: the branch ends inside a continuum of equilibria, where the "
                            "support equations do not fix its limit; the equilibrium returned is the polished "
                            f"branch point once successive checkpoints moved by less than {SETTLED:g} (an "
                            "approximation of the limit)")
        else:
            warnings.append("the game is degenerate: near the limit the equilibria form a continuum (a support "
                            "system is singular there); returned the limit of the principal branch, the "
                            "isolated solution of the support system the branch converges to")
    if exact and not is_exact:
        warnings.append("the logit limit could not be rebuilt in exact rationals (it may be irrational); "
                        f"returned in floating point with regret <= {tol:g}")
    details = {"path": [(lm, [p.tolist() for p in pr]) for lm, pr in path], "lambda": lam,
               "steps": len(path) - 1, "degenerate": degenerate}
    return make_result(game, "qre", [prof], exact=bool(exact) and is_exact, tolerance=tol,
                       complete=False, warnings=warnings, details=details)


#: A singular (continuum) guess is accepted once successive checkpoints' guesses
#: differ by less than this (largest probability difference) and the differences shrink.
SETTLED = 1e-4


def _settled(state: dict, prof) -> bool:
    """True once the singular guesses at successive checkpoints have settled."""
    flat = np.concatenate([np.asarray(p, dtype=float) for p in prof.probabilities])
    prev, state["singular"] = state.get("singular"), flat
    if prev is None or prev.shape != flat.shape:
        return False
    change = float(np.abs(flat - prev).max())
    last, state["change"] = state.get("change", np.inf), change
    return change < SETTLED and change < 0.8 * last


def _support_jacobian(P: np.ndarray, supports, probs) -> np.ndarray:
    """The Jacobian of the indifference system of ``supports`` at ``probs`` (unknowns:
    the support probabilities, then one value per player), as in
    :func:`._polish.support_newton`."""
    n = P.shape[0]
    offsets = np.cumsum([0] + [len(s) for s in supports])
    n_sigma = int(offsets[-1])
    J = np.zeros((n_sigma + n, n_sigma + n))
    for i in range(n):
        Si = list(supports[i])
        J[offsets[i]:offsets[i + 1], n_sigma + i] = -1.0
        for j in range(n):
            if j != i:
                W = pair_values(P, probs, i, j)
                J[offsets[i]:offsets[i + 1], offsets[j]:offsets[j + 1]] = W[np.ix_(Si, list(supports[j]))]
        J[n_sigma + i, offsets[i]:offsets[i + 1]] = 1.0
    return J


def _isolated(P: np.ndarray, supports, probs) -> bool:
    """True when the support system is regular at ``probs`` (its solution there is isolated).

    Payoffs are in units of the payoff range (the solvers run on normalised
    games), so a fixed relative threshold on the smallest singular value applies.
    """
    J = _support_jacobian(P, supports, probs)
    sv = np.linalg.svd(J, compute_uv=False)
    return bool(sv.size == 0 or sv[-1] > 1e-8 * max(1.0, float(sv[0])))


def _limit_guess(game, probs, *, exact: bool, tolerance: float):
    """The equilibrium the logit branch at ``probs`` converges to: ``(profile, is_exact, degenerate)``.

    Each plausible support (:func:`._polish.candidate_supports`) is solved by
    Newton's method from ``probs`` and checked (regret within ``tolerance``).  In a
    degenerate game a support system can be singular: its solutions form a
    continuum, and Newton stops anywhere on it (at the branch point itself), so
    that successive guesses never settle.  The branch converges to a point where
    more strategies become best responses, which solves a larger support system
    regularly: a regular solution is therefore preferred, and ``degenerate`` says
    that a singular one also verified.  In exact mode the solution is rebuilt in
    Fractions when possible (``is_exact``).
    """
    P = game.float_payoffs()
    probs = [np.asarray(p, dtype=float) for p in probs]
    singular = None
    for sup, sol in verified_support_solutions(P, probs, candidate_supports(probs, P), tolerance):
        if not _isolated(P, sup, sol):
            singular = singular or (sup, sol)
            continue
        return (*_as_profile(game, sup, sol, exact), singular is not None, True)
    if singular is not None:
        return (*_as_profile(game, *singular, exact), True, False)
    if max_regret_float(P, probs) <= tolerance:
        return MixedStrategyProfile(game, [p / p.sum() for p in probs], exact=False), False, False, False
    return None, False, False, False


def _as_profile(game, sup, sol, exact: bool):
    """``(profile, is_exact)``: the exact rebuild of ``sol`` when asked for and possible."""
    if exact:
        prof = exact_from_float(game, sup, sol)
        if prof is not None:
            return prof, True
    return MixedStrategyProfile(game, sol, exact=False), False
