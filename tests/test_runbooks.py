"""Runbook standards: every CTH6xx rule at its exact position with its message, the standard's
page and the conformance report (golden files), runbook text shown as text, and which pages are
found (inside the repository boundary, as governance files are)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ctohandbook.diagnostic import Severity
from ctohandbook.model.runbook import RunbookStandard

from .conftest import FIXTURES, assert_golden, mkdocs_build, render, run_lint

RUNBOOKS = FIXTURES / "runbooks"
STANDARD = "policies/rbs-001-runbook-standard.yml"
REPORT = "governance/runbooks.md"
STANDARD_PAGE = "governance/runbook-standards/rbs-001.md"
FAMILY = (REPORT, STANDARD_PAGE)
"""The pages of this family; the other pages are pinned by `test_render`."""

Found = tuple[str, str, int, int, str]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A writable copy of the runbook fixture handbook."""
    target = tmp_path / "handbook"
    shutil.copytree(RUNBOOKS / "handbook", target)
    return target


def found(root: Path) -> list[Found]:
    return [(d.code, d.path, d.line, d.column, d.message) for d in run_lint(root)]


def add_case(root: Path, name: str) -> str:
    """Copy a bad runbook into the handbook at ``root``; return the path findings show."""
    folder = root / "docs" / "runbooks" / "x-case"
    folder.mkdir(exist_ok=True)
    shutil.copy(RUNBOOKS / "bad" / name, folder / name)
    return f"docs/runbooks/x-case/{name}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES: list[tuple[str, list[tuple[str, int, int, str]]]] = [
    ("cth601-metadata-missing.md", [
        ("CTH601", 1, 1, "missing metadata `service` required by RBS-001")]),
    ("cth601-metadata-empty.md", [
        ("CTH601", 2, 9, "metadata `service` required by RBS-001 is empty")]),
    ("cth601-no-front-matter.md", [
        ("CTH601", 1, 1, "missing metadata `last_tested` required by RBS-001"),
        ("CTH601", 1, 1, "missing metadata `owner` required by RBS-001"),
        ("CTH601", 1, 1, "missing metadata `service` required by RBS-001")]),
    ("cth602-section-missing.md", [
        ("CTH602", 6, 1, "missing section `Rollback` required by RBS-001")]),
    ("cth603-test-overdue.md", [
        ("CTH603", 4, 14, "last tested on 2026-08-22 (91 days ago), longer ago than the 90 days "
                          "RBS-001 allows: a test was due by 2026-11-20")]),
    ("cth603-not-a-date.md", [
        ("CTH603", 4, 14, "`last_tested` is `last spring`, not a date, so the test within "
                          "90 days that RBS-001 requires cannot be checked")]),
    ("cth604-owner-unknown.md", [
        ("CTH604", 3, 8, "owner `sre-team` is not in the owners registry")]),
]


def test_the_clean_fixture_has_no_findings() -> None:
    assert run_lint(RUNBOOKS / "handbook") == []


def test_every_bad_fixture_is_listed() -> None:
    assert sorted(name for name, _ in CASES) == sorted(p.name for p in (RUNBOOKS / "bad").iterdir())


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[name for name, _ in CASES])
def test_bad_runbook(root: Path, name: str, expected: list[tuple[str, int, int, str]]) -> None:
    shown = add_case(root, name)
    assert found(root) == [(code, shown, line, column, message)
                           for code, line, column, message in expected]


def test_a_pattern_that_matches_no_page_is_a_warning(root: Path) -> None:
    edit(root / STANDARD, '["runbooks/**/*.md"]',
         '["runbooks/**/*.md", "playbooks/*.md", "!runbooks/drafts/**", "runbooks/index.md"]')
    findings = run_lint(root)
    assert [(d.code, d.severity, d.path, d.line, d.column, d.message) for d in findings] == [
        ("CTH605", Severity.WARNING, STANDARD, 20, 34,
         "`playbooks/*.md` of RBS-001's `applies_to` matches no runbook page"),
        ("CTH605", Severity.WARNING, STANDARD, 20, 75,
         "`runbooks/index.md` of RBS-001's `applies_to` matches no runbook page"),
    ]


def test_a_test_window_without_required_last_tested_still_needs_the_date(root: Path) -> None:
    edit(root / STANDARD, "[service, owner, last_tested]", "[service, owner]")
    edit(root / "docs/runbooks/disk-full.md", "last_tested: 2026-10-01\n", "")
    assert found(root) == [("CTH603", "docs/runbooks/disk-full.md", 1, 1,
                            "no `last_tested` date; RBS-001 requires a test within 90 days")]


