"""The governance files of another git revision, read without touching the work tree.

A pull request is judged against its base: `ctohandbook diff` and `lint --base` load the
handbook as it was at a revision. The files are taken from ``git archive`` (a tar stream of the
revision's tree, made by git without a checkout) and written into a temporary folder laid out
like the work tree, so the one loader reads both sides and shows the same paths for them.
"""

from __future__ import annotations

import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO


class GitError(Exception):
    """Git cannot give what was asked (no repository, unknown revision); the message says so."""


def run(folder: Path, *args: str) -> str:
    """The output of ``git ARGS`` run in ``folder``; `GitError` with git's last line of
    complaint when it fails."""
    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                              check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


@dataclass(frozen=True)
class Revision:
    """A commit of the repository that holds ``folder``."""

    folder: Path
    """The handbook's folder (of its ``mkdocs.yml``), somewhere in the repository."""
    name: str
    """As the user wrote it: ``origin/main``, ``HEAD~1``, a tag."""
    commit: str
    """The full commit id it resolved to."""

    @classmethod
    def resolve(cls, folder: Path, name: str) -> Revision:
        """The commit ``name`` names; `GitError` when there is none (outside a repository, an
        unknown branch, a shallow clone without it)."""
        if name.startswith("-"):
            raise GitError(f"{name!r} is not a revision")
        try:
            commit = run(folder, "rev-parse", "--verify", "--quiet", "--end-of-options",
                          f"{name}^{{commit}}").strip()
        except GitError as error:
            if "not a git repository" in str(error).lower():
                raise GitError(f"{folder} is not in a git repository") from None
            commit = ""
        if not commit:
            raise GitError(f"{name!r} is not a commit of this repository (in CI, fetch it: "
                           "`git fetch origin <branch>`, or check out with `fetch-depth: 0`)")
        return cls(folder, name, commit)

    @contextmanager
    def files(self, wanted: Sequence[tuple[str, str]], layout: str = ".") -> Iterator[Path]:
        """Write the files of this revision below ``folder`` that ``wanted`` selects into a
        temporary folder, at ``layout`` in it, and yield the temporary folder.

        ``wanted`` holds (folder, suffix) pairs relative to ``self.folder``, such as
        ``("adrs", ".md")``; an empty suffix takes every file. ``layout`` is the display path of
        ``self.folder`` (``.`` when it is the working directory): the yielded folder then
        stands for the working directory, and paths shown relative to it read like those of the
        work tree. Only regular files are written, never links or names that would leave it.
        """
        # From the top level: in a subfolder, `git archive` would look for that subfolder again
        # inside the tree it is given.
        top_level, prefix = run(self.folder, "rev-parse", "--show-toplevel",
                                 "--show-prefix").splitlines()
        with tempfile.TemporaryDirectory(prefix="ctohandbook-rev-") as temporary:
            top = Path(temporary)
            root = top if layout in ("", ".") or os.path.isabs(layout) else top / layout
            root.mkdir(parents=True, exist_ok=True)
            command = ["git", "archive", "--format=tar", f"{self.commit}:{prefix}"]
            with subprocess.Popen(command, cwd=top_level, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) as process:
                assert process.stdout is not None and process.stderr is not None
                # A ReadError: git failed before writing the archive; its message is below.
                with suppress(tarfile.ReadError):
                    _extract(process.stdout, wanted, root)
                error = process.stderr.read().decode("utf-8", "replace").strip()
            if process.returncode != 0:
                raise GitError(error.splitlines()[-1] if error else "git archive failed")
            yield top


def _extract(stream: IO[bytes], wanted: Sequence[tuple[str, str]], root: Path) -> None:
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        for member in archive:
            if member.isfile() and _selected(member.name, wanted):
                content = archive.extractfile(member)
                assert content is not None
                target = root.joinpath(*PurePosixPath(member.name).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content.read())


def _selected(name: str, wanted: Sequence[tuple[str, str]]) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        return False
    for folder, suffix in wanted:
        base = PurePosixPath(folder)
        inside = base.parts == (".",) or path.parts[:len(base.parts)] == base.parts
        if inside and path.name.lower().endswith(suffix):
            return True
    return False
