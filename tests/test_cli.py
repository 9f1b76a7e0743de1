"""The commands end to end through Typer's runner: output formats, errors and exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accords_cli import __version__, age, cli, queries, usage
from accords_cli.errors import ExitCode
from accords_cli.models import Dataset

from .conftest import TODAY

ANSI = "\x1b["
BOX = set("─│╭╮╰╯┼├┤┬┴━┃")


def run(runner: CliRunner, *args: str, **env: str) -> Any:
    return runner.invoke(cli.app, list(args), env=env or None)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["members"], lambda d: queries.members(d)),
        (["timeline"], lambda d: queries.timeline(d)),
        (["quote"], lambda d: queries.quotes(d)),
        (["quote", "rubio"], lambda d: queries.quotes(d, "rubio")),
        (["quote", "RUBIO"], lambda d: queries.quotes(d, "rubio")),
    ],
)
def test_json_is_the_records_of_the_query(
    runner: CliRunner, real: Dataset, args: list[str], expected: Callable[[Dataset], list[Any]]
) -> None:
    result = run(runner, *args, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout) == [r.to_dict() for r in expected(real)]
    assert result.stdout == run(runner, *args, "--format", "json").stdout


def test_json_keeps_unicode_as_text(
    runner: CliRunner, small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    result = run(runner, "quote", "jose", "--json", "--data", str(write_data(small)))
    assert "José Émile" in result.stdout
    assert "\\u" not in result.stdout


@pytest.mark.parametrize("command", ["members", "timeline", "quote"])
def test_piped_output_is_one_tab_separated_record_per_line(
    runner: CliRunner, real: Dataset, command: str
) -> None:
    result = run(runner, command)
    lines = result.stdout.splitlines()
    expected = {"members": real.members, "timeline": real.events, "quote": real.quotes}[command]
    assert result.exit_code == 0
    assert len(lines) == len(expected)
    assert all("\t" in line for line in lines)
    assert ANSI not in result.stdout
    assert not BOX & set(result.stdout)


def test_piped_members_can_be_grepped(runner: CliRunner, real: Dataset) -> None:
    lines = run(runner, "members").stdout.splitlines()
    morocco = [line for line in lines if "Morocco" in line]
    assert len(morocco) == 1
    fields = morocco[0].split("\t")
    member = next(m for m in real.members if m.code == "MA")
    assert fields[:5] == [
        "Morocco",
        "MA",
        member.status,
        member.announced.isoformat(),
        member.signed.isoformat() if member.signed else "",
    ]


def test_plain_quote_keeps_the_whole_text(runner: CliRunner, real: Dataset) -> None:
    result = run(runner, "quote", "rubio")
    for q in queries.quotes(real, "rubio"):
        assert " ".join(q.text.split()) in result.stdout


@pytest.mark.parametrize("width", ["80", "120"])
def test_table_shows_every_member_with_dates_intact(
    runner: CliRunner, real: Dataset, width: str
) -> None:
    result = run(runner, "members", "--format", "table", COLUMNS=width)
    assert result.exit_code == 0
    assert "Abraham Accords members" in result.stdout
    for member in real.members:
        assert member.code in result.stdout
        assert member.announced.isoformat() in result.stdout
        if member.signed:
            assert member.signed.isoformat() in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= int(width)


def test_table_of_timeline_keeps_dates_whole_at_60_columns(
    runner: CliRunner, real: Dataset
) -> None:
    result = run(runner, "timeline", "--format", "table", COLUMNS="60")
    for event in real.events:
        assert event.date.isoformat() in result.stdout


def test_colour_only_when_asked_or_on_a_terminal(runner: CliRunner) -> None:
    assert ANSI in run(runner, "members", "--format", "table", "--color", "always").stdout
    assert ANSI not in run(runner, "members", "--format", "table", "--color", "never").stdout
    assert ANSI not in run(runner, "members", "--format", "table").stdout


@pytest.mark.parametrize(
    ("tty", "env", "expected"),
    [
        (True, {}, True),
        (True, {"NO_COLOR": "1"}, False),
        (True, {"NO_COLOR": ""}, True),
        (True, {"TERM": "dumb"}, False),
        (False, {}, False),
    ],
)
def test_auto_colour_follows_terminal_and_environment(
    monkeypatch: pytest.MonkeyPatch, tty: bool, env: dict[str, str], expected: bool
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty)
    assert usage.use_color("auto", no_color=False) is expected


def test_quote_without_match_fails_with_suggestion(runner: CliRunner) -> None:
    result = run(runner, "quote", "rubbio")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("accords: no quotes by a speaker matching 'rubbio'")
    assert "did you mean 'Marco Rubio'" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_version_shows_package_and_data_date(runner: CliRunner, real: Dataset) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    # Both dates: how far events reach, and when the content was last checked.
    assert real.meta.coverage_end is not None
    end = real.meta.coverage_end
    reach = f"events to {end.isoformat()}, {age.ago(end, TODAY)} · checked {real.meta.as_of}"
    assert result.stdout.strip() == f"accords {__version__} (data: {reach})"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["memebrs"], "No such command 'memebrs'. Did you mean 'members'?"),
        (["members", "--jsno"], "No such option: --jsno"),
        (["members", "--format", "xml"], "Invalid value for '--format'"),
        (["members", "--fields", "name,cod"], "unknown field 'cod'; did you mean 'code'?"),
        (["members", "--fields", ","], "--fields: no field named"),
        (["members", "--color", "sometimes"], "Invalid value for '--color'"),
        (["show"], "Missing argument 'COUNTRY'"),
    ],
)
def test_usage_errors_exit_2_with_a_short_message(
    runner: CliRunner, args: list[str], message: str
) -> None:
    result = run(runner, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.startswith("accords: ")
    assert len(result.stderr.splitlines()) <= 3
    assert "Traceback" not in result.stderr


def test_unknown_field_lists_the_valid_ones(runner: CliRunner) -> None:
    result = run(runner, "timeline", "--fields", "when")
    assert (
        "Valid fields: id, date, end_date, title, summary, countries, kind, sources"
        in result.stderr
    )


def test_fields_select_and_order_columns(runner: CliRunner, real: Dataset) -> None:
    result = run(runner, "members", "--fields", "code,name", "--json")
    assert json.loads(result.stdout) == [
        {"code": m.code, "name": m.name} for m in queries.members(real)
    ]
    plain = run(runner, "members", "--fields", "code,name").stdout.splitlines()
    assert plain == [f"{m.code}\t{m.name}" for m in queries.members(real)]


def test_invalid_data_file_is_one_line_exit_65(
    runner: CliRunner, small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    small["members"][0]["signed"] = "2020-13-01"
    file = write_data(small)
    result = run(runner, "members", "--data", str(file))
    assert result.exit_code == 65
    assert result.stdout == ""
    assert (
        result.stderr
        == f"accords: {file}: members[0].signed: expected YYYY-MM-DD, got '2020-13-01'\n"
    )


def test_data_from_environment(
    runner: CliRunner, small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    result = run(runner, "members", "--json", ACCORDS_DATA=str(write_data(small)))
    assert [m["code"] for m in json.loads(result.stdout)] == ["AE", "KZ"]


def test_unexpected_error_is_reported_as_a_bug(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any, **__: Any) -> Any:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(queries, "members", broken)
    result = run(runner, "members")
    assert result.exit_code == 70
    assert "This is a bug" in result.stderr
    assert "ACCORDS_DEBUG=1" in result.stderr
    assert "Traceback" not in result.stderr
    debug = run(runner, "members", ACCORDS_DEBUG="1")
    assert isinstance(debug.exception, ZeroDivisionError)


@pytest.mark.parametrize("command", ["members", "timeline", "quote"])
def test_help_leads_with_examples_and_exit_codes(runner: CliRunner, command: str) -> None:
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Examples" in text
    assert text.count(f"accords {command}") >= 2
    assert cli.EXIT_CODES_HELP in text
    assert run(runner, command, "-h").stdout == result.stdout


def test_exit_codes_agree_in_code_help_and_readme(runner: CliRunner) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Errors and exit codes", 1)[1].split("\n## ", 1)[0]
    in_readme = [int(code) for code in re.findall(r"^\| (\d+) \|", section, re.MULTILINE)]
    help_text = " ".join(run(runner, "--help").stdout.split())
    in_help = [int(code) for code in re.findall(r"[:;] (\d+) ", help_text)]
    assert in_readme == in_help == sorted(ExitCode)
    assert "65 invalid data file; 66 data file missing or unreadable; 70 internal" in help_text


COMMANDS = [
    "members",
    "candidates",
    "timeline",
    "quote",
    "show",
    "search",
    "figures",
    "sources",
    "publishers",
    "info",
    "check",
    "help",
]


def test_top_level_help_lists_the_commands(runner: CliRunner) -> None:
    result = run(runner, "--help", COLUMNS="100")
    assert result.exit_code == 0
    # Each command heads a line of the Commands section, with its summary beside it.
    assert "Commands" in result.stdout
    section = result.stdout.split("Commands", 1)[1]
    listed = re.findall(r"^\W*([a-z][a-z-]*)  +[A-Z]", section, re.MULTILINE)
    assert listed == COMMANDS
    assert "accords quote rubio --json" in result.stdout


def test_the_app_called_directly_still_names_itself_accords(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit:
        cli.app(["members", "--limit", "x"])
    assert exit.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == "Try 'accords members --help'."


def test_the_app_called_without_arguments_reads_the_command_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["accords", "--data", "x.yaml", "members"])
    with pytest.raises(SystemExit) as exit:
        cli.app()
    assert exit.value.code == 2
    hint = capsys.readouterr().err.splitlines()[-1]
    assert hint == "Options go after the command: accords members --data x.yaml"


def test_a_message_echoing_a_huge_value_is_cut_at_300_characters(runner: CliRunner) -> None:
    result = run(runner, "members", "--status", "x" * 5000)
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("accords: Invalid value for '--status'")
    assert first.endswith("xx…")
    assert len(first) == len("accords: ") + 300 + 1


def test_help_names_the_choices_in_words(runner: CliRunner) -> None:
    text = " ".join(run(runner, "members", "--help", COLUMNS="200").stdout.split())
    assert (
        "Output format: table, plain, json, jsonl, csv, markdown, yaml, bibtex or csl-json;" in text
    )


def test_run_twice_in_one_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["members", "--json"]) == 0
    assert cli.run(["timeline", "--json"]) == 0
    assert [cli._command_name(c) for c in cli.app.registered_commands] == COMMANDS
    assert cli.run(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(f" {command} " in out for command in COMMANDS)


def test_no_arguments_shows_help_and_succeeds(runner: CliRunner) -> None:
    result = run(runner)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "Commands:" in result.stdout and "members" in result.stdout


def _accords(*args: str, stdout: Any = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ACCORDS_DATA", "NO_COLOR")}
    command = [sys.executable, "-m", "accords_cli", *args]
    return subprocess.run(
        command, stdout=stdout, stderr=subprocess.PIPE, text=True, env=env, check=False
    )


def test_module_entry_point(real: Dataset) -> None:
    result = _accords("members", "--json")
    assert result.returncode == 0
    assert [m["code"] for m in json.loads(result.stdout)] == [m.code for m in queries.members(real)]


@pytest.mark.parametrize(
    "args", [["timeline"], ["timeline", "--json"], ["members", "--format", "table"]]
)
def test_closed_pipe_ends_quietly(args: list[str]) -> None:
    """As in `accords timeline | head -1`: the reader is gone before we write."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = _accords(*args, stdout=write_end)
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 0


