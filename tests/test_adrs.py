"""ADRs: every common format read as its tool means it, the lifecycle checks (CTH4xx) at exact
positions, and collections of other tools published without edits."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from ctohandbook.model.adr import Adr, ref_key
from ctohandbook.model.handbook import is_adr_file, load_handbook

from .conftest import FIXTURES, located, mkdocs_build, render, run_lint

FORMATS = FIXTURES / "adrs"
FOLDERS = sorted(path.name for path in FORMATS.iterdir() if path.is_dir())


def _summary(adr: Adr) -> dict[str, object]:
    """An ADR in the shape of the fixtures' ``expected.json``."""
    return {"file": adr.file_name, "title": adr.title, "status": adr.status,
            "date": adr.date.isoformat() if adr.date else None,
            "supersedes": [ref.key for ref in adr.supersedes],
            "superseded_by": [ref.key for ref in adr.superseded_by],
            "links": [[ref.relation, ref.key] for ref in adr.links],
            "tags": adr.tags, "decision_makers": adr.decision_makers}


def test_every_format_folder_is_tested() -> None:
    assert FOLDERS == ["adr-tools", "log4brains", "madr-2", "madr-3", "madr-4", "numberings",
                       "odd-statuses"]


@pytest.mark.parametrize("folder", FOLDERS)
def test_each_format_reads_as_its_tool_means(folder: str) -> None:
    """The fixtures' ``expected.json`` was written from each tool's documentation, apart from
    this parser; index, README and template files are not ADRs (odd-statuses' template.md
    holds a decision, and is one)."""
    handbook = load_handbook([], max_file_size=1 << 20, adrs_dir=FORMATS / folder)
    assert handbook.adrs is not None and handbook.diagnostics == []
    expected = json.loads((FORMATS / folder / "expected.json").read_text())
    assert {adr.id: _summary(adr) for adr in handbook.adrs} == expected


@pytest.mark.parametrize(("written", "key"), [
    ("ADR-0003", "ADR-0003"), ("adr-3", "ADR-0003"), ("3", "ADR-0003"), ("0003", "ADR-0003"),
    ("0003-use-x.md", "ADR-0003"), ("[3. Use X](0003-use-x.md)", "ADR-0003"),
    ("../decisions/0003-use-x.md#outcome", "ADR-0003"), ("0003-use-x", "ADR-0003"),
    ("20240301-deploy-with-argo", "20240301-deploy-with-argo"),
    ("[20240301-x](20240301-x.md)", "20240301-x"), ("2024-03-01-x.md", "2024-03-01-x"),
])
def test_references_resolve_whatever_form_they_take(written: str, key: str) -> None:
    assert ref_key(written) == key


_EXPECTED_FINDINGS = {
    "adr-tools": [],
    "log4brains": [("CTH403", "adrs/20240410-use-opentelemetry-for-tracing.md", 1, 1)],
    "madr-2": [("CTH401", "adrs/0000-use-markdown-architectural-decision-records.md", 1, 1),
               ("CTH403", "adrs/0000-use-markdown-architectural-decision-records.md", 1, 1),
               ("CTH403", "adrs/0004-use-typescript-for-react-components.md", 1, 1)],
    "madr-3": [("CTH406", "adrs/0002-use-jenkins-for-continuous-integration.md", 2, 9),
               ("CTH403", "adrs/0005-adopt-trunk-based-development.md", 1, 1)],
    "madr-4": [("CTH406", "adrs/0005-use-rest-for-the-partner-api.md", 3, 9),
               ("CTH403", "adrs/0008-record-feature-flags-in-a-flag-service.md", 1, 1)],
    "numberings": [],
    "odd-statuses": [("CTH401", "adrs/0016-move-to-a-second-cloud.md", 2, 9),
                     ("CTH401", "adrs/0017-use-rest-everywhere.md", 2, 9)],
}
"""What a copied collection is told: only what its files really lack (MADR makes the date
optional; MADR 3 and 4 have no field for "supersedes")."""


