"""Payoff landscapes, the option chart and parameter-sweep maps (zugzwang figures)."""
from __future__ import annotations

from typing import Any

import numpy as np

from .style import HIGHLIGHT, REFERENCE_COLOR, axes, color, plain_text, shorten


def _diverging_norm(values, center):
    from matplotlib.colors import TwoSlopeNorm
    finite = values[np.isfinite(values)]
    lo = float(finite.min()) if finite.size else center - 1
    hi = float(finite.max()) if finite.size else center + 1
    span = max(hi - lo, abs(center), 1.0) * 0.05
    return TwoSlopeNorm(vcenter=center, vmin=min(lo, center - span), vmax=max(hi, center + span))


def _heat(ax, data, Z, norm, cmap, colorbar=True, label=None, point=None, point_label="equilibrium held",
          level_label="reference"):
    mesh = ax.pcolormesh(data.x, data.y, Z, shading="nearest", cmap=cmap, norm=norm, rasterized=True)
    finite = Z[np.isfinite(Z)]
    if finite.size and finite.min() < data.reference < finite.max():
        cs = ax.contour(data.x, data.y, Z, levels=[data.reference], colors=REFERENCE_COLOR,
                        linewidths=1.6)
        ax.clabel(cs, fmt={data.reference: level_label}, fontsize=8)
    if colorbar:
        cb = ax.figure.colorbar(mesh, ax=ax, shrink=0.9)
        cb.set_label(label or f"{data.player}'s payoff")
        cb.ax.axhline(data.reference, color=REFERENCE_COLOR, linewidth=1.5)
    point = data.base_point if point is None else point
    ax.plot([point[0]], [point[1]], marker="*", markersize=13,
            color="white", markeredgecolor="black", linestyle="none", label=point_label,
            clip_on=False, zorder=5)
    ax.set_xlabel(data.x_label)
    ax.set_ylabel(data.y_label)
    ax.set_xlim(data.x[0], data.x[-1])
    ax.set_ylim(data.y[0], data.y[-1])
    return mesh


