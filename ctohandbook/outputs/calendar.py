"""The review calendar: an iCalendar feed (RFC 5545) with an event on every governed document's
next review date and on every exception's expiry, so that owners see what governance asks of
them in the calendar they already read, before the build fails on it.

This module decides what the events say; `ical` writes them (CRLF line ends, lines folded
at 75 octets, text escaped). The output depends on the handbook, the
site's settings and ``context.today`` alone (no wall clock, no random UIDs), so that two builds
of the same handbook on the same day publish the same bytes and subscribers see no spurious
change.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import quote, urlsplit

from ..model import Owner
from ..model.kinds import kind_of
from ..views import HandbookView
from . import ical

CALENDAR = "reviews.ics"
"""The feed's file, relative to the pages folder (beside the review calendar page)."""

PRODID = "-//ctohandbook//review calendar//EN"
"""The product identifier every feed carries (RFC 5545, 3.7.3)."""

REFRESH = timedelta(days=1)
"""How often subscribers should fetch the feed again: dates move only when the handbook
changes, and a review is a matter of days, not hours."""

_DOMAIN = "ctohandbook"
"""The right-hand side of UIDs when the site's URL is unknown."""


def calendar_path(pages_dir: str) -> str:
    """Where the feed is published, relative to the docs folder: ``governance/reviews.ics``."""
    return f"{pages_dir}/{CALENDAR}"


def page_url(path: str, site_url: str | None, use_directory_urls: bool = True) -> str:
    """Where MkDocs publishes the page ``path`` (relative to the docs folder, a ``.md`` file,
    with an optional ``#fragment``), or the file ``path`` (any other name).

    With MkDocs' ``use_directory_urls`` (its default), ``governance/policies/sec-001.md`` is
    served as ``governance/policies/sec-001/`` and an ``index.md`` as its folder; without, as
    ``governance/policies/sec-001.html``. The URL is absolute below ``site_url`` when the site's
    address is known (a calendar client has no page to resolve a relative URL against), else
    relative to the site's root, for a reader to complete."""
    page, _, fragment = path.partition("#")
    stem = page.removesuffix(".md")
    folder, _, name = stem.rpartition("/")
    if stem == page:  # not a page: a file such as a feed is published as it is
        url = page
    elif not use_directory_urls:
        url = f"{stem}.html"
    elif name == "index":
        url = f"{folder}/" if folder else ""
    else:
        url = f"{stem}/"
    url = quote(url) + (f"#{quote(fragment)}" if fragment else "")
    return f"{site_url.rstrip('/')}/{url}" if site_url else url


def uid_domain(site_url: str | None) -> str:
    """The right-hand side of every UID: the site's host and path, so that two handbooks
    subscribed in one calendar client (both with a SEC-001, say) never share a UID, which
    clients take to be the same event; ``ctohandbook`` when the site's URL is unknown."""
    if not site_url:
        return _DOMAIN
    parts = urlsplit(site_url)
    return (parts.netloc.lower() + parts.path.rstrip("/")) or _DOMAIN


def _plain(text: str) -> str:
    """One line of YAML text as it reads in a calendar: whitespace and line breaks collapsed."""
    return " ".join(text.split())


def _who(key: str | None, owner: Owner | None) -> str:
    """An owner's name and every way to reach them, in plain text (calendar clients do not
    render Markdown)."""
    if key is None:
        return "none"
    if owner is None:
        return f"{key} (not in the owners registry)"
    contacts = [f"GitHub {owner.github}" if owner.github else "",
                f"e-mail {owner.email}" if owner.email else "",
                f"Slack {owner.slack}" if owner.slack else ""]
    return ", ".join([f"{_plain(owner.name)} ({owner.type})", *filter(None, contacts)])


def _event(uid: str, day: date, stamp: datetime, summary: str, description: list[str],
           url: str | None, categories: list[str]) -> list[str]:
    """The content lines of an all-day event on ``day``: DTEND is the next day (exclusive,
    RFC 5545, 3.6.1), and it is transparent, so that a reminder never makes its owner look
    busy. The last day of the calendar (9999-12-31, where a review cadence ends that runs past
    it) has no next day: its event has no DTEND, and lasts that one day all the same (3.6.1:
    a DATE start with neither DTEND nor DURATION is a one-day event)."""
    end = [f"DTEND;VALUE=DATE:{ical.day(day + timedelta(days=1))}"] if day < date.max else []
    return ["BEGIN:VEVENT",
            f"UID:{ical.text(uid)}",
            f"DTSTAMP:{ical.utc(stamp)}",
            f"DTSTART;VALUE=DATE:{ical.day(day)}",
            *end,
            f"SUMMARY:{ical.text(summary)}",
            f"DESCRIPTION:{ical.text(chr(10).join(description))}",
            *([f"URL:{ical.uri(url)}"] if url is not None else []),
            f"CATEGORIES:{ical.texts(categories)}",
            "STATUS:CONFIRMED",
            "TRANSP:TRANSPARENT",
            "END:VEVENT"]


