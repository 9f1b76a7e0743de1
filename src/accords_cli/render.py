"""Turn records (their ``to_dict`` form) into table, plain, json, jsonl, csv, markdown or yaml.

The only module that builds Rich objects; Rich and YAML are imported only by the formats that
need them, so a ``--json`` call never pays for them. JSON is written straight to stdout, never
through Rich, which would wrap long lines.
"""

import json
import sys
from collections.abc import Sequence
from typing import Any, NamedTuple

FORMATS = ("table", "plain", "json", "jsonl", "csv", "markdown", "yaml")

Row = dict[str, Any]

# Column headings where the field name alone would read badly in a table.
_HEADINGS = {"name": "Country", "title": "Event", "text": "Quote"}
# Fields that must never be cut or wrapped: dates, codes and short vocabularies.
_NO_WRAP = {"date", "end_date", "announced", "signed", "published", "code", "status", "kind"}
# Long prose gets a floor, so names and roles wrap before a sentence becomes a column of words.
_PROSE = {"agreement", "title", "text", "position", "summary", "status_note", "context"}
# The narrowest a prose column may get before a table gives way to one block per record.
_MIN_PROSE = 24
_COLUMN_STYLES = {
    "date": "cyan",
    "announced": "cyan",
    "signed": "cyan",
    "code": "bold",
    "speaker": "bold",
}


class View(NamedTuple):
    """How one kind of record is shown: a title and the default columns of table-like output."""

    title: str
    noun: str  # what one record is called: "member", "event"...
    columns: tuple[str, ...]  # shown by default in table-like formats
    keys: tuple[str, ...]  # every field a record has, for --fields


class Style(NamedTuple):
    """Terminal settings chosen by the CLI from the options and the environment."""

    color: bool


def render(
    rows: Sequence[Row],
    view: View,
    fmt: str,
    fields: Sequence[str] | None,
    style: Style,
    caption: str | None = None,
) -> None:
    """Write ``rows`` to stdout in ``fmt``; ``fields`` (already validated) picks the keys.

    ``caption`` is shown under a table only: other formats carry data and nothing else.
    """
    if fields:
        rows = [{key: row[key] for key in fields} for row in rows]
        columns: Sequence[str] = fields
    else:
        columns = view.columns
    if fmt in ("json", "yaml"):
        write_document(list(rows), fmt)
    elif fmt == "jsonl":
        write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    elif fmt == "csv":
        write(_csv(rows, columns))
    elif fmt == "markdown":
        write(_markdown(rows, columns))
    elif fmt == "plain":
        write("".join("\t".join(_plain(row[c]) for c in columns) + "\n" for row in rows))
    else:
        _table(rows, view.title, columns, style, caption)


def write(text: str) -> None:
    from accords_cli import pager

    if pager.page(text):
        return
    sys.stdout.write(text)
    sys.stdout.flush()


def cell(value: Any, joiner: str = ", ") -> str:
    """One value as text: lists joined, nested records reduced to what identifies them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return joiner.join(cell(item, joiner) for item in value)
    if isinstance(value, dict):
        return _identify(value)
    return str(value)


def _identify(record: Row) -> str:
    if "url" in record:  # a source
        return str(record["url"])
    if "party" in record:  # a signatory
        role = f", {record['role']}" if record.get("role") else ""
        return f"{record['name']} ({record['party']}{role})"
    label = record.get("title") or record.get("text") or record.get("name") or ""
    return f"{record['date']} {label}" if record.get("date") else str(label)


def _plain(value: Any) -> str:
    # One record per line: tabs and newlines inside a value would break the columns.
    return " ".join(cell(value).split())


def heading(field: str) -> str:
    return _HEADINGS.get(field, field.replace("_", " ").capitalize())


def _csv(rows: Sequence[Row], columns: Sequence[str]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([cell(row[c], "; ") for c in columns] for row in rows)
    return buffer.getvalue()


def _markdown(rows: Sequence[Row], columns: Sequence[str]) -> str:
    def escape(value: Any) -> str:
        return _plain(value).replace("|", "\\|")

    lines = [
        "| " + " | ".join(heading(c) for c in columns) + " |",
        "|" + "|".join(" --- " for _ in columns) + "|",
    ]
    lines += ["| " + " | ".join(escape(row[c]) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_document(document: Any, fmt: str) -> None:
    """One JSON or YAML document, UTF-8 text as is, straight to stdout."""
    if fmt == "json":
        # Indented for people; compact when piped, where the C encoder is several times faster.
        indent = 2 if sys.stdout.isatty() else None
        write(json.dumps(document, ensure_ascii=False, indent=indent) + "\n")
    else:
        import yaml

        write(yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100))


def console(style: Style) -> Any:
    """A Rich console whose colour and width come from our options, not Rich's own guesses."""
    from rich.console import Console

    return Console(
        file=sys.stdout,
        force_terminal=style.color,
        no_color=not style.color,
        color_system="auto" if style.color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )


