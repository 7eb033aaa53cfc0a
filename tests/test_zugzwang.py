"""Tests of the zugzwang diagnostics on games solved by hand.

Every expected number below is worked out in the comment next to it (the games
are made up for the tests; the definitions are those of
docs/explanation/zugzwang.md).  Security values are maxmin values of the focal
player's matrix (Maschler, Solan & Zamir, *Game Theory*, 2013, ch. 4-5).
"""
from __future__ import annotations

import json
import warnings
from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.analysis.zugzwang import (
    diagnose, escape_conditions, focal_options, reaction_game, wilson_interval,
)
from gametheory.exceptions import InvalidGameError, UnsupportedGameError
from gametheory.game.normal import Parameter


# ---------------------------------------------------------------------- games
def zugzwang_game():
    """Row moves, Column matches it.  Row: A -> Column plays a (Row -1), B -> b (Row -2).

    Row's payoffs [[-1, -3], [-4, -2]]; Column's [[1, 0], [0, 1]] (Column wants to match).
    Reaction payoffs: A: -1, B: -2 -> margin -1, zugzwang.  Worst: A -3, B -4; best: A -1,
    B -2.  Regret (Savage): column a: best -1, A 0, B 3; column b: best -2, A 1, B 0 ->
    regret A 1, B 3.  Security: x(A) = p, min(-p - 4(1-p), -3p - 2(1-p)) = min(3p - 4, -p - 2);
    equal at p = 1/2 -> -5/2.
    """
    return gt.NormalFormGame.from_arrays(np.array([[-1, -3], [-4, -2]]), np.array([[1, 0], [0, 1]]),
                                         players=["Row", "Column"], strategies=[["A", "B"], ["a", "b"]])


def escape_game():
    """Three players; Focal's option B escapes, A does not.

    Under A the others play matching pennies (P2 wants to match, P3 to mismatch), the
    unique equilibrium is (1/2, 1/2) each; Focal gets 2 on column L and -4 on R, so
    (2 - 4) / 2 = -1.  Under B, P2 and P3 play a coordination game with pure equilibria
    (U, L) and (D, R) and a mixed one (1/2, 1/2); Focal gets 3 at (U, L), -1 at (D, R),
    0 elsewhere: payoffs 3, -1 and (3 - 1) / 4 = 1/2.  Margin 3, no zugzwang.
    """
    pay = np.zeros((3, 2, 2, 2), dtype=object)
    pay[0, 0] = [[2, -4], [2, -4]]
    pay[1, 0] = [[1, 0], [0, 1]]
    pay[2, 0] = [[0, 1], [1, 0]]
    pay[0, 1] = [[3, 0], [0, -1]]
    pay[1, 1] = [[1, 0], [0, 1]]
    pay[2, 1] = [[1, 0], [0, 1]]
    return gt.NormalFormGame(pay, ["Focal", "P2", "P3"], [["A", "B"], ["U", "D"], ["L", "R"]])


def threshold_game():
    """Dushanbe vs Moscow with symbolic payoffs (made up for the test).

    Dushanbe: stand by -> Moscow aloof (0 > -1): Dushanbe gets -h = -1.
    Covert support -> Moscow presses iff -1 - n > -d, i.e. n < d - 1 = 3 (d = 4):
    Dushanbe gets b - s - x = 3 - 2 - 4 = -3; if n >= 3, Moscow may stay aloof and
    Dushanbe gets b - s = 1 >= 0.  So zugzwang iff n < 3 (n in [0, 5]), margin -1 at n = 1.
    """
    h, q, b, s, x, d, n = sympy.symbols("h q b s x d n", real=True)
    A = [[-h, -h - q], [b - s, b - s - x]]
    B = [[0, -1], [-d, -1 - n]]
    params = [Parameter("h", F(1)), Parameter("q", F(1)), Parameter("b", F(3)), Parameter("s", F(2)),
              Parameter("x", F(4)), Parameter("d", F(4)), Parameter("n", F(1), F(0), F(5))]
    return gt.NormalFormGame.from_arrays(A, B, players=["Dushanbe", "Moscow"],
                                         strategies=[["stand by", "covert support"], ["stay aloof", "press"]],
                                         parameters=params)


