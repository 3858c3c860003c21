"""``mkdocs build`` with the plugin reports the same findings as ``ctohandbook lint``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from ctohandbook.cli import main

SEC2 = "policies/security/sec-002-vulnerability-management.yml"
EPOCH_2026_11_21 = "1795219200"


def build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH_2026_11_21,
                   "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(root.parent / "site"), *args],
        cwd=root, capture_output=True, text=True, env=environment, check=False)


def test_clean_handbook_builds(handbook_dir: Path) -> None:
    done = build(handbook_dir, "--strict")
    assert done.returncode == 0, done.stderr
    assert "ctohandbook" not in done.stderr
    assert (handbook_dir.parent / "site" / "index.html").is_file()


def test_build_and_lint_report_the_same_findings(handbook_dir: Path) -> None:
    path = handbook_dir / SEC2
    text = path.read_text().replace("owner: security", "owner: securty")
    path.write_text(text.replace("next_review: 2027-03-01", "next_review: 2026-12-01"))
    done = build(handbook_dir)
    assert done.returncode == 1
    logged = [line.split("ctohandbook: ", 1)[1]
              for line in done.stderr.splitlines() if "CTH" in line]
    report = json.loads(CliRunner().invoke(
        main, ["lint", "--today", "2026-11-21", "--format", "json"]).output)
    assert logged == [f"{d['path']}:{d['line']}:{d['column']}: {d['code']} {d['message']} "
                      f"({d['hint']})" for d in report["diagnostics"]]
    assert [line.split(" ", 2)[:2] for line in logged] == [
        [f"{SEC2}:6:8:", "CTH304"], [f"{SEC2}:9:16:", "CTH206"]]
    assert "ERROR   -  ctohandbook: the handbook has findings that fail `fail_on: error`" in (
        done.stderr)


def test_warnings_fail_a_strict_build(handbook_dir: Path) -> None:
    path = handbook_dir / SEC2
    path.write_text(path.read_text().replace("next_review: 2027-03-01",
                                             "next_review: 2026-12-01"))
    assert build(handbook_dir).returncode == 0
    strict = build(handbook_dir, "--strict")
    assert strict.returncode == 1
    assert (f"WARNING -  ctohandbook: {SEC2}:9:16: CTH206 SEC-002 review is due on 2026-12-01, "
            "in 10 days (owner: security) (schedule the review with the owner)") in strict.stderr


def test_wrong_plugin_option_is_a_configuration_error(handbook_dir: Path) -> None:
    (handbook_dir / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - ctohandbook:\n      warn_days: soon\n")
    done = build(handbook_dir)
    assert done.returncode == 1
    assert ("ctohandbook: mkdocs.yml:4:18: `warn_days` is text; it must be an integer (write an "
            "integer here)") in done.stderr
    assert "Traceback" not in done.stderr
