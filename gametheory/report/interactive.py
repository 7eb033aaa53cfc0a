"""The static interactive panel of the HTML report (``gametheory report --interactive``).

Two sliders move over the report's sweep grid; the panel shows the verdict, the
margin and the option chart at the chosen point.  Every value is precomputed on
the grid and embedded in the page as JSON, and the drawing code is inlined, so the
page needs no server and no network: it works from a ``file://`` URL.

The option chart is drawn by the same script as the local explorer's
(``gametheory/web/static/chart.js``), so the two show a point identically.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping, Sequence

CHART_JS = Path(__file__).resolve().parents[1] / "web" / "static" / "chart.js"


@dataclass(frozen=True)
class InteractiveData:
    """The diagnosis at every point of a two-parameter grid, ready for the page.

    ``points[iy][ix]`` is the diagnosis at ``x_values[ix]``, ``y_values[iy]``
    (verdict, margin, reference, and per option the worst and best payoff and the
    lowest and highest reaction-equilibrium payoff, as floats); ``fixed`` holds the
    other parameters' values.
    """

    player: str
    x_name: str
    y_name: str
    x_values: tuple
    y_values: tuple
    points: tuple
    fixed: dict

    def to_json(self) -> dict:
        return {"player": self.player, "x": self.x_name, "y": self.y_name,
                "x_values": [_num(v) for v in self.x_values], "y_values": [_num(v) for v in self.y_values],
                "points": [list(row) for row in self.points],
                "fixed": {k: _num(v) for k, v in self.fixed.items()}}


def _num(v):
    from ..payoffs import format_value
    return format_value(v) if isinstance(v, (Fraction, int)) else float(v)


def _point_json(sd, k: int) -> dict:
    """Point ``k`` of a stacked diagnosis, as the panel shows it (kept small: the page holds
    one per grid point).  Each option's dots are the lowest and highest payoff over its
    reaction equilibria."""
    import math
    if sd.failed[k]:
        return {"failed": True}

    def f(v):
        return float(v) if math.isfinite(v) else None
    b = int(sd.best_option[k])
    options = []
    for c, name in enumerate(sd.options):
        dots = sorted({v for v in (f(sd.eq_low[k, c]), f(sd.eq_high[k, c])) if v is not None})
        options.append({"option": name, "worst": f(sd.worst[k, c]), "best": f(sd.best[k, c]),
                        "reaction_payoffs": dots})
    return {"zugzwang": bool(sd.zugzwang[k]), "margin": f(sd.margin[k]), "reference": f(sd.reference[k]),
            "best_option": sd.options[b] if b >= 0 else "", "options": options}


def interactive_from_stacked(sd, x: str, y: str, x_values: Sequence, y_values: Sequence,
                             fixed: Mapping | None = None) -> InteractiveData:
    """The panel's data from a stacked diagnosis of the grid (``y`` slowest), such as the
    report's own sweep (:attr:`gametheory.plotting.data.SweepData.stacked`)."""
    nx, ny = len(x_values), len(y_values)
    if len(sd) != nx * ny:
        from ..exceptions import InvalidGameError
        raise InvalidGameError(f"the stacked diagnosis has {len(sd)} points, the grid {nx}x{ny}")
    rows = tuple(tuple(_point_json(sd, iy * nx + ix) for ix in range(nx)) for iy in range(ny))
    return InteractiveData(player=sd.player, x_name=x, y_name=y, x_values=tuple(x_values),
                           y_values=tuple(y_values), points=rows, fixed=dict(fixed or sd.fixed))


def interactive_data(game, player, x: str, y: str, x_values: Sequence, y_values: Sequence, *,
                     reference=None, params: Mapping[str, Any] | None = None) -> InteractiveData:
    """Diagnose ``player`` at every point of the grid ``x_values`` x ``y_values``.

    ``reference`` is as for ``gametheory zugzwang``: by default the model's primary
    reference (:func:`gametheory.analysis.baselines.lead_reference`).

    The grid goes through the stacked engine
    (:func:`gametheory.analysis.zugzwang.diagnose_points`), which gives at
    each point what :func:`gametheory.analysis.zugzwang.diagnose` gives there.
    """
    from ..analysis.baselines import lead_reference
    from ..analysis.zugzwang import diagnose_points, exact_value, grid_points
    from ..exceptions import InvalidGameError
    reference = lead_reference(game, reference).spec
    if x == y:
        raise InvalidGameError("the interactive panel needs two different parameters")
    base = {k: v for k, v in dict(params or {}).items() if k not in (x, y)}
    xs = [exact_value(v) for v in x_values]
    ys = [exact_value(v) for v in y_values]
    sd = diagnose_points(game, player, grid_points(game, {y: ys, x: xs}), reference=reference, params=base)
    fixed = {k: v for k, v in game.parameter_values(**base).items() if k not in (x, y)}
    return interactive_from_stacked(sd, x, y, xs, ys, fixed)


