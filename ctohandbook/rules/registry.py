"""Every rule and every check, in one place: the lint run, the rules page and the tests read
this registry, so a rule added to a family module is picked up everywhere."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..diagnostic import Diagnostic, Rule
from ..model.handbook import Handbook
from . import (
    adrs,
    changelog,
    codeowners,
    decision_rights,
    exceptions,
    governance,
    reading,
    references,
    review,
    runbooks,
    schemas,
    versions,
)
from .context import Context

Check = Callable[[Handbook, Context], Iterable[Diagnostic]]

_FAMILIES = (governance, review, exceptions, references, adrs, decision_rights, runbooks,
             changelog, versions)

CHECKS: tuple[Check, ...] = tuple(family.check for family in _FAMILIES)
"""The cross-document checks, run after every file has been read."""

RULES: tuple[Rule, ...] = tuple(sorted(
    (*reading.RULES, *codeowners.RULES, *schemas.RULES,
     *(rule for family in _FAMILIES for rule in family.RULES)),
    key=lambda rule: rule.code))
"""Every rule, by code."""
