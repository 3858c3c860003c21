"""CTH706: the generated block of CODEOWNERS matches the owners of the governance files.

A project-level check: it judges the repository around the handbook, so it speaks only when the
`Context` has a project (a lint run of a whole project does). `ctohandbook.repo.codeowners`
works out what the file holds and should hold; this module says what is wrong with it. It
speaks only for repositories that opted in by running ``ctohandbook codeowners`` once: a
CODEOWNERS without the block, or no CODEOWNERS at all, gives no finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic, Position, Rule, Severity
from ..model.handbook import Handbook
from ..repo.codeowners import CodeownersError, kept_plan
from ..wording import plural
from .context import Context

CODEOWNERS_OUT_OF_DATE = Rule(
    "CTH706", "codeowners-out-of-date", Severity.ERROR,
    "The ctohandbook block of CODEOWNERS does not give each governance file to its owner as the "
    "governance files say, or its markers are broken.",
    "run `ctohandbook codeowners`")

RULES = (CODEOWNERS_OUT_OF_DATE,)


def check(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """CTH706 when the repository's CODEOWNERS has a block that is out of date or broken; nothing
    when it has none or there is no project. Never raises: a file that cannot be read or has
    broken markers is itself the finding."""
    if context.project is None:
        return
    try:
        sync = kept_plan(context.project, handbook)
    except CodeownersError as error:
        if error.marked:
            yield CODEOWNERS_OUT_OF_DATE.at(error.display, Position(error.line, 1),
                                            error.problem, error.remedy)
        return
    if sync is None or sync.block_line is None or not sync.changed:
        return
    count = sync.differing_lines
    yield CODEOWNERS_OUT_OF_DATE.at(
        sync.display, Position(sync.block_line, 1),
        f"the ctohandbook block of {sync.display} is out of date "
        f"({plural(count, 'line')} differ{'s' if count == 1 else ''})")
