"""CTH201-204: every governed document in force names an owner, a review date and cadence, and an
exception process. Retired documents are exempt: they are kept for the record only."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic, Rule, Severity
from ..model.handbook import Handbook
from .context import Context

E = Severity.ERROR

OWNER_MISSING = Rule("CTH201", "owner-missing", E, "A governed document names no owner.",
                     "add `owner:` with a key of the owners registry")
REVIEW_DATE_MISSING = Rule(
    "CTH202", "review-date-missing", E, "A governed document has no `review.last_reviewed` date.",
    "add `review:` with `last_reviewed: YYYY-MM-DD` and `every: 12 months`")
REVIEW_CADENCE_MISSING = Rule(
    "CTH203", "review-cadence-missing", E,
    "A governed document has neither `review.every` nor `review.next_review`.",
    "add `every: 12 months` (or `next_review: YYYY-MM-DD`) under `review:`")
EXCEPTION_PROCESS_MISSING = Rule(
    "CTH204", "exception-process-missing", E,
    "A governed document has no exception process, or one without its `process` text, "
    "`approver` or `max_duration`.",
    "add `exceptions:` with `process` (how to ask), `approver` and `max_duration`")

RULES = (OWNER_MISSING, REVIEW_DATE_MISSING, REVIEW_CADENCE_MISSING, EXCEPTION_PROCESS_MISSING)

_PROCESS_PARTS = ("process", "approver", "max_duration")


def check(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """Report what each governed document in force lacks."""
    for doc in handbook.governed:
        model = doc.model
        if model.status == "retired":
            continue
        if model.owner is None:
            yield OWNER_MISSING.at(doc.path, doc.at("owner"), f"{model.id} has no owner")
        review = model.review
        if review is None or review.last_reviewed is None:
            yield REVIEW_DATE_MISSING.at(
                doc.path, doc.at("review", "last_reviewed"),
                f"{model.id} has no review date (`review.last_reviewed`)",
                None if review is None else "add `last_reviewed: YYYY-MM-DD` under `review:`")
        if review is not None and review.every is None and review.next_review is None:
            yield REVIEW_CADENCE_MISSING.at(
                doc.path, doc.at("review"),
                f"{model.id} has no review cadence (`review.every` or `review.next_review`)")
        process = model.exceptions
        missing = [part for part in _PROCESS_PARTS
                   if process is None or not (getattr(process, part) or "").strip()]
        if process is None:
            yield EXCEPTION_PROCESS_MISSING.at(doc.path, doc.at("exceptions"),
                                               f"{model.id} has no exception process")
        elif missing:
            names = ", ".join(f"`{part}`" for part in missing)
            yield EXCEPTION_PROCESS_MISSING.at(
                doc.path, doc.at("exceptions", missing[0]),
                f"{model.id}'s exception process has no {names}",
                f"add {names} under `exceptions:`")
