"""Behaviour strategy profiles on game trees.

A behaviour profile gives every player a probability distribution over the
actions of each of its information sets: ``probs[i][k][a]`` is the probability
that player ``i`` takes action ``a`` at its information set number ``k + 1``
(Gambit's numbering, see :mod:`gametheory.game.extensive`).  Entries are
Fractions (an exact profile) or floats.

Quantities on the tree
----------------------
* The **realisation probability** of a node is the product of the chance and
  behaviour probabilities on the path from the root.
* The **belief** at a node of an information set ``h`` is its realisation
  probability divided by the total over ``h``; it is undefined (``None``) where
  ``h`` is reached with probability zero.
* A player's **regret** is the gain of its best response against the others'
  behaviour.  With perfect recall the best response is found by backward
  induction over the player's own information sets (its sequences form a
  forest): the value of a sequence ``(h, a)`` is the payoff of the plays ending
  with it, weighted by the others' and chance's realisation probabilities, plus
  the best value of each information set that follows it (Kuhn 1953; von
  Stengel 1996, "Efficient computation of behavior strategies", GEB 14).
* Kuhn's theorem makes behaviour and mixed strategies interchangeable under
  perfect recall: :meth:`MixedBehaviorProfile.to_mixed` and
  :meth:`MixedBehaviorProfile.from_mixed` convert through realisation plans.

Every walk is iterative, so trees tens of thousands of levels deep are fine.
"""
from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..exceptions import InvalidGameError, LabelError, UnsupportedGameError
from ..payoffs import format_value, is_symbolic, to_fraction
from .extensive import CHANCE, ExtensiveFormGame
from .profiles import PlayerMix, probability_vector


def _numeric(value, exact: bool):
    if is_symbolic(value):
        raise UnsupportedGameError("the tree is symbolic; call substitute() with parameter values first")
    return to_fraction(value) if exact else float(value)


def infoset_key(h) -> str:
    """The label of an information set in JSON output: its label, else its number."""
    return h.label or str(h.number)


def infoset_keys(sets) -> list[str]:
    """Keys for one player's information sets: :func:`infoset_key`, with ``#number``
    appended to labels that several sets share (so every key is unique)."""
    keys = [infoset_key(h) for h in sets]
    dup = {k for k in keys if keys.count(k) > 1}
    return [f"{k} #{h.number}" if k in dup else k for k, h in zip(keys, sets)]


def _member_names(game, h) -> list[str]:
    names = [game.nodes[m].label or f"node {m}" for m in h.members]
    if len(set(names)) < len(names):
        names = [f"{nm} ({m})" if game.nodes[m].label else nm for nm, m in zip(names, h.members)]
    return names


class _TreeNumbers:
    """Numeric views of a tree's outcomes and chance probabilities (exact or float)."""

    def __init__(self, game: ExtensiveFormGame, exact: bool):
        self.exact = exact
        self.zero = Fraction(0) if exact else 0.0
        self.one = Fraction(1) if exact else 1.0
        n = game.n_players
        zeros = (self.zero,) * n
        self.outcome = [zeros if node.outcome is None else
                        tuple(_numeric(v, exact) for v in node.outcome.payoffs) for node in game.nodes]
        self.chance = {id(h): tuple(_numeric(p, exact) for p in h.probabilities or ())
                       for h in game.chance_infosets}


class PlayerBehavior(Mapping):
    """One player's behaviour strategy: information set label -> {action label: probability}."""

    def __init__(self, infosets, probs):
        self._infosets = list(infosets)
        self._probs = probs
        self._keys = infoset_keys(self._infosets)

    def _index(self, key) -> int:
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            return int(key)
        if key in self._keys:
            return self._keys.index(key)
        raise LabelError(f"no information set {key!r}; known: {', '.join(map(repr, self._keys))}")

    def __getitem__(self, key) -> PlayerMix:
        k = self._index(key)
        return PlayerMix(self._infosets[k].actions, self._probs[k])

    def __iter__(self):
        return iter(self._keys)

    def __len__(self):
        return len(self._keys)

    def __repr__(self):
        return "{" + ", ".join(f"{k!r}: {self[k]!r}" for k in self._keys) + "}"


