"""Every rule: a failing fixture with its exact code, file, line and column, and passing cases.

Each file in ``fixtures/bad`` is added to a copy of the good handbook, so the findings listed
here are exactly what that one file adds.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest

from ctohandbook import rules
from ctohandbook.rules import reading
from ctohandbook.rules.registry import CHECKS, RULES

from . import (
    test_adrs,
    test_codeowners,
    test_controls,
    test_corpus,
    test_decision_rights,
    test_diff,
    test_runbooks,
    test_schemas,
)
from .conftest import BAD, SEC2, TODAY, located, run_lint

FAMILIES = tuple(importlib.import_module(f"{rules.__name__}.{module.name}")
                 for module in pkgutil.iter_modules(rules.__path__)
                 if module.name not in ("context", "registry"))
"""Every family module of `ctohandbook.rules`, found on disk rather than listed, so that a new
one cannot be left out of the tests below (`context` and `registry` are not families)."""

COVERED = {"CTH311"}
"""Shown failing by a test of this module rather than by a file of ``fixtures/bad`` (it needs a
handbook without its owners registry)."""

CASES = [
    ("cth101-yaml-syntax.yml", [("CTH101", 4, 8)]),
    ("cth102-duplicate-key.yml", [("CTH102", 7, 1)]),
    ("cth103-empty-file.yml", [("CTH103", 1, 1)]),
    ("cth104-not-a-mapping.yml", [("CTH104", 1, 1)]),
    ("cth107-missing-kind.yml", [("CTH107", 1, 1)]),
    ("cth107-unknown-kind.yml", [("CTH107", 1, 7)]),
    ("cth108-unknown-key.yml", [("CTH108", 7, 1)]),
    ("cth108-unknown-nested-key.yml", [("CTH108", 9, 3)]),
    ("cth109-boolean-owner.yml", [("CTH109", 6, 8)]),
    ("cth109-float-version.yml", [("CTH109", 4, 10)]),
    ("cth109-list-for-text.yml", [("CTH109", 3, 1)]),
    ("cth110-missing-field.yml", [("CTH110", 1, 1)]),
    ("cth111-every-and-next-review.yml", [("CTH111", 7, 1)]),
    ("cth111-invalid-date.yml", [("CTH111", 8, 18)]),
    ("cth111-invalid-duration.yml", [("CTH111", 13, 17)]),
    ("cth111-invalid-id.yml", [("CTH111", 2, 5)]),
    ("cth111-invalid-status.yml", [("CTH111", 5, 9)]),
    ("cth112-python-tag.yml", [("CTH112", 16, 10)]),
    ("cth113-billion-laughs.yml", [("CTH113", 1, 1)]),
    ("cth201-owner-missing.yml", [("CTH201", 1, 1)]),
    ("cth202-last-reviewed-missing.yml", [("CTH202", 7, 1)]),
    ("cth202-review-missing.yml", [("CTH202", 1, 1)]),
    ("cth203-review-cadence-missing.yml", [("CTH203", 7, 1)]),
    ("cth204-exception-process-empty.yml", [("CTH204", 11, 12)]),
    ("cth204-exception-process-missing.yml", [("CTH204", 1, 1)]),
    ("cth205-review-overdue.yml", [("CTH205", 8, 18)]),
    ("cth206-review-due-soon.yml", [("CTH206", 9, 16)]),
    ("cth207-review-in-future.yml", [("CTH207", 8, 18)]),
    ("cth210-exception-expired.yml", [("CTH210", 9, 10)]),
    ("cth211-exception-expiring.yml", [("CTH211", 9, 10)]),
    ("cth212-exception-dates.yml", [("CTH212", 9, 10)]),
    ("cth213-exception-too-long.yml", [("CTH213", 9, 10)]),
    ("cth214-exception-approver.yml", [("CTH214", 7, 14)]),
    ("cth215-exception-not-in-force.yml", [("CTH215", 3, 9)]),
    ("cth301-duplicate-id.yml", [("CTH301", 2, 5)]),
    ("cth301-duplicate-owner.yml", [("CTH301", 4, 3)]),
    ("cth302-unknown-policy-reference.yml", [("CTH302", 16, 31)]),
    ("cth303-unknown-adr-reference.yml", [("CTH303", 17, 20)]),
    ("cth304-unknown-owner.yml", [("CTH304", 6, 8), ("CTH304", 10, 16)]),
    ("cth304-unknown-requester.yml", [("CTH304", 6, 15)]),
    ("cth305-retired-reference.yml", [("CTH305", 16, 22)]),
    ("cth306-exception-unknown-policy.yml", [("CTH306", 3, 9)]),
    ("cth307-exception-unknown-requirement.yml", [("CTH307", 4, 20)]),
    ("cth308-duplicate-requirement.yml", [("CTH308", 21, 9)]),
    ("cth701-changelog-missing-version.yml", [("CTH701", 4, 10)]),
    ("cth801-placeholder-left.yml", [("CTH801", 17, 3), ("CTH801", 21, 11)]),
    ("cth802-exception-requested.yml", [("CTH802", 3, 9)]),
    ("cth802-exception-granted-without-approver.yml", [("CTH802", 1, 1)]),
    ("cth901-list-not-nested.yml", [("CTH901", 14, 8), ("CTH901", 27, 5)]),
]


def add_case(root: Path, name: str) -> str:
    """Copy a bad fixture into the handbook at ``root``; return the path findings show."""
    folder = root / "policies" / "x-case"
    folder.mkdir(exist_ok=True)
    shutil.copy(BAD / name, folder / name)
    return f"policies/x-case/{name}"


def test_the_good_handbook_has_no_findings(handbook_dir: Path) -> None:
    assert run_lint(handbook_dir) == []


def test_every_bad_fixture_is_listed() -> None:
    assert sorted(name for name, _ in CASES) == sorted(p.name for p in BAD.iterdir())


@pytest.mark.usefixtures("yaml_loader")
@pytest.mark.parametrize(("name", "expected"), CASES, ids=[name for name, _ in CASES])
def test_bad_fixture(handbook_dir: Path, name: str, expected: list[tuple[str, int, int]]) -> None:
    shown = add_case(handbook_dir, name)
    assert located(run_lint(handbook_dir)) == [(code, shown, line, column)
                                               for code, line, column in expected]


def test_every_rule_has_a_failing_test() -> None:
    covered = {code for _, expected in CASES for code, _, _ in expected} | test_adrs.COVERED | (
        test_decision_rights.COVERED | test_runbooks.COVERED | test_diff.COVERED
        | test_codeowners.COVERED | test_schemas.COVERED | test_controls.COVERED
        | test_corpus.COVERED | COVERED)
    assert {rule.code for rule in RULES} - covered == set()


@pytest.mark.parametrize("family", FAMILIES, ids=[family.__name__ for family in FAMILIES])
def test_rule_codes_are_in_their_family_range(family: ModuleType) -> None:
    """The range a family's docstring opens with (``CTH205-207:``, ``CTH1xx:``) holds its codes."""
    assert family.RULES
    stated = re.match(r"CTH([0-9][0-9x]{2})(?:-([0-9]{3}))?:", family.__doc__ or "")
    assert stated, f"{family.__name__}'s docstring does not open with its range of codes"
    first, last = stated.group(1), stated.group(2) or stated.group(1)
    low, high = int(first.replace("x", "0")), int(last.replace("x", "9"))
    assert all(re.fullmatch("CTH[0-9]{3}", rule.code) and low <= int(rule.code[3:]) <= high
               for rule in family.RULES)


