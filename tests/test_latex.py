"""LaTeX output: sgame tables, TikZ trees, escaping, standalone documents."""
from __future__ import annotations

import re
import subprocess
from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from gametheory import ExtensiveFormGame, NormalFormGame, Parameter
from gametheory.io.latex import dumps_latex, escape_latex, latex_value, write_latex

from conftest import pdflatex


def prisoners_dilemma():
    return NormalFormGame.from_arrays(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]),
                                      players=["Row", "Column"],
                                      strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]],
                                      title="Prisoner's dilemma")


def entry_tree():
    """Entry deterrence with a chance move and an information set (Selten's chain-store stage)."""
    g = ExtensiveFormGame.new_tree(["Entrant", "Incumbent"], title="Entry & deterrence")
    weak, strong = g.append_chance(0, ["weak", "strong"], [F(1, 3), F(2, 3)])
    for node in (weak, strong):
        out, enter = g.append_move(node, "Entrant", ["out", "enter"])
        g.set_outcome(out, [0, 2])
        fight, share = g.append_move(enter, "Incumbent", ["fight", "share"], infoset="after entry")
        g.set_outcome(fight, [-1, -1])
        g.set_outcome(share, [1, 1])
    return g


def test_escape_latex_special_characters():
    assert escape_latex("a&b_c%d$e#f{g}h~i^j\\k") == (
        r"a\&b\_c\%d\$e\#f\{g\}h\textasciitilde{}i\textasciicircum{}j\textbackslash{}k")


def test_latex_values():
    assert latex_value(F(3)) == "3"
    assert latex_value(F(-1, 3)) == r"-\frac{1}{3}"
    assert latex_value(0.25) == "0.25"
    c = sympy.Symbol("c")
    assert latex_value(2 * c - 1) == sympy.latex(2 * c - 1)


def test_two_player_game_is_an_sgame_table():
    tex = dumps_latex(prisoners_dilemma())
    assert r"\begin{game}{2}{2}[Row][Column]" in tex
    rows = [line.strip() for line in tex.splitlines()]
    assert r"& Cooperate & Defect \\" in rows
    assert r"Cooperate & $3, 3$ & $0, 5$ \\" in rows
    assert r"Defect & $5, 0$ & $1, 1$" in rows
    assert tex.rstrip().endswith(r"\end{game}")       # short rows: not wrapped for shrinking
    assert r"\documentclass" not in tex


def test_labels_are_escaped_inside_tables():
    g = NormalFormGame.from_arrays(np.array([[1, 2]]), np.array([[3, 4]]),
                                   players=["R&D", "Fund_2"], strategies=[["100%"], ["$", "#1"]])
    tex = dumps_latex(g)
    assert r"[R\&D][Fund\_2]" in tex and r"100\%" in tex and r"\$ & \#1" in tex


def test_three_players_give_one_table_per_third_player_strategy():
    payoffs = np.arange(2 * 2 * 3 * 3).reshape(3, 2, 2, 3)
    g = NormalFormGame.from_payoffs(payoffs, players=["A", "B", "C"],
                                    strategies=[["a1", "a2"], ["b1", "b2"], ["x", "y", "z"]])
    tex = dumps_latex(g)
    assert tex.count(r"\begin{game}{2}{2}") == 3
    for k, s in enumerate(["x", "y", "z"]):
        assert f"[C plays {s}]" in tex
        # Cell (a2, b1) of table k: payoffs[:, 1, 0, k].
        cell = "$" + ", ".join(str(v) for v in payoffs[:, 1, 0, k]) + "$"
        block = tex.split(f"[C plays {s}]")[1].split(r"\end{game}")[0]
        assert re.search(r"a2 & " + re.escape(cell), block)


def test_symbolic_payoffs_use_sympy_latex():
    c = sympy.Symbol("c")
    g = NormalFormGame.from_arrays(np.array([[c, 0]], dtype=object), np.array([[1, -c]], dtype=object),
                                   players=["R", "C"], parameters=[Parameter("c", F(1))])
    tex = dumps_latex(g)
    assert "$c, 1$" in tex and "$0, - c$" in tex


def test_tree_is_tikz_with_information_sets_chance_and_payoffs():
    g = entry_tree()
    tex = dumps_latex(g)
    assert tex.count(r"\begin{tikzpicture}") == 1
    nodes = re.findall(r"\\node\[(?:leaf|dec[^\]]*)\] \(n(\d+)\)", tex)
    assert sorted(map(int, nodes)) == list(range(len(g.nodes)))
    assert len(re.findall(r"\\draw(?:\[[^\]]*\])? \(n\d+\) -- node", tex)) == len(g.nodes) - 1
    members = g.infoset("Incumbent", "after entry").members
    assert re.search(r"\\draw\[dashed[^\]]*\] " + r" -- ".join(f"\\(n{k}\\)" for k in sorted(members)), tex)
    assert r"weak $\frac{1}{3}$" in tex and r"strong $\frac{2}{3}$" in tex
    assert tex.count("font=\\scriptsize") == len(g.terminal_nodes())
    assert "$(-1, -1)$" in tex and "Entry \\& deterrence" not in tex  # the title goes in a comment
    marked = dumps_latex(g, marks={g.nodes[1].index: {1}})
    assert "very thick" in marked


