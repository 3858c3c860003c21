"""An ADR's page shows its body as MkDocs shows the same file as a page: the same Markdown (the
site's extensions, highlighting, autolinks), then sanitized (`render.sanitize`)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ctohandbook.render.sanitize import clean

from .conftest import mkdocs_build

ADR = Path(__file__).parent / "fixtures/site/adrs/0096-code-autolinks-and-comments.md"
CONFIG = """\
site_name: Same file twice
theme:
  name: material
  font: false
markdown_extensions:
  - admonition
  - attr_list
  - pymdownx.highlight
  - pymdownx.superfences
  - tables
  - toc:
      permalink: true
plugins:
  - ctohandbook
"""
"""The example handbook's Markdown extensions."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose ADR folder holds the MADR-style fixture ADR, and whose docs hold the same
    file as a plain page."""
    root = tmp_path_factory.mktemp("same-file")
    (root / "adrs").mkdir()
    (root / "docs/same").mkdir(parents=True)
    shutil.copy(ADR, root / "adrs")
    shutil.copy(ADR, root / "docs/same")
    (root / "docs/index.md").write_text("# Home\n")
    (root / "mkdocs.yml").write_text(CONFIG)
    done = mkdocs_build(root, root / "site", "--strict")
    assert done.returncode == 0, done.stderr
    return root / "site"


def _article(page: Path) -> str:
    text = page.read_text()
    return text[text.index("<article"):text.index("</article>")]


def test_an_adr_body_renders_as_the_same_file_as_a_page(site: Path) -> None:
    adr = _article(site / "governance/adrs/adr-0096/index.html")
    as_page = _article(site / f"same/{ADR.stem}/index.html")
    body = adr[adr.index("<hr>") + len("<hr>"):]  # after the generated header
    assert body.strip() == clean(as_page[as_page.index("</h1>") + len("</h1>"):]).strip()
    assert ('<h2 id="context-and-problem-statement">Context and Problem Statement <a '
            'class="headerlink"') in body
    assert ('<p>The guide is at <a href="https://example.com/guide?a=1&amp;b=2">'
            'https://example.com/guide?a=1&amp;b=2</a>; write to '
            '<a href="mailto:team@example.com">team@example.com</a>.</p>') in body
    assert ('<div class="highlight"><pre><span></span><code><span class="k">def</span>'
            '<span class="w"> </span><span class="nf">greet</span>') in body
    assert "<code>if a &lt; b &amp;&amp; b &gt; c:\n    pass\n</code>" in body
    assert '<th style="text-align:right">Cost</th>' in body


def test_comments_show_nowhere_and_an_emoji_keeps_the_front_matter(site: Path) -> None:
    """MADR's ``<!-- optional -->`` after a heading showed in the heading and the table of
    contents; an emoji in the title, written in JSON's surrogate escapes, made the generated
    front matter invalid, so the page showed its ``title:`` line and had no title."""
    page = (site / "governance/adrs/adr-0096/index.html").read_text()
    assert "optional" not in page  # neither in the content nor in the table of contents
    assert re.search(r'<a href="#context-and-problem-statement" class="md-nav__link">\s*'
                     r'<span class="md-ellipsis">\s*Context and Problem Statement\s*</span>',
                     page)
    assert ("<title>ADR-0096 Show code, autolinks and comments as the site does 🚀 - Same file "
            "twice</title>") in page
    assert "title:" not in _article(site / "governance/adrs/adr-0096/index.html")
