"""The code stays typed and clean: mypy --strict and ruff run as part of the suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # mypy and ruff over the whole package.

ROOT = Path(__file__).parent.parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True,
                          text=True, check=False)


def test_mypy_strict() -> None:
    done = _run("mypy")
    assert done.returncode == 0, done.stdout


def test_ruff() -> None:
    done = _run("ruff", "check", "ctohandbook", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout
