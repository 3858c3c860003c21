"""The document kinds of schema v1, by the value of their ``kind:`` key."""

from __future__ import annotations

from pydantic import BaseModel

from .decision_rights import DecisionRights
from .exception import PolicyException
from .owners import OwnersRegistry
from .policy import Policy
from .runbook import RunbookStandard

KINDS: dict[str, type[BaseModel]] = {
    "decision-rights": DecisionRights,
    "exception": PolicyException,
    "owners": OwnersRegistry,
    "policy": Policy,
    "runbook-standard": RunbookStandard,
}
"""Model class of each kind; `ctohandbook schema KIND` and the loader both dispatch on this."""

_NAMES = {model: kind for kind, model in KINDS.items()}


def kind_of(model: BaseModel) -> str:
    """The ``kind:`` of a document model, such as ``policy``."""
    return _NAMES[type(model)]
