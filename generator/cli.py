"""Command line: ``python -m generator build`` and ``python -m generator check``.

Thin adapters over ``build`` and ``report``; exit status 1 when content has errors.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .build import ContentPaths, generate, load_site
from .model import ContentError
from .report import accounting, format_problems, summary

_CONTENT = click.option("--content-dir", default="content", show_default=True, type=click.Path(path_type=Path), help="The content folder (digests, taxonomy, curation, pages).")


@click.group()
def main() -> None:
    """Build the reading list's pages from the digests in content/."""


@main.command()
@_CONTENT
@click.option("--docs-dir", default="build/docs", show_default=True, type=click.Path(path_type=Path), help="Where to write the Markdown pages (MkDocs' docs_dir).")
def build(content_dir: Path, docs_dir: Path) -> None:
    """Write the Markdown pages into docs_dir (any MkDocs-compatible engine can build them)."""
    try:
        site = generate(ContentPaths(Path.cwd(), content_dir), docs_dir)
    except ContentError as err:
        _fail(err, "text")
    click.echo(f"wrote {len(site.papers)} paper pages, {len(site.tags)} tag pages and {len(site.digests)} digest pages to {docs_dir}")


@main.command()
@_CONTENT
@click.option("--format", "style", type=click.Choice(["text", "github"]), default="text", show_default=True, help="github: problems as workflow annotations.")
@click.option("--entries", is_flag=True, help="Also list every digest entry and the paper page it became.")
def check(content_dir: Path, style: str, entries: bool) -> None:
    """Validate all content and print what was found; exit 1 on any error."""
    try:
        site = load_site(ContentPaths(Path.cwd(), content_dir))
    except ContentError as err:
        _fail(err, style)
    for line in summary(site):
        click.echo(line)
    for line in format_problems(list(site.problems), style):
        click.echo(line)
    if entries:
        for line in accounting(site):
            click.echo(line)


def _fail(err: ContentError, style: str) -> None:
    errors = sum(1 for p in err.problems if p.severity.value == "error")
    for line in format_problems(err.problems, style):
        click.echo(line)
    click.echo(f"{errors} error(s); nothing was built.", err=True)
    sys.exit(1)
