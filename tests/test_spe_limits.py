"""Subgame-perfect equilibria (and agent QRE): refusals, the limit on equilibria per subgame, symbolic
trees (gametheory/solvers/subgame_perfect.py); answers by backward induction by hand."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy

import gametheory as gt
from gametheory.exceptions import UnsupportedGameError
from gametheory.solvers.subgame_perfect import spe_solve


def entry(fight):
    """Entry deterrence with the incumbent's price-war payoff ``fight``: after In,
    acquiesce pays the incumbent 1, fight pays ``fight``; Out pays (1, 2)."""
    g = gt.ExtensiveFormGame.new_tree(["Challenger", "Incumbent"])
    out, enter = g.append_move(0, "Challenger", ["out", "in"])
    g.set_outcome(out, [1, 2])
    acq, war = g.append_move(enter, "Incumbent", ["acquiesce", "fight"])
    g.set_outcome(acq, [2, 1])
    g.set_outcome(war, [0, fight])
    return g


def test_ties_give_two_spe_and_the_limit_cuts_them():
    # fight = 1 ties with acquiesce: the incumbent may do either, and the challenger
    # answers each (in after acquiesce: 2 > 1; out after fight: 1 > 0).  Mixing the
    # tied actions gives more SPE: with fight played with probability q, "in" pays the
    # challenger 2(1 - q) against 1 for "out", so (in, q <= 1/2) and (out, q >= 1/2)
    # are subgame perfect too: the two pure SPE are all the pure ones, not all.
    res = spe_solve(entry(1))
    assert {e.payoffs() for e in res} == {(F(2), F(1)), (F(1), F(2))}
    assert not res.complete and res.details["pure_complete"] and res.details["ties"]
    cut = spe_solve(entry(1), max_equilibria=1)
    assert len(cut) == 1 and not cut.complete and cut.details["limit_hit"]
    assert any("max_equilibria" in w for w in cut.warnings)


def test_symbolic_trees_are_solved_at_their_defaults():
    f = sympy.Symbol("f")
    g = entry(f)
    g.parameters["f"] = gt.Parameter("f", 3)      # fight pays 3 > 1: out is the SPE
    (eq,) = spe_solve(g)
    assert eq.payoffs() == (F(1), F(2))         # (with f = 0 it would be in: (2, 1))


def test_refusals():
    with pytest.raises(UnsupportedGameError, match="needs a game tree"):
        spe_solve(gt.NormalFormGame.from_arrays(np.array([[1]]), np.array([[1]])))
    with pytest.raises(UnsupportedGameError, match="positive integer"):
        spe_solve(entry(0), max_equilibria=0)


def test_agent_qre_on_a_symbolic_tree_uses_the_defaults():
    from gametheory.solvers.agent_qre import agent_qre_solve
    f = sympy.Symbol("f")
    g = entry(f)
    g.parameters["f"] = gt.Parameter("f", 3)
    # With fight worth 3 the incumbent fights and the challenger stays out: the
    # limit of the agent QRE branch is that (sequential) equilibrium, payoffs (1, 2).
    with pytest.raises(UnsupportedGameError, match="needs a game tree"):
        agent_qre_solve(gt.NormalFormGame.from_arrays(np.array([[1]]), np.array([[1]])))
    (eq,) = agent_qre_solve(g)
    assert [float(v) for v in eq.payoffs()] == pytest.approx([1, 2], abs=1e-9)
