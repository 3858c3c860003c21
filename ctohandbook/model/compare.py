"""What changed in the governance between two handbooks, in the terms of the rules.

A pull request's YAML diff says which lines moved; the approver needs to know which rules
changed. `compare` pairs the documents of two handbooks by id and lists, for each pair, the
fields that differ (requirements, decisions and owners by their ids), classified as *material*
(what people must do, who answers for it, whether it is in force) or *editorial*. A change of the
review record alone is a review, not a change of content.

`ctohandbook diff` shows these changes; the version rules (CTH702-705) judge version bumps by
them, so the report and the gate never disagree about what is material.

`compare_adrs` does the same for the decision records, by id (see `ADR_MATERIAL` for what is
material in one).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from ..sources.files import split_lines
from . import Document, Governed, Handbook, OwnersRegistry, PolicyException
from .adr import Adr
from .kinds import kind_of

REVIEW_FIELDS = frozenset({"review.last_reviewed", "review.reviewed_by", "review.next_review"})
"""The review record: moving it records a review, it does not change the content."""

RELEASE_FIELDS = frozenset({"version", "changelog", "effective"})
"""What a release of a new version changes besides the content."""

_COLLECTIONS = ("requirements", "decisions", "owners")
"""Collections whose items are reported one by one (see `ItemChange`)."""
ITEM_NOUNS = {"requirements": "requirement", "decisions": "decision", "owners": "owner"}

Change = Literal["added", "removed", "changed", "reviewed"]
ItemEvent = Literal["added", "removed", "changed"]
ExceptionEvent = Literal["requested", "granted", "extended", "shortened", "expired", "revoked"]


@dataclass(frozen=True)
class FieldChange:
    """One value that differs: ``field`` is a dotted path such as ``exceptions.approver`` or
    ``requirements.R3.text``; a value that is absent on one side is ``None`` there."""

    field: str
    before: Any
    after: Any
    material: bool = False
    """Whether this is a change of what the document requires or who answers for it: a field
    of its kind's `Kind.material` (or within one)."""

    @property
    def subject(self) -> str:
        """What changed, for people: `` `owner` ``, or ``requirement R3`` for any field of it."""
        parts = self.field.split(".", 2)
        if parts[0] in _COLLECTIONS and len(parts) > 1:
            return f"{ITEM_NOUNS[parts[0]]} {parts[1]}"
        return f"`{self.field}`"


@dataclass(frozen=True)
class ItemChange:
    """A requirement (or decision, or owner) added, removed or changed, by its id."""

    id: str
    change: ItemEvent
    fields: tuple[FieldChange, ...]
    """For a change, what differs within the item (``text``, ``level``, ...); for an addition
    or removal, every field of the item, with ``None`` on the missing side."""


@dataclass(frozen=True)
class DocumentChange:
    """One document that was added, removed or changed between the two handbooks."""

    kind: str
    """``policy``, ``exception``, ``owners``, ..."""
    id: str
    title: str
    change: Change
    path: str
    """Where the document is now (for a removal: where it was)."""
    old_path: str | None = None
    """Where it was, when it moved."""
    version: tuple[str | None, str | None] = (None, None)
    fields: tuple[FieldChange, ...] = ()
    """Every value that differs, collections by item (see `items`)."""
    items: dict[str, tuple[ItemChange, ...]] = field(default_factory=dict)
    """Per collection (``requirements``, ``decisions``, ``owners``), its items that changed."""
    events: tuple[ExceptionEvent, ...] = ()
    """For an exception: requested, granted, extended, shortened, expired (as of the date
    compared on) or revoked."""

    @property
    def material(self) -> bool:
        """Added and removed documents are material; a change is when a material field moved."""
        return _material(self.change, self.fields)

    @property
    def weight(self) -> Literal["material", "editorial", "review"]:
        """How the change is classified in the report."""
        if self.change == "reviewed":
            return "review"
        return "material" if self.material else "editorial"

    @property
    def moved_only(self) -> bool:
        """Whether the file moved and nothing else changed."""
        return self.old_path is not None and not self.fields

    @property
    def content_fields(self) -> tuple[FieldChange, ...]:
        """The changes of content: not of the review record, the version or the changelog."""
        return tuple(f for f in self.fields if _is_content(f.field))


