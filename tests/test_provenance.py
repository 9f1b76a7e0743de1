"""Provenance a person can see: verbatim marks, context, references, unbroken URLs, captions,
date ranges, citations for reference managers, and data text that never acts as markup."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accords_cli import citations, cli, layout, queries, references
from accords_cli.models import Dataset
from accords_cli.render import LEGEND, MARK, cell

from .conftest import SMALL

WIDTHS = ["60", "80", "120"]
# Escapes a terminal acts on: CSI (colour) and OSC (hyperlinks).
_ESCAPES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")


def run(runner: CliRunner, *args: str, **env: str) -> Any:
    return runner.invoke(cli.app, list(args), env=env or None)


def screen(runner: CliRunner, *args: str, width: str, color: bool = False) -> str:
    """What a person sees: the table view at ``width`` columns, escapes removed."""
    result = run(
        runner, *args, "--format", "table", "--color", "always" if color else "never",
        COLUMNS=width,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return _ESCAPES.sub("", result.stdout)


def flat(text: str) -> str:
    return " ".join(text.split())


def column(text: str, heading: str) -> str:
    """One column of a drawn table, read top to bottom (the whole text for blocks)."""
    lines = text.splitlines()
    rules = [i for i, line in enumerate(lines) if line.startswith("───")]
    if not rules:
        return text
    header = lines[rules[0] - 1]
    start = header.index(heading)
    rest = header[start + len(heading) :]
    end = start + len(heading) + (len(rest) - len(rest.lstrip())) if rest.strip() else None
    return "\n".join(line[start:end] for line in lines)


# Verbatim marks and context -----------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("color", [False, True])
def test_a_translated_quote_is_marked_with_its_legend(
    runner: CliRunner, real: Dataset, width: str, color: bool
) -> None:
    text = screen(runner, "quote", "tokayev", width=width, color=color)
    legend = text[text.index(LEGEND[:20]) :]
    text = column(text, "Quote")
    tokayev = next(q for q in real.quotes if q.speaker == "Kassym-Jomart Tokayev")
    assert not tokayev.verbatim and tokayev.note
    assert f"{MARK} “{tokayev.text[:20]}" in text
    assert flat(legend).startswith(flat(LEGEND))
    assert flat(f"{MARK} {tokayev.note}") in flat(text)  # the why, on the same screen


def test_a_verbatim_quote_carries_no_mark_and_no_legend(runner: CliRunner, real: Dataset) -> None:
    # Rubio's words up to 2025 are all published verbatim (the 2026 ones are reported).
    until = date(2025, 12, 31)
    assert all(q.verbatim for q in queries.quotes(real, "rubio", until=until))
    text = screen(runner, "quote", "rubio", "--until", until.isoformat(), width="120")
    assert MARK not in text
    assert flat(LEGEND) not in flat(text)


@pytest.mark.parametrize("width", WIDTHS)
def test_quote_rubio_shows_his_context(runner: CliRunner, real: Dataset, width: str) -> None:
    text = flat(column(screen(runner, "quote", "rubio", width=width), "Quote"))
    for quote in queries.quotes(real, "rubio"):
        assert flat(quote.context) in text
        assert flat(f"“{quote.text}”") in text


@pytest.mark.parametrize("command", [("show", "kazakhstan"), ("search", "tokayev")])
def test_show_and_search_mark_translated_quotes(runner: CliRunner, command: tuple[str]) -> None:
    text = screen(runner, *command, width="100")
    assert f"{MARK} “" in text
    assert flat(LEGEND) in flat(text)


def test_search_shows_the_quote_when_its_context_matched(runner: CliRunner, real: Dataset) -> None:
    # A phrase of a quote's context that its text does not hold: the quote is shown all the same.
    quote = next(
        q for q in real.quotes if "anniversary" in q.context and "anniversary" not in q.text
    )
    phrase = " ".join(quote.context.split()[:4])
    text = flat(screen(runner, "search", phrase, width="100"))
    assert flat(f"“{quote.text}”") in text


def test_plain_and_markdown_append_verbatim_last(runner: CliRunner, real: Dataset) -> None:
    lines = run(runner, "quote").stdout.splitlines()
    rows = [line.split("\t") for line in lines]
    assert [r[:4] for r in rows] == [
        [str(q.date), q.speaker, q.role, " ".join(q.text.split())] for q in real.quotes
    ]
    assert [r[-1] for r in rows] == [str(q.verbatim).lower() for q in real.quotes]
    cited = [line.split("\t") for line in run(runner, "quote", "--sources").stdout.splitlines()]
    assert [r[4:] for r in cited] == [
        [", ".join(s.url for s in q.sources), str(q.verbatim).lower()] for q in real.quotes
    ]  # the sources where they always were, verbatim after them
    markdown = run(runner, "quote", "--format", "markdown").stdout.splitlines()
    assert markdown[0] == "| date | speaker | role | text | verbatim |"
    assert [line.rsplit("|", 2)[1].strip() for line in markdown[2:]] == [
        str(q.verbatim).lower() for q in real.quotes
    ]


def test_plain_show_appends_verbatim_and_end_date(runner: CliRunner, real: Dataset) -> None:
    lines = [line.split("\t") for line in run(runner, "show", "morocco").stdout.splitlines()]
    quotes = [q for q in real.quotes if "MA" in q.countries]
    assert [row[1:] for row in lines if row[0] == "quote"] == [
        [str(q.date), q.speaker, " ".join(q.text.split()), str(q.verbatim).lower()] for q in quotes
    ]
    events = [e for e in real.events if "MA" in e.countries]
    assert [row[1:] for row in lines if row[0] == "event"] == [
        [str(e.date), e.title, str(e.end_date or "")] for e in events
    ]


# References and URLs ------------------------------------------------------------------------


def _behind_profile(data: Dataset, code: str) -> set[str]:
    record: Any = next(r for r in (*data.members, *data.candidates) if r.code == code)
    ids = {s.id for s in record.sources}
    for part in (*getattr(record, "milestones", ()), *getattr(record, "documents", ())):
        ids |= {s.id for s in part.sources}
    for item in (*data.events, *data.quotes, *data.figures):
        if code in item.countries:
            ids |= {s.id for s in item.sources}
    return ids


def _reference_urls(text: str) -> list[str]:
    after = text.split("\nReferences\n", 1)[1]
    return [line.strip() for line in after.splitlines() if line.strip().startswith("http")]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("color", [False, True])
def test_every_url_behind_show_kazakhstan_is_unbroken(
    runner: CliRunner, real: Dataset, width: str, color: bool
) -> None:
    text = screen(runner, "show", "kazakhstan", width=width, color=color)
    lines = set(line.strip() for line in text.splitlines())
    expected = {s.url for s in real.sources if s.id in _behind_profile(real, "KZ")}
    assert expected <= lines  # each URL whole, on a line of its own
    assert sorted(_reference_urls(text)) == sorted(expected)  # and each listed once


@pytest.mark.parametrize("code", ["SA", "MA"])
def test_show_numbers_every_source_on_the_screen(
    runner: CliRunner, real: Dataset, code: str
) -> None:
    text = screen(runner, "show", code, width="100")
    urls = _reference_urls(text)
    assert len(urls) == len(_behind_profile(real, code))
    numbers = re.findall(r"^\[(\d+)\]", text.split("\nReferences\n", 1)[1], re.MULTILINE)
    assert [int(n) for n in numbers] == list(range(1, len(urls) + 1))
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", text.split("\nReferences\n", 1)[0])}
    assert cited == set(range(1, len(urls) + 1))  # every number is cited above the list


@pytest.mark.parametrize(
    "args",
    [
        *(["show", code] for code in ("AE", "BH", "MA", "SD", "KZ", "SA")),
        ["timeline", "--sources"],
        ["quote"],
        ["members", "--sources"],
    ],
)
def test_reference_numbers_follow_the_order_a_reader_meets_them(
    runner: CliRunner, args: list[str]
) -> None:
    text = screen(runner, *args, width="120")
    above = text.split("\nReferences\n", 1)[0]
    # Within a record its marks ascend: [5] [6] [11], never [6] [11] [5].
    for run_of_marks in re.findall(r"(?:\[\d+\] ?){2,}", above):
        numbers = [int(n) for n in re.findall(r"\d+", run_of_marks)]
        assert numbers == sorted(numbers), run_of_marks
    # Read top to bottom, left to right, each source is first met as the next number.
    seen = list(dict.fromkeys(int(n) for n in re.findall(r"\[(\d+)\]", above)))
    assert seen == list(range(1, len(seen) + 1))


def test_hyperlinks_only_with_colour(runner: CliRunner) -> None:
    osc8 = "\x1b]8;"
    url = json.loads(run(runner, "quote", "rubio", "--json").stdout)[0]["sources"][0]["url"]
    coloured = run(runner, "quote", "rubio", "--format", "table", "--color", "always").stdout
    assert f"{osc8}id=" in coloured and url in coloured
    plain = run(runner, "quote", "rubio", "--format", "table", "--color", "never").stdout
    assert "\x1b" not in plain and url in plain


@pytest.mark.parametrize(
    "args", [["sources"], ["quote"], ["show", "AE"], ["members", "--sources"], ["timeline"]]
)
def test_link_targets_are_percent_encoded_and_the_url_shown_is_as_written(
    runner: CliRunner, write_data: Callable[..., Path], args: list[str]
) -> None:
    data = copy.deepcopy(SMALL)
    url = "https://example.org/Staatspräsident-besucht/عربي?q=é&x=%41#top"
    for source in data["sources"]:
        source["url"] = url + "-" + source["id"]
    file = str(write_data(data))
    out = run(runner, *args, "--data", file, "--format", "table", "--color", "always",
              COLUMNS="120").stdout  # fmt: skip
    targets = re.findall(r"\x1b\]8;id=\d+;([^\x1b]*)\x1b\\", out)
    if args != ["timeline"]:  # a listing without references has nothing to link
        assert targets
    # A URI is ASCII: what a terminal opens is escaped, an escape already made kept as it is.
    path_part = "https://example.org/Staatspr%C3%A4sident-besucht/%D8%B9%D8%B1%D8%A8%D9%8A"
    encoded = path_part + "?q=%C3%A9&x=%41#top"
    assert set(targets) <= {f"{encoded}-{source['id']}" for source in data["sources"]}
    # The URL people read and copy is the one the data gives.
    shown = _ESCAPES.sub("", out)
    assert all(url + target.rpartition("#top")[2] in shown for target in targets)


def test_the_sources_listing_links_each_url_with_colour(runner: CliRunner, real: Dataset) -> None:
    args = ["sources", "--format", "table", "--limit", "3"]
    coloured = run(runner, *args, "--color", "always").stdout
    linked = re.findall(r"\x1b\]8;id=\d+;([^\x1b]*)\x1b\\", coloured)
    shown = json.loads(run(runner, "sources", "--json", "--limit", "3").stdout)
    assert set(linked) == {source["url"] for source in shown}
    assert "\x1b" not in run(runner, *args, "--color", "never").stdout


def test_listings_cite_with_sources_and_say_so(runner: CliRunner, real: Dataset) -> None:
    bare = screen(runner, "members", width="120")
    assert "References" not in bare
    assert bare.rstrip().endswith("sources: --sources")
    cited = screen(runner, "members", "--sources", width="120")
    urls = _reference_urls(cited)
    assert set(urls) == {s.url for m in real.members for s in m.sources}
    assert "sources: --sources" not in cited


@pytest.mark.parametrize("width", WIDTHS)
def test_sources_table_headings_and_unbroken_urls(
    runner: CliRunner, real: Dataset, width: str
) -> None:
    text = screen(runner, "sources", "--country", "KZ", width=width)
    lines = {word for line in text.splitlines() for word in line.split()}
    wanted = references.behind(real, "KZ")
    assert {s.url for s in real.sources if s.id in wanted} <= lines
    assert "Event" not in text and "Url" not in text
    assert "Title" in text and "URL" in text
    if width == "120":  # wide enough for a table: headings on one line
        assert re.search(r"^Publisher +Title +Published +Cited by$", text, re.MULTILINE)


def test_sources_country_keeps_the_sources_behind_its_records(
    runner: CliRunner, real: Dataset
) -> None:
    listed = json.loads(run(runner, "sources", "--country", "kazakhstan", "--json").stdout)
    assert {s["id"] for s in listed} == _behind_profile(real, "KZ")
    assert run(runner, "sources", "--country", "atlantis").exit_code == 2


# Titles and captions ------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_as_of_is_on_screen(runner: CliRunner, width: str) -> None:
    text = screen(runner, "members", "--as-of", "2020-12-01", width=width)
    assert text.splitlines()[0] == "Abraham Accords members · as of 2020-12-01"


def test_titles_name_the_filters(runner: CliRunner) -> None:
    text = screen(runner, "quote", "bin salman", width="120")
    # His one role is said once, in the title, rather than on every row.
    assert text.splitlines()[0] == (
        "Abraham Accords quotes · by Mohammed bin Salman"
        " (Crown Prince and Prime Minister of Saudi Arabia)"
    )
    text = screen(
        runner, "timeline", "--country", "morocco", "--kind", "signing", "--since", "2020",
        width="120",
    )  # fmt: skip
    assert text.splitlines()[0] == (
        "Abraham Accords timeline · country MA, kind signing, since 2020-01-01"
    )


def test_caption_counts_and_dates(runner: CliRunner, real: Dataset) -> None:
    last = screen(runner, "quote", "rubio", width="120").rstrip().splitlines()[-1]
    count = len(queries.quotes(real, "rubio"))
    assert last.startswith(f"{count} quote{'' if count == 1 else 's'} · ")
    assert str(real.meta.as_of) in last


# Date ranges --------------------------------------------------------------------------------


def test_multi_day_events_show_their_end(runner: CliRunner, real: Dataset) -> None:
    event = next(e for e in real.events if e.end_date and "MA" in e.countries)
    assert event.end_date
    shown = f"{event.date} to {event.end_date.isoformat()[5:]}"
    # A table's date column stays as wide as one date: the range's end goes beneath.
    table = screen(runner, "timeline", "--country", "MA", width="120").splitlines()
    at = next(i for i, line in enumerate(table) if line.startswith(f"{event.date}  {event.title}"))
    assert table[at + 1] == f"to {event.end_date.isoformat()[5:]}"
    assert shown in screen(runner, "show", "morocco", width="120")
    assert shown in screen(runner, "search", event.title, width="120")
    assert shown in run(runner, "search", event.title).stdout
    plain = [line.split("\t") for line in run(runner, "timeline").stdout.splitlines()]
    assert [row[-1] for row in plain] == [str(e.end_date or "") for e in real.events]


# Citations ----------------------------------------------------------------------------------


def _unbrace(value: str) -> str:
    return value[1:-1] if value.startswith("{") and value.endswith("}") else value


def test_bibtex_parses_for_every_source(runner: CliRunner, real: Dataset) -> None:
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware

    result = run(runner, "sources", "--format", "bibtex")
    assert result.exit_code == 0, result.stderr
    library = bibtexparser.parse_string(
        result.stdout, append_middleware=[LatexDecodingMiddleware()]
    )
    assert not library.failed_blocks
    entries = {entry.key: entry for entry in library.entries}
    # URLs are verbatim (the url package's reading), so read them undecoded.
    undecoded = bibtexparser.parse_string(result.stdout).entries
    raw = {entry.key: entry.fields_dict["url"].value for entry in undecoded}
    assert set(entries) == {s.id for s in real.sources}
    for source in real.sources:
        fields = entries[source.id].fields_dict
        assert raw[source.id] == source.url
        author, host = citations.outlet(source)
        assert _unbrace(fields["author"].value) == author
        assert fields["organization"].value == (host or author)
        assert fields["urldate"].value == str(real.meta.as_of)
        if source.title:
            assert _unbrace(fields["title"].value) == " ".join(source.title.split())
        else:
            assert "title" not in fields
        if source.published:
            assert fields["date"].value == str(source.published)
            assert fields["year"].value == str(source.published.year)
        else:
            assert "date" not in fields and "year" not in fields


def _csl(text: str) -> list[dict[str, Any]]:
    items = json.loads(text)
    assert isinstance(items, list)
    return items


def test_csl_json_renders_with_citeproc_for_every_source(runner: CliRunner, real: Dataset) -> None:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = _csl(run(runner, "sources", "--format", "csl-json").stdout)
    assert [i["id"] for i in items] == [c.source.id for c in queries.cited_sources(real)]
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = {str(entry) for entry in bibliography.bibliography()}
    assert len(rendered) == len(items)
    by_id = {s.id: s for s in real.sources}
    text = "\n".join(rendered)
    for item in items:
        source = by_id[item["id"]]
        author, host = citations.outlet(source)
        assert item["author"] == [{"literal": author}]
        assert item["container-title"] == (host or author)
        assert item["URL"] == source.url and source.url in text
        checked = real.meta.as_of
        assert item["accessed"] == {"date-parts": [[checked.year, checked.month, checked.day]]}
        assert ("title" in item) == bool(source.title)
        assert ("issued" in item) == bool(source.published)
        if source.published:
            day = source.published
            assert item["issued"] == {"date-parts": [[day.year, day.month, day.day]]}


def test_citations_follow_the_country_filter(runner: CliRunner, real: Dataset) -> None:
    items = _csl(run(runner, "sources", "-c", "KZ", "--format", "csl-json").stdout)
    assert {i["id"] for i in items} == _behind_profile(real, "KZ")
    bib = run(runner, "sources", "-c", "KZ", "--format", "bibtex").stdout
    assert bib.count("@online{") == len(items)


def test_citations_escape_latex_and_omit_nulls(
    runner: CliRunner, small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware

    small["sources"][0]["title"] = "Tom & Jerry: 100% {braces} #1 a_b"
    small["sources"][1]["title"] = None
    path = write_data(small)
    text = run(runner, "sources", "--format", "bibtex", "--data", str(path)).stdout
    assert r"Tom \& Jerry: 100\% \{braces\} \#1 a\_b" in text
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    entries = {e.key: e.fields_dict for e in library.entries}
    assert "title" not in entries["src-two"] and "date" not in entries["src-two"]
    items = _csl(run(runner, "sources", "--format", "csl-json", "--data", str(path)).stdout)
    two = next(i for i in items if i["id"] == "src-two")
    assert "title" not in two and "issued" not in two


# The tuple bug ------------------------------------------------------------------------------


def test_tuples_are_joined_like_lists() -> None:
    assert cell(("Republic of Kazakhstan", "Qazaqstan")) == "Republic of Kazakhstan, Qazaqstan"
    assert cell(("a", "b"), "; ") == "a; b"


@pytest.mark.parametrize("fmt", ["plain", "table"])
def test_search_by_alias_shows_aliases_joined(runner: CliRunner, fmt: str) -> None:
    result = run(runner, "search", "Qazaqstan", "--format", fmt, "--color", "never")
    assert "Republic of Kazakhstan, Qazaqstan" in result.stdout
    assert not REPR.search(result.stdout)
    if fmt == "plain":
        assert result.stdout.splitlines() == [
            "member\t\tKazakhstan\taliases\tRepublic of Kazakhstan, Qazaqstan"
        ]


REPR = re.compile(r"\('[^']*', '")  # ('a', 'b')


@pytest.mark.parametrize("fmt", ["plain", "table", "markdown", "csv"])
def test_no_python_reprs_in_any_format(runner: CliRunner, fmt: str) -> None:
    for command in ("members", "candidates", "timeline", "quote"):
        out = run(runner, command, "--format", fmt, "--sources", COLUMNS="120").stdout
        assert not REPR.search(out) and "Source(" not in out and "datetime" not in out
    show = run(runner, "show", "kazakhstan", "--format", "table" if fmt == "table" else "plain")
    assert not REPR.search(show.stdout)


# Layout -------------------------------------------------------------------------------------


def test_short_columns_keep_their_width_while_prose_has_room() -> None:
    # name, code, text: the text wraps first.
    got = layout.widths([20, 2, 200], [6, 2, 10], [None, None, 24], 80)
    assert got == [20, 2, 80 - 4 - 22]


def test_short_columns_give_way_only_when_prose_is_at_its_floor() -> None:
    got = layout.widths([40, 2, 200], [6, 2, 10], [None, None, 24], 60)
    assert got == [60 - 4 - 2 - 24, 2, 24]


def test_a_short_prose_column_never_takes_another_below_its_floor() -> None:
    # date, speaker, role, quote, sources marks at 80 columns: the quote keeps its floor.
    got = layout.widths([10, 21, 47, 300, 7], [10, 10, 12, 12, 3], [None, None, None, 24, 3], 80)
    assert got is not None and got[3] >= 24 and got[4] >= 3
    assert sum(got) + 2 * 4 <= 80


def test_too_narrow_for_a_table_is_none_and_a_fitting_table_is_natural() -> None:
    assert layout.widths([10, 10, 200], [10, 10, 10], [None, None, 24], 40) is None
    assert layout.widths([5, 6], [5, 6], [None, None], 40) == [5, 6]
    assert layout.widths([30], [30], [None], 40) == [30]  # one column


def test_prose_columns_share_what_is_left() -> None:
    got = layout.widths([10, 100, 30], [10, 8, 8], [None, 24, 24], 80)
    assert got == [10, 80 - 4 - 10 - 30, 30]  # the short prose keeps its width


@pytest.mark.parametrize("width", ["100", "120"])
def test_members_names_stay_on_one_line(runner: CliRunner, real: Dataset, width: str) -> None:
    text = screen(runner, "members", width=width)
    for member in real.members:
        assert re.search(rf"^{re.escape(member.name)} +{member.code} ", text, re.MULTILINE)


def test_one_column_table(runner: CliRunner, real: Dataset) -> None:
    text = screen(runner, "members", "--fields", "name", width="80")
    assert [line for line in text.splitlines()[4 : 4 + len(real.members)]] == [
        m.name for m in real.members
    ]


@pytest.mark.parametrize("command", ["members", "candidates", "timeline", "quote", "sources"])
def test_narrow_blocks_keep_every_record(runner: CliRunner, command: str) -> None:
    records = json.loads(run(runner, command, "--json").stdout)
    text = screen(runner, command, width="40")
    key = {"timeline": "title", "quote": "text", "sources": "url"}.get(command, "name")
    for record in records:
        assert flat(str(record[key]))[:15] in flat(text)
    # One block per record, each after a blank line: the first lines of blocks are unindented.
    body = text.split("\n\n", 1)[1].split("\nReferences\n")[0].splitlines()
    starts = [i for i, line in enumerate(body) if line and not line.startswith(" ")]
    blocks = [i for i in starts if i == 0 or body[i - 1] == ""]
    assert len(blocks) >= len(records)


# Data is never markup -----------------------------------------------------------------------

HOSTILE = "[/] [red]x[bold] \x1b[31mred\x1b[0m \u202eevil\u202c [link=https://x.test]y[/link]"
_NOT_TEXT = {"id", "code", "date", "announced", "signed", "published", "end_date", "kind"}
_NOT_TEXT |= {"status", "countries", "party", "as_of", "version", "sources", "verbatim"}


def _poison(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key) for v in value]
    if isinstance(value, str) and key == "url":  # a URL has no blanks, but may hold the rest
        return value + "?" + HOSTILE.replace(" ", "&")
    if isinstance(value, str) and key not in _NOT_TEXT:
        return value + " " + HOSTILE
    return value


COMMANDS = [
    ["members"], ["members", "--sources"], ["members", "--as-of", "2020-12-01"],
    ["candidates", "--sources"], ["timeline", "--sources"], ["quote"], ["quote", "sa'ar"],
    ["sources"], ["sources", "-c", "KZ"], ["show", "AE"], ["show", "KZ"], ["show", "SA"],
    ["show", "IL"], ["search", "red"], ["search", "x"], ["info"],
]  # fmt: skip


@pytest.mark.parametrize("color", ["never", "always"])
@pytest.mark.parametrize("fmt", ["table", "plain", "markdown"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_data_text_is_never_markup(
    runner: CliRunner,
    small: dict[str, Any],
    write_data: Callable[..., Path],
    command: list[str],
    fmt: str,
    color: str,
) -> None:
    small = _poison(small)
    small["countries"][0]["aliases"] = [HOSTILE]
    path = write_data(small)
    if fmt == "markdown" and command[0] in ("show", "search", "info"):
        fmt = "plain"  # these views have no markdown form
    result = run(
        runner, *command, "--format", fmt, "--color", color, "--data", str(path), COLUMNS="80"
    )
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b[31m" not in out and "\u202e" not in out  # the data's escapes never act
    visible = _ESCAPES.sub("", out)  # our own colours and links (a match highlighted...)
    assert "[red]x[bold]" in visible  # markup-like text printed as it is
    assert "\\x1b[31mred" in visible and "\\u202eevil" in visible  # escaped, visible
    if color == "never":
        assert "\x1b" not in out


LISTINGS = [
    ["members", "--sources"], ["candidates", "--sources"], ["timeline", "--sources"],
    ["quote"], ["sources"], ["show", "UAE"], ["show", "saudi"], ["show", "israel"],
    ["search", "peace"], ["info"],
]  # fmt: skip


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_only_urls_run_past_the_edge(runner: CliRunner, command: list[str], width: str) -> None:
    for line in screen(runner, *command, width=width).splitlines():
        if len(line) > int(width):
            assert line.split()[-1].startswith(("http://", "https://")), line


def test_rows_are_set_apart_only_when_they_hold_paragraphs(
    runner: CliRunner, real: Dataset
) -> None:
    def rows(text: str) -> list[str]:
        lines = text.splitlines()
        rule = next(i for i, line in enumerate(lines) if line.startswith("───"))
        return lines[rule + 1 :]

    timeline = rows(screen(runner, "timeline", "--since", "2026", width="80"))
    assert timeline[:5] and all(line.strip() for line in timeline[:5])  # five events, no gaps
    quotes = rows(screen(runner, "quote", "rubio", width="120"))
    gap = quotes.index("")
    second = queries.quotes(real, "rubio")[1]
    assert quotes[gap + 1].startswith(str(second.date))  # the second quote, after a blank line
