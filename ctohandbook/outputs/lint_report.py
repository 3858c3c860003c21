"""Lint results as text for people, annotations for GitHub, and JSON for programs.

The JSON structure is declared as models, so that `ctohandbook schema lint-report` prints its
JSON Schema from the same declaration the output is built from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..diagnostic import Diagnostic, Severity
from ..lint import LintResult
from ..version import __version__
from ..wording import plural

FORMAT_VERSION = 1
"""Bumped whenever the JSON structure changes incompatibly."""


_DOCUMENTED = ConfigDict(use_attribute_docstrings=True)


class DiagnosticRecord(BaseModel):
    """One finding."""

    model_config = _DOCUMENTED

    code: str
    """Stable rule code, such as CTH201."""
    severity: Literal["error", "warning"]
    path: str
    """File, relative to the working directory when below it, with `/` separators."""
    line: int
    """1-based line."""
    column: int
    """1-based column."""
    message: str
    hint: str
    """What to do about it."""


class Summary(BaseModel):
    """Counts of the run."""

    model_config = _DOCUMENTED

    files: int
    errors: int
    warnings: int


class LintReport(BaseModel):
    """The output of `ctohandbook lint --format json`."""

    model_config = _DOCUMENTED

    format_version: int
    tool: str
    version: str
    today: str
    """The date staleness was judged by, YYYY-MM-DD."""
    summary: Summary
    diagnostics: list[DiagnosticRecord]


def summary(result: LintResult) -> str:
    """One line: what was found in how many files, and the date judged by."""
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    read = f"{plural(result.files, 'file')} (today: {result.today})"
    if not errors and not warnings:
        return f"No problems in {read}."
    return f"{plural(errors, 'error')} and {plural(warnings, 'warning')} in {read}."


def as_text(result: LintResult) -> str:
    """``path:line:col: CODE message`` lines, each followed by its hint, then the summary."""
    lines = []
    for d in result.diagnostics:
        lines.append(str(d))
        lines.append(f"  {d.severity.value}: {d.hint}" if d.hint else f"  {d.severity.value}")
    lines.append(summary(result))
    return "\n".join(lines)


def _escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def _annotation(d: Diagnostic) -> str:
    command = "error" if d.severity is Severity.ERROR else "warning"
    props = ",".join(f"{key}={_escape(str(value), property_value=True)}" for key, value in (
        ("file", d.path), ("line", d.line), ("col", d.column), ("title", d.code)))
    message = f"{d.message} (hint: {d.hint})" if d.hint else d.message
    return f"::{command} {props}::{_escape(message)}"


def as_github(result: LintResult) -> str:
    """GitHub Actions workflow commands: one annotation per finding, then the summary."""
    return "\n".join([*map(_annotation, result.diagnostics), summary(result)])


def as_json(result: LintResult) -> str:
    """The `LintReport` structure, indented."""
    report = LintReport(
        format_version=FORMAT_VERSION,
        tool="ctohandbook",
        version=__version__,
        today=result.today.isoformat(),
        summary=Summary(files=result.files, errors=result.count(Severity.ERROR),
                        warnings=result.count(Severity.WARNING)),
        diagnostics=[DiagnosticRecord(code=d.code, severity=d.severity.value, path=d.path,
                                      line=d.line, column=d.column, message=d.message,
                                      hint=d.hint) for d in result.diagnostics],
    )
    return report.model_dump_json(indent=2)


FORMATS: dict[str, Callable[[LintResult], str]] = {
    "text": as_text, "json": as_json, "github": as_github}
"""Output formats of `ctohandbook lint --format`."""