def test_long_required_keys_and_sections_are_quoted_as_excerpts(root: Path) -> None:
    """`required_metadata` and `required_sections` are free text: CTH601 and CTH602 quoted an
    entry whole (found by tests/test_properties.py)."""
    edit(root / STANDARD, "[service, owner, last_tested]", f"[service, owner, last_tested, "
         f"{'k' * 200}]")
    edit(root / STANDARD, "[Summary, Mitigation, Rollback]", f"[Summary, Mitigation, Rollback, "
         f"{'S' * 200}]")
    messages = {(code, message) for code, path, _, _, message in found(root)
                if path == "docs/runbooks/disk-full.md"}
    assert messages == {("CTH601", f"missing metadata `{'k' * 59}…` required by RBS-001"),
                        ("CTH602", f"missing section `{'S' * 59}…` required by RBS-001")}


def test_owners_are_not_checked_without_a_registry(root: Path) -> None:
    """A runbook's `owner:` is not judged (CTH604) without a registry; the standard's own
    owner is said to be unchecked (CTH311), as every document's is."""
    (root / "policies" / "owners.yml").unlink()
    edit(root / "docs/runbooks/disk-full.md", "owner: sre", "owner: anyone")
    assert [finding[:4] for finding in found(root)] == [
        ("CTH311", "policies/rbs-001-runbook-standard.yml", 6, 8)]


@pytest.mark.parametrize("status", ["draft", "retired"])
def test_only_standards_in_force_are_enforced(root: Path, status: str) -> None:
    edit(root / STANDARD, "status: active", f"status: {status}")
    add_case(root, "cth602-section-missing.md")
    assert found(root) == []
    page = render(root)[STANDARD_PAGE]
    assert f"This standard is {status}, so no runbook is checked against it." in page


def test_each_standard_judges_the_runbooks_it_applies_to(root: Path) -> None:
    second = (root / STANDARD).read_text().replace("RBS-001", "RBS-002").replace(
        '["runbooks/**/*.md"]', '["runbooks/queues/"]').replace(
        "[Summary, Mitigation, Rollback]", "[Escalation]")
    (root / "policies" / "rbs-002-queues.yml").write_text(second)
    queue = "docs/runbooks/queues/queue-backlog.md"
    assert found(root) == [("CTH602", queue, 6, 1,
                            "missing section `Escalation` required by RBS-002")]
    pages = render(root)
    anchor = "../runbooks.md#runbook-runbooks-queues-queue-backlog"
    assert (f'[<span class="cth-badge cth-badge--conforms">Conforms</span>]({anchor})'
            in pages[STANDARD_PAGE])
    assert (f'[<span class="cth-badge cth-badge--fails">Fails</span>]({anchor})'
            in pages["governance/runbook-standards/rbs-002.md"])
    assert ('| <span class="cth-badge cth-badge--fails">Fails</span> missing section '
            '`Escalation` required by RBS-002 |') in pages[REPORT]


def test_pages_match_the_golden_files() -> None:
    pages = render(RUNBOOKS / "handbook")
    assert_golden({path: pages[path] for path in FAMILY}, "runbooks")


def test_the_report_says_exactly_what_a_runbook_lacks(root: Path) -> None:
    add_case(root, "cth601-no-front-matter.md")
    rows = [line for line in render(root)[REPORT].splitlines() if "x-case" in line]
    assert rows == [
        '| <a id="runbook-runbooks-x-case-cth601-no-front-matter"></a>[No front matter]'
        "(../runbooks/x-case/cth601-no-front-matter.md) | — | — | — | "
        '<span class="cth-badge cth-badge--fails">Fails</span> '
        "missing metadata `last_tested` required by RBS-001<br>"
        "missing metadata `owner` required by RBS-001<br>"
        "missing metadata `service` required by RBS-001 |"]


HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)>"


def test_runbook_text_is_shown_as_text(root: Path) -> None:
    runbook = root / "docs/runbooks/disk-full.md"
    edit(runbook, "# Disk full", f"# Disk {HOSTILE} | full")
    edit(runbook, "service: storage", f'service: "{HOSTILE}"')
    pages = render(root)
    escaped = "&lt;script>alert(1)&lt;/script> &lt;img src=x onerror=alert(2)>"
    for path in FAMILY:
        assert "<script>" not in pages[path] and "<img" not in pages[path]
        assert f"[Disk {escaped} \\| full](" in pages[path]
        assert f"| {escaped} |" in pages[path]


@pytest.mark.slow
def test_a_real_build_links_the_runbooks_from_a_nested_pages_folder(root: Path) -> None:
    edit(root / "mkdocs.yml", "policies_dir: policies",
         "policies_dir: policies\n      pages_dir: a/b")
    edit(root / "docs/runbooks/disk-full.md", "# Disk full", f"# Disk {HOSTILE}")
    done = mkdocs_build(root, root / "site", "--strict")
    assert done.returncode == 0, done.stderr
    report = (root / "site/a/b/runbooks/index.html").read_text()
    assert 'href="../../../runbooks/disk-full/"' in report
    assert "Disk &lt;script&gt;alert(1)&lt;/script&gt;" in report and "<script>alert" not in report
    standard = (root / "site/a/b/runbook-standards/rbs-001/index.html").read_text()
    assert 'href="../../../../runbooks/queues/queue-backlog/"' in standard


