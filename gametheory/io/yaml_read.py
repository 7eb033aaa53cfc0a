"""The reader of the native game file: composed YAML nodes -> a game.

The normative description of the format is ``docs/reference/game-file.md``.
:class:`_Reader` walks the node tree of :func:`.yaml_compose._compose` once,
collecting every problem with its line and key path
(``games/x.yaml:14: payoffs[3].payoffs[1]: ...``); :func:`validate_yaml` returns
them all, the readers raise the first.

* Labels (players, strategies, actions) are taken as written: ``yes`` is the
  label ``"yes"``, not the boolean.
* Every payoff, probability and parameter value goes through
  :func:`gametheory.payoffs.parse_value`, the whitelist expression parser.
* A tree is built with the editing verbs of
  :class:`~gametheory.game.extensive.ExtensiveFormGame` (``append_move``,
  ``append_chance``, ``set_outcome``) while walking the file with an explicit
  stack, in depth-first order, so information sets are numbered by first
  appearance; the reader also sets leaf labels and information-set labels
  directly (no verb takes them) and renumbers a player's information sets when
  the file lists their order.  YAML aliases that repeat subtrees are expanded; the
  expanded size is counted first and capped (``gametheory.limits``).
"""
from __future__ import annotations

import difflib
import gc
import math
import re
from fractions import Fraction
from typing import Any

import numpy as np
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .. import limits as _limits
from ..exceptions import InvalidGameError
from ..game.extensive import ExtensiveFormGame, Outcome
from ..game.normal import NormalFormGame, Parameter, check_table_size
from ..payoffs import is_symbolic, is_valid_parameter_name, parse_value
from .yaml_compose import _T, _TooDeepForLibyaml, _compose, _join, _kind, _line
from .yaml_write import FORMAT_VERSION, _value

#: Defaults of the largest number of tree nodes a file may describe (after expanding
#: YAML aliases) and of payoff entries (players x profiles) of a strategic form; the
#: limits in force are ``gametheory.limits.current()`` (``tree_nodes``, ``table``).
MAX_TREE_NODES = _limits.Limits.tree_nodes
MAX_PAYOFF_ENTRIES = _limits.Limits.table
#: validate_yaml stops after this many problems.
MAX_PROBLEMS = 500

TOP_KEYS = ("format", "title", "description", "source", "parameters", "references",
            "assumptions", "players", "payoffs", "outcomes", "tree")
PARAMETER_KEYS = ("default", "range", "description", "rationale")
PLAYER_KEYS = ("name", "strategies", "description", "infosets")
PROFILE_KEYS = ("profile", "payoffs", "rationale", "source", "components")
REFERENCE_KEYS = ("profile", "outcome", "node", "value", "rationale", "primary")
ASSUMPTION_KEYS = ("name", "assumes", "article", "rationale", "departs")
OUTCOME_KEYS = ("payoffs", "label", "rationale", "source")
NODE_KEYS = ("player", "infoset", "label", "outcome", "moves")
MOVE_KEYS = ("action", "probability", "node", "outcome")
FLAT_MOVE_KEYS = ("action", "probability", "to", "outcome")

_DECIMAL_INT_RE = re.compile(r"^[-+]?[0-9][0-9_]*\Z")
_DECIMAL_RE = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?\Z")


class _Stop(Exception):
    """Raised inside the reader to end the pass (fatal problem or too many)."""


def _sum_values(values):
    """Sum of payoff values (Fractions, floats or sympy expressions)."""
    total: Any = Fraction(0)
    for v in values:
        total = total + v
    return total


def _same_value(a, b) -> bool:
    """``a == b`` as numbers or, for expressions, after expansion."""
    if is_symbolic(a) or is_symbolic(b):
        import sympy

        def expr(v):  # values already parsed (sympy expressions or numbers), never text
            if is_symbolic(v):
                return v
            if isinstance(v, Fraction):
                return sympy.Rational(v.numerator, v.denominator)
            return sympy.Float(v)
        return sympy.expand(expr(a) - expr(b)) == 0
    return a == b


#: "Did you mean" compares a word with at most this many candidates, each at most
#: :data:`_SUGGEST_LENGTH` characters (difflib is quadratic in the length), so
#: 500 errors in a file with two million node ids stay fast.
_SUGGEST_CANDIDATES = 200
_SUGGEST_LENGTH = 64


