"""gametheory against other tools' stored answers (tests/reference/*.json).

The reference files hold a fixed, seeded corpus of games and what pygambit (and
QuantEcon) computed on them, written by ``tests/reference/make_reference.py``; see
``tests/reference/README.md``.  These tests need neither tool installed: they are
the default suite's independent answers.  Comparisons are exact (Fractions) unless
a tolerance is stated, relative to the game's payoff range.
"""
from __future__ import annotations

import itertools
import warnings
from fractions import Fraction as F

import numpy as np
import pytest

import gametheory
from gametheory import NormalFormGame
from gametheory.analysis.zugzwang import diagnose
from gametheory.batch.kernel import bimatrix_batch
from gametheory.game.behavior import MixedBehaviorProfile
from gametheory.game.extensive import ExtensiveFormGame
from gametheory.io.efg import loads_efg
from gametheory.io.nfg import loads_nfg
from gametheory.solvers import solve
from gametheory.solvers.qre import qre_solve
from gametheory.solvers.sequence_form import seqform_solve

import reference
from conftest import CATALOG, ROOT
from reference import fractions, freeze


def games(family, *groups):
    doc = reference.load(family)
    return [g for g in doc["games"] if not groups or g.get("group", g.get("kind")) in groups]


def ids(entries):
    return [e["id"] for e in entries]


def quiet(fn, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kw)


def profile_set(result):
    return {tuple(tuple(p) for p in e.probabilities) for e in result}


def test_reference_files_say_how_they_were_made():
    for family in reference.FAMILIES:
        doc = reference.load(family)
        assert doc["family"] == family
        assert "make_reference.py" in doc["command"] and doc["date"]
        assert doc["tools"]["pygambit"] and doc["tools"]["python"]
        assert len(doc["games"]) >= 10


# ---------------------------------------------------------------------- bimatrix games
BIMATRIX = games("bimatrix", "int", "degenerate")


def bimatrix(entry) -> NormalFormGame:
    return NormalFormGame.from_arrays(np.array(fractions(entry["A"]), dtype=object),
                                      np.array(fractions(entry["B"]), dtype=object))


@pytest.mark.parametrize("entry", BIMATRIX, ids=ids(BIMATRIX))
def test_enummixed_finds_exactly_pygambits_extreme_equilibria(entry):
    # Every extreme equilibrium, degenerate games included: the same set as Gambit's
    # enummixed in rational arithmetic, compared exactly.
    game = bimatrix(entry)
    theirs = set(freeze(fractions(entry["pygambit_enummixed"])))
    for path in ("exact", "float"):
        res = quiet(solve, game, "enummixed", path=path)
        assert res.exact and profile_set(res) == theirs, path


@pytest.mark.parametrize("entry", [e for e in BIMATRIX if e["group"] == "int"],
                         ids=ids([e for e in BIMATRIX if e["group"] == "int"]))
def test_quantecon_vertices_are_among_ours(entry):
    # QuantEcon's vertex enumeration (floats, meant for nondegenerate games) lists
    # equilibria that are all in our exact set (to 1e-9).
    ours = [np.concatenate([np.array(p, dtype=float) for p in e.probabilities])
            for e in quiet(solve, bimatrix(entry), "enummixed")]
    for eq in entry["quantecon_vertex_enumeration"]:
        v = np.concatenate([np.array(x, dtype=float) for x in eq])
        assert any(np.allclose(v, o, atol=1e-9) for o in ours)


SMALL = [e for e in BIMATRIX if np.size(e["A"]) <= 9]


@pytest.mark.parametrize("entry", SMALL, ids=ids(SMALL))
def test_enumpoly_on_two_players_covers_pygambits_enummixed(entry):
    theirs = set(freeze(fractions(entry["pygambit_enummixed"])))
    res = quiet(solve, bimatrix(entry), "enumpoly")
    assert theirs <= profile_set(res)


def test_batch_kernel_agrees_with_pygambit_on_float_games():
    # Random float 3x3 games: the stacked kernel's equilibria are Gambit's (float
    # enummixed), each probability within 1e-8.
    entries = games("bimatrix", "float")
    A = np.array([np.array(e["A"], dtype=float) for e in entries])
    B = np.array([np.array(e["B"], dtype=float) for e in entries])
    res = bimatrix_batch(A, B)
    assert not res.flagged.any()
    for g, e in enumerate(entries):
        theirs = sorted(np.round(np.concatenate([np.array(x, dtype=float) for x in eq]), 8).tolist()
                        for eq in e["pygambit_enummixed_float"])
        ours = sorted(np.round(np.concatenate([x, y]), 8).tolist() for x, y in res.of(g))
        assert len(ours) == len(theirs)
        assert np.allclose(ours, theirs, atol=1e-8)
        # and QuantEcon agrees with Gambit on these generic games (the data is sane)
        qe = sorted(np.round(np.concatenate([np.array(x, dtype=float) for x in eq]), 8).tolist()
                    for eq in e["quantecon_vertex_enumeration"])
        assert np.allclose(qe, theirs, atol=1e-8)


