"""``gametheory report`` (the HTML zugzwang report) and ``gametheory explain``."""
from __future__ import annotations

import math

import click

from .common import (allow_out_of_range_option, checked_params, handle_errors, load_game, method_option,
                     overwrite_option, param_option, parse_params, player_key, refuse_overwrite)


def _sweep_option(value):
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if len(parts) != 2:
        from ..exceptions import InvalidGameError
        raise InvalidGameError(f"--sweep {value!r}: expected two parameter names, like c,m")
    return tuple(parts)


def _axes_option(value):
    """``"Taliban:crush resistance,Public:protest"`` -> ``[("Taliban", "crush resistance"), ...]``."""
    if value is None:
        return None
    out = []
    for part in value.split(","):
        player, sep, strategy = part.partition(":")
        if not sep or not player.strip() or not strategy.strip():
            from ..exceptions import InvalidGameError
            raise InvalidGameError(f"--axes {value!r}: expected PLAYER:STRATEGY[,PLAYER:STRATEGY], "
                                   f"like 'Taliban:crush resistance,Public:protest'")
        out.append((player.strip(), strategy.strip()))
    if not 1 <= len(out) <= 2:
        from ..exceptions import InvalidGameError
        raise InvalidGameError(f"--axes {value!r}: give one or two axes")
    return out


def _report_grid(grids, pair):
    """``report --grid``: ``(points per axis or None, the sweep pair or None, {name: values})``.

    ``NAME=LO:HI:STEPS`` (or ``NAME=V1,V2,...``) gives an axis of the sweep maps and
    its values; two of them name both axes (``--sweep`` then must agree or be left
    out), one needs ``--sweep`` to name the other axis.  A bare whole number ``N``
    keeps its old meaning, ``N`` points per axis over the documented ranges."""
    from ..exceptions import InvalidGameError
    from .common import check_points, parse_grids
    bare = [g for g in grids if g.strip().isascii() and g.strip().isdigit()]
    named = [g for g in grids if g not in bare]
    if len(bare) > 1 or (bare and named):
        raise InvalidGameError("--grid: give either one number N (points per axis) or NAME=LO:HI:STEPS "
                               "per axis, not both")
    if bare:
        n = int(bare[0])
        if n < 2:
            raise InvalidGameError(f"--grid {bare[0]}: a sweep map needs at least 2 points per axis")
        check_points(n * n, "--grid (an N x N sweep map)")
        return n, pair, None
    values = parse_grids(named)
    if not values:
        return None, pair, None
    if len(values) > 2:
        raise InvalidGameError(f"--grid: the sweep maps have two axes; got {len(values)} parameters "
                               f"({', '.join(values)})")
    names = tuple(values)
    if len(names) == 2:
        if pair is not None and set(pair) != set(names):
            raise InvalidGameError(f"--sweep {','.join(pair)} and --grid {' and '.join(names)} name "
                                   "different parameters")
        pair = pair or names
    elif pair is None or names[0] not in pair:
        raise InvalidGameError(f"--grid {named[0]!r}: name the other axis too (a second --grid, or "
                               f"--sweep {names[0]},OTHER)")
    check_points(math.prod(len(v) for v in values.values()), "--grid (the sweep map)")
    return None, pair, values


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--player", required=True, help="The focal player's label, for example Dushanbe.")
@click.option("--out", "out", default="report", show_default=True, type=click.Path(file_okay=False),
              help="Output directory (report.html, summary.json, figures/).")
@param_option
@click.option("--reference", default=None, metavar="NAME|VALUE|OUTCOME",
              help="The reference the report leads with: a reference the model declares (default: its "
                   "primary one, else 0), a number, an outcome label or 'status-quo'.")
@allow_out_of_range_option
@click.option("--axes", "axes", default=None, metavar="PLAYER:STRATEGY[,PLAYER:STRATEGY]",
              help="The landscape's axes, e.g. 'Taliban:crush resistance,Public:protest' (default: the "
                   "players whose mixing changes the focal payoff most).")
