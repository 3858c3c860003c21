"""``ctohandbook new``: a valid skeleton of each kind, with the next free id, in the folder where
documents like it already live, never overwriting a file.

Skeletons are drafts (``status: draft`` or ``proposed``) so that they pass the gate the day
they are created; the placeholders say what to write.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..model.adr import adr_id
from ..model.handbook import Handbook
from ..model.kinds import DOCUMENT_KINDS, kind_named
from ..model.types import add_duration


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


def _governed_header(request: Request, kind: str, id_: str, owner: str | None) -> str:
    owner_line = f"owner: {owner}\n" if owner else ""
    approver = f"  approver: {owner}\n" if owner else ""
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
    Describe how to ask for an exception: where to open the request, what to provide
    (scope, reason, compensating controls, remediation plan, expiry), and who decides.
{approver}  max_duration: 90 days
tags: []
changelog:
  - version: 0.1.0
    date: {request.today}
    summary: First draft.
summary: |
  Say in a few sentences what this {kind.replace("-", " ")} is for and whom it protects.
"""


KINDS = tuple(sorted(["adr", *(kind.name for kind in DOCUMENT_KINDS if kind.skeleton)]))
"""What ``ctohandbook new`` makes: an ADR, and every kind with a skeleton."""


def scaffold(request: Request, handbook: Handbook, policies_dir: Path,
             adrs_dir: Path) -> Skeleton:
    """The skeleton ``request`` asks for, given what ``handbook`` already holds."""
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
    same = [Path(doc.source.source.path) for doc in handbook.governed
            if doc.model.id.startswith(prefix + "-")]
    folder = _folder_of(same, policies_dir)
    text = _governed_header(request, request.kind, id_, request.owner) + \
        str(kind.skeleton).format(owner=request.owner or "cto")
    return Skeleton(folder / f"{id_.lower()}-{slug(request.title)}.yml", id_, text)


def _exception(request: Request, handbook: Handbook, policies_dir: Path) -> Skeleton:
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
    expires = add_duration(request.today, process.max_duration) if process.max_duration \
        else request.today + timedelta(days=30)
    requester = request.owner or model.owner or process.approver
    text = str(kind_named("exception").skeleton).format(
        id=id_, policy=model.id, scope=_quote(request.title), requester=requester,
        approver=process.approver, granted=request.today, expires=expires)
    return Skeleton(folder / f"{id_.lower()}.yml", id_, text)


def _adr(request: Request, handbook: Handbook, adrs_dir: Path) -> Skeleton:
    adrs = handbook.adrs or []
    dated = adrs and not any(adr.id.startswith("ADR-") for adr in adrs)
    if dated:  # log4brains names files by date and slug
        stem = f"{request.today:%Y%m%d}-{slug(request.title)}"
    else:
        number = int(next_id((adr.id for adr in adrs), "ADR", 4).split("-")[1])
        stem = f"{number:04d}-{slug(request.title)}"
    makers = f"[{request.owner}]" if request.owner else "[]"
    text = f"""---
status: proposed
date: {request.today}
decision-makers: {makers}
consulted: []
informed: []
tags: []
review-by: {add_duration(request.today, "30 days")}
---
# {request.title}

## Context and Problem Statement

Describe the context and the problem in two or three sentences.

## Considered Options

* Option 1
* Option 2

## Decision Outcome

Chosen option: "Option 1", because ...

### Consequences

* Good, because ...
* Bad, because ...
"""
    return Skeleton(adrs_dir / f"{stem}.md", adr_id(stem), text)
