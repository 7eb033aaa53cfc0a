"""Payoff normalisation: every solver works on payoffs in units of the game's range.

Multiplying every payoff by a positive constant, or adding a constant to every
payoff, changes no Nash equilibrium (and rescales the logit QRE's lambda by the
inverse constant).  So that no tolerance inside a solver depends on the units the
payoffs happen to be written in, :func:`scale_invariant` wraps each solver: it
maps the payoffs affinely onto ``[0, 1]`` once (``(u - lo) / span`` with one
``lo`` and one ``span`` for all players; exactly, in Fractions, when the game is
exact), solves that game, and hands back a result about the original game:
profiles re-bound to it, payoff values (``details["value"]``) and lambdas
(``details["lambda"]``, ``details["path"]``) converted back, and the float
tolerance stated in the original units (``relative tolerance x span``).

Normalising exactly also removes catastrophic cancellation: payoffs ``10**30 + k``
are distinct Fractions but equal floats; after the exact shift they are ``k / span``
and the float solvers see them.  When even the normalised floats lose distinctions
(two exact payoffs of one player closer than float precision), a float solve is
switched to exact arithmetic with a warning.

Trees are rescaled (and shifted when every outcome sits on a leaf, so that the
shift cannot be counted twice along a path).
"""
from __future__ import annotations

import copy
import functools
import inspect
import math
from fractions import Fraction

import numpy as np

#: ``details`` keys holding payoff values (mapped back with ``v * span + lo``).
_VALUE_KEYS = ("value",)


def _span(values, exact: bool):
    lo, hi = min(values), max(values)
    return lo, hi - lo


def normalise_array(arr: np.ndarray, exact: bool, shift: bool = True):
    """``(normalised array, lo, span)`` with the entries mapped onto ``[0, 1]``.

    ``lo`` is 0 when ``shift`` is False (the values are divided by their largest
    magnitude instead).  A constant array maps to zeros (span 1).
    """
    flat = arr.ravel().tolist() if arr.size else [0]
    if shift:
        lo, span = _span(flat, exact)
    else:
        lo, span = (Fraction(0) if exact else 0.0), max(abs(v) for v in flat)
    if span == 0:
        span = Fraction(1) if exact else 1.0        # a constant array maps to zeros
    if exact:
        out = np.empty(arr.size, dtype=object)
        out[:] = [(v - lo) / span for v in flat]
        return out.reshape(arr.shape), lo, span
    return (np.asarray(arr, dtype=float) - float(lo)) / float(span), float(lo), float(span)


def _game_numbers(game):
    """All payoff values of a numeric game (normal form or tree)."""
    from ..game import ExtensiveFormGame
    if isinstance(game, ExtensiveFormGame):
        return [v for o in game.outcomes for v in o.payoffs]
    return game.payoffs.ravel().tolist()


def normalise_game(game, shift: bool = True):
    """``(normalised game, lo, span)``, or None when the game needs no change.

    Symbolic games and games already on ``[0, 1]`` (or constant) are left alone.
    """
    from ..game import ExtensiveFormGame
    if game.kind == "symbolic":
        return None
    exact = game.kind == "exact"
    values = _game_numbers(game)
    if not values:
        return None
    if isinstance(game, ExtensiveFormGame):
        leaves_only = all(n.is_terminal for n in game.nodes if n.outcome is not None)
        # Leaves without an outcome pay 0: a shift would not reach them.
        leaves_only = leaves_only and all(n.outcome is not None for n in game.nodes if n.is_terminal)
        shift = shift and leaves_only
    if shift:
        lo, span = min(values), max(values) - min(values)
    else:
        lo, span = 0, max(abs(v) for v in values)
    if span == 0 or (lo == 0 and span == 1):
        return None
    if exact:
        lo, span = Fraction(lo), Fraction(span)

        def f(v):
            return (v - lo) / span
    else:
        lo, span = float(lo), float(span)

        def f(v):
            return (float(v) - lo) / span
    if isinstance(game, ExtensiveFormGame):
        g = game.copy()
        for o in g.outcomes:
            o.payoffs = tuple(f(v) for v in o.payoffs)
        return g, lo, span
    arr = game.payoffs
    if exact:
        out = np.empty(arr.size, dtype=object)
        out[:] = [f(v) for v in arr.ravel().tolist()]
        out = out.reshape(arr.shape)
    else:
        out = (np.asarray(arr, dtype=float) - lo) / span
    return game.with_payoffs(out), lo, span


def float_span(game, shift: bool = True) -> float:
    """The payoff range as floats (``max - min`` of the float payoffs; the largest
    magnitude when not ``shift``): the unit of a float result's ``tolerance``."""
    try:
        values = [float(v) for v in _game_numbers(game)] or [0.0]
    except OverflowError:
        values = [float("inf")]
    if not all(math.isfinite(v) for v in values):
        from ..exceptions import UnsupportedGameError
        raise UnsupportedGameError("a payoff does not fit a floating-point number (at most about 1.8e308): "
                                   "use exact arithmetic (drop --float)")
    span = max(values) - min(values) if shift else max(abs(v) for v in values)
    return span if span > 0 else 1.0


