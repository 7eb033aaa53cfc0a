"""Baselines: which reference a zugzwang verdict is measured against.

A verdict "every option is bad" means "below the reference".  Two references
answer different questions:

* the **pre-crisis status quo** (payoff 0 in models whose payoffs are changes
  against it): is every option worse than before the crisis?  An exogenous shock
  that hits every outcome (refugees, say) can make this true whatever the
  options are;
* a **crisis baseline**, the position the focal player is in now (a pure
  profile of a strategic form, or an outcome or node of a tree): does every
  move make the position worse?  This is the chess meaning of zugzwang, and the
  one an argument about a dilemma needs.

A model file names its references (``references:`` in the YAML format, with a
rationale, one of them ``primary: true``: the one the model's claim is about).
:func:`compare_baselines` restates one diagnosis against every named reference:
the reaction equilibria do not depend on the reference, so each verdict is
``v* - r`` with ``v*`` the best reaction-equilibrium payoff of the diagnosis
(definitions in ``docs/explanation/zugzwang.md``).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

from ..exceptions import InvalidGameError, LabelError
from ..payoffs import format_value
from .zugzwang.records import fmt_value, json_number

__all__ = ["NamedReference", "BaselineVerdict", "BaselineComparison", "named_references",
           "lead_reference", "compare_baselines", "diagnose_baselines"]

#: The implicit reference of a model that names none: payoff 0, the status quo.
STATUS_QUO = "status quo"


@dataclass(frozen=True)
class NamedReference:
    """A reference declared by the model (or the implicit status quo 0).

    Attributes
    ----------
    name : str
    spec : object
        What ``diagnose(reference=...)`` accepts: a profile (list of labels), an
        outcome or node label, or a number.
    rationale : str
    primary : bool
        The reference the model's claim is about (the diagnosis leads with it).
    kind : str
        ``"profile"``, ``"outcome"``, ``"node"``, ``"value"`` or ``"given"`` (an
        ad-hoc reference from the caller).
    """

    name: str
    spec: Any
    rationale: str = ""
    primary: bool = False
    kind: str = "value"

    @property
    def description(self) -> str:
        """``crisis (stand by, acquiesce, ...)`` / ``pre-crisis (payoff 0)``."""
        if self.kind == "profile":
            return f"{self.name} ({', '.join(map(str, self.spec))})"
        if self.kind in ("outcome", "node"):
            return f"{self.name} ({self.kind} {self.spec})"
        if self.kind == "given" and str(self.spec) == self.name:
            return self.name
        return f"{self.name} (payoff {format_value(self.spec) if not isinstance(self.spec, str) else self.spec})"


def named_references(game) -> tuple[NamedReference, ...]:
    """The references a game declares (primary first), or the implicit status quo 0."""
    refs = (game.metadata or {}).get("references") or {}
    notes = (game.metadata or {}).get("reference_notes") or {}
    out = []
    for name, spec in refs.items():
        note = notes.get(name) or {}
        kind = note.get("kind") or ("profile" if isinstance(spec, (list, tuple)) else
                                    "outcome" if isinstance(spec, str) else "value")
        out.append(NamedReference(name, spec, note.get("rationale", ""), bool(note.get("primary")), kind))
    if not out:
        out.append(NamedReference(STATUS_QUO, Fraction(0), "payoffs are measured against the status quo (0)",
                                  True, "value"))
    out.sort(key=lambda r: not r.primary)
    return tuple(out)


def lead_reference(game, reference=None) -> NamedReference:
    """The reference a diagnosis leads with.

    ``None``: the model's primary reference (or its first, or the status quo 0).
    A declared name: that reference.  Anything else (a number, an outcome label,
    a profile): an ad-hoc reference of kind ``"given"``.
    """
    refs = named_references(game)
    if reference is None:
        return refs[0]
    if isinstance(reference, str):
        for r in refs:
            if r.name == reference.strip():
                return r
    if isinstance(reference, (int, Fraction)) and not isinstance(reference, bool):
        for r in refs:
            if r.kind == "value" and r.spec == reference:
                return r
    label = (", ".join(map(str, reference)) if isinstance(reference, (list, tuple))
             else format_value(reference) if isinstance(reference, (int, float, Fraction)) else str(reference))
    return NamedReference(label, reference, "given by the caller", False, "given")


@dataclass(frozen=True)
class BaselineVerdict:
    """The verdict of one diagnosis restated against one reference."""

    reference: NamedReference
    value: Any
    zugzwang: bool
    margin: Any
    strong: bool
    forced_move_cost: Any
    whole_game_zugzwang: bool | None
    whole_game_margin: Any
    lead: bool

    def to_json(self, exact: bool) -> dict:
        conv = json_number(exact)
        spec = self.reference.spec
        return {"name": self.reference.name, "kind": self.reference.kind,
                "reference": list(spec) if isinstance(spec, (list, tuple)) else
                (conv(spec) if isinstance(spec, (int, float, Fraction)) else str(spec)),
                "rationale": self.reference.rationale, "primary": self.reference.primary,
                "lead": self.lead, "value": conv(self.value), "zugzwang": self.zugzwang,
                "margin": conv(self.margin), "strong": self.strong,
                "forced_move_cost": conv(self.forced_move_cost),
                "whole_game": None if self.whole_game_zugzwang is None else
                {"zugzwang": self.whole_game_zugzwang, "margin": conv(self.whole_game_margin)}}


@dataclass(frozen=True)
class BaselineComparison:
    """One diagnosis against every reference; ``verdicts[0]`` is the lead."""

    player: str
    best_option: str
    best_payoff: Any
    verdicts: tuple
    exact: bool

    @property
    def lead(self) -> BaselineVerdict:
        return self.verdicts[0]

    @property
    def agree(self) -> bool:
        """Every reference gives the same verdict."""
        return len({v.zugzwang for v in self.verdicts}) == 1

    def verdict(self, name: str) -> BaselineVerdict:
        for v in self.verdicts:
            if v.reference.name == name:
                return v
        raise LabelError(f"no reference {name!r}; known: {', '.join(v.reference.name for v in self.verdicts)}")

    def to_json(self) -> dict:
        return {"lead": self.lead.reference.name, "agree": self.agree,
                "verdicts": [v.to_json(self.exact) for v in self.verdicts]}

    def table(self) -> str:
        """Plain text for the terminal: one line per reference, the lead first."""
        f = fmt_value
        lines = [f"baselines (best reaction-equilibrium payoff {f(self.best_payoff)}, "
                 f"option {self.best_option}):"]
        for v in self.verdicts:
            tag = "lead" if v.lead else "    "
            verdict = "ZUGZWANG" if v.zugzwang else "no zugzwang"
            strong = ", strong" if v.zugzwang and v.strong else ""
            whole = "" if v.whole_game_zugzwang is None else (
                f"; whole game {'zugzwang' if v.whole_game_zugzwang else 'no zugzwang'}, "
                f"margin {f(v.whole_game_margin)}")
            lines.append(f"  [{tag}] {v.reference.description}: reference {f(v.value)}: {verdict}, "
                         f"margin {f(v.margin)}{strong}{whole}")
        if not self.agree:
            lines.append("  the references disagree: the verdict depends on the baseline")
        return "\n".join(lines)


def reference_value(game, player, spec, params: Mapping | None = None, exact: bool = True):
    """The focal player's reference payoff for ``spec`` (profile, outcome, node or number)."""
    from .zugzwang.references import numeric_value, resolve_reference
    i = game.player(player)
    values = game.parameter_values(**dict(params or {}))
    sym, _ = resolve_reference(game, i, spec, values)
    return numeric_value(sym, values, exact)


