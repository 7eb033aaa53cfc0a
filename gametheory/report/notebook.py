"""HTML and LaTeX renderings of games, results and diagnoses (Jupyter display).

These functions return strings; the game and result classes can expose them as
``_repr_html_`` / ``_repr_latex_``::

    NormalFormGame._repr_html_ = lambda self: game_html(self)

The HTML is plain (inline styles only, no script, no external resource) so it
also goes into the self-contained report.  The LaTeX is MathJax-compatible math
(an ``array``), since notebooks do not load ``sgame``; use
:func:`gametheory.io.latex.dumps_latex` for documents.
"""
from __future__ import annotations

import html
from typing import Any

import numpy as np

from ..payoffs import format_value

__all__ = ["game_html", "game_latex", "result_html", "result_latex", "diagnosis_html",
           "profile_html"]

_TABLE = 'style="border-collapse:collapse;margin:0.4em 0;font-size:0.92em"'
_CELL = 'style="border:1px solid #999;padding:3px 8px;text-align:center"'
_HEAD = 'style="border:1px solid #999;padding:3px 8px;background:#f0f0f0;font-weight:bold"'
#: Largest number of pure profiles listed in an n-player table.
MAX_ROWS = 300


def _e(x) -> str:
    return html.escape(str(x), quote=True)


def _v(x) -> str:
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.6g}"
    return format_value(x)


def _cell(text, head=False, extra="") -> str:
    style = _HEAD if head else _CELL
    if extra:
        style = style[:-1] + ";" + extra + '"'
    return f"<{'th' if head else 'td'} {style}>{text}</{'th' if head else 'td'}>"


def game_html(game, equilibria=None) -> str:
    """An HTML table of a game (a bimatrix, one row per profile, or a tree outline).

    With ``equilibria`` (two-player games), pure-equilibrium cells are shaded.
    """
    from ..game import ExtensiveFormGame
    parts = []
    if game.title:
        parts.append(f"<p><b>{_e(game.title)}</b></p>")
    if game.parameters:
        parts.append("<p>Parameters: " + ", ".join(
            f"<code>{_e(p.name)}</code> = {_e(_v(p.default)) if p.default is not None else '?'}"
            for p in game.parameters.values()) + "</p>")
    if isinstance(game, ExtensiveFormGame):
        from ..io.text import format_tree
        parts.append(f"<pre style=\"font-size:0.85em\">{_e(format_tree(game))}</pre>")
        return "\n".join(parts)
    P = game.payoffs
    if game.n_players == 2:
        shade = np.zeros(game.shape, dtype=bool)
        if equilibria is not None:
            for eq in equilibria:
                sup = eq.supports()
                if len(sup[0]) == 1 and len(sup[1]) == 1:
                    shade[sup[0][0], sup[1][0]] = True
        corner = _e(game.players[0]) + " &#92; " + _e(game.players[1])
        rows = [f"<tr>{_cell(corner, head=True)}"
                + "".join(_cell(_e(s), head=True) for s in game.strategies[1]) + "</tr>"]
        for r, rl in enumerate(game.strategies[0]):
            cells = "".join(_cell(f"{_e(_v(P[0, r, c]))}, {_e(_v(P[1, r, c]))}",
                                  extra="background:#fde0c5;font-weight:bold" if shade[r, c] else "")
                            for c in range(game.shape[1]))
            rows.append(f"<tr>{_cell(_e(rl), head=True)}{cells}</tr>")
        parts.append(f"<table {_TABLE}>" + "".join(rows) + "</table>")
        return "\n".join(parts)
    head = "".join(_cell(_e(p), head=True) for p in game.players) + "".join(
        _cell("u(" + _e(p) + ")", head=True) for p in game.players)
    rows = [f"<tr>{head}</tr>"]
    for k, idx in enumerate(game.profiles()):
        if k >= MAX_ROWS:
            rows.append(f"<tr><td colspan=\"{2 * game.n_players}\">... "
                        f"({int(np.prod(game.shape)) - MAX_ROWS} more profiles)</td></tr>")
            break
        rows.append("<tr>" + "".join(_cell(_e(game.strategies[i][s])) for i, s in enumerate(idx))
                    + "".join(_cell(_e(_v(P[(i,) + idx]))) for i in range(game.n_players)) + "</tr>")
    parts.append(f"<table {_TABLE}>" + "".join(rows) + "</table>")
    return "\n".join(parts)


