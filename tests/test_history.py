"""History from git: "Last changed" on each page from one `git log`, releases from tags, the
changes page and its Atom feed; a shallow clone and a folder outside git."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import feedparser
import pytest

from ctohandbook.lint import lint_project
from ctohandbook.outputs.site import Site, publish
from ctohandbook.project.loaders import handbook_history
from ctohandbook.project.settings import load_project
from ctohandbook.sources.history import SHALLOW, Commit, read_history
from ctohandbook.views.changes import commit_url

from .conftest import GOLDEN, GOOD, SEC2, TODAY, mkdocs_build

SEC1 = "policies/security/sec-001-secure-sdlc.yml"
ADR = "adrs/0001-use-postgresql.md"


def git(root: Path, *args: str, when: str = "2026-01-05T10:00:00+00:00") -> str:
    """Run git in ``root`` as a fixed person at a fixed time, so commits and tags have known
    dates."""
    environment = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
                   "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.com",
                   "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.com"}
    return subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "tag.gpgSign=false",
                           "-c", "commit.gpgSign=false", *args], cwd=root, env=environment,
                          check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The good handbook in a repository of its own: everything committed and tagged 2026.01
    on 2026-01-05, then SEC-002 changed and tagged 2026.03 on 2026-03-10."""
    root = tmp_path / "repo"
    shutil.copytree(GOOD, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Handbook")
    git(root, "tag", "-a", "2026.01", "-m", "January")
    (root / SEC2).write_text((root / SEC2).read_text() + "# reviewed\n")
    march = "2026-03-10T09:00:00+00:00"
    git(root, "commit", "-qam", "SEC-002", when=march)
    git(root, "tag", "-a", "2026.03", "-m", "March", when=march)
    monkeypatch.chdir(root)
    return root


def head(root: Path, revision: str = "HEAD") -> tuple[str, str]:
    return git(root, "rev-parse", revision), git(root, "rev-parse", "--short", revision)


def rendered(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ctohandbook", "render", "--out", str(out),
                           "--today", "2026-11-21"],
                          cwd=root, capture_output=True, text=True, check=False)


