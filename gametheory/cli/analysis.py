"""``gametheory dominance`` and ``gametheory correlated``."""
from __future__ import annotations

import json

import click

from .common import echo_csv, exact_option, format_option, handle_errors, load_game, param_option


def _normal_form(path, params):
    from ..game import ExtensiveFormGame
    game = load_game(path, params, substitute=True)
    if isinstance(game, ExtensiveFormGame):
        game = game.to_normal_form()
    return game


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@param_option
@click.option("--weak", is_flag=True, help="Eliminate weakly (not strictly) dominated strategies.")
@exact_option
@format_option("table", "json", "csv")
@handle_errors
def dominance(file, params, weak, exact, fmt):
    """Iterated elimination of dominated strategies (by pure or mixed strategies),
    printing every step in order; trees use their reduced normal form.

    CSV: one row per elimination step (round, player, strategy, kind, dominated_by);
    the surviving strategies are the ones never named (JSON lists them)."""
    from ..analysis.dominance import iterated_elimination
    game = _normal_form(file, params)
    result = iterated_elimination(game, "weak" if weak else "strict", exact=exact)
    _print(result, fmt, ["round", "player", "strategy", "kind", "dominated_by"])


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@param_option
@click.option("--coarse", is_flag=True, help="Coarse correlated equilibrium instead.")
@click.option("--objective", default="welfare", show_default=True, metavar="welfare|PLAYER",
              help="Maximise total payoff or one player's payoff.")
@click.option("--minimize", is_flag=True, help="Minimise the objective instead.")
@exact_option
@format_option("table", "json", "csv")
@handle_errors
def correlated(file, params, coarse, objective, minimize, exact, fmt):
    """An optimal correlated (or coarse correlated) equilibrium, by linear programming.

    CSV: one row per profile with positive probability (kind, objective, one column
    per player with its strategy, probability)."""
    from ..analysis.correlated import correlated_equilibrium
    game = _normal_form(file, params)
    result = correlated_equilibrium(game, objective, kind="coarse" if coarse else "correlated",
                                    maximize=not minimize, exact=exact)
    _print(result, fmt)


def _print(result, fmt: str, fields=None) -> None:
    """The result as a table, its JSON document or its CSV rows (``result.to_rows()``;
    ``fields`` names the header when there may be no row)."""
    if fmt == "csv":
        echo_csv(result.to_rows(), fields)
    else:
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False) if fmt == "json" else result.table())
