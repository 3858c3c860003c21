"""CTH901: a list nested as GitHub nests it (3 spaces under ``2.``) is nested on the site too, or
a finding names the sub-item, where it is written, and the fix."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from ctohandbook.diagnostic import Diagnostic
from ctohandbook.rules.lists import LIST_NOT_NESTED, Readers, Unnested

from .conftest import run_lint

ROOT = Path(__file__).parent.parent
"""The example handbook."""

POLICY = """\
kind: policy
id: SEC-093
title: Lists
version: 1.0.0
status: active
owner: security
review: {{last_reviewed: 2026-06-01, every: 12 months}}
exceptions: {{process: Ask the CISO., approver: ciso, max_duration: 90 days}}
changelog:
  - {{version: 1.0.0, date: 2026-06-01, summary: First version.}}
summary: {summary}
requirements:
  - {{id: R1, level: must, text: Nest lists.}}
"""
"""A policy of the good handbook's shape whose summary (line 11 on) is the text under test."""

HINT = "indent it 4 spaces under its item (its items' following lines too)"


def findings(root: Path, summary: str) -> list[Diagnostic]:
    """CTH901's findings once a policy whose summary is ``summary`` is added to ``root``."""
    (root / "policies" / "sec-093.yml").write_text(POLICY.format(summary=summary),
                                                   encoding="utf-8")
    return [d for d in run_lint(root) if d.code == LIST_NOT_NESTED.code]


def test_a_list_three_spaces_under_its_item_is_named_at_its_first_sub_item(
        handbook_dir: Path) -> None:
    found = findings(handbook_dir, "|\n  1. One.\n  2. Include:\n     - scope;\n     - reason.\n"
                                   "  3. Three.\n")
    assert [(d.path, d.line, d.column, d.severity.value, d.message, d.hint) for d in found] == [
        ("policies/sec-093.yml", 14, 6, "warning",
         "SEC-093 `summary`: the list under item `2.` is indented 3 spaces, which GitHub nests "
         "and MkDocs does not: the site shows its 2 items as items of the outer list", HINT)]


def test_four_spaces_under_the_item_is_nested_by_both(handbook_dir: Path) -> None:
    assert findings(handbook_dir, "|\n  1. One.\n  2. Include:\n      - scope;\n"
                                  "      - reason.\n  3. Three.\n") == []


@pytest.mark.parametrize(("header", "line"), [("|-", 13), ("|+", 13), ("|2", 13),
                                               ("|  # a comment", 13), ("|\n\n", 15)])
def test_the_position_is_exact_in_every_form_of_literal_block(
        handbook_dir: Path, header: str, line: int) -> None:
    """Chomping, an explicit indentation and a comment after ``|`` change nothing; blank lines
    at the start of the block are lines of the text."""
    found = findings(handbook_dir, f"{header}\n  - services\n    - and their data\n")
    assert [(d.line, d.column) for d in found] == [(line, 5)]
    assert found[0].message == (
        "SEC-093 `summary`: the list under item `-` is indented 2 spaces, which GitHub nests and "
        "MkDocs does not: the site shows its 1 item as items of the outer list")


@pytest.mark.parametrize("summary", ['"Include:\\n\\n- services\\n  - and their data\\n"',
                                     ">\n  Include:\n\n  - services\n\n    - and their data\n"])
def test_a_quoted_or_folded_text_is_named_at_its_start(handbook_dir: Path, summary: str) -> None:
    """A quoted or folded text's lines are not the file's: the finding is at the value."""
    assert [(d.line, d.column) for d in findings(handbook_dir, summary)] == [(11, 10)]


def test_a_deeper_list_is_judged_under_its_own_item(handbook_dir: Path) -> None:
    found = findings(handbook_dir, "|\n  - one\n      - two\n        - three\n")
    assert [(d.line, d.column, d.message.split(": ")[1]) for d in found] == [
        (14, 9, "the list under item `-` is indented 2 spaces, which GitHub nests and MkDocs "
                "does not")]


def test_lists_in_code_and_quotes_and_lists_python_markdown_does_not_read_are_left_alone(
        handbook_dir: Path) -> None:
    """A fence holds no list; a quote's lines start with ``>``; ``1)`` items are no list to
    Python-Markdown at all, which is not a matter of nesting."""
    assert findings(handbook_dir, "|\n  ```\n  - one\n    - two\n  ```\n\n  > - one\n  >   - two\n"
                                  "\n  1) one\n     - two\n") == []


def test_an_adr_body_is_judged_at_its_lines(handbook_dir: Path) -> None:
    adr = handbook_dir / "adrs" / "0002-use-lists.md"
    adr.write_text("# 2. Use lists\n\nDate: 2026-06-01\n\n## Status\n\nAccepted\n\n"
                   "## Decision\n\n* Postgres\n  * for orders\n", encoding="utf-8")
    assert [(d.path, d.line, d.column, d.message) for d in run_lint(handbook_dir)
            if d.code == LIST_NOT_NESTED.code] == [
        ("adrs/0002-use-lists.md", 12, 3,
         "ADR-0002: the list under item `*` is indented 2 spaces, which GitHub nests and MkDocs "
         "does not: the site shows its 1 item as items of the outer list")]


def test_what_is_found_is_what_python_markdown_shows() -> None:
    """The finding's claim, checked against Python-Markdown itself: the flagged text renders
    flat, and indented as the hint says it renders nested."""
    text = "1. One.\n2. Include:\n   - scope;\n   - reason.\n3. Three."
    fixed = text.replace("   -", "    -")
    assert list(Readers().unnested(text)) == [Unnested(2, 3, 3, "2.", 2)]
    assert list(Readers().unnested(fixed)) == []
    assert markdown.markdown(text).count("<li>") == 5
    assert "<li>Include:<ul>" in markdown.markdown(fixed)


def test_the_example_handbook_nests_its_processes() -> None:
    """The five example policies that nested the points of a request 3 spaces deep under ``2.``
    are indented 4, and the rule finds nothing left in the example."""
    handbook = run_lint(ROOT)
    assert [d for d in handbook if d.code == LIST_NOT_NESTED.code] == []
