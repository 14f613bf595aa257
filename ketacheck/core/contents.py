"""Everything in the journal, as one value: what every renderer (export, CSV, report) reads."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, tzinfo

from msgspec import Struct, field
from msgspec.structs import force_setattr

from ketacheck.core.alert_records import AlertRecord
from ketacheck.core.concerns import checkin_sightings, raised_alerts
from ketacheck.core.questionnaires import QuestionnaireResult
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.settings import Settings
from ketacheck.core.timeparse import local_date


class JournalContents(Struct, frozen=True):
    """The whole journal, each kind of record oldest first.

    Attributes:
        settings: The patient's settings.
        infusions: Every infusion.
        checkins: Every check-in.
        questionnaires: Every PHQ-9 and GAD-7 result.
        alerts: Every kept alert, open or resolved.
    """

    settings: Settings
    infusions: list[Infusion] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    questionnaires: list[QuestionnaireResult] = field(default_factory=list)
    alerts: list[AlertRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        force_setattr(self, "infusions", sorted(self.infusions, key=lambda i: i.started_at))
        force_setattr(self, "checkins", sorted(self.checkins, key=lambda c: c.at))
        force_setattr(self, "questionnaires", sorted(self.questionnaires, key=lambda r: r.at))
        force_setattr(
            self, "alerts", sorted(self.alerts, key=lambda a: (a.raised_at, a.rank, a.id))
        )

    @classmethod
    def of_records(
        cls,
        settings: Settings,
        infusions: Iterable[Infusion] = (),
        checkins: Iterable[CheckIn] = (),
        questionnaires: Iterable[QuestionnaireResult] = (),
    ) -> JournalContents:
        """Contents whose alerts are the ones its records raised, none resolved.

        What a journal holds when these were saved in turn; handy for demos and tests
        that build records by hand.
        """
        infusions, checkins = list(infusions), list(checkins)
        questionnaires = list(questionnaires)
        sightings = [
            *(s for c in checkins for s in checkin_sightings(c)),
            *(s for q in questionnaires for s in q.sightings()),
        ]
        starts = {i.id: i.started_at for i in infusions}
        alerts = raised_alerts(sightings, starts)
        return cls(settings, infusions, checkins, questionnaires, alerts)

    def since(self, day: date | None, tz: tzinfo | None) -> JournalContents:
        """Only the records on or after the local date ``day`` (everything when None).

        Settings are kept whole; an alert goes by the time it was raised.
        """
        if day is None:
            return self

        def kept(moment_date: date) -> bool:
            return moment_date >= day

        return JournalContents(
            self.settings,
            [i for i in self.infusions if kept(local_date(i.started_at, tz))],
            [c for c in self.checkins if kept(local_date(c.at, tz))],
            [r for r in self.questionnaires if kept(local_date(r.at, tz))],
            [a for a in self.alerts if kept(local_date(a.raised_at, tz))],
        )
