"""Decision-rights pages: each matrix's tables by area, the index of matrices and roles, and one
page per role listing what it decides, does, is consulted on and is told across every matrix.

Each matrix's own page is rendered with the other governed documents (`TEMPLATES`); it reads
its tables from the `DecisionRightsView` built here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Decision, DecisionRights, Owner
from ..rules.decision_rights import letters
from ..views.handbook import FOLDERS, DocumentView
from . import markdown
from .pages import PageMaker, RenderedPage

FOLDER = FOLDERS[DecisionRights]
ROLES = f"{FOLDER}/roles"
"""Where the roles' pages go, below the pages folder."""

DUTIES = (("A", "Decides"), ("R", "Responsible"), ("C", "Consulted"), ("I", "Informed"))
"""The sections of a role's page: each RACI letter with what it means for the role."""


@dataclass(frozen=True)
class Row:
    """A decision as one row of its area's table."""

    decision: Decision
    cells: list[str]
    """The Markdown of each column's cell: the letters, the accountable one in bold."""


@dataclass(frozen=True)
class Area:
    """The decisions of one area of a matrix, shown as one table."""

    name: str
    roles: list[str]
    """The columns: the roles with a letter in the area, declared ones in `roles` order, then
    any the matrix does not declare (CTH504), so that no cell is hidden."""
    rows: list[Row]


@dataclass(frozen=True)
class Assignment:
    """A decision a role takes part in, as the role's page lists it."""

    matrix: DocumentView
    decision: Decision
    letters: list[str]

    @property
    def row(self) -> str:
        """The decision's row on the matrix page, relative to the pages folder."""
        return f"{self.matrix.page}#{self.decision.id.lower()}"


@dataclass
class RoleView:
    """A declared role and the decisions it takes part in, across every matrix."""

    key: str
    owner: Owner | None
    """``None`` for a role the owners registry does not declare (CTH505)."""
    assignments: list[Assignment] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The owner's name, else the key."""
        return self.owner.name if self.owner is not None else self.key

    @property
    def page(self) -> str:
        """Its page, relative to the pages folder (keys are validated: safe as file names)."""
        return f"{ROLES}/{self.key}.md"

    def holding(self, letter: str) -> list[Assignment]:
        """The decisions in which the role holds ``letter``."""
        return [assignment for assignment in self.assignments if letter in assignment.letters]


@dataclass
class DecisionRightsView:
    """Every matrix with its tables, and every declared role."""

    matrices: list[DocumentView]
    """By id."""
    areas: dict[str, list[Area]]
    """Each matrix's areas, in the order they first appear, by matrix id."""
    roles: dict[str, RoleView]
    """Declared roles in the order they are first declared, by key."""


def build_decision_views(documents: list[DocumentView], owners: dict[str, Owner]
                         ) -> DecisionRightsView | None:
    """The view of every matrix among ``documents``; ``None`` when there is none."""
    matrices = [(view, view.model) for view in documents
                if isinstance(view.model, DecisionRights)]
    if not matrices:
        return None
    roles: dict[str, RoleView] = {}
    areas = {}
    for view, matrix in matrices:
        for key in matrix.roles:
            roles.setdefault(key, RoleView(key, owners.get(key)))
        for decision in matrix.decisions:
            for key, cell in decision.raci.items():
                if key in matrix.roles:
                    roles[key].assignments.append(Assignment(view, decision, letters(cell)))
        areas[matrix.id] = _areas(matrix)
    return DecisionRightsView([view for view, _ in matrices], areas, roles)


def decision_pages(page: PageMaker, view: DecisionRightsView) -> list[RenderedPage]:
    """The index (in the navigation) and one page per role (reached from it and from the
    matrices' column headings)."""
    pages = [page("decision-rights-index.md.j2", f"{FOLDER}/index.md", dr=view, duties=DUTIES)]
    template = page.env.get_template("decision-role.md.j2")
    pages.extend(page(template, role.page, in_nav=False, role=role, duties=DUTIES)
                 for role in view.roles.values())
    return pages


def _areas(matrix: DecisionRights) -> list[Area]:
    grouped: dict[str, list[Decision]] = {}
    for decision in matrix.decisions:
        grouped.setdefault(decision.area, []).append(decision)
    areas = []
    for name, decisions in grouped.items():
        used = dict.fromkeys(key for decision in decisions for key in decision.raci)
        columns = [key for key in matrix.roles if key in used]
        columns += [key for key in used if key not in matrix.roles]
        rows = [Row(d, [_cell(d.raci[key]) if key in d.raci else "" for key in columns])
                for d in decisions]
        areas.append(Area(name, columns, rows))
    return areas


def _cell(text: str) -> str:
    """A RACI cell as shown: its letters with `A` in bold (``**A**/R``); a cell that is not
    letters (CTH503) as written."""
    read = letters(text)
    if not read or len(read) != len(text.split("/")):
        return markdown.cell(text)
    return "/".join(f"**{letter}**" if letter == "A" else letter for letter in read)
