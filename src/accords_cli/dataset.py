"""Find, read and parse the data file, through the cache, and have it validated.

This is the only module that imports ``yaml``, and only when a file must be parsed. Parsing is
safe: the loader builds nothing but strings, numbers, booleans, lists and mappings, so a data
file can never run code. ``validate`` turns the result into records; every error names the file
and the record path (``members[2].signed: expected YYYY-MM-DD, got '2020-13-01'``).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from accords_cli.errors import DataFileMissingError, DatasetError
from accords_cli.models import Dataset, Event, Quote
from accords_cli.validate import OPTIONAL_SECTIONS, SECTIONS, Invalid, build

DATA_ENV = "ACCORDS_DATA"
_PACKAGE_DIR = Path(__file__).resolve().parent
# Inside an installed wheel the file sits in the package; in a source checkout (editable
# install, tests) it is the top-level data/accords.yaml.
_BUNDLED = (
    _PACKAGE_DIR / "data" / "accords.yaml",
    _PACKAGE_DIR.parents[1] / "data" / "accords.yaml",
)


def data_path(explicit: str | None = None) -> Path:
    """The data file to use: an explicit path, else $ACCORDS_DATA, else the bundled file."""
    chosen = explicit or os.environ.get(DATA_ENV)
    if chosen:
        return Path(chosen)
    for candidate in _BUNDLED:
        if candidate.is_file():
            return candidate
    raise DataFileMissingError("the bundled data file is missing; reinstall accords")


def schema_path() -> Path | None:
    """The bundled JSON Schema, beside the bundled data file whose first line names it."""
    for candidate in _BUNDLED:
        schema = candidate.with_name("accords.schema.json")
        if schema.is_file():
            return schema
    return None


# A data file larger than this is refused before parsing: YAML needs many times the file's size
# in memory, and the bundled file is well under a megabyte.
MAX_BYTES = 20 * 1024 * 1024


def load(path: str | None = None, without: Collection[str] = ()) -> Dataset:
    """Read and validate the dataset; raise DatasetError naming the file on any problem.

    ``without`` names sections of OPTIONAL_SECTIONS the caller will not use. A file read for
    the first time is validated whole whatever it names, and then cached; later calls build
    only what they use from the cache, and events and quotes only as far as they are read
    (see lazy.py).
    """
    from accords_cli import cache

    file = data_path(path)
    stat = _stat(file)  # before reading: a change after it cannot be stamped as unchanged
    content = None
    entry = cache.recall(file, stat)  # an unchanged file is not even read
    if entry is None:
        content = _read(file)
        entry = cache.open_entry(content)
        if entry is not None:
            cache.remember(file, stat, content)
    if entry is not None:
        try:
            return _from_cache(entry, file, frozenset(without))
        except (cache.Damaged, Invalid):
            pass  # a damaged cache entry; the file itself decides below
    if content is None:
        content = _read(file)
    return _from_file(file, content, stat)


def _from_cache(entry: Any, file: Path, without: frozenset[str]) -> Dataset:
    from accords_cli import cache
    from accords_cli.lazy import Section

    small = [s for s in SECTIONS if s not in cache.LARGE]
    # Sources stay: the records built cite them (they are then built one by one).
    skip = OPTIONAL_SECTIONS & without
    raw = {s: entry.json(f"{s}.json") for s in small if s == "sources" or s not in skip}
    raw = {**{section: [] for section in (*cache.LARGE, *skip)}, **raw}
    dataset = build(raw, str(file), skip | set(cache.LARGE))
    full: list[Dataset] = []

    def fallback() -> Dataset:
        if not full:
            full.append(_from_file(file, _read(file)))
        return full[0]

    events: Sequence[Event] = () if "events" in without else Section(entry, "events", raw, fallback)
    quotes: Sequence[Quote] = () if "quotes" in without else Section(entry, "quotes", raw, fallback)
    return dataset._replace(events=events, quotes=quotes)


def _from_file(file: Path, content: bytes, stat: os.stat_result | None = None) -> Dataset:
    """Parse and validate the whole file, and cache it."""
    from accords_cli import cache

    parsed = _parse(content, file)
    try:
        dataset = build(parsed, str(file))  # a file seen for the first time is validated whole
    except Invalid as error:
        raise DatasetError(f"{file}: {error}") from None
    cache.put(content, {section: parsed.get(section) for section in SECTIONS})
    if stat is not None:
        cache.remember(file, stat, content)
    return dataset


def read_raw(path: str | None = None) -> Any:
    """The file parsed but not validated, as written (for ``accords check``, which needs its
    order); call ``load`` first to validate it."""
    file = data_path(path)
    return _parse(_read(file), file)


def _stat(file: Path) -> os.stat_result:
    try:
        stat = file.stat()
    except OSError as error:
        raise _unreadable(file, error) from None
    if stat.st_size > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise DatasetError(
            f"{file}: {stat.st_size / 1024 / 1024:.0f} MB is over the {limit} MB limit"
        )
    return stat


def _read(file: Path) -> bytes:
    _stat(file)
    try:
        return file.read_bytes()
    except OSError as error:
        raise _unreadable(file, error) from None


def _unreadable(file: Path, error: OSError) -> DatasetError:
    if isinstance(error, FileNotFoundError):
        return DataFileMissingError(f"{file}: no such file")
    if isinstance(error, IsADirectoryError):
        return DataFileMissingError(f"{file}: is a directory, expected a YAML file")
    if isinstance(error, PermissionError):
        return DataFileMissingError(f"{file}: permission denied")
    return DataFileMissingError(f"{file}: cannot read: {error.strerror or error}")


def _parse(content: bytes, file: Path) -> Any:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DatasetError(f"{file}: not UTF-8 text (byte {error.start})") from None

    del text  # only its validity mattered: libyaml reads the bytes

    import yaml

    try:
        try:
            parsed = _stream(content)
        except _Unusual:  # anchors, tags, several documents...: the general path
            parsed = yaml.load(content, Loader=safe_loader())  # a SafeLoader subclass: safe
            _refuse_shared_containers(parsed, file)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise DatasetError(f"{file}: invalid YAML: {where}{error.problem}") from None
    except yaml.YAMLError as error:
        raise DatasetError(f"{file}: invalid YAML: {error}") from None
    except RecursionError:
        raise DatasetError(f"{file}: invalid YAML: nested too deeply") from None
    if parsed is None:
        raise DatasetError(f"{file}: the file is empty")
    return parsed


# Newer libyaml releases refuse nesting deeper than this; older ones recurse until they fail.
MAX_DEPTH = 1000


class _Unusual(Exception):
    """The file uses YAML that ``_stream`` leaves to the general loader."""


def _stream(content: bytes) -> Any:
    """Parse plain YAML from libyaml's events, without building the document's node graph.

    ``yaml.load`` first builds a node for every value, then the Python objects: for a large
    file the nodes take several times the memory of the result, and as long to make. Built
    from events, the result is the same (plain scalars resolved as the safe loader resolves
    them), in a third of the memory and half the time. Anything beyond plain mappings, lists
    and scalars (anchors, aliases, explicit tags, merge keys, complex keys, several
    documents) raises _Unusual, for the general loader to handle exactly as it always has.
    """
    from yaml import MarkedYAMLError, ScalarNode
    from yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )

    loader_class = safe_loader()
    loader = loader_class(content)
    try:
        resolve, next_event = loader.resolve, loader.get_event
        special = {first for first in loader_class.yaml_implicit_resolvers if first}
        constructors = loader_class.yaml_constructors
        text_tag = "tag:yaml.org,2002:str"
        no_key = object()
        stack: list[tuple[Any, Any, bool]] = []
        current: Any = None
        key: Any = no_key
        in_mapping = False
        root: Any = None
        documents = 0
        while True:
            event = next_event()
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag not in (None, "!"):
                    raise _Unusual
                value: Any = event.value
                if event.implicit[0] and (not value or value[0] in special):
                    tag = resolve(ScalarNode, value, event.implicit)
                    if tag != text_tag:
                        construct = constructors.get(tag)
                        if construct is None or tag.endswith((":merge", ":value")):
                            raise _Unusual
                        value = construct(loader, ScalarNode(tag, value))
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or (
                    event.tag not in (None, "!") and not event.implicit
                ):
                    raise _Unusual
                stack.append((current, key, in_mapping))
                if len(stack) > MAX_DEPTH:  # the same limit whichever libyaml is installed
                    raise MarkedYAMLError(
                        problem=f"exceeded the maximum nesting depth of {MAX_DEPTH}",
                        problem_mark=event.start_mark,
                    )
                in_mapping = kind is MappingStartEvent
                current, key = ({} if in_mapping else []), no_key
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = current
                current, key, in_mapping = stack.pop()
            elif kind is AliasEvent:
                raise _Unusual
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Unusual
                continue
            elif kind is StreamEndEvent:
                return root
            else:
                continue
            if not stack:
                root = value
            elif not in_mapping:
                current.append(value)
            elif key is no_key:
                if isinstance(value, (dict, list)):
                    raise _Unusual
                key = value
            else:
                if key in current:
                    raise _Unusual  # the general loader decides what a repeated key means
                current[key] = value
                key = no_key
    finally:
        loader.dispose()


def _refuse_shared_containers(parsed: Any, file: Path) -> None:
    """Refuse YAML aliases to lists or mappings.

    An alias makes two places share one object, and nested aliases can stand for an
    exponentially large document ("billion laughs"). The data never needs them, so the rule is
    simple: no list or mapping may appear twice. Aliases to plain values are harmless.
    """
    seen: set[int] = set()
    pending = [parsed]
    while pending:
        node = pending.pop()
        if not isinstance(node, (list, dict)):
            continue
        if id(node) in seen:
            raise DatasetError(
                f"{file}: YAML aliases to lists or mappings (*name) are not allowed; "
                "write the values out"
            )
        seen.add(id(node))
        pending.extend(node.values() if isinstance(node, dict) else node)


def safe_loader() -> Any:
    """libyaml's safe loader when available, else the pure one; dates are left as strings.

    Leaving dates as strings lets validation report a bad date with its record path, and makes
    the parsed data look as it does to editors and the JSON Schema.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    timestamp = "tag:yaml.org,2002:timestamp"
    resolvers = {
        first: [(tag, regex) for tag, regex in entries if tag != timestamp]
        for first, entries in base.yaml_implicit_resolvers.items()
    }
    return type("AccordsLoader", (base,), {"yaml_implicit_resolvers": resolvers})
