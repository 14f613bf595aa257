"""The overview: what the status command and the home screen show, without every check-in.

It is made from the summary kept beside the journal (see :mod:`ketacheck.store.summary`),
so showing it never has to read years of entries. Every record in it is checked exactly
as the journal checks its own, so a damaged summary is noticed, never shown.

Reading it is :func:`ketacheck.store.overview_reader.read_overview`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from ketacheck.core.alert_records import AlertRecord, most_severe_first
from ketacheck.core.questionnaires import QuestionnaireResult
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.settings import Settings
from ketacheck.store.convert import convert


class Overview(Struct, frozen=True):
    """What the status command and the home screen need, without every old record.

    Attributes:
        settings: The patient's settings.
        infusions: The latest infusions, oldest first: the latest few by start, or every
            one when ``earlier_infusions`` is 0.
        recent_checkins: The newest check-ins (every one of the last two days, at least
            the newest 20), oldest first.
        checkin_count: How many check-ins the journal holds.
        baseline_mood: The mean mood of check-ins made before the first infusion.
        exists: False when no journal has been created yet.
        questionnaires: The latest PHQ-9 and GAD-7 result (every one when
            ``earlier_questionnaires`` is 0), oldest first.
        open_alerts: Every alert the patient has not yet resolved, most severe first,
            each with its first and latest occurrence and how often it was seen.
        earlier_infusions: How many infusions came before ``infusions``: the first of
            them is infusion number ``earlier_infusions + 1`` of the course.
        earlier_questionnaires: How many older results ``questionnaires`` leaves out.
    """

    settings: Settings
    infusions: list[Infusion]
    recent_checkins: list[CheckIn]
    checkin_count: int
    baseline_mood: float | None
    exists: bool = True
    questionnaires: list[QuestionnaireResult] = field(default_factory=list)
    open_alerts: list[AlertRecord] = field(default_factory=list)
    earlier_infusions: int = 0
    earlier_questionnaires: int = 0

    @property
    def last_checkin(self) -> CheckIn | None:
        """The newest check-in, if any."""
        return self.recent_checkins[-1] if self.recent_checkins else None

    @property
    def complete_from(self) -> datetime | None:
        """From when on this overview answers as the whole journal would (None: always).

        Which infusion is the latest, its number and its reminders, and when each
        questionnaire was last taken, are the same from the whole journal as from the
        records kept here, for any moment at or after the oldest of them. Only a clock
        set back before those needs the journal itself.
        """
        moments = []
        if self.earlier_infusions and self.infusions:
            moments.append(self.infusions[0].started_at)
        if self.earlier_questionnaires and self.questionnaires:
            moments.append(max(result.at for result in self.questionnaires))
        return max(moments, default=None)

    def covers(self, moment: datetime) -> bool:
        """Whether this overview answers for ``moment`` (see :attr:`complete_from`)."""
        start = self.complete_from
        return start is None or moment >= start


def overview_from_summary(summary: dict[str, Any], path: Path) -> Overview:
    """Turn a stored summary (raw dicts) into checked records."""
    return Overview(
        settings=with_country_guess(
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
        earlier_infusions=int(summary["earlier_infusions"]),
        earlier_questionnaires=int(summary["earlier_questionnaires"]),
    )


def with_country_guess(settings: Settings) -> Settings:
    """``settings`` with the country guessed while none is set (see
    :func:`ketacheck.store.system_country.with_guess`); the guess is loaded only then."""
    if settings.country is not None:
        return settings
    from ketacheck.store.system_country import with_guess

    return with_guess(settings)
