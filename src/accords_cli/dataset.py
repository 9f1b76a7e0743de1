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
from stat import S_ISDIR, S_ISFIFO, S_ISREG
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
    entry = cache.recall(file, stat) if stat else None  # an unchanged file is not even read
    if entry is None:
        content = _read(file)
        entry = cache.open_entry(content)
        if entry is not None and stat:
            cache.remember(file, stat, content)
    if entry is not None:
        try:
            return _from_cache(entry, file, frozenset(without), content)
        except (cache.Damaged, Invalid):
            pass  # a damaged cache entry; the file itself decides below
    if content is None:
        content = _read(file)
    return _from_file(file, content, stat)


def _from_cache(
    entry: Any, file: Path, without: frozenset[str], content: bytes | None = None
) -> Dataset:
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
        if not full:  # from the bytes already read, if any: a pipe cannot be read twice
            full.append(_from_file(file, _read(file) if content is None else content))
        return full[0]

    events: Sequence[Event] = () if "events" in without else Section(entry, "events", raw, fallback)
    quotes: Sequence[Quote] = () if "quotes" in without else Section(entry, "quotes", raw, fallback)
    return dataset._replace(events=events, quotes=quotes)


def _from_file(
    file: Path, content: bytes, stat: os.stat_result | None = None, parsed: Any = None
) -> Dataset:
    """Parse (unless ``parsed`` is given) and validate the whole file, and cache it."""
    from accords_cli import cache

    if parsed is None:
        parsed = _parse(content, file)
    try:
        dataset = build(parsed, str(file))  # a file seen for the first time is validated whole
    except Invalid as error:
        raise DatasetError(f"{file}: {error}") from None
    cache.put(content, {section: parsed.get(section) for section in SECTIONS})
    if stat is not None:
        cache.remember(file, stat, content)
    return dataset


def load_with_raw(path: str | None = None) -> tuple[Dataset, Any]:
    """The dataset validated, and the file as parsed, in its own order (for ``accords
    check``), both from one reading: a pipe (``accords check <(cat FILE)``) can be read only
    once, and a file changed between two readings would be checked against another version."""
    file = data_path(path)
    stat = _stat(file)
    content = _read(file)
    parsed = _parse(content, file)
    return _from_file(file, content, stat, parsed), parsed


def _stat(file: Path) -> os.stat_result | None:
    """The file's status before it is read, if it is a regular file: only then do its size and
    times say whether it changed (see cache.recall). A file over the size limit is refused."""
    try:
        stat = file.stat()
    except OSError as error:
        raise _unreadable(file, error) from None
    if not S_ISREG(stat.st_mode):
        return None  # a pipe, a device...: _read decides
    if stat.st_size > MAX_BYTES:
        raise _too_large(file, stat.st_size)
    return stat


def _too_large(file: Path, size: int | None) -> DatasetError:
    limit = MAX_BYTES // (1024 * 1024)
    if size is None:  # a pipe: how much more it had is unknown
        return DatasetError(f"{file}: over the {limit} MB limit")
    return DatasetError(f"{file}: {size / 1024 / 1024:.0f} MB is over the {limit} MB limit")


# Opened without blocking: opening a FIFO for reading otherwise waits for a writer, for ever if
# none comes (a shell completing ``--data FIFO`` would hang). No terminal may become ours.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX only, as FIFOs are
_OPEN_FLAGS = os.O_RDONLY | _NONBLOCK | getattr(os, "O_NOCTTY", 0)
_CHUNK = 1 << 16


