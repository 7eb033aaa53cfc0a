"""Read and write gmcr-py's ``.gmcr`` files (GMCR+, Petersons & Hipel).

A ``.gmcr`` file is JSON with ``options`` (``name``, ``permittedDirection``:
``fwd`` = N->Y only, ``back`` = Y->N only, ``both``), ``decisionMakers`` (``name``,
``options`` as indices into ``options``, ``preferences`` = prioritised
conditions, optional ``misperceptions``, and ``preferenceRanking`` when
``useManualPreferenceRanking`` is true), ``infeasibles`` and ``coalitions``.  A
condition is a list of ``[option index, "Y" | "N"]`` pairs (all must hold) or
``{"compound": true, "members": [condition, ...]}`` (one must hold).

**State numbering.**  On loading, gmcr-py moves the options so that each DM's
options are together, in DM order (its ``reorderOptionsByDM``), codes every
feasible state by ``sum(2**k)`` over the options ``k`` (in that order) set to Y,
and numbers the feasible states ``1, 2, ...`` in increasing code.  Manual
rankings refer to those numbers.  The reader reproduces that order exactly, so
gmcr-py's state ``k`` is this library's state ``k - 1`` and its codes are ours.

Preference statements become formulas over option names (names are turned into
identifiers; the original names are kept to write them back).  The writer turns
every statement into an equivalent compound condition (the satisfying settings of
the options it mentions), so gmcr-py's prioritisation reproduces the ranking.
Coalitions and misperceptions are kept in ``conflict.metadata``; coalitions are
analysed only when asked (``gametheory stability --coalitions``).
"""
from __future__ import annotations

import json
import re

import numpy as np

from ..exceptions import InvalidGameError
from .model import Option, code_pattern, from_options

_DIRECTIONS = {"fwd": "forward", "back": "back", "both": "both"}
_DIRECTIONS_BACK = {v: k for k, v in _DIRECTIONS.items()}


def gmcr_option_order(n_options: int, dm_options) -> list:
    """The master order of options after gmcr-py's reordering by DM, as file indices.

    ``dm_options[i]`` lists DM ``i``'s option indices in the file's order.  The list
    operations are those of the reordering gmcr-py applies on load (pop the option,
    insert it at the number of options moved so far)."""
    order = list(range(n_options))
    moved: list = []
    for opts in dm_options:
        for o in opts:
            if o not in moved:
                moved.append(o)
                order.insert(len(moved), order.pop(order.index(o)))
    return order


def _identifier(name: str, taken: set) -> str:
    base = re.sub(r"[^A-Za-z0-9_.]", "_", name.strip()) or "option"
    if not re.match(r"[A-Za-z_]", base):
        base = "o_" + base
    out, k = base, 2
    while out in taken or out in ("and", "or", "not", "if", "iff"):
        out, k = f"{base}_{k}", k + 1
    taken.add(out)
    return out


class _G:
    def __init__(self, file):
        self.file = None if file is None else str(file)

    def fail(self, message, path):
        raise InvalidGameError(message, file=self.file, path=path or None)

    def get(self, obj, key, path, kind, default=None, required=True):
        if not isinstance(obj, dict):
            self.fail(f"expected an object, got {type(obj).__name__}", path)
        if key not in obj:
            if required:
                self.fail(f"missing key {key!r}", path)
            return default
        val = obj[key]
        if kind is not None and not isinstance(val, kind):
            self.fail(f"expected {kind.__name__ if isinstance(kind, type) else 'a value'}, "
                      f"got {type(val).__name__}", f"{path}.{key}" if path else key)
        return val


def _literals(g: _G, cond, path, n_opt):
    if not isinstance(cond, list) or not cond:
        g.fail("expected a condition: a non-empty list of [option index, \"Y\" or \"N\"]", path)
    out = []
    for k, lit in enumerate(cond):
        p = f"{path}[{k}]"
        if (not isinstance(lit, list) or len(lit) != 2 or not isinstance(lit[0], int)
                or isinstance(lit[0], bool) or lit[1] not in ("Y", "N")):
            g.fail("expected [option index, \"Y\" or \"N\"]", p)
        if not 0 <= lit[0] < n_opt:
            g.fail(f"option index {lit[0]} out of range (0..{n_opt - 1})", p)
        out.append((lit[0], lit[1]))
    return out


