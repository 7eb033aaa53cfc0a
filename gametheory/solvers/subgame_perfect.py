"""Subgame-perfect equilibria of game trees, by backward induction over proper subgames.

A node roots a *proper subgame* when every information set met in its subtree
lies wholly inside that subtree (Selten 1965, 1975).  The solver finds every
subgame root in one bottom-up pass (each node's subtree is an interval of the
pre-order, so it suffices to compare the pre-order span of the information sets
met below it), then solves the subgames from the leaves up:

* a subgame whose root is a single-node information set with only subgame roots
  or terminal nodes below it is one step of **backward induction**: the mover
  takes *every* action whose continuation payoff is maximal (ties are
  enumerated, never broken), chance averages;
* any other subgame, with its own proper subgames replaced by the payoffs of
  the equilibrium chosen there, is turned into its reduced normal form and
  solved by a complete normal-form method ("enummixed" for two movers,
  "enumpoly" for more, "pure" for a single decision maker); each equilibrium
  is converted back to behaviour strategies (Kuhn 1953).

The equilibria of a subgame are combined with every combination of equilibria
of the subgames below it, up to ``max_equilibria`` per subgame (the result says
so in ``warnings`` and ``details["limit_hit"]`` when the limit cut the list).

What "complete" means
---------------------
Backward induction with ties enumerated lists every *pure* subgame-perfect
equilibrium of a perfect-information tree.  When some mover is indifferent
between actions that matter to someone (a tie), every mixture of the tied
actions is optimal too, and the players above may answer such mixtures
differently: the ultimatum game with a proposer offering 0 and a responder
accepting 0 with probability ``p >= 9/10`` is subgame perfect for every such
``p``.  Those mixed equilibria form continua and are not listed; the result
then has ``complete=False`` and ``details["pure_complete"]=True`` (every pure
SPE is listed), with a warning naming the information sets with ties.
Likewise a subgame with a continuum of equilibria contributes its extreme
equilibria only.  ``complete=True`` therefore promises every subgame-perfect
equilibrium (there are then finitely many).

Cost
----
A subgame with three or more movers is solved by ``enumpoly`` on its reduced
normal form, whose support enumeration grows exponentially with the number of
plans (a 3 x 4 x 8 subgame takes minutes).  ``subgame_limit`` caps the number
of pure profiles of such a subgame (after iterated elimination of strictly
dominated strategies, which keeps every equilibrium); above it, the subgame's
pure equilibria are listed (``pure``, complete for pure equilibria) or, when
it has none, one equilibrium found by ``simpdiv``, and the result is flagged
not complete.
Every returned profile is checked: zero regret in the whole game
(:func:`~gametheory.solvers.result.make_result`) and zero regret in every proper
subgame (:func:`subgame_perfection_regret`).

References
----------
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium
points in extensive games. *International Journal of Game Theory* 4, 25-55.
Osborne, M. J. & Rubinstein, A. (1994). *A Course in Game Theory*, ch. 6 (Kuhn's
and Zermelo's backward induction, the one-deviation property).
"""
from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

from ..exceptions import SolverError, UnsupportedGameError
from ..game.behavior import MixedBehaviorProfile, _TreeNumbers, subgame_regrets
from ..game.extensive import CHANCE, ExtensiveFormGame
from .result import FLOAT_TOLERANCE, make_result
from ._scale import scale_invariant

__all__ = ["spe_solve", "backward_induction", "subgame_roots", "subgame_perfection_regret",
           "equilibrium_path"]


def subgame_roots(game: ExtensiveFormGame) -> list[int]:
    """The non-terminal nodes that root a proper subgame, in pre-order (the root first).

    A node ``v`` roots a subgame when every information set of every node in its
    subtree has all its members in that subtree.  Linear time and iterative.
    """
    order = [n.index for n in game.preorder()]
    pre = [0] * len(game.nodes)
    for k, v in enumerate(order):
        pre[v] = k
    size = [1] * len(game.nodes)
    lo = [0] * len(game.nodes)
    hi = [0] * len(game.nodes)
    span = {}
    for h in list(game.all_infosets()) + list(game.chance_infosets):
        ps = [pre[m] for m in h.members]
        span[id(h)] = (min(ps), max(ps))
    for v in reversed(order):
        node = game.nodes[v]
        if node.infoset is None:
            lo[v] = hi[v] = pre[v]
            continue
        a, b = span[id(node.infoset)]
        for c in node.children:
            size[v] += size[c]
            a = min(a, lo[c])
            b = max(b, hi[c])
        lo[v], hi[v] = a, b
    return [v for v in order if game.nodes[v].children
            and lo[v] >= pre[v] and hi[v] < pre[v] + size[v]]


