"""CTH901: a nested list is nested on the site as it is on GitHub.

GitHub, editors' previews and every CommonMark reader nest a list under an item when it is
indented to the item's text: 3 spaces under ``2.``, 2 under ``-``. Python-Markdown, which builds
the MkDocs site, nests only what is indented 4 spaces under its item, and reads the rest as more
items of the outer list: SEC-002's four steps, with six points under step 2, became ten steps.
The author sees the list nested in every preview, so only a check can tell them.

Each list that CommonMark nests (markdown-it-py) is given, with its item, to Python-Markdown; a
finding names the first sub-item that Python-Markdown does not nest, at its line and column in
the file: exactly in a YAML literal block (``|``) and an ADR's body, at the value otherwise (a
folded or quoted text's lines are not the file's).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any

import markdown  # type: ignore[import-untyped, unused-ignore]  # no stubs in the test extras
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..diagnostic import Diagnostic, Position, Rule, Severity
from ..model.document import Document
from ..model.handbook import Handbook
from ..model.validation import dotted
from .context import Context
from .placeholders import text_values

LIST_NOT_NESTED = Rule(
    "CTH901", "list-not-nested", Severity.WARNING,
    "A list indented under an item as GitHub and CommonMark nest it (3 spaces under `2.`, 2 "
    "under `-`) is less than the 4 spaces Python-Markdown needs, so the site shows its items as "
    "items of the outer list.",
    "indent it 4 spaces under its item (its items' following lines too)")

RULES = (LIST_NOT_NESTED,)

_INDENTED_ITEM = re.compile(r"^[ \t]+(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)
"""A line that could be a nested list's item: only a text with one can hold a nested list, so
the others are not parsed at all."""

_LISTS = ("bullet_list_open", "ordered_list_open")


@dataclass(frozen=True)
class Unnested:
    """A list CommonMark nests under an item and Python-Markdown does not."""

    line: int
    """0-based line of its first item in the text."""
    column: int
    """0-based column of that item's marker."""
    indent: int
    """How many columns it is indented beyond its item's marker."""
    marker: str
    """The item's marker as written: ``2.``, ``-``."""
    items: int
    """How many items it has."""


@dataclass
class Readers:
    """The two readings compared: CommonMark's (GitHub's) and Python-Markdown's (the site's).
    Made once per check, since building Python-Markdown's parser costs more than most texts."""

    commonmark: MarkdownIt = field(default_factory=lambda: MarkdownIt("commonmark"))
    python_markdown: markdown.Markdown = field(default_factory=markdown.Markdown)

    def unnested(self, text: str) -> Iterator[Unnested]:
        """The lists of Markdown ``text`` that CommonMark nests and Python-Markdown does not,
        in the order they are written."""
        if not _INDENTED_ITEM.search(text):
            return
        lines = text.split("\n")
        tokens = self.commonmark.parse(text)
        items: list[Token] = []
        """The list items that contain the current token, innermost last."""
        quoted = 0
        for index, token in enumerate(tokens):
            if token.type == "list_item_open":
                items.append(token)
            elif token.type == "list_item_close":
                items.pop()
            elif token.type == "blockquote_open":
                quoted += 1
            elif token.type == "blockquote_close":
                quoted -= 1
            elif token.type in _LISTS and items and not quoted:
                # Inside a quote the lines start with `>`: the slices below would not be the
                # item's text, and such lists are rare enough to leave unjudged.
                item, (first, last), (start, _) = items[-1], _span(token), _span(items[-1])
                column, parent = _indent(lines[first]), _indent(lines[start])
                if not self._nests(lines[start:last], parent):
                    yield Unnested(first, column, column - parent, item.info + item.markup,
                                   _count(tokens, index))

    def _nests(self, lines: list[str], column: int) -> bool:
        """Whether Python-Markdown reads the list item of ``lines`` (its marker at ``column``
        of the first) as holding a list; ``True`` when it reads no list item there at all
        (a ``1)`` item, which it does not know, is another matter than nesting)."""
        reader = self.python_markdown
        reader.reset()
        block = [line[min(column, _indent(line)):] for line in lines]
        for preprocessor in reader.preprocessors:
            block = preprocessor.run(block)
        root = reader.parser.parseDocument(block).getroot()
        outer = next(iter(root), None)
        item = outer.find("li") if outer is not None and outer.tag in ("ol", "ul") else None
        return item is None or any(child.tag in ("ol", "ul") for child in item)


def _span(token: Token) -> tuple[int, int]:
    """The lines ``[first, last)`` of a block token (markdown-it gives every one its lines)."""
    first, last = token.map or (0, 0)
    return first, last


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _count(tokens: list[Token], start: int) -> int:
    """How many items the list opened at ``tokens[start]`` has (its own, not its sub-lists')."""
    level = tokens[start].level + 1
    found = 0
    for token in tokens[start + 1:]:
        if token.level < level:
            break
        found += token.type == "list_item_open" and token.level == level
    return found


def check(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """CTH901 in the text values of every YAML document and in every ADR's body."""
    readers = Readers()
    for doc in handbook.documents:
        for path, text in text_values(doc.source.data, ()):
            for found in readers.unnested(text):
                yield _finding(doc.path, _in_yaml(doc, path, text, found), found,
                               f"{_name(doc)}`{dotted(path)}`")
    for adr in handbook.adrs or ():
        document = adr.document
        for found in readers.unnested(document.body):
            at = Position(document.body_line + found.line, found.column + 1)
            yield _finding(document.source.display, at, found, adr.id)


def _name(doc: Document[Any]) -> str:
    """``SEC-002 `` for a document with an id, nothing for one without (the owners
    registry)."""
    ident = getattr(doc.model, "id", None)
    return f"{ident} " if isinstance(ident, str) else ""


def _finding(path: str, at: Position, found: Unnested, where: str) -> Diagnostic:
    items = f"{found.items} item{'s' if found.items != 1 else ''}"
    return LIST_NOT_NESTED.at(
        path, at,
        f"{where}: the list under item `{found.marker}` is indented {found.indent} "
        f"space{'s' if found.indent != 1 else ''}, which GitHub nests and MkDocs does not: "
        f"the site shows its {items} as items of the outer list")


def _in_yaml(doc: Document[Any], path: tuple[Hashable, ...], text: str,
             found: Unnested) -> Position:
    """Where the sub-item of ``found`` is written in the file: in a literal block scalar
    (``|``) line ``n`` of the text is the ``n``-th line after the ``|``, written after the
    block's indentation; in any other form of text, the value's start."""
    start = doc.at(*path)
    lines = doc.source.source.lines()
    if lines[start.line - 1][start.column - 1:start.column] != "|":
        return start
    number = start.line + 1 + found.line
    written = lines[number - 1] if number <= len(lines) else ""
    line = text.split("\n")[found.line]
    if not line or not written.endswith(line):  # never: a literal block keeps its lines
        return start
    return Position(number, len(written) - len(line) + found.column + 1)
