"""The data behind every figure, checked against payoffs computed directly, and
every plot_* drawing on a given Axes (Agg backend)."""
from __future__ import annotations

from fractions import Fraction as F

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import ExtensiveFormGame, MixedStrategyProfile, NormalFormGame, Parameter, solve
from gametheory.plotting import data as pdata


# --------------------------------------------------------------------------- games
def prisoners_dilemma():
    # Osborne (2004), An Introduction to Game Theory, fig. 15.1 payoffs (3, 0, 5, 1 form).
    return NormalFormGame.from_arrays(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]),
                                      players=["Row", "Column"],
                                      strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]],
                                      title="Prisoner's dilemma")


def battle_of_sexes():
    # Osborne (2004), section 2.7.2 / 4.3: mixed equilibrium (2/3, 1/3), (1/3, 2/3).
    return NormalFormGame.from_arrays(np.array([[2, 0], [0, 1]]), np.array([[1, 0], [0, 2]]),
                                      players=["Alice", "Bob"],
                                      strategies=[["Opera", "Football"], ["Opera", "Football"]])


def matching_pennies():
    return NormalFormGame.from_arrays(np.array([[1, -1], [-1, 1]]), np.array([[-1, 1], [1, -1]]),
                                      players=["Even", "Odd"], strategies=[["H", "T"], ["H", "T"]])


def threshold_game():
    """Row waits (m - 2 - c/2) or acts (-1 - c); Column always stays calm.

    By hand: the only reaction equilibrium is "calm", so Row escapes the
    zugzwang exactly when m - 2 - c/2 >= 0, i.e. m >= 2 + c/2 (acting is always
    below 0 for c >= 0).
    """
    c, m = sympy.symbols("c m")
    A = np.array([[m - 2 - c / 2, m - 2 - c / 2], [-1 - c, -1 - c]], dtype=object)
    B = np.array([[1, 0], [1, 0]], dtype=object)
    return NormalFormGame.from_arrays(
        A, B, players=["Row", "Column"], strategies=[["wait", "act"], ["calm", "riot"]],
        title="Threshold dilemma",
        parameters=[Parameter("c", F(1), F(0), F(3)), Parameter("m", F(1), F(0), F(4))])


def big_tree(branching=3, depth=3, chance_root=True):
    """A tree with 1 + 2 + 2*3 + ... nodes: chance at the root, then alternating movers;
    the last mover's nodes under each chance branch form one information set."""
    g = ExtensiveFormGame.new_tree(["A", "B", "C"], title="Big tree")
    frontier = g.append_chance(0, ["left", "right"], [F(1, 3), F(2, 3)]) if chance_root else [g.root]
    for level in range(depth):
        nxt = []
        for k, node in enumerate(frontier):
            player = ["A", "B", "C"][level % 3]
            infoset = f"{player}-{level}" if level == depth - 1 else None
            kids = g.append_move(node, player, [f"a{level}{j}" for j in range(branching)], infoset=infoset)
            nxt.extend(kids)
        frontier = nxt
    for j, leaf in enumerate(frontier):
        g.set_outcome(leaf, [j, -j, j % 3])
    return g


# --------------------------------------------------------------------------- landscapes
def _random_game(seed, shape):
    rng = np.random.default_rng(seed)
    return NormalFormGame.from_payoffs(rng.integers(-9, 10, size=(len(shape),) + shape),
                                       players=[f"P{i}" for i in range(len(shape))])


def _direct(game, player, probs):
    return MixedStrategyProfile(game, probs, exact=False).strategy_values(player)


@settings(max_examples=25)
@given(seed=st.integers(0, 10_000), ix=st.integers(0, 10), iy=st.integers(0, 10))
def test_landscape_two_players_on_axes_equals_direct_payoffs(seed, ix, iy):
    game = _random_game(seed, (3, 2, 3))
    rng = np.random.default_rng(seed + 1)
    base = [rng.dirichlet(np.ones(m)) for m in game.shape]
    d = pdata.landscape_data(game, "P0", axes=[("P1", 0), ("P2", 1)], grid=11, base=base)
    p, q = d.x[ix], d.y[iy]
    rest2 = np.array(base[2], dtype=float)
    rest2[1] = 0
    rest2 = rest2 / rest2.sum()
    mix1 = np.array([p, 1 - p])
    mix2 = (1 - q) * rest2
    mix2[1] += q
    expected = _direct(game, 0, [base[0], mix1, mix2])
    assert np.allclose(d.values[:, iy, ix], expected, atol=1e-12)
    assert d.x_label == "P(P1 plays 1)" and d.y_label == "P(P2 plays 2)"


