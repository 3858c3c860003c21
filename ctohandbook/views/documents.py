"""What the pages show of each document, computed once from the handbook: per governed
document its review state, owner, exceptions and links; per exception its state; per owner what
they own and what is due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple
from urllib.parse import quote

from ..model import Document, Governed, Handbook, Owner, PolicyException
from ..model.adr import ref_key
from ..rules.context import Context, Urgency
from .paths import adr_page, document_page


@dataclass
class ExceptionView:
    """An exception in force with its state on the day the pages are built. A requested
    exception (or a grant without its approver or date) waives nothing and has no view: the
    register, the policy pages, the calendar and the export show what is in force, and the
    linter reports the rest (CTH802)."""

    model: PolicyException
    approved_by: str
    """Who granted it (`PolicyException.approved_by`, which an exception in force has)."""
    granted: date
    """When (`PolicyException.granted`)."""
    state: Urgency
    """``past``: expired; ``soon``: expires within ``warn_days``; ``later``: active."""
    days_left: int
    policy_page: str | None = None
    """The page of the waived policy, when it exists (a path, not the view, so that views hold
    no cycles and are freed as soon as the pages are rendered)."""


class Related(NamedTuple):
    """A related document as its page links to it."""

    id: str
    title: str
    page: str


@dataclass
class DocumentView:
    """A governed document with everything its page and the section pages show about it."""

    doc: Document[Governed]
    page: str
    """Its page, relative to the pages folder: ``policies/sec-004.md``."""
    owner: Owner | None
    reviewer: Owner | None
    next_review: date | None
    """``None`` for a retired document (it is not reviewed any more) and one without a review
    cadence."""
    review_state: Urgency | None
    """``None`` when the policy is not active or has no next review date."""
    days_left: int | None
    request_url: str | None
    """The "Request an exception" link; ``None`` for a retired document, which waives nothing
    since it requires nothing (CTH215), and without ``exception_request_url``."""
    exceptions: list[ExceptionView] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    missing_related: list[str] = field(default_factory=list)
    adrs: list[Related] = field(default_factory=list)
    """The ADRs of ``related.adrs`` that exist, with their pages."""
    missing_adrs: list[str] = field(default_factory=list)
    """``related.adrs`` entries that name no ADR (or every one, without an ADR folder)."""

    @property
    def model(self) -> Governed:
        """The document itself."""
        return self.doc.model

    @property
    def retired(self) -> bool:
        """Kept for the record only: its page says so, and shows no next review and no way to
        request an exception, wherever a review date is shown (`next_review` is ``None``)."""
        return self.model.status == "retired"


@dataclass
class OwnerView:
    """An owner and what they are accountable for."""

    key: str
    owner: Owner | None
    """``None`` for a key that documents use but the registry does not declare."""
    owns: list[DocumentView] = field(default_factory=list)
    approves: list[DocumentView] = field(default_factory=list)
    grants: list[DocumentView] = field(default_factory=list)

    @property
    def due(self) -> list[DocumentView]:
        """Owned documents whose review is overdue or due soon."""
        return [view for view in self.owns if view.review_state in ("past", "soon")]


def request_url(template: str | None, policy_id: str) -> str | None:
    """The "Request an exception" link: ``{id}`` in the template becomes the policy id."""
    return template.replace("{id}", quote(policy_id)) if template else None


def document_views(handbook: Handbook, context: Context, request_template: str | None
                   ) -> tuple[list[DocumentView], list[ExceptionView], list[OwnerView]]:
    """The governed documents (by id), the exceptions (by id) and the owners (by key) of
    ``handbook`` as of ``context.today``."""
    owners = handbook.owners
    exceptions = [ExceptionView(exc, *grant, context.urgency(exc.expires),
                                context.days_until(exc.expires))
                  for exc in sorted((doc.model for doc in handbook.exceptions),
                                    key=lambda exc: exc.id)
                  if (grant := exc.grant()) is not None]
    views: dict[str, DocumentView] = {}
    for doc in sorted(handbook.governed, key=lambda d: d.model.id):
        model = doc.model
        if model.id in views:  # a duplicate id (CTH301): the first file read has the page
            continue
        review = model.review
        retired = model.status == "retired"
        due = review.next_date() if review and not retired else None
        active = model.status == "active" and due is not None
        views[model.id] = DocumentView(
            doc=doc,
            page=document_page(model),
            owner=owners.get(model.owner) if model.owner else None,
            reviewer=owners.get(review.reviewed_by) if review and review.reviewed_by else None,
            next_review=due,
            review_state=context.urgency(due) if active and due else None,
            days_left=context.days_until(due) if active and due else None,
            request_url=None if retired else request_url(request_template, model.id),
        )
    for view in views.values():
        for ref in view.model.related.policies:
            target = views.get(ref)
            if target is None:
                view.missing_related.append(ref)
            else:
                view.related.append(Related(ref, target.model.title, target.page))
        for ref in view.model.related.adrs:
            adr = handbook.adr_index.get(ref_key(ref))
            if adr is None:
                view.missing_adrs.append(ref)
            else:
                view.adrs.append(Related(adr.id, adr.title or adr.id, adr_page(adr)))
    for exception in exceptions:
        policy = views.get(exception.model.policy)
        if policy is not None:
            exception.policy_page = policy.page
            policy.exceptions.append(exception)
    documents = list(views.values())
    return documents, exceptions, _owner_views(owners, documents)


def _owner_views(owners: dict[str, Owner], documents: list[DocumentView]) -> list[OwnerView]:
    found = {key: OwnerView(key, owner) for key, owner in sorted(owners.items())}

    def view(key: str) -> OwnerView:
        return found.setdefault(key, OwnerView(key, None))

    for document in documents:
        model = document.model
        if model.owner:
            view(model.owner).owns.append(document)
        for approver in model.approvers:
            view(approver).approves.append(document)
        if model.exceptions and model.exceptions.approver:
            view(model.exceptions.approver).grants.append(document)
    return sorted(found.values(), key=lambda v: v.key)
