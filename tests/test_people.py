"""The data's reach (coverage end and check date) and other names of people (aliases)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from accords_cli import cli, dataset, queries
from accords_cli.errors import DatasetError, NotFoundError
from accords_cli.models import Dataset

from .conftest import DATA_FILE, SMALL, TODAY

SCHEMA = json.loads(DATA_FILE.with_name("accords.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def with_people() -> dict[str, Any]:
    doc = copy.deepcopy(SMALL)
    doc["meta"]["coverage_end"] = "2026-01-15"
    doc["quotes"].append(
        {
            "id": "q-three",
            "speaker": "Mohammed bin Salman",
            "role": "Crown Prince",
            "date": "2025-11-18",
            "text": "We want to be part.",
            "context": "At the White House.",
            "verbatim": True,
            "sources": ["src-two"],
        }
    )
    doc["events"][1]["summary"] = "MBS and El Otmani met Bibi."
    doc["people"] = [
        {"name": "Mohammed bin Salman", "aliases": ["MBS", "Muhammad bin Salman"]},
        {"name": "A. Minister", "aliases": ["El Otmani", "El Othmani"]},
    ]
    return doc


@pytest.fixture
def people_data(with_people: dict[str, Any], write_data: Callable[..., Path]) -> Dataset:
    return dataset.load(str(write_data(with_people)))


# Reach --------------------------------------------------------------------------------------


def test_coverage_end_is_read_and_optional(
    people_data: Dataset, small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    assert people_data.meta.coverage_end == date(2026, 1, 15)
    assert dataset.load(str(write_data(small))).meta.coverage_end is None  # an older file


def test_reach_names_both_dates(people_data: Dataset) -> None:
    assert queries.reach(people_data.meta) == "events to 2026-01-15 · checked 2026-01-31"
    older = people_data.meta._replace(coverage_end=None)
    assert queries.reach(older) == "checked 2026-01-31"


def test_info_shows_both_dates(
    runner: CliRunner, with_people: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    file = str(write_data(with_people))
    document = json.loads(runner.invoke(cli.app, ["info", "--data", file, "--json"]).stdout)
    assert (document["as_of"], document["coverage_end"]) == ("2026-01-31", "2026-01-15")
    plain = runner.invoke(cli.app, ["info", "--data", file]).stdout
    assert "2026-01-15" in plain and "2026-01-31" in plain


def test_info_of_an_older_file_has_a_null_coverage_end(
    runner: CliRunner, small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    result = runner.invoke(cli.app, ["info", "--data", str(write_data(small)), "--json"])
    assert json.loads(result.stdout)["coverage_end"] is None


@pytest.mark.parametrize("command", ["members", "candidates", "timeline", "quote", "sources"])
def test_every_caption_shows_the_reach(runner: CliRunner, real: Dataset, command: str) -> None:
    result = runner.invoke(cli.app, [command, "--format", "table"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert queries.reach(real.meta, TODAY) in result.stdout  # with the age in words
    assert "data as of" not in result.stdout


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-01", "meta.coverage_end: 2026-02-01 is after meta.as_of 2026-01-31"),
        ("May 2026", "meta.coverage_end: expected YYYY-MM-DD, got 'May 2026'"),
    ],
)
def test_a_bad_coverage_end_is_refused(
    small: dict[str, Any], write_data: Callable[..., Path], value: str, message: str
) -> None:
    small["meta"]["coverage_end"] = value
    with pytest.raises(DatasetError, match=message):
        dataset.load(str(write_data(small)))


# People: lookup, search, completion ------------------------------------------------------------


@pytest.mark.parametrize("term", ["mbs", "MbS", "muhammad", "Muhammad bin", "bin salman"])
def test_quote_lookup_accepts_every_variant(people_data: Dataset, term: str) -> None:
    assert [q.id for q in queries.quotes(people_data, term)] == ["q-three"]


def test_an_alias_typo_suggests_the_speaker_by_name(people_data: Dataset) -> None:
    with pytest.raises(NotFoundError, match="did you mean 'Mohammed bin Salman'") as caught:
        queries.quotes(people_data, "mbss")
    assert "MBS'" not in str(caught.value)


def test_speaker_names_add_aliases_of_speakers_only(people_data: Dataset) -> None:
    names = queries.speaker_names(people_data)
    assert {"Mohammed bin Salman", "MBS", "Muhammad bin Salman", "Gideon Sa'ar"} <= set(names)
    assert "El Otmani" not in names  # a signatory, not a speaker: `quote` would find nothing


@pytest.mark.parametrize("term", ["othmani", "el othmani", "OTHMANI"])
def test_search_by_one_name_finds_the_others(people_data: Dataset, term: str) -> None:
    hits = queries.search(people_data, term)
    assert [(h.kind, h.record.id, h.fields) for h in hits] == [("event", "two", ("summary",))]  # type: ignore[union-attr]


def test_search_by_a_surname_finds_initials(people_data: Dataset) -> None:
    found = {(h.kind, h.record.id) for h in queries.search(people_data, "salman")}  # type: ignore[union-attr]
    assert found == {("event", "two"), ("quote", "q-three")}


@pytest.mark.parametrize("term", ["muham", "mohammed"])
def test_part_words_and_first_names_stay_literal(people_data: Dataset, term: str) -> None:
    assert queries.person_variants(people_data, term) == []


def test_search_highlights_the_other_name(
    runner: CliRunner, with_people: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    args = ["search", "othmani", "--data", str(write_data(with_people)), "--format", "table"]
    result = runner.invoke(cli.app, [*args, "--color", "always"])
    assert result.exit_code == 0
    assert "\x1b[30;43mEl Otmani\x1b[0m" in result.stdout


@pytest.mark.parametrize(
    ("term", "speaker"),
    [
        ("saar", "Gideon Sa'ar"),
        ("mbs", "Mohammed bin Salman"),
        ("tokaev", "Kassym-Jomart Tokayev"),
        ("abz", "Abdullah bin Zayed Al Nahyan"),
        ("mbz", "Mohammed bin Zayed Al Nahyan"),
        ("bibi", "Benjamin Netanyahu"),
    ],
)
def test_the_real_data_answers_the_variants_users_type(
    real: Dataset, term: str, speaker: str
) -> None:
    found = queries.quotes(real, term)
    assert found and {q.speaker for q in found} == {speaker}


def test_search_othmani_in_the_real_data(real: Dataset) -> None:
    assert queries.search(real, "othmani")
    assert {h.record for h in queries.search(real, "othmani")} == {
        h.record for h in queries.search(real, "el otmani")
    }


def test_real_people_are_spelled_as_the_records_spell_them(real: Dataset) -> None:
    used = {q.speaker for q in real.quotes} | {s.name for m in real.members for s in m.signatories}
    assert real.people and {p.name for p in real.people} <= used


# People: validation, in the loader and the schema alike ---------------------------------------

BAD_PEOPLE = [
    ({"name": "Nobody Quoted"}, "people[2].name: 'Nobody Quoted' is neither a quote's speaker"),
    (
        {"name": "Gideon Sa'ar", "aliases": ["mbs"]},
        "people[2].aliases[0]: 'mbs' is already a name or alias of 'Mohammed bin Salman'",
    ),
    (
        {"name": "Gideon Sa'ar", "aliases": ["Mohammed Bin Salman"]},
        "people[2].aliases[0]: 'Mohammed Bin Salman' is already a name or alias of",
    ),
    (
        {"name": "Gideon Sa'ar", "aliases": ["Gideon Saar"]},
        "people[2].aliases[0]: 'Gideon Saar' is already a name or alias of its own name",
    ),
    ({"name": "Mohammed bin Salman"}, "people[2].name: duplicate person 'Mohammed bin Salman'"),
    ({"name": "A. Minister"}, "people[2].name: duplicate person 'A. Minister'"),
    ({"name": "Gideon Sa'ar", "aliases": "GS"}, "people[2].aliases: expected a list"),
    ({"name": "Gideon Sa'ar", "alias": ["GS"]}, "people[2].alias: unknown key"),
    ({"aliases": ["GS"]}, "people[2]: missing required key 'name'"),
    ({"name": "Gideon Sa'ar", "aliases": ["  "]}, "people[2].aliases[0]: expected a non-empty"),
]


@pytest.mark.parametrize(("person", "message"), BAD_PEOPLE)
def test_bad_people_are_refused(
    with_people: dict[str, Any], write_data: Callable[..., Path], person: Any, message: str
) -> None:
    with_people["people"].append(person)
    with pytest.raises(DatasetError, match=message.replace("[", r"\[")):
        dataset.load(str(write_data(with_people)))


def test_people_validate_against_the_schema(with_people: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(with_people)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["people"].append({"name": "Gideon Sa'ar", "alias": ["GS"]}),
        lambda d: d["people"].append({"aliases": ["GS"]}),
        lambda d: d["people"].append({"name": "Gideon Sa'ar", "aliases": "GS"}),
        lambda d: d["meta"].update(coverage_end="May 2026"),
        lambda d: d["meta"].update(coverage_until="2026-01-01"),
    ],
)
def test_schema_and_loader_refuse_the_same(
    with_people: dict[str, Any], write_data: Callable[..., Path], change: Any
) -> None:
    change(with_people)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(with_people)
    with pytest.raises(DatasetError):
        dataset.load(str(write_data(with_people)))


def test_people_survive_the_cache(
    with_people: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    file = str(write_data(with_people))
    first = dataset.load(file)
    again = dataset.load(file, without=("events", "quotes"))  # from the cache
    assert again.people == first.people and again.people


def test_completion_offers_aliases_of_speakers() -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "ACCORDS_DATA"}
    env.update(_ACCORDS_COMPLETE="complete_bash", COMP_LINE="accords quote MB")
    result = subprocess.run(
        [sys.executable, "-m", "accords_cli"], env=env, capture_output=True, text=True, check=False
    )
    assert {"MBS", "MBZ"} <= set(result.stdout.split())


def test_speaker_names_give_each_name_once(real: Dataset) -> None:
    for typed in ("", "mo", "mohammed bin s"):
        names = queries.speaker_names(real, typed)
        assert len(names) == len(set(names)), typed
    assert queries.speaker_names(real, "mohammed bin s") == [
        "Mohammed bin Salman", "Mohammed bin Salman Al Saud",
    ]  # fmt: skip
