"""gmcr-py's .gmcr files: state numbering, round trips, bad files, the Garrison case."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from test_conflict_stability import option_conflicts

from gametheory.cli import main
from gametheory.conflict import load, stable
from gametheory.conflict.io_gmcr import (
    dumps_gmcr,
    gmcr_option_order,
    loads_gmcr,
    read_gmcr,
)
from gametheory.exceptions import InvalidGameError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "conflict"
BAD = ROOT / "tests" / "data" / "bad" / "conflict"


def test_manual_ranking_numbering_is_converted_exactly():
    # File options: 0 "P opt" (B), 1 "Q opt" (A), 2 "R opt" (A); A lists [2, 1].  gmcr-py's
    # reordering by DM (pop the option, insert it at the count moved so far) gives:
    #   A's 2: [0,1,2] -> pop 2, insert at 1 -> [0,2,1];  A's 1: pop 1, insert at 2 -> [0,2,1];
    #   B's 0: pop 0, insert at 3 -> [2,1,0].  So R is bit 0, Q bit 1, P bit 2.
    # "P and Q" is infeasible: codes 6 and 7 go; gmcr-py's state k is code k-1 (k = 1..6).
    # A's ranking [6, [1, 2], 3, 4, 5]: state 6 = code 5 = R=Y, Q=N, P=Y, i.e. pattern "YNY"
    # in the order (R, Q, P), is A's best; states 1 and 2 (codes 0, 1: "NNN", "YNN") tie next.
    assert gmcr_option_order(3, [[2, 1], [0]]) == [2, 1, 0]
    c = read_gmcr(DATA / "numbering.gmcr")
    assert c.option_names == ("R_opt", "Q_opt", "P_opt")
    assert [o.direction for o in c.options] == ["back", "forward", "both"]
    assert c.patterns() == ["NNN", "YNN", "NYN", "YYN", "NNY", "YNY"]
    a = c.ranks[0]
    assert a[c.state("YNY")] > a[c.state("NNN")] == a[c.state("YNN")] > a[c.state("NYN")]
    assert a[c.state("NYN")] > a[c.state("YYN")] > a[c.state("NNY")]
    assert c.metadata["coalitions"] == [["A", "B"]]
    assert c.metadata["misperceptions"] == {"B": ["Y--"]}


def test_round_trip_gmcr():
    c = read_gmcr(DATA / "numbering.gmcr")
    back = loads_gmcr(dumps_gmcr(c))
    assert back.patterns() == c.patterns() and np.array_equal(back.ranks, c.ranks)
    assert [o.direction for o in back.options] == [o.direction for o in c.options]
    assert back.metadata["coalitions"] == c.metadata["coalitions"]
    assert back.metadata["misperceptions"] == c.metadata["misperceptions"]
    for i in range(c.n_dms):
        assert back.move_lists(i) == c.move_lists(i)


def test_statements_survive_the_trip_to_gmcr():
    # The Tajikistan model's statements use iff and nested or; the writer turns each into
    # the compound condition of its satisfying settings, so gmcr-py's prioritisation (and
    # this reader) rebuild the same ranks.
    taj = load(ROOT / "games" / "tajikistan" / "conflict.yaml")
    back = loads_gmcr(dumps_gmcr(taj))
    assert np.array_equal(back.ranks, taj.ranks) and back.patterns() == taj.patterns()


@pytest.mark.parametrize("name, path, words", [
    ("conflict-two-owners.gmcr", "decisionMakers[1].options[0]", "controlled by two"),
    ("conflict-ranking-number.gmcr", "decisionMakers[0].preferenceRanking[1]", "state number 1..2"),
])
def test_bad_gmcr_files(name, path, words):
    with pytest.raises(InvalidGameError) as info:
        read_gmcr(BAD / name)
    assert info.value.path == path and words in info.value.message and info.value.file.endswith(name)
    r = CliRunner().invoke(main, ["stability", str(BAD / name)])
    assert r.exit_code == 2 and name in r.output


def test_garrison():
    # Garrison Diversion Unit (Fang, Hipel & Kilgour 1993), as modelled in gmcr-py's example
    # file: four DMs, nine options, 23 feasible states.  Reference: gmcr-py's recorded
    # logical solution (test_data/Garrison_logSol.txt) gives Nash = SEQ = SIM = SEQ+SIM
    # equilibria {2, 3, 11, 17, 18, 21, 22} (gmcr-py numbering, from 1).
    g = load(DATA / "garrison.yaml")
    assert g.n_states == 23
    ref = [2, 3, 11, 17, 18, 21, 22]
    for concept in ("nash", "seq", "sim", "seqsim"):
        assert (np.nonzero(stable(g, concept).all(0))[0] + 1).tolist() == ref, concept
    # GMR differs from gmcr-py's engine at state 6, by the textbook chain rule.  At 6
    # (NNYNYYNNN) the only UI is Canadian Opposition's, to 2 (it drops its treaty
    # challenge); the only sanction is the chain US Support (to 1), US Opposition (to 4),
    # US Support again (to 3), which Canadian Opposition ranks no higher than 6.  US Support
    # moves twice, not in a row: legal in the textbook, excluded by gmcr-py (each
    # opponent moves at most once), which therefore reports 6 as unstable.
    gmr = stable(g, "gmr")
    six = g.state("NNYNYYNNN")
    assert six == 5 and gmr[:, six].all()
    canada = g.dm("Canadian Opposition")
    r = g.ranks[canada]
    ui = [t for (s0, t) in g.move_lists(canada) if s0 == six and r[t] > r[six]]
    assert ui == [1]  # state 2
    steps = [("US Support", 1, 0), ("US Opposition", 0, 3), ("US Support", 3, 2)]
    for dm, a, b in steps:
        assert (a, b) in g.move_lists(dm)
    assert r[2] <= r[six]
    # with each opponent moving at most once (any order), no sanction exists:
    from itertools import permutations
    others = [j for j in range(g.n_dms) if j != canada]
    reached = set()
    for k in range(1, len(others) + 1):
        for order in permutations(others, k):
            frontier = {1}
            for j in order:
                frontier = {t for (a, t) in g.move_lists(j) if a in frontier}
            reached |= frontier
    assert reached and all(r[u] > r[six] for u in reached)
    assert (np.nonzero(gmr.all(0))[0] + 1).tolist() == [2, 3, 4, 6, 8, 10, 11, 13, 14, 15, 17, 18, 19, 21, 22]


def test_coalitions_only_with_the_flag():
    # numbering.gmcr puts A and B in one coalition.  Without --coalitions the JSON has the
    # two DMs; with it, one block "A + B".  By hand (options R back-only and Q forward-only
    # for A, P for B; P and Q exclusive): from YYN, A's only move is R off, to NYN, which
    # both rank higher; from NNY, B's move to NNN is both DMs' improvement; from NNN, YNN,
    # NYN and YNY no joint move helps both (YNY is A's best, NNN B's best, and from YNN /
    # NYN every reachable state is worse for one of them) -> {NNN, YNN, NYN, YNY}.
    import json
    r = CliRunner().invoke(main, ["stability", str(DATA / "numbering.gmcr"), "-c", "nash", "--format", "json"])
    assert json.loads(r.output)["decision_makers"] == ["A", "B"]
    r = CliRunner().invoke(main, ["stability", str(DATA / "numbering.gmcr"), "-c", "nash", "--coalitions",
                                  "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["decision_makers"] == ["A + B"]
    assert out["equilibria"]["nash"] == ["NNN", "YNN", "NYN", "YNY"]
    assert CliRunner().invoke(main, ["stability", str(DATA / "numbering.gmcr"), "--coalitions"]).exit_code == 0
    r = CliRunner().invoke(main, ["stability", str(DATA / "elmira.yaml"), "--coalitions"])
    assert r.exit_code == 2 and "no coalitions" in r.output


def test_cuban_missile_crisis():
    # The Cuban missile crisis (Fraser & Hipel 1984) as in gmcr-py's example: US options
    # Air_Strike (irreversible) and Blockade, USSR options Withdraw and Escalate (not both).
    # Ranks from the statements (checked against the file's prioritisation below).  By hand:
    # * YNYN (strike, withdrawal): the US cannot undo the strike and ranks YYYN below it;
    #   the USSR ranks YNNN and YNNY below it -> the only Nash equilibrium.
    # * NYYN (blockade, withdrawal, the historical outcome): the US improves by lifting the
    #   blockade (NNYN), but the USSR then improves by staying (NNNN), which the US ranks
    #   below NYYN -> SEQ-stable for the US; the USSR has no improvement -> SEQ equilibrium.
    # * NNYN: the US's best state; the USSR's only improvement, NNNN, is answered by the
    #   US's own improvements (strike YNNN, blockade NYNN, both YYNN), all of which the USSR
    #   ranks below NNYN -> SEQ equilibrium.
    c = load(DATA / "cuban.yaml")
    us, ussr = c.ranks
    assert us[c.state("NNYN")] == us.max()
    assert us[c.state("YYYN")] < us[c.state("YNYN")]
    assert ussr[c.state("YNNN")] < ussr[c.state("YNYN")] and ussr[c.state("YNNY")] < ussr[c.state("YNYN")]
    eq = {k: [c.pattern(s) for s in np.nonzero(stable(c, k).all(0))[0]] for k in ("nash", "seq")}
    assert eq["nash"] == ["YNYN"]
    assert eq["seq"] == ["NNYN", "YNYN", "NYYN"]


@settings(max_examples=15)
@given(option_conflicts(max_options=5, max_dms=3))
def test_random_conflicts_round_trip_through_both_formats(conflict):
    from gametheory.conflict.io_yaml import dumps_conflict, loads_conflict
    def order(ranks):  # ranks are ordinal: compare the orders they induce
        return np.stack([np.unique(r, return_inverse=True)[1].ravel() for r in ranks])

    for back in (loads_conflict(dumps_conflict(conflict)), loads_gmcr(dumps_gmcr(conflict))):
        assert back.patterns() == conflict.patterns()
        assert np.array_equal(order(back.ranks), order(conflict.ranks))
        assert [o.direction for o in back.options] == [o.direction for o in conflict.options]
        for i in range(conflict.n_dms):
            assert back.move_lists(i) == conflict.move_lists(i)
