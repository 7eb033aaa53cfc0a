"""``gametheory methods``: the solver registry, as a table, JSON or CSV."""
from __future__ import annotations

import click

from .common import format_option, handle_errors


def method_doc(m) -> dict:
    """The JSON description of one registered method."""
    forms = {}
    for name in m.forms():
        form = getattr(m, name)
        forms[name] = {"players": list(form.players),
                       "options": [{"name": o.name, "type": o.type + (" or None" if o.nullable else ""),
                                    "default": o.default, "choices": list(o.choices), "help": o.help}
                                   for o in form.options]}
    return {"name": m.name, "help": m.help, "finds": m.finds, "complete": m.complete,
            "approximate": m.approximate, "promises_one": m.promises_one, "exact_default": m.exact,
            "forms": forms, "auto": sorted(m.auto), "source": m.source}


def method_rows(doc: dict) -> list[dict]:
    """The CSV rows of one method's JSON description: one per game form it takes
    (``qre`` has an ``nfg`` and an ``efg`` row): ``method``, ``form``,
    ``min_players``, ``max_players`` (empty: no upper bound), ``finds``,
    ``complete``, ``approximate``, ``auto`` (``all; one``), ``options``
    (``name=default; ...``, defaults written as in the table) and ``help``."""
    return [{"method": doc["name"], "form": form, "min_players": spec["players"][0],
             "max_players": spec["players"][1], "finds": doc["finds"], "complete": doc["complete"],
             "approximate": doc["approximate"], "auto": "; ".join(doc["auto"]),
             "options": "; ".join(f"{o['name']}={o['default']!r}" for o in spec["options"]),
             "help": doc["help"]}
            for form, spec in doc["forms"].items()]


@click.command()
@format_option("table", "json", "csv")
@handle_errors
def methods(fmt):
    """List the equilibrium methods: the game forms and player counts each takes,
    what it finds, its options (for `solve --option NAME=VALUE`) and when `auto`
    picks it.  Every method's exact default is the game's own kind.

    CSV: one row per method and game form it takes (method, form, min_players,
    max_players, finds, complete, approximate, auto, options, help)."""
    import json

    from ..solvers import registry
    docs = [method_doc(m) for m in registry.methods()]
    if fmt == "json":
        click.echo(json.dumps(docs, indent=2, ensure_ascii=False, default=str))
        return
    if fmt == "csv":
        from .common import echo_csv
        echo_csv([row for d in docs for row in method_rows(d)])
        return
    for d in docs:
        nature = d["finds"] + (", complete" if d["complete"] else "") + (", approximate" if d["approximate"] else "")
        auto = f"; auto for: {', '.join(d['auto'])}" if d["auto"] else ""
        click.echo(f"{d['name']}: {d['help']} [{nature}{auto}]")
        for form, spec in d["forms"].items():
            lo, hi = spec["players"]
            players = f"{lo}+" if hi is None else (f"{lo}" if lo == hi else f"{lo}-{hi}")
            opts = ", ".join(f"{o['name']}={o['default']!r}" for o in spec["options"]) or "no options"
            click.echo(f"  {form} ({players} players): {opts}")
