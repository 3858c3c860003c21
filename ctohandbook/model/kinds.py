"""The document kinds of schema v1: one entry per kind, which every stage looks its kind up in.

The loader dispatches on `Kind.name` (the ``kind:`` key), ``ctohandbook schema`` prints each
model's schema, ``ctohandbook new`` writes `Kind.skeleton`, `compare` judges changes by
`Kind.material`, the views put each governed document's page in `Kind.folder` and the renderer
lays it out with `Kind.template`. Adding a kind is a model module, an entry here and, for a
governed kind, a page template; ``tests/test_kinds.py`` proves each entry complete.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from . import placeholders
from .decision_rights import DecisionRights
from .exception import PolicyException
from .governed import Governed
from .owners import OwnersRegistry
from .policy import Policy
from .runbook import RunbookStandard


@dataclass(frozen=True)
class Kind:
    """What ctohandbook knows of one kind of document besides its model."""

    name: str
    """The value of the ``kind:`` key: ``policy``."""
    model: type[BaseModel]
    noun: str
    """How messages, the review calendar and the changes page name a document of the kind."""
    material: frozenset[str] = frozenset()
    """Top-level fields whose change is material: what is required, of whom, who answers for
    it, whether it is in force, how to be let off it. Any other change is editorial."""
    folder: str | None = None
    """Governed kinds: where their pages go, below the pages folder."""
    template: str | None = None
    """Governed kinds: the template of their page (a ``templates_dir`` may override it)."""
    prefix: str | None = None
    """The id prefix ``ctohandbook new`` gives, when the kind has one (a policy's names its
    area, which the author gives)."""
    skeleton: str | None = None
    """What ``ctohandbook new`` writes, as a `str.format` template (see `repo.scaffold`): for a
    governed kind, the fields after the header every governed document shares; ``None`` for a
    kind ``new`` does not make. Its text for people to replace comes from `model.placeholders`,
    where CTH801 finds it too."""

    @property
    def governed(self) -> bool:
        """Whether documents of the kind are governed (owned, reviewed, versioned)."""
        return issubclass(self.model, Governed)


_GOVERNED_MATERIAL = frozenset({"status", "owner", "exceptions"})
"""Material in every governed kind: whether it is in force, who answers for it, how to be let
off it."""

DOCUMENT_KINDS: tuple[Kind, ...] = (
    Kind("decision-rights", DecisionRights, "decision rights",
         _GOVERNED_MATERIAL | {"roles", "decisions"}, "decision-rights", "decision-rights.md.j2",
         "DR", f"""\
roles: [{{owner}}]
decisions:
  - id: D1
    area: General
    decision: {placeholders.DECISION}
    raci:
      {{owner}}: A/R
"""),
    Kind("exception", PolicyException, "exception",
         frozenset({"status", "policy", "requirements", "scope", "expires", "approved_by",
                    "granted"}),
         skeleton=f"""\
kind: exception
id: {{id}}
status: requested
policy: {{policy}}
requirements: []
scope: {{scope}}
requested_by: {{requester}}
expires: {{expires}}
reason: |
  {placeholders.REASON}
compensating_controls: |
  {placeholders.COMPENSATING_CONTROLS}
remediation_plan: |
  {placeholders.REMEDIATION_PLAN}
"""),
    Kind("owners", OwnersRegistry, "owners registry"),
    Kind("policy", Policy, "policy", _GOVERNED_MATERIAL | {"scope", "requirements"},
         "policies", "policy.md.j2", skeleton=f"""\
scope: |
  {placeholders.SCOPE}
requirements:
  - id: R1
    level: must
    text: {placeholders.REQUIREMENT}
    rationale: |
      {placeholders.RATIONALE}
"""),
    Kind("runbook-standard", RunbookStandard, "runbook standard",
         _GOVERNED_MATERIAL | {"requirements", "applies_to", "required_metadata",
                               "required_sections", "last_tested_within"},
         "runbook-standards", "runbook-standard.md.j2", "RBS", """\
applies_to: ["runbooks/**/*.md"]
required_metadata: [service, owner, severity, last_tested]
required_sections: [Summary, Detection, Mitigation, Rollback, Escalation]
last_tested_within: 180 days
"""),
)
"""Every kind, by name."""

KINDS: dict[str, type[BaseModel]] = {kind.name: kind.model for kind in DOCUMENT_KINDS}
"""Model class of each kind by name: what ``ctohandbook schema KIND`` and the loader use."""

_BY_MODEL = {kind.model: kind for kind in DOCUMENT_KINDS}
_BY_NAME = {kind.name: kind for kind in DOCUMENT_KINDS}


def kind_named(name: str) -> Kind:
    """The kind whose ``kind:`` value is ``name`` (one of `KINDS`)."""
    return _BY_NAME[name]


def kind_of(model: BaseModel | type[BaseModel]) -> Kind:
    """The kind of a document model (or model class)."""
    return _BY_MODEL[model if isinstance(model, type) else type(model)]
