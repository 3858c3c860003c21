"""Pausing the cyclic garbage collector around work that allocates many acyclic objects.

Reading a handbook and rendering its pages allocate millions of objects (YAML nodes, values,
models, strings) that reference counting frees or that are kept. With the collector running,
each allocation burst triggers collections that rescan every object kept so far, which makes
large handbooks quadratic (``ctohandbook lint`` of 10,000 policies, best runs of
`benchmarks/lint_speed.py` on a busy two-CPU machine: 8.7 s with the collector, 6.9 s without).

Only the adapters use it, once at their entry (`ctohandbook.cli.HandbookCommand`, the MkDocs
plugin's ``on_config``): the collector is the process's, which the core leaves alone.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` block (reference counting goes on).

    What the block kept is then moved straight to the oldest generation (`gc.freeze` then
    `gc.unfreeze`, two list splices), instead of being scanned once more by the young
    generations' collections the pause has made due: 70 ms for 1,000 policies, to no end, as
    those objects are kept or freed by reference counting. Cycles among them are still found,
    by the next full collection. Skipped when the program has frozen objects of its own (a
    server that freezes before forking), which unfreezing would release.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()