def mixed_threshold_game():
    """Focal's option A leads to a mixed reaction equilibrium whose payoff depends on c.

    Under A: P2 gets c on (U, L), 1 on (D, R), 0 otherwise; P3 wants to mismatch.  P3's
    mix q = P(L) makes P2 indifferent: c q = 1 - q, q = 1 / (1 + c).  Focal gets 2 on L and
    -2 on R: 4 q - 2 = 4 / (1 + c) - 2, at least 0 iff c <= 1.  Under B Focal gets -1.
    At c = 2: 4/3 - 2 = -2/3, zugzwang.  Closed-form escape region in [1/2, 3]: c <= 1.
    """
    c = sympy.Symbol("c", real=True)
    pay = np.zeros((3, 2, 2, 2), dtype=object)
    pay[0, 0] = [[2, -2], [2, -2]]
    pay[1, 0] = [[c, 0], [0, 1]]
    pay[2, 0] = [[0, 1], [1, 0]]
    pay[0, 1] = [[-1, -1], [-1, -1]]
    pay[1, 1] = [[1, 0], [0, 1]]
    pay[2, 1] = [[1, 0], [0, 1]]
    return gt.NormalFormGame(pay, ["Focal", "P2", "P3"], [["A", "B"], ["U", "D"], ["L", "R"]],
                             parameters=[Parameter("c", F(2), F(1, 2), F(3))])


def deterrence_tree(cost=0):
    """Entry deterrence (Selten's chain-store stage game) with the incumbent as focal player.

    Entrant: Out -> (0, 2); In -> Incumbent: Fight (-1, -1 - cost on the way) or
    Accommodate (1, 1).  Committed to Fight the entrant stays out: incumbent 2;
    committed to Accommodate the entrant enters: 1.  Against reference 3 every option
    is bad (margin -1); against 2 Fight restores it (margin 0).
    """
    g = gt.ExtensiveFormGame.new_tree(["Entrant", "Incumbent"], title="entry")
    out, inn = g.append_move(g.root, "Entrant", ["Out", "In"])
    g.set_outcome(out, [0, 2], label="stays out")
    if cost:
        g.set_outcome(inn, [0, -cost], label="entry cost")
    fight, acc = g.append_move(inn, "Incumbent", ["Fight", "Accommodate"])
    g.set_outcome(fight, [-1, -1], label="war")
    g.set_outcome(acc, [1, 1], label="peace")
    return g


# ---------------------------------------------------------------------- hand-solved verdicts
def test_game_in_zugzwang():
    d = diagnose(zugzwang_game(), "Row")
    assert d.zugzwang is True and d.margin == F(-1)
    assert d.best_option == "A" and d.rests_on == (("A", 0),)
    a, b = d.options
    assert (a.option, a.worst, a.best, a.reaction_payoffs, a.regret) == ("A", F(-3), F(-1), (F(-1),), F(1))
    assert (b.option, b.worst, b.best, b.reaction_payoffs, b.regret) == ("B", F(-4), F(-2), (F(-2),), F(3))
    assert d.security_value == F(-5, 2) and d.strong is True
    assert d.forced_move_cost == F(1)
    assert d.complete is True and d.exact is True
    # Whole game: (A, a), (B, b) and a mixed one.  Column mixes y(a) with Row indifferent:
    # -y - 3(1-y) = -4y - 2(1-y) -> 2y - 3 = -2y - 2 -> y = 1/4, Row gets -5/2.
    assert d.whole_game.zugzwang is True
    assert sorted(d.whole_game.payoffs) == [F(-5, 2), F(-2), F(-1)]
    assert d.whole_game.margin == F(-1)


