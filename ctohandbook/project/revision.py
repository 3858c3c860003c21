"""The handbook as it was at a git revision: the base a pull request is judged against."""

from __future__ import annotations

from pathlib import Path

from ..model.handbook import Handbook, load_handbook
from ..sources.files import display_path
from ..sources.git import GitError, Revision
from .settings import Project

__all__ = ["GitError", "Revision", "load_revision"]


def load_revision(project: Project, revision: Revision) -> Handbook:
    """Read ``project``'s governance as it was at ``revision``, with this project's settings
    (folders, limits), and with paths shown as the work tree's are."""
    settings = project.settings
    layout = display_path(project.root)
    wanted = [(settings.policies_dir, ""), (settings.adrs_dir, ".md"),
              (project.docs_dir, ".md")]
    with revision.files(wanted, layout) as top:
        root = top if layout == "." or Path(layout).is_absolute() else top / layout
        return load_handbook([root / settings.policies_dir], base=top,
                             max_file_size=settings.max_file_size,
                             adrs_dir=root / settings.adrs_dir, docs_dir=root / project.docs_dir)
