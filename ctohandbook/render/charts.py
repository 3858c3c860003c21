"""The overview's pictures: reviews and exception expiries by month, control coverage and the
decision log by status, as bar charts drawn in SVG when the page is rendered and published
inline in it (nothing is fetched; no script is needed to see them).

Drawn by hand rather than with a chart library, for a measured reason: pygal 3.1.3, the
maintained pure-Python SVG charting library, writes for a two-bar chart 16 kB holding a
``<script>`` that loads its tooltips from kozea.github.io (a request out of the site), a
``<style>`` element scoped by a random ``#chart-<uuid>`` id (a different page at every build)
with fixed colours, and ``style=`` attributes; with ``js=[]`` an inline ``<script>`` remains. A
sanitizer removes the script and the style (and with the style every colour), and fixed colours
ignore Material's dark scheme. These charts are rows of bars: a few hundred bytes of ``<rect>``
and ``<text>`` each, coloured by classes of ``assets/ctohandbook.css`` (``currentColor`` and
Material's variables), so they follow the reader's scheme.

What each chart shows is also said in words: in the SVG's ``<title>`` (its accessible name, the
image being ``role="img"``) and in the figure's caption under it. The markup is only `MARKUP`:
no script, no ``style``, no event handler, no link, so a sanitizer allowing it keeps the charts
whole.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..model.adr import STATUSES
from ..rules.context import Urgency
from ..views import HandbookView
from ..views.controls import ControlCoverage
from ..wording import plural

MONTHS_AHEAD = 12
"""How many months (this one included) the month charts show one by one; what falls after
them is one bar, "Later"."""

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
"""Month names in English whatever the locale, as the rest of the pages are written."""

_WIDTH = 320
"""The drawing's width in user units: at the content column's width on a phone (about 350 px)
and half of it at 1280 px, 12-unit text shows at about 12 px."""
_ROW = 20
_BAR_HEIGHT = 12
_BASELINE = 14
"""Where a row's text sits, from the row's top: the bar's middle for 12-unit text."""
_BAR_X = 104
"""Where bars start: after the labels, which are cut to `_LABEL_CHARS` characters."""
_BAR_WIDTH = 160
"""The width of a full bar, leaving room after it for a value such as ``12 of 38``."""
_LABEL_CHARS = 15

MARKUP: dict[str, frozenset[str]] = {
    "div": frozenset({"class"}), "figure": frozenset({"class"}),
    "figcaption": frozenset(), "svg": frozenset({"class", "viewBox", "role"}),
    "title": frozenset(), "text": frozenset({"class", "x", "y"}),
    "rect": frozenset({"class", "x", "y", "width", "height"}),
}
"""Every element the charts are made of, with the attributes each may have: what a sanitizer of
the page's HTML must allow for them."""


@dataclass(frozen=True)
class Segment:
    """Part of a bar: ``count`` things of one kind, coloured by ``cth-chart__bar--{kind}``."""

    count: int
    kind: str


@dataclass(frozen=True)
class Bar:
    """One row of a chart."""

    label: str
    segments: tuple[Segment, ...]
    total: int
    """What a full bar stands for: the chart's largest count, or for a share its whole."""
    value: str
    """The text after the bar: ``3``, ``12 of 38``."""

    @property
    def count(self) -> int:
        """What the bar adds up to."""
        return sum(segment.count for segment in self.segments)


@dataclass(frozen=True)
class Chart:
    """A bar chart and its text alternative."""

    kind: str
    """What it shows, a class suffix (``cth-chart--reviews``) tests and styles find it by."""
    bars: tuple[Bar, ...]
    text: str
    """Every number it shows, in a sentence: its accessible name and its caption."""


def _month(day: date) -> tuple[int, int]:
    return day.year, day.month


def _month_after(month: tuple[int, int], count: int) -> tuple[int, int]:
    index = month[0] * 12 + month[1] - 1 + count
    return index // 12, index % 12 + 1


def _month_name(month: tuple[int, int], short: bool = False) -> str:
    name = _MONTHS[month[1] - 1]
    return f"{name[:3] if short else name} {month[0]}"


def by_month(kind: str, dates: Iterable[tuple[date, Urgency]], today: date, past: str,
             noun: str) -> Chart:
    """Dates (reviews due, exceptions' expiries) counted by month: one bar for the dates
    already past (``past`` names it: Overdue, Expired), shown even at zero since none is the
    news; then each month from this one to the last that has a date, at most `MONTHS_AHEAD`;
    then the later ones together. A month's bar is split by urgency (due within the warning
    horizon, or later), as the pages colour dates; the text names the months that have any."""
    first = _month(today)
    last = _month_after(first, MONTHS_AHEAD - 1)
    counts: dict[tuple[int, int] | str, dict[Urgency, int]] = {}
    for day, urgency in dates:
        month = _month(day)
        key = "past" if urgency == "past" else "later" if month > last else month
        bucket = counts.setdefault(key, {})
        bucket[urgency] = bucket.get(urgency, 0) + 1
    months = sorted(key for key in counts if isinstance(key, tuple))
    span = (months[-1][0] - first[0]) * 12 + months[-1][1] - first[1] + 1 if months else 0
    rows: list[tuple[tuple[int, int] | str, str, str]] = [("past", past, past.lower())]
    rows.extend((month, _month_name(month, short=True), f"in {_month_name(month)}")
                for month in (_month_after(first, step) for step in range(span)))
    if "later" in counts:
        rows.append(("later", "Later", f"after {_month_name(last)}"))
    top = max([1, *(sum(bucket.values()) for bucket in counts.values())])
    bars: list[Bar] = []
    said: list[str] = []
    for key, label, when in rows:
        bucket = counts.get(key, {})
        bar = Bar(label, tuple(Segment(bucket[urgency], urgency)
                               for urgency in ("past", "soon", "later") if urgency in bucket),
                  top, str(sum(bucket.values())))
        bars.append(bar)
        if bar.count or key == "past":
            said.append(f"{bar.count} {when}")
    return Chart(kind, tuple(bars), f"{noun}: {', '.join(said)}.")


