"""Shared fixtures: a copy of the good handbook to break, and a lint that returns plain tuples."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from ctohandbook import Context, Diagnostic, load_handbook
from ctohandbook.lint import lint
from ctohandbook.render import render_pages
from ctohandbook.sources import yamlfile

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"
TODAY = date(2026, 11, 21)
EPOCH_2026_11_21 = "1795219200"
"""`TODAY` as a ``SOURCE_DATE_EPOCH``, for builds in a subprocess."""
SEC2 = "policies/security/sec-002-vulnerability-management.yml"
"""The good handbook's policy that tests most often break."""
GOLDEN = Path(__file__).parent / "golden"
REQUEST = "https://github.com/acme/handbook/issues/new?template=exception.yml&policy={id}"


def mkdocs_build(root: Path, site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A real ``mkdocs build`` of the handbook at ``root`` into ``site``, judged as of `TODAY`."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH_2026_11_21,
                   "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(site), *args],
                          cwd=root, capture_output=True, text=True, env=environment,
                          check=False)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives Chromium (through the `page` fixture) as ``browser``, so
    ``-m "not browser"`` leaves out exactly those and a new browser test cannot be forgotten."""
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def working_copy(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the handbook at ``source``, made the working directory."""
    target = tmp_path / "handbook"
    shutil.copytree(source, target)
    monkeypatch.chdir(target)
    return target


@pytest.fixture
def handbook_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the good handbook, made the working directory."""
    return working_copy(GOOD, tmp_path, monkeypatch)


def run_lint(root: Path, today: date = TODAY, warn_days: int = 30,
             max_file_size: int = 1_048_576) -> list[Diagnostic]:
    """Every finding of the handbook at ``root`` (paths shown relative to ``root``)."""
    handbook = load_handbook([root / "policies"], max_file_size=max_file_size, base=root,
                             adrs_dir=root / "adrs", docs_dir=root / "docs")
    return lint(handbook, Context(today=today, warn_days=warn_days))


def render(root: Path, today: date = TODAY, **options: Any) -> dict[str, str]:
    """The Markdown of every page generated from the handbook at ``root``, by path."""
    handbook = load_handbook([root / "policies"], max_file_size=1_048_576, base=root,
                             adrs_dir=root / "adrs", docs_dir=root / "docs")
    return {page.path: page.markdown for page in
            render_pages(handbook, Context(today), exception_request_url=REQUEST,
                         docs_dir=root / "docs", **options)}


def assert_golden(pages: dict[str, str], name: str) -> None:
    """``pages`` are exactly the files of ``golden/<name>``. Set UPDATE_GOLDEN=1 to rewrite the
    golden files after an intended change; review the diff before committing it."""
    folder = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        for path, text in pages.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
    golden = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
              for p in folder.rglob("*.md")}
    assert sorted(pages) == sorted(golden)
    for path, text in pages.items():
        assert text == golden[path], path


def located(findings: list[Diagnostic]) -> list[tuple[str, str, int, int]]:
    """Findings as (code, path, line, column), the part every test pins exactly."""
    return [(d.code, d.path, d.line, d.column) for d in findings]


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run a test with libyaml's parser and again with PyYAML's pure-Python fallback."""
    if request.param == "pure-python":
        monkeypatch.setattr(yamlfile, "Loader", yamlfile.PythonLoader)
    else:
        assert issubclass(yamlfile.Loader, yaml.CSafeLoader)  # the fast path is really taken


def _hypothesis_profiles() -> None:
    """Hypothesis settings for the property tests (tests/test_properties.py), chosen with the
    environment variable ``HYPOTHESIS_PROFILE``.

    ``ci`` (the default) is derandomized: the examples are drawn from a seed fixed per test, so
    every run of CI tests the same inputs, a red build is never a flake, and the failure
    reproduces on any machine; it keeps no example database, which CI would throw away.
    ``explore`` draws fresh random examples, ten times as many, and keeps failures in
    ``.hypothesis/`` to replay them first: run it locally to search for new bugs, then pin each
    one found as an ``@example``. No deadline in either: the first example of a test pays for
    imports and template compilation.
    """
    from hypothesis import settings

    settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True,
                              database=None)
    settings.register_profile("explore", max_examples=1000, deadline=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_hypothesis_profiles()


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file below ``folder`` (links not followed): a file's bytes, a link's target; for
    tests that a command changed nothing it should not have."""
    found: dict[str, bytes | str] = {}
    for parent, _, files in os.walk(folder):
        for name in files:
            path = Path(parent, name)
            found[path.relative_to(folder).as_posix()] = (
                os.readlink(path) if path.is_symlink() else path.read_bytes())
    return found