def _material(change: str, fields: Iterable[FieldChange]) -> bool:
    """Whether a document or an ADR changed materially: it was added or removed, or a material
    field of it moved."""
    return change in ("added", "removed") or any(f.material for f in fields)


def _is_content(name: str) -> bool:
    return name not in REVIEW_FIELDS and name.split(".", 1)[0] not in RELEASE_FIELDS


def _plain(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude={"kind"})


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> dict[str, Any]:
    """Dotted paths to the leaves of ``value``; lists of items with an ``id`` by id, mappings of
    mappings (the owners) by key, other lists as whole values."""
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list) and value and all(
            isinstance(item, dict) and isinstance(item.get("id"), str) for item in value):
        for item in value:
            _flatten({k: v for k, v in item.items() if k != "id"}, f"{prefix}.{item['id']}",
                     out)
    else:
        out[prefix] = value
    return out


def _field_changes(before: dict[str, Any], after: dict[str, Any],
                   material: frozenset[str]) -> tuple[FieldChange, ...]:
    # A missing side is no value at all: flattened, `{}` would be one leaf named "".
    old, new = (_flatten(side, "", {}) if side else {} for side in (before, after))
    names = [*old, *(name for name in new if name not in old)]
    return tuple(FieldChange(name, old.get(name), new.get(name),
                             name.split(".", 1)[0] in material) for name in names
                 if old.get(name) != new.get(name))


def _items(before: dict[str, Any], after: dict[str, Any],
           fields: tuple[FieldChange, ...]) -> dict[str, tuple[ItemChange, ...]]:
    """Group the field changes of each collection by item."""
    found: dict[str, tuple[ItemChange, ...]] = {}
    for collection in _COLLECTIONS:
        old, new = _keyed(before.get(collection)), _keyed(after.get(collection))
        changes: list[ItemChange] = []
        for key in [*old, *(key for key in new if key not in old)]:
            mine = tuple(FieldChange(f.field.split(".", 2)[2], f.before, f.after, f.material)
                         for f in fields if f.field.startswith(f"{collection}.{key}."))
            if not mine:
                continue
            change: ItemEvent = "added" if key not in old else \
                "removed" if key not in new else "changed"
            changes.append(ItemChange(key, change, mine))
        if changes:
            found[collection] = tuple(changes)
    return found


