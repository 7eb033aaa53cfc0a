"""One Nash equilibrium of an n-player game by a simplicial algorithm with restarts.

The equilibria are written as the zeros of a map on all of ``R^M`` (``M`` the
total number of strategies), following the structure theorem of Kohlberg &
Mertens (1986) in the form of Gul, Pearce & Stacchetti ("A bound on the
proportion of pure strategy equilibria in generic games", MOR 18, 1993) that
Govindan & Wilson also use (JET 110, 2003):

    F(z) = z - r(z) - V(r(z)),

where ``r(z)`` is the Euclidean projection of ``z`` onto the product of the
players' simplices and ``V_i(s)(sigma) = u_i(s, sigma_-i)``.  ``sigma`` is a Nash
equilibrium iff ``F(sigma + V(sigma)) = 0``, and ``r`` of a zero is an equilibrium.

The zero is found by Merrill's restart algorithm ("Applications and extensions
of an algorithm that computes fixed points of certain upper semi-continuous
point to set mappings", PhD thesis, Michigan 1972; Allgower & Georg,
*Introduction to Numerical Continuation Methods*, 1990, ch. 13): the slab
``R^M x [0, 1]`` is cut into Freudenthal simplices of mesh ``delta``; vertices at
level 0 carry the labels ``z - z0`` (whose only zero is the start ``z0``) and
vertices at level 1 the labels ``F(z)``.  Door-in/door-out pivoting on the
piecewise-linear interpolation of the labels follows a path of simplices from
``z0`` to an approximate zero of ``F`` at level 1; since ``F(z) - z`` is bounded the
path cannot escape.  The approximate zero starts the next pass on a finer mesh
(the *restart*), as in van der Laan & Talman's simplicial subdivision with
restarts (van der Laan, Talman & van der Heyden, MOR 12, 1987), which Gambit's
``simpdiv`` implements with a different (variable-dimension) labelling.  The
final point is polished by Newton's method on its support and verified; in exact
mode it is rebuilt in Fractions when the equilibrium is rational.
"""
from __future__ import annotations


import numpy as np

from ..exceptions import InvalidGameError, SolverError, UnsupportedGameError
from ..game.profiles import MixedStrategyProfile
from .result import FLOAT_TOLERANCE, make_result
from ._scale import scale_invariant
from ._polish import max_regret_float, refine, strategy_values
from ._checks import check_numeric_normal_form as _check_game


def project_simplex(v: np.ndarray) -> np.ndarray:
    """Euclidean projection of ``v`` onto the probability simplex (Michelot 1986;
    Duchi, Shalev-Shwartz, Singer & Chandra, ICML 2008)."""
    u = np.sort(v)[::-1]
    css = np.cumsum(u) - 1.0
    k = np.arange(1, len(v) + 1)
    rho = np.nonzero(u - css / k > 0)[0][-1]
    theta = css[rho] / (rho + 1.0)
    return np.maximum(v - theta, 0.0)


class _Cycle(SolverError):
    """The pivoting path revisited a simplex (ties in a degenerate game)."""


class _NashMap:
    """``F(z) = z - r(z) - V(r(z))`` of a game with payoffs scaled to [0, 1]."""

    def __init__(self, P: np.ndarray):
        n = P.shape[0]
        Q = np.empty_like(P, dtype=float)
        for i in range(n):
            lo, hi = float(P[i].min()), float(P[i].max())
            Q[i] = (P[i] - lo) / (hi - lo) if hi > lo else 0.0
        self.Q = Q
        self.n = n
        self.shape = P.shape[1:]
        self.offsets = np.cumsum([0] + list(self.shape))
        self.M = int(self.offsets[-1])
        self.evaluations = 0

    def split(self, z):
        return [z[self.offsets[i]:self.offsets[i + 1]] for i in range(self.n)]

    def retract(self, z) -> list[np.ndarray]:
        return [project_simplex(part) for part in self.split(z)]

    def values(self, probs) -> np.ndarray:
        return np.concatenate([strategy_values(self.Q, probs, i) for i in range(self.n)])

    def __call__(self, z: np.ndarray) -> np.ndarray:
        self.evaluations += 1
        probs = self.retract(z)
        return z - np.concatenate(probs) - self.values(probs)


