"""Malformed YAML game files: each gives a clear error naming the file, the line and
the key path (tests/data/bad/*.yaml, expectations in tests/data/bad/yaml_expected.yaml)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from gametheory.exceptions import InvalidGameError
from gametheory.io import load
from gametheory.io.yaml_format import loads, read_yaml, validate_yaml

BAD = Path(__file__).resolve().parent / "data" / "bad"
EXPECTED = yaml.safe_load((BAD / "yaml_expected.yaml").read_text(encoding="utf-8"))
BAD_FILES = sorted(p.name for p in BAD.glob("*.yaml") if p.name != "yaml_expected.yaml")


def test_every_bad_file_has_an_expectation():
    assert sorted(EXPECTED) == BAD_FILES


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_reports_message_line_and_path(name):
    want = EXPECTED[name]
    path = BAD / name
    with pytest.raises(InvalidGameError) as info:
        read_yaml(path)
    exc = info.value
    assert want["message"] in exc.message, exc.message
    assert exc.line == want["line"]
    assert exc.path == want["path"]
    assert exc.file == str(path)
    # The one-line message starts with file:line: path: as the CLI prints it.
    prefix = str(path) if want["line"] is None else f"{path}:{want['line']}"
    assert str(exc).startswith(prefix + ": " + (want["path"] + ": " if want["path"] else ""))
    # The front door and the validator agree on the first problem.
    with pytest.raises(InvalidGameError) as again:
        load(path)
    assert str(again.value) == str(exc)
    problems = validate_yaml(path)
    assert problems and str(problems[0]) == str(exc)


def test_validate_collects_every_problem_in_one_pass():
    problems = validate_yaml(BAD / "many_problems.yaml")
    found = [(p.line, p.path) for p in problems]
    assert found == [
        (6, "payoffs[0].payoffs[1]"),     # unknown name 'oops'
        (7, "payoffs[1].payoffs"),        # one payoff for two players
        (8, "payoffs[2].profile[1]"),     # no strategy 'Middle'
        (9, "payoffs[3].rationle"),       # typo in a key
        (9, "payoffs[3].payoffs[0]"),     # .nan
    ]
    assert "did you mean 'rationale'?" in problems[3].message
    assert "finite" in problems[4].message


def test_validate_reports_several_tree_problems():
    text = """\
format: 1
players: [Alice, Bob]
tree:
  player: Alice
  moves:
    - action: a
      node:
        player: Bob
        infoset: h
        moves:
          - {action: x, outcome: {payoffs: [1, 1]}}
          - {action: y, outcome: nowhere}
    - action: b
      node:
        player: Bob
        infoset: h
        moves:
          - {action: x, outcome: {payoffs: [1, 1, 1]}}
          - {action: z}
    - action: c
      node:
        player: chance
        moves:
          - {action: h, probability: 1/2, outcome: {payoffs: [0, 0]}}
          - {action: t, probability: 1/4, outcome: {payoffs: [0, 0]}}
"""
    game, problems = None, None
    from gametheory.io.yaml_format import _read
    game, problems = _read(text, "t.yaml")
    assert game is None
    summary = [(p.line, p.path, p.message.split(";")[0]) for p in problems]
    lines = [s[0] for s in summary]
    assert lines == sorted(lines)
    paths = [s[1] for s in summary]
    assert "tree.moves[0].node.moves[1].outcome" in paths          # unknown outcome
    assert "tree.moves[1].node.moves[0].outcome.payoffs" in paths  # 3 payoffs
    assert "tree.moves[1].node.moves[1]" in paths                  # move without target
    assert "tree.moves[2].node.moves" in paths                     # probabilities 3/4
    assert any("add up to 3/4" in p.message for p in problems)


def test_payoff_errors_keep_going_past_missing_profiles():
    text = """\
format: 1
players:
  - {name: R, strategies: [a, b, c]}
  - {name: C, strategies: [x]}
payoffs:
  - {profile: [a, x], payoffs: [1, nan]}
"""
    with pytest.raises(InvalidGameError):
        loads(text)
    from gametheory.io.yaml_format import _read
    _, problems = _read(text, None)
    messages = [p.message for p in problems]
    # the bad payoff does not hide the two missing profiles
    assert "finite" in messages[0]
    assert any("(b, x)" in m for m in messages) and any("(c, x)" in m for m in messages)


def test_alias_bomb_fails_fast(monkeypatch):
    # Work, not time: the billion-node tree (31 distinct YAML nodes, 2^31 once
    # expanded) is refused from its count alone; not one tree node is built.
    from gametheory.io import yaml_format
    built = []
    original = yaml_format._Reader.node
    monkeypatch.setattr(yaml_format._Reader, "node",
                        lambda self, *a, **k: built.append(1) or original(self, *a, **k))
    with pytest.raises(InvalidGameError, match="over the limit alias_nodes=100,000"):
        read_yaml(BAD / "alias_bomb.yaml")
    assert built == []


def test_shared_alias_subtrees_are_expanded():
    text = """\
format: 1
players: [A, B]
tree:
  player: A
  moves:
    - action: l
      node: &sub
        player: B
        moves:
          - {action: x, outcome: {payoffs: [1, 2]}}
          - {action: y, outcome: {payoffs: [3, 4]}}
    - action: r
      node: *sub
