"""Journals a patient could really have, made through ketacheck's own use cases.

Answers vary and recover after each infusion (dizziness and nausea high in the first
hours, easing over a day or two, mood dipping and then rising), blood pressure some days,
notes now and then (some for the doctor), a PHQ-9 and GAD-7 every two weeks, so that the
alerts, the summary and the report are what a patient's would be. Seeded: the same
arguments always make the same journal.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ketacheck.core.records import Infusion
from ketacheck.core.settings import Settings
from ketacheck.store.journal import Journal
from ketacheck.usecases.checkins import record_checkin, record_questionnaire

#: Monday 16 November 2026, 09:00 in New York: the first infusion of the typical week.
WEEK_START = datetime(2026, 11, 16, 14, 0, tzinfo=UTC)
#: Check-in times, hours after the local midnight's 09:00 (09:00, 14:00, 21:00).
CHECKIN_HOURS = (0, 5, 12)


@dataclass(frozen=True)
class Plan:
    """What to make: when, how many days, how often each kind of record."""

    start: datetime = WEEK_START
    days: int = 7
    infusion_every_days: int = 3
    questionnaire_every_days: int = 14
    note_every_checkins: int = 3
    pressure_every_days: int = 1
    seed: int = 7


def _answers(rng: random.Random, hours_after: float, n: int, plan: Plan) -> dict[str, Any]:
    """A check-in's answers ``hours_after`` the last infusion ended: worse early, easing."""
    fade = max(0.0, 1.0 - hours_after / 36.0)
    dizziness = min(10, max(0, round(rng.gauss(5 * fade, 1.0))))
    nausea = min(10, max(0, round(rng.gauss(4 * fade, 1.0))))
    answers: dict[str, Any] = {
        "dizziness": dizziness,
        "nausea": nausea,
        "vomited": nausea >= 6 and rng.random() < 0.5,
        "fluids_glasses": rng.randint(1, 5),
        "electrolytes": rng.random() < 0.3,
        "mood": min(10, max(0, round(rng.gauss(6 + 2 * (1 - fade), 1.0)))),
        "self_harm_thoughts": False,
    }
    if n % 2 == 0:
        answers["fatigue"] = min(10, max(0, round(rng.gauss(6 * fade + 1, 1.0))))
        answers["headache"] = min(10, max(0, round(rng.gauss(2 * fade, 1.0))))
        answers["side_effects"] = rng.sample(["headache", "vivid_dreams", "anxiety"], k=n % 3)
    if n % plan.note_every_checkins == 0:
        answers["note"] = rng.choice(
            [
                "Slept badly, woke at 4.",
                "Felt calmer this afternoon; a walk helped.",
                "Hard morning, better after lunch.",
                "Want to ask about the nausea tablets before next time.",
            ]
        )
        answers["for_doctor"] = "tablets" in answers["note"]
    return answers


def make_course(data_dir: Path, plan: Plan = Plan()) -> Journal:
    """A journal of ``plan.days`` days, made record by record as a patient would."""
    rng = random.Random(plan.seed)
    journal = Journal.open(data_dir, plan.start.date())
    journal.save_settings(
        Settings(care_team_name="Dr Lee", care_team_phone="555-0100", country="US")
    )
    ended: datetime | None = None
    n = 0
    for day in range(plan.days):
        morning = plan.start + timedelta(days=day)
        if day % plan.infusion_every_days == 0:
            infusion = Infusion.create(morning - timedelta(hours=1), 45)
            journal.add_infusion(infusion, morning)
            ended = infusion.ended_at
        if day % plan.questionnaire_every_days == 0:
            record_questionnaire(journal, "phq9", [1, 1, 0, 1, 0, 1, 0, 0, 0], morning, 1)
            record_questionnaire(journal, "gad7", [1, 1, 1, 0, 0, 1, 0], morning, 0)
        for hour in CHECKIN_HOURS:
            at = morning + timedelta(hours=hour)
            since = (at - ended).total_seconds() / 3600 if ended else 99.0
            answers = _answers(rng, since, n, plan)
            if hour == CHECKIN_HOURS[0] and day % plan.pressure_every_days == 0:
                answers.update(
                    systolic=rng.randint(112, 138), diastolic=rng.randint(70, 88), pulse=72
                )
            record_checkin(journal, answers, at, at)
            n += 1
    return journal
