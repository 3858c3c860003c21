"""The file system and git: finding governance files inside the repository boundary (links out
of it are reported, never followed), reading them (bytes to text with checks, YAML and Markdown
with exact positions), the files of a git revision and the history of each file, and the
atomic writes every writer uses. Above `sources/`, only `repo/` touches files, for the files it
keeps in the repository (`tests/test_architecture.py`)."""

from __future__ import annotations

from .files import SourceFile, discover, read_source
from .yamlfile import YamlDocument, parse_yaml

__all__ = ["SourceFile", "YamlDocument", "discover", "parse_yaml", "read_source"]
