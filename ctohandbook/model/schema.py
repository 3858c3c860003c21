"""JSON Schema: what editors should treat as required beyond what the models enforce.

Governance fields such as ``owner`` are optional in the models so that a policy without an owner
is still read, indexed and checked (and reported once, as CTH201, with a precise hint). The JSON
Schema still requires them of documents in force, so that editors flag the omission while
people type, and agree with the linter, which exempts retired documents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

JsonSchemaExtra = Callable[[dict[str, Any]], None]


def required_in_force(fields: dict[str, list[str]]) -> JsonSchemaExtra:
    """A ``json_schema_extra`` hook: unless ``status`` is ``retired``, each key of ``fields`` is
    required, and so are the sub-fields listed for it."""

    def extend(schema: dict[str, Any]) -> None:
        schema["if"] = {"properties": {"status": {"not": {"const": "retired"}}}}
        schema["then"] = {
            "required": list(fields),
            "properties": {name: {"required": inner} for name, inner in fields.items() if inner},
        }

    return extend
