"""``ctohandbook new``: a valid skeleton of each kind, with the next free id, in the folder where
documents like it already live, named and (for ADRs) written as most of them are, never
overwriting a file.

Skeletons are drafts (``status: draft`` or ``proposed``) so that, given an owner, they pass
the gate the day they are created; the placeholders (`model.placeholders`) say what to write,
and are findings once the document is in force (CTH801). An exception starts as a request,
which fails the gate until its approver grants it (CTH802).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple, TypeVar

from pydantic import BaseModel

from ..model import placeholders
from ..model.adr import Adr, adr_id
from ..model.document import Document
from ..model.handbook import Handbook
from ..model.kinds import DOCUMENT_KINDS, kind_named, kind_of
from ..model.types import add_duration

T = TypeVar("T")


class ScaffoldError(Exception):
    """The skeleton cannot be made as asked; the message says what to give instead."""


@dataclass(frozen=True)
class Request:
    """What the user asked for."""

    kind: str
    title: str
    today: date
    owner: str | None = None
    prefix: str | None = None
    policy: str | None = None


@dataclass(frozen=True)
class Skeleton:
    """A new file: where it goes, its id and its text."""

    path: Path
    id: str
    text: str
    next_step: str
    """What to do before the document counts, for ``new`` to say."""


_ACTIVE = ("Replace the placeholders before setting `status: active`: left in a document in "
           "force, they fail the gate (CTH801).")
_ACCEPTED = ("Replace the placeholders before accepting it: left in an accepted ADR, they fail "
             "the gate (CTH801).")
_GRANTED = ("Replace the placeholders of the reason, compensating controls and remediation plan "
            "before it is granted: left in a granted exception, they fail the gate (CTH801).")


def slug(title: str, limit: int = 60) -> str:
    """``Use Kafka for events!`` → ``use-kafka-for-events``, ASCII only, for file names."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return words[:limit].rstrip("-") or "untitled"


def next_id(taken: Iterable[str], prefix: str, width: int = 3) -> str:
    """The id after the highest ``PREFIX-N`` taken: ``SEC-004`` after ``SEC-003``."""
    pattern = re.compile(rf"{re.escape(prefix)}-(\d+)")
    numbers = [int(match[1]) for name in taken if (match := pattern.fullmatch(name))]
    return f"{prefix}-{max(numbers, default=0) + 1:0{width}d}"


def _quote(text: str) -> str:
    """A YAML scalar holding ``text`` exactly (a JSON string is a YAML double-quoted one)."""
    return json.dumps(text, ensure_ascii=False)


def _folder_of(paths: Iterable[Path], default: Path) -> Path:
    """The folder most of ``paths`` are in, else ``default``."""
    folders = Counter(path.parent for path in paths)
    return folders.most_common(1)[0][0] if folders else default


def _most_common(values: Iterable[T], default: T) -> T:
    """The value most of ``values`` have (the first met, on a tie), else ``default``: a new
    file follows the majority of the files beside it."""
    found = Counter(values).most_common(1)
    return found[0][0] if found else default


class _YamlName(NamedTuple):
    """How a collection names its YAML files after their ids: ``sec-004-secrets.yml``
    (`slugged`, lower case, ``-``) or ``SEC-004.yaml``."""

    slugged: bool
    upper: bool
    separator: str
    extension: str

    def of(self, id_: str, title: str) -> str:
        """The file name of document ``id_`` titled ``title``."""
        stem = id_ if self.upper else id_.lower()
        if self.slugged:
            stem += self.separator + slug(title).replace("-", self.separator)
        return stem + self.extension


def _yaml_name(path: Path, id_: str) -> _YamlName | None:
    """How ``path``, the file of document ``id_``, is named; ``None`` when not after its id."""
    stem, extension = path.stem, path.suffix.lower()
    for upper, written in ((True, id_), (False, id_.lower())):
        if stem == written:
            return _YamlName(False, upper, "-", extension)
        if stem.startswith(written) and stem[len(written):len(written) + 1] in ("-", "_"):
            return _YamlName(True, upper, stem[len(written)], extension)
    return None


def _yaml_naming(peers: Sequence[tuple[Path, str]], default: _YamlName) -> _YamlName:
    """The naming most of ``peers`` (file, id) follow; ``default`` when there are none."""
    return _most_common((name for path, id_ in peers
                         if (name := _yaml_name(path, id_)) is not None), default)


def _peers(*groups: Iterable[Document[BaseModel]]) -> list[tuple[Path, str]]:
    """The files and ids of the first group that has documents: documents like the new one
    (same id prefix, else same kind), else any document of the handbook."""
    for group in groups:
        found = [(Path(doc.source.source.path), str(getattr(doc.model, "id", "")))
                 for doc in group]
        if found:
            return found
    return []


