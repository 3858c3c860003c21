"""The pull-request lane on real git repositories: `ctohandbook diff`, the version rules of
`lint --base` (CTH702-705) and `--only-changed`."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ctohandbook.cli import main

from .conftest import GOOD, SEC2
from .test_cli import USING

COVERED = {"CTH702", "CTH703", "CTH704", "CTH705"}
"""The version rules, each shown failing below (for tests/test_rules.py)."""
SEC1 = "policies/security/sec-001-secure-sdlc.yml"
EXC1 = "policies/exceptions/exc-2026-001.yml"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                           *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The good handbook committed on `main`, with a branch `change` checked out."""
    root = tmp_path / "repo"
    shutil.copytree(GOOD, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "change")
    monkeypatch.chdir(root)
    return root


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text()
    assert old in text, old
    file.write_text(text.replace(old, new, 1))


def release(root: Path, path: str, old: str, new: str) -> None:
    """Bump ``path`` from version ``old`` to ``new`` with its changelog entry."""
    edit(root, path, f"version: {old}\n", f"version: {new}\n")
    edit(root, path, "changelog:\n",
         f"changelog:\n  - {{version: {new}, date: 2026-11-20, summary: Tightened.}}\n")


R1_EDIT = ("Critical vulnerabilities are remediated within 15 days.",
           "Critical vulnerabilities are remediated within 7 days.")


def test_a_requirement_edited_without_a_version_bump_fails_at_the_version(repo: Path) -> None:
    edit(repo, SEC2, *R1_EDIT)
    git(repo, "commit", "-q", "-am", "Tighten R1")
    result = invoke("lint", "--base", "main", "--today", "2026-11-21")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{SEC2}:4:10: CTH702 SEC-002 changed since main (requirement R1) but is still at "
        "version 2.0.0",
        "  error: bump `version` to 2.1.0 and add it to `changelog`",
        "1 error and 0 warnings in 6 files (today: 2026-11-21).",
    ]
    assert invoke("lint", "--today", "2026-11-21").exit_code == 0  # no base: no version rules


def test_the_diff_shows_the_requirement_s_old_and_new_text(repo: Path) -> None:
    edit(repo, SEC2, *R1_EDIT)
    edit(repo, SEC2, "    level: must\n", "    level: should\n")
    release(repo, SEC2, "2.0.0", "3.0.0")
    result = invoke("diff", "main")
    assert result.exit_code == 0
    assert result.stdout == f"""## Governance changes: `main` → the work tree

1 material change.

### Material changes

#### SEC-002 Vulnerability management (policy): changed

`{SEC2}` · version 2.0.0 → 3.0.0

| Field | Before | After |
|---|---|---|
| `version` | 2.0.0 | 3.0.0 |
| `changelog` | — | 3.0.0 (2026-11-20): Tightened. |
| requirement **R1** `level` | must | should |
| requirement **R1** `text` | {R1_EDIT[0]} | {R1_EDIT[1]} |

"""
    assert invoke("lint", "--base", "main", "--today", "2026-11-21").exit_code == 0


def test_a_material_change_released_as_a_patch_fails(repo: Path) -> None:
    edit(repo, SEC2, *R1_EDIT)
    release(repo, SEC2, "2.0.0", "2.0.1")
    result = invoke("lint", "--base", "main", "--today", "2026-11-21")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        f"{SEC2}:4:10: CTH704 SEC-002 changed materially since main (requirement R1), but "
        "2.0.0 -> 2.0.1 is a patch bump",
        "  error: bump `version` to at least 2.1.0 and add it to `changelog`",
    ]


def test_an_editorial_change_with_a_patch_bump_passes(repo: Path) -> None:
    edit(repo, SEC2, "summary: Known vulnerabilities are fixed in time.",
         "summary: Known vulnerabilities are fixed on time.")
    release(repo, SEC2, "2.0.0", "2.0.1")
    result = invoke("lint", "--base", "main", "--today", "2026-11-21")
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (
        0, "No problems in 6 files (today: 2026-11-21).")
    diff = invoke("diff", "main").stdout
    assert "1 editorial change.\n\n### Editorial changes\n" in diff
    assert "| `summary` | Known vulnerabilities are fixed in time. | Known vulnerabilities are " \
           "fixed on time. |" in diff


def _bump_without_changelog(repo: Path) -> None:
    edit(repo, SEC2, *R1_EDIT)
    edit(repo, SEC2, "version: 2.0.0\n", "version: 2.1.0\n")


