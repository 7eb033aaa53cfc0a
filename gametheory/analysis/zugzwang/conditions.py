"""Escape conditions of a zugzwang: closed forms in the parameters, or boundaries.

Given a symbolic game, a focal player and a reference payoff, this module finds the
parameter values under which some option of the focal player yields at least the
reference in some equilibrium of its reaction game (see
``docs/explanation/zugzwang.md``).  Candidate equilibria are

* every pure profile of the reacting players (strategic forms): an equilibrium
  exactly when its best-response inequalities hold;
* every pure behaviour profile (trees, subgame-perfect reactions): subgame perfect
  exactly when no player gains by a pure deviation in any proper subgame
  (Selten 1975);
* the mixed equilibria found at the current values, with supports held fixed, when
  at most two players mix (the indifference equations are then linear).

One-parameter regions are solved with sympy (``solve_univariate_inequality``, or
directly when linear) and checked by full diagnoses on both sides of each
threshold; where no closed form exists the boundary is found by bisection.
"""
from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

import numpy as np

from ...payoffs import as_sympy, format_value, to_fraction
from .evaluation import evaluate_reactions, verdict
from .reactions import Reaction, focal_options, tree_route
from .records import Condition
from .references import numeric_value, resolve_reference

#: Most pure candidate equilibria examined per option for the closed forms.
MAX_PURE_CANDIDATES = 512
#: Bisection steps used for numerical boundaries.
BISECTION_STEPS = 14


@dataclass
class _Candidate:
    """A candidate reaction equilibrium with a fixed support, in closed form."""

    option: str
    support: tuple            # per other player: indices in the support
    payoff: Any               # focal payoff expression
    exists: list              # sympy relationals (the equilibrium's conditions)
    pure: bool
    at_values: bool           # an equilibrium at the evaluated parameter values


def _relation(lhs, rhs, strict: bool = False):
    """``lhs >= rhs`` (or ``>``) as a simplified relational ``expr >= 0``."""
    import sympy
    d = as_sympy(lhs) - as_sympy(rhs)
    d = sympy.expand(d) if d.is_polynomial() else sympy.simplify(sympy.together(d))
    return (d > 0) if strict else (d >= 0)


@functools.lru_cache(maxsize=4096)
def _readable(rel):
    """``-backlash + discipline - 1 >= 0`` as ``discipline >= backlash + 1``: terms with
    positive coefficients on the left, the rest on the right (linear relations only).

    Cached: the same relations recur across options, equilibria and parameters
    (sympy expressions are immutable and hashable)."""
    import sympy
    if not isinstance(rel, (sympy.GreaterThan, sympy.StrictGreaterThan)):
        return rel
    expr = sympy.expand(rel.lhs - rel.rhs)
    if not expr.is_polynomial():
        return rel
    if sympy.Poly(expr, *sorted(expr.free_symbols, key=str)).total_degree() > 1:
        op = sympy.Gt if isinstance(rel, sympy.StrictGreaterThan) else sympy.Ge
        return op(sympy.factor(expr), 0, evaluate=False)
    left, right = sympy.Integer(0), sympy.Integer(0)
    for term in sympy.Add.make_args(expr):
        coeff = term.as_coeff_Mul()[0]
        if term.free_symbols and coeff > 0:
            left += term
        else:
            right -= term
    op = sympy.Gt if isinstance(rel, sympy.StrictGreaterThan) else sympy.Ge
    if left == 0:
        return (sympy.Lt if op is sympy.Gt else sympy.Le)(-expr, 0, evaluate=False)
    return op(left, right, evaluate=False)


@functools.lru_cache(maxsize=4096)
def _univariate(rel, sym):
    """The set of real ``sym`` satisfying ``rel`` (cached, as :func:`_readable`)."""
    import sympy
    from sympy.solvers.inequalities import solve_univariate_inequality
    return solve_univariate_inequality(rel, sym, relational=False, domain=sympy.S.Reals)