@pytest.mark.slow
@pytest.mark.parametrize("folder", FOLDERS)
def test_collections_of_other_tools_build_without_edits(folder: str, tmp_path: Path) -> None:
    """Copied as they are, with a two-line mkdocs.yml: the build publishes every ADR, links
    successors, and reports the same findings as ``ctohandbook lint``."""
    root = tmp_path / "handbook"
    shutil.copytree(FORMATS / folder, root / "adrs", ignore=shutil.ignore_patterns("*.json"))
    (root / "policies").mkdir()
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Decisions\n")
    (root / "mkdocs.yml").write_text("site_name: Decisions\ntheme: {name: material}\n"
                                     "plugins: [search, ctohandbook]\n")
    done = mkdocs_build(root, root / "site")
    assert done.returncode == 0, done.stderr
    reported = [(code, path, int(line), int(column)) for path, line, column, code
                in re.findall(r"(\S+):(\d+):(\d+): (CTH\d+)", done.stderr)]
    assert sorted(reported) == sorted(_EXPECTED_FINDINGS[folder])
    assert sorted(located(run_lint(root))) == sorted(_EXPECTED_FINDINGS[folder])
    expected = json.loads((FORMATS / folder / "expected.json").read_text())
    for adr_id, summary in expected.items():
        html = (root / "site" / "governance" / "adrs" / adr_id.lower() / "index.html"
                ).read_text()
        assert summary["title"] in html
        for successor in summary["superseded_by"]:
            assert f'href="../{successor.lower()}/"' in html


_ADR = """---
status: {status}
date: 2026-01-05
{extra}---
# {title}

## Context and Problem Statement

Text.
"""


def _write(folder: Path, name: str, status: str = "accepted", extra: str = "",
           title: str = "A decision") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(_ADR.format(status=status, extra=extra, title=title))


def test_a_clean_collection_has_no_findings(handbook_dir: Path) -> None:
    adrs = handbook_dir / "adrs"
    _write(adrs, "0002-old.md", "superseded", "superseded-by: [ADR-0003]\n")
    _write(adrs, "0003-new.md", "accepted", "supersedes: [ADR-0002]\n")
    _write(adrs, "0004-open.md", "proposed", "review-by: 2026-12-01\n")
    assert run_lint(handbook_dir) == []


_LIFECYCLE: list[tuple[dict[str, tuple[str, str]], list[tuple[str, str, int, int, str]]]] = [
    ({"0002-a.md": ("on hold", "")},
     [("CTH401", "adrs/0002-a.md", 2, 9, "ADR-0002 has status `on hold`, which is not one "
       "of draft, proposed, accepted, rejected, deprecated, superseded")]),
    ({"0002-a.md": ("acepted", "")},
     [("CTH401", "adrs/0002-a.md", 2, 9, "ADR-0002 has status `acepted`, which is not one of "
       "draft, proposed, accepted, rejected, deprecated, superseded")]),
    ({"0002-a.md": ("accepted", "supersedes: [ADR-0042]\n")},
     [("CTH405", "adrs/0002-a.md", 4, 14, "ADR-0002 supersedes ADR-0042, which is not an ADR "
       "here")]),
    ({"0002-a.md": ("superseded", "superseded-by: [ADR-0003]\n"),
      "0003-b.md": ("accepted", "")},
     [("CTH406", "adrs/0002-a.md", 4, 17, "ADR-0002 is superseded by ADR-0003, but ADR-0003 "
       "does not say it supersedes ADR-0002")]),
    ({"0002-a.md": ("accepted", ""), "0003-b.md": ("accepted", "supersedes: [ADR-0002]\n")},
     [("CTH406", "adrs/0003-b.md", 4, 14, "ADR-0003 supersedes ADR-0002, but ADR-0002 does not "
       "say it is superseded by ADR-0003")]),
    ({"0002-a.md": ("superseded", "")},
     [("CTH407", "adrs/0002-a.md", 2, 9, "ADR-0002 is superseded but names no successor")]),
    ({"0002-a.md": ("superseded", "superseded-by: [ADR-0003]\nsupersedes: [ADR-0003]\n"),
      "0003-b.md": ("superseded", "superseded-by: [ADR-0002]\nsupersedes: [ADR-0002]\n")},
     [("CTH408", "adrs/0002-a.md", 2, 9,
       "supersession cycle: ADR-0002 → ADR-0003 → ADR-0002")]),
    ({"0002-a.md": ("superseded", "superseded-by: [ADR-0003]\n"),
      "0003-b.md": ("proposed", "supersedes: [ADR-0002]\n")},
     [("CTH409", "adrs/0002-a.md", 2, 9, "ADR-0002 is superseded by ADR-0003, which is "
       "proposed")]),
    ({"0002-a.md": ("accepted", "superseded-by: [ADR-0003]\n"),
      "0003-b.md": ("accepted", "supersedes: [ADR-0002]\n")},
     [("CTH410", "adrs/0002-a.md", 2, 9, "ADR-0002 is accepted but names ADR-0003 as its "
       "successor")]),
    ({"0002-a.md": ("proposed", "review-by: 2026-11-01\n")},
     [("CTH411", "adrs/0002-a.md", 4, 12, "ADR-0002 is still proposed; it was to be decided by "
       "2026-11-01, 20 days ago")]),
]


