"""A Cosmic Ray filter: keep a fixed sample of a session's mutants and skip the rest.

    python tools/mutation/sample.py SESSION.sqlite [--keep 20] [--seed 15]

Cosmic Ray makes every mutant of a module: hundreds for most of ours, each costing a run of
the module's tests. A sample drawn with a fixed seed from the mutants in a fixed order (place,
then operator, then occurrence) is the same for the same code, so two runs compare. The rest
are marked skipped, as Cosmic Ray's own filters do.
"""

from __future__ import annotations

import argparse
import random

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import WorkerOutcome, WorkResult


def _order(item):
    mutation = item.mutations[0]
    return (
        str(mutation.module_path),
        tuple(mutation.start_pos),
        mutation.operator_name,
        mutation.occurrence,
    )


def keep_sample(db: WorkDB, keep: int, seed: int) -> tuple[int, int]:
    """Skip all but `keep` pending mutants; (kept, skipped)."""
    pending = sorted(db.pending_work_items, key=_order)
    kept = random.Random(seed).sample(pending, min(keep, len(pending)))
    chosen = {item.job_id for item in kept}
    skipped = [item.job_id for item in pending if item.job_id not in chosen]
    if skipped:
        db.set_multiple_results(
            skipped,
            WorkResult(output="not in the sample", worker_outcome=WorkerOutcome.SKIPPED),
        )
    return len(chosen), len(skipped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("session", help="a session made by `cosmic-ray init`")
    parser.add_argument("--keep", type=int, default=20, help="mutants to keep (default 20)")
    parser.add_argument("--seed", type=int, default=15, help="the sample's seed (default 15)")
    args = parser.parse_args()
    with use_db(args.session, WorkDB.Mode.open) as db:
        kept, skipped = keep_sample(db, args.keep, args.seed)
    print(f"{args.session}: {kept} mutants kept, {skipped} skipped")


if __name__ == "__main__":
    main()
