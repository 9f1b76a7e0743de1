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