@settings(max_examples=25)
@given(seed=st.integers(0, 10_000), ix=st.integers(0, 8), iy=st.integers(0, 8))
def test_landscape_two_strategies_of_one_player_is_a_triangle(seed, ix, iy):
    game = _random_game(seed, (2, 4))
    base = [np.array([0.5, 0.5]), np.array([0.1, 0.2, 0.3, 0.4])]
    d = pdata.landscape_data(game, 0, axes=[(1, 0), (1, 2)], grid=9, base=base)
    p, q = d.x[ix], d.y[iy]
    if p + q > 1 + 1e-12:
        assert np.all(np.isnan(d.values[:, iy, ix]))
        assert d.best_option[iy, ix] == -1
        return
    rest = np.array([0.0, 0.2, 0.0, 0.4]) / 0.6
    mix = (1 - p - q) * rest + np.array([p, 0, q, 0])
    assert np.allclose(d.values[:, iy, ix], _direct(game, 0, [base[0], mix]), atol=1e-12)


def test_landscape_one_axis_and_default_base_is_first_equilibrium():
    game = battle_of_sexes()
    d = pdata.landscape_data(game, "Alice", grid=5)
    assert d.y is None and d.values.shape == (2, 5)
    first = solve(game).equilibria[0]
    assert all(np.allclose(a, np.array(b, dtype=float)) for a, b in zip(d.base, first.probabilities))
    # Alice's Opera pays 2q, Football 1 - q, with q = P(Bob plays Opera) on the axis.
    assert np.allclose(d.values[0], 2 * d.x) and np.allclose(d.values[1], 1 - d.x)
    assert d.base_point == (float(first.probabilities[1][0]),)


def test_landscape_rejects_bad_axes():
    from gametheory.exceptions import InvalidGameError
    game = _random_game(1, (2, 2, 2))
    with pytest.raises(InvalidGameError, match="focal"):
        pdata.landscape_data(game, 0, axes=[(0, 0)], base=[[1, 0]] * 3)
    with pytest.raises(InvalidGameError, match="grid"):
        pdata.landscape_data(game, 0, grid=1, base=[[1, 0]] * 3)
    with pytest.raises(InvalidGameError, match="probability"):
        pdata.landscape_data(game, 0, base=[[1, 1], [1, 0], [1, 0]])


def test_landscape_of_a_tree_uses_its_reduced_normal_form():
    g = big_tree(branching=2, depth=3)          # A, then B, then C (one information set)
    nf = g.to_normal_form()
    assert nf.shape[2] == 2
    base = MixedStrategyProfile.uniform(nf, exact=False)
    d = pdata.landscape_data(g, "B", axes=[("A", 0), ("C", 0)], grid=3, base=base)
    assert d.options == nf.strategies[1]
    mix_a = np.zeros(nf.shape[0])
    mix_a[0] = 1.0                               # x = 1: A plays its first plan
    uniform = [np.array(p, dtype=float) for p in base.probabilities]
    expected = _direct(nf, 1, [mix_a, uniform[1], uniform[2]])  # y = 1/2: C's uniform mix
    assert np.allclose(d.values[:, 1, 2], expected)


# --------------------------------------------------------------------------- option chart and sweeps
def test_option_chart_bars_equal_the_diagnosis():
    from gametheory.analysis.zugzwang import diagnose
    game = threshold_game()
    diag = diagnose(game, "Row", params={"c": F(1), "m": F(1)})
    d = pdata.option_chart_data(diag)
    assert d.options == tuple(o.option for o in diag.options) == ("wait", "act")
    assert np.array_equal(d.worst, np.array([float(o.worst) for o in diag.options]))
    assert np.array_equal(d.best, np.array([float(o.best) for o in diag.options]))
    for bars, o in zip(d.equilibrium, diag.options):
        assert np.array_equal(bars, np.array([float(v) for v in o.reaction_payoffs]))
    # By hand: wait gives 1 - 2 - 1/2 = -3/2, act gives -2; zugzwang with margin -3/2.
    assert d.best[0] == -1.5 and d.best[1] == -2.0
    assert d.zugzwang is True and d.margin == -1.5 and d.reference == 0.0


