"""The overview's charts (`render.charts`) and an ADR page's supersession chain: exact markup,
counts and text alternatives, and only markup a sanitizer keeps."""

from __future__ import annotations

import functools
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ctohandbook import Context, load_handbook
from ctohandbook.project.settings import Framework
from ctohandbook.render import render_pages
from ctohandbook.render.charts import MARKUP, by_month, decision_chart, figure, svg

from .conftest import GOOD, render

SOC2 = {"SOC2": Framework(name="SOC 2", controls=["CC6.1", "CC7.1", "CC8.1"])}


def overview(root: Path, context: Context) -> str:
    """The overview page of the handbook at ``root``."""
    handbook = load_handbook([root / "policies"], max_file_size=1_048_576, base=root,
                             adrs_dir=root / "adrs", docs_dir=root / "docs")
    pages = {page.path: page.markdown for page in render_pages(handbook, context)}
    return pages["governance/index.md"]


def test_the_overview_draws_reviews_expiries_coverage_and_decisions() -> None:
    # On 2027-02-15: SEC-002's review (2027-03-01) is due soon, SEC-001's (2027-06-01) later,
    # EXC-2026-001 (2026-12-29) has expired; SOC2 declares three controls, SEC-001 covers one.
    text = overview(GOOD, Context(date(2027, 2, 15), frameworks=SOC2))
    glance = text[text.index("## At a glance"):text.index("## Needs attention")]
    assert glance == (
        "## At a glance\n\n"
        '<div class="cth-charts">'
        '<figure class="cth-chart cth-chart--reviews">'
        '<svg class="cth-chart__svg" viewBox="0 0 320 120" role="img">'
        "<title>Reviews due: 0 overdue, 1 in March 2027, 1 in June 2027.</title>"
        '<text class="cth-chart__label" x="0" y="14">Overdue</text>'
        '<text class="cth-chart__value" x="108" y="14">0</text>'
        '<text class="cth-chart__label" x="0" y="34">Feb 2027</text>'
        '<text class="cth-chart__value" x="108" y="34">0</text>'
        '<text class="cth-chart__label" x="0" y="54">Mar 2027</text>'
        '<rect class="cth-chart__bar cth-chart__bar--soon" x="104" y="44" width="160" '
        'height="12"></rect>'
        '<text class="cth-chart__value" x="268" y="54">1</text>'
        '<text class="cth-chart__label" x="0" y="74">Apr 2027</text>'
        '<text class="cth-chart__value" x="108" y="74">0</text>'
        '<text class="cth-chart__label" x="0" y="94">May 2027</text>'
        '<text class="cth-chart__value" x="108" y="94">0</text>'
        '<text class="cth-chart__label" x="0" y="114">Jun 2027</text>'
        '<rect class="cth-chart__bar cth-chart__bar--later" x="104" y="104" width="160" '
        'height="12"></rect>'
        '<text class="cth-chart__value" x="268" y="114">1</text>'
        "</svg><figcaption>Reviews due: 0 overdue, 1 in March 2027, 1 in June 2027."
        "</figcaption></figure>"
        '<figure class="cth-chart cth-chart--exceptions">'
        '<svg class="cth-chart__svg" viewBox="0 0 320 20" role="img">'
        "<title>Exception expiries: 1 expired.</title>"
        '<text class="cth-chart__label" x="0" y="14">Expired</text>'
        '<rect class="cth-chart__bar cth-chart__bar--past" x="104" y="4" width="160" '
        'height="12"></rect>'
        '<text class="cth-chart__value" x="268" y="14">1</text>'
        "</svg><figcaption>Exception expiries: 1 expired.</figcaption></figure>"
        '<figure class="cth-chart cth-chart--controls">'
        '<svg class="cth-chart__svg" viewBox="0 0 320 20" role="img">'
        "<title>Control coverage: SOC2 1 of 3 controls covered.</title>"
        '<text class="cth-chart__label" x="0" y="14">SOC2</text>'
        '<rect class="cth-chart__bar cth-chart__bar--covered" x="104" y="4" width="53.3" '
        'height="12"></rect>'
        '<rect class="cth-chart__bar cth-chart__bar--gap" x="157.3" y="4" width="106.7" '
        'height="12"></rect>'
        '<text class="cth-chart__value" x="268" y="14">1 of 3</text>'
        "</svg><figcaption>Control coverage: SOC2 1 of 3 controls covered.</figcaption>"
        "</figure>"
        '<figure class="cth-chart cth-chart--decisions">'
        '<svg class="cth-chart__svg" viewBox="0 0 320 20" role="img">'
        "<title>Decisions by status: 1 accepted.</title>"
        '<text class="cth-chart__label" x="0" y="14">Accepted</text>'
        '<rect class="cth-chart__bar cth-chart__bar--accepted" x="104" y="4" width="160" '
        'height="12"></rect>'
        '<text class="cth-chart__value" x="268" y="14">1</text>'
        "</svg><figcaption>Decisions by status: 1 accepted.</figcaption></figure>"
        "</div>\n\n")


