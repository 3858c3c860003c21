"""The files in .github/ are what GitHub accepts and stay current: every workflow and
dependabot.yml pass GitHub's schemas (as check-jsonschema vendors them), every action is at a
major version that runs on Node 24, and CI tests every supported Python.

The example handbook's workflow (handbook.yml) is checked here too; its commands and lanes are
tested in test_automation.py."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted(GITHUB.glob("workflows/*.y*ml"))
DEPENDABOT = GITHUB / "dependabot.yml"
CI = GITHUB / "workflows" / "ci.yml"

OLDEST_PYTHON = "3.10"
"""pyproject.toml's requires-python: the oldest Python the tool supports."""
NEWEST_PYTHON = "3.15"
"""The newest Python released (3.15.0, October 2026); raise it when 3.16 comes out."""

# The first major version of each action that runs on Node 24. GitHub removed Node 20 from its
# runners on 2026-09-16, so a major below these no longer runs as published. An action missing
# here fails test_actions_run_on_node_24 until its entry is added, with where the fact comes from.
NODE_24_SINCE: dict[str, int] = {
    # v5.0.0 "Update the checkout action to version 5.0.0, which includes support for Node.js
    # 24": https://github.com/actions/checkout/pull/2238
    "actions/checkout": 5,
    # v6.0.0, breaking change "Upgrade to node 24"; v5.x still ran on Node 20:
    # https://github.com/actions/setup-python/releases/tag/v6.0.0
    "actions/setup-python": 6,
    # v6.0.0 "now runs on Node.js 24 (runs.using: node24)"; v5 only had preliminary support and
    # still ran on Node 20: https://github.com/actions/upload-artifact/releases/tag/v6.0.0
    "actions/upload-artifact": 6,
    # v7.0.0 "now runs on Node.js 24 (runs.using: node24)"; v6 still declared node20:
    # https://github.com/actions/download-artifact/releases/tag/v7.0.0
    "actions/download-artifact": 7,
    # A composite action: v5.0.0 (2026-04-10) moved its internal upload-artifact from v4.6.2
    # (Node 20) to v7.0.0 (Node 24): https://github.com/laveeshb/linux-kernel-internals/pull/566
    "actions/upload-pages-artifact": 5,
    # v5.0.0 "Update Node.js version to 24.x": https://github.com/actions/deploy-pages/issues/410
    "actions/deploy-pages": 5,
    # v3.0.0 "Update node to 24"; its action.yml says `using: "node24"`:
    # https://github.com/marocchino/sticky-pull-request-comment/releases/tag/v3.0.0
    "marocchino/sticky-pull-request-comment": 3,
}

# References allowed as they are, outside the major-version rule.
ALLOWED_AS_IS: frozenset[str] = frozenset({
    # pypa's documented reference, a branch. The upload runs in Docker; the action's one Node
    # step, actions/setup-python, is at v6.2.0 (Node 24) since
    # https://github.com/pypa/gh-action-pypi-publish/pull/408
    "pypa/gh-action-pypi-publish@release/v1",
})


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema's verdict on ``path`` against one of its vendored schemas (no network:
    the schemas ship inside the package)."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        cwd=ROOT, capture_output=True, text=True, check=False)


def load(path: Path) -> dict[str, Any]:
    document: dict[Any, Any] = yaml.safe_load(path.read_text("utf-8"))
    return document


def uses(workflow: dict[str, Any]) -> list[str]:
    """Every action and reusable workflow the workflow references, in order."""
    found = []
    for job in workflow["jobs"].values():
        if "uses" in job:  # a job that calls a reusable workflow
            found.append(str(job["uses"]))
        found += [str(step["uses"]) for step in job.get("steps", []) if "uses" in step]
    return found


def node_24_problem(reference: str) -> str | None:
    """Why ``reference`` (``owner/name@ref``) may not run on Node 24, or None when it does."""
    if reference in ALLOWED_AS_IS or reference.startswith(("./", "docker://")):
        return None  # in this repository, or a container: no published Node action
    action, _, ref = reference.partition("@")
    if action not in NODE_24_SINCE:
        return (f"{reference}: {action} is not in NODE_24_SINCE (tests/test_workflows.py); add "
                f"the first major version of it that runs on Node 24, with the source")
    version = re.fullmatch(r"v(\d+)(?:\.\d+)*", ref)
    if version is None:
        return f"{reference}: not a version tag (vN, vN.N.N)"
    if int(version.group(1)) < NODE_24_SINCE[action]:
        return (f"{reference}: runs on Node 20; {action} runs on Node 24 from "
                f"v{NODE_24_SINCE[action]}")
    return None


# GitHub's schemas.