def _reference_of(game, diagnosis) -> NamedReference:
    """The named reference a diagnosis was made against (matched by its label), or a given one."""
    label = diagnosis.reference_label
    for r in named_references(game):
        if (r.name == label or (r.kind == "profile" and ", ".join(map(str, r.spec)) == label)
                or (r.kind in ("outcome", "node") and r.spec == label)
                or (r.kind == "value" and not isinstance(r.spec, str) and format_value(r.spec) == label)):
            return r
    return NamedReference(label, diagnosis.reference, "given by the caller", False, "given")


def compare_baselines(game, player, diagnosis, params: Mapping | None = None,
                      lead: NamedReference | None = None) -> BaselineComparison:
    """Restate ``diagnosis`` against the game's named references.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        The game diagnosed (symbolic games are evaluated at ``params``).
    player : str or int
    diagnosis : ZugzwangDiagnosis
        From :func:`~gametheory.analysis.zugzwang.diagnose` on ``game`` at ``params``.
    lead : NamedReference, optional
        The reference the diagnosis used (default: :func:`lead_reference` of the
        diagnosis's ``reference_label``); it comes first.

    Returns
    -------
    BaselineComparison
        For each reference ``r``: margin ``v* - r``, zugzwang ``v* < r``, strong
        form ``security value < r``, forced-move cost ``max(r, v*) - v*`` and the
        whole-game margin, with ``v*`` and the security value of the diagnosis.
    """
    exact = diagnosis.exact
    if lead is None:
        lead = _reference_of(game, diagnosis)
    refs = [lead] + [r for r in named_references(game) if r.name != lead.name]
    # v* itself (margin + reference can differ from it in the last bit in floating point)
    top = max((p for o in diagnosis.options for p in o.reaction_payoffs),
              default=diagnosis.margin + diagnosis.reference)
    whole = diagnosis.whole_game
    out = []
    for k, r in enumerate(refs):
        if k == 0:
            value = diagnosis.reference
        else:
            try:
                value = reference_value(game, player, r.spec, params, exact)
            except InvalidGameError as exc:
                raise InvalidGameError(f"reference {r.name!r}: {exc.message}") from None
        margin = diagnosis.margin if k == 0 else top - value
        wz = wm = None
        if whole is not None and whole.payoffs:
            wm = max(whole.payoffs) - value
            wz = bool(wm < 0)
        out.append(BaselineVerdict(reference=r, value=value, zugzwang=bool(margin < 0), margin=margin,
                                   strong=bool(diagnosis.security_value < value),
                                   forced_move_cost=max(value, top) - top,
                                   whole_game_zugzwang=wz, whole_game_margin=wm, lead=(k == 0)))
    return BaselineComparison(player=diagnosis.player, best_option=diagnosis.best_option, best_payoff=top,
                              verdicts=tuple(out), exact=exact)


def diagnose_baselines(game, player, reference=None, params: Mapping | None = None, **options):
    """``diagnose`` against the lead reference, then :func:`compare_baselines`.

    ``reference`` may be a declared reference's name; ``None`` leads with the
    model's primary reference.  Returns ``(diagnosis, comparison)``.
    """
    from .zugzwang import diagnose
    lead = lead_reference(game, reference)
    spec = lead.spec
    diagnosis = diagnose(game, player, reference=spec, params=params, **options)
    return diagnosis, compare_baselines(game, player, diagnosis, params=params, lead=lead)
