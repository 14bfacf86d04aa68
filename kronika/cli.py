"""The ``kronika`` command: a thin layer over library calls; every command is a few lines."""
from __future__ import annotations

import sys

import click

from kronika import __version__


class KronikaGroup(click.Group):
    """Turns library errors into one clear line on stderr and a non-zero exit, never a traceback."""

    def invoke(self, ctx):
        from kronika.lang import LexiconError
        try:
            return super().invoke(ctx)
        except (LexiconError, OSError, ValueError) as exc:
            if isinstance(exc, BrokenPipeError):
                sys.exit(0)
            click.echo(f"kronika: error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=KronikaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kronika")
def cli():
    """Kronika: Polish news to structured, sourced political event data."""


# Commands are added below, one small function each; the work is done by library modules.


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="kronika")


if __name__ == "__main__":
    main()
