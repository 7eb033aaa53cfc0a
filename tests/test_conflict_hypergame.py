"""First-level hypergames: stability in each DM's perceived conflict."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from gametheory.cli import main
from gametheory.conflict import load, stable
from gametheory.conflict.hypergame import hidden_states, hypergame, perceived_conflict

DATA = Path(__file__).resolve().parent / "data" / "conflict"


def test_misjudged_prisoner():
    # A believes B ranks DC above DD (B would not retaliate).  In A's perceived conflict,
    # at CC A's UI to DC meets no credible sanction (B's move DC -> DD is no improvement
    # for B as A sees it): CC is not SEQ-stable for A.  DD stays stable for both (A has no
    # UI there; B's SEQ stability is judged in B's correct view).  GMR counts any sanction,
    # so CC stays GMR-stable for A.  A expects DC in its own conflict: A is at its best and
    # B, as A sees it, would not move DC -> DD.
    c = load(DATA / "prisoners-hypergame.yaml")
    h = hypergame(c, "seq")
    assert [c.states[s] for s in h.equilibria()] == ["DD"]
    assert [c.states[s] for s in np.nonzero(stable(c, "seq").all(0))[0]] == ["CC", "DD"]
    assert [c.states[s] for s in h.expected["A"]] == ["DC"]
    assert [c.states[s] for s in h.expected["B"]] == ["CC", "DD"]
    g = hypergame(c, "gmr")
    assert [c.states[s] for s in g.equilibria()] == ["CC", "DD"]


def test_hidden_states_are_never_stable_for_who_cannot_see_them():
    c = load(DATA / "prisoners.yaml")
    c.metadata["misperceptions"] = {"B": ["YY"]}
    assert hidden_states(c, "B").tolist() == [False, False, False, True]
    g, idx = perceived_conflict(c, "B")
    assert g.n_states == 3 and idx.tolist() == [0, 1, 2]
    # B's perceived moves omit DC -> DD and CD <-> DD
    assert sorted((g.states[a], g.states[b]) for a, b in g.move_lists("B")) == [("CC", "CD"), ("CD", "CC")]
    h = hypergame(c, "nash")
    assert not h.stable[c.dm("B"), c.state("DD")]
    assert c.state("DD") not in h.equilibria()


def test_hypergame_cli():
    r = CliRunner().invoke(main, ["stability", str(DATA / "prisoners-hypergame.yaml"), "--hypergame",
                                  "-c", "seq", "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["equilibria"]["seq"] == ["YY"] and out["expected"]["seq"]["A"] == ["YN"]


def test_perceptions_round_trip():
    from gametheory.conflict.io_yaml import dumps_conflict, loads_conflict
    c = load(DATA / "prisoners-hypergame.yaml")
    c.metadata["misperceptions"] = {"B": ["YY"]}
    back = loads_conflict(dumps_conflict(c))
    assert back.metadata["misperceptions"] == {"B": ["YY"]}
    assert np.array_equal(back.metadata["perceptions"]["A"]["B"]["ranks"], c.metadata["perceptions"]["A"]["B"]["ranks"])
