"""The command line: parse options, call queries, hand the results to render.

The only module that imports Typer. Errors raised anywhere below are turned into a one-line
message on stderr and an exit code in exactly one place, ``AccordsGroup.main``.
"""

import copy
import os
import sys
from datetime import date
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from accords_cli import __version__, queries
from accords_cli.errors import AccordsError, ExitCode, NotFoundError, UsageError
from accords_cli.models import (
    EVENT_KINDS,
    MEMBER_STATUSES,
    Candidate,
    Dataset,
    Event,
    Member,
    Quote,
    Source,
)
from accords_cli.render import FORMATS, Shown, Style, View, render

EXIT_CODES_HELP = (
    "Exit codes: 0 found; 1 nothing found; 2 usage error; 65 invalid data file;"
    " 66 data file missing or unreadable; 70 internal error (a bug); 130 interrupted."
)
DEBUG_ENV = "ACCORDS_DEBUG"


class _StdoutClosed(Exception):
    """The reader of our output went away (``accords timeline | head -1``): not an error."""


class AccordsGroup(TyperGroup):
    """Runs every command and converts what goes wrong into a message and an exit code."""

    def main(self, args: Any = None, prog_name: Any = None, *rest: Any, **extra: Any) -> Any:
        extra["standalone_mode"] = False
        try:
            code = super().main(args, prog_name or "accords", *rest, **extra)
        except AccordsError as error:
            code = _fail(str(error), error.exit_code)
        except typer.TyperException as error:  # Typer's usage errors: bad option, command...
            code = _fail(error.format_message() + _help_hint(error), error.exit_code)
        except typer.Abort:
            code = _fail("aborted", ExitCode.NOT_FOUND)
        except _StdoutClosed:
            code = ExitCode.OK
        except Exception as error:
            if os.environ.get(DEBUG_ENV):
                raise
            code = _fail(
                f"internal error ({type(error).__name__}: {error}). This is a bug in accords:"
                f" please report it with the command you ran (README, 'Reporting bugs');"
                f" {DEBUG_ENV}=1 shows the traceback",
                ExitCode.INTERNAL,
            )
        sys.exit(code if isinstance(code, int) else ExitCode.OK)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise _StdoutClosed() from None


def _help_hint(error: Exception) -> str:
    ctx = getattr(error, "ctx", None)
    if ctx is None or getattr(error, "exit_code", 0) != ExitCode.USAGE:
        return ""
    return f"\nTry '{ctx.command_path} --help'."


def _fail(message: str, code: int) -> int:
    """Write an error to stderr: each line shortened, anything unprintable escaped."""
    # Split on newlines alone: splitlines() would also break at U+2028 and friends typed by a
    # user, before they could be escaped.
    lines = [_safe_line(line) for line in message.split("\n")]
    sys.stderr.write("accords: " + "\n".join(lines) + "\n")
    return code


def _safe_line(line: str, limit: int = 300) -> str:
    # Click echoes arguments as typed; a huge or control-laden one must not flood or drive
    # the terminal.
    short = line if len(line) <= limit else line[:limit] + "…"
    return "".join(queries.shown(char)[1:-1] for char in short)


