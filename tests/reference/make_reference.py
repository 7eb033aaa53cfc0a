"""Write the reference answers of other tools on a fixed, seeded corpus of games.

Run (from the repository root, in an environment with pygambit, nashpy and QuantEcon;
gametheory need not be installed)::

    PYTHONPATH=. python tests/reference/make_reference.py [--only FAMILY ...]

It writes one JSON file per family under ``tests/reference/``:

``bimatrix.json``
    random integer bimatrix games of several sizes, degenerate ones (payoffs in
    {0, 1} or {-1, 0, 1}), random float 3x3 games, and the reaction games of random
    3x3x3 games for the zugzwang cross-check; pygambit's ``enummixed_solve``
    (rational, every extreme equilibrium; float for the float games) and QuantEcon's
    ``vertex_enumeration`` where the game is generic.
``nplayer.json``
    random 3- and 4-player games (generic and degenerate); pygambit's
    ``enumpure_solve`` (exact), ``enumpoly_solve`` (float, with its own regret) and
    ``logit_solve`` (the limit of the principal logit branch).
``trees``
    seeded two-player trees with chance moves and information sets (signalling and
    two-round shapes, general-sum and zero-sum, and Kuhn's poker); pygambit's
    ``lcp_solve`` on the tree (rational), ``lp_solve`` on the tree for zero-sum ones,
    ``enumpure_solve`` and (signalling trees) ``enummixed_solve`` on the reduced
    strategic form (rational).
``catalog.json``
    every ``.nfg``/``.efg`` of Gambit's catalog (copied under
    ``tests/reference/gambit-catalog/``), the Gambit files of ``tests/data/gambit/`` and
    the classroom games ``games/classics/*.yaml`` (written in Gambit's format by
    gametheory at their default parameter values); how pygambit reads each one (players,
    strategy counts, payoffs), its pure equilibria and, for two players, every extreme
    equilibrium and the tree LCP/LP answer.

Every game is stored in the file (payoff tables, or the Gambit text of trees), so the
tests never need to regenerate it.  gametheory is used here only to build trees and to
read/write game files (``gametheory.game``, ``gametheory.io``), never to solve.  Exact
numbers are written as fraction strings ("-3/7"), floats as ``repr`` strings.  Each file
records the command, the date and the versions of the tools.
"""
from __future__ import annotations

import argparse
import datetime
import io
import json
import platform
import sys
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CATALOG = HERE / "gambit-catalog"
SEED = 20261202
# Catalog files on which pygambit's enummixed on the reduced strategic form is too
# slow to be worth storing (none known yet; kept for the record).
SLOW_STRATEGIC: set[str] = set()


# ---------------------------------------------------------------------- helpers
def frac(x) -> str:
    """An exact number (pygambit Rational, Fraction, int) as a fraction string."""
    f = Fraction(str(x))
    return str(f)


def table(arr) -> list:
    """A nested integer/Fraction array as nested fraction strings."""
    return np.vectorize(lambda v: frac(v), otypes=[object])(np.asarray(arr, dtype=object)).tolist()


def ftable(arr) -> list:
    return [[repr(float(v)) for v in row] for row in np.asarray(arr, dtype=float)]


def versions() -> dict:
    import nashpy
    import pygambit
    out = {"pygambit": pygambit.__version__, "nashpy": nashpy.__version__,
           "numpy": np.__version__, "python": platform.python_version()}
    try:
        import quantecon
        out["quantecon"] = quantecon.__version__
    except ImportError:           # pragma: no cover - optional
        pass
    return out


def header(family: str, seed: int | None = SEED) -> dict:
    return {"family": family,
            "command": "PYTHONPATH=. python tests/reference/make_reference.py --only " + family,
            "date": datetime.date.today().isoformat(),
            "tools": versions(), "seed": seed}


def strategic_profile(eq, game, exact=True) -> list:
    conv = frac if exact else (lambda v: repr(float(v)))
    return [[conv(eq[s]) for s in p.strategies] for p in game.players]


def behaviour_profile(eq, game) -> list:
    return [[[frac(eq[a]) for a in h.actions] for h in p.infosets] for p in game.players]


def payoff_vector(eq, game) -> list:
    return [frac(eq.payoff(p)) for p in game.players]


def enummixed(gg, rational=True) -> list:
    import pygambit as gbt
    return list(gbt.nash.enummixed_solve(gg, rational=rational).equilibria)