class _Sol:
    """One equilibrium of a subgame: payoff vector, the choices made in the
    subgame's own part, and the equilibria chosen in the subgames just below.
    ``exact`` is False once any part is a float (an irrational equilibrium of a
    subgame that ``enumpoly`` returned in floating point, and everything above it)."""

    __slots__ = ("payoff", "assign", "below", "exact")

    def __init__(self, payoff, assign, below, exact: bool = True):
        self.payoff = payoff
        self.assign = assign
        self.below = below
        self.exact = exact and all(s.exact for _, s in below)


def _auto_method(movers: int) -> str:
    if movers <= 1:
        return "pure"
    return "enummixed" if movers == 2 else "enumpoly"


@scale_invariant
def spe_solve(game: ExtensiveFormGame, exact: bool | None = None, *, max_equilibria: int = 1000,
              subgame_method: str = "auto", tolerance: float | None = None,
              subgame_limit: int | None = None, subgame_cache: dict | None = None):
    """Subgame-perfect equilibria of a game tree.

    Parameters
    ----------
    game : ExtensiveFormGame
        A numeric tree with perfect recall (any number of players, chance allowed).
    exact : bool, optional
        Exact rational arithmetic (default: exact when the tree's payoffs are).
    max_equilibria : int
        At most this many equilibria are kept per subgame (and returned).
    subgame_method : str
        Normal-form method for subgames with imperfect information; ``"auto"``
        uses "enummixed" (two movers), "enumpoly" (three or more) or "pure"
        (one decision maker).
    tolerance : float, optional
        Regret tolerance in floating point.
    subgame_limit : int, optional
        Largest reduced normal form (pure profiles, after iterated elimination
        of strictly dominated strategies) of a subgame with three or more
        movers solved completely by ``enumpoly``; larger ones get their pure
        equilibria (or one ``simpdiv`` equilibrium) and the result is flagged
        not complete.  Default: no limit.
    subgame_cache : dict, optional
        Exact mode only: a dict kept by a caller solving many trees of one
        shape (a parameter sweep); the normal-form solution of a subgame is
        reused for every later subgame whose reduced normal form is a positive
        affine image of it (:func:`_solve_cached`).  The answer does not depend on it.

    Returns
    -------
    EquilibriumResult
        ``method="spe"``; equilibria are :class:`MixedBehaviorProfile`;
        ``details`` holds ``subgame_roots``, ``paths`` (the equilibrium path of
        each equilibrium), ``limit_hit`` and ``perfect_information``.
        ``complete`` is True when every subgame-perfect equilibrium is listed:
        every subgame was solved by a complete method, no limit was hit, no
        mover had a payoff-relevant tie and no subgame had a continuum.
        ``details["pure_complete"]`` is True when at least every *pure*
        subgame-perfect equilibrium is listed (ties and continua allowed).
        ``details["ties"]`` names the information sets where a mover was
        indifferent between two or more actions.

    Notes
    -----
    Backward induction on perfect-information trees is Zermelo's / Kuhn's
    algorithm; subgames with imperfect information follow Selten (1975).
    """
    if not isinstance(game, ExtensiveFormGame):
        raise UnsupportedGameError("spe_solve needs a game tree (an ExtensiveFormGame)")
    if subgame_cache is not None and not isinstance(subgame_cache, dict):
        from ..exceptions import OptionError
        raise OptionError(f"method 'spe', option 'subgame_cache': expected a dict (from Python), "
                          f"got {type(subgame_cache).__name__}")
    if game.is_symbolic:
        game = game.substitute()
    if exact is None:
        exact = game.kind == "exact"
    if not isinstance(max_equilibria, int) or max_equilibria < 1:
        raise UnsupportedGameError(f"max_equilibria must be a positive integer, got {max_equilibria!r}")
    problems = game.perfect_recall_violations()
    if problems:
        raise UnsupportedGameError("spe_solve needs perfect recall: " + problems[0])
    tol = 0.0 if exact else (FLOAT_TOLERANCE if tolerance is None else float(tolerance))
    nums = _TreeNumbers(game, exact)
    roots = subgame_roots(game)
    root_set = set(roots)
    sols: dict[int, list] = {}
    state: dict[str, Any] = {"limit_hit": False, "complete": True, "warnings": [], "solved": 0, "ties": [],
                             "continuum": False, "subgame_limit": subgame_limit,
                             "cache": subgame_cache if exact else None}

    for r in reversed(roots):
        node = game.nodes[r]
        kids = node.children
        direct = node.infoset is not None and len(node.infoset.members) == 1 and all(
            c in root_set or not game.nodes[c].children for c in kids)
        if direct:
            sols[r] = _step(game, node, sols, nums, max_equilibria, state)
        else:
            sols[r] = _solve_subgame(game, r, root_set, sols, nums, exact, max_equilibria,
                                     subgame_method, state)
    if not game.root.children:
        top = [_Sol(nums.outcome[0], {}, ())]
    else:
        top = sols[0]
    # Free the intermediate lists not referenced from the top solutions.
    sols.clear()

    profiles = []
    seen = set()
    for sol in top:
        prof = _materialize(game, sol, exact and sol.exact)
        key = prof.key()
        if key in seen:
            continue
        seen.add(key)
        profiles.append(prof)

    all_exact = exact and all(p.exact for p in profiles)
    if exact and not all_exact:
        # enumpoly's per-equilibrium exactness carried through: the rational ones stay exact.
        tol = FLOAT_TOLERANCE if tolerance is None else float(tolerance)
        state["warnings"].append("some subgame equilibria are irrational: the subgame-perfect equilibria "
                                 "built on them are given in floating point (each profile says whether it "
                                 "is exact)")
    for prof in profiles:
        reg = subgame_perfection_regret(prof, roots)
        if (prof.exact and reg != 0) or (not prof.exact and reg > tol):
            raise SolverError(f"internal error: candidate {prof!r} has regret {reg} in a subgame; "
                              "refusing to return it")
    ties = list(dict.fromkeys(state["ties"]))
    if ties:
        state["warnings"].append(
            "ties at " + ", ".join(ties) + ": mixing the tied actions gives further subgame-perfect "
            "equilibria (continua), which are not listed; every pure one is")
    warns = list(dict.fromkeys(state["warnings"]))
    if state["limit_hit"]:
        warns.append(f"the limit of {max_equilibria} equilibria per subgame was reached; "
                     "raise max_equilibria to see more")
    details = {
        "subgame_roots": roots,
        "perfect_information": game.is_perfect_information,
        "limit_hit": state["limit_hit"],
        "subgames_solved_in_normal_form": state["solved"],
        "paths": [equilibrium_path(p) for p in profiles],
        "ties": ties,
        "pure_complete": state["complete"] and not state["limit_hit"],
    }
    return make_result(game, "spe", profiles, exact=all_exact, tolerance=None if all_exact else tol,
                       complete=(state["complete"] and not state["limit_hit"] and not ties
                                 and not state["continuum"]),
                       warnings=warns, details=details)