app = typer.Typer(
    cls=AccordsGroup,
    name="accords",
    help="Look up facts about the Abraham Accords, each with its sources: members, candidates,"
    " timeline, key quotes and country profiles. Offline; data bundled."
    "\n\n"
    "Examples:\n\n"
    "  accords members\n\n"
    "  accords show kazakhstan\n\n"
    "  accords timeline --country MA --since 2021 --until 2021 --format csv\n\n"
    "  accords quote rubio --json\n\n" + EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


COLORS = ("auto", "always", "never")
VIEW_FORMATS = ("table", "plain", "json", "yaml")


def _choice(choices: Any) -> Any:
    """A parser accepting one of ``choices``; plain strings, because Enum classes cost start-up.

    A wrong value is a usage error that lists the choices and suggests the closest.
    """

    def parse(text: str) -> str:
        if text in choices:
            return text
        hint = queries.did_you_mean(queries.suggest(text, choices, 1))
        raise typer.BadParameter(f"{text!r} is not one of {', '.join(choices)}{hint}")

    return parse


def _metavar(choices: Any) -> str:
    return "[" + "|".join(choices) + "]"


def _date_parser(end: bool) -> Any:
    def parse(text: str) -> date:
        try:
            return queries.date_bound(text, end=end)
        except ValueError as error:
            raise typer.BadParameter(str(error)) from None

    return parse


def _complete_country(incomplete: str) -> list[str]:
    return _complete(incomplete, queries.country_names, "sources", "events", "quotes")


def _complete_speaker(incomplete: str) -> list[str]:
    def starting(data: Dataset) -> list[str]:
        return queries.speaker_names(data, incomplete)

    return _complete(incomplete, starting, "sources", "events")


def _complete(incomplete: str, names: Any, *without: str) -> list[str]:
    try:
        data = _load(os.environ.get("ACCORDS_DATA"), *without)
    except AccordsError:
        return []
    key = queries.fold(incomplete)
    found = [name for name in names(data) if queries.fold(name).startswith(key)]
    # Shells keep only candidates that start with what was typed, so keep the user's own
    # spelling of the prefix: "kaz" completes to "kazakhstan", which lookups accept too.
    return [
        incomplete + name[len(incomplete) :]
        if name.casefold().startswith(incomplete.casefold())
        else name
        for name in found
    ]


# One definition per shared option, reused by every command that takes it.
FormatOption = Annotated[
    Optional[str],
    typer.Option(
        "--format", "-f", parser=_choice(FORMATS), metavar=_metavar(FORMATS),
        help="Output format. Default: table on a terminal, plain when piped.",
    ),
]  # fmt: skip
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
FieldsOption = Annotated[
    Optional[str],
    typer.Option("--fields", metavar="A,B,...", help="Show only these fields, in this order."),
]
ColorOption = Annotated[
    str,
    typer.Option(
        "--color", parser=_choice(COLORS), metavar=_metavar(COLORS),
        help="Colour: auto (on a terminal, unless NO_COLOR or TERM=dumb), always or never.",
    ),
]  # fmt: skip
DataOption = Annotated[
    Optional[str],
    typer.Option(
        "--data", metavar="FILE", help="Read this data file instead of the bundled one.",
        envvar="ACCORDS_DATA", show_envvar=True,
    ),
]  # fmt: skip
LimitOption = Annotated[
    Optional[int], typer.Option("--limit", "-n", min=1, metavar="N", help="Show at most N.")
]
SourcesOption = Annotated[
    bool, typer.Option("--sources", help="Add a column with each record's sources.")
]
SinceOption = Annotated[
    Optional[date],
    typer.Option(
        "--since", metavar="DATE", parser=_date_parser(end=False),
        help="From this date: YYYY-MM-DD, or YYYY-MM / YYYY for the whole month or year.",
    ),
]  # fmt: skip
UntilOption = Annotated[
    Optional[date],
    typer.Option(
        "--until", metavar="DATE", parser=_date_parser(end=True),
        help="Up to this date, inclusive: YYYY-MM-DD, YYYY-MM or YYYY.",
    ),
]  # fmt: skip
CountryOption = Annotated[
    Optional[str],
    typer.Option(
        "--country", "-c", metavar="COUNTRY", autocompletion=_complete_country,
        help="Only those concerning this country: ISO code, name or alias (KZ, emirates).",
    ),
]  # fmt: skip


def _version(value: bool) -> None:
    if not value:
        return
    try:
        reach = queries.reach(_load(None, "sources", "events", "quotes").meta)
    except AccordsError as error:
        reach = f"unavailable: {error}"
    typer.echo(f"accords {__version__} (data: {reach})")
    raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True,
            help="Show the version and the data's date.",
        ),
    ] = False,
) -> None:  # fmt: skip
    pass


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))


def _load(data: Optional[str], *without: str) -> Dataset:
    """The dataset; ``without`` names sections the command does not use (see dataset.load)."""
    from accords_cli import dataset

    return dataset.load(data, without)


