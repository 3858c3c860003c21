"""The handbook: every document read from the governance folders, indexed for the rules."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from pydantic import BaseModel

from ..diagnostic import START, Diagnostic
from ..rules import reading
from ..sources import discover, parse_yaml, read_source
from ..sources.files import Boundary, SourceFile, display_path, file_stamp, is_folder
from ..sources.folder_files import other_files
from .adr import INDEX_STEMS, MARKDOWN_SUFFIXES, Adr, markdown_stem, read_adr
from .document import Document
from .exception import PolicyException
from .governed import Governed
from .owners import Owner, OwnersRegistry
from .policy import Policy
from .runbook import Runbook, RunbookStandard, read_runbook, runbook_paths
from .validation import validate

M = TypeVar("M", bound=BaseModel)


@dataclass
class Handbook:
    """All documents of a handbook, and the findings of reading them.

    Built once by `load_handbook`; the indexes below are computed on first use and cached.
    """

    documents: list[Document[BaseModel]] = field(default_factory=list)
    """Valid documents, in the order they were read (sorted paths)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Findings of reading and validating files (CTH1xx)."""
    files: int = 0
    """How many files were read."""
    invalid_ids: set[str] = field(default_factory=set)
    """Ids declared by files that failed validation: references to them are not reported as
    dangling, since the file's own findings already say what is wrong."""
    invalid_owner_keys: set[str] | None = None
    """Owner keys of registries that failed validation, for the same reason; ``None`` when
    every registry is valid."""
    adrs: list[Adr] | None = None
    """The ADRs, in file order; ``None`` when the handbook has no ADR folder (then references
    to ADRs are not checked)."""
    runbooks: list[Runbook] = field(default_factory=list)
    """The docs pages that runbook standards apply to."""
    adrs_dir: Path | None = None
    """The ADR folder the ADRs were read from, when there is one: links from their bodies to
    the folder's other files are pointed at where those are published."""
    adr_templates: list[Path] = field(default_factory=list)
    """The ADR tools' templates in the ADR folder: not decisions, so not published (a site
    build leaves them out of the docs when the folder is inside them)."""
    adr_files: list[Path] = field(default_factory=list)
    """The other files of an ADR folder outside the docs folder (images, diagrams), which a
    build publishes beside the ADR pages; those it could not are among the findings. Inside
    the docs folder, MkDocs publishes them itself."""

    def of_kind(self, model: type[M]) -> Iterator[Document[M]]:
        """The documents whose model is ``model`` (or a subclass of it)."""
        return (cast("Document[M]", doc) for doc in self.documents
                if isinstance(doc.model, model))

    @cached_property
    def governed(self) -> list[Document[Governed]]:
        """Documents with the governed header (owner, review, exception process)."""
        return list(self.of_kind(Governed))

    @cached_property
    def policies(self) -> dict[str, Document[Policy]]:
        """Policies by id; where an id is declared twice, the first file read wins."""
        found: dict[str, Document[Policy]] = {}
        for doc in self.of_kind(Policy):
            found.setdefault(doc.model.id, doc)
        return found

    @cached_property
    def waivable(self) -> dict[str, Document[Governed]]:
        """Governed documents by id, which exceptions may waive (a policy, but also a runbook
        standard or a decision-rights matrix); the first file read wins."""
        found: dict[str, Document[Governed]] = {}
        for doc in self.governed:
            found.setdefault(doc.model.id, doc)
        return found

    @cached_property
    def adr_index(self) -> dict[str, Adr]:
        """ADRs by id. Where two files would be one page (the same id, or ids differing only
        by case and punctuation: `Adr.page_key`), the first file read wins and the id of the
        other resolves to it, so that only the first is published and CTH404 names both."""
        first: dict[str, Adr] = {}
        found: dict[str, Adr] = {}
        for adr in self.adrs or ():
            found.setdefault(adr.id, first.setdefault(adr.page_key, adr))
        return found

    @cached_property
    def runbook_standards(self) -> list[Document[RunbookStandard]]:
        """Every runbook standard."""
        return list(self.of_kind(RunbookStandard))

    @cached_property
    def exceptions(self) -> list[Document[PolicyException]]:
        """Every exception document."""
        return list(self.of_kind(PolicyException))

    @cached_property
    def registries(self) -> list[Document[OwnersRegistry]]:
        """Every owners registry (a handbook may split its registry across files)."""
        return list(self.of_kind(OwnersRegistry))

    @cached_property
    def owners(self) -> dict[str, Owner]:
        """Owners by key across all valid registries."""
        found: dict[str, Owner] = {}
        for registry in self.registries:
            for key, owner in registry.model.owners.items():
                found.setdefault(key, owner)
        return found

    @cached_property
    def owner_keys(self) -> set[str] | None:
        """Every key any registry declares, valid or not; ``None`` when the handbook has no
        registry at all (then owner keys are not checked)."""
        if not self.registries and self.invalid_owner_keys is None:
            return None
        return set(self.owners) | (self.invalid_owner_keys or set())


