"""Benchmark: `ctohandbook lint` on N generated policies against PyYAML's C loader alone.

Target (issue 2): lint within 1.5x the time `yaml.load(..., Loader=yaml.CSafeLoader)` needs to
read and parse the same files, and peak memory under 500 MB, for 10,000 policies.

    .venv-test/bin/python benchmarks/lint_speed.py [--policies 10000] [--repeat 3]

Both sides run as fresh processes (interpreter start-up included) and the best of ``--repeat``
runs counts. Prints one line per measurement and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import generate

TARGET_RATIO = 1.5
TARGET_PEAK_MB = 500

BASELINE = """
import sys, yaml
from pathlib import Path
files = sorted(Path(sys.argv[1]).rglob("*.yml"))
for path in files:
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""

MEASURED = """
import resource, runpy, sys
sys.argv = sys.argv[1:]
try:
    if sys.argv[0].endswith(".py"):
        runpy.run_path(sys.argv[0], run_name="__main__")
    else:
        runpy.run_module(sys.argv[0], run_name="__main__")
except SystemExit:
    pass
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr)
"""


def measure(command: list[str], repeat: int) -> tuple[float, int]:
    """Best wall time in seconds and the peak RSS (MB) the measured process reported."""
    best, peak = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", MEASURED, *command],
                              capture_output=True, text=True, check=False)
        best = min(best, time.perf_counter() - start)
        peak = max(peak, int(done.stderr.strip().splitlines()[-1]))
    return best, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ctohandbook-bench-") as tmp:
        root = Path(tmp)
        generate(root, args.policies)
        (root / "mkdocs.yml").write_text("site_name: bench\nplugins:\n  - ctohandbook:\n"
                                         "      today: 2026-11-21\n")
        size = sum(p.stat().st_size for p in root.rglob("*.yml")) / 1e6
        print(f"{args.policies:,} policies, {size:.1f} MB of YAML")
        baseline = root / "baseline.py"
        baseline.write_text(BASELINE)
        parse_s, parse_mb = measure([str(baseline), str(root / "policies")], args.repeat)
        lint_s, lint_mb = measure(["ctohandbook", "lint", "-f", str(root / "mkdocs.yml"),
                                   "--format", "json"], args.repeat)
    ratio = lint_s / parse_s
    print(f"yaml.CSafeLoader parse only : {parse_s:6.2f} s  (peak RSS {parse_mb} MB)")
    print(f"ctohandbook lint            : {lint_s:6.2f} s  ({ratio:.2f}x, target <= "
          f"{TARGET_RATIO}x)")
    print(f"ctohandbook lint peak RSS   : {lint_mb:6d} MB (target < {TARGET_PEAK_MB} MB)")
    return 0 if ratio <= TARGET_RATIO and lint_mb < TARGET_PEAK_MB else 1


if __name__ == "__main__":
    sys.exit(main())
