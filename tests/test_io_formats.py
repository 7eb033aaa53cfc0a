"""gametheory.io's format table: register_format, and load/save through it."""
from fractions import Fraction

import pytest

import gametheory as gt
from gametheory import io as gio
from gametheory.exceptions import InvalidGameError


@pytest.fixture
def formats(monkeypatch):
    """A private copy of the format table, so a test's registration does not leak."""
    monkeypatch.setattr(gio, "FORMATS", dict(gio.FORMATS))
    return gio.FORMATS


def _one_number(path):
    # a toy format: one number, the payoff of both players in a 1x1 game
    value = gt.payoffs.parse_value(gio.read_text(path).strip(), file=path, line=1)
    return gt.NormalFormGame.from_arrays([[value]], [[value]])


def test_a_registered_reader_and_writer_serve_load_and_save(formats, tmp_path):
    written = []
    gio.register_format("one", reader=_one_number,
                        writer=lambda game, path, **options: written.append((game.shape, options)))
    (tmp_path / "g.one").write_text("7/2\n", encoding="utf-8")
    game = gt.load(tmp_path / "g.one")
    assert game.payoffs[0, 0, 0] == Fraction(7, 2) and game.payoffs[1, 0, 0] == Fraction(7, 2)
    (tmp_path / "G.ONE").write_text("1", encoding="utf-8")
    assert gio.load(tmp_path / "G.ONE").shape == (1, 1)          # the extension in any case
    gt.save(game, tmp_path / "h.one", flag=True)
    assert written == [((1, 1), {"flag": True})]
    assert gio.FORMATS[".one"] == (__name__, _one_number, gio.FORMATS[".one"][2])


def test_a_read_only_format_refuses_to_write_and_a_write_only_one_to_read(formats, tmp_path):
    gio.register_format(".ro", reader=_one_number)
    (tmp_path / "g.ro").write_text("1", encoding="utf-8")
    game = gio.load(tmp_path / "g.ro")
    with pytest.raises(InvalidGameError, match="cannot write .ro files"):
        gio.save(game, tmp_path / "h.ro")
    with pytest.raises(InvalidGameError, match="cannot read .tex files"):
        gio.load(tmp_path / "x.tex")
    with pytest.raises(ValueError, match="a reader, a writer or both"):
        gio.register_format(".none")


def test_the_reader_errors_name_the_file_and_unknown_extensions_are_listed(formats, tmp_path):
    gio.register_format(".one", reader=_one_number)
    (tmp_path / "bad.one").write_text("__import__('os')\n", encoding="utf-8")
    with pytest.raises(InvalidGameError) as err:
        gt.load(tmp_path / "bad.one")
    assert "bad.one" in str(err.value) and err.value.line == 1
    with pytest.raises(InvalidGameError, match=r"unknown file format '\.two'.*\.one"):
        gio.load(tmp_path / "g.two")


def test_registration_does_not_outlive_the_fixture():
    assert ".one" not in gio.FORMATS and ".ro" not in gio.FORMATS
