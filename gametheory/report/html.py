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
from typing import Any

import numpy as np

from ..exceptions import GameTheoryError, InvalidGameError

__all__ = ["build_report", "Report", "choose_sweep_parameters"]

#: Default figure formats written next to the HTML.
FORMATS = ("png", "svg", "pdf")
#: Sweep points per parameter of each sweep map (fixed, so reports do not depend on speed).
SWEEP_GRID = 41
#: The same in quick mode.
QUICK_GRID = 11
#: The same for game trees (the stacked tree route, :mod:`gametheory.analysis.zugzwang.trees`).
TREE_GRID = 41
#: Largest strategic form (pure profiles) whose logit QRE curve the full report draws
#: (a figure of the report, not a choice of solver: the curve of a larger game is unreadable).
QRE_FIGURE_MAX_PROFILES = 64
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


@dataclass
class _Inputs:
    """What the report is about: the game, its numeric instance, the focal player, where
    it goes (``w`` saves the figures) and the notes collected on the way."""

    game: Any
    source: str | None
    params: dict
    numeric: Any
    focal: int
    focal_label: str
    out: Path
    w: _Writer
    notes: list


@dataclass
class _Analysis:
    """The computed diagnosis data the figures and the page show."""

    result: Any            # the equilibria of the whole game
    nf: Any                # its (reduced) normal form
    base: Any              # the first equilibrium as a mixed profile, or None
    diagnosis: Any
    baselines: Any
    reference: Any         # the lead reference's spec
    construction: Any      # the construction check, or None
    pair: Any = None       # the two swept parameters
    sweep: Any = None      # plotting.data.sweep_data of the pair
    sweep_summary: dict | None = None


def build_report(game_or_path, player, out_dir, params: dict | None = None, reference=None, *,
                 quick: bool = False, sweep=None, grid: int | None = None, allow_out_of_range: bool = False,
                 landscape_axes=None, formats=FORMATS, dpi: int = 110, seed: int = 0,
                 robustness=None, diagnose_options: dict | None = None,
                 sensitivity: int | None = None, conflict=None,
                 conflict_options: dict | None = None, interactive: bool = False,
                 sweep_values: dict | None = None) -> Report:
    """Write the zugzwang report of ``player`` in a game.

    The work goes in three steps: compute the diagnosis data (solve, diagnose,
    baselines, construction check, parameter sweep: :func:`_compute`), draw the
    figures (:func:`_draw_figures`), write ``summary.json`` and the page
    (:func:`_write_summary`, :func:`_write_page`).

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
    reference : number, str or None
        The reference the options are judged against first: ``None`` for the
        model's primary named reference (``references:`` in the file; else 0), a
        declared reference's name, or anything ``diagnose`` accepts.  The verdict
        against every declared reference follows it.
    allow_out_of_range : bool
        Accept parameter values outside their documented ranges (refused otherwise).
    quick : bool
        Coarser grids, no QRE or dynamics figures (a few seconds).
    sweep : (str, str), optional
        The two parameters of the sweep maps (default: see
        :func:`choose_sweep_parameters`).
    sweep_values : dict, optional
        ``{parameter: values}`` for the sweep maps' axes (``report --grid
        NAME=LO:HI:STEPS``); default ``grid`` points over each declared range.
    grid : int, optional
        Sweep points per parameter (default :data:`SWEEP_GRID` = 41, quick
        :data:`QUICK_GRID` = 11, game trees :data:`TREE_GRID` = 41).  Fixed: no time budget decides what a
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
    interactive : bool
        Adds the static interactive panel (:mod:`gametheory.report.interactive`):
        sliders over the sweep grid showing the verdict, margin and option chart
        at each point, precomputed, with no server (works from ``file://``).
    conflict : Conflict or path, optional
        Adds the conflict section (:func:`gametheory.report.conflict_section.conflict_section`,
        called with ``conflict_options``).

    Returns
    -------
    Report
    """
    import matplotlib

    from ..plotting.style import PLAIN_TEXT

    t0 = time.perf_counter()
    bad = [f for f in formats if f not in ("png", "svg", "pdf")]
    if bad:
        raise InvalidGameError(f"build_report: unknown figure format(s) {bad}; use png, svg, pdf")
    if "png" not in formats:
        formats = ("png",) + tuple(formats)
    inp = _inputs(game_or_path, player, out_dir, params, allow_out_of_range, sweep, formats, dpi)
    rc: Any = {"font.size": 9, **REPRODUCIBLE_RC, **PLAIN_TEXT}
    with matplotlib.rc_context(rc):
        data = _compute(inp, player, reference, sweep=sweep, grid=grid, quick=quick, seed=seed,
                        robustness=robustness, diagnose_options=diagnose_options,
                        sweep_values=sweep_values)
        if interactive and data.pair is None:
            inp.notes.append("interactive panel skipped: the report has no parameter sweep")
        sens = _draw_figures(inp, data, player, quick=quick, seed=seed, sensitivity=sensitivity,
                             landscape_axes=landscape_axes)
    summary, summary_path = _write_summary(inp, data, sens)
    html_path = _write_page(inp, data, summary, quick=quick, interactive=interactive,
                            conflict=conflict, conflict_options=conflict_options)
    w = inp.w
    return Report(html=html_path, summary=summary_path, figures=dict(w.files), captions=dict(w.captions),
                  notes=inp.notes, seconds=time.perf_counter() - t0)


