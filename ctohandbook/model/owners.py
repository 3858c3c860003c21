"""``kind: owners``: the registry that owner, approver and reviewer keys resolve against."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel

from .types import STRICT, OwnerKey, pattern


class Owner(BaseModel):
    """A team, role or person that can own documents, with how to reach them."""

    model_config = STRICT

    name: str
    """Display name, such as Security Engineering."""
    type: Literal["team", "role", "person"]
    """What kind of owner this is."""
    github: Annotated[str, pattern(r"^@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9._-]+)?$",
                                   "a GitHub handle such as @acme/security")] | None = None
    """GitHub user or team, used for CODEOWNERS."""
    email: Annotated[str, pattern(r"^[^@\s<>()\[\]\"']+@[^@\s<>()\[\]\"']+$",
                                  "an e-mail address such as cto@example.com")] | None = None
    """Contact e-mail."""
    slack: Annotated[str, pattern(r"^#\S+$", "a Slack channel such as #security")] | None = None
    """Slack channel."""


class OwnersRegistry(BaseModel):
    """Every owner the handbook may name, by key."""

    model_config = STRICT

    kind: Literal["owners"]
    """Always `owners`."""
    owners: dict[OwnerKey, Owner]
    """Owners by key; documents refer to owners by these keys."""
