"""``ctohandbook new``: skeletons with the next free id, named and written as the files beside
them, never overwriting a file; what it says of the gate is what ``lint`` then says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, run_lint, working_copy
from .test_cli import invoke

TODAY = ("--today", "2026-11-21")
CODEOWNERS = ".github/CODEOWNERS"
ACTIVE = ("Replace the placeholders before setting `status: active`: left in a document in "
          "force, they fail the gate (CTH801).")
ACCEPTED = ("Replace the placeholders before accepting it: left in an accepted ADR, they fail the "
            "gate (CTH801).")
GRANTED = ("Replace the placeholders of the reason, compensating controls and remediation plan "
           "before it is granted: left in a granted exception, they fail the gate (CTH801).")
REQUESTED = (
    "policies/exceptions/exc-2026-002.yml:3:9: CTH802 EXC-2026-002 is requested, not granted: "
    "it waives nothing of SEC-002 yet\n"
    "  error: `ciso` checks the reason, compensating controls and remediation plan, then sets "
    "`status: granted`, `approved_by: ciso` and `granted:` the day\n")
NO_OWNER = (
    "policies/fin-001-cloud-cost.yml:1:1: CTH201 FIN-001 has no owner\n"
    "  error: add `owner:` with a key of the owners registry\n"
    "policies/fin-001-cloud-cost.yml:9:1: CTH204 FIN-001's exception process has no "
    "`approver`\n"
    "  error: add `approver` under `exceptions:`\n")
NO_RUNBOOKS = (
    "policies/rbs-001-runbooks.yml:23:14: CTH605 `runbooks/**/*.md` of RBS-001's `applies_to` "
    "matches no runbook page\n"
    "  warning: correct the pattern (relative to the docs folder, such as `runbooks/**/*.md`) or "
    "remove it\n")

KIND_CASES = [
    (("adr", "--title", "Use Temporal for workflows", "--owner", "payments"),
     "adrs/0002-use-temporal-for-workflows.md", "ADR-0002", "", "No problems in 7 files", ACCEPTED),
    (("policy", "--title", "Secrets management", "--prefix", "SEC", "--owner", "payments"),
     "policies/security/sec-004-secrets-management.yml", "SEC-004", "", "No problems in 7 files",
     ACTIVE),
    (("policy", "--title", "Cloud cost", "--prefix", "FIN"),
     "policies/fin-001-cloud-cost.yml", "FIN-001", NO_OWNER,
     "2 errors and 0 warnings in 7 files", ACTIVE),
    (("exception", "--title", "Legacy billing service", "--policy", "SEC-002"),
     "policies/exceptions/exc-2026-002.yml", "EXC-2026-002", REQUESTED,
     "1 error and 0 warnings in 7 files", GRANTED),
    (("decision-rights", "--title", "Platform decision rights", "--owner", "cto"),
     "policies/dr-001-platform-decision-rights.yml", "DR-001", "", "No problems in 7 files",
     ACTIVE),
    (("runbook-standard", "--title", "Runbooks", "--owner", "cto"),
     "policies/rbs-001-runbooks.yml", "RBS-001", NO_RUNBOOKS,
     "0 errors and 1 warning in 7 files", ACTIVE),
]


@pytest.mark.parametrize("with_block", [False, True], ids=["no-codeowners", "codeowners-block"])
@pytest.mark.parametrize(("args", "created", "new_id", "findings", "summary", "step"), KIND_CASES,
                         ids=[case[2] for case in KIND_CASES])
def test_new_says_what_lint_then_says(
        handbook_dir: Path, with_block: bool, args: tuple[str, ...], created: str, new_id: str,
        findings: str, summary: str, step: str) -> None:
    """For every kind, with and without a CODEOWNERS block: ``new`` announces the findings of
    its file and whether they fail the gate, and ``lint`` then reports exactly those (the block
    kept up to date, so CTH706 stays silent)."""
    if with_block:
        assert invoke("codeowners").exit_code == 0
    before = (handbook_dir / CODEOWNERS).read_text() if with_block else None
    result = invoke("new", *args, *TODAY)
    assert result.exit_code == 0, result.output
    fails = "error" in summary and not summary.startswith("0 errors")
    owned = new_id != "ADR-0002"  # the block gives governance files, not ADRs, to owners
    added = f"Added it to the ctohandbook block of {CODEOWNERS}.\n" if with_block and owned \
        else ""
    assert result.stdout == (
        f"Created {created} ({new_id}).\n{added}"
        f"`ctohandbook lint {created}` {'fails' if fails else 'passes'}:\n"
        f"{findings}{summary} (today: 2026-11-21).\n{step}\n")
    lint = invoke("lint", *TODAY)
    assert lint.exit_code == (1 if fails else 0)
    assert lint.stdout == f"{findings}{summary} (today: 2026-11-21).\n"
    if with_block:
        assert before is not None
        lines = (handbook_dir / CODEOWNERS).read_text().splitlines()
        owner = "ciso" if new_id.startswith("EXC") else args[-1]
        entry = f"# /{created}: has no owner" if new_id == "FIN-001" else \
            f"/{created} @acme/{owner}"
        assert [line for line in lines if line not in before.splitlines()] == \
            ([entry] if owned else [])
    else:
        assert not (handbook_dir / ".github").exists()


def test_lines_outside_the_block_are_kept_byte_for_byte(handbook_dir: Path) -> None:
    assert invoke("codeowners").exit_code == 0
    path = handbook_dir / CODEOWNERS
    block = path.read_text()
    path.write_bytes(b"* @acme/admins\r\n\r\n" + block.replace("\n", "\r\n").encode()
                     + b"/docs/ @acme/writers\r\n")
    invoke("new", "adr", "--title", "Use Temporal", *TODAY)
    text = path.read_bytes()
    assert text.startswith(b"* @acme/admins\r\n\r\n# BEGIN ctohandbook")
    assert text.endswith(b"# END ctohandbook\r\n/docs/ @acme/writers\r\n")
    assert b"/adrs/0002-use-temporal.md @acme/" not in text  # ADRs are not governance files
    assert run_lint(handbook_dir) == []


def test_a_block_out_of_date_already_is_left_for_codeowners(handbook_dir: Path) -> None:
    assert invoke("codeowners").exit_code == 0
    path = handbook_dir / CODEOWNERS
    stale = path.read_text().replace("@acme/ciso", "@acme/someone", 1)
    path.write_text(stale)
    result = invoke("new", "policy", "--title", "Cost", "--prefix", "FIN", "--owner", "cto",
                    *TODAY)
    assert result.stdout.splitlines()[:2] == [
        "Created policies/fin-001-cost.yml (FIN-001).",
        f"The ctohandbook block of {CODEOWNERS} was out of date already, so it was left as it "
        "is: run `ctohandbook codeowners`."]
    assert path.read_text() == stale


def test_broken_markers_are_named_with_the_command_to_run(handbook_dir: Path) -> None:
    (handbook_dir / ".github").mkdir()
    (handbook_dir / CODEOWNERS).write_text("# BEGIN ctohandbook\n* @acme/admins\n")
    result = invoke("new", "adr", "--title", "Use Temporal", *TODAY)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == (
        f"{CODEOWNERS}:1: `# BEGIN ctohandbook` has no `# END ctohandbook` after it; fix the "
        "markers by hand, then run `ctohandbook codeowners` again")
    assert (handbook_dir / CODEOWNERS).read_text() == "# BEGIN ctohandbook\n* @acme/admins\n"


def test_policy_skeleton_text(handbook_dir: Path) -> None:
    invoke("new", "policy", "--title", 'Secrets: "vault" only', "--prefix", "SEC",
           "--owner", "security", *TODAY)
    text = (handbook_dir / "policies/security/sec-004-secrets-vault-only.yml").read_text()
    assert text == '''kind: policy
id: SEC-004
title: "Secrets: \\"vault\\" only"
version: 0.1.0
status: draft
owner: security
review:
  last_reviewed: 2026-11-21
  every: 12 months
exceptions:
  process: |
    Say where to open a request for an exception and who decides.
    List what a request gives: scope, reason, compensating controls, remediation plan, expiry.
  approver: security
  max_duration: 90 days
tags: []
changelog:
  - version: 0.1.0
    date: 2026-11-21
    summary: First draft.
summary: |
  Say in a few sentences what this document is for and whom it protects.
scope: |
  Say who and what it applies to.
requirements:
  - id: R1
    level: must
    text: Write the first requirement as one testable sentence.
    rationale: |
      Say why the requirement exists.
'''


def test_an_exception_starts_as_a_request_with_no_approval(handbook_dir: Path) -> None:
    invoke("new", "exception", "--title", "Legacy billing", "--policy", "SEC-002", *TODAY)
    text = (handbook_dir / "policies/exceptions/exc-2026-002.yml").read_text()
    assert text == '''kind: exception
id: EXC-2026-002
status: requested
policy: SEC-002
requirements: []
scope: "Legacy billing"
requested_by: security
expires: 2027-05-21
reason: |
  Say why compliance is not possible now.
compensating_controls: |
  Say what reduces the risk until then.
remediation_plan: |
  Say how and by when compliance will be reached.
'''


def test_granting_the_request_as_the_hint_says_with_the_placeholders_left_is_cth801(
        handbook_dir: Path) -> None:
    invoke("new", "exception", "--title", "Legacy billing", "--policy", "SEC-002", *TODAY)
    path = handbook_dir / "policies/exceptions/exc-2026-002.yml"
    path.write_text(path.read_text().replace(
        "status: requested\n", "status: granted\napproved_by: ciso\ngranted: 2026-11-22\n"))
    shown = "policies/exceptions/exc-2026-002.yml"
    assert [(d.code, d.path, d.line, d.column, d.message) for d in run_lint(handbook_dir)] == [
        ("CTH801", shown, 12, 3, "EXC-2026-002 is granted, but `reason` still says “Say why "
                                 "compliance is not possible now.”"),
        ("CTH801", shown, 14, 3, "EXC-2026-002 is granted, but `compensating_controls` still "
                                 "says “Say what reduces the risk until then.”"),
        ("CTH801", shown, 16, 3, "EXC-2026-002 is granted, but `remediation_plan` still says "
                                 "“Say how and by when compliance will be reached.”")]


def _folder(root: Path, name: str, files: dict[str, str]) -> None:
    """Replace the ADR folder ``name`` of ``root`` with ``files``."""
    shutil.rmtree(root / name, ignore_errors=True)
    (root / name).mkdir()
    for file, text in files.items():
        (root / name / file).write_text(text)


NYGARD = "# {n}. Old\n\nDate: 2026-01-0{n}\n\n## Status\n\nAccepted\n\n## Context\n\nX.\n"
MADR = "---\nstatus: accepted\ndate: 2026-01-0{n}\n---\n# Old\n\nX.\n"
BULLETS = "# Old\n\n- Status: accepted\n- Date: 2026-01-0{n}\n\n## Context and Problem Statement\n"


@pytest.mark.parametrize(("files", "created"), [
    ({"adr-001-a.md": NYGARD, "adr-002-b.md": NYGARD}, "adrs/adr-003-use-kafka.md"),
    ({"ADR-01-a.md": NYGARD, "ADR-09-b.md": NYGARD}, "adrs/ADR-10-use-kafka.md"),
    ({"adr001-a.md": NYGARD}, "adrs/adr002-use-kafka.md"),
    ({"0001_a.md": NYGARD, "0002_b.md": NYGARD}, "adrs/0003_use_kafka.md"),
    ({"0001 a.md": NYGARD}, "adrs/0002 use kafka.md"),
    ({"0001-a.markdown": NYGARD, "0002-b.markdown": NYGARD, "0003-c.md": NYGARD},
     "adrs/0004-use-kafka.markdown"),
    ({"2024-01-15-a.md": BULLETS}, "adrs/2026-11-21-use-kafka.md"),
    ({}, "adrs/0001-use-kafka.md"),
])
def test_adr_names_follow_the_folder(handbook_dir: Path, files: dict[str, str],
                                     created: str) -> None:
    _folder(handbook_dir, "adrs", {name: text.format(n=n)
                                   for n, (name, text) in enumerate(files.items(), 1)})
    result = invoke("new", "adr", "--title", "Use Kafka", *TODAY)
    assert result.stdout.startswith(f"Created {created} (")
    assert (handbook_dir / created).is_file()


def test_adrs_named_by_date_stay_named_by_date(handbook_dir: Path) -> None:
    shutil.rmtree(handbook_dir / "adrs")
    shutil.copytree(FIXTURES / "adrs" / "log4brains", handbook_dir / "adrs")
    result = invoke("new", "adr", "--title", "Use Kafka", "--owner", "cto", *TODAY)
    assert result.stdout.startswith("Created adrs/20261121-use-kafka.md (20261121-use-kafka).")
    assert (handbook_dir / "adrs/20261121-use-kafka.md").read_text() == """# Use Kafka

