"""The control coverage page: for each compliance framework, which requirements cover each of its
controls, and which controls none covers.

Frameworks come from the settings (``frameworks:``). A framework declared with its full list of
controls is shown in that order, with the controls no requirement covers as gaps; one declared
without a list, or not declared at all, shows the controls requirements cite, since a gap cannot
be told from a control the handbook does not know. Only requirements of active documents count as
coverage: a draft binds no one yet and a retired policy no longer does, and coverage is what an
auditor would be shown as in force.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from ..model.policy import Numbered
from ..project.settings import Framework
from .documents import DocumentView

_DIGITS = re.compile(r"([0-9]+)")


def natural(control: str) -> tuple[str | int, ...]:
    """Sort key that puts ``CC6.2`` before ``CC6.10`` and ``A.8.9`` before ``A.8.10``: digit runs
    compare as numbers. `re.split` alternates text and digits, so positions never mix types."""
    return tuple(int(part) if index % 2 else part
                 for index, part in enumerate(_DIGITS.split(control)))


class Citation(NamedTuple):
    """A requirement that covers a control, as the page links to it."""

    label: str
    """``SEC-004 R2``."""
    page: str
    """Its anchor on its document's page, relative to the pages folder:
    ``policies/sec-004.md#r2`` (MkDocs gives the ``### R2`` heading the id ``r2``)."""


@dataclass
class ControlRow:
    """One control of a framework and the requirements that cover it."""

    control: str
    covered_by: list[Citation]
    outside: bool = False
    """Cited, but not in the framework's declared list (a CTH310 finding), so shown after it."""


@dataclass
class FrameworkCoverage:
    """The controls of one framework, declared or only cited."""

    key: str
    """What ``controls:`` entries start with: ``SOC2``."""
    framework: Framework | None
    """Its declaration; ``None`` when requirements cite it but the settings do not declare it."""
    rows: list[ControlRow] = field(default_factory=list)

    @property
    def listed(self) -> bool:
        """Whether its full list of controls is declared, so that gaps are known."""
        return self.framework is not None and self.framework.controls is not None

    @property
    def total(self) -> int:
        """How many controls its declared list holds."""
        return sum(1 for row in self.rows if not row.outside)

    @property
    def covered(self) -> int:
        """How many controls of its declared list some requirement covers."""
        return sum(1 for row in self.rows if row.covered_by and not row.outside)


@dataclass
class ControlCoverage:
    """Every framework the page shows: the declared ones in the order of the settings, then those
    only cited, by key."""

    frameworks: list[FrameworkCoverage]
    declared: bool
    """Whether the settings declare any framework (else the page only lists citations)."""


def _citations(documents: list[DocumentView]) -> dict[str, dict[str, list[Citation]]]:
    """Framework key -> control -> the requirements of active documents that cite it, by
    document id and then in the document's order."""
    cited: dict[str, dict[str, list[Citation]]] = {}
    for view in documents:
        model = view.model
        if model.status != "active" or not isinstance(model, Numbered):
            continue
        for requirement in model.requirements:
            citation = Citation(f"{model.id} {requirement.id}",
                                f"{view.page}#{requirement.id.lower()}")
            for ref in dict.fromkeys(requirement.controls):  # a control cited twice counts once
                key, _, control = ref.partition(":")
                cited.setdefault(key, {}).setdefault(control, []).append(citation)
    return cited


def build_control_coverage(documents: list[DocumentView], frameworks: Mapping[str, Framework]
                           ) -> ControlCoverage | None:
    """The coverage of ``frameworks`` by the requirements of ``documents``; ``None`` when no
    framework is declared and no active requirement cites a control: there is nothing to show."""
    cited = _citations(documents)
    if not frameworks and not cited:
        return None
    shown: list[FrameworkCoverage] = []
    for key in [*frameworks, *sorted(set(cited) - set(frameworks), key=natural)]:
        framework = frameworks.get(key)
        citations = cited.get(key, {})
        coverage = FrameworkCoverage(key, framework)
        listed = framework.controls if framework is not None else None
        if listed is not None:
            coverage.rows = [ControlRow(control, citations.get(control, []))
                             for control in listed]
        extra = sorted(set(citations) - set(listed or ()), key=natural)
        coverage.rows.extend(ControlRow(control, citations[control], outside=listed is not None)
                             for control in extra)
        shown.append(coverage)
    return ControlCoverage(shown, bool(frameworks))