def _conjunction(rels):
    """A simplified ``And`` of relations ``expr >= 0`` / ``expr > 0``: the relations in
    one parameter are merged into an interval (``2 <= kin_sympathy``), duplicates dropped."""
    import sympy
    single: dict = {}
    multi = []
    for rel in rels:
        if rel is sympy.true or rel == True:  # noqa: E712
            continue
        if rel is sympy.false or rel == False:  # noqa: E712
            return sympy.false
        free = rel.free_symbols
        if len(free) == 1:
            single.setdefault(next(iter(free)), []).append(rel)
        else:
            rel = _readable(rel)
            if rel not in multi:
                multi.append(rel)
    parts = []
    for sym in sorted(single, key=lambda x: x.name):
        try:
            sets = [_univariate(r, sym) for r in single[sym]]
        except (NotImplementedError, ValueError, TypeError):
            parts.extend(single[sym])
            continue
        region = sympy.Intersection(*sets) if len(sets) > 1 else sets[0]
        if region is sympy.EmptySet:
            return sympy.false
        parts.append(region.as_relational(sym))
    out = sympy.And(*parts, *multi)
    return out


def _pure_candidates(r: Reaction, option: str, found: set):
    g = r.game
    n = g.n_players
    total = math.prod(g.shape)
    out: list = []
    if total > MAX_PURE_CANDIDATES:
        return out
    P = g.payoffs
    for prof in itertools.product(*(range(m) for m in g.shape)):
        rels = []
        impossible = False
        for j in range(n):
            here = P[(j,) + prof]
            for a in range(g.shape[j]):
                if a == prof[j]:
                    continue
                dev = list(prof)
                dev[j] = a
                rel = _relation(here, P[(j,) + tuple(dev)])
                if rel is True or rel == True:  # noqa: E712  (sympy true)
                    continue
                if rel is False or rel == False:  # noqa: E712
                    impossible = True
                    break
                rels.append(rel)
            if impossible:
                break
        if impossible:
            continue
        support = tuple((k,) for k in prof)
        out.append(_Candidate(option, support, as_sympy(r.focal[prof]), rels, True, support in found))
    return out


def _tree_value(tree, root: int, choice: Mapping[int, int]) -> list:
    """Expected payoffs (sympy) of the subtree at ``root`` when every information set
    ``h`` plays action ``choice[id(h)]``; outcomes from ``root`` down, iteratively."""
    import sympy
    from ...game.extensive import CHANCE
    total = [sympy.Integer(0)] * tree.n_players
    stack = [(root, sympy.Integer(1))]
    while stack:
        k, prob = stack.pop()
        node = tree.nodes[k]
        if node.outcome is not None:
            total = [t + prob * as_sympy(v) for t, v in zip(total, node.outcome.payoffs)]
        if not node.children:
            continue
        h = node.infoset
        if h.player == CHANCE:
            for c, q in zip(node.children, h.probabilities):
                stack.append((c, prob * as_sympy(q)))
        else:
            stack.append((node.children[choice[id(h)]], prob))
    return total


def _tree_pure_candidates(r: Reaction, option: str, values: Mapping):
    """Every pure behaviour profile of the pruned tree with the conditions under which
    it is subgame perfect (its restriction to every proper subgame is a Nash
    equilibrium: no player gains by a pure deviation there; Selten 1975).
    Returns None when there are too many profiles."""
    from ...solvers.subgame_perfect import subgame_roots
    tree: Any = r.tree
    infos = [h for sets in tree.infosets for h in sets]
    if math.prod(len(h.actions) for h in infos) > MAX_PURE_CANDIDATES:
        return None
    roots = subgame_roots(tree)
    below: dict[int, list] = {}
    for root in roots:
        members = {n.index for n in tree.preorder(root)}
        below[root] = [h for h in infos if h.members[0] in members]
    at = {_param_symbol(k): as_sympy(to_fraction(v)) for k, v in values.items()}
    out = []
    for combo in itertools.product(*(range(len(h.actions)) for h in infos)):
        choice = {id(h): a for h, a in zip(infos, combo)}
        rels: list = []
        possible = True
        for root in roots:
            base = _tree_value(tree, root, choice)
            for j in range(tree.n_players):
                hs = [h for h in below[root] if h.player == j]
                if not hs:
                    continue
                for dev in itertools.product(*(range(len(h.actions)) for h in hs)):
                    if all(choice[id(h)] == a for h, a in zip(hs, dev)):
                        continue
                    alt = dict(choice)
                    alt.update({id(h): a for h, a in zip(hs, dev)})
                    rel = _relation(base[j], _tree_value(tree, root, alt)[j])
                    if rel is False or rel == False:  # noqa: E712
                        possible = False
                        break
                    if not (rel is True or rel == True) and rel not in rels:  # noqa: E712
                        rels.append(rel)
                if not possible:
                    break
            if not possible:
                break
        if not possible:
            continue
        support = tuple((h.label or f"{tree.players[h.player]} {h.number}", h.actions[a])
                        for h, a in zip(infos, combo))
        holds = all(bool(x.xreplace(at)) for x in rels)
        out.append(_Candidate(option, support, _tree_value(tree, 0, choice)[r.focal_index], rels, True, holds))
    return out


