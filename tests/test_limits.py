"""Every input limit (gametheory.limits): just under it is accepted, just over it is
refused with an InvalidGameError naming the place, the limit and how to raise it;
each limit can be raised from the API and the command line.  Also the CLI's exit
statuses (2 bad input, 3 solver failure, 4 internal error)."""
from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

import gametheory as gt
from gametheory import limits
from gametheory.cli import main
from gametheory.exceptions import InvalidGameError, LabelError, SolverError, UnsupportedGameError
from gametheory.game.extensive import ExtensiveFormGame
from gametheory.io.nfg import loads_nfg
from gametheory.io.yaml_format import loads
from gametheory.limits import Limits, using
from gametheory.payoffs import evaluate, parse_value

ROOT = Path(__file__).resolve().parents[1]


def one_payoff(value: str) -> str:
    return (f"format: 1\nplayers: [{{name: A, strategies: [a]}}]\n"
            f"payoffs: [{{profile: [a], payoffs: [{value}]}}]\n")


def refused(limit: str, call, *args, **kwargs):
    """Run ``call``; it must raise InvalidGameError over ``limit`` (returned)."""
    with pytest.raises((InvalidGameError, UnsupportedGameError)) as info:
        call(*args, **kwargs)
    message = str(info.value)
    assert f"over the limit {limit}=" in message
    assert f"--limit {limit}=N" in message and f"Limits({limit}=N)" in message  # how to raise it
    return info.value


# ---------------------------------------------------------------------- digits
def test_digits_of_a_number():
    assert loads(one_payoff("9" * 2000)).payoff(["a"]) == (10 ** 2000 - 1,)
    err = refused("digits", loads, one_payoff("9" * 2001), file="g.yaml")
    assert (err.file, err.line, err.path) == ("g.yaml", 3, "payoffs[0].payoffs[0]")
    assert "2,001 digits" in str(err)
    with using(digits=2001):  # raised from the API
        assert loads(one_payoff("9" * 2001)).payoff(["a"]) == (10 ** 2001 - 1,)


def test_load_takes_limits(tmp_path):
    f = tmp_path / "big.yaml"
    f.write_text(one_payoff("9" * 2001))
    err = refused("digits", gt.load, f)
    assert err.file == str(f)
    assert gt.load(f, limits=Limits(digits=2001)).payoff(["a"]) == (10 ** 2001 - 1,)
    assert limits.current() == Limits()  # only for that read


def test_decimal_exponent_is_checked_from_the_text():
    # 10**1999 and 1/10**1999 have 2,000 digits; 10**2000 has 2,001.
    assert loads(one_payoff("1e1999")).payoff(["a"]) == (10 ** 1999,)
    assert loads(one_payoff("1e-1999")).payoff(["a"]) == (Fraction(1, 10 ** 1999),)
    assert loads(one_payoff("0.5e1999")).payoff(["a"]) == (5 * 10 ** 1998,)
    refused("digits", loads, one_payoff("1e2000"))
    refused("digits", loads, one_payoff("1e-2000"))
    # 10**999999999 is never computed: the exponent's size is read from the text.
    refused("digits", loads, one_payoff("1e999999999"))
    refused("digits", loads, one_payoff("1e" + "9" * 30))
    refused("digits", loads_nfg, 'NFG 1 R "t" { "A" } { 1 }\n1e999999999')


def test_digits_of_a_fraction_and_in_gambit_files():
    assert loads(one_payoff('"1/' + "3" * 2000 + '"')).payoff(["a"])[0].denominator == int("3" * 2000)
    refused("digits", loads, one_payoff('"1/' + "3" * 2001 + '"'))
    assert loads_nfg('NFG 1 R "t" { "A" } { 1 }\n' + "7" * 2000).payoff((0,)) == (int("7" * 2000),)
    err = refused("digits", loads_nfg, 'NFG 1 R "t" { "A" } { 1 }\n' + "7" * 2001)
    assert err.line == 2