def test_each_page_says_when_its_source_last_changed_linked_to_the_commit(
        repo: Path, tmp_path: Path) -> None:
    done = rendered(repo, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert done.stderr == "Using mkdocs.yml\n"
    first, first_short = head(repo, "HEAD~1")
    last, last_short = head(repo)
    pages = tmp_path / "out" / "governance"
    sec2 = (pages / "policies" / "sec-002.md").read_text()
    assert sec2.endswith(
        f"\n\n_Last changed on 2026-03-10 in commit "
        f"[`{last_short}`](https://github.com/acme/handbook/commit/{last})._\n")
    for page in ("policies/sec-001.md", "adrs/adr-0001.md"):
        assert (pages / page).read_text().endswith(
            f"\n\n_Last changed on 2026-01-05 in commit "
            f"[`{first_short}`](https://github.com/acme/handbook/commit/{first})._\n"), page
    for page in ("index.md", "policies/index.md", "reviews.md", "changes.md"):
        assert "Last changed" not in (pages / page).read_text(), page


def test_one_git_log_reads_the_history_of_every_file(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands: list[list[str]] = []
    real_popen = subprocess.Popen

    def popen(command: list[str], **options: Any) -> subprocess.Popen[bytes]:
        commands.append(command)  # `subprocess.run` starts its process here too
        return real_popen(command, **options)

    monkeypatch.setattr(subprocess, "Popen", popen)
    project = load_project(repo / "mkdocs.yml")
    history = handbook_history(project, lint_project(project, TODAY).handbook)
    assert history is not None and history.missing is None
    assert len(history.changes) == 4  # three policies and the ADR
    assert [command[:2] for command in commands] == [
        ["git", "rev-parse"], ["git", "log"], ["git", "for-each-ref"]]


def test_a_file_never_committed_has_no_line_and_the_others_keep_theirs(repo: Path) -> None:
    new = repo / "policies" / "security" / "sec-009.yml"
    new.write_text((repo / SEC2).read_text().replace("SEC-002", "SEC-009"))
    history = read_history(repo, [repo / "policies"], [new, repo / SEC2])
    assert history.of(new) is None
    assert history.of(repo / SEC2) == Commit(*head(repo), date(2026, 3, 10))


def test_a_handbook_reached_through_a_symbolic_link_still_matches(repo: Path,
                                                                  tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(repo)
    history = read_history(link, [link / "policies"], [link / SEC1])
    assert history.of(link / SEC1) == Commit(*head(repo, "HEAD~1"), date(2026, 1, 5))


def test_releases_are_the_tags_newest_first(repo: Path) -> None:
    history = read_history(repo, [repo / "policies"], [repo / SEC1])
    assert [(r.name, r.day) for r in history.releases] == [
        ("2026.03", date(2026, 3, 10)), ("2026.01", date(2026, 1, 5))]


def test_the_changes_page_groups_entries_by_release(repo: Path, tmp_path: Path) -> None:
    assert rendered(repo, tmp_path / "out").returncode == 0
    page = (tmp_path / "out" / "governance" / "changes.md").read_text()
    assert page == (GOLDEN / "history" / "changes.md").read_text()


def test_the_feed_reads_back_as_atom_with_stable_ids_and_releases(repo: Path,
                                                                  tmp_path: Path) -> None:
    project = load_project(repo / "mkdocs.yml")
    result = lint_project(project, TODAY)
    history = handbook_history(project, result.handbook)
    site = Site("https://handbook.acme.example/", "Acme handbook")
    feed = publish(project, result, site, history).files["governance/changes.xml"]
    assert feed.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns=")
    parsed = feedparser.parse(feed)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Acme handbook changes"
    assert parsed.feed.updated == "2026-06-01T00:00:00Z"
    assert [link.href for link in parsed.feed.links] == [
        "https://handbook.acme.example/governance/changes/",
        "https://handbook.acme.example/governance/changes.xml"]
    assert [(e.title, e.updated, e.link, e.summary, [t.term for t in e.get("tags", [])])
            for e in parsed.entries] == [
        ("SEC-001 1.2.0: Secure software development", "2026-06-01T00:00:00Z",
         "https://handbook.acme.example/governance/policies/sec-001/",
         "Secret scanning added.", []),
        ("SEC-002 2.0.0: Vulnerability management", "2026-03-01T00:00:00Z",
         "https://handbook.acme.example/governance/policies/sec-002/",
         "Critical fixes within 15 days.", ["2026.03"]),
        ("SEC-001 1.0.0: Secure software development", "2025-02-01T00:00:00Z",
         "https://handbook.acme.example/governance/policies/sec-001/", "First version.",
         ["2026.01"]),
        ("SEC-003 1.0.0: Change advisory board", "2020-01-01T00:00:00Z",
         "https://handbook.acme.example/governance/policies/sec-003/", "First version.",
         ["2026.01"])]
    ids = [entry.id for entry in parsed.entries]
    assert all(i.startswith("urn:uuid:") for i in ids) and len(set(ids)) == 4
    again = publish(project, result, site, history).files["governance/changes.xml"]
    assert again == feed


def test_text_xml_cannot_hold_is_dropped_from_the_feed(handbook_dir: Path) -> None:
    path = handbook_dir / SEC2
    path.write_text(path.read_text().replace("summary: Critical fixes within 15 days.",
                                             'summary: "Bell\\a <b>&amp; fixes"'))
    project = load_project(handbook_dir / "mkdocs.yml")
    feed = publish(project, lint_project(project, TODAY), Site()).files[
        "governance/changes.xml"]
    parsed = feedparser.parse(feed)
    assert not parsed.bozo, parsed.get("bozo_exception")
    entry = next(e for e in parsed.entries if e.title.startswith("SEC-002"))
    assert (entry.summary, entry.summary_detail.type) == ("Bell <b>&amp; fixes", "text/plain")
    assert b"<summary>Bell &lt;b&gt;&amp;amp; fixes</summary>" in feed  # text, never markup
    assert entry.link == "policies/sec-002/"  # relative to the feed without a site_url


@pytest.mark.slow
def test_a_shallow_clone_says_so_and_shows_no_history(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    done = mkdocs_build(clone, tmp_path / "site", "--strict")
    assert done.returncode == 0, done.stderr
    assert f"INFO    -  ctohandbook: {SHALLOW}\n" in done.stderr
    page = (tmp_path / "site" / "governance" / "policies" / "sec-002" / "index.html").read_text()
    assert "Last changed" not in page
    render = rendered(clone, tmp_path / "out")
    assert render.returncode == 0
    assert render.stderr == f"Using mkdocs.yml\nNote: {SHALLOW}.\n"


@pytest.mark.slow
def test_outside_git_nothing_breaks_and_nothing_is_said(handbook_dir: Path,
                                                       tmp_path: Path) -> None:
    done = mkdocs_build(handbook_dir, tmp_path / "site", "--strict")
    assert done.returncode == 0, done.stderr
    assert "ctohandbook" not in done.stderr
    page = (tmp_path / "site" / "governance" / "policies" / "sec-002" / "index.html").read_text()
    assert "Last changed" not in page
    assert (tmp_path / "site" / "governance" / "changes.xml").is_file()


@pytest.mark.slow
def test_a_repository_without_commits_has_no_history(handbook_dir: Path,
                                                     tmp_path: Path) -> None:
    git(handbook_dir, "init", "-q")
    history = read_history(handbook_dir, [handbook_dir / "policies"], [handbook_dir / SEC1])
    assert history.changes == {} and history.missing is not None
    assert rendered(handbook_dir, tmp_path / "out").returncode == 0


def test_without_git_installed_there_is_no_history(repo: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-such-folder"))
    history = read_history(repo, [repo / "policies"], [repo / SEC1])
    assert (history.changes, history.missing) == ({}, "git is not installed")


def test_history_can_be_turned_off(repo: Path, tmp_path: Path) -> None:
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text().replace("warn_days: 30",
                                                 "warn_days: 30\n      history: false"))
    project = load_project(config)
    assert handbook_history(project, lint_project(project, TODAY).handbook) is None
    assert rendered(repo, tmp_path / "out").returncode == 0
    assert "Last changed" not in (tmp_path / "out/governance/policies/sec-002.md").read_text()


@pytest.mark.parametrize(("repo_url", "expected"), [
    ("https://github.com/acme/handbook", "https://github.com/acme/handbook/commit/abc"),
    ("https://gitlab.com/acme/handbook/", "https://gitlab.com/acme/handbook/-/commit/abc"),
    ("https://bitbucket.org/acme/handbook", "https://bitbucket.org/acme/handbook/commits/abc"),
    ("https://git.acme.example/a (b)", "https://git.acme.example/a%20%28b%29/commit/abc"),
    (None, None)])
def test_commit_links_follow_the_forge(repo_url: str | None, expected: str | None) -> None:
    assert commit_url(repo_url, Commit("abc", "ab", date(2026, 1, 1))) == expected
