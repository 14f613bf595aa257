"""Journals a patient could really have, made through ketacheck's own use cases.

Answers vary and recover after each infusion (dizziness and nausea high in the first
hours, easing over a day or two, mood dipping and then rising), blood pressure some days,
notes now and then (some for the doctor), a PHQ-9 and GAD-7 every two weeks, so that the
alerts, the summary and the report are what a patient's would be. Seeded, with ids
counted rather than drawn: the same arguments always make the same journal.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from ketacheck.core.questionnaires import QuestionnaireResult
from ketacheck.core.records import Infusion
from ketacheck.core.settings import Settings
from ketacheck.store.journal import Journal
from ketacheck.usecases.checkins import build_checkin, record_checkin, record_questionnaire

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


#: The end of every bench journal: Monday 23 November 2026, 10:00 in New York.
BENCH_NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def make_years(data_dir: Path, checkins: int, now: datetime = BENCH_NOW, seed: int = 7) -> Journal:
    """A journal of about ``checkins`` check-ins ending at ``now``: an infusion a month,
    three check-ins a day that ease after each infusion, a PHQ-9 and GAD-7 every two
    weeks, notes, some blood pressure readings; about a third of each month's alerts
    resolved by the patient, the rest closed by the next infusion, and one left open.

    Each month is made through the use cases (its check-ins built and checked as a
    save builds them, its alerts worked out by the journal) and saved in one change, so
    ten years take seconds rather than the hours ten thousand saves would.
    """
    rng = random.Random(seed)
    ids = _ids(seed)
    plan = Plan(note_every_checkins=5, seed=seed)
    days = -(-checkins // len(CHECKIN_HOURS))
    start = (now - timedelta(days=days)).replace(hour=14, minute=0, second=0, microsecond=0)
    journal = Journal.open(data_dir, start.date())
    journal.save_settings(
        Settings(care_team_name="Dr Lee", care_team_phone="555-0100", country="US")
    )
    infusions: list[Infusion] = []
    made = 0
    day = 0
    while made < checkins:
        month_start = start + timedelta(days=day)
        infusion = replace(Infusion.create(month_start - timedelta(hours=1), 45), id=next(ids))
        infusions.append(infusion)
        batch, results = [], []
        for offset in range(30):
            if made >= checkins:
                break
            morning = month_start + timedelta(days=offset)
            if (day + offset) % 14 == 0:
                results.extend(_questionnaire_pair(rng, morning, infusion.id, ids))
            for hour in CHECKIN_HOURS:
                if made >= checkins:
                    break
                at = morning + timedelta(hours=hour)
                since = (at - infusion.ended_at).total_seconds() / 3600
                answers = _answers(rng, since, made, plan)
                if hour == CHECKIN_HOURS[0] and offset % 4 == 0:
                    answers.update(systolic=rng.randint(112, 150), diastolic=rng.randint(70, 95))
                batch.append(build_checkin(answers, at, infusions, None, next(ids)))
                made += 1
        journal.import_all([infusion], batch, results, now=batch[-1].at)
        _resolve_some(journal, rng, batch[-1].at)
        day += 30
    open_ones = [a for a in journal.alerts() if a.is_open]
    if not open_ones:
        # The last month left nothing open: this morning the patient is dizzy again.
        at = now - timedelta(minutes=30)
        answers = {"dizziness": 8, "nausea": 2, "fluids_glasses": 3, "mood": 6}
        record_checkin(journal, {**answers, "self_harm_thoughts": False}, at, at)
        open_ones = [a for a in journal.alerts() if a.is_open]
    for alert in open_ones[1:]:
        journal.resolve_alert(alert.id, "I called my care team", now, "app")
    return journal


def _ids(seed: int) -> Iterator[str]:
    """Record ids that look like ketacheck's own (32 hex digits), counted from ``seed``."""
    return (f"{seed:08x}{n:024x}" for n in itertools.count())


def _questionnaire_pair(
    rng: random.Random, at: datetime, infusion_id: str, ids: Iterator[str]
) -> list[QuestionnaireResult]:
    low = [rng.choice((0, 0, 1, 1, 2)) for _ in range(9)]
    low[8] = 0
    phq9 = QuestionnaireResult.create("phq9", low, at, infusion_id, difficulty=rng.randint(0, 2))
    gad7 = QuestionnaireResult.create(
        "gad7", [rng.choice((0, 1, 1, 2)) for _ in range(7)], at + timedelta(minutes=5), infusion_id
    )
    return [replace(phq9, id=next(ids)), replace(gad7, id=next(ids))]


def _resolve_some(journal: Journal, rng: random.Random, at: datetime) -> None:
    """The patient marks about a third of what is open, a couple of hours after it rose."""
    for alert in journal.alerts():
        if alert.is_open and alert.level != "urgent" and rng.random() < 0.35:
            when = min(alert.raised_at + timedelta(hours=2), at)
            journal.resolve_alert(alert.id, "I called my care team", when, "app")
