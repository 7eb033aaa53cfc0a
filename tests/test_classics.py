"""The classroom games in games/classics: each loads, documents itself, and has the
equilibria its description states (checked here by brute force, exactly).

Sources (as cited in the files): Osborne (2004) An Introduction to Game Theory,
chapters 2, 4, 5, 6 and 9; Rosenthal (1981) for the centipede game.
"""
from __future__ import annotations

import itertools
from fractions import Fraction as F
from pathlib import Path

import pytest

from gametheory.game import CHANCE, ExtensiveFormGame, MixedStrategyProfile, NormalFormGame
from gametheory.io.yaml_format import dumps, loads, read_yaml

CLASSICS = Path(__file__).resolve().parents[1] / "games" / "classics"

# Stated pure Nash equilibria of the (reduced) strategic form, by strategy labels.
PURE = {
    "prisoners-dilemma": {("Fink", "Fink")},                       # Osborne 2004, 2.2
    "chicken": {("Swerve", "Straight"), ("Straight", "Swerve")},   # Osborne 2004, ch. 2
    "stag-hunt": {("Stag", "Stag"), ("Hare", "Hare")},             # Osborne 2004, ch. 2
    "battle-of-the-sexes": {("Bach", "Bach"), ("Stravinsky", "Stravinsky")},
    "matching-pennies": set(),                                     # Osborne 2004, 4.1
    "rock-paper-scissors": set(),
    "entry-deterrence": {("In", "Acquiesce"), ("Out", "Fight")},   # Osborne 2004, ch. 5
    "centipede": {("stop", "stop")},                               # Rosenthal 1981
    "bayesian-bach-or-stravinsky": {("Bach", "Bach/Stravinsky")},  # Osborne 2004, ch. 9
}

# Stated mixed equilibria: one probability vector per player (Osborne 2004, ch. 4).
MIXED = {
    "chicken": [[F(9, 10), F(1, 10)], [F(9, 10), F(1, 10)]],
    "stag-hunt": [[F(3, 4), F(1, 4)], [F(3, 4), F(1, 4)]],        # 4p = 3
    "battle-of-the-sexes": [[F(2, 3), F(1, 3)], [F(1, 3), F(2, 3)]],
    "matching-pennies": [[F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)]],
    "rock-paper-scissors": [[F(1, 3)] * 3, [F(1, 3)] * 3],
}

# Stated subgame-perfect equilibria of the perfect-information trees: node label -> action.
SPE = {
    "entry-deterrence": [{"challenger decides": "In", "incumbent responds": "Acquiesce"}],
    "centipede": [{f"move {k}": "stop" for k in range(1, 7)}],
    "ultimatum": [  # Osborne 2004, ch. 6: exactly two pure ones with whole-unit offers
        {"proposal": "offer 0", **{f"offer {x} on the table": "accept" for x in range(4)}},
        {"proposal": "offer 1", "offer 0 on the table": "reject",
         **{f"offer {x} on the table": "accept" for x in range(1, 4)}},
    ],
}

ALL = sorted(p.stem for p in CLASSICS.glob("*.yaml"))


def strategic(game):
    return game if isinstance(game, NormalFormGame) else game.to_normal_form()


def pure_equilibria(nf: NormalFormGame) -> set[tuple[str, ...]]:
    """Every pure Nash equilibrium, by brute force over all profiles."""
    found = set()
    for idx in nf.profiles():
        if MixedStrategyProfile.pure(nf, idx).max_regret() == 0:
            found.add(tuple(nf.strategies[i][k] for i, k in enumerate(idx)))
    return found


def test_the_collection_is_complete():
    expected = {"prisoners-dilemma", "chicken", "stag-hunt", "battle-of-the-sexes",
                "matching-pennies", "rock-paper-scissors", "entry-deterrence", "centipede",
                "ultimatum", "bayesian-bach-or-stravinsky"}
    assert expected <= set(ALL)