def test_reference_moves_the_verdict():
    g = zugzwang_game()
    assert diagnose(g, "Row", reference=-1).zugzwang is False          # -1 is not below -1
    d = diagnose(g, "Row", reference="-3/2")
    assert d.zugzwang is False and d.margin == F(1, 2) and d.forced_move_cost == 0
    assert d.strong is True                                            # -5/2 < -3/2
    d = diagnose(g, "Row", reference=["B", "a"])                       # profile reference: -4
    assert d.reference == F(-4) and d.zugzwang is False
    assert diagnose(g, "Row", reference="A,b").reference == F(-3)
    assert diagnose(g, "Row", reference="status-quo").reference == 0
    with pytest.raises(InvalidGameError):
        diagnose(g, "Row", reference="nonsense")


def test_one_option_escapes():
    d = diagnose(escape_game(), "Focal")
    assert d.zugzwang is False and d.margin == F(3) and d.best_option == "B"
    a, b = d.options
    assert a.reaction_payoffs == (F(-1),)
    assert sorted(b.reaction_payoffs) == [F(-1), F(1, 2), F(3)]
    assert a.reaction_equilibria.method == "enummixed" and d.complete
    assert d.forced_move_cost == 0
    # worst/best over the others' pure profiles
    assert (a.worst, a.best, b.worst, b.best) == (F(-4), F(2), F(-1), F(3))


def test_parameter_threshold_closed_form_and_both_sides():
    g = threshold_game()
    d = diagnose(g, "Dushanbe")
    assert d.zugzwang is True and d.margin == F(-1)
    n = sympy.Symbol("n", real=True)
    [cond] = [c for c in d.conditions if c.parameter == "n"]
    assert cond.closed_form is True and cond.kind == "escape"
    assert cond.threshold == F(3)                         # hand: n >= d - 1 = 3
    assert sympy.simplify(cond.relation) == sympy.And(n >= 3, n <= 5)
    assert cond.verified is True
    # Numerical checks on both sides of the threshold, and at it (ties are not bad).
    assert diagnose(g, "Dushanbe", params={"n": F(29, 10)}, conditions=False).zugzwang is True
    assert diagnose(g, "Dushanbe", params={"n": F(31, 10)}, conditions=False).zugzwang is False
    at = diagnose(g, "Dushanbe", params={"n": F(3)}, conditions=False)
    assert at.zugzwang is False and at.margin == F(1)
    # The multivariate escape condition of covert support with Moscow aloof.
    kinds = {(c.kind, c.option) for c in d.conditions}
    assert ("equilibrium exists", "covert support") in kinds
    b, s, dd = sympy.symbols("b s d", real=True)
    esc = [c for c in d.conditions if c.kind == "escape" and c.option == "covert support"
           and c.relation.subs({b: 3, s: 2, dd: 4, n: F(7, 2)}) == sympy.true]
    assert esc, "the escape through Moscow staying aloof must be listed"


def test_mixed_reaction_closed_form():
    g = mixed_threshold_game()
    d = diagnose(g, "Focal")
    assert d.zugzwang is True and d.margin == F(-2, 3)
    c = sympy.Symbol("c", real=True)
    [cond] = [x for x in d.conditions if x.parameter == "c"]
    assert cond.closed_form is True and cond.threshold == F(1)
    assert sympy.simplify(cond.relation) == sympy.And(c >= sympy.Rational(1, 2), c <= 1)
    exists = [x for x in d.conditions if x.kind == "equilibrium exists" and x.option == "A"]
    assert exists and exists[0].closed_form
    assert diagnose(g, "Focal", params={"c": F(9, 10)}, conditions=False).zugzwang is False
    assert diagnose(g, "Focal", params={"c": F(11, 10)}, conditions=False).zugzwang is True
    # at c = 9/10: 4 / (19/10) - 2 = 40/19 - 2 = 2/19
    assert diagnose(g, "Focal", params={"c": F(9, 10)}, conditions=False).margin == F(2, 19)


def test_escape_conditions_function_matches_diagnosis():
    g = threshold_game()
    conds = escape_conditions(g, "Dushanbe")
    assert [c.threshold for c in conds if c.parameter == "n"] == [F(3)]


