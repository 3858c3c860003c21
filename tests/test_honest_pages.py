"""Pages that say what is so: a retired document shows that it is retired and offers neither a
next review nor an exception; the review calendar lists every scheduled review, the overdue and
due-soon ones first, then by month, however far ahead."""

from __future__ import annotations

import re
from pathlib import Path

from ctohandbook import Context, load_handbook
from ctohandbook.views import build_view

from .conftest import REQUEST, TODAY, render
from .test_calendar import events, feed

RETIRED = """\
kind: policy
id: SEC-003
title: Change advisory board
version: 1.1.0
status: retired
owner: cto
review:
  last_reviewed: 2026-05-11
  every: 12 months
exceptions:
  process: Ask for an exception to SEC-001 instead.
  approver: cto
  max_duration: 30 days
changelog:
  - {version: 1.1.0, date: 2026-05-11, summary: Retired.}
summary: Replaced by SEC-001.
requirements:
  - {id: R1, level: must, text: Changes are approved by the weekly board.}
"""
"""The good handbook's retired SEC-003 as retired documents often are: with the review cadence
and exception process it had in force, which its page must not offer any more."""


def retire(root: Path) -> None:
    path = root / "policies" / "security" / "sec-003-legacy-change-board.yml"
    path.write_text(RETIRED, encoding="utf-8")


def test_a_retired_policy_says_so_with_no_next_review_and_no_exception_button(
        handbook_dir: Path) -> None:
    retire(handbook_dir)
    page = render(handbook_dir)["governance/policies/sec-003.md"]
    assert page.split("\n## Summary")[0].split("---\n\n")[1] == (
        "# SEC-003 Change advisory board\n\n"
        '<span class="cth-badge cth-badge--retired">Retired</span>\n\n'
        '<span class="cth-banner cth-banner--retired">Retired</span> No longer in force: kept '
        "for the record, it is not reviewed and grants no exceptions.\n\n"
        "- **Owner:** Chief Technology Officer (role) · [@acme/cto](https://github.com/orgs/acme/"
        "teams/cto) · [cto@example.com](mailto:cto@example.com)\n"
        "- **Version:** 1.1.0\n"
        "- **Last reviewed:** 2026-05-11\n"
        "- **Next review:** none, it is retired\n")
    assert page.split("## Exceptions\n\n")[1].split("## Changelog")[0] == (
        "This policy is retired: no exception is granted under it.\n\n"
        "Ask for an exception to SEC-001 instead.\n\n")
    assert REQUEST.split("?")[0] not in page


def test_the_view_says_a_document_is_retired(handbook_dir: Path) -> None:
    """The view, not the template, decides: every page and export showing a next review or the
    request link reads these fields."""
    retire(handbook_dir)
    handbook = load_handbook([handbook_dir / "policies"], max_file_size=1_048_576,
                             base=handbook_dir)
    view = build_view(handbook, Context(TODAY), exception_request_url=REQUEST)
    shown = {v.model.id: (v.retired, v.next_review, v.review_state, v.request_url)
             for v in view.documents}
    assert shown["SEC-003"] == (True, None, None, None)
    assert shown["SEC-001"][:3] == (False, shown["SEC-001"][1], "later")
    assert shown["SEC-001"][3] == REQUEST.replace("{id}", "SEC-001")


def test_the_catalogue_shows_no_next_review_for_a_retired_policy(handbook_dir: Path) -> None:
    retire(handbook_dir)
    table = [line.split(" | ") for line in
             render(handbook_dir)["governance/policies/index.md"].splitlines()
             if line.startswith("| ")]
    column = table[0].index("Next review")
    assert [re.sub("<[^>]*>", "", cells[column]) for cells in table
            if "[SEC-003]" in cells[0]] == ["—"]


POLICY = """\
kind: policy
id: {id}
title: Reviewed {when}
version: 1.0.0
status: active
owner: security
review: {review}
exceptions: {{process: Ask the CISO., approver: ciso, max_duration: 90 days}}
changelog:
  - {{version: 1.0.0, date: 2026-01-01, summary: First version.}}
summary: A policy reviewed {when}.
requirements:
  - {{id: R1, level: must, text: Review it.}}
"""

