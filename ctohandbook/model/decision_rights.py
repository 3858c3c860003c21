"""``kind: decision-rights``: a RACI matrix of who decides, does, is consulted and is informed.

The RACI cells are kept as the text written (``A``, ``A/R``, ``a``, ``X``) rather than
constrained by the schema: a schema error could only say "does not match a pattern", while the
CTH5xx checks can say which role has no decision-maker, which letter is repeated, and what to
write instead.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .governed import Governed
from .types import STRICT, OwnerKey, pattern

DecisionId = Annotated[str, pattern(r"^D[1-9][0-9]{0,3}$", "a decision id such as D1")]


class Decision(BaseModel):
    """One decision of the matrix, cited as ``DR-001/D1``."""

    model_config = STRICT

    id: DecisionId
    """D1, D2, ...: unique within the matrix and never reused."""
    area: str
    """The group the decision is listed under, such as Architecture or Budget."""
    decision: str
    """What is decided (Markdown, one line)."""
    raci: dict[str, str]
    """Role -> letters: `R` responsible, `A` accountable, `C` consulted, `I` informed; one role
    may hold several, joined by `/` (`A/R`). Exactly one `A` and at least one `R` per decision."""
    escalation: OwnerKey | None = None
    """Who settles a disagreement: a declared role or an owners-registry key."""
    notes: str | None = None
    """Limits, thresholds and delegations (Markdown)."""


class DecisionRights(Governed):
    """Who decides what: one RACI row per decision, grouped by area."""

    kind: Literal["decision-rights"]
    """Always `decision-rights`."""
    summary: str
    """What the matrix covers and how to read it (Markdown)."""
    roles: list[OwnerKey] = Field(min_length=1)
    """The roles the matrix names, in column order (owners-registry keys)."""
    decisions: list[Decision] = Field(min_length=1)
    """The decisions, in the order they are listed."""
