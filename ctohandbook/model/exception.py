"""``kind: exception``: a granted, time-boxed waiver of a policy or some of its requirements."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from .types import STRICT, DocumentId, ExceptionId, IsoDate, OwnerKey, RequirementId


class PolicyException(BaseModel):
    """A waiver: which policy, for what, approved by whom, and until when."""

    model_config = STRICT

    kind: Literal["exception"]
    """Always `exception`."""
    id: ExceptionId
    """Unique across the handbook, such as EXC-2026-004."""
    policy: DocumentId
    """The waived policy (or runbook standard, or decision-rights matrix)."""
    requirements: list[RequirementId] = []
    """The waived requirements; empty means the whole policy."""
    scope: str
    """What the waiver covers: services, systems, teams."""
    requested_by: OwnerKey
    """Who asked (an owners-registry key)."""
    approved_by: OwnerKey
    """Who granted it: must be the policy's exception approver."""
    granted: IsoDate
    """When it was granted."""
    expires: IsoDate
    """When it ends; within the policy's `max_duration` of `granted`."""
    reason: str
    """Why compliance is not possible now (Markdown)."""
    compensating_controls: str | None = None
    """What reduces the risk meanwhile (Markdown)."""
    remediation_plan: str | None = None
    """How and when compliance will be reached (Markdown)."""
