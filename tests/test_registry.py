"""The solver registry (gametheory.solvers.registry) and the interface grammar built on it.

Every registered method is solved from ``solve()`` and from ``gametheory solve
--method NAME`` with its documented defaults, on games whose equilibria are
derived by hand in the comments below; bad options are OptionError / exit 2 for
every method; the CLI's shared options (--format, --json, --exact/--float,
--grid, --method) behave the same in every command.
"""
from __future__ import annotations

import inspect
import json
from fractions import Fraction as F

import numpy as np
import pytest
from click.testing import CliRunner

import gametheory as gt
from gametheory.cli import main
from gametheory.exceptions import (InvalidGameError, OptionError, SolverError, UnsupportedGameError)
from gametheory.solvers import registry

# ----------------------------------------------------------------- games known by hand

# Prisoner's dilemma: D (index 1) strictly dominates C for both players (5 > 3, 1 > 0),
# so (D, D) is the only equilibrium, and it is pure.
PD = (np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]))
# Battle of the sexes A = [[2,0],[0,1]], B = [[1,0],[0,2]]: two pure equilibria (T,L), (B,R)
# and one mixed one: the column player is indifferent when 1*p = 2*(1-p), p = 2/3; the row
# player when 2*q = 1*(1-q), q = 1/3.  Nondegenerate, so these three are all.
BOS = (np.array([[2, 0], [0, 1]]), np.array([[1, 0], [0, 2]]))
# Matching pennies (zero sum): no pure equilibrium; each player's opponent must make it
# indifferent, so both mix 1/2-1/2; value 0.
MP = (np.array([[1, -1], [-1, 1]]), np.array([[-1, 1], [1, -1]]))


def jordan():
    """Jordan's (1993) cyclic matching pennies for three players: 1 wants to match 2,
    2 to match 3, 3 to mismatch 1.  If player 1 played pure, 3 would answer with the
    opposite pure strategy, 2 would copy 3 and 1 would copy 2: s1 = s2 = s3 != s1, absurd;
    so 1 mixes, which needs P(s2 = 0) = 1/2; then 2 mixes, so P(s3 = 0) = 1/2; then 3
    mixes, so P(s1 = 0) = 1/2.  The unique equilibrium is everyone at 1/2."""
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for a in range(2):
        for b in range(2):
            for c in range(2):
                u[:, a, b, c] = [int(a == b), int(b == c), int(c != a)]
    return gt.NormalFormGame(u, title="Jordan")


ENTRY_EFG = ('EFG 2 R "Entry" { "Entrant" "Incumbent" }\n""\n'
             'p "" 1 1 "" { "Out" "In" } 0\nt "" 1 "Out" { 0 2 }\n'
             'p "" 2 1 "" { "Fight" "Accommodate" } 0\n'
             't "" 2 "F" { -1 -1 }\nt "" 3 "A" { 1 1 }\n')
# Entry game: backward induction, the incumbent accommodates (1 > -1), so the entrant
# enters (1 > 0): the one subgame-perfect equilibrium is (In, Accommodate).  The logit
# agent QRE of a generic perfect-information tree converges to it (McKelvey & Palfrey 1998).
MP_EFG = ('EFG 2 R "Pennies tree" { "1" "2" }\n""\n'
          'p "" 1 1 "" { "H" "T" } 0\np "" 2 1 "" { "h" "t" } 0\n'
          't "" 1 "Hh" { 1 -1 }\nt "" 2 "Ht" { -1 1 }\n'
          'p "" 2 1 "" { "h" "t" } 0\nt "" 3 "Th" { -1 1 }\nt "" 4 "Tt" { 1 -1 }\n')
# Matching pennies as a tree (player 2 does not see player 1's move): its only
# equilibrium is 1/2-1/2 for both, at the single information set of each.

HALF = [F(1, 2), F(1, 2)]


def _nfg(arrays):
    return gt.NormalFormGame.from_arrays(*arrays)


def _profiles(result_or_doc):
    """Equilibria as lists of Fractions (exact) or floats, one list per player/infoset."""
    if isinstance(result_or_doc, dict):
        return [eq["profile"] for eq in result_or_doc["equilibria"]]
    return [eq.to_json(result_or_doc.exact)["profile"] for eq in result_or_doc.equilibria]


def _num(x):
    return F(x) if isinstance(x, str) else x


