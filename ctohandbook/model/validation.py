"""Validate YAML values against the model of their kind, turning pydantic errors into findings.

pydantic says *what* is wrong at a ``loc`` of keys and indexes; this module says *where* (the
source position of that ``loc``) and *what to do* (quote it, did you mean, add the field).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Hashable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..diagnostic import Diagnostic, Position, shorten
from ..rules import reading
from ..sources import YamlDocument
from ..sources.yamlfile import Scalar
from .document import Document
from .kinds import KINDS
from .types import PATTERN_DESCRIPTIONS

_EXPECTED = {
    "string_type": "text", "list_type": "a list", "dict_type": "a mapping",
    "model_type": "a mapping", "model_attributes_type": "a mapping", "date_type": "a date",
    "int_type": "an integer",
}


def suggest(word: str, choices: Sequence[str]) -> str | None:
    """The closest of ``choices`` to a misspelt ``word``, if one is a typing slip away.

    A choice must be alike as a whole (`difflib`'s ratio of 0.6, as before) *and* within
    `_slips` edits of ``word``, case aside: ``acepted`` gives ``accepted`` and ``SEC-01``
    ``SEC-001``, but ``approved`` does not give ``proposed``, nor ``ADR-0042`` ``ADR-0004``:
    a hint naming a different word misleads more than no hint. A choice differing only in case
    comes first (``MUST`` gives ``must``); a caller leaves out what must not be suggested (the
    document's own id)."""
    allowed = _slips(word)
    close = [choice for choice in difflib.get_close_matches(word, choices, n=5, cutoff=0.6)
             if _distance(word.lower(), choice.lower()) <= allowed]
    exact = [choice for choice in choices if choice.lower() == word.lower()]
    found = exact or close
    return found[0] if found else None


def _slips(word: str) -> int:
    """How many typing slips a word of this length may hold: one, two from 12 characters."""
    return 1 + len(word) // 12


def _distance(a: str, b: str) -> int:
    """The edits (insert, delete, replace, swap two neighbours) that turn ``a`` into ``b``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def dotted(loc: Sequence[Hashable]) -> str:
    """``("requirements", 2, "level")`` as ``requirements[2].level``; a key the user wrote
    (an owners-registry key, a role) is quoted as an excerpt."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (
            f".{shorten(part)}" if text else shorten(part))
    return text


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``| None`` to reach the type that holds fields or items."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


def _annotation_at(model: type[BaseModel], loc: Sequence[Hashable]) -> Any:
    """The annotation (with its constraints) of the value at ``loc``, or ``None``."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.rebuild_annotation()
        elif typing.get_origin(current) in (list, dict):
            current = typing.get_args(current)[-1]
        else:
            return None
    return current


def _model_at(model: type[BaseModel], loc: Sequence[Hashable]) -> type[BaseModel] | None:
    """The model class of the mapping at ``loc``, to list the keys it allows."""
    current = _unwrap(_annotation_at(model, loc))
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _pattern_at(model: type[BaseModel], loc: Sequence[Hashable]) -> str | None:
    """The regular expression text at ``loc`` must match, if it is constrained by one."""
    annotation = _annotation_at(model, loc)
    while annotation is not None:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            for constraint in typing.get_args(annotation)[1:]:
                if getattr(constraint, "pattern", None):
                    return str(constraint.pattern)
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return None
    return None


def _finding(model: type[BaseModel], source: _Within, error: ErrorDetails) -> Diagnostic:
    """The finding for one pydantic error, placed and explained."""
    loc = error["loc"]
    kind = error["type"]
    name = dotted(loc) or "the value"
    display = source.display
    if kind == "extra_forbidden":
        key = str(loc[-1])
        parent = _model_at(model, loc[:-1])
        allowed = sorted(parent.model_fields) if parent else []
        close = suggest(key, allowed)
        hint = (f"did you mean `{close}`?" if close else
                f"remove it; allowed here: {', '.join(allowed)}" if allowed else None)
        where = f" in `{dotted(loc[:-1])}`" if len(loc) > 1 else ""
        return reading.UNKNOWN_KEY.at(display, source.position(*loc),
                                      f"unknown key `{shorten(key)}`{where}", hint)
    if kind == "missing":
        where = f" in `{dotted(loc[:-1])}`" if len(loc) > 1 else ""
        return reading.MISSING_FIELD.at(display, source.position(*loc[:-1]),
                                        f"missing required field `{loc[-1]}`{where}",
                                        f"add `{loc[-1]}:`")
    if kind in _EXPECTED:
        return _wrong_type(model, source, loc, _EXPECTED[kind], error["input"])
    scalar = source.scalar(*loc)
    value = shorten(scalar.text if scalar is not None else error["input"])
    if kind == "literal_error":
        options = [o.strip(" '") for o in error.get("ctx", {}).get("expected", "").replace(
            " or ", ", ").split(",")]
        close = suggest(value.lower(), options)
        return reading.INVALID_VALUE.at(
            display, source.value_position(*loc),
            f"`{name}` is `{value}`; it must be one of: {', '.join(options)}",
            f"did you mean `{close}`?" if close else "use one of the values listed")
    if kind == "string_pattern_mismatch":
        wanted = PATTERN_DESCRIPTIONS.get(error.get("ctx", {}).get("pattern", ""), "valid")
        if loc[-1] == "[key]":  # a mapping key (an owner, a framework): pydantic adds "[key]"
            return reading.INVALID_VALUE.at(display, source.position(*loc[:-1]),
                                            f"key `{value}` in `{dotted(loc[:-2])}` is not "
                                            f"{wanted}")
        return reading.INVALID_VALUE.at(display, source.value_position(*loc),
                                        f"`{name}` is `{value}`, not {wanted}")
    if kind in ("too_short", "string_too_short"):  # every minimum length here is 1
        return reading.INVALID_VALUE.at(display, source.position(*loc),
                                        f"`{name}` must not be empty")
    message = error["msg"].removeprefix("Value error, ")
    return reading.INVALID_VALUE.at(display, source.value_position(*loc),
                                    f"`{name}`: {message}" if name else message)


def _written(loc: Sequence[Hashable]) -> str:
    """How the start of the line holding ``loc`` looks: ``owner: `` or ``- `` for an item."""
    return "- " if isinstance(loc[-1], int) else f"{shorten(loc[-1])}: "


def _wrong_type(model: type[BaseModel], source: _Within, loc: Sequence[Hashable],
                expected: str, given: object) -> Diagnostic:
    name = dotted(loc) or "the value"
    scalar = source.scalar(*loc)
    display = source.display
    if given is None:
        return reading.WRONG_TYPE.at(display, source.position(*loc),
                                     f"`{name}` is empty; it must be {expected}",
                                     f"write {expected} after `{_written(loc).strip()}`")
    if scalar is not None and scalar.type_name is not None and expected == "text":
        text = shorten(scalar.text)
        read_as = f"`{name}` is `{text}`, which YAML reads as {scalar.type_name}"
        pattern = _pattern_at(model, loc)
        if pattern is not None and not re.fullmatch(pattern, scalar.text):
            return reading.WRONG_TYPE.at(
                display, scalar.position,
                f"{read_as}; it must be {PATTERN_DESCRIPTIONS.get(pattern, 'text')}",
                "write it in that form, in quotes if YAML would read it otherwise")
        return reading.WRONG_TYPE.at(display, scalar.position, f"{read_as}, not text",
                                     f'quote it: {_written(loc)}"{text}"')
    got = ("a list" if isinstance(given, list) else "a mapping" if isinstance(given, dict)
           else scalar.type_name or "text" if scalar is not None else "text")
    position = scalar.position if scalar is not None else source.position(*loc)
    return reading.WRONG_TYPE.at(display, position, f"`{name}` is {got}; it must be {expected}",
                                 f"write {expected} here")


class _Within:
    """A document's positions seen from the mapping at ``at`` (the root, or a plugin's options
    inside ``mkdocs.yml``), so that pydantic's ``loc`` can be looked up directly."""

    def __init__(self, source: YamlDocument, at: tuple[Hashable, ...]) -> None:
        self._source, self._at = source, at
        self.display = source.display

    def position(self, *path: Hashable) -> Position:
        return self._source.position(*self._at, *path)

    def scalar(self, *path: Hashable) -> Scalar | None:
        return self._source.scalar(*self._at, *path)

    def value_position(self, *path: Hashable) -> Position:
        return self._source.value_position(*self._at, *path)


M = TypeVar("M", bound=BaseModel)


def validate_model(model: type[M], data: object, source: YamlDocument,
                   at: tuple[Hashable, ...] = ()) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``data`` (found at ``at`` in ``source``) as ``model``, or say why it is not one."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        within = _Within(source, at)
        return None, [_finding(model, within, detail)
                      for detail in error.errors(include_url=False)]


def validate(source: YamlDocument) -> tuple[Document[BaseModel] | None, list[Diagnostic]]:
    """The typed document of ``source``, or the findings that say why it is not valid."""
    kind = source.data.get("kind")
    if kind is None:
        return None, [reading.UNKNOWN_KIND.at(
            source.display, source.root, "document has no `kind:`",
            f"add `kind:` with one of: {', '.join(KINDS)}")]
    model = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        close = suggest(str(kind), list(KINDS))
        return None, [reading.UNKNOWN_KIND.at(
            source.display, source.value_position("kind"), f"unknown kind `{shorten(kind)}`",
            f"did you mean `{close}`?" if close else f"use one of: {', '.join(KINDS)}")]
    validated, findings = validate_model(model, source.data, source)
    return (Document(validated, source) if validated is not None else None), findings
