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

TARGET_RATIO = 1.5
TARGET_PEAK_MB = 500

OWNERS = """kind: owners
owners:
  cto: {name: Chief Technology Officer, type: role, github: "@acme/cto"}
  ciso: {name: Chief Information Security Officer, type: role}
  security: {name: Security Engineering, type: team, github: "@acme/security"}
"""

POLICY = """kind: policy
id: {id}
title: Generated policy number {n}
version: 2.1.0
status: active
owner: security
approvers: [cto]
effective: 2026-02-01
review:
  last_reviewed: 2026-06-01
  reviewed_by: cto
  every: 12 months
exceptions:
  process: |
    Open an exception request in the handbook repository with the scope, the reason, the
    compensating controls, a remediation plan and the requested expiry. Security reviews
    requests within five business days and the CISO decides.
  approver: ciso
  max_duration: 90 days
tags: [security, generated]
related: {{policies: [{related}]}}
changelog:
  - {{version: 2.1.0, date: 2026-06-01, summary: Critical remediation SLA tightened to 15 days.}}
  - {{version: 2.0.0, date: 2025-06-01, summary: Scope extended to container images.}}
summary: |
  Generated policy {n} keeps known vulnerabilities from lingering in production by setting
  remediation deadlines that match the risk each severity carries.
scope: Every production service, its dependencies, images and infrastructure.
requirements:
{requirements}"""

REQUIREMENT = """  - id: R{r}
    level: {level}
    text: Findings of severity {r} are remediated within {days} days of detection.
    rationale: Deadlines turn patching into planned work that can be measured.
    controls: [SOC2:CC7.1, ISO27001:A.8.8]
"""

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


def generate(root: Path, count: int) -> None:
    """Write the owners registry and ``count`` valid, cross-referencing policies."""
    folder = root / "policies"
    folder.mkdir(parents=True)
    (folder / "owners.yml").write_text(OWNERS)
    (root / "mkdocs.yml").write_text("site_name: bench\nplugins:\n  - ctohandbook:\n"
                                     "      today: 2026-11-21\n")
    for n in range(count):
        requirements = "".join(
            REQUIREMENT.format(r=r, level=("must", "should", "may")[r % 3], days=15 * r)
            for r in range(1, 7))
        text = POLICY.format(id=f"GEN{n // 10000}-{n % 10000}", n=n,
                             related=f"GEN{(n + 1) % count // 10000}-{(n + 1) % count % 10000}",
                             requirements=requirements)
        sub = folder / f"{n // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"policy-{n:05d}.yml").write_text(text)


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
