"""``gametheory methods``: the solver registry, as a table or JSON."""
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


@click.command()
@format_option("table", "json")
@handle_errors
def methods(fmt):
    """List the equilibrium methods: the game forms and player counts each takes,
    what it finds, its options (for `solve --option NAME=VALUE`) and when `auto`
    picks it.  Every method's exact default is the game's own kind."""
    import json

    from ..solvers import registry
    docs = [method_doc(m) for m in registry.methods()]
    if fmt == "json":
        click.echo(json.dumps(docs, indent=2, ensure_ascii=False, default=str))
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
