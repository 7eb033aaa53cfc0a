"""``gametheory stability`` and ``status-quo``: conflict analysis on ordinal preferences."""
from __future__ import annotations

import click

from .common import handle_errors


def _load_conflict(file):
    from ..conflict import load
    return load(file)


#: Conflicts with at least this many states report progress on stderr, concept by concept.
PROGRESS_STATES = 50_000


def _progress(message: str) -> None:
    import time
    click.echo(f"[{time.strftime('%H:%M:%S')}] {message}", err=True)


def _concepts(values) -> list:
    out: list = []
    for v in values or ("all",):
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _hypergame(conflict, concepts):
    from ..conflict.hypergame import hypergame
    from ..conflict.stability import StabilityResult, compute_concepts
    results, skipped = compute_concepts(concepts, lambda key: hypergame(conflict, key))
    expected = {key: {dm: [conflict.pattern(s) for s in states] for dm, states in h.expected.items()}
                for key, h in results.items()}
    return StabilityResult(conflict, {k: h.stable for k, h in results.items()}, skipped), expected


def stability_table(result) -> str:
    """Plain-text table: one row per state; a cell lists the DMs (1-based) for whom
    the state is stable, ``E`` when it is an equilibrium (stable for all)."""
    c = result.conflict
    keys = list(result.stable)
    head = ["#", "state", "label"] + keys
    rows = []
    for s in range(c.n_states):
        row = [str(s), c.pattern(s), c.states[s] if c.states[s] != c.pattern(s) else ""]
        for k in keys:
            ok = result.is_defined(k)
            col = result.stable[k][:, s]
            cell = "E" if col[ok].all() else ",".join(str(i + 1) for i in range(c.n_dms) if col[i]) or "-"
            row.append(cell + ("?" if not ok.all() else ""))
        rows.append(row)
    widths = [max(len(r[j]) for r in rows + [head]) for j in range(len(head))]
    lines = []
    if c.is_option_form:
        lines.append("options: " + " ".join(f"{k + 1}={o.name}({c.decision_makers[o.dm]})"
                                             for k, o in enumerate(c.options)))
    lines.append("decision makers: " + ", ".join(f"{i + 1}={d}" for i, d in enumerate(c.decision_makers)))
    lines.append("cell: E = equilibrium (stable for every DM), else the DMs for whom the state is stable")
    if getattr(c, "unknown", ()):
        lines.append(f"preferences unknown: {', '.join(c.unknown)}; '?' marks a concept that needs them for "
                     f"some DM: its E means stable for every DM whose stability is defined")
    lines.append("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    for r in rows:
        lines.append("  ".join(x.ljust(w) for x, w in zip(r, widths)).rstrip())
    lines.append("")
    for k in keys:
        eq = result.equilibria(k)
        lines.append(f"{k} equilibria ({len(eq)}): " + (", ".join(c.states[s] for s in eq) if eq else "none"))
    for k, why in result.skipped.items():
        lines.append(f"{k}: not computed ({why})")
    return "\n".join(lines)


def stability_csv(result) -> str:
    import csv
    import io
    c = result.conflict
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["state", "label", "concept", *c.decision_makers, "equilibrium"])
    for k, arr in result.stable.items():
        for s in range(c.n_states):
            w.writerow([c.pattern(s), c.states[s], k, *[int(x) for x in arr[:, s]], int(arr[:, s].all())])
    return buf.getvalue().rstrip("\n")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--concept", "-c", "concepts", multiple=True, metavar="NAME",
              help="nash, gmr, smr, seq, sim, seqsim, lh:H, nm or all (default); repeatable or comma-separated.")
@click.option("--hypergame", is_flag=True,
              help="Judge each DM's stability in the conflict as it perceives it (misperceptions, perceptions).")
@click.option("--coalitions", is_flag=True,
              help="Treat the file's coalitions as acting together (coalition Nash, GMR, SMR, SEQ).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Output format.")
