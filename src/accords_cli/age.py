"""How old the data is: its age in words, the day taken as today, and the one-line reminder
shown on a terminal when the events end long ago.

A caption that says ``events to 2026-07-05 · checked 2026-11-30`` reads as "current to 30
November"; ``events to 2026-07-05, 5 months ago`` cannot be misread. Today comes from
``ACCORDS_TODAY`` (YYYY-MM-DD) when it is set, so that tests, and pages made from real output,
do not depend on the day they are made.
"""

import os
import sys
from datetime import date

from accords_cli.errors import UsageError
from accords_cli.models import Meta

TODAY_ENV = "ACCORDS_TODAY"
QUIET_ENV = "ACCORDS_NO_AGE_WARNING"  # set and not empty: no reminder, as NO_COLOR is for colour

# Measured on the bundled data: consecutive events lie a median 7 days apart, 95% of them at
# most 50 days, and in six years only one gap (the Gaza war, February to September 2024) passed
# 73 days. Events ending more than a quarter ago therefore almost surely miss something that has
# happened since. tealdeer warns after 30 days, but its pages are refreshed by a download; this
# file is refreshed by a release, and a month would make the reminder a constant.
OLD_AFTER_DAYS = 90

# Formats read by people on a terminal; every other format is data for a program.
_FOR_PEOPLE = ("table", "chart")


def today() -> date:
    """The day ages are measured to: ``ACCORDS_TODAY`` when set, else the system's date."""
    given = os.environ.get(TODAY_ENV, "").strip()
    if not given:
        return date.today()
    try:
        return date.fromisoformat(given)
    except ValueError:
        raise UsageError(f"{TODAY_ENV}: expected YYYY-MM-DD, got {given!r}") from None


def _months(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (January 31 to March 30 is one)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


def amount(earlier: date, later: date) -> tuple[int, str]:
    """The time from ``earlier`` to ``later`` in the largest unit counting at least two: days
    under two weeks, weeks under two months, months under two years, then years; always
    rounded down.

    Never "1 year" for 23 months: a unit takes over only at two of it, so what the words leave
    out is less than a third of the age, and the data never looks much newer than it is.
    """
    days = (later - earlier).days
    if days < 14:
        return days, "day"
    months = _months(earlier, later)
    if months < 2:
        return days // 7, "week"
    if months < 24:
        return months, "month"
    return months // 12, "year"


def ago(then: date, now: date) -> str:
    """``then`` relative to ``now`` in words: "today", "yesterday", "9 days ago", "3 weeks
    ago", "5 months ago", "2 years ago"; a date after ``now`` (a clock set wrong) reads
    "tomorrow", "in 3 weeks"."""
    if then > now:
        count, unit = amount(now, then)
        return "tomorrow" if count == 1 else f"in {count} {unit}s"
    count, unit = amount(then, now)
    if count == 0:
        return "today"
    return "yesterday" if count == 1 else f"{count} {unit}s ago"


def reach_end(meta: Meta) -> date:
    """The last day the data can speak for: its coverage end, else (an older file) the day it
    was checked, which no event can be after."""
    return meta.coverage_end or meta.as_of


def days_old(meta: Meta, now: date) -> int:
    """Days from the data's reach end to ``now``."""
    return (now - reach_end(meta)).days


def is_old(meta: Meta, now: date) -> bool:
    return days_old(meta, now) > OLD_AFTER_DAYS


def warning(meta: Meta, now: date) -> str:
    """The reminder, one line of at most 80 columns for ages up to 99 years."""
    end = reach_end(meta)
    what = "events in this data end" if meta.coverage_end else "this data was checked"
    return f"accords: {what} {end.isoformat()}, {ago(end, now)}; see 'accords info'"


def remind(meta: Meta, fmt: str) -> None:
    """After a view read by people, say on stderr that the data is old, once, when it is.

    Never for a format a program reads or when stdout is not a terminal (a pipe, a file): a
    script gets the data and nothing else, and ``info --json`` carries ``age_days``.
    """
    if fmt not in _FOR_PEOPLE or os.environ.get(QUIET_ENV) or not sys.stdout.isatty():
        return
    now = today()
    if is_old(meta, now):
        sys.stderr.write(warning(meta, now) + "\n")
        sys.stderr.flush()
