"""Plain-word explanations: best responses, dominance steps in order, why each equilibrium is one."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
from click.testing import CliRunner

from gametheory import ExtensiveFormGame, NormalFormGame, save
from gametheory.report.explain import explain, explain_best_responses, explain_dominance


def prisoners_dilemma():
    # Osborne (2004), An Introduction to Game Theory, section 2.2.
    return NormalFormGame.from_arrays(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]),
                                      players=["Row", "Column"],
                                      strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]],
                                      title="Prisoner's dilemma")


def gibbons_example():
    # Gibbons (1992), A Primer in Game Theory, figure 1.1.1: Right is strictly dominated by
    # Middle; then Down by Up; then Left by Middle; (Up, Middle) survives.
    A = np.array([[1, 1, 0], [0, 0, 2]])
    B = np.array([[0, 2, 1], [3, 1, 0]])
    return NormalFormGame.from_arrays(A, B, players=["Player 1", "Player 2"],
                                      strategies=[["Up", "Down"], ["Left", "Middle", "Right"]])


def battle_of_sexes():
    return NormalFormGame.from_arrays(np.array([[2, 0], [0, 1]]), np.array([[1, 0], [0, 2]]),
                                      players=["Alice", "Bob"],
                                      strategies=[["Opera", "Football"], ["Opera", "Football"]])


def test_prisoners_dilemma_names_the_dominance_steps_and_the_equilibrium():
    text = explain(prisoners_dilemma())
    assert "Step 1 (round 1): eliminate Row's Cooperate: Defect always does better." in text
    assert "Step 2 (round 1): eliminate Column's Cooperate: Defect always does better." in text
    assert "5 vs 3 if Column plays Cooperate; 1 vs 0 if Column plays Defect" in text
    assert "What survives: Row: Defect; Column: Defect" in text
    assert "only Nash equilibrium" in text
    assert "Equilibrium 1: Row plays Defect; Column plays Defect." in text
    assert "Row gets 1 from Defect; Cooperate would give 0 (none more than 1)." in text
    assert "Nash equilibria (1 found by enummixed; all of them)" in text


def test_best_response_lines():
    lines = explain_best_responses(prisoners_dilemma())
    assert "    if Column plays Cooperate: Defect (payoff 5); Cooperate gives 3" in lines
    assert "    if Row plays Defect: Defect (payoff 1); Cooperate gives 0" in lines


def test_elimination_order_over_several_rounds():
    lines = explain_dominance(gibbons_example())
    text = "\n".join(lines)
    order = [text.index("eliminate Player 2's Right"), text.index("eliminate Player 1's Down"),
             text.index("eliminate Player 2's Left")]
    assert order == sorted(order)
    assert "round 1): eliminate Player 2's Right: Middle" in text
    assert "round 2): eliminate Player 1's Down: Up" in text
    assert "round 3): eliminate Player 2's Left: Middle" in text
    assert "What survives: Player 1: Up; Player 2: Middle" in text


def test_no_dominance_and_mixed_equilibrium_in_battle_of_the_sexes():
    text = explain(battle_of_sexes())
    assert "No strategy is strictly dominated" in text and "No strategy is weakly dominated" in text
    assert "3 found by enummixed" in text
    assert "Alice mixes 2/3 Opera + 1/3 Football; Bob mixes 1/3 Opera + 2/3 Football." in text
    assert "Alice is indifferent: each of Opera, Football gives 2/3." in text


def test_mixed_dominance_is_described_as_a_mix():
    # Middle (1, 1) is strictly dominated by the mix 1/2 Top + 1/2 Bottom (payoffs 3/2, 3/2),
    # though by neither pure strategy (Osborne 2004, section 12.2).
    A = np.array([[3, 0], [1, 1], [0, 3]])
    B = np.zeros((3, 2), dtype=int)
    g = NormalFormGame.from_arrays(A, B, players=["R", "C"], strategies=[["T", "M", "B"], ["L", "R"]])
    text = "\n".join(explain_dominance(g))
    assert "eliminate R's M: the mix" in text and "T" in text and "B" in text


def entry_tree():
    """Entry deterrence: out gives (0, 2); after entry, fight (-1, -1) or share (1, 1)."""
    g = ExtensiveFormGame.new_tree(["Entrant", "Incumbent"], title="Entry")
    out, enter = g.append_move(0, "Entrant", ["out", "enter"])
    g.set_outcome(out, [0, 2])
    fight, share = g.append_move(enter, "Incumbent", ["fight", "share"])
    g.set_outcome(fight, [-1, -1])
    g.set_outcome(share, [1, 1])
    return g


def test_tree_is_explained_through_its_reduced_normal_form():
    text = explain(entry_tree())
    # Backward induction (Osborne 2004, section 5.5): share beats fight, so enter beats out.
    assert "Incumbent after enter: fight gives it -1; share gives it 1; it chooses share." in text
    assert "Entrant at the start: out gives it 0; enter gives it 1; it chooses enter." in text
    assert "Outcome: Entrant 1, Incumbent 1." in text
    assert "reduced strategic form" in text
    # (enter, share) is an equilibrium: the Incumbent's fight would give -1 < 1.
    assert "Entrant plays enter; Incumbent plays share." in text
    assert "Incumbent gets 1 from share; fight would give -1" in text


def test_explain_command(tmp_path):
    from gametheory.cli import main
    path = tmp_path / "pd.nfg"
    save(prisoners_dilemma(), path)
    res = CliRunner().invoke(main, ["explain", str(path)])
    assert res.exit_code == 0, res.output
    assert "eliminate Row's Cooperate" in res.output and "Equilibrium 1" in res.output
    res = CliRunner().invoke(main, ["explain", str(tmp_path / "missing.nfg")])
    assert res.exit_code == 2 and "error:" in res.output


def test_parameters_are_substituted_and_named():
    import sympy
    from gametheory import Parameter
    c = sympy.Symbol("c")
    # A prisoner's dilemma whose temptation is c: Defect dominates when c > 3 (here c = 4);
    # with c = 2 Cooperate is a best response to Cooperate (a stag hunt).
    A = np.array([[3, 0], [c, 1]], dtype=object)
    g = NormalFormGame.from_arrays(A, A.T.copy(), players=["Row", "Column"],
                                   strategies=[["Cooperate", "Defect"]] * 2,
                                   parameters=[Parameter("c", F(4))])
    text = explain(g)
    assert "Parameters: c = 4" in text and "eliminate Row's Cooperate" in text
    text = explain(g, params={"c": F(2)})
    assert "Parameters: c = 2" in text and "No strategy is strictly dominated" in text
    assert "if Column plays Cooperate: Cooperate (payoff 3); Defect gives 2" in text


def test_backward_induction_takes_expectations_at_chance_nodes():
    from gametheory.report.explain import explain_backward_induction
    g = ExtensiveFormGame.new_tree(["A", "B"], title="Gamble")
    gamble, sure = g.append_move(0, "A", ["gamble", "sure"])
    win, lose = g.append_chance(gamble, ["win", "lose"], [F(1, 3), F(2, 3)])
    g.set_outcome(win, [3, 0])
    g.set_outcome(lose, [0, 1])
    g.set_outcome(sure, [F(1, 2), F(1, 2)])
    lines = explain_backward_induction(g)
    # Gamble: 1/3 * 3 + 2/3 * 0 = 1 for A (and 2/3 for B) against 1/2 for sure.
    assert "  A at the start: gamble gives it 1; sure gives it 1/2; it chooses gamble." in lines
    assert lines[-1] == "  Outcome: A 1, B 2/3."
    # With an information set joining two nodes there is no backward induction to tell.
    h = ExtensiveFormGame.new_tree(["A", "B"])
    l, r = h.append_move(0, "A", ["l", "r"])
    h.append_move(l, "B", ["x", "y"], infoset="B1")
    h.append_move(r, "B", ["x", "y"], infoset="B1")
    assert explain_backward_induction(h) == []


def test_continuum_is_not_called_all_of_them():
    # The entry tree above in strategic form: (enter, share) and the continuum
    # (out, Incumbent fights with probability q >= 1/2): out gives 0, enter gives
    # 1 - 2q <= 0.  By hand: 3 extreme equilibria, (enter, share), (out, fight) and
    # (out, 1/2 fight + 1/2 share), two components, one of them a continuum.
    text = explain(entry_tree())
    head = next(line for line in text.splitlines() if line.startswith("Nash equilibria"))
    assert head.startswith("Nash equilibria (3 found by enummixed;")
    assert "all of them" not in head and "1 of them continua" in head
    assert "Entrant plays out; Incumbent mixes 1/2 fight + 1/2 share." in text


def test_long_lists_say_how_many_are_explained():
    # Matching on a 2 x 2 with all payoffs 0: every profile is an equilibrium; the
    # 4 pure profiles are the extreme ones of one component (the whole square).
    import numpy as np
    from gametheory.game import NormalFormGame
    from gametheory.report.explain import explain_equilibria
    from gametheory.solvers import solve
    g = NormalFormGame.from_arrays(np.zeros((2, 2), dtype=int), np.zeros((2, 2), dtype=int))
    res = solve(g, method="enummixed")
    lines = explain_equilibria(g, res, max_explained=2)
    assert lines[0] == ("Nash equilibria (4 found by enummixed; the extreme ones of 1 component(s), 1 of them "
                        "continua: every equilibrium mixes the extreme equilibria of one component; "
                        "the first 2 are explained):")
    assert sum(line.startswith("  Equilibrium ") for line in lines) == 2
