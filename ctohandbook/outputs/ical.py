"""Just enough of RFC 5545 to write a feed: value formats, text escaping and line folding.

Our own, not the ``icalendar`` library's serialiser: a feed of 1,000 documents took that
library 0.35 s of CPU (an object per property, folding character by character), a third of
everything the plugin adds to a build, for output this module writes in one pass. The tests
still read every feed back with ``icalendar``, as an independent parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone

CRLF = b"\r\n"
LIMIT = 75
"""The longest a physical line may be, in octets, line break excluded (RFC 5545, 3.1)."""

_SPECIAL = re.compile(r"[\\;,]|\r\n|[\r\n]|[\x00-\x08\x0b-\x1f\x7f]")
"""What `text` rewrites: the three escaped characters, line breaks, and the control characters
TEXT must not hold (3.3.11); a tab is allowed."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\\;,":
        return "\\" + char
    return "\\n" if char in ("\r\n", "\r", "\n") else ""


def text(value: str) -> str:
    """``value`` as a TEXT value: backslash, semicolon and comma escaped, each line break
    (``\\r\\n``, ``\\r`` or ``\\n``) written ``\\n``, other control characters dropped (a YAML
    double-quoted ``"\\a"`` is valid YAML, but no calendar client could show it)."""
    return _SPECIAL.sub(_escaped, value)


def uri(value: str) -> str:
    """A URI value: written as it is (no escaping, 3.3.13), less any control character, which
    no URI holds and which could end the content line early."""
    return _CONTROL.sub("", value)


def texts(values: Iterable[str]) -> str:
    """A list of TEXT values, such as CATEGORIES: each escaped, joined by commas."""
    return ",".join(map(text, values))


def day(value: date) -> str:
    """A DATE value: ``20270601`` (the property needs ``;VALUE=DATE``). The year always has
    four digits, as the format requires: ``strftime("%Y")`` writes the year 1 as ``1`` on
    glibc, and a document reviewed in 0001-01-01 is valid YAML."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def utc(value: datetime) -> str:
    """A DATE-TIME value in UTC: ``20261121T000000Z``. Raises `ValueError` for a time without
    a time zone, which would be read as the reader's local time."""
    if value.tzinfo is None:
        raise ValueError("a DATE-TIME in UTC needs an aware datetime")
    value = value.astimezone(timezone.utc)
    return f"{day(value)}T{value.hour:02d}{value.minute:02d}{value.second:02d}Z"


def duration(value: timedelta) -> str:
    """A positive DURATION value: ``P1D``, ``PT3600S``, ``P1DT60S``."""
    if value <= timedelta(0):
        raise ValueError("a duration here is positive")
    days = f"{value.days}D" if value.days else ""
    seconds = f"T{value.seconds}S" if value.seconds else ""
    return f"P{days}{seconds}"


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded: at most `LIMIT` octets per physical line, each
    continuation starting with a space, and never inside a character's UTF-8 sequence (a
    client would see two broken characters)."""
    data = line.encode("utf-8")
    if len(data) <= LIMIT:
        return data
    chunks, start, room = [], 0, LIMIT
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # a continuation byte: break before its lead byte
            end -= 1
        chunks.append(data[start:end])
        start, room = end, LIMIT - 1  # the space that starts a continuation takes an octet
    chunks.append(data[start:])
    return b"\r\n ".join(chunks)


def serialize(lines: Iterable[str]) -> bytes:
    """Content lines (``NAME;PARAM=x:value``, values already formatted by this module) as the
    bytes of a file: each folded and ended by CRLF."""
    return b"".join(fold(line) + CRLF for line in lines)
