"""Helpers shared by the command modules: error handling, --param, loading.

Exit statuses (``docs/reference/cli.md``): **0** success; **2** bad input or bad
usage (:class:`~gametheory.exceptions.InvalidGameError`, an
:class:`~gametheory.exceptions.UnsupportedGameError` for a method that does not
take the game, an :class:`~gametheory.exceptions.OptionError` for an unknown
method or option, an unreadable file, click's usage errors: only the project's
own error types and ``OSError``); **3** a solver that
ran on valid input and failed (:class:`~gametheory.exceptions.SolverError`);
**4** an internal error: any other exception (a stray ``KeyError`` included) is a bug, reported on one line with
a hint to re-run with ``--traceback`` (or ``GAMETHEORY_TRACEBACK=1``) to see it.
"""
from __future__ import annotations

import functools
import os
import sys

import click

from ..exceptions import GameTheoryError, SolverError

#: Exit code for bad input (files, options, parameters) and bad usage.
EXIT_BAD_INPUT = 2
#: Exit code for a solver that failed on valid input.
EXIT_SOLVER_FAILED = 3
#: Exit code for an internal error (a bug).
EXIT_INTERNAL_ERROR = 4
#: Set to 1 (or use ``gametheory --traceback``) to see the traceback of an internal error.
TRACEBACK_ENV = "GAMETHEORY_TRACEBACK"
#: Where bugs are reported.
BUG_REPORTS = "the gametheory issue tracker"


def _show_traceback() -> bool:
    return os.environ.get(TRACEBACK_ENV, "").strip() not in ("", "0")


def exit_status(exc: BaseException) -> int:
    """The exit status for an exception raised by a command body."""
    if isinstance(exc, SolverError):
        return EXIT_SOLVER_FAILED
    if isinstance(exc, (GameTheoryError, OSError)):
        return EXIT_BAD_INPUT
    return EXIT_INTERNAL_ERROR


def error_line(exc: BaseException) -> str:
    """The one line printed for an exception (without the ``error:`` prefix)."""
    if isinstance(exc, OSError) and not isinstance(exc, GameTheoryError):
        if exc.filename:
            return f"{exc.filename}: {exc.strerror}"
        return exc.strerror or str(exc)
    if isinstance(exc, GameTheoryError):
        return str(exc)
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if len(what) > 300:
        what = what[:297] + "..."
    return (f"internal error (a bug in gametheory, please report it to {BUG_REPORTS}): "
            f"{what.splitlines()[0] if what else what}; re-run with --traceback (or "
            f"{TRACEBACK_ENV}=1) to see where it happened")


def handle_errors(func):
    """Run a command body; turn exceptions into one line on stderr and an exit status.

    See the module docstring for the statuses.  Click's own exceptions (usage
    errors, ``--help``) pass through to click.  With ``--traceback`` or
    ``GAMETHEORY_TRACEBACK=1`` an internal error is re-raised with its traceback.
    """
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 -- every exception gets a status
            status = exit_status(exc)
            if status == EXIT_INTERNAL_ERROR and _show_traceback():
                raise
            from ..io.text import safe_text
            click.echo(f"error: {safe_text(error_line(exc))}", err=True)
            sys.exit(status)
    return wrapper


