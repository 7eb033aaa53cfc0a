"""The numbers behind every figure, computed by small pure functions.

Each ``*_data`` function here takes a game or a result and returns a frozen
record of plain numpy arrays and labels; the matching ``plot_*`` function in
:mod:`gametheory.plotting` only draws that record.  Tests compare these records
with payoffs computed directly (Axelrod's habit: assert on the data behind a
plot, not on pixels).

Conventions
-----------
* Probabilities along a landscape axis: the axis is "the probability that player
  *j* plays strategy *s*"; the rest of *j*'s probability is spread over *j*'s
  other strategies in proportion to the base profile's weights on them (evenly
  when the base puts no weight there).  Players not on an axis keep their base
  mix (by default an equilibrium).
* Grids are ``numpy.linspace(0, 1, grid)``; image arrays are indexed
  ``[y, x]`` (matplotlib's convention for ``pcolormesh``/``contour``).
* Payoffs are floats here: figures need no exact arithmetic.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..exceptions import InvalidGameError, UnsupportedGameError

# Labels and tree positions sit in the game layer (io.latex and the zugzwang engine use them too).
from ..game.labels import equilibrium_label, normal_form_of, support_label  # noqa: F401
from ..game.labels import probability_vectors as _probability_vectors
from ..game.layout import tree_layout  # noqa: F401

__all__ = [
    "LandscapeData", "OptionChartData", "AblationData", "SweepData", "QRECurveData", "SimplexData",
    "BestResponseData", "MatrixData", "TreeData",
    "landscape_data", "option_chart_data", "ablation_data", "sweep_data", "qre_curve_data", "simplex_data",
    "best_response_data", "payoff_matrix_data", "tree_layout", "tree_data",
    "normal_form_of", "equilibrium_label", "support_label", "escape_region", "escape_parameters",
    "sweep_parameters",
]


def _float(x) -> float:
    return float(x)


# --------------------------------------------------------------------------- landscapes
@dataclass(frozen=True)
class LandscapeData:
    """The focal player's payoff of each option over one or two mixing probabilities.

    Attributes
    ----------
    player : str
        The focal player.
    options : tuple of str
        The focal player's strategies.
    x, y : ndarray
        Grid of the first and (when there are two axes) second axis; ``y`` is
        ``None`` for a one-axis landscape.
    x_label, y_label : str
        ``"P(Moscow plays tolerate)"``.
    values : ndarray
        ``values[k, iy, ix]`` (two axes) or ``values[k, ix]`` (one axis): option
        ``k``'s expected payoff; NaN outside the simplex when both axes belong to
        one player.
    reference : float
        The reference (status-quo) level.
    base : tuple of ndarray
        The profile held fixed off the axes (float vectors).
    base_point : tuple of float
        The base profile's coordinates on the axes.
    axes : tuple of (int, int)
        ``(player index, strategy index)`` of each axis.
    option_points : tuple or None
        Per option, the coordinates on the axes of that option's own reaction
        equilibrium (when ``reactions`` was given), else None.
    """

    player: str
    options: tuple
    x: np.ndarray
    y: Any
    x_label: str
    y_label: Any
    values: np.ndarray
    reference: float
    base: tuple
    base_point: tuple
    axes: tuple
    option_points: Any = None

    @property
    def share_above(self) -> float:
        """Share of the displayed region (inside the simplex) where the best option
        reaches the reference: the number behind a caption's "everywhere" claim."""
        env = self.envelope
        inside = ~np.isnan(env)
        return float(np.mean(env[inside] >= self.reference)) if inside.any() else 0.0

    @property
    def envelope(self) -> np.ndarray:
        """The best option's payoff at each point (NaN stays NaN)."""
        return np.max(self.values, axis=0)

    @property
    def best_option(self) -> np.ndarray:
        """Index of the best option at each point (-1 outside the simplex)."""
        v = np.where(np.isnan(self.values), -np.inf, self.values)
        out = np.argmax(v, axis=0)
        return np.where(np.isnan(self.values[0]), -1, out)


def _axis_mixes(base: np.ndarray, strategy: int, grid: np.ndarray) -> np.ndarray:
    """Rows ``p * e_s + (1 - p) * rest`` for each ``p`` in ``grid``."""
    m = base.size
    rest = base.copy()
    rest[strategy] = 0.0
    if rest.sum() <= 1e-12:
        rest = np.ones(m)
        rest[strategy] = 0.0
    rest /= rest.sum()
    e = np.zeros(m)
    e[strategy] = 1.0
    return grid[:, None] * e[None, :] + (1 - grid)[:, None] * rest[None, :]


