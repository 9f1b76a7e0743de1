"""What a person sees, field by field: every fact of a profile under its heading, every field of
a record read back from each text format, and the layouts at their edges (one column, narrow).

A small data file with every optional field filled makes each expected line exact, so that a
field dropped, a heading misplaced or a value inverted fails here. In-process runs only.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from accords_cli import cli, render

from .conftest import SMALL

# Every optional field filled, two signatories (one without a role), a `|` in prose for markdown.
FULL: dict[str, Any] = copy.deepcopy(SMALL)
FULL["members"][0].update(
    {
        "signed_at": "White House",
        "prior_relations": "Quiet ties.",
        "note": "A member note.",
        "documents": [{"date": "2020-09-15", "title": "The Treaty text", "sources": ["src-one"]}],
        "milestones": [
            {
                "date": "2020-10-19",
                "kind": "ratification",
                "text": "Ratified",
                "sources": ["src-one"],
            },
            {
                "date": "2021-01-24",
                "kind": "diplomatic",
                "text": "Embassy opened",
                "sources": ["src-two"],
            },
        ],
        "signatories": [
            {"party": "AE", "name": "A. Minister", "role": "Foreign Minister"},
            {"party": "IL", "name": "B. Leader"},
        ],
    }
)
FULL["candidates"][0].update({"aliases": ["KSA"], "note": "A candidate note."})
FULL["events"][0]["title"] = "First | event"
FULL["events"][1]["end_date"] = "2025-11-07"

_ESCAPES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")


@pytest.fixture
def full(write_data: Callable[..., Path]) -> str:
    return str(write_data(FULL))


def run(runner: CliRunner, data: str, *args: str, width: str = "80") -> Any:
    result = runner.invoke(cli.app, [*args, "--data", data], env={"COLUMNS": width})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result


def screen(runner: CliRunner, data: str, *args: str, width: str = "80") -> list[str]:
    """The table view's lines, without colour."""
    result = run(runner, data, *args, "--format", "table", "--color", "never", width=width)
    return _ESCAPES.sub("", result.stdout).splitlines()


def section(lines: list[str], title: str) -> list[str]:
    """The lines under a heading of a profile, up to the blank line that ends the section."""
    start = lines.index(title) + 1
    end = lines.index("", start)
    return lines[start:end]


def panel(lines: list[str]) -> list[str]:
    """The facts in a profile's box, one 'Label value' each, the frame and padding removed."""
    end = next(i for i, line in enumerate(lines) if line.startswith("╰"))
    return [re.sub(" {2,}", " ", line.strip("│").strip()) for line in lines[1:end]]


# show: every fact under its heading ----------------------------------------------------------


def test_a_members_profile_shows_every_fact_and_every_section(runner: CliRunner, full: str) -> None:
    lines = screen(runner, full, "show", "uae")
    assert lines[0].startswith("╭─ United Arab Emirates (AE) · member ─")
    assert panel(lines) == [
        "Status in-force",
        "Where it stands In force.",
        "Announced 2020-08-13",
        "Signed 2020-09-15",
        "Signed at White House",
        "Agreement Treaty",
        "Aliases UAE, Emirates",
        "Before the Accords Quiet ties.",
        "Note A member note.",
        "Signed by A. Minister (AE, Foreign Minister)",
        "Signed by B. Leader (IL)",
        "Sources [1] · 1!",
    ]
    assert section(lines, "Documents") == ["2020-09-15  The Treaty text [1] · 1!"]
    assert section(lines, "Milestones") == [
        "2020-10-19  Ratified [1] · 1!",
        "2021-01-24  Embassy opened [2] · 1!",
    ]
    assert section(lines, "Events") == ["2020-08-13  First | event [1] · 1!"]
    assert "Quotes" not in lines  # no quote names the UAE
    assert section(lines, "References") == [
        "[1] Example Wire. “First source”. 2020-09-15. @src-one",
        "    https://example.org/one",
        "[2] Example Ministry. “Second source”. Undated. @src-two",
        "    https://example.org/two",
    ]
    assert lines[-1] == "Checked 2026-01-31, 10 months ago · full records: --json"


