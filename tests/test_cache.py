"""The parsed-data cache and the start-up import budget (behaviour only; timing lives in
benchmarks/)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from accords_cli import cache, dataset

from .conftest import DATA_FILE

HEAVY = ("rich", "pydantic", "yaml")


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a fresh interpreter; stderr's last line lists the heavy modules imported."""
    script = (
        "import sys\n"
        "from accords_cli.cli import run\n"
        f"code = run({args!r})\n"
        "sys.stdout.flush()\n"
        "roots = {m.split('.')[0] for m in sys.modules}\n"
        f"print(sorted(roots & set({HEAVY!r})), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ACCORDS_")}
    return {**clean, "XDG_CACHE_HOME": str(tmp_path / "cache")}


def _folders(env: dict[str, str]) -> list[Path]:
    """The cache's data folders (beside them, ``stamps`` maps data files to their folder)."""
    return sorted((Path(env["XDG_CACHE_HOME"]) / "accords").glob("data-*"))


def _settle(path: Any, minutes_ago: float = 60) -> None:
    """Date ``path`` back: only a file left alone for a while is stamped (see cache._SETTLED)."""
    then = time.time() - minutes_ago * 60
    os.utime(path, (then, then))


def _heavy(result: subprocess.CompletedProcess[str]) -> list[str]:
    return list(json.loads(result.stderr.splitlines()[-1].replace("'", '"')))


@pytest.mark.parametrize(
    "args", [["members", "--json"], ["quote", "rubio", "--json"], ["timeline", "--json"]]
)
def test_warm_calls_import_neither_rich_pydantic_nor_yaml(
    env: dict[str, str], args: list[str]
) -> None:
    cold = _run(args, env)
    assert cold.returncode == 0
    assert "yaml" in _heavy(cold)  # the first call parses the file
    warm = _run(args, env)
    assert warm.returncode == 0
    assert _heavy(warm) == []
    assert warm.stdout == cold.stdout


def test_tables_import_rich_only_when_drawing(env: dict[str, str]) -> None:
    _run(["members", "--json"], env)
    assert "rich" in _heavy(_run(["members", "--format", "table"], env))
    assert "rich" not in _heavy(_run(["members", "--format", "csv"], env))


def test_a_miss_writes_every_section_its_indexes_and_a_manifest(
    env: dict[str, str], real: Any
) -> None:
    _run(["members", "--json"], env)
    folders = _folders(env)
    assert len(folders) == 1
    codes = {code for record in [*real.events, *real.quotes] for code in record.countries}
    assert sorted(p.name for p in folders[0].iterdir()) == sorted(
        [f"{section}.json" for section in dataset.SECTIONS]
        + [f"country-{code}.json" for code in codes]
        + ["speakers.json", "speakers-0.json", "manifest.json"]
    )


def test_editing_the_file_misses(env: dict[str, str], tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text(DATA_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**env, "ACCORDS_DATA": str(copy)}
    _run(["info", "--json"], env)
    copy.write_text(
        re.sub(
            r"(?m)^  as_of: .*$", "  as_of: 2030-01-02", copy.read_text(encoding="utf-8"), count=1
        ),
        encoding="utf-8",
    )
    result = _run(["info", "--json"], env)
    assert json.loads(result.stdout)["as_of"] == "2030-01-02"
    assert "yaml" in _heavy(result)


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_text("{not json", encoding="utf-8"),
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        lambda p: p.write_bytes(b"\xff\xfe garbage"),
        lambda p: p.unlink(),
        lambda p: p.write_text('"a string, not a list"', encoding="utf-8"),
    ],
    ids=["corrupt", "truncated", "binary", "missing", "wrong-shape"],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(
    env: dict[str, str], damage: Callable[[Path], Any]
) -> None:
    expected = _run(["members", "--json"], env).stdout
    (folder,) = _folders(env)
    damage(folder / "members.json")
    result = _run(["members", "--json"], env)
    assert result.returncode == 0
    assert result.stdout == expected
    again = _run(["members", "--json"], env)
    assert again.stdout == expected
    assert _heavy(again) == []  # rebuilt


def test_invalid_records_in_the_cache_fall_back_to_the_file(env: dict[str, str]) -> None:
    expected = _run(["members", "--json"], env).stdout
    (folder,) = _folders(env)
    members = json.loads((folder / "members.json").read_text(encoding="utf-8"))
    members[0]["status"] = "joined"
    (folder / "members.json").write_text(json.dumps(members), encoding="utf-8")
    result = _run(["members", "--json"], env)
    assert result.returncode == 0
    assert result.stdout == expected


