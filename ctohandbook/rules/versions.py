"""CTH702-705: a change of content carries the version bump it deserves (``lint --base REF``).

Judged against the handbook at the base revision of a pull request, document by document (by
id, so a moved file is still the same document): content changed without a bump, a version that
went backwards, a material change released as a patch, a review recorded without its reviewer.
What counts as content and as material is `model.compare`'s call, the same one `ctohandbook diff`
reports. The changelog entry of the new version is CTH701's, which runs with or without a base.
"""

from __future__ import annotations

from collections.abc import Iterator

import semver

from ..diagnostic import Diagnostic, Rule, Severity
from ..model import Document, Governed
from ..model.compare import FieldChange, compare_documents
from ..model.handbook import Handbook
from .context import Context

VERSION_NOT_BUMPED = Rule(
    "CTH702", "version-not-bumped", Severity.ERROR,
    "A document's content changed since the base revision, but its `version` did not.",
    "bump `version` (patch for wording, minor or major for a material change) and add the "
    "new version to `changelog`")
VERSION_BACKWARDS = Rule(
    "CTH703", "version-backwards", Severity.ERROR,
    "A document's `version` is lower than at the base revision.",
    "versions only go up: set a version above the base revision's")
MATERIAL_PATCH = Rule(
    "CTH704", "material-change-patch-bump", Severity.ERROR,
    "A material change (requirements, scope, exception process, owner, status) was released "
    "as a patch version.",
    "bump at least the minor version for a material change")
REVIEW_WITHOUT_REVIEWER = Rule(
    "CTH705", "review-without-reviewer", Severity.WARNING,
    "`review.last_reviewed` moved since the base revision, but `review.reviewed_by` is not set.",
    "set `review.reviewed_by` to the owners-registry key of who reviewed it")

RULES = (VERSION_NOT_BUMPED, VERSION_BACKWARDS, MATERIAL_PATCH, REVIEW_WITHOUT_REVIEWER)


def _governed(handbook: Handbook) -> dict[str, Document[Governed]]:
    return {doc.model.id: doc for doc in handbook.governed}


def check(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """Compare every governed document with itself at the base revision, if one is given."""
    if context.base is None:
        return
    since = f"since {context.base_name}" if context.base_name else "since the base revision"
    before = _governed(context.base)
    for doc in handbook.governed:
        old = before.get(doc.model.id)
        if old is None:
            continue  # new: CTH701 asks for its changelog entry
        change = compare_documents(old, doc, context.today)
        if change is None:
            continue
        yield from _version_findings(doc, old.model, change.content_fields, since)
        review, old_review = doc.model.review, old.model.review
        if review is not None and review.last_reviewed is not None and \
                review.reviewed_by is None and \
                review.last_reviewed != (old_review.last_reviewed if old_review else None):
            yield REVIEW_WITHOUT_REVIEWER.at(
                doc.path, doc.at("review", "last_reviewed"),
                f"{doc.model.id} records a review on {review.last_reviewed} {since}, but not "
                "who reviewed it")


def _version_findings(doc: Document[Governed], old: Governed, content: tuple[FieldChange, ...],
                      since: str) -> Iterator[Diagnostic]:
    model = doc.model
    new_version, old_version = semver.Version.parse(model.version), \
        semver.Version.parse(old.version)
    where = doc.at("version")
    if new_version < old_version:
        yield VERSION_BACKWARDS.at(
            doc.path, where, f"{model.id} is at version {model.version}, below "
            f"{old.version} {since}")
        return
    if not content:
        return
    changed = _summary(content)
    if new_version == old_version:
        yield VERSION_NOT_BUMPED.at(
            doc.path, where, f"{model.id} changed {since} ({changed}) but is still at version "
            f"{model.version}",
            f"bump `version` to {_next(old_version, content)} and add it to `changelog`")
    elif any(f.material for f in content) and \
            (new_version.major, new_version.minor) == (old_version.major, old_version.minor):
        yield MATERIAL_PATCH.at(
            doc.path, where, f"{model.id} changed materially {since} ({changed}), but "
            f"{old.version} -> {model.version} is a patch bump",
            f"bump `version` to at least {old_version.bump_minor()} and add it to `changelog`")


def _next(version: semver.Version, content: tuple[FieldChange, ...]) -> str:
    material = any(f.material for f in content)
    return str(version.bump_minor() if material else version.bump_patch())


def _summary(content: tuple[FieldChange, ...], most: int = 4) -> str:
    names = list(dict.fromkeys(f.subject for f in content))
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")
