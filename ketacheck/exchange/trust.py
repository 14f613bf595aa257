"""Imported alerts are data, never instructions: the rules decide what a record raised.

A file may claim anything: a forged "urgent" alert, a message that tells the patient
something ketacheck never would, an alert on a calm check-in. So every imported check-in
and questionnaire gets its alerts from today's rules, and an imported alert record is kept
only where those rules raise its code for its source record; its level and message are
then the rules' own. What survives from the file is an alert's history: when it was
raised, and when and how the patient resolved it.
"""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct
from msgspec.structs import replace

from ketacheck.core.alert_records import AlertRecord
from ketacheck.core.alert_words import CHECKIN_SOURCE, QUESTIONNAIRE_SOURCE
from ketacheck.core.alerts import (
    KEPT_LEVELS,
    NO_CLINIC_LEVELS,
    SELF_HARM_CODE,
    SELF_HARM_MESSAGE,
    URGENT,
    BloodPressureLevels,
    checkin_alerts,
    mood_baseline,
)
from ketacheck.core.concerns import upgrade_legacy
from ketacheck.core.occurrences import Occurrence, checkin_occurrence
from ketacheck.core.questionnaires import QuestionnaireResult, questionnaire_alerts
from ketacheck.core.records import Alert, CheckIn, Infusion, latest_infusion_before
from ketacheck.exchange.export import OCCURRENCES_VERSION
from ketacheck.exchange.importer import ImportBundle


class Checked(Struct, frozen=True):
    """An import bundle whose alerts the rules wrote, and the alerts left out.

    Attributes:
        bundle: The records to import, each carrying the alerts the rules raise.
        refused: One line per imported alert record that was left out, naming it.
    """

    bundle: ImportBundle
    refused: list[str]


def check_alerts(
    bundle: ImportBundle,
    infusions: list[Infusion],
    checkins: list[CheckIn],
    questionnaires: list[QuestionnaireResult],
    now: datetime,
    stated: int | None = None,
    clinic_bp: BloodPressureLevels = NO_CLINIC_LEVELS,
) -> Checked:
    """Rewrite every alert in ``bundle`` from the rules, against the journal it joins.

    Args:
        bundle: The parsed file.
        infusions, checkins, questionnaires: What the journal already holds.
        now: The time now (what an older file's alerts are upgraded as of).
        stated: The patient's own answer about their usual mood, from their settings.
        clinic_bp: The clinic's own call-today blood pressure levels, from their settings.
    """
    all_infusions = sorted(
        {i.id: i for i in [*infusions, *bundle.infusions]}.values(), key=lambda i: i.started_at
    )
    baseline = mood_baseline([*checkins, *bundle.checkins], all_infusions, stated)
    fresh_checkins = [_linked(c, all_infusions, baseline, clinic_bp) for c in bundle.checkins]
    fresh_results = [
        replace(r, alerts=questionnaire_alerts(r.kind, r.answers)) for r in bundle.questionnaires
    ]
    # An existing record keeps the alerts it was saved with; an imported one, the rules'.
    sources: dict[tuple[str, str], CheckIn | QuestionnaireResult] = {}
    for kind, records in (
        (CHECKIN_SOURCE, [*checkins, *fresh_checkins]),
        (QUESTIONNAIRE_SOURCE, [*questionnaires, *fresh_results]),
    ):
        for source in records:
            sources[(kind, source.id)] = source
    claimed = bundle.alerts
    if bundle.version < OCCURRENCES_VERSION:
        claimed = upgrade_legacy(
            claimed,
            {c.id: c for kind_id, c in sources.items() if isinstance(c, CheckIn)},
            {r.id: r.infusion_id for r in [*questionnaires, *fresh_results]},
            {i.id: i.started_at for i in all_infusions},
            now,
        )
    kept: list[AlertRecord] = []
    refused: list[str] = []
    for index, record in enumerate(claimed):
        trusted = _trusted(record, sources)
        if trusted is None:
            refused.append(
                f"alerts[{index}] (id {record.id}): {record.level} {record.code!r} is not what "
                f"ketacheck's rules raise for {record.source_kind} {record.source_id}"
            )
            continue
        kept.append(trusted)
    checked = replace(bundle, checkins=fresh_checkins, questionnaires=fresh_results, alerts=kept)
    return Checked(checked, refused)


def _linked(
    checkin: CheckIn,
    infusions: list[Infusion],
    baseline: float | None,
    clinic_bp: BloodPressureLevels,
) -> CheckIn:
    """An imported check-in linked to the infusion it follows, with the rules' alerts.

    The link is worked out as for a check-in saved here, whatever the file says.
    """
    follows = latest_infusion_before(infusions, checkin.at)
    linked = replace(checkin, infusion_id=follows.id if follows else None)
    return linked.with_alerts(checkin_alerts(linked, follows, baseline, clinic_bp))


def _rule(source: CheckIn | QuestionnaireResult | None, code: str) -> Alert | None:
    """The kept alert ``code`` that the rules raise for ``source``, if they do."""
    if source is None:
        return None
    rule = next((a for a in source.alerts if a.code == code), None)
    return rule if rule is not None and rule.level in KEPT_LEVELS else None


def _trusted(
    record: AlertRecord, sources: dict[tuple[str, str], CheckIn | QuestionnaireResult]
) -> AlertRecord | None:
    """``record`` as the rules see it: only the occurrences whose records raise its code,
    each answer worked out from its record, the level and message the rules' own.

    A self-harm "yes" is kept the moment it is answered, so its check-in may never have
    been saved: such an urgent alert, with no record of that id anywhere, is kept with
    the rules' own words.
    """
    kept: list[Occurrence] = []
    rule: Alert | None = None
    for occurrence in record.occurrences:
        source = sources.get((record.source_kind, occurrence.source_id))
        found = _rule(source, record.code)
        if found is None:
            continue
        rule = found
        if isinstance(source, CheckIn):
            occurrence = checkin_occurrence(record.code, source)
        kept.append(occurrence)
    if rule is None and _unsaved_yes(record, sources):
        return replace(record, message=SELF_HARM_MESSAGE)
    if rule is None:
        return None
    if record.level == URGENT and len(kept) != len(record.occurrences):
        return None  # an urgent alert stands for exactly the answers it lists
    first = kept[0]
    source = sources[(record.source_kind, first.source_id)]
    return replace(
        record,
        level=rule.level,
        message=rule.message,
        raised_at=first.at,
        source_id=first.source_id,
        infusion_id=source.infusion_id,
        occurrences=tuple(kept),
        # What it no longer lists counts only while every listed one stands.
        times_seen=record.times_seen if len(kept) == len(record.occurrences) else 0,
    )


def _unsaved_yes(
    record: AlertRecord, sources: dict[tuple[str, str], CheckIn | QuestionnaireResult]
) -> bool:
    return (
        record.level == URGENT
        and record.code == SELF_HARM_CODE
        and record.source_kind == CHECKIN_SOURCE
        and record.seen == 1
        and (CHECKIN_SOURCE, record.source_id) not in sources
    )
