"""Looking upwards from a folder: for the repository root, and for a configuration file.

A command run from a subfolder of a handbook (``adrs/``, ``docs/``) should use the handbook's
configuration as if run from its root, and never one that belongs to another repository: the
search climbs from the working folder to the repository root (the nearest folder holding
``.git``) and stops there, or at the file-system root outside any repository.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


def is_repository_root(folder: Path) -> bool:
    """Whether ``folder`` holds ``.git``: a folder, or a file in a worktree or submodule."""
    return os.path.exists(folder / ".git")


def repository_root(folder: Path) -> Path | None:
    """The nearest folder from ``folder`` (absolute) up that is a repository root, if any."""
    return next((candidate for candidate in (folder, *folder.parents)
                 if is_repository_root(candidate)), None)


@dataclass(frozen=True)
class Found:
    """What a search upwards found."""

    folder: Path | None
    """The nearest folder holding one of the names, or ``None``."""
    names: tuple[str, ...]
    """The names present in `folder`, in the order they were asked for (empty without one)."""
    last: Path
    """The last folder looked in: `folder`, else the repository root or the file-system root."""
    repository: bool
    """Whether `last` is a repository root (else the search reached the file-system root)."""


def find_upwards(start: Path, names: Sequence[str]) -> Found:
    """The nearest folder from ``start`` (absolute) up to the repository root that holds a file
    with one of ``names``, and which of them it holds."""
    for folder in (start, *start.parents):
        present = tuple(name for name in names if os.path.isfile(folder / name))
        repository = is_repository_root(folder)
        if present or repository:
            return Found(folder if present else None, present, folder, repository)
    return Found(None, (), Path(start.anchor), False)
