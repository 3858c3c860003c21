"""``kind: runbook-standard`` and the runbooks it governs: Markdown pages of the docs folder,
with front matter, matched by the standard's ``applies_to`` globs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, Field

from ..diagnostic import Diagnostic, Position
from ..sources.files import Boundary, SourceFile, list_folder
from ..sources.markdownfile import Block, MarkdownDocument, front_position, parse_markdown
from .governed import Governed
from .policy import Numbered, Requirement
from .types import Duration

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec


def globs(patterns: list[str]) -> GitIgnoreSpec:
    """``applies_to`` patterns compiled with gitignore rules; pathspec is imported on first
    use, so a handbook without runbook standards does not load it."""
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(patterns)


def _glob(pattern: str) -> str:
    """Refuse a pattern pathspec cannot compile (``runbooks\\``), which would otherwise stop
    the whole handbook from loading."""
    try:
        globs([pattern])
    except ValueError:
        raise ValueError(f"`{pattern}` is not a valid glob such as runbooks/**/*.md") from None
    return pattern


Glob = Annotated[str, AfterValidator(_glob)]


def _fixed_folders(pattern: str) -> tuple[str, ...] | None:
    """The folders gitignore ``pattern`` names before its first wildcard: ``()`` when it starts
    with one or may match at any depth (no ``/`` before its end), ``None`` when it selects
    nothing (a comment, or a negation, which only narrows the others)."""
    pattern = pattern.strip()
    if not pattern or pattern.startswith(("#", "!")):
        return None
    if "/" not in pattern.rstrip("/"):
        return ()
    fixed: list[str] = []
    for part in pattern.strip("/").split("/"):
        if any(wildcard in part for wildcard in "*?[\\"):
            break
        fixed.append(part)
    return tuple(fixed)


class RunbookStandard(Numbered, Governed):
    """What every runbook it applies to must contain, and how recently it must be tested."""

    kind: Literal["runbook-standard"]
    """Always `runbook-standard`."""
    summary: str
    """What the standard is for (Markdown)."""
    applies_to: list[Glob] = Field(min_length=1)
    """Globs of runbook pages, relative to the docs folder (gitignore syntax:
    ``runbooks/**/*.md``); ``index.md`` and ``README.md`` pages are never runbooks."""
    required_metadata: list[str] = Field(default_factory=list)
    """Front-matter keys every runbook must set, such as `service`, `owner`, `last_tested`."""
    required_sections: list[str] = Field(default_factory=list)
    """Headings every runbook must have (any level below the title), such as `Rollback`."""
    last_tested_within: Duration | None = None
    """How old a runbook's `last_tested` date may be."""
    requirements: list[Requirement] = Field(default_factory=list)
    """Further numbered requirements, as in a policy."""

    @cached_property
    def spec(self) -> GitIgnoreSpec:
        """The compiled ``applies_to`` globs."""
        return globs(self.applies_to)

    def may_apply_below(self, folder: str) -> bool:
        """Whether the standard could apply to a page below ``folder`` (relative to the docs
        folder; ``.`` is the docs folder), judged without looking inside it: one of its globs
        names folders, up to its first wildcard, that ``folder`` lies in or leads to. This errs
        towards yes (``runbooks/*.md`` is taken to reach into ``runbooks/linked/``), so that a
        link out of the repository where runbooks may be is reported, not passed over."""
        parts = PurePosixPath(folder).parts
        return any(fixed[:len(parts)] == parts[:len(fixed)]
                   for fixed in map(_fixed_folders, self.applies_to) if fixed is not None)


_NOT_RUNBOOKS = ("index.md", "readme.md")
"""Section landing pages in a runbook folder: they introduce the runbooks, they are not one."""


def runbook_paths(docs_dir: Path, standards: Sequence[RunbookStandard],
                  within: Boundary) -> list[Path]:
    """The pages of ``docs_dir`` that at least one of ``standards`` applies to, and the links
    out of ``within`` where such pages could be (for `read_source` to report), sorted."""
    if not standards:
        return []
    found = list_folder(docs_dir, (".md",), within)
    specs = [standard.spec for standard in standards]
    # Case-sensitive, as MkDocs takes pages: `NOTES.MD` is a file it copies, not a page.
    pages = [path for path in found.files if path.name.endswith(".md")
             and path.name.lower() not in _NOT_RUNBOOKS
             and any(spec.match_file(path.relative_to(docs_dir).as_posix()) for spec in specs)]
    refused = [path for path in found.refused
               if any(standard.may_apply_below(path.relative_to(docs_dir).as_posix())
                      for standard in standards)]
    return sorted([*pages, *refused])


@dataclass(frozen=True)
class Runbook:
    """A runbook page as the checks see it: its metadata, its title and its headings."""

    document: MarkdownDocument
    docs_path: str
    """The page's path relative to the docs folder, which `applies_to` globs match."""

    @property
    def path(self) -> str:
        """The path findings are reported under."""
        return self.document.source.display

    @property
    def metadata(self) -> dict[str, Any]:
        """The front matter (empty when there is none or it could not be read)."""
        return self.document.front.data if self.document.front is not None else {}

    @cached_property
    def blocks(self) -> list[Block]:
        """The located headings and text lines of the body."""
        return self.document.blocks()

    @property
    def title(self) -> str:
        """The first level-1 heading, else the front-matter title, else the file name."""
        heading = next((b.text for b in self.blocks if b.kind == "heading" and b.level == 1),
                       None)
        return heading or str(self.metadata.get("title") or Path(self.docs_path).stem)

    def at(self, key: str) -> Position:
        """Where front-matter ``key`` was written; the top of the file when it was not."""
        return front_position(self.document, key)


def read_runbook(source: SourceFile, docs_path: str) -> tuple[Runbook, list[Diagnostic]]:
    """A runbook and the findings of reading its front matter."""
    document, findings = parse_markdown(source)
    return Runbook(document, docs_path), findings
