"""``ketacheck status`` as text: read straight from the summary, written for people.

``status`` is what a patient (or their shell prompt, or a screen reader's quick look) runs
most, so it should cost little more than starting Python. Loading the record types behind
the rest of ketacheck was most of what ``status`` cost: as dataclasses, with
``dataclasses`` itself; as msgspec Structs now, with msgspec and what it loads
(``typing_extensions``, ``inspect``, ``decimal``, ``uuid``). So the lines are written
here from the summary's plain JSON (see :mod:`ketacheck.store.summary`), with the words
and rules the app itself uses (:mod:`ketacheck.core.restriction_table`,
:mod:`ketacheck.core.course_numbers`, :mod:`ketacheck.core.alert_words`), and every value
shown is checked on the way.

Whatever the summary can't answer plainly (no summary, one made from another version of
the journal, a clock set back before what it keeps, a value out of range) goes the long
way: the journal is read and checked as every other command reads it, and the same lines
are written from what it holds (:func:`source_from_overview`). tests/test_quick_status.py
holds these lines to the app's own :class:`~ketacheck.usecases.status.StatusReport`, which
Home and ``status --json`` show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ketacheck.cli.output import ADD_PHONE, alert_line, crisis_lines, when_text
from ketacheck.core import scales
from ketacheck.core.alert_words import care_team_line, seen_words
from ketacheck.core.clock import ensure_utc, format_duration, parse_stored_time
from ketacheck.core.course_numbers import (
    DEFAULT_PLANNED_INFUSIONS,
    FASTING_HOURS,
    INTEGRATION_DAYS,
    course_label,
    fasting_hours,
    fasting_starts_at,
    integration_day,
    planned_infusions,
)
from ketacheck.core.levels import KEPT_LEVELS, LEVELS, URGENT
from ketacheck.core.restriction_table import (
    DEFAULT_ROWS,
    finished_words,
    held_by_dizziness,
    passed_not_lifted,
    restriction_hours,
)
from ketacheck.core.words import plural
from ketacheck.store.summary_format import current_summary

if TYPE_CHECKING:
    from ketacheck.store.overview import Overview

#: A summary-shaped mapping: ``settings``, ``infusions`` (oldest first),
#: ``earlier_infusions``, ``recent_checkins`` (oldest first) and ``open_alerts``, each
#: record in its stored form.
Source = Mapping[str, Any]


class Unclear(Exception):
    """The summary holds something not shown without the journal's own checks."""


def summary_status_text(data_dir: Path, now: datetime) -> str | None:
    """The status at ``now`` from the summary beside the journal; None when it can't say.

    Raises:
        StoreError: the data folder is not safe to read (as for every command).
    """
    try:
        summary = current_summary(data_dir)
    except FileNotFoundError:
        return None  # no journal yet: the long way says so
    if summary is None:
        return None
    try:
        return status_text(summary, now)
    except (Unclear, ValueError, TypeError, KeyError):  # ValidationError is a ValueError
        return None  # a summary ketacheck made from a record it would refuse: the long way


def source_from_overview(overview: Overview) -> dict[str, Any]:
    """The overview the journal gives, in the summary's shape, for :func:`status_text`."""
    return {
        "settings": overview.settings.to_dict(),
        "infusions": [infusion.to_dict() for infusion in overview.infusions],
        "earlier_infusions": overview.earlier_infusions,
        "recent_checkins": [c.to_dict() for c in overview.recent_checkins[-1:]],
        "open_alerts": [alert.to_dict() for alert in overview.open_alerts],
    }


