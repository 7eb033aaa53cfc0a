"""Interoperability with Gambit through pygambit, live (each test marked ``crosscheck``,
skipped when pygambit is missing; tests/test_reference.py checks the same reading
against pygambit's stored answers without it).

* Games written here are read by ``pygambit.read_nfg`` / ``read_efg`` into the
  same game: players, strategy/action labels, payoffs and chance probabilities
  compared exactly as rationals; trees node by node.
* Every ``.nfg``/``.efg`` in pygambit's catalog is read here with the same
  payoffs; for trees also the same reduced normal form as pygambit's, with
  strategies matched by their action choices.
"""
from __future__ import annotations

import io
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import gametheory
from gametheory.game.extensive import ExtensiveFormGame
from gametheory.game.normal import NormalFormGame
from gametheory.io.efg import dumps_efg, loads_efg, read_efg
from gametheory.io.nfg import dumps_nfg, loads_nfg, read_nfg

from conftest import CATALOG, DATA, ROOT
from test_efg import tree_strategy

try:
    import pygambit as gbt
except ImportError:        # the tests that use it are marked crosscheck and skipped
    gbt = None

CATALOG_FILES = sorted(CATALOG.rglob("*.nfg")) + sorted(CATALOG.rglob("*.efg"))


def same_label(ours: str, theirs: str) -> bool:
    """Labels agree, allowing for Gambit's renaming of empty and repeated labels
    (``""`` -> ``_1``; a repeated ``x`` -> ``x_2``) and our numbering of empty ones."""
    return (theirs == ours or bool(re.fullmatch(re.escape(ours) + r"_\d+", theirs))
            or (ours.isdigit() and theirs == "_" + ours))


def fractions(values) -> list[Fraction]:
    return [Fraction(v) for v in values]


def gambit_preorder(game):
    stack = [game.root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(list(node.children)))


def compare_trees(ours: ExtensiveFormGame, theirs) -> dict:
    """Assert the trees are the same node by node; return the infoset correspondence
    ``{(player label, pygambit infoset number): our Infoset}``."""
    assert [p.label for p in theirs.players] == list(ours.players)
    mine = list(ours.preorder())
    other = list(gambit_preorder(theirs))
    assert len(mine) == len(other)
    infosets: dict = {}
    back: dict = {}
    for a, b in zip(mine, other):
        assert a.label == b.label
        assert a.is_terminal == b.is_terminal
        if not a.is_terminal:
            their_actions = [x.label for x in b.infoset.actions]
            assert len(their_actions) == len(a.actions)
            assert all(same_label(x, y) for x, y in zip(a.actions, their_actions))
            if a.is_chance:
                assert b.player.is_chance
                assert fractions(x.prob for x in b.infoset.actions) == list(a.infoset.probabilities)
            else:
                assert not b.player.is_chance
                assert b.player.label == ours.players[a.player]
                assert b.infoset.label == a.infoset.label
                key = (b.player.label, b.infoset.number)
                # the same partition of nodes into information sets
                assert infosets.setdefault(key, a.infoset) is a.infoset
                assert back.setdefault(id(a.infoset), key) == key
        if a.outcome is None:
            assert not b.outcome  # pygambit's "no outcome" is a falsy NodeOutcome
        else:
            assert b.outcome
            assert fractions(b.outcome[p] for p in theirs.players) == list(a.outcome.payoffs)
            assert same_label(a.outcome.label, b.outcome.label)
    return infosets


def compare_normal_forms(ours: ExtensiveFormGame, theirs, infosets: dict) -> None:
    """Our reduced normal form equals pygambit's ``to_arrays()`` up to strategy order;
    strategies are matched by the actions they choose at each information set."""
    nf = ours.to_normal_form()
    perms = []
    for i, player in enumerate(theirs.players):
        index = {tuple(sorted(plan.items())): k for k, plan in enumerate(nf.plans[i])}
        perm = []
        for s in player.strategies:
            plan = {}
            for h in player.infosets:
                act = s.action(h)
                if act is not None:
                    ours_h = infosets[(player.label, h.number)]
                    plan[ours_h.number] = [x.label for x in h.actions].index(act.label)
            perm.append(index[tuple(sorted(plan.items()))])
        assert sorted(perm) == list(range(len(nf.plans[i]))), "the same strategies"
        perms.append(perm)
    arrays = theirs.to_arrays()
    for i in range(ours.n_players):
        mine = nf.payoffs[i][np.ix_(*perms)]
        other = np.array(fractions(np.asarray(arrays[i], dtype=object).ravel()),
                         dtype=object).reshape(mine.shape)
        assert np.array_equal(mine, other)


# ---------------------------------------------------------------------- pygambit's catalog
def test_catalog_is_found():
    assert len(CATALOG_FILES) >= 30


@pytest.mark.crosscheck
@pytest.mark.parametrize("path", CATALOG_FILES, ids=lambda p: str(p.relative_to(CATALOG)))
def test_catalog_file_reads_like_pygambit(path):
    if path.suffix == ".nfg":
        ours = read_nfg(path)
        theirs = gbt.read_nfg(str(path))
        assert [p.label for p in theirs.players] == list(ours.players)
        for i, p in enumerate(theirs.players):
            assert [s.label for s in p.strategies] == list(ours.strategies[i])
        for i, arr in enumerate(theirs.to_arrays()):
            expected = np.array(fractions(np.asarray(arr, dtype=object).ravel()),
                                dtype=object).reshape(arr.shape)
            assert np.array_equal(ours.payoffs[i], expected)
        return
    ours = read_efg(path)
    theirs = gbt.read_efg(str(path))
    infosets = compare_trees(ours, theirs)
    if not ours.has_perfect_recall:
        # Imperfect recall (the absent-minded driver, Wichardt 2008): the reduced
        # strategic form is not defined; Gambit and we both fall back to other
        # conventions (our to_normal_form lists every action combination), so only
        # the tree is compared.
        assert not theirs.is_perfect_recall
        return
    compare_normal_forms(ours, theirs, infosets)


