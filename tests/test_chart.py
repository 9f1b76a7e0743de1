"""The timeline chart's geometry: labels never overlap or leave the canvas, markers sit above
the axis, the legend lists exactly the glyphs drawn, and the most telling events get labels."""

from __future__ import annotations

import itertools

import pytest
from typer.testing import CliRunner

from accords_cli import chart, cli
from accords_cli.models import Dataset, Event

WIDTHS = [20, 40, 60, 80, 100, 120, 200]


def _events(real: Dataset) -> list[Event]:
    return sorted(real.events, key=lambda e: e.date)


def _members(real: Dataset) -> set[str]:
    return {m.code for m in real.members}


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
        assert label.text == label.event.title or label.text.endswith("…")
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
    drawing = chart.layout(_events(real), 200, _members(real))
    assert any(len(label.text) > 22 and label.text == label.event.title for label in drawing.labels)


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
    assert "`accords timeline` lists every event." in plain
    filtered = runner.invoke(
        cli.app, ["timeline", "--chart", "--country", "kazakhstan", "--since", "2025"]
    ).stdout
    assert "`accords timeline --since 2025-01-01 --country KZ` lists them." in filtered


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
