"""CTH401-412: the ADR lifecycle and the supersession graph.

Supersession may be declared on either side (``superseded-by`` on the old ADR, ``supersedes`` on
the new one); the graph is the union of both, so a banner and its links work even when one side
is missing, and a missing side is a warning of its own (CTH406).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..diagnostic import Diagnostic, Position, Rule, Severity, shorten
from ..model.adr import STATUS_ALIASES, STATUSES, Adr, ref_key, successors, supersession
from ..model.handbook import Handbook
from ..model.validation import suggest
from ..sources.markdownfile import front_position
from ..wording import relative_days
from .context import Context

E, W = Severity.ERROR, Severity.WARNING

ADR_STATUS = Rule(
    "CTH401", "adr-status", W,
    "An ADR has no status, or one outside proposed, accepted, rejected, deprecated, superseded "
    "(and log4brains' draft).",
    "set `status:` (or the Status line) to one of: " + ", ".join(STATUSES))
ADR_TITLE = Rule("CTH402", "adr-title", E, "An ADR has no `#` title.",
                 "start the body with `# ` and the decision in a few words")
ADR_DATE = Rule("CTH403", "adr-date", W, "An ADR has no date.",
                "add `date: YYYY-MM-DD` to the front matter (or a `Date:` line)")
ADR_DUPLICATE = Rule("CTH404", "adr-duplicate-id", E,
                     "Two ADR files have the same number (or name), or names that differ only "
                     "by case or punctuation, which would be the same page: only the first is "
                     "published.",
                     "renumber the newer file to the next free number")
ADR_UNKNOWN = Rule("CTH405", "adr-unknown-reference", E,
                   "A supersession or link names an ADR that does not exist.",
                   "correct the ADR id or file name")
ADR_ONE_SIDED = Rule(
    "CTH406", "adr-one-sided-supersession", W,
    "Supersession is declared on one side only: A superseded by B requires B to supersede A, "
    "and the other way.",
    "declare it on both ADRs")
ADR_NO_SUCCESSOR = Rule("CTH407", "adr-no-successor", E,
                        "A superseded ADR does not name the ADR that replaces it.",
                        "add `superseded-by: [ADR-NNNN]` (or `Superseded by [..](..)`)")
ADR_CYCLE = Rule("CTH408", "adr-supersession-cycle", E,
                 "ADRs supersede each other in a cycle, so none of them is in force.",
                 "remove the supersession that closes the cycle")
ADR_SUCCESSOR_NOT_ACCEPTED = Rule(
    "CTH409", "adr-successor-not-accepted", W,
    "An ADR is superseded by one that is not accepted (yet): nothing accepted replaces it.",
    "accept the successor, or keep the old ADR accepted until then")
ADR_SUCCESSOR_WITHOUT_STATUS = Rule(
    "CTH410", "adr-successor-but-in-force", W,
    "An ADR names a successor but its status does not say it is superseded.",
    "set its status to superseded, or remove the successor")
ADR_REVIEW_OVERDUE = Rule(
    "CTH411", "adr-review-overdue", W,
    "A proposed ADR is past its `review-by` date without a decision.",
    "accept or reject it, or move `review-by`", calendar=True)
POLICY_CITES_REPLACED_ADR = Rule(
    "CTH412", "policy-cites-replaced-adr", W,
    "An active policy's `related.adrs` names an ADR that is superseded or rejected.",
    "point the policy at the ADR in force")

RULES = (ADR_STATUS, ADR_TITLE, ADR_DATE, ADR_DUPLICATE, ADR_UNKNOWN, ADR_ONE_SIDED,
         ADR_NO_SUCCESSOR, ADR_CYCLE, ADR_SUCCESSOR_NOT_ACCEPTED, ADR_SUCCESSOR_WITHOUT_STATUS,
         ADR_REVIEW_OVERDUE, POLICY_CITES_REPLACED_ADR)

_START = Position(1, 1)
_OPEN = ("draft", "proposed")
_REPLACED = ("superseded", "rejected")


def check(handbook: Handbook, context: Context) -> Iterator[Diagnostic]:
    """Report ADRs with a broken lifecycle or supersession graph, and policies citing ADRs that
    are no longer in force."""
    if handbook.adrs is None:
        return
    index = handbook.adr_index
    for adr in handbook.adrs:
        yield from _metadata(adr, index, context)
    graph = successors(handbook.adrs, index)
    yield from _graph(handbook.adrs, index, graph)
    yield from _cycles(index, graph)
    yield from _policies(handbook, index)


def _metadata(adr: Adr, index: dict[str, Adr], context: Context) -> Iterator[Diagnostic]:
    first = index[adr.id]
    if first is not adr:
        yield ADR_DUPLICATE.at(adr.path, _START, f"{adr.id} is also {first.path}" if
                               first.id == adr.id else f"{adr.id} and {first.id} "
                               f"({first.path}) would be the same page; only {first.path} is "
                               "published", None if adr.numbered else
                               "rename one of the files so that their names differ by more "
                               "than case and punctuation")
    if adr.title is None:
        yield ADR_TITLE.at(adr.path, _START, f"{adr.id} has no title")
    if adr.status is None:
        if adr.readable:
            yield ADR_STATUS.at(adr.path, adr.status_at, f"{adr.id} has no status",
                                _status_hint(adr))
    elif adr.status not in STATUSES:
        close = suggest(adr.status, [*STATUSES, *STATUS_ALIASES])
        yield ADR_STATUS.at(adr.path, adr.status_at,
                            f"{adr.id} has status `{shorten(adr.status_text)}`, which is not "
                            "one of "
                            + ", ".join(STATUSES),
                            f"did you mean `{close}`?" if close else _status_hint(adr))
    if adr.date is None and adr.readable:
        yield ADR_DATE.at(adr.path, adr.date_at, f"{adr.id} has no date", _written(
            adr, "add", "date: YYYY-MM-DD", "Date: YYYY-MM-DD", "Date: YYYY-MM-DD",
            section_goes="under the title of"))
    if adr.status in _OPEN and adr.review_by is not None:
        left = context.days_until(adr.review_by)
        if left < 0:
            yield ADR_REVIEW_OVERDUE.at(
                adr.path, front_position(adr.document, "review-by"),
                f"{adr.id} is still {adr.status}; it was to be decided by {adr.review_by}, "
                f"{relative_days(left)}")


def _graph(adrs: list[Adr], index: dict[str, Adr], graph: dict[str, list[str]]
           ) -> Iterator[Diagnostic]:
    declared = {(adr.id, ref.key, names_successor) for adr, ref, names_successor in
                supersession(adrs)}
    for adr, ref, names_successor in supersession(adrs):
        other = index.get(ref.key)
        relation = "is superseded by" if names_successor else "supersedes"
        if other is None:
            close = suggest(ref.key, [key for key in index if index[key] is not adr])
            yield ADR_UNKNOWN.at(adr.path, ref.position,
                                 f"{adr.id} {relation} {shorten(ref.key)}, which is not an ADR "
                                 "here",
                                 f"did you mean `{close}`?" if close else None)
            continue
        if (other.id, adr.id, not names_successor) not in declared and other is not adr:
            yield ADR_ONE_SIDED.at(
                adr.path, ref.position,
                f"{adr.id} {relation} {other.id}, but {other.id} does not say it "
                f"{'supersedes' if names_successor else 'is superseded by'} {adr.id}",
                _counterpart(other, adr, names_successor))
    for old_id, new_ids in graph.items():
        old = index[old_id]
        for new in (index[new_id] for new_id in new_ids):
            if new.status in (*_OPEN, "rejected"):
                yield ADR_SUCCESSOR_NOT_ACCEPTED.at(
                    old.path, old.status_at,
                    f"{old.id} is superseded by {new.id}, which is {new.status}")
    for adr in adrs:
        if adr.status == "superseded" and not graph.get(adr.id):
            yield ADR_NO_SUCCESSOR.at(adr.path, adr.status_at,
                                      f"{adr.id} is superseded but names no successor",
                                      _written(adr, "add", "superseded-by: [ADR-NNNN]",
                                               "Status: superseded by [ADR-NNNN](NNNN-….md)",
                                               "Superseded by [NNNN. Title](NNNN-….md)"))
        elif adr.superseded_by and adr.status not in ("superseded", "deprecated", None) \
                and adr.status in STATUSES:
            yield ADR_SUCCESSOR_WITHOUT_STATUS.at(
                adr.path, adr.status_at,
                f"{adr.id} is {adr.status} but names {shorten(adr.superseded_by[0].key)} as "
                "its successor")


def _written(adr: Adr, verb: str, front: str, bullet: str, section: str,
             bullets_go: str = "under the title of",
             section_goes: str = "under `## Status` in") -> str:
    """The hint to ``verb`` a line to ``adr``'s file as the file writes its metadata (its
    `Adr.format`): ``front`` in the front matter, ``bullet`` (with the file's list marker)
    where ``bullets_go``, ``section`` where ``section_goes``."""
    if adr.format == "front-matter":
        return f"{verb} `{front}` to the front matter of {adr.path}"
    if adr.format == "bullets":
        return f"{verb} the line `{f'{adr.bullet} {bullet}'.strip()}` {bullets_go} {adr.path}"
    return f"{verb} the line `{section}` {section_goes} {adr.path}"


def _status_hint(adr: Adr) -> str:
    """Set the status, as ``adr``'s file writes it."""
    states = ", ".join(STATUSES)
    return _written(adr, "write", "status: accepted", "Status: accepted", "Accepted") + (
        f", with one of: {states}")


def _counterpart(other: Adr, adr: Adr, successor: bool) -> str:
    """What ``other`` must say for the supersession ``adr`` declares to be two-sided: that it
    supersedes ``adr`` (``successor``: ``adr`` names ``other`` as its successor) or is
    superseded by it, written as ``other``'s file writes its metadata, with a link from
    ``other``'s folder to ``adr``'s file."""
    target = Path(os.path.relpath(adr.document.source.path,
                                  other.document.source.path.parent)).as_posix()
    text = (adr.heading or adr.title or adr.id) if other.format == "status-section" else (
        adr.id if adr.numbered else adr.title or adr.id)
    link = f"[{text}]({'<' + target + '>' if ' ' in target else target})"
    if successor:
        return _written(other, "add", f"supersedes: [{adr.id}]", f"Supersedes {link}",
                        f"Supersedes {link}", "under `## Links` of")
    return _written(other, "add", f"superseded-by: [{adr.id}]",
                    f"Status: superseded by {link}", f"Superseded by {link}")


def _cycles(index: dict[str, Adr], graph: dict[str, list[str]]) -> Iterator[Diagnostic]:
    """Each cycle once, reported at its first ADR (by id)."""
    reported: set[frozenset[str]] = set()
    for start in sorted(graph):
        path = _cycle_from(start, graph)
        if path and frozenset(path) not in reported:
            reported.add(frozenset(path))
            first = index[min(path)]
            rotated = path[path.index(first.id):] + path[:path.index(first.id)]
            yield ADR_CYCLE.at(first.path, first.status_at, "supersession cycle: "
                               + " → ".join([*rotated, first.id]))


def _cycle_from(start: str, successors: dict[str, list[str]]) -> list[str] | None:
    """A cycle through ``start``, as the ids along it, or ``None``."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in successors.get(node, []):
            if nxt == start:
                return path
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def _policies(handbook: Handbook, index: dict[str, Adr]) -> Iterator[Diagnostic]:
    for doc in handbook.governed:
        if doc.model.status != "active":
            continue
        for position, ref in enumerate(doc.model.related.adrs):
            adr = index.get(ref_key(ref))
            if adr is not None and adr.status in _REPLACED:
                replaced = (", superseded by "
                            + shorten(", ".join(r.key for r in adr.superseded_by))
                            if adr.superseded_by else "")
                yield POLICY_CITES_REPLACED_ADR.at(
                    doc.path, doc.at("related", "adrs", position),
                    f"{doc.model.id} cites {adr.id}, which is {adr.status}{replaced}")
