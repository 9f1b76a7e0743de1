"""``accords timeline --chart``: the events on a time axis, drawn to fit the terminal.

One marker per event, stacked where events fall in the same column; each kind has its own
symbol (readable without colour) and a colour readable on light and dark backgrounds alike
(no white, yellow or bright variants). Labels sit in tiers above the markers, joined to them by
a thin line, chosen by importance (members' announcements and signings first) and as long as
the row leaves room for; no two overlap. A label is an event's title as every view shows it
(``render.clean``), cut to its room; where two labels would then read alike ("Trump announc…"
for Sudan's accession and Kazakhstan's), each drops the leading words the titles share and
shows the words that tell them apart ("…announces Sudan…", "…Kazakhstan will…"). Dropping
words was chosen over prefixing a country: an event names several countries and the title
already says which one it is about, and only labels that collide pay for it.

The axis has a tick for each year; a range of two years or less (``--since 2025``) spans its
first event's month to its last's, with a tick for each month, named where there is room.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import NamedTuple

from accords_cli.errors import UsageError
from accords_cli.models import EVENT_KINDS, Event
from accords_cli.render import Style, clean, show, terminal_width

# "default" is the terminal's own text colour, legible whatever its background.
SYMBOLS = {
    "announcement": ("●", "bold green"),
    "signing": ("◆", "bold magenta"),
    "ratification": ("✓", "green"),
    "diplomatic": ("■", "blue"),
    "agreement": ("▲", "cyan"),
    "summit": ("★", "magenta"),
    "visit": ("▼", "cyan"),
    "statement": ("○", "default"),
    "setback": ("✕", "red"),
    "flights": ("↗", "blue"),
    "policy": ("§", "default"),
}
assert set(SYMBOLS) == set(EVENT_KINDS), "every kind needs a symbol"
MORE = ("+", "bold")  # a column holds more events than fit
MORE_MEANING = "more events than fit"

# Which events get a label first when there is no room for all, after members' announcements
# and signings.
PRIORITY = (
    "announcement", "signing", "ratification", "summit", "agreement", "diplomatic", "setback",
    "visit", "policy", "flights", "statement",
)  # fmt: skip
assert set(PRIORITY) == set(EVENT_KINDS)
KEY_KINDS = ("signing", "announcement")  # a signing first: it is what an announcement promised

MIN_WIDTH = 20  # narrower, and not even the years fit
LABEL_TIERS = 6
MIN_LABEL = 8  # a label shorter than this says nothing
MAX_STACK = 6
MONTHS_SHOWN = 24  # a range of this many months or fewer gets a tick for each month
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
YEAR_TICK, MONTH_TICK = "┼", "┬"


@dataclass
class Canvas:
    """A grid of characters, each with an optional Rich style, and which cells are taken."""

    width: int
    rows: list[list[tuple[str, str]]]
    taken: set[tuple[int, int]] = field(default_factory=set)

    @classmethod
    def blank(cls, width: int, height: int) -> Canvas:
        return cls(width, [[(" ", "")] * width for _ in range(height)])

    def free(self, row: int, start: int, end: int, margin: int = 1) -> bool:
        """Whether columns start..end-1 of ``row`` fit and are free, with a margin either side."""
        if start < 0 or end > self.width:
            return False
        return all((row, c) not in self.taken for c in range(start - margin, end + margin))

    def put(self, row: int, column: int, text: str, style: str = "") -> None:
        for offset, char in enumerate(text):
            if 0 <= column + offset < self.width:
                self.rows[row][column + offset] = (char, style)
                self.taken.add((row, column + offset))


class Label(NamedTuple):
    """A label placed on the canvas: its row, first column, text and event."""

    row: int
    start: int
    text: str
    event: Event

    @property
    def cells(self) -> set[tuple[int, int]]:
        return {(self.row, self.start + i) for i in range(len(self.text))}


class Drawing(NamedTuple):
    canvas: Canvas
    axis: int  # the row of the time axis
    labels: list[Label]
    kinds: list[str]  # the kinds whose symbol is drawn, in legend order
    more: bool  # whether a "+" is drawn


def bounds(events: Sequence[Event]) -> tuple[date, date, bool]:
    """The axis's first and last day, and whether it has month ticks: whole years, or for
    a range of two years or less the months from the first event's to the last's."""
    first, last = min(e.date for e in events), max(e.date for e in events)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months > MONTHS_SHOWN:
        return date(first.year, 1, 1), date(last.year, 12, 31), False
    after = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return date(first.year, first.month, 1), date.fromordinal(after.toordinal() - 1), True


def _ticks(start: date, end: date, by_month: bool) -> list[tuple[date, str, int]]:
    """The axis's ticks: day, name, and rank (0 drawn and named first: the years)."""
    if not by_month:
        return [(date(year, 1, 1), str(year), 0) for year in range(start.year, end.year + 1)]
    ticks = []
    day = start
    while day <= end:
        if day.month == 1:
            ticks.append((day, str(day.year), 0))
        elif day == start:  # the first month names its year, there being no January before
            ticks.append((day, f"{MONTHS[day.month - 1]} {day.year}", 0))
        else:  # quarters named before the months between them
            ticks.append((day, MONTHS[day.month - 1], 1 if day.month % 3 == 1 else 2))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return ticks


