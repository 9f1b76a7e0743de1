"""Write a data file about 1.5 MB in size from the bundled one, for the scale benchmark.

    python benchmarks/make_big_dataset.py OUT.yaml [--copies 10]

Each copy of every record gets its own ids, source ids and two-letter country codes, so the
result validates like the real file. The performance targets call a file of about 1.5 MB
"100x"; that is ten copies of today's bundled file.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import string
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()

    from accords_cli import dataset

    text = (ROOT / "data" / "accords.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=dataset.safe_loader())
    states = [*data["countries"], *data["members"], *data["candidates"]]
    used = {s["code"] for s in states if s["code"]}
    spare = (a + b for a, b in itertools.product(string.ascii_uppercase, repeat=2))
    spare = (code for code in spare if code not in used)

    big: dict[str, Any] = {"meta": data["meta"]}
    for section in ("sources", "countries", "members", "candidates", "events", "quotes"):
        big[section] = list(data[section])
    for n in range(1, args.copies):
        codes = {code: next(spare) for code in sorted(used)}
        for section in ("sources", "countries", "members", "candidates", "events", "quotes"):
            for record in data[section]:
                big[section].append(_copy(record, n, codes))
    big["events"].sort(key=lambda e: e["date"])
    args.out.write_text(yaml.safe_dump(big, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.1f} MB, {len(big['events'])} events")


def _copy(record: Any, n: int, codes: dict[str, str]) -> Any:
    """A deep copy with ids, source references and country codes renamed for copy ``n``."""
    record = copy.deepcopy(record)
    if "id" in record:
        record["id"] = f"{record['id']}-copy{n}"
    if record.get("code"):
        record["code"] = codes[record["code"]]
    for key in ("countries",):
        if key in record:
            record[key] = [codes[c] for c in record[key]]
    for signatory in record.get("signatories", []):
        signatory["party"] = codes[signatory["party"]]
    for holder in [record, *record.get("documents", []), *record.get("milestones", [])]:
        if "sources" in holder:
            holder["sources"] = [f"{s}-copy{n}" for s in holder["sources"]]
    return record


if __name__ == "__main__":
    main()
