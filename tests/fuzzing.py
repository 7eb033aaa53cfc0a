"""The fuzz harness shared by ``tests/test_fuzz_*.py`` (and ``scripts/fuzz_atheris.py``).

One property is checked on every input: reading it (as ``.yaml``, ``.nfg`` or
``.efg``) either returns a game or raises a :class:`~gametheory.exceptions.GameTheoryError`
subclass; a game that was read writes back in its own format and reads again to
an equal game (the round trip), and its parameter defaults substitute without
any other exception.  :func:`check` runs that property under a per-input time
limit (``SIGALRM``); the long mode also caps the process's memory
(``RLIMIT_AS``, :func:`cap_memory`).

Seeds are the files in ``tests/data/`` (good, bad, Gambit's, trees, fuzz
regressions) and ``games/``.  For volume without hypothesis (release checks):
``python tests/fuzzing.py --inputs 1000000 --seed 1 --memory`` (see :func:`run`).
"""
from __future__ import annotations

import os
import re
import signal
import time
from contextlib import contextmanager
from pathlib import Path

from gametheory.exceptions import GameTheoryError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
FUZZ_DIR = DATA / "fuzz"
FORMATS = (".yaml", ".nfg", ".efg")
#: Seconds one input may take (the issue's target: none over 5 s).
TIME_LIMIT = 5
#: Bytes of address space in the long mode (the issue's target: under 2 GB per input).
MEMORY_LIMIT = 2 * 1024 ** 3


def seeds(ext: str) -> list[bytes]:
    """The seed files of one format, as bytes, in a fixed order."""
    paths = sorted(p for p in DATA.rglob(f"*{ext}") if p.is_file())
    paths += sorted(p for p in (ROOT / "games").rglob(f"*{ext}") if p.is_file())
    if ext == ".yaml":
        paths = [p for p in paths if p.name != "yaml_expected.yaml"]
    return [p.read_bytes() for p in paths]


class InputTimeout(Exception):
    """An input ran past :data:`TIME_LIMIT` (not a GameTheoryError: a finding)."""


