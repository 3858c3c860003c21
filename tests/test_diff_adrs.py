"""`ctohandbook diff` on ADRs: what a pull request does to the decision records, on real git
repositories of the fixture collections (adr-tools, MADR 4) and of the good handbook."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, GOOD, SEC2
from .test_diff import R1_EDIT, edit, git, invoke

CONFIG = "site_name: Decisions\nplugins:\n  - ctohandbook:\n      adrs_dir: adrs\n"
"""A site of ADRs alone."""


def adr_repo(root: Path, collection: str) -> Path:
    """The fixture collection ``collection`` as the ``adrs`` folder of a site of ADRs alone,
    committed on ``main``, with a branch ``change`` checked out."""
    shutil.copytree(FIXTURES / "adrs" / collection, root / "adrs",
                    ignore=shutil.ignore_patterns("expected.json"))
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Decisions\n")
    (root / "mkdocs.yml").write_text(CONFIG)
    commit(root, "init", "-q", "-b", "main")
    git(root, "checkout", "-q", "-b", "change")
    return root


def commit(root: Path, *first: str) -> None:
    if first:
        git(root, *first)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change")


@pytest.fixture
def adr_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = adr_repo(tmp_path / "repo", "adr-tools")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def madr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = adr_repo(tmp_path / "repo", "madr-4")
    monkeypatch.chdir(root)
    return root


POSTGRES = "adrs/0003-use-postgresql.md"
COCKROACH = """# 6. Use CockroachDB

Date: 2024-06-01

## Status

Accepted

Supersedes [3. Use PostgreSQL](0003-use-postgresql.md)

## Context

One region is no longer enough.
"""


def test_superseded_added_removed_accepted_and_a_typo_fixed(adr_tools: Path) -> None:
    edit(adr_tools, POSTGRES, "## Status\n\nAccepted\n",
         "## Status\n\nSuperseded by [6. Use CockroachDB](0006-use-cockroachdb.md)\n")
    (adr_tools / "adrs/0006-use-cockroachdb.md").write_text(COCKROACH)
    git(adr_tools, "rm", "-q", "adrs/0004-use-pgbouncer-for-connection-pooling.md")
    edit(adr_tools, "adrs/0005-publish-domain-events-to-kafka.md", "Proposed", "Accepted")
    edit(adr_tools, "adrs/0001-record-architecture-decisions.md", "We will use", "We use")
    commit(adr_tools)
    result = invoke("diff", "main", "HEAD")
    assert result.exit_code == 0
    assert result.stdout == """## Governance changes: `main` → `HEAD`

Decision records: 4 material changes, 1 editorial change.

### Decision records: material changes

#### ADR-0003 Use PostgreSQL: accepted → superseded

`adrs/0003-use-postgresql.md`

| Field | Before | After |
|---|---|---|
| `status` | Accepted | Superseded by [6. Use CockroachDB](0006-use-cockroachdb.md) |
| `state` | accepted | superseded |
| `superseded_by` | — | ADR-0006 |

#### ADR-0004 Use PgBouncer for connection pooling: removed

`adrs/0004-use-pgbouncer-for-connection-pooling.md`

#### ADR-0005 Publish domain events to Kafka: proposed → accepted

`adrs/0005-publish-domain-events-to-kafka.md`

| Field | Before | After |
|---|---|---|
| `status` | Proposed | Accepted |
| `state` | proposed | accepted |

#### ADR-0006 Use CockroachDB: added

`adrs/0006-use-cockroachdb.md`

| Field | Before | After |
|---|---|---|
| `title` | — | Use CockroachDB |
| `status` | — | Accepted |
| `state` | — | accepted |
| `date` | — | 2024-06-01 |
| `supersedes` | — | ADR-0003 |

### Decision records: editorial changes

#### ADR-0001 Record architecture decisions: changed

`adrs/0001-record-architecture-decisions.md`

The text changed: 1 line removed, 1 line added.

