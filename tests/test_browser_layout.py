"""Readable at 1280 px and on a phone (390 px): decision-rights matrices inside the content
column with their decision column held when they scroll, role names as headings, badges of
WCAG AA contrast and at least 12 px in both colour schemes, the catalogue as one sortable and
filterable table, ids that never wrap, and the exception register's lists, tables and scope.
Measured in the example handbook built by `test_browser.site`; screenshots go to
/tmp/shots16."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .test_browser import SHOTS, base_url, browser, page, site  # noqa: F401
from .test_browser_charts import in_scheme

WIDTHS = (1280, 390)
MATRIX = "/governance/decision-rights/dr-001/"


def _open(tab: Page, url: str, width: int, shot: str) -> None:
    """``url`` at ``width`` px, photographed whole into /tmp/shots16."""
    tab.set_viewport_size({"width": width, "height": 900})
    tab.goto(url)
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{shot}-{width}.png"), full_page=True)


def _ids_on_one_line(tab: Page) -> None:
    """Every id on the page is one line box, however narrow its column."""
    lines = tab.evaluate("[...document.querySelectorAll('article .cth-id')]"
                         ".map(id => [id.innerText, id.getClientRects().length])")
    assert lines
    assert [name for name, count in lines if count != 1] == []


SCROLLED = """selector => {
  const column = document.querySelector("article").getBoundingClientRect();
  return [...document.querySelectorAll(selector)].map(table => {
    const wrap = table.closest(".md-typeset__scrollwrap");
    wrap.scrollLeft = wrap.scrollWidth;
    const box = wrap.getBoundingClientRect();
    const first = table.tBodies[0].rows[0].cells[0].getBoundingClientRect();
    return {inside: box.left >= column.left - 20 && box.right <= column.right + 20,
            fits: wrap.scrollWidth <= wrap.clientWidth, scrolled: wrap.scrollLeft,
            held: Math.abs(first.left - box.left) < 20, name: table.rows[1].cells[0].innerText};
  });
}"""


def _scrolled_to_the_end(tab: Page, selector: str) -> list[dict[str, object]]:
    """Each table matching ``selector``, its wrapper scrolled as far right as it goes: whether
    the wrapper is inside the content column (Material lets it overhang by its padding),
    whether the table fits, how far it scrolled, and whether its first body cell is still at
    the wrapper's left edge (held there by `position: sticky`)."""
    tables: list[dict[str, object]] = tab.evaluate(SCROLLED, selector)
    return tables


@pytest.mark.parametrize("width", WIDTHS)
def test_matrices_stay_in_the_column_and_hold_the_decision_column(
        page: Page, base_url: str,  # noqa: F811  (test_browser's fixtures)
        width: int) -> None:
    _open(page, base_url + MATRIX, width, "dr-001")
    tables = _scrolled_to_the_end(page, "article table:has(.cth-matrix)")
    assert len(tables) == 9
    for table in tables:
        assert table["inside"], table
        assert table["held"], table  # the decision column is at the left edge, scrolled or not
    if width == 1280:  # seven roles fit beside the decision; the two areas of nine scroll
        assert [table["fits"] for table in tables].count(True) == 7
    else:
        assert all(table["scrolled"] > 0 for table in tables)
    _ids_on_one_line(page)


def test_matrix_headings_name_the_roles_and_lead_to_their_pages(
        page: Page, base_url: str) -> None:  # noqa: F811  (test_browser's fixtures)
    page.goto(base_url + MATRIX)
    heading = page.locator("article table").first.locator("th a").first
    expect(heading).to_have_text("Chief Technology Officer")
    expect(heading).to_have_attribute("title", "cto")
    row = page.locator("article table").first.locator("tbody tr").first
    expect(row.locator("td").first).to_have_text(
        "D1 Technology standards and reference architectures")
    expect(row.locator("td").last).to_have_text("Chief Executive Officer")
    heading.click()
    expect(page.locator("h1")).to_have_text("Chief Technology Officer¶")
    assert page.url == base_url + "/governance/decision-rights/roles/cto/"


CONTRAST = """() => {
  const channel = c => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = rgb => {
    const [r, g, b] = rgb.match(/\\d+(\\.\\d+)?/g).map(Number);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  return [...document.querySelectorAll(".cth-badge")].map(badge => {
    const style = getComputedStyle(badge);
    const [a, b] = [luminance(style.color), luminance(style.backgroundColor)];
    return {kind: badge.className, size: parseFloat(style.fontSize),
            ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
  });
}"""

