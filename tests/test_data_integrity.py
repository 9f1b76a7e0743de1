"""Integrity of the bundled data file itself: what the loader cannot know on its own."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

import jsonschema
import pytest
import yaml

from accords_cli import dataset, queries
from accords_cli.models import EVENT_KINDS, MEMBER_STATUSES, Dataset, weigh

from .conftest import DATA_FILE

SCHEMA_FILE = DATA_FILE.with_name("accords.schema.json")


@pytest.fixture(scope="session")
def as_editors_see_it() -> Any:
    """The file parsed as editors and the schema see it: dates stay strings."""
    return yaml.load(DATA_FILE.read_text(encoding="utf-8"), Loader=dataset.safe_loader())


def _walk(node: Any, path: str = "") -> Any:
    """Yield (path, key, value) for every mapping entry in the document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key, value
            yield from _walk(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, f"{path}[{i}]")


def test_file_validates_against_its_schema(as_editors_see_it: Any) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(as_editors_see_it)


def test_file_points_editors_at_the_schema() -> None:
    first = DATA_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SCHEMA_FILE.name}"


def test_schema_vocabularies_match_the_code() -> None:
    defs = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["$defs"]
    assert defs["member"]["properties"]["status"]["enum"] == list(MEMBER_STATUSES)
    assert defs["kind"]["enum"] == list(EVENT_KINDS)
    milestone = defs["member"]["properties"]["milestones"]["items"]["properties"]["kind"]
    assert defs["event"]["properties"]["kind"] == milestone == {"$ref": "#/$defs/kind"}


def test_schema_rejects_what_the_loader_rejects(as_editors_see_it: Any) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(as_editors_see_it))
    broken["members"][0]["status"] = "joined"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_every_source_is_cited(as_editors_see_it: Any) -> None:
    cited = Counter(
        ref for _, key, value in _walk(as_editors_see_it) if key == "sources" for ref in value
        if isinstance(ref, str)
    )  # fmt: skip
    defined = [source["id"] for source in as_editors_see_it["sources"]]
    assert [source for source in defined if not cited[source]] == []
    assert set(cited) <= set(defined)


def test_every_record_is_sourced(real: Dataset) -> None:
    records = [*real.members, *real.candidates, *real.events, *real.quotes]
    records += [m for member in real.members for m in member.milestones]
    records += [d for member in real.members for d in member.documents]
    assert all(record.sources for record in records)


def test_ids_and_urls_are_unique(real: Dataset) -> None:
    for ids in (
        [s.id for s in real.sources],
        [s.url for s in real.sources],
        [e.id for e in real.events],
        [q.id for q in real.quotes],
    ):
        assert [key for key, n in Counter(ids).items() if n > 1] == []


def test_names_codes_and_aliases_are_unique_across_states(real: Dataset) -> None:
    states = [*real.countries, *real.members, *real.candidates]
    keys = [queries.fold(name) for state in states for name in (state.name, *state.aliases)]
    keys += [state.code.casefold() for state in states if state.code]
    assert [key for key, n in Counter(keys).items() if n > 1] == []


def test_no_date_after_as_of(as_editors_see_it: Any, real: Dataset) -> None:
    as_of = real.meta.as_of
    late = [
        f"{path}.{key}={value}"
        for path, key, value in _walk(as_editors_see_it)
        if key in ("date", "end_date", "announced", "signed", "published") and value
        and date.fromisoformat(value) > as_of
    ]  # fmt: skip
    assert late == []


def test_status_agrees_with_the_dates(real: Dataset) -> None:
    for member in real.members:
        assert (member.signed is None) == (member.status == "announced"), member.code
        if member.signed:
            assert member.signed >= member.announced


def test_events_are_sorted_in_the_file(as_editors_see_it: Any) -> None:
    dates = [event["date"] for event in as_editors_see_it["events"]]
    assert dates == sorted(dates)


def test_every_quote_has_words_and_a_speaker(real: Dataset) -> None:
    for quote in real.quotes:
        assert len(quote.text.split()) >= 3, quote.id
        assert quote.speaker.strip() and quote.role.strip()


def test_counts_promised_to_users(real: Dataset) -> None:
    assert {"AE", "BH", "MA", "SD", "KZ"} <= {m.code for m in real.members}
    assert {"SA", "UZ", "AZ"} <= {c.code for c in real.candidates}
    assert len(real.events) >= 35
    assert len(real.quotes) >= 25
    years = {event.date.year for event in real.events}
    assert set(range(2020, 2027)) <= years


def test_every_record_meets_the_sourcing_rule(real: Dataset) -> None:
    # A primary text, or two independent originals (accords check says which fall short).
    records: list[Any] = [*real.members, *real.candidates, *real.events, *real.quotes]
    records += [*real.figures]
    records += [n for m in real.members for n in (*m.milestones, *m.documents)]
    short = [r for r in records if not weigh(r.sources).sufficient]
    assert short == []


def test_rubio_is_quoted(real: Dataset) -> None:
    # `accords quote rubio` is the example every help page gives.
    assert len([q for q in real.quotes if q.speaker == "Marco Rubio"]) >= 2


def test_a_signing_date_is_backed_by_a_document_of_that_date(real: Dataset) -> None:
    for member in real.members:
        if member.signed:
            assert member.signed in {document.date for document in member.documents}, member.code


def test_every_candidate_position_is_dated(real: Dataset) -> None:
    assert [c.name for c in real.candidates if c.date is None] == []


def test_no_event_after_the_coverage_end(real: Dataset) -> None:
    assert real.meta.coverage_end is not None
    assert max(e.end_date or e.date for e in real.events) <= real.meta.coverage_end
