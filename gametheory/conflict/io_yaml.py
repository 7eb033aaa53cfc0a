"""The native conflict file: YAML with ``format: 1`` and ``kind: conflict``.

The format is described in ``docs/reference/conflict-file.md``.  Option form::

    format: 1
    kind: conflict
    title: ...
    decision_makers:
      - name: MoE
        options:
          - {name: modify, direction: forward, description: ...}
    infeasible:                       # optional
      - {when: {delay: Y, accept: Y}, rationale: ...}
    exclusive:                        # optional: at most one Y
      - {options: [delay, accept, abandon], rationale: ...}
    at_least_one:                     # optional: at least one Y
      - {options: [delay, accept, abandon], rationale: ...}
    state_labels: {NYNNY: "status quo"}   # optional
    status_quo: NYNNN                 # optional
    preferences:
      MoE:
        statements:                   # option prioritisation, most important first
          - {statement: "accept", rationale: ...}
      # or  ranking: [[...tied...], ...]  with  rationale: ...

Graph form replaces the options by ``states: [labels]`` and gives each DM
``moves: [[from, to], ...]``; preferences are then rankings.

The file is composed with the iterative, tag-refusing composer of
:mod:`gametheory.io.yaml_format` (nothing is constructed from tags, nothing is
evaluated), and every error names the file, the line and the key path.
"""
from __future__ import annotations

import re

import numpy as np
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..exceptions import InvalidGameError
from ..io import is_conflict_text
from ..io.yaml_format import _compose, _join, _kind, _line
from .model import DIRECTIONS, Option, from_graph, from_options

FORMAT_VERSION = 1
_TOP = ("format", "kind", "title", "description", "source", "decision_makers", "states",
        "infeasible", "feasible", "exclusive", "at_least_one", "state_labels", "status_quo",
        "preferences", "coalitions", "misperceptions", "perceptions")


class _R:
    def __init__(self, file):
        self.file = None if file is None else str(file)

    def fail(self, message, node=None, path=""):
        raise InvalidGameError(message, file=self.file, line=_line(node), path=path or None)

    def mapping(self, node, path, allowed, required=()):
        if not isinstance(node, MappingNode):
            self.fail(f"expected a mapping with keys {', '.join(allowed)}, got {_kind(node)}", node, path)
        out = {}
        for k, v in node.value:
            if not isinstance(k, ScalarNode):
                self.fail("keys must be plain words", k, path)
            if allowed is not None and k.value not in allowed:
                self.fail(f"unknown key {k.value!r}; allowed keys: {', '.join(allowed)}", k, _join(path, k.value))
            out[k.value] = v
        for key in required:
            if key not in out:
                self.fail(f"missing key {key!r}", node, path)
        return out

    def seq(self, node, path, what):
        if not isinstance(node, SequenceNode):
            self.fail(f"expected a list of {what}, got {_kind(node)}", node, path)
        return node.value

    def text(self, node, path, required=True):
        if not isinstance(node, ScalarNode) or (required and not node.value.strip()):
            self.fail(f"expected text, got {_kind(node)}", node, path)
        return node.value

    def name(self, node, path, what):
        if not isinstance(node, ScalarNode) or not node.value.strip():
            self.fail(f"expected a {what} name, got {_kind(node)}", node, path)
        return node.value


def _pattern_from(r: _R, node, path, names):
    """A pattern given as a Y/N/- string or as a mapping option -> Y/N."""
    n = len(names)
    if isinstance(node, ScalarNode):
        p = node.value.strip()
        if len(p) != n or not set(p) <= {"Y", "N", "-"}:
            r.fail(f"expected a pattern of {n} characters Y, N or - (one per option, in file order: "
                   f"{', '.join(names)}), got {p!r}", node, path)
        return p
    m = r.mapping(node, path, None)
    chars: list = ["-"] * n
    for key, v in m.items():
        if key not in names:
            r.fail(f"unknown option {key!r}; options: {', '.join(names)}", v, _join(path, key))
        val = v.value if isinstance(v, ScalarNode) else None
        if val not in ("Y", "N"):
            r.fail(f"expected Y or N, got {_kind(v)}", v, _join(path, key))
        chars[names.index(key)] = val
    return "".join(chars)


