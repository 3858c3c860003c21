"""Every rule and every check, in one place: the lint run, the rules page and the tests read
this registry, so a rule added to a family module is picked up everywhere.

A family module holds its `Rule`s in ``RULES`` and its `Check` in ``check``. The project-level
checks (CTH706, CTH707), which judge files the repository keeps beside the handbook, have the
same form and speak only when `Context.project` is given. The reading rules (CTH1xx) have no
check: their findings are made while the files are read."""

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
    lists,
    placeholders,
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
             changelog, versions, codeowners, schemas, placeholders, lists)

CHECKS: tuple[Check, ...] = tuple(family.check for family in _FAMILIES)
"""The checks over the handbook and the project around it, run after every file has been
read."""

RULES: tuple[Rule, ...] = tuple(sorted(
    (*reading.RULES, *(rule for family in _FAMILIES for rule in family.RULES)),
    key=lambda rule: rule.code))
"""Every rule, by code."""