REACTIONS = sorted({e["game"] for e in games("bimatrix", "reaction")})


@pytest.mark.parametrize("name", REACTIONS)
def test_zugzwang_reaction_payoffs_and_margin_from_pygambits_equilibria(name):
    # A random 3x3x3 game, focal player F: each option's reaction game is the
    # bimatrix game of P and Q with F fixed; its equilibria (Gambit's enummixed,
    # stored) give F's reaction payoffs sum_ab x_a y_b u_F(k, a, b).  The margin is
    # the best of them minus the reference 0 (docs/explanation/zugzwang.md).
    entries = [e for e in games("bimatrix", "reaction") if e["game"] == name]
    pay = np.array(fractions(entries[0]["payoffs"]), dtype=object)
    d = diagnose(NormalFormGame(pay, ["F", "P", "Q"]), "F", whole_game=False, conditions=False)
    best = None
    for e in entries:
        focal = fractions(e["focal"])
        expected = {sum(x[a] * y[b] * focal[a][b] for a in range(3) for b in range(3))
                    for x, y in fractions(e["pygambit_enummixed"])}
        assert set(d.options[e["option"]].reaction_payoffs) == expected
        best = max([best, *expected] if best is not None else expected)
    assert d.margin == best
    assert d.zugzwang == (best < 0)


# ---------------------------------------------------------------------- n-player games
NPLAYER = games("nplayer")


def nplayer(entry) -> NormalFormGame:
    return NormalFormGame(np.array(fractions(entry["payoffs"]), dtype=object))


@pytest.mark.parametrize("entry", NPLAYER, ids=ids(NPLAYER))
def test_pure_equilibria_are_pygambits(entry):
    theirs = set(freeze(fractions(entry["pygambit_enumpure"])))
    assert profile_set(solve(nplayer(entry), "pure")) == theirs


GENERIC = [e for e in NPLAYER if e["group"] == "generic"]


@pytest.mark.parametrize("entry", GENERIC, ids=ids(GENERIC))
def test_enumpoly_misses_none_of_pygambits_equilibria(entry):
    # Generic games: each equilibrium of Gambit's enumpoly whose regret is below
    # 1e-6 of the payoff range is one of ours, each probability within 1e-5.
    game = nplayer(entry)
    P = game.float_payoffs()
    scale = float(P.max() - P.min())
    res = solve(game, "enumpoly")
    for e in res:
        assert float(e.max_regret()) <= (0 if e.exact else 1e-9 * scale)
    ours = [np.concatenate([np.asarray(p, float) for p in e.probabilities]) for e in res]
    for eq in entry["pygambit_enumpoly"]:
        if float(eq["max_regret"]) > 1e-6 * scale:
            continue
        v = np.concatenate([np.array(x, dtype=float) for x in eq["profile"]])
        assert any(np.allclose(v, o, atol=1e-5) for o in ours), f"pygambit found {v}"


LOGIT = [e for e in NPLAYER if "pygambit_logit" in e]


@pytest.mark.parametrize("entry", LOGIT, ids=ids(LOGIT))
def test_logit_limit_is_pygambits(entry):
    eq = qre_solve(nplayer(entry))[0]
    ours = np.concatenate([np.asarray(p, float) for p in eq.probabilities])
    theirs = np.concatenate([np.array(x, dtype=float) for x in entry["pygambit_logit"]])
    assert np.allclose(ours, theirs, atol=1e-4)


# ---------------------------------------------------------------------- trees
TREES = games("trees")


def behaviour(game, probs) -> MixedBehaviorProfile:
    """Gambit's behaviour profile on our reading of the same file (players and
    information sets in file order)."""
    return MixedBehaviorProfile(game, fractions(probs))


def payoff_vectors(result):
    return {tuple(e.payoffs()) for e in result}


