"""Recording what the patient tells ketacheck: check-ins, questionnaires, resolved alerts.

One save path each, shared by the CLI (flags and plain-text questions) and the app.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ketacheck.core import alerts as alert_rules
from ketacheck.core.clock import ensure_utc, to_iso
from ketacheck.core.records import CheckIn, Infusion, latest_infusion_before, new_id
from ketacheck.store.journal import Journal


def build_checkin(
    answers: dict[str, Any],
    at: datetime,
    infusions: list[Infusion],
    baseline_mood: float | None,
    checkin_id: str | None = None,
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
    return checkin.with_alerts(alert_rules.checkin_alerts(checkin, infusion, baseline_mood))


def record_checkin(journal: Journal, answers: dict[str, Any], at: datetime) -> CheckIn:
    """Build a check-in from ``answers`` and save it."""
    overview = journal.overview()
    checkin = build_checkin(answers, at, overview.infusions, overview.baseline_mood)
    journal.add_checkin(checkin)
    return checkin
