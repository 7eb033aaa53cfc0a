"""Gambit .efg reading and writing (gametheory.io.efg)."""
from __future__ import annotations

import sys
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, strategies as st

import gametheory
from gametheory.exceptions import InvalidGameError, UnsupportedGameError
from gametheory.game.extensive import CHANCE, ExtensiveFormGame
from gametheory.game.normal import NormalFormGame
from gametheory.io.efg import dumps_efg, loads_efg, normal_form_tree, read_efg, write_efg

from conftest import DATA

GAMBIT = DATA / "gambit"
BAD = DATA / "bad"


def leaf_payoffs(game):
    """{tuple of action labels from the root: (probability, payoffs)}."""
    out = {}
    for k, prob, pay, _ in game.leaf_data():
        path = tuple(parent.actions[j] for parent, j in game.path(k))
        out[path] = (prob, pay)
    return out


# ---------------------------------------------------------------------- reading good files
def test_outcomes_on_inner_nodes_add_up_along_the_path():
    g = read_efg(GAMBIT / "stages.efg")
    assert g.players == ("A", "B")
    root = g.root
    assert root.is_chance and root.label == "nature"
    assert root.infoset.probabilities == (F(1, 4), F(3, 4))  # "0.25" is read exactly
    assert root.outcome.payoffs == (F(-1), F(0))
    leaves = leaf_payoffs(g)
    # entry fee (-1, 0) + stage one (2, 1/2) + fight (-2, -2)
    assert leaves[("high", "in", "fight")] == (F(1, 4), (F(-1), F(-3, 2)))
    assert leaves[("low", "in", "share")] == (F(3, 4), (F(2), F(3, 2)))
    assert leaves[("high", "out")] == (F(1, 4), (F(1), F(1, 2)))
    # both A nodes are one information set; outcome 2 is shared, not copied
    a_nodes = [n for n in g.nodes if n.player == 0]
    assert len(a_nodes) == 2 and a_nodes[0].infoset is a_nodes[1].infoset
    assert a_nodes[0].outcome is a_nodes[1].outcome
    assert g.description.startswith("Outcomes at non-terminal nodes")


def test_information_set_numbers_keep_the_files_order():
    g = read_efg(GAMBIT / "sparse_numbers.efg")
    # file numbers 7 ("first") and 3 ("second"): ours are 2 and 1
    assert [(h.number, h.label) for h in g.infosets[0]] == [(1, "second"), (2, "first")]
    assert g.root.infoset.label == "first" and g.root.infoset.number == 2
    # chance set 5 used twice: each chance node gets its own copy
    chance = [n for n in g.nodes if n.is_chance]
    assert len(chance) == 2 and chance[0].infoset is not chance[1].infoset
    assert chance[0].infoset.probabilities == chance[1].infoset.probabilities == (F(1, 2), F(1, 2))
    assert sorted(h.number for h in g.chance_infosets) == [1, 2]
    # outcome 9 ("w") is shared by three leaves
    w = [n for n in g.nodes if n.outcome is not None and n.outcome.label == "w"]
    assert len(w) == 3 and len({id(n.outcome) for n in w}) == 1
    back = loads_efg(dumps_efg(g))
    assert back == g
    assert [(h.number, h.label) for h in back.infosets[0]] == [(1, "second"), (2, "first")]


def test_duplicate_chance_labels_are_renamed_like_gambit_and_empty_labels_numbered():
    g = read_efg(GAMBIT / "chance_labels.efg")
    assert g.root.actions == ("1/3_1", "1/3_2", "1/3_3")
    player_node = next(n for n in g.nodes if n.player == 0)
    assert player_node.actions == ("1", "2")


def test_escaped_quotes_and_multiline_comment():
    g = read_efg(GAMBIT / "escaped.efg")
    assert g.title == 'The "quoted" game'
    assert g.players == ('Ann "A"', "Bob")
    assert g.root.label == 'root "node"'
    assert g.root.infoset.label == 'Ann\'s "choice"'
    assert g.root.actions == ('say "yes"', 'say "no"')
    assert g.description == ('A comment with "quotes",\ntwo lines and a backslash \\ kept as it is')
    assert g.nodes[g.root.children[0]].outcome.label == 'agree "deal"'
    assert loads_efg(dumps_efg(g)) == g


