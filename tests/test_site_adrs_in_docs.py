"""An ADR folder inside ``docs/`` is published once, as the decision log's pages; the files'
old addresses redirect there, and links and ``nav`` entries naming the files lead there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ctohandbook.mkdocs_plugin.redirects import redirect_page

from .conftest import FIXTURES, mkdocs_build, working_copy
from .test_plugin import _sidebar

pytestmark = pytest.mark.slow

IN_DOCS = FIXTURES / "site" / "adrs-in-docs"
FIRST = "decisions/0001-record-architecture-decisions"


@pytest.fixture
def in_docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return working_copy(IN_DOCS, tmp_path, monkeypatch)


def _build(root: Path, *args: str) -> Path:
    site = root.parent / "site"
    done = mkdocs_build(root, site, "--strict", *args)
    assert done.returncode == 0, done.stderr
    return site


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_adrs_in_docs_are_published_once_and_their_addresses_redirect(in_docs: Path) -> None:
    site = _build(in_docs)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")) == [
        "404.html", f"{FIRST}/index.html", "decisions/0002-use-postgresql/index.html",
        "decisions/index.html", "governance/adrs/adr-0001/index.html",
        "governance/adrs/adr-0002/index.html", "governance/adrs/index.html",
        "governance/index.html", "index.html"]
    assert _text(site / FIRST / "index.html") == redirect_page("../../governance/adrs/adr-0001/")
    index = json.loads(_text(site / "search/search_index.json"))
    assert sorted({doc["location"].split("#")[0] for doc in index["docs"]}) == [
        "", "decisions/", "governance/", "governance/adrs/", "governance/adrs/adr-0001/",
        "governance/adrs/adr-0002/"]
    assert "0001-record" not in _text(site / "sitemap.xml")
    # The folder's README stays a docs page; its links and the home page's lead to the log.
    readme = _text(site / "decisions/index.html")
    assert 'href="../governance/adrs/adr-0001/">Record architecture decisions</a>' in readme
    assert 'href="governance/adrs/adr-0002/">ADR 2</a>' in _text(site / "index.html")
    assert _sidebar(_text(site / "index.html")) == [".", "decisions/", "governance/",
                                                    "governance/adrs/"]


def test_the_redirect_page_holds_a_refresh_a_canonical_link_and_a_plain_link() -> None:
    assert redirect_page("../a&b/") == (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Moved to the decision log</title>\n"
        '<meta http-equiv="refresh" content="0; url=../a&amp;b/">\n'
        '<link rel="canonical" href="../a&amp;b/">\n'
        '<meta name="robots" content="noindex">\n</head>\n<body>\n'
        '<p>This decision record is now in the decision log: <a href="../a&amp;b/">../a&amp;b/'
        "</a>.</p>\n</body>\n</html>\n")


def test_without_directory_urls_the_redirect_is_at_the_html_file(in_docs: Path) -> None:
    config = in_docs / "mkdocs.yml"
    config.write_text(_text(config) + "use_directory_urls: false\n")
    site = _build(in_docs)
    assert _text(site / f"{FIRST}.html") == redirect_page(
        "../governance/adrs/adr-0001.html")
    assert not (site / FIRST).exists()


def test_a_nav_naming_an_adr_file_shows_its_decision_log_page(in_docs: Path) -> None:
    config = in_docs / "mkdocs.yml"
    config.write_text(_text(config) + "validation:\n  omitted_files: warn\nnav:\n"
                      "  - Home: index.md\n  - Decisions:\n    - decisions/README.md\n"
                      f"    - Our first decision: {FIRST}.md\n")
    site = _build(in_docs)
    home = _text(site / "index.html")
    assert _sidebar(home) == [".", "decisions/", "governance/adrs/adr-0001/", "governance/",
                              "governance/adrs/"]
    assert "Our first decision" in home
    page = _text(site / "governance/adrs/adr-0001/index.html")
    assert 'class="md-nav__link md-nav__link--active"' in page  # it is where the nav says


def test_an_adr_tools_template_in_the_docs_is_not_published(in_docs: Path) -> None:
    """log4brains keeps `template.md` in its ADR folder; it is no decision, and its placeholder
    link (`yyyymmdd-xxx.md`) would fail a strict build as a page of its own."""
    (in_docs / "docs/decisions/template.md").write_text(
        "# [short title of solved problem and solution]\n\n- Status: [draft | proposed]\n\n"
        "## Links\n\n- [Link type] [Link to ADR](yyyymmdd-xxx.md)\n")
    site = _build(in_docs)
    assert not (site / "decisions/template").exists()
    assert "template" not in _text(site / "search/search_index.json")
    assert [adr["id"] for adr in json.loads(_text(site / "governance.json"))["adrs"]] == [
        "ADR-0001", "ADR-0002"]


def test_a_site_without_a_home_page_opens_on_the_governance_overview(in_docs: Path) -> None:
    """An ADR-only repository's docs often have no `index.md`: the site's root, which the
    header links to, then sends readers to the overview instead of a 404."""
    (in_docs / "docs/index.md").unlink()
    site = _build(in_docs)
    assert _text(site / "index.html") == redirect_page(
        "governance/", "Governance", "This handbook starts at its governance overview")
    site = _build(in_docs, "--no-directory-urls")
    assert _text(site / "index.html") == redirect_page(
        "governance/index.html", "Governance", "This handbook starts at its governance overview")
