"""Malformed YAML game files not covered elsewhere: references, components, payoff
vectors, the matrix shorthand, tree nodes, information sets, flat trees and the
writer's options.  Each file is read through the public front door
(:func:`gametheory.load`) and must raise ``InvalidGameError`` naming the file, the
key path and what was expected; ``gametheory validate`` exits 2 on it.

The expected key paths and fragments follow the rules of docs/reference/game-file.md
(the key path of the offending entry), worked out by hand for each file.
"""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from click.testing import CliRunner

import gametheory as gt
from gametheory import ExtensiveFormGame, InvalidGameError
from gametheory.cli import main

PLAYERS_2X2 = """\
format: 1
players:
  - {name: Row, strategies: [U, D]}
  - {name: Col, strategies: [L, R]}
"""
PAYOFFS_2X2 = """\
payoffs:
  - {profile: [U, L], payoffs: [1, 1]}
  - {profile: [U, R], payoffs: [0, 0]}
  - {profile: [D, L], payoffs: [0, 0]}
  - {profile: [D, R], payoffs: [2, 2]}
"""
TREE = """\
format: 1
players: [A, B]
tree:
  player: A
  moves:
    - {action: a, outcome: {payoffs: [1, 0], label: left}}
    - {action: b, outcome: {payoffs: [0, 1], label: right}}
"""