def _read(file: Path) -> bytes:
    """The file's bytes, reading at most MAX_BYTES + 1 of them, whatever the file is.

    A regular file or a pipe is read; a pipe that nothing writes to is refused at once, and
    one with a writer is read to its end (``accords check <(cat FILE)``). A device, a socket
    or a directory is refused without reading: /dev/zero or a terminal may never end.
    """
    try:
        fd = os.open(file, _OPEN_FLAGS)
    except OSError as error:
        raise _unreadable(file, error) from None
    try:
        info = os.fstat(fd)
        pipe = S_ISFIFO(info.st_mode)
        if S_ISDIR(info.st_mode):
            raise DataFileMissingError(f"{file}: is a directory, expected a YAML file")
        if not pipe and not S_ISREG(info.st_mode):
            raise DataFileMissingError(f"{file}: not a regular file or a pipe")
        if info.st_size > MAX_BYTES:
            raise _too_large(file, info.st_size)
        chunks = [_first_from_pipe(file, fd)] if pipe else []
        size = sum(map(len, chunks))
        if _NONBLOCK:
            os.set_blocking(fd, True)  # from now on, wait for a writer that has the pipe open
        wanted = _CHUNK if pipe else info.st_size + 1  # a file in one read, unless it grows
        while size <= MAX_BYTES:
            chunk = os.read(fd, min(wanted, MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            wanted = _CHUNK
        if size > MAX_BYTES:
            raise _too_large(file, None if pipe else size)
    except OSError as error:
        raise _unreadable(file, error) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _first_from_pipe(file: Path, fd: int) -> bytes:
    """What a pipe holds already, b"" if a writer has it open and has not written yet; refused
    if no process has it open for writing (an empty read then means the end, not "wait")."""
    try:
        first = os.read(fd, _CHUNK)
    except BlockingIOError:
        return b""
    if not first:
        raise DataFileMissingError(f"{file}: an empty pipe, and nothing is writing to it")
    return first


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
        parsed = _stream(content)
    except _Refused as error:
        raise DatasetError(f"{file}: {_where(error.mark)}{error}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise DatasetError(f"{file}: invalid YAML: {_where(mark)}{error.problem}") from None
    except yaml.YAMLError as error:
        raise DatasetError(f"{file}: invalid YAML: {error}") from None
    if parsed is None:
        raise DatasetError(f"{file}: the file is empty")
    return parsed


def _where(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""


# What a data file may hold. Every limit is checked on libyaml's events, as they come, before
# anything larger is built, so that a hostile file is refused in bounded time and memory, and
# no file ever reaches libyaml's own composer (on PyYAML 6.0.1 it recurses without limit and
# crashes the interpreter on deep nesting).
#
# Newer libyaml releases refuse nesting deeper than this; older ones recurse until they fail.
# The data itself nests six deep.
MAX_DEPTH = 1000
# A section's list holds the records, as many as the size limit allows; any other list or
# mapping is one record or a field of one: the bundled file's longest holds 27 entries.
MAX_ENTRIES = 10_000
_RECORD_SECTIONS = frozenset(SECTIONS) - {"meta"}
# Values (scalars, lists and mappings) in the whole file. The bundled file holds one for every
# 25 bytes: at that density, a file at the size limit holds about 840,000. A file of tiny
# values ("[{},{},...]") would hold millions, and take gigabytes and minutes to build; this
# stops it at about 100 MB and a few seconds.
MAX_VALUES = 1_000_000

_ALIASES = "YAML aliases to lists or mappings (*name) are not allowed; write the values out"
_TOO_MANY_VALUES = f"more than {MAX_VALUES:,} values (lists, mappings and scalars) in one file"
_MERGES = "merge keys (<<) are not allowed; write the keys out"
# Tags a scalar may carry, and the words that name their values in a message.
_SCALAR_TAGS = {
    f"tag:yaml.org,2002:{name}": words
    for name, words in {
        "str": "text",
        "int": "integer",
        "float": "number",
        "bool": "true/false",
        "null": "null",
        "timestamp": "date",
    }.items()
}


class _Refused(Exception):
    """Valid YAML that a data file may not hold (aliases to lists, merge keys, too much)."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.mark = mark


def _stream(content: bytes) -> Any:
    """Build the data from libyaml's events, checking each event as it comes.

    ``yaml.load`` first builds a node for every value, then the Python objects: for a large
    file the nodes take several times the memory of the result, and as long to make, and the
    nodes of a hostile file are built before anything can be refused. Built from events, the
    result is the same for every file a data file can be (scalars resolved and constructed as
    the safe loader does), in a third of the memory and half the time, and a file is refused
    at the event that breaks a rule: nesting beyond MAX_DEPTH, too many values or entries,
    an alias to a list or mapping (the "billion laughs"), a merge key, a repeated key, a tag
    other than the plain types, a value its type cannot build (``!!int abc``), a complex key
    or a second document. Raises MarkedYAMLError or _Refused, with the event's position.
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

    def construct(tag: str, value: str, mark: Any) -> Any:
        """The value of a scalar whose tag is ``tag``, as the safe loader builds it."""
        if tag == "tag:yaml.org,2002:merge":
            raise _Refused(_MERGES, mark)
        if tag == "tag:yaml.org,2002:value":  # "=": the safe loader keeps it as text in keys
            return value
        if tag not in _SCALAR_TAGS:
            raise MarkedYAMLError(problem=f"the tag {_tag(tag)} is not allowed", problem_mark=mark)
        try:
            return loader_class.yaml_constructors[tag](loader, ScalarNode(tag, value, mark, mark))
        except (ValueError, LookupError, AttributeError, TypeError, OverflowError):
            # The constructors fail as Python does: int("abc"), a date with no 30 February,
            # Python's limit on the digits of an integer. Bad data, not a bug.
            problem = f"{_shown(value)} is not a valid {_SCALAR_TAGS[tag]}"
            if len(value) > 40:
                problem += f" ({len(value)} characters)"
            raise MarkedYAMLError(problem=problem, problem_mark=mark) from None

    try:
        resolve, next_event = loader.resolve, loader.get_event
        special = {first for first in loader_class.yaml_implicit_resolvers if first}
        text_tag = "tag:yaml.org,2002:str"
        shared = object()  # what an anchor on a list or mapping stands for
        absent = object()
        anchors: dict[str, Any] = {}
        no_key = object()
        # For each open list or mapping: its parent's state, and its own limit.
        stack: list[tuple[Any, Any, bool, dict[Any, int], int]] = []
        current: Any = None
        key: Any = no_key
        in_mapping = False
        lines: dict[Any, int] = {}  # the line of each key of the open mapping
        limit = MAX_ENTRIES
        root: Any = None
        documents = values = 0
        while True:
            event = next_event()
            kind = type(event)
            if kind is ScalarEvent:
                values += 1
                value: Any = event.value
                tag = event.tag
                if tag is None or tag == "!":  # plain, quoted, or "! text": not tagged
                    if event.implicit[0] and (not value or value[0] in special):
                        tag = resolve(ScalarNode, value, event.implicit)
                        if tag != text_tag:
                            value = construct(tag, value, event.start_mark)
                else:
                    value = construct(tag, value, event.start_mark)
                if event.anchor is not None:
                    _anchor(anchors, event)
                    anchors[event.anchor] = value
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                values += 1
                tag = event.tag
                mapping = kind is MappingStartEvent
                if (
                    tag not in (None, "!")
                    and not event.implicit
                    and tag != ("tag:yaml.org,2002:map" if mapping else "tag:yaml.org,2002:seq")
                ):
                    problem = f"the tag {_tag(tag)} is not allowed"
                    raise MarkedYAMLError(problem=problem, problem_mark=event.start_mark)
                if in_mapping and key is no_key:
                    problem = "a key must be a plain value, not a list or mapping"
                    raise MarkedYAMLError(problem=problem, problem_mark=event.start_mark)
                if event.anchor is not None:
                    _anchor(anchors, event)
                    anchors[event.anchor] = shared
                stack.append((current, key, in_mapping, lines, limit))
                if len(stack) > MAX_DEPTH:  # the same limit whichever libyaml is installed
                    raise MarkedYAMLError(
                        problem=f"exceeded the maximum nesting depth of {MAX_DEPTH}",
                        problem_mark=event.start_mark,
                    )
                if values > MAX_VALUES:
                    raise _Refused(_TOO_MANY_VALUES, event.start_mark)
                # Only a section's list of records holds many entries.
                long = not mapping and len(stack) == 2 and key in _RECORD_SECTIONS
                limit = MAX_VALUES if long else MAX_ENTRIES
                in_mapping = mapping
                current, key, lines = ({} if mapping else []), no_key, {}
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = current
                current, key, in_mapping, lines, limit = stack.pop()
            elif kind is AliasEvent:
                values += 1
                value = anchors.get(event.anchor, absent)
                if value is absent:
                    problem = f"found undefined alias {event.anchor!r}"
                    raise MarkedYAMLError(problem=problem, problem_mark=event.start_mark)
                if value is shared:
                    raise _Refused(_ALIASES, event.start_mark)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problem = "expected a single document in the stream, found another"
                    raise MarkedYAMLError(problem=problem, problem_mark=event.start_mark)
                continue
            elif kind is StreamEndEvent:
                return root
            else:
                continue
            if values > MAX_VALUES:
                raise _Refused(_TOO_MANY_VALUES, event.start_mark)
            if not stack:
                root = value
            elif not in_mapping:
                current.append(value)
                if len(current) > limit:
                    raise _Refused(_too_many(limit), event.start_mark)
            elif key is no_key:
                if value in lines:
                    first = lines[value] + 1
                    name = _shown(value if isinstance(value, str) else repr(value))
                    problem = f"key {name} repeated (first on line {first})"
                    raise MarkedYAMLError(problem=problem, problem_mark=event.start_mark)
                key = value
                lines[key] = event.start_mark.line
                if len(lines) > limit:
                    raise _Refused(_too_many(limit), event.start_mark)
            else:
                current[key] = value
                key = no_key
    finally:
        loader.dispose()


def _anchor(anchors: dict[str, Any], event: Any) -> None:
    """Refuse an anchor named twice, as libyaml's composer does."""
    from yaml import MarkedYAMLError

    if event.anchor in anchors:
        problem = f"found duplicate anchor {event.anchor!r}"
        raise MarkedYAMLError(problem=problem, problem_mark=event.start_mark)


def _too_many(limit: int) -> str:
    if limit == MAX_VALUES:
        return _TOO_MANY_VALUES
    return (
        f"more than {limit:,} entries in one list or mapping "
        "(only a section's list of records may be longer)"
    )


def _tag(tag: str) -> str:
    """A tag as it is written: ``!!int`` rather than ``tag:yaml.org,2002:int``."""
    short = tag.removeprefix("tag:yaml.org,2002:")
    return tag if short == tag else f"!!{short}"


def _shown(text: str) -> str:
    """``text`` quoted for a message, cut after 40 characters."""
    return repr(text if len(text) <= 40 else text[:40] + "…")


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