def test_an_unwritable_cache_directory_is_skipped(env: dict[str, str], tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory would go", encoding="utf-8")
    env = {**env, "XDG_CACHE_HOME": str(blocker)}
    for _ in range(2):
        result = _run(["members", "--json"], env)
        assert result.returncode == 0
        assert json.loads(result.stdout)
        assert result.stderr.splitlines()[:-1] == []


def test_no_cache_variable_bypasses_it(env: dict[str, str]) -> None:
    env = {**env, "ACCORDS_NO_CACHE": "1"}
    _run(["members", "--json"], env)
    assert not (Path(env["XDG_CACHE_HOME"]) / "accords").exists()
    assert "yaml" in _heavy(_run(["members", "--json"], env))


@pytest.mark.parametrize(
    "args",
    [
        ["members", "--json"], ["candidates", "--json"], ["timeline", "--json"],
        ["quote", "--json"], ["show", "KZ", "--json"], ["search", "embassy", "--json"],
        ["sources", "--json"], ["info", "--json"], ["members", "--as-of", "2021", "--json"],
    ],
)  # fmt: skip
def test_partial_builds_from_the_cache_equal_full_ones(
    env: dict[str, str], args: list[str]
) -> None:
    _run(["info"], env)  # warm every section
    warm = _run(args, env)
    full = _run(args, {**env, "ACCORDS_NO_CACHE": "1"})
    assert warm.returncode == full.returncode == 0
    if args[0] == "info":
        assert json.loads(warm.stdout) == json.loads(full.stdout)
    else:
        assert warm.stdout == full.stdout


def test_twenty_concurrent_cold_starts(env: dict[str, str]) -> None:
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda _: _run(["timeline", "--json"], env), range(20)))
    outputs = {r.stdout for r in results}
    assert all(r.returncode == 0 for r in results)
    assert len(outputs) == 1
    (folder,) = _folders(env)
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temp files left
    for section in dataset.SECTIONS:
        json.loads((folder / f"{section}.json").read_text(encoding="utf-8"))
    warm = _run(["timeline", "--json"], env)
    assert warm.stdout in outputs and _heavy(warm) == []


def test_cache_folder_follows_xdg_and_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = cache.folder(b"some bytes")
    assert folder.parent == tmp_path / "accords"
    assert cache.folder(b"other bytes") != folder
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.directory() == tmp_path / "home" / ".cache" / "accords"


# A data file is often not the user's own (--data, ACCORDS_DATA, a colleague's fork): nothing
# in it, nor in its path, may change what later calls on another file answer, or make the cache
# write outside its own folders.


def _forge(original: bytes, edited: bytes) -> bytes:
    """``edited``, padded with a YAML comment to the length and CRC-32 of ``original``.

    CRC-32 is affine over GF(2): with the rest of the file fixed, the CRC of the file as a
    function of four bytes in the comment is an invertible linear map plus a constant, so four
    bytes giving any CRC can be solved for. A counter in the comment changes until those four
    bytes are printable ASCII, keeping the file valid YAML and UTF-8.
    """
    space = len(original) - len(edited)
    assert space >= 16, "the edit must leave room for the comment"
    target = zlib.crc32(original)

    def crc(counter: int, free: int) -> int:
        comment = b"#" + str(counter).encode().rjust(space - 6) + free.to_bytes(4, "little")
        return zlib.crc32(edited + comment + b"\n")

    pivots: dict[int, tuple[int, int]] = {}  # leading bit -> (image, preimage): an xor basis
    for bit in range(32):
        image, preimage = crc(0, 1 << bit) ^ crc(0, 0), 1 << bit
        for lead in range(31, -1, -1):
            if image >> lead & 1:
                if lead not in pivots:
                    pivots[lead] = (image, preimage)
                    break
                image ^= pivots[lead][0]
                preimage ^= pivots[lead][1]
    assert len(pivots) == 32
    for counter in range(100_000):
        wanted, free = target ^ crc(counter, 0), 0
        for lead in range(31, -1, -1):
            if wanted >> lead & 1:
                wanted ^= pivots[lead][0]
                free ^= pivots[lead][1]
        if all(0x20 <= byte < 0x7F for byte in free.to_bytes(4, "little")):
            comment = b"#" + str(counter).encode().rjust(space - 6) + free.to_bytes(4, "little")
            forged = edited + comment + b"\n"
            assert zlib.crc32(forged) == target and len(forged) == len(original)
            return forged
    raise AssertionError("no printable forgery found")


