#!/usr/bin/env python
"""Write the zugzwang report of the Tajikistan model (or of any game file).

    python scripts/zugzwang_report.py                       # the four-actor model, Dushanbe
    python scripts/zugzwang_report.py GAME --player NAME --out DIR [--param k=v] [--quick]

A thin wrapper around :func:`gametheory.report.build_report`; the same report is
written by ``gametheory report GAME --player NAME --out DIR``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GAME = ROOT / "games" / "tajikistan" / "four-actors.yaml"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("game", nargs="?", default=str(DEFAULT_GAME),
                        help=f"game file (default: {DEFAULT_GAME.relative_to(ROOT)})")
    parser.add_argument("--player", default="Dushanbe", help="focal player (default: Dushanbe)")
    parser.add_argument("--out", default="reports/tajikistan", help="output directory "
                        "(default: reports/tajikistan)")
    parser.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                        help="set a parameter (repeatable)")
    parser.add_argument("--reference", default="0", help="status-quo payoff or outcome label (default 0)")
    parser.add_argument("--sweep", default=None, metavar="X,Y", help="the two parameters of the sweep maps")
    parser.add_argument("--quick", action="store_true", help="coarser grids, fewer figures")
    args = parser.parse_args(argv)

    from gametheory.cli.common import parse_params
    from gametheory.exceptions import GameTheoryError, InvalidGameError
    from gametheory.payoffs import to_fraction
    from gametheory.report import build_report

    try:
        try:
            reference = to_fraction(args.reference)
        except InvalidGameError:
            reference = args.reference
        sweep = tuple(s.strip() for s in args.sweep.split(",")) if args.sweep else None
        report = build_report(args.game, args.player, args.out, params=parse_params(args.param),
                              reference=reference, quick=args.quick, sweep=sweep)
    except (GameTheoryError, KeyError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {report.html} ({len(report.figures)} figures, {report.seconds:.1f} s)")
    print(f"wrote {report.summary}")
    for note in report.notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
