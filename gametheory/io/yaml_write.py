"""The writer of the native game file: a game -> YAML text (``format: 1``).

:func:`dumps` builds a document of dicts and lists and writes it with its own
small emitter (PyYAML's emitter is recursive): trees up to
:data:`NESTED_DEPTH_LIMIT` levels are written nested, deeper ones flat.
``loads(dumps(game)) == game`` exactly, with parameters, notes and rationales
preserved.
"""
from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..exceptions import InvalidGameError
from ..game.extensive import CHANCE, ExtensiveFormGame, Outcome
from ..game.normal import NormalFormGame
from ..payoffs import is_symbolic

#: The schema version written here and read by :mod:`.yaml_read`.
FORMAT_VERSION = 1
#: The writer uses the nested tree form up to this depth and the flat form beyond.
NESTED_DEPTH_LIMIT = 200


class _Flow:
    """A list or dict to be written in flow style (``[a, b]``, ``{k: v}``)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


_PLAIN_RE = re.compile(r"^[^\W\d][\w .'()/;+-]*\Z")  # letters, digits, a few marks (\Z, not $: "A\n" is not plain)
_RESERVED = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}
#: Characters that a double-quoted YAML scalar must escape (non-printable ones and line breaks).
_NONPRINTABLE_RE = re.compile("[^\x09\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                              "\U00010000-\U0010ffff]")


def _escape(ch: str) -> str:
    special = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\", '"': '\\"', "\x00": "\\0"}
    if ch in special:
        return special[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _quote(s: str) -> str:
    """A YAML scalar that reads back as exactly the string ``s``."""
    if _PLAIN_RE.match(s) and not s.endswith(" ") and s.lower() not in _RESERVED:
        return s
    out = []
    for ch in s:
        if ch in '\\"\t\ufeff' or _NONPRINTABLE_RE.match(ch):
            out.append(_escape(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _block_ok(s: str) -> bool:
    """Whether ``s`` can be written as a literal block (``|`` / ``|-``)."""
    if "\n" not in s or s.endswith("\n\n") or s[:1] in (" ", "\n"):
        return False
    if _NONPRINTABLE_RE.search(s.replace("\n", "")) or "\ufeff" in s or "\t" in s:
        return False
    return all(line == line.rstrip() for line in s.split("\n"))


def _flow(v) -> str:
    if isinstance(v, _Flow):
        v = v.value
    if isinstance(v, list):
        return "[" + ", ".join(_flow(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_quote(k)}: {_flow(x)}" for k, x in v.items()) + "}"
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return _quote(str(v))


def _emit(doc: dict) -> str:
    """Block-style YAML for nested dicts/lists, written with an explicit stack."""
    lines: list[str] = []
    stack: list[list[Any]] = [[iter(doc.items()), 0, False, None]]  # [items, indent, list?, prefix]
    while stack:
        top = stack[-1]
        try:
            item = next(top[0])
        except StopIteration:
            stack.pop()
            continue
        ind = top[1]
        if top[2]:  # list item
            prefix = " " * ind + "- "
            if isinstance(item, dict) and item:
                stack.append([iter(item.items()), ind + 2, False, prefix])
            else:
                lines.append(prefix + _flow(item))
            continue
        key, v = item
        first = top[3] if top[3] is not None else " " * ind
        top[3] = None
        head = f"{first}{_quote(key)}:"
        if isinstance(v, dict) and v:
            lines.append(head)
            stack.append([iter(v.items()), ind + 2, False, None])
        elif isinstance(v, list) and v:
            lines.append(head)
            stack.append([iter(v), ind + 2, True, None])
        elif isinstance(v, str) and _block_ok(v):
            body = v[:-1] if v.endswith("\n") else v
            lines.append(head + (" |" if v.endswith("\n") else " |-"))
            pad = " " * (ind + 2)
            lines.extend(pad + line if line else "" for line in body.split("\n"))
        else:
            lines.append(f"{head} {_flow(v)}")
    return "\n".join(lines) + "\n"


def _expr_text(expr) -> str:
    """A sympy expression in the syntax parse_value reads back to the same expression."""
    from sympy.printing.str import StrPrinter

    class _Printer(StrPrinter):
        def _print_Min(self, e):
            return "min(" + ", ".join(self._print(a) for a in e.args) + ")"

        def _print_Max(self, e):
            return "max(" + ", ".join(self._print(a) for a in e.args) + ")"

        def _print_Abs(self, e):
            return "abs(" + self._print(e.args[0]) + ")"

        def _print_Exp1(self, e):
            return "exp(1)"

        def _print_Float(self, e):
            return repr(float(e))

    return _Printer({"order": None}).doprint(expr)


def _value(v):
    """A payoff/probability for the file: an int, or a string to be quoted."""
    if is_symbolic(v):
        return _expr_text(v)
    if isinstance(v, float):
        v = Fraction(repr(float(v)))  # shortest decimal (numpy scalars repr differently)
    if isinstance(v, Fraction):
        return int(v) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    try:
        f = Fraction(v)
    except (TypeError, ValueError):
        f = Fraction(repr(float(v)))
    return int(f) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def _header(game) -> dict:
    doc: dict[str, Any] = {"format": FORMAT_VERSION}
    if game.title:
        doc["title"] = game.title
    if game.description:
        doc["description"] = game.description
    if game.metadata.get("source"):
        doc["source"] = str(game.metadata["source"])
    if game.parameters:
        params = {}
        for name, p in game.parameters.items():
            if p.low is None and p.high is None and not p.rationale and not p.description \
                    and p.default is not None:
                params[name] = _value(p.default)
                continue
            entry: dict[str, Any] = {}
            if p.default is not None:
                entry["default"] = _value(p.default)
            if p.low is not None or p.high is not None:
                if p.low is None or p.high is None:
                    raise InvalidGameError(f"parameter {name!r} has only one end of its range; "
                                           f"the file needs [low, high]")
                entry["range"] = _Flow([_value(p.low), _value(p.high)])
            if p.description:
                entry["description"] = p.description
            if p.rationale:
                entry["rationale"] = p.rationale
            params[name] = entry if entry else {}
        doc["parameters"] = params
    notes = game.metadata.get("reference_notes") or {}
    refs = game.metadata.get("references") or {}
    if refs:
        out = {}
        for name, spec in refs.items():
            note = notes.get(name) or {}
            kind = note.get("kind") or ("profile" if isinstance(spec, (list, tuple)) else
                                        "outcome" if isinstance(spec, str) else "value")
            entry = {kind: _Flow(list(spec)) if kind == "profile" else
                     spec if kind in ("outcome", "node") else _value(spec)}
            if note.get("rationale"):
                entry["rationale"] = note["rationale"]
            if note.get("primary"):
                entry["primary"] = True
            out[name] = entry
        doc["references"] = out
    if game.metadata.get("assumptions"):
        doc["assumptions"] = [{k: bool(v) if k == "departs" else v
                               for k, v in a.items()} for a in game.metadata["assumptions"]]
    return doc


def _players(game, strategies=None, infoset_orders=None):
    desc = game.metadata.get("player_descriptions") or {}
    infoset_orders = infoset_orders or {}
    if strategies is None and not desc and not infoset_orders:
        return _Flow(list(game.players))
    out = []
    for i, name in enumerate(game.players):
        entry: dict[str, Any] = {"name": name}
        if strategies is not None:
            entry["strategies"] = _Flow(list(strategies[i]))
        if desc.get(name):
            entry["description"] = desc[name]
        if i in infoset_orders:
            entry["infosets"] = _Flow(infoset_orders[i])
        out.append(entry)
    return out


def _yaml_labels(labels, what: str) -> tuple:
    """Labels for the YAML file, which needs them unique: repeats (read from a Gambit
    file) are renamed as Gambit renames them (``x`` ``x`` -> ``x_1`` ``x_2``), with a
    warning."""
    if len(set(labels)) == len(labels):
        return tuple(labels)
    import warnings

    from ..exceptions import DuplicateLabelWarning
    from .efg import _gambit_unique
    new = tuple(_gambit_unique(list(labels)))
    warnings.warn(DuplicateLabelWarning(
        f"the YAML game file needs unique labels: the {what} {list(labels)} are written as "
        f"{list(new)}"), stacklevel=4)
    return new


def _yaml_actions(game):
    """``actions(h)``: an information set's action labels for the YAML file (unique)."""
    cache: dict[int, tuple] = {}

    def actions(h):
        if id(h) not in cache:
            who = "chance" if h.player == CHANCE else game.players[h.player]
            cache[id(h)] = _yaml_labels(h.actions, f"actions of {who} at information set "
                                                    f"{h.label or h.number}")
        return cache[id(h)]
    return actions


