"""A validated model together with the YAML it was read from, so rules can point into the file."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel

from ..diagnostic import Position
from ..sources import YamlDocument

M = TypeVar("M", bound=BaseModel, covariant=True)


@dataclass(frozen=True)
class Document(Generic[M]):
    """One governance file: its typed content and its source positions."""

    model: M
    source: YamlDocument

    @property
    def path(self) -> str:
        """The path findings in this document are reported under."""
        return self.source.display

    def at(self, *path: Hashable) -> Position:
        """Where the value at ``path`` (keys and list indexes) was written: the value itself for
        a scalar, the key for a collection, the nearest enclosing mapping for a missing field."""
        return self.source.value_position(*path)
