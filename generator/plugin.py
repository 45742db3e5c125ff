"""MkDocs plugin ``reading-list``: generate the pages before MkDocs reads docs_dir.

A thin adapter over ``build.generate``. In ``mkdocs.yml``::

    plugins:
      - reading-list:
          content_dir: content

``mkdocs build`` and ``mkdocs serve`` then regenerate the pages on every build, and ``mkdocs
serve`` watches ``content_dir`` so that a changed digest, taxonomy or curation file reloads the
browser. ``mkdocs build`` fails with every content error listed. ``mkdocs serve`` instead keeps
serving: every page (the last good build, or a home page saying the site could not be built) and
the 404 page carry a banner listing every problem, and the open tab reloads to the site once the
content is fixed. An unexpected exception (a bug) is reported the same ways, in one line naming
where it was raised (``mkdocs -v`` logs the traceback).
"""

from __future__ import annotations

import copy
import functools
import logging
import os
import shutil
import traceback
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.filters import do_striptags
from jinja2.runtime import Context
from markupsafe import escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from .build import ContentPaths, check_output_dir, generate, hand_written, write_pages, write_sitemaps
from .curation import curation_url
from .errorpage import ERROR_INDEX, RELOAD_SCRIPT, banner, with_banner
from .feeds import DEFAULT_SITE_URL
from .frame import SLOTS, Frame, fill, make_frame, tight
from .liveindex import BackgroundIndex, background_index
from .markup import is_html_body
from .memo import Memo
from .model import ContentError, Paper
from .report import internal_error
from .search import OUTPUT_SUBDIR, SHARD_PAGES, Indexing, SearchIndexError, index_site, scratch_folder
from .structure import paper_path, tag_path

log = get_plugin_logger(__name__)
FRAME_TEMPLATE = "reading-list-paper.html"  # in overrides/


class ReadingListConfig(Config):
    """The plugin's options: ``content_dir``, the content folder relative to ``mkdocs.yml``
    (its ``curation/`` subfolder is where each paper page's edit action points), and
    ``search_shard_pages``, the most paper pages a shard of the search index averages (Pagefind
    takes about 110 KB of memory per page of the shard it indexes; ``search.py``)."""

    content_dir = config_options.Type(str, default="content")
    search_shard_pages = config_options.Type(int, default=SHARD_PAGES)


