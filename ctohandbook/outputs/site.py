"""Everything a build publishes for a handbook: the pages, the review calendar, the changes feed
and ``governance.json``.

One function for the MkDocs plugin and ``ctohandbook render``, so that what a reviewer reads in
``render --out`` is what the site serves, byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..lint import LintResult
from ..project.settings import Project
from ..render import RenderedPage, render_view
from ..sources.history import History
from ..views import build_view
from ..views.paths import adr_folder_file
from .calendar import calendar_path, review_calendar
from .export import EXPORT_FILE, as_json, governance
from .feed import changes_feed, feed_path

__all__ = ["Publication", "Site", "publish"]


@dataclass(frozen=True)
class Site:
    """The MkDocs settings the published files depend on."""

    url: str | None = None
    """``site_url``: with it, the feeds' links are absolute; without, relative to the site."""
    name: str = "Handbook"
    """``site_name``, which names the feeds."""
    use_directory_urls: bool = True
    repo_url: str | None = None
    """Where commits are linked from "Last changed" lines."""
    tags_page: str | None = None
    """The docs page listing pages by tag (`project.loaders.tags_page`), which the catalogue's
    tags link to; without one, tags are text."""


@dataclass(frozen=True)
class Publication:
    """The generated pages, and the other files by their path relative to the docs folder."""

    pages: list[RenderedPage]
    files: dict[str, bytes]


def publish(project: Project, result: LintResult, site: Site,
            history: History | None = None,
            adr_files: Mapping[str, bytes] | None = None) -> Publication:
    """What the build of ``project`` publishes for the handbook ``result`` read, with
    ``adr_files``, the other files of an ADR folder outside the docs by their path in it
    (`project.loaders.adr_folder_files`), beside the ADR pages that link to them."""
    settings, handbook, context = project.settings, result.handbook, result.context
    pages_dir = settings.pages_dir
    templates = project.templates_path
    view = build_view(handbook, context, pages_dir=pages_dir,
                      exception_request_url=settings.exception_request_url,
                      docs_dir=project.docs_path, history=history, findings=result.diagnostics)
    pages = render_view(view, handbook.owners, pages_dir=pages_dir,
                        templates_dir=str(templates) if templates else None, history=history,
                        repo_url=site.repo_url, tags_page=site.tags_page)
    files: dict[str, bytes] = {}
    if view.sections.reviews:  # the feeds go with the pages they link to
        files[calendar_path(pages_dir)] = review_calendar(
            view, site.url, pages_dir, name=site.name,
            use_directory_urls=site.use_directory_urls)
    if view.sections.changes:
        files[feed_path(pages_dir)] = changes_feed(
            view.changes, site.url, pages_dir, name=site.name,
            use_directory_urls=site.use_directory_urls, today=context.today)
    files[EXPORT_FILE] = as_json(governance(handbook, context, pages_dir, view)).encode("utf-8")
    for path in [*(page.path for page in pages), *files]:
        inside_site(path)
    # Not `inside_site`: these are listed below the ADR folder, so inside it by construction,
    # and named as their authors named them (spaces and all), which the ADR pages link to.
    files.update({f"{pages_dir}/{adr_folder_file(path)}": data
                  for path, data in (adr_files or {}).items()})
    return Publication(pages, files)


_SAFE_PATH = re.compile(r"^(?!/)(?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*$")


def inside_site(path: str) -> str:
    """``path`` when it names a place inside the site folder, else `ValueError`.

    Every piece of a generated path is validated where it is read (ids, owner keys and ADR file
    names in the models, ``pages_dir`` in the settings), so this never fires on what a file
    holds; it is the last check before anything is published, should a template or a new kind
    ever build a path from an unchecked value.
    """
    if not _SAFE_PATH.match(path) or any(part in (".", "..") for part in path.split("/")):
        raise ValueError(f"refusing to publish {path!r}: not a path inside the site")
    return path
