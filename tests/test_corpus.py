"""The hostile corpus: every broken or hostile input under ``tests/corpus`` ends in exactly the
findings ``tests/corpus/expected.yml`` lists for it (code, file, line, column), never in an
exception, and a build of the whole corpus writes nothing outside its site folder.

Inputs that git cannot hold or that would bloat the repository (links leading out of the
repository, a file over the size limit, thousands of requirements) are made by `GENERATED` in
a copy of the corpus; they are listed in the same manifest. The corpus is also the seed set of
the fuzzing run (``./scripts/fuzz``).
"""

from __future__ import annotations

import shutil
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from ctohandbook.diagnostic import MAX_MESSAGE, START, Diagnostic
from ctohandbook.rules.reading import NOTHING_GOVERNED
from ctohandbook.sources import yamlfile
from ctohandbook.sources.files import SourceFile
from ctohandbook.sources.yamlfile import MAX_NODES, parse_yaml

from .conftest import mkdocs_build, run_lint, snapshot
from .test_cli import invoke

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = CORPUS / "expected.yml"
LIMIT = 262_144
"""The corpus handbook's `max_file_size`."""

REQUIREMENTS = 3_000


def _over_the_limit(root: Path) -> None:
    (root / "policies/generated/over-the-limit.yml").write_text("#" * LIMIT + "\n")


def _thousands_of_requirements(root: Path) -> None:
    """A valid policy of `REQUIREMENTS` requirements, the last one repeating R1: the finding
    must still point at the right line, 3 lines per requirement further down."""
    base = (CORPUS / "policies/valid/base.yml").read_text()
    head = base[: base.index("requirements:")].replace("COR-001", "COR-900")
    items = "".join(f"  - id: R{index % 9999 + 1}\n    level: must\n    text: Rule {index}.\n"
                    for index in range(REQUIREMENTS))
    (root / "policies/generated/thousands-of-requirements.yml").write_text(
        f"{head}requirements:\n{items}  - id: R1\n    level: must\n    text: Again.\n")


def _links(root: Path) -> None:
    """Links out of the repository (to a file, to a folder, from the ADR folder), a link
    inside it, a link loop and a dangling link."""
    outside = root.parent / "outside"
    outside.mkdir()
    (outside / "secret.yml").write_text("kind: owners\nowners:\n  leaked: {name: SECRET}\n")
    (outside / "0050-outside.md").write_text("# SECRET decision\n")
    (root / "shared").mkdir()
    (root / "shared/inside.yml").write_text(
        (CORPUS / "policies/valid/base.yml").read_text().replace("COR-001", "COR-901"))
    links = root / "policies/links"
    links.mkdir()
    (links / "file-outside.yml").symlink_to(outside / "secret.yml")
    (links / "folder-outside").symlink_to(outside)
    (links / "inside.yml").symlink_to("../../shared/inside.yml")
    (links / "loop").symlink_to("..")
    (links / "dangling.yml").symlink_to("nowhere.yml")
    (root / "adrs/0050-outside.md").symlink_to(outside / "0050-outside.md")


GENERATED: dict[str, Callable[[Path], None]] = {
    "policies/generated/over-the-limit.yml": _over_the_limit,
    "policies/generated/thousands-of-requirements.yml": _thousands_of_requirements,
    "policies/links/file-outside.yml": _links,
    "policies/links/folder-outside": _links,
    "policies/links/inside.yml": _links,
    "policies/links/dangling.yml": _links,
    "policies/links/loop": _links,
    "adrs/0050-outside.md": _links,
}
"""Inputs made in the copy, by the function that makes them (one may make several)."""


def _manifest() -> dict[str, dict[str, object]]:
    entries: dict[str, dict[str, object]] = yaml.safe_load(MANIFEST.read_text("utf-8"))
    return entries


def _static_inputs() -> set[str]:
    return {path.relative_to(CORPUS).as_posix() for path in CORPUS.rglob("*")
            if path.is_file() and path != MANIFEST}


def _expected(entry: dict[str, object]) -> list[str]:
    findings = entry["findings"]
    assert isinstance(findings, list)
    return [str(finding) for finding in findings]


COVERED = {finding.split()[0] for entry in _manifest().values()
           for finding in _expected(entry)} | {NOTHING_GOVERNED.code}
"""The codes the corpus (and the handbook-wide cases below) show, for the test that every rule
has a failing case."""


def _shown(finding: Diagnostic) -> str:
    return f"{finding.code} {finding.line}:{finding.column}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the corpus with the generated inputs added."""
    root = tmp_path_factory.mktemp("corpus") / "handbook"
    shutil.copytree(CORPUS, root)
    (root / "policies/generated").mkdir()
    for make in dict.fromkeys(GENERATED.values()):
        make(root)
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Corpus\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Corpus\ntheme: {name: material, font: false}\nplugins:\n  - search\n"
        f"  - ctohandbook:\n      fail_on: never\n      max_file_size: {LIMIT}\n")
    return root