def _inputs(game_or_path, player, out_dir, params, allow_out_of_range, sweep, formats, dpi) -> _Inputs:
    """Load the game, check the parameter values and the sweep's names, make the folders."""
    from ..game import ExtensiveFormGame, NormalFormGame
    from ..game.ranges import check_parameter_values
    source = None
    if isinstance(game_or_path, (NormalFormGame, ExtensiveFormGame)):
        game = game_or_path
    else:
        from ..io import load
        source = str(game_or_path)
        game = load(game_or_path)
    params = dict(params or {})
    range_notes = check_parameter_values(game, params, allow_out_of_range=allow_out_of_range,
                                         where="parameter")
    if sweep is not None:
        choose_sweep_parameters(game, None, sweep)  # check the names before any work
    numeric = game.substitute(**params)
    focal = numeric.player(player)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return _Inputs(game=game, source=source, params=params, numeric=numeric, focal=focal,
                   focal_label=numeric.players[focal], out=out, w=_Writer(out, formats, dpi),
                   notes=list(range_notes))


# ---------------------------------------------------------------- step 1: compute
def _compute(inp: _Inputs, player, reference, *, sweep, grid, quick, seed, robustness,
             diagnose_options, sweep_values=None) -> _Analysis:
    """Solve the game, diagnose the focal player against every reference, check the
    construction and sweep the chosen parameter pair."""
    from ..analysis.baselines import diagnose_baselines
    from ..analysis.zugzwang import ENUMPOLY_LIMIT
    from ..game import ExtensiveFormGame
    from ..plotting import data as pdata
    from ..solvers import solve

    game, numeric, params = inp.game, inp.numeric, inp.params
    # Trees: n-player subgames bounded as in the zugzwang diagnosis (spe's subgame_limit).
    options: dict[str, Any] = ({"subgame_limit": ENUMPOLY_LIMIT} if isinstance(numeric, ExtensiveFormGame)
                               else {})
    result = solve(numeric, **options)
    nf = pdata.normal_form_of(numeric)
    base = None
    if result.equilibria:
        eq0 = result.equilibria[0]
        base = eq0.to_mixed(nf) if hasattr(eq0, "to_mixed") else eq0
    diagnosis, baselines = diagnose_baselines(game, player, reference=reference, params=params or None,
                                              robustness=robustness, seed=seed, **(diagnose_options or {}))
    reference = baselines.lead.reference.spec
    construction = _construction(game, player, diagnosis, params, reference, inp.notes)
    data = _Analysis(result=result, nf=nf, base=base, diagnosis=diagnosis, baselines=baselines,
                     reference=reference, construction=construction)
    if not _has_landscape(inp, data):
        inp.notes.append("payoff landscape skipped: no equilibrium to hold the others at, "
                         "or no other player has a choice")
    _compute_sweep(inp, data, player, sweep=sweep, grid=grid, quick=quick,
                   diagnose_options=diagnose_options, sweep_values=sweep_values)
    return data


def _has_landscape(inp: _Inputs, data: _Analysis) -> bool:
    """Whether a landscape can be drawn: an equilibrium to hold the others at and another
    player with a choice."""
    nf = data.nf
    return data.base is not None and nf.n_players >= 2 and any(
        nf.shape[j] >= 2 for j in range(nf.n_players) if j != inp.focal)


