"""``gametheory serve``: the local web explorer."""
from __future__ import annotations

import click

from .common import handle_errors


@click.command()
@click.argument("path", required=False, default="games", type=click.Path(exists=True))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; the default is reachable from this machine only.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="TCP port.")
@click.option("--open", "open_browser", is_flag=True, help="Open the explorer in the default browser.")
@handle_errors
def serve(path, host, port, open_browser):
    """Explore the game files under PATH (a folder, default `games`, or one file) in a
    web browser: editable payoff tables, parameter sliders, equilibria, the zugzwang
    verdict and a classroom mode.  Runs until interrupted (Ctrl-C).

    Needs the web extra: pip install "gametheory[web]".
    """
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ModuleNotFoundError as exc:
        from ..exceptions import UnsupportedGameError
        raise UnsupportedGameError(
            f"`gametheory serve` needs the web extra ({exc.name} is missing): "
            'pip install "gametheory[web]"') from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}: anyone who can reach this address can use the explorer "
                   "(classroom use on a network you control only)", err=True)
    from ..web.app import serve as run
    click.echo(f"gametheory explorer on http://{host}:{port}/  (Ctrl-C stops it)", err=True)
    run(path, host=host, port=port, open_browser=open_browser)
