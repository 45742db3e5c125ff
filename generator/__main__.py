"""``python -m generator``: see ``generator.cli``."""

from .cli import run

run()