def _compute_sweep(inp: _Inputs, data: _Analysis, player, *, sweep, grid, quick, diagnose_options,
                   sweep_values=None) -> None:
    """The diagnosis over the chosen parameter pair (``data.sweep``, ``data.sweep_summary``)."""
    from ..game import ExtensiveFormGame
    from ..plotting import data as pdata

    game, notes = inp.game, inp.notes
    conditions = getattr(data.diagnosis, "conditions", ())
    pair = choose_sweep_parameters(game, conditions, sweep) if game.parameters else None
    if pair is None:
        if game.parameters:
            notes.append("parameter sweep skipped: fewer than two parameters have a range (low/high)")
        return
    full_grid = TREE_GRID if isinstance(game, ExtensiveFormGame) else SWEEP_GRID
    g = grid or (min(QUICK_GRID, full_grid) if quick else full_grid)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sw = pdata.sweep_data(game, player, pair[0], pair[1], grid=g, reference=data.reference,
                              x_values=(sweep_values or {}).get(pair[0]),   # --grid NAME=LO:HI:STEPS
                              y_values=(sweep_values or {}).get(pair[1]),
                              params=inp.params, conditions=conditions, **(diagnose_options or {}))
    if sw.errors:
        notes.append(f"the diagnosis failed at {len(sw.errors)} sweep point(s), left blank; first: "
                     f"{sw.errors[0]}")
    kinds = sorted({type(x.message).__name__ for x in caught})
    if caught:
        notes.append(f"{len(caught)} warning(s) ({', '.join(kinds)}) from the solvers during the "
                     f"sweep (degenerate games have continua of equilibria; the extreme ones are used)")
    data.pair, data.sweep = pair, sw
    data.sweep_summary = {
        "x": pair[0], "y": pair[1], "x_values": sw.x.tolist(), "y_values": sw.y.tolist(),
        "zugzwang": sw.zugzwang.tolist(), "margin": sw.margin.tolist(),
        "best_payoff": sw.best_payoff.tolist(), "regime": sw.regime.tolist(),
        "regime_labels": list(sw.regime_labels),
        "zugzwang_share": float(sw.zugzwang[~sw.failed].mean()) if (~sw.failed).any() else None,
        "failed": sw.failed.tolist(),
        "boundaries": [b[0] for b in sw.boundaries],
        "fixed": _json_value(sw.fixed),
    }


# ---------------------------------------------------------------- step 2: draw
def _draw_figures(inp: _Inputs, data: _Analysis, player, *, quick, seed, sensitivity, landscape_axes):
    """Every figure, in the page's order; returns the sensitivity section."""
    from .sensitivity_section import sensitivity_section

    _draw_diagnosis(inp, data)
    if _has_landscape(inp, data):
        _draw_landscape(inp, data, landscape_axes, quick)
    if data.sweep is not None:
        _draw_sweeps(inp, data)
    sens = sensitivity_section(inp.game, player, inp.w, reference=data.reference, params=inp.params,
                               seed=seed, quick=quick, samples=sensitivity)
    inp.notes.extend(sens.notes)
    inp.w.fragments["sensitivity"] = sens.html
    _draw_game(inp, data)
    if not quick:
        _draw_more(inp, data, seed)
    return sens


def _draw_diagnosis(inp: _Inputs, data: _Analysis) -> None:
    """The option chart and, when the construction check found effects, the ablation."""
    from ..plotting import data as pdata
    from ..plotting.landscape import plot_option_chart
    from ..plotting.style import new_figure

    w, focal_label, lead = inp.w, inp.focal_label, data.baselines.lead
    oc = pdata.option_chart_data(data.diagnosis)
    fig = new_figure((max(6.4, 1.4 * len(oc.options) + 1.5), 5.2))
    plot_option_chart(oc, ax=fig.add_subplot())
    w.save("options", fig, f"Each of {focal_label}'s options: worst case, best case and its payoff "
           f"in each equilibrium of the reaction game, against the reference "
           f"{lead.reference.description} (dashed).", "diagnosis")
    construction = data.construction
    if construction is not None and construction.effects:
        from ..plotting.landscape import plot_ablation
        ab = pdata.ablation_data(construction)
        fig = new_figure((7.4, 0.45 * len(ab.names) + 2.6))
        plot_ablation(ab, ax=fig.add_subplot())
        w.save("ablation", fig, f"The margin of {focal_label}'s zugzwang with each payoff component "
               f"dropped in turn (reference {lead.reference.name}); red bars cross zero: that "
               f"component alone carries the verdict ({', '.join(construction.drivers) or 'none'}).",
               "diagnosis")