"""


def test_the_status_section_is_not_counted_as_text(adr_tools: Path) -> None:
    """A status moved in a ``## Status`` section, with a link added under it, is the status and
    the supersession, not a change of the text; a line of the text beside them is."""
    edit(adr_tools, "adrs/0005-publish-domain-events-to-kafka.md", "Proposed\n",
         "Rejected\n\nSuperseded by [3. Use PostgreSQL](0003-use-postgresql.md)\n\n"
         "Rejected for now.\n")
    report = json.loads(invoke("diff", "main", "--format", "json").stdout)
    assert report["adrs"]["changes"] == [{
        "id": "ADR-0005", "title": "Publish domain events to Kafka", "change": "changed",
        "weight": "material", "path": "adrs/0005-publish-domain-events-to-kafka.md",
        "old_path": None,
        "fields": [
            {"field": "status", "before": "Proposed", "after": "Rejected", "material": False},
            {"field": "state", "before": "proposed", "after": "rejected", "material": True},
            {"field": "superseded_by", "before": None, "after": ["ADR-0003"],
             "material": True}],
        "text": {"lines_removed": 0, "lines_added": 1},
    }]


MADR_1 = "adrs/0001-use-markdown-any-decision-records.md"
MADR_4 = "adrs/0004-serve-the-web-frontend-from-a-cdn.md"


def test_who_decided_is_material_the_status_s_word_the_date_and_tags_are_not(
        madr: Path) -> None:
    edit(madr, MADR_1, "status: accepted\ndate: 2024-09-20\n",
         "status: Approved\ndate: 2024-09-21\ntags: [process, docs]\n")
    edit(madr, MADR_4, "decision-makers: Carol, Dave\n", "decision-makers: Carol, Erin\n")
    edit(madr, MADR_4, "# Serve the web frontend from a CDN\n",
         "# Serve the web frontend from a CDN\n\nA note.\n")
    result = invoke("diff", "main")
    assert result.exit_code == 0
    assert result.stdout == """## Governance changes: `main` → the work tree

Decision records: 1 material change, 1 editorial change.

### Decision records: material changes

#### ADR-0004 Serve the web frontend from a CDN: changed

`adrs/0004-serve-the-web-frontend-from-a-cdn.md`

The text changed: 0 lines removed, 1 line added.

| Field | Before | After |
|---|---|---|
| `decision_makers` | Carol, Dave | Carol, Erin |

### Decision records: editorial changes

#### ADR-0001 Use Markdown Any Decision Records: changed

`adrs/0001-use-markdown-any-decision-records.md`

| Field | Before | After |
|---|---|---|
| `status` | accepted | Approved |
| `date` | 2024-09-20 | 2024-09-21 |
| `tags` | — | process, docs |

"""
    report = json.loads(invoke("diff", "main", "--format", "json").stdout)
    assert report["summary"] == {"material": 0, "editorial": 0, "review": 0}
    assert report["adrs"]["summary"] == {"material": 1, "editorial": 1}
    assert [(c["id"], c["weight"], c["text"]) for c in report["adrs"]["changes"]] == [
        ("ADR-0001", "editorial", None),
        ("ADR-0004", "material", {"lines_removed": 0, "lines_added": 1})]


def test_names_titles_and_statuses_are_escaped(madr: Path) -> None:
    """A file name with backticks and ``<!--`` (which would hide the rest of a pull-request
    comment), a title with code, HTML and a pipe, a status with a comment: shown, never run."""
    (madr / "adrs/0009-use-`x`-<!--.md").write_text(
        "---\nstatus: proposed <!-- | -->\n---\n\n# Use `x` <b>and</b> | <!-- y\n")
    result = invoke("diff", "main")
    assert result.stdout.split("### Decision records: material changes\n\n")[1] == """\
#### ADR-0009 Use `x` &lt;b>and&lt;/b> \\| &lt;!-- y: added

``adrs/0009-use-`x`-<!--.md``

| Field | Before | After |
|---|---|---|
| `title` | — | Use `x` &lt;b>and&lt;/b> \\| &lt;!-- y |
| `status` | — | proposed &lt;!-- \\| --> |
| `state` | — | proposed |

