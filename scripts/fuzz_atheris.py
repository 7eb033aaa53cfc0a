"""Coverage-guided fuzzing of the game readers with atheris (optional, not in the test suite).

Needs the ``fuzz`` extra (``pip install -e .[fuzz]``: atheris).  The property is the
one of ``tests/test_fuzz_readers.py`` (``tests/fuzzing.py``): reading any bytes as
``.yaml``, ``.nfg`` or ``.efg`` returns a game or raises a GameTheoryError, and a game
read round-trips.  The first byte of each input picks the format; the seeds are the
files the test suite fuzzes from.  Anything else (or an input over 5 s) is a crash:
atheris writes it to ``crash-*``; keep it in ``tests/data/fuzz/``.

    python scripts/fuzz_atheris.py -runs=100000        # add -max_total_time=3600 ...
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import atheris  # noqa: E402

with atheris.instrument_imports(include=["gametheory"]):
    import gametheory.io.efg  # noqa: F401
    import gametheory.io.nfg  # noqa: F401
    import gametheory.io.yaml_format  # noqa: F401
    import gametheory.payoffs  # noqa: F401

from fuzzing import FORMATS, check, seeds  # noqa: E402


def one_input(data: bytes) -> None:
    if not data:
        return
    check(data[1:], FORMATS[data[0] % len(FORMATS)])


def main(argv) -> None:
    corpus = ROOT / "out" / "atheris-corpus"
    if not corpus.exists():
        corpus.mkdir(parents=True)
        for k, ext in enumerate(FORMATS):
            for j, seed in enumerate(seeds(ext)):
                (corpus / f"{ext[1:]}-{j}").write_bytes(bytes([k]) + seed)
    atheris.Setup(list(argv) + [str(corpus)], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
