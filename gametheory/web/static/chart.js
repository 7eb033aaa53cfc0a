// Shared by the explorer (app.js) and the static interactive report, which inlines this file:
// exact fraction strings to numbers, number formatting, and the option chart.
"use strict";

function frac(text) {
  const s = String(text);
  if (s.includes("/")) { const [a, b] = s.split("/"); return Number(a) / Number(b); }
  return Number(s);
}

function fmt(v) {
  if (typeof v === "number") return String(Math.round(v * 1e4) / 1e4);
  return String(v);
}

/** Worst, equilibrium and best payoff of each option against the reference (an SVG drawn here). */
function drawOptionChart(svg, d) {
  const W = 540, H = 220, left = 150, right = 20, top = 14, bottom = 30;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.replaceChildren();
  const ns = "http://www.w3.org/2000/svg";
  const mk = (tag, attrs, text) => {
    const n = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    svg.append(n);
    return n;
  };
  const opts = d.options;
  const vals = [frac(d.reference)];
  for (const o of opts) vals.push(frac(o.worst), frac(o.best), ...o.reaction_payoffs.map(frac));
  let lo = Math.min(...vals), hi = Math.max(...vals);
  if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * 0.06; lo -= pad; hi += pad;
  const x = (v) => left + (W - left - right) * (v - lo) / (hi - lo);
  const band = (H - top - bottom) / Math.max(1, opts.length);
  opts.forEach((o, k) => {
    const y = top + band * (k + 0.5);
    mk("text", { x: left - 8, y: y + 4, "text-anchor": "end", "font-size": 12 }, o.option);
    mk("line", { x1: x(frac(o.worst)), x2: x(frac(o.best)), y1: y, y2: y, stroke: "#94a3b8", "stroke-width": 6, "stroke-linecap": "round" });
    for (const p of o.reaction_payoffs) mk("circle", { cx: x(frac(p)), cy: y, r: 5, fill: frac(p) < frac(d.reference) ? "#b91c1c" : "#047857" });
  });
  const xr = x(frac(d.reference));
  mk("line", { x1: xr, x2: xr, y1: top - 6, y2: H - bottom + 4, stroke: "#111827", "stroke-dasharray": "4 3" });
  mk("text", { x: xr, y: H - 8, "text-anchor": "middle", "font-size": 11 }, `reference ${fmt(d.reference)}`);
  mk("text", { x: left, y: H - 8, "font-size": 11, fill: "#6b7280" }, fmt(Math.round(lo * 100) / 100));
  mk("text", { x: W - right, y: H - 8, "text-anchor": "end", "font-size": 11, fill: "#6b7280" }, fmt(Math.round(hi * 100) / 100));
  svg.dataset.options = String(opts.length);
}

