"""The command line: declares the commands and their options, and nothing else.

What the options mean is settled in ``usage``, completion in ``completion``, paging in
``pager``; the only module that imports Typer's public API. Errors raised anywhere below are
turned into a one-line message on stderr and an exit code in exactly one place,
``AccordsGroup.main``.
"""

import copy
import os
import sys
from datetime import date
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from accords_cli import __version__, age, completion, hints, queries, usage
from accords_cli.errors import AccordsError, ExitCode
from accords_cli.models import (
    EVENT_KINDS,
    FIGURE_INDICATORS,
    MEMBER_STATUSES,
    PUBLISHER_KINDS,
    RELIABILITY,
    Candidate,
    Dataset,
    Event,
    Figure,
    Member,
    Publisher,
    Quote,
    Source,
)
from accords_cli.render import FORMATS, View, clean

EXIT_CODES_HELP = (
    "Exit codes: 0 found; 1 nothing found; 2 usage error; 65 invalid data file;"
    " 66 data file missing or unreadable; 70 internal error (a bug); 74 output could not be"
    " written; 130 interrupted."
)
DEBUG_ENV = "ACCORDS_DEBUG"
DEBUG_ON = ("1", "true", "yes", "on")  # any other value, "0" included, leaves debugging off


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
            given = sys.argv[1:] if args is None else list(args)
            code = _fail(_usage_message(error, given), error.exit_code)
        except typer.Abort:
            code = _fail("aborted", ExitCode.NOT_FOUND)
        except _StdoutClosed:
            code = ExitCode.OK
        except Exception as error:
            if os.environ.get(DEBUG_ENV, "").strip().lower() in DEBUG_ON:
                raise
            code = _fail(
                f"internal error ({type(error).__name__}: {error}). This is a bug in accords:"
                f" please report it with the command you ran (README, 'Reporting bugs');"
                f" {DEBUG_ENV}=1 shows the traceback",
                ExitCode.INTERNAL,
            )
        sys.exit(code if isinstance(code, int) else ExitCode.OK)

    def resolve_command(self, ctx: Any, args: Any) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as error:
            # Only what is close, where Typer suggests whatever difflib ranks above 0.6.
            typed = args[0] if args else ""
            if typed and not typed.startswith("-") and self.get_command(ctx, typed) is None:
                close = hints.no_such_command(typed, self.list_commands(ctx))
                error.message = error.message.rstrip(".") + "." + close
            raise

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _whole_words()
        super().format_help(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Each command's whole first sentence, wrapped beside its name: Typer's default cuts
        it to one line with "...", hiding what a command lists at 80 columns."""
        named = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        rows = [
            (name, c.get_short_help_str(sys.maxsize)) for name, c in named if c and not c.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise _StdoutClosed() from None


class AccordsCommand(TyperCommand):
    """A command whose usage line writes a required argument as ``COUNTRY``, not ``{COUNTRY}``,
    and whose help never breaks a line inside ``in-force`` or ``YYYY-MM-DD``."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [piece.strip("{}") for piece in super().collect_usage_pieces(ctx)]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _whole_words()
        super().format_help(ctx, formatter)


def _whole_words() -> None:
    """Make help wrap between words only: values such as ``in-force`` are copied from it."""
    from typer._click import _textwrap

    class Wrapper(_textwrap.TextWrapper):
        def __init__(self, *args: Any, **options: Any) -> None:
            super().__init__(*args, **{**options, "break_on_hyphens": False})

    _textwrap.TextWrapper = Wrapper  # type: ignore[misc]


def _usage_message(error: Any, given: list[str]) -> str:
    """A usage error as said to a person: with the option or command that was meant, or the
    command that does what a guessed option would have done (``hints``)."""
    from typer._click.exceptions import NoSuchOption  # Typer's own copy of Click's

    moved = hints.option_first(given, [_command_name(c) for c in COMMANDS])
    if not isinstance(error, NoSuchOption) or error.ctx is None:
        return str(error.format_message()) + (moved or _help_hint(error))
    if moved:  # the command has the option: where it goes is the whole hint
        return str(error.message) + moved
    ctx = error.ctx
    command = ctx.info_name if ctx.parent is not None else None
    options = [
        hints.Option(
            (*param.opts, *param.secondary_opts),
            not getattr(param, "is_flag", False) and not getattr(param, "count", False),
        )
        for param in ctx.command.get_params(ctx)
        if param.param_type_name == "option"
    ]
    close, teaching = hints.no_such_option(error.option_name, given, command, options)
    return str(error.message) + close + (teaching or _help_hint(error))


def _help_hint(error: Exception) -> str:
    ctx = getattr(error, "ctx", None)
    if ctx is None or getattr(error, "exit_code", 0) != ExitCode.USAGE:
        return ""
    return f"\nTry '{ctx.command_path} --help'."


def _fail(message: str, code: int) -> int:
    """Write an error to stderr, made safe (``_safe``)."""
    sys.stderr.write("accords: " + _safe(message) + "\n")
    return code


def _safe(message: str, limit: int = 300) -> str:
    """A message as it may be printed: each line shortened, anything unprintable escaped.

    Click echoes arguments as typed, and a data file's errors name its path and values: a huge
    or control-laden one must not flood or drive the terminal.
    """
    # Split on newlines alone: splitlines() would also break at U+2028 and friends typed by a
    # user, before they could be escaped.
    lines = [line if len(line) <= limit else line[:limit] + "…" for line in message.split("\n")]
    return "\n".join(clean(line) for line in lines)


app = typer.Typer(
    cls=AccordsGroup,
    name="accords",
    help="Look up facts about the Abraham Accords, each with its sources: members, candidates,"
    " timeline, key quotes and country profiles. Offline; data bundled."
    "\n\n"
    "Run 'accords help COMMAND' (or 'accords COMMAND --help') for a command's options."
    "\n\n"
    "Examples:\n\n"
    "\b\n"
    "  accords members\n"
    "  accords show saudi arabia\n"
    "  accords timeline --country MA --since 2021 --format csv\n"
    "  accords quote rubio --json\n\n" + EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 120},
    add_completion=False,
    invoke_without_command=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    suggest_commands=False,  # AccordsGroup.resolve_command suggests only what is close
)

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


