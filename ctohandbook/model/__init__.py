"""Typed documents of schema v1 and the handbook index over them."""

from __future__ import annotations

from .decision_rights import Decision, DecisionRights
from .document import Document
from .exception import PolicyException
from .governed import ChangelogEntry, ExceptionProcess, Governed, Related, Review
from .handbook import Handbook, load_handbook
from .kinds import KINDS
from .owners import Owner, OwnersRegistry
from .policy import Policy, Requirement

__all__ = [
    "KINDS", "ChangelogEntry", "Decision", "DecisionRights", "Document", "ExceptionProcess",
    "Governed", "Handbook", "Owner", "OwnersRegistry", "Policy", "PolicyException", "Related",
    "Requirement", "Review", "load_handbook",
]
