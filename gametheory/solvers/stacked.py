"""All equilibria of many small bimatrix games at once, in numpy batches.

The kernel is support enumeration (von Stengel 2007, "Equilibrium computation
for two-player games in strategic and extensive form", Algorithmic Game Theory
ch. 3, Algorithm 3.4) run on a stack of games of one shape: for every support
size ``k`` and every pair of supports ``(I, J)`` with ``|I| = |J| = k`` the two
indifference systems of all games are solved together with
:func:`numpy.linalg.solve` on ``(batch, k+1, k+1)`` arrays, and the
best-response conditions are checked by broadcasting.

Completeness
------------
Support enumeration with equal support sizes finds every equilibrium of a
*nondegenerate* game, and there every equilibrium is extreme, so the set equals
the one vertex enumeration (``enummixed``) returns (von Stengel 2007, Theorem
3.5 and Proposition 3.3).  A game is degenerate when some mixed strategy with
support size ``k`` has more than ``k`` pure best responses.  Such a strategy
``x`` with support ``I0`` solves the indifference system of ``I0`` and any
``k`` of its best responses ``J0``; so it suffices to look at the same systems
the enumeration solves anyway.  A game is *flagged* -- and handed to the exact
per-game path by the caller -- when any of its systems

* is ill-conditioned (Hadamard ratio below :data:`SINGULAR`) without being
  exactly singular, or is numerically singular in a game whose singularity
  cannot be decided exactly, or
* has a solution that is feasible up to a margin ``delta`` (every probability
  ``> -delta``, every other strategy's payoff ``< value + delta``) but not
  clearly so (a probability within ``delta`` of zero, or another strategy
  within ``delta`` of a best response).

Exactly singular systems can be skipped: take a degenerate ``x`` and a vertex
``x*`` of the polytope of mixes with support inside ``supp(x)`` and best
responses including ``BR(x)``.  At ``x*`` the indifference rows over
``BR(x*)`` and the sum row have full rank on ``supp(x*)``, so some ``J0`` in
``BR(x*)`` with ``|J0| = |supp(x*)|`` gives a *nonsingular* system whose
solution is ``x*``, with more best responses than its support size.  A system
of size at most 3 whose entries (payoff differences, used unscaled) are
integers up to :data:`INTEGRAL_SPAN` has an exact closed-form determinant, so
an exactly singular one is recognised and skipped; every other (numerically)
singular system flags the game.

Every degenerate game is flagged (the witness above gives such a system), and
in an unflagged game every decision was taken with a margin of at least
``delta`` (payoff gaps relative to the payoff span), far above rounding error.  So the
unflagged games' equilibria are exactly those of ``enummixed``; the flagged
ones (degenerate, nearly degenerate or ill-conditioned) are solved exactly one
by one.  This is what makes the batch path complete, unlike a plain stacked
support enumeration (which misses equilibria of degenerate games).
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

#: Decision margin: on probabilities, and on payoff gaps relative to the payoff span.
DELTA = 1e-7
#: Smallest accepted |det| / (product of row norms) of an indifference system.
SINGULAR = 1e-6
#: Closed-form determinants of systems with integer entries up to this size are exact.
INTEGRAL_SPAN = 2.0 ** 15
#: Largest number of support pairs per game the kernel accepts (C(m+n, m) - 1).
MAX_SUPPORT_PAIRS = 3500
#: Target number of float entries per stacked block (bounds memory use).
BLOCK_ENTRIES = 2_000_000


def kernel_applies(shape) -> bool:
    """True when the batch kernel handles two-player games of this shape."""
    if len(shape) != 2:
        return False
    m, n = shape
    return math.comb(m + n, m) - 1 <= MAX_SUPPORT_PAIRS


@dataclass
class BatchEquilibria:
    """The kernel's answer for a stack of ``N`` games.

    Attributes
    ----------
    flagged : ndarray of bool, shape (N,)
        Games to solve with the exact per-game path (degenerate, nearly
        degenerate or ill-conditioned); they have no rows below.
    game : ndarray of int, shape (E,)
        For each equilibrium found, the index of its game (sorted).
    x, y : ndarray, shapes (E, m) and (E, n)
        The equilibria's mixed strategies.  Within a game they are ordered by
        support size, then row support, then column support (supports in
        lexicographic order of their strategy indices).
    """

    flagged: np.ndarray
    game: np.ndarray
    x: np.ndarray
    y: np.ndarray

    def counts(self) -> np.ndarray:
        """Number of equilibria of each game (0 for flagged games)."""
        return np.bincount(self.game, minlength=self.flagged.size)

    def of(self, g: int):
        """The equilibria ``[(x, y), ...]`` of game ``g`` (empty if flagged)."""
        lo, hi = np.searchsorted(self.game, [g, g + 1])
        return [(self.x[e], self.y[e]) for e in range(lo, hi)]


def _subsets(m: int, k: int) -> np.ndarray:
    return np.array(list(itertools.combinations(range(m), k)), dtype=np.intp).reshape(-1, k)


def _normalise(P: np.ndarray):
    """Each game's decision margin; return ``(P, constant, gap_tol)``.

    Nothing the kernel decides depends on a player's payoff scale or origin
    (probabilities, Hadamard ratios and the signs of payoff gaps are invariant),
    so payoffs are used as given -- integer entries stay integers, which keeps
    the small closed-form determinants exact -- and the margin on payoff gaps is
    ``DELTA`` times the game's payoff span.
    """
    lo = P.min(axis=(1, 2))
    hi = P.max(axis=(1, 2))
    span = hi - lo
    constant = span <= 1e-12 * np.maximum(1.0, np.abs(hi))
    gap_tol = DELTA * np.where(span > 0, span, 1.0)
    return P, constant, gap_tol


def _solve_last(M: np.ndarray):
    """Solve ``M z = e_last`` for a stack of small square systems.

    Returns the solutions, a mask of singular or ill-conditioned systems
    (``|det| <= SINGULAR * product of row norms``, Hadamard's bound) and a mask
    of determinants that are exactly zero (closed forms only: exact on
    integer entries).  Sizes up
    to 3 use closed forms (the last column of the inverse is the cofactor
    column over the determinant); larger ones LU factorisations.
    """
    k = M.shape[-1]
    norms = np.prod(np.sqrt(np.einsum("...ij,...ij->...i", M, M)), axis=-1)
    if k == 1:
        det = M[..., 0, 0]
        sol = (1.0 / np.where(det == 0, 1.0, det))[..., None]
    elif k == 2:
        a, b, c, d = M[..., 0, 0], M[..., 0, 1], M[..., 1, 0], M[..., 1, 1]
        det = a * d - b * c
        sol = np.stack([-b, a], axis=-1)
    elif k == 3:
        m = M
        c0 = m[..., 0, 1] * m[..., 1, 2] - m[..., 0, 2] * m[..., 1, 1]
        c1 = m[..., 0, 2] * m[..., 1, 0] - m[..., 0, 0] * m[..., 1, 2]
        c2 = m[..., 0, 0] * m[..., 1, 1] - m[..., 0, 1] * m[..., 1, 0]
        det = m[..., 2, 0] * c0 + m[..., 2, 1] * c1 + m[..., 2, 2] * c2
        sol = np.stack([c0, c1, c2], axis=-1)
    else:
        det = np.linalg.det(M)
    bad = ~(np.abs(det) > SINGULAR * norms)
    zero = np.zeros_like(bad)
    if k in (2, 3) and bad.any():
        # A closed-form determinant of small integers is exact: zero means singular.
        Mb = M[bad]
        exact = np.all((Mb == np.round(Mb)) & (np.abs(Mb) <= INTEGRAL_SPAN), axis=(-1, -2))
        zero[bad] = exact & (det[bad] == 0)
    if k in (2, 3):
        sol = sol / np.where(bad, 1.0, det)[..., None]
    elif k > 3:
        if bad.any():
            M = M.copy()
            M[bad] = np.eye(k)
        rhs = np.zeros(M.shape[:-1] + (1,))
        rhs[..., -1, 0] = 1.0
        sol = np.linalg.solve(M, rhs)[..., 0]   # LU determinants are never trusted as zero
    return sol, bad, zero


def _side(own: np.ndarray, I: np.ndarray, J: np.ndarray, k: int, other_n: int,
          gap_tol: np.ndarray):
    """Solve the indifference systems of one player and classify their solutions.

    ``own`` is the *opponent's* payoff matrix oriented so that rows are this
    player's strategies (``B`` for the row player's mix ``x``, ``A.T`` for the
    column player's ``y``).  The system of supports ``(I, J)`` asks for a mix
    ``p`` on ``I`` making the opponent indifferent over ``J``: with ``u`` the
    common payoff eliminated, ``sum_a p_a (own[I_a, J_b] - own[I_a, J_0]) = 0``
    for ``b = 1..k-1`` and ``sum_a p_a = 1``.  Returns ``(probs, valid, flag)``:
    the candidate mixes (shape ``(N, P, Q, k)``), whether each is a clearly
    valid half of an equilibrium, and which games must be flagged.
    """
    N = own.shape[0]
    P, Q = I.shape[0], J.shape[0]
    rows = own[:, I, :]                                              # (N,P,k,other_n): own[I_a, j]
    if k == 1:
        probs = np.ones((N, P, Q, 1))
        singular = np.zeros((N, P, Q), dtype=bool)
        skip = singular
        pay = np.broadcast_to(rows[:, :, None, 0, :], (N, P, Q, other_n))
        value = own[:, I[:, 0][:, None], J[:, 0][None, :]]
    else:
        sub = own[:, I[:, None, :, None], J[None, :, None, :]]      # (N,P,Q,k,k): own[I_a, J_b]
        M = np.empty((N, P, Q, k, k))
        M[..., :k - 1, :] = np.swapaxes(sub[..., 1:] - sub[..., :1], -1, -2)
        M[..., k - 1, :] = 1.0
        probs, singular, zero = _solve_last(M)
        # An exactly singular system holds no vertex to find: skip it, no flag.
        skip = zero
        value = np.einsum("npqa,npqa->npq", probs, sub[..., 0])
        pay = np.einsum("npqa,npaj->npqj", probs, rows)
    gap = value[..., None] - pay
    notJ = np.ones((Q, other_n), dtype=bool)
    notJ[np.arange(Q)[:, None], J] = False
    gap_out = np.where(notJ, gap, np.inf)
    gt = gap_tol[:, None, None, None]
    feasible = (probs > -DELTA).all(-1) & (gap_out > -gt).all(-1)
    ambiguous = (np.abs(probs) < DELTA).any(-1) | (np.abs(gap_out) < gt).any(-1)
    valid = ~singular & (probs >= DELTA).all(-1) & (gap_out >= gt).all(-1)
    flag = ((singular & ~skip) | (~singular & feasible & ambiguous)).reshape(N, -1).any(-1)
    return probs, valid, flag


def bimatrix_batch(A, B) -> BatchEquilibria:
    """All equilibria of a stack of bimatrix games, or a flag asking for the exact path.

    Parameters
    ----------
    A, B : array_like, shape (N, m, n)
        Row and column players' payoffs of ``N`` games (floats).

    Returns
    -------
    BatchEquilibria
        For every unflagged game, all of its equilibria (the game is
        nondegenerate with a margin, so they are exactly its extreme
        equilibria); flagged games must be solved one by one.

    Notes
    -----
    Support enumeration (von Stengel 2007, Algorithm 3.4) vectorised over games
    and supports; see the module docstring for why the flags make it complete.
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 3 or A.shape != B.shape:
        raise ValueError(f"bimatrix_batch expects two (N, m, n) arrays of one shape, got {A.shape} and {B.shape}")
    N, m, n = A.shape
    flagged = np.zeros(N, dtype=bool)
    games, xs, ys, order = [], [], [], []
    if N:
        An, ca, tol_a = _normalise(A)
        Bn, cb, tol_b = _normalise(B)
        flagged |= ca | cb
        At = np.swapaxes(An, 1, 2)
    for k in range(1, min(m, n) + 1) if N else ():
        I, J = _subsets(m, k), _subsets(n, k)
        per_game = I.shape[0] * J.shape[0] * (k + 1) * (k + 1 + max(m, n))
        step = max(1, BLOCK_ENTRIES // per_game)
        for s in range(0, N, step):
            sl = slice(s, min(N, s + step))
            x, vx, fx = _side(Bn[sl], I, J, k, n, tol_b[sl])
            y, vy, fy = _side(At[sl], J, I, k, m, tol_a[sl])   # indexed (N, Q, P, k): column support first
            flagged[sl] |= fx | fy
            g, p, q = np.nonzero(vx & np.swapaxes(vy, 1, 2))
            xv = np.zeros((g.size, m))
            xv[np.arange(g.size)[:, None], I[p]] = x[g, p, q]
            yv = np.zeros((g.size, n))
            yv[np.arange(g.size)[:, None], J[q]] = y[g, q, p]
            games.append(g + s)
            xs.append(xv)
            ys.append(yv)
            order.append(k * 10**12 + p.astype(np.int64) * 10**6 + q)
    if games:
        all_games = np.concatenate(games)
        keep = ~flagged[all_games]
        idx = np.lexsort((np.concatenate(order)[keep], all_games[keep]))
        all_games = all_games[keep][idx]
        all_x = np.concatenate(xs)[keep][idx]
        all_y = np.concatenate(ys)[keep][idx]
    else:
        all_games, all_x, all_y = np.zeros(0, dtype=np.intp), np.zeros((0, m)), np.zeros((0, n))
    return BatchEquilibria(flagged, all_games, all_x, all_y)


def bimatrix_regrets(A, B, X, Y):
    """Max regret, distance from a distribution and payoffs of many bimatrix profiles at once.

    The one batched regret check: the float verification of the solvers
    (:func:`gametheory.solvers.result.verify_bimatrix_float`) and the batch engine
    (:func:`gametheory.batch.engine.bimatrix_docs`) both use it.

    Parameters
    ----------
    A, B : array_like, shape (m, n) or (e, m, n)
        Float payoffs of the row and column player: one game for every profile, or
        one game per profile.
    X, Y : array_like, shapes (e, m) and (e, n)
        The row and column mixes of the ``e`` profiles.

    Returns
    -------
    regret, distribution_error, u1, u2 : ndarray (e,)
        Each profile's largest gain from a pure deviation (either player), its largest
        distance from a probability distribution (a sum off 1 or a negative entry),
        and the two players' payoffs.
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    if A.ndim == 2:
        row_vals = Y @ A.T                                   # (e, m): each row strategy against y
        col_vals = X @ B                                     # (e, n): each column strategy against x
        u1 = np.einsum("ij,ij->i", row_vals, X)
        u2 = np.einsum("ij,ij->i", col_vals, Y)
    else:
        row_vals = np.einsum("emn,en->em", A, Y)
        col_vals = np.einsum("em,emn->en", X, B)
        u1 = np.einsum("em,em->e", X, row_vals)
        u2 = np.einsum("en,en->e", col_vals, Y)
    regret = np.maximum(row_vals.max(axis=1) - u1, col_vals.max(axis=1) - u2)
    dist = np.maximum(np.maximum(np.abs(X.sum(axis=1) - 1), np.abs(Y.sum(axis=1) - 1)),
                      np.maximum(-X.min(axis=1), -Y.min(axis=1)))
    return regret, dist, u1, u2
