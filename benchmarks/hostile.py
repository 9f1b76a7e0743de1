"""Measure what hostile data files cost: wall time, CPU time and peak memory of one refusal.

    python benchmarks/hostile.py [--only NAME]

Each file is written to a temporary folder and read by a fresh ``accords members --data FILE``
with the cache off; the row shows the exit code, the times, the child's peak resident set
size and the first words of its message. Every file here must be refused under 150 MiB.
The parse of the bundled file is timed too, since every cold start and ``check`` pays for it.
Not part of the test run: timing is never a test's pass/fail.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SIZE = 20 * 1024 * 1024 - 64  # just under the size limit


def _tiny(item: str, where: str) -> Callable[[], str]:
    count = (SIZE - 100) // (len(item) + 1)
    return lambda: f"{where}: [" + f"{item}," * count + f"{item}]\n"


def _merge_bomb() -> str:
    lines = ["m0: &m0 {a: 1}"]
    lines += [f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}]}}" for i in range(1, 25)]
    return "\n".join(lines) + "\n"


def _laughs() -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    return "\n".join(lines) + "\nmeta: {title: *a8}\n"


FILES: dict[str, Callable[[], str]] = {
    "20 MB of [{},{},...]": _tiny("{}", "sources"),
    "20 MB of [1,1,...]": _tiny("1", "quotes"),
    "20 MB of [ab,ab,...]": _tiny("ab", "events"),
    "20 MB of [{a: 1},...]": _tiny("{a: 1}", "quotes"),
    "20 MB of [[],[],...]": _tiny("[]", "sources"),
    "20 MB list in meta": _tiny("1", "meta"),
    "100,000 [ behind an anchor": lambda: "meta: &a " + "[" * 100_000 + "]" * 100_000 + "\n",
    "merge-key bomb (24 levels)": _merge_bomb,
    "billion laughs (9 levels)": _laughs,
}


def measure(file: Path) -> tuple[int, float, float, float, str]:
    """Exit code, wall and CPU seconds, peak MiB and message of one run on ``file``."""
    env = {**os.environ, "ACCORDS_NO_CACHE": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "-m", "accords_cli", "members", "--data", str(file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stderr is not None
    message = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    message = message.replace(str(file), "FILE").strip()
    return process.returncode, wall, cpu, usage.ru_maxrss / 1024, message


def bundled_parse(runs: int = 30) -> float:
    """Median milliseconds to parse the bundled file, in process."""
    from accords_cli import dataset

    content = (ROOT / "data" / "accords.yaml").read_bytes()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        dataset._stream(content)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only the files whose name contains this")
    args = parser.parse_args()
    print(f"bundled file parsed in {bundled_parse():.1f} ms (median of 30)")
    print(f"{'file':30} {'exit':>4} {'wall s':>7} {'cpu s':>6} {'peak MiB':>8}  message")
    with tempfile.TemporaryDirectory() as folder:
        for name, make in FILES.items():
            if args.only and args.only not in name:
                continue
            file = Path(folder) / "hostile.yaml"
            file.write_text(make(), encoding="utf-8")
            code, wall, cpu, peak, message = measure(file)
            print(f"{name:30} {code:4} {wall:7.2f} {cpu:6.2f} {peak:8.0f}  {message[:70]}")


if __name__ == "__main__":
    main()
