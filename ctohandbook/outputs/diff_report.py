"""`ctohandbook diff` output: Markdown to post on a pull request, and JSON for programs."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass
from typing import Any

from ..model.compare import (
    ITEM_NOUNS,
    AdrChange,
    DocumentChange,
    FieldChange,
    ItemChange,
    grouped,
)
from ..render.markdown import code, source_cell
from ..version import __version__
from ..views.adrs import NO_STATUS
from ..wording import plural

FORMAT_VERSION = 1
"""Bumped whenever the JSON structure changes incompatibly."""

_HEADINGS = {"material": "Material changes", "editorial": "Editorial changes",
             "review": "Reviews"}


@dataclass(frozen=True)
class Diff:
    """The changes between two revisions, with what they were."""

    base: str
    head: str
    """A revision as the user named it, or ``work tree``."""
    changes: Sequence[DocumentChange]
    adrs: Sequence[AdrChange] | None = None
    """The ADRs that changed; ``None`` when neither revision has an ADR folder."""


def _value(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return ", ".join(_value(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_value(item)}" for key, item in value.items())
    return source_cell(str(value)) or "—"


def _row(name: str, before: Any, after: Any) -> str:
    return f"| {name} | {_value(before)} | {_value(after)} |"


def _entry(entry: dict[str, Any]) -> str:
    return f"{entry.get('version')} ({entry.get('date')}): {entry.get('summary')}"


def _whole(item: ItemChange, side: str) -> str:
    """An added or removed item in one cell: ``MUST: text`` for a requirement."""
    values = {f.field: getattr(f, side) for f in item.fields}
    head = values.pop("level", None)
    main = values.pop("text", None) or values.pop("decision", None) or values.pop("name", None)
    shown = f"{_value(head).upper()}: {_value(main)}" if head else _value(main)
    rest = [f"{key}: {_value(value)}" for key, value in values.items() if value not in (None, [])]
    return "; ".join([shown, *rest])


def _rows(change: DocumentChange) -> list[str]:
    rows = []
    for f in change.fields:
        collection = f.field.split(".", 1)[0]
        if f.field == "changelog":  # entries are added at the top: show those that differ
            old, new = f.before or [], f.after or []
            rows.append(_row("`changelog`", [_entry(e) for e in old if e not in new],
                             [_entry(e) for e in new if e not in old]))
        elif collection not in change.items:
            rows.append(_row(f"`{f.field}`", f.before, f.after))
    for collection, items in change.items.items():
        label = ITEM_NOUNS[collection]
        for item in items:
            name = f"{label} **{item.id}**"
            if item.change == "added":
                rows.append(f"| {name} (added) | — | {_whole(item, 'after')} |")
            elif item.change == "removed":
                rows.append(f"| {name} (removed) | {_whole(item, 'before')} | — |")
            else:
                rows.extend(_row(f"{name} `{f.field}`", f.before, f.after)
                            for f in item.fields)
    return rows


def _version(change: DocumentChange) -> str:
    before, after = change.version
    if before == after:
        return f" · version {after}" if after else ""
    return f" · version {before or '—'} → {after or '—'}"


def _heading(change: DocumentChange | AdrChange, kind: str, what: str) -> str:
    """``#### SEC-002 Title (policy): changed``; a change that only moved the file is
    ``moved``."""
    if change.moved_only and what == "changed":
        what = "moved"
    title = f" {source_cell(change.title)}" if change.title else ""
    return f"#### {change.id}{title}{kind}: {what}"


def _where(change: DocumentChange | AdrChange) -> str:
    """The file, and where it was when it moved, as code spans safe for any name."""
    where = code(change.path)
    return f"{code(change.old_path)} → {where}" if change.old_path else where


def _document(change: DocumentChange) -> list[str]:
    what = ", ".join(change.events) if change.events else change.change
    lines = [_heading(change, f" ({change.kind})", what), "",
             f"{_where(change)}{_version(change)}", ""]
    if change.change == "reviewed":
        lines += ["Reviewed, no content change.", ""]
    if change.change != "removed" and (rows := _rows(change)):
        lines += ["| Field | Before | After |", "|---|---|---|", *rows, ""]
    return lines


def _adr(change: AdrChange) -> list[str]:
    """An ADR's entry: its state's move in the heading (``accepted → superseded``), then its
    fields, and how many lines of its text changed (never the text itself)."""
    what: str = change.change
    if change.change == "changed" and change.state:
        what = " → ".join(source_cell(state) if state else NO_STATUS for state in change.state)
    lines = [_heading(change, "", what), "", _where(change), ""]
    if change.text:
        lines += [f"The text changed: {plural(change.text.removed, 'line')} removed, "
                  f"{plural(change.text.added, 'line')} added.", ""]
    if change.change != "removed" and change.fields:
        lines += ["| Field | Before | After |", "|---|---|---|",
                  *(_row(f"`{f.field}`", f.before, f.after) for f in change.fields), ""]
    return lines


def _counts(groups: Iterable[tuple[str, Sized]]) -> str:
    """``1 material change, 2 editorial changes``, of the groups of `grouped`."""
    return ", ".join(plural(len(mine), _noun(weight)) for weight, mine in groups)


def as_markdown(diff: Diff) -> str:
    """A pull-request comment: a count by weight, then each document's changes, then each
    ADR's in a section of their own."""
    lines = [f"## Governance changes: `{diff.base}` → {_head(diff.head)}", ""]
    if not diff.changes and not diff.adrs:
        return "\n".join([*lines, "No governance document changed.", ""])
    counts = [f"{_counts(grouped(diff.changes))}." if diff.changes else "",
              f"Decision records: {_counts(grouped(diff.adrs))}." if diff.adrs else ""]
    lines += [" ".join(count for count in counts if count), ""]
    for weight, changes in grouped(diff.changes):
        lines += [f"### {_HEADINGS[weight]}", ""]
        for change in changes:
            lines += _document(change)
    for weight, adrs in grouped(diff.adrs or ()):
        lines += [f"### Decision records: {_HEADINGS[weight].lower()}", ""]
        for adr in adrs:
            lines += _adr(adr)
    return "\n".join(lines)