def test_a_candidates_profile(runner: CliRunner, full: str) -> None:
    lines = screen(runner, full, "show", "saudi")
    assert lines[0].startswith("╭─ Saudi Arabia (SA) · candidate ─")
    assert panel(lines) == [
        "Position Waits for a path to a Palestinian state.",
        "Date 2025-11-18",
        "Aliases KSA",
        "Note A candidate note.",
        "Sources [1] · 1!",
    ]
    for heading in ("Documents", "Milestones", "Events", "Quotes"):
        assert heading not in lines
    assert section(lines, "References") == [
        "[1] Example Ministry. “Second source”. Undated. @src-two",
        "    https://example.org/two",
    ]


def test_a_plain_countrys_profile_lists_its_events_and_quotes(runner: CliRunner, full: str) -> None:
    lines = screen(runner, full, "show", "israel")
    assert lines[0].startswith("╭─ Israel (IL) · country ─")
    assert panel(lines) == []
    assert section(lines, "Events") == ["2020-08-13  First | event [1] · 1!"]
    assert section(lines, "Quotes") == [
        "2025-11-06  Gideon Sa'ar: “Words.” [2] · 1!",
        "            A statement.",
    ]
    assert "≈" not in "\n".join(lines)  # a verbatim quote: no mark, no legend


def test_a_translated_quote_in_a_profile_is_marked_and_explained(
    runner: CliRunner, write_data: Callable[..., Path]
) -> None:
    data = copy.deepcopy(FULL)
    data["quotes"][0].update({"verbatim": False, "note": "Translated from Kazakh."})
    lines = screen(runner, str(write_data(data)), "show", "KZ", width="120")
    assert section(lines, "Quotes") == [
        "2025-11-06  Gideon Sa'ar: ≈ “Words.” [1] · 1!",
        "            A statement.",
        "            ≈ Translated from Kazakh.",
    ]
    assert section(lines, "Events") == ["2025-11-06 to 11-07  Second event [1] · 1!"]
    assert any(line.startswith("≈ not the speaker's exact published words") for line in lines)


def test_plain_profiles_are_exact(runner: CliRunner, full: str) -> None:
    assert run(runner, full, "show", "uae").stdout == (
        "name\tUnited Arab Emirates\n"
        "code\tAE\n"
        "role\tmember\n"
        "status\tin-force\n"
        "status_note\tIn force.\n"
        "announced\t2020-08-13\n"
        "signed\t2020-09-15\n"
        "signed_at\tWhite House\n"
        "agreement\tTreaty\n"
        "aliases\tUAE, Emirates\n"
        "prior_relations\tQuiet ties.\n"
        "note\tA member note.\n"
        "milestone\t2020-10-19\tratification\tRatified\n"
        "milestone\t2021-01-24\tdiplomatic\tEmbassy opened\n"
        "event\t2020-08-13\tFirst | event\t\n"
        "source\tExample Wire\thttps://example.org/one\n"
    )
    assert run(runner, full, "show", "SA").stdout == (
        "name\tSaudi Arabia\n"
        "code\tSA\n"
        "role\tcandidate\n"
        "position\tWaits for a path to a Palestinian state.\n"
        "date\t2025-11-18\n"
        "aliases\tKSA\n"
        "note\tA candidate note.\n"
        "source\tExample Ministry\thttps://example.org/two\n"
    )
    assert run(runner, full, "show", "kz").stdout == (
        "name\tKazakhstan\n"
        "code\tKZ\n"
        "role\tmember\n"
        "status\tannounced\n"
        "status_note\tAnnounced only.\n"
        "announced\t2025-11-06\n"
        "event\t2025-11-06\tSecond event\t2025-11-07\n"
        "quote\t2025-11-06\tGideon Sa'ar\tWords.\ttrue\n"
        "source\tExample Ministry\thttps://example.org/two\n"
    )


# Every text format: booleans and nested values read back --------------------------------------

NESTED = ["code", "signatories", "documents", "milestones", "aliases"]


