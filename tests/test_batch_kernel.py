"""The stacked bimatrix kernel: textbook games, and the same equilibrium sets as enummixed."""
from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import NormalFormGame, solve
from gametheory.batch.engine import bimatrix_docs
from gametheory.batch.kernel import bimatrix_batch, kernel_applies


def _docs(games, exact):
    g0 = games[0]
    P = np.stack([g.float_payoffs() for g in games])
    return bimatrix_docs(P[:, 0], P[:, 1], players=g0.players, strategies=g0.strategies,
                         titles=[g.title for g in games], parameters=[{}] * len(games), exact=exact,
                         game_at=lambda k: games[k])


def _reference(games, exact, path="exact"):
    """enummixed's documents; by default from its exact path (integer pivoting, the gold standard)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [solve(g, "enummixed", exact=exact, path=path).to_json(details=False) for g in games]


def _check_against_enummixed(games, exact, same):
    """The documents equal enummixed's exact-path ones (``same`` compares two documents).

    Games the kernel solved are nondegenerate, which the exact path confirms (no
    warning); games it flagged were solved by ``solve(game, "enummixed")`` itself,
    so their documents are that call's.  (enummixed's float path can disagree
    with its exact path about *whether* a game is degenerate, and orders
    equilibria by rounded floats; the equilibria agree.)
    """
    P = np.stack([g.float_payoffs() for g in games])
    flagged = bimatrix_batch(P[:, 0], P[:, 1]).flagged
    docs = _docs(games, exact)
    gold = _reference(games, exact)
    default = _reference(games, exact, path="auto")
    for d, r, f, dflt in zip(docs, gold, flagged, default):
        if f:
            assert same(d, dflt), (d, dflt)
        else:
            assert same(d, r), (d, r)
            assert d["warnings"] == []


def _same_float_doc(doc, ref):
    """Equal documents, float probabilities and payoffs equal to 1e-9."""
    a = {k: v for k, v in doc.items() if k != "equilibria"}
    b = {k: v for k, v in ref.items() if k != "equilibria"}
    if a != b or len(doc["equilibria"]) != len(ref["equilibria"]):
        return False
    for e, f in zip(doc["equilibria"], ref["equilibria"]):
        for p, q in zip(e["profile"] + [e["payoffs"]], f["profile"] + [f["payoffs"]]):
            if not np.allclose(p, q, rtol=0, atol=1e-9):
                return False
    return True


def test_battle_of_the_sexes_three_equilibria():
    # Osborne & Rubinstein (1994), A Course in Game Theory, Example 15.3 ("BoS"):
    # two pure equilibria and the mixed one ((2/3, 1/3), (1/3, 2/3)).
    A = np.array([[[2.0, 0.0], [0.0, 1.0]]])
    B = np.array([[[1.0, 0.0], [0.0, 2.0]]])
    res = bimatrix_batch(A, B)
    assert not res.flagged[0]
    found = sorted((tuple(np.round(x, 12)), tuple(np.round(y, 12))) for x, y in res.of(0))
    expected = sorted([((1.0, 0.0), (1.0, 0.0)), ((0.0, 1.0), (0.0, 1.0)),
                       (tuple(np.round([2 / 3, 1 / 3], 12)), tuple(np.round([1 / 3, 2 / 3], 12)))])
    assert found == expected


def test_matching_pennies_and_rock_paper_scissors():
    # Matching pennies: unique equilibrium (1/2, 1/2) for both (von Stengel 2007, sec. 3.1).
    # Rock-paper-scissors: unique equilibrium, uniform play (Nisan et al. 2007, sec. 1.1).
    mp = np.array([[1.0, -1.0], [-1.0, 1.0]])
    res = bimatrix_batch(mp[None], -mp[None])
    assert res.counts().tolist() == [1]
    x, y = res.of(0)[0]
    assert np.allclose(x, [0.5, 0.5]) and np.allclose(y, [0.5, 0.5])
    # RPS has singular support systems, so the kernel flags it; the documents still
    # come out complete through the exact per-game path.
    rps = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    g = NormalFormGame.from_arrays(rps, -rps)
    doc = _docs([g], exact=True)[0]
    assert [e["profile"] for e in doc["equilibria"]] == [[["1/3"] * 3, ["1/3"] * 3]]


def test_von_stengel_3x2_example_exact_documents():
    # von Stengel (2007), Algorithmic Game Theory ch. 3, the 3x2 game of Figure 3.3:
    # A = [[3,3],[2,5],[0,6]], B = [[3,2],[2,6],[3,1]] has exactly three equilibria,
    # ((1,0,0),(1,0)), ((4/5,1/5,0),(2/3,1/3)) and ((0,1/3,2/3),(1/3,2/3)).
    g = NormalFormGame.from_arrays(np.array([[3, 3], [2, 5], [0, 6]]), np.array([[3, 2], [2, 6], [3, 1]]))
    doc = _docs([g], exact=True)[0]
    profiles = sorted(tuple(map(tuple, e["profile"])) for e in doc["equilibria"])
    assert profiles == sorted([(("1", "0", "0"), ("1", "0")), (("4/5", "1/5", "0"), ("2/3", "1/3")),
                               (("0", "1/3", "2/3"), ("1/3", "2/3"))])
    assert doc == _reference([g], exact=True)[0]


def test_degenerate_games_are_flagged_and_still_complete():
    # A pure strategy with two pure best responses makes the game degenerate
    # (von Stengel 2007, Definition 3.2): the kernel hands it to enummixed.
    A = np.array([[1, 1], [0, 0]])
    B = np.array([[1, 1], [0, 2]])
    res = bimatrix_batch(A[None].astype(float), B[None].astype(float))
    assert res.flagged.tolist() == [True]
    g = NormalFormGame.from_arrays(A, B)
    assert _docs([g], exact=True) == _reference([g], exact=True)


def test_nondegenerate_games_never_take_the_per_game_path(monkeypatch):
    """The kernel's own answer is used (no silent fallback) for every unflagged game, exact or float."""
    import gametheory.batch.engine as engine
    calls = []
    monkeypatch.setattr(engine, "fallback_doc", lambda game_at, g, exact, method: calls.append(g))
    rng = np.random.default_rng(2)
    games = [NormalFormGame.from_arrays(rng.integers(-10**4, 10**4, (3, 4)), rng.integers(-10**4, 10**4, (3, 4)))
             for _ in range(40)]
    P = np.stack([g.float_payoffs() for g in games])
    flagged = set(np.flatnonzero(bimatrix_batch(P[:, 0], P[:, 1]).flagged).tolist())
    assert len(flagged) < 4
    for exact in (True, False):
        calls.clear()
        _docs(games, exact)
        assert set(calls) == flagged


