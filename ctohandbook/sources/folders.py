"""What the adapters ask of a folder they write into: whether it holds anything, a small file's
text, whether a path is taken, and replacing a set of files in it.

These are here because only `sources/` and `repo/` touch the file system; what to write, remove
or refuse is decided elsewhere (for ``render --out``: `ctohandbook.outputs.rendered_folder`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .files import Boundary, write_atomically


def is_empty(folder: Path) -> bool:
    """Whether ``folder`` holds nothing, or is not there yet."""
    return not folder.exists() or not any(folder.iterdir())


def text_if_present(path: Path) -> str | None:
    """The UTF-8 text of the file ``path``; ``None`` when nothing is there."""
    return path.read_text("utf-8") if path.exists() else None


def lexists(path: Path) -> bool:
    """Whether anything is at ``path``: a file, a folder, or a link, even a dangling one (which
    a write would follow)."""
    return os.path.lexists(path)


def replace_files(folder: Path, remove: Iterable[str], write: Mapping[str, bytes],
                  removable: Callable[[str], bool]) -> None:
    """Remove the files ``remove`` names, then write ``write``, each atomically; paths relative
    to ``folder``.

    A file is removed only if its real place, links resolved, is inside ``folder`` and
    ``removable`` says yes of that place (relative to ``folder``): the list comes from a file in
    the folder, which anyone can edit. A write through a link out of ``folder`` raises
    `WriteRefused` (see `write_atomically`).
    """
    inside = folder.resolve()
    for path in remove:
        target = (folder / path).resolve()
        if target.is_relative_to(inside) and target.is_file() and \
                removable(target.relative_to(inside).as_posix()):
            target.unlink()
    within = Boundary(folder)
    for path, content in write.items():
        write_atomically(folder / path, content, within)
