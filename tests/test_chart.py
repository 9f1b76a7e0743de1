"""The timeline chart's geometry: labels never overlap or leave the canvas, markers sit above
the axis, the legend lists exactly the glyphs drawn, and the most telling events get labels."""

from __future__ import annotations

import itertools

import pytest
from typer.testing import CliRunner

from accords_cli import chart, cli
from accords_cli.models import Dataset, Event

from .pty_terminal import on_a_terminal

WIDTHS = [20, 40, 60, 80, 100, 120, 200]


def _events(real: Dataset) -> list[Event]:
    return sorted(real.events, key=lambda e: e.date)


def _members(real: Dataset) -> set[str]:
    return {m.code for m in real.members}


def _reads_as(text: str, title: str) -> bool:
    """Whether a label is its title: whole, or its words from the start or from a later word
    ("…" before), cut at the end ("…" after) unless they run to the title's end."""
    body = text.removeprefix("…").removesuffix("…")
    if text.startswith("…"):
        at = title.find(" " + body)
        begins = at >= 0
        ends = begins and at + 1 + len(body) == len(title)
    else:
        begins, ends = title.startswith(body), body == title
    return begins and (text.endswith("…") != ends) and len(body) >= 3


@pytest.mark.parametrize("width", WIDTHS)
def test_labels_are_disjoint_and_inside_the_canvas(real: Dataset, width: int) -> None:
    drawing = chart.layout(_events(real), width, _members(real))
    seen: set[tuple[int, int]] = set()
    for label in drawing.labels:
        cells = label.cells
        assert not cells & seen, label.text
        assert all(0 <= column < width and 0 <= row < chart.LABEL_TIERS for row, column in cells)
        # and a blank (or a connector) on either side
        assert (label.row, label.start - 1) not in seen and (
            label.row,
            label.start + len(label.text),
        ) not in seen
        seen |= cells
        assert _reads_as(label.text, label.event.title), (label.text, label.event.title)
    assert all(len(row) == width for row in drawing.canvas.rows)


@pytest.mark.parametrize("width", WIDTHS)
def test_markers_sit_above_the_axis(real: Dataset, width: int) -> None:
    drawing = chart.layout(_events(real), width, _members(real))
    symbols = {symbol for symbol, _ in chart.SYMBOLS.values()} | {chart.MORE[0]}
    rows = drawing.canvas.rows
    for index, row in enumerate(rows):
        has_marker = any(char in symbols for char, _ in row)
        if index >= drawing.axis:
            assert not has_marker
    assert all(char == "─" or char == "┼" for char, _ in rows[drawing.axis])
    assert any(char in symbols for char, _ in rows[drawing.axis - 1])


@pytest.mark.parametrize("width", WIDTHS)
def test_legend_is_exactly_the_glyphs_drawn(real: Dataset, width: int) -> None:
    events = _events(real)
    drawing = chart.layout(events, width, _members(real))
    drawn = {char for row in drawing.canvas.rows[: drawing.axis] for char, _ in row}
    glyphs = {symbol for symbol, _ in chart.SYMBOLS.values()} | {chart.MORE[0]}
    legend = {text.split()[0] for text, _ in chart.legend(drawing, events)}
    assert legend == drawn & glyphs


def test_overflow_glyph_is_in_the_legend(real: Dataset) -> None:
    events = _events(real)
    drawing = chart.layout(events, 60, _members(real))
    assert drawing.more
    assert any(text.startswith("+ ") for text, _ in chart.legend(drawing, events))


@pytest.mark.parametrize("width", [60, 80, 100, 120])
def test_the_members_key_events_are_labelled(real: Dataset, width: int) -> None:
    drawing = chart.layout(_events(real), width, _members(real))
    titles = {label.event.title for label in drawing.labels}
    signing = next(
        e for e in real.events if e.kind == "signing" and e.date.isoformat() == "2020-09-15"
    )
    kazakhstan = next(e for e in real.events if e.kind == "announcement" and "KZ" in e.countries)
    assert signing.title in titles
    assert kazakhstan.title in titles


