"""The data's age in words: the pure function that says it, the day taken as today, every
caption that carries it, and the one-line reminder a person at a terminal gets when the events
end long ago (and a script never does)."""

from __future__ import annotations

import calendar
import json
import os
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from accords_cli import age, cli, queries
from accords_cli.errors import UsageError
from accords_cli.models import Dataset

from .conftest import TODAY
from .pty_terminal import run

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")

# Age in words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("then", "now", "words"),
    [
        ("2026-12-06", "2026-12-06", "today"),
        ("2026-12-05", "2026-12-06", "yesterday"),
        ("2026-11-29", "2026-12-06", "7 days ago"),
        ("2026-11-23", "2026-12-06", "13 days ago"),
        ("2026-11-22", "2026-12-06", "2 weeks ago"),
        ("2026-11-15", "2026-12-06", "3 weeks ago"),
        ("2026-10-07", "2026-12-06", "8 weeks ago"),  # 60 days, not yet two calendar months
        ("2026-10-06", "2026-12-06", "2 months ago"),
        ("2026-07-05", "2026-12-06", "5 months ago"),  # the bundled data on its check date
        ("2025-12-07", "2026-12-06", "11 months ago"),
        ("2025-12-06", "2026-12-06", "12 months ago"),
        ("2024-12-07", "2026-12-06", "23 months ago"),  # not "1 year": that hides 11 months
        ("2024-12-06", "2026-12-06", "2 years ago"),
        ("2016-12-06", "2026-12-06", "10 years ago"),
        ("2026-12-07", "2026-12-06", "tomorrow"),
        ("2026-12-27", "2026-12-06", "in 3 weeks"),
        ("2028-01-01", "2026-12-06", "in 12 months"),
    ],
)
def test_ages_in_words(then: str, now: str, words: str) -> None:
    assert age.ago(date.fromisoformat(then), date.fromisoformat(now)) == words


def test_month_ends_count_a_month_when_its_day_is_reached() -> None:
    # January 31 has no day in February: a month has passed on March 1, not on February 28.
    assert age.amount(date(2026, 1, 31), date(2026, 2, 28)) == (4, "week")
    assert age.amount(date(2026, 1, 31), date(2026, 4, 1)) == (2, "month")
    assert age.amount(date(2024, 2, 29), date(2026, 2, 28)) == (23, "month")
    assert age.amount(date(2024, 2, 29), date(2026, 3, 1)) == (2, "year")


DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
WORDS = re.compile(
    r"today|yesterday|tomorrow|(?:in )?([2-9]|[1-9]\d+) (day|week|month|year)s(?: ago)?"
)


def _months_passed(then: date, now: date) -> int:
    """An oracle written apart from ``age``: how many times the day of the month of ``then``
    has come round by ``now`` (a day a month lacks comes on the first of the next)."""
    count = 0
    while True:
        years, month = divmod(then.month + count, 12)  # the month of the next anniversary
        year, month = then.year + years, month + 1
        last = calendar.monthrange(year, month)[1]
        due = date(year, month, min(then.day, last)) + timedelta(days=then.day > last)
        if due > now:
            return count
        count += 1


@given(DAYS, DAYS)
def test_words_are_one_of_the_forms_and_never_a_lone_unit(a: date, b: date) -> None:
    words = age.ago(a, b)
    assert WORDS.fullmatch(words), words
    if a > b:
        assert words == "tomorrow" or words.startswith("in ")
    else:
        assert "in " not in words and words != "tomorrow"