def _governed_header(request: Request, kind: str, id_: str, owner: str | None) -> str:
    owner_line = f"owner: {owner}\n" if owner else ""
    approver = f"  approver: {owner}\n" if owner else ""
    process = "".join(f"    {line}\n" for line in placeholders.PROCESS)
    return f"""kind: {kind}
id: {id_}
title: {_quote(request.title)}
version: 0.1.0
status: draft
{owner_line}review:
  last_reviewed: {request.today}
  every: 12 months
exceptions:
  process: |
{process}{approver}  max_duration: 90 days
tags: []
changelog:
  - version: 0.1.0
    date: {request.today}
    summary: First draft.
summary: |
  {placeholders.SUMMARY}
"""


KINDS = tuple(sorted(["adr", *(kind.name for kind in DOCUMENT_KINDS if kind.skeleton)]))
"""What ``ctohandbook new`` makes: an ADR, and every kind with a skeleton."""

_GOVERNED_NAME = _YamlName(True, False, "-", ".yml")
_EXCEPTION_NAME = _YamlName(False, False, "-", ".yml")
"""Today's names, for a handbook with no file to follow: ``sec-004-secrets-management.yml``,
``exc-2026-002.yml``."""


def scaffold(request: Request, handbook: Handbook, policies_dir: Path,
             adrs_dir: Path) -> Skeleton:
    """The skeleton ``request`` asks for, given what ``handbook`` already holds: in the folder,
    with the file names and (for ADRs) the format that most files like it already have."""
    keys = handbook.owner_keys
    if request.owner and keys is not None and request.owner not in keys:
        raise ScaffoldError(f"`{request.owner}` is not in the owners registry; use one of: "
                            + ", ".join(sorted(keys)))
    if request.kind == "adr":
        return _adr(request, handbook, adrs_dir)
    if request.kind == "exception":
        return _exception(request, handbook, policies_dir)
    kind = kind_named(request.kind)
    prefix = request.prefix or kind.prefix
    if prefix is None:
        raise ScaffoldError("give the id prefix of the policy's area, such as --prefix SEC")
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,9}", prefix):
        raise ScaffoldError(f"--prefix {prefix!r} is not 2 to 10 capitals or digits, such as SEC")
    taken = {doc.model.id for doc in handbook.governed} | handbook.invalid_ids
    id_ = next_id(taken, prefix)
    same = [doc for doc in handbook.governed if doc.model.id.startswith(prefix + "-")]
    folder = _folder_of((Path(doc.source.source.path) for doc in same), policies_dir)
    naming = _yaml_naming(_peers(same, (doc for doc in handbook.governed
                                        if kind_of(doc.model) is kind),
                                 handbook.documents), _GOVERNED_NAME)
    text = _governed_header(request, request.kind, id_, request.owner) + \
        str(kind.skeleton).format(owner=request.owner or "cto")
    return Skeleton(folder / naming.of(id_, request.title), id_, text, _ACTIVE)


def _exception(request: Request, handbook: Handbook, policies_dir: Path) -> Skeleton:
    """A request for an exception (``status: requested``), which waives nothing until the
    waived document's exception approver grants it."""
    policy = handbook.waivable.get(request.policy or "")
    if policy is None:
        raise ScaffoldError("give the waived policy with --policy, one of: "
                            + ", ".join(sorted(handbook.waivable)) if handbook.waivable else
                            "the handbook has no policy to grant an exception to")
    model = policy.model
    process = model.exceptions
    if process is None or process.approver is None:
        raise ScaffoldError(f"{model.id} has no exception approver: exceptions to it cannot be "
                            "granted until its `exceptions:` section names one")
    taken = {doc.model.id for doc in handbook.exceptions} | handbook.invalid_ids
    id_ = next_id(taken, f"EXC-{request.today.year}")
    folder = _folder_of((Path(doc.source.source.path) for doc in handbook.exceptions),
                        policies_dir / "exceptions")
    naming = _yaml_naming(_peers(handbook.exceptions, handbook.documents), _EXCEPTION_NAME)
    expires = add_duration(request.today, process.max_duration) if process.max_duration \
        else request.today + timedelta(days=30)
    requester = request.owner or model.owner or process.approver
    text = str(kind_named("exception").skeleton).format(
        id=id_, policy=model.id, scope=_quote(request.title), requester=requester,
        expires=expires)
    return Skeleton(folder / naming.of(id_, request.title), id_, text, _GRANTED)


_DATED = re.compile(r"(\d{4})(-?)\d{2}-?\d{2}(?P<separator>[-_ ])")
"""log4brains' names: ``20240115-slug`` (or ``2024-01-15-slug``)."""
_NUMBERED = re.compile(r"(?P<prefix>(?:adr)?[-_ ]?)(?P<digits>\d{1,5})(?P<separator>[-_ ])",
                       re.IGNORECASE)
"""``0007-slug``, ``adr-007-slug``, ``ADR_007_slug``, ``adr007-slug``, ``0007 slug``."""


