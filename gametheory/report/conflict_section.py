"""The conflict section of the HTML report: stability table, status-quo graph, ordinal zugzwang.

:func:`conflict_section` returns an HTML fragment (every text escaped, the figure
embedded as a base64 PNG like the rest of the report) that
:func:`gametheory.report.html.build_report` appends when given ``conflict=``.
"""
from __future__ import annotations

import base64
import html
import io

import numpy as np

#: Above this many states the table lists only the equilibria.
MAX_TABLE_ROWS = 64


def _figure(ax, caption: str, dpi: int = 110) -> str:
    import matplotlib.pyplot as plt
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(ax.figure)
    b64 = base64.b64encode(buf.getvalue()).decode("ascii")
    cap = html.escape(caption)
    return (f'<figure id="fig-status-quo"><img src="data:image/png;base64,{b64}" alt="{cap}">'
            f"<figcaption>{cap}</figcaption></figure>")


def conflict_section(conflict, concepts=("nash", "gmr", "smr", "seq", "sim", "seqsim"), *,
                     status_quo=None, focal=None, sq_concept: str = "seq", figure: bool = True) -> str:
    """HTML fragment: the conflict's stability table and equilibria, and, from a status
    quo (default: the file's), the status-quo graph and, for a focal DM, the ordinal
    zugzwang verdict.

    Parameters
    ----------
    conflict : Conflict or path
        A conflict or a conflict file (``.yaml`` with ``kind: conflict`` or ``.gmcr``).
    concepts : sequence of str
        Concepts of the table (those that do not apply are skipped with a note).  With
        partial preferences the default six become their extensions ``nash:a`` ...
        ``seq:d``.
    status_quo : state, optional
    focal : DM, optional
    sq_concept : str
        Concept whose equilibria end the status-quo evolution and judge the zugzwang.
    figure : bool
        Draw the status-quo graph (matplotlib).
    """
    import matplotlib

    from ..conflict.stability import analyse
    from ..conflict.status_quo import plot_status_quo
    from ..conflict.status_quo import status_quo as run_status_quo
    from ..conflict.zugzwang import ordinal_zugzwang

    if not hasattr(conflict, "decision_makers"):
        from ..conflict import load
        conflict = load(conflict)
    e = html.escape
    if conflict.is_partial and tuple(concepts) == ("nash", "gmr", "smr", "seq", "sim", "seqsim"):
        concepts = None   # analyse's default: the sixteen extended concepts
    result = analyse(conflict, None if concepts is None else list(concepts))
    keys = list(result.stable)
    c = conflict
    parts = ['<section id="conflict">', "<h2>Conflict analysis on rankings (graph model)</h2>",
             f"<p>{e(c.title or 'Conflict')}: {c.n_dms} decision makers ("
             + e(", ".join(c.decision_makers)) + f"), {c.n_states} feasible states"
             + (f", options {e(', '.join(c.option_names))}" if c.is_option_form else "")
             + ". A cell lists the decision makers for whom the state is stable; "
               "<b>E</b> marks an equilibrium (stable for all).</p>"]
    eq_any = np.zeros(c.n_states, bool)
    for k in keys:
        eq_any |= result.stable[k].all(axis=0)
    rows = range(c.n_states) if c.n_states <= MAX_TABLE_ROWS else np.nonzero(eq_any)[0]
    if c.n_states > MAX_TABLE_ROWS:
        parts.append(f"<p class=\"small\">{c.n_states} states: only the {len(rows)} that are an "
                     f"equilibrium under some concept are listed.</p>")
    head = "".join(f"<th>{e(k)}</th>" for k in keys)
    parts.append(f'<table class="conflict"><thead><tr><th>state</th><th>label</th>{head}</tr></thead><tbody>')
    for s in rows:
        cells = []
        for k in keys:
            col = result.stable[k][:, s]
            text = "E" if col.all() else ", ".join(c.decision_makers[i] for i in range(c.n_dms) if col[i]) or "-"
            cells.append(f"<td>{'<b>E</b>' if text == 'E' else e(text)}</td>")
        label = c.states[s] if c.states[s] != c.pattern(s) else ""
        parts.append(f"<tr><td><code>{e(c.pattern(s))}</code></td><td>{e(label)}</td>{''.join(cells)}</tr>")
    parts.append("</tbody></table><ul>")
    for k in keys:
        eq = result.equilibria(k)
        parts.append(f"<li><b>{e(k)}</b> equilibria ({len(eq)}): "
                     + (e(", ".join(c.states[s] for s in eq)) if eq else "none") + "</li>")
    for k, why in result.skipped.items():
        parts.append(f"<li><b>{e(k)}</b>: not computed ({e(why)})</li>")
    parts.append("</ul>")
    start = status_quo if status_quo is not None else c.metadata.get("status_quo")
    if start is not None and c.unknown:
        parts.append(f"<p>Status-quo analysis needs every decision maker's preferences; unknown: "
                     f"{e(', '.join(c.unknown))}.</p>")
        start = None
    if start is not None and c.is_partial:
        parts.append("<p>Status-quo analysis needs complete preferences; some pairs of states are "
                     "unordered (partial preferences).</p>")
        start = None
    if start is not None:
        sq = run_status_quo(c, start, sq_concept)
        parts.append(f"<h3>From the status quo {e(c.states[sq.start])}</h3>")
        parts.append(f"<p>Unilateral improvements reach {len(sq.reached)} states and "
                     f"{len(sq.equilibria)} {e(sq.concept)} equilibria.</p><ul>")
        for eqm in sq.equilibria[:20]:
            steps = " &rarr; ".join((f"[{e(c.decision_makers[j])}] " if j is not None else "") + e(c.states[s])
                                    for s, j in sq.paths[eqm])
            parts.append(f"<li>{steps}</li>")
        parts.append("</ul>")
        if figure:
            matplotlib.use("Agg", force=False)
            parts.append(_figure(plot_status_quo(sq), f"Evolution from {c.states[sq.start]}: improving moves "
                                                    f"coloured by decision maker, {sq.concept} equilibria shaded."))
        if focal is not None:
            z = ordinal_zugzwang(c, focal, sq.start, sq_concept)
            parts.append(f"<p><b>Ordinal zugzwang of {e(c.decision_makers[z.dm])}</b> under "
                         f"{e(z.concept)}: {e(z.verdict())}.</p>")
            parts.append("<table class=\"conflict\"><thead><tr><th>option</th><th>verdict</th>"
                         "<th>equilibria reached</th></tr></thead><tbody>")
            for o in z.options:
                parts.append(f"<tr><td><code>{e(o.option)}</code></td><td>{e(o.verdict)}</td>"
                             f"<td>{len(o.outcomes)}</td></tr>")
            parts.append("</tbody></table>")
    parts.append("</section>")
    return "\n".join(parts)
