"""The command line: parse options, call queries, hand the results to render.

The only module that imports Typer. Errors raised anywhere below are turned into a one-line
message on stderr and an exit code in exactly one place, ``AccordsGroup.main``.
"""

import os
import sys
from enum import Enum
from typing import Annotated, Any, NoReturn, Optional

import typer
from typer.core import TyperGroup

from accords_cli import __version__, queries
from accords_cli.errors import AccordsError, ExitCode, UsageError
from accords_cli.models import Dataset
from accords_cli.render import FORMATS, Style, View, render

EXIT_CODES_HELP = (
    "Exit codes: 0 found; 1 nothing found or invalid data file; 2 usage error; 130 interrupted."
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
                f"internal error ({type(error).__name__}: {error}). This is a bug: please report "
                f"it with the command you ran; set {DEBUG_ENV}=1 to see the full traceback",
                ExitCode.NOT_FOUND,
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
    sys.stderr.write(f"accords: {message}\n")
    return code


app = typer.Typer(
    cls=AccordsGroup,
    name="accords",
    help="Look up facts about the Abraham Accords: members, timeline and key quotes, with sources."
    "\n\n"
    "Examples:\n\n"
    "  accords members\n\n"
    "  accords timeline | grep -i morocco\n\n"
    "  accords quote rubio --json\n\n" + EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]

# One definition per shared option, reused by every listing command.
FormatOption = Annotated[
    Optional[Format],
    typer.Option(
        "--format", "-f", help="Output format. Default: table on a terminal, plain when piped."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
FieldsOption = Annotated[
    Optional[str],
    typer.Option("--fields", metavar="A,B,...", help="Show only these fields, in this order."),
]
ColorOption = Annotated[
    Color, typer.Option("--color", help="Colour: auto (terminal, no NO_COLOR), always or never.")
]
DataOption = Annotated[
    Optional[str],
    typer.Option(
        "--data", metavar="FILE", help="Read this data file instead of the bundled one.",
        envvar="ACCORDS_DATA", show_envvar=True,
    ),
]  # fmt: skip


def _version(value: bool) -> None:
    if not value:
        return
    from accords_cli import dataset

    try:
        as_of = dataset.load().meta.as_of.isoformat()
    except AccordsError as error:
        as_of = f"unavailable: {error}"
    typer.echo(f"accords {__version__} (data as of {as_of})")
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


def _emit(
    data: Dataset,
    records: list[Any],
    view: View,
    fmt: Optional[Format],
    as_json: bool,
    fields: Optional[str],
    color: Color,
) -> None:
    rows = [record.to_dict() for record in records]
    chosen = "json" if as_json else (fmt.value if fmt else None)
    if chosen is None:
        chosen = "table" if sys.stdout.isatty() else "plain"
    wanted = _parse_fields(fields, rows, view) if fields else None
    noun = view.noun if len(rows) == 1 else view.noun + "s"
    caption = f"{len(rows)} {noun} · data as of {data.meta.as_of} · sources: --json"
    render(rows, view, chosen, wanted, Style(color=_use_color(color)), caption)


def _parse_fields(fields: str, rows: list[dict[str, Any]], view: View) -> list[str]:
    wanted = [name.strip() for name in fields.split(",") if name.strip()]
    valid = list(rows[0]) if rows else list(view.columns)
    unknown = [name for name in wanted if name not in valid]
    if unknown or not wanted:
        hint = queries.did_you_mean(queries.suggest(unknown[0], valid, 1)) if unknown else ""
        what = f"unknown field '{unknown[0]}'{hint}" if unknown else "no field named"
        raise UsageError(f"--fields: {what}\nValid fields: {', '.join(valid)}")
    return wanted


def _use_color(color: Color) -> bool:
    if color is not Color.auto:
        return color is Color.always
    return (
        sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM", "") != "dumb"
    )


def _load(data: Optional[str]) -> Dataset:
    from accords_cli import dataset

    return dataset.load(data)


MEMBERS = View(
    "Abraham Accords members",
    "member",
    ("name", "code", "status", "announced", "signed", "agreement"),
)
CANDIDATES = View("Prospective members", "candidate", ("name", "code", "date", "position"))
TIMELINE = View("Abraham Accords timeline", "event", ("date", "title", "countries"))
QUOTES = View("Abraham Accords quotes", "quote", ("date", "speaker", "role", "text"))


@app.command(epilog=EXIT_CODES_HELP)
def members(
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
    color: ColorOption = Color.auto,
    data: DataOption = None,
) -> None:
    """List the states in the Abraham Accords, with status and dates.

    Examples:

      accords members

      accords members --json | jq -r '.[] | select(.signed) | .name'

      accords members | grep Morocco
    """
    loaded = _load(data)
    _emit(loaded, queries.members(loaded), MEMBERS, fmt, as_json, fields, color)


@app.command(epilog=EXIT_CODES_HELP)
def candidates(
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
    color: ColorOption = Color.auto,
    data: DataOption = None,
) -> None:
    """List states discussed as prospective members, with their stated position.

    Examples:

      accords candidates

      accords candidates --json | jq -r '.[] | [.name, .position] | @tsv'
    """
    loaded = _load(data)
    _emit(loaded, queries.candidates(loaded), CANDIDATES, fmt, as_json, fields, color)


@app.command(epilog=EXIT_CODES_HELP)
def timeline(
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
    color: ColorOption = Color.auto,
    data: DataOption = None,
) -> None:
    """List the events of the Accords, oldest first.

    Examples:

      accords timeline

      accords timeline | grep 2025

      accords timeline --json | jq '.[] | select(.countries | index("KZ"))'
    """
    loaded = _load(data)
    _emit(loaded, queries.timeline(loaded), TIMELINE, fmt, as_json, fields, color)


@app.command(epilog=EXIT_CODES_HELP)
def quote(
    speaker: Annotated[
        Optional[str],
        typer.Argument(help="Part of the speaker's name, in any case, accents optional."),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
    color: ColorOption = Color.auto,
    data: DataOption = None,
) -> None:
    """Show key quotes, all or those of one speaker.

    Examples:

      accords quote rubio

      accords quote "bin salman"

      accords quote rubio --json
    """
    loaded = _load(data)
    _emit(loaded, queries.quotes(loaded, speaker), QUOTES, fmt, as_json, fields, color)


def main() -> NoReturn:
    app()
    sys.exit(ExitCode.OK)  # not reached: AccordsGroup.main always exits