# ---------------------------------------------------------------------- our files in pygambit
# pygambit 16.7 accepts only printable ASCII labels without leading, trailing or
# double spaces, and its reader mishandles a backslash before a quote (our files
# may hold any UTF-8 label: see test_efg/test_nfg).
_WORD = r"[A-Za-z0-9_\"'()/.-]+"
safe_labels = st.from_regex(rf"{_WORD}( {_WORD})?", fullmatch=True).filter(lambda s: len(s) <= 12)


@st.composite
def normal_form_games(draw):
    n = draw(st.integers(2, 4))
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    size = n * int(np.prod(shape))
    values = draw(st.lists(st.fractions(min_value=-1000, max_value=1000, max_denominator=60),
                           min_size=size, max_size=size))
    arr = np.empty(size, dtype=object)
    arr[:] = values
    # pygambit 16.7 relabels its default players and strategies "1", "2", ... one
    # by one and fails on a valid file whose labels permute those numbers ("3" "1").
    words = safe_labels.filter(lambda s: not s.isdigit())
    players = draw(st.lists(words, min_size=n, max_size=n, unique=True))
    strategies = [draw(st.lists(words, min_size=m, max_size=m, unique=True)) for m in shape]
    return NormalFormGame(arr.reshape((n,) + shape), players, strategies,
                          title=draw(safe_labels))


@pytest.mark.crosscheck
@settings(max_examples=20, deadline=None)
@given(normal_form_games())
def test_our_nfg_is_the_same_game_in_pygambit(game):
    theirs = gbt.read_nfg(io.StringIO(dumps_nfg(game)))
    assert theirs.title == game.title
    assert [p.label for p in theirs.players] == list(game.players)
    for i, p in enumerate(theirs.players):
        assert [s.label for s in p.strategies] == list(game.strategies[i])
    for i, arr in enumerate(theirs.to_arrays()):
        assert np.array_equal(game.payoffs[i], np.asarray(arr, dtype=object))


@pytest.mark.crosscheck
@settings(max_examples=20, deadline=None)
@given(tree_strategy(safe_labels, unique_set_labels=True,
                      texts=st.one_of(st.just(""), safe_labels)))
def test_our_efg_is_the_same_tree_in_pygambit(game):
    theirs = gbt.read_efg(io.StringIO(dumps_efg(game)))
    assert theirs.title == game.title
    assert theirs.description == game.description
    compare_trees(game, theirs)


@pytest.mark.crosscheck
def test_payoff_version_and_floats_in_pygambit():
    A = np.array([[0.1, -2.5], [1e-3, 3.0]])
    game = NormalFormGame.from_arrays(A, -A)
    theirs = gbt.read_nfg(io.StringIO(dumps_nfg(game)))
    arrays = theirs.to_arrays()
    assert Fraction(arrays[0][0, 0]) == Fraction(1, 10)
    assert Fraction(arrays[1][1, 0]) == Fraction(-1, 1000)


@pytest.mark.crosscheck
@pytest.mark.parametrize("name", ["stages.efg", "escaped.efg", "sparse_numbers.efg",
                                  "chance_labels.efg"])
def test_sample_trees_agree_with_pygambit(name):
    ours = read_efg(DATA / "gambit" / name)
    theirs = gbt.read_efg(str(DATA / "gambit" / name))
    infosets = compare_trees(ours, theirs)
    compare_normal_forms(ours, theirs, infosets)
    # and what we write is read by Gambit into the same tree
    compare_trees(ours, gbt.read_efg(io.StringIO(dumps_efg(ours))))


# ---------------------------------------------------------------------- the project's games
GAMES = sorted(p for p in (ROOT / "games").rglob("*.yaml")  # conflict models (kind: conflict) are not games
               if "kind: conflict" not in p.read_text(encoding="utf-8"))


@pytest.mark.crosscheck
@pytest.mark.parametrize("path", GAMES, ids=lambda p: str(p.relative_to(ROOT / "games")))
def test_repository_games_are_the_same_game_in_pygambit(path):
    """What `gametheory convert game.yaml game.efg|.nfg` writes (at the default
    parameter values) is read back here and by Gambit into the same game."""
    game = gametheory.load(path).substitute()
    if isinstance(game, ExtensiveFormGame):
        text = dumps_efg(game)
        assert loads_efg(text) == game
        theirs = gbt.read_efg(io.StringIO(text))
        infosets = compare_trees(game, theirs)
        if game.has_perfect_recall:
            compare_normal_forms(game, theirs, infosets)
    else:
        text = dumps_nfg(game)
        assert loads_nfg(text) == game
        theirs = gbt.read_nfg(io.StringIO(text))
        assert [p.label for p in theirs.players] == list(game.players)
        for i, arr in enumerate(theirs.to_arrays()):
            assert np.array_equal(game.exact_payoffs()[i], np.asarray(arr, dtype=object))