def review_chart(hb: HandbookView) -> Chart | None:
    """The reviews of the documents in force by the month they are due; ``None`` when none has
    a review date."""
    reviews = [(view.next_review, view.review_state) for view in hb.reviews
               if view.next_review is not None and view.review_state is not None]
    if not reviews:
        return None
    return by_month("reviews", reviews, hb.context.today, "Overdue", "Reviews due")


def expiry_chart(hb: HandbookView) -> Chart | None:
    """The exceptions in force by the month they expire; ``None`` when there is none."""
    if not hb.exceptions:
        return None
    return by_month("exceptions", ((e.model.expires, e.state) for e in hb.exceptions),
                    hb.context.today, "Expired", "Exception expiries")


def coverage_chart(coverage: ControlCoverage | None) -> Chart | None:
    """For each framework whose controls are declared, the share of them some requirement in
    force covers; ``None`` when no framework declares its controls (a gap cannot be told then,
    and the overview's list says how many controls are cited)."""
    listed = [fw for fw in coverage.frameworks if fw.listed and fw.total] if coverage else []
    if not listed:
        return None
    bars = tuple(Bar(fw.key, tuple(segment for segment in (
        Segment(fw.covered, "covered"), Segment(fw.total - fw.covered, "gap")) if segment.count),
        fw.total, f"{fw.covered} of {fw.total}") for fw in listed)
    said = ", ".join(f"{fw.key} {fw.covered} of {plural(fw.total, 'control')} covered"
                     for fw in listed)
    return Chart("controls", bars, f"Control coverage: {said}.")


def decision_chart(statuses: Sequence[tuple[str, int]]) -> Chart | None:
    """The decision log by status (`HandbookView.adr_statuses`, as the log counts them), each
    bar in its badge's colour; ``None`` without ADRs."""
    if not statuses:
        return None
    top = max(count for _, count in statuses)
    bars = tuple(Bar(status[:1].upper() + status[1:],
                     (Segment(count, status if status in STATUSES else "unknown"),),
                     top, str(count)) for status, count in statuses)
    said = ", ".join(f"{count} {status}" for status, count in statuses)
    return Chart("decisions", bars, f"Decisions by status: {said}.")


def svg(chart: Chart) -> str:
    """The chart as an inline SVG scaled to its container by its ``viewBox``: a row per bar,
    its label, its segments and its value."""
    rows: list[str] = []
    for index, bar in enumerate(chart.bars):
        top = index * _ROW
        label = bar.label if len(bar.label) <= _LABEL_CHARS else \
            bar.label[:_LABEL_CHARS - 1] + "…"
        rows.append(f'<text class="cth-chart__label" x="0" y="{top + _BASELINE}">'
                    f"{html.escape(label)}</text>")
        x = float(_BAR_X)
        for segment in bar.segments:
            width = max(1.0, round(segment.count * _BAR_WIDTH / bar.total, 1))
            rows.append(f'<rect class="cth-chart__bar cth-chart__bar--{segment.kind}" '
                        f'x="{x:g}" y="{top + (_ROW - _BAR_HEIGHT) // 2}" width="{width:g}" '
                        f'height="{_BAR_HEIGHT}"></rect>')
            x += width
        rows.append(f'<text class="cth-chart__value" x="{x + 4:g}" y="{top + _BASELINE}">'
                    f"{html.escape(bar.value)}</text>")
    text = html.escape(chart.text)
    return (f'<svg class="cth-chart__svg" viewBox="0 0 {_WIDTH} {len(chart.bars) * _ROW}" '
            f'role="img"><title>{text}</title>{"".join(rows)}</svg>')


def figure(chart: Chart) -> str:
    """The chart with its numbers in words as its caption, on one line: a Markdown page takes
    it as one block of HTML."""
    return (f'<figure class="cth-chart cth-chart--{chart.kind}">{svg(chart)}'
            f"<figcaption>{html.escape(chart.text)}</figcaption></figure>")


def overview_charts(hb: HandbookView) -> str:
    """The overview's charts side by side, as one block of HTML for its Markdown; ``""`` when
    there is nothing to draw."""
    charts = [chart for chart in (review_chart(hb), expiry_chart(hb),
                                  coverage_chart(hb.controls), decision_chart(hb.adr_statuses))
              if chart is not None]
    if not charts:
        return ""
    return f'<div class="cth-charts">{"".join(figure(chart) for chart in charts)}</div>'
