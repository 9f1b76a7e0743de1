"""Measure the designs considered for lookups on a large file, to compare them.

    python benchmarks/alternatives.py [--runs 15]

- parsing the 100x file: ``yaml.load`` (libyaml builds a node for every value, then Python
  objects) against building the objects from libyaml's events, as dataset.py does;
- finding one speaker's quotes in a warm cache: the standard library's sqlite3 (one table of
  records, indexed by speaker) against the JSON files and indexes of cache.py, each in a fresh
  process, beside a bare interpreter and one that only imports sqlite3.

Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable

PARSE = """
import gc, resource, sys, time
gc.disable()
from accords_cli import dataset
content = open(sys.argv[1], "rb").read()
start = time.perf_counter()
if sys.argv[2] == "events":
    dataset._stream(content)
else:
    import yaml
    yaml.load(content, Loader=dataset.safe_loader())
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

SQLITE_LOOKUP = """
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
rows = con.execute(
    "SELECT record FROM quotes WHERE speaker IN (SELECT name FROM speakers WHERE folded LIKE ?)"
    " ORDER BY ordinal", ("%rubio%",)).fetchall()
found = [json.loads(row[0]) for row in rows]
assert len(found) == 2, found
"""

INDEX_LOOKUP = """
import sys
from pathlib import Path
from accords_cli import cache
entry = cache.recall(Path(sys.argv[1]), Path(sys.argv[1]).stat())
names = [n for n, folded in entry.json("speakers.json")["names"] if " rubio" in " " + folded]
buckets = entry.json("speakers.json")["buckets"]
refs = []
for name in names:
    refs += entry.json(cache.speaker_file(cache.speaker_bucket(name, buckets)))[name]
found = entry.records("quotes", refs)
assert len(found) == 2, found
"""


def timed(command: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    import accords_cli

    package = str(Path(accords_cli.__file__).parent)
    subprocess.run([PYTHON, "-m", "compileall", "-q", package], check=True)  # as in a wheel
    work = Path(tempfile.mkdtemp(prefix="accords-alternatives-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    env.pop("ACCORDS_NO_CACHE", None)
    big = work / "accords-100x.yaml"
    subprocess.run([PYTHON, str(HERE / "make_big_dataset.py"), str(big)], check=True)
    settled = time.time() - 60  # a file just written is not stamped (see cache.remember)
    os.utime(big, (settled, settled))

    print("parsing the 100x file (median time, peak memory of the process):")
    for how in ("yaml.load", "events"):
        results = []
        for _ in range(max(3, args.runs // 5)):
            out = subprocess.run(
                [PYTHON, "-c", PARSE, str(big), how], env=env, capture_output=True, check=True
            )
            seconds, rss = out.stdout.split()
            results.append((float(seconds), int(rss) / 1024))
        seconds = statistics.median(s for s, _ in results)
        print(f"  {how:<10} {seconds * 1000:6.0f} ms  {max(m for _, m in results):4.0f} MiB")

    # The sqlite3 alternative: the same records, one row each, indexed by speaker.
    from accords_cli import dataset

    raw = dataset._stream(big.read_bytes())
    database = work / "cache.sqlite"
    con = sqlite3.connect(database)
    con.execute("CREATE TABLE quotes (ordinal INTEGER PRIMARY KEY, speaker TEXT, record TEXT)")
    con.execute("CREATE INDEX by_speaker ON quotes (speaker)")
    con.execute("CREATE TABLE speakers (name TEXT PRIMARY KEY, folded TEXT)")
    from accords_cli.models import fold

    for n, quote in enumerate(raw["quotes"]):
        record = json.dumps(quote, ensure_ascii=False)
        con.execute("INSERT INTO quotes VALUES (?, ?, ?)", (n, quote["speaker"], record))
        con.execute(
            "INSERT OR IGNORE INTO speakers VALUES (?, ?)",
            (quote["speaker"], fold(quote["speaker"])),
        )
    con.commit()
    con.close()
    subprocess.run([PYTHON, "-m", "accords_cli", "info", "--data", str(big)], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip

    print("\none speaker's quotes from a warm cache of the 100x file, whole process (median):")
    bare = timed([PYTHON, "-c", "pass"], env, args.runs)
    print(f"  {'bare interpreter':<36} {bare * 1000:5.1f} ms")
    for label, imports, lookup in [
        ("sqlite3", "import json, sqlite3", [SQLITE_LOOKUP, str(database)]),
        ("cache.py", "import accords_cli.cache", [INDEX_LOOKUP, str(big)]),
    ]:
        imported = timed([PYTHON, "-c", imports], env, args.runs)
        found = timed([PYTHON, "-c", *lookup], env, args.runs)
        print(f"  {imports:<36} {imported * 1000:5.1f} ms  (+{(imported - bare) * 1000:4.1f} ms)")
        print(f"  {'... and the lookup (' + label + ')':<36} {found * 1000:5.1f} ms"
              f"  (+{(found - imported) * 1000:4.1f} ms)")  # fmt: skip
    print("  (accords imports json, pathlib, re... anyway: sqlite3 would be new)")
    sqlite = timed([PYTHON, "-c", "import sqlite3"], env, args.runs)
    print(f"  {'import sqlite3':<36} {sqlite * 1000:5.1f} ms  (+{(sqlite - bare) * 1000:4.1f} ms)")


if __name__ == "__main__":
    main()
