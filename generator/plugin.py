"""MkDocs plugin ``reading-list``: generate the pages before MkDocs reads docs_dir.

A thin adapter over ``build.generate``. In ``mkdocs.yml``::

    plugins:
      - reading-list:
          content_dir: content

``mkdocs build`` and ``mkdocs serve`` then regenerate the pages on every build, fail with every
content error listed, and ``mkdocs serve`` watches ``content_dir`` so that a changed digest,
taxonomy or curation file reloads the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from .build import ContentPaths, generate, hand_written
from .curation import curation_edit_url
from .model import ContentError
from .render import paper_path, tag_path
from .search import SearchIndexError, index_site

log = get_plugin_logger(__name__)


class ReadingListConfig(Config):
    """The plugin's options: ``content_dir``, the content folder relative to ``mkdocs.yml``
    (its ``curation/`` subfolder is where each paper page's edit action points)."""

    content_dir = config_options.Type(str, default="content")


class ReadingListPlugin(BasePlugin[ReadingListConfig]):
    """Runs the generator at the start of every build (``on_config``) and indexes the built
    site for search at its end (``on_post_build``)."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.paths = ContentPaths(root=root, content_dir=root / self.config.content_dir)
        try:
            site = generate(self.paths, Path(config.docs_dir))
        except ContentError as err:
            raise PluginError(
                f"{len(err.problems)} problem(s) in content:\n" + "\n".join(map(str, err.problems))
            ) from None
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

    def on_page_context(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Point a paper page's edit action at its curation file (GitHub's new-file form when
        the file does not exist yet)."""
        paper = self.papers.get(page.file.src_uri)
        if paper is None:
            if page.file.src_uri not in self.hand_written:
                page.edit_url = None  # generated list pages have no file to edit
        elif config.repo_url:
            page.edit_url = curation_edit_url(config.repo_url, self.branch, self.curation_dir, paper)
        return context

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        """Watch the content folder instead of docs_dir: a changed digest, taxonomy or curation
        file rebuilds and reloads the browser once (docs_dir only holds what a build writes, so
        watching it too would rebuild every change twice)."""
        server.unwatch(config.docs_dir)
        server.watch(str(self.paths.content_dir))
        return server

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Index the built paper pages with Pagefind into ``<site_dir>/pagefind/`` (every build,
        every ``mkdocs serve`` rebuild); a failure fails the build with Pagefind's message."""
        try:
            index = index_site(Path(config.site_dir))
        except SearchIndexError as err:
            raise PluginError(f"search index: {err}") from None
        log.info(f"search index: {index.pages} paper pages in {index.seconds:.1f} s")