def _did_you_mean(word: str, candidates) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or ``""``; bounded work."""
    if len(word) > _SUGGEST_LENGTH:
        return ""
    near = []
    for c in candidates:
        if len(c) <= _SUGGEST_LENGTH and abs(len(c) - len(word)) <= 3:
            near.append(c)
            if len(near) >= _SUGGEST_CANDIDATES:
                break
    close = difflib.get_close_matches(word, near, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _is_decimal_int(node) -> bool:
    """Whether ``node`` is a plain decimal integer of at most 18 digits (a number)."""
    return (isinstance(node, ScalarNode) and node.tag == _T + "int"
            and bool(_DECIMAL_INT_RE.match(node.value)) and len(node.value) < 19)


def _fmt_profile(labels) -> str:
    return "(" + ", ".join(labels) + ")"


class _Reader:
    """One pass over a composed document, collecting problems."""

    def __init__(self, file):
        self.file = None if file is None else str(file)
        self.errors: list[InvalidGameError] = []
        self.with_unknown_keys: set[int] = set()  # mappings with a reported unknown key
        self.infoset_orders: dict[str, tuple] = {}  # tree player -> (infosets node, path)
        self.node_lines: dict[int, int | None] = {}  # game node -> line of its spec
        self.pending_refs: list[tuple] = []  # (kind, label, node, path) of tree references

    # -------------------------------------------------------------- problems
    def error(self, message: str, node=None, path: str | None = None, line: int | None = None):
        self._add(InvalidGameError(message, file=self.file,
                                   line=_line(node) if node is not None else line,
                                   path=path or None))

    def _add(self, problem: InvalidGameError) -> None:
        """Record a problem; at :data:`MAX_PROBLEMS` say that reading stopped, and stop."""
        self.errors.append(problem)
        if len(self.errors) >= MAX_PROBLEMS:
            self.errors.append(InvalidGameError(
                f"stopped after {MAX_PROBLEMS} problems", file=self.file))
            raise _Stop

    def fatal(self, message: str, node=None, path: str | None = None, line: int | None = None):
        self.error(message, node, path, line)
        raise _Stop

    def relay(self, exc: InvalidGameError, node=None, path: str | None = None):
        self._add(exc.located(file=self.file, line=_line(node), path=path or None))

    # -------------------------------------------------------------- node helpers
    def mapping(self, node, path: str, allowed, required=(), what="this mapping"):
        """``{key: (key node, value node)}`` of a mapping node, checking its keys."""
        if not isinstance(node, MappingNode):
            self.error(f"expected a mapping with keys {', '.join(allowed)}, got {_kind(node)}",
                       node, path)
            return None
        out = {}
        unknown = False
        for knode, vnode in node.value:
            if not isinstance(knode, ScalarNode):
                self.error("keys must be plain words, not lists or mappings", knode, path)
                continue
            key = knode.value
            if key not in allowed:
                hint = _did_you_mean(key, allowed)
                self.error(f"unknown key {key!r}{hint}; allowed keys in {what}: "
                           f"{', '.join(allowed)}", knode, _join(path, key))
                unknown = True
                continue
            out[key] = (knode, vnode)
        if unknown:
            # A misspelt key was just reported; "missing key" errors would repeat it.
            self.with_unknown_keys.add(id(node))
            return out
        for key in required:
            if key not in out:
                self.error(f"missing key {key!r} in {what}", node, path)
        return out

    def sequence(self, node, path: str, what: str):
        if not isinstance(node, SequenceNode):
            self.error(f"expected a list of {what}, got {_kind(node)}", node, path)
            return None
        return node.value

    def text(self, node, path: str) -> str:
        """Free text (title, description, rationale, ...): any scalar, as written."""
        if not isinstance(node, ScalarNode):
            self.error(f"expected text, got {_kind(node)}", node, path)
            return ""
        if node.tag == _T + "null":
            return ""
        return node.value

    def label(self, node, path: str, what: str) -> str | None:
        """A label taken as written; None (after reporting) when unusable."""
        if not isinstance(node, ScalarNode):
            self.error(f"expected a {what} label, got {_kind(node)}", node, path)
            return None
        if not node.value.strip():
            self.error(f"expected a non-empty {what} label", node, path)
            return None
        return node.value

    def value(self, node, path: str, names, what="payoff"):
        """A payoff/probability/parameter value through parse_value; None on error."""
        if not isinstance(node, ScalarNode):
            self.error(f"expected a {what}: a number, a fraction like \"1/3\" or an "
                       f"expression, got {_kind(node)}", node, path)
            return None
        tag = node.tag
        try:
            if tag == _T + "int":
                text = node.value
                if _DECIMAL_INT_RE.match(text):
                    # decimal as written: 010 is ten (YAML 1.1 would read it as octal 8)
                    _limits.check_number_text(text)
                    raw = int(text.replace("_", ""))
                else:  # YAML 1.1 spellings: 0x1f, 0b101, 1:30
                    from yaml.constructor import SafeConstructor
                    _limits.check("digits", len(text), "characters in a number")
                    raw = SafeConstructor.construct_yaml_int(SafeConstructor(), node)
                return parse_value(raw, names, where=path, file=self.file, line=_line(node))
            if tag == _T + "float":
                from yaml.constructor import SafeConstructor
                if _DECIMAL_RE.match(node.value):  # read exactly (1e400 is a number, not inf)
                    return parse_value(node.value.replace("_", ""), names, where=path,
                                       file=self.file, line=_line(node))
                f = SafeConstructor.construct_yaml_float(SafeConstructor(), node)
                if not math.isfinite(f):
                    self.error(f"expected a finite {what}, got {node.value} (NaN and infinities "
                               f"are not payoffs)", node, path)
                    return None
                return parse_value(node.value.replace("_", ""), names, where=path,
                                   file=self.file, line=_line(node))
            if tag in (_T + "bool", _T + "null", _T + "timestamp"):
                self.error(f"expected a {what}: a number, a fraction like \"1/3\" or an "
                           f"expression, got {_kind(node)}", node, path)
                return None
            return parse_value(node.value, names, where=path, file=self.file, line=_line(node))
        except InvalidGameError as exc:
            self.relay(exc, node, path)
            return None

    def unique_labels(self, nodes, path: str, what: str) -> list[str | None]:
        out: list[str | None] = []
        seen: dict[str, int] = {}
        for k, n in enumerate(nodes):
            lab = self.label(n, _join(path, k), what)
            if lab is not None and lab in seen:
                self.error(f"duplicate {what} label {lab!r} (also at {_join(path, seen[lab])}); "
                           f"labels must be unique", n, _join(path, k))
                lab = None
            elif lab is not None:
                seen[lab] = k
            out.append(lab)
        return out

    # -------------------------------------------------------------- document
    def document(self, root):
        if root is None:
            self.fatal("the file is empty (no YAML content); expected a game with keys "
                       "format, players and payoffs or tree", line=1)
        keys = self.mapping(root, "", TOP_KEYS, required=(), what="the top level")
        if keys is None:
            raise _Stop
        if "format" not in keys:
            self.error(f"missing key 'format': start the file with 'format: {FORMAT_VERSION}'",
                       root, "format")
        else:
            node = keys["format"][1]
            if (getattr(node, "tag", None) not in (_T + "int", _T + "str")
                    or node.value.strip() != str(FORMAT_VERSION)):
                self.error(f"unsupported format {_kind(node)}; this version of gametheory reads "
                           f"format {FORMAT_VERSION}", node, "format")
        meta: dict[str, Any] = {}
        title = self.text(keys["title"][1], "title") if "title" in keys else ""
        description = self.text(keys["description"][1], "description") if "description" in keys else ""
        if "source" in keys:
            meta["source"] = self.text(keys["source"][1], "source")
        params = self.parameters(keys["parameters"][1]) if "parameters" in keys else {}
        names = tuple(params)
        if "players" not in keys:
            if id(root) in self.with_unknown_keys:
                raise _Stop  # most likely the misspelt key reported above
            self.fatal("missing key 'players': a list of player names", root, "players")
        is_tree = "tree" in keys
        if is_tree and "payoffs" in keys:
            self.error("give either 'payoffs' (a strategic form) or 'tree' (a game tree), not both",
                       keys["payoffs"][0], "payoffs")
        if not is_tree and "payoffs" not in keys:
            if id(root) in self.with_unknown_keys:
                raise _Stop
            self.fatal("missing key 'payoffs' (for a strategic form) or 'tree' (for a game tree)",
                       root, "")
        if not is_tree and "outcomes" in keys:
            self.error("'outcomes' belong to game trees; a strategic form gives 'payoffs'",
                       keys["outcomes"][0], "outcomes")
        players, strategies, descriptions = self.players(keys["players"][1], need_strategies=not is_tree)
        if descriptions:
            meta["player_descriptions"] = descriptions
        if any(p is None for p in players):
            raise _Stop
        if "assumptions" in keys:
            meta["assumptions"] = self.assumptions(keys["assumptions"][1])
        if "references" in keys:
            refs, ref_notes = self.references(keys["references"][1], players, strategies, is_tree)
            meta["references"], meta["reference_notes"] = refs, ref_notes
        common = dict(title=title, description=description, parameters=params, metadata=meta)
        if is_tree:
            game = self.tree_game(keys, players, names, common)
            self.check_tree_references(game)
            return game
        if any(s is None for s in strategies):
            raise _Stop
        return self.strategic(keys["payoffs"][1], players, strategies, names, common)

    def references(self, node, players, strategies, is_tree):
        """Named reference points: ``{name: profile | outcome | node | value}`` and their notes.

        A profile is kept as a list of strategy labels, an outcome or a node as its
        label, a value as a number: the forms ``diagnose(reference=...)`` accepts.
        """
        refs: dict[str, Any] = {}
        notes: dict[str, dict] = {}
        if not isinstance(node, MappingNode):
            self.error(f"expected a mapping of reference names to {{profile|outcome|node|value, "
                       f"rationale}}, got {_kind(node)}", node, "references")
            return refs, notes
        for knode, vnode in node.value:
            name = getattr(knode, "value", None)
            path = _join("references", name)
            if not isinstance(name, str) or not name.strip():
                self.error("a reference needs a non-empty name", knode, path)
                continue
            keys = self.mapping(vnode, path, REFERENCE_KEYS, what="a reference")
            if keys is None:
                continue
            given = [k for k in ("profile", "outcome", "node", "value") if k in keys]
            if len(given) != 1:
                self.error(f"a reference gives exactly one of profile, outcome, node or value; "
                           f"got {', '.join(given) or 'none'}", vnode, path)
                continue
            kind = given[0]
            where = _join(path, kind)
            if kind == "profile":
                if is_tree:
                    self.error("a profile reference needs a strategic form; a tree names an "
                               "outcome or a node", keys[kind][1], where)
                    continue
                if any(s is None for s in strategies):
                    continue
                idx = self.profile(keys[kind][1], where, players, strategies)
                if idx is None:
                    continue
                refs[name] = [strategies[i][k] for i, k in enumerate(idx)]
            elif kind in ("outcome", "node"):
                if not is_tree:
                    self.error(f"{kind} references belong to game trees; a strategic form names a "
                               f"profile", keys[kind][1], where)
                    continue
                lab = self.label(keys[kind][1], where, kind)
                if lab is None:
                    continue
                refs[name] = lab
                self.pending_refs.append((kind, lab, keys[kind][1], where))
            else:
                v = self.value(keys[kind][1], where, (), "reference value")
                if v is None:
                    continue
                refs[name] = v
            primary = self.boolean(keys["primary"][1], _join(path, "primary")) if "primary" in keys else False
            notes[name] = {"kind": kind, "primary": primary,
                           "rationale": self.text(keys["rationale"][1], _join(path, "rationale"))
                           if "rationale" in keys else ""}
        if sum(n["primary"] for n in notes.values()) > 1:
            self.error("at most one reference may be primary: true", node, "references")
        return refs, notes

    def boolean(self, node, path: str) -> bool:
        """``true``/``false`` (False after reporting anything else)."""
        if getattr(node, "tag", None) != _T + "bool":
            self.error(f"expected true or false, got {_kind(node)}", node, path)
            return False
        return node.value.lower() in ("true", "yes", "on")

    def check_tree_references(self, game):
        for kind, lab, node, path in self.pending_refs:
            known = ({o.label for o in game.outcomes if o.label} if kind == "outcome"
                     else {n.label for n in game.nodes if n.label})
            if lab not in known:
                self.error(f"no {kind} labelled {lab!r} in the tree; known: "
                           f"{', '.join(sorted(map(repr, known))) or 'none'}", node, path)
        if self.errors:
            raise _Stop

    def assumptions(self, node) -> list[dict]:
        """The model's flagged assumptions: ``[{name, assumes, article, rationale, departs}]``."""
        out: list[dict] = []
        items = self.sequence(node, "assumptions", "assumptions {name, assumes, article, rationale}")
        for k, item in enumerate(items or ()):
            path = _join("assumptions", k)
            keys = self.mapping(item, path, ASSUMPTION_KEYS, required=("name", "assumes"),
                                what="an assumption")
            if not keys or "name" not in keys or "assumes" not in keys:
                continue
            entry: dict[str, Any] = {key: self.text(keys[key][1], _join(path, key))
                                     for key in ("name", "assumes", "article", "rationale")
                                     if key in keys}
            entry["departs"] = self.boolean(keys["departs"][1], _join(path, "departs")) if "departs" in keys else False
            out.append(entry)
        return out

    def components(self, node, path, players, names, vals):
        """``{player: {component: value}}`` of a payoff entry; each player's components
        must add up to its payoff (exactly, as expressions)."""
        keys = self.mapping(node, path, tuple(players), what="components by player")
        if keys is None:
            return None
        out: dict[str, dict] = {}
        for p, (_, cnode) in keys.items():
            ppath = _join(path, p)
            if not isinstance(cnode, MappingNode):
                self.error(f"expected a mapping of component names to values, got {_kind(cnode)}",
                           cnode, ppath)
                continue
            comps: dict[str, Any] = {}
            for knode, vnode in cnode.value:
                cname = getattr(knode, "value", None)
                if not isinstance(cname, str) or not cname.strip():
                    self.error("a component needs a non-empty name", knode, ppath)
                    continue
                if cname in comps:
                    self.error(f"component {cname!r} appears twice", knode, _join(ppath, cname))
                    continue
                v = self.value(vnode, _join(ppath, cname), names, "component value")
                if v is not None:
                    comps[cname] = v
            if len(comps) != len(cnode.value):
                continue
            if vals is not None:
                total = _sum_values(comps.values())
                if not _same_value(total, vals[players.index(p)]):
                    self.error(f"the components of {p} add up to {_value(total)}, not to its payoff "
                               f"{_value(vals[players.index(p)])}", cnode, ppath)
                    continue
            out[p] = comps
        return out

    def parameters(self, node) -> dict[str, Parameter]:
        out: dict[str, Parameter] = {}
        if not isinstance(node, MappingNode):
            self.error(f"expected a mapping of parameter names to defaults, got {_kind(node)}",
                       node, "parameters")
            return out
        for knode, vnode in node.value:
            name = getattr(knode, "value", None)
            path = _join("parameters", name)
            if not isinstance(name, str) or not is_valid_parameter_name(name):
                self.error(f"{name!r} is not a valid parameter name (letters, digits and _, "
                           f"starting with a letter; not a function name)", knode, path)
                continue
            if isinstance(vnode, MappingNode):
                keys = self.mapping(vnode, path, PARAMETER_KEYS, what="a parameter")
                if keys is None:
                    continue
                default = (self.value(keys["default"][1], _join(path, "default"), (), "default value")
                           if "default" in keys else None)
                low = high = None
                if "range" in keys:
                    items = self.sequence(keys["range"][1], _join(path, "range"), "two numbers [low, high]")
                    if items is not None and len(items) != 2:
                        self.error(f"expected a range [low, high], got {len(items)} values",
                                   keys["range"][1], _join(path, "range"))
                    elif items is not None:
                        low = self.value(items[0], _join(path, "range[0]"), (), "lower bound")
                        high = self.value(items[1], _join(path, "range[1]"), (), "upper bound")
                        if low is not None and high is not None and low > high:
                            self.error(f"range [{low}, {high}] has its lower bound above its "
                                       f"upper bound", keys["range"][1], _join(path, "range"))
                        elif (default is not None and low is not None and high is not None
                              and not low <= default <= high):
                            self.error(f"default {default} is outside the range [{low}, {high}]",
                                       keys["default"][1], _join(path, "default"))
                desc = self.text(keys["description"][1], _join(path, "description")) if "description" in keys else ""
                why = self.text(keys["rationale"][1], _join(path, "rationale")) if "rationale" in keys else ""
                out[name] = Parameter(name, default, low, high, rationale=why, description=desc)
            else:
                default = self.value(vnode, path, (), "default value")
                out[name] = Parameter(name, default)
        return out

    def players(self, node, need_strategies: bool):
        items = self.sequence(node, "players", "players")
        if items is None:
            raise _Stop
        if not items:
            self.fatal("a game needs at least one player", node, "players")
        names: list[str | None] = []
        strategies: list[list[str | None] | None] = []
        descriptions: dict[str, str] = {}
        seen: dict[str, int] = {}
        for k, item in enumerate(items):
            path = _join("players", k)
            strat = None
            if isinstance(item, MappingNode):
                keys = self.mapping(item, path, PLAYER_KEYS, required=("name",), what="a player")
                if keys is None or "name" not in keys:
                    names.append(None)
                    strategies.append(None)
                    continue
                name = self.label(keys["name"][1], _join(path, "name"), "player")
                if "description" in keys and name is not None:
                    descriptions[name] = self.text(keys["description"][1], _join(path, "description"))
                if "infosets" in keys:
                    ipath = _join(path, "infosets")
                    if need_strategies:
                        self.error("'infosets' belong to game trees", keys["infosets"][0], ipath)
                    elif name is not None:
                        self.infoset_orders[name] = (keys["infosets"][1], ipath)
                if "strategies" in keys:
                    spath = _join(path, "strategies")
                    if not need_strategies:
                        self.error("'strategies' belong to strategic forms; a tree's actions are "
                                   "given by its moves", keys["strategies"][0], spath)
                    else:
                        snodes = self.sequence(keys["strategies"][1], spath, "strategy labels")
                        if snodes is not None:
                            if not snodes:
                                self.error("a player needs at least one strategy", keys["strategies"][1], spath)
                            else:
                                strat = self.unique_labels(snodes, spath, "strategy")
                                if any(s is None for s in strat):
                                    strat = None
                elif need_strategies:
                    self.error(f"missing key 'strategies' for player {name!r}", item, path)
            else:
                name = self.label(item, path, "player")
                if need_strategies:
                    self.error(f"player {name!r} needs strategies: write "
                               f"{{name: {name}, strategies: [...]}}", item, path)
            if name is not None:
                if name in seen:
                    self.error(f"duplicate player label {name!r} (also players[{seen[name]}]); "
                               f"labels must be unique", item, path)
                    name = None
                elif not need_strategies and name == "chance":
                    self.error("'chance' is reserved for chance nodes; name the player otherwise",
                               item, path)
                    name = None
                else:
                    seen[name] = k
            names.append(name)
            strategies.append(strat)
        return names, strategies, descriptions

    # -------------------------------------------------------------- strategic form
    def payoff_vector(self, node, path, players, names, what="payoffs"):
        """n values given as a list in player order or a mapping by player."""
        n = len(players)
        if isinstance(node, SequenceNode):
            if len(node.value) != n:
                self.error(f"expected {n} payoffs (one per player: {', '.join(players)}), "
                           f"got {len(node.value)}", node, path)
                return None
            vals = [self.value(v, _join(path, k), names) for k, v in enumerate(node.value)]
        elif isinstance(node, MappingNode):
            keys = self.mapping(node, path, tuple(players), required=tuple(players),
                                what=f"{what} by player")
            if keys is None or len(keys) != n:
                return None
            vals = [self.value(keys[p][1], _join(path, p), names) for p in players]
        else:
            self.error(f"expected {n} payoffs as a list [{', '.join(players)}] or a mapping by "
                       f"player, got {_kind(node)}", node, path)
            return None
        return None if any(v is None for v in vals) else vals

    def strategic(self, node, players, strategies, names, common):
        """The strategic form of ``payoffs``: a list of profiles or the matrix shorthand."""
        n = len(players)
        shape = tuple(len(s) for s in strategies)
        try:
            check_table_size(n, shape)
        except InvalidGameError as exc:
            self.relay(exc, node, "payoffs")
            raise _Stop from None
        values = np.empty((n,) + shape, dtype=object)
        filled = np.zeros(shape, dtype=bool)
        notes: dict[tuple, dict] = {}
        if isinstance(node, MappingNode):
            ok = self._matrix_payoffs(node, players, names, values, filled)
        elif isinstance(node, SequenceNode):
            ok = self._profile_payoffs(node, players, strategies, names, values, filled, notes)
        else:
            self.fatal(f"expected 'payoffs' to be a list of {{profile, payoffs}} entries or "
                       f"{{matrix: ...}}, got {_kind(node)}", node, "payoffs")
        if ok:
            self._missing_profiles(node, strategies, filled)
        if self.errors:
            raise _Stop
        try:
            return NormalFormGame(values, players, strategies, notes=notes, **common)
        except InvalidGameError as exc:
            self.relay(exc, node, "payoffs")
            raise _Stop from None

    def _matrix_payoffs(self, node, players, names, values, filled) -> bool:
        """Fill ``values`` from ``{matrix: rows}`` (two players); False if a part is unusable."""
        shape = filled.shape
        keys = self.mapping(node, "payoffs", ("matrix",), required=("matrix",),
                            what="the matrix shorthand")
        if not keys or "matrix" not in keys:
            raise _Stop
        if len(players) != 2:
            self.fatal(f"the matrix shorthand is for two players; this game has {len(players)}: "
                       f"list the profiles instead", keys["matrix"][0], "payoffs.matrix")
        rows = self.sequence(keys["matrix"][1], "payoffs.matrix", "rows")
        if rows is None:
            raise _Stop
        ok = True
        if len(rows) != shape[0]:
            self.error(f"expected {shape[0]} rows (one per strategy of {players[0]}), got "
                       f"{len(rows)}", keys["matrix"][1], "payoffs.matrix")
            ok = False
        for r, row in enumerate(rows[:shape[0]]):
            rpath = f"payoffs.matrix[{r}]"
            cols = self.sequence(row, rpath, "cells")
            if cols is None:
                ok = False
                continue
            if len(cols) != shape[1]:
                self.error(f"expected {shape[1]} cells (one per strategy of {players[1]}), "
                           f"got {len(cols)}", row, rpath)
                ok = False
            for c, cell in enumerate(cols[:shape[1]]):
                vals = self.payoff_vector(cell, f"{rpath}[{c}]", players, names)
                if vals is None:
                    ok = False
                    continue
                for i in range(2):
                    values[i, r, c] = vals[i]
                filled[r, c] = True
        return ok

    def _profile_payoffs(self, node, players, strategies, names, values, filled, notes) -> bool:
        """Fill ``values`` and ``notes`` from a list of ``{profile, payoffs, ...}``
        entries; False if an entry is unusable (it may be the "missing" profile)."""
        ok = True
        first_line: dict[tuple, int | None] = {}
        for k, entry in enumerate(node.value):
            path = _join("payoffs", k)
            keys = self.mapping(entry, path, PROFILE_KEYS, required=("profile", "payoffs"),
                                what="a payoff entry")
            if keys is None or "profile" not in keys or "payoffs" not in keys:
                ok = False
                continue
            idx = self.profile(keys["profile"][1], _join(path, "profile"), players, strategies)
            vals = self.payoff_vector(keys["payoffs"][1], _join(path, "payoffs"), players, names)
            note = self._profile_note(keys, path, players, names, vals)
            if idx is None:
                ok = False  # this entry may be the "missing" profile: do not guess
                continue
            if filled[idx]:
                self.error(f"profile {_fmt_profile(strategies[i][s] for i, s in enumerate(idx))} "
                           f"appears twice (first at line {first_line[idx]}); give each "
                           f"profile once", keys["profile"][1], _join(path, "profile"))
                continue
            first_line[idx] = _line(entry)
            filled[idx] = True
            if vals is None:
                continue
            for i in range(len(players)):
                values[(i,) + idx] = vals[i]
            if note:
                notes[idx] = note
        return ok

    def _profile_note(self, keys, path: str, players, names, vals) -> dict:
        """The rationale, source and payoff components of a payoff entry."""
        note: dict[str, Any] = {}
        for key in ("rationale", "source"):
            if key in keys:
                note[key] = self.text(keys[key][1], _join(path, key))
        if "components" in keys:
            comps = self.components(keys["components"][1], _join(path, "components"),
                                    players, names, vals)
            if comps:
                note["components"] = comps
        return note

    def _missing_profiles(self, node, strategies, filled) -> None:
        """Report the pure profiles no entry gave (the first 20, then their count)."""
        missing = [tuple(int(x) for x in i) for i in np.argwhere(~filled)]
        for idx in missing[:20]:
            self.error(f"missing payoffs for profile "
                       f"{_fmt_profile(strategies[i][s] for i, s in enumerate(idx))}; every "
                       f"pure profile must appear exactly once", node, "payoffs")
        if len(missing) > 20:
            self.error(f"... and {len(missing) - 20} more missing profiles", node, "payoffs")

    def profile(self, node, path, players, strategies):
        n = len(players)
        if isinstance(node, SequenceNode):
            if len(node.value) != n:
                self.error(f"expected a profile of {n} strategies (one per player: "
                           f"{', '.join(players)}), got {len(node.value)}", node, path)
                return None
            pairs = list(enumerate(node.value))
        elif isinstance(node, MappingNode):
            keys = self.mapping(node, path, tuple(players), required=tuple(players),
                                what="a profile by player")
            if keys is None or len(keys) != n:
                return None
            pairs = [(i, keys[p][1]) for i, p in enumerate(players)]
        else:
            self.error(f"expected a profile: a list of {n} strategy labels or a mapping by "
                       f"player, got {_kind(node)}", node, path)
            return None
        idx = []
        for i, snode in pairs:
            where = _join(path, i if isinstance(node, SequenceNode) else players[i])
            lab = self.label(snode, where, "strategy")
            if lab is None:
                return None
            if lab not in strategies[i]:
                self.error(f"{players[i]} has no strategy {lab!r}; its strategies are "
                           f"{', '.join(strategies[i])}", snode, where)
                return None
            idx.append(strategies[i].index(lab))
        return tuple(idx)

    # -------------------------------------------------------------- trees
    def outcome_spec(self, node, path, players, names):
        """(payoffs, label, rationale, source) of an outcome mapping, or None."""
        keys = self.mapping(node, path, OUTCOME_KEYS, required=("payoffs",), what="an outcome")
        if keys is None or "payoffs" not in keys:
            return None
        vals = self.payoff_vector(keys["payoffs"][1], _join(path, "payoffs"), players, names)
        extra = {k: self.text(keys[k][1], _join(path, k)) for k in ("label", "rationale", "source")
                 if k in keys}
        if vals is None:
            return None
        return vals, extra

    def tree_game(self, keys, players, names, common):
        game = ExtensiveFormGame(players, **common)
        self.game = game
        self.players_ = players
        self.names = names
        self.named: dict[str, Outcome | None] = {}
        if "outcomes" in keys:
            onode = keys["outcomes"][1]
            if not isinstance(onode, MappingNode):
                self.error(f"expected a mapping of outcome names to outcomes, got {_kind(onode)}",
                           onode, "outcomes")
            else:
                for knode, vnode in onode.value:
                    name = self.label(knode, "outcomes", "outcome name")
                    if name is None:
                        continue
                    spec = self.outcome_spec(vnode, _join("outcomes", name), players, names)
                    if spec is None:
                        self.named[name] = None
                        continue
                    vals, extra = spec
                    self.named[name] = game.add_outcome(
                        vals, label=extra.get("label", name), rationale=extra.get("rationale", ""),
                        source=extra.get("source", ""))
        tnode = keys["tree"][1]
        if not isinstance(tnode, MappingNode):
            self.fatal(f"expected the tree's root node (a mapping with keys "
                       f"{', '.join(NODE_KEYS)}), got {_kind(tnode)}", tnode, "tree")
        self.registry: dict[Any, tuple] = {}
        tkeys = {k.value for k, _ in tnode.value if isinstance(k, ScalarNode)}
        if tkeys & {"root", "nodes"}:
            self.flat_tree(tnode)
        else:
            self.nested_tree(tnode)
        if self.errors:
            raise _Stop
        for name, (onode, opath) in self.infoset_orders.items():
            self.order_infosets(name, onode, opath)
        if self.errors:
            raise _Stop
        try:
            game.validate()
        except InvalidGameError as exc:
            self.relay(exc, tnode, "tree")
            raise _Stop from None
        return game

    def _count_nested(self, root):
        """Expanded number of tree nodes under ``root`` (aliases counted each time)."""

        leaves: dict[int, int] = {}  # moves that end in an outcome (a leaf node each)

        def children(node):
            out: list[Any] = []
            leaves[id(node)] = 0
            if not isinstance(node, MappingNode):
                return out
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == "moves" and isinstance(v, SequenceNode):
                    for move in v.value:
                        if isinstance(move, MappingNode):
                            sub = [mv for mk, mv in move.value if isinstance(mk, ScalarNode)
                                   and mk.value == "node" and isinstance(mv, MappingNode)]
                            out.extend(sub)
                            if not sub:
                                leaves[id(node)] = leaves.get(id(node), 0) + 1
            return out

        memo: dict[int, int] = {}
        cap = _limits.current().tree_nodes
        on_path: set[int] = set()
        stack = [(root, False)]
        while stack:
            node, done = stack.pop()
            key = id(node)
            if done:
                on_path.discard(key)
                kids = children(node)
                memo[key] = min(1 + leaves.get(key, 0) + sum(memo[id(c)] for c in kids), cap + 1)
                continue
            if key in memo:
                continue
            if key in on_path:
                self.fatal("a YAML alias makes this subtree contain itself; a tree must be finite",
                           node, "tree")
            on_path.add(key)
            stack.append((node, True))
            for c in children(node):
                if id(c) in on_path:
                    self.fatal("a YAML alias makes this subtree contain itself; a tree must be finite",
                               c, "tree")
                if id(c) not in memo:
                    stack.append((c, False))
        return memo[id(root)]

    def nested_tree(self, root):
        total = self._count_nested(root)
        if total > _limits.current().tree_nodes:
            self.fatal(_limits.exceeded("tree_nodes", "a tree of more than "
                                        f"{_limits.current().tree_nodes:,} nodes once YAML "
                                        "aliases are expanded"), root, "tree")
        stack = [(root, 0, "tree")]
        while stack:
            ynode, k, path = stack.pop()
            kids = self.node(ynode, k, path, flat=False)
            for ref, child, cpath in reversed(kids):
                stack.append((ref, child, cpath))

    def flat_tree(self, tnode):
        keys = self.mapping(tnode, "tree", ("root", "nodes"), required=("root", "nodes"),
                            what="a flat tree")
        if keys is None or "root" not in keys or "nodes" not in keys:
            raise _Stop
        nnode = keys["nodes"][1]
        if not isinstance(nnode, MappingNode):
            self.fatal(f"expected a mapping of node ids to nodes, got {_kind(nnode)}", nnode, "tree.nodes")
        if len(nnode.value) > _limits.current().tree_nodes:
            self.fatal(_limits.exceeded("tree_nodes", f"a tree of {len(nnode.value):,} nodes"),
                       nnode, "tree.nodes")
        specs: dict[str, tuple] = {}
        for knode, vnode in nnode.value:
            nid = self.label(knode, "tree.nodes", "node id")
            if nid is not None:
                specs[nid] = (knode, vnode)
        root_id = self.label(keys["root"][1], "tree.root", "node id")
        if root_id is None:
            raise _Stop
        if root_id not in specs:
            self.fatal(f"the root {root_id!r} is not among tree.nodes", keys["root"][1], "tree.root")
        self.flat_ids: dict[int, str] = {0: root_id}
        visited: dict[str, int] = {root_id: 0}
        stack = [(root_id, 0, _join("tree.nodes", root_id))]
        while stack:
            nid, k, path = stack.pop()
            kids = self.node(specs[nid][1], k, path, flat=True)
            ordered = []
            for (target, tnode_ref, move_path), child, _ in kids:
                if target not in specs:
                    hint = _did_you_mean(target, specs)
                    self.error(f"no node {target!r} in tree.nodes{hint}", tnode_ref, move_path)
                    continue
                if target in visited:
                    ancestor = False
                    p: int | None = k
                    while p is not None:
                        if self.flat_ids.get(p) == target:
                            ancestor = True
                            break
                        p = self.game.nodes[p].parent
                    if ancestor:
                        self.error(f"cycle: node {nid!r} leads back to its ancestor {target!r}; "
                                   f"a tree has no cycles", tnode_ref, move_path)
                    else:
                        parent = self.game.nodes[visited[target]].parent
                        also = None if parent is None else self.flat_ids.get(parent)
                        self.error(f"node {target!r} is reached twice (also from "
                                   f"{also!r}); a tree node has one parent",
                                   tnode_ref, move_path)
                    continue
                visited[target] = child
                self.flat_ids[child] = target
                ordered.append((target, child, _join("tree.nodes", target)))
            stack.extend(reversed(ordered))
        unused = [nid for nid in specs if nid not in visited]
        for nid in unused[:20]:
            self.error(f"node {nid!r} is not reachable from the root {root_id!r}",
                       specs[nid][0], _join("tree.nodes", nid))
        if len(unused) > 20:
            self.error(f"... and {len(unused) - 20} more unreachable nodes", nnode, "tree.nodes")

    def attach_outcome(self, onode, k, path):
        """Attach the outcome written at ``onode`` (a name or a mapping) to node ``k``."""
        if isinstance(onode, ScalarNode) and onode.tag != _T + "null":
            name = onode.value
            if name not in self.named:
                known = list(self.named)
                hint = _did_you_mean(name, known)
                self.error(f"unknown outcome {name!r}{hint}; named outcomes: "
                           f"{', '.join(known) or 'none (add a top-level outcomes: mapping)'}",
                           onode, path)
                return
            if self.named[name] is not None:
                self.game.set_outcome(k, self.named[name])
            return
        spec = self.outcome_spec(onode, path, self.players_, self.names)
        if spec is not None:
            vals, extra = spec
            self.game.set_outcome(k, vals, label=extra.get("label", ""),
                                  rationale=extra.get("rationale", ""),
                                  source=extra.get("source", ""))

    def node(self, ynode, k: int, path: str, flat: bool):
        """Build game node ``k`` from its spec; return its children to visit.

        Returns a list of ``(ref, child index, child path)``: ``ref`` is the child's
        YAML node (nested form) or ``(id, YAML node, path)`` (flat form).
        Stages: the node's own keys, its player, its moves, its information set,
        the move appended to the game, then the children.
        """
        game = self.game
        self.node_lines[k] = _line(ynode)
        keys = self.mapping(ynode, path, NODE_KEYS, what="a tree node")
        if keys is None:
            return []
        if "label" in keys:
            game.nodes[k].label = self.text(keys["label"][1], _join(path, "label"))
        if "outcome" in keys:
            self.attach_outcome(keys["outcome"][1], k, _join(path, "outcome"))
        if "player" not in keys and "moves" not in keys:
            if "infoset" in keys:
                self.error("a terminal node (no player, no moves) has no information set",
                           keys["infoset"][0], _join(path, "infoset"))
            return []
        if "moves" not in keys:
            self.error("a node with a player needs its 'moves'", ynode, path)
            return []
        player = self._node_player(keys, ynode, path)
        is_chance = player == "chance"
        mpath = _join(path, "moves")
        moves = self.sequence(keys["moves"][1], mpath, "moves")
        if moves is None:
            return []
        if not moves:
            self.error("a node needs at least one move", keys["moves"][1], mpath)
            return []
        actions, probs, targets = self._moves(moves, mpath, player, flat)
        if any(a is None for a in actions):
            return []
        infoset_key, infoset_label = self._infoset_key(keys, path, player, is_chance)
        try:
            if is_chance or player is None:
                self._append_chance(k, keys, mpath, player, actions, probs, infoset_key)
            else:
                self._append_move(k, keys, path, player, actions, infoset_key, infoset_label)
        except InvalidGameError as exc:
            self.relay(exc, ynode, path)
            return []
        return self._children(k, targets)

    def _node_player(self, keys, ynode, path: str) -> str | None:
        """The node's player label (``"chance"`` for chance), None after reporting."""
        if "player" not in keys:
            self.error("a node with moves needs a 'player' (a player's name or chance)", ynode, path)
            return None
        player = self.label(keys["player"][1], _join(path, "player"), "player")
        if player is not None and player != "chance" and player not in self.players_:
            hint = _did_you_mean(player, self.players_)
            self.error(f"unknown player {player!r}{hint}; the players are "
                       f"{', '.join(self.players_)} (or chance)", keys["player"][1],
                       _join(path, "player"))
            return None
        return player

    def _moves(self, moves, mpath: str, player, flat: bool):
        """``(actions, probabilities, targets)`` of a node's moves (None where unusable)."""
        allowed = FLAT_MOVE_KEYS if flat else MOVE_KEYS
        actions: list = []
        probs: list = []
        targets: list = []
        seen: dict[str, int] = {}
        for j, move in enumerate(moves):
            jpath = _join(mpath, j)
            mkeys = self.mapping(move, jpath, allowed, required=("action",), what="a move")
            if mkeys is None:
                actions.append(None)
                probs.append(None)
                targets.append(None)
                continue
            act = self.label(mkeys["action"][1], _join(jpath, "action"), "action") if "action" in mkeys else None
            if act is not None and act in seen:
                self.error(f"duplicate action label {act!r} (also moves[{seen[act]}]); action "
                           f"labels at a node must be unique", mkeys["action"][1], _join(jpath, "action"))
                act = None
            elif act is not None:
                seen[act] = j
            actions.append(act)
            probs.append(self._move_probability(move, mkeys, jpath, player))
            targets.append(self._move_target(move, mkeys, jpath, flat))
        return actions, probs, targets

    def _move_probability(self, move, mkeys, jpath: str, player):
        """A chance move's probability (None for a player's move or after reporting)."""
        if player == "chance":
            if "probability" not in mkeys:
                self.error("a chance move needs a 'probability'", move, jpath)
                return None
            return self.value(mkeys["probability"][1], _join(jpath, "probability"),
                              self.names, "probability")
        if "probability" in mkeys and player is not None:
            self.error(f"'probability' is only for chance moves; {player} chooses here",
                       mkeys["probability"][0], _join(jpath, "probability"))
        return None

    def _move_target(self, move, mkeys, jpath: str, flat: bool):
        """Where a move leads: ``("node", YAML node, path)``, ``("to", id, YAML node,
        path)`` or ``("outcome", YAML node, path)``; None after reporting."""
        nxt = "to" if flat else "node"
        if nxt in mkeys and "outcome" in mkeys:
            self.error(f"a move leads either to '{nxt}' or to an 'outcome', not both",
                       move, jpath)
            return None
        if nxt in mkeys:
            if flat:
                tid = self.label(mkeys["to"][1], _join(jpath, "to"), "node id")
                return None if tid is None else ("to", tid, mkeys["to"][1], _join(jpath, "to"))
            return ("node", mkeys["node"][1], _join(jpath, "node"))
        if "outcome" in mkeys:
            return ("outcome", mkeys["outcome"][1], _join(jpath, "outcome"))
        if id(move) not in self.with_unknown_keys:
            what = "'to' (a node id)" if flat else "'node' (a subtree)"
            self.error(f"a move needs either {what} or an 'outcome' (a leaf)", move, jpath)
        return None

    def _infoset_key(self, keys, path: str, player, is_chance: bool):
        """``(key, label)`` of the node's information set as written.

        The key is a label (str), ``("#", player, number)`` for a numbered set or
        None; the label is one several numbered sets share (``{number: n, label: l}``).
        """
        if "infoset" not in keys:
            return None, None
        inode = keys["infoset"][1]
        ipath = _join(path, "infoset")
        if isinstance(inode, MappingNode) and not is_chance:
            ikeys = self.mapping(inode, ipath, ("number", "label"), required=("number",),
                                 what="an information set")
            if not ikeys or "number" not in ikeys:
                return None, None
            num = ikeys["number"][1]
            if not _is_decimal_int(num):
                self.error(f"expected an information set number, got {_kind(num)}",
                           num, _join(ipath, "number"))
                return None, None
            label = self.text(ikeys["label"][1], _join(ipath, "label")) if "label" in ikeys else None
            return ("#", player, int(num.value.replace("_", ""))), label
        if not isinstance(inode, ScalarNode) or inode.tag == _T + "null" or not inode.value.strip():
            self.error(f"expected an information set label, got {_kind(inode)}", inode,
                       _join(path, "infoset"))
            return None, None
        if not is_chance and _is_decimal_int(inode):
            # a number identifies an unlabelled information set of this player
            return ("#", player, int(inode.value.replace("_", ""))), None
        return inode.value, None

    def _append_chance(self, k: int, keys, mpath: str, player, actions, probs, infoset_key):
        """A chance node (or, for an unknown player, a placeholder that keeps walking)."""
        is_chance = player == "chance"
        ok = True
        if is_chance:
            ok = self.check_probabilities(probs, keys["moves"][1], mpath)
        if player is None or not ok:
            probs = [Fraction(1, len(actions))] * len(actions)  # placeholder, keeps walking
        self.game.append_chance(k, actions, probs, label=self.game.nodes[k].label or None,
                                infoset_label=infoset_key if isinstance(infoset_key, str) and is_chance else "")

    def _append_move(self, k: int, keys, path: str, player, actions, infoset_key, infoset_label):
        """A player's node, in the information set its key names (a new one if first met)."""
        game = self.game
        h = None
        if infoset_key is not None and infoset_key in self.registry:
            h = self._known_infoset(keys, path, player, actions, infoset_key, infoset_label)
            if h is None:  # a mismatch, reported: the node gets an information set of its own
                infoset_key = None
        game.append_move(k, player, actions, infoset=h, label=game.nodes[k].label or None)
        if h is None and infoset_key is not None:
            h = game.nodes[k].infoset
            assert h is not None  # append_move just gave the node an information set
            if isinstance(infoset_key, str):
                h.label = infoset_key
            elif infoset_label is not None:
                h.label = infoset_label
            self.registry[infoset_key] = (h, player, _line(keys["infoset"][1]))

    def _known_infoset(self, keys, path: str, player, actions, infoset_key, infoset_label):
        """The information set registered under ``infoset_key`` if this node can join
        it; None (after reporting) if it does not match."""
        h, kplayer, kline = self.registry[infoset_key]
        if kplayer != player:
            self.error(f"information set {infoset_key!r} belongs to {kplayer} (line "
                       f"{kline}); every member must be a node of the same player",
                       keys["player"][1], _join(path, "player"))
            return None
        if infoset_label is not None and infoset_label != h.label:
            self.error(f"information set number {infoset_key[2]} of {player} is "
                       f"labelled {h.label!r} at line {kline}, {infoset_label!r} "
                       "here", keys["infoset"][1], _join(path, "infoset"))
            return None
        if tuple(actions) != h.actions:
            shown = (repr(infoset_key) if isinstance(infoset_key, str)
                     else f"number {infoset_key[2]} of {player}")
            self.error(f"the members of information set {shown} must have the "
                       f"same actions: {list(h.actions)} at line {kline}, "
                       f"{actions} here", keys["moves"][1], _join(path, "moves"))
            return None
        return h

    def _children(self, k: int, targets):
        """Attach the leaf outcomes of node ``k``'s moves; return the children to visit."""
        children = self.game.nodes[k].children
        out = []
        for j, target in enumerate(targets):
            if target is None:
                continue
            c = children[j]
            if target[0] == "outcome":
                self.attach_outcome(target[1], c, target[2])
            elif target[0] == "node":
                out.append((target[1], c, target[2]))
            else:
                out.append(((target[1], target[2], target[3]), c, None))
        return out

    def order_infosets(self, name: str, onode, opath: str) -> None:
        """Number ``name``'s information sets in the order given by ``players[i].infosets``.

        Without it they are numbered in order of first appearance, depth first;
        the list (written by :func:`dumps` when a game's numbering differs) names
        every one of the player's information sets by its label or number.
        """
        items = self.sequence(onode, opath, "information set labels or numbers")
        if items is None:
            return
        i = self.players_.index(name)
        chosen, seen = [], set()
        for j, item in enumerate(items):
            where = _join(opath, j)
            key: tuple | str | None
            if _is_decimal_int(item):
                key, shown = ("#", name, int(item.value.replace("_", ""))), f"number {item.value}"
            else:
                key = self.label(item, where, "information set")
                shown = repr(key)
                if key is None:
                    continue
            entry = self.registry.get(key)
            if entry is None or entry[1] != name:
                self.error(f"{name} has no information set {shown} in the tree", item, where)
                continue
            if id(entry[0]) in seen:
                self.error(f"information set {shown} is listed twice", item, where)
                continue
            seen.add(id(entry[0]))
            chosen.append(entry[0])
        missing = [h for h in self.game.infosets[i] if id(h) not in seen]
        for h in missing:
            self.error(f"the information set of {name} at line {self.node_lines.get(h.members[0])} is "
                       f"not listed; list all of {name}'s information sets (give each an "
                       f"infoset: label or number)", onode, opath)
        if not missing and len(chosen) == len(self.game.infosets[i]):
            self.game.infosets[i][:] = chosen
            for number, h in enumerate(chosen, start=1):
                h.number = number

    def check_probabilities(self, probs, node, path) -> bool:
        if any(p is None for p in probs):
            return False
        if any(is_symbolic(p) for p in probs):
            import sympy
            total = sympy.simplify(sum(probs))
            if total != 1:
                self.error(f"chance probabilities add up to {total}, expected exactly 1", node, path)
                return False
            return True
        good = True
        for j, p in enumerate(probs):
            if p < 0:
                self.error(f"negative probability {p}; probabilities lie in [0, 1]", node,
                           f"{path}[{j}].probability")
                good = False
        total = sum(probs)
        if good and total != 1:
            self.error(f"chance probabilities add up to {total}, expected exactly 1", node, path)
            good = False
        return good


