"""Scaling the sequence form to large general-sum trees.

The tracing procedure from a completely mixed prior (von Stengel, van den Elzen &
Talman 2002), revised Lemke pivoting on a factorised basis, the restarts of a
stalled path, and the exact rebuild of the final basis (exact sparse LU), with
the exact restart as the last fallback.
"""
from __future__ import annotations

import random
import tempfile
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from gametheory.game.behavior import MixedBehaviorProfile
from gametheory.game.examples import k_card_poker as poker
from gametheory.game.examples import signalling_game as signalling
from gametheory.io import load, save
from gametheory.solvers import sequence_form as sfm
from gametheory.solvers._exact_sparse import ExactSparseLU
from gametheory.solvers.sequence_form import seqform_solve, sequence_form
from tree_strategies import matching_pennies_tree, perfect_information_trees

GAMES = Path(__file__).resolve().parent.parent / "games"


def through_gambit(game):
    """The tree written as a Gambit .efg file and read back by us and by pygambit
    (so that both number the information sets alike), and pygambit's lcp_solve
    equilibrium as our profile."""
    import pygambit
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "tree.efg"
        save(game, str(path))
        ours = load(path)
        gg = pygambit.read_efg(str(path))
    eq = pygambit.nash.lcp_solve(gg, rational=True, use_strategic=False).equilibria[0]
    # Match the information sets through the nodes (walking both trees in step).
    theirs = {}
    stack = [(0, gg.root)]
    while stack:
        k, node = stack.pop()
        h = ours.nodes[k].infoset
        if h is not None and h.player >= 0:
            theirs[(h.player, h.number)] = node.infoset
        stack.extend(zip(ours.nodes[k].children, node.children))
    probs = [[[Fraction(str(eq[a])) for a in theirs[(i, h.number)].actions] for h in ours.infosets[i]]
             for i in range(2)]
    return ours, MixedBehaviorProfile(ours, probs)


# ---------------------------------------------------------------- property tests
@st.composite
def general_sum_trees(draw):
    """Random small general-sum trees with perfect recall: signalling trees, or
    perfect-information trees with chance moves."""
    if draw(st.booleans()):
        g = signalling(draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(1, 3)),
                       seed=draw(st.integers(0, 10 ** 6)), low=-3, high=3)
        return g
    return draw(perfect_information_trees())


def check_exact_and_float(g):
    res = seqform_solve(g, lp=False)
    assert res.exact and res[0].max_regret() == 0 and res[0].distribution_error() == 0
    fl = seqform_solve(g, exact=False, lp=False)
    assert fl[0].max_regret() <= 1e-9


@settings(max_examples=40, deadline=None)
@given(general_sum_trees())
def test_random_general_sum_trees_exact_zero_regret(g):
    check_exact_and_float(g)


@pytest.mark.crosscheck
@settings(max_examples=40, deadline=None)
@given(general_sum_trees())
def test_random_general_sum_trees_exact_zero_regret_and_gambit_agrees(g):
    g, theirs = through_gambit(g)
    check_exact_and_float(g)
    # Gambit's Lemke path (another covering vector) ends at an equilibrium too,
    # and both give every player at least its payoff from deviating to the other's plan.
    assert theirs.max_regret() == 0


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 9), st.integers(0, 10 ** 6))
def test_exact_sparse_lu_solves_both_systems(n, seed):
    rng = random.Random(seed)
    import sympy
    while True:
        cols = [{i: Fraction(rng.randint(-4, 4), rng.randint(1, 3)) for i in range(n) if rng.random() < 0.45}
                for _ in range(n)]
        cols = [{i: v for i, v in c.items() if v != 0} for c in cols]
        M = sympy.Matrix(n, n, lambda i, j: cols[j].get(i, 0))
        if M.det() != 0:
            break
    lu = ExactSparseLU(cols)
    b = [Fraction(rng.randint(-5, 5)) for _ in range(n)]
    v = lu.solve(b)
    assert [sum((cols[j].get(i, 0) * v[j] for j in range(n)), Fraction(0)) for i in range(n)] == b
    u = lu.solve_transpose(b)
    assert [sum((cols[j].get(i, 0) * u[i] for i in range(n)), Fraction(0)) for j in range(n)] == b
    expected = M.LUsolve(sympy.Matrix(b))
    assert [Fraction(int(e.p), int(e.q)) for e in expected] == v


# ---------------------------------------------------------------- the starting rule
def test_the_tracing_procedure_finds_the_perfect_equilibrium():
    # Entry game (Osborne 2004, ch. 5; Selten 1975's point): (Out, Fight) is a Nash
    # equilibrium with a weakly dominated threat; the tracing procedure from a
    # completely mixed prior ends at a normal-form perfect equilibrium, here
    # (In, Acquiesce).
    g = load(GAMES / "classics" / "entry-deterrence.yaml")
    for exact in (True, False):
        eq = seqform_solve(g, exact=exact)[0]
        assert [list(p) for pl in eq.probabilities for p in pl] == [[0, 1], [1, 0]]