def _mixed_unknowns(g, support):
    """Probability vectors with a symbol for each mixed player's supported strategy."""
    import sympy
    probs, unknowns = [], []
    for j in range(g.n_players):
        v = [sympy.Integer(0)] * g.shape[j]
        if len(support[j]) == 1:
            v[support[j][0]] = sympy.Integer(1)
        else:
            syms = [sympy.Symbol(f"_p{j}_{k}") for k in support[j]]
            for k, s in zip(support[j], syms):
                v[k] = s
            unknowns.extend(syms)
        probs.append(v)
    return probs, unknowns


def _pure_value(g, support, probs, j: int, a: int):
    """Player ``j``'s payoff for pure strategy ``a`` against the others' symbolic mixes."""
    import sympy
    n = g.n_players
    total = sympy.Integer(0)
    for prof in itertools.product(*(support[l] if l != j else (a,) for l in range(n))):
        w = sympy.Integer(1)
        for l in range(n):
            if l != j:
                w = w * probs[l][prof[l]]
        total += w * as_sympy(g.payoffs[(j,) + prof])
    return total


def _closest_solution(sols, unknowns, mixing, support, numeric_probs, values):
    """The symbolic solution nearest the numeric equilibrium at ``values`` (within 1e-6), or None."""
    import sympy
    num_values = {sympy.Symbol(f"_p{j}_{k}"): float(numeric_probs[j][k]) for j in mixing for k in support[j]}
    at = {_param_symbol(k): as_sympy(to_fraction(v)) for k, v in values.items()}
    chosen, best = None, None
    for s in sols:
        if set(s) != set(unknowns):
            continue  # a solution family (degenerate support): no closed form
        try:
            dist = max(abs(float(s[u].xreplace(at)) - v) for u, v in num_values.items())
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if best is None or dist < best:
            chosen, best = s, dist
    if chosen is None or best is None or best > 1e-6:
        return None
    return chosen


def _mixed_candidate(r: Reaction, option: str, support, numeric_probs, values: Mapping):
    """Closed form of a mixed equilibrium with fixed supports when at most two
    players mix (the indifference equations are then linear)."""
    import sympy
    g = r.game
    n = g.n_players
    mixing = [j for j in range(n) if len(support[j]) > 1]
    if len(mixing) > 2:
        return None
    probs, unknowns = _mixed_unknowns(g, support)

    def value(j, a):
        return _pure_value(g, support, probs, j, a)

    eqs = []
    for j in mixing:
        base = value(j, support[j][0])
        for a in support[j][1:]:
            eqs.append(sympy.Eq(value(j, a), base))
        eqs.append(sympy.Eq(sum(probs[j][k] for k in support[j]), 1))
    sols = sympy.solve(eqs, unknowns, dict=True)
    chosen = _closest_solution(sols, unknowns, mixing, support, numeric_probs, values) if sols else None
    if chosen is None:
        return None
    sub = {u: sympy.simplify(chosen[u]) for u in unknowns}
    rels = [_relation(sub[u], 0, strict=True) for u in unknowns]
    for j in range(n):
        base = sympy.simplify(value(j, support[j][0]).xreplace(sub))
        rels.extend(_relation(base, value(j, a).xreplace(sub)) for a in range(g.shape[j]) if a not in support[j])
    rels = [x for x in rels if x is not sympy.true]
    if any(x is sympy.false for x in rels):
        return None
    pay = sympy.Integer(0)
    for prof in itertools.product(*support):
        w = sympy.Integer(1)
        for l in range(n):
            w = w * probs[l][prof[l]]
        pay += w * as_sympy(r.focal[prof])
    pay = sympy.simplify(pay.xreplace(sub))
    return _Candidate(option, tuple(tuple(s) for s in support), pay, rels, False, True)


def _param_symbol(name):
    import sympy
    return sympy.Symbol(name, real=True)


