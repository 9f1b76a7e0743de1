"""Measure accords against the start-up and memory targets of the performance issue.

    python benchmarks/startup.py [--runs 15]

Each row runs whole processes, alternating with `python -c pass` in the same loop so that both
see the same machine load, and reports medians and their ratio. Peak memory is the child's
maximum resident set size. Not part of the test run: timing is never a test's pass/fail.
"""

from __future__ import annotations

import argparse
import os
import resource
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


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in KiB of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(before, after)


def median_pair(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float, int]:
    """Median seconds of ``command`` and of a bare interpreter, alternating; and peak RSS."""
    ours, bare, peak = [], [], 0
    for _ in range(runs):
        elapsed, rss = run_once(command, env)
        ours.append(elapsed)
        peak = max(peak, rss)
        bare.append(run_once([PYTHON, "-c", "pass"], env)[0])
    return statistics.median(ours), statistics.median(bare), peak


def peak_rss(command: list[str], env: dict[str, str]) -> int:
    """Peak RSS of a single run, measured in a fresh child so earlier runs do not count."""
    code = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PYTHON, "-c", code, *command], env=env, capture_output=True, text=True)
    return int(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    # Installed wheels carry compiled bytecode; a checkout may not (PYTHONDONTWRITEBYTECODE),
    # and compiling our modules on every call would be measured instead of accords itself.
    import accords_cli

    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(Path(accords_cli.__file__).parent)], check=True
    )
    work = Path(tempfile.mkdtemp(prefix="accords-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    env.pop("ACCORDS_DATA", None)
    big = work / "accords-100x.yaml"
    subprocess.run([PYTHON, str(HERE / "make_big_dataset.py"), str(big)], check=True)
    completion = {
        **env,
        "_ACCORDS_COMPLETE": "complete_bash",
        "COMP_LINE": "accords quote Ru",
    }

    rows: list[tuple[str, str, str]] = []

    def ratio_row(label: str, command: list[str], target: float, row_env: dict[str, str]) -> float:
        subprocess.run(command, env=row_env, stdout=subprocess.DEVNULL, check=False)  # warm cache
        ours, bare, _ = median_pair(command, row_env, args.runs)
        ratio = ours / bare
        verdict = "ok" if ratio <= target else "MISSED"
        rows.append(
            (
                label,
                f"{ours * 1000:.0f} ms = {ratio:.1f}x bare ({bare * 1000:.0f} ms)",
                f"<= {target}x {verdict}",
            )
        )
        return ours

    small = ratio_row("accords members --json", [*ACCORDS, "members", "--json"], 6, env)
    ratio_row("accords quote rubio --json", [*ACCORDS, "quote", "rubio", "--json"], 6, env)
    ratio_row("accords members --format table", [*ACCORDS, "members", "--format", "table"], 9, env)
    ratio_row("completion of a speaker name", [*ACCORDS], 6, completion)

    big_env = {**env, "ACCORDS_DATA": str(big)}
    subprocess.run(
        [*ACCORDS, "members", "--json"], env=big_env, stdout=subprocess.DEVNULL, check=True
    )
    warm = statistics.median(
        run_once([*ACCORDS, "members", "--json"], big_env)[0] for _ in range(args.runs)
    )
    verdict = "ok" if warm <= 1.5 * small else "MISSED"
    rows.append(
        (
            "100x data, second run",
            f"{warm * 1000:.0f} ms = {warm / small:.2f}x small",
            f"<= 1.5x {verdict}",
        )
    )

    cold_times, parse_times = [], []
    parse = (
        "import sys, yaml; from accords_cli import dataset; "
        "yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=dataset.safe_loader())"
    )
    for _ in range(max(5, args.runs // 3)):
        shutil.rmtree(work / "cache", ignore_errors=True)
        cold_times.append(run_once([*ACCORDS, "members", "--json"], big_env)[0])
        parse_times.append(run_once([PYTHON, "-c", parse, str(big)], env)[0])
    cold, parse_only = statistics.median(cold_times), statistics.median(parse_times)
    verdict = "ok" if cold <= 1.3 * parse_only else "MISSED"
    rows.append(
        (
            "100x data, first run (no cache)",
            f"{cold * 1000:.0f} ms = {cold / parse_only:.2f}x libyaml parse"
            f" ({parse_only * 1000:.0f} ms)",
            f"<= 1.3x {verdict}",
        )
    )

    small_rss = peak_rss([*ACCORDS, "members", "--json"], env) / 1024
    big_rss = peak_rss([*ACCORDS, "members", "--json"], big_env) / 1024
    rows.append(
        (
            "peak memory, members --json",
            f"{small_rss:.0f} MiB",
            f"<= 40 MiB {'ok' if small_rss <= 40 else 'MISSED'}",
        )
    )
    rows.append(
        (
            "peak memory, 100x data",
            f"{big_rss:.0f} MiB",
            f"<= 120 MiB {'ok' if big_rss <= 120 else 'MISSED'}",
        )
    )

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, median of {args.runs} runs\n")
    width = max(len(label) for label, _, _ in rows)
    for label, value, target in rows:
        print(f"{label:<{width}}  {value:<52}  {target}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
