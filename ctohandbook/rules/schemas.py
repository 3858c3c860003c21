"""CTH707: the JSON Schemas kept in the repository for editors match the document kinds.

Like CTH706, a project-level check: it judges the ``schemas/`` folder beside the handbook, so it
speaks only when the `Context` has a project. `ctohandbook.repo.schemas` works out which kept
schemas are stale; this module says so. It speaks only for repositories that opted in by
running ``ctohandbook schema --write schemas`` once: a handbook without a ``schemas/`` folder
of ours gives no finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import START, Diagnostic, Rule, Severity
from ..model.handbook import Handbook
from ..repo.schemas import FOLDER, stale
from ..sources.files import display_path
from .context import Context

SCHEMAS_OUT_OF_DATE = Rule(
    "CTH707", "schemas-out-of-date", Severity.ERROR,
    "A JSON Schema in the handbook's `schemas/` folder is missing, or differs from what this "
    "version of ctohandbook writes, so editors would check the YAML against the wrong fields.",
    "run `ctohandbook schema --write schemas`")

RULES = (SCHEMAS_OUT_OF_DATE,)


def check(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """CTH707 for each document kind whose schema in the project's ``schemas/`` folder is
    missing or out of date, the hint naming that folder as the user would type it; nothing
    without a project. Never raises."""
    if context.project is None:
        return
    folder = context.project.root / FOLDER
    hint = f"run `ctohandbook schema --write {display_path(folder)}`"
    for schema in stale(folder):
        state = "missing" if schema.missing else "out of date"
        yield SCHEMAS_OUT_OF_DATE.at(display_path(schema.path), START,
                                     f"the JSON Schema of `{schema.kind}` is {state}", hint)