def _listed(choices: Any) -> str:
    items = [str(choice) for choice in choices]
    return ", ".join(items[:-1]) + " or " + items[-1]


def _date_parser(end: bool) -> Any:
    def parse(text: str) -> date:
        try:
            return queries.date_bound(text, end=end)
        except ValueError as error:
            raise typer.BadParameter(str(error)) from None

    return parse


def _count(text: str) -> int:
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise typer.BadParameter(f"expected a whole number of 1 or more, got {text!r}")


# One definition per shared option, reused by every command that takes it. Metavars are one
# upper-case word; choices are listed in the help.
def _format_option(choices: Any, note: str = "") -> Any:
    """``--format``, offering ``choices``; ``note`` says what the extra ones do."""
    return typer.Option(
        "--format", "-f", parser=_choice(choices), metavar="FORMAT",
        autocompletion=completion.choices(choices),
        help=f"Output format: {_listed(choices)}{note}. Default: table on a terminal, plain when"
        " piped.",
    )  # fmt: skip


CITED_FORMATS = (*FORMATS, "bibtex", "csl-json")
SHOW_FORMATS = (*VIEW_FORMATS, "bibtex", "csl-json")
FormatOption = Annotated[Optional[str], _format_option(FORMATS)]
ViewFormatOption = Annotated[Optional[str], _format_option(VIEW_FORMATS)]
CitedFormatOption = Annotated[
    Optional[str],
    _format_option(
        CITED_FORMATS, "; bibtex and csl-json cite the sources of what is listed, for reference"
        " managers",
    ),
]  # fmt: skip
ShowFormatOption = Annotated[
    Optional[str],
    _format_option(
        SHOW_FORMATS, "; bibtex and csl-json cite the sources of what the profile shows"
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
ColorOption = Annotated[
    Optional[str],
    typer.Option(
        "--color", parser=_choice(usage.COLORS), metavar="WHEN",
        autocompletion=completion.choices(usage.COLORS),
        help="Colour: auto (on a terminal, unless NO_COLOR or TERM=dumb; FORCE_COLOR forces it),"
        " always or never. Default: auto.",
    ),
]  # fmt: skip
NoColorOption = Annotated[bool, typer.Option("--no-color", help="Same as --color never.")]
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print long output at once instead of through the pager (ACCORDS_PAGER, else PAGER,"
        " else less -FRX; only on a terminal).",
    ),
]
DataOption = Annotated[
    Optional[str],
    typer.Option(
        "--data", metavar="FILE", help="Read this data file instead of the bundled one.",
        envvar="ACCORDS_DATA", show_envvar=True, autocompletion=completion.files,
    ),
]  # fmt: skip
LimitOption = Annotated[
    Optional[int], typer.Option("--limit", "-n", parser=_count, metavar="N", help="Show at most N.")
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
        "--country", "-c", metavar="COUNTRY", autocompletion=completion.countries,
        help="Only those concerning this country: ISO code, name or alias (KZ, emirates).",
    ),
]  # fmt: skip


