"""The RFC 5545 writer: exact escapes and folds, read back by `icalendar` as the same text."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from ctohandbook.outputs import ical


def test_text_escapes_the_three_specials_and_writes_line_breaks_as_backslash_n() -> None:
    assert ical.text("a\\b;c,d\r\ne\rf\ng\th") == "a\\\\b\\;c\\,d\\ne\\nf\\ng\th"


def test_text_drops_control_characters_a_client_could_not_show() -> None:
    assert ical.text("bell\a null\x00 escape\x1b delete\x7f") == "bell null escape delete"


def test_a_uri_is_not_escaped_but_cannot_end_the_line() -> None:
    assert ical.uri("https://x.example/a,b;c\r\nX-EVIL:1") == "https://x.example/a,b;cX-EVIL:1"


def test_values() -> None:
    assert ical.day(date(2027, 6, 1)) == "20270601"
    later = datetime(2026, 11, 21, 1, 30, tzinfo=timezone(timedelta(hours=1)))
    assert ical.utc(later) == "20261121T003000Z"
    assert ical.duration(timedelta(days=1)) == "P1D"
    assert ical.duration(timedelta(hours=1)) == "PT3600S"
    assert ical.duration(timedelta(days=2, seconds=5)) == "P2DT5S"
    assert ical.texts(["Review", "a,b"]) == "Review,a\\,b"


@pytest.mark.parametrize("call", [lambda: ical.utc(datetime(2026, 11, 21)),
                                  lambda: ical.duration(timedelta(0))])
def test_values_that_cannot_be_written_are_refused(call: object) -> None:
    with pytest.raises(ValueError):
        call()  # type: ignore[operator]


def test_a_short_line_is_not_folded() -> None:
    assert ical.fold("X" * 75) == b"X" * 75


def test_folds_at_75_octets_then_74_after_the_space() -> None:
    folded = ical.fold("A" * 75 + "B" * 74 + "C")
    assert folded == b"A" * 75 + b"\r\n " + b"B" * 74 + b"\r\n C"


def test_a_fold_never_cuts_a_character_in_two() -> None:
    line = "D" * 74 + "é" + "€" * 30  # é is two octets and would straddle octet 75
    folded = ical.fold(line).split(b"\r\n")
    assert folded[0] == b"D" * 74
    assert all(len(part) <= 75 for part in folded)
    assert b"".join([folded[0], *(part[1:] for part in folded[1:])]).decode() == line


def test_what_it_writes_icalendar_reads_back_as_the_same_text() -> None:
    summary = "Review; due, now \\ here\nsecond line – überall 日本語 " * 4
    feed = ical.serialize(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
                           "BEGIN:VEVENT", "UID:x@y", "DTSTAMP:20261121T000000Z",
                           f"SUMMARY:{ical.text(summary)}", "END:VEVENT", "END:VCALENDAR"])
    assert feed.endswith(b"END:VCALENDAR\r\n")
    event = Calendar.from_ical(feed).walk("VEVENT")[0]
    assert str(event["summary"]) == summary


def test_years_before_1000_are_written_with_four_digits() -> None:
    """`strftime("%Y")` writes the year 1 as ``1`` on glibc, which no client reads as a date;
    a review dated 0001-01-01 is valid YAML (found by tests/test_properties.py)."""
    assert ical.day(date(1, 1, 1)) == "00010101"
    assert ical.day(date(999, 12, 31)) == "09991231"
    assert ical.utc(datetime(5, 6, 7, 8, 9, 10, tzinfo=timezone.utc)) == "00050607T080910Z"
