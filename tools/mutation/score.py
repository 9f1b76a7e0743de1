"""Print a Cosmic Ray session's score and its survivors, each with its place and diff.

    python tools/mutation/score.py .mutation/age.sqlite

Killed counts a failing test run and a timeout; mutants Cosmic Ray could not run
(incompetent) and those left out of the sample are not counted. A survivor is a test to write,
unless no user could ever see the difference: then it goes, with why, in
tools/mutation/equivalent.md and counts apart in the table of docs/development.md.
"""

from __future__ import annotations

import sys

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import TestOutcome, WorkerOutcome


def main(session: str) -> None:
    killed, survivors = 0, []
    with use_db(session, WorkDB.Mode.open) as db:
        for item, result in db.completed_work_items:
            if result.worker_outcome != WorkerOutcome.NORMAL:
                continue
            if result.test_outcome == TestOutcome.KILLED:
                killed += 1
            elif result.test_outcome == TestOutcome.SURVIVED:
                survivors.append((item, result))
    total = killed + len(survivors)
    print(f"{session}: {killed}/{total} killed, {len(survivors)} survived")
    for item, result in survivors:
        mutation = item.mutations[0]
        line = mutation.start_pos[0]
        print(f"\nsurvived: {mutation.module_path}:{line} {mutation.operator_name}")
        print(result.diff)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
