"""The site view: everything the generated pages and files show of a handbook as of one day,
built in one function.

Templates and outputs only lay it out; every judgement (what is overdue, what has expired)
comes from `Context.urgency`, the same as the linter's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..diagnostic import Diagnostic
from ..model import Handbook, Policy
from ..model.governed import Governed
from ..rules.context import Context, Urgency
from ..sources.history import History
from .adrs import AdrView, build_adr_views, status_counts
from .changes import ReleaseView, build_changes
from .controls import ControlCoverage, build_control_coverage
from .decisions import DecisionRightsView, build_decision_views
from .documents import DocumentView, ExceptionView, OwnerView, document_views
from .runbooks import RunbookReport, build_runbook_report

FINDINGS_SHOWN = 20
"""How many findings the overview lists; the report of ``ctohandbook lint`` has them all."""

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
"""The months' names, as the review calendar heads its groups: the site is in English whatever
the locale of the machine that builds it."""


@dataclass(frozen=True)
class Sections:
    """Which section pages have something to show: only those are published, put in the
    navigation and listed on the overview, so that a handbook of ADRs alone is not five empty
    pages. Each condition holds wherever a generated page or file links to the page, so no link
    ever points at a page that is not published."""

    catalogue: bool
    """The policy catalogue: any policy."""
    reviews: bool
    """The review calendar (and its iCalendar feed): any governed document, each of which has
    a review cycle."""
    changes: bool
    """The changes page (and its Atom feed): any governed document, each of which keeps a
    changelog."""
    exceptions: bool
    """The exception register: any exception, or any document with an exception process (the
    register is where its exceptions will be). A document's page links to the register only
    for exceptions of its own."""
    owners: bool
    """The owners page: any owner, from the registry or named by a document (owner links are
    made only to registry keys), or a decision-rights matrix (whose roles' pages link to their
    owner entries)."""


@dataclass(frozen=True)
class HandbookView:
    """Everything the generated pages and files show, as of one day: built whole by
    `build_view`, never changed afterwards."""

    context: Context
    documents: list[DocumentView]
    """Every governed document, by id."""
    exceptions: list[ExceptionView]
    owners: list[OwnerView]
    adrs: list[AdrView] | None
    """The ADRs, newest first; ``None`` when the handbook has no ADR folder."""
    decision_rights: DecisionRightsView | None
    """The matrices by area and the roles' pages; ``None`` when the handbook has no matrix."""
    runbooks: RunbookReport | None
    """The runbook conformance report; ``None`` when the handbook has no runbook standard."""
    controls: ControlCoverage | None
    """The control coverage page; ``None`` when no framework is declared and no requirement in
    force cites a control."""
    changes: list[ReleaseView]
    """Every changelog entry, by release, newest first."""
    sections: Sections
    findings: Sequence[Diagnostic] = ()
    """What the checks found, in report order: the overview lists them, so that it never says
    that nothing needs attention while the linter disagrees."""

    @property
    def adr_statuses(self) -> list[tuple[str, int]]:
        """How many ADRs have each status present (`views.adrs.status_counts`, as the decision
        log counts them)."""
        return status_counts(self.adrs or [])

    @property
    def findings_shown(self) -> Sequence[Diagnostic]:
        """The findings the overview lists, at most `FINDINGS_SHOWN`: it says how many more."""
        return self.findings[:FINDINGS_SHOWN]

    def of_kind(self, model: type[Governed]) -> list[DocumentView]:
        """The documents of one kind, by id."""
        return [view for view in self.documents if isinstance(view.model, model)]

    @property
    def policies(self) -> list[DocumentView]:
        """The policies, by id."""
        return self.of_kind(Policy)

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

    @property
    def reviews_by_month(self) -> list[tuple[str, list[DocumentView]]]:
        """The reviews after the warning horizon (`review_state` ``later``), by the month they
        fall in (``January 2027``), soonest first: the review calendar lists every review,
        however far ahead, as its feed does."""
        months: dict[tuple[int, int], list[DocumentView]] = {}
        for view in self.reviews:
            if view.review_state == "later" and view.next_review is not None:
                day = view.next_review
                months.setdefault((day.year, day.month), []).append(view)
        return [(f"{MONTHS[month - 1]} {year}", views) for (year, month), views in months.items()]

    @property
    def unscheduled(self) -> list[DocumentView]:
        """Active documents without a next review date (CTH203): the review calendar names
        them rather than leave them out unsaid."""
        return [v for v in self.documents if v.model.status == "active" and v.next_review is None]

    def exceptions_in(self, state: Urgency) -> list[ExceptionView]:
        """Exceptions in ``state``, soonest expiry first."""
        return sorted((e for e in self.exceptions if e.state == state),
                      key=lambda e: (e.model.expires, e.model.id))


def build_view(handbook: Handbook, context: Context, *, pages_dir: str = "governance",
               exception_request_url: str | None = None, docs_dir: Path | None = None,
               history: History | None = None,
               findings: Sequence[Diagnostic] = ()) -> HandbookView:
    """What every generated page and file shows of ``handbook`` as of ``context.today``.

    ``exception_request_url`` is the "Request an exception" link (``{id}`` becomes the policy
    id); ``docs_dir`` is where links from ADR bodies to docs pages point (see `views.adrs`);
    ``history`` gives the releases the changes page groups entries by; ``findings`` are the
    lint findings the overview lists."""
    documents, exceptions, owners = document_views(handbook, context, exception_request_url)
    decision_rights = build_decision_views(documents, handbook.owners)
    sections = Sections(
        catalogue=any(isinstance(view.model, Policy) for view in documents),
        reviews=bool(documents), changes=bool(documents),
        exceptions=bool(exceptions) or any(view.model.exceptions for view in documents),
        owners=bool(owners) or decision_rights is not None)
    return HandbookView(
        context, documents, exceptions, owners,
        adrs=(build_adr_views(handbook, documents, pages_dir, docs_dir)
              if handbook.adrs is not None else None),
        decision_rights=decision_rights,
        runbooks=build_runbook_report(handbook, context, documents, pages_dir),
        controls=build_control_coverage(documents, context.frameworks),
        changes=build_changes(documents, history.releases if history else ()),
        sections=sections, findings=tuple(findings))
