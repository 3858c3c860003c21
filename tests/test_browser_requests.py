"""What the served example handbook asks for: nothing outside its own origin, at 1280 and 390 px
wide, unless the site is built with the switch that turns on the repository facts (mkdocs.yml);
and the `page` fixture's guard that holds every browser test to that."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from .conftest import mkdocs_build
from .test_browser import (  # noqa: F401  (base_url, browser, page and site are fixtures)
    OUTSIDE,
    ROOT,
    SHOTS,
    base_url,
    browser,
    guarded,
    page,
    served,
    site,
)

WIDTHS = {"desktop": 1280, "phone": 390}
PAGES = ["", "governance/", "governance/policies/sec-002/", "governance/adrs/adr-0009/"]
"""The home page, the overview, a policy and an ADR: each loads the theme's scripts, which ask
for the version list and the repository facts when those are on."""


SETTLED = "() => Promise.all(document.getAnimations().map(animation => animation.finished))"
"""Waits until the drawer has slid open, so that a screenshot shows it whole."""


@pytest.mark.parametrize("width", WIDTHS.values(), ids=list(WIDTHS))
@pytest.mark.parametrize("path", PAGES, ids=[path or "home" for path in PAGES])
def test_a_page_asks_for_nothing_outside_the_site(page: Page, base_url: str,  # noqa: F811
                                                  path: str, width: int) -> None:
    """The repository stays a plain link (header on a laptop, navigation drawer on a phone),
    without facts; there is no version selector; the `page` fixture fails the test on any
    outside request and on the 404 that ``versions.json`` would be."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}/{path}")
    page.wait_for_load_state("networkidle")
    if width < 960:  # below 60em, Material shows the repository link in the drawer
        page.locator("label.md-header__button[for='__drawer']").click()
        link = page.locator(".md-nav__source a.md-source")
    else:
        link = page.locator(".md-header__source a.md-source")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", "https://github.com/acme/handbook")
    expect(link).to_have_text("acme/handbook")
    expect(page.locator(".md-source__facts")).to_have_count(0)
    expect(page.locator(".md-version")).to_have_count(0)
    if path == "governance/policies/sec-002/":
        SHOTS.mkdir(exist_ok=True)
        page.evaluate(SETTLED)
        page.screenshot(path=str(SHOTS / f"requests-sec-002-{width}.png"))


CASES = {
    "fetch": ('fetch("https://example.com/facts.json").catch(() => null)',
              "asked for outside the site: ['fetch https://example.com/facts.json']"),
    "xhr": ("new Promise(done => { const request = new XMLHttpRequest();"
            ' request.onloadend = done; request.open("GET", "https://example.com/facts.json");'
            " request.send() })",
            "asked for outside the site: ['xhr https://example.com/facts.json']"),
    "image": ('new Promise(done => { const image = new Image(); image.onerror = done;'
              ' image.src = "https://example.com/pixel.png" })',
              "asked for outside the site: ['image https://example.com/pixel.png']"),
    "404": ('fetch("/versions.json")', "requests to the site failed: ['404 {base}/versions.json']"),
}


@pytest.mark.browser
@pytest.mark.parametrize(("script", "reported"), CASES.values(), ids=list(CASES))
def test_the_guard_fails_a_test_on_any_outside_request_and_on_a_404(
        browser: Browser, base_url: str, script: str, reported: str) -> None:  # noqa: F811
    """What a script fetches in the background counts as much as what the page links: a fetch
    or an XHR to another origin fails the test like an image does, and so does a request to the
    site that comes back 404."""
    context = browser.new_context()
    try:
        with pytest.raises(AssertionError) as failure, guarded(context.new_page()) as opened:
            opened.goto(f"{base_url}/tags/")
            opened.evaluate(f"() => {script}")
    finally:
        context.close()
    assert str(failure.value).splitlines()[0] == reported.format(base=base_url)


@pytest.fixture(scope="module")
def facts_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example handbook built as a deployment that shows the repository facts would build
    it (``HANDBOOK_REPOSITORY_FACTS=true``), served."""
    root = tmp_path_factory.mktemp("facts")
    for name in ("adrs", "docs", "overrides", "policies"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root)
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("HANDBOOK_REPOSITORY_FACTS", "true")
        done = mkdocs_build(root, root / "site", "--strict")
    assert done.returncode == 0, done.stderr
    with served(root / "site") as url:
        yield url


GITHUB = {"https://api.github.com/repos/acme/handbook/releases/latest": {"tag_name": "v2026.11"},
          "https://api.github.com/repos/acme/handbook": {"stargazers_count": 12,
                                                         "forks_count": 3}}
"""What GitHub's API would answer for the example's repository."""


@pytest.mark.browser
def test_the_switch_turns_on_the_repository_facts_from_githubs_api(
        browser: Browser, facts_url: str) -> None:  # noqa: F811
    """Built with the switch, a page asks GitHub's API for the repository's latest release and
    its stars and forks, and shows them in the header; nothing else leaves the site."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    asked: list[str] = []

    def answer(route: Route) -> None:
        asked.append(route.request.url)
        if route.request.url in GITHUB:
            route.fulfill(json=GITHUB[route.request.url],
                          headers={"Access-Control-Allow-Origin": "*"})
        else:
            route.abort()

    context.route(OUTSIDE, answer)
    try:
        opened = context.new_page()
        opened.goto(f"{facts_url}/governance/policies/sec-002/")
        facts = opened.locator(".md-header__source .md-source__fact")
        expect(facts).to_have_text(["v2026.11", "12", "3"])
        opened.wait_for_load_state("networkidle")
        assert sorted(asked) == sorted(GITHUB)
        opened.screenshot(path=str(SHOTS / "requests-facts-on-1280.png"))
    finally:
        context.close()
