"""Tables and blocks drawn to the terminal's width, from cells that are Rich ``Text``.

Column widths are chosen here rather than by Rich's table, whose proportional shrinking wraps
a country name while a quote beside it has room to spare. The rule is: short columns (names,
codes, roles, dates) keep their whole width; prose columns share what is left; a short column
wraps only when every prose column is already at its readable minimum; below that, one block
per record. A URL is never folded: it runs past the right edge instead, so that a terminal's
copy and click still see one string.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

GAP = 2  # spaces between columns
MIN_PROSE = 24  # the narrowest a prose column may get before a table gives way to blocks


def widths(
    natural: Sequence[int], minimum: Sequence[int], floor: Sequence[int | None], width: int
) -> list[int] | None:
    """Column widths that fit ``width``, or None when no table can.

    ``natural`` is each column's widest line, ``minimum`` the narrowest it may wrap to (its
    longest word, or ``natural`` for a column that must not wrap); ``floor`` is None for a
    short column and, for a prose column, the width below which it would stop being readable.
    """
    room = width - GAP * (len(natural) - 1)
    if sum(natural) <= room:
        return list(natural)
    out = list(natural)
    short = [i for i, low in enumerate(floor) if low is None]
    long = [i for i, low in enumerate(floor) if low is not None]
    needed = sum(min(natural[i], max(floor[i] or 0, minimum[i])) for i in long)
    deficit = needed - (room - sum(natural[i] for i in short))
    # Short columns give way only when prose is already at its floor: the widest first.
    while deficit > 0:
        shrinkable = [i for i in short if out[i] > minimum[i]]
        if not shrinkable:
            return None
        widest = max(shrinkable, key=lambda i: out[i])
        out[widest] -= 1
        deficit -= 1
    left = room - sum(out[i] for i in short)
    # Prose columns start at their floor and share what is left over: a column wanting less
    # than an equal share takes what it wants, the others split the rest.
    base = {i: min(natural[i], max(floor[i] or 0, minimum[i])) for i in long}
    extra = left - sum(base.values())
    pending = sorted(long, key=lambda i: natural[i] - base[i])
    while pending:
        column = pending.pop(0)
        share = extra // (len(pending) + 1)
        given = min(natural[column] - base[column], share if pending else extra)
        out[column] = base[column] + given
        extra -= given
    return out


def table(
    console: Any,
    headings: Sequence[str],
    rows: Sequence[Sequence[Any]],
    column_widths: Sequence[int],
    width: int,
    trailer: bool = False,
    apart: bool = False,
) -> list[Any]:
    """The lines of a table: a bold heading row, a rule, then each row's cells side by side.

    With ``trailer`` the last cell (a URL) is not a column but a line of its own beneath its
    row, indented and never folded, so that it may run past the edge rather than break.
    With ``apart`` (cells hold several paragraphs) a blank line separates rows, so that each
    reads as one; otherwise a row starts where its first column does.
    """
    from rich.text import Text

    shown = list(headings[:-1]) if trailer else list(headings)
    last = len(shown) - 1
    rule = min(sum(column_widths[: last + 1]) + GAP * last, width)
    out = [_join([Text(h, style="bold") for h in shown], column_widths, last)]
    if trailer:
        out.append(Text("  " + headings[-1], style="bold"))
    out.append(Text("─" * rule, style="dim"))
    wrapped = [
        [list(cell.wrap(console, column_widths[i], overflow="fold")) for i, cell in enumerate(row)]
        for row in (row[: last + 1] for row in rows)
    ]
    for number, (row, cells) in enumerate(zip(rows, wrapped, strict=True)):
        if apart and number:
            out.append(Text(""))
        for depth in range(max(len(lines) for lines in cells)):
            parts = [lines[depth] if depth < len(lines) else Text("") for lines in cells]
            out.append(_join(parts, column_widths, last))
        if trailer:
            out += [Text("  ").append_text(line) for line in row[-1].split("\n")]
    return out


def _join(parts: Sequence[Any], column_widths: Sequence[int], last: int) -> Any:
    from rich.text import Text

    line = Text()
    for i, part in enumerate(parts):
        line.append_text(part)
        if i < last:
            line.append(" " * (column_widths[i] - part.cell_len + GAP))
    line.rstrip()
    return line


def blocks(
    console: Any,
    headings: Sequence[str],
    rows: Sequence[Sequence[Any]],
    unbroken: Sequence[bool],
    width: int,
) -> list[Any]:
    """One block per record: its first cell in bold, then one labelled line per other cell."""
    from rich.text import Text

    label_width = max((len(h) for h in headings[1:]), default=0)
    room = max(width - label_width - GAP - 2, 10)
    out: list[Any] = []
    for row in rows:
        first = row[0].copy()
        first.stylize("bold")
        out += list(first.wrap(console, width, overflow="fold"))
        for heading, cell, whole in zip(headings[1:], row[1:], unbroken[1:], strict=True):
            pieces = cell.split("\n") if whole else cell.wrap(console, room, overflow="fold")
            for depth, piece in enumerate(pieces):
                label = heading if depth == 0 else ""
                line = Text("  " + label.ljust(label_width + GAP), style="dim")
                line.append_text(piece)
                line.rstrip()
                out.append(line)
        out.append(Text(""))
    return out
