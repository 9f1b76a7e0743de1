"""Pure functions over the dataset: listings, filters and forgiving name matching. No I/O."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from accords_cli.errors import NotFoundError
from accords_cli.models import Candidate, Dataset, Event, Member, Quote

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u02bb`\u00b4]")
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """A matching key: no accents, no apostrophes, any case, words split on punctuation.

    ``fold("Gideon Sa'ar") == "gideon saar"``; ``fold("Émirats") == "emirats"``.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = _APOSTROPHES.sub("", bare.casefold())
    return _NOT_WORD.sub(" ", bare).strip()


def suggest(term: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` names close to ``term``, comparing whole names and each of their words."""
    key = fold(term)
    scored: dict[str, float] = {}
    for name in names:
        folded = fold(name)
        parts = [folded, *folded.split()]
        score = max(difflib.SequenceMatcher(None, key, part).ratio() for part in parts)
        if score >= 0.6:
            scored[name] = max(score, scored.get(name, 0.0))
    return sorted(scored, key=lambda name: -scored[name])[:limit]


def did_you_mean(names: list[str]) -> str:
    if not names:
        return ""
    quoted = [f"'{name}'" for name in names]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {listed}?"


def members(data: Dataset) -> list[Member]:
    """Every member, in the order of the dataset (by announcement)."""
    return sorted(data.members, key=lambda m: m.announced)


def candidates(data: Dataset) -> list[Candidate]:
    """Every prospective member, most recent stated position first, undated ones last."""
    return sorted(data.candidates, key=lambda c: c.date or date.min, reverse=True)


def timeline(data: Dataset) -> list[Event]:
    """Every event, oldest first."""
    return list(data.events)


def speakers(data: Dataset) -> list[str]:
    """Every speaker's name, once each, in order of first quote."""
    return list(dict.fromkeys(quote.speaker for quote in data.quotes))


def quotes(data: Dataset, speaker: str | None = None) -> list[Quote]:
    """All quotes, or those whose speaker's name contains ``speaker`` (forgiving match).

    Raises NotFoundError naming up to three close speakers when nothing matches.
    """
    if speaker is None:
        return list(data.quotes)
    key = fold(speaker)
    found = [q for q in data.quotes if key and _contains_words(fold(q.speaker), key)]
    if not found:
        hint = did_you_mean(suggest(speaker, speakers(data)))
        raise NotFoundError(f"no quotes by a speaker matching '{speaker}'{hint}")
    return found


def _contains_words(folded_name: str, key: str) -> bool:
    """True when ``key`` occurs in the name starting at a word boundary ('rub' yes, 'ubio' no)."""
    return f" {folded_name}".find(f" {key}") >= 0