def test_standalone_documents(tmp_path):
    doc = dumps_latex(prisoners_dilemma(), standalone=True)
    assert doc.startswith(r"\documentclass{article}") and r"\usepackage{sgame}" in doc
    assert doc.rstrip().endswith(r"\end{document}")
    tree = dumps_latex(entry_tree(), standalone=True)
    assert r"\usepackage{tikz}" in tree and r"\section*{Entry \& deterrence}" in tree
    path = write_latex(entry_tree(), tmp_path / "tree.tex", standalone=True)
    assert path.read_text(encoding="utf-8") == tree


def test_convert_command_writes_standalone_tex(tmp_path):
    from gametheory import save
    from gametheory.cli import main
    src = tmp_path / "pd.nfg"
    save(prisoners_dilemma(), src)
    out = tmp_path / "pd.tex"
    res = CliRunner().invoke(main, ["convert", str(src), str(out), "--standalone"])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert r"\documentclass{article}" in text and r"\begin{game}{2}{2}" in text


@pytest.mark.needs_pdflatex
@pytest.mark.parametrize("make", [prisoners_dilemma, entry_tree])
def test_standalone_output_compiles(tmp_path, make):
    # pdflatex and sgame.sty are found by the needs_pdflatex marker (tests/conftest.py).
    game = make()
    tex = tmp_path / "game.tex"
    write_latex(game, tex, standalone=True)
    run = subprocess.run([pdflatex(), "-interaction=nonstopmode", "-halt-on-error", tex.name],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "game.pdf").stat().st_size > 0


def test_latex_howto_examples_run(tmp_path, monkeypatch):
    """The `>>>` examples of docs/how-to/latex.md, run in a scratch directory."""
    import doctest
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    (tmp_path / "games").symlink_to(root / "games")
    monkeypatch.chdir(tmp_path)
    result = doctest.testfile(str(root / "docs" / "how-to" / "latex.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 12
    assert (tmp_path / "entry.tex").read_text(encoding="utf-8").startswith(r"\documentclass")


def test_multi_letter_symbols_are_set_as_written():
    # sympy alone reads "radical_risk" as radi_{risk} with a calligraphic font
    # modifier, and "cost" as a product c*o*s*t; names are set in \mathit{} as written.
    from gametheory.io.latex import latex_value
    r, c, x = sympy.symbols("radical_risk cost x")
    text = latex_value(2 * r - c + x)
    assert r"\mathit{radical\_risk}" in text and r"\mathit{cost}" in text
    assert r"\mathcal" not in text and "_{risk}" not in text
    assert "x" in text and r"\mathit{x}" not in text        # one letter: plain italic


def test_sibling_action_labels_sit_on_opposite_sides():
    # Entry deterrence: "Acquiesce" and "Fight" used to be centred on their edges
    # 0.65 cm apart and overlapped; each now sits beside its edge, on the side the
    # edge leans to.
    from pathlib import Path

    from gametheory.io import load
    from gametheory.io.latex import dumps_latex
    tree = load(Path(__file__).resolve().parents[1] / "games" / "classics" / "entry-deterrence.yaml")
    text = dumps_latex(tree)
    labels = {label: side for side, label in
              re.findall(r"node\[act, pos=0\.45, (left|right)\] \{(\w+)\}", text)}
    assert labels == {"Out": "left", "In": "right", "Acquiesce": "left", "Fight": "right"}


def _compile(tmp_path, tex_name):
    run = subprocess.run([pdflatex(), "-interaction=nonstopmode", "-halt-on-error", tex_name],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    log = (tmp_path / tex_name).with_suffix(".log").read_text(errors="replace")
    return run, log


@pytest.mark.needs_pdflatex
def test_four_player_symbolic_tables_fit_the_page(tmp_path):
    # issue 16: the four-actor Tajikistan model's tables (5 x 3, one per Moscow x
    # Taliban profile, symbolic payoffs) ran 900 to 1,700 pt past the text width.
    from pathlib import Path

    from gametheory.io import load
    root = Path(__file__).resolve().parents[1]
    game = load(root / "games" / "tajikistan" / "four-actors.yaml")
    assert game.n_players == 4 and game.is_symbolic
    write_latex(game, tmp_path / "four.tex", standalone=True)
    run, log = _compile(tmp_path, "four.tex")
    assert run.returncode == 0, run.stdout[-2000:]
    assert "Overfull \\hbox" not in log
    pages = int(re.search(r"Output written on four\.pdf \((\d+) pages?", log).group(1))
    tables = game.shape[2] * game.shape[3]
    assert 1 <= pages <= tables
    assert (tmp_path / "four.tex").read_text().count(r"\begin{array}") > 0   # long cells stacked


@pytest.mark.needs_pdflatex
def test_small_table_is_not_scaled(tmp_path):
    # The prisoner's dilemma fits: neither stacked cells nor the shrinking wrapper.
    write_latex(prisoners_dilemma(), tmp_path / "pd.tex", standalone=True)
    run, log = _compile(tmp_path, "pd.tex")
    assert run.returncode == 0 and "Overfull" not in log
    text = (tmp_path / "pd.tex").read_text()
    assert r"\begin{array}" not in text and r"\resizebox" not in text