BADGE_PAGES = ("/governance/policies/", "/governance/exceptions/", "/governance/adrs/",
               "/governance/policies/sec-002/", "/governance/controls/",
               "/governance/runbook-standards/rbs-001/")
"""Between them, every badge kind the example shows: statuses, review and expiry states,
requirement levels, ADR statuses, control gaps and runbook conformance."""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_every_badge_meets_wcag_aa_at_12_px_or_more(
        page: Page, base_url: str, site: Path,  # noqa: F811  (test_browser's fixtures)
        scheme: str) -> None:
    seen: dict[str, tuple[float, float]] = {}
    for path in BADGE_PAGES:
        page.goto(base_url + path)
        in_scheme(page, base_url, site, scheme)
        for badge in page.evaluate(CONTRAST):
            seen[badge["kind"]] = min(seen.get(badge["kind"], (99, 99)),
                                      (badge["ratio"], badge["size"]))
    kinds = {kind.split("--")[1] for kind in seen}
    assert {"active", "draft", "retired", "overdue", "due-soon", "must", "should",
            "accepted", "superseded", "gap"} <= kinds
    for kind, (ratio, size) in seen.items():
        assert ratio >= 4.5 and size >= 12, (kind, ratio, size)


@pytest.mark.parametrize("width", WIDTHS)
def test_catalogue_is_one_table_filtered_and_sorted(
        page: Page, base_url: str,  # noqa: F811  (test_browser's fixtures)
        width: int) -> None:
    _open(page, base_url + "/governance/policies/", width, "catalogue")
    expect(page.locator("article table")).to_have_count(1)
    rows = page.locator("article table tbody tr:visible")
    total = rows.count()
    expect(page.locator(".cth-filter__count")).to_have_text(f"{total} of {total} shown")
    page.get_by_label("Status").select_option("retired")
    expect(rows.locator("td:first-child")).to_have_text(["ENG-003"])
    page.get_by_label("Status").select_option("")
    page.get_by_label("Tag").select_option("supply-chain")
    expect(rows.locator("td:first-child")).to_have_text(
        ["ENG-002", "SEC-001", "VEN-001"])
    page.get_by_label("Tag").select_option("")
    version = page.locator("article th", has_text="Version")
    version.locator("button").click()
    expect(version).to_have_attribute("aria-sort", "ascending")
    assert rows.first.locator("td").nth(4).inner_text() == "0.3.0"
    version.locator("button").click()
    expect(version).to_have_attribute("aria-sort", "descending")
    assert rows.first.locator("td").nth(4).inner_text() == "4.1.0"
    for direction in ("ascending", "descending"):  # no review date ("—") is last either way
        page.locator("article th", has_text="Next review").locator("button").click()
        expect(page.locator("article th", has_text="Next review")).to_have_attribute(
            "aria-sort", direction)
        dates = [text.split()[0] for text in rows.locator("td:nth-child(6)").all_inner_texts()]
        known = [day for day in dates if day != "—"]
        assert dates == known + ["—"] * (len(dates) - len(known)), dates
        assert known == sorted(known, reverse=direction == "descending")
        undated = rows.locator("td:first-child").all_inner_texts()[len(known):]
        assert "ENG-003" in undated  # retired: no next review
    _ids_on_one_line(page)
    [table] = _scrolled_to_the_end(page, "article table")
    assert table["inside"] and table["held"], table
    if width == 390:
        assert table["scrolled"], table
    page.locator("article td a", has_text="supply-chain").first.click()
    assert page.url == base_url + "/tags/#tag:supply-chain"
    expect(page.locator("[id='tag:supply-chain']")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_register_shows_scope_and_the_lists_and_tables_under_labels(
        page: Page, base_url: str,  # noqa: F811  (test_browser's fixtures)
        width: int) -> None:
    _open(page, base_url + "/governance/exceptions/", width, "exceptions")
    heads = page.locator("article table").first.locator("th")
    expect(heads.nth(2)).to_have_text("Scope")
    detail = page.locator("article h3#exc-2026-004 ~ ul").first
    expect(detail.locator("> li").first).to_contain_text("The service has no internet ingress")
    plan = page.locator("article h3#exc-2026-004 ~ .md-typeset__scrollwrap table").first
    expect(plan.locator("th")).to_have_text(["Milestone", "Date", "Owner"])
    assert "| Milestone |" not in page.locator("article").inner_text()
    _ids_on_one_line(page)
