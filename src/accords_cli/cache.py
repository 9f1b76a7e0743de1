"""A cache of parsed data files, so that most calls skip YAML and read only what they need.

The parsed (not yet validated) content is kept under ``$XDG_CACHE_HOME/accords`` (else
``~/.cache/accords``; ``%LOCALAPPDATA%\\accords\\Cache`` on Windows), in a folder named after
the program version, the cache format and a BLAKE2b digest of the data file's bytes: editing
the file or upgrading the program simply misses, and no file, however crafted, can be taken for
another (a CRC-32 can be forged in a moment). In the folder:

- ``{section}.json``: each small section whole (meta, sources, members...);
- ``events.json``, ``quotes.json``: a JSON list with one ``[ordinal, record]`` per line, so that
  a listing reads it whole and a lookup seeks to the lines it needs;
- ``speakers.json``: every speaker's name, its folded form and where its quotes are;
- ``country-XX.json``: where the events and quotes concerning state XX are;
- ``manifest.json``, written last: the size and CRC-32 of every file, itself checksummed.

Every read is checked against the manifest (a record against the CRC its index gives), and the
loader validates whatever it builds, so a damaged, outdated or hand-edited entry is a miss,
never a wrong answer. (These CRCs detect damage, not malice: only their owner can write these
folders.) Every file is written whole or not at all, and the same content always gives the same
bytes, so concurrent writers cannot mix.

Whoever can write into a cache folder decides what it answers, and can plant links that turn
its writes into writes elsewhere. So the cache is used only in folders that are real folders
(not symbolic links) of the user running accords, that no one else may write; anything else is
skipped, as if the cache were off. Temporary files get unguessable names and are created
exclusively, never through a link. Failures here are silent: an unwritable directory is
skipped. ``ACCORDS_NO_CACHE=1`` turns the cache off (``0`` or empty keeps it on).
"""

import contextlib
import io
import json
import os
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from stat import S_ISDIR, S_IWOTH
from typing import Any

from accords_cli import __version__
from accords_cli.models import fold

DISABLE_ENV = "ACCORDS_NO_CACHE"
FORMAT = 3  # bump when the layout changes: older folders then miss, and are removed
LARGE = ("events", "quotes")  # kept record by record, with indexes
MANIFEST = "manifest.json"
WINDOWS = sys.platform == "win32"
# Folders of other files or versions are removed, when a new one is written, once unused for
# this long, or beyond the most recently used few.
UNUSED_FOR = 7 * 24 * 3600
KEEP = 4
_TOUCH_EVERY = 24 * 3600  # how often a hit refreshes its folder's "last used" time

Ref = list[int]  # [ordinal, offset, length, crc32] of one record's line


class Damaged(Exception):
    """A cache file is missing, truncated, altered or of another format."""


def enabled() -> bool:
    return os.environ.get(DISABLE_ENV, "") in ("", "0")


def directory() -> Path:
    """Where accords keeps its cache. A relative base is ignored, as the XDG spec says."""
    if WINDOWS:
        base = os.environ.get("LOCALAPPDATA", "")
        if not os.path.isabs(base):
            base = os.path.join(os.path.expanduser("~"), "AppData", "Local")
        return Path(base) / "accords" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "accords"


def folder(content: bytes) -> Path:
    """Where the sections parsed from these file bytes are kept."""
    return directory() / _entry_name(content)


_named: tuple[bytes, str] | None = None  # the bytes last named (kept, so never another's id)


def _entry_name(content: bytes) -> str:
    global _named
    if _named is None or _named[0] is not content:  # a miss asks twice: look up, then write
        _named = (content, f"data-{__version__}-f{FORMAT}-{_digest(content)}")
    return _named[1]


def _digest(content: bytes) -> str:
    """A cryptographic digest of ``content``: two files with the same one are the same file.

    BLAKE2b takes 0.3 to 0.5 ms on the bundled file (benchmarks/digest.py). It is imported from
    _blake2, where hashlib itself finds it, because importing hashlib first loads OpenSSL, for
    algorithms not used here: 3 ms or more, on each call that reads the data file.
    """
    try:
        from _blake2 import blake2b
    except ImportError:  # an interpreter built otherwise
        from hashlib import blake2b
    return blake2b(content, digest_size=32).hexdigest()


