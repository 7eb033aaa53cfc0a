"""The reference payoff the options are judged against.

:func:`resolve_reference` turns what a user or a model names (a number, an
outcome or node label, a named reference, a pure profile) into the focal
player's reference payoff, symbolic where the game is; :func:`numeric_value`
evaluates it at a point.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

from ...exceptions import InvalidGameError
from ...payoffs import evaluate, format_value, is_symbolic, looks_numeric, to_fraction
from .reactions import is_tree

__all__ = ["STATUS_QUO_NAMES", "numeric_value", "resolve_reference", "tree_reference"]

#: Names that mean "the status quo payoff 0" when no outcome carries them.
STATUS_QUO_NAMES = ("status-quo", "status quo", "status_quo", "statusquo", "0")


def tree_reference(game, i: int, text: str):
    """Player ``i``'s payoff at the outcome labelled ``text``, or the sum of the
    outcomes on the path to the node labelled ``text``; None when no label matches."""
    hits = [o for o in game.outcomes if o.label == text]
    if hits:
        return hits[0].payoffs[i]
    nodes = [n for n in game.nodes if n.label == text]
    if len(nodes) != 1:
        return None
    total = Fraction(0)
    for n, _ in game.path(nodes[0]):
        if n.outcome is not None:
            total = total + n.outcome.payoffs[i]
    if nodes[0].outcome is not None:
        total = total + nodes[0].outcome.payoffs[i]
    return total


def resolve_reference(game, i: int, reference, values: Mapping):
    """(symbolic-or-numeric reference, label)."""
    if reference is None:
        return Fraction(0), "0"
    if isinstance(reference, bool):
        raise InvalidGameError(f"reference must be a number, an outcome or a profile, got {reference!r}")
    if isinstance(reference, (float, np.floating)):
        return float(reference), format_value(float(reference))
    if isinstance(reference, (int, Fraction, np.integer)):
        return to_fraction(reference), format_value(to_fraction(reference))
    if isinstance(reference, str):
        text = reference.strip()
        try:
            v = to_fraction(text)
            return v, text
        except InvalidGameError:
            if looks_numeric(text):  # a number refused (a huge exponent...): say why
                raise

        found = tree_reference(game, i, text) if is_tree(game) else None
        if found is not None:
            return found, text
        named = (game.metadata or {}).get("references") or {}
        if isinstance(named, Mapping) and text in named:
            return resolve_reference(game, i, named[text], values)[0], text
        if text.lower() in STATUS_QUO_NAMES:
            return Fraction(0), text
        if not is_tree(game) and "," in text:
            return resolve_reference(game, i, [s.strip() for s in text.split(",")], values)[0], text
        known = ""
        if is_tree(game):
            known = " (known: " + ", ".join(repr(o.label) for o in game.outcomes if o.label) + ")"
        raise InvalidGameError(
            f"unknown reference {reference!r}: give a number, an outcome label{known}, "
            f"'status-quo' (payoff 0) or a pure profile as comma-separated strategy labels")
    if isinstance(reference, (Sequence, Mapping)):
        if is_tree(game):
            raise InvalidGameError("a profile reference needs a strategic-form game; give an outcome label")
        try:
            idx = game.profile_index(reference)
        except KeyError as exc:
            raise InvalidGameError(f"reference profile: {exc.args[0]}") from None
        return game.payoffs[(i,) + idx], ", ".join(game.strategies[j][k] for j, k in enumerate(idx))
    raise InvalidGameError(f"reference must be a number, an outcome or a profile, got {reference!r}")


def numeric_value(v, values: Mapping, exact: bool):
    if is_symbolic(v):
        v = evaluate(v, values)
    return to_fraction(v) if exact else float(v)


