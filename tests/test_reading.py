"""What a person reads on a terminal of 60, 80 and 120 columns, run as they run it: on a
pseudo-terminal of that size, colour left to the program, nothing set but the size.

Help summaries whole, search headings styled as meant, and tables that give prose the room.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from .pty_terminal import run

WIDTHS = [60, 80, 120]
_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_ESCAPES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")


def terminal(args: list[str], width: int) -> str:
    """What ``accords ARGS`` shows on a terminal ``width`` columns wide (escapes kept)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "PAGER")}
    # The whole text, as printed; the age reminder is test_age's.
    env |= {"TERM": "xterm-256color", "ACCORDS_PAGER": "", "ACCORDS_NO_AGE_WARNING": "1"}
    shown, _, code = run(args, env, columns=width, rows=1000)
    assert code == 0
    return shown


def seen(text: str) -> list[str]:
    """The lines as read, colour and links removed."""
    return _ESCAPES.sub("", text).splitlines()


def piped(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "accords_cli", *args], capture_output=True, text=True, check=True
    )
    return result.stdout


# Help ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_help_gives_each_commands_whole_summary(width: int) -> None:
    lines = seen(terminal(["--help"], width))
    listed = lines[lines.index("Commands:") + 1 :]
    assert all(len(line) <= width for line in lines)
    assert not any("..." in line or "…" in line for line in listed)
    # Read together, a command's lines are its help's whole first sentence.
    summaries: dict[str, str] = {}
    for line in listed:
        name, _, text = line.strip().partition("  ")
        if line.startswith("  ") and not line.startswith("   "):
            summaries[name] = text.strip()
        elif line.strip():
            summaries[list(summaries)[-1]] += " " + line.strip()
    for name, summary in summaries.items():
        first = " ".join(piped(name, "--help").split("\n\n")[1].split())
        assert summary == first.split(". ")[0].rstrip(".") + ".", name


# Search headings ------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_search_headings_date_in_cyan_title_under_itself(width: int) -> None:
    shown = terminal(["search", "lapid"], width)
    coloured, lines = shown.splitlines(), seen(shown)
    events = json.loads(piped("search", "lapid", "--json"))
    dated = [hit["record"] for hit in events if hit["kind"] == "event"]
    assert dated
    for event in dated:
        end = event["end_date"]
        when = event["date"] + (
            f" to {end[5:] if end[:4] == event['date'][:4] else end}" if end else ""
        )
        first = f"  {when} {event['title'].split()[0]}"
        at = next(i for i, line in enumerate(lines) if line.startswith(first))
        # The date is cyan, the title bold and never cyan.
        styles = _styles(coloured[at])
        assert styles[when] == {"36"}
        assert all(
            "36" not in codes and "1" in codes for text, codes in styles.items() if text != when
        )
        # Wrapped lines of the title start where the title does, not under the date.
        indent = " " * (len(when) + 3)
        title = [lines[at][len(indent) :]]
        for line in lines[at + 1 :]:
            if not line.startswith(indent):
                break
            title.append(line)
        assert " ".join(line.strip() for line in title) == event["title"]
        assert all(line == line.rstrip() for line in title)


def _styles(line: str) -> dict[str, set[str]]:
    """Each run of text on a coloured line and the SGR codes it is drawn with."""
    runs: dict[str, set[str]] = {}
    codes: set[str] = set()
    at = 0
    for match in _SGR.finditer(line):
        if line[at : match.start()].strip():
            runs[line[at : match.start()].strip()] = set(codes)
        codes = set(match.group(1).split(";")) - {"0", ""}
        at = match.end()
    return runs


# Tables that give prose the room ------------------------------------------------------------


def _columns(lines: list[str], *headings: str) -> dict[str, tuple[int, int | None]]:
    """Where each column of a drawn table starts and ends, from its heading row."""
    header = next(line for line in lines if line.split()[:1] == [headings[0]])
    starts = [re.search(rf"(?<!\S){heading}(?!\S)", header).start() for heading in headings]  # type: ignore[union-attr]
    ends: list[int | None] = [start - 2 for start in starts[1:]] + [None]
    return dict(zip(headings, zip(starts, ends, strict=True), strict=True))


def _rows(lines: list[str]) -> list[str]:
    """The first line of each row: the one that starts with its date and a column's gap (a
    wrapped caption may start with a date too, followed by one space)."""
    return [line for line in lines if re.match(r"\d{4}-\d\d-\d\d  ", line)]