# Where another user can write, planting a link or an entry costs nothing; as root under
# `sudo -E`, XDG_CACHE_HOME and HOME are still the user's. Such folders are not used at all.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows, where links need privileges
_BINARY = getattr(os, "O_BINARY", 0)  # Windows only: no newline translation
_OWNERS = hasattr(os, "geteuid")  # not on Windows, whose folders have no such owner


def _private(path: Path) -> bool:
    """Whether ``path`` is a folder (not a link to one) of this user that others cannot write."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    # On Windows a junction, a link to a folder, passes for a folder but for its reparse tag.
    if not S_ISDIR(info.st_mode) or getattr(info, "st_reparse_tag", None):
        return False
    if not _OWNERS:
        return True
    return info.st_uid == os.geteuid() and not info.st_mode & S_IWOTH


def _subfolder(parent: Path, name: str, create: bool) -> Path | None:
    """``parent / name`` if it is private, made (for this user alone) if missing and asked."""
    where = parent / name
    if create:
        with contextlib.suppress(OSError):
            os.mkdir(where, 0o700)
    return where if _private(where) else None


def _root(create: bool = False) -> Path | None:
    """The cache directory, or None when it is missing (and not to be made) or not private."""
    root = directory()
    if create and not os.path.lexists(root):
        with contextlib.suppress(OSError):
            root.parent.mkdir(parents=True, exist_ok=True)
        # Not inside another user's folder: root, under `sudo -E`, would leave the user a cache
        # folder they can neither use nor remove.
        with contextlib.suppress(OSError):
            if not _OWNERS or root.parent.stat().st_uid == os.geteuid():
                os.mkdir(root, 0o700)
    return root if _private(root) else None


class Entry:
    """The cache folder of one data file, opened through its manifest."""

    def __init__(self, where: Path, files: dict[str, Any], counts: dict[str, int]) -> None:
        self.where = where
        self.files = files
        self.counts = counts  # records in each large section
        self._decoded: dict[str, Any] = {}  # an index both sections use is read once

    def read(self, name: str) -> bytes:
        """A file's bytes, checked against the manifest."""
        try:
            size, crc = self.files[name]
            data = (self.where / name).read_bytes()
        except (OSError, KeyError, TypeError, ValueError):
            raise Damaged(name) from None
        if len(data) != size or zlib.crc32(data) != crc:
            raise Damaged(name)
        return data

    def json(self, name: str) -> Any:
        if name not in self._decoded:
            try:
                self._decoded[name] = json.loads(self.read(name))
            except ValueError:
                raise Damaged(name) from None
        return self._decoded[name]

    def section(self, name: str) -> Iterator[Any]:
        """Every record of a large section, in order, decoded one at a time."""
        data = self.read(f"{name}.json")
        stream = io.BytesIO(data)
        if stream.readline() != b"[\n":
            raise Damaged(name)
        count = 0
        try:
            for line in stream:
                body = line.rstrip(b"\n").rstrip(b",")
                if body in (b"]", b""):
                    continue  # the end, or an empty section
                number, record = json.loads(body)
                if number != count:
                    raise Damaged(name)
                count += 1
                yield record
        except (ValueError, TypeError):
            raise Damaged(name) from None
        if count != self.counts[name]:
            raise Damaged(name)

    def records(self, name: str, refs: Iterable[Ref]) -> list[Any]:
        """The records of a large section at ``refs``, in file order, each checked."""
        found = []
        try:
            with open(self.where / f"{name}.json", "rb") as stream:
                for ordinal, offset, length, crc in sorted(refs):
                    stream.seek(offset)
                    line = stream.read(length)
                    if len(line) != length or zlib.crc32(line) != crc:
                        raise Damaged(name)
                    number, record = json.loads(line)
                    if number != ordinal:
                        raise Damaged(name)
                    found.append(record)
        except (OSError, ValueError, TypeError):
            raise Damaged(name) from None
        return found


def open_entry(content: bytes) -> Entry | None:
    """The cache entry of these file bytes, or None on a miss (or with the cache off)."""
    root = _root() if enabled() else None
    return None if root is None else _open(root, _entry_name(content))


