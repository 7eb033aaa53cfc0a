"""The diagnosis at one parameter point: reaction games solved, verdict, margin, security value.

:func:`diagnose_point` computes everything :func:`~gametheory.analysis.zugzwang.diagnose`
returns except the escape conditions and the robustness estimate (which build on
it), and hands back what those need (:class:`PointContext`).  The stacked engine's
one-point route calls it directly.
"""
from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...exceptions import SolverError, UnsupportedGameError
from ...payoffs import to_fraction
from .methods import ENUMPOLY_LIMIT, solve_complete, solve_reaction
from .reactions import Reaction, expected_payoff, focal_options, is_tree, tree_route
from .records import OptionAssessment, WholeGameVerdict, ZugzwangDiagnosis
from .references import numeric_value, resolve_reference

__all__ = ["PointContext", "diagnose_point", "evaluate_reactions", "option_figures", "verdict",
           "whole_game_verdict"]


def option_figures(focal_full: np.ndarray, exact: bool):
    """worst, best, regret per option from the focal array (options x others' profiles)."""
    M = focal_full
    worst = [min(row) for row in M]
    best = [max(row) for row in M]
    colmax = [max(M[:, c]) for c in range(M.shape[1])]
    regret = [max(colmax[c] - M[o, c] for c in range(M.shape[1])) for o in range(M.shape[0])]
    return worst, best, regret


def evaluate_reactions(reactions: Sequence[Reaction], values: Mapping, exact: bool, method: str,
                       spe_cache: dict | None = None):
    """Per option: (result, payoffs, focal array); plus warnings.

    ``spe_cache``: a dict kept across the points of a sweep, passed to the
    subgame-perfect solver (``subgame_cache``: subgames solved once per
    distinct reduced normal form); the answers do not depend on it.
    """
    out, warns = [], []
    for r in reactions:
        if tree_route(r, method):
            from ...solvers import solve
            tree: Any = r.tree
            if tree.is_symbolic:
                tree = tree.substitute(**values)
            opts = {} if spe_cache is None else {"subgame_cache": spe_cache}
            result = solve(tree, method="spe", exact=exact, **opts)
            if not result.equilibria:
                raise SolverError(f"no subgame-perfect equilibrium found for the reaction game of {r.option!r}")
            pays = tuple(eq.payoff(r.focal_index) for eq in result.equilibria)
            pays = tuple(to_fraction(p) if exact else float(p) for p in pays)
            out.append((result, pays, None))
            continue
        g, focal = r.numeric(values, exact)
        result, w = solve_reaction(g, method, exact)
        warns.extend(w)
        pays = tuple(expected_payoff(focal, [np.asarray(p) for p in eq.probabilities]) for eq in result.equilibria)
        if not exact:
            pays = tuple(float(p) for p in pays)
        out.append((result, pays, focal))
    return out, warns


def verdict(evals, ref):
    best = None
    for _, pays, _ in evals:
        for p in pays:
            if best is None or p > best:
                best = p
    return best - ref < 0, best - ref


@dataclass(frozen=True)
class PointContext:
    """What the escape conditions and the robustness estimate reuse from a point's diagnosis."""

    i: int
    values: dict
    symbolic: bool
    exact: bool
    ref_sym: object
    reactions: list
    evals: list


