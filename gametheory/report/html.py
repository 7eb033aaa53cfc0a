"""The zugzwang report: one self-contained HTML file, figure files and a JSON summary.

:func:`build_report` loads a game, solves it, diagnoses the focal player's
dilemma (:func:`gametheory.analysis.zugzwang.diagnose`), draws every figure that
applies (payoff landscapes, the option chart, parameter-sweep maps with the
closed-form boundaries, the payoff table or the tree, best responses, QRE and
dynamics for small games) and writes

* ``report.html``: figures embedded as base64 PNG, styles inline, no script and
  no network resource, so it opens anywhere, offline;
* ``figures/<name>.png|.svg|.pdf``;
* ``summary.json``: the game, the equilibria, the diagnosis, the sweep and the
  escape conditions.

Everything is computed by the public functions of the toolkit; the report only
assembles their outputs.
"""
from __future__ import annotations

import base64
import html
import io
import json
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..exceptions import GameTheoryError, InvalidGameError

__all__ = ["build_report", "Report", "choose_sweep_parameters"]

#: Default figure formats written next to the HTML.
FORMATS = ("png", "svg", "pdf")
#: Sweep points per parameter of each sweep map (fixed, so reports do not depend on speed).
SWEEP_GRID = 41
#: The same in quick mode.
QUICK_GRID = 11
#: The same for game trees (diagnosed point by point: no stacked route for subgame perfection).
TREE_GRID = 9
#: Matplotlib settings that make figure files byte-identical from run to run
#: (SVG element ids from a fixed salt; dates are dropped by :data:`FIGURE_METADATA`).
REPRODUCIBLE_RC = {"svg.hashsalt": "gametheory-report", "svg.fonttype": "path", "pdf.compression": 6}
#: Per-format metadata without dates or version strings.
FIGURE_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
                   "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}}


@dataclass
class Report:
    """What :func:`build_report` wrote.

    Attributes
    ----------
    html : Path
        The self-contained report.
    summary : Path
        ``summary.json``.
    figures : dict
        Figure name -> list of written files (one per format).
    captions : dict
        Figure name -> caption.
    notes : list of str
        Figures skipped and why.
    seconds : float
        Wall time.
    """

    html: Path
    summary: Path
    figures: dict = field(default_factory=dict)
    captions: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    seconds: float = 0.0


def _json_value(v):
    from fractions import Fraction
    from ..payoffs import format_value, is_symbolic
    if isinstance(v, Fraction):
        return format_value(v)
    if isinstance(v, (np.floating, float)):
        return float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.ndarray):
        return [_json_value(x) for x in v.tolist()]
    if isinstance(v, dict):
        return {str(k): _json_value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    if is_symbolic(v) or hasattr(v, "free_symbols"):
        return str(v)
    return v


def choose_sweep_parameters(game, conditions=None, sweep=None) -> tuple[str, str] | None:
    """The two parameters a report sweeps: ``sweep`` if given, else the first two
    of :func:`~gametheory.plotting.data.escape_parameters` (the parameters the
    escape conditions involve most); ``None`` when fewer than two have a range."""
    from ..plotting.data import escape_parameters, sweep_parameters
    if sweep is not None:
        if len(sweep) != 2 or sweep[0] == sweep[1]:
            raise InvalidGameError(f"sweep needs two different parameter names, got {list(sweep)}")
        for name in sweep:
            if name not in game.parameters:
                raise InvalidGameError(f"sweep: the game has no parameter {name!r}; it declares "
                                       f"{', '.join(game.parameters) or 'none'}")
        return tuple(sweep)
    ranged = sweep_parameters(game)
    if len(ranged) < 2:
        return None
    order = escape_parameters(conditions, ranged)
    return order[0], order[1]


class _Writer:
    """Saves figures in every format and keeps the PNG for embedding."""

    def __init__(self, out_dir: Path, formats, dpi: int):
        self.dir = out_dir / "figures"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.formats = tuple(formats)
        self.dpi = dpi
        self.files: dict[str, list[Path]] = {}
        self.png: dict[str, bytes] = {}
        self.captions: dict[str, str] = {}
        self.sections: dict[str, str] = {}
        self.fragments: dict[str, str] = {}   # HTML placed at the top of a section

    def save(self, name: str, fig, caption: str, section: str):
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=self.dpi, metadata=FIGURE_METADATA["png"])
        data = buf.getvalue()
        fig.set_layout_engine("none")  # keep the layout just computed for the other formats
        paths = []
        for fmt in self.formats:
            path = self.dir / f"{name}.{fmt}"
            if fmt == "png":
                path.write_bytes(data)
            else:
                fig.savefig(path, format=fmt, metadata=FIGURE_METADATA.get(fmt))
            paths.append(path)
        self.files[name] = paths
        self.png[name] = data
        self.captions[name] = caption
        self.sections[name] = section


