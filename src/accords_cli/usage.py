"""What a command line asks for, checked and settled before any work: the output format and
colour, options that contradict each other, values read from several words, and the hints that
point a user who hit a dead end to the command that answers.

Everything here raises ``UsageError`` (exit 2) or ``NotFoundError`` (exit 1) with one line
naming what was given; ``cli`` only declares the commands and calls in.
"""

import os
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any, Optional

from accords_cli import age, queries
from accords_cli.errors import NotFoundError, UsageError
from accords_cli.models import Dataset

COLORS = ("auto", "always", "never")
CITATION_FORMATS = ("bibtex", "csl-json")  # as citations.FORMATS, without importing it

# Where to look instead, by what was not found.
STATES_HINT = "'accords members' and 'accords candidates' list the states"


def _then(message: object, pointer: str) -> str:
    """``message`` followed by a pointer to the command that answers."""
    text = str(message)
    return f"{text} {pointer}" if text.endswith("?") else f"{text}; {pointer}"


def words(values: Optional[Sequence[str]]) -> Optional[str]:
    """Words typed after a command, quoted or not, as one name or text."""
    if not values:
        return None
    return " ".join(values)


def output_format(fmt: Optional[str], as_json: bool) -> str:
    """The format asked for; ``--json`` with another ``--format`` is a contradiction."""
    if as_json:
        if fmt not in (None, "json"):
            raise UsageError(f"--json and --format {fmt} contradict each other: give one")
        return "json"
    if fmt is not None:
        return fmt
    return "table" if sys.stdout.isatty() else "plain"


def check_chart(
    chart: bool, fmt: Optional[str], as_json: bool, fields: Optional[str], sources: bool
) -> None:
    """``--chart`` draws a picture: options that shape data output cannot apply to it."""
    if not chart:
        return
    given = [
        name
        for name, value in (
            (f"--format {fmt}", fmt),
            ("--json", as_json),
            (f"--fields {fields}", fields),
            ("--sources", sources),
        )
        if value
    ]
    if given:
        raise UsageError(f"--chart cannot be combined with {given[0]}: drop one of them")


def check_citations(fmt: str, as_json: bool, fields: Optional[str]) -> None:
    """Citations (``--format bibtex|csl-json``) have their own fields: no --json or --fields."""
    given = [name for name, value in (("--json", as_json), (f"--fields {fields}", fields)) if value]
    if given:
        raise UsageError(f"--format {fmt} cannot be combined with {given[0]}: drop one of them")


def use_color(color: Optional[str], no_color: bool) -> bool:
    """Colour on or off, from the options first, then the environment, then the terminal.

    ``--color always|never`` and ``--no-color`` win. Otherwise FORCE_COLOR, set and not empty,
    turns colour on even when piped (force-color.org), and wins over NO_COLOR, which set and
    not empty turns it off (no-color.org); a terminal other than TERM=dumb has colour.
    """
    if no_color:
        if color == "always":
            raise UsageError("--no-color and --color always contradict each other: give one")
        return False
    if color in ("always", "never"):
        return color == "always"
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() and os.environ.get("TERM", "") != "dumb"


def fields(text: str, keys: Sequence[str]) -> list[str]:
    """A ``--fields`` value as field names; an unknown name is a usage error listing them all."""
    wanted = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in keys]
    if unknown or not wanted:
        hint = queries.did_you_mean(queries.suggest(unknown[0], keys, 1)) if unknown else ""
        what = f"unknown field {queries.shown(unknown[0])}{hint}" if unknown else "no field named"
        raise UsageError(f"--fields: {what}\nValid fields: {', '.join(keys)}")
    return wanted


def date_range(since: Optional[date], until: Optional[date]) -> None:
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}: nothing can match")


def country_filter(data: Dataset, text: Optional[str]) -> Optional[str]:
    """A ``--country`` value as an ISO code; one that names no state we can filter on is a
    usage error that says where to look."""
    if text is None:
        return None
    try:
        state = queries.resolve_state(data, text)
    except NotFoundError as error:
        raise UsageError(_then(f"--country: {error}", STATES_HINT)) from None
    if state.code is None:
        raise UsageError(
            f"--country: {state.name} has no ISO 3166-1 code to filter on;"
            f" try 'accords show {_typed(state.name)}' or 'accords search {_typed(state.name)}'"
        )
    return state.code


def home_country(data: Dataset, text: Optional[str]) -> Optional[str]:
    """A publisher's country: any two-letter ISO code (a publisher may be based in a state the
    data does not otherwise name, such as GB), or a state the data knows by name."""
    if text is None:
        return None
    if len(text) == 2 and text.isalpha() and text.isascii():
        return text.upper()
    return country_filter(data, text)


