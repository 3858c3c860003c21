"""The runbook conformance report page, from `views.runbooks` (each standard's own page is
rendered with the other governed documents)."""

from __future__ import annotations

from ..views.runbooks import REPORT, RunbookReport
from .pages import PageMaker, RenderedPage


def runbook_pages(page: PageMaker, report: RunbookReport) -> list[RenderedPage]:
    """The conformance report, in the navigation (each standard's page is rendered with the
    other governed documents)."""
    return [page("runbooks.md.j2", REPORT, report=report)]