def _dump_normal(game: NormalFormGame) -> dict:
    doc = _header(game)
    strategies = [_yaml_labels(s, f"strategies of {p!r}") for p, s in
                  zip(game.players, game.strategies)]
    doc["players"] = _players(game, strategies)
    P = game.payoffs
    if game.n_players == 2 and not game.notes:
        rows = []
        for r in range(game.shape[0]):
            rows.append(_Flow([_Flow([_value(P[0, r, c]), _value(P[1, r, c])])
                               for c in range(game.shape[1])]))
        doc["payoffs"] = {"matrix": rows}
        return doc
    entries = []
    for idx in game.profiles():
        entry: dict[str, Any] = {
            "profile": _Flow([strategies[i][s] for i, s in enumerate(idx)]),
            "payoffs": _Flow([_value(P[(i,) + idx]) for i in range(game.n_players)]),
        }
        note = game.notes.get(idx) or {}
        for key in ("rationale", "source"):
            if note.get(key):
                entry[key] = str(note[key])
        if note.get("components"):
            entry["components"] = {p: _Flow({c: _value(v) for c, v in comps.items()})
                                   for p, comps in note["components"].items()}
        entries.append(entry)
    doc["payoffs"] = entries
    return doc


def _outcome_dict(o: Outcome, label=True) -> dict:
    d: dict[str, Any] = {"payoffs": _Flow([_value(v) for v in o.payoffs])}
    if label and o.label:
        d["label"] = o.label
    if o.rationale:
        d["rationale"] = o.rationale
    if o.source:
        d["source"] = o.source
    return d


