"""CTH801-802: what ``ctohandbook new`` leaves for people to write is written before a document
counts: no placeholder line in a document in force, and no exception waiving anything before
its approver has granted it.

A skeleton is a draft, so it passes the gate the day it is made; the day it is made active (an
ADR accepted, an exception granted), a placeholder left in it is a finding. The placeholder
lines are those of `model.placeholders`, which the skeletons are built from.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any

from ..diagnostic import Diagnostic, Position, Rule, Severity
from ..model.adr import Adr
from ..model.document import Document
from ..model.exception import GRANT_FIELDS, PolicyException
from ..model.handbook import Handbook
from ..model.placeholders import PLACEHOLDERS
from ..model.validation import dotted
from ..sources.files import SourceFile
from .context import Context

PLACEHOLDER_LEFT = Rule(
    "CTH801", "placeholder-left", Severity.ERROR,
    "A document in force (an active policy, runbook standard or decision-rights matrix, a granted "
    "exception, an accepted ADR) still holds a placeholder line that `ctohandbook new` wrote.",
    "replace the line with what it asks for")
EXCEPTION_NOT_GRANTED = Rule(
    "CTH802", "exception-not-granted", Severity.ERROR,
    "An exception is requested but not granted, or says it is granted without `approved_by` and "
    "`granted`: it waives nothing until its approver grants it.",
    "the approver writes the reason, compensating controls and remediation plan (or checks "
    "them), then sets `status: granted`, `approved_by` and `granted`")

RULES = (PLACEHOLDER_LEFT, EXCEPTION_NOT_GRANTED)


def check(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """Placeholders in documents in force, and exceptions not granted."""
    for doc in handbook.governed:
        if doc.model.status == "active":
            yield from _in_yaml(doc, f"{doc.model.id} is active")
    for exception in handbook.exceptions:
        if exception.model.grant() is None:
            yield _not_granted(handbook, exception)
        else:
            yield from _in_yaml(exception, f"{exception.model.id} is granted")
    for adr in handbook.adrs or ():
        if adr.status == "accepted":
            yield from _in_adr(adr)


def _in_yaml(doc: Document[Any], state: str) -> Iterator[Diagnostic]:
    """CTH801 for each placeholder line in the text values of ``doc``."""
    source = doc.source.source
    for path, value in text_values(doc.source.data, ()):
        start = doc.at(*path).line
        for line in value.split("\n"):
            if line.strip() in PLACEHOLDERS:
                yield _left(source, _find(source, line.strip(), start, doc.at(*path)),
                            line.strip(), state, dotted(path))


def text_values(value: object, path: tuple[Hashable, ...]
                ) -> Iterator[tuple[tuple[Hashable, ...], str]]:
    """Every text value below ``value``, with its path of keys and indexes (CTH801 looks for
    placeholders in them, CTH901 for nested lists)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_values(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_values(item, (*path, index))


def _find(source: SourceFile, text: str, first_line: int, fallback: Position) -> Position:
    """Where ``text`` is written in ``source``, from line ``first_line`` on (a block scalar's
    lines follow its key); ``fallback`` when it is not written as itself (escaped in quotes)."""
    for number, line in enumerate(source.lines()[first_line - 1:], first_line):
        column = line.find(text)
        if column >= 0:
            return Position(number, column + 1)
    return fallback


def _left(source: SourceFile, at: Position, text: str, state: str, where: str) -> Diagnostic:
    return PLACEHOLDER_LEFT.at(source.display, at,
                               f"{state}, but `{where}` still says “{text}”")


def _in_adr(adr: Adr) -> Iterator[Diagnostic]:
    """CTH801 for each placeholder line of an accepted ADR's body."""
    source = adr.document.source
    for block in adr.document.blocks():
        if block.text in PLACEHOLDERS:
            at = _find(source, block.text, block.line, Position(block.line, 1))
            yield PLACEHOLDER_LEFT.at(
                source.display, at, f"{adr.id} is accepted, but still says “{block.text}”")


def _not_granted(handbook: Handbook, doc: Document[PolicyException]) -> Diagnostic:
    """CTH802 at ``status: requested``, or at the top of a grant without its approver or day,
    with the hint naming the approver and what they fill in."""
    exc = doc.model
    waived = handbook.waivable.get(exc.policy)
    process = waived.model.exceptions if waived is not None else None
    approver = process.approver if process is not None else None
    missing = [name for name in GRANT_FIELDS if getattr(exc, name) is None]
    who = f"`{approver}`" if approver else f"{exc.policy}'s exception approver"
    hint = (f"{who} checks the reason, compensating controls and remediation plan, then sets "
            f"`status: granted`, `approved_by: {approver or '...'}` and `granted:` the day")
    if exc.status == "requested":
        return EXCEPTION_NOT_GRANTED.at(
            doc.path, doc.at("status"),
            f"{exc.id} is requested, not granted: it waives nothing of {exc.policy} yet", hint)
    return EXCEPTION_NOT_GRANTED.at(
        doc.path, doc.at(),
        f"{exc.id} is granted without {' and '.join(f'`{name}`' for name in missing)}: it "
        f"waives nothing until it says who granted it and when", hint)
