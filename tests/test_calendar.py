"""The review calendar feed: parsed back with `icalendar`, and its raw lines held to RFC 5545."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from icalendar import Calendar, Event

from ctohandbook import Context, load_handbook
from ctohandbook.cli import main
from ctohandbook.outputs.calendar import page_url, review_calendar, uid_domain
from ctohandbook.views import build_view

from .conftest import GOOD, SEC2, TODAY, mkdocs_build

SITE = "https://handbook.acme.example/"
SEC1_DESCRIPTION = (
    "SEC-001 Secure software development (policy, version 1.2.0) is due for review on "
    "2027-06-01.\n"
    "Owner: Security Engineering (team), GitHub @acme/security, Slack #security\n"
    "Last reviewed: 2026-06-01 by Chief Technology Officer (role), GitHub @acme/cto, "
    "e-mail cto@example.com\n"
    "Page: https://handbook.acme.example/governance/policies/sec-001/")
"""The longest description of the good handbook: folded over five lines."""


def feed(root: Path = GOOD, today: date = TODAY, site_url: str | None = SITE,
         **options: Any) -> bytes:
    """The calendar of the handbook at ``root``, as the plugin builds it."""
    handbook = load_handbook([root / "policies"], max_file_size=1_048_576, base=root,
                             adrs_dir=root / "adrs", docs_dir=root / "docs")
    view = build_view(handbook, Context(today))
    return review_calendar(view, site_url, "governance", name="Good handbook", **options)


def events(ics: bytes) -> dict[str, Event]:
    """The events of a feed parsed by `icalendar`, by UID."""
    return {str(event["uid"]): event for event in Calendar.from_ical(ics).walk("VEVENT")
            if isinstance(event, Event)}


def lines(ics: bytes) -> list[bytes]:
    """The physical lines of a feed, each of which must end with CRLF."""
    assert ics.endswith(b"\r\n")
    return ics[:-2].split(b"\r\n")


def escaped(text: str) -> str:
    """``text`` as an RFC 5545 TEXT value (3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def test_the_calendar_parses_with_one_event_per_review_and_per_exception() -> None:
    calendar = Calendar.from_ical(feed())
    assert calendar.name == "VCALENDAR"
    assert str(calendar["prodid"]) == "-//ctohandbook//review calendar//EN"
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["method"]) == "PUBLISH"
    assert calendar["x-wr-calname"] == "Good handbook reviews"
    assert str(calendar["url"]) == "https://handbook.acme.example/governance/reviews/"
    # SEC-003 is retired: no review, no event.
    assert list(events(feed())) == ["review-sec-002-2027-03-01@handbook.acme.example",
                                    "review-sec-001-2027-06-01@handbook.acme.example",
                                    "expiry-exc-2026-001-2026-12-29@handbook.acme.example"]


def test_a_review_event_is_an_all_day_event_linked_to_the_page() -> None:
    event = events(feed())["review-sec-002-2027-03-01@handbook.acme.example"]
    assert str(event["summary"]) == "Review due: SEC-002 Vulnerability management"
    assert event.decoded("dtstart") == date(2027, 3, 1)
    assert event.decoded("dtend") == date(2027, 3, 2)
    assert event.decoded("dtstamp") == datetime(2026, 11, 21, tzinfo=timezone.utc)
    assert str(event["url"]) == "https://handbook.acme.example/governance/policies/sec-002/"
    assert str(event["description"]) == (
        "SEC-002 Vulnerability management (policy, version 2.0.0) is due for review on "
        "2027-03-01.\n"
        "Owner: Security Engineering (team), GitHub @acme/security, Slack #security\n"
        "Last reviewed: 2026-03-01\n"
        "Page: https://handbook.acme.example/governance/policies/sec-002/")
    assert event.categories == ["Review", "Policy"]
    assert (str(event["status"]), str(event["transp"])) == ("CONFIRMED", "TRANSPARENT")
    raw = feed().decode()
    for line in ("DTSTART;VALUE=DATE:20270301\r\n", "DTEND;VALUE=DATE:20270302\r\n",
                 "DTSTAMP:20261121T000000Z\r\n", "CATEGORIES:Review,Policy\r\n"):
        assert line in raw