def test_utf8_labels_and_byte_order_mark(tmp_path):
    g = read_efg(GAMBIT / "utf8_bom.efg")
    assert g.players == ("Proposant", "Répondant")
    assert g.root.actions == ("équitable", "inéquitable")
    assert g.infosets[1][1].label == "réponse à l’offre inéquitable"
    out = write_efg(g, tmp_path / "copy.efg")
    assert read_efg(out) == g
    assert gametheory.load(out) == g


def test_commas_and_comment_are_optional():
    a = loads_efg('EFG 2 R "t" { "A" "B" } p "" 1 1 "" { "x" "y" } 0 t "" 1 "o" { 1 2 } t "" 0')
    b = loads_efg('EFG 2 R "t" { "A" "B" } "" p "" 1 1 "" { "x" "y" } 0 '
                  't "" 1 "o" { 1, 2 } t "" 0')
    assert a == b
    assert a.nodes[a.root.children[0]].outcome.payoffs == (1, 2)


def test_repeated_descriptions_must_match_and_may_be_omitted():
    text = ('EFG 2 R "t" { "A" "B" }\np "" 1 1 "" { "x" "y" } 0\n'
            'p "" 2 1 "s" { "l" "r" } 1 "o" { 1, 1 }\nt "" 0\nt "" 0\n'
            'p "" 2 1 "s" { "l" "r" } 1 "o" { 1, 1 }\nt "" 0\nt "" 1\n')
    g = loads_efg(text)
    b_nodes = [n for n in g.nodes if n.player == 1]
    assert b_nodes[0].infoset is b_nodes[1].infoset
    with pytest.raises(InvalidGameError, match="was named 's', here 'z'") as info:
        loads_efg(text.replace('1 "s" { "l" "r" } 1 "o" { 1, 1 }\nt "" 0\nt "" 1',
                               '1 "z" { "l" "r" } 1 "o" { 1, 1 }\nt "" 0\nt "" 1'))
    assert info.value.line == 6


# ---------------------------------------------------------------------- bad files
BAD_FILES = [
    ("empty.efg", "the file is empty", None),
    ("truncated_tree.efg", "the file ends before the tree is complete: 1 more node", 4),
    ("data_after_tree.efg", "data after the complete tree", 6),
    ("wrong_payoff_count.efg", "outcome 1 has 1 payoff, expected 2", 4),
    ("non_numeric_payoff.efg", "found 'two'", 4),
    ("nan_payoff.efg", "found 'NaN': payoffs and probabilities must be finite", 5),
    ("probabilities_sum.efg", "probabilities add up to 9/10, expected 1", 3),
    ("negative_probability.efg", "negative probability -1/2", 3),
    ("unknown_outcome.efg", "unknown outcome number 3", 5),
    ("infoset_action_count.efg", "information set 1 of 'Bob' was declared with 2 actions", 7),
    ("infoset_other_player.efg", "'Bob' has no information set 1 yet (information set numbers "
                                 "are per player)", 4),
    ("infoset_undefined.efg", "'Alice' has no information set 4 yet", 3),
    ("wrong_version.efg", "unsupported EFG version '3': expected 'EFG 2 R'", 1),
    ("missing_players.efg", "expected '{' opening the list of players", 2),
    ("missing_title.efg", "expected the game title", 1),
    ("unterminated_string.efg", "unterminated string", 5),
    ("duplicate_player.efg", "duplicate player label 'Alice'", 1),
    ("outcome_zero_named.efg", "outcome 0 means 'no outcome'", 3),
    ("bad_node_type.efg", "expected a node type 'c' (chance), 'p' (player) or 't' (terminal)", 4),
    ("player_out_of_range.efg", "player number 3 is out of range: the game has 2 players", 3),
    ("outcome_redefined.efg", "outcome 1 was defined as 'x' ['1', '2'], here as 'x' ['1', '3']", 5),
    ("chance_redefined.efg", "chance information set 1 was declared as", 7),
    ("player_count_fraction.efg", "(a whole number), found '1.5'", 3),
    ("not_efg.efg", "expected the file type 'EFG'", 1),
    ("no_actions.efg", "a move needs at least one action", 3),
]


