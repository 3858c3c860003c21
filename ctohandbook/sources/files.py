"""Finding governance files, reading them as text (refusing what is not safe to parse), and
writing files atomically.

Size is checked before reading, so a huge file costs nothing; encoding problems are reported at
the line of the first bad byte, so the author can find it.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from ..diagnostic import START, Diagnostic, Position, one_line
from ..rules import reading

YAML_SUFFIXES = (".yml", ".yaml")


def split_lines(text: str) -> list[str]:
    """``text`` cut into lines as the Markdown and YAML parsers count them: ``\\r\\n``,
    ``\\r`` and ``\\n`` each end one."""
    return re.split(r"\r\n?|\n", text)


@dataclass(frozen=True)
class SourceFile:
    """The text of one file and the path it is reported under."""

    path: Path
    display: str
    text: str

    def lines(self) -> list[str]:
        """The lines of the text as positions number them: ``\\r\\n``, ``\\r`` and ``\\n`` each
        end one, as in the Markdown and YAML parsers (so a Markdown file saved with ``\\r``
        alone still has its lines)."""
        return split_lines(self.text)


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


class WriteRefused(Exception):
    """A write that would land outside the folder it belongs in, or replace a file the user
    wrote: nothing was written. The message says which file and what to do."""


def _target(path: Path, within: Boundary | None) -> Path:
    """Where writing ``path`` lands: through a link to the file it names (so a linked
    ``CODEOWNERS`` stays a link), and never outside ``within``."""
    target = real_path(path)
    if within is not None and not within.holds(target):
        raise WriteRefused(f"{display_path(path)} leads to {target}, outside "
                           f"{display_path(Path(within.folders[0]))}; nothing was written "
                           "there (remove the link)")
    return target


def write_atomically(path: Path, text: str | bytes, within: Boundary | None = None) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename, so that a reader, or a
    crash, never sees half a file; `WriteRefused` if that lands outside ``within``."""
    target = _target(path, within)
    with _staged(target, text) as temporary:
        os.replace(temporary, target)


def create_exclusively(path: Path, text: str, within: Boundary | None = None) -> None:
    """Write a new file ``path`` atomically, never replacing one that exists (then
    `FileExistsError`): the staged text is hard-linked into place, which fails if the name is
    taken, even when another process creates it meanwhile."""
    if os.path.lexists(path):
        raise FileExistsError(path)
    target = _target(path, within)
    with _staged(target, text) as temporary:
        os.link(temporary, target)


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


class Boundary:
    """The folders governance files must really lie in: a symbolic link that leads out of them
    is reported, never read, so a pull request cannot make CI publish the files of the machine
    it runs on."""

    def __init__(self, *folders: Path) -> None:
        self.folders = tuple(os.path.join(os.path.realpath(folder), "") for folder in folders)

    @classmethod
    def of(cls, repository: Path, configured: Iterable[Path | None]) -> Boundary:
        """The ``repository``, and each ``configured`` folder the configuration places outside
        it (``policies_dir: ../governance``): whoever edits the configuration chooses those. A
        folder named inside the repository that is really a link out of it is not added."""
        home = os.path.join(os.path.abspath(repository), "")
        return cls(repository, *(folder for folder in configured if folder is not None
                                 and not os.path.join(os.path.abspath(folder), "")
                                 .startswith(home)))

    def holds(self, path: Path | str) -> bool:
        """Whether the real place of ``path``, links resolved, is inside one of the folders."""
        return os.path.join(os.path.realpath(path), "").startswith(self.folders)


def discover(roots: Iterable[Path], suffixes: tuple[str, ...] = YAML_SUFFIXES,
             within: Boundary | None = None) -> Iterator[Path]:
    """Yield the files with ``suffixes`` below ``roots`` (a root that is a file, itself), sorted
    per root, with the links `list_folder` refuses among them, for `read_source` to report."""
    for root in roots:
        if is_file(root) and (within is None or within.holds(root)):
            yield root
        else:
            found = list_folder(root, suffixes, within)
            yield from sorted([*found.files, *found.refused])