- Status: proposed
- Deciders: cto
- Date: 2026-11-21

## Context and Problem Statement

Describe the context and the problem in two or three sentences.

## Considered Options

- Option 1
- Option 2

## Decision Outcome

Chosen option: "Option 1", because ...

### Consequences

- Good, because ...
- Bad, because ...
"""


def test_a_nygard_collection_gets_an_adr_tools_record(handbook_dir: Path) -> None:
    """The good handbook's ADR is an adr-tools record: the new one is too, numbered in its
    heading, with adr-tools' own placeholder text."""
    result = invoke("new", "adr", "--title", "Use Kafka", "--owner", "cto", *TODAY)
    assert result.exit_code == 0
    assert (handbook_dir / "adrs/0002-use-kafka.md").read_text() == """# 2. Use Kafka

Date: 2026-11-21

Deciders: cto

## Status

Proposed

## Context

The issue motivating this decision, and any context that influences or constrains the decision.

## Decision

The change that we're proposing or have agreed to implement.

## Consequences

What becomes easier or more difficult to do and any risks introduced by the change that will \
need to be mitigated.
"""


def test_the_majority_format_wins_and_an_empty_folder_gets_madr(handbook_dir: Path) -> None:
    _folder(handbook_dir, "adrs", {"0001-a.md": MADR.format(n=1), "0002-b.md": MADR.format(n=2),
                                   "0003-c.md": NYGARD.format(n=3)})
    invoke("new", "adr", "--title", "Use Kafka", *TODAY)
    assert (handbook_dir / "adrs/0004-use-kafka.md").read_text().startswith(
        "---\nstatus: proposed\ndate: 2026-11-21\ndecision-makers: []\n")
    _folder(handbook_dir, "adrs", {})
    invoke("new", "adr", "--title", "Use Kafka", *TODAY)
    assert (handbook_dir / "adrs/0001-use-kafka.md").read_text() == """---
status: proposed
date: 2026-11-21
decision-makers: []
consulted: []
informed: []
tags: []
review-by: 2026-12-21
---
# Use Kafka

## Context and Problem Statement

Describe the context and the problem in two or three sentences.

## Considered Options

* Option 1
* Option 2

## Decision Outcome

Chosen option: "Option 1", because ...

### Consequences

* Good, because ...
* Bad, because ...
"""


