"""``kind: exception``: a time-boxed waiver of a policy or some of its requirements, requested
and then granted.

An exception starts as a request (``status: requested``, as ``ctohandbook new exception``
writes it): it names the policy, the scope, the requester and the expiry asked for, and waives
nothing. The policy's exception approver grants it by setting ``status: granted`` with
`approved_by` and `granted`. A file without ``status`` is granted, as every exception was before
requests existed, so existing handbooks keep their meaning. `approved_by` and `granted` are
optional in the model so that a request (or a grant that forgot them) is still read and
checked, and reported once with what to fill in (CTH802); the JSON Schema still requires them of
a granted exception, so that editors agree with the linter.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from .types import STRICT, DocumentId, ExceptionId, IsoDate, OwnerKey, RequirementId

ExceptionStatus = Literal["requested", "granted"]

GRANT_FIELDS = ("approved_by", "granted")
"""What the approver fills in to grant a requested exception."""


def _required_when_granted(schema: dict[str, Any]) -> None:
    """A ``json_schema_extra`` hook: unless ``status`` is ``requested``, the grant is
    required."""
    schema["if"] = {"properties": {"status": {"not": {"const": "requested"}}}}
    schema["then"] = {"required": list(GRANT_FIELDS)}


class PolicyException(BaseModel):
    """A waiver: which policy, for what, requested by whom, approved by whom, and until when."""

    model_config = ConfigDict(**STRICT, json_schema_extra=_required_when_granted)

    kind: Literal["exception"]
    """Always `exception`."""
    id: ExceptionId
    """Unique across the handbook, such as EXC-2026-004."""
    status: ExceptionStatus = "granted"
    """`requested` until the policy's exception approver grants it; `granted` (the default)
    once `approved_by` and `granted` say who granted it and when."""
    policy: DocumentId
    """The waived policy (or runbook standard, or decision-rights matrix)."""
    requirements: list[RequirementId] = []
    """The waived requirements; empty means the whole policy."""
    scope: str
    """What the waiver covers: services, systems, teams."""
    requested_by: OwnerKey
    """Who asked (an owners-registry key)."""
    approved_by: OwnerKey | None = None
    """Who granted it: must be the policy's exception approver (required once granted)."""
    granted: IsoDate | None = None
    """When it was granted (required once granted)."""
    expires: IsoDate
    """When it ends (for a request: the end asked for); within the policy's `max_duration` of
    `granted`."""
    reason: str
    """Why compliance is not possible now (Markdown)."""
    compensating_controls: str | None = None
    """What reduces the risk meanwhile (Markdown)."""
    remediation_plan: str | None = None
    """How and when compliance will be reached (Markdown)."""

    def grant(self) -> Grant | None:
        """Who granted it and when, if it is in force: granted, by someone, on a day; ``None``
        for a request, or a grant that does not say who or when (which waives nothing)."""
        if self.status == "requested" or self.approved_by is None or self.granted is None:
            return None
        return Grant(self.approved_by, self.granted)


class Grant(NamedTuple):
    """The grant of an exception in force."""

    approved_by: str
    granted: date