def _head(head: str) -> str:
    return head if head == "the work tree" else f"`{head}`"


def _noun(weight: str) -> str:
    return "review" if weight == "review" else f"{weight} change"


def _field(f: FieldChange) -> dict[str, Any]:
    return {"field": f.field, "before": f.before, "after": f.after}


def _adrs_json(adrs: Sequence[AdrChange]) -> dict[str, Any]:
    counts = {weight: len(mine) for weight, mine in grouped(adrs)}
    return {
        "summary": {weight: counts.get(weight, 0) for weight in ("material", "editorial")},
        "changes": [{
            "id": c.id, "title": c.title, "change": c.change, "weight": c.weight,
            "path": c.path, "old_path": c.old_path,
            "fields": [{**_field(f), "material": f.material} for f in c.fields],
            "text": {"lines_removed": c.text.removed, "lines_added": c.text.added}
            if c.text else None,
        } for c in adrs]}


def as_json(diff: Diff) -> str:
    """Every change with its fields, items and exception events; the weights counted. The ADRs
    are under ``adrs`` (counted apart, so that ``summary`` still counts documents), present
    when either revision has an ADR folder."""
    counts = {weight: len(changes) for weight, changes in grouped(diff.changes)}
    adrs = {} if diff.adrs is None else {"adrs": _adrs_json(diff.adrs)}
    return json.dumps({
        "format_version": FORMAT_VERSION, "tool": "ctohandbook", "version": __version__,
        "base": diff.base, "head": diff.head,
        "summary": {weight: counts.get(weight, 0) for weight in _HEADINGS},
        "changes": [{
            "kind": c.kind, "id": c.id, "title": c.title, "change": c.change,
            "weight": c.weight, "path": c.path, "old_path": c.old_path,
            "version": {"before": c.version[0], "after": c.version[1]},
            "events": list(c.events),
            "fields": [{**_field(f), "material": f.material} for f in c.fields],
            "items": {collection: [{"id": item.id, "change": item.change,
                                    "fields": [_field(f) for f in item.fields]}
                                   for item in items]
                      for collection, items in c.items.items()},
        } for c in diff.changes], **adrs}, indent=2)


FORMATS: dict[str, Callable[[Diff], str]] = {"markdown": as_markdown, "json": as_json}
"""Output formats of `ctohandbook diff --format`."""