@pytest.mark.parametrize(("change", "finding"), [
    (_bump_without_changelog,
     "CTH701 SEC-002 is at version 2.1.0, but `changelog` has no entry for it"),
    (lambda repo: release(repo, SEC2, "2.0.0", "1.9.0"),
     "CTH703 SEC-002 is at version 1.9.0, below 2.0.0 since main"),
], ids=["new version without its changelog entry", "version backwards"])
def test_versions_that_do_not_match_the_change(repo: Path, change: Callable[[Path], None],
                                               finding: str) -> None:
    change(repo)
    result = invoke("lint", "--base", "main", "--today", "2026-11-21")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{SEC2}:4:10: {finding}"


def test_a_review_alone_needs_no_bump_but_names_its_reviewer(repo: Path) -> None:
    edit(repo, SEC2, "  last_reviewed: 2026-03-01\n  next_review: 2027-03-01\n",
         "  last_reviewed: 2026-11-02\n  next_review: 2027-11-02\n")
    result = invoke("lint", "--base", "main", "--today", "2026-11-21")
    assert result.exit_code == 0  # a warning: the gate fails on errors
    assert result.stdout.splitlines() == [
        f"{SEC2}:8:18: CTH705 SEC-002 records a review on 2026-11-02 since main, but not who "
        "reviewed it",
        "  warning: set `review.reviewed_by` to the owners-registry key of who reviewed it",
        "0 errors and 1 warning in 6 files (today: 2026-11-21).",
    ]
    diff = invoke("diff", "main").stdout
    assert diff.startswith("## Governance changes: `main` → the work tree\n\n1 review.\n\n"
                           "### Reviews\n\n#### SEC-002 Vulnerability management (policy): "
                           "reviewed\n")
    assert "Reviewed, no content change.\n\n| Field | Before | After |\n|---|---|---|\n" \
           "| `review.last_reviewed` | 2026-03-01 | 2026-11-02 |\n" \
           "| `review.next_review` | 2027-03-01 | 2027-11-02 |\n" in diff
    edit(repo, SEC2, "  last_reviewed: 2026-11-02\n", "  last_reviewed: 2026-11-02\n"
         "  reviewed_by: cto\n")
    assert "CTH705" not in invoke("lint", "--base", "main", "--today", "2026-11-21").stdout


