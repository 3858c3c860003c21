"""Placing the generated section pages in MkDocs' navigation.

Only the section pages (overview, catalogue, calendar, register, owners) go in the sidebar; the
page of each document is reached from them. Material renders the whole navigation into every
page, so a sidebar listing every policy would make large handbooks build in quadratic time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page


def _walk(items: Sequence[object]) -> Iterator[object]:
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _walk(item.children)


def place(nav: Navigation, ours: list[Page], *, explicit_nav: bool, title: str) -> None:
    """Put ``ours`` (overview first) in ``nav``.

    - an explicit ``nav`` that names any of them is left as the author wrote it;
    - an explicit ``nav`` that names none gets a section ``title`` at its end;
    - a navigation MkDocs built from the files gets the section it made for the pages folder
      flattened (no "Policies" sub-section holding only the catalogue) and put in reading order.
    """
    in_nav = [item for item in _walk(nav.items) if item in ours]
    if explicit_nav and in_nav:
        return
    section: Section
    if explicit_nav:
        section = Section(title, [])
        nav.items.append(section)
    else:
        parent = ours[0].parent
        if not isinstance(parent, Section):
            return  # the pages folder is the docs root: nothing to group
        section = parent
    wrappers = {page.parent for page in ours if page.parent is not section}
    section.children = [*ours, *(child for child in section.children
                                 if child not in ours and child not in wrappers)]
    for child in section.children:
        child.parent = section
    _relink(nav)


def substitute(nav: Navigation, pages: dict[str, Page]) -> None:
    """Put in place of each page of ``nav`` whose file's source path is a key of ``pages`` the
    page it maps to, under the title the ``nav`` gave it, if any."""
    if not pages:
        return

    def swap(items: list[StructureItem], parent: Section | None) -> None:
        for index, item in enumerate(items):
            if isinstance(item, Section):
                swap(item.children, item)
            elif isinstance(item, Page) and item.file.src_uri in pages:
                new = items[index] = pages[item.file.src_uri]
                new.parent = parent
                if "title" in vars(item):  # written in the `nav`: the author's title wins
                    new.title = item.title
    swap(nav.items, None)
    _relink(nav)


def _relink(nav: Navigation) -> None:
    """Recompute the page order that "previous" and "next" links follow."""
    pages = [item for item in _walk(nav.items) if isinstance(item, Page)]
    nav.pages = pages
    for before, after in zip([None, *pages], [*pages, None], strict=True):
        if before is not None:
            before.next_page = after
        if after is not None:
            after.previous_page = before