@pytest.mark.parametrize(("renames", "args", "created"), [
    # Policies of the area named `SEC-00N.yaml`: the new one too.
    ({"sec-001-secure-sdlc.yml": "SEC-001.yaml", "sec-002-vulnerability-management.yml":
      "SEC-002.yaml"}, ("policy", "--prefix", "SEC"), "policies/security/SEC-004.yaml"),
    # `.yaml` beside `.yaml`, with the slug kept.
    ({"sec-001-secure-sdlc.yml": "sec-001-secure-sdlc.yaml",
      "sec-002-vulnerability-management.yml": "sec-002-vulnerability-management.yaml"},
     ("policy", "--prefix", "SEC"), "policies/security/sec-004-secrets-vault.yaml"),
    # A new area follows the policies of the handbook.
    ({"sec-001-secure-sdlc.yml": "SEC-001.yaml", "sec-002-vulnerability-management.yml":
      "SEC-002.yaml", "sec-003-legacy-change-board.yml": "SEC-003.yaml"},
     ("policy", "--prefix", "FIN"), "policies/FIN-001.yaml"),
    ({"../exceptions/exc-2026-001.yml": "../exceptions/EXC-2026-001.yaml"},
     ("exception", "--policy", "SEC-002"), "policies/exceptions/EXC-2026-002.yaml"),
])
def test_yaml_names_follow_the_documents_like_them(
        handbook_dir: Path, renames: dict[str, str], args: tuple[str, ...], created: str) -> None:
    folder = handbook_dir / "policies/security"
    for old, new in renames.items():
        (folder / old).rename(folder / new)
    result = invoke("new", *args, "--title", "Secrets vault", "--owner", "security", *TODAY)
    assert result.stdout.startswith(f"Created {created} (")
    assert (handbook_dir / created).is_file()


