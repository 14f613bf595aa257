"""Realistic sample data: a course in progress, a week of check-ins, one alert.

Used by ``ketacheck --demo``, the screenshot script and the snapshot tests. Everything is
placed relative to ``now`` so the demo always looks current.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from ketacheck.core.alert_records import RESOLUTIONS
from ketacheck.core.alerts import checkin_alerts, mood_baseline
from ketacheck.core.clock import ensure_utc, to_iso
from ketacheck.core.records import CheckIn, Infusion, latest_infusion_before
from ketacheck.core.settings import Settings
from ketacheck.store.journal import Journal

#: (days before now the infusion started, note)
_INFUSIONS = (
    (9.0, "First session. Felt floaty for about an hour."),
    (6.0, ""),
    (2.0, "Lower dose this time."),
    (0.3, ""),
)

#: (hours after the infusion ended, dizziness, nausea, fluids, mood, fatigue)
_RECOVERY = (
    (1.5, 5, 3, 2, 5, 6),
    (5.0, 3, 1, 4, 6, 5),
    (20.0, 1, 0, 6, 7, 3),
    (30.0, 0, 0, 7, 7, 2),
    (54.0, 0, 0, 8, 8, 1),
)


def _demo_id(kind: str, n: int) -> str:
    return f"demo{kind}{n:04d}".ljust(32, "0")


def demo_records(now: datetime) -> tuple[Settings, list[Infusion], list[CheckIn]]:
    """Build the sample course as records, relative to ``now``."""
    now = ensure_utc(now).replace(second=0, microsecond=0)
    settings = Settings(
        care_team_name="Riverside Ketamine Clinic",
        care_team_phone="555-0142",
        planned_infusions=6,
        next_appointment=(now + timedelta(days=2)).replace(hour=14, minute=0),
        onboarded=True,
        country="US",
    )
    infusions = [
        Infusion.from_dict(
            {
                "id": _demo_id("inf", n),
                "started_at": to_iso(now - timedelta(days=days)),
                "ended_at": to_iso(now - timedelta(days=days) + timedelta(minutes=45)),
                "note": note,
            }
        )
        for n, (days, note) in enumerate(_INFUSIONS)
    ]
    checkins: list[CheckIn] = []
    first = infusions[0].started_at
    for n, mood in enumerate((5, 6, 5)):
        checkins.append(_checkin(len(checkins), first - timedelta(days=3 - n), 0, 0, 6, mood, 2))
    baseline = mood_baseline(checkins, infusions, settings.baseline_mood)
    for infusion in infusions:
        for hours, dizzy, sick, fluids, mood, tired in _RECOVERY:
            at = infusion.ended_at + timedelta(hours=hours)
            if infusion is infusions[2] and hours == 30.0:
                dizzy, tired = 5, 5
            if infusion is infusions[-1] and hours == 5.0:
                sick, fluids = 7, 1
            if at <= now:
                checkins.append(_checkin(len(checkins), at, dizzy, sick, fluids, mood, tired))
    linked = []
    for checkin in checkins:
        follows = latest_infusion_before(infusions, checkin.at)
        record = CheckIn.from_dict(
            {**checkin.to_dict(), "infusion_id": follows.id if follows else None}
        )
        linked.append(record.with_alerts(checkin_alerts(record, follows, baseline)))
    return settings, infusions, linked


def _checkin(
    n: int, at: datetime, dizzy: int, sick: int, fluids: int, mood: int, tired: int
) -> CheckIn:
    return CheckIn.from_dict(
        {
            "id": _demo_id("chk", n),
            "at": to_iso(at),
            "infusion_id": None,
            "dizziness": dizzy,
            "nausea": sick,
            "vomited": False,
            "fluids_glasses": fluids,
            "electrolytes": fluids >= 4,
            "mood": mood,
            "fatigue": tired,
            "sleep_hours": 7.5 if n % 3 else 6.0,
            "mood_words": ["calm"] if mood >= 7 else [],
            # Asked at every check-in, as the app does; the side effects with the extras.
            "self_harm_thoughts": False,
            "side_effects": ["vivid_dreams"] if dizzy >= 4 else [],
            "note": "Walked around the block." if mood >= 8 else "",
        }
    )


def write_demo_journal(data_dir: Path, now: datetime) -> Journal:
    """Create the sample journal in ``data_dir`` (which should be empty or new)."""
    settings, infusions, checkins = demo_records(now)
    journal = Journal.open(data_dir, ensure_utc(now).date())
    journal.save_settings(settings)
    # Saved in turn, as the patient would have: the alerts of earlier infusions were
    # dealt with at the time, so the demo shows a resolved alert kept in the history, and
    # only the latest infusion's is still open.
    starts = [infusion.started_at for infusion in infusions[1:]]
    for n, infusion in enumerate(infusions):
        until = starts[n] if n < len(starts) else None
        batch = [
            c for c in checkins if c.at >= infusion.started_at and (until is None or c.at < until)
        ]
        before = [c for c in checkins if n == 0 and c.at < infusion.started_at]
        journal.import_records([infusion], [*before, *batch], now=ensure_utc(now))
        if until is None:
            break
        for alert in journal.alerts():
            if alert.is_open:
                called = alert.raised_at + timedelta(hours=1)
                journal.resolve_alert(alert.id, RESOLUTIONS[0], called, "app")
    return journal
