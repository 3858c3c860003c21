"""What rules and pages know beyond the documents: the date they judge by, how far ahead to
warn, and the project around the handbook. Both judge dates through `Context.urgency`, so a page
never calls "due soon" what the linter calls overdue."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..model.handbook import Handbook
    from ..project.settings import Framework, Project

Urgency = Literal["past", "soon", "later"]
"""Where a date falls: before today, within `Context.warn_days`, or after."""


@dataclass(frozen=True)
class Context:
    """The inputs every check shares."""

    today: date
    """The date staleness and expiry are judged against."""
    warn_days: int = 30
    """How many days ahead a coming review or expiry is a warning."""
    base: Handbook | None = None
    """The handbook at the revision a change is judged against (``lint --base``): the version
    rules run only when it is given."""
    base_name: str = ""
    """That revision as the user named it, for messages."""
    frameworks: Mapping[str, Framework] = field(default_factory=dict, hash=False)
    """The compliance frameworks declared in the settings, by key: ``controls:`` entries are
    judged against them (CTH309-310) only when there is at least one."""
    project: Project | None = field(default=None, hash=False)
    """The project being linted: project-level checks (CTH706, CTH707), which judge files the
    repository keeps beside the handbook, speak only when there is one."""

    def days_until(self, day: date) -> int:
        """Days from today to ``day``; negative when ``day`` is past."""
        return (day - self.today).days

    def urgency(self, day: date) -> Urgency:
        """Whether ``day`` is past, soon (today included) or later."""
        left = self.days_until(day)
        return "past" if left < 0 else "soon" if left <= self.warn_days else "later"
