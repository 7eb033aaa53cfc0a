"""Reference limits of the agent logit QRE principal branch, made with pygambit.

    /work/gambit-venv/bin/python tests/data/gambit/make_agent_qre_reference.py

Runs ``pygambit.nash.logit_solve(game, use_strategic=False)`` (Turocy's tracing of
the agent QRE branch, pygambit 16.7.0) on each tree and writes, per player, the
action probabilities of each information set keyed by the actions' labels (the
information sets are named by their actions, so no numbering convention matters).
"""
from __future__ import annotations

import json
from pathlib import Path

import pygambit as gbt

HERE = Path(__file__).resolve().parent
FILES = ["fig5_10_41", "sww3", "w_ex1", "jakobsen2016_fig3"]


def main() -> None:
    out = {"_made_by": f"pygambit {gbt.__version__} nash.logit_solve(use_strategic=False)"}
    for name in FILES:
        g = gbt.read_efg(str(HERE / f"{name}.efg"))
        eq = gbt.nash.logit_solve(g, use_strategic=False).equilibria[0]
        out[name] = {p.label: [{a.label: float(eq[a]) for a in h.actions} for h in p.infosets]
                     for p in g.players}
    (HERE / "agent_qre_reference.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
