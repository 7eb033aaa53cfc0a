"""Tree defects found by the audit of issue #16: agent QRE limits, imperfect recall,
``show --solution`` with normal-form methods."""
from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli import main
from gametheory.exceptions import UnsupportedGameError
from gametheory.game import ExtensiveFormGame
from gametheory.io import load
from gametheory.solvers import solve

GAMBIT = Path(__file__).resolve().parent / "data" / "gambit"
TREES = Path(__file__).resolve().parent / "data" / "trees"
REFERENCE = json.loads((GAMBIT / "agent_qre_reference.json").read_text())


def by_actions(profile):
    """``{player: [{action label: p} per information set]}``, comparable across tools."""
    g = profile.game
    return {g.players[i]: [dict(zip(h.actions, (float(x) for x in p)))
                           for h, p in zip(g.infosets[i], profile.probabilities[i])]
            for i in range(g.n_players)}


def as_sets(doc):
    return {p: sorted(tuple(sorted(d.items())) for d in sets) for p, sets in doc.items()}


def close(a, b, tol=1e-6):
    sa, sb = as_sets(a), as_sets(b)
    return sa.keys() == sb.keys() and all(
        len(sa[p]) == len(sb[p]) and all(
            [k for k, _ in x] == [k for k, _ in y] and all(abs(u - v) <= tol for (_, u), (_, v) in zip(x, y))
            for x, y in zip(sa[p], sb[p])) for p in sa)


@pytest.mark.parametrize("name", ["fig5_10_41", "jakobsen2016_fig3"])
def test_agent_qre_limit_matches_pygambits_branch(name):
    # Reference: pygambit's logit_solve(use_strategic=False), made by
    # tests/data/gambit/make_agent_qre_reference.py.  On fig3 the final polish used
    # to land on the opposite pure profile; on fig5_10 (payoff 4 -> 4.1) the tracer
    # left the branch.
    r = solve(load(GAMBIT / f"{name}.efg"), "qre", exact=False)
    assert len(r) == 1
    ref = {p: sets for p, sets in REFERENCE[name].items()}
    assert close(by_actions(r[0]), ref, 1e-5)


@pytest.mark.parametrize("name, mixed", [
    # The subgame after R, R (sww3) / after 2 (w_ex1) is a battle of the sexes whose
    # two pure equilibria tie in risk dominance (products of deviation losses
    # 6*3 = 3*6, and 1*3 = 3*1).  Swapping the players and the actions maps the
    # subgame onto itself, so the branch from lambda = 0 stays on the symmetric set,
    # whose only equilibrium is the mixed one: by hand, Player 1's mix makes Player 2
    # indifferent (sww3: 3x = 6(1 - x), x = 2/3 on T; w_ex1: 3x = 1 - x, x = 1/4 on A),
    # and Player 1 then prefers the outside payoff (4 > 2, 2 > 3/4).
    ("sww3", {"Player 1": [{"R": 0.0, "L": 1.0}, {"T": 2 / 3, "B": 1 / 3}],
              "Player 2": [{"R": 1.0, "L": 0.0}, {"T": 1 / 3, "B": 2 / 3}]}),
    ("w_ex1", {"Player 1": [{"Out": 1.0, "2": 0.0}, {"A": 0.25, "B": 0.75}],
               "Player 2": [{"a": 0.25, "b": 0.75}]}),
])
def test_agent_qre_follows_the_symmetric_branch_to_its_limit(name, mixed):
    # These used to end in "0 equilibria" (exit 0): the polish could not solve
    # the indifference equations at unreached information sets.
    r = solve(load(GAMBIT / f"{name}.efg"), "qre", exact=False)
    assert close(by_actions(r[0]), mixed, 1e-6)
    last = r.details["qre_point"]
    assert max(abs(float(a) - float(b)) for pl, ql in zip(r[0].probabilities, last.probabilities)
               for p, q in zip(pl, ql) for a, b in zip(p, q)) <= 0.05


def absent_minded_driver() -> ExtensiveFormGame:
    # Piccione & Rubinstein (1997): both exits are in one information set.
    g = ExtensiveFormGame.new_tree(["Driver"])
    a, b = g.append_move(0, "Driver", ["exit", "continue"], infoset="junction")
    g.set_outcome(a, [0])
    c, d = g.append_move(b, "Driver", ["exit", "continue"], infoset="junction")
    g.set_outcome(c, [4])
    g.set_outcome(d, [1])
    return g


def test_agent_qre_refuses_imperfect_recall_up_front():
    with pytest.raises(UnsupportedGameError, match="perfect recall"):
        solve(absent_minded_driver(), "qre")


@pytest.mark.parametrize("method", ["enummixed", "lh", "pure"])
def test_show_tree_with_a_normal_form_solution(method):
    # Entry deterrence: (in, accommodate) is the subgame-perfect equilibrium; enummixed
    # and pure list (out, fight) first, lh finds (in, accommodate) from label 1.
    r = CliRunner().invoke(main, ["show", str(TREES / "entry_deterrence.efg"), "--solution", method])
    assert r.exit_code == 0, r.output
    assert "* marks the actions of" in r.output and "reduced normal form" in r.output
    marked = [line.strip().split(":")[0] for line in r.output.splitlines() if line.strip().startswith("*")]
    assert marked in (["*out", "*fight"], ["*in", "*accommodate"], ["*out", "*accommodate"]), marked


