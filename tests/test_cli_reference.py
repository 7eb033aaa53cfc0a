"""docs/reference/cli.md stays true: every command and every option is documented."""
from pathlib import Path

import click
import pytest

from gametheory.cli import COMMANDS, main

DOC = (Path(__file__).resolve().parents[1] / "docs/reference/cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_and_option_is_documented(name):
    assert f"## `gametheory {name}" in DOC
    command = main.get_command(click.Context(main), name)
    assert command is not None, f"command {name} does not load"
    for param in command.params:
        if isinstance(param, click.Option):
            longest = max(param.opts, key=len)
            if longest != "--help":
                assert longest in DOC, f"{name} {longest} is not in docs/reference/cli.md"