def status_text(source: Source, now: datetime) -> str:
    """The status at ``now`` as a short, plain table for people.

    Raises:
        Unclear, ValidationError: ``source`` holds a value the app would refuse, or keeps
            too little to say which infusion is the latest at ``now``.
    """
    now = ensure_utc(now)
    settings = _mapping(source, "settings")
    clock24 = scales.flag("clock_24h", settings.get("clock_24h", True))
    latest, number = _latest_infusion(source, now)
    last = _last_checkin(source)
    lines: list[str] = []
    if latest is None:
        lines.append("No infusion logged yet. Log one with: ketacheck infusion add")
    else:
        ended = latest.ended_at
        planned = planned_infusions(
            "planned_infusions", settings.get("planned_infusions", DEFAULT_PLANNED_INFUSIONS)
        )
        label = course_label(number, planned)
        since = now - ended
        if since < timedelta(0):
            lines.append(f"{label} is under way.")
        else:
            ago = format_duration(since)
            lines.append(f"{label} · ended {when_text(ended, now, clock24)} ({ago} ago)")
        day = integration_day(since / timedelta(hours=1))
        if day is not None:
            lines.append(f"Integration day {day} of {INTEGRATION_DAYS}")
    lines.extend(_alert_lines(source, settings, now, clock24))
    if latest is not None:
        lines.extend(_restriction_lines(settings, latest, last, now, clock24))
    lines.extend(_appointment_lines(settings, now, clock24))
    lines.append("")
    if last is None:
        lines.append("No check-ins yet. Start one with: ketacheck checkin")
    else:
        lines.append(
            f"Last check-in {when_text(last['at'], now, clock24)}: dizziness "
            f"{last['dizziness']}, nausea {last['nausea']}, fluids "
            f"{plural(last['fluids_glasses'], 'glass')}, mood {last['mood']}"
        )
    return "\n".join(lines)


class _Infusion(NamedTuple):
    started_at: datetime
    ended_at: datetime
    id: str


def _latest_infusion(source: Source, now: datetime) -> tuple[_Infusion | None, int]:
    """The latest infusion that started by ``now``, and which of the course it is."""
    earlier = source["earlier_infusions"]
    if isinstance(earlier, bool) or not isinstance(earlier, int) or earlier < 0:
        raise Unclear("earlier_infusions")
    infusions = [_infusion(doc) for doc in _list(source, "infusions")]
    if earlier and infusions and now < min(i.started_at for i in infusions):
        raise Unclear("the clock is before the infusions the summary keeps")
    started = [i for i in infusions if i.started_at <= now]
    if not started:
        return None, 0
    latest = max(started, key=lambda i: i.started_at)
    return latest, earlier + sum(1 for i in started if i.started_at <= latest.started_at)


def _infusion(doc: Any) -> _Infusion:
    doc = _record(doc)
    start = parse_stored_time("started_at", doc["started_at"])
    end = parse_stored_time("ended_at", doc["ended_at"])
    if end < start:
        raise Unclear("an infusion ends before it starts")
    return _Infusion(start, end, _text(doc, "id"))


def _last_checkin(source: Source) -> dict[str, Any] | None:
    """The newest check-in, its shown answers checked as the journal checks them."""
    recent = _list(source, "recent_checkins")
    if not recent:
        return None
    doc = _record(recent[-1])
    infusion_id = doc.get("infusion_id")
    if infusion_id is not None and not isinstance(infusion_id, str):
        raise Unclear("infusion_id")
    return {
        "at": parse_stored_time("at", doc["at"]),
        "infusion_id": infusion_id,
        "dizziness": scales.scale_value("dizziness", doc["dizziness"]),
        "nausea": scales.scale_value("nausea", doc["nausea"]),
        "fluids_glasses": scales.fluid_glasses("fluids_glasses", doc["fluids_glasses"]),
        "mood": scales.scale_value("mood", doc["mood"]),
    }


def _restriction_lines(
    settings: Mapping[str, Any],
    latest: _Infusion,
    last: dict[str, Any] | None,
    now: datetime,
    clock24: bool,
) -> list[str]:
    """One line per restriction: time left, or how it stands once its time is up."""
    hours = _restriction_hours(settings)
    # As :func:`ketacheck.usecases.status.still_dizzy`: only a check-in made since the
    # latest infusion says how the patient feels now.
    dizzy = last is not None and last["infusion_id"] == latest.id and last["dizziness"] >= 1
    width = max(len(label) for _, label, _, _, _ in DEFAULT_ROWS)
    lines = [""]
    for restriction_id, label, default_hours, _, ask_first in DEFAULT_ROWS:
        lifts_at = latest.ended_at + timedelta(hours=hours.get(restriction_id, default_hours))
        when = when_text(lifts_at, now, clock24)
        row = label.ljust(width)
        if lifts_at > now:
            left = format_duration(lifts_at - now)
            ends = "at least until" if ask_first else "lifts"
            lines.append(f"  {row}  {left:>9} left   {ends} {when}")
            continue
        held = held_by_dizziness(restriction_id, False, dizzy)
        mark, words = finished_words(ask_first, held)
        if passed_not_lifted(ask_first, False, held):
            lines.append(f"  {row}  {mark} {words} (since {when})")
        else:
            lines.append(f"  {row}  {mark} {words}        since {when}")
    return lines


