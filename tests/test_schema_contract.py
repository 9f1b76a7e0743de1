"""One contract for data files: the JSON Schema and the loader accept and reject the same edits.

The loader also checks what a JSON Schema cannot state (references between records, unique ids,
the order of two dates, listed in the schema's description); it reports those as
``BeyondSchema``, and only those may reject a file that the schema accepts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accords_cli import dataset, validate

from .conftest import DATA_FILE

SCHEMA = json.loads(DATA_FILE.with_name("accords.schema.json").read_text(encoding="utf-8"))
FULL = yaml.load(DATA_FILE.read_text(encoding="utf-8"), Loader=dataset.safe_loader())


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    """``pattern`` as JSON Schema means it (ECMA-262): ``$`` is the end of the string, where
    Python's would also match before a final newline."""
    if not validator.is_type(instance, "string"):
        return
    python = pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern
    if not re.search(python, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, {"pattern": _ecma_pattern}
)
VALIDATOR = Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _verdicts(document: Any) -> tuple[bool, str]:
    """Whether the schema accepts ``document``, and the loader's word: ok, beyond or invalid."""
    accepted = VALIDATOR.is_valid(document)
    try:
        validate.build(document, "edited.yaml")
    except validate.BeyondSchema:
        return accepted, "beyond"
    except validate.Invalid:
        return accepted, "invalid"
    return accepted, "ok"


def _agree(document: Any) -> None:
    accepted, loader = _verdicts(document)
    if accepted:
        assert loader in ("ok", "beyond"), "the schema accepts what the loader rejects"
    else:
        assert loader != "ok", "the loader accepts what the schema rejects"


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*path, i))


def _kind(path: tuple[Any, ...]) -> str:
    """A path as a kind of field: ``members.*.aliases.*``."""
    return ".".join("*" if isinstance(p, int) else p for p in path)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict | list):
        for value in node.values() if isinstance(node, dict) else node:
            yield from _strings(value)


KEYS_OF = {
    "publishers": "id",
    "sources": "id",
    "countries": "code",
    "members": "code",
    "candidates": "code",
    "figures": "id",
    "events": "id",
    "quotes": "id",
    "people": "name",
}


def _sample(full: dict[str, Any]) -> dict[str, Any]:
    """A valid file much smaller than ``full`` with every kind of field it has: in each list,
    the first record and then records that bring a kind of field not yet kept; and every record
    the kept ones name (a source, a country, a person). Checking a document against the schema
    takes time in proportion to its size, and a few hundred documents are checked. (A person
    must be named by a quote, so a person is kept by keeping one of their quotes.)"""
    sample = {**full, **{section: _covering(full[section]) for section in KEYS_OF}}
    people = {person["name"] for person in sample.pop("people")}
    sample["people"] = []
    sample["quotes"] += [
        quote
        for name in sorted(people - {q["speaker"] for q in sample["quotes"]})
        for quote in [q for q in full["quotes"] if q["speaker"] == name][:1]
    ]
    while True:
        named = set(_strings([sample[section] for section in KEYS_OF]))
        grown = {
            section: [r for r in full[section] if r in sample[section] or r[key] in named]
            for section, key in KEYS_OF.items()
        }
        if all(len(grown[s]) == len(sample[s]) for s in KEYS_OF):
            return sample
        sample.update(grown)


def _covering(records: list[Any]) -> list[Any]:
    seen: set[str] = set()
    kept = []
    for index, record in enumerate(records):
        kinds = {_kind(path) for path in _paths(record)}
        if index == 0 or not kinds <= seen:
            kept.append(record)
            seen |= kinds
    return kept


BASE = _sample(FULL)
PATHS = list(_paths(BASE))[1:]
# Paths grouped by what they lead to ("members.*.aliases", "sources.*"...), so that a rare kind
# of field is edited as often as a common one.
BY_KIND: dict[str, list[tuple[Any, ...]]] = {}
for _path in PATHS:
    BY_KIND.setdefault(_kind(_path), []).append(_path)
