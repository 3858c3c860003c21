"""YAML text to plain values, with every value's position available on demand.

PyYAML's composer (the C one when libyaml is there) builds the node graph; this module turns nodes
into dicts, lists and scalars itself instead of using PyYAML's constructor, because the constructor
silently accepts duplicate keys, constructs arbitrary tags and loses positions.

Positions are looked up lazily (see `YamlDocument`), so reading costs no more than parsing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from ..diagnostic import START, Diagnostic, Position, Rule, shorten
from ..rules import reading
from .files import SourceFile, byte_position, end_position

MAX_NODES = 500_000
"""How many values (after alias expansion) one document may hold: a bound on memory."""

MAX_DEPTH = 64
"""How deeply collections may nest: governance documents need fewer than ten levels."""

_T = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = _T + "str", _T + "map", _T + "seq", _T + "merge"
_SCALAR_TAGS = {_T + name: getattr(SafeConstructor, "construct_yaml_" + name)
                for name in ("int", "float", "bool", "null", "timestamp")}
_TYPE_NAMES = {_T + "int": "an integer", _T + "float": "a number", _T + "bool": "a boolean",
               _T + "null": "null (empty)", _T + "timestamp": "a date"}


class _Resolver:
    """YAML 1.1 tag resolution as PyYAML's `SafeLoader` does it, minus path resolvers (which
    `SafeLoader` never has): the composer, libyaml's too, calls `resolve` back in Python for
    every node, and PyYAML's general version is about 15% of the time spent composing."""

    _implicit: ClassVar[dict[str, tuple[tuple[str, re.Pattern[str]], ...]]] = {
        first: tuple(resolvers)
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    """The implicit resolvers by the first character they apply to (``""``: the empty value)."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:  # plain (unquoted): its form decides, e.g. `no` is a boolean
                for tag, pattern in self._implicit.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: yaml.Node | None, current_index: object) -> None:
        """Nothing to track without path resolvers."""

    def ascend_resolver(self) -> None:
        """Nothing to track without path resolvers."""


class PythonLoader(_Resolver, yaml.SafeLoader):
    """PyYAML's pure-Python parser: the fallback, and the reference the tests compare with."""


Loader: type[yaml.SafeLoader | yaml.CSafeLoader] = PythonLoader
"""libyaml's parser when PyYAML was built with it, otherwise the pure-Python one."""

if hasattr(yaml, "CSafeLoader"):
    class LibyamlLoader(_Resolver, yaml.CSafeLoader):
        """libyaml's parser: about ten times faster than the pure-Python one."""

    Loader = LibyamlLoader


@dataclass(frozen=True)
class Scalar:
    """A scalar as written, and what YAML read it as.

    Kept so that a type error can quote what the author wrote: ``owner: no`` is ``False`` to YAML
    1.1, and the fix is to quote it.
    """

    text: str
    type_name: str | None
    """``None`` for text; otherwise what YAML read instead, such as "a boolean"."""
    position: Position


class _Refused(Exception):
    """Raised to abandon a document that cannot be read safely: too deep, expanding too far,
    holding what is not text."""

    def __init__(self, rule: Rule, where: Position | None, reason: str) -> None:
        super().__init__(reason)
        self.rule = rule
        self.where = where  # None: the document as a whole (aliases expand from anywhere)
        self.reason = reason


TagHandler = Callable[[Any], Any]
"""Turns the plain value of a locally tagged node into the value it stands for."""


class _Mark(Protocol):
    """A position in the text, as PyYAML and libyaml report them (0-based)."""

    line: int
    column: int


def _position(mark: _Mark | None) -> Position:
    return START if mark is None else Position(mark.line + 1, mark.column + 1)


class _Builder:
    """Turns a node graph into plain values, reporting what YAML lets pass silently."""

    _constructor: ClassVar[SafeConstructor] = SafeConstructor()

    def __init__(self, display: str, tags: Mapping[str, TagHandler]) -> None:
        self.display = display
        self.tags = tags
        self.findings: list[Diagnostic] = []
        self.budget = MAX_NODES

    def value(self, node: yaml.Node, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _Refused(reading.TOO_COMPLEX, None,
                           f"the document expands to more than {MAX_NODES:,} values")
        if depth >= MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
            raise _too_deep(node.start_mark)  # the root is at depth 0: this is level 65
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag == _STR:
                return self.text(node)
            construct = _SCALAR_TAGS.get(tag)
            if construct is not None:
                try:
                    return construct(self._constructor, node)
                except (ValueError, ConstructorError):
                    return self.text(node)  # e.g. 2026-02-30: text, for the schema to reject
            plain: Any = self.text(node)
        elif isinstance(node, yaml.MappingNode):
            plain = self.mapping(node, depth)
            if tag == _MAP:
                return plain
        else:
            plain = [self.value(item, depth + 1) for item in node.value]
            if tag == _SEQ:
                return plain
        # A foreign tag, or a standard one on the wrong kind of node (`!!map 0`, `!!str [a]`):
        # never constructed, read as the plain data it is written as.
        handler = self.tags.get(tag)
        if handler is None:
            self.findings.append(reading.UNSUPPORTED_TAG.at(
                self.display, _position(node.start_mark),
                f"unsupported YAML tag `{shorten(tag)}`"))
            return plain
        return handler(plain)

    def text(self, node: yaml.Node) -> str:
        """A scalar's text; refused when an escape made it a lone surrogate (``"\\ud800"``),
        which no file can hold: PyYAML's pure-Python scanner lets it through, libyaml does not."""
        value: str = node.value
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as error:
                raise _Refused(reading.YAML_SYNTAX, _position(node.start_mark),
                               f"an escape gives U+{ord(value[error.start]):04X}, a lone "
                               "surrogate, which is not a character") from None
        return value

    def mapping(self, node: yaml.Node, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.findings.append(reading.UNSUPPORTED_TAG.at(
                    self.display, _position(key_node.start_mark),
                    "merge keys (`<<`) are not supported", "write the merged keys out"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.findings.append(reading.UNSUPPORTED_TAG.at(
                    self.display, _position(key_node.start_mark),
                    "a mapping key must be plain text, not a collection",
                    "write the key as plain text"))
                continue
            key = self.text(key_node)  # as written: `no:` is the key "no", not False
            if key in first:
                self.findings.append(reading.DUPLICATE_KEY.at(
                    self.display, _position(key_node.start_mark),
                    f"duplicate key `{shorten(key)}` "
                    f"(first at line {first[key].start_mark.line + 1})"))
            else:
                first[key] = key_node
            result[key] = self.value(value_node, depth + 1)  # the last one wins, as in PyYAML
        return result


def _entry(node: yaml.Node, step: Hashable) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key or item, value) nodes of ``step`` in a mapping or sequence node, if there."""
    if isinstance(node, yaml.MappingNode):
        found = None
        for key_node, value_node in node.value:  # the last duplicate wins, as in `_Builder`
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == step:
                found = (key_node, value_node)
        return found
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and \
            0 <= step < len(node.value):
        return node.value[step], node.value[step]
    return None


class YamlDocument:
    """The values of one YAML file, and where each of them was written.

    Positions are looked up on demand: most documents have no finding, so the fast first pass
    keeps values only, and a finding's position is found by composing the text again and
    walking down to the value it concerns.
    """

    def __init__(self, source: SourceFile, data: dict[str, Any], root: Position) -> None:
        self.source = source
        self.data = data
        self.root = root

    @property
    def display(self) -> str:
        """The path findings in this document are reported under."""
        return self.source.display

    def _walk(self, path: tuple[Hashable, ...]) -> tuple[Position, yaml.Node | None]:
        """The position of the deepest entry of ``path`` that exists, and the value node of the
        whole ``path`` (``None`` when some step of it is not there)."""
        node = _composed(self.source.text)
        where = self.root
        for step in path:
            entry = _entry(node, step)
            if entry is None:
                return where, None
            where, node = _position(entry[0].start_mark), entry[1]
        return where, node

    def position(self, *path: Hashable) -> Position:
        """Where the entry at ``path`` (its key, or the list item) was written, or its nearest
        written ancestor: a missing field is reported at the mapping that should hold it."""
        return self._walk(path)[0]

    def scalar(self, *path: Hashable) -> Scalar | None:
        """The scalar at ``path`` as written, or ``None`` for a collection or nothing."""
        node = self._walk(path)[1]
        if not isinstance(node, yaml.ScalarNode):
            return None
        return Scalar(node.value, _TYPE_NAMES.get(node.tag), _position(node.start_mark))

    def value_position(self, *path: Hashable) -> Position:
        """Where the scalar value at ``path`` starts; for other values, `position`."""
        position, node = self._walk(path)
        return _position(node.start_mark) if isinstance(node, yaml.ScalarNode) else position


_DEEP_LINE = re.compile(f"(?:^|[\r\n\x85\u2028\u2029])[ ?-]{{{MAX_DEPTH}}}")
"""A line starting with `MAX_DEPTH` spaces or block indicators: only such a line can open
block collections that deep (each level takes a column: ``- - - x`` or an indent)."""


def _check_depth(text: str) -> None:
    """Refuse collections nested deeper than `MAX_DEPTH` before composing them: libyaml's
    composer recurses in C and would crash the process on ``[[[[...`` or ``- - - -...``
    thousands deep.

    Only texts with that many brackets, or a line that could open that many block levels, are
    scanned, with `Loader`'s events. When libyaml stops with an error, the pure-Python parser
    scans again and its answer stands: libyaml 0.2.6 (in PyYAML 6.0.4's wheels) stops its
    scanner at depth 1000 while it looks ahead for a key, which would make the same file CTH101
    or CTH113 depending on the wheel. libyaml keeps the common case fast (a 1 MB file of flow
    lists: 0.4 s, against 8 s for the pure-Python parser, measured).
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH and not _DEEP_LINE.search(text):
        return
    loader = Loader
    if yaml.reader.Reader.NON_PRINTABLE.search(text):
        # The pure-Python reader refuses such a character before the first event, libyaml only
        # once its buffer reaches it, maybe after level 65: the reference decides.
        loader = PythonLoader
    try:
        _scan_depth(text, loader)
    except _Unreadable:
        if loader is PythonLoader:
            raise
        _scan_depth(text, PythonLoader)  # no error there: composing reports libyaml's


def _scan_depth(text: str, loader: type[yaml.SafeLoader | yaml.CSafeLoader]) -> None:
    """Count nesting in ``loader``'s events, which build no tree that could overflow."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        raise _Unreadable(error, loader) from None


def _too_deep(mark: _Mark | None) -> _Refused:
    """The refusal of the collection that opens nesting level `MAX_DEPTH` + 1, whether the
    pre-scan finds it or `_Builder` does (behind aliases, or flow nesting inside block nesting
    that the pre-scan's filter lets through)."""
    return _Refused(reading.TOO_COMPLEX, _position(mark),
                    f"collections nest more than {MAX_DEPTH} levels deep")


class _Unreadable(Exception):
    """A syntax error, with whether the parser that found it counts offsets in bytes (libyaml)
    or in characters (the pure-Python parser)."""

    def __init__(self, error: yaml.YAMLError, loader: type[yaml.SafeLoader | yaml.CSafeLoader]
                 ) -> None:
        super().__init__(str(error))
        self.error = error
        self.counts_bytes = not issubclass(loader, yaml.reader.Reader)


def _compose(text: str) -> yaml.Node | None:
    _check_depth(text)
    try:
        loader = Loader(text)  # the pure-Python reader checks every character here
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        raise _Unreadable(error, Loader) from None


@functools.lru_cache(maxsize=4)
def _composed(text: str) -> yaml.Node:
    """The node graph of a text that parsed before; findings come in runs per document, so the
    last few graphs are kept and the rest left to the garbage collector."""
    node = _compose(text)
    assert node is not None  # the text was composed without error when it was first read
    return node


def _error_position(error: yaml.YAMLError, text: str, counts_bytes: bool) -> Position:
    if isinstance(error, yaml.MarkedYAMLError):
        if error.context_mark is not None and "end of stream" in (error.problem or ""):
            return _position(error.context_mark)  # an unclosed quote or bracket: where it opened
        mark = error.problem_mark or error.context_mark
        if mark is None:
            return START
        if (error.problem or "").startswith("found unknown escape character") and \
                _line(text, mark.line)[mark.column - 1:mark.column] == "\\":
            # The pure-Python scanner points after the backslash, libyaml at it: say where the
            # escape starts, with either parser.
            return Position(mark.line + 1, mark.column)
        return _position(mark)
    offset = getattr(error, "position", 0) or 0  # ReaderError: an offset into the text
    if counts_bytes:
        return byte_position(text.encode("utf-8"), offset)
    return end_position(text[:offset])


def _line(text: str, number: int) -> str:
    """Line ``number`` (0-based, as parsers count) of ``text``, or ``""`` past the end."""
    lines = text.splitlines()
    return lines[number] if 0 <= number < len(lines) else ""


def _hint(error: yaml.YAMLError, text: str) -> str | None:
    """A specific fix for the syntax errors people make most, else the rule's default."""
    if "single document" in str(error):
        return "keep one YAML document per file"
    mark = getattr(error, "problem_mark", None)
    if mark is not None and "\t" in _line(text, mark.line)[: mark.column + 1]:
        return "indent with spaces: YAML does not allow tabs for indentation"
    return None


def _error_message(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError):
        problem = error.problem or "invalid YAML"
        if error.context and error.context_mark is not None:
            return f"{problem} ({error.context} at line {error.context_mark.line + 1})"
        return f"{problem} ({error.context})" if error.context else problem
    if isinstance(error, yaml.reader.ReaderError):
        character = error.character
        code = ord(character) if isinstance(character, str) else int(character)
        return f"character U+{code:04X} is not allowed in YAML"
    return str(error).splitlines()[0]


def parse_yaml(source: SourceFile, tags: Mapping[str, TagHandler] | None = None
               ) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one YAML document holding a top-level mapping, with the findings of reading it.

    Returns no document when there is nothing safe to check (syntax error, empty file, a
    top level that is not a mapping, a document too large to expand). ``tags`` maps the local
    tags a caller understands (``!ENV`` in ``mkdocs.yml``) to functions of the plain value.
    """
    display = source.display
    try:
        node = _compose(source.text)
    except _Unreadable as unreadable:
        error = unreadable.error
        where = _error_position(error, source.text, unreadable.counts_bytes)
        return None, [reading.YAML_SYNTAX.at(display, where, _error_message(error),
                                             _hint(error, source.text))]
    except _Refused as error:
        return None, [error.rule.at(display, error.where or START, error.reason)]
    except RecursionError:  # a last resort: `_check_depth` should have refused the text
        return None, [reading.TOO_COMPLEX.at(display, START, "collections nest too deeply")]
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _T + "null"):
        return None, [reading.EMPTY_FILE.at(display, START, "file holds no YAML document")]
    if not isinstance(node, yaml.MappingNode):
        kind = "list" if isinstance(node, yaml.SequenceNode) else "single value"
        return None, [reading.NOT_A_MAPPING.at(
            display, _position(node.start_mark), f"top level is a {kind}, not a mapping")]
    builder = _Builder(display, tags or {})
    try:
        data = builder.value(node, 0)
    except _Refused as error:
        return None, [error.rule.at(display, error.where or _position(node.start_mark),
                                    error.reason)]
    return YamlDocument(source, data, _position(node.start_mark)), builder.findings
