"""Gambit .nfg reading and writing (gametheory.io.nfg)."""
from __future__ import annotations

import tracemalloc
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, strategies as st

import gametheory
from gametheory.exceptions import InvalidGameError, UnsupportedGameError
from gametheory.game.extensive import ExtensiveFormGame
from gametheory.game.normal import NormalFormGame
from gametheory.io.nfg import dumps_nfg, loads_nfg, read_nfg, write_nfg

from conftest import DATA

GAMBIT = DATA / "gambit"
BAD = DATA / "bad"


# ---------------------------------------------------------------------- reading good files
def test_selten_payoff_and_outcome_versions_are_the_same_game():
    # Selten (1975), Figure 2, in its normal form: the example of Gambit's format docs,
    # once in each version of the format.
    a = read_nfg(GAMBIT / "selten_payoff.nfg")
    b = read_nfg(GAMBIT / "selten_outcome.nfg")
    assert a == b
    assert a.players == ("Player 1", "Player 2")
    assert a.strategies == (("1", "2", "3"), ("1", "2"))
    expected_row = [[1, 1], [0, 0], [0, 2]]
    expected_col = [[1, 1], [2, 3], [2, 0]]
    assert np.array_equal(a.payoffs[0], np.array(expected_row, dtype=object))
    assert np.array_equal(a.payoffs[1], np.array(expected_col, dtype=object))
    assert a.title == "Selten (IJGT 1975), Figure 2, normal form"
    assert a.kind == "exact"


def test_numbers_are_read_exactly():
    g = read_nfg(GAMBIT / "numbers.nfg")
    # flat order: first player's strategy fastest
    assert g.payoff((0, 0)) == (F(1), F(2))
    assert g.payoff((1, 0)) == (F(-3), F(1, 2))
    assert g.payoff((0, 1)) == (F(5, 2), F(1, 3))
    assert g.payoff((1, 1)) == (F(-7, 4), F(1, 1000))
    assert all(type(v) is F for v in g.payoffs.flat)
    assert g.description == "integers, signs, decimals, exponents and rationals"


def test_legacy_d_data_type_is_read_exactly():
    g = read_nfg(GAMBIT / "legacy_d.nfg")
    assert g.shape == (2, 1)
    assert g.payoff((0, 0)) == (F(1, 10), F(1, 5))
    assert g.payoff((1, 0)) == (F(3, 10), F(-2, 5))


def test_utf8_labels_and_byte_order_mark():
    g = read_nfg(GAMBIT / "utf8_bom.nfg")
    assert g.players == ("Москва", "Душанбе")
    assert g.strategies[1] == ("уступить", "сопротивляться")
    assert g.title == "Сдерживание — Душанбе"
    assert g.payoff(("давить", "сопротивляться")) == (F(-1, 2), F(1, 4))
    assert g.payoff(("терпеть", "сопротивляться")) == (F(0), F(0))  # outcome 0
    # the same text without the BOM, given as a string, is the same game
    text = (GAMBIT / "utf8_bom.nfg").read_text(encoding="utf-8-sig")
    assert loads_nfg(text) == g
    assert loads_nfg("\ufeff" + text) == g


def test_gametheory_load_dispatches_on_extension(tmp_path):
    g = gametheory.load(GAMBIT / "selten_payoff.nfg")
    assert isinstance(g, NormalFormGame)
    out = tmp_path / "copy.nfg"
    gametheory.save(g, out)
    assert gametheory.load(out) == g


def test_empty_labels_get_positions():
    g = loads_nfg('NFG 1 R "" { "" "B" } { { "" "x" } { "1" } } { { "" 1 2 } } 1 1')
    assert g.players == ("Player 1", "B")
    assert g.strategies == (("1", "x"), ("1",))


def test_commas_between_outcome_payoffs_are_optional():
    a = loads_nfg('NFG 1 R "t" { "A" "B" } { { "u" } { "l" } } { { "o" 1, 2 } } 1')
    b = loads_nfg('NFG 1 R "t" { "A" "B" } { { "u" } { "l" } } { { "o" 1 2 } } 1')
    assert a == b and a.payoff((0, 0)) == (1, 2)


