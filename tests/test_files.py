"""Writing files: atomic, byte for byte, with the permissions a plain write would give."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ctohandbook.sources.files import create_exclusively, write_atomically


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