def load_handbook(roots: Sequence[Path], *, max_file_size: int, base: Path | None = None,
                  adrs_dir: Path | None = None, docs_dir: Path | None = None,
                  cache: ReadCache | None = None, root: Path | None = None) -> Handbook:
    """Read every YAML file below ``roots``, the ADRs in ``adrs_dir`` and the runbooks in
    ``docs_dir`` that the runbook standards apply to; never raises for anything a file contains.

    ``base`` is the folder paths are shown relative to (default: the working directory).
    ``root`` is the repository (default: ``base``): a file or folder whose real place is
    outside it (and outside the folders given, when they lie outside it) is reported, not
    read. ``cache``, kept by the caller between calls, spares
    re-reading files that did not change.
    """
    handbook = Handbook()
    within = Boundary.of(root or base or Path.cwd(), [*roots, adrs_dir, docs_dir])
    reader = _Reader(handbook, max_file_size, base, cache, within)
    for path in _unique(discover(roots, within=within)):
        result = reader.read(path, _read_yaml)
        if isinstance(result.document, Document):
            handbook.documents.append(result.document)
        elif result.invalid_data is not None:
            _remember_declared(handbook, result.invalid_data)
    if adrs_dir is not None and is_folder(adrs_dir):
        handbook.adrs_dir = adrs_dir
        handbook.adrs = []
        for path in _unique(discover([adrs_dir], MARKDOWN_SUFFIXES, within)):
            result = reader.read(path, _read_adr)
            if isinstance(result.document, Adr):
                handbook.adrs.append(result.document)
            elif result.recognised == "template":
                handbook.adr_templates.append(path)
        if docs_dir is None or not _inside(adrs_dir, docs_dir):
            handbook.adr_files, refused = other_files(adrs_dir, MARKDOWN_SUFFIXES,
                                                      max_file_size, within, base)
            handbook.diagnostics.extend(refused)
    if docs_dir is not None:
        standards = [doc.model for doc in handbook.runbook_standards]
        read = _read_runbook(docs_dir)
        handbook.runbooks = [runbook for path in runbook_paths(docs_dir, standards, within)
                             if isinstance(runbook := reader.read(path, read).document,
                                           Runbook)]
    searched = roots[0] if roots else adrs_dir if handbook.adrs is not None else None
    if searched is not None and not handbook.diagnostics and not handbook.adrs and \
            not any(isinstance(doc.model, Governed) for doc in handbook.documents):
        count = f"{handbook.files} file{'' if handbook.files == 1 else 's'}"
        handbook.diagnostics.append(reading.NOTHING_GOVERNED.at(
            display_path(searched, base), START,
            f"no policy, runbook standard, decision-rights matrix or ADR in {count}"))
    return handbook


_TEMPLATE = re.compile(r"_?(?:adr[-_])?template(?:[-_.][^/]*)?", re.IGNORECASE)
"""The names of the templates ADR tools keep beside the records (without the extension):
``template`` (adr-tools, log4brains, MADR 2), ``adr-template`` and its ``-minimal``, ``-bare``
variants (MADR 3 and 4). An ADR *about* templates (``0007-project-templates.md``) is not one of
them."""
_PLACEHOLDER_TITLE = re.compile(r"^#[ \t]+(?:NUMBER\. TITLE|\{[^}\n]*\}?|\[[^\]\n]*\])[ \t]*$",
                                re.MULTILINE)
"""The title line of an ADR tool's template: adr-tools' ``# NUMBER. TITLE``, MADR 3 and 4's
``# {short title of solved problem and solution}``, MADR 2 and log4brains' ``# [short title
of solved problem and solution]``. No decision is titled like that."""


NotAnAdr = Literal["template", "index"]
"""What a Markdown file of the ADR folder is recognised as when it is not an ADR."""


