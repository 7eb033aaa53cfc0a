"""Dominated strategies and their iterated elimination.

A strategy ``k`` of player ``i`` is *strictly dominated* when some mixed strategy
``x`` over ``i``'s other strategies does strictly better against every profile of
the others, and *weakly dominated* when ``x`` does at least as well everywhere and
strictly better somewhere.  Dominance by mixed strategies is decided by a linear
program (e.g. Shoham & Leyton-Brown 2009, *Multiagent Systems*, sec. 4.5.1), solved
with scipy's HiGHS on payoffs rescaled to [0, 1]; in exact mode the LP's optimal
basis is then solved again in Fractions (any denominator) and the dominance checked
exactly, so a margin below the LP's tolerance is still found.

Iterated elimination records every step (round, player, strategy, what dominates
it) so that a class can follow it.  Strict elimination gives the same result in any
order (Gilboa, Kalai & Zemel 1990); weak elimination does not: here each round
removes, for every player at once, all strategies weakly dominated in the game
left at the start of the round.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from ..exact import solve_linear
from ..exceptions import InvalidGameError
from .zerosum import own_matrix

if TYPE_CHECKING:
    from ..game.normal import NormalFormGame


@dataclass(frozen=True)
class Domination:
    """Why a strategy is dominated: the dominating mix over the player's other strategies."""

    player: str
    strategy: str
    dominator: dict            # strategy label -> probability (a single entry when pure)
    kind: str                  # "strict" or "weak"
    round: int = 0

    @property
    def by_pure(self) -> bool:
        return len(self.dominator) == 1

    def describe(self) -> str:
        if self.by_pure:
            by = next(iter(self.dominator))
        else:
            by = "the mix " + " + ".join(f"{_fmt(p)}*{s}" for s, p in self.dominator.items())
        return f"{self.player}'s {self.strategy} is {self.kind}ly dominated by {by}"

    def to_json(self) -> dict:
        return {"round": self.round, "player": self.player, "strategy": self.strategy,
                "kind": self.kind, "dominator": {k: _fmt(v) for k, v in self.dominator.items()}}


@dataclass(frozen=True)
class EliminationResult:
    """The outcome of iterated elimination: the steps and the game that survives."""

    kind: str
    steps: tuple
    reduced: NormalFormGame    # the game of the surviving strategies
    exact: bool
    surviving: tuple = field(default_factory=tuple)

    def to_json(self) -> dict:
        return {"kind": self.kind, "exact": self.exact,
                "steps": [s.to_json() for s in self.steps],
                "surviving": {p: list(s) for p, s in zip(self.reduced.players, self.reduced.strategies)}}

    def to_rows(self) -> list[dict]:
        """One row per elimination step, in order (``gametheory dominance --format csv``):
        ``round``, ``player``, ``strategy``, ``kind``, ``dominated_by`` (the dominating
        strategy, or a mix written ``1/2*A + 1/2*B``), numbers as in :meth:`to_json`."""
        return [{"round": d["round"], "player": d["player"], "strategy": d["strategy"], "kind": d["kind"],
                 "dominated_by": " + ".join(k if len(d["dominator"]) == 1 else f"{v}*{k}"
                                            for k, v in d["dominator"].items())}
                for d in (s.to_json() for s in self.steps)]

    def table(self) -> str:
        lines = [f"iterated elimination of {self.kind}ly dominated strategies"
                 f" ({'exact' if self.exact else 'floating point'})"]
        if not self.steps:
            lines.append("  no strategy is dominated")
        for s in self.steps:
            lines.append(f"  round {s.round}: {s.describe()}")
        lines.append("surviving strategies:")
        for p, strats in zip(self.reduced.players, self.reduced.strategies):
            lines.append(f"  {p}: {', '.join(strats)}")
        return "\n".join(lines)

    __str__ = table


def _fmt(v) -> str:
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    return f"{float(v):.6g}"


