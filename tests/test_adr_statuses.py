"""ADR statuses and hints that fit the collection (issue 15): statuses other teams write are
mapped to the lifecycle (the badge keeps the author's word), others are reported, counted and
filterable; hints show the fix as the other file writes it; did-you-mean only for close
matches, never the ADR itself."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ctohandbook import Context, load_handbook
from ctohandbook.model.validation import suggest
from ctohandbook.views import build_view

from .conftest import FIXTURES, TODAY, render, run_lint

ODD = FIXTURES / "adrs" / "odd-statuses"


@pytest.fixture
def odd(tmp_path: Path) -> Path:
    shutil.copytree(ODD, tmp_path / "adrs", ignore=shutil.ignore_patterns("*.json"))
    return tmp_path


def test_unknown_statuses_are_reported_mapped_ones_are_not(odd: Path) -> None:
    assert [(d.code, d.path, d.line, d.column, d.message, d.hint) for d in run_lint(odd)] == [
        ("CTH401", "adrs/0016-move-to-a-second-cloud.md", 2, 9, "ADR-0016 has status `on hold`, "
         "which is not one of draft, proposed, accepted, rejected, deprecated, superseded",
         "write `status: accepted` to the front matter of adrs/0016-move-to-a-second-cloud.md, "
         "with one of: draft, proposed, accepted, rejected, deprecated, superseded"),
        ("CTH401", "adrs/0017-use-rest-everywhere.md", 2, 9, "ADR-0017 has status `Partly "
         "superseded by ADR-0006`, which is not one of draft, proposed, accepted, rejected, "
         "deprecated, superseded",
         "write `status: accepted` to the front matter of adrs/0017-use-rest-everywhere.md, "
         "with one of: draft, proposed, accepted, rejected, deprecated, superseded")]


def test_the_log_counts_and_filters_every_status_and_badges_keep_the_authors_word(
        odd: Path) -> None:
    log = render(odd)["governance/adrs/index.md"]
    assert ("18 architecture decision records: 1 draft, 4 proposed, 6 accepted, 2 rejected, "
            "3 deprecated, 1 on hold, 1 partly superseded.") in log
    assert ('<option value="">All</option><option value="draft">Draft</option>'
            '<option value="proposed">Proposed</option><option value="accepted">Accepted</option>'
            '<option value="rejected">Rejected</option>'
            '<option value="deprecated">Deprecated</option>'
            '<option value="on hold">On hold</option>'
            '<option value="partly superseded">Partly superseded</option></select>') in log
    for row in (
            '<span class="cth-id">[ADR-0001](adr-0001.md)</span> | '
            'Use Markdown Any Decision Records | <span class="cth-badge '
            'cth-badge--accepted" data-cth-value="accepted">Approved</span>',
            '<span class="cth-id">[ADR-0007](adr-0007.md)</span> | '
            'Split the billing service | <span class="cth-badge '
            'cth-badge--proposed" data-cth-value="proposed">In review</span>',
            '<span class="cth-id">[ADR-0009](adr-0009.md)</span> | '
            'Event sourcing for orders | <span class="cth-badge '
            'cth-badge--proposed" data-cth-value="proposed">RFC</span>',
            '<span class="cth-id">[ADR-0015](adr-0015.md)</span> | '
            'One database per team | <span class="cth-badge '
            'cth-badge--deprecated" data-cth-value="deprecated">Reverted</span>',
            '<span class="cth-id">[ADR-0016](adr-0016.md)</span> | '
            'Move to a second cloud | <span class="cth-badge '
            'cth-badge--unknown" data-cth-value="on hold">On hold</span>',
            '— | [Generate services from a template](template.md) | <span class="cth-badge '
            'cth-badge--accepted" data-cth-value="accepted">Accepted</span>'):
        assert row in log


def test_the_overview_counts_by_the_same_statuses(odd: Path) -> None:
    handbook = load_handbook([], max_file_size=1 << 20, base=odd, adrs_dir=odd / "adrs")
    view = build_view(handbook, Context(TODAY))
    assert view.adr_statuses == [
        ("draft", 1), ("proposed", 4), ("accepted", 6), ("rejected", 2), ("deprecated", 3),
        ("on hold", 1), ("partly superseded", 1)]


_NYGARD_OLD = "# 1. Use PostgreSQL\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n"
_NYGARD_NEW = ("# 2. Use CockroachDB\n\nDate: 2024-02-01\n\n## Status\n\nAccepted\n\n"
               "Supersedes [1. Use PostgreSQL](0001-use-postgresql.md)\n")
_FRONT_OLD = "---\nstatus: accepted\ndate: 2024-01-01\n---\n# Use PostgreSQL\n"
_BULLETS_OLD = "# Use PostgreSQL\n\n- Status: accepted\n- Date: 2024-01-01\n"
_FRONT_NEW = ("---\nstatus: accepted\ndate: 2024-02-01\nsupersedes: [ADR-0001]\n---\n"
              "# Use CockroachDB\n")
_NYGARD_OLD_SUPERSEDED = ("# 1. Use PostgreSQL\n\nDate: 2024-01-01\n\n## Status\n\n"
                          "Superseded by [2. Use CockroachDB](0002-use-cockroachdb.md)\n")
_MADR2_NEW = "# Use CockroachDB\n\n* Status: accepted\n* Date: 2024-02-01\n"


@pytest.mark.parametrize(("old", "new", "expected"), [
    (_NYGARD_OLD, _NYGARD_NEW, (
        "adrs/0002-use-cockroachdb.md", 9, 12, "ADR-0002 supersedes ADR-0001, but ADR-0001 does "
        "not say it is superseded by ADR-0002", "add the line `Superseded by [2. Use "
        "CockroachDB](0002-use-cockroachdb.md)` under `## Status` in "
        "adrs/0001-use-postgresql.md")),
    (_FRONT_OLD, _NYGARD_NEW, (
        "adrs/0002-use-cockroachdb.md", 9, 12, "ADR-0002 supersedes ADR-0001, but ADR-0001 does "
        "not say it is superseded by ADR-0002", "add `superseded-by: [ADR-0002]` to the front "
        "matter of adrs/0001-use-postgresql.md")),
    (_BULLETS_OLD, _FRONT_NEW, (
        "adrs/0002-use-cockroachdb.md", 4, 14, "ADR-0002 supersedes ADR-0001, but ADR-0001 does "
        "not say it is superseded by ADR-0002", "add the line `- Status: superseded by "
        "[ADR-0002](0002-use-cockroachdb.md)` under the title of adrs/0001-use-postgresql.md")),
    (_NYGARD_OLD_SUPERSEDED, _MADR2_NEW, (
        "adrs/0001-use-postgresql.md", 7, 1, "ADR-0001 is superseded by ADR-0002, but ADR-0002 "
        "does not say it supersedes ADR-0001", "add the line `* Supersedes "
        "[ADR-0001](0001-use-postgresql.md)` under `## Links` of adrs/0002-use-cockroachdb.md")),
])
def test_the_one_sided_hint_is_written_as_the_other_file_writes(
        tmp_path: Path, old: str, new: str, expected: tuple[str, int, int, str, str]) -> None:
    adrs = tmp_path / "adrs"
    adrs.mkdir()
    (adrs / "0001-use-postgresql.md").write_text(old)
    (adrs / "0002-use-cockroachdb.md").write_text(new)
    assert [(d.path, d.line, d.column, d.message, d.hint) for d in run_lint(tmp_path)
            if d.code == "CTH406"] == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("# 1. Use X\n\n## Status\n\nSuperseded\n", [
        ("CTH403", "add the line `Date: YYYY-MM-DD` under the title of adrs/0001-use-x.md"),
        ("CTH407", "add the line `Superseded by [NNNN. Title](NNNN-….md)` under `## Status` "
         "in adrs/0001-use-x.md")]),
    ("# Use X\n\n* Status: superseded\n", [
        ("CTH403", "add the line `* Date: YYYY-MM-DD` under the title of adrs/0001-use-x.md"),
        ("CTH407", "add the line `* Status: superseded by [ADR-NNNN](NNNN-….md)` under the "
         "title of adrs/0001-use-x.md")]),
    ("---\nstatus: superseded\n---\n# Use X\n", [
        ("CTH403", "add `date: YYYY-MM-DD` to the front matter of adrs/0001-use-x.md"),
        ("CTH407", "add `superseded-by: [ADR-NNNN]` to the front matter of "
         "adrs/0001-use-x.md")]),
    ("# Use X\n\n- Date: 2024-01-01\n", [
        ("CTH401", "write the line `- Status: accepted` under the title of adrs/0001-use-x.md, "
         "with one of: draft, proposed, accepted, rejected, deprecated, superseded")]),
])
def test_date_status_and_successor_hints_follow_the_files_format(
        tmp_path: Path, text: str, expected: list[tuple[str, str]]) -> None:
    adrs = tmp_path / "adrs"
    adrs.mkdir()
    (adrs / "0001-use-x.md").write_text(text)
    assert [(d.code, d.hint) for d in run_lint(tmp_path)] == expected


def test_did_you_mean_only_for_close_statuses_and_never_the_adr_itself(tmp_path: Path) -> None:
    adrs = tmp_path / "adrs"
    adrs.mkdir()
    front = "---\nstatus: {status}\ndate: 2024-01-01\n{extra}---\n# Use X\n"
    (adrs / "0001-use-x.md").write_text(front.format(status="acepted", extra=""))
    (adrs / "0002-use-y.md").write_text(front.format(status="postponed", extra=""))
    (adrs / "0003-use-z.md").write_text(front.format(status="accepted",
                                                     extra="supersedes: [ADR-0030]\n"))
    (adrs / "0004-use-w.md").write_text(front.format(status="accepted",
                                                     extra="supersedes: [ADR-0041]\n"))
    assert [(d.code, d.path, d.hint) for d in run_lint(tmp_path)] == [
        ("CTH401", "adrs/0001-use-x.md", "did you mean `accepted`?"),
        ("CTH401", "adrs/0002-use-y.md", "write `status: accepted` to the front matter of "
         "adrs/0002-use-y.md, with one of: draft, proposed, accepted, rejected, deprecated, "
         "superseded"),
        ("CTH405", "adrs/0003-use-z.md", "correct the ADR id or file name"),
        ("CTH405", "adrs/0004-use-w.md", "did you mean `ADR-0001`?")]


@pytest.mark.parametrize(("word", "choices", "expected"), [
    ("approved", ["draft", "proposed", "accepted"], None), ("acepted", ["accepted"], "accepted"),
    ("ADR-0042", ["ADR-0004"], None), ("ADR-0042", ["ADR-0002", "ADR-0004"], "ADR-0002"),
    ("MUST", ["must", "should"], "must"), ("securty", ["security"], "security"),
    ("vp-engineerng", ["vp-engineering"], "vp-engineering"), ("ctoo", ["cto"], "cto"),
    ("polices_dir", ["policies_dir"], "policies_dir"), ("implemented", ["deprecated"], None)])
def test_suggest_refuses_distant_words(word: str, choices: list[str],
                                        expected: str | None) -> None:
    assert suggest(word, choices) == expected