class _SafeTerminal:
    """Standard output on a terminal, with control characters from labels shown
    as escapes (:func:`gametheory.io.text.safe_text`) instead of being obeyed."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        from ..io.text import safe_text
        return self._stream.write(safe_text(text) if isinstance(text, str) else text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def apply_global_options(limits, traceback: bool) -> None:
    """``gametheory --limit NAME=N ... --traceback``: set the budget and the
    traceback switch for this process and the worker processes it starts
    (through the environment); make standard output safe on a terminal."""
    import warnings

    from .. import limits as _limits
    from ..io.text import safe_text
    # Warnings (a Gambit file that repeats labels, ...) as one line, no source line;
    # the usual format is back when the command ends (the CLI may run in-process).
    original = warnings.formatwarning
    warnings.formatwarning = lambda message, category, *args, **kwargs: \
        f"warning: {safe_text(str(message))}\n"
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.call_on_close(lambda: setattr(warnings, "formatwarning", original))
    stdout = sys.stdout
    if not isinstance(stdout, _SafeTerminal) and hasattr(stdout, "isatty") and stdout.isatty():
        sys.stdout = _SafeTerminal(stdout)
    if traceback:
        os.environ[TRACEBACK_ENV] = "1"
    if limits:
        text = ",".join(limits)
        try:
            base = _limits.current()
            merged = _limits.parse(text, base, where="--limit")
        except GameTheoryError as exc:
            raise click.BadParameter(str(exc), param_hint="--limit") from None
        _limits.set_default(merged)
        os.environ[_limits.ENV_VAR] = ",".join(
            f"{name}={getattr(merged, name)}" for name in _limits.names())


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


overwrite_option = click.option(
    "--overwrite", is_flag=True,
    help="Replace existing output files (without it, existing output is an error).")


def refuse_overwrite(paths, overwrite: bool) -> None:
    """Refuse to replace existing output files unless ``--overwrite`` was given."""
    from pathlib import Path

    from ..exceptions import InvalidGameError
    if overwrite:
        return
    existing = [str(p) for p in paths if Path(p).exists()]
    if existing:
        raise InvalidGameError(f"{existing[0]} already exists"
                               + (f" (and {len(existing) - 1} more output files)"
                                  if len(existing) > 1 else "")
                               + "; pass --overwrite to replace it, or choose another output")


def check_points(count: int, option: str) -> None:
    """Refuse a command-line size (sweep points, samples) over the ``points`` limit."""
    from .. import limits as _limits
    _limits.check("points", count, f"points from {option}")


def grid_steps(text: str) -> int:
    """The number of values of a ``--grid NAME=LO:HI:STEPS`` (or ``NAME=V1,V2,...``)
    option, read from its text before any value is made (0 when malformed: the
    grid parser then reports it)."""
    body = text.partition("=")[2]
    if ":" in body:
        steps = body.rsplit(":", 1)[1].strip()
        if steps.isascii() and steps.isdigit():
            return int(steps) if len(steps) < 20 else 10 ** 20
        return 0
    return body.count(",") + 1


def player_key(game, text: str):
    """The player named on the command line: a label wins; otherwise a whole number
    ``N`` (ASCII digits) is the N-th player, counted from 1.  ``0``, numbers past the
    last player and unknown labels are errors (never silently another player)."""
    from ..exceptions import LabelError
    if text in game.players:
        game.player(text)  # an ambiguous label is an error
        return text
    if text.isascii() and text.isdigit():
        n = int(text)
        if not 1 <= n <= game.n_players:
            raise LabelError(f"--player {text}: no player is labelled {text!r}, and player "
                             f"numbers run from 1 to {game.n_players} "
                             f"({', '.join(game.players)})")
        return n - 1
    game.player(text)  # LabelError naming the known players
    return text


param_option = click.option(
    "--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
    help="Set a parameter (repeatable); defaults from the game file fill the rest.")

#: ``--allow-out-of-range``: every command that takes ``--param`` refuses values outside
#: the ranges the model documents unless this is given (:mod:`gametheory.game.ranges`).
allow_out_of_range_option = click.option(
    "--allow-out-of-range", is_flag=True,
    help="Accept parameter values outside the ranges the model documents.")


def checked_params(game, params, allow_out_of_range: bool) -> tuple[dict, list[str]]:
    """``(values, notes)``: the ``--param`` values, refused outside their documented
    ranges unless ``allow_out_of_range`` (then each accepted one gets a note)."""
    from ..game.ranges import check_parameter_values
    values = parse_params(params)
    return values, check_parameter_values(game, values, allow_out_of_range=allow_out_of_range)


def load_game(path, params=None, substitute: bool = False):
    """Load a game file; with ``substitute`` return the numeric game at ``params``."""
    from ..io import load
    game = load(path)
    values = parse_params(params) if params is not None and not isinstance(params, dict) else (params or {})
    if substitute or values:
        game = game.substitute(**values)
    return game


# ---------------------------------------------------------------- one interface grammar
class MethodChoice(click.Choice):
    """``--method``: ``auto`` or a method of the solver registry, read when the
    option is used (a method registered at run time is a valid choice too)."""

    name = "method"

    def __init__(self):
        super().__init__(["auto"])

    @property
    def choices(self):
        from ..solvers import registry
        return ("auto", *registry.names())

    @choices.setter
    def choices(self, value):  # click.Choice.__init__ assigns it; the registry decides
        pass


def method_option(help_text: str = "Solution method", aliases: tuple[str, ...] = ()):
    """``--method/-m``: checked against the solver registry (choices and help from it)."""
    def decorate(func):
        return click.option(
            "--method", *aliases, "-m", "method", type=MethodChoice(), default="auto", show_default=True,
            help=f"{help_text}; auto picks a complete method where one fits (see "
                 "`gametheory methods`).")(func)
    return decorate


def exact_option(func):
    """``--exact/--float``: the same default everywhere, the game's own kind."""
    return click.option("--exact/--float", "exact", default=None,
                        help="Exact rational arithmetic or floating point (default: the game's own "
                             "kind: exact when its payoffs are exact).")(func)


