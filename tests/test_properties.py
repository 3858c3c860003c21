"""Property-based tests (Hypothesis): what no list of examples can enumerate.

1. Whatever bytes a file holds, reading it gives a document or findings, never an exception.
2. Whatever a YAML document says (YAML 1.1 surprises, anchors, tags, merge keys, duplicate keys,
   tabs, CR and CRLF line ends, a byte-order mark) and, most often, a realistic governance
   document with some fields broken, the whole pipeline (load, lint, pages, calendar, feed,
   export) gives findings, never an exception.
3. A valid document written out as YAML and read back is the same model; so is the export.

Every finding met on the way must be well formed: a registered code, the path the file was read
under, a 1-based position inside the text, and a message of one bounded line that quotes no more
of the file than a short excerpt. An error message is read in a terminal, a CI annotation and an
editor's problem list; a value pasted into it whole (a 10 kB scalar, a key with a line break)
breaks all three.

How much each property runs is set by the Hypothesis profile (see the end of conftest.py): the
default ``ci`` profile is derandomized, so CI tests the same examples on every run and a red
build is never a flake; ``HYPOTHESIS_PROFILE=explore`` searches with fresh random examples, ten
times as many, for a local hunt.
"""

from __future__ import annotations

import codecs
import copy
import json
import re
import shutil
import subprocess
import sys
import tempfile
import typing
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, get_args
from unittest import mock

import pytest
import yaml
from hypothesis import assume, event, example, given, note, settings
from hypothesis import strategies as st
from icalendar import Calendar
from pydantic import BaseModel

from ctohandbook import Context, Diagnostic, Handbook, load_handbook
from ctohandbook.diagnostic import Severity
from ctohandbook.lint import lint
from ctohandbook.model import decision_rights, exception, governed, owners, policy, types
from ctohandbook.model.adr import STATUSES, AdrFrontMatter, read_adr
from ctohandbook.model.kinds import KINDS
from ctohandbook.model.validation import validate, validate_model
from ctohandbook.outputs.calendar import review_calendar
from ctohandbook.outputs.export import GovernanceExport, as_csv, as_json, governance
from ctohandbook.outputs.feed import changes_feed
from ctohandbook.project.settings import Framework
from ctohandbook.render import render_view
from ctohandbook.rules.registry import RULES
from ctohandbook.sources import yamlfile
from ctohandbook.sources.files import SourceFile, decode
from ctohandbook.sources.markdownfile import parse_markdown
from ctohandbook.sources.yamlfile import parse_yaml
from ctohandbook.views import build_view

from .conftest import GOOD, REQUEST, TODAY

pytestmark = pytest.mark.slow  # Hypothesis draws hundreds of examples per property.

# --------------------------------------------------------------------------------------------
# What a well-formed finding is

CODES = frozenset(rule.code for rule in RULES)
MAX_MESSAGE = 500
"""The longest message (and hint) a finding may have, in characters."""
EXCERPT = 80
"""A message may quote a value, but only an excerpt: no run of `EXCERPT` characters aligned on
a multiple of `EXCERPT` in a file or a value may appear in it, so that any quote of 2 x
`EXCERPT` - 1 characters or more is caught. Quotes are cut at 60 characters
(`diagnostic.MAX_SHOWN`); a message may also repeat the key before a value as the file writes
it (``add `- {version: 2.1.0, ...}```), and the longest value a pattern bounds, an owner key,
has 64 characters: a message doing either passes."""


def _extent(text: str) -> tuple[int, int]:
    """The last line and the last column a position in ``text`` may name (one past the end is
    allowed: an unclosed bracket is reported at the end of the file). Lines are counted the
    widest way (YAML also breaks lines at CR, NEL, LS and PS) and columns the longest way (only
    at LF), so that the bound holds whichever way a reader counts."""
    return len(text.splitlines()) + 1, max(len(line) for line in text.split("\n")) + 1


def _long_quote(message: str, quoted: Iterable[str]) -> str | None:
    """A run of `EXCERPT` characters of one of ``quoted`` that ``message`` repeats, if any."""
    for text in quoted:
        for start in range(0, len(text) - EXCERPT + 1, EXCERPT):
            chunk = text[start:start + EXCERPT]
            if chunk in message:
                return chunk
    return None


def check_findings(findings: Iterable[Diagnostic], texts: Mapping[str, str],
                   values: Iterable[str] = (), *, reading: bool = False,
                   folders: Iterable[str] = ()) -> None:
    """Each of ``findings`` is well formed: a registered code (of the CTH1xx reading family
    when ``reading``), a path among ``texts`` (the text of each file by the path it was read
    under) and a position inside that text, or the top of one of ``folders`` (a finding about
    a folder as a whole), and one bounded line of message and of hint that quotes no long run
    of any file or of ``values`` (strings the file was written from, which YAML escapes may
    hide in the text)."""
    values = [*texts.values(), *values]
    folders = set(folders)
    for finding in findings:
        assert isinstance(finding, Diagnostic), finding
        assert finding.code in CODES, finding
        assert not reading or finding.code.startswith("CTH1"), finding
        assert isinstance(finding.severity, Severity), finding
        if finding.path in folders:
            assert (finding.line, finding.column) == (1, 1), finding
            last_line, last_column = 1, 1
        else:
            assert finding.path in texts, finding
            last_line, last_column = _extent(texts[finding.path])
        assert 1 <= finding.line <= last_line, finding
        assert 1 <= finding.column <= last_column, finding
        assert finding.message, finding
        assert "\n" not in finding.message and "\r" not in finding.message, finding
        assert len(finding.message) <= MAX_MESSAGE, finding
        assert _long_quote(finding.message, values) is None, finding
        assert "\n" not in finding.hint and "\r" not in finding.hint, finding
        assert len(finding.hint) <= MAX_MESSAGE, finding
        assert _long_quote(finding.hint, values) is None, finding