def _open(root: Path, name: str) -> Entry | None:
    where = _subfolder(root, name, create=False)
    if where is None:
        return None
    try:
        with open(os.open(where / MANIFEST, os.O_RDONLY | _NOFOLLOW | _BINARY), "rb") as stream:
            check, _, body = stream.read().partition(b"\n")
            used = os.fstat(stream.fileno()).st_mtime
        if check != b"%08x" % zlib.crc32(body):
            return None
        manifest = json.loads(body)
        if manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
            return None
        counts = {name: int(manifest["counts"][name]) for name in LARGE}
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return None
    if time.time() - used > _TOUCH_EVERY:  # mark it used, for the clean-up of old folders
        with contextlib.suppress(OSError):
            os.utime(where / MANIFEST)
    return Entry(where, manifest["files"], counts)


# A data file is known by its bytes. Reading and summing a large file costs more than a lookup
# in it, so a "stamp" remembers which folder a path held when its size, times, inode and device
# were as they are: a file that has changed in any of these is read again. As git does with
# its index, a file modified in the last seconds is not stamped: a second change within the
# file system's timestamp granularity could keep every one of them.
_SETTLED = 2.0


# A stamp's name is only a CRC of the path: two paths sharing one overwrite each other's stamp,
# which costs a miss, never a wrong answer, since the stamp holds the whole path it is for.
# The path is kept as the bytes the system gave, so that any file name works (even one that is
# not UTF-8): os.fsencode here, and ASCII JSON, whose \u escapes keep what UTF-8 cannot.
def _stamp_name(file: Path) -> str:
    return f"{zlib.crc32(os.fsencode(os.path.abspath(file))):08x}.json"


def _identity(file: Path, stat: os.stat_result) -> list[Any]:
    return [
        os.path.abspath(file),
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ctime_ns,
        stat.st_ino,
        stat.st_dev,
    ]


def recall(file: Path, stat: os.stat_result) -> Entry | None:
    """The entry of the data file at ``file`` if it is unchanged since it was stamped."""
    root = _root() if enabled() else None
    stamps = None if root is None else _subfolder(root, "stamps", create=False)
    if root is None or stamps is None:
        return None
    try:
        *identity, name = json.loads((stamps / _stamp_name(file)).read_bytes())
    except (OSError, ValueError, TypeError):
        return None
    name = str(name)
    if identity != _identity(file, stat) or not name.startswith("data-"):
        return None
    return _open(root, os.path.basename(name))  # a folder of the cache, whatever the stamp says


def remember(file: Path, stat: os.stat_result, content: bytes) -> None:
    """Stamp ``file`` (as ``stat`` saw it, before reading ``content``) with its entry."""
    if not enabled() or time.time() - stat.st_mtime < _SETTLED:
        return
    root = _root(create=True)
    stamps = None if root is None else _subfolder(root, "stamps", create=True)
    if stamps is not None:
        stamp = [*_identity(file, stat), _entry_name(content)]
        _write(stamps / _stamp_name(file), json.dumps(stamp).encode("ascii"))


def put(content: bytes, parsed: dict[str, Any]) -> None:
    """Keep ``parsed`` (validated) with its indexes; then remove long-unused folders."""
    root = _root(create=True) if enabled() else None
    where = None if root is None else _subfolder(root, _entry_name(content), create=True)
    if where is None:
        return
    files: dict[str, list[int]] = {}
    for name, data in _files(parsed):
        if not _write(where / name, data):
            return
        files[name] = [len(data), zlib.crc32(data)]
    counts = {name: len(parsed.get(name) or ()) for name in LARGE}
    manifest = {"format": FORMAT, "files": files, "counts": counts}
    body = json.dumps(manifest, sort_keys=True).encode()
    if _write(where / MANIFEST, b"%08x\n" % zlib.crc32(body) + body):
        remove_old(where)