def _linear_solution(rel, sym):
    """The solution set of ``a*x + b >= 0`` (or ``> 0``) directly; None if not linear."""
    import sympy
    if not isinstance(rel, (sympy.GreaterThan, sympy.StrictGreaterThan)):
        return None
    expr = sympy.expand(rel.lhs - rel.rhs)
    if not expr.is_polynomial(sym):
        return None
    poly = sympy.Poly(expr, sym)
    if poly.degree() > 1:
        return None
    a, b = poly.coeff_monomial(sym), poly.coeff_monomial(1)
    strict = isinstance(rel, sympy.StrictGreaterThan)
    if a == 0:
        return sympy.S.Reals if (b > 0 or (b == 0 and not strict)) else sympy.EmptySet
    x0 = -b / a
    if a > 0:
        return sympy.Interval(x0, sympy.oo, left_open=strict)
    return sympy.Interval(-sympy.oo, x0, right_open=strict)


def _univariate_set(rels, sym, box):
    """The subset of ``box`` (a sympy Interval) on which every relation in ``rels`` holds."""
    import sympy
    from sympy.solvers.inequalities import solve_univariate_inequality
    out = box
    for rel in rels:
        if rel is sympy.true or rel == True:  # noqa: E712
            continue
        if rel is sympy.false or rel == False:  # noqa: E712
            return sympy.EmptySet
        free = rel.free_symbols
        if not free:
            if not bool(rel):
                return sympy.EmptySet
            continue
        if free != {sym}:
            return None
        s = _linear_solution(rel, sym)
        if s is None:
            try:
                s = solve_univariate_inequality(rel, sym, relational=False, domain=sympy.S.Reals)
            except (NotImplementedError, ValueError, TypeError):
                return None
        out = out.intersect(s)
        if out is sympy.EmptySet:
            return out
    return out


def escape_conditions(game, player, reference=0, params: Mapping | None = None, method: str = "auto",
                      *, reactions=None, evals=None, exact: bool | None = None) -> list[Condition]:
    """Closed-form (or numerical) conditions on the parameters for escaping the zugzwang.

    For each option, the candidate equilibria of its reaction game are every pure
    profile of the other players (each an equilibrium exactly when its best-response
    inequalities hold, which are linear in payoff parameters) and the supports of the
    mixed equilibria found at ``params``, solved symbolically with the support held
    fixed when at most two players mix (the indifference equations are then linear).
    Returns

    * one ``"equilibrium exists"`` condition per reaction equilibrium found at
      ``params`` (its support's best-response inequalities),
    * one ``"escape"`` condition per candidate that can yield at least the
      reference (``payoff >= reference`` and its existence conditions),
    * per parameter with a range: the set of its values (others held at
      ``params``) in which some candidate escapes, with the boundary nearest to
      the current value and a numerical check of the verdict on each side; where
      no closed form is available, the boundary found by bisection.

    ``reactions``, ``evals`` and ``exact``: the reaction games, their solved
    equilibria and the arithmetic of a diagnosis at ``params`` (see
    :class:`~.evaluation.PointContext`), so a diagnosis does not solve them again.

    The closed forms assume the equilibria of the reaction games are among the
    candidates: pure equilibria always are; mixed ones with other supports (which
    may appear as parameters move) are caught only by the numerical checks.
    """
    import sympy
    i = game.player(player)
    values = game.parameter_values(**dict(params or {}))
    numeric = game.substitute(**values)
    if exact is None:
        exact = numeric.kind == "exact"
    options = focal_options(game, i)
    reactions = reactions or [Reaction(game, i, o) for o in options]
    if evals is None:
        evals, _ = evaluate_reactions(reactions, values, exact, method)
    ref_sym, _ = resolve_reference(game, i, reference, values)
    ref_sym = as_sympy(ref_sym)
    pname = game.players[i]
    candidates, no_closed_form = _all_candidates(reactions, evals, values, method)
    conds: list[Condition] = []
    for c in candidates:
        if c.at_values:
            rel = _conjunction(c.exists) if c.exists else sympy.true
            conds.append(Condition(
                description=f"{c.option}: the reaction equilibrium ({_describe_support(c, reactions)}) "
                            f"exists iff {rel}",
                relation=rel, text=str(rel), kind="equilibrium exists", closed_form=True, option=c.option))
    conds.extend(_escape_relations(candidates, ref_sym, _parameter_box(game, values), pname, reactions))
    # One parameter at a time.
    current = verdict(evals, numeric_value(ref_sym, values, exact))[0]
    gains = [_relation(c.payoff, ref_sym) for c in candidates]
    for name, p in game.parameters.items():
        if p.low is None or p.high is None or name not in values:
            continue
        side = _Side(game, i, reference, values, method, exact, current, pname)
        conds.append(_one_parameter(side, name, to_fraction(p.low), to_fraction(p.high), candidates, gains,
                                    not no_closed_form))
    return conds


