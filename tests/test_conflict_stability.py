"""Stability concepts of the graph model: published cases, a literal implementation
of the definitions, and properties on random conflicts."""
from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.conflict import (
    analyse,
    from_graph,
    from_normal_form,
    from_options,
    load,
)
from gametheory.conflict.model import Option
from gametheory.conflict.stability import anticipated, stable
from gametheory.exceptions import InvalidGameError, UnsupportedGameError

DATA = Path(__file__).resolve().parent / "data" / "conflict"


def eq(conflict, concept):
    st_ = stable(conflict, concept)
    return sorted(conflict.states[s] for s in np.nonzero(st_.all(axis=0))[0])


# ====================================================================== literal definitions
def literal_reach(conflict, movers, improving, credible=None):
    """Every state reachable from each state by a legal sequence (>= 1 move, no DM twice
    in a row) of the movers' (improving) moves: a breadth-first search over
    (state, last mover), written straight from the definition.  ``credible(j, a, b)``,
    if given, replaces "an improvement for j" when ``improving``."""
    if credible is None:
        def credible(j, a, b):
            return conflict.ranks[j, b] > conflict.ranks[j, a]
    moves = {j: conflict.move_lists(j) for j in movers}
    out = []
    for s in range(conflict.n_states):
        seen = set()
        frontier = [(s, None)]
        while frontier:
            nxt = []
            for (x, last) in frontier:
                for j in movers:
                    if j == last:
                        continue
                    for (a, b) in moves[j]:
                        if (a == x and (not improving or credible(j, a, b))
                                and (b, j) not in seen):
                            seen.add((b, j))
                            nxt.append((b, j))
            frontier = nxt
        out.append({b for (b, _) in seen})
    return out


def literal_stable(conflict, concept, i):
    n, r = conflict.n_states, conflict.ranks
    others = [j for j in range(conflict.n_dms) if j != i]
    R = [{b for (a, b) in conflict.move_lists(i) if a == s} for s in range(n)]
    UI = [{t for t in R[s] if r[i, t] > r[i, s]} for s in range(n)]
    res = np.zeros(n, bool)
    if concept == "nash":
        return np.array([not UI[s] for s in range(n)])
    if concept in ("gmr", "smr", "seq"):
        reach = literal_reach(conflict, others, improving=(concept == "seq"))
        for s in range(n):
            ok = True
            for t in UI[s]:
                if concept == "smr":
                    good = any(r[i, u] <= r[i, s] and all(r[i, v] <= r[i, s] for v in R[u]) for u in reach[t])
                else:
                    good = any(r[i, u] <= r[i, s] for u in reach[t])
                ok &= good
            res[s] = ok
        return res
    if concept == "sim":
        codes, comp = conflict.codes, conflict.components
        index = {int(c): k for k, c in enumerate(codes)}
        UIj = {j: [{t for (a, t) in conflict.move_lists(j) if a == s and r[j, t] > r[j, s]}
                   for s in range(n)] for j in others}
        for s in range(n):
            ok = True
            for t1 in UI[s]:
                sanctioned = False
                # every choice per opponent: stay (None) or one UI from s
                choices = [[None] + sorted(UIj[j][s]) for j in others]
                for combo in itertools.product(*choices):
                    code = int(comp[i, t1]) + sum(int(comp[j, s] if c is None else comp[j, c])
                                                  for j, c in zip(others, combo))
                    if code in index and r[i, index[code]] <= r[i, s]:
                        sanctioned = True
                        break
                ok &= sanctioned
            res[s] = ok
        return res
    raise ValueError(concept)


