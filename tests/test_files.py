"""Walking folders inside the repository boundary; writing files: atomic, byte for byte, with
the permissions a plain write would give."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ctohandbook.sources.files import (
    Boundary,
    Listing,
    create_exclusively,
    discover,
    list_folder,
    write_atomically,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_replacing_keeps_the_permissions_and_writes_the_text_as_given(tmp_path: Path) -> None:
    target = tmp_path / "CODEOWNERS"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    write_atomically(target, "a\r\nb\n")
    assert target.read_bytes() == b"a\r\nb\n"
    assert _mode(target) == 0o640
    assert os.listdir(tmp_path) == ["CODEOWNERS"]  # no temporary file left


def test_a_new_file_gets_what_the_umask_leaves(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        write_atomically(tmp_path / "deep" / "new.md", "text\n")
        create_exclusively(tmp_path / "exclusive.md", "text\n")
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "deep" / "new.md") == 0o640
    assert _mode(tmp_path / "exclusive.md") == 0o640


def test_creating_exclusively_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "sec-001.yml"
    target.write_text("mine\n")
    with pytest.raises(FileExistsError):
        create_exclusively(target, "theirs\n")
    assert target.read_text() == "mine\n"
    assert os.listdir(tmp_path) == ["sec-001.yml"]


def test_a_walk_follows_links_inside_the_boundary_and_refuses_links_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("secret\n")
    root = tmp_path / "repo"
    (root / "shared").mkdir(parents=True)
    (root / "shared" / "linked.md").write_text("linked\n")
    docs = root / "docs"
    (docs / ".hidden").mkdir(parents=True)
    (docs / ".hidden" / "page.md").write_text("hidden\n")
    (docs / "page.md").write_text("page\n")
    (docs / "notes.txt").write_text("not asked for\n")
    (docs / "shared").symlink_to(root / "shared")
    (docs / "loop").symlink_to(".")
    (docs / "out").symlink_to(outside)
    within = Boundary(root)
    assert list_folder(docs, (".md",), within) == Listing(
        [docs / "page.md", docs / "shared" / "linked.md"], [docs / "out"])
    assert list(discover([docs], (".md",), within)) == [
        docs / "out", docs / "page.md", docs / "shared" / "linked.md"]


def test_a_folder_that_is_a_link_out_is_refused_whole(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text("secret\n")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "docs").symlink_to(tmp_path / "outside")
    assert list_folder(root / "docs", (".md",), Boundary(root)) == Listing([], [root / "docs"])
    assert list_folder(root / "missing", (".md",), Boundary(root)) == Listing([], [])
