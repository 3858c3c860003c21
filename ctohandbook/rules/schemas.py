"""CTH707: the JSON Schemas kept in the repository for editors match the document kinds.

Like CTH706, the check needs the repository around the handbook, so it has no ``check`` of the
registry's form: `lint_project` calls `ctohandbook.repo.schemas.findings`. It speaks only for
repositories that opted in by running ``ctohandbook schema --write schemas`` once: a handbook
without a ``schemas/`` folder of ours gives no finding.
"""

from __future__ import annotations

from ..diagnostic import Rule, Severity

SCHEMAS_OUT_OF_DATE = Rule(
    "CTH707", "schemas-out-of-date", Severity.ERROR,
    "A JSON Schema in the handbook's `schemas/` folder is missing, or differs from what this "
    "version of ctohandbook writes, so editors would check the YAML against the wrong fields.",
    "run `ctohandbook schema --write schemas`")

RULES = (SCHEMAS_OUT_OF_DATE,)