@pytest.mark.parametrize(("files", "expected"), _LIFECYCLE)
def test_each_lifecycle_rule(handbook_dir: Path, files: dict[str, tuple[str, str]],
                             expected: list[tuple[str, str, int, int, str]]) -> None:
    for name, (status, extra) in files.items():
        _write(handbook_dir / "adrs", name, status, extra)
    found = [(d.code, d.path, d.line, d.column, d.message) for d in run_lint(handbook_dir)]
    assert found == expected


def test_title_date_and_duplicate_ids(handbook_dir: Path) -> None:
    adrs = handbook_dir / "adrs"
    (adrs / "0002-no-title.md").write_text("---\nstatus: accepted\ndate: 2026-01-05\n---\n"
                                           "Text without a heading.\n")
    (adrs / "0003-no-date.md").write_text("# No date\n\n* Status: accepted\n")
    _write(adrs, "0003-again.md")
    assert [(d.code, d.path, d.line, d.column, d.message)
            for d in run_lint(handbook_dir)] == _TITLE_DATE_DUPLICATE


_TITLE_DATE_DUPLICATE = [
    ("CTH402", "adrs/0002-no-title.md", 1, 1, "ADR-0002 has no title"),
    ("CTH403", "adrs/0003-no-date.md", 1, 1, "ADR-0003 has no date"),
    ("CTH404", "adrs/0003-no-date.md", 1, 1, "ADR-0003 is also adrs/0003-again.md"),
]


def test_an_active_policy_citing_a_superseded_adr(handbook_dir: Path) -> None:
    adrs = handbook_dir / "adrs"
    (adrs / "0001-use-postgresql.md").write_text(
        "# 1. Use PostgreSQL\n\nDate: 2026-01-10\n\n## Status\n\n"
        "Superseded by [2. Use CockroachDB](0002-use-cockroachdb.md)\n")
    (adrs / "0002-use-cockroachdb.md").write_text(
        "# 2. Use CockroachDB\n\nDate: 2026-03-10\n\n## Status\n\nAccepted\n\n"
        "Supersedes [1. Use PostgreSQL](0001-use-postgresql.md)\n")
    assert [(d.code, d.path, d.line, d.column, d.message)
            for d in run_lint(handbook_dir)] == _CITES_REPLACED


_CITES_REPLACED = [("CTH412", "policies/security/sec-001-secure-sdlc.yml", 19, 18,
                    "SEC-001 cites ADR-0001, which is superseded, superseded by ADR-0002")]

COVERED = {code for _, expected in _LIFECYCLE for code, *_ in expected} | {
    code for code, *_ in _TITLE_DATE_DUPLICATE + _CITES_REPLACED}
