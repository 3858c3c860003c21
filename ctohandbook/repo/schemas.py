"""JSON Schemas for editors: what ``ctohandbook schema KIND`` prints and ``--write`` keeps.

A repository keeps the schema of every document kind in ``schemas/`` (``ctohandbook schema
--write schemas``) and starts each YAML file with ``# yaml-language-server: $schema=...``
pointing at it, so that editors with a YAML language server complete and check fields while
people type, offline and pinned to the ctohandbook version the repository uses. The kept files
are generated, so they go stale when ctohandbook's models change (usually on an upgrade):
CTH707 (`ctohandbook.rules.schemas`) tells CI, through `stale`, once the repository has opted in
by writing them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from ..model.kinds import KINDS
from ..sources.files import Boundary, WriteRefused, display_path, write_atomically

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_PREFIX = "urn:ctohandbook:schema:"
"""Start of every schema's ``$id``. A URN names the schema without promising a download
address that could go away; every ``$ref`` inside is local (``#/$defs/...``). It also tells our
files in ``schemas/`` from a team's own (see `stale`)."""
FOLDER = "schemas"
"""The folder beside ``mkdocs.yml`` that CTH707 checks."""
SUFFIX = ".schema.json"
HEADER = "# yaml-language-server: $schema="
"""The modeline the YAML language server (VS Code's YAML extension and others) reads."""


def schema_text(name: str, model: type[BaseModel]) -> str:
    """The JSON Schema of ``model``, published as ``name``, with a final line break: exactly
    what ``ctohandbook schema NAME`` prints and ``--write`` writes, so the two never differ.

    The ``title`` is the kind rather than the Python class, and the ``description`` (the
    model's docstring) comes first, because editors show them when hovering a file."""
    document = model.model_json_schema()
    document.pop("title", None)
    head = {"$schema": DIALECT, "$id": ID_PREFIX + name, "title": f"ctohandbook {name}"}
    if "description" in document:
        head["description"] = document.pop("description")
    return json.dumps({**head, **document}, indent=2) + "\n"


def file_name(kind: str) -> str:
    """The file holding the schema of ``kind``: ``policy.schema.json``."""
    return kind + SUFFIX


def editor_schemas() -> dict[str, str]:
    """The text of every document kind's schema by file name: what ``schema --write`` writes.

    The lint report's schema is left out: nobody edits a lint report, and programs reading
    ``lint --format json`` get it from ``ctohandbook schema lint-report``."""
    return {file_name(kind): schema_text(kind, model) for kind, model in sorted(KINDS.items())}


def write(folder: Path) -> list[Path]:
    """Write every document kind's schema into ``folder`` (created if need be), each file
    atomically; the files written, in order (a file already up to date is left untouched).

    Raises `WriteRefused`, having written nothing, when a file of that name exists and is not
    one of ours (its text lacks our ``$id``): a team's own schema is never overwritten.
    """
    wanted = editor_schemas()
    for name in wanted:
        kind = name.removesuffix(SUFFIX)
        current = _read(folder / name)
        if current is not None and f'"$id": "{ID_PREFIX}{kind}"' not in current:
            raise WriteRefused(f"{display_path(folder / name)} exists and was not written by "
                               "ctohandbook; nothing was written (move it, or write the "
                               "schemas to another folder)")
    written = []
    for name, text in wanted.items():
        if _read(folder / name) != text:
            write_atomically(folder / name, text, Boundary(folder))
            written.append(folder / name)
    return written


def header(path: Path, kind: str, folder: Path) -> str:
    """The modeline line to start a new YAML file ``path`` of ``kind`` with, pointing at
    ``kind``'s schema in ``folder`` by a path relative to the file (as the language server
    resolves it, and as it stays valid wherever the repository is checked out); ``""`` when
    ``folder`` holds no schema of ``kind`` (an ADR, or a repository without ``schemas/``)."""
    target = folder / file_name(kind)
    if kind not in KINDS or not target.is_file():
        return ""
    relative = os.path.relpath(os.path.abspath(target), os.path.abspath(path.parent))
    return f"{HEADER}{Path(relative).as_posix()}\n"


@dataclass(frozen=True)
class Stale:
    """A kept schema that is not what ``schema --write`` writes."""

    kind: str
    path: Path
    missing: bool
    """Whether there is no file at all (else its text differs)."""


def stale(folder: Path) -> list[Stale]:
    """Each document kind whose schema in ``folder`` is missing or differs from what ``schema
    --write`` writes, by kind; none when the folder holds no schema of ours (the repository did
    not opt in, or the folder is the team's own for something else, which must not be
    overwritten on our advice). Never raises."""
    current = {name: _read(folder / name) for name in map(file_name, sorted(KINDS))}
    if not any(text is not None and ID_PREFIX in text for text in current.values()):
        return []  # before generating the schemas, which costs more than reading
    return [Stale(name.removesuffix(SUFFIX), folder / name, current[name] is None)
            for name, text in editor_schemas().items() if current[name] != text]


def _read(path: Path) -> str | None:
    """The text of ``path`` with line breaks as ``\\n`` (a checkout with ``core.autocrlf`` is
    not stale), ``None`` when it does not exist, ``""`` when it cannot be read as UTF-8 text
    (so it counts as out of date and is rewritten)."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""