def test_sequential_best_response_to_the_uniform_prior():
    # Kuhn poker (Kuhn 1950; ante 1, bet 1) against an opponent who bets, calls
    # and folds with probability 1/2: with the lowest card a bet wins -1/2 on
    # average and a check -1 (fold to a bet); with the middle card a bet wins 1/2
    # and a check 0; after check-bet, calling wins 0 with the middle card and 2
    # with the highest, folding -1; the lowest card folds (-1 against -2).  With
    # the highest card betting and checking tie (3/2): the first action is kept.
    g = poker(3)
    sf = sequence_form(g)
    prior = sfm.behavior_prior(sf, 1, True)
    gains = sfm._sequence_gains(sf, 0, prior, True)
    choice = sfm.sequential_best_response(sf, 0, [gains], True)
    names = {h.number: (h.label, h.actions) for h in g.infosets[0]}
    picked = {names[k][0]: names[k][1][a] for k, a in choice.items()}
    assert picked == {"A0": "bet", "A0cb": "fold", "A1": "bet", "A1cb": "call",
                      "A2": "check", "A2cb": "call"}
    # A second payoff vector breaks the tie: against an opponent who checks after
    # a check and calls a bet, betting the highest card wins 2 and checking 1.
    always = sfm._pure_plan(sf, 1, {h.number: int(h.label.endswith("b")) for h in g.infosets[1]}, True)
    second = sfm._sequence_gains(sf, 0, always, True)
    choice = sfm.sequential_best_response(sf, 0, [gains, second], True)
    assert names[5][1][choice[5]] == "bet"


def test_a_tie_with_the_uniform_prior_moves_to_a_random_prior():
    # Matching pennies: every response ties against the uniform prior and there
    # is no pure equilibrium, so no tie-break makes that start feasible.
    g = matching_pennies_tree()
    for exact in (True, False):
        res = seqform_solve(g, lp=False, exact=exact)
        assert res.details["starts"] == 2 and res.details["prior"].startswith("random")
        assert res[0].max_regret() <= (0 if exact else 1e-12)


# ---------------------------------------------------------------- revised pivoting
@pytest.mark.parametrize("exact", [False, True])
def test_revised_pivoting_follows_the_dense_tableau_path(exact):
    # Same LCP, same lexicographic rule: the revised algorithm (sparse LU + etas in
    # floating point, exact sparse LU in rationals) takes the same pivots as the
    # dense tableau and ends at the same point.
    from gametheory.solvers._revised_lemke import revised_lemke
    from gametheory.solvers.lemke import lemke

    for g in (poker(6, rake=Fraction(1, 10)), signalling(8, 4, 4, seed=5)):
        sf = sequence_form(g, exact=exact)
        prior = (sfm.behavior_prior(sf, 0, exact), sfm.behavior_prior(sf, 1, exact))
        lcp = sfm._build_lcp(sf, exact, prior, sfm.tracing_start(sf, prior, exact))
        dense = lemke(lcp.dense_tableau(), lcp.basis, lcp.comp, lcp.free, lcp.z0, exact=exact)
        M = lcp.exact_columns() if exact else lcp.float_matrix()
        rev = revised_lemke(M, lcp.rhs, lcp.basis, lcp.comp, lcp.free, lcp.z0, exact=exact,
                            refactor=7)
        assert dense.status == rev.status == "solution"
        assert dense.pivots == rev.pivots > 10
        assert sorted(dense.basis) == sorted(rev.basis)
        if exact:
            assert dense.values == rev.values
        else:
            assert max(abs(a - b) for a, b in zip(dense.values, rev.values)) < 1e-9


def test_a_stalled_path_is_restarted():
    # 40 types: from the uniform prior the path is long; after one restart from
    # where it stalled the path is short.  The answer is an exact equilibrium.
    g = signalling(40, 10, 10)
    res = seqform_solve(g)
    assert res.details["restarts"] >= 1
    assert res.details["algorithm"] == "lemke (float path, exact support)"
    assert res[0].max_regret() == 0


def test_restarts_off_still_reach_an_equilibrium(monkeypatch):
    monkeypatch.setattr(sfm, "MAX_RESTARTS", 0)
    res = seqform_solve(signalling(12, 5, 5, seed=3), exact=False)
    assert res.details["restarts"] == 0 and res[0].max_regret() <= 1e-9


# ---------------------------------------------------------------- exact mode at scale
def test_a_signalling_tree_of_thousands_of_nodes_in_exact_mode():
    g = signalling(30, 10, 10, seed=0)
    assert len(g.nodes) == 3331
    res = seqform_solve(g)
    assert res.exact and res.details["sequences"] == [301, 101]
    assert res.details["algorithm"] == "lemke (float path, exact support)"
    eq = res[0]
    assert eq.max_regret() == 0 and eq.distribution_error() == 0
    # Floating point follows the same kind of path (rounding may change its length).
    fl = seqform_solve(g, exact=False)
    assert fl[0].max_regret() <= 1e-9 and fl.details["algorithm"] == "lemke"


def test_exact_restart_from_a_wrong_basis():
    # The last fallback: exact Lemke restarted from a complementary basis, here
    # the tracing start itself (far from the end), must still reach an equilibrium.
    g = signalling(3, 3, 2, seed=7)
    sf = sequence_form(g)
    prior = (sfm.behavior_prior(sf, 0, True), sfm.behavior_prior(sf, 1, True))
    lcp = sfm._build_lcp(sf, True, prior, sfm.tracing_start(sf, prior, True))
    x, y, pivots = sfm._exact_restart(sf, lcp.basis)
    assert pivots > 0
    eq = sfm.behavior_from_plans(sf, x, y, True)
    assert eq.max_regret() == 0


def test_fallback_chain_in_exact_mode(monkeypatch):
    # With the basis rebuild and the support rebuild disabled, exact mode must
    # restart exact pivoting from the floating-point basis.
    g = signalling(20, 6, 6, seed=2)
    monkeypatch.setattr(sfm, "_exact_from_basis", lambda *a, **k: None)
    monkeypatch.setattr(sfm, "_exact_from_support", lambda *a, **k: None)
    res = seqform_solve(g)
    assert res.details["algorithm"] == "lemke (float path, exact restart)"
    assert res[0].max_regret() == 0
