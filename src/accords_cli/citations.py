"""Sources as citations for reference managers: BibTeX and CSL-JSON.

One entry per source, keyed by the source's id: its title, its publisher (BibTeX
``howpublished``, CSL ``container-title``, the site it appeared on), its publication date, its
URL, and the date the data was last checked as the access date. A source without a title or a
date gets an entry without those fields. CSL-JSON is what Zotero, Mendeley and pandoc read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from accords_cli.models import Source

FORMATS = ("bibtex", "csl-json")

# Characters that mean something to LaTeX, and what stands for each in a BibTeX value.
# BibTeX finds the end of a value by counting braces, escaped ones too: ``\{`` and ``\}`` are
# safe only in pairs. A brace without its partner is written as the LaTeX command that prints
# it, which holds no brace BibTeX would count (see _latex).
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_UNPAIRED = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
# A URL goes into BibTeX as is (the url package reads it verbatim) but for braces, which
# would unbalance the value, and backslashes, which would escape them.
_URL_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C"}
_NOT_KEY = re.compile(r"[^A-Za-z0-9_:.\-]")


def write(sources: Sequence[Source], fmt: str, accessed: date) -> None:
    from accords_cli.render import write as out
    from accords_cli.render import write_document

    if fmt == "bibtex":
        out(bibtex(sources, accessed))
    else:
        write_document(csl_json(sources, accessed), "json")


def _printable(text: str) -> str:
    # Control and formatting characters (terminal escapes, bidi overrides) are written as
    # escapes: a .bib file is text that people open in editors and terminals.
    from accords_cli.render import clean

    return clean(" ".join(text.split()))


def _latex(text: str) -> str:
    """``text`` as a BibTeX value: LaTeX's special characters escaped, and brace-balanced as
    BibTeX counts, so no title can end its value early or run on into the next field."""
    text = _printable(text)
    unpaired = _unpaired_braces(text)
    return "".join(
        _UNPAIRED[char] if index in unpaired else _LATEX.get(char, char)
        for index, char in enumerate(text)
    )


def _unpaired_braces(text: str) -> set[int]:
    """The positions of the braces in ``text`` that close nothing or are never closed."""
    unpaired: set[int] = set()
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                unpaired.add(index)
    return unpaired | set(opened)


def _url(text: str) -> str:
    return "".join(_URL_UNSAFE.get(char, char) for char in _printable(text))


def bibtex(sources: Sequence[Source], accessed: date) -> str:
    """A BibTeX file: one ``@misc`` entry per source."""
    entries = []
    for source in sources:
        fields = []
        if source.title:
            fields.append(("title", "{" + _latex(source.title) + "}"))
        fields.append(("howpublished", _latex(source.publisher)))
        if source.published:
            day = source.published
            fields += [("year", str(day.year)), ("month", str(day.month))]
            fields.append(("date", day.isoformat()))
        fields += [("url", _url(source.url)), ("urldate", accessed.isoformat())]
        fields.append(("note", f"Accessed {accessed.isoformat()}"))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@misc{{{_NOT_KEY.sub('-', source.id)},\n{body}\n}}\n")
    return "\n".join(entries)


def _date(day: date) -> dict[str, Any]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_json(sources: Sequence[Source], accessed: date) -> list[dict[str, Any]]:
    """CSL-JSON items: one ``webpage`` per source."""
    items = []
    for source in sources:
        item: dict[str, Any] = {"id": source.id, "type": "webpage"}
        if source.title:
            item["title"] = source.title
        item["container-title"] = source.publisher
        if source.published:
            item["issued"] = _date(source.published)
        item["URL"] = source.url
        item["accessed"] = _date(accessed)
        items.append(item)
    return items