def _all_candidates(reactions, evals, values, method) -> tuple[list[_Candidate], list[str]]:
    """Every option's candidate equilibria, and the options some equilibrium of which has no closed form."""
    candidates: list[_Candidate] = []
    no_closed_form: list[str] = []
    for r, (result, pays, _) in zip(reactions, evals):
        if tree_route(r, method):
            # Subgame-perfect reactions: candidates are the pure behaviour profiles with
            # their subgame-perfection conditions; mixed ones have no closed form here.
            cands = _tree_pure_candidates(r, r.option, values)
            mixed_found = any(any(len([x for x in h if x > 0]) > 1 for pl in eq.probabilities for h in pl)
                              for eq in result.equilibria)
            if cands is None or mixed_found:
                no_closed_form.append(r.option)
            candidates.extend(cands or [])
            continue
        found = set()
        mixed = []
        for eq in result.equilibria:
            sup = tuple(tuple(s) for s in eq.supports())
            found.add(sup)
            if any(len(s) > 1 for s in sup):
                mixed.append((sup, eq.probabilities))
        candidates.extend(_pure_candidates(r, r.option, found))
        if math.prod(r.game.shape) > MAX_PURE_CANDIDATES:
            no_closed_form.append(r.option)
        for sup, probs in mixed:
            try:
                c = _mixed_candidate(r, r.option, sup, probs, values)
            except (NotImplementedError, ValueError, TypeError):
                c = None
            if c is None:
                no_closed_form.append(r.option)
            else:
                candidates.append(c)
    return candidates, no_closed_form


def _describe_support(c: _Candidate, reactions) -> str:
    if c.support and isinstance(c.support[0][0], str):   # a tree: (information set, action)
        return ", ".join(f"{h}: {a}" for h, a in c.support)
    g = next(r.game for r in reactions if r.option == c.option)
    parts = []
    for j, s in enumerate(c.support):
        labels = [g.strategies[j][k] for k in s]
        parts.append(f"{g.players[j]} {labels[0] if len(labels) == 1 else 'mixes ' + '/'.join(labels)}")
    return ", ".join(parts)


def _escape_relations(candidates, ref_sym, bounds, pname: str, reactions) -> list[Condition]:
    """One ``"escape"`` condition per candidate that can yield at least the reference in the box."""
    import sympy
    conds = []
    for c in candidates:
        gain = _relation(c.payoff, ref_sym)
        if gain is sympy.false or gain == False:  # noqa: E712
            continue
        rel = _conjunction([gain, *c.exists])
        feasible = _feasible_in_box([gain, *c.exists], bounds)
        if feasible is None:
            feasible = _sampled_feasible([gain, *c.exists], bounds)
        if rel is sympy.false or feasible is False:
            continue
        conds.append(Condition(
            description=(f"{pname} escapes with {c.option} if the reaction equilibrium "
                         f"({_describe_support(c, reactions)}) exists and its payoff {sympy.simplify(c.payoff)} "
                         f"is at least the reference {ref_sym}: {rel}"),
            relation=rel, text=str(rel), kind="escape", closed_form=True, option=c.option))
    return conds


@dataclass(frozen=True)
class _Side:
    """What a one-parameter condition needs to check the verdict at other values."""

    game: Any
    i: int
    reference: Any
    values: Mapping
    method: str
    exact: bool
    current: bool
    pname: str