@handle_errors
def stability(file, concepts, hypergame, coalitions, fmt):
    """Stability of every state of the conflict in FILE for every decision maker.

    FILE is a conflict (.yaml with kind: conflict, or gmcr-py's .gmcr) or a
    normal-form game (.yaml, .nfg), whose payoffs are read as rankings.  Coalitions
    in the file are used only with --coalitions.
    """
    import json

    from ..conflict.stability import analyse
    conflict = _load_conflict(file)
    if coalitions:
        from ..conflict.coalitions import analyse_coalitions
        from ..exceptions import InvalidGameError
        if not conflict.metadata.get("coalitions"):
            raise InvalidGameError("--coalitions: the file defines no coalitions", file=file)
        result = analyse_coalitions(conflict, conflict.metadata["coalitions"], _concepts(concepts))
    elif hypergame:
        result, expected = _hypergame(conflict, _concepts(concepts))
    else:
        result = analyse(conflict, _concepts(concepts),
                         progress=_progress if conflict.n_states >= PROGRESS_STATES else None)
    if fmt == "json":
        out = result.to_dict()
        if hypergame:
            out["expected"] = expected
        click.echo(json.dumps(out, indent=2))
    elif fmt == "csv":
        click.echo(stability_csv(result))
    else:
        click.echo(stability_table(result))
        if hypergame:
            click.echo("")
            click.echo("hypergame: each DM judged in the conflict as it perceives it; equilibria each DM expects:")
            for key, per_dm in expected.items():
                for dm, states in per_dm.items():
                    click.echo(f"  {key} {dm}: " + (", ".join(states) if states else "none"))


@click.command("status-quo")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--from", "start", default=None, metavar="STATE",
              help="The status quo (pattern, label or 0-based index); default: the file's status_quo.")
@click.option("--concept", "-c", default="seq", show_default=True,
              help="Stability concept whose equilibria end the evolution.")
@click.option("--zugzwang", "focal", default=None, metavar="DM",
              help="Also diagnose the ordinal zugzwang of this decision maker at the status quo.")
@click.option("--plot", "plot_path", default=None, type=click.Path(dir_okay=False),
              help="Draw the status-quo graph to this image file (.png, .svg, .pdf).")
@click.option("--coalitions", is_flag=True,
              help="Let the file's coalitions also move, by coalitional improvements.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@handle_errors
def status_quo_cmd(file, start, concept, focal, plot_path, coalitions, fmt):
    """How the conflict in FILE can evolve from a status quo: the states reached by
    unilateral improvements, the equilibria reached and a shortest path to each;
    with --zugzwang DM, whether every option of DM ends below the status quo."""
    import json

    from ..conflict.status_quo import plot_status_quo, status_quo
    from ..conflict.zugzwang import ordinal_zugzwang
    from ..exceptions import InvalidGameError
    conflict = _load_conflict(file)
    if start is None:
        if "status_quo" not in conflict.metadata:
            raise InvalidGameError("no status quo in the file: give one with --from STATE", file=file)
        start = conflict.metadata["status_quo"]
    elif start.isdigit() and start not in conflict.states:
        start = int(start)
    groups = None
    if coalitions:
        groups = conflict.metadata.get("coalitions")
        if not groups:
            raise InvalidGameError("--coalitions: the file defines no coalitions", file=file)
    sq = status_quo(conflict, start, concept, coalitions=groups)
    zug = ordinal_zugzwang(conflict, focal, sq.start, concept) if focal else None
    if plot_path:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        ax = plot_status_quo(sq)
        ax.figure.savefig(plot_path, bbox_inches="tight")
        plt.close(ax.figure)
    if fmt == "json":
        out = sq.to_dict()
        if zug is not None:
            out["zugzwang"] = zug.to_dict()
        click.echo(json.dumps(out, indent=2))
        return
    click.echo(sq.table())
    if zug is not None:
        click.echo("")
        click.echo(zug.table())


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--target", required=True, metavar="STATE", help="The desired state (pattern, label or 0-based index).")
@click.option("--dm", "dms", required=True, multiple=True, metavar="NAME",
              help="A decision maker whose preferences may change (repeatable).")
@click.option("--concept", "-c", default="seq", show_default=True,
              help="nash, gmr, smr, seq, sim or seqsim.")
@click.option("--max-changes", type=click.IntRange(min=0), default=None, metavar="K",
              help="At most K states may stop being preferred to the target, per DM.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@handle_errors
def inverse(file, target, dms, concept, max_changes, fmt):
    """Inverse analysis: the smallest changes of the chosen DMs' rankings under which
    TARGET becomes an equilibrium of the conflict in FILE."""
    import json

    from ..conflict.inverse import inverse as run
    conflict = _load_conflict(file)
    if target.isdigit() and target not in conflict.states:
        target = int(target)
    result = run(conflict, target, list(dms), concept, max_changes)
    click.echo(json.dumps(result.to_dict(), indent=2) if fmt == "json" else result.table())
