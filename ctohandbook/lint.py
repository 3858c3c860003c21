"""Run every rule over a handbook and decide whether the result fails the gate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostic import Diagnostic, Severity
from .model.compare import touched_paths
from .model.handbook import Handbook, ReadCache
from .project.loaders import read_project
from .project.settings import FailOn, Project
from .rules.context import Context
from .rules.registry import CHECKS, RULES
from .sources.files import display_path

if TYPE_CHECKING:  # git (subprocess, tarfile) is loaded only when a base revision is given
    from .project.loaders import Revision

CALENDAR_CODES = frozenset(rule.code for rule in RULES if rule.calendar)
"""Findings that time alone can bring about (see `Rule.calendar`)."""


@dataclass(frozen=True)
class LintResult:
    """The findings of one lint run, with what was read and what it judged by."""

    diagnostics: list[Diagnostic]
    files: int
    context: Context
    """The date, warning horizon, frameworks and project the run judged by: the pages, the
    calendar and the export of the same run judge by it too, so they never disagree with the
    findings."""
    handbook: Handbook
    """What was read, for rendering the pages of the same run."""

    @property
    def today(self) -> date:
        """The date staleness was judged by."""
        return self.context.today

    def count(self, severity: Severity) -> int:
        """How many findings have ``severity``."""
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def fails(self, fail_on: FailOn) -> bool:
        """Whether the findings fail a gate that fails on ``fail_on`` and worse."""
        if fail_on == "never":
            return False
        if fail_on == "warning":
            return bool(self.diagnostics)
        return self.count(Severity.ERROR) > 0


def lint(handbook: Handbook, context: Context) -> list[Diagnostic]:
    """Every finding of ``handbook``: those of reading it and those of every check, sorted.
    The project-level checks (CTH706, CTH707) speak only when ``context`` has a project."""
    found = list(handbook.diagnostics)
    for check in CHECKS:
        found.extend(check(handbook, context))
    return sorted(found)


def lint_project(project: Project, today: date, paths: Sequence[Path] = (),
                 cache: ReadCache | None = None, base: Revision | None = None,
                 only_changed: bool = False) -> LintResult:
    """Lint the handbook of ``project``; with ``paths``, report only findings in those files or
    folders. The whole handbook is read either way, so references resolve, and paths outside it
    (a changed README passed by a pre-commit hook) simply have no findings.

    With ``base``, changes since that revision are judged too (CTH702-705); with
    ``only_changed`` as well, calendar findings (a review falling due, an exception expiring)
    are reported only in the files changed since ``base``: the pull-request lane, which the
    calendar must not turn red. Every other finding is reported everywhere.

    Raises `ConfigError` as `read_project` does, and `GitError` when ``base`` cannot be read.
    """
    settings = project.settings
    handbook = read_project(project, cache)
    before = None
    if base is not None:
        from .project.loaders import load_revision
        before = load_revision(project, base)
    context = Context(today=today, warn_days=settings.warn_days, base=before,
                      base_name=base.name if base is not None else "",
                      frameworks=settings.frameworks, project=project)
    found = lint(handbook, context)
    if only_changed and before is not None:
        touched = touched_paths(before, handbook)
        found = [d for d in found if d.code not in CALENDAR_CODES or d.path in touched]
    if paths:
        shown = [display_path(path) for path in paths]
        found = [d for d in found if any(p == "." or d.path == p or d.path.startswith(p + "/")
                                         for p in shown)]
    return LintResult(found, handbook.files, context, handbook)
