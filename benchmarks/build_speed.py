"""Benchmark: `mkdocs build` with the plugin against a plain build of what it renders.

Targets (issue 3): with the plugin, a 1,000-policy handbook builds within 1.10x the time of a
plain MkDocs build of the Markdown `ctohandbook render` writes for it (the plugin's own cost
under 10%), and 5,000 policies cost at most 6x the time of 1,000 (no quadratic growth).

    .venv-test/bin/python benchmarks/build_speed.py [--sizes 1000 5000] [--repeat 5]

The plain build gets the same pages, theme and navigation (per-policy pages kept out of the
sidebar with `not_in_nav`), so the difference is the plugin's own work: reading, checking and
rendering the governance. Each tree is built once first, untimed, so that files are in the OS
cache and ctohandbook's modules are compiled to bytecode like any installed package's (the
builds run without ``PYTHONDONTWRITEBYTECODE``). The two builds then alternate ``--repeat``
times and the best of each counts; the targets are judged on CPU time (user + system), which
other load on the machine disturbs less than wall time.

The plugin's own work is also timed alone, in a fresh process per run (importing ctohandbook,
reading and checking, publishing the pages, feeds and export): the breakdown to look at when
the ratio moves.
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import generate

TARGET_PLUGIN_RATIO = 1.10
TARGET_GROWTH = 6.0

THEME = """theme:
  name: material
  features: [navigation.sections, navigation.indexes]
"""
WITH_PLUGIN = "site_name: bench\n" + THEME + """plugins:
  - search
  - ctohandbook:
      today: 2026-11-21
"""
PLAIN = "site_name: bench\n" + THEME + """plugins:
  - search
extra_css: [assets/ctohandbook.css]
not_in_nav: |
  /governance/policies/*.md
  !/governance/policies/index.md
"""


def build(root: Path) -> tuple[float, float, int]:
    """Wall time and CPU time (user + system) of one ``mkdocs build`` in ``root``, and the peak
    RSS (MB) of the largest child so far."""
    environment = {key: value for key, value in os.environ.items()
                   if key != "PYTHONDONTWRITEBYTECODE"} | {"NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "site")],
                   cwd=root, env=environment, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss // 1024


OWN_WORK = """
import sys, time
import mkdocs.commands.build, mkdocs.plugins  # what a build has imported before the plugin
start = time.process_time()
from ctohandbook.gcpause import without_cyclic_gc
from ctohandbook.lint import lint_project
from ctohandbook.outputs.site import Site, publish
from ctohandbook.project.loaders import handbook_history
from ctohandbook.project.settings import load_project, resolve_today
from pathlib import Path
imported = time.process_time()
with without_cyclic_gc():  # as the plugin runs its work
    project = load_project(Path("mkdocs.yml"))
    result = lint_project(project, resolve_today(None, project.settings))
    linted = time.process_time()
    publish(project, result, Site(), handbook_history(project, result.handbook))
print(imported - start, linted - imported, time.process_time() - linted)
"""


def own_work(root: Path, repeat: int) -> tuple[float, ...]:
    """The best CPU times (s) of the plugin's steps on the handbook in ``root``: importing
    ctohandbook, reading and checking, publishing (pages, calendar, changes feed, export)."""
    runs = [tuple(map(float, subprocess.run(
        [sys.executable, "-c", OWN_WORK], cwd=root, check=True, capture_output=True,
        text=True).stdout.split())) for _ in range(repeat)]
    return tuple(map(min, zip(*runs, strict=True)))


def prepare(root: Path, count: int) -> tuple[Path, Path]:
    """A handbook of ``count`` policies with the plugin, and the plain copy of its pages."""
    plugin, plain = root / "plugin", root / "plain"
    generate(plugin, count)
    (plugin / "docs").mkdir()
    (plugin / "docs" / "index.md").write_text("# Bench handbook\n")
    (plugin / "mkdocs.yml").write_text(WITH_PLUGIN)
    subprocess.run([sys.executable, "-m", "ctohandbook", "render", "-f", "mkdocs.yml",
                    "--out", str(plain / "docs")], cwd=plugin, check=True,
                   stdout=subprocess.DEVNULL)
    (plain / "docs" / "index.md").write_text("# Bench handbook\n")
    css = Path(__file__).parent.parent / "ctohandbook" / "render" / "assets" / "ctohandbook.css"
    (plain / "docs" / "assets").mkdir()
    (plain / "docs" / "assets" / "ctohandbook.css").write_text(css.read_text())
    (plain / "mkdocs.yml").write_text(PLAIN)
    return plugin, plain


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results: dict[int, tuple[float, float]] = {}
    for count in args.sizes:
        with tempfile.TemporaryDirectory(prefix="ctohandbook-build-") as tmp:
            plugin, plain = prepare(Path(tmp), count)
            runs: dict[Path, list[tuple[float, float]]] = {plain: [], plugin: []}
            for root in (plain, plugin):
                build(root)  # warm-up: OS file cache, bytecode
            for _ in range(args.repeat):  # interleaved, so drifting load hits both alike
                for root in (plain, plugin):
                    wall, cpu, peak = build(root)
                    runs[root].append((wall, cpu))
            imported, linted, published = own_work(plugin, args.repeat)
        (plain_wall, plain_cpu), (plugin_wall, plugin_cpu) = (
            tuple(map(min, zip(*runs[plain], strict=True))),
            tuple(map(min, zip(*runs[plugin], strict=True))))
        results[count] = (plain_cpu, plugin_cpu)
        print(f"{count:>6,} policies: plain build {plain_wall:5.1f} s wall, {plain_cpu:5.1f} s CPU;"
              f" with the plugin {plugin_wall:5.1f} s wall, {plugin_cpu:5.1f} s CPU "
              f"({plugin_cpu / plain_cpu:.2f}x CPU, {plugin_wall / plain_wall:.2f}x wall; target "
              f"<= {TARGET_PLUGIN_RATIO}x); peak RSS so far {peak} MB")
        print(f"        the plugin's own work alone: {imported + linted + published:.2f} s CPU "
              f"(import {imported:.2f}, read and check {linted:.2f}, publish {published:.2f})")
    small, large = args.sizes
    growth = results[large][1] / results[small][1]
    print(f"{large:,} / {small:,} policies with the plugin: {growth:.2f}x CPU "
          f"(target <= {TARGET_GROWTH}x)")
    ratio = results[small][1] / results[small][0]
    return 0 if ratio <= TARGET_PLUGIN_RATIO and growth <= TARGET_GROWTH else 1


if __name__ == "__main__":
    sys.exit(main())
