"""The report's sensitivity section: which assumptions drive the verdict and the margin.

:func:`sensitivity_section` runs :func:`gametheory.analysis.sensitivity.sensitivity`
with a fixed sample size and seed (so the same command writes the same report),
draws the tornado chart and the Sobol indices through the report's figure
writer and returns the HTML fragment and the summary for ``summary.json``.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

#: Monte Carlo samples of the report's sensitivity section (the Sobol indices use
#: the largest power of two N with N (D + 2) <= SAMPLES base samples).
SAMPLES = 4096
#: The same in quick mode.
QUICK_SAMPLES = 1024


@dataclass
class SensitivitySection:
    """What the section adds: its HTML, its ``summary.json`` entry and notes."""

    html: str = ""
    summary: dict | None = None
    notes: list = field(default_factory=list)


def sensitivity_section(game, player, writer, *, reference=0, params=None, seed: int = 0,
                        quick: bool = False, samples: int | None = None) -> SensitivitySection:
    """Compute the sensitivity analysis and save its figures with ``writer``.

    Parameters
    ----------
    game, player, reference, params
        As for :func:`~gametheory.analysis.zugzwang.diagnose`.
    writer
        The report's figure writer (``save(name, fig, caption, section)``);
        the figures go to the section ``"sensitivity"``.
    seed : int
        Seeds every sample.
    quick : bool
        :data:`QUICK_SAMPLES` instead of :data:`SAMPLES`.
    samples : int, optional
        Overrides the sample size; 0 leaves the section out.
    """
    from ..game import ExtensiveFormGame
    from ..plotting.data import sweep_parameters
    n = (QUICK_SAMPLES if quick else SAMPLES) if samples is None else int(samples)
    if n <= 0:
        return SensitivitySection()
    if not sweep_parameters(game):
        return SensitivitySection()
    if isinstance(game, ExtensiveFormGame):
        return SensitivitySection(notes=[
            "sensitivity section skipped: on game trees, random (floating-point) parameter points "
            "are diagnosed one at a time (the stacked route for subgame-perfect reactions takes "
            "exact grid points only); run `gametheory sensitivity` for them"])
    from ..analysis.sensitivity import sensitivity
    from ..plotting.sensitivity import plot_sobol, plot_tornado
    from ..plotting.style import new_figure
    from ..exceptions import GameTheoryError
    try:
        res = sensitivity(game, player, samples=n, seed=seed, reference=reference, params=params)
    except GameTheoryError as exc:   # e.g. the diagnosis fails at some sample points
        return SensitivitySection(notes=[f"sensitivity section skipped: {exc}"])
    focal = res.player
    fig = new_figure((7.2, 0.38 * len(res.names) + 1.8))
    plot_tornado(res.tornado, ax=fig.add_subplot())
    writer.save("tornado", fig, f"{focal}'s margin with one parameter at a time at the low (orange) or high "
                f"(blue) end of its documented range, the others at their values; widest swing on top. "
                f"A bar crossing the dashed line changes the verdict.", "sensitivity")
    fig = new_figure((7.2, 0.38 * len(res.names) + 1.8))
    plot_sobol(res.margin, ax=fig.add_subplot())
    writer.save("sobol", fig, f"Sobol indices of {focal}'s margin over the whole parameter box "
                f"({res.margin.evaluations} evaluations, seed {seed}): first order (the parameter alone) "
                f"and total (with its interactions), with 95% bootstrap intervals.", "sensitivity")
    p = res.probability
    e = html.escape
    top = [res.tornado.names[k] for k in res.tornado.order[:3]]
    frag = (f"<p>Over the documented ranges of {len(res.names)} parameters (uniform, seed {seed}), "
            f"{e(focal)} is in zugzwang at <b>{100 * p.share:.1f}%</b> of {p.n} Monte Carlo samples "
            f"(95% Wilson interval {100 * p.low:.1f}% to {100 * p.high:.1f}%). "
            f"The margin moves most with {e(', '.join(top))} (one at a time).</p>")
    return SensitivitySection(html=frag, summary=res.to_json())
