"""The ``netbrake`` command line: thin commands that parse, call one function, format."""

from netbrake.cli.app import app, main

__all__ = ["app", "main"]
