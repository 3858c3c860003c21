"""Control coverage: the ``frameworks`` option, CTH309-310 on ``controls:`` entries, and the
coverage page (exact Markdown, and published by a real ``mkdocs build``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ctohandbook.cli import main
from ctohandbook.lint import lint_project
from ctohandbook.outputs.site import Site, publish
from ctohandbook.project.settings import load_project
from ctohandbook.views.controls import natural

from .conftest import SEC2, TODAY, assert_golden, located, mkdocs_build, render

COVERED = {"CTH309", "CTH310"}

SEC3 = "policies/security/sec-003-legacy-change-board.yml"
FRAMEWORKS = """\
      frameworks:
        SOC2:
          name: SOC 2 Trust Services Criteria
          controls: [CC6.1, CC7.1, CC8.1]
        ISO27001: {name: "ISO/IEC 27001:2022 <Annex A>"}
"""
SEC2_R1 = "    text: Critical vulnerabilities are remediated within 15 days.\n"
SEC2_CITES = "SOC2:CC7.1, ISO27001:A.8.8, SOC2:CC7.1"


def _cite(root: Path, path: str, after: str, controls: str) -> None:
    """Add ``controls: [...]`` to the requirement whose last line is ``after``."""
    file = root / path
    text = file.read_text()
    assert after in text
    file.write_text(text.replace(after, f"{after}    controls: [{controls}]\n"))


@pytest.fixture
def controls_dir(handbook_dir: Path) -> Path:
    """The good handbook with SOC 2 (with its list) and ISO 27001 (name only) declared; SEC-002
    cites two controls (one twice), and SEC-003, retired, cites a SOC 2 control it cannot
    cover. SEC-001 R1 already cites SOC2:CC8.1 and ISO27001:A.8.25."""
    config = handbook_dir / "mkdocs.yml"
    config.write_text(config.read_text() + FRAMEWORKS)
    _cite(handbook_dir, SEC2, SEC2_R1, SEC2_CITES)
    _cite(handbook_dir, SEC3, "    text: Changes are approved by the weekly board.\n",
          "SOC2:CC6.1")
    return handbook_dir


def _recite(root: Path, controls: str) -> None:
    """Make SEC-002 R1 of `controls_dir` cite ``controls`` instead."""
    file = root / SEC2
    file.write_text(file.read_text().replace(f"[{SEC2_CITES}]", f"[{controls}]"))


def _lint(root: Path) -> list[tuple[str, str, int, int, str, str]]:
    result = lint_project(load_project(root / "mkdocs.yml"), TODAY)
    return [(*located([d])[0], d.message, d.hint) for d in result.diagnostics]


def _pages(root: Path) -> dict[str, str]:
    project = load_project(root / "mkdocs.yml")
    return {page.path: page.markdown
            for page in publish(project, lint_project(project, TODAY), Site()).pages}


@pytest.mark.parametrize(("options", "expected"), [
    ("      frameworks: [SOC2]\n",
     "mkdocs.yml:5:7: `frameworks` is a list; it must be a mapping (write a mapping here)"),
    ("      frameworks:\n        SOC 2: {name: SOC 2}\n",
     "mkdocs.yml:6:9: key `SOC 2` in `frameworks` is not a framework key such as SOC2 "
     "(letters, digits, . _ -) (write the value in the form the message names)"),
    ("      frameworks:\n        SOC2: {controls: [CC1.1]}\n",
     "mkdocs.yml:6:9: missing required field `name` in `frameworks.SOC2` (add `name:`)"),
    ("      frameworks:\n        SOC2: {name: ''}\n",
     "mkdocs.yml:6:16: `frameworks.SOC2.name` must not be empty (write the value in the form "
     "the message names)"),
    ("      frameworks:\n        SOC2: {name: SOC 2, control: [CC1.1]}\n",
     "mkdocs.yml:6:29: unknown key `control` in `frameworks.SOC2` (did you mean `controls`?)"),
    ("      frameworks:\n        SOC2:\n          name: SOC 2\n"
     "          controls: [CC1.1, CC1.2, CC1.1]\n",
     "mkdocs.yml:8:11: `frameworks.SOC2.controls`: `CC1.1` is listed twice (write the value "
     "in the form the message names)"),
    ("      frameworks:\n        ISO27001:\n          name: ISO 27001\n"
     "          controls: [5.1, A.5.2]\n",
     'mkdocs.yml:8:22: `frameworks.ISO27001.controls[0]` is `5.1`, which YAML reads as a '
     'number, not text (quote it: - "5.1")'),
])
def test_wrong_frameworks_are_configuration_errors(handbook_dir: Path, options: str,
                                                   expected: str) -> None:
    (handbook_dir / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - search\n  - ctohandbook:\n" + options)
    result = CliRunner().invoke(main, ["lint", "--today", "2026-11-21"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", f"Using mkdocs.yml\nError: {expected}\n")


def test_frameworks_are_read_in_order(controls_dir: Path) -> None:
    frameworks = load_project(controls_dir / "mkdocs.yml").settings.frameworks
    assert [(key, f.name, f.controls) for key, f in frameworks.items()] == [
        ("SOC2", "SOC 2 Trust Services Criteria", ["CC6.1", "CC7.1", "CC8.1"]),
        ("ISO27001", "ISO/IEC 27001:2022 <Annex A>", None)]


def test_the_fixture_lints_clean(controls_dir: Path) -> None:
    assert _lint(controls_dir) == []


def test_undeclared_frameworks_and_controls_are_findings(controls_dir: Path) -> None:
    _recite(controls_dir, "SOC-2:CC7.1, SOC2:CC7.9, soc2:CC8.1, NIST:AC-2, ISO27001:A.99")
    fix = ("correct the framework, or declare it under `frameworks` of the ctohandbook plugin "
           "in mkdocs.yml")
    assert _lint(controls_dir) == [
        ("CTH309", SEC2, 22, 16, "framework `SOC-2` of `SOC-2:CC7.1` is not declared",
         "did you mean `SOC2:CC7.1`?"),
        ("CTH310", SEC2, 22, 29, "`CC7.9` is not a declared control of SOC2",
         "did you mean `SOC2:CC7.1`?"),
        ("CTH309", SEC2, 22, 41, "framework `soc2` of `soc2:CC8.1` is not declared",
         "did you mean `SOC2:CC8.1`?"),
        ("CTH309", SEC2, 22, 53, "framework `NIST` of `NIST:AC-2` is not declared", fix),
    ]  # ISO27001:A.99 is not judged: ISO 27001 is declared without its list of controls


def test_long_citations_are_quoted_as_excerpts(controls_dir: Path) -> None:
    """A control id has no length limit: CTH309 and CTH310 quoted it whole, in the message and
    the hint (found by tests/test_properties.py)."""
    control = "CC" + "9" * 200
    _recite(controls_dir, f"soc2:{control}, SOC2:{control}")
    shown = f"CC{'9' * 57}…"
    assert [(code, message, hint) for code, *_, message, hint in _lint(controls_dir)] == [
        ("CTH309", f"framework `soc2` of `soc2:CC{'9' * 52}…` is not declared",
         f"did you mean `SOC2:{shown}`?"),
        ("CTH310", f"`{shown}` is not a declared control of SOC2",
         "correct the control, or add it to the framework's `controls` in mkdocs.yml"),
    ]


def test_controls_are_not_judged_without_declared_frameworks(handbook_dir: Path) -> None:
    _cite(handbook_dir, SEC2, SEC2_R1, "SOC-2:CC7.1, NIST:AC-2")
    assert _lint(handbook_dir) == []


def test_coverage_page_matches_the_golden_file(controls_dir: Path) -> None:
    pages = _pages(controls_dir)
    assert_golden({"governance/controls.md": pages["governance/controls.md"]}, "controls")
    assert ("- [Control coverage](controls.md): 2 of 3 SOC2 controls covered, "
            "2 ISO27001 controls cited\n") in pages["governance/index.md"]


def test_cited_controls_outside_the_declarations_are_shown(controls_dir: Path) -> None:
    """With ``fail_on: never`` a handbook with CTH309-310 is still published: what it cites is
    shown, marked, and not counted as coverage of the declared list."""
    _recite(controls_dir, "SOC2:CC7.9, NIST:AC-2, NIST:AC-10")
    page = _pages(controls_dir)["governance/controls.md"]
    assert ("1 of 3 controls covered, 2 gaps.\n\n| Control | Covered by |\n|---|---|\n"
            '| <span class="cth-id">CC6.1</span> | <span class="cth-badge cth-badge--gap">No '
            'requirement</span> |\n'
            '| <span class="cth-id">CC7.1</span> | <span class="cth-badge cth-badge--gap">No '
            'requirement</span> |\n'
            '| <span class="cth-id">CC8.1</span> | <span class="cth-id">[SEC-001 R1]'
            '(policies/sec-001.md#r1)</span> |\n'
            '| <span class="cth-id">CC7.9</span> | <span class="cth-id">[SEC-002 R1]'
            '(policies/sec-002.md#r1)</span> <span class="cth-badge '
            'cth-badge--unknown">Not in the declared list</span> |\n') in page
    assert page.endswith(
        "## NIST\n\nThis framework is not declared in `mkdocs.yml`: its citations are findings "
        "(CTH309).\n\n2 controls cited.\n\n| Control | Covered by |\n|---|---|\n"
        '| <span class="cth-id">AC-2</span> | <span class="cth-id">[SEC-002 R1]'
        '(policies/sec-002.md#r1)</span> |\n'
        '| <span class="cth-id">AC-10</span> | <span class="cth-id">[SEC-002 R1]'
        '(policies/sec-002.md#r1)</span> |\n')


def test_without_frameworks_or_citations_there_is_no_page(handbook_dir: Path) -> None:
    path = handbook_dir / "policies/security/sec-001-secure-sdlc.yml"
    path.write_text(path.read_text().replace("    controls: [SOC2:CC8.1, ISO27001:A.8.25]\n",
                                             ""))
    pages = render(handbook_dir)
    assert "governance/controls.md" not in pages
    assert "Control coverage" not in pages["governance/index.md"]


def test_natural_order_of_control_ids() -> None:
    ids = ["CC6.10", "A.8.25", "CC6.2", "A.8.8", "CC10.1", "A1.1"]
    assert sorted(ids, key=natural) == ["A1.1", "A.8.8", "A.8.25", "CC6.2", "CC6.10", "CC10.1"]


@pytest.mark.slow
def test_build_publishes_the_coverage_page(controls_dir: Path) -> None:
    site = controls_dir.parent / "site"
    done = mkdocs_build(controls_dir, site, "--strict")
    assert done.returncode == 0, done.stderr
    html = (site / "governance/controls/index.html").read_text(encoding="utf-8")
    assert '<h1 id="control-coverage">Control coverage' in html
    assert '<a href="../policies/sec-002/#r1">SEC-002 R1</a>' in html
    assert '<span class="cth-badge cth-badge--gap">No requirement</span>' in html
    assert "ISO/IEC 27001:2022 &lt;Annex A&gt;" in html
    policy = (site / "governance/policies/sec-002/index.html").read_text(encoding="utf-8")
    assert '<h3 id="r1">R1' in policy  # the anchor the coverage page links to
