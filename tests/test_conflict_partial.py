"""Partial preferences within one DM (Li, Hipel, Kilgour & Fang 2004): the extended
concepts nash:a..d, gmr:a..d, smr:a..d and seq:a..d, derived by hand on a small
conflict and checked against a literal implementation on random ones."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from test_conflict_stability import literal_reach

from gametheory.cli import main
from gametheory.conflict import from_options, load
from gametheory.conflict.io_yaml import dumps_conflict, loads_conflict
from gametheory.conflict.model import Option
from gametheory.conflict.stability import analyse, stable
from gametheory.exceptions import InvalidGameError, UnsupportedGameError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "conflict"
BAD = ROOT / "tests" / "data" / "bad" / "conflict"


def _names(conflict, mask):
    return [conflict.pattern(s) for s in np.nonzero(mask)[0]]


# Hand derivation (states NN, YN, NY, YY: a then b; A flips a, B flips b).
# A: base ranks NN 3 > YN 2 > NY 1 > YY 0, uncertain pairs {NN, YN} and {NN, YY}.
# B: YY 3 > NN 2 > YN 1 > NY 0 (complete).
# Extensions: a/b let A move to uncertain states, c/d only to sure improvements;
# a/c count only sure "not preferred" states as sanctions, b/d also uncertain ones.
# For A:
#  NN: its move YN is uncertain -> Nash a/b unstable, c/d stable.  B answers YN -> YY
#      (a UI of B: 3 > 1), but YY is uncertain against NN: a sanction in b/d, not a/c.
#      SMR b: from YY A escapes only to NY (1 < 3, sure) -> stable.
#  YN: the move to NN is uncertain.  B's answer NN -> NY: NY 1 <= 2 surely, deters
#      (GMR, SMR a/b stable: A's escape from NY, YY 0 <= 2); but NY is worse for B
#      (0 < 2): not credible, so SEQ a/b unstable; c/d have no move: stable.
#  NY: A's only move YY is surely worse: stable everywhere.
#  YY: NY is a sure UI (1 > 0).  B answers NY -> NN (B's UI, 2 > 0); NN is uncertain
#      against YY: a sanction in b/d only.  SMR: from NN A escapes to YN, surely
#      better than YY (2 > 0): SMR unstable in every extension.
# For B (complete): Nash {NN, YY}; GMR {NN, YN, YY} (YN -> YY answered by A's YY -> NY,
# B's worst); SMR {NN, YY} (from NY B escapes to NN); SEQ {NN, YN, YY} (A's YY -> NY
# is A's sure UI, credible).
EXPECTED_A = {
    "nash:a": ["NY"], "nash:b": ["NY"], "nash:c": ["NN", "YN", "NY"], "nash:d": ["NN", "YN", "NY"],
    "gmr:a": ["YN", "NY"], "gmr:b": ["NN", "YN", "NY", "YY"],
    "gmr:c": ["NN", "YN", "NY"], "gmr:d": ["NN", "YN", "NY", "YY"],
    "smr:a": ["YN", "NY"], "smr:b": ["NN", "YN", "NY"], "smr:c": ["NN", "YN", "NY"], "smr:d": ["NN", "YN", "NY"],
    "seq:a": ["NY"], "seq:b": ["NN", "NY", "YY"], "seq:c": ["NN", "YN", "NY"], "seq:d": ["NN", "YN", "NY", "YY"],
}
EXPECTED_B = {"nash": ["NN", "YY"], "gmr": ["NN", "YN", "YY"], "smr": ["NN", "YY"], "seq": ["NN", "YN", "YY"]}


def test_extended_concepts_by_hand():
    c = load(DATA / "partial.yaml")
    assert c.uncertain["A"].tolist() == [[0, 1], [0, 3]]
    for key, want in EXPECTED_A.items():
        st_ = stable(c, key)
        assert _names(c, st_[0]) == want, key
        assert _names(c, st_[1]) == EXPECTED_B[key.split(":")[0]], key
    eq = {k: _names(c, stable(c, k).all(axis=0)) for k in EXPECTED_A}
    assert eq["gmr:a"] == ["YN"] and eq["gmr:b"] == ["NN", "YN", "YY"] and eq["seq:b"] == ["NN", "YY"]


def test_plain_concepts_refused_and_all_means_the_extensions():
    c = load(DATA / "partial.yaml")
    for concept in ("gmr", "sim", "lh:2", "nm"):
        with pytest.raises(UnsupportedGameError, match="partial|unordered"):
            stable(c, concept)
    assert sorted(analyse(c).stable) == sorted(f"{x}:{e}" for x in ("nash", "gmr", "smr", "seq") for e in "abcd")
    out = CliRunner().invoke(main, ["stability", str(DATA / "partial.yaml"), "--concept", "gmr:b",
                                    "--format", "json"])
    assert out.exit_code == 0, out.output
    assert '"gmr:b"' in out.output


def test_partial_ranking_and_round_trip():
    text = (DATA / "partial.yaml").read_text()
    # the same conflict, A's ranking leaving YN out: YN is then unordered against every state
    partial = text.replace("ranking: [NN, YN, NY, YY]", "ranking: [NN, NY, YY]\n    partial: true")
    partial = partial.replace("      - {between: [NN, Y-], rationale: \"A cannot tell whether taking a leaves it "
                              "better off than the status quo\"}", "      - {between: [NN, YY], rationale: \"open\"}")
    c = loads_conflict(partial)
    assert c.uncertain["A"].tolist() == [[0, 1], [0, 3], [1, 2], [1, 3]]
    back = loads_conflict(dumps_conflict(c))
    assert back.uncertain["A"].tolist() == c.uncertain["A"].tolist()
    for key in ("gmr:a", "seq:d"):
        assert np.array_equal(stable(back, key), stable(c, key))


def test_bad_uncertain_pattern_names_file_and_key_path():
    with pytest.raises(InvalidGameError) as info:
        load(BAD / "conflict-uncertain-pattern.yaml")
    err = info.value
    assert err.file.endswith("conflict-uncertain-pattern.yaml")
    assert err.path == "preferences.A.uncertain[0].between" and err.line == 13, str(err)


# ====================================================================== literal definitions
def literal_extended(conflict, concept, ext, i):
    """Li et al.'s extension ``ext`` of ``concept`` for DM ``i``, straight from the definitions."""
    n, r = conflict.n_states, conflict.ranks
    U = {d: {tuple(p) for p in np.asarray(conflict.uncertain.get(d, np.zeros((0, 2)))).tolist()}
         for d in conflict.decision_makers}

    def unc(j, a, b):
        return (min(a, b), max(a, b)) in U[conflict.decision_makers[j]]

    def uui(j, a, b):
        return unc(j, a, b) or r[j, b] > r[j, a]

    def ui(j, a, b):
        return not unc(j, a, b) and r[j, b] > r[j, a]

    def deters(s, u):
        return (not unc(i, s, u) and r[i, u] <= r[i, s]) or (ext in "bd" and unc(i, s, u))

    others = [j for j in range(conflict.n_dms) if j != i]
    R = {j: [{b for (a, b) in conflict.move_lists(j) if a == s} for s in range(n)] for j in range(conflict.n_dms)}

    reach = literal_reach(conflict, others, concept == "seq", credible=uui)

    out = np.zeros(n, bool)
    for s in range(n):
        moves = [t for t in R[i][s] if (uui(i, s, t) if ext in "ab" else ui(i, s, t))]
        if concept == "nash":
            out[s] = not moves
            continue
        ok = True
        for t in moves:
            if concept == "smr":
                ok &= any(deters(s, u) and all(deters(s, v) for v in R[i][u]) for u in reach[t])
            else:
                ok &= any(deters(s, u) for u in reach[t])
        out[s] = ok
    return out