def test_a_taken_file_name_is_never_overwritten(handbook_dir: Path) -> None:
    blocker = handbook_dir / "policies/exceptions/exc-2026-002.yml"
    blocker.write_text("not: an exception\n")  # invalid, so its id is unknown to the index
    result = invoke("new", "exception", "--title", "x", "--policy", "SEC-002", *TODAY)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "Error: policies/exceptions/exc-2026-002.yml exists; nothing was written (choose another "
        "title)")
    assert blocker.read_text() == "not: an exception\n"
    assert sorted(p.name for p in blocker.parent.iterdir()) == ["exc-2026-001.yml",
                                                                "exc-2026-002.yml"]



def test_from_a_subfolder_paths_are_shown_the_way_there(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from `docs/`, the new ADR is `../adrs/…`, as the configuration (`Using ../mkdocs.yml`)
    and the paths given to `lint` are, so the command it suggests runs as shown (before, the
    path was absolute). A site of ADRs alone keeps no CODEOWNERS, and `new` makes none."""
    root = working_copy(FIXTURES / "site/adr-only", tmp_path, monkeypatch)
    monkeypatch.chdir(root / "docs")
    result = invoke("new", "adr", "--title", "Use Temporal", *TODAY)
    assert (result.exit_code, result.stdout, result.stderr) == (0, (
        "Created ../adrs/0003-use-temporal.md (ADR-0003).\n"
        "`ctohandbook lint ../adrs/0003-use-temporal.md` passes:\n"
        "No problems in 3 files (today: 2026-11-21).\n"
        f"{ACCEPTED}\n"), "Using ../mkdocs.yml\n")
    assert (root / "adrs/0003-use-temporal.md").is_file()
    lint = invoke("lint", "../adrs/0003-use-temporal.md", *TODAY)
    assert (lint.exit_code, lint.stdout) == (0, "No problems in 3 files (today: 2026-11-21).\n")
    assert sorted(path.name for path in root.iterdir()) == ["adrs", "docs", "mkdocs.yml"]


def test_a_taken_file_name_is_shown_from_a_subfolder_too(
        handbook_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (handbook_dir / "policies/exceptions/exc-2026-002.yml").write_text("not: an exception\n")
    monkeypatch.chdir(handbook_dir / "docs")
    result = invoke("new", "exception", "--title", "x", "--policy", "SEC-002", *TODAY)
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (3, (
        "Error: ../policies/exceptions/exc-2026-002.yml exists; nothing was written (choose "
        "another title)"))

@pytest.mark.parametrize(("args", "message"), [
    (("policy", "--title", "x"), "give the id prefix of the policy's area, such as --prefix SEC"),
    (("policy", "--title", "x", "--prefix", "sec"),
     "--prefix 'sec' is not 2 to 10 capitals or digits, such as SEC"),
    (("adr", "--title", "x", "--owner", "nobody"), "`nobody` is not in the owners registry; "
     "use one of: ciso, cto, payments, security"),
    (("exception", "--title", "x", "--policy", "SEC-009"),
     "give the waived policy with --policy, one of: SEC-001, SEC-002, SEC-003"),
    (("adr", "--title", "  "), "Invalid value for --title: give a title"),
])
def test_unusable_requests_exit_2_and_write_nothing(handbook_dir: Path, args: tuple[str, ...],
                                                    message: str) -> None:
    before = sorted(handbook_dir.rglob("*"))
    result = invoke("new", *args, *TODAY)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"Error: {message}"
    assert sorted(handbook_dir.rglob("*")) == before

