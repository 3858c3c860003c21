"""The handbook: every document read from the governance folders, indexed for the rules."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from ..diagnostic import Diagnostic
from ..gcpause import without_cyclic_gc
from ..sources import discover, parse_yaml, read_source
from ..sources.files import display_path
from .document import Document
from .exception import PolicyException
from .governed import Governed
from .owners import Owner, OwnersRegistry
from .policy import Policy
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
    adr_ids: set[str] | None = None
    """Ids of the ADRs, or ``None`` when the handbook has no ADR folder to check against."""

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


def load_handbook(roots: Iterable[Path], *, max_file_size: int, base: Path | None = None,
                  adrs_dir: Path | None = None, cache: ReadCache | None = None) -> Handbook:
    """Read every YAML file below ``roots``; never raises for anything a file contains.

    ``base`` is the folder paths are shown relative to (default: the working directory).
    ``adrs_dir``, when it exists, gives the ADR ids that ``related.adrs`` must resolve against.
    ``cache``, kept by the caller between calls, spares re-reading files that did not change.
    """
    handbook = Handbook()
    with without_cyclic_gc():
        _read_into(handbook, roots, max_file_size, base, cache)
    if adrs_dir is not None and adrs_dir.is_dir():
        handbook.adr_ids = adr_ids(adrs_dir)
    return handbook


@dataclass(frozen=True)
class FileResult:
    """What reading one file gave: its document (if valid), its findings, and the raw values of
    an invalid document (for what it declares)."""

    document: Document[BaseModel] | None
    findings: list[Diagnostic]
    invalid_data: dict[str, Any] | None = None


ReadCache = dict[str, tuple[tuple[int, int, str], FileResult]]
"""File results by absolute path, with the (size, mtime, shown path) they were read at: under
``mkdocs serve`` only files that changed are read again."""


def _read_file(path: Path, display: str, max_file_size: int) -> FileResult:
    source = read_source(path, display, max_file_size)
    if isinstance(source, Diagnostic):
        return FileResult(None, [source])
    parsed, findings = parse_yaml(source)
    if parsed is None:
        return FileResult(None, findings)
    document, more = validate(parsed)
    return FileResult(document, findings + more, None if document else parsed.data)


def _read_into(handbook: Handbook, roots: Iterable[Path], max_file_size: int,
               base: Path | None, cache: ReadCache | None) -> None:
    seen: set[str] = set()
    for path in discover(roots):
        key = os.path.abspath(path)
        if key in seen:  # a file named twice, e.g. inside a folder also named
            continue
        seen.add(key)
        handbook.files += 1
        display = display_path(path, base)
        try:
            stat = path.stat()
            stamp = (stat.st_size, stat.st_mtime_ns, display)
        except OSError:
            stamp = None
        cached = cache.get(key) if cache is not None and stamp is not None else None
        if cached is not None and cached[0] == stamp:
            result = cached[1]
        else:
            result = _read_file(path, display, max_file_size)
            if cache is not None and stamp is not None:
                cache[key] = (stamp, result)
        handbook.diagnostics.extend(result.findings)
        if result.document is not None:
            handbook.documents.append(result.document)
        elif result.invalid_data is not None:
            _remember_declared(handbook, result.invalid_data)


def _remember_declared(handbook: Handbook, data: dict[str, Any]) -> None:
    """Note what an invalid file declares, so that references to it are not reported again."""
    if isinstance(data.get("id"), str):
        handbook.invalid_ids.add(data["id"])
    if data.get("kind") == "owners":
        owners = data.get("owners")
        handbook.invalid_owner_keys = (handbook.invalid_owner_keys or set()) | (
            set(owners) if isinstance(owners, dict) else set())


def adr_ids(folder: Path) -> set[str]:
    """``ADR-NNNN`` for every ``NNNN-title.md`` in ``folder`` (ADR contents are read elsewhere)."""
    ids = set()
    for path in discover([folder], (".md",)):
        number = path.name.split("-", 1)[0]
        if number.isdigit():
            ids.add(f"ADR-{int(number):04d}")
    return ids