def test_constant_expressions_are_bounded_before_they_are_computed():
    # 10**1999 has 2,000 digits; 10**2000 has 2,001.  (2**6643 < 10**2000 < 2**6644.)
    assert parse_value("(10**40)**49 * 10**39") == 10 ** 1999
    refused("digits", parse_value, "(10**40)**50")
    refused("power", parse_value, "9**9**9")  # 9**387420489: the exponent is over 64
    refused("digits", parse_value, "exp(exp(exp(10)))")  # about 9,568 digits
    assert parse_value("2**64") == 2 ** 64 and parse_value("c**64", ["c"]) is not None
    refused("power", parse_value, "c**65", ["c"])
    with using(power=65):
        assert parse_value("c**65", ["c"]).free_symbols


def test_substituted_expressions_are_bounded_before_they_are_computed():
    expr = parse_value("2**c", ["c"])
    assert evaluate(expr, {"c": 6643}) == 2 ** 6643  # 2,000 digits
    refused("digits", evaluate, expr, {"c": 6644})  # 2,001 digits
    refused("digits", evaluate, expr, {"c": 10 ** 9})
    tower = parse_value("exp(exp(exp(c)))", ["c"])
    assert math.isclose(evaluate(tower, {"c": 0}), math.exp(math.e), rel_tol=1e-12)
    refused("digits", evaluate, tower, {"c": 10})


@pytest.mark.parametrize("text", ["log(0)", "sqrt(-1)", "0**-1", "log(-1)", "1/(0**-1)"])
def test_non_real_payoffs_are_invalid(text):
    with pytest.raises(InvalidGameError) as info:
        loads(one_payoff(f'"{text}"'), file="g.yaml")
    assert info.value.line == 3 and info.value.path == "payoffs[0].payoffs[0]"
    assert "not a finite real number" in str(info.value) or "negative power" in str(info.value)


def test_expression_length():
    near = "min(  " + ",".join(["1"] * 997) + ")"  # 2,000 characters
    assert len(near) == 2000 and parse_value(near) == 1
    refused("expression_length", parse_value, near.replace("(  ", "(   "))  # 2,001


# ---------------------------------------------------------------------- YAML structure
def test_yaml_depth():
    # players nested 999 levels inside the top mapping: depth 1,000, read (and then
    # refused for what it is, not for its depth); one more level is over the limit.
    with pytest.raises(InvalidGameError) as info:
        loads("format: 1\nplayers: " + "[" * 999 + "]" * 999 + "\n")
    assert "over the limit" not in str(info.value)
    refused("depth", loads, "format: 1\nplayers: " + "[" * 1000 + "]" * 1000 + "\n")
    with using(depth=1500):  # beyond libyaml: the pure-Python parser reads it
        with pytest.raises(InvalidGameError) as info:
            loads("format: 1\nplayers: " + "[" * 1200 + "]" * 1200 + "\n")
        assert "over the limit" not in str(info.value)


def test_yaml_alias_expansion():
    def doc(uses):  # an anchored list of 4 scalars (5 nodes), used `uses` times
        aliases = "".join(f"\nx{k}: *l" for k in range(uses))
        return f"format: 1\nplayers: &l [A, B, C, D]{aliases}\n"
    with using(alias_nodes=10):
        with pytest.raises(InvalidGameError) as info:
            loads(doc(2))  # adds 10 nodes: accepted (then the unknown keys are reported)
        assert "unknown key 'x0'" in str(info.value)
        err = refused("alias_nodes", loads, doc(3))  # adds 15
        assert "expand the document by 15 nodes" in str(err)
    err = refused("alias_nodes", gt.load, ROOT / "tests/data/fuzz/alias-million.yaml")
    assert err.line == 1


