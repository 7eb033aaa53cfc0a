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
from typing import Any, Callable, Mapping, Sequence


CHART_JS = Path(__file__).resolve().parents[1] / "web" / "static" / "chart.js"


@dataclass(frozen=True)
class InteractiveData:
    """The diagnosis at every point of a two-parameter grid, ready for the page.

    ``points[iy][ix]`` is the diagnosis JSON (verdict, margin, reference and
    options with worst, best and reaction payoffs) at ``x_values[ix]``,
    ``y_values[iy]``; ``fixed`` holds the other parameters' values.
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


def _point_json(d) -> dict:
    """The part of a diagnosis the panel shows (kept small: the page holds one per grid point)."""
    full = d.to_json()
    return {
        "zugzwang": full["zugzwang"], "margin": full["margin"], "reference": full["reference"],
        "best_option": full["best_option"], "strong": full["strong"],
        "options": [{"option": o["option"], "worst": o["worst"], "best": o["best"],
                     "reaction_payoffs": o["reaction_payoffs"]} for o in full["options"]],
    }


def interactive_data(game, player, x: str, y: str, x_values: Sequence, y_values: Sequence, *,
                     reference=0, params: Mapping[str, Any] | None = None,
                     diagnose_points: Callable | None = None, progress=None) -> InteractiveData:
    """Diagnose ``player`` at every point of the grid ``x_values`` x ``y_values``.

    Parameters
    ----------
    diagnose_points : callable, optional
        ``f(game, player, points, reference) -> list of ZugzwangDiagnosis`` for a
        list of parameter dicts; the default calls
        :func:`gametheory.analysis.zugzwang.diagnose` at each point (without
        escape conditions or the whole-game verdict, which the panel does not show).
    progress : callable, optional
        Called with the number of points done after each point.
    """
    from ..analysis.zugzwang import diagnose
    from ..exceptions import InvalidGameError
    if x == y:
        raise InvalidGameError("the interactive panel needs two different parameters")
    base = {k: v for k, v in dict(params or {}).items() if k not in (x, y)}
    xs = [_exact(v) for v in x_values]
    ys = [_exact(v) for v in y_values]
    points = [{**base, x: vx, y: vy} for vy in ys for vx in xs]
    if diagnose_points is None:
        def diagnose_points(game, player, pts, reference):
            out = []
            for k, p in enumerate(pts):
                out.append(diagnose(game, player, reference=reference, params=p,
                                    conditions=False, whole_game=False))
                if progress is not None:
                    progress(k + 1)
            return out
    diags = diagnose_points(game, player, points, reference)
    rows = tuple(tuple(_point_json(diags[iy * len(xs) + ix]) for ix in range(len(xs)))
                 for iy in range(len(ys)))
    fixed = {k: v for k, v in game.parameter_values(**base).items() if k not in (x, y)}
    return InteractiveData(player=str(diags[0].player) if diags else str(player), x_name=x, y_name=y,
                           x_values=tuple(xs), y_values=tuple(ys), points=rows, fixed=fixed)


def _exact(v):
    """Grid values as exact numbers: Fractions stay, floats become their shortest decimal."""
    if isinstance(v, (Fraction, int)):
        return Fraction(v)
    return Fraction(repr(float(v)))


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


__all__ = ["InteractiveData", "interactive_data", "interactive_section", "interactive_page"]