def test_a_month_is_split_by_urgency_and_what_is_past_twelve_months_is_later() -> None:
    chart = by_month("reviews", [
        (date(2026, 11, 2), "past"), (date(2026, 10, 1), "past"),
        (date(2026, 11, 30), "soon"), (date(2026, 12, 28), "later"),
        (date(2026, 12, 1), "soon"), (date(2027, 10, 31), "later"),
        (date(2027, 11, 1), "later"), (date(2030, 1, 1), "later"),
    ], date(2026, 11, 21), "Overdue", "Reviews due")
    assert [(bar.label, [(s.count, s.kind) for s in bar.segments], bar.value)
            for bar in chart.bars] == [
        ("Overdue", [(2, "past")], "2"),
        ("Nov 2026", [(1, "soon")], "1"),
        ("Dec 2026", [(1, "soon"), (1, "later")], "2"),
        *((f"{month} 2027", [], "0") for month in ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep")),
        ("Oct 2027", [(1, "later")], "1"),
        ("Later", [(2, "later")], "2"),
    ]
    assert chart.text == ("Reviews due: 2 overdue, 1 in November 2026, 2 in December 2026, "
                          "1 in October 2027, 2 after October 2027.")
    # The widths share the largest count (2) as a full bar: a split bar is two halves.
    assert ('<rect class="cth-chart__bar cth-chart__bar--soon" x="104" y="44" width="80" '
            'height="12"></rect><rect class="cth-chart__bar cth-chart__bar--later" x="184" '
            'y="44" width="80" height="12"></rect>') in svg(chart)


def test_nothing_past_and_nothing_ahead_is_one_bar_saying_none() -> None:
    chart = by_month("exceptions", [(date(2028, 1, 1), "later")], date(2026, 11, 21),
                     "Expired", "Exception expiries")
    assert [bar.label for bar in chart.bars] == ["Expired", "Later"]
    assert chart.text == "Exception expiries: 0 expired, 1 after October 2027."


def test_an_authors_status_is_escaped_and_cut_in_the_drawing_and_whole_in_words() -> None:
    chart = decision_chart([("accepted", 3), ('<img src=x onerror="alert(1)"> & co', 1)])
    assert chart is not None
    assert figure(chart) == (
        '<figure class="cth-chart cth-chart--decisions">'
        '<svg class="cth-chart__svg" viewBox="0 0 320 40" role="img">'
        "<title>Decisions by status: 3 accepted, 1 &lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
        " &amp; co.</title>"
        '<text class="cth-chart__label" x="0" y="14">Accepted</text>'
        '<rect class="cth-chart__bar cth-chart__bar--accepted" x="104" y="4" width="160" '
        'height="12"></rect>'
        '<text class="cth-chart__value" x="268" y="14">3</text>'
        '<text class="cth-chart__label" x="0" y="34">&lt;img src=x one…</text>'
        '<rect class="cth-chart__bar cth-chart__bar--unknown" x="104" y="24" width="53.3" '
        'height="12"></rect>'
        '<text class="cth-chart__value" x="161.3" y="34">1</text>'
        "</svg><figcaption>Decisions by status: 3 accepted, 1 &lt;img src=x "
        "onerror=&quot;alert(1)&quot;&gt; &amp; co.</figcaption></figure>")


class _Markup(HTMLParser):
    """Every element and attribute of some HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, set[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.setdefault(tag, set()).update(name for name, _ in attrs)


def test_the_charts_are_made_of_what_a_sanitizer_is_told_to_keep() -> None:
    text = overview(GOOD, Context(date(2027, 2, 15), frameworks=SOC2))
    parser = _Markup()
    parser.feed(text[text.index('<div class="cth-charts">'):text.index("## Needs attention")])
    # HTMLParser lower-cases names; viewBox is the one attribute of mixed case.
    allowed = {tag: {name.lower() for name in names} for tag, names in MARKUP.items()}
    assert parser.seen == allowed


def test_a_handbook_with_nothing_to_draw_has_no_charts(tmp_path: Path) -> None:
    (tmp_path / "policies").mkdir()
    text = overview(tmp_path, Context(date(2026, 11, 21)))
    assert "At a glance" not in text
    assert "<svg" not in text


def test_a_handbook_of_adrs_alone_draws_its_decision_log(tmp_path: Path) -> None:
    (tmp_path / "adrs").mkdir()
    for number, status in ((1, "Accepted"), (2, "Superseded by [ADR-0003](0003-c.md)"),
                           (3, "Accepted")):
        (tmp_path / "adrs" / f"000{number}-{'abc'[number - 1]}.md").write_text(
            f"# {number}. Decision {number}\n\nDate: 2026-01-0{number}\n\n"
            f"## Status\n\n{status}\n\n## Context\n\nWhy.\n")
    text = overview(tmp_path, Context(date(2026, 11, 21)))
    assert text.count("<figure") == 1
    assert "<title>Decisions by status: 2 accepted, 1 superseded.</title>" in text


@functools.cache
def _example() -> dict[str, str]:
    """The pages of the example handbook, rendered once."""
    return render(Path(__file__).parent.parent)


@pytest.mark.parametrize(("page", "chain"), [
    ("governance/adrs/adr-0002.md",
     '<span class="cth-chain">Supersession:</span> '
     "**ADR-0002 Run services on virtual machines managed with Ansible** → "
     "[ADR-0006 Standardise on Amazon ECS for container workloads](adr-0006.md)"),
    ("governance/adrs/adr-0006.md",
     '<span class="cth-chain">Supersession:</span> '
     "[ADR-0002 Run services on virtual machines managed with Ansible](adr-0002.md) → "
     "**ADR-0006 Standardise on Amazon ECS for container workloads** → "
     "[ADR-0009 Kubernetes (Amazon EKS) as the standard runtime](adr-0009.md)"),
    ("governance/adrs/adr-0009.md",
     '<span class="cth-chain">Supersession:</span> '
     "[ADR-0006 Standardise on Amazon ECS for container workloads](adr-0006.md) → "
     "**ADR-0009 Kubernetes (Amazon EKS) as the standard runtime**"),
    ("governance/adrs/adr-0001.md", None),
])
def test_an_adr_page_shows_the_supersession_around_it(page: str, chain: str | None) -> None:
    text = _example()[page]
    lines = [line for line in text.splitlines() if "cth-chain" in line]
    assert lines == ([chain] if chain else [])
    if chain:  # its own paragraph, before the metadata list
        assert f"\n\n{chain}\n\n- **Date:**" in text