def _strings(value: object) -> Iterator[str]:
    """Every string in a plain value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def check_plain(value: object, at: str = "the document") -> None:
    """``value`` is what a YAML reader should hand on: mappings with text keys, lists, text
    that can be written out again as UTF-8 (no lone surrogate, which YAML's ``"\\ud800"``
    escape can make), numbers, booleans, null and dates; never a node of the parser."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), f"key {key!r} of {at} is not text"
            check_plain(key, f"a key of {at}")
            check_plain(item, f"{at}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_plain(item, f"{at}[{index}]")
    elif isinstance(value, str):
        assert not re.search(r"[\ud800-\udfff]", value), f"{at} holds a lone surrogate: {value!r}"
    else:
        assert value is None or isinstance(value, (bool, int, float, date)), \
            f"{at} is {type(value).__name__}: {value!r}"


def _shown(data: bytes) -> str:
    """The text positions in a file's findings count in: after a UTF-8 byte-order mark, and
    with each undecodable byte as one character (as `files.byte_position` counts them)."""
    return data.removeprefix(codecs.BOM_UTF8).decode("utf-8", "replace")


YamlLoader = type[yaml.SafeLoader | yaml.CSafeLoader]
LOADERS: list[YamlLoader] = [yamlfile.PythonLoader, yamlfile.Loader]
"""PyYAML's pure-Python parser and libyaml's (the same one twice when PyYAML lacks libyaml):
they report errors differently, so both are fed every input."""


@contextmanager
def _using(loader: YamlLoader) -> Iterator[None]:
    """Parse with ``loader`` within the block (a context manager, not the ``yaml_loader``
    fixture: a function-scoped fixture is set up once for all the examples of a test)."""
    with mock.patch.object(yamlfile, "Loader", loader):
        yield


# --------------------------------------------------------------------------------------------
# Scalars and YAML-like values

TEXT = st.text(st.characters(codec="utf-8"), max_size=30)
"""Any text a UTF-8 file can hold: control characters, NEL, LS, PS, a BOM, astral planes."""

YAML_11 = ["no", "No", "NO", "off", "On", "yes", "y", "n", "true", "False", "~", "null", "Null",
           "", " ", "1:20", "1:20:30.5", "0x1F", "0o17", "017", "0b101", "1_000", "+1", "-0",
           ".5", "1e3", "6.8523015e+5", "1.10", ".inf", "-.Inf", ".NaN", "2026-02-30",
           "2026-06-01", "2026-06-01T10:00:00Z", "2001-12-14 21:59:43.10 -5", "2.1.0", "=",
           "<<", "@acme", "`x`", "%x", "!x", "&x", "*x", "|", ">", "- x", "a: b", "#c", "'",
           '"', "{", "[", "?", "...", "---", "\t", "\ufeff", "\x85", "\u2028", "ADR-0001",
           "SEC-001", "R1", "D1", "cto", "90 days", "0 days"]
"""Words YAML 1.1 reads as something else than text, and text that looks like syntax."""

LONG = st.builds(lambda unit, count: unit * count, st.text(min_size=1, max_size=4),
                 st.integers(60, 300))
"""Text hundreds of characters long, which a message must quote only an excerpt of."""

SCALARS: st.SearchStrategy[Any] = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-10**40, 10**40), st.floats(),
    st.dates(), st.datetimes(), st.datetimes(timezones=st.just(timezone.utc)),
    st.sampled_from(YAML_11), TEXT, LONG)
MODELS: tuple[type[BaseModel], ...] = (
    *KINDS.values(), governed.Review, governed.ExceptionProcess, governed.Related,
    governed.ChangelogEntry, policy.Requirement, owners.Owner, decision_rights.Decision)
KEYS: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(sorted({name for model in MODELS for name in model.model_fields}
                           | {"ownr", "Owner", "<<"})),
    st.sampled_from(YAML_11), TEXT, LONG, st.integers(), st.booleans(), st.none())
"""Keys as a document may write them: field names, near misses, YAML 1.1 words, any text."""

VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner,
                                                                          max_size=4),
    max_leaves=12)


# --------------------------------------------------------------------------------------------
# Valid documents, as the plain data a YAML file holds


def _pattern(annotated: object) -> str:
    """The regular expression of a constrained string type of `ctohandbook.model.types`."""
    for constraint in get_args(annotated)[1:]:
        if getattr(constraint, "pattern", None):
            return str(constraint.pattern)
    raise AssertionError(f"{annotated} has no pattern")


def _matching(annotated: object) -> st.SearchStrategy[str]:
    return st.from_regex(_pattern(annotated), fullmatch=True)


def _field_type(model: type[BaseModel], name: str) -> object:
    """The constrained type of a field, without its ``| None``."""
    annotation = model.model_fields[name].rebuild_annotation()
    if typing.get_origin(annotation) in (typing.Union, type(int | None)):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    return annotation


@dataclass(frozen=True)
class Pool:
    """Where the values of valid documents come from: anything their types allow (for the
    round trip), or the good handbook's owners, ids and dates near today (so that a generated
    document is often clean, and the rules past the schema are reached)."""

    ids: st.SearchStrategy[str]
    exception_ids: st.SearchStrategy[str]
    owners: st.SearchStrategy[str]
    dates: st.SearchStrategy[date]
    text: st.SearchStrategy[str]
    adrs: st.SearchStrategy[str]
    controls: st.SearchStrategy[str]
    globs: st.SearchStrategy[str]
    requirement_ids: st.SearchStrategy[str]


GLOBS = ["runbooks/**/*.md", "runbooks/*.md", "**/*.md", "*.md", "ops/**/runbook-*.md",
         "runbooks/", "!runbooks/draft.md", "runbooks/[a-m]*.md", "docs/?.md"]