def test_a_label_is_as_long_as_the_row_allows(real: Dataset) -> None:
    # the members' accessions alone at 200 columns leave room: their titles are drawn whole
    # (on the whole timeline the rows are crowded, and labels are cut as the rows allow)
    events = [e for e in _events(real) if e.kind in ("signing", "announcement")]
    drawing = chart.layout(events, 200, _members(real))
    whole = [label for label in drawing.labels if label.text == label.event.title]
    assert len(whole) >= len(drawing.labels) - 1
    assert any(len(label.text) > 40 for label in whole)


def test_colours_read_on_light_and_dark_backgrounds() -> None:
    for _, colour in chart.SYMBOLS.values():
        assert not any(word in colour for word in ("white", "yellow", "black", "bright"))


@pytest.mark.parametrize("width", ["20", "50", "60", "80", "120"])
def test_no_line_is_longer_than_the_terminal(runner: CliRunner, width: str) -> None:
    result = runner.invoke(
        cli.app, ["timeline", "--chart", "--color", "never"], env={"COLUMNS": width}
    )
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= int(width)


def test_too_narrow_says_so_in_one_line(runner: CliRunner) -> None:
    result = runner.invoke(cli.app, ["timeline", "--chart"], env={"COLUMNS": "12"})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "needs 20 columns" in result.stderr


def test_footer_reflects_the_filters(runner: CliRunner) -> None:
    plain = runner.invoke(cli.app, ["timeline", "--chart"]).stdout
    assert "`accords timeline` lists every event." in " ".join(plain.split())
    filtered = runner.invoke(
        cli.app, ["timeline", "--chart", "--country", "kazakhstan", "--since", "2025"]
    ).stdout  # the footer may wrap: read it as words
    assert "`accords timeline --since 2025-01-01 --country KZ` lists them." in " ".join(
        filtered.split()
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_every_event_has_a_marker_standing_on_the_axis(real: Dataset, width: int) -> None:
    from datetime import date

    events = _events(real)
    drawing = chart.layout(events, width, _members(real))
    start = date(events[0].date.year, 1, 1)
    end = date(events[-1].date.year, 12, 31)
    counts: dict[int, int] = {}
    for event in events:
        column = chart._column(event.date, start, end, width)
        counts[column] = counts.get(column, 0) + 1
    height = drawing.axis - chart.LABEL_TIERS
    glyphs = {symbol for symbol, _ in chart.SYMBOLS.values()} | {chart.MORE[0]}
    rows = drawing.canvas.rows
    for column, count in counts.items():
        stack = [row[column][0] for row in rows[drawing.axis - min(count, height) : drawing.axis]]
        assert all(char in glyphs for char in stack), (column, stack)
        assert rows[drawing.axis - min(count, height) - 1][column][0] not in glyphs


@pytest.mark.parametrize("width", WIDTHS)
def test_each_label_is_drawn_whole_and_joined_to_its_marker(real: Dataset, width: int) -> None:
    from datetime import date

    events = _events(real)
    drawing = chart.layout(events, width, _members(real))
    start, end = date(events[0].date.year, 1, 1), date(events[-1].date.year, 12, 31)
    rows = drawing.canvas.rows
    symbols = {symbol for symbol, _ in chart.SYMBOLS.values()} | {chart.MORE[0]}
    for label in drawing.labels:
        drawn = "".join(char for char, _ in rows[label.row][label.start :][: len(label.text)])
        assert drawn == label.text
        # From the row under the label down to the event's marker: a line, and only that.
        column = chart._column(label.event.date, start, end, width)
        assert (label.row, column) in label.cells
        below = [rows[r][column][0] for r in range(label.row + 1, drawing.axis)]
        top = next(i for i, char in enumerate(below) if char in symbols)
        assert set(below[:top]) <= {"│"}, (label.text, below)


def test_every_colour_is_a_style_rich_can_draw() -> None:
    from rich.style import Style

    for _, colour in [*chart.SYMBOLS.values(), chart.MORE]:
        if colour != "default":
            assert Style.parse(colour).color is not None or Style.parse(colour).bold


@pytest.mark.parametrize("width", [60, 200])
def test_the_legend_shows_each_glyph_in_the_colour_it_is_drawn_in(
    real: Dataset, width: int
) -> None:
    events = _events(real)
    drawing = chart.layout(events, width, _members(real))
    drawn = {char: style for row in drawing.canvas.rows[: drawing.axis] for char, style in row}
    for text, colour in chart.legend(drawing, events):
        assert drawn[text.split()[0]] == colour, text


@pytest.mark.parametrize("width", ["40", "60", "80", "120"])
def test_the_legend_fills_each_line_before_starting_the_next(
    runner: CliRunner, real: Dataset, width: str
) -> None:
    events = _events(real)
    drawing = chart.layout(events, int(width), _members(real))
    entries = [text for text, _ in chart.legend(drawing, events)]
    lines = runner.invoke(
        cli.app, ["timeline", "--chart", "--color", "never"], env={"COLUMNS": width}
    ).stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(entries[0]))
    footer = next(i for i, line in enumerate(lines) if " labelled;" in line)
    legend = [line.split("   ") for line in lines[first:footer]]
    assert [entry for line in legend for entry in line] == entries
    for line, after in itertools.pairwise(legend):
        assert len("   ".join([*line, after[0]])) > int(width)


