"""Findings as values, and the rules that produce them.

Every check, from the YAML reader to the cross-file rules, returns `Diagnostic` values instead of
raising or printing, so that one broken file never hides the findings in the others and every
front end (CLI formats, MkDocs log, tests) renders the same list.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(str, enum.Enum):
    """How bad a finding is: errors fail the gate, warnings fail it only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column, as editors and CI annotations count them."""

    line: int = 1
    column: int = 1


START = Position(1, 1)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding at a 1-based ``line``/``column`` of ``path`` (a POSIX path as shown to users).

    Field order is the sort order of reports: by file, then position, then code.
    """

    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


@dataclass(frozen=True)
class Rule:
    """A stable finding code with its default severity and the one-line fix users are told.

    Codes never change meaning once released: CI configurations and suppressions refer to them.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    hint: str
    calendar: bool = False
    """Whether the finding can appear as time passes, with no file changed (a review falls
    due, an exception expires): ``lint --only-changed`` reports these only for the files a pull
    request touches, so that the calendar does not fail unrelated pull requests."""

    def at(self, path: str, position: Position, message: str,
           hint: str | None = None) -> Diagnostic:
        """Make a finding of this rule at ``position`` of ``path``."""
        return Diagnostic(
            path=path,
            line=position.line,
            column=position.column,
            code=self.code,
            severity=self.severity,
            message=message,
            hint=self.hint if hint is None else hint,
        )