def test_tree_nodes():
    tree = ("format: 1\nplayers: [A]\ntree: {player: A, moves: [{action: l, outcome: "
            "{payoffs: [1]}}, {action: r, outcome: {payoffs: [2]}}]}\n")  # 3 nodes
    with using(tree_nodes=3):
        assert len(loads(tree).nodes) == 3
    with using(tree_nodes=2):
        refused("tree_nodes", loads, tree)
    from gametheory.io.efg import loads_efg
    efg = 'EFG 2 R "t" { "A" }\np "" 1 1 "" { "l" "r" } 0\nt "" 0\nt "" 0\n'  # 3 nodes
    with using(tree_nodes=3):
        assert len(loads_efg(efg).nodes) == 3
    with using(tree_nodes=2):
        assert refused("tree_nodes", loads_efg, efg).line == 2


# ---------------------------------------------------------------------- tables
def test_table_size_before_allocating():
    text = 'NFG 1 R "t" { "A" "B" } { 2 2 }\n1 1 2 2 3 3 4 4'  # 2 x 2 x 2 = 8 entries
    with using(table=8):
        assert loads_nfg(text).shape == (2, 2)
    with using(table=7):
        err = refused("table", loads_nfg, text)
        assert "2x2 table" in str(err) and err.line == 1
    # The default refuses a 100000 x 100000 header at once.
    refused("table", loads_nfg, 'NFG 1 R "t" { "A" "B" } { 100000 100000 }\n1 2')


def test_players():
    text = "NFG 1 R \"t\" { " + " ".join(f'"P{k}"' for k in range(31)) + " } { " + \
        " ".join(["1"] * 31) + " }\n" + " ".join(["0"] * 31)
    assert loads_nfg(text).n_players == 31
    more = text.replace('"P0"', '"P0" "P31"').replace("{ 1", "{ 1 1") + " 0"
    refused("players", loads_nfg, more)
    # numpy's own limit on axes is a clear error too, whatever the limit says.
    with using(players=200):
        with pytest.raises(InvalidGameError, match="numpy allows at most"):
            gt.load(ROOT / "tests/data/fuzz/players-70.nfg")


# ---------------------------------------------------------------------- normal forms of trees
def centipede(levels: int) -> ExtensiveFormGame:
    g = ExtensiveFormGame(["A", "B"])
    k = 0
    for d in range(levels):
        kids = g.append_move(k, d % 2, ["stop", "go"])
        g.set_outcome(kids[0], [d, -d])
        k = kids[1].index
    g.set_outcome(k, [levels, levels])
    return g


def test_reduced_plans_are_counted_before_they_are_built():
    g = centipede(6)
    # Each player moves 3 times: "stop at move k" (3 plans) or "always go" (1): 4 plans.
    assert [g.count_reduced_strategies(i) for i in range(2)] == [4, 4]
    with using(plans=2 * 4 * 4):  # 2 players x 16 profiles
        assert g.to_normal_form().shape == (4, 4)
    with using(plans=2 * 4 * 4 - 1):
        refused("plans", g.to_normal_form)
    # 20,000 levels: 10,001 plans each, refused from the count (nothing built).
    err = refused("plans", centipede(20_000).to_normal_form)
    assert "10,001 x 10,001" in str(err)


def test_reduced_strategy_count_matches_the_plans():
    # A tree where counting is not a plain product: Kuhn-style nesting.
    g = ExtensiveFormGame(["A", "B"])
    a = g.append_move(0, "A", ["x", "y", "z"])
    b = g.append_move(a[0], "A", ["p", "q"])   # after x, A moves again (2 ways)
    g.append_move(a[1], "B", ["u", "v"])
    c = g.append_move(b[1], "A", ["s", "t", "w"])  # after x, q: again (3 ways)
    for n in g.terminal_nodes():
        g.set_outcome(n, [0, 0])
    # By hand: x then (p, or q then s/t/w) = 1 + 3 = 4 plans; y: 1; z: 1. Total 6.
    assert g.count_reduced_strategies("A") == 6 == len(g.reduced_strategies("A"))
    assert c and g.count_reduced_strategies("B") == 2