def not_an_adr(name: str, text: str) -> NotAnAdr | None:
    """What the Markdown file ``name`` of the ADR folder, holding ``text``, is when it is not
    an ADR; ``None`` for an ADR.

    Two kinds of file are recognised as not ADRs, each by its name *and* its content:

    - an ADR tool's template: named like one (`_TEMPLATE`) and titled with the tool's
      placeholder (`_PLACEHOLDER_TITLE`);
    - a folder's index or README (``index.md``, ``README.md``, any case): named so and stating
      no status (no ``status:`` key, ``Status:`` line or ``## Status`` section), since that
      is what makes a decision record of a file.

    Every other Markdown file is read as an ADR, so a file named like a template but holding
    a decision is published, and one holding neither is reported by the ADR checks (no
    title, status or date) instead of being dropped.
    """
    stem = markdown_stem(name)
    if _TEMPLATE.fullmatch(stem) and _PLACEHOLDER_TITLE.search(text):
        return "template"
    if stem.lower() in INDEX_STEMS and not _STATUS.search(text):
        return "index"
    return None


def is_adr_file(name: str, text: str) -> bool:
    """Whether the Markdown file ``name`` of the ADR folder, holding ``text``, is an ADR (see
    `not_an_adr`)."""
    return not_an_adr(name, text) is None


_STATUS = re.compile(r"^(?:status[ \t]*:|[*+-][ \t]+(?:\*\*)?status(?:\*\*)?[ \t]*:"
                     r"|#{2,6}[ \t]+status[ \t]*$)", re.IGNORECASE | re.MULTILINE)
"""Where a file states a status: a front-matter key or line, a bullet, a section."""


def _inside(folder: Path, other: Path) -> bool:
    """Whether ``folder`` is ``other`` or below it, as written (not through links, as MkDocs
    lists the docs folder)."""
    return Path(os.path.abspath(folder)).is_relative_to(os.path.abspath(other))


def _unique(paths: Iterable[Path]) -> Iterator[Path]:
    """Each file once, even when it is named twice (a file, and a folder holding it)."""
    seen: set[str] = set()
    for path in paths:
        key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            yield path


@dataclass(frozen=True)
class FileResult:
    """What reading one file gave: its document (if it can be used), its findings, and the raw
    values of an invalid YAML document (for what it declares)."""

    document: Document[BaseModel] | Adr | Runbook | None
    findings: list[Diagnostic]
    invalid_data: dict[str, Any] | None = None
    recognised: NotAnAdr | None = None
    """For a file of the ADR folder that is not an ADR, what it was recognised as."""


ReadCache = dict[str, tuple[tuple[int, int, str], FileResult]]
"""File results by absolute path, with the (size, mtime, shown path) they were read at: under
``mkdocs serve`` only files that changed are read again."""


def _read_yaml(source: SourceFile) -> FileResult:
    parsed, findings = parse_yaml(source)
    if parsed is None:
        return FileResult(None, findings)
    document, more = validate(parsed)
    return FileResult(document, findings + more, None if document else parsed.data)


def _read_adr(source: SourceFile) -> FileResult:
    """The ADR in ``source``, or what `not_an_adr` recognises it as."""
    recognised = not_an_adr(source.path.name, source.text)
    if recognised is not None:
        return FileResult(None, [], recognised=recognised)
    adr, findings = read_adr(source)
    return FileResult(adr, findings)


def _read_runbook(docs_dir: Path) -> Callable[[SourceFile], FileResult]:
    def read(source: SourceFile) -> FileResult:
        runbook, findings = read_runbook(source, source.path.relative_to(docs_dir).as_posix())
        return FileResult(runbook, findings)
    return read


@dataclass
class _Reader:
    """Reads files into a handbook, through the cache when there is one."""

    handbook: Handbook
    max_file_size: int
    base: Path | None
    cache: ReadCache | None
    within: Boundary

    def read(self, path: Path, parse: Callable[[SourceFile], FileResult]) -> FileResult:
        """The result of ``parse`` on the file (cached), its findings added to the handbook."""
        self.handbook.files += 1
        display = display_path(path, self.base)
        size_and_time = file_stamp(path)
        stamp = None if size_and_time is None else (*size_and_time, display)
        key = os.path.abspath(path)
        cached = self.cache.get(key) if self.cache is not None and stamp is not None else None
        if cached is not None and cached[0] == stamp:
            result = cached[1]
        else:
            source = read_source(path, display, self.max_file_size, self.within)
            result = FileResult(None, [source]) if isinstance(source, Diagnostic) \
                else parse(source)
            if self.cache is not None and stamp is not None:
                self.cache[key] = (stamp, result)
        self.handbook.diagnostics.extend(result.findings)
        return result


def _remember_declared(handbook: Handbook, data: dict[str, Any]) -> None:
    """Note what an invalid file declares, so that references to it are not reported again."""
    if isinstance(data.get("id"), str):
        handbook.invalid_ids.add(data["id"])
    if data.get("kind") == "owners":
        owners = data.get("owners")
        handbook.invalid_owner_keys = (handbook.invalid_owner_keys or set()) | (
            set(owners) if isinstance(owners, dict) else set())
