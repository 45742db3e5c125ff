"""``python -m generator``: see ``generator.cli``."""

from .cli import main

main(prog_name="python -m generator")
