"""The governance as data: ``governance.json`` in the built site and ``ctohandbook export``.

Reminder bots, dashboards and audit tooling need the state of the governance, not its pages:
every document with its owner and how to reach them, when it is next reviewed and whether that is
overdue, the exceptions and when they expire, the ADRs and what superseded what. The structure is
declared as models (`GovernanceExport`), so `ctohandbook schema governance` prints its JSON Schema
from the same declaration the output is built from; the judgements (overdue, expiring) come from
the views the pages are rendered from, so the data never disagrees with the site.
"""

from __future__ import annotations

import csv
import io
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..model import Handbook, Owner
from ..model.adr import successors
from ..model.kinds import kind_of
from ..rules.context import Context, Urgency
from ..version import __version__
from ..views import HandbookView, build_view
from ..views.paths import adr_page

FORMAT_VERSION = 1
"""Bumped whenever the structure changes incompatibly; fields may be added without a bump."""

EXPORT_FILE = "governance.json"
"""Where the build publishes the export, relative to the site."""

_DOCUMENTED = ConfigDict(use_attribute_docstrings=True)

ReviewState = Literal["overdue", "due-soon", "scheduled"]
ExceptionState = Literal["expired", "expiring", "active"]
_REVIEW: dict[Urgency, ReviewState] = {"past": "overdue", "soon": "due-soon",
                                       "later": "scheduled"}
_EXPIRY: dict[Urgency, ExceptionState] = {"past": "expired", "soon": "expiring",
                                          "later": "active"}


class OwnerRecord(BaseModel):
    """An owner and how to reach them."""

    model_config = _DOCUMENTED

    key: str
    """The owners-registry key documents use."""
    name: str | None
    """``None`` when the registry does not declare the key."""
    type: str | None
    email: str | None
    github: str | None
    slack: str | None


class DocumentRecord(BaseModel):
    """A governed document: a policy, a runbook standard or a decision-rights matrix."""

    model_config = _DOCUMENTED

    kind: str
    id: str
    title: str
    status: str
    version: str
    path: str
    """The YAML file, relative to the working directory."""
    page: str
    """Its page, relative to the site's docs (``governance/policies/sec-004.md``)."""
    owner: OwnerRecord | None
    approvers: list[str]
    tags: list[str]
    last_reviewed: str | None
    next_review: str | None
    """YYYY-MM-DD, explicit or computed from the last review and the cadence."""
    review_state: ReviewState | None
    """For active documents with a next review: overdue, due-soon (within ``warn_days``) or
    scheduled; ``None`` otherwise."""
    days_to_review: int | None
    """Negative when overdue."""
    exceptions: list[str]
    """Ids of the exceptions that waive it."""


class ExceptionRecord(BaseModel):
    """A granted exception."""

    model_config = _DOCUMENTED

    id: str
    policy: str
    requirements: list[str]
    """The waived requirements; empty for the whole document."""
    approved_by: str
    granted: str
    expires: str
    state: ExceptionState
    days_to_expiry: int
    path: str


class AdrRecord(BaseModel):
    """An architecture decision record."""

    model_config = _DOCUMENTED

    id: str
    title: str | None
    status: str | None
    date: str | None
    path: str
    page: str
    supersedes: list[str]
    superseded_by: list[str]


class GovernanceExport(BaseModel):
    """The output of `ctohandbook export --format json`, and ``governance.json`` of the site."""

    model_config = _DOCUMENTED

    format_version: int
    tool: str
    version: str
    today: str
    """The date reviews and expiries were judged by, YYYY-MM-DD."""
    documents: list[DocumentRecord]
    exceptions: list[ExceptionRecord]
    adrs: list[AdrRecord] | None
    """``None`` when the handbook has no ADR folder."""


def _owner(key: str | None, owner: Owner | None) -> OwnerRecord | None:
    if key is None:
        return None
    if owner is None:
        return OwnerRecord(key=key, name=None, type=None, email=None, github=None, slack=None)
    return OwnerRecord(key=key, name=owner.name, type=owner.type, email=owner.email,
                       github=owner.github, slack=owner.slack)


