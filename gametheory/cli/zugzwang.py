"""``gametheory zugzwang``: is every option of a player bad?"""
from __future__ import annotations

import click

from .common import (allow_out_of_range_option, check_points, exact_option, format_option, handle_errors,
                     method_option, param_option, parse_params, player_key)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--player", required=True, metavar="NAME",
              help="The focal player: a label, or a number N from 1 (the N-th player) when no "
                   "player is labelled N.")
@click.option("--reference", default=None, metavar="NAME|VALUE|OUTCOME",
              help="Reference payoff: the name of a reference the model declares (default: its primary "
                   "one, else 0), a number, an outcome label (trees), 'status-quo' (0) or a pure "
                   "profile as comma-separated strategy labels.  The verdict against every declared "
                   "reference follows the diagnosis.")
@param_option
@allow_out_of_range_option
@method_option("Solver for the reaction games")
@exact_option
@click.option("--robustness", type=click.IntRange(min=1), default=None, metavar="N",
              help="Monte Carlo sample size over the parameters' ranges.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the Monte Carlo sample.")
@click.option("--no-conditions", is_flag=True, help="Skip the escape conditions of a symbolic game.")
@click.option("--no-whole-game", is_flag=True, help="Skip the verdict against the whole game's equilibria.")
@click.option("--no-construction", is_flag=True,
              help="Skip the construction check (is the verdict built into the payoffs?) and the ablation.")
@format_option("table", "json", "csv")
@handle_errors
def zugzwang(file, player, reference, params, allow_out_of_range, method, exact, robustness, seed,
             no_conditions, no_whole_game, no_construction, fmt):
    """Diagnose whether PLAYER is in zugzwang in the game in FILE: in every
    equilibrium of the game left to the others once PLAYER commits to an option,
    each option yields less than the reference (the status quo, 0 by default).

    Prints each option's worst and best case, regret and reaction-equilibrium
    payoffs, the margin, the strong form (security value), the forced-move cost,
    the verdict against the whole game's equilibria, and, for a game with
    parameters, the conditions under which the zugzwang breaks; then the verdict
    against every reference the model declares (the lead one first) and the
    construction check: is the verdict decided by the payoffs' construction, and
    which payoff components drive it (ablation).

    CSV: one row per option (option, worst, best, lowest and highest
    reaction-equilibrium payoff, regret, equilibria, method, complete), with the
    verdict repeated on each row (player, reference, reference_label, zugzwang,
    margin, best_option, strong, security_value, forced_move_cost); warnings go
    to stderr; the baselines and the construction check are in table and JSON only.
    """
    from ..analysis.baselines import diagnose_baselines
    from ..analysis.construction import construction_check
    from ..game.ranges import check_parameter_values
    from .common import load_game

    values = parse_params(params)
    if robustness is not None:
        check_points(robustness, "--robustness")
    game = load_game(file)
    range_notes = check_parameter_values(game, values, allow_out_of_range=allow_out_of_range)
    key = player_key(game, player)
    diagnosis, baselines = diagnose_baselines(
        game, key, reference=reference, params=values, exact=exact, method=method, robustness=robustness,
        seed=seed, whole_game=not no_whole_game, conditions=not no_conditions)
    if fmt == "csv":
        from .common import echo_csv
        echo_csv(diagnosis.to_rows())
        for note in list(diagnosis.warnings) + range_notes:
            click.echo(f"warning: {note}", err=True)
        return
    check = None if no_construction else construction_check(
        game, key, diagnosis, params=values, reference=baselines.lead.reference.spec)
    if fmt == "json":
        import json
        doc = diagnosis.to_json()
        doc["reference_name"] = baselines.lead.reference.name
        doc["baselines"] = baselines.to_json()
        if check is not None:
            doc["construction"] = check.to_json()
        doc["warnings"] = list(doc.get("warnings", [])) + range_notes
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    click.echo(diagnosis.table())
    click.echo("")
    click.echo(baselines.table())
    if check is not None:
        click.echo("")
        click.echo(check.table())
    for note in range_notes:
        click.echo(f"warning: {note}")