def _close(got, want, tol=1e-6):
    """Nested profiles equal: exactly when both are fractions, else within ``tol``."""
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(_close(g, w, tol) for g, w in zip(got, want))
    g = _num(got)
    if isinstance(g, F):
        return g == want
    return abs(g - float(want)) <= tol


def _same_set(got, want):
    return len(got) == len(want) and all(any(_close(g, w) for g in got) for w in want)


BOS_ALL = [[[1, 0], [1, 0]], [[0, 1], [0, 1]], [[F(2, 3), F(1, 3)], [F(1, 3), F(2, 3)]]]
MP_ONE = [[HALF, HALF]]
JORDAN_ONE = [[HALF, HALF, HALF]]
ENTRY_SPE = [[[[0, 1]], [[0, 1]]]]
MP_TREE = [[[HALF], [HALF]]]

#: method -> [(game file name, expected equilibria, "all" (exactly these) or "one" (one of these))]
#: Every registered method must appear here (test_every_method_is_in_the_table).
CASES = {
    "pure": [("pd.nfg", [[[0, 1], [0, 1]]], "all")],
    "enummixed": [("bos.nfg", BOS_ALL, "all")],
    "lh": [("mp.nfg", MP_ONE, "all")],
    "lp": [("mp.nfg", MP_ONE, "all")],
    "enumpoly": [("jordan.nfg", JORDAN_ONE, "all")],
    "simpdiv": [("jordan.nfg", JORDAN_ONE, "all")],
    "qre": [("jordan.nfg", JORDAN_ONE, "all"), ("entry.efg", ENTRY_SPE, "all")],
    "spe": [("entry.efg", ENTRY_SPE, "all"), ("mp_tree.efg", MP_TREE, "all")],
    "seqform": [("mp_tree.efg", MP_TREE, "all")],
}


@pytest.fixture(scope="module")
def games(tmp_path_factory):
    d = tmp_path_factory.mktemp("registry_games")
    gt.save(_nfg(PD), d / "pd.nfg")
    gt.save(_nfg(BOS), d / "bos.nfg")
    gt.save(_nfg(MP), d / "mp.nfg")
    gt.save(jordan(), d / "jordan.nfg")
    (d / "entry.efg").write_text(ENTRY_EFG)
    (d / "mp_tree.efg").write_text(MP_EFG)
    return d


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_every_method_is_in_the_table():
    assert set(registry.names()) == set(CASES)


@pytest.mark.parametrize("method", sorted(CASES))
def test_every_method_reachable_from_solve_with_documented_defaults(games, method):
    for name, want, _ in CASES[method]:
        game = gt.load(games / name)
        result = gt.solve(game, method)
        assert result.method == method
        # The documented exact default: the game's own kind (files are read exactly).
        assert game.kind == "exact" and result.exact is True
        assert _same_set(_profiles(result), want), (method, name, _profiles(result))
        # ... and the float default of a float game is float.
        if name.endswith(".nfg"):
            floats = game.with_payoffs(np.asarray(game.payoffs, dtype=float))
            assert gt.solve(floats, method).exact is False


@pytest.mark.parametrize("method", sorted(CASES))
def test_every_method_reachable_from_the_cli(games, method):
    for name, want, _ in CASES[method]:
        r = cli("solve", games / name, "--method", method, "--format", "json")
        assert r.exit_code == 0, r.output
        doc = json.loads(r.stdout)
        assert doc["method"] == method and doc["exact"] is True
        assert _same_set(_profiles(doc), want), (method, name, doc["equilibria"])
        assert isinstance(doc["details"], dict)
        r = cli("solve", games / name, "--method", method, "--float", "--format", "json")
        assert r.exit_code == 0 and json.loads(r.stdout)["exact"] is False


def test_every_solver_declares_exact_none_and_its_options():
    for m in registry.methods():
        assert m.exact is None
        for form in m.forms():
            f = getattr(m, form).function()
            params = inspect.signature(f).parameters
            assert params["exact"].default is None, (m.name, form)
            declared = {o.name for o in getattr(m, form).options}
            named = {p for p, v in params.items() if v.kind == v.KEYWORD_ONLY
                     or (v.kind == v.POSITIONAL_OR_KEYWORD and p not in ("game", "exact"))}
            assert declared == named, (m.name, form, declared ^ named)
            for o in getattr(m, form).options:         # the documented default is the real one
                if params[o.name].default is not inspect.Parameter.empty:
                    assert params[o.name].default == o.default, (m.name, o.name)


