"""Malformed limits (``--limit`` and ``GAMETHEORY_LIMITS``) and LaTeX output edges:
a one-player table (refused), symbolic payoffs (``x - 2`` stays an expression,
``y/3`` becomes a fraction), a wide tree scaled to the line, and a non-game.
"""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import ROOT

from gametheory import ExtensiveFormGame, InvalidGameError
from gametheory.cli import main
from gametheory.io.latex import dumps_latex

PD = str(ROOT / "games" / "classics" / "prisoners-dilemma.yaml")


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


@pytest.mark.parametrize("limit,message", [
    ("digits", "--limit: expected name=number (for example digits=5000), got 'digits'; the limits are digits"),
    ("digits=0.5", "--limit: digits must be a positive whole number, got 0.5"),
    ("digits=0", "--limit: digits must be a positive whole number, got 0"),
])
def test_malformed_limit_option_is_a_usage_error(limit, message):
    res = run("--limit", limit, "show", PD)
    assert res.exit_code == 2
    assert message in res.output


def test_malformed_limits_environment_is_exit_2():
    res = run("show", PD, env={"GAMETHEORY_LIMITS": "depth=x"})
    assert res.exit_code == 2
    assert "GAMETHEORY_LIMITS: expected name=number (for example digits=5000), got 'depth=x'" in res.output


ONE_PLAYER = """\
format: 1
players:
  - {name: A, strategies: [x, y]}
payoffs:
  - {profile: [x], payoffs: [1]}
  - {profile: [y], payoffs: [2]}
"""
SYMBOLIC = """\
format: 1
parameters:
  x: {default: 1}
  y: {default: 1}
players:
  - {name: Row, strategies: [U, D]}
  - {name: Col, strategies: [stay]}
payoffs:
  - {profile: [U, stay], payoffs: [x - 2, 0]}
  - {profile: [D, stay], payoffs: [y/3, 0]}
"""


def test_latex_of_one_player_is_refused_and_nothing_written(tmp_path):
    src = tmp_path / "one.yaml"
    src.write_text(ONE_PLAYER, encoding="utf-8")
    res = run("convert", src, tmp_path / "one.tex")
    assert res.exit_code == 2
    assert "LaTeX tables need at least two players" in res.output
    assert not (tmp_path / "one.tex").exists()


def test_latex_of_symbolic_payoffs(tmp_path):
    src = tmp_path / "sym.yaml"
    src.write_text(SYMBOLIC, encoding="utf-8")
    res = run("convert", src, tmp_path / "sym.tex")
    assert res.exit_code == 0, res.output
    tex = (tmp_path / "sym.tex").read_text()
    assert r"\begin{game}{2}{1}[Row][Col]" in tex
    assert "U & $x - 2, 0$" in tex
    assert r"D & $\frac{y}{3}, 0$" in tex   # y/3 as a fraction


def _fan(k):
    """One move with k actions, each ending the game: k terminal nodes."""
    tree = ExtensiveFormGame.new_tree(["A"])
    for i, child in enumerate(tree.append_move(0, "A", [f"a{i}" for i in range(k)])):
        tree.set_outcome(child.index, [i])
    return tree


def test_a_wide_tree_is_scaled_to_the_line_when_standalone():
    # Up to 10 terminal nodes the picture is left as drawn; from 11 on it is resized.
    assert r"\resizebox{\linewidth}" not in dumps_latex(_fan(10), standalone=True)
    wide = dumps_latex(_fan(11), standalone=True)
    assert r"\resizebox{\linewidth}{!}{%" in wide
    assert r"\resizebox" not in dumps_latex(_fan(11), standalone=False)


def test_latex_of_something_else_is_a_type_error():
    with pytest.raises(TypeError) as info:
        dumps_latex({"not": "a game"})
    assert "dumps_latex expects a game, got dict" in str(info.value)
    assert not isinstance(info.value, InvalidGameError)
