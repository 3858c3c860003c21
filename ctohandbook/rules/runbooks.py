"""CTH601-605: every runbook meets the runbook standards in force that apply to it.

Only active standards are enforced: a draft is a proposal, and a retired standard is kept for the
record. The conformance report (`views.runbooks`) lists exactly the findings `conformance`
returns, so the page and CI never disagree about a runbook.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from pydantic import ConfigDict, TypeAdapter, ValidationError

from ..diagnostic import START, Diagnostic, Position, Rule, Severity, shorten
from ..model.handbook import Handbook
from ..model.runbook import Runbook, RunbookStandard, globs
from ..model.types import IsoDate, add_duration
from ..model.validation import suggest
from ..wording import relative_days
from .context import Context

E, W = Severity.ERROR, Severity.WARNING

METADATA_MISSING = Rule(
    "CTH601", "runbook-metadata-missing", E,
    "A runbook's front matter lacks a key its runbook standard requires, or leaves it empty.",
    "add the key to the front matter, the `key: value` lines between `---` lines at the top")
SECTION_MISSING = Rule(
    "CTH602", "runbook-section-missing", E,
    "A runbook has no heading for a section its runbook standard requires.",
    "add the section as a `##` heading (case and trailing punctuation do not matter)")
TEST_OVERDUE = Rule(
    "CTH603", "runbook-test-overdue", E,
    "A runbook's `last_tested` date is older than its standard's `last_tested_within`, or is "
    "not a date.",
    "test the runbook, then set `last_tested` to the date of the test (YYYY-MM-DD)", calendar=True)
RUNBOOK_OWNER_UNKNOWN = Rule(
    "CTH604", "runbook-owner-unknown", E,
    "A runbook's `owner` is not a key of the owners registry (checked when there is one).",
    "use a key of the owners registry, or add the owner to it")
STANDARD_MATCHES_NOTHING = Rule(
    "CTH605", "runbook-standard-matches-nothing", W,
    "A pattern of a runbook standard's `applies_to` matches no page of the docs folder.",
    "correct the pattern (relative to the docs folder, such as `runbooks/**/*.md`) or remove it")

RULES = (METADATA_MISSING, SECTION_MISSING, TEST_OVERDUE, RUNBOOK_OWNER_UNKNOWN,
         STANDARD_MATCHES_NOTHING)

_TRAILING = string.punctuation + string.whitespace
_DATE: TypeAdapter[date] = TypeAdapter(IsoDate, config=ConfigDict(strict=True))
"""The handbook's own date rule (YYYY-MM-DD, no time), for a value of free-form front matter."""


@dataclass(frozen=True)
class Conformance:
    """A runbook judged against the standards in force that apply to it."""

    runbook: Runbook
    standards: tuple[RunbookStandard, ...]
    """The active standards whose `applies_to` matches the runbook, by id."""
    findings: tuple[tuple[str | None, Diagnostic], ...]
    """Each finding with the id of the standard it is against; ``None`` for a finding about
    the runbook itself (an owner that does not resolve), which fails every standard."""

    def against(self, standard: str) -> list[Diagnostic]:
        """The findings that fail the runbook against ``standard``."""
        return [finding for source, finding in self.findings if source in (standard, None)]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every finding, in file order."""
        return sorted(finding for _, finding in self.findings)


def conformance(handbook: Handbook, context: Context) -> list[Conformance]:
    """Every runbook that a standard in force applies to, judged as of ``context.today``, in
    file order."""
    standards = sorted((doc.model for doc in handbook.runbook_standards
                        if doc.model.status == "active"), key=lambda standard: standard.id)
    results = []
    for runbook in handbook.runbooks:
        applying = tuple(s for s in standards if s.spec.match_file(runbook.docs_path))
        if not applying:
            continue
        findings: list[tuple[str | None, Diagnostic]] = [
            (standard.id, finding) for standard in applying
            for finding in _against(runbook, standard, context)]
        findings.extend((None, finding) for finding in _owner(runbook, handbook.owner_keys))
        results.append(Conformance(runbook, applying, tuple(findings)))
    return results


def check(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """Report what each runbook lacks, and standards whose patterns match no page."""
    for result in conformance(handbook, context):
        for _, finding in result.findings:
            yield finding
    yield from _unmatched_patterns(handbook)


def _section_key(heading: str) -> str:
    """What a heading is matched by: ``## Rollback:`` and ``## rollback`` are one section."""
    return " ".join(heading.split()).rstrip(_TRAILING).casefold()