@pytest.mark.parametrize("name, fragment, line", BAD_FILES)
def test_bad_file(name, fragment, line):
    path = BAD / name
    with pytest.raises(InvalidGameError) as info:
        read_efg(path)
    err = info.value
    assert fragment in err.message
    assert err.line == line
    assert err.file == str(path)


def test_every_bad_efg_file_is_in_the_table():
    assert {p.name for p in BAD.glob("*.efg")} == {name for name, _, _ in BAD_FILES}


# ---------------------------------------------------------------------- writing
def test_symbolic_tree_is_unsupported_until_substituted():
    import sympy
    c = sympy.Symbol("c", real=True)
    g = ExtensiveFormGame.new_tree(["A", "B"], parameters={"c": F(1, 2)})
    kids = g.append_move(0, "A", ["go", "stop"])
    g.set_outcome(kids[0], [c, -c])
    g.set_outcome(kids[1], [0, 0])
    with pytest.raises(UnsupportedGameError, match="substitute"):
        dumps_efg(g)
    back = loads_efg(dumps_efg(g.substitute()))
    assert back == g.substitute()
    assert back.nodes[back.root.children[0]].outcome.payoffs == (F(1, 2), F(-1, 2))


def test_float_payoffs_read_back_equal():
    g = ExtensiveFormGame.new_tree(["A"])
    kids = g.append_move(0, "A", ["x", "y"])
    g.set_outcome(kids[0], [0.1])
    g.set_outcome(kids[1], [-2.5e-12])
    back = loads_efg(dumps_efg(g))
    assert back.nodes[back.root.children[0]].outcome.payoffs == (F(1, 10),)
    assert back == g


def test_normal_form_game_is_written_as_simultaneous_moves():
    # A 2x3x2 game: the tree's reduced normal form is the game itself.
    rng = np.random.default_rng(3)
    pay = rng.integers(-5, 6, size=(3, 2, 3, 2))
    game = NormalFormGame(pay, ["A", "B", "C"], [["u", "d"], ["l", "m", "r"], ["e", "w"]])
    tree = loads_efg(dumps_efg(game))
    assert tree.is_perfect_information is False
    assert [len(s) for s in tree.infosets] == [1, 1, 1]
    assert tree.to_normal_form() == game
    assert normal_form_tree(game) == tree


def test_node_labels_infoset_labels_and_outcome_labels_survive(tmp_path):
    g = ExtensiveFormGame.new_tree(["Moscow", "Dushanbe"], title="t", description="d\nline 2")
    kids = g.append_move(0, "Moscow", ["press", "wait"], label="start")
    g.nodes[0].infoset.label = "first move"
    h = None
    for k in kids:
        sub = g.append_move(k, "Dushanbe", None if h else ["yield", "resist"], infoset=h)
        h = k.infoset
        g.set_outcome(sub[0], [1, -1], label="yielded")
        g.set_outcome(sub[1], [F(-1, 3), F(2, 7)], label="resisted")
    h.label = "blind"
    path = write_efg(g, tmp_path / "g.efg")
    back = read_efg(path)
    assert back == g
    assert back.title == "t" and back.description == "d\nline 2"
    assert back.infosets[1][0].label == "blind" and len(back.infosets[1][0].members) == 2


# ---------------------------------------------------------------------- deep trees
def deep_text(depth: int) -> str:
    lines = ['EFG 2 R "deep" { "A" "B" }', '""']
    for d in range(depth):
        lines.append(f'p "" {d % 2 + 1} {d // 2 + 1} "" {{ "stop" "go" }} 0')
        lines.append(f't "" {d + 1} "" {{ {d}, {-d} }}')
    lines.append('t "" 0')
    return "\n".join(lines)


def test_20000_level_tree_reads_writes_and_walks():
    # Gambit crashes on trees ~15,000 levels deep; every walk here is iterative
    # (deeper than the recursion limit); the sizes show the whole tree was read.
    depth = 20_000
    assert sys.getrecursionlimit() < depth
    g = loads_efg(deep_text(depth))
    assert g.depth == depth
    text = dumps_efg(g)
    back = loads_efg(text)
    assert back == g
    leaves = [n for n in back.preorder() if n.is_terminal]
    assert len(leaves) == depth + 1
    assert leaves[-1].depth == depth and leaves[-1].outcome is None
    assert leaves[123].outcome.payoffs == (F(123), F(-123))
    assert len(back.nodes) == 2 * depth + 1