def quantecon_vertices(A, B) -> list | None:
    try:
        import quantecon.game_theory as qe
    except ImportError:           # pragma: no cover
        return None
    g = qe.NormalFormGame((qe.Player(np.asarray(A, float)), qe.Player(np.asarray(B, float).T)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [[[repr(float(v)) for v in x] for x in eq] for eq in qe.vertex_enumeration(g)]


# ---------------------------------------------------------------------- bimatrix
def bimatrix_corpus(rng) -> list[dict]:
    games = []
    for shape, count in [((2, 2), 3), ((2, 3), 3), ((3, 3), 4), ((3, 4), 3), ((4, 4), 3),
                         ((5, 5), 2), ((4, 6), 2), ((8, 8), 1)]:
        for k in range(count):
            A, B = rng.integers(-9, 10, shape), rng.integers(-9, 10, shape)
            games.append({"id": f"int-{shape[0]}x{shape[1]}-{k}", "group": "int", "A": A, "B": B})
    for shape, count in [((2, 2), 3), ((2, 3), 3), ((3, 3), 4), ((3, 4), 3), ((4, 4), 3)]:
        for k in range(count):
            low = -1 if k % 2 else 0
            A, B = rng.integers(low, 2, shape), rng.integers(low, 2, shape)
            games.append({"id": f"degenerate-{shape[0]}x{shape[1]}-{k}", "group": "degenerate",
                          "A": A, "B": B})
    return games


def make_bimatrix() -> dict:
    import pygambit as gbt
    rng = np.random.default_rng(SEED)
    doc = header("bimatrix")
    doc["tolerance"] = ("int and degenerate groups: exact sets of extreme equilibria; float group: "
                        "each probability within 1e-8")
    out = []
    for g in bimatrix_corpus(rng):
        A, B = g["A"], g["B"]
        gg = gbt.Game.from_arrays(A.tolist(), B.tolist())
        entry = {"id": g["id"], "group": g["group"], "A": table(A), "B": table(B),
                 "pygambit_enummixed": [strategic_profile(eq, gg) for eq in enummixed(gg)]}
        if g["group"] == "int":
            entry["quantecon_vertex_enumeration"] = quantecon_vertices(A, B)
        out.append(entry)
    for k in range(20):
        A, B = rng.random((3, 3)), rng.random((3, 3))
        gg = gbt.Game.from_arrays(A, B)
        out.append({"id": f"float-3x3-{k}", "group": "float", "A": ftable(A), "B": ftable(B),
                    "pygambit_enummixed_float": [strategic_profile(eq, gg, exact=False)
                                                 for eq in enummixed(gg, rational=False)],
                    "quantecon_vertex_enumeration": quantecon_vertices(A, B)})
    # The reaction games of random 3x3x3 games with focal player 0: for each of its
    # options k, the bimatrix game of players 1 and 2 with player 0 fixed on k.
    for seed in range(4):
        pay = np.random.default_rng(seed + SEED).integers(-1000, 1000, size=(3, 3, 3, 3))
        for k in range(3):
            A, B = pay[1, k], pay[2, k]
            gg = gbt.Game.from_arrays(A.tolist(), B.tolist())
            out.append({"id": f"reaction-{seed}-{k}", "group": "reaction", "option": k,
                        "game": f"reaction-{seed}", "A": table(A), "B": table(B),
                        "focal": table(pay[0, k]),
                        "pygambit_enummixed": [strategic_profile(eq, gg) for eq in enummixed(gg)]})
            if k == 0:
                out[-1]["payoffs"] = table(pay)
    doc["games"] = out
    return doc


# ---------------------------------------------------------------------- n players
def make_nplayer() -> dict:
    import pygambit as gbt
    rng = np.random.default_rng(SEED + 1)
    doc = header("nplayer")
    doc["tolerance"] = ("pure equilibria compared exactly; each enumpoly equilibrium of pygambit "
                        "whose regret is below 1e-6 times the payoff range is matched by one of "
                        "ours within 1e-5 per probability (generic group only); logit limits "
                        "within 1e-4")
    out = []
    plan = [((2, 2, 2), 4, "generic"), ((2, 2, 3), 2, "generic"), ((2, 3, 2), 1, "generic"),
            ((3, 3, 3), 1, "generic"), ((2, 2, 2, 2), 2, "generic"), ((2, 2, 2), 3, "degenerate")]
    for shape, count, group in plan:
        for k in range(count):
            top = 100 if group == "generic" else 2
            P = rng.integers(0, top, size=(len(shape),) + shape)
            gg = gbt.Game.from_arrays(*[P[i] for i in range(len(shape))])
            entry = {"id": f"{group}-{'x'.join(map(str, shape))}-{k}", "group": group,
                     "payoffs": table(P),
                     "pygambit_enumpure": [strategic_profile(eq, gg)
                                           for eq in gbt.nash.enumpure_solve(gg).equilibria]}
            poly = []
            for eq in gbt.nash.enumpoly_solve(gg).equilibria:
                poly.append({"profile": strategic_profile(eq, gg, exact=False),
                             "max_regret": repr(float(eq.max_regret()))})
            entry["pygambit_enumpoly"] = poly
            if group == "generic" and len(shape) == 3 and max(shape) <= 3:
                lg = gbt.nash.logit_solve(gg).equilibria[0]
                entry["pygambit_logit"] = strategic_profile(lg, gg, exact=False)
            out.append(entry)
    doc["games"] = out
    return doc


# ---------------------------------------------------------------------- trees
def random_tree(shape: str, seed: int, zero_sum: bool):
    """A seeded tree built with gametheory's tree builder (no solver involved)."""
    import random

    from gametheory.game import ExtensiveFormGame
    rng = random.Random(seed)

    def pay():
        a = rng.randint(-9, 9)
        return [a, -a] if zero_sum else [a, rng.randint(-9, 9)]

    kind = "zero-sum" if zero_sum else "general-sum"
    if shape == "signalling":           # chance -> Sender (knows type) -> Receiver (sees message)
        types, messages, responses = 2, 2 + seed % 2, 2
        g = ExtensiveFormGame.new_tree(["Sender", "Receiver"], title=f"signalling {kind} {seed}")
        kids = g.append_chance(0, [f"t{k}" for k in range(types)], [Fraction(1, 3), Fraction(2, 3)])
        for k, node in enumerate(kids):
            for j, mnode in enumerate(g.append_move(node, "Sender", [f"m{i}" for i in range(messages)],
                                                    infoset=f"type{k}")):
                for rnode in g.append_move(mnode, "Receiver", [f"r{i}" for i in range(responses)],
                                           infoset=f"msg{j}"):
                    g.set_outcome(rnode, pay())
        return g
    # two rounds: chance deals Ann a type; Ann moves; Bob answers without seeing the
    # type; Ann moves again knowing Bob's answer.
    g = ExtensiveFormGame.new_tree(["Ann", "Bob"], title=f"two-round {kind} {seed}")
    deals = g.append_chance(0, ["lo", "hi"], [Fraction(1, 2), Fraction(1, 2)])
    for i, node in enumerate(deals):
        for a, n1 in enumerate(g.append_move(node, "Ann", ["a0", "a1"], infoset=f"A{i}")):
            for b, n2 in enumerate(g.append_move(n1, "Bob", ["b0", "b1"], infoset=f"B.{a}")):
                for n3 in g.append_move(n2, "Ann", ["c0", "c1"], infoset=f"A{i}.{a}.{b}"):
                    g.set_outcome(n3, pay())
    return g


def make_trees() -> dict:
    import pygambit as gbt

    from gametheory.game.examples import k_card_poker
    from gametheory.io.efg import dumps_efg
    doc = header("trees")
    doc["tolerance"] = "exact: values, payoff vectors and realisation plans compared as Fractions"
    corpus = []
    for seed in range(4):
        for zero_sum in (False, True):
            for shape in ("signalling", "two-round"):
                kind = "zero-sum" if zero_sum else "general-sum"
                corpus.append((f"{shape}-{kind}-{seed}", kind, random_tree(shape, seed, zero_sum)))
    corpus.append(("kuhn-poker", "zero-sum", k_card_poker(3)))
    corpus.append(("poker-4-raked", "general-sum", k_card_poker(4, rake=Fraction(1, 10))))
    out = []
    for name, kind, game in corpus:
        text = dumps_efg(game)
        gg = gbt.read_efg(io.StringIO(text))
        entry = {"id": name, "kind": kind, "efg": text}
        lcp = gbt.nash.lcp_solve(gg, rational=True, use_strategic=False).equilibria
        entry["pygambit_lcp_tree"] = [{"behaviour": behaviour_profile(eq, gg),
                                       "payoffs": payoff_vector(eq, gg)} for eq in lcp]
        if kind == "zero-sum":
            lp = gbt.nash.lp_solve(gg, rational=True, use_strategic=False).equilibria
            entry["pygambit_lp_tree"] = [{"behaviour": behaviour_profile(eq, gg),
                                          "payoffs": payoff_vector(eq, gg)} for eq in lp]
        if name != "poker-4-raked":      # (its strategic form is too large to be quick)
            pure = gbt.nash.enumpure_solve(gg).equilibria
            entry["pygambit_enumpure_strategic"] = {
                "count": len(pure),
                "payoff_vectors": sorted({tuple(payoff_vector(eq, gg)) for eq in pure})}
        if name.startswith("signalling"):
            # (Gambit's enummixed does not finish on the reduced strategic forms of the
            # other trees, 64x4 and larger and highly degenerate, within minutes.)
            mixed = enummixed(gg)
            entry["pygambit_enummixed_strategic"] = {
                "count": len(mixed),
                "payoff_vectors": sorted({tuple(payoff_vector(eq, gg)) for eq in mixed})}
        out.append(entry)
    doc["games"] = out
    return doc


# ---------------------------------------------------------------------- catalog files
def catalog_sources() -> list[tuple[str, str, str]]:
    """(id, format, Gambit text) for every catalog, test-data and classics file."""
    import gametheory
    from gametheory.game.extensive import ExtensiveFormGame
    from gametheory.io.efg import dumps_efg
    from gametheory.io.nfg import dumps_nfg
    out = []
    for path in sorted(CATALOG.rglob("*")):
        if path.suffix in (".efg", ".nfg"):
            out.append(("gambit-catalog/" + path.relative_to(CATALOG).as_posix(), path.suffix[1:],
                        path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "tests" / "data" / "gambit").iterdir()):
        if path.suffix in (".efg", ".nfg"):
            out.append(("tests/data/gambit/" + path.name, path.suffix[1:],
                        path.read_text(encoding="utf-8-sig")))
    for path in sorted((ROOT / "games" / "classics").glob("*.yaml")):
        game = gametheory.load(path).substitute()
        tree = isinstance(game, ExtensiveFormGame)
        out.append(("games/classics/" + path.name, "efg" if tree else "nfg",
                    dumps_efg(game) if tree else dumps_nfg(game)))
    return out


def make_catalog() -> dict:
    import pygambit as gbt
    doc = header("catalog", seed=None)
    doc["tolerance"] = "exact: payoffs and equilibria compared as Fractions"
    out = []
    for name, fmt, text in catalog_sources():
        print("  ", name, file=sys.stderr)
        try:
            gg = (gbt.read_efg if fmt == "efg" else gbt.read_nfg)(io.StringIO(text))
        except ValueError as exc:     # a file Gambit's reader refuses (we accept more forms)
            out.append({"id": name, "format": fmt, "pygambit_error": str(exc)})
            continue
        entry = {"id": name, "format": fmt, "players": [p.label for p in gg.players],
                 "strategies": [len(p.strategies) for p in gg.players]}
        if not name.startswith("gambit-catalog/"):
            entry["text"] = text
        arrays = gg.to_arrays()
        if fmt == "nfg":
            entry["strategy_labels"] = [[s.label for s in p.strategies] for p in gg.players]
            entry["payoffs"] = [table(a) for a in arrays]
        else:
            entry["perfect_recall"] = bool(gg.is_perfect_recall)
            cells = np.stack([np.asarray(a, dtype=object) for a in arrays], axis=-1)
            cells = cells.reshape(-1, len(gg.players))
            entry["payoff_cells"] = sorted(tuple(frac(v) for v in row) for row in cells)
        if fmt == "nfg" or gg.is_perfect_recall:
            pure = gbt.nash.enumpure_solve(gg).equilibria
            entry["pygambit_enumpure"] = {
                "count": len(pure), "payoff_vectors": sorted({tuple(payoff_vector(eq, gg)) for eq in pure})}
            if fmt == "efg":
                entry["pygambit_enumpure"]["behaviour"] = [behaviour_profile(eq.as_behavior(), gg)
                                                           for eq in pure]
            else:
                entry["pygambit_enumpure"]["profiles"] = [strategic_profile(eq, gg) for eq in pure]
        if len(gg.players) == 2 and (fmt == "nfg" or gg.is_perfect_recall) and name not in SLOW_STRATEGIC:
            mixed = enummixed(gg)
            entry["pygambit_enummixed"] = {
                "count": len(mixed),
                "payoff_vectors": sorted({tuple(payoff_vector(eq, gg)) for eq in mixed})}
            if fmt == "nfg":
                entry["pygambit_enummixed"]["profiles"] = [strategic_profile(eq, gg) for eq in mixed]
            else:
                lcp = gbt.nash.lcp_solve(gg, rational=True, use_strategic=False).equilibria
                entry["pygambit_lcp_tree"] = [{"behaviour": behaviour_profile(eq, gg),
                                               "payoffs": payoff_vector(eq, gg)} for eq in lcp]
        out.append(entry)
    doc["games"] = out
    return doc


MAKERS = {"bimatrix": make_bimatrix, "nplayer": make_nplayer, "trees": make_trees,
          "catalog": make_catalog}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", choices=sorted(MAKERS), help="families to write (default: all)")
    args = ap.parse_args(argv)
    for family in args.only or sorted(MAKERS):
        print(f"{family} ...", file=sys.stderr)
        doc = MAKERS[family]()
        (HERE / f"{family}.json").write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {family}.json: {len(doc['games'])} games", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