@pytest.mark.parametrize("method", sorted(CASES))
def test_bad_options_are_option_errors_before_the_solver_runs(games, method, monkeypatch):
    name = CASES[method][0][0]
    game = gt.load(games / name)
    spec = registry.get(method)
    _, form = spec.form_for(game)
    ran = []
    monkeypatch.setattr(registry.Form, "function", lambda self: lambda *a, **k: ran.append(1))
    with pytest.raises(OptionError, match="unknown option 'no_such_option'"):
        gt.solve(game, method, no_such_option=1)
    for opt in form.options:
        if opt.type in ("int", "float", "bool"):
            with pytest.raises(OptionError, match=f"option '{opt.name}'"):
                gt.solve(game, method, **{opt.name: "not a number"})
    assert not ran
    # OptionError is also each old type, so `except InvalidGameError/UnsupportedGameError/TypeError` still work.
    assert issubclass(OptionError, (InvalidGameError)) and issubclass(OptionError, UnsupportedGameError)
    assert issubclass(OptionError, TypeError)
    monkeypatch.undo()
    r = cli("solve", games / name, "--method", method, "--option", "no_such_option=1")
    assert r.exit_code == 2 and "no_such_option" in r.output


def test_unknown_method_is_exit_2_everywhere(games, tmp_path):
    with pytest.raises(OptionError, match="unknown method 'nope'"):
        gt.solve(_nfg(PD), "nope")
    f = games / "pd.nfg"
    for args in (["solve", f], ["zugzwang", f, "--player", "1"], ["explain", f],
                 ["sweep", f, "--grid", "c=0:1:2", "--out", tmp_path / "s.jsonl"],
                 ["batch", games, "--out", tmp_path / "b.jsonl"]):
        r = cli(*args, "--method", "nope")
        assert r.exit_code == 2 and "nope" in r.output, (args, r.output)


def test_option_values_are_parsed_by_their_declared_type(games):
    # enumpoly with stop_after=1 on Jordan's game: still the one equilibrium.
    r = cli("solve", games / "jordan.nfg", "--method", "enumpoly", "--option", "stop_after=1", "--format", "json")
    assert r.exit_code == 0, r.output
    assert _same_set(_profiles(json.loads(r.stdout)), JORDAN_ONE)
    r = cli("solve", games / "jordan.nfg", "--method", "enumpoly", "--option", "stop_after=many")
    assert r.exit_code == 2 and "expected int" in r.output
    r = cli("solve", games / "mp.nfg", "--method", "lh", "--option", "max_pivots=0")
    assert r.exit_code == 2 and "at least 1" in r.output


# ----------------------------------------------------------------- choose_method


def test_choose_method_states_the_cost_model():
    assert registry.choose_method(_nfg(BOS)) == "enummixed"
    assert registry.choose_method(_nfg(BOS), need="one") == "lh"
    assert registry.choose_method(_nfg(MP), need="one") == "lp"            # zero sum
    one_player = gt.NormalFormGame(np.array([[1, 2, 0]]))
    assert registry.choose_method(one_player) == "pure"
    j = jordan()                                                          # 8 profiles
    assert registry.choose_method(j) == "enumpoly"
    assert registry.choose_method(j, max_profiles=8) == "enumpoly"
    assert registry.choose_method(j, max_profiles=7) == "simpdiv"         # "enumpoly only up to N"
    assert registry.choose_method(j, need="one") == "simpdiv"
    big = gt.NormalFormGame(np.zeros((3, 4, 4, 4), dtype=int))            # 64: the auto limit
    assert registry.choose_method(big) == "enumpoly"
    bigger = gt.NormalFormGame(np.zeros((3, 4, 4, 5), dtype=int))         # 80
    assert registry.choose_method(bigger) == "simpdiv"
    with pytest.raises(OptionError):
        registry.choose_method(j, need="some")


def test_choose_method_for_trees(games):
    entry = gt.load(games / "entry.efg")
    tree = gt.load(games / "mp_tree.efg")
    assert registry.choose_method(entry) == "spe"
    assert registry.choose_method(tree) == "spe"                          # 2 x 2 reduced profiles
    assert registry.choose_method(tree, max_profiles=3) == "seqform"
    assert registry.choose_method(tree, need="one") == "seqform"
    assert gt.solve(tree).method == "spe"


