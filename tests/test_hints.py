"""Hints that teach: a typo gets the close name and only a close one; an option people guess
gets the command that does the job, as typed on a terminal."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from accords_cli import cli, closeness, queries
from accords_cli.models import Dataset

from .pty_terminal import on_a_terminal


def run(runner: CliRunner, *args: str) -> object:
    return runner.invoke(cli.app, list(args))


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
        ("ab", "bc", 2),  # only the same two letters, crossed, make a swap
        ("abcd", "badc", 2),
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


def test_of_names_within_reach_only_the_nearest_are_kept() -> None:
    # eight letters allow two slips: 'near' is one away, 'far' two
    found = closeness.closest("abcdefgh", [("near", ["abcdefgx"]), ("far", ["abcdefxx"])])
    assert found == ["near"]


def test_a_name_is_as_near_as_its_nearest_form() -> None:
    # 'a' is one slip away by its first form and two by its second: it ties with 'b'
    names = [("a", ["abcdefgx", "abcdefxx"]), ("b", ["abcdefgy"])]
    assert closeness.closest("abcdefgh", names) == ["a", "b"]


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


# Options people guess ---------------------------------------------------------------------------

TAUGHT = {
    "quote --speaker rubio": "Give the speaker without an option: accords quote rubio",
    "quote --speaker=rubio --json": "Give the speaker without an option:"
    " accords quote rubio --json",
    "timeline --speaker rubio": "Quotes by a speaker: accords quote rubio",
    "members --country KZ": "For one state: accords show KZ or accords timeline --country KZ",
    "members -c KZ": "For one state: accords show KZ or accords timeline --country KZ",
    "show --country KZ": "Give the country without an option: accords show KZ",
    "figures --country AE --json": "Give the country without an option: accords figures AE --json",
    "timeline --year 2026": "For one year: accords timeline --since 2026 --until 2026",
    "quote rubio --year 2025": "For one year: accords quote rubio --since 2025 --until 2025",
    "members --year 2020": "The members at the end of a year: accords members --as-of 2020",
    "candidates --year 2020": "One year's events: accords timeline --since 2020 --until 2020",
    "timeline --year": "For one year: accords timeline --since YEAR --until YEAR",
    "timeline --from 2025": "The option is --since: accords timeline --since 2025",
    "quote --to 2021": "The option is --until: accords quote --until 2021",
    "show --sources": "show already lists its sources; just them:"
    " accords sources --country COUNTRY",
    "show saudi arabia --sources": "show already lists its sources; just them:"
    " accords sources --country 'saudi arabia'",
    "show --data x.yaml KZ --sources": "show already lists its sources; just them:"
    " accords sources --country KZ",
    "search peace --sources": "Every source the data cites: accords sources",
    "members --country a\nb": "For one state: accords show COUNTRY"
    " or accords timeline --country COUNTRY",  # not a line break in a command to copy
}


@pytest.mark.parametrize("line", TAUGHT)
def test_a_guessed_option_gets_what_does_the_job(runner: CliRunner, line: str) -> None:
    result = run(runner, *line.split(" "))
    assert result.exit_code == 2
    assert result.stdout == ""
    option = next(word for word in line.split(" ") if word.startswith("-") and word != "--data")
    first, second = result.stderr.splitlines()
    assert first == f"accords: No such option: {option.split('=')[0]}"
    assert second == TAUGHT[line]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("timeline --sinse 2025", "No such option: --sinse; did you mean --since?"),
        ("members --feilds name", "No such option: --feilds; did you mean --fields?"),
        ("members --colour never", "No such option: --colour; did you mean --color?"),
        ("members --jsno", "No such option: --jsno; did you mean --json?"),
        ("timeline --foo", "No such option: --foo"),
        ("timeline --chars", "No such option: --chars; did you mean --chart?"),
        ("members --lim 3", "No such option: --lim; did you mean --limit?"),
        ("members --no-", "No such option: --no-; did you mean --no-color or --no-pager?"),
        ("quote --spaeker x", "No such option: --spaeker"),  # not --no-pager
        ("timeline --reverso", "No such option: --reverso; did you mean --reverse?"),
    ],
)
def test_a_mistyped_option_gets_only_a_close_one(
    runner: CliRunner, line: str, message: str
) -> None:
    result = run(runner, *line.split())
    assert result.exit_code == 2
    command = line.split()[0]
    assert result.stderr.splitlines() == [
        f"accords: {message}",
        f"Try 'accords {command} --help'.",
    ]
    assert "Possible options" not in result.stderr


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("shwo", "No such command 'shwo'. Did you mean 'show'?"),
        ("memebrs", "No such command 'memebrs'. Did you mean 'members'?"),
        ("narnia", "No such command 'narnia'."),
        ("sourcse", "No such command 'sourcse'. Did you mean 'sources'?"),
        ("quit", "No such command 'quit'."),  # two slips in four letters: not 'quote'
        ("publish", "No such command 'publish'. Did you mean 'publishers'?"),  # begun
    ],
)
def test_a_mistyped_command_gets_only_a_close_one(
    runner: CliRunner, typed: str, message: str
) -> None:
    result = run(runner, typed)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"accords: {message}"


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize(
    ("line", "taught"),
    [
        ("quote --speaker rubio", "Give the speaker without an option: accords quote rubio"),
        ("members --country KZ", "For one state: accords show KZ or accords timeline"),
        ("timeline --year 2026", "For one year: accords timeline --since 2026 --until 2026"),
        ("show --sources", "show already lists its sources"),
    ],
)
def test_on_a_terminal_the_hint_is_one_whole_line(columns: int, line: str, taught: str) -> None:
    shown, code = on_a_terminal(line.split(), columns)
    assert code == 2
    lines = shown.strip("\n").split("\n")
    assert len(lines) == 2, shown
    assert lines[1].startswith(taught)
    assert "Possible options" not in shown and "Try '" not in shown
    # and what it suggests runs
    assert len(lines[1]) <= 80  # a command to copy is not broken by the terminal at 80
    suggested = lines[1].split(": ", 1)[1].split(" or ")[0]
    if "COUNTRY" not in suggested:
        args = [*suggested.split()[1:], "--json"]
        done = subprocess.run(
            [sys.executable, "-m", "accords_cli", *args], capture_output=True, text=True
        )
        assert done.returncode == 0, (suggested, done.stderr)
