"""Write the scaled test games of tests/data/scale (seeded; re-running gives the same files).

Each base game is a seeded random integer game (or a textbook game); each copy
multiplies every payoff by 10**k and/or adds a constant, exactly (the .nfg files
hold exact decimal numbers).  Scaling and shifting change no Nash equilibrium,
so every copy must give the base game's equilibria (tests/test_scale_invariance.py).

    python tests/data/scale/make_scaled.py
"""
from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from gametheory.game import NormalFormGame  # noqa: E402
from gametheory.io.nfg import write_nfg  # noqa: E402


def random_integers(shape, seed, lo=-9, hi=9):
    """A seeded random integer game with ``len(shape)`` players."""
    rng = np.random.default_rng(seed)
    return rng.integers(lo, hi + 1, size=(len(shape),) + tuple(shape)).tolist()


def game_of(payoffs, factor=1, offset=0, title=""):
    arr = np.array(payoffs, dtype=object)
    flat = np.empty(arr.size, dtype=object)
    flat[:] = [Fraction(v) * factor + offset for v in arr.ravel().tolist()]
    return NormalFormGame(flat.reshape(arr.shape), title=title)


#: name -> (payoffs, [(suffix, factor, offset), ...])
BASES = {
    # seed 11: three equilibria, one of them totally mixed and irrational
    # (enumpoly lost it at x10^7 when its tolerances were absolute).
    "rand222_s11": (random_integers((2, 2, 2), 11),
                    [("x1e7", Fraction(10**7), 0), ("x1e-12", Fraction(1, 10**12), 0)]),
    # seed 31: seven equilibria at unit scale (six were left at x10^10).
    "rand222_s31": (random_integers((2, 2, 2), 31), [("x1e10", Fraction(10**10), 0)]),
    "rand333_s3": (random_integers((3, 3, 3), 3), [("x1e-12", Fraction(1, 10**12), 0)]),
    "rand55_s5": (random_integers((5, 5), 5, 0, 10**8), []),
    "rand44_s4": (random_integers((4, 4), 4),
                  [("x1e30", Fraction(10**30), 0), ("p1e30", 1, 10**30)]),
    "matching_pennies": ([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]],
                         [("x1e-12", Fraction(1, 10**12), 0)]),
}


def main() -> None:
    for name, (payoffs, copies) in BASES.items():
        write_nfg(game_of(payoffs, title=name), HERE / f"{name}.nfg")
        for suffix, factor, offset in copies:
            write_nfg(game_of(payoffs, factor, offset, title=f"{name} {suffix}"),
                      HERE / f"{name}_{suffix}.nfg")


if __name__ == "__main__":
    main()
