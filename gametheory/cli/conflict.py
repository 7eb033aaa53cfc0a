"""``gametheory stability``, ``status-quo`` and ``inverse``: conflict analysis on
ordinal preferences.  Every command prints ``--format table|json|csv``; a bad
value of an option (a state, a DM, a concept) is bad input: exit 2, naming the file
and the option."""
from __future__ import annotations

from contextlib import contextmanager

import click

from .common import format_option, handle_errors


def _load_conflict(file):
    from ..conflict import load
    return load(file)


#: Conflicts with at least this many states report progress on stderr, concept by concept.
PROGRESS_STATES = 50_000


def _progress(message: str) -> None:
    import time
    click.echo(f"[{time.strftime('%H:%M:%S')}] {message}", err=True)


@contextmanager
def _about(file, option: str):
    """Errors about an option's value name the file and the option (exit 2)."""
    from ..exceptions import InvalidGameError
    try:
        yield
    except InvalidGameError as exc:
        raise exc.located(file=file, path=option) from None


def _csv(rows) -> str:
    """CSV text (the first row is the header): the project's one CSV line writer, text
    cells escaped against spreadsheet formulas."""
    from ..batch.output import csv_line
    return "".join(csv_line(list(row)) for row in rows).rstrip("\n")


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
    c = result.conflict
    rows: list = [["state", "label", "concept", *c.decision_makers, "equilibrium"]]
    for k, arr in result.stable.items():
        for s in range(c.n_states):
            rows.append([c.pattern(s), c.states[s], k, *[int(x) for x in arr[:, s]], int(arr[:, s].all())])
    return _csv(rows)


def status_quo_csv(sq) -> str:
    """One row per reachable state: whether it is an equilibrium and, if so, a
    shortest path to it (``[mover] state`` steps joined by ``>``)."""
    c = sq.conflict
    rows: list = [["state", "label", "equilibrium", "path"]]
    for s in sq.reached:
        path = sq.paths.get(s)
        steps = "" if path is None else " > ".join(
            (f"[{sq.movers[j]}] " if j is not None else "") + c.pattern(x) for x, j in path)
        rows.append([c.pattern(s), c.states[s], int(s in sq.equilibria), steps])
    return _csv(rows)


def inverse_csv(result) -> str:
    """One row per way and chosen DM: the states it no longer prefers to the target."""
    d = result.to_dict()
    rows: list = [["target", "concept", "way", "dm", "change", "no_longer_preferred", "now_preferred",
                   "complete"]]
    for k, sol in enumerate(d["solutions"], 1):
        for p in sol:
            rows.append([d["target"], d["concept"], k, p["dm"], p["change"], " ".join(p["no_longer_preferred"]),
                         " ".join(f"{x['state']}>{x['to']}" for x in p.get("now_preferred", ())),
                         int(d["complete"])])
    return _csv(rows)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--concept", "-c", "concepts", multiple=True, metavar="NAME",
              help="nash, gmr, smr, seq, sim, seqsim, lh:H, nm or all (default); repeatable or comma-separated.")
@click.option("--hypergame", is_flag=True,
              help="Judge each DM's stability in the conflict as it perceives it (misperceptions, perceptions).")
@click.option("--coalitions", is_flag=True,
              help="Treat the file's coalitions as acting together (coalition Nash, GMR, SMR, SEQ).")
@format_option("table", "json", "csv")
@handle_errors
def stability(file, concepts, hypergame, coalitions, fmt):
    """Stability of every state of the conflict in FILE for every decision maker.

    FILE is a conflict (.yaml with kind: conflict, or gmcr-py's .gmcr) or a
    normal-form game (.yaml, .nfg), whose payoffs are read as rankings.  Coalitions
    in the file are used only with --coalitions.
    """
    import json

    from ..conflict.stability import analyse, expand_concepts
    conflict = _load_conflict(file)
    with _about(file, "--concept"):
        expand_concepts(_concepts(concepts))
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
@format_option("table", "json", "csv")
@handle_errors
def status_quo_cmd(file, start, concept, focal, plot_path, coalitions, fmt):
    """How the conflict in FILE can evolve from a status quo: the states reached by
    unilateral improvements, the equilibria reached and a shortest path to each;
    with --zugzwang DM, whether every option of DM ends below the status quo.
    CSV: one row per reachable state (not with --zugzwang)."""
    import json

    from ..conflict.stability import parse_concept
    from ..conflict.status_quo import plot_status_quo, status_quo
    from ..conflict.zugzwang import ordinal_zugzwang
    from ..exceptions import InvalidGameError
    if fmt == "csv" and focal:
        raise click.UsageError("--zugzwang has no CSV layout: use --format table or json")
    conflict = _load_conflict(file)
    if start is None:
        if "status_quo" not in conflict.metadata:
            raise InvalidGameError("no status quo in the file: give one with --from STATE", file=file)
        start = conflict.metadata["status_quo"]
    elif start.isdigit() and start not in conflict.states:
        start = int(start)
    with _about(file, "--from"):
        start = conflict.state(start)
    with _about(file, "--concept"):
        parse_concept(concept)
    if focal:
        with _about(file, "--zugzwang"):
            conflict.dm(focal)
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
    if fmt == "csv":
        click.echo(status_quo_csv(sq))
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
@format_option("table", "json", "csv")
@handle_errors
def inverse(file, target, dms, concept, max_changes, fmt):
    """Inverse analysis: the smallest changes of the chosen DMs' rankings under which
    TARGET becomes an equilibrium of the conflict in FILE.  CSV: one row per way and DM."""
    import json

    from ..conflict.inverse import INVERSE_CONCEPTS
    from ..conflict.inverse import inverse as run
    from ..conflict.stability import parse_concept
    from ..exceptions import InvalidGameError
    conflict = _load_conflict(file)
    if target.isdigit() and target not in conflict.states:
        target = int(target)
    with _about(file, "--target"):
        target = conflict.state(target)
    with _about(file, "--dm"):
        for d in dms:
            conflict.dm(d)
    with _about(file, "--concept"):
        if parse_concept(concept)[0] not in INVERSE_CONCEPTS:
            raise InvalidGameError(f"inverse analysis supports {', '.join(INVERSE_CONCEPTS)}, not {concept!r}")
    result = run(conflict, target, list(dms), concept, max_changes)
    if fmt == "csv":
        click.echo(inverse_csv(result))
    else:
        click.echo(json.dumps(result.to_dict(), indent=2) if fmt == "json" else result.table())