def build_report(game_or_path, player, out_dir, params: dict | None = None, reference=0, *,
                 quick: bool = False, sweep=None, grid: int | None = None,
                 landscape_axes=None, formats=FORMATS, dpi: int = 110, seed: int = 0,
                 robustness=None, diagnose_options: dict | None = None,
                 sensitivity: int | None = None) -> Report:
    """Write the zugzwang report of ``player`` in a game.

    Parameters
    ----------
    game_or_path : game or path
        A game object or a game file (``.yaml``, ``.nfg``, ``.efg``).
    player : str or int
        The focal player.
    out_dir : path
        Created if needed; receives ``report.html``, ``summary.json`` and ``figures/``.
    params : dict, optional
        Parameter values (defaults fill the rest).
    reference : number or str
        The status quo the options are judged against (see ``diagnose``).
    quick : bool
        Coarser grids, no QRE or dynamics figures (a few seconds).
    sweep : (str, str), optional
        The two parameters of the sweep maps (default: see
        :func:`choose_sweep_parameters`).
    grid : int, optional
        Sweep points per parameter (default :data:`SWEEP_GRID` = 41, quick
        :data:`QUICK_GRID` = 11, game trees :data:`TREE_GRID` = 9).  Fixed: no time budget decides what a
        report contains, so the same command writes the same report anywhere.
    landscape_axes : sequence of (player, strategy), optional
        Passed to :func:`~gametheory.plotting.data.landscape_data`.
    formats : sequence of str
        Figure files to write (``png``, ``svg``, ``pdf``).
    seed : int
        Seed of the random start points of the dynamics figure and of the
        robustness sample.
    robustness : int or mapping, optional
        Passed to ``diagnose``: ``N`` Monte Carlo points of the parameter box
        (or ``{"grid": k}``); the share in zugzwang goes into the report.
    sensitivity : int, optional
        Monte Carlo samples of the sensitivity section (default
        :data:`~gametheory.report.sensitivity_section.SAMPLES`, quick
        :data:`~gametheory.report.sensitivity_section.QUICK_SAMPLES`; 0 leaves
        the section out), drawn with ``seed``.

    Returns
    -------
    Report
    """
    import matplotlib
    from ..analysis.zugzwang import diagnose
    from ..game import ExtensiveFormGame, NormalFormGame
    from ..plotting import data as pdata
    from ..plotting.drawings import plot_payoff_matrix, plot_tree, tree_figsize
    from ..plotting.dynamics import plot_best_responses, plot_qre_curve, plot_simplex
    from ..plotting.landscape import plot_landscape_grid, plot_option_chart, plot_sweep_map
    from ..plotting.style import new_figure
    from ..solvers import solve

    t0 = time.perf_counter()
    bad = [f for f in formats if f not in ("png", "svg", "pdf")]
    if bad:
        raise InvalidGameError(f"build_report: unknown figure format(s) {bad}; use png, svg, pdf")
    if "png" not in formats:
        formats = ("png",) + tuple(formats)
    source = None
    if isinstance(game_or_path, (NormalFormGame, ExtensiveFormGame)):
        game = game_or_path
    else:
        from ..io import load
        source = str(game_or_path)
        game = load(game_or_path)
    params = dict(params or {})
    if sweep is not None:
        choose_sweep_parameters(game, None, sweep)  # check the names before any work
    numeric = game.substitute(**params)
    focal = numeric.player(player)
    focal_label = numeric.players[focal]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    w = _Writer(out, formats, dpi)
    notes: list[str] = []

    with matplotlib.rc_context({"font.size": 9, **REPRODUCIBLE_RC}):
        # ------------------------------------------------------------ solve and diagnose
        # Trees: n-player subgames bounded as in the zugzwang diagnosis (spe's subgame_limit).
        from ..analysis.zugzwang import ENUMPOLY_LIMIT
        result = solve(numeric, **({"subgame_limit": ENUMPOLY_LIMIT} if isinstance(numeric, ExtensiveFormGame)
                                   else {}))
        nf = pdata.normal_form_of(numeric)
        base = None
        if result.equilibria:
            eq0 = result.equilibria[0]
            base = eq0.to_mixed(nf) if hasattr(eq0, "to_mixed") else eq0
        diagnosis = diagnose(game, player, reference=reference, params=params or None,
                             robustness=robustness, seed=seed, **(diagnose_options or {}))

        # ------------------------------------------------------------ option chart
        oc = pdata.option_chart_data(diagnosis)
        fig = new_figure((max(6.4, 1.4 * len(oc.options) + 1.5), 4.6))
        plot_option_chart(oc, ax=fig.add_subplot())
        w.save("options", fig, f"Each of {focal_label}'s options: worst case, best case and its payoff "
               f"in each equilibrium of the reaction game, against the reference (dashed).", "diagnosis")

        # ------------------------------------------------------------ landscapes
        if base is not None and nf.n_players >= 2 and any(
                nf.shape[j] >= 2 for j in range(nf.n_players) if j != focal):
            land = pdata.landscape_data(nf, focal, axes=landscape_axes, grid=21 if quick else 41,
                                        base=base, reference=_ref_number(diagnosis, reference))
            n = len(land.options) + (1 if land.y is not None else 0)
            ncols = min(3, n) if land.y is not None else 1
            nrows = -(-n // ncols)
            fig = new_figure((4.3 * ncols, 3.7 * nrows) if land.y is not None else (7, 4.5))
            plot_landscape_grid(land, fig=fig, ncols=ncols)
            held = ", ".join(p for j, p in enumerate(nf.players)
                             if j != focal and j not in {a for a, _ in land.axes})
            w.save("landscape", fig,
                   f"{focal_label}'s expected payoff for each option as {land.x_label}"
                   + (f" and {land.y_label}" if land.y_label else "") + " vary"
                   + (f"; {held} held at the first equilibrium" if held else "")
                   + ". Red is below the reference, blue above; the black line is the reference level; "
                     "the star marks the equilibrium.", "landscape")
        else:
            notes.append("payoff landscape skipped: no equilibrium to hold the others at, "
                         "or no other player has a choice")

        # ------------------------------------------------------------ sweeps
        sweep_summary = None
        conditions = getattr(diagnosis, "conditions", ())
        pair = choose_sweep_parameters(game, conditions, sweep) if game.parameters else None
        full_grid = TREE_GRID if isinstance(game, ExtensiveFormGame) else SWEEP_GRID
        g = grid or (min(QUICK_GRID, full_grid) if quick else full_grid)
        if pair is not None:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                sw = pdata.sweep_data(game, player, pair[0], pair[1], grid=g, reference=reference,
                                      params=params, conditions=conditions, **(diagnose_options or {}))
            if sw.errors:
                notes.append(f"the diagnosis failed at {len(sw.errors)} sweep point(s), left blank; first: "
                             f"{sw.errors[0]}")
            kinds = sorted({type(x.message).__name__ for x in caught})
            if caught:
                notes.append(f"{len(caught)} warning(s) ({', '.join(kinds)}) from the solvers during the "
                             f"sweep (degenerate games have continua of equilibria; the extreme ones are used)")
            for kind, cap in (("zugzwang", "Where every option of {p} is bad (red) and where one escapes "
                                           "(blue)"),
                              ("best", "{p}'s best reaction-equilibrium payoff"),
                              ("regime", "Which equilibria the game has")):
                fig = new_figure((6.4, 5.6 if kind != "best" else 4.8))
                plot_sweep_map(sw, kind=kind, ax=fig.add_subplot())
                crosses = any(np.nanmin(b[3]) < 0 < np.nanmax(b[3]) for b in sw.boundaries)
                w.save(f"sweep_{kind}", fig, cap.format(p=focal_label) + f" over {pair[0]} and {pair[1]}"
                       + ("; the black line is the closed-form boundary of the escape conditions"
                          if crosses else "") + ".", "sweep")
            sweep_summary = {
                "x": pair[0], "y": pair[1], "x_values": sw.x.tolist(), "y_values": sw.y.tolist(),
                "zugzwang": sw.zugzwang.tolist(), "margin": sw.margin.tolist(),
                "best_payoff": sw.best_payoff.tolist(), "regime": sw.regime.tolist(),
                "regime_labels": list(sw.regime_labels),
                "zugzwang_share": float(sw.zugzwang[~sw.failed].mean()) if (~sw.failed).any() else None,
                "failed": sw.failed.tolist(),
                "boundaries": [b[0] for b in sw.boundaries],
                "fixed": _json_value(sw.fixed),
            }
        elif game.parameters:
            notes.append("parameter sweep skipped: fewer than two parameters have a range (low/high)")

        # ------------------------------------------------------------ sensitivity
        from .sensitivity_section import sensitivity_section
        sens = sensitivity_section(game, player, w, reference=reference, params=params, seed=seed,
                                   quick=quick, samples=sensitivity)
        notes.extend(sens.notes)
        w.fragments["sensitivity"] = sens.html

        # ------------------------------------------------------------ drawings
        if isinstance(numeric, ExtensiveFormGame):
            marks = result.equilibria[0].marks() if result.equilibria and hasattr(
                result.equilibria[0], "marks") else None
            td = pdata.tree_data(numeric, marks)
            fig = new_figure(tree_figsize(td))
            plot_tree(td, ax=fig.add_subplot())
            w.save("tree", fig, "The game tree; the first equilibrium's path is drawn thick.", "game")
        if nf.n_players == 2 and max(nf.shape) <= 10:
            md = pdata.payoff_matrix_data(nf, [base] if isinstance(numeric, ExtensiveFormGame) and base
                                          else result.equilibria if not isinstance(numeric, ExtensiveFormGame)
                                          else None)
            fig = new_figure((1.9 * nf.shape[1] + 3.0, 0.8 * nf.shape[0] + 2.0))
            plot_payoff_matrix(md, ax=fig.add_subplot())
            w.save("matrix", fig, "The payoff table: best responses bold and underlined, pure "
                   "equilibria shaded.", "game")
        if nf.shape == (2, 2):
            br = pdata.best_response_data(nf)
            fig = new_figure((5.4, 5.4))
            plot_best_responses(br, ax=fig.add_subplot())
            w.save("best_responses", fig, "Best-response correspondences; they cross at the equilibria.",
                   "game")
        if not quick and nf.n_players >= 2 and int(np.prod(nf.shape)) <= 64:
            try:
                qres = solve(nf, method="qre")
                qd = pdata.qre_curve_data(qres)
            except (GameTheoryError, KeyError, ImportError) as exc:
                notes.append(f"QRE curve skipped: {exc}")
            else:
                fig = new_figure((6.8, 4.6))
                plot_qre_curve(qd, player=focal, ax=fig.add_subplot())
                w.save("qre", fig, f"{focal_label}'s logit quantal response probabilities as rationality "
                       "(lambda) grows; the limit is a Nash equilibrium.", "more")
        three = [i for i in range(nf.n_players) if nf.shape[i] == 3]
        if not quick and three and nf.n_players == 2:
            from ..analysis.dynamics import replicator
            i = three[0]
            rng = np.random.default_rng(seed)
            trajs = []
            for _ in range(4):
                start = [rng.dirichlet(np.ones(m)) for m in nf.shape]
                trajs.append(replicator(nf, start, t_max=30.0, steps=300).strategies[i])
            sd = pdata.simplex_data(trajs, nf.strategies[i],
                                    title=f"Replicator dynamics: {nf.players[i]}'s mix")
            fig = new_figure((5.6, 5.2))
            plot_simplex(sd, ax=fig.add_subplot())
            w.save("dynamics", fig, f"Replicator dynamics from four random starts (seed {seed}): "
                   f"{nf.players[i]}'s strategy mix on the simplex.", "more")

    # ------------------------------------------------------------ summary.json
    diag_json = diagnosis.to_json()
    summary = {
        "game": {
            "title": game.title, "file": source, "players": list(game.players),
            "strategies": [list(s) for s in nf.strategies],
            "kind": game.kind,
            "parameters": {k: _json_value(v) for k, v in numeric.metadata.get("parameter_values", {}).items()},
        },
        "player": focal_label,
        "equilibria": result.to_json(),
        "diagnosis": diag_json,
        "conditions": diag_json.get("conditions", []) if isinstance(diag_json, dict) else [],
        "sweep": sweep_summary,
        "sensitivity": sens.summary,
        "figures": {k: [str(p.relative_to(out)) for p in v] for k, v in w.files.items()},
        "notes": notes,
    }
    summary_path = out / "summary.json"
    summary_path.write_text(json.dumps(_json_value(summary), indent=2, ensure_ascii=False, default=str),
                            encoding="utf-8")

    # ------------------------------------------------------------ HTML
    page = _html_page(game, numeric, nf, focal_label, result, diagnosis, diag_json, w, out,
                      sweep_summary, notes, source, params, quick)
    html_path = out / "report.html"
    html_path.write_text(page, encoding="utf-8")
    return Report(html=html_path, summary=summary_path, figures=dict(w.files), captions=dict(w.captions),
                  notes=notes, seconds=time.perf_counter() - t0)


def _ref_number(diagnosis, reference) -> float:
    return float(diagnosis.reference)


_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:0.2em} h2{border-bottom:2px solid #ddd;padding-bottom:0.2em;margin-top:1.8em}
.verdict{padding:0.8em 1em;border-radius:6px;margin:1em 0;font-size:1.05em}
.zug{background:#fde0dd;border-left:6px solid #b2182b} .free{background:#deebf7;border-left:6px solid #2166ac}
figure{margin:1.2em 0;text-align:center} figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:0.9em;color:#444;margin-top:0.4em;text-align:left}
code{background:#f4f4f4;padding:0 3px;border-radius:3px} .small{font-size:0.85em;color:#555}
nav a{margin-right:1em}
"""

_SECTIONS = (("diagnosis", "The diagnosis"), ("landscape", "Payoff landscapes"),
             ("sweep", "Parameter sweeps"), ("sensitivity", "Sensitivity"), ("game", "The game drawn"),
             ("more", "More figures"))


def _figure_html(w: _Writer, name: str, out: Path) -> str:
    b64 = base64.b64encode(w.png[name]).decode("ascii")
    links = " ".join(f'<a href="{html.escape(str(p.relative_to(out)))}">{p.suffix[1:]}</a>'
                     for p in w.files[name])
    cap = html.escape(w.captions[name])
    return (f'<figure id="fig-{name}"><img src="data:image/png;base64,{b64}" alt="{cap}">'
            f"<figcaption>{cap} <span class=\"small\">Files: {links}</span></figcaption></figure>")


def _html_page(game, numeric, nf, focal, result, diagnosis, diag_json, w, out, sweep_summary, notes,
               source, params, quick=False) -> str:
    from .. import __version__
    from .notebook import conditions_html, diagnosis_html, game_html, result_html
    e = html.escape
    title = game.title or (Path(source).stem if source else "game")
    zug = bool(diagnosis.zugzwang)
    verdict = (f"<div class=\"verdict {'zug' if zug else 'free'}\"><b>{e(focal)}</b> is "
               + ("<b>in zugzwang</b>: every option, doing nothing included, leaves it below the "
                  "reference in every equilibrium of the game that follows." if zug else
                  "<b>not in zugzwang</b>: at least one option reaches the reference in some equilibrium.")
               + f" Margin {e(str(diag_json.get('margin') if isinstance(diag_json, dict) else diagnosis.margin))}"
               + (", strong form (even its security value is below the reference)." if diagnosis.strong else ".")
               + "</div>")
    values = numeric.metadata.get("parameter_values") or {}
    parts = [
        "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>Zugzwang report: {e(focal)} in {e(title)}</title>",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Zugzwang report: {e(focal)} in {e(title)}</h1>",
        f"<p class=\"small\">gametheory {e(__version__)}"
        + (f"; game file <code>{e(source)}</code>" if source else "")
        + ("; parameters " + ", ".join(f"<code>{e(k)}={e(_fmt_value(v))}</code>" for k, v in values.items())
           if values else "") + "</p>",
        verdict,
        "<nav>" + "".join(f'<a href="#{k}">{v}</a>' for k, v in
                          (("game-section", "The game"), ("equilibria", "Equilibria"))
                          + tuple((f"sec-{k}", v) for k, v in _SECTIONS
                                  if any(s == k for s in w.sections.values()))
                          + (("conditions", "Escape conditions"),)) + "</nav>",
    ]
    if game.description:
        parts.append(f"<p>{e(game.description)}</p>")
    parts.append('<h2 id="game-section">The game</h2>')
    if len(nf.players) <= 2 or int(np.prod(nf.shape)) <= 300:
        parts.append(game_html(numeric if not hasattr(numeric, "nodes") else numeric))
    parts.append('<h2 id="equilibria">Equilibria</h2>')
    parts.append(result_html(result))
    for k, label in _SECTIONS:
        names = [n for n, s in w.sections.items() if s == k]
        if not names:
            continue
        parts.append(f'<h2 id="sec-{k}">{label}</h2>')
        if k == "diagnosis":
            parts.append(diagnosis_html(diagnosis))
        if k == "sweep" and sweep_summary and sweep_summary["zugzwang_share"] is not None:
            parts.append(f"<p>The zugzwang holds on {100 * sweep_summary['zugzwang_share']:.0f}% of the "
                         f"{len(sweep_summary['x_values'])}&times;{len(sweep_summary['y_values'])} grid over "
                         f"<code>{e(sweep_summary['x'])}</code> and <code>{e(sweep_summary['y'])}</code>.</p>")
        parts.append(w.fragments.get(k, ""))
        for n in names:
            parts.append(_figure_html(w, n, out))
    parts.append('<h2 id="conditions">Escape conditions and robustness</h2>')
    parts.append(conditions_html(diag_json.get("conditions") if isinstance(diag_json, dict) else None))
    rob = getattr(diagnosis, "robustness", None)
    if rob is not None:
        parts.append(f"<p><b>Robustness</b> ({e(str(rob.design))}, n = {rob.n}, seed {e(str(rob.seed))}, "
                     f"parameters {e(', '.join(map(str, rob.parameters)))}): the zugzwang holds in "
                     f"<b>{100 * rob.share:.1f}%</b> of the parameter box "
                     f"({100 * rob.confidence:.0f}% Wilson interval {100 * rob.low:.1f}% to "
                     f"{100 * rob.high:.1f}%).</p>")
    if notes:
        parts.append("<h2>Notes</h2><ul>" + "".join(f"<li>{e(n)}</li>" for n in notes) + "</ul>")
    if source:
        import shlex
        cmd = ["gametheory", "report", source, "--player", focal, "--out", "DIR"]
        for k, v in params.items():
            cmd += ["--param", f"{k}={_fmt_value(v)}"]
        if quick:
            cmd.append("--quick")
        parts.append(f'<p class="small">Reproduce: <code>{e(shlex.join(cmd))}</code></p>')
    parts.append('<p class="small">Machine-readable results: <a href="summary.json">summary.json</a>. '
                 "Every number above was produced by the toolkit's solvers and diagnostics "
                 "(verified equilibria), not read from the game file.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _fmt_value(v) -> str:
    from ..payoffs import format_value
    return format_value(v)