def backward_induction(game: ExtensiveFormGame, exact: bool | None = None, *,
                       max_equilibria: int = 1000):
    """Every pure subgame-perfect equilibrium of a perfect-information tree.

    Zermelo's backward induction with ties enumerated (each optimal action
    starts its own branch of equilibria).  Raises
    :class:`~gametheory.exceptions.UnsupportedGameError` when some information
    set has more than one node; use :func:`spe_solve` for those.
    """
    if not game.is_perfect_information:
        raise UnsupportedGameError("backward_induction needs perfect information (every information "
                                   "set a single node); use spe_solve for other trees")
    return spe_solve(game, exact=exact, max_equilibria=max_equilibria)


def _product(lists, limit, state):
    """Combinations of one item from each list, at most ``limit`` of them."""
    out: list[Any] = []
    for combo in itertools.product(*lists):
        if len(out) >= limit:
            state["limit_hit"] = True
            break
        out.append(combo)
    return out


def _child_options(game, c, sols, nums):
    if c in sols:
        return sols[c]
    return [_Sol(nums.outcome[c], None, ())]  # a terminal node


def _step(game, node, sols, nums, limit, state) -> list:
    """One backward-induction step at a singleton information set."""
    h = node.infoset
    own = nums.outcome[node.index]
    options = [_child_options(game, c, sols, nums) for c in node.children]
    below_roots = tuple(node.children)
    out = []
    if h.player == CHANCE:
        probs = nums.chance[id(h)]
        for combo in _product(options, limit, state):
            pay = list(own)
            for p, s in zip(probs, combo):
                for i in range(len(pay)):
                    pay[i] += p * s.payoff[i]
            out.append(_Sol(tuple(pay), {}, tuple(zip(below_roots, combo))))
        return out
    i = h.player
    m = len(h.actions)
    # Fast path: every child has one equilibrium (the common case in big trees).
    if all(len(o) == 1 for o in options):
        combos = [tuple(o[0] for o in options)]
    else:
        combos = _product(options, limit, state)
    for combo in combos:
        vals = [s.payoff[i] for s in combo]
        best = max(vals)
        # Exact payoffs tie exactly; float ones within rounding of the best.
        slack = 0 if nums.exact and all(c.exact for c in combo) else 1e-12 * max(1.0, abs(float(best)))
        tied = [a for a in range(m) if best - vals[a] <= slack]
        if len(tied) > 1:
            state["ties"].append(f"{game.players[i]}'s move at {node.label or h.label or f'node {node.index}'}")
        for a in tied:
            if len(out) >= limit:
                state["limit_hit"] = True
                break
            probs = [nums.zero] * m
            probs[a] = nums.one
            total = tuple(x + y for x, y in zip(own, combo[a].payoff))
            out.append(_Sol(total, {(i, h.number): probs}, tuple(zip(below_roots, combo))))
    return out