def _condition(g: _G, cond, path, n_opt):
    """A condition -> list of conjunctions (each a list of (option, 'Y'|'N'))."""
    if isinstance(cond, dict):
        if cond.get("compound") is not True:
            g.fail("expected a compound condition {\"compound\": true, \"members\": [...]}", path)
        members = g.get(cond, "members", path, list)
        if not members:
            g.fail("a compound condition needs at least one member", f"{path}.members")
        return [_literals(g, m, f"{path}.members[{k}]", n_opt) for k, m in enumerate(members)]
    return [_literals(g, cond, path, n_opt)]


def _statement_text(disjuncts, names) -> str:
    parts = []
    for conj in disjuncts:
        lits = [names[o] if v == "Y" else f"not {names[o]}" for o, v in conj]
        parts.append(" and ".join(lits))
    if len(parts) == 1:
        return parts[0]
    return " or ".join(f"({p})" for p in parts)


def _pattern(conj, position, n_opt) -> str:
    chars = ["-"] * n_opt
    for o, v in conj:
        chars[position[o]] = v
    return "".join(chars)


def _gmcr_options(g: _G, options) -> tuple:
    """``(names, directions)`` of gmcr-py's options."""
    raw_names, directions = [], []
    for k, o in enumerate(options):
        p = f"options[{k}]"
        raw_names.append(g.get(o, "name", p, str))
        d = g.get(o, "permittedDirection", p, str, default="both", required=False)
        if d not in _DIRECTIONS:
            g.fail(f"permittedDirection {d!r}: expected fwd, back or both", f"{p}.permittedDirection")
        directions.append(_DIRECTIONS[d])
    return raw_names, directions


def _gmcr_owners(g: _G, dms, raw_names) -> tuple:
    """``(DM names, each DM's option indices, option -> DM)``; every option has one owner."""
    n_opt = len(raw_names)
    dm_names: list = []
    dm_options: list = []
    owner: dict = {}
    for i, d in enumerate(dms):
        p = f"decisionMakers[{i}]"
        name = g.get(d, "name", p, str)
        if name in dm_names:
            g.fail(f"duplicate decision maker {name!r}", f"{p}.name")
        dm_names.append(name)
        opts = g.get(d, "options", p, list)
        for k, o in enumerate(opts):
            if not isinstance(o, int) or isinstance(o, bool) or not 0 <= o < n_opt:
                g.fail(f"expected an option index 0..{n_opt - 1}", f"{p}.options[{k}]")
            if o in owner and owner[o] != i:
                g.fail(f"option {raw_names[o]!r} is controlled by two decision makers "
                       f"({dm_names[owner[o]]!r} and {name!r})", f"{p}.options[{k}]")
            owner[o] = i
        dm_options.append(list(dict.fromkeys(opts)))
    for o in range(n_opt):
        if o not in owner:
            g.fail(f"option {raw_names[o]!r} is controlled by no decision maker", f"options[{o}]")
    return dm_names, dm_options, owner


