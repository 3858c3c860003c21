"""The repository's own example handbook: complete, valid and current.

It is checked against the real date on purpose: when the example goes stale, CI failing is the
product working, and the fix is to review the policy.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from ctohandbook import Handbook, Policy, load_project
from ctohandbook.cli import main
from ctohandbook.model import OwnersRegistry, PolicyException, load_handbook
from ctohandbook.model.kinds import KINDS

ROOT = Path(__file__).parent.parent

TOPICS = {
    "secure SDLC": "secure software development",
    "vulnerability management": "vulnerability management",
    "scanning coverage": "scanning coverage",
    "incident management": "incident management",
    "on-call": "on-call health",
    "operational readiness": "operational readiness",
    "SLOs and error budgets": "error budgets",
    "release governance": "release governance",
    "architecture review": "architecture review",
    "technology lifecycle": "technology lifecycle",
    "cloud cost": "cloud cost",
    "vendor risk": "third-party risk",
    "open source": "open-source",
    "AI coding tools": "ai coding tools",
    "data protection": "data protection",
    "access management": "access management",
}


@pytest.fixture(scope="module")
def example() -> Handbook:
    project = load_project(ROOT / "mkdocs.yml")
    return load_handbook([project.policies_path], max_file_size=project.settings.max_file_size,
                         base=ROOT, adrs_dir=project.adrs_path)


def test_example_lints_clean_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = CliRunner().invoke(main, ["lint", "--strict"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "Using mkdocs.yml\n"
    assert result.stdout.startswith("No problems in ")


def test_example_covers_what_a_cto_is_accountable_for(example: Handbook) -> None:
    active = [d.model for d in example.of_kind(Policy) if d.model.status == "active"]
    assert len(active) >= 12
    titles = [policy.title.lower() for policy in active]
    missing = [topic for topic, words in TOPICS.items()
               if not any(words in title for title in titles)]
    assert missing == []


def test_example_policies_are_substantial(example: Handbook) -> None:
    for doc in example.of_kind(Policy):
        policy = doc.model
        if policy.status == "retired":
            continue
        assert len(policy.requirements) >= 4, policy.id
        assert policy.exceptions is not None and len(policy.exceptions.process or "") > 200
        assert any(req.rationale for req in policy.requirements), policy.id
    controls = {c.split(":")[0] for d in example.of_kind(Policy)
                for req in d.model.requirements for c in req.controls}
    assert {"SOC2", "ISO27001"} <= controls


def test_example_owners_and_exceptions(example: Handbook) -> None:
    [registry] = example.of_kind(OwnersRegistry)
    assert {"ceo", "cto", "cfo", "ciso", "security", "vp-engineering", "platform", "data",
            "architecture-council", "legal", "procurement"} <= set(registry.model.owners)
    assert len(list(example.of_kind(PolicyException))) >= 2


def test_example_files_validate_against_the_published_schemas() -> None:
    import yaml

    schemas = {kind: json.loads(CliRunner().invoke(main, ["schema", kind]).output)
               for kind in KINDS}
    files = sorted((ROOT / "policies").rglob("*.yml"))
    assert len(files) >= 15
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schemas[data["kind"]])


def test_readme_commands_exist() -> None:
    """Every script the README names exists and runs, and every script is documented there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "./scripts/handbook" in readme and "./scripts/test" in readme
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("./scripts/test")
    named = set(re.findall(r"\./scripts/([\w-]+)", readme))
    scripts = {path.name for path in (ROOT / "scripts").iterdir() if os.access(path, os.X_OK)}
    assert named == scripts
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