def _tex_text(s) -> str:
    from ..io.latex import escape_latex
    return r"\text{" + escape_latex(s) + "}"


def game_latex(game) -> str | None:
    """A MathJax ``array`` of a two-player game (``None`` for other games)."""
    from ..game import ExtensiveFormGame
    from ..io.latex import latex_value
    if isinstance(game, ExtensiveFormGame) or game.n_players != 2:
        return None
    P = game.payoffs
    m, n = game.shape
    lines = [r"\begin{array}{r|" + "c" * n + "}",
             _tex_text(game.players[0]) + r"\backslash " + _tex_text(game.players[1]) + " & "
             + " & ".join(_tex_text(s) for s in game.strategies[1]) + r" \\ \hline"]
    for r in range(m):
        lines.append(_tex_text(game.strategies[0][r]) + " & " + " & ".join(
            f"{latex_value(P[0, r, c])},\\ {latex_value(P[1, r, c])}" for c in range(n)) + r" \\")
    lines.append(r"\end{array}")
    return "$$" + "\n".join(lines) + "$$"


def profile_html(profile) -> str:
    """One line per player with its mix (a normal-form or behaviour profile)."""
    doc = profile.to_json()
    rows = []
    for player, mix in doc["labels"].items():
        rows.append(f"<tr>{_cell(_e(player), head=True)}{_cell(_e(_flat(mix)))}</tr>")
    return f"<table {_TABLE}>" + "".join(rows) + "</table>"


def _flat(mix) -> str:
    items = []
    for key, val in mix.items():
        if isinstance(val, dict):
            items.append(f"{key}: " + _flat(val))
        elif val not in ("0", 0, 0.0):
            items.append(f"{key}={val if isinstance(val, str) else f'{val:.4g}'}")
    return "; ".join(items) if items else "(nothing)"


def result_html(result) -> str:
    """A table of the equilibria in an ``EquilibriumResult``: one row per equilibrium."""
    game = result.game
    players = list(game.players)
    how = "exact" if result.exact else f"floating point, regret &le; {result.tolerance:g}"
    caption = (f"{_e(result.method)}: {len(result.equilibria)} equilibri"
               f"{'um' if len(result.equilibria) == 1 else 'a'} ({how}"
               f"{', complete' if result.complete else ''})")
    head = _cell("#", head=True) + "".join(_cell(_e(p), head=True) for p in players) + "".join(
        _cell("payoff " + _e(p), head=True) for p in players)
    rows = [f"<tr>{head}</tr>"]
    for k, eq in enumerate(result.equilibria):
        doc = eq.to_json(result.exact)
        mixes = "".join(_cell(_e(_flat(doc["labels"][p]))) for p in players)
        pays = "".join(_cell(_e(v if isinstance(v, str) else f"{v:.6g}")) for v in doc["payoffs"])
        rows.append(f"<tr>{_cell(k + 1)}{mixes}{pays}</tr>")
    return f"<p>{caption}</p><table {_TABLE}>" + "".join(rows) + "</table>"


def result_latex(result) -> str:
    """A MathJax ``array`` listing each equilibrium's payoffs and supports."""
    from ..io.latex import latex_value
    players = list(result.game.players)
    lines = [r"\begin{array}{r|" + "c" * len(players) + "}",
             r"\# & " + " & ".join(_tex_text("payoff " + p) for p in players) + r" \\ \hline"]
    for k, eq in enumerate(result.equilibria):
        lines.append(f"{k + 1} & " + " & ".join(latex_value(v) for v in eq.payoffs()) + r" \\")
    lines.append(r"\end{array}")
    return "$$" + "\n".join(lines) + "$$"