def test_a_method_that_promises_an_equilibrium_and_returns_none_is_a_solver_error(games):
    def nothing(game, exact=None):
        return gt.solvers.make_result(game, "nothing", [], exact=bool(exact))
    registry.register(registry.Method("nothing", "finds nothing (a broken method)",
                                      nfg=registry.Form(nothing), finds="one"))
    try:
        with pytest.raises(SolverError, match="found no equilibrium"):
            gt.solve(_nfg(PD), "nothing")
        assert cli("solve", games / "pd.nfg", "--method", "nothing").exit_code == 3
    finally:
        registry.unregister("nothing")
    # pure promises nothing: matching pennies has no pure equilibrium, and that is an answer.
    assert len(gt.solve(_nfg(MP), "pure")) == 0


def test_register_refuses_bad_declarations():
    with pytest.raises(OptionError, match="already registered"):
        registry.register(registry.get("pure"))
    with pytest.raises(OptionError, match="no game form"):
        registry.register(registry.Method("formless", "x"))
    with pytest.raises(OptionError, match="exact default must be None"):
        registry.register(registry.Method("floaty", "x", nfg=registry.Form(print), exact=False))
    with pytest.raises(OptionError, match="usable method name"):
        registry.register(registry.Method("auto", "x", nfg=registry.Form(print)))


# ----------------------------------------------------------------- the interface grammar


def test_json_has_the_details(games):
    r = cli("solve", games / "bos.nfg", "--format", "json")
    doc = json.loads(r.stdout)
    # Battle of the sexes is nondegenerate (the three equilibria above are isolated).
    assert doc["details"]["degenerate"] is False
    r = cli("solve", games / "mp.nfg", "--method", "lp", "--format", "json")
    assert F(json.loads(r.stdout)["details"]["value"]) == 0               # matching pennies: value 0


def test_json_alias_still_works(games):
    for cmd in (["dominance"], ["correlated"], ["zugzwang", "--player", "1", "--no-construction"]):
        new = cli(cmd[0], games / "pd.nfg", *cmd[1:], "--format", "json")
        old = cli(cmd[0], games / "pd.nfg", *cmd[1:], "--json")
        assert new.exit_code == 0 and new.output == old.output, cmd
        json.loads(new.stdout)
    r = cli("dominance", "--help")
    assert "--json" not in r.output and "--format" in r.output


def test_a_key_error_inside_a_command_is_a_bug(games, monkeypatch):
    import gametheory.solvers as solvers

    def broken(*args, **kwargs):
        return {}["missing"]
    monkeypatch.setattr(solvers, "solve", broken)
    r = cli("solve", games / "pd.nfg")
    assert r.exit_code == 4 and "internal error" in r.output and "--traceback" in r.output
    monkeypatch.undo()
    # ... while an unknown label (LabelError, also a KeyError) is bad input.
    r = cli("zugzwang", games / "pd.nfg", "--player", "Nobody")
    assert r.exit_code == 2 and "internal error" not in r.output


SYMBOLIC = """\
format: 1
title: Parametrised dilemma
parameters:
  c: {default: 1, range: [0, 4]}
  b: {default: 0, range: [0, 1]}
players:
  - {name: Row, strategies: [C, D]}
  - {name: Col, strategies: [L, R]}
payoffs:
  matrix:
    - [["3 - c", 3], [0, "5 - c"]]
    - [[5, 0], ["1 - b", 1]]
"""


def test_sweep_default_is_the_kind_of_the_games_solved(tmp_path):
    from gametheory.batch.sweep import sweep
    p = tmp_path / "d.yaml"
    p.write_text(SYMBOLIC)
    game = gt.load(p)
    grid = sweep(game, grid={"c": "0:4:3"}, executor="serial")
    assert [row["exact"] for row in grid] == [True] * 3                  # grid values are fractions
    assert [row["parameters"]["c"] for row in grid] == ["0", "2", "4"]
    mc = sweep(game, sample={"c": "uniform(0, 4)"}, samples=3, seed=1, executor="serial")
    assert [row["exact"] for row in mc] == [False] * 3                   # draws are floats
    forced = sweep(game, grid={"c": "0:4:3"}, exact=False, executor="serial")
    assert [row["exact"] for row in forced] == [False] * 3
    assert gt.sweep is not sweep and len(gt.sweep(game, grid={"c": "0:4:2"}, executor="serial")) == 2
    r = cli("sweep", p, "--grid", "c=0:4:2", "--out", tmp_path / "c.jsonl", "-q", "--workers", "1")
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert [row["exact"] for row in rows] == [True, True]