def _one_parameter(side: _Side, name: str, lo, hi, candidates, gains, closed: bool) -> Condition:
    """The region of ``name`` alone (others at their values) in which some candidate escapes."""
    import sympy
    values = side.values
    sym = _param_symbol(name)
    box = sympy.Interval(as_sympy(lo), as_sympy(hi))
    others = {_param_symbol(k): as_sympy(to_fraction(v)) for k, v in values.items() if k != name}
    region = sympy.EmptySet
    ok = closed
    for c, gain in zip(candidates, gains):
        if not ok:
            break
        first = _univariate_set([gain.xreplace(others) if hasattr(gain, "xreplace") else gain], sym, box)
        if first is sympy.EmptySet:
            continue
        rels = [x.xreplace(others) if hasattr(x, "xreplace") else x for x in c.exists]
        s = None if first is None else _univariate_set(rels, sym, first)
        if s is None:
            ok = False
            break
        region = region.union(s)
    span = f"{name} alone (in [{format_value(lo)}, {format_value(hi)}]"
    if not ok:
        return _bisected_condition(side, name, lo, hi, span)
    x0 = as_sympy(to_fraction(values[name]))
    region = sympy.simplify(region) if region is not sympy.EmptySet else region
    thr = _nearest_boundary(region, box, x0)
    verified = None
    if thr is not None:
        verified = _check_sides(side.game, side.i, side.reference, values, name, thr, region, lo, hi,
                                side.method, side.exact)
    if region is sympy.EmptySet:
        text = "False"
        desc = f"{span}, other parameters at their values): no value lets {side.pname} reach the reference"
    elif region == box:
        text = str(region.as_relational(sym))
        desc = f"{span}, other parameters at their values): {side.pname} escapes for every value in the range"
    else:
        text = str(region.as_relational(sym))
        desc = f"{span}, other parameters at their values): {side.pname} escapes iff {text}"
    return Condition(description=desc, relation=region.as_relational(sym) if region is not sympy.EmptySet
                     else sympy.false, text=text, kind="escape", closed_form=True,
                     parameter=name, threshold=None if thr is None else _to_number(thr), verified=verified)


def _bisected_condition(side: _Side, name: str, lo, hi, span: str) -> Condition:
    """No closed form for ``name``: the boundary where the verdict changes, found by bisection."""
    bracket = _bisect_boundary(side.game, side.i, side.reference, side.values, name, lo, hi, side.method,
                               side.exact, side.current)
    if bracket is None:
        desc = (f"{span}): no closed form; the verdict does not change at the ends of the range "
                f"(numerical check)")
        return Condition(description=desc, relation=None, text="", kind="escape", closed_form=False,
                         parameter=name)
    thr = float((bracket[0] + bracket[1]) / 2)
    a, b = sorted(float(v) for v in bracket)
    desc = (f"{span}, other parameters at their values): no closed form; the verdict changes between "
            f"{name} = {a:.6g} and {b:.6g} (bisection)")
    return Condition(description=desc, relation=None, text=f"{name} ~ {thr:.6g}", kind="escape",
                     closed_form=False, parameter=name, threshold=thr, verified=True)


def _parameter_box(game, values) -> dict:
    """name -> (low, high): the declared range, or the current value when there is none."""
    box = {}
    for name, p in game.parameters.items():
        if p.low is not None and p.high is not None:
            box[name] = (float(p.low), float(p.high))
        elif name in values:
            box[name] = (float(values[name]), float(values[name]))
    return box


def _polynomials(rels, syms):
    """The relations ``expr >= 0`` (``>`` taken as ``>=``) as sympy polynomials in ``syms``.

    Returns False when some relation is false, None when one is not a polynomial
    inequality in the parameters, else the list of polynomials (true ones dropped).
    """
    import sympy
    polys = []
    for rel in rels:
        if rel is sympy.true or rel == True:  # noqa: E712
            continue
        if rel is sympy.false or rel == False:  # noqa: E712
            return False
        if not isinstance(rel, (sympy.GreaterThan, sympy.StrictGreaterThan)):
            return None
        expr = sympy.expand(rel.lhs - rel.rhs)
        if not expr.free_symbols <= set(syms) or not expr.is_polynomial(*syms):
            return None
        polys.append(sympy.Poly(expr, *syms) if syms else sympy.Poly(expr, sympy.Dummy()))
    return polys