def dominating_mix(M: np.ndarray, k: int, kind: str = "strict", exact: bool = True):
    """A mix over the rows other than ``k`` that dominates row ``k`` of ``M``, or None.

    ``M`` has one row per strategy of the player and one column per profile of
    the others.  Returns ``{row index: probability}``.
    """
    m, n = M.shape
    others = [j for j in range(m) if j != k]
    if not others:
        return None
    # Pure dominance first: cheap and exact.
    for j in others:
        diff = [M[j, c] - M[k, c] for c in range(n)]
        if (kind == "strict" and all(d > 0 for d in diff)) or \
           (kind == "weak" and all(d >= 0 for d in diff) and any(d > 0 for d in diff)):
            return {j: Fraction(1) if exact else 1.0}
    if len(others) < 2:
        return None
    from scipy.optimize import linprog

    from ._scale import normalise_array

    # Payoffs mapped onto [0, 1] (exactly in exact mode): dominance is unchanged and
    # no threshold below depends on the payoff units.
    M, _, _ = normalise_array(np.asarray(M, dtype=object if exact else float), exact)
    S = np.asarray(M, dtype=float)
    D = S[others] - S[k]                                   # (len(others), n)
    if kind == "strict":
        # max eps s.t. D^T x >= eps, sum x = 1, x >= 0  (variables x..., eps)
        c = np.zeros(len(others) + 1)
        c[-1] = -1
        A_ub = np.hstack([-D.T, np.ones((n, 1))])
        res = linprog(c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=[[1] * len(others) + [0]], b_eq=[1],
                      bounds=[(0, None)] * len(others) + [(None, 1)], method="highs")
    else:
        # max sum of slacks s.t. D^T x = slack >= 0, sum x = 1
        res = linprog(-D.sum(axis=1), A_ub=-D.T, b_ub=np.zeros(n), A_eq=[[1] * len(others)], b_eq=[1],
                      bounds=[(0, None)] * len(others), method="highs")
    if res.status != 0:
        return None
    x = res.x[:len(others)]
    if not exact:
        if -res.fun <= FLOAT_MARGIN:
            return None
        x = np.clip(x, 0, None)
        x = x / x.sum()
        vals = x @ S[others] - S[k]
        ok = (vals > 1e-12).all() if kind == "strict" else ((vals >= -1e-12).all() and (vals > 1e-12).any())
        return {j: float(p) for j, p in zip(others, x) if p > 1e-12} if ok else None
    # Exact mode: whatever the LP's optimum says (a margin of 1e-9 is within its
    # tolerances), the verdict is the exact check of a candidate rebuilt from the
    # optimal basis in Fractions (no bound on denominators).
    if -res.fun < -1e-6:
        return None
    for candidate in _exact_candidates(M, D, k, others, x, kind):
        vals = [sum(p * M[j, c] for j, p in candidate.items()) - M[k, c] for c in range(n)]
        if (kind == "strict" and all(v > 0 for v in vals)) or \
           (kind == "weak" and all(v >= 0 for v in vals) and any(v > 0 for v in vals)):
            return candidate
    return None


#: Smallest LP margin (payoffs on [0, 1]) that float mode accepts as dominance.
FLOAT_MARGIN = 1e-9


def _exact_candidates(M, D, k, others, x, kind):
    """Exact mixes from the float LP optimum ``x``: the optimal basis re-solved in
    Fractions (support of ``x`` and tight constraints, at several thresholds), then
    the uniform mix on the support."""
    n = M.shape[1]
    slack = x @ D
    eps = float(slack.min()) if kind == "strict" else 0.0
    for tol in (1e-12, 1e-10, 1e-8, 1e-6):
        tight = [c for c in range(n) if abs(slack[c] - eps) <= tol * 10 + 1e-13]
        # The LP may set weights below its own tolerance to zero: also try every row.
        for support in ([t for t, p in enumerate(x) if p > tol], list(range(len(others)))):
            if not support:
                continue
            rows = [[M[others[t], c] - M[k, c] for t in support] + ([-1] if kind == "strict" else [])
                    for c in tight]
            rows.append([1] * len(support) + ([0] if kind == "strict" else []))
            sol = solve_linear(rows, [0] * len(tight) + [1])
            if sol is None:
                continue
            weights = sol[:len(support)]
            if all(v >= 0 for v in weights) and sum(weights) == 1:
                yield {others[t]: v for t, v in zip(support, weights) if v > 0}
    support = [j for j, p in zip(others, x) if p > 1e-9]
    if support:
        yield {j: Fraction(1, len(support)) for j in support}


def dominated_strategies(game, player, kind: str = "strict", exact: bool | None = None) -> list[Domination]:
    """The strategies of ``player`` dominated (by a pure or mixed strategy) in ``game``."""
    if kind not in ("strict", "weak"):
        raise InvalidGameError(f"kind must be 'strict' or 'weak', got {kind!r}")
    if exact is None:
        exact = game.kind == "exact"
    i = game.player(player)
    M = own_matrix(game, i, exact)
    out = []
    for k in range(game.shape[i]):
        mix = dominating_mix(M, k, kind, exact)
        if mix is not None:
            out.append(Domination(game.players[i], game.strategies[i][k],
                                  {game.strategies[i][j]: p for j, p in mix.items()}, kind))
    return out


def iterated_elimination(game, kind: str = "strict", exact: bool | None = None) -> EliminationResult:
    """Iterated elimination of dominated strategies, recording each step.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game (substitute parameters first).
    kind : {"strict", "weak"}
    exact : bool, optional
        Decide dominance exactly (default: when the game is exact).
    """
    if exact is None:
        exact = game.kind == "exact"
    current = game
    steps = []
    rnd = 0
    while True:
        rnd += 1
        removed = []
        for i in range(current.n_players):
            if current.shape[i] == 1:
                continue
            found = dominated_strategies(current, i, kind, exact)
            # Never remove every strategy of a player (weak dominance cycles cannot
            # do this, but keep at least the dominators).
            if len(found) >= current.shape[i]:
                found = found[:current.shape[i] - 1]
            removed.append((i, found))
        if not any(found for _, found in removed):
            break
        keep = [list(s) for s in current.strategies]
        for i, found in removed:
            for d in found:
                steps.append(Domination(d.player, d.strategy, d.dominator, d.kind, rnd))
                keep[i].remove(d.strategy)
        current = current.restrict(keep)
    return EliminationResult(kind, tuple(steps), current, exact,
                             tuple(tuple(s) for s in current.strategies))
