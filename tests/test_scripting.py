"""Scripting: formats, field selection, filters, limits and as-of queries."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from accords_cli import cli, queries
from accords_cli.models import Dataset, Event, Member, Quote
from accords_cli.render import cell


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(cli.app, list(args))


# Hand-checked against data/accords.yaml ------------------------------------------------------


def test_events_involving_morocco_in_2021(runner: CliRunner, real: Dataset) -> None:
    result = run(
        runner, "timeline", "--country", "morocco", "--since", "2021", "--until", "2021",
        "--format", "csv",
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    wanted = [e for e in real.events if "MA" in e.countries and e.date.year == 2021]
    assert [row["date"] for row in rows] == [str(e.date) for e in wanted]
    assert "2021-08-11" in [row["date"] for row in rows]
    lapid = next(row for row in rows if row["date"] == "2021-08-11")
    assert lapid["title"] == "Lapid visits Morocco and inaugurates Israel's Rabat liaison office"
    assert all("MA" in row["countries"].split("; ") for row in rows)


def test_who_had_signed_by_the_end_of_2020(runner: CliRunner) -> None:
    result = run(runner, "members", "--as-of", "2020", "--json")
    state = {m["code"]: (m["status"], m["signed"]) for m in json.loads(result.stdout)}
    assert state == {
        "AE": ("in-force", "2020-09-15"),  # Knesset and UAE cabinet approved in October
        "BH": ("in-force", "2020-09-15"),  # Knesset approved on 10 November
        "SD": ("announced", None),  # signed only on 6 January 2021
        "MA": ("signed", "2020-12-22"),  # Israeli cabinet approval came in January 2021
    }


def test_as_of_the_issue_example(runner: CliRunner) -> None:
    members = json.loads(run(runner, "members", "--as-of", "2020-12-01", "--json").stdout)
    sudan = next(m for m in members if m["code"] == "SD")
    assert sudan["signed"] is None and sudan["status"] == "announced"
    assert "2020-12-01" in sudan["status_note"]
    assert "MA" not in {m["code"] for m in members}
    assert "KZ" not in {m["code"] for m in members}


def test_as_of_drops_later_milestones(real: Dataset) -> None:
    day = date(2021, 3, 1)
    for member in queries.members(real, as_of=day):
        assert all(m.date <= day for m in member.milestones)
        assert all(d.date <= day for d in member.documents)


def test_as_of_today_changes_nothing(real: Dataset) -> None:
    then = queries.members(real, as_of=real.meta.as_of)
    now = queries.members(real)
    assert [(m.code, m.status, m.signed) for m in then] == [
        (m.code, m.status, m.signed) for m in now
    ]


def test_status_filter(runner: CliRunner, real: Dataset) -> None:
    result = run(runner, "members", "--status", "in-force", "--json")
    expected = {m.code for m in real.members if m.status == "in-force"}
    assert {m["code"] for m in json.loads(result.stdout)} == expected == {"AE", "BH", "MA"}


def test_kind_filter(runner: CliRunner, real: Dataset) -> None:
    result = run(runner, "timeline", "--kind", "signing", "--json")
    assert [e["id"] for e in json.loads(result.stdout)] == [
        e.id for e in real.events if e.kind == "signing"
    ]
    assert run(runner, "timeline", "--kind", "party").exit_code == 2


def test_quote_filters(runner: CliRunner, real: Dataset) -> None:
    result = run(runner, "quote", "--country", "kz", "--since", "2026", "--json")
    quotes = json.loads(result.stdout)
    assert quotes and all("KZ" in q["countries"] and q["date"] >= "2026" for q in quotes)
    trump = json.loads(run(runner, "quote", "trump", "--until", "2020-12", "--json").stdout)
    assert trump and all(
        q["date"] <= "2020-12-31" and q["speaker"] == "Donald Trump" for q in trump
    )


@pytest.mark.parametrize("name", ["KZ", "kz", "kazakhstan", "Kazakhstan", "Qazaqstan", "kazakh"])
def test_country_by_code_name_or_alias(real: Dataset, name: str) -> None:
    assert queries.country_code(real, name) == "KZ"


@pytest.mark.parametrize("name", ["UAE", "emirates", "United Arab Emirates", "ae"])
def test_emirates_aliases(real: Dataset, name: str) -> None:
    assert queries.country_code(real, name) == "AE"


def test_unknown_country_is_a_usage_error_with_suggestions(runner: CliRunner) -> None:
    result = run(runner, "timeline", "--country", "marocco")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "did you mean 'Morocco'" in result.stderr


def test_ambiguous_country_lists_candidates(real: Dataset) -> None:
    from accords_cli.errors import NotFoundError

    with pytest.raises(NotFoundError, match=r"could be .*Saudi Arabia"):
        queries.resolve_state(real, "s")


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2025", False, date(2025, 1, 1)),
        ("2025", True, date(2025, 12, 31)),
        ("2024-02", True, date(2024, 2, 29)),
        ("2025-02", False, date(2025, 2, 1)),
        ("2025-11-06", True, date(2025, 11, 6)),
    ],
)
def test_partial_dates(text: str, end: bool, expected: date) -> None:
    assert queries.date_bound(text, end=end) == expected


@pytest.mark.parametrize("text", ["2025-13", "2025-02-30", "25", "yesterday", "2025/01/01", ""])
def test_invalid_dates_are_usage_errors_naming_the_option(runner: CliRunner, text: str) -> None:
    result = run(runner, "timeline", "--since", text)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--since" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_reversed_range_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "timeline", "--since", "2025", "--until", "2024")
    assert result.exit_code == 2
    assert "after --until" in result.stderr


def test_limit_and_reverse(runner: CliRunner, real: Dataset) -> None:
    newest = json.loads(run(runner, "timeline", "--reverse", "--limit", "3", "--json").stdout)
    assert [e["id"] for e in newest] == [e.id for e in real.events[::-1][:3]]
    assert run(runner, "members", "--limit", "0").exit_code == 2
    assert run(runner, "members", "--limit", "-1").exit_code == 2


def test_nothing_found_is_exit_1_with_empty_stdout(runner: CliRunner) -> None:
    result = run(runner, "timeline", "--since", "2026-11", "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "accords: no events match; 'accords timeline' without filters lists every one\n"
    )


# Formats ------------------------------------------------------------------------------------

COMMANDS = {
    "members": (Member, lambda d: queries.members(d)),
    "candidates": (None, lambda d: queries.candidates(d)),
    "timeline": (Event, lambda d: queries.timeline(d)),
    "quote": (Quote, lambda d: queries.quotes(d)),
}


def _parse(fmt: str, text: str) -> list[dict[str, Any]]:
    if fmt == "json":
        return list(json.loads(text))
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    if fmt == "yaml":
        return list(yaml.safe_load(text))
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml"])
def test_document_formats_carry_the_same_records(
    runner: CliRunner, real: Dataset, command: str, fmt: str
) -> None:
    result = run(runner, command, "--format", fmt)
    assert result.exit_code == 0
    expected = [r.to_dict() for r in COMMANDS[command][1](real)]
    assert _parse(fmt, result.stdout) == expected


def test_csv_is_rfc4180_with_a_header_of_every_field(runner: CliRunner, real: Dataset) -> None:
    result = run(runner, "quote", "--format", "csv")
    header = ",".join([*Quote._fields, "evidence"]).encode() + b"\r\n"  # CRLF, as RFC 4180
    assert result.stdout_bytes.startswith(header)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["text"] for r in rows] == [q.text for q in real.quotes]
    assert [r["verbatim"] for r in rows] == [str(q.verbatim).lower() for q in real.quotes]
    urls = ["; ".join(s.url for s in q.sources) for q in real.quotes]
    assert [r["sources"] for r in rows] == urls
    assert [r["countries"] for r in rows] == ["; ".join(q.countries) for q in real.quotes]


@pytest.mark.parametrize("command", ["members", "candidates", "timeline", "quote", "sources"])
def test_csv_carries_every_json_field(runner: CliRunner, command: str) -> None:
    records = json.loads(run(runner, command, "--json").stdout)
    rows = list(csv.DictReader(io.StringIO(run(runner, command, "--format", "csv").stdout)))
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert list(row) == list(record)
        assert row == {key: cell(value, "; ") for key, value in record.items()}


def test_markdown_is_a_github_table(runner: CliRunner, real: Dataset) -> None:
    lines = run(runner, "members", "--format", "markdown").stdout.splitlines()
    assert lines[0] == "| name | code | status | announced | signed | agreement |"
    assert lines[1] == "| --- | --- | --- | --- | --- | --- |"
    assert len(lines) == 2 + len(real.members)


def test_format_table_is_forced_when_piped(runner: CliRunner) -> None:
    assert "Abraham Accords members" in run(runner, "members", "--format", "table").stdout
    assert "Abraham Accords members" not in run(runner, "members").stdout


def test_sources_column(runner: CliRunner, real: Dataset) -> None:
    plain = run(runner, "members", "--sources").stdout.splitlines()
    uae = next(line for line in plain if line.startswith("United Arab Emirates"))
    assert uae.split("\t")[-1].split(", ")[0] == real.members[0].sources[0].url


FIELDS = {
    "members": Member._fields,
    "timeline": Event._fields,
    "quote": Quote._fields,
}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    command=st.sampled_from(sorted(FIELDS)),
    data=st.data(),
    fmt=st.sampled_from(["json", "jsonl", "csv", "yaml"]),
)
def test_fields_select_exactly_the_requested_keys_in_order(
    runner: CliRunner, real: Dataset, command: str, data: st.DataObject, fmt: str
) -> None:
    keys = data.draw(
        st.lists(st.sampled_from(FIELDS[command]), min_size=1, max_size=4, unique=True)
    )
    result = run(runner, command, "--fields", ",".join(keys), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    records = _parse(fmt, result.stdout)
    full = [r.to_dict() for r in COMMANDS[command][1](real)]
    assert len(records) == len(full)
    for record, expected in zip(records, full, strict=True):
        assert list(record) == keys
        if fmt == "csv":
            assert record == {k: cell(expected[k], "; ") for k in keys}
        else:
            assert record == {k: expected[k] for k in keys}


DAYS = st.dates(min_value=date(2019, 6, 1), max_value=date(2027, 6, 1))


@settings(max_examples=200)
@given(first=DAYS, span=st.integers(min_value=0, max_value=2500))
def test_date_filter_is_the_exact_in_range_subset_in_order(
    real: Dataset, first: date, span: int
) -> None:
    since, until = first, first + timedelta(days=span)
    found = queries.timeline(real, since=since, until=until)
    expected = [e for e in real.events if e.date <= until and (e.end_date or e.date) >= since]
    assert found == expected
    assert [e.date for e in found] == sorted(e.date for e in found)


@settings(max_examples=100)
@given(first=DAYS, span=st.integers(min_value=0, max_value=2500))
def test_quote_date_filter_is_the_in_range_subset(real: Dataset, first: date, span: int) -> None:
    since, until = first, first + timedelta(days=span)
    assert queries.quotes(real, since=since, until=until) == [
        q for q in real.quotes if since <= q.date <= until
    ]


@settings(max_examples=100)
@given(day=DAYS)
def test_as_of_keeps_only_the_announced_and_never_signs_early(real: Dataset, day: date) -> None:
    then = queries.members(real, as_of=day)
    assert [m.code for m in then] == [m.code for m in queries.members(real) if m.announced <= day]
    for member in then:
        assert member.signed is None or member.signed <= day
        assert (member.signed is None) == (member.status == "announced")