@click.option("--quick", is_flag=True, help="Coarser grids, no QRE/dynamics figures (a few seconds).")
@click.option("--sweep", default=None, metavar="X,Y", help="The two parameters of the sweep maps.")
@click.option("--grid", "grids", multiple=True, metavar="NAME=LO:HI:STEPS",
              help="An axis of the sweep maps: STEPS values of parameter NAME from LO to HI (or "
                   "NAME=V1,V2,...); repeat for the second axis.  A bare number N means N points per "
                   "axis over the documented ranges (default 41, quick 11, trees 9).")
@click.option("--robustness", default=None, type=int, metavar="N",
              help="Also sample N points of the parameter box (Monte Carlo, seed 0).")
@click.option("--figures", "formats", default=None, metavar="LIST",
              help="Figure files to write, comma-separated (default png,svg,pdf).")
@click.option("--format", "old_formats", default=None, hidden=True,
              help="Deprecated: use --figures (--format is the printed output's format elsewhere).")
@click.option("--interactive", is_flag=True,
              help="Add a slider panel over the sweep grid (verdict, margin, option chart; no server).")
@click.option("--conflict", "conflict_file", default=None, type=click.Path(dir_okay=False),
              help="Add the conflict section for this conflict model (kind: conflict, .gmcr).")
@overwrite_option
@handle_errors
def report(file, player, out, params, reference, allow_out_of_range, axes, quick, sweep, grids, robustness,
           formats, old_formats, interactive, conflict_file, overwrite):
    """Write the zugzwang report of PLAYER in FILE: one self-contained HTML page
    with every figure embedded, PNG/SVG/PDF figures and summary.json.  A report
    already in --out is replaced only with --overwrite."""
    from ..exceptions import InvalidGameError
    from ..payoffs import to_fraction
    from ..report.html import build_report
    from .common import check_points
    if robustness is not None:
        check_points(robustness, "--robustness")
    grid, pair, axis_values = _report_grid(grids, _sweep_option(sweep))
    formats = formats or old_formats or "png,svg,pdf"
    values = parse_params(params)
    from pathlib import Path
    key = player_key(load_game(file), player)  # an unknown player is named before the output
    refuse_overwrite([Path(out) / "report.html", Path(out) / "summary.json"], overwrite)
    ref = reference
    if reference is not None:
        try:
            ref = to_fraction(reference)
        except InvalidGameError:  # a name, a label such as "status-quo" or an outcome name
            ref = reference
    conflict, copts = None, None
    if conflict_file:  # the conflict section (gametheory.report.conflict_section)
        from ..conflict import load as load_conflict
        conflict = load_conflict(conflict_file)
        copts = {"focal": player} if player in conflict.decision_makers else {}
    rep = build_report(file, key, out, params=values, reference=ref, quick=quick,
                       allow_out_of_range=allow_out_of_range, landscape_axes=_axes_option(axes),
                       sweep=pair, grid=grid, sweep_values=axis_values, robustness=robustness,
                       interactive=interactive,
                       formats=tuple(f.strip() for f in formats.split(",") if f.strip()),
                       conflict=conflict, conflict_options=copts)
    click.echo(f"wrote {rep.html} ({len(rep.figures)} figures, {rep.seconds:.1f} s)")
    click.echo(f"wrote {rep.summary}")
    for note in rep.notes:
        click.echo(f"note: {note}")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@param_option
@allow_out_of_range_option
@method_option("Equilibrium method")
@handle_errors
def explain(file, params, allow_out_of_range, method):
    """Explain FILE's solution step by step: best responses, the order of
    dominance eliminations, and why each equilibrium is one."""
    from ..report.explain import explain as _explain
    game = load_game(file)
    values, notes = checked_params(game, params, allow_out_of_range)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    click.echo(_explain(game, params=values, method=method), nl=False)
