"""``kind: policy``: a governed document of numbered RFC 2119 requirements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from .governed import Governed
from .types import STRICT, ControlRef, RequirementId


class Requirement(BaseModel):
    """One rule of a policy, cited as ``SEC-004/R1``."""

    model_config = STRICT

    id: RequirementId
    """R1, R2, ...: unique within the policy and never reused."""
    level: Literal["must", "should", "may"]
    """The RFC 2119 level."""
    text: str
    """The requirement itself (Markdown)."""
    rationale: str | None = None
    """Why the requirement exists (Markdown)."""
    controls: list[ControlRef] = []
    """Framework controls it satisfies, such as SOC2:CC7.1 or ISO27001:A.8.8."""


class Numbered:
    """A governed document with numbered requirements, which an exception may waive one by one
    (policies and runbook standards)."""

    if TYPE_CHECKING:
        requirements: list[Requirement]

    def requirement_ids(self) -> list[str]:
        """The ids of the requirements."""
        return [requirement.id for requirement in self.requirements]


class Policy(Numbered, Governed):
    """What engineers must, should or may do, who owns it and how to get an exception."""

    kind: Literal["policy"]
    """Always `policy`."""
    summary: str
    """What the policy is for (Markdown)."""
    scope: str | None = None
    """Who and what it applies to (Markdown)."""
    requirements: list[Requirement] = Field(min_length=1)
    """The numbered requirements."""
