"""Lookups on a large file read what they return; the cache's indexes stay safe and exact.

No timing here (that is benchmarks/): these tests pin what a warm call reads and imports, that
every damaged or outdated cache file is noticed and rebuilt, and that answers from the cache
equal those of the plain loader on a file many times the bundled one.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from accords_cli import cache, cli, completion, dataset, lazy, queries, validate
from accords_cli.errors import DatasetError

from .conftest import DATA_FILE

ROOT = Path(__file__).resolve().parents[1]
# One worker runs this file (--dist loadgroup), so that the large file is written once.
pytestmark = pytest.mark.xdist_group("large-file")


def _enlarge(copies: int) -> dict[str, Any]:
    script = ROOT / "benchmarks" / "make_big_dataset.py"
    spec = importlib.util.spec_from_file_location("make_big_dataset", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.enlarge(DATA_FILE.read_text(encoding="utf-8"), copies)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled events and quotes repeated ten times (as the benchmark's 100x file)."""
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    text = yaml.safe_dump(_enlarge(10), allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    old = time.time() - 3600  # settled, so that it is stamped
    os.utime(path, (old, old))
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "accords"


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(cli.app, list(args))


def _folder(home: Path) -> Path:
    (folder,) = home.glob("data-*")
    return folder


class _Spy:
    """Records what the cache reads: whole files by name, and records by section."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.files: list[str] = []
        self.records: dict[str, int] = {}
        self.whole: list[str] = []
        read, records, section = cache.Entry.read, cache.Entry.records, cache.Entry.section

        def spy_read(entry: cache.Entry, name: str) -> bytes:
            self.files.append(name)
            return read(entry, name)

        def spy_records(entry: cache.Entry, name: str, refs: Any) -> list[Any]:
            found = records(entry, name, refs)
            self.records[name] = self.records.get(name, 0) + len(found)
            return found

        def spy_section(entry: cache.Entry, name: str) -> list[Any]:
            self.whole.append(name)
            return section(entry, name)

        monkeypatch.setattr(cache.Entry, "read", spy_read)
        monkeypatch.setattr(cache.Entry, "records", spy_records)
        monkeypatch.setattr(cache.Entry, "section", spy_section)


@pytest.fixture
def spy(home: Path, big_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[_Spy]:
    monkeypatch.setenv("ACCORDS_DATA", str(big_file))
    assert _invoke("info").exit_code == 0  # warm the cache
    yield _Spy(monkeypatch)


# What a warm lookup reads --------------------------------------------------------------------


def test_a_speaker_lookup_reads_only_that_speakers_quotes(spy: _Spy) -> None:
    result = _invoke("quote", "rubio", "--json")
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert {q["speaker"] for q in found} == {"Marco Rubio"}
    assert spy.whole == []  # neither quotes.json nor events.json decoded whole
    assert spy.records == {"quotes": len(found)}
    assert "quotes.json" not in spy.files and "events.json" not in spy.files
    assert len([name for name in spy.files if name.startswith("speakers-")]) == 1


def test_a_country_profile_reads_only_that_countrys_records(spy: _Spy, real: Any) -> None:
    result = _invoke("show", "KZ", "--json")
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert spy.whole == []
    assert spy.records == {"events": len(shown["events"]), "quotes": len(shown["quotes"])}
    assert [name for name in spy.files if name.startswith("country-")] == ["country-KZ.json"]
    assert shown["events"] and len(shown["events"]) == len(queries.profile(real, "KZ").events)


@pytest.mark.parametrize(
    ("args", "listed"),
    [
        (["members", "--json"], False),
        (["candidates", "--json"], False),
        (["timeline", "--json"], False),
        (["quote", "--json"], False),
        (["show", "KZ", "--json"], False),
        (["search", "rubio", "--json"], False),
        (["sources", "--json"], True),
        (["info", "--json"], True),
    ],
)
def test_only_sources_and_info_build_the_list_of_sources(
    spy: _Spy, monkeypatch: pytest.MonkeyPatch, args: list[str], listed: bool
) -> None:
    """The others build only the sources their records cite, one by one."""
    calls: list[bool] = []
    read_sources = validate._Builder.read_sources

    def spy_read_sources(builder: validate._Builder) -> Any:
        calls.append(True)
        return read_sources(builder)

    monkeypatch.setattr(validate._Builder, "read_sources", spy_read_sources)
    assert _invoke(*args).exit_code == 0
    assert bool(calls) is listed


@pytest.mark.parametrize("args", [["members", "--json"], ["candidates", "--json"]])
def test_listings_of_small_sections_read_no_event_or_quote(spy: _Spy, args: list[str]) -> None:
    assert _invoke(*args).exit_code == 0
    assert spy.whole == [] and spy.records == {}
    assert not [name for name in spy.files if name.startswith(("events", "quotes", "speak"))]


def test_completion_reads_the_speaker_names_only(spy: _Spy) -> None:
    assert "Mohammed bin Salman" in [value for value, _ in completion.speakers(None, "Mo")]
    assert spy.whole == [] and spy.records == {}
    assert [name for name in spy.files if name.startswith("speakers")] == ["speakers.json"]


def test_a_warm_call_does_not_read_an_unchanged_file(
    home: Path, big_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORDS_DATA", str(big_file))
    assert _invoke("members", "--json").exit_code == 0
    read: list[Path] = []
    original = dataset._read

    def spy(file: Path) -> bytes:
        read.append(file)
        return original(file)

    monkeypatch.setattr(dataset, "_read", spy)
    assert _invoke("quote", "rubio", "--json").exit_code == 0
    assert read == []


def test_a_changed_file_is_read_again_even_with_its_old_size_and_time(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(DATA_FILE.read_bytes())
    old = time.time() - 3600
    os.utime(copy, (old, old))
    monkeypatch.setenv("ACCORDS_DATA", str(copy))
    as_of = json.loads(_invoke("info", "--json").stdout)["as_of"]
    assert list((home / "stamps").iterdir())  # stamped
    other = (date.fromisoformat(as_of) + timedelta(days=1)).isoformat()
    edited = copy.read_bytes().replace(f"as_of: {as_of}".encode(), f"as_of: {other}".encode(), 1)
    assert len(edited) == copy.stat().st_size and edited != copy.read_bytes()
    copy.write_bytes(edited)
    os.utime(copy, (old, old))  # same size, same modification time: only ctime differs
    assert json.loads(_invoke("info", "--json").stdout)["as_of"] == other


# Same answers as the plain loader --------------------------------------------------------------


CALLS = [
    ["members", "--json"], ["candidates", "--json"], ["timeline", "--json"],
    ["timeline", "--country", "KZ", "--json"], ["quote", "--country", "kazakhstan", "--json"],
    ["timeline", "--country", "AE", "--since", "2021", "--kind", "visit", "--json"],
    ["quote", "--json"], ["quote", "rubio", "--json"],
    ["quote", "sa'ar", "--json"], ["quote", "speaker 3", "--json"], ["quote", "bin", "--json"],
    ["quote", "trump", "--country", "SA", "--since", "2025", "--json"], ["show", "KZ", "--json"],
    ["show", "emirates", "--json"], ["show", "replica 4", "--json"],
    ["show", "somaliland", "--json"], ["search", "embassy", "--json"], ["sources", "--json"],
    ["info", "--json"], ["quote", "nobody"], ["members", "--as-of", "2021", "--json"],
]  # fmt: skip


def test_answers_from_the_cache_equal_the_plain_loaders_on_a_large_file(
    home: Path, big_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORDS_DATA", str(big_file))
    _invoke("members")  # the first call writes the cache
    for args in CALLS:
        monkeypatch.delenv("ACCORDS_NO_CACHE", raising=False)
        warm = _invoke(*args)
        monkeypatch.setenv("ACCORDS_NO_CACHE", "1")
        plain = _invoke(*args)
        assert (warm.exit_code, warm.stdout, warm.stderr) == (
            plain.exit_code,
            plain.stdout,
            plain.stderr,
        ), args
    for typed in ("ma", "Speaker 1-1", "", "ab"):
        monkeypatch.setenv("ACCORDS_NO_CACHE", "1")
        plain = completion.speakers(None, typed)
        monkeypatch.delenv("ACCORDS_NO_CACHE")
        assert completion.speakers(None, typed) == plain and plain, typed


def test_the_large_file_is_large_and_its_lookups_are_not(big_file: Path) -> None:
    data = dataset.load(str(big_file))
    bundled = dataset.load(str(DATA_FILE))
    assert len(data.quotes) == 10 * len(bundled.quotes)
    assert queries.quotes(data, "rubio") == queries.quotes(bundled, "rubio")
    assert queries.profile(data, "KZ").events == queries.profile(bundled, "KZ").events


# Damage, outdated entries, switches ---------------------------------------------------------------


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # same size: only a checksum can tell
    path.write_bytes(bytes(data))


DAMAGE = {
    "flipped": _flip,
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "missing": lambda p: p.unlink(),
    "empty": lambda p: p.write_bytes(b""),
}


@pytest.mark.parametrize("how", DAMAGE)
def test_every_damaged_cache_file_is_noticed_and_rebuilt(
    home: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """Each kind of file of the entry in turn (sections, indexes, manifest), with calls that
    read it. A country's index is read only by ``show`` of that country; two of them stand for
    all, which are written alike."""
    calls = [["info", "--json"], ["quote", "rubio", "--json"], ["quote", "--json"]]
    calls += [["timeline", "--json"]]
    expected = {tuple(args): _invoke(*args).stdout for args in calls}
    folder = _folder(home)
    originals = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert {"candidates.json", "speakers-0.json", "country-KZ.json", "manifest.json"} <= set(
        originals
    )
    countries = sorted(name for name in originals if name.startswith("country-"))
    for name, content in sorted(originals.items()):
        if name.startswith("country-") and name not in (countries[0], "country-KZ.json"):
            continue
        DAMAGE[how](folder / name)
        code = name.removeprefix("country-").removesuffix(".json")
        for args in [["show", code, "--json"]] if name.startswith("country-") else calls:
            result = _invoke(*args)
            assert result.exit_code == 0, (name, args)
            if tuple(args) in expected:
                assert result.stdout == expected[tuple(args)], (name, args)
            else:
                monkeypatch.setenv("ACCORDS_NO_CACHE", "1")
                assert result.stdout == _invoke(*args).stdout, (name, args)
                monkeypatch.delenv("ACCORDS_NO_CACHE")
        assert (folder / name).read_bytes() == content, f"{name} was not rebuilt"


def test_a_record_altered_in_place_is_noticed_by_a_lookup_that_reads_only_it(
    home: Path,
) -> None:
    expected = _invoke("quote", "rubio", "--json").stdout
    folder = _folder(home)
    quotes = (folder / "quotes.json").read_bytes()
    _, offset, length, _ = json.loads((folder / "speakers-0.json").read_bytes())["Marco Rubio"][0]
    line = quotes[offset : offset + length]
    start = line.index(b'"text":"') + len(b'"text":"')
    altered = line[:start] + line[start : start + 1].swapcase() + line[start + 1 :]  # still valid
    assert altered != line
    (folder / "quotes.json").write_bytes(quotes[:offset] + altered + quotes[offset + length :])
    assert _invoke("quote", "rubio", "--json").stdout == expected
    assert (folder / "quotes.json").read_bytes() == quotes  # rebuilt


def test_a_hand_edited_record_with_fixed_checksums_is_still_validated(home: Path) -> None:
    expected = _invoke("quote", "rubio", "--json").stdout
    folder = _folder(home)
    # Rewrite the entry as a tool would that knew the format: bad data, good checksums.
    speakers = json.loads((folder / "speakers-0.json").read_bytes())
    ordinal, offset, length, _ = speakers["Marco Rubio"][0]
    quotes = (folder / "quotes.json").read_bytes()
    line = json.loads(quotes[offset : offset + length])
    line[1]["date"] = "2025-13-45"
    bad = json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode()
    quotes = quotes[:offset] + bad + quotes[offset + length :]
    (folder / "quotes.json").write_bytes(quotes)
    speakers["Marco Rubio"][0] = [ordinal, offset, len(bad), zlib.crc32(bad)]
    _rewrite(folder, "speakers-0.json", json.dumps(speakers).encode())
    _rewrite(folder, "quotes.json", quotes)
    assert _invoke("quote", "rubio", "--json").stdout == expected


def test_a_listing_that_meets_an_invalid_record_carries_on_from_the_file(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lazy, "CHUNK", 5)  # some chunks are used before the bad one
    expected = _invoke("quote", "--json").stdout
    folder = _folder(home)
    quotes = (folder / "quotes.json").read_bytes()
    lines = quotes.split(b"\n")
    number, record = json.loads(lines[30].rstrip(b","))
    record["verbatim"] = "perhaps"
    lines[30] = json.dumps([number, record]).encode() + b","
    _rewrite(folder, "quotes.json", b"\n".join(lines))
    assert _invoke("quote", "--json").stdout == expected


def _rewrite(folder: Path, name: str, data: bytes) -> None:
    """Replace a file and fix the manifest's checksums to match."""
    (folder / name).write_bytes(data)
    _, _, body = (folder / "manifest.json").read_bytes().partition(b"\n")
    manifest = json.loads(body)
    manifest["files"][name] = [len(data), zlib.crc32(data)]
    body = json.dumps(manifest).encode()
    (folder / "manifest.json").write_bytes(b"%08x\n" % zlib.crc32(body) + body)


def test_an_entry_of_another_format_is_ignored_and_rewritten(home: Path) -> None:
    expected = _invoke("quote", "rubio", "--json").stdout
    folder = _folder(home)
    _, _, body = (folder / "manifest.json").read_bytes().partition(b"\n")
    manifest = json.loads(body)
    manifest["format"] = cache.FORMAT - 1
    body = json.dumps(manifest).encode()
    (folder / "manifest.json").write_bytes(b"%08x\n" % zlib.crc32(body) + body)
    assert cache.open_entry(DATA_FILE.read_bytes()) is None
    assert _invoke("quote", "rubio", "--json").stdout == expected
    assert cache.open_entry(DATA_FILE.read_bytes()) is not None  # rewritten


@pytest.mark.parametrize("value, used", [("1", False), ("yes", False), ("0", True), ("", True)])
def test_the_no_cache_switch(
    home: Path, monkeypatch: pytest.MonkeyPatch, value: str, used: bool
) -> None:
    monkeypatch.setenv("ACCORDS_NO_CACHE", value)
    assert _invoke("quote", "rubio", "--json").exit_code == 0
    assert bool(list(home.glob("data-*"))) is used
    assert isinstance(dataset.load().quotes, tuple) is not used  # lazy only from the cache


# Where the cache lives, and old folders ---------------------------------------------------------


def test_a_relative_xdg_cache_home_is_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(cache, "WINDOWS", False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache.directory() == tmp_path / ".cache" / "accords"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "accords"


def test_on_windows_the_cache_is_under_local_app_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(cache, "WINDOWS", True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # not a Windows convention
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert cache.directory() == tmp_path / "local" / "accords" / "Cache"
    monkeypatch.setenv("LOCALAPPDATA", "relative")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.directory() == tmp_path / "home" / "AppData" / "Local" / "accords" / "Cache"


def test_old_folders_are_removed_when_a_new_one_is_written(home: Path, tmp_path: Path) -> None:
    home.mkdir(parents=True)
    day = 24 * 3600
    ages = {"data-0.9.0-1-2": 30 * day, "data-1.0.0-f1-3-4": 8 * day}  # unused for long
    ages |= {f"data-1.0.0-f2-{n}-0": n * 60 for n in range(1, 7)}  # recent: the newest few stay
    for name, age in ages.items():
        (home / name / "sub").mkdir(parents=True)
        (home / name / "sub" / "x.json").write_text("{}", encoding="utf-8")
        os.utime(home / name, (time.time() - age, time.time() - age))
    elsewhere = tmp_path / "precious"
    elsewhere.mkdir()
    (home / "data-link").symlink_to(elsewhere, target_is_directory=True)
    (home / "notes.txt").write_text("not ours to remove", encoding="utf-8")

    assert _invoke("members", "--json").exit_code == 0  # a miss: writes a folder
    left = sorted(path.name for path in home.iterdir())
    kept = [f"data-1.0.0-f2-{n}-0" for n in range(1, cache.KEEP + 1)]
    assert left == sorted([*kept, _folder_name(), "data-link", "notes.txt", "stamps"])
    assert elsewhere.exists()

    before = sorted(home.iterdir())
    assert _invoke("members", "--json").exit_code == 0  # a hit removes nothing
    assert sorted(home.iterdir()) == before


def _folder_name() -> str:
    return cache.folder(DATA_FILE.read_bytes()).name


# The parser -------------------------------------------------------------------------------------


def test_the_event_parser_builds_what_yaml_load_builds() -> None:
    content = DATA_FILE.read_bytes()
    assert dataset._stream(content) == yaml.load(content, Loader=dataset.safe_loader())


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("a: &x 1\nb: *x\n", None),  # anchors and aliases to plain values
        ("a: !!str 1\n", None),  # explicit tags
        ("a: 1\na: 2\n", "line 2, column 1: key 'a' repeated (first on line 1)"),
        ("base: &b {x: 1}\nc:\n  <<: *b\n", "line 3, column 3: merge keys (<<) are not allowed"),
        ("--- 1\n--- 2\n", "line 2, column 1: expected a single document"),
        ("? [a]\n: 1\n", "line 1, column 3: a key must be a plain value"),
    ],
)
def test_unusual_yaml_is_built_as_yaml_load_builds_it_or_refused(
    text: str, refused: str | None
) -> None:
    """The event parser reads every file (libyaml's composer never runs: on PyYAML 6.0.1 it
    crashes on deep nesting): what a data file may use, it builds as the safe loader does;
    the rest it refuses, naming the line."""
    if refused is None:
        assert dataset._stream(text.encode()) == yaml.load(text, Loader=dataset.safe_loader())
        return
    with pytest.raises(DatasetError) as caught:
        dataset._parse(text.encode(), Path("f.yaml"))
    assert refused in str(caught.value)


@pytest.mark.parametrize(
    "text",
    ["a: [1, 2.5, true, null, ~, '3', 2020-01-02, 0x1f, .inf, '', -]\n", "- x\n- {y: [z]}\n", ""],
)
def test_plain_scalars_resolve_as_the_safe_loader_resolves_them(text: str) -> None:
    expected = yaml.load(text, Loader=dataset.safe_loader())
    assert dataset._stream(text.encode()) == expected


# What a warm lookup imports -------------------------------------------------------------------


def _modules(args: list[str], env: dict[str, str]) -> set[str]:
    script = (
        "import sys\n"
        "from accords_cli.cli import run\n"
        f"code = run({args!r})\n"
        "sys.stdout.flush()\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(result.stderr.split())


def test_warm_lookups_on_a_large_file_import_what_the_smallest_call_does(
    home: Path, big_file: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCORDS_")}
    big = {**env, "ACCORDS_DATA": str(big_file)}
    _modules(["info"], env)
    _modules(["info"], big)
    baseline = _modules(["members", "--json"], env)  # the bundled file, warm
    assert {"yaml", "rich", "sqlite3"}.isdisjoint(baseline)
    for args in (["quote", "rubio", "--json"], ["show", "KZ", "--json"], ["members", "--json"]):
        extra = _modules(args, big) - baseline
        assert extra <= {"accords_cli.views"}, (args, extra)  # show's view module, nothing else


@pytest.mark.parametrize(("hours", "removed"), [(7 * 24 - 1, False), (7 * 24 + 1, True)])
def test_a_folder_goes_once_unused_for_a_week(home: Path, hours: int, removed: bool) -> None:
    old = home / "data-0.9.0-1-2"
    old.mkdir(parents=True)
    then = time.time() - hours * 3600
    os.utime(old, (then, then))
    assert _invoke("members", "--json").exit_code == 0  # a miss: writes a folder, tidies up
    assert old.exists() is not removed


def test_a_folder_that_cannot_be_removed_is_left_without_failing_the_call(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = home / "data-0.9.0-1-2"
    (old / "sub").mkdir(parents=True)
    (old / "sub" / "in-use.json").write_text("{}", encoding="utf-8")
    os.utime(old, (0, 0))
    unlink = os.unlink

    def refuse(path: Any, *args: Any, **kwargs: Any) -> None:
        if str(path).endswith("in-use.json"):  # as Windows refuses a file another process has open
            raise PermissionError(13, "in use", str(path))
        unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", refuse)
    result = _invoke("members", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)
    assert not old.exists()  # renamed aside before deletion, so no reader sees half of it


def test_a_lazy_section_counts_alike_before_and_after_it_is_read(home: Path, real: Any) -> None:
    assert _invoke("info").exit_code == 0  # warm the cache
    quotes = dataset.load().quotes
    assert not isinstance(quotes, tuple)  # read from the cache, lazily
    assert len(quotes) == len(real.quotes)  # from the manifest, nothing read
    assert quotes[-1] == real.quotes[-1]  # reads the section
    assert len(quotes) == len(real.quotes) and list(quotes) == list(real.quotes)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        *(("buckets", count) for count in (0, -1, "2", None)),  # not a count of buckets
        *(("names", names) for names in ([["Rubio", "rubio", "x"]], [["alone"]], "no pairs")),
    ],
)
def test_a_speaker_index_out_of_shape_is_damage(home: Path, key: str, value: Any) -> None:
    expected = _invoke("quote", "rubio", "--json").stdout
    folder = _folder(home)
    document = json.loads((folder / "speakers.json").read_bytes())
    document[key] = value
    _rewrite(folder, "speakers.json", json.dumps(document).encode())  # checksums that agree
    result = _invoke("quote", "rubio", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected


def test_a_record_invalid_midway_hands_over_to_the_file_without_a_gap(home: Path) -> None:
    expected = _invoke("timeline", "--json").stdout  # cold: from the file, then cached
    folder = _folder(home)
    lines = (folder / "events.json").read_bytes().split(b"\n")
    number, record = json.loads(lines[100].rstrip(b","))
    record["date"] = "2020-13-45"  # well-formed JSON, checksums that agree, a record that is not
    lines[100] = json.dumps([number, record]).encode() + b","
    _rewrite(folder, "events.json", b"\n".join(lines))
    result = _invoke("timeline", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected


@pytest.mark.parametrize("size", [1, 7, 1000])
def test_sections_read_in_chunks_give_every_record_once(
    home: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    monkeypatch.setattr(lazy, "CHUNK", size)  # the real file has fewer records than one chunk
    assert _invoke("info").exit_code == 0  # warm the cache
    for args in (["timeline", "--json"], ["quote", "--json"], ["sources", "--json"]):
        warm = _invoke(*args).stdout
        monkeypatch.setenv("ACCORDS_NO_CACHE", "1")
        assert warm == _invoke(*args).stdout, args
        monkeypatch.delenv("ACCORDS_NO_CACHE")


def test_an_index_pointing_at_another_speakers_quotes_is_damage(home: Path) -> None:
    expected = _invoke("quote", "rubio", "--json").stdout
    folder = _folder(home)
    speakers = json.loads((folder / "speakers-0.json").read_bytes())
    other = next(name for name in speakers if name != "Marco Rubio")
    speakers["Marco Rubio"] = speakers[other]  # valid lines, checksums and all: the wrong ones
    _rewrite(folder, "speakers-0.json", json.dumps(speakers).encode())
    assert _invoke("quote", "rubio", "--json").stdout == expected


def test_an_index_pointing_at_another_countrys_records_is_damage(home: Path) -> None:
    expected = _invoke("show", "KZ", "--json").stdout
    folder = _folder(home)
    kazakhstan = json.loads((folder / "country-KZ.json").read_bytes())
    morocco = json.loads((folder / "country-MA.json").read_bytes())
    kazakhstan["events"] = morocco["events"]
    _rewrite(folder, "country-KZ.json", json.dumps(kazakhstan).encode())
    assert _invoke("show", "KZ", "--json").stdout == expected


# Memory: a listing is written a batch of records at a time, never held whole as text ---------


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
@pytest.mark.parametrize("tty", [False, True])
def test_document_formats_write_before_every_record_is_made(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fmt: str, tty: bool
) -> None:
    from accords_cli import render as rendering

    total = 2000
    made: list[int] = []
    written: list[int] = []  # how many records had been made at each write

    def rows() -> Iterator[dict[str, Any]]:
        for i, row in enumerate(_all_rows(total)):
            made.append(i)
            yield row

    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty)

    def write(text: str) -> None:
        written.append(len(made))
        sys.stdout.write(text)

    monkeypatch.setattr(rendering, "write", write)
    view = rendering.View("T", "record", ("id", "text"), ("id", "text", "n", "sources"))
    rendering.render(rows(), view, fmt, None, rendering.Style(color=False), rendering.Shown(total))
    assert len(written) > 1 and written[0] < total  # the first batch went out early
    out = capsys.readouterr().out
    if fmt == "json":  # the same text as dumping the whole list at once
        expected = list(_all_rows(total))
        assert out == json.dumps(expected, ensure_ascii=False, indent=2 if tty else None) + "\n"
    elif fmt == "jsonl":
        assert [json.loads(line) for line in out.splitlines()] == list(_all_rows(total))
    else:
        lines = out.split("\r\n")
        assert lines[0] == "id,text,n,sources" and len(lines) == total + 2 and lines[-1] == ""


def _all_rows(total: int) -> Iterator[dict[str, Any]]:
    for i in range(total):
        yield {"id": f"r{i}", "text": "é\n|", "n": i, "sources": [{"url": f"https://x/{i}"}]}