def test_tree_commitment_and_pruning():
    g = deterrence_tree()
    assert focal_options(g, "Incumbent") == ("Fight", "Accommodate")
    d = diagnose(g, "Incumbent", reference=3, whole_game=False)
    assert d.zugzwang is True and d.margin == F(-1)
    assert [o.reaction_payoffs for o in d.options] == [(F(2),), (F(1),)]
    assert d.options[0].reaction_equilibria.method == "spe"
    d2 = diagnose(g, "Incumbent", reference=2)
    assert d2.zugzwang is False and d2.margin == 0
    # Whole game: the subgame-perfect equilibrium is (In, Accommodate): incumbent 1.
    assert d2.whole_game.payoffs == (F(1),) and d2.whole_game.zugzwang is True
    # Reference given by an outcome label: "peace" pays the incumbent 1.
    assert diagnose(g, "Incumbent", reference="peace", whole_game=False).reference == F(1)
    # The pruned tree keeps the focal player without moves and carries outcomes.
    t = reaction_game(deterrence_tree(cost=1), "Incumbent", "Fight")
    assert t.players == ("Entrant", "Incumbent") and t.infosets[1] == []
    pays = sorted(tuple(p) for _, _, p, _ in t.leaf_data())
    assert pays == [(F(-1), F(-2)), (F(0), F(2))]


def test_tree_closed_form_boundary():
    """The incumbent's payoff when the entrant stays out is a parameter c in [0, 3].
    Committed to Fight the entrant stays out: incumbent gets c; Accommodate: 1.
    Reference 2: zugzwang iff max(c, 1) < 2 iff c < 2 (closed form from the
    subgame-perfection conditions of the pure candidates)."""
    c = sympy.Symbol("c", real=True)
    g = gt.ExtensiveFormGame.new_tree(["Entrant", "Incumbent"], parameters=[Parameter("c", F(1), F(0), F(3))])
    out, inn = g.append_move(g.root, "Entrant", ["Out", "In"])
    g.set_outcome(out, [0, c])
    fight, acc = g.append_move(inn, "Incumbent", ["Fight", "Accommodate"])
    g.set_outcome(fight, [-1, -1])
    g.set_outcome(acc, [1, 1])
    d = diagnose(g, "Incumbent", reference=2, whole_game=False)
    assert d.zugzwang is True and d.margin == F(-1)
    [cond] = [x for x in d.conditions if x.parameter == "c"]
    assert cond.closed_form is True and cond.threshold == F(2) and cond.verified is True
    assert sympy.simplify(cond.relation) == sympy.And(c >= 2, c <= 3)


def test_tree_numerical_boundary_for_mixed_reactions():
    """Committed to A, P2 and P3 play matching pennies (P3 does not see P2's move):
    P3 plays L with q = 1 / (1 + c) (P2 gets c on (U, L), 1 on (D, R)); the focal
    player gets 2 on L and -2 on R: 4 / (1 + c) - 2 >= 0 iff c <= 1.  B pays -1.
    The subgame-perfect reaction is mixed, so the boundary is found by bisection."""
    c = sympy.Symbol("c", real=True)
    g = gt.ExtensiveFormGame.new_tree(["F", "P2", "P3"], parameters=[Parameter("c", F(2), F(1, 2), F(3))])
    a, b = g.append_move(g.root, "F", ["A", "B"])
    g.set_outcome(b, [-1, 0, 0])
    up, down = g.append_move(a, "P2", ["U", "D"])
    for node, row in ((up, 0), (down, 1)):
        left, right = g.append_move(node, "P3", ["L", "R"], infoset="P3 blind")
        g.set_outcome(left, [2, c if row == 0 else 0, 0 if row == 0 else 1])
        g.set_outcome(right, [-2, 0 if row == 0 else 1, 1 if row == 0 else 0])
    d = diagnose(g, "F", whole_game=False)
    assert d.zugzwang is True and d.margin == F(-2, 3)
    [cond] = [x for x in d.conditions if x.parameter == "c"]
    assert cond.closed_form is False and cond.kind == "escape"
    assert abs(cond.threshold - 1) < 5 / 2 ** 13