SCHEDULE = {"SEC-081": "2026-11-01", "SEC-082": "2026-12-01", "SEC-083": "2027-01-15",
            "SEC-084": "2027-01-31", "SEC-085": "2028-02-01"}
"""Next reviews around the good handbook's day (2026-11-21): overdue, due soon, two in one month
past the warning horizon, and one 437 days ahead, which the calendar once left out."""


def schedule(root: Path) -> None:
    folder = root / "policies" / "schedule"
    folder.mkdir()
    for ident, day in SCHEDULE.items():
        (folder / f"{ident.lower()}.yml").write_text(POLICY.format(
            id=ident, when=day, review=f"{{last_reviewed: 2026-01-01, next_review: {day}}}"),
            encoding="utf-8")
    (folder / "sec-086.yml").write_text(POLICY.format(
        id="SEC-086", when="never", review="{last_reviewed: 2026-01-01}"), encoding="utf-8")


def row(ident: str, title: str, day: str, when: str, mark: str = "") -> str:
    owner = "[Security Engineering](owners.md#owner-security)"
    return (f'| <span class="cth-date">{day}{mark}</span> | <span class="cth-id">[{ident}]'
            f'(policies/{ident.lower()}.md)</span> | {title} | {owner} | {when} |')


HEAD = "| Next review | Document | Title | Owner | When |\n|---|---|---|---|---|"


def test_the_review_calendar_lists_every_review_urgent_first_then_by_month(
        handbook_dir: Path) -> None:
    schedule(handbook_dir)
    page = render(handbook_dir)["governance/reviews.md"]
    overdue = ' <span class="cth-badge cth-badge--overdue">Overdue</span>'
    soon = ' <span class="cth-badge cth-badge--due-soon">Due soon</span>'
    assert page.split("feed for your calendar app.\n\n")[1] == "\n".join([
        "## Overdue", "", HEAD,
        row("SEC-081", "Reviewed 2026-11-01", "2026-11-01", "20 days ago", overdue), "",
        "## Due within 30 days", "", HEAD,
        row("SEC-082", "Reviewed 2026-12-01", "2026-12-01", "in 10 days", soon), "",
        "## January 2027", "", HEAD,
        row("SEC-083", "Reviewed 2027-01-15", "2027-01-15", "in 55 days"),
        row("SEC-084", "Reviewed 2027-01-31", "2027-01-31", "in 71 days"), "",
        "## March 2027", "", HEAD,
        row("SEC-002", "Vulnerability management", "2027-03-01", "in 100 days"), "",
        "## June 2027", "", HEAD,
        row("SEC-001", "Secure software development", "2027-06-01", "in 192 days"), "",
        "## February 2028", "", HEAD,
        row("SEC-085", "Reviewed 2028-02-01", "2028-02-01", "in 437 days"), "",
        "## Not scheduled", "",
        "- [SEC-086](policies/sec-086.md) Reviewed never: no review date (`review.every` or "
        "`review.next_review`)", ""])
    assert "more reviews are due later" not in page


def test_the_feed_lists_the_same_reviews_as_the_page(handbook_dir: Path) -> None:
    """Every review the page lists, however far ahead, is an event of the feed."""
    schedule(handbook_dir)
    reviews = sorted(uid.split("@")[0] for uid in events(feed(handbook_dir))
                     if uid.startswith("review-"))
    assert reviews == sorted([f"review-{ident.lower()}-{day}" for ident, day in SCHEDULE.items()]
                             + ["review-sec-001-2027-06-01", "review-sec-002-2027-03-01"])


def test_a_calendar_with_nothing_ahead_says_so(handbook_dir: Path) -> None:
    for path in (handbook_dir / "policies").rglob("sec-00[12]*.yml"):
        path.write_text(path.read_text(encoding="utf-8").replace("status: active",
                                                                  "status: draft"),
                        encoding="utf-8")
    page = render(handbook_dir)["governance/reviews.md"]
    assert page.split("feed for your calendar app.\n\n")[1] == (
        "## Overdue\n\nNo review is overdue.\n\n"
        "## Due within 30 days\n\nNo review is due within 30 days.\n\n"
        "## Later\n\nNo review is scheduled after the next 30 days.\n\n")
