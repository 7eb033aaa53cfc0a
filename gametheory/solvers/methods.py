"""The declarations of the built-in methods (see :mod:`gametheory.solvers.registry`).

Each solver function lives in its own module and is named here as
``"module:function"``, so it is imported only when used.  The options listed
are exactly the keyword options the function takes (besides ``exact``); the
``auto`` rules state today's cost model in one place.
"""
from __future__ import annotations

import math

from .registry import (AUTO_ENUMPOLY_MAX_PROFILES, AUTO_SPE_MAX_PROFILES, Auto, Form, Method, Option,
                       register)

_TOL = Option("tolerance", "float", None, "regret tolerance in float mode, relative to the payoff range "
              "(default 1e-9)", nullable=True, minimum=0)
_SEED = Option("seed", "int", 0, "seed of the random choices (same seed, same answer)")


def reduced_strategy_count(game, player: int) -> int:
    """The number of reduced pure strategies of ``player`` in a tree with perfect
    recall, counted over the player's information-set forest without listing them:
    ``N(h) = sum over actions a of the product of N(h')`` over the sets ``h'``
    that follow ``(h, a)`` directly."""
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


def spe_cost(game) -> int:
    """The normal-form profiles ``spe`` must enumerate: the reduced normal form of a
    two-player tree with imperfect information and perfect recall; 0 otherwise
    (backward induction, or a tree ``seqform`` cannot take anyway)."""
    if not hasattr(game, "own_histories"):
        return math.prod(game.shape)
    if game.n_players != 2 or game.is_perfect_information or not game.has_perfect_recall:
        return 0
    return math.prod(reduced_strategy_count(game, i) for i in range(2))


def _two_player_recall(game) -> bool:
    return game.n_players == 2 and game.has_perfect_recall


def _zero_sum(game) -> bool:
    return game.n_players == 2 and game.kind != "symbolic" and game.is_zero_sum


