"""The decision log and one page per ADR, from their views (`views.adrs`)."""

from __future__ import annotations

from ..views.adrs import AdrView, status_counts
from ..views.paths import ADR_FOLDER
from .pages import PageMaker, RenderedPage


def adr_pages(page: PageMaker, views: list[AdrView]) -> list[RenderedPage]:
    """The decision log (in the navigation) and one page per ADR (reached from it)."""
    pages = [page("adrs.md.j2", f"{ADR_FOLDER}/index.md", adrs=views,
                  statuses=status_counts(views),
                  tags=sorted({tag for v in views for tag in v.adr.tags}))]
    template = page.env.get_template("adr.md.j2")
    pages.extend(page(template, view.page, view.adr.document.source.path, in_nav=False,
                      view=view) for view in views)
    return pages


