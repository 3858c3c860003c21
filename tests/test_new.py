"""``ctohandbook new``: valid skeletons with the next free id, never overwriting a file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, run_lint
from .test_cli import invoke

TODAY = ("--today", "2026-11-21")


@pytest.mark.parametrize(("args", "created", "new_id"), [
    (("adr", "--title", "Use Temporal for workflows", "--owner", "payments"),
     "adrs/0002-use-temporal-for-workflows.md", "ADR-0002"),
    (("policy", "--title", "Secrets management", "--prefix", "SEC", "--owner", "payments"),
     "policies/security/sec-004-secrets-management.yml", "SEC-004"),
    (("policy", "--title", "Cloud cost", "--prefix", "FIN", "--owner", "cto"),
     "policies/fin-001-cloud-cost.yml", "FIN-001"),
    (("exception", "--title", "Legacy billing service", "--policy", "SEC-002"),
     "policies/exceptions/exc-2026-002.yml", "EXC-2026-002"),
    (("decision-rights", "--title", "Platform decision rights", "--owner", "cto"),
     "policies/dr-001-platform-decision-rights.yml", "DR-001"),
    (("runbook-standard", "--title", "Runbooks", "--owner", "cto"),
     "policies/rbs-001-runbooks.yml", "RBS-001"),
])
def test_each_kind_gets_a_skeleton_that_passes_the_gate(
        handbook_dir: Path, args: tuple[str, ...], created: str, new_id: str) -> None:
    before = run_lint(handbook_dir)
    result = invoke("new", *args, *TODAY)
    assert result.exit_code == 0, result.output
    assert result.output == (f"Created {created} ({new_id}). Fill in the placeholders, then "
                             "run `ctohandbook lint`.\n")
    assert (handbook_dir / created).is_file()
    new = [(d.code, d.path) for d in run_lint(handbook_dir) if d not in before]
    # A runbook standard in a handbook without runbooks is told that it governs nothing yet.
    assert new == ([("CTH605", created)] if new_id.startswith("RBS") else [])


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
    Describe how to ask for an exception: where to open the request, what to provide
    (scope, reason, compensating controls, remediation plan, expiry), and who decides.
  approver: security
  max_duration: 90 days
tags: []
changelog:
  - version: 0.1.0
    date: 2026-11-21
    summary: First draft.
summary: |
  Say in a few sentences what this policy is for and whom it protects.
scope: |
  Who and what it applies to.
requirements:
  - id: R1
    level: must
    text: Write the first requirement as one testable sentence.
    rationale: |
      Why the requirement exists.
'''


def test_exception_skeleton_is_granted_by_the_policy_approver(handbook_dir: Path) -> None:
    invoke("new", "exception", "--title", "Legacy billing", "--policy", "SEC-002", *TODAY)
    text = (handbook_dir / "policies/exceptions/exc-2026-002.yml").read_text()
    assert "approved_by: ciso\ngranted: 2026-11-21\nexpires: 2027-05-21\n" in text


def test_a_taken_file_name_is_never_overwritten(handbook_dir: Path) -> None:
    blocker = handbook_dir / "policies/exceptions/exc-2026-002.yml"
    blocker.write_text("not: an exception\n")  # invalid, so its id is unknown to the index
    result = invoke("new", "exception", "--title", "x", "--policy", "SEC-002", *TODAY)
    assert result.exit_code == 3
    assert result.output == ("Error: policies/exceptions/exc-2026-002.yml exists; nothing was "
                             "written (choose another title)\n")
    assert blocker.read_text() == "not: an exception\n"
    assert sorted(p.name for p in blocker.parent.iterdir()) == ["exc-2026-001.yml",
                                                                "exc-2026-002.yml"]


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


def test_adrs_named_by_date_stay_named_by_date(handbook_dir: Path) -> None:
    shutil.rmtree(handbook_dir / "adrs")
    shutil.copytree(FIXTURES / "adrs" / "log4brains", handbook_dir / "adrs")
    result = invoke("new", "adr", "--title", "Use Kafka", *TODAY)
    assert result.output.startswith("Created adrs/20261121-use-kafka.md (20261121-use-kafka).")