#: The built-in methods, in the order of ``registry.names()`` and of ``--method`` choices.
BUILTIN_METHODS: tuple[Method, ...] = (
    Method(
        "pure", "every pure-strategy Nash equilibrium (any number of players)",
        nfg=Form("gametheory.solvers.pure:pure_solve", (_TOL,)),
        finds="all", complete=True, promises_one=False,
        auto={"all": Auto(0, players=(1, 1)), "one": Auto(0, players=(1, 1))},
        source="definition of Nash (1951), by comparing every unilateral deviation"),
    Method(
        "enummixed", "all extreme equilibria of a two-player game and their components (exact)",
        nfg=Form("gametheory.solvers.enummixed:enummixed_solve", (
            Option("path", "str", "auto", "vertex enumeration route", choices=("auto", "exact", "float")),
            _TOL,
            Option("warn", "bool", True, "warn when the game is degenerate")), players=(2, 2)),
        finds="all", complete=True,
        auto={"all": Auto(10, players=(2, 2))},
        source="von Stengel (2007); Avis, Rosenberg, Savani & von Stengel (2010)"),
    Method(
        "lh", "Lemke-Howson from every missing label (two players, large games)",
        nfg=Form("gametheory.solvers.lemke_howson:lh_solve", (
            Option("label", "any", None, "the missing label to start from (index or strategy label)",
                   nullable=True),
            Option("all_labels", "bool", None, "run from every label (default when no label is given)",
                   nullable=True),
            Option("max_pivots", "int", 100_000, "pivots allowed on one path", minimum=1),
            _TOL), players=(2, 2)),
        finds="some",
        auto={"one": Auto(20, players=(2, 2))},
        source="Lemke & Howson (1964)"),
    Method(
        "lp", "value and optimal strategies of a two-player zero-sum game (LP)",
        nfg=Form("gametheory.solvers.zerosum:lp_solve", (), players=(2, 2)),
        finds="one",
        auto={"one": Auto(10, players=(2, 2), when=_zero_sum)},
        source="von Neumann (1928); von Stengel (2007), sec. 3.3"),
    Method(
        "enumpoly", "support enumeration with exact polynomial systems (small n-player games)",
        nfg=Form("gametheory.solvers.enumpoly:enumpoly_solve", (
            Option("max_support", "any", None, "largest support size (an int, or one per player)",
                   nullable=True),
            _TOL,
            Option("stop_after", "int", None, "stop after this many equilibria", nullable=True, minimum=1),
            _SEED)),
        finds="all", complete=True, limiting_options=("max_support", "stop_after"),
        auto={"all": Auto(20, players=(3, None), max_profiles=AUTO_ENUMPOLY_MAX_PROFILES)},
        source="McKelvey & McLennan (1996); Porter, Nudelman & Shoham (2008)"),
    Method(
        "simpdiv", "simplicial subdivision: one equilibrium of an n-player game",
        nfg=Form("gametheory.solvers.simpdiv:simpdiv_solve", (
            Option("start", "any", None, "starting profile (default uniform, or random with seed)",
                   nullable=True),
            Option("grid", "float", 0.25, "mesh of the first pass", minimum=0),
            Option("refine_factor", "float", 4.0, "mesh division at each restart", minimum=1),
            Option("max_passes", "int", 40, "restarts allowed", minimum=1),
            Option("max_pivots", "int", 50_000, "pivots allowed per pass", minimum=1),
            _TOL,
            Option("seed", "int", None, "draw a random interior start from this seed", nullable=True))),
        finds="one", approximate=True,
        auto={"all": Auto(90, players=(3, None)), "one": Auto(30, players=(3, None))},
        source="Merrill (1972); van der Laan & Talman (1979)"),
    Method(
        "qre", "logit quantal response equilibrium path and its Nash limit",
        nfg=Form("gametheory.solvers.qre:qre_solve", (
            Option("lambda_max", "float", 1e7, "largest precision traced", minimum=0),
            Option("first_step", "float", 0.03, "first arc-length step", minimum=0), _TOL,
            Option("max_accel", "float", 1.5, "largest step growth", minimum=1),
            Option("max_steps", "int", 20_000, "continuation steps allowed", minimum=1))),
        efg=Form("gametheory.solvers.agent_qre:agent_qre_solve", (
            Option("lambda_max", "float", 1000.0, "precision at which tracing stops", minimum=0),
            Option("first_step", "float", 0.1, "first step in lambda", minimum=0), _TOL,
            Option("max_steps", "int", 2000, "continuation steps allowed", minimum=1))),
        finds="one", approximate=True,
        source="McKelvey & Palfrey (1995); Turocy (2005)"),
    Method(
        "spe", "subgame-perfect equilibria (backward induction over proper subgames)",
        efg=Form("gametheory.solvers.subgame_perfect:spe_solve", (
            Option("max_equilibria", "int", 1000, "equilibria kept per subgame", minimum=1),
            Option("subgame_method", "method", "auto", "normal-form method for subgames with imperfect "
                   "information"),
            _TOL,
            Option("subgame_limit", "int", None, "largest n-player subgame solved completely (profiles)",
                   nullable=True, minimum=1),
            Option("subgame_cache", "any", None, "a dict reused across calls on trees of one shape "
                   "(exact mode): subgames equal up to a positive affine map are solved once",
                   nullable=True))),
        finds="all", complete=True, limiting_options=("max_equilibria", "subgame_limit"),
        auto={"all": Auto(10, max_profiles=AUTO_SPE_MAX_PROFILES), "one": Auto(40)},
        cost=spe_cost,
        source="Selten (1965); Kuhn (1953)"),
    Method(
        "seqform", "sequence form with Lemke's algorithm (two-player trees, exact)",
        efg=Form("gametheory.solvers.sequence_form:seqform_solve", (
            Option("lp", "bool", None, "solve a constant-sum tree as an LP (default: when it is one)",
                   nullable=True),
            _SEED,
            Option("max_starts", "int", 8, "priors tried", minimum=1),
            _TOL), players=(2, 2)),
        finds="one",
        auto={"all": Auto(20, players=(2, 2), when=_two_player_recall),
              "one": Auto(10, players=(2, 2), when=_two_player_recall)},
        source="Koller, Megiddo & von Stengel (1996); von Stengel (1996)"),
)


def register_builtin() -> None:
    """Register the built-in methods (called once by :mod:`gametheory.solvers`)."""
    for method in BUILTIN_METHODS:
        register(method, replace=True)
