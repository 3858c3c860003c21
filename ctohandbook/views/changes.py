"""The changes page: every changelog entry of the handbook, newest first, grouped by release.

A release is a git tag reachable from the built commit (see `sources.history`). An entry belongs
to the first release tagged on or after its date: the changelog says when a version took
effect, and the tag says when the handbook holding it was released. Entries dated after the
newest tag are not released yet. Without tags, one list.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlsplit

from ..sources.history import Commit, Release
from .documents import DocumentView

CHANGES_PAGE = "changes.md"
"""The page, relative to the pages folder."""


@dataclass(frozen=True)
class ChangeView:
    """One changelog entry with its document."""

    document: DocumentView
    version: str
    day: date
    summary: str


@dataclass(frozen=True)
class ReleaseView:
    """The entries of one release, newest first."""

    release: Release | None
    """``None``: entries no release holds yet (or every entry, when there are no tags)."""
    changes: list[ChangeView]


def build_changes(documents: list[DocumentView], releases: tuple[Release, ...]
                  ) -> list[ReleaseView]:
    """Every changelog entry of ``documents`` by release, newest release first and newest
    entry first within it (ties by document id, then in the changelog's own order).
    ``releases`` is newest first, as `History.releases` holds them."""
    entries = [ChangeView(view, entry.version, entry.date, entry.summary)
               for view in documents for entry in view.model.changelog]
    entries.sort(key=lambda change: change.document.model.id)
    entries.sort(key=lambda change: change.day, reverse=True)
    oldest_first = sorted(releases, key=lambda release: release.day)
    days = [release.day for release in oldest_first]
    groups: dict[Release | None, list[ChangeView]] = {}
    for change in entries:
        index = bisect_left(days, change.day)
        release = oldest_first[index] if index < len(oldest_first) else None
        groups.setdefault(release, []).append(change)
    return [ReleaseView(release, changes) for release, changes in groups.items()]


def commit_url(repo_url: str | None, commit: Commit) -> str | None:
    """The web page of ``commit`` on the forge ``repo_url`` points at (GitHub, GitLab,
    Bitbucket, and Gitea or Forgejo, which share GitHub's form); ``None`` without a
    ``repo_url``. The URL is percent-encoded where Markdown would misread it."""
    if not repo_url:
        return None
    host = urlsplit(repo_url).netloc.lower()
    path = "-/commit" if "gitlab" in host else "commits" if "bitbucket" in host else "commit"
    return quote(f"{repo_url.rstrip('/')}/{path}/{commit.id}", safe=":/?#@!$&'*+,;=%~")
