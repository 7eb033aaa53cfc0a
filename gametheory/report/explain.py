"""Step-by-step explanations of a game's solution, in plain words (``gametheory explain``).

The text follows the order a class would: each player's best responses, the
iterated elimination of dominated strategies (strict first, then weak when
strict removes nothing; Osborne, *An Introduction to Game Theory*, 2004, ch. 2
and 12), and each Nash equilibrium with the reason it is one: no player gains
by deviating alone, shown by listing every deviation's payoff.

Trees are explained through their reduced strategic form.
"""
from __future__ import annotations

import itertools
from typing import Sequence

import numpy as np

from ..payoffs import format_value

__all__ = ["explain", "explain_best_responses", "explain_dominance", "explain_equilibria",
           "explain_backward_induction"]

#: Longest list of "if the others play ..." lines shown per player.
MAX_PROFILES = 24


def _fmt(x) -> str:
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.4g}"
    return format_value(x)


def _others_text(game, i: int, idx: tuple[int, ...]) -> str:
    parts = [f"{game.players[j]} plays {game.strategies[j][k]}"
             for j, k in zip([j for j in range(game.n_players) if j != i], idx)]
    return " and ".join(parts)


def _join(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def explain_best_responses(game, max_profiles: int = MAX_PROFILES) -> list[str]:
    """Lines naming each player's best responses to every pure profile of the others."""
    P = game.numeric_payoffs(game.kind == "exact")
    lines = ["Best responses (what each player does best against each choice of the others):"]
    for i in range(game.n_players):
        lines.append(f"  {game.players[i]}:")
        others = [j for j in range(game.n_players) if j != i]
        combos = list(itertools.product(*(range(game.shape[j]) for j in others)))
        for idx in combos[:max_profiles]:
            full: list[slice | int] = [slice(None)] * game.n_players
            for j, k in zip(others, idx):
                full[j] = k
            vals = list(P[i][tuple(full)])
            top = max(vals)
            best = [game.strategies[i][k] for k, v in enumerate(vals) if v == top]
            rest = ", ".join(f"{game.strategies[i][k]} gives {_fmt(v)}"
                             for k, v in enumerate(vals) if v != top)
            line = f"    if {_others_text(game, i, idx)}: {_join(best)} (payoff {_fmt(top)})"
            if rest:
                line += f"; {rest}"
            lines.append(line)
        if len(combos) > max_profiles:
            lines.append(f"    ... and {len(combos) - max_profiles} more choices of the others")
    return lines


def _why_dominated(game, step) -> str:
    """The payoff comparison behind one elimination step, against every profile left."""
    i = game.player(step.player)
    k = game.strategy(i, step.strategy)
    P = game.numeric_payoffs(game.kind == "exact")[i]
    mix = {game.strategy(i, s): p for s, p in step.dominator.items()}
    others = [j for j in range(game.n_players) if j != i]
    parts = []
    combos = list(itertools.product(*(range(game.shape[j]) for j in others)))
    for idx in combos[:6]:
        full: list[slice | int] = [slice(None)] * game.n_players
        for j, q in zip(others, idx):
            full[j] = q
        vals = P[tuple(full)]
        dom = sum(p * vals[s] for s, p in mix.items())
        parts.append(f"{_fmt(dom)} vs {_fmt(vals[k])} if {_others_text(game, i, idx)}")
    more = f", ... ({len(combos) - 6} more)" if len(combos) > 6 else ""
    return "; ".join(parts) + more


def explain_dominance(game, kinds: Sequence[str] = ("strict", "weak")) -> list[str]:
    """Lines narrating iterated elimination, round by round, with the payoff comparisons.

    Uses :func:`gametheory.analysis.dominance.iterated_elimination`; weak
    elimination is narrated only when strict elimination removes nothing (its
    result can depend on the order, which is said).
    """
    from ..analysis.dominance import iterated_elimination
    lines = []
    for kind in kinds:
        result = iterated_elimination(game, kind=kind)
        title = "strictly" if kind == "strict" else "weakly"
        lines.append(f"Iterated elimination of {title} dominated strategies:")
        if not result.steps:
            lines.append(f"  No strategy is {title} dominated: nothing can be eliminated.")
            continue
        current = game
        rounds = sorted({s.round for s in result.steps})
        if len(result.steps) > len(rounds):
            lines.append("  (Each round judges every strategy in the game left at the start of the round, "
                         "so a strategy may dominate another in the round it is removed itself.)")
        step_no = 0
        for r in rounds:
            batch = [s for s in result.steps if s.round == r]
            for s in batch:
                step_no += 1
                by = next(iter(s.dominator)) if len(s.dominator) == 1 else (
                    "the mix " + " + ".join(f"{_fmt(p)} {lab}" for lab, p in s.dominator.items()))
                lines.append(f"  Step {step_no} (round {r}): eliminate {s.player}'s {s.strategy}: "
                             f"{by} always does {'better' if kind == 'strict' else 'at least as well'}.")
                lines.append(f"    ({by} vs {s.strategy}: {_why_dominated(current, s)})")
            keep = [list(x) for x in current.strategies]
            for s in batch:
                keep[current.player(s.player)].remove(s.strategy)
            current = current.restrict(keep)
        lines.append("  What survives: " + "; ".join(
            f"{p}: {', '.join(st)}" for p, st in zip(current.players, current.strategies)))
        if all(m == 1 for m in current.shape):
            if kind == "strict":
                lines.append("  One profile survives, so it is the game's only Nash equilibrium "
                             "(strict elimination never removes an equilibrium strategy).")
            else:
                lines.append("  One profile survives: it is a Nash equilibrium (weak elimination may "
                             "have removed others, and its result can depend on the order).")
        if kind == "strict":
            break
    return lines


def _mix_text(game, i, probs) -> str:
    support = [k for k, p in enumerate(probs) if p > 0]
    if len(support) == 1:
        return f"{game.players[i]} plays {game.strategies[i][support[0]]}"
    return f"{game.players[i]} mixes " + " + ".join(
        f"{_fmt(probs[k])} {game.strategies[i][k]}" for k in support)


#: Most equilibria explained one by one (the count line gives the total).
MAX_EXPLAINED = 20


def completeness_phrase(result) -> str:
    """What the list of equilibria in ``result`` covers, in words.

    "all of them" only when the result is complete and has no continuum: with
    a component spanned by several extreme equilibria (a maximal Nash subset,
    Avis et al. 2010) the game has infinitely many equilibria and the list
    holds the extreme ones.
    """
    continua = [c for c in result.components if len(c.extreme) > 1]
    if not result.complete:
        return "those found; there may be others"
    if continua:
        return (f"the extreme ones of {len(result.components)} component(s), {len(continua)} of them "
                "continua: every equilibrium mixes the extreme equilibria of one component")
    return "all of them"


def explain_equilibria(game, result, max_explained: int = MAX_EXPLAINED) -> list[str]:
    """Lines stating each equilibrium and why it is one (every deviation's payoff).

    At most ``max_explained`` equilibria are explained; the heading says how
    many were found and what they cover (:func:`completeness_phrase`).
    """
    n = len(result.equilibria)
    how = completeness_phrase(result)
    shown = f"; the first {max_explained} are explained" if n > max_explained else ""
    lines = [f"Nash equilibria ({n} found by {result.method}; {how}{shown}):"]
    if not n:
        lines.append("  none found.")
    for e, eq in enumerate(result.equilibria[:max_explained]):
        probs = eq.probabilities
        lines.append(f"  Equilibrium {e + 1}: " + "; ".join(_mix_text(game, i, probs[i])
                                                          for i in range(game.n_players)) + ".")
        pay = eq.payoffs()
        lines.append("    Payoffs: " + ", ".join(f"{p} {_fmt(v)}" for p, v in zip(game.players, pay)) + ".")
        lines.append("    Why it is an equilibrium: no player gains by changing strategy alone.")
        for i in range(game.n_players):
            vals = eq.strategy_values(i)
            support = [k for k, p in enumerate(probs[i]) if p > 0]
            devs = [f"{game.strategies[i][k]} would give {_fmt(vals[k])}"
                    for k in range(game.shape[i]) if k not in support]
            if len(support) == 1:
                head = f"{game.players[i]} gets {_fmt(pay[i])} from {game.strategies[i][support[0]]}"
            else:
                head = (f"{game.players[i]} is indifferent: each of "
                        f"{', '.join(game.strategies[i][k] for k in support)} gives {_fmt(pay[i])}")
            tail = ("; " + "; ".join(devs) + f" (none more than {_fmt(pay[i])})") if devs else \
                " (it has no other strategy)" if game.shape[i] == 1 else ""
            lines.append(f"      {head}{tail}.")
    return lines


def explain_backward_induction(tree, max_nodes: int = 40) -> list[str]:
    """Lines narrating backward induction on a perfect-information tree (Kuhn 1953;
    Osborne 2004, section 5.5): from the last moves up, each mover picks the action
    with the highest payoff for itself (the first of tied actions is followed, and
    ties are named); chance nodes pass on their expected payoffs.

    Returns an empty list when the tree has an information set with several nodes.
    """
    from ..game.extensive import CHANCE
    if not tree.is_perfect_information:
        return []
    total = {k: pay for k, _, pay, _ in tree.leaf_data()}   # payoff of each play
    value: dict[int, tuple] = {}
    order = list(tree.preorder())
    lines = ["Backward induction (from the last moves up; payoffs in player order "
             f"{', '.join(tree.players)}):"]
    told = 0
    for node in reversed(order):
        if not node.children:
            value[node.index] = total[node.index]
            continue
        h = node.infoset
        kids = [value[c] for c in node.children]
        if h.player == CHANCE:
            value[node.index] = tuple(sum(p * v[i] for p, v in zip(h.probabilities, kids))
                                      for i in range(tree.n_players))
            continue
        i = h.player
        best = max(v[i] for v in kids)
        winners = [j for j, v in enumerate(kids) if v[i] == best]
        value[node.index] = kids[winners[0]]
        if told < max_nodes:
            where = " then ".join(p.actions[a] for p, a in tree.path(node)) or "the start"
            where = "at the start" if where == "the start" else f"after {where}"
            options = "; ".join(f"{h.actions[j]} gives it {_fmt(v[i])}" for j, v in enumerate(kids))
            pick = " or ".join(h.actions[j] for j in winners)
            tie = " (a tie: the first is followed below)" if len(winners) > 1 else ""
            lines.append(f"  {tree.players[i]} {where}: {options}; it chooses {pick}{tie}.")
            told += 1
    if told >= max_nodes:
        lines.append(f"  ... ({sum(1 for n in order if n.children) - told} more decision nodes)")
    lines.append("  Outcome: " + ", ".join(f"{p} {_fmt(v)}" for p, v in zip(tree.players, value[0])) + ".")
    return lines


def explain(game, params: dict | None = None, method: str = "auto",
            max_profiles: int = MAX_PROFILES) -> str:
    """The whole explanation of ``game`` (at ``params``) as text.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        A tree is explained through its reduced strategic form.
    params : dict, optional
        Parameter values (defaults for the rest).
    method : str
        The equilibrium method (``"auto"``: all equilibria of two-player games).
    """
    from ..game import ExtensiveFormGame
    from ..solvers import solve
    game = game.substitute(**(params or {}))
    lines = []
    title = game.title or "The game"
    lines.append(title)
    lines.append("=" * len(title))
    if isinstance(game, ExtensiveFormGame):
        backward = explain_backward_induction(game)
        if backward:
            lines += backward
            lines.append("")
        lines.append("This is a game tree; what follows uses its reduced strategic form, "
                     "where a strategy is a complete plan of a player's moves (actions joined by '/').")
        game = game.to_normal_form()
    values = game.metadata.get("parameter_values")
    if values:
        lines.append("Parameters: " + ", ".join(f"{k} = {_fmt(v)}" for k, v in values.items()))
    lines.append("Players and strategies: " + "; ".join(
        f"{p} ({', '.join(s)})" for p, s in zip(game.players, game.strategies)))
    lines.append("")
    lines += explain_best_responses(game, max_profiles)
    lines.append("")
    lines += explain_dominance(game)
    lines.append("")
    result = solve(game, method=method)
    lines += explain_equilibria(result.game if hasattr(result.game, "shape") else game, result)
    return "\n".join(lines) + "\n"
