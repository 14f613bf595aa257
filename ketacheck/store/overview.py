"""The overview: what the status command and the home screen show, without every check-in.

It is made from the summary kept beside the journal (see :mod:`ketacheck.store.summary`),
so showing it never has to read years of entries. Every record in it is checked exactly
as the journal checks its own, so a damaged summary is noticed, never shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketacheck.core.alert_records import AlertRecord, most_severe_first
from ketacheck.core.questionnaires import QuestionnaireResult
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.settings import Settings
from ketacheck.store.records import convert
from ketacheck.store.system_country import with_guess


@dataclass(frozen=True)
class Overview:
    """What the status command and the home screen need, without every old check-in.

    Attributes:
        settings: The patient's settings.
        infusions: Every infusion, oldest first.
        recent_checkins: The newest check-ins (up to 50), oldest first.
        checkin_count: How many check-ins the journal holds.
        baseline_mood: The mean mood of check-ins made before the first infusion.
        exists: False when no journal has been created yet.
        questionnaires: Every PHQ-9 and GAD-7 result, oldest first.
        open_alerts: Every alert the patient has not yet resolved, most severe first.
    """

    settings: Settings
    infusions: list[Infusion]
    recent_checkins: list[CheckIn]
    checkin_count: int
    baseline_mood: float | None
    exists: bool = True
    questionnaires: list[QuestionnaireResult] = field(default_factory=list)
    open_alerts: list[AlertRecord] = field(default_factory=list)

    @property
    def last_checkin(self) -> CheckIn | None:
        """The newest check-in, if any."""
        return self.recent_checkins[-1] if self.recent_checkins else None


def overview_from_summary(summary: dict[str, Any], path: Path) -> Overview:
    """Turn a stored summary (raw dicts) into checked records."""
    return Overview(
        settings=with_guess(
            convert("settings", summary.get("settings") or {}, Settings.from_dict, path)
        ),
        infusions=[convert("infusion", d, Infusion.from_dict, path) for d in summary["infusions"]],
        recent_checkins=[
            convert("check-in", d, CheckIn.from_dict, path) for d in summary["recent_checkins"]
        ],
        checkin_count=int(summary["checkin_count"]),
        baseline_mood=summary.get("baseline_mood"),
        questionnaires=[
            convert("questionnaire", d, QuestionnaireResult.from_dict, path)
            for d in summary["questionnaires"]
        ],
        open_alerts=most_severe_first(
            convert("alert", d, AlertRecord.from_dict, path) for d in summary["open_alerts"]
        ),
    )
