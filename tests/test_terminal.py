"""What a person at a terminal meets: names without quotes, option conflicts, colour flags,
help, `accords help`, and errors that point to the command that answers."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

from accords_cli import cli, queries, usage
from accords_cli.models import Dataset

ANSI = "\x1b["


def run(runner: CliRunner, *args: str, **env: str) -> Any:
    return runner.invoke(cli.app, list(args), env=env or None)


def _help(args: list[str], width: str) -> str:
    """Help as a terminal of ``width`` columns gets it (the test runner fixes 80 columns)."""
    import os
    import subprocess

    env = {**os.environ, "COLUMNS": width}
    return subprocess.run(
        [sys.executable, "-m", "accords_cli", *args], capture_output=True, text=True, env=env
    ).stdout


# Names as typed -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unquoted", "quoted"),
    [
        (["show", "saudi", "arabia"], ["show", "saudi arabia"]),
        (["quote", "bin", "salman"], ["quote", "bin salman"]),
        (["search", "two", "state"], ["search", "two state"]),
    ],
)
def test_names_need_no_quotes(runner: CliRunner, unquoted: list[str], quoted: list[str]) -> None:
    plain = run(runner, *unquoted, "--json")
    assert plain.exit_code == 0, plain.stderr
    assert plain.stdout == run(runner, *quoted, "--json").stdout


def test_unquoted_speaker_finds_that_speaker(runner: CliRunner, real: Dataset) -> None:
    result = run(runner, "quote", "bin", "salman", "--json")
    assert json.loads(result.stdout) == [q.to_dict() for q in queries.quotes(real, "bin salman")]


# Conflicts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "both"),
    [
        (["timeline", "--chart", "--json"], ("--chart", "--json")),
        (["timeline", "--chart", "--format", "csv"], ("--chart", "--format csv")),
        (["timeline", "--chart", "--fields", "date"], ("--chart", "--fields date")),
        (["members", "--json", "--format", "csv"], ("--json", "--format csv")),
        (["show", "KZ", "--json", "--format", "yaml"], ("--json", "--format yaml")),
        (["members", "--no-color", "--color", "always"], ("--no-color", "--color always")),
        (["sources", "--format", "bibtex", "--fields", "url"], ("--format bibtex", "--fields")),
        (["sources", "--format", "csl-json", "--json"], ("--format csl-json", "--json")),
    ],
)
def test_conflicting_options_are_one_line_usage_errors(
    runner: CliRunner, args: list[str], both: tuple[str, str]
) -> None:
    result = run(runner, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert all(option in result.stderr for option in both)


def test_json_with_format_json_is_no_conflict(runner: CliRunner) -> None:
    assert run(runner, "members", "--json", "--format", "json").exit_code == 0


# Colour -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tty", "env", "flags", "expected"),
    [
        (False, {"FORCE_COLOR": "1"}, (None, False), True),
        (False, {"FORCE_COLOR": "0"}, (None, False), True),  # any non-empty value
        (False, {"FORCE_COLOR": ""}, (None, False), False),
        (True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, (None, False), True),
        (True, {"FORCE_COLOR": "1"}, ("never", False), False),
        (True, {"FORCE_COLOR": "1"}, (None, True), False),
        (True, {}, (None, True), False),
        (False, {"NO_COLOR": "1"}, ("always", False), True),
        (True, {"TERM": "dumb", "FORCE_COLOR": "1"}, (None, False), True),
    ],
)
def test_force_color_and_no_color(
    monkeypatch: pytest.MonkeyPatch,
    tty: bool,
    env: dict[str, str],
    flags: tuple[str | None, bool],
    expected: bool,
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty)
    assert usage.use_color(*flags) is expected


def test_force_color_colours_piped_tables(runner: CliRunner) -> None:
    assert ANSI in run(runner, "members", "--format", "table", FORCE_COLOR="1").stdout
    assert ANSI not in run(runner, "members", "--format", "table", "--no-color").stdout


# Help ---------------------------------------------------------------------------------------


def test_bare_accords_is_the_help_and_success(runner: CliRunner) -> None:
    result = run(runner)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == run(runner, "--help").stdout


@pytest.mark.parametrize("command", ["members", "timeline", "show", "quote"])
def test_help_command_is_the_commands_help(runner: CliRunner, command: str) -> None:
    result = run(runner, "help", command)
    assert result.exit_code == 0
    assert result.stdout == run(runner, command, "--help").stdout


def test_help_of_an_unknown_command(runner: CliRunner) -> None:
    result = run(runner, "help", "memebrs")
    assert result.exit_code == 2
    assert "did you mean 'members'?" in result.stderr
    assert "'accords help'" in result.stderr


COMMANDS = ["members", "candidates", "timeline", "quote", "show", "search", "sources", "info"]


@pytest.mark.parametrize("width", ["60", "80", "120"])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_examples_are_whole_lines(width: str, command: str | None) -> None:
    """Each example stays on one line at any width, so it can be copied and run."""
    args = [command, "--help"] if command else ["--help"]
    text = _help(args, width)
    lines = text.splitlines()
    examples = lines[lines.index("  Examples:") + 2 :]
    examples = examples[: examples.index("")]
    assert examples and all(line.startswith("    accords ") for line in examples)
    assert all(len(line) <= int(width) for line in lines)


def test_help_prose_flows_to_the_width(runner: CliRunner) -> None:
    wide = _help(["members", "--help"], "120")
    assert "signed (never ratified or implemented), announced (not signed)." in wide


@pytest.mark.parametrize(
    ("command", "view"),
    [("members", cli.MEMBERS), ("timeline", cli.TIMELINE), ("quote", cli.QUOTES)],
)
def test_fields_help_lists_the_fields(runner: CliRunner, command: str, view: Any) -> None:
    text = " ".join(run(runner, command, "--help").stdout.split())
    assert ", ".join(view.keys) in text


def test_one_metavar_style(runner: CliRunner) -> None:
    for command in COMMANDS:
        text = run(runner, command, "--help").stdout
        options = text[text.index("Options:") :]
        assert not re.search(r"\{|<\w+>|\[x>=|\[[a-z-]+\|", options), command


# Dead ends ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "pointer"),
    [
        (["show", "atlantis"], 1, "'accords members' and 'accords candidates'"),
        (["timeline", "--country", "XX"], 2, "'accords members' and 'accords candidates'"),
        (["timeline", "--country", "somaliland"], 2, "'accords show somaliland'"),
        (["quote", "nobody"], 1, "'accords search TEXT'"),
        (["search", "zzzzqqq"], 1, "'accords timeline'"),
        (["timeline", "--since", "2026-11"], 1, "'accords timeline' without filters"),
        (["members", "--status", "signed", "--as-of", "2020-01"], 1, "'accords members'"),
    ],
)
def test_not_found_names_the_command_that_answers(
    runner: CliRunner, args: list[str], code: int, pointer: str
) -> None:
    result = run(runner, *args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert pointer in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["--data", "x.yaml", "members"], "accords members --data x.yaml"),
        (["--json", "quote", "rubio"], "accords quote --json rubio"),
        (["--data", "my data.yaml", "show", "KZ"], "accords show --data 'my data.yaml' KZ"),
    ],
)
def test_an_option_before_the_command_gets_a_hint(
    runner: CliRunner, args: list[str], hint: str
) -> None:
    result = run(runner, *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Options go after the command: {hint}"


@pytest.mark.parametrize("command", ["members", "quote", "timeline"])
def test_help_never_breaks_a_line_at_a_hyphen(command: str) -> None:
    lines = _help([command, "--help"], "60").splitlines()
    assert not [line for line in lines if re.search(r"\w-$", line)]
