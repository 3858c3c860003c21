"""What a reader sees of text that went through the site's Markdown and the sanitizer: an ADR
with code, autolinks and comments reads as MkDocs shows the file, and titles (a runbook's
front-matter title, an ADR's title with HTML and ``&``) show as written in the navigation and
the browser tab without running, at a laptop's width and a phone's."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .test_browser import (  # noqa: F401
    INJECTED,
    NOTHING_INJECTED,
    SHOTS,
    TITLED_RUNBOOK,
    base_url,
    browser,
    page,
    site,
)

WIDTHS = [pytest.param(1280, id="laptop"), pytest.param(390, id="phone")]
SITE_NAME = "Acme Engineering Handbook"


def _shot(tab: Page, name: str, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_an_adr_with_code_autolinks_and_comments_reads_as_written(
        page: Page, base_url: str,  # noqa: F811  (test_browser's fixtures)
        width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}/governance/adrs/adr-0096/")
    page.wait_for_load_state("load")
    article = page.locator("article")
    expect(article.locator("h1")).to_have_text(
        "ADR-0096 Show code, autolinks and comments as the site does 🚀¶")
    expect(page).to_have_title(
        f"ADR-0096 Show code, autolinks and comments as the site does 🚀 - {SITE_NAME}")
    expect(article.locator(".md-tag")).to_have_text(["fixture", "🚀 launch"])
    expect(article.get_by_role("link", name="https://example.com/guide?a=1&b=2")).to_have_attribute(
        "href", "https://example.com/guide?a=1&b=2")
    expect(article.get_by_role("link", name="team@example.com")).to_have_attribute(
        "href", "mailto:team@example.com")
    highlighted = article.locator(".highlight").first
    expect(highlighted.locator(".k").first).to_have_text("def")
    expect(highlighted.locator(".c1")).to_have_text("# a comment")
    colours = highlighted.evaluate("""box => [".k", ".c1", "code"].map(
        selector => getComputedStyle(box.querySelector(selector)).color)""")
    assert len(set(colours)) == 3, colours  # keywords and comments coloured, unlike the text
    expect(article.locator(".highlight").nth(1)).to_have_text("if a < b && b > c:\n    pass\n")
    expect(article.locator("h2").first).to_have_text("Context and Problem Statement ¶")
    assert "optional" not in page.locator("body").inner_text()
    expect(article.locator("td").nth(1)).to_have_css("text-align", "right")
    assert page.evaluate(INJECTED) == NOTHING_INJECTED
    _shot(page, "adr-0096", width)


@pytest.mark.parametrize("width", WIDTHS)
def test_titles_show_as_written_in_the_navigation_and_the_tab(
        page: Page, base_url: str,  # noqa: F811  (test_browser's fixtures)
        width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}/governance/")
    page.wait_for_load_state("load")
    link = page.locator(".md-nav__link", has_text="Titled & <runbook>").first
    expect(link).to_have_text(TITLED_RUNBOOK)
    assert page.evaluate(INJECTED) == NOTHING_INJECTED
    with page.expect_navigation(wait_until="load"):
        page.goto(f"{base_url}/runbooks/zzz-titled-runbook/")
    expect(page).to_have_title(f"{TITLED_RUNBOOK} - {SITE_NAME}")
    assert page.evaluate(INJECTED) == NOTHING_INJECTED
    page.goto(f"{base_url}/governance/adrs/adr-0097/")
    page.wait_for_load_state("load")
    expect(page).to_have_title(f"ADR-0097 Hostile HTML <i>& friends</i> - {SITE_NAME}")
    expect(page.locator(".md-header__topic").last).to_contain_text(
        "ADR-0097 Hostile HTML <i>& friends</i>")
    expect(page.locator("article h1")).to_have_text("ADR-0097 Hostile HTML <i>& friends</i>¶")
    expect(page.locator("article")).to_contain_text("End of the payloads.")
    assert page.evaluate(INJECTED) == NOTHING_INJECTED
    _shot(page, "adr-0097", width)
