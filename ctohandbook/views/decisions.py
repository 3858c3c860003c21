"""What the decision-rights pages show: each matrix's tables by area, and per role what it
decides, does, is consulted on and is told across every matrix."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Decision, DecisionRights, Owner
from ..model.kinds import kind_of
from ..rules.decision_rights import letters
from .documents import DocumentView

FOLDER = str(kind_of(DecisionRights).folder)
ROLES = f"{FOLDER}/roles"
"""Where the roles' pages go, below the pages folder."""

DUTIES = (("A", "Decides"), ("R", "Responsible"), ("C", "Consulted"), ("I", "Informed"))
"""The sections of a role's page: each RACI letter with what it means for the role."""


@dataclass(frozen=True)
class Row:
    """A decision as one row of its area's table."""

    decision: Decision
    cells: list[str]
    """Each column's cell as written (``""`` where the role has no letter); the page shows
    it with the `raci` filter."""


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


def _areas(matrix: DecisionRights) -> list[Area]:
    grouped: dict[str, list[Decision]] = {}
    for decision in matrix.decisions:
        grouped.setdefault(decision.area, []).append(decision)
    areas = []
    for name, decisions in grouped.items():
        used = dict.fromkeys(key for decision in decisions for key in decision.raci)
        columns = [key for key in matrix.roles if key in used]
        columns += [key for key in used if key not in matrix.roles]
        rows = [Row(d, [d.raci.get(key, "") for key in columns])
                for d in decisions]
        areas.append(Area(name, columns, rows))
    return areas