"""The rules these tests see fail, for `test_rules.test_every_rule_has_a_failing_test`."""


def test_long_references_and_statuses_are_quoted_as_excerpts(handbook_dir: Path) -> None:
    """CTH401, CTH405 and CTH410 quoted a status or a reference whole, however long (found by
    tests/test_properties.py): a message quotes 60 characters at most."""
    adrs = handbook_dir / "adrs"
    _write(adrs, "0002-a.md", "implemented" + "!" * 200)
    _write(adrs, "0003-b.md", "accepted", f"superseded-by: [{'1' * 200}]\n")
    found = {d.code: d.message for d in run_lint(handbook_dir)}
    assert found == {
        "CTH401": f"ADR-0002 has status `implemented{'!' * 48}…`, which is not one of draft, "
                  "proposed, accepted, rejected, deprecated, superseded",
        "CTH405": f"ADR-0003 is superseded by {'1' * 59}…, which is not an ADR here",
        "CTH410": f"ADR-0003 is accepted but names {'1' * 59}… as its successor"}


def test_broken_front_matter_is_reported_and_the_body_still_read(handbook_dir: Path) -> None:
    adrs = handbook_dir / "adrs"
    (adrs / "0002-broken.md").write_text("---\nstatus: [accepted\n---\n# Broken\n")
    (adrs / "0003-open.md").write_text("---\nstatus: accepted\n# Never closed\n")
    assert [(d.code, d.path, d.line, d.column, d.message) for d in run_lint(handbook_dir)] == [
        ("CTH101", "adrs/0002-broken.md", 3, 1, "did not find expected ',' or ']' (while "
         "parsing a flow sequence at line 2)"),
        ("CTH101", "adrs/0003-open.md", 1, 1, "the front matter is not closed"),
    ]
    handbook = load_handbook([], max_file_size=1 << 20, adrs_dir=adrs)
    assert [(adr.id, adr.title) for adr in handbook.adrs or ()] == [
        ("ADR-0001", "Use PostgreSQL"), ("ADR-0002", "Broken"), ("ADR-0003", "Never closed")]


_NYGARD_TEMPLATE = "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n"
_MADR_TEMPLATE = "---\nstatus: {proposed | accepted}\n---\n# {short title of solved problem}\n"
_LOG4BRAINS_TEMPLATE = "# [short title of solved problem and solution]\n\n- Status: [draft]\n"
_AN_ADR = "# Use Cookiecutter for project templates\n\n* Status: accepted\n"
_AN_INDEX = "# Decisions\n\n* [1. Use X](0001-use-x.md)\n"


@pytest.mark.parametrize(("name", "text", "is_adr"), [
    ("template.md", _NYGARD_TEMPLATE, False), ("adr-template.md", _MADR_TEMPLATE, False),
    ("adr-template-bare-minimal.md", _MADR_TEMPLATE, False),
    ("_template.md", _LOG4BRAINS_TEMPLATE, False), ("template.markdown", _NYGARD_TEMPLATE, False),
    ("index.md", _AN_INDEX, False), ("README.md", _AN_INDEX, False),
    ("readme.markdown", _AN_INDEX, False),
    ("template.md", _AN_ADR, True), ("adr-template.md", _AN_ADR, True),
    ("README.md", _AN_ADR, True), ("index.md", "# X\n\n## Status\n\nAccepted\n", True),
    ("0007-project-templates.md", _NYGARD_TEMPLATE, True),
    ("20240101-template-engine.md", _AN_ADR, True), ("0001-use-postgresql.md", "", True)])
def test_templates_and_indexes_are_recognised_by_name_and_content(
        name: str, text: str, is_adr: bool) -> None:
    """A template (named like one, titled with its tool's placeholder) and an index or README
    (stating no status) are not ADRs; a file named like either but holding a decision is, and
    so is every other Markdown file, whatever it holds (the checks then say what it lacks)."""
    assert is_adr_file(name, text) is is_adr


_STATUS_FILTER = ('<label>Status <select data-cth-column="Status"><option value="">All</option>'
                  '<option value="accepted">Accepted</option></select></label>\n')