def test_renamed_added_and_removed_documents(repo: Path) -> None:
    git(repo, "mv", SEC1, "policies/security/sec-001-sdlc.yml")
    git(repo, "rm", "-q", "policies/security/sec-003-legacy-change-board.yml")
    new = repo / "policies/security/sec-004-secrets.yml"
    new.write_text((repo / SEC2).read_text().replace("SEC-002", "SEC-004").replace(
        "title: Vulnerability management", "title: Secrets"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Reorganise")
    result = invoke("diff", "main", "HEAD", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["summary"] == {"material": 2, "editorial": 1, "review": 0}
    assert [(c["id"], c["change"], c["weight"], c["path"], c["old_path"])
            for c in report["changes"]] == [
        ("SEC-001", "changed", "editorial", "policies/security/sec-001-sdlc.yml", SEC1),
        ("SEC-003", "removed", "material", "policies/security/sec-003-legacy-change-board.yml",
         None),
        ("SEC-004", "added", "material", "policies/security/sec-004-secrets.yml", None),
    ]
    assert report["changes"][0]["fields"] == []
    # an added document's fields are its own, from nothing (no field named "")
    assert [f["field"] for f in report["changes"][2]["fields"]][:3] == [
        "id", "title", "version"]
    assert [f["before"] for f in report["changes"][2]["fields"]] == [None] * len(
        report["changes"][2]["fields"])
    # a moved file is the same document: no version rule fires
    assert "CTH70" not in invoke("lint", "--base", "main", "--today", "2026-11-21").stdout


def test_exceptions_granted_extended_and_expired(repo: Path) -> None:
    edit(repo, EXC1, "expires: 2026-12-29", "expires: 2027-01-15")
    second = repo / "policies/exceptions/exc-2026-002.yml"
    second.write_text((repo / EXC1).read_text().replace("EXC-2026-001", "EXC-2026-002"))
    report = json.loads(invoke("diff", "main", "--format", "json", "--today",
                               "2027-01-10").stdout)
    assert [(c["id"], c["events"]) for c in report["changes"]] == [
        ("EXC-2026-001", ["extended"]), ("EXC-2026-002", ["granted"])]
    assert report["changes"][0]["fields"] == [
        {"field": "expires", "before": "2026-12-29", "after": "2027-01-15", "material": True}]
    later = json.loads(invoke("diff", "main", "--format", "json", "--today",
                              "2027-02-01").stdout)
    assert [(c["id"], c["events"]) for c in later["changes"]] == [
        ("EXC-2026-001", ["extended", "expired"]), ("EXC-2026-002", ["granted", "expired"])]
    markdown = invoke("diff", "main", "--today", "2027-01-10").stdout
    assert "#### EXC-2026-001 waiver of SEC-001 (exception): extended\n" in markdown


def test_only_changed_keeps_the_calendar_out_of_unrelated_pull_requests(repo: Path) -> None:
    edit(repo, SEC1, "  process: |\n", "  process: |\n    Ask early.\n")
    release(repo, SEC1, "1.2.0", "1.3.0")
    git(repo, "commit", "-q", "-am", "Exception process")
    later = ("--today", "2027-04-01")  # SEC-002's review and EXC-2026-001 are overdue by then
    full = invoke("lint", *later, "--base", "main")
    assert full.exit_code == 1
    assert [line.split(" ", 2)[1] for line in full.stdout.splitlines()
            if line.startswith("policies/")] == ["CTH210", "CTH205"]
    lane = invoke("lint", *later, "--base", "main", "--only-changed")
    assert (lane.exit_code, lane.stdout.splitlines()[-1]) == (
        0, "No problems in 6 files (today: 2027-04-01).")
    edit(repo, SEC2, "summary: Known vulnerabilities are fixed in time.",
         "summary: Known vulnerabilities are fixed on time.")
    release(repo, SEC2, "2.0.0", "2.0.1")
    touched = invoke("lint", *later, "--base", "main", "--only-changed")
    assert [line.split(" ", 2)[1] for line in touched.stdout.splitlines()
            if line.startswith("policies/")] == ["CTH205"]


def test_only_changed_needs_a_base(repo: Path) -> None:
    result = CliRunner().invoke(main, ["lint", "--only-changed"])
    assert result.exit_code == 2
    assert "--only-changed needs --base REF" in result.stderr


def test_the_work_tree_is_left_alone(repo: Path) -> None:
    edit(repo, SEC2, *R1_EDIT)
    git(repo, "commit", "-q", "-am", "Tighten R1")
    edit(repo, SEC1, "title: Secure software development", "title: Uncommitted title")
    status = git(repo, "status", "--porcelain")
    text = (repo / SEC1).read_text()
    result = invoke("diff", "main", "HEAD")
    assert "SEC-002" in result.stdout and "Uncommitted" not in result.stdout
    assert git(repo, "status", "--porcelain") == status
    assert (repo / SEC1).read_text() == text
    assert git(repo, "stash", "list") == ""


@pytest.mark.parametrize("args", [["diff", "no-such-branch"],
                                  ["lint", "--base", "no-such-branch"]])
def test_an_unknown_revision_is_a_usage_error(repo: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert (result.stdout, result.stderr) == ("", USING + (
        "Error: 'no-such-branch' is not a commit of this repository (in CI, fetch it: "
        "`git fetch origin <branch>`, or check out with `fetch-depth: 0`)\n"))


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(GOOD, tmp_path / "handbook")
    monkeypatch.chdir(tmp_path / "handbook")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = CliRunner().invoke(main, ["diff", "main"])
    assert result.exit_code == 2
    assert (result.stdout, result.stderr) == (
        "", f"{USING}Error: {tmp_path / 'handbook'} is not in a git repository\n")


def test_a_handbook_in_a_subfolder_of_the_repository(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    shutil.copytree(GOOD, root / "handbook")
    (root / "README.md").write_text("Not governance.\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    edit(root / "handbook", SEC2, *R1_EDIT)
    monkeypatch.chdir(root)
    result = invoke("lint", "-f", "handbook/mkdocs.yml", "--base", "main", "--today",
                    "2026-11-21")
    assert result.stdout.splitlines()[0] == (
        f"handbook/{SEC2}:4:10: CTH702 SEC-002 changed since main (requirement R1) but is "
        "still at version 2.0.0")
    assert f"`handbook/{SEC2}` · version 2.0.0" in invoke(
        "diff", "main", "-f", "handbook/mkdocs.yml").stdout


def test_an_added_document_has_no_empty_row_in_the_report(repo: Path) -> None:
    """Its table lists its own fields from nothing: the first row was once one of no field
    (`| | — | ... |`), the document's whole content under an empty name."""
    new = repo / "policies/security/sec-004-secrets.yml"
    new.write_text((repo / SEC2).read_text().replace("SEC-002", "SEC-004"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Add SEC-004")
    report = invoke("diff", "main", "HEAD").stdout
    section = report.split("#### SEC-004 ")[1].split("\n#### ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Field | Before | After |"
    assert rows[1] == "| `id` | — | SEC-004 |"
    assert [row for row in rows if any(not cell.strip() for cell in row.split("|")[1:-1])] == []