def loads_gmcr(text: str, file=None):
    """Read a conflict from ``.gmcr`` JSON text (see the module docstring)."""
    g = _G(file)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidGameError(f"invalid JSON: {exc.msg}", file=file, line=exc.lineno) from None
    if not isinstance(data, dict):
        g.fail("expected a JSON object with options, decisionMakers and infeasibles", "")
    options = g.get(data, "options", "", list)
    dms = g.get(data, "decisionMakers", "", list)
    infeasibles = g.get(data, "infeasibles", "", list, default=[], required=False)
    manual = data.get("useManualPreferenceRanking", data.get("useManualPreferenceVectors", False))
    if not isinstance(manual, bool):
        g.fail("expected true or false", "useManualPreferenceRanking")
    n_opt = len(options)
    if n_opt == 0:
        g.fail("expected at least one option", "options")
    raw_names, directions = _gmcr_options(g, options)
    if not dms:
        g.fail("expected at least one decision maker", "decisionMakers")
    dm_names, dm_options, owner = _gmcr_owners(g, dms, raw_names)
    order = gmcr_option_order(n_opt, dm_options)
    position = {o: k for k, o in enumerate(order)}
    taken: set = set()
    ident = {o: _identifier(raw_names[o], taken) for o in order}
    opt_objs = [Option(ident[o], owner[o], directions[o], raw_names[o]) for o in order]
    infeasible = []
    for k, cond in enumerate(infeasibles):
        for conj in _condition(g, cond, f"infeasibles[{k}]", n_opt):
            infeasible.append(_pattern(conj, position, n_opt))
    try:
        conflict = from_options(dm_names, opt_objs, infeasible=infeasible,
                                metadata={"gmcr_option_names": [raw_names[o] for o in order]})
    except InvalidGameError as exc:
        raise exc.located(file=file) from None
    misperceptions = {}
    for i, d in enumerate(dms):
        p = f"decisionMakers[{i}]"
        stmts = []
        for k, cond in enumerate(g.get(d, "preferences", p, list, default=[], required=False)):
            text = _statement_text(_condition(g, cond, f"{p}.preferences[{k}]", n_opt), ident)
            stmts.append((text, "from gmcr-py"))
        misp = []
        for k, cond in enumerate(g.get(d, "misperceptions", p, list, default=[], required=False)):
            for conj in _condition(g, cond, f"{p}.misperceptions[{k}]", n_opt):
                misp.append(_pattern(conj, position, n_opt))
        if misp:
            misperceptions[dm_names[i]] = misp
        if manual:
            key = "preferenceRanking" if "preferenceRanking" in d else "preferenceVector"
            ranking = g.get(d, key, p, list)
            conflict.ranks[i] = _manual_ranks(g, conflict, ranking, f"{p}.{key}")
        else:
            from .preferences import prioritise
            conflict.ranks[i] = prioritise(conflict, stmts, where=f"{p}.preferences")
            conflict.statements[dm_names[i]] = stmts
    if misperceptions:
        conflict.metadata["misperceptions"] = misperceptions
    _gmcr_coalitions(g, data, conflict, dm_names)
    return conflict


def _gmcr_coalitions(g: _G, data, conflict, dm_names) -> None:
    coalitions = data.get("coalitions")
    if coalitions is None:
        return
    groups = []
    for k, c in enumerate(coalitions if isinstance(coalitions, list) else [None]):
        members = [c] if isinstance(c, int) and not isinstance(c, bool) else c
        if not isinstance(members, list) or not all(isinstance(x, int) and 0 <= x < len(dm_names)
                                                    for x in members):
            g.fail("expected a decision maker index or a list of them", f"coalitions[{k}]")
        groups.append([dm_names[x] for x in members])
    from .coalitions import partition
    try:
        partition(conflict, groups)
    except InvalidGameError as exc:
        raise exc.located(file=g.file, path="coalitions") from None
    if any(len(gr) > 1 for gr in groups):
        conflict.metadata["coalitions"] = groups


def _manual_ranks(g: _G, conflict, ranking, path):
    """gmcr-py's ranking (state numbers from 1, ties as sub-lists) -> ranks."""
    from .preferences import ranks_from_ranking
    n = conflict.n_states
    converted = []
    for k, item in enumerate(ranking):
        group = item if isinstance(item, list) else [item]
        out = []
        for x in group:
            if not isinstance(x, int) or isinstance(x, bool) or not 1 <= x <= n:
                g.fail(f"expected a state number 1..{n} (gmcr-py's numbering), got {x!r}", f"{path}[{k}]")
            out.append(x - 1)
        converted.append(out if isinstance(item, list) else out[0])
    try:
        return ranks_from_ranking(conflict, converted, where=path)
    except InvalidGameError as exc:
        raise exc.located(file=g.file) from None


