"""Hints that teach: a typo gets the close name and only a close one; an option people guess
gets the command that does the job, as typed on a terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from accords_cli import cli, closeness, queries
from accords_cli.models import Dataset


def run(runner: CliRunner, *args: str) -> object:
    return runner.invoke(cli.app, list(args))


def on_a_terminal(args: list[str], columns: int) -> tuple[str, int]:
    """Run accords on a pseudo-terminal ``columns`` wide, as a person would; what it showed
    (stdout and stderr, as the terminal mixes them) and its exit code."""
    import fcntl
    import struct
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "PAGER")}
    process = subprocess.Popen(
        [sys.executable, "-m", "accords_cli", *args],
        stdin=child, stdout=child, stderr=child, env={**env, "ACCORDS_PAGER": "cat"},
    )  # fmt: skip
    os.close(child)
    out = b""
    deadline = time.monotonic() + 30  # a safety net against a hang, not a measure
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        elif process.poll() is not None:
            break
    code = process.wait(timeout=10)
    os.close(main)
    return out.decode("utf-8", "replace").replace("\r\n", "\n"), code


# The distance --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "edits"),
    [
        ("show", "show", 0),
        ("shwo", "show", 1),  # a swap is one slip, not two
        ("rubo", "rubio", 1),
        ("bahrein", "bahrain", 1),
        ("morroco", "morocco", 2),
        ("narnia", "arabia", 3),
        ("", "abc", 3),
        ("abc", "", 3),
    ],
)
def test_distance_counts_each_slip_once(a: str, b: str, edits: int) -> None:
    assert closeness.distance(a, b) == edits
    assert closeness.distance(b, a) == edits


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("narnia", None),  # three edits from 'arabia' in six letters: not a slip
        ("atlantis", None),
        ("germany", None),
        ("serbia", None),  # two from 'syria' in six letters
        ("saudi arbia", "Saudi Arabia"),
        ("suadi", "Saudi Arabia"),
        ("morroco", "Morocco"),
        ("kazakstan", "Kazakhstan"),
        ("isreal", "Israel"),
        ("emirats", "United Arab Emirates"),
    ],
)
def test_a_state_is_suggested_only_when_close(real: Dataset, typed: str, meant: str) -> None:
    names = {name: s.name for s in queries.states(real) for name in (s.name, *s.aliases)}
    found = {names[name] for name in queries.suggest(typed, names, limit=10)}
    assert found == ({meant} if meant else set())


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("macron", None), ("biden", None), ("putin", None), ("rubbio", "Marco Rubio")],
)
def test_a_speaker_is_suggested_only_when_close(real: Dataset, typed: str, meant: str) -> None:
    found = queries.suggest(typed, queries.speakers(real), limit=10)
    assert found == ([meant] if meant else [])


def test_only_the_closest_are_offered() -> None:
    # 'sudan' is two edits from 'suadi', 'saudi' one: one slip beats two
    assert queries.suggest("suadi", ["Sudan", "Saudi Arabia"]) == ["Saudi Arabia"]


@pytest.mark.parametrize("typed", ["", "a", "ab"])
def test_too_little_typed_gets_no_guess(typed: str) -> None:
    assert queries.suggest(typed, ["ab", "abc", "a b"]) == []


# Names that are not found ---------------------------------------------------------------------


@pytest.mark.parametrize("args", [["show", "narnia"], ["timeline", "--country", "narnia"]])
def test_a_far_name_gets_no_suggestion(runner: CliRunner, args: list[str]) -> None:
    result = run(runner, *args)
    assert result.exit_code in (1, 2)
    assert "no country matching 'narnia'" in result.stderr
    assert "did you mean" not in result.stderr
    for far in ("Saudi Arabia", "Mauritania", "United States"):
        assert far not in result.stderr