def _document(r: _R, root):
    if root is None:
        r.fail("the file is empty; expected a conflict with format, kind and decision_makers")
    top = r.mapping(root, "", _TOP, required=("format", "kind", "decision_makers"))
    title, description, meta = _header(r, top)
    graph_form = "states" in top
    dms, options, dm_moves, dm_desc = _decision_makers(r, top, graph_form)
    meta["dm_descriptions"] = dm_desc
    prefs = _preference_nodes(r, root, top, dms)
    if graph_form:
        return _graph_document(r, top, dms, dm_moves, prefs, title, description, meta)
    return _option_document(r, top, dms, options, prefs, title, description, meta)


def _header(r: _R, top) -> tuple:
    """``(title, description, metadata)`` after checking ``format`` and ``kind``."""
    if top["format"].value.strip() != str(FORMAT_VERSION):
        r.fail(f"unsupported format {_kind(top['format'])}; this version reads format {FORMAT_VERSION}",
               top["format"], "format")
    if top["kind"].value != "conflict":
        r.fail(f"expected kind: conflict, got {_kind(top['kind'])}", top["kind"], "kind")
    meta: dict = {}
    title = r.text(top["title"], "title") if "title" in top else ""
    description = r.text(top["description"], "description", False) if "description" in top else ""
    if "source" in top:
        meta["source"] = r.text(top["source"], "source")
    return title, description, meta


def _decision_makers(r: _R, top, graph_form: bool) -> tuple:
    """``(dms, options, moves per DM (graph form), descriptions)``."""
    dms: list = []
    options: list = []
    dm_moves: dict = {}
    dm_desc: dict = {}
    for k, dnode in enumerate(r.seq(top["decision_makers"], "decision_makers", "decision makers")):
        path = f"decision_makers[{k}]"
        allowed = ("name", "description", "moves") if graph_form else ("name", "description", "options")
        d = r.mapping(dnode, path, allowed, required=("name",))
        name = r.name(d["name"], _join(path, "name"), "decision maker")
        if name in dms:
            r.fail(f"duplicate decision maker {name!r}", d["name"], _join(path, "name"))
        dms.append(name)
        if "description" in d:
            dm_desc[name] = r.text(d["description"], _join(path, "description"))
        if graph_form:
            dm_moves[name] = _graph_moves(r, d, path)
        else:
            if "options" not in d:
                r.fail("missing key 'options' (a list of the options this decision maker controls)", dnode, path)
            for j, onode in enumerate(r.seq(d["options"], _join(path, "options"), "options")):
                options.append(_option_entry(r, onode, f"{path}.options[{j}]", options, len(dms) - 1))
    if not dms:
        r.fail("expected at least one decision maker", top["decision_makers"], "decision_makers")
    return dms, options, dm_moves, dm_desc


def _graph_moves(r: _R, d, path) -> list:
    pairs = []
    for m, pnode in enumerate(r.seq(d.get("moves", SequenceNode("", [])), _join(path, "moves"), "moves")):
        pp = f"{path}.moves[{m}]"
        items = r.seq(pnode, pp, "two states [from, to]")
        if len(items) != 2:
            r.fail("expected a move [from, to]", pnode, pp)
        pairs.append((r.name(items[0], pp, "state"), r.name(items[1], pp, "state"), pnode))
    return pairs


def _option_entry(r: _R, onode, op, options, dm: int) -> Option:
    o = r.mapping(onode, op, ("name", "direction", "description"), required=("name",))
    oname = r.name(o["name"], _join(op, "name"), "option")
    if not re.match(r"^[A-Za-z_][A-Za-z0-9_.]*$", oname):
        r.fail(f"option name {oname!r} must be an identifier (letters, digits, '_' and '.')",
               o["name"], _join(op, "name"))
    if oname in [x.name for x in options]:
        r.fail(f"option {oname!r} is controlled by two decision makers (or listed twice); "
               f"each option belongs to exactly one", o["name"], _join(op, "name"))
    direction = o["direction"].value if "direction" in o else "both"
    if direction not in DIRECTIONS:
        r.fail(f"expected a direction: one of {', '.join(DIRECTIONS)}, got {_kind(o['direction'])}",
               o["direction"], _join(op, "direction"))
    desc = r.text(o["description"], _join(op, "description")) if "description" in o else ""
    return Option(oname, dm, direction, desc)


