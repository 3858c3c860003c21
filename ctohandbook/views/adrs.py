"""What the decision log and each ADR's page show: the ADR, its supersession and other links,
the documents that cite it, and its body with links pointed at the published pages.

The body is otherwise published as written, rendered by the site's Markdown like the same file
as a page; the page's HTML is then sanitized (see `render.sanitize`).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

from ..model import Handbook
from ..model.adr import MARKDOWN_SUFFIXES, STATUSES, Adr, successors
from .documents import DocumentView
from .paths import ADR_FOLDER, adr_folder_file, adr_page

NO_STATUS = "no status"
"""What an ADR without a status is counted and filtered under."""


class AdrLink(NamedTuple):
    """Another ADR as an ADR page links to it (pages of the same folder)."""

    id: str
    title: str
    page: str
    relation: str = ""
    label: str = ""
    """What the link shows: see `label`."""


def label(adr: Adr) -> str:
    """How pages name an ADR: ``ADR-0007 Use X`` for a numbered one, the title alone for one
    whose id is a file stem (``20240101-use-x``), which would repeat the title."""
    title = adr.title or "Untitled"
    return f"{adr.id} {title}" if adr.numbered else title


def _link(adr: Adr, relation: str = "") -> AdrLink:
    return AdrLink(adr.id, adr.title or adr.id, f"{adr.slug}.md", relation, label(adr))


def status_key(adr: Adr) -> str:
    """What an ADR is counted and filtered under: its lifecycle state (``Approved`` is
    accepted), an unknown status under its own words in lower case, else `NO_STATUS`."""
    return adr.status or NO_STATUS


def status_counts(views: Sequence[AdrView]) -> list[tuple[str, int]]:
    """How many ADRs have each status present: the lifecycle's in its order, then any other
    status by name, then `NO_STATUS`; a status no ADR has is not listed. The decision log and
    the overview count with this, so that they agree."""
    counts = Counter(status_key(view.adr) for view in views)
    order = {status: index for index, status in enumerate(STATUSES)}
    return [(status, counts[status]) for status in sorted(
        counts, key=lambda status: (status == NO_STATUS, order.get(status, len(order)),
                                    status))]


@dataclass
class AdrView:
    """An ADR with everything its page and the log show."""

    adr: Adr
    body: str
    """The Markdown body with its links pointed at the published pages."""
    successors: list[AdrLink] = field(default_factory=list)
    predecessors: list[AdrLink] = field(default_factory=list)
    links: list[AdrLink] = field(default_factory=list)
    cited_by: list[DocumentView] = field(default_factory=list)

    @property
    def page(self) -> str:
        """Its page, relative to the pages folder."""
        return adr_page(self.adr)

    @property
    def label(self) -> str:
        """What its page is titled: see `label`."""
        return label(self.adr)

    @property
    def status_class(self) -> str:
        """The badge class: the status when it is a known one (the text is the author's)."""
        return self.adr.status if self.adr.status in STATUSES else "unknown"


_TARGET = re.compile(r"(?P<before>\]\(\s*|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*)"
                     r"(?:<(?P<angled>[^>\n]+)>|(?P<target>[^\s)<>]+))", re.MULTILINE)
"""A link's target, plain (``0002%20use%20y.md``) or in CommonMark's angle brackets, which
allow spaces (``<0002 use y.md>``)."""
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class _Relinker:
    """Points the relative links of ADR bodies at the published pages."""

    adr_pages: dict[str, str]
    """ADR files (absolute paths) to their page names."""
    docs_dir: str | None
    """The absolute docs folder, when known."""
    up: str
    """From an ADR page to the docs root: ``../../`` below ``governance/adrs/``."""
    adrs_dir: str | None = None
    """The absolute ADR folder, when known: its other files are published beside the ADR
    pages when it is outside the docs folder (`paths.adr_folder_file`)."""

    def __call__(self, adr: Adr) -> str:
        folder = os.path.dirname(os.path.abspath(adr.document.source.path))

        def target(match: re.Match[str]) -> str:
            link = match["angled"] if match["angled"] is not None else unquote(match["target"])
            if _SCHEME.match(link) or link.startswith(("#", "/")):
                return match[0]
            path, hash_, fragment = link.partition("#")
            page = self._published(os.path.normpath(os.path.join(folder, path)))
            if page is None:
                return match[0]
            # Spaces percent-encoded, not in angle brackets: the page escapes a body's `<`.
            return match["before"] + (page + hash_ + fragment).replace(" ", "%20")

        return _TARGET.sub(target, adr.body)

    def _published(self, resolved: str) -> str | None:
        """Where the file at ``resolved`` is published, relative to an ADR page: an ADR's
        page, a docs page or file, or a file of the ADR folder outside the docs; ``None`` for
        anything else (left as written)."""
        page = self.adr_pages.get(resolved)
        if page is not None:
            return page
        if self.docs_dir and resolved.startswith(self.docs_dir + os.sep):
            return self.up + Path(os.path.relpath(resolved, self.docs_dir)).as_posix()
        if self.adrs_dir and resolved.startswith(self.adrs_dir + os.sep) and \
                not resolved.lower().endswith(MARKDOWN_SUFFIXES):
            relative = Path(os.path.relpath(resolved, self.adrs_dir)).as_posix()
            return adr_folder_file(relative).removeprefix(ADR_FOLDER + "/")
        return None


def build_adr_views(handbook: Handbook, documents: list[DocumentView], pages_dir: str,
                    docs_dir: Path | None) -> list[AdrView]:
    """Views of every ADR (the first file of a duplicate id), newest first."""
    index = handbook.adr_index
    adrs = [adr for adr in handbook.adrs or () if index[adr.id] is adr]
    relink = _Relinker({os.path.abspath(adr.document.source.path): f"{adr.slug}.md"
                        for adr in adrs},
                       os.path.abspath(docs_dir) if docs_dir else None,
                       "../" * (pages_dir.count("/") + 2),
                       os.path.abspath(handbook.adrs_dir) if handbook.adrs_dir else None)
    views = {adr.id: AdrView(adr, relink(adr)) for adr in adrs}
    for old, new_ids in successors(adrs, index).items():
        for new in new_ids:
            views[old].successors.append(_link(index[new]))
            views[new].predecessors.append(_link(index[old]))
    for view in views.values():
        view.links = [_link(index[ref.key], ref.relation) for ref in view.adr.links
                      if ref.key in index]
    for document in documents:
        for ref in document.adrs:
            views[ref.id].cited_by.append(document)
    return sorted(views.values(), key=lambda v: (v.adr.date is not None, v.adr.date, v.adr.id),
                  reverse=True)
