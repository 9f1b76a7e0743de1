"""Typed, immutable records of the dataset.

Each record owns its JSON shape (``to_dict``): keys in a stable order, dates as ISO 8601
strings, ``None`` (JSON ``null``) where a value is unknown. These shapes are a public contract:
keys may be added, never renamed or removed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

# The status of a member, from the furthest step it has reached.
MEMBER_STATUSES = {
    "in-force": "agreement signed and in effect: relations established and implemented",
    "signed": "agreement signed but never ratified or implemented",
    "announced": "accession announced, no agreement signed yet",
}

# What an event is about.
EVENT_KINDS = {
    "announcement": "a normalization or accession is announced",
    "signing": "an Accords document is signed",
    "ratification": "a government or parliament approves a signed agreement",
    "diplomatic": "an embassy, liaison office or ambassador",
    "agreement": "a bilateral treaty or deal between members",
    "summit": "a multilateral meeting",
    "visit": "an official visit",
    "statement": "a stated position or policy",
    "setback": "a suspension, conflict or reversal that strains the Accords",
    "flights": "direct flights opened, suspended or resumed",
    "policy": "a law, sanction or recognition decision tied to normalization",
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Record):
        return value.to_dict()
    return value


class Record:
    """A record whose JSON shape is its ``KEYS``, in that order."""

    __slots__ = ()
    KEYS: ClassVar[tuple[str, ...]]

    def to_dict(self) -> dict[str, Any]:
        return {key: _jsonable(getattr(self, key)) for key in self.KEYS}


@dataclass(frozen=True, slots=True)
class Source(Record):
    KEYS = ("id", "title", "publisher", "published", "url")

    id: str
    title: str | None  # None where the page showed no headline
    publisher: str
    published: dt.date | None
    url: str


@dataclass(frozen=True, slots=True)
class CitedSource(Record):
    """A source with the number of records (including milestones and documents) citing it."""

    KEYS = (*Source.KEYS, "cited_by")

    source: Source
    cited_by: int

    def to_dict(self) -> dict[str, Any]:
        return {**self.source.to_dict(), "cited_by": self.cited_by}


@dataclass(frozen=True, slots=True)
class Country(Record):
    """A state named by the data that is neither a member nor a candidate (Israel, the US...)."""

    KEYS = ("name", "code", "aliases")

    code: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Signatory(Record):
    KEYS = ("party", "name", "role")

    party: str
    name: str
    role: str | None


@dataclass(frozen=True, slots=True)
class Document(Record):
    KEYS = ("date", "title", "sources")

    date: dt.date
    title: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Milestone(Record):
    KEYS = ("date", "kind", "text", "sources")

    date: dt.date
    kind: str
    text: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Member(Record):
    KEYS = (
        "name", "code", "aliases", "status", "status_note", "announced", "signed", "signed_at",
        "agreement", "documents", "signatories", "milestones", "prior_relations", "note", "sources",
    )  # fmt: skip

    code: str
    name: str
    aliases: tuple[str, ...]
    status: str
    status_note: str
    announced: dt.date
    signed: dt.date | None
    signed_at: str | None
    agreement: str | None
    documents: tuple[Document, ...]
    signatories: tuple[Signatory, ...]
    milestones: tuple[Milestone, ...]
    prior_relations: str | None
    note: str | None
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Candidate(Record):
    KEYS = ("name", "code", "aliases", "position", "date", "note", "sources")

    code: str | None  # None for a state without an ISO 3166-1 code (Somaliland)
    name: str
    aliases: tuple[str, ...]
    position: str
    date: dt.date | None  # when the position was stated; None when no statement was found
    note: str | None
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Event(Record):
    KEYS = ("id", "date", "end_date", "title", "summary", "countries", "kind", "sources")

    id: str
    date: dt.date
    end_date: dt.date | None
    title: str
    summary: str
    countries: tuple[str, ...]
    kind: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Quote(Record):
    KEYS = (
        "id", "speaker", "role", "date", "text", "context", "countries", "verbatim", "note",
        "sources",
    )  # fmt: skip

    id: str
    speaker: str
    role: str
    date: dt.date
    text: str
    context: str
    countries: tuple[str, ...]
    verbatim: bool
    note: str | None
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Revision(Record):
    KEYS = ("version", "date", "changes")

    version: str
    date: dt.date
    changes: str


@dataclass(frozen=True, slots=True)
class Meta:
    title: str
    version: str
    as_of: dt.date  # the date the content was last verified
    license: str | None
    changelog: tuple[Revision, ...] = ()


@dataclass(frozen=True, slots=True)
class Dataset:
    path: str
    meta: Meta
    sources: tuple[Source, ...]
    countries: tuple[Country, ...]
    members: tuple[Member, ...]
    candidates: tuple[Candidate, ...]
    events: tuple[Event, ...]
    quotes: tuple[Quote, ...]