# (name, text, key path of the first problem, fragment of its message)
CASES = [
    ("references-not-a-mapping", PLAYERS_2X2 + PAYOFFS_2X2 + "references: [a, b]\n",
     "references", "expected a mapping of reference names"),
    # regression: the key path was 'references.' (a trailing dot)
    ("reference-empty-name", PLAYERS_2X2 + PAYOFFS_2X2 + "references: {'': {value: 0}}\n",
     "references", "a reference needs a non-empty name"),
    ("reference-not-a-mapping", PLAYERS_2X2 + PAYOFFS_2X2 + "references: {sq: 3}\n",
     "references.sq", "expected a mapping"),
    ("profile-reference-on-a-tree", TREE + "references: {sq: {profile: [a]}}\n",
     "references.sq.profile", "a profile reference needs a strategic form"),
    ("outcome-reference-on-a-table", PLAYERS_2X2 + PAYOFFS_2X2 + "references: {sq: {outcome: x}}\n",
     "references.sq.outcome", "outcome references belong to game trees"),
    ("two-primary-references", PLAYERS_2X2 + PAYOFFS_2X2
     + "references:\n  a: {value: 0, primary: true}\n  b: {value: 1, primary: true}\n",
     "references", "at most one reference may be primary"),
    ("primary-not-a-boolean", PLAYERS_2X2 + PAYOFFS_2X2
     + "references: {a: {value: 0, primary: maybe}}\n",
     "references.a.primary", "expected true or false"),
    ("unknown-outcome-reference", TREE + "references: {sq: {outcome: middle}}\n",
     "references.sq.outcome", "no outcome labelled 'middle' in the tree; known: 'left', 'right'"),
    ("reference-value-unknown-name", PLAYERS_2X2 + PAYOFFS_2X2 + "references: {sq: {value: zz}}\n",
     "references.sq.value", "unknown name 'zz'"),
    ("assumption-without-assumes", PLAYERS_2X2 + PAYOFFS_2X2 + "assumptions: [{name: x}]\n",
     "assumptions[0]", "missing key 'assumes'"),
    ("components-not-by-player", PLAYERS_2X2 + PAYOFFS_2X2.replace(
        "payoffs: [2, 2]}", "payoffs: [2, 2], components: 3}"),
     "payoffs[3].components", "expected a mapping"),
    ("components-of-a-player-not-a-mapping", PLAYERS_2X2 + PAYOFFS_2X2.replace(
        "payoffs: [2, 2]}", "payoffs: [2, 2], components: {Row: 2}}"),
     "payoffs[3].components.Row", "expected a mapping of component names to values"),
    ("component-empty-name", PLAYERS_2X2 + PAYOFFS_2X2.replace(
        "payoffs: [2, 2]}", "payoffs: [2, 2], components: {Row: {'': 2}}}"),
     "payoffs[3].components.Row", "a component needs a non-empty name"),
    ("payoffs-a-number", PLAYERS_2X2 + PAYOFFS_2X2.replace("payoffs: [2, 2]}", "payoffs: 2}"),
     "payoffs[3].payoffs", "expected 2 payoffs as a list [Row, Col] or a mapping by player"),
    ("payoffs-by-player-missing-one", PLAYERS_2X2 + PAYOFFS_2X2.replace(
        "payoffs: [2, 2]}", "payoffs: {Row: 2}}"),
     "payoffs[3].payoffs", "missing key 'Col'"),
    ("matrix-not-a-list", PLAYERS_2X2 + "payoffs: {matrix: 3}\n",
     "payoffs.matrix", "expected a list of rows"),
    ("matrix-row-not-a-list", PLAYERS_2X2 + "payoffs: {matrix: [3, [[1, 1], [0, 0]]]}\n",
     "payoffs.matrix[0]", "expected a list of cells"),
    ("strategies-in-a-tree", "format: 1\nplayers: [{name: A, strategies: [x]}]\n"
     "tree: {outcome: {payoffs: [1]}}\n",
     "players[0].strategies", "'strategies' belong to strategic forms"),
    ("terminal-node-with-infoset", "format: 1\nplayers: [A]\n"
     "tree: {infoset: h, outcome: {payoffs: [1]}}\n",
     "tree.infoset", "a terminal node (no player, no moves) has no information set"),
    ("moves-not-a-list", "format: 1\nplayers: [A]\ntree: {player: A, moves: 3}\n",
     "tree.moves", "expected a list of moves"),
    ("move-not-a-mapping", "format: 1\nplayers: [A]\ntree: {player: A, moves: [3]}\n",
     "tree.moves[0]", "expected a mapping"),
    ("infoset-number-not-a-number", "format: 1\nplayers: [A]\n"
     "tree: {player: A, infoset: {number: x}, moves: [{action: a, outcome: {payoffs: [1]}}]}\n",
     "tree.infoset.number", "expected an information set number"),
    ("infoset-empty-label", "format: 1\nplayers: [A]\n"
     "tree: {player: A, infoset: '', moves: [{action: a, outcome: {payoffs: [1]}}]}\n",
     "tree.infoset", "expected an information set label"),
    ("symbolic-chance-not-one", "format: 1\nparameters: {p: {default: 1/2}}\nplayers: [A]\n"
     "tree: {player: chance, moves: [{action: x, probability: p, outcome: {payoffs: [1]}},"
     " {action: y, probability: p, outcome: {payoffs: [0]}}]}\n",
     "tree.moves", "chance probabilities add up to 2*p, expected exactly 1"),
    ("flat-tree-nodes-not-a-mapping", "format: 1\nplayers: [A]\ntree: {root: a, nodes: [a]}\n",
     "tree.nodes", "expected a mapping of node ids to nodes"),
    ("flat-tree-without-nodes", "format: 1\nplayers: [A]\ntree: {root: a}\n",
     "tree", "missing key 'nodes'"),
]


def _validate_errors(file):
    """The error lines of ``gametheory validate FILE``, which must exit 2."""
    res = CliRunner().invoke(main, ["validate", str(file)])
    assert res.exit_code == 2
    return [line for line in res.output.splitlines() if line.startswith("error: ")]


def _write(tmp_path, name, text):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name,text,path,fragment", CASES,
                         ids=[(c.values if hasattr(c, "values") else c)[0] for c in CASES])
def test_bad_file_names_the_file_the_key_path_and_the_problem(tmp_path, name, text, path, fragment):
    file = _write(tmp_path, name, text)
    with pytest.raises(InvalidGameError) as info:
        gt.load(file)
    exc = info.value
    assert exc.file == str(file)
    assert exc.path == path, str(exc)
    assert fragment in exc.message, str(exc)
    assert exc.line is not None and exc.line >= 1
    # The command line prints the same first problem and exits 2 (bad input).
    res = CliRunner().invoke(main, ["validate", str(file)])
    assert res.exit_code == 2
    assert f"error: {file}:{exc.line}: {path}: " in res.output


