"""``gametheory solve``: compute equilibria and print them as a table, JSON or CSV."""
from __future__ import annotations

import click

from .common import (allow_out_of_range_option, checked_params, exact_option, format_option, handle_errors,
                     load_game, method_option, option_option, param_option)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@method_option("Solution method")
@exact_option
@param_option
@allow_out_of_range_option
@option_option
@format_option("table", "json", "csv")
@handle_errors
def solve(file, method, exact, params, allow_out_of_range, method_options, fmt):
    """Compute the Nash equilibria of the game in FILE.

    \b
    Examples:
      gametheory solve games/classics/battle-of-the-sexes.yaml
      gametheory solve game.nfg --method lh --float --format json
      gametheory solve model.yaml --param cost=3 --format csv
      gametheory solve three.nfg --method enumpoly --option max_support=2
    """
    import warnings

    from ..exceptions import UnsupportedGameError
    from ..solvers import registry
    from ..solvers import solve as run_solve

    game = load_game(file)
    values, notes = checked_params(game, params, allow_out_of_range)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    numeric = game.substitute(**values)
    chosen = registry.choose_method(numeric) if method == "auto" else method
    options = registry.parse_options(chosen, numeric, method_options)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # warnings are in the record and printed below
        try:
            result = run_solve(numeric, method=chosen, exact=exact, **options)
        except ModuleNotFoundError as exc:
            spec = registry.get(chosen)
            targets = " ".join(str(getattr(spec, f).target) for f in spec.forms())
            if exc.name and exc.name in targets:
                raise UnsupportedGameError(f"method {chosen!r} is not available in this installation "
                                           f"(module {exc.name} is missing)") from None
            raise
        except NotImplementedError as exc:
            raise UnsupportedGameError(f"method {chosen!r}: {exc}") from None
    if fmt == "json":
        click.echo(result.to_json_text())
        _echo_warnings(result)
    elif fmt == "csv":
        _write_csv(result)
        _echo_warnings(result)
    else:
        header = f"method: {result.method}" + (" (chosen by auto)" if method == "auto" else "")
        if result.method != chosen:
            header += f" (after {chosen})"
        title = getattr(result.game, "title", "") or file
        click.echo(f"{title}\n{header}")
        click.echo(result.table())


def _echo_warnings(result):
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)


def _write_csv(result):
    from .common import echo_csv
    rows = result.to_rows()
    echo_csv(rows, None if rows else ["method", "exact", "equilibrium"])
