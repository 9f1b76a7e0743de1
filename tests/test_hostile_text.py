"""A data file is text, never terminal control: every command, in every format, run on a file
full of terminal escapes, C1 controls and bidirectional overrides, writes none of them raw.

Terminal views show them escaped (``\\x1b``); JSON, JSON lines, CSL-JSON and YAML write them as
``\\u`` escapes, so that parsing the output gives back the file's text unchanged. Also here:
silly ``COLUMNS`` values, which every view must survive.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from accords_cli import cli, escapes

# What a hostile file can hold: an OSC title change, a screen clear and a colour (CSI), their
# 8-bit C1 forms, bidirectional overrides, isolates and marks, a bell, a backspace, DEL and a
# C1 next-line; no NUL, which no YAML file can carry.
HOSTILE = (
    "\x1b]0;pwned\x1b\\ \x1b[2J \x1b[31mred \x9b2J \x9d0;c1\x9c \u202eevil \u202a\u202b\u202c\u202d"
    " \u2066\u2067\u2068\u2069 \u200e\u200f \u061c bell\x07 back\x08space \x7f \x85 \x0b\x0c\r"
)
# URLs are validated as having no blanks: the same, less what Python counts as whitespace.
HOSTILE_URL = "".join(char for char in HOSTILE if not char.isspace())

# Every code point that a terminal acts on instead of showing: C0 controls but newline and
# tab, DEL, the C1 controls, and the bidirectional controls.
_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What Rich itself writes with colour on: SGR colours and OSC 8 hyperlinks.
_RICH = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b\x07]*\x1b\\")


def _hostile(text: str) -> str:
    return f"{text} {HOSTILE} end"


def _data() -> dict[str, Any]:
    """A valid data file whose every free-text field carries the hostile text."""
    sources = [
        {
            "id": f"src-{n}",
            "title": _hostile(f"Title {n}"),
            "publisher": _hostile(f"Publisher {n}"),
            "published": "2020-09-15" if n == "one" else None,
            "url": f"https://example.org/{n}/{HOSTILE_URL}",
            "note": _hostile("Note"),
        }
        for n in ("one", "two")
    ]
    return {
        "meta": {
            "title": _hostile("Title"),
            "version": _hostile("1.0"),
            "as_of": "2026-01-31",
            "license": _hostile("Licence"),
            "changelog": [{"version": "1.0", "date": "2026-01-01", "changes": _hostile("Ch")}],
        },
        "sources": sources,
        "countries": [
            {"code": "IL", "name": _hostile("Israel"), "aliases": [_hostile("Zion")]},
            {"code": "US", "name": _hostile("United States")},
        ],
        "members": [
            {
                "code": "AE",
                "name": _hostile("United Arab Emirates"),
                "aliases": [_hostile("Emirates")],
                "status": "in-force",
                "status_note": _hostile("In force"),
                "announced": "2020-08-13",
                "signed": "2020-09-15",
                "signed_at": _hostile("Washington"),
                "agreement": _hostile("Treaty"),
                "prior_relations": _hostile("Before"),
                "note": _hostile("Note"),
                "signatories": [
                    {"party": "AE", "name": _hostile("A. Minister"), "role": _hostile("Role")}
                ],
                "documents": [
                    {"date": "2020-09-15", "title": _hostile("Document"), "sources": ["src-one"]}
                ],
                "milestones": [
                    {
                        "date": "2020-09-15",
                        "kind": "signing",
                        "text": _hostile("Milestone"),
                        "sources": ["src-one"],
                    }
                ],
                "sources": ["src-one"],
            }
        ],
        "candidates": [
            {
                "code": "SA",
                "name": _hostile("Saudi Arabia"),
                "aliases": [_hostile("KSA")],
                "position": _hostile("Waits"),
                "date": "2025-11-18",
                "note": _hostile("Note"),
                "sources": ["src-two"],
            }
        ],
        "events": [
            {
                "id": f"event-{n}",
                "date": day,
                "title": _hostile(f"Event {n}"),
                "summary": _hostile("Summary"),
                "countries": ["AE", "IL"],
                "kind": kind,
                "note": _hostile("Note"),
                "sources": ["src-one", "src-two"],
            }
            for n, day, kind in (
                ("one", "2020-08-13", "announcement"),
                ("two", "2020-09-15", "signing"),
                ("three", "2025-11-06", "statement"),
            )
        ],
        "quotes": [
            {
                "id": f"quote-{n}",
                "speaker": _hostile(f"Speaker {n}"),
                "role": _hostile("Role"),
                "date": "2025-11-06",
                "text": _hostile("Words"),
                "context": _hostile("Context"),
                "countries": ["AE"],
                "verbatim": n == "one",
                "note": _hostile("Why"),
                "sources": ["src-two"],
            }
            for n in ("one", "two")
        ],
    }


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The file's own name is hostile too: views and messages show the path.
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "data\x1b]0;named\x07\u202e.yaml"
    path.write_text(yaml.safe_dump(_data(), sort_keys=False), encoding="utf-8")
    return path


def _run(runner: CliRunner, args: list[str], data: Path, **env: str) -> Any:
    return runner.invoke(cli.app, args, env={"COLUMNS": "100", "ACCORDS_DATA": str(data), **env})


def _assert_nothing_raw(text: str, csv: bool = False) -> None:
    if csv:  # CSV ends its lines with CR LF: that one CR is the format's, not the data's
        text = text.replace("\r\n", "\n")
    found = sorted({f"U+{ord(char):04X}" for char in _RAW.findall(text)})
    assert not found, f"raw control characters written: {', '.join(found)}"


LISTINGS = ["members", "candidates", "timeline", "quote", "sources"]
VIEWS = [["show", "AE"], ["show", "SA"], ["show", "IL"], ["search", "pwned"], ["info"]]
RUNS = (
    [[command, "--format", fmt] for command in LISTINGS for fmt in cli.FORMATS]
    + [[command, "--format", "table", "--sources"] for command in LISTINGS[:-1]]
    + [[*view, "--format", fmt] for view in VIEWS for fmt in cli.VIEW_FORMATS]
    + [
        ["timeline", "--chart"],
        ["sources", "--format", "bibtex"],
        ["sources", "--format", "csl-json"],
        ["check"],
        ["--version"],
    ]
)


# Terminal views again with colour on, where Rich writes escapes of its own.
COLORED = [[*args, "--color", "always"] for args in RUNS if "table" in args or "--chart" in args]


@pytest.mark.parametrize("args", RUNS + COLORED, ids=[" ".join(a) for a in RUNS + COLORED])
def test_no_command_writes_a_control_character_from_the_data(
    runner: CliRunner, hostile_file: Path, args: list[str]
) -> None:
    colored = "always" in args
    result = _run(runner, args, hostile_file)
    # check reports what a maintainer should fix (exit 1); everything else succeeds.
    assert result.exit_code in ((0, 1) if args[0] == "check" else (0,)), result.stderr
    assert result.stdout
    if colored:
        assert "\x1b[" in result.stdout  # Rich's own colours, taken out before looking
    output = _RICH.sub("", result.stdout) if colored else result.stdout
    _assert_nothing_raw(output, csv="csv" in args)
    _assert_nothing_raw(result.stderr)


@pytest.mark.parametrize(
    "args",
    [["show", "united"], ["quote", "nobody"], ["show", "israil"], ["timeline", "-c", "us"]],
)
def test_no_message_writes_a_control_character_from_the_data(
    runner: CliRunner, hostile_file: Path, args: list[str]
) -> None:
    """Errors name records of the file (candidates, suggestions) and the file itself."""
    result = _run(runner, args, hostile_file)
    assert result.exit_code in (1, 2) and result.stderr
    _assert_nothing_raw(result.stdout + result.stderr)


def test_the_version_escapes_the_error_of_a_data_file(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "gone\x1b]0;pwned\x07\x1b[2J\u202e.yaml"
    result = _run(runner, ["--version"], missing)
    assert result.exit_code == 0
    assert "unavailable" in result.stdout
    _assert_nothing_raw(result.stdout)
    assert "gone\\x1b]0;pwned\\x07\\x1b[2J\\u202e.yaml" in result.stdout  # shown, not obeyed


def test_the_chart_cleans_its_labels_then_fits_them(runner: CliRunner, hostile_file: Path) -> None:
    for color in ("never", "always"):
        result = _run(runner, ["timeline", "--chart", "--color", color], hostile_file)
        assert result.exit_code == 0
        shown = _RICH.sub("", result.stdout)
        _assert_nothing_raw(shown)
        assert "\\x1b]0;pwned" in shown  # the label says what the title holds
        assert max(len(line) for line in shown.splitlines()) <= 100


JSON_RUNS = [
    [command, "--format", fmt] for command in LISTINGS for fmt in ("json", "jsonl", "yaml")
] + [[*view, "--format", fmt] for view in VIEWS for fmt in ("json", "yaml")]


@pytest.mark.parametrize("args", JSON_RUNS, ids=[" ".join(args) for args in JSON_RUNS])
def test_documents_escape_controls_and_give_back_the_text(
    runner: CliRunner, hostile_file: Path, args: list[str]
) -> None:
    result = _run(runner, args, hostile_file)
    assert result.exit_code == 0
    _assert_nothing_raw(result.stdout)
    if args[-1] == "yaml":
        document = yaml.safe_load(result.stdout)
    elif args[-1] == "jsonl":
        document = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        document = json.loads(result.stdout)
    assert any(HOSTILE in text for text in _strings(document))  # every character kept


def _strings(document: Any) -> list[str]:
    if isinstance(document, str):
        return [document]
    if isinstance(document, dict):
        document = list(document.values())
    if isinstance(document, list):
        return [text for item in document for text in _strings(item)]
    return []


def test_csl_json_escapes_controls_and_gives_back_the_text(
    runner: CliRunner, hostile_file: Path
) -> None:
    result = _run(runner, ["sources", "--format", "csl-json"], hostile_file)
    assert result.exit_code == 0
    _assert_nothing_raw(result.stdout)
    assert "\\u202e" in result.stdout.lower() and "\\u009b" in result.stdout.lower()
    titles = [item["title"] for item in json.loads(result.stdout)]
    assert titles == [_hostile("Title one"), _hostile("Title two")]


def test_json_keeps_honest_text_as_it_is(runner: CliRunner) -> None:
    """Only controls are escaped: accents, quotes and dashes stay readable UTF-8."""
    result = runner.invoke(cli.app, ["quote", "sa'ar", "--json"])
    assert result.exit_code == 0
    assert "\\u" not in result.stdout
    assert "Sa\u2019ar" in result.stdout or "Sa'ar" in result.stdout


# COLUMNS ------------------------------------------------------------------------------------

SILLY_COLUMNS = ["0", "00", "-5", "abc", "", "1", "5"]
TABLES = [[command] for command in LISTINGS] + [
    ["members", "--sources"],
    ["show", "AE"],
    ["show", "SA"],
    ["search", "accords"],
    ["info"],
]


@pytest.mark.parametrize("columns", SILLY_COLUMNS)
@pytest.mark.parametrize("args", TABLES, ids=[" ".join(args) for args in TABLES])
def test_every_table_survives_a_silly_columns(
    runner: CliRunner, args: list[str], columns: str
) -> None:
    """A width that is no width (0, negative, not a number) counts as unset; a tiny one is
    widened to what a line of text needs, rather than a letter a line."""
    result = runner.invoke(cli.app, [*args, "--format", "table"], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert max(len(line) for line in lines) >= 20
    assert sum(len(line) <= 3 for line in lines) < len(lines) / 4  # not a letter a line


@pytest.mark.parametrize("columns", ["0", "00", "-5", "abc", ""])
def test_the_chart_ignores_a_width_that_is_no_width(runner: CliRunner, columns: str) -> None:
    args = ["timeline", "--chart", "--color", "never"]
    result = runner.invoke(cli.app, args, env={"COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    assert result.stdout == runner.invoke(cli.app, args, env={"COLUMNS": None}).stdout


@pytest.mark.parametrize("columns", ["1", "5"])
def test_the_chart_still_says_a_tiny_terminal_is_too_narrow(
    runner: CliRunner, columns: str
) -> None:
    result = runner.invoke(cli.app, ["timeline", "--chart"], env={"COLUMNS": columns})
    assert result.exit_code == 2
    assert f"needs 20 columns and the terminal has {columns}" in result.stderr


def test_yaml_of_honest_text_is_pyyamls_safe_dump() -> None:
    # what the YAML format promises: PyYAML's safe dump in UTF-8, in the records' own key order,
    # folded at 100 columns; only text a terminal would obey is written otherwise (above)
    document = [
        {"title": "Türkiye joins", "date": "2026-01-21", "summary": " ".join(["a"] * 150)},
        {"zeta": 1, "alpha": ["Sa'ar", "Al Nahyan"], "note": None},
    ]
    expected = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    assert escapes.yaml_text(document) == expected
    assert "Türkiye" in expected and "zeta: 1\n  alpha:" in expected