def diagnose_point(game, player, reference=0, params: Mapping | None = None, exact: bool | None = None,
                   method: str = "auto", *, whole_game: bool = True,
                   reactions: Sequence[Reaction] | None = None,
                   spe_cache: dict | None = None) -> tuple[ZugzwangDiagnosis, PointContext]:
    """The diagnosis at one point without escape conditions or robustness, and its context.

    Parameters are those of :func:`~gametheory.analysis.zugzwang.diagnose`;
    ``reactions`` are the reaction games built once by a caller diagnosing many
    points (they depend on the game and the player only); ``spe_cache`` a dict
    such a caller keeps for the subgame-perfect solver (trees; see
    :func:`evaluate_reactions`).
    """
    i = game.player(player)
    if game.n_players < 2:
        raise UnsupportedGameError("zugzwang diagnostics need at least two players")
    values = game.parameter_values(**dict(params or {}))
    symbolic = game.is_symbolic
    numeric = game.substitute(**dict(params or {})) if symbolic else game
    if exact is None:
        exact = numeric.kind == "exact"
    ref_sym, ref_label = resolve_reference(game, i, reference, values)
    ref = numeric_value(ref_sym, values, exact)

    options = focal_options(game, i)
    # ``_reactions``: the reaction games built once by a caller diagnosing many points
    # (the stacked engine); they depend on the game and the player only.
    reactions = list(reactions) if reactions is not None else [Reaction(game, i, o) for o in options]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        evals, warns = evaluate_reactions(reactions, values, exact, method, spe_cache)
    warns = [f"reaction game: {w.message}" for w in caught] + list(warns)

    # worst / best / regret from the focal player's own payoffs in the (reduced) strategic form
    nf = numeric.to_normal_form() if is_tree(numeric) else numeric
    focal_full = np.moveaxis(nf.numeric_payoffs(exact)[i], i, 0).reshape(nf.shape[i], -1)
    if tuple(nf.strategies[i]) != tuple(options):
        raise SolverError("internal error: the options differ from the strategic form's strategies")
    worst, best, regret = option_figures(focal_full, exact)

    assessments = []
    for o, (result, pays, _), w, b, rg in zip(options, evals, worst, best, regret):
        assessments.append(OptionAssessment(option=o, worst=w, best=b, reaction_payoffs=pays, regret=rg,
                                            reaction_equilibria=result))
    zz, margin = verdict(evals, ref)
    # The best payoff itself, not margin + ref: in floating point (m - r) + r can differ
    # from m in the last bit, and then no option would be found to reach it.
    top = max(p for _, pays, _ in evals for p in pays)
    rests_on = tuple((o, k) for o, (_, pays, _) in zip(options, evals) for k, p in enumerate(pays) if p == top)
    best_option = rests_on[0][0] if rests_on else ""
    complete = all(a.complete for a in assessments)
    if not complete:
        names = ", ".join(a.option for a in assessments if not a.complete)
        warns.append(f"the equilibrium sets of the reaction games for {names} are not known to be complete; "
                     f"the verdict rests on the equilibria found")

    # strong form: the security value
    from ..security import security_level
    sec_value: Any = security_level(nf, i, exact=exact).value
    sec = to_fraction(sec_value) if exact else float(sec_value)
    strong = sec < ref
    forced = max(ref, top) - top

    whole = None
    if whole_game:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            whole = whole_game_verdict(numeric if (is_tree(numeric) and method in ("auto", "spe")) else nf,
                                        i, ref, exact, spe_cache)
        warns.extend(f"whole game: {w.message}" for w in caught)
    if whole is not None and not whole.complete:
        why = "; ".join(whole.equilibria.warnings)
        warns.append(f"the whole game was solved with {whole.method}, which is not known to find every equilibrium"
                     + (f" ({why})" if why else ""))

    shown = {k: values[k] for k in game.parameters if k in values} if symbolic or game.parameters else {}
    record = ZugzwangDiagnosis(
        player=game.players[i], reference=ref, zugzwang=bool(zz), margin=margin, strong=bool(strong),
        security_value=sec, forced_move_cost=forced, options=tuple(assessments), whole_game=whole,
        conditions=(), robustness=None, best_option=best_option, rests_on=rests_on,
        reference_label=ref_label, exact=bool(exact), parameters=shown, complete=complete,
        warnings=tuple(dict.fromkeys(warns)))
    return record, PointContext(i=i, values=dict(values), symbolic=bool(symbolic), exact=bool(exact),
                                ref_sym=ref_sym, reactions=reactions, evals=evals)


def whole_game_verdict(nf, i: int, ref, exact: bool, spe_cache: dict | None = None) -> WholeGameVerdict:
    """The verdict against the equilibria of the whole game (``spe`` for a tree;
    ``spe_cache`` as in :func:`evaluate_reactions`)."""
    from ...solvers import solve
    if is_tree(nf):
        # The same bound as the reaction games' n-player solves (ENUMPOLY_LIMIT).
        name = "spe"
        opts = {} if spe_cache is None else {"subgame_cache": spe_cache}
        result = solve(nf, method=name, exact=exact, subgame_limit=ENUMPOLY_LIMIT, **opts)
    else:
        result, name = solve_complete(nf, "auto", exact)
    pays = tuple(eq.payoff(i) for eq in result.equilibria)
    pays = tuple(to_fraction(p) if exact else float(p) for p in pays)
    if pays:
        margin = max(pays) - ref
        zz = margin < 0
    else:
        margin, zz = None, False
    return WholeGameVerdict(zugzwang=bool(zz), margin=margin, payoffs=pays, equilibria=result,
                            method=name, complete=bool(result.complete) and name != "simpdiv")


