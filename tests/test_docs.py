"""Every command of the CLI is documented in the README (a command nobody can find does not exist)."""
import re
from pathlib import Path

from kronika.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix=""):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}"


def test_every_command_is_in_the_readme():
    missing = [c for c in _commands(cli) if not re.search(rf"kronika {re.escape(c)}\b", README)]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_readme_opens_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block
