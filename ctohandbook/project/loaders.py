"""Every way a project's governance is read: the handbook in the work tree, the handbook as it
was at a git revision (the base a pull request is judged against), and what git says of the
files the pages render."""

from __future__ import annotations

from pathlib import Path

from ..diagnostic import Diagnostic
from ..model.adr import MARKDOWN_SUFFIXES
from ..model.handbook import Handbook, ReadCache, load_handbook
from ..sources.files import Boundary, display_path, is_folder
from ..sources.folder_files import read_files
from ..sources.git import GitError, Revision
from ..sources.history import History, read_history
from ..sources.tags_listing import tags_listing
from .settings import ConfigError, Project

__all__ = ["GitError", "Revision", "adr_folder_files", "handbook_history", "load_revision",
           "read_project", "tags_page"]


def read_project(project: Project, cache: ReadCache | None = None) -> Handbook:
    """The handbook of ``project`` as it is in the work tree.

    A folder left at its default that does not exist is simply absent, so that a repository of
    ADRs alone (or of policies alone) needs no empty folder, which git would not keep. Raises
    `ConfigError` when a folder set explicitly does not exist, or when neither the policies
    folder nor the ADR folder does: a mistyped folder must not pass as a clean handbook of
    zero files.
    """
    settings = project.settings
    for name, folder in (("policies_dir", project.policies_path),
                         ("adrs_dir", project.adrs_path),
                         ("templates_dir", project.templates_path)):
        if folder is not None and not is_folder(folder) and name in settings.model_fields_set:
            raise ConfigError(_no_folder(folder, name))
    policies = is_folder(project.policies_path)
    if not policies and not is_folder(project.adrs_path):
        found = next((folder for folder in ADR_FOLDERS if is_folder(project.root / folder)),
                     None)
        hint = f"`adrs_dir: {found}`, the ADR folder here" if found else "`adrs_dir`"
        raise ConfigError(f"{_no_folder(project.policies_path, 'policies_dir')}, and no ADR "
                          f"folder {display_path(project.adrs_path)} either (set {hint})")
    return load_handbook([project.policies_path] if policies else [], base=Path.cwd(),
                         root=project.root, cache=cache,
                         max_file_size=settings.max_file_size, adrs_dir=project.adrs_path,
                         docs_dir=project.docs_path)


ADR_FOLDERS = ("doc/adr", "doc/adrs", "docs/adr", "docs/adrs", "docs/decisions",
               "docs/architecture/decisions", "doc/architecture/decisions",
               "architecture/decisions", "decisions", "adr")
"""Where ADR tools put their folder (adr-tools' ``doc/adr``, MADR's ``docs/decisions``,
log4brains' ``docs/adr``, Nygard's ``doc/architecture/decisions``), in the order they are
suggested when the configured folder does not exist."""


def _no_folder(folder: Path, name: str) -> str:
    return (f"{display_path(folder)}: no such folder (set `{name}` of the ctohandbook plugin in "
            "mkdocs.yml)")


def handbook_history(project: Project, handbook: Handbook) -> History | None:
    """What git says of the files the pages render; ``None`` when the project turned history
    off (``history: false``)."""
    if not project.settings.history:
        return None
    sources = [doc.source.source.path for doc in handbook.governed]
    sources += [adr.document.source.path for adr in handbook.adrs or ()]
    return read_history(project.root, [project.policies_path, project.adrs_path], sources)


def adr_folder_files(project: Project, handbook: Handbook
                     ) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """The files beside the ADRs that ``handbook`` found (`Handbook.adr_files`), by their path
    relative to the ADR folder, for the site to publish beside the ADR pages; a finding for each
    that can no longer be read (what could never be read is already among the handbook's
    findings)."""
    if handbook.adrs_dir is None or not handbook.adr_files:
        return {}, []
    return read_files(handbook.adrs_dir, handbook.adr_files, project.settings.max_file_size,
                      Boundary.of(project.root, [handbook.adrs_dir]))


def tags_page(project: Project) -> str | None:
    """The docs page of ``project`` that lists pages by tag, relative to its docs folder
    (`sources.tags_listing`), read within the repository and ``max_file_size``."""
    return tags_listing(project.docs_path, project.settings.max_file_size,
                        Boundary.of(project.root, [project.docs_path]))


def load_revision(project: Project, revision: Revision) -> Handbook:
    """Read ``project``'s governance as it was at ``revision``, with this project's settings
    (folders, limits), and with paths shown as the work tree's are."""
    settings = project.settings
    layout = display_path(project.root)
    wanted = [(settings.policies_dir, ""),
              *((settings.adrs_dir, suffix) for suffix in MARKDOWN_SUFFIXES),
              (project.docs_dir, ".md")]
    with revision.files(wanted, layout) as top:
        root = top if layout == "." or Path(layout).is_absolute() else top / layout
        return load_handbook([root / settings.policies_dir], base=top,
                             max_file_size=settings.max_file_size,
                             adrs_dir=root / settings.adrs_dir, docs_dir=root / project.docs_dir)