KINDS = sorted(BY_KIND)
KEYS = sorted({str(p[-1]) for p in PATHS if isinstance(p[-1], str)} | {"extra", "Sources", "url "})
STRINGS = [
    "",
    " ",
    "\t\n",
    "\u00a0",
    "x",
    " x ",
    "abc\n",
    "\n",
    "[red]x[/]",
    "\x1b[31m",
    "\u202e",
    "2025-11-06",
    "2025-11-06\n",
    " 2025-11-06",
    "2020-02-30",
    "2020-13-01",
    "20251106",
    "2025-11-6",
    "\u0662\u0660\u0662\u0665-\u0661\u0661-\u0660\u0666",
    "KZ",
    "kz",
    "XX",
    "AE",
    "K",
    "KZA",
    "in-force",
    "joined",
    "statement",
    "Visit",
    "src",
    "news24-20200813-trump-announces",
    "BAD ID",
    "-id",
    "a--b",
    "https://example.org/x",
    "http://x",
    "ftp://example.org",
    "not a url",
    "https://",
    "https://a b",
    "https://x\n",
    "HTTPS://x",
    "//x",
    "1.0.0",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3000),
    st.floats(allow_nan=False),
    st.sampled_from(STRINGS),
    st.text(max_size=8),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)
    ),
    max_leaves=6,
)


def _copy_along(document: Any, path: tuple[Any, ...]) -> tuple[Any, Any]:
    """A copy of ``document`` sharing all but the containers on ``path``; and the parent of
    its last step, in the copy."""
    top = _shallow(document)
    node = top
    for step in path[:-1]:
        node[step] = _shallow(node[step])
        node = node[step]
    return top, node


def _shallow(node: Any) -> Any:
    return dict(node) if isinstance(node, dict) else list(node)


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, Any]:
    path = draw(st.sampled_from(BY_KIND[draw(st.sampled_from(KINDS))]))
    document, parent = _copy_along(BASE, path)
    step = path[-1]
    target = parent[step]
    choices = ["replace", "delete", "reuse"]
    if isinstance(target, dict):
        choices.append("add key")
    if isinstance(target, list) and target:
        choices.append("repeat item")
    action = draw(st.sampled_from(choices))
    if action == "replace":
        parent[step] = draw(VALUES)
    elif action == "reuse":  # a value from elsewhere in the file: the right type, maybe
        other = draw(st.sampled_from(PATHS))
        value = BASE
        for part in other:
            value = value[part]
        parent[step] = value
    elif action == "delete":
        del parent[step]
    elif action == "add key":
        parent[step] = {**target, draw(st.sampled_from(KEYS)): draw(VALUES)}
    else:
        parent[step] = [*target, draw(st.sampled_from(target))]
    return f"{action} at {'.'.join(map(str, path))}", document


def test_the_bundled_file_passes_both() -> None:
    assert _verdicts(FULL) == (True, "ok")


def test_the_sample_edited_passes_both_and_has_every_kind_of_field_of_the_bundled_file() -> None:
    assert _verdicts(BASE) == (True, "ok")
    assert set(BY_KIND) == {_kind(path) for path in list(_paths(FULL))[1:]}
    assert len(BASE["sources"]) < len(FULL["sources"]) / 2


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_schema_and_loader_agree_on_random_edits(edit: tuple[str, Any]) -> None:
    _, document = edit
    _agree(document)


# Edits where they once disagreed, each kept as an example.
KNOWN = [
    (("members", 0, "name"), "   ", False),
    (("sources", 0, "url"), "not a url", False),
    (("sources", 0, "url"), "ftp://example.org/file", False),
    (("sources", 0, "url"), "https://example.org/a b", False),
    (("members", 0, "aliases"), None, True),
    (("members", 0, "milestones"), None, True),
    (("meta", "changelog"), None, True),
    (("members", 0, "aliases"), ["UAE", "UAE"], False),
    (("members", 0, "status"), ["in-force"], False),
    (("events", 0, "kind"), {"a": 1}, False),
    (("meta", "version"), None, False),
    (("meta", "version"), True, False),
    (("meta", "version"), 2, True),
    (("events", 0, "countries"), None, False),
    (("quotes", 0, "countries"), None, True),
    (("events", 0, "id"), "abc\n", False),
    (("meta", "as_of"), "2026-11-28\n", False),
]


@pytest.mark.parametrize(("path", "value", "valid"), KNOWN, ids=[str(k[:2]) for k in KNOWN])
def test_known_edits(path: tuple[Any, ...], value: Any, valid: bool) -> None:
    document, parent = _copy_along(BASE, path)
    parent[path[-1]] = value
    assert _verdicts(document) == (valid, "ok" if valid else "invalid")


def test_references_between_records_are_the_loaders_alone() -> None:
    document, parent = _copy_along(BASE, ("events", 0, "sources"))
    parent["sources"] = ["no-such-source"]
    assert _verdicts(document) == (True, "beyond")