def _preference_nodes(r: _R, root, top, dms) -> dict:
    prefs_node = top.get("preferences")
    if prefs_node is None:
        r.fail("missing key 'preferences': each decision maker's statements or ranking", root, "preferences")
    prefs = r.mapping(prefs_node, "preferences", None)
    for key, v in prefs.items():
        if key not in dms:
            r.fail(f"unknown decision maker {key!r}; decision makers: {', '.join(dms)}", v, f"preferences.{key}")
    for dm in dms:
        if dm not in prefs:
            r.fail(f"missing preferences of {dm!r}", prefs_node, f"preferences.{dm}")
    return prefs


def _graph_document(r: _R, top, dms, dm_moves, prefs, title, description, meta):
    for key in ("infeasible", "feasible", "exclusive", "at_least_one", "state_labels"):
        if key in top:
            r.fail(f"'{key}' belongs to option form; a graph-form conflict lists its states", top[key], key)
    labels = [r.name(s, f"states[{k}]", "state") for k, s in enumerate(r.seq(top["states"], "states", "state labels"))]
    if len(set(labels)) != len(labels):
        r.fail("state labels must be unique", top["states"], "states")
    for dm, pairs in dm_moves.items():
        for a, b, pnode in pairs:
            for st in (a, b):
                if st not in labels:
                    r.fail(f"unknown state {st!r}", pnode, f"decision_makers[{dms.index(dm)}].moves")
            if a == b:
                r.fail("a move must change the state", pnode, f"decision_makers[{dms.index(dm)}].moves")
    try:
        conflict = from_graph(dms, labels, {dm: [(a, b) for a, b, _ in pairs] for dm, pairs in dm_moves.items()},
                              np.zeros((len(dms), len(labels)), np.int64), title=title,
                              description=description, metadata=meta)
    except InvalidGameError as exc:
        raise exc.located(file=r.file) from None
    rationales = {}
    for i, dm in enumerate(dms):
        ranks, _, why = _read_preference(r, conflict, prefs[dm], f"preferences.{dm}", None)
        _read_uncertain(r, conflict, dm, prefs[dm], f"preferences.{dm}", ranks)
        if ranks is None:
            conflict.unknown += (dm,)
            continue
        conflict.ranks[i], rationales[dm] = ranks, why
    conflict.metadata["ranking_rationales"] = rationales
    _status_quo(r, conflict, top, None)
    return conflict


def _option_rules(r: _R, top, names) -> tuple:
    """``(infeasible, feasible, exclusive, at_least_one, rules with rationales)``."""
    infeasible: list = []
    exclusive: list = []
    at_least: list = []
    rules: list = []
    for k, node in enumerate(r.seq(top.get("infeasible", SequenceNode("", [])), "infeasible", "patterns")):
        path = f"infeasible[{k}]"
        m = r.mapping(node, path, ("when", "rationale"), required=("when",))
        infeasible.append(_pattern_from(r, m["when"], _join(path, "when"), names))
        rules.append(("infeasible", infeasible[-1], r.text(m["rationale"], _join(path, "rationale")) if "rationale" in m else ""))
    feasible = None
    if "feasible" in top:
        feasible = []
        for k, node in enumerate(r.seq(top["feasible"], "feasible", "patterns")):
            feasible.append(_pattern_from(r, node, f"feasible[{k}]", names))
    for key, store in (("exclusive", exclusive), ("at_least_one", at_least)):
        for k, node in enumerate(r.seq(top.get(key, SequenceNode("", [])), key, "option groups")):
            path = f"{key}[{k}]"
            m = r.mapping(node, path, ("options", "rationale"), required=("options",))
            group = []
            for j, o in enumerate(r.seq(m["options"], _join(path, "options"), "option names")):
                oname = r.name(o, f"{path}.options[{j}]", "option")
                if oname not in names:
                    r.fail(f"unknown option {oname!r}; options: {', '.join(names)}", o, f"{path}.options[{j}]")
                group.append(oname)
            store.append(group)
            rules.append((key, group, r.text(m["rationale"], _join(path, "rationale")) if "rationale" in m else ""))
    return infeasible, feasible, exclusive, at_least, rules