def _fields_option(view: View) -> Any:
    """``--fields``, listing the fields of this command's records."""
    return typer.Option(
        "--fields", metavar="FIELDS", autocompletion=completion.field_names(view.keys),
        help=f"Only these fields, comma-separated, in this order: {', '.join(view.keys)}.",
    )  # fmt: skip


MEMBERS = View(
    "Abraham Accords members",
    "member",
    ("name", "code", "status", "announced", "signed", "agreement"),
    (*Member._fields, "evidence"),
)
CANDIDATES = View(
    "Prospective members",
    "candidate",
    ("name", "code", "date", "position"),
    (*Candidate._fields, "evidence"),
)
TIMELINE = View(
    "Abraham Accords timeline",
    "event",
    ("date", "title", "countries"),
    (*Event._fields, "evidence"),
)
SOURCES = View(
    "Sources cited", "source", ("publisher", "title", "published", "cited_by", "url"),
    (*Source._fields, "cited_by"),
)  # fmt: skip
QUOTES = View(
    "Abraham Accords quotes", "quote", ("date", "speaker", "role", "text"),
    (*Quote._fields, "evidence"),
)  # fmt: skip
FIGURES = View(
    "Figures", "figure",
    # The states are in the scope's words and in `figures COUNTRY`; who measured stays beside
    # the value, so that two measurers of one thing read side by side.
    ("period", "indicator", "value", "unit", "measured_by", "scope"),
    (*Figure._fields, "evidence", "period"),
)  # fmt: skip
PUBLISHERS = View(
    "Publishers of the sources", "publisher",
    ("name", "kind", "country", "affiliation", "reliability", "reason"), Publisher._fields,
)  # fmt: skip


def _version(value: bool) -> None:
    if not value:
        return
    today = age.today()  # outside the try: a bad ACCORDS_TODAY is the user's, not the data's
    try:
        reach = queries.reach(_load(None, "sources", "events", "quotes").meta, today)
    except AccordsError as error:
        reach = f"unavailable: {_safe(str(error))}"
    typer.echo(f"accords {__version__} (data: {reach})")
    raise typer.Exit()


def _show_completion(value: Optional[str]) -> None:
    if value:
        typer.echo(completion.script(value), nl=False)
        raise typer.Exit()


def _install_completion(value: Optional[str]) -> None:
    if value:
        from accords_cli import installer  # only for this option

        typer.echo(str(installer.install(value)))
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True,
            help="Show the version and the data's date.",
        ),
    ] = False,
    show_completion: Annotated[
        Optional[str],
        typer.Option(
            "--show-completion", metavar="SHELL", parser=_choice(completion.SHELLS),
            callback=_show_completion, is_eager=True,
            autocompletion=completion.choices(completion.SHELLS),
            help=f"Print the completion script for SHELL ({_listed(completion.SHELLS)}).",
        ),
    ] = None,
    install_completion: Annotated[
        Optional[str],
        typer.Option(
            "--install-completion", metavar="SHELL", parser=_choice(completion.SHELLS),
            callback=_install_completion, is_eager=True,
            autocompletion=completion.choices(completion.SHELLS),
            help="Install completion for SHELL in your home directory.",
        ),
    ] = None,
) -> None:  # fmt: skip
    if ctx.invoked_subcommand is None:  # bare `accords`: the help, and success
        usage.show_help(ctx, None)


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))


def _load(data: Optional[str], *without: str) -> Dataset:
    """The dataset; ``without`` names sections the command does not use (see dataset.load)."""
    from accords_cli import dataset

    return dataset.load(data, without)