def read_gmcr(path):
    """Read a ``.gmcr`` file; errors name the file and the key path."""
    from ..io import read_text
    return loads_gmcr(read_text(path), file=path)


def _statement_compound(conflict, text):
    """A statement -> an equivalent compound condition over the options it mentions."""
    from .preferences import evaluate_statement, parse_statement
    tree = parse_statement(text, conflict.option_names)
    used = sorted(_options_in(tree))
    m = len(used)
    settings = np.arange(1 << m, dtype=np.int64)
    codes = np.zeros_like(settings)
    for j, o in enumerate(used):
        codes |= ((settings >> j) & 1) << o
    sat = evaluate_statement(tree, codes)
    members = [[[o, "Y" if (s >> j) & 1 else "N"] for j, o in enumerate(used)]
               for s in settings[sat].tolist()]
    if not members:  # never true: an impossible condition
        members = [[[used[0], "Y"], [used[0], "N"]]]
    return {"compound": True, "members": members}


def _options_in(tree):
    stack, out = [tree], set()
    while stack:
        node = stack.pop()
        if node[0] == "opt":
            out.add(node[1])
        else:
            stack.extend(node[1:])
    return out


def dumps_gmcr(conflict) -> str:
    """The conflict as gmcr-py JSON (option form; options grouped by DM in DM order)."""
    from .preferences import ranking_from_ranks
    if not conflict.is_option_form:
        raise InvalidGameError("gmcr-py files hold option-form conflicts only")
    if conflict.unknown:
        raise InvalidGameError(f"gmcr-py files need every decision maker's preferences; unknown: "
                               f"{', '.join(conflict.unknown)}")
    owners = [o.dm for o in conflict.options]
    if owners != sorted(owners):
        raise InvalidGameError("cannot write a .gmcr file: gmcr-py renumbers states unless each "
                               "decision maker's options are together, in decision-maker order")
    names = conflict.metadata.get("gmcr_option_names") or [o.description or o.name for o in conflict.options]
    n_opt = len(conflict.options)
    manual = any(dm not in conflict.statements for dm in conflict.decision_makers)
    dms = []
    misp = conflict.metadata.get("misperceptions", {})
    for i, dm in enumerate(conflict.decision_makers):
        d = {"name": dm, "options": [k for k, o in enumerate(conflict.options) if o.dm == i]}
        stmts = conflict.statements.get(dm, [])
        d["preferences"] = [_statement_compound(conflict, s if isinstance(s, str) else s[0]) for s in stmts]
        d["misperceptions"] = [[[k, ch] for k, ch in enumerate(p) if ch != "-"] for p in misp.get(dm, [])]
        if manual:
            d["preferenceRanking"] = [[x + 1 for x in grp] if isinstance(grp, list) else grp + 1
                                      for grp in ranking_from_ranks(conflict.ranks[i])]
        dms.append(d)
    missing = np.setdiff1d(np.arange(1 << n_opt, dtype=np.int64), conflict.codes)
    infeasibles = [[[k, ch] for k, ch in enumerate(code_pattern(int(c), n_opt))] for c in missing]
    coalitions = []
    from .coalitions import partition
    for block in partition(conflict, conflict.metadata.get("coalitions")):
        coalitions.append(block[0] if len(block) == 1 else block)
    doc = {
        "options": [{"name": names[k], "permittedDirection": _DIRECTIONS_BACK[o.direction]}
                    for k, o in enumerate(conflict.options)],
        "decisionMakers": dms,
        "infeasibles": infeasibles,
        "useManualPreferenceRanking": manual,
        "coalitions": coalitions,
        "program": "gametheory",
    }
    return json.dumps(doc, indent=1)


def write_gmcr(conflict, path) -> None:
    from pathlib import Path
    Path(path).write_text(dumps_gmcr(conflict), encoding="utf-8")
