"""The docs page that lists the pages by tag: the page in which Material's tags plugin finds its
marker (``<!-- material/tags -->``) and writes the listing, with an anchor per tag. The policy
catalogue links each tag there, so a reader goes from a tag to everything that carries it (the
catalogue no longer repeats that listing itself)."""

from __future__ import annotations

from pathlib import Path

MARKER = "<!-- material/tags"
"""The start of the tags plugin's listing marker (it may carry options before ``-->``)."""


def tags_listing(docs_dir: Path) -> str | None:
    """The first Markdown page below ``docs_dir`` (by path; hidden folders left out, as MkDocs
    leaves them out) that holds the marker, relative to ``docs_dir``; ``None`` without one,
    and then tags are shown without links."""
    if not docs_dir.is_dir():
        return None
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:  # unreadable: MkDocs reports it; it is not the listing we can link
            continue
        if MARKER in text:
            return relative.as_posix()
    return None