def test_irrational_subgame_equilibrium_is_returned_as_float_by_enumpoly():
    # The 3-player subgame of Gambit's 2s2x2x2.efg has an irrational equilibrium:
    # enumpoly keeps it as a float (flagged) and the rational ones exact, which is
    # what spe needs to combine them (issue #16).
    g = load(GAMBIT / "2s2x2x2.efg")
    nf = g.to_normal_form()
    r = solve(nf, "enumpoly")
    assert any(not eq.exact for eq in r)
    assert all(eq.max_regret() == 0 for eq in r if eq.exact)
    assert all(float(eq.max_regret()) <= r.tolerance for eq in r)
    assert Fraction(0) == min(eq.max_regret() for eq in r if eq.exact)


def test_spe_in_exact_mode_carries_enumpoly_exactness():
    # Gambit's 2s2x2x2.efg, "Two stage McKelvey McLennan game with 9 equilibria each
    # stage" (its own description): spe in exact mode used to abort ("internal error:
    # candidate ... has regret ..."); now the subgame-perfect equilibria built on an
    # irrational stage equilibrium come back as floats (flagged, regret within the
    # tolerance), the others exact with zero regret checked in Fractions (issue #16).
    from gametheory.solvers.subgame_perfect import subgame_perfection_regret
    g = load(GAMBIT / "2s2x2x2.efg")
    r = solve(g, "spe", exact=True)
    assert not r.exact and r.tolerance > 0
    exact = [eq for eq in r if eq.exact]
    floats = [eq for eq in r if not eq.exact]
    assert exact and floats
    assert all(subgame_perfection_regret(eq) == 0 and eq.max_regret() == 0 for eq in exact)
    assert all(float(subgame_perfection_regret(eq)) <= r.tolerance for eq in floats)
    assert all(isinstance(x, Fraction) for eq in exact for pl in eq.probabilities for b in pl for x in b)
    assert any("irrational" in w for w in r.warnings)
    # The second stage (each player's information set 2) is played at one of its 9
    # equilibria in every subgame-perfect equilibrium, and all 9 occur.
    second = {tuple(round(float(x), 9) for i in range(3) for x in eq.probabilities[i][1]) for eq in r}
    assert len(second) == 9


@pytest.mark.parametrize("name", ["bhg2", "bcp3"])
def test_seqform_equilibrium_is_not_claimed_perfect(name):
    # Why the docs no longer call seqform's answer normal-form perfect: in a
    # two-player game a perfect equilibrium uses no weakly dominated strategy, yet
    # player 2's strategy here is weakly dominated by a mix of its pure strategies
    # in the reduced normal form (decided exactly).
    import numpy as np

    from gametheory.analysis.dominance import dominating_mix
    from gametheory.analysis.security import own_matrix
    g = load(GAMBIT / f"{name}.efg")
    nf = g.to_normal_form()
    mixed = solve(g, "seqform")[0].to_mixed(nf)
    M = own_matrix(nf, 1, True)
    row = np.array(mixed.probabilities[1], dtype=object) @ M
    assert dominating_mix(np.vstack([M, row[None, :]]), len(M), "weak", True) is not None
    root = Path(__file__).resolve().parents[1]
    for doc in ("docs/how-to/solve-trees.md", "docs/reference/solvers.md"):
        text = (root / doc).read_text()
        assert "equilibrium it finds is *normal-form perfect*" not in text
        assert "one normal-form perfect equilibrium" not in text


def test_auto_on_trees_picks_seqform_when_the_normal_form_is_large():
    from gametheory.solvers import AUTO_SPE_MAX_PROFILES, auto_method, reduced_strategy_count
    # The count agrees with the listed reduced strategies (brute force).
    for path in [GAMBIT / "bcp3.efg", TREES / "kuhn_poker.efg", GAMBIT / "2s2x2x2.efg"]:
        g = load(path)
        for i in range(g.n_players):
            assert reduced_strategy_count(g, i) == len(g.reduced_strategies(i))
    # Gambit's 4cards: 81 x 256 reduced profiles, far above the limit; spe ran for
    # minutes on it, seqform is linear in the tree.
    g = load(GAMBIT / "4cards.efg")
    assert reduced_strategy_count(g, 0) * reduced_strategy_count(g, 1) > AUTO_SPE_MAX_PROFILES
    assert auto_method(g) == "seqform"
    assert auto_method(load(TREES / "kuhn_poker.efg")) == "spe"         # 27 x 64
    assert auto_method(load(TREES / "entry_deterrence.efg")) == "spe"   # perfect information


def centipede(moves: int) -> ExtensiveFormGame:
    """A centipede of ``moves`` moves (gametheory.game.examples.centipede): the mover
    at move k (0-based) who stops gets k + 2 and the other k; after the last move
    both get ``moves``; by backward induction everyone stops (Rosenthal 1981)."""
    from gametheory.game.examples import centipede as build
    return build(moves)


def test_agent_qre_on_a_16_move_centipede_stops_everywhere_in_few_steps():
    # The checkpoints end the tracing once two in a row polish to the same limit; the
    # Jacobian of each step is one batched sweep of the tree.
    r = solve(centipede(16), "qre", exact=False)
    assert all(float(p[0]) == 1.0 for pl in r[0].probabilities for p in pl)
    assert r.details["steps"] <= 400
