"""Tests for the solver registry as used by the two-player methods (gametheory.solvers.solve)."""
from __future__ import annotations

import warnings
from fractions import Fraction as F

import numpy as np
import pytest

import gametheory
from gametheory import NormalFormGame
from gametheory.exceptions import DegenerateGameWarning, UnsupportedGameError
from gametheory.solvers import METHODS, auto_method, solve
from gametheory.solvers.enummixed import enummixed_solve
from gametheory.solvers.lemke_howson import lh_solve
from gametheory.solvers.pure import pure_solve


def test_registry_points_at_these_functions():
    from gametheory.solvers import _load
    assert _load(METHODS["pure"]["nfg"]) is pure_solve
    assert _load(METHODS["enummixed"]["nfg"]) is enummixed_solve
    assert _load(METHODS["lh"]["nfg"]) is lh_solve


def test_auto_is_enummixed_for_two_players_and_complete():
    g = NormalFormGame.from_arrays(np.array([[2, 0], [0, 1]]), np.array([[1, 0], [0, 2]]))
    assert auto_method(g) == "enummixed"
    r = gametheory.solve(g)
    assert r.method == "enummixed" and r.complete and len(r) == 3


def test_exact_default_follows_game_kind():
    gi = NormalFormGame.from_arrays(np.array([[1, -1], [-1, 1]]), np.array([[-1, 1], [1, -1]]))
    assert solve(gi, "enummixed").exact is True
    gf = NormalFormGame.from_arrays(np.array([[1.0, -1.0], [-1.0, 1.0]]), np.array([[-1.0, 1.0], [1.0, -1.0]]))
    r = solve(gf, "enummixed")
    assert r.exact is False and r[0].probabilities[0][0] == 0.5
    assert solve(gf, "enummixed", exact=True)[0]["Player 1", 0] == F(1, 2)


def test_options_pass_through_and_unknown_method():
    g = NormalFormGame.from_arrays(np.array([[3, 3], [2, 5], [0, 6]]), np.array([[3, 2], [2, 6], [3, 1]]))
    r = solve(g, "lh", label=0)
    assert list(r.details["labels"]) == [0]
    with pytest.raises(UnsupportedGameError, match="unknown method"):
        solve(g, "nonexistent")


def test_tree_through_reduced_normal_form(tmp_path):
    path = tmp_path / "entry.efg"
    path.write_text('EFG 2 R "Entry" { "E" "I" }\n""\n'
                    'p "" 1 1 "" { "Out" "In" } 0\nt "" 1 "Out" { 0 2 }\n'
                    'p "" 2 1 "" { "Fight" "Accommodate" } 0\n'
                    't "" 2 "F" { -1 -1 }\nt "" 3 "A" { 1 1 }\n')
    tree = gametheory.load(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        r = solve(tree, "enummixed")
    assert r.method == "enummixed" and len(r) == 3
    assert len(solve(tree, "pure")) == 2