def _merrill_pass(F: _NashMap, z0: np.ndarray, delta: float, max_pivots: int):
    """One pass of Merrill's algorithm from ``z0`` with mesh ``delta``.

    Returns the approximate zero of ``F`` (a point of ``R^M``) and the number of pivots.
    """
    D = F.M
    d = D + 1                      # dimension of the slab simplices; d + 1 vertices
    # Freudenthal simplex: base y (integers, last coordinate = level), permutation pi.
    y = np.zeros(d, dtype=np.int64)
    pi = list(range(d))            # the level coordinate last: vertices 0..D at level 0
    centre = np.array([(D - j) / (D + 1) for j in range(D)])
    origin = z0 - delta * centre   # grid point 0 sits here, z0 is the start face's barycentre
    cache: dict = {}

    def vertices(y, pi):
        out = [y.copy()]
        for k in range(d):
            v = out[-1].copy()
            v[pi[k]] += 1
            out.append(v)
        return out

    def label(v) -> np.ndarray:
        key = v.tobytes()
        lab = cache.get(key)
        if lab is None:
            z = origin + delta * v[:D]
            lab = (z - z0) if v[D] == 0 else F(z)
            lab = np.concatenate(([1.0], lab))
            cache[key] = lab
        return lab

    verts = vertices(y, pi)
    lam = {verts[k].tobytes(): 1.0 / (D + 1) for k in range(D + 1)}
    out = d                        # position of the vertex outside the current face
    visited = set()
    for pivots in range(1, max_pivots + 1):
        state = (y.tobytes(), tuple(pi), out)
        if state in visited:
            # Only possible through ties in the ratio test (a degenerate game).
            raise _Cycle(f"simpdiv: the simplicial path cycled at mesh {delta:g}")
        visited.add(state)
        face = [k for k in range(d + 1) if k != out]
        B = np.column_stack([label(verts[k]) for k in face])
        c = label(verts[out])
        try:
            dvec = np.linalg.solve(B, c)
        except np.linalg.LinAlgError:
            dvec = np.linalg.lstsq(B, c, rcond=None)[0]
        lam_vec = np.array([lam[verts[k].tobytes()] for k in face])
        pos = dvec > 1e-12 * max(1.0, float(np.abs(dvec).max()))
        if not np.any(pos):
            raise SolverError("simpdiv: the simplicial path is unbounded (numerical failure)")
        ratios = np.full(len(face), np.inf)
        ratios[pos] = lam_vec[pos] / dvec[pos]
        j = int(np.argmin(ratios))
        theta = ratios[j]
        new_lam = {}
        for idx, k in enumerate(face):
            if idx != j:
                new_lam[verts[k].tobytes()] = max(lam_vec[idx] - theta * dvec[idx], 0.0)
        new_lam[verts[out].tobytes()] = theta
        leave = face[j]
        new_face = [k for k in range(d + 1) if k != leave]
        levels = {int(verts[k][D]) for k in new_face}
        lam = new_lam
        if levels == {1}:
            z = sum(lam[verts[k].tobytes()] * (origin + delta * verts[k][:D]) for k in new_face)
            return z, pivots
        # Reflect the leaving vertex (Freudenthal pivot rules).
        if leave == 0:
            y = y.copy()
            y[pi[0]] += 1
            pi = pi[1:] + pi[:1]
            new_pos = d
        elif leave == d:
            y = y.copy()
            y[pi[-1]] -= 1
            pi = pi[-1:] + pi[:-1]
            new_pos = 0
        else:
            pi = list(pi)
            pi[leave - 1], pi[leave] = pi[leave], pi[leave - 1]
            new_pos = leave
        verts = vertices(y, pi)
        if min(int(v[D]) for v in verts) < 0 or max(int(v[D]) for v in verts) > 1:
            raise SolverError("simpdiv: the simplicial path returned to its start (numerical failure)")
        out = new_pos
    raise SolverError(f"simpdiv: no approximate equilibrium within {max_pivots} pivots at mesh {delta:g}")


