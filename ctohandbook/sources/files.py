"""Finding governance files, reading them as text (refusing what is not safe to parse), and
writing files atomically.

Size is checked before reading, so a huge file costs nothing; encoding problems are reported at
the line of the first bad byte, so the author can find it.
"""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from ..diagnostic import START, Diagnostic, Position
from ..rules import reading

YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class SourceFile:
    """The text of one file and the path it is reported under."""

    path: Path
    display: str
    text: str


@contextmanager
def _staged(path: Path, text: str | bytes) -> Iterator[str]:
    """``text`` written in full to a temporary file beside ``path``, to be moved or linked into
    place; the temporary file is removed afterwards if it is still there. Text is written as
    UTF-8 with ``\n`` line ends on every system; bytes as they are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, _mode(path))  # mkstemp's 0600 would make a shared file private
        with os.fdopen(handle, "wb") as stream:
            stream.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        yield temporary
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temporary)


def _mode(path: Path) -> int:
    """The permissions a file written at ``path`` should get: those of the file it replaces,
    else what the umask leaves of read-write for all."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename, so that a reader, or a
    crash, never sees half a file."""
    with _staged(path, text) as temporary:
        os.replace(temporary, path)


def create_exclusively(path: Path, text: str) -> None:
    """Write a new file ``path`` atomically, never replacing one that exists (then
    `FileExistsError`): the staged text is hard-linked into place, which fails if the name is
    taken, even when another process creates it meanwhile."""
    with _staged(path, text) as temporary:
        os.link(temporary, path)


def display_path(path: Path, base: Path | None = None) -> str:
    """Show ``path`` relative to ``base`` (default: the working directory) when it lies below it.

    Relative POSIX paths are what CI annotations and editors resolve against the repository root.
    """
    # String operations, not `PurePath.relative_to`: this runs for every file read, and is a
    # tenth of the reading time that way. Not resolve(): a symlink is shown where it is.
    absolute = os.path.abspath(path)
    root = os.path.abspath(base or os.curdir)
    if os.path.normcase(absolute) == os.path.normcase(root):
        return "."
    prefix = os.path.join(root, "")
    if os.path.normcase(absolute).startswith(os.path.normcase(prefix)):
        return absolute[len(prefix):].replace(os.sep, "/")
    return path.as_posix()


def discover(roots: Iterable[Path], suffixes: tuple[str, ...] = YAML_SUFFIXES) -> Iterator[Path]:
    """Yield files with ``suffixes`` below ``roots`` (or the roots themselves), sorted per root.

    Hidden files and folders (``.git``, editor backups) are skipped; a root that does not exist
    yields nothing, so a handbook without exceptions or ADRs is not an error.
    """
    for root in roots:
        if root.is_file():
            yield root
            continue
        found: list[Path] = []
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found.extend(Path(folder, name) for name in files
                         if name.lower().endswith(suffixes) and not name.startswith("."))
        yield from sorted(found)


def read_source(path: Path, display: str, max_size: int) -> SourceFile | Diagnostic:
    """Read ``path`` as UTF-8 text, or say why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > max_size:
            return reading.TOO_LARGE.at(
                display, START, f"file is {size:,} bytes, over the limit of {max_size:,} bytes")
        data = path.read_bytes()
    except OSError as error:
        return reading.UNREADABLE.at(display, START, f"cannot read the file: {error.strerror}")
    return decode(data, path, display)


def decode(data: bytes, path: Path, display: str) -> SourceFile | Diagnostic:
    """Decode UTF-8 (with or without a byte-order mark); point at the first byte that is not."""
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):
            return reading.ENCODING.at(display, START, f"file is encoded as {name}, not UTF-8")
    body = data.removeprefix(codecs.BOM_UTF8)  # offsets below count from after the mark
    nul = body.find(b"\0")
    if nul >= 0:
        return reading.ENCODING.at(display, byte_position(body, nul),
                                   "file holds a NUL byte: it is binary, not text")
    try:
        return SourceFile(path, display, body.decode("utf-8"))
    except UnicodeDecodeError as error:
        return reading.ENCODING.at(
            display, byte_position(body, error.start),
            f"byte 0x{body[error.start]:02X} is not valid UTF-8")


def end_position(prefix: str) -> Position:
    """The position just after ``prefix``, the text before some point of a file; columns count
    characters, as editors do."""
    return Position(prefix.count("\n") + 1, len(prefix) - prefix.rfind("\n"))


def byte_position(data: bytes, offset: int) -> Position:
    """The position of byte ``offset`` of UTF-8 ``data``."""
    return end_position(data[:offset].decode("utf-8", "replace"))
