"""Drawings of games: payoff tables and game trees."""
from __future__ import annotations

import numpy as np

from .style import HIGHLIGHT, axes, color, plain_text, shorten

CHANCE_COLOR = "#777777"


@plain_text
def plot_payoff_matrix(data, ax=None):
    """A two-player payoff table with best responses marked and equilibria highlighted.

    Each cell shows the row player's payoff (left) and the column player's
    (right); a payoff that is a best response is bold and underlined in its
    player's colour, and pure equilibria (both payoffs best responses) are
    shaded.  Mixed equilibria are listed under the table.  Reads a
    :class:`~gametheory.plotting.data.MatrixData`.
    """
    from matplotlib.patches import Rectangle

    m, n = len(data.row_strategies), len(data.column_strategies)
    ax = axes(ax, figsize=(1.9 * n + 2.4, 0.8 * m + 1.8))
    for r in range(m):
        for c in range(n):
            y = m - 1 - r
            eq = bool(data.pure_equilibria[r, c])
            ax.add_patch(Rectangle((c, y), 1, 1, facecolor="#FDE0C5" if eq else "white",
                                   edgecolor="black", linewidth=2.2 if eq else 0.8))
            for text, best, x, col in ((data.row_payoffs[r][c], data.row_best[r, c], c + 0.3, color(0)),
                                       (data.column_payoffs[r][c], data.column_best[r, c], c + 0.7, color(1))):
                ax.text(x, y + 0.5, text, ha="center", va="center", fontsize=10,
                        color=col if best else "#333333", fontweight="bold" if best else "normal")
                if best:
                    w = 0.035 * max(len(text), 1)
                    ax.plot([x - w, x + w], [y + 0.3, y + 0.3], color=col, linewidth=1.5)
            ax.text(c + 0.5, y + 0.5, ",", ha="center", va="center", fontsize=10, color="#333333")
    for r, name in enumerate(data.row_strategies):
        ax.text(-0.08, m - 1 - r + 0.5, shorten(name, 22), ha="right", va="center", fontsize=10,
                color=color(0))
    for c, name in enumerate(data.column_strategies):
        ax.text(c + 0.5, m + 0.08, shorten(name, 18), ha="center", va="bottom", fontsize=10,
                color=color(1))
    ax.text(-0.08, m + 0.45, f"{data.row_player} \\ {data.column_player}", ha="right",
            va="bottom", fontsize=10, fontweight="bold")
    notes = ["bold underlined: best response; shaded: pure equilibrium"]
    if len(data.mixed):
        notes += ["mixed equilibria: " + "; ".join(shorten(x, 70) for x in data.mixed[:4])
                  + (" ..." if len(data.mixed) > 4 else "")]
    ax.text(n / 2, -0.25, "\n".join(notes), ha="center", va="top", fontsize=8)
    ax.set_xlim(-2.2, n + 0.1)
    ax.set_ylim(-0.35 - 0.25 * len(notes), m + 0.9)
    ax.set_aspect("auto")
    ax.axis("off")
    if data.title:
        ax.set_title(data.title)
    return ax


def tree_figsize(data) -> tuple[float, float]:
    """A figure size that keeps a tree readable: about 0.55 inch per leaf."""
    leaves = len(data.leaf_payoffs)
    depth = -float(np.min(data.positions[:, 1])) if len(data.positions) else 1.0
    return (max(6.0, min(0.55 * leaves + 1.5, 60.0)), max(4.0, 1.3 * depth + 2.5))