@pytest.mark.parametrize("name", ALL)
def test_documents_itself(name):
    game = read_yaml(CLASSICS / f"{name}.yaml")
    assert game.title
    assert "Known solution" in game.description
    assert "Osborne" in game.description or "Rosenthal" in game.description
    assert game.metadata["source"]
    if isinstance(game, NormalFormGame):
        assert set(game.notes) == set(game.profiles())
        assert all(note["rationale"] for note in game.notes.values())
    else:
        leaves = game.terminal_nodes()
        assert leaves and all(n.outcome is not None and n.outcome.rationale for n in leaves)
    # and survives a round trip through the writer, rationales included
    again = loads(dumps(game))
    assert again == game
    if isinstance(game, NormalFormGame):
        assert again.notes == game.notes
    else:
        assert [n.outcome.rationale for n in again.terminal_nodes()] == \
            [n.outcome.rationale for n in leaves]


@pytest.mark.parametrize("name", sorted(PURE))
def test_stated_pure_equilibria_are_all_the_pure_equilibria(name):
    nf = strategic(read_yaml(CLASSICS / f"{name}.yaml"))
    assert nf.is_exact
    assert pure_equilibria(nf) == PURE[name]


@pytest.mark.parametrize("name", sorted(MIXED))
def test_stated_mixed_equilibrium_has_zero_regret(name):
    nf = strategic(read_yaml(CLASSICS / f"{name}.yaml"))
    profile = MixedStrategyProfile(nf, MIXED[name], exact=True)
    assert profile.max_regret() == 0
    # and it is not a pure profile in disguise: every strategy is used
    assert all(len(s) == m for s, m in zip(profile.supports(), nf.shape))


def test_mixed_equilibrium_payoffs():
    # Battle of the sexes: each gets 2/3 at the mixed equilibrium (Osborne 2004, ch. 4).
    nf = read_yaml(CLASSICS / "battle-of-the-sexes.yaml")
    profile = MixedStrategyProfile(nf, MIXED["battle-of-the-sexes"], exact=True)
    assert profile.payoffs() == (F(2, 3), F(2, 3))
    # A perturbed profile is not an equilibrium: the check can fail.
    off = MixedStrategyProfile(nf, [[F(1, 2), F(1, 2)], [F(1, 3), F(2, 3)]], exact=True)
    assert off.max_regret() > 0


def continuation_values(game: ExtensiveFormGame, choice: dict[int, int]):
    """Each node's payoff vector when play follows ``choice`` (node -> action index)."""
    values = {}
    for node in reversed(game.nodes):  # children are created after their parents
        own = node.outcome.payoffs if node.outcome is not None else (F(0),) * game.n_players
        if not node.children:
            values[node.index] = tuple(own)
            continue
        h = node.infoset
        if h.player == CHANCE:
            cont = [sum(p * values[c][i] for p, c in zip(h.probabilities, node.children))
                    for i in range(game.n_players)]
        else:
            cont = values[node.children[choice[node.index]]]
        values[node.index] = tuple(a + b for a, b in zip(own, cont))
    return values


def is_subgame_perfect(game: ExtensiveFormGame, plan: dict[str, str]) -> bool:
    """One-shot deviation check at every node of a perfect-information tree."""
    assert game.is_perfect_information
    choice = {}
    for node in game.nodes:
        if node.children:
            choice[node.index] = node.actions.index(plan[node.label])
    values = continuation_values(game, choice)
    for k, j in choice.items():
        node = game.nodes[k]
        i = node.player
        best = max(values[c][i] for c in node.children)
        if values[node.children[j]][i] < best:
            return False
    return True


@pytest.mark.parametrize("name", sorted(SPE))
def test_stated_subgame_perfect_equilibria(name):
    game = read_yaml(CLASSICS / f"{name}.yaml")
    for plan in SPE[name]:
        assert is_subgame_perfect(game, plan)
    # Exactly the stated ones: enumerate every pure behaviour plan (small trees).
    decision = [n for n in game.nodes if n.children]
    found = []
    for combo in itertools.product(*(n.actions for n in decision)):
        plan = {n.label: a for n, a in zip(decision, combo)}
        if is_subgame_perfect(game, plan):
            found.append(plan)
    assert sorted(map(sorted, (p.items() for p in found))) == \
        sorted(map(sorted, (p.items() for p in SPE[name])))


def test_subgame_perfect_outcomes():
    game = read_yaml(CLASSICS / "centipede.yaml")
    plan = SPE["centipede"][0]
    choice = {n.index: n.actions.index(plan[n.label]) for n in game.nodes if n.children}
    assert continuation_values(game, choice)[0] == (1, 0)
    # continuing to the end would give both more: the paradox
    everyone_continues = {k: 1 for k in choice}
    assert continuation_values(game, everyone_continues)[0] == (7, 5)


