"""The fallback paths of enumpoly (logit QRE when no isolated equilibrium is found)
and simpdiv (restarts of a failed pass, refusal when nothing verifies), and the
refusals of the logit QRE path and of Lemke-Howson, and the sequence form's exact
rebuilds.

These paths are rare on real games, so the conditions are forced by replacing one
inner step; what is checked is the outcome: a verified equilibrium (by a brute-force
regret written here), the record's flags and warnings, or the right error.
"""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from gametheory import NormalFormGame
from gametheory.exceptions import SolverError
from gametheory.solvers import enumpoly as enumpoly_module
from gametheory.solvers import qre as qre_module
from gametheory.solvers import simpdiv as simpdiv_module
from gametheory.solvers.enumpoly import enumpoly_solve
from gametheory.solvers.qre import qre_solve
from gametheory.solvers.simpdiv import simpdiv_solve

# Jordan's (1993) three-player matching pennies, and a brute-force regret written
# independently of the library.
from test_simpdiv import brute_regret, jordan_game, nau_sec4


def nothing_found(monkeypatch):
    """Every support system reports a positive-dimensional solution set and no point."""
    monkeypatch.setattr(enumpoly_module, "two_mixed_exact", lambda E, sup: ("positive", []))
    monkeypatch.setattr(enumpoly_module, "_polynomial_solutions", lambda E, sup, rng: ("positive", []))


def test_enumpoly_falls_back_to_logit_qre(monkeypatch):
    nothing_found(monkeypatch)
    game = jordan_game()
    res = enumpoly_solve(game)
    assert len(res) == 1 and not res.complete
    assert any("logit QRE" in w for w in res.warnings)
    assert any("positive-dimensional" in w for w in res.warnings)
    eq = res[0]
    probs = [list(p) for p in eq.probabilities]
    assert brute_regret(game, probs) <= (0 if eq.exact else 1e-9)


def test_enumpoly_refuses_when_the_fallback_fails_too(monkeypatch):
    nothing_found(monkeypatch)

    def no_qre(*a, **k):
        raise SolverError("forced")
    monkeypatch.setattr(qre_module, "qre_solve", no_qre)
    with pytest.raises(SolverError, match="found no equilibrium"):
        enumpoly_solve(jordan_game())


def test_simpdiv_restarts_a_failed_pass(monkeypatch):
    original = simpdiv_module._merrill_pass
    calls = []

    def fail_first(F_, z, delta, max_pivots):
        calls.append(delta)
        if len(calls) == 1:
            raise SolverError("forced: the path cycled")
        return original(F_, z, delta, max_pivots)
    monkeypatch.setattr(simpdiv_module, "_merrill_pass", fail_first)
    game = jordan_game()
    res = simpdiv_solve(game)
    assert res.details["retries"] == 1
    assert calls[1] == pytest.approx(calls[0] * 0.87)      # a slightly different mesh
    eq = res[0]
    assert brute_regret(game, [list(p) for p in eq.probabilities]) <= (0 if eq.exact else 1e-9)


def test_simpdiv_gives_up_after_five_restarts(monkeypatch):
    def always_fail(*a, **k):
        raise SolverError("forced: the path cycled")
    monkeypatch.setattr(simpdiv_module, "_merrill_pass", always_fail)
    with pytest.raises(SolverError, match="forced"):
        simpdiv_solve(jordan_game())


def test_simpdiv_never_returns_an_unverified_point(monkeypatch):
    monkeypatch.setattr(simpdiv_module, "refine", lambda *a, **k: (None, False))
    with pytest.raises(SolverError, match="no verified equilibrium"):
        simpdiv_solve(jordan_game(), max_passes=3)


# ---------------------------------------------------------------------- logit QRE
def test_qre_refuses_a_path_without_a_verified_limit(monkeypatch):
    # The prisoner's dilemma: a path cut after two steps is refused; so is a path
    # whose end cannot be polished into a verified equilibrium (forced here).
    pd = NormalFormGame.from_arrays(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]))
    with pytest.raises(SolverError, match="did not reach lambda"):
        qre_solve(pd, max_steps=2)
    monkeypatch.setattr(qre_module, "_limit_guess", lambda *a, **k: (None, False, False, False))
    with pytest.raises(SolverError, match="without a verifiable Nash equilibrium limit"):
        qre_solve(pd, lambda_max=50)


def test_qre_says_when_the_limit_is_not_rational():
    # Nau et al. (2004), sec. 4: the unique equilibrium is irrational, so an exact
    # request returns floats with a warning saying so.
    game = nau_sec4()
    res = qre_solve(game, exact=True)
    assert not res.exact and any("exact rationals" in w for w in res.warnings)
    eq = res[0]
    assert brute_regret(game, [list(map(float, p)) for p in eq.probabilities]) <= 1e-9