@pytest.mark.parametrize("width", WIDTHS)
def test_timeline_gives_titles_the_room(width: int) -> None:
    lines = seen(terminal(["timeline"], width))
    events = json.loads(piped("timeline", "--json"))
    at = _columns(lines, "Date", "Event", "Countries", "Ev")
    # A column of dates as wide as one date, countries as wide as four codes: the rest is the
    # titles' (60 columns: 28, 80: 48, 120: as wide as the longest title needs).
    assert at["Event"][0] == len("2020-08-13  ")
    assert at["Ev"][0] - at["Countries"][0] - 2 <= len("AE, IL, US, PS")
    longest = max(len(event["title"]) for event in events)
    assert (at["Event"][1] or 0) - at["Event"][0] >= min(width - 32, longest)
    rows = _rows(lines)
    assert len(rows) == len(events)
    for line, event in zip(rows, events, strict=True):
        codes = event["countries"]
        shown = line[at["Countries"][0] : at["Countries"][1]].strip()
        # Four codes at most; a longer list shows its first three and how many more.
        assert shown == (
            ", ".join(codes) if len(codes) <= 4 else f"{', '.join(codes[:3])} +{len(codes) - 3}"
        )
        if event["end_date"]:  # the range's end beneath its start
            end = event["end_date"]
            after = lines[lines.index(line) + 1]
            assert after.startswith(f"to {end[5:] if end[:4] == event['date'][:4] else end}")
    assert any(len(event["countries"]) > 4 for event in events)  # the cap is met
    assert any(event["end_date"] for event in events)  # and so are ranges


def test_every_export_keeps_the_whole_list_of_countries() -> None:
    events = json.loads(piped("timeline", "--json"))
    many = [event for event in events if len(event["countries"]) > 4]
    assert many
    plain = piped("timeline").splitlines()
    rows = {(line.split("\t")[0], line.split("\t")[1]): line.split("\t") for line in plain}
    csv_text = piped("timeline", "--format", "csv")
    markdown = piped("timeline", "--format", "markdown")
    for event in many:
        whole = ", ".join(event["countries"])
        assert rows[event["date"], event["title"]][2] == whole
        assert "; ".join(event["countries"]) in csv_text
        assert f"| {whole} |" in markdown
    assert "+" not in "".join(row[2] for row in rows.values())


@pytest.mark.parametrize("width", WIDTHS)
def test_quotes_of_one_speaker_name_him_once(width: int) -> None:
    # Two roles (senator, then secretary of state): the role stays, his name goes.
    lines = seen(terminal(["quote", "rubio"], width))
    assert lines[0] == "Abraham Accords quotes · by Marco Rubio"
    words = {word for line in lines for word in line.split()}
    assert "Speaker" not in words and "Role" in words
    assert not any("Marco Rubio" in line for line in lines[1:] if "@" not in line)
    # One role: said once, in the title.
    lines = seen(terminal(["quote", "sa'ar"], width))
    title = " ".join(lines[: lines.index("")])
    assert title == "Abraham Accords quotes · by Gideon Sa'ar (Foreign Minister of Israel)"
    lines = lines[lines.index("") :]
    words = {word for line in lines for word in line.split()}
    assert not {"Speaker", "Role"} & words
    assert not any("Foreign Minister of Israel" in line for line in lines)
    # Two speakers matched: each row must say whose words they are.
    lines = seen(terminal(["quote", "bin"], width))
    assert "Speaker" in {word for line in lines for word in line.split()}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("args", "heading"),
    [
        (["members", "--status", "in-force"], "Status"),
        (["publishers", "--kind", "wire"], "Kind"),
        (["publishers", "--reliability", "unreliable"], "Reliability"),
    ],
)
def test_a_listing_filtered_to_one_value_leaves_its_column_out(
    width: int, args: list[str], heading: str
) -> None:
    every = seen(terminal(args[:1], width))
    filtered = seen(terminal(args, width))
    assert filtered[0].endswith(f"{args[1][2:]} {args[2]}")  # the title says it once
    assert heading in {word for line in every for word in line.split()}
    assert heading not in {word for line in filtered for word in line.split()}


def test_fields_asked_for_are_shown_even_when_fixed() -> None:
    lines = seen(terminal(["timeline", "--kind", "summit", "--fields", "date,kind,title"], 80))
    assert lines[2].split() == ["Date", "Kind", "Event"]