def _state_labels(r: _R, top, conflict) -> None:
    if "state_labels" not in top:
        return
    state_labels = {}
    for key, v in r.mapping(top["state_labels"], "state_labels", None).items():
        state_labels[key] = r.name(v, _join("state_labels", key), "state label")
    if not state_labels:
        return
    labels = list(conflict.states)
    for pat, lab in state_labels.items():
        try:
            labels[conflict.state(pat)] = lab
        except KeyError as exc:
            r.fail(f"{exc.args[0]}", top["state_labels"], _join("state_labels", pat))
    if len(set(labels)) != len(labels):
        r.fail("state labels must be unique", top["state_labels"], "state_labels")
    conflict.states = tuple(labels)


def _option_document(r: _R, top, dms, options, prefs, title, description, meta):
    if not options:
        r.fail("expected options under the decision makers (or 'states' and 'moves' for graph form)",
               top["decision_makers"], "decision_makers")
    names = [o.name for o in options]
    infeasible, feasible, exclusive, at_least, rules = _option_rules(r, top, names)
    meta["rules"] = rules
    try:
        conflict = from_options(dms, options, infeasible=infeasible, exclusive=exclusive,
                                at_least_one=at_least, feasible=feasible, title=title,
                                description=description,
                                metadata=meta)
    except InvalidGameError as exc:
        raise exc.located(file=r.file) from None
    _state_labels(r, top, conflict)
    for dm in dms:
        ranks, stmts, why = _read_preference(r, conflict, prefs[dm], f"preferences.{dm}", names)
        _read_uncertain(r, conflict, dm, prefs[dm], f"preferences.{dm}", ranks)
        if ranks is None:
            conflict.unknown += (dm,)
            continue
        conflict.ranks[dms.index(dm)] = ranks
        if stmts is not None:
            conflict.statements[dm] = stmts
        else:
            conflict.metadata.setdefault("ranking_rationales", {})[dm] = why
    _status_quo(r, conflict, top, names)
    return conflict


def _read_preference(r: _R, conflict, node, path, names):
    """One DM's preferences: ``(ranks, statements or None, ranking rationale or None)``;
    ``(None, None, None)`` for ``unknown``."""
    from .preferences import parse_statement, prioritise, ranks_from_ranking
    if isinstance(node, ScalarNode) and node.value == "unknown":
        return None, None, None
    allowed = ("statements", "ranking", "rationale", "uncertain", "partial") if names else \
        ("ranking", "rationale", "uncertain", "partial")
    p = r.mapping(node, path, allowed)
    partial = False
    if "partial" in p:
        if "ranking" not in p or not isinstance(p["partial"], ScalarNode) \
                or p["partial"].value not in ("true", "false"):
            r.fail("expected partial: true or false, with a ranking", p["partial"], _join(path, "partial"))
        partial = p["partial"].value == "true"
    if names and ("statements" in p) == ("ranking" in p):
        r.fail("give either 'statements' (option prioritisation) or 'ranking', exactly one", node, path)
    if "ranking" in p or not names:
        if "ranking" not in p:
            r.fail("missing key 'ranking'", node, path)
        if "rationale" not in p:
            r.fail("missing key 'rationale' (why this ranking)", node, path)
        ranking = _ranking_list(r, p["ranking"], _join(path, "ranking"))
        try:
            ranks = ranks_from_ranking(conflict, ranking, where=_join(path, "ranking"), partial=partial)
        except InvalidGameError as exc:
            raise exc.located(file=r.file, line=_line(node)) from None
        return ranks, None, r.text(p["rationale"], _join(path, "rationale"))
    stmts = []
    for j, snode in enumerate(r.seq(p["statements"], _join(path, "statements"), "statements")):
        sp = f"{path}.statements[{j}]"
        st = r.mapping(snode, sp, ("statement", "rationale"), required=("statement", "rationale"))
        text = r.text(st["statement"], _join(sp, "statement"))
        try:
            parse_statement(text, names, _join(sp, "statement"))
        except InvalidGameError as exc:
            raise exc.located(file=r.file, line=_line(st["statement"])) from None
        stmts.append((text, r.text(st["rationale"], _join(sp, "rationale"))))
    if not stmts:
        r.fail("expected at least one statement", p["statements"], _join(path, "statements"))
    return prioritise(conflict, stmts), stmts, None