# ---------------------------------------------------------------------- bad files
BAD_FILES = [
    ("empty.nfg", "the file is empty", None),
    ("truncated_payoffs.nfg", "the file ends after 7 payoffs; expected 8", 6),
    ("truncated_header.nfg", "expected a quoted player label or '}', found the end of the file", 2),
    ("too_many_payoffs.nfg", "too many payoffs: 9 given, expected 8", 4),
    ("non_numeric_payoff.nfg", "found 'zero'", 3),
    ("nan_payoff.nfg", "found 'nan': payoffs and probabilities must be finite", 4),
    ("inf_payoff.nfg", "found '-inf': payoffs and probabilities must be finite", 2),
    ("fractional_strategy_count.nfg",
     "number of strategies of player 'Row' (a whole number), found '2.5'", 2),
    ("huge_header.nfg", "declares a 100000x100000 table", 1),
    ("duplicate_player.nfg", "duplicate player label 'Anna'", 1),
    ("unknown_outcome.nfg", "unknown outcome number 5 at profile 4", 9),
    ("outcome_payoff_count.nfg", "outcome 2 has 1 payoff, expected 2", 6),
    ("wrong_version.nfg", "unsupported NFG version '2': expected 'NFG 1 R'", 1),
    ("wrong_data_type.nfg", "expected the data type 'R'", 1),
    ("not_nfg.nfg", "expected the file type 'NFG'", 1),
    ("missing_title.nfg", "expected the game title", 2),
    ("missing_counts.nfg", "1 strategy counts for 2 players", 2),
    ("missing_payoffs.nfg", "the file ends before the payoffs", 2),
    ("unterminated_string.nfg", "unterminated string", 1),
    ("data_after_table.nfg", "unexpected data after the complete payoff table", 3),
    ("zero_strategies.nfg", "of at least 1, found 0", 1),
    ("division_by_zero.nfg", "division by zero in the number '1/0'", 3),
]


@pytest.mark.parametrize("name, fragment, line", BAD_FILES)
def test_bad_file(name, fragment, line):
    path = BAD / name
    with pytest.raises(InvalidGameError) as info:
        read_nfg(path)
    err = info.value
    assert fragment in err.message
    assert err.line == line
    assert err.file == str(path)
    assert str(path) in str(err)


def test_every_bad_nfg_file_is_in_the_table():
    assert {p.name for p in BAD.glob("*.nfg")} == {name for name, _, _ in BAD_FILES}


def test_huge_header_is_refused_fast_without_allocating():
    text = (BAD / "huge_header.nfg").read_text()
    tracemalloc.start()
    with pytest.raises(InvalidGameError, match="100000x100000"):
        loads_nfg(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5_000_000  # bytes: nothing of the declared 10^10 cells was allocated


def test_large_header_over_large_data_reports_where_data_ends():
    # 400 x 400 declared, data for a few profiles: refused before the table is built.
    text = 'NFG 1 R "t" { "A" "B" } { 400 400 }\n' + "1 2 " * 1000
    with pytest.raises(InvalidGameError, match="declares a 400x400 table"):
        loads_nfg(text)


# ---------------------------------------------------------------------- writing
def test_payoff_version_for_default_labels_outcome_version_otherwise():
    g = NormalFormGame.from_arrays(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]))
    text = dumps_nfg(g)
    assert text.splitlines()[1] == "{ 2 2 }"
    assert loads_nfg(text) == g
    pd = NormalFormGame.from_arrays(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]),
                                    players=["Row", "Column"],
                                    strategies=[["cooperate", "defect"], ["cooperate", "defect"]])
    text = dumps_nfg(pd)
    assert '{ "cooperate" "defect" }' in text
    assert loads_nfg(text) == pd
    # forcing the payoff version loses the labels but keeps the payoffs
    plain = loads_nfg(dumps_nfg(pd, version="payoff"))
    assert plain.strategies == (("1", "2"), ("1", "2"))
    assert np.array_equal(plain.payoffs, pd.payoffs)
    assert loads_nfg(dumps_nfg(g, version="outcome")) == g
    with pytest.raises(ValueError):
        dumps_nfg(g, version="other")


def test_equal_payoff_vectors_share_an_outcome():
    g = NormalFormGame.from_arrays(np.zeros((3, 3), dtype=int), np.ones((3, 3), dtype=int),
                                   strategies=[list("abc"), list("xyz")])
    text = dumps_nfg(g)
    assert text.count('{ "" ') == 1
    assert loads_nfg(text) == g


def test_float_game_reads_back_equal(tmp_path):
    A = np.array([[0.1, -2.5e-7], [1e20, 1 / 3]])
    g = NormalFormGame.from_arrays(A, -A)
    path = write_nfg(g, tmp_path / "floats.nfg")
    back = read_nfg(path)
    assert back == g
    assert back.payoff((0, 0))[0] == F(1, 10)


def test_symbolic_game_is_unsupported():
    import sympy
    p = sympy.Symbol("p", real=True)
    g = NormalFormGame.from_arrays([[p, 0], [0, 1]], [[1, 0], [0, p]],
                                   parameters={"p": F(2)})
    with pytest.raises(UnsupportedGameError, match="substitute"):
        dumps_nfg(g)
    assert loads_nfg(dumps_nfg(g.substitute())) == g.substitute()


