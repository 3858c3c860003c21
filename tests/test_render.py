"""Generated pages: exact Markdown (golden files), safe text from YAML, `ctohandbook render`."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner

from ctohandbook.cli import main
from ctohandbook.model import Owner
from ctohandbook.render.fragments import contact
from ctohandbook.render.markdown import block, cell, front_matter, inline, title, unlinked
from ctohandbook.render.sanitize import clean

from .conftest import GOLDEN, GOOD, assert_golden, render

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
    # HTML is left to the sanitizer, which sees it once Markdown has made the page.
    (block, "<script>alert(1)</script> <https://x.example> <!-- note -->",
     "<script>alert(1)</script> <https://x.example> <!-- note -->"),
    (block, "Code `a<b` and\n```sh\n# a comment <b>\n```\n# Heading",
     "Code `a<b` and\n```sh\n# a comment <b>\n```\n\\# Heading"),
    (block, "# Not a heading\ntext\n===\nmore\n---",
     "\\# Not a heading\ntext\n&#61;==\nmore\n\\---"),
    (block, "Text\n{: .note }", "Text\n{: .note }"),
    (inline, "<b>x</b> <!-- note --><https://x.example> <a@x.example> {: #top }",
     "&lt;b>x&lt;/b> <https://x.example> <a@x.example> \\{: #top }"),
    (inline, "\\` <b> ``", "\\` &lt;b> &#96;&#96;"),
    (inline, "`a\nb<c>`", "`a b<c>`"),
    (inline, "# two\nlines", "\\# two lines"),
    (cell, "a | b\nc", "a \\| b c"),
    (unlinked, "[x](javascript:alert(1)) `[k](y)` <b>",
     "\\[x](javascript:alert(1)) `[k](y)` &lt;b>"),
    (title, "<b>Bold</b> & co <!-- note -->", "&lt;b&gt;Bold&lt;/b&gt; &amp; co"),
    (front_matter, "Ship 🚀 \x85\x7f <&>", '"Ship 🚀 \\u0085\\u007f <&>"'),
    (front_matter, ["🚀", "a\u2028b"], '["🚀", "a\\u2028b"]'),
])
def test_text_from_yaml_keeps_only_what_a_sanitizer_cannot_do(function: object, text: str,
                                                               expected: str) -> None:
    assert function(text) == expected  # type: ignore[operator]


EXAMPLE_EXTENSIONS = ["admonition", "attr_list", "pymdownx.highlight", "pymdownx.superfences",
                      "tables", "toc"]
"""The Markdown extensions of the example handbook's mkdocs.yml."""


class _Opened(HTMLParser):
    """The tags that only text from YAML could open in a page, every event handler, and every
    link with a scheme other than the web's."""

    def __init__(self, tags: tuple[str, ...]) -> None:
        super().__init__()
        self.tags = tags
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.tags:
            self.found.append(tag)
        self.found.extend(name for name, _ in attrs if name.startswith("on") or name == "style")
        self.found.extend(f"{name}={value}" for name, value in attrs
                          if name in ("href", "src") and value and ":" in value
                          and not value.startswith(("https:", "http:", "mailto:")))


def opened(text: str, extensions: list[str], *,
           tags: tuple[str, ...] = ("img", "svg", "div", "script", "td")) -> list[str]:
    """What ``text`` opens once Python-Markdown, as MkDocs runs it, has made it HTML and the
    sanitizer has cleaned it."""
    parser = _Opened(tags)
    parser.feed(clean(markdown.markdown(text, extensions=extensions)))
    return parser.found


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "[x](javascript:alert(1)) [y](JaVa&#x09;script:alert(1)) ![z](data:image/svg+xml,<svg>)",
    "<a href='javascript:alert(1)'>x</a><iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<div style='position:fixed' onmouseover=alert(1)>x</div>",
    "Text\n{: onfocus=\"alert(1)\" autofocus style=\"x\" }",
    "~~~ <img src=x onerror=alert(1)> ~~~",
    "\\` <img src=x onerror=alert(1)> `",
    "``x` <img src=x onerror=alert(1)> `y`",
    "`a\n\n<img src=x onerror=alert(1)>\n\nb`",
    "```\n<div><img src=x onerror=alert(1)></div>\n```",
    "</td></tr></table><img src=x onerror=alert(1)>",
    "| a | b |\n|---|---|\n| `x | <img src=x onerror=alert(1)> | y` | z |",
]


