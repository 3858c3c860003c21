"""The ``ctohandbook`` command: exact output, formats and exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from ctohandbook.cli import EXIT_FINDINGS, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, main

from .conftest import BAD, SEC2

USING = "Using mkdocs.yml\n"
"""What every command reading the configuration says on stderr in a handbook's folder."""


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The exit code, stdout and stderr of a command, each pinned by the tests."""
    result = invoke(*args, env=env)
    return result.exit_code, result.stdout, result.stderr


def break_handbook(root: Path) -> None:
    """One error (an unknown owner) and one warning (a review due soon)."""
    path = root / SEC2
    text = path.read_text()
    text = text.replace("owner: security", "owner: securty")
    path.write_text(text.replace("next_review: 2027-03-01", "next_review: 2026-12-01"))


def test_clean_handbook_exits_0(handbook_dir: Path) -> None:
    assert run("lint", "--today", "2026-11-21") == (
        0, "No problems in 6 files (today: 2026-11-21).\n", USING)


def test_text_output_is_exact_and_exits_1(handbook_dir: Path) -> None:
    break_handbook(handbook_dir)
    result = invoke("lint", "--today", "2026-11-21")
    assert (result.exit_code, result.stderr) == (1, USING)
    assert result.stdout == (
        f"{SEC2}:6:8: CTH304 owner `securty` does not exist\n"
        "  error: did you mean `security`?\n"
        f"{SEC2}:9:16: CTH206 SEC-002 review is due on 2026-12-01, in 10 days (owner: securty)\n"
        "  warning: schedule the review with the owner\n"
        "1 error and 1 warning in 6 files (today: 2026-11-21).\n")


def test_warnings_pass_unless_strict(handbook_dir: Path) -> None:
    (handbook_dir / SEC2).write_text((handbook_dir / SEC2).read_text().replace(
        "next_review: 2027-03-01", "next_review: 2026-12-01"))
    assert invoke("lint", "--today", "2026-11-21").exit_code == 0
    assert invoke("lint", "--today", "2026-11-21", "--strict").exit_code == 1


def test_github_annotations(handbook_dir: Path) -> None:
    break_handbook(handbook_dir)
    result = invoke("lint", "--today", "2026-11-21", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::error file={SEC2},line=6,col=8,title=CTH304::owner `securty` does not exist "
        "(hint: did you mean `security`?)",
        f"::warning file={SEC2},line=9,col=16,title=CTH206::SEC-002 review is due on 2026-12-01"
        ", in 10 days (owner: securty) (hint: schedule the review with the owner)",
        "1 error and 1 warning in 6 files (today: 2026-11-21).",
    ]


def test_github_annotations_escape_separators_and_cannot_be_forged() -> None:
    """A line break quoted from a file is shown escaped, so it cannot start a second
    workflow command in the log."""
    from ctohandbook.diagnostic import Diagnostic, Severity
    from ctohandbook.outputs.lint_report import _annotation

    finding = Diagnostic("a,b:c.yml", 1, 2, "CTH101", Severity.ERROR,
                         "50% bad\n::error::forged\r", "")
    assert _annotation(finding) == (
        "::error file=a%2Cb%3Ac.yml,line=1,col=2,title=CTH101::50%25 bad\\n::error::forged\\r")


def test_json_output_matches_its_published_schema(handbook_dir: Path) -> None:
    break_handbook(handbook_dir)
    result = invoke("lint", "--today", "2026-11-21", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    schema = json.loads(invoke("schema", "lint-report").output)
    jsonschema.validate(report, schema)
    assert report["format_version"] == 1
    assert report["today"] == "2026-11-21"
    assert report["summary"] == {"files": 6, "errors": 1, "warnings": 1}
    assert report["diagnostics"][0] == {
        "code": "CTH304", "severity": "error", "path": SEC2, "line": 6, "column": 8,
        "message": "owner `securty` does not exist", "hint": "did you mean `security`?"}


def test_json_schema_rejects_a_report_missing_fields() -> None:
    schema = json.loads(invoke("schema", "lint-report").output)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"format_version": 1, "diagnostics": []}, schema)


def test_source_date_epoch_is_honoured_and_today_option_wins(handbook_dir: Path) -> None:
    epoch = "1812326400"  # 2027-06-07: SEC-001 (due 2027-06-01) is overdue
    result = invoke("lint", env={"SOURCE_DATE_EPOCH": epoch})
    assert result.exit_code == 1
    assert "today: 2027-06-07" in result.stdout
    assert "SEC-001 review is overdue" in result.stdout
    assert invoke("lint", "--today", "2026-11-21", env={"SOURCE_DATE_EPOCH": epoch}
                  ).exit_code == 0


@pytest.mark.parametrize("epoch", ["yesterday", "-5"])
def test_bad_source_date_epoch_is_a_usage_error(handbook_dir: Path, epoch: str) -> None:
    assert run("lint", env={"SOURCE_DATE_EPOCH": epoch}) == (
        2, "", f"{USING}Error: SOURCE_DATE_EPOCH='{epoch}' is not a Unix timestamp in seconds\n")


def test_settings_come_from_mkdocs_yml(handbook_dir: Path) -> None:
    (handbook_dir / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - ctohandbook:\n      warn_days: 120\n      today: 2026-11-21\n")
    result = invoke("lint")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2] == (
        f"{SEC2}:9:16: CTH206 SEC-002 review is due on 2027-03-01, in 100 days (owner: security)")


def test_policies_dir_is_relative_to_mkdocs_yml(handbook_dir: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (handbook_dir / "policies").rename(handbook_dir / "governance")
    (handbook_dir / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  ctohandbook:\n    policies_dir: governance\n")
    monkeypatch.chdir(tmp_path)
    assert run("lint", "-f", "handbook/mkdocs.yml", "--today", "2026-11-21") == (
        0, "No problems in 6 files (today: 2026-11-21).\n", "Using handbook/mkdocs.yml\n")


def test_mkdocs_yml_tags_of_other_plugins_are_accepted(handbook_dir: Path) -> None:
    (handbook_dir / "mkdocs.yml").write_text(
        "site_name: !ENV [SITE, x]\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - ctohandbook\n")
    assert invoke("lint", "--today", "2026-11-21").exit_code == 0


@pytest.mark.parametrize(("options", "expected"), [
    ("      warn_days: soon\n",
     "Error: mkdocs.yml:5:18: `warn_days` is text; it must be an integer (write an integer "
     "here)\n"),
    ("      fail_on: warnings\n",
     "Error: mkdocs.yml:5:16: `fail_on` is `warnings`; it must be one of: error, warning, "
     "never (did you mean `warning`?)\n"),
    ("      polices_dir: governance\n",
     "Error: mkdocs.yml:5:7: unknown key `polices_dir` (did you mean `policies_dir`?)\n"),
])
def test_wrong_plugin_options_are_usage_errors(handbook_dir: Path, options: str,
                                               expected: str) -> None:
    (handbook_dir / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - search\n  - ctohandbook:\n" + options)
    assert run("lint") == (2, "", USING + expected)


def test_broken_mkdocs_yml_is_a_usage_error(handbook_dir: Path) -> None:
    (handbook_dir / "mkdocs.yml").write_text("site_name: [x\n")
    result = invoke("lint")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(
        f"{USING}Error: mkdocs.yml:2:1: did not find expected ',' or ']'")


def test_missing_config_file_and_unknown_format_are_usage_errors(handbook_dir: Path) -> None:
    assert run("lint", "-f", "nope.yml") == (2, "", "Error: nope.yml: no such configuration "
                                                    "file\n")
    assert invoke("lint", "--format", "xml").exit_code == 2
    assert invoke("lint", "--today", "21/11/2026").exit_code == 2
    bad_day = invoke("lint", "--today", "2026-1-5")
    assert bad_day.exit_code == 2
    assert "'2026-1-5' is not a date of the form YYYY-MM-DD" in bad_day.output
    assert invoke("lint", "no/such/path").exit_code == 2


def test_paths_limit_what_is_reported_but_not_what_is_read(handbook_dir: Path) -> None:
    case = handbook_dir / "policies" / "x-case"
    case.mkdir()
    shutil.copy(BAD / "cth302-unknown-policy-reference.yml", case)
    shutil.copy(BAD / "cth201-owner-missing.yml", case)
    break_handbook(handbook_dir)
    result = invoke("lint", "--today", "2026-11-21", "policies/x-case/cth201-owner-missing.yml")
    assert result.exit_code == 1
    # The duplicate of TST-001 in the other case file is reported only where that file is.
    assert [line.split(" ")[:2] for line in result.stdout.splitlines()[:-1:2]] == [
        ["policies/x-case/cth201-owner-missing.yml:1:1:", "CTH201"]]


def test_schema_of_each_kind_validates_the_good_handbook(handbook_dir: Path) -> None:
    import yaml

    for path in sorted((handbook_dir / "policies").rglob("*.yml")):
        data = yaml.safe_load(path.read_text())
        schema = json.loads(invoke("schema", data["kind"]).output)
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)


def test_schema_marks_governance_fields_required() -> None:
    schema = json.loads(invoke("schema", "policy").output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["required"]) == {"kind", "id", "title", "version", "status", "summary",
                                       "requirements"}
    assert schema["then"] == {
        "required": ["owner", "review", "exceptions"],
        "properties": {"review": {"required": ["last_reviewed"]},
                       "exceptions": {"required": ["process", "approver", "max_duration"]}}}
    assert schema["if"] == {"properties": {"status": {"not": {"const": "retired"}}}}
    assert schema["additionalProperties"] is False
    assert schema["properties"]["owner"]["description"].startswith("Who is accountable")
    assert invoke("schema", "nope").exit_code == 2


def test_rules_lists_every_code() -> None:
    lines = invoke("rules").output.splitlines()
    assert lines[0] == "CTH100  error    unreadable: The file could not be opened or read."
    assert any(line.startswith("CTH206  warning  review-due-soon:") for line in lines)


@pytest.mark.slow
def test_installed_console_script(handbook_dir: Path) -> None:
    script = Path(sys.executable).parent / "ctohandbook"
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    done = subprocess.run([str(script), "lint", "--today", "2026-11-21", "--format", "github"],
                          capture_output=True, text=True, env=environment, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "No problems in 6 files (today: 2026-11-21).\n", USING)
    break_handbook(handbook_dir)
    done = subprocess.run([sys.executable, "-m", "ctohandbook", "lint", "--today", "2026-11-21"],
                          capture_output=True, text=True, env=environment, check=False)
    assert done.returncode == 1
    assert done.stdout.startswith(f"{SEC2}:6:8: CTH304 owner `securty` does not exist\n")


def test_version() -> None:
    from ctohandbook import __version__

    assert invoke("--version").output == f"ctohandbook, version {__version__}\n"


def test_schema_requires_governance_fields_only_while_in_force() -> None:
    schema = json.loads(invoke("schema", "policy").output)
    policy = {"kind": "policy", "id": "SEC-009", "title": "t", "version": "1.0.0",
              "status": "active", "summary": "s",
              "requirements": [{"id": "R1", "level": "must", "text": "t"}]}
    with pytest.raises(jsonschema.ValidationError, match="'owner' is a required property"):
        jsonschema.validate(policy, schema)
    jsonschema.validate({**policy, "status": "retired"}, schema)
    in_force = {**policy, "owner": "cto", "review": {"every": "12 months"},
                "exceptions": {"process": "Ask.", "approver": "cto", "max_duration": "9 days"}}
    with pytest.raises(jsonschema.ValidationError, match="'last_reviewed' is a required"):
        jsonschema.validate(in_force, schema)
    jsonschema.validate({**in_force, "status": "retired"}, schema)


def test_missing_policies_folder_is_a_configuration_error(handbook_dir: Path) -> None:
    (handbook_dir / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - ctohandbook:\n      policies_dir: polices\n")
    assert run("lint") == (
        2, "", f"{USING}Error: polices: no such folder (set `policies_dir` of the ctohandbook "
               "plugin in mkdocs.yml)\n")


@pytest.mark.parametrize(("config", "where"), [
    ("site_name: x\nplugins:\n  - ctohandbook\n", "mkdocs.yml:1:1: the docs folder `docs`"),
    ("site_name: x\ndocs_dir: doc\nplugins:\n  - ctohandbook\n",
     "mkdocs.yml:2:1: the docs folder `doc`")])
def test_a_missing_docs_folder_is_refused_as_the_site_build_refuses_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, where: str) -> None:
    """MkDocs stops before any plugin runs when its `docs_dir` does not exist (an ADR-only
    repository, adr-tools' `doc/adr`): a clean lint would promise a build that cannot start."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(config)
    (tmp_path / "adrs").mkdir()
    assert run("lint") == (
        2, "", f"{USING}Error: {where} does not exist, so the site build stops before it "
               "checks the handbook (create it with an index.md, the site's home page, or set "
               "`docs_dir:` to the folder of your pages)\n")


def test_a_repository_of_adrs_alone_needs_no_policies_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default policies folder that does not exist is absent, not an error: git keeps no
    empty folder, so an ADR-only repository could not pass CI otherwise."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - ctohandbook\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "adrs").mkdir()
    (tmp_path / "adrs" / "0001-use-postgresql.md").write_text(
        "# 1. Use PostgreSQL\n\nDate: 2026-01-05\n\n## Status\n\nAccepted\n\n"
        "## Context\n\nWe need a database.\n\n## Decision\n\nPostgreSQL.\n\n"
        "## Consequences\n\nWe run it.\n")
    assert run("lint", "--today", "2026-11-21") == (
        0, "No problems in 1 file (today: 2026-11-21).\n", USING)
    (tmp_path / "adrs" / "0001-use-postgresql.md").unlink()
    result = invoke("lint", "--today", "2026-11-21")
    assert (result.exit_code, result.stdout.splitlines()[0]) == (
        1, "adrs:1:1: CTH115 no policy, runbook standard, decision-rights matrix or ADR in 0 "
           "files")
    (tmp_path / "adrs").rmdir()
    assert run("lint", "--today", "2026-11-21") == (
        2, "", f"{USING}Error: policies: no such folder (set `policies_dir` of the ctohandbook "
               "plugin in mkdocs.yml), and no ADR folder adrs either (set `adrs_dir`)\n")
    (tmp_path / "doc" / "adr").mkdir(parents=True)  # where adr-tools keeps its records
    assert run("lint", "--today", "2026-11-21") == (
        2, "", f"{USING}Error: policies: no such folder (set `policies_dir` of the ctohandbook "
               "plugin in mkdocs.yml), and no ADR folder adrs either (set `adrs_dir: doc/adr`, "
               "the ADR folder here)\n")


def test_paths_outside_the_handbook_are_not_read(handbook_dir: Path) -> None:
    (handbook_dir / "notes.yml").write_text("not: [a handbook file")
    assert run("lint", "--today", "2026-11-21", ".", "docs/index.md", "notes.yml") == (
        0, "No problems in 6 files (today: 2026-11-21).\n", USING)


def test_an_explicit_adrs_dir_must_exist(handbook_dir: Path) -> None:
    (handbook_dir / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - ctohandbook:\n      adrs_dir: decisions\n")
    assert run("lint", "--today", "2026-11-21") == (
        2, "", f"{USING}Error: decisions: no such folder (set `adrs_dir` of the ctohandbook "
               "plugin in mkdocs.yml)\n")


def test_mkdocs_yml_env_tags_work_as_in_mkdocs(handbook_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (handbook_dir / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - ctohandbook:\n"
        "      warn_days: !ENV [HANDBOOK_WARN_DAYS, 30]\n      today: !ENV HANDBOOK_TODAY\n")
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-11-21")
    assert invoke("lint").stdout == "No problems in 6 files (today: 2026-11-21).\n"
    monkeypatch.setenv("HANDBOOK_WARN_DAYS", "40")
    assert "CTH211" in invoke("lint").stdout  # the exception expires in 38 days


def test_upper_case_suffixes_are_read(handbook_dir: Path) -> None:
    (handbook_dir / "policies" / "x.YML").write_text("kind: polcy\n")
    assert invoke("lint", "--today", "2026-11-21").stdout.startswith(
        "policies/x.YML:1:7: CTH107 unknown kind `polcy`")


@pytest.mark.parametrize(("args", "code", "output"), [
    (("lint", "--today", "2026-11-21"), 0,
     f"{USING}No problems in 6 files (today: 2026-11-21).\n"),
    (("lint", "--today", "2027-06-07", "policies/security/sec-001-secure-sdlc.yml"), 1,
     f"{USING}policies/security/sec-001-secure-sdlc.yml:10:18: CTH205 SEC-001 review is "
     "overdue: it was due on 2027-06-01, 6 days ago (owner: security)\n"
     "  error: review it with its owner, then set `review.last_reviewed` to the review date\n"
     "1 error and 0 warnings in 6 files (today: 2027-06-07).\n"),
    (("lint", "-f", "nope.yml"), 2, "Error: nope.yml: no such configuration file\n"),
    (("lint", "--only-changed"), 2,
     "Usage: main lint [OPTIONS] [PATHS]...\nTry 'main lint --help' for help.\n\n"
     "Error: --only-changed needs --base REF: the revision changes are counted from\n"),
    (("render", "--out", "docs"), 3, f"{USING}Error: docs is not empty and was not written by "
     "`ctohandbook render`; choose a new or empty folder\n"),
], ids=["clean", "findings", "configuration", "usage", "refused-write"])
def test_each_exit_code_and_its_message(handbook_dir: Path, args: tuple[str, ...], code: int,
                                        output: str) -> None:
    """0 clean, 1 findings fail the gate, 2 usage or configuration, 3 refused to write (what the
    terminal shows: the note naming the configuration on stderr first)."""
    result = invoke(*args)
    assert (result.exit_code, result.output) == (code, output)


def test_help_lists_the_exit_codes() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    assert result.output.endswith(
        "\n\n  Exit codes:\n"
        "    0  done (lint: the gate passes)\n"
        "    1  findings fail the gate (codeowners --check: the block is out of date)\n"
        "    2  usage or configuration error\n"
        "    3  refused to write: a file, folder or link in the way is not ctohandbook's\n"
        "       to replace; nothing was written\n")
    assert (EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_REFUSED) == (0, 1, 2, 3)
