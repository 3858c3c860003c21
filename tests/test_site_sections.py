"""The site shows only the sections that have content, and its overview reflects every finding."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ctohandbook.lint import lint_project
from ctohandbook.outputs.site import Publication, Site, publish
from ctohandbook.project.settings import load_project

from .conftest import FIXTURES, GOOD, TODAY, mkdocs_build, working_copy
from .test_plugin import _sidebar

ADR_ONLY = FIXTURES / "site" / "adr-only"


@pytest.fixture
def adr_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the handbook of ADRs alone, made the working directory."""
    return working_copy(ADR_ONLY, tmp_path, monkeypatch)


def _published(root: Path) -> Publication:
    project = load_project(root / "mkdocs.yml")
    return publish(project, lint_project(project, TODAY), Site())


def _paths(published: Publication) -> list[str]:
    return sorted([*(page.path for page in published.pages), *published.files])


def _overview(published: Publication) -> str:
    return next(page.markdown for page in published.pages if page.path == "governance/index.md")


HEAD = """---
title: Governance
---

# Governance

The decisions this organisation has recorded, and which of them are in force. Status as of
2026-11-21.

"""
"""The overview's head in a handbook of ADRs alone: it speaks of decisions, not of rules."""


def test_an_adr_only_handbook_publishes_the_overview_and_the_decision_log(adr_only: Path) -> None:
    published = _published(adr_only)
    assert _paths(published) == [
        "governance.json", "governance/adrs/adr-0001.md", "governance/adrs/adr-0002.md",
        "governance/adrs/index.md", "governance/index.md"]
    assert _overview(published) == HEAD + (
        "- [Decision log](adrs/index.md): 2 decisions, 1 proposed, 1 accepted\n\n"
        "## At a glance\n\n"
        '<div class="cth-charts"><figure class="cth-chart cth-chart--decisions">'
        '<svg class="cth-chart__svg" viewBox="0 0 320 40" role="img">'
        "<title>Decisions by status: 1 proposed, 1 accepted.</title>"
        '<text class="cth-chart__label" x="0" y="14">Proposed</text>'
        '<rect class="cth-chart__bar cth-chart__bar--proposed" x="104" y="4" width="160" '
        'height="12"></rect><text class="cth-chart__value" x="268" y="14">1</text>'
        '<text class="cth-chart__label" x="0" y="34">Accepted</text>'
        '<rect class="cth-chart__bar cth-chart__bar--accepted" x="104" y="24" width="160" '
        'height="12"></rect><text class="cth-chart__value" x="268" y="34">1</text></svg>'
        "<figcaption>Decisions by status: 1 proposed, 1 accepted.</figcaption></figure></div>"
        "\n\n"
        "## Needs attention\n\n"
        "Nothing: the checks found nothing.\n")


def test_an_owners_registry_gives_an_adr_only_handbook_its_owners_page(adr_only: Path) -> None:
    (adr_only / "policies").mkdir()
    (adr_only / "policies" / "owners.yml").write_text(
        "kind: owners\nowners:\n  architecture:\n    name: Architecture council\n"
        "    type: team\n")
    published = _published(adr_only)
    assert "governance/owners.md" in _paths(published)
    assert "governance/policies/index.md" not in _paths(published)
    assert "- [Owners](owners.md): 1 owners\n" in _overview(published)


def test_the_overview_lists_every_finding_bounded(adr_only: Path) -> None:
    for number in range(3, 25):
        (adr_only / "adrs" / f"{number:04d}-decide-thing-{number}.md").write_text(
            f"# {number}. Decide thing {number}\n\nDate: 2026-03-01\n\n## Status\n\nMaybe\n")
    overview = _overview(_published(adr_only))
    rows = [f"| CTH401 | adrs/{n:04d}-decide-thing-{n}.md:7 | ADR-{n:04d} has status `Maybe`, "
            "which is not one of draft, proposed, accepted, rejected, deprecated, superseded |\n"
            for n in range(3, 23)]
    glance = overview[overview.index("## At a glance"):overview.index("## Needs attention")]
    assert "<title>Decisions by status: 1 proposed, 1 accepted, 22 maybe.</title>" in glance
    assert overview.replace(glance, "") == HEAD + (
        "- [Decision log](adrs/index.md): 24 decisions, 1 proposed, 1 accepted, 22 maybe\n\n"
        "## Needs attention\n\n"
        "The checks found 22 warnings; the first 20 are listed, `ctohandbook lint` reports all "
        "22:\n\n"
        "| Code | Where | Finding |\n|---|---|---|\n" + "".join(rows))


def test_a_finding_about_a_policy_is_listed_beside_its_review(handbook_dir: Path) -> None:
    path = handbook_dir / "policies/security/sec-002-vulnerability-management.yml"
    path.write_text(path.read_text().replace("next_review: 2027-03-01",
                                             "next_review: 2026-12-01"))
    overview = _overview(_published(handbook_dir))
    assert overview.endswith(
        "## Needs attention\n\n"
        "- [SEC-002 Vulnerability management](policies/sec-002.md): review due on 2026-12-01 "
        '<span class="cth-badge cth-badge--due-soon">Due soon</span>\n\n'
        "The checks found 1 warning:\n\n"
        "| Code | Where | Finding |\n|---|---|---|\n"
        "| CTH206 | policies/security/sec-002-vulnerability-management.yml:9 | SEC-002 review is "
        "due on 2026-12-01, in 10 days (owner: security) |\n")


def test_a_policy_only_handbook_has_no_decision_log(handbook_dir: Path) -> None:
    shutil.rmtree(handbook_dir / "adrs")
    paths = _paths(_published(handbook_dir))
    assert [path for path in paths if "adr" in path] == []
    assert {"governance/policies/index.md", "governance/reviews.md", "governance/reviews.ics",
            "governance/changes.md", "governance/changes.xml", "governance/exceptions.md",
            "governance/owners.md"} <= set(paths)


@pytest.mark.slow
def test_an_adr_only_site_builds_strict_with_only_its_sections(adr_only: Path) -> None:
    site = adr_only.parent / "site"
    done = mkdocs_build(adr_only, site, "--strict")
    assert done.returncode == 0, done.stderr
    html = (site / "governance/adrs/adr-0001/index.html").read_text(encoding="utf-8")
    assert _sidebar(html) == ["../../..", "../../", "../"]
    assert not (site / "governance/owners").exists()
    assert not (site / "governance/reviews.ics").exists()


@pytest.mark.slow
def test_a_policy_only_site_builds_strict(handbook_dir: Path) -> None:
    shutil.rmtree(handbook_dir / "adrs")
    site = handbook_dir.parent / "site"
    done = mkdocs_build(handbook_dir, site, "--strict")
    assert done.returncode == 0, done.stderr
    assert _sidebar((site / "governance/policies/sec-001/index.html").read_text()) == [
        "../../..", "../../../tags/", "../../", "../", "../../exceptions/", "../../reviews/",
        "../../controls/", "../../changes/", "../../owners/"]


def test_good_handbook_keeps_every_section() -> None:
    assert [page.path for page in _published(GOOD).pages if page.in_nav] == [
        "governance/index.md", "governance/policies/index.md", "governance/adrs/index.md",
        "governance/exceptions.md", "governance/reviews.md", "governance/controls.md",
        "governance/changes.md", "governance/owners.md"]