@contextmanager
def time_limit(seconds: float):
    """Raise :class:`InputTimeout` in the block after ``seconds`` of CPU time
    (``ITIMER_PROF``: on a loaded machine, waiting for a core is not the input's
    fault).  Main thread, POSIX; elsewhere no limit."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def _alarm(signum, frame):
        raise InputTimeout(f"input took more than {seconds} s of CPU time")

    old = signal.signal(signal.SIGPROF, _alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


def cap_memory(limit: int = MEMORY_LIMIT) -> None:
    """Cap this process's address space (long mode: a MemoryError is a finding)."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _decode(data: bytes) -> str:
    """What :func:`gametheory.io.read_text` does with a file's bytes."""
    from gametheory.exceptions import InvalidGameError
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidGameError(f"not valid UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise InvalidGameError("the file is empty")
    return text


def loads(data: bytes, ext: str):
    """Read ``data`` as a game file of extension ``ext``."""
    text = _decode(data)
    if ext == ".yaml":
        from gametheory.io.yaml_format import loads as read
    elif ext == ".nfg":
        from gametheory.io.nfg import loads_nfg as read
    else:
        from gametheory.io.efg import loads_efg as read
    return read(text, file=f"fuzz{ext}")


def dumps(game, ext: str) -> str:
    if ext == ".yaml":
        from gametheory.io.yaml_format import dumps as write
    elif ext == ".nfg":
        from gametheory.io.nfg import dumps_nfg as write
    else:
        from gametheory.io.efg import dumps_efg as write
    return write(game)


def read_property(data: bytes, ext: str):
    """The property without the time limit; returns the game or None.

    Raises AssertionError (or the unexpected exception itself) on a finding.
    """
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            game = loads(data, ext)
        except GameTheoryError:
            return None
        again = loads(dumps(game, ext).encode("utf-8"), ext)
        assert again == game, f"round trip through {ext} changed the game"
        assert again.players == game.players
        try:
            game.substitute()
        except GameTheoryError:
            pass
    return game


#: Inputs checked, the slowest one (seconds) and when the run started (for FUZZ_LOG).
STATS = {"inputs": 0, "slowest": 0.0, "games": 0, "start": time.time()}


def check(data: bytes, ext: str, seconds: float = TIME_LIMIT):
    """:func:`read_property` under the per-input time limit; returns (game, CPU seconds).

    With the environment variable ``FUZZ_LOG`` set to a file, a progress line
    (inputs, games read, slowest input, peak memory) is appended every 1,000 inputs.
    """
    start = time.process_time()
    with time_limit(seconds):
        game = read_property(data, ext)
    elapsed = time.process_time() - start
    STATS["inputs"] += 1
    STATS["games"] += game is not None
    STATS["slowest"] = max(STATS["slowest"], elapsed)
    if STATS["inputs"] % 1000 == 0 and os.environ.get("FUZZ_LOG"):
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with open(os.environ["FUZZ_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{time.strftime('%H:%M:%S')} inputs={STATS['inputs']} "
                      f"games={STATS['games']} slowest={STATS['slowest']:.2f}s "
                      f"peak_rss={peak:.0f}MB elapsed={time.time() - STATS['start']:.0f}s "
                      f"ext={ext}\n")
    return game, elapsed


# ---------------------------------------------------------------------- mutations
#: Fragments that reach the readers' corners: structure, numbers at the limits,
#: expressions, YAML anchors and tags, Gambit tokens.
TOKENS = [
    b"{", b"}", b"[", b"]", b",", b":", b"-", b"- ", b"\n", b"  ", b'"', b"'", b"\\", b"#",
    b"&a ", b"*a", b"!!python/object ", b"<<: ", b"---\n", b"~", b"null", b"yes",
    b"0", b"-1", b"1/3", b"1/0", b"0.1", b"1e400", b"1e999999999", b"-0", b".inf", b".nan",
    b"nan", b"inf", b"1" * 2001, b"9" * 40, b"7" * 5000, b"1e4000", b"1e-4000", b"0x1f",
    b"1_000", b"1:30", b"00000000000000000000000001", b"-", b".", b"e", b"/",
    b"9**9**9", b"exp(exp(exp(10)))", b"log(0)", b"sqrt(-1)", b"0**-1", b"2**64", b"c**65",
    b"min(", b"max(1,", b"abs(", b"__import__", b"().__class__", b"lambda: 0",
    b"NFG 1 R", b"EFG 2 R", b" p ", b" c ", b" t ", b'""', b'"x"', b"\xef\xbb\xbf", b"\xff",
    b"\x00", b"\x1b[31m", "\u202e".encode(), "\u0663".encode(), b"\t",
    b"format: 1\n", b"players: ", b"payoffs: ", b"tree: ", b"moves: ", b"outcome: ",
    b"probability: ", b"infoset: ", b"parameters: ", b"matrix: ", b"profile: ", b"chance",
]


_WORD = re.compile(rb"[A-Za-z0-9_./+-]+")


def mutate(data: bytes, ops: list[tuple[int, int, int, int]]) -> bytes:
    """Apply mutations to ``data``; each op is ``(kind, a, b, c)`` with small
    integers that select positions and tokens (so hypothesis can shrink them)."""
    out = bytearray(data)
    for kind, a, b, c in ops:
        n = len(out)
        i = a % (n + 1)
        j = min(n, i + b % 64)
        kind %= 10
        if kind >= 8:  # replace the k-th word (a number, a label, a key) by a token
            words = list(_WORD.finditer(bytes(out)))
            if words:
                w = words[a % len(words)]
                out[w.start():w.end()] = TOKENS[c % len(TOKENS)]
        elif kind == 0:  # delete a range
            del out[i:j]
        elif kind == 1:  # insert a token
            out[i:i] = TOKENS[c % len(TOKENS)]
        elif kind == 2:  # replace a range by a token
            out[i:j] = TOKENS[c % len(TOKENS)]
        elif kind == 3:  # duplicate a range, up to a few hundred times
            out[i:i] = out[i:j] * (1 + (c % 3 if c % 5 else c % 300))
        elif kind == 4 and n:  # set a byte
            out[i % n] = c % 256
        elif kind == 5:  # swap two lines
            lines = bytes(out).split(b"\n")
            if len(lines) > 1:
                x, y = a % len(lines), c % len(lines)
                lines[x], lines[y] = lines[y], lines[x]
                out = bytearray(b"\n".join(lines))
        elif kind == 6:  # repeat a line
            lines = bytes(out).split(b"\n")
            x = a % len(lines)
            lines[x:x] = [lines[x]] * (1 + c % 4)
            out = bytearray(b"\n".join(lines))
        else:  # truncate
            del out[i:]
    return bytes(out)


def run(inputs: int, seed: int = 0, log=None) -> dict:
    """A long run without hypothesis: ``inputs`` random mutations of the seed files
    (formats in turn), each checked by :func:`check`.  Returns the counts; a finding
    is written to ``tests/data/fuzz/found-*`` and counted, not raised.

    Hypothesis (``pytest -m fuzz --hypothesis-profile=long``) explores and shrinks;
    this driver is about a hundred times cheaper per input, for volume.
    """
    import random
    import traceback
    rng = random.Random(seed)
    pools = {ext: seeds(ext) for ext in FORMATS}
    findings: dict = {}
    for k in range(inputs):
        ext = FORMATS[k % len(FORMATS)]
        ops = [(rng.randrange(10), rng.randrange(1 << 16), rng.randrange(1 << 16),
                rng.randrange(1 << 16)) for _ in range(rng.randint(1, 6))]
        data = mutate(rng.choice(pools[ext]), ops)
        try:
            check(data, ext)
        except Exception as exc:  # noqa: BLE001 -- every other exception is a finding
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            key = (type(exc).__name__, Path(frame.filename).name, frame.lineno)
            if key not in findings:
                (FUZZ_DIR / f"found-{len(findings)}{ext}").write_bytes(data)
            findings[key] = findings.get(key, 0) + 1
    return {"inputs": inputs, "findings": {" ".join(map(str, k)): v for k, v in findings.items()},
            "slowest_cpu_seconds": STATS["slowest"], "games": STATS["games"]}


if __name__ == "__main__":
    import argparse
    import json
    import resource
    parser = argparse.ArgumentParser(description=run.__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--memory", action="store_true", help="cap memory at 2 GB")
    args = parser.parse_args()
    if args.memory:
        cap_memory()
    result = run(args.inputs, args.seed)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["seconds"] = time.time() - STATS["start"]
    print(json.dumps(result, indent=1))