def _reduced_nodes(game, r, root_set) -> list[int]:
    """The nodes of the subgame at ``r`` outside the proper subgames below it (pre-order)."""
    out = []
    stack = [r]
    while stack:
        v = stack.pop()
        out.append(v)
        if v != r and v in root_set:
            continue
        stack.extend(reversed(game.nodes[v].children))
    return out


def _solve_subgame(game, r, root_set, sols, nums, exact, limit, method, state) -> list:
    """Solve the subgame at ``r`` through the reduced normal form of its own part."""
    nodes = _reduced_nodes(game, r, root_set)
    leaves_below = [v for v in nodes if v != r and v in root_set]
    movers = sorted({game.nodes[v].infoset.player for v in nodes
                     if game.nodes[v].children and not (v != r and v in root_set)
                     and game.nodes[v].infoset.player != CHANCE})
    m = method if method != "auto" else _auto_method(len(movers))
    out: list[_Sol] = []
    for combo in _product([sols[s] for s in leaves_below], limit, state):
        chosen = dict(zip(leaves_below, combo))
        exact_below = exact and all(s.exact for s in combo)
        sub, node_map, infoset_map = _build_subtree(game, r, nodes, root_set, chosen, nums, movers, exact_below)
        nf = sub.to_normal_form()
        state["solved"] += 1
        res = _solve_cached(nf, m, exact_below, state, game.nodes[r].label or f"node {r}")
        if not res.complete and res.method == m:
            state["complete"] = False
            state["warnings"].append(f"the subgame at node {game.nodes[r].label or r} was solved with "
                                     f"{m!r}, which does not guarantee every equilibrium")
        if any(len(c.extreme) > 1 for c in res.components):
            state["continuum"] = True
            state["warnings"].append(f"the subgame at node {game.nodes[r].label or r} has a continuum of "
                                     "equilibria; its extreme equilibria are combined")
        where = game.nodes[r].label or f"node {r}"
        state["warnings"].extend(f"subgame at {where}: {w}" for w in res.warnings)
        for eq in res.equilibria:
            if len(out) >= limit:
                state["limit_hit"] = True
                break
            beh = MixedBehaviorProfile.from_mixed(sub, eq)
            assign = {}
            for (i, num), (si, snum) in infoset_map.items():
                assign[(i, num)] = list(beh.probabilities[si][snum - 1])
            pay = _reduced_value(game, r, nodes, root_set, assign, chosen, nums)
            out.append(_Sol(pay, assign, tuple(chosen.items()), exact_below and bool(getattr(eq, "exact", True))))
        if len(out) >= limit:
            break
    return out