_PANEL_JS = r"""
(function () {
  const data = JSON.parse(document.getElementById("gt-interactive-data").textContent);
  const root = document.getElementById("gt-interactive");
  const sx = root.querySelector("input[data-axis=x]"), sy = root.querySelector("input[data-axis=y]");
  const show = () => {
    const ix = Number(sx.value), iy = Number(sy.value);
    const d = data.points[iy][ix];
    root.querySelector("[data-role=x-value]").textContent = fmt(data.x_values[ix]);
    root.querySelector("[data-role=y-value]").textContent = fmt(data.y_values[iy]);
    if (d.failed) {
      root.querySelector("[data-role=verdict]").textContent = "the diagnosis failed at this point";
      return;
    }
    const verdict = root.querySelector("[data-role=verdict]");
    verdict.textContent = d.zugzwang ? "ZUGZWANG: every option is bad" : "No zugzwang: some option is not bad";
    verdict.dataset.zugzwang = String(d.zugzwang);
    verdict.className = d.zugzwang ? "zugzwang" : "escape";
    const margin = root.querySelector("[data-role=margin]");
    margin.textContent = "margin " + fmt(d.margin) + " (best option: " + d.best_option + "; reference " + fmt(d.reference) + ")";
    margin.dataset.margin = String(d.margin);
    drawOptionChart(root.querySelector("svg"), d);
  };
  sx.addEventListener("input", show);
  sy.addEventListener("input", show);
  show();
})();
"""


def interactive_section(data: InteractiveData) -> str:
    """The panel as an HTML fragment: sliders, verdict, margin, option chart, data and scripts.

    Everything is escaped or JSON-encoded (``</`` cannot close the script early).
    """
    payload = json.dumps(data.to_json(), ensure_ascii=True).replace("</", "<\\/")
    chart_js = CHART_JS.read_text(encoding="utf-8")
    nx, ny = len(data.x_values), len(data.y_values)
    esc = html.escape
    fixed = ", ".join(f"{esc(k)} = {esc(str(_num(v)))}" for k, v in data.fixed.items())
    mid_x, mid_y = nx // 2, ny // 2
    return f"""
<section id="gt-interactive" class="interactive">
<h2>Explore the sweep</h2>
<p>Move the sliders over the sweep grid ({nx}&times;{ny} points, each diagnosed when the report was
written); the verdict, the margin and {esc(data.player)}'s options at that point follow.
{('Other parameters held at: ' + fixed + '.') if fixed else ''}</p>
<div class="sliders">
<label>{esc(data.x_name)} = <strong data-role="x-value"></strong>
<input type="range" data-axis="x" min="0" max="{nx - 1}" step="1" value="{mid_x}"></label>
<label>{esc(data.y_name)} = <strong data-role="y-value"></strong>
<input type="range" data-axis="y" min="0" max="{ny - 1}" step="1" value="{mid_y}"></label>
</div>
<p><strong data-role="verdict"></strong> <span data-role="margin"></span></p>
<svg role="img" aria-label="option chart at the chosen point" style="width:100%;max-width:40rem;height:16rem"></svg>
<script type="application/json" id="gt-interactive-data">{payload}</script>
<script>{chart_js}</script>
<script>{_PANEL_JS}</script>
</section>
"""


def interactive_page(data: InteractiveData, title: str = "Interactive zugzwang panel") -> str:
    """A complete standalone page holding only the panel (used by tests and previews)."""
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            "<style>.zugzwang{color:#b91c1c}.escape{color:#047857}.sliders label{display:block;margin:.4rem 0}"
            "</style></head><body>" + interactive_section(data) + "</body></html>")


__all__ = ["InteractiveData", "interactive_data", "interactive_from_stacked", "interactive_section",
           "interactive_page"]
