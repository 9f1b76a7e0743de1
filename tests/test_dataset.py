"""The loader: safe parsing, validation into records, and precise errors."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from accords_cli import dataset
from accords_cli.errors import DatasetError, ExitCode
from accords_cli.models import Member


def test_small_file_loads_into_typed_records(
    small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    data = dataset.load(str(write_data(small)))
    uae = data.members[0]
    assert isinstance(uae, Member)
    assert uae.signed == date(2020, 9, 15)
    assert uae.sources[0].url == "https://example.org/one"
    assert data.members[1].signed is None
    assert data.sources[1].published is None
    assert [q.date for q in data.quotes] == sorted(q.date for q in data.quotes)


def test_records_are_immutable(small: dict[str, Any], write_data: Callable[..., Path]) -> None:
    member = dataset.load(str(write_data(small))).members[0]
    with pytest.raises(AttributeError):
        member.name = "Changed"  # type: ignore[misc]


def test_unquoted_yaml_dates_are_read(write_data: Callable[..., Path]) -> None:
    path = write_data(
        """
meta: {title: T, version: 1, as_of: 2026-01-01}
sources: [{id: s, title: T, publisher: P, published: 2020-01-02, url: "https://example.org/u"}]
members: []
events: [{id: e, date: 2020-01-02, title: T, summary: S, countries: [], kind: summit, sources: [s]}]
quotes: []
"""
    )
    data = dataset.load(str(path))
    assert data.events[0].date == date(2020, 1, 2)
    assert data.meta.version == "1"


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node: Any = doc
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is _DELETE:
        del node[int(last) if last.isdigit() else last]
    else:
        node[int(last) if last.isdigit() else last] = value


_DELETE = object()

BAD_DATA = [
    ("members.0.signed", "2020-13-01", "members[0].signed: expected YYYY-MM-DD, got '2020-13-01'"),
    ("members.0.announced", "13 Aug 2020", "members[0].announced: expected YYYY-MM-DD"),
    ("members.0.signed", "2020-01-01", "members[0].signed: 2020-01-01 is before the announcement"),
    (
        "members.0.status",
        "joined",
        "members[0].status: expected one of in-force, signed, announced",
    ),
    ("members.0.code", "UAE", "members[0].code: expected a two-letter ISO 3166-1 code"),
    ("members.1.code", "AE", "members[1].code: duplicate country code 'AE'"),
    ("members.0.name", _DELETE, "members[0]: missing required key 'name'"),
    ("members.0.name", "", "members[0].name: expected a non-empty string"),
    ("members.0.name", 12, "members[0].name: expected a non-empty string, got int"),
    ("members.0.sources", [], "members[0].sources: every record needs at least one source"),
    ("members.0.sources", ["nope"], "members[0].sources[0]: unknown source id 'nope'"),
    ("members.0.signd", "2020-09-15", "members[0].signd: unknown key"),
    (
        "members.0.signatories.0.party",
        "XX",
        "members[0].signatories[0].party: unknown country code",
    ),
    ("members.0.aliases", "UAE", "members[0].aliases: expected a list, got a string"),
    ("members.0", "Emirates", "members[0]: expected a mapping, got a string"),
    ("sources.1.id", "src-one", "sources[1].id: duplicate source id 'src-one'"),
    ("sources.0.id", "Has Spaces", "sources[0].id: expected an id"),
    ("events.0.countries", ["ZZ"], "events[0].countries[0]: unknown country code 'ZZ'"),
    ("events.0.kind", "party", "events[0].kind: expected one of announcement"),
    ("events.0.end_date", "2020-08-01", "events[0].end_date: 2020-08-01 is before the start date"),
    ("events.1.id", "one", "events[1].id: duplicate id 'one'"),
    ("quotes.0.verbatim", "yes", "quotes[0].verbatim: expected true or false, got 'yes'"),
    ("quotes.0.text", "   ", "quotes[0].text: expected a non-empty string"),
    ("meta.as_of", None, "meta.as_of: expected YYYY-MM-DD, got None"),
    ("quotes", _DELETE, "top level: missing required key 'quotes'"),
    ("sources.0.url", "example.org/one", "sources[0].url: expected an http or https URL"),
    ("members.0.aliases", ["UAE", "UAE"], "members[0].aliases[1]: 'UAE' is listed twice"),
    ("events.0.countries", None, "events[0].countries: expected a list, got nothing"),
    ("meta.version", True, "meta.version: expected a string or a number, got true/false"),
]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    BAD_DATA,
    ids=[row[0] + "=" + repr(row[1])[:12] for row in BAD_DATA],
)
def test_invalid_data_names_file_and_record_path(
    small: dict[str, Any], write_data: Callable[..., Path], path: str, value: Any, message: str
) -> None:
    _set(small, path, value)
    file = write_data(small)
    with pytest.raises(DatasetError) as caught:
        dataset.load(str(file))
    assert str(caught.value).startswith(f"{file}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == ExitCode.DATA_INVALID == 65


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ("- a\n- b\n", "top level: expected a mapping, got a list"),
        ("meta: [unclosed\n", "invalid YAML: line 2, column 1"),
        ("a: 1\n  b: 2\n", "invalid YAML: line 2, column 4"),
    ],
)
def test_unparseable_files_report_where(
    write_data: Callable[..., Path], text: str, message: str
) -> None:
    file = write_data(text)
    with pytest.raises(DatasetError, match=message.replace("[", r"\[")):
        dataset.load(str(file))


def test_python_tags_are_refused_and_never_run(
    write_data: Callable[..., Path], tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    file = write_data(f"meta: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(DatasetError, match="invalid YAML"):
        dataset.load(str(file))
    assert not marker.exists()


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no such file") as absent:
        dataset.load(str(tmp_path / "absent.yaml"))
    with pytest.raises(DatasetError, match="is a directory") as directory:
        dataset.load(str(tmp_path))
    assert absent.value.exit_code == directory.value.exit_code == ExitCode.DATA_MISSING == 66


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    file = tmp_path / "latin1.yaml"
    file.write_bytes("meta: {title: caf\u00e9}\n".encode("latin-1"))
    with pytest.raises(DatasetError, match="not UTF-8"):
        dataset.load(str(file))


def test_environment_variable_chooses_the_file(
    small: dict[str, Any], write_data: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    small["meta"]["title"] = "From the environment"
    monkeypatch.setenv("ACCORDS_DATA", str(write_data(small)))
    assert dataset.load().meta.title == "From the environment"


def test_bundled_file_is_found_without_configuration() -> None:
    assert dataset.data_path().name == "accords.yaml"
    assert dataset.load().members


def test_loader_is_the_libyaml_one_when_available() -> None:
    import yaml

    loader = dataset.safe_loader()
    assert issubclass(loader, yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)
    assert issubclass(loader, yaml.constructor.SafeConstructor)
    assert not issubclass(loader, yaml.constructor.FullConstructor)


def test_any_other_unreadable_file_says_why(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)  # reading it fails with ELOOP: neither missing nor a directory
    with pytest.raises(DatasetError) as caught:
        dataset.load(str(loop))
    assert str(caught.value) == f"{loop}: cannot read: {os.strerror(errno.ELOOP)}"
    assert caught.value.exit_code == ExitCode.DATA_MISSING


def test_an_unknown_key_lists_the_allowed_ones(
    small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    small["members"][0]["signatories"][0]["title"] = "Sheikh"
    path = write_data(small)
    with pytest.raises(DatasetError) as caught:
        dataset.load(str(path))
    assert str(caught.value) == (
        f"{path}: members[0].signatories[0].title: unknown key (allowed: name, party, role)"
    )


def test_every_section_is_the_same_from_the_cache_as_from_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dataset.load()  # writes the cache
    warm = dataset.load()
    monkeypatch.setenv("ACCORDS_NO_CACHE", "1")
    cold = dataset.load()
    assert not isinstance(warm.quotes, tuple) and isinstance(cold.quotes, tuple)
    for section in cold._fields:
        if section in ("events", "quotes"):
            assert list(getattr(warm, section)) == list(getattr(cold, section)), section
        else:
            assert getattr(warm, section) == getattr(cold, section), section
