"""What the runbook conformance report, and each runbook standard's page, show of the runbooks.

What a runbook lacks is what the CTH6xx checks find (`rules.runbooks.conformance`), word for
word, so the report and CI never disagree. Runbooks are ordinary docs pages: the report links to
them where MkDocs publishes them, outside the pages folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import quote

from ..diagnostic import Diagnostic
from ..model import Handbook
from ..model.runbook import RunbookStandard
from ..rules.context import Context
from ..rules.runbooks import Conformance, conformance
from .documents import DocumentView

REPORT = "runbooks.md"
"""The conformance report, below the pages folder."""


@dataclass(frozen=True)
class RunbookView:
    """A runbook as the report lists it."""

    result: Conformance
    page: str
    """Its docs page relative to the pages folder, for `fragments.link`: ``../runbooks/x.md``
    below ``governance``."""
    anchor: str
    """The id of its row on the report."""

    @property
    def title(self) -> str:
        """Its title, as written."""
        return self.result.runbook.title

    def text(self, key: str) -> str:
        """A front-matter value as text; ``""`` when it is not set."""
        value = self.result.runbook.metadata.get(key)
        return "" if value is None else str(value)


class Judged(NamedTuple):
    """A runbook with what fails it against one standard."""

    runbook: RunbookView
    problems: list[Diagnostic]


@dataclass(frozen=True)
class RunbookReport:
    """The runbooks that standards in force apply to, and every runbook standard."""

    runbooks: list[RunbookView]
    """In docs path order."""
    standards: list[DocumentView]
    """Every runbook standard, in force or not, by id."""

    @property
    def conforming(self) -> int:
        """How many runbooks conform."""
        return sum(1 for view in self.runbooks if not view.result.findings)

    def governed_by(self, standard: str) -> list[Judged]:
        """The runbooks ``standard`` applies to, each with what fails it against ``standard``."""
        return [Judged(view, view.result.against(standard)) for view in self.runbooks
                if any(applying.id == standard for applying in view.result.standards)]


def build_runbook_report(handbook: Handbook, context: Context, documents: list[DocumentView],
                         pages_dir: str) -> RunbookReport | None:
    """The report as of ``context.today``; ``None`` when the handbook has no runbook standard.

    Links climb out of ``pages_dir`` to the docs root: ``../`` below ``governance``, ``../../``
    below ``a/b``."""
    standards = [view for view in documents if isinstance(view.model, RunbookStandard)]
    if not standards:
        return None
    to_docs = "../" * (pages_dir.count("/") + 1)
    anchors: set[str] = set()
    views = []
    for result in conformance(handbook, context):
        docs_path = result.runbook.docs_path
        views.append(RunbookView(result, to_docs + quote(docs_path),
                                 _unique(_slug(docs_path), anchors)))
    return RunbookReport(views, standards)


def _slug(docs_path: str) -> str:
    """``runbooks/Certificate expiry.md`` -> ``runbook-runbooks-certificate-expiry``."""
    stem = docs_path.removesuffix(".md")
    return "runbook-" + (re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "page")


def _unique(anchor: str, taken: set[str]) -> str:
    """``anchor``, numbered when another runbook's path slugs the same (``a_b`` and ``a-b``)."""
    number, found = 1, anchor
    while found in taken:
        number += 1
        found = f"{anchor}-{number}"
    taken.add(found)
    return found