def literal_lh(conflict, h):
    """G_h(i, s) by the recursive definition (two DMs), ties to the lowest target."""
    memo = {}

    def G(i, s, h):
        if h == 0:
            return s
        key = (i, s, h)
        if key not in memo:
            best, best_end = None, s
            for (a, t) in conflict.move_lists(i):
                if a != s:
                    continue
                end = G(1 - i, t, h - 1)
                if conflict.ranks[i, end] > conflict.ranks[i, s] and (best is None or conflict.ranks[i, end] > best):
                    best, best_end = conflict.ranks[i, end], end
            memo[key] = best_end
        return memo[key]
    return np.array([[G(i, s, h) for s in range(conflict.n_states)] for i in range(2)])


# ====================================================================== published cases
def test_prisoners_dilemma_graph_form():
    # PD in graph form: A's moves switch the first letter, B's the second.  Ranks: each
    # prefers DC-for-itself > CC > DD > being the sucker.
    # Nash: from CC, A improves to DC; from DD nobody improves -> {DD}.
    # GMR/SMR/SEQ at CC: A's only UI is DC, B answers DC -> DD, which A ranks below CC;
    # the answer is B's own improvement (DD > DC for B) so SEQ too; A's counter from DD is
    # CD, worse than CC, so SMR too -> {CC, DD} (the textbook example; Fang, Hipel & Kilgour 1993).
    # L_h / NM: Kilgour (1985): CC and DD are non-myopically stable; at h = 1 only DD.
    pd = from_graph(["A", "B"], ["CC", "CD", "DC", "DD"],
                    {"A": [("CC", "DC"), ("DC", "CC"), ("CD", "DD"), ("DD", "CD")],
                     "B": [("CC", "CD"), ("CD", "CC"), ("DC", "DD"), ("DD", "DC")]},
                    {"A": ["DC", "CC", "DD", "CD"], "B": ["CD", "CC", "DD", "DC"]})
    assert eq(pd, "nash") == ["DD"]
    for c in ("gmr", "smr", "seq", "nm", "lh:2"):
        assert eq(pd, c) == ["CC", "DD"], c
    assert eq(pd, "lh:1") == ["DD"]
    with pytest.raises(UnsupportedGameError):
        stable(pd, "sim")


def test_prisoners_dilemma_option_form_file():
    # The same game from a file with option prioritisation for A ("not B_defects" first,
    # then "A_defects": scores DC 1+... -> CD=0, DD=1, CC=2, DC=3) and a ranking for B.
    # SIM at CC: A's UI to DC meets B's simultaneous UI (CC -> CD) giving DD < CC -> sanctioned.
    pd = load(DATA / "prisoners.yaml")
    assert pd.ranks[0].tolist() == [2, 3, 0, 1]  # states in code order: CC, DC, CD, DD
    assert eq(pd, "nash") == ["DD"]
    for c in ("gmr", "smr", "seq", "sim", "seqsim"):
        assert eq(pd, c) == ["CC", "DD"], c


def test_chicken():
    # Chicken (A first): ranks DS > SS > SD > DD for A, symmetric for B.
    # Nash {SD, DS}.  SS: A's UI to DS is sanctioned by B's move to DD (A's worst) -> GMR;
    # A's counter from DD leads to SD, still below SS -> SMR; but B's move DS -> DD is not an
    # improvement for B -> not SEQ.  DD: A's UI to SD can only be answered by B moving to SS,
    # which A prefers to DD -> unstable everywhere.  SIM at SS: B's simultaneous UI SS -> SD
    # with A's DS gives DD -> sanctioned.  (Fang, Hipel & Kilgour 1993.)
    ch = load(DATA / "chicken.yaml")
    assert eq(ch, "nash") == ["DS", "SD"]
    assert eq(ch, "gmr") == eq(ch, "smr") == ["DS", "SD", "SS"]
    assert eq(ch, "seq") == ["DS", "SD"]
    opt = from_options(["A", "B"], [Option("A_straight", 0), Option("B_straight", 1)],
                       ranks=[[2, 3, 1, 0], [2, 1, 3, 0]])  # states NN=SS, YN=DS, NY=SD, YY=DD
    assert [opt.pattern(s) for s in np.nonzero(stable(opt, "sim").all(0))[0]] == ["NN", "YN", "NY"]
    assert [opt.pattern(s) for s in np.nonzero(stable(opt, "seqsim").all(0))[0]] == ["YN", "NY"]


