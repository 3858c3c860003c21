"""The only code that reads files: bytes to text with checks, YAML to values with positions."""

from __future__ import annotations

from .files import SourceFile, discover, read_source
from .yamlfile import YamlDocument, parse_yaml

__all__ = ["SourceFile", "YamlDocument", "discover", "parse_yaml", "read_source"]