COVERED = {code for _, expected in CASES for code, *_ in expected} | {"CTH605"}
"""The rules these tests see fail, for `test_rules.test_every_rule_has_a_failing_test`."""


def test_an_exception_may_waive_a_runbook_standard(root: Path) -> None:
    """Exceptions waive any governed document with an exception process, not only policies:
    here one requirement of the standard, granted by its approver within its limit."""
    exception = root / "policies" / "exc-2026-001.yml"
    exception.write_text(
        "kind: exception\nid: EXC-2026-001\npolicy: RBS-001\nrequirements: [R1]\n"
        "scope: queue runbooks\nrequested_by: platform\napproved_by: sre\n"
        "granted: 2026-11-01\nexpires: 2026-11-30\nreason: The queue is being replaced.\n")
    assert found(root) == [("CTH211", "policies/exc-2026-001.yml", 9, 10,
                            "EXC-2026-001 (exception to RBS-001) expires on 2026-11-30, "
                            "in 9 days")]
    edit(exception, "requirements: [R1]", "requirements: [R9]")
    edit(exception, "approved_by: sre", "approved_by: platform")
    assert [f[:4] for f in found(root)] == [("CTH307", "policies/exc-2026-001.yml", 4, 16),
                                           ("CTH214", "policies/exc-2026-001.yml", 7, 14),
                                           ("CTH211", "policies/exc-2026-001.yml", 9, 10)]


def test_runbooks_linked_from_outside_the_repository_are_reported_not_read(
        root: Path, tmp_path: Path) -> None:
    """The docs folder is walked inside the repository boundary, as the governance folders are:
    a link out of the repository where runbooks may be is refused (CTH114), one elsewhere in
    the docs, where no standard applies, is left alone, and a folder linked from inside the
    repository is judged, as MkDocs publishes its pages."""
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(RUNBOOKS / "bad" / "cth601-metadata-missing.md", outside / "secret.md")
    (root / "docs/runbooks/shared").symlink_to(outside)
    (root / "docs/runbooks/secret.md").symlink_to(outside / "secret.md")
    (root / "docs/assets").symlink_to(outside)
    (root / "ops").mkdir()
    shutil.copy(RUNBOOKS / "bad" / "cth602-section-missing.md", root / "ops")
    (root / "docs/runbooks/ops").symlink_to(root / "ops")
    refused = [("CTH114", f"docs/runbooks/{name}", 1, 1,
                f"links to {target}, outside the repository; it is not read")
               for name, target in (("secret.md", outside / "secret.md"), ("shared", outside))]
    assert found(root) == [("CTH602", "docs/runbooks/ops/cth602-section-missing.md", 6, 1,
                            "missing section `Rollback` required by RBS-001"), *refused]


def test_a_docs_folder_linked_out_of_the_repository_is_reported_not_read(
        root: Path, tmp_path: Path) -> None:
    """Refused whole, as a policies folder linked out is (`test_corpus`); its runbooks used to
    be read."""
    outside = tmp_path / "outside"
    (root / "docs").rename(outside)
    (root / "docs").symlink_to(outside)
    assert found(root) == [
        ("CTH114", "docs", 1, 1, f"links to {outside}, outside the repository; it is not read"),
        ("CTH605", STANDARD, 20, 14,
         "`runbooks/**/*.md` of RBS-001's `applies_to` matches no runbook page")]


def test_a_handbook_inside_a_hidden_folder_has_its_runbooks_judged(tmp_path: Path) -> None:
    """Hidden folders are skipped below the docs folder, not above it (a checkout in
    ``.worktrees/``)."""
    root = tmp_path / ".worktrees" / "handbook"
    shutil.copytree(RUNBOOKS / "handbook", root)
    shown = add_case(root, "cth602-section-missing.md")
    assert found(root) == [("CTH602", shown, 6, 1,
                            "missing section `Rollback` required by RBS-001")]


@pytest.mark.parametrize(("pattern", "folder", "expected"), [
    ("runbooks/**/*.md", ".", True),
    ("runbooks/**/*.md", "runbooks/shared", True),
    ("runbooks/**/*.md", "assets", False),
    ("runbooks/db/*.md", "runbooks", True),
    ("runbooks/db/*.md", "runbooks/web", False),
    ("runbooks/*.md", "runbooks/linked", True),  # errs towards yes: `*` stops at a `/`
    ("/runbooks/db.md", "runbooks", True),
    ("runbooks/queues/", "runbooks/queues/old", True),
    ("*.md", "assets/deep", True),
    ("**/runbooks/*.md", "assets", True),
    ("!runbooks/**", "runbooks", False),
])
def test_a_standard_may_apply_below_the_folders_its_globs_lead_to(pattern: str, folder: str,
                                                                  expected: bool) -> None:
    standard = RunbookStandard.model_construct(applies_to=[pattern])
    assert standard.may_apply_below(folder) is expected