# What a call builds, and commands that must behave alike --------------------------------------


def _built(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> list[str]:
    """The commands Typer builds for one call of ``cli.run`` (output thrown away)."""
    import typer.main

    built: list[str] = []
    original = typer.main.get_command_from_info

    def spy(*args: Any, **options: Any) -> Any:
        built.append(cli._command_name(options.get("command_info") or args[0]))
        return original(*args, **options)

    monkeypatch.setattr(typer.main, "get_command_from_info", spy)
    cli.run(argv)
    return built


@pytest.mark.parametrize(
    "name", [cli._command_name(c) for c in cli.COMMANDS if cli._command_name(c) != "help"]
)
def test_a_named_command_builds_only_itself(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    assert _built(monkeypatch, [name, "--help"]) == [name]


def test_help_builds_every_command_to_list_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    built = _built(monkeypatch, ["help"])
    assert sorted(built) == sorted(cli._command_name(c) for c in cli.COMMANDS)


def test_help_without_a_command_is_the_overview(runner: CliRunner) -> None:
    result = run(runner, "help")
    assert result.exit_code == 0
    assert result.stdout == run(runner, "--help").stdout


@pytest.mark.parametrize(
    "command",
    [
        ["members"],
        ["candidates"],
        ["timeline"],
        ["quote"],
        ["sources"],
        ["publishers"],
        ["figures"],
    ],
)
def test_every_listing_colours_when_asked_and_only_then(
    runner: CliRunner, command: list[str]
) -> None:
    assert ANSI in run(runner, *command, "--format", "table", "--color", "always").stdout
    assert ANSI not in run(runner, *command, "--format", "table").stdout


def test_sources_cite_in_bibtex_what_matches_and_nothing_else(
    runner: CliRunner, small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    found = run(runner, "sources", "--country", "KZ", "--format", "bibtex")
    assert found.exit_code == 0, found.stderr
    assert found.stdout.count("@online{") >= 5
    small["countries"].append({"code": "FR", "name": "France"})  # a state no record concerns
    data = str(write_data(small))
    nothing = run(runner, "sources", "--country", "FR", "--format", "bibtex", "--data", data)
    assert nothing.exit_code == ExitCode.NOT_FOUND, nothing.stderr
    assert nothing.stdout == ""


def test_publishers_by_country_take_any_iso_code_or_a_known_name(runner: CliRunner) -> None:
    by_code = run(runner, "publishers", "--country", "gb", "--format", "json")
    assert by_code.exit_code == 0, by_code.stderr
    assert {p["country"] for p in json.loads(by_code.stdout)} == {"GB"}
    by_name = run(runner, "publishers", "--country", "israel", "--format", "json")
    assert by_name.exit_code == 0, by_name.stderr
    assert {p["country"] for p in json.loads(by_name.stdout)} == {"IL"}
