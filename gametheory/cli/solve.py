"""``gametheory solve``: compute equilibria and print them as a table, JSON or CSV."""
from __future__ import annotations

import sys

import click

from .common import EXIT_BAD_INPUT, allow_out_of_range_option, checked_params, handle_errors, load_game, param_option

#: Method names offered on the command line (the registry decides what exists).
METHOD_CHOICES = ("auto", "pure", "enummixed", "lh", "lp", "enumpoly", "qre", "simpdiv", "spe", "seqform")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--method", "-m", type=click.Choice(METHOD_CHOICES), default="auto", show_default=True,
              help="Solution method; auto picks a complete one where one exists and says which.")
@click.option("--exact/--float", "exact", default=None,
              help="Exact rational arithmetic (default: exact when the game's payoffs are).")
@param_option
@allow_out_of_range_option
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Output format.")
@handle_errors
def solve(file, method, exact, params, allow_out_of_range, fmt):
    """Compute the Nash equilibria of the game in FILE.

    \b
    Examples:
      gametheory solve games/classics/battle-of-the-sexes.yaml
      gametheory solve game.nfg --method lh --float --format json
      gametheory solve model.yaml --param cost=3 --format csv
    """
    import warnings

    from ..solvers import METHODS, auto_method
    from ..solvers import solve as run_solve

    game = load_game(file)
    values, notes = checked_params(game, params, allow_out_of_range)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    chosen = method
    if method == "auto":
        chosen = auto_method(game)
    if chosen not in METHODS:
        _fail(f"method {chosen!r} is not registered; available: {', '.join(METHODS)}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # warnings are in the record and printed below
        try:
            result = run_solve(game, method=chosen, exact=exact, params=values)
        except ModuleNotFoundError as exc:
            target = METHODS[chosen].get("nfg", "") + " " + METHODS[chosen].get("efg", "")
            if exc.name and exc.name in target:
                _fail(f"method {chosen!r} is not available in this installation "
                      f"(module {exc.name} is missing)")
            raise
        except NotImplementedError as exc:
            _fail(f"method {chosen!r}: {exc}")
    if fmt == "json":
        click.echo(result.to_json_text())
        _echo_warnings(result)
    elif fmt == "csv":
        _write_csv(result)
        _echo_warnings(result)
    else:
        header = f"method: {result.method}" + (" (chosen by auto)" if method == "auto" else "")
        title = getattr(result.game, "title", "") or file
        click.echo(f"{title}\n{header}")
        click.echo(result.table())


def _fail(message: str):
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _echo_warnings(result):
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)


def _write_csv(result):
    import csv
    import io
    rows = result.to_rows()
    fields: list[str] = []
    for row in rows:
        for key in row:
            if key not in fields:
                fields.append(key)
    if not fields:
        fields = ["method", "exact", "equilibrium"]
    from ..batch.output import csv_cell        # labels starting with = + - @ are escaped
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(f) for f in fields])
    for row in rows:
        writer.writerow([csv_cell(row.get(f, "")) for f in fields])
    click.echo(out.getvalue(), nl=False)
