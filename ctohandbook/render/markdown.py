"""Putting text from YAML into generated Markdown safely.

Text fields are Markdown, so links, emphasis and lists render; but raw HTML in them must show as
text, never run, and a value must never break the page around it (a table row, a heading). MkDocs
renders the whole page in one Markdown pass, so the text is neutralised here, in the source:

- ``<`` outside code becomes ``&lt;``, so no tag can open (code spans and fenced blocks show
  their content literally anyway), and ``{`` is escaped, so no attribute list (``attr_list``)
  can add an event handler;
- a line that would start a heading is escaped, so user text cannot add to the table of
  contents or the page structure;
- in table cells, ``|`` is escaped and newlines become spaces.

Link targets are checked after rendering, in `safe_links`, since a scheme is easier to judge in
HTML than in the many link syntaxes of Markdown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from contextvars import ContextVar

LINK_SYNTAX = ("](", "]:")
"""What every Markdown link needs: ``[text](url)``, or a ``[id]: url`` definition for the
reference forms. Autolinks (``<url>``) cannot occur: ``<`` is escaped."""

links_seen: ContextVar[list[str] | None] = ContextVar("links_seen", default=None)
"""Set by the renderer around one page: the filters note there the text that may hold a link,
so that only such pages need `safe_links`."""

_CODE = re.compile(r"(?P<fence>```|~~~)[\s\S]*?(?P=fence)|(?P<ticks>`+)[\s\S]*?(?P=ticks)")
_HEADING = re.compile(r"^(\s{0,3})(#{1,6}\s|=+\s*$|-{2,}\s*$)", re.MULTILINE)


def _outside_code(text: str, escape: Callable[[str], str]) -> str:
    if "`" not in text and "~~~" not in text:  # the common case: no code to keep as it is
        return escape(text)
    parts, end = [], 0
    for match in _CODE.finditer(text):
        parts.append(escape(text[end:match.start()]))
        parts.append(match.group(0))
        end = match.end()
    parts.append(escape(text[end:]))
    return "".join(parts)


def _unheading(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    # `\=` is no Markdown escape, but the entity `&#61;` renders as "=" and starts no heading.
    return indent + ("&#61;" + marker[1:] if marker.startswith("=") else "\\" + marker)


def _neutralise(text: str) -> str:
    # `{` would open an attribute list (`{: onfocus=... autofocus }`) where attr_list is on.
    return text.replace("<", "&lt;").replace("{", "\\{")


def _escape(text: str) -> str:
    return _HEADING.sub(_unheading, _neutralise(text))


def _note_links(text: str) -> None:
    seen = links_seen.get()
    if seen is not None and any(syntax in text for syntax in LINK_SYNTAX):
        seen.append(text)


def block(text: str | None) -> str:
    """Markdown from a YAML text field, safe to place as a block of a page."""
    text = (text or "").strip()
    _note_links(text)
    return _outside_code(text, _escape)


def document(text: str) -> str:
    """A whole Markdown document (the body of an ADR), safe to publish: like `block`, but its
    own headings stay headings."""
    _note_links(text)
    return _outside_code(text, _neutralise)


def inline(text: str | None) -> str:
    """A YAML value safe to place within a line (a heading, a list item): one line."""
    return " ".join(block(text).split())


def cell(text: str | None) -> str:
    """A YAML value safe to place in a Markdown table cell."""
    return inline(text).replace("|", "\\|")


def code(text: str) -> str:
    """A YAML value shown literally as inline code (a glob, a key), outside tables: a code span
    shows its content as text, so only a backtick, which would close it early, needs care (the
    span is delimited by one more backtick than the longest run inside)."""
    text = " ".join(text.split())
    ticks = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


_TITLE_SAFE = str.maketrans("<>&", "‹›＆")


def title(text: str) -> str:
    """A title for navigation and the browser tab, which themes print without escaping: no
    angle brackets or ampersands at all, so nothing in it can be read as markup."""
    return " ".join(text.translate(_TITLE_SAFE).split())


_URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"/?#]*[:&][^"]*)"', re.IGNORECASE)
"""Link attributes whose value could carry a scheme: a ``:`` (or an entity that may encode one)
before any ``/``, ``?`` or ``#``. Relative links, most of a page's, are not even looked at."""
_SAFE_SCHEMES = ("http:", "https:", "mailto:", "#", "/", "./", "../")


def safe_links(page_html: str) -> str:
    """Neutralise links whose scheme could run code (``javascript:``, ``data:``, ...).

    Browsers ignore tabs and newlines in a scheme and decode entities, so the value is normalised
    the same way before it is judged; relative links have no scheme and pass.
    """

    def check(match: re.Match[str]) -> str:
        value = "".join(html.unescape(match.group(2)).split()).lower()
        scheme = value.split(":", 1)[0] if ":" in value.split("/", 1)[0] else ""
        if not scheme or value.startswith(_SAFE_SCHEMES):
            return match.group(0)
        return f'{match.group(1)}="#unsafe-link-removed"'

    return _URL_ATTRIBUTE.sub(check, page_html)
