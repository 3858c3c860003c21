"""Site versions with mike: two versions deployed from a real git repository keep their own
policy text, and Material's version selector in headless Chromium lists and switches them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import EPOCH_2026_11_21, GOOD
from .test_browser import ROOT, browser, page, served  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow  # mike deploys two versions of a handbook.

OLD = "Critical vulnerabilities are remediated within 15 days."
NEW = "Critical vulnerabilities are remediated within 7 days."
SEC2 = "policies/security/sec-002-vulnerability-management.yml"
PAGE = "governance/policies/sec-002/index.html"
MIKE = str(Path(sys.executable).parent / "mike")
"""mike's command, installed beside this Python (it has no ``python -m mike``)."""


def run(root: Path, *command: str) -> None:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH_2026_11_21,
                   "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_VERSIONS": "mike",
                   "GIT_AUTHOR_NAME": "Test",
                   "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test",
                   "GIT_COMMITTER_EMAIL": "test@example.com",
                   "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good handbook deployed as 1.0, then with a stricter SEC-002 as 2.0 (alias latest, the
    default), and the gh-pages branch as a web server would serve it. Its configuration turns
    the selector on as the example's does (``HANDBOOK_VERSIONS=mike``, set by `run`) and uses
    the example's repository link without facts, so a page asks for nothing outside the site."""
    root = tmp_path_factory.mktemp("versions") / "handbook"
    shutil.copytree(GOOD, root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "theme:\n", f"theme:\n  custom_dir: {ROOT / 'overrides'}\n")
        + "site_url: https://handbook.example/\n"
        "extra:\n  version:\n    provider: !ENV [HANDBOOK_VERSIONS, null]\n")
    run(root, "git", "init", "-q", "-b", "main")
    run(root, "git", "add", "-A")
    run(root, "git", "commit", "-q", "-m", "Handbook 1.0")
    run(root, MIKE, "deploy", "1.0")
    policy = root / SEC2
    policy.write_text(policy.read_text().replace(OLD, NEW).replace(
        "version: 2.0.0", "version: 3.0.0").replace(
        "changelog:\n", "changelog:\n  - {version: 3.0.0, date: 2026-11-20, summary: 7 days.}\n"))
    run(root, "git", "commit", "-q", "-am", "Handbook 2.0")
    run(root, MIKE, "deploy", "--update-aliases", "2.0", "latest")
    run(root, MIKE, "set-default", "latest")
    served = root.parent / "served"
    served.mkdir()
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=root, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(served)], input=archive, check=True)
    return served


def test_each_version_keeps_its_own_policy_text(published: Path) -> None:
    first, second = (published / "1.0" / PAGE).read_text(), (published / "2.0" / PAGE).read_text()
    assert OLD in first and NEW not in first
    assert NEW in second and OLD not in second
    assert (published / "latest" / PAGE).read_text() == second
    assert 'url=latest/' in (published / "index.html").read_text()


@pytest.fixture(scope="module")
def versions_url(published: Path) -> Iterator[str]:
    with served(published) as url:
        yield url


def test_the_version_selector_lists_both_and_switches(page: Page,  # noqa: F811
                                                      versions_url: str) -> None:
    page.goto(f"{versions_url}/1.0/governance/policies/sec-002/")
    expect(page.locator("article")).to_contain_text(OLD)
    selector = page.locator(".md-version")
    expect(selector.locator(".md-version__current")).to_have_text("1.0")
    items = selector.locator(".md-version__link")
    expect(items).to_have_text(["2.0", "1.0"])
    selector.hover()
    items.filter(has_text="2.0").click()
    expect(page).to_have_url(f"{versions_url}/2.0/governance/policies/sec-002/")
    expect(page.locator("article")).to_contain_text(NEW)
    expect(page.locator("article")).not_to_contain_text(OLD)
