"""The ``gametheory`` command line: a thin click group.

Commands are registered by name in :data:`COMMANDS` and imported only when run, so
``gametheory --help`` starts fast.  Each command module wraps its work in
:func:`gametheory.cli.common.handle_errors`, which turns every exception into a
one-line message on stderr and an exit status (2 bad input, 3 solver failure,
4 internal error).
"""
from __future__ import annotations

import importlib

import click

#: name -> ("module:attribute", one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "show": ("gametheory.cli.files:show", "Print a game: a matrix, per-player tables or a tree."),
    "validate": ("gametheory.cli.files:validate", "Check game files and report every problem found."),
    "convert": ("gametheory.cli.files:convert", "Convert between .yaml, .nfg, .efg (and .tex)."),
    "solve": ("gametheory.cli.solve:solve", "Compute Nash equilibria (table, JSON or CSV)."),
    "methods": ("gametheory.cli.methods:methods", "List the equilibrium methods, their options, when auto picks them."),
    "dominance": ("gametheory.cli.analysis:dominance", "Iterated elimination of dominated strategies."),
    "correlated": ("gametheory.cli.analysis:correlated", "Correlated and coarse correlated equilibria."),
    "zugzwang": ("gametheory.cli.zugzwang:zugzwang", "Diagnose whether every option of a player is bad."),
    "report": ("gametheory.cli.report:report", "Write the HTML report with figures and JSON summary."),
    "explain": ("gametheory.cli.report:explain", "Explain a game's solution step by step, in words."),
    "sweep": ("gametheory.cli.batch:sweep", "Solve a game over a parameter grid or Monte Carlo sample."),
    "batch": ("gametheory.cli.batch:batch", "Solve every game file in a directory or glob."),
    "sensitivity": ("gametheory.cli.sensitivity:sensitivity", "Which parameters drive a zugzwang verdict (Sobol, tornado)."),
    "stability": ("gametheory.cli.conflict:stability", "Conflict analysis: stability of every state (GMCR)."),
    "status-quo": ("gametheory.cli.conflict:status_quo_cmd", "Conflict evolution from a status quo; ordinal zugzwang."),
    "inverse": ("gametheory.cli.conflict:inverse", "Conflict inverse analysis: preferences that make a state stable."),
    "serve": ("gametheory.cli.serve:serve", "Explore games in a local web app (sliders, tables, classroom)."),
}


class LazyGroup(click.Group):
    """A click group whose commands are imported on first use."""

    def list_commands(self, ctx):
        return [name for name, (target, _) in COMMANDS.items() if _available(target)]

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        target, _ = COMMANDS[name]
        module, attr = target.split(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                return None
            raise
        return getattr(mod, attr, None)

    def format_commands(self, ctx, formatter):
        rows = [(name, help_) for name, (target, help_) in COMMANDS.items() if _available(target)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _available(target: str) -> bool:
    import importlib.util
    module = target.split(":")[0]
    return importlib.util.find_spec(module) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gametheory", message="gametheory %(version)s")
@click.option("--limit", "limits", multiple=True, metavar="NAME=N",
              help="Raise (or lower) an input limit, e.g. --limit digits=10000 (repeatable; "
                   "see 'Limits' in docs/reference/game-file.md).")
@click.option("--traceback", is_flag=True,
              help="Show the traceback of an internal error (also GAMETHEORY_TRACEBACK=1).")
def main(limits, traceback):
    """gametheory: model strategic dilemmas, find every equilibrium, diagnose zugzwangs.

    Game files: .yaml/.yml (the native format, with parameters and a rationale per
    payoff), Gambit .nfg and .efg.  Run `gametheory COMMAND --help` for details.

    Exit status: 0 success, 2 bad input or usage, 3 a solver failed, 4 internal error.
    """
    from .common import apply_global_options
    apply_global_options(limits, traceback)
