"""When each governance file last changed, and the handbook's releases, read from git.

A page that says when its rules last changed, and in which commit, answers the first question
of an audit or an incident review: "was this the rule on that day?". One ``git log`` over the
governance folders gives every file's last commit (the first time a path appears, newest first,
is its last change), so a handbook of 5,000 files costs one process, not 5,000; the log is
read as it streams and stopped once every file has been seen.

History is an addition, never a requirement: outside a repository, without git, or in a
shallow clone (whose oldest commit would claim to have changed every file) there is none, and
`History.missing` says why, for the build to tell its user.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from .git import GitError, run

SHALLOW = ("this is a shallow clone, whose oldest commit would seem to have changed every file, "
           "so pages show no history; clone with the whole history (GitHub Actions: "
           "`actions/checkout` with `fetch-depth: 0`) to show when each page last changed")
"""What a build says in a shallow clone."""

_HEADER = re.compile(rb"\x1e([0-9a-f]{40,64})\x1f([0-9a-f]{4,64})\x1f(\d{4}-\d\d-\d\d)")
_FORMAT = "--format=%x1e%H%x1f%h%x1f%cs"
"""A commit's header in the log: a record separator, the full and short ids and the committer
date (when the change landed, in the committer's time zone)."""


@dataclass(frozen=True)
class Commit:
    """The commit that last changed a file."""

    id: str
    """The full commit id, for links."""
    short: str
    """The id as git abbreviates it in this repository (unique in it)."""
    day: date
    """Its committer date: when the change landed."""


@dataclass(frozen=True)
class Release:
    """A git tag reachable from the checked-out commit: a release of the handbook."""

    name: str
    day: date
    """When it was tagged (an annotated tag's date, else its commit's)."""


@dataclass(frozen=True)
class History:
    """What git says of the handbook's files; empty, with the reason, when it cannot say."""

    changes: dict[str, Commit] = field(default_factory=dict)
    """Each file's last commit, by its absolute path (``os.path.abspath``, links kept)."""
    releases: tuple[Release, ...] = ()
    """Newest first."""
    missing: str | None = None
    """Why there is no history (``None`` when there is): no repository, no git, a shallow
    clone."""

    @property
    def shallow(self) -> bool:
        """Whether history is missing because the clone is shallow: the one reason to tell the
        user (outside git, there is simply no history to show)."""
        return self.missing == SHALLOW

    def of(self, path: Path | str) -> Commit | None:
        """The last commit that changed ``path``; ``None`` when it never was committed."""
        return self.changes.get(os.path.abspath(path))


def read_history(root: Path, folders: Sequence[Path], files: Collection[Path]) -> History:
    """The last commit of each of ``files`` (which lie in ``folders``), and the releases, in
    the repository that holds ``root``; never raises."""
    try:
        top, shallow = run(root, "rev-parse", "--show-toplevel",
                           "--is-shallow-repository").splitlines()
    except GitError as error:
        return History(missing=str(error))
    if shallow == "true":
        return History(missing=SHALLOW)
    try:
        return History(_last_commits(Path(top), root, folders, files), _releases(root))
    except GitError as error:
        return History(missing=str(error))


def _last_commits(top: Path, root: Path, folders: Sequence[Path],
                  files: Collection[Path]) -> dict[str, Commit]:
    """The first commit of the log (newest first) naming each of ``files``.

    Git names files from the top of the repository, with links resolved; they are mapped back
    through ``root``'s place in it, so that a path through a symbolic link still matches."""
    wanted = {os.path.abspath(file) for file in files}
    pathspecs = [os.path.relpath(folder, root) for folder in folders if folder.is_dir()]
    found: dict[str, Commit] = {}
    if not wanted or not pathspecs:
        return found
    base, place = os.path.abspath(root), os.path.relpath(os.path.realpath(root), top)
    command = ["git", "log", "-z", "--name-only", "--no-renames", "--no-color",
               "--no-show-signature", _FORMAT, "--", *pathspecs]
    # Complaints go to a file: a pipe that nobody reads while the log streams could fill up
    # and stall git.
    with tempfile.TemporaryFile() as errors, subprocess.Popen(
            command, cwd=root, stdout=subprocess.PIPE, stderr=errors) as process:
        assert process.stdout is not None
        commit: Commit | None = None
        for token in _tokens(process.stdout):
            header = _HEADER.fullmatch(token)
            if header is not None:
                full, short, day = (part.decode("ascii") for part in header.groups())
                commit = Commit(full, short, date.fromisoformat(day))
                continue
            name = os.fsdecode(token.removeprefix(b"\n"))  # the first name follows a line break
            if not name:
                continue
            path = os.path.normpath(os.path.join(base, os.path.relpath(name, place)))
            if commit is not None and path in wanted and path not in found:
                found[path] = commit
                if len(found) == len(wanted):
                    process.kill()  # the rest of the history cannot change the answer
                    return found
        process.wait()
        errors.seek(0)
        error = errors.read().decode("utf-8", "replace").strip()
    if process.returncode != 0:
        raise GitError(error.splitlines()[-1] if error else "git log failed")
    return found


def _tokens(stream: IO[bytes]) -> Iterator[bytes]:
    """The NUL-separated tokens of ``git log -z`` as they arrive."""
    pending = b""
    while chunk := stream.read(65536):
        *complete, pending = (pending + chunk).split(b"\0")
        yield from complete
    if pending:
        yield pending


def _releases(root: Path) -> tuple[Release, ...]:
    """The tags reachable from HEAD, newest first. A repository without a commit has none."""
    try:
        listing = run(root, "for-each-ref", "--merged=HEAD", "--sort=-creatordate",
                      "--format=%(refname:short)%09%(creatordate:short)", "refs/tags")
    except GitError:
        return ()
    releases = []
    for line in listing.splitlines():
        name, _, day = line.rpartition("\t")
        if name and day:
            releases.append(Release(name, date.fromisoformat(day)))
    return tuple(releases)
