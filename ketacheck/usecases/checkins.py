"""Recording what the patient tells ketacheck: check-ins, questionnaires, resolved alerts.

One save path each, shared by the CLI (flags and plain-text questions) and the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ketacheck.core import alerts as alert_rules
from ketacheck.core.alert_records import AlertRecord, alert_id
from ketacheck.core.alert_words import CHECKIN_SOURCE
from ketacheck.core.clock import ensure_utc, to_iso
from ketacheck.core.concerns import Sighting
from ketacheck.core.occurrences import SELF_HARM_ANSWER, Occurrence
from ketacheck.core.questionnaires import QuestionnaireResult
from ketacheck.core.records import Alert, CheckIn, Infusion, latest_infusion_before, new_id
from ketacheck.core.scales import ValidationError
from ketacheck.store.journal import Journal


def build_checkin(
    answers: dict[str, Any],
    at: datetime,
    infusions: list[Infusion],
    baseline_mood: float | None,
    checkin_id: str | None = None,
    clinic_bp: alert_rules.BloodPressureLevels = alert_rules.NO_CLINIC_LEVELS,
) -> CheckIn:
    """Check the answers, link the check-in to its infusion and attach its alerts.

    Raises:
        ValidationError: naming the first bad answer.
    """
    infusion = latest_infusion_before(infusions, ensure_utc(at))
    record = {
        **answers,
        "id": checkin_id or new_id(),
        "at": to_iso(at),
        "infusion_id": infusion.id if infusion else None,
        "alerts": [],
    }
    checkin = CheckIn.from_dict(record)
    alerts = alert_rules.checkin_alerts(checkin, infusion, baseline_mood, clinic_bp)
    return checkin.with_alerts(alerts)


def record_checkin(
    journal: Journal,
    answers: dict[str, Any],
    at: datetime,
    now: datetime | None = None,
    checkin_id: str | None = None,
) -> CheckIn:
    """Build a check-in from ``answers`` made at ``at`` and save it at ``now`` (``at``
    when not given), under ``checkin_id`` if one was chosen already."""
    overview = journal.overview()
    latest = journal.latest_infusion(ensure_utc(at))
    checkin = build_checkin(
        answers,
        at,
        [] if latest is None else [latest],
        overview.baseline_mood,
        checkin_id,
        clinic_bp=overview.settings.clinic_bp,
    )
    journal.add_checkin(checkin, ensure_utc(now or at))
    return checkin


def record_self_harm_yes(journal: Journal, checkin_id: str, at: datetime) -> AlertRecord:
    """Keep the urgent alert of a self-harm "yes" the moment it is answered.

    The check-in it belongs to (``checkin_id``) may be saved later, changed, or never
    saved at all: the alert stays open either way, until the patient resolves it, so
    the crisis line is on Home and in ``status`` from now on. Saving the check-in with
    the same id adds nothing.
    """
    moment = ensure_utc(at)
    latest = journal.latest_infusion(moment)
    sighting = Sighting(
        Alert(alert_rules.URGENT, alert_rules.SELF_HARM_CODE, alert_rules.SELF_HARM_MESSAGE),
        CHECKIN_SOURCE,
        Occurrence(moment, checkin_id, SELF_HARM_ANSWER, 1),
        latest.id if latest else None,
    )
    return journal.record_urgent(sighting)


def record_questionnaire(
    journal: Journal,
    kind: str,
    answers: Sequence[int],
    now: datetime,
    difficulty: int | None = None,
) -> QuestionnaireResult:
    """Score and save a PHQ-9 or GAD-7 taken at ``now``; an item-9 answer opens its alert.

    Raises:
        ValidationError: naming the first bad answer.
    """
    latest = journal.latest_infusion(ensure_utc(now))
    result = QuestionnaireResult.create(
        kind, answers, now, latest.id if latest else None, difficulty=difficulty
    )
    journal.add_questionnaire(result)
    return result


def find_alert(journal: Journal, id_start: str) -> AlertRecord:
    """The one alert whose id starts with ``id_start`` (at least 4 letters).

    Raises:
        ValidationError: too few letters, no such alert, or more than one.
    """
    wanted = id_start.strip().lower()
    if len(wanted) < 4:
        raise ValidationError("ID", "give at least the first 4 letters of the alert's id")
    alerts = journal.alerts()
    matches = [a for a in alerts if a.id.startswith(wanted)]
    if not matches:
        # An id from before alerts were one per concern names one of its occurrences.
        matches = [
            a
            for a in alerts
            if any(alert_id(o.source_id, a.code).startswith(wanted) for o in a.occurrences)
        ]
    if not matches:
        raise ValidationError(
            "ID", f"no alert has an id starting {wanted!r} (see: ketacheck alerts)"
        )
    if len(matches) > 1:
        raise ValidationError("ID", f"{len(matches)} alerts start {wanted!r}; give more letters")
    return matches[0]


def resolve_alert(
    journal: Journal, alert: AlertRecord, how: str, now: datetime, where: str
) -> AlertRecord:
    """Close ``alert``: the patient says how they acted on it; the record keeps when and how.

    Raises:
        ValidationError: ``how`` is empty or too long.
        RecordNotFoundError: it was resolved meanwhile (by another window, say).
    """
    return journal.resolve_alert(alert.id, how, ensure_utc(now), where)