ANY = Pool(
    ids=_matching(types.DocumentId), exception_ids=_matching(types.ExceptionId),
    owners=_matching(types.OwnerKey), dates=st.dates(), text=TEXT,
    adrs=st.sampled_from(["ADR-0001", "ADR-0002", "0001-use-postgresql.md"]) | TEXT,
    controls=_matching(types.ControlRef),
    globs=st.sampled_from(GLOBS) | st.from_regex(r"[a-z]{1,8}(/[a-z*]{1,8}){0,2}/\*\.md",
                                                 fullmatch=True),
    requirement_ids=_matching(types.RequirementId))

NEAR = Pool(
    ids=st.sampled_from(["SEC-001", "SEC-002", "SEC-003", "SEC-004", "DR-001", "RB-001"]),
    exception_ids=st.sampled_from(["EXC-2026-001", "EXC-2026-002", "EXC-1"]),
    owners=st.sampled_from(["cto", "ciso", "security", "payments", "securty", "nobody"]),
    dates=st.dates(date(2025, 1, 1), date(2027, 12, 31)) | st.sampled_from(
        [date.min, date.max, date(9999, 12, 1), TODAY]),
    text=st.sampled_from(["", "Text.", "A **bold** claim with `code` and [a link](x.md).",
                          "Line one\nline two", "| a | b |", "{{ jinja }} {% raw %}", "<b>"])
    | TEXT | LONG,
    adrs=st.sampled_from(["ADR-0001", "ADR-0002", "ADR-0003", "0001-use-postgresql.md",
                          "ADR-9999"]) | LONG,
    controls=st.sampled_from(["SOC2:CC7.1", "SOC2:CC9.9", "ISO27001:A.8.8", "NIST:AC-1"])
    | LONG.map(lambda text: "SOC2:" + re.sub(r"\s", "x", text))
    | LONG.map(lambda text: re.sub(r"[^A-Za-z0-9]", "x", text) + ":CC7.1"),
    globs=st.sampled_from(["runbooks/**/*.md", "runbooks/*.md", "**/*.md"]),
    requirement_ids=st.sampled_from(["R1", "R2", "R3"]))


def _optional(pool: Pool) -> dict[str, st.SearchStrategy[Any]]:
    """The optional fields of the governed header."""
    reviews = st.fixed_dictionaries(
        {}, optional={"last_reviewed": pool.dates, "reviewed_by": pool.owners}
    ).flatmap(lambda base: st.one_of(
        st.just(base),
        st.fixed_dictionaries({**_just(base), "every": _matching(types.Duration)}),
        st.fixed_dictionaries({**_just(base), "next_review": pool.dates})))
    return {
        "owner": pool.owners,
        "approvers": st.lists(pool.owners, max_size=3),
        "effective": pool.dates,
        "review": reviews,
        "exceptions": st.fixed_dictionaries({}, optional={
            "process": pool.text, "approver": pool.owners,
            "max_duration": _matching(types.Duration)}),
        "tags": st.lists(_matching(types.Tag), max_size=3),
        "related": st.fixed_dictionaries({}, optional={
            "adrs": st.lists(pool.adrs, max_size=3),
            "policies": st.lists(pool.ids, max_size=3)}),
        "changelog": st.lists(st.fixed_dictionaries({
            "version": _matching(types.SemVer), "date": pool.dates, "summary": pool.text}),
            max_size=3),
    }


def _just(values: Mapping[str, Any]) -> dict[str, st.SearchStrategy[Any]]:
    return {key: st.just(value) for key, value in values.items()}


def _governed(kind: str, pool: Pool, body: Mapping[str, st.SearchStrategy[Any]],
              optional: Mapping[str, st.SearchStrategy[Any]] | None = None
              ) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"kind": st.just(kind), "id": pool.ids, "title": pool.text,
         "version": _matching(types.SemVer),
         "status": st.sampled_from(get_args(governed.Status)), **body},
        optional={**_optional(pool), **(optional or {})})


def _requirements(pool: Pool) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": pool.requirement_ids,
         "level": st.sampled_from(get_args(_field_type(policy.Requirement, "level"))),
         "text": pool.text},
        optional={"rationale": pool.text, "controls": st.lists(pool.controls, max_size=3)})


def valid_documents(pool: Pool) -> st.SearchStrategy[dict[str, Any]]:
    """A valid document of any kind, as plain data (dates as dates or as ISO text)."""
    github = _matching(_field_type(owners.Owner, "github"))
    email = _matching(_field_type(owners.Owner, "email"))
    slack = _matching(_field_type(owners.Owner, "slack"))
    owner = st.fixed_dictionaries(
        {"name": pool.text, "type": st.sampled_from(get_args(_field_type(owners.Owner, "type")))},
        optional={"github": github, "email": email, "slack": slack})
    decision = st.fixed_dictionaries(
        {"id": _matching(decision_rights.DecisionId), "area": pool.text, "decision": pool.text,
         "raci": st.dictionaries(pool.owners | pool.text, st.sampled_from(
             ["A", "R", "C", "I", "A/R", "a", "X", ""]) | pool.text, max_size=4)},
        optional={"escalation": pool.owners, "notes": pool.text})
    kinds = {
        "policy": _governed("policy", pool, {
            "summary": pool.text,
            "requirements": st.lists(_requirements(pool), min_size=1, max_size=3)},
            {"scope": pool.text}),
        "exception": st.fixed_dictionaries(
            {"kind": st.just("exception"), "id": pool.exception_ids, "policy": pool.ids,
             "scope": pool.text, "requested_by": pool.owners, "approved_by": pool.owners,
             "granted": pool.dates, "expires": pool.dates, "reason": pool.text},
            optional={"requirements": st.lists(pool.requirement_ids, max_size=3),
                      "compensating_controls": pool.text, "remediation_plan": pool.text}),
        "owners": st.fixed_dictionaries({"kind": st.just("owners"), "owners": st.dictionaries(
            pool.owners, owner, max_size=4)}),
        "decision-rights": _governed("decision-rights", pool, {
            "summary": pool.text, "roles": st.lists(pool.owners, min_size=1, max_size=4),
            "decisions": st.lists(decision, min_size=1, max_size=3)}),
        "runbook-standard": _governed("runbook-standard", pool, {
            "summary": pool.text, "applies_to": st.lists(pool.globs, min_size=1, max_size=2)},
            {"required_metadata": st.lists(st.sampled_from(
                ["service", "owner", "severity", "last_tested"]) | pool.text | LONG,
                max_size=4),
             "required_sections": st.lists(st.sampled_from(
                 ["Summary", "Detection", "Rollback"]) | pool.text, max_size=3),
             "last_tested_within": _matching(types.Duration),
             "requirements": st.lists(_requirements(pool), max_size=2)}),
    }
    assert sorted(kinds) == sorted(KINDS)  # a new kind needs a strategy here
    return st.sampled_from(sorted(kinds)).flatmap(kinds.__getitem__).flatmap(_dates_as_text)


