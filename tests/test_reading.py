"""What a person reads on a terminal of 60, 80 and 120 columns, run as they run it: on a
pseudo-terminal of that size, colour left to the program, nothing set but the size.

Help summaries whole, search headings styled as meant, and tables that give prose the room.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys

import pytest

WIDTHS = [60, 80, 120]
_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_ESCAPES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")


def terminal(args: list[str], width: int) -> str:
    """What ``accords ARGS`` shows on a terminal ``width`` columns wide (escapes kept)."""
    import fcntl
    import struct
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 1000, width, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "PAGER")}
    env.update(TERM="xterm-256color", ACCORDS_PAGER="")  # the whole text, as printed
    process = subprocess.Popen(
        [sys.executable, "-m", "accords_cli", *args],
        stdin=child, stdout=child, stderr=child, env=env,
    )  # fmt: skip
    os.close(child)
    out = b""
    while True:
        ready, _, _ = select.select([main], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the program ended and closed its side
            break
        if not chunk:
            break
        out += chunk
    assert process.wait(timeout=30) == 0
    os.close(main)
    return out.decode("utf-8").replace("\r\n", "\n")


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