def test_sweep_map_matches_the_hand_derived_threshold():
    game = threshold_game()
    from gametheory.analysis.zugzwang import diagnose
    diag = diagnose(game, "Row")
    sw = pdata.sweep_data(game, "Row", "c", "m", grid=5, conditions=diag.conditions)
    C, M = np.meshgrid(sw.x, sw.y)
    assert np.array_equal(sw.zugzwang, M < 2 + C / 2)
    assert np.allclose(sw.best_payoff, np.maximum(M - 2 - C / 2, -1 - C))
    assert np.allclose(sw.margin, sw.best_payoff)  # reference 0
    # Whole-game regimes by hand: calm is dominant; Row waits when m - 2 - c/2 > -1 - c,
    # acts when it is smaller, and is indifferent (both extreme equilibria) on the line.
    for iy, m in enumerate(sw.y):
        for ix, c in enumerate(sw.x):
            wait, act = m - 2 - c / 2, -1 - c
            expected = ("wait / calm" if wait > act else "act / calm" if wait < act
                        else "act / calm | wait / calm")
            assert sw.regime_labels[sw.regime[iy, ix]] == expected
    # The closed-form boundary: the escape slack is >= 0 exactly above m = 2 + c/2.
    (desc, X, Y, Fs), = sw.boundaries
    away = np.abs(Y - (2 + X / 2)) > 1e-9
    assert np.array_equal((Fs >= 0)[away], (Y >= 2 + X / 2)[away])


def test_sweep_survives_a_failing_point(monkeypatch):
    from gametheory.analysis.zugzwang import engine
    from gametheory.exceptions import SolverError
    real = engine.diagnose_point

    def flaky(game, player, reference=0, params=None, **kw):
        if params and params.get("c") == 0:
            raise SolverError("no verified answer here")
        return real(game, player, reference=reference, params=params, **kw)

    monkeypatch.setattr(engine, "diagnose_point", flaky)
    # A named method sends every point through the one-point route (diagnose_point).
    sw = pdata.sweep_data(threshold_game(), "Row", "c", "m", grid=3, method="enummixed")
    assert np.array_equal(sw.failed, np.array([[True, False, False]] * 3))
    assert np.all(np.isnan(sw.margin[:, 0])) and np.all(sw.regime[:, 0] == -1)
    C, M = np.meshgrid(sw.x, sw.y)
    ok = ~sw.failed
    assert np.array_equal(sw.zugzwang[ok], (M < 2 + C / 2)[ok])
    assert len(sw.errors) == 3 and "no verified answer" in sw.errors[0]


def test_sweep_parameter_choice_prefers_the_escape_conditions():
    from gametheory.analysis.zugzwang import diagnose
    game = threshold_game()
    diag = diagnose(game, "Row")
    assert pdata.escape_parameters(diag.conditions, ["c", "m"])[0] == "m"


# --------------------------------------------------------------------------- QRE, simplex, 2x2
def test_qre_curve_data_reads_the_path():
    result = solve(battle_of_sexes(), method="qre")
    d = pdata.qre_curve_data(result)
    path = result.details["path"]
    assert d.lambdas.size == len(path) and np.all(np.diff(d.lambdas) >= 0)
    for i in range(2):
        assert np.allclose(d.probabilities[i].sum(axis=1), 1.0)
    lam0, prof0 = min(path, key=lambda t: t[0])
    assert np.allclose(d.probabilities[0][0], np.array(prof0[0], dtype=float))
    assert d.players == ("Alice", "Bob")


def test_simplex_projection():
    d = pdata.simplex_data([np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1 / 3, 1 / 3, 1 / 3]])],
                           ["R", "P", "S"])
    pts = d.points[0]
    assert np.allclose(pts[:3], pdata.SIMPLEX_CORNERS)
    assert np.allclose(pts[3], pdata.SIMPLEX_CORNERS.mean(axis=0))
    from gametheory.exceptions import UnsupportedGameError
    with pytest.raises(UnsupportedGameError):
        pdata.simplex_data([np.ones((2, 2))], ["a", "b"])
    # Trajectory records from the dynamics module: fictitious play in rock-paper-scissors.
    from gametheory.analysis.dynamics import fictitious_play
    rps = NormalFormGame.from_arrays(np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]]),
                                     np.array([[0, 1, -1], [-1, 0, 1], [1, -1, 0]]))
    traj = fictitious_play(rps, steps=50, seed=1)
    d = pdata.simplex_data(traj, ["R", "P", "S"], player=1)
    assert np.allclose(d.points[0], np.asarray(traj.strategies[1]) @ pdata.SIMPLEX_CORNERS)


