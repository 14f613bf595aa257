"""The journal's alerts table, kept in step with the records that raise its alerts.

Which record belongs to which concern, and how a repeat, an edit or the next infusion
changes it, is :mod:`ketacheck.core.concerns`; this module finds the stored records and
check-ins that decide it and lands what comes back, inside the journal's own changes.
Only the records of the concerns at hand are read, so a save stays quick with years of
alerts behind it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ketacheck.core import concerns
from ketacheck.core.alert_records import AlertRecord, most_severe_first
from ketacheck.core.clock import parse_stored_time, utc_now
from ketacheck.core.concerns import Sighting
from ketacheck.core.levels import URGENT
from ketacheck.core.records import CheckIn
from ketacheck.store.errors import RecordNotFoundError
from ketacheck.store.journal_file import JournalFile
from ketacheck.store.records import ALERTS, CHECKINS, INFUSIONS, convert


class JournalAlerts(JournalFile):
    """The alert bookkeeping of :class:`~ketacheck.store.journal.Journal`."""

    def alerts(self) -> list[AlertRecord]:
        """Every kept alert, open or closed, most severe first."""
        with self._thread_lock:
            return most_severe_first(self._parse_alerts(self._docs(ALERTS)))

    def resolve_alert(self, alert_id: str, how: str, at: datetime, where: str) -> AlertRecord:
        """Close the open alert ``alert_id``: the patient has acted on it.

        Raises:
            RecordNotFoundError: there is no open alert with that id.
            ValidationError: ``how`` is empty or too long.
        """
        with self._change():
            doc = self._tables().get(ALERTS, {}).get(alert_id)
            if doc is None:
                raise RecordNotFoundError(f"there is no alert with id {alert_id}")
            record = convert("alert", doc, AlertRecord.from_dict, self.path)
            if not record.is_open:
                raise RecordNotFoundError(f"alert {alert_id} was already resolved")
            closed = record.resolved(at, how, where)
            self._added_alerts = self._put_alerts([closed])
            self._alerts_only = True
        return closed

    def record_urgent(self, sighting: Sighting) -> AlertRecord:
        """Keep an urgent alert the moment it is answered, before the rest is saved.

        Saving the same answer again (the finished check-in) finds it and adds nothing.
        """
        record = concerns.urgent_record(sighting)
        with self._change():
            known = self._tables().get(ALERTS, {}).get(record.id)
            if known is not None:
                return convert("alert", known, AlertRecord.from_dict, self.path)
            self._added_alerts = self._put_alerts([record])
            self._alerts_only = True
        return record

    def _parse_alerts(self, docs: Iterable[dict[str, Any]]) -> list[AlertRecord]:
        return [convert("alert", d, AlertRecord.from_dict, self.path) for d in docs]

    def _put_alerts(self, records: Iterable[AlertRecord]) -> list[dict[str, Any]]:
        """Store ``records`` (new ones added, known ids replaced) in one table write."""
        docs = [r.to_dict() for r in records]
        if docs:
            tables = self._tables()
            table = dict(tables.get(ALERTS, {}))
            table.update((doc["id"], doc) for doc in docs)
            self._storage.write({**tables, ALERTS: table})
        return docs

    def _next_start(self, infusion_id: str | None) -> datetime | None:
        """When the infusion after ``infusion_id`` (None: before any) started, if one has."""
        infusions = self._tables().get(INFUSIONS, {}).values()
        starts = sorted(str(d.get("started_at")) for d in infusions)
        if infusion_id is None:
            after = starts[:1]
        else:
            own = next(
                (str(d.get("started_at")) for d in infusions if d.get("id") == infusion_id), None
            )
            after = [] if own is None else [s for s in starts if s > own][:1]
        return parse_stored_time("started_at", after[0]) if after else None

    def _note_sightings(
        self, sightings: Iterable[Sighting], now: datetime | None
    ) -> list[dict[str, Any]]:
        """Open or update the alerts a new record raised; returns the stored docs changed.

        An urgent alert is one of its own; a repeat of an open concern adds an occurrence
        to it (see :mod:`ketacheck.core.concerns`).
        """
        moment = now or utc_now()
        docs = self._tables().get(ALERTS, {})
        updated: list[AlertRecord] = []
        by_key: dict[tuple[str | None, str], list[Sighting]] = {}
        for sighting in sightings:
            if sighting.alert.level == URGENT:
                record = concerns.urgent_record(sighting)
                if record.id not in docs:
                    updated.append(record)
            else:
                by_key.setdefault(sighting.key, []).append(sighting)
        for (infusion_id, code), seen in by_key.items():
            stored = self._parse_alerts(
                d
                for d in docs.values()
                if d.get("code") == code and d.get("infusion_id") == infusion_id
            )
            after = concerns.add_sightings(stored, seen, self._next_start(infusion_id), moment)
            updated.extend(concerns.changed(stored, after))
        return self._put_alerts(updated)

    def _open_elsewhere(self, infusion_id: str | None) -> set[str | None]:
        """The infusions, other than ``infusion_id``, with a non-urgent alert still open."""
        return {
            d.get("infusion_id")
            for d in self._tables().get(ALERTS, {}).values()
            if d.get("resolved_at") is None
            and d.get("level") != URGENT
            and d.get("infusion_id") != infusion_id
        }

    def _resettle(
        self, infusion_ids: Iterable[str | None], now: datetime | None
    ) -> list[dict[str, Any]]:
        """Work the non-urgent alerts of these infusions out again from their check-ins,
        and close what the next infusion leaves open (see :func:`concerns.settle_all`)."""
        wanted = set(infusion_ids)
        if not wanted:
            return []
        docs = self._tables().get(ALERTS, {})
        wanted.update(
            d.get("infusion_id")
            for d in docs.values()
            if d.get("resolved_at") is None and d.get("level") != URGENT
        )
        stored = self._parse_alerts(d for d in docs.values() if d.get("infusion_id") in wanted)
        checkins = [
            convert("check-in", d, CheckIn.from_dict, self.path)
            for d in self._docs(CHECKINS)
            if d.get("infusion_id") in wanted
        ]
        sightings = [s for c in checkins for s in concerns.checkin_sightings(c)]
        next_start = {infusion_id: self._next_start(infusion_id) for infusion_id in wanted}
        after = concerns.settle_all(stored, sightings, next_start, now or utc_now())
        return self._put_alerts(concerns.changed(stored, after))
