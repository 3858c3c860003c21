"""The governance as data: `ctohandbook export` and the site's governance.json."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from ctohandbook.cli import main

from .conftest import SEC2, mkdocs_build


def export(*args: str) -> Result:
    return CliRunner().invoke(main, ["export", "--today", "2026-11-21", *args],
                              catch_exceptions=False)


@pytest.mark.slow
def test_governance_json_of_the_build_is_what_export_prints(handbook_dir: Path,
                                                            tmp_path: Path) -> None:
    build = mkdocs_build(handbook_dir, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    printed = export()
    assert printed.exit_code == 0
    assert (tmp_path / "site" / "governance.json").read_text("utf-8") == printed.stdout


def test_every_document_with_its_owner_review_exceptions_and_adrs(handbook_dir: Path) -> None:
    report = json.loads(export().stdout)
    schema = json.loads(CliRunner().invoke(main, ["schema", "governance"]).output)
    jsonschema.Draft202012Validator(schema).validate(report)
    assert (report["format_version"], report["today"]) == (1, "2026-11-21")
    assert [(d["kind"], d["id"], d["status"], d["review_state"]) for d in report["documents"]] \
        == [("policy", "SEC-001", "active", "scheduled"),
            ("policy", "SEC-002", "active", "scheduled"),
            ("policy", "SEC-003", "retired", None)]
    assert report["documents"][1] == {
        "kind": "policy", "id": "SEC-002", "title": "Vulnerability management",
        "status": "active", "version": "2.0.0", "path": SEC2,
        "page": "governance/policies/sec-002.md",
        "owner": {"key": "security", "name": "Security Engineering", "type": "team",
                  "email": None, "github": "@acme/security", "slack": "#security"},
        "approvers": [], "tags": [], "last_reviewed": "2026-03-01",
        "next_review": "2027-03-01", "review_state": "scheduled", "days_to_review": 100,
        "exceptions": []}
    assert report["documents"][0]["exceptions"] == ["EXC-2026-001"]
    assert report["exceptions"] == [{
        "id": "EXC-2026-001", "policy": "SEC-001", "requirements": ["R1"],
        "approved_by": "ciso", "granted": "2026-10-01", "expires": "2026-12-29",
        "state": "active", "days_to_expiry": 38,
        "path": "policies/exceptions/exc-2026-001.yml"}]
    assert report["adrs"][0] == {
        "id": "ADR-0001", "title": "Use PostgreSQL", "status": "accepted", "date": "2026-01-10",
        "path": "adrs/0001-use-postgresql.md", "page": "governance/adrs/adr-0001.md",
        "supersedes": [], "superseded_by": []}


def test_states_follow_the_date(handbook_dir: Path) -> None:
    later = json.loads(CliRunner().invoke(main, ["export", "--today", "2027-03-10"]).stdout)
    assert [(d["id"], d["review_state"], d["days_to_review"]) for d in later["documents"]] == [
        ("SEC-001", "scheduled", 83), ("SEC-002", "overdue", -9),
        ("SEC-003", None, None)]
    assert (later["exceptions"][0]["state"], later["exceptions"][0]["days_to_expiry"]) == (
        "expired", -71)


def test_supersession_in_both_directions(handbook_dir: Path) -> None:
    (handbook_dir / "adrs" / "0002-use-cockroachdb.md").write_text(
        "---\nstatus: accepted\ndate: 2026-05-01\nsupersedes: [ADR-0001]\n---\n"
        "# Use CockroachDB\n")
    adr = handbook_dir / "adrs" / "0001-use-postgresql.md"
    adr.write_text(adr.read_text().replace("## Status\n\nAccepted", "## Status\n\nSuperseded"))
    adrs = {a["id"]: a for a in json.loads(export().stdout)["adrs"]}
    assert (adrs["ADR-0001"]["status"], adrs["ADR-0001"]["superseded_by"]) == (
        "superseded", ["ADR-0002"])
    assert adrs["ADR-0002"]["supersedes"] == ["ADR-0001"]


def test_the_csv_catalogue(handbook_dir: Path) -> None:
    result = export("--format", "csv")
    assert result.exit_code == 0
    assert result.stdout_bytes.decode().split("\r\n") == [
        "id,title,status,version,owner,owner_name,owner_email,next_review,review_state,tags,"
        "path",
        "SEC-001,Secure software development,active,1.2.0,security,Security Engineering,,"
        "2027-06-01,scheduled,security,policies/security/sec-001-secure-sdlc.yml",
        f"SEC-002,Vulnerability management,active,2.0.0,security,Security Engineering,,"
        f"2027-03-01,scheduled,,{SEC2}",
        "SEC-003,Change advisory board,retired,1.0.0,cto,Chief Technology Officer,"
        "cto@example.com,,,,policies/security/sec-003-legacy-change-board.yml",
        "",
    ]


def test_csv_cells_never_become_formulas(handbook_dir: Path) -> None:
    policy = handbook_dir / SEC2
    policy.write_text(policy.read_text().replace(
        "title: Vulnerability management", 'title: "=HYPERLINK(\\"http://x\\", \\"a, b\\")"'))
    rows = list(csv.reader(io.StringIO(export("--format", "csv").stdout)))
    assert rows[2][:2] == ["SEC-002", "'=HYPERLINK(\"http://x\", \"a, b\")"]