@st.composite
def partial_conflicts(draw):
    n_dms = draw(st.integers(2, 3))
    n_opt = draw(st.integers(n_dms, 4))
    owners = sorted(list(range(n_dms)) + [draw(st.integers(0, n_dms - 1)) for _ in range(n_opt - n_dms)])
    c = from_options([f"D{i}" for i in range(n_dms)], [Option(f"o{k}", owners[k]) for k in range(n_opt)])
    n = c.n_states
    c = c.with_ranks(np.array([[draw(st.integers(0, n // 2)) for _ in range(n)] for _ in range(n_dms)]))
    for i in range(n_dms):
        pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=n))
        if pairs:
            c.set_uncertain(i, pairs)
    return c


@settings(max_examples=15, deadline=None)
@given(partial_conflicts())
def test_extended_concepts_match_literal_definitions(conflict):
    for concept in ("nash", "gmr", "smr", "seq"):
        for ext in "abcd":
            fast = stable(conflict, f"{concept}:{ext}")
            for i in range(conflict.n_dms):
                assert np.array_equal(fast[i], literal_extended(conflict, concept, ext, i)), (concept, ext, i)


@settings(max_examples=15)
@given(partial_conflicts())
def test_extension_inclusions_and_complete_case(conflict):
    # a is the strictest reading (moves to uncertain states, only sure sanctions), d the
    # loosest: a <= b <= d and a <= c <= d (Li et al. 2004).
    for concept in ("nash", "gmr", "smr", "seq"):
        s = {e: stable(conflict, f"{concept}:{e}") for e in "abcd"}
        for lo, hi in (("a", "b"), ("b", "d"), ("a", "c"), ("c", "d")):
            assert not (s[lo] & ~s[hi]).any(), (concept, lo, hi)
    complete = conflict.with_ranks(conflict.ranks)
    complete.uncertain.clear()
    for concept in ("nash", "gmr", "smr", "seq"):
        for e in "abcd":
            assert np.array_equal(stable(complete, f"{concept}:{e}"), stable(complete, concept))


def test_report_section_shows_the_extended_concepts():
    from gametheory.report.conflict_section import conflict_section
    c = load(DATA / "partial.yaml")
    c.metadata["status_quo"] = c.state("NN")
    html = conflict_section(c, figure=False)
    assert "gmr:a" in html and "seq:d" in html and "partial preferences" in html
    # gmr:a's only equilibrium is YN (hand derivation above)
    assert "<b>gmr:a</b> equilibria (1): YN" in html