class MixedBehaviorProfile:
    """A behaviour strategy for every player of an :class:`ExtensiveFormGame`.

    Parameters
    ----------
    game : ExtensiveFormGame
        A numeric tree (substitute parameters first).
    probs : sequence
        ``probs[i][k][a]``: probability of action ``a`` at player ``i``'s
        information set number ``k + 1``.
    exact : bool, optional
        Store Fractions (default: exact unless a probability is a float or the
        tree is a float game).

    Examples
    --------
    >>> from gametheory.game import ExtensiveFormGame
    >>> g = ExtensiveFormGame.new_tree(["A", "B"])
    >>> a, b = g.append_move(0, "A", ["L", "R"])
    >>> _ = g.set_outcome(a, [1, 0]); _ = g.set_outcome(b, [0, 1])
    >>> p = MixedBehaviorProfile(g, [[[1, 0]], []])
    >>> p.payoffs()
    (Fraction(1, 1), Fraction(0, 1))
    """

    def __init__(self, game: ExtensiveFormGame, probs: Sequence, exact: bool | None = None):
        if len(probs) != game.n_players:
            raise InvalidGameError(f"a behaviour profile needs {game.n_players} players' strategies, got {len(probs)}")
        if exact is None:
            exact = game.kind != "float" and not any(
                isinstance(x, (float, np.floating)) for pl in probs for h in pl for x in h)
        out = []
        for i, pl in enumerate(probs):
            sets = game.infosets[i]
            if len(pl) != len(sets):
                raise InvalidGameError(f"player {game.players[i]!r} has {len(sets)} information sets, "
                                       f"got probabilities for {len(pl)}")
            rows = []
            for h, p in zip(sets, pl):
                p = list(p)
                if len(p) != len(h.actions):
                    raise InvalidGameError(
                        f"information set {infoset_key(h)!r} of {game.players[i]!r} has "
                        f"{len(h.actions)} actions, got {len(p)} probabilities")
                rows.append(probability_vector(p, exact))
            out.append(tuple(rows))
        self.game = game
        self.exact = bool(exact)
        self._probs = tuple(out)
        self._cache: dict[str, Any] = {}

    # -------------------------------------------------------------- construction
    @classmethod
    def uniform(cls, game: ExtensiveFormGame, exact: bool | None = None) -> "MixedBehaviorProfile":
        """Every action of every information set equally likely."""
        if exact is None:
            exact = game.kind != "float"
        return cls(game, [[[Fraction(1, len(h.actions)) if exact else 1.0 / len(h.actions)] * len(h.actions)
                           for h in sets] for sets in game.infosets], exact=exact)

    @classmethod
    def pure(cls, game: ExtensiveFormGame, choices) -> "MixedBehaviorProfile":
        """A pure profile from ``choices[i][k]`` = action (label or index) at infoset ``k + 1``."""
        probs = []
        for i, sets in enumerate(game.infosets):
            pl = []
            for h, c in zip(sets, choices[i]):
                a = c if isinstance(c, (int, np.integer)) else h.actions.index(c)
                pl.append([Fraction(int(j == a)) for j in range(len(h.actions))])
            probs.append(pl)
        return cls(game, probs, exact=game.kind != "float")

    # -------------------------------------------------------------- access
    @property
    def probabilities(self) -> tuple:
        """``probabilities[i][k]``: the action probabilities at player ``i``'s infoset ``k + 1``."""
        return self._probs

    def __getitem__(self, key):
        if isinstance(key, tuple):
            out = self[key[0]]
            for k in key[1:]:
                out = out[k]
            return out
        i = self.game.player(key)
        return PlayerBehavior(self.game.infosets[i], self._probs[i])

    def __len__(self):
        return self.game.n_players

    def __iter__(self):
        return (self[i] for i in range(self.game.n_players))

    def _numbers(self) -> _TreeNumbers:
        if "numbers" not in self._cache:
            self._cache["numbers"] = _TreeNumbers(self.game, self.exact)
        return self._cache["numbers"]

    def action_probability(self, node, j):
        """Probability of the ``j``-th action at ``node`` (chance included)."""
        node = self.game.node(node)
        h = node.infoset
        if h.player == CHANCE:
            return self._numbers().chance[id(h)][j]
        return self._probs[h.player][h.number - 1][j]

    def as_float(self) -> "MixedBehaviorProfile":
        return MixedBehaviorProfile(self.game, [[np.array(p, dtype=float) for p in pl] for pl in self._probs],
                                    exact=False)

    # -------------------------------------------------------------- tree quantities
    def realization_probabilities(self) -> list:
        """The probability of reaching each node (indexed by node number)."""
        if "reach" not in self._cache:
            game = self.game
            nums = self._numbers()
            reach = [nums.zero] * len(game.nodes)
            reach[0] = nums.one
            for node in game.preorder():
                r = reach[node.index]
                if not node.children:
                    continue
                h = node.infoset
                assert h is not None  # a node with children has a move
                ps = nums.chance[id(h)] if h.player == CHANCE else self._probs[h.player][h.number - 1]
                for c, p in zip(node.children, ps):
                    reach[c] = r * p
            self._cache["reach"] = reach
        return self._cache["reach"]

    def node_values(self) -> list:
        """Expected payoff vector of the play from each node on (its own outcome included)."""
        if "values" not in self._cache:
            game = self.game
            nums = self._numbers()
            n = game.n_players
            vals: list[Any] = [None] * len(game.nodes)
            for node in reversed(list(game.preorder())):
                v = list(nums.outcome[node.index])
                if node.children:
                    h = node.infoset
                    assert h is not None  # a node with children has a move
                    ps = nums.chance[id(h)] if h.player == CHANCE else self._probs[h.player][h.number - 1]
                    for c, p in zip(node.children, ps):
                        if p != 0:
                            cv = vals[c]
                            for i in range(n):
                                v[i] += p * cv[i]
                vals[node.index] = tuple(v)
            self._cache["values"] = vals
        return self._cache["values"]

    def payoffs(self) -> tuple:
        """Expected payoff of each player, in player order."""
        return self.node_values()[0]

    def payoff(self, player):
        return self.payoffs()[self.game.player(player)]

    def beliefs(self) -> list:
        """``beliefs()[i][k]``: the belief over the members of player ``i``'s infoset ``k + 1``.

        Each is a list aligned with ``infoset.members``, or ``None`` where the
        information set is reached with probability zero.
        """
        reach = self.realization_probabilities()
        out = []
        for sets in self.game.infosets:
            row = []
            for h in sets:
                total = sum((reach[m] for m in h.members), self._numbers().zero)
                row.append(None if total == 0 else [reach[m] / total for m in h.members])
            out.append(row)
        return out

    def infoset_probabilities(self) -> list:
        """``[i][k]``: the probability that player ``i``'s infoset ``k + 1`` is reached."""
        reach = self.realization_probabilities()
        zero = self._numbers().zero
        return [[sum((reach[m] for m in h.members), zero) for h in sets] for sets in self.game.infosets]

    def action_values(self) -> list:
        """``[i][k][a]``: the mover's expected payoff from action ``a`` at infoset ``k + 1``,
        given the beliefs there and the profile afterwards (``None`` where unreached)."""
        vals = self.node_values()
        beliefs = self.beliefs()
        out = []
        for i, sets in enumerate(self.game.infosets):
            row: list[list[Any] | None] = []
            for k, h in enumerate(sets):
                mu = beliefs[i][k]
                if mu is None:
                    row.append(None)
                    continue
                q = []
                for a in range(len(h.actions)):
                    q.append(sum((w * vals[self.game.nodes[m].children[a]][i] for w, m in zip(mu, h.members)),
                                 self._numbers().zero))
                row.append(q)
            out.append(row)
        return out

    def infoset_values(self) -> list:
        """``[i][k]``: the mover's expected payoff at infoset ``k + 1`` given the beliefs (``None`` if unreached)."""
        qs = self.action_values()
        return [[None if q is None else sum((p * v for p, v in zip(self._probs[i][k], q)), self._numbers().zero)
                 for k, q in enumerate(row)] for i, row in enumerate(qs)]

    # -------------------------------------------------------------- regret
    def regrets(self) -> tuple:
        """Each player's regret: best-response payoff against the others minus its payoff.

        Requires perfect recall (:class:`UnsupportedGameError` otherwise).
        """
        if "regrets" not in self._cache:
            self._cache["regrets"] = tuple(
                br - pay for br, pay in zip(*_best_responses(self, 0, None)))
        return self._cache["regrets"]

    def max_regret(self):
        """The largest regret over players: zero exactly at a Nash equilibrium."""
        return max(self.regrets())

    def is_nash(self, tol: float = 0.0) -> bool:
        return self.max_regret() <= tol

    def distribution_error(self):
        """Largest deviation from a distribution at any information set (negativity or sum != 1)."""
        worst = self._numbers().zero
        for pl in self._probs:
            for p in pl:
                worst = max(worst, abs(sum(p) - 1), max(0, -min(p)))
        return worst

    # -------------------------------------------------------------- conversions
    def realization_plan(self, player) -> dict:
        """Player's realisation plan: ``{None: 1, (infoset number, action): probability}``."""
        i = self.game.player(player)
        plan: dict[tuple[int, int] | None, Any] = {None: self._numbers().one}
        parents = sequence_parents(self.game, i)
        for h in self.game.infosets[i]:
            base = plan[parents[h.number]]
            for a, p in enumerate(self._probs[i][h.number - 1]):
                plan[(h.number, a)] = base * p
        return plan

    def to_mixed(self, normal_form=None):
        """The realisation-equivalent mixed profile on ``game.to_normal_form()`` (Kuhn).

        The probability of a (reduced) plan is the product of its actions'
        behaviour probabilities.
        """
        from .profiles import MixedStrategyProfile
        nf = normal_form if normal_form is not None else self.game.to_normal_form()
        plans = getattr(nf, "plans", None)
        if plans is None:
            raise InvalidGameError("the normal form has no plans; build it with ExtensiveFormGame.to_normal_form()")
        probs = []
        for i, ps in enumerate(plans):
            row = []
            for plan in ps:
                v = self._numbers().one
                for num, a in plan.items():
                    v = v * self._probs[i][num - 1][a]
                row.append(v)
            probs.append(row)
        return MixedStrategyProfile(nf, probs, exact=self.exact)

    @classmethod
    def from_mixed(cls, game: ExtensiveFormGame, mixed) -> "MixedBehaviorProfile":
        """The behaviour profile realisation-equivalent to a mixed profile of
        ``game.to_normal_form()`` (Kuhn's theorem; needs perfect recall).

        At an information set the player's own moves exclude, every action gets
        the same probability.
        """
        nf = mixed.game
        plans = getattr(nf, "plans", None)
        if plans is None:
            raise InvalidGameError("the mixed profile's game has no plans; use ExtensiveFormGame.to_normal_form()")
        exact = mixed.exact
        zero, one = (Fraction(0), Fraction(1)) if exact else (0.0, 1.0)
        probs = []
        for i in range(game.n_players):
            parents = sequence_parents(game, i)
            sigma = mixed.probabilities[i]
            weight: dict[tuple[int, int] | None, Any] = {None: zero}
            for plan, s in zip(plans[i], sigma):
                if s == 0:
                    continue
                weight[None] += s
                for seq in _plan_sequences(plan, parents):
                    weight[seq] = weight.get(seq, zero) + s
            row = []
            for h in game.infosets[i]:
                base = weight.get(parents[h.number], zero)
                m = len(h.actions)
                if base == 0:
                    row.append([Fraction(1, m) if exact else 1.0 / m] * m)
                else:
                    row.append([weight.get((h.number, a), zero) / base for a in range(m)])
            probs.append(row)
        return cls(game, probs, exact=exact)

    # -------------------------------------------------------------- output
    def marks(self) -> dict:
        """``{node index: set of action indices played with positive probability}`` at decision nodes."""
        out = {}
        for node in self.game.nodes:
            h = node.infoset
            if h is None or h.player == CHANCE:
                continue
            out[node.index] = {a for a, p in enumerate(self._probs[h.player][h.number - 1]) if p > 0}
        return out

    def to_json(self, exact: bool | None = None) -> dict:
        """``{"infosets", "profile", "labels", "beliefs", "payoffs"}``: see the module docstring.

        ``profile[i][k][a]`` is the probability of action ``a`` at player ``i``'s
        information set number ``infosets[i][k]``; ``labels`` is
        ``{player: {infoset label: {action: p}}}``; ``beliefs`` is
        ``{player: {infoset label: {node label: belief}}}`` with ``null`` where
        the information set is not reached.
        """
        exact = self.exact if exact is None else exact
        conv = (lambda x: format_value(to_fraction(x))) if exact else float
        game = self.game
        beliefs = self.beliefs()
        doc_b = {}
        for i, sets in enumerate(game.infosets):
            d = {}
            for k, (h, key) in enumerate(zip(sets, infoset_keys(sets))):
                names = _member_names(game, h)
                mu = beliefs[i][k]
                d[key] = {nm: (None if mu is None else conv(b)) for nm, b in zip(names, mu or names)}
            doc_b[game.players[i]] = d
        return {
            # profile[i][k] belongs to player i's information set infosets[i][k] (its number
            # in the file: Gambit's .efg numbering, first appearance in YAML trees).
            "infosets": [[h.number for h in sets] for sets in game.infosets],
            "profile": [[[conv(x) for x in p] for p in pl] for pl in self._probs],
            "labels": {game.players[i]: {key: {a: conv(x) for a, x in zip(h.actions, p)}
                                         for h, key, p in zip(game.infosets[i], infoset_keys(game.infosets[i]), pl)}
                       for i, pl in enumerate(self._probs)},
            "beliefs": doc_b,
            "payoffs": [conv(x) for x in self.payoffs()],
        }

    def key(self) -> tuple:
        """A hashable key (exact Fractions, or floats rounded to 9 digits)."""
        if self.exact:
            return tuple(tuple(tuple(p) for p in pl) for pl in self._probs)
        return tuple(tuple(tuple(round(float(x), 9) for x in p) for p in pl) for pl in self._probs)

    def __eq__(self, other):
        if not isinstance(other, MixedBehaviorProfile):
            return NotImplemented
        return self.game is other.game and all(
            np.array_equal(a, b) for pa, pb in zip(self._probs, other._probs) for a, b in zip(pa, pb))

    # Unhashable (defining __eq__ already removes the hash); typeshed types
    # object.__hash__ as a method, so the explicit None needs the ignore.
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self):
        parts = []
        for i, pl in enumerate(self._probs):
            sets = self.game.infosets[i]
            parts.append(f"{self.game.players[i]}: " + ", ".join(
                f"{infoset_key(h)}=[" + ", ".join(format_value(x) for x in p) + "]" for h, p in zip(sets, pl)))
        return "<MixedBehaviorProfile " + "; ".join(parts) + ">"


