"""The zugzwang diagnosis at many parameter points at once (numpy over points).

:func:`diagnose_points` answers, for each of ``N`` parameter points, what
:func:`gametheory.analysis.zugzwang.diagnose` answers at that point: the
verdict, the margin and, per option of the focal player, the worst and best
payoff over the others' pure profiles and the lowest and highest payoff over
the reaction game's equilibria.  The reaction games of all points share one
shape, so they are solved stacked:

1. **Payoffs**: the symbolic payoffs (sympy expressions built by the
   whitelist parser, never user text) and the reference are compiled once
   with :func:`sympy.lambdify` into numpy functions of the parameters and
   evaluated on all points together: an array ``(N, n, m_1, ..., m_n)``.
2. **Dominance**: iterated elimination of strictly dominated pure strategies,
   vectorised over points (every Nash equilibrium survives it; e.g. Maschler,
   Solan & Zamir 2013, ch. 4).  A strategy is removed only when it is worse by
   more than ``DELTA`` times the point's payoff span, so rounding cannot remove
   a strategy the exact computation would keep.
3. **Patterns**: points are grouped by the strategies that survive (the
   dominance structure is shared, not recomputed per game).  A group where no
   player is left with a choice has one (pure) equilibrium; a group where two
   players are left is a stack of bimatrix games, solved by the batch kernel
   (:func:`gametheory.solvers.stacked.bimatrix_batch`: support enumeration with
   degenerate and nearly degenerate games flagged, von Stengel 2007, Algorithm
   3.4); any other group is flagged.
4. **Exact ties**: a margin within the decision tolerance of zero is decided
   exactly on the stack when every reaction equilibrium that close to the
   reference is pure and lands on a cell whose payoff expression equals the
   reference's identically (decided once per cell, :func:`_decide_ties`): the
   margin is then exactly 0 (no zugzwang), as the one-point diagnosis finds in
   exact arithmetic.  This is the usual case against a profile reference that
   an option's reaction can reproduce (the crisis reference of the
   Tajikistan models).
5. **Exact route**: a flagged point (degenerate or nearly degenerate reaction
   game, a near tie, three or more players left after elimination, a reduced
   n-player game the one-point route would not solve completely
   (:func:`~.methods.choose_method`), or any other margin within the decision
   tolerance of zero) is diagnosed by the one-point diagnosis
   (:func:`~.evaluation.diagnose_point`), one point at a time.  Non-default
   methods always take this route; trees (whose reaction equilibria are
   subgame perfect) have their own stacked route (:mod:`.trees`: one exact
   diagnosis per group of points, backward induction stacked).  At points given in floating
   point (Monte Carlo samples), a reaction game the stack flags for having
   three or more players left is first solved alone by the one-point route's
   solver (``enumpoly`` after elimination) on the evaluated payoffs, which is
   much cheaper than the whole one-point diagnosis.

Why the two routes agree: on an unflagged point the reduced game is
nondegenerate with a margin, so its equilibria are finitely many and the
kernel returns all of them; the one-point route's complete solvers
(``pure``, ``enummixed``, ``enumpoly`` after elimination) return the same set,
because elimination of strictly dominated strategies leaves the equilibrium
set unchanged.  The verdict compares the margin with zero only where it is
clearly away from zero, or exactly zero by the identity of the payoff
expressions.  ``tests/test_zugzwang_engine.py`` checks the equality
on random games and on the model files.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ...exceptions import GameTheoryError, InvalidGameError, SolverError
from ...payoffs import as_sympy
from .evaluation import diagnose_point, whole_game_verdict
from .methods import choose_method, solve_reaction
from .reactions import Reaction, focal_options, is_tree
from .references import resolve_reference
from .tolerance import DELTA, write_stacked


__all__ = ["StackedDiagnosis", "compile_payoffs", "diagnose_points", "exact_value", "grid_points", "stacked_doc",
           "stacked_equilibria"]


# ---------------------------------------------------------------------- the record
@dataclass(frozen=True)
class StackedDiagnosis:
    """The diagnosis at ``N`` parameter points.

    Attributes
    ----------
    player : str
        The focal player.
    options : tuple of str
        Its options (strategy labels), the columns of the per-option arrays.
    names : tuple of str
        The parameters set at each point (the others are at ``fixed``).
    points : list of dict
        The parameter values of each point, as given.
    reference : ndarray (N,)
    zugzwang : ndarray of bool (N,)
    margin : ndarray (N,)
        Best option's best reaction-equilibrium payoff minus the reference.
    best_option : ndarray of int (N,)
        Index of an option attaining the margin (-1 where the point failed).
    worst, best : ndarray (N, K)
        Lowest and highest payoff of each option over the others' pure profiles.
    eq_low, eq_high : ndarray (N, K)
        Lowest and highest payoff of each option over its reaction equilibria.
    exact_route : ndarray of bool (N,)
        Points diagnosed one by one by ``diagnose`` (flagged, or a tree's group representatives).
    failed : ndarray of bool (N,)
        Points where the one-point diagnosis raised a SolverError (values NaN).
    errors : tuple of str
    regimes : ndarray of int (N,) or None
        With ``regimes=True``: index into ``regime_labels`` of the set of
        supports of the whole game's equilibria at each point.
    regime_labels : tuple of str
    """

    player: str
    options: tuple
    names: tuple
    points: list
    reference: np.ndarray
    zugzwang: np.ndarray
    margin: np.ndarray
    best_option: np.ndarray
    worst: np.ndarray
    best: np.ndarray
    eq_low: np.ndarray
    eq_high: np.ndarray
    exact_route: np.ndarray
    failed: np.ndarray
    errors: tuple = ()
    regimes: np.ndarray | None = None
    regime_labels: tuple = ()
    fixed: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.margin.size)


# ---------------------------------------------------------------------- compiled payoffs
class CompiledGame:
    """A normal-form game's payoffs (and a reference) as numpy functions of its parameters.

    ``sympy.lambdify`` is applied to the expressions the whitelist parser
    built (:func:`gametheory.payoffs.parse_value`), once per game.
    """

    def __init__(self, game, reference_value=None):
        self.game = game
        self.names = tuple(game.parameters)
        flat = list(game.payoffs.flat)
        self.shape = game.payoffs.shape
        sym_idx = [k for k, v in enumerate(flat) if _is_symbolic(v)]
        const = np.array([0.0 if _is_symbolic(v) else float(v) for v in flat])
        self._const = const
        self._sym_idx = np.array(sym_idx, dtype=np.intp)
        exprs = [flat[k] for k in sym_idx]
        self._ref = reference_value
        ref_sym = _is_symbolic(reference_value)
        if ref_sym:
            exprs = exprs + [reference_value]
        self._ref_sym = ref_sym
        self._exprs = exprs
        self._func = None
        if exprs:
            by_name = {}
            for e in exprs:
                for s in e.free_symbols:
                    by_name[s.name] = s
            unknown = sorted(set(by_name) - set(self.names))
            if unknown:
                raise InvalidGameError(f"payoffs use undeclared parameter(s) {', '.join(unknown)}")
            self._by_name = by_name
            self._compile()

    def _compile(self):
        import sympy
        args = [self._by_name.get(n, sympy.Symbol(n)) for n in self.names]
        self._func = sympy.lambdify(args, self._exprs, modules="numpy")

    def __getstate__(self):
        # The generated function does not pickle; workers compile it again.
        return {k: v for k, v in self.__dict__.items() if k != "_func"}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._func = None
        if self._exprs:
            self._compile()

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int):
        """``(payoffs (n, *shape), reference (n,))`` at ``n`` points.

        ``columns`` maps every parameter name to an array of ``n`` floats.  A
        payoff that is not a finite real number at a point (``log`` of a
        negative value, a division by zero) comes out as NaN or infinite there.
        """
        out = np.broadcast_to(self._const, (n, self._const.size)).copy()
        ref = None
        if self._func is not None:
            with np.errstate(all="ignore"):
                vals = self._func(*[np.asarray(columns[k], dtype=float) for k in self.names])
            k = len(self._sym_idx)
            for j, v in enumerate(vals[:k]):
                out[:, self._sym_idx[j]] = v
            if self._ref_sym:
                ref = np.broadcast_to(np.asarray(vals[k], dtype=float), (n,)).astype(float)
        if ref is None:
            ref = np.full(n, float(self._ref) if self._ref is not None else 0.0)
        return out.reshape((n,) + self.shape), ref


def compile_payoffs(game, reference_value=None) -> CompiledGame:
    """Compile a normal-form game's payoffs (and a reference value) for :meth:`CompiledGame.evaluate`.

    The compiled functions are kept in the game's cache (its payoffs do not change),
    so repeated calls on one game (sweeps, sensitivity analyses) compile once.
    """
    cache = getattr(game, "_cache", None)
    key = ("zugzwang_engine.compiled", reference_value)
    try:
        if cache is not None and key in cache:
            return cache[key]
    except TypeError:   # an unhashable reference: compile without caching
        return CompiledGame(game, reference_value)
    compiled = CompiledGame(game, reference_value)
    if cache is not None:
        cache[key] = compiled
    return compiled


def _is_symbolic(v) -> bool:
    from ...payoffs import is_symbolic
    return v is not None and is_symbolic(v)


# ---------------------------------------------------------------------- stacked equilibria
@dataclass
class StackedEquilibria:
    """All equilibria of a stack of ``N`` games of one shape, or a flag per game.

    ``game[e]`` is the game of equilibrium ``e``; ``probs[j][e]`` its mixed
    strategy of player ``j`` (a full vector, zeros on eliminated strategies).
    """

    flagged: np.ndarray
    game: np.ndarray
    probs: list


def _eliminate(Q: np.ndarray, tol: np.ndarray) -> list:
    """Iterated elimination of strictly dominated pure strategies, per game."""
    N, p = Q.shape[:2]
    shape = Q.shape[2:]
    alive = [np.ones((N, s), dtype=bool) for s in shape]
    changed = True
    while changed:
        changed = False
        for j in range(p):
            s = shape[j]
            if s == 1:
                continue
            U = np.moveaxis(Q[:, j], j + 1, 1).reshape(N, s, -1)
            mask = np.ones((N, 1), dtype=bool)
            for l in range(p):
                if l != j:
                    mask = (mask[:, :, None] & alive[l][:, None, :]).reshape(N, -1)
            for b in range(s):
                for a in range(s):
                    if a == b:
                        continue
                    both = alive[j][:, a] & alive[j][:, b]
                    if not both.any():
                        continue
                    gap = np.where(mask, U[:, a] - U[:, b], np.inf).min(axis=1)
                    dom = both & (gap > tol)
                    if dom.any():
                        alive[j][dom, b] = False
                        changed = True
    return alive


def stacked_equilibria(Q: np.ndarray, bounded: bool = False) -> StackedEquilibria:
    """Every Nash equilibrium of each game in a stack, or a flag for the exact route.

    Parameters
    ----------
    Q : ndarray, shape (N, p, m_1, ..., m_p)
        ``Q[g, j]`` is player ``j``'s payoff array in game ``g``.
    bounded : bool
        Flag games whose reduced form the one-point route would not solve
        completely (:func:`~.methods.choose_method` gives ``simpdiv``).

    Returns
    -------
    StackedEquilibria
        See the module docstring: dominance, then no choice left (one pure
        equilibrium) or two players left (the batch kernel); all else flagged.
    """
    from ...solvers.stacked import bimatrix_batch, kernel_applies
    Q = np.asarray(Q, dtype=float)
    N, p = Q.shape[:2]
    shape = Q.shape[2:]
    flat = Q.reshape(N, -1)
    # Rounding in the evaluated payoffs scales with their magnitude, not only their span.
    scale = np.maximum(flat.max(axis=1) - flat.min(axis=1), np.abs(flat).max(axis=1))
    tol = DELTA * np.where(scale > 0, scale, 1.0)
    alive = _eliminate(Q, tol)
    flagged = np.zeros(N, dtype=bool)
    games: list = []
    probs: list[list] = [[] for _ in range(p)]
    if N == 0:
        return StackedEquilibria(flagged, np.zeros(0, dtype=np.intp), [np.zeros((0, s)) for s in shape])
    key = np.concatenate(alive, axis=1)
    patterns, inverse = np.unique(key, axis=0, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    offsets = np.cumsum([0] + list(shape))
    for g in range(patterns.shape[0]):
        idx = np.nonzero(inverse == g)[0]
        pat = [np.nonzero(patterns[g, offsets[j]:offsets[j + 1]])[0] for j in range(p)]
        active = [j for j in range(p) if pat[j].size > 1]
        if bounded and choose_method(shape, reduced_shape=[x.size for x in pat]) == "simpdiv":
            flagged[idx] = True
            continue
        if not active:
            games.append(idx)
            for j in range(p):
                v = np.zeros((idx.size, shape[j]))
                v[:, pat[j][0]] = 1.0
                probs[j].append(v)
            continue
        if len(active) != 2 or not kernel_applies((pat[active[0]].size, pat[active[1]].size)):
            flagged[idx] = True
            continue
        j1, j2 = active
        index = [idx[:, None, None]]
        for j in range(p):
            if j == j1:
                index.append(pat[j][None, :, None])
            elif j == j2:
                index.append(pat[j][None, None, :])
            else:
                index.append(np.full((1, 1, 1), pat[j][0]))
        A = Q[(index[0], np.full((1, 1, 1), j1)) + tuple(index[1:])]
        B = Q[(index[0], np.full((1, 1, 1), j2)) + tuple(index[1:])]
        res = bimatrix_batch(A, B)
        flagged[idx[res.flagged]] = True
        if res.game.size:
            games.append(idx[res.game])
            E = res.game.size
            for j in range(p):
                v = np.zeros((E, shape[j]))
                if j == j1:
                    v[:, pat[j]] = res.x
                elif j == j2:
                    v[:, pat[j]] = res.y
                else:
                    v[:, pat[j][0]] = 1.0
                probs[j].append(v)
    if games:
        gidx = np.concatenate(games)
        order = np.argsort(gidx, kind="stable")
        gidx = gidx[order]
        P = [np.concatenate(v)[order] for v in probs]
    else:
        gidx = np.zeros(0, dtype=np.intp)
        P = [np.zeros((0, s)) for s in shape]
    keep = ~flagged[gidx]
    return StackedEquilibria(flagged, gidx[keep], [v[keep] for v in P])


def _expectation(F: np.ndarray, probs: Sequence[np.ndarray]) -> np.ndarray:
    """``F[e]`` (indexed by the players' strategies) averaged under independent mixes ``probs[j][e]``."""
    out = F
    for v in reversed(probs):
        out = np.einsum("e...j,ej->e...", out, v)
    return out


# ---------------------------------------------------------------------- the engine
def _points_table(game, points, params) -> tuple[list, tuple, dict]:
    """Normalise ``points`` (a list of mappings, or a mapping of equal-length sequences)."""
    if isinstance(points, Mapping):
        names = tuple(points)
        cols = [list(points[k]) for k in names]
        if len({len(c) for c in cols}) > 1:
            raise InvalidGameError("diagnose_points: the parameter columns differ in length")
        n = len(cols[0]) if cols else 0
        pts = [{k: cols[a][r] for a, k in enumerate(names)} for r in range(n)]
    else:
        pts = [dict(p) for p in points]
        names = tuple(dict.fromkeys(k for p in pts for k in p))
    unknown = sorted(set(names) - set(game.parameters))
    if unknown:
        raise InvalidGameError(f"unknown parameter(s) {', '.join(unknown)}; the game declares "
                               f"{', '.join(game.parameters) or 'none'}")
    base = game.parameter_values(**dict(params or {}))
    return pts, names, base


def diagnose_points(game, player, points, reference=0, params: Mapping | None = None, *,
                    method: str = "auto", regimes: bool = False, exact: bool | None = None,
                    progress=None, workers: int | None = 1) -> StackedDiagnosis:
    """The zugzwang diagnosis of ``player`` at many parameter points.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
    player : str or int
    points : list of mapping, or mapping of sequences
        Parameter values per point (Fractions stay exact on the exact route).
    reference : as for :func:`~gametheory.analysis.zugzwang.diagnose`
    params : mapping, optional
        Values of the parameters a point does not set (defaults fill the rest).
    method : str
        ``"auto"`` uses the stacked route (trees: :mod:`.trees`, at exact points); any other method goes
        point by point through ``diagnose``.
    regimes : bool
        Also label each point by the supports of the whole game's equilibria.
    exact : bool, optional
        Passed to the one-point route.
    progress : callable, optional
        Called with the number of points finished on the exact route.
    workers : int or None
        Worker processes for the one-point route (``None``: every core); used
        when at least :data:`PARALLEL_MIN` points take it.  The answer does not
        depend on it.

    Returns
    -------
    StackedDiagnosis
    """
    i = game.player(player)
    if game.n_players < 2:
        from ...exceptions import UnsupportedGameError
        raise UnsupportedGameError("zugzwang diagnostics need at least two players")
    pts, names, base = _points_table(game, points, params)
    N = len(pts)
    options = tuple(focal_options(game, i))
    K = len(options)
    full_pts = [{**base, **p} for p in pts]
    out = {
        "reference": np.full(N, np.nan), "zugzwang": np.zeros(N, dtype=bool), "margin": np.full(N, np.nan),
        "best_option": np.full(N, -1, dtype=np.intp), "worst": np.full((N, K), np.nan),
        "best": np.full((N, K), np.nan), "eq_low": np.full((N, K), np.nan),
        "eq_high": np.full((N, K), np.nan),
    }
    route = np.ones(N, dtype=bool)
    reps = np.zeros(N, dtype=bool)     # a tree's group representatives, diagnosed one point at a time
    whole_only = np.zeros(N, dtype=bool)
    regime = np.full(N, -1, dtype=int) if regimes else None
    labels: list[str] = []

    if not is_tree(game) and method == "auto" and N:
        ref_sym, _ = resolve_reference(game, i, reference, base)
        comp = compile_payoffs(game, ref_sym)
        cols = {k: np.array([float(p[k]) for p in full_pts]) for k in game.parameters}
        P, ref = comp.evaluate(cols, N)
        # Points where a payoff is not a finite number go to the one-point route, which says why.
        finite = np.isfinite(P.reshape(N, -1)).all(axis=1) & np.isfinite(ref)
        P[~finite] = 0.0
        ref = np.where(finite, ref, 0.0)
        floats = np.array([any(isinstance(v, (float, np.floating)) for v in p.values()) for p in pts])
        route = _stacked(P, ref, i, out, _solo_reaction(game, P, i, method, floats),
                         _tie_cells(game, i, ref_sym)) | ~finite
        if regimes:
            whole = stacked_equilibria(P, bounded=True)
            whole_only = whole.flagged & ~route
            _regime_labels(game, whole, regime, labels, ~whole.flagged & ~route)
    elif is_tree(game) and method in ("auto", "spe") and exact is not False and N:
        route, reps = _tree_route(game, player, i, pts, full_pts, reference, params, method, regimes, out,
                                  regime, labels)
    failed = np.zeros(N, dtype=bool)
    errors = []
    todo = [int(k) for k in np.nonzero(route | whole_only)[0]]
    items = [(k, pts[k], bool(route[k])) for k in todo]
    shared = (game, player, i, reference, dict(params or {}), method, bool(regimes), exact, K)
    parallel = workers != 1 and len(items) >= PARALLEL_MIN
    size = max(1, -(-len(items) // (4 * (workers or _cores())))) if parallel else max(1, len(items))
    chunks = [items[s:s + size] for s in range(0, len(items), size)]
    from ...parallel import run_chunks
    done = 0
    for c, (res_out, res_labels, res_failed) in run_chunks(_route_chunk, shared, chunks,
                                                           executor="process" if parallel else "serial",
                                                           workers=workers):
        for j, (k, point, full) in enumerate(chunks[c]):
            if res_failed[j] is not None:
                failed[k] = True
                errors.append(f"{', '.join(f'{n}={_show(point[n])}' for n in names)}: {res_failed[j]}")
                continue
            if full:   # a whole-game-only point keeps the values decided stacked
                for key, arr in res_out.items():
                    out[key][k] = arr[j]
            if regimes and res_labels[j] is not None:
                if res_labels[j] not in labels:
                    labels.append(res_labels[j])
                if regime is not None:
                    regime[k] = labels.index(res_labels[j])
        done += len(chunks[c])
        if progress is not None:
            progress(done)
    fixed = {k: v for k, v in base.items() if k not in names}
    return StackedDiagnosis(player=game.players[i], options=options, names=names, points=pts,
                            exact_route=route | reps, failed=failed, errors=tuple(errors),
                            regimes=regime, regime_labels=tuple(labels), fixed=fixed, **out)


def _tree_route(game, player, i, pts, full_pts, reference, params, method, regimes, out, regime, labels):
    """The stacked route of a tree (:mod:`.trees`); returns the points left to the one-point
    route and the groups' representatives (diagnosed one point at a time there)."""
    import warnings

    from .trees import tree_points
    cached: dict = {}

    def representative(point):
        opts: dict[str, Any] = {"whole_game": bool(regimes), "method": method}
        if "reactions" not in cached:
            cached["reactions"] = [Reaction(game, i, o) for o in focal_options(game, i)]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                d, _ = diagnose_point(game, player, reference=reference, params={**dict(params or {}), **point},
                                      reactions=cached["reactions"], spe_cache=cached.setdefault("spe", {}), **opts)
        except (GameTheoryError, ArithmeticError, ValueError):
            return None
        return d

    def strategic_form(ref_values):
        # The reduced strategic form (focal worst and best) and the reference at every point.
        ref_sym, _ = resolve_reference(game, i, reference, ref_values)
        cols = {k: np.array([float(p[k]) for p in full_pts]) for k in game.parameters}
        return compile_payoffs(game.to_normal_form(), ref_sym).evaluate(cols, len(full_pts))

    route, reps, point_labels = tree_points(game, i, full_pts, bool(regimes), out,
                                            lambda d, k: _fill_row(d, out, k),
                                            lambda k: representative(pts[k]), strategic_form)
    if regimes and regime is not None:
        for k, lab in enumerate(point_labels):
            if lab is not None:
                if lab not in labels:
                    labels.append(lab)
                regime[k] = labels.index(lab)
    return route, reps


#: Fewest one-point diagnoses worth sending to worker processes.
PARALLEL_MIN = 16


def _cores() -> int:
    from ...parallel import default_workers
    return default_workers()


def _route_chunk(shared, items):
    """Worker: the one-point route for a chunk of ``(index, point, full diagnosis?)`` items.

    Returns the chunk's rows of the per-point arrays, each point's regime label
    (or None) and each point's error message (or None).
    """
    game, player, i, reference, params, method, regimes, exact, K = shared
    n = len(items)
    out = {"reference": np.full(n, np.nan), "zugzwang": np.zeros(n, dtype=bool), "margin": np.full(n, np.nan),
           "best_option": np.full(n, -1, dtype=np.intp), "worst": np.full((n, K), np.nan),
           "best": np.full((n, K), np.nan), "eq_low": np.full((n, K), np.nan), "eq_high": np.full((n, K), np.nan)}
    regime = np.full(n, -1, dtype=int)
    labels: list[str] = []
    failed: list = []
    cached: dict = {}
    import warnings
    for j, (_, point, full) in enumerate(items):
        try:
            # Solver warnings (degenerate reaction games) are not passed on: a point gives
            # the same answer, and the caller the same messages, on any number of workers.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if full:
                    _one_point(game, player, reference, point, params, method, regimes, exact, out, j,
                               regime if regimes else None, labels, cached)
                else:
                    _whole_only(game, i, {**params, **point}, exact, j, regime, labels)
            failed.append(None)
        except (GameTheoryError, ArithmeticError, ValueError) as exc:
            # A point the one-point diagnosis cannot do (no verified answer, a payoff that is
            # not a number there) is reported as failed; the other points stand.
            failed.append(str(exc))
    names = [labels[r] if regimes and r >= 0 else None for r in regime]
    return out, names, failed


def _show(v) -> str:
    return f"{float(v):g}"


def _stacked(P: np.ndarray, ref: np.ndarray, i: int, out: dict, solo=None,
             tie_cell=None) -> np.ndarray:
    """Fill ``out`` for every point the stacked route decides; return the points it leaves.

    ``solo(k, c)`` (optional) solves option ``c``'s reaction game at point ``k``
    alone and returns ``(lowest, highest)`` focal payoff, or None; it is asked
    for the (point, option) pairs the stack flags.  ``tie_cell(c, cell)``
    (optional) says whether the focal payoff of option ``c`` at the others'
    pure profile ``cell`` equals the reference identically (see :func:`_decide_ties`).
    """
    N, n = P.shape[:2]
    K = P.shape[2 + i]
    focal = np.moveaxis(P[:, i], i + 1, 1)                      # (N, K, others...)
    flat = focal.reshape(N, K, -1)
    out["worst"][:] = flat.min(axis=2)
    out["best"][:] = flat.max(axis=2)
    others = [j for j in range(n) if j != i]
    optflag = np.zeros((N, K), dtype=bool)
    low = np.full((N, K), np.inf)
    high = np.full((N, K), -np.inf)
    found = []
    for k in range(K):
        Q = np.take(P, k, axis=2 + i)[:, others]               # (N, n-1, others' shape)
        res = stacked_equilibria(Q, bounded=True)
        optflag[:, k] = res.flagged
        vals = np.zeros(0)
        if res.game.size:
            vals = _expectation(focal[res.game, k], res.probs)
            np.minimum.at(low[:, k], res.game, vals)
            np.maximum.at(high[:, k], res.game, vals)
        found.append((res, vals))
    if solo is not None:
        for g, c in zip(*np.nonzero(optflag)):
            got = solo(int(g), int(c))
            if got is not None:
                low[g, c], high[g, c] = got
                optflag[g, c] = False
    flagged = optflag.any(axis=1) | ~np.isfinite(high).all(axis=1)
    top = high.max(axis=1)
    margin = top - ref
    span = P[:, i].reshape(N, -1)
    tol = DELTA * np.maximum.reduce([span.max(axis=1) - span.min(axis=1), np.abs(span).max(axis=1),
                                     np.abs(ref), np.ones(N)])
    tie = ~flagged & (np.abs(margin) <= tol)
    if tie_cell is not None and tie.any():
        tie &= ~_decide_ties(found, ref, tol, tie, high, margin, tie_cell)
    flagged |= tie
    ok = ~flagged
    write_stacked(out, ok, low[ok], high[ok], ref[ok], margin[ok])
    return flagged


def _decide_ties(found, ref, tol, tie, high, margin, tie_cell) -> np.ndarray:
    """Decide the points whose margin is within the tolerance of zero, exactly where possible.

    At such a point the verdict turns on an exact comparison.  It is decided
    here when every reaction equilibrium whose focal payoff lies within the
    tolerance of the reference is pure and lands on a cell whose payoff
    expression equals the reference expression identically (``tie_cell``,
    decided on the symbolic payoffs once per cell, not per point): the best
    payoff then equals the reference exactly, so the margin is exactly 0 and
    there is no zugzwang, as in the one-point diagnosis's exact comparison.
    ``high`` and ``margin`` are updated at the decided points (the tied
    options' best payoff is the reference itself).  Returns the decided points;
    any other near tie is left to the one-point route.
    """
    N = tie.size
    bad = np.zeros(N, dtype=bool)
    tied = np.zeros(high.shape, dtype=bool)
    for c, (res, vals) in enumerate(found):
        if not res.game.size:
            continue
        near = tie[res.game] & (np.abs(vals - ref[res.game]) <= tol[res.game])
        if not near.any():
            continue
        e = np.nonzero(near)[0]
        pure = np.ones(e.size, dtype=bool)
        cells = []
        for v in res.probs:
            pure &= v[e].max(axis=1) == 1.0
            cells.append(v[e].argmax(axis=1))
        cells_t = np.stack(cells, axis=1) if cells else np.zeros((e.size, 0), dtype=np.intp)
        same = np.array([bool(p) and tie_cell(c, tuple(int(x) for x in row)) for p, row in zip(pure, cells_t)],
                        dtype=bool)
        g = res.game[e]
        bad[g[~same]] = True
        tied[g[same], c] = True
    decided = tie & ~bad & tied.any(axis=1)
    rows = np.nonzero(decided)[0]
    for g in rows:
        high[g, tied[g]] = ref[g]
    margin[decided] = 0.0
    return decided


def _tie_cells(game, i: int, ref_sym):
    """``tie_cell(c, cell)`` for :func:`_stacked`: does the focal payoff of option ``c``
    at the others' pure profile ``cell`` equal the reference identically?

    Decided once per cell on the payoffs as written (sympy expressions or
    exact numbers): expanded, their difference is zero.  A ``False`` only sends
    the point to the one-point route.
    """
    memo: dict = {}
    others = [j for j in range(game.n_players) if j != i]

    def tie_cell(c: int, cell: tuple) -> bool:
        key = (c, cell)
        if key not in memo:
            idx = [0] * game.n_players
            idx[i] = c
            for j, s in zip(others, cell):
                idx[j] = s
            memo[key] = _identically_equal(game.payoffs[(i,) + tuple(idx)], ref_sym)
        return memo[key]
    return tie_cell


def _identically_equal(a, b) -> bool:
    """``a == b`` for every parameter value (exact numbers, or sympy expressions expanded)."""
    if a is b:
        return True
    if not _is_symbolic(a) and not _is_symbolic(b):
        try:
            return Fraction(a) == Fraction(b)
        except (TypeError, ValueError):
            return False
    import sympy
    return sympy.expand(as_sympy(a) - as_sympy(b)) == 0


def _solo_reaction(game, P: np.ndarray, i: int, method: str, floats: np.ndarray):
    """A ``solo(k, c)`` for :func:`_stacked`: option ``c``'s reaction game at point ``k``
    solved alone by the one-point route's solver (:func:`~gametheory.analysis.zugzwang._solve_reaction`),
    in floating point, for points given in floating point only (others return None)."""
    import warnings

    from ...game import NormalFormGame
    others = [j for j in range(game.n_players) if j != i]

    def solo(k: int, c: int):
        if not floats[k]:
            return None
        arr = np.take(P[k], c, axis=1 + i)
        g = NormalFormGame(np.array(arr[others]), [game.players[j] for j in others],
                           [game.strategies[j] for j in others])
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result, _ = solve_reaction(g, method, False)
        except SolverError:
            return None
        if not result.complete:
            return None
        vals = [float(_expectation(arr[i][None], [np.asarray(p, dtype=float)[None] for p in eq.probabilities])[0])
                for eq in result.equilibria]
        return (min(vals), max(vals)) if vals else None
    return solo


def _label(game, probs: Sequence[np.ndarray]) -> str:
    """``support_label`` of :mod:`gametheory.game.labels` from probability vectors."""
    parts = []
    for j, v in enumerate(probs):
        sup = [game.strategies[j][k] for k in range(len(v)) if v[k] > 1e-12]
        parts.append(sup[0] if len(sup) == 1 else "mix{" + ", ".join(sup) + "}")
    return " / ".join(parts)


def _regime_labels(game, whole: StackedEquilibria, regime, labels, ok):
    per: dict[int, set] = {}
    for e in range(whole.game.size):
        per.setdefault(int(whole.game[e]), set()).add(_label(game, [v[e] for v in whole.probs]))
    for g in np.nonzero(ok)[0]:
        labs = sorted(per.get(int(g), ()))
        lab = " | ".join(labs) if labs else "no equilibrium found"
        if lab not in labels:
            labels.append(lab)
        regime[g] = labels.index(lab)


def _one_point(game, player, reference, point, params, method, regimes, exact, out, k, regime, labels,
               cached=None):
    opts: dict[str, Any] = {"whole_game": bool(regimes), "method": method}
    if cached is not None:
        if "reactions" not in cached:
            i = game.player(player)
            cached["reactions"] = [Reaction(game, i, o) for o in focal_options(game, i)]
        opts["reactions"] = cached["reactions"]
        if is_tree(game):   # subgames solved once per distinct reduced normal form, across points
            opts["spe_cache"] = cached.setdefault("spe", {})
    if exact is not None:
        opts["exact"] = exact
    d, _ = diagnose_point(game, player, reference=reference, params={**dict(params or {}), **point}, **opts)
    _fill_row(d, out, k)
    if regimes and regime is not None:
        _label_point(game, d.whole_game, {**dict(params or {}), **point}, k, regime, labels)


def _fill_row(d, out: dict, k: int) -> None:
    """Row ``k`` of the per-point arrays from a one-point diagnosis ``d`` (floats)."""
    out["reference"][k] = float(d.reference)
    out["zugzwang"][k] = bool(d.zugzwang)
    out["margin"][k] = float(d.margin)
    for c, o in enumerate(d.options):
        out["worst"][k, c] = float(o.worst)
        out["best"][k, c] = float(o.best)
        if o.reaction_payoffs:
            out["eq_low"][k, c] = float(min(o.reaction_payoffs))
            out["eq_high"][k, c] = float(max(o.reaction_payoffs))
    out["best_option"][k] = [o.option for o in d.options].index(d.best_option) if d.best_option else -1


def _whole_only(game, i, values, exact, k, regime, labels):
    """The regime of one point from the whole game alone (its reaction games were decided stacked)."""
    import warnings

    numeric = game.substitute(**values)
    ex = numeric.kind == "exact" if exact is None else exact
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = whole_game_verdict(numeric, i, 0, ex)
    _label_point(game, w, values, k, regime, labels)


def _label_point(game, w, values, k, regime, labels):
    eqs = w.equilibria.equilibria if w is not None else ()
    g = w.equilibria.game if w is not None else None
    from ...game.labels import normal_form_of, support_label
    if g is not None and not hasattr(g, "shape"):
        g = normal_form_of(game, values)
    try:
        labs = sorted({support_label(g, eq) for eq in eqs})
    except (InvalidGameError, TypeError, AttributeError):
        labs = [f"{len(eqs)} equilibria"]
    lab = " | ".join(labs) if labs else "no equilibrium found"
    if lab not in labels:
        labels.append(lab)
    regime[k] = labels.index(lab)


def stacked_doc(sd: StackedDiagnosis, k: int) -> dict:
    """Point ``k`` of a stacked diagnosis as a JSON document (the sweep's ``"zugzwang"`` field).

    Numbers are floats; ``"route"`` says whether the point was decided stacked
    or by the one-point ``diagnose``.
    """
    if sd.failed[k]:
        return {"error": next((e for e in sd.errors), "the diagnosis failed")}

    def f(v):
        return None if not np.isfinite(v) else float(v)
    b = int(sd.best_option[k])
    return {"player": sd.player, "reference": f(sd.reference[k]), "zugzwang": bool(sd.zugzwang[k]),
            "margin": f(sd.margin[k]), "best_option": sd.options[b] if b >= 0 else "",
            "options": [{"option": o, "worst": f(sd.worst[k, c]), "best": f(sd.best[k, c]),
                         "reaction_low": f(sd.eq_low[k, c]), "reaction_high": f(sd.eq_high[k, c])}
                        for c, o in enumerate(sd.options)],
            "route": "one point" if sd.exact_route[k] else "stacked", "exact": False}


def grid_points(game, axes: Mapping[str, Sequence], exact_values: bool = True) -> list[dict]:
    """The points of a grid over ``axes`` (name -> values), first axis slowest.

    Short decimals become Fractions (``exact_values``), so the exact route
    keeps exact games exact.
    """
    import itertools
    names = list(axes)
    conv = exact_value if exact_values else float
    cols = [[conv(v) for v in axes[n]] for n in names]
    return [dict(zip(names, combo)) for combo in itertools.product(*cols)]


def exact_value(v):
    """A parameter value as an exact number where it is meant as one.

    Fractions and integers stay exact; a float becomes its shortest decimal
    (``0.1`` is 1/10), or the simple fraction within ``1e-12`` of it (a
    denominator up to 10**6: ``linspace``'s thirds become 1/3).
    """
    if isinstance(v, (Fraction, int, np.integer)) and not isinstance(v, bool):
        return Fraction(int(v)) if not isinstance(v, Fraction) else v
    f = Fraction(repr(float(v)))
    if f.denominator <= 10 ** 6:
        return f
    g = f.limit_denominator(10 ** 6)
    return g if abs(float(g) - float(v)) < 1e-12 else f