def test_best_response_breakpoints_battle_of_sexes():
    d = pdata.best_response_data(battle_of_sexes())
    # Alice's best response switches at q = 1/3, Bob's at p = 2/3 (Osborne 2004, 4.3).
    verticals = [s for s in d.row_segments if s[0][0] == s[1][0]]
    assert verticals == [((1 / 3, 0.0), (1 / 3, 1.0))]
    horizontals = [s for s in d.column_segments if s[0][1] == s[1][1]]
    assert horizontals == [((0.0, 2 / 3), (1.0, 2 / 3))]
    assert sorted(d.equilibria) == sorted([(0.0, 0.0), (1 / 3, 2 / 3), (1.0, 1.0)])


def test_payoff_matrix_data_marks_best_responses_and_equilibria():
    pd = prisoners_dilemma()
    d = pdata.payoff_matrix_data(pd, solve(pd).equilibria)
    assert np.array_equal(d.row_best, np.array([[False, False], [True, True]]))
    assert np.array_equal(d.column_best, np.array([[False, True], [False, True]]))
    assert np.array_equal(d.pure_equilibria, np.array([[False, False], [False, True]]))
    assert d.row_payoffs[1][0] == "5" and d.column_payoffs[0][1] == "5" and d.mixed == ()
    mp = matching_pennies()
    d = pdata.payoff_matrix_data(mp, solve(mp).equilibria)
    assert not d.pure_equilibria.any() and len(d.mixed) == 1 and "0.5 H + 0.5 T" in d.mixed[0]


# --------------------------------------------------------------------------- trees
def test_tree_layout_for_a_large_tree():
    g = big_tree(branching=3, depth=3)   # 1 + 2 + 6 + 18 + 54 = 81 nodes
    assert len(g.nodes) >= 60
    pos = pdata.tree_layout(g)
    assert pos.shape == (len(g.nodes), 2)
    leaves = [n.index for n in g.nodes if not n.children]
    xs = pos[leaves, 0]
    assert np.unique(xs).size == len(leaves)            # no two leaves at one place
    assert np.all(np.diff(np.sort(xs)) >= 1.0)          # at least one unit apart
    for n in g.nodes:
        assert pos[n.index, 1] == -n.depth
        if n.children:
            kids = pos[n.children, 0]
            assert kids.min() <= pos[n.index, 0] <= kids.max()
    # No two nodes share a point.
    assert len({tuple(p) for p in pos.tolist()}) == len(g.nodes)


def test_tree_data_path_information_sets_and_payoffs():
    g = big_tree(branching=2, depth=2)
    marks = {k: {0} for k in range(len(g.nodes)) if g.nodes[k].children and not g.nodes[k].is_chance}
    d = pdata.tree_data(g, marks)
    assert len(d.edges) == len(g.nodes) - 1
    assert all(members for _, members in d.infosets)
    assert {frozenset(m) for _, m in d.infosets} == {frozenset(h.members) for h in g.all_infosets()
                                                     if len(h.members) > 1}
    # Path: both chance branches, then action 0 everywhere: 2 leaves reached.
    reached_leaves = [k for k in d.leaf_payoffs if d.on_path[k]]
    assert len(reached_leaves) == 2
    for k, _, pay, _ in g.leaf_data():
        assert d.leaf_payoffs[k] == "(" + ", ".join(str(v) for v in pay) + ")"
    assert d.movers[0] == -1 and d.node_labels[0] == "chance"


