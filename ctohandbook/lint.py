"""Run every rule over a handbook and decide whether the result fails the gate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .diagnostic import Diagnostic, Severity
from .model.handbook import Handbook, ReadCache, load_handbook
from .rules.context import Context
from .rules.registry import CHECKS
from .settings import ConfigError, FailOn, Project
from .sources.files import display_path


@dataclass(frozen=True)
class LintResult:
    """The findings of one lint run, with what was read and the date it judged by."""

    diagnostics: list[Diagnostic]
    files: int
    today: date
    handbook: Handbook
    """What was read, for rendering the pages of the same run."""

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
    """Every finding of ``handbook``: those of reading it and those of every check, sorted."""
    found = list(handbook.diagnostics)
    for check in CHECKS:
        found.extend(check(handbook, context))
    return sorted(found)


def lint_project(project: Project, today: date, paths: Sequence[Path] = (),
                 cache: ReadCache | None = None) -> LintResult:
    """Lint the handbook of ``project``; with ``paths``, report only findings in those files or
    folders. The whole handbook is read either way, so references resolve, and paths outside it
    (a changed README passed by a pre-commit hook) simply have no findings.

    Raises `ConfigError` when the policies folder, or an ADR folder set explicitly, does not
    exist: a mistyped folder must not pass as a clean handbook of zero files.
    """
    settings = project.settings
    templates = project.templates_path
    for name, folder in (("policies_dir", project.policies_path),
                         ("adrs_dir", project.adrs_path), ("templates_dir", templates)):
        if folder is not None and not folder.is_dir() and (
                name == "policies_dir" or name in settings.model_fields_set):
            raise ConfigError(f"{display_path(folder)}: no such folder (set `{name}` of the "
                              "ctohandbook plugin in mkdocs.yml)")
    handbook = load_handbook([project.policies_path], base=Path.cwd(), cache=cache,
                             max_file_size=settings.max_file_size, adrs_dir=project.adrs_path,
                             docs_dir=project.docs_path)
    found = lint(handbook, Context(today=today, warn_days=settings.warn_days))
    if paths:
        shown = [display_path(path) for path in paths]
        found = [d for d in found if any(p == "." or d.path == p or d.path.startswith(p + "/")
                                         for p in shown)]
    return LintResult(found, handbook.files, today, handbook)