def test_an_exception_event_names_who_requested_and_who_approved() -> None:
    event = events(feed())["expiry-exc-2026-001-2026-12-29@handbook.acme.example"]
    assert str(event["summary"]) == "Exception expires: EXC-2026-001 (waives SEC-001)"
    assert event.decoded("dtstart") == date(2026, 12, 29)
    assert event.decoded("dtend") == date(2026, 12, 30)
    assert str(event["url"]) == (
        "https://handbook.acme.example/governance/exceptions/#exc-2026-001")
    assert str(event["description"]) == (
        "EXC-2026-001 waives SEC-001 (R1) for Payments' legacy batch jobs; it expires on "
        "2026-12-29. Before then, comply, or request a new exception.\n"
        "Requested by: Payments (team), GitHub @acme/payments\n"
        "Approved by: Chief Information Security Officer (role), GitHub @acme/ciso\n"
        "Waived policy: https://handbook.acme.example/governance/policies/sec-001/\n"
        "Page: https://handbook.acme.example/governance/exceptions/#exc-2026-001")
    assert event.categories == ["Exception expiry"]


def test_lines_end_with_crlf_are_at_most_75_octets_and_unfold_to_the_text() -> None:
    ics = feed()
    physical = lines(ics)
    assert all(b"\r" not in line and b"\n" not in line for line in physical)
    assert max(len(line) for line in physical) <= 75
    description = f"DESCRIPTION:{escaped(SEC1_DESCRIPTION)}".encode()
    assert len(description) > 300  # long enough to need folding
    start = next(i for i, line in enumerate(physical)
                 if line.startswith(b"DESCRIPTION:SEC-001"))
    folded = [physical[start]]
    for line in physical[start + 1:]:
        if not line.startswith(b" "):
            break
        folded.append(line)
    assert len(folded) == 5
    assert b"".join([folded[0], *(line[1:] for line in folded[1:])]) == description
    assert description in ics.replace(b"\r\n ", b"").split(b"\r\n")


def test_folding_counts_octets_and_text_round_trips(handbook_dir: Path) -> None:
    title = "Gestion des vulnérabilités; correctifs, délais et équipes " * 3
    path = handbook_dir / SEC2
    path.write_text(path.read_text().replace("title: Vulnerability management",
                                             f"title: '{title}'"), encoding="utf-8")
    ics = feed(handbook_dir)
    physical = lines(ics)
    assert max(len(line) for line in physical) <= 75
    for line in physical:
        line.decode("utf-8")  # no character is cut in two by a fold
    event = events(ics)["review-sec-002-2027-03-01@handbook.acme.example"]
    assert str(event["summary"]) == f"Review due: SEC-002 {title.strip()}"


def test_the_feed_is_the_same_bytes_on_every_build_of_the_same_day() -> None:
    first, second = feed(), feed()
    assert first == second
    uids = [line for line in lines(first) if line.startswith(b"UID:")]
    assert len(uids) == len(set(uids)) == 3
    # Another day: the same events and UIDs, only their stamp moves.
    later = feed(today=date(2026, 12, 1))
    assert later.replace(b"DTSTAMP:20261201T000000Z", b"DTSTAMP:20261121T000000Z") == first


def test_a_moved_review_is_a_new_event_and_the_others_keep_their_uids(
        handbook_dir: Path) -> None:
    before = set(events(feed(handbook_dir)))
    path = handbook_dir / SEC2
    path.write_text(path.read_text().replace("next_review: 2027-03-01", "next_review: 2027-04-01"))
    after = set(events(feed(handbook_dir)))
    assert before - after == {"review-sec-002-2027-03-01@handbook.acme.example"}
    assert after - before == {"review-sec-002-2027-04-01@handbook.acme.example"}


def test_without_a_site_url_there_is_no_url_and_descriptions_give_paths() -> None:
    ics = feed(site_url=None)
    calendar = Calendar.from_ical(ics)
    assert "url" not in calendar
    found = events(ics)
    assert list(found) == ["review-sec-002-2027-03-01@ctohandbook",
                           "review-sec-001-2027-06-01@ctohandbook",
                           "expiry-exc-2026-001-2026-12-29@ctohandbook"]
    assert all("url" not in event for event in found.values())
    assert str(found["review-sec-002-2027-03-01@ctohandbook"]["description"]).endswith(
        "\nPage: governance/policies/sec-002/")
    plain = feed(site_url=None, use_directory_urls=False)
    assert str(events(plain)["expiry-exc-2026-001-2026-12-29@ctohandbook"]["description"]
               ).endswith("\nPage: governance/exceptions.html#exc-2026-001")


def test_an_owner_missing_from_the_registry_is_named_by_key(handbook_dir: Path) -> None:
    path = handbook_dir / SEC2
    path.write_text(path.read_text().replace("owner: security", "owner: nobody"))
    description = str(events(feed(handbook_dir))[
        "review-sec-002-2027-03-01@handbook.acme.example"]["description"])
    assert "\nOwner: nobody (not in the owners registry)\n" in description


