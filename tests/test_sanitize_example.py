"""The sanitizer keeps everything ctohandbook and the example site's Markdown write: every
generated page of the example handbook is the same HTML before and after `render.sanitize`
(only written differently: attribute order, quotes, a style's spaces)."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from ctohandbook.mkdocs_plugin import plugin
from ctohandbook.render.sanitize import clean

ROOT = Path(__file__).parent.parent

Event = tuple[str, ...]


class _Events(HTMLParser):
    """An HTML fragment as the elements, attributes and text a browser reads from it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[Event] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = sorted((name, "".join((value or "").split()).rstrip(";") if name == "style"
                        else value or "") for name, value in attrs)
        self.events.append(("start", tag, *(f"{name}={value}" for name, value in shown)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.events.append(("text", html.unescape(data)))


def events(fragment: str) -> list[Event]:
    parser = _Events()
    parser.feed(fragment)
    parser.close()
    return [event for event in parser.events
            if event[:2] not in {("end", tag) for tag in ("path", "rect", "br", "hr", "img",
                                                         "input")}]


def test_the_sanitizer_changes_nothing_the_example_handbook_generates(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cleaned: list[tuple[str, str]] = []

    def recording(page_html: str) -> str:
        cleaned.append((page_html, clean(page_html)))
        return cleaned[-1][1]

    monkeypatch.setattr(plugin, "clean", recording)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    generated = list((tmp_path / "site/governance").rglob("index.html"))
    assert len(cleaned) == len(generated) > 30  # every generated page, and only those
    for before, after in cleaned:
        assert events(after) == events(before)
