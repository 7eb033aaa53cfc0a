"""Conflict analysis with ordinal preferences: the Graph Model for Conflict Resolution.

==================  ===========================================================
module              what it holds
==================  ===========================================================
:mod:`.model`       :class:`Conflict`; option form, graph form, from a game
:mod:`.preferences` option prioritisation, rankings with ties
:mod:`.stability`   Nash, GMR, SMR, SEQ, SIM, SEQ+SIM, L_h, NM (sparse)
:mod:`.coalitions`  coalition Nash, GMR, SMR, SEQ
:mod:`.status_quo`  evolution from a status quo; ``plot_status_quo``
:mod:`.zugzwang`    the ordinal zugzwang diagnosis
:mod:`.inverse`     preferences that make a state stable
:mod:`.hypergame`   first-level hypergames (misperceptions)
:mod:`.io_yaml`     the native conflict file (``kind: conflict``)
:mod:`.io_gmcr`     gmcr-py's ``.gmcr`` JSON files
==================  ===========================================================

Conventions (state numbering, ranks, moves) are in :mod:`.model`.
"""
from __future__ import annotations

from .model import Conflict, Option, from_graph, from_normal_form, from_options  # noqa: F401
from .stability import analyse, equilibria, stable  # noqa: F401


def load(path):
    """Read a conflict: a native ``.yaml`` file with ``kind: conflict``, gmcr-py's
    ``.gmcr``, or a normal-form game file (``.yaml``, ``.nfg``) read ordinally."""
    from pathlib import Path

    from ..exceptions import InvalidGameError
    suffix = Path(path).suffix.lower()
    if suffix == ".gmcr":
        from .io_gmcr import read_gmcr
        return read_gmcr(path)
    if suffix in (".yaml", ".yml"):
        from .io_yaml import read_if_conflict
        conflict = read_if_conflict(path)
        if conflict is not None:
            return conflict
    if suffix in (".yaml", ".yml", ".nfg"):
        from ..game.normal import NormalFormGame
        from ..io import load as load_game
        game = load_game(path)
        if not isinstance(game, NormalFormGame):
            raise InvalidGameError("expected a conflict (kind: conflict) or a normal-form game; "
                                   "game trees have no graph model here", file=path)
        return from_normal_form(game)
    raise InvalidGameError(f"unknown conflict file format {suffix or '(no extension)'!r}; expected "
                           f".yaml (kind: conflict), .gmcr, or a normal-form game (.yaml, .nfg)", file=path)
