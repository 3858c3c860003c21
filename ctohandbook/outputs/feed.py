"""The changes feed: the newest changelog entries as an Atom feed (RFC 4287), so that people
who must know when a rule changes hear of it in the feed reader or chat channel they already
follow, instead of rereading the handbook.

Like the review calendar, the feed depends on the handbook and the site's settings alone: ids
are UUIDs derived from the site, the document and the version (a new build never makes a
reader show an old entry again), and ``updated`` is the newest entry's date, not the clock.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from xml.etree import ElementTree

from ..views.changes import CHANGES_PAGE, ChangeView, ReleaseView
from .calendar import page_url, uid_domain

FEED = "changes.xml"
"""The feed's file, relative to the pages folder (beside the changes page)."""

LIMIT = 100
"""How many of the newest entries the feed holds: readers keep what they have seen, and a
handbook of thousands of documents would otherwise publish megabytes on every build."""

ATOM = "http://www.w3.org/2005/Atom"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold, even escaped; valid YAML can (``"\\a"``)."""


def feed_path(pages_dir: str) -> str:
    """Where the feed is published, relative to the docs folder: ``governance/changes.xml``."""
    return f"{pages_dir}/{FEED}"


def _stamp(day: date) -> str:
    """An Atom date (RFC 3339): the day at midnight UTC."""
    return f"{day.isoformat()}T00:00:00Z"


def _id(domain: str, *parts: str) -> str:
    """A stable ``urn:uuid:`` id: the same site, document and version give the same id."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "/".join([domain, *parts])).urn


def changes_feed(groups: list[ReleaseView], site_url: str | None, pages_dir: str, *,
                 name: str = "Handbook", use_directory_urls: bool = True,
                 today: date) -> bytes:
    """The Atom feed of the newest `LIMIT` changes in ``groups``, as UTF-8 bytes.

    With ``site_url`` (MkDocs' ``site_url``) links are absolute and the feed names its own
    address; without, links are relative to the feed, which readers resolve against where
    they fetched it. An empty handbook's feed is dated ``today``."""
    domain = uid_domain(site_url)

    def url(page: str) -> str:
        if site_url:
            return page_url(f"{pages_dir}/{page}", site_url, use_directory_urls)
        return page_url(page, None, use_directory_urls)  # the feed is in the pages folder

    changes: list[tuple[ChangeView, str | None]] = [
        (change, group.release.name if group.release else None)
        for group in groups for change in group.changes][:LIMIT]
    # The namespace as a plain attribute: unprefixed tags without `register_namespace`, which
    # would change how every ElementTree user in the process writes this namespace.
    root = ElementTree.Element("feed", xmlns=ATOM)

    def add(parent: ElementTree.Element, tag: str, text: str | None = None,
            **attributes: str) -> ElementTree.Element:
        element = ElementTree.SubElement(
            parent, tag,
            {key: _NOT_XML.sub("", value) for key, value in attributes.items()})
        element.text = None if text is None else _NOT_XML.sub("", text)
        return element

    add(root, "id", _id(domain, "changes"))
    add(root, "title", f"{name} changes")
    add(root, "updated", _stamp(changes[0][0].day if changes else today))
    add(add(root, "author"), "name", name)
    add(root, "generator", "ctohandbook")
    add(root, "link", rel="alternate", type="text/html", href=url(CHANGES_PAGE))
    if site_url:
        add(root, "link", rel="self", type="application/atom+xml", href=url(FEED))
    for change, release in changes:
        model = change.document.model
        entry = add(root, "entry")
        add(entry, "id", _id(domain, model.id, change.version))
        add(entry, "title", f"{model.id} {change.version}: {' '.join(model.title.split())}")
        add(entry, "updated", _stamp(change.day))
        add(entry, "link", rel="alternate", type="text/html", href=url(change.document.page))
        add(entry, "summary", change.summary)
        if release is not None:
            add(entry, "category", term=release, label=f"Release {release}")
    ElementTree.indent(root)
    xml: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return xml + b"\n"
