"""Exploring: country profiles, search, sources, info, the chart and shell completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accords_cli import __version__, chart, cli, queries
from accords_cli.models import EVENT_KINDS, Dataset

ANSI = "\x1b["


def run(runner: CliRunner, *args: str, **env: str) -> Any:
    return runner.invoke(cli.app, list(args), env=env or None)


# show ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["kazakhstan", "KZ", "Qazaqstan", "KAZAKHSTAN"])
def test_show_member_json(runner: CliRunner, real: Dataset, name: str) -> None:
    result = run(runner, "show", name, "--json")
    assert result.exit_code == 0
    profile = json.loads(result.stdout)
    member = next(m for m in real.members if m.code == "KZ")
    assert {k: profile[k] for k in member.to_dict()} == member.to_dict()
    assert profile["role"] == "member"
    assert [e["id"] for e in profile["events"]] == [
        e.id for e in real.events if "KZ" in e.countries
    ]
    assert [q["id"] for q in profile["quotes"]] == [
        q.id for q in real.quotes if "KZ" in q.countries
    ]


def test_show_candidate(runner: CliRunner, real: Dataset) -> None:
    profile = json.loads(run(runner, "show", "saudi", "--json").stdout)
    saudi = next(c for c in real.candidates if c.code == "SA")
    assert profile["role"] == "candidate"
    assert profile["position"] == saudi.position
    assert profile["quotes"]


def test_show_other_country(runner: CliRunner) -> None:
    profile = json.loads(run(runner, "show", "israel", "--json").stdout)
    assert profile["role"] == "country"
    assert profile["code"] == "IL"
    assert len(profile["events"]) > 10


@pytest.mark.parametrize("width", ["60", "80", "120"])
def test_show_terminal_view(runner: CliRunner, real: Dataset, width: str) -> None:
    result = run(runner, "show", "morocco", "--format", "table", COLUMNS=width)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    morocco = next(m for m in real.members if m.code == "MA")
    assert "Morocco (MA)" in text
    assert morocco.announced.isoformat() in text
    assert "Milestones" in text and "Events" in text and "Quotes" in text
    # Only a URL may run past the edge, rather than break.
    long = [line for line in result.stdout.splitlines() if len(line) > int(width)]
    assert all(line.split() and line.split()[-1].startswith("http") for line in long)


def test_a_country_with_nothing_cited_has_no_references_and_no_double_blank(
    runner: CliRunner, small: dict[str, Any], write_data: Any
) -> None:
    path = write_data(small)  # the United States has no event or quote there
    result = run(runner, "show", "US", "--format", "table", "--data", str(path))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "References" not in lines
    assert lines[-2:] == ["", "Checked 2026-01-31, 10 months ago · full records: --json"]
    assert "\n\n\n" not in result.stdout


def test_show_plain_is_greppable(runner: CliRunner, real: Dataset) -> None:
    lines = run(runner, "show", "sudan").stdout.splitlines()
    assert "status\tsigned" in lines
    events = [line for line in lines if line.startswith("event\t")]
    assert len(events) == sum("SD" in e.countries for e in real.events)


def test_show_unknown_country(runner: CliRunner) -> None:
    result = run(runner, "show", "bahrein")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "did you mean 'Bahrain'" in result.stderr


def test_show_has_no_csv(runner: CliRunner) -> None:
    assert run(runner, "show", "KZ", "--format", "csv").exit_code == 2


# search -------------------------------------------------------------------------------------


def test_search_json(runner: CliRunner, real: Dataset) -> None:
    result = run(runner, "search", "two-state", "--json")
    hits = json.loads(result.stdout)
    assert result.exit_code == 0 and hits
    for hit in hits:
        assert set(hit) == {"kind", "matched", "record"}
        assert hit["kind"] in queries.SEARCHED
        assert any("two state" in queries.fold(str(hit["record"][f])) for f in hit["matched"])
    expected = [q.id for q in real.quotes if "two state" in queries.fold(q.text)]
    found = [h["record"]["id"] for h in hits if h["kind"] == "quote" and "text" in h["matched"]]
    assert found == expected


@pytest.mark.parametrize("term", ["RUBIO", "rubio", "Rúbio"])
def test_search_ignores_case_and_accents(runner: CliRunner, term: str) -> None:
    hits = json.loads(run(runner, "search", term, "--json").stdout)
    assert any(h["kind"] == "quote" and h["record"]["speaker"] == "Marco Rubio" for h in hits)


def test_search_highlights_on_a_terminal(runner: CliRunner) -> None:
    result = run(runner, "search", "Kazakh", "--format", "table", "--color", "always")
    assert "Members (1)" in result.stdout
    assert "\x1b[30;43m" in result.stdout  # black on yellow


def test_search_groups_in_plain(runner: CliRunner) -> None:
    lines = run(runner, "search", "natural and logical").stdout.splitlines()
    assert lines and all(line.split("\t")[0] in queries.SEARCHED for line in lines)


def test_search_nothing_found(runner: CliRunner) -> None:
    result = run(runner, "search", "zanzibar-xyz")
    assert result.exit_code == 1
    assert result.stdout == ""


@pytest.mark.parametrize("term", ["", "  ", "!!!"])
def test_search_empty_term_is_a_usage_error(runner: CliRunner, term: str) -> None:
    result = run(runner, "search", term)
    assert result.exit_code == 2
    assert "empty" in result.stderr


@pytest.mark.parametrize(
    ("text", "term", "spans"),
    [
        ("Gideon Sa'ar said", "saar", [(7, 12)]),
        ("Émile and emile", "EMILE", [(0, 5), (10, 15)]),
        ("two-state solution", "two state", [(0, 9)]),
        ("nothing here", "zz", []),
    ],
)
def test_match_spans_point_at_the_original_text(
    text: str, term: str, spans: list[tuple[int, int]]
) -> None:
    assert queries.match_spans(text, term) == spans


# sources and info ---------------------------------------------------------------------------


def test_sources_counts_citations(runner: CliRunner, real: Dataset) -> None:
    listed = json.loads(run(runner, "sources", "--json").stdout)
    assert len(listed) == len(real.sources)
    assert all(s["cited_by"] >= 1 for s in listed)
    counts = [s["cited_by"] for s in listed]
    assert counts == sorted(counts, reverse=True)
    top = listed[0]
    citing = [
        r
        for r in (*real.members, *real.candidates, *real.events, *real.quotes)
        if top["id"] in {s.id for s in r.sources}
    ]
    citing += [
        m for member in real.members for m in (*member.milestones, *member.documents)
        if top["id"] in {s.id for s in m.sources}
    ]  # fmt: skip
    assert top["cited_by"] == len(citing)


def test_info(runner: CliRunner, real: Dataset) -> None:
    document = json.loads(run(runner, "info", "--json").stdout)
    assert document["as_of"] == real.meta.as_of.isoformat()
    assert document["program_version"] == __version__
    assert document["counts"] == {
        "members": len(real.members),
        "candidates": len(real.candidates),
        "events": len(real.events),
        "quotes": len(real.quotes),
        "sources": len(real.sources),
        "publishers": len(real.publishers),
        "figures": len(real.figures),
    }
    assert document["data_file"].endswith("accords.yaml")
    schema = Path(document["schema_file"])  # the file the data's first line ($schema) names
    assert schema == Path(document["data_file"]).with_name("accords.schema.json")
    assert schema.is_file()
    assert document["license"]
    plain = run(runner, "info").stdout
    lines = plain.splitlines()
    assert f"as_of\t{real.meta.as_of}" in lines  # keys as in the JSON
    assert f"members\t{len(real.members)}" in lines
    latest = real.meta.changelog[-1]
    assert f"latest_change\t{latest.version}\t{latest.date}\t{latest.changes}" in lines


# chart --------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_chart_fits_and_marks_every_event(real: Dataset, width: int) -> None:
    drawing = chart.layout(sorted(real.events, key=lambda e: e.date), width)
    canvas, placed = drawing.canvas, len(drawing.labels)
    assert all(len(row) == width for row in canvas.rows)
    symbols = {symbol for symbol, _ in chart.SYMBOLS.values()}
    markers = sum(char in symbols for row in canvas.rows for char, _ in row)
    overflow = sum(char == "+" for row in canvas.rows for char, _ in row)
    assert markers + overflow * chart.MAX_STACK >= len(real.events) - overflow
    assert placed >= 1


def test_chart_has_a_symbol_for_every_kind() -> None:
    assert set(chart.SYMBOLS) == set(EVENT_KINDS)
    assert len({symbol for symbol, _ in chart.SYMBOLS.values()}) == len(EVENT_KINDS)


@pytest.mark.parametrize("width", ["60", "80", "120"])
def test_chart_command(runner: CliRunner, width: str) -> None:
    result = run(runner, "timeline", "--chart", "--color", "never", COLUMNS=width)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= int(width)
    assert any(line.startswith("2020") for line in lines)
    assert ANSI not in result.stdout


def test_chart_applies_filters(runner: CliRunner, real: Dataset) -> None:
    result = run(runner, "timeline", "--chart", "--country", "KZ", "--color", "never")
    count = sum("KZ" in e.countries for e in real.events)
    assert f": {count} events" in result.stdout


def test_chart_in_colour(runner: CliRunner) -> None:
    assert ANSI in run(runner, "timeline", "--chart", "--color", "always").stdout


# completion ---------------------------------------------------------------------------------


def _complete(words: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "ACCORDS_DATA"}
    env.update(_ACCORDS_COMPLETE="complete_bash", COMP_LINE=words)
    result = subprocess.run(
        [sys.executable, "-m", "accords_cli"], env=env, capture_output=True, text=True, check=False
    )
    return result.stdout.splitlines()


def test_completes_countries() -> None:
    assert "Kazakhstan" in _complete("accords show Kaz")
    assert "kazakhstan" in _complete("accords show kaz")  # the typed prefix is kept
    assert "KZ" in _complete("accords timeline --country K")


def test_completes_speakers() -> None:
    found = _complete("accords quote Mar")
    assert "Marco\\ Rubio" in found  # as bash inserts it: quoted


def test_country_suggestions_name_each_state_once(runner: CliRunner) -> None:
    result = run(runner, "show", "kazakstan")
    assert "did you mean 'Kazakhstan'" in result.stderr
    assert "Qazaqstan" not in result.stderr and "Republic of Kazakhstan" not in result.stderr


# Small promises of the composed views ---------------------------------------------------------


def test_info_dates_the_latest_change_and_ages_only_the_reach(
    runner: CliRunner, real: Dataset
) -> None:
    out = run(runner, "info", "--format", "table", COLUMNS="300").stdout
    latest = real.meta.changelog[-1]
    assert f"{latest.version} ({latest.date.isoformat()}): {latest.changes[:40]}" in out
    aged = [line for line in out.splitlines() if line.rstrip().endswith(" ago")]
    assert len(aged) == 1 and real.meta.coverage_end.isoformat() in aged[0]


def test_a_profile_with_sources_alone_still_explains_its_marks(
    runner: CliRunner, small: dict[str, Any], write_data: Any
) -> None:
    out = run(runner, "show", "SA", "--format", "table", "--data", str(write_data(small))).stdout
    assert "Ev, evidence:" in " ".join(out.split())


def test_a_profiles_facts_stand_two_spaces_after_their_labels(runner: CliRunner) -> None:
    out = run(runner, "show", "KZ", "--format", "table", COLUMNS="120").stdout
    assert "Before the Accords  Full" in out  # the longest label, then the gutter of two


def test_search_lists_a_hits_fields_without_blank_lines(runner: CliRunner) -> None:
    lines = run(runner, "search", "Sitra", "--format", "table", COLUMNS="120").stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("title:"))
    assert lines[at + 1].strip().startswith("summary:")


def test_a_search_heading_takes_the_width_it_has(runner: CliRunner) -> None:
    out = run(runner, "search", "Sitra", "--format", "table", COLUMNS="120").stdout
    assert "2026-03-09 Iranian drone strike on Sitra injures 32 Bahrainis" in out
    assert "1 record mentions 'Sitra'" in out  # one, in the singular


def test_an_undated_heading_wraps_under_its_own_start(
    runner: CliRunner, small: dict[str, Any], write_data: Any
) -> None:
    small["candidates"][0]["name"] = "Kingdom of Saudi Arabia and all its many provinces"
    data = str(write_data(small))
    lines = run(runner, "search", "kingdom", "--format", "table", "--data", data, COLUMNS="30")
    heading = [
        line for line in lines.stdout.splitlines() if "Kingdom" in line or "provinces" in line
    ]
    assert heading[0].startswith("  Kingdom")
    follow = lines.stdout.splitlines()[lines.stdout.splitlines().index(heading[0]) + 1]
    assert follow.startswith("  ") and not follow.startswith("   ")  # under 'Kingdom', not past it
