"""Saving a check-in as the app does, against orjson dump + write + fsync of the same
journal, in turns; run by :mod:`tests.bench.bench` in a process of its own.

    python -m tests.bench.saves DATA_DIR RUNS    # prints the two medians, in seconds

A process of its own, as the app or the command line opens a patient's journal: in the
bench's process, which has just built the journals, the journal's records lay scattered
through the heap the building left, and dumping them took about a third longer than
dumping the same file parsed afresh (the floor's copy). No patient's save meets that.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.bench import Sample, in_turns  # noqa: E402

#: The check-in saved each time (with a note, as many of a patient's have).
ANSWERS = {
    "dizziness": 2,
    "nausea": 1,
    "vomited": False,
    "fluids_glasses": 3,
    "electrolytes": True,
    "mood": 7,
    "self_harm_thoughts": False,
    "note": "Felt steady this afternoon; a short walk helped.",
}


def measure(data_dir: Path, runs: int) -> tuple[float, float]:
    """The median seconds of a save and of its floor, ``runs`` of each in turns.

    A save is built from the overview the app holds and added to the journal; the
    check-ins come eight hours apart, as a patient's would, after the journal's last.
    """
    import orjson

    from ketacheck.store.journal import Journal
    from ketacheck.usecases.checkins import build_checkin
    from tests.bench.realistic import BENCH_NOW

    journal = Journal.open(data_dir, BENCH_NOW.date())
    overview = journal.overview()
    tables = orjson.loads(journal.path.read_bytes())
    target = data_dir.parent / "floor.json"
    moments = iter(BENCH_NOW + timedelta(hours=8 * n) for n in range(1, runs + 2))

    def save() -> Sample:
        at = next(moments)
        start = time.perf_counter()
        checkin = build_checkin(
            ANSWERS, at, overview.infusions, overview.baseline_mood,
            clinic_bp=overview.settings.clinic_bp,
        )  # fmt: skip
        journal.add_checkin(checkin, at)
        return time.perf_counter() - start, 0

    def floor() -> Sample:
        start = time.perf_counter()
        payload = orjson.dumps(tables)
        with open(target, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        return time.perf_counter() - start, 0

    got = in_turns(runs, ours=save, floor=floor)
    journal.close()
    return got["ours"][0], got["floor"][0]


if __name__ == "__main__":
    ours, floor = measure(Path(sys.argv[1]), int(sys.argv[2]))
    print(ours, floor)
