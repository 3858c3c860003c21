"""The other files of a folder of documents (the images, diagrams and PDFs beside the ADRs),
read whole for the site to publish them where the documents' pages link to them."""

from __future__ import annotations

from pathlib import Path

from ..diagnostic import Diagnostic
from .files import Boundary, display_path, list_folder, read_bytes


def read_folder_files(folder: Path, skip: tuple[str, ...], max_size: int,
                      within: Boundary) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every file below ``folder`` whose name does not end with one of ``skip`` (in any case),
    by its path relative to ``folder``, and a finding for each that is not read: over
    ``max_size`` bytes, a link leading out of ``within`` (such a folder is not entered), or
    unreadable. Hidden files and folders are left out, as `list_folder` leaves them."""
    found = list_folder(folder, ("",), within)
    files: dict[str, bytes] = {}
    findings: list[Diagnostic] = []
    for path in sorted([*found.files, *found.refused]):
        if path.name.lower().endswith(skip) and path not in found.refused:
            continue
        data = read_bytes(path, display_path(path), max_size, within)
        if isinstance(data, Diagnostic):
            findings.append(data)
        else:
            files[path.relative_to(folder).as_posix()] = data
    return files, findings
