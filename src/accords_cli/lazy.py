"""Events and quotes read from the cache only as far as a call needs them.

A listing reads a section whole; a lookup (a speaker's quotes, a state's events) reads the
cache's index, then only the records it points to, and builds and validates just those: its
cost follows the answer, not the size of the file. Whatever is damaged in the cache makes the
section fall back to the data file itself (``fallback``), which also rewrites the cache.
"""

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar, overload

from accords_cli.cache import Damaged, Entry, Ref, country_file, speaker_bucket, speaker_file
from accords_cli.models import Dataset, Event, Quote
from accords_cli.validate import Invalid, build_section

T = TypeVar("T", Event, Quote)
CHUNK = 1000  # records built at a time when a section is read whole


class Section(Sequence[T]):
    """The events or the quotes of a cached data file, read on demand."""

    def __init__(
        self, entry: Entry, name: str, raw: dict[str, Any], fallback: Callable[[], Dataset]
    ) -> None:
        self._entry = entry
        self._name = name
        self._raw = raw  # the small sections, which records refer to
        self._fallback = fallback
        self._all: tuple[T, ...] | None = None
        self._speakers: tuple[int, list[tuple[str, str]]] | None = None

    def _build(self, records: list[Any]) -> tuple[T, ...]:
        others: dict[str, list[Any]] = {"events": [], "quotes": []}
        built: Any = build_section({**self._raw, **others, self._name: records}, self._name)
        return tuple(built)

    def _full(self) -> tuple[T, ...]:
        return tuple(getattr(self._fallback(), self._name))

    def _records(self) -> tuple[T, ...]:
        if self._all is None:
            self._all = tuple(self._stream())
        return self._all

    def _stream(self) -> Iterator[T]:
        """Every record, read, built and validated a chunk at a time: a listing that keeps
        only some (search, sources) never holds the whole section."""
        done = 0
        try:
            chunk = []
            for raw in self._entry.section(self._name):
                chunk.append(raw)
                if len(chunk) == CHUNK:
                    for record in self._build(chunk):
                        yield record
                        done += 1
                    chunk = []
            for record in self._build(chunk):
                yield record
                done += 1
        except (Damaged, Invalid):
            # The cache holds the records in the file's built order: carry on from the file.
            yield from self._full()[done:]

    # Sequence: a listing reads the section whole.
    def __len__(self) -> int:
        if self._all is None:
            return self._entry.counts[self._name]  # from the manifest: `info` reads no record
        return len(self._all)

    def __iter__(self) -> Iterator[T]:
        return iter(self._all) if self._all is not None else self._stream()

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self._records()[index]

    # Lookups through the indexes.
    def speakers(self) -> list[tuple[str, str]]:
        """Each speaker's name and its folded form, in order of first quote."""
        try:
            return self._speaker_index()[1]
        except Damaged:
            from accords_cli.models import fold

            quotes = self._fallback().quotes
            return [(name, fold(name)) for name in dict.fromkeys(q.speaker for q in quotes)]

    def _speaker_index(self) -> tuple[int, list[tuple[str, str]]]:
        if self._speakers is None:
            index = self._entry.json("speakers.json")
            try:
                buckets = index["buckets"]
                names = [(str(name), str(folded)) for name, folded in index["names"]]
            except (TypeError, ValueError, KeyError):
                raise Damaged("speakers.json") from None
            if not isinstance(buckets, int) or buckets < 1:
                raise Damaged("speakers.json")
            self._speakers = buckets, names
        return self._speakers

    def by_speakers(self, names: Sequence[str]) -> list[T]:
        """The quotes of these speakers (exact names), oldest first."""
        wanted = set(names)
        try:
            buckets = self._speaker_index()[0]
            refs: list[Ref] = []
            for bucket in sorted({speaker_bucket(name, buckets) for name in wanted}):
                found = self._entry.json(speaker_file(bucket))
                if not isinstance(found, dict):
                    raise Damaged(speaker_file(bucket))
                refs += [ref for name in wanted for ref in found.get(name, ())]
            built = self._build(self._entry.records(self._name, refs))
            if any(getattr(record, "speaker", None) not in wanted for record in built):
                raise Damaged("speakers.json")
            return list(built)
        except (Damaged, Invalid):
            return [q for q in self._full() if getattr(q, "speaker", None) in wanted]

    def concerning(self, code: str) -> list[T]:
        """The records concerning the state with this ISO code, in order."""
        try:
            try:
                where = self._entry.json(country_file(code))
            except Damaged:
                if country_file(code) in self._entry.files:
                    raise
                return []  # no record names this state
            built = self._build(self._entry.records(self._name, where[self._name]))
            if any(code not in record.countries for record in built):
                raise Damaged(country_file(code))
            return list(built)
        except (Damaged, Invalid, KeyError, TypeError):
            return [record for record in self._full() if code in record.countries]