def _adrs(handbook: Handbook, pages_dir: str) -> list[AdrRecord] | None:
    if handbook.adrs is None:
        return None
    index = handbook.adr_index
    adrs = sorted((adr for adr in handbook.adrs if index[adr.id] is adr), key=lambda a: a.id)
    after = successors(adrs, index)
    before: dict[str, list[str]] = {}
    for old, new_ids in after.items():
        for new in new_ids:
            before.setdefault(new, []).append(old)
    return [AdrRecord(id=adr.id, title=adr.title, status=adr.status,
                      date=adr.date.isoformat() if adr.date else None, path=adr.path,
                      page=f"{pages_dir}/{adr_page(adr)}",
                      supersedes=sorted(before.get(adr.id, [])),
                      superseded_by=sorted(after.get(adr.id, ())))
            for adr in adrs]


def governance(handbook: Handbook, context: Context, pages_dir: str = "governance",
               view: HandbookView | None = None) -> GovernanceExport:
    """The export of ``handbook`` as of ``context.today``; ``view`` is the handbook's view
    when the caller (a build, which renders pages from it) has one already."""
    view = view or build_view(handbook, context, pages_dir=pages_dir)
    documents = [DocumentRecord(
        kind=kind_of(d.model).name,
        id=d.model.id, title=d.model.title, status=d.model.status, version=d.model.version,
        path=d.doc.path, page=f"{pages_dir}/{d.page}", owner=_owner(d.model.owner, d.owner),
        approvers=list(d.model.approvers), tags=list(d.model.tags),
        last_reviewed=(d.model.review.last_reviewed.isoformat()
                       if d.model.review and d.model.review.last_reviewed else None),
        next_review=d.next_review.isoformat() if d.next_review else None,
        review_state=_REVIEW[d.review_state] if d.review_state else None,
        days_to_review=d.days_left, exceptions=[e.model.id for e in d.exceptions],
    ) for d in view.documents]
    paths = {doc.model.id: doc.path for doc in handbook.exceptions}
    exceptions = [ExceptionRecord(
        id=e.model.id, policy=e.model.policy, requirements=list(e.model.requirements),
        approved_by=e.approved_by, granted=e.granted.isoformat(),
        expires=e.model.expires.isoformat(), state=_EXPIRY[e.state], days_to_expiry=e.days_left,
        path=paths[e.model.id]) for e in view.exceptions]
    return GovernanceExport(format_version=FORMAT_VERSION, tool="ctohandbook",
                            version=__version__, today=context.today.isoformat(),
                            documents=documents, exceptions=exceptions,
                            adrs=_adrs(handbook, pages_dir))


def as_json(export: GovernanceExport) -> str:
    """Indented JSON with a final newline, the same bytes on every run for the same input."""
    return export.model_dump_json(indent=2) + "\n"


CSV_COLUMNS = ("id", "title", "status", "version", "owner", "owner_name", "owner_email",
               "next_review", "review_state", "tags", "path")


_FORMULA = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list)."""


def _cell(text: str) -> str:
    """Text from YAML as a CSV cell that a spreadsheet shows, never evaluates: a leading
    apostrophe is what spreadsheets themselves use to mark a cell as text."""
    return f"'{text}" if text.startswith(_FORMULA) else text


def as_csv(export: GovernanceExport) -> str:
    """The policy catalogue, one row per policy (RFC 4180: CRLF line ends, quoted as needed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for d in export.documents:
        if d.kind != "policy":
            continue
        owner = d.owner or OwnerRecord(key="", name=None, type=None, email=None, github=None,
                                       slack=None)
        writer.writerow([_cell(value) for value in (
            d.id, d.title, d.status, d.version, owner.key, owner.name or "", owner.email or "",
            d.next_review or "", d.review_state or "", " ".join(d.tags), d.path)])
    return out.getvalue()


FORMATS = {"json": as_json, "csv": as_csv}
"""Output formats of `ctohandbook export --format`."""