def test_float_game_and_json_numbers():
    g = gt.NormalFormGame.from_arrays(np.array([[-1.5, -3.0], [-4.0, -2.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]))
    d = diagnose(g, 0)
    assert d.exact is False and d.margin == pytest.approx(-1.5)
    doc = json.loads(d.to_json_text())
    assert isinstance(doc["margin"], float) and doc["margin"] == pytest.approx(-1.5)
    assert all(isinstance(v, float) for v in doc["options"][0]["reaction_payoffs"])


def test_json_shape_exact():
    doc = diagnose(zugzwang_game(), "Row").to_json()
    for key in ("player", "reference", "zugzwang", "margin", "strong", "security_value",
                "forced_move_cost", "options", "conditions", "robustness"):
        assert key in doc
    assert doc["player"] == "Row" and doc["zugzwang"] is True and doc["margin"] == "-1"
    assert doc["security_value"] == "-5/2"
    opt = doc["options"][0]
    assert {"option", "worst", "best", "reaction_payoffs", "regret"} <= set(opt)
    assert opt["reaction_payoffs"] == ["-1"]
    assert doc["robustness"] is None and doc["conditions"] == []
    json.dumps(doc)


def test_robustness_grid_and_monte_carlo():
    g = threshold_game()     # zugzwang iff n < 3 with n uniform on [0, 5]
    grid = diagnose(g, "Dushanbe", robustness={"grid": 11}, conditions=False, whole_game=False).robustness
    # grid 0, 0.5, ..., 5: n < 3 for 0..2.5, 6 of 11 points
    assert (grid.in_zugzwang, grid.n) == (6, 11) and grid.seed is None
    mc = diagnose(g, "Dushanbe", robustness=300, seed=7, conditions=False, whole_game=False).robustness
    again = diagnose(g, "Dushanbe", robustness=300, seed=7, conditions=False, whole_game=False).robustness
    assert mc == again
    assert mc.low <= 0.6 <= mc.high and mc.n == 300 and mc.seed == 7
    assert abs(mc.share - 0.6) < 0.1


def test_wilson_interval_reference_value():
    # Wilson (1927): k = 6 of n = 11 at 95 %: centre (p + z^2/2n) / (1 + z^2/n)
    lo, hi = wilson_interval(6, 11)
    z = 1.959963984540054
    p = 6 / 11
    centre = (p + z * z / 22) / (1 + z * z / 11)
    half = z * np.sqrt(p * (1 - p) / 11 + z * z / (4 * 121)) / (1 + z * z / 11)
    assert lo == pytest.approx(centre - half) and hi == pytest.approx(centre + half)
    assert wilson_interval(0, 10)[0] == 0.0


def test_bad_input():
    g = zugzwang_game()
    with pytest.raises(KeyError):
        diagnose(g, "Nobody")
    with pytest.raises(InvalidGameError):
        diagnose(threshold_game(), "Dushanbe", params={"zz": 1})
    with pytest.raises(InvalidGameError):
        diagnose(g, "Row", robustness=10)          # no parameter ranges
    with pytest.raises(UnsupportedGameError):
        diagnose(gt.NormalFormGame.from_arrays(np.array([1, 2])), 0)
    with pytest.raises(KeyError):
        reaction_game(g, "Row", "Z")


def test_table_mentions_verdict_and_options():
    text = diagnose(threshold_game(), "Dushanbe").table()
    assert "ZUGZWANG" in text and "covert support" in text and "n alone" in text


# ---------------------------------------------------------------------- properties
payoff = st.integers(min_value=-5, max_value=5)


@settings(max_examples=25, deadline=None)
@given(st.lists(payoff, min_size=24, max_size=24))
def test_reaction_equilibria_are_equilibria_of_the_remaining_game(values):
    """For random 2x2x2 games: every reaction equilibrium is an equilibrium of the game
    the others play (checked by brute-force regrets on the original array), the focal
    payoff is its expectation in the original game, and the verdict follows its definition."""
    pay = np.array(values, dtype=np.int64).reshape(3, 2, 2, 2)
    g = gt.NormalFormGame(pay, ["F", "P", "Q"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = diagnose(g, "F", whole_game=False)
    top = None
    for k, opt in enumerate(d.options):
        sub = pay[:, k].astype(object)          # axes: player, P's strategy, Q's strategy
        assert opt.reaction_equilibria.equilibria
        for eq, v in zip(opt.reaction_equilibria.equilibria, opt.reaction_payoffs):
            x, y = (np.array(p, dtype=object) for p in eq.probabilities)
            assert v == x @ sub[0] @ y
            assert max(sub[1] @ y) == x @ sub[1] @ y
            assert max(x @ sub[2]) == x @ sub[2] @ y
            assert opt.worst <= v <= opt.best
            top = v if top is None else max(top, v)
    assert d.margin == top
    assert d.zugzwang == (top < 0)
    assert d.forced_move_cost == max(0, -top)
    assert d.security_value >= max(o.worst for o in d.options)


# ---------------------------------------------------------------------- command line
def _cli(args):
    from click.testing import CliRunner
    from gametheory.cli import main
    return CliRunner().invoke(main, ["zugzwang", *args])


@pytest.fixture
def nfg_file(tmp_path):
    path = tmp_path / "z.nfg"
    gt.save(zugzwang_game(), path)
    return path


@pytest.fixture
def efg_file(tmp_path):
    path = tmp_path / "entry.efg"
    gt.save(deterrence_tree(), path)
    return path


def test_cli_json_shape_on_plain_nfg(nfg_file):
    res = _cli([str(nfg_file), "--player", "Row", "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["player"] == "Row" and doc["zugzwang"] is True
    assert doc["margin"] == "-1" and doc["security_value"] == "-5/2" and doc["forced_move_cost"] == "1"
    assert [o["option"] for o in doc["options"]] == ["A", "B"]
    assert [o["reaction_payoffs"] for o in doc["options"]] == [["-1"], ["-2"]]
    assert doc["conditions"] == [] and doc["robustness"] is None
    assert doc["whole_game"]["zugzwang"] is True


def test_cli_float_mode_numbers(nfg_file):
    res = _cli([str(nfg_file), "--player", "1", "--json", "--float", "--reference", "-3/2"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["margin"] == pytest.approx(0.5) and doc["zugzwang"] is False
    assert doc["reference"] == pytest.approx(-1.5)


def test_cli_tree_with_outcome_reference(efg_file):
    res = _cli([str(efg_file), "--player", "Incumbent", "--reference", "stays out"])
    assert res.exit_code == 0, res.output
    # reference 2 (the incumbent's payoff when the entrant stays out); Fight restores it
    assert "no zugzwang" in res.output and "margin 0" in res.output


def test_cli_table_and_robustness(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(
        "format: 1\nparameters:\n  n: {default: 1, range: [0, 5], rationale: test}\n"
        "players:\n  - {name: D, strategies: [S, V]}\n  - {name: M, strategies: [L, P]}\n"
        "payoffs:\n  matrix:\n    - [[-1, 0], [-2, -1]]\n    - [[1, -4], [-3, -1 - n]]\n", encoding="utf-8")
    res = _cli([str(path), "--player", "D", "--robustness", "50", "--seed", "3"])
    assert res.exit_code == 0, res.output
    assert "ZUGZWANG" in res.output and "robustness (Monte Carlo, n=50, seed=3)" in res.output
    assert "n alone" in res.output


@pytest.mark.parametrize("args", [
    ["--player", "Nobody"],
    ["--player", "Row", "--reference", "no such outcome"],
    ["--player", "Row", "--method", "bogus"],
    ["--player", "Row", "-p", "x=1"],
    ["--player", "Row", "--robustness", "5"],
])
def test_cli_bad_input_exits_2(nfg_file, args):
    res = _cli([str(nfg_file), *args])
    assert res.exit_code == 2, res.output
    assert "error:" in res.output.lower()    # click usage errors say "Error:"


def test_cli_missing_file_exits_2(tmp_path):
    assert _cli([str(tmp_path / "none.yaml"), "--player", "A"]).exit_code == 2


def test_how_to_example_output_is_recorded(tmp_path):
    """The how-to's example file, run through the CLI, prints what the page shows."""
    from pathlib import Path
    doc = (Path(__file__).resolve().parents[1] / "docs" / "how-to" / "diagnose-zugzwang.md").read_text("utf-8")
    block = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "dilemma.yaml"
    path.write_text(block, encoding="utf-8")
    res = _cli([str(path), "--player", "Dushanbe"])
    assert res.exit_code == 0, res.output
    for line in res.output.splitlines():
        assert line in doc, line
    res = _cli([str(path), "--player", "Dushanbe", "-p", "backlash=3"])
    verdict = [x for x in res.output.splitlines() if x.startswith("verdict:")][0]
    assert verdict in doc


def test_module_docstring_examples():
    import doctest
    import gametheory.analysis.zugzwang as mod
    failures, tried = doctest.testmod(mod)
    assert tried >= 2 and failures == 0


@pytest.mark.crosscheck
@pytest.mark.parametrize("seed", range(6))
def test_reaction_payoffs_match_pygambit(seed):
    """Cross-check: for random 3x3x3 games, the focal payoffs over the reaction games'
    extreme equilibria equal those over pygambit's enummixed (rational) equilibria of
    the same bimatrix games (generic payoffs, so both lists are complete).  Live;
    tests/test_reference.py checks stored games of this kind without pygambit."""
    import pygambit as gbt
    rng = np.random.default_rng(seed)
    pay = rng.integers(-1000, 1000, size=(3, 3, 3, 3))
    g = gt.NormalFormGame(pay, ["F", "P", "Q"])
    d = diagnose(g, "F", whole_game=False)
    for k, opt in enumerate(d.options):
        A, B, focal = pay[1, k], pay[2, k], pay[0, k]
        ref = gbt.nash.enummixed_solve(gbt.Game.from_arrays(A, B), rational=True)
        expected = set()
        for eq in ref.equilibria:
            x, y = ([F(str(eq[s])) for s in p.strategies] for p in eq.game.players)
            expected.add(sum(x[a] * y[b] * int(focal[a, b]) for a in range(3) for b in range(3)))
        assert set(opt.reaction_payoffs) == expected


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 3), st.integers(2, 3), st.data())
def test_tree_reactions_match_backward_induction(k, m, data):
    """Random two-stage trees (the focal player moves first, the follower sees it):
    the subgame-perfect reaction payoffs of each option are the focal payoffs at the
    follower's best replies, computed here directly (Kuhn/Zermelo backward induction)."""
    pays = data.draw(st.lists(st.lists(st.tuples(payoff, payoff), min_size=m, max_size=m),
                              min_size=k, max_size=k))
    g = gt.ExtensiveFormGame.new_tree(["Leader", "Follower"])
    kids = g.append_move(g.root, "Leader", [f"a{x}" for x in range(k)])
    for x, node in enumerate(kids):
        leaves = g.append_move(node, "Follower", [f"b{y}" for y in range(m)])
        for y, leaf in enumerate(leaves):
            g.set_outcome(leaf, list(pays[x][y]))
    d = diagnose(g, "Leader", whole_game=False)
    for x, opt in enumerate(d.options):
        best = max(p[1] for p in pays[x])
        expected = {F(p[0]) for p in pays[x] if p[1] == best}
        assert set(opt.reaction_payoffs) == expected
        assert opt.worst == min(p[0] for p in pays[x]) and opt.best == max(p[0] for p in pays[x])
    top = max(max(o.reaction_payoffs) for o in d.options)
    assert d.margin == top and d.zugzwang == (top < 0)


def test_whole_game_uses_dominance_before_enumpoly():
    """Three players, 4x2x2 = 16 profiles (above the direct enumpoly size).  Row's
    strategies 3 and 4 are strictly dominated by strategy 1 (payoff 10 vs at most 2),
    then P3's R (L always pays 1 more) and P2's D (U is better against L) go too:
    four strategies removed, a 2x1x1 game left where Row is indifferent between 1
    and 2 (both pay 10).  Its equilibria are lifted back; the record is complete."""
    pay = np.zeros((3, 4, 2, 2), dtype=np.int64)
    pay[0, 0] = 10
    pay[0, 1] = [[10, 0], [0, 10]]
    pay[0, 2:] = 1
    pay[1, :, 0, :] = [[1, 0]] * 4     # P2 prefers U against L, D against R
    pay[1, :, 1, :] = [[0, 1]] * 4
    pay[2, :, :, 0] = 1                # P3 always prefers L
    g = gt.NormalFormGame(pay, ["Row", "P2", "P3"])
    d = diagnose(g, "Row", reference=20)
    w = d.whole_game
    assert w.method == "enumpoly" and w.complete
    assert w.equilibria.details["strictly_dominated_removed"] == 4
    for eq in w.equilibria.equilibria:
        assert eq["Row", "3"] == 0 and eq["Row", "4"] == 0 and eq.max_regret() == 0
    assert set(w.payoffs) == {F(10)}


def test_large_reaction_games_fall_back_and_say_so():
    """Random 3x3x3 reaction games (generic payoffs, nothing dominated for seed 3)
    exceed the enumpoly limit: simpdiv is used and the record says it is incomplete."""
    rng = np.random.default_rng(3)
    g = gt.NormalFormGame(rng.integers(-1000, 1000, size=(4, 2, 3, 3, 3)), ["F", "A", "B", "C"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = diagnose(g, "F", whole_game=False)
    assert [o.reaction_equilibria.method for o in d.options] == ["simpdiv", "simpdiv"]
    assert d.complete is False and any("not known to be complete" in w for w in d.warnings)
    assert all(len(o.reaction_payoffs) == 1 for o in d.options)


def test_choose_method_is_the_one_place_of_the_thresholds():
    # The rules, written out (docs/explanation/zugzwang.md): one reacting player -> pure;
    # two -> enummixed; three or more -> enumpoly directly up to 12 profiles, else
    # eliminate strictly dominated strategies first, then enumpoly up to 18 reduced
    # profiles and simpdiv above; a named method is kept ("spe" means auto here).
    from gametheory.analysis.zugzwang import choose_method
    assert choose_method((3,)) == "pure"
    assert choose_method((3,), "enummixed") == "pure"
    assert choose_method((4, 5)) == "enummixed"
    assert choose_method((4, 5), "spe") == "enummixed"
    assert choose_method((2, 2, 3)) == "enumpoly"                 # 12 profiles
    assert choose_method((3, 3, 3)) == "eliminate"                # 27 profiles
    assert choose_method((3, 3, 3), reduced_shape=(3, 3, 2)) == "enumpoly"   # 18
    assert choose_method((3, 3, 3), reduced_shape=(3, 3, 3)) == "simpdiv"    # 27
    assert choose_method((3, 3, 3), "lcp") == "lcp"
    assert choose_method((3, 3, 3), "enumpoly", reduced_shape=(2, 2, 5)) == "simpdiv"  # 20


def test_best_option_survives_float_rounding_of_the_margin():
    # Option A yields 0.9 and the reference is 0.2, so the margin is 0.9 - 0.2; in
    # floating point (0.9 - 0.2) + 0.2 == 0.8999999999999999 != 0.9, so an option
    # found as "payoff == margin + reference" would be lost.  The best option is A
    # (0.9 > 0.0), read off the payoffs directly.
    assert (0.9 - 0.2) + 0.2 != 0.9
    game = gt.NormalFormGame.from_arrays(np.array([[0.9], [0.0]]), np.array([[0.0], [0.0]]))
    d = diagnose(game, 0, reference=0.2, conditions=False, whole_game=False)
    assert d.best_option == game.strategies[0][0]
    assert not d.zugzwang
