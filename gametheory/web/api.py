"""The explorer's computations, independent of any web framework.

Every endpoint of :mod:`gametheory.web.app` is a thin wrapper around one function
here, so the same code serves the local explorer, its tests and the static
interactive report.  Values cross the boundary as JSON:

* numbers are exact fraction strings (``"-3/2"``) when the game is exact or
  symbolic, JSON floats when it is a float game;
* profiles are lists of labels in player order; a payoff table is the nested list
  ``payoffs[player][s_1]...[s_n]`` of the architecture's payoff-axis convention;
* parameter values arrive as numbers or strings (``"7/2"``) and are checked
  against each parameter's documented range.

Nothing a client sends is evaluated as code: payoffs go through
:func:`gametheory.payoffs.parse_value` (the whitelist parser) and parameter values
through :func:`gametheory.payoffs.to_fraction`.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from ..exceptions import InvalidGameError, UnsupportedGameError

#: File extensions the explorer lists and opens (``.gmcr``: gmcr-py's conflict files).
GAME_SUFFIXES = (".yaml", ".yml", ".nfg", ".efg", ".gmcr")

#: Largest conflict whose stability table is listed state by state.
MAX_CONFLICT_ROWS = 512

#: Largest game text accepted from a client (bytes).
MAX_TEXT = 2_000_000

#: Largest strategic form shown as an editable table (cells).
MAX_TABLE_CELLS = 20_000


# --------------------------------------------------------------------------- values
def _json_value(v, exact: bool):
    from ..payoffs import format_value, is_symbolic
    if is_symbolic(v):
        return str(v)
    return format_value(v) if exact else float(v)


def is_conflict(obj) -> bool:
    """True for a graph-model conflict (:class:`gametheory.conflict.Conflict`)."""
    return type(obj).__name__ == "Conflict" and hasattr(obj, "decision_makers")


def load_file(path: Path):
    """A game or, for a conflict file (``kind: conflict`` YAML, ``.gmcr``), a conflict."""
    from .. import load
    return load(path)


def _is_tree(game) -> bool:
    from ..game import ExtensiveFormGame
    return isinstance(game, ExtensiveFormGame)


def parameter_values(game, values: Mapping[str, Any] | None, *, allow_out_of_range: bool = False
                     ) -> dict[str, Fraction]:
    """Exact parameter values from client input, checked against the documented ranges.

    Raises
    ------
    InvalidGameError
        For an unknown parameter, a value that is not a number, or a value outside
        the parameter's ``[low, high]`` range (unless ``allow_out_of_range``).
    """
    from ..payoffs import to_fraction
    params = dict(getattr(game, "parameters", {}) or {})
    out: dict[str, Fraction] = {}
    for name, raw in (values or {}).items():
        if name not in params:
            known = ", ".join(params) or "none"
            raise InvalidGameError(f"unknown parameter {name!r}; the game's parameters: {known}",
                                   path=f"params.{name}")
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            raise InvalidGameError(f"parameter {name!r} needs a number, got {raw!r}", path=f"params.{name}")
        out[name] = to_fraction(raw, where=f"params.{name}")
    from ..game.ranges import check_parameter_values
    for name, value in out.items():   # the rule of the zugzwang and report commands
        try:
            check_parameter_values(game, {name: value}, allow_out_of_range=allow_out_of_range,
                                   where="parameter")
        except InvalidGameError as exc:
            raise exc.located(path=f"params.{name}") from None
    return out


# --------------------------------------------------------------------------- game -> JSON
def game_json(game) -> dict:
    """The game as the explorer shows it: players, strategies or tree, payoffs, parameters."""
    from ..payoffs import format_value
    if is_conflict(game):
        return conflict_json(game)
    params = []
    for name, p in (getattr(game, "parameters", {}) or {}).items():
        params.append({
            "name": name, "default": format_value(p.default),
            "low": None if p.low is None else format_value(p.low),
            "high": None if p.high is None else format_value(p.high),
            "description": p.description, "rationale": p.rationale,
        })
    doc: dict[str, Any] = {
        "title": getattr(game, "title", "") or "",
        "description": getattr(game, "description", "") or "",
        "players": list(game.players),
        "kind": game.kind,
        "parameters": params,
    }
    if _is_tree(game):
        doc["form"] = "tree"
        doc["nodes"] = len(game.nodes)
        return doc
    doc["form"] = "normal"
    doc["strategies"] = [list(s) for s in game.strategies]
    cells = int(np.prod(game.shape))
    doc["cells"] = cells
    if cells * game.n_players <= MAX_TABLE_CELLS:
        exact = game.kind != "float"
        doc["payoffs"] = _nested(game.payoffs, exact)
    return doc


def _nested(arr: np.ndarray, exact: bool):
    if not isinstance(arr, np.ndarray):  # an element (object arrays give the value itself)
        return _json_value(arr, exact)
    if arr.ndim == 0:
        return _json_value(arr[()], exact)
    return [_nested(arr[k], exact) for k in range(arr.shape[0])]


def conflict_json(conflict) -> dict:
    """A conflict as the explorer shows it: decision makers, options, states."""
    status_quo = conflict.metadata.get("status_quo") if isinstance(conflict.metadata, dict) else None
    return {
        "form": "conflict", "title": conflict.title or "", "description": conflict.description or "",
        "players": list(conflict.decision_makers), "kind": "ordinal", "parameters": [],
        "options": [{"name": o.name, "description": getattr(o, "description", "")} for o in conflict.options],
        "states": conflict.n_states,
        "status_quo": None if status_quo is None else (conflict.pattern(status_quo)
                                                        if isinstance(status_quo, int) else str(status_quo)),
    }


def analyse_conflict(conflict, player=None, concept: str = "seq") -> dict:
    """Stability of every state under every concept and, with ``player``, the ordinal zugzwang."""
    from ..conflict.stability import analyse as stability
    result = stability(conflict, "all")
    doc = result.to_dict()
    if conflict.n_states > MAX_CONFLICT_ROWS:   # keep the page light: equilibria only
        doc["states"] = []
        doc["stable"] = {}
        doc["truncated"] = True
    diag = None
    if player is not None:
        from ..conflict.zugzwang import ordinal_zugzwang
        try:
            diag = ordinal_zugzwang(conflict, player, concept=concept).to_dict()
        except KeyError as exc:
            raise InvalidGameError(str(exc.args[0] if exc.args else exc), path="player") from None
    return {"conflict": doc, "ordinal_zugzwang": diag, "diagnosis": None}


# --------------------------------------------------------------------------- editing
def set_payoff(game, profile, player, text):
    """A copy of the strategic-form ``game`` with one payoff replaced.

    ``profile`` lists one strategy (label or index) per player, ``player`` names
    whose payoff changes and ``text`` is the new payoff, parsed by the same
    whitelist parser as game files (numbers, fractions, expressions in the game's
    declared parameters).
    """
    from ..payoffs import parse_value
    if _is_tree(game):
        raise UnsupportedGameError("payoffs of a tree are edited in its file; the explorer edits tables")
    if not isinstance(profile, (list, tuple)) or len(profile) != game.n_players:
        raise InvalidGameError(f"a profile needs one strategy for each of the {game.n_players} players",
                               path="profile")
    try:
        idx = game.profile_index(profile)
        i = game.player(player)
    except KeyError as exc:
        raise InvalidGameError(str(exc.args[0] if exc.args else exc), path="profile") from None
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise InvalidGameError(f"a payoff must be a number or an expression, got {text!r}", path="value")
    names = list(getattr(game, "parameters", {}) or {})
    value = parse_value(text if isinstance(text, str) else str(text), names, where="value")
    payoffs = np.array(game.payoffs, dtype=object)
    payoffs[(i,) + tuple(idx)] = value
    return game.with_payoffs(payoffs)


# --------------------------------------------------------------------------- analysis
def best_response_marks(game) -> list:
    """``marks[i][s_1]...[s_n]`` True when player ``i``'s strategy is a best response there.

    Computed on the numeric game (exact Fractions for exact games).
    """
    P = game.exact_payoffs() if game.kind == "exact" else game.float_payoffs()
    out = []
    for i in range(game.n_players):
        A = np.asarray(P[i])
        best = A.max(axis=i, keepdims=True)
        out.append((A == best).tolist())
    return out


def _numeric(game, params: Mapping[str, Fraction]):
    return game.substitute(**params) if game.kind == "symbolic" or params else game


def analyse(game, params: Mapping[str, Any] | None = None, *, player=None, reference=None,
            method: str = "auto", conditions: bool = False, live: bool = False,
            allow_out_of_range: bool = False) -> dict:
    """Equilibria, best responses and (with ``player``) the zugzwang diagnosis at ``params``.

    The diagnosis is judged against ``reference`` (a name the model declares, a
    number, an outcome or a profile); by default the model's primary reference,
    as ``gametheory zugzwang`` does.

    The escape conditions of a symbolic game (sympy work) are derived only when
    ``conditions`` is true: the explorer asks for them once per game, not on every
    slider move.

    With ``live`` (what the page sends while a slider moves, when a focal player
    is chosen), only the diagnosis of the reaction games, the payoff values and
    the best responses are computed: no whole-game verdict and no equilibrium
    list (``"equilibria": null``).  The page asks for the full analysis once the
    slider rests.

    Returns
    -------
    dict
        ``{"parameters", "equilibria": <EquilibriumResult JSON> or null, "best_responses"
        (strategic forms), "pure_equilibria" (profiles as label lists, or null),
        "diagnosis": <ZugzwangDiagnosis JSON> or null, "tree_marks" (trees), "live"}``.
    """
    from ..payoffs import format_value
    from ..solvers import solve
    if is_conflict(game):
        return analyse_conflict(game, player)
    values = parameter_values(game, params, allow_out_of_range=allow_out_of_range)
    numeric = _numeric(game, values)
    live = bool(live) and player is not None and not _is_tree(numeric)
    diag = None
    lead = None
    if player is not None:
        from ..analysis.baselines import lead_reference
        from ..analysis.zugzwang import diagnose
        lead = lead_reference(game, reference)   # the model's primary reference, as the CLI uses
        diag = diagnose(game, player, reference=lead.spec, params=values, conditions=bool(conditions),
                        whole_game=not live)
    doc: dict[str, Any] = {
        "parameters": {k: format_value(v) for k, v in game.parameter_values(**values).items()
                       if v is not None},
        "live": live,
    }
    if live:
        doc["equilibria"] = None
        doc["pure_equilibria"] = None
        doc["best_responses"] = best_response_marks(numeric)
        if int(np.prod(numeric.shape)) * numeric.n_players <= MAX_TABLE_CELLS:
            doc["values"] = _nested(numeric.payoffs, numeric.kind != "float")
        assert diag is not None  # live implies a focal player
        doc["diagnosis"] = diag.to_json()
        _reference_doc(doc, game, lead)
        return doc
    # the diagnosis already solved the whole game with a complete method: reuse it
    whole = getattr(diag, "whole_game", None)
    if whole is not None and method == "auto" and whole.equilibria.game.__class__ is numeric.__class__:
        result = whole.equilibria
    else:
        result = solve(numeric, method=method)
    doc["equilibria"] = result.to_json()
    if _is_tree(numeric):
        marks: dict[int, list[int]] = {}
        if result.equilibria and hasattr(result.equilibria[0], "marks"):
            marks = {int(k): sorted(v) for k, v in result.equilibria[0].marks().items()}
        doc["tree_marks"] = marks
    else:
        doc["best_responses"] = best_response_marks(numeric)
        doc["pure_equilibria"] = _pure_profiles(numeric, result)
        if int(np.prod(numeric.shape)) * numeric.n_players <= MAX_TABLE_CELLS:
            doc["values"] = _nested(numeric.payoffs, numeric.kind != "float")
    doc["diagnosis"] = None if diag is None else diag.to_json()
    _reference_doc(doc, game, lead)
    return doc


def _reference_doc(doc: dict, game, lead) -> None:
    """Name the reference the diagnosis used, and every reference the model declares."""
    if lead is not None:
        from ..analysis.baselines import named_references
        doc["reference"] = {"name": lead.name, "description": lead.description, "rationale": lead.rationale}
        doc["references"] = [r.name for r in named_references(game)]


def _pure_profiles(game, result) -> list[list[str]]:
    out = []
    for eq in result.equilibria:
        probs = getattr(eq, "probabilities", None)
        if probs is None:
            continue
        support = [np.flatnonzero(np.array([float(x) for x in p]) > 0) for p in probs]
        if all(s.size == 1 for s in support):
            out.append([game.strategies[i][int(s[0])] for i, s in enumerate(support)])
    return out


# --------------------------------------------------------------------------- export
EXPORT_FORMATS = {"yaml": "application/x-yaml", "nfg": "text/plain", "efg": "text/plain",
                  "tex": "application/x-tex", "gmcr": "application/json"}


def export_text(game, fmt: str) -> str:
    """The game as file text: ``yaml``, ``nfg`` (strategic forms), ``efg`` (trees) or ``tex``."""
    fmt = fmt.lower().lstrip(".")
    if is_conflict(game):
        if fmt == "yaml":
            from ..conflict.io_yaml import dumps_conflict
            return dumps_conflict(game)
        if fmt == "gmcr":
            from ..conflict.io_gmcr import dumps_gmcr
            return dumps_gmcr(game)
        raise InvalidGameError(f"a conflict exports as yaml or gmcr, not {fmt!r}", path="format")
    if fmt == "yaml":
        from ..io.yaml_format import dumps
        return dumps(game)
    if fmt == "nfg":
        from ..io.nfg import dumps_nfg
        return dumps_nfg(game.to_normal_form() if _is_tree(game) else game)
    if fmt == "efg":
        if not _is_tree(game):
            from ..io.efg import normal_form_tree
            game = normal_form_tree(game)
        from ..io.efg import dumps_efg
        return dumps_efg(game)
    if fmt == "tex":
        from ..io.latex import dumps_latex
        return dumps_latex(game, standalone=True)
    raise InvalidGameError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}",
                           path="format")


# --------------------------------------------------------------------------- figures
def figure_svg(game, kind: str, params: Mapping[str, Any] | None = None, *, player=None) -> str:
    """One figure as SVG text: ``tree``, ``matrix``, ``landscape`` or ``options``."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..plotting import data as pdata
    if is_conflict(game):
        if kind != "status-quo":
            raise InvalidGameError(f"a conflict has the figure 'status-quo', not {kind!r}", path="kind")
        from ..conflict.status_quo import plot_status_quo, status_quo
        start = game.metadata.get("status_quo", 0) if isinstance(game.metadata, dict) else 0
        fig, ax = plt.subplots(figsize=(9, 5))
        plot_status_quo(status_quo(game, start), ax=ax)
        return _svg(fig)
    values = parameter_values(game, params)
    numeric = _numeric(game, values)
    data: pdata.TreeData | pdata.MatrixData
    if kind == "tree":
        from ..plotting.drawings import plot_tree, tree_figsize
        from ..solvers import solve
        if not _is_tree(numeric):
            raise UnsupportedGameError("a tree drawing needs an extensive-form game")
        result = solve(numeric)
        marks = result.equilibria[0].marks() if result.equilibria else None
        data = pdata.tree_data(numeric, marks)
        fig, ax = plt.subplots(figsize=tree_figsize(data))
        plot_tree(data, ax=ax)
    elif kind == "matrix":
        from ..plotting.drawings import plot_payoff_matrix
        data = pdata.payoff_matrix_data(numeric)
        fig, ax = plt.subplots(figsize=(6, 4))
        plot_payoff_matrix(data, ax=ax)
    elif kind in ("landscape", "options"):
        if player is None:
            raise InvalidGameError(f"the {kind} figure needs a focal player", path="player")
        from ..analysis.zugzwang import diagnose
        from ..plotting.landscape import plot_landscape_grid, plot_option_chart
        if kind == "options":
            from ..analysis.baselines import lead_reference
            diag = diagnose(game, player, reference=lead_reference(game).spec, params=values)
            fig, ax = plt.subplots(figsize=(6.4, 3.6))
            plot_option_chart(pdata.option_chart_data(diag), ax=ax)
        else:
            nf = pdata.normal_form_of(game, values)
            land = pdata.landscape_data(nf, nf.player(player), grid=21)
            fig = plt.figure(figsize=(9, 6))
            plot_landscape_grid(land, fig=fig)
    else:
        raise InvalidGameError(f"unknown figure {kind!r}; expected tree, matrix, landscape or options",
                               path="kind")
    return _svg(fig)