def test_kernel_shape_limit():
    assert kernel_applies((3, 3)) and kernel_applies((6, 6))
    assert not kernel_applies((2, 2, 2)) and not kernel_applies((12, 12))


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 5), st.integers(1, 4), st.integers(1, 60), st.integers(0, 2**32 - 1))
def test_same_equilibrium_sets_as_enummixed_exact(m, n, spread, seed):
    """Exactly enummixed's documents, on random integer games (small spreads are often degenerate)."""
    rng = np.random.default_rng(seed)
    games = [NormalFormGame.from_arrays(rng.integers(-spread, spread + 1, (m, n)),
                                        rng.integers(-spread, spread + 1, (m, n))) for _ in range(6)]
    _check_against_enummixed(games, True, lambda a, b: a == b)


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 4), st.integers(2, 4), st.sampled_from(["float", "int", "tiny"]), st.integers(0, 2**32 - 1))
def test_same_equilibrium_sets_as_enummixed_float(m, n, kind, seed):
    rng = np.random.default_rng(seed)
    if kind == "float":
        make = lambda: rng.normal(size=(m, n))  # noqa: E731
    elif kind == "int":
        make = lambda: rng.integers(-1000, 1000, (m, n)).astype(float)  # noqa: E731
    else:
        make = lambda: rng.integers(0, 2, (m, n)).astype(float)  # noqa: E731 (highly degenerate)
    games = [NormalFormGame.from_arrays(make(), make()) for _ in range(8)]
    _check_against_enummixed(games, False, _same_float_doc)


@pytest.mark.crosscheck
def test_agrees_with_pygambit_on_random_games():
    import pygambit as gbt
    rng = np.random.default_rng(7)
    A, B = rng.random((60, 3, 3)), rng.random((60, 3, 3))
    res = bimatrix_batch(A, B)
    assert not res.flagged.any()
    for g in range(60):
        game = gbt.Game.from_arrays(A[g], B[g])
        ref = gbt.nash.enummixed_solve(game, rational=False).equilibria
        theirs = sorted(tuple(round(float(p[s]), 8) for pl in game.players for s in pl.strategies) for p in ref)
        ours = sorted(tuple(np.round(np.concatenate([x, y]), 8)) for x, y in res.of(g))
        assert ours == theirs


def test_ill_conditioned_payoffs_are_flagged_not_misreported():
    # Payoff differences of 1e-12 relative to the scale: below the decision margin.
    A = np.array([[[1.0, 1.0 + 1e-12], [0.0, 1.0]]])
    B = np.array([[[0.0, 1.0], [1.0, 1.0 - 1e-12]]])
    assert bimatrix_batch(A, B).flagged.tolist() == [True]


def test_exact_documents_use_fractions():
    g = NormalFormGame.from_arrays(np.array([[1, -1], [-1, 1]]), np.array([[-1, 1], [1, -1]]))
    doc = _docs([g], exact=True)[0]
    assert doc["equilibria"][0]["profile"] == [["1/2", "1/2"], ["1/2", "1/2"]]
    assert Fraction(doc["equilibria"][0]["payoffs"][0]) == 0


def test_results_do_not_depend_on_the_batch():
    """Bit-identical equilibria whether a game is solved alone or stacked with others
    (what makes sweep output independent of chunking, executors and workers)."""
    rng = np.random.default_rng(4)
    A, B = rng.normal(size=(50, 3, 4)), rng.normal(size=(50, 3, 4))
    together = bimatrix_batch(A, B)
    for g in range(0, 50, 7):
        alone = bimatrix_batch(A[g:g + 1], B[g:g + 1])
        assert alone.flagged[0] == together.flagged[g]
        pairs = together.of(g)
        assert len(alone.of(0)) == len(pairs)
        for (x, y), (xa, ya) in zip(pairs, alone.of(0)):
            assert np.array_equal(x, xa) and np.array_equal(y, ya)
