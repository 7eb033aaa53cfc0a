"""Is a zugzwang verdict found, or built into the payoffs?

A model can make "every option is bad" true by construction: give the focal
player a payoff below the reference in every cell, or let an exogenous loss that
no option avoids carry the verdict.  :func:`construction_check` answers, for a
strategic form and a diagnosis of it:

1. **The focal payoffs alone decide it**: every cell of the focal player's payoff
   table is below the reference, so no reaction of the others matters.
2. **Trade-off components**: a model whose payoffs are sums of named components
   (the ``components:`` of a game file; otherwise, each parameter that appears
   only in the focal player's payoffs) is split into *background* components,
   whose expected value is the same in every reaction equilibrium of every
   option (they do not tell the options apart), and *trade-off* components (the
   rest).  With every trade-off component at zero only the background is left;
   if the verdict still holds, the background (an outside shock, say) is what
   makes every option bad.
3. **Ablation**: each component dropped in turn (set to zero in every cell),
   with the margin that results.  The components whose removal breaks the
   zugzwang are its drivers.
4. **Dominated strategies of the others** at the values used, and whether they
   stay dominated for every parameter value in the declared ranges (payoffs
   linear in the parameters: interval arithmetic over the box; otherwise not
   decided).

Dropping a component of the focal player changes only the focal player's
payoffs, so the reaction equilibria (the others' play) do not change: each
ablated margin is ``max_o max_e E_e[u_i(o, .) - c(o, .)] - (r - c(ref))``, with
``c(ref)`` the component's value at a profile reference (a number reference is
unchanged).  This is exact, and needs no new equilibrium computation.

Trees carry no components yet: each parameter that appears only in the focal
player's outcome payoffs (not in another player's, nor in a chance probability)
is a component, and it is dropped by diagnosing again with it at 0 (the
subgame-perfect reactions do not change, as the others' payoffs do not; the
reference outcome moves with it).  The focal payoffs alone are checked through
the reduced strategic form.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping

import numpy as np

from ..payoffs import evaluate, is_symbolic, to_fraction
from .zugzwang.records import fmt_value, json_number

__all__ = ["ComponentEffect", "DominatedStrategy", "ConstructionReport", "construction_check",
           "component_arrays"]


@dataclass(frozen=True)
class ComponentEffect:
    """One component dropped: the margin without it."""

    name: str
    kind: str            # "trade-off" or "background"
    margin: Any          # margin with this component at zero
    change: Any          # margin - the diagnosis's margin
    zugzwang: bool       # verdict with this component at zero
    flips: bool          # the verdict differs from the diagnosis's

    def to_json(self, exact: bool) -> dict:
        conv = json_number(exact)
        return {"component": self.name, "kind": self.kind, "margin": conv(self.margin),
                "change": conv(self.change), "zugzwang": self.zugzwang, "flips": self.flips}


@dataclass(frozen=True)
class DominatedStrategy:
    """A strategy of another player strictly dominated by a pure strategy."""

    player: str
    strategy: str
    by: str
    regardless: bool | None   # for every parameter value in the ranges (None: not decided)

    def to_json(self) -> dict:
        return {"player": self.player, "strategy": self.strategy, "by": self.by,
                "regardless_of_parameters": self.regardless}


@dataclass(frozen=True)
class ConstructionReport:
    """What :func:`construction_check` found; see the module docstring.

    Attributes
    ----------
    player : str
    reference_label : str
    margin : Fraction or float
        The diagnosis's margin.
    zugzwang : bool
    all_cells_below : bool
        Every cell of the focal payoff table is below the reference.
    max_cell : Fraction or float
        The focal player's largest payoff in any cell, minus the reference.
    source : str
        ``"components"`` (named in the model file), ``"parameters"`` (each
        focal-only parameter a component) or ``"none"``.
    effects : tuple of ComponentEffect
        One per component, in the order of the model file.
    background, tradeoff : tuple of str
    margin_without_tradeoffs : Fraction, float or None
        The margin with every trade-off component at zero.
    dominated : tuple of DominatedStrategy
    skipped : tuple of str
        Parameters not ablated (they enter other players' payoffs too).
    """

    player: str
    reference_label: str
    margin: Any
    zugzwang: bool
    all_cells_below: bool
    max_cell: Any
    source: str
    effects: tuple = ()
    background: tuple = ()
    tradeoff: tuple = ()
    margin_without_tradeoffs: Any = None
    dominated: tuple = ()
    skipped: tuple = ()
    exact: bool = True
    notes: tuple = field(default_factory=tuple)

    @property
    def built_in(self) -> bool:
        """The verdict is a zugzwang that the payoffs' construction already decides:
        every cell below the reference, or the zugzwang survives with every
        trade-off component at zero."""
        if not self.zugzwang:
            return False
        if self.all_cells_below:
            return True
        return self.margin_without_tradeoffs is not None and self.margin_without_tradeoffs < 0

    @property
    def drivers(self) -> tuple:
        """Components whose removal alone breaks the zugzwang."""
        return tuple(e.name for e in self.effects if e.flips)

    def to_json(self) -> dict:
        conv = json_number(self.exact)
        return {"player": self.player, "reference": self.reference_label, "margin": conv(self.margin),
                "zugzwang": self.zugzwang, "built_in": self.built_in,
                "all_cells_below_reference": self.all_cells_below, "max_cell_minus_reference": conv(self.max_cell),
                "source": self.source, "background": list(self.background), "tradeoff": list(self.tradeoff),
                "margin_without_tradeoffs": None if self.margin_without_tradeoffs is None
                else conv(self.margin_without_tradeoffs),
                "drivers": list(self.drivers), "ablation": [e.to_json(self.exact) for e in self.effects],
                "dominated": [d.to_json() for d in self.dominated], "skipped": list(self.skipped),
                "notes": list(self.notes)}

    def table(self) -> str:
        """Plain text for the terminal."""
        f = fmt_value
        lines = [f"construction check (reference {self.reference_label}):"]
        if self.all_cells_below:
            lines.append(f"  BUILT IN: every cell of {self.player}'s payoff table is below the reference "
                         f"(best cell {f(self.max_cell)} against it): no reaction of the others matters")
        else:
            lines.append(f"  some cell reaches the reference (best cell {f(self.max_cell)} against it): "
                         f"the others' reactions decide the verdict")
        if self.source == "none":
            lines.append("  no components to ablate (no `components:` and no parameter of "
                         f"{self.player}'s alone)")
        else:
            what = "components named in the model file" if self.source == "components" else \
                f"parameters of {self.player}'s payoffs alone, each set to 0"
            lines.append(f"  ablation over {what}:")
            lines.append(f"    background (same in every reaction equilibrium): "
                         f"{', '.join(self.background) or 'none'}")
            lines.append(f"    trade-off: {', '.join(self.tradeoff) or 'none'}")
            if self.margin_without_tradeoffs is not None:
                m = self.margin_without_tradeoffs
                verdict = "zugzwang" if m < 0 else "no zugzwang"
                lines.append(f"    every trade-off component at zero: margin {f(m)} ({verdict})"
                             + ("; BUILT IN: the background alone makes every option bad"
                                if self.zugzwang and m < 0 else ""))
            width = max([len(e.name) for e in self.effects] + [9])
            lines.append(f"    {'component':<{width}}  {'kind':<9}  {'margin':>7}  {'change':>7}  verdict")
            for e in self.effects:
                verdict = ("zugzwang" if e.zugzwang else "no zugzwang") + (" (flips)" if e.flips else "")
                lines.append(f"    {e.name:<{width}}  {e.kind:<9}  {f(e.margin):>7}  {f(e.change):>7}  {verdict}")
            if self.zugzwang:
                lines.append(f"    drivers (dropping one alone breaks the zugzwang): "
                             f"{', '.join(self.drivers) or 'none'}")
        if self.dominated:
            lines.append("  strictly dominated strategies of the others (at these values):")
            for d in self.dominated:
                tag = {True: "for every parameter value in the ranges", False: "not for every value in the ranges",
                       None: "range not decided"}[d.regardless]
                lines.append(f"    {d.player}: {d.strategy} (by {d.by}; {tag})")
        if self.skipped:
            lines.append(f"  not ablated (they enter other players' payoffs too): {', '.join(self.skipped)}")
        for n in self.notes:
            lines.append(f"  note: {n}")
        return "\n".join(lines)


def _num(v, values, exact: bool):
    if is_symbolic(v):
        v = evaluate(v, values)
    return to_fraction(v) if exact else float(v)


def _focal_table(game, i: int, values, exact: bool) -> np.ndarray:
    flat = [_num(v, values, exact) for v in np.asarray(game.payoffs[i]).flat]
    out = np.empty(len(flat), dtype=object)
    out[:] = flat
    return out.reshape(game.shape)


def component_arrays(game, player, params: Mapping | None = None, exact: bool = True):
    """The focal player's payoff components as arrays over the pure profiles.

    Returns
    -------
    (source, {name: ndarray}, skipped)
        ``source`` is ``"components"`` when the game's payoff entries name them
        (``game.notes[profile]["components"]``), else ``"parameters"``: each
        parameter that appears in the focal player's payoffs and in no other
        player's is a component, its array the focal payoff minus the focal
        payoff with that parameter at 0.  ``skipped`` lists the parameters left
        out because other players' payoffs use them.
    """
    i = game.player(player)
    name = game.players[i]
    values = game.parameter_values(**dict(params or {}))
    notes = getattr(game, "notes", {}) or {}
    if any((n or {}).get("components", {}).get(name) for n in notes.values()):
        order: list[str] = []
        for idx in game.profiles():
            for c in ((notes.get(idx) or {}).get("components", {}).get(name) or {}):
                if c not in order:
                    order.append(c)
        zero = Fraction(0) if exact else 0.0
        arrays = {c: np.full(game.shape, zero, dtype=object) for c in order}
        for idx in game.profiles():
            comps = (notes.get(idx) or {}).get("components", {}).get(name)
            if comps is None:
                continue
            for c, v in comps.items():
                arrays[c][idx] = _num(v, values, exact)
        return "components", arrays, ()
    if not game.is_symbolic:
        return "none", {}, ()
    mine: set[str] = set()
    theirs: set[str] = set()
    for j in range(game.n_players):
        names = {s.name for v in np.asarray(game.payoffs[j]).flat if is_symbolic(v) for s in v.free_symbols}
        (mine if j == i else theirs).update(names)
    full = _focal_table(game, i, values, exact)
    arrays = {}
    for p in game.parameters:
        if p in mine and p not in theirs:
            zeroed = _focal_table(game, i, {**values, p: Fraction(0) if exact else 0.0}, exact)
            arrays[p] = full - zeroed
    skipped = tuple(p for p in game.parameters if p in mine and p in theirs)
    return ("parameters" if arrays else "none"), arrays, skipped


def _option_expectations(diagnosis, game, i: int, arr: np.ndarray):
    """Per option, the expected value of ``arr`` in each of its reaction equilibria."""
    from .zugzwang.reactions import expected_payoff
    out = []
    for k, o in enumerate(diagnosis.options):
        sub = np.take(arr, game.strategy(i, o.option), axis=i)
        vals = []
        for eq in o.reaction_equilibria.equilibria:
            probs = [np.asarray(p) for p in eq.probabilities]
            vals.append(expected_payoff(sub, probs))
        out.append(vals)
    return out


def _reference_cell(game, i: int, diagnosis, reference):
    """The profile index of a profile reference, or None for a number."""
    if reference is None:
        return None
    spec = reference
    named = (game.metadata or {}).get("references") or {}
    if isinstance(spec, str) and spec.strip() in named:
        spec = named[spec.strip()]
    if isinstance(spec, str) and "," in spec:
        spec = [s.strip() for s in spec.split(",")]
    if isinstance(spec, (list, tuple, Mapping)):
        try:
            return game.profile_index(spec)
        except (KeyError, ValueError):
            return None
    return None


def construction_check(game, player, diagnosis, params: Mapping | None = None, reference=None,
                       ranges: bool = True) -> ConstructionReport:
    """Check whether ``diagnosis``'s verdict is built into ``game``'s payoffs.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        The diagnosed game (a tree is checked through its reduced strategic form,
        without ablation).
    player : str or int
    diagnosis : ZugzwangDiagnosis
        ``diagnose(game, player, reference=reference, params=params)``.
    params : mapping, optional
    reference : optional
        The reference given to ``diagnose`` (a profile reference moves with the
        ablated components; a number does not).
    ranges : bool
        Also decide whether dominated strategies stay dominated over the
        parameters' ranges.

    Returns
    -------
    ConstructionReport
    """
    from ..game import ExtensiveFormGame
    exact = diagnosis.exact
    i = game.player(player)
    values = game.parameter_values(**dict(params or {}))
    ref = diagnosis.reference
    margin = diagnosis.margin
    zz = bool(diagnosis.zugzwang)
    notes: list = []
    if isinstance(game, ExtensiveFormGame):
        nf = game.substitute(**dict(params or {})).to_normal_form()
        table = np.array([to_fraction(v) if exact else float(v) for v in
                          np.asarray(nf.numeric_payoffs(exact)[i]).flat], dtype=object)
        best_cell = max(table) - ref
        source, effects, background, tradeoff, without, skipped = _tree_ablation(
            game, i, diagnosis, values, reference)
        return ConstructionReport(player=diagnosis.player, reference_label=diagnosis.reference_label,
                                  margin=margin, zugzwang=zz, all_cells_below=bool(best_cell < 0),
                                  max_cell=best_cell, source=source, effects=effects, background=background,
                                  tradeoff=tradeoff, margin_without_tradeoffs=without, skipped=skipped,
                                  exact=exact, notes=tuple(notes))
    table = _focal_table(game, i, values, exact)
    best_cell = max(table.flat) - ref
    source, arrays, skipped = component_arrays(game, i, params, exact)
    if source == "components":
        total = sum(arrays.values())
        loose = int(sum(1 for a, b in zip(np.asarray(total).flat, table.flat) if a != b))
        if loose:
            notes.append(f"{loose} profile(s) name no components adding up to {diagnosis.player}'s payoff; "
                         f"the rest of their payoff is never dropped")
    cell = _reference_cell(game, i, diagnosis, reference)
    effects, background, tradeoff = [], [], []
    without = None
    if arrays:
        expect = {c: _option_expectations(diagnosis, game, i, a) for c, a in arrays.items()}
        base_vals = [list(o.reaction_payoffs) for o in diagnosis.options]

        def margin_without(names):
            best = None
            for k, vals in enumerate(base_vals):
                for e, v in enumerate(vals):
                    w = v - sum((expect[c][k][e] for c in names), Fraction(0) if exact else 0.0)
                    best = w if best is None or w > best else best
            r = ref - (sum((arrays[c][cell] for c in names), Fraction(0) if exact else 0.0)
                       if cell is not None else 0)
            return best - r

        for c in arrays:
            seen = {v for vals in expect[c] for v in vals}
            (background if len(seen) <= 1 else tradeoff).append(c)
        for c in arrays:
            m = margin_without([c])
            z = bool(m < 0)
            effects.append(ComponentEffect(name=c, kind="trade-off" if c in tradeoff else "background",
                                           margin=m, change=m - margin, zugzwang=z, flips=z != zz))
        without = margin_without(tradeoff)
    dominated = tuple(_dominated(game, i, values, exact, ranges))
    return ConstructionReport(player=diagnosis.player, reference_label=diagnosis.reference_label, margin=margin,
                              zugzwang=zz, all_cells_below=bool(best_cell < 0), max_cell=best_cell,
                              source=source, effects=tuple(effects), background=tuple(background),
                              tradeoff=tuple(tradeoff), margin_without_tradeoffs=without,
                              dominated=dominated, skipped=tuple(skipped), exact=exact, notes=tuple(notes))


def _tree_parameters(game, i: int):
    """(parameters in the focal player's outcome payoffs only, parameters shared with others)."""
    mine: set[str] = set()
    theirs: set[str] = set()
    for o in game.outcomes:
        for j, v in enumerate(o.payoffs):
            if is_symbolic(v):
                (mine if j == i else theirs).update(s.name for s in v.free_symbols)
    for h in game.chance_infosets:  # chance probabilities shape everyone's expectations
        for p in h.probabilities or ():
            if is_symbolic(p):
                theirs.update(s.name for s in p.free_symbols)
    own = tuple(p for p in game.parameters if p in mine and p not in theirs)
    shared = tuple(p for p in game.parameters if p in mine and p in theirs)
    return own, shared


def _tree_ablation(game, i: int, diagnosis, values, reference):
    """Ablation of a tree by its focal-only parameters (see the module docstring)."""
    import warnings
    from .zugzwang import diagnose
    own, shared = _tree_parameters(game, i)
    if not own:
        return "none", (), (), (), None, shared
    exact = diagnosis.exact
    zero = Fraction(0) if exact else 0.0
    ref_spec = diagnosis.reference if reference is None else reference

    def rerun(names):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return diagnose(game, i, reference=ref_spec, params={**values, **{n: zero for n in names}},
                            exact=exact, whole_game=False, conditions=False)

    base = [o.reaction_payoffs for o in diagnosis.options]
    effects: list = []
    background: list = []
    tradeoff: list = []
    for p in own:
        d = rerun([p])
        diffs = {a - b for old, new in zip(base, (o.reaction_payoffs for o in d.options))
                 for a, b in zip(old, new)}
        (background if len(diffs) <= 1 else tradeoff).append(p)
        effects.append((p, d))
    out = [ComponentEffect(name=p, kind="background" if p in background else "trade-off", margin=d.margin,
                           change=d.margin - diagnosis.margin, zugzwang=bool(d.zugzwang),
                           flips=bool(d.zugzwang) != bool(diagnosis.zugzwang)) for p, d in effects]
    without = rerun(tradeoff).margin if tradeoff else diagnosis.margin
    return "parameters", tuple(out), tuple(background), tuple(tradeoff), without, shared


# ---------------------------------------------------------------------- dominance over the box
def _lower_bound(expr, box: Mapping) -> Any:
    """Least value of ``expr`` over the box of parameter ranges, or None when
    ``expr`` is not linear in parameters that all have ranges."""
    if not is_symbolic(expr):
        return to_fraction(expr)
    import sympy
    syms = sorted(expr.free_symbols, key=lambda s: s.name)
    if any(s.name not in box for s in syms):
        return None
    try:
        poly = sympy.Poly(sympy.expand(expr), *syms)
    except sympy.PolynomialError:
        return None
    if poly.total_degree() > 1:
        return None
    total = Fraction(0)
    for monom, coeff in poly.terms():
        c = to_fraction(sympy.nsimplify(coeff)) if not coeff.is_Rational else Fraction(int(coeff.p), int(coeff.q))
        if sum(monom) == 0:
            total += c
            continue
        k = monom.index(1)
        lo, hi = box[syms[k].name]
        total += min(c * lo, c * hi)
    return total


def _dominated(game, focal: int, values, exact: bool, ranges: bool):
    """Pure strategies of the other players strictly dominated by a pure strategy at
    ``values``; ``regardless`` says whether they stay dominated over the ranges."""
    numeric = game.substitute(**values) if game.is_symbolic else game
    P = numeric.numeric_payoffs(exact)
    box = {k: (to_fraction(p.low), to_fraction(p.high)) for k, p in game.parameters.items()
           if p.low is not None and p.high is not None}
    out = []
    for j in range(game.n_players):
        if j == focal or game.shape[j] < 2:
            continue
        U = np.moveaxis(np.asarray(P[j]), j, 0)
        S = np.moveaxis(np.asarray(game.payoffs[j], dtype=object), j, 0)
        for s in range(game.shape[j]):
            for t in range(game.shape[j]):
                if s == t or not all(a > b for a, b in zip(U[t].flat, U[s].flat)):
                    continue
                regardless = None
                if ranges:
                    bounds = [_lower_bound(a - b, box) for a, b in zip(S[t].flat, S[s].flat)]
                    if all(b is not None for b in bounds):
                        regardless = all(b > 0 for b in bounds)
                out.append(DominatedStrategy(game.players[j], game.strategies[j][s], game.strategies[j][t],
                                             regardless))
                break
    return out
