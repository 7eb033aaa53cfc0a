"""Latency of a slider move in the web explorer (``gametheory serve``).

What is measured: the explorer runs on uvicorn on a loopback port, as
``gametheory serve`` runs it; a client (httpx) opens a Tajikistan model and then
sends the request a slider move sends (``POST /api/doc/{id}/analyse`` with the new
parameter value, the focal player and ``live: true``: the diagnosis of the reaction
games, no whole-game verdict, no equilibrium list, no symbolic escape conditions),
waiting for each answer before the next, as the page does.  The time is the round
trip seen by the client: HTTP, parsing, substitution, the diagnosis and the JSON
answer.  The full analysis the page asks for once the slider rests (the whole
game's equilibria too) is timed as a second row.  The target (issue #15) is a new
diagnosis in under 100 ms on the four-actor model.  There is no peer to compare
with: no other tool serves this.

Usage::

    python benchmarks/bench_explorer.py [--moves 40] [--write]
"""
from __future__ import annotations

import argparse
import socket
import statistics
import sys
import threading
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, fmt_seconds, markdown_table, write_section  # noqa: E402

MODELS = [("tajikistan/four-actors.yaml", "Dushanbe", "aid"),
          ("tajikistan/dushanbe-vs-moscow.yaml", "Dushanbe", None)]


def _server():
    import uvicorn

    from gametheory.web.app import create_app
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(ROOT / "games"), host="127.0.0.1", port=port,
                                        log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    return srv, f"http://127.0.0.1:{port}"


def measure(base: str, path: str, player: str, param: str | None, moves: int, live: bool) -> dict:
    import httpx

    from gametheory import load
    game = load(ROOT / "games" / path)
    name = param or next(iter(game.parameters))
    p = game.parameters[name]
    lo, hi = Fraction(p.low), Fraction(p.high)
    with httpx.Client(base_url=base, timeout=120) as client:
        doc = client.post("/api/open", json={"path": path}).json()["id"]
        url = f"/api/doc/{doc}/analyse"
        client.post(url, json={"player": player})            # warm-up (imports, caches)
        times = []
        for k in range(moves):
            value = lo + (hi - lo) * Fraction(k, max(1, moves - 1))
            t = time.perf_counter()
            r = client.post(url, json={"params": {name: str(value)}, "player": player, "live": live})
            times.append(time.perf_counter() - t)
            r.raise_for_status()
    times.sort()
    return {"model": path, "parameter": name, "request": "slider move (live)" if live else "slider at rest (full)",
            "moves": moves, "median": statistics.median(times),
            "p90": times[int(0.9 * (len(times) - 1))], "max": times[-1]}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--moves", type=int, default=40, help="slider moves per model")
    ap.add_argument("--write", action="store_true", help="write the section of docs/performance.md")
    args = ap.parse_args(argv)
    srv, base = _server()
    try:
        rows = [measure(base, path, player, param, args.moves, live)
                for path, player, param in MODELS for live in (True, False)]
    finally:
        srv.should_exit = True
    table = markdown_table(
        ["model", "slider", "request", "moves", "median", "90th percentile", "max"],
        [[r["model"], r["parameter"], r["request"], r["moves"], fmt_seconds(r["median"]), fmt_seconds(r["p90"]),
          fmt_seconds(r["max"])] for r in rows])
    print(table)
    if args.write:
        body = ("## Explorer: latency of a slider move\n\n"
                "Round trip seen by a client on the same machine, through uvicorn on loopback.  "
                "*Slider move (live)*: the request the page sends while a slider moves (new parameter "
                "value; the focal player's diagnosis against the model's primary reference; no whole-game "
                "verdict, no equilibrium list, no symbolic escape conditions).  *Slider at rest (full)*: "
                "the request that follows once the slider rests (the whole game's equilibria too).  "
                "Target (issue 15): a new diagnosis in under 100 ms on the four-actor model.  No peer "
                "serves this, so there is no side-by-side ratio.\n\n" + table)
        write_section(__file__, body, argv=sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
