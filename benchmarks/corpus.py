"""A generated handbook of N valid, cross-referencing policies, for the benchmarks."""

from __future__ import annotations

from pathlib import Path

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

def generate(root: Path, count: int) -> None:
    """Write the owners registry and ``count`` valid, cross-referencing policies."""
    folder = root / "policies"
    folder.mkdir(parents=True)
    (folder / "owners.yml").write_text(OWNERS)
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