# ---------------------------------------------------------------------- properties
labels = st.text(min_size=1, max_size=5).filter(lambda s: s.strip() != "")


def tree_strategy(labels, node_labels=("", "n", 'q"\\'), unique_set_labels=False,
                  texts=st.text(max_size=10)):
    """Random trees over the given label strategy (shared with the pygambit tests).

    With ``unique_set_labels`` information sets and nodes are unnamed or uniquely
    named (pygambit 16.7 refuses two sets of one player, or two nodes, with the
    same name)."""
    return _trees(labels, node_labels, unique_set_labels, texts)


@st.composite
def _trees(draw, labels, node_labels, unique_set_labels, texts):
    def set_label(prefix):
        if unique_set_labels:
            return draw(st.sampled_from(["", f"{prefix} {len(g.nodes)}"]))
        return draw(st.text(max_size=4))

    n = draw(st.integers(1, 3))
    players = draw(st.lists(labels, min_size=n, max_size=n, unique=True))
    g = ExtensiveFormGame(players, title=draw(texts), description=draw(texts))
    frontier = [0]
    for _ in range(draw(st.integers(0, 10))):
        if not frontier:
            break
        k = frontier.pop(draw(st.integers(0, len(frontier) - 1)))
        if draw(st.booleans()):
            m = draw(st.integers(1, 3))
            weights = draw(st.lists(st.integers(0, 4), min_size=m, max_size=m).filter(any))
            acts = draw(st.lists(labels, min_size=m, max_size=m, unique=True))
            kids = g.append_chance(k, acts, [F(w, sum(weights)) for w in weights],
                                   infoset_label=set_label("chance"))
        else:
            i = draw(st.integers(0, n - 1))
            if g.infosets[i] and draw(st.booleans()):
                kids = g.append_move(k, i, infoset=draw(st.sampled_from(g.infosets[i])))
            else:
                acts = draw(st.lists(labels, min_size=1, max_size=3, unique=True))
                kids = g.append_move(k, i, acts)
                g.nodes[k].infoset.label = set_label("set")
        frontier.extend(c.index for c in kids)
    payoff = st.fractions(min_value=-1000, max_value=1000, max_denominator=50)
    for node in g.nodes:
        if unique_set_labels:
            node.label = draw(st.sampled_from(["", f'node "{node.index}"']))
        else:
            node.label = draw(st.sampled_from(node_labels))
        choice = draw(st.integers(0, 3))
        if choice == 1 or (choice == 2 and not g.outcomes):
            g.set_outcome(node, draw(st.lists(payoff, min_size=n, max_size=n)),
                          label=draw(texts))
        elif choice == 2:
            g.set_outcome(node, draw(st.sampled_from(g.outcomes)))
    return g


random_trees = tree_strategy(labels)


@given(random_trees)
def test_round_trip_is_exact(game):
    back = loads_efg(dumps_efg(game))
    assert back == game
    assert (back.title, back.description) == (game.title, game.description)
    numbers = [[h.number for h in s] for s in game.infosets]
    assert [[h.number for h in s] for s in back.infosets] == numbers
    # the same plays with the same probabilities and payoffs
    assert leaf_payoffs(back) == leaf_payoffs(game)
    assert all(n.player in (None, CHANCE) or 0 <= n.player < game.n_players for n in back.nodes)


_PIECES = ["EFG", "2", "R", '"a"', '""', "{", "}", ",", "p", "c", "t", "0", "1", "2", "3",
           "1/2", "-1", "2.5", "nan", '"', "\\", "\n", "x", "\u00a0"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.booleans())
def test_any_text_reads_or_raises_invalid_game_error(pieces, with_header):
    """Whatever the text: a game or an InvalidGameError with a line, nothing else."""
    text = ('EFG 2 R "t" { "A" "B" } ' if with_header else "") + " ".join(pieces)
    try:
        game = loads_efg(text)
    except InvalidGameError as exc:
        assert exc.line is not None and exc.line >= 1
    else:
        assert isinstance(game, ExtensiveFormGame)
        assert loads_efg(dumps_efg(game)) == game


@given(st.sampled_from(["stages.efg", "sparse_numbers.efg", "escaped.efg", "chance_labels.efg"]),
       st.data())