# ---------------------------------------------------------------------- helpers
def sequence_parents(game: ExtensiveFormGame, player: int) -> dict:
    """``{infoset number: parent sequence}``: the player's last own (infoset number,
    action) before the information set, or ``None``.

    Raises
    ------
    UnsupportedGameError
        If the player does not have perfect recall at some information set.
    """
    last = game.own_histories()
    out = {}
    for h in game.infosets[player]:
        seen = {last[m] for m in h.members}
        if len(seen) != 1:
            raise UnsupportedGameError(
                f"{game.players[player]} has imperfect recall at information set {infoset_key(h)!r}; "
                "behaviour strategies need perfect recall here")
        s = seen.pop()
        out[h.number] = None if s is None else (s[1], s[2])
    return out


def _plan_sequences(plan: Mapping, parents: Mapping) -> list:
    """The sequences ``(h, a)`` a pure plan is consistent with (its path through the infoset forest)."""
    out = []
    ok: dict = {None: True}

    def consistent(seq):
        # Iterative check along parents, memoised.
        chain = []
        s = seq
        while s not in ok:
            chain.append(s)
            num, a = s
            if plan.get(num) != a:
                for c in chain:
                    ok[c] = False
                return False
            s = parents[num]
        result = ok[s]
        for c in chain:
            ok[c] = result
        return result

    for num, a in plan.items():
        if consistent((num, a)):
            out.append((num, a))
    return out