def _files(parsed: dict[str, Any]) -> Iterable[tuple[str, bytes]]:
    """Every file of an entry, with its bytes."""
    refs: dict[str, list[Ref]] = {}
    # Events and quotes are kept in the order the loader gives them (by date; a stable sort of
    # the file's order), so that a listing can build and use them as it reads them.
    ordered = {name: sorted(parsed.get(name) or [], key=lambda r: str(r["date"])) for name in LARGE}
    for section, value in parsed.items():
        if section not in LARGE:
            yield f"{section}.json", _dumps(value)
    for section, records in ordered.items():
        lines, offset, refs[section] = [], 2, []  # after "[\n"
        for ordinal, record in enumerate(records):
            line = _dumps([ordinal, record])
            lines.append(line)
            refs[section].append([ordinal, offset, len(line), zlib.crc32(line)])
            offset += len(line) + 2  # ",\n"
        yield f"{section}.json", b"[\n" + b",\n".join(lines) + b"\n]\n"

    quotes, events = ordered["quotes"], ordered["events"]
    by_speaker: dict[str, list[Ref]] = {}  # in order of first quote, as queries.speakers lists
    for n in range(len(quotes)):
        by_speaker.setdefault(str(quotes[n]["speaker"]).strip(), []).append(refs["quotes"][n])
    # Names are read whole (a lookup compares the query with each), where their quotes are only
    # for the names found: those are kept in buckets of about 32 speakers.
    buckets = max(1, len(by_speaker) // 32)
    names = [[name, fold(name)] for name in by_speaker]
    yield "speakers.json", _dumps({"buckets": buckets, "names": names})
    bucketed: dict[int, dict[str, list[Ref]]] = {n: {} for n in range(buckets)}
    for name, found in by_speaker.items():
        bucketed[speaker_bucket(name, buckets)][name] = found
    for n, bucket in bucketed.items():
        yield speaker_file(n), _dumps(bucket)

    by_country: dict[str, dict[str, list[Ref]]] = {}
    for section, records in (("events", events), ("quotes", quotes)):
        for n, record in enumerate(records):
            for code in dict.fromkeys(record.get("countries") or ()):
                where = by_country.setdefault(code, {"events": [], "quotes": []})
                where[section].append(refs[section][n])
    for code, where in sorted(by_country.items()):
        yield f"country-{code}.json", _dumps(where)


def country_file(code: str) -> str:
    return f"country-{code}.json"


def speaker_bucket(name: str, buckets: int) -> int:
    return zlib.crc32(name.encode("utf-8")) % buckets


def speaker_file(bucket: int) -> str:
    return f"speakers-{bucket}.json"


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _temporary(target: Path) -> Path:
    """A name no one can guess beforehand, beside ``target``."""
    return target.with_name(f".{target.name}.{os.urandom(8).hex()}.tmp")


def _write(target: Path, data: bytes) -> bool:
    """Write ``target`` whole or not at all: readers see the old file or the new one.

    The temporary file is created only if nothing, not even a dangling link, has its name
    (O_EXCL), and never through a link (O_NOFOLLOW): a planted name makes the write fail rather
    than write elsewhere. Renaming over ``target`` replaces a link there, not what it points to.
    """
    temporary = _temporary(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
    try:
        descriptor = os.open(temporary, flags, 0o600)
    except OSError:
        return False
    try:
        with open(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        return False


def remove_old(current: Path) -> None:
    """Remove the folders of other files and versions that are no longer used.

    Only on a miss, when a file was parsed anyway: a hit never pays for this. A folder goes once
    unused for UNUSED_FOR, or when more than KEEP others were used since. It is first renamed
    (atomically) so that no reader ever sees half of it, then deleted; anything else in the
    cache directory (not named ``data-*``, or not a plain folder) is left alone.
    """
    import shutil

    now = time.time()
    try:
        others = []
        for path in current.parent.iterdir():
            if path == current or not path.name.startswith("data-") or path.is_symlink():
                continue
            if path.is_dir():
                marker = path / MANIFEST
                used = (marker if marker.exists() else path).stat().st_mtime
                others.append((used, path))
    except OSError:
        return
    others.sort(reverse=True)
    for rank, (used, path) in enumerate(others):
        if rank >= KEEP or now - used > UNUSED_FOR:
            doomed = path.with_name(f".removing-{path.name}-{os.getpid()}")
            try:
                path.rename(doomed)
            except OSError:
                continue  # another process got there first
            shutil.rmtree(doomed, ignore_errors=True)
    # Stamps of folders that are gone, and folders left half-removed by an interrupted call.
    with contextlib.suppress(OSError):
        for path in current.parent.iterdir():
            leftover = path.name.startswith(".removing-data-") and not path.is_symlink()
            if leftover and path.is_dir() and now - path.stat().st_mtime > 3600:
                shutil.rmtree(path, ignore_errors=True)
        stamps = _subfolder(current.parent, "stamps", create=False)
        for stamp in stamps.glob("*.json") if stamps else ():
            with contextlib.suppress(OSError, LookupError, ValueError, TypeError):
                name = str(json.loads(stamp.read_bytes())[-1])
                if not name.startswith("data-") or not (current.parent / name).is_dir():
                    stamp.unlink()
