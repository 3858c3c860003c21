"""What the decision log and each ADR's page show: the ADR, its supersession and other links,
the documents that cite it, and its body with links pointed at the published pages.

The body is otherwise published as written; raw HTML in it is shown as text when the page is
rendered (see `render.markdown.document`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..model import Handbook
from ..model.adr import STATUSES, Adr, successors
from .documents import DocumentView
from .paths import adr_page


class AdrLink(NamedTuple):
    """Another ADR as an ADR page links to it (pages of the same folder)."""

    id: str
    title: str
    page: str
    relation: str = ""


def _link(adr: Adr, relation: str = "") -> AdrLink:
    return AdrLink(adr.id, adr.title or adr.id, f"{adr.slug}.md", relation)


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
    def status_class(self) -> str:
        """The badge class: the status when it is a known one (the text is the author's)."""
        return self.adr.status if self.adr.status in STATUSES else "unknown"


_TARGET = re.compile(r"(?P<before>\]\(\s*<?|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?)(?P<target>[^\s)>]+)",
                     re.MULTILINE)
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

    def __call__(self, adr: Adr) -> str:
        folder = os.path.dirname(os.path.abspath(adr.document.source.path))

        def target(match: re.Match[str]) -> str:
            link = match["target"]
            if _SCHEME.match(link) or link.startswith(("#", "/")):
                return match[0]
            path, hash_, fragment = link.partition("#")
            resolved = os.path.normpath(os.path.join(folder, path))
            page = self.adr_pages.get(resolved)
            if page is None and self.docs_dir and resolved.startswith(self.docs_dir + os.sep):
                page = self.up + Path(os.path.relpath(resolved, self.docs_dir)).as_posix()
            return match[0] if page is None else match["before"] + page + hash_ + fragment

        return _TARGET.sub(target, adr.body)


def build_adr_views(handbook: Handbook, documents: list[DocumentView], pages_dir: str,
                    docs_dir: Path | None) -> list[AdrView]:
    """Views of every ADR (the first file of a duplicate id), newest first."""
    index = handbook.adr_index
    adrs = [adr for adr in handbook.adrs or () if index[adr.id] is adr]
    relink = _Relinker({os.path.abspath(adr.document.source.path): f"{adr.slug}.md"
                        for adr in adrs},
                       os.path.abspath(docs_dir) if docs_dir else None,
                       "../" * (pages_dir.count("/") + 2))
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
