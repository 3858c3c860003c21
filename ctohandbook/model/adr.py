"""Architecture decision records, read from the Markdown that ADR tools write.

One reader serves every common format, so that an existing collection publishes unchanged:

- MADR 3 and 4 front matter (``status``, ``date``, ``deciders`` / ``decision-makers``,
  ``consulted``, ``informed``) plus ctohandbook's ``supersedes``, ``superseded-by``, ``tags`` and
  ``review-by``; keys of other tools (``parent``, ``nav_order``) are ignored;
- MADR 2 and log4brains bullets under the title (``* Status: accepted``, ``- Date: ...``);
- Nygard / adr-tools files: a ``Date:`` line and a ``## Status`` section whose first line is the
  status and whose other lines are links (``Supersedes [..](..)``, ``Amended by [..](..)``).

What the front matter says wins over bullets, and bullets over the status section.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import takewhile
from pathlib import PurePath, PurePosixPath
from typing import Annotated, Any, Literal
from urllib.parse import unquote

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..diagnostic import START, Diagnostic, Position, shorten
from ..rules import reading
from ..sources.files import SourceFile, split_lines
from ..sources.markdownfile import Block, MarkdownDocument, front_position, parse_markdown
from .types import IsoDate
from .validation import validate_model

STATUSES = ("draft", "proposed", "accepted", "rejected", "deprecated", "superseded")
"""The lifecycle; ``draft`` is log4brains' stage before ``proposed``."""

STATUS_ALIASES = {
    "approved": "accepted", "agreed": "accepted", "adopted": "accepted", "done": "accepted",
    "implemented": "accepted", "decided": "accepted", "active": "accepted",
    "pending": "proposed", "in review": "proposed", "under review": "proposed",
    "open": "proposed", "rfc": "proposed", "suggested": "proposed",
    "wip": "draft", "in progress": "draft",
    "declined": "rejected", "refused": "rejected",
    "obsolete": "deprecated", "retired": "deprecated", "reverted": "deprecated",
}
"""Statuses that other teams and tools write, and the lifecycle state each one means. Only
words whose meaning is not in doubt are here: ``Reverted`` and ``Retired`` mean the decision
is no longer in force without naming a successor, which is `deprecated`; ``Done`` and
``Implemented`` mean it was taken, `accepted`; ``WIP`` and ``In progress`` mean it is still
being written, log4brains' `draft`. A status outside `STATUSES` and this table (``on hold``,
``partly superseded``) is kept as written and reported (CTH401): its meaning is the author's to
say. The badge shows the author's word; its colour, the counts and the filter follow the
state."""


def _names(value: Any) -> Any:
    """``Alice, Bob`` (MADR 3 writes names as one string) or a list; numbers become text; a key
    left empty, as the MADR templates leave ``consulted:``, is no one."""
    if value is None:
        return []
    if isinstance(value, str):
        return [name.strip() for name in value.split(",") if name.strip()]
    if isinstance(value, list):  # not booleans: `[no]` is YAML 1.1's False, reported as such
        return [str(item) if isinstance(item, (int, float)) and not isinstance(item, bool)
                else item for item in value]
    return value


Names = Annotated[list[str], BeforeValidator(_names)]


def _tags(value: Any) -> Any:
    """Tags as a list, or as one string "separated by spaces and/or commas" (log4brains)."""
    if isinstance(value, str):
        return [tag for tag in re.split(r"[,\s]+", value) if tag]
    return _names(value)


Tags = Annotated[list[str], BeforeValidator(_tags)]


class AdrFrontMatter(BaseModel):
    """The front-matter keys ctohandbook reads in an ADR; any other key is left alone."""

    model_config = ConfigDict(extra="ignore", strict=True, populate_by_name=True,
                              use_attribute_docstrings=True)

    status: str | None = None
    """proposed, accepted, rejected, deprecated, superseded (or `superseded by ADR-0012`)."""
    date: IsoDate | None = None
    """When the decision was last updated."""
    decision_makers: Names = Field([], alias="decision-makers")
    """Who decided (MADR 4)."""
    deciders: Names = []
    """Who decided (MADR 3)."""
    consulted: Names = []
    """Whose opinions were sought."""
    informed: Names = []
    """Who is kept up to date."""
    supersedes: Names = []
    """ADRs this one replaces: ids such as ADR-0003, or their file names."""
    superseded_by: Names = Field([], alias="superseded-by")
    """ADRs that replace this one (one ADR may be split into several successors)."""
    tags: Tags = []
    """Topics."""
    review_by: IsoDate | None = Field(None, alias="review-by")
    """For a proposed ADR: the date by which it must be decided."""
    title: str | None = None
    """A title, when the file has no ``#`` heading."""


