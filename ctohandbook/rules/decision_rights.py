"""CTH501-507: every decision of a decision-rights matrix has exactly one role that decides, at
least one that does the work, and names only roles that are declared and resolve."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic, Rule, Severity, shorten
from ..model.decision_rights import Decision, DecisionRights
from ..model.document import Document
from ..model.handbook import Handbook
from ..model.validation import suggest
from .context import Context
from .references import duplicates

E = Severity.ERROR

ACCOUNTABLE_COUNT = Rule(
    "CTH501", "raci-accountable", E,
    "A decision has no accountable role (`A`), or more than one.",
    "mark exactly one role `A`: the one who decides and answers for the decision")
RESPONSIBLE_MISSING = Rule(
    "CTH502", "raci-responsible", E, "A decision has no responsible role (`R`).",
    "mark the role that does the work `R` (the accountable role may be `A/R`)")
RACI_LETTERS = Rule(
    "CTH503", "raci-letters", E,
    "A RACI cell is not R, A, C or I, or several of them joined by `/` with none repeated.",
    "write R, A, C or I, or several joined by `/` such as `A/R`")
ROLE_UNDECLARED = Rule(
    "CTH504", "raci-role-undeclared", E,
    "A decision names a role that the matrix does not declare in `roles`.",
    "add the role to `roles`, or correct its spelling")
ROLE_UNKNOWN = Rule(
    "CTH505", "raci-role-unknown", E,
    "A declared role is not a key of the owners registry (checked when there is one).",
    "use a key of the owners registry, or add the role to it")
ESCALATION_UNKNOWN = Rule(
    "CTH506", "raci-escalation-unknown", E,
    "A decision escalates to someone who is neither a declared role nor an owners-registry key "
    "(checked when the handbook has an owners registry).",
    "escalate to a declared role or to a key of the owners registry")
DUPLICATE_DECISION = Rule(
    "CTH507", "duplicate-decision", E, "A matrix numbers two decisions the same.",
    "give each decision its own id; never reuse the id of a removed one")

RULES = (ACCOUNTABLE_COUNT, RESPONSIBLE_MISSING, RACI_LETTERS, ROLE_UNDECLARED, ROLE_UNKNOWN,
         ESCALATION_UNKNOWN, DUPLICATE_DECISION)

LETTERS = ("R", "A", "C", "I")
"""The RACI letters, in the order the legend explains them."""


def letters(cell: str) -> list[str]:
    """The letters a cell gives its role, read leniently (``a / r`` is A and R): what the cell
    means, so that a misspelt cell is reported once, as CTH503, and not again as a missing A."""
    return [part for part in (raw.strip().upper() for raw in cell.split("/"))
            if part in LETTERS]


def check(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """Report decisions without a single decision-maker or anyone to do the work, malformed
    cells, roles that are not declared or do not resolve, and duplicate decision ids."""
    known = handbook.owner_keys
    for doc in handbook.of_kind(DecisionRights):
        matrix = doc.model
        if known is not None:
            keys = sorted(known)
            for index, role in enumerate(matrix.roles):
                if role not in known:
                    close = suggest(role, keys)
                    yield ROLE_UNKNOWN.at(doc.path, doc.at("roles", index),
                                          f"{matrix.id} role `{role}` is not in the owners "
                                          "registry", f"did you mean `{close}`?" if close else None)
        for index, decision in enumerate(matrix.decisions):
            yield from _check_decision(doc, index, decision, known)
        yield from duplicates(((decision.id, doc, ("decisions", index, "id"))
                               for index, decision in enumerate(matrix.decisions)),
                              f"{matrix.id} decision", DUPLICATE_DECISION)


def _check_decision(doc: Document[DecisionRights], index: int, decision: Decision,
                    known: set[str] | None) -> Iterator[Diagnostic]:
    matrix = doc.model
    cited = f"{matrix.id}/{decision.id}"
    where = ("decisions", index)
    accountable: list[str] = []
    responsible = False
    for role, cell in decision.raci.items():
        if role not in matrix.roles:
            close = None if known is not None and role in known else suggest(role, matrix.roles)
            yield ROLE_UNDECLARED.at(
                doc.path, doc.source.position(*where, "raci", role),
                f"{cited} names role `{shorten(role)}`, which {matrix.id} does not declare in "
                "`roles`", f"did you mean `{close}`?" if close else None)
        problem = _cell_problem(cell)
        if problem is not None:
            yield RACI_LETTERS.at(doc.path, doc.at(*where, "raci", role),
                                  f"{cited} gives `{shorten(role)}` {problem[0]}", problem[1])
        read = letters(cell)
        if "A" in read:
            accountable.append(role)
        responsible = responsible or "R" in read
    if not accountable:
        yield ACCOUNTABLE_COUNT.at(doc.path, doc.at(*where, "raci"),
                                   f"{cited} has no accountable role (`A`)")
    elif len(accountable) > 1:
        names = ", ".join(f"`{shorten(role)}`" for role in accountable)
        yield ACCOUNTABLE_COUNT.at(doc.path, doc.at(*where, "raci", accountable[1]),
                                   f"{cited} has {len(accountable)} accountable roles (`A`): "
                                   f"{names}")
    if not responsible:
        yield RESPONSIBLE_MISSING.at(doc.path, doc.at(*where, "raci"),
                                     f"{cited} has no responsible role (`R`)")
    escalation = decision.escalation
    if known is not None and escalation is not None and escalation not in matrix.roles \
            and escalation not in known:
        close = suggest(escalation, [*matrix.roles, *sorted(known)])
        yield ESCALATION_UNKNOWN.at(
            doc.path, doc.at(*where, "escalation"),
            f"{cited} escalates to `{escalation}`, which is neither a role of {matrix.id} nor in "
            "the owners registry", f"did you mean `{close}`?" if close else None)


def _cell_problem(cell: str) -> tuple[str, str | None] | None:
    """What is wrong with a RACI cell and, when it is clear, the cell to write instead; ``None``
    when nothing is wrong. Spaces around a `/` are fine: they change nothing the page shows."""
    if not cell.strip():
        return "no letter", None
    parts = [part.strip() for part in cell.split("/")]
    shown = f"`{shorten(cell)}`"
    if not all(parts):
        return f"{shown}, with no letter on one side of a `/`", None
    wrong = [part for part in parts if part not in LETTERS]
    if wrong and all(part.upper() in LETTERS for part in wrong):
        return f"{shown}, with a lower-case letter", f"write `{'/'.join(parts).upper()}`"
    if wrong:
        return f"{shown}: `{shorten(wrong[0])}` is not R, A, C or I", None
    if len(set(parts)) < len(parts):
        return (f"{shown}, which repeats a letter",
                f"write `{'/'.join(dict.fromkeys(parts))}`")
    return None