def _read_uncertain(r: _R, conflict, dm, node, path, ranks) -> None:
    """A DM's partial preferences: ``uncertain: [{between: [P, Q], rationale: ...}]``
    (every state matching pattern P against every state matching Q) and the states
    a ``partial: true`` ranking leaves out (against every other state)."""
    from .preferences import uncertain_pairs, unranked_pairs
    if ranks is not None and (np.asarray(ranks) < 0).any():
        conflict.set_uncertain(dm, unranked_pairs(ranks))
        ranks[ranks < 0] = 0
    if not isinstance(node, MappingNode):
        return
    entries = {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}
    if "uncertain" not in entries:
        return
    reasons = []
    upath = _join(path, "uncertain")
    for k, item in enumerate(r.seq(entries["uncertain"], upath, "pairs {between: [P, Q], rationale: ...}")):
        ip = f"{upath}[{k}]"
        m = r.mapping(item, ip, ("between", "rationale"), required=("between", "rationale"))
        pair = r.seq(m["between"], _join(ip, "between"), "two states or patterns")
        if len(pair) != 2:
            r.fail("expected two states or patterns [P, Q]", m["between"], _join(ip, "between"))
        keys = [r.name(x, _join(ip, "between"), "state or pattern") for x in pair]
        try:
            conflict.set_uncertain(dm, uncertain_pairs(conflict, keys[0], keys[1], _join(ip, "between")))
        except InvalidGameError as exc:
            raise exc.located(file=r.file, line=_line(m["between"])) from None
        reasons.append((keys[0], keys[1], r.text(m["rationale"], _join(ip, "rationale"))))
    conflict.metadata.setdefault("uncertain_rationales", {})[dm] = reasons


def _ranking_list(r: _R, node, path):
    out = []
    for k, item in enumerate(r.seq(node, path, "states, most preferred first")):
        if isinstance(item, SequenceNode):
            out.append([r.name(x, f"{path}[{k}]", "state") for x in item.value])
        else:
            out.append(r.name(item, f"{path}[{k}]", "state"))
    return out


def _coalitions(r, conflict, top):
    if "coalitions" not in top:
        return
    groups = []
    for k, node in enumerate(r.seq(top["coalitions"], "coalitions", "coalitions (lists of decision makers)")):
        group = []
        for j, d in enumerate(r.seq(node, f"coalitions[{k}]", "decision makers")):
            name = r.name(d, f"coalitions[{k}][{j}]", "decision maker")
            if name not in conflict.decision_makers:
                r.fail(f"unknown decision maker {name!r}", d, f"coalitions[{k}][{j}]")
            group.append(name)
        groups.append(group)
    from .coalitions import partition
    try:
        partition(conflict, groups)
    except InvalidGameError as exc:
        raise exc.located(file=r.file, line=_line(top["coalitions"]), path="coalitions") from None
    conflict.metadata["coalitions"] = groups


