"""ADR ids, titles and links as people write them (issue 15): every common numbering gives
``ADR-NNNN``, a title is never prefixed by its number or a stem, two files that would be one
page are a finding, and links with spaces point at the published pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctohandbook.model.adr import adr_id, ref_key
from ctohandbook.model.handbook import load_handbook

from .conftest import render, run_lint


@pytest.mark.parametrize(("stem", "expected"), [
    ("0007-use-x", "ADR-0007"), ("7-use-x", "ADR-0007"), ("adr-007-use-x", "ADR-0007"),
    ("adr007-use-x", "ADR-0007"), ("ADR-007-use-x", "ADR-0007"), ("ADR_007_use_x", "ADR-0007"),
    ("0007_use_x", "ADR-0007"), ("0007 use x", "ADR-0007"), ("adr-0007", "ADR-0007"),
    ("0007", "ADR-0007"), ("0000-use-madr", "ADR-0000"),
    ("20210101-use-x", "20210101-use-x"), ("2021-01-01-use-x", "2021-01-01-use-x"),
    ("use-x", "use-x"), ("1password-integration", "1password-integration")])
def test_common_numberings_give_adr_ids(stem: str, expected: str) -> None:
    assert adr_id(stem) == expected


@pytest.mark.parametrize(("written", "key"), [
    ("adr-007-use-x.md", "ADR-0007"), ("ADR_007_use_x.md", "ADR-0007"),
    ("adr007-use-x", "ADR-0007"), ("0007 use x.md", "ADR-0007"),
    ("0007_use_x.markdown", "ADR-0007"), ("[7. Use X](<0007 use x.md>)", "ADR-0007"),
    ("[7. Use X](0007%20use%20x.md)", "ADR-0007"),
    ("[x](../adrs/ADR-007-use-x.md#why)", "ADR-0007"), ("2021-01-01-use-x.md", "2021-01-01-use-x"),
    ("[Use X](20210101_use_x.md)", "20210101_use_x")])
def test_references_resolve_every_numbering(written: str, key: str) -> None:
    assert ref_key(written) == key


@pytest.mark.parametrize("heading", [
    "# ADR-001: Use X", "# 1. Use X", "# ADR 0001 - Use X", "# ADR-0001 Use X", "# Use X"])
def test_titles_are_written_without_their_numbering(tmp_path: Path, heading: str) -> None:
    (tmp_path / "0001-use-x.md").write_text(f"{heading}\n\n* Status: accepted\n")
    handbook = load_handbook([], max_file_size=1 << 20, adrs_dir=tmp_path)
    assert [(adr.id, adr.title) for adr in handbook.adrs or ()] == [("ADR-0001", "Use X")]


def test_a_name_with_a_space_is_read_and_an_unsafe_id_reported(tmp_path: Path) -> None:
    adrs = tmp_path / "adrs"
    adrs.mkdir()
    (adrs / "0002 use y.md").write_text("# 2. Use Y\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n")
    (adrs / "use y.md").write_text("# Use Y\n")
    assert [(d.code, d.path, d.line, d.column, d.message, d.hint) for d in run_lint(tmp_path)
            ] == [("CTH111", "adrs/use y.md", 1, 1, "the file name gives the ADR id `use y`, "
                   "which is not safe in a page address", "rename the file with letters, "
                   "digits, `-`, `_` and `.` only, such as 0007-use-postgres.md")]
    handbook = load_handbook([], max_file_size=1 << 20, adrs_dir=adrs)
    assert [adr.id for adr in handbook.adrs or ()] == ["ADR-0002"]


_ACCEPTED = "# {title}\n\n* Status: accepted\n* Date: 2024-01-01\n"


@pytest.mark.parametrize(("first", "second", "message", "hint"), [
    ("0001-use-postgresql.md", "adr-0001.md",
     "ADR-0001 is also adrs/0001-use-postgresql.md",
     "renumber the newer file to the next free number"),
    ("ADR-0001.md", "adr-0001.md", "ADR-0001 is also adrs/ADR-0001.md",
     "renumber the newer file to the next free number"),
    ("Use-X.md", "use_x.md",
     "use_x and Use-X (adrs/Use-X.md) would be the same page; only adrs/Use-X.md is published",
     "rename one of the files so that their names differ by more than case and punctuation"),
    ("use-x.md", "use.x.md",
     "use.x and use-x (adrs/use-x.md) would be the same page; only adrs/use-x.md is published",
     "rename one of the files so that their names differ by more than case and punctuation"),
])
def test_files_that_would_be_one_page_are_a_finding_and_the_first_is_published(
        tmp_path: Path, first: str, second: str, message: str, hint: str) -> None:
    adrs = tmp_path / "adrs"
    adrs.mkdir()
    (adrs / first).write_text(_ACCEPTED.format(title="The first"))
    (adrs / second).write_text(_ACCEPTED.format(title="The second"))
    assert [(d.code, d.path, d.line, d.column, d.message, d.hint) for d in run_lint(tmp_path)
            ] == [("CTH404", f"adrs/{second}", 1, 1, message, hint)]
    pages = render(tmp_path)
    adr_pages = [path for path in pages if path != "governance/adrs/index.md"
                 and path.startswith("governance/adrs/")]
    assert len(adr_pages) == 1
    assert "# " in pages[adr_pages[0]] and "The first" in pages[adr_pages[0]]
    assert "The second" not in pages["governance/adrs/index.md"]


def test_dated_ids_are_not_glued_to_titles(tmp_path: Path) -> None:
    """A log4brains id (date and slug) repeats the title: the page, its tab title, the log and
    the supersession banner show the title alone; the id is a detail of the page."""
    adrs = tmp_path / "adrs"
    adrs.mkdir()
    (adrs / "20240101-use-x.md").write_text(
        "# Use X\n\n- Status: superseded by [Use Y](20240201-use-y.md)\n- Date: 2024-01-01\n")
    (adrs / "20240201-use-y.md").write_text(
        "# Use Y\n\n- Status: accepted\n- Date: 2024-02-01\n\n## Links\n\n"
        "- Supersedes [Use X](20240101-use-x.md)\n")
    pages = render(tmp_path)
    old = pages["governance/adrs/20240101-use-x.md"]
    assert old.startswith('---\ntitle: "Use X"\n---\n\n# Use X\n\n')
    assert ('<span class="cth-banner cth-banner--superseded">Superseded</span> This decision was '
            "replaced by [Use Y](20240201-use-y.md).\n") in old
    assert "- **Id:** 20240101-use-x\n- **Superseded by:** [Use Y](20240201-use-y.md)\n" in old
    new = pages["governance/adrs/20240201-use-y.md"]
    assert "- **Supersedes:** [Use X](20240101-use-x.md)\n" in new
    assert ('| <span class="cth-date">2024-02-01</span> | [Use Y](20240201-use-y.md) | '
            '<span class="cth-badge cth-badge--accepted" data-cth-value="accepted">Accepted'
            '</span> |\n') in pages["governance/adrs/index.md"]


def test_numbered_ids_still_lead_the_title(tmp_path: Path) -> None:
    adrs = tmp_path / "adrs"
    adrs.mkdir()
    (adrs / "adr-001-use-x.md").write_text(_ACCEPTED.format(title="ADR-001: Use X"))
    pages = render(tmp_path)
    assert pages["governance/adrs/adr-0001.md"].startswith(
        '---\ntitle: "ADR-0001 Use X"\n---\n\n# ADR-0001 Use X\n\n')
    assert ('| <span class="cth-date">2024-01-01</span> | <span class="cth-id">[ADR-0001]'
            '(adr-0001.md)</span> | Use X |') in pages["governance/adrs/index.md"]


def test_links_with_spaces_and_files_beside_the_adrs_point_at_the_published_pages(
        tmp_path: Path) -> None:
    """Links to other ADRs in angle brackets or with ``%20`` go to their pages; a relative
    link to a file of an ADR folder outside the docs goes where that file is published,
    ``<pages>/adrs/<its path in the ADR folder>``; inside the docs, to its docs path."""
    adrs = tmp_path / "adrs"
    (adrs / "backend" / "img").mkdir(parents=True)
    (adrs / "0002 use y.md").write_text(_ACCEPTED.format(title="2. Use Y"))
    (adrs / "backend" / "0003-use-z.md").write_text(
        _ACCEPTED.format(title="3. Use Z") + "\nAfter [Y](<../0002 use y.md>) and "
        "[Y again](../0002%20use%20y.md#why), see ![the diagram](img/x.png) and "
        "[the notes](<img/my notes.txt>).\n")
    page = render(tmp_path)["governance/adrs/adr-0003.md"]
    assert ("After [Y](adr-0002.md) and [Y again](adr-0002.md#why), see "
            "![the diagram](backend/img/x.png) and [the notes](backend/img/my%20notes.txt).\n"
            ) in page


def test_files_of_an_adr_folder_inside_the_docs_keep_their_docs_path(tmp_path: Path) -> None:
    adrs = tmp_path / "docs" / "decisions"
    adrs.mkdir(parents=True)
    (adrs / "0001-use-x.md").write_text(_ACCEPTED.format(title="1. Use X") +
                                        "\n![x](img/x.png)\n")
    handbook = load_handbook([], max_file_size=1 << 20, base=tmp_path, adrs_dir=adrs,
                             docs_dir=tmp_path / "docs")
    from ctohandbook import Context
    from ctohandbook.render import render_pages

    from .conftest import TODAY
    pages = {p.path: p.markdown for p in render_pages(handbook, Context(TODAY),
                                                      docs_dir=tmp_path / "docs")}
    assert "![x](../../decisions/img/x.png)\n" in pages["governance/adrs/adr-0001.md"]


def test_an_adr_saved_with_lone_carriage_returns_is_read(tmp_path: Path) -> None:
    """Old Mac line ends: the parser counts ``\\r`` as a line end, and so must the bullet
    lookup (it indexed past the end of the ``\\n``-split lines; found by the property tests)."""
    adrs = tmp_path / "adrs"
    adrs.mkdir()
    (adrs / "0001-use-x.md").write_bytes(
        b"# Use X\r\r* Status: accepted\r* Date: 2026-01-05\r\r## Context\r\rWhy.\r")
    handbook = load_handbook([], base=tmp_path, max_file_size=10_000, adrs_dir=adrs)
    [adr] = handbook.adrs or []
    assert (adr.id, adr.title, adr.status, str(adr.date), adr.format, adr.bullet) == (
        "ADR-0001", "Use X", "accepted", "2026-01-05", "bullets", "*")
    assert handbook.diagnostics == []


def test_one_decision_per_folder_is_named_by_its_folder(tmp_path: Path) -> None:
    """A collection keeping each decision as ``<slug>/index.md`` (with a README copy, as
    joelparkerhenderson/architecture-decision-record does): each index that states a status is
    the ADR of its folder, references to ``../<slug>/index.md`` resolve to it, the collection's
    own index is not an ADR, and a README copy beside an index is the same page (CTH404)."""
    adrs = tmp_path / "adrs"
    for slug, status, links in (
            ("use-postgresql", "superseded by [Kafka](../use-kafka/index.md)", ""),
            ("use-kafka", "accepted",
             "\n## Links\n\n- Supersedes [Postgres](../use-postgresql/index.md)\n")):
        (adrs / slug).mkdir(parents=True)
        (adrs / slug / "index.md").write_text(
            f"# Use {slug[4:]}\n\n- Status: {status}\n- Date: 2024-01-01\n{links}")
    (adrs / "use-kafka" / "README.md").write_text(
        (adrs / "use-kafka" / "index.md").read_text())
    (adrs / "index.md").write_text("# Decisions\n\n- [Use Kafka](use-kafka/index.md)\n")
    handbook = load_handbook([], base=tmp_path, max_file_size=10_000, adrs_dir=adrs)
    assert [(adr.id, adr.title, adr.status) for adr in handbook.adrs or ()] == [
        ("use-kafka", "Use kafka", "accepted"), ("use-kafka", "Use kafka", "accepted"),
        ("use-postgresql", "Use postgresql", "superseded")]
    assert [(d.code, d.path, d.message) for d in run_lint(tmp_path)] == [
        ("CTH404", "adrs/use-kafka/index.md", "use-kafka is also adrs/use-kafka/README.md")]
