"""The decision-rights index and one page per role, from `views.decisions`; and the ``raci``
filter the matrices' tables show their cells with (each matrix's own page is rendered with the
other governed documents, by its kind's template)."""

from __future__ import annotations

from ..rules.decision_rights import letters
from ..views.decisions import DUTIES, FOLDER, DecisionRightsView
from . import markdown
from .pages import PageMaker, RenderedPage


def decision_pages(page: PageMaker, view: DecisionRightsView) -> list[RenderedPage]:
    """The index (in the navigation) and one page per role (reached from it and from the
    matrices' column headings)."""
    pages = [page("decision-rights-index.md.j2", f"{FOLDER}/index.md", dr=view, duties=DUTIES)]
    template = page.env.get_template("decision-role.md.j2")
    pages.extend(page(template, role.page, in_nav=False, role=role, duties=DUTIES)
                 for role in view.roles.values())
    return pages


def raci(text: str) -> str:
    """A RACI cell as a table shows it: its letters with `A` in bold (``**A**/R``); a cell that
    is not letters (CTH503) as written. The matrix template's ``raci`` filter."""
    read = letters(text)
    if not read or len(read) != len(text.split("/")):
        return markdown.cell(text)
    return "/".join(f"**{letter}**" if letter == "A" else letter for letter in read)
