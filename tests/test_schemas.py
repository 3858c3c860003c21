"""Editor support: ``ctohandbook schema --write``, the example's schemas and modelines, and CTH707
when the kept schemas go stale."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner, Result

from ctohandbook.cli import main
from ctohandbook.diagnostic import Diagnostic
from ctohandbook.lint import lint
from ctohandbook.model.kinds import KINDS
from ctohandbook.project.loaders import read_project
from ctohandbook.project.settings import Project, load_project
from ctohandbook.rules.context import Context
from ctohandbook.rules.schemas import check

from .conftest import GOOD
from .conftest import TODAY as DAY

ROOT = Path(__file__).parent.parent
FILES = sorted(f"{kind}.schema.json" for kind in KINDS)
"""What ``schema --write`` writes: one file per document kind, not the lint report's."""
MODELINE = "# yaml-language-server: $schema="
EXAMPLE = sorted((ROOT / "policies").rglob("*.yml"))
STALE = "schemas/policy.schema.json:1:1: CTH707 the JSON Schema of `policy` is out of date\n"
HINT = "  error: run `ctohandbook schema --write schemas`\n"
TODAY = ("--today", "2026-11-21")

COVERED = {"CTH707"}
"""Shown failing below (for tests/test_rules.py)."""


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def findings(project: Project) -> list[Diagnostic]:
    """The findings of CTH707's check for ``project``."""
    return list(check(read_project(project), Context(DAY, project=project)))


def as_json(data: Any) -> Any:
    """YAML data as an editor's language server sees it: dates are strings (YAML 1.2)."""
    return json.loads(json.dumps(data, default=str))


def test_write_writes_exactly_what_schema_kind_prints(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("schema", "--write", "editor/schemas")
    assert (result.exit_code, result.output) == (
        0, "".join(f"Wrote editor/schemas/{name}\n" for name in FILES))
    folder = tmp_path / "editor" / "schemas"
    assert sorted(path.name for path in folder.iterdir()) == FILES
    for kind in KINDS:
        printed = invoke("schema", kind)
        assert printed.exit_code == 0
        text = (folder / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert text == printed.output
        assert text.endswith("}\n")
    assert invoke("schema", "--write", "editor/schemas").exit_code == 0  # again: same files
    assert sorted(path.name for path in folder.iterdir()) == FILES


@pytest.mark.parametrize("kind", [*sorted(KINDS), "lint-report"])
def test_schemas_name_and_describe_themselves_for_editors(kind: str) -> None:
    schema = json.loads(invoke("schema", kind).output)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(schema)[:4] == ["$schema", "$id", "title", "description"]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:ctohandbook:schema:{kind}"
    assert schema["title"] == f"ctohandbook {kind}"
    assert schema["description"]
    if kind == "lint-report":
        return
    # Editors show a field's description on hover and in completions: every field has one.
    objects = [schema, *schema.get("$defs", {}).values()]
    undescribed = [name for part in objects for name, field in part.get("properties", {}).items()
                   if not field.get("description")]
    assert undescribed == []


def test_repository_schemas_are_up_to_date() -> None:
    assert sorted(path.name for path in (ROOT / "schemas").iterdir()) == FILES
    assert findings(load_project(ROOT / "mkdocs.yml")) == []


@pytest.mark.parametrize("path", EXAMPLE, ids=[p.relative_to(ROOT).as_posix() for p in EXAMPLE])
def test_example_file_names_its_schema_and_validates_against_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first = text.split("\n", 1)[0]
    data = yaml.safe_load(text)
    target = ROOT / "schemas" / f"{data['kind']}.schema.json"
    assert first == MODELINE + Path(os.path.relpath(target, path.parent)).as_posix()
    schema_file = path.parent / first.removeprefix(MODELINE)
    assert schema_file.resolve() == target.resolve() and schema_file.is_file()
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert [error.message for error in validator.iter_errors(as_json(data))] == []


def test_the_example_schema_rejects_what_the_linter_rejects() -> None:
    schema = json.loads((ROOT / "schemas" / "policy.schema.json").read_text(encoding="utf-8"))
    data = as_json(yaml.safe_load(EXAMPLE[0].read_text(encoding="utf-8")))
    validator = jsonschema.Draft202012Validator(schema)
    data["ownr"] = data.pop("owner")
    assert sorted(error.message for error in validator.iter_errors(data)) == [
        "'owner' is a required property",
        "Additional properties are not allowed ('ownr' was unexpected)"]


@pytest.fixture
def opted_in(handbook_dir: Path) -> Path:
    """The good handbook with its schemas written, as a repository that opted in."""
    assert invoke("schema", "--write", "schemas").exit_code == 0
    return handbook_dir


def test_up_to_date_schemas_lint_clean(opted_in: Path) -> None:
    result = invoke("lint", *TODAY)
    assert (result.exit_code, result.stdout) == (
        0, "No problems in 6 files (today: 2026-11-21).\n")


def test_a_stale_schema_is_one_cth707_until_written_again(opted_in: Path) -> None:
    edit(opted_in / "schemas" / "policy.schema.json", "Who is accountable", "Who owns")
    result = invoke("lint", *TODAY)
    assert (result.exit_code, result.stdout) == (
        1, STALE + HINT + "1 error and 0 warnings in 6 files (today: 2026-11-21).\n")
    assert invoke("schema", "--write", "schemas").exit_code == 0
    assert invoke("lint", *TODAY).exit_code == 0


def test_a_missing_schema_is_reported_where_it_belongs(opted_in: Path) -> None:
    (opted_in / "schemas" / "owners.schema.json").unlink()
    (opted_in / "schemas" / "exception.schema.json").write_bytes(b"\xff\xfe")
    result = invoke("lint", *TODAY, "--format", "github")
    assert (result.exit_code, result.stdout.splitlines()) == (1, [
        "::error file=schemas/exception.schema.json,line=1,col=1,title=CTH707::the JSON Schema "
        "of `exception` is out of date (hint: run `ctohandbook schema --write schemas`)",
        "::error file=schemas/owners.schema.json,line=1,col=1,title=CTH707::the JSON Schema of "
        "`owners` is missing (hint: run `ctohandbook schema --write schemas`)",
        "2 errors and 0 warnings in 6 files (today: 2026-11-21)."])


def test_the_hint_names_the_folder_of_another_handbook(opted_in: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (opted_in / "schemas" / "policy.schema.json").unlink()
    monkeypatch.chdir(opted_in.parent)
    result = invoke("lint", "-f", "handbook/mkdocs.yml", *TODAY)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        "handbook/schemas/policy.schema.json:1:1: CTH707 the JSON Schema of `policy` is missing",
        "  error: run `ctohandbook schema --write handbook/schemas`"]


def test_a_handbook_linted_without_its_project_has_no_finding(opted_in: Path) -> None:
    """`lint` of a bare handbook (the public API's) knows no repository around it."""
    (opted_in / "schemas" / "policy.schema.json").unlink()
    project = load_project(Path("mkdocs.yml"))
    assert [d.code for d in findings(project)] == ["CTH707"]
    assert lint(read_project(project), Context(DAY)) == []


def test_line_endings_do_not_make_a_schema_stale(opted_in: Path) -> None:
    for path in (opted_in / "schemas").iterdir():
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert findings(load_project(Path("mkdocs.yml"))) == []


def test_without_schemas_of_ours_there_is_no_finding(handbook_dir: Path) -> None:
    assert not (GOOD / "schemas").exists()
    assert findings(load_project(Path("mkdocs.yml"))) == []
    # A team's own schemas/ folder, even with a file of the same name, is not ours to judge.
    (handbook_dir / "schemas").mkdir()
    (handbook_dir / "schemas" / "policy.schema.json").write_text('{"title": "OPA policy"}\n')
    assert findings(load_project(Path("mkdocs.yml"))) == []
    assert invoke("lint", *TODAY).exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    ((), "give a KIND to print its schema, or --write DIR"),
    (("policy", "--write", "schemas"), "give either KIND or --write DIR, not both"),
])
def test_kind_and_write_are_exclusive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      args: tuple[str, ...], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("schema", *args)
    assert result.exit_code == 2
    assert result.output.endswith(f"\nError: {message}\n")
    assert list(tmp_path.iterdir()) == []