def _table(
    rows: Sequence[Row], title: str, columns: Sequence[str], style: Style, caption: str | None
) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out = console(style)
    cells = [[cell(row[c], "\n" if c == "sources" else ", ") for c in columns] for row in rows]
    caps = _caps(columns, cells, out.width)
    if caps is None:  # too narrow for columns: one block per record instead
        show(_stacked(cells, title, columns, caption), style)
        return
    table = Table(
        title=title,
        caption=caption,
        box=box.SIMPLE_HEAD,
        header_style="bold",
        title_style="bold",
        caption_style="dim",
        pad_edge=False,
    )
    for column in columns:
        table.add_column(
            heading(column),
            no_wrap=column in _NO_WRAP,
            min_width=len(heading(column)),
            max_width=caps.get(column),
            overflow="fold",
            style=_COLUMN_STYLES.get(column, ""),
        )
    for values in cells:
        table.add_row(*(Text(value) if value else Text("—", "dim") for value in values))
    show(table, style)


def _stacked(
    cells: list[list[str]], title: str, columns: Sequence[str], caption: str | None
) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = [Text(title, style="bold"), Text("")]
    for values in cells:
        parts.append(Text(values[0] or "—", style="bold"))
        grid = Table.grid(padding=(0, 2), pad_edge=True)
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        for column, value in zip(columns[1:], values[1:], strict=True):
            grid.add_row(heading(column), Text(value or "—", style=_COLUMN_STYLES.get(column, "")))
        parts += [grid, Text("")]
    if caption:
        parts.append(Text(caption, style="dim"))
    return Group(*parts)


def show(renderable: Any, style: Style) -> None:
    """Draw a Rich renderable to stdout.

    Captured, then written like every other format, so one place meets a closed pipe; trailing
    padding is trimmed so that copied lines carry no blanks.
    """
    out = console(style)
    with out.capture() as captured:
        out.print(renderable)
    write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def _caps(columns: Sequence[str], cells: list[list[str]], width: int) -> dict[str, int] | None:
    """Column width caps that let the table fit ``width``, or None when no table can.

    Short-text columns (names, roles) are narrowed first, never below their longest word, so
    that each prose column keeps a readable width of at least ``_MIN_PROSE``.
    """
    gaps = 2 * (len(columns) - 1)
    natural = [
        max([len(heading(c)), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)
    ]
    if sum(natural) + gaps <= width:
        return {}
    caps: dict[str, int] = {}
    used = gaps
    for i, column in enumerate(columns):
        if column in _PROSE:
            continue
        if column not in _NO_WRAP:
            words = [len(word) for row in cells for word in row[i].split()]
            caps[column] = min(natural[i], max([len(heading(column)), *words, 12]))
        used += caps.get(column, natural[i])
    prose = [c for c in columns if c in _PROSE]
    room = width - used
    if room < (_MIN_PROSE * len(prose) if prose else 0):
        return None
    return caps