@given(DAYS, DAYS)
def test_the_unit_follows_the_span_and_the_count_rounds_down(a: date, b: date) -> None:
    earlier, later = min(a, b), max(a, b)
    days = (later - earlier).days
    months = _months_passed(earlier, later)
    count, unit = age.amount(earlier, later)
    if days < 14:
        assert (count, unit) == (days, "day")
    elif months < 2:
        assert (count, unit) == (days // 7, "week") and 2 <= count <= 9
    elif months < 24:
        assert (count, unit) == (months, "month")
    else:
        assert (count, unit) == (months // 12, "year")


@given(DAYS, st.integers(min_value=0, max_value=3000))
def test_an_older_date_never_reads_younger(then: date, days: int) -> None:
    """A day later, the age in words is never less: units only grow, counts only grow within."""
    order = ("day", "week", "month", "year")
    now = then + timedelta(days=days)
    count, unit = age.amount(then, now)
    later_count, later_unit = age.amount(then, now + timedelta(days=1))
    assert (order.index(later_unit), later_count) >= (order.index(unit), count)


@given(DAYS, DAYS)
def test_the_future_mirrors_the_past(a: date, b: date) -> None:
    if a <= b:
        return
    past = age.ago(b, a)
    assert age.ago(a, b) == ("tomorrow" if past == "yesterday" else "in " + past[: -len(" ago")])


# Today --------------------------------------------------------------------------------------


def test_today_is_accords_today_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(age.TODAY_ENV, "2030-02-03")
    assert age.today() == date(2030, 2, 3)
    monkeypatch.delenv(age.TODAY_ENV)
    before = date.today()
    found = age.today()
    assert before <= found <= date.today()


def test_a_bad_today_is_a_usage_error(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(age.TODAY_ENV, "next tuesday")
    with pytest.raises(UsageError, match="ACCORDS_TODAY: expected YYYY-MM-DD"):
        age.today()
    for args in (["members", "--format", "table"], ["--version"], ["info"]):
        result = runner.invoke(cli.app, args)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == "accords: ACCORDS_TODAY: expected YYYY-MM-DD, got 'next tuesday'\n"


# Captions and views -------------------------------------------------------------------------


def _words(real: Dataset) -> str:
    assert real.meta.coverage_end is not None
    return f"events to {real.meta.coverage_end}, {age.ago(real.meta.coverage_end, TODAY)}"


def _flat(text: str) -> str:
    """Screen text with its wrapping undone, so a phrase can be looked for whole."""
    return " ".join(text.split())


def test_reach_gives_the_end_its_age(real: Dataset) -> None:
    assert queries.reach(real.meta, TODAY) == (
        f"events to 2026-07-05, 5 months ago · checked {real.meta.as_of}"
    )
    older = real.meta._replace(coverage_end=None, as_of=date(2026, 1, 31))
    assert queries.reach(older, TODAY) == "checked 2026-01-31, 10 months ago"


@pytest.mark.parametrize(
    "args",
    [
        ["members"], ["candidates"], ["timeline"], ["quote", "rubio"], ["sources"],
        ["figures"], ["publishers"], ["show", "KZ"], ["search", "kushner"],
        ["timeline", "--chart"],
    ],
)  # fmt: skip
def test_every_view_for_people_says_the_age(
    runner: CliRunner, real: Dataset, args: list[str]
) -> None:
    drawn = args if "--chart" in args else [*args, "--format", "table"]
    result = runner.invoke(cli.app, drawn, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert _words(real) in _flat(result.stdout).replace("Events to", "events to")


def test_version_and_info_say_the_age(runner: CliRunner, real: Dataset) -> None:
    version = runner.invoke(cli.app, ["--version"]).stdout
    assert f"(data: {_words(real)} · checked {real.meta.as_of})" in version
    shown = runner.invoke(cli.app, ["info", "--format", "table"], env={"COLUMNS": "80"}).stdout
    assert "Coverage end     2026-07-05, 5 months ago" in shown
    assert "ACCORDS_NO_AGE_WARNING=1 turns it off" in _flat(shown)


def test_the_help_of_info_tells_how_to_turn_the_reminder_off(runner: CliRunner) -> None:
    shown = _flat(runner.invoke(cli.app, ["info", "--help"]).stdout)
    assert f"more than {age.OLD_AFTER_DAYS} days ago; {age.QUIET_ENV}=1 turns it off" in shown


def test_info_json_and_plain_give_the_age_in_days(
    runner: CliRunner, real: Dataset, small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    assert real.meta.coverage_end is not None
    document = json.loads(runner.invoke(cli.app, ["info", "--json"]).stdout)
    assert document["age_days"] == (TODAY - real.meta.coverage_end).days == 154
    assert list(document)[-1] == "age_days"  # added last: no key moved or renamed
    plain = runner.invoke(cli.app, ["info"]).stdout.splitlines()
    assert plain[-1] == "age_days\t154"
    older = str(write_data(small))  # no coverage end: the age of the check date
    document = json.loads(runner.invoke(cli.app, ["info", "--json", "--data", older]).stdout)
    assert document["age_days"] == (TODAY - date(2026, 1, 31)).days == 309


def test_the_age_moves_with_today(runner: CliRunner) -> None:
    def version(today: str) -> str:
        return runner.invoke(cli.app, ["--version"], env={age.TODAY_ENV: today}).stdout

    assert "events to 2026-07-05, yesterday ·" in version("2026-07-06")
    assert "events to 2026-07-05, 3 weeks ago ·" in version("2026-07-30")
    assert "events to 2026-07-05, 2 years ago ·" in version("2028-08-01")


# The reminder on a terminal -----------------------------------------------------------------

REMINDER = "accords: events in this data end 2026-07-05, 5 months ago; see 'accords info'"


def _on_a_terminal(
    args: list[str], width: int = 80, out_tty: bool = True, err_tty: bool = True, **env: str
) -> tuple[str, str]:
    """Run accords as a person does, stdout and stderr on a pseudo-terminal of ``width``
    columns (the same one, as in a shell), or either on a pipe; return (terminal, piped)."""
    base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    shown, piped, _ = run(
        args, {**base, "ACCORDS_PAGER": "", **env}, columns=width, rows=50,
        out_tty=out_tty, err_tty=err_tty,
    )  # fmt: skip
    return ANSI.sub("", shown), piped


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize(
    "args",
    [["members"], ["quote", "rubio"], ["show", "morocco"], ["search", "kushner"],
     ["timeline", "--chart"]],
)  # fmt: skip
def test_a_terminal_gets_one_reminder_after_the_view(args: list[str], width: int) -> None:
    shown, _ = _on_a_terminal(args, width)
    assert shown.count("accords:") == 1
    # One line, last, after the caption that says the age in the view's own words, so that it
    # is not lost above a long listing; the terminal folds it at its edge, nothing cuts it.
    assert shown.rstrip("\n").split("\n")[-1] == REMINDER
    assert "events to 2026-07-05, 5 months ago" in _flat(shown[: -len(REMINDER) - 1]).lower()
    assert len(REMINDER) <= 80


@pytest.mark.parametrize(
    ("args", "out_tty", "env"),
    [
        (["members"], False, {}),  # piped: a script reads the data
        (["members", "--json"], True, {}),  # a machine format, even on a terminal
        (["members", "--format", "csv"], True, {}),
        (["members", "--format", "plain"], True, {}),
        (["show", "KZ", "--json"], True, {}),
        (["search", "kushner", "--format", "yaml"], True, {}),
        (["timeline", "--chart"], False, {}),
        (["members"], True, {age.QUIET_ENV: "1"}),  # turned off
        (["info"], True, {}),  # info tells it at length: it is where the reminder points
        (["--version"], True, {}),  # the line itself says the age
        (["members"], True, {age.TODAY_ENV: "2026-10-03"}),  # 90 days: not yet old
    ],
)
def test_no_reminder_for_a_script_or_when_turned_off(
    args: list[str], out_tty: bool, env: dict[str, str]
) -> None:
    shown, piped = _on_a_terminal(args, 80, out_tty=out_tty, **env)
    assert "accords:" not in shown + piped
    assert (shown if out_tty else piped).strip()  # the command did show its output


def test_the_reminder_starts_the_day_after_the_threshold() -> None:
    first = date(2026, 7, 5) + timedelta(days=age.OLD_AFTER_DAYS + 1)
    shown, _ = _on_a_terminal(["members"], 80, **{age.TODAY_ENV: first.isoformat()})
    assert shown.rstrip("\n").split("\n")[-1] == (
        "accords: events in this data end 2026-07-05, 2 months ago; see 'accords info'"
    )


def test_the_reminder_goes_to_stderr_only() -> None:
    """With stdout on the terminal and stderr captured, the view has no reminder in it."""
    shown, piped = _on_a_terminal(["members"], 80, err_tty=False)
    assert "accords:" not in shown
    assert piped == REMINDER + "\n"


def test_an_older_file_is_measured_from_its_check_date(
    small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    shown, _ = _on_a_terminal(["members", "--data", str(write_data(small))])
    assert shown.rstrip("\n").split("\n")[-1] == (
        "accords: this data was checked 2026-01-31, 10 months ago; see 'accords info'"
    )
