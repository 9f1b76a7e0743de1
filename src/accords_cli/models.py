"""Typed, immutable records of the dataset.

Each record owns its JSON shape (``to_dict``): keys in a stable order, dates as ISO 8601
strings, ``None`` (JSON ``null``) where a value is unknown. These shapes are a public contract:
keys may be added, never renamed or removed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

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


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str | None  # None where the page showed no headline
    publisher: str
    published: dt.date | None
    url: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "published": iso(self.published),
            "url": self.url,
        }


def sources_dict(sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    return [source.to_dict() for source in sources]


@dataclass(frozen=True, slots=True)
class Country:
    """A state named by the data that is neither a member nor a candidate (Israel, the US...)."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Signatory:
    party: str
    name: str
    role: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"party": self.party, "name": self.name, "role": self.role}


@dataclass(frozen=True, slots=True)
class Document:
    date: dt.date
    title: str
    sources: tuple[Source, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": iso(self.date),
            "title": self.title,
            "sources": sources_dict(self.sources),
        }


@dataclass(frozen=True, slots=True)
class Milestone:
    date: dt.date
    kind: str
    text: str
    sources: tuple[Source, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": iso(self.date),
            "kind": self.kind,
            "text": self.text,
            "sources": sources_dict(self.sources),
        }


@dataclass(frozen=True, slots=True)
class Member:
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "code": self.code,
            "aliases": list(self.aliases),
            "status": self.status,
            "status_note": self.status_note,
            "announced": iso(self.announced),
            "signed": iso(self.signed),
            "signed_at": self.signed_at,
            "agreement": self.agreement,
            "documents": [d.to_dict() for d in self.documents],
            "signatories": [s.to_dict() for s in self.signatories],
            "milestones": [m.to_dict() for m in self.milestones],
            "prior_relations": self.prior_relations,
            "note": self.note,
            "sources": sources_dict(self.sources),
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    code: str | None  # None for a state without an ISO 3166-1 code (Somaliland)
    name: str
    aliases: tuple[str, ...]
    position: str
    date: dt.date | None  # when the position was stated; None when no statement was found
    note: str | None
    sources: tuple[Source, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "code": self.code,
            "aliases": list(self.aliases),
            "position": self.position,
            "date": iso(self.date),
            "note": self.note,
            "sources": sources_dict(self.sources),
        }


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    date: dt.date
    end_date: dt.date | None
    title: str
    summary: str
    countries: tuple[str, ...]
    kind: str
    sources: tuple[Source, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": iso(self.date),
            "end_date": iso(self.end_date),
            "title": self.title,
            "summary": self.summary,
            "countries": list(self.countries),
            "kind": self.kind,
            "sources": sources_dict(self.sources),
        }


@dataclass(frozen=True, slots=True)
class Quote:
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker,
            "role": self.role,
            "date": iso(self.date),
            "text": self.text,
            "context": self.context,
            "countries": list(self.countries),
            "verbatim": self.verbatim,
            "note": self.note,
            "sources": sources_dict(self.sources),
        }


@dataclass(frozen=True, slots=True)
class Revision:
    version: str
    date: dt.date
    changes: str

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "date": iso(self.date), "changes": self.changes}


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
