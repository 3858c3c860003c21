"""CTH706: the generated block of CODEOWNERS matches the owners of the governance files.

The check needs the repository around the handbook, not just the handbook, so it has no
``check`` of the registry's form: `lint_project` calls `ctohandbook.repo.codeowners.findings`. It
speaks only for repositories that opted in by running ``ctohandbook codeowners`` once: a
CODEOWNERS without the block, or no CODEOWNERS at all, gives no finding.
"""

from __future__ import annotations

from ..diagnostic import Rule, Severity

CODEOWNERS_OUT_OF_DATE = Rule(
    "CTH706", "codeowners-out-of-date", Severity.ERROR,
    "The ctohandbook block of CODEOWNERS does not give each governance file to its owner as the "
    "governance files say, or its markers are broken.",
    "run `ctohandbook codeowners`")

RULES = (CODEOWNERS_OUT_OF_DATE,)
