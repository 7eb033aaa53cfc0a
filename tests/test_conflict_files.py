"""The native conflict file, the load hook, the CLI commands and the Tajikistan model."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import gametheory
from gametheory.cli import main
from gametheory.conflict import load, stable
from gametheory.conflict.io_yaml import dumps_conflict, loads_conflict
from gametheory.conflict.status_quo import plot_status_quo, status_quo
from gametheory.conflict.zugzwang import ordinal_zugzwang
from gametheory.exceptions import InvalidGameError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "conflict"
BAD = ROOT / "tests" / "data" / "bad" / "conflict"


@pytest.mark.parametrize("name, line, path, words", [
    ("conflict-unknown-option.yaml", 11, "preferences.A.statements[0].statement", "unknown option 'c'"),
    ("conflict-shared-option.yaml", 7, "decision_makers[1].options[0].name", "controlled by two"),
    ("conflict-missing-rationale.yaml", 9, "preferences.A.statements[0]", "missing key 'rationale'"),
    ("conflict-ranking-incomplete.yaml", 8, "preferences.A.ranking", "missing 'z'"),
    ("conflict-bad-direction.yaml", 5, "decision_makers[0].options[0].direction", "sideways"),
])
def test_bad_files_name_file_line_and_key_path(name, line, path, words):
    with pytest.raises(InvalidGameError) as info:
        load(BAD / name)
    err = info.value
    assert err.file.endswith(name) and err.line == line and err.path == path, str(err)
    assert words in err.message
    result = CliRunner().invoke(main, ["stability", str(BAD / name)])
    assert result.exit_code == 2 and name in result.output


def test_yaml_tags_are_refused():
    with pytest.raises(InvalidGameError, match="tag"):
        loads_conflict("format: 1\nkind: conflict\ndecision_makers: !!python/object:os.system {}\n")


def test_load_front_door_returns_the_conflict():
    c = gametheory.load(DATA / "elmira.yaml")
    assert c.decision_makers == ("MoE", "UR", "LG") and c.n_states == 9
    game = gametheory.load(ROOT / "games" / "classics" / "prisoners-dilemma.yaml")
    assert not hasattr(game, "decision_makers")  # ordinary games still load as games
    # the game reader (what show, solve, report, batch use) refuses a conflict clearly
    from gametheory.exceptions import UnsupportedGameError
    from gametheory.io import load as load_game
    with pytest.raises(UnsupportedGameError, match="conflict model"):
        load_game(DATA / "elmira.yaml")
    for args in (["show"], ["solve"], ["zugzwang", "--player", "MoE"]):
        r = CliRunner().invoke(main, args + [str(DATA / "elmira.yaml")])
        assert r.exit_code == 2 and "conflict model" in r.output, args
    r = CliRunner().invoke(main, ["validate", str(DATA / "elmira.yaml")])
    assert r.exit_code == 0 and "ok:" in r.output


def test_round_trip_option_and_graph_form():
    for name in ("prisoners.yaml", "elmira.yaml", "chicken.yaml"):
        c = load(DATA / name)
        back = loads_conflict(dumps_conflict(c))
        assert back.patterns() == c.patterns() and back.states == c.states
        assert np.array_equal(back.ranks, c.ranks)
        for i in range(c.n_dms):
            assert back.move_lists(i) == c.move_lists(i)
    taj = load(ROOT / "games" / "tajikistan" / "conflict.yaml")
    back = loads_conflict(dumps_conflict(taj))
    assert np.array_equal(back.ranks, taj.ranks) and back.patterns() == taj.patterns()


def test_stability_json_layout():
    r = CliRunner().invoke(main, ["stability", str(DATA / "prisoners.yaml"), "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["options"] == ["A_defects", "B_defects"] and out["decision_makers"] == ["A", "B"]
    assert [s["pattern"] for s in out["states"]] == ["NN", "YN", "NY", "YY"]
    assert set(out["equilibria"]) >= {"nash", "gmr", "smr", "seq", "sim", "seqsim"}
    assert out["equilibria"]["nash"] == ["YY"] and out["equilibria"]["seq"] == ["NN", "YY"]
    # A's ranks (CD < DD < CC < DC): A improves by defecting whatever B does, so A is
    # Nash-stable exactly where A already defects
    assert out["stable"]["nash"]["A"] == ["YN", "YY"]
    csv = CliRunner().invoke(main, ["stability", str(DATA / "prisoners.yaml"), "-c", "nash", "--format", "csv"])
    assert csv.output.splitlines()[0] == "state,label,concept,A,B,equilibrium"
    assert "YY,DD,nash,1,1,1" in csv.output.splitlines()


def test_stability_cli_rejects_bad_concepts_and_graph_sim():
    r = CliRunner().invoke(main, ["stability", str(DATA / "elmira.yaml"), "-c", "lh:x"])
    assert r.exit_code == 2 and "lh:H" in r.output
    r = CliRunner().invoke(main, ["stability", str(DATA / "elmira.yaml"), "-c", "sim"])
    assert r.exit_code == 2 and "option-form" in r.output
    # NM now runs for three DMs (the n-DM generalisation; tests/test_conflict_limited.py)
    r = CliRunner().invoke(main, ["stability", str(DATA / "elmira.yaml"), "-c", "nm"])
    assert r.exit_code == 0 and "nm equilibria" in r.output


def test_normal_form_game_file_as_conflict():
    r = CliRunner().invoke(main, ["stability", str(ROOT / "games" / "classics" / "prisoners-dilemma.yaml"),
                                  "-c", "nash", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.output)["equilibria"]["nash"]) == 1


def test_status_quo_elmira():
    # From state 1, the only improvement is LG's 1 -> 5 (LG ranks 5 above 1; MoE and UR
    # have none).  5 is a SEQ equilibrium, so the evolution stops there: {5}.
    el = load(DATA / "elmira.yaml")
    sq = status_quo(el, "1", "seq")
    assert [el.states[s] for s in sq.equilibria] == ["5"]
    assert sq.paths[el.state("5")] == [(0, None), (el.state("5"), el.dm("LG"))]
    # From 3 under Nash: UR improves to 9 (abandon; UR ranks 9 above 3) and LG to 7 (its
    # best); from 7 only UR improves, to 9 (MoE ranks 7 first); 9 ends the conflict -> {9}.
    sq3 = status_quo(el, "3", "nash")
    assert sorted(el.states[s] for s in sq3.equilibria) == ["9"]
    assert sorted(el.states[s] for s in sq3.reached) == ["3", "7", "9"]
    ax = plot_status_quo(sq3)
    assert sorted(t.get_text() for t in ax.texts if t.get_text()) == ["3", "7", "9"]
    assert len([t for t in ax.texts if not t.get_text()]) == len(sq3.edges) == 3  # 3->7, 3->9, 7->9
    import matplotlib.pyplot as plt
    plt.close(ax.figure)


def test_ordinal_zugzwang_definition_on_a_small_conflict():
    # Chicken from DD (a crash): A's options are stay (B's UI from DD is DS, a Nash
    # equilibrium A ranks first) and SD (itself a Nash equilibrium, above DD) -> no zugzwang.
    ch = load(DATA / "chicken.yaml")
    z = ordinal_zugzwang(ch, "A", "DD", "nash")
    assert not z.zugzwang
    # From SS, A's options: stay -> B moves to SD (B's UI, a Nash equilibrium A ranks below SS);
    # move to DS -> DS is itself an equilibrium A prefers to SS.  So not a zugzwang either, and
    # the "stay" option is "below".
    z = ordinal_zugzwang(ch, "A", "SS", "nash")
    verdicts = {o.option: o.verdict for o in z.options}
    assert verdicts == {"stay": "below", "DS": "above"} and not z.zugzwang
    # A small conflict built to be a zugzwang for A at q:
    from gametheory.conflict import from_graph
    c = from_graph(["A", "B"], ["q", "m", "x", "y"],
                   {"A": [("q", "m")], "B": [("q", "x"), ("m", "y")]},
                   {"A": ["q", "x", "y", "m"], "B": ["x", "y", "q", "m"]})
    # stay at q: B improves to x (its best), a Nash equilibrium A ranks below q; move to m:
    # B improves to y, an equilibrium A ranks below q -> ordinal zugzwang.
    z = ordinal_zugzwang(c, "A", "q", "nash")
    assert z.zugzwang and [o.outcomes for o in z.options] == [(c.state("x"),), (c.state("y"),)]


def test_tajikistan_model_reads_and_every_statement_cites_a_paragraph():
    taj = load(ROOT / "games" / "tajikistan" / "conflict.yaml")
    assert taj.decision_makers == ("Dushanbe", "Public", "Moscow", "Taliban")
    assert taj.n_states == 2 ** 9 * 3 // 4  # crackdown and tolerate are exclusive
    for dm, stmts in taj.statements.items():
        for text, why in stmts:
            assert "par. " in why, (dm, text)
    z = ordinal_zugzwang(taj, "Dushanbe", concept="seq")
    # every option listed: stay plus each reachable setting of Dushanbe's options
    assert len(z.options) == 1 + len(taj.move_lists("Dushanbe")) // taj.n_states * 0 + \
        sum(1 for s, _ in taj.move_lists("Dushanbe") if s == taj.metadata["status_quo"])
    assert stable(taj, "nash").shape == (4, taj.n_states)


@pytest.mark.parametrize("concept", ["nash", "gmr", "smr", "seq", "sim", "seqsim"])
def test_tajikistan_ordinal_zugzwang(concept):
    # By hand: "crush" is the Taliban's first statement, so every state with crush=Y ranks
    # above every state with crush=N for the Taliban, and crush is irreversible and
    # controlled by the Taliban alone, so no sanction can undo it: at a state with crush=N
    # the Taliban's move to crush=Y is an unsanctionable UI, unstable under GMR (the
    # weakest concept) and hence under all.  Every equilibrium has crush=Y.  Dushanbe's
    # first three statements are not press, not protest, not crush; the status quo
    # satisfies all three, so Dushanbe ranks every crush=Y state below it.  Hence, as soon
    # as every option reaches some equilibrium, Dushanbe is in ordinal zugzwang.
    taj = load(ROOT / "games" / "tajikistan" / "conflict.yaml")
    crush = taj.option_names.index("crush")
    crushed = (taj.codes >> crush) & 1 == 1
    eqs = np.nonzero(stable(taj, concept).all(axis=0))[0]
    assert len(eqs) and crushed[eqs].all()
    sq = taj.metadata["status_quo"]
    assert (taj.ranks[0][crushed] < taj.ranks[0][sq]).all()
    z = ordinal_zugzwang(taj, "Dushanbe", concept=concept)
    assert all(o.outcomes for o in z.options)
    assert z.zugzwang


def test_status_quo_with_a_coalition():
    # Chicken from the crash DD.  Alone, A improves to SD and B to DS, both Nash equilibria.
    # Together, both prefer SS, SD and DS to DD, so the coalition "A + B" can also reach SS;
    # from SS, A improves to DS and B to SD, and no joint move helps both.
    ch = load(DATA / "chicken.yaml")
    alone = status_quo(ch, "DD", "nash")
    assert sorted(ch.states[s] for s in alone.reached) == ["DD", "DS", "SD"]
    both = status_quo(ch, "DD", "nash", coalitions=[["A", "B"]])
    assert both.movers == ("A", "B", "A + B")
    assert sorted(ch.states[s] for s in both.reached) == ["DD", "DS", "SD", "SS"]
    assert sorted(ch.states[s] for s in both.equilibria) == ["DS", "SD"]
    coalition_moves = sorted((ch.states[a], ch.states[b]) for a, b, j in both.edges if j == 2)
    assert coalition_moves == [("DD", "DS"), ("DD", "SD"), ("DD", "SS")]


def test_unknown_preferences():
    # Elmira with Uniroyal's preferences unknown.  Nash, GMR and SMR for MoE and LG need only
    # their own preferences.  By hand (ranks in the file): MoE never has an improvement (each
    # of its moves, 1->2, 3->4, 5->6, 7->8, goes down its ranking); LG improves by 1->5,
    # 2->6, 3->7 and 4->8 and by none of the reverse moves.  So the states stable for every
    # DM whose stability is defined are {5, 6, 7, 8, 9}.  SEQ needs Uniroyal's preferences
    # (are its moves improvements?) for everyone: not computed.
    c = load(DATA / "elmira-unknown.yaml")
    assert c.unknown == ("UR",)
    r = CliRunner().invoke(main, ["stability", str(DATA / "elmira-unknown.yaml"), "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["unknown_preferences"] == ["UR"]
    assert set(out["stable"]["nash"]) == {"MoE", "LG"}
    assert out["equilibria"]["nash"] == ["5", "6", "7", "8", "9"]
    assert "seq" in out["skipped"] and "seq" not in out["equilibria"]
    r = CliRunner().invoke(main, ["stability", str(DATA / "elmira-unknown.yaml"), "-c", "seq"])
    assert r.exit_code == 2 and "unknown" in r.output
    r = CliRunner().invoke(main, ["status-quo", str(DATA / "elmira-unknown.yaml")])
    assert r.exit_code == 2 and "UR" in r.output
    back = loads_conflict(dumps_conflict(c))
    assert back.unknown == ("UR",)


def test_every_conflict_command_prints_csv():
    # Prisoner's dilemma (tests/data/conflict/prisoners.yaml), by hand: from DC (A defects
    # alone) only B improves, to DD, a SEQ equilibrium: reached {DC, DD}, path DC -> [B] DD.
    r = CliRunner().invoke(main, ["status-quo", str(DATA / "prisoners.yaml"), "--from", "DC", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == ["state,label,equilibrium,path", "YN,DC,0,", "YY,DD,1,YN > [B] YY"]
    # A scores CC 2, DC 3, CD 0, DD 1 (statements "not B_defects" then "A_defects"): at CD its
    # only UI is DD; B is at its best.  So CD becomes Nash when A stops preferring DD: 1 change.
    r = CliRunner().invoke(main, ["inverse", str(DATA / "prisoners.yaml"), "--target", "CD", "--dm", "A",
                                  "-c", "nash", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[1] == "NY,nash,1,A,1,YY,,1"


@pytest.mark.parametrize("args, where", [
    (["inverse", "{f}", "--target", "ZZ", "--dm", "A"], "--target"),
    (["inverse", "{f}", "--target", "CC", "--dm", "Nobody"], "--dm"),
    (["inverse", "{f}", "--target", "CC", "--dm", "A", "-c", "nm"], "--concept"),
    (["status-quo", "{f}", "--from", "QQ"], "--from"),
    (["status-quo", "{f}", "--from", "CC", "-c", "gmr:z"], "--concept"),
    (["status-quo", "{f}", "--from", "CC", "--zugzwang", "Nobody"], "--zugzwang"),
    (["stability", "{f}", "-c", "foo"], "--concept"),
])
def test_bad_option_values_exit_2_naming_file_and_option(args, where):
    f = str(DATA / "prisoners.yaml")
    r = CliRunner().invoke(main, [a.format(f=f) for a in args])
    assert r.exit_code == 2
    assert f"prisoners.yaml: {where}:" in r.output, r.output
