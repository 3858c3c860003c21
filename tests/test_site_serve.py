"""Under `mkdocs serve`, findings that fail the build are shown on the pages instead of stopping
the preview; `mkdocs build` still fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build_in_process
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ctohandbook.diagnostic import Diagnostic, Severity
from ctohandbook.mkdocs_plugin import banner
from ctohandbook.mkdocs_plugin.plugin import HandbookPlugin

from .conftest import EPOCH_2026_11_21, SEC2, mkdocs_build
from .test_plugin import _config

OVERDUE = (f"{SEC2}:9:16: CTH205 SEC-002 review is overdue: it was due on 2026-10-01, 51 days "
           "ago (owner: security)")
HINT = "review it with its owner, then set `review.last_reviewed` to the review date"
"""CTH205's hint, which the banner shows as the terminal does."""
ITEM = (f"<li>{OVERDUE} (review it with its owner, then set <code>review.last_reviewed</code> "
        "to the review date)</li>")
"""The banner's line as the browser gets it."""
BANNER = ('!!! failure "`mkdocs build` would fail: 1 governance finding fails `fail_on: error`"'
          f"\n\n    - {OVERDUE} ({HINT})\n\n")


@pytest.fixture
def overdue(handbook_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The good handbook with SEC-002's review overdue (CTH205, an error), judged on TODAY."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_11_21)
    path = handbook_dir / SEC2
    path.write_text(path.read_text().replace("next_review: 2027-03-01",
                                             "next_review: 2026-10-01"))
    return handbook_dir


def _files(plugin: HandbookPlugin, config: MkDocsConfig) -> Files:
    """What `on_files` adds, called outside a build (where MkDocs names the running plugin)."""
    config.plugins._current_plugin = "ctohandbook"  # type: ignore[attr-defined]
    return plugin.on_files(Files([]), config=config)


def _markdown(plugin: HandbookPlugin, files: Files, path: str, text: str = "# Page\n") -> str:
    file = files.get_file_from_path(path)
    assert file is not None, path
    page = Page(None, file, _config(Path.cwd()))
    return plugin.on_page_markdown(text, page=page, config=_config(Path.cwd()), files=files)


def test_serve_shows_failing_findings_on_their_page_and_the_overview(overdue: Path) -> None:
    plugin = HandbookPlugin()
    plugin.on_startup(command="serve", dirty=False)
    config = _config(overdue)
    plugin.on_config(config)  # does not raise
    assert "admonition" in config.markdown_extensions
    files = _files(plugin, config)
    assert _markdown(plugin, files, "governance/policies/sec-002.md") == BANNER + "# Page\n"
    assert _markdown(plugin, files, "governance/index.md") == BANNER + "# Page\n"
    assert _markdown(plugin, files, "governance/policies/sec-001.md") == "# Page\n"


def test_serve_banner_shows_quoted_text_as_text(overdue: Path) -> None:
    """A finding quoting a file's text keeps it in a code span; an invalid file, which has no
    page, is on the overview."""
    path = overdue / SEC2
    path.write_text(path.read_text().replace("owner: security", "owner: <b>x</b>"))
    plugin = HandbookPlugin()
    plugin.on_startup(command="serve", dirty=False)
    config = _config(overdue)
    plugin.on_config(config)
    assert _markdown(plugin, _files(plugin, config), "governance/index.md") == (
        '!!! failure "`mkdocs build` would fail: 1 governance finding fails `fail_on: error`"'
        f"\n\n    - {SEC2}:6:8: CTH111 `owner` is `<b>x</b>`, not an owners-registry key such "
        "as platform-team (write the value in the form the message names)\n\n# Page\n")


def test_banner_lines_are_markdown_safe_and_bounded() -> None:
    findings = [Diagnostic("adrs/0001-x.md", n, 1, "CTH401", Severity.WARNING,
                           "status <img src=x> {: onclick=y } # not a heading")
                for n in range(1, 23)]
    text = banner.banner(findings, "warning")
    assert text.endswith("`ctohandbook lint`\n\n")  # a paragraph of its own before the page
    shown = text.splitlines()
    assert shown[0] == ('!!! failure "`mkdocs build` would fail: 22 governance findings fail '
                        '`fail_on: warning`"')
    assert shown[2] == ("    - adrs/0001-x.md:1:1: CTH401 status &lt;img src=x> \\{: onclick=y } "
                        "# not a heading")
    assert len(shown) == 2 + 20 + 2
    assert shown[-2] == "    - and 2 more: run `ctohandbook lint`"


def test_a_build_still_stops_on_the_same_findings(overdue: Path) -> None:
    plugin = HandbookPlugin()
    plugin.on_startup(command="build", dirty=False)
    with pytest.raises(PluginError, match="findings that fail `fail_on: error`"):
        plugin.on_config(_config(overdue))


def test_serve_without_failing_findings_adds_no_banner(handbook_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_11_21)
    plugin = HandbookPlugin()
    plugin.on_startup(command="serve", dirty=False)
    config = _config(handbook_dir)
    plugin.on_config(config)
    assert "admonition" not in config.markdown_extensions
    files = _files(plugin, config)
    assert _markdown(plugin, files, "governance/index.md") == "# Page\n"


@pytest.mark.slow
def test_the_served_site_renders_the_banner_and_a_real_build_fails(overdue: Path) -> None:
    """The same site, built as `mkdocs serve` builds it (in process, with its ``serve``
    startup) and by a real `mkdocs build`."""
    site = overdue.parent / "served"
    config = load_config(str(overdue / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build_in_process(config)
    html = (site / "governance/policies/sec-002/index.html").read_text(encoding="utf-8")
    assert '<div class="admonition failure">' in html
    assert ('<p class="admonition-title"><code>mkdocs build</code> would fail: 1 governance '
            "finding fails <code>fail_on: error</code></p>") in html
    assert ITEM in html
    overview = (site / "governance/index.html").read_text(encoding="utf-8")
    assert ITEM in overview
    assert "admonition failure" not in (
        site / "governance/policies/sec-001/index.html").read_text(encoding="utf-8")
    done = mkdocs_build(overdue, overdue.parent / "built")
    assert done.returncode == 1
    assert "ctohandbook: the handbook has findings that fail `fail_on: error`" in done.stderr
    assert not (overdue.parent / "built" / "governance").exists()