def test_ultimatum_spe_are_nash_in_the_strategic_form():
    game = read_yaml(CLASSICS / "ultimatum.yaml")
    nf = game.to_normal_form()
    for plan in SPE["ultimatum"]:
        responder = "/".join(plan[f"offer {x} on the table"] for x in range(4))
        profile = MixedStrategyProfile.pure(nf, [plan["proposal"], responder])
        assert profile.max_regret() == 0
    # a threat to reject everything but offer 3 is a Nash equilibrium too (not subgame perfect)
    assert MixedStrategyProfile.pure(nf, ["offer 3", "reject/reject/reject/accept"]).max_regret() == 0


def test_bayesian_game_structure():
    game = read_yaml(CLASSICS / "bayesian-bach-or-stravinsky.yaml")
    assert game.root.is_chance
    assert game.root.infoset.probabilities == (F(1, 2), F(1, 2))
    p1 = game.infosets[game.player("Player 1")]
    p2 = game.infosets[game.player("Player 2")]
    assert [len(h.members) for h in p1] == [2]
    assert [(h.label, len(h.members)) for h in p2] == [("meeting type", 2), ("avoiding type", 2)]
    assert game.has_perfect_recall
    nf = game.to_normal_form()
    eq = MixedStrategyProfile.pure(nf, ["Bach", "Bach/Stravinsky"])
    assert eq.payoffs()[0] == 1
    assert MixedStrategyProfile.pure(nf, ["Stravinsky", "Bach/Stravinsky"]).payoffs()[0] == F(1, 2)


@pytest.mark.parametrize("name", ["prisoners-dilemma", "chicken", "stag-hunt", "battle-of-the-sexes",
                                  "matching-pennies", "rock-paper-scissors"])
def test_stated_equilibria_are_all_of_them_according_to_nashpy(name):
    """Cross-check with nashpy's support enumeration (these games are nondegenerate,
    where it finds every equilibrium)."""
    nashpy = pytest.importorskip("nashpy")
    import warnings

    import numpy as np

    nf = read_yaml(CLASSICS / f"{name}.yaml")
    A, B = (np.array(nf.float_payoffs()[i]) for i in range(2))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = {tuple(tuple(F(float(x)).limit_denominator(1000) for x in v) for v in eq)
                 for eq in nashpy.Game(A, B).support_enumeration()}
    stated = set()
    for labels in PURE[name]:
        idx = nf.profile_index(labels)
        stated.add(tuple(tuple(F(int(k == s)) for k in range(m)) for s, m in zip(idx, nf.shape)))
    if name in MIXED:
        stated.add(tuple(tuple(v) for v in MIXED[name]))
    assert found == stated


def test_stag_hunt_hare_is_risk_dominant_and_centipede_description_true():
    # Harsanyi & Selten (1988): compare the products of the players' losses from
    # leaving each strict equilibrium unilaterally, computed from the file.
    from gametheory.io import load
    root = Path(__file__).resolve().parents[1]
    g = load(root / "games" / "classics" / "stag-hunt.yaml")
    A, B = g.payoffs[0], g.payoffs[1]
    stag = (A[0, 0] - A[1, 0]) * (B[0, 0] - B[0, 1])
    hare = (A[1, 1] - A[0, 1]) * (B[1, 1] - B[1, 0])
    assert hare > stag > 0 and "risk-dominant" in g.description
    # Centipede: the description's payoff list is the tree's, move by move.
    t = load(root / "games" / "classics" / "centipede.yaml")
    stops, node = [], t.root
    while node.children:
        stops.append(tuple(int(v) for v in t.nodes[node.children[0]].outcome.payoffs))
        node = t.nodes[node.children[1]]
    assert stops == [(1, 0), (0, 2), (3, 1), (2, 4), (5, 3), (4, 6)]
    assert "(1, 0), (0, 2), (3, 1), (2, 4), (5, 3), (4, 6)" in " ".join(t.description.split())
    for k in range(1, 6):       # continuing into the other's stop costs the mover 1
        mover = (k - 1) % 2      # who moves at move k (1-based)
        assert stops[k][mover] == stops[k - 1][mover] - 1
        assert stops[k][1 - mover] == stops[k][mover] + 2   # the next stopper gets 2 more