def _perceptions(r, conflict, top, names):
    """``misperceptions: {DM: [patterns of states it does not perceive]}`` and
    ``perceptions: {DM: {other DM: preferences as DM believes them}}``."""
    if "misperceptions" in top:
        out: dict = {}
        for dm, v in r.mapping(top["misperceptions"], "misperceptions", None).items():
            if dm not in conflict.decision_makers:
                r.fail(f"unknown decision maker {dm!r}", v, f"misperceptions.{dm}")
            pats = []
            for k, node in enumerate(r.seq(v, f"misperceptions.{dm}", "patterns")):
                if names:
                    pats.append(_pattern_from(r, node, f"misperceptions.{dm}[{k}]", names))
                else:
                    label = r.name(node, f"misperceptions.{dm}[{k}]", "state")
                    if label not in conflict.states:
                        r.fail(f"unknown state {label!r}", node, f"misperceptions.{dm}[{k}]")
                    pats.append(label)
            out[dm] = pats
        conflict.metadata["misperceptions"] = out
    if "perceptions" in top:
        out = {}
        for dm, v in r.mapping(top["perceptions"], "perceptions", None).items():
            if dm not in conflict.decision_makers:
                r.fail(f"unknown decision maker {dm!r}", v, f"perceptions.{dm}")
            beliefs = {}
            for other, node in r.mapping(v, f"perceptions.{dm}", None).items():
                path = f"perceptions.{dm}.{other}"
                if other not in conflict.decision_makers or other == dm:
                    r.fail(f"expected another decision maker than {dm!r}, got {other!r}", node, path)
                ranks, stmts, why = _read_preference(r, conflict, node, path, names)
                if ranks is None:
                    r.fail("a perception must give a ranking or statements, not 'unknown'", node, path)
                if (np.asarray(ranks) < 0).any() or any(k.value == "uncertain" for k, _ in node.value):
                    r.fail("a perception must be complete (no 'uncertain', no partial ranking)", node, path)
                beliefs[other] = {"ranks": ranks, "statements": stmts, "rationale": why}
            out[dm] = beliefs
        conflict.metadata["perceptions"] = out


def _status_quo(r, conflict, top, names):
    _coalitions(r, conflict, top)
    _perceptions(r, conflict, top, names)
    if "status_quo" not in top:
        return
    node = top["status_quo"]
    key = _pattern_from(r, node, "status_quo", names) if names else r.name(node, "status_quo", "state")
    if "-" in key:
        r.fail("the status quo must set every option (Y or N)", node, "status_quo")
    try:
        conflict.metadata["status_quo"] = conflict.state(key)
    except KeyError as exc:
        r.fail(str(exc.args[0]), node, "status_quo")


def loads_conflict(text: str, file=None):
    """Read a conflict from YAML text (see the module docstring)."""
    text = text.removeprefix("\ufeff")
    try:
        root = _compose(text)
    except InvalidGameError as exc:
        raise exc.located(file=file) from None
    return _document(_R(file), root)


def read_conflict(path):
    """Read a native conflict file.

    Raises
    ------
    InvalidGameError
        Naming the file, the line and the key path.
    """
    from ..io import read_text
    return loads_conflict(read_text(path), file=path)


def _write_uncertain(conflict, dm, pref) -> None:
    """A DM's uncertain pairs, one explicit pair per entry."""
    pairs = conflict.uncertain.get(dm)
    if pairs is not None and len(pairs) and isinstance(pref, dict):
        pref["uncertain"] = [{"between": [conflict.pattern(int(a)), conflict.pattern(int(b))],
                              "rationale": "unordered"} for a, b in np.asarray(pairs)]


