"""The folder ``ctohandbook render --out`` writes: what it writes there, what it removes, and
when it refuses.

A render leaves a mark, `MARK`, listing the files it wrote, so that a later render into the same
folder may replace and remove those and nothing else; a folder holding other files and no mark
is never written into. The decisions are made here, as values, before anything is touched (a
refused render has removed nothing either); `sources.folders` reads the folder and carries them
out, as only `sources/` touches the file system.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..sources.files import WriteRefused, display_path
from ..views.paths import ADR_FOLDER
from .site import Publication

MARK = ".ctohandbook-render"
"""The file listing what the render wrote, one path (relative to the folder) a line."""
REMOVABLE = (".md", ".ics", ".xml", ".json")
"""The kinds of file an earlier render may have written, and a new one removes when it no
longer writes them; nothing else is ever deleted, whatever the mark says (anyone can edit it),
but for the files beside ADRs (see `removable`)."""


def removable(pages_dir: str) -> Callable[[str], bool]:
    """Whether a file an earlier render wrote, at this path relative to the folder (links
    resolved), may be removed: one of the `REMOVABLE` kinds, or any file below the ADR pages
    folder, where a render publishes the files beside the ADRs whatever their kind (an image
    deleted from the ADR folder must not stay published)."""
    below = f"{pages_dir}/{ADR_FOLDER}/"
    return lambda path: path.endswith(REMOVABLE) or path.startswith(below)


def written_before(out: Path, empty: bool, mark: str | None) -> frozenset[str]:
    """The files an earlier render wrote into ``out``, as its mark (text ``mark``, ``None`` when
    there is none) lists them; none for a new or ``empty`` folder.

    Raises `WriteRefused` for a folder that holds files and no mark: it is someone else's. Asked
    before the pages are rendered, so that a refusal costs nothing.
    """
    if mark is not None:
        return frozenset(mark.splitlines())
    if not empty:
        raise WriteRefused(f"{out} is not empty and was not written by `ctohandbook render`; "
                           "choose a new or empty folder")
    return frozenset()


@dataclass(frozen=True)
class Plan:
    """What a render does to its folder, by paths relative to it."""

    remove: tuple[str, ...]
    """Files the earlier render wrote and this one does not: removed first, if `removable`."""
    write: dict[str, bytes]
    """Every file to write, the mark last; bytes, so that the calendar's CRLF line ends
    survive."""


def plan(out: Path, before: frozenset[str], published: Publication,
         exists: Callable[[Path], bool]) -> Plan:
    """How to render ``published`` into ``out``, which an earlier render wrote ``before`` into.

    Raises `WriteRefused` when a file to write is there already (``exists``: anything, even a
    dangling link, is at a path) and the earlier render did not write it: it is someone else's,
    and nothing is removed or written.
    """
    files = {page.path: page.markdown.encode("utf-8") for page in published.pages}
    files.update(published.files)
    taken = next((path for path in files if path not in before and exists(out / path)), None)
    if taken is not None:
        raise WriteRefused(f"{display_path(out / taken)} was not written by `ctohandbook "
                           "render`; nothing was written (move it away)")
    mark = "".join(f"{path}\n" for path in files).encode("utf-8")
    return Plan(tuple(sorted(before - files.keys())), {**files, MARK: mark})