_TAG_FILTER = ('<label>Tag <select data-cth-column="Tags" data-cth-list><option value="">All'
               '</option><option value="db">db</option></select></label>\n')
_ACCEPTED = ('<span class="cth-badge cth-badge--accepted" data-cth-value="accepted">Accepted'
             '</span>')
def _day(text: str) -> str:
    """A date cell's text, kept on one line."""
    return f'<span class="cth-date">{text}</span>'


def _adr(number: str) -> str:
    """An ADR id cell, kept on one line."""
    return f'<span class="cth-id">[ADR-{number}](adr-{number}.md)</span>'


_LOGS = [
    ({"0001-use-x.md": "date: 2024-01-01\ntags: [db]\n", "0002-use-y.md": ""}, _TAG_FILTER,
     "| Date | ADR | Title | Status | Tags |\n|---|---|---|---|---|\n"
     f"| {_day('2024-01-01')} | {_adr('0001')} | Use X | {_ACCEPTED} | db |\n"
     f"| {_day('—')} | {_adr('0002')} | Use Y | {_ACCEPTED} |  |\n"),
    ({"0001-use-x.md": "date: 2024-01-01\n", "0002-use-y.md": "date: 2024-02-01\n"}, "",
     "| Date | ADR | Title | Status |\n|---|---|---|---|\n"
     f"| {_day('2024-02-01')} | {_adr('0002')} | Use Y | {_ACCEPTED} |\n"
     f"| {_day('2024-01-01')} | {_adr('0001')} | Use X | {_ACCEPTED} |\n"),
    ({"20240101-use-x.md": "date: 2024-01-01\ntags: [db]\n",
      "20240201-use-y.md": "date: 2024-02-01\n"}, _TAG_FILTER,
     "| Date | Title | Status | Tags |\n|---|---|---|---|\n"
     f"| {_day('2024-02-01')} | [Use Y](20240201-use-y.md) | {_ACCEPTED} |  |\n"
     f"| {_day('2024-01-01')} | [Use X](20240101-use-x.md) | {_ACCEPTED} | db |\n"),
    ({"0001-use-x.md": "tags: [db]\n", "0002-use-y.md": ""}, _TAG_FILTER,
     "| ADR | Title | Status | Tags |\n|---|---|---|---|\n"
     f"| {_adr('0002')} | Use Y | {_ACCEPTED} |  |\n"
     f"| {_adr('0001')} | Use X | {_ACCEPTED} | db |\n"),
    ({"use-x.md": "", "use-y.md": ""}, "",
     "| Title | Status |\n|---|---|\n"
     f"| [Use Y](use-y.md) | {_ACCEPTED} |\n"
     f"| [Use X](use-x.md) | {_ACCEPTED} |\n"),
]


@pytest.mark.parametrize(("files", "tag_filter", "table"), _LOGS,
                         ids=["every-column", "no-tags", "no-numbers", "no-dates", "titles-alone"])
def test_the_decision_log_leaves_out_the_columns_no_adr_fills(
        tmp_path: Path, files: dict[str, str], tag_filter: str, table: str) -> None:
    """No empty Tags column and no tag filter without tags, no ADR column of dashes for
    log4brains' dated ids, no Date column without dates; the filters name their column by its
    header (`ctohandbook.js` finds it there), so they follow whichever columns are shown."""
    adrs = tmp_path / "adrs"
    adrs.mkdir()
    for name, front in files.items():  # …use-x.md is titled Use X
        (adrs / name).write_text(f"---\nstatus: accepted\n{front}---\n# Use {name[-4].upper()}\n")
    log = render(tmp_path)["governance/adrs/index.md"]
    assert log.split("\n\n", 3)[3] == (
        '<div class="cth-filter" data-cth-filter>\n'
        f"{_STATUS_FILTER}{tag_filter}"
        '<span class="cth-filter__count" aria-live="polite"></span>\n'
        f"</div>\n\n{table}")