def _draw_landscape(inp: _Inputs, data: _Analysis, landscape_axes, quick) -> None:
    """The focal player's payoff over the others' mixes, one panel per option."""
    from ..game import ExtensiveFormGame
    from ..plotting import data as pdata
    from ..plotting.landscape import plot_landscape_grid
    from ..plotting.style import new_figure

    nf, diagnosis = data.nf, data.diagnosis
    reactions = None
    if not isinstance(inp.numeric, ExtensiveFormGame):
        reactions = [[np.asarray(p, dtype=float) for p in o.reaction_equilibria.equilibria[0].probabilities]
                     if o.reaction_equilibria.equilibria else None for o in diagnosis.options]
    land = pdata.landscape_data(nf, inp.focal, axes=landscape_axes, grid=21 if quick else 41,
                                base=data.base, reference=_ref_number(diagnosis, data.reference),
                                reactions=reactions)
    n = len(land.options) + (1 if land.y is not None else 0)
    ncols = min(3, n) if land.y is not None else 1
    nrows = -(-n // ncols)
    fig = new_figure((4.3 * ncols, 3.7 * nrows) if land.y is not None else (7, 4.5))
    plot_landscape_grid(land, fig=fig, ncols=ncols)
    inp.w.save("landscape", fig, _landscape_caption(land, nf, inp.focal, inp.focal_label,
                                                    landscape_axes is None), "landscape")


def _draw_sweeps(inp: _Inputs, data: _Analysis) -> None:
    """The three sweep maps: zugzwang or escape, best payoff, equilibrium regime."""
    from ..plotting.landscape import plot_sweep_map
    from ..plotting.style import new_figure

    sw, pair = data.sweep, data.pair
    for kind, cap in (("zugzwang", "Where every option of {p} is bad (red) and where one escapes "
                                   "(blue)"),
                      ("best", "{p}'s best reaction-equilibrium payoff"),
                      ("regime", "Which equilibria the game has")):
        fig = new_figure((6.4, 5.6 if kind != "best" else 4.8))
        plot_sweep_map(sw, kind=kind, ax=fig.add_subplot())
        crosses = any(np.nanmin(b[3]) < 0 < np.nanmax(b[3]) for b in sw.boundaries)
        inp.w.save(f"sweep_{kind}", fig, cap.format(p=inp.focal_label) + f" over {pair[0]} and {pair[1]}"
                   + ("; the black line is the closed-form boundary of the escape conditions"
                      if crosses else "") + ".", "sweep")


def _draw_game(inp: _Inputs, data: _Analysis) -> None:
    """The game drawn: the tree, the payoff table, the best-response correspondences."""
    from ..game import ExtensiveFormGame
    from ..plotting import data as pdata
    from ..plotting.drawings import plot_payoff_matrix, plot_tree, tree_figsize
    from ..plotting.dynamics import plot_best_responses
    from ..plotting.style import new_figure

    numeric, nf, result, w = inp.numeric, data.nf, data.result, inp.w
    is_tree = isinstance(numeric, ExtensiveFormGame)
    if is_tree:
        marks = result.equilibria[0].marks() if result.equilibria and hasattr(
            result.equilibria[0], "marks") else None
        td = pdata.tree_data(numeric, marks)
        fig = new_figure(tree_figsize(td))
        plot_tree(td, ax=fig.add_subplot())
        w.save("tree", fig, "The game tree; the first equilibrium's path is drawn thick.", "game")
    if nf.n_players == 2 and max(nf.shape) <= 10:
        md = pdata.payoff_matrix_data(nf, [data.base] if is_tree and data.base
                                      else result.equilibria if not is_tree else None)
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


def _draw_more(inp: _Inputs, data: _Analysis, seed: int) -> None:
    """The full report's extra figures: the QRE curve and replicator dynamics."""
    from ..plotting import data as pdata
    from ..plotting.dynamics import plot_qre_curve, plot_simplex
    from ..plotting.style import new_figure
    from ..solvers import solve

    nf, w = data.nf, inp.w
    if nf.n_players >= 2 and int(np.prod(nf.shape)) <= QRE_FIGURE_MAX_PROFILES:
        try:
            qres = solve(nf, method="qre")
            qd = pdata.qre_curve_data(qres)
        except (GameTheoryError, KeyError, ImportError) as exc:
            inp.notes.append(f"QRE curve skipped: {exc}")
        else:
            fig = new_figure((6.8, 4.6))
            plot_qre_curve(qd, player=inp.focal, ax=fig.add_subplot())
            w.save("qre", fig, f"{inp.focal_label}'s logit quantal response probabilities as rationality "
                   "(lambda) grows; the limit is a Nash equilibrium.", "more")
    three = [i for i in range(nf.n_players) if nf.shape[i] == 3]
    if three and nf.n_players == 2:
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


# ---------------------------------------------------------------- step 3: write
def _write_summary(inp: _Inputs, data: _Analysis, sens) -> tuple[dict, Path]:
    """``summary.json``: provenance, game, equilibria, diagnosis, baselines, sweep, figures."""
    game, numeric, out = inp.game, inp.numeric, inp.out
    diag_json = data.diagnosis.to_json()
    summary = {
        "provenance": _provenance(game, numeric, inp.source, data.baselines),
        "game": {
            "title": game.title, "file": inp.source, "players": list(game.players),
            "strategies": [list(s) for s in data.nf.strategies],
            "kind": game.kind,
            "parameters": {k: _json_value(v) for k, v in numeric.metadata.get("parameter_values", {}).items()},
        },
        "player": inp.focal_label,
        "equilibria": data.result.to_json(),
        "diagnosis": diag_json,
        "baselines": data.baselines.to_json(),
        "construction": None if data.construction is None else data.construction.to_json(),
        "conditions": diag_json.get("conditions", []) if isinstance(diag_json, dict) else [],
        "sweep": data.sweep_summary,
        "sensitivity": sens.summary,
        "figures": {k: [str(p.relative_to(out)) for p in v] for k, v in inp.w.files.items()},
        "notes": inp.notes,
    }
    summary_path = out / "summary.json"
    summary_path.write_text(json.dumps(_json_value(summary), indent=2, ensure_ascii=False, default=str),
                            encoding="utf-8")
    return summary, summary_path


def _write_page(inp: _Inputs, data: _Analysis, summary: dict, *, quick, interactive, conflict,
                conflict_options) -> Path:
    """``report.html``, with the interactive panel and the conflict section when asked."""
    page = _html_page(inp.game, inp.numeric, data.nf, inp.focal_label, data.result, data.diagnosis,
                      summary["diagnosis"], inp.w, inp.out, data.sweep_summary, inp.notes, inp.source,
                      inp.params, quick, baselines=data.baselines, construction=data.construction,
                      provenance=summary["provenance"])
    if interactive and data.sweep is not None:  # gametheory.report.interactive
        from .interactive import interactive_from_stacked, interactive_section
        sw, pair = data.sweep, data.pair
        panel = interactive_section(interactive_from_stacked(sw.stacked, pair[0], pair[1],
                                                             sw.x.tolist(), sw.y.tolist(), sw.fixed))
        page = page.replace("</body></html>", panel + "\n</body></html>")
    if conflict is not None:  # conflict= (a Conflict or file): gametheory.report.conflict_section
        from .conflict_section import conflict_section
        page = page.replace("</body></html>", conflict_section(conflict, **(conflict_options or {}))
                            + "\n</body></html>")
    html_path = inp.out / "report.html"
    html_path.write_text(page, encoding="utf-8")
    return html_path


def _landscape_caption(land, nf, focal: int, focal_label: str, default_axes: bool) -> str:
    """What the landscape shows, what it holds fixed, and the share of the displayed
    region where the best option reaches the reference (computed, not asserted)."""
    on_axes = {j for j, _ in land.axes}
    held = []
    for j, p in enumerate(nf.players):
        if j == focal or j in on_axes:
            continue
        mix = ", ".join(f"{nf.strategies[j][s]} {v:.2g}" if v < 1 - 1e-9 else nf.strategies[j][s]
                        for s, v in enumerate(land.base[j]) if v > 1e-9)
        held.append(f"{p} held at {mix}")
    share = land.share_above
    claim = ("every option is below the reference everywhere in the displayed region" if share == 0 else
             f"the best option reaches the reference on {share:.0%} of the displayed region")
    return (f"{focal_label}'s expected payoff for each option as {land.x_label}"
            + (f" and {land.y_label}" if land.y_label else "") + " vary"
            + (" (the axes whose mixing moves the payoff most)" if default_axes else "")
            + ("; " + "; ".join(held) + " (the first equilibrium of the whole game)" if held else "")
            + f". Red is below the reference ({land.reference:g}), blue above; the dashed line is the reference "
              f"level on an option's panel and, on the best-option panel, the escape boundary where some option "
              f"reaches it; the star in each option's panel is that option's own reaction equilibrium (in the "
              f"best-option panel, the whole game's equilibrium). Over the displayed region, {claim}.")


def _construction(game, player, diagnosis, params, reference, notes):
    """The construction check of the diagnosis, or None (with a note) when it fails."""
    from ..analysis.construction import construction_check
    try:
        return construction_check(game, player, diagnosis, params=params or None, reference=reference)
    except (GameTheoryError, KeyError, ValueError) as exc:
        notes.append(f"construction check skipped: {exc}")
        return None


def _provenance(game, numeric, source, baselines) -> dict:
    """Where every number of the model comes from: title, source, parameters (value,
    range, description, rationale), payoff formulas with their rationales, the
    references and the flagged assumptions."""
    from ..game import ExtensiveFormGame
    from ..payoffs import format_value
    values = numeric.metadata.get("parameter_values") or {}
    params = []
    for k, p in game.parameters.items():
        params.append({"name": k, "value": _json_value(values.get(k, p.default)),
                       "default": _json_value(p.default),
                       "range": None if p.low is None or p.high is None else [_json_value(p.low), _json_value(p.high)],
                       "description": p.description, "rationale": p.rationale})
    payoffs = []
    if isinstance(game, ExtensiveFormGame):
        for o in game.outcomes:
            payoffs.append({"outcome": o.label, "payoffs": [format_value(v) for v in o.payoffs],
                            "rationale": o.rationale})
    else:
        for idx in game.profiles():
            note = game.notes.get(idx) or {}
            entry = {"profile": [game.strategies[i][k] for i, k in enumerate(idx)],
                     "payoffs": [format_value(game.payoffs[(i,) + idx]) for i in range(game.n_players)],
                     "rationale": note.get("rationale", "")}
            if note.get("components"):
                entry["components"] = {pl: {c: format_value(v) for c, v in comps.items()}
                                       for pl, comps in note["components"].items()}
            payoffs.append(entry)
    return {"title": game.title, "source": (game.metadata or {}).get("source", ""), "file": source,
            "description": game.description, "parameters": params, "payoffs": payoffs,
            "references": [v.to_json(baselines.exact) for v in baselines.verdicts],
            "references_used": baselines.lead.reference.name,
            "assumptions": list((game.metadata or {}).get("assumptions") or [])}


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
table{border-collapse:collapse;margin:0.6em 0;font-size:0.9em} th,td{border:1px solid #ddd;padding:2px 6px;
vertical-align:top;text-align:left} details{margin:0.8em 0} summary{cursor:pointer;font-weight:600}
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
               source, params, quick=False, *, baselines=None, construction=None, provenance=None) -> str:
    from .._version import __version__
    from .notebook import diagnosis_html, game_html, result_html
    e = html.escape
    title = game.title or (Path(source).stem if source else "game")
    zug = bool(diagnosis.zugzwang)
    lead = baselines.lead.reference if baselines is not None else None
    against = f" against the reference <b>{e(lead.description)}</b>" if lead is not None else ""
    verdict = (f"<div class=\"verdict {'zug' if zug else 'free'}\"><b>{e(focal)}</b> is "
               + ("<b>in zugzwang</b>" + against + ": every option, doing nothing included, leaves it below "
                  "the reference in every equilibrium of the game that follows." if zug else
                  "<b>not in zugzwang</b>" + against + ": at least one option reaches the reference in some "
                  "equilibrium.")
               + f" Margin {e(str(diag_json.get('margin') if isinstance(diag_json, dict) else diagnosis.margin))}"
               + (", strong form (even its security value is below the reference)." if diagnosis.strong else ".")
               + "</div>")
    parts = [
        "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>Zugzwang report: {e(focal)} in {e(title)}</title>",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Zugzwang report: {e(focal)} in {e(title)}</h1>",
        f"<p class=\"small\">gametheory {e(__version__)}"
        + (f"; game file <code>{e(source)}</code>" if source else "")
        + (f"; source: {e(str(provenance['source']))}" if provenance and provenance.get("source") else "")
        + "</p>",
        verdict,
        "<nav>" + "".join(f'<a href="#{k}">{v}</a>' for k, v in
                          (("baselines", "Baselines"), ("construction", "Is it built in?"),
                           ("provenance", "Model and sources"), ("game-section", "The game"),
                           ("equilibria", "Equilibria"))
                          + tuple((f"sec-{k}", v) for k, v in _SECTIONS
                                  if k != "diagnosis" and any(s == k for s in w.sections.values()))
                          + (("conditions", "Escape conditions"),)) + "</nav>",
    ]
    if baselines is not None:
        parts.append(_baselines_html(baselines))
    if construction is not None:
        parts.append(_construction_html(construction))
    names = [n for n, sct in w.sections.items() if sct == "diagnosis"]
    parts.append('<h2 id="sec-diagnosis">The diagnosis</h2>')
    parts.append(diagnosis_html(diagnosis))
    for n in names:
        parts.append(_figure_html(w, n, out))
    if provenance is not None:
        parts.append(_provenance_html(provenance))
    parts.append('<h2 id="game-section">The game</h2>')
    if game.description:
        parts.append(f"<p>{e(game.description)}</p>")
    if len(nf.players) <= 2 or int(np.prod(nf.shape)) <= 300:
        rows = int(np.prod(nf.shape))
        parts.append(f"<details><summary>The payoff table ({rows} profiles)</summary>"
                     + game_html(numeric) + "</details>")
    if provenance is not None and provenance.get("payoffs"):
        parts.append("<details><summary>Payoff formulas and their rationales "
                     f"({len(provenance['payoffs'])} entries)</summary>" + _formulas_html(provenance) + "</details>")
    parts.append('<h2 id="equilibria">Equilibria</h2>')
    parts.append(result_html(result))
    for k, label in _SECTIONS:
        if k == "diagnosis":
            continue
        names = [n for n, sct in w.sections.items() if sct == k]
        if not names:
            continue
        parts.append(f'<h2 id="sec-{k}">{label}</h2>')
        if k == "sweep" and sweep_summary and sweep_summary["zugzwang_share"] is not None:
            parts.append(f"<p>The zugzwang holds on {100 * sweep_summary['zugzwang_share']:.0f}% of the "
                         f"{len(sweep_summary['x_values'])}&times;{len(sweep_summary['y_values'])} grid over "
                         f"<code>{e(sweep_summary['x'])}</code> and <code>{e(sweep_summary['y'])}</code>.</p>")
        parts.append(w.fragments.get(k, ""))
        for n in names:
            parts.append(_figure_html(w, n, out))
    parts.append('<h2 id="conditions">Escape conditions and robustness</h2>')
    from .notebook import conditions_html
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