def _keyed(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if isinstance(value, list):
        return {item["id"]: item for item in value
                if isinstance(item, dict) and isinstance(item.get("id"), str)}
    return {}


def _identity(doc: Document[BaseModel]) -> tuple[str, str]:
    model = doc.model
    kind = kind_of(model).name
    return (kind, model.id) if isinstance(model, (Governed, PolicyException)) else (kind,
                                                                                     doc.path)


def _title(model: BaseModel) -> str:
    if isinstance(model, Governed):
        return model.title
    if isinstance(model, PolicyException):
        return f"waiver of {model.policy}"
    return "owners registry" if isinstance(model, OwnersRegistry) else ""


def _version(model: BaseModel | None) -> str | None:
    return model.version if isinstance(model, Governed) else None


def _events(before: PolicyException | None, after: PolicyException | None,
            today: date) -> tuple[ExceptionEvent, ...]:
    events: list[ExceptionEvent] = []
    requested_before = before is not None and before.grant() is None
    if requested_before:
        before = None  # a request waived nothing: granting it is its start
    if after is None or after.grant() is None:  # removed, or a request
        if before is not None and before.expires >= today:
            return ("revoked",)
        return ("requested",) if after is not None and not requested_before else ()
    if before is None:
        events.append("granted")
    elif after.expires > before.expires:
        events.append("extended")
    elif after.expires < before.expires:
        events.append("shortened")
    if after.expires < today and (before is None or before.expires >= today
                                  or after.expires != before.expires):
        events.append("expired")
    return tuple(events)


def compare_documents(before: Document[BaseModel] | None, after: Document[BaseModel] | None,
                      today: date) -> DocumentChange | None:
    """The change from ``before`` to ``after`` (either may be missing), or ``None`` when they
    hold the same content at the same place."""
    current = after or before
    assert current is not None
    kind, key = _identity(current)
    old = _plain(before.model) if before else {}
    new = _plain(after.model) if after else {}
    fields = _field_changes(old, new, kind_of(current.model).material)
    moved = before is not None and after is not None and before.path != after.path
    if not fields and not moved:
        return None
    if before is None or after is None:
        change: Change = "added" if before is None else "removed"
    elif fields and not any(_is_content(f.field) for f in fields) and \
            any(f.field in REVIEW_FIELDS for f in fields):
        change = "reviewed"
    else:
        change = "changed"
    events = _events(
        before.model if before and isinstance(before.model, PolicyException) else None,
        after.model if after and isinstance(after.model, PolicyException) else None, today) \
        if isinstance(current.model, PolicyException) else ()
    return DocumentChange(
        kind=kind, id=key if isinstance(current.model, (Governed, PolicyException)) else kind,
        title=_title(current.model), change=change, path=current.path,
        old_path=before.path if moved and before else None,
        version=(_version(before.model if before else None),
                 _version(after.model if after else None)),
        fields=fields, items=_items(old, new, fields), events=events)


def _documents(handbook: Handbook) -> dict[tuple[str, str], Document[BaseModel]]:
    return {_identity(doc): doc for doc in handbook.documents}


def compare(before: Handbook, after: Handbook, today: date) -> list[DocumentChange]:
    """Every document added, removed or changed from ``before`` to ``after``, by path."""
    old, new = _documents(before), _documents(after)
    changes = (compare_documents(old.get(key), new.get(key), today)
               for key in [*old, *(key for key in new if key not in old)])
    return sorted((c for c in changes if c is not None), key=lambda c: (c.path, c.id))


def touched_paths(before: Handbook, after: Handbook) -> set[str]:
    """The shown paths of files whose text differs between the two handbooks (or that exist in
    only one of them): what a pull request touches."""
    old = _texts(before)
    return {path for path, text in _texts(after).items() if old.get(path) != text}


def _texts(handbook: Handbook) -> dict[str, str]:
    texts = {doc.path: doc.source.source.text for doc in handbook.documents}
    texts.update((adr.path, adr.document.source.text) for adr in handbook.adrs or ())
    texts.update((runbook.path, runbook.document.source.text)
                 for runbook in handbook.runbooks or ())
    return texts


ADR_MATERIAL = frozenset({"state", "supersedes", "superseded_by", "decision_makers"})
"""What is material in an ADR, as `Kind.material` is in a document: its lifecycle state (any
move of it: a decision accepted, rejected, deprecated or superseded comes into or out of force,
and one sent back to proposed or draft is reopened), what it supersedes or is superseded by,
and who decided. Everything else is editorial: the status as written when its state stays the
same (``Approved`` for ``accepted``), the title, the dates, who was consulted or informed, the
tags, other links, and the text. The text is editorial because a reader cannot tell a typo fix
from a new argument by counting lines; the report says how many lines moved, so the approver
reads the file when that matters."""


@dataclass(frozen=True)
class TextChange:
    """How much of an ADR's text changed, in lines: the report counts them instead of quoting
    a body of any length."""

    removed: int
    added: int


@dataclass(frozen=True)
class AdrChange:
    """One ADR added, removed or changed between the two handbooks, paired by id."""

    id: str
    title: str
    change: ItemEvent
    path: str
    """Where the ADR is now (for a removal: where it was)."""
    old_path: str | None = None
    """Where it was, when it moved."""
    fields: tuple[FieldChange, ...] = ()
    """Every metadata value that differs (see `adr_fields`), material per `ADR_MATERIAL`."""
    text: TextChange | None = None
    """For a change, how much of the text outside the metadata changed; ``None`` when none
    did, and for an addition or removal."""

    @property
    def weight(self) -> Literal["material", "editorial"]:
        """How the change is classified in the report."""
        return "material" if _material(self.change, self.fields) else "editorial"

    @property
    def moved_only(self) -> bool:
        """Whether the file moved and nothing else changed."""
        return self.old_path is not None and not self.fields and self.text is None

    @property
    def state(self) -> tuple[str | None, str | None] | None:
        """The lifecycle state before and after, when it changed."""
        return next(((f.before, f.after) for f in self.fields if f.field == "state"), None)


def adr_fields(adr: Adr) -> dict[str, Any]:
    """What `compare_adrs` compares of an ADR, as JSON values: the status as written and its
    lifecycle state, the other ADRs by id (``links`` with their relation: ``Amends
    ADR-0002``), and no empty value, so that an addition lists only what the ADR says."""
    values: dict[str, Any] = {
        "title": adr.title, "status": adr.status_text, "state": adr.status,
        "date": adr.date.isoformat() if adr.date else None,
        "review_by": adr.review_by.isoformat() if adr.review_by else None,
        "decision_makers": adr.decision_makers, "consulted": adr.consulted,
        "informed": adr.informed,
        "supersedes": [ref.key for ref in adr.supersedes],
        "superseded_by": [ref.key for ref in adr.superseded_by],
        "links": [f"{ref.relation} {ref.key}".strip() for ref in adr.links],
        "tags": adr.tags}
    return {key: value for key, value in values.items() if value not in (None, [])}


def _prose(adr: Adr) -> list[str]:
    """The lines of an ADR's text without those that hold its metadata (the ``Date:`` line,
    the status and the links of a ``## Status`` section, a ``* Status:`` bullet), which the
    fields report, so that a status change does not count as a change of the text too; and
    without blank lines, which change nothing a reader sees."""
    lines, start = adr.document.source.lines(), adr.document.body_line
    at = [ref.position.line for ref in (*adr.supersedes, *adr.superseded_by, *adr.links)]
    if adr.status_text is not None:
        at.append(adr.status_at.line)
    if adr.date is not None:
        at.append(adr.date_at.line)
    metadata = {lines[line - 1] for line in at if start <= line <= len(lines)}
    return [line for line in split_lines(adr.body) if line.strip() and line not in metadata]


def _text_change(before: Adr, after: Adr) -> TextChange | None:
    old, new = _prose(before), _prose(after)
    if old == new:
        return None
    removed = added = 0
    for tag, old_start, old_end, new_start, new_end in SequenceMatcher(
            None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed, added = removed + old_end - old_start, added + new_end - new_start
    return TextChange(removed, added)


def _published_adrs(handbook: Handbook) -> dict[str, Adr]:
    """The ADRs by id, the first file of a duplicate id only, as the decision log publishes
    them (the others are CTH404)."""
    index = handbook.adr_index
    return {adr.id: adr for adr in handbook.adrs or () if index[adr.id] is adr}


def compare_adrs(before: Handbook, after: Handbook) -> list[AdrChange] | None:
    """Every ADR added, removed or changed from ``before`` to ``after``, by path; ``None`` when
    neither handbook has an ADR folder, so that a handbook without ADRs reports nothing of
    them."""
    if before.adrs is None and after.adrs is None:
        return None
    old, new = _published_adrs(before), _published_adrs(after)
    changes: list[AdrChange] = []
    for key in [*old, *(key for key in new if key not in old)]:
        was, now = old.get(key), new.get(key)
        current = now or was
        assert current is not None
        fields = _field_changes(adr_fields(was) if was else {}, adr_fields(now) if now else {},
                                ADR_MATERIAL)
        text = _text_change(was, now) if was and now else None
        moved = was is not None and now is not None and was.path != now.path
        if not fields and text is None and not moved:
            continue
        change: ItemEvent = "added" if was is None else "removed" if now is None else "changed"
        changes.append(AdrChange(key, current.title or "", change, current.path,
                                 was.path if moved and was else None, fields, text))
    return sorted(changes, key=lambda c: (c.path, c.id))


_Weighed = TypeVar("_Weighed", DocumentChange, AdrChange)


def grouped(changes: Iterable[_Weighed]) -> Iterator[tuple[str, list[_Weighed]]]:
    """The changes by weight: material first, then editorial, then reviews."""
    changes = list(changes)
    for weight in ("material", "editorial", "review"):
        mine = [c for c in changes if c.weight == weight]
        if mine:
            yield weight, mine
