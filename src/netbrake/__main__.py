"""``python -m netbrake``: the same entry point as the ``netbrake`` command."""

from netbrake.cli import main

main()