"""
    game = loads(text)
    assert len(game.nodes) == 7
    assert [o.payoffs for o in (game.nodes[n].outcome for n in (3, 4, 5, 6))] == \
        [(1, 2), (3, 4), (1, 2), (3, 4)]


def test_deep_nesting_does_not_hit_the_recursion_limit():
    # 1,200 tree levels written nested in flow style: 4,800 levels of YAML nesting,
    # beyond libyaml's limit (1,000) and Python's recursion limit for a recursive
    # composer; the reader falls back to the pure-Python parser and composes
    # iteratively.
    # Beyond the default depth limit (1,000, libyaml's own), so the limit is raised.
    from gametheory.limits import using
    depth = 1200
    text = f"{{outcome: {{payoffs: [{depth}]}}}}"
    for k in range(depth - 1, -1, -1):
        text = (f"{{player: A, moves: [{{action: stop, outcome: {{payoffs: [{k}]}}}}, "
                f"{{action: go, node: {text}}}]}}")
    with pytest.raises(InvalidGameError, match="over the limit depth=1,000"):
        loads(f"format: 1\nplayers: [A]\ntree: {text}\n")
    with using(depth=5000):
        game = loads(f"format: 1\nplayers: [A]\ntree: {text}\n")
    assert game.depth == depth
    leaves = game.terminal_nodes()
    assert [n.outcome.payoffs for n in leaves[:2]] == [(0,), (1,)]
    assert leaves[-1].outcome.payoffs == (depth,)


@pytest.mark.parametrize("text, fragment", [
    ("format: 1\nplayers: [A]\ntree: {outcome: {payoffs: [!!binary aGk=]}}\n", "!!binary is not allowed"),
    ("format: 1\nplayers: !!set {A: null}\ntree: {}\n", "!!set is not allowed"),
    ("format: 1\nplayers: [A]\ntree: !custom {}\n", "!custom is not allowed"),
    ("format: 1\n<<: {players: [A]}\ntree: {}\n", "merge keys"),
    ("format: 1\nplayers: [*nothing]\n", "undefined YAML alias"),
    ("format: 1\nplayers: [A]\ntree: {outcome: {payoffs: [\"1/0\"]}}\n", "division by zero"),
    ("format: 1\nplayers: [A]\ntree: {outcome: {payoffs: [\"2**1000\"]}}\n", "exponent"),
    ("format: 1\nplayers: [A]\ntree: {outcome: {payoffs: [\"x\"]}}\n", "unknown name 'x'"),
    ("format: 1\nplayers: [A]\ntree: {outcome: {payoffs: [[1]]}}\n", "got a list"),
    ("format: 1\nplayers: [A]\ntree: {outcome: {payoffs: [null]}}\n", "got nothing"),
    ("format: 1\nplayers: [A]\ntree: {outcome: {payoffs: [2004-01-01]}}\n", "got '2004-01-01'"),
    ("format: 1\nplayers: [A]\ntree: {outcome: {payoffs: [\"3 < 4\"]}}\n", "Compare"),
    ("format: 1\nplayers: [A]\ntree: {outcome: {payoffs: [\"'text'\"]}}\n", "constant 'text'"),
    ("format: 1\nplayers: [A]\ntree: {outcome: {payoffs: [\"[1][0]\"]}}\n", "the construct Subscript"),
    ("format: 1\nparameters: {min: 1}\nplayers: [A]\ntree: {}\n", "not a valid parameter name"),
    ("format: 1\nparameters: {p: {default: 1, range: [3, 2]}}\nplayers: [A]\ntree: {}\n",
     "lower bound above"),
    ("format: 1\nplayers: [A]\ntree: {player: A}\n", "needs its 'moves'"),
    ("format: 1\nplayers: [A]\ntree: {player: Bob, moves: [{action: x}]}\n", "unknown player 'Bob'"),
    ("format: 1\nplayers: [A]\ntree: {player: A, moves: []}\n", "at least one move"),
    ("format: 1\nplayers: [A]\noutcomes: {o: {payoffs: [1]}}\ntree: {player: A, moves: "
     "[{action: x, outcome: o, node: {}}]}\n", "not both"),
    ("format: 1\nplayers: [A]\ntree: {root: a, nodes: {b: {}}}\n", "the root 'a' is not among"),
    ("format: 1\nplayers: [A]\ntree: {root: a, nodes: {a: {player: A, moves: [{action: x, node: {}}]}}}\n",
     "unknown key 'node'"),
    ("format: 1\nplayers: [A, A]\ntree: {}\n", "duplicate player label 'A'"),
    ("format: 1\nplayers: [A]\n", "missing key 'payoffs'"),
    ("format: 1\nplayers: []\ntree: {}\n", "at least one player"),
    ("format: 1\nplayers:\n  - {name: A, strategies: []}\npayoffs: []\n", "at least one strategy"),
    ("format: 1\nplayers: [A]\npayoffs: []\n", "needs strategies"),
])
def test_more_bad_inputs(text, fragment):
    with pytest.raises(InvalidGameError) as info:
        loads(text, file="inline.yaml")
    assert fragment in str(info.value)
    assert str(info.value).startswith("inline.yaml")


def test_cli_validate_prints_every_problem_and_exits_2():
    from gametheory.cli import main

    runner = CliRunner()
    good = Path(__file__).resolve().parents[1] / "games" / "classics" / "prisoners-dilemma.yaml"
    result = runner.invoke(main, ["validate", str(BAD / "many_problems.yaml"), str(good)])
    assert result.exit_code == 2
    errors = [l for l in result.output.splitlines() if l.startswith("error: ")]
    assert len(errors) == 5
    assert f"error: {BAD / 'many_problems.yaml'}:6: payoffs[0].payoffs[1]: unknown name 'oops'" in result.output
    assert f"ok: {good}" in result.output
    assert "Traceback" not in result.output


def test_cli_show_bad_file_is_one_line_exit_2():
    from gametheory.cli import main

    result = CliRunner().invoke(main, ["show", str(BAD / "flat_cycle.yaml")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: {BAD / 'flat_cycle.yaml'}:15: tree.nodes.middle.moves[1].to: cycle: node 'middle' "
        f"leads back to its ancestor 'start'; a tree has no cycles"]