def test_every_family_module_is_registered() -> None:
    """A family module the registry forgot would never run, and its codes would be listed
    nowhere: every one has its rules in `RULES` and, but for `reading` (whose findings are made
    while reading), its check in `CHECKS`; and the registry holds nothing else."""
    assert {rule.code for rule in RULES} == {rule.code for family in FAMILIES
                                             for rule in family.RULES}
    checked = [family.check for family in FAMILIES if family is not reading]
    assert len(CHECKS) == len(checked) and set(CHECKS) == set(checked)


def test_rule_codes_and_names_are_unique() -> None:
    assert len({rule.code for rule in RULES}) == len({rule.name for rule in RULES}) == len(RULES)


def test_one_broken_file_does_not_hide_findings_in_others(handbook_dir: Path) -> None:
    syntax = add_case(handbook_dir, "cth101-yaml-syntax.yml")
    owner = add_case(handbook_dir, "cth201-owner-missing.yml")
    expired = add_case(handbook_dir, "cth210-exception-expired.yml")
    assert [(code, path) for code, path, _, _ in located(run_lint(handbook_dir))] == [
        ("CTH101", syntax), ("CTH201", owner), ("CTH210", expired)]


def _replace(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EXC = "policies/exceptions/exc-2026-001.yml"


def test_a_long_version_without_changelog_entry_is_quoted_as_an_excerpt(
        handbook_dir: Path) -> None:
    """A semantic version has no length limit: CTH701 quoted it whole, twice (found by
    tests/test_properties.py)."""
    version = "2.0.0-" + "0" * 300
    _replace(handbook_dir, SEC2, "version: 2.0.0\n", f"version: {version}\n")
    [finding] = run_lint(handbook_dir)
    assert finding.code == "CTH701"
    assert finding.message == f"SEC-002 is at version 2.0.0-{'0' * 53}…, but `changelog` has " \
                              "no entry for it"
    assert "0" * 60 not in finding.hint


def test_a_long_dangling_adr_reference_is_quoted_as_an_excerpt(handbook_dir: Path) -> None:
    """`related.adrs` entries are free text: CTH303 quoted one whole (found by
    tests/test_properties.py)."""
    _replace(handbook_dir, SEC2, "related: {policies: [SEC-001]}",
             f"related: {{policies: [SEC-001], adrs: [ADR-{'9' * 200}]}}")
    [finding] = run_lint(handbook_dir)
    assert (finding.code, finding.message) == (
        "CTH303", f"related ADR `ADR-{'9' * 55}…` does not exist")


def test_review_due_just_beyond_warn_days_is_not_reported(handbook_dir: Path) -> None:
    due = TODAY + timedelta(days=31)
    _replace(handbook_dir, SEC2, "next_review: 2027-03-01", f"next_review: {due}")
    assert run_lint(handbook_dir) == []
    assert located(run_lint(handbook_dir, warn_days=31)) == [("CTH206", SEC2, 9, 16)]


def test_review_due_today_is_due_soon_and_yesterday_overdue(handbook_dir: Path) -> None:
    _replace(handbook_dir, SEC2, "next_review: 2027-03-01", f"next_review: {TODAY}")
    [due] = run_lint(handbook_dir)
    assert (due.code, due.message) == ("CTH206", "SEC-002 review is due on 2026-11-21, today "
                                                 "(owner: security)")
    [overdue] = run_lint(handbook_dir, today=TODAY + timedelta(days=1))
    assert (overdue.code, overdue.message) == (
        "CTH205", "SEC-002 review is overdue: it was due on 2026-11-21, 1 day ago "
                  "(owner: security)")


def test_every_cadence_counts_calendar_months(handbook_dir: Path) -> None:
    def sec001(today: date, warn_days: int = 30) -> list[str]:
        return [d.message for d in run_lint(handbook_dir, today=today, warn_days=warn_days)
                if d.path.endswith("sec-001-secure-sdlc.yml")]

    # Last reviewed 2026-06-01, every 12 months: due 2027-06-01.
    assert sec001(date(2027, 5, 31), warn_days=0) == []
    assert sec001(date(2027, 6, 1), warn_days=0) == [
        "SEC-001 review is due on 2027-06-01, today (owner: security)"]
    assert sec001(date(2027, 6, 2)) == [
        "SEC-001 review is overdue: it was due on 2027-06-01, 1 day ago (owner: security)"]


def test_drafts_and_retired_documents_are_not_judged_stale(handbook_dir: Path) -> None:
    _replace(handbook_dir, SEC2, "status: active", "status: draft")
    _replace(handbook_dir, SEC2, "next_review: 2027-03-01", "next_review: 2020-01-01")
    # SEC-003 is retired and has neither review nor exception process at all.
    assert run_lint(handbook_dir) == []


def test_exception_exactly_at_max_duration_passes(handbook_dir: Path) -> None:
    _replace(handbook_dir, EXC, "expires: 2026-12-29", "expires: 2026-12-30")  # 90 days
    assert run_lint(handbook_dir) == []
    _replace(handbook_dir, EXC, "expires: 2026-12-30", "expires: 2026-12-31")
    [finding] = run_lint(handbook_dir)
    assert (finding.code, finding.message, finding.hint) == (
        "CTH213", "EXC-2026-001 runs 91 days, beyond SEC-001's maximum of 90 days",
        "set `expires` to 2026-12-30 or earlier")


def test_exception_expiring_on_the_last_warn_day(handbook_dir: Path) -> None:
    assert run_lint(handbook_dir, warn_days=37) == []  # expires 2026-12-29: in 38 days
    [finding] = run_lint(handbook_dir, warn_days=38)
    assert (finding.code, finding.severity.value, finding.message) == (
        "CTH211", "warning",
        "EXC-2026-001 (exception to SEC-001) expires on 2026-12-29, in 38 days")


def test_references_to_an_invalid_document_are_not_reported_twice(handbook_dir: Path) -> None:
    _replace(handbook_dir, SEC2, "owner: security", "owner: [security]")
    # SEC-001 relates to SEC-002, which now fails validation: only that failure is reported.
    assert located(run_lint(handbook_dir)) == [("CTH109", SEC2, 6, 1)]


def test_owner_keys_without_a_registry_are_reported_as_unchecked(handbook_dir: Path) -> None:
    """No registry, no check of owner keys (CTH304): said once per document that names owners
    (CTH311, a warning), at the first key it names, so a mistyped owner does not pass unseen."""
    (handbook_dir / "policies" / "owners.yml").unlink()
    _replace(handbook_dir, SEC2, "owner: security", "owner: nobody-registered")
    found = run_lint(handbook_dir)
    assert located(found) == [
        ("CTH311", "policies/exceptions/exc-2026-001.yml", 6, 15),
        ("CTH311", "policies/security/sec-001-secure-sdlc.yml", 6, 8),
        ("CTH311", SEC2, 6, 8),
        ("CTH311", "policies/security/sec-003-legacy-change-board.yml", 6, 8),
    ]
    assert found[2].message == ("owner `nobody-registered` cannot be checked: the handbook has "
                                "no owners registry")


def test_an_invalid_registry_still_resolves_its_keys_and_checks_others(
        handbook_dir: Path) -> None:
    _replace(handbook_dir, "policies/owners.yml", "type: team, github: \"@acme/payments\"",
             "type: teem")
    _replace(handbook_dir, SEC2, "owner: security", "owner: nobody")
    assert located(run_lint(handbook_dir)) == [
        ("CTH111", "policies/owners.yml", 6, 36),
        ("CTH304", SEC2, 6, 8),
    ]


def test_adr_references_are_not_checked_without_an_adr_folder(handbook_dir: Path) -> None:
    shutil.rmtree(handbook_dir / "adrs")
    assert run_lint(handbook_dir) == []


def test_dangling_reference_hint_suggests_the_closest_id(handbook_dir: Path) -> None:
    _replace(handbook_dir, SEC2, "policies: [SEC-001]", "policies: [SEC-01]")
    [finding] = run_lint(handbook_dir)
    assert (finding.code, finding.message, finding.hint) == (
        "CTH302", "related policy `SEC-01` does not exist", "did you mean `SEC-001`?")


def test_missing_exception_process_parts_are_named(handbook_dir: Path) -> None:
    _replace(handbook_dir, SEC2, "  approver: ciso\n  max_duration: 6 months\n", "")
    [finding] = run_lint(handbook_dir)
    assert (finding.code, finding.line, finding.message, finding.hint) == (
        "CTH204", 10, "SEC-002's exception process has no `approver`, `max_duration`",
        "add `approver`, `max_duration` under `exceptions:`")
