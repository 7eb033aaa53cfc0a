"""Equilibrium solvers, dispatched by name through a registry.

``solve(game, method="auto")`` picks a method, substitutes parameter values into a
symbolic game, converts a tree to its reduced normal form when the method works on
normal forms only, and returns an :class:`~gametheory.solvers.result.EquilibriumResult`.
Each method lives in its own module and is imported only when used.
"""
from __future__ import annotations

import importlib
from typing import Any

from ..exceptions import UnsupportedGameError
from .result import Component, EquilibriumResult, make_result  # noqa: F401

#: method name -> {"nfg": "module:function", "efg": "module:function", "help": str}
#: "nfg" entries take a NormalFormGame; "efg" entries an ExtensiveFormGame.
METHODS: dict[str, dict[str, str]] = {
    "pure": {"nfg": "gametheory.solvers.pure:pure_solve",
             "help": "every pure-strategy Nash equilibrium (any number of players)"},
    "enummixed": {"nfg": "gametheory.solvers.enummixed:enummixed_solve",
                  "help": "all extreme equilibria of a two-player game and their components (exact)"},
    "lh": {"nfg": "gametheory.solvers.lemke_howson:lh_solve",
           "help": "Lemke-Howson from every missing label (two players, large games)"},
    "lp": {"nfg": "gametheory.solvers.zerosum:lp_solve",
           "help": "value and optimal strategies of a two-player zero-sum game (LP)"},
    "enumpoly": {"nfg": "gametheory.solvers.enumpoly:enumpoly_solve",
                 "help": "support enumeration with exact polynomial systems (small n-player games)"},
    "simpdiv": {"nfg": "gametheory.solvers.simpdiv:simpdiv_solve",
                "help": "simplicial subdivision: one equilibrium of an n-player game"},
    "qre": {"nfg": "gametheory.solvers.qre:qre_solve",
            "efg": "gametheory.solvers.agent_qre:agent_qre_solve",
            "help": "logit quantal response equilibrium path and its Nash limit"},
    "spe": {"efg": "gametheory.solvers.subgame_perfect:spe_solve",
            "help": "subgame-perfect equilibria (backward induction over proper subgames)"},
    "seqform": {"efg": "gametheory.solvers.sequence_form:seqform_solve",
                "help": "sequence form with Lemke's algorithm (two-player trees, exact)"},
}


def _load(target: str):
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)


#: Largest reduced normal form (profiles) of a two-player tree with imperfect
#: information that ``auto`` sends to ``spe`` (complete, but through normal forms);
#: larger ones go to ``seqform`` (one equilibrium, linear in the tree's size).
AUTO_SPE_MAX_PROFILES = 2_500


def reduced_strategy_count(game, player: int) -> int:
    """The number of reduced pure strategies of ``player`` in a tree with perfect
    recall, counted over the player's information-set forest without listing them:
    ``N(h) = sum over actions a of the product of N(h')`` over the sets ``h'``
    that follow ``(h, a)`` directly."""
    import math
    last = game.own_histories()
    children: dict = {}
    for h in game.infosets[player]:
        parent = last[h.members[0]]
        children.setdefault(None if parent is None else (parent[1], parent[2]), []).append(h.number)
    order, stack = [], list(children.get(None, []))
    while stack:
        num = stack.pop()
        order.append(num)
        for a in range(len(game.infosets[player][num - 1].actions)):
            stack.extend(children.get((num, a), []))
    count: dict = {}
    for num in reversed(order):
        count[num] = sum(math.prod(count[c] for c in children.get((num, a), []))
                         for a in range(len(game.infosets[player][num - 1].actions)))
    return math.prod(count[c] for c in children.get(None, []))


def _auto_tree_method(game) -> str:
    """``spe`` unless the tree has two players, imperfect information and a large
    reduced normal form: then ``seqform``, which finds one equilibrium in time
    about linear in the tree (``spe`` would enumerate the normal form's vertices)."""
    import math
    if game.n_players != 2 or game.is_perfect_information or not game.has_perfect_recall:
        return "spe"        # backward induction; spe also explains imperfect recall
    size = math.prod(reduced_strategy_count(game, i) for i in range(2))
    return "spe" if size <= AUTO_SPE_MAX_PROFILES else "seqform"


def auto_method(game) -> str:
    """The method ``"auto"`` stands for: a complete one where one exists at a
    reasonable cost (trees: see :func:`_auto_tree_method`)."""
    from ..game import ExtensiveFormGame
    if isinstance(game, ExtensiveFormGame):
        return _auto_tree_method(game)
    if game.n_players == 2:
        return "enummixed"
    if game.n_players == 1:
        return "pure"
    import math
    if math.prod(game.shape) <= 64:
        return "enumpoly"
    return "simpdiv"


def solve(game, method: str = "auto", *, exact: bool | None = None, params: dict | None = None,
          **options: Any) -> EquilibriumResult:
    """Compute equilibria of ``game`` with the named method.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
    method : str
        A key of :data:`METHODS` or ``"auto"``.
    exact : bool, optional
        Exact rational arithmetic (default: exact when the game's payoffs are).
    params : dict, optional
        Parameter values for a symbolic game (defaults fill the rest).
    **options
        Passed to the method.
    """
    from ..game import ExtensiveFormGame, NormalFormGame

    if not isinstance(game, (NormalFormGame, ExtensiveFormGame)):
        raise TypeError(f"solve() expects a game, got {type(game).__name__}")
    game = game.substitute(**(params or {}))
    if method == "auto":
        method = auto_method(game)
    if method not in METHODS:
        raise UnsupportedGameError(f"unknown method {method!r}; choose one of: auto, {', '.join(METHODS)}")
    entry = METHODS[method]
    if isinstance(game, ExtensiveFormGame):
        if "efg" in entry:
            target = entry["efg"]
        else:
            game = game.to_normal_form()
            target = entry["nfg"]
    else:
        if "nfg" not in entry:
            raise UnsupportedGameError(f"method {method!r} needs a game tree (an extensive-form game)")
        target = entry["nfg"]
    if exact is None:
        exact = game.kind == "exact"
    return _load(target)(game, exact=exact, **options)
