"""Build a journal with many check-ins quickly, for the benchmarks."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.settings import Settings
from ketacheck.store.journal import Journal

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def build(data_dir: Path, checkins: int, now: datetime = NOW) -> Journal:
    """A journal of ``checkins`` check-ins spread over the years before ``now``."""
    rng = random.Random(7)
    journal = Journal.open(data_dir, now.date())
    infusions = [
        Infusion.create(now - timedelta(days=7 * n, hours=5), 45) for n in range(120, -1, -1)
    ]
    records = []
    for n in range(checkins):
        at = now - timedelta(hours=4 + (checkins - n) * 3)
        records.append(
            CheckIn.from_dict(
                {
                    "id": f"{n:032x}",
                    "at": at.isoformat(),
                    "infusion_id": None,
                    "dizziness": rng.randint(0, 10),
                    "nausea": rng.randint(0, 10),
                    "vomited": False,
                    "fluids_glasses": rng.randint(0, 12),
                    "electrolytes": False,
                    "mood": rng.randint(0, 10),
                    "fatigue": rng.randint(0, 10),
                    "sleep_hours": 7.0,
                    "note": "Felt steady this afternoon; a short walk helped.",
                }
            )
        )
    journal.import_records(infusions, records, Settings(onboarded=True))
    return journal
