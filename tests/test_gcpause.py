"""The garbage-collector pause: collector state restored, survivors promoted, freezes kept."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ctohandbook.gcpause import without_cyclic_gc


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
