"""``gametheory sensitivity``: which assumptions drive the zugzwang verdict and its margin."""
from __future__ import annotations

import click

from .common import format_option, handle_errors, param_option, parse_params


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--player", required=True, metavar="NAME", help="The focal player (label or 1-based number).")
@click.option("--reference", default=None, metavar="VALUE|PROFILE",
              help="Reference payoff, as for `gametheory zugzwang` (default 0, the status quo).")
@param_option
@click.option("--samples", type=click.IntRange(min=1), default=100_000, show_default=True, metavar="N",
              help="Monte Carlo samples of the parameter box (the Sobol indices use about as many).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of every sample.")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes (default: every core).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Also write sensitivity.json, tornado.png/.svg and sobol.png/.svg into DIR.")
@format_option("table", "json", "csv")
@handle_errors
def sensitivity(file, player, reference, params, samples, seed, workers, out_dir, fmt):
    """Sensitivity of PLAYER's zugzwang in FILE over the parameters' documented ranges.

    Prints the probability of zugzwang over uniform samples of the parameter box
    with its 95% Wilson interval, the first-order and total Sobol indices of the
    margin and of the verdict (SALib, Saltelli's scheme), and the margin with
    each parameter at the ends of its range (one at a time).  Parameters without
    a range stay at their values (--param sets them).

    CSV: one row per ranged parameter, largest swing first (parameter, low, high,
    value, S1/ST of the margin and of the verdict with their confidence
    half-widths, margin_at_low, margin_at_high), with player, reference,
    base_margin and the probability of zugzwang with its interval repeated on
    each row.
    """
    from ..analysis.sensitivity import sensitivity as run
    from .common import load_game

    game = load_game(file)
    key = player
    if player.isdigit() and player not in game.players:
        key = int(player) - 1
    game.player(key)  # unknown player: KeyError -> exit 2
    ref = 0 if reference is None else reference
    from ..analysis.sensitivity import ranged_parameters, total_points
    total = total_points(samples, len(ranged_parameters(game)[0]))
    with _progress(total) as step:
        result = run(game, key, samples=samples, seed=seed, reference=ref, params=parse_params(params),
                     workers=workers, progress=step)
    if out_dir is not None:
        _write(result, out_dir)
    if fmt == "json":
        import json
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        from .common import echo_csv
        echo_csv(result.to_rows())
    else:
        click.echo(result.table())


class _progress:
    """tqdm on stderr when it is a terminal, otherwise a plain line per finished chunk."""

    def __init__(self, total: int):
        import sys
        self.total, self.done, self.bar = total, 0, None
        if sys.stderr.isatty():
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit="pt", desc="sensitivity", file=sys.stderr)

    def __enter__(self):
        return self.step

    def step(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        else:
            click.echo(f"sensitivity: {self.done}/{self.total} points diagnosed", err=True)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()
        return False


def _write(result, out_dir) -> None:
    import json
    from pathlib import Path

    import matplotlib

    from ..plotting.sensitivity import plot_sobol, plot_tornado
    from ..plotting.style import new_figure
    from ..report.html import FIGURE_METADATA, REPRODUCIBLE_RC
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "sensitivity.json").write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    with matplotlib.rc_context(REPRODUCIBLE_RC):  # type: ignore[arg-type]
        for name, plot, data in (("tornado", plot_tornado, result.tornado), ("sobol", plot_sobol, result.margin)):
            fig = new_figure((7.2, 0.38 * len(result.names) + 1.8))
            plot(data, ax=fig.add_subplot())
            for ext in ("png", "svg"):
                fig.savefig(out / f"{name}.{ext}", format=ext, dpi=110, metadata=FIGURE_METADATA[ext])