def _emit(
    data: Dataset,
    records: list[Any],
    view: View,
    fmt: Optional[str],
    as_json: bool,
    fields: Optional[str],
    color: str,
    sources: bool = False,
    **filters: Any,
) -> None:
    """Render ``records``; ``filters`` (label=value, None when unset) say what was asked for."""
    wanted = _parse_fields(fields, view) if fields else None
    if not records:
        raise NotFoundError(f"no {view.noun}s match")
    asked = tuple((k.replace("_", " "), str(v)) for k, v in filters.items() if v is not None)
    shown = Shown(len(records), asked, queries.reach(data.meta), sources)
    rows = (record.to_dict() for record in records)  # made one at a time, as they are written
    render(rows, view, _format(fmt, as_json), wanted, _style(color), shown)


def _format(fmt: Optional[str], as_json: bool) -> str:
    if as_json:
        return "json"
    if fmt is not None:
        return fmt
    return "table" if sys.stdout.isatty() else "plain"


def _parse_fields(fields: str, view: View) -> list[str]:
    wanted = [name.strip() for name in fields.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in view.keys]
    if unknown or not wanted:
        hint = queries.did_you_mean(queries.suggest(unknown[0], view.keys, 1)) if unknown else ""
        what = f"unknown field {queries.shown(unknown[0])}{hint}" if unknown else "no field named"
        raise UsageError(f"--fields: {what}\nValid fields: {', '.join(view.keys)}")
    return wanted


def _style(color: str) -> Style:
    return Style(color=_use_color(color))


def _use_color(color: str) -> bool:
    if color != "auto":
        return color == "always"
    return (
        sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM", "") != "dumb"
    )


def _country(data: Dataset, text: Optional[str]) -> Optional[str]:
    """A --country value as an ISO code; a name that matches nothing is a usage error."""
    if text is None:
        return None
    try:
        return queries.country_code(data, text)
    except NotFoundError as error:
        raise UsageError(f"--country: {error}") from None


def _check_range(since: Optional[date], until: Optional[date]) -> None:
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}: nothing can match")


MEMBERS = View(
    "Abraham Accords members",
    "member",
    ("name", "code", "status", "announced", "signed", "agreement"),
    Member._fields,
)
CANDIDATES = View(
    "Prospective members", "candidate", ("name", "code", "date", "position"), Candidate._fields
)
TIMELINE = View("Abraham Accords timeline", "event", ("date", "title", "countries"), Event._fields)
SOURCES = View(
    "Sources cited", "source", ("publisher", "title", "published", "cited_by", "url"),
    (*Source._fields, "cited_by"),
)  # fmt: skip
QUOTES = View("Abraham Accords quotes", "quote", ("date", "speaker", "role", "text"), Quote._fields)


@app.command(epilog=EXIT_CODES_HELP)
def members(
    status: Annotated[
        Optional[str],
        typer.Option(
            "--status", "-s", parser=_choice(MEMBER_STATUSES), metavar=_metavar(MEMBER_STATUSES),
            help="Only members with this status.",
        ),
    ] = None,
    as_of: Annotated[
        Optional[date],
        typer.Option(
            "--as-of", metavar="DATE", parser=_date_parser(end=True),
            help="Each member as it stood on this date (YYYY-MM-DD, YYYY-MM or YYYY).",
        ),
    ] = None,
    limit: LimitOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
    sources: SourcesOption = False,
    color: ColorOption = "auto",
    data: DataOption = None,
) -> None:  # fmt: skip
    """List the states in the Abraham Accords, with status and dates.

    Status: in-force (signed and in effect), signed (never ratified or implemented), announced
    (not signed).

    Examples:

      accords members

      accords members --as-of 2020-12-31 --json

      accords members --json | jq -r '.[] | select(.signed) | .name'
    """
    loaded = _load(data, "sources", "events", "quotes")
    found = queries.members(loaded, status=status, as_of=as_of, limit=limit)
    _emit(loaded, found, MEMBERS, fmt, as_json, fields, color, sources, as_of=as_of, status=status)


