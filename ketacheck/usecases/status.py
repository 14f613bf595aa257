"""The status of right now: course, countdowns, open alerts, the last check-in.

``ketacheck status``, the app's Home and its live countdowns all show this one value, so
they never disagree.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from msgspec import Struct

from ketacheck.core.alert_records import AlertRecord
from ketacheck.core.clock import ensure_utc, to_iso
from ketacheck.core.course import CourseState, course_state, fasting_starts_at
from ketacheck.core.levels import TIP
from ketacheck.core.records import Alert, CheckIn
from ketacheck.core.restrictions import (
    RestrictionStatus,
    configured_restrictions,
    restriction_statuses,
)
from ketacheck.core.settings import Settings
from ketacheck.store.overview import Overview


class StatusReport(Struct, frozen=True):
    """Everything "right now" shows: course, countdowns, alerts, the last check-in.

    Attributes:
        now: The moment the report describes (aware UTC).
        settings: The settings it was computed with.
        course: Which infusion, how long ago, integration day.
        restrictions: One status per restriction (empty before any infusion).
        alerts: Every open alert (call-today and above), most severe first: each stays
            until the patient resolves it, whatever later check-ins say.
        tips: The tips of the newest check-in after the latest infusion.
        last_checkin: The newest check-in, if any.
        checked_in_since_infusion: Whether there is a check-in after the latest infusion.
        fasting_starts_at: When to start fasting for the next appointment, if one is set.
    """

    now: datetime
    settings: Settings
    course: CourseState
    restrictions: list[RestrictionStatus]
    alerts: tuple[AlertRecord, ...]
    tips: tuple[Alert, ...]
    last_checkin: CheckIn | None
    fasting_starts_at: datetime | None

    @property
    def next_appointment(self) -> datetime | None:
        """The next booked appointment, if it is still ahead."""
        appointment = self.settings.next_appointment
        return appointment if appointment is not None and appointment > self.now else None


def status_report(overview: Overview, now: datetime) -> StatusReport:
    """The status at ``now`` of the journal summarized by ``overview``."""
    now = ensure_utc(now)
    settings = overview.settings
    course = course_state(
        overview.infusions, settings.planned_infusions, now, overview.earlier_infusions
    )
    last = overview.last_checkin
    statuses: list[RestrictionStatus] = []
    if course.latest is not None:
        rules = configured_restrictions(settings.restriction_hours)
        dizzy = still_dizzy(last, course.latest.id)
        statuses = restriction_statuses(rules, course.latest.ended_at, now, dizzy)
    tips: tuple[Alert, ...] = ()
    if last is not None and (course.latest is None or last.infusion_id == course.latest.id):
        tips = tuple(a for a in last.alerts if a.level == TIP)
    appointment = settings.next_appointment
    fasting = (
        fasting_starts_at(appointment, settings.fasting_hours)
        if appointment and appointment > now
        else None
    )
    alerts = tuple(overview.open_alerts)
    return StatusReport(now, settings, course, statuses, alerts, tips, last, fasting)


def still_dizzy(last: CheckIn | None, infusion_id: str) -> bool:
    """Whether the newest check-in, made since infusion ``infusion_id``, reports dizziness.

    A check-in from before that infusion says nothing about how the patient feels now.
    """
    return last is not None and last.infusion_id == infusion_id and last.dizziness >= 1


def alert_json(alert: AlertRecord) -> dict[str, Any]:
    """One kept alert as the CLI's JSON prints it: how often it was seen and the latest
    time, not every occurrence (the export has those)."""
    return {
        "id": alert.id,
        "level": alert.level,
        "code": alert.code,
        "message": alert.message,
        "raised_at": to_iso(alert.raised_at),
        "source": {"kind": alert.source_kind, "id": alert.source_id},
        "resolved_at": None if alert.resolved_at is None else to_iso(alert.resolved_at),
        "resolution": alert.resolution or None,
        "closed_by": alert.closed_by or None,
        "infusion_id": alert.infusion_id,
        "seen": alert.seen,
        "latest": {
            "at": to_iso(alert.latest.at),
            "source_id": alert.latest.source_id,
            "answer": alert.latest.answer or None,
        },
    }


def status_json(report: StatusReport) -> dict[str, Any]:
    """The documented ``status --json`` object."""
    latest = report.course.latest
    return {
        "now": to_iso(report.now),
        "infusion": (
            None
            if latest is None
            else {
                "id": latest.id,
                "started_at": to_iso(latest.started_at),
                "ended_at": to_iso(latest.ended_at),
            }
        ),
        "restrictions": [
            {
                "id": s.restriction.id,
                "label": s.restriction.label,
                "lifts_at": to_iso(s.lifts_at),
                "remaining_seconds": s.remaining_seconds,
                "active": s.active,
                "not_while_dizzy": s.held_by_dizziness,
            }
            for s in report.restrictions
        ],
        "alerts": [alert_json(a) for a in report.alerts],
        "tips": [{"code": t.code, "message": t.message} for t in report.tips],
        "last_checkin": None if report.last_checkin is None else report.last_checkin.to_dict(),
    }
