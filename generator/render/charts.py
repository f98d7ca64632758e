"""Pictures made at build time as inline SVG: no chart library, no script, no request to another host.

Colours come from CSS classes (briefing.css) so the light and dark palettes and the print view apply.
Links inside an SVG are raw HTML that the site builder does not rewrite, so they only ever point at
anchors on the same page (chronology entries, month headings); the tables beside the charts carry the
cross-page links to source paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date

from markupsafe import Markup

from generator.core.models import ChronologyEntry, FigureSeries
from generator.render.escape import escape_text

STRIP_WIDTH = 720      # viewBox units; the SVG scales to the column width
STRIP_HEIGHT = 64      # bars up to 40 units tall, a line of year labels under them
BAR_ROW = 26           # one row per figure in a series chart: a 16-unit bar and its gap
LABEL_WIDTH = 230      # room for "12 March 2017 · Reuters" left of the bars
MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _esc(value: object) -> Markup:

    return escape_text(value)


@dataclass(frozen=True)
class Span:
    """Months an event's date covers, as month indexes (year * 12 + month - 1), first and last inclusive."""

    first: int
    last: int


def month_span(value: str | None, precision: str | None) -> Span | None:
    """The months a date at its precision covers: a day or week is one month, a season three, a year twelve."""
    if not value:
        return None
    try:
        year = int(value[:4])
        if precision == "season" or value[-3:-2] == "-" and value[-2:] in SEASON_MONTHS:
            first, last = SEASON_MONTHS[value[-2:]]
            return Span(year * 12 + first - 1, year * 12 + last - 1)
        if precision == "week" or "-W" in value:
            monday = Date.fromisocalendar(year, int(value.split("-W")[1]), 1)
            return Span(monday.year * 12 + monday.month - 1, monday.year * 12 + monday.month - 1)
        if len(value) >= 7:
            month = int(value[5:7])
            return Span(year * 12 + month - 1, year * 12 + month - 1)
        return Span(year * 12, year * 12 + 11)
    except (ValueError, KeyError):
        return None


def events_strip(entries: list[ChronologyEntry], label: str = "Events over time",
                 on_page: list[ChronologyEntry] | None = None) -> Markup:
    """A strip of bars, one per month with events dated to the month or day; vaguer dates as faint bands.

    Each bar links to the first entry of its month on the same page; year labels link to nothing (the
    year headings are one scroll away and not on every page that shows a strip). A page that charts
    more events than it lists (an entity's timeline) passes the ones it lists as `on_page`: a bar then
    links to the first of those in its month, or to nothing.
    """
    listed = None if on_page is None else {e.id for e in on_page}

    def linked(group: list[ChronologyEntry], shape: str) -> str:
        target = next((e for e in group if listed is None or e.id in listed), None)
        return f'<a href="#{_esc(target.id)}">{shape}</a>' if target else shape

    spans = [(e, month_span(e.date, e.precision)) for e in entries]
    spans = [(e, s) for e, s in spans if s is not None]
    if not spans:
        return Markup("")
    first_year = min(s.first for _, s in spans) // 12
    last_year = max(s.last for _, s in spans) // 12
    months = (last_year - first_year + 1) * 12
    step = STRIP_WIDTH / months
    base = first_year * 12
    exact: dict[int, list[ChronologyEntry]] = {}
    bands: dict[tuple[int, int], list[ChronologyEntry]] = {}
    for entry, span in spans:
        if span.first == span.last:
            exact.setdefault(span.first, []).append(entry)
        else:
            bands.setdefault((span.first, span.last), []).append(entry)
    tallest = max((len(v) for v in exact.values()), default=1)
    parts = [
        f'<svg class="chart events-strip" viewBox="0 0 {STRIP_WIDTH} {STRIP_HEIGHT}" role="img" '
        f'aria-label="{_esc(label)}: {len(spans)} dated events, {first_year} to {last_year}">'
    ]
    for (first, last), group in sorted(bands.items()):
        x, w = (first - base) * step, (last - first + 1) * step
        parts.append(linked(group,
            f'<rect class="band" x="{x:.1f}" y="0" width="{w:.1f}" height="40">'
            f"<title>{len(group)} event{'s' if len(group) != 1 else ''} dated only to {_esc(_span_label(first, last))}</title></rect>"
        ))
    for month, group in sorted(exact.items()):
        h = max(6.0, 40 * len(group) / tallest)
        x = (month - base) * step
        parts.append(linked(group,
            f'<rect class="bar" x="{x + step * 0.1:.1f}" y="{40 - h:.1f}" '
            f'width="{max(step * 0.8, 2):.1f}" height="{h:.1f}"><title>{MONTHS_SHORT[month % 12]} {month // 12}: '
            f"{len(group)} event{'s' if len(group) != 1 else ''}</title></rect>"
        ))
    for year in range(first_year, last_year + 1):
        x = (year * 12 - base) * step
        parts.append(f'<line class="tick" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="46"/>')
        parts.append(f'<text class="label" x="{x + 6 * step:.1f}" y="60" text-anchor="middle">{year}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _span_label(first: int, last: int) -> str:
    if last - first == 11 and first % 12 == 0:
        return str(first // 12)
    return f"{MONTHS_SHORT[first % 12]}–{MONTHS_SHORT[last % 12]} {first // 12}"


def series_chart(series: FigureSeries, labels: list[str]) -> Markup:
    """Horizontal bars, one per figure of a series in date order, each labelled with when and who said it."""
    points = series.points
    if not points:
        return Markup("")
    top = max(abs(p.value) for p in points) or 1.0
    width = STRIP_WIDTH - LABEL_WIDTH - 110  # room on the right for the value
    height = BAR_ROW * len(points) + 4
    parts = [
        f'<svg class="chart series-chart" viewBox="0 0 {STRIP_WIDTH} {height}" role="img" '
        f'aria-label="{_esc(series.measure)} ({_esc(series.unit)}): {len(points)} figures">'
    ]
    for i, (point, label) in enumerate(zip(points, labels)):
        y = 2 + i * BAR_ROW
        w = max(2.0, width * abs(point.value) / top)
        value = f"{point.value:,.0f}" if float(point.value).is_integer() else f"{point.value:,}"
        parts.append(f'<text class="label" x="{LABEL_WIDTH - 8}" y="{y + 12}" text-anchor="end">{_esc(label)}</text>')
        parts.append(
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{w:.1f}" height="16">'
            f"<title>{_esc(point.text)}</title></rect>"
        )
        parts.append(f'<text class="value" x="{LABEL_WIDTH + w + 6:.1f}" y="{y + 12}">{_esc(value)} {_esc(point.unit)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