@pytest.mark.parametrize("first", ["info", "check"])
def test_a_file_forged_to_the_bundled_files_size_and_crc32_does_not_poison_its_cache(
    env: dict[str, str], tmp_path: Path, first: str
) -> None:
    original = DATA_FILE.read_bytes()
    title = "  title: 'Abraham Accords: members, candidates, timeline and key quotes'\n"
    assert title.encode() in original
    forged = tmp_path / "forged.yaml"
    forged.write_bytes(_forge(original, original.replace(title.encode(), b"  title: FORGED\n")))
    truth = _run(["info", "--json"], {**env, "ACCORDS_NO_CACHE": "1"}).stdout
    assert json.loads(truth)["title"] != "FORGED"

    # The forgery is read first (the command does not matter: each caches what it parses)...
    read = _run(
        ["info", "--json", "--data", str(forged)] if first == "info" else ["check", str(forged)],
        env,
    )
    assert read.returncode == 0
    for _ in range(2):  # ...then the bundled file, before and after it is stamped
        assert _run(["info", "--json"], env).stdout == truth
    assert (
        json.loads(_run(["info", "--json", "--data", str(forged)], env).stdout)["title"] == "FORGED"
    )


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` (following no link), with its bytes and modification time."""
    found = {}
    for base, _, names in os.walk(folder):
        for name in names:
            path = Path(base, name)
            found[str(path.relative_to(folder))] = (
                b"<link>" if path.is_symlink() else path.read_bytes(),
                path.lstat().st_mtime_ns,
            )
    return found


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A folder the cache must never write into; ``keep.json`` looks like a stale stamp."""
    folder = tmp_path / "victim"
    folder.mkdir()
    (folder / "keep.txt").write_text("precious\n", encoding="utf-8")
    (folder / "keep.json").write_text("[1, 2]\n", encoding="utf-8")
    return folder


@pytest.mark.skipif(cache.WINDOWS, reason="symlinks need privileges on Windows")
@pytest.mark.parametrize("planted", ["cache folder", "entry folder", "stamps folder"])
def test_writes_never_follow_a_symlinked_cache_folder(
    env: dict[str, str], victim: Path, planted: str
) -> None:
    root = Path(env["XDG_CACHE_HOME"]) / "accords"
    link = {
        "cache folder": root,
        "entry folder": root / cache.folder(DATA_FILE.read_bytes()).name,
        "stamps folder": root / "stamps",
    }[planted]
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(victim, target_is_directory=True)
    before = _snapshot(victim)
    expected = _run(["members", "--json"], {**env, "ACCORDS_NO_CACHE": "1"}).stdout
    for _ in range(2):
        result = _run(["members", "--json"], env)
        assert result.returncode == 0
        assert result.stdout == expected
        assert result.stderr.splitlines()[:-1] == []
    assert _snapshot(victim) == before
    assert link.is_symlink()


@pytest.mark.skipif(cache.WINDOWS, reason="symlinks need privileges on Windows")
def test_writes_never_follow_links_planted_at_temporary_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, victim: Path
) -> None:
    # Learn every file a miss writes (entry and stamp), in a cache of its own, from a copy of the
    # data left alone long enough to be stamped (the bundled file may have just been edited)...
    data = tmp_path / "data.yaml"
    data.write_bytes(DATA_FILE.read_bytes())
    _settle(data)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "learn"))
    dataset.load(str(data))
    learnt = tmp_path / "learn" / "accords"
    written = [p.relative_to(learnt) for p in learnt.rglob("*") if p.is_file()]
    assert any(p.parts[0] == "stamps" for p in written)
    # ...then plant a link to the victim at the temporary name of each, as a process with this
    # id would name it, in a fresh cache.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "cache" / "accords"
    for path in written:
        (root / path.parent).mkdir(parents=True, exist_ok=True)
        for name in (f".{path.name}.{os.getpid()}.tmp",):
            (root / path.parent / name).symlink_to(victim / "keep.txt")
    before = _snapshot(victim)
    loaded = dataset.load(str(data))
    assert loaded.members == dataset.load(str(data)).members
    assert _snapshot(victim) == before


@pytest.mark.skipif(cache.WINDOWS, reason="symlinks need privileges on Windows")
def test_a_temporary_file_is_created_exclusively_and_never_through_a_link(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, victim: Path
) -> None:
    planted = tmp_path / ".target.tmp"
    planted.symlink_to(victim / "keep.txt")
    monkeypatch.setattr(cache, "_temporary", lambda target: planted)
    before = _snapshot(victim)
    assert cache._write(tmp_path / "target", b"data") is False
    assert _snapshot(victim) == before
    assert not (tmp_path / "target").exists()
    assert planted.is_symlink()


def _rewrite(folder: Path, name: str, data: bytes) -> None:
    """Replace a file of a cache entry and update the manifest, as its owner could."""
    (folder / name).write_bytes(data)
    _, _, body = (folder / cache.MANIFEST).read_bytes().partition(b"\n")
    manifest = json.loads(body)
    manifest["files"][name] = [len(data), zlib.crc32(data)]
    body = json.dumps(manifest, sort_keys=True).encode()
    (folder / cache.MANIFEST).write_bytes(b"%08x\n" % zlib.crc32(body) + body)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file ownership is POSIX")
@pytest.mark.parametrize("whose", ["another user's", "writable by anyone"])
def test_a_cache_folder_others_can_write_is_neither_read_nor_written(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    write_data: Callable[..., Path],
    small: Any,
    whose: str,
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    truth = dataset.load(str(DATA_FILE)).members
    # Whoever can write a cache can put anything in it, and it is then answered from...
    (folder,) = (tmp_path / "cache" / "accords").glob("data-*")
    members = json.loads((folder / "members.json").read_bytes())
    members[0]["name"] = "Forged"
    _rewrite(folder, "members.json", json.dumps(members).encode())
    assert dataset.load(str(DATA_FILE)).members[0].name == "Forged"
    # ...so a cache folder of another user (as under `sudo -E`, which keeps XDG_CACHE_HOME), or
    # one that anyone may write, is not used.
    if whose == "another user's":
        monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)
    else:
        (tmp_path / "cache" / "accords").chmod(0o777)
    before = _snapshot(tmp_path / "cache")
    assert dataset.load(str(DATA_FILE)).members == truth
    other = write_data(small)
    _settle(other)
    assert dataset.load(str(other)).members[0].name == small["members"][0]["name"]
    assert _snapshot(tmp_path / "cache") == before


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file ownership is POSIX")
def test_no_cache_folder_is_made_in_another_users_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Root under `sudo -E` would leave the user a folder they could neither use nor remove.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)
    assert dataset.load(str(DATA_FILE)).members
    assert list((tmp_path / "cache").iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_root_leaves_a_cache_owned_by_another_user_alone(
    env: dict[str, str], tmp_path: Path
) -> None:
    expected = _run(["members", "--json"], env).stdout  # writes the cache
    (folder,) = _folders(env)
    members = json.loads((folder / "members.json").read_bytes())
    members[0]["name"] = "Forged"
    _rewrite(folder, "members.json", json.dumps(members).encode())
    for base, dirs, files in os.walk(tmp_path / "cache"):
        for name in [base, *(os.path.join(base, n) for n in dirs + files)]:
            os.chown(name, 65534, 65534, follow_symlinks=False)
    before = _snapshot(tmp_path / "cache")
    assert _run(["members", "--json"], env).stdout == expected
    assert _snapshot(tmp_path / "cache") == before


def test_a_damaged_stamp_is_ignored(env: dict[str, str], tmp_path: Path) -> None:
    _run(["members", "--json"], env)
    stamps = Path(env["XDG_CACHE_HOME"]) / "accords" / "stamps"
    for stamp in stamps.glob("*.json"):
        stamp.write_text('{"not": "a list"}', encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_bytes(DATA_FILE.read_bytes() + b"# another file, so another entry\n")
    result = _run(["members", "--json", "--data", str(other)], env)  # a miss: cleans up stamps
    assert result.returncode == 0
    assert result.stdout == _run(["members", "--json"], env).stdout


@pytest.mark.parametrize("no_cache", ["", "1"], ids=["cache", "no-cache"])
def test_a_data_file_whose_path_is_not_utf8_works(
    env: dict[str, str], tmp_path: Path, no_cache: str
) -> None:
    path = os.path.join(os.fsencode(tmp_path), b"na\xefve-\xff.yaml")
    try:
        with open(path, "wb") as stream:
            stream.write(DATA_FILE.read_bytes())
    except OSError:
        pytest.skip("this file system only takes UTF-8 names")
    _settle(path)
    name = os.fsdecode(path)
    env = {**env, "ACCORDS_NO_CACHE": no_cache}
    expected = _run(["members", "--json"], {**env, "ACCORDS_NO_CACHE": "1"}).stdout
    for _ in range(2):  # read and stamped, then recalled by its stamp
        result = _run(["members", "--json", "--data", name], env)
        assert (result.returncode, result.stdout) == (0, expected)
        assert _run(["members", "--json"], {**env, "ACCORDS_DATA": name}).stdout == expected
        assert _run(["check", name], env).returncode == 0


def _manifests() -> list[Path]:
    home = Path(os.environ["XDG_CACHE_HOME"])
    return sorted(home.rglob(cache.MANIFEST), key=lambda path: path.stat().st_mtime)


def test_a_hit_marks_its_folder_used_at_most_once_a_day(
    write_data: Callable[..., Path], small: dict[str, Any]
) -> None:
    small["meta"]["title"] = "A file of its own: marked used"
    file = str(write_data(small))
    dataset.load(file)  # cold: the entry is written
    manifest = _manifests()[-1]
    hour_ago = time.time() - 3600
    os.utime(manifest, (hour_ago, hour_ago))
    dataset.load(file)
    assert abs(manifest.stat().st_mtime - hour_ago) < 1  # used an hour ago: left alone
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(manifest, (two_days_ago, two_days_ago))
    dataset.load(file)
    assert manifest.stat().st_mtime > time.time() - 60  # two days: marked used now


def test_a_stamp_outlives_the_clean_up_while_its_folder_does(
    write_data: Callable[..., Path], small: dict[str, Any]
) -> None:
    home = Path(os.environ["XDG_CACHE_HOME"])
    small["meta"]["title"] = "A file of its own: stamped"
    first = write_data(small)
    _settle(first)
    dataset.load(str(first))
    (stamp,) = home.rglob(f"stamps/{cache._stamp_name(first)}")  # this file's own stamp
    other = json.loads(json.dumps(small))
    other["meta"]["title"] = "Another file, whose writing cleans up"
    second = write_data(other, name="other.yaml")
    _settle(second)
    dataset.load(str(second))
    assert stamp.exists()


def test_only_a_folder_can_hold_the_cache(tmp_path: Path) -> None:
    folder, file = tmp_path / "folder", tmp_path / "file"
    folder.mkdir(mode=0o700)
    file.write_text("not a folder")
    assert cache._private(folder)
    assert not cache._private(file)
    assert not cache._private(tmp_path / "missing")


def test_the_cache_keeps_only_the_most_recent_files(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    write_data: Callable[..., Path],
    small: dict[str, Any],
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # a cache of this test's own
    for number in range(cache.KEEP + 2):
        small["meta"]["title"] = f"File {number}"
        dataset.load(str(write_data(small)))
    kept = list((tmp_path / "cache" / "accords").glob("data-*"))
    assert len(kept) == cache.KEEP + 1  # the one in use, and the most recent others


def test_editing_a_stamped_file_misses(
    write_data: Callable[..., Path], small: dict[str, Any]
) -> None:
    """A stamp holds only while the file's size, times, inode and device are as stamped: a file
    edited since (here grown, and modified later than stamped) is read again."""
    small["meta"]["title"] = "A file of its own: before"
    file = write_data(small, name="edited.yaml")
    _settle(file)
    assert dataset.load(str(file)).meta.title == "A file of its own: before"
    assert cache.recall(file, file.stat()) is not None  # stamped
    small["meta"]["title"] = "A file of its own: after the edit"
    write_data(small, name="edited.yaml")
    _settle(file, minutes_ago=59)  # modified later than stamped, still settled
    assert cache.recall(file, file.stat()) is None
    assert dataset.load(str(file)).meta.title == "A file of its own: after the edit"


def test_a_record_at_another_line_than_its_index_says_is_refused(
    write_data: Callable[..., Path], small: dict[str, Any]
) -> None:
    """Each line of a large section starts with its record's number; a reference whose number
    differs from the line it points at (either way) is damage, not a record."""
    file = write_data(small)
    content = file.read_bytes()
    dataset.load(str(file))  # cold: the entry is written
    entry = cache.open_entry(content)
    assert entry is not None
    lines = (entry.where / "events.json").read_bytes().split(b"\n")[1:-2]
    assert len(lines) >= 2
    refs, offset = [], 2  # after "[\n"
    for ordinal, line in enumerate(lines):
        body = line.rstrip(b",")
        refs.append([ordinal, offset, len(body), zlib.crc32(body)])
        offset += len(line) + 1
    assert entry.records("events", refs) == [json.loads(b.rstrip(b","))[1] for b in lines]
    first, second = refs[0], refs[1]
    for wrong in ([second[0], *first[1:]], [first[0], *second[1:]]):
        with pytest.raises(cache.Damaged):
            entry.records("events", [wrong])