def format_option(*choices: str, default: str = "table"):
    """``--format/-f`` among ``choices`` (``table``, ``json``, ``csv``), with ``--json``
    kept as a hidden, deprecated alias of ``--format json``."""
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if kwargs.pop("json_alias", False):
                kwargs["fmt"] = "json"
            return func(*args, **kwargs)
        wrapper = click.option("--json", "json_alias", is_flag=True, hidden=True,
                               help="Deprecated: use --format json.")(wrapper)
        return click.option("--format", "-f", "fmt", type=click.Choice(list(choices)), default=default,
                            show_default=True, help="Output format.")(wrapper)
    return decorate


def echo_csv(rows, fields=None) -> None:
    """Print ``rows`` (dicts) as CSV on standard output: one header row (``fields``,
    or every key in order of first appearance), one line per row, written with the
    csv module; text cells escaped against formula injection
    (:func:`gametheory.batch.output.csv_cell`), missing and None cells empty."""
    from ..batch.output import csv_line
    if fields is None:
        fields = list(dict.fromkeys(key for row in rows for key in row))
    click.echo(csv_line(fields) + "".join(csv_line([row.get(f) for f in fields]) for row in rows), nl=False)


def grid_option(func):
    """``--grid NAME=LO:HI:STEPS`` (or ``NAME=V1,V2,...``), repeatable."""
    return click.option("--grid", "grids", multiple=True, metavar="NAME=LO:HI:STEPS",
                        help="Grid over a parameter: STEPS values from LO to HI (or NAME=V1,V2,...). "
                             "Repeatable.")(func)


def parse_grids(grids) -> dict:
    """The ``--grid`` options as ``{name: values}``: sizes checked against the
    ``points`` limit before any value is made, a parameter given twice refused."""
    from ..batch.spec import parse_grid
    from ..exceptions import InvalidGameError
    total = 1
    for g in grids:  # sizes first: --grid c=0:1:100000000 makes no value
        check_points(grid_steps(g), f"--grid {g}")
        total *= max(grid_steps(g), 1)
    check_points(total, "--grid")
    out: dict = {}
    for g in grids:
        name, values = parse_grid(g)
        if name in out:
            raise InvalidGameError(f"--grid {g!r}: parameter {name!r} given twice")
        out[name] = values
    return out


def option_option(func):
    """``--option NAME=VALUE``: a method option, parsed by its declared type."""
    return click.option("--option", "method_options", multiple=True, metavar="NAME=VALUE",
                        help="An option of the method (repeatable), e.g. --option max_support=2; "
                             "`gametheory methods` lists each method's options.")(func)