@scale_invariant
def simpdiv_solve(game, exact: bool | None = None, start=None, grid: float = 0.25, *,
                  refine_factor: float = 4.0, max_passes: int = 40, max_pivots: int = 50_000,
                  tolerance: float | None = None, seed: int | None = None, **opts):
    """One Nash equilibrium of an n-player game by a simplicial algorithm with restarts.

    Merrill's restart algorithm on the Gul-Pearce-Stacchetti form of the Nash
    conditions (see the module docstring), then Newton polishing on the support
    and verification.

    Parameters
    ----------
    game : NormalFormGame
    exact : bool, optional
        Rebuild the equilibrium in Fractions and check it exactly when it is rational
        (falls back to floats, with a warning, otherwise); default: when the game's
        payoffs are exact.
    start : MixedStrategyProfile or sequence of sequences, optional
        Starting profile (default: uniform, or random with ``seed``).  Different starts
        may lead to different equilibria.
    grid : float
        Mesh of the first pass (payoffs are rescaled to [0, 1] per player).
    refine_factor : float
        The mesh is divided by this factor at each restart.
    max_passes, max_pivots
        Limits on restarts and on pivots per pass.  A pass that cycles (ties in a
        degenerate game) or exceeds ``max_pivots`` is retried from a perturbed point
        on a slightly different mesh, up to five times.
    tolerance : float, optional
        Regret tolerance of a float result (default ``1e-9``).
    seed : int, optional
        Draw a random interior starting profile from this seed (when ``start`` is None).

    Returns
    -------
    EquilibriumResult
        One verified equilibrium; ``details`` records passes, pivots, map evaluations
        and the final mesh.
    """
    if opts:
        raise UnsupportedGameError(f"simpdiv: unknown option(s) {', '.join(sorted(opts))}; known: exact, "
                                   "start, grid, refine_factor, max_passes, max_pivots, tolerance, seed")
    _check_game(game, "simpdiv")
    if exact is None:
        exact = game.kind == "exact"
    tol = FLOAT_TOLERANCE if tolerance is None else float(tolerance)
    if not (0 < grid <= 1):
        raise InvalidGameError(f"simpdiv: grid must be in (0, 1], got {grid!r}")
    if not refine_factor > 1:
        raise InvalidGameError(f"simpdiv: refine_factor must exceed 1, got {refine_factor!r}")
    P = game.float_payoffs()
    F = _NashMap(P)
    if start is None:
        if seed is None:
            probs = [np.full(m, 1.0 / m) for m in game.shape]
        else:
            rng = np.random.default_rng(seed)
            probs = [rng.dirichlet(np.ones(m)) for m in game.shape]
    else:
        probs = _start_profile(game, start)
    z = np.concatenate(probs)
    delta = float(grid)
    total_pivots = 0
    found = None
    passes = 0
    rng = np.random.default_rng(0 if seed is None else seed + 1)
    retries = 0
    for passes in range(1, max_passes + 1):
        try:
            z_new, pivots = _merrill_pass(F, z, delta, max_pivots)
        except SolverError:
            # Degenerate ties or a very long path: restart from a perturbed point
            # with a slightly different mesh (at most 5 times).
            retries += 1
            if retries > 5:
                raise
            z = z + rng.uniform(-0.5, 0.5, size=z.shape) * delta
            delta *= 0.87
            continue
        z = z_new
        total_pivots += pivots
        sigma = F.retract(z)
        regret = max_regret_float(F.Q, sigma)
        if regret <= max(10 * delta, 1e-6):
            prof, is_exact = refine(game, sigma, exact=bool(exact), tolerance=tol)
            if prof is None:
                # The projection's support is the best guess; try it explicitly.
                sup = tuple(tuple(int(k) for k in np.flatnonzero(p > 0)) for p in sigma)
                prof, is_exact = refine(game, sigma, exact=bool(exact), tolerance=tol, supports=[sup])
            if prof is not None:
                found = (prof, is_exact)
                break
        delta /= refine_factor
        if delta < 1e-13:
            break
    if found is None:
        raise SolverError(f"simpdiv: no verified equilibrium after {passes} passes (mesh {delta:g}); "
                          "try another start or method 'qre'")
    prof, is_exact = found
    warnings = []
    if exact and not is_exact:
        warnings.append("the equilibrium could not be rebuilt in exact rationals (it may be irrational); "
                        f"returned in floating point with regret <= {tol:g}")
    # No wall-clock time in the record: equal inputs give equal records (and reports).
    details = {"passes": passes, "retries": retries, "pivots": total_pivots, "evaluations": F.evaluations,
               "mesh": delta}
    return make_result(game, "simpdiv", [prof], exact=bool(exact) and is_exact, tolerance=tol,
                       complete=False, warnings=warnings, details=details)


def _start_profile(game, start) -> list[np.ndarray]:
    if isinstance(start, MixedStrategyProfile):
        rows = [np.asarray(p, dtype=float) for p in start.probabilities]
    else:
        try:
            rows = [np.asarray([float(x) for x in p], dtype=float) for p in start]
        except (TypeError, ValueError):
            raise InvalidGameError("simpdiv: start must be a profile or one probability list per player") from None
    if len(rows) != game.n_players or any(len(r) != m for r, m in zip(rows, game.shape)):
        raise InvalidGameError(f"simpdiv: start needs probability vectors of lengths {list(game.shape)}")
    for i, r in enumerate(rows):
        if np.any(r < 0) or not np.isclose(r.sum(), 1.0):
            raise InvalidGameError(f"simpdiv: start for player {game.players[i]!r} is not a probability "
                                   f"vector: {r.tolist()}")
    return rows
