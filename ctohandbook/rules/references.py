"""CTH301-311: ids are unique and every reference resolves: related documents, owners (which
need an owners registry to resolve against), the policies and requirements that exceptions
waive, the framework controls requirements cite."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence

from pydantic import BaseModel

from ..diagnostic import Diagnostic, Rule, Severity, shorten
from ..model.adr import ref_key
from ..model.document import Document
from ..model.handbook import Handbook
from ..model.policy import Numbered, Policy
from ..model.validation import suggest
from .context import Context

E, W = Severity.ERROR, Severity.WARNING

DUPLICATE_ID = Rule("CTH301", "duplicate-id", E,
                    "Two documents (or two owners registries) declare the same id or key.",
                    "give one of them a new, unused id")
UNKNOWN_POLICY_REFERENCE = Rule(
    "CTH302", "unknown-policy-reference", E,
    "`related.policies` names an id no document declares.", "correct or remove the reference")
UNKNOWN_ADR_REFERENCE = Rule(
    "CTH303", "unknown-adr-reference", E,
    "`related.adrs` names an ADR that is not in the ADR folder.",
    "correct or remove the reference")
UNKNOWN_OWNER = Rule(
    "CTH304", "unknown-owner", E,
    "An owner, approver, reviewer or requester is not a key of the owners registry.",
    "use a key of the owners registry, or add the owner to it")
RETIRED_REFERENCE = Rule(
    "CTH305", "retired-reference", W, "An active document refers to a retired policy.",
    "refer to the policy that replaced it, or remove the reference")
EXCEPTION_UNKNOWN_POLICY = Rule(
    "CTH306", "exception-unknown-policy", E,
    "An exception waives a policy (or other governed document) that does not exist.",
    "set `policy:` to the id of an existing policy, runbook standard or decision-rights matrix")
EXCEPTION_UNKNOWN_REQUIREMENT = Rule(
    "CTH307", "exception-unknown-requirement", E,
    "An exception waives a requirement id its policy (or runbook standard) does not have.",
    "use requirement ids of the policy, or omit `requirements` to waive the whole policy")
DUPLICATE_REQUIREMENT = Rule(
    "CTH308", "duplicate-requirement", E, "A policy numbers two requirements the same.",
    "give each requirement its own id; never reuse the id of a removed one")

UNKNOWN_FRAMEWORK = Rule(
    "CTH309", "unknown-framework", E,
    "A requirement's `controls:` entry names a framework that `frameworks` in mkdocs.yml does "
    "not declare (judged only when it declares at least one).",
    "correct the framework, or declare it under `frameworks` of the ctohandbook plugin in "
    "mkdocs.yml")
UNKNOWN_CONTROL = Rule(
    "CTH310", "unknown-control", E,
    "A requirement's `controls:` entry names a control that is not in the `controls` list "
    "declared for its framework in mkdocs.yml.",
    "correct the control, or add it to the framework's `controls` in mkdocs.yml")

NO_OWNERS_REGISTRY = Rule(
    "CTH311", "no-owners-registry", W,
    "A document names owners but the handbook has no owners registry, so no owner key can be "
    "checked: a mistyped owner would pass.",
    "add an owners registry (`kind: owners`) to the policies folder declaring every key the "
    "documents use")

RULES = (DUPLICATE_ID, UNKNOWN_POLICY_REFERENCE, UNKNOWN_ADR_REFERENCE, UNKNOWN_OWNER,
         RETIRED_REFERENCE, EXCEPTION_UNKNOWN_POLICY, EXCEPTION_UNKNOWN_REQUIREMENT,
         DUPLICATE_REQUIREMENT, UNKNOWN_FRAMEWORK, UNKNOWN_CONTROL, NO_OWNERS_REGISTRY)


AnyDocument = Document[BaseModel]
Where = tuple[Hashable, ...]


def _unknown(rule: Rule, doc: AnyDocument, path: Where, what: str, value: str,
             known: Sequence[str]) -> Diagnostic:
    """A dangling reference, with the closest existing name as the hint when one is close."""
    close = suggest(value, known)
    return rule.at(doc.path, doc.at(*path), f"{what} `{shorten(value)}` does not exist",
                   f"did you mean `{close}`?" if close else None)


def duplicates(entries: Iterable[tuple[str, AnyDocument, Where]], what: str,
               rule: Rule = DUPLICATE_ID) -> Iterator[Diagnostic]:
    """Every entry whose key an earlier entry already declared, pointing at the earlier one."""
    first: dict[str, tuple[AnyDocument, Where]] = {}
    for key, doc, path in entries:
        if key in first:
            other, other_path = first[key]
            yield rule.at(doc.path, doc.at(*path),
                          f"{what} `{key}` is also declared at "
                          f"{other.path}:{other.at(*other_path).line}")
        else:
            first[key] = (doc, path)


def _check_duplicates(handbook: Handbook) -> Iterator[Diagnostic]:
    ids: list[tuple[str, AnyDocument, Where]] = [
        *((d.model.id, d, ("id",)) for d in handbook.governed),
        *((d.model.id, d, ("id",)) for d in handbook.exceptions)]
    yield from duplicates(ids, "id")
    if handbook.adrs is not None:  # ADR-0007 may be a YAML id too: links and search would clash
        adrs = handbook.adr_index
        for key, doc, path in ids:
            if key in adrs:
                yield DUPLICATE_ID.at(doc.path, doc.at(*path),
                                      f"id `{key}` is also the ADR {adrs[key].path}")
    yield from duplicates(((key, registry, ("owners", key)) for registry in handbook.registries
                           for key in registry.model.owners), "owner")
    for policy in handbook.of_kind(Policy):
        yield from duplicates(((req.id, policy, ("requirements", index, "id"))
                               for index, req in enumerate(policy.model.requirements)),
                              f"{policy.model.id} requirement", DUPLICATE_REQUIREMENT)


def _check_related(handbook: Handbook) -> Iterator[Diagnostic]:
    declared = {doc.model.id: doc for doc in reversed(handbook.governed)}
    known_ids = sorted(declared)
    for doc in handbook.governed:
        model = doc.model
        for index, ref in enumerate(model.related.policies):
            target = declared.get(ref)
            if target is None:
                if ref not in handbook.invalid_ids:
                    yield _unknown(UNKNOWN_POLICY_REFERENCE, doc, ("related", "policies", index),
                                   "related policy", ref, known_ids)
            elif model.status == "active" and target.model.status == "retired":
                yield RETIRED_REFERENCE.at(doc.path, doc.at("related", "policies", index),
                                           f"{model.id} refers to retired policy {ref}")
        if handbook.adrs is not None:
            for index, ref in enumerate(model.related.adrs):
                if ref_key(ref) not in handbook.adr_index:
                    yield _unknown(UNKNOWN_ADR_REFERENCE, doc, ("related", "adrs", index),
                                   "related ADR", ref, sorted(handbook.adr_index))


def _owner_references(handbook: Handbook) -> Iterator[tuple[AnyDocument, Where, str]]:
    """Every owners-registry key a document names, with where it names it."""
    for doc in handbook.governed:
        model = doc.model
        if model.owner:
            yield doc, ("owner",), model.owner
        for index, approver in enumerate(model.approvers):
            yield doc, ("approvers", index), approver
        if model.review is not None and model.review.reviewed_by:
            yield doc, ("review", "reviewed_by"), model.review.reviewed_by
        if model.exceptions is not None and model.exceptions.approver:
            yield doc, ("exceptions", "approver"), model.exceptions.approver
    for exception in handbook.exceptions:
        yield exception, ("requested_by",), exception.model.requested_by
        if exception.model.approved_by is not None:
            yield exception, ("approved_by",), exception.model.approved_by

def _check_owners(handbook: Handbook) -> Iterator[Diagnostic]:
    known = handbook.owner_keys
    if known is None:
        yield from _unchecked_owners(handbook)
        return
    keys = sorted(known)
    for doc, path, key in _owner_references(handbook):
        if key not in known:
            yield _unknown(UNKNOWN_OWNER, doc, path, "owner", key, keys)


def _unchecked_owners(handbook: Handbook) -> Iterator[Diagnostic]:
    """One CTH311 per document that names owners, at the first it names, when there is no
    registry to check them against."""
    seen: set[str] = set()
    for doc, path, key in _owner_references(handbook):
        if doc.path not in seen:
            seen.add(doc.path)
            yield NO_OWNERS_REGISTRY.at(
                doc.path, doc.at(*path),
                f"owner `{shorten(key)}` cannot be checked: the handbook has no owners registry")

def _check_exception_targets(handbook: Handbook) -> Iterator[Diagnostic]:
    policies = handbook.waivable
    for doc in handbook.exceptions:
        exc = doc.model
        policy = policies.get(exc.policy)
        if policy is None:
            if exc.policy not in handbook.invalid_ids:
                yield _unknown(EXCEPTION_UNKNOWN_POLICY, doc, ("policy",), "policy", exc.policy,
                               sorted(policies))
            continue
        requirement_ids = policy.model.requirement_ids()
        for index, ref in enumerate(exc.requirements):
            if ref not in requirement_ids:
                yield _unknown(EXCEPTION_UNKNOWN_REQUIREMENT, doc, ("requirements", index),
                               f"{exc.policy} requirement", ref, requirement_ids)


def _closest_framework(key: str, declared: Sequence[str]) -> str | None:
    """The declared framework ``key`` most likely meant: the same name in other case first
    (``soc2``), which string similarity would miss, else the closest spelling."""
    same = [name for name in declared if name.casefold() == key.casefold()]
    return same[0] if same else suggest(key, declared)


def _check_controls(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """Every ``controls:`` entry of an undeclared framework, or naming a control outside its
    framework's declared list. Without declared frameworks nothing can be judged: the coverage
    page then lists what is cited."""
    frameworks = context.frameworks
    if not frameworks:
        return
    names = list(frameworks)
    for doc in handbook.governed:
        if not isinstance(doc.model, Numbered):
            continue
        for index, requirement in enumerate(doc.model.requirements):
            for position, ref in enumerate(requirement.controls):
                key, _, control = ref.partition(":")
                where = doc.at("requirements", index, "controls", position)
                framework = frameworks.get(key)
                if framework is None:
                    close = _closest_framework(key, names)
                    yield UNKNOWN_FRAMEWORK.at(
                        doc.path, where,
                        f"framework `{shorten(key)}` of `{shorten(ref)}` is not declared",
                        f"did you mean `{close}:{shorten(control)}`?" if close else None)
                elif framework.controls is not None and control not in framework.controls:
                    close = suggest(control, framework.controls)
                    yield UNKNOWN_CONTROL.at(
                        doc.path, where,
                        f"`{shorten(control)}` is not a declared control of {key}",
                        f"did you mean `{key}:{close}`?" if close else None)


def check(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """Report duplicate ids and every reference that does not resolve."""
    yield from _check_duplicates(handbook)
    yield from _check_related(handbook)
    yield from _check_owners(handbook)
    yield from _check_exception_targets(handbook)
    yield from _check_controls(handbook, context)