def _named(ticks: Sequence[tuple[date, str, int]], start: date, end: date, width: int) -> int:
    """The highest rank of tick that gets its name: every month when three letters and a
    space fit between month ticks, else the quarters when they fit, else the years alone;
    names at even steps read as a scale, where names squeezed in wherever they fit do not."""
    for rank in (2, 1):
        columns = [_column(day, start, end, width) for day, _, r in ticks if r <= rank]
        if len(columns) > 1 and min(b - a for a, b in pairwise(columns)) >= 4:
            return rank
    return 0


def _column(day: date, start: date, end: date, width: int) -> int:
    span = (end - start).days or 1
    return min(width - 1, round((day - start).days / span * (width - 1)))


def _fit(title: str, room: int) -> str:
    """``title`` cut to ``room`` characters, or "" when too little of it would show."""
    if len(title) <= room:
        return title
    if room < MIN_LABEL:
        return ""
    return title[: room - 1].rstrip() + "…"


def _shared_words(a: str, b: str) -> int:
    """How many whole words ``a`` and ``b`` begin with alike."""
    count = 0
    for x, y in zip(a.casefold().split(), b.casefold().split(), strict=False):
        if x != y:
            break
        count += 1
    return count


def _told_apart(label: Label, titles: Sequence[str], column: int) -> Label:
    """``label`` as it must read to tell its event from those of ``titles`` (the other
    labelled events'), in no more room than it had.

    A cut label whose visible words begin another title drops as few of its leading words as
    bring the first word that differs into view (four letters of it), a leading "…" saying
    so. A label drawn leftwards keeps its right end on its line.
    """
    title = clean(label.event.title)
    seen = label.text.removesuffix("…").rstrip().casefold()
    if label.text == title or not seen:
        return label
    alike = [other for other in titles if other.casefold().startswith(seen)]
    shared = max((_shared_words(title, other) for other in alike), default=0)
    words = title.split()
    if shared == 0 or shared >= len(words):
        return label
    room = len(label.text) - 1  # after the leading "…"
    for drop in range(1, shared + 1):
        rest = title.split(None, drop)[-1]
        body = rest if len(rest) <= room else rest[: room - 1].rstrip() + "…"
        before = len(" ".join(words[drop:shared])) + (drop < shared)  # shared words still shown
        if len(body.removesuffix("…")) >= before + min(4, len(words[shared])):
            break
    if len(body) < 3:  # the room shows no more than the shared words: nothing better to say
        return label
    text = "…" + body
    start = label.start if label.start == column else label.start + len(label.text) - len(text)
    return label._replace(start=start, text=text)


def _room(taken: set[tuple[int, int]], row: int, column: int, width: int, step: int) -> int:
    """Free cells in ``row`` from ``column`` on (``step`` 1 rightwards, -1 leftwards), keeping
    a blank between this label and anything else."""
    if (row, column - step) in taken:
        return 0
    room, x = 0, column
    while 0 <= x < width and (row, x) not in taken and (row, x + step) not in taken:
        room, x = room + 1, x + step
    return room


def _place(
    chosen: Sequence[int], events: Sequence[Event], columns: Sequence[int], tops: dict[int, int],
    width: int, occupied: set[tuple[int, int]],
) -> list[tuple[Label, list[tuple[int, int]]]] | None:  # fmt: skip
    """Places labels for ``chosen`` (event indexes), or None when one of them cannot go.

    Right to left, each on the lowest tier with room: a label then never hides the line of a
    label to its left, which goes to a higher tier.
    """
    taken = set(occupied)
    placed = []
    for i in sorted(chosen, key=lambda i: (-columns[i], -i)):
        # Cleaned before it is measured: a title is data, and its escapes must show, not act,
        # and take the room they show in.
        column, title = columns[i], clean(events[i].title)
        spot = None
        # Rightwards on the lowest tier with room; leftwards, which can hide the line of a
        # label further left, only when no tier has room on the right (at the right edge).
        for step, tier in [(1, t) for t in range(LABEL_TIERS - 1, -1, -1)] + [
            (-1, t) for t in range(LABEL_TIERS - 1, -1, -1)
        ]:
            path = [(row, column) for row in range(tier + 1, tops[column])]
            if any(cell in taken for cell in path):
                continue
            text = _fit(title, _room(taken, tier, column, width, step))
            if text:
                begin = column if step == 1 else column - len(text) + 1
                spot = (Label(tier, begin, text, events[i]), path)
                break
        if spot is None:
            return None
        taken |= spot[0].cells | set(spot[1])
        placed.append(spot)
    return placed


