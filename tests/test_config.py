"""The configuration file: found as the engines find it, named on stderr, and refused when the
site build would not run the plugin (exact stdout, stderr and exit codes)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ctohandbook.project.settings import load_project

from .conftest import GOOD, SEC2
from .test_cli import USING, run

ADR = ("# 1. Use PostgreSQL\n\nDate: 2026-01-05\n\n## Status\n\nAccepted\n\n## Context\n\n"
       "We need a database.\n\n## Decision\n\nPostgreSQL.\n\n## Consequences\n\nWe run it.\n")
CLEAN = "No problems in 1 file (today: 2026-11-21).\n"
TODAY = ("--today", "2026-11-21")
PLUGIN = "site_name: x\nplugins:\n  - search\n  - ctohandbook\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new user's repository: an ADR folder, a docs folder, no policies, no configuration
    yet; the working folder."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "adrs").mkdir()
    (root / "docs").mkdir()
    (root / "adrs" / "0001-use-postgresql.md").write_text(ADR)
    monkeypatch.chdir(root)
    return root


def test_found_from_a_subfolder_with_paths_relative_to_it(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "mkdocs.yml").write_text(PLUGIN)
    assert run("lint", *TODAY) == (0, CLEAN, USING)
    monkeypatch.chdir(repo / "adrs")
    assert run("lint", *TODAY) == (0, CLEAN, "Using ../mkdocs.yml\n")
    (repo / "adrs" / "0002-use-kafka.md").write_text(ADR.replace("Accepted", "Banana"))
    code, out, err = run("lint", *TODAY, "--strict", "0002-use-kafka.md")
    assert (code, err) == (1, "Using ../mkdocs.yml\n")
    assert out.splitlines()[0].startswith("0002-use-kafka.md:7:1: CTH401 ADR-0002 has status")
    assert run("lint", *TODAY, "0001-use-postgresql.md") == (
        0, "No problems in 2 files (today: 2026-11-21).\n", "Using ../mkdocs.yml\n")


def test_without_a_configuration_the_defaults_are_said_to_be_used(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = "properdocs.yml, properdocs.yaml, mkdocs.yml or mkdocs.yaml"
    assert run("lint", *TODAY) == (
        0, CLEAN, f"No {names} in . (the repository root): using the default settings\n")
    monkeypatch.chdir(repo / "adrs")
    (repo / "adrs" / "nested").mkdir()
    monkeypatch.chdir(repo / "adrs" / "nested")
    # The defaults place the folders in the working folder, which holds neither.
    assert run("lint", *TODAY)[2].splitlines() == [
        f"No {names} in . and the folders above it up to ../.. (the repository root): using "
        "the default settings",
        "Error: policies: no such folder (set `policies_dir` of the ctohandbook plugin in "
        "mkdocs.yml), and no ADR folder adrs either (set `adrs_dir`)"]


def test_the_search_stops_at_the_repository_root(repo: Path) -> None:
    """A configuration above the repository belongs to something else."""
    (repo.parent / "mkdocs.yml").write_text("site_name: not this one\n")
    assert run("lint", *TODAY)[2].startswith("No properdocs.yml, ")
    (repo / ".git").rmdir()
    (repo / ".git").write_text("gitdir: elsewhere\n")  # a worktree's or a submodule's .git
    assert run("lint", *TODAY)[2].startswith("No properdocs.yml, ")


def test_outside_a_repository_the_search_goes_to_the_file_system_root(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if any((folder / ".git").exists() for folder in tmp_path.parents):
        pytest.skip("the temporary folder is inside a git repository")
    (tmp_path / "adrs").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "adrs" / "0001-use-postgresql.md").write_text(ADR)
    monkeypatch.chdir(tmp_path / "adrs")
    assert run("lint", *TODAY, "-f", "../mkdocs.yml")[0] == 2
    (tmp_path / "mkdocs.yml").write_text(PLUGIN)
    assert run("lint", *TODAY) == (0, CLEAN, "Using ../mkdocs.yml\n")
    (tmp_path / "mkdocs.yml").unlink()
    assert run("lint", *TODAY)[2].splitlines()[0] == (
        "No properdocs.yml, properdocs.yaml, mkdocs.yml or mkdocs.yaml in . and the folders "
        f"above it up to {tmp_path.anchor} (the file-system root): using the default settings")


@pytest.mark.parametrize(("files", "note"), [
    (["mkdocs.yaml"], "Using mkdocs.yaml"),
    (["properdocs.yaml"], "Using properdocs.yaml"),
    (["mkdocs.yml", "mkdocs.yaml"],
     "Using mkdocs.yml (mkdocs.yaml beside it is read by neither engine)"),
    (["properdocs.yml", "mkdocs.yml"],
     "Using properdocs.yml (as ProperDocs does; MkDocs reads mkdocs.yml: pass -f to choose)"),
    (["properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml"],
     "Using properdocs.yml (as ProperDocs does; MkDocs reads mkdocs.yml: pass -f to choose; "
     "properdocs.yaml and mkdocs.yaml beside it are read by neither engine)"),
], ids=["mkdocs.yaml", "properdocs.yaml", "yml-over-yaml", "engines-disagree", "all-four"])
def test_names_are_chosen_as_the_engines_choose(repo: Path, files: list[str],
                                                note: str) -> None:
    """ProperDocs tries properdocs.yml, properdocs.yaml, mkdocs.yml, mkdocs.yaml; MkDocs the
    last two. The first of ProperDocs' order is used; where MkDocs would read another file,
    the note says so."""
    for name in files:
        (repo / name).write_text(PLUGIN.replace("site_name: x", f"site_name: {name}"))
    # Only the chosen file is read: every other one refuses (no plugin listed).
    for name in files[1:]:
        (repo / name).write_text("site_name: x\n")
    assert run("lint", *TODAY) == (0, CLEAN, note + "\n")


@pytest.mark.parametrize(("config", "error"), [
    ("site_name: x\nplugins:\n  - search\n",
     "mkdocs.yml:2:1: `plugins:` does not list `ctohandbook`, so the site build would not check "
     "the handbook (add `- ctohandbook` to `plugins:`)"),
    ("site_name: x\n",
     "mkdocs.yml:1:1: mkdocs.yml has no `plugins:`, so the site build would not check the "
     "handbook (add `plugins:` with the items `- search` and `- ctohandbook`)"),
    ("site_name: x\nplugins:\n",
     "mkdocs.yml:2:1: `plugins:` does not list `ctohandbook`, so the site build would not check "
     "the handbook (add `- ctohandbook` to `plugins:`)"),
    ("site_name: x\nplugins: ctohandbook\n",
     "mkdocs.yml:2:1: `plugins:` must be a list or a mapping of plugins (list `- ctohandbook` "
     "under `plugins:`)"),
    ("site_name: x\nplugins:\n  - search\n  - ctohandbok\n",
     "mkdocs.yml:4:5: `plugins:` lists `ctohandbok`, not `ctohandbook`, so the site build would "
     "not check the handbook (did you mean `ctohandbook`?)"),
    ("site_name: x\nplugins:\n  - search\n  - cto-handbook:\n      warn_days: 3\n",
     "mkdocs.yml:4:5: `plugins:` lists `cto-handbook`, not `ctohandbook`, so the site build "
     "would not check the handbook (did you mean `ctohandbook`?)"),
    ("site_name: x\nplugins:\n  search: {}\n  ctohandbook_plugin: {}\n",
     "mkdocs.yml:4:3: `plugins:` lists `ctohandbook_plugin`, not `ctohandbook`, so the site "
     "build would not check the handbook (did you mean `ctohandbook`?)"),
    ("site_name: x\nplugins:\n  - ctohandbook\ntheme: material\nplugins:\n  - search\n",
     "mkdocs.yml:5:1: duplicate key `plugins` (first at line 2): the site build reads only the "
     "last one, which does not list `ctohandbook` (merge them into one `plugins:`)"),
    ("site_name: x\nplugins: [search]\nplugins: [ctohandbook]\n",
     "mkdocs.yml:3:1: duplicate key `plugins` (first at line 2): the site build reads only the "
     "last one (merge them into one `plugins:`)"),
    ("site_name: x\nsite_name: y\nplugins: [ctohandbook]\n",
     "mkdocs.yml:2:1: duplicate key `site_name` (first at line 1) (remove or rename one of the "
     "two keys)"),
    ("site_name: x\nplugins:\n  - ctohandbook:\n      warn_days: 3\n      warn_days: 4\n",
     "mkdocs.yml:5:7: duplicate key `warn_days` (first at line 4) (remove or rename one of the "
     "two keys)"),
    ("site_name: x\nplugins:\n  - ctohandbook\n  - search\n  - ctohandbook:\n      today: "
     "2026-11-21\n",
     "mkdocs.yml:5:5: `ctohandbook` is listed twice in `plugins:` (first at line 3) (list it "
     "once)"),
    ("site_name: x\nplugins:\n  - ctohandbook:\n      enabled: false\n",
     "mkdocs.yml:4:7: the ctohandbook plugin is disabled, so the site build would not check the "
     "handbook (remove `enabled: false`)"),
    ("site_name: x\nplugins:\n  - ctohandbook:\n      enabled: yes please\n",
     "mkdocs.yml:4:7: `enabled` is `yes please`; it must be true or false (write `enabled: "
     "true`, or remove it)"),
], ids=["not-listed", "no-plugins", "empty-plugins", "not-a-list", "misspelt", "hyphen",
        "package-name", "first-of-two-plugins-keys", "two-plugins-keys", "duplicate-key",
        "duplicate-option", "listed-twice", "disabled", "enabled-not-boolean"])
def test_refused_when_the_site_build_would_not_run_the_plugin(repo: Path, config: str,
                                                              error: str) -> None:
    (repo / "mkdocs.yml").write_text(config)
    assert run("lint", *TODAY) == (2, "", f"{USING}Error: {error}\n")


@pytest.mark.parametrize("config", [
    "site_name: x\nplugins:\n  search: {}\n  ctohandbook:\n    today: 2026-11-21\n",
    "site_name: x\nplugins:\n  - ctohandbook:\n",
    "site_name: x\nplugins:\n  - /ctohandbook\n",
    "site_name: x\nplugins:\n  - ctohandbook:\n      enabled: true\n",
], ids=["mapping-form", "null-options", "outside-the-theme-namespace", "enabled"])
def test_every_form_mkdocs_loads_the_plugin_from_is_read(repo: Path, config: str) -> None:
    (repo / "mkdocs.yml").write_text(config)
    assert run("lint", *TODAY) == (0, CLEAN, USING)


def test_a_merge_key_in_the_plugins_options_is_refused_and_elsewhere_let_be(
        repo: Path) -> None:
    """MkDocs merges `<<: *anchor`; the reader here leaves merge keys out, so options brought
    by one would be read by the build and not by lint."""
    (repo / "mkdocs.yml").write_text(
        "site_name: x\nextra: &strict\n  fail_on: never\nplugins:\n  - ctohandbook:\n"
        "      <<: *strict\n      warn_days: 5\n")
    assert run("lint", *TODAY) == (
        2, "", f"{USING}Error: mkdocs.yml:6:7: merge keys (`<<`) are not supported (write "
               "the merged keys out)\n")
    (repo / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - ctohandbook\nmarkdown_extensions:\n  - toc: &toc\n"
        "      permalink: true\nextra:\n  <<: *toc\n")
    assert run("lint", *TODAY) == (0, CLEAN, USING)


def test_a_parent_configuration_is_merged_as_mkdocs_merges_it(repo: Path) -> None:
    """``INHERIT:``: mappings merge key by key, anything else replaces the parent's value."""
    (repo / "base").mkdir()
    (repo / "base" / "common.yml").write_text(
        "site_name: base\nplugins:\n  search: {}\n  ctohandbook:\n    warn_days: 5\n"
        "    fail_on: never\n")
    (repo / "mkdocs.yml").write_text(
        "INHERIT: base/common.yml\nplugins:\n  ctohandbook:\n    warn_days: 10\n")
    project = load_project()
    assert (project.settings.warn_days, project.settings.fail_on) == (10, "never")
    (repo / "mkdocs.yml").write_text("INHERIT: base/common.yml\nsite_name: mine\n")
    assert load_project().settings.warn_days == 5
    (repo / "mkdocs.yml").write_text("INHERIT: base/common.yml\nplugins:\n  - search\n")
    assert run("lint", *TODAY) == (2, "", (
        f"{USING}Error: mkdocs.yml:2:1: `plugins:` does not list `ctohandbook`, so the site "
        "build would not check the handbook (add `- ctohandbook` to `plugins:`)\n"))
    (repo / "base" / "common.yml").write_text(
        "site_name: base\nplugins:\n  search: {}\n  ctohandbook:\n    warn_days: soon\n")
    (repo / "mkdocs.yml").write_text("INHERIT: base/common.yml\n")
    assert run("lint", *TODAY) == (2, "", (
        f"{USING}Error: base/common.yml:5:16: `warn_days` is text; it must be an integer (write "
        "an integer here)\n"))
    (repo / "base" / "common.yml").write_text("site_name: base\n")
    assert run("lint", *TODAY) == (2, "", (
        f"{USING}Error: mkdocs.yml:1:1: mkdocs.yml has no `plugins:` (nor do the files it "
        "inherits), so the site build would not check the handbook (add `plugins:` with the "
        "items `- search` and `- ctohandbook`)\n"))