def _baselines_html(baselines) -> str:
    e = html.escape
    rows = []
    for v in baselines.verdicts:
        j = v.to_json(baselines.exact)
        whole = "" if j["whole_game"] is None else (
            ("zugzwang" if j["whole_game"]["zugzwang"] else "no zugzwang") + f", margin {j['whole_game']['margin']}")
        rows.append(f"<tr><td>{'<b>lead</b>' if v.lead else ''}</td><td>{e(v.reference.description)}</td>"
                    f"<td>{e(j['value'])}</td><td>{'<b>zugzwang</b>' if v.zugzwang else 'no zugzwang'}</td>"
                    f"<td>{e(j['margin'])}</td><td>{e(whole)}</td><td>{e(v.reference.rationale)}</td></tr>")
    agree = ("The references agree." if baselines.agree else
             "<b>The references disagree</b>: the verdict depends on the baseline.")
    return ('<h2 id="baselines">Against which baseline?</h2>'
            f"<p>Best reaction-equilibrium payoff {e(_fmt_value(baselines.best_payoff))} "
            f"({e(baselines.best_option)}). {agree}</p>"
            "<table><tr><th></th><th>reference</th><th>payoff</th><th>verdict</th><th>margin</th>"
            "<th>whole game</th><th>why this baseline</th></tr>" + "".join(rows) + "</table>")


