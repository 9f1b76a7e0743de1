"""Citation files stay well-formed whatever the data's text holds, and read well in a paper.

BibTeX reads a value by counting braces, every one of them: a backslash does not escape a brace
from the count. So the test counts them the same way, then lets two parsers read the file: pybtex,
which follows BibTeX and here fails on any syntax error, and bibtexparser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from accords_cli import citations, cli
from accords_cli.models import Dataset

HOSTILE = [
    'x}}} @misc(evil, title = "INJECTED")',  # closes the value early and starts an entry
    "lone { brace",  # would swallow the rest of the entry
    "}{ crossed",  # as many of each, but in the wrong order
    "{balanced} pair and {nested {pair}}",
    "}",
    "{",
    "back\\slash before a brace: \\} and \\{",
    "@misc{evil2, title={INJECTED}} @comment{",
]
# One line of a field: `  name = {value},` (values never hold a newline).
_FIELD = re.compile(r"^  (\w+) = \{(.*)\},?$")


def _bibtex(runner: CliRunner, data: Path) -> str:
    result = runner.invoke(cli.app, ["sources", "--format", "bibtex", "--data", str(data)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _balanced(text: str) -> bool:
    """Whether ``text`` is brace-balanced as BibTeX counts: every brace, escaped or not."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _entries_at_top_level(text: str) -> int:
    """How many entries BibTeX sees: an ``@`` outside every brace starts one."""
    depth, entries = 0, 0
    for char in text:
        if char == "@" and depth == 0:
            entries += 1
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0, "a closing brace with nothing open"
    assert depth == 0
    return entries


@pytest.fixture
def hostile_bib(
    runner: CliRunner, small: dict[str, Any], write_data: Callable[..., Path]
) -> tuple[str, list[dict[str, Any]]]:
    """A BibTeX file of one source per hostile title, its publisher hostile too."""
    template = small["sources"][0]
    sources = [
        {**template, "id": f"src-{n}", "title": title, "publisher": title}
        for n, title in enumerate(HOSTILE)
    ]
    # Every source must be cited to be listed: the first member cites them all.
    small["sources"] = [*small["sources"], *sources]
    small["members"][0]["sources"] = ["src-one", *(s["id"] for s in sources)]
    return _bibtex(runner, write_data(small)), sources


def test_every_bibtex_value_is_brace_balanced(hostile_bib: tuple[str, list[Any]]) -> None:
    text, sources = hostile_bib
    values = [m.group(2) for line in text.splitlines() if (m := _FIELD.match(line))]
    assert len(values) > 2 * len(sources)  # the pattern does see the fields
    assert [v for v in values if not _balanced(v)] == []
    # Across the file: one entry per source, none started inside a value.
    assert _entries_at_top_level(text) == len(sources) + 2


def test_pybtex_reads_exactly_the_entries_written(hostile_bib: tuple[str, list[Any]]) -> None:
    from pybtex import errors
    from pybtex.database import parse_string

    text, sources = hostile_bib
    errors.set_strict_mode(True)  # any syntax error raises instead of a warning
    entries = parse_string(text, "bibtex").entries
    assert set(entries) == {"src-one", "src-two", *(s["id"] for s in sources)}
    attack = entries["src-0"].fields
    assert attack["title"] == (
        r'{x\textbraceright{}\textbraceright{}\textbraceright{} @misc(evil, title = "INJECTED")}'
    )


def test_bibtexparser_reads_exactly_the_entries_written(hostile_bib: tuple[str, list[Any]]) -> None:
    import bibtexparser

    text, sources = hostile_bib
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    keys = [entry.key for entry in library.entries]
    assert sorted(keys) == sorted(["src-one", "src-two", *(s["id"] for s in sources)])


def test_unmatched_braces_print_as_braces_and_pairs_stay() -> None:
    from accords_cli.citations import _latex

    assert _latex("{a} b}") == r"\{a\} b\textbraceright{}"
    assert _latex("}{") == r"\textbraceright{}\textbraceleft{}"
    assert _latex("{{x}") == r"\textbraceleft{}\{x\}"
    assert _latex(r"\{") == r"\textbackslash{}\textbraceleft{}"


@given(st.text(alphabet=st.sampled_from("{}\\@ab %"), max_size=40) | st.text(max_size=40))
def test_any_text_is_a_balanced_value(text: str) -> None:
    from accords_cli.citations import _latex

    assert _balanced(_latex(text))


# In a paper: pandoc --citeproc, as a student uses the exports ----------------------------------


def _pandoc(bibliography: Path, keys: list[str]) -> str:
    import pypandoc

    text = "Cited " + "; ".join(f"[@{key}]" for key in keys) + ".\n\n# References\n"
    return str(
        pypandoc.convert_text(
            text, "plain", format="markdown",
            extra_args=["--citeproc", f"--bibliography={bibliography}", "--columns=1000"],
        )
    )  # fmt: skip


@pytest.mark.parametrize(("fmt", "suffix"), [("bibtex", ".bib"), ("csl-json", ".json")])
def test_pandoc_names_the_outlet_and_the_full_date_in_every_reference(
    tmp_path: Path, fmt: str, suffix: str
) -> None:
    from accords_cli import citations, dataset
    from accords_cli.models import Source

    data = dataset.load(None)
    # One of each shape: a copy on another site, an original at home, untitled, undated.
    picks: list[Source] = [
        next(s for s in data.sources if s.via_id and s.title and s.published),
        next(s for s in data.sources if not s.via_id and s.title and s.published),
        next(s for s in data.sources if not s.title and s.published),
        next(s for s in data.sources if s.title and not s.published),
    ]
    file = tmp_path / f"refs{suffix}"
    if fmt == "bibtex":
        file.write_text(citations.bibtex(picks, data.meta.as_of), encoding="utf-8")
    else:
        file.write_text(json.dumps(citations.csl_json(picks, data.meta.as_of)), encoding="utf-8")
    out = _pandoc(file, [s.id for s in picks])
    cited, _, references = out.partition("References")
    entries = [line for line in references.splitlines() if line.strip()]
    assert len(entries) == len(picks)
    for source in picks:
        author, host = citations.outlet(source)
        year = str(source.published.year) if source.published else "n.d."
        # Author-date: the outlet, never a title or a bare year.
        assert f"{author} {year}" in cited or f"{author}, {year}" in cited, cited
        assert "(" not in author  # a name in brackets would double them: "(CNN (via …), n.d.)"
        entry = next(e for e in entries if e.startswith(f"{author}. {year}"))
        assert (host or author).casefold() in entry.casefold()  # the site it is read on
        if source.published:
            day = source.published
            assert f"{day:%B} {day.day}" in entry  # the full date, not only the year
    assert "((" not in out and "))" not in out  # no doubled brackets
    assert not re.search(r"\(\d{4}\)", cited)  # never a bare "(2025)"


def test_the_outlet_of_a_copy_names_who_wrote_it_and_where_it_was_read(real: Dataset) -> None:
    copy = next(s for s in real.sources if s.id == "afp-20180510-bahrain-backs-israel")
    assert citations.outlet(copy) == ("Agence France-Presse", "Ahram Online")
    original = next(s for s in real.sources if s.id == "reuters-20100118-landau-abu-dhabi")
    assert citations.outlet(original) == ("Reuters", None)
    # an older file without a registry wrote a copy's label this way
    legacy = copy._replace(publisher="Reuters (via Devdiscourse)", via_id=None)
    assert citations.outlet(legacy) == ("Reuters", "Devdiscourse")
