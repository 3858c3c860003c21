"""CTH301-308: ids are unique and every reference resolves: related documents, owners, the
policies and requirements that exceptions waive."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence

from pydantic import BaseModel

from ..diagnostic import Diagnostic, Rule, Severity
from ..model.adr import ref_key
from ..model.document import Document
from ..model.handbook import Handbook
from ..model.policy import Policy
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

RULES = (DUPLICATE_ID, UNKNOWN_POLICY_REFERENCE, UNKNOWN_ADR_REFERENCE, UNKNOWN_OWNER,
         RETIRED_REFERENCE, EXCEPTION_UNKNOWN_POLICY, EXCEPTION_UNKNOWN_REQUIREMENT,
         DUPLICATE_REQUIREMENT)


AnyDocument = Document[BaseModel]
Where = tuple[Hashable, ...]


def _unknown(rule: Rule, doc: AnyDocument, path: Where, what: str, value: str,
             known: Sequence[str]) -> Diagnostic:
    """A dangling reference, with the closest existing name as the hint when one is close."""
    close = suggest(value, known)
    return rule.at(doc.path, doc.at(*path), f"{what} `{value}` does not exist",
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
        yield exception, ("approved_by",), exception.model.approved_by


def _check_owners(handbook: Handbook) -> Iterator[Diagnostic]:
    known = handbook.owner_keys
    if known is None:
        return
    keys = sorted(known)
    for doc, path, key in _owner_references(handbook):
        if key not in known:
            yield _unknown(UNKNOWN_OWNER, doc, path, "owner", key, keys)


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


def check(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """Report duplicate ids and every reference that does not resolve."""
    yield from _check_duplicates(handbook)
    yield from _check_related(handbook)
    yield from _check_owners(handbook)
    yield from _check_exception_targets(handbook)