@dataclass(frozen=True)
class AdrRef:
    """A reference to another ADR as written, with where it was written."""

    key: str
    """What the reference resolves by: an id (``ADR-0003``) or a file stem."""
    position: Position
    relation: str = ""
    """For other links, the relation as written: ``Amends``, ``Amended by``."""


@dataclass
class Adr:
    """One decision record."""

    document: MarkdownDocument
    id: str
    title: str | None
    title_at: Position
    status: str | None
    """The lifecycle state (one of `STATUSES`, aliases mapped by `STATUS_ALIASES`); a status
    outside both is kept in lower case, and a check reports it."""
    status_text: str | None
    """The status as written, for messages."""
    status_at: Position
    date: datetime.date | None
    date_at: Position
    review_by: datetime.date | None = None
    decision_makers: list[str] = field(default_factory=list)
    consulted: list[str] = field(default_factory=list)
    informed: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    supersedes: list[AdrRef] = field(default_factory=list)
    superseded_by: list[AdrRef] = field(default_factory=list)
    links: list[AdrRef] = field(default_factory=list)
    body: str = ""
    """The Markdown after the front matter, without the title heading."""
    readable: bool = True
    """Whether the front matter (if any) was read without findings; if not, a missing status
    or date is not reported again, since the reading finding says what to fix."""
    status_label: str = ""
    """The status word(s) as the author wrote them (``Approved``, ``on hold``), without what
    follows (``by [..](..)``): what the badge shows."""
    format: AdrFormat = "front-matter"
    """Where this file writes its metadata, so that a hint shows the fix as it would write it:
    see `AdrFormat`."""
    bullet: str = "*"
    """The list marker of its metadata bullets (``*`` in MADR 2, ``-`` in log4brains)."""
    heading: str | None = None
    """The ``#`` heading as written (``1. Use X``): adr-tools links another ADR with it."""

    @property
    def path(self) -> str:
        """The path findings are reported under."""
        return self.document.source.display

    @property
    def file_name(self) -> str:
        """The file's name, which links between ADRs use."""
        return self.document.source.path.name

    @property
    def slug(self) -> str:
        """The page name: the id in lower case."""
        return self.id.lower()

    @property
    def page_key(self) -> str:
        """What two files must not share: the id without case and punctuation, so that
        ``Use-X``, ``use_x`` and ``use.x`` (or two ``ADR-0001`` files) are one page."""
        return re.sub(r"[^a-z0-9]+", "-", self.id.lower()).strip("-")

    @property
    def numbered(self) -> bool:
        """Whether the id is a number (``ADR-0007``), which pages show before the title; an id
        that is a file stem (log4brains' ``20240101-use-x``) repeats the title, and is not."""
        return _NUMBER_ID.fullmatch(self.id) is not None


AdrFormat = Literal["front-matter", "bullets", "status-section"]
"""How a file writes its metadata: YAML front matter (MADR 3 and 4), ``* Status:`` bullets under
the title (MADR 2, log4brains) or a ``## Status`` section (Nygard, adr-tools)."""

_NUMBERED = re.compile(r"^(?:adr[-_ ]?)?0*(\d{1,5})(?:[-_ ]|$)", re.IGNORECASE)
"""The numberings in use: ``0007-x``, ``7-x``, ``0007_x``, ``0007 x``, ``adr-007-x``,
``ADR_007_x``, ``adr007-x``, and a bare ``0007`` or ``adr-0007``."""
_NUMBER_ID = re.compile(r"ADR-\d{4,5}")
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
"""What an id made from a file name may hold: it is used as a page's file name and address."""
_DATED = re.compile(r"^\d{4}-?\d{2}-?\d{2}([-_ ]|$)")
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\(\s*(?:<(?P<angled>[^>\n]*)>|(?P<target>[^)\s]+))[^)]*\)")
"""A Markdown link; CommonMark writes a target holding spaces in angle brackets."""
MARKDOWN_SUFFIXES = (".md", ".markdown")
"""The names a Markdown file of the ADR folder ends with (in any case)."""
_ID_IN_TEXT = re.compile(r"\bADR[-_ ]?(\d{1,5})\b", re.IGNORECASE)
_RELATION = re.compile(r"^(?P<relation>[A-Za-z][A-Za-z -]*?)\s*:?\s*(?P<rest>\[.*)$")
_FIELD = re.compile(r"^(?P<key>[A-Za-z][A-Za-z -]*?)\s*:\s*(?P<value>.*)$")
_EMPHASIS = re.compile(r"^[*_]{1,2}([A-Za-z][A-Za-z -]*?)[*_]{1,2}\s*:")
"""``**Status**:`` as some MADR variants write the key."""
_NUMBERING = re.compile(r"^(?:(?:ADR[-_ ]?\d+|\d+)\s*(?:[.:)]|\s[-–—])|ADR[-_ ]?\d+\s)\s*",
                        re.IGNORECASE)