def test_mutated_files_read_or_raise_invalid_game_error(name, data):
    text = (GAMBIT / name).read_text(encoding="utf-8-sig")
    for _ in range(data.draw(st.integers(1, 3))):
        k = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        text = text[:k] + data.draw(st.sampled_from(_PIECES + [""])) + text[k + cut:]
    try:
        game = loads_efg(text)
    except InvalidGameError as exc:
        assert exc.line is not None and 1 <= exc.line <= text.count("\n") + 1
    else:
        assert loads_efg(dumps_efg(game)) == game


def test_cli_convert_writes_gambit_files_at_parameter_values(tmp_path):
    from click.testing import CliRunner

    from conftest import ROOT
    from gametheory.cli import main

    source = ROOT / "games" / "tajikistan" / "crisis-tree.yaml"
    model = gametheory.load(source)
    assert model.is_symbolic and "massacre_prob" in model.parameters
    runner = CliRunner()
    out = tmp_path / "crisis.efg"
    result = runner.invoke(main, ["convert", str(source), str(out),
                                  "--param", "massacre_prob=1/5"])
    assert result.exit_code == 0, result.output
    assert read_efg(out) == model.substitute(massacre_prob=F(1, 5))
    # a tree to .nfg is its reduced strategic form
    nfg = tmp_path / "crisis.nfg"
    result = runner.invoke(main, ["convert", str(out), str(nfg)])
    assert result.exit_code == 0, result.output
    assert gametheory.load(nfg) == read_efg(out).to_normal_form()
    # a malformed Gambit file: one line on stderr, exit status 2
    result = runner.invoke(main, ["convert", str(BAD / "truncated_tree.efg"),
                                  str(tmp_path / "x.nfg")])
    assert result.exit_code == 2
    assert "truncated_tree.efg:4: the file ends before the tree is complete" in result.output


UPSTREAM = GAMBIT / "upstream"  # copied from github.com/gambitproject/gambit (see README there)


@pytest.mark.parametrize("name, repeats", [
    ("subgame_roots_finder_overplapping_infosets_with_Nature.efg", 26),  # see below
    ("subgame_roots_finder_small_subgames_and_overplapping_infosets.efg", 4),
])
def test_gambit_files_with_repeated_action_labels_are_read(name, repeats):
    from gametheory.exceptions import DuplicateLabelWarning
    with pytest.warns(DuplicateLabelWarning, match=f"and {repeats - 1} more") as record:
        g = read_efg(UPSTREAM / name)
    assert len(record) == 1  # one warning per file
    # The warning counts each repeat where a move is declared (by hand, in the files:
    # 22 declarations { "1" "1" } and one { "1" "1" "1" "1" "1" } give 22 + 4 = 26;
    # the other file declares { "1" "1" } 4 times).
    assert any(len(set(h.actions)) < len(h.actions) for h in g.all_infosets())
    with pytest.warns(DuplicateLabelWarning):
        assert loads_efg(dumps_efg(g)) == g
    nf = g.to_normal_form()  # its strategy labels may repeat too: refer by position
    import math
    expected = [len(g.reduced_strategies(i)) if g.has_perfect_recall else
                math.prod(len(h.actions) for h in g.infosets[i]) for i in range(2)]
    assert list(nf.shape) == expected


def test_repeated_action_labels_are_kept():
    from gametheory.exceptions import DuplicateLabelWarning
    with pytest.warns(DuplicateLabelWarning, match="action 'L' of 'Alice'"):
        g = read_efg(GAMBIT / "repeated_action.efg")
    assert g.root.infoset.actions == ("L", "L") and len(g.root.children) == 2


def test_efg_to_yaml_keeps_information_set_labels_that_repeat():
    # Gambit's coord2ts.efg: player 1's two sets are both labelled "(1,1)".
    from gametheory.io.yaml_format import dumps, loads
    g = read_efg(UPSTREAM / "coord2ts.efg")
    assert [h.label for h in g.infosets[0]] == ["(1,1)", "(1,1)"]
    text = dumps(g)
    assert 'infoset: {number: 2, label: "(1,1)"}' in text
    again = loads(text)
    assert again == g
    assert [[h.label for h in s] for s in again.infosets] == [["(1,1)", "(1,1)"], ["(2,1)", "(2,1)"]]