@pytest.mark.parametrize(("files", "error"), [
    ({"mkdocs.yml": "INHERIT: base.yml\n"},
     "mkdocs.yml:1:1: `INHERIT: base.yml`: no such file base.yml (write the path, relative to "
     "this file)"),
    ({"mkdocs.yml": "INHERIT: [base.yml]\n"},
     "mkdocs.yml:1:1: `INHERIT` must be the path of a configuration file (write the path, "
     "relative to this file)"),
    ({"mkdocs.yml": "INHERIT: base.yml\n", "base.yml": "INHERIT: mkdocs.yml\n"},
     "base.yml:1:1: `INHERIT: mkdocs.yml` leads back to mkdocs.yml, which this file inherits "
     "from already (end the chain of INHERIT)"),
    ({"mkdocs.yml": "INHERIT: base.yml\n", "base.yml": "site_name: x\nsite_name: y\n"},
     "base.yml:2:1: duplicate key `site_name` (first at line 1) (remove or rename one of the "
     "two keys)"),
], ids=["missing", "not-a-path", "loop", "parent-duplicate-key"])
def test_a_broken_inheritance_is_refused(repo: Path, files: dict[str, str], error: str) -> None:
    for name, text in files.items():
        (repo / name).write_text(text)
    assert run("lint", *TODAY) == (2, "", f"{USING}Error: {error}\n")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c",
                    "commit.gpgSign=false", "-c", "init.defaultBranch=main", *args], cwd=root,
                   check=True, capture_output=True)


