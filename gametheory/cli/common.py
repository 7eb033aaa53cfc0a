"""Helpers shared by the command modules: error handling, --param, loading."""
from __future__ import annotations

import functools
import sys

import click

from ..exceptions import GameTheoryError

#: Exit code for bad input (files, options, parameters).
EXIT_BAD_INPUT = 2


def handle_errors(func):
    """Run a command body; print GameTheoryError/OSError as one line and exit 2."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (GameTheoryError, KeyError, OSError) as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
            if isinstance(exc, OSError) and exc.filename:
                message = f"{exc.filename}: {exc.strerror}"
            click.echo(f"error: {message}", err=True)
            sys.exit(EXIT_BAD_INPUT)
    return wrapper


def parse_params(values) -> dict:
    """Parse repeated ``--param name=value`` options into a dict of exact numbers."""
    from ..exceptions import InvalidGameError
    from ..payoffs import to_fraction

    out = {}
    for item in values or ():
        if "=" not in item:
            raise InvalidGameError(f"--param {item!r}: expected name=value")
        name, _, text = item.partition("=")
        name = name.strip()
        if not name:
            raise InvalidGameError(f"--param {item!r}: missing parameter name")
        out[name] = to_fraction(text.strip(), where=f"--param {name}")
    return out


param_option = click.option(
    "--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
    help="Set a parameter (repeatable); defaults from the game file fill the rest.")


def load_game(path, params=None, substitute: bool = False):
    """Load a game file; with ``substitute`` return the numeric game at ``params``."""
    from ..io import load
    game = load(path)
    values = parse_params(params) if params is not None and not isinstance(params, dict) else (params or {})
    if substitute or values:
        game = game.substitute(**values)
    return game