# Labels that tell events apart; month ticks on a short range ----------------------------------


def _seen(label: chart.Label) -> str:
    return label.text.removeprefix("…").removesuffix("…").rstrip().casefold()


@pytest.mark.parametrize("width", [60, 80, 100, 120, 200])
def test_no_label_could_be_read_as_another_labelled_event(real: Dataset, width: int) -> None:
    drawing = chart.layout(_events(real), width, _members(real))
    for one, other in itertools.permutations(drawing.labels, 2):
        if not one.text.startswith("…"):
            assert not other.event.title.casefold().startswith(_seen(one)), (one, other.text)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_sudan_and_kazakhstan_accessions_read_apart(real: Dataset, width: int) -> None:
    drawing = chart.layout(_events(real), width, _members(real))
    texts = {label.event.title: label.text for label in drawing.labels}
    sudan = next(e for e in real.events if e.kind == "announcement" and "SD" in e.countries)
    kazakhstan = next(e for e in real.events if e.kind == "announcement" and "KZ" in e.countries)
    assert "Sud" in texts[sudan.title]
    assert "Kaza" in texts[kazakhstan.title]
    assert texts[sudan.title] != texts[kazakhstan.title]


def test_a_label_drops_only_the_words_it_must() -> None:
    from datetime import date

    def event(title: str) -> Event:
        return Event("e", date(2020, 1, 1), None, title, "", ("US",), "statement", ())

    label = chart.Label(0, 10, "Trump announces…", event("Trump announces Sudan-Israel ties"))
    others = ["Trump announces Kazakhstan will join"]
    assert chart._told_apart(label, others, 10).text == "…announces Suda…"
    # drawn leftwards of its line at column 15: it still ends there
    leftwards = chart._told_apart(label._replace(start=0), others, 15)
    assert (leftwards.start + len(leftwards.text) - 1, leftwards.text) == (15, "…announces Suda…")
    narrow = chart.Label(0, 0, "Trump ann…", label.event)
    assert chart._told_apart(narrow, others, 0).text == "…Sudan-Is…"
    assert chart._told_apart(label, ["Israel and Bahrain sign"], 10) == label  # none alike
    begun = chart.Label(0, 10, "Trump announces S…", label.event)
    assert chart._told_apart(begun, others, 10) == begun  # 'S' already tells them apart


