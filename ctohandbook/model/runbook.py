"""``kind: runbook-standard`` and the runbooks it governs: Markdown pages of the docs folder,
with front matter, matched by the standard's ``applies_to`` globs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, Field

from ..diagnostic import Diagnostic, Position
from ..sources.files import SourceFile
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


_NOT_RUNBOOKS = ("index.md", "readme.md")
"""Section landing pages in a runbook folder: they introduce the runbooks, they are not one."""


def runbook_paths(docs_dir: Path, standards: Iterable[RunbookStandard]) -> list[Path]:
    """The pages of ``docs_dir`` that at least one of ``standards`` applies to, sorted."""
    specs = [standard.spec for standard in standards]
    if not specs or not docs_dir.is_dir():
        return []
    found = []
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        if path.name.lower() in _NOT_RUNBOOKS or any(part.startswith(".")
                                                     for part in path.parts):
            continue
        if any(spec.match_file(relative) for spec in specs):
            found.append(path)
    return found


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