def test_tree_is_written_as_its_reduced_normal_form():
    tree = ExtensiveFormGame.new_tree(["A", "B"])
    a_kids = tree.append_move(0, "A", ["in", "out"])
    b_kids = tree.append_move(a_kids[0], "B", ["fight", "share"])
    tree.set_outcome(a_kids[1], [0, 2])
    tree.set_outcome(b_kids[0], [-1, -1])
    tree.set_outcome(b_kids[1], [1, 1])
    g = loads_nfg(dumps_nfg(tree))
    assert g == tree.to_normal_form()
    assert g.strategies == (("in", "out"), ("fight", "share"))


def test_labels_with_quotes_backslashes_and_newlines_round_trip():
    g = NormalFormGame.from_arrays(np.array([[1, 2]]), np.array([[3, 4]]),
                                   players=['say "hi"', "back\\slash"],
                                   strategies=[['\\"'], ["a\nb", 'end\\']],
                                   title='T "x" \\', description='two\nlines "q"')
    back = loads_nfg(dumps_nfg(g))
    assert back == g
    assert back.title == g.title and back.description == g.description


# ---------------------------------------------------------------------- properties
labels = st.text(min_size=1, max_size=6).filter(lambda s: s.strip() != "")


@st.composite
def exact_games(draw):
    n = draw(st.integers(2, 4))
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    size = n * int(np.prod(shape))
    values = draw(st.lists(st.fractions(min_value=-10**6, max_value=10**6, max_denominator=10**4),
                           min_size=size, max_size=size))
    arr = np.empty(size, dtype=object)
    arr[:] = values
    players = draw(st.lists(labels, min_size=n, max_size=n, unique=True))
    strategies = [draw(st.lists(labels, min_size=m, max_size=m, unique=True)) for m in shape]
    title = draw(st.text(max_size=10))
    return NormalFormGame(arr.reshape((n,) + shape), players, strategies, title=title)


@given(exact_games())
def test_round_trip_is_exact(game):
    text = dumps_nfg(game)
    back = loads_nfg(text)
    assert back == game
    assert back.title == game.title
    assert back.kind == "exact"
    # and once more through the payoff version (labels become positions)
    plain = loads_nfg(dumps_nfg(game, version="payoff"))
    assert np.array_equal(plain.payoffs, game.payoffs)


# ---------------------------------------------------------------------- speed
def test_900_by_900_reads_and_writes():
    # Gambit's reader is quadratic on such a file; ours is linear (timed in
    # benchmarks/, not here): the whole table is read and written back.
    rng = np.random.default_rng(7)
    m = 900
    A = rng.integers(-99, 100, size=(2, m, m))
    flat = A.transpose(0, 2, 1).reshape(2, -1).T.ravel()  # first player fastest
    text = f'NFG 1 R "big" {{ "A" "B" }} {{ {m} {m} }}\n' + " ".join(map(str, flat.tolist()))
    g = loads_nfg(text)
    out = dumps_nfg(g)
    assert g.shape == (m, m)
    assert np.array_equal(g.payoffs, A.astype(object))
    assert out.split("\n", 3)[3].split() == text.split("\n", 1)[1].split()


def test_reference_page_examples_run(monkeypatch):
    """The `>>>` examples of docs/reference/gambit-formats.md (run from the repository root)."""
    import doctest

    from conftest import ROOT
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(ROOT / "docs" / "reference" / "gambit-formats.md"),
                              module_relative=False, verbose=False)
    assert result.attempted >= 5
    assert result.failed == 0


def test_string_escapes_follow_gambit():
    # \" is a quote and \\ a backslash (what Gambit's writer produces); any other
    # backslash stays, as Gambit's reader keeps it.
    g = loads_nfg(r'NFG 1 R "t" { "a\"b" "c\\d" "e\f" } { 1 1 1 } 0 0 0')
    assert g.players == ('a"b', "c\\d", "e\\f")
    from gametheory.io.gambit_lexer import format_number, quote
    assert quote('a"b\\') == r'"a\"b\\"'
    assert [format_number(v) for v in (F(3), F(-1, 3), 0.1, 2.0, 1e-05)] == \
        ["3", "-1/3", "0.1", "2", "1e-05"]


def test_numbers_with_absurd_exponents_are_refused():
    with pytest.raises(InvalidGameError, match="exponent 999999 .* over the limit digits") as info:
        loads_nfg('NFG 1 R "t" { "A" } { 1 }\n1e999999')
    assert info.value.line == 2
    assert loads_nfg('NFG 1 R "t" { "A" } { 1 } 1e300').payoff((0,)) == (F(10) ** 300,)


