"""No silent loss: every command that writes (`render`, `schema --write`, `codeowners`, `new`)
refuses to replace what the user wrote and to write through a link leading out of its folder,
says so naming the file, exits 3, and then has written nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from ctohandbook.cli import main
from ctohandbook.outputs.site import inside_site
from ctohandbook.sources.files import Boundary, WriteRefused, create_exclusively, write_atomically

from .conftest import snapshot
from .test_cli import USING, invoke


def _run(*args: str) -> tuple[int, str]:
    """A command's exit code and its whole output (errors included); never a traceback."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_render_refuses_a_file_it_did_not_write(handbook_dir: Path) -> None:
    out = handbook_dir / "out"
    assert invoke("render", "--out", "out", "--today", "2026-11-21").exit_code == 0
    (out / ".ctohandbook-render").write_text(".ctohandbook-render\n")  # as if before the pages
    (out / "governance" / "index.md").write_text("My notes\n")
    before = snapshot(out)
    result = _run("render", "--out", "out", "--today", "2026-11-21")
    assert result == (3, f"{USING}Error: out/governance/index.md was not written by "
                         "`ctohandbook render`; nothing was written (move it away)\n")
    assert snapshot(out) == before


def test_a_refused_render_removes_nothing(handbook_dir: Path) -> None:
    """The refusal is decided before anything is touched: the stale page of the earlier render
    stays too."""
    out = handbook_dir / "out"
    assert invoke("render", "--out", "out", "--today", "2026-11-21").exit_code == 0
    (out / "governance" / "old.md").write_text("An earlier render's page\n")
    (out / ".ctohandbook-render").write_text("governance/old.md\n")  # the rest is not ours
    before = snapshot(out)
    result = _run("render", "--out", "out", "--today", "2026-11-21")
    assert result == (3, f"{USING}Error: out/governance/index.md was not written by "
                         "`ctohandbook render`; nothing was written (move it away)\n")
    assert snapshot(out) == before


def test_an_edited_mark_removes_only_rendered_files_inside_the_folder(handbook_dir: Path,
                                                                       tmp_path: Path) -> None:
    outside = tmp_path / "keep.md"
    outside.write_text("mine\n")
    out = handbook_dir / "out"
    assert invoke("render", "--out", "out", "--today", "2026-11-21").exit_code == 0
    (out / "notes.txt").write_text("mine\n")
    (out / "link.md").symlink_to(outside)
    mark = out / ".ctohandbook-render"
    mark.write_text(mark.read_text() + "../../keep.md\nnotes.txt\nlink.md\n")
    assert invoke("render", "--out", "out", "--today", "2026-11-21").exit_code == 0
    assert (out / "notes.txt").read_text() == "mine\n"
    assert (out / "link.md").is_symlink()
    assert outside.read_text() == "mine\n"
    assert "notes.txt" not in mark.read_text()


def test_render_does_not_write_through_a_link_out_of_its_folder(handbook_dir: Path,
                                                                 tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = handbook_dir / "out"
    out.mkdir()
    (out / "governance").symlink_to(elsewhere)
    (out / ".ctohandbook-render").write_text("governance/index.md\n")
    result = _run("render", "--out", "out", "--today", "2026-11-21")
    assert result[0] == 3
    assert result[1].startswith(f"{USING}Error: out/governance/index.md leads to ")
    assert result[1].endswith(", outside out; nothing was written there (remove the link)\n")
    assert snapshot(elsewhere) == {}


def test_schema_write_never_replaces_a_teams_own_schema(handbook_dir: Path) -> None:
    folder = handbook_dir / "schemas"
    folder.mkdir()
    (folder / "policy.schema.json").write_text('{"title": "our own"}\n')
    result = _run("schema", "--write", "schemas")
    assert result == (3, "Error: schemas/policy.schema.json exists and was not written by "
                         "ctohandbook; nothing was written (move it, or write the schemas to "
                         "another folder)\n")
    assert snapshot(folder) == {"policy.schema.json": b'{"title": "our own"}\n'}


def test_schema_write_leaves_files_that_are_up_to_date(handbook_dir: Path) -> None:
    assert invoke("schema", "--write", "schemas").exit_code == 0
    stamps = {path.name: path.stat().st_mtime_ns for path in (handbook_dir / "schemas").iterdir()}
    again = invoke("schema", "--write", "schemas")
    assert again.output == "The schemas in schemas are up to date.\n"
    assert {path.name: path.stat().st_mtime_ns
            for path in (handbook_dir / "schemas").iterdir()} == stamps


def test_codeowners_writes_through_a_link_inside_the_repository(handbook_dir: Path) -> None:
    (handbook_dir / ".git").mkdir()
    (handbook_dir / "shared").mkdir()
    (handbook_dir / "shared" / "CODEOWNERS").write_text("* @acme/everyone\n")
    (handbook_dir / ".github").mkdir()
    (handbook_dir / ".github" / "CODEOWNERS").symlink_to("../shared/CODEOWNERS")
    assert invoke("codeowners").exit_code == 0
    assert os.readlink(handbook_dir / ".github" / "CODEOWNERS") == "../shared/CODEOWNERS"
    text = (handbook_dir / "shared" / "CODEOWNERS").read_text()
    assert text.startswith("* @acme/everyone\n\n# BEGIN ctohandbook")


def test_codeowners_refuses_a_link_out_of_the_repository(handbook_dir: Path,
                                                         tmp_path: Path) -> None:
    (handbook_dir / ".git").mkdir()
    outside = tmp_path / "CODEOWNERS"
    outside.write_text("* @someone-else\n")
    (handbook_dir / ".github").mkdir()
    (handbook_dir / ".github" / "CODEOWNERS").symlink_to(outside)
    code, output = _run("codeowners")
    assert code == 3
    assert output.startswith(f"{USING}Error: .github/CODEOWNERS leads to ")
    assert outside.read_text() == "* @someone-else\n"


def test_new_never_replaces_and_never_leaves_its_folder(tmp_path: Path) -> None:
    inside = tmp_path / "repo"
    inside.mkdir()
    (inside / "taken.yml").write_text("mine\n")
    with pytest.raises(FileExistsError):
        create_exclusively(inside / "taken.yml", "theirs\n", Boundary(inside))
    (inside / "dangling.yml").symlink_to(tmp_path / "nowhere.yml")
    with pytest.raises(FileExistsError):
        create_exclusively(inside / "dangling.yml", "theirs\n", Boundary(inside))
    (inside / "out").symlink_to(tmp_path)
    with pytest.raises(WriteRefused):
        create_exclusively(inside / "out" / "new.yml", "theirs\n", Boundary(inside))
    with pytest.raises(WriteRefused):
        write_atomically(inside / "out" / "new.yml", "theirs\n", Boundary(inside))
    assert (inside / "taken.yml").read_text() == "mine\n"
    assert not (tmp_path / "nowhere.yml").exists()
    assert not (tmp_path / "new.yml").exists()


@pytest.mark.parametrize("path", ["../x.md", "governance/../../x.md", "/etc/x.md", "a\\b.md",
                                  "governance/./x.md", "governance//x.md", "", "governance/",
                                  "governance/.hidden.md", "governance/x y.md"])
def test_nothing_is_published_outside_the_site(path: str) -> None:
    with pytest.raises(ValueError, match="not a path inside the site"):
        inside_site(path)


@pytest.mark.parametrize("path", ["governance/policies/sec-001.md", "reviews.ics",
                                  "governance/adrs/20240101-use-x.v2.md", "governance.json"])
def test_generated_paths_are_published(path: str) -> None:
    assert inside_site(path) == path