def _blank(value: object) -> bool:
    """An empty value (``service:`` and nothing after it) tells a reader as little as none."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == [] or value == {}


def _against(runbook: Runbook, standard: RunbookStandard, context: Context
             ) -> Iterator[Diagnostic]:
    metadata = runbook.metadata
    for key in standard.required_metadata:
        if key not in metadata:
            hint = None if runbook.document.front is not None else (
                "start the file with front matter: a line `---`, `key: value` lines, and `---`")
            yield METADATA_MISSING.at(runbook.path, START, f"missing metadata `{shorten(key)}` "
                                      f"required by {standard.id}", hint)
        elif _blank(metadata[key]):
            yield METADATA_MISSING.at(runbook.path, runbook.at(key), f"metadata `{shorten(key)}` "
                                      f"required by {standard.id} is empty")
    present = {_section_key(block.text) for block in runbook.blocks
               if block.kind == "heading" and block.level >= 2}
    title = next((Position(block.line, 1) for block in runbook.blocks
                  if block.kind == "heading" and block.level == 1), START)
    for section in standard.required_sections:
        if _section_key(section) not in present:
            yield SECTION_MISSING.at(runbook.path, title, f"missing section `{shorten(section)}` "
                                     f"required by {standard.id}")
    yield from _last_tested(runbook, standard, context)


def _last_tested(runbook: Runbook, standard: RunbookStandard, context: Context
                 ) -> Iterator[Diagnostic]:
    within = standard.last_tested_within
    if within is None:
        return
    value, where = runbook.metadata.get("last_tested"), runbook.at("last_tested")
    if _blank(value):
        if "last_tested" not in standard.required_metadata:  # else CTH601 says so already
            yield TEST_OVERDUE.at(runbook.path, where,
                                  f"no `last_tested` date; {standard.id} requires a test "
                                  f"within {within}")
        return
    try:
        tested = _DATE.validate_python(value)
    except ValidationError:
        yield TEST_OVERDUE.at(
            runbook.path, where,
            f"`last_tested` is `{shorten(str(value))}`, not a date, so the test within {within} "
            f"that {standard.id} requires cannot be checked",
            "write the date of the last test as YYYY-MM-DD")
        return
    due = add_duration(tested, within)
    if due < context.today:
        yield TEST_OVERDUE.at(
            runbook.path, where,
            f"last tested on {tested} ({relative_days(context.days_until(tested))}), longer "
            f"ago than the {within} {standard.id} allows: a test was due by {due}")


def _owner(runbook: Runbook, known: set[str] | None) -> Iterator[Diagnostic]:
    owner = runbook.metadata.get("owner")
    if known is None or _blank(owner) or (isinstance(owner, str) and owner in known):
        return
    shown = shorten(str(owner))
    close = suggest(shown, sorted(known))
    yield RUNBOOK_OWNER_UNKNOWN.at(runbook.path, runbook.at("owner"),
                                   f"owner `{shown}` is not in the owners registry",
                                   f"did you mean `{close}`?" if close else None)


def _unmatched_patterns(handbook: Handbook) -> Iterator[Diagnostic]:
    pages = [runbook.docs_path for runbook in handbook.runbooks]
    for doc in handbook.runbook_standards:
        if doc.model.status == "retired":
            continue
        for index, pattern in enumerate(doc.model.applies_to):
            if not pattern.strip() or pattern.startswith(("!", "#")):  # excludes, comments
                continue
            spec = globs([pattern])
            if not any(spec.match_file(page) for page in pages):
                yield STANDARD_MATCHES_NOTHING.at(
                    doc.path, doc.at("applies_to", index),
                    f"`{shorten(pattern)}` of {doc.model.id}'s `applies_to` matches no runbook "
                    "page")