@app.command(cls=AccordsCommand, epilog=EXIT_CODES_HELP)
def members(
    status: Annotated[
        Optional[str],
        typer.Option(
            "--status", "-s", parser=_choice(MEMBER_STATUSES), metavar="STATUS",
            autocompletion=completion.choices(MEMBER_STATUSES),
            help=f"Only members with this status: {_listed(MEMBER_STATUSES)}.",
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
    fmt: CitedFormatOption = None,
    as_json: JsonOption = False,
    fields: Annotated[Optional[str], _fields_option(MEMBERS)] = None,
    sources: SourcesOption = False,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
) -> None:  # fmt: skip
    """List the states in the Abraham Accords, with status and dates.

    Status: in-force (signed and in effect), signed (never ratified or implemented), announced
    (not signed).

    Examples:

    \b
      accords members
      accords members --as-of 2020-12-31 --json
      accords members --json | jq -r '.[].name'
    """
    style = usage.style(color, no_color, no_pager)
    loaded = _load(data, "sources", "events", "quotes")
    found = queries.members(loaded, status=status, as_of=as_of, limit=limit)
    usage.emit(
        loaded, found, MEMBERS, "members", fmt, as_json, fields, style, sources,
        as_of=as_of, status=status,
    )  # fmt: skip


@app.command(cls=AccordsCommand, epilog=EXIT_CODES_HELP)
def candidates(
    limit: LimitOption = None,
    fmt: CitedFormatOption = None,
    as_json: JsonOption = False,
    fields: Annotated[Optional[str], _fields_option(CANDIDATES)] = None,
    sources: SourcesOption = False,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
) -> None:
    """List states discussed as prospective members, with their stated position.

    Examples:

    \b
      accords candidates
      accords candidates --fields name,position
    """
    style = usage.style(color, no_color, no_pager)
    loaded = _load(data, "sources", "events", "quotes")
    found = queries.candidates(loaded, limit=limit)
    usage.emit(loaded, found, CANDIDATES, "candidates", fmt, as_json, fields, style, sources)


@app.command(cls=AccordsCommand, epilog=EXIT_CODES_HELP)
def timeline(
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    kind: Annotated[
        Optional[str],
        typer.Option(
            "--kind", "-k", parser=_choice(EVENT_KINDS), metavar="KIND",
            autocompletion=completion.choices(EVENT_KINDS),
            help=f"Only events of this kind: {_listed(EVENT_KINDS)}.",
        ),
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")] = False,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart",
            help="Draw the events on a time axis instead; not with --format, --json, --fields"
            " or --sources.",
        ),
    ] = False,
    limit: LimitOption = None,
    fmt: CitedFormatOption = None,
    as_json: JsonOption = False,
    fields: Annotated[Optional[str], _fields_option(TIMELINE)] = None,
    sources: SourcesOption = False,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
) -> None:  # fmt: skip
    """List the events of the Accords, oldest first.

    Examples:

    \b
      accords timeline --since 2025
      accords timeline --country morocco --format csv
      accords timeline --chart
    """
    usage.check_chart(chart, fmt, as_json, fields, sources)
    usage.date_range(since, until)
    style = usage.style(color, no_color, no_pager)
    loaded = _load(data, "sources", "quotes")
    code = usage.country_filter(loaded, country)
    found = queries.timeline(
        loaded, since=since, until=until, country=code, kind=kind, reverse=reverse, limit=limit
    )
    if chart:
        usage.chart(loaded, found, style, usage.timeline_command(since, until, code, kind))
        return
    usage.emit(
        loaded, found, TIMELINE, "timeline", fmt, as_json, fields, style, sources,
        country=code, kind=kind, since=since, until=until,
    )  # fmt: skip


@app.command(cls=AccordsCommand, epilog=EXIT_CODES_HELP)
def quote(
    speaker: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="[SPEAKER]", show_default=False, autocompletion=completion.speakers,
            help="Part of the speaker's name, from the start of a word, in any case, accents"
            " optional; quotes around it are optional too.",
        ),
    ] = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    fmt: CitedFormatOption = None,
    as_json: JsonOption = False,
    fields: Annotated[Optional[str], _fields_option(QUOTES)] = None,
    sources: SourcesOption = False,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
) -> None:  # fmt: skip
    """Show key quotes, all or those of one speaker.

    Examples:

    \b
      accords quote rubio
      accords quote bin salman --since 2025
      accords quote rubio --json
    """
    usage.date_range(since, until)
    style = usage.style(color, no_color, no_pager)
    loaded = _load(data, "sources", "events")
    code = usage.country_filter(loaded, country)
    name = usage.words(speaker)
    found = usage.quotes(loaded, name, country=code, since=since, until=until, limit=limit)
    by = ", ".join(dict.fromkeys(q.speaker for q in found)) if name else None
    usage.emit(
        loaded, found, QUOTES, "quote", fmt, as_json, fields, style, sources,
        by=by, country=code, since=since, until=until,
    )  # fmt: skip