def mixing_influence(game, focal: int, base: list[np.ndarray]) -> dict:
    """``{(j, s): spread}``: how much the focal player's payoff (any option) moves when
    player ``j`` switches from its base mix to the pure strategy ``s``, the others
    held at ``base``; the largest absolute change over the focal options."""
    U = np.asarray(game.float_payoffs()[focal], dtype=float)
    out = {}
    for j in range(game.n_players):
        if j == focal or game.shape[j] < 2:
            continue
        T = U
        for k in range(game.n_players - 1, -1, -1):
            if k not in (focal, j):
                T = np.tensordot(T, base[k], axes=([k], [0]))
        if focal > j:
            T = T.T  # (focal options, j's strategies)
        at_base = T @ base[j]
        for s in range(game.shape[j]):
            out[(j, s)] = float(np.max(np.abs(T[:, s] - at_base)))
    return out


def _default_axes(game, focal: int, base: list[np.ndarray]) -> list[tuple[int, int]]:
    others = [j for j in range(game.n_players) if j != focal]
    if not others:
        raise UnsupportedGameError("a payoff landscape needs at least one other player")
    movable = [j for j in others if game.shape[j] >= 2]
    if not movable:
        raise UnsupportedGameError("every other player has a single strategy: nothing to mix")
    if len(movable) >= 2:
        # The two players whose mixing moves the focal payoff most, each on its most
        # influential strategy (ties: player order, then strategy order).
        infl = mixing_influence(game, focal, base)
        best: dict[int, tuple[int, float]] = {}
        for (j, s), v in infl.items():
            if j not in best or v > best[j][1]:
                best[j] = (s, v)
        chosen = sorted(movable, key=lambda j: (-best[j][1], j))[:2]
        return [(j, best[j][0]) for j in sorted(chosen)]
    j = movable[0]
    if game.shape[j] >= 3:
        return [(j, 0), (j, 1)]
    return [(j, 0)]


def landscape_data(game, player, axes: Sequence | None = None, grid: int = 41, base=None,
                   reference=0, params: dict | None = None, reactions=None) -> LandscapeData:
    """Expected payoff of each of ``player``'s options over the others' mixing.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        A tree is replaced by its reduced normal form; a symbolic game is
        evaluated at ``params`` (defaults for the rest).
    player : str or int
        The focal player.
    axes : sequence of (player, strategy), optional
        One or two axes, each "the probability that this other player plays this
        strategy" (labels or indices).  Default: the first strategy of the first
        two other players with a choice, or two strategies of the only other
        player when it has three or more, or one axis when it has two.
    grid : int
        Points per axis (at least 2).
    base : MixedStrategyProfile or sequence of vectors, optional
        The profile held fixed off the axes; default the first equilibrium found
        by :func:`gametheory.solve`.
    reference : number
        The status-quo level drawn on the figure.
    reactions : sequence, optional
        Per focal option, a profile of the other players (probability vectors in
        player order, the focal player left out): the option's own reaction
        equilibrium, whose position on the axes is recorded in ``option_points``.

    Returns
    -------
    LandscapeData
        ``values[k]`` is exactly ``MixedStrategyProfile(...).strategy_values(player)[k]``
        at each grid point, computed as one tensor contraction.
    """
    game = normal_form_of(game, params)
    focal = game.player(player)
    if not isinstance(grid, (int, np.integer)) or grid < 2:
        raise InvalidGameError(f"landscape_data: grid must be an integer >= 2, got {grid!r}")
    if base is None:
        from ..solvers import solve
        result = solve(game)
        if not result.equilibria:
            raise UnsupportedGameError("no equilibrium found to hold the other players at; pass base=")
        base = result.equilibria[0]
    base_v = _probability_vectors(game, base)
    if axes is None:
        ax_list = _default_axes(game, focal, base_v)
    else:
        if not 1 <= len(axes) <= 2:
            raise InvalidGameError(f"landscape_data: give one or two axes, got {len(axes)}")
        ax_list = []
        for a in axes:
            if len(a) != 2:
                raise InvalidGameError(f"landscape_data: an axis is (player, strategy), got {a!r}")
            j = game.player(a[0])
            if j == focal:
                raise InvalidGameError(f"landscape_data: axis {a!r} belongs to the focal player")
            ax_list.append((j, game.strategy(j, a[1])))
        if len(ax_list) == 2 and ax_list[0] == ax_list[1]:
            raise InvalidGameError("landscape_data: the two axes are the same")
    t = np.linspace(0.0, 1.0, int(grid))
    U = np.asarray(game.float_payoffs()[focal], dtype=float)
    axis_players = sorted({j for j, _ in ax_list})
    # Contract every player that is neither focal nor on an axis with the base mix.
    T = U
    kept = list(range(game.n_players))
    for j in range(game.n_players - 1, -1, -1):
        if j != focal and j not in axis_players:
            T = np.tensordot(T, base_v[j], axes=([j], [0]))
            kept.remove(j)
    # T is indexed by the kept players in player order: focal and axis players.
    order = [kept.index(focal)] + [kept.index(j) for j in axis_players]
    T = np.transpose(T, order)  # (focal options, axis player 1[, axis player 2])
    labels = [f"P({game.players[j]} plays {game.strategies[j][s]})" for j, s in ax_list]
    if len(ax_list) == 1:
        j, s = ax_list[0]
        M = _axis_mixes(base_v[j], s, t)                       # (x, m_j)
        values = np.einsum("oa,xa->ox", T, M)
        y = None
        point: tuple[float, ...] = (float(base_v[j][s]),)
    elif ax_list[0][0] != ax_list[1][0]:
        (j1, s1), (j2, s2) = ax_list
        M1 = _axis_mixes(base_v[j1], s1, t)                    # x axis
        M2 = _axis_mixes(base_v[j2], s2, t)                    # y axis
        if j1 < j2:
            values = np.einsum("oab,xa,yb->oyx", T, M1, M2)
        else:
            values = np.einsum("oab,ya,xb->oyx", T, M2, M1)
        y = t.copy()
        point = (float(base_v[j1][s1]), float(base_v[j2][s2]))
    else:
        j = ax_list[0][0]
        s1, s2 = ax_list[0][1], ax_list[1][1]
        m = game.shape[j]
        if m < 3:
            raise InvalidGameError(f"two axes on {game.players[j]!r} need at least three strategies")
        rest = base_v[j].copy()
        rest[[s1, s2]] = 0.0
        if rest.sum() <= 1e-12:
            rest = np.ones(m)
            rest[[s1, s2]] = 0.0
        rest /= rest.sum()
        P, Q = np.meshgrid(t, t)                               # P varies along x
        R = 1.0 - P - Q
        mixes = R[..., None] * rest[None, None, :]
        mixes[..., s1] += P
        mixes[..., s2] += Q
        values = np.einsum("oa,yxa->oyx", T, mixes)
        outside = R < -1e-12
        values[:, outside] = np.nan
        y = t.copy()
        point = (float(base_v[j][s1]), float(base_v[j][s2]))
    option_points = None
    if reactions is not None:
        others = [j for j in range(game.n_players) if j != focal]
        option_points = tuple(
            None if r is None else tuple(float(np.asarray(r[others.index(j)], dtype=float)[s]) for j, s in ax_list)
            for r in reactions)
    return LandscapeData(player=game.players[focal], options=tuple(game.strategies[focal]), x=t,
                         y=y, x_label=labels[0], y_label=labels[1] if len(labels) > 1 else None,
                         values=values, reference=_float(reference), base=tuple(base_v),
                         base_point=point, axes=tuple(ax_list), option_points=option_points)


# --------------------------------------------------------------------------- option chart
@dataclass(frozen=True)
class OptionChartData:
    """Each option's worst, reaction-equilibrium and best payoff against the reference.

    ``equilibrium[k]`` holds option ``k``'s payoffs in the equilibria of its
    reaction game (possibly several, possibly none).
    """

    player: str
    options: tuple
    worst: np.ndarray
    best: np.ndarray
    equilibrium: tuple
    regret: np.ndarray
    reference: float
    zugzwang: bool
    margin: float


def option_chart_data(diagnosis) -> OptionChartData:
    """The bars of the option chart, read from a ``ZugzwangDiagnosis`` (no computation)."""
    options = tuple(diagnosis.options)
    if not options:
        raise InvalidGameError("option_chart_data: the diagnosis lists no option")
    ref = diagnosis.reference
    return OptionChartData(
        player=str(diagnosis.player),
        options=tuple(str(o.option) for o in options),
        worst=np.array([_float(o.worst) for o in options]),
        best=np.array([_float(o.best) for o in options]),
        equilibrium=tuple(np.array([_float(v) for v in o.reaction_payoffs]) for o in options),
        regret=np.array([_float(o.regret) if o.regret is not None else np.nan for o in options]),
        reference=_float(ref),
        zugzwang=bool(diagnosis.zugzwang),
        margin=_float(diagnosis.margin),
    )


@dataclass(frozen=True)
class AblationData:
    """The margin with each payoff component dropped, from a construction check.

    ``margin[k]`` is the margin with component ``names[k]`` at zero; ``base`` the
    margin with every component; ``kinds[k]`` is ``"trade-off"`` or
    ``"background"``; ``flips[k]`` whether dropping it alone changes the verdict.
    """

    player: str
    reference: str
    names: tuple
    kinds: tuple
    margin: np.ndarray
    flips: np.ndarray
    base: float
    without_tradeoffs: Any