def layout(events: list[Event], width: int, members: Collection[str] = frozenset()) -> Drawing:
    """Draw ``events`` (by date) on a canvas ``width`` columns wide.

    ``members`` (ISO codes) decides which announcements and signings are labelled first.
    """
    start, end, by_month = bounds(events)
    columns = [_column(e.date, start, end, width) for e in events]

    stacks: dict[int, list[int]] = {}
    for i, column in enumerate(columns):
        stacks.setdefault(column, []).append(i)
    height = min(MAX_STACK, max(len(stack) for stack in stacks.values()))
    canvas = Canvas.blank(width, LABEL_TIERS + height + 2)
    axis = LABEL_TIERS + height

    tops = {}
    more = False
    for column, stack in stacks.items():
        for level, i in enumerate(stack[:height]):
            symbol, colour = SYMBOLS[events[i].kind]
            canvas.put(axis - 1 - level, column, symbol, colour)
        if len(stack) > height:  # more than fit: the top marker says so
            canvas.put(axis - height, column, *MORE)
            more = True
        tops[column] = axis - min(len(stack), height)  # the row of the highest marker

    def importance(i: int) -> tuple[int, int, int]:  # smallest first
        event = events[i]
        key = event.kind in KEY_KINDS and bool(set(event.countries) & set(members))
        rank = KEY_KINDS.index(event.kind) if key else len(KEY_KINDS) + PRIORITY.index(event.kind)
        return (0 if key else 1, rank, i)

    chosen: list[int] = []
    placed: list[tuple[Label, list[tuple[int, int]]]] = []
    for i in sorted(range(len(events)), key=importance):
        trial = _place([*chosen, i], events, columns, tops, width, canvas.taken)
        if trial is not None:
            chosen.append(i)
            placed = trial
    where = {id(events[i]): columns[i] for i in range(len(events))}
    labels = []
    for label, path in sorted(placed, key=lambda spot: (spot[0].row, spot[0].start)):
        others = [clean(spot[0].event.title) for spot in placed if spot[0] is not label]
        label = _told_apart(label, others, where[id(label.event)])
        canvas.put(label.row, label.start, label.text, SYMBOLS[label.event.kind][1])
        for row, column in path:
            canvas.put(row, column, "│", "dim")
        labels.append(label)

    canvas.put(axis, 0, "─" * width, "dim")
    ticks = _ticks(start, end, by_month)
    for day, _, rank in ticks:
        canvas.put(axis, _column(day, start, end, width), MONTH_TICK if rank else YEAR_TICK, "dim")
    named = _named(ticks, start, end, width)
    for day, text, rank in sorted(ticks, key=lambda tick: tick[2]):  # years named first
        if rank > named:
            continue
        at = min(_column(day, start, end, width), width - len(text))
        if canvas.free(axis + 1, at, at + len(text)):
            canvas.put(axis + 1, at, text, "dim" if rank else "bold")

    drawn = {char for row in canvas.rows[:axis] for char, _ in row}
    kinds = [kind for kind, (symbol, _) in SYMBOLS.items() if symbol in drawn]
    return Drawing(canvas, axis, labels, kinds, more)


def legend(drawing: Drawing, events: Sequence[Event]) -> list[tuple[str, str]]:
    """One entry per glyph drawn: its text and colour."""
    items = [
        (f"{SYMBOLS[kind][0]} {kind} {sum(e.kind == kind for e in events)}", SYMBOLS[kind][1])
        for kind in drawing.kinds
    ]
    if drawing.more:
        items.append((f"{MORE[0]} {MORE_MEANING}", MORE[1]))
    return items


def draw(
    events: list[Event],
    style: Style,
    members: Collection[str] = frozenset(),
    listing: str = "accords timeline",
    reach: str = "",
) -> None:
    """Print the chart of ``events``; ``listing`` is the command that lists them, ``reach``
    how current the data is (``queries.reach``)."""
    from rich.console import Group
    from rich.text import Text

    width = terminal_width()  # not widened to render.MIN_WIDTH: the chart must fit
    if width < MIN_WIDTH:
        raise UsageError(
            f"the chart needs {MIN_WIDTH} columns and the terminal has {width};"
            f" '{listing}' lists the events"
        )
    ordered = sorted(events, key=lambda e: e.date)
    drawing = layout(ordered, width, members)
    lines = []
    for row in drawing.canvas.rows:
        line = Text()
        for char, char_style in row:
            line.append(char, "" if char_style == "default" else char_style)
        lines.append(line)
    first, last = ordered[0].date, ordered[-1].date
    title = Text(
        f"Abraham Accords timeline, {first.year} to {last.year}: {len(events)} events", "bold"
    )
    rows = [Text()]
    for text, colour in legend(drawing, ordered):
        if rows[-1].cell_len and rows[-1].cell_len + 3 + len(text) > width:
            rows.append(Text())
        if rows[-1].cell_len:
            rows[-1].append("   ")
        rows[-1].append(text, "" if colour == "default" else colour)
    which = "every event" if listing == "accords timeline" else "them"
    note = Text(f"{len(drawing.labels)} of {len(events)} labelled; `{listing}` lists {which}.")
    if reach:
        note.append(f"\n{reach[:1].upper()}{reach[1:]}.")
    note.stylize("dim")
    show(Group(title, Text(""), *lines, Text(""), *rows, note), style)
