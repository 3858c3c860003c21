"""The garbage-collector pause: collector state restored, survivors promoted, freezes kept;
taken by the command line and the MkDocs plugin around their work, and by nothing else."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import PluginError

from ctohandbook import cli
from ctohandbook.cli import main
from ctohandbook.gcpause import without_cyclic_gc
from ctohandbook.lint import LintResult, lint_project
from ctohandbook.mkdocs_plugin import plugin

from .conftest import EPOCH_2026_11_21
from .test_plugin import _config


@pytest.fixture
def collector() -> Iterator[None]:
    """Leave the collector as the test found it."""
    enabled = gc.isenabled()
    gc.enable()
    yield
    gc.unfreeze()
    if not enabled:
        gc.disable()


def test_pauses_and_restores_the_collector(collector: None) -> None:
    with without_cyclic_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    with without_cyclic_gc():
        pass
    assert not gc.isenabled()


def test_kept_objects_go_straight_to_the_oldest_generation(collector: None) -> None:
    collections: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(note)
    try:
        with without_cyclic_gc():
            kept = [[index] for index in range(1000)]
        unrelated = [[index] for index in range(10)]  # would trigger the overdue collection
    finally:
        gc.callbacks.remove(note)
    assert collections == []
    assert unrelated
    oldest = {id(item) for item in gc.get_objects(generation=2)}
    assert all(id(item) in oldest for item in kept)


def test_objects_frozen_by_the_program_stay_frozen(collector: None) -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    with without_cyclic_gc():
        kept = [[index] for index in range(100)]
    assert gc.get_freeze_count() == frozen
    assert kept


@pytest.mark.parametrize("enabled", [True, False], ids=["enabled", "disabled"])
@pytest.mark.parametrize(("args", "code"), [
    (("lint", "--today", "2026-11-21"), 0),
    (("lint", "--today", "2027-06-07"), 1),
    (("lint", "-f", "nope.yml"), 2),
    (("render", "--out", "docs"), 3),
], ids=["clean", "findings", "configuration-error", "refused"])
def test_a_command_run_in_process_leaves_the_collector_as_it_was(
        handbook_dir: Path, collector: None, enabled: bool, args: tuple[str, ...],
        code: int) -> None:
    if not enabled:
        gc.disable()
    assert CliRunner().invoke(main, list(args)).exit_code == code
    assert gc.isenabled() is enabled


def _note_pause_when_linting(adapter: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the collector was paused each time ``adapter`` linted, filled in as it does."""
    paused: list[bool] = []

    def linting(*args: Any, **kwargs: Any) -> LintResult:
        paused.append(not gc.isenabled())
        return lint_project(*args, **kwargs)

    monkeypatch.setattr(adapter, "lint_project", linting)
    return paused


def test_a_command_runs_with_the_collector_paused(handbook_dir: Path, collector: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    paused = _note_pause_when_linting(cli, monkeypatch)
    assert CliRunner().invoke(main, ["lint", "--today", "2026-11-21"]).exit_code == 0
    assert paused == [True]
    assert gc.isenabled()


STOPPED = "ctohandbook: the handbook has findings that fail `fail_on: error`"


@pytest.mark.parametrize("enabled", [True, False], ids=["enabled", "disabled"])
@pytest.mark.parametrize(("epoch", "outcome"), [
    (EPOCH_2026_11_21, nullcontext()),
    ("1812326400", pytest.raises(PluginError, match=f"^{re.escape(STOPPED)}$")),  # 2027-06-07
], ids=["clean", "findings-stop-the-build"])
def test_the_plugin_pauses_the_collector_and_restores_it(
        handbook_dir: Path, collector: None, monkeypatch: pytest.MonkeyPatch, enabled: bool,
        epoch: str, outcome: AbstractContextManager[object]) -> None:
    paused = _note_pause_when_linting(plugin, monkeypatch)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    if not enabled:
        gc.disable()
    with outcome:
        plugin.HandbookPlugin().on_config(_config(handbook_dir))
    assert paused == [True]
    assert gc.isenabled() is enabled