def ablation_data(report) -> AblationData:
    """The bars of the ablation chart, read from a ``ConstructionReport`` (no computation)."""
    effects = tuple(report.effects)
    if not effects:
        raise InvalidGameError("ablation_data: the construction check ablated no component")
    return AblationData(
        player=str(report.player), reference=str(report.reference_label),
        names=tuple(e.name for e in effects), kinds=tuple(e.kind for e in effects),
        margin=np.array([_float(e.margin) for e in effects]),
        flips=np.array([bool(e.flips) for e in effects]),
        base=_float(report.margin),
        without_tradeoffs=None if report.margin_without_tradeoffs is None
        else _float(report.margin_without_tradeoffs))


# --------------------------------------------------------------------------- sweeps
@dataclass(frozen=True)
class SweepData:
    """Diagnoses over a grid of two parameters.

    Arrays are indexed ``[iy, ix]``.  ``regime[iy, ix]`` indexes
    ``regime_labels`` (the supports of the equilibria found at that point), or
    is -1 when regimes were not computed.  ``failed[iy, ix]`` marks points where
    a solver raised :class:`~gametheory.exceptions.SolverError` (their values are
    NaN; ``errors`` holds the messages).  ``boundaries`` holds
    ``(description, X, Y, F)``: ``F >= 0`` on the fine grid ``X, Y`` where a
    closed-form escape condition holds (the slack of :func:`escape_region`);
    the boundary is its zero level.  ``stacked`` is the engine's
    :class:`~gametheory.analysis.zugzwang_engine.StackedDiagnosis` behind the
    map (points in row order: ``y`` slowest), with every option's payoffs.
    """

    player: str
    x_name: str
    y_name: str
    x: np.ndarray
    y: np.ndarray
    zugzwang: np.ndarray
    margin: np.ndarray
    best_payoff: np.ndarray
    regime: np.ndarray
    regime_labels: tuple
    boundaries: tuple
    reference: float
    fixed: dict = field(default_factory=dict)
    failed: Any = None
    errors: tuple = ()
    stacked: Any = None


def _param_range(game, name, values, grid):
    if values is not None:
        return np.array([float(v) for v in values], dtype=float)
    if name not in game.parameters:
        raise InvalidGameError(f"sweep: the game has no parameter {name!r}; it declares "
                               f"{', '.join(game.parameters) or 'none'}")
    p = game.parameters[name]
    if p.low is None or p.high is None:
        raise InvalidGameError(f"sweep: parameter {name!r} has no range (low/high); pass its values")
    return np.linspace(float(p.low), float(p.high), int(grid))


def sweep_parameters(game) -> tuple[str, ...]:
    """The declared parameters that have a range (low and high), in file order."""
    return tuple(n for n, p in game.parameters.items() if p.low is not None and p.high is not None)


def _exact_grid_value(v: float):
    """A grid value as an exact number where it is a short decimal (keeps games exact)."""
    f = Fraction(repr(float(v))).limit_denominator(10 ** 6)
    return f if abs(float(f) - v) < 1e-12 else v


def escape_parameters(conditions, ranged: Sequence[str]) -> tuple[str, ...]:
    """Ranged parameters ordered by how much the escape conditions involve them.

    First the parameters that alone can end the zugzwang (a one-parameter escape
    condition with a threshold inside the range), then the parameters that
    appear with them in the closed-form escape conditions (most often first),
    then the rest in file order.
    """
    from sympy.core.relational import Relational
    ranged = list(ranged)
    first = []
    for c in conditions or ():
        get = c.get if isinstance(c, dict) else (lambda k, c=c: getattr(c, k, None))
        p = get("parameter")
        if get("kind") == "escape" and p in ranged and get("threshold") is not None and p not in first:
            first.append(p)
    counts: dict[str, int] = {}
    lead = first[0] if first else None
    for rel in _escape_relations(conditions):
        atoms = [rel] if isinstance(rel, Relational) else list(rel.atoms(Relational))
        for atom in atoms:
            names = {s.name for s in atom.free_symbols}
            if lead is not None and lead not in names:
                continue
            for n in names:
                if n in ranged and n != lead:
                    counts[n] = counts.get(n, 0) + 1
    rest = sorted(counts, key=lambda n: (-counts[n], ranged.index(n)))
    order = first + [n for n in rest if n not in first]
    return tuple(order + [n for n in ranged if n not in order])


def _escape_relations(conditions):
    """The closed-form escape conditions that hold jointly in all parameters
    (one-parameter conditions, which fix the others, are left out)."""
    out = []
    for c in conditions or ():
        get = c.get if isinstance(c, dict) else (lambda k, c=c: getattr(c, k, None))
        rel = get("relation")
        if (get("kind") == "escape" and get("closed_form") and get("parameter") is None
                and rel is not None and hasattr(rel, "free_symbols")):
            out.append(rel)
    return out