def diagnosis_html(diagnosis) -> str:
    """The verdict, margin, security value and a table of options of a ``ZugzwangDiagnosis``."""
    d = diagnosis
    verdict = ("<b style=\"color:#b2182b\">zugzwang</b>: in every equilibrium of every reaction game, "
               "each option is below the reference" if d.zugzwang else
               "<b style=\"color:#2166ac\">no zugzwang</b>: some option reaches the reference")
    parts = [f"<p>Focal player: <b>{_e(d.player)}</b>; reference: {_e(_v(d.reference))}. "
             f"Verdict: {verdict}.</p>",
             "<ul>",
             f"<li>margin (best option's best reaction-equilibrium payoff minus the reference): "
             f"<b>{_e(_v(d.margin))}</b></li>",
             f"<li>security (maxmin) value: {_e(_v(d.security_value))}; strong zugzwang "
             f"(security value below the reference): {'yes' if d.strong else 'no'}</li>",
             f"<li>forced-move cost (payoff with a frozen status quo minus the equilibrium payoff): "
             f"{_e(_v(d.forced_move_cost)) if d.forced_move_cost is not None else 'n/a'}</li>",
             "</ul>"]
    head = "".join(_cell(h, head=True) for h in ("option", "worst case", "best case",
                                                  "reaction-equilibrium payoffs", "regret"))
    rows = [f"<tr>{head}</tr>"]
    for o in d.options:
        reac = ", ".join(_v(v) for v in o.reaction_payoffs) or "none"
        best = max(o.reaction_payoffs) if len(o.reaction_payoffs) else None
        ref = d.reference if not isinstance(d.reference, str) else None
        color = ""
        if best is not None and ref is not None:
            color = "background:#fddbc7" if best < ref else "background:#d1e5f0"
        rows.append("<tr>" + _cell(_e(o.option), head=True) + _cell(_e(_v(o.worst))) + _cell(_e(_v(o.best)))
                    + _cell(_e(reac), extra=color)
                    + _cell(_e(_v(o.regret)) if o.regret is not None else "") + "</tr>")
    parts.append(f"<table {_TABLE}>" + "".join(rows) + "</table>")
    return "\n".join(parts)


def conditions_html(conditions_json) -> str:
    """A table of the conditions in ``diagnosis.to_json()["conditions"]``, escape conditions first.

    Columns: what the condition says (in words), its formula, whether it is a
    closed form or a numerical boundary, and whether a numerical check agreed.
    """
    if not conditions_json:
        return "<p>No condition was derived (the game has no parameters, or none applies).</p>"
    items: list[dict[str, Any]] = [c if isinstance(c, dict) else {"description": str(c)}
                                   for c in conditions_json]
    items.sort(key=lambda c: (c.get("kind") != "escape", c.get("parameter") is not None))
    head = "".join(_cell(h, head=True) for h in ("kind", "condition", "formula", "derived", "checked"))
    rows = [f"<tr>{head}</tr>"]
    for c in items:
        formula = c.get("relation") or c.get("text") or ""
        if c.get("threshold") is not None:
            formula = f"{formula} (threshold {c['threshold']})" if formula else f"threshold {c['threshold']}"
        derived = {True: "closed form", False: "numerical", None: ""}.get(c.get("closed_form"), "")
        checked = {True: "yes", False: "NO", None: ""}.get(c.get("verified"), "")
        rows.append("<tr>" + _cell(_e(c.get("kind", ""))) +
                    _cell(_e(c.get("description", "")), extra="text-align:left") +
                    _cell(f"<code>{_e(formula)}</code>" if formula else "", extra="text-align:left") +
                    _cell(_e(derived)) + _cell(_e(checked)) + "</tr>")
    return f"<table {_TABLE}>" + "".join(rows) + "</table>"
