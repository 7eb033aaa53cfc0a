"""LaTeX output for slides and papers (write only).

* A two-player strategic form becomes a ``game`` environment of Martin
  Osborne's ``sgame`` package (rows: the first player; cells: ``row, column``
  payoffs).  With three or more players, one table per profile of players 3, 4,
  ... (the usual "matrix per strategy of the third player" layout), each with a
  caption naming the fixed strategies.  A cell whose payoffs make a long line
  lists them one per line, and a table with long rows is shrunk to the line
  width when it is wider (``\\resizebox`` of ``graphicx``, which a document
  that inputs such tables must load).
* A tree becomes a plain TikZ picture (no TikZ library needed): decision nodes
  labelled with their player, chance nodes grey with probabilities on their
  edges, information sets joined by dashed lines, payoffs under the leaves.
  Positions come from :func:`gametheory.game.layout.tree_layout` (iterative).
* ``standalone=True`` wraps the body in a compilable ``article`` document.

Labels are escaped (``\\ & % $ # _ { } ~ ^``); payoffs are typeset in math mode
(Fractions as ``\\frac``, symbolic payoffs through :func:`sympy.latex`).
"""
from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

from ..exceptions import InvalidGameError

__all__ = ["dumps_latex", "write_latex", "escape_latex", "latex_value"]

_ESCAPES = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def escape_latex(text) -> str:
    """``text`` with LaTeX's special characters escaped (for labels in text mode)."""
    return "".join(_ESCAPES.get(ch, ch) for ch in str(text))


def _symbol_names(expr) -> dict:
    r"""Multi-letter symbols set as written, in ``\mathit{}``: sympy would read the
    end of ``radical_risk`` as a subscript and a font modifier
    (``\mathcal{radi}_{risk}``)."""
    return {sym: r"\mathit{" + sym.name.replace("_", r"\_") + "}"
            for sym in getattr(expr, "free_symbols", ()) if len(sym.name) > 1}


def latex_value(value) -> str:
    r"""A payoff or probability in math-mode LaTeX (no surrounding ``$``); symbol
    names of more than one letter are set as written in ``\mathit{}``."""
    from ..payoffs import is_symbolic
    if is_symbolic(value):
        import sympy
        return sympy.latex(value, symbol_names=_symbol_names(value))
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        sign = "-" if value < 0 else ""
        return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"
    if isinstance(value, float):
        return f"{value:.6g}".replace("e", r"\mathrm{e}")
    if hasattr(value, "free_symbols"):  # a sympy number
        import sympy
        return sympy.latex(value)
    return str(value)


#: A payoff cell whose one-line text would be longer than this (characters of
#: LaTeX source) is set with one payoff per line.
STACK_CELL_CHARS = 40


def _payoff_pair(values) -> str:
    parts = [latex_value(v) for v in values]
    if sum(len(p) + 2 for p in parts) <= STACK_CELL_CHARS:
        return "$" + ", ".join(parts) + "$"
    # Long (symbolic) payoffs: one player per line, so that the table grows down
    # rather than off the page.
    return r"$\begin{array}{@{}c@{}}" + r",\\ ".join(parts) + r"\end{array}$"




def _sgame_table(game, fixed: tuple[int, ...] = (), caption: str = "") -> list[str]:
    m, n = game.shape[0], game.shape[1]
    P = game.payoffs
    head = (f"\\begin{{game}}{{{m}}}{{{n}}}[{escape_latex(game.players[0])}]"
            f"[{escape_latex(game.players[1])}]")
    if caption:
        head += f"[{caption}]"
    lines = [head]
    lines.append("  & " + " & ".join(escape_latex(s) for s in game.strategies[1]) + r" \\")
    for r in range(m):
        cells = [_payoff_pair([P[(i, r, c) + fixed] for i in range(game.n_players)]) for c in range(n)]
        end = r" \\" if r < m - 1 else ""
        lines.append(f"  {escape_latex(game.strategies[0][r])} & " + " & ".join(cells) + end)
    lines.append(r"\end{game}")
    return lines


#: Tables with a row longer than this (characters of LaTeX source) are wrapped by
#: :func:`_fit`; shorter ones fit any page and are written as they are.
FIT_ROW_CHARS = 90


def _fit(table: list[str]) -> list[str]:
    """``table`` shrunk to the line width when (and only when) it is wider: typeset
    into box 0 first (an ``sgame`` table cannot be read as a macro argument, so it
    is not put inside ``\\resizebox`` directly), then scaled (``graphicx``).
    Tables whose rows are short are returned unchanged."""
    if max(len(line) for line in table) <= FIT_ROW_CHARS:
        return table
    return ([r"\setbox0=\hbox{%"] + table
            + ["}%", r"\resizebox{\ifdim\wd0>\linewidth\linewidth\else\wd0\fi}{!}{\copy0}"])


def _normal_form_body(game) -> list[str]:
    if game.n_players < 2:
        raise InvalidGameError("LaTeX tables need at least two players")
    lines = []
    if game.title:
        lines.append("% " + " ".join(game.title.split()))
    if game.n_players == 2:
        lines += _fit(_sgame_table(game))
        return lines
    rest = range(2, game.n_players)
    for combo in itertools.product(*(range(game.shape[j]) for j in rest)):
        caption = ", ".join(f"{escape_latex(game.players[j])} plays {escape_latex(game.strategies[j][k])}"
                            for j, k in zip(rest, combo))
        lines.append(r"\begin{center}")
        lines += _fit(_sgame_table(game, tuple(combo), caption))
        lines.append(r"\end{center}")
        lines.append(r"\medskip")
    return lines


