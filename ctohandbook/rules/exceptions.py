"""CTH210-215: exceptions are time-boxed, granted by the right person, and do not outlive their
welcome. Checks that need the waived policy skip exceptions whose policy is unknown (CTH306);
an exception not yet granted is judged once it is (CTH802 reports it meanwhile)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic, Rule, Severity
from ..model.handbook import Handbook
from ..model.types import add_duration
from ..wording import relative_days
from .context import Context

E, W = Severity.ERROR, Severity.WARNING

EXCEPTION_EXPIRED = Rule(
    "CTH210", "exception-expired", E, "An exception has passed its expiry date.",
    "delete the exception file (git keeps the record), or grant a new exception with a new id",
    calendar=True)
EXCEPTION_EXPIRING = Rule(
    "CTH211", "exception-expiring", W, "An exception expires within `warn_days`.",
    "finish the remediation plan, or ask the approver for a new exception in time", calendar=True)
EXCEPTION_DATES = Rule(
    "CTH212", "exception-dates", E, "An exception expires on or before the day it was granted.",
    "correct `granted` and `expires`")
EXCEPTION_TOO_LONG = Rule(
    "CTH213", "exception-too-long", E,
    "An exception runs longer than its policy's `exceptions.max_duration`.",
    "shorten `expires` to the latest date the policy allows")
EXCEPTION_APPROVER = Rule(
    "CTH214", "exception-approver", E,
    "An exception's `approved_by` is not the policy's exception approver.",
    "have the policy's exception approver grant it and set `approved_by` to them")

EXCEPTION_NOT_IN_FORCE = Rule(
    "CTH215", "exception-not-in-force", W,
    "An exception waives a policy that is retired, so there is nothing left to waive.",
    "delete the exception, or point it at the policy that replaced the retired one")

RULES = (EXCEPTION_EXPIRED, EXCEPTION_EXPIRING, EXCEPTION_DATES, EXCEPTION_TOO_LONG,
         EXCEPTION_APPROVER, EXCEPTION_NOT_IN_FORCE)


def check(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """Report expired, expiring, over-long and wrongly approved exceptions."""
    policies = handbook.waivable
    for doc in handbook.exceptions:
        exc = doc.model
        grant = exc.grant()
        if grant is None:
            continue  # not in force, so nothing to judge yet: CTH802 says what to fill in
        if exc.expires <= grant.granted:
            yield EXCEPTION_DATES.at(
                doc.path, doc.at("expires"),
                f"{exc.id} expires on {exc.expires}, not after it was granted ({grant.granted})")
        urgency, left = context.urgency(exc.expires), context.days_until(exc.expires)
        if urgency == "past":
            yield EXCEPTION_EXPIRED.at(
                doc.path, doc.at("expires"),
                f"{exc.id} (exception to {exc.policy}) expired on {exc.expires}, "
                f"{relative_days(left)}")
        elif urgency == "soon":
            yield EXCEPTION_EXPIRING.at(
                doc.path, doc.at("expires"),
                f"{exc.id} (exception to {exc.policy}) expires on {exc.expires}, "
                f"{relative_days(left)}")
        policy = policies.get(exc.policy)
        if policy is not None and policy.model.status == "retired":
            yield EXCEPTION_NOT_IN_FORCE.at(doc.path, doc.at("policy"),
                                            f"{exc.id} waives {exc.policy}, which is retired")
        process = policy.model.exceptions if policy is not None else None
        if process is None:
            continue
        if process.approver is not None and grant.approved_by != process.approver:
            yield EXCEPTION_APPROVER.at(
                doc.path, doc.at("approved_by"),
                f"{exc.id} is approved by `{grant.approved_by}`, but {exc.policy}'s exceptions "
                f"are granted by `{process.approver}`")
        if process.max_duration is not None and exc.expires > grant.granted:
            latest = add_duration(grant.granted, process.max_duration)
            if exc.expires > latest:
                yield EXCEPTION_TOO_LONG.at(
                    doc.path, doc.at("expires"),
                    f"{exc.id} runs {(exc.expires - grant.granted).days} days, beyond "
                    f"{exc.policy}'s maximum of {process.max_duration}",
                    f"set `expires` to {latest} or earlier")
