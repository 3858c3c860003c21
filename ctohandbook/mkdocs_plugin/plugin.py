"""``plugins: - ctohandbook``: check the governance and publish it, in one MkDocs build.

A thin adapter: the core reads, checks and renders; this module hands the findings to MkDocs'
logger and the rendered pages to MkDocs as generated files. Like the command line, it pauses the
cyclic garbage collector around that work, and only there (`ctohandbook.gcpause`): MkDocs and
the other plugins run with the collector as they found it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..diagnostic import Diagnostic, Severity
from ..gcpause import without_cyclic_gc
from ..lint import lint_project
from ..model.handbook import ReadCache
from ..outputs.site import Publication, Site, publish
from ..project.loaders import adr_folder_files, handbook_history, tags_page
from ..project.settings import (
    ConfigError,
    Project,
    Settings,
    load_project,
    resolve_today,
    settings_from_options,
)
from ..render import SCRIPT, STYLESHEET
from ..render.markdown import title
from ..render.sanitize import clean
from ..sources.files import display_path, is_folder
from ..sources.package import package_text
from . import banner, nav, redirects

if TYPE_CHECKING:  # livereload pulls in the file watcher: only `serve` needs it
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)


class _Options(Config):  # type: ignore[no-untyped-call]
    """Empty: the options are validated by the core `Settings` (see `load_config`)."""


class HandbookPlugin(BasePlugin[_Options]):  # type: ignore[no-untyped-call]
    """Validates its options with the core `Settings`, lints once per build, and publishes the
    pages the core renders."""

    def __init__(self) -> None:
        self.options: dict[str, Any] = {}
        self.cache: ReadCache | None = None
        """Under `mkdocs serve`, kept across rebuilds: unchanged files are not read again. A
        single build keeps nothing, so the documents are freed once the pages are rendered."""
        self.project: Project | None = None
        self.published = Publication([], {})
        """The pages and files of the handbook, made in `on_config`."""
        self.generated: set[str] = set()
        """The generated pages, by path in the docs: data, whose HTML is sanitized."""
        self.runbooks: set[str] = set()
        """The runbooks' docs pages, by path in the docs: their front-matter title is data."""
        self.command = "build"
        self.failing: list[Diagnostic] = []
        """Under `mkdocs serve`, the findings that would fail the build: the pages they are
        about, and the overview, show them (see `on_page_markdown`)."""
        self.sources: dict[str, str] = {}
        """The file each generated page renders, as findings show it, by the page's path."""
        self.templates: set[str] = set()
        """The ADR tools' templates of the ADR folder (absolute paths): not decisions, so not
        published when the folder is inside the docs (their placeholder links would fail a
        strict build)."""

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None
                    ) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        """Keep the raw options: `Settings` validates them in `on_config`."""
        self.options = dict(options)
        return [], []

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"],
                   dirty: bool) -> None:
        """Start the cache under `mkdocs serve` (defining this hook makes MkDocs keep this
        instance, and so the cache, across rebuilds)."""
        self.command = command
        if command == "serve":
            self.cache = {}

    def _project(self, config: MkDocsConfig) -> Project:
        """The project as ``ctohandbook lint`` sees it: read from the same ``mkdocs.yml`` by the
        same code, so that both report the same findings and place option errors at their line.
        A configuration built in memory, with no file, is validated from MkDocs' options."""
        if config.config_file_path:
            return load_project(Path(config.config_file_path))
        return Project(Path.cwd(), settings_from_options(self.options), config.docs_dir)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Lint and render the handbook, the cyclic collector paused (all the reading and
        rendering of a build is here); stop the build when the findings fail ``fail_on``."""
        with without_cyclic_gc():
            self.published = self._publish(config)
        self.generated = {page.path for page in self.published.pages}
        self.sources = {page.path: display_path(page.source) for page in self.published.pages
                        if page.source is not None}
        if self.failing and banner.EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(banner.EXTENSION)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in map(str, config.extra_javascript):
            config.extra_javascript.append(SCRIPT)
        return config

    def _publish(self, config: MkDocsConfig) -> Publication:
        """The pages and files of the handbook, once its findings are logged and pass; under
        `mkdocs serve`, findings that fail are kept for the pages' banners instead of stopping
        the build, which would leave the preview stuck."""
        try:
            self.project = project = self._project(config)
            settings = project.settings
            result = lint_project(project, resolve_today(None, settings), cache=self.cache)
        except ConfigError as error:
            raise PluginError(f"ctohandbook: {error}") from None
        self._report(result.diagnostics)
        self.failing = []
        if result.fails(settings.fail_on):
            message = f"the handbook has findings that fail `fail_on: {settings.fail_on}`"
            if self.command != "serve":
                raise PluginError(f"ctohandbook: {message}")
            log.error(f"{message}: `mkdocs build` would stop here; the preview shows them on "
                      "the pages")
            self.failing = [finding for finding in result.diagnostics
                            if settings.fail_on == "warning"
                            or finding.severity is Severity.ERROR]
        history = handbook_history(project, result.handbook)
        if history is not None and history.shallow:
            log.info(history.missing)
        elif history is not None and history.missing:
            log.debug(f"no page history: {history.missing}")
        site = Site(config.site_url, config.site_name, config.use_directory_urls,
                    config.repo_url, tags_page(project))
        self.templates = {os.path.abspath(path) for path in result.handbook.adr_templates}
        self.runbooks = {runbook.docs_path for runbook in result.handbook.runbooks}
        adr_files, unread = adr_folder_files(project, result.handbook)
        self._report(unread)
        return publish(project, result, site, history, adr_files)

    @staticmethod
    def _report(findings: list[Diagnostic]) -> None:
        for finding in findings:
            level = log.error if finding.severity is Severity.ERROR else log.warning
            level(f"{finding} ({finding.hint})" if finding.hint else str(finding))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the rendered pages, the review calendar, the stylesheet and the script as
        generated files; a docs page that a generated page renders (an ADR of a folder inside
        the docs) is replaced by a redirect to it (see `redirects`)."""
        # Not resolved: the edit link is a path in the repository, even through a symlink.
        docs = os.path.abspath(config.docs_dir)
        taken = {file.src_uri for file in files}
        rendered = {file.abs_src_path: file for file in files.documentation_pages()
                    if file.abs_src_path is not None}
        for path, docs_file in rendered.items():
            if path in self.templates:
                docs_file.inclusion = InclusionLevel.EXCLUDED
                log.info(f"{docs_file.src_uri} is an ADR tool's template, not a decision: not "
                         "published")
        if files.get_file_from_path("index.md") is None and \
                files.get_file_from_path("README.md") is None:
            files.append(redirects.home(config, self._settings.pages_dir))
        for page in self.published.pages:
            if page.path in taken:
                raise PluginError(f"ctohandbook: {page.path} exists in {config.docs_dir}; move "
                                  "it, or set another `pages_dir`")
            # With an explicit `nav`, `on_nav` places the section pages itself: MkDocs must not
            # report them as left out of it (a warning under `validation: omitted_files`).
            inclusion = (InclusionLevel.INCLUDED if page.in_nav and config.nav is None
                         else InclusionLevel.NOT_IN_NAV)
            file = File.generated(config, page.path, content=page.markdown, inclusion=inclusion)
            if page.source is not None:
                file.edit_uri = Path(os.path.relpath(os.path.abspath(page.source),
                                                     docs)).as_posix()
                original = rendered.get(os.path.abspath(page.source))
                if original is not None:
                    files.remove(original)
                    files.append(redirects.moved(config, original, file))
            files.append(file)
        for path, data in self.published.files.items():
            if path in taken:
                raise PluginError(f"ctohandbook: {path} exists in {config.docs_dir}, where the "
                                  "build publishes a file of its own; rename it")
            files.append(File.generated(config, path, content=data))
        for asset in (STYLESHEET, SCRIPT):
            files.append(File.generated(config, asset,
                                        content=package_text("ctohandbook.render", asset)))
        return files

    def on_nav(self, nav_: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Put the section pages in the navigation (see `nav.place`); an entry of an explicit
        ``nav`` naming an ADR file of the docs shows its decision-log page instead."""
        nav.substitute(nav_, {file.src_uri: file.target.page for file in files
                              if isinstance(file, redirects.Moved) and file.page is not None
                              and file.target.page is not None})
        ours = [files.get_file_from_path(page.path) for page in self.published.pages
                if page.in_nav]
        pages = [file.page for file in ours if file is not None and file.page is not None]
        nav.place(nav_, pages, explicit_nav=config.nav is not None, title="Governance")
        return nav_

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """Escape a runbook's front-matter title, which is data shown in the navigation of
        every page (every page's source is read before any is rendered, so this is in time for
        all of them). Under `mkdocs serve` with findings that fail the build: open the overview,
        and each page of a file with such findings, with a banner listing them."""
        uri = page.file.src_uri
        if uri in self.runbooks and isinstance(page.meta.get("title"), str):
            page.meta["title"] = title(page.meta["title"])
        if not self.failing:
            return markdown
        if uri == f"{self._settings.pages_dir}/index.md":
            shown = self.failing
        else:
            source = self.sources.get(uri) or (
                display_path(Path(page.file.abs_src_path)) if page.file.abs_src_path else None)
            shown = [finding for finding in self.failing if finding.path == source]
        return banner.banner(shown, self._settings.fail_on) + markdown if shown else markdown

    @property
    def _settings(self) -> Settings:
        assert self.project is not None, "on_config made the project"
        return self.project.settings

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """Sanitize the HTML of generated pages, which show data (see `render.sanitize`);
        author-trusted pages stay as MkDocs renders them."""
        return clean(html) if page.file.src_uri in self.generated else html

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        """Rebuild when governance files change, not only the docs."""
        if self.project is not None:
            for folder in (self.project.policies_path, self.project.adrs_path,
                           self.project.templates_path):
                if folder is not None and is_folder(folder):
                    server.watch(str(folder))
        return server
