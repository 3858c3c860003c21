"""Putting text from YAML into generated Markdown safely.

Text fields are Markdown, so links, emphasis and lists render; but raw HTML in them must show as
text, never run, and a value must never break the page around it (a table row, a heading). MkDocs
renders the whole page in one Markdown pass, so the text is neutralised here, in the source:

- ``<`` outside code becomes ``&lt;``, so no tag can open, and ``{`` is escaped, so no attribute
  list (``attr_list``) can add an event handler;
- a line that would start a heading is escaped, so user text cannot add to the table of
  contents or the page structure;
- in table cells, ``|`` is escaped and newlines become spaces.

Code is where ``<`` stays as written, so what is code is decided here, the way Python-Markdown
will read the text whatever extensions the site enables, never by a guess that Markdown could
read otherwise:

- a code span is a run of backticks that Markdown lets open one (no backslash escapes it) and
  the next run of the same length *on the same line*: a span over several lines could be cut by
  a blank line, a heading or a list item, which would leave its ``<`` outside code;
- every other backtick is written as ``&#96;``: a stray one would pair with a backtick of the
  page or of the next value on the line and turn their code into text, or their text into code;
- a fenced block becomes an HTML ``<pre>`` block with its text as character references, since
  ``` ``` ``` and ``~~~`` lines are fences only where an extension makes them so (the example
  handbook enables none): elsewhere they are text, and the lines between them Markdown.

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

_RUN = re.compile(r"`+")
_FENCE = re.compile(r"(?P<indent>[ \t]*)(?P<fence>(?P<char>[`~])(?P=char){2,})"
                    r"[ \t]*[\w+#.-]*[ \t]*")
"""An opening fence line: its info string may only name a language (``python``, ``c++``), so a
line such as ``~~~ <b> ~~~`` stays text, shown whole."""
_HEADING = re.compile(r"^(\s{0,3})(#{1,6}\s|=+\s*$|-{2,}\s*$)", re.MULTILINE)
_TICK = "&#96;"
"""A backtick that shows as one and opens or closes no code span."""


def _escaped(line: str, start: int) -> bool:
    """Whether the character at ``start`` is escaped: an odd number of backslashes before it (an
    even number only escapes backslashes)."""
    before = start
    while before and line[before - 1] == "\\":
        before -= 1
    return (start - before) % 2 == 1


def _line_outside_spans(line: str, escape: Callable[[str], str]) -> str:
    """One line escaped outside its code spans: Markdown closes a span with the next run of
    backticks of the same length."""
    runs = list(_RUN.finditer(line))
    closers: list[int | None] = [None] * len(runs)
    following: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        closers[index] = following.get(len(runs[index][0]))
        following[len(runs[index][0])] = index
    parts, end, index = [], 0, 0
    while index < len(runs):
        run, closer = runs[index], closers[index]
        parts.append(escape(line[end:run.start()]))
        escaped = _escaped(line, run.start())
        if closer is None or escaped:
            # `\`` shows a backtick; the rest of the run, and every backtick of a run that
            # opens nothing, could still open a span or close another value's.
            parts.append("`" * escaped + _TICK * (len(run[0]) - escaped))
            end, index = run.end(), index + 1
        else:
            end, index = runs[closer].end(), closer + 1
            parts.append(line[run.start():end])
    parts.append(escape(line[end:]))
    return "".join(parts)


def _outside_spans(text: str, escape: Callable[[str], str]) -> str:
    """``text`` escaped outside its code spans, line by line (`str.splitlines` ends a line
    wherever Markdown could, and at a few more characters: a span cut there is only shown as
    text)."""
    if "`" not in text:  # the common case: no code to keep as it is
        return escape(text)
    return "".join(_line_outside_spans(line, escape) if "`" in line else escape(line)
                   for line in text.splitlines(keepends=True))


def _pre(fence: re.Match[str], lines: list[str]) -> str:
    """A fenced block as an HTML block that shows its text the same with or without a fence
    extension: every character but letters, digits and spaces is a character reference, so
    neither HTML nor Markdown finds anything in it, and newlines too, so it is one line that no
    blank line or list can cut."""
    code = "\n".join(line.removeprefix(fence["indent"]) for line in lines)
    text = "".join(char if char.isalnum() or char == " " else f"&#{ord(char)};" for char in code)
    return f"{fence['indent']}<pre><code>{text}</code></pre>"


def _outside_code(text: str, escape: Callable[[str], str]) -> str:
    """``text`` escaped outside its code: code spans are kept as written, fenced blocks become
    `_pre` blocks. A fence ends at a line of at least as many of its characters, or at the end
    of the text (as in CommonMark)."""
    if "```" not in text and "~~~" not in text:
        return _outside_spans(text, escape)
    parts: list[str] = []
    prose: list[str] = []
    code: list[str] = []
    fence: re.Match[str] | None = None
    for line in text.splitlines(keepends=True):
        content = line.splitlines()[0]
        if fence is None:
            fence = _FENCE.fullmatch(content)
            if fence is None:
                prose.append(line)
            else:
                parts.append(_outside_spans("".join(prose), escape))
                prose, code = [], []
        elif (set(closing := content.strip()) == {fence["char"]}
              and len(closing) >= len(fence["fence"])):
            parts.append(_pre(fence, code) + line[len(content):])
            fence = None
        else:
            code.append(content)
    if fence is not None:
        parts.append(_pre(fence, code))
    parts.append(_outside_spans("".join(prose), escape))
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
    """A YAML value safe to place within a line (a heading, a list item): one line, where a
    fence is no block, so its backticks pair like any others."""
    text = " ".join((text or "").split())
    _note_links(text)
    return _outside_spans(text, _escape)


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
