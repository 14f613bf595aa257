"""One open alert per concern per infusion: how repeats, escalation and edits settle.

A *concern* is one rule (an alert's code) after one infusion. However often the answers
raise it, it is one :class:`~ketacheck.core.alert_records.AlertRecord` that lists each
occurrence. The rules of its life:

1. A repeat while it is open is one more occurrence; the record keeps when it was first
   raised and its id (derived from that first record, so saving or importing again finds
   it instead of opening a second one).
2. A worse level is another rule (``persistent_dizziness`` is call-today, ``severe_dizziness``
   call-now), so escalation always opens an alert of its own. Urgent alerts are kept one
   per record that raised them, never merged and never closed by ketacheck.
3. Once the patient has resolved it, the same or a milder answer for the same infusion
   does not bring it back; a worse one (a higher :attr:`Occurrence.value`) does, as a new
   record, and so does the same concern after the next infusion.
4. The next infusion closes what is still open from the one before, as "not marked before
   the next infusion"; the record stays.
5. When the answers that raised it are changed or deleted, it is worked out again from the
   check-ins as they now are; one whose every source is gone closes as "answer changed".
   What the patient resolved is history and is never rewritten.

Everything here is pure: the journal hands in the records and the check-ins, and stores
what comes back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from msgspec import Struct
from msgspec.structs import replace

from ketacheck.core.alert_records import (
    BY_ANSWER_CHANGE,
    BY_NEXT_INFUSION,
    AlertRecord,
    alert_id,
)
from ketacheck.core.alert_words import CHECKIN_SOURCE, QUESTIONNAIRE_SOURCE
from ketacheck.core.levels import KEPT_LEVELS, URGENT
from ketacheck.core.occurrences import Occurrence, checkin_occurrence, listed
from ketacheck.core.records import Alert, CheckIn


class Sighting(Struct, frozen=True):
    """A kept alert as one record raised it.

    Attributes:
        alert: The alert (level, code and the rules' message).
        source_kind: ``checkin`` or ``questionnaire``.
        occurrence: When, at which record, with what answer.
        infusion_id: The infusion that record follows, or None.
    """

    alert: Alert
    source_kind: str
    occurrence: Occurrence
    infusion_id: str | None

    @property
    def key(self) -> tuple[str | None, str]:
        """The concern it belongs to: (infusion, code)."""
        return self.infusion_id, self.alert.code


def checkin_sightings(checkin: CheckIn) -> list[Sighting]:
    """The kept alerts (call-today and above) ``checkin`` raises, once per code."""
    found: dict[str, Sighting] = {}
    for alert in checkin.alerts:
        if alert.level in KEPT_LEVELS and alert.code not in found:
            occurrence = checkin_occurrence(alert.code, checkin)
            found[alert.code] = Sighting(alert, CHECKIN_SOURCE, occurrence, checkin.infusion_id)
    return list(found.values())


def questionnaire_sightings(
    result_id: str, at: datetime, infusion_id: str | None, alerts: Iterable[Alert], answer: str
) -> list[Sighting]:
    """The kept alerts a questionnaire result raises (only urgent ones, today)."""
    found: dict[str, Sighting] = {}
    for alert in alerts:
        if alert.level in KEPT_LEVELS and alert.code not in found:
            occurrence = Occurrence(at, result_id, answer, 1)
            found[alert.code] = Sighting(alert, QUESTIONNAIRE_SOURCE, occurrence, infusion_id)
    return list(found.values())


def urgent_record(sighting: Sighting) -> AlertRecord:
    """The urgent alert one record raised: one of its own, whatever else is open."""
    return AlertRecord.raised(
        sighting.alert, sighting.source_kind, sighting.occurrence, sighting.infusion_id
    )


def ceiling(record: AlertRecord) -> int:
    """The strongest answer a record saw: what the patient acted on, if they resolved it."""
    return max(o.value for o in record.occurrences)


def _is_history(record: AlertRecord) -> bool:
    """Closed for good: resolved by the patient, or closed when its answers went."""
    return record.by_patient or record.closed_by == BY_ANSWER_CHANGE


def _from_record(record: AlertRecord) -> list[Sighting]:
    """A live record's own occurrences, as sightings carrying its level and message."""
    alert = Alert(record.level, record.code, record.message)
    return [Sighting(alert, record.source_kind, o, record.infusion_id) for o in record.occurrences]


def settle(
    stored: Sequence[AlertRecord],
    sightings: Sequence[Sighting],
    next_start: datetime | None,
    now: datetime,
    suppress_after_resolved: bool = True,
    unlisted: int = 0,
) -> list[AlertRecord]:
    """Every record of one non-urgent concern, given everything that raises it now.

    Args:
        stored: The concern's records as kept (any state), all of one infusion and code.
        sightings: Each time the records as they now are raise it (any order).
        next_start: When the next infusion starts, if one is logged; once that is past,
            what is still open closes at that moment.
        now: The time now: when an alert whose answers have gone is closed.
        suppress_after_resolved: Rule 3 above; off only when an older journal's alerts,
            raised before that rule, are brought over as they were.
        unlisted: Sightings of the live record that it no longer lists (past
            :data:`~ketacheck.core.occurrences.MAX_OCCURRENCES`), still to be counted.

    Returns:
        The records to keep: the history (what the patient resolved, and what an earlier
        change closed) unchanged, and the one live record, if anything still raises it.
    """
    ordered = sorted(stored, key=lambda r: (r.raised_at, r.id))
    history = [r for r in ordered if _is_history(r)]
    live = [r for r in ordered if not _is_history(r)]
    kept = _not_yet_dealt_with(
        [r for r in history if r.by_patient], sightings, suppress_after_resolved
    )
    if not kept:
        return [*history, *(r.closed(now, BY_ANSWER_CHANGE) if r.is_open else r for r in live)]
    first, newest = kept[0], kept[-1]
    shown = listed(tuple(s.occurrence for s in kept))
    total = len(kept) + unlisted
    if live:
        record_id = live[0].id
    else:
        record_id = alert_id(first.occurrence.source_id, first.alert.code)
        # The same answer back after a change closed it: the same alert again.
        history = [r for r in history if r.id != record_id]
    record = AlertRecord(
        id=record_id,
        level=newest.alert.level,
        code=first.alert.code,
        message=newest.alert.message,
        raised_at=first.occurrence.at,
        source_kind=first.source_kind,
        source_id=first.occurrence.source_id,
        infusion_id=first.infusion_id,
        occurrences=shown,
        times_seen=total if total > len(shown) else 0,
    )
    if next_start is not None and next_start <= now:
        record = record.closed(max(next_start, newest.occurrence.at), BY_NEXT_INFUSION)
    rest = [r.closed(now, BY_ANSWER_CHANGE) if r.is_open else r for r in live[1:]]
    return [*history, record, *rest]


def _not_yet_dealt_with(
    resolved: list[AlertRecord], sightings: Sequence[Sighting], suppress: bool
) -> list[Sighting]:
    """The sightings of a concern that its resolved records do not already stand for,
    oldest first, one per record.

    Until one is kept, a sighting no stronger than what the patient last resolved is left
    out (rule 3); once one is, every later sighting joins it.
    """
    covered = {o.source_id for r in resolved for o in r.occurrences}
    kept: list[Sighting] = []
    for sighting in sorted(sightings, key=lambda s: (s.occurrence.at, s.occurrence.source_id)):
        occurrence = sighting.occurrence
        if occurrence.source_id in covered:
            continue
        covered.add(occurrence.source_id)
        if not kept and suppress:
            before = [r for r in resolved if r.raised_at <= occurrence.at]
            if before and occurrence.value <= ceiling(before[-1]):
                continue  # the patient has dealt with this much already
        kept.append(sighting)
    return kept


def add_sightings(
    stored: Sequence[AlertRecord],
    sightings: Sequence[Sighting],
    next_start: datetime | None,
    now: datetime,
) -> list[AlertRecord]:
    """A concern's records after new sightings, without reading the older check-ins.

    The live record's own occurrences stand for what raised it so far, so this gives what
    :func:`settle` would from every check-in, at the cost of one concern's records.
    """
    live = [r for r in stored if not _is_history(r)]
    earlier = [s for r in live for s in _from_record(r)]
    live.sort(key=lambda r: (r.raised_at, r.id))
    unlisted = sum(r.seen - len(r.occurrences) for r in live[:1])
    return settle(stored, [*earlier, *sightings], next_start, now, unlisted=unlisted)


def settle_all(
    stored: Iterable[AlertRecord],
    sightings: Iterable[Sighting],
    next_start: dict[str | None, datetime | None],
    now: datetime,
    suppress_after_resolved: bool = True,
) -> list[AlertRecord]:
    """Every non-urgent record of the infusions in ``next_start``, worked out again.

    Args:
        stored: Their records as kept (urgent ones and other infusions' are passed over).
        sightings: Everything their check-ins raise now.
        next_start: For each infusion to settle (None: before any), when the next began.
        now: When an alert whose answers have gone is closed.
        suppress_after_resolved: See :func:`settle`.
    """
    by_key: dict[tuple[str | None, str], tuple[list[AlertRecord], list[Sighting]]] = {}
    for record in stored:
        if record.level != URGENT and record.infusion_id in next_start:
            by_key.setdefault((record.infusion_id, record.code), ([], []))[0].append(record)
    for sighting in sightings:
        if sighting.alert.level != URGENT and sighting.infusion_id in next_start:
            by_key.setdefault(sighting.key, ([], []))[1].append(sighting)
    settled: list[AlertRecord] = []
    for (infusion_id, _), (records, seen) in sorted(by_key.items(), key=lambda kv: str(kv[0])):
        settled.extend(settle(records, seen, next_start[infusion_id], now, suppress_after_resolved))
    return settled


def changed(before: Iterable[AlertRecord], after: Iterable[AlertRecord]) -> list[AlertRecord]:
    """The records of ``after`` that are new or differ from ``before``."""
    known = {r.id: r for r in before}
    return [r for r in after if known.get(r.id) != r]


def with_infusion(record: AlertRecord, infusion_id: str | None) -> AlertRecord:
    """``record`` moved to another infusion (an older journal's record, being upgraded)."""
    return replace(record, infusion_id=infusion_id)


def upgrade_legacy(
    records: Iterable[AlertRecord],
    checkins: dict[str, CheckIn],
    questionnaire_infusions: dict[str, str | None],
    infusion_starts: dict[str, datetime],
    now: datetime,
) -> list[AlertRecord]:
    """Alert records from before occurrences were kept (one per record that raised it),
    as one per concern: the journal upgrade and the import of older files both use this.

    Nothing is lost: every old record is an occurrence of the record that stands for its
    concern, what the patient resolved stays as they resolved it, and an urgent one stays
    a record of its own. What was still open from an earlier infusion closes as "not
    marked before the next infusion". Old records were raised without rule 3, so none is
    left out for following a resolved one.

    Args:
        records: The old records, as read.
        checkins: The journal's check-ins by id (their answers and infusions).
        questionnaire_infusions: Each questionnaire result's infusion, by id.
        infusion_starts: When each infusion started, by id.
        now: The time now.
    """
    placed: list[AlertRecord] = []
    for record in records:
        checkin = checkins.get(record.source_id) if record.source_kind == CHECKIN_SOURCE else None
        if checkin is not None:
            infusion_id = checkin.infusion_id
            occurrence = checkin_occurrence(record.code, checkin)
        else:
            infusion_id = questionnaire_infusions.get(record.source_id)
            occurrence = Occurrence(record.raised_at, record.source_id, "", 1)
        placed.append(replace(record, infusion_id=infusion_id, occurrences=(occurrence,)))
    urgent = [r for r in placed if r.level == URGENT]
    others = [r for r in placed if r.level != URGENT]
    by_key: dict[tuple[str | None, str], list[AlertRecord]] = {}
    for record in others:
        by_key.setdefault((record.infusion_id, record.code), []).append(record)
    settled = list(urgent)
    for (infusion_id, _), group in by_key.items():
        group.sort(key=lambda r: (r.raised_at, r.id))
        open_ones = [r for r in group if r.is_open]
        stored = [r for r in group if not r.is_open] + open_ones[:1]
        seen = [s for r in open_ones for s in _from_record(r)]
        after = next_start(infusion_starts, infusion_id)
        settled.extend(settle(stored, seen, after, now, False))
    return settled


def next_start(infusion_starts: dict[str, datetime], infusion_id: str | None) -> datetime | None:
    """When the infusion after ``infusion_id`` (None: before any) started, if one has."""
    own = infusion_starts.get(infusion_id) if infusion_id is not None else None
    if infusion_id is not None and own is None:
        return None
    return min((s for s in infusion_starts.values() if own is None or s > own), default=None)


def raised_alerts(
    sightings: Iterable[Sighting], infusion_starts: dict[str, datetime]
) -> list[AlertRecord]:
    """The alerts a journal holds when these records were saved in turn and none was
    resolved: what an upgrade from before alert records, a demo or a test starts from."""
    seen = list(sightings)
    if not seen:
        return []
    urgent = {r.id: r for r in (urgent_record(s) for s in seen if s.alert.level == URGENT)}
    ids = {s.infusion_id for s in seen}
    starts = {infusion_id: next_start(infusion_starts, infusion_id) for infusion_id in ids}
    # As of the last record: every infusion logged by then has started.
    latest = max([s.occurrence.at for s in seen] + list(infusion_starts.values()))
    return [*urgent.values(), *settle_all([], seen, starts, latest)]