"""The number a heading starts with: ``1. ``, ``ADR-001: ``, ``ADR 0001 - ``, ``ADR-0001 ``."""


def markdown_stem(name: str) -> str:
    """A file name without its Markdown extension (``.md``, ``.markdown``)."""
    lower = name.lower()
    for extension in MARKDOWN_SUFFIXES:
        if lower.endswith(extension):
            return name[:-len(extension)]
    return name


def adr_id(stem: str) -> str:
    """``ADR-0007`` for every numbering of `_NUMBERED` (``0007-use-x``, ``adr-007-use-x``,
    ``ADR_7_use_x``, ``0007 use x``); otherwise the stem itself, as log4brains names files by
    date and slug (``20240101-use-x`` and ``2024-01-01-use-x`` are not numbers)."""
    match = _NUMBERED.match(stem)
    if match and not _DATED.match(stem):
        return f"ADR-{int(match[1]):04d}"
    return stem


def ref_key(text: str) -> str:
    """What a reference as written resolves by: ``ADR-0003``, ``adr-3``, ``3``, ``0003-x.md``,
    ``adr_003_x.md``, ``[3. X](0003-x.md)``, ``[3. X](<0003 x.md>)``, ``0003%20x.md`` and
    ``../adrs/0003-x.md#y`` all give ``ADR-0003``; a dated or other stem gives the stem."""
    link = _LINK.search(text)
    target = (link["angled"] if link and link["angled"] is not None
              else link["target"] if link else text).strip()
    target = record_name(PurePosixPath(unquote(target.split("#", 1)[0]).rstrip("/")))
    if _DATED.match(target):
        return target
    if _NUMBERED.match(target):
        return adr_id(target)
    match = _ID_IN_TEXT.search(target)
    return f"ADR-{int(match[1]):04d}" if match else target


def _refs_in(text: str, position: Position, relation: str = "") -> list[AdrRef]:
    """Every ADR a line names: its links, else its ``ADR-NNNN`` words."""
    links = [ref_key(match[0]) for match in _LINK.finditer(text)]
    keys = links or [f"ADR-{int(match[1]):04d}" for match in _ID_IN_TEXT.finditer(text)]
    return [AdrRef(key, position, relation) for key in keys]


_SPELLINGS = {"superceded": "superseded", "supercedes": "supersedes"}
"""adr-tools writes "Superceded by" and "Supercedes"; both spellings mean the same."""


def _word(text: str) -> str:
    word = text.strip().lower()
    return _SPELLINGS.get(word, word)


@dataclass(frozen=True)
class Status:
    """A status as read: its state, the author's words for it, and the whole text."""

    state: str | None
    """One of `STATUSES` (aliases mapped), else the author's words in lower case; ``None``
    for an empty text."""
    label: str
    """The author's words: ``Approved``, ``superseded`` (of ``superseded by [..](..)``),
    ``on hold``."""
    text: str
    """The whole text, where the links to successors are (``superseded by [..](..)``)."""


def parse_status(text: str) -> Status:
    """The status of ``text``: its first one or two words when they are a state or an alias
    (``In review``), else its words up to a link or ``by`` (``on hold``, ``Partly
    superseded``), which the check reports."""
    words = [word.strip(".,:;") for word in re.sub(r"[*_`\[\]]", " ", text).split()]
    words = [word for word in words if word]
    for count in (2, 1):
        phrase = " ".join(_word(word) for word in words[:count])
        state = phrase if phrase in STATUSES else STATUS_ALIASES.get(phrase)
        if state is not None and len(words) >= count:
            return Status(state, " ".join(words[:count]), text)
    label = list(takewhile(lambda word: word.lower() != "by" and not word.startswith(
        ("(", "<", "http")), words[:4])) or words[:1]
    return Status(" ".join(label).lower() or None, " ".join(label), text)