def _alert_lines(
    source: Source, settings: Mapping[str, Any], now: datetime, clock24: bool
) -> list[str]:
    """Every open alert, most serious first, with who to call; the crisis line first when
    one is urgent."""
    alerts = sorted(
        (_alert(doc) for doc in _list(source, "open_alerts")),
        key=lambda a: (LEVELS.index(a["level"]), -a["raised_at"].timestamp()),
    )
    if not alerts:
        return []
    lines = [""]
    if any(a["level"] == URGENT for a in alerts):
        lines.extend(_crisis_lines(settings))
    for alert in alerts:
        raised = when_text(alert["raised_at"], now, clock24)
        seen = seen_words(alert["seen"], alert["source_kind"], raised, alert["answer"])
        lines.append(alert_line(alert["level"], alert["message"], alert["id"], raised, seen))
    lines.append(f"   Care team: {_care_team(settings)}")
    lines.append("   Once you have acted on one: ketacheck alerts resolve ID")
    return lines


def _alert(doc: Any) -> dict[str, Any]:
    doc = _record(doc)
    level = doc["level"]
    if level not in KEPT_LEVELS or doc.get("resolved_at") is not None:
        raise Unclear("not an open alert")
    occurrences = doc.get("occurrences")
    listed = 1 if occurrences is None else len(_list(doc, "occurrences"))
    seen = doc.get("seen")
    if seen is None:
        seen = listed
    elif isinstance(seen, bool) or not isinstance(seen, int) or not listed <= seen <= 10**7:
        raise Unclear("seen")
    answer = "" if not occurrences else _record(occurrences[-1]).get("answer", "")
    if not isinstance(answer, str):
        raise Unclear("answer")
    return {
        "id": _text(doc, "id"),
        "level": level,
        "message": _text(doc, "message"),
        "raised_at": parse_stored_time("raised_at", doc["raised_at"]),
        "source_kind": _text(doc, "source_kind"),
        "seen": seen,
        "answer": answer,
    }


def _appointment_lines(settings: Mapping[str, Any], now: datetime, clock24: bool) -> list[str]:
    raw = settings.get("next_appointment")
    if raw is None:
        return []
    appointment = parse_stored_time("next_appointment", raw)
    if appointment <= now:
        return []
    hours = fasting_hours("fasting_hours", settings.get("fasting_hours", FASTING_HOURS))
    fasting = fasting_starts_at(appointment, hours)
    return [
        "",
        f"Next infusion {when_text(appointment, now, clock24)}. Your clinic may ask you to "
        f"stop eating from {when_text(fasting, now, clock24)}; arrange a ride there and back.",
    ]


def _care_team(settings: Mapping[str, Any]) -> str:
    name, phone = settings.get("care_team_name", ""), settings.get("care_team_phone", "")
    if not isinstance(name, str) or not isinstance(phone, str):
        raise Unclear("care team")
    return care_team_line(name, phone, ADD_PHONE)


def _crisis_lines(settings: Mapping[str, Any]) -> list[str]:
    """The crisis line as the app gives it (the country set, else guessed): only with an
    urgent alert open, so it may load the settings' own record type."""
    from ketacheck.core.settings import Settings
    from ketacheck.store.overview import with_country_guess

    return crisis_lines(with_country_guess(Settings.from_dict(settings)))


def _record(doc: Any) -> Mapping[str, Any]:
    if not isinstance(doc, Mapping):
        raise Unclear("not a record")
    return doc


def _mapping(doc: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    return _record(doc.get(key) or {})


def _list(doc: Mapping[str, Any], key: str) -> Sequence[Any]:
    value = doc.get(key) or []
    if not isinstance(value, list):
        raise Unclear(key)
    return value


def _text(doc: Mapping[str, Any], key: str) -> str:
    value = doc[key]
    if not isinstance(value, str) or not value:
        raise Unclear(key)
    return value


def _restriction_hours(settings: Mapping[str, Any]) -> dict[str, float]:
    """The patient's own hours per restriction, checked as the settings check them."""
    known = {row[0] for row in DEFAULT_ROWS}
    hours = _mapping(settings, "restriction_hours")
    if not set(hours) <= known:
        raise Unclear("restriction_hours")
    return {name: restriction_hours(name, value) for name, value in hours.items()}
