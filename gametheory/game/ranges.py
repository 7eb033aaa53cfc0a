"""Parameter values against the ranges a model documents.

A model file gives each parameter a plausible range (``range: [low, high]``);
the ranges are part of the model's claim ("the verdict holds for these
magnitudes").  :func:`check_parameter_values` refuses a value outside its range
unless the caller explicitly allows it (``--allow-out-of-range`` on the command
line), so that a report never silently rests on a magnitude the model's author
ruled out.
"""
from __future__ import annotations

from typing import Mapping

from ..exceptions import InvalidGameError

__all__ = ["check_parameter_values", "out_of_range"]


def out_of_range(game, values: Mapping) -> list[tuple[str, object, object, object]]:
    """``[(name, value, low, high)]`` for each value outside its declared range."""
    bad = []
    for name, v in (values or {}).items():
        p = game.parameters.get(name)
        if p is None or v is None:
            continue
        low, high = p.low, p.high
        if (low is not None and v < low) or (high is not None and v > high):
            bad.append((name, v, low, high))
    return bad


def check_parameter_values(game, values: Mapping, *, allow_out_of_range: bool = False,
                           where: str = "--param") -> list[str]:
    """Refuse parameter values outside their documented ranges.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
    values : mapping
        Parameter name -> value (unknown names are left to the game to report).
    allow_out_of_range : bool
        Accept such values; the returned notes then say which were accepted.
    where : str
        Named in the message (the option or key the values came from).

    Returns
    -------
    list of str
        One note per accepted out-of-range value (empty when all are in range).

    Raises
    ------
    InvalidGameError
        A value lies outside its range and ``allow_out_of_range`` is False; the
        message names the parameter, its value and its range.
    """
    from ..payoffs import format_value
    notes = []
    for name, v, low, high in out_of_range(game, values):
        rng = f"[{'-inf' if low is None else format_value(low)}, {'inf' if high is None else format_value(high)}]"
        if not allow_out_of_range:
            raise InvalidGameError(
                f"{where} {name}={format_value(v)} is outside the parameter's documented range {rng}; "
                f"pass --allow-out-of-range (allow_out_of_range=True) to use it anyway")
        notes.append(f"{name}={format_value(v)} is outside its documented range {rng} (allowed on request)")
    return notes