class ReadingListPlugin(BasePlugin[ReadingListConfig]):
    """Runs the generator at the start of every build (``on_config``), after refusing a
    ``site_dir`` or ``docs_dir`` that is a symbolic link or leads outside the repository (MkDocs
    cleans ``site_dir`` right after ``on_config``; the generator cleans ``docs_dir``), and indexes
    the built site for search at its end (``on_post_build``).

    The plugin has ``on_startup``, so MkDocs keeps one instance across the builds of ``mkdocs
    serve``: ``serving`` and the last good build's pages live on between them.
    """

    def __init__(self) -> None:
        super().__init__()
        self.serving = False
        self.problems: list[str] = []  # shown on every page while serving content with errors
        self.papers: dict[str, Paper] = {}
        self.hand_written: set[str] = set()
        # The HTML bodies of generated pages (src_uri -> zlib-compressed UTF-8) waiting to be built.
        self.bodies: dict[str, bytes] = {}
        self.curation_dir = "content/curation"
        self.branch = "main"
        self.indexing: Indexing | None = None  # Pagefind at work during `mkdocs build`
        self.scratch: Path | None = None
        self.dirty = False
        self.memo = Memo()  # results of pure steps, kept between the builds of `mkdocs serve`
        self.built: set[str] = set()  # site_dir files the last serve build made (dest paths)
        self.full_build_key: tuple[object, ...] | None = None
        self.search = BackgroundIndex(_log_at)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note whether this is ``mkdocs serve`` (``serve --clean`` says ``build`` here, and is
        recognised by ``on_serve`` from its second build on) and whether it rebuilds only pages
        whose Markdown changed (``--dirty``)."""
        self.serving = command == "serve"
        self.dirty = dirty
        if self.serving and dirty:  # the plugin keeps dirty builds equal to full ones
            logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty_warning)

    def on_shutdown(self) -> None:
        """Start no further search indexing once ``mkdocs serve`` ends."""
        self.search.close()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.paths = ContentPaths(root=root, content_dir=root / self.config.content_dir)
        self.problems = []
        if not config.repo_url:  # no repository: an edit link would be a path under the page (404)
            config.edit_uri = config.edit_uri_template = None
        if self.config.search_shard_pages < 1:
            found = self.config.search_shard_pages
            raise PluginError(f"search_shard_pages: expected a number of pages of at least 1, found {found}")
        try:
            # Before MkDocs cleans site_dir: a committed `site` link must not lead it elsewhere.
            unsafe = check_output_dir(Path(config.site_dir), root, "site_dir")
            if unsafe:
                raise ContentError(unsafe)
            self._stop_indexing()
            self.search.interrupt()  # serve: the pages are about to change; this build comes first
            memo, search_dir = (self.memo, None) if self.serving else (None, self._new_scratch() / "site")
            shard_pages = self.config.search_shard_pages
            self.search.index = functools.partial(background_index, shard_pages=shard_pages)
            url = config.site_url or DEFAULT_SITE_URL
            site = generate(self.paths, Path(config.docs_dir), url, search_dir, memo, shard_pages=shard_pages)
            self._start_indexing()
        except ContentError as err:
            self._stop_indexing()
            lines = [str(p) for p in err.problems]
            if self.serving:
                return self._show_problems(config, lines)
            raise PluginError(f"{err.summary()} in content:\n" + "\n".join(lines)) from None
        except Exception as err:  # a bug, not the content: one clear line, the traceback with -v
            self._stop_indexing()
            log.debug("".join(traceback.format_exception(err)))
            if self.serving:
                return self._show_problems(config, [internal_error(err)])
            raise PluginError(internal_error(err)) from None
        for problem in site.problems:
            log.info(str(problem))  # content warnings; `python -m generator check` lists them too
        config.extra["tag_pages"] = {t.name: tag_path(t)[: -len(".md")] + "/" for t in site.tags}
        try:
            curation = self.paths.curation.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:  # content outside the repository (tests, benchmarks)
            curation = "content/curation"
        self.curation_dir = curation
        self.papers = {paper_path(p): p for p in site.papers}
        self.hand_written = set(hand_written(self.paths))
        parts = (config.edit_uri or "").strip("/").split("/")
        self.branch = parts[1] if len(parts) > 1 and parts[0] == "edit" else "main"
        log.info(f"generated {len(site.papers)} paper pages from {len(site.digests)} digests")
        return config

    def _show_problems(self, config: MkDocsConfig, lines: list[str]) -> MkDocsConfig:
        """While serving: keep the last good pages in docs_dir (or, without any, write a home page
        saying the site could not be built) and list ``lines`` on every page built."""
        self.problems = lines
        for line in lines:  # in strict mode, a logged error would stop the build that shows them
            (log.info if config.strict else log.error)(line)
        docs_dir = Path(config.docs_dir)
        if not (docs_dir / "index.md").is_file():
            self.memo.written.clear()  # docs_dir no longer holds what the last build wrote
            try:
                write_pages({"index.md": ERROR_INDEX.encode("utf-8")}, docs_dir)
            except ContentError as err:
                raise PluginError("\n".join([*lines, *map(str, err.problems)])) from None
            config.nav = None  # the nav's other pages are not there
        return config

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Skip Markdown for a generated page whose body is one HTML block (``markup``): its
        ``render`` takes the block as the page's HTML, which is exactly what Markdown makes of it
        (``tests/test_escaping_property.py``), without building a Markdown converter and parsing
        the block for each of tens of thousands of pages. Hand-written pages always go through
        Markdown."""
        if page.file.src_uri not in self.hand_written and is_html_body(markdown):
            page.render = functools.partial(_take_html, page)  # type: ignore[method-assign]
            if page.file.src_uri in self.papers and os.environ.get("READING_LIST_PAPER_FRAME") != "off":
                page.meta["template"] = FRAME_TEMPLATE
            # MkDocs holds every page's Markdown and content from reading docs_dir until the whole
            # site is built. This page's HTML waits compressed instead, and is its content only
            # while its template renders (on_page_context to on_post_page).
            self.bodies[page.file.src_uri] = zlib.compress(markdown.strip("\n").encode("utf-8"), 1)
            return ""
        return markdown

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Offer the paper template (``FRAME_TEMPLATE``) its frame, made afresh for each build,
        and paper pages the address of the curation folder (``curation.curation_url``; ``None``
        without ``repo_url``), from which their script makes the edit action. Templates' ``tojson``
        writes compact JSON (no space after ``,`` and ``:``)."""
        self.frames: dict[bool, Frame | None] = {}
        env.globals["reading_list_paper_page"] = self._paper_page
        env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}  # tojson, compact
        folder = curation_url(config.repo_url, self.branch, self.curation_dir) if config.repo_url else None
        env.globals["reading_list_curation_url"] = folder
        return env

    @pass_context
    def _paper_page(self, context: Context) -> str:
        """A paper page: the frame of main.html, filled in (``frame.py``). The frame is made
        from the first paper page of each shape (with or without an address)."""
        page = context["page"]
        shape = page.canonical_url is None
        if shape not in self.frames:
            self.frames[shape] = _make_paper_frame(context, page)
        frame = self.frames[shape]
        if frame is None or "<h1" not in (page.content or ""):  # not the frame's shape: render it
            return context.environment.get_template("main.html").render(context.get_all())
        return fill(frame, frame_values(page))

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """While the content has errors, put the banner listing them on top of the page. A
        generated page's HTML (``on_page_markdown``) is let go once the page is made."""
        if self.bodies.pop(page.file.src_uri, None) is not None:
            page.content = None
        return with_banner(output, banner(self.problems)) if self.problems else output

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """While the content has errors, put the banner on the 404 page too, with a script that
        reloads it (``mkdocs serve`` sends 404 pages without its live-reload script)."""
        if self.problems and template_name == "404.html":
            return with_banner(output_content, banner(self.problems), RELOAD_SCRIPT)
        return output_content

    def on_page_context(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Give a generated page its HTML (``on_page_markdown``) for its template. Only
        hand-written pages keep MkDocs' edit action: a paper page's script makes one that opens
        its curation file (``reading_list_curation_url``, see ``on_env``)."""
        body = self.bodies.get(page.file.src_uri)
        if body is not None:
            page.content = zlib.decompress(body).decode("utf-8")
        if page.file.src_uri not in self.hand_written:
            page.edit_url = None  # list pages have no file to edit; paper pages' script makes theirs
        return context

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        """Watch the content folder instead of docs_dir: a changed digest, taxonomy or curation
        file rebuilds and reloads the browser once (docs_dir only holds what a build writes, so
        watching it too would rebuild every change twice)."""
        self.serving = True
        server.unwatch(config.docs_dir)
        server.watch(str(self.paths.content_dir))
        return server

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Under ``mkdocs serve --dirty`` (MkDocs then rebuilds only pages whose Markdown is newer
        than their HTML), keep site_dir equal to a full build (``_refresh_site_dir``)."""
        self.bodies = {}  # what a failed build left
        if self.serving and self.dirty:
            self._refresh_site_dir(Path(config.site_dir), files, config)
        return files

    def _refresh_site_dir(self, site_dir: Path, files: Files, config: MkDocsConfig) -> None:
        """Remove from ``site_dir`` what the last build wrote for files no longer there (a paper
        whose digest was removed), and the hand-written pages' HTML (few; they may show tag
        chips of tags that just changed), so that they are built again. When what every page
        shows changes (the content problems' banner, ``mkdocs.yml``, the theme's overrides),
        empty ``site_dir`` (the search index aside) so that every page is built again."""
        wanted = {file.dest_uri for file in files}
        key = full_build_key(config, self.problems)
        if key != self.full_build_key:
            clean_site_dir(site_dir)
        else:
            stale = self.built - wanted
            stale |= {f.dest_uri for f in files if f.src_uri in self.hand_written and f.is_documentation_page()}
            remove_files(site_dir, stale)
        self.full_build_key, self.built = key, wanted

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Put the search index into ``<site_dir>/pagefind/``. After ``mkdocs build``, before it
        ends: Pagefind has been indexing the paper pages' bodies since ``on_config``
        (``search.Indexing``), or, without them, indexes the built pages now; a failure fails the
        build with Pagefind's message. Under ``mkdocs serve``, in the background (``liveindex``),
        so that the browser reloads at once. First, split a sitemap of over 50,000 URLs into an
        index and its sitemaps (``write_sitemaps``)."""
        site_dir = Path(config.site_dir)
        parts = write_sitemaps(site_dir, config.site_url or DEFAULT_SITE_URL)
        if parts:
            log.info(f"sitemap: an index of {parts} sitemaps (over 50,000 URLs)")
        if self.serving:
            self.search.request(site_dir)
            return
        try:
            shard_pages = self.config.search_shard_pages
            index = self.indexing.finish(site_dir) if self.indexing else index_site(site_dir, shard_pages=shard_pages)
        except SearchIndexError as err:
            raise PluginError(f"search index: {err}") from None
        finally:
            self._stop_indexing()
        log.info(f"search index: {index.pages} paper pages in {index.seconds:.1f} s")

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the search indexing of a build that failed."""
        self._stop_indexing()

    def _new_scratch(self) -> Path:
        """A new temporary folder for the pages the search index is built from (removed after
        the build, ``_stop_indexing``)."""
        self.scratch = scratch_folder()
        return self.scratch

    def _start_indexing(self) -> None:
        """Start Pagefind over the pages ``generate`` wrote into ``scratch/site``, if any."""
        if self.scratch is not None and (self.scratch / "site").is_dir():
            self.indexing = Indexing(self.scratch)

    def _stop_indexing(self) -> None:
        if self.indexing is not None:
            self.indexing.stop()
            self.indexing = None
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


def _quiet_dirty_warning(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning that a dirty build may be inaccurate: under serve the plugin keeps
    the site folder equal to a full build (``on_files``), and a warning would stop ``--strict``."""
    return not str(record.msg).startswith("A 'dirty' build is being performed")


def _log_at(level: str, message: str) -> None:
    (log.error if level == "error" else log.info)(message)


def full_build_key(config: MkDocsConfig, problems: list[str]) -> tuple[object, ...]:
    """What every page shows beyond its own Markdown: the content problems (the banner), the
    bytes of ``mkdocs.yml`` and the names, sizes and times of the theme's override files."""
    source = Path(config.config_file_path) if config.config_file_path else None
    settings = source.read_bytes() if source is not None and source.is_file() else b""
    theme = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    overrides = (
        tuple((p.as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(theme.rglob("*")) if p.is_file())
        if theme is not None and theme.is_dir()
        else ()
    )
    return tuple(problems), settings, overrides


def clean_site_dir(site_dir: Path) -> None:
    """Empty ``site_dir`` but its search index (which a background run may be writing)."""
    if not site_dir.is_dir():
        return
    for path in site_dir.iterdir():
        if path.name == OUTPUT_SUBDIR:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def remove_files(site_dir: Path, dest_uris: set[str]) -> None:
    """Remove the files ``dest_uris`` (POSIX, relative to ``site_dir``), and folders left empty."""
    for uri in sorted(dest_uris):
        path = site_dir / uri
        path.unlink(missing_ok=True)
        for folder in path.parents:
            if folder == site_dir or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()


def _take_html(page: Page, config: MkDocsConfig, files: Files) -> None:
    """``Page.render`` for a page whose body is already HTML (``on_page_markdown`` keeps it): it
    has no table of contents and no anchors other pages link to."""
    page.content = ""
    page.toc = get_toc([])
    page.present_anchor_ids = set()


def _make_paper_frame(context: Context, page: Page) -> Frame | None:
    """Render main.html for a copy of ``page`` whose differing values are the frame's markers."""
    probe = copy.copy(page)
    probe.meta = {**page.meta, "title": SLOTS["title"], "description": SLOTS["description"]}
    probe.content = SLOTS["content"]
    probe.canonical_url = SLOTS["canonical_url"] if page.canonical_url is not None else None
    rendered = context.environment.get_template("main.html").render({**context.get_all(), "page": probe})
    return make_frame(tight(rendered))


def frame_values(page: Page) -> dict[str, str]:
    """Each frame slot's value for ``page`` as the templates print it: raw, or (``_text``)
    through Jinja's ``striptags`` and ``e`` filters, as the share card does."""
    title, description = str(page.meta.get("title", "")), str(page.meta.get("description", ""))
    return {
        "title": title,
        "title_text": str(escape(do_striptags(title))),
        "description": description,
        "description_text": str(escape(do_striptags(description))),
        "canonical_url": page.canonical_url or "",
        "canonical_url_text": str(escape(page.canonical_url or "")),
        "content": tight(page.content or "").strip("\n"),
    }
