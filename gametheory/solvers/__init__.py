"""Equilibrium solvers, dispatched by name through a registry.

``solve(game, method="auto")`` picks a method, substitutes parameter values into a
symbolic game, converts a tree to its reduced normal form when the method works on
normal forms only, and returns an :class:`~gametheory.solvers.result.EquilibriumResult`.
Each method lives in its own module and is imported only when used.
"""
from __future__ import annotations

import importlib
from typing import Any

from ..exceptions import SolverError
from . import registry
from .methods import reduced_strategy_count, register_builtin  # noqa: F401
from .registry import (AUTO_ENUMPOLY_MAX_PROFILES, AUTO_SPE_MAX_PROFILES, Method,  # noqa: F401
                       choose_method)
from .result import Component, EquilibriumResult, make_result  # noqa: F401

register_builtin()

#: Read-only view of the registry in the shape of the old dict:
#: ``METHODS[name] == {"nfg": "module:function", "efg": ..., "help": ...}``.
METHODS = registry.LegacyMethods()


def _load(target: str):
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)


def auto_method(game) -> str:
    """The method ``"auto"`` stands for: ``choose_method(game, need="all")``, a
    complete one where one exists at a reasonable cost (see
    :func:`gametheory.solvers.registry.choose_method`)."""
    return choose_method(game, need="all")


def solve(game, method: str = "auto", *, exact: bool | None = None, params: dict | None = None,
          **options: Any) -> EquilibriumResult:
    """Compute equilibria of ``game`` with the named method.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
    method : str
        A registered method (:func:`gametheory.solvers.registry.names`) or
        ``"auto"`` (:func:`~gametheory.solvers.registry.choose_method`).
    exact : bool, optional
        Exact rational arithmetic (default ``None``: the game's own kind, for
        every method).
    params : dict, optional
        Parameter values for a symbolic game (defaults fill the rest).
    **options
        The method's options, checked against its declaration before it runs
        (:class:`~gametheory.exceptions.OptionError` for an unknown one or a
        value of the wrong type).

    Raises
    ------
    OptionError
        Unknown method or option, or a bad option value.
    UnsupportedGameError
        The method does not take this game.
    SolverError
        A method that promises an equilibrium returned none.
    """
    from ..game import ExtensiveFormGame, NormalFormGame

    if not isinstance(game, (NormalFormGame, ExtensiveFormGame)):
        raise TypeError(f"solve() expects a game, got {type(game).__name__}")
    if method != "auto":
        registry.get(method)          # an unknown name fails before any work
    game = game.substitute(**(params or {}))
    if method == "auto":
        method = auto_method(game)
    spec = registry.get(method)
    form, entry = spec.form_for(game)
    if form == "nfg" and isinstance(game, ExtensiveFormGame):
        game = game.to_normal_form()
    if not entry.takes_players(game.n_players):
        from ..exceptions import UnsupportedGameError
        lo, hi = entry.players
        want = f"{lo}" if lo == hi else f"{lo} or more" if hi is None else f"{lo} to {hi}"
        raise UnsupportedGameError(f"method {method!r} takes games with {want} players; "
                                   f"this game has {game.n_players}")
    options = registry.check_options(method, game, options)
    if exact is None:
        exact = game.kind == "exact"
    result = entry.function()(game, exact=exact, **options)
    _check_record(spec, result, options)
    return result


def _check_record(spec: Method, result, options: dict) -> None:
    """A method that promises an equilibrium (and was not limited by an option)
    must return one: an empty record is a :class:`SolverError`."""
    if not isinstance(result, EquilibriumResult):
        raise SolverError(f"method {spec.name!r} returned {type(result).__name__}, not an EquilibriumResult")
    limited = any(options.get(name) is not None for name in spec.limiting_options)
    if spec.promises_one and not limited and not result.equilibria:
        raise SolverError(f"method {result.method!r} found no equilibrium, though every finite game has one"
                          + (f" ({'; '.join(result.warnings)})" if result.warnings else ""))