def escape_region(conditions, x_name: str, y_name: str, x_range, y_range, fixed: dict,
                  resolution: int = 121):
    """``(X, Y, F)``: where some closed-form escape condition holds, on a fine grid.

    ``F`` is the *slack* of the union of the escape conditions (each a sympy
    boolean of relationals, from :func:`gametheory.analysis.zugzwang.diagnose`)
    with the other parameters at ``fixed``: ``lhs - rhs`` for ``lhs >= rhs``,
    the minimum over an ``And``, the maximum over an ``Or`` and over the
    conditions.  ``F >= 0`` exactly where some condition holds (up to the
    strictness of ``>`` at the boundary), so the zero level of ``F`` is the
    closed-form boundary of the escape region, drawn as a smooth line.
    ``None`` when there is no closed-form escape condition.
    """
    import sympy
    rels = _escape_relations(conditions)
    if not rels:
        return None
    xs = np.linspace(float(x_range[0]), float(x_range[-1]), resolution)
    ys = np.linspace(float(y_range[0]), float(y_range[-1]), resolution)
    X, Y = np.meshgrid(xs, ys)
    F = np.full(X.shape, -np.inf)
    for rel in rels:
        # Match symbols by name: the diagnosis may give them assumptions (real, ...).
        syms = {s.name: s for s in rel.free_symbols}
        sx = syms.get(x_name, sympy.Symbol(x_name))
        sy = syms.get(y_name, sympy.Symbol(y_name))
        subs = {syms[k]: sympy.Rational(v.numerator, v.denominator) if isinstance(v, Fraction)
                else v for k, v in fixed.items() if k in syms and k not in (x_name, y_name)}
        expr = rel.subs(subs)
        if {s.name for s in expr.free_symbols} - {x_name, y_name}:
            continue  # a parameter without a value: cannot be drawn
        F = np.maximum(F, _slack(expr, sx, sy, X, Y))
    F = np.clip(F, -1e6, 1e6)
    return X, Y, F


def _slack(expr, sx, sy, X, Y) -> np.ndarray:
    """Numeric slack of a sympy boolean on the grid (see :func:`escape_region`)."""
    import sympy
    from sympy.core.relational import Relational
    if expr is sympy.true or expr is True:
        return np.full(X.shape, np.inf)
    if expr is sympy.false or expr is False:
        return np.full(X.shape, -np.inf)
    if isinstance(expr, sympy.And):
        return np.minimum.reduce([_slack(a, sx, sy, X, Y) for a in expr.args])
    if isinstance(expr, sympy.Or):
        return np.maximum.reduce([_slack(a, sx, sy, X, Y) for a in expr.args])
    if isinstance(expr, sympy.Not):
        return -_slack(expr.args[0], sx, sy, X, Y)
    if isinstance(expr, Relational):
        op = expr.rel_op
        if op in (">=", ">"):
            diff = expr.lhs - expr.rhs
        elif op in ("<=", "<"):
            diff = expr.rhs - expr.lhs
        else:  # == or !=: the slack is zero on the set, negative off it
            d = -abs(expr.lhs - expr.rhs) if op == "==" else abs(expr.lhs - expr.rhs)
            diff = d
        # lambdify turns the (trusted, in-memory) expression tree into a numpy function.
        f = sympy.lambdify((sx, sy), diff, modules="numpy")
        with np.errstate(all="ignore"):
            return np.broadcast_to(np.asarray(f(X, Y), dtype=float), X.shape).copy()
    raise UnsupportedGameError(f"cannot draw the condition {expr}")