@plain_text
def plot_tree(data, ax=None, show_node_labels: bool = True):
    """Draw a game tree from a :class:`~gametheory.plotting.data.TreeData`.

    Decision nodes are coloured by player (chance in grey), edges carry their
    action labels (chance edges their probabilities), the nodes of an
    information set are joined by a dashed line, leaves show the payoffs (in
    player order) and the marked equilibrium path is drawn thick in orange.
    With many leaves the payoffs are written vertically so that trees of 60+
    nodes stay readable.
    """
    from matplotlib.lines import Line2D

    ax = axes(ax, figsize=tree_figsize(data))
    pos = data.positions
    n_leaves = len(data.leaf_payoffs)
    dense = n_leaves > 12
    for parent, child, label, hit in data.edges:
        (x0, y0), (x1, y1) = pos[parent], pos[child]
        on = hit and data.on_path[child]
        ax.plot([x0, x1], [y0, y1], color=HIGHLIGHT if on else ("#E8A87C" if hit else "#444444"),
                linewidth=3.2 if on else (2.0 if hit else 1.0), zorder=1,
                solid_capstyle="round")
        # Labels sit beside their edge, on the outer side (left edges to the left, right
        # edges to the right), so that siblings' labels never run into each other.
        t = 0.5
        if x1 - x0 < -0.3:
            ha, dx = "right", -0.04
        elif x1 - x0 > 0.3:
            ha, dx = "left", 0.04
        else:  # a vertical edge: higher up, clear of its right sibling's label
            t, ha, dx = 0.25, "left", 0.06
        if label.endswith(")") and " (" in label:   # a chance edge: keep the probability
            action, _, prob = label.rpartition(" (")
            text = f"{shorten(action, 16)} ({prob}"
        else:
            text = shorten(label, 18)
        ax.text(x0 + t * (x1 - x0) + dx, y0 + t * (y1 - y0), text,
                fontsize=7 if dense else 8,
                ha=ha, va="center", zorder=3,
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
    # Information sets: a dashed line through their nodes; several sets on one level
    # are drawn slightly below one another so that they stay apart.
    per_level: dict[float, int] = {}
    for player, members in data.infosets:
        pts = sorted((pos[k, 0], pos[k, 1]) for k in members)
        level = pts[0][1]
        shift = -0.07 * per_level.get(level, 0)
        per_level[level] = per_level.get(level, 0) + 1
        ax.plot([p[0] for p in pts], [p[1] + shift for p in pts], linestyle=(0, (4, 3)),
                color=color(player), linewidth=1.4, zorder=0)
    for k, mover in enumerate(data.movers):
        x, y = pos[k]
        if mover is None:
            ax.plot(x, y, marker="o", markersize=3, color="black", zorder=2)
            text = data.leaf_payoffs.get(k, "")
            ax.text(x, y - 0.12, text, fontsize=7 if dense else 8, ha="center", va="top",
                    rotation=90 if dense else 0, zorder=3)
            continue
        c = CHANCE_COLOR if mover == -1 else color(mover)
        ax.plot(x, y, marker="o", markersize=9 if not dense else 7, color=c,
                markeredgecolor="black", zorder=2)
        if show_node_labels:
            ax.text(x, y + 0.14, shorten(data.node_labels[k], 16), fontsize=7 if dense else 9,
                    ha="center", va="bottom", color=c, fontweight="bold", zorder=3)
    handles = [Line2D([], [], marker="o", linestyle="none", color=color(i), markeredgecolor="black",
                      label=name) for i, name in enumerate(data.players)]
    if any(m == -1 for m in data.movers):
        handles.append(Line2D([], [], marker="o", linestyle="none", color=CHANCE_COLOR,
                              markeredgecolor="black", label="chance"))
    if data.infosets:
        handles.append(Line2D([], [], linestyle=(0, (4, 3)), color="black", label="information set"))
    if data.on_path.any():
        handles.append(Line2D([], [], color=HIGHLIGHT, linewidth=3, label="equilibrium path"))
    ax.legend(handles=handles, fontsize=8, loc="upper right", frameon=True)
    xs = pos[:, 0] if len(pos) else np.array([0.0])
    ax.set_xlim(xs.min() - 0.8, xs.max() + 0.8)
    ymin = pos[:, 1].min() if len(pos) else 0
    ax.set_ylim(ymin - (1.6 if dense else 0.7), 0.6)
    ax.axis("off")
    title = data.title or "Game tree"
    ax.set_title(f"{title}\npayoffs at leaves: ({', '.join(data.players)})", fontsize=10)
    return ax
