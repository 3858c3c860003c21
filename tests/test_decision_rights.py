"""Decision rights: every CTH5xx rule at its exact position with its message, the matrix, index
and role pages (golden files), and matrix text shown as text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, assert_golden, mkdocs_build, render, run_lint

DECISION_RIGHTS = FIXTURES / "decision-rights"
MATRIX = "policies/dr-001-decision-rights.yml"
BAD = "policies/dr-002-every-mistake.yml"
FOLDER = "governance/decision-rights/"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A writable copy of the decision-rights fixture handbook."""
    target = tmp_path / "handbook"
    shutil.copytree(DECISION_RIGHTS / "handbook", target)
    return target


def found(root: Path) -> list[tuple[str, str, int, int, str, str]]:
    return [(d.code, d.path, d.line, d.column, d.message, d.hint) for d in run_lint(root)]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_bad(root: Path) -> None:
    shutil.copy(DECISION_RIGHTS / "bad" / "dr-002-every-mistake.yml", root / BAD)


UNCHECKED_OWNERS = [("policies/dr-001-decision-rights.yml", 6), (BAD, 6)]
"""Where CTH311 says the owners cannot be checked without a registry: each matrix's `owner:`."""

LETTERS_HINT = "write R, A, C or I, or several joined by `/` such as `A/R`"

EVERY_MISTAKE = [
    ("CTH505", BAD, 17, 19, "DR-002 role `vp-engineerng` is not in the owners registry",
     "did you mean `vp-engineering`?"),
    ("CTH501", BAD, 22, 5, "DR-002/D1 has no accountable role (`A`)",
     "mark exactly one role `A`: the one who decides and answers for the decision"),
    ("CTH501", BAD, 26, 25, "DR-002/D2 has 2 accountable roles (`A`): `cto`, `cfo`",
     "mark exactly one role `A`: the one who decides and answers for the decision"),
    ("CTH502", BAD, 30, 5, "DR-002/D3 has no responsible role (`R`)",
     "mark the role that does the work `R` (the accountable role may be `A/R`)"),
    ("CTH503", BAD, 34, 17, "DR-002/D4 gives `cto` `A/R/A`, which repeats a letter",
     "write `A/R`"),
    ("CTH503", BAD, 34, 29, "DR-002/D4 gives `cfo` `X`: `X` is not R, A, C or I", LETTERS_HINT),
    ("CTH503", BAD, 34, 47, "DR-002/D4 gives `vp-engineerng` `c`, with a lower-case letter",
     "write `C`"),
    ("CTH504", BAD, 34, 50, "DR-002/D4 names role `legal`, which DR-002 does not declare in "
     "`roles`", "add the role to `roles`, or correct its spelling"),
    ("CTH503", BAD, 34, 57, "DR-002/D4 gives `legal` no letter", LETTERS_HINT),
    ("CTH506", BAD, 39, 17, "DR-002/D5 escalates to `chief`, which is neither a role of DR-002 "
     "nor in the owners registry",
     "escalate to a declared role or to a key of the owners registry"),
    ("CTH507", BAD, 40, 9, f"DR-002 decision `D1` is also declared at {BAD}:19",
     "give each decision its own id; never reuse the id of a removed one"),
]


def test_the_clean_fixture_has_no_findings() -> None:
    assert run_lint(DECISION_RIGHTS / "handbook") == []


def test_every_mistake_is_reported_once_where_it_was_made(root: Path) -> None:
    add_bad(root)
    assert found(root) == EVERY_MISTAKE


def test_a_misspelt_role_gets_the_declared_one_as_hint(root: Path) -> None:
    edit(root / MATRIX, "raci: {cto: A, architecture-council: R,", "raci: {ctoo: A, cto: C, "
         "architecture-council: R,")
    assert found(root) == [("CTH504", MATRIX, 25, 12, "DR-001/D1 names role `ctoo`, which DR-001 "
                            "does not declare in `roles`", "did you mean `cto`?")]


def test_owner_keys_are_not_checked_without_a_registry(root: Path) -> None:
    """Without a registry neither roles (CTH505) nor escalations (CTH506) can be judged:
    DR-001/D3 escalates to `board`, a key of the registry but not a role of the matrix."""
    add_bad(root)
    (root / "policies" / "owners.yml").unlink()
    result = found(root)
    assert [finding for finding in result if finding[0] != "CTH311"] == [
        finding for finding in EVERY_MISTAKE if finding[0] not in ("CTH505", "CTH506")]
    assert [finding[:3] for finding in result if finding[0] == "CTH311"] == [
        ("CTH311", path, line) for path, line in UNCHECKED_OWNERS]


