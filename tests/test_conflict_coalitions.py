"""Coalition stability: singleton coalitions are the individual concepts; hand-checked cases."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from test_conflict_stability import literal_reach, option_conflicts

from gametheory.conflict import load, stable
from gametheory.conflict.coalitions import (
    coalition_equilibria,
    coalition_improvements,
    coalition_stable,
    reach,
)

DATA = Path(__file__).resolve().parent / "data" / "conflict"


@settings(max_examples=20)
@given(option_conflicts(max_options=5, max_dms=3))
def test_singleton_coalitions_are_the_individual_concepts(conflict):
    for concept in ("nash", "gmr", "smr", "seq"):
        ind = stable(conflict, concept)
        for i in range(conflict.n_dms):
            # "auto" answers a singleton with the individual concept: check both real paths
            for method in ("explicit", "slices"):
                assert np.array_equal(coalition_stable(conflict, [i], concept, method=method), ind[i]), \
                    (concept, i, method)


@settings(max_examples=20)
@given(option_conflicts(max_options=5, max_dms=3))
def test_coalition_reach_matches_breadth_first_search(conflict):
    movers = list(range(conflict.n_dms))[:2]
    for improving in (False, True):
        r = reach(conflict, movers, improving)
        literal = literal_reach(conflict, movers, improving)
        for s in range(conflict.n_states):
            assert set(r.indices[r.indptr[s]:r.indptr[s + 1]].tolist()) == literal[s] - {s}


def test_prisoners_dilemma_grand_coalition():
    # The two prisoners together can go from DD to CC (A then B, or B then A), which both
    # prefer: DD is not coalition-Nash for {A, B}.  From CC every reachable state (CD, DC,
    # DD) is worse for one of them: CC is coalition-Nash for {A, B} but not Nash for A
    # alone.  So no state is stable for every coalition.
    pd = load(DATA / "prisoners.yaml")
    both = coalition_stable(pd, ["A", "B"], "nash")
    assert [pd.states[s] for s in np.nonzero(both)[0]] == ["CC", "DC", "CD"]
    ci = coalition_improvements(pd, ["A", "B"])
    dd = pd.state("DD")
    assert [pd.states[t] for t in ci.indices[ci.indptr[dd]:ci.indptr[dd + 1]]] == ["CC"]
    assert len(coalition_equilibria(pd, "nash")) == 0


def test_elmira_coalition_of_moe_and_local_government():
    # Elmira with MoE and LG acting together.  At 5 (delay, insist), the pair can reach
    # 6 (modify), 1 (withdraw insist) and 2 (both), never 5 again (modify is irreversible); MoE ranks 1 and 2 below 5 and
    # 6 is MoE's 8th, so no state is better for both: 5 stays coalition-Nash for {MoE, LG}.
    # At 8 (modify, accept, insist) the pair can only go to 4 (LG withdraws), which LG
    # ranks below 8: coalition-Nash too.  At 1, LG alone improves to 5 and MoE is better
    # off at 5 as well (MoE ranks 5 fifth, 1 sixth): 1 is not coalition-Nash for the pair.
    el = load(DATA / "elmira.yaml")
    pair = coalition_stable(el, ["MoE", "LG"], "nash")
    assert pair[el.state("5")] and pair[el.state("8")] and not pair[el.state("1")]


@settings(max_examples=20, deadline=None)
@given(option_conflicts(max_options=6, max_dms=3))
def test_slices_agree_with_explicit_reachability(conflict):
    # The sliced computation (closure inside each slice, sanctions as propagated minima)
    # against R_H built explicitly by legal sequences, for every coalition of two or more.
    from itertools import combinations

    from gametheory.conflict.coalitions import sliceable
    assert sliceable(conflict)
    for k in range(2, conflict.n_dms + 1):
        for coalition in combinations(range(conflict.n_dms), k):
            for concept in ("nash", "gmr", "smr", "seq"):
                a = coalition_stable(conflict, coalition, concept, method="slices")
                b = coalition_stable(conflict, coalition, concept, method="explicit")
                assert np.array_equal(a, b), (coalition, concept)
