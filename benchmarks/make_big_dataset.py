"""Write the "100x" data file of the scale benchmark from the bundled one.

    python benchmarks/make_big_dataset.py OUT.yaml [--copies 100]

The bundled events and quotes are repeated ``--copies`` times (the first copy is the original);
every other section (members, candidates, sources...) is kept as it is. Each extra copy of an
event or a quote gets a fresh id, and names a fictional speaker ("Speaker 17-3") and a
fictional state of its own (added to ``countries``), so that a point lookup of a real speaker
or country (`quote rubio`, `show KZ`) finds the same records in both files: the file is 100
times larger, the answer is not. The result validates like the real file.
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
    parser.add_argument("--copies", type=int, default=100)
    args = parser.parse_args()
    big = enlarge((ROOT / "data" / "accords.yaml").read_text(encoding="utf-8"), args.copies)
    args.out.write_text(yaml.safe_dump(big, allow_unicode=True, sort_keys=False), encoding="utf-8")
    size = args.out.stat().st_size / 1e6
    print(f"{args.out}: {size:.1f} MB, {len(big['events'])} events, {len(big['quotes'])} quotes")


def enlarge(text: str, copies: int) -> dict[str, Any]:
    """The parsed data of ``text`` with its events and quotes repeated ``copies`` times."""
    from accords_cli import dataset

    data = yaml.load(text, Loader=dataset.safe_loader())
    states = [*data.get("countries", []), *data["members"], *data.get("candidates", [])]
    used = {s["code"] for s in states if s["code"]}
    spare = (a + b for a, b in itertools.product(string.ascii_uppercase, repeat=2))
    codes = [code for code in spare if code not in used]
    speakers = list(dict.fromkeys(q["speaker"] for q in data["quotes"]))

    big = dict(data)
    big["countries"] = list(data.get("countries", []))
    big["events"], big["quotes"] = list(data["events"]), list(data["quotes"])
    for n in range(1, copies):
        code = codes[n - 1]
        big["countries"].append({"code": code, "name": f"Replica {n}"})
        for event in data["events"]:
            big["events"].append(_copy(event, n, code))
        for quote in data["quotes"]:
            record = _copy(quote, n, code)
            record["speaker"] = f"Speaker {n}-{speakers.index(quote['speaker']) + 1}"
            big["quotes"].append(record)
    big["events"].sort(key=lambda e: e["date"])
    return big


def _copy(record: dict[str, Any], n: int, code: str) -> dict[str, Any]:
    record = copy.deepcopy(record)
    record["id"] = f"{record['id']}-copy{n}"
    if record.get("countries"):
        record["countries"] = [code]
    return record


if __name__ == "__main__":
    main()
