"""What rules know beyond the documents: the date they judge by and how far ahead to warn."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Context:
    """The inputs every check shares."""

    today: date
    """The date staleness and expiry are judged against."""
    warn_days: int = 30
    """How many days ahead a coming review or expiry is a warning."""