def test_information_set_number_with_two_labels(tmp_path):
    # Both of B's nodes are information set 1, labelled 'h' at line 8 and 'k' at line 10:
    # the second node is the problem (its path is tree.moves[1].node.infoset).
    text = """\
format: 1
players: [A, B]
tree:
  player: A
  moves:
    - action: a
      node:
        {player: B, infoset: {number: 1, label: h}, moves: [{action: x, outcome: {payoffs: [1, 1]}}]}
    - action: b
      node: {player: B, infoset: {number: 1, label: k}, moves: [{action: x, outcome: {payoffs: [0, 0]}}]}
"""
    file = _write(tmp_path, "two-labels", text)
    with pytest.raises(InvalidGameError) as info:
        gt.load(file)
    assert info.value.path == "tree.moves[1].node.infoset"
    assert "information set number 1 of B is labelled 'h' at line 8, 'k' here" in info.value.message


def test_many_missing_profiles_are_summarised(tmp_path):
    # 5 x 5 strategies and a single profile given: 24 profiles are missing; the first
    # 20 are named one by one, then one line says "... and 4 more missing profiles".
    names = [f"s{i}" for i in range(5)]
    text = (f"format: 1\nplayers:\n  - {{name: R, strategies: [{', '.join(names)}]}}\n"
            f"  - {{name: C, strategies: [{', '.join(names)}]}}\n"
            "payoffs:\n  - {profile: [s0, s0], payoffs: [1, 1]}\n")
    file = _write(tmp_path, "missing", text)
    errors = _validate_errors(file)
    assert len(errors) == 21
    assert sum("missing payoffs for profile" in e for e in errors) == 20
    assert errors[-1].endswith("... and 4 more missing profiles")


def test_many_unreachable_nodes_are_summarised(tmp_path):
    # A flat tree whose root is a leaf and 25 other nodes that nothing reaches: 20 are
    # named, then "... and 5 more unreachable nodes".
    nodes = "\n".join(f"    n{i}: {{outcome: {{payoffs: [{i}]}}}}" for i in range(25))
    text = f"format: 1\nplayers: [A]\ntree:\n  root: r\n  nodes:\n    r: {{outcome: {{payoffs: [0]}}}}\n{nodes}\n"
    file = _write(tmp_path, "unreachable", text)
    errors = _validate_errors(file)
    assert len(errors) == 21
    assert sum("is not reachable from the root 'r'" in e for e in errors) == 20
    assert sum(e.endswith("tree.nodes: ... and 5 more unreachable nodes") for e in errors) == 1


def _many_problems(tmp_path, entry):
    """A 600 x 1 game whose 600 payoff entries each carry one problem."""
    rows = "\n".join("  - " + entry.format(i=i) for i in range(600))
    names = ", ".join(f"s{i}" for i in range(600))
    file = _write(tmp_path, "many", f"format: 1\nplayers:\n  - {{name: R, strategies: [{names}]}}\n"
                  f"  - {{name: C, strategies: [s0]}}\npayoffs:\n{rows}\n")
    return file, _validate_errors(file)


def test_too_many_problems_stop_the_reader(tmp_path):
    # 600 entries each with a misspelt key: the reader stops after 500 problems and
    # says so (one more line, for the file), rather than listing all 600.
    file, errors = _many_problems(tmp_path, "{{profile: [s{i}, s0], payoffs: [1, 0], rationle: x}}")
    assert len(errors) == 501
    assert f"error: {file}: stopped after 500 problems" in errors
    assert sum("unknown key 'rationle' (did you mean 'rationale'?)" in e for e in errors) == 500


# Regression: relayed parse errors (bad payoff values) stopped the reader silently.
def test_too_many_bad_values_also_say_the_reader_stopped(tmp_path):
    file, errors = _many_problems(tmp_path, "{{profile: [s{i}, s0], payoffs: [bad, 0]}}")
    assert len(errors) == 501
    assert f"error: {file}: stopped after 500 problems" in errors