@app.command(cls=AccordsCommand, epilog=EXIT_CODES_HELP)
def show(
    country: Annotated[
        list[str],
        typer.Argument(
            metavar="COUNTRY", autocompletion=completion.countries, show_default=False,
            help="ISO code, name or alias, in any case; quotes around a name are optional.",
        ),
    ],
    fmt: ShowFormatOption = None,
    as_json: JsonOption = False,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
) -> None:  # fmt: skip
    """Show one country's profile: its facts or position, its events and its quotes.

    Examples:

    \b
      accords show kazakhstan
      accords show saudi arabia
      accords show UAE --json | jq '.milestones'
    """
    from accords_cli import views

    style = usage.style(color, no_color, no_pager)
    fmt = usage.output_format(fmt, as_json)
    loaded = _load(data, "sources")
    found = usage.profile(loaded, usage.words(country) or "")
    views.profile(found, fmt, style, loaded.meta)


@app.command(cls=AccordsCommand, epilog=EXIT_CODES_HELP)
def search(
    text: Annotated[
        list[str],
        typer.Argument(
            metavar="TEXT", show_default=False,
            help="Text to look for; case and accents are ignored, quotes are optional.",
        ),
    ],
    fmt: ViewFormatOption = None,
    as_json: JsonOption = False,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
) -> None:  # fmt: skip
    """Search members, candidates, events and quotes for a piece of text.

    Examples:

    \b
      accords search two-state
      accords search natural continuation
      accords search kushner --json | jq -r '.[].kind'
    """
    from accords_cli import views

    style = usage.style(color, no_color, no_pager)
    fmt = usage.output_format(fmt, as_json)
    loaded = _load(data, "sources")
    term = usage.words(text) or ""
    hits = queries.search(loaded, term)
    if not hits:
        raise usage.nothing_mentions(term)
    views.search(hits, term, fmt, style, loaded.meta)


