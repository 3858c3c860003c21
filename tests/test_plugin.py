"""``mkdocs build`` with the plugin reports the same findings as ``ctohandbook lint``."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.config.defaults import MkDocsConfig

from ctohandbook.cli import main
from ctohandbook.mkdocs_plugin.plugin import HandbookPlugin

from .conftest import EPOCH_2026_11_21, SEC2, mkdocs_build


def build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return mkdocs_build(root, root.parent / "site", *args)


@pytest.mark.slow
def test_clean_handbook_builds(handbook_dir: Path) -> None:
    done = build(handbook_dir, "--strict")
    assert done.returncode == 0, done.stderr
    assert "ctohandbook" not in done.stderr
    assert (handbook_dir.parent / "site" / "index.html").is_file()


@pytest.mark.slow
def test_build_and_lint_report_the_same_findings(handbook_dir: Path) -> None:
    path = handbook_dir / SEC2
    text = path.read_text().replace("owner: security", "owner: securty")
    path.write_text(text.replace("next_review: 2027-03-01", "next_review: 2026-12-01"))
    done = build(handbook_dir)
    assert done.returncode == 1
    logged = [line.split("ctohandbook: ", 1)[1]
              for line in done.stderr.splitlines() if "CTH" in line]
    report = json.loads(CliRunner().invoke(
        main, ["lint", "--today", "2026-11-21", "--format", "json"]).stdout)
    assert logged == [f"{d['path']}:{d['line']}:{d['column']}: {d['code']} {d['message']} "
                      f"({d['hint']})" for d in report["diagnostics"]]
    assert [line.split(" ", 2)[:2] for line in logged] == [
        [f"{SEC2}:6:8:", "CTH304"], [f"{SEC2}:9:16:", "CTH206"]]
    assert "ERROR   -  ctohandbook: the handbook has findings that fail `fail_on: error`" in (
        done.stderr)


@pytest.mark.slow
def test_warnings_fail_a_strict_build(handbook_dir: Path) -> None:
    path = handbook_dir / SEC2
    path.write_text(path.read_text().replace("next_review: 2027-03-01",
                                             "next_review: 2026-12-01"))
    assert build(handbook_dir).returncode == 0
    strict = build(handbook_dir, "--strict")
    assert strict.returncode == 1
    assert (f"WARNING -  ctohandbook: {SEC2}:9:16: CTH206 SEC-002 review is due on 2026-12-01, "
            "in 10 days (owner: security) (schedule the review with the owner)") in strict.stderr


@pytest.mark.slow
def test_wrong_plugin_option_is_a_configuration_error(handbook_dir: Path) -> None:
    (handbook_dir / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - ctohandbook:\n      warn_days: soon\n")
    done = build(handbook_dir)
    assert done.returncode == 1
    assert ("ctohandbook: mkdocs.yml:4:18: `warn_days` is text; it must be an integer (write an "
            "integer here)") in done.stderr
    assert "Traceback" not in done.stderr


def _html(root: Path, page: str) -> str:
    return (root.parent / "site" / page / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_generated_pages_are_published_without_touching_docs(handbook_dir: Path) -> None:
    before = sorted(p.name for p in (handbook_dir / "docs").iterdir())
    assert build(handbook_dir, "--strict").returncode == 0
    assert sorted(p.name for p in (handbook_dir / "docs").iterdir()) == before
    for page in ("governance", "governance/policies", "governance/policies/sec-001",
                 "governance/policies/sec-002", "governance/policies/sec-003",
                 "governance/reviews", "governance/exceptions", "governance/owners"):
        assert (handbook_dir.parent / "site" / page / "index.html").is_file(), page
    css = (handbook_dir.parent / "site/assets/ctohandbook.css").read_text()
    assert ".cth-badge--overdue" in css


@pytest.mark.slow
def test_edit_link_opens_the_yaml_source(handbook_dir: Path) -> None:
    assert build(handbook_dir, "--strict").returncode == 0
    assert ('href="https://github.com/acme/handbook/edit/main/policies/security/'
            'sec-001-secure-sdlc.yml"') in _html(handbook_dir, "governance/policies/sec-001")
    assert "/edit/main/" not in _html(handbook_dir, "governance/policies")  # many sources


def _sidebar(html: str) -> list[str]:
    """The link targets of the primary navigation, without the page's own table of contents."""
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index('<div class="md-sidebar md-sidebar--secondary"')]
    return list(dict.fromkeys(re.findall(r'href="([^"#]*)" class="md-nav__link', nav)))


@pytest.mark.slow
def test_section_pages_are_in_the_navigation_and_documents_are_not(handbook_dir: Path) -> None:
    assert build(handbook_dir, "--strict").returncode == 0
    # Seen from a policy page, which is itself not in the navigation:
    assert _sidebar(_html(handbook_dir, "governance/policies/sec-001")) == [
        "../../..", "../../../tags/", "../../", "../", "../../adrs/", "../../exceptions/",
        "../../reviews/", "../../controls/", "../../changes/", "../../owners/"]