@pytest.mark.parametrize("args", [
    ("lint", *TODAY), ("render", "--out", "../out", *TODAY), ("export", *TODAY),
    ("diff", "main"), ("codeowners", "--check"),
    ("new", "adr", "--title", "Use Kafka", *TODAY),
], ids=["lint", "render", "export", "diff", "codeowners", "new"])
def test_every_command_reading_the_configuration_names_it_on_stderr(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(GOOD, root)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "handbook")
    monkeypatch.chdir(root / "policies")
    code, out, err = run(*args)
    assert err.splitlines()[0] == "Using ../mkdocs.yml"
    assert "Using" not in out and out
    assert code in (0, 1)


def test_a_missing_explicit_file_stays_an_error(repo: Path) -> None:
    (repo / "mkdocs.yml").write_text(PLUGIN)
    assert run("lint", "-f", "other.yml") == (2, "", "Error: other.yml: no such configuration "
                                                     "file\n")


def test_the_example_handbook_in_this_repository_is_found_from_its_folders(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The repository's own handbook, linted from a folder below it: its mkdocs.yml is found
    (the pre-commit hooks and the workflow run from the root, where it is found as well)."""
    root = Path(__file__).parent.parent
    monkeypatch.chdir(root / "policies")
    code, out, err = run("lint", "--today", "2026-11-21", SEC2.removeprefix("policies/"))
    assert err == "Using ../mkdocs.yml\n"
    assert code == 0, out