def lost_distinctions(game) -> bool:
    """True when the game's float payoffs merge values its exact payoffs keep apart.

    Checked per player (a player's incentives are differences of its own payoffs).
    """
    from ..game import ExtensiveFormGame
    if game.kind != "exact":
        return False
    if isinstance(game, ExtensiveFormGame):
        rows = list(zip(*[o.payoffs for o in game.outcomes])) if game.outcomes else []
    else:
        rows = [game.payoffs[i].ravel().tolist() for i in range(game.n_players)]
    for row in rows:
        exact_set = set(row)
        if len({float(v) for v in exact_set}) != len(exact_set):
            return True
    return False


def _rebind_profile(p, game):
    from ..game.behavior import MixedBehaviorProfile
    from ..game.profiles import MixedStrategyProfile
    if isinstance(p, MixedStrategyProfile):
        return MixedStrategyProfile._from_vectors(game, [np.array(v) for v in p.probabilities], p.exact)
    if isinstance(p, MixedBehaviorProfile):
        q = copy.copy(p)
        q.game = game
        q._cache = {}
        return q
    return p


def _rebind_details(details: dict, game, norm_game, lo, span, method_shifted: bool) -> dict:
    from ..game.behavior import MixedBehaviorProfile
    from ..game.profiles import MixedStrategyProfile
    out = {}
    for k, v in details.items():
        if isinstance(v, (MixedStrategyProfile, MixedBehaviorProfile)) and v.game is norm_game:
            v = _rebind_profile(v, game)
        elif k in _VALUE_KEYS and v is not None:
            v = v * span + (lo if method_shifted else 0)
        elif k == "lambda" and isinstance(v, (int, float)):
            v = v / float(span)
        elif k == "path" and isinstance(v, list) and v and isinstance(v[0], tuple) \
                and isinstance(v[0][0], (int, float)):
            v = [(lam / float(span),) + tuple(rest) for lam, *rest in v]
        out[k] = v
    return out


def rebind_result(result, game, norm_game, lo, span, *, shifted: bool = True):
    """The result of a solve on ``norm_game`` restated for the original ``game``.

    A float tolerance becomes ``relative tolerance x float_span(game)``."""
    from .result import EquilibriumResult
    eqs = tuple(_rebind_profile(p, game) for p in result.equilibria)
    details = _rebind_details(result.details, game, norm_game, lo, span, shifted)
    fspan = float_span(game, shifted)
    details["payoff_range"] = fspan
    details["relative_tolerance"] = result.tolerance
    tolerance = result.tolerance * fspan if result.tolerance else result.tolerance
    return EquilibriumResult(game=game, method=result.method, exact=result.exact, tolerance=tolerance,
                             equilibria=eqs, parameters=dict(result.parameters),
                             complete=result.complete, components=result.components,
                             warnings=result.warnings, details=details)


def scale_invariant(func=None, *, shift: bool = True):
    """Decorate a solver ``f(game, exact=..., ...)`` to run on normalised payoffs.

    ``shift=False`` only rescales (for methods whose input condition, such as
    zero sum, a shift would break).
    """
    if func is None:
        return functools.partial(scale_invariant, shift=shift)
    sig = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(game, *args, **kwargs):
        from ..game import ExtensiveFormGame, NormalFormGame
        if not isinstance(game, (NormalFormGame, ExtensiveFormGame)) or game.kind == "symbolic":
            return func(game, *args, **kwargs)
        bound = sig.bind(game, *args, **kwargs)
        bound.apply_defaults()
        exact = bound.arguments.get("exact")
        if exact is None:
            exact = bound.arguments["exact"] = game.kind == "exact"   # None: the game's own kind
        norm = normalise_game(game, shift=shift)
        target = game if norm is None else norm[0]
        extra = []
        if not exact and lost_distinctions(target):
            # Float payoffs would merge distinct values: solve exactly instead.
            bound.arguments["exact"] = True
            extra.append("the game's payoffs differ by less than float precision relative to their "
                         "range; solved in exact arithmetic instead of floating point")
        bound.arguments["game"] = target
        args2 = [bound.arguments[name] for name, p in sig.parameters.items()
                 if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        kwargs2 = {name: bound.arguments[name] for name, p in sig.parameters.items()
                   if p.kind == p.KEYWORD_ONLY}
        var_kw = [name for name, p in sig.parameters.items() if p.kind == p.VAR_KEYWORD]
        if var_kw:
            kwargs2.update(bound.arguments.get(var_kw[0], {}))
        result = func(*args2, **kwargs2)
        if norm is not None:
            result = rebind_result(result, game, target, norm[1], norm[2], shifted=shift)
        if extra:
            from dataclasses import replace
            result = replace(result, warnings=tuple(result.warnings) + tuple(extra))
        return result

    setattr(wrapper, "__wrapped_solver__", func)  # the unwrapped solver
    return wrapper
