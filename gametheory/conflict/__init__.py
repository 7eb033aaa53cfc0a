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
    """Read a conflict file (native ``.yaml`` with ``kind: conflict``)."""
    from .io_yaml import read_conflict
    return read_conflict(path)