@pytest.mark.parametrize("extensions", [EXAMPLE_EXTENSIONS, [*EXAMPLE_EXTENSIONS, "md_in_html"]],
                         ids=["example", "md_in_html"])
@pytest.mark.parametrize("text", HOSTILE)
def test_no_text_runs_however_markdown_reads_it(text: str, extensions: list[str]) -> None:
    """Blocks and ADR bodies are Markdown and HTML as written: once the page is HTML, the
    sanitizer leaves no script, event handler, style or unsafe link, whatever Markdown made."""
    for shown in (block(text), text):
        assert opened(shown, extensions, tags=("script", "iframe")) == [], shown


@pytest.mark.parametrize("text", HOSTILE)
def test_no_value_within_a_line_opens_a_tag(text: str) -> None:
    """A value within a line opens no element at all, so it cannot end its table row either:
    code is the one place ``<`` stays as written, so the filters agree with Markdown on what is
    code (an escaped backtick opens nothing, a span does not cross a ``|``)."""
    for shown in (f"# {inline(text)}", f"| a |\n|---|\n| {cell(text)} |",
                  f"- {unlinked(text)}"):
        assert opened(shown, EXAMPLE_EXTENSIONS, tags=("svg", "div", "script", "iframe")) == [], \
            shown
    row = markdown.markdown(f"| a | b |\n|---|---|\n| {cell(text)} | c |",
                            extensions=EXAMPLE_EXTENSIONS)
    assert (row.count("<tr>"), row.count("<td>"), row.count("</table>")) == (2, 2, 1), row


@pytest.mark.parametrize(("first", "second"), [
    ("x`y``", "``<svg/onload=alert(1)>``"),
    ("`", "`x` <img src=x onerror=alert(1)> `y`"),
    ("``x` <img src=x onerror=alert(1)> `y", "`z`"),
])
def test_values_on_one_line_keep_their_code_to_themselves(first: str, second: str) -> None:
    """A backtick one value leaves open would pair with the next value's code span and turn its
    code into HTML (a runbook's conformance lists every finding of a runbook in one cell)."""
    line = f"| {cell(first)}<br>{cell(second)} |"
    assert opened(f"| a |\n|---|\n{line}", EXAMPLE_EXTENSIONS,
                  tags=("img", "svg", "div", "script")) == [], line


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
    assert opened(page, EXAMPLE_EXTENSIONS, tags=("svg", "script")) == []


@pytest.mark.parametrize(("html", "cleaned"), [
    ('<a href="https://example.com/a">x</a>', None),
    ('<a href="../owners.md#owner-cto">x</a>', None),
    ('<a href="mailto:cto@example.com">x</a>', None),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="JavaScript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="java\tscript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="jav&#x61;script:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="javascript&#58;alert(1)">x</a>', "<a>x</a>"),
    ('<img src="data:text/html;base64,PHNjcmlwdD4=">', "<img>"),
    ('<p onclick="x()" style="color:red">x</p>', "<p>x</p>"),
    ('<table><tr><td style="text-align: right; position: fixed">1</td></tr></table>',
     '<table><tbody><tr><td style="text-align:right">1</td></tr></tbody></table>'),
    ('<input type="text" name="q"><input type="checkbox" checked disabled>',
     '<input type="checkbox"><input checked="" disabled="" type="checkbox">'),
    ('<div id="__config">{"search": "x.js"}</div><span id="__codelineno-0-1"></span>',
     '<div>{"search": "x.js"}</div><span id="__codelineno-0-1"></span>'),
    ('<span data-md-component="toc" data-cth-value="a" aria-live="polite">x</span>',
     '<span data-cth-value="a" aria-live="polite">x</span>'),
    ('<!-- optional --><script>alert(1)</script><style>p {}</style><p>kept</p>',
     "<p>kept</p>"),
    ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 1"></path>'
     '<animate onbegin="alert(1)"></animate></svg>',
     '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 1"></path></svg>'),
])
def test_the_sanitizer_keeps_the_sites_markup_and_nothing_that_runs(html: str,
                                                                    cleaned: str | None) -> None:
    assert clean(html) == (html if cleaned is None else cleaned)


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
