"""Correlated and coarse correlated equilibria by linear programming.

A *correlated equilibrium* (Aumann 1974) is a distribution ``p`` over pure profiles
such that no player, told its recommended strategy ``k``, gains by switching to any
``k'``: ``sum_{s_-i} p(k, s_-i) [u_i(k', s_-i) - u_i(k, s_-i)] <= 0`` for all ``i, k, k'``.
A *coarse* correlated equilibrium (Moulin & Vial 1978; Hannan's set) only asks that
no player gains by committing to a fixed ``k'`` before hearing the recommendation.
Both sets are polytopes; we optimise a linear objective over them (welfare, or a
chosen player's payoff, maximised or minimised) with scipy's HiGHS, any number of
players (Papadimitriou & Roughgarden 2008 discuss the LP's size).  In exact mode
the optimal distribution is rebuilt in Fractions from the LP's support and tight
constraints and the equilibrium constraints are checked exactly.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from ..exact import solve_linear
from ..exceptions import InvalidGameError, SolverError

if TYPE_CHECKING:
    from ..game.normal import NormalFormGame


@dataclass(frozen=True)
class CorrelatedEquilibrium:
    """A (coarse) correlated equilibrium: a distribution over pure profiles.

    Attributes
    ----------
    game : NormalFormGame
    kind : {"correlated", "coarse"}
    distribution : numpy.ndarray
        Shape ``game.shape``: the probability of each pure profile.
    payoffs : tuple
        Each player's expected payoff.
    objective : str
        What was optimised (``"welfare"``, ``"player:NAME"``, with ``min`` or ``max``).
    exact : bool
        True when the constraints were checked exactly in Fractions.
    max_violation : float or Fraction
        The largest gain from a deviation (``<= 0``; exactly so when exact).
    """

    game: NormalFormGame
    kind: str
    distribution: np.ndarray
    payoffs: tuple
    objective: str
    exact: bool
    max_violation: Fraction | float

    def support(self) -> list[tuple[tuple[str, ...], Fraction | float]]:
        """The profiles with positive probability, as labels, with their probability."""
        out = []
        for idx in zip(*np.nonzero(np.array(self.distribution > 0, dtype=bool))):
            idx = tuple(int(k) for k in idx)
            out.append((tuple(self.game.strategies[i][k] for i, k in enumerate(idx)), self.distribution[idx]))
        return out

    def to_json(self) -> dict:
        conv = _frac_str if self.exact else float
        return {"kind": self.kind, "objective": self.objective, "exact": self.exact,
                "distribution": [{"profile": list(p), "probability": conv(q)} for p, q in self.support()],
                "payoffs": [conv(v) for v in self.payoffs]}

    def to_rows(self) -> list[dict]:
        """One row per profile with positive probability (``gametheory correlated
        --format csv``): ``kind``, ``objective``, one column per player (its
        recommended strategy, headed by the player's label), ``probability``;
        numbers as in :meth:`to_json`."""
        players = list(self.game.players)
        if {"kind", "objective", "probability"} & set(players) or len(set(players)) < len(players):
            raise InvalidGameError("two CSV columns would share a name (players with the same label, or a "
                                   "player labelled 'kind', 'objective' or 'probability'); rename the player")
        doc = self.to_json()
        return [{"kind": doc["kind"], "objective": doc["objective"], **dict(zip(players, d["profile"])),
                 "probability": d["probability"]} for d in doc["distribution"]]

    def table(self) -> str:
        lines = [f"{self.kind} equilibrium maximising {self.objective} "
                 f"({'exact' if self.exact else 'floating point'})"]
        for prof, q in self.support():
            lines.append(f"  {' / '.join(prof)}: {_fmt(q)}")
        lines.append("  payoffs: " + ", ".join(f"{p}={_fmt(v)}" for p, v in zip(self.game.players, self.payoffs)))
        return "\n".join(lines)

    __str__ = table


def _frac_str(v) -> str:
    v = Fraction(v)
    return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"


def _fmt(v) -> str:
    return _frac_str(v) if isinstance(v, Fraction) else f"{float(v):.6g}"


def deviation_constraints(game, kind: str = "correlated", exact: bool = False):
    """The incentive constraints as a matrix ``G`` with ``G @ p <= 0`` (``p`` flattened).

    Rows: for a correlated equilibrium one per (player, recommended k, deviation k'),
    for a coarse one per (player, deviation k').
    """
    U = game.numeric_payoffs(exact)
    rows = []
    size = int(np.prod(game.shape))
    for i in range(game.n_players):
        Ui = np.moveaxis(U[i], i, 0)                       # (m_i, others...)
        m = game.shape[i]
        flat = Ui.reshape(m, -1)
        if kind == "correlated":
            for k in range(m):
                for kk in range(m):
                    if kk == k:
                        continue
                    row = np.zeros((m, flat.shape[1]), dtype=object if exact else float)
                    row[k] = flat[kk] - flat[k]
                    rows.append(np.moveaxis(row.reshape(Ui.shape), 0, i).reshape(size))
        else:
            for kk in range(m):
                row = (flat[kk][None, :] - flat)           # u_i(k', s_-i) - u_i(s)
                rows.append(np.moveaxis(row.reshape(Ui.shape), 0, i).reshape(size))
    return np.array(rows, dtype=object if exact else float)


def correlated_equilibrium(game, objective: str = "welfare", *, kind: str = "correlated",
                           maximize: bool = True, exact: bool | None = None) -> CorrelatedEquilibrium:
    """An optimal (coarse) correlated equilibrium.

    Parameters
    ----------
    game : NormalFormGame
        Numeric, any number of players.
    objective : str
        ``"welfare"`` (sum of payoffs) or a player label/index (that player's payoff).
    kind : {"correlated", "coarse"}
    maximize : bool
        Maximise (default) or minimise the objective.
    exact : bool, optional
        Rebuild and check in Fractions (default: when the game is exact).
    """
    from scipy.optimize import linprog

    if kind not in ("correlated", "coarse"):
        raise InvalidGameError(f"kind must be 'correlated' or 'coarse', got {kind!r}")
    if exact is None:
        exact = game.kind == "exact"
    from ..solvers._scale import normalise_game
    # The LP and the exact rebuild run on payoffs mapped onto [0, 1] (exactly for an
    # exact game), so that no tolerance depends on the payoff units; the set of
    # correlated equilibria is unchanged by the map.
    norm = normalise_game(game)
    work = game if norm is None else norm[0]
    U = work.float_payoffs()
    if objective == "welfare":
        c = U.sum(axis=0).reshape(-1)
        label = "welfare"
    else:
        i = game.player(objective)
        c = U[i].reshape(-1)
        label = f"{game.players[i]}'s payoff"
    G = deviation_constraints(work, kind, exact=False)
    size = c.size
    res = linprog(-c if maximize else c, A_ub=G if len(G) else None, b_ub=np.zeros(len(G)) if len(G) else None,
                  A_eq=np.ones((1, size)), b_eq=[1], bounds=[(0, None)] * size, method="highs")
    if res.status != 0:
        raise SolverError(f"the correlated-equilibrium LP failed: {res.message}")
    p = np.clip(res.x, 0, None)
    p = p / p.sum()
    objective_label = f"{'max' if maximize else 'min'} {label}"
    if not exact:
        viol: Fraction | float = float((G @ p).max()) * (1.0 if norm is None else float(norm[2])) if len(G) else 0.0
        dist = p.reshape(game.shape)
        Uo = game.float_payoffs()
        pays = tuple(float((Uo[i] * dist).sum()) for i in range(game.n_players))
        return CorrelatedEquilibrium(game, kind, dist, pays, objective_label, False, viol)
    Gx = deviation_constraints(work, kind, exact=True)
    pe = _exact_distribution(Gx, p, G)
    Ue = game.exact_payoffs()
    dist = np.empty(size, dtype=object)
    dist[:] = pe
    dist = dist.reshape(game.shape)
    pays = tuple(sum(Ue[i].reshape(-1) * np.array(pe, dtype=object)) for i in range(game.n_players))
    Go = deviation_constraints(game, kind, exact=True)
    viol = max((sum(r * q for r, q in zip(row, pe)) for row in Go), default=Fraction(0))
    return CorrelatedEquilibrium(game, kind, dist, pays, objective_label, True, viol)


def _exact_distribution(Gx, p, Gf):
    """Rebuild the LP's vertex in Fractions from its support and tight constraints."""
    for tol in (1e-9, 1e-7, 1e-5):
        support = [k for k in range(len(p)) if p[k] > tol]
        slack = Gf @ p if len(Gf) else np.zeros(0)
        tight = [r for r in range(len(Gf)) if abs(slack[r]) <= tol * 10] if len(Gf) else []
        A = [[Gx[r][k] for k in support] for r in tight] + [[1] * len(support)]
        b = [0] * len(tight) + [1]
        sol = solve_linear(A, b)
        if sol is None:
            continue
        pe = [Fraction(0)] * len(p)
        for k, v in zip(support, sol):
            pe[k] = v
        if min(pe) < 0:
            continue
        if all(sum(r * q for r, q in zip(row, pe)) <= 0 for row in Gx):
            return pe
    raise SolverError("could not rebuild the correlated equilibrium exactly")