# Fuzzing: whatever the text, the reader returns a game or raises InvalidGameError
# (never another exception, which the CLI would show as a traceback).
_PIECES = ["NFG", "1", "R", "D", '"a"', '"b"', '""', "{", "}", ",", "2", "0", "-1", "1/3",
           "2.5", "1/0", "nan", "x", '"', "\\", "\n", "3", "\ufeff", "1e5", "٣", "\u00a0"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.booleans())
def test_any_text_reads_or_raises_invalid_game_error(pieces, with_header):
    text = ('NFG 1 R "t" { "A" "B" } ' if with_header else "") + " ".join(pieces)
    try:
        game = loads_nfg(text)
    except InvalidGameError as exc:
        assert exc.line is not None and exc.line >= 1
    else:
        assert isinstance(game, NormalFormGame)
        assert loads_nfg(dumps_nfg(game)) == game


@given(st.sampled_from(["selten_outcome.nfg", "selten_payoff.nfg", "utf8_bom.nfg",
                        "numbers.nfg"]), st.data())
def test_mutated_files_read_or_raise_invalid_game_error(name, data):
    text = (GAMBIT / name).read_text(encoding="utf-8-sig")
    for _ in range(data.draw(st.integers(1, 3))):
        k = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        text = text[:k] + data.draw(st.sampled_from(_PIECES + [""])) + text[k + cut:]
    try:
        game = loads_nfg(text)
    except InvalidGameError as exc:
        assert exc.line is not None and 1 <= exc.line <= text.count("\n") + 1
    else:
        assert loads_nfg(dumps_nfg(game)) == game


def test_numbers_longer_than_pythons_str_limit_round_trip():
    # Exact arithmetic makes big rationals; Python refuses int <-> str beyond 4300 digits.
    from gametheory.io.gambit_lexer import int_text
    big = 7 ** 9000
    digits = int_text(big)
    assert len(digits) > 7000
    text = f'NFG 1 R "t" {{ "A" }} {{ 2 }} {digits} -{digits}.5e-3'
    with pytest.raises(InvalidGameError, match="over the limit digits=2,000"):
        loads_nfg(text)  # the default budget refuses them ...
    from gametheory.limits import using
    with using(digits=20_000):  # ... a raised one reads them
        g = loads_nfg(text)
        assert g.payoff((0,)) == (F(big),)
        assert g.payoff((1,)) == (-F(2 * big + 1, 2000),)
        h = NormalFormGame(np.array([[F(big, 3), F(-1, big)]], dtype=object))
        assert loads_nfg(dumps_nfg(h)) == h


def test_strategy_counts_with_an_outcome_body_are_accepted_like_gambit():
    g = loads_nfg('NFG 1 R "t" { "A" "B" } { 2 1 } { { "x" 1 2 } { "y" 3 4 } } 2 0')
    assert g.strategies == (("1", "2"), ("1",))
    assert g.payoff((0, 0)) == (3, 4) and g.payoff((1, 0)) == (0, 0)


# Repeated strategy labels (issue #16): Gambit reads them, so do we; by position.
UPSTREAM = GAMBIT / "upstream"  # copied from github.com/gambitproject/gambit (see README there)


def test_repeated_strategy_labels_are_kept_with_one_warning():
    from gametheory.exceptions import DuplicateLabelWarning, LabelError
    for path in (GAMBIT / "repeated_strategy.nfg", UPSTREAM / "2x2_bimatrix_all_zero_payoffs.nfg"):
        with pytest.warns(DuplicateLabelWarning, match="refer to them by position") as record:
            g = read_nfg(path)
        assert len(record) == 1
    # Gambit's file: Dan's two strategies are both 'defect'; all payoffs are 0.
    assert g.strategies == (("cooperate", "defect"), ("defect", "defect"))
    assert all(v == 0 for v in g.payoffs.flat)
    assert g.strategy("Dan", 1) == 1 and g.strategy("Joe", "defect") == 1
    with pytest.raises(LabelError, match="'defect' is ambiguous .*positions 1, 2"):
        g.strategy("Dan", "defect")
    with pytest.raises(KeyError):  # LabelError is a KeyError too
        g.payoff(["cooperate", "defect"])
    assert g.payoff([0, 1]) == (0, 0)
    # Written back, read again: equal (the outcome version keeps the labels).
    with pytest.warns(DuplicateLabelWarning):
        assert loads_nfg(dumps_nfg(g)) == g
    # The native format stays strict: the writer renames as Gambit does, with a warning.
    from gametheory.io.yaml_format import dumps, loads
    with pytest.warns(DuplicateLabelWarning, match="written as"):
        y = loads(dumps(g))
    assert y.strategies[1] == ("defect_1", "defect_2")


def test_repeated_player_labels_stay_an_error():
    with pytest.raises(InvalidGameError, match="duplicate player label 'Anna'"):
        read_nfg(BAD / "duplicate_player.nfg")
