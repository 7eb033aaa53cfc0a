"""Plain-text renderings of games for the terminal (``gametheory show``)."""
from __future__ import annotations

from ..payoffs import format_value


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


def format_normal_form(game) -> str:
    """A bimatrix for two players (cells ``row payoff, column payoff``); for other
    numbers of players one row per pure profile with every player's payoff."""
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
    from ..game.extensive import CHANCE

    lines = _header(game)
    lines.append("players: " + ", ".join(game.players))
    stack = [(0, 0, "")]
    while stack:
        k, depth, via = stack.pop()
        node = game.nodes[k]
        pad = "  " * depth
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
