"""JSON Schema helpers: what editors should treat as required beyond what the model enforces.

Governance fields such as ``owner`` are optional in the models so that a policy without an owner
is still read, indexed and checked (and reported once, as CTH201, with a precise hint); the JSON
Schema still marks them required so that editors flag the omission while people type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

JsonSchemaExtra = Callable[[dict[str, Any]], None]


def also_required(*fields: str) -> JsonSchemaExtra:
    """A ``json_schema_extra`` hook adding ``fields`` to the schema's ``required`` list."""

    def extend(schema: dict[str, Any]) -> None:
        schema["required"] = [*schema.get("required", []), *fields]

    return extend


def required_in_force(*fields: str) -> JsonSchemaExtra:
    """Like `also_required`, but only for documents whose ``status`` is not ``retired``: the
    governance rules exempt retired documents, and editors should agree with the linter."""

    def extend(schema: dict[str, Any]) -> None:
        schema["if"] = {"properties": {"status": {"not": {"const": "retired"}}}}
        schema["then"] = {"required": list(fields)}

    return extend
