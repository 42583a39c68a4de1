"""Every verb has help with a worked example, and docs/cli.md is the help of today's verbs."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from dondoc.cli import main
from dondoc.cli._reference import render_reference

ROOT = Path(__file__).parents[1]


def _commands() -> list[str]:
    with click.Context(main) as ctx:
        return main.list_commands(ctx)


@pytest.mark.parametrize("name", _commands())
def test_every_verb_has_help_with_an_example(name: str) -> None:
    command = main.commands[name]
    assert command.help and "Example" in command.help, f"dondoc {name} needs a docstring ending in an example"


def test_cli_reference_is_current() -> None:
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == render_reference(main), "docs/cli.md is stale: run `make docs`"


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