@app.command(epilog=EXIT_CODES_HELP)
def candidates(
    limit: LimitOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
    sources: SourcesOption = False,
    color: ColorOption = "auto",
    data: DataOption = None,
) -> None:
    """List states discussed as prospective members, with their stated position.

    Examples:

      accords candidates

      accords candidates --json | jq -r '.[] | [.name, .position] | @tsv'
    """
    loaded = _load(data, "sources", "events", "quotes")
    found = queries.candidates(loaded, limit=limit)
    _emit(loaded, found, CANDIDATES, fmt, as_json, fields, color, sources)


@app.command(epilog=EXIT_CODES_HELP)
def timeline(
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    kind: Annotated[
        Optional[str],
        typer.Option(
            "--kind", "-k", parser=_choice(EVENT_KINDS), metavar="KIND",
            help=f"Only events of this kind: {', '.join(EVENT_KINDS)}.",
        ),
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")] = False,
    chart: Annotated[
        bool, typer.Option("--chart", help="Draw the events on a time axis instead.")
    ] = False,
    limit: LimitOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
    sources: SourcesOption = False,
    color: ColorOption = "auto",
    data: DataOption = None,
) -> None:  # fmt: skip
    """List the events of the Accords, oldest first.

    Examples:

      accords timeline --since 2025

      accords timeline --country morocco --since 2021 --until 2021 --format csv

      accords timeline --chart
    """
    _check_range(since, until)
    loaded = _load(data, "sources", "quotes")
    code = _country(loaded, country)
    found = queries.timeline(
        loaded,
        since=since,
        until=until,
        country=code,
        kind=kind,
        reverse=reverse,
        limit=limit,
    )
    if chart:
        if not found:
            raise NotFoundError("no events match")
        from accords_cli import chart as drawing

        drawing.draw(found, _style(color))
        return
    _emit(
        loaded, found, TIMELINE, fmt, as_json, fields, color, sources,
        country=code, kind=kind, since=since, until=until,
    )  # fmt: skip


@app.command(epilog=EXIT_CODES_HELP)
def quote(
    speaker: Annotated[
        Optional[str],
        typer.Argument(
            help="Part of the speaker's name, in any case, accents optional.",
            autocompletion=_complete_speaker,
        ),
    ] = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
    sources: SourcesOption = False,
    color: ColorOption = "auto",
    data: DataOption = None,
) -> None:
    """Show key quotes, all or those of one speaker.

    Examples:

      accords quote rubio

      accords quote "bin salman" --since 2025

      accords quote rubio --json
    """
    _check_range(since, until)
    loaded = _load(data, "sources", "events")
    code = _country(loaded, country)
    found = queries.quotes(
        loaded,
        speaker,
        country=code,
        since=since,
        until=until,
        limit=limit,
    )
    by = ", ".join(dict.fromkeys(q.speaker for q in found)) if speaker else None
    _emit(
        loaded, found, QUOTES, fmt, as_json, fields, color, sources,
        by=by, country=code, since=since, until=until,
    )  # fmt: skip


ViewFormatOption = Annotated[
    Optional[str],
    typer.Option(
        "--format", "-f", parser=_choice(VIEW_FORMATS), metavar=_metavar(VIEW_FORMATS),
        help="Output format. Default: table on a terminal, plain when piped.",
    ),
]  # fmt: skip


@app.command(epilog=EXIT_CODES_HELP)
def show(
    country: Annotated[
        str,
        typer.Argument(
            help="ISO code, name or alias, in any case.", autocompletion=_complete_country
        ),
    ],
    fmt: ViewFormatOption = None,
    as_json: JsonOption = False,
    color: ColorOption = "auto",
    data: DataOption = None,
) -> None:
    """Show one country's profile: its facts or position, its events and its quotes.

    Examples:

      accords show kazakhstan

      accords show UAE --json | jq '.milestones'

      accords show "saudi arabia"
    """
    from accords_cli import views

    loaded = _load(data, "sources")
    found = queries.profile(loaded, country)
    views.profile(found, _format(fmt, as_json), _style(color))


@app.command(epilog=EXIT_CODES_HELP)
def search(
    text: Annotated[str, typer.Argument(help="Text to look for; case and accents are ignored.")],
    fmt: ViewFormatOption = None,
    as_json: JsonOption = False,
    color: ColorOption = "auto",
    data: DataOption = None,
) -> None:
    """Search members, candidates, events and quotes for a piece of text.

    Examples:

      accords search two-state

      accords search "natural continuation"

      accords search kushner --json | jq -r '.[].kind'
    """
    from accords_cli import views

    loaded = _load(data, "sources")
    hits = queries.search(loaded, text)
    if not hits:
        raise NotFoundError(f"nothing mentions {queries.shown(text)}")
    views.search(hits, text, _format(fmt, as_json), _style(color))


CITED_FORMATS = (*FORMATS, "bibtex", "csl-json")
CitedFormatOption = Annotated[
    Optional[str],
    typer.Option(
        "--format", "-f", parser=_choice(CITED_FORMATS), metavar=_metavar(CITED_FORMATS),
        help="Output format; bibtex and csl-json are citations for reference managers."
        " Default: table on a terminal, plain when piped.",
    ),
]  # fmt: skip


@app.command(name="sources", epilog=EXIT_CODES_HELP)
def list_sources(
    country: CountryOption = None,
    limit: LimitOption = None,
    fmt: CitedFormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
    color: ColorOption = "auto",
    data: DataOption = None,
) -> None:
    """List every source the data cites, with how many records cite it.

    Examples:

      accords sources --country KZ

      accords sources --country KZ --format bibtex > kz.bib

      accords sources --json | jq -r '.[] | select(.cited_by > 3) | .url'
    """
    from accords_cli import citations, references

    loaded = _load(data)
    code = _country(loaded, country)
    found = references.cited_sources(loaded, code)[:limit]
    if fmt in citations.FORMATS and not as_json:
        if not found:
            raise NotFoundError("no sources match")
        citations.write([cited.source for cited in found], fmt, loaded.meta.as_of)
        return
    _emit(loaded, found, SOURCES, fmt, as_json, fields, color, country=code)


@app.command(epilog=EXIT_CODES_HELP)
def info(
    fmt: ViewFormatOption = None,
    as_json: JsonOption = False,
    color: ColorOption = "auto",
    data: DataOption = None,
) -> None:
    """Show what the data holds, how current it is, and which file is in use.

    Examples:

      accords info

      accords info --json | jq .as_of
    """
    from accords_cli import views

    views.info(_load(data), _format(fmt, as_json), _style(color))


@app.command(epilog=EXIT_CODES_HELP)
def check(
    file: Annotated[
        Optional[str],
        typer.Argument(
            metavar="[FILE]", envvar="ACCORDS_DATA", show_envvar=True,
            help="The data file to check. Default: the one in use (the bundled one).",
        ),
    ] = None,
) -> None:  # fmt: skip
    """Check a data file: validate it as loading does, then list what a maintainer should fix.

    One line per finding, naming the record. Exit 0: nothing to fix; 1: findings.

    An invalid file is reported as every command reports it, with the same exit code.

    Examples:

      accords check

      accords check my-copy.yaml

      accords check | grep '^sources'
    """
    from accords_cli import check as checking

    checking.run(file)


def run(argv: list[str]) -> int:
    """Run the command line ``argv`` (without the program name) and return its exit code."""
    # Typer builds a Click command for every registered command on each call. When the first
    # argument names a command, build only that one: help, errors and completion still see all.
    wanted = argv[0] if argv else None
    chosen = [c for c in app.registered_commands if _command_name(c) == wanted]
    target = app
    if chosen:  # on a shallow copy, so the shared app keeps every command for the next call
        target = copy.copy(app)
        target.registered_commands = chosen
    try:
        target(args=argv, prog_name="accords")
    except SystemExit as exit:  # AccordsGroup.main always ends here
        return exit.code if isinstance(exit.code, int) else int(exit.code is not None)
    return ExitCode.OK