def dumps_conflict(conflict) -> str:
    """The conflict as native YAML (option form keeps statements; other DMs get rankings)."""
    import yaml

    from .preferences import ranking_from_ranks
    doc: dict = {"format": FORMAT_VERSION, "kind": "conflict"}
    if conflict.title:
        doc["title"] = conflict.title
    if conflict.description:
        doc["description"] = conflict.description
    if conflict.metadata.get("source"):
        doc["source"] = conflict.metadata["source"]
    dms = []
    for i, dm in enumerate(conflict.decision_makers):
        d = {"name": dm}
        if conflict.is_option_form:
            d["options"] = [{"name": o.name, "direction": o.direction,
                             **({"description": o.description} if o.description else {})}
                            for o in conflict.options if o.dm == i]
        else:
            d["moves"] = [[conflict.states[s], conflict.states[t]] for s, t in conflict.move_lists(i)]
        dms.append(d)
    doc["decision_makers"] = dms
    if conflict.is_option_form:
        # the order of options must be the file order: DMs' options in option order
        order = [o.name for o in conflict.options]
        grouped = [o.name for i in range(conflict.n_dms) for o in conflict.options if o.dm == i]
        if order != grouped:
            raise InvalidGameError("cannot write this conflict: its options are not grouped by "
                                   "decision maker, so the file order would change the patterns")
        # infeasible states written exactly, one full pattern each
        from .model import code_pattern
        n_opt = len(conflict.options)
        all_codes = np.arange(1 << n_opt, dtype=np.int64)
        missing = np.setdiff1d(all_codes, conflict.codes)
        if len(missing) > len(conflict.codes):
            doc["feasible"] = [code_pattern(int(c), n_opt) for c in conflict.codes]
        elif len(missing):
            doc["infeasible"] = [{"when": code_pattern(int(c), n_opt)} for c in missing]
    else:
        doc["states"] = list(conflict.states)
    if conflict.is_option_form and any(conflict.states[s] != conflict.pattern(s) for s in range(conflict.n_states)):
        doc["state_labels"] = {conflict.pattern(s): conflict.states[s] for s in range(conflict.n_states)
                               if conflict.states[s] != conflict.pattern(s)}
    if "status_quo" in conflict.metadata:
        doc["status_quo"] = conflict.pattern(conflict.metadata["status_quo"])
    if conflict.metadata.get("coalitions"):
        doc["coalitions"] = [list(g) for g in conflict.metadata["coalitions"]]
    prefs: dict = {}
    rationales = conflict.metadata.get("ranking_rationales", {})
    for i, dm in enumerate(conflict.decision_makers):
        if dm in conflict.unknown:
            prefs[dm] = "unknown"
        elif dm in conflict.statements:
            prefs[dm] = {"statements": [{"statement": t, "rationale": rat or "(none given)"}
                                        for t, rat in (s if isinstance(s, tuple) else (s, "")
                                                       for s in conflict.statements[dm])]}
        else:
            ranking = ranking_from_ranks(conflict.ranks[i])
            prefs[dm] = {"ranking": [[conflict.pattern(x) for x in g] if isinstance(g, list)
                                     else conflict.pattern(g) for g in ranking],
                         "rationale": rationales.get(dm, "(none given)")}
        _write_uncertain(conflict, dm, prefs[dm])
    doc["preferences"] = prefs
    if conflict.metadata.get("misperceptions"):
        doc["misperceptions"] = {dm: list(p) for dm, p in conflict.metadata["misperceptions"].items()}
    if conflict.metadata.get("perceptions"):
        doc["perceptions"] = {}
        for dm, beliefs in conflict.metadata["perceptions"].items():
            doc["perceptions"][dm] = {}
            for other, b in beliefs.items():
                ranking = ranking_from_ranks(np.asarray(b["ranks"]))
                doc["perceptions"][dm][other] = {
                    "ranking": [[conflict.pattern(x) for x in g] if isinstance(g, list) else conflict.pattern(g)
                                for g in ranking],
                    "rationale": b.get("rationale") or "(none given)"}
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def write_conflict(conflict, path) -> None:
    from pathlib import Path
    Path(path).write_text(dumps_conflict(conflict), encoding="utf-8")


def read_if_conflict(path):
    """The conflict in ``path`` if it is a conflict file (``kind: conflict``), else None.

    The hook :func:`gametheory.io.load` uses so that ``gametheory.load`` of a
    conflict file returns a :class:`~gametheory.conflict.model.Conflict`.
    """
    from ..io import read_text
    text = read_text(path)
    if not is_conflict_text(text):
        return None
    return loads_conflict(text, file=path)