def _svg(fig) -> str:
    import matplotlib.pyplot as plt
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buf.getvalue()


# --------------------------------------------------------------------------- files
def list_games(root: Path) -> list[dict]:
    """Game files under ``root`` (relative paths, sorted), for the explorer's file list."""
    root = Path(root)
    if root.is_file():
        return [{"path": root.name, "format": root.suffix.lstrip(".")}]
    out = []
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() in GAME_SUFFIXES and path.is_file() \
                and not any(part.startswith(".") for part in path.relative_to(root).parts):
            out.append({"path": path.relative_to(root).as_posix(), "format": path.suffix.lstrip(".")})
    return out


def resolve_game_path(root: Path, rel: str) -> Path:
    """The file ``rel`` under ``root``; anything outside ``root`` is refused."""
    root = Path(root).resolve()
    if root.is_file():
        if rel not in (root.name, str(root)):
            raise InvalidGameError(f"only {root.name} is served", path="path")
        return root
    if not isinstance(rel, str) or not rel:
        raise InvalidGameError("expected a file path relative to the served folder", path="path")
    path = (root / rel).resolve()
    if not path.is_relative_to(root):
        raise InvalidGameError(f"{rel!r} is outside the served folder", path="path")
    if path.suffix.lower() not in GAME_SUFFIXES or not path.is_file():
        raise InvalidGameError(f"{rel!r} is not a game file under the served folder", path="path")
    return path


