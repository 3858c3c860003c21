"""Honest pages in the browser, at 1280 and 390 px: SEC-002's exception process shows its four
steps with the points of step 2 nested under it (they were ten steps), the retired ENG-003 says
it is retired with no next review and no exception button, and the review calendar lists every
review the feed lists, by month."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .test_browser import SHOTS, base_url, browser, page, site  # noqa: F401

WIDTHS = [1280, 390]


def shoot(shown: Page, name: str, width: int) -> None:
    """A screenshot of the whole page, to look at."""
    SHOTS.mkdir(exist_ok=True)
    shown.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_sec_002_shows_four_steps_with_the_points_of_step_2_nested(
        page: Page, base_url: str, width: int) -> None:  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}/governance/policies/sec-002/")
    heading = page.locator("h2#exceptions")
    steps = page.locator("article h2#exceptions ~ ol").first.locator(":scope > li")
    expect(heading).to_be_visible()
    expect(steps).to_have_count(4)
    expect(steps.nth(1).locator(":scope > ul > li")).to_have_count(6)
    expect(steps.nth(1).locator(":scope > ul > li").first).to_contain_text(
        "scope: service, repository, asset and environment")
    expect(steps.nth(2)).to_contain_text("The security on-call engineer validates")
    shoot(page, "sec-002", width)
    page.locator("article h2#exceptions ~ ol").first.screenshot(
        path=str(SHOTS / f"sec-002-process-{width}.png"))


@pytest.mark.parametrize("width", WIDTHS)
def test_a_retired_policy_says_so_without_next_review_or_exception_button(
        page: Page, base_url: str, width: int) -> None:  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}/governance/policies/eng-003/")
    article = page.locator("article")
    expect(article.locator(".cth-banner--retired")).to_have_text("Retired")
    expect(article.locator("p", has=page.locator(".cth-banner--retired"))).to_have_text(
        "Retired No longer in force: kept for the record, it is not reviewed and grants no "
        "exceptions.")
    expect(article.locator("li", has_text="Next review:")).to_have_text(
        "Next review: none, it is retired")
    expect(article.get_by_text("This policy is retired: no exception is granted under it.")
           ).to_be_visible()
    expect(article.get_by_role("link", name="Request an exception")).to_have_count(0)
    shoot(page, "eng-003-retired", width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_review_calendar_lists_every_review_of_the_feed_by_month(
        page: Page, base_url: str, width: int) -> None:  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    feed = page.request.get(f"{base_url}/governance/reviews.ics").text()
    due = sorted(re.findall(r"^UID:review-([a-z0-9-]+?)-\d{4}-\d\d-\d\d@", feed, re.M))
    page.goto(f"{base_url}/governance/reviews/")
    article = page.locator("article")
    rows = article.locator("tbody tr")
    listed = sorted(text.lower() for text in rows.locator("td:nth-child(2)").all_inner_texts())
    assert len(due) > 10 and listed == due
    headings = [text.rstrip("¶") for text in article.locator("h2").all_inner_texts()]
    assert headings[:2] == ["Overdue", "Due within 30 days"]
    months = headings[2:]
    assert months and all(re.fullmatch(r"[A-Z][a-z]+ 20\d\d", month) for month in months)
    expect(article).not_to_contain_text("more reviews are due later")
    shoot(page, "reviews", width)
