"""The JSON output is a public contract: keys may be added, never renamed or removed.

If a test here fails because a key was renamed or removed, scripts in the wild break: keep the
old key. If it fails because a key was added, add it to the pinned list below.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from accords_cli import cli

SOURCE_KEYS = [
    "id", "title", "publisher", "published", "url", "note", "publisher_id", "via_id", "primary",
    "reliability", "origin",
]  # fmt: skip
PINNED = {
    "members": [
        "name", "code", "aliases", "status", "status_note", "announced", "signed", "signed_at",
        "agreement", "documents", "signatories", "milestones", "prior_relations", "note", "sources",
        "evidence",
    ],
    "candidates": ["name", "code", "aliases", "position", "date", "note", "sources", "evidence"],
    "timeline": [
        "id", "date", "end_date", "title", "summary", "countries", "kind", "sources", "note",
        "evidence",
    ],
    "quote": [
        "id", "speaker", "role", "date", "text", "context", "countries", "verbatim", "note",
        "sources", "original", "language", "evidence",
    ],
}  # fmt: skip
# What the issue tracker promised scripts, as a floor under the pinned lists.
PROMISED = {
    "members": {"name", "code", "status", "announced", "signed", "agreement", "sources"},
    "candidates": {"name", "code", "position", "date", "sources"},
    "timeline": {"date", "title", "countries", "sources"},
    "quote": {"speaker", "role", "date", "text", "sources"},
}
DATE_KEYS = {"announced", "signed", "date", "end_date", "published"}


def _json(runner: CliRunner, command: str) -> list[dict[str, Any]]:
    result = runner.invoke(cli.app, [command, "--json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert isinstance(document, list) and document
    return document


@pytest.mark.parametrize("command", list(PINNED))
def test_keys_and_their_order_are_pinned(runner: CliRunner, command: str) -> None:
    for record in _json(runner, command):
        assert list(record) == PINNED[command]
        assert PROMISED[command] <= set(record)
        for source in record["sources"]:
            assert list(source) == SOURCE_KEYS
            assert source["publisher"] and source["url"].startswith(("http://", "https://"))


@pytest.mark.parametrize("command", list(PINNED))
def test_dates_are_iso_or_null(runner: CliRunner, command: str) -> None:
    from datetime import date

    for record in _json(runner, command):
        for key in DATE_KEYS & set(record):
            value = record[key]
            assert value is None or date.fromisoformat(value).isoformat() == value


def test_member_codes_are_iso_alpha_2(runner: CliRunner) -> None:
    for record in _json(runner, "members"):
        assert len(record["code"]) == 2 and record["code"].isalpha() and record["code"].isupper()


def test_event_countries_are_codes(runner: CliRunner) -> None:
    for record in _json(runner, "timeline"):
        assert all(len(code) == 2 and code.isupper() for code in record["countries"])


def test_unknown_values_are_null_not_empty(runner: CliRunner) -> None:
    kazakhstan = next(r for r in _json(runner, "members") if r["code"] == "KZ")
    assert kazakhstan["signed"] is None
    assert kazakhstan["agreement"] is None


def test_quote_types(runner: CliRunner) -> None:
    for record in _json(runner, "quote"):
        assert isinstance(record["verbatim"], bool)
        assert isinstance(record["text"], str) and record["text"]


@pytest.mark.parametrize("command", list(PINNED))
@pytest.mark.parametrize("fmt", ["jsonl", "yaml", "csv"])
def test_every_format_carries_the_pinned_keys(runner: CliRunner, command: str, fmt: str) -> None:
    import csv
    import io

    import yaml

    args = [command, "--format", fmt]
    if fmt == "csv":  # a table-like format shows its default columns unless asked for all
        args += ["--fields", ",".join(PINNED[command])]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.stderr
    if fmt == "jsonl":
        records = [json.loads(line) for line in result.stdout.splitlines()]
        assert all(list(record) == PINNED[command] for record in records)
    elif fmt == "yaml":
        assert all(list(record) == PINNED[command] for record in yaml.safe_load(result.stdout))
    else:
        header = next(csv.reader(io.StringIO(result.stdout)))
        assert header == PINNED[command]


def test_every_command_has_help_with_examples_and_is_in_the_readme(runner: CliRunner) -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in cli.app.registered_commands]
    assert len(names) == 12  # with `figures`, `publishers`, `check` and `help`
    for name in names:
        result = runner.invoke(cli.app, [name, "--help"])
        assert result.exit_code == 0
        assert "Examples" in result.stdout
        assert f"accords {name}" in readme


INFO_KEYS = [
    "title", "version", "as_of", "coverage_end", "program_version", "data_file", "schema_file",
    "license", "counts", "changelog", "age_days",
]  # fmt: skip
COUNT_KEYS = ["members", "candidates", "events", "quotes", "sources", "publishers", "figures"]
PROFILE_KEYS = {
    "AE": [*PINNED["members"], "role", "events", "quotes", "figures"],
    "SA": [*PINNED["candidates"], "role", "events", "quotes", "figures"],
    "IL": ["name", "code", "aliases", "role", "events", "quotes", "figures"],
}


def test_info_keys_are_pinned(runner: CliRunner) -> None:
    result = runner.invoke(cli.app, ["info", "--json"])
    document = json.loads(result.stdout)
    assert list(document) == INFO_KEYS
    assert list(document["counts"]) == COUNT_KEYS
    assert all(list(entry) == ["version", "date", "changes"] for entry in document["changelog"])


@pytest.mark.parametrize("code", list(PROFILE_KEYS))
def test_profile_keys_are_pinned(runner: CliRunner, code: str) -> None:
    document = json.loads(runner.invoke(cli.app, ["show", code, "--json"]).stdout)
    assert list(document) == PROFILE_KEYS[code]
    assert all(list(event) == PINNED["timeline"] for event in document["events"])
    assert all(list(quote) == PINNED["quote"] for quote in document["quotes"])


def test_sources_and_search_keys_are_pinned(runner: CliRunner) -> None:
    sources = json.loads(runner.invoke(cli.app, ["sources", "--json"]).stdout)
    assert all(list(source) == [*SOURCE_KEYS, "cited_by"] for source in sources)
    hits = json.loads(runner.invoke(cli.app, ["search", "kazakh", "--json"]).stdout)
    assert hits and all(list(hit) == ["kind", "matched", "record"] for hit in hits)