@dataclass
class _Found:
    """Metadata found in the body, with where."""

    values: dict[str, tuple[str, Position]] = field(default_factory=dict)
    links: list[tuple[str, str, Position]] = field(default_factory=list)
    status_from: AdrFormat | None = None
    """Whether the status was a line under the title (``bullets``) or in a ``## Status``
    section; ``None`` when the body has none."""
    bullet: str | None = None
    """The list marker of the first ``Key: value`` item under the title (``*``, ``-``), ``""``
    for a plain line, ``None`` when there is none."""
    status_section: bool = False
    """Whether the body has a ``## Status`` section."""


def _column(document: MarkdownDocument, block: Block, needle: str) -> Position:
    lines = document.source.lines()
    line = lines[block.line - 1] if block.line <= len(lines) else ""
    return Position(block.line, max(line.find(needle), 0) + 1)


def _body_metadata(document: MarkdownDocument, blocks: list[Block]) -> _Found:
    """``Key: value`` lines before the first section (MADR 2, log4brains, adr-tools' ``Date:``),
    the lines of a ``Status`` section (Nygard: the status, then links to other ADRs) and the
    links of a ``Links`` section (MADR 2: ``* Refined by [ADR-0004](..)``)."""
    found = _Found()
    section: str | None = None
    lines = document.source.lines()
    for block in blocks:
        if block.kind == "heading":
            section = block.text.strip().lower() if block.level > 1 else None
            found.status_section = found.status_section or section == "status"
        elif section is None:
            match = _FIELD.match(_EMPHASIS.sub(r"\1:", block.text))
            if match and match["value"].strip():
                key = match["key"].strip().lower()
                marker = lines[block.line - 1].lstrip()[:1] \
                    if block.kind == "item" and block.line <= len(lines) else ""
                found.bullet = marker if found.bullet is None else found.bullet
                if key == "status" and key not in found.values:
                    found.status_from = "bullets"
                found.values.setdefault(key, (
                    match["value"].strip(), _column(document, block, match["value"].strip())))
        elif section in ("status", "links") and block.text:
            relation = _RELATION.match(block.text)
            if section == "status" and "status" not in found.values:
                found.status_from = "status-section"
                found.values["status"] = (block.text, _column(document, block, block.text))
            elif relation is not None and _LINK.match(relation["rest"]):
                found.links.append((relation["relation"], relation["rest"],
                                    _column(document, block, relation["rest"])))
    return found


def _title(blocks: list[Block], front: AdrFrontMatter | None
           ) -> tuple[str | None, Position, str | None]:
    """The title without its numbering (``# ADR-001: Use X`` is ``Use X``), where it is, and
    the heading as written."""
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            title = _NUMBERING.sub("", block.text).strip() or block.text
            return title, Position(block.line, 1), block.text
    if front is not None and front.title:
        return front.title, START, None
    return None, START, None


def _format(front: AdrFrontMatter | None, body: _Found) -> AdrFormat:
    """Where the file writes its metadata: where its status is; for a file without one, its
    ``## Status`` section, its front matter, its bullets, else front matter (ctohandbook's)."""
    if front is not None and front.status:
        return "front-matter"
    if body.status_from is not None:
        return body.status_from
    if body.status_section:
        return "status-section"
    return "bullets" if front is None and body.bullet else "front-matter"


def _without_title(document: MarkdownDocument, blocks: list[Block]) -> str:
    """The body without its first level-1 heading (the page prints its own)."""
    title = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
    if title is None:
        return document.body
    lines = split_lines(document.body)
    index = title.line - document.body_line
    underline = index + 1 < len(lines) and set(lines[index + 1].strip()) == {"="}
    del lines[index:index + (2 if underline else 1)]
    return "\n".join(lines).strip("\n") + "\n"


INDEX_STEMS = ("index", "readme")
"""The stems of a folder's index page, in any case."""


def record_name(path: PurePath) -> str:
    """What an ADR's id is made from: its file name without the extension, or, for an index or
    README that is a decision record, the name of its folder. Some collections keep one
    decision per folder (``use-postgresql/index.md``, as MkDocs publishes a folder's page):
    their ids must not all be ``index``."""
    stem = markdown_stem(path.name)
    return path.parent.name if stem.lower() in INDEX_STEMS and path.parent.name else stem