def sweep_data(game, player, x: str, y: str, x_values=None, y_values=None, grid: int = 9,
               reference=0, params: dict | None = None, regimes: bool = True,
               conditions=None, **diagnose_options) -> SweepData:
    """Diagnose the zugzwang at every point of a two-parameter grid.

    The grid goes through the stacked engine
    (:func:`gametheory.analysis.zugzwang_engine.diagnose_points`), which gives
    at every point what :func:`gametheory.analysis.zugzwang.diagnose` gives
    there, with ``x`` and ``y`` set (other parameters at ``params`` or their
    defaults); with ``regimes`` the whole game's equilibria are found too and
    the set of their supports becomes the point's regime.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        A symbolic game declaring ``x`` and ``y``.
    x, y : str
        Parameter names.
    x_values, y_values : sequence of float, optional
        Default: ``grid`` points over each parameter's declared range.
    conditions : sequence, optional
        Escape conditions (from a diagnosis of the symbolic game) whose
        boundaries are drawn on the map.
    """
    from ..analysis.zugzwang.engine import diagnose_points, grid_points

    if x == y:
        raise InvalidGameError("sweep: x and y must be different parameters")
    xs = _param_range(game, x, x_values, grid)
    ys = _param_range(game, y, y_values, grid)
    base = dict(params or {})
    for name in (x, y):
        base.pop(name, None)
    shape = (ys.size, xs.size)
    # One stacked diagnosis over the grid (rows: y, columns: x), exact route where flagged.
    options = {k: v for k, v in diagnose_options.items() if k in ("method", "exact", "workers")}
    options.setdefault("workers", None)   # points taking the one-point route use every core
    sd = diagnose_points(game, player, grid_points(game, {y: ys, x: xs}), reference=reference,
                         params=base, regimes=regimes, **options)
    failed = sd.failed.reshape(shape)
    zug = sd.zugzwang.reshape(shape) & ~failed
    margin = sd.margin.reshape(shape)
    ref_vals = sd.reference[~sd.failed]
    ref_num = float(ref_vals[0]) if ref_vals.size else float("nan")
    best = (sd.margin + sd.reference).reshape(shape)
    # sd.regimes is set exactly when regimes were asked for
    regime = sd.regimes.reshape(shape) if sd.regimes is not None else np.full(shape, -1, dtype=int)
    labels = list(sd.regime_labels)
    errors = list(sd.errors)
    focal_label = sd.player if (~sd.failed).any() else None
    fixed = {k: v for k, v in game.parameter_values(**base).items()}
    bounds = []
    region = escape_region(conditions, x, y, xs, ys, fixed)
    if region is not None:
        bounds.append(("closed-form edge of the escape region",) + region)
    ref_f = ref_num if focal_label is not None else float("nan")
    return SweepData(player=focal_label or str(player), x_name=x, y_name=y, x=xs, y=ys,
                     zugzwang=zug, margin=margin, best_payoff=best, regime=regime,
                     regime_labels=tuple(labels), boundaries=tuple(bounds), reference=ref_f,
                     fixed={k: v for k, v in fixed.items() if k not in (x, y)},
                     failed=failed, errors=tuple(errors), stacked=sd)


# --------------------------------------------------------------------------- QRE
@dataclass(frozen=True)
class QRECurveData:
    """The logit QRE path: ``probabilities[i][t, k]`` is player ``i``'s probability of
    strategy ``k`` at ``lambdas[t]``."""

    lambdas: np.ndarray
    players: tuple
    strategies: tuple
    probabilities: tuple


def qre_curve_data(result) -> QRECurveData:
    """Read the path of a ``solve(game, method="qre")`` result (``details["path"]``)."""
    path = result.details.get("path") if hasattr(result, "details") else result
    # only a sequence of
    # (lambda, profile) pairs is a QRE path
    if not path or isinstance(path, str) or not all(
            isinstance(step, (tuple, list)) and len(step) == 2 for step in path):
        raise InvalidGameError("qre_curve_data: the result has no QRE path (details['path'])")
    game = result.game
    lambdas = np.array([float(lam) for lam, _ in path])
    n = len(path[0][1])
    probs = []
    for i in range(n):
        probs.append(np.array([[float(v) for v in prof[i]] for _, prof in path], dtype=float))
    players = tuple(getattr(game, "players", [f"Player {i + 1}" for i in range(n)]))
    strategies = tuple(getattr(game, "strategies", [[str(k + 1) for k in range(p.shape[1])] for p in probs]))
    order = np.argsort(lambdas, kind="stable")
    return QRECurveData(lambdas=lambdas[order], players=players, strategies=strategies,
                        probabilities=tuple(p[order] for p in probs))


# --------------------------------------------------------------------------- simplex
#: Corners of the 2-simplex in the plane (equilateral triangle).
SIMPLEX_CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])


@dataclass(frozen=True)
class SimplexData:
    """Trajectories on the 2-simplex in plane coordinates.

    ``points[t]`` is trajectory ``t`` as an array of shape ``(steps, 2)``; corner
    ``k`` of the triangle (:data:`SIMPLEX_CORNERS`) is strategy ``labels[k]``.
    """

    points: tuple
    labels: tuple
    names: tuple
    title: str


def simplex_data(trajectories, labels: Sequence[str], names: Sequence[str] | None = None,
                 title: str = "", player: int = 0) -> SimplexData:
    """Project trajectories of three-strategy mixes onto the triangle.

    ``trajectories`` holds arrays of shape ``(steps, 3)``, or
    :class:`~gametheory.analysis.dynamics.Trajectory` records (replicator,
    fictitious play), of which ``player``'s mixes are drawn.
    """
    if isinstance(trajectories, np.ndarray) and trajectories.ndim == 2:
        trajectories = [trajectories]
    if hasattr(trajectories, "strategies"):
        trajectories = [trajectories]
    trajectories = [t.strategies[player] if hasattr(t, "strategies") else t for t in trajectories]
    if len(labels) != 3:
        raise UnsupportedGameError(f"simplex plots need exactly three strategies, got {len(labels)}")
    pts = []
    for k, tr in enumerate(trajectories):
        a = np.asarray(tr, dtype=float)
        if a.ndim != 2 or a.shape[1] != 3:
            raise InvalidGameError(f"trajectory {k} has shape {a.shape}; expected (steps, 3)")
        pts.append(a @ SIMPLEX_CORNERS)
    names = tuple(names) if names is not None else tuple(f"trajectory {k + 1}" for k in range(len(pts)))
    return SimplexData(points=tuple(pts), labels=tuple(labels), names=names, title=title)