@pytest.mark.parametrize("due", [date.max, date.min])
def test_reviews_due_on_the_first_and_last_days_of_the_calendar(handbook_dir: Path,
                                                                due: date) -> None:
    """9999-12-31 has no next day to end the event on (it raised OverflowError and stopped
    the build), and 0001-01-01 was written with a one-digit year; both are valid YAML dates
    (found by tests/test_properties.py). Without DTEND an all-day event lasts its one day."""
    path = handbook_dir / SEC2
    path.write_text(path.read_text().replace("2027-03-01", due.isoformat()))
    event = events(feed(handbook_dir))[f"review-sec-002-{due.isoformat()}@handbook.acme.example"]
    assert event.decoded("dtstart") == due
    if due == date.max:
        assert "dtend" not in event
    else:
        assert event.decoded("dtend") == date(1, 1, 2)


def test_a_duplicate_exception_id_has_one_event(handbook_dir: Path) -> None:
    exceptions = handbook_dir / "policies/exceptions"
    (exceptions / "copy.yml").write_text((exceptions / "exc-2026-001.yml").read_text())
    uids = [line for line in lines(feed(handbook_dir)) if line.startswith(b"UID:")]
    assert uids.count(b"UID:expiry-exc-2026-001-2026-12-29@handbook.acme.example") == 1


@pytest.mark.parametrize(("path", "site_url", "directory_urls", "expected"), [
    ("governance/policies/sec-001.md", None, True, "governance/policies/sec-001/"),
    ("governance/policies/sec-001.md", None, False, "governance/policies/sec-001.html"),
    ("governance/exceptions.md#exc-2026-001", "https://h.example/docs", True,
     "https://h.example/docs/governance/exceptions/#exc-2026-001"),
    ("governance/index.md", "https://h.example/", True, "https://h.example/governance/"),
    ("governance/index.md", "https://h.example/", False,
     "https://h.example/governance/index.html"),
    ("my pages/a b.md", None, True, "my%20pages/a%20b/"),
])
def test_page_urls_follow_mkdocs(path: str, site_url: str | None, directory_urls: bool,
                                 expected: str) -> None:
    assert page_url(path, site_url, directory_urls) == expected


@pytest.mark.parametrize(("site_url", "expected"), [
    (None, "ctohandbook"), ("https://Acme.GitHub.io/handbook/", "acme.github.io/handbook"),
    ("https://handbook.acme.example/", "handbook.acme.example")])
def test_uid_domains_keep_two_handbooks_apart(site_url: str | None, expected: str) -> None:
    assert uid_domain(site_url) == expected


@pytest.mark.slow
@pytest.mark.parametrize(("directory_urls", "page", "link", "policy_url"), [
    (True, "governance/reviews/index.html", '<a href="../reviews.ics">reviews.ics</a>',
     "https://handbook.acme.example/governance/policies/sec-002/"),
    (False, "governance/reviews.html", '<a href="reviews.ics">reviews.ics</a>',
     "https://handbook.acme.example/governance/policies/sec-002.html"),
])
def test_the_site_publishes_the_feed_and_the_reviews_page_links_to_it(
        handbook_dir: Path, directory_urls: bool, page: str, link: str,
        policy_url: str) -> None:
    config = handbook_dir / "mkdocs.yml"
    config.write_text(f"site_url: {SITE}\nuse_directory_urls: {str(directory_urls).lower()}\n"
                      + config.read_text())
    build = mkdocs_build(handbook_dir, handbook_dir / "site", "--strict")
    assert build.returncode == 0, build.stderr
    assert "reviews.ics" not in build.stderr  # MkDocs checks links to any file: this one exists
    site = handbook_dir / "site"
    ics = (site / "governance/reviews.ics").read_bytes()
    assert ics == feed(handbook_dir, use_directory_urls=directory_urls)
    assert str(events(ics)["review-sec-002-2027-03-01@handbook.acme.example"]["url"]) == (
        policy_url)
    assert f"Subscribe: {link}" in (site / page).read_text()


def test_render_writes_the_feed_beside_the_pages(handbook_dir: Path) -> None:
    result = CliRunner().invoke(main, ["render", "--out", "out", "--today", "2026-11-21"])
    assert result.exit_code == 0, result.output
    assert (handbook_dir / "out/governance/reviews.ics").read_bytes() == feed(
        handbook_dir, site_url=None).replace(b"Good handbook reviews", b"Handbook reviews")
