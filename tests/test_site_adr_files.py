"""The files beside ADRs outside the docs folder (images, diagrams) are published beside the ADR
pages, by the site build and by ``render --out``, so the pages' links work."""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from ctohandbook.cli import main
from ctohandbook.diagnostic import Diagnostic
from ctohandbook.model.handbook import Handbook
from ctohandbook.project.loaders import adr_folder_files, read_project
from ctohandbook.project.settings import load_project

from .conftest import FIXTURES, mkdocs_build, working_copy

WITH_FILES = FIXTURES / "site" / "adr-files"
IMAGES = {"img/context.svg", "img/data flow.svg"}


@pytest.fixture
def with_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return working_copy(WITH_FILES, tmp_path, monkeypatch)


def _files(config: Path) -> tuple[Handbook, dict[str, bytes], list[Diagnostic]]:
    """The handbook of ``config``, and the files beside its ADRs as a build publishes them."""
    project = load_project(config)
    handbook = read_project(project)
    return handbook, *adr_folder_files(project, handbook)


def test_the_files_beside_the_adrs_are_read_by_their_path_in_the_folder(
        with_files: Path) -> None:
    handbook, files, unread = _files(with_files / "mkdocs.yml")
    assert (sorted(files), unread, handbook.diagnostics) == (sorted(IMAGES), [], [])
    assert files["img/context.svg"] == (with_files / "adrs/img/context.svg").read_bytes()


def test_a_file_over_the_size_limit_is_reported_by_lint_and_not_published(
        with_files: Path) -> None:
    """The build could not publish it, so the gate says so, as the build's log does."""
    config = with_files / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - ctohandbook\n", "  - ctohandbook:\n      max_file_size: 400\n"))
    (with_files / "adrs/img/scan.pdf").write_bytes(b"%PDF" + b"\0" * 496)
    handbook, files, unread = _files(config)
    assert (sorted(files), unread) == (sorted(IMAGES), [])
    assert [str(finding) for finding in handbook.diagnostics] == [
        "adrs/img/scan.pdf:1:1: CTH106 file is 500 bytes, over the limit of 400 bytes"]
    done = CliRunner().invoke(main, ["lint", "--today", "2026-11-21"])
    assert (done.exit_code, done.stdout.splitlines()[0]) == (
        1, "adrs/img/scan.pdf:1:1: CTH106 file is 500 bytes, over the limit of 400 bytes")


def test_an_adr_folder_in_the_docs_leaves_its_files_to_mkdocs(with_files: Path) -> None:
    shutil.move(with_files / "adrs", with_files / "docs" / "adr")
    config = with_files / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - ctohandbook\n",
                                                 "  - ctohandbook:\n      adrs_dir: docs/adr\n"))
    handbook, files, unread = _files(config)
    assert (handbook.adr_files, files, unread) == ([], {}, [])


def test_render_writes_the_files_beside_the_adr_pages(with_files: Path) -> None:
    out = with_files.parent / "out"
    done = CliRunner().invoke(main, ["render", "--out", str(out), "--today", "2026-11-21"])
    assert done.exit_code == 0, done.output
    for name in IMAGES:
        assert (out / "governance/adrs" / name).read_bytes() == (
            with_files / "adrs" / name).read_bytes()


def test_a_file_deleted_beside_the_adrs_is_removed_by_the_next_render(with_files: Path) -> None:
    """The render owns what it published below the ADR pages, whatever the kind of file; a
    file of another kind that its mark names elsewhere (anyone can edit the mark) is kept."""
    out = with_files.parent / "out"
    render = ["render", "--out", str(out), "--today", "2026-11-21"]
    assert CliRunner().invoke(main, render).exit_code == 0
    (out / "notes.txt").write_text("mine\n")
    with (out / ".ctohandbook-render").open("a") as mark:
        mark.write("notes.txt\ngovernance/adrs/../../notes.txt\n")
    (with_files / "adrs/img/context.svg").unlink()
    done = CliRunner().invoke(main, render)
    assert done.exit_code == 0, done.output
    assert sorted(p.relative_to(out).as_posix() for p in (out / "governance/adrs").rglob("*.svg")
                  ) == ["governance/adrs/img/data flow.svg"]
    assert (out / "notes.txt").read_text() == "mine\n"


@pytest.mark.slow
def test_a_strict_site_shows_the_image_of_an_adr_outside_the_docs(with_files: Path) -> None:
    site = with_files.parent / "site"
    done = mkdocs_build(with_files, site, "--strict")
    assert done.returncode == 0, done.stderr
    page = "governance/adrs/adr-0001/"
    html = (site / page / "index.html").read_text(encoding="utf-8")
    targets = [*re.findall(r'<img alt="Context diagram" src="([^"]+)"', html),
               *re.findall(r'<a href="([^"]+)">the data flow</a>', html)]
    assert targets == ["../img/context.svg", "../img/data%20flow.svg"]
    for target in targets:
        published = site / posixpath.normpath(posixpath.join(page, unquote(target)))
        assert published.read_bytes() == (
            with_files / "adrs" / unquote(target).removeprefix("../")).read_bytes()