@pytest.mark.parametrize(
    ("first", "last", "by_month"),
    [
        ("2025-02-05", "2026-06-27", True),
        ("2025-01-01", "2026-12-31", True),  # 24 months: about two years
        ("2025-01-01", "2027-01-01", False),  # 25
        ("2020-08-13", "2026-06-27", False),
    ],
)
def test_a_range_of_two_years_or_less_has_month_ticks(
    first: str, last: str, by_month: bool
) -> None:
    from datetime import date

    events = [
        Event("e", date.fromisoformat(day), None, "x", "", ("US",), "statement", ())
        for day in (first, last)
    ]
    start, end, months = chart.bounds(events)
    assert months is by_month
    assert start <= events[0].date and end >= events[-1].date
    if by_month:
        assert (start.day, start.month) == (1, events[0].date.month)
        assert end.month == events[-1].date.month and (end.day + 1 > 28)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_since_2025_names_months_on_the_axis(real: Dataset, width: int) -> None:
    from datetime import date

    events = [e for e in _events(real) if e.date >= date(2025, 1, 1)]
    drawing = chart.layout(events, width, _members(real))
    axis = "".join(char for char, _ in drawing.canvas.rows[drawing.axis])
    names = "".join(char for char, _ in drawing.canvas.rows[drawing.axis + 1]).split()
    assert axis.count(chart.MONTH_TICK) + axis.count(chart.YEAR_TICK) == 17  # Feb 2025-Jun 2026
    assert names[:2] == ["Feb", "2025"] and "2026" in names
    months = [name for name in names[2:] if name in chart.MONTHS]
    assert len(months) >= 3
    # named at even steps: every month, or every quarter, where a year's name leaves room
    quarters = {"Jan", "Apr", "Jul", "Oct"}
    assert set(months) <= quarters or len(months) >= 12


def test_the_whole_timeline_keeps_year_ticks_only(real: Dataset) -> None:
    drawing = chart.layout(_events(real), 80, _members(real))
    axis = {char for char, _ in drawing.canvas.rows[drawing.axis]}
    assert chart.MONTH_TICK not in axis


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_on_a_terminal_no_two_labels_read_alike(columns: int) -> None:
    import re

    shown, code = on_a_terminal(["timeline", "--chart", "--color", "never"], columns)
    assert code == 0
    lines = shown.split("\n")
    assert max(len(line) for line in lines) <= columns
    axis = next(i for i, line in enumerate(lines) if line.startswith("┼"))
    cut = [
        found.strip().removesuffix("…")
        for line in lines[2:axis]
        for found in re.findall(r"…?[^…│\s][^…│]*…", line)
    ]
    assert cut
    for one, other in itertools.permutations(cut, 2):
        assert not other.startswith(one), (one, other)  # 'Trump announc…' twice, say


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_on_a_terminal_since_2025_has_month_ticks(columns: int) -> None:
    shown, code = on_a_terminal(
        ["timeline", "--chart", "--since", "2025", "--color", "never"], columns
    )
    assert code == 0
    lines = shown.split("\n")
    axis = next(i for i, line in enumerate(lines) if line.startswith("┼"))
    assert chart.MONTH_TICK in lines[axis]
    assert lines[axis + 1].startswith("Feb 2025")
    assert {"Jul", "Oct"} <= set(lines[axis + 1].split())


@pytest.mark.parametrize(
    ("title", "room", "fitted"),
    [("Sudan signs", 11, "Sudan signs"), ("Sudan signs", 10, "Sudan sig…"), ("Sudan signs", 3, "")],
)
def test_a_title_that_fits_its_room_exactly_is_whole(title: str, room: int, fitted: str) -> None:
    assert chart._fit(title, room) == fitted


def test_shared_words_stop_at_the_first_difference() -> None:
    assert chart._shared_words("Trump announces Sudan deal", "Trump announces Kazakhstan deal") == 2
    assert chart._shared_words("a b c", "a x c") == 1


def test_each_legend_entry_wears_its_kinds_colour(runner: CliRunner) -> None:
    out = runner.invoke(
        cli.app, ["timeline", "--chart", "--color", "always"], env={"COLUMNS": "100"}
    ).stdout
    assert "\x1b[1;32m● announcement" in out  # bold green
    assert "\x1b[34m■ diplomatic" in out  # blue
    assert "\x1b[36m▲ agreement" in out  # cyan
