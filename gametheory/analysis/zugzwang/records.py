"""The records of the zugzwang diagnosis and their text and JSON forms.

:class:`ZugzwangDiagnosis` holds one player's diagnosis (see
:mod:`gametheory.analysis.zugzwang` for the definitions); its parts are
:class:`OptionAssessment`, :class:`WholeGameVerdict`, :class:`Condition` and
:class:`Robustness`.  The formatting helpers (:func:`json_number`,
:func:`fmt_value`, :func:`distinct_counts`) are shared with the baselines and
construction analyses.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ...exceptions import LabelError
from ...payoffs import format_value, to_fraction

__all__ = ["Condition", "OptionAssessment", "Robustness", "WholeGameVerdict", "ZugzwangDiagnosis",
           "distinct_counts", "fmt_value", "json_number"]


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
        conv = json_number(exact)
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
        conv = json_number(exact)
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
            thr = json_number(exact and isinstance(thr, Fraction))(thr)
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
        conv = json_number(self.exact)
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

    def to_rows(self) -> list[dict]:
        """One row per option of the focal player (``gametheory zugzwang --format csv``):
        ``option``, ``worst``, ``best``, ``lowest_equilibrium_payoff``,
        ``highest_equilibrium_payoff`` (over the reaction game's equilibria; empty when
        none was found), ``regret``, ``equilibria`` (their number), ``method``,
        ``complete``; then the verdict, repeated on every row so that each row stands
        alone: ``player``, ``reference``, ``reference_label``, ``zugzwang``, ``margin``,
        ``best_option``, ``strong``, ``security_value``, ``forced_move_cost``.  Numbers
        as in :meth:`to_json` (exact fraction strings in exact mode)."""
        conv = json_number(self.exact)
        doc = self.to_json()
        verdict = {k: doc[k] for k in ("player", "reference", "reference_label", "zugzwang", "margin",
                                       "best_option", "strong", "security_value", "forced_move_cost")}
        rows = []
        for o, d in zip(self.options, doc["options"]):
            pays = o.reaction_payoffs
            rows.append({"option": d["option"], "worst": d["worst"], "best": d["best"],
                         "lowest_equilibrium_payoff": conv(min(pays)) if pays else None,
                         "highest_equilibrium_payoff": conv(max(pays)) if pays else None,
                         "regret": d["regret"], "equilibria": len(pays), "method": d["method"],
                         "complete": d["complete"], **verdict})
        return rows

    def table(self) -> str:
        """A plain-text report for the terminal."""
        f = fmt_value
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
                         f"{self.player}'s payoffs " + (distinct_counts(w.payoffs) or "none")
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


def distinct_counts(values) -> str:
    """``-3 (x24), -15/2 (x5)``: distinct values in order of appearance, with counts."""
    counts: dict = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return ", ".join(fmt_value(v) + (f" (x{c})" if c > 1 else "") for v, c in counts.items())


def json_number(exact: bool):
    if exact:
        return lambda v: format_value(to_fraction(v))
    return lambda v: float(v)


def fmt_value(v) -> str:
    if isinstance(v, Fraction):
        return format_value(v)
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


