"""Measure accords against its start-up, scale and memory targets.

    python benchmarks/startup.py [--runs 15]

Each row runs whole processes, alternating the two calls it compares in the same loop so that
both see the same machine load, and reports the median and, in brackets, the spread of the
ratio over the runs (its 25th to 75th percentiles; the headline ratio is the median of the
ratios of neighbouring runs). "100x" is the file that
make_big_dataset.py writes: the bundled events and quotes repeated 100 times. Peak memory is
the child's maximum resident set size. Not part of the test run: timing is never a test's
pass/fail.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
_SCRIPT = Path(PYTHON).with_name("accords")
ACCORDS = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "accords_cli"]
BARE = [PYTHON, "-c", "pass"]

Call = tuple[list[str], dict[str, str]]


def run_once(command: list[str], env: dict[str, str]) -> float:
    """Wall time in seconds of one run of ``command``."""
    start = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start


def compare(ours: Call, base: Call, runs: int) -> tuple[float, float, float, float, float]:
    """Run ``ours`` and ``base`` alternately: the median seconds of each, and the median and
    quartiles of the ratio of each pair (neighbours in time, so they saw the same load)."""
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(run_once(*ours))
        theirs.append(run_once(*base))
    ratios = [a / b for a, b in zip(mine, theirs, strict=True)]
    low, median, high = statistics.quantiles(ratios, n=4)
    return statistics.median(mine), statistics.median(theirs), median, low, high


def peak_rss(command: list[str], env: dict[str, str]) -> float:
    """Peak RSS in MiB of a single run, measured in a fresh child so earlier runs do not count."""
    code = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PYTHON, "-c", code, *command], env=env, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    runs = max(4, args.runs)

    # Installed wheels carry compiled bytecode; a checkout may not (PYTHONDONTWRITEBYTECODE),
    # and compiling our modules on every call would be measured instead of accords itself.
    import accords_cli

    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(Path(accords_cli.__file__).parent)], check=True
    )
    work = Path(tempfile.mkdtemp(prefix="accords-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    env.pop("ACCORDS_DATA", None)
    env.pop("ACCORDS_NO_CACHE", None)
    big = work / "accords-100x.yaml"
    subprocess.run([PYTHON, str(HERE / "make_big_dataset.py"), str(big)], check=True)
    big_env = {**env, "ACCORDS_DATA": str(big)}

    def completing(base: dict[str, str]) -> dict[str, str]:
        # What the bash script sends: the line up to the cursor.
        return {**base, "_ACCORDS_COMPLETE": "complete_bash", "COMP_LINE": "accords quote Mo"}

    lookups: list[tuple[str, list[str], dict[str, str], dict[str, str]]] = [
        ("accords members --json", [*ACCORDS, "members", "--json"], env, big_env),
        ("accords quote rubio --json", [*ACCORDS, "quote", "rubio", "--json"], env, big_env),
        ("accords show KZ --json", [*ACCORDS, "show", "KZ", "--json"], env, big_env),
        ("completion of a speaker name", ACCORDS, completing(env), completing(big_env)),
    ]
    for _, command, small_env, large_env in lookups:  # warm both caches
        run_once(command, small_env)
        run_once(command, large_env)

    rows: list[tuple[str, str, str]] = []

    def row(label: str, value: str, ok: bool | None, target: str) -> None:
        verdict = "" if ok is None else (" ok" if ok else " MISSED")
        rows.append((label, value, target + verdict))
        print(f"  {label}: {value}  {target}{verdict}", file=sys.stderr)

    def spread(low: float, high: float) -> str:
        return f"[{low:.2f}-{high:.2f}]"

    # 1. Start-up on the bundled file, against a bare interpreter.
    targets = {"accords members --json": 6.0, "accords quote rubio --json": 6.0}
    table = ("accords members --format table", [*ACCORDS, "members", "--format", "table"])
    bare_rows = [(label, command, env) for label, command, env, _ in lookups]
    bare_rows.insert(2, (*table, env))
    targets |= {table[0]: 9.0, "completion of a speaker name": 6.0}
    for label, command, call_env in bare_rows:
        if label not in targets:
            continue
        ours, bare, ratio, low, high = compare((command, call_env), (BARE, env), runs)
        value = f"{ours * 1000:.0f} ms = {ratio:.2f}x bare {spread(low, high)}"
        value += f" ({bare * 1000:.0f} ms)"
        row(label, value, ratio <= targets[label], f"<= {targets[label]:g}x")

    # 2. Point lookups on the 100x file, warm, against the same call on the bundled file.
    for label, command, small_env, large_env in lookups:
        ours, _, ratio, low, high = compare((command, large_env), (command, small_env), runs)
        value = f"{ours * 1000:.0f} ms = {ratio:.2f}x bundled {spread(low, high)}"
        row(f"100x, warm: {label.removeprefix('accords ')}", value, ratio <= 1.5, "<= 1.5x")

    # A listing that prints everything grows with its output.
    timeline = [*ACCORDS, "timeline", "--json"]
    run_once(timeline, big_env)
    ours, _, ratio, low, high = compare((timeline, big_env), (timeline, env), max(4, runs // 3))
    value = f"{ours * 1000:.0f} ms = {ratio:.1f}x bundled {spread(low, high)}"
    row("100x, warm: timeline --json (100x the output)", value, None, "grows with output")

    # 3. The first run on the 100x file, against parsing it with libyaml alone.
    parse = (
        "import sys, yaml; from accords_cli import dataset; "
        "yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=dataset.safe_loader())"
    )
    first, parsing = [], []
    for _ in range(max(4, runs // 3)):
        shutil.rmtree(work / "cache", ignore_errors=True)
        first.append(run_once([*ACCORDS, "members", "--json"], big_env))
        parsing.append(run_once([PYTHON, "-c", parse, str(big)], env))
    pairs = zip(first, parsing, strict=True)
    low, ratio, high = statistics.quantiles([a / b for a, b in pairs], n=4)
    cold, parse_only = statistics.median(first), statistics.median(parsing)
    value = (
        f"{cold * 1000:.0f} ms = {ratio:.2f}x libyaml parse {spread(low, high)}"
        f" ({parse_only * 1000:.0f} ms)"
    )
    row("100x, first run (no cache)", value, ratio <= 1.3, "<= 1.3x")

    # 4. Memory.
    shutil.rmtree(work / "cache", ignore_errors=True)
    cold_rss = peak_rss([*ACCORDS, "members", "--json"], big_env)
    row("peak memory, 100x first run", f"{cold_rss:.0f} MiB", cold_rss <= 120, "<= 120 MiB")
    for label, command, small_env, large_env in lookups:
        for name, call_env in (("bundled", small_env), ("100x", large_env)):
            rss = peak_rss(command, call_env)
            row(f"peak memory, {name}, warm: {label.removeprefix('accords ')}",
                f"{rss:.0f} MiB", rss <= 40, "<= 40 MiB")  # fmt: skip
    listings = [["timeline", "--json"], ["quote", "--json"], ["search", "embassy", "--json"],
                ["sources", "--json"], ["info", "--json"]]  # fmt: skip
    for listing in listings:
        rss = peak_rss([*ACCORDS, *listing], big_env)
        row(f"peak memory, 100x, warm: {' '.join(listing)}", f"{rss:.0f} MiB", None, "listing")

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, {runs} runs per row;")
    print("[a-b]: the 25th to 75th percentiles of the ratio over the runs\n")
    width = max(len(label) for label, _, _ in rows)
    for label, value, target in rows:
        print(f"{label:<{width}}  {value:<50}  {target}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