def test_elmira():
    # Elmira (Fang, Hipel & Kilgour 1993; Kilgour & Hipel 2005), nine states, ranks in the file.
    # Nash, by hand: 1: LG 1->5 improves (6 -> 7th of 9... LG ranks 5 above 1); 2: UR 2->4;
    # 3: UR 3->9; 4: LG 4->8; 6: UR 6->8; 7: UR 7->9; at 5, 8 and 9 no DM improves -> {5, 8, 9}.
    # GMR: at 1, LG's UI 5 is sanctioned by UR abandoning (9, LG's worst); at 4, LG's UI 8 by
    # UR's 8->9; at 2, UR's UI 4 can only be followed by LG's 4->8, which UR prefers to 2; at 3
    # and 7 UR's UI is 9, from which nobody moves; at 6 UR's UI 8 leads only to 4 -> {1,4,5,8,9}.
    # SMR: the sanctions at 1 and 4 end in 9, from which LG cannot move -> same set.
    # SEQ: UR's moves 5->9 and 8->9 are not improvements for UR, MoE's 5->6 not for MoE
    # -> 1 and 4 lose -> {5, 8, 9}.  These are the published results.
    el = load(DATA / "elmira.yaml")
    assert eq(el, "nash") == ["5", "8", "9"]
    assert eq(el, "gmr") == ["1", "4", "5", "8", "9"]
    assert eq(el, "smr") == ["1", "4", "5", "8", "9"]
    assert eq(el, "seq") == ["5", "8", "9"]
    assert el.metadata["status_quo"] == 0


def test_three_dm_chain_lets_a_dm_move_again():
    # A chain where the sanction needs B, C, B: the textbook allows B to move again after C.
    # D's UI is 0 -> 1; the opponents' only chain is 1 ->(B) 2 ->(C) 4 ->(B) 3, and only 3
    # is below 0 for D (D ranks 1 > 2 = 4 > 0 > 3).
    c = from_graph(["D", "B", "C"], ["0", "1", "2", "4", "3"],
                   {"D": [("0", "1")], "B": [("1", "2"), ("4", "3")], "C": [("2", "4")]},
                   {"D": ["1", ["2", "4"], "0", "3"], "B": [["0", "1", "2", "4", "3"]],
                    "C": [["0", "1", "2", "4", "3"]]})
    assert stable(c, "gmr")[0, c.state("0")]
    assert not stable(c, "nash")[0, c.state("0")]
    # without B's second move there would be no sanction:
    c2 = from_graph(["D", "B", "C"], ["0", "1", "2", "4", "3"],
                    {"D": [("0", "1")], "B": [("1", "2")], "C": [("2", "4"), ("4", "3")]},
                    {"D": ["1", ["2", "4"], "0", "3"], "B": [["0", "1", "2", "4", "3"]],
                     "C": [["0", "1", "2", "4", "3"]]})
    # here C would have to move twice in a row (2 -> 4 -> 3): not a legal chain
    assert not stable(c2, "gmr")[0, c2.state("0")]


