"""What a reader sees: the built example handbook in headless Chromium (Debian's ``chromium``,
driven through Playwright), served on 127.0.0.1.

Fixtures are added to a copy of the example: a policy overdue for review, a policy whose fields
try to inject scripts, and an ADR whose title and body try the same.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from .conftest import mkdocs_build

ROOT = Path(__file__).parent.parent
SITE_FIXTURES = Path(__file__).parent / "fixtures" / "site"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example handbook plus the fixture policies, built into a site folder."""
    root = tmp_path_factory.mktemp("example")
    for name in ("adrs", "docs", "policies"):
        shutil.copytree(ROOT / name, root / name)
    for fixture in SITE_FIXTURES.glob("*.yml"):
        shutil.copy(fixture, root / "policies" / fixture.name)
    for fixture in SITE_FIXTURES.glob("*.md"):
        shutil.copy(fixture, root / "adrs" / fixture.name)
    config = (ROOT / "mkdocs.yml").read_text().replace("fail_on: error", "fail_on: never")
    (root / "mkdocs.yml").write_text(config)
    done = mkdocs_build(root, root / "site")
    assert done.returncode == 0, done.stderr
    return root / "site"


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on 127.0.0.1 (a free port), as its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).is_file(), "install Debian's chromium: ./scripts/test does"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page that fails its test when a dialog opens (a script ran) or when a page
    loads a stylesheet, script, font or image from outside 127.0.0.1: the handbook must render
    on a closed network (a Google Fonts stylesheet once stalled page loads here). Every outside
    request is refused; the theme's own background fetch of repository facts may still try."""
    context = browser.new_context()
    outside: list[str] = []

    def refuse(route: Route) -> None:
        if route.request.resource_type not in ("fetch", "xhr"):
            outside.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), refuse)
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    assert dialogs == []
    assert outside == []
    context.close()


def test_catalogue_leads_to_a_policy_with_owner_and_next_review(page: Page,
                                                                base_url: str) -> None:
    page.goto(f"{base_url}/governance/policies/")
    expect(page.locator("h1")).to_contain_text("Policies")
    page.get_by_role("link", name="SEC-002", exact=True).first.click()
    expect(page).to_have_url(f"{base_url}/governance/policies/sec-002/")
    expect(page.locator("h1")).to_contain_text("SEC-002 Vulnerability management")
    content = page.locator("article")
    expect(content).to_contain_text("Owner: Security Engineering (team)")
    expect(content).to_contain_text("Next review: 2027-06-01 (in 192 days)")


def test_stale_policy_shows_the_overdue_badge(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/governance/policies/")
    row = page.locator("tr", has=page.get_by_role("link", name="ZZZ-001", exact=True)).first
    expect(row.locator(".cth-badge--overdue")).to_have_text("Overdue")
    expect(row.locator(".cth-badge--overdue")).to_be_visible()
    page.get_by_role("link", name="ZZZ-001", exact=True).first.click()
    expect(page.locator("article .cth-badge--overdue").first).to_have_text("Review overdue")


def test_search_finds_a_policy_by_a_word_of_one_requirement(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # The search worker loads the index in the background; a query typed before it is ready
    # finds nothing, so wait until the search box says it is ready.
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching",
                                                                  timeout=15_000)
    page.locator("input.md-search__input").press_sequentially("quokkabyte", delay=20)
    result = page.locator(".md-search-result__item a").first
    expect(result).to_have_attribute(
        "href", re.compile(re.escape(f"{base_url}/governance/policies/zzz-001/")))
    expect(page.locator(".md-search-result__item")).to_have_count(
        1 + page.locator(".md-search-result__item--nested").count())
    result.click()
    expect(page.locator("h1")).to_contain_text("ZZZ-001 Stale fixture policy")


def test_edit_link_points_at_the_yaml_source(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/governance/policies/sec-002/")
    edit = page.locator('a.md-content__button[title="Edit this page"]')
    expect(edit).to_have_attribute(
        "href", "https://github.com/acme/handbook/edit/main/policies/security/"
                "sec-002-vulnerability-management.yml")


@pytest.mark.parametrize("path", ["governance/policies/zzz-002/", "governance/policies/",
                                  "governance/owners/", "governance/", "governance/adrs/",
                                  "governance/adrs/adr-0099/"])
def test_no_field_can_inject_a_script(page: Page, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/{path}")
    page.wait_for_load_state("load")
    assert page.evaluate("() => window.__xss") is None
    if path.endswith("zzz-002/"):
        expect(page.locator("h1")).to_contain_text("ZZZ-002 <script>window.__xss = 1</script>")
        expect(page.locator("article")).to_contain_text(
            '<img src=x onerror="window.__xss = 8"> Nothing <script>window.__xss = 9</script>'
            " runs.")
        assert page.locator("article script, article [onerror], article [onload], "
                            "article [onfocus]").count() == 0
        assert page.locator('article a[href^="javascript"]').count() == 0
    if path.endswith("adr-0099/"):
        expect(page.locator("h1")).to_contain_text("ADR-0099 <script>window.__xss = 20</script>")
        expect(page.locator("article")).to_contain_text(
            '<img src=x onerror="window.__xss = 21"> is shown, not run.')
        assert page.locator("article script, article [onerror]").count() == 0
        assert page.locator('article a[href^="javascript"]').count() == 0


def test_superseded_adr_banner_links_to_its_successor(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/governance/adrs/")
    # Wait for the new document to load, not only for its URL: otherwise the locators below
    # were at times evaluated against the page being replaced and never matched.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="ADR-0006", exact=True).click()
    expect(page).to_have_url(f"{base_url}/governance/adrs/adr-0006/")
    banner = page.locator("article p", has=page.locator(".cth-banner"))
    expect(banner).to_contain_text("Superseded This decision was replaced by ADR-0009")
    expect(banner).to_have_css("border-left-style", "solid")
    with page.expect_navigation(wait_until="load"):
        banner.get_by_role("link").click()
    expect(page).to_have_url(f"{base_url}/governance/adrs/adr-0009/")
    expect(page.locator("h1")).to_contain_text("ADR-0009 Kubernetes")
    supersedes = page.locator("article li", has_text="Supersedes:")
    expect(supersedes.get_by_role("link")).to_have_text(
        "ADR-0006 Standardise on Amazon ECS for container workloads")


def test_decision_log_filters_by_status_and_tag(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/governance/adrs/")
    rows = page.locator("article table tbody tr")
    visible = page.locator("article table tbody tr:visible")
    total = rows.count()
    expect(page.locator(".cth-filter__count")).to_have_text(f"{total} of {total} shown")
    page.get_by_label("Status").select_option("superseded")
    expect(visible).to_have_count(4)
    for row in visible.all():
        expect(row.locator(".cth-badge")).to_have_text("Superseded")
    page.get_by_label("Tag").select_option("runtime")
    expect(visible).to_have_count(2)
    expect(visible.locator("td:nth-child(2)")).to_have_text(["ADR-0006", "ADR-0002"])
    page.get_by_label("Status").select_option("")
    expect(visible).to_have_count(3)
    expect(page.locator(".cth-filter__count")).to_have_text(f"3 of {total} shown")
