"""Plain-text renderings of games for the terminal (``gametheory show``).

Labels come from files: :func:`safe_text` makes them safe to print (terminal
escape sequences and other control characters are shown as ``\x1b``-style
escapes, never sent to the terminal).  Deep trees are indented up to
:data:`MAX_INDENT` levels (deeper lines say their depth), and the size of the
output is checked against the ``output_size`` limit before anything is built.
"""
from __future__ import annotations

import re

from .. import limits as _limits
from ..payoffs import format_value

#: Deeper tree levels are not indented further; their lines start with ``[depth]``.
MAX_INDENT = 60

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional
# overrides and isolates that can make text display in another order.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str) -> str:
    """``text`` with control characters replaced by visible escapes (``\x1b``),
    so that a label cannot move the cursor, recolour or clear the terminal."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _table(rows: list[list[str]], header_rows: int = 1) -> str:
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    out = []
    for k, r in enumerate(rows):
        out.append("  ".join(cell.ljust(w) if c == 0 else cell.rjust(w)
                             for c, (cell, w) in enumerate(zip(r, widths))).rstrip())
        if k == header_rows - 1:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _header(game) -> list[str]:
    lines = []
    if game.title:
        lines.append(game.title)
    if game.parameters:
        values = game.metadata.get("parameter_values", {})
        shown = []
        for p in game.parameters.values():
            v = values.get(p.name, p.default)
            shown.append(f"{p.name}={format_value(v) if v is not None else '?'}")
        lines.append("parameters: " + ", ".join(shown))
    return lines


def output_estimate(game) -> int:
    """An estimate (from the game's size, before rendering) of the characters
    :func:`format_normal_form` or :func:`format_tree` print; checked against the
    ``output_size`` limit."""
    if hasattr(game, "nodes"):
        return sum(2 * min(n.depth, MAX_INDENT) + 30 + len(n.label) for n in game.nodes)
    profiles = 1
    for m in game.shape:
        profiles *= m
    return profiles * (sum(max(map(len, s)) for s in game.strategies) + 6 * game.n_players)


def _check_size(game) -> None:
    _limits.check("output_size", output_estimate(game), "characters to print (estimated)")


def format_normal_form(game) -> str:
    """A bimatrix for two players (cells ``row payoff, column payoff``); for other
    numbers of players one row per pure profile with every player's payoff."""
    _check_size(game)
    return safe_text(_format_normal_form(game))


def _format_normal_form(game) -> str:
    lines = _header(game)
    P = game.payoffs
    if game.n_players == 2:
        lines.append(f"rows: {game.players[0]}; columns: {game.players[1]}; "
                     f"cells: {game.players[0]}'s payoff, {game.players[1]}'s payoff")
        rows = [[""] + list(game.strategies[1])]
        for r, rlabel in enumerate(game.strategies[0]):
            rows.append([rlabel] + [f"{format_value(P[0, r, c])}, {format_value(P[1, r, c])}"
                                    for c in range(game.shape[1])])
        lines.append(_table(rows))
    else:
        rows = [list(game.players) + [f"u({p})" for p in game.players]]
        for idx in game.profiles():
            rows.append([game.strategies[i][k] for i, k in enumerate(idx)]
                        + [format_value(P[(i,) + idx]) for i in range(game.n_players)])
        lines.append(_table(rows))
    return "\n".join(lines)


def format_tree(game, marks=None) -> str:
    """An indented outline of the tree, one node per line.

    ``marks`` optionally maps node index -> set of action indices to flag with
    ``*`` (for example an equilibrium's actions).
    """
    _check_size(game)
    return safe_text(_format_tree(game, marks))


def _format_tree(game, marks=None) -> str:
    from ..game.extensive import CHANCE

    lines = _header(game)
    lines.append("players: " + ", ".join(game.players))
    stack = [(0, 0, "")]
    while stack:
        k, depth, via = stack.pop()
        node = game.nodes[k]
        pad = "  " * depth if depth <= MAX_INDENT else "  " * MAX_INDENT + f"[{depth}] "
        head = f"{pad}{via}"
        if node.outcome is not None and node.children:
            head += f"[outcome {_payoffs(game, node.outcome.payoffs)}] "
        if not node.children:
            pay = _payoffs(game, node.outcome.payoffs) if node.outcome is not None else "(0)"
            label = f" {node.outcome.label}" if node.outcome is not None and node.outcome.label else ""
            lines.append(f"{head}-> {pay}{label}")
            continue
        h = node.infoset
        if h.player == CHANCE:
            who = "chance"
        else:
            who = game.players[h.player]
            if len(h.members) > 1:
                who += f" (information set {h.label or h.number})"
        lines.append(f"{head}{who}" + (f" [{node.label}]" if node.label else ""))
        for j in range(len(node.children) - 1, -1, -1):
            mark = "*" if marks and j in marks.get(k, ()) else ""
            if h.player == CHANCE:
                label = f"{h.actions[j]} ({format_value(h.probabilities[j])}): "
            else:
                label = f"{mark}{h.actions[j]}: "
            stack.append((node.children[j], depth + 1, label))
    return "\n".join(lines)


def _payoffs(game, payoffs) -> str:
    return "(" + ", ".join(f"{p}={format_value(v)}" for p, v in zip(game.players, payoffs)) + ")"
