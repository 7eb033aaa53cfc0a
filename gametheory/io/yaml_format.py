"""The native game file: YAML, schema version ``format: 1``.

The normative description of the format is ``docs/reference/game-file.md``; this
module is its public face.  In short, a file holds one game, either a strategic form
(``players`` with ``strategies``, and ``payoffs`` as a list of profiles or, for two
players, a ``matrix``) or a tree (``players`` and ``tree``, nested or flat), with
optional ``title``, ``description``, ``source``, ``parameters`` and named
``outcomes``.

The work is split by concept, one module each:

* :mod:`.yaml_compose`: YAML text -> a node tree with line numbers, by an
  *iterative* composer over PyYAML's safe parser (deep files cannot exhaust the
  recursion limit); plain YAML only (no tags, nothing constructed from a tag);
  aliases counted and capped before anything is built.
* :mod:`.yaml_read`: nodes -> game objects, every problem with the file, the
  line and the key path (``games/x.yaml:14: payoffs[3].payoffs[1]: ...``);
  values only through :func:`gametheory.payoffs.parse_value`, labels taken as
  written.  :func:`validate_yaml` collects every problem in one pass; the
  readers raise the first of them.
* :mod:`.yaml_write`: games -> YAML (:func:`dumps`) with its own small emitter:
  trees up to :data:`NESTED_DEPTH_LIMIT` levels are written nested, deeper ones
  flat.  ``loads(dumps(game)) == game`` exactly, with parameters, notes and
  rationales preserved.
"""
from __future__ import annotations

from .yaml_compose import _check_expansion, _compose, _join, _kind, _line
from .yaml_read import (
    ASSUMPTION_KEYS, FLAT_MOVE_KEYS, MAX_PAYOFF_ENTRIES, MAX_PROBLEMS, MAX_TREE_NODES,
    MOVE_KEYS, NODE_KEYS, OUTCOME_KEYS, PARAMETER_KEYS, PLAYER_KEYS, PROFILE_KEYS,
    REFERENCE_KEYS, TOP_KEYS, _read, _Reader, loads, read_yaml, validate_yaml,
)
from .yaml_write import FORMAT_VERSION, NESTED_DEPTH_LIMIT, _quote, _value, dumps, write_yaml

__all__ = [
    "FORMAT_VERSION", "NESTED_DEPTH_LIMIT", "MAX_TREE_NODES", "MAX_PAYOFF_ENTRIES",
    "MAX_PROBLEMS", "TOP_KEYS", "PARAMETER_KEYS", "PLAYER_KEYS", "PROFILE_KEYS",
    "REFERENCE_KEYS", "ASSUMPTION_KEYS", "OUTCOME_KEYS", "NODE_KEYS", "MOVE_KEYS",
    "FLAT_MOVE_KEYS", "loads", "read_yaml", "validate_yaml", "dumps", "write_yaml",
    # private helpers other modules and tests use
    "_check_expansion", "_compose", "_join", "_kind", "_line", "_read", "_Reader",
    "_quote", "_value",
]