def _feasible_in_box(rels, box) -> bool | None:
    """Whether linear relations ``expr >= 0`` (or ``> 0``, taken as ``>=``) can all hold
    in the parameter box (a linear programme); None when some relation is not linear."""
    from scipy.optimize import linprog
    names = sorted(box)
    syms = [_param_symbol(n) for n in names]
    polys = _polynomials(rels, syms)
    if polys is None or polys is False:
        return polys
    rows, rhs = [], []
    for poly in polys:
        if not syms or poly.total_degree() > 1:
            return None
        # The coefficients read off the polynomial's terms in one pass (monomial -> coefficient).
        terms = dict(poly.terms())
        unit = [tuple(int(k == j) for k in range(len(syms))) for j in range(len(syms))]
        coeffs = [float(terms.get(u, 0)) for u in unit]
        const = float(terms.get((0,) * len(syms), 0))
        rows.append([-c for c in coeffs])
        rhs.append(const)
    if not rows:
        return True
    res = linprog(np.zeros(len(names)), A_ub=np.array(rows), b_ub=np.array(rhs) + 1e-12,
                  bounds=[box[n] for n in names], method="highs")
    return bool(res.status == 0)


def _sampled_feasible(rels, box, n: int = 512, seed: int = 0) -> bool | None:
    """Whether polynomial relations ``expr >= 0`` all hold at one of ``n`` seeded
    uniform points of the parameter box (or at one of its corners); None when some
    relation is not a polynomial in the parameters."""
    names = sorted(box)
    syms = [_param_symbol(k) for k in names]
    lows = np.array([box[k][0] for k in names])
    highs = np.array([box[k][1] for k in names])
    rng = np.random.default_rng(seed)
    pts = lows + (highs - lows) * rng.random((n, len(names)))
    if len(names) <= 10:
        corners = np.array(list(itertools.product(*zip(lows, highs)))) if names else np.zeros((1, 0))
        pts = np.vstack([pts, corners])
    polys = _polynomials(rels, syms)
    if polys is None or polys is False:
        return polys
    ok = np.ones(len(pts), dtype=bool)
    for poly in polys:
        val = np.zeros(len(pts))
        for monom, coeff in poly.terms():
            term = np.full(len(pts), float(coeff))
            for k, e in enumerate(monom):
                if e:
                    term = term * pts[:, k] ** e
            val += term
        ok &= val >= -1e-12
        if not ok.any():
            return False
    return bool(ok.any())


def _to_number(x):
    if x.is_Rational:
        return Fraction(int(x.p), int(x.q))
    return float(x)


def _nearest_boundary(region, box, x0):
    """The boundary point of ``region`` inside ``box`` nearest to ``x0`` (None if none)."""
    import sympy
    if region is sympy.EmptySet or region == box:
        return None
    inside = [b for b in region.boundary if b.is_real and box.contains(b) == True]  # noqa: E712
    pts = [b for b in inside if b not in (box.start, box.end)]
    if not pts:
        pts = inside
    if not pts:
        return None
    return min(pts, key=lambda b: abs(float(b - x0)))


def _verdict_at(game, i, reference, values, method, exact):
    """(zugzwang, margin) at other parameter values; solver warnings silenced."""
    import warnings
    vals = dict(values)
    numeric_ref, _ = resolve_reference(game, i, reference, vals)
    reactions = [Reaction(game, i, o) for o in focal_options(game, i)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        evals, _ = evaluate_reactions(reactions, vals, exact, method)
    return verdict(evals, numeric_value(numeric_ref, vals, exact))


def _check_sides(game, i, reference, values, name, thr, region, lo, hi, method, exact) -> bool:
    """Full diagnoses on both sides of ``thr`` agree with ``region``."""
    t = to_fraction(float(thr)) if not thr.is_Rational else Fraction(int(thr.p), int(thr.q))
    span = hi - lo
    eps = span / 1000
    ok = True
    for x in (t - eps, t + eps):
        if x < lo or x > hi:
            continue
        expect_escape = bool(region.contains(as_sympy(x)))
        zz, _ = _verdict_at(game, i, reference, {**values, name: x}, method, exact)
        ok = ok and (zz != expect_escape)
    return ok


def _bisect_boundary(game, i, reference, values, name, lo, hi, method, exact, current):
    x0 = to_fraction(values[name])
    for end in (hi, lo):
        zz, _ = _verdict_at(game, i, reference, {**values, name: end}, method, exact)
        if zz != current:
            a, b = x0, end
            for _ in range(BISECTION_STEPS):
                mid = (a + b) / 2
                z, _ = _verdict_at(game, i, reference, {**values, name: mid}, method, exact)
                if z == current:
                    a = mid
                else:
                    b = mid
            return a, b
    return None
