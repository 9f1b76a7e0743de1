"""Pure query functions: ordering, forgiving speaker matching, suggestions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accords_cli import dataset, queries
from accords_cli.errors import NotFoundError
from accords_cli.models import Dataset


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Gideon Sa'ar", "gideon saar"),
        ("Gideon Sa\u2019ar", "gideon saar"),
        ("Mohammed bin Salman", "mohammed bin salman"),
        ("MARCO RUBIO", "marco rubio"),
        ("José Émile", "jose emile"),
        ("Al-Zayani", "al zayani"),
        ("  spaced   out ", "spaced out"),
    ],
)
def test_fold(text: str, key: str) -> None:
    assert queries.fold(text) == key


NAMES = st.text(alphabet=st.characters(codec="latin-1", categories=["Lu", "Ll", "Zs", "Pd", "Po"]))


@given(NAMES)
def test_fold_ignores_case(text: str) -> None:
    assert queries.fold(text.upper()) == queries.fold(text.lower()) == queries.fold(text).casefold()


@pytest.fixture
def data(small: dict[str, Any], write_data: Callable[..., Path]) -> Dataset:
    return dataset.load(str(write_data(small)))


@pytest.mark.parametrize("term", ["saar", "SAAR", "Sa'ar", "gideon", "gideon sa'ar", "SA\u2019AR"])
def test_speaker_matches_any_part_in_any_case(data: Dataset, term: str) -> None:
    assert [q.speaker for q in queries.quotes(data, term)] == ["Gideon Sa'ar"]


@pytest.mark.parametrize("term", ["jose", "JOSÉ", "emile", "Émile"])
def test_speaker_matches_with_or_without_accents(data: Dataset, term: str) -> None:
    assert [q.speaker for q in queries.quotes(data, term)] == ["José Émile"]


def test_speaker_match_starts_at_a_word(data: Dataset) -> None:
    with pytest.raises(NotFoundError):
        queries.quotes(data, "aar")


def test_no_match_suggests_close_speakers(data: Dataset) -> None:
    with pytest.raises(NotFoundError, match="did you mean 'Gideon Sa'ar'"):
        queries.quotes(data, "gidon")


def test_no_match_without_close_names_says_so_plainly(data: Dataset) -> None:
    with pytest.raises(NotFoundError) as caught:
        queries.quotes(data, "zzzz")
    assert "did you mean" not in str(caught.value)
    assert "'zzzz'" in str(caught.value)


def test_suggest_limits_to_three() -> None:
    names = ["Marco Rubio", "Marco Rubia", "Mario Rubio", "Marko Rubio", "Someone Else"]
    found = queries.suggest("rubio", names)
    assert len(found) == 3
    assert "Someone Else" not in found


def test_all_quotes_when_no_speaker(data: Dataset) -> None:
    assert queries.quotes(data) == list(data.quotes)


def test_members_in_order_of_announcement(real: Dataset) -> None:
    announced = [m.announced for m in queries.members(real)]
    assert announced == sorted(announced)
    assert len(announced) == len(real.members)


def test_timeline_is_every_event_oldest_first(real: Dataset) -> None:
    events = queries.timeline(real)
    assert len(events) == len(real.events)
    assert [e.date for e in events] == sorted(e.date for e in events)


@pytest.mark.parametrize("term", ["rubio", "RUBIO", "Rubio", "marco"])
def test_rubio_is_quoted_in_the_real_data(real: Dataset, term: str) -> None:
    found = queries.quotes(real, term)
    assert found
    assert all("Rubio" in q.speaker for q in found)


# Smaller promises of the lookups ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "said"),
    [
        ([], ""),
        (["Sudan"], "; did you mean 'Sudan'?"),
        (["Sudan", "Syria"], "; did you mean 'Sudan' or 'Syria'?"),
        (["A", "B", "C"], "; did you mean 'A', 'B' or 'C'?"),
    ],
)
def test_did_you_mean_lists_names_as_a_sentence(names: list[str], said: str) -> None:
    assert queries.did_you_mean(names) == said


def test_a_long_text_is_shown_cut_with_an_ellipsis() -> None:
    assert queries.shown("abcdefgh", limit=5) == "'abcde…'"
    assert queries.shown("abcde", limit=5) == "'abcde'"


def test_suggestions_stop_past_sixty_letters() -> None:
    assert queries.suggest("a" * 60, ["a" * 50]) == ["a" * 50]  # ten slips in sixty: close
    assert queries.suggest("a" * 61, ["a" * 61]) == []  # too long to be a slip of anything


def test_publishers_filtered_by_country_are_of_that_country(real: Dataset) -> None:
    found = queries.publishers(real, country="IL")
    assert found and {p.country for p in found} == {"IL"}


def test_an_ambiguous_state_names_each_candidate_with_its_code(real: Dataset) -> None:
    with pytest.raises(NotFoundError) as caught:
        queries.resolve_state(real, "republic")  # a word many official names share
    said = str(caught.value)
    assert "Sudan (SD)" in said and "Kazakhstan (KZ)" in said
    assert "Somaliland (no code)" in said  # a candidate without an ISO code says so


def test_a_member_is_shown_as_of_the_day_it_was_announced(real: Dataset) -> None:
    kazakhstan = next(m for m in real.members if m.code == "KZ")
    assert queries.member_as_of(kazakhstan, kazakhstan.announced) is not None


def test_only_an_agreement_in_force_has_a_date_in_force(real: Dataset) -> None:
    by_code = {m.code: m for m in real.members}
    assert queries.in_force_since(by_code["SD"]) is None  # signed, never ratified
    uae = by_code["AE"]
    ratified = [m.date for m in uae.milestones if m.kind == "ratification"]
    assert queries.in_force_since(uae) == max([uae.signed, *ratified])


def test_search_matches_across_runs_of_spaces() -> None:
    assert queries.match_spans("Sa'ar  met   him", "met him") != []