@pytest.fixture(scope="module", params=["libyaml", "pure-python"])
def findings(corpus: Path, request: pytest.FixtureRequest) -> dict[str, list[Diagnostic]]:
    """The corpus linted once with each of PyYAML's parsers (libyaml counts bytes where
    editors count characters), findings by file."""
    found: dict[str, list[Diagnostic]] = {}
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "pure-python":
            patch.setattr(yamlfile, "Loader", yamlfile.PythonLoader)
        for finding in run_lint(corpus, max_file_size=LIMIT):
            found.setdefault(finding.path, []).append(finding)
    return found


def test_the_corpus_is_large_and_every_input_is_listed() -> None:
    listed = set(_manifest())
    assert listed == _static_inputs() | set(GENERATED)
    assert len(listed) >= 50
    assert all(str(entry.get("why", "")).strip() for entry in _manifest().values())


@pytest.mark.parametrize("name", sorted(_manifest()))
def test_each_input_gives_exactly_its_findings(findings: dict[str, list[Diagnostic]],
                                               name: str) -> None:
    entry = _manifest()[name]
    got = findings.get(name, [])
    assert [_shown(finding) for finding in got] == _expected(entry)
    if "messages" in entry:
        assert [finding.message for finding in got] == entry["messages"]


def test_no_finding_falls_outside_the_listed_inputs(findings: dict[str, list[Diagnostic]]
                                                    ) -> None:
    assert set(findings) <= set(_manifest())


def test_every_finding_is_one_bounded_line(findings: dict[str, list[Diagnostic]]) -> None:
    for finding in (finding for found in findings.values() for finding in found):
        for text in (finding.path, finding.message, finding.hint):
            assert len(text) <= MAX_MESSAGE
            assert text.isprintable(), text


@pytest.mark.slow
def test_aliases_cannot_grow_a_document_past_a_fixed_memory_bound() -> None:
    """The worst the bound allows: a document that expands to just over `MAX_NODES` values is
    refused after building at most that many, in a few megabytes."""
    text = (CORPUS / "policies/aliases/billion-laughs.yml").read_text()
    tracemalloc.start()
    try:
        document, found = parse_yaml(SourceFile(Path("laughs.yml"), "laughs.yml", text))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert document is None
    assert [f.message for f in found] == [
        f"the document expands to more than {MAX_NODES:,} values"]
    assert peak < 64 * 2**20


@pytest.mark.parametrize(("files", "message"), [
    ({}, "no policy, runbook standard, decision-rights matrix or ADR in 0 files"),
    ({"owners.yml": "kind: owners\nowners:\n  platform: {name: Platform, type: team}\n"},
     "no policy, runbook standard, decision-rights matrix or ADR in 1 file"),
], ids=["empty folder", "no governed document"])
def test_a_handbook_with_nothing_to_govern_is_a_finding(tmp_path: Path, files: dict[str, str],
                                                        message: str) -> None:
    (tmp_path / "policies").mkdir()
    for name, text in files.items():
        (tmp_path / "policies" / name).write_text(text)
    assert run_lint(tmp_path) == [NOTHING_GOVERNED.at("policies", START, message)]


@pytest.mark.slow
def test_a_build_of_the_corpus_writes_only_its_site_and_publishes_nothing_outside(
        corpus: Path, tmp_path: Path) -> None:
    before = snapshot(corpus)
    outside = snapshot(corpus.parent / "outside")
    site = tmp_path / "site"
    done = mkdocs_build(corpus, site)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(corpus) == before
    assert snapshot(corpus.parent / "outside") == outside
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
    published = "".join(path.read_text("utf-8", "replace") for path in site.rglob("*")
                        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".ics"))
    assert "SECRET" not in published
    assert "policies/links/file-outside.yml:1:1: CTH114 links to" in done.stderr


def test_the_repository_is_the_folder_of_mkdocs_yml_wherever_lint_runs(
        handbook_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a subfolder, lint still reads the policies beside it: the boundary for links is
    the project, not the working directory."""
    (handbook_dir / "docs").mkdir(exist_ok=True)
    monkeypatch.chdir(handbook_dir / "docs")
    result = invoke("lint", "-f", "../mkdocs.yml", "--today", "2026-11-21")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "No problems in 6 files (today: 2026-11-21).\n", "Using ../mkdocs.yml\n")


def test_a_policies_folder_that_is_a_link_out_of_the_repository_is_not_read(
        tmp_path: Path) -> None:
    """Configured as `policies` (inside) but really elsewhere: refused as a whole, unlike a
    folder the configuration itself places outside (``policies_dir: ../governance``)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(CORPUS / "policies/valid/base.yml", outside / "base.yml")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "policies").symlink_to(outside)
    [finding] = run_lint(root)
    assert (_shown(finding), finding.path) == ("CTH114 1:1", "policies")
    assert finding.message == f"links to {outside}, outside the repository; it is not read"