# ---------------------------------------------------------------------- output and CLI sizes
def test_output_size_of_show():
    g = centipede(50)
    from gametheory.io.text import format_tree
    text = format_tree(g)
    from gametheory.io.text import output_estimate
    # The estimate (30 characters a node plus indentation and labels) bounds the text.
    assert len(text) <= output_estimate(g) == sum(30 + 2 * n.depth for n in g.nodes)
    with using(output_size=output_estimate(g)):
        assert format_tree(g) == text
    with using(output_size=output_estimate(g) - 1):
        refused("output_size", format_tree, g)
    # Deep trees are not indented past 60 levels: the depth is written instead.
    deep = format_tree(centipede(100))
    assert max(len(line) for line in deep.splitlines()) < 200 and "[61] " in deep


def test_points_on_the_command_line():
    runner = CliRunner()
    pd = str(ROOT / "games/classics/prisoners-dilemma.yaml")
    r = runner.invoke(main, ["sweep", pd, "--grid", "c=0:1:100000000", "--out", "x.jsonl"])
    assert r.exit_code == 2 and "100,000,000 points from --grid" in r.output
    r = runner.invoke(main, ["zugzwang", pd, "--player", "1", "--robustness", "100000000"])
    assert r.exit_code == 2 and "over the limit points=1,000,000" in r.output
    r = runner.invoke(main, ["sweep", pd, "--sample", "c=uniform(0,1)", "--samples",
                             "1000000000000", "--out", "x.jsonl"])
    assert r.exit_code == 2 and "points from --grid and --samples" in r.output


# ---------------------------------------------------------------------- raising limits
def test_limits_from_the_command_line_and_the_environment(tmp_path, monkeypatch):
    # --limit also sets the environment (for worker processes): restore it afterwards.
    monkeypatch.setenv(limits.ENV_VAR, "")  # (setenv records the original value; delenv
    monkeypatch.setenv("GAMETHEORY_TRACEBACK", "")  # of a missing variable records nothing)
    f = tmp_path / "big.yaml"
    f.write_text(one_payoff("9" * 2001))
    runner = CliRunner()
    r = runner.invoke(main, ["show", str(f)])
    assert r.exit_code == 2 and "--limit digits=N" in r.output
    try:
        r = runner.invoke(main, ["--limit", "digits=2001", "show", str(f)])
        assert r.exit_code == 0 and "9" * 2001 in r.output
    finally:
        limits.set_default(None)
        monkeypatch.delenv(limits.ENV_VAR, raising=False)
    monkeypatch.setenv(limits.ENV_VAR, "digits=2001, plans=1e7")
    assert limits.current() == Limits(digits=2001, plans=10 ** 7)
    assert gt.load(f).payoff(["a"]) == (10 ** 2001 - 1,)
    r = runner.invoke(main, ["--limit", "digitz=5", "show", str(f)])
    assert r.exit_code == 2 and "unknown limit(s) digitz" in r.output
    with pytest.raises(InvalidGameError, match="positive"):
        Limits().replace(digits=0)


# ---------------------------------------------------------------------- exit statuses
def test_exit_status_2_3_4(tmp_path, monkeypatch):
    pd = str(ROOT / "games/classics/prisoners-dilemma.yaml")
    runner = CliRunner()
    monkeypatch.setenv("GAMETHEORY_TRACEBACK", "")  # restored afterwards
    assert runner.invoke(main, ["show", str(tmp_path / "missing.yaml")]).exit_code == 2
    assert runner.invoke(main, ["solve", pd, "--nonsense"]).exit_code == 2  # click usage

    import gametheory.solvers as solvers

    def fails(*args, **kwargs):
        raise SolverError("no verified answer")
    monkeypatch.setattr(solvers, "solve", fails)
    r = runner.invoke(main, ["solve", pd])
    assert r.exit_code == 3 and r.output.strip() == "error: no verified answer"

    def bug(*args, **kwargs):
        raise KeyError("oops")  # a plain KeyError is a bug, not bad input
    monkeypatch.setattr(solvers, "solve", bug)
    monkeypatch.delenv("GAMETHEORY_TRACEBACK", raising=False)
    r = runner.invoke(main, ["solve", pd])
    lines = r.output.strip().splitlines()
    assert r.exit_code == 4 and len(lines) == 1
    assert "internal error (a bug in gametheory" in lines[0] and "KeyError" in lines[0]
    assert "--traceback" in lines[0] and "Traceback" not in r.output
    monkeypatch.setenv("GAMETHEORY_TRACEBACK", "1")
    r = runner.invoke(main, ["solve", pd])
    assert isinstance(r.exception, KeyError)  # re-raised with its traceback
    monkeypatch.delenv("GAMETHEORY_TRACEBACK")
    r = runner.invoke(main, ["--traceback", "solve", pd])
    assert isinstance(r.exception, KeyError)
    monkeypatch.delenv("GAMETHEORY_TRACEBACK", raising=False)


