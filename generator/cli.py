"""Command line: ``python -m generator build``, ``check`` and ``search-index SITE_DIR``.

Thin adapters over ``build``, ``report`` and ``changes``; exit status 1 when content has errors.
An unexpected exception (a bug, never a content error) is reported in one message naming the
exception and where it was raised, with exit status 2; ``READING_LIST_DEBUG=1`` shows the whole
traceback instead.
``check --base REF`` also summarises, in Markdown, what the content changes since git revision REF.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .build import ContentPaths, generate, git_blob_id, hand_written, load_base_pages, load_base_site, load_site
from .changes import compare, render_errors, render_markdown, render_page_changes
from .feeds import DEFAULT_SITE_URL
from .model import ContentError
from .report import accounting, format_problems, internal_error, summary
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
    help="Where to write the Markdown pages (MkDocs' docs_dir); refused when it is a symbolic link or leads outside the repository.",
)
@click.option(
    "--site-url",
    envvar="SITE_URL",
    default=DEFAULT_SITE_URL,
    show_default=True,
    help="The site's address, for the absolute URLs of feeds and papers.json (as mkdocs.yml's site_url; env SITE_URL).",
)
def build(content_dir: Path, docs_dir: Path, site_url: str) -> None:
    """Write the Markdown pages, feeds and papers.json into docs_dir (any MkDocs-compatible
    engine can build them)."""
    try:
        site = generate(ContentPaths(Path.cwd(), content_dir), docs_dir, site_url)
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
        pages = {path: git_blob_id(data) for path, data in hand_written(paths).items()}
        base_pages = load_base_pages(base, paths) or {}
        _markdown(
            render_markdown(compare(base_site, site, note), base) + render_page_changes(base_pages, pages), summary_file
        )


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
    for line in format_problems(err.problems, style):
        click.echo(line)
    click.echo(f"{err.summary()}; nothing was built.", err=True)
    sys.exit(1)


def run() -> None:
    """Run the command line (``python -m generator``), reporting an unexpected exception as an
    internal error (exit status 2) rather than as a traceback; see the module docstring."""
    try:
        main(prog_name="python -m generator")
    except Exception as err:
        if os.environ.get("READING_LIST_DEBUG"):
            raise
        click.echo(internal_error(err), err=True)
        sys.exit(2)