def _reordered_players(game: ExtensiveFormGame) -> set[int]:
    """Players whose information sets are not numbered in order of first appearance
    (depth first, as the reader numbers them): the file lists their order."""
    first_seen: list[list] = [[] for _ in game.players]
    met: set[int] = set()
    for n in game.preorder():
        h = n.infoset
        if h is not None and h.player != CHANCE and id(h) not in met:
            met.add(id(h))
            first_seen[h.player].append(h)
    return {i for i, hs in enumerate(first_seen)
            if [h.number for h in hs] != sorted(h.number for h in hs)}


def _named_outcomes(game: ExtensiveFormGame) -> tuple[dict[int, str], dict[str, dict]]:
    """Outcomes used more than once (or never), written by name: ``(name by id, entries)``.

    They are listed in order of first use (pre-order), then the unused ones, so that
    writing a game read from a file reproduces the file.
    """
    uses: dict[int, int] = {}
    for n in game.nodes:
        if n.outcome is not None:
            uses[id(n.outcome)] = uses.get(id(n.outcome), 0) + 1
    all_outcomes = []
    listed: set[int] = set()
    for n in game.preorder():
        if n.outcome is not None and id(n.outcome) not in listed:
            listed.add(id(n.outcome))
            all_outcomes.append(n.outcome)
    all_outcomes += [o for o in game.outcomes if id(o) not in listed]
    names: dict[int, str] = {}
    taken: set[str] = set()
    named: dict[str, dict] = {}
    for o in all_outcomes:
        if uses.get(id(o), 0) == 1:
            continue
        name = o.label if o.label.strip() and o.label not in taken else f"outcome {len(named) + 1}"
        while name in taken:
            name += "'"
        taken.add(name)
        names[id(o)] = name
        d = _outcome_dict(o, label=False)
        if o.label != name:
            d = {"payoffs": d.pop("payoffs"), "label": o.label, **d}
        named[name] = d
    return names, named