def test_write_refuses_a_file_for_a_folder(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("schemas").write_text("not a folder\n")
    result = invoke("schema", "--write", "schemas")
    assert result.exit_code == 2
    assert "'schemas' is a file" in result.output


@pytest.mark.parametrize(("args", "created", "modeline"), [
    (("policy", "--title", "Secrets management", "--prefix", "SEC", "--owner", "payments"),
     "policies/security/sec-004-secrets-management.yml", "../../schemas/policy.schema.json"),
    (("exception", "--title", "Legacy billing service", "--policy", "SEC-002"),
     "policies/exceptions/exc-2026-002.yml", "../../schemas/exception.schema.json"),
    (("decision-rights", "--title", "Platform decision rights", "--owner", "cto"),
     "policies/dr-001-platform-decision-rights.yml", "../schemas/decision-rights.schema.json"),
])
def test_new_files_name_their_schema_once_the_repository_keeps_them(
        opted_in: Path, args: tuple[str, ...], created: str, modeline: str) -> None:
    assert invoke("new", *args, *TODAY).exit_code == 0
    text = (opted_in / created).read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    assert first == MODELINE + modeline
    assert rest.startswith(f"kind: {args[0]}\n")
    assert (opted_in / created).parent.joinpath(modeline).is_file()
    # An exception starts as a request, which fails the gate until granted (CTH802).
    assert invoke("lint", *TODAY).exit_code == (1 if args[0] == "exception" else 0)


def test_new_adds_no_modeline_without_schemas_or_to_markdown(opted_in: Path) -> None:
    assert invoke("new", "adr", "--title", "Use Temporal", *TODAY).exit_code == 0
    assert (opted_in / "adrs" / "0002-use-temporal.md").read_text().startswith(
        "# 2. Use Temporal\n")  # the adr-tools format of the handbook's ADR, no modeline
    shutil.rmtree(opted_in / "schemas")
    assert invoke("new", "policy", "--title", "Secrets", "--prefix", "SEC", *TODAY).exit_code == 0
    assert (opted_in / "policies/security/sec-004-secrets.yml").read_text().startswith(
        "kind: policy\n")