# --------------------------------------------------------------------------- drawing
def test_every_plot_function_draws_on_the_given_axes(tmp_path):
    from matplotlib.axes import Axes
    from gametheory import plotting
    from gametheory.analysis.dynamics import replicator
    from gametheory.analysis.zugzwang import diagnose
    from gametheory.plotting.style import new_figure

    game = threshold_game()
    diag = diagnose(game, "Row")
    rps = NormalFormGame.from_arrays(np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]]),
                                     np.array([[0, 1, -1], [-1, 0, 1], [1, -1, 0]]),
                                     strategies=[["R", "P", "S"]] * 2)
    traj = replicator(rps, [np.array([0.6, 0.3, 0.1]), np.array([0.2, 0.3, 0.5])], t_max=5, steps=50)
    three = _random_game(3, (3, 2, 3))
    jobs = {
        "landscape": lambda ax: plotting.plot_landscape(
            pdata.landscape_data(three, 0, grid=6, base=[[1, 0, 0], [0.5, 0.5], [0.2, 0.3, 0.5]]), ax=ax),
        "landscape1": lambda ax: plotting.plot_landscape(pdata.landscape_data(battle_of_sexes(), 0, grid=5), ax=ax),
        "options": lambda ax: plotting.plot_option_chart(pdata.option_chart_data(diag), ax=ax),
        "sweep": lambda ax: plotting.plot_sweep_map(
            pdata.sweep_data(game, "Row", "c", "m", grid=3, conditions=diag.conditions), ax=ax),
        "qre": lambda ax: plotting.plot_qre_curve(pdata.qre_curve_data(solve(battle_of_sexes(), method="qre")), ax=ax),
        "simplex": lambda ax: plotting.plot_simplex(pdata.simplex_data([traj.strategies[0]], ["R", "P", "S"]), ax=ax),
        "br": lambda ax: plotting.plot_best_responses(pdata.best_response_data(battle_of_sexes()), ax=ax),
        "matrix": lambda ax: plotting.plot_payoff_matrix(pdata.payoff_matrix_data(prisoners_dilemma()), ax=ax),
        "tree": lambda ax: plotting.plot_tree(pdata.tree_data(big_tree()), ax=ax),
    }
    for name, draw in jobs.items():
        fig = new_figure()
        ax = fig.add_subplot()
        out = draw(ax)
        assert out is ax and isinstance(out, Axes), name
        assert ax.get_title(), f"{name} has no title"
        path = tmp_path / f"{name}.png"
        fig.savefig(path, dpi=40)
        assert path.stat().st_size > 1000, name
    fig = new_figure()
    axes = plotting.plot_landscape_grid(
        pdata.landscape_data(three, 0, grid=5, base=[[1, 0, 0], [0.5, 0.5], [0.2, 0.3, 0.5]]), fig=fig)
    assert len(axes) == 3 + 1


def test_sweep_map_rejects_unknown_kind():
    sw = pdata.SweepData("Row", "c", "m", np.arange(2.0), np.arange(2.0), np.zeros((2, 2), bool),
                         np.zeros((2, 2)), np.zeros((2, 2)), np.zeros((2, 2), int), ("a",), (), 0.0)
    from gametheory.plotting import plot_sweep_map
    from gametheory.plotting.style import new_figure
    with pytest.raises(ValueError, match="kind"):
        plot_sweep_map(sw, kind="nope", ax=new_figure().add_subplot())


def test_plots_howto_examples_run(tmp_path, monkeypatch):
    """The `>>>` examples of docs/how-to/plots.md, run in a scratch directory."""
    import doctest
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    (tmp_path / "games").symlink_to(root / "games")
    monkeypatch.chdir(tmp_path)
    result = doctest.testfile(str(root / "docs" / "how-to" / "plots.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 30
    for name in ("landscape.png", "sweep.png", "tree.png"):
        assert (tmp_path / name).stat().st_size > 1000


def test_titles_are_drawn_as_written_outside_the_report():
    # A label from a file with dollar signs ("$5 fine") would be parsed as mathtext by a
    # direct plot_* call (no PLAIN_TEXT rc context there); a malformed one ("$\\x$")
    # would crash matplotlib's parser.  Titles are plain text: drawn exactly as written.
    import matplotlib
    matplotlib.use("Agg")
    from gametheory import diagnose
    from gametheory.plotting.data import option_chart_data
    from gametheory.plotting.landscape import plot_option_chart
    game = NormalFormGame.from_arrays(np.array([[1, 0], [0, 1]]), np.array([[0, 1], [1, 0]]),
                                         players=["$\\x$ Row", "Col"])
    ax = plot_option_chart(option_chart_data(diagnose(game, 0, reference=0)))
    assert ax.get_title().startswith("$\\x$ Row's options")
    assert ax.title.get_parse_math() is False and ax.xaxis.label.get_parse_math() is False
    ax.figure.canvas.draw()          # would raise a mathtext ParseError if parsed
