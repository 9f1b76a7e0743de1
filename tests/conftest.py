"""Shared fixtures: the real dataset, a CLI runner, and a factory for small data files."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings
from typer.testing import CliRunner

from accords_cli import dataset
from accords_cli.models import Dataset

# Property tests check behaviour, never speed: Hypothesis's per-example deadline (200 ms) failed
# a test on a busy machine whose first example built the data. Timing lives in benchmarks/.
settings.register_profile("accords", deadline=None)
settings.load_profile("accords")

ROOT = Path(__file__).resolve().parents[1]
DATA_FILE = ROOT / "data" / "accords.yaml"
# The day every test takes as today (ACCORDS_TODAY), so that no output depends on the real date.
TODAY = date(2026, 12, 6)

# A minimal valid dataset; tests copy it and break one thing at a time.
SMALL: dict[str, Any] = {
    "meta": {"title": "Test data", "version": "0.1", "as_of": "2026-01-31"},
    "sources": [
        {
            "id": "src-one",
            "title": "First source",
            "publisher": "Example Wire",
            "published": "2020-09-15",
            "url": "https://example.org/one",
        },
        {
            "id": "src-two",
            "title": "Second source",
            "publisher": "Example Ministry",
            "published": None,
            "url": "https://example.org/two",
        },
    ],
    "countries": [
        {"code": "IL", "name": "Israel"},
        {"code": "US", "name": "United States", "aliases": ["USA"]},
    ],
    "members": [
        {
            "code": "AE",
            "name": "United Arab Emirates",
            "aliases": ["UAE", "Emirates"],
            "status": "in-force",
            "status_note": "In force.",
            "announced": "2020-08-13",
            "signed": "2020-09-15",
            "agreement": "Treaty",
            "signatories": [{"party": "AE", "name": "A. Minister", "role": "Foreign Minister"}],
            "sources": ["src-one"],
        },
        {
            "code": "KZ",
            "name": "Kazakhstan",
            "status": "announced",
            "status_note": "Announced only.",
            "announced": "2025-11-06",
            "sources": ["src-two"],
        },
    ],
    "candidates": [
        {
            "code": "SA",
            "name": "Saudi Arabia",
            "position": "Waits for a path to a Palestinian state.",
            "date": "2025-11-18",
            "sources": ["src-two"],
        }
    ],
    "events": [
        {
            "id": "one",
            "date": "2020-08-13",
            "title": "First event",
            "summary": "Something happened.",
            "countries": ["AE", "IL"],
            "kind": "announcement",
            "sources": ["src-one"],
        },
        {
            "id": "two",
            "date": "2025-11-06",
            "title": "Second event",
            "summary": "Something else.",
            "countries": ["KZ"],
            "kind": "announcement",
            "sources": ["src-two"],
        },
    ],
    "quotes": [
        {
            "id": "q-one",
            "speaker": "Gideon Sa'ar",
            "role": "Foreign Minister of Israel",
            "date": "2025-11-06",
            "text": "Words.",
            "context": "A statement.",
            "countries": ["KZ", "IL"],
            "verbatim": True,
            "sources": ["src-two"],
        },
        {
            "id": "q-two",
            "speaker": "José Émile",
            "role": "Someone",
            "date": "2020-09-15",
            "text": "Other words.",
            "context": "A speech.",
            "verbatim": False,
            "sources": ["src-one"],
        },
    ],
}


@pytest.fixture(scope="session")
def real() -> Dataset:
    return dataset.load(str(DATA_FILE))


@pytest.fixture(scope="session")
def raw_real() -> Any:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session", autouse=True)
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One cache directory for the whole run, set before any data is loaded."""
    home = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(home))
        yield home


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, cache_home: Path) -> None:
    """Tests see the bundled data, decide colour themselves, keep their cache to themselves and
    live on the same day (TODAY), whatever the caller's shell and calendar have."""
    for name in (
        "ACCORDS_DATA", "NO_COLOR", "FORCE_COLOR", "ACCORDS_DEBUG", "ACCORDS_NO_CACHE",
        "ACCORDS_NO_AGE_WARNING",
    ):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    monkeypatch.setenv("ACCORDS_TODAY", TODAY.isoformat())


@pytest.fixture
def small() -> dict[str, Any]:
    """A fresh deep copy of SMALL, to break one thing at a time."""
    return copy.deepcopy(SMALL)


@pytest.fixture
def write_data(tmp_path: Path) -> Callable[..., Path]:
    """Write a mapping (as YAML) or raw text to a file and return its path."""
    counter = iter(range(1_000_000))

    def write(content: Any, name: str | None = None) -> Path:
        path = tmp_path / (name or f"data{next(counter)}.yaml")
        text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write