def _read(text: str, file=None):
    """(game or None, problems) for YAML ``text``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = _Reader(file)
    if not text.strip():
        return None, [InvalidGameError("the file is empty", file=file)]
    # Reading allocates many small objects that form no garbage cycles; pausing the
    # cyclic garbage collector meanwhile keeps large files linear in time.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            try:
                root = _compose(text)
            except _TooDeepForLibyaml:
                root = _compose(text, pure_python=True)
        except InvalidGameError as exc:
            return None, [exc.located(file=file)]
        try:
            game = reader.document(root)
        except _Stop:
            game = None
    finally:
        if gc_was_enabled:
            gc.enable()
    if reader.errors:
        # In file order (stable, so problems on one line keep the order found).
        return None, sorted(reader.errors, key=lambda e: e.line or 0)
    return game, []


def loads(text: str, file=None):
    """Read a game from YAML text.

    Parameters
    ----------
    text : str
        The file's content.
    file : str or path-like, optional
        Named in error messages.

    Returns
    -------
    NormalFormGame or ExtensiveFormGame

    Raises
    ------
    InvalidGameError
        The first problem found, naming the file, the line and the key path.
    """
    game, problems = _read(text, file)
    if problems:
        raise problems[0]
    return game


def read_yaml(path):
    """Read a native game file (``.yaml``/``.yml``).

    Parameters
    ----------
    path : str or path-like
        The file, UTF-8 (a byte-order mark is allowed).

    Returns
    -------
    NormalFormGame or ExtensiveFormGame

    Raises
    ------
    InvalidGameError
        The first problem found, naming the file, the line and the key path;
        :func:`validate_yaml` lists all of them.

    Examples
    --------
    >>> game = read_yaml("games/classics/prisoners-dilemma.yaml")  # doctest: +SKIP
    >>> game.payoff(["Fink", "Fink"])  # doctest: +SKIP
    (Fraction(1, 1), Fraction(1, 1))
    """
    from . import read_text
    return loads(read_text(path), file=path)


def validate_yaml(path) -> list[InvalidGameError]:
    """Every problem of a game file, found in one pass.

    The reader keeps going after a bad payoff, a missing profile, an unknown key
    and so on; only problems that leave nothing to check (invalid YAML, a missing
    ``players`` list) end the pass early.  At most :data:`MAX_PROBLEMS` are
    reported.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    list of InvalidGameError
        In file order, each with ``file``, ``line`` and ``path``; empty when the
        file is a valid game.
    """
    from . import read_text
    try:
        text = read_text(path)
    except InvalidGameError as exc:
        return [exc]
    return _read(text, path)[1]
