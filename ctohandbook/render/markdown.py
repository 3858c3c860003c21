"""Putting text from YAML, and ADR bodies, into generated Markdown.

Text is Markdown and goes through the site's own Markdown as it is written: links, emphasis,
lists, tables, fenced code with the site's highlighting, autolinks (``<https://…>``) and HTML.
What keeps a reader safe is not the Markdown source but the HTML: every generated page is
cleaned by an allowlist sanitizer (`render.sanitize`, which also says who is trusted with
what). Here is only what a sanitizer cannot do, since it sees a page whose structure Markdown
has already made:

- a line of a block (`block`) that would start a heading is escaped, so that text from YAML
  adds nothing to the table of contents or the page's structure (lines in fenced code are
  code, kept as written; a fence extension, such as the example's ``pymdownx.superfences``,
  makes them code for Markdown too); an ADR body is a whole document, published as written.
  Attribute lists (``{: .class }`` where the site enables ``attr_list``) stay in both, as on
  the site's own pages: what they could add that runs or restyles (``onfocus``, ``style``,
  Material's own ids) the sanitizer removes, and a class or an id is cosmetic. A raw HTML
  heading (``<h2>``) shows as a heading but, being HTML, never enters the table of contents;
- a value placed within a line (`inline`, `cell`: a heading, a list item, a table row) is one
  line, and cannot end the element around it (a sanitizer would balance a stray ``</td>``, but
  only after it has closed the row): ``<`` is shown as text (but in code, an autolink
  or an HTML comment, which is dropped), so no ``</td>`` or ``</table>`` closes the row, and
  ``{`` is escaped, so no attribute list (``attr_list``) changes a heading's anchor; in table
  cells, ``|`` is escaped;
- in such a value, a code span is a run of backticks and the next run of the same length on
  the line, and every other backtick is written as ``&#96;``: a stray one would pair with a
  backtick of the page or of the next cell, and a code span across the ``|`` between two cells
  joins them;
- titles for the navigation and the browser tab, which themes print without escaping, are
  HTML-escaped (`title`), and front-matter values are written so that any character keeps the
  front matter valid (`front_matter`).

``ctohandbook render --out`` writes this Markdown for another engine: safe only once that engine
sanitizes the HTML it makes, as the plugin does (see `render.sanitize`).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

_RUN = re.compile(r"`+")
_FENCE = re.compile(r"[ \t]*(?P<fence>(?P<char>[`~])(?P=char){2,}).*")
"""An opening fence line (``` ```python ``` or ``~~~``), as fence extensions read one."""
_HEADING = re.compile(r"^(\s{0,3})(#{1,6}\s|=+\s*$|-{2,}\s*$)", re.MULTILINE)
_TICK = "&#96;"
"""A backtick that shows as one and opens or closes no code span."""
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_AUTOLINK = re.compile(r"<(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://[^<>\s]*>"
                       r"|<(?:[Mm][Aa][Ii][Ll][Tt][Oo]:)?[^<> !]+@[^@<> ]+>")
"""The autolinks Python-Markdown reads (``<https://…>``, ``<someone@example.com>``)."""
_KEPT_IN_LINE = re.compile(f"{_COMMENT.pattern}|{_AUTOLINK.pattern}", re.DOTALL)
"""In a value within a line, what ``<`` opens and is not escaped: an HTML comment (dropped) and
an autolink."""


def _escaped(line: str, start: int) -> bool:
    """Whether the character at ``start`` is escaped: an odd number of backslashes before it (an
    even number only escapes backslashes)."""
    before = start
    while before and line[before - 1] == "\\":
        before -= 1
    return (start - before) % 2 == 1


def _outside_spans(line: str, escape: Callable[[str], str]) -> str:
    """One line escaped outside its code spans: Markdown closes a span with the next run of
    backticks of the same length."""
    if "`" not in line:  # the common case: no code to keep as it is
        return escape(line)
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


def _unheading(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    # `\=` is no Markdown escape, but the entity `&#61;` renders as "=" and starts no heading.
    return indent + ("&#61;" + marker[1:] if marker.startswith("=") else "\\" + marker)


def _no_headings(text: str) -> str:
    return _HEADING.sub(_unheading, text)


def _outside_fences(text: str, escape: Callable[[str], str]) -> str:
    """``text`` escaped outside its fenced code blocks, which are kept as written. A fence ends
    at a line of at least as many of its characters, or at the end of the text (as in
    CommonMark)."""
    if "```" not in text and "~~~" not in text:
        return escape(text)
    parts: list[str] = []
    prose: list[str] = []
    fence: re.Match[str] | None = None
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        if fence is None:
            fence = _FENCE.fullmatch(content)
            if fence is None:
                prose.append(line)
                continue
            parts.append(escape("".join(prose)))
            prose = []
        elif (set(closing := content.strip()) == {fence["char"]}
              and len(closing) >= len(fence["fence"])):
            fence = None
        parts.append(line)
    parts.append(escape("".join(prose)))
    return "".join(parts)


def _in_line(text: str, kept: re.Pattern[str] = _KEPT_IN_LINE) -> str:
    """Prose within a line: ``<`` and ``{`` shown as text, but what ``kept`` matches (an
    autolink, kept; a comment, dropped); a heading marker at its start escaped."""
    parts, end = [], 0
    for match in kept.finditer(text):
        parts.append(text[end:match.start()].replace("<", "&lt;").replace("{", "\\{"))
        parts.append("" if match[0].startswith("<!--") else match[0])
        end = match.end()
    parts.append(text[end:].replace("<", "&lt;").replace("{", "\\{"))
    return _no_headings("".join(parts))


def _one_line(text: str, kept: re.Pattern[str] = _KEPT_IN_LINE) -> str:
    """``text`` on one line, escaped outside its code spans by `_in_line`."""
    return _outside_spans(" ".join(text.split()), lambda prose: _in_line(prose, kept))


def block(text: str | None) -> str:
    """Markdown from a YAML text field, to place as a block of a page."""
    return _outside_fences((text or "").strip(), _no_headings)


def inline(text: str | None) -> str:
    """A YAML value to place within a line (a heading, a list item): one line, where a fence is
    no block, so its backticks pair like any others."""
    return _one_line(text or "")


def cell(text: str | None) -> str:
    """A YAML value to place in a Markdown table cell."""
    return inline(text).replace("|", "\\|")


def source_cell(text: str) -> str:
    """A value in a table cell as its file holds it, HTML comments shown as text: for the diff
    report, which shows what a change wrote."""
    return _one_line(text, _AUTOLINK).replace("|", "\\|")


def code(text: str) -> str:
    """A YAML value shown literally as inline code (a glob, a key), outside tables: a code span
    shows its content as text, so only a backtick, which would close it early, needs care (the
    span is delimited by one more backtick than the longest run inside)."""
    text = " ".join(text.split())
    ticks = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def unlinked(text: str) -> str:
    """Like `inline`, but opening no link (``[`` is escaped outside code): for a line on an
    author-trusted page, which is not sanitized (a finding in a serve banner)."""
    return _outside_spans(" ".join(text.split()),
                          lambda prose: _in_line(prose).replace("[", "\\["))


def title(text: str) -> str:
    """A title for the navigation and the browser tab, which themes print without escaping: on
    one line, without HTML comments (as its heading shows it), and HTML-escaped, so ``&``,
    ``<`` and ``>`` show as written and nothing runs."""
    return html.escape(" ".join(_COMMENT.sub("", text).split()))


_NOT_IN_YAML = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters YAML does not allow as they are (C0 and C1 controls, lone surrogates,
``\\ufffe``) or reads as line breaks (``\\x85``, ``\\u2028``, ``\\u2029``): in a
double-quoted scalar they are written as ``\\uXXXX``, all of them in the Basic Multilingual
Plane."""


def front_matter(value: object) -> str:
    """A value (a string, a list of strings) for a line of a generated page's front matter: a
    double-quoted YAML scalar or flow sequence. Unlike JSON's ``\\ud83d\\ude00``, which YAML
    reads as two broken characters (so MkDocs dropped the whole front matter and showed it as
    text), any character outside the Basic Multilingual Plane (an emoji) is written as it is."""
    return _NOT_IN_YAML.sub(lambda char: f"\\u{ord(char[0]):04x}",
                            json.dumps(value, ensure_ascii=False))