def test_batch_default_is_exact_for_files(games, tmp_path):
    from gametheory.batch.files import solve_files
    table, errors = solve_files(games, executor="serial")
    assert not errors and table and all(row["exact"] is True for row in table)
    table, _ = solve_files(games, exact=False, executor="serial")
    assert all(row["exact"] is False for row in table)


def test_grid_grammar_in_every_command(tmp_path):
    from gametheory.cli.report import _report_grid
    p = tmp_path / "d.yaml"
    p.write_text(SYMBOLIC)
    out = tmp_path / "o"
    for cmd in (["sweep", p, "--out", tmp_path / "x.jsonl"], ["report", p, "--player", "Row", "--out", out]):
        r = cli(*cmd, "--grid", "c=0:1")
        assert r.exit_code == 2 and "lo:hi:steps" in r.output, (cmd, r.output)
        r = cli(*cmd, "--grid", "c=0:1:2", "--grid", "c=0,1")
        assert r.exit_code == 2 and "given twice" in r.output, (cmd, r.output)
    # report: NAME=LO:HI:STEPS gives the axes and their values; a bare N keeps its meaning.
    assert _report_grid(["c=0:4:5", "b=0:1:3"], None) == (
        None, ("c", "b"), {"c": [0, 1, 2, 3, 4], "b": [0, F(1, 2), 1]})
    assert _report_grid(["7"], None) == (7, None, None)
    assert _report_grid([], ("c", "b")) == (None, ("c", "b"), None)
    assert _report_grid(["b=0:1:2"], ("c", "b"))[2] == {"b": [0, 1]}
    for bad, match in ((["c=0:4:5"], "name the other axis"), (["5", "c=0:1:2"], "not both"),
                       (["1"], "at least 2"), (["c=0:1:2", "b=0:1:2", "d=0:1:2"], "two axes")):
        with pytest.raises(InvalidGameError, match=match):
            _report_grid(bad, None)
    with pytest.raises(InvalidGameError, match="different parameters"):
        _report_grid(["c=0:1:2", "b=0:1:2"], ("c", "x"))


def test_report_uses_the_grid_values(tmp_path, monkeypatch):
    import gametheory.report.html as html
    seen = {}

    def fake(*args, **kwargs):
        seen.update(kwargs)
        raise InvalidGameError("stop here")
    monkeypatch.setattr(html, "build_report", fake)
    p = tmp_path / "d.yaml"
    p.write_text(SYMBOLIC)
    r = cli("report", p, "--player", "Row", "--out", tmp_path / "o", "--grid", "c=1:3:3", "--grid", "b=0:1:2")
    assert r.exit_code == 2 and "stop here" in r.output
    assert seen["sweep"] == ("c", "b") and seen["grid"] is None
    assert seen["sweep_values"] == {"c": [1, 2, 3], "b": [0, 1]}
    assert seen["formats"] == ("png", "svg", "pdf")
    # report's figure list is --figures; --format, its old name, still works.
    for flag in ("--figures", "--format"):
        seen.clear()
        cli("report", p, "--player", "Row", "--out", tmp_path / "o", flag, "png,svg")
        assert seen["formats"] == ("png", "svg") and seen["grid"] is None and seen["sweep_values"] is None
    # gt.report is the same function, through the callable report package.
    seen.clear()
    with pytest.raises(InvalidGameError, match="stop here"):
        gt.report(p, "Row", tmp_path / "o2", quick=True)
    assert seen == {"quick": True}


def test_top_level_api():
    from gametheory.analysis.zugzwang import diagnose
    game = _nfg(PD)
    # Prisoner's dilemma, Row at reference 0: C's worst reaction payoff is 0 (Col defects),
    # D's is 1 > 0, so D escapes: no zugzwang.
    assert gt.diagnose(game, "Player 1").zugzwang is False
    assert gt.diagnose(game, "Player 1").to_json() == diagnose(game, "Player 1").to_json()


def test_methods_command(games):
    r = cli("methods", "--format", "json")
    assert r.exit_code == 0
    docs = {d["name"]: d for d in json.loads(r.stdout)}
    assert set(docs) == set(registry.names())
    assert docs["qre"]["forms"].keys() == {"nfg", "efg"} and docs["spe"]["forms"].keys() == {"efg"}
    assert all(d["exact_default"] is None for d in docs.values())
    r = cli("methods")
    assert r.exit_code == 0 and all(name in r.output for name in registry.names())
    # --method help lists the registry too.
    assert "seqform" in cli("solve", "--help").output