def _dates_as_text(data: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """The document as written, or with every date quoted as ``"YYYY-MM-DD"`` text."""
    def quoted(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, dict):
            return {key: quoted(item) for key, item in value.items()}
        if isinstance(value, list):
            return [quoted(item) for item in value]
        return value
    return st.sampled_from([data, quoted(data)])


ADR_FRONT: dict[str, st.SearchStrategy[Any]] = {
    "status": st.sampled_from(STATUSES) | TEXT | LONG, "date": st.dates(),
    "decision-makers": st.lists(TEXT, max_size=3) | TEXT, "deciders": st.lists(TEXT, max_size=2),
    "consulted": st.lists(TEXT, max_size=2) | st.none(), "informed": st.lists(TEXT, max_size=2),
    "supersedes": st.lists(st.sampled_from(["ADR-0001", "0002-x.md", "3"]) | LONG, max_size=2),
    "superseded-by": st.lists(st.sampled_from(["ADR-0001", "ADR-0004"]), max_size=2),
    "tags": st.lists(TEXT, max_size=3) | TEXT, "review-by": st.dates(), "title": TEXT,
}
"""The front-matter keys of an ADR, each with values that are valid."""


# --------------------------------------------------------------------------------------------
# Writing values as YAML text, the ways people and tools do

_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"


def _plain(text: str, flow: bool) -> bool:
    """Whether ``text`` can be written unquoted: then YAML 1.1 decides what it is (``no`` is a
    boolean, ``1:20`` an integer), which is the point of writing it so."""
    return (text == text.strip() and text.isprintable() and text[:1] not in _INDICATORS
            and ": " not in text and " #" not in text and not text.endswith(":")
            and not (flow and any(c in text for c in ",[]{}")))


@dataclass
class Writer:
    """Writes a value as block-style YAML by hand, as a person would: text unquoted whenever
    YAML lets it be, other text as JSON strings, nested lists and mappings in flow style."""

    draw: st.DrawFn

    def scalar(self, value: Any, flow: bool = False) -> str:
        if value is None:
            return self.draw(st.sampled_from(["", "~", "null"]))
        if isinstance(value, bool):
            return self.draw(st.sampled_from(["true", "yes", "on"] if value else
                                              ["false", "no", "off"]))
        if isinstance(value, (int, float, date)):
            return str(value) if not isinstance(value, datetime) else value.isoformat()
        text = str(value)
        if text and _plain(text, flow):
            return text
        return json.dumps(text, ensure_ascii=self.draw(st.booleans()))

    def inline(self, value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{self.scalar(k, True)}: {self.inline(v)}"
                                   for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.inline(item) for item in value) + "]"
        return self.scalar(value, flow=True)

    def lines(self, value: Any, indent: int = 0) -> list[str]:
        pad = " " * indent
        if isinstance(value, dict) and value:
            found = []
            for key, item in value.items():
                if isinstance(item, (dict, list)) and item:
                    found.append(f"{pad}{self.scalar(key)}:")
                    inner = indent + (0 if isinstance(item, list) and self.draw(st.booleans())
                                      else 2)
                    found.extend(self.lines(item, inner))
                else:
                    found.append(f"{pad}{self.scalar(key)}: {self.inline(item)}".rstrip())
            return found
        if isinstance(value, list) and value:
            return [f"{pad}- {self.inline(item)}".rstrip() for item in value]
        return [pad + self.inline(value)]


INJECTIONS = [
    "x-base: &base {owner: security, status: active}", "<<: *base", "<<: {tags: [a]}",
    "x-alias: *base", "x-undefined: *nowhere", "summary: !!python/object:os.system echo",
    "summary: !!python/object/apply:os.system [echo]", "owner: !custom security",
    "tags: !!set {a, b}", "title: !!binary aGVsbG8=", "version: !!float 1.10", "version: 1.10",
    "owner: no", "status: on", "effective: 2026-02-30", "effective: 2026-02-01T10:00:00Z",
    "id: 0x1F", "title: 1:20", "title: ~", "kind: policy", "kind: exception", "kind: polcy",
    "kind: [policy]", "id: SEC-001", "\tid: SEC-009", "  misindented: 1", "? [complex, key]\n: v",
    "? {a: b}\n: c", "x-l1: &l1 [a, a, a, a, a, a, a, a, a, a]",
    "x-l2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]",
    "x-l3: [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]", "...", "---\nkind: policy",
    "%YAML 1.1", "requirements: &r [{id: R1, level: must, text: x}]", "x-r: *r",
    "related: {adrs: [ADR-0001, ADR-9999, 0001-use-postgresql.md], policies: [SEC-001, X-1]}",
    "owner: securty", "approvers: [cto, ghost]",
    "review: {last_reviewed: 2020-01-01, every: 1 day}",
    "review: {last_reviewed: 9999-12-31, next_review: 9999-12-31}",
    "review: {last_reviewed: 0001-01-01, every: 9999 years}",
    "exceptions: {process: x, approver: ciso, max_duration: 9999 years}",
    "expires: 9999-12-31", "granted: 0001-01-01", "policy: SEC-003", "requirements: [R9]",
    "applies_to: ['runbooks\\\\']", "applies_to: ['[']", "title: 'unclosed", 'title: "\\x"',
    "title: {", "title: |\n  block\n  text", "title: >-\n  folded\n\n  text", "- item",
    "roles: [cto, cto]", "decisions: [{id: D1, area: a, decision: d, raci: {cto: A, x: A/A}}]",
    "controls: [SOC2:CC7.1]", "\ufeffkind: policy", "key: \x07", "key: \x85x\u2028y",
]
"""Lines appended to or inserted in a document: YAML features governance files refuse, YAML
1.1 surprises, values that are valid but odd, and syntax errors."""

PREFIXES = ["", "", "", "%YAML 1.1\n---\n", "--- !!map\n", "---\n", "# comment\n",
            "%TAG !e! tag:example.com,2000:\n---\n", "!!map\n", "--- |\n"]


@st.composite
def yaml_texts(draw: st.DrawFn, data: Any) -> str:
    """``data`` written as YAML: by PyYAML (block or flow style) or by hand (`Writer`), with
    lines injected, tabs for indentation and a prefix now and then."""
    style = draw(st.sampled_from(["block", "flow", "hand", "hand"]))
    if style == "hand":
        lines = Writer(draw).lines(data)
    else:
        lines = yaml.safe_dump(data, default_flow_style=style == "flow", sort_keys=False,
                               allow_unicode=draw(st.booleans()),
                               width=draw(st.sampled_from([80, 20, 10**6]))).splitlines()
    for _ in range(draw(st.integers(0, 3))):
        line = draw(st.sampled_from(INJECTIONS) | st.builds(
            lambda key, value: f"{key}: {value}", st.sampled_from(["x", "owner", "title"]),
            st.sampled_from(YAML_11)))
        lines.insert(draw(st.integers(0, len(lines))) if draw(st.booleans()) else len(lines),
                     line)
    if draw(st.integers(0, 9)) == 0 and lines:
        index = draw(st.integers(0, len(lines) - 1))
        lines[index] = re.sub(r"^ +", "\t", lines[index])
    return draw(st.sampled_from(PREFIXES)) + "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


def encoded(text: str, draw: st.DrawFn) -> bytes:
    """``text`` as a file's bytes: LF, CRLF or CR line ends, with a byte-order mark or not."""
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    data = text.replace("\n", newline).encode("utf-8")
    return codecs.BOM_UTF8 + data if draw(st.integers(0, 4)) == 0 else data


# --------------------------------------------------------------------------------------------
# Documents: realistic ones with broken fields, and anything at all


def _paths(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every entry below ``value`` (keys and list indexes), parents first."""
    if isinstance(value, dict):
        items: Iterable[tuple[Any, Any]] = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, item in list(items):
        yield (*at, key)
        yield from _paths(item, (*at, key))


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


@st.composite
def broken(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with a few entries replaced by any value, deleted, or joined by a key of any
    name: what an author's typo, a bad merge or a confused tool does to a document."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(0, 3))):
        paths = list(_paths(data))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _at(data, path[:-1]), path[-1]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "replace":
            parent[key] = draw(VALUES | st.sampled_from(YAML_11))
        elif action == "delete":
            del parent[key]
        elif isinstance(parent, dict):
            parent[draw(KEYS)] = draw(VALUES)
    return data


DOCUMENTS: st.SearchStrategy[Any] = st.one_of(
    valid_documents(NEAR), valid_documents(NEAR).flatmap(broken),
    valid_documents(NEAR).flatmap(broken), valid_documents(ANY).flatmap(broken), VALUES)
"""What a governance file holds: a realistic document, mostly with some entries broken; now
and then any YAML value at all."""

ADR_LINES = [
    "# 2. Use Kafka", "# ADR-0002: Title", "Title", "=====", "## Status", "Accepted",
    "superseded", "Superseded by [ADR-0001](0001-use-postgresql.md)",
    "Supersedes [1. Use PostgreSQL](0001-use-postgresql.md)", "Superceded by [3](0003-x.md)",
    "Supersedes [loop](0002-generated.md)", "Date: 2026-01-10", "Date: 2026-13-45",
    "Date: yesterday", "* Status: accepted", "- Deciders: Alice, Bob", "**Status**: proposed",
    "## Links", "* Refined by [ADR-0004](0004-x.md)", "Amends [ADR-0001](0001-use-postgresql.md)",
    "```", "    code", "<div>", "| a | b |", "", "## Decision Outcome",
    "* Status: superseded by ADR-0001", "## Summary", "## Detection", "## Rollback", "---",
]
"""Lines of ADR and runbook bodies, of every format the ADR reader knows."""


@st.composite
def markdown_texts(draw: st.DrawFn, front: Mapping[str, st.SearchStrategy[Any]]) -> str:
    """A Markdown page with (or without) front matter and a body of ADR-like lines."""
    parts = []
    shape = draw(st.sampled_from(["front", "front", "none", "unclosed", "empty"]))
    if shape in ("front", "unclosed"):
        data = draw(st.fixed_dictionaries({}, optional=dict(front)).flatmap(broken) | VALUES)
        parts += ["---", draw(yaml_texts(data)).rstrip("\n")]
        parts += ["---"] if shape == "front" else []
    elif shape == "empty":
        parts += ["---", "---"]
    parts += draw(st.lists(st.sampled_from(ADR_LINES) | TEXT | LONG
                           | LONG.map("Date: {}".format) | LONG.map("Superseded by [x]({})".format),
                           max_size=8))
    return "\n".join(parts) + "\n"


RUNBOOK_FRONT: dict[str, st.SearchStrategy[Any]] = {
    "service": TEXT, "owner": NEAR.owners, "severity": st.sampled_from(["SEV1", "SEV2"]),
    "last_tested": NEAR.dates | TEXT, "title": TEXT}


@dataclass
class Case:
    """A handbook to write into a folder, and what to judge it with."""

    files: dict[str, bytes]
    """Generated files by their path below the handbook's root."""
    with_fixture: bool
    """Whether the good handbook's files are there too (owners, policies, an ADR)."""
    context: Context
    values: list[str] = field(default_factory=list)
    """The strings the files were written from, to check what messages quote."""


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A handbook of one to three generated governance files, ADRs and runbooks, beside the
    good handbook or on their own, judged on any day."""
    files: dict[str, bytes] = {}
    values: list[str] = []
    for number in range(draw(st.integers(1, 3))):
        data = draw(DOCUMENTS)
        values.extend(_strings(data))
        files[f"policies/generated-{number}.yml"] = encoded(draw(yaml_texts(data)), draw)
    for number in draw(st.lists(st.sampled_from([1, 2, 3, 99]), max_size=2, unique=True)):
        name = draw(st.sampled_from([f"{number:04d}-generated.md", f"{number}-x.md",
                                     "2026-01-01-dated.md", "README.md", "adr-template.md"]))
        files[f"adrs/{name}"] = encoded(draw(markdown_texts(ADR_FRONT)), draw)
    for number in range(draw(st.integers(0, 2))):
        files[f"docs/runbooks/runbook-{number}.md"] = encoded(draw(markdown_texts(
            RUNBOOK_FRONT)), draw)
    frameworks = draw(st.sampled_from([{}, {"SOC2": Framework(name="SOC 2", controls=[
        "CC7.1", "CC8.1"]), "ISO27001": Framework(name="ISO/IEC 27001")}]))
    context = Context(today=draw(st.just(TODAY) | st.dates()),
                      warn_days=draw(st.sampled_from([0, 30]) | st.integers(0, 10**6)),
                      frameworks=frameworks)
    return Case(files, draw(st.booleans()), context, values)


# --------------------------------------------------------------------------------------------
# 1. Any bytes

DISPLAY = "policies/any file.yml"


@settings(max_examples=5 * settings().max_examples)
@given(data=st.one_of(
    st.binary(max_size=300),
    st.sampled_from(YAML_11 + INJECTIONS + ADR_LINES).map(str.encode),
    st.lists(st.sampled_from(YAML_11 + INJECTIONS + ADR_LINES + ["\n", "  ", ": ", "- "]),
             max_size=12).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
    st.text(max_size=100).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.text(max_size=50).map(lambda text: text.encode("utf-16")),
    st.binary(max_size=40).map(lambda noise: b"kind: policy\nid: SEC-001\n" + noise),
    st.lists(st.sampled_from(INJECTIONS) | st.builds("{}: {}".format, TEXT.map(json.dumps),
                                                     TEXT.map(json.dumps)), max_size=6)
    .map(lambda lines: "\n".join(["kind: policy", *lines]).encode("utf-8", "surrogatepass"))),
    loader=st.sampled_from(LOADERS))
@example(data=b"\xef\xbb\xbf\xef\xbb\xbf", loader=LOADERS[-1])
@example(data=b"a: [\n" + b"[" * 200, loader=LOADERS[-1])
@example(data=b"a:\n" + b"".join(b" " * n + b"b:\n" for n in range(1, 80)), loader=LOADERS[-1])
@example(data=b"x: &a [*a]", loader=LOADERS[-1])
@example(data=b"---\n---\n---", loader=LOADERS[-1])
@example(data=b"---\r\na: 1\r\n---\r\n", loader=LOADERS[0])
@example(data=b"a: \xed\xa0\x80", loader=LOADERS[-1])  # a UTF-8-encoded surrogate
@example(data="a: b\u2028c: \x85d: \x0c\n".encode(), loader=LOADERS[0])
@example(data=b'kind: policy\n"a\\nb\\u2028c": 1\nid: "\\r"\n', loader=LOADERS[-1])  # one line
@example(data=b"kind: policy\n" + b"x" * 300 + b": 1", loader=LOADERS[-1])  # a long unknown key
@example(data=b"!!map 0", loader=LOADERS[-1])  # a standard tag on the wrong kind of node ...
@example(data=b"a: !!seq xy", loader=LOADERS[-1])  # ... crashed the YAML reader
@example(data=b"a: !!str {b: c}", loader=LOADERS[-1])  # ... or put parser nodes in the data
@example(data=b'a: "\\ud800"', loader=LOADERS[0])  # a lone surrogate from an escape
def test_any_bytes_read_as_a_document_or_findings(data: bytes, loader: YamlLoader) -> None:
    """Decoding, the YAML reader, validation, the front-matter reader and the ADR reader: each
    returns a value or findings for any bytes, never an exception."""
    with _using(loader):
        source = decode(data, Path("any file.yml"), DISPLAY)
        if isinstance(source, Diagnostic):
            assert source.code == "CTH105"
            check_findings([source], {DISPLAY: _shown(data)}, reading=True)
            return
        texts = {DISPLAY: source.text}
        document, findings = parse_yaml(source)
        assert document is not None or findings  # nothing read is always explained
        check_findings(findings, texts, reading=True)
        if document is not None:
            check_plain(document.data)
            model, findings = validate(document)
            assert model is not None or findings
            check_findings(findings, texts, reading=True)
        page, findings = parse_markdown(source)
        page.blocks()
        check_findings(findings, texts, reading=True)
        adr_display = "adrs/0007-any.md"
        adr, findings = read_adr(SourceFile(Path(adr_display), adr_display, source.text))
        assert adr is not None and adr.id == "ADR-0007"
        check_findings(findings, {adr_display: source.text}, reading=True)


@pytest.mark.parametrize("text", ["- " * 100_000 + "x", "? " * 100_000 + "x",
                                  "a:\n" + "- " * 100_000 + "x"])
def test_deep_block_nesting_is_a_finding_not_a_crash(text: str) -> None:
    """Nesting written with block indicators on one line (``- - - x``) has no bracket and no
    deep indentation: `yamlfile._check_depth` let it through until 357ee71, and libyaml's
    composer, which recurses in C, overflowed the stack (SIGSEGV from about 30,000 levels, a
    60 kB file). The reader runs in a child process here, so that a crash fails this test and
    not the whole run (which is also why this is not an `@example` of the property)."""
    child = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path;"
         "from ctohandbook.sources.files import decode;"
         "from ctohandbook.sources.yamlfile import parse_yaml;"
         "_, found = parse_yaml(decode(sys.stdin.buffer.read(), Path('x.yml'), 'x.yml'));"
         "print(' '.join(f.code for f in found))"],
        input=text.encode(), capture_output=True, check=False, timeout=120)
    assert child.returncode == 0, f"exit status {child.returncode}: {child.stderr.decode()}"
    assert child.stdout.decode().split() == ["CTH113"]


# --------------------------------------------------------------------------------------------
# 2. Any handbook, through the whole pipeline


FOLDERS = ("policies", "adrs", "docs")
"""The folders of a handbook, which a finding may be about as a whole (nothing governed)."""


def _publish(root: Path, case: Case, loader: YamlLoader) -> list[Diagnostic]:
    """What `ctohandbook lint` and a build do with the handbook at ``root``: read it, lint it,
    render every page, the review calendar, the changes feed and the export (JSON and CSV);
    the findings of the lint."""
    with _using(loader):
        handbook = load_handbook([root / "policies"], max_file_size=1_048_576, base=root,
                                 adrs_dir=root / "adrs", docs_dir=root / "docs")
        findings = lint(handbook, case.context)
        view = build_view(handbook, case.context, exception_request_url=REQUEST,
                          docs_dir=root / "docs")
        pages = render_view(view, handbook.owners)
        assert all(isinstance(page.markdown, str) for page in pages)
        for site_url in (None, "https://handbook.example.com/"):
            calendar = Calendar.from_ical(review_calendar(view, site_url, "governance"))
            for event in calendar.walk("VEVENT"):
                assert isinstance(event.decoded("dtstart"), date)  # a DATE a client can read
        changes_feed(view.changes, None, "governance", today=case.context.today)
        export = governance(handbook, case.context, view=view)
        assert GovernanceExport.model_validate_json(as_json(export)) == export
        as_csv(export)
    return findings


def _one(name: str, text: str) -> Case:
    """A handbook of one file, judged on `TODAY`."""
    return Case({name: text.encode()}, False, Context(TODAY))


def _policy(extra: str, frameworks: bool = False) -> Case:
    """A handbook of one policy, with ``extra`` lines, and one ADR (so that references to ADRs
    are checked), judged with or without frameworks."""
    case = _one("policies/policy.yml", (
        "kind: policy\nid: SEC-001\ntitle: t\nversion: 1.0.0\nstatus: active\nsummary: s\n"
        + extra))
    case.files["adrs/0001-a.md"] = b"# A\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n"
    if frameworks:
        case.context = Context(TODAY, frameworks={"SOC2": Framework(name="SOC 2",
                                                                    controls=["CC7.1"])})
    return case


def _exception(granted: str, expires: str, scope: str = "x") -> Case:
    """A handbook of one exception."""
    return _one("policies/exception.yml", (
        f"kind: exception\nid: EXC-2026-001\npolicy: SEC-001\nscope: {scope}\n"
        f"requested_by: cto\napproved_by: cto\ngranted: {granted}\nexpires: {expires}\n"
        "reason: x\n"))


@settings(max_examples=2 * settings().max_examples)
@given(case=cases(), loader=st.sampled_from(LOADERS))
@example(case=_exception("0001-01-01", "9999-12-31"), loader=LOADERS[-1])  # calendar: overflow
@example(case=_exception("0001-01-01", "0001-01-01"), loader=LOADERS[-1])  # calendar: year 1
@example(case=_one("policies/long-version.yml", (  # CTH701 quoted a version whole
    "kind: runbook-standard\nid: SEC-001\ntitle: ''\nversion: 0.0.1-" + "0" * 200
    + "\nstatus: draft\nsummary: ''\napplies_to: [runbooks/**/*.md]\n")), loader=LOADERS[-1])
@example(case=_one("adrs/0002-x.md", "# T\n\n## Links\n\nSuperseded by [x](" + "1" * 200 + ")\n"),
         loader=LOADERS[-1])  # CTH405 quoted a reference whole
@example(case=_policy(f"related: {{adrs: [{'a' * 200}]}}\nrequirements: [{{id: R1, level: must, "
                      "text: t}]\n"), loader=LOADERS[-1])  # CTH303 quoted a reference whole
@example(case=_policy(f"requirements: [{{id: R1, level: must, text: t, controls: "
                      f"[soc2:{'C' * 200}, SOC2:{'C' * 200}]}}]\n", frameworks=True),
         loader=LOADERS[-1])  # CTH309 and CTH310 quoted a control whole
@example(case=Case({"policies/rbs.yml": (
    "kind: runbook-standard\nid: RB-001\ntitle: t\nversion: 1.0.0\nstatus: active\nsummary: s\n"
    f"applies_to: [runbooks/*.md]\nrequired_metadata: [{'k' * 200}]\n"
    f"required_sections: [{'S' * 200}]\n").encode(), "docs/runbooks/r.md": b"# R\n"}, False,
    Context(TODAY)), loader=LOADERS[-1])  # CTH601 and CTH602 quoted a key or section whole
# A lone surrogate read from a YAML escape (by the pure-Python parser; libyaml refuses it)
# crashed the calendar and the export
@example(case=_exception("2026-01-01", "2026-12-31", '"\\ud823\\udd09"'), loader=LOADERS[0])
# The ADR reader quoted a `Date:` line whole (model/adr.py)
@example(case=_one("adrs/0002-x.md", "---\n{}\n---\nDate: " + "0" * 200 + "\n"),
         loader=LOADERS[-1])
# Validation quoted the keys of a field's path whole (model/validation.py)
@example(case=_one("policies/owners.yml", "kind: owners\nowners:\n  " + "o" * 200 + ":\n"),
         loader=LOADERS[-1])
def test_any_handbook_lints_and_publishes(case: Case, loader: YamlLoader) -> None:
    """Whatever the files say, lint gives findings and the build publishes: never an exception,
    and every finding well formed. The good handbook beside the generated files gives the
    cross-file rules (owners, references, exceptions, supersession) something to resolve."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        if case.with_fixture:
            shutil.copytree(GOOD, root, dirs_exist_ok=True)
        for name, data in case.files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        texts = {path.relative_to(root).as_posix(): _shown(path.read_bytes())
                 for path in root.rglob("*") if path.is_file()}
        for name, text in texts.items():
            note(f"{name}:\n{text}")
        findings = _publish(root, case, loader)
    for code in sorted({finding.code for finding in findings}):
        event(code)  # --hypothesis-show-statistics: which rules the examples reach
    check_findings(findings, texts, case.values, folders=FOLDERS)


# --------------------------------------------------------------------------------------------
# 3. Valid documents round-trip


ONE_FILE = "policies/document.yml"


def _load_one(text: str) -> Handbook:
    """A handbook of one file holding ``text``, read as lint reads it (`load_handbook`:
    discovery, decoding, parsing, validation)."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "policies").mkdir()
        (Path(folder) / ONE_FILE).write_text(text, encoding="utf-8")
        return load_handbook([Path(folder) / "policies"], max_file_size=1_048_576,
                             base=Path(folder))


@settings(max_examples=2 * settings().max_examples)
@given(data=valid_documents(ANY), flow=st.sampled_from([False, True, None]),
       allow_unicode=st.booleans(), from_model=st.booleans())
@example(data={"kind": "owners", "owners": {"no": {"name": "1:20", "type": "role"}}},
         flow=False, allow_unicode=False, from_model=False)
def test_valid_documents_read_back_as_the_same_model(data: dict[str, Any], flow: bool | None,
                                                      allow_unicode: bool, from_model: bool
                                                      ) -> None:
    """A valid document, written out by PyYAML (block or flow style; from the data, or from the
    model's own JSON-mode dump, which is how a tool would write one), is read back by the
    loader as the model it was written from, with no finding."""
    expected = KINDS[data["kind"]].model_validate(data)
    written = expected.model_dump(mode="json") if from_model else data
    text = yaml.safe_dump(written, default_flow_style=flow, allow_unicode=allow_unicode,
                          sort_keys=False)
    note(text)
    # PyYAML's emitter writes a NEL inside single quotes as it is, and YAML 1.1 folds it into a
    # space: PyYAML cannot read its own output back, and neither can any YAML 1.1 reader.
    assume(yaml.safe_load(text) == written)
    handbook = _load_one(text)
    assert [finding for finding in handbook.diagnostics if finding.path == ONE_FILE] == []
    assert [document.model for document in handbook.documents] == [expected]


@settings(max_examples=settings().max_examples)
@given(data=valid_documents(ANY).filter(lambda data: data["kind"] != "owners"),
       today=st.dates())
def test_the_export_round_trips_and_says_what_the_document_says(data: dict[str, Any],
                                                                 today: date) -> None:
    """The JSON export of a handbook of one valid document reads back as the same export, and
    its record carries the document's own values."""
    handbook = _load_one(yaml.safe_dump(data))
    [model] = [document.model for document in handbook.documents]
    export = governance(handbook, Context(today))
    assert GovernanceExport.model_validate_json(as_json(export)) == export
    if isinstance(model, exception.PolicyException):
        [waiver] = export.exceptions
        assert (waiver.id, waiver.policy, waiver.requirements, waiver.approved_by,
                waiver.granted, waiver.expires) == (
            model.id, model.policy, model.requirements, model.approved_by,
            model.granted.isoformat(), model.expires.isoformat())
    else:
        assert isinstance(model, governed.Governed)
        [record] = export.documents
        assert (record.kind, record.id, record.title, record.version, record.status,
                record.approvers, record.tags) == (
            data["kind"], model.id, model.title, model.version, model.status,
            model.approvers, model.tags)
        assert (record.owner.key if record.owner else None) == model.owner


@settings(max_examples=settings().max_examples)
@given(data=st.fixed_dictionaries({}, optional=ADR_FRONT),
       flow=st.sampled_from([False, True]))
def test_adr_front_matter_reads_back_as_written(data: dict[str, Any], flow: bool) -> None:
    """ADR front matter written by PyYAML reads back as the same front matter, with no
    finding, and the ADR carries its values."""
    expected = AdrFrontMatter.model_validate(data)
    written = yaml.safe_dump(data, default_flow_style=flow)
    assume(yaml.safe_load(written) == data)  # see test_valid_documents_read_back_as_the_same_model
    text = "---\n" + written + "---\n\n# A decision\n"
    note(text)
    display = "adrs/0005-a-decision.md"
    source = SourceFile(Path(display), display, text)
    page, findings = parse_markdown(source)
    assert findings == []
    assert page.front is not None
    front, findings = validate_model(AdrFrontMatter, page.front.data, page.front)
    assert findings == []
    assert front == expected
    adr, findings = read_adr(source)
    assert findings == []
    assert adr is not None
    assert (adr.date, adr.review_by, adr.tags, adr.consulted, adr.informed) == (
        expected.date, expected.review_by, expected.tags, expected.consulted, expected.informed)
    assert adr.decision_makers == (expected.decision_makers or expected.deciders)