@pytest.mark.slow
def test_an_explicit_nav_gets_the_section_unless_it_places_the_pages(handbook_dir: Path) -> None:
    config = handbook_dir / "mkdocs.yml"
    config.write_text(config.read_text() + "nav:\n  - Home: index.md\n")
    assert build(handbook_dir, "--strict").returncode == 0
    assert _sidebar(_html(handbook_dir, "governance/policies/sec-001")) == [
        "../../..", "../../", "../", "../../adrs/", "../../exceptions/", "../../reviews/",
        "../../controls/", "../../changes/", "../../owners/"]
    config.write_text(config.read_text() + "  - Rules: governance/policies/index.md\n")
    assert build(handbook_dir).returncode == 0
    assert _sidebar(_html(handbook_dir, "governance/policies/sec-001")) == ["../../..", "../"]


@pytest.mark.slow
def test_an_existing_strict_site_with_nav_validation_builds_with_the_plugin(
        handbook_dir: Path) -> None:
    """A site that warns on pages left out of its `nav` (and fails on warnings) keeps building
    once the plugin is added: the generated pages are placed by the plugin, not left out."""
    config = handbook_dir / "mkdocs.yml"
    config.write_text(config.read_text() + "strict: true\nvalidation:\n  omitted_files: warn\n"
                      "nav:\n  - Home: index.md\n  - Tags: tags.md\n")
    done = build(handbook_dir)
    assert (done.returncode, "not included" in done.stderr) == (0, False), done.stderr
    assert _sidebar(_html(handbook_dir, "governance/policies/sec-001")) == [
        "../../..", "../../../tags/", "../../", "../", "../../adrs/", "../../exceptions/",
        "../../reviews/", "../../controls/", "../../changes/", "../../owners/"]


@pytest.mark.slow
def test_search_index_holds_requirement_text(handbook_dir: Path) -> None:
    assert build(handbook_dir, "--strict").returncode == 0
    index = json.loads((handbook_dir.parent / "site/search/search_index.json").read_text())
    hits = {doc["location"].split("#")[0] for doc in index["docs"]
            if "secret scanning on every push" in doc["text"].lower()}
    assert hits == {"governance/policies/sec-001/"}


@pytest.mark.slow
def test_policy_tags_reach_the_tags_plugin(handbook_dir: Path) -> None:
    assert build(handbook_dir, "--strict").returncode == 0
    tags = _html(handbook_dir, "tags")
    assert 'href="../governance/policies/sec-001/"' in tags


@pytest.mark.slow
def test_a_stale_policy_fails_the_strict_build_at_its_line(handbook_dir: Path) -> None:
    path = handbook_dir / SEC2
    path.write_text(path.read_text().replace("next_review: 2027-03-01", "next_review: 2026-10-01"))
    done = build(handbook_dir, "--strict")
    assert done.returncode == 1
    assert (f"ERROR   -  ctohandbook: {SEC2}:9:16: CTH205 SEC-002 review is overdue: it was due "
            "on 2026-10-01, 51 days ago (owner: security)") in done.stderr


@pytest.mark.slow
def test_pages_dir_must_not_collide_with_docs(handbook_dir: Path) -> None:
    (handbook_dir / "docs" / "governance").mkdir()
    (handbook_dir / "docs" / "governance" / "index.md").write_text("# Mine\n")
    done = build(handbook_dir)
    assert done.returncode == 1
    assert ("ctohandbook: governance/index.md exists in") in done.stderr
    assert (handbook_dir / "docs" / "governance" / "index.md").read_text() == "# Mine\n"


def test_serve_rebuilds_read_only_changed_files(handbook_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from ctohandbook.model import handbook as handbook_module
    from ctohandbook.sources.files import Boundary

    read: list[str] = []
    original = handbook_module.read_source

    def counting(path: Path, display: str, max_size: int, within: Boundary) -> object:
        read.append(display)
        return original(path, display, max_size, within)

    monkeypatch.setattr(handbook_module, "read_source", counting)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_11_21)
    plugin = HandbookPlugin()
    plugin.on_startup(command="serve", dirty=False)
    config = _config(handbook_dir)
    plugin.on_config(config)
    assert len(read) == 6  # five YAML files and one ADR
    read.clear()
    plugin.on_config(config)
    assert read == []
    path = handbook_dir / SEC2
    path.write_text(path.read_text().replace("title: Vulnerability management",
                                             "title: Vulnerability handling"))
    plugin.on_config(config)
    assert read == [SEC2]
    assert "# SEC-002 Vulnerability handling" in next(
        page.markdown for page in plugin.published.pages if page.path.endswith("sec-002.md"))
    read.clear()
    adr = handbook_dir / "adrs" / "0001-use-postgresql.md"
    adr.write_text(adr.read_text().replace("# 1. Use PostgreSQL", "# 1. Use PostgreSQL 17"))
    plugin.on_config(config)
    assert read == ["adrs/0001-use-postgresql.md"]
    assert "# ADR-0001 Use PostgreSQL 17" in next(
        page.markdown for page in plugin.published.pages if page.path.endswith("adr-0001.md"))


def test_serve_watches_the_governance_folders(handbook_dir: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_11_21)
    plugin = HandbookPlugin()
    plugin.on_config(_config(handbook_dir))
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    plugin.on_serve(Server(), config=_config(handbook_dir), builder=None)  # type: ignore[arg-type]
    assert watched == [str(handbook_dir / "policies"), str(handbook_dir / "adrs")]


def _config(root: Path) -> MkDocsConfig:
    config = MkDocsConfig(config_file_path=str(root / "mkdocs.yml"))
    config.load_dict({"site_name": "x", "docs_dir": str(root / "docs")})
    assert config.validate() == ([], [])
    return config