def game_from_text(text: object, fmt: str, name: str = "<edited>"):
    """Read a game from file text (``yaml``, ``nfg`` or ``efg``) with the file readers."""
    if not isinstance(text, str):
        raise InvalidGameError("expected the game file's text", path="text")
    if len(text.encode("utf-8", "replace")) > MAX_TEXT:
        raise InvalidGameError(f"game text larger than {MAX_TEXT} bytes", path="text")
    fmt = (fmt or "yaml").lower().lstrip(".")
    if fmt in ("yaml", "yml"):
        from ..io.yaml_format import loads
        return loads(text, file=name)
    if fmt == "nfg":
        from ..io.nfg import loads_nfg
        return loads_nfg(text, file=name)
    if fmt == "efg":
        from ..io.efg import loads_efg
        return loads_efg(text, file=name)
    raise InvalidGameError(f"unknown format {fmt!r}; expected yaml, nfg or efg", path="format")


# --------------------------------------------------------------------------- classroom
@dataclass
class Classroom:
    """A classroom session: students submit choices for one strategic-form game.

    ``choices`` maps a student token to ``(player index, strategy index)``; a
    student who submits again replaces the earlier choice.  :meth:`tally` compares
    the shares with the game's equilibria.
    """

    game: Any
    code: str
    choices: dict[str, tuple[int, int]] = field(default_factory=dict)

    MAX_STUDENTS = 500

    def submit(self, student: object, player, strategy) -> None:
        if not isinstance(student, str) or not 1 <= len(student) <= 64:
            raise InvalidGameError("a student token is 1 to 64 characters", path="student")
        if student not in self.choices and len(self.choices) >= self.MAX_STUDENTS:
            raise InvalidGameError(f"this session is full ({self.MAX_STUDENTS} students)", path="student")
        try:
            i = self.game.player(player)
            s = self.game.strategy(i, strategy)
        except KeyError as exc:
            raise InvalidGameError(str(exc.args[0] if exc.args else exc), path="strategy") from None
        self.choices[student] = (i, s)

    def tally(self) -> dict:
        """Counts and shares per player and strategy, beside each equilibrium's probabilities."""
        from ..solvers import solve
        game = self.game
        counts = [[0] * len(s) for s in game.strategies]
        for i, s in self.choices.values():
            counts[i][s] += 1
        result = solve(game)
        players = []
        for i, name in enumerate(game.players):
            total = sum(counts[i])
            rows = []
            for s, label in enumerate(game.strategies[i]):
                rows.append({
                    "strategy": label, "count": counts[i][s],
                    "share": (counts[i][s] / total) if total else None,
                    "equilibria": [float(eq.probabilities[i][s]) for eq in result.equilibria],
                })
            players.append({"player": name, "responses": total, "strategies": rows})
        return {"code": self.code, "students": len(self.choices), "players": players,
                "equilibria": [eq.to_json(result.exact)["labels"] for eq in result.equilibria],
                "method": result.method}


def new_code(existing) -> str:
    """A short, unused session code (letters and digits that are hard to confuse)."""
    import secrets
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        code = "".join(secrets.choice(alphabet) for _ in range(5))
        if code not in existing:
            return code


def pure_profiles_count(game) -> int:
    """Number of pure profiles of a strategic form (used to refuse huge tables)."""
    return int(np.prod(game.shape))


__all__ = [
    "analyse", "best_response_marks", "Classroom", "export_text", "figure_svg", "game_from_text",
    "game_json", "list_games", "parameter_values", "resolve_game_path", "set_payoff",
]
