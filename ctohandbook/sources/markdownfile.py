"""Markdown files with YAML front matter (ADRs, runbooks): the front matter as a located YAML
document, and the body as a flat list of located text blocks.

MkDocs silently drops front matter it cannot parse; here a broken front matter is a finding at
its line, like any YAML file. The body is tokenised by markdown-it-py (CommonMark), so a ``#`` in a
code block is not a heading and a ``Status:`` in a fence is not metadata.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from ..diagnostic import START, Diagnostic, Position
from ..rules import reading
from .files import SourceFile
from .yamlfile import YamlDocument, parse_yaml

_OPEN = "---"
_CLOSE = ("---", "...")

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@functools.cache
def _parser() -> MarkdownIt:
    """The CommonMark parser, imported on first use: a handbook without ADRs or runbooks does
    not pay for loading it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


@dataclass(frozen=True)
class Block:
    """One line of text in the body, with where it is and what it belongs to."""

    kind: Literal["heading", "paragraph", "item"]
    """A heading, a line of a paragraph, or a line of a list item."""
    text: str
    """The Markdown source of the line (inline syntax kept: links stay ``[t](u)``)."""
    line: int
    """1-based line in the file."""
    level: int = 0
    """For a heading, 1 to 6."""


@dataclass(frozen=True)
class MarkdownDocument:
    """A Markdown file split into its front matter and its body."""

    source: SourceFile
    front: YamlDocument | None
    """The front matter, when the file has a readable one (positions are the file's)."""
    body: str
    """The text after the front matter."""
    body_line: int
    """The 1-based line of the file the body starts at."""

    def blocks(self) -> list[Block]:
        """Headings and the lines of paragraphs and list items, in order; code, HTML and tables
        are left out, since metadata is never written in them."""
        found: list[Block] = []
        kind: Literal["heading", "paragraph", "item"] = "paragraph"
        level, depth = 0, 0
        for token in _parser().parse(self.body):
            if token.type == "heading_open":
                kind, level = "heading", int(token.tag[1])
            elif token.type == "paragraph_open":
                kind = "item" if depth else "paragraph"
            elif token.type == "list_item_open":
                depth += 1
            elif token.type == "list_item_close":
                depth -= 1
            elif token.type == "inline" and token.map is not None:
                first = self.body_line + token.map[0]
                if kind == "heading":
                    found.append(Block("heading", token.content.strip(), first, level))
                else:
                    found.extend(Block(kind, text.strip(), first + offset)
                                 for offset, text in enumerate(token.content.split("\n")))
        return found


def parse_markdown(source: SourceFile) -> tuple[MarkdownDocument, list[Diagnostic]]:
    """Split ``source`` into front matter and body, with the findings of reading the front
    matter. A file without front matter is all body; a broken front matter is reported and
    treated as absent, so the body is still published."""
    lines = source.text.split("\n")
    if not lines or lines[0].rstrip() != _OPEN:
        return MarkdownDocument(source, None, source.text, 1), []
    close = next((number for number, line in enumerate(lines[1:], 1)
                  if line.rstrip() in _CLOSE), None)
    if close is None:
        finding = reading.YAML_SYNTAX.at(source.display, START, "the front matter is not closed",
                                         "end the front matter with a line `---`")
        return MarkdownDocument(source, None, source.text, 1), [finding]
    body = "\n".join(lines[close + 1:])
    # The opening `---` becomes an empty line, so YAML positions are the file's.
    text = "\n".join(["", *lines[1:close]]) + "\n"
    front, findings = parse_yaml(replace(source, text=text))
    findings = [_in_front_matter(finding) for finding in findings
                if finding.code != reading.EMPTY_FILE.code]  # `---` `---`: no metadata, fine
    return MarkdownDocument(source, front, body, close + 2), findings


def _in_front_matter(finding: Diagnostic) -> Diagnostic:
    """Say "front matter" where the YAML reader speaks of a whole file."""
    if finding.code == reading.NOT_A_MAPPING.code:
        return replace(finding, message=finding.message.replace("top level", "front matter"),
                       hint="write the front matter as `key: value` lines")
    return finding


def front_position(document: MarkdownDocument, key: str, *path: int) -> Position:
    """Where the front-matter value at ``key`` (and list ``path``) was written; the top of the
    file when the front matter does not set it."""
    front = document.front
    if front is None or key not in front.data:
        return START
    return front.value_position(key, *path)