def _best_responses(profile: MixedBehaviorProfile, root: int, cut) -> tuple:
    """Best-response values and current payoffs of every player in the game from ``root``.

    Nodes in ``cut`` (other than ``root``) are treated as leaves worth their
    continuation value under the profile.  Returns ``(best, current)``, two
    tuples in player order.  Needs perfect recall.
    """
    game = profile.game
    nums = profile._numbers()
    n = game.n_players
    zero = nums.zero
    one = nums.one
    probs = profile._probs
    cont = profile.node_values() if cut else None
    payoff = [zero] * n
    # Sequences are (infoset number, action index); None is the empty sequence.
    seqval: list[dict[tuple[int, int] | None, Any]] = [dict() for _ in range(n)]
    parent_of: list[dict[int, tuple[int, int] | None]] = [dict() for _ in range(n)]
    order: list[list[int]] = [[] for _ in range(n)]
    # (node, reach probability, reach without each player's own moves, payoffs so far,
    # each player's last own sequence)
    stack: list[tuple[int, Any, tuple[Any, ...], tuple[Any, ...], tuple[tuple[int, int] | None, ...]]] = [
        (root, one, (one,) * n, (zero,) * n, (None,) * n)]
    nodes = game.nodes
    while stack:
        k, r_all, r_minus, acc, last = stack.pop()
        node = nodes[k]
        leaf = None
        if cut and k != root and k in cut:
            assert cont is not None  # computed whenever there is a cut
            leaf = tuple(a + b for a, b in zip(acc, cont[k]))
        else:
            out = nums.outcome[k]
            if node.outcome is not None:
                acc = tuple(a + b for a, b in zip(acc, out))
            if not node.children:
                leaf = acc
        if leaf is not None:
            for i in range(n):
                if r_all != 0:
                    payoff[i] += r_all * leaf[i]
                if r_minus[i] != 0:
                    d = seqval[i]
                    d[last[i]] = d.get(last[i], zero) + r_minus[i] * leaf[i]
            continue
        h = node.infoset
        assert h is not None  # a node with children has a move
        if h.player == CHANCE:
            for c, p in zip(node.children, nums.chance[id(h)]):
                if p == 0:
                    continue
                stack.append((c, r_all * p, tuple(x * p for x in r_minus), acc, last))
            continue
        i = h.player
        num = h.number
        seen = parent_of[i].get(num, 0)
        if seen == 0:
            parent_of[i][num] = last[i]
            order[i].append(num)
        elif seen != last[i]:
            raise UnsupportedGameError(
                f"{game.players[i]} has imperfect recall at information set {infoset_key(h)!r}; "
                "regrets on the tree need perfect recall")
        ps = probs[i][num - 1]
        for a, (c, p) in enumerate(zip(node.children, ps)):
            rm = tuple(x if j == i else x * p for j, x in enumerate(r_minus))
            if all(x == 0 for x in rm):
                continue
            new_last = last[:i] + ((num, a),) + last[i + 1:]
            stack.append((c, r_all * p, rm, acc, new_last))
    best = []
    for i in range(n):
        d = seqval[i]
        for num in reversed(order[i]):
            h = game.infosets[i][num - 1]
            v = max(d.get((num, a), zero) for a in range(len(h.actions)))
            par = parent_of[i][num]
            d[par] = d.get(par, zero) + v
        best.append(d.get(None, zero))
    return tuple(best), tuple(payoff)


def subgame_regrets(profile: MixedBehaviorProfile, root: int, cut=None) -> tuple:
    """Each player's regret in the subgame rooted at ``root``.

    With ``cut`` (a set of proper subgame roots below ``root``) those subgames
    are replaced by the profile's continuation payoffs: if the profile is an
    equilibrium of every cut subgame, zero regret here means it is an
    equilibrium of the whole subgame (a deviation inside a subgame cannot gain).
    """
    best, current = _best_responses(profile, root, cut)
    return tuple(b - c for b, c in zip(best, current))
