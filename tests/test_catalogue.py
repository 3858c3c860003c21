"""The policy catalogue: one table (no listing per tag), its filter box, and its tags linked to
the docs page that lists pages by tag (found by Material's marker), through `render` and the
publication both commands share."""

from __future__ import annotations

from pathlib import Path

from ctohandbook.sources.files import Boundary
from ctohandbook.sources.tags_listing import tags_listing

from .conftest import GOOD, render

ROOT = Path(__file__).parent.parent

CATALOGUE = "governance/policies/index.md"


def test_the_example_lists_tags_on_its_tags_page() -> None:
    assert tags_listing(ROOT / "docs") == "tags.md"


def test_the_listing_is_the_first_page_with_the_marker(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Tags\n\nThe marker is `material/tags`, not a listing.\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden/tags.md").write_text("<!-- material/tags -->\n")
    assert tags_listing(tmp_path) is None
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics/index.md").write_text("# Topics\n\n<!-- material/tags { toc: false } -->\n")
    (tmp_path / "z.md").write_text("<!-- material/tags -->\n")
    assert tags_listing(tmp_path) == "topics/index.md"
    assert tags_listing(tmp_path / "missing") is None


def test_the_listing_is_looked_for_within_the_size_limit_and_the_repository(
        tmp_path: Path) -> None:
    """Every docs page is read to find the marker: bounded like every other read, and a folder
    linked out of the repository is not entered."""
    docs, outside = tmp_path / "repo/docs", tmp_path / "outside"
    docs.mkdir(parents=True)
    outside.mkdir()
    (outside / "tags.md").write_text("<!-- material/tags -->\n")
    (docs / "linked").symlink_to(outside)
    (docs / "big.md").write_text("<!-- material/tags -->\n" + "x" * 100)
    within = Boundary(tmp_path / "repo")
    assert tags_listing(docs, 50, within) is None
    assert tags_listing(docs, 1000, within) == "big.md"


def test_tags_link_to_their_entry_on_the_tags_page() -> None:
    pages = render(GOOD, tags_page="topics/tags page.md", pages_dir="handbook/governance")
    rows = [line for line in pages["handbook/" + CATALOGUE].splitlines()
            if line.startswith('| <span class="cth-id">')]
    # From handbook/governance/policies/ up to the docs folder; the name percent-encoded.
    assert rows[0].endswith(" | [security](../../../topics/tags%20page.md#tag:security) |")
    assert rows[1].endswith(" |  |")  # SEC-002 has no tags


def test_without_a_tags_page_tags_are_text_and_each_policy_is_listed_once() -> None:
    page = render(GOOD)[CATALOGUE]
    assert page.count("[SEC-001](sec-001.md)") == 1
    assert "## By tag" not in page and "###" not in page
    assert ('<div class="cth-filter" data-cth-filter data-cth-sortable>\n'
            '<label>Status <select data-cth-column="Status"><option value="">All</option>'
            '<option value="active">Active</option><option value="draft">Draft</option>'
            '<option value="retired">Retired</option></select></label>\n'
            '<label>Tag <select data-cth-column="Tags" data-cth-list><option value="">All'
            '</option><option value="security">security</option></select></label>\n'
            '<span class="cth-filter__count" aria-live="polite"></span>\n</div>\n') in page
    assert "| Policy | Title | Owner | Status | Version | Next review | Tags |\n" in page
    assert " | security |\n" in page
