"""CTH701: the changelog records the current version (CTH7xx: change discipline)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic, Rule, Severity, shorten
from ..model.handbook import Handbook
from .context import Context

CHANGELOG_MISSING_VERSION = Rule(
    "CTH701", "changelog-missing-version", Severity.ERROR,
    "The `changelog` has no entry for the document's current `version`.",
    "add `- {version: X.Y.Z, date: YYYY-MM-DD, summary: ...}` at the top of `changelog`")

RULES = (CHANGELOG_MISSING_VERSION,)


def check(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """Report governed documents whose version has no changelog entry."""
    for doc in handbook.governed:
        model = doc.model
        if all(entry.version != model.version for entry in model.changelog):
            version = shorten(model.version)  # a semantic version has no length limit
            yield CHANGELOG_MISSING_VERSION.at(
                doc.path, doc.at("version"),
                f"{model.id} is at version {version}, but `changelog` has no entry for it",
                f"add `- {{version: {version}, date: YYYY-MM-DD, summary: ...}}` "
                "at the top of `changelog`")