def profile(data: Dataset, text: str) -> Any:
    """The profile of the state ``text`` names; none is 'not found' with a pointer."""
    try:
        return queries.profile(data, text)
    except NotFoundError as error:
        raise NotFoundError(_then(error, STATES_HINT)) from None


def quotes(data: Dataset, speaker: Optional[str], **filters: Any) -> Any:
    try:
        return queries.quotes(data, speaker, **filters)
    except NotFoundError as error:
        pointer = "'accords quote' lists every quote, 'accords search TEXT' searches them"
        raise NotFoundError(_then(error, pointer)) from None


def nothing_matches(noun: str, command: str) -> NotFoundError:
    """The error for filters that left nothing, naming the command that lists everything."""
    return NotFoundError(f"no {noun}s match; 'accords {command}' without filters lists every one")


def nothing_mentions(text: str) -> NotFoundError:
    return NotFoundError(
        f"nothing mentions {queries.shown(text)}; 'accords members', 'accords candidates',"
        " 'accords timeline' and 'accords quote' list everything"
    )


def _typed(name: str) -> str:
    """A name as a user types it on a command line: lower case, quoted only if it must be."""
    import shlex

    return shlex.quote(name.lower())


def timeline_command(
    since: Optional[date], until: Optional[date], country: Optional[str], kind: Optional[str]
) -> str:
    """The ``accords timeline`` command that lists the events a chart drew."""
    parts = ["accords timeline"]
    for option, value in (
        ("--since", since), ("--until", until), ("--country", country), ("--kind", kind),
    ):  # fmt: skip
        if value:
            parts.append(f"{option} {value}")
    return " ".join(parts)


def style(color: Optional[str], no_color: bool, no_pager: bool) -> Any:
    """The terminal settings for this call; ``--no-pager`` switches the pager off."""
    from accords_cli import pager
    from accords_cli.render import Style

    pager.enabled = not no_pager
    return Style(color=use_color(color, no_color))


def emit(
    data: Dataset,
    records: list[Any],
    view: Any,
    command: str,
    fmt: Optional[str],
    as_json: bool,
    fields_text: Optional[str],
    style: Any,
    sources: bool = False,
    **filters: Any,
) -> None:
    """Render a listing; nothing found is an error that names the command listing all.

    ``filters`` (label=value, None when unset) say what was asked for, for the title.
    """
    from accords_cli.render import Shown, render

    chosen = output_format(fmt, as_json)
    citing = chosen in CITATION_FORMATS and view.noun != "source"
    if citing:
        check_citations(chosen, as_json, fields_text)
    wanted = fields(fields_text, view.keys) if fields_text else None
    if not records:
        if any(value is not None for value in filters.values()):
            raise nothing_matches(view.noun, command)
        raise NotFoundError(f"the data file lists no {view.noun}s")
    if citing:
        cite(data, records, chosen)
        return
    asked = tuple((k.replace("_", " "), str(v)) for k, v in filters.items() if v is not None)
    shown = Shown(len(records), asked, queries.reach(data.meta, age.today()), sources)
    rows = (record.to_dict() for record in records)  # made one at a time, as they are written
    render(rows, view, chosen, wanted, style, shown)
    age.remind(data.meta, chosen)


def cite(data: Dataset, records: Sequence[Any], fmt: str) -> None:
    """Write citations (``fmt``: bibtex or csl-json) of the sources behind ``records``."""
    from accords_cli import citations, references

    citations.write(references.sources_of(records), fmt, data.meta.as_of)


def chart(data: Dataset, events: list[Any], style: Any, listing: str) -> None:
    """Draw ``events`` on a time axis; ``listing`` is the command that lists them."""
    from accords_cli import chart as drawing

    if not events:
        raise nothing_matches("event", "timeline")
    members = {member.code for member in data.members}
    reach = queries.reach(data.meta, age.today())
    drawing.draw(events, style, members=members, listing=listing, reach=reach)
    age.remind(data.meta, "chart")


def show_help(ctx: Any, name: Optional[str]) -> None:
    """Write the overview (``name`` None) or one command's help, through the pager if long."""
    from accords_cli.render import write

    group = ctx.command
    if name is None:
        write(group.get_help(ctx) + "\n")
        return
    command = group.get_command(ctx, name)
    if command is None:
        hint = queries.did_you_mean(queries.suggest(name, group.list_commands(ctx), 1))
        raise UsageError(
            _then(f"no command {queries.shown(name)}{hint}", "'accords help' lists them")
        )
    sub = type(ctx)(command, info_name=name, parent=ctx)
    write(command.get_help(sub) + "\n")
