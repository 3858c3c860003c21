"""Generated pages: exact Markdown (golden files), safe text from YAML, `ctohandbook render`."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner

from ctohandbook import Context, load_handbook
from ctohandbook.cli import main
from ctohandbook.model import Owner
from ctohandbook.render import render_pages
from ctohandbook.render.fragments import contact
from ctohandbook.render.markdown import block, cell, document, inline, safe_links, title

from .conftest import GOLDEN, GOOD, TODAY, assert_golden, render

GOLDEN_GOOD = GOLDEN / "good"


def test_pages_match_the_golden_files() -> None:
    assert_golden(render(GOOD), "good")


def test_overdue_and_due_soon_badges(handbook_dir: Path) -> None:
    pages = render(handbook_dir, today=date(2027, 2, 10))  # SEC-002 due 2027-03-01
    catalogue = pages["governance/policies/index.md"].splitlines()
    assert ('| <span class="cth-id">[SEC-002](sec-002.md)</span> | Vulnerability management | '
            "[Security Engineering](../owners.md#owner-security) | <span class=\"cth-badge "
            'cth-badge--active">Active</span> | 2.0.0 | <span class="cth-date">2027-03-01 '
            '<span class="cth-badge cth-badge--due-soon">Due soon</span></span> |  |') in catalogue
    pages = render(handbook_dir, today=date(2027, 3, 2))
    policy = pages["governance/policies/sec-002.md"]
    assert ('<span class="cth-badge cth-badge--active">Active</span> '
            '<span class="cth-badge cth-badge--overdue">Review overdue</span>') in policy
    assert ("- **Next review:** 2027-03-01 <span class=\"cth-badge cth-badge--overdue\">Overdue"
            "</span> (1 day ago)") in policy
    reviews = pages["governance/reviews.md"]
    assert reviews.index("[SEC-002](policies/sec-002.md)") < reviews.index("## Due within 30")


def test_request_link_and_active_exceptions(handbook_dir: Path) -> None:
    policy = render(handbook_dir)["governance/policies/sec-001.md"]
    assert ('<a class="md-button" href="https://github.com/acme/handbook/issues/new?template='
            'exception.yml&amp;policy=SEC-001">Request an exception</a>') in policy
    assert ('| <span class="cth-id">[EXC-2026-001](../exceptions.md#exc-2026-001)</span> | '
            '<span class="cth-id">[SEC-001](sec-001.md)</span> | '
            "Payments' legacy batch jobs | R1 |" in policy)


@pytest.mark.parametrize(("function", "text", "expected"), [
    (block, "Use **bold**, [links](https://x.example) and\n\n- lists",
     "Use **bold**, [links](https://x.example) and\n\n- lists"),
    (block, "<script>alert(1)</script> <img src=x onerror=alert(2)>",
     "&lt;script>alert(1)&lt;/script> &lt;img src=x onerror=alert(2)>"),
    (block, "Code `a<b` and\n```\n<div>\n```",
     "Code `a<b` and\n<pre><code>&#60;div&#62;</code></pre>"),
    (document, "~~~sh\n  x <y>\n\n~~~", "<pre><code>  x &#60;y&#62;&#10;</code></pre>"),
    (block, "~~~ <b> ~~~", "~~~ &lt;b> ~~~"),
    (block, "\\` <b> ``", "\\` &lt;b> &#96;&#96;"),
    (block, "\\\\`<b>` `x`", "\\\\`<b>` `x`"),
    (block, "`a\n\n<b>\n\nc`", "&#96;a\n\n&lt;b>\n\nc&#96;"),
    (inline, "`a\nb<c>`", "`a b<c>`"),
    (block, "# Not a heading\ntext\n===\nmore\n---",
     "\\# Not a heading\ntext\n&#61;==\nmore\n\\---"),
    (block, "Text\n{: onfocus=\"x()\" autofocus }", "Text\n\\{: onfocus=\"x()\" autofocus }"),
    (inline, "two\nlines", "two lines"),
    (cell, "a | b\nc", "a \\| b c"),
    (title, "<b>Bold</b> & co", "‹b›Bold‹/b› ＆ co"),
])
def test_text_from_yaml_is_neutralised(function: object, text: str, expected: str) -> None:
    assert function(text) == expected  # type: ignore[operator]


EXAMPLE_EXTENSIONS = ["admonition", "attr_list", "tables", "toc"]
"""The Markdown extensions of the example handbook's mkdocs.yml."""