def test_byte_order_mark_and_anchored_scalars_are_read(tmp_path):
    # A file saved with a UTF-8 byte order mark reads like one without; an anchored
    # scalar (&s) reused through its alias (*s) is the same strategy label.
    text = ("\ufeff" + "format: 1\nplayers:\n  - {name: Row, strategies: [&s Same, Other]}\n"
            "  - {name: Col, strategies: [*s, Else]}\n" + PAYOFFS_2X2
            .replace("U", "Same").replace("D", "Other").replace("L", "Same").replace("R", "Else")
            .replace("[Same, Same]", "[Same, Same]"))
    file = tmp_path / "bom.yaml"
    file.write_bytes(text.encode("utf-8"))
    g = gt.load(file)
    assert g.players == ("Row", "Col")
    assert g.strategies == (("Same", "Other"), ("Same", "Else"))
    # (Other, Else) pays (2, 2), as written in the last profile.
    assert tuple(g.payoff((1, 1))) == (2, 2)


def test_writer_refuses_unknown_options(tmp_path):
    g = gt.load(_write(tmp_path, "ok", PLAYERS_2X2 + PAYOFFS_2X2))
    with pytest.raises(InvalidGameError) as info:
        gt.save(g, tmp_path / "copy.yaml", precision=3)
    assert "unknown option(s) for YAML files: precision" in str(info.value)
    assert not (tmp_path / "copy.yaml").exists()


def test_outcomes_sharing_a_label_round_trip(tmp_path):
    # Two different outcomes labelled "draw" (Gambit allows it): the writer names them
    # apart and keeps the label, so the tree reads back with the same payoffs and labels.
    tree = ExtensiveFormGame.new_tree(["A", "B"])
    left, right = tree.append_move(0, "A", ["l", "r"])
    tree.set_outcome(left, [1, 0], label="draw")
    tree.set_outcome(right, [0, F(1, 3)], label="draw")
    gt.save(tree, tmp_path / "draw.yaml")
    back = gt.load(tmp_path / "draw.yaml")
    kids = back.root.children
    assert [back.nodes[k].outcome.label for k in kids] == ["draw", "draw"]
    assert [back.nodes[k].outcome.payoffs for k in kids] == [(1, 0), (0, F(1, 3))]


def test_a_parameter_with_one_end_of_its_range_cannot_be_written(tmp_path):
    # The file format has `range: [low, high]`: half a range has no spelling.
    from gametheory import NormalFormGame, Parameter
    base = gt.load(_write(tmp_path, "ok", PLAYERS_2X2 + PAYOFFS_2X2))
    g = NormalFormGame(base.payoffs, base.players, base.strategies, parameters=[Parameter("c", 1, low=0)])
    with pytest.raises(InvalidGameError) as info:
        gt.save(g, tmp_path / "half.yaml")
    assert "parameter 'c' has only one end of its range; the file needs [low, high]" in str(info.value)


def test_a_deep_tree_with_chance_is_written_flat_and_read_back_exactly(tmp_path):
    # Chance first (1/3, 2/3), then a chain of 250 moves of A (deeper than the nested
    # layout allows, so the writer uses the flat one): 'stop' ends with payoff k at
    # step k, 'go' continues; the last 'go' pays 1000.
    tree = ExtensiveFormGame.new_tree(["A"])
    left, right = tree.append_chance(0, ["left", "right"], [F(1, 3), F(2, 3)])
    tree.set_outcome(right, [-1])
    node = left
    for k in range(250):
        stop, go = tree.append_move(node, "A", ["stop", "go"])
        tree.set_outcome(stop, [k])
        node = go
    tree.set_outcome(node, [1000])
    gt.save(tree, tmp_path / "deep.yaml")
    text = (tmp_path / "deep.yaml").read_text(encoding="utf-8")
    assert "nodes:" in text and "root:" in text   # the flat layout
    back = gt.load(tmp_path / "deep.yaml")
    assert back.root.is_chance and back.root.infoset.probabilities == (F(1, 3), F(2, 3))
    assert len(back.nodes) == len(tree.nodes) == 1 + 2 + 2 * 250
    # Walk 'go' to the end: 250 decisions, then the payoff 1000.
    node = back.nodes[back.root.children[0]]
    for _ in range(250):
        node = back.nodes[node.children[1]]
    assert node.outcome.payoffs == (1000,)