def test_the_files_are_found() -> None:
    """Guards the parametrized tests below against passing on an empty glob."""
    assert {path.name for path in WORKFLOWS} >= {"ci.yml", "handbook.yml", "release.yml"}
    assert DEPENDABOT.is_file()


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflow_matches_githubs_schema(workflow: Path) -> None:
    done = check_jsonschema("vendor.github-workflows", workflow)
    assert done.returncode == 0, done.stdout + done.stderr


def test_dependabot_matches_githubs_schema() -> None:
    done = check_jsonschema("vendor.dependabot", DEPENDABOT)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(("schema", "original", "old", "new", "reported"), [
    pytest.param("vendor.github-workflows", CI, "contents: read", "contents: maybe",
                 "'maybe' is not one of ['read', 'write', 'none']", id="permission"),
    pytest.param("vendor.github-workflows", CI, "runs-on: ubuntu-latest", "runs_on: ubuntu-latest",
                 "'runs-on' is a required property", id="runs-on"),
    pytest.param("vendor.dependabot", DEPENDABOT, "interval: weekly", "interval: fortnightly",
                 "'fortnightly' is not one of", id="interval"),
])
def test_the_schema_check_rejects_a_broken_file(
        tmp_path: Path, schema: str, original: Path, old: str, new: str, reported: str) -> None:
    """The check can fail: a copy with one mistake is refused, and the report names it."""
    text = original.read_text("utf-8")
    assert old in text
    broken = tmp_path / original.name
    broken.write_text(text.replace(old, new, 1), "utf-8")
    done = check_jsonschema(schema, broken)
    assert done.returncode == 1, done.stdout + done.stderr
    assert reported in done.stdout, done.stdout


# The actions' runtime.


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_actions_run_on_node_24(workflow: Path) -> None:
    references = uses(load(workflow))
    assert references, f"{workflow.name} uses no action: is the parsing above still right?"
    problems = [problem for reference in references
                if (problem := node_24_problem(reference)) is not None]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("reference", "problem"), [
    ("actions/checkout@v7", None),
    ("actions/checkout@v5.0.1", None),
    ("actions/checkout@v4", "runs on Node 20"),
    ("actions/download-artifact@v6", "runs on Node 20"),
    ("actions/checkout@main", "not a version tag"),
    ("someone/new-action@v9", "add the first major version"),
    ("pypa/gh-action-pypi-publish@release/v1", None),
    ("pypa/gh-action-pypi-publish@release/v0", "add the first major version"),
    ("./.github/actions/local", None),
])
def test_node_24_rule(reference: str, problem: str | None) -> None:
    """The rule can fail: an old major, a branch and an unknown action are each refused."""
    found = node_24_problem(reference)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found, found


def test_each_action_is_at_one_major_version() -> None:
    """ci.yml, release.yml and handbook.yml move together (Dependabot groups the actions)."""
    majors: defaultdict[str, set[str]] = defaultdict(set)
    for workflow in WORKFLOWS:
        for reference in uses(load(workflow)):
            action, _, ref = reference.partition("@")
            majors[action].add(ref.split(".")[0])
    assert {action: refs for action, refs in majors.items() if len(refs) > 1} == {}


# The Pythons CI tests.


def test_ci_tests_every_supported_python() -> None:
    """The test matrix is every Python from requires-python's floor up to the newest release;
    the lowest-versions job runs on the oldest and the newest-versions job on the newest."""
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    # One line, read with a regex: tomllib is Python 3.11+, and the suite runs on 3.10 too.
    requires = re.search(r'^requires-python\s*=\s*"([^"]*)"', pyproject, re.MULTILINE)
    assert requires is not None
    assert requires.group(1) == f">={OLDEST_PYTHON}"

    jobs = load(CI)["jobs"]
    oldest, newest = (int(version.split(".")[1]) for version in (OLDEST_PYTHON, NEWEST_PYTHON))
    expected = [f"3.{minor}" for minor in range(oldest, newest + 1)]
    assert jobs["tests"]["strategy"]["matrix"]["python"] == expected
    assert jobs["tests"]["container"] == "python:${{ matrix.python }}-trixie"
    assert jobs["tests"]["env"]["PYTHON"] == "python${{ matrix.python }}"
    for job, version in (("lowest", OLDEST_PYTHON), ("newest", NEWEST_PYTHON)):
        assert jobs[job]["container"] == f"python:{version}-trixie", job
        assert jobs[job]["env"]["PYTHON"] == f"python{version}", job
    # uv.lock must be installable on exactly the Pythons CI tests ([tool.uv]
    # required-environments), or a Python could get a release with no wheel for it.
    assert re.findall(r"python_version == '(3\.\d+)'", pyproject) == expected
