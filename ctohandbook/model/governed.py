"""The governed header shared by policies, decision-rights matrices and runbook standards."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from .schema import required_in_force
from .types import STRICT, DocumentId, Duration, IsoDate, OwnerKey, SemVer, Tag, add_duration

Status = Literal["draft", "active", "retired"]


class Review(BaseModel):
    """When the document was last reviewed and when it is next due."""

    model_config = STRICT

    last_reviewed: IsoDate | None = None
    """The date of the last review."""
    reviewed_by: OwnerKey | None = None
    """Who reviewed it (an owners-registry key)."""
    every: Duration | None = None
    """The review cadence, counted from `last_reviewed`; or give `next_review`."""
    next_review: IsoDate | None = None
    """An explicit next review date, instead of `every`."""

    @model_validator(mode="after")
    def _one_cadence(self) -> Review:
        if self.every is not None and self.next_review is not None:
            raise ValueError("give either `every` or `next_review`, not both")
        return self

    def next_date(self) -> date | None:
        """The next review date, explicit or computed from the last review and the cadence."""
        if self.next_review is not None:
            return self.next_review
        if self.last_reviewed is not None and self.every is not None:
            return add_duration(self.last_reviewed, self.every)
        return None


class ExceptionProcess(BaseModel):
    """How to obtain a time-boxed exception to the document."""

    model_config = STRICT

    process: str | None = None
    """Markdown: how to ask for an exception and what to provide."""
    approver: OwnerKey | None = None
    """Who grants exceptions (an owners-registry key)."""
    max_duration: Duration | None = None
    """The longest an exception may run, from its grant to its expiry."""


class Related(BaseModel):
    """Documents this one builds on or interacts with."""

    model_config = STRICT

    adrs: list[str] = []
    """ADR ids such as ADR-0007."""
    policies: list[DocumentId] = []
    """Ids of related governed documents."""


class ChangelogEntry(BaseModel):
    """One released version of the document."""

    model_config = STRICT

    version: SemVer
    """The version this entry describes."""
    date: IsoDate
    """When the version took effect."""
    summary: str
    """What changed, in one sentence."""


class Governed(BaseModel):
    """Fields every governed document carries: identity, ownership, review and exceptions."""

    model_config = ConfigDict(**STRICT, json_schema_extra=required_in_force({
        "owner": [], "review": ["last_reviewed"],
        "exceptions": ["process", "approver", "max_duration"]}))

    id: DocumentId
    """Unique across the handbook, such as SEC-004."""
    title: str
    """The document's title."""
    version: SemVer
    """Semantic version; bump it with every change of content."""
    status: Status
    """draft, active or retired: only active documents are in force and checked for staleness."""
    owner: OwnerKey | None = None
    """Who is accountable for the document (an owners-registry key)."""
    approvers: list[OwnerKey] = []
    """Who approves changes (owners-registry keys)."""
    effective: IsoDate | None = None
    """The date from which the current version applies."""
    review: Review | None = None
    """The review record and cadence."""
    exceptions: ExceptionProcess | None = None
    """The exception process."""
    tags: list[Tag] = []
    """Topics, used to group the catalogue and by the tags plugin."""
    related: Related = Related()
    """Related documents."""
    changelog: list[ChangelogEntry] = []
    """Released versions, newest first; the current `version` must have an entry."""

    def requirement_ids(self) -> list[str]:
        """The ids of the numbered requirements an exception may waive one by one."""
        return []
