"""ctohandbook: governance as code, published as a MkDocs handbook and checked in CI.

The public API is what this module exports; everything else may change between releases.
"""

from __future__ import annotations

from .diagnostic import Diagnostic, Position, Rule, Severity
from .lint import LintResult, lint, lint_project
from .model import (
    Document,
    Handbook,
    Owner,
    OwnersRegistry,
    Policy,
    PolicyException,
    Requirement,
    load_handbook,
)
from .project.settings import ConfigError, Project, Settings, load_project, resolve_today
from .rules.context import Context
from .rules.registry import RULES
from .version import __version__

__all__ = [
    "RULES", "ConfigError", "Context", "Diagnostic", "Document", "Handbook", "LintResult",
    "Owner", "OwnersRegistry", "Policy", "PolicyException", "Position", "Project",
    "Requirement", "Rule", "Settings", "Severity", "__version__", "lint", "lint_project",
    "load_handbook", "load_project", "resolve_today",
]
