"""Findings as values, and the rules that produce them.

Every check, from the YAML reader to the cross-file rules, returns `Diagnostic` values instead of
raising or printing, so that one broken file never hides the findings in the others and every
front end (CLI formats, MkDocs log, tests) renders the same list.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

MAX_MESSAGE = 400
"""Longest message or hint a finding carries: whatever a file holds, a report line stays short."""

MAX_SHOWN = 60
"""Longest excerpt of a user's value quoted in a message."""

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Characters that would end or reorder a report line: control characters, line and paragraph
separators, bidirectional overrides (a finding read in a terminal or a CI annotation must show
what the file holds, not what it pretends)."""

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str, limit: int | None = MAX_MESSAGE) -> str:
    """``text`` as one safe line: unsafe characters escaped (``\\n``, ``\\u202e``) and the
    result cut to ``limit`` characters with an ellipsis."""
    if not text.isascii() or not text.isprintable():
        text = _UNSAFE.sub(lambda m: _ESCAPES.get(m[0]) or f"\\u{ord(m[0]):04x}", text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def shorten(value: object) -> str:
    """A user's value quoted in a message: one line, cut to `MAX_SHOWN` characters."""
    return one_line(value if isinstance(value, str) else repr(value), MAX_SHOWN)


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

    def __post_init__(self) -> None:
        # Every finding, however made, is bounded and one line (see `one_line`): a file name or
        # value quoted from a hostile file cannot flood a log or forge a CI annotation.
        for name, limit in (("path", None), ("message", MAX_MESSAGE), ("hint", MAX_MESSAGE)):
            value = getattr(self, name)
            safe = one_line(value, limit)
            if safe is not value:
                object.__setattr__(self, name, safe)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


@dataclass(frozen=True)
class Rule:
    """A stable finding code with its default severity and the one-line fix users are told.

    Codes never change meaning once released: CI logs, scripts reading ``lint --format json``
    and people's notes refer to them.
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
