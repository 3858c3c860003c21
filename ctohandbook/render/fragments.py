"""The small pieces every page repeats (badges, dates with their state, owner links), as Python
functions the templates call: they run thousands of times per build, where a Jinja macro call
costs ten times a function call. Values from YAML go through `markdown` like in the templates."""

from __future__ import annotations

import html
from urllib.parse import quote

from ..model import Owner
from ..model.adr import STATUSES
from ..views.adrs import AdrView, status_key
from ..views.documents import DocumentView, ExceptionView
from . import markdown


def link(page: str, here: str) -> str:
    """The relative link to ``page`` from a page in the folder ``here`` (both relative to the
    pages folder, ``""`` for its root): ``policies/sec-004.md`` from ``policies`` is
    ``sec-004.md``, from ``adrs`` it is ``../policies/sec-004.md``."""
    if not here:
        return page
    if page.startswith(here + "/"):
        return page[len(here) + 1:]
    return "../" * (here.count("/") + 1) + page


def badge(kind: str, label: str) -> str:
    """A coloured label; ``kind`` is one of the classes of ``assets/ctohandbook.css``."""
    return f'<span class="cth-badge cth-badge--{kind}">{label}</span>'


def status(state: str) -> str:
    """The badge of a document status (draft, active, retired)."""
    return badge(state, state.capitalize())


def adr_status(view: AdrView) -> str:
    """The badge of an ADR's status: the author's word (``Approved``; a state written as one
    of the lifecycle's shows as that state), coloured by its lifecycle state, with the value
    the decision log's filter matches (`views.adrs.status_key`)."""
    adr = view.adr
    if adr.status is None:
        shown = "No status"
    elif adr.status in STATUSES and adr.status_label.lower() in STATUSES:
        shown = adr.status.capitalize()
    else:
        shown = markdown.cell(adr.status_label[:1].upper() + adr.status_label[1:])
    value = html.escape(status_key(adr), quote=True)
    return (f'<span class="cth-badge cth-badge--{view.status_class}" data-cth-value="{value}">'
            f"{shown}</span>")


def review(view: DocumentView) -> str:
    """The next review date with an Overdue or Due soon badge."""
    if view.next_review is None:
        return "—"
    marks = {"past": " " + badge("overdue", "Overdue"), "soon": " " + badge("due-soon", "Due soon")}
    return f"{view.next_review}{marks.get(view.review_state or '', '')}"


def expiry(exception: ExceptionView) -> str:
    """The expiry date with an Expired or Expires soon badge."""
    marks = {"past": " " + badge("overdue", "Expired"),
             "soon": " " + badge("due-soon", "Expires soon")}
    return f"{exception.model.expires}{marks.get(exception.state, '')}"


def owner_link(key: str, owners: dict[str, Owner], to_owners: str) -> str:
    """The owner's name linked to their entry on the owners page (keys are validated)."""
    owner = owners.get(key)
    return f"[{markdown.cell(owner.name)}]({to_owners}#owner-{key})" if owner else f"`{key}`"


def github_url(handle: str) -> str:
    """``@acme/security`` is a team page, ``@jane`` a user page."""
    name = handle.lstrip("@")
    if "/" in name:
        org, team = name.split("/", 1)
        return f"https://github.com/orgs/{org}/teams/{team}"
    return f"https://github.com/{name}"


def contact(owner: Owner) -> str:
    """Name, kind and every way to reach the owner."""
    parts = [f"{markdown.cell(owner.name)} ({owner.type})"]
    if owner.github:
        parts.append(f"[{owner.github}]({github_url(owner.github)})")
    if owner.email:
        # The registry's pattern lets an address hold backticks, which would pair with those
        # of the next value on the line: shown through `cell`, percent-encoded in the link.
        parts.append(f"[{markdown.cell(owner.email)}](mailto:{quote(owner.email, safe='@+')})")
    if owner.slack:
        parts.append(f"Slack {markdown.cell(owner.slack)}")
    return " · ".join(parts)