def _markdown_rows(text: str) -> list[list[str]]:
    """A markdown table's cells, `\\|` read back as `|`."""
    lines = text.splitlines()
    assert re.fullmatch(r"\|( --- \|)+", lines[1])
    return [
        [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        for line in (lines[0], *lines[2:])
    ]


def test_nested_values_in_plain_markdown_and_csv(runner: CliRunner, full: str) -> None:
    fields = ",".join(NESTED)
    signed = "A. Minister (AE, Foreign Minister)"
    ae = ["AE", f"{signed}, B. Leader (IL)", "2020-09-15 The Treaty text"]
    ae += ["2020-10-19 Ratified, 2021-01-24 Embassy opened", "UAE, Emirates"]
    kz = ["KZ", "", "", "", ""]
    plain = run(runner, full, "members", "--fields", fields, "--format", "plain").stdout
    assert [line.split("\t") for line in plain.splitlines()] == [ae, kz]
    markdown = run(runner, full, "members", "--fields", fields, "--format", "markdown").stdout
    assert _markdown_rows(markdown) == [NESTED, ae, kz]
    text = run(runner, full, "members", "--fields", fields, "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(text)))
    semicolons = [re.sub(r", (?=B\.|UAE|Emirates|2021)", "; ", v) for v in ae]
    assert rows == [NESTED, semicolons, kz]


def test_nested_values_in_yaml_and_jsonl_are_the_json(runner: CliRunner, full: str) -> None:
    expected = json.loads(run(runner, full, "members", "--json").stdout)
    assert expected[0]["signatories"][1] == {"party": "IL", "name": "B. Leader", "role": None}
    assert expected[0]["documents"][0]["title"] == "The Treaty text"
    assert [m["kind"] for m in expected[0]["milestones"]] == ["ratification", "diplomatic"]
    document = yaml.safe_load(run(runner, full, "members", "--format", "yaml").stdout)
    assert json.loads(json.dumps(document, default=str)) == expected
    lines = run(runner, full, "members", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == expected


@pytest.mark.parametrize("verbatim", [True, False])
def test_verbatim_reads_back_from_every_format(
    runner: CliRunner, write_data: Callable[..., Path], verbatim: bool
) -> None:
    data = copy.deepcopy(FULL)
    data["quotes"] = data["quotes"][:1]
    data["quotes"][0]["verbatim"] = verbatim
    path = str(write_data(data))
    word = "true" if verbatim else "false"

    def out(fmt: str, *more: str) -> str:
        return str(run(runner, path, "quote", "--format", fmt, *more).stdout)

    assert out("plain").rstrip("\n").split("\t")[-1] == word  # appended last
    assert _markdown_rows(out("markdown"))[1][-1] == word
    assert out("csv", "--fields", "id,verbatim").splitlines() == ["id,verbatim", f"q-one,{word}"]
    assert yaml.safe_load(out("yaml"))[0]["verbatim"] is verbatim
    assert json.loads(out("jsonl"))["verbatim"] is verbatim
    assert json.loads(out("json"))[0]["verbatim"] is verbatim


def test_markdown_escapes_bars_and_plain_keeps_them(runner: CliRunner, full: str) -> None:
    markdown = run(runner, full, "timeline", "--format", "markdown").stdout
    assert "| 2020-08-13 | First \\| event |" in markdown
    assert _markdown_rows(markdown)[1][:2] == ["2020-08-13", "First | event"]
    plain = run(runner, full, "timeline", "--format", "plain").stdout
    assert plain.splitlines()[0].split("\t")[:2] == ["2020-08-13", "First | event"]


# Layouts drawn whole: a table, one column, a trailing URL, wrapping, blocks ---------------

SCREENS = {
    ("members", "80"): """\
Abraham Accords members

Country               Code  Status     Announced   Signed      Agreement
────────────────────────────────────────────────────────────────────────
United Arab Emirates  AE    in-force   2020-08-13  2020-09-15  Treaty
Kazakhstan            KZ    announced  2025-11-06  —           —

2 members · checked 2026-01-31, 10 months ago · sources: --sources
""",
    ("members --fields name", "80"): """\
Abraham Accords members

Country
────────────────────
United Arab Emirates
Kazakhstan

2 members · checked 2026-01-31, 10 months ago · sources: --sources
""",
    ("members", "40"): """\
Abraham Accords members

United Arab Emirates
  Code       AE
  Status     in-force
  Announced  2020-08-13
  Signed     2020-09-15
  Agreement  Treaty

Kazakhstan
  Code       KZ
  Status     announced
  Announced  2025-11-06
  Signed     —
  Agreement  —

2 members · checked 2026-01-31, 10
months ago · sources: --sources
""",
    ("quote", "60"): """\
Abraham Accords quotes

Date        Speaker  Role      Quote             Ev  Sources
────────────────────────────────────────────────────────────
2020-09-15  José     Someone   ≈ “Other words.”  1!  [1]
            Émile              A speech.

2025-11-06  Gideon   Foreign   “Words.”          1!  [2]
            Sa'ar    Minister  A statement.
                     of
                     Israel

≈ not the speaker's exact published words: a translation, an
interpretation or a wording outlets disagree on; the ≈ line
beneath it says why.

Ev, evidence: the independent originals behind a record
(copies of one story count once); P: a primary text among
them; !: below the rule of a primary text or two originals.

References
[1] Example Wire. “First source”. 2020-09-15. @src-one
    https://example.org/one
[2] Example Ministry. “Second source”. Undated. @src-two
    https://example.org/two

2 quotes · checked 2026-01-31, 10 months ago · full records:
--json
""",
    ("quote", "40"): """\
Abraham Accords quotes

2020-09-15
  Speaker  José Émile
  Role     Someone
  Quote    ≈ “Other words.”
           A speech.
  Ev       1!
  Sources  [1]

2025-11-06
  Speaker  Gideon Sa'ar
  Role     Foreign Minister of Israel
  Quote    “Words.”
           A statement.
  Ev       1!
  Sources  [2]

≈ not the speaker's exact published
words: a translation, an interpretation
or a wording outlets disagree on; the ≈
line beneath it says why.

Ev, evidence: the independent originals
behind a record (copies of one story
count once); P: a primary text among
them; !: below the rule of a primary
text or two originals.

References
[1] Example Wire. “First source”.
    2020-09-15. @src-one
    https://example.org/one
[2] Example Ministry. “Second source”.
    Undated. @src-two
    https://example.org/two

2 quotes · checked 2026-01-31, 10 months
ago · full records: --json
""",
    ("sources", "80"): """\
Sources cited

Publisher         Title          Published   Cited by
  URL
─────────────────────────────────────────────────────
Example Ministry  Second source  —           5
  https://example.org/two
Example Wire      First source   2020-09-15  5
  https://example.org/one

2 sources · checked 2026-01-31, 10 months ago · citations: --format bibtex or
csl-json
""",
    ("timeline", "80"): """\
Abraham Accords timeline

Date        Event          Countries  Ev
────────────────────────────────────────
2020-08-13  First | event  AE, IL     1!
2025-11-06  Second event   KZ         1!
to 11-07

Ev, evidence: the independent originals behind a record (copies of one story
count once); P: a primary text among them; !: below the rule of a primary text
or two originals.

2 events · checked 2026-01-31, 10 months ago · sources: --sources
""",
    ("candidates", "40"): """\
Prospective members

Saudi Arabia
  Code      SA
  Date      2025-11-18
  Position  Waits for a path to a
            Palestinian state.
  Ev        1!

Ev, evidence: the independent originals
behind a record (copies of one story
count once); P: a primary text among
them; !: below the rule of a primary
text or two originals.

1 candidate · checked 2026-01-31, 10
months ago · sources: --sources
""",
}


@pytest.mark.parametrize(("args", "width"), list(SCREENS))
def test_the_whole_screen(runner: CliRunner, full: str, args: str, width: str) -> None:
    lines = screen(runner, full, *args.split(), width=width)
    assert "\n".join(lines) + "\n" == SCREENS[args, width]
    assert all(len(line) <= int(width) for line in lines if "https://" not in line)


# search and info, as drawn and as piped -----------------------------------------------------

SEARCHES = {
    "KSA": """\
Candidates (1)
  Saudi Arabia
    aliases: KSA

1 record mentions 'KSA' · checked 2026-01-31, 10 months ago
""",
    "words": """\
Quotes (2)
  2020-09-15 José Émile
    text: ≈ “Other words.”
          A speech.
  2025-11-06 Gideon Sa'ar
    text: “Words.”
          A statement.

≈ not the speaker's exact published words: a translation, an interpretation or a
wording outlets disagree on; the ≈ line beneath it says why.

2 records mention 'words' · checked 2026-01-31, 10 months ago
""",
    "event": """\
Events (2)
  2020-08-13 First | event
    title: First | event
  2025-11-06 to 11-07 Second event
    title: Second event

2 records mention 'event' · checked 2026-01-31, 10 months ago
""",
    "uae": """\
Members (1)
  United Arab Emirates
    aliases: UAE, Emirates

1 record mentions 'uae' · checked 2026-01-31, 10 months ago
""",
}
PLAIN_SEARCHES = {
    "KSA": ["candidate\t\tSaudi Arabia\taliases\tKSA"],
    "words": [
        "quote\t2020-09-15\tJosé Émile\ttext\tOther words.",
        "quote\t2025-11-06\tGideon Sa'ar\ttext\tWords.",
    ],
    "event": [
        "event\t2020-08-13\tFirst | event\ttitle\tFirst | event",
        "event\t2025-11-06 to 11-07\tSecond event\ttitle\tSecond event",
    ],
    "uae": ["member\t\tUnited Arab Emirates\taliases\tUAE, Emirates"],
}


@pytest.mark.parametrize("term", list(SEARCHES))
def test_search_screens_and_lines(runner: CliRunner, full: str, term: str) -> None:
    assert "\n".join(screen(runner, full, "search", term)) + "\n" == SEARCHES[term]
    assert run(runner, full, "search", term).stdout.splitlines() == PLAIN_SEARCHES[term]


def test_search_by_an_alias_names_the_record_and_the_field(runner: CliRunner, full: str) -> None:
    hits = json.loads(run(runner, full, "search", "emirates", "--json").stdout)
    assert [(hit["kind"], hit["record"]["code"], hit["matched"]) for hit in hits] == [
        ("member", "AE", ["name", "aliases"])
    ]


def test_info_as_drawn_and_as_piped(runner: CliRunner, full: str) -> None:
    document = json.loads(run(runner, full, "info", "--json").stdout)
    schema = document["schema_file"]
    assert document["data_file"] == full
    assert screen(runner, full, "info", width="200") == [
        "Title            Test data",
        "Version          0.1",
        "As of            2026-01-31, 10 months ago",  # a file without a coverage end
        "Coverage end",
        "Program version  " + document["program_version"],
        f"Data file        {full}",
        f"Schema file      {schema}",
        "License",
        "Members          2",
        "Candidates       1",
        "Events           2",
        "Quotes           2",
        "Sources          2",
        "Publishers       0",
        "Figures          0",
        "",
        "Events after 2026-01-31 are not in this file; a newer release of accords may hold them."
        " Once they end more than 90 days ago, other views on a terminal are followed by a"
        " one-line reminder on stderr;",
        "ACCORDS_NO_AGE_WARNING=1 turns it off.",
    ]
    assert run(runner, full, "info").stdout.splitlines() == [
        "title\tTest data",
        "version\t0.1",
        "as_of\t2026-01-31",
        "coverage_end\t",
        "program_version\t" + document["program_version"],
        f"data_file\t{full}",
        f"schema_file\t{schema}",
        "license\t",
        "members\t2",
        "candidates\t1",
        "events\t2",
        "quotes\t2",
        "sources\t2",
        "publishers\t0",
        "figures\t0",
        "age_days\t309",  # from 2026-01-31 to TODAY
    ]


# Citations, exactly --------------------------------------------------------------------------


def test_citations_exactly(runner: CliRunner, write_data: Callable[..., Path]) -> None:
    data = copy.deepcopy(FULL)
    data["sources"][0].update(
        {"title": "Cost ~ $5^2 \\ 50%", "url": "https://example.org/{one}\\x"}
    )
    path = str(write_data(data))
    assert run(runner, path, "sources", "--format", "bibtex").stdout == (
        "@online{src-two,\n"
        "  author = {{Example Ministry}},\n"
        "  title = {{Second source}},\n"
        "  organization = {Example Ministry},\n"
        "  url = {https://example.org/two},\n"
        "  urldate = {2026-01-31}\n"
        "}\n"
        "\n"
        "@online{src-one,\n"
        "  author = {{Example Wire}},\n"
        "  title = {{Cost \\textasciitilde{} \\$5\\textasciicircum{}2 \\textbackslash{} 50\\%}},\n"
        "  organization = {Example Wire},\n"
        "  year = {2020},\n"
        "  month = {9},\n"
        "  date = {2020-09-15},\n"
        "  url = {https://example.org/%7Bone%7D%5Cx},\n"
        "  urldate = {2026-01-31}\n"
        "}\n"
    )
    accessed = {"date-parts": [[2026, 1, 31]]}
    assert json.loads(run(runner, path, "sources", "--format", "csl-json").stdout) == [
        {
            "id": "src-two",
            "type": "webpage",
            "author": [{"literal": "Example Ministry"}],
            "title": "Second source",
            "container-title": "Example Ministry",
            "URL": "https://example.org/two",
            "accessed": accessed,
        },
        {
            "id": "src-one",
            "type": "webpage",
            "author": [{"literal": "Example Wire"}],
            "title": "Cost ~ $5^2 \\ 50%",
            "container-title": "Example Wire",
            "issued": {"date-parts": [[2020, 9, 15]]},
            "URL": "https://example.org/{one}\\x",
            "accessed": accessed,
        },
    ]


# Colour: which cells are styled ----------------------------------------------------------------


def _styled(code: str, text: str) -> str:
    return f"\x1b[{code}m{text}\x1b[0m"


def test_colour_marks_dates_codes_speakers_and_what_is_missing(
    runner: CliRunner, full: str
) -> None:
    def drawn(*args: str) -> str:
        result = run(runner, full, *args, "--format", "table", "--color", "always")
        return str(result.stdout)

    members = drawn("members")
    assert members.startswith(_styled("1", "Abraham Accords members") + "\n")
    for cell in ("Country", "Code", "Status", "Announced", "Signed", "Agreement"):
        assert _styled("1", cell) in members
    assert _styled("1", "AE") in members and _styled("1", "KZ") in members
    for day in ("2020-08-13", "2020-09-15", "2025-11-06"):
        assert _styled("36", day) in members
    assert members.count(_styled("2", "—")) == 2  # Kazakhstan: not signed, no agreement
    assert "\x1b[1mUnited Arab Emirates" not in members  # names stay plain

    quotes = drawn("quote")
    assert _styled("1", "José Émile") in quotes and _styled("1", "Gideon Sa'ar") in quotes
    assert _styled("1", "≈ ") + "“Other words.”" in quotes
    assert _styled("2", "A speech.") in quotes
    assert "\x1b[1mSomeone" not in quotes


# Helpers that views share ----------------------------------------------------------------------


def test_a_record_is_shown_as_its_json_form_would_be() -> None:
    from accords_cli.models import Signatory
    from accords_cli.render import cell

    signatory = Signatory(party="AE", name="A. Minister", role="Foreign Minister")
    assert cell(signatory) == cell(signatory.to_dict()) == "A. Minister (AE, Foreign Minister)"
    assert cell((signatory, Signatory("IL", "B. Leader", None)), "; ") == (
        "A. Minister (AE, Foreign Minister); B. Leader (IL)"
    )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("tty", [True, False])
def test_json_is_indented_on_a_terminal_and_compact_when_piped(
    monkeypatch: pytest.MonkeyPatch, tty: bool
) -> None:
    from accords_cli import render

    out = _Terminal() if tty else io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    render.write_document([{"a": 1, "b": "é"}], "json")
    expected = '[\n  {\n    "a": 1,\n    "b": "é"\n  }\n]\n' if tty else '[{"a": 1, "b": "é"}]\n'
    assert out.getvalue() == expected


# --as-of, day by day -----------------------------------------------------------------------------

_SIGNING = ("signed", "signed_at", "agreement", "signatories", "documents", "milestones")


@pytest.mark.parametrize(
    ("day", "status", "signed", "milestones"),
    [
        ("2020-08-12", None, False, 0),  # not yet announced: not a member
        ("2020-08-13", "announced", False, 0),  # the day it was announced
        ("2020-09-14", "announced", False, 0),
        ("2020-09-15", "signed", True, 0),  # signed, its ratification still to come
        ("2020-10-18", "signed", True, 0),
        ("2020-10-19", "in-force", True, 1),  # ratified that day
        ("2021-01-24", "in-force", True, 2),
    ],
)
def test_a_member_as_it_stood_on_each_day(
    runner: CliRunner,
    write_data: Callable[..., Path],
    day: str,
    status: str | None,
    signed: bool,
    milestones: int,
) -> None:
    data = copy.deepcopy(FULL)
    path = str(write_data(data))
    result = runner.invoke(cli.app, ["members", "--as-of", day, "--json", "--data", path])
    members = {m["code"]: m for m in json.loads(result.stdout or "[]")}
    if status is None:
        assert "AE" not in members
        return
    ae = members["AE"]
    full = json.loads(run(runner, path, "members", "--json").stdout)[0]
    assert ae["status"] == status
    assert ae["status_note"].startswith(f"As it stood on {day}: ")
    assert len(ae["milestones"]) == milestones
    assert ae["milestones"] == full["milestones"][:milestones]
    if signed:
        assert {k: ae[k] for k in _SIGNING[:-1]} == {k: full[k] for k in _SIGNING[:-1]}
    else:
        assert [ae[k] for k in _SIGNING] == [None, None, None, [], [], []]
    for key in ("name", "aliases", "announced", "prior_relations", "note", "sources"):
        assert ae[key] == full[key]


# Layout at its thresholds ------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "table"), [("51", True), ("50", False)])
def test_prose_gets_24_columns_before_a_table_gives_way_to_blocks(
    runner: CliRunner, write_data: Callable[..., Path], width: str, table: bool
) -> None:
    # Date (10: a range takes two lines) + Countries (9) + Ev (2) + three gaps of 2 leave 24
    # for the event at 51.
    data = copy.deepcopy(FULL)
    data["events"][0]["title"] = "A first event whose title runs on for well over one line"
    lines = screen(runner, str(write_data(data)), "timeline", width=width)
    rules = [line for line in lines if line.startswith("─")]
    if table:
        assert rules == ["─" * 51]
        assert lines[2].split() == ["Date", "Event", "Countries", "Ev"]
        assert lines[4:9] == [
            "2020-08-13  A first event whose       AE, IL     1!",
            "            title runs on for well",
            "            over one line",
            "2025-11-06  Second event              KZ         1!",
            "to 11-07",
        ]
    else:
        assert rules == []
        assert "  Event      A first event whose title runs on for" in lines
        assert "2025-11-06 to 11-07" in lines  # a block gives the range its line


def test_a_block_fills_the_width_and_folds_what_cannot_wrap(
    runner: CliRunner, write_data: Callable[..., Path]
) -> None:
    data = copy.deepcopy(FULL)
    data["candidates"][0]["position"] = "Waits for a path to a state, and then signs."
    data["sources"][1]["publisher"] = "www.a-publisher-named-by-its-web-address.example"
    path = str(write_data(data))
    lines = screen(runner, path, "candidates", width="40")
    assert lines[2:8] == [
        "Saudi Arabia",
        "  Code      SA",
        "  Date      2025-11-18",
        "  Position  Waits for a path to a state,",  # 40 columns: the whole width
        "            and then signs.",
        "  Ev        1!",
    ]
    lines = screen(runner, path, "sources", width="30")
    start = lines.index("www.a-publisher-named-by-its-w")  # folded at the width
    assert lines[start + 1 : start + 3] == ["eb-address.example", "  Title      Second source"]


def test_a_country_with_nothing_on_record_has_no_references(runner: CliRunner, full: str) -> None:
    lines = screen(runner, full, "show", "usa")
    assert lines[0].startswith("╭─ United States (US) · country ─")
    assert panel(lines) == ["Aliases USA"]
    assert "References" not in lines
    assert lines[-1] == "Checked 2026-01-31, 10 months ago · full records: --json"
    assert run(runner, full, "show", "usa").stdout.splitlines() == [
        "name\tUnited States",
        "code\tUS",
        "role\tcountry",
        "aliases\tUSA",
    ]


def test_a_record_with_two_sources_cites_both(
    runner: CliRunner, write_data: Callable[..., Path]
) -> None:
    data = copy.deepcopy(FULL)
    data["events"][1]["sources"] = ["src-two", "src-one"]
    lines = screen(runner, str(write_data(data)), "timeline", "--sources", "--reverse")
    assert lines[4].endswith("  [1] [2]")
    assert lines[5] == "to 11-07"  # the range's second line
    assert lines[6].endswith("  [2]")
    assert lines[lines.index("References") + 1].startswith("[1] Example Ministry.")


@pytest.mark.parametrize("part", ["documents", "milestones"])
def test_sources_of_a_country_include_those_of_its_documents_and_milestones(
    runner: CliRunner, write_data: Callable[..., Path], part: str
) -> None:
    data = copy.deepcopy(FULL)
    ae = data["members"][0]
    ae["milestones"] = []
    ae["documents"] = []
    if part == "documents":
        ae["documents"] = [{"date": "2020-09-15", "title": "Text", "sources": ["src-two"]}]
    else:
        ae["milestones"] = [
            {"date": "2021-01-24", "kind": "diplomatic", "text": "Embassy", "sources": ["src-two"]}
        ]
    path = str(write_data(data))
    listed = json.loads(run(runner, path, "sources", "-c", "AE", "--json").stdout)
    assert sorted(source["id"] for source in listed) == ["src-one", "src-two"]


# What a person reads when nothing is found ------------------------------------------------------

_STATES = "'accords members' and 'accords candidates' list the states"
_QUOTES = "'accords quote' lists every quote, 'accords search TEXT' searches them"
NOT_FOUND = {
    "show atlantis": f"no country matching 'atlantis'; {_STATES}",
    "show emirats": "no country matching 'emirats'; did you mean 'United Arab Emirates'?"
    f" {_STATES}",
    "quote nobody": f"no quotes by a speaker matching 'nobody'; {_QUOTES}",
    "quote gidon": "no quotes by a speaker matching 'gidon'; did you mean 'Gideon Sa'ar'?"
    f" {_QUOTES}",
    "search zzzz": "nothing mentions 'zzzz'; 'accords members', 'accords candidates',"
    " 'accords timeline' and 'accords quote' list everything",
    "timeline --country KZ --since 2026": "no events match; 'accords timeline' without filters"
    " lists every one",
    "members --as-of 2019": "no members match; 'accords members' without filters lists every one",
    "quote --country US": "no quotes match; 'accords quote' without filters lists every one",
}


@pytest.mark.parametrize("args", list(NOT_FOUND))
def test_nothing_found_says_exactly_what(runner: CliRunner, full: str, args: str) -> None:
    result = runner.invoke(cli.app, [*args.split(), "--data", full])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"accords: {NOT_FOUND[args]}\n"


@pytest.mark.parametrize(
    ("section", "command"),
    [("candidates", "candidates"), ("events", "timeline"), ("quotes", "quote")],
)
def test_an_empty_section_is_named_as_empty_not_as_filtered(
    runner: CliRunner, small: dict[str, Any], write_data: Any, section: str, command: str
) -> None:
    small[section] = []
    result = runner.invoke(cli.app, [command, "--data", str(write_data(small))])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"accords: the data file lists no {section}\n"


def test_clean_escapes_control_characters_and_keeps_letters_beside_them() -> None:
    assert render.clean("Türkiye\x1b[31m \u202eSa\u2019ar") == "Türkiye\\x1b[31m \\u202eSa\u2019ar"
    assert render.clean("José Émile") == "José Émile"


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_arrays_are_written_as_json_dumps_writes_them(indent: int | None, count: int) -> None:
    # on a terminal JSON is indented; piped, it is one line: both as json.dumps would write it
    rows = [{"id": f"r{i}", "text": "line\nbreak", "n": i, "list": [1, 2]} for i in range(count)]
    written = "".join(render._json_array(rows, indent))
    assert written == json.dumps(rows, indent=indent, ensure_ascii=False) + "\n"