def test_unknown_labels_are_bad_input_not_bugs():
    g = gt.load(ROOT / "games/classics/prisoners-dilemma.yaml")
    with pytest.raises(LabelError, match="no player 'Nobody'"):
        g.player("Nobody")
    with pytest.raises(LabelError, match="negative indices are not accepted"):
        g.player(-1)  # never silently the last player
    r = CliRunner().invoke(main, ["zugzwang", str(ROOT / "games/classics/prisoners-dilemma.yaml"),
                                  "--player", "0"])
    assert r.exit_code == 2 and "player numbers run from 1 to 2" in r.output


# ---------------------------------------------------------------------- labels in figures
def test_labels_are_drawn_as_written_not_as_mathtext():
    import io

    import matplotlib
    matplotlib.use("Agg")
    from gametheory.plotting.style import PLAIN_TEXT, mpl_label, new_figure
    label = r"$\input{x}$"
    fig = new_figure()
    ax = fig.add_subplot()
    ax.set_title(mpl_label(label))
    fig.savefig(io.BytesIO(), format="png")  # would raise ValueError from mathtext
    assert ax.get_title().replace("\\$", "$") == label
    with matplotlib.rc_context(PLAIN_TEXT):
        assert mpl_label(label) == label


@pytest.mark.filterwarnings("ignore::gametheory.exceptions.DuplicateLabelWarning")
def test_cli_prints_warnings_on_one_line():
    import warnings

    import click

    from gametheory.cli.common import apply_global_options
    from gametheory.exceptions import DuplicateLabelWarning
    before = warnings.formatwarning
    with click.Context(main) as ctx:
        apply_global_options((), False)
        line = warnings.formatwarning(DuplicateLabelWarning("label \x1b[31m"),
                                      DuplicateLabelWarning, "nfg.py", 65)
        assert line == "warning: label \\x1b[31m\n"  # one line, escapes shown
    assert ctx is not None and warnings.formatwarning is before  # restored
    path = ROOT / "tests/data/gambit/upstream/2x2_bimatrix_all_zero_payoffs.nfg"
    assert CliRunner().invoke(main, ["show", str(path)]).exit_code == 0


def test_report_and_convert_do_not_overwrite_without_the_flag(tmp_path):
    pd = str(ROOT / "games/classics/prisoners-dilemma.yaml")
    out = tmp_path / "rep"
    out.mkdir()
    (out / "summary.json").write_text("{}")
    r = CliRunner().invoke(main, ["report", pd, "--player", "1", "--out", str(out), "--quick"])
    assert r.exit_code == 2 and "summary.json already exists; pass --overwrite" in r.output
    assert (out / "summary.json").read_text() == "{}" and not (out / "report.html").exists()
    target = tmp_path / "pd.nfg"
    target.write_text("keep me")
    r = CliRunner().invoke(main, ["convert", pd, str(target)])
    assert r.exit_code == 2 and target.read_text() == "keep me"
    r = CliRunner().invoke(main, ["convert", pd, str(target), "--overwrite"])
    assert r.exit_code == 0 and gt.load(target) == gt.load(pd)