class _Opened(HTMLParser):
    """The tags that only text from YAML could open in a page, and every event handler."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("img", "svg", "div", "script"):
            self.found.append(tag)
        self.found.extend(name for name, _ in attrs if name.startswith("on"))


def opened(text: str, extensions: list[str]) -> list[str]:
    """What ``text`` opens once Python-Markdown, as MkDocs runs it, has made it HTML."""
    parser = _Opened()
    parser.feed(markdown.markdown(text, extensions=extensions))
    return parser.found


@pytest.mark.parametrize("extensions", [EXAMPLE_EXTENSIONS, [*EXAMPLE_EXTENSIONS, "fenced_code"]],
                         ids=["example", "fenced_code"])
@pytest.mark.parametrize("text", [
    "~~~ <img src=x onerror=alert(1)> ~~~",
    "\\` <img src=x onerror=alert(1)> `",
    "\\\\`x` <img src=x onerror=alert(1)> `y`",
    "``x` <img src=x onerror=alert(1)> `y`",
    "`a\n\n<img src=x onerror=alert(1)>\n\nb`",
    "`a\n# <img src=x onerror=alert(1)>\nb`",
    "```\n<div><img src=x onerror=alert(1)></div>\n```",
    "~~~\n\n<img src=x onerror=alert(1)>\n~~~",
    "| a | b |\n|---|---|\n| `x | <img src=x onerror=alert(1)> | y` | z |",
])
def test_no_text_opens_a_tag_however_markdown_reads_it(text: str, extensions: list[str]) -> None:
    """Code is the one place ``<`` stays as written, so the filters must agree with Markdown on
    what is code, with or without a fence extension: a ``~~~`` line is no fence without one, an
    escaped backtick opens nothing, and a blank line or a heading ends a paragraph, and so any
    code span in it."""
    for shown in (block(text), document(text), f"# {inline(text)}",
                  f"| a |\n|---|\n| {cell(text)} |"):
        assert opened(shown, extensions) == [], shown


@pytest.mark.parametrize(("first", "second"), [
    ("x`y``", "``<svg/onload=alert(1)>``"),
    ("`", "`x` <img src=x onerror=alert(1)> `y`"),
    ("``x` <img src=x onerror=alert(1)> `y", "`z`"),
])
def test_values_on_one_line_keep_their_code_to_themselves(first: str, second: str) -> None:
    """A backtick one value leaves open would pair with the next value's code span and turn its
    code into HTML (a runbook's conformance lists every finding of a runbook in one cell)."""
    line = f"| {cell(first)}<br>{cell(second)} |"
    assert opened(f"| a |\n|---|\n{line}", EXAMPLE_EXTENSIONS) == [], line


def test_an_owners_email_keeps_its_backticks_to_itself() -> None:
    """The registry's e-mail pattern allows backticks; written as they are in the link, they
    paired with the Slack channel's code span on the same line."""
    owner = Owner(name="Ops", type="team", email="x`y``@example.com",
                  slack="#``<svg/onload=alert(1)>``")
    shown = contact(owner)
    assert shown == ("Ops (team) · [x&#96;y&#96;&#96;@example.com](mailto:x%60y%60%60@example.com)"
                     " · Slack #``<svg/onload=alert(1)>``")
    assert opened(shown, EXAMPLE_EXTENSIONS) == []


def test_a_control_with_backticks_stays_code(handbook_dir: Path) -> None:
    """Controls were put between single backticks as written: ``SOC2:`<svg/onload=...>``` closed
    the span after ``SOC2:`` and published the tag."""
    path = handbook_dir / "policies/security/sec-001-secure-sdlc.yml"
    path.write_text(path.read_text().replace(
        "controls: [SOC2:CC8.1,", 'controls: ["SOC2:`<svg/onload=alert(1)>`",'))
    page = render(handbook_dir)["governance/policies/sec-001.md"]
    assert "Controls: `` SOC2:`<svg/onload=alert(1)>` ``, `ISO27001:A.8.25`" in page
    assert opened(page, EXAMPLE_EXTENSIONS) == []


@pytest.mark.parametrize(("link", "kept"), [
    ('href="https://example.com/a"', True),
    ('href="../owners.md#owner-cto"', True),
    ('href="mailto:cto@example.com"', True),
    ('href="javascript:alert(1)"', False),
    ('href="JavaScript:alert(1)"', False),
    ('href="java\tscript:alert(1)"', False),
    ('href="jav&#x61;script:alert(1)"', False),
    ('href="javascript&#58;alert(1)"', False),
    ('src="data:text/html;base64,PHNjcmlwdD4="', False),
])
def test_unsafe_link_schemes_are_removed(link: str, kept: bool) -> None:
    html = f"<a {link}>x</a>"
    assert safe_links(html) == (html if kept else
                                f'<a {link.split("=")[0]}="#unsafe-link-removed">x</a>')


def test_render_command_writes_and_rewrites_only_its_own_folder(handbook_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["render", "--out", "out", "--today", "2026-11-21"])
    assert (result.exit_code, result.stdout) == (
        0, "Wrote 12 pages and 3 other files to out (today: 2026-11-21).\n")
    written = {p.relative_to(handbook_dir / "out").as_posix()
               for p in (handbook_dir / "out").rglob("*") if p.is_file()}
    assert written == {p.relative_to(GOLDEN_GOOD).as_posix() for p in GOLDEN_GOOD.rglob("*.md")
                       } | {"governance/reviews.ics", "governance/changes.xml", "governance.json",
                            ".ctohandbook-render"}
    assert (handbook_dir / "out/governance/policies/sec-002.md").read_text() == (
        GOLDEN_GOOD / "governance/policies/sec-002.md").read_text()
    # A policy removed since: its page goes too, on the next render into the same folder.
    (handbook_dir / "policies/security/sec-002-vulnerability-management.yml").unlink()
    (handbook_dir / "policies/security/sec-001-secure-sdlc.yml").write_text(
        (handbook_dir / "policies/security/sec-001-secure-sdlc.yml").read_text().replace(
            "policies: [SEC-002]", "policies: []"))
    assert runner.invoke(main, ["render", "--out", "out"]).exit_code == 0
    assert not (handbook_dir / "out/governance/policies/sec-002.md").exists()
    (handbook_dir / "mine").mkdir()
    (handbook_dir / "mine" / "notes.md").write_text("mine")
    refused = runner.invoke(main, ["render", "--out", "mine"])
    assert refused.exit_code == 3
    assert "mine is not empty and was not written by `ctohandbook render`" in refused.output
    assert (handbook_dir / "mine" / "notes.md").read_text() == "mine"


def test_pages_say_whether_their_yaml_text_may_hold_links(handbook_dir: Path) -> None:
    def flags() -> dict[str, bool]:
        handbook = load_handbook([handbook_dir / "policies"], max_file_size=1_048_576,
                                 base=handbook_dir)
        return {page.path: page.user_links for page in render_pages(handbook, Context(TODAY))}

    assert flags()["governance/policies/sec-002.md"] is False
    path = handbook_dir / "policies/security/sec-002-vulnerability-management.yml"
    path.write_text(path.read_text().replace(
        "summary: Known vulnerabilities are fixed in time.",
        "summary: |\n  See [the guide][g].\n\n  [g]: javascript:alert(1)"))
    assert flags()["governance/policies/sec-002.md"] is True
    assert flags()["governance/policies/sec-001.md"] is False