"""


def test_a_moved_adr_beside_a_policy_change(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The count says the documents' changes, then the decision records'; a renamed ADR keeps
    its id and is moved (editorial)."""
    root = tmp_path / "repo"
    shutil.copytree(GOOD, root)
    commit(root, "init", "-q", "-b", "main")
    monkeypatch.chdir(root)
    git(root, "mv", "adrs/0001-use-postgresql.md", "adrs/0001-use-postgres.md")
    edit(root, SEC2, *R1_EDIT)
    result = invoke("diff", "main")
    assert result.stdout.startswith("## Governance changes: `main` → the work tree\n\n"
                                    "1 material change. Decision records: 1 editorial change."
                                    "\n\n### Material changes\n\n#### SEC-002 ")
    assert result.stdout.endswith("""
### Decision records: editorial changes

#### ADR-0001 Use PostgreSQL: moved

`adrs/0001-use-postgresql.md` → `adrs/0001-use-postgres.md`

""")
    adrs = json.loads(invoke("diff", "main", "--format", "json").stdout)["adrs"]
    assert adrs == {"summary": {"material": 0, "editorial": 1}, "changes": [{
        "id": "ADR-0001", "title": "Use PostgreSQL", "change": "changed",
        "weight": "editorial", "path": "adrs/0001-use-postgres.md",
        "old_path": "adrs/0001-use-postgresql.md", "fields": [], "text": None}]}
    edit(root, "adrs/0001-use-postgres.md", "Accepted\n", "Accepted\n\nWe tried.\n")
    assert invoke("diff", "main").stdout.endswith("""
#### ADR-0001 Use PostgreSQL: changed

`adrs/0001-use-postgresql.md` → `adrs/0001-use-postgres.md`

The text changed: 0 lines removed, 1 line added.

""")


@pytest.fixture
def without_adrs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The good handbook without its ADR folder, committed on `main`; the working folder."""
    root = tmp_path / "repo"
    shutil.copytree(GOOD, root, ignore=shutil.ignore_patterns("adrs"))
    commit(root, "init", "-q", "-b", "main")
    monkeypatch.chdir(root)
    return root


def test_without_an_adr_folder_the_report_has_no_adrs(without_adrs: Path) -> None:
    assert invoke("diff", "main").stdout == (
        "## Governance changes: `main` → the work tree\n\nNo governance document changed.\n\n")
    report = json.loads(invoke("diff", "main", "--format", "json").stdout)
    assert list(report) == ["format_version", "tool", "version", "base", "head", "summary",
                            "changes"]


def test_an_adr_folder_without_changes(madr: Path) -> None:
    assert invoke("diff", "main").stdout == (
        "## Governance changes: `main` → the work tree\n\nNo governance document changed.\n\n")
    report = json.loads(invoke("diff", "main", "--format", "json").stdout)
    assert report["adrs"] == {"summary": {"material": 0, "editorial": 0}, "changes": []}


def test_an_adr_written_as_markdown_is_read_at_the_base_too(madr: Path) -> None:
    """`.markdown` ADRs are ADRs in the work tree; at the base revision they must be read as
    well, or every diff and `lint --base` would show them as added."""
    git(madr, "mv", MADR_4, MADR_4.replace(".md", ".markdown"))
    commit(madr)
    assert invoke("diff", "HEAD").stdout == (
        "## Governance changes: `HEAD` → the work tree\n\nNo governance document changed.\n\n")


def test_an_adr_folder_added_since_the_base(without_adrs: Path) -> None:
    shutil.copytree(GOOD / "adrs", without_adrs / "adrs")
    report = json.loads(invoke("diff", "main", "--format", "json").stdout)
    assert [(c["id"], c["change"], c["weight"]) for c in report["adrs"]["changes"]] == [
        ("ADR-0001", "added", "material")]


def test_a_status_given_to_an_adr_without_one(madr: Path) -> None:
    edit(madr, MADR_1, "status: accepted\n", "")
    commit(madr)
    edit(madr, MADR_1, "date: 2024-09-20\n", "date: 2024-09-20\nstatus: accepted\n")
    assert "\n#### ADR-0001 Use Markdown Any Decision Records: no status → accepted\n" in \
        invoke("diff", "HEAD").stdout
