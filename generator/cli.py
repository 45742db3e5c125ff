"""Command line: ``python -m generator build``, ``check`` and ``search-index SITE_DIR``.

Thin adapters over ``build``, ``report`` and ``changes``; exit status 1 when content has errors.
``check --base REF`` also summarises, in Markdown, what the content changes since git revision REF.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .build import ContentPaths, generate, load_base_site, load_site
from .changes import compare, render_errors, render_markdown
from .model import ContentError
from .report import accounting, format_problems, summary
from .search import SearchIndexError, index_site

_CONTENT = click.option(
    "--content-dir",
    default="content",
    show_default=True,
    type=click.Path(path_type=Path),
    help="The content folder (digests, taxonomy, curation, pages).",
)


@click.group()
def main() -> None:
    """Build the reading list's pages from the digests in content/."""


@main.command()
@_CONTENT
@click.option(
    "--docs-dir",
    default="build/docs",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Where to write the Markdown pages (MkDocs' docs_dir).",
)
def build(content_dir: Path, docs_dir: Path) -> None:
    """Write the Markdown pages into docs_dir (any MkDocs-compatible engine can build them)."""
    try:
        site = generate(ContentPaths(Path.cwd(), content_dir), docs_dir)
    except ContentError as err:
        _fail(err, "text")
    click.echo(
        f"wrote {len(site.papers)} paper pages, {len(site.tags)} tag pages and {len(site.digests)} digest pages to {docs_dir}"
    )


@main.command()
@_CONTENT
@click.option(
    "--format",
    "style",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: problems as workflow annotations.",
)
@click.option("--entries", is_flag=True, help="Also list every digest entry and the paper page it became.")
@click.option(
    "--base",
    metavar="REF",
    help="Compare with the content at git revision REF and print a Markdown summary of the changes.",
)
@click.option(
    "--summary",
    "summary_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append that summary to this file (such as $GITHUB_STEP_SUMMARY) instead of printing it.",
)
def check(content_dir: Path, style: str, entries: bool, base: str | None, summary_file: Path | None) -> None:
    """Validate all content and print what was found; exit 1 on any error."""
    if summary_file is not None and base is None:
        raise click.UsageError("--summary needs --base REF: the summary says what changed since REF")
    paths = ContentPaths(Path.cwd(), content_dir)
    try:
        site = load_site(paths)
    except ContentError as err:
        if base is not None:
            _markdown(render_errors(err.problems, base), summary_file)
        _fail(err, style)
    for line in summary(site):
        click.echo(line)
    for line in format_problems(list(site.problems), style):
        click.echo(line)
    if entries:
        for line in accounting(site):
            click.echo(line)
    if base is not None:
        base_site, note = load_base_site(base, paths)
        if note:
            click.echo(f"warning: {note}", err=True)
        _markdown(render_markdown(compare(base_site, site, note), base), summary_file)


@main.command("search-index")
@click.argument("site_dir", type=click.Path(path_type=Path))
def search_index(site_dir: Path) -> None:
    """Index the paper pages of a built site folder for search (into SITE_DIR/pagefind/).

    Works on any engine's output built with the theme overrides; `mkdocs build` does this itself.
    """
    try:
        index = index_site(site_dir)
    except SearchIndexError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(1)
    click.echo(
        f"indexed {index.pages} paper pages into {index.path} ({index.size() / 2**20:.1f} MB) in {index.seconds:.1f} s"
    )


def _markdown(text: str, summary_file: Path | None) -> None:
    if summary_file is None:
        click.echo(text, nl=False)
        return
    with summary_file.open("a", encoding="utf-8") as out:
        out.write(text)


def _fail(err: ContentError, style: str) -> None:
    errors = sum(1 for p in err.problems if p.severity.value == "error")
    for line in format_problems(err.problems, style):
        click.echo(line)
    click.echo(f"{errors} error(s); nothing was built.", err=True)
    sys.exit(1)
