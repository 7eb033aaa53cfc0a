"""The exception and warning hierarchy of gametheory, in one place.

Bad input is an error (:class:`InvalidGameError`, a :class:`ValueError`) that names
the file, the place in it (a line and/or a key path) and what was expected.
Degeneracy and other conditions that do not make a result wrong are warnings.
"""
from __future__ import annotations


class GameTheoryError(Exception):
    """Base class of every error raised on purpose by gametheory."""


class InvalidGameError(GameTheoryError, ValueError):
    """A game, a game file or a payoff expression is malformed.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    file : str or path-like, optional
        The file the game came from.
    line : int, optional
        1-based line number in the file.
    path : str, optional
        The key path inside a structured file (``players[1].strategies[0]``)
        or the construct in a Gambit file (``node 12``).
    """

    def __init__(self, message: str, *, file=None, line: int | None = None,
                 path: str | None = None):
        self.message = message
        self.file = None if file is None else str(file)
        self.line = line
        self.path = path
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            where.append(f"line {self.line}")
        if self.path:
            where.append(self.path)
        return (": ".join(where) + ": " if where else "") + self.message

    def located(self, *, file=None, line=None, path=None) -> "InvalidGameError":
        """Return a copy with the missing location fields filled in."""
        return type(self)(self.message,
                          file=self.file if self.file is not None else file,
                          line=self.line if self.line is not None else line,
                          path=self.path if self.path is not None else path)


class LabelError(InvalidGameError, KeyError):
    """No object, or more than one, answers to this label or index (a player, a
    strategy, a node, an information set, an option).

    A :class:`KeyError` too, so ``except KeyError`` around a lookup keeps working.
    """

    def __str__(self) -> str:  # KeyError would quote the message
        return self._format()


class UnsupportedGameError(GameTheoryError, ValueError):
    """The game is valid but the requested method does not apply to it
    (for example a three-player game given to a two-player solver, or a
    symbolic game given to a numeric solver without parameter values)."""


class OptionError(InvalidGameError, UnsupportedGameError, TypeError):
    """An unknown method, an unknown option of a method or an option value of the
    wrong type, found by :mod:`gametheory.solvers.registry` before the solver runs
    (bad usage: exit status 2 on the command line).  Also an
    :class:`InvalidGameError`, an :class:`UnsupportedGameError` and a
    :class:`TypeError`, the types solvers raised for these before."""


class SolverError(GameTheoryError, RuntimeError):
    """A solver failed to produce a verified answer (it never returns an
    unverified one instead)."""


class DuplicateLabelWarning(UserWarning):
    """A Gambit file repeats a strategy or action label: the entries are kept and
    must be referred to by position (a lookup by that label is a LabelError)."""


class DegenerateGameWarning(UserWarning):
    """The game is degenerate: equilibria may come in connected components."""


class ApproximationWarning(UserWarning):
    """A result is approximate (floating point, or a path-following method
    that stopped before its target)."""
