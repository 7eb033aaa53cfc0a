"""``gametheory report`` (the HTML zugzwang report) and ``gametheory explain``."""
from __future__ import annotations

import click

from .common import handle_errors, load_game, param_option, parse_params


def _sweep_option(value):
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if len(parts) != 2:
        from ..exceptions import InvalidGameError
        raise InvalidGameError(f"--sweep {value!r}: expected two parameter names, like c,m")
    return tuple(parts)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--player", required=True, help="The focal player's label, for example Dushanbe.")
@click.option("--out", "out", default="report", show_default=True, type=click.Path(file_okay=False),
              help="Output directory (report.html, summary.json, figures/).")
@param_option
@click.option("--reference", default="0", show_default=True,
              help="The status quo: a number, an outcome label or 'status-quo'.")
@click.option("--quick", is_flag=True, help="Coarser grids, no QRE/dynamics figures (a few seconds).")
@click.option("--sweep", default=None, metavar="X,Y", help="The two parameters of the sweep maps.")
@click.option("--grid", default=None, type=int, help="Sweep points per parameter (default 7, quick 4).")
@click.option("--robustness", default=None, type=int, metavar="N",
              help="Also sample N points of the parameter box (Monte Carlo, seed 0).")
@click.option("--format", "formats", default="png,svg,pdf", show_default=True,
              help="Figure files to write, comma-separated.")
@click.option("--conflict", "conflict_file", default=None, type=click.Path(dir_okay=False),
              help="Add the conflict section for this conflict model (kind: conflict, .gmcr).")
@handle_errors
def report(file, player, out, params, reference, quick, sweep, grid, robustness, formats, conflict_file):
    """Write the zugzwang report of PLAYER in FILE: one self-contained HTML page
    with every figure embedded, PNG/SVG/PDF figures and summary.json."""
    from ..exceptions import InvalidGameError
    from ..payoffs import to_fraction
    from ..report.html import build_report
    values = parse_params(params)
    try:
        ref = to_fraction(reference)
    except InvalidGameError:  # a label such as "status-quo" or an outcome name
        ref = reference
    conflict, copts = None, None
    if conflict_file:  # the conflict section (gametheory.report.conflict_section)
        from ..conflict import load as load_conflict
        conflict = load_conflict(conflict_file)
        copts = {"focal": player} if player in conflict.decision_makers else {}
    rep = build_report(file, player, out, params=values, reference=ref, quick=quick,
                       sweep=_sweep_option(sweep), grid=grid, robustness=robustness,
                       formats=tuple(f.strip() for f in formats.split(",") if f.strip()),
                       conflict=conflict, conflict_options=copts)
    click.echo(f"wrote {rep.html} ({len(rep.figures)} figures, {rep.seconds:.1f} s)")
    click.echo(f"wrote {rep.summary}")
    for note in rep.notes:
        click.echo(f"note: {note}")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@param_option
@click.option("--method", default="auto", show_default=True, help="Equilibrium method.")
@handle_errors
def explain(file, params, method):
    """Explain FILE's solution step by step: best responses, the order of
    dominance eliminations, and why each equilibrium is one."""
    from ..report.explain import explain as _explain
    game = load_game(file)
    click.echo(_explain(game, params=parse_params(params), method=method), nl=False)