def test_pages_match_the_golden_files() -> None:
    pages = render(DECISION_RIGHTS / "handbook")
    assert_golden({path: text for path, text in pages.items() if path.startswith(FOLDER)},
                  "decision-rights")


def test_a_broken_matrix_still_shows_every_cell_as_written(root: Path) -> None:
    add_bad(root)
    pages = render(root)
    rows = [line for line in pages[FOLDER + "dr-002.md"].splitlines() if 'id="d4"' in line]
    assert rows == ['| <a id="d4"></a><span class="cth-id">D4</span> Letters that are not RACI | '
                    "**A**/R/**A** | X | C |  | — |"]
    # No escalation is a dash; a key neither a role nor in the registry (CTH506) is code, not
    # a link to an owner entry that does not exist (the golden matrix has the linked names).
    lines = pages[FOLDER + "dr-002.md"].splitlines()
    escalations = [line.rsplit(" | ", 1)[1].removesuffix(" |") for line in lines
                   if 'id="d4"' in line or 'id="d5"' in line]
    assert escalations == ["—", "`chief`"]
    header = next(line for line in pages[FOLDER + "dr-002.md"].splitlines()
                  if line.startswith('| <span class="cth-matrix">Decision</span> |'))
    # Roles by their registry name, the key as the tooltip; a role the registry lacks by its
    # key, and one the matrix does not declare (no page) as plain text.
    assert header == ('| <span class="cth-matrix">Decision</span> | '
                      '[Chief Technology Officer](roles/cto.md "cto") | '
                      '[Chief Financial Officer](roles/cfo.md "cfo") | '
                      '[vp-engineerng](roles/vp-engineerng.md "vp-engineerng") | legal | '
                      "Escalation |")
    assert FOLDER + "roles/legal.md" not in pages  # not a role of any matrix: no page
    role = pages[FOLDER + "roles/vp-engineerng.md"]
    assert role.startswith('---\ntitle: "Decision rights: vp-engineerng"\n---\n\n# vp-engineerng\n')


HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)>"
ESCAPED = "&lt;script>alert(1)&lt;/script> &lt;img src=x onerror=alert(2)>"


def _hostile(root: Path) -> None:
    matrix = root / MATRIX
    edit(matrix, "decision: Technology standards and reference architectures",
         f'decision: "Standards {HOSTILE} | {{: onclick=x }}"')
    edit(matrix, "The council keeps the tech radar.", f"Notes {HOSTILE}")
    edit(matrix, "area: Budget", f'area: "Budget {HOSTILE}"')


def test_matrix_text_is_shown_as_text(root: Path) -> None:
    """Values shown within a line (a cell, a heading) show HTML as text in the Markdown; a block
    (the notes) is Markdown as written, whose HTML the site's sanitizer cleans (the real build
    below shows it runs nothing)."""
    _hostile(root)
    pages = render(root)
    matrix, cto = pages[FOLDER + "dr-001.md"], pages[FOLDER + "roles/cto.md"]
    for page in (matrix, cto):
        assert f" Standards {ESCAPED} \\| \\{{: onclick=x }} |" in page
        assert f"| Budget {ESCAPED} |" in cto or f"## Budget {ESCAPED}\n" in matrix
    assert f"\n## Budget {ESCAPED}\n" in matrix
    assert [line for line in matrix.splitlines() if "<script>" in line or "<img" in line] == [
        f"Notes {HOSTILE}"]
    assert "<script>" not in cto and "<img" not in cto


@pytest.mark.slow
def test_a_real_build_links_roles_and_rows_and_runs_no_script(root: Path) -> None:
    _hostile(root)
    done = mkdocs_build(root, root / "site", "--strict")
    assert done.returncode == 0, done.stderr
    matrix = (root / "site/governance/decision-rights/dr-001/index.html").read_text()
    assert 'id="d1"' in matrix and 'href="../roles/cto/"' in matrix
    cto = (root / "site/governance/decision-rights/roles/cto/index.html").read_text()
    assert 'href="../../dr-001/#d1"' in cto
    for html in (matrix, cto):
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


COVERED = {code for code, *_ in EVERY_MISTAKE}
"""The rules these tests see fail, for `test_rules.test_every_rule_has_a_failing_test`."""
