"""Numbered references, as an encyclopedia gives them: ``[1]`` beside a fact, the source below.

A view cites the sources of what it shows, in order of appearance, and ends with the list:
publisher, title, date, the citation key (``@id``, as pandoc cites an entry of ``--format
bibtex`` or ``csl-json``), and the full URL on a line of its own that is never folded (it may run
past the right edge), so that a terminal's copy and click see one string. With colour on, the
title and the URL are hyperlinks (OSC 8, which Rich writes for its ``link`` style).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from accords_cli import queries
from accords_cli.escapes import clean
from accords_cli.links import link
from accords_cli.models import CitedSource, Dataset, Source


class References:
    """The sources cited so far, each numbered once, in order of first citation."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self.sources: list[Mapping[str, Any]] = []

    def cite(self, sources: Iterable[Mapping[str, Any]]) -> str:
        """The marks for ``sources`` (their JSON form): ``[1] [4]``; new ones are numbered.

        A record's marks ascend (``[5] [6] [11]``, never ``[6] [11] [5]``): sources cited
        before keep their numbers and come first, new ones are numbered in the record's order,
        so the numbers follow the order in which a reader first meets each source.
        """
        numbers = set()
        for source in sources:
            number = self._numbers.get(source["id"])
            if number is None:
                self.sources.append(source)
                number = self._numbers[source["id"]] = len(self.sources)
            numbers.add(number)
        return " ".join(f"[{number}]" for number in sorted(numbers))

    def lines(self, console: Any, width: int, color: bool) -> list[Any]:
        """The reference list as lines of Rich ``Text``, under a "References" heading."""
        from rich.text import Text

        if not self.sources:
            return []
        out = [Text("References", style="bold")]
        indent = len(f"[{len(self.sources)}] ")
        for number, source in enumerate(self.sources, 1):
            url = clean(source["url"])
            style = link(source["url"]) if color else ""
            entry = Text(clean(source["publisher"]))
            if source.get("title"):
                entry.append(". ")
                entry.append(f"“{clean(source['title'])}”", style=style)
            entry.append(f". {source['published'] or 'Undated'}.")
            # The citation key of --format bibtex and csl-json, as pandoc cites it.
            entry.append(f" @{clean(source['id'])}", style="dim")
            wrapped = entry.wrap(console, max(width - indent, 20), overflow="fold")
            for depth, line in enumerate(wrapped):
                lead = f"[{number}]".ljust(indent) if depth == 0 else " " * indent
                out.append(Text(lead).append_text(line))
            out.append(Text(" " * indent).append(url, style=style))
        return out


def sources_of(records: Iterable[Any]) -> list[Source]:
    """The sources behind ``records`` (a member's milestones and documents included), each
    once, in order of first citation: what a bibliography of a listing holds."""
    found: dict[str, Source] = {}
    for record in records:
        nested = [*getattr(record, "documents", ()), *getattr(record, "milestones", ())]
        for cited in (record, *nested):
            for source in cited.sources:
                found.setdefault(source.id, source)
    return list(found.values())


def behind(data: Dataset, code: str) -> set[str]:
    """The ids of the sources behind one country's records: its own record (with milestones
    and documents), and the events, quotes and figures that concern it."""
    own: list[Any] = [*data.members, *data.candidates]
    records = [r for r in own if r.code == code]
    records += [m for r in records for m in getattr(r, "milestones", ())]
    records += [d for r in records for d in getattr(r, "documents", ())]
    records += [e for e in data.events if code in e.countries]
    records += [q for q in data.quotes if code in q.countries]
    records += [f for f in data.figures if code in f.countries]
    return {source.id for record in records for source in record.sources}


def cited_sources(data: Dataset, code: str | None = None) -> list[CitedSource]:
    """Every cited source (see ``queries.cited_sources``), or those behind one country's."""
    found = queries.cited_sources(data)
    if code is None:
        return found
    wanted = behind(data, code)
    return [cited for cited in found if cited.source.id in wanted]
