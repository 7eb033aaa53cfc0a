"""``gametheory zugzwang``: is every option of a player bad?"""
from __future__ import annotations

import click

from .common import check_points, handle_errors, param_option, parse_params, player_key


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--player", required=True, metavar="NAME",
              help="The focal player: a label, or a number N from 1 (the N-th player) when no "
                   "player is labelled N.")
@click.option("--reference", default=None, metavar="VALUE|OUTCOME",
              help="Reference payoff: a number, an outcome label (trees), 'status-quo' (0, the default) "
                   "or a pure profile as comma-separated strategy labels.")
@param_option
@click.option("--method", default="auto", show_default=True,
              help="Solver for the reaction games (auto picks a complete method where one exists).")
@click.option("--exact/--float", "exact", default=None,
              help="Exact rational arithmetic (default: when the game is exact).")
@click.option("--robustness", type=click.IntRange(min=1), default=None, metavar="N",
              help="Monte Carlo sample size over the parameters' ranges.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the Monte Carlo sample.")
@click.option("--no-conditions", is_flag=True, help="Skip the escape conditions of a symbolic game.")
@click.option("--no-whole-game", is_flag=True, help="Skip the verdict against the whole game's equilibria.")
@click.option("--json", "as_json", is_flag=True, help="Print the diagnosis as JSON.")
@handle_errors
def zugzwang(file, player, reference, params, method, exact, robustness, seed, no_conditions,
             no_whole_game, as_json):
    """Diagnose whether PLAYER is in zugzwang in the game in FILE: in every
    equilibrium of the game left to the others once PLAYER commits to an option,
    each option yields less than the reference (the status quo, 0 by default).

    Prints each option's worst and best case, regret and reaction-equilibrium
    payoffs, the margin, the strong form (security value), the forced-move cost,
    the verdict against the whole game's equilibria, and, for a game with
    parameters, the conditions under which the zugzwang breaks.
    """
    from ..analysis.zugzwang import diagnose
    from .common import load_game

    values = parse_params(params)
    if robustness is not None:
        check_points(robustness, "--robustness")
    game = load_game(file)
    key = player_key(game, player)
    if method != "auto":
        from ..exceptions import UnsupportedGameError
        from ..solvers import METHODS
        if method not in METHODS:
            raise UnsupportedGameError(f"unknown method {method!r}; choose one of: auto, {', '.join(METHODS)}")
    ref = 0 if reference is None else reference
    diagnosis = diagnose(game, key, reference=ref, params=values, exact=exact, method=method,
                         robustness=robustness, seed=seed, whole_game=not no_whole_game,
                         conditions=not no_conditions)
    if as_json:
        click.echo(diagnosis.to_json_text())
    else:
        click.echo(diagnosis.table())