# ====================================================================== random conflicts
@st.composite
def option_conflicts(draw, max_options=6, max_dms=3):
    n_dms = draw(st.integers(2, max_dms))
    n_opt = draw(st.integers(n_dms, max_options))
    owners = list(range(n_dms)) + [draw(st.integers(0, n_dms - 1)) for _ in range(n_opt - n_dms)]
    owners = sorted(owners)
    dirs = [draw(st.sampled_from(["both", "both", "forward", "back"])) for _ in range(n_opt)]
    options = [Option(f"o{k}", owners[k], dirs[k]) for k in range(n_opt)]
    n_inf = draw(st.integers(0, 2))
    infeasible = ["".join(draw(st.sampled_from("YN--")) for _ in range(n_opt)) for _ in range(n_inf)]
    infeasible = [p for p in infeasible if p.count("-") >= 1]
    try:
        base = from_options([f"D{i}" for i in range(n_dms)], options, infeasible=infeasible)
    except InvalidGameError:
        base = from_options([f"D{i}" for i in range(n_dms)], options)
    n = base.n_states
    ranks = np.array([[draw(st.integers(0, max(1, n // 2))) for _ in range(n)] for _ in range(n_dms)])
    return base.with_ranks(ranks)


@st.composite
def graph_conflicts(draw):
    n_dms = draw(st.integers(2, 4))
    n = draw(st.integers(2, 7))
    states = [str(k) for k in range(n)]
    moves = {}
    for i in range(n_dms):
        pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=2 * n))
        moves[f"D{i}"] = [(states[a], states[b]) for a, b in pairs if a != b]
    ranks = np.array([[draw(st.integers(0, n)) for _ in range(n)] for _ in range(n_dms)])
    return from_graph([f"D{i}" for i in range(n_dms)], states, moves, ranks)


@settings(max_examples=25)
@given(option_conflicts(max_options=5))
def test_matrix_concepts_match_literal_definitions_option_form(conflict):
    for concept in ("nash", "gmr", "smr", "seq", "sim"):
        fast = stable(conflict, concept)
        for i in range(conflict.n_dms):
            assert np.array_equal(fast[i], literal_stable(conflict, concept, i)), (concept, i)


@settings(max_examples=25)
@given(graph_conflicts())
def test_matrix_concepts_match_literal_definitions_graph_form(conflict):
    for concept in ("nash", "gmr", "smr", "seq"):
        fast = stable(conflict, concept)
        for i in range(conflict.n_dms):
            assert np.array_equal(fast[i], literal_stable(conflict, concept, i)), (concept, i)


@settings(max_examples=20)
@given(option_conflicts(max_options=5, max_dms=2), st.integers(0, 5))
def test_limited_move_matches_recursive_definition(conflict, h):
    assert np.array_equal(anticipated(conflict, h), literal_lh(conflict, h))


@settings(max_examples=25)
@given(option_conflicts())
def test_inclusions(conflict):
    # Fang, Hipel & Kilgour (1993): Nash in SMR in GMR, Nash in SEQ in GMR;
    # SEQ+SIM = SEQ and SIM.
    r = analyse(conflict, "all").stable
    assert not (r["nash"] & ~r["seq"]).any()
    assert not (r["seq"] & ~r["gmr"]).any()
    assert not (r["nash"] & ~r["smr"]).any()
    assert not (r["smr"] & ~r["gmr"]).any()
    assert not (r["nash"] & ~r["sim"]).any()
    assert np.array_equal(r["seqsim"], r["seq"] & r["sim"])


@settings(max_examples=20)
@given(st.integers(2, 3), st.integers(0, 10**6))
def test_normal_form_nash_equals_pure_equilibria(n_players, seed):
    from gametheory import NormalFormGame, solve
    rng = np.random.default_rng(seed)
    shape = tuple(int(x) for x in rng.integers(1, 4, size=n_players))
    payoffs = rng.integers(0, 4, size=(n_players,) + shape)  # small range: many ties
    game = NormalFormGame(payoffs)
    conflict = from_normal_form(game)
    gm = set(np.nonzero(stable(conflict, "nash").all(0))[0].tolist())
    pure = solve(game, "pure")
    strides = np.cumprod((1,) + shape[:-1])
    expected = set()
    for eqm in pure.equilibria:
        prof = [int(np.argmax(p)) for p in eqm.probabilities]
        expected.add(int(sum(a * b for a, b in zip(prof, strides))))
    assert gm == expected
