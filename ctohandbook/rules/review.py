"""CTH205-207: documents in force are reviewed on time, and review dates are believable."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic, Rule, Severity
from ..model.handbook import Handbook
from ..wording import relative_days
from .context import Context

REVIEW_OVERDUE = Rule(
    "CTH205", "review-overdue", Severity.ERROR,
    "An active document is past its next review date.",
    "review it with its owner, then set `review.last_reviewed` to the review date", calendar=True)
REVIEW_DUE_SOON = Rule(
    "CTH206", "review-due-soon", Severity.WARNING,
    "An active document's next review falls within `warn_days`.",
    "schedule the review with the owner", calendar=True)
REVIEW_IN_FUTURE = Rule(
    "CTH207", "review-in-future", Severity.WARNING,
    "`review.last_reviewed` is after today, which usually is a typing mistake.",
    "set `review.last_reviewed` to the date the review took place")

RULES = (REVIEW_OVERDUE, REVIEW_DUE_SOON, REVIEW_IN_FUTURE)


def check(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """Report overdue and coming reviews of active documents, and reviews dated in the future."""
    today = context.today
    for doc in handbook.governed:
        model, review = doc.model, doc.model.review
        if model.status != "active" or review is None:
            continue
        if review.last_reviewed is not None and review.last_reviewed > today:
            yield REVIEW_IN_FUTURE.at(
                doc.path, doc.at("review", "last_reviewed"),
                f"{model.id} was last reviewed on {review.last_reviewed}, after today ({today})")
        due = review.next_date()
        if due is None:
            continue
        urgency = context.urgency(due)
        if urgency == "later":
            continue
        left = context.days_until(due)
        where = doc.at("review", "next_review" if review.next_review else "last_reviewed")
        owner = f" (owner: {model.owner})" if model.owner else ""
        if urgency == "past":
            yield REVIEW_OVERDUE.at(
                doc.path, where,
                f"{model.id} review is overdue: it was due on {due}, {relative_days(left)}{owner}")
        else:
            yield REVIEW_DUE_SOON.at(
                doc.path, where, f"{model.id} review is due on {due}, {relative_days(left)}{owner}")
