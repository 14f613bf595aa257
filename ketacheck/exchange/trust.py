"""Imported alerts are data, never instructions: the rules decide what a record raised.

A file may claim anything: a forged "urgent" alert, a message that tells the patient
something ketacheck never would, an alert on a calm check-in. So every imported check-in
and questionnaire gets its alerts from today's rules, and an imported alert record is kept
only where those rules raise its code for its source record; its level and message are
then the rules' own. What survives from the file is an alert's history: when it was
raised, and when and how the patient resolved it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ketacheck.core.alert_records import CHECKIN_SOURCE, AlertRecord
from ketacheck.core.alerts import (
    KEPT_LEVELS,
    NO_CLINIC_LEVELS,
    BloodPressureLevels,
    checkin_alerts,
    mood_baseline,
)
from ketacheck.core.questionnaires import QuestionnaireResult, questionnaire_alerts
from ketacheck.core.records import Alert, CheckIn, Infusion, latest_infusion_before
from ketacheck.exchange.importer import ImportBundle


@dataclass(frozen=True)
class Checked:
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
    stated: int | None = None,
    clinic_bp: BloodPressureLevels = NO_CLINIC_LEVELS,
) -> Checked:
    """Rewrite every alert in ``bundle`` from the rules, against the journal it joins.

    Args:
        bundle: The parsed file.
        infusions, checkins, questionnaires: What the journal already holds.
        stated: The patient's own answer about their usual mood, from their settings.
        clinic_bp: The clinic's own call-today blood pressure levels, from their settings.
    """
    all_infusions = sorted(
        {i.id: i for i in [*infusions, *bundle.infusions]}.values(), key=lambda i: i.started_at
    )
    baseline = mood_baseline([*checkins, *bundle.checkins], all_infusions, stated)
    fresh_checkins = [
        c.with_alerts(
            checkin_alerts(c, latest_infusion_before(all_infusions, c.at), baseline, clinic_bp)
        )
        for c in bundle.checkins
    ]
    fresh_results = [
        replace(r, alerts=questionnaire_alerts(r.kind, r.answers)) for r in bundle.questionnaires
    ]
    # An existing record keeps the alerts it was saved with; an imported one, the rules'.
    raised: dict[tuple[str, str], dict[str, Alert]] = {}
    for kind, records in (
        (CHECKIN_SOURCE, [*checkins, *fresh_checkins]),
        ("questionnaire", [*questionnaires, *fresh_results]),
    ):
        for source in records:
            raised[(kind, source.id)] = {a.code: a for a in source.alerts}
    kept: list[AlertRecord] = []
    refused: list[str] = []
    for index, record in enumerate(bundle.alerts):
        rule = raised.get((record.source_kind, record.source_id), {}).get(record.code)
        if rule is None or rule.level not in KEPT_LEVELS:
            refused.append(
                f"alerts[{index}] (id {record.id}): {record.level} {record.code!r} is not what "
                f"ketacheck's rules raise for {record.source_kind} {record.source_id}"
            )
            continue
        kept.append(replace(record, level=rule.level, message=rule.message))
    checked = replace(bundle, checkins=fresh_checkins, questionnaires=fresh_results, alerts=kept)
    return Checked(checked, refused)