@dataclass(frozen=True)
class Listing:
    """What a walk of one folder found."""

    files: list[Path]
    """The files with the suffixes asked for, sorted."""
    refused: list[Path]
    """The folder itself, or folders below it, whose real place is outside the boundary: never
    entered, sorted. Links to files are among `files`, since `read_source` refuses those."""


def list_folder(folder: Path, suffixes: tuple[str, ...],
                within: Boundary | None = None) -> Listing:
    """The files with ``suffixes`` below ``folder``, and the folders refused on the way.

    Hidden files and folders (``.git``, editor backups) are skipped; a folder that does not
    exist holds nothing, so a handbook without exceptions or ADRs is not an error. Folders
    reached through links are followed, each real folder once (a link loop ends); ``folder``,
    or a linked folder below it, whose real place is outside ``within`` is refused instead of
    entered, for `read_source` to report.
    """
    if within is not None and folder.exists() and not within.holds(folder):
        return Listing([], [folder])
    files: list[Path] = []
    refused: list[Path] = []
    seen: set[str] = set()
    for current, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(current)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        kept = []
        for name in sorted(dirs):
            path = os.path.join(current, name)
            if name.startswith("."):
                continue
            if within is not None and os.path.islink(path) and not within.holds(path):
                refused.append(Path(path))
            else:
                kept.append(name)
        dirs[:] = kept
        files.extend(Path(current, name) for name in names
                     if name.lower().endswith(suffixes) and not name.startswith("."))
    return Listing(sorted(files), sorted(refused))


def is_file(path: Path) -> bool:
    """Whether ``path`` is a file (through links): a configuration file to read."""
    return os.path.isfile(path)


def is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder (through links): a configured folder that exists."""
    return os.path.isdir(path)


def real_path(path: Path) -> Path:
    """Where ``path`` really is: absolute, every link resolved."""
    return Path(os.path.realpath(path))


def file_stamp(path: Path) -> tuple[int, int] | None:
    """The size and modification time (ns) of ``path`` (through links), which change when it
    is written: what a cache of read files is keyed by; ``None`` when it cannot be seen."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def read_source(path: Path, display: str, max_size: int,
                within: Boundary | None = None) -> SourceFile | Diagnostic:
    """Read ``path`` as UTF-8 text, or say why it cannot be read (a link leading out of
    ``within`` is not read at all)."""
    data = read_bytes(path, display, max_size, within)
    return data if isinstance(data, Diagnostic) else decode(data, path, display)


def unreadable(path: Path, display: str, max_size: int,
               within: Boundary | None = None) -> Diagnostic | None:
    """Why ``path`` is not to be read, or ``None``: a link leading out of ``within``, a file
    over ``max_size`` bytes, an error of the system. Asked without reading, so that a check can
    judge files that only a build reads (the files beside ADRs)."""
    try:
        mode = os.lstat(path).st_mode
        if within is not None and (stat.S_ISLNK(mode) or stat.S_ISDIR(mode)) and \
                not within.holds(path):
            return reading.OUTSIDE.at(
                display, START, f"links to {one_line(os.path.realpath(path), 200)}, outside the "
                "repository; it is not read")
        size = path.stat().st_size
    except OSError as error:
        return reading.UNREADABLE.at(display, START, f"cannot read the file: {error.strerror}")
    if size > max_size:
        return reading.TOO_LARGE.at(
            display, START, f"file is {size:,} bytes, over the limit of {max_size:,} bytes")
    return None


def read_bytes(path: Path, display: str, max_size: int,
               within: Boundary | None = None) -> bytes | Diagnostic:
    """The bytes of ``path``, or why they are not read (`unreadable`)."""
    refused = unreadable(path, display, max_size, within)
    if refused is not None:
        return refused
    try:
        return path.read_bytes()
    except OSError as error:
        return reading.UNREADABLE.at(display, START, f"cannot read the file: {error.strerror}")


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
