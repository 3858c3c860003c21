"""Small pieces of English shared by messages, so that every message counts alike."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 file``, ``2 files``; ``many`` for irregular plurals (``2 matrices``)."""
    return f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"


def relative_days(days: int) -> str:
    """A day offset from today in words: ``3 days ago``, ``today``, ``in 1 day``."""
    if days < 0:
        return f"{plural(-days, 'day')} ago"
    return "today" if days == 0 else f"in {plural(days, 'day')}"
