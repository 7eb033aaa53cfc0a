"""Extensive-form (game tree) games.

Conventions
-----------
* Nodes are numbered in creation order; the root is node ``0``.  ``game.nodes[k]``
  is a :class:`Node`; ``node.children[j]`` is reached by action ``j`` of the
  node's information set.
* Players are ordered as given; chance is not a player and has player index
  :data:`CHANCE` (``-1``).
* Information sets are numbered per player in order of creation
  (``game.infosets[i][k]`` has ``number == k + 1``, Gambit's numbering).  Chance
  nodes each carry their own chance information set (in ``game.chance_infosets``).
* An outcome (:class:`Outcome`) may hang on any node; the payoff of a play is the
  sum of the outcomes met on its path (as in Gambit).  Outcome payoffs are
  Fractions, floats or sympy expressions; chance probabilities are Fractions or
  sympy expressions that must add up to 1.
* Every walk over the tree is iterative (explicit stacks), so trees tens of
  thousands of levels deep are fine.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterator, Mapping, Sequence

import numpy as np

from .. import limits as _limits
from ..exceptions import InvalidGameError, LabelError, UnsupportedGameError
from ..payoffs import evaluate, is_symbolic, normalize, to_fraction
from . import display
from .normal import (DUPLICATES, NormalFormGame, _check_labels, _parameter_dict,
                     check_table_size, resolve_index)

CHANCE = -1

#: Default of the largest normal form (players x profiles) that to_normal_form
#: builds; the limit in force is ``gametheory.limits.current().plans``.
MAX_NORMAL_FORM_PROFILES = _limits.Limits.plans

#: One terminal node in :meth:`ExtensiveFormGame.leaf_data`: its index, the chance
#: probability of reaching it, the payoffs, and each player's ``{infoset number: action
#: index or None}`` moves on the path.
Leaf = tuple[int, Any, tuple[Any, ...], tuple[dict[int, int | None], ...]]


@dataclass(eq=False)
class Outcome:
    """Payoffs attached to a node, with the reasons for them."""

    payoffs: tuple
    label: str = ""
    rationale: str = ""
    source: str = ""
    index: int = -1


@dataclass(eq=False)
class Infoset:
    """An information set: nodes of one player (or chance) that share their actions.

    ``probabilities`` is set for chance information sets only.
    """

    player: int
    actions: tuple[str, ...]
    label: str = ""
    number: int = 0
    probabilities: tuple | None = None
    members: list[int] = field(default_factory=list)

    @property
    def is_chance(self) -> bool:
        return self.player == CHANCE


@dataclass(eq=False)
class Node:
    """A node of the tree; see the module docstring for the conventions."""

    index: int
    parent: int | None = None
    label: str = ""
    infoset: Infoset | None = None
    children: list[int] = field(default_factory=list)
    outcome: Outcome | None = None
    depth: int = 0

    @property
    def is_terminal(self) -> bool:
        return not self.children

    @property
    def is_chance(self) -> bool:
        return self.infoset is not None and self.infoset.player == CHANCE

    @property
    def player(self) -> int | None:
        """The mover's index, :data:`CHANCE` for chance, ``None`` at a terminal node."""
        return None if self.infoset is None else self.infoset.player

    @property
    def actions(self) -> tuple[str, ...]:
        return () if self.infoset is None else self.infoset.actions


