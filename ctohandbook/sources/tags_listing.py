"""The docs page that lists the pages by tag: the page in which Material's tags plugin finds its
marker (``<!-- material/tags -->``) and writes the listing, with an anchor per tag. The policy
catalogue links each tag there, so a reader goes from a tag to everything that carries it (the
catalogue no longer repeats that listing itself)."""

from __future__ import annotations

from pathlib import Path

from .files import Boundary, SourceFile, display_path, list_folder, read_source

MARKER = "<!-- material/tags"
"""The start of the tags plugin's listing marker (it may carry options before ``-->``)."""


def tags_listing(docs_dir: Path, max_size: int = 1_048_576,
                 within: Boundary | None = None) -> str | None:
    """The first Markdown page below ``docs_dir`` (by path, by the same walk as every other
    file: hidden folders left out, as MkDocs leaves them, links out of ``within`` not followed)
    that holds the marker, relative to ``docs_dir``; ``None`` without one, and then tags are
    shown without links. A page over ``max_size`` bytes, or unreadable, is not looked into:
    MkDocs reports what it cannot read, and such a page is not the listing to link."""
    for path in list_folder(docs_dir, (".md",), within).files:
        source = read_source(path, display_path(path), max_size, within)
        if isinstance(source, SourceFile) and MARKER in source.text:
            return path.relative_to(docs_dir).as_posix()
    return None