def _construction_html(c) -> str:
    e = html.escape
    j = c.to_json()
    lines = []
    if c.built_in:
        why = ("every cell of the payoff table is below the reference" if c.all_cells_below else
               "the zugzwang survives with every trade-off component at zero: the background components "
               f"({', '.join(c.background)}) alone make every option bad")
        lines.append(f"<p><b>Built in</b>: {e(why)}.</p>")
    elif c.zugzwang:
        lines.append("<p><b>Not built in</b>: some cell reaches the reference, and with every trade-off "
                     f"component at zero the margin is {e(str(j['margin_without_tradeoffs']))}. "
                     f"Drivers (dropping one alone breaks the zugzwang): "
                     f"<b>{e(', '.join(c.drivers) or 'none')}</b>.</p>")
    else:
        lines.append("<p>No zugzwang to explain against this reference.</p>")
    if c.effects:
        rows = "".join(f"<tr><td><code>{e(x['component'])}</code></td><td>{e(x['kind'])}</td>"
                       f"<td>{e(str(x['margin']))}</td><td>{e(str(x['change']))}</td>"
                       f"<td>{'zugzwang' if x['zugzwang'] else 'no zugzwang'}{' (flips)' if x['flips'] else ''}</td></tr>"
                       for x in j["ablation"])
        lines.append("<table><tr><th>component dropped</th><th>kind</th><th>margin</th><th>change</th>"
                     "<th>verdict</th></tr>" + rows + "</table>")
    if c.dominated:
        lines.append("<p>Strictly dominated strategies of the others: " + "; ".join(
            e(f"{d.player}: {d.strategy} (by {d.by}; "
              + {True: "for every parameter value in the ranges", False: "not over the whole ranges",
                 None: "ranges not decided"}[d.regardless] + ")") for d in c.dominated) + ".</p>")
    for n in c.notes:
        lines.append(f"<p class=\"small\">{e(n)}</p>")
    return '<h2 id="construction">Is the verdict built in?</h2>' + "".join(lines)