def review_calendar(view: HandbookView, site_url: str | None, pages_dir: str, *,
                    name: str = "Handbook", use_directory_urls: bool = True) -> bytes:
    """The feed of ``view``'s review dates and exception expiries, as the bytes of a ``.ics``
    file (UTF-8, CRLF line ends).

    Bytes, not text: RFC 5545 counts line lengths in octets and requires CRLF, and text would
    invite a write in text mode, which on Windows turns each CRLF into CR CR LF.

    - One event per active document with a next review date (overdue ones included, on their
      past date), and one per exception on its expiry date (expired ones included: both fail
      the handbook's checks until dealt with, so they stay visible).
    - ``site_url`` is MkDocs' ``site_url``: with it, each event has a URL property and its
      description absolute links; without (``None``), no URL property, and the description
      gives the page's path relative to the site's root. ``use_directory_urls`` is MkDocs'
      option of that name; ``name`` (MkDocs' ``site_name``) names the calendar.
    - A UID is the kind, the id and the date: ``review-sec-004-2027-06-01@<domain>`` (see
      `uid_domain`), ``expiry-exc-2026-004-2027-01-31@<domain>``. The same across builds, so a
      client updates the event in place; a new date is a new UID, because a client keeps an
      event whose UID is unchanged unless its SEQUENCE grows, and a stateless build cannot
      count revisions: the review done (or the exception extended) disappears from the feed and
      its successor appears, which is what happened.
    - DTSTAMP is ``view.context.today`` at midnight UTC, not the wall clock, so that the same
      handbook judged on the same day gives the same bytes.
    """
    domain = uid_domain(site_url)
    stamp = datetime.combine(view.context.today, time(), tzinfo=timezone.utc)
    owners = {o.key: o.owner for o in view.owners if o.owner is not None}

    def url(page: str) -> str:
        return page_url(f"{pages_dir}/{page}", site_url, use_directory_urls)

    events: dict[str, list[str]] = {}
    """The content lines of each event by UID. For a duplicate exception id (CTH301) the first
    one read has the event."""
    for document in view.reviews:
        model, due = document.model, document.next_review
        if due is None:  # never: `reviews` holds the documents with a next review date
            continue
        kind = kind_of(model).noun
        review = model.review
        last = [f"Last reviewed: {review.last_reviewed}"
                + (f" by {_who(review.reviewed_by, document.reviewer)}"
                   if review.reviewed_by else "")] if review and review.last_reviewed else []
        uid = f"review-{model.id.lower()}-{due.isoformat()}@{domain}"
        events.setdefault(uid, _event(
            uid, due, stamp,
            f"Review due: {model.id} {_plain(model.title)}",
            [f"{model.id} {_plain(model.title)} ({kind}, version {model.version}) is due for "
             f"review on {due}.",
             f"Owner: {_who(model.owner, document.owner)}", *last,
             f"Page: {url(document.page)}"],
            url(document.page) if site_url else None,
            ["Review", kind.capitalize()]))
    for exception in sorted(view.exceptions, key=lambda e: (e.model.expires, e.model.id)):
        e = exception.model
        waived = e.policy + (f" ({', '.join(e.requirements)})" if e.requirements else "")
        register = f"exceptions.md#{e.id.lower()}"
        policy = [f"Waived policy: {url(exception.policy_page)}"] if exception.policy_page else []
        uid = f"expiry-{e.id.lower()}-{e.expires.isoformat()}@{domain}"
        events.setdefault(uid, _event(
            uid, e.expires, stamp,
            f"Exception expires: {e.id} (waives {e.policy})",
            [f"{e.id} waives {waived} for {_plain(e.scope)}; it expires on {e.expires}. "
             "Before then, comply, or request a new exception.",
             f"Requested by: {_who(e.requested_by, owners.get(e.requested_by))}",
             f"Approved by: {_who(exception.approved_by, owners.get(exception.approved_by))}",
             *policy, f"Page: {url(register)}"],
            url(register) if site_url else None,
            ["Exception expiry"]))

    title = ical.text(f"{name} reviews")
    return ical.serialize([
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{title}",  # RFC 7986
        f"X-WR-CALNAME:{title}",  # what most clients read instead
        f"REFRESH-INTERVAL;VALUE=DURATION:{ical.duration(REFRESH)}",  # RFC 7986
        f"X-PUBLISHED-TTL:{ical.duration(REFRESH)}",  # the same, for Outlook
        *([f"URL:{ical.uri(url('reviews.md'))}"] if site_url else []),
        *(line for event in events.values() for line in event),
        "END:VCALENDAR"])
