"""Every document kind's registry entry is complete, so a new kind cannot fail at render time.

A kind is one model module, one entry in `model.kinds.DOCUMENT_KINDS` and, when governed, one
page template: these tests walk the registry, so an entry missing any of them fails here.
"""

from __future__ import annotations

from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from ctohandbook.model.handbook import Handbook
from ctohandbook.model.kinds import DOCUMENT_KINDS, KINDS, Kind, kind_named, kind_of
from ctohandbook.repo.scaffold import KINDS as NEW_KINDS
from ctohandbook.repo.scaffold import Request, scaffold

TEMPLATES = files("ctohandbook.render") / "templates"


@pytest.mark.parametrize("kind", DOCUMENT_KINDS, ids=lambda kind: kind.name)
def test_the_entry_names_its_model_and_its_kind_key(kind: Kind) -> None:
    assert kind.model.model_validate  # a pydantic model, whose `kind:` accepts only its name:
    assert str(kind.model.model_json_schema()["properties"]["kind"]["const"]) == kind.name
    assert kind_of(kind.model) is kind_named(kind.name) is kind
    assert kind.noun


@pytest.mark.parametrize("kind", DOCUMENT_KINDS, ids=lambda kind: kind.name)
def test_material_fields_are_fields_of_the_model(kind: Kind) -> None:
    assert kind.material <= set(kind.model.model_fields)


@pytest.mark.parametrize("kind", [kind for kind in DOCUMENT_KINDS if kind.governed],
                         ids=lambda kind: kind.name)
def test_a_governed_kind_has_a_page_folder_a_template_and_a_skeleton(kind: Kind) -> None:
    assert kind.folder and kind.folder not in {other.folder for other in DOCUMENT_KINDS
                                               if other is not kind}
    assert kind.template and (TEMPLATES / kind.template).is_file()
    assert kind.skeleton is not None


@pytest.mark.parametrize("name", [name for name in NEW_KINDS if name != "adr"])
def test_every_skeleton_is_a_valid_document(name: str) -> None:
    """What ``ctohandbook new`` writes validates as its kind's model (``new`` itself, an
    exception's lookup of the waived policy included, is tested in test_new.py)."""
    kind = kind_named(name)
    if kind.governed:
        request = Request(name, "A title", date(2026, 1, 1), "cto",
                          None if kind.prefix else "SEC")
        text = scaffold(request, Handbook(), Path("policies"), Path("adrs")).text
    else:
        text = str(kind.skeleton).format(
            id="EXC-2026-001", policy="SEC-001", scope="x", requester="cto", approver="cto",
            granted="2026-01-01", expires="2026-02-01")
    assert isinstance(kind.model.model_validate(yaml.safe_load(text)), kind.model)


def test_new_makes_an_adr_and_every_kind_with_a_skeleton() -> None:
    assert ("adr", *sorted(k.name for k in DOCUMENT_KINDS if k.skeleton)) == NEW_KINDS


def test_the_loader_and_the_schema_command_dispatch_on_the_registry() -> None:
    assert {kind.name: kind.model for kind in DOCUMENT_KINDS} == KINDS
