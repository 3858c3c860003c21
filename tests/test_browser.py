"""What a reader sees: the built example handbook in headless Chromium (Debian's ``chromium``,
driven through Playwright), served on 127.0.0.1.

Fixtures (``tests/fixtures/site/``, laid out like the handbook) are added to a copy of the
example: a policy overdue for review, and documents of every kind whose every shown field tries to
inject a script (see the fixtures' README).
"""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Response, Route, expect, sync_playwright

from .conftest import mkdocs_build

ROOT = Path(__file__).parent.parent
SITE_FIXTURES = Path(__file__).parent / "fixtures" / "site"
CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(tempfile.gettempdir()) / "ctohandbook-screenshots"
"""Where the browser tests leave screenshots of what they check, for a person to look at
after a run (at both widths); nothing asserts on them."""
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example handbook plus the fixture documents, built into a site folder."""
    root = tmp_path_factory.mktemp("example")
    for name in ("adrs", "docs", "policies"):
        shutil.copytree(ROOT / name, root / name)
        shutil.copytree(SITE_FIXTURES / name, root / name, dirs_exist_ok=True)
    shutil.copytree(ROOT / "overrides", root / "overrides")  # the example's theme.custom_dir
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


OUTSIDE = re.compile(r"^(?!http://127\.0\.0\.1[:/])")
"""Every URL not on the test server: the site is always served on 127.0.0.1."""


PAYLOAD_IMAGE = re.compile(r"^http://127\.0\.0\.1:\d+/.*/x$")
"""What the hostile fixtures' ``<img src=x>`` ask for, once the sanitizer has kept them as
images without their handlers: a file ``x`` next to the page, which the site does not have."""


@contextmanager
def guarded(page: Page) -> Iterator[Page]:
    """``page``, failing when a dialog opens (a script ran), when it asks for anything from
    outside 127.0.0.1, or when a request to the site fails (status 400 or more).

    Every outside request is refused and reported, whatever asked for it: a stylesheet, script,
    font or image in the page, and a script's fetch or XHR too. The handbook must render on a
    closed network and tell no third party who reads which page (a Google Fonts stylesheet once
    stalled page loads here; Material's repository facts are a fetch from GitHub's API). A
    failing request to the site itself is how a feature asking for what the site does not have
    shows: the version selector's ``versions.json`` without mike is a 404 on every page."""
    outside: list[str] = []
    failed: list[str] = []

    def refuse(route: Route) -> None:
        outside.append(f"{route.request.resource_type} {route.request.url}")
        route.abort()

    def check(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.context.route(OUTSIDE, refuse)
    page.route(PAYLOAD_IMAGE, lambda route: route.fulfill(status=204))  # not the site's own
    page.on("response", check)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    # What a page asks for in the background (a fetch once its scripts ran) may come after the
    # test's last look: wait until the network is quiet before judging.
    page.wait_for_load_state("networkidle")
    assert not dialogs, f"a script opened a dialog: {dialogs}"
    assert not outside, f"asked for outside the site: {outside}"
    assert not failed, f"requests to the site failed: {failed}"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in a fresh context, `guarded`: it fails its test on a dialog, on any request
    outside the site and on any failing request to it."""
    context = browser.new_context()
    try:
        with guarded(context.new_page()) as opened:
            yield opened
    finally:
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


def _search(page: Page, base_url: str, word: str) -> None:
    """Type ``word`` into the search box of the home page, once search is ready."""
    page.goto(f"{base_url}/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # The search worker loads the index in the background; a query typed before it is ready
    # finds nothing, so wait until the search box says it is ready.
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching",
                                                                  timeout=15_000)
    page.locator("input.md-search__input").press_sequentially(word, delay=20)


def test_search_finds_a_policy_by_a_word_of_one_requirement(page: Page, base_url: str) -> None:
    _search(page, base_url, "quokkabyte")
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


TITLE = 'ZZZ-002 <script>window.__xss = 1</script>Hostile <img src=x onerror="window.__xss = 2">'
OWNER = '<img src=x onerror="window.__xss = 80"> Hostile owner'
CONTACT = f"{OWNER} (team) · x`y``@zzz.example · Slack #<svg/onload=window.__xss=81>"
ADR = "ADR-0099 <script>window.__xss = 20</script> Hostile fixture ADR"
MATRIX = "ZZZ-003 <script>window.__xss = 50</script> Hostile decision rights"
AREA = '<img src=x onerror="window.__xss = 54"> Hostile area'
DECISION = "<script>window.__xss = 55</script> Hostile decision"
STANDARD = "ZZZ-004 <script>window.__xss = 60</script> Hostile runbook standard"
RUNBOOK = 'Hostile runbook <img src=x onerror="window.__xss = 73">'
SERVICE = '<img src=x onerror="window.__xss = 70">'
RUNBOOK_OWNER = "<script>window.__xss = 71</script>"
TITLED_RUNBOOK = '<img src=x onerror="window.__xss = 74"> Titled & <runbook>'

HOSTILE_PAGES: dict[str, list[str]] = {
    "governance/policies/zzz-002/": [
        TITLE, f"Owner: {CONTACT}", f"Approvers: {OWNER}",
        # Blocks are Markdown and HTML as written, sanitized: what runs is removed, the rest
        # shows (the attribute list is read and its handler dropped).
        "A policy whose fields try to inject scripts.",
        'MUST <img src=x onerror="window.__xss = 8"> Nothing <script>window.__xss = 9</script>'
        " runs.",
        "Rationale:",
        "Controls: SOC2:`<svg/onload=window.__xss=13>`",
        'SHOULD ` <img src=x onerror="window.__xss = 15"> `',
        'Rationale: `starts a code span',
        "that a blank line ends`", "MAY Entity link is not followed.",
        '<div><img src=x onerror="window.__xss = 17"></div>',
        "Ask and click.",
        f"Exceptions are granted by {OWNER} for at most 30 days.", ADR,
        '<img src=x onerror="window.__xss = 14"> (not in this handbook)',
        '<img src=x onerror="window.__xss = 6">'],
    "governance/policies/": [TITLE, OWNER],
    "governance/exceptions/": [
        "Waives ZZZ-002 (R1) for <script>window.__xss = 40</script> the hostile service."
        f" Requested by {OWNER}, approved by {OWNER} on 2026-11-01",
        "Reason. A reason with a link.", "Compensating controls.",
        'a | <img src=x onerror="window.__xss = 45"> | b', "\\x y"],
    "governance/owners/": [OWNER, CONTACT, TITLE, MATRIX, STANDARD],
    "governance/reviews/": [TITLE, MATRIX.removeprefix("ZZZ-003 "),
                            STANDARD.removeprefix("ZZZ-004 "), OWNER],
    "governance/": [f"{TITLE}: review due on 2026-12-10", f"{MATRIX}: review due on 2026-12-20"],
    "governance/changes/": [
        TITLE, '<img src=x onerror="window.__xss = 6">', MATRIX,
        '<svg onload="window.__xss = 52"></svg> First version.', STANDARD,
        "<script>window.__xss = 67</script> First version."],
    "governance/controls/": ["<svg/onload=window.__xss=13>"],
    "governance/adrs/": [
        ADR.removeprefix("ADR-0099 "),
        "<script>window.__xss = 37</script> Hostile title from the front matter",
        '<script>window.__xss = 23</script>, " onmouseover="window.__xss = 30'],
    "governance/adrs/adr-0099/": [
        ADR, "<script>window.__xss = 23</script>", '" onmouseover="window.__xss = 30',
        f'Decision makers: <img src=x onerror="window.__xss = 22">, {OWNER}',
        'Consulted: <svg onload="window.__xss = 28"></svg>',
        'Informed: ` <img src=x onerror="window.__xss = 29"> `', f"Cited by: {TITLE}",
        # The body renders as MkDocs renders the file as a page, then is sanitized.
        "is shown, not run.", "A link and another.", "`starts a code span",
        "that a blank line ends`", '<div><img src=x onerror="window.__xss = 34"></div>'],
    "governance/adrs/adr-0097/": [
        "ADR-0097 Hostile HTML <i>& friends</i>", "Sign in", "opened", "a data link",
        "an encoded link", "styled", "A reference link and an autolink "
        "<javascript:window.__xss = 104>.", "End of the payloads."],
    "governance/adrs/adr-0098/": [
        "ADR-0098 <script>window.__xss = 37</script> Hostile title from the front matter"],
    "governance/decision-rights/": [MATRIX.removeprefix("ZZZ-003 "), OWNER],
    "governance/decision-rights/zzz-003/": [
        MATRIX, f"Owner: {CONTACT}",
        "Who decides hostile things.",
        f"every decision it takes part in: {OWNER}, Platform Engineering.", AREA, DECISION,
        '<img src=x onerror="window.__xss = 56">', '<svg onload="window.__xss = 57"></svg>',
        "Ask the hostile owner.",
        '<svg onload="window.__xss = 52"></svg> First version.'],
    "governance/decision-rights/roles/zzz-hostile/": [OWNER, CONTACT, AREA, DECISION],
    "governance/runbooks/": [
        RUNBOOK, SERVICE, RUNBOOK_OWNER, 'x <img src=x onerror="window.__xss = 72"> `y',
        "missing metadata <svg/onload=window.__xss=63> required by ZZZ-004",
        f"owner {RUNBOOK_OWNER} is not in the owners registry",
        'missing section <img src=x onerror="window.__xss = 64"> required by ZZZ-004',
        STANDARD.removeprefix("ZZZ-004 "), TITLED_RUNBOOK],
    "governance/runbook-standards/zzz-004/": [
        STANDARD, f"Owner: {CONTACT}",
        "Every hostile runbook is checked.",
        "Applies to: runbooks/zzz-*.md, zzz/`<svg/onload=window.__xss=62>`/*.md",
        "Front matter: service, owner, last_tested, `<svg/onload=window.__xss=63>`",
        'Sections: Summary, <img src=x onerror="window.__xss = 64">',
        'MUST <svg onload="window.__xss = 65"></svg> A runbook is tested.',
        RUNBOOK, SERVICE, RUNBOOK_OWNER, 'x <img src=x onerror="window.__xss = 72"> `y',
        '{: autofocus onfocus="window.__xss = 66" tabindex="0" }',
        "<script>window.__xss = 67</script> First version."],
    "runbooks/zzz-hostile-runbook/": [RUNBOOK],
    "runbooks/zzz-titled-runbook/": [TITLED_RUNBOOK],
    "tags/": ["<script>window.__xss = 23</script>", '" onmouseover="window.__xss = 30'],
}
"""Each page that shows hostile fixture data, with the hostile texts it must show as text (every
field on the document's own page). Each field sets ``window.__xss`` to its own number, so a
failure names the field that ran; the README of the fixtures lists them."""

INJECTED = """() => new Promise(done => requestAnimationFrame(() => setTimeout(() => done({
    xss: window.__xss ?? null,
    scripts: [...document.scripts].filter(script => script.text.includes("__xss")).length,
    handlers: [...document.querySelectorAll("*")].flatMap(element => element.getAttributeNames())
        .filter(name => name.startsWith("on")),
    autofocus: document.querySelectorAll("[autofocus]").length,
    embedded: document.querySelectorAll("article :is(iframe, object, embed, form, "
        + "button:not(.cth-sort), meta, base, style, [style]:not(td, th), "
        + "input:not([type=checkbox]))").length,
    configs: document.querySelectorAll("#__config").length,
    javascript: [...document.links].filter(link => link.protocol === "javascript:")
        .map(link => link.href),
}))))"""
"""What a hostile field would have left on the page, evaluated once the page has rendered a
frame (autofocus runs then): ``window.__xss`` set, a script, an event handler, an autofocus
attribute, an embedded frame, object, form, button (but the sort buttons ``ctohandbook.js``
makes), style or field in the content, a second
``#__config`` (Material reads its configuration from the first) or a ``javascript:`` link (as
the browser reads it, entities and case decoded). A payload image without its handler is an
image: the sanitizer keeps images."""

NOTHING_INJECTED: dict[str, object] = {"xss": None, "scripts": 0, "handlers": [], "autofocus": 0,
                                       "embedded": 0, "configs": 1, "javascript": []}


@pytest.mark.parametrize(("path", "shown"), HOSTILE_PAGES.items(), ids=list(HOSTILE_PAGES))
def test_no_field_can_inject_a_script(page: Page, base_url: str, path: str,
                                      shown: list[str]) -> None:
    page.goto(f"{base_url}/{path}")
    page.wait_for_load_state("load")
    assert page.evaluate(INJECTED) == NOTHING_INJECTED
    article = page.locator("article")
    for text in shown:
        expect(article).to_contain_text(text)


def test_search_results_show_hostile_fields_as_text(page: Page, base_url: str) -> None:
    _search(page, base_url, "hostile")
    results = page.locator(".md-search-result__list")
    expect(results).to_contain_text(ADR)
    expect(results).to_contain_text(CONTACT)
    expect(results).to_contain_text(RUNBOOK)
    assert page.evaluate(INJECTED) == NOTHING_INJECTED


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
