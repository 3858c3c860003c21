"""The other files of a folder of documents (the images, diagrams and PDFs beside the ADRs):
listed and judged when the handbook is read, so that ``ctohandbook lint`` reports the ones a
build could not publish, and read whole only by a build, which publishes them where the
documents' pages link to them."""

from __future__ import annotations

from pathlib import Path

from ..diagnostic import Diagnostic
from .files import Boundary, display_path, list_folder, read_bytes, unreadable


def other_files(folder: Path, skip: tuple[str, ...], max_size: int, within: Boundary,
                base: Path | None = None) -> tuple[list[Path], list[Diagnostic]]:
    """Every file below ``folder`` whose name does not end with one of ``skip`` (in any case),
    and a finding (paths shown relative to ``base``) for each that a build cannot publish: over
    ``max_size`` bytes, a link leading out of ``within`` (such a folder is not entered), or
    unreadable. Hidden files and folders are left out, as `list_folder` leaves them."""
    found = list_folder(folder, ("",), within)
    files: list[Path] = []
    findings: list[Diagnostic] = []
    for path in sorted([*found.files, *found.refused]):
        if path.name.lower().endswith(skip) and path not in found.refused:
            continue
        refused = unreadable(path, display_path(path, base), max_size, within)
        if refused is None:
            files.append(path)
        else:
            findings.append(refused)
    return files, findings


def read_files(folder: Path, paths: list[Path], max_size: int, within: Boundary
               ) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """The bytes of ``paths`` (files `other_files` found below ``folder``), by their path
    relative to ``folder``, and a finding for each that can no longer be read (changed since it
    was listed)."""
    files: dict[str, bytes] = {}
    findings: list[Diagnostic] = []
    for path in paths:
        data = read_bytes(path, display_path(path), max_size, within)
        if isinstance(data, Diagnostic):
            findings.append(data)
        else:
            files[path.relative_to(folder).as_posix()] = data
    return files, findings