class _AdrName(NamedTuple):
    """How a collection names its ADR files: numbered (its prefix as written, the width of the
    number, the separator), or dated (`date_format`), and the extension."""

    prefix: str
    width: int
    separator: str
    extension: str
    date_format: str | None = None

    def stem(self, number: int, today: date, title: str) -> str:
        """The file name of ADR ``number`` (or of ``today``'s, when dated) titled ``title``,
        without the extension."""
        lead = f"{today:{self.date_format}}" if self.date_format else \
            f"{self.prefix}{number:0{self.width}d}"
        return lead + self.separator + slug(title).replace("-", self.separator)


_ADR_NAME = _AdrName("", 4, "-", ".md")
"""Today's default: ``0007-use-postgres.md``."""


def _adr_name(name: str) -> _AdrName | None:
    """How the ADR file ``name`` is named; ``None`` when it follows no numbering."""
    stem, dot, extension = name.rpartition(".")
    extension = f".{extension.lower()}" if dot else ""
    if dated := _DATED.match(stem):
        return _AdrName("", 0, dated["separator"], extension,
                        "%Y-%m-%d" if dated[2] else "%Y%m%d")
    if numbered := _NUMBERED.match(stem):
        return _AdrName(numbered["prefix"], len(numbered["digits"]), numbered["separator"],
                        extension)
    return None


class _AdrFormat(NamedTuple):
    """How a record states its metadata: ``madr`` (front matter), ``bullets`` (MADR 2 and
    log4brains: ``- Status:`` items under the title, with that `bullet`) or ``nygard``
    (adr-tools: a ``Date:`` line and a ``## Status`` section)."""

    name: str
    bullet: str = "*"


def _adr_format(adr: Adr) -> _AdrFormat | None:
    """The format ``adr`` is written in; ``None`` when it states no status in any of them."""
    document = adr.document
    if document.front is not None and document.front.data:
        return _AdrFormat("madr")
    blocks = document.blocks()
    if any(b.kind == "heading" and b.level == 2 and b.text.strip().lower() == "status"
           for b in blocks):
        return _AdrFormat("nygard")
    lines = document.source.lines()
    for block in blocks:
        if block.kind == "heading" and block.level > 1:
            break
        if block.kind == "item" and block.text.lower().startswith("status"):
            written = lines[block.line - 1].lstrip()[:1] if block.line <= len(lines) else ""
            return _AdrFormat("bullets", written if written in "-*+" else "*")
    return None


def _adr(request: Request, handbook: Handbook, adrs_dir: Path) -> Skeleton:
    """The next ADR, named and written as most ADRs of the folder are (MADR front matter in an
    empty folder)."""
    adrs = handbook.adrs or []
    naming = _most_common((name for adr in adrs if (name := _adr_name(adr.file_name))),
                          _ADR_NAME)
    number = int(next_id((adr.id for adr in adrs), "ADR", 4).split("-")[1])
    stem = naming.stem(number, request.today, request.title)
    form = _most_common((form for adr in adrs if (form := _adr_format(adr))), _AdrFormat("madr"))
    numbered = form.name == "nygard" and not naming.date_format  # adr-tools: `# 7. Title`
    heading = f"{number}. {request.title}" if numbered else request.title
    text = _ADR_TEXTS[form.name](request, heading, form.bullet)
    return Skeleton(adrs_dir / (stem + naming.extension), adr_id(stem), text, _ACCEPTED)


def _madr(request: Request, heading: str, bullet: str) -> str:
    makers = f"[{request.owner}]" if request.owner else "[]"
    return f"""---
status: proposed
date: {request.today}
decision-makers: {makers}
consulted: []
informed: []
tags: []
review-by: {add_duration(request.today, "30 days")}
---
# {heading}

{_madr_sections()}"""


def _bullets(request: Request, heading: str, bullet: str) -> str:
    deciders = f"{bullet} Deciders: {request.owner}\n" if request.owner else ""
    return f"""# {heading}

{bullet} Status: proposed
{deciders}{bullet} Date: {request.today}

{_madr_sections(bullet)}"""


def _madr_sections(bullet: str = "*") -> str:
    """The sections of a MADR record, with their placeholders."""
    options = "".join(f"{bullet} {option}\n" for option in placeholders.ADR_OPTIONS)
    return f"""## Context and Problem Statement

{placeholders.ADR_CONTEXT}

## Considered Options

{options}
## Decision Outcome

{placeholders.ADR_CHOSEN}

### Consequences

{bullet} {placeholders.ADR_GOOD}
{bullet} {placeholders.ADR_BAD}
"""


def _nygard(request: Request, heading: str, bullet: str) -> str:
    deciders = f"Deciders: {request.owner}\n\n" if request.owner else ""
    return f"""# {heading}

Date: {request.today}

{deciders}## Status

Proposed

## Context

{placeholders.NYGARD_CONTEXT}

## Decision

{placeholders.NYGARD_DECISION}

## Consequences

{placeholders.NYGARD_CONSEQUENCES}
"""


_ADR_TEXTS = {"madr": _madr, "bullets": _bullets, "nygard": _nygard}
"""The text of a new ADR in each format (`_AdrFormat.name`), given its heading and bullet."""
