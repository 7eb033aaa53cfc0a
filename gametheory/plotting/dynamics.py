"""QRE curves, simplex trajectories and 2x2 best-response diagrams."""
from __future__ import annotations

import numpy as np

from .data import SIMPLEX_CORNERS
from .style import HIGHLIGHT, axes, color, plain_text


@plain_text
def plot_qre_curve(data, player=None, ax=None):
    """Probabilities along the logit QRE path against lambda (McKelvey & Palfrey 1995).

    Draws every strategy of ``player`` (label or index), or of every player when
    ``None``; the x axis is ``lambda`` on a symmetric log scale.  Reads a
    :class:`~gametheory.plotting.data.QRECurveData`.
    """
    ax = axes(ax)
    players = range(len(data.players)) if player is None else [
        data.players.index(player) if isinstance(player, str) else int(player)]
    styles = ["-", "--", "-.", ":"]
    c = 0
    for i in players:
        for k, name in enumerate(data.strategies[i]):
            ax.plot(data.lambdas, data.probabilities[i][:, k], color=color(c),
                    linestyle=styles[i % len(styles)], linewidth=1.8,
                    label=f"{data.players[i]}: {name}")
            c += 1
    ax.set_xscale("symlog", linthresh=1.0)
    top = float(data.lambdas.max()) if data.lambdas.size else 1.0
    ticks = [t for t in (0, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10_000) if t <= top * 1.01]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{t:g}" for t in ticks])
    ax.set_xlim(0, top)
    ax.set_xlabel("lambda: rationality of the logit responses (0 = uniform play; symmetric log scale)")
    who = data.players[list(players)[0]] if len(players) == 1 else "each player"
    ax.set_ylabel(f"probability that {who} plays the strategy")
    ax.set_ylim(-0.02, 1.02)
    ax.set_title("Logit quantal response equilibrium path")
    # Outside the axes, so that no curve is hidden.
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, frameon=False)
    return ax


@plain_text
def plot_simplex(data, ax=None):
    """Trajectories (replicator, fictitious play, ...) on the 2-simplex.

    Each corner is a pure strategy; a trajectory starts at a circle and ends at
    a filled square.  Reads a :class:`~gametheory.plotting.data.SimplexData`.
    """
    ax = axes(ax, figsize=(5.6, 5.2))
    tri = np.vstack([SIMPLEX_CORNERS, SIMPLEX_CORNERS[:1]])
    ax.plot(tri[:, 0], tri[:, 1], color="black", linewidth=1.2)
    offsets = [(-0.04, -0.05, "right"), (0.04, -0.05, "left"), (0.0, 0.04, "center")]
    for (x, y), lab, (dx, dy, ha) in zip(SIMPLEX_CORNERS, data.labels, offsets):
        ax.text(x + dx, y + dy, lab, ha=ha, va="center", fontsize=10)
    for k, pts in enumerate(data.points):
        c = color(k)
        ax.plot(pts[:, 0], pts[:, 1], color=c, linewidth=1.6, label=data.names[k])
        ax.plot(pts[0, 0], pts[0, 1], marker="o", mfc="white", mec=c, markersize=7)
        ax.plot(pts[-1, 0], pts[-1, 1], marker="s", color=c, markersize=7)
        if len(pts) > 2:
            mid = len(pts) // 3
            ax.annotate("", xy=pts[mid + 1], xytext=pts[mid],
                        arrowprops=dict(arrowstyle="->", color=c, lw=1.6))
    ax.set_aspect("equal")
    ax.set_xlim(-0.15, 1.15)
    ax.set_ylim(-0.12, 1.0)
    ax.axis("off")
    ax.set_title(data.title or "Trajectories on the strategy simplex")
    if data.points:
        ax.legend(fontsize=8, loc="upper right")
    return ax


@plain_text
def plot_best_responses(data, ax=None):
    """Best-response correspondences of a 2x2 game and their crossings (the equilibria).

    Reads a :class:`~gametheory.plotting.data.BestResponseData`: the x axis is the
    probability of the column player's first strategy, the y axis the row
    player's.
    """
    ax = axes(ax, figsize=(5.4, 5.2))
    for k, ((x0, y0), (x1, y1)) in enumerate(data.row_segments):
        ax.plot([x0, x1], [y0, y1], color=color(0), linewidth=3.2, solid_capstyle="round",
                label=f"{data.row_player}'s best response" if k == 0 else None)
    for k, ((x0, y0), (x1, y1)) in enumerate(data.column_segments):
        ax.plot([x0, x1], [y0, y1], color=color(1), linewidth=2.0, linestyle="--",
                label=f"{data.column_player}'s best response" if k == 0 else None)
    if data.equilibria:
        xs, ys = zip(*data.equilibria)
        ax.scatter(xs, ys, s=90, color=HIGHLIGHT, edgecolor="black", zorder=5,
                   label="Nash equilibrium")
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.05, 1.05)
    ax.set_aspect("equal")
    ax.set_xlabel(f"P({data.column_player} plays {data.column_strategies[0]})")
    ax.set_ylabel(f"P({data.row_player} plays {data.row_strategies[0]})")
    ax.set_title("Best-response correspondences")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False)
    return ax
