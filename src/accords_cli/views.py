"""Composed views that are not one list of records: a country profile, search results, info.

Each view has a terminal form (Rich), a plain form (tab-separated lines for grep and cut), and
a document form (JSON or YAML). Rich is imported only for the terminal form.
"""

from __future__ import annotations

from typing import Any

from accords_cli import __version__, queries
from accords_cli.models import Dataset, Member, Source
from accords_cli.render import Style, cell, heading, show, write, write_document

# Profile ------------------------------------------------------------------------------------

# The facts shown for each role, in order; the JSON carries every field.
_FACTS = {
    "member": (
        "status", "status_note", "announced", "signed", "signed_at", "agreement", "aliases",
        "prior_relations", "note",
    ),
    "candidate": ("position", "date", "aliases", "note"),
    "country": ("aliases",),
}  # fmt: skip
_LABELS = {"status_note": "Where it stands", "prior_relations": "Before the Accords"}


def profile(found: queries.Profile, fmt: str, style: Style) -> None:
    document = {
        **found.record.to_dict(),
        "role": found.state.role,
        "events": [event.to_dict() for event in found.events],
        "quotes": [quote.to_dict() for quote in found.quotes],
    }
    if fmt in ("json", "yaml"):
        write_document(document, fmt)
    elif fmt == "plain":
        write(
            "".join(
                "\t".join(_flat(part) for part in line) + "\n" for line in _plain_profile(document)
            )
        )
    else:
        _terminal_profile(found, document, style)


def _flat(value: Any) -> str:
    return " ".join(cell(value).split())


def _plain_profile(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    role = document["role"]
    lines: list[tuple[Any, ...]] = [
        ("name", document["name"]),
        ("code", document["code"]),
        ("role", role),
    ]
    lines += [(key, document[key]) for key in _FACTS[role] if document.get(key)]
    lines += [
        ("milestone", m["date"], m["kind"], m["text"]) for m in document.get("milestones", [])
    ]
    lines += [("event", e["date"], e["title"]) for e in document["events"]]
    lines += [("quote", q["date"], q["speaker"], q["text"]) for q in document["quotes"]]
    lines += [("source", s["publisher"], s["url"]) for s in document.get("sources", [])]
    return lines


def _terminal_profile(found: queries.Profile, document: dict[str, Any], style: Style) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    role = found.state.role
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    for key in _FACTS[role]:
        if document.get(key):
            facts.add_row(_LABELS.get(key, heading(key)), cell(document[key]))
    code = f" ({found.state.code})" if found.state.code else ""
    parts: list[Any] = [
        Panel(facts, title=f"[bold]{found.state.name}{code}[/] · {role}", title_align="left")
    ]
    record = found.record
    parts.append(Text(""))
    if isinstance(record, Member) and record.milestones:
        parts.append(
            _section("Milestones", [(m.date.isoformat(), m.text) for m in record.milestones])
        )
    if found.events:
        parts.append(_section("Events", [(e.date.isoformat(), e.title) for e in found.events]))
    if found.quotes:
        said = [(q.date.isoformat(), f"{q.speaker}: “{q.text}”") for q in found.quotes]
        parts.append(_section("Quotes", said))
    sources: tuple[Source, ...] = getattr(record, "sources", ())
    if sources:
        parts.append(_section("Sources", [(s.publisher, s.url) for s in sources]))
    parts.append(Text("Full records and every source: --json", style="dim"))
    show(Group(*parts), style)


def _section(title: str, rows: list[tuple[str, str]]) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="cyan")
    table.add_column(overflow="fold")
    for first, second in rows:
        table.add_row(first, second)
    return Group(Text(title, style="bold"), table, Text(""))


# Search -------------------------------------------------------------------------------------


def _label(hit: queries.Hit) -> str:
    record = hit.record
    if hit.kind in ("member", "candidate"):
        return f"{record.name}"  # type: ignore[union-attr]
    if hit.kind == "event":
        return f"{record.date} {record.title}"  # type: ignore[union-attr]
    return f"{record.date} {record.speaker}"  # type: ignore[union-attr]


def search(hits: list[queries.Hit], term: str, fmt: str, style: Style) -> None:
    if fmt in ("json", "yaml"):
        write_document(
            [
                {"kind": h.kind, "matched": list(h.fields), "record": h.record.to_dict()}
                for h in hits
            ],
            fmt,
        )
        return
    if fmt == "plain":
        lines = [
            "\t".join((hit.kind, _label(hit), field, _flat(getattr(hit.record, field))))
            for hit in hits
            for field in hit.fields
        ]
        write("\n".join(lines) + "\n")
        return
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    mark = "black on yellow" if style.color else "underline"
    parts: list[Any] = []
    for kind in queries.SEARCHED:
        group = [hit for hit in hits if hit.kind == kind]
        if not group:
            continue
        parts.append(Text(f"{kind.capitalize()}s ({len(group)})", style="bold underline"))
        for hit in group:
            parts.append(Padding(Text(_label(hit), style="bold"), (0, 0, 0, 2)))
            fields = Table.grid(padding=(0, 1))
            fields.add_column(style="dim", no_wrap=True)
            fields.add_column(overflow="fold")
            for field in hit.fields:
                body = Text(_flat(getattr(hit.record, field)))
                for start, end in queries.match_spans(body.plain, term):
                    body.stylize(mark, start, end)
                fields.add_row(f"{field}:", body)
            parts.append(Padding(fields, (0, 0, 0, 4)))
        parts.append(Text(""))
    parts.append(Text(f"{len(hits)} records mention '{term}'", style="dim"))
    show(Group(*parts), style)


# Info ---------------------------------------------------------------------------------------


def _schema_file() -> str | None:
    from accords_cli.dataset import schema_path

    found = schema_path()
    return str(found) if found else None


def info(data: Dataset, fmt: str, style: Style) -> None:
    document = {
        "title": data.meta.title,
        "version": data.meta.version,
        "as_of": data.meta.as_of.isoformat(),
        "program_version": __version__,
        "data_file": data.path,
        "schema_file": _schema_file(),
        "license": data.meta.license,
        "counts": {
            "members": len(data.members),
            "candidates": len(data.candidates),
            "events": len(data.events),
            "quotes": len(data.quotes),
            "sources": len(data.sources),
        },
        "changelog": [revision.to_dict() for revision in data.meta.changelog],
    }
    if fmt in ("json", "yaml"):
        write_document(document, fmt)
        return
    labels = {"title": "Title"}  # render calls a title "Event"
    rows = [
        (labels.get(k, heading(k)), cell(v))
        for k, v in document.items()
        if k not in ("counts", "changelog")
    ]
    rows += [(heading(k), str(v)) for k, v in document["counts"].items()]  # type: ignore[union-attr]
    if data.meta.changelog:
        latest = data.meta.changelog[-1]
        rows.append(("Latest change", f"{latest.version} ({latest.date}): {latest.changes}"))
    if fmt == "plain":
        write("".join(f"{key}\t{_flat(value)}\n" for key, value in rows))
        return
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in rows:
        grid.add_row(key, value)
    show(grid, style)
