"""The focal player's options and the reaction game each leaves to the others.

An option is a pure strategy of the focal player (a reduced plan in a tree);
its reaction game fixes it (:func:`reaction_game`).  :class:`Reaction` keeps a
reaction game in strategic form with the focal player's payoffs, built once
per game and evaluated at many parameter points.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ...exceptions import InvalidGameError, LabelError, SolverError
from ...payoffs import evaluate, is_symbolic, to_fraction

__all__ = ["Reaction", "expected_payoff", "focal_options", "is_tree", "others_game", "prune_tree",
           "reaction_game", "tree_option_labels", "tree_plan", "tree_route"]


def is_tree(game) -> bool:
    from ...game import ExtensiveFormGame
    return isinstance(game, ExtensiveFormGame)


def focal_options(game, player) -> tuple[str, ...]:
    """The focal player's options: its strategy labels, or its reduced plans' labels in a tree."""
    i = game.player(player)
    if is_tree(game):
        return tree_option_labels(game, i, game.reduced_strategies(i))
    return game.strategies[i]


def tree_option_labels(game, i: int, plans) -> tuple[str, ...]:
    """Plan labels as :meth:`ExtensiveFormGame.to_normal_form` writes them (actions
    joined with ``/``, qualified by information set when two plans would collide)."""
    labels = [game.strategy_label(i, p) for p in plans]
    if len(set(labels)) != len(labels):
        labels = ["/".join(f"{game.infosets[i][n - 1].label or n}:{game.infosets[i][n - 1].actions[a]}"
                           for n, a in sorted(p.items())) or "(none)" for p in plans]
    return tuple(labels)


def tree_plan(game, i, option) -> dict:
    plans = game.reduced_strategies(i)
    labels = list(tree_option_labels(game, i, plans))
    if isinstance(option, Mapping):
        return dict(option)
    if isinstance(option, (int, np.integer)) and not isinstance(option, bool):
        if not -len(plans) <= int(option) < len(plans):
            raise LabelError(f"option index {option} out of range ({len(plans)} options)")
        return plans[int(option)]
    if option in labels:
        return plans[labels.index(option)]
    raise LabelError(f"no option {option!r} of {game.players[i]!r}; known: {', '.join(map(repr, labels))}")


def reaction_game(game, player, option):
    """The game left to the other players once ``player`` is committed to ``option``.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
    player : str or int
    option : str or int (or a plan ``{infoset number: action index}`` for a tree)

    Returns
    -------
    NormalFormGame or ExtensiveFormGame
        For a strategic form: the game of the other players (player order kept)
        with the focal player's payoffs at each of their profiles in the
        attribute ``focal_payoffs`` (an array over their strategies).  For a tree:
        a copy of the tree in which every move of the focal player is replaced by
        the chosen action (outcomes on the way are carried down); the focal
        player stays in the player list with no move left.
    """
    i = game.player(player)
    if is_tree(game):
        plan = tree_plan(game, i, option)
        labels = tree_option_labels(game, i, game.reduced_strategies(i))
        label = option if isinstance(option, str) else next(
            (l for l, p in zip(labels, game.reduced_strategies(i)) if p == plan), game.strategy_label(i, plan))
        return prune_tree(game, i, plan, label)
    k = game.strategy(i, option)
    return others_game(game, i, k)


def others_game(game, i: int, k: int):
    """Strategic form of the others once player ``i`` plays strategy ``k``."""
    from ...game import NormalFormGame
    arr = np.take(game.payoffs, k, axis=i + 1)
    others = [j for j in range(game.n_players) if j != i]
    sub = arr[others]
    g = NormalFormGame(np.array(sub), [game.players[j] for j in others],
                       [game.strategies[j] for j in others], title=game.title,
                       description=game.description, parameters=game.parameters,
                       metadata={**game.metadata, "focal_player": game.players[i],
                                 "focal_option": game.strategies[i][k]})
    focal = np.array(arr[i])
    focal.setflags(write=False)
    g.focal_payoffs = focal  # type: ignore[attr-defined]  # documented extra attribute
    return g


def prune_tree(game, i: int, plan: Mapping[int, int], label: str):
    """A copy of ``game`` with player ``i``'s moves fixed by ``plan`` (iterative walk)."""
    from ...game import ExtensiveFormGame
    from ...game.extensive import CHANCE
    new = ExtensiveFormGame(game.players, title=game.title, description=game.description,
                            parameters=game.parameters,
                            metadata={**game.metadata, "focal_player": game.players[i], "focal_option": label})
    hmap: dict[int, Any] = {}
    omap: dict[int, Any] = {}
    stack = [(0, 0, None)]
    while stack:
        k, nk, carry = stack.pop()
        node = game.nodes[k]
        while node.infoset is not None and node.infoset.player == i:
            if node.outcome is not None:
                carry = node.outcome.payoffs if carry is None else tuple(
                    a + b for a, b in zip(carry, node.outcome.payoffs))
            a = plan.get(node.infoset.number)
            if a is None:
                raise InvalidGameError(f"the plan {label!r} does not say what {game.players[i]} does at "
                                       f"information set {node.infoset.label or node.infoset.number}")
            node = game.nodes[node.children[a]]
        if node.outcome is not None and carry is None:
            o = node.outcome
            if o.index not in omap:
                omap[o.index] = new.add_outcome(o.payoffs, label=o.label, rationale=o.rationale, source=o.source)
            new.set_outcome(nk, omap[o.index])
        elif carry is not None:
            o = node.outcome
            pay = carry if o is None else tuple(a + b for a, b in zip(carry, o.payoffs))
            new.set_outcome(nk, pay, label="" if o is None else o.label,
                            rationale="" if o is None else o.rationale)
        if not node.children:
            continue
        h = node.infoset
        if h.player == CHANCE:
            kids = new.append_chance(nk, h.actions, h.probabilities, label=node.label or None,
                                     infoset_label=h.label)
        else:
            nh = hmap.get(id(h))
            kids = new.append_move(nk, h.player, h.actions if nh is None else None, infoset=nh,
                                   label=node.label or None)
            if nh is None:
                nh = new.nodes[nk].infoset
                if nh is not None:
                    nh.label = h.label
                hmap[id(h)] = nh
        for c, kid in zip(node.children, kids):
            stack.append((c, kid.index, None))
    return new


