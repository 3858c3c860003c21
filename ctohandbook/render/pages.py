"""A generated page, and the renderer every family of pages uses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..sources.history import Commit, History
from ..views.changes import commit_url


@dataclass(frozen=True)
class RenderedPage:
    """One generated Markdown page."""

    path: str
    """Where it goes, relative to the docs folder, with ``/`` separators."""
    markdown: str
    source: Path | None = None
    """The YAML file it renders, for "Edit this page"; ``None`` for pages of many files."""
    in_nav: bool = True
    """Section pages are in the navigation; per-document pages are reached from them, which
    keeps the sidebar short and the build linear in the number of documents."""


@dataclass(frozen=True)
class LastChange:
    """When a page's source last changed, as the page shows it."""

    commit: Commit
    url: str | None
    """The commit's web page, when the site has a ``repo_url``."""


class PageMaker:
    """Renders one template into a `RenderedPage` below the pages folder; what every family of
    pages (policies, ADRs, decision rights, runbooks) is rendered with.

    Every template gets ``changed``: the `LastChange` of the page's source file, or ``None``
    (no history, a page of many files, a file never committed)."""

    def __init__(self, env: jinja2.Environment, pages_dir: str, *,
                 history: History | None = None, repo_url: str | None = None,
                 **shared: object) -> None:
        self.env = env
        self.pages_dir = pages_dir
        self.history = history
        self.repo_url = repo_url
        self.shared = shared

    def changed(self, source: Path | None) -> LastChange | None:
        """The last change of ``source``, when git knows it."""
        commit = self.history.of(source) if self.history and source is not None else None
        return LastChange(commit, commit_url(self.repo_url, commit)) if commit else None

    def __call__(self, template: jinja2.Template | str, path: str, source: Path | None = None,
                 in_nav: bool = True, **values: object) -> RenderedPage:
        text = self.env.get_template(template).render(
            **self.shared, changed=self.changed(source), **values)
        return RenderedPage(f"{self.pages_dir}/{path}", text, source, in_nav)