@plain_text
def plot_landscape(data, option=None, ax=None, cmap="RdBu", colorbar: bool = True, norm=None):
    """Draw a :class:`~gametheory.plotting.data.LandscapeData`.

    With one axis: one line per option and the reference level as a dashed line.
    With two axes: a heat map of one option's payoff (``option``: label or index)
    or, by default, of the best option's payoff (the upper envelope), coloured
    red below the reference and blue above it, the reference level drawn as a
    contour, the best option's name written in its region, and the equilibrium
    held fixed marked with a star.  A map that is red everywhere shows at a
    glance that every option is below the reference.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax)
    k = None
    if option is not None:
        k = data.options.index(option) if isinstance(option, str) else int(option)
    if data.y is None:
        for j, name in enumerate(data.options):
            if k is not None and j != k:
                continue
            ax.plot(data.x, data.values[j], color=color(j), linewidth=2, label=name)
            if data.option_points is not None and data.option_points[j] is not None:
                px = data.option_points[j][0]
                ax.plot([px], [np.interp(px, data.x, data.values[j])], marker="*", markersize=13,
                        color=color(j), markeredgecolor="black", linestyle="none", zorder=5,
                        label="its reaction equilibrium" if j == (k or 0) else None, clip_on=False)
        ax.axhline(data.reference, color=REFERENCE_COLOR, linestyle="--", linewidth=1.2,
                   label="reference")
        ax.axvline(data.base_point[0], color="grey", linestyle=":", linewidth=1.2,
                   label="equilibrium held")
        ax.set_xlabel(data.x_label)
        ax.set_ylabel(f"{data.player}'s expected payoff")
        ax.set_xlim(data.x[0], data.x[-1])
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, frameon=False)
        ax.set_title(f"{data.player}'s payoff by option")
        return ax
    Z = data.values[k] if k is not None else data.envelope
    norm = norm or _diverging_norm(data.values if k is None else Z, data.reference)
    own = None
    if k is not None and data.option_points is not None and data.option_points[k] is not None:
        own = data.option_points[k]
    # On an option's panel the line is where that option's payoff crosses the reference; on the
    # best-option panel it is where the best option reaches it, i.e. where the verdict changes.
    _heat(ax, data, Z, norm, cmap, colorbar=colorbar, point=own,
          point_label="this option's reaction equilibrium" if own is not None else "equilibrium held",
          level_label="reference" if k is not None else "escape boundary")
    if k is None:
        best = data.best_option
        for j, name in enumerate(data.options):
            where = np.argwhere(best == j)
            if where.size == 0:
                continue
            iy, ix = where.mean(axis=0)
            ax.text(np.interp(ix, np.arange(data.x.size), data.x),
                    np.interp(iy, np.arange(data.y.size), data.y), shorten(name, 22),
                    ha="center", va="center", fontsize=8,
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.75))
        # Borders between best-option regions.
        present = sorted(set(best[best >= 0].ravel().tolist()))
        if len(present) > 1:
            for j in present:
                ax.contour(data.x, data.y, np.where(best < 0, np.nan, (best == j).astype(float)),
                           levels=[0.5], colors="grey", linewidths=0.9, linestyles=":")
        title = f"{data.player}: payoff of the best option"
        if np.nanmax(Z) < data.reference:
            title += "\n(every option below the reference everywhere)"
    else:
        title = f"{data.player} plays {shorten(data.options[k], 30)}"
    ax.set_title(title, fontsize=10)
    return ax


@plain_text
def plot_landscape_grid(data, fig=None, cmap="RdBu", ncols: int | None = None):
    """One panel per option plus the best-option envelope, on a shared colour scale.

    Returns
    -------
    list of matplotlib.axes.Axes
        The panels, options first, the envelope last.
    """
    from .style import new_figure
    n = len(data.options) + (1 if data.y is not None else 0)
    if data.y is None:
        ax = fig.add_subplot(1, 1, 1) if fig is not None else None
        return [plot_landscape(data, ax=ax)]
    ncols = ncols or min(3, n)
    nrows = -(-n // ncols)
    if fig is None:
        fig = new_figure(figsize=(4.2 * ncols, 3.6 * nrows))
    norm = _diverging_norm(data.values, data.reference)
    out = []
    for j in range(n):
        ax = fig.add_subplot(nrows, ncols, j + 1)
        plot_landscape(data, option=j if j < len(data.options) else None, ax=ax, cmap=cmap,
                       colorbar=(j == n - 1), norm=norm)
        out.append(ax)
    fig.suptitle(f"{data.player}'s payoff over the others' mixing (reference {data.reference:g}; "
                 f"red is below it)", fontsize=11)
    return out


@plain_text
def plot_option_chart(data, ax=None):
    """Each option's worst, reaction-equilibrium and best payoff against the reference.

    Draws a vertical range from worst to best case per option, a dot per
    reaction-game equilibrium (red below the reference, green above), and the
    reference as a dashed line.  Reads a
    :class:`~gametheory.plotting.data.OptionChartData`.
    """
    ax = axes(ax, figsize=(max(6.4, 1.3 * len(data.options)), 4.8))
    xs = np.arange(len(data.options))
    ax.vlines(xs, data.worst, data.best, color="#BBBBBB", linewidth=10, label="worst to best case",
              zorder=1)
    ax.scatter(xs, data.worst, marker="v", color="#555555", zorder=3, label="worst case")
    ax.scatter(xs, data.best, marker="^", color="#555555", zorder=3, label="best case")
    below_done = above_done = False
    for k, vals in enumerate(data.equilibrium):
        for v in vals:
            below = v < data.reference
            lab = None
            if below and not below_done:
                lab, below_done = "reaction equilibrium (below reference)", True
            elif not below and not above_done:
                lab, above_done = "reaction equilibrium (at or above reference)", True
            ax.scatter([k], [v], s=60, color=HIGHLIGHT if below else "#009E73",
                       edgecolor="black", zorder=4, label=lab)
    ax.axhline(data.reference, color=REFERENCE_COLOR, linestyle="--", linewidth=1.3,
               label=f"reference ({data.reference:g})")
    ax.set_xticks(xs)
    ax.set_xticklabels([shorten(o, 24) for o in data.options],
                       rotation=20 if max(len(o) for o in data.options) > 10 else 0, ha="right"
                       if max(len(o) for o in data.options) > 10 else "center")
    ax.set_xlabel(f"{data.player}'s option")
    ax.set_ylabel(f"{data.player}'s payoff")
    verdict = "zugzwang: every option is bad" if data.zugzwang else "no zugzwang: an option escapes"
    ax.set_title(f"{data.player}'s options ({verdict}; margin {data.margin:+.3g})", fontsize=10)
    # Below the axes, so that no bar or dot is hidden.
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False)
    ax.margins(x=0.08)
    return ax


@plain_text
def plot_ablation(data, ax=None):
    """The margin with each payoff component dropped, against the verdict line.

    One horizontal bar per component (from an
    :class:`~gametheory.plotting.data.AblationData`): its length is the margin
    with that component at zero; bars that cross zero (the component alone
    carries the verdict) are red, trade-off components are filled, background
    ones hatched.  The full model's margin is a dashed line, zero (where the
    verdict changes) a solid one.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Patch
    n = len(data.names)
    ax = axes(ax, figsize=(7.0, 0.45 * n + 1.8))
    ys = np.arange(n)[::-1]
    colors = [HIGHLIGHT if f else ("#4C72B0" if k == "trade-off" else "#BBBBBB")
              for f, k in zip(data.flips, data.kinds)]
    bars = ax.barh(ys, data.margin, color=colors, edgecolor="black", linewidth=0.6)
    for b, k in zip(bars, data.kinds):
        if k == "background":
            b.set_hatch("//")
    ax.axvline(0.0, color="black", linewidth=1.2)
    ax.axvline(data.base, color=REFERENCE_COLOR, linestyle="--", linewidth=1.3)
    ax.set_yticks(ys)
    ax.set_yticklabels([shorten(nm, 28) for nm in data.names])
    ax.set_xlabel(f"margin with the component at zero (reference: {shorten(data.reference, 40)})")
    lo = min(float(np.min(data.margin)), data.base, 0.0)
    hi = max(float(np.max(data.margin)), data.base, 0.0)
    pad = 0.08 * max(hi - lo, 1.0)
    ax.set_xlim(lo - pad, hi + pad)
    handles = [Patch(facecolor=HIGHLIGHT, edgecolor="black", label="dropping it alone flips the verdict"),
               Patch(facecolor="#4C72B0", edgecolor="black", label="trade-off component"),
               Patch(facecolor="#BBBBBB", edgecolor="black", hatch="//", label="background component"),
               plt_line(REFERENCE_COLOR, "--", f"full model's margin ({data.base:+.3g})")]
    ax.legend(handles=handles, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2,
              frameon=False)
    ax.set_title(f"{data.player}: which payoff components carry the verdict", fontsize=10)
    return ax


