"""Value types shared by the document kinds: ids, versions, dates, durations, references.

Each constrained string carries a human description so that a value in the wrong form is
reported as "not an id such as SEC-004", not as a regular expression.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, StringConstraints

PATTERN_DESCRIPTIONS: dict[str, str] = {}
"""Regular expression -> what a value of that form looks like, for error messages."""


def pattern(regex: str, description: str) -> StringConstraints:
    """A string constraint whose mismatch is explained by ``description``."""
    PATTERN_DESCRIPTIONS[regex] = description
    return StringConstraints(pattern=regex)


STRICT = ConfigDict(extra="forbid", strict=True, use_attribute_docstrings=True)
"""Every document model: unknown keys are errors and YAML's guesses are never coerced."""

DocumentId = Annotated[str, pattern(r"^[A-Z][A-Z0-9]{1,9}-[0-9]{1,4}$",
                                    "an id such as SEC-004 (capitals, a dash, 1 to 4 digits)")]
ExceptionId = Annotated[str, pattern(r"^[A-Z][A-Z0-9]{1,9}(-[0-9]{1,4}){1,2}$",
                                     "an exception id such as EXC-2026-004")]
RequirementId = Annotated[str, pattern(r"^R[1-9][0-9]{0,3}$", "a requirement id such as R1")]
OwnerKey = Annotated[str, pattern(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
                                  "an owners-registry key such as platform-team")]
SemVer = Annotated[str, pattern(
    r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$",
    "a semantic version such as 2.1.0")]
ControlRef = Annotated[str, pattern(r"^[A-Za-z0-9][A-Za-z0-9_.-]*:\S+$",
                                    "a control reference FRAMEWORK:CONTROL such as SOC2:CC7.1")]
FrameworkKey = Annotated[str, pattern(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                                      "a framework key such as SOC2 (letters, digits, . _ -)")]
ControlId = Annotated[str, pattern(r"^\S+$", "a control id such as CC7.1 (no spaces)")]
Tag = Annotated[str, pattern(r"^[a-z0-9][a-z0-9-]*$", "a lower-case tag such as security")]

_DURATION = re.compile(r"^([1-9][0-9]{0,3}) (day|week|month|year)s?$")
Duration = Annotated[str, pattern(_DURATION.pattern,
                                  "a duration such as 90 days, 6 weeks, 12 months or 1 year")]


def _iso_date(value: Any) -> Any:
    """Accept a YAML date or a quoted ``YYYY-MM-DD``; reject datetimes and other forms clearly."""
    if isinstance(value, datetime):
        raise ValueError("write a date as YYYY-MM-DD, without a time")
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(f"`{value}` is not a date in the form YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"`{value}` is not a real calendar date") from None
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def add_duration(start: date, duration: str) -> date:
    """``start`` plus a `Duration`; a month-end overflow clamps (2026-01-31 + 1 month = 02-28),
    and a date beyond the calendar (year 9999) clamps to its last day: that is never."""
    match = _DURATION.match(duration)
    if match is None:
        raise ValueError(f"not a duration: {duration!r}")
    count, unit = int(match[1]), match[2]
    if unit in ("day", "week"):
        ordinal = start.toordinal() + count * (7 if unit == "week" else 1)
        return date.fromordinal(min(ordinal, date.max.toordinal()))
    months = start.month - 1 + count * (12 if unit == "year" else 1)
    year, month = start.year + months // 12, months % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
