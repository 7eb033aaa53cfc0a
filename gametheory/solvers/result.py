"""The result record every solver returns, and the check every equilibrium passes.

A solver never returns an unverified profile: :func:`make_result` computes each
profile's maximum regret (exactly, with Fractions, in exact mode; in floating
point otherwise) and raises :class:`~gametheory.exceptions.SolverError` when one
exceeds the stated tolerance.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..exceptions import InvalidGameError, SolverError
from ..payoffs import format_value

#: Default regret tolerance of floating-point solvers.
FLOAT_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Component:
    """A maximal Nash subset: a convex set of equilibria spanned by extreme ones.

    ``extreme`` holds indices into the result's ``equilibria``; for two-player
    games the component is ``{(x, y) : x in conv(X), y in conv(Y)}`` for each
    maximal clique ``(X, Y)``, listed in ``row_vertices``/``column_vertices``.
    """

    extreme: tuple[int, ...]
    row_vertices: tuple[int, ...] = ()
    column_vertices: tuple[int, ...] = ()

    def to_json(self) -> dict:
        return {"extreme": list(self.extreme), "row_vertices": list(self.row_vertices),
                "column_vertices": list(self.column_vertices)}


@dataclass(frozen=True)
class EquilibriumResult:
    """How a set of equilibria was produced, and the equilibria.

    Attributes
    ----------
    game : NormalFormGame or ExtensiveFormGame
        The numeric game that was solved (after parameter substitution).
    method : str
        The registered method name (``"enummixed"``, ``"lh"``, ...).
    exact : bool
        True when every probability is a Fraction and regrets were checked exactly.
        When False, single equilibria may still be exact (``profile.exact``; the
        JSON and CSV say so per equilibrium): those were checked exactly too.
    tolerance : float
        The regret tolerance the equilibria were checked against (0 when exact).
    parameters : dict
        Parameter values substituted into a symbolic game (empty otherwise).
    equilibria : tuple
        Verified profiles (:class:`MixedStrategyProfile` or behaviour profiles).
    complete : bool
        True when the method guarantees that every equilibrium of its kind was
        found (all extreme equilibria for ``enummixed``, all isolated ones for
        ``enumpoly``, all pure ones for ``pure``).
    components : tuple of Component
        Maximal Nash subsets (two-player complete methods).
    warnings : tuple of str
    details : dict
        Method-specific extras (QRE path, pivots, ...).
    """

    game: Any
    method: str
    exact: bool
    tolerance: float
    equilibria: tuple
    parameters: dict = field(default_factory=dict)
    complete: bool = False
    components: tuple = ()
    warnings: tuple = ()
    details: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)

    def __getitem__(self, k):
        return self.equilibria[k]

    # -------------------------------------------------------------- output
    def to_json(self, *, details: bool = True) -> dict:
        """The JSON document of ``gametheory solve --format json``.

        ``details`` (default) adds the record's method-specific details, made
        JSON-safe (:func:`json_safe`: Fractions as exact strings, profiles as their
        JSON, non-finite floats as strings); batch and sweep rows leave them out."""
        doc = {
            "game": getattr(self.game, "title", "") or "",
            "method": self.method,
            "exact": self.exact,
            "tolerance": self.tolerance,
            "complete": self.complete,
            "parameters": {k: _json_value(v) for k, v in self.parameters.items()},
            "players": list(self.game.players),
            "equilibria": [dict(eq.to_json(_eq_exact(self, eq)), exact=_eq_exact(self, eq))
                           for eq in self.equilibria],
            "components": [c.to_json() for c in self.components],
            "warnings": list(self.warnings),
        }
        if details:
            doc["details"] = json_safe(self.details)
        return doc

    def to_json_text(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_json(), indent=indent, ensure_ascii=False)

    def to_rows(self) -> list[dict]:
        """One flat dict per equilibrium (for CSV): ``equilibrium``, ``Player:strategy`` columns
        (or ``Player:infoset:action`` for behaviour profiles), ``payoff:Player``.

        When labels would make two of these names equal (a player called
        ``payoff``, say), every probability column is named ``p:Player:strategy``
        instead; names still equal after that raise :class:`InvalidGameError`."""
        rows = []
        prefix = ""
        for k, eq in enumerate(self.equilibria):
            doc = eq.to_json(_eq_exact(self, eq))
            fixed = {"method": self.method, "exact": _eq_exact(self, eq), "equilibrium": k + 1}
            probs = [(f"{player}:{key}", val) for player, mix in doc["labels"].items()
                     for key, val in _flatten(mix)]
            pays = [(f"payoff:{player}", val) for player, val in zip(self.game.players, doc["payoffs"])]
            names = [n for n, _ in probs]
            if not prefix and (len(set(names)) < len(names) or
                               set(names) & ({n for n, _ in pays} | set(fixed))):
                # Labels such as a player "payoff" (or strategies named like another
                # player) would make two columns one: name the probabilities "p:...".
                prefix = "p:"
            row = dict(fixed)
            for name, val in probs:
                row[prefix + name] = val
            row.update(pays)
            if len(row) != len(fixed) + len(probs) + len(pays):
                raise InvalidGameError("the game's labels give two CSV columns the same name "
                                       f"({', '.join(sorted(set(n for n in names if names.count(n) > 1)))}); "
                                       "rename a player, information set or strategy")
            rows.append(row)
        return rows

    def table(self) -> str:
        """A plain-text table: one block per equilibrium."""
        n_exact = sum(_eq_exact(self, eq) for eq in self.equilibria)
        how = ("exact" if self.exact else
               f"{n_exact} exact, the others floating point with regret <= {self.tolerance:g}"
               if n_exact else f"floating point, regret <= {self.tolerance:g}")
        lines = [f"{self.method}: {len(self.equilibria)} equilibri{'um' if len(self.equilibria) == 1 else 'a'}"
                 f" ({how}"
                 f"{', complete' if self.complete else ''})"]
        if self.parameters:
            lines.append("parameters: " + ", ".join(f"{k}={format_value(v)}" for k, v in self.parameters.items()))
        mixed_exactness = len({_eq_exact(self, eq) for eq in self.equilibria}) > 1
        for k, eq in enumerate(self.equilibria):
            doc = eq.to_json(_eq_exact(self, eq))
            lines.append(f"#{k + 1}" + ("" if not mixed_exactness else
                                        " (exact)" if _eq_exact(self, eq) else " (floating point)"))
            for player, mix in doc["labels"].items():
                parts = [f"{key}={_fmt(v)}" for key, v in _flatten(mix) if _nonzero(v)]
                lines.append(f"  {player}: " + ", ".join(parts))
            lines.append("  payoffs: " + ", ".join(
                f"{p}={_fmt(v)}" for p, v in zip(self.game.players, doc["payoffs"])))
        for c in self.components:
            if len(c.extreme) > 1:
                lines.append("component: equilibria " + ", ".join(f"#{k + 1}" for k in c.extreme)
                             + " and every convex combination within it")
        for w in self.warnings:
            lines.append(f"warning: {w}")
        return "\n".join(lines)

    def _repr_html_(self) -> str | None:
        from ..game.display import render  # renderers registered by gametheory.report.display
        return render("result", "html", self)

    def _repr_latex_(self) -> str | None:
        from ..game.display import render
        return render("result", "latex", self)

    __str__ = table


def _eq_exact(result, eq) -> bool:
    """Whether one equilibrium of ``result`` is exact (an exact result's are all exact;
    a float result may hold exact ones, for example the rational equilibria of
    ``enumpoly`` next to irrational ones)."""
    return bool(result.exact or (getattr(eq, "exact", False) and result.game.kind == "exact"))


def _flatten(mix, prefix=""):
    for key, val in mix.items():
        if isinstance(val, dict):
            yield from _flatten(val, f"{prefix}{key}:")
        else:
            yield f"{prefix}{key}", val


def _nonzero(v) -> bool:
    return v not in ("0", 0, 0.0)


def _fmt(v) -> str:
    return v if isinstance(v, str) else f"{v:.6g}"


def json_safe(v, _depth: int = 0):
    """``v`` as plain JSON values: dicts (keys as strings), lists, strings, finite
    numbers, booleans and None.  Fractions and sympy values become their exact
    text, numpy values their Python equivalents, profiles their ``to_json()``."""
    from fractions import Fraction

    import numpy as np
    if v is None or isinstance(v, (bool, str, int)):
        return v
    if isinstance(v, float):
        return v if np.isfinite(v) else str(v)
    if isinstance(v, Fraction):
        return format_value(v)
    if isinstance(v, np.generic):
        return json_safe(v.item(), _depth)
    if _depth > 50:
        return str(v)
    if isinstance(v, np.ndarray):
        return json_safe(v.tolist(), _depth + 1)
    if isinstance(v, dict):
        return {str(k): json_safe(x, _depth + 1) for k, x in v.items()}
    if isinstance(v, (list, tuple, set, frozenset)):
        return [json_safe(x, _depth + 1) for x in (sorted(v, key=str) if isinstance(v, (set, frozenset)) else v)]
    if hasattr(v, "to_json"):
        return json_safe(v.to_json(), _depth + 1)
    return str(v)


def _json_value(v):
    from fractions import Fraction
    if isinstance(v, Fraction):
        return format_value(v)
    return v


def verify_profile(profile, exact: bool, tolerance: float):
    """The profile's max regret, after checking it is at most ``tolerance`` (0 if exact).

    Raises
    ------
    SolverError
        If the profile is not an equilibrium within the tolerance, or is not a
        probability distribution.
    """
    dist = profile.distribution_error()
    regret = profile.max_regret()
    if exact:
        if dist != 0 or regret != 0:
            raise SolverError(f"internal error: candidate profile {profile!r} has regret {regret} "
                              f"(distribution error {dist}); refusing to return it")
    elif not (regret <= tolerance and dist <= tolerance):
        raise SolverError(f"candidate profile {profile!r} has regret {float(regret):.3g} > "
                          f"tolerance {tolerance:g}; refusing to return it")
    return regret


def verify_bimatrix_float(A, B, X, Y, tolerance: float):
    """:func:`verify_profile` for many float profiles of one bimatrix game at once.

    ``X`` (``e x m``) and ``Y`` (``e x n``) hold the row and column mixes of ``e``
    profiles; ``A`` and ``B`` are the game's float payoff matrices.  Every
    profile's regret and distance from a distribution are computed with two
    matrix products and checked against ``tolerance``, as :func:`verify_profile`
    checks one profile.

    Returns
    -------
    ndarray (e,)
        Each profile's max regret.

    Raises
    ------
    SolverError
        Naming the first profile whose regret or distribution error exceeds the tolerance.
    """
    import numpy as np

    from .stacked import bimatrix_regrets
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    if len(X) == 0:
        return np.zeros(0)
    regret, dist, _, _ = bimatrix_regrets(A, B, X, Y)
    bad = np.flatnonzero(~((regret <= tolerance) & (dist <= tolerance)))
    if len(bad):
        k = int(bad[0])
        raise SolverError(f"candidate profile ({X[k].tolist()}, {Y[k].tolist()}) has regret "
                          f"{float(regret[k]):.3g} (distribution error {float(dist[k]):.3g}) > "
                          f"tolerance {tolerance:g}; refusing to return it")
    return regret


def make_result(game, method: str, equilibria: Sequence, *, exact: bool,
                tolerance: float | None = None, parameters: dict | None = None,
                complete: bool = False, components: Sequence = (), warnings: Sequence = (),
                details: dict | None = None, verify: bool = True) -> EquilibriumResult:
    """Verify every equilibrium and build the frozen :class:`EquilibriumResult`."""
    tol = 0.0 if exact else (FLOAT_TOLERANCE if tolerance is None else float(tolerance))
    if verify:
        exact_game = getattr(game, "kind", "") == "exact"
        for eq in equilibria:
            # An exact profile of an exact game is checked exactly even in a float result.
            verify_profile(eq, exact or (exact_game and getattr(eq, "exact", False)), tol)
    if parameters is None:
        parameters = dict(getattr(game, "metadata", {}).get("parameter_values", {}))
    return EquilibriumResult(game=game, method=method, exact=exact, tolerance=tol,
                             equilibria=tuple(equilibria), parameters=dict(parameters),
                             complete=complete, components=tuple(components),
                             warnings=tuple(warnings), details=dict(details or {}))