def _solve_cached(nf, method: str, exact: bool, state, where: str):
    """:func:`_solve_bounded`, reused through ``state["cache"]`` (exact mode only).

    The key is the subgame's reduced normal form with its payoffs mapped
    affinely onto ``[0, 1]`` (one ``lo`` and one ``span`` for all players,
    exactly), which is the game every normal-form solver used here actually
    solves: ``pure``, ``enummixed``, ``enumpoly`` and ``simpdiv`` are
    decorated with :func:`._scale.scale_invariant`, which makes that very map
    first, and iterated elimination of strictly dominated strategies normalises
    the same way before its linear programmes and compares exactly after.  Two
    subgames with the same key are therefore solved identically, equilibria
    as probability vectors.  What ``_solve_bounded`` records in ``state`` is
    replayed on a hit.  Every equilibrium of the tree is still verified.
    """
    cache = state.get("cache")
    if cache is None:
        return _solve_bounded(nf, method, exact, state, where)
    flat = [v for arr in nf.payoffs for v in arr.flat]
    lo = min(flat) if flat else 0
    span = (max(flat) - lo) if flat else 1
    # exact is part of the key: Fraction(1, 2) == 0.5 (and hashes alike), so a subgame
    # solved in floats (below an irrational equilibrium) must not meet an exact one.
    key = (method, exact, state.get("subgame_limit"), where, nf.shape,
           tuple(tuple(s) for s in nf.strategies), tuple((v - lo) / (span or 1) for v in flat))
    hit = cache.get(key)
    if hit is None:
        own = {"complete": True, "warnings": [], "subgame_limit": state.get("subgame_limit")}
        res = _solve_bounded(nf, method, exact, own, where)
        hit = cache[key] = (res, tuple(own["warnings"]), own["complete"])
    res, warns, still_complete = hit
    state["warnings"].extend(warns)
    state["complete"] = state["complete"] and still_complete
    return res


def _solve_bounded(nf, method: str, exact: bool, state, where: str):
    """``solve(nf, method)``, within ``state["subgame_limit"]`` for n-player ``enumpoly``.

    Iterated elimination of strictly dominated strategies keeps every Nash
    equilibrium (Maschler, Solan & Zamir 2013, ch. 4), so a subgame whose
    reduced form fits the limit is still solved completely; a larger one gets
    its pure equilibria (complete for pure equilibria) or, when there is none,
    one ``simpdiv`` equilibrium, and the result is flagged not complete.
    """
    import math

    from . import solve
    limit = state.get("subgame_limit")
    if method != "enumpoly" or limit is None or math.prod(nf.shape) <= limit:
        return solve(nf, method=method, exact=exact)
    from .dominance import iterated_elimination
    reduced: Any = iterated_elimination(nf, "strict", exact=exact).reduced
    if math.prod(reduced.shape) <= limit:
        inner = solve(reduced, method="enumpoly", exact=exact)
        from ..game import MixedStrategyProfile
        keep = [[nf.strategy(i, lab) for lab in reduced.strategies[i]] for i in range(nf.n_players)]
        zero = Fraction(0) if exact else 0.0
        lifted = []
        for eq in inner.equilibria:
            probs = []
            for i, p in enumerate(eq.probabilities):
                full = [zero] * nf.shape[i]
                for k, x in zip(keep[i], p):
                    full[k] = x
                probs.append(full)
            lifted.append(MixedStrategyProfile(nf, probs, exact=exact))
        return make_result(nf, "enumpoly", lifted, exact=exact, tolerance=None if exact else inner.tolerance,
                           complete=inner.complete, warnings=inner.warnings, components=())
    res = solve(nf, method="pure", exact=exact)
    name = "pure"
    if not res.equilibria:
        res = solve(nf, method="simpdiv", exact=exact)
        name = "simpdiv"
    state["complete"] = False
    state["warnings"].append(
        f"the subgame at {where} has {math.prod(reduced.shape)} pure profiles after eliminating strictly "
        f"dominated strategies, above the limit of {limit} for a complete n-player solve; "
        f"only {'its pure equilibria are' if name == 'pure' else 'one simpdiv equilibrium is'} used")
    return make_result(nf, name, res.equilibria, exact=exact, tolerance=None if exact else res.tolerance,
                       complete=False, warnings=res.warnings, verify=False)