class Reaction:
    """A reaction game in strategic form: the others' game and the focal payoffs."""

    def __init__(self, game, i: int, option: str):
        self.option = option
        self.tree = None
        self.focal_index = i
        if is_tree(game):
            tree = reaction_game(game, i, option)
            self.tree = tree
            nf = tree.to_normal_form()
            if nf.shape[i] != 1:
                raise SolverError(f"internal error: {game.players[i]} still moves in the reaction game")
            self.game = others_game(nf, i, 0)
        else:
            self.game = others_game(game, i, game.strategy(i, option))
        self.focal = self.game.focal_payoffs

    def numeric(self, values: Mapping, exact: bool):
        """The others' numeric game and the focal payoff array at ``values``."""
        g = self.game.substitute(**values) if self.game.is_symbolic else self.game
        focal = self.focal
        if focal.dtype == object and any(is_symbolic(v) for v in focal.flat):
            flat = [evaluate(v, values) for v in focal.flat]
            out = np.empty(len(flat), dtype=object)
            out[:] = flat
            focal = out.reshape(focal.shape)
        if exact:
            focal = np.array([to_fraction(v) for v in focal.flat] + [None], dtype=object)[:-1].reshape(self.focal.shape)
        else:
            focal = np.array(focal, dtype=float)
        return g, focal


def expected_payoff(focal: np.ndarray, probs: Sequence[np.ndarray]):
    """Expected value of ``focal`` (indexed by the others' strategies) under independent mixes."""
    out = focal
    for p in reversed(probs):
        out = np.tensordot(out, p, axes=([out.ndim - 1], [0]))
    return out[()] if isinstance(out, np.ndarray) else out


def tree_route(r: Reaction, method: str) -> bool:
    """Solve this reaction game as a tree (subgame-perfect equilibria)?"""
    return r.tree is not None and method in ("auto", "spe")


