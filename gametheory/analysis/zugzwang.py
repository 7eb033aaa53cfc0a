"""Zugzwang diagnostics: is every option of a player bad?

The definitions are written out in ``docs/explanation/zugzwang.md``; in short, for
a *focal* player ``i`` and a *reference* payoff ``r`` (the status quo before the
crisis; ``0`` unless told otherwise):

* an **option** is one of ``i``'s pure strategies (for a tree: a reduced pure
  strategy, i.e. a plan fixing ``i``'s move wherever it moves);
* the **reaction game** of an option is the game left to the other players once
  ``i`` is committed to it; its equilibria are computed by the solvers
  (:func:`gametheory.solvers.solve`), never read from a model file;
* the focal player is in **zugzwang** when, in every equilibrium of every
  reaction game, it gets strictly less than ``r``.  The **margin** is the best
  option's best reaction-equilibrium payoff minus ``r`` (negative: zugzwang);
* **strong** zugzwang: even the security (maxmin) value is below ``r``;
* the **forced-move cost** is ``max(r, v*) - v*`` with ``v*`` the best
  reaction-equilibrium payoff: what a hypothetical option to pass (freezing the
  status quo) would be worth;
* **escape conditions** are the sets of parameter values under which some
  option yields at least ``r`` in some reaction equilibrium, derived in closed
  form (sympy) with the equilibrium's support held fixed, or located by
  bisection where no closed form is available;
* **robustness** is the share of the parameter box (Monte Carlo with a seed, or
  a grid) in which the zugzwang holds, with a Wilson score interval; strategic
  forms are diagnosed at all sample points at once by the stacked engine
  (:mod:`gametheory.analysis.zugzwang_engine`), which agrees with this module's
  one-point diagnosis at every point.

Sign convention: payoffs are measured so that larger is better for the player;
the reference is compared with ``<`` (an option that exactly restores the status
quo is *not* bad).
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping, Sequence

import numpy as np

from ..exceptions import InvalidGameError, LabelError, SolverError, UnsupportedGameError
from ..payoffs import evaluate, format_value, is_symbolic, to_fraction

#: Largest game (number of pure profiles) solved with ``enumpoly`` when three or more
#: players move, after iterated elimination of strictly dominated strategies
#: (which keeps every equilibrium); larger ones use ``simpdiv`` (not complete).
#: Measured: ``enumpoly`` takes under a second at 3x3x2 but minutes on random 3x3x3 games.
ENUMPOLY_LIMIT = 18
#: Games up to this many profiles go to ``enumpoly`` without the elimination step.
ENUMPOLY_DIRECT = 12
#: Most pure candidate equilibria examined per option for the closed forms.
MAX_PURE_CANDIDATES = 512
#: Bisection steps used for numerical boundaries.
BISECTION_STEPS = 14
#: Names that mean "the status quo payoff 0" when no outcome carries them.
STATUS_QUO_NAMES = ("status-quo", "status quo", "status_quo", "statusquo", "0")


# ---------------------------------------------------------------------- records
@dataclass(frozen=True)
class OptionAssessment:
    """How one option of the focal player fares.

    Attributes
    ----------
    option : str
        The option's label (a strategy label, or a plan label for a tree).
    worst, best : Fraction or float
        The focal player's lowest and highest payoff over the other players'
        pure profiles (Wald's maxmin and the maximax criteria).
    reaction_payoffs : tuple
        The focal player's payoff in each equilibrium of the reaction game, in
        the order of ``reaction_equilibria.equilibria``.
    regret : Fraction or float
        Savage's maximum regret: the largest loss, over the others' pure
        profiles, against the best option for that profile.
    reaction_equilibria : EquilibriumResult
        The solver's result for the reaction game (method, completeness, profiles).
    """

    option: str
    worst: Any
    best: Any
    reaction_payoffs: tuple
    regret: Any
    reaction_equilibria: Any

    @property
    def complete(self) -> bool:
        return bool(self.reaction_equilibria.complete)

    def to_json(self, exact: bool) -> dict:
        conv = _conv(exact)
        return {"option": self.option, "worst": conv(self.worst), "best": conv(self.best),
                "reaction_payoffs": [conv(v) for v in self.reaction_payoffs],
                "regret": conv(self.regret),
                "method": self.reaction_equilibria.method,
                "complete": self.complete,
                "reaction_equilibria": [eq.to_json(exact) for eq in self.reaction_equilibria.equilibria]}


@dataclass(frozen=True)
class WholeGameVerdict:
    """The zugzwang verdict judged against the equilibria of the whole game."""

    zugzwang: bool
    margin: Any
    payoffs: tuple
    equilibria: Any
    method: str
    complete: bool

    def to_json(self, exact: bool) -> dict:
        conv = _conv(exact)
        return {"zugzwang": self.zugzwang, "margin": None if self.margin is None else conv(self.margin),
                "payoffs": [conv(v) for v in self.payoffs], "method": self.method,
                "complete": self.complete,
                "equilibria": [eq.to_json(exact) for eq in self.equilibria.equilibria]}


@dataclass(frozen=True)
class Condition:
    """A condition on the parameters.

    Attributes
    ----------
    description : str
        The condition in words.
    relation : sympy.Basic or None
        The condition as a sympy relational / boolean (None for numerical boundaries).
    text : str
        The condition as text (``str(relation)``, or the numerical boundary).
    kind : str
        ``"escape"`` (some option yields at least the reference) or
        ``"equilibrium exists"`` (a reaction equilibrium with a given support exists).
    closed_form : bool
        True when derived symbolically; False for a boundary found by bisection.
    option : str or None
        The option concerned (None for per-parameter escape regions).
    parameter : str or None
        For one-parameter conditions: the parameter varied (others at their values).
    threshold : Fraction, float or None
        For one-parameter conditions: the boundary nearest to the parameter's value.
    verified : bool or None
        Whether a full numerical diagnosis on each side of ``threshold`` agreed.
    """

    description: str
    relation: Any
    text: str
    kind: str
    closed_form: bool
    option: str | None = None
    parameter: str | None = None
    threshold: Any = None
    verified: bool | None = None

    def to_json(self, exact: bool = True) -> dict:
        thr = self.threshold
        if thr is not None:
            thr = _conv(exact and isinstance(thr, Fraction))(thr)
        return {"description": self.description, "relation": self.text, "kind": self.kind,
                "closed_form": self.closed_form, "option": self.option,
                "parameter": self.parameter, "threshold": thr, "verified": self.verified}


@dataclass(frozen=True)
class Robustness:
    """Share of the parameter box in which the zugzwang holds.

    ``low``/``high`` bound the Wilson score interval (Wilson 1927) at ``confidence``.
    """

    share: float
    low: float
    high: float
    n: int
    in_zugzwang: int
    seed: int | None
    design: str
    parameters: tuple
    confidence: float = 0.95

    def to_json(self) -> dict:
        return {"share": self.share, "interval": [self.low, self.high], "confidence": self.confidence,
                "n": self.n, "in_zugzwang": self.in_zugzwang, "seed": self.seed,
                "design": self.design, "parameters": list(self.parameters)}


@dataclass(frozen=True)
class ZugzwangDiagnosis:
    """The full diagnosis of one player's position; see the module docstring.

    Attributes
    ----------
    player : str
    reference : Fraction or float
        The reference payoff (numeric, at the parameter values used).
    zugzwang : bool
        Every equilibrium of every reaction game gives less than ``reference``.
    margin : Fraction or float
        Best option's best reaction-equilibrium payoff minus ``reference``.
    strong : bool
        The security (maxmin) value is below ``reference``.
    security_value : Fraction or float
    forced_move_cost : Fraction or float
        ``max(reference, v*) - v*``.
    options : tuple of OptionAssessment
    whole_game : WholeGameVerdict or None
    conditions : tuple of Condition
    robustness : Robustness or None
    best_option : str
        The option attaining the margin.
    rests_on : tuple of (str, int)
        ``(option, equilibrium index)`` pairs attaining the best payoff.
    reference_label : str
        Where the reference came from (``"0"``, an outcome or profile label).
    exact : bool
    parameters : dict
        The parameter values used (empty for numeric games).
    complete : bool
        Every reaction game's equilibrium set is known to be complete.
    warnings : tuple of str
    """

    player: str
    reference: Any
    zugzwang: bool
    margin: Any
    strong: bool
    security_value: Any
    forced_move_cost: Any
    options: tuple
    whole_game: WholeGameVerdict | None
    conditions: tuple
    robustness: Robustness | None
    best_option: str = ""
    rests_on: tuple = ()
    reference_label: str = "0"
    exact: bool = True
    parameters: dict = field(default_factory=dict)
    complete: bool = True
    warnings: tuple = ()

    def option(self, label) -> OptionAssessment:
        for o in self.options:
            if o.option == label:
                return o
        raise LabelError(f"no option {label!r}; options: {', '.join(o.option for o in self.options)}")

    def to_json(self) -> dict:
        """The document printed by ``gametheory zugzwang --json``.

        Numbers are JSON numbers, or exact fraction strings (``"-3/2"``) in exact mode.
        """
        conv = _conv(self.exact)
        return {
            "player": self.player,
            "reference": conv(self.reference),
            "reference_label": self.reference_label,
            "zugzwang": self.zugzwang,
            "margin": conv(self.margin),
            "strong": self.strong,
            "security_value": conv(self.security_value),
            "forced_move_cost": conv(self.forced_move_cost),
            "best_option": self.best_option,
            "rests_on": [{"option": o, "equilibrium": k + 1} for o, k in self.rests_on],
            "options": [o.to_json(self.exact) for o in self.options],
            "whole_game": None if self.whole_game is None else self.whole_game.to_json(self.exact),
            "conditions": [c.to_json(self.exact) for c in self.conditions],
            "robustness": None if self.robustness is None else self.robustness.to_json(),
            "exact": self.exact,
            "complete": self.complete,
            "parameters": {k: conv(v) if isinstance(v, (Fraction, float, int)) else str(v)
                           for k, v in self.parameters.items()},
            "warnings": list(self.warnings),
        }

    def to_json_text(self, indent: int | None = 2) -> str:
        import json
        return json.dumps(self.to_json(), indent=indent, ensure_ascii=False)

    def table(self) -> str:
        """A plain-text report for the terminal."""
        f = _fmt
        lines = [f"Zugzwang diagnosis for {self.player} (reference {f(self.reference)}"
                 f"{'' if self.reference_label in ('0', f(self.reference)) else ': ' + self.reference_label})"]
        if self.parameters:
            lines.append("parameters: " + ", ".join(f"{k}={f(v)}" for k, v in self.parameters.items()))
        verdict = "ZUGZWANG: every option is bad" if self.zugzwang else "no zugzwang: some option is not bad"
        lines.append(f"verdict: {verdict}; margin {f(self.margin)} (best option: {self.best_option}, "
                     f"equilibri{'um' if len(self.rests_on) == 1 else 'a'} "
                     + ", ".join(f"{o} #{k + 1}" for o, k in self.rests_on) + ")")
        lines.append(f"strong form (security value {f(self.security_value)} below the reference): "
                     f"{'yes' if self.strong else 'no'}")
        lines.append(f"forced-move cost: {f(self.forced_move_cost)}")
        width = max([len(o.option) for o in self.options] + [6])
        lines.append("")
        lines.append(f"{'option':<{width}}  {'worst':>8}  {'best':>8}  {'regret':>8}  reaction-equilibrium payoffs")
        for o in self.options:
            pays = ", ".join(f(v) for v in o.reaction_payoffs) or "(none found)"
            note = "" if o.complete else f"  [{o.reaction_equilibria.method}: not known to be complete]"
            lines.append(f"{o.option:<{width}}  {f(o.worst):>8}  {f(o.best):>8}  {f(o.regret):>8}  {pays}{note}")
        if self.whole_game is not None:
            w = self.whole_game
            lines.append("")
            lines.append(f"whole game ({w.method}, {len(w.payoffs)} equilibri{'um' if len(w.payoffs) == 1 else 'a'}"
                         f"{', complete' if w.complete else ', not known to be complete'}): "
                         f"{self.player}'s payoffs " + (_distinct(w.payoffs) or "none")
                         + f"; {'zugzwang' if w.zugzwang else 'no zugzwang'}"
                         + ("" if w.margin is None else f", margin {f(w.margin)}"))
        if self.conditions:
            lines.append("")
            lines.append("conditions:")
            for c in self.conditions:
                tag = "closed form" if c.closed_form else "numerical"
                check = "" if c.verified is None else ("; checked numerically" if c.verified
                                                       else "; NOT confirmed numerically")
                lines.append(f"  [{c.kind}, {tag}{check}] {c.description}")
                if c.closed_form and c.text and c.text not in c.description and c.text != "False":
                    lines.append(f"      {c.text}")
        if self.robustness is not None:
            r = self.robustness
            lines.append("")
            lines.append(f"robustness ({r.design}, n={r.n}, seed={r.seed}): zugzwang in {r.share:.1%} of the "
                         f"parameter box ({r.confidence:.0%} Wilson interval {r.low:.1%} to {r.high:.1%})")
        for w in self.warnings:
            lines.append(f"warning: {w}")
        return "\n".join(lines)

    __str__ = table


def _distinct(values) -> str:
    """``-3 (x24), -15/2 (x5)``: distinct values in order of appearance, with counts."""
    counts: dict = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return ", ".join(_fmt(v) + (f" (x{c})" if c > 1 else "") for v, c in counts.items())


def _conv(exact: bool):
    if exact:
        return lambda v: format_value(to_fraction(v))
    return lambda v: float(v)


def _fmt(v) -> str:
    if isinstance(v, Fraction):
        return format_value(v)
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


# ---------------------------------------------------------------------- options and reaction games
def _is_tree(game) -> bool:
    from ..game import ExtensiveFormGame
    return isinstance(game, ExtensiveFormGame)


def focal_options(game, player) -> tuple[str, ...]:
    """The focal player's options: its strategy labels, or its reduced plans' labels in a tree."""
    i = game.player(player)
    if _is_tree(game):
        return _tree_option_labels(game, i, game.reduced_strategies(i))
    return game.strategies[i]


def _tree_option_labels(game, i: int, plans) -> tuple[str, ...]:
    """Plan labels as :meth:`ExtensiveFormGame.to_normal_form` writes them (actions
    joined with ``/``, qualified by information set when two plans would collide)."""
    labels = [game.strategy_label(i, p) for p in plans]
    if len(set(labels)) != len(labels):
        labels = ["/".join(f"{game.infosets[i][n - 1].label or n}:{game.infosets[i][n - 1].actions[a]}"
                           for n, a in sorted(p.items())) or "(none)" for p in plans]
    return tuple(labels)


def _tree_plan(game, i, option) -> dict:
    plans = game.reduced_strategies(i)
    labels = list(_tree_option_labels(game, i, plans))
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
    if _is_tree(game):
        plan = _tree_plan(game, i, option)
        labels = _tree_option_labels(game, i, game.reduced_strategies(i))
        label = option if isinstance(option, str) else next(
            (l for l, p in zip(labels, game.reduced_strategies(i)) if p == plan), game.strategy_label(i, plan))
        return _prune_tree(game, i, plan, label)
    k = game.strategy(i, option)
    return _others_game(game, i, k)


def _others_game(game, i: int, k: int):
    """Strategic form of the others once player ``i`` plays strategy ``k``."""
    from ..game import NormalFormGame
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
    g.focal_payoffs = focal
    return g


def _prune_tree(game, i: int, plan: Mapping[int, int], label: str):
    """A copy of ``game`` with player ``i``'s moves fixed by ``plan`` (iterative walk)."""
    from ..game import ExtensiveFormGame
    from ..game.extensive import CHANCE
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
                nh.label = h.label
                hmap[id(h)] = nh
        for c, kid in zip(node.children, kids):
            stack.append((c, kid.index, None))
    return new


class _Reaction:
    """A reaction game in strategic form: the others' game and the focal payoffs."""

    def __init__(self, game, i: int, option: str):
        self.option = option
        self.tree = None
        self.focal_index = i
        if _is_tree(game):
            tree = reaction_game(game, i, option)
            self.tree = tree
            nf = tree.to_normal_form()
            if nf.shape[i] != 1:
                raise SolverError(f"internal error: {game.players[i]} still moves in the reaction game")
            self.game = _others_game(nf, i, 0)
        else:
            self.game = _others_game(game, i, game.strategy(i, option))
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


def _expected(focal: np.ndarray, probs: Sequence[np.ndarray]):
    """Expected value of ``focal`` (indexed by the others' strategies) under independent mixes."""
    out = focal
    for p in reversed(probs):
        out = np.tensordot(out, p, axes=([out.ndim - 1], [0]))
    return out[()] if isinstance(out, np.ndarray) else out


def _tree_route(r: "_Reaction", method: str) -> bool:
    """Solve this reaction game as a tree (subgame-perfect equilibria)?"""
    return r.tree is not None and method in ("auto", "spe")


def _reaction_method(method: str, g) -> str:
    if method == "spe":
        method = "auto"
    if g.n_players == 1:
        return "pure"
    if method != "auto":
        return method
    if g.n_players == 2:
        return "enummixed"
    return "enumpoly"


def _solve_complete(g, name: str, exact: bool):
    """``solve(g, name)``, except that ``enumpoly`` on a game larger than
    :data:`ENUMPOLY_DIRECT` profiles runs on the game left by iterated elimination of
    strictly dominated strategies (every Nash equilibrium survives it; e.g. Maschler,
    Solan & Zamir 2013, ch. 4), with the equilibria lifted back to ``g``; when even
    that game exceeds :data:`ENUMPOLY_LIMIT`, ``simpdiv`` finds one equilibrium
    (the result is then not complete).  Returns ``(result, method name)``."""
    from ..solvers import solve
    if name != "enumpoly" or math.prod(g.shape) <= ENUMPOLY_DIRECT:
        return solve(g, method=name, exact=exact), name
    from ..game import MixedStrategyProfile
    from ..solvers import make_result
    from .dominance import iterated_elimination
    reduced = iterated_elimination(g, "strict", exact=exact).reduced
    if math.prod(reduced.shape) > ENUMPOLY_LIMIT:
        return solve(g, method="simpdiv", exact=exact), "simpdiv"
    inner = solve(reduced, method="enumpoly", exact=exact)
    keep = [[g.strategy(i, lab) for lab in reduced.strategies[i]] for i in range(g.n_players)]
    lifted = []
    for eq in inner.equilibria:
        probs = []
        for i, p in enumerate(eq.probabilities):
            full = [Fraction(0) if exact else 0.0] * g.shape[i]
            for k, x in zip(keep[i], p):
                full[k] = x
            probs.append(full)
        lifted.append(MixedStrategyProfile(g, probs, exact=exact))
    removed = sum(g.shape) - sum(reduced.shape)
    return make_result(g, "enumpoly", lifted, exact=exact, tolerance=None if exact else inner.tolerance,
                       complete=inner.complete, warnings=inner.warnings,
                       details={**inner.details, "strictly_dominated_removed": removed}), "enumpoly"


def _solve_reaction(g, method: str, exact: bool):
    """Solve a reaction game; returns (result, warnings)."""
    from ..solvers import solve
    name = _reaction_method(method, g)
    warns = []
    result, name = _solve_complete(g, name, exact)
    if not result.equilibria:
        for fallback in ("pure", "simpdiv"):
            if fallback == name:
                continue
            try:
                alt = solve(g, method=fallback, exact=exact)
            except (UnsupportedGameError, SolverError, ImportError):
                continue
            if alt.equilibria:
                warns.append(f"{name} found no equilibrium of a reaction game; used {fallback} instead")
                result = alt
                break
    if not result.equilibria:
        raise SolverError(f"no equilibrium found for the reaction game with method {name!r}")
    return result, warns


# ---------------------------------------------------------------------- references
def _resolve_reference(game, i: int, reference, values: Mapping):
    """(symbolic-or-numeric reference, label)."""
    if reference is None:
        return Fraction(0), "0"
    if isinstance(reference, bool):
        raise InvalidGameError(f"reference must be a number, an outcome or a profile, got {reference!r}")
    if isinstance(reference, (float, np.floating)):
        return float(reference), format_value(float(reference))
    if isinstance(reference, (int, Fraction, np.integer)):
        return to_fraction(reference), format_value(to_fraction(reference))
    if isinstance(reference, str):
        text = reference.strip()
        try:
            v = to_fraction(text)
            return v, text
        except InvalidGameError:
            pass
        if _is_tree(game):
            hits = [o for o in game.outcomes if o.label == text]
            if hits:
                return hits[0].payoffs[i], text
            nodes = [n for n in game.nodes if n.label == text]
            if len(nodes) == 1:
                total = Fraction(0)
                for n, _ in game.path(nodes[0]):
                    if n.outcome is not None:
                        total = total + n.outcome.payoffs[i]
                if nodes[0].outcome is not None:
                    total = total + nodes[0].outcome.payoffs[i]
                return total, text
        named = (game.metadata or {}).get("references") or {}
        if isinstance(named, Mapping) and text in named:
            return _resolve_reference(game, i, named[text], values)[0], text
        if text.lower() in STATUS_QUO_NAMES:
            return Fraction(0), text
        if not _is_tree(game) and "," in text:
            return _resolve_reference(game, i, [s.strip() for s in text.split(",")], values)[0], text
        known = ""
        if _is_tree(game):
            known = " (known: " + ", ".join(repr(o.label) for o in game.outcomes if o.label) + ")"
        raise InvalidGameError(
            f"unknown reference {reference!r}: give a number, an outcome label{known}, "
            f"'status-quo' (payoff 0) or a pure profile as comma-separated strategy labels")
    if isinstance(reference, (Sequence, Mapping)):
        if _is_tree(game):
            raise InvalidGameError("a profile reference needs a strategic-form game; give an outcome label")
        try:
            idx = game.profile_index(reference)
        except KeyError as exc:
            raise InvalidGameError(f"reference profile: {exc.args[0]}") from None
        return game.payoffs[(i,) + idx], ", ".join(game.strategies[j][k] for j, k in enumerate(idx))
    raise InvalidGameError(f"reference must be a number, an outcome or a profile, got {reference!r}")


def _numeric_value(v, values: Mapping, exact: bool):
    if is_symbolic(v):
        v = evaluate(v, values)
    return to_fraction(v) if exact else float(v)


# ---------------------------------------------------------------------- evaluation at one point
def _option_figures(focal_full: np.ndarray, exact: bool):
    """worst, best, regret per option from the focal array (options x others' profiles)."""
    M = focal_full
    worst = [min(row) for row in M]
    best = [max(row) for row in M]
    colmax = [max(M[:, c]) for c in range(M.shape[1])]
    regret = [max(colmax[c] - M[o, c] for c in range(M.shape[1])) for o in range(M.shape[0])]
    return worst, best, regret


def _evaluate(reactions: Sequence[_Reaction], values: Mapping, exact: bool, method: str):
    """Per option: (result, payoffs, focal array); plus warnings."""
    out, warns = [], []
    for r in reactions:
        if _tree_route(r, method):
            from ..solvers import solve
            tree = r.tree.substitute(**values) if r.tree.is_symbolic else r.tree
            result = solve(tree, method="spe", exact=exact)
            if not result.equilibria:
                raise SolverError(f"no subgame-perfect equilibrium found for the reaction game of {r.option!r}")
            pays = tuple(eq.payoff(r.focal_index) for eq in result.equilibria)
            pays = tuple(to_fraction(p) if exact else float(p) for p in pays)
            out.append((result, pays, None))
            continue
        g, focal = r.numeric(values, exact)
        result, w = _solve_reaction(g, method, exact)
        warns.extend(w)
        pays = tuple(_expected(focal, [np.asarray(p) for p in eq.probabilities]) for eq in result.equilibria)
        if not exact:
            pays = tuple(float(p) for p in pays)
        out.append((result, pays, focal))
    return out, warns


def _verdict(evals, ref):
    best = None
    for _, pays, _ in evals:
        for p in pays:
            if best is None or p > best:
                best = p
    return best - ref < 0, best - ref


# ---------------------------------------------------------------------- the diagnosis
def diagnose(game, player, reference=0, params: Mapping | None = None, exact: bool | None = None,
             method: str = "auto", robustness=None, *, seed: int | None = 0, whole_game: bool = True,
             conditions: bool = True, _reactions=None) -> ZugzwangDiagnosis:
    """Diagnose whether ``player`` is in zugzwang.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        Any game (symbolic games are evaluated at ``params`` and their defaults).
    player : str or int
        The focal player.
    reference : number, str, sequence or mapping, optional
        The reference payoff: a number (default 0, the status quo), an outcome
        label (trees), ``"status-quo"`` (0), or a pure profile (labels, or a
        comma-separated string) whose payoff to ``player`` is the reference.
    params : mapping, optional
        Parameter values (the defaults fill the rest).
    exact : bool, optional
        Exact rational arithmetic (default: when the game, at ``params``, is exact).
    method : str
        Solver for the reaction games: ``"auto"`` uses a complete method where
        one exists (``pure`` for one reacting player, ``enummixed`` for two,
        ``enumpoly`` for three or more when the game left by iterated elimination
        of strictly dominated strategies is small, otherwise ``simpdiv``, which
        finds one equilibrium and is flagged as not complete; ``spe`` for trees).
    robustness : int or mapping, optional
        ``N`` for a Monte Carlo sample of ``N`` points of the parameter box, or
        ``{"n": N, "seed": S}`` / ``{"grid": k}`` (``k`` points per parameter).
    seed : int, optional
        Seed of the Monte Carlo sample (default 0).
    whole_game : bool
        Also judge against the equilibria of the whole game (default True).
    conditions : bool
        Derive escape conditions for symbolic games (default True).

    Returns
    -------
    ZugzwangDiagnosis

    Notes
    -----
    The reaction games are solved by :func:`gametheory.solvers.solve`.  With two
    reacting players ``enummixed`` returns every extreme equilibrium; the focal
    payoff is bilinear on each component of equilibria (a product of polytopes,
    Avis et al. 2010), so its extremes over all equilibria are attained at
    extreme ones and the verdict is exact.  ``enumpoly`` finds the isolated
    equilibria of small n-player games (McKelvey & McLennan 1996).

    Examples
    --------
    >>> import numpy as np, gametheory as gt
    >>> from gametheory.analysis.zugzwang import diagnose
    >>> g = gt.NormalFormGame.from_arrays(np.array([[-1, -2], [-3, -1]]), np.array([[1, 0], [0, 1]]),
    ...                                   players=["Row", "Col"])
    >>> d = diagnose(g, "Row")
    >>> d.zugzwang, d.margin
    (True, Fraction(-1, 1))
    """
    i = game.player(player)
    if game.n_players < 2:
        raise UnsupportedGameError("zugzwang diagnostics need at least two players")
    values = game.parameter_values(**dict(params or {}))
    symbolic = game.is_symbolic
    numeric = game.substitute(**dict(params or {})) if symbolic else game
    if exact is None:
        exact = numeric.kind == "exact"
    ref_sym, ref_label = _resolve_reference(game, i, reference, values)
    ref = _numeric_value(ref_sym, values, exact)

    options = focal_options(game, i)
    # ``_reactions``: the reaction games built once by a caller diagnosing many points
    # (the stacked engine); they depend on the game and the player only.
    reactions = _reactions if _reactions is not None else [_Reaction(game, i, o) for o in options]
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        evals, warns = _evaluate(reactions, values, exact, method)
    warns = [f"reaction game: {w.message}" for w in caught] + list(warns)

    # worst / best / regret from the focal player's own payoffs in the (reduced) strategic form
    nf = numeric.to_normal_form() if _is_tree(numeric) else numeric
    focal_full = np.moveaxis(nf.numeric_payoffs(exact)[i], i, 0).reshape(nf.shape[i], -1)
    if tuple(nf.strategies[i]) != tuple(options):
        raise SolverError("internal error: the options differ from the strategic form's strategies")
    worst, best, regret = _option_figures(focal_full, exact)

    assessments = []
    for o, (result, pays, _), w, b, rg in zip(options, evals, worst, best, regret):
        assessments.append(OptionAssessment(option=o, worst=w, best=b, reaction_payoffs=pays, regret=rg,
                                            reaction_equilibria=result))
    zz, margin = _verdict(evals, ref)
    top = margin + ref
    rests_on = tuple((o, k) for o, (_, pays, _) in zip(options, evals) for k, p in enumerate(pays) if p == top)
    best_option = rests_on[0][0] if rests_on else ""
    complete = all(a.complete for a in assessments)
    if not complete:
        names = ", ".join(a.option for a in assessments if not a.complete)
        warns.append(f"the equilibrium sets of the reaction games for {names} are not known to be complete; "
                     f"the verdict rests on the equilibria found")

    # strong form: the security value
    from .security import security_level
    sec = security_level(nf, i, exact=exact).value
    sec = to_fraction(sec) if exact else float(sec)
    strong = sec < ref
    forced = max(ref, top) - top

    whole = None
    if whole_game:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            whole = _whole_game_verdict(numeric if (_is_tree(numeric) and method in ("auto", "spe")) else nf,
                                        i, ref, exact)
        warns.extend(f"whole game: {w.message}" for w in caught)
    if whole is not None and not whole.complete:
        why = "; ".join(whole.equilibria.warnings)
        warns.append(f"the whole game was solved with {whole.method}, which is not known to find every equilibrium"
                     + (f" ({why})" if why else ""))

    conds = ()
    if conditions and symbolic:
        conds = tuple(escape_conditions(game, i, reference, params=values, method=method,
                                        _reactions=reactions, _evals=evals, _exact=exact))
    rob = None
    if robustness is not None:
        rob = _robustness(game, i, ref_sym, reactions, robustness, seed, method, reference=reference)

    shown = {k: values[k] for k in game.parameters if k in values} if symbolic or game.parameters else {}
    return ZugzwangDiagnosis(
        player=game.players[i], reference=ref, zugzwang=bool(zz), margin=margin, strong=bool(strong),
        security_value=sec, forced_move_cost=forced, options=tuple(assessments), whole_game=whole,
        conditions=conds, robustness=rob, best_option=best_option, rests_on=rests_on,
        reference_label=ref_label, exact=bool(exact), parameters=shown, complete=complete,
        warnings=tuple(dict.fromkeys(warns)))


def _whole_game_verdict(nf, i: int, ref, exact: bool) -> WholeGameVerdict:
    from ..solvers import solve
    if _is_tree(nf):
        name = "spe"
    elif nf.n_players == 2:
        name = "enummixed"
    else:
        name = "enumpoly"
    if name == "spe":
        # The same bound as the reaction games' n-player solves (ENUMPOLY_LIMIT).
        result = solve(nf, method=name, exact=exact, subgame_limit=ENUMPOLY_LIMIT)
    else:
        result, name = _solve_complete(nf, name, exact)
    pays = tuple(eq.payoff(i) for eq in result.equilibria)
    pays = tuple(to_fraction(p) if exact else float(p) for p in pays)
    if pays:
        margin = max(pays) - ref
        zz = margin < 0
    else:
        margin, zz = None, False
    return WholeGameVerdict(zugzwang=bool(zz), margin=margin, payoffs=pays, equilibria=result,
                            method=name, complete=bool(result.complete) and name != "simpdiv")


# ---------------------------------------------------------------------- escape conditions
def escape_conditions(game, player, reference=0, params: Mapping | None = None, method: str = "auto",
                      **kwargs) -> list[Condition]:
    """Conditions on the parameters under which the zugzwang breaks; see
    :func:`gametheory.analysis.conditions.escape_conditions`."""
    from .conditions import escape_conditions as _escape
    return _escape(game, player, reference, params=params, method=method, **kwargs)


# ---------------------------------------------------------------------- robustness
def wilson_interval(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (Wilson 1927)."""
    if n <= 0:
        raise InvalidGameError("robustness needs at least one sample")
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, centre - half), min(1.0, centre + half)


def _robustness(game, i, ref_sym, reactions, spec, seed, method, reference=0) -> Robustness:
    ranged = [(k, p) for k, p in game.parameters.items() if p.low is not None and p.high is not None]
    if not ranged:
        raise InvalidGameError("robustness needs parameters with ranges (low and high); the game declares none")
    grid = None
    n = None
    if isinstance(spec, Mapping):
        unknown = set(spec) - {"n", "seed", "grid"}
        if unknown:
            raise InvalidGameError(f"robustness: unknown key(s) {', '.join(sorted(unknown))}; use n, seed, grid")
        n = spec.get("n")
        seed = spec.get("seed", seed)
        grid = spec.get("grid")
    elif isinstance(spec, (int, np.integer)) and not isinstance(spec, bool):
        n = int(spec)
    else:
        raise InvalidGameError(f"robustness must be a sample size or a mapping, got {spec!r}")
    names = tuple(k for k, _ in ranged)
    if grid is not None:
        k = int(grid)
        if k < 2 or k ** len(ranged) > 100_000:
            raise InvalidGameError(f"robustness grid of {k} points per parameter is too small or too large")
        axes = [np.linspace(float(p.low), float(p.high), k) for _, p in ranged]
        points = list(itertools.product(*axes))
        design, seed = f"grid {k}^{len(ranged)}", None
    else:
        if n is None or int(n) < 1:
            raise InvalidGameError("robustness needs a positive sample size")
        rng = np.random.default_rng(seed)
        lows = np.array([float(p.low) for _, p in ranged])
        highs = np.array([float(p.high) for _, p in ranged])
        points = list(lows + (highs - lows) * rng.random((int(n), len(ranged))))
        design = "Monte Carlo"
    import warnings
    base = game.parameter_values()
    hits = 0
    # Trees are evaluated in exact arithmetic at the sample points rounded to 1e-6:
    # chance probabilities such as ``1 - p`` must add up to exactly 1.
    exact = _is_tree(game)
    if not exact:
        # Strategic forms: all points at once through the stacked engine.
        from .zugzwang_engine import diagnose_points
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sd = diagnose_points(game, i, [{k: float(v) for k, v in zip(names, pt)} for pt in points],
                                 reference=reference, method=method, exact=False)
        if sd.failed.any():
            raise SolverError(f"robustness: the diagnosis failed at a sample point: {sd.errors[0]}")
        hits = int(sd.zugzwang.sum())
        points = []
    for pt in points:
        if exact:
            vals = {**base, **{k: Fraction(round(float(v) * 10 ** 6), 10 ** 6) for k, v in zip(names, pt)}}
        else:
            vals = {**base, **{k: float(v) for k, v in zip(names, pt)}}
        ref = _numeric_value(ref_sym, vals, exact)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            evals, _ = _evaluate(reactions, vals, exact, method)
        zz, _ = _verdict(evals, ref)
        hits += bool(zz)
    total = len(points) if exact else len(sd.zugzwang)
    lo, hi = wilson_interval(hits, total)
    return Robustness(share=hits / total, low=lo, high=hi, n=total, in_zugzwang=hits,
                      seed=seed, design=design, parameters=names)
