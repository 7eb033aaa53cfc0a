"""``gametheory show``, ``validate`` and ``convert``."""
from __future__ import annotations

import sys
from typing import Any

import click

from .common import (EXIT_BAD_INPUT, MethodChoice, handle_errors, load_game, overwrite_option, param_option,
                     parse_params, refuse_overwrite)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@param_option
@click.option("--solution", type=MethodChoice(), default=None, metavar="METHOD",
              help="Mark an equilibrium's actions in a tree: a method of the registry, for example spe "
                   "(see `gametheory methods`).")
@handle_errors
def show(file, params, solution):
    """Print the game in FILE: a labelled matrix for two players, one row per
    profile for more, an indented outline for a tree."""
    from ..game import ExtensiveFormGame
    values = parse_params(params)
    game = load_game(file)
    if values:
        game = game.substitute(**values)
    if solution and isinstance(game, ExtensiveFormGame):
        from ..io.text import format_tree
        from ..solvers import solve
        result = solve(game, method=solution)
        eq = result.equilibria[0] if result.equilibria else None
        note = ""
        if eq is not None and not hasattr(eq, "marks"):
            # A normal-form method solved the reduced normal form: mark the
            # realisation-equivalent behaviour profile (Kuhn's theorem).
            from ..game.behavior import MixedBehaviorProfile
            eq = MixedBehaviorProfile.from_mixed(game, eq)
            note = ", as behaviour strategies from the reduced normal form"
        marks = eq.marks() if eq is not None else None
        click.echo(format_tree(game, marks=marks))
        click.echo(f"(* marks the actions of {result.method} equilibrium #1 of {len(result.equilibria)}{note})")
        return
    click.echo(str(game))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@handle_errors
def validate(files):
    """Check each game file; report every problem found (exit 2 if any)."""
    from ..exceptions import GameTheoryError
    bad = 0
    for f in files:
        try:
            problems = _problems(f)
        except GameTheoryError as exc:
            problems = [str(exc)]
        except OSError as exc:
            problems = [f"{f}: {exc.strerror}"]
        if problems:
            bad += 1
            for p in problems:
                click.echo(f"error: {p}", err=True)
        else:
            for w in _warnings(f):
                click.echo(w, err=True)
            click.echo(f"ok: {f}")
    if bad:
        click.echo(f"{bad} of {len(files)} file(s) have problems", err=True)
        sys.exit(EXIT_BAD_INPUT)


def _problems(path) -> list[str]:
    """All problems of one file: the reader's first error, else model checks.

    YAML game files are checked by :func:`gametheory.io.yaml_format.validate_yaml`,
    which reports every problem it finds in one pass."""
    from pathlib import Path
    from ..io import load
    if Path(path).suffix.lower() in (".yaml", ".yml"):
        from ..conflict.io_yaml import read_if_conflict
        if read_if_conflict(path) is not None:  # a conflict model (kind: conflict) is valid
            return []
        from ..io.yaml_format import validate_yaml
        found = validate_yaml(path)
        if found:
            return [str(e) for e in found]
    load(path)
    return []


def _warnings(path) -> list[str]:
    """Things worth knowing about a valid file (imperfect recall in a tree)."""
    from .. import load
    from ..game import ExtensiveFormGame
    game = load(path)
    if isinstance(game, ExtensiveFormGame):
        return [f"{path}: warning: imperfect recall: {p}" for p in game.perfect_recall_violations()]
    return []


@click.command()
@click.argument("source", type=click.Path(dir_okay=False))
@click.argument("target", type=click.Path(dir_okay=False))
@param_option
@click.option("--standalone", is_flag=True, help="For .tex: a complete compilable document.")
@overwrite_option
@handle_errors
def convert(source, target, params, standalone, overwrite):
    """Convert SOURCE to TARGET; formats from the extensions (.yaml/.yml, .nfg, .efg, .tex).

    Symbolic games are written to Gambit formats at the --param values (defaults
    for the rest).  An existing TARGET is replaced only with --overwrite."""
    from pathlib import Path
    from ..io import _format, save
    values = parse_params(params)
    _format(target, None)  # an unknown target format is reported first
    game = load_game(source)
    refuse_overwrite([target], overwrite)
    ext = Path(target).suffix.lower()
    if values or (ext in (".nfg", ".efg") and game.is_symbolic):
        game = game.substitute(**values)
    options: dict[str, Any] = {"standalone": True} if standalone else {}
    save(game, target, **options)
    click.echo(f"wrote {target}")
