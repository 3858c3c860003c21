"""What the pages show, computed once from the handbook: per governed document its review state,
owner, exceptions and links; per exception its state; per owner what they own and what is due.

Templates only lay these out; every judgement (what is overdue, what has expired) comes from
`Context.urgency`, the same as the linter's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote

from ..model import DecisionRights, Document, Governed, Handbook, Owner, Policy, PolicyException
from ..model.adr import Adr, ref_key
from ..model.runbook import RunbookStandard

if TYPE_CHECKING:
    from ..render.adrs import AdrView
    from ..render.decisions import DecisionRightsView
    from ..render.runbooks import RunbookReport
    from .changes import ReleaseView
    from .controls import ControlCoverage
from ..rules.context import Context, Urgency

FOLDERS: dict[type[Governed], str] = {Policy: "policies", RunbookStandard: "runbook-standards",
                                      DecisionRights: "decision-rights"}
"""Where the pages of each kind of governed document go, below the pages folder."""

ADR_FOLDER = "adrs"
"""Where the decision log and the ADR pages go, below the pages folder."""


def adr_page(adr: Adr) -> str:
    """An ADR's page, relative to the pages folder."""
    return f"{ADR_FOLDER}/{adr.slug}.md"


@dataclass
class ExceptionView:
    """An exception with its state on the day the pages are built."""

    model: PolicyException
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
    review_state: Urgency | None
    """``None`` when the policy is not active or has no next review date."""
    days_left: int | None
    request_url: str | None
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


@dataclass
class HandbookView:
    """Everything the generated pages need."""

    context: Context
    documents: list[DocumentView]
    """Every governed document, by id."""
    exceptions: list[ExceptionView]
    owners: list[OwnerView]
    adrs: list[AdrView] | None = None
    """The ADRs, newest first; ``None`` when the handbook has no ADR folder."""
    decision_rights: DecisionRightsView | None = None
    """The matrices by area and the roles' pages; ``None`` when the handbook has no matrix."""
    runbooks: RunbookReport | None = None
    """The runbook conformance report; ``None`` when the handbook has no runbook standard."""
    controls: ControlCoverage | None = None
    """The control coverage page; ``None`` when no framework is declared and no requirement in
    force cites a control."""
    changes: list[ReleaseView] = field(default_factory=list)
    """Every changelog entry, by release, newest first."""

    def of_kind(self, model: type[Governed]) -> list[DocumentView]:
        """The documents of one kind, by id."""
        return [view for view in self.documents if isinstance(view.model, model)]

    @property
    def policies(self) -> list[DocumentView]:
        """The policies, by id."""
        return self.of_kind(Policy)

    def by_tag(self) -> list[tuple[str, list[DocumentView]]]:
        """Policies grouped by tag, tags sorted; untagged policies last."""
        groups: dict[str, list[DocumentView]] = defaultdict(list)
        for view in self.policies:
            for tag in view.model.tags or [""]:
                groups[tag].append(view)
        return sorted(groups.items(), key=lambda item: (item[0] == "", item[0]))

    def due_within(self, first: int, last: int) -> list[DocumentView]:
        """Active documents whose next review is ``first`` to ``last`` days from today."""
        return [v for v in self.reviews if v.days_left is not None
                and first <= v.days_left <= last]

    @property
    def reviews(self) -> list[DocumentView]:
        """Active documents with a next review date, soonest first."""
        return sorted((v for v in self.documents if v.days_left is not None),
                      key=lambda v: (v.days_left, v.model.id))

    @property
    def overdue(self) -> list[DocumentView]:
        """Active documents past their review date, most overdue first."""
        return [v for v in self.reviews if v.review_state == "past"]

    def exceptions_in(self, state: Urgency) -> list[ExceptionView]:
        """Exceptions in ``state``, soonest expiry first."""
        return sorted((e for e in self.exceptions if e.state == state),
                      key=lambda e: (e.model.expires, e.model.id))


def request_url(template: str | None, policy_id: str) -> str | None:
    """The "Request an exception" link: ``{id}`` in the template becomes the policy id."""
    return template.replace("{id}", quote(policy_id)) if template else None


def build_view(handbook: Handbook, context: Context, request_template: str | None
               ) -> HandbookView:
    """Compute the view of ``handbook`` as of ``context.today``."""
    owners = handbook.owners
    exceptions = [ExceptionView(doc.model, context.urgency(doc.model.expires),
                                context.days_until(doc.model.expires))
                  for doc in sorted(handbook.exceptions, key=lambda d: d.model.id)]
    views: dict[str, DocumentView] = {}
    for doc in sorted(handbook.governed, key=lambda d: d.model.id):
        model = doc.model
        if model.id in views:  # a duplicate id (CTH301): the first file read has the page
            continue
        review = model.review
        due = review.next_date() if review else None
        active = model.status == "active" and due is not None
        views[model.id] = DocumentView(
            doc=doc,
            page=f"{FOLDERS[type(model)]}/{model.id.lower()}.md",
            owner=owners.get(model.owner) if model.owner else None,
            reviewer=owners.get(review.reviewed_by) if review and review.reviewed_by else None,
            next_review=due,
            review_state=context.urgency(due) if active and due else None,
            days_left=context.days_until(due) if active and due else None,
            request_url=request_url(request_template, model.id),
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
    return HandbookView(context, list(views.values()), exceptions,
                        _owner_views(owners, list(views.values())))


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