@pytest.mark.parametrize("entry", TREES, ids=ids(TREES))
def test_tree_equilibria_against_pygambit(entry):
    game = loads_efg(entry["efg"])
    # Gambit's tree LCP equilibrium is an equilibrium for us too, with its payoffs.
    for eq in entry["pygambit_lcp_tree"] + entry.get("pygambit_lp_tree", []):
        prof = behaviour(game, eq["behaviour"])
        assert prof.max_regret() == 0
        assert list(prof.payoffs()) == fractions(eq["payoffs"])
    ours = seqform_solve(game)
    assert ours.exact and ours[0].max_regret() == 0
    if entry["kind"] == "zero-sum":
        # The value is unique: ours equals Gambit's LP value exactly.
        assert list(ours[0].payoffs()) == fractions(entry["pygambit_lp_tree"][0]["payoffs"])
    strategic = entry.get("pygambit_enummixed_strategic")
    if strategic:
        # Every extreme equilibrium of the reduced strategic form: the same payoff
        # vectors as Gambit's (strategy order may differ, payoffs may not).
        nf = game.to_normal_form()
        res = quiet(solve, nf, "enummixed")
        assert payoff_vectors(res) == set(freeze(fractions(strategic["payoff_vectors"])))
        if strategic["count"] == 1:
            assert ours[0].payoffs() == tuple(fractions(strategic["payoff_vectors"][0]))


# ---------------------------------------------------------------------- catalog files
CATALOG_ENTRIES = [e for e in games("catalog") if "pygambit_error" not in e]


def read_entry(entry):
    """Our reading of the file behind a catalog entry."""
    name = entry["id"]
    if name.startswith("gambit-catalog/"):
        return gametheory.load(CATALOG / name.split("/", 1)[1])
    if name.startswith("tests/data/gambit/"):
        text = (ROOT / name).read_text(encoding="utf-8-sig")
        assert text == entry["text"], "tests/reference/catalog.json is stale: regenerate it"
        return gametheory.load(ROOT / name)
    # games/classics: the stored Gambit text was written from the YAML file; the file
    # still means the same game (else the reference is stale), and we read the text.
    loads = loads_efg if entry["format"] == "efg" else loads_nfg
    game = loads(entry["text"])
    assert gametheory.load(ROOT / name).substitute() == game, "stale reference: regenerate it"
    return game


def strategic(game):
    return game.to_normal_form() if isinstance(game, ExtensiveFormGame) else game


@pytest.mark.parametrize("entry", CATALOG_ENTRIES, ids=ids(CATALOG_ENTRIES))
def test_catalog_file_reads_like_pygambit(entry):
    game = read_entry(entry)
    assert list(game.players) == entry["players"]
    if entry["format"] == "nfg":
        assert [list(s) for s in game.strategies] == entry["strategy_labels"]
        for i, table in enumerate(entry["payoffs"]):
            assert np.array_equal(game.exact_payoffs()[i], np.array(fractions(table), dtype=object))
        return
    assert game.has_perfect_recall == entry["perfect_recall"]
    if not game.has_perfect_recall:
        return             # the reduced strategic form is not defined (see test_gambit_interop)
    nf = game.to_normal_form()
    assert [len(s) for s in nf.strategies] == entry["strategies"]
    P = nf.exact_payoffs()
    cells = sorted(tuple(str(F(P[(i,) + idx])) for i in range(nf.n_players))
                   for idx in itertools.product(*(range(m) for m in nf.shape)))
    assert cells == [tuple(c) for c in entry["payoff_cells"]]


PURE = [e for e in CATALOG_ENTRIES if "pygambit_enumpure" in e]


@pytest.mark.parametrize("entry", PURE, ids=ids(PURE))
def test_catalog_pure_equilibria_are_pygambits(entry):
    nf = strategic(read_entry(entry))
    res = solve(nf, "pure")
    ref = entry["pygambit_enumpure"]
    assert len(res) == ref["count"]
    assert payoff_vectors(res) == set(freeze(fractions(ref["payoff_vectors"])))
    if "profiles" in ref:
        assert profile_set(res) == set(freeze(fractions(ref["profiles"])))


TWO = [e for e in CATALOG_ENTRIES if "pygambit_enummixed" in e]


@pytest.mark.parametrize("entry", TWO, ids=ids(TWO))
def test_catalog_extreme_equilibria_are_pygambits(entry):
    game = read_entry(entry)
    res = quiet(solve, strategic(game), "enummixed")
    ref = entry["pygambit_enummixed"]
    assert len(res) == ref["count"]
    assert payoff_vectors(res) == set(freeze(fractions(ref["payoff_vectors"])))
    if "profiles" in ref:
        assert profile_set(res) == set(freeze(fractions(ref["profiles"])))
    for eq in entry.get("pygambit_lcp_tree", []):
        prof = behaviour(game, eq["behaviour"])
        assert prof.max_regret() == 0
        assert list(prof.payoffs()) == fractions(eq["payoffs"])