def _provenance_html(prov) -> str:
    e = html.escape
    out = ['<h2 id="provenance">Model and sources</h2>']
    if prov.get("source"):
        out.append(f"<p><b>Source</b>: {e(str(prov['source']))}</p>")
    if prov.get("parameters"):
        rows = "".join(
            f"<tr><td><code>{e(p['name'])}</code></td><td>{e(str(p['value']))}</td>"
            f"<td>{'' if p['range'] is None else e('[' + str(p['range'][0]) + ', ' + str(p['range'][1]) + ']')}</td>"
            f"<td>{e(p['description'])}</td><td>{e(p['rationale'])}</td></tr>" for p in prov["parameters"])
        out.append("<table><tr><th>parameter</th><th>value</th><th>range</th><th>meaning</th>"
                   "<th>rationale</th></tr>" + rows + "</table>")
    if prov.get("assumptions"):
        rows = "".join(f"<tr><td><b>{e(a.get('name', ''))}</b></td><td>{e(a.get('assumes', ''))}</td>"
                       f"<td>{e(a.get('article', ''))}</td><td>{e(a.get('rationale', ''))}</td>"
                       f"<td>{'yes' if a.get('departs') else 'no'}</td></tr>" for a in prov["assumptions"])
        out.append("<h3>Assumptions</h3><table><tr><th>assumption</th><th>what it assumes</th>"
                   "<th>source</th><th>why</th><th>departs from the source</th></tr>" + rows + "</table>")
    return "".join(out)


def _formulas_html(prov) -> str:
    e = html.escape
    rows = []
    for p in prov["payoffs"]:
        where = ", ".join(p["profile"]) if "profile" in p else p.get("outcome", "")
        rows.append(f"<tr><td>{e(where)}</td><td><code>{e(' | '.join(p['payoffs']))}</code></td>"
                    f"<td class=\"small\">{e(p.get('rationale', ''))}</td></tr>")
    return "<table><tr><th>profile</th><th>payoffs</th><th>rationale</th></tr>" + "".join(rows) + "</table>"


def _fmt_value(v) -> str:
    from ..payoffs import format_value
    return format_value(v)
