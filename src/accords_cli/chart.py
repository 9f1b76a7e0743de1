"""``accords timeline --chart``: the events on a time axis, drawn to fit the terminal.

One marker per event, stacked where events fall in the same column; each kind has its own
symbol (readable without colour) and colour. Labels sit in tiers above the markers, each
starting at its event's column, and are placed only where they do not overlap another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from accords_cli.models import EVENT_KINDS, Event
from accords_cli.render import Style, console, show

SYMBOLS = {
    "announcement": ("●", "bright_green"),
    "signing": ("◆", "bright_cyan"),
    "ratification": ("✓", "green"),
    "diplomatic": ("■", "blue"),
    "agreement": ("▲", "cyan"),
    "summit": ("★", "yellow"),
    "visit": ("▼", "magenta"),
    "statement": ("○", "white"),
    "setback": ("✕", "red"),
    "flights": ("↗", "bright_blue"),
    "policy": ("§", "bright_magenta"),
}
assert set(SYMBOLS) == set(EVENT_KINDS), "every kind needs a symbol"

# Which events get a label first when there is no room for all.
PRIORITY = (
    "announcement", "signing", "ratification", "summit", "agreement", "diplomatic", "setback",
    "visit", "policy", "flights", "statement",
)  # fmt: skip
assert set(PRIORITY) == set(EVENT_KINDS)

MIN_WIDTH = 60
LABEL_TIERS = 4
LABEL_LENGTH = 22
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


def _column(day: date, start: date, end: date, width: int) -> int:
    span = (end - start).days or 1
    return min(width - 1, round((day - start).days / span * (width - 1)))


def _label(event: Event) -> str:
    title = event.title
    return title if len(title) <= LABEL_LENGTH else title[: LABEL_LENGTH - 1].rstrip() + "…"


def _spots(column: int, length: int) -> list[tuple[int, int]]:
    """Where a label may go: each tier from the markers up, starting or ending at the column."""
    return [
        (tier, begin)
        for tier in range(LABEL_TIERS - 1, -1, -1)
        for begin in (column, column - length + 1)
    ]


def layout(events: list[Event], width: int) -> tuple[Canvas, int]:
    """Draw ``events`` on a canvas ``width`` columns wide; return it and the labels placed."""
    width = max(width, MIN_WIDTH)
    first, last = min(e.date for e in events).year, max(e.date for e in events).year
    start, end = date(first, 1, 1), date(last, 12, 31)
    columns = [_column(e.date, start, end, width) for e in events]

    stacks: dict[int, list[Event]] = {}
    for event, column in zip(events, columns, strict=True):
        stacks.setdefault(column, []).append(event)
    height = min(MAX_STACK, max(len(stack) for stack in stacks.values()))
    canvas = Canvas.blank(width, LABEL_TIERS + height + 2)
    axis = LABEL_TIERS + height

    for column, stack in stacks.items():
        for level, event in enumerate(stack[:height]):
            symbol, colour = SYMBOLS[event.kind]
            canvas.put(axis - 1 - level, column, symbol, colour)
        if len(stack) > height:  # more than fit: the top marker says so
            canvas.put(axis - height, column, "+", "bold")

    # Labels: the most telling kinds first, each on the lowest free tier, joined to its marker
    # column by a thin line through the cells between.
    placed = 0
    order = sorted(range(len(events)), key=lambda i: (PRIORITY.index(events[i].kind), i))
    for i in order:
        event, column = events[i], columns[i]
        top = axis - min(len(stacks[column]), height)  # row of the highest marker
        text = _label(event)
        for tier, begin in _spots(column, len(text)):
            path = range(tier + 1, top)
            if canvas.free(tier, begin, begin + len(text)) and all(
                canvas.free(row, column, column + 1, margin=0) for row in path
            ):
                canvas.put(tier, begin, text, SYMBOLS[event.kind][1])
                for row in path:
                    canvas.put(row, column, "│", "dim")
                placed += 1
                break

    canvas.put(axis, 0, "─" * width, "dim")
    for year in range(first, last + 1):
        column = _column(date(year, 1, 1), start, end, width)
        canvas.put(axis, column, "┼", "dim")
        label = str(year)
        if canvas.free(axis + 1, column, column + len(label)) or column == 0:
            canvas.put(axis + 1, min(column, width - len(label)), label, "bold")
    return canvas, placed


def draw(events: list[Event], style: Style) -> None:
    from rich.console import Group
    from rich.text import Text

    width = max(console(style).width, MIN_WIDTH)
    canvas, placed = layout(sorted(events, key=lambda e: e.date), width)
    lines = []
    for row in canvas.rows:
        line = Text()
        for char, char_style in row:
            line.append(char, char_style)
        lines.append(line)
    first, last = min(e.date for e in events), max(e.date for e in events)
    title = Text(
        f"Abraham Accords timeline, {first.year} to {last.year}: {len(events)} events", "bold"
    )
    legend = [Text()]
    for kind, (symbol, colour) in SYMBOLS.items():
        count = sum(e.kind == kind for e in events)
        if not count:
            continue
        item = f"{symbol} {kind} {count}"
        if legend[-1].cell_len and legend[-1].cell_len + 3 + len(item) > width:
            legend.append(Text())
        if legend[-1].cell_len:
            legend[-1].append("   ")
        legend[-1].append(item, colour)
    note = Text(f"{placed} of {len(events)} labelled; `accords timeline` lists every event.", "dim")
    show(Group(title, Text(""), *lines, Text(""), *legend, note), style)
