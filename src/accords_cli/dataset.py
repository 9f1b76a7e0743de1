"""Find, read and parse the data file, through the cache, and have it validated.

This is the only module that imports ``yaml``, and only when a file must be parsed. Parsing is
safe: the loader builds nothing but strings, numbers, booleans, lists and mappings, so a data
file can never run code. ``validate`` turns the result into records; every error names the file
and the record path (``members[2].signed: expected YYYY-MM-DD, got '2020-13-01'``).
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path
from typing import Any

from accords_cli.errors import DataFileMissingError, DatasetError
from accords_cli.models import Dataset
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
    only what they use from the cache.
    """
    from accords_cli import cache

    file = data_path(path)
    content = _read(file)
    # Sources stay: the records built cite them (they are then built one by one).
    skip = OPTIONAL_SECTIONS & frozenset(without)
    cached = cache.get(content, [s for s in SECTIONS if s == "sources" or s not in skip])
    if cached is not None:
        try:
            return build({section: [] for section in skip} | cached, str(file), skip)
        except Invalid:
            pass  # a damaged cache entry; the file itself decides below
    parsed = _parse(content, file)
    try:
        dataset = build(parsed, str(file))  # a file seen for the first time is validated whole
    except Invalid as error:
        raise DatasetError(f"{file}: {error}") from None
    cache.put(content, {section: parsed.get(section) for section in SECTIONS})
    return dataset


def read_raw(path: str | None = None) -> Any:
    """The file parsed but not validated, as written (for ``accords check``, which needs its
    order); call ``load`` first to validate it."""
    file = data_path(path)
    return _parse(_read(file), file)


def _read(file: Path) -> bytes:
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            limit = MAX_BYTES // (1024 * 1024)
            raise DatasetError(f"{file}: {size / 1024 / 1024:.0f} MB is over the {limit} MB limit")
        return file.read_bytes()
    except FileNotFoundError:
        raise DataFileMissingError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise DataFileMissingError(f"{file}: is a directory, expected a YAML file") from None
    except PermissionError:
        raise DataFileMissingError(f"{file}: permission denied") from None
    except OSError as error:
        raise DataFileMissingError(f"{file}: cannot read: {error.strerror or error}") from None


def _parse(content: bytes, file: Path) -> Any:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DatasetError(f"{file}: not UTF-8 text (byte {error.start})") from None

    import yaml

    try:
        parsed = yaml.load(text, Loader=safe_loader())  # a SafeLoader subclass: safe
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
    _refuse_shared_containers(parsed, file)
    return parsed


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