def plt_line(color_, style, label):
    from matplotlib.lines import Line2D
    return Line2D([], [], color=color_, linestyle=style, label=label)


@plain_text
def plot_sweep_map(data, kind: str = "zugzwang", ax=None, boundaries: bool = True):
    """A map over two parameters from a :class:`~gametheory.plotting.data.SweepData`.

    ``kind`` is ``"zugzwang"`` (where every option is bad), ``"margin"`` (best
    option minus reference), ``"best"`` (the focal player's best
    reaction-equilibrium payoff) or ``"regime"`` (which equilibria hold).  The
    closed-form boundary of the escape region (where some option reaches the
    reference, from the diagnosis's conditions) is drawn on top as a black line
    when ``boundaries``: it should follow the edge of the computed zugzwang region.
    """
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ax = axes(ax)
    handles: list[Any] = []
    if kind == "zugzwang":
        cmap = ListedColormap(["#9ecae1", "#fc9272"])
        Z = data.zugzwang.astype(float)
        failed = data.failed if data.failed is not None else np.zeros(Z.shape, dtype=bool)
        ax.pcolormesh(data.x, data.y, np.where(failed, np.nan, Z), shading="nearest", cmap=cmap,
                      vmin=0, vmax=1)
        handles += [Patch(color="#fc9272", label="zugzwang (every option bad)"),
                    Patch(color="#9ecae1", label="an option escapes")]
        if failed.any():
            handles.append(Patch(facecolor="white", edgecolor="grey", label="solver failed (blank)"))
        title = f"Where {data.player} is in zugzwang"
    elif kind in ("margin", "best"):
        Z = data.margin if kind == "margin" else data.best_payoff
        center = 0.0 if kind == "margin" else data.reference
        mesh = ax.pcolormesh(data.x, data.y, Z, shading="nearest", cmap="RdBu",
                             norm=_diverging_norm(Z, center))
        cb = ax.figure.colorbar(mesh, ax=ax)
        cb.set_label("margin (best option - reference)" if kind == "margin"
                     else f"{data.player}'s best equilibrium payoff")
        title = (f"{data.player}'s zugzwang margin" if kind == "margin"
                 else f"{data.player}'s best reaction-equilibrium payoff")
    elif kind == "regime":
        n = max(len(data.regime_labels), 1)
        from .style import PALETTE
        if n <= len(PALETTE):
            colors: list = list(PALETTE[:n])
        else:
            import matplotlib
            tab = matplotlib.colormaps["tab20"]
            colors = [tab(k % 20) for k in range(n)]
        cmap = ListedColormap(colors)
        ax.pcolormesh(data.x, data.y, np.where(data.regime < 0, np.nan, data.regime),
                      shading="nearest", cmap=cmap, norm=BoundaryNorm(np.arange(n + 1) - 0.5, n))
        import textwrap
        handles += [Patch(color=colors[k], label="\n".join(textwrap.wrap(shorten(lab, 200), 75)))
                    for k, lab in enumerate(data.regime_labels)]
        title = "Which equilibria hold"
    else:
        raise ValueError(f"plot_sweep_map: kind must be zugzwang, margin, best or regime, got {kind!r}")
    if boundaries:
        styles: list[Any] = ["-", "--", "-.", ":"]
        for k, (desc, X, Y, F) in enumerate(data.boundaries):
            if np.nanmin(F) < 0 < np.nanmax(F):
                ax.contour(X, Y, F, levels=[0], colors="black", linewidths=1.8,
                           linestyles=styles[k % len(styles)])
                handles.append(Line2D([], [], color="black", linestyle=styles[k % len(styles)],
                                      label="boundary: " + shorten(desc, 50)))
    ax.set_xlabel(data.x_name)
    ax.set_ylabel(data.y_name)
    ax.set_xlim(data.x[0], data.x[-1])
    ax.set_ylim(data.y[0], data.y[-1])
    if data.fixed:
        fixed = ", ".join(f"{k}={float(v):g}" for k, v in list(data.fixed.items())[:3])
        title += f"\n(other parameters fixed: {fixed}{', ...' if len(data.fixed) > 3 else ''})"
    ax.set_title(title, fontsize=10)
    if handles:
        ax.legend(handles=handles, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.15),
                  ncol=1, frameon=False)
    return ax