def _build_subtree(game, r, nodes, root_set, chosen, nums, movers, exact):
    """The subgame's own part as a tree for the movers, lower subgames replaced by payoffs."""
    sub = ExtensiveFormGame([game.players[i] for i in movers], title=f"subgame at node {r}")
    pos = {i: k for k, i in enumerate(movers)}
    node_map = {r: 0}
    infoset_map = {}
    for v in nodes:
        node = game.nodes[v]
        sv = node_map[v]
        if v != r and v in root_set:
            sub.set_outcome(sv, [chosen[v].payoff[i] for i in movers])
            continue
        own = nums.outcome[v]
        if node.outcome is not None:
            sub.set_outcome(sv, [own[i] for i in movers])
        if not node.children:
            continue
        h = node.infoset
        if h.player == CHANCE:
            kids = sub.append_chance(sv, list(h.actions), list(h.probabilities))
        else:
            key = f"{h.player}:{h.number}"
            kids = sub.append_move(sv, pos[h.player], list(h.actions), infoset=key)
            sh = sub.nodes[sv].infoset
            assert sh is not None  # append_move just gave the node an information set
            infoset_map[(h.player, h.number)] = (pos[h.player], sh.number)
        for c, kid in zip(node.children, kids):
            node_map[c] = kid.index
    return sub, node_map, infoset_map


def _reduced_value(game, r, nodes, root_set, assign, chosen, nums):
    """Expected payoff vector of the subgame at ``r`` under ``assign`` (iterative, bottom-up)."""
    n = game.n_players
    vals = {}
    for v in reversed(nodes):
        if v != r and v in root_set:
            vals[v] = chosen[v].payoff
            continue
        node = game.nodes[v]
        pay = list(nums.outcome[v])
        if node.children:
            h = node.infoset
            ps = nums.chance[id(h)] if h.player == CHANCE else assign[(h.player, h.number)]
            for c, p in zip(node.children, ps):
                if p != 0:
                    for i in range(n):
                        pay[i] += p * vals[c][i]
        vals[v] = tuple(pay)
    return vals[r]


def _materialize(game, sol, exact) -> MixedBehaviorProfile:
    """The behaviour profile of a solution of the whole game (iterative walk)."""
    probs: list[list[Any]] = [[None] * len(sets) for sets in game.infosets]
    stack = [sol]
    while stack:
        s = stack.pop()
        if s.assign:
            for (i, num), p in s.assign.items():
                probs[i][num - 1] = p
        for _, child in s.below:
            stack.append(child)
    one = Fraction(1) if exact else 1.0
    for i, sets in enumerate(game.infosets):
        for k, h in enumerate(sets):
            if probs[i][k] is None:  # an information set no subgame assigns (cannot happen in a tree)
                probs[i][k] = [one / len(h.actions)] * len(h.actions)
    return MixedBehaviorProfile(game, probs, exact=exact)


def subgame_perfection_regret(profile: MixedBehaviorProfile, roots=None):
    """The largest regret of any player in any proper subgame.

    Zero exactly when ``profile`` is a subgame-perfect equilibrium.  Each
    subgame is checked with its own proper subgames replaced by the profile's
    continuation payoffs, which is equivalent once those are equilibria, and
    keeps the check linear in the size of the tree.
    """
    game = profile.game
    if roots is None:
        roots = subgame_roots(game)
    cut = set(roots)
    worst = Fraction(0) if profile.exact else 0.0
    for r in roots:
        worst = max(worst, max(subgame_regrets(profile, r, cut)))
    return worst


def equilibrium_path(profile: MixedBehaviorProfile) -> list[dict]:
    """The moves played with positive probability, from the root, in pre-order.

    Each entry is ``{"node": index, "player": label or "chance", "action": label,
    "probability": p}`` for a reached decision node and an action it takes.
    """
    game = profile.game
    reach = profile.realization_probabilities()
    out = []
    for node in game.preorder():
        if not node.children or reach[node.index] == 0:
            continue
        h = node.infoset
        assert h is not None  # a node with children has an information set
        for a, c in enumerate(node.children):
            p = profile.action_probability(node, a)
            if p > 0:
                out.append({"node": node.index,
                            "player": "chance" if h.player == CHANCE else game.players[h.player],
                            "action": h.actions[a], "probability": p})
    return out