class _TreeWriter:
    """The ``tree`` of a game file: nested up to :data:`NESTED_DEPTH_LIMIT` levels, flat
    beyond; information sets keyed by a globally unique label, else their number."""

    def __init__(self, game: ExtensiveFormGame, reordered: set[int], names: dict[int, str]):
        self.game = game
        self.reordered = reordered
        self.names = names
        self.actions = _yaml_actions(game)
        self.label_count: dict[str, int] = {}
        for h in game.all_infosets():
            if h.label:
                self.label_count[h.label] = self.label_count.get(h.label, 0) + 1

    def infoset_key(self, h, in_node: bool = True):
        if h.player == CHANCE:
            return h.label or None
        if h.label and self.label_count[h.label] == 1:
            return h.label
        if h.label and in_node:  # a label several sets carry: kept beside the number
            return _Flow({"number": h.number, "label": h.label})
        if len(h.members) > 1 or h.label or h.player in self.reordered:
            return h.number
        return None

    def outcome_ref(self, o):
        return self.names[id(o)] if id(o) in self.names else _outcome_dict(o)

    def node_dict(self, n) -> dict[str, Any]:
        d: dict[str, Any] = {}
        h = n.infoset
        if h is not None:
            d["player"] = "chance" if h.player == CHANCE else self.game.players[h.player]
            key = self.infoset_key(h)
            if key is not None:
                d["infoset"] = key
        if n.label:
            d["label"] = n.label
        if n.outcome is not None:
            d["outcome"] = self.outcome_ref(n.outcome)
        return d

    def move(self, h, j: int) -> dict[str, Any]:
        m: dict[str, Any] = {"action": self.actions(h)[j]}
        if h.player == CHANCE:
            m["probability"] = _value(h.probabilities[j])
        return m

    def nested(self) -> dict[str, Any]:
        game = self.game
        root = self.node_dict(game.root)
        stack = [(game.root, root)]
        while stack:
            n, d = stack.pop()
            if not n.children:
                continue
            moves = []
            for j, c in enumerate(n.children):
                child = game.nodes[c]
                m = self.move(n.infoset, j)
                if not child.children and not child.label and child.outcome is not None:
                    m["outcome"] = self.outcome_ref(child.outcome)
                else:
                    cd = self.node_dict(child)
                    m["node"] = cd
                    stack.append((child, cd))
                moves.append(m)
            d["moves"] = moves
        return root

    def flat(self) -> dict[str, Any]:
        game = self.game
        ids: dict[int, str] = {}
        order: list = []
        for n in game.preorder():
            if n.index != 0 and not n.children and not n.label and n.outcome is not None:
                continue  # written inline as the move's outcome
            ids[n.index] = f"n{len(order)}"
            order.append(n)
        nodes = {}
        for n in order:
            d = self.node_dict(n)
            if n.children:
                moves = []
                for j, c in enumerate(n.children):
                    m = self.move(n.infoset, j)
                    if c in ids:
                        m["to"] = ids[c]
                    else:
                        m["outcome"] = self.outcome_ref(game.nodes[c].outcome)
                    moves.append(m)
                d["moves"] = moves
            nodes[ids[n.index]] = _Flow(d)
        return {"root": "n0", "nodes": nodes}


def _dump_tree(game: ExtensiveFormGame) -> dict:
    doc = _header(game)
    reordered = _reordered_players(game)
    doc["players"] = None  # filled in below, once information set keys are known
    names, named = _named_outcomes(game)
    if named:
        doc["outcomes"] = named
    writer = _TreeWriter(game, reordered, names)
    doc["players"] = _players(game, infoset_orders={
        i: [writer.infoset_key(h, False) for h in game.infosets[i]] for i in sorted(reordered)})
    doc["tree"] = writer.flat() if game.depth > NESTED_DEPTH_LIMIT else writer.nested()
    return doc


def dumps(game) -> str:
    """The game as YAML text in the native format (``format: 1``).

    Strategic forms of two players without per-profile notes use the matrix
    shorthand; others list every profile with its rationale and source.  Trees
    are written nested up to :data:`NESTED_DEPTH_LIMIT` levels and flat beyond.
    Float payoffs are written by their shortest decimal and read back exactly.
    """
    if isinstance(game, NormalFormGame):
        doc = _dump_normal(game)
    elif isinstance(game, ExtensiveFormGame):
        doc = _dump_tree(game)
    else:
        raise InvalidGameError(f"cannot write {type(game).__name__} as a game file")
    return _emit(doc)


def write_yaml(game, path, **options) -> None:
    """Write ``game`` to ``path`` as a native YAML game file (UTF-8); see :func:`dumps`.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
    path : str or path-like
    **options
        None are accepted (the argument exists for :func:`gametheory.io.save`).
    """
    if options:
        raise InvalidGameError(f"unknown option(s) for YAML files: {', '.join(options)}",
                               file=path)
    Path(path).write_text(dumps(game), encoding="utf-8")
