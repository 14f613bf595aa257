"""The journal: every infusion, check-in and setting, in one TinyDB file.

All access goes through :class:`Journal`. Each change runs as one read-modify-write under
an inter-process lock and lands as a single atomic file replacement, so a second window,
a CLI command in another terminal, a crash or a full disk never loses or corrupts an entry.
Opening the file and landing changes is :class:`~ketacheck.store.journal_file.JournalFile`'s
part; this module reads and changes the records in it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import datetime

from msgspec.structs import replace

from ketacheck.core import concerns
from ketacheck.core.alert_records import AlertRecord
from ketacheck.core.alerts import checkin_alerts
from ketacheck.core.clock import to_iso
from ketacheck.core.contents import JournalContents
from ketacheck.core.levels import URGENT
from ketacheck.core.questionnaires import QuestionnaireResult
from ketacheck.core.records import CheckIn, Infusion, latest_infusion_before
from ketacheck.core.settings import Settings
from ketacheck.store.errors import JournalUnreadableError
from ketacheck.store.journal_alerts import JournalAlerts
from ketacheck.store.journal_file import commits_landed
from ketacheck.store.overview import Overview, overview_from_summary
from ketacheck.store.records import (
    ALERTS,
    CHECKINS,
    INFUSIONS,
    QUESTIONNAIRES,
    SETTINGS,
    convert,
)
from ketacheck.store.summary import baseline_of_tables, build_summary, write_summary
from ketacheck.store.system_country import with_guess

# ``commits_landed`` is here for the CLI, which asks this module (once a command has
# loaded it) whether anything was saved before an error. Reading the overview without
# opening the journal is :mod:`ketacheck.store.overview_reader`.
__all__ = ["Journal", "commits_landed"]


class Journal(JournalAlerts):
    """The patient's journal in ``data_dir``. Open it with :meth:`open`."""

    def infusions(self) -> list[Infusion]:
        """Every infusion, oldest first."""
        with self._thread_lock:
            found = [
                convert("infusion", d, Infusion.from_dict, self.path) for d in self._docs(INFUSIONS)
            ]
        return sorted(found, key=lambda inf: inf.started_at)

    def checkins(self) -> list[CheckIn]:
        """Every check-in, oldest first."""
        with self._thread_lock:
            found = [
                convert("check-in", d, CheckIn.from_dict, self.path) for d in self._docs(CHECKINS)
            ]
        return sorted(found, key=lambda c: c.at)

    def latest_infusion(self, moment: datetime) -> Infusion | None:
        """The infusion that started most recently at or before ``moment``, if any.

        From the summary's latest infusions when they answer for ``moment`` (a check-in
        made now, or a day ago), else from every infusion.
        """
        overview = self.overview()
        infusions = overview.infusions if overview.covers(moment) else self.infusions()
        return latest_infusion_before(infusions, moment)

    def settings(self) -> Settings:
        """The saved settings (defaults if none were saved), with the country guessed
        while none is set (the guess is never saved)."""
        with self._thread_lock:
            doc = next(iter(self._docs(SETTINGS)), {})
            return with_guess(convert("settings", doc, Settings.from_dict, self.path))

    def overview(self, now: datetime | None = None) -> Overview:
        """The overview of this journal as it is now on disk.

        Given ``now``, it answers for that moment even with the clock set back before
        what the summary keeps (see :meth:`Overview.covers`): then it is made from every
        record, and not kept.
        """
        with self._thread_lock:
            overview = self._overview()
            if now is None or overview.covers(now):
                return overview
            whole = build_summary(self._tables(), (0, 0, 0, 0), keep_all=True)
            return overview_from_summary(whole, self.path)

    def _overview(self) -> Overview:
        identity = self._storage.current_identity()
        summary = self._summary
        if (
            summary is not None
            and identity is not None
            and summary["journal_identity"] == list(identity)
        ):
            # Made once per summary (each change makes a new one): a save asks twice.
            if self._overview_made is not None and self._overview_made[0] is summary:
                return self._overview_made[1]
            try:
                overview = overview_from_summary(summary, self.path)
            except JournalUnreadableError:
                pass  # a damaged summary: rebuild it from the journal itself
            else:
                self._overview_made = (summary, overview)
                return overview
        summary = build_summary(self._tables(), identity or (0, 0, 0, 0))
        if identity is not None:
            self._summary = summary
            write_summary(self._summary_path, summary)
        return overview_from_summary(summary, self.path)

    def save_settings(self, settings: Settings) -> None:
        """Replace the saved settings."""
        with self._change():
            self._put_settings(settings)

    def _put_settings(self, settings: Settings) -> None:
        self._table(SETTINGS).hold_only(SETTINGS, settings.to_dict())

    def add_infusion(self, infusion: Infusion, now: datetime | None = None) -> None:
        """Add an infusion and link the check-ins that now follow it.

        What is still open from the infusion before (but urgent alerts) closes as "not
        marked before the next infusion".
        """
        with self._change():
            self._insert(INFUSIONS, [infusion.to_dict()])
            self._resettle({infusion.id, *self._relink_checkins()}, now)

    def update_infusion(self, infusion: Infusion, now: datetime | None = None) -> None:
        """Save changes to an existing infusion."""
        with self._change():
            self._replace(INFUSIONS, infusion.id, infusion.to_dict())
            self._resettle({infusion.id, *self._relink_checkins()}, now)

    def delete_infusion(self, infusion_id: str, now: datetime | None = None) -> None:
        """Delete an infusion; its check-ins are kept and linked to the one before it."""
        with self._change():
            self._remove(INFUSIONS, infusion_id)
            self._resettle({infusion_id, *self._relink_checkins()}, now)

    def add_checkin(self, checkin: CheckIn, now: datetime | None = None) -> None:
        """Add a check-in, and open (or add to) an alert for each serious concern it raised."""
        doc = checkin.to_dict()
        with self._change():
            self._insert(CHECKINS, [doc])
            changed = self._note_sightings(concerns.checkin_sightings(checkin), now)
            # An infusion logged ahead of time has begun since: close what it leaves open.
            changed += self._resettle(self._open_elsewhere(checkin.infusion_id), now)
            self._added_alerts = changed
            self._added_checkin = doc

    def update_checkin(self, checkin: CheckIn, now: datetime | None = None) -> None:
        """Save changes to an existing check-in, and work its alerts out again.

        A non-urgent alert whose answers are gone closes as "answer changed"; an urgent
        one stays open whatever the answers now say (the patient did say yes once).
        """
        with self._change():
            old = self._tables().get(CHECKINS, {}).get(checkin.id, {})
            self._replace(CHECKINS, checkin.id, checkin.to_dict())
            self._note_sightings(
                [s for s in concerns.checkin_sightings(checkin) if s.alert.level == URGENT],
                now,
            )
            self._resettle({old.get("infusion_id"), checkin.infusion_id}, now)

    def delete_checkin(self, checkin_id: str, now: datetime | None = None) -> None:
        """Delete a check-in; the non-urgent alerts it alone raised close as "answer
        changed", and urgent ones stay open."""
        with self._change():
            old = self._tables().get(CHECKINS, {}).get(checkin_id, {})
            self._remove(CHECKINS, checkin_id)
            self._resettle({old.get("infusion_id")}, now)

    def import_records(
        self,
        infusions: list[Infusion],
        checkins: list[CheckIn],
        settings: Settings | None = None,
        now: datetime | None = None,
    ) -> tuple[int, int]:
        """Add infusions and check-ins whose ids are new (see :meth:`import_all`).

        Returns:
            How many infusions and check-ins were added.
        """
        counts = self.import_all(infusions, checkins, [], settings, now=now)
        return counts[0], counts[1]

    def import_all(
        self,
        infusions: list[Infusion],
        checkins: list[CheckIn],
        questionnaires: list[QuestionnaireResult],
        settings: Settings | None = None,
        alerts: Iterable[AlertRecord] = (),
        now: datetime | None = None,
    ) -> tuple[int, int, int]:
        """Add records whose ids are new, all in one atomic change.

        ``settings``, when given, replace the journal's (the caller asks the patient first).
        ``alerts`` (already
        checked against the rules by the caller) keep their history; then every concern of
        the infusions they touch is worked out again from the check-ins, so what the file
        carried and what the journal held become one alert each, and a serious alert the
        file did not carry is opened.

        Returns:
            How many infusions, check-ins and questionnaire results were added.
        """
        with self._change():
            tables = self._tables()
            added = []
            for name, records in (
                (INFUSIONS, infusions),
                (CHECKINS, checkins),
                (QUESTIONNAIRES, questionnaires),
            ):
                known = {d.get("id") for d in tables.get(name, {}).values()}
                new = [record.to_dict() for record in records if record.id not in known]
                if new:
                    self._insert(name, new)
                added.append(len(new))
            known_alerts = set(tables.get(ALERTS, {}))
            self._put_alerts(a for a in alerts if a.id not in known_alerts)
            self._note_sightings(
                [
                    *(
                        s
                        for c in checkins
                        for s in concerns.checkin_sightings(c)
                        if s.alert.level == URGENT
                    ),
                    *(s for r in questionnaires for s in r.sightings()),
                ],
                now,
            )
            # New infusions may be earlier than check-ins already here: link those again.
            moved = self._relink_checkins() if added[0] else set()
            self._resettle({*(c.infusion_id for c in checkins), *moved}, now)
            if settings is not None:
                self._put_settings(settings)
        return added[0], added[1], added[2]

    def contents(self) -> JournalContents:
        """Everything in the journal, read at one moment."""
        with self._thread_lock:
            return JournalContents(
                self.settings(),
                self.infusions(),
                self.checkins(),
                self.questionnaires(),
                self.alerts(),
            )

    def questionnaires(self) -> list[QuestionnaireResult]:
        """Every PHQ-9 and GAD-7 result, oldest first."""
        with self._thread_lock:
            found = [
                convert("questionnaire", d, QuestionnaireResult.from_dict, self.path)
                for d in self._docs(QUESTIONNAIRES)
            ]
        return sorted(found, key=lambda r: r.at)

    def add_questionnaire(self, result: QuestionnaireResult) -> None:
        """Add a completed questionnaire, and open a record for each serious alert."""
        with self._change():
            self._insert(QUESTIONNAIRES, [result.to_dict()])
            self._note_sightings(result.sightings(), None)

    def _relink_checkins(self) -> set[str | None]:
        """Point every check-in at the latest infusion that started before it, and work out
        again the alerts of those that moved (how long after an infusion decides them).

        Works on the stored strings (UTC ISO times sort as text), so logging an infusion
        stays quick with years of check-ins, and lands as one update.

        Returns:
            The infusions (old and new) of the check-ins that moved.
        """
        infusions = self.infusions()
        starts = [to_iso(inf.started_at) for inf in infusions]
        wanted: dict[str, Infusion | None] = {}
        touched: set[str | None] = set()
        for doc_id, doc in self._tables().get(CHECKINS, {}).items():
            index = bisect_right(starts, str(doc.get("at")))
            infusion = infusions[index - 1] if index else None
            infusion_id = infusion.id if infusion else None
            if doc.get("infusion_id") != infusion_id:
                wanted[doc_id] = infusion
                touched.update((doc.get("infusion_id"), infusion_id))
        if not wanted:
            return touched
        tables = self._tables()
        baseline = baseline_of_tables(tables)
        clinic_bp = self.settings().clinic_bp
        docs = dict(tables.get(CHECKINS, {}))
        for doc_id, infusion in wanted.items():
            moved = convert("check-in", docs[doc_id], CheckIn.from_dict, self.path)
            moved = replace(moved, infusion_id=infusion.id if infusion else None)
            alerts = checkin_alerts(moved, infusion, baseline, clinic_bp)
            docs[doc_id] = moved.with_alerts(alerts).to_dict()
        self._storage.write({**tables, CHECKINS: docs})
        return touched