# --------------------------------------------------------------------------- 2x2 best responses
@dataclass(frozen=True)
class BestResponseData:
    """Best-response correspondences of a 2x2 game in the unit square.

    ``x`` is the probability that the column player plays its first strategy,
    ``y`` that the row player plays its first strategy.  Each correspondence is
    a tuple of segments ``((x0, y0), (x1, y1))``; ``equilibria`` are points.
    """

    row_player: str
    column_player: str
    row_strategies: tuple
    column_strategies: tuple
    row_segments: tuple
    column_segments: tuple
    equilibria: tuple


def _br_segments(a, b):
    """Segments of the best response ``p(t)`` where ``d(t) = a t + b (1 - t)`` is the
    advantage of the first strategy; returned as ``((t0, p0), (t1, p1))``."""
    a, b = Fraction(a), Fraction(b)
    if a == 0 and b == 0:
        return (((Fraction(0), Fraction(0)), (Fraction(1), Fraction(0))),
                ((Fraction(1), Fraction(0)), (Fraction(1), Fraction(1))),
                ((Fraction(1), Fraction(1)), (Fraction(0), Fraction(1))),
                ((Fraction(0), Fraction(1)), (Fraction(0), Fraction(0))))
    cuts = [Fraction(0), Fraction(1)]
    if a != b:
        t = b / (b - a)
        if 0 < t < 1:
            cuts.insert(1, t)
    segs = []

    def d(t):
        return a * t + b * (1 - t)

    for t0, t1 in zip(cuts[:-1], cuts[1:]):
        mid = d((t0 + t1) / 2)
        p = Fraction(1) if mid > 0 else Fraction(0)
        segs.append(((t0, p), (t1, p)))
    for t in cuts:
        if d(t) == 0:
            segs.append(((t, Fraction(0)), (t, Fraction(1))))
    return tuple(segs)


def best_response_data(game, equilibria=None) -> BestResponseData:
    """Best-response correspondences of a 2x2 game (exact breakpoints).

    The row player's advantage of its first strategy against a column mix ``q``
    is ``(A00 - A10) q + (A01 - A11)(1 - q)``; its best response jumps where this
    is zero (Osborne, *An Introduction to Game Theory*, 2004, section 4.3).
    """
    game = normal_form_of(game)
    if game.shape != (2, 2):
        raise UnsupportedGameError(f"best-response diagrams need a 2x2 game, got {game.shape}")
    P = game.exact_payoffs() if game.kind == "exact" else game.float_payoffs()
    A, B = P[0], P[1]
    row = _br_segments(A[0, 0] - A[1, 0], A[0, 1] - A[1, 1])
    col_raw = _br_segments(B[0, 0] - B[0, 1], B[1, 0] - B[1, 1])  # in (p, q) order
    col = tuple(((s[0][1], s[0][0]), (s[1][1], s[1][0])) for s in col_raw)

    def fl(segs):
        return tuple(((float(a[0]), float(a[1])), (float(b[0]), float(b[1]))) for a, b in segs)

    if equilibria is None:
        from ..solvers import solve
        equilibria = solve(game).equilibria
    pts = []
    for eq in equilibria:
        v = _probability_vectors(game, eq)
        pts.append((float(v[1][0]), float(v[0][0])))
    return BestResponseData(row_player=game.players[0], column_player=game.players[1],
                            row_strategies=tuple(game.strategies[0]),
                            column_strategies=tuple(game.strategies[1]),
                            row_segments=fl(row), column_segments=fl(col), equilibria=tuple(pts))


# --------------------------------------------------------------------------- payoff matrix
@dataclass(frozen=True)
class MatrixData:
    """A two-player payoff table with best responses and equilibria.

    ``row_best[r, c]`` is True when row ``r`` is a best response of the row
    player to column ``c``; ``column_best[r, c]`` likewise for the column
    player against row ``r``; ``pure_equilibria[r, c]`` marks pure equilibria;
    ``mixed`` lists the other equilibria as text.
    """

    title: str
    row_player: str
    column_player: str
    row_strategies: tuple
    column_strategies: tuple
    row_payoffs: tuple
    column_payoffs: tuple
    row_best: np.ndarray
    column_best: np.ndarray
    pure_equilibria: np.ndarray
    mixed: tuple