#: TikZ colours of players (cycled), chance is grey.
_COLORS = ("blue!70!black", "orange!85!black", "green!50!black", "magenta!70!black",
           "cyan!60!black", "red!70!black")


def _action_label_style(pos, parent: int, child: int) -> str:
    """An action label beside its edge, on the side the edge leans to (left of an
    edge going down-left, right of one going down-right), nearer the parent than
    the child: siblings' labels then sit on opposite sides instead of meeting
    where the edges spread (long labels such as "Acquiesce" next to "Fight")."""
    dx = pos[child, 0] - pos[parent, 0]
    side = "left" if dx < 0 else "right" if dx > 0 else ""
    return "act, pos=0.45" + (f", {side}" if side else "")


def _tree_body(game, marks=None, xscale: float = 1.3, yscale: float = 1.8) -> list[str]:
    from ..game.extensive import CHANCE
    from ..game.layout import tree_layout
    pos = tree_layout(game)
    marks = {int(k): set(v) for k, v in (marks or {}).items()}
    lines = []
    if game.title:
        lines.append("% " + " ".join(game.title.split()))
    lines.append(r"\begin{tikzpicture}[font=\footnotesize,")
    lines.append(r"  dec/.style={circle, draw, inner sep=1.6pt},")
    lines.append(r"  leaf/.style={circle, fill, inner sep=0.8pt},")
    lines.append(r"  act/.style={fill=white, inner sep=1pt}]")
    for node in game.nodes:
        x, y = pos[node.index]
        coord = f"({x * xscale:.3f},{y * yscale:.3f})"
        if node.infoset is None:
            lines.append(f"  \\node[leaf] (n{node.index}) at {coord} {{}};")
        elif node.infoset.player == CHANCE:
            lines.append(f"  \\node[dec, fill=gray!40] (n{node.index}) at {coord} {{}};")
            lines.append(f"  \\node[above=2pt, gray!60!black] at (n{node.index}.north) {{chance}};")
        else:
            c = _COLORS[node.infoset.player % len(_COLORS)]
            lines.append(f"  \\node[dec, fill={c}] (n{node.index}) at {coord} {{}};")
            lines.append(f"  \\node[above=2pt, text={c}] at (n{node.index}.north) "
                         f"{{{escape_latex(game.players[node.infoset.player])}}};")
    for node in game.nodes:
        h = node.infoset
        if h is None:
            continue
        for j, c in enumerate(node.children):
            if h.player == CHANCE:
                label = f"{escape_latex(h.actions[j])} ${latex_value(h.probabilities[j])}$"
            else:
                label = escape_latex(h.actions[j])
            style = "[very thick, red!70!black]" if j in marks.get(node.index, ()) else ""
            lines.append(f"  \\draw{style} (n{node.index}) -- node[{_action_label_style(pos, node.index, c)}] "
                         f"{{{label}}} (n{c});")
    for h in game.all_infosets():
        if len(h.members) > 1:
            members = sorted(h.members, key=lambda k: pos[k, 0])
            chain = " -- ".join(f"(n{k})" for k in members)
            lines.append(f"  \\draw[dashed, {_COLORS[h.player % len(_COLORS)]}] {chain};")
    for k, _, pay, _ in game.leaf_data():
        text = "$(" + ", ".join(latex_value(v) for v in pay) + ")$"
        lines.append(f"  \\node[below=2pt, font=\\scriptsize] at (n{k}.south) {{{text}}};")
    lines.append(r"\end{tikzpicture}")
    return lines


def dumps_latex(game, standalone: bool = False, marks=None) -> str:
    """LaTeX source of ``game``: ``sgame`` tables or a TikZ tree.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
    standalone : bool
        Wrap in a compilable ``article`` document (``\\usepackage{sgame}`` for
        tables, ``tikz`` and ``graphicx`` for trees).
    marks : dict, optional
        For trees: ``{node index: set of action indices}`` drawn thick (for
        example an equilibrium's ``marks()``).
    """
    from ..game import ExtensiveFormGame, NormalFormGame
    if isinstance(game, ExtensiveFormGame):
        body = _tree_body(game, marks)
        wide = len(game.terminal_nodes()) > 10
        if standalone and wide:
            body = [r"\resizebox{\linewidth}{!}{%"] + body + ["}"]
        packages = [r"\usepackage{tikz}", r"\usepackage{graphicx}"]
    elif isinstance(game, NormalFormGame):
        body = _normal_form_body(game)
        packages = [r"\usepackage{sgame}", r"\usepackage{graphicx}"]
    else:
        raise TypeError(f"dumps_latex expects a game, got {type(game).__name__}")
    if not standalone:
        return "\n".join(body) + "\n"
    doc = [r"\documentclass{article}", r"\usepackage[T1]{fontenc}",
           r"\usepackage[margin=1.5cm]{geometry}"] + packages + [r"\begin{document}"]
    if game.title:
        doc.append(f"\\section*{{{escape_latex(game.title)}}}")
    doc.append(r"\begin{center}")
    doc += body
    doc += [r"\end{center}", r"\end{document}"]
    return "\n".join(doc) + "\n"


def write_latex(game, path, standalone: bool = False, marks=None) -> Path:
    """Write :func:`dumps_latex` of ``game`` to ``path`` (UTF-8); returns the path."""
    path = Path(path)
    path.write_text(dumps_latex(game, standalone=standalone, marks=marks), encoding="utf-8")
    return path