def read_adr(source: SourceFile) -> tuple[Adr | None, list[Diagnostic]]:
    """Read one ADR file; front-matter problems are findings, never exceptions. A file whose
    name gives an id unsafe in a page address (``what? #1.md``) is reported and not read:
    the id becomes the page's file name."""
    identifier = adr_id(record_name(source.path))
    if not _SAFE_ID.match(identifier):
        return None, [reading.INVALID_VALUE.at(
            source.display, START, f"the file name gives the ADR id `{shorten(identifier)}`, "
            "which is not safe in a page address",
            "rename the file with letters, digits, `-`, `_` and `.` only, such as "
            "0007-use-postgres.md")]
    document, findings = parse_markdown(source)
    front: AdrFrontMatter | None = None
    if document.front is not None:
        front, more = validate_model(AdrFrontMatter, document.front.data, document.front, ())
        findings.extend(more)
    blocks = document.blocks()
    body = _body_metadata(document, blocks)

    title, title_at, heading = _title(blocks, front)
    status_text: str | None
    if front is not None and front.status:
        status_text, status_at = front.status, front_position(document, "status")
    else:
        status_text, status_at = body.values.get("status", (None, START))
    status = parse_status(status_text or "")
    adr = Adr(document, identifier, title, title_at, status.state, status_text, status_at,
              None, START, body=_without_title(document, blocks), readable=not findings,
              status_label=status.label, format=_format(front, body),
              bullet="*" if body.bullet is None else body.bullet, heading=heading)
    if front is not None and front.date is not None:
        adr.date, adr.date_at = front.date, front_position(document, "date")
    elif "date" in body.values:
        text, at = body.values["date"]
        try:
            adr.date, adr.date_at = datetime.date.fromisoformat(text.strip()[:10]), at
        except ValueError:
            findings.append(reading.INVALID_VALUE.at(
                source.display, at, f"`Date: {shorten(text)}` is not a date such as 2026-11-21",
                "write the date as YYYY-MM-DD"))
    if status.state == "superseded":
        adr.superseded_by.extend(_refs_in(status.text, status_at))
    _fill_lists(adr, front, body)
    for relation, text, at in body.links:
        kind = " ".join(_word(word) for word in relation.split())
        refs = _refs_in(text, at, relation.strip())
        if kind == "superseded by":
            adr.superseded_by.extend(r for r in refs if r not in adr.superseded_by)
        elif kind == "supersedes":
            adr.supersedes.extend(refs)
        else:
            adr.links.extend(refs)
    return adr, findings


def _fill_lists(adr: Adr, front: AdrFrontMatter | None, body: _Found) -> None:
    """People, tags and supersession lists from the front matter, else from body fields."""
    def names(key: str, split: Callable[[Any], Any] = _names) -> list[str]:
        value = body.values.get(key)
        return list(split(value[0])) if value else []

    if front is not None:
        adr.decision_makers = front.decision_makers or front.deciders
        adr.consulted, adr.informed, adr.tags = front.consulted, front.informed, front.tags
        adr.review_by = front.review_by
        for key, values, target in (("supersedes", front.supersedes, adr.supersedes),
                                    ("superseded-by", front.superseded_by, adr.superseded_by)):
            for index, value in enumerate(values):
                if ref_key(value) not in {ref.key for ref in target}:
                    target.append(AdrRef(ref_key(value),
                                         front_position(adr.document, key, index)))
    adr.decision_makers = adr.decision_makers or names("decision-makers") or names("deciders")
    adr.consulted = adr.consulted or names("consulted")
    adr.informed = adr.informed or names("informed")
    adr.tags = adr.tags or names("tags", _tags)


def supersession(adrs: list[Adr]) -> Iterator[tuple[Adr, AdrRef, bool]]:
    """Every supersession an ADR declares: (the ADR, the reference, whether it names a
    successor (``True``) or a predecessor)."""
    for adr in adrs:
        for ref in adr.superseded_by:
            yield adr, ref, True
        for ref in adr.supersedes:
            yield adr, ref, False


def successors(adrs: list[Adr], index: dict[str, Adr]) -> dict[str, list[str]]:
    """The supersession graph as the union of what both sides declare: for each ADR id, the
    ids of the existing ADRs that supersede it, in the order first declared."""
    found: dict[str, list[str]] = {}
    for adr, ref, names_successor in supersession(adrs):
        if ref.key not in index:
            continue
        old, new = (adr.id, ref.key) if names_successor else (ref.key, adr.id)
        if new not in found.setdefault(old, []):
            found[old].append(new)
    return found