# ---------------------------------------------------------------------- Lemke-Howson
def test_lemke_howson_refusals_and_unconverged_labels():
    import sympy

    from gametheory import ExtensiveFormGame
    from gametheory.exceptions import InvalidGameError, UnsupportedGameError
    from gametheory.solvers.lemke_howson import lh_solve
    # Battle of the sexes with labels: "x" names a strategy of both players.
    bos = NormalFormGame.from_arrays(np.array([[2, 0], [0, 1]]), np.array([[1, 0], [0, 2]]),
                                     players=["P", "Q"], strategies=[["x", "y"], ["x", "z"]])
    with pytest.raises(InvalidGameError, match="names more than one strategy"):
        lh_solve(bos, label="x")
    with pytest.raises(InvalidGameError, match="names no strategy"):
        lh_solve(bos, label="w")
    assert lh_solve(bos, label="Q:z")[0].max_regret() == 0
    with pytest.raises(InvalidGameError, match="unknown option"):
        lh_solve(bos, colour="red")
    with pytest.raises(UnsupportedGameError, match="needs a NormalFormGame"):
        lh_solve(ExtensiveFormGame.new_tree(["A", "B"]))
    c = sympy.Symbol("c")
    sym = NormalFormGame.from_arrays(np.array([[c, 0], [0, 1]], dtype=object), np.array([[1, 0], [0, 2]]))
    with pytest.raises(UnsupportedGameError, match="symbolic"):
        lh_solve(sym)
    # No path ends within one pivot in a game without a pure equilibrium (matching
    # pennies): every label fails, and the solver says so instead of answering.
    mp = NormalFormGame.from_arrays(np.array([[1, -1], [-1, 1]]), np.array([[-1, 1], [1, -1]]))
    with pytest.raises(SolverError, match="did not converge"):
        lh_solve(mp, max_pivots=1, all_labels=True)


# ---------------------------------------------------------------------- sequence form
def test_seqform_falls_back_to_integer_lemke_when_the_lp_answer_cannot_be_rebuilt(monkeypatch):
    from gametheory.game.examples import k_card_poker
    from gametheory.solvers import sequence_form as sf_module
    monkeypatch.setattr(sf_module, "_exact_from_support", lambda *a, **k: None)
    # Kuhn's poker is zero-sum: the LP path, whose answer is now "not rebuildable",
    # so Lemke's algorithm in integers answers instead, with the game's value to the
    # first player, -1/18 (Kuhn 1950).
    res = sf_module.seqform_solve(k_card_poker(3))
    assert res.details["algorithm"] == "lemke" and res.details["pivots"] > 0
    assert any("could not be rebuilt exactly" in w for w in res.warnings)
    assert res[0].payoffs() == (F(-1, 18), F(1, 18)) and res[0].max_regret() == 0


def test_seqform_refuses_a_float_path_it_cannot_make_exact(monkeypatch):
    from gametheory.game.examples import k_card_poker
    from gametheory.solvers import sequence_form as sf_module
    for name in ("_exact_from_basis", "_exact_from_support", "_exact_restart"):
        monkeypatch.setattr(sf_module, name, lambda *a, **k: None)
    monkeypatch.setattr(sf_module, "EXACT_PIVOT_ROWS", 0)      # the float path at every size
    with pytest.raises(SolverError, match="could not be made exact"):
        sf_module.seqform_solve(k_card_poker(3, rake=F(1, 10)))


def test_seqform_refusals_and_symbolic_trees():
    import sympy

    from gametheory import ExtensiveFormGame, Parameter
    from gametheory.exceptions import UnsupportedGameError
    from gametheory.solvers.sequence_form import seqform_solve, sequence_form
    with pytest.raises(UnsupportedGameError, match="needs a game tree"):
        seqform_solve(jordan_game())
    # Matching pennies as a tree, the matcher's win worth c: at c = 1 both mix 1/2.
    c = sympy.Symbol("c")
    g = ExtensiveFormGame.new_tree(["M", "N"])
    h, t = g.append_move(0, "M", ["H", "T"], infoset="m")
    for node, same in ((h, "H"), (t, "T")):
        for a, leaf in zip(("H", "T"), g.append_move(node, "N", ["H", "T"], infoset="n")):
            g.set_outcome(leaf, [c, -c] if a == same else [-1, 1])
    g.parameters["c"] = Parameter("c", 1)
    with pytest.raises(UnsupportedGameError, match="symbolic"):
        sequence_form(g)
    eq = seqform_solve(g)[0]
    assert [list(p) for pl in eq.probabilities for p in pl] == [[F(1, 2), F(1, 2)]] * 2


def test_lp_refusals():
    import numpy as np

    from gametheory import NormalFormGame
    from gametheory.exceptions import UnsupportedGameError
    from gametheory.solvers.zerosum import lp_solve
    with pytest.raises(UnsupportedGameError, match="two-player game, got 3 players"):
        lp_solve(NormalFormGame(np.zeros((3, 2, 2, 2), dtype=int)))
    with pytest.raises(UnsupportedGameError, match="zero-sum"):
        lp_solve(NormalFormGame.from_arrays(np.array([[1]]), np.array([[1]])))
