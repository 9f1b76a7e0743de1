"""``accords timeline --chart``: the events on a time axis, drawn to fit the terminal.

One marker per event, stacked where events fall in the same column; each kind has its own
symbol (readable without colour) and a colour readable on light and dark backgrounds alike
(no white, yellow or bright variants). Labels sit in tiers above the markers, joined to them by
a thin line, chosen by importance (members' announcements and signings first) and as long as
the row leaves room for; no two overlap. A label is an event's title as every view shows it
(``render.clean``), cut to its room.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
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
    first, last = min(e.date for e in events).year, max(e.date for e in events).year
    start, end = date(first, 1, 1), date(last, 12, 31)
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
    labels = []
    for label, path in sorted(placed, key=lambda spot: (spot[0].row, spot[0].start)):
        canvas.put(label.row, label.start, label.text, SYMBOLS[label.event.kind][1])
        for row, column in path:
            canvas.put(row, column, "│", "dim")
        labels.append(label)

    canvas.put(axis, 0, "─" * width, "dim")
    for year in range(first, last + 1):
        column = _column(date(year, 1, 1), start, end, width)
        canvas.put(axis, column, "┼", "dim")
        text = str(year)
        at = min(column, width - len(text))
        if canvas.free(axis + 1, at, at + len(text)):
            canvas.put(axis + 1, at, text, "bold")

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