def payoff_matrix_data(game, equilibria=None, params: dict | None = None) -> MatrixData:
    """Cells, best-response marks and equilibria of a two-player game's table."""
    from ..payoffs import format_value
    game = normal_form_of(game, params)
    if game.n_players != 2:
        raise UnsupportedGameError(f"payoff tables are drawn for two players, got {game.n_players}")
    exact = game.kind == "exact"
    P = game.exact_payoffs() if exact else game.float_payoffs()
    A, B = P[0], P[1]
    m, n = game.shape
    row_best = np.zeros((m, n), dtype=bool)
    col_best = np.zeros((m, n), dtype=bool)
    for c in range(n):
        top = max(A[:, c])
        row_best[:, c] = [A[r, c] == top for r in range(m)]
    for r in range(m):
        top = max(B[r, :])
        col_best[r, :] = [B[r, c] == top for c in range(n)]
    pure = row_best & col_best
    mixed = []
    if equilibria is not None:
        pure = np.zeros((m, n), dtype=bool)
        for eq in equilibria:
            v = _probability_vectors(game, eq)
            sr = np.flatnonzero(v[0] > 1e-12)
            sc = np.flatnonzero(v[1] > 1e-12)
            if sr.size == 1 and sc.size == 1:
                pure[sr[0], sc[0]] = True
            else:
                mixed.append(equilibrium_label(game, eq, digits=3))

    def fmt(x):
        return format_value(x) if exact else f"{float(x):.4g}"

    return MatrixData(title=game.title, row_player=game.players[0], column_player=game.players[1],
                      row_strategies=tuple(game.strategies[0]),
                      column_strategies=tuple(game.strategies[1]),
                      row_payoffs=tuple(tuple(fmt(A[r, c]) for c in range(n)) for r in range(m)),
                      column_payoffs=tuple(tuple(fmt(B[r, c]) for c in range(n)) for r in range(m)),
                      row_best=row_best, column_best=col_best, pure_equilibria=pure,
                      mixed=tuple(mixed))


# --------------------------------------------------------------------------- trees
@dataclass(frozen=True)
class TreeData:
    """Everything drawn for a game tree.

    ``edges`` are ``(parent, child, label, highlighted)``; ``movers[k]`` is the
    player index at node ``k`` (-1 chance, ``None`` at a leaf); ``infosets``
    lists the node groups of information sets with more than one node, with
    their player; ``leaf_payoffs[k]`` is the payoff text of leaf ``k``;
    ``on_path[k]`` is True for nodes reached by the highlighted profile.
    """

    title: str
    players: tuple
    positions: np.ndarray
    edges: tuple
    movers: tuple
    node_labels: tuple
    infosets: tuple
    leaf_payoffs: dict
    on_path: np.ndarray


def tree_data(game, marks: dict | None = None) -> TreeData:
    """Layout, edge labels, information sets, leaf payoffs and the marked path.

    ``marks`` maps node index -> set of action indices played (for example
    ``profile.marks()`` of a behaviour equilibrium); the path of play is what the
    marked actions and every chance move with positive probability reach.
    """
    from ..game import ExtensiveFormGame
    from ..game.extensive import CHANCE
    from ..payoffs import format_value
    if not isinstance(game, ExtensiveFormGame):
        raise UnsupportedGameError("tree drawings need an extensive-form game")
    pos = tree_layout(game)
    marks = {int(k): set(v) for k, v in (marks or {}).items()}
    edges = []
    on_path = np.zeros(len(game.nodes), dtype=bool)
    on_path[0] = bool(marks)
    for node in game.preorder():
        h = node.infoset
        if h is None:
            continue
        chance = h.probabilities if h.player == CHANCE else None   # set on every chance move
        for j, c in enumerate(node.children):
            if chance is not None:
                label = f"{h.actions[j]} ({format_value(chance[j])})"
                hit = on_path[node.index] and chance[j] != 0
            else:
                label = h.actions[j]
                hit = j in marks.get(node.index, ())
            edges.append((node.index, c, label, bool(hit)))
            if on_path[node.index] and (hit if chance is None else chance[j] != 0):
                on_path[c] = True
    movers: list[int | None] = [None] * len(game.nodes)
    labels = [""] * len(game.nodes)
    for node in game.nodes:
        if node.infoset is not None:
            movers[node.index] = node.infoset.player
            labels[node.index] = "chance" if node.infoset.player == CHANCE else game.players[node.infoset.player]
    infosets = tuple((h.player, tuple(h.members)) for h in game.all_infosets() if len(h.members) > 1)
    leaves = {}
    for k, _, pay, _ in game.leaf_data():
        leaves[k] = "(" + ", ".join(format_value(v) for v in pay) + ")"
    return TreeData(title=game.title, players=tuple(game.players), positions=pos, edges=tuple(edges),
                    movers=tuple(movers), node_labels=tuple(labels), infosets=infosets,
                    leaf_payoffs=leaves, on_path=on_path)
