"""Measure what naming cache entries by a cryptographic digest costs.

    python benchmarks/digest.py [--runs 15] [FILE]

A call that reads the data file (the first one, or one on a file changed since it was stamped)
names its cache entry by a digest of the file's bytes. This prints, for FILE (default: the
bundled data file), the time of one digest with each candidate, the fastest of --runs rounds of
many, and what importing each costs in a fresh interpreter (the median of --runs). Not part of
the test run: timing is never a test's pass/fail.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import timeit
import zlib
from collections.abc import Callable
from pathlib import Path

BUNDLED = Path(__file__).resolve().parents[1] / "data" / "accords.yaml"


def per_call(function: Callable[[], object], runs: int) -> float:
    """Milliseconds per call: the fastest of ``runs`` rounds, the one least disturbed."""
    number = 200
    return min(timeit.repeat(function, number=number, repeat=runs)) / number * 1000


def import_cost(module: str, runs: int) -> float:
    """Milliseconds to import ``module`` in a fresh interpreter, as -X importtime reports."""
    costs = []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            check=True,
        )
        last = result.stderr.strip().splitlines()[-1]  # the module itself, with what it imports
        costs.append(int(last.split("|")[1]) / 1000)
    return statistics.median(costs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=BUNDLED)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    content = args.file.read_bytes()

    import hashlib

    from accords_cli import cache

    print(f"{args.file} ({len(content) / 1024:.0f} KiB)\n")
    print("| digest | one call | import, fresh interpreter |")
    print("| --- | --- | --- |")
    rows = [
        ("BLAKE2b-256 (used)", lambda: cache._digest(content), "_blake2"),
        (
            "BLAKE2b-256 through hashlib",
            lambda: hashlib.blake2b(content, digest_size=32),
            "hashlib",
        ),
        ("SHA-256 (OpenSSL)", lambda: hashlib.sha256(content).hexdigest(), "hashlib"),
        ("CRC-32 (before; not cryptographic)", lambda: zlib.crc32(content), "zlib"),
    ]
    for name, function, module in rows:
        took, imported = per_call(function, args.runs), import_cost(module, args.runs)
        print(f"| {name} | {took:.3f} ms | {imported:.2f} ms (`{module}`) |")


if __name__ == "__main__":
    main()