class ExtensiveFormGame:
    """A finite game tree with chance moves, information sets and outcomes.

    Build one with :meth:`new_tree` and the editing verbs :meth:`append_move`,
    :meth:`append_chance` and :meth:`set_outcome`; read one with
    :func:`gametheory.load`.
    """

    def __init__(self, players: Sequence[str], *, title: str = "", description: str = "",
                 parameters=None, metadata: Mapping | None = None):
        self._players = _check_labels(list(players), "player")
        if not self._players:
            raise InvalidGameError("a game needs at least one player")
        self.title = title
        self.description = description
        self.parameters = _parameter_dict(parameters)
        self.metadata = dict(metadata or {})
        self.nodes: list[Node] = [Node(0)]
        self.infosets: list[list[Infoset]] = [[] for _ in self._players]
        self.chance_infosets: list[Infoset] = []
        self.outcomes: list[Outcome] = []

    @classmethod
    def new_tree(cls, players: Sequence[str], **kwargs) -> "ExtensiveFormGame":
        """An empty tree (a single terminal root) for the given players."""
        return cls(players, **kwargs)

    # ------------------------------------------------------------------ structure
    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def n_players(self) -> int:
        return len(self._players)

    @property
    def root(self) -> Node:
        return self.nodes[0]

    def player(self, key) -> int:
        """Index of a player given by label or index (``"chance"`` gives :data:`CHANCE`)."""
        if key == CHANCE or (isinstance(key, str) and key.lower() == "chance" and key not in self._players):
            return CHANCE
        return resolve_index(self._players, key, "player")

    def node(self, key) -> Node:
        """A node given as a Node, an index, or a unique node label."""
        if isinstance(key, Node):
            return key
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            return self.nodes[int(key)]
        matches = [n for n in self.nodes if n.label == key]
        if len(matches) != 1:
            raise LabelError(f"{'no' if not matches else 'more than one'} node labelled {key!r}")
        return matches[0]

    def infoset(self, player, key) -> Infoset:
        """One of ``player``'s information sets, by Infoset, 0-based index or label."""
        if isinstance(key, Infoset):
            return key
        i = self.player(player)
        sets = self.chance_infosets if i == CHANCE else self.infosets[i]
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            return sets[int(key)]
        matches = [h for h in sets if h.label == key]
        if len(matches) != 1:
            raise LabelError(f"{'no' if not matches else 'more than one'} information set {key!r} "
                           f"of {self._players[i] if i != CHANCE else 'chance'}")
        return matches[0]

    def all_infosets(self) -> list[Infoset]:
        """Every player information set, players in order, then numbers in order."""
        return [h for sets in self.infosets for h in sets]

    # ------------------------------------------------------------------ editing
    def _new_children(self, node: Node, count: int) -> list[Node]:
        if node.children:
            raise InvalidGameError(f"node {node.index} already has a move")
        kids = []
        for _ in range(count):
            child = Node(len(self.nodes), parent=node.index, depth=node.depth + 1)
            self.nodes.append(child)
            node.children.append(child.index)
            kids.append(child)
        return kids

    def append_move(self, node, player, actions: Sequence[str] | None = None, *,
                    infoset=None, label: str | None = None) -> list[Node]:
        """Make ``node`` a decision node of ``player`` and create its children.

        Parameters
        ----------
        node : Node or int or str
        player : str or int
        actions : sequence of str, optional
            Action labels; may be omitted when joining an existing ``infoset``.
        infoset : Infoset or str, optional
            Join this information set (by object or label); created when its
            label is new.
        label : str, optional
            The node's label.

        Returns
        -------
        list of Node
            The new children, one per action.
        """
        node = self.node(node)
        i = self.player(player)
        if i == CHANCE:
            raise InvalidGameError("use append_chance for chance moves")
        h = None
        if isinstance(infoset, Infoset):
            h = infoset
        elif infoset is not None:
            found = [x for x in self.infosets[i] if x.label == infoset]
            h = found[0] if found else None
        if h is not None:
            if h.player != i:
                raise InvalidGameError(f"information set {h.label!r} belongs to another player")
            if actions is not None and tuple(actions) != h.actions:
                raise InvalidGameError(
                    f"node {label or node.index!r} joins information set {h.label!r} with actions "
                    f"{list(actions)}, but the set's actions are {list(h.actions)}")
        else:
            if actions is None:
                raise InvalidGameError("a new information set needs its actions")
            acts = _check_labels(list(actions), "action", not self.metadata.get(DUPLICATES))
            if not acts:
                raise InvalidGameError("a move needs at least one action")
            h = Infoset(i, acts, label=infoset if isinstance(infoset, str) else "",
                        number=len(self.infosets[i]) + 1)
            self.infosets[i].append(h)
        if node.children:
            raise InvalidGameError(f"node {node.index} already has a move")
        node.infoset = h
        h.members.append(node.index)
        if label is not None:
            node.label = label
        return self._new_children(node, len(h.actions))

    def append_chance(self, node, actions: Sequence[str], probabilities: Sequence, *,
                      label: str | None = None, infoset_label: str = "") -> list[Node]:
        """Make ``node`` a chance node; ``probabilities`` are exact (or symbolic) and sum to 1."""
        node = self.node(node)
        acts = _check_labels(list(actions), "chance action")
        if len(probabilities) != len(acts):
            raise InvalidGameError(f"{len(acts)} chance actions but {len(probabilities)} probabilities")
        probs = tuple(normalize(p, where=f"probability {k + 1}") for k, p in enumerate(probabilities))
        if any(isinstance(p, float) for p in probs) and not any(is_symbolic(p) for p in probs):
            # Floats are read as the decimals they print as (0.25 is 1/4) when that adds
            # up to exactly 1; otherwise (a float sweep substituting p = 0.1 + 0.2 into
            # p and 1 - p) they stay floats, checked with a tolerance.
            exact = tuple(to_fraction(p) for p in probs)
            probs = exact if sum(exact) == 1 else tuple(float(p) for p in probs)
        _check_probabilities(probs, f"chance node {label or node.index}")
        if node.children:
            raise InvalidGameError(f"node {node.index} already has a move")
        h = Infoset(CHANCE, acts, label=infoset_label, number=len(self.chance_infosets) + 1,
                    probabilities=probs)
        self.chance_infosets.append(h)
        h.members.append(node.index)
        node.infoset = h
        if label is not None:
            node.label = label
        return self._new_children(node, len(acts))

    def add_outcome(self, payoffs: Sequence, *, label: str = "", rationale: str = "",
                    source: str = "") -> Outcome:
        """A new outcome (payoffs in player order, or a mapping player label -> payoff)."""
        if isinstance(payoffs, Mapping):
            vals: list[Any] = [None] * self.n_players
            for k, v in payoffs.items():
                vals[self.player(k)] = v
            if any(v is None for v in vals):
                raise InvalidGameError(f"outcome {label!r} does not give every player a payoff")
            payoffs = vals
        if len(payoffs) != self.n_players:
            raise InvalidGameError(
                f"outcome {label!r} has {len(payoffs)} payoffs, expected {self.n_players} (one per player)")
        values = tuple(normalize(v, where=f"outcome {label!r} payoff {k + 1}") for k, v in enumerate(payoffs))
        out = Outcome(values, label=label, rationale=rationale, source=source, index=len(self.outcomes))
        self.outcomes.append(out)
        return out

    def set_outcome(self, node, outcome, **kwargs) -> Outcome:
        """Attach an outcome (an Outcome, or payoffs to make a new one) to ``node``."""
        node = self.node(node)
        if not isinstance(outcome, Outcome):
            outcome = self.add_outcome(outcome, **kwargs)
        node.outcome = outcome
        return outcome

    # ------------------------------------------------------------------ walks
    def preorder(self, start=0) -> Iterator[Node]:
        """Nodes in depth-first pre-order (children in action order), iteratively."""
        stack = [self.node(start).index]
        nodes = self.nodes
        while stack:
            node = nodes[stack.pop()]
            yield node
            stack.extend(reversed(node.children))

    def terminal_nodes(self) -> list[Node]:
        return [n for n in self.preorder() if not n.children]

    def path(self, node) -> list[tuple[Node, int]]:
        """The (node, action index) pairs from the root down to ``node`` (excluded)."""
        node = self.node(node)
        out = []
        while node.parent is not None:
            parent = self.nodes[node.parent]
            out.append((parent, parent.children.index(node.index)))
            node = parent
        out.reverse()
        return out

    @property
    def depth(self) -> int:
        return max(n.depth for n in self.nodes)

    # ------------------------------------------------------------------ kinds and parameters
    def _values(self) -> Iterator:
        for o in self.outcomes:
            yield from o.payoffs
        for h in self.chance_infosets:
            yield from h.probabilities or ()

    @property
    def kind(self) -> str:
        """``"exact"``, ``"float"`` or ``"symbolic"`` (like :attr:`NormalFormGame.kind`)."""
        vals = list(self._values())
        if any(is_symbolic(v) for v in vals):
            return "symbolic"
        if vals and any(isinstance(v, float) for v in vals):
            return "float"
        return "exact"

    @property
    def is_symbolic(self) -> bool:
        return self.kind == "symbolic"

    def parameter_values(self, **overrides) -> dict[str, Any]:
        unknown = sorted(set(overrides) - set(self.parameters))
        if unknown:
            raise InvalidGameError(
                f"unknown parameter(s) {', '.join(unknown)}; the game declares "
                f"{', '.join(self.parameters) or 'none'}")
        values = {k: p.default for k, p in self.parameters.items() if p.default is not None}
        values.update(overrides)
        return values

    def substitute(self, **params) -> "ExtensiveFormGame":
        """A numeric copy with parameter values substituted (defaults for the rest)."""
        values = self.parameter_values(**params)
        if not self.is_symbolic:
            return self
        game = self.copy()
        for o in game.outcomes:
            o.payoffs = tuple(evaluate(v, values, where=f"outcome {o.label!r}") for v in o.payoffs)
        for h in game.chance_infosets:
            h.probabilities = tuple(evaluate(v, values, where=f"chance probabilities {h.label!r}")
                                    for v in h.probabilities or ())
            _check_probabilities(h.probabilities, f"chance information set {h.label or h.number}")
        game.metadata = {**self.metadata, "parameter_values": dict(values)}
        return game

    def copy(self) -> "ExtensiveFormGame":
        """A deep copy of the tree (payoff values are immutable and shared)."""
        g = ExtensiveFormGame(self._players, title=self.title, description=self.description,
                              parameters=self.parameters, metadata=self.metadata)
        g.outcomes = [Outcome(o.payoffs, o.label, o.rationale, o.source, o.index) for o in self.outcomes]
        g.infosets = [[Infoset(h.player, h.actions, h.label, h.number, h.probabilities, list(h.members))
                       for h in sets] for sets in self.infosets]
        g.chance_infosets = [Infoset(h.player, h.actions, h.label, h.number, h.probabilities, list(h.members))
                             for h in self.chance_infosets]
        g.nodes = []
        for n in self.nodes:
            h = None
            if n.infoset is not None:
                h = (g.chance_infosets if n.infoset.player == CHANCE
                     else g.infosets[n.infoset.player])[n.infoset.number - 1]
            g.nodes.append(Node(n.index, n.parent, n.label, h, list(n.children),
                                None if n.outcome is None else g.outcomes[n.outcome.index], n.depth))
        return g

    # ------------------------------------------------------------------ checks
    def validate(self) -> None:
        """Check the tree: chance probabilities, actions per node, payoff counts.

        Raises
        ------
        InvalidGameError
        """
        for h in self.chance_infosets:
            _check_probabilities(h.probabilities or (), f"chance node {h.label or h.members}")
        for n in self.nodes:
            if n.infoset is not None and len(n.children) != len(n.infoset.actions):
                raise InvalidGameError(
                    f"node {n.label or n.index} has {len(n.children)} children for "
                    f"{len(n.infoset.actions)} actions")
        for o in self.outcomes:
            if len(o.payoffs) != self.n_players:
                raise InvalidGameError(f"outcome {o.label!r} has {len(o.payoffs)} payoffs, "
                                       f"expected {self.n_players}")
        for sets in self.infosets:
            for h in sets:
                if not h.members:
                    raise InvalidGameError(f"information set {h.label or h.number} has no node")

    def own_histories(self) -> dict[int, tuple[int, int, int] | None]:
        """For each decision node, the mover's last own (infoset, action) before it.

        Returned as ``{node index: (player, infoset number, action index) or None}``.
        """
        last: dict[int, tuple[int, int, int] | None] = {}
        stack: list[tuple[int, tuple[tuple[int, int, int] | None, ...]]] = [
            (0, (None,) * self.n_players)]
        while stack:
            k, hist = stack.pop()
            node = self.nodes[k]
            h = node.infoset
            if h is not None and h.player != CHANCE:
                last[k] = hist[h.player]
            for j, c in enumerate(node.children):
                if h is not None and h.player != CHANCE:
                    new = list(hist)
                    new[h.player] = (h.player, h.number, j)
                    stack.append((c, tuple(new)))
                else:
                    stack.append((c, hist))
        return last

    def perfect_recall_violations(self) -> list[str]:
        """Descriptions of the information sets at which some player forgets."""
        last = self.own_histories()
        problems = []
        for i, sets in enumerate(self.infosets):
            for h in sets:
                seen = {last[m] for m in h.members}
                if len(seen) > 1:
                    problems.append(
                        f"{self._players[i]} at information set {h.label or h.number} cannot tell "
                        f"apart nodes reached by different own earlier moves")
        # A node and its descendant in one information set.
        for h in self.all_infosets():
            members = set(h.members)
            if len(members) < 2:
                continue
            for m in h.members:
                p = self.nodes[m].parent
                while p is not None:
                    if p in members:
                        problems.append(f"information set {h.label or h.number} of "
                                        f"{self._players[h.player]} contains a node and its descendant")
                        break
                    p = self.nodes[p].parent
                else:
                    continue
                break
        return problems

    @property
    def has_perfect_recall(self) -> bool:
        return not self.perfect_recall_violations()

    def check_perfect_recall(self) -> None:
        """Raise InvalidGameError naming the first information set without perfect recall."""
        problems = self.perfect_recall_violations()
        if problems:
            raise InvalidGameError("imperfect recall: " + problems[0] +
                                   (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))

    @property
    def is_perfect_information(self) -> bool:
        return all(len(h.members) == 1 for h in self.all_infosets())

    # ------------------------------------------------------------------ payoffs of plays
    def leaf_data(self) -> list[Leaf]:
        """For each terminal node: its index, chance probability, payoffs and each
        player's own (infoset number, action index) moves on the path.

        Returns a list of ``(node, prob, payoffs, moves)`` with ``moves[i]`` a dict
        ``{infoset number: action index}`` for player ``i``.  Iterative.  When a
        path takes different actions at one information set (an absent-minded
        player, Piccione & Rubinstein 1997) the entry is ``None``: no pure
        strategy reaches that leaf.
        """
        zero = Fraction(0)
        out: list[Leaf] = []
        n = self.n_players
        stack: list[Leaf] = [(0, Fraction(1), (zero,) * n, tuple({} for _ in range(n)))]
        while stack:
            k, prob, pay, moves = stack.pop()
            node = self.nodes[k]
            if node.outcome is not None:
                pay = tuple(a + b for a, b in zip(pay, node.outcome.payoffs))
            if not node.children:
                out.append((k, prob, pay, moves))
                continue
            h = node.infoset
            assert h is not None  # a node with children has a move
            for j in range(len(node.children) - 1, -1, -1):
                c = node.children[j]
                if h.player == CHANCE:
                    assert h.probabilities is not None  # set on every chance information set
                    stack.append((c, prob * h.probabilities[j], pay, moves))
                else:
                    new = list(moves)
                    d = dict(moves[h.player])
                    d[h.number] = j if d.get(h.number, j) == j else None
                    new[h.player] = d
                    stack.append((c, prob, pay, tuple(new)))
        return out

    # ------------------------------------------------------------------ normal form
    def _infoset_forest(self, i: int, last=None):
        """Player ``i``'s information sets as a forest: ``{(number, action) or None:
        [numbers of the sets that action leads to first]}``, and the sets in
        pre-order (parents before children)."""
        last = self.own_histories() if last is None else last
        children: dict[Any, list[int]] = {}
        for h in self.infosets[i]:
            parent = last[h.members[0]]
            key = None if parent is None else (parent[1], parent[2])
            children.setdefault(key, []).append(h.number)
        order = []
        stack = list(children.get(None, []))
        while stack:
            num = stack.pop()
            order.append(num)
            for a in range(len(self.infosets[i][num - 1].actions)):
                stack.extend(children.get((num, a), []))
        return children, order

    def count_reduced_strategies(self, player, *, last=None) -> int:
        """How many reduced pure strategies ``player`` has, counted without building them.

        A set's count is the sum over its actions of the product of the counts
        of the sets each action leads to; the player's count is the product
        over the sets met first.  The count is capped at the ``plans`` limit
        plus one (it can be astronomically large).
        """
        i = self.player(player)
        children, order = self._infoset_forest(i, last)
        cap = _limits.current().plans + 1
        count: dict[int, int] = {}
        for num in reversed(order):
            total = 0
            for a in range(len(self.infosets[i][num - 1].actions)):
                prod = 1
                for c in children.get((num, a), []):
                    prod = min(cap, prod * count[c])
                total = min(cap, total + prod)
            count[num] = total
        out = 1
        for c in children.get(None, []):
            out = min(cap, out * count[c])
        return out

    def reduced_strategies(self, player) -> list[dict[int, int]]:
        """The player's reduced pure strategies, each ``{infoset number: action index}``.

        Only information sets not excluded by the player's own earlier moves are
        assigned (Kuhn's reduced strategic form).  Requires perfect recall.
        Their number is checked against the ``plans`` limit before any is built.
        """
        i = self.player(player)
        last = self.own_histories()
        n_plans = self.count_reduced_strategies(i, last=last)
        if n_plans > _limits.current().plans:
            raise UnsupportedGameError(_limits.exceeded(
                "plans", f"{self._players[i]} has more than {_limits.current().plans:,} reduced "
                "strategies"))
        children, order = self._infoset_forest(i, last)
        # plans(h): list of dicts for the subtree of infosets under h.
        memo: dict[int, list[dict[int, int]]] = {}
        for num in reversed(order):  # children before parents
            plans = []
            for a in range(len(self.infosets[i][num - 1].actions)):
                subs = [memo[c] for c in children.get((num, a), [])]
                for combo in itertools.product(*subs):
                    plan = {num: a}
                    for part in combo:
                        plan.update(part)
                    plans.append(plan)
            memo[num] = plans
        roots = [memo[c] for c in children.get(None, [])]
        out = []
        for combo in itertools.product(*roots):
            plan = {}
            for part in combo:
                plan.update(part)
            out.append(plan)
        return out

    def strategy_label(self, player, plan: Mapping[int, int]) -> str:
        """A label for a (reduced) pure strategy built from its action labels."""
        i = self.player(player)
        return "/".join(self.infosets[i][num - 1].actions[a] for num, a in sorted(plan.items())) or "(none)"

    def to_normal_form(self, reduced: bool = True) -> NormalFormGame:
        """The (reduced) strategic form.

        With ``reduced`` (the default, which needs perfect recall) strategies that
        differ only at information sets their own earlier moves exclude are
        merged; otherwise every combination of actions is a strategy.  Strategy
        labels join the chosen actions with ``/`` in information-set order.
        Payoffs are exact or symbolic when the tree's are.
        """
        if reduced and not self.has_perfect_recall:
            reduced = False
        # Count every player's strategies, and the table, before building any plan.
        last = self.own_histories() if reduced else None
        counts = []
        cap = _limits.current().plans + 1
        for i in range(self.n_players):
            if reduced:
                counts.append(self.count_reduced_strategies(i, last=last))
            else:
                c = 1
                for h in self.infosets[i]:
                    c = min(cap, c * len(h.actions))
                counts.append(c)
        entries = self.n_players
        for c in counts:
            entries = min(cap, entries * c)
        if entries >= cap or max(counts, default=1) >= cap:
            raise UnsupportedGameError(_limits.exceeded(
                "plans", "a normal form of " + " x ".join(
                    f"{c:,}" if c < cap else "more" for c in counts) +
                f" strategies for {self.n_players} players"))
        check_table_size(self.n_players, counts)
        plans = []
        for i in range(self.n_players):
            if reduced:
                ps = self.reduced_strategies(i)
            else:
                ps = [dict(zip(range(1, len(self.infosets[i]) + 1), combo)) for combo in
                      itertools.product(*(range(len(h.actions)) for h in self.infosets[i]))]
            plans.append(ps)
        labels = []
        for i, ps in enumerate(plans):
            ls = [self.strategy_label(i, p) for p in ps]
            if len(set(ls)) != len(ls):
                ls = ["/".join(f"{self.infosets[i][n - 1].label or n}:{self.infosets[i][n - 1].actions[a]}"
                               for n, a in sorted(p.items())) or "(none)" for p in ps]
            labels.append(ls)
        shape = tuple(len(p) for p in plans)
        payoffs = np.empty((self.n_players,) + shape, dtype=object)
        payoffs.fill(Fraction(0))
        for _, prob, pay, moves in self.leaf_data():
            if prob == 0:
                continue
            consistent = []
            for i in range(self.n_players):
                req = moves[i]
                consistent.append([k for k, p in enumerate(plans[i])
                                   if all(p.get(num) == a for num, a in req.items())])
            block = np.ix_(*consistent)
            for i in range(self.n_players):
                if pay[i] != 0:
                    sub = payoffs[i][block]
                    payoffs[i][block] = sub + prob * pay[i]
        if any(isinstance(v, float) for v in payoffs.flat):
            payoffs = np.array(payoffs, dtype=float)
        game = NormalFormGame(payoffs, self._players, labels, title=self.title,
                              description=self.description, parameters=self.parameters,
                              metadata={**self.metadata, "from_tree": True, "reduced": reduced})
        game.plans = plans  # strategy -> {infoset number: action index}, for conversions
        return game

    # ------------------------------------------------------------------ comparison
    def _signature(self) -> list[list[Any]]:
        sig = []
        for n in self.preorder():
            h = n.infoset
            # chance sets are per node: their numbers carry no information
            entry: list[Any] = [n.label, None if h is None else (
                h.player, None if h.player == CHANCE else h.number, h.actions, h.label,
                h.probabilities if h.player == CHANCE else None)]
            # floats compare by their decimal value, as NormalFormGame.__eq__ does
            entry.append(None if n.outcome is None else (
                tuple(to_fraction(v) if isinstance(v, float) else v for v in n.outcome.payoffs),
                n.outcome.label))
            sig.append(entry)
        return sig

    def __eq__(self, other) -> bool:
        """Exact equality of players, tree shape, labels, probabilities and payoffs."""
        if not isinstance(other, ExtensiveFormGame):
            return NotImplemented
        if self._players != other._players or len(self.nodes) != len(other.nodes):
            return False
        return self._signature() == other._signature()

    # Unhashable (defining __eq__ already removes the hash); typeshed types
    # object.__hash__ as a method, so the explicit None needs the ignore.
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"<ExtensiveFormGame {self.title!r}: {self.n_players} players "
                f"({', '.join(self._players)}), {len(self.nodes)} nodes, {self.kind}>")

    def _repr_html_(self) -> str | None:
        return display.render("game", "html", self)

    def __str__(self) -> str:
        return display.render("game", "text", self) or repr(self)


def _check_probabilities(probs: Sequence, where: str) -> None:
    if any(is_symbolic(p) for p in probs):
        import sympy
        total = sympy.simplify(sum(probs))
        if total != 1:
            raise InvalidGameError(f"{where}: probabilities add up to {total}, expected 1")
        return
    for p in probs:
        if p < 0:
            raise InvalidGameError(f"{where}: negative probability {p}")
    total = sum(probs)
    if isinstance(total, float):
        if abs(total - 1) > 1e-9:
            raise InvalidGameError(f"{where}: probabilities add up to {total}, expected 1")
    elif total != 1:
        raise InvalidGameError(f"{where}: probabilities add up to {total}, expected 1")
