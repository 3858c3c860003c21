"""The overview's charts and an ADR page's supersession chain as a reader sees them, at 1280 px
and on a phone (390 px), in Material's light and dark schemes: drawn inside the content column,
named for assistive technology by the numbers they show, text in the page's colour and bars
that stand out from the background. Screenshots go to /tmp/shots16."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .test_browser import SHOTS, base_url, browser, page, site  # noqa: F401

WIDTHS = (1280, 390)
SCHEMES = ("default", "slate")

MEASURE = """() => {
  const channels = colour => colour.match(/[\\d.]+/g).map(Number);
  const linear = c => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  const ratio = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const background = channels(getComputedStyle(document.body).backgroundColor);
  const over = colour => {  // a colour with alpha, as it shows over the page's background
    const [r, g, b, a = 1] = channels(colour);
    return [r, g, b].map((c, i) => c * a + background[i] * (1 - a));
  };
  const column = document.querySelector("article").getBoundingClientRect();
  const text = getComputedStyle(document.querySelector("article")).color;
  return [...document.querySelectorAll("article figure.cth-chart")].map(figure => {
    const svg = figure.querySelector("svg");
    const box = svg.getBoundingClientRect();
    return {
      kind: figure.className.replace("cth-chart cth-chart--", ""),
      inside: box.left >= column.left && box.right <= column.right && box.width > 200,
      height: box.height,
      textInPageColour: [...svg.querySelectorAll("text")].every(
        t => getComputedStyle(t).fill === text),
      fontSize: Math.min(...[...svg.querySelectorAll("text")].map(
        t => t.getBoundingClientRect().height)),
      bars: [...svg.querySelectorAll("rect")].map(rect => [
        rect.classList[1].replace("cth-chart__bar--", ""),
        ratio(luminance(over(getComputedStyle(rect).fill)), luminance(background))]),
    };
  });
}"""
"""Per chart: whether it is inside the content column, its text's colour and height, and each
bar's contrast ratio against the page's background (WCAG's formula, alpha composited)."""


def in_scheme(tab: Page, base_url: str, site: Path,  # noqa: F811  (test_browser's fixture)
              scheme: str) -> None:
    """``tab`` in Material's colour ``scheme``, as a site whose ``theme.palette`` sets it shows
    it: Material's palette stylesheet, which the example does not link (it sets no palette),
    defines the schemes' colours."""
    palette = next((site / "assets" / "stylesheets").glob("palette.*.min.css")).name
    tab.add_style_tag(url=f"{base_url}/assets/stylesheets/{palette}")
    tab.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == ("rgb(255, 255, 255)" if scheme == "default" else "rgb(30, 33, 41)")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_overview_charts_are_in_the_column_readable_and_named_by_their_numbers(
        page: Page, base_url: str, site: Path,  # noqa: F811  (test_browser's fixtures)
        width: int, scheme: str) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}/governance/")
    in_scheme(page, base_url, site, scheme)
    figures = page.locator("article figure.cth-chart")
    expect(figures).to_have_count(4)
    for index, start in enumerate(("Reviews due: ", "Exception expiries: ",
                                   "Control coverage: ", "Decisions by status: ")):
        figure = figures.nth(index)
        caption = figure.locator("figcaption").inner_text()
        assert caption.startswith(start)
        expect(figure.locator("svg")).to_be_visible()
        # The drawing's accessible name is its caption: the numbers, in words.
        expect(page.get_by_role("img", name=caption, exact=True)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile(
        r"^Control coverage: SOC2 \d+ of 38 controls covered\.$"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    charts = page.evaluate(MEASURE)
    assert [chart["kind"] for chart in charts] == ["reviews", "exceptions", "controls",
                                                   "decisions"]
    for chart in charts:
        assert chart["inside"], chart
        assert chart["textInPageColour"], chart
        assert chart["fontSize"] >= 11, chart  # 12-unit text, never shrunk below ~12 px
        for kind, ratio in chart["bars"]:
            # A bar stands out from the page (WCAG 1.4.11: 3:1); a coverage gap is the track
            # behind the covered part, fainter but still seen.
            assert ratio >= (1.5 if kind == "gap" else 3), (chart["kind"], kind, ratio)
    if width == 1280:  # two charts side by side
        tops = page.evaluate("[...document.querySelectorAll('article figure.cth-chart')]"
                             ".map(f => Math.round(f.getBoundingClientRect().top))")
        assert tops[0] == tops[1] and tops[2] == tops[3] and tops[2] > tops[0]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("article").screenshot(path=str(SHOTS / f"charts-{width}-{scheme}.png"))


@pytest.mark.parametrize("width", WIDTHS)
def test_an_adr_page_shows_its_supersession_chain_as_links(
        page: Page, base_url: str,  # noqa: F811  (test_browser's fixtures)
        width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}/governance/adrs/adr-0006/")
    chain = page.locator("article p", has=page.locator(".cth-chain"))
    expect(chain).to_have_text(
        "Supersession: ADR-0002 Run services on virtual machines managed with Ansible → "
        "ADR-0006 Standardise on Amazon ECS for container workloads → "
        "ADR-0009 Kubernetes (Amazon EKS) as the standard runtime")
    expect(chain.locator("strong")).to_have_text(
        "ADR-0006 Standardise on Amazon ECS for container workloads")
    box = chain.bounding_box()
    column = page.locator("article").bounding_box()
    assert box is not None and column is not None
    assert column["x"] <= box["x"] and box["x"] + box["width"] <= column["x"] + column["width"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"supersession-adr-0006-{width}.png"))
    chain.get_by_role("link", name="ADR-0009 Kubernetes (Amazon EKS) as the standard runtime"
                      ).click()
    expect(page).to_have_url(f"{base_url}/governance/adrs/adr-0009/")
    expect(page.locator("article p", has=page.locator(".cth-chain"))).to_have_text(
        "Supersession: ADR-0006 Standardise on Amazon ECS for container workloads → "
        "ADR-0009 Kubernetes (Amazon EKS) as the standard runtime")


def test_an_adr_without_supersession_has_no_chain(
        page: Page, base_url: str) -> None:  # noqa: F811  (test_browser's fixtures)
    page.goto(f"{base_url}/governance/adrs/adr-0001/")
    expect(page.locator("h1")).to_contain_text("ADR-0001 Record architecture decisions")
    expect(page.locator(".cth-chain")).to_have_count(0)