@app.command(cls=AccordsCommand, epilog=EXIT_CODES_HELP)
def figures(
    country: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="[COUNTRY]", autocompletion=completion.countries, show_default=False,
            help="Only figures about this state: ISO code, name or alias.",
        ),
    ] = None,
    indicator: Annotated[
        Optional[str],
        typer.Option(
            "--indicator", "-i", parser=_choice(FIGURE_INDICATORS), metavar="INDICATOR",
            autocompletion=completion.choices(FIGURE_INDICATORS),
            help=f"Only this measure: {_listed(FIGURE_INDICATORS)}.",
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    fmt: CitedFormatOption = None,
    as_json: JsonOption = False,
    fields: Annotated[Optional[str], _fields_option(FIGURES)] = None,
    sources: SourcesOption = False,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
) -> None:  # fmt: skip
    """List trade, tourism and investment figures: period, value, unit, scope and who measured.

    Where measurers disagree, their figures stand side by side; none is averaged.

    Examples:

    \b
      accords figures
      accords figures UAE --indicator trade
      accords figures --since 2023 --json
    """
    usage.date_range(since, until)
    style = usage.style(color, no_color, no_pager)
    loaded = _load(data, "events", "quotes")
    code = usage.country_filter(loaded, usage.words(country))
    found = queries.figures(
        loaded, country=code, indicator=indicator, since=since, until=until, limit=limit
    )
    usage.emit(
        loaded, found, FIGURES, "figures", fmt, as_json, fields, style, sources,
        country=code, indicator=indicator, since=since, until=until,
    )  # fmt: skip


@app.command(name="sources", cls=AccordsCommand, epilog=EXIT_CODES_HELP)
def list_sources(
    country: CountryOption = None,
    limit: LimitOption = None,
    fmt: CitedFormatOption = None,
    as_json: JsonOption = False,
    fields: Annotated[Optional[str], _fields_option(SOURCES)] = None,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
) -> None:
    """List every source the data cites, with how many records cite it.

    Examples:

    \b
      accords sources --country KZ
      accords sources --country KZ --format bibtex > kz.bib
      accords sources --format csv --fields url,cited_by
    """
    from accords_cli import citations, references

    style = usage.style(color, no_color, no_pager)
    loaded = _load(data)
    code = usage.country_filter(loaded, country)
    found = references.cited_sources(loaded, code)[:limit]
    if fmt in citations.FORMATS:
        usage.check_citations(fmt, as_json, fields)
        if not found:
            raise usage.nothing_matches("source", "sources")
        citations.write([cited.source for cited in found], fmt, loaded.meta.as_of)
        return
    usage.emit(loaded, found, SOURCES, "sources", fmt, as_json, fields, style, country=code)


@app.command(cls=AccordsCommand, epilog=EXIT_CODES_HELP)
def publishers(
    kind: Annotated[
        Optional[str],
        typer.Option(
            "--kind", "-k", parser=_choice(PUBLISHER_KINDS), metavar="KIND",
            autocompletion=completion.choices(PUBLISHER_KINDS),
            help=f"Only publishers of this kind: {_listed(PUBLISHER_KINDS)}.",
        ),
    ] = None,
    country: Annotated[
        Optional[str],
        typer.Option(
            "--country", "-c", metavar="COUNTRY", autocompletion=completion.countries,
            help="Only those based in this country: an ISO code (GB, QA) or a name the data knows.",
        ),
    ] = None,
    reliability: Annotated[
        Optional[str],
        typer.Option(
            "--reliability", parser=_choice(RELIABILITY), metavar="RATING",
            autocompletion=completion.choices(RELIABILITY),
            help=f"Only publishers rated so: {_listed(RELIABILITY)}.",
        ),
    ] = None,
    limit: LimitOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: Annotated[Optional[str], _fields_option(PUBLISHERS)] = None,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
) -> None:  # fmt: skip
    """List who wrote and who hosts the sources: what kind of body each is, whose it is, and
    how far it is trusted.

    Reliability: reliable (generally reliable for facts), attribution (use with attribution:
    partisan, state-run or uneven), unreliable (never carries a fact alone).

    Examples:

    \b
      accords publishers --kind wire
      accords publishers --country QA --json
      accords publishers --reliability unreliable --fields name,reason
    """
    style = usage.style(color, no_color, no_pager)
    loaded = _load(data, "events", "quotes")
    code = usage.home_country(loaded, country)
    found = queries.publishers(
        loaded, kind=kind, country=code, reliability=reliability, limit=limit
    )
    usage.emit(
        loaded, found, PUBLISHERS, "publishers", fmt, as_json, fields, style,
        kind=kind, country=code, reliability=reliability,
    )  # fmt: skip


@app.command(cls=AccordsCommand, epilog=EXIT_CODES_HELP)
def info(
    fmt: ViewFormatOption = None,
    as_json: JsonOption = False,
    color: ColorOption = None,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
) -> None:
    """Show what the data holds, how current it is, and which file is in use.

    On a terminal, other views end with a one-line reminder when the data's events end more
    than 90 days ago; ACCORDS_NO_AGE_WARNING=1 turns it off.

    Examples:

    \b
      accords info
      accords info --json | jq .as_of
      accords info --json | jq .age_days
    """
    from accords_cli import views

    style = usage.style(color, no_color, no_pager)
    views.info(_load(data), usage.output_format(fmt, as_json), style)


@app.command(cls=AccordsCommand, epilog=EXIT_CODES_HELP)
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

    One line per finding, naming the record. Exit 0: nothing to fix; 1: findings. An invalid
    file is reported as every command reports it, with the same exit code.

    Examples:

    \b
      accords check
      accords check my-copy.yaml
      accords check | grep '^sources'
    """
    from accords_cli import check as checking

    checking.run(file)


@app.command(name="help", cls=AccordsCommand)
def help_command(
    ctx: typer.Context,
    command: Annotated[
        Optional[str],
        typer.Argument(
            metavar="[COMMAND]", show_default=False,
            autocompletion=lambda: [_command_name(c) for c in COMMANDS],
            help="The command to explain; without it, the overview.",
        ),
    ] = None,
) -> None:  # fmt: skip
    """Show the help of accords, or of one command.

    Examples:

    \b
      accords help
      accords help timeline
    """
    usage.show_help(ctx.parent or ctx, command)


COMMANDS = list(app.registered_commands)


def run(argv: list[str]) -> int:
    """Run the command line ``argv`` (without the program name) and return its exit code."""
    wanted = argv[0] if argv else None
    if "_ACCORDS_COMPLETE" in os.environ:
        completion.register()
        wanted = completion.command_in_line()
    # Typer builds a Click command for every registered command on each call. When the first
    # argument names a command, build only that one: help, errors and completion still see all.
    chosen = [c for c in COMMANDS if _command_name(c) == wanted and wanted != "help"]
    target = app
    if chosen:  # on a shallow copy, so the shared app keeps every command for the next call
        target = copy.copy(app)
        target.registered_commands = chosen
    try:
        target(args=argv, prog_name="accords")
    except SystemExit as exit:  # AccordsGroup.main always ends here
        return exit.code if isinstance(exit.code, int) else int(exit.code is not None)
    return ExitCode.OK
