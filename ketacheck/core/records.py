"""The record types of the journal, with strict conversion to and from stored dicts.

``from_dict`` is the single gate for anything read from disk or imported: it checks every
field and raises :class:`~ketacheck.core.scales.ValidationError` naming the bad one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace

from ketacheck.core import scales
from ketacheck.core.clock import parse_stored_time, to_iso
from ketacheck.core.scales import ValidationError

DEFAULT_INFUSION_MINUTES = 45
MAX_INFUSION_MINUTES = 12 * 60


def new_id() -> str:
    """A fresh, stable record id (uuid4 hex)."""
    import uuid

    return uuid.uuid4().hex


def _record_id(value: Any, field_name: str = "id") -> str:
    if not isinstance(value, str) or not value or len(value) > 64:
        raise ValidationError(field_name, "must be a non-empty id of at most 64 characters")
    return value


def _require(data: Mapping[str, Any], name: str) -> Any:
    if name not in data:
        raise ValidationError(name, "is missing")
    return data[name]


class Infusion(Struct, frozen=True):
    """One ketamine infusion. Countdowns run from ``ended_at``."""

    id: str
    started_at: datetime
    ended_at: datetime
    note: str = ""

    @classmethod
    def create(
        cls,
        started_at: datetime,
        minutes: int = DEFAULT_INFUSION_MINUTES,
        note: str = "",
    ) -> Infusion:
        """Build a new infusion lasting ``minutes`` from ``started_at``, checking each field."""
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            raise ValidationError("minutes", "must be a whole number of minutes")
        if not 1 <= minutes <= MAX_INFUSION_MINUTES:
            raise ValidationError(
                "minutes", f"must be from 1 to {MAX_INFUSION_MINUTES} minutes, not {minutes}"
            )
        return cls.from_dict(
            {
                "id": new_id(),
                "started_at": to_iso(started_at),
                "ended_at": to_iso(started_at + timedelta(minutes=minutes)),
                "note": note,
            }
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Infusion:
        """Check and convert a stored infusion."""
        started = parse_stored_time("started_at", _require(data, "started_at"))
        ended = parse_stored_time("ended_at", _require(data, "ended_at"))
        if ended < started:
            raise ValidationError("ended_at", "must not be before started_at")
        if ended - started > timedelta(minutes=MAX_INFUSION_MINUTES):
            raise ValidationError("ended_at", "must be within 12 hours of started_at")
        return cls(
            id=_record_id(_require(data, "id")),
            started_at=started,
            ended_at=ended,
            note=scales.text("note", data.get("note", "")),
        )

    def to_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "id": self.id,
            "started_at": to_iso(self.started_at),
            "ended_at": to_iso(self.ended_at),
            "note": self.note,
        }


class Alert(Struct, frozen=True):
    """Something the patient should see: an urgent crisis message, a call-today, or a tip.

    Attributes:
        level: ``urgent``, ``call-now``, ``call-today`` or ``tip``.
        code: A stable name for the rule that raised it.
        message: The plain sentence the patient reads.
    """

    level: str
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """The stored form."""
        return {"level": self.level, "code": self.code, "message": self.message}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Alert:
        """Check and convert a stored alert."""
        if not isinstance(data, Mapping):
            raise ValidationError(
                "alerts", "each alert must be an object with level, code, message"
            )
        level = _require(data, "level")
        if level not in ALERT_LEVELS:
            raise ValidationError("alerts.level", f"must be one of {', '.join(ALERT_LEVELS)}")
        return cls(
            level=level,
            code=scales.text("alerts.code", _require(data, "code"), 100),
            message=scales.text("alerts.message", _require(data, "message"), 2_000),
        )


ALERT_LEVELS = ("urgent", "call-now", "call-today", "tip")


class CheckIn(Struct, frozen=True):
    """One check-in: the four core answers, the optional extras, and the alerts it raised.

    A question that was never put to the patient is ``None`` ("not asked"), never a "no":
    ``vomited``, ``electrolytes``, ``side_effects`` (an empty tuple is "asked, none"),
    ``self_harm_thoughts`` and the optional scores and readings.
    """

    id: str
    at: datetime
    infusion_id: str | None
    dizziness: int
    nausea: int
    vomited: bool | None
    fluids_glasses: int
    electrolytes: bool | None
    mood: int
    fatigue: int | None = None
    sleep_hours: float | None = None
    mood_words: tuple[str, ...] = ()
    side_effects: tuple[str, ...] | None = None
    self_harm_thoughts: bool | None = None
    intention: str = ""
    note: str = ""
    alerts: tuple[Alert, ...] = field(default=())
    for_doctor: bool = False
    headache: int | None = None
    systolic: int | None = None
    diastolic: int | None = None
    pulse: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckIn:
        """Check and convert a stored check-in."""
        infusion_id = data.get("infusion_id")
        if infusion_id is not None:
            infusion_id = _record_id(infusion_id, "infusion_id")
        alerts = data.get("alerts", [])
        if not isinstance(alerts, list | tuple):
            raise ValidationError("alerts", "must be a list")
        systolic = scales.systolic("systolic", data.get("systolic"))
        diastolic = scales.diastolic("diastolic", data.get("diastolic"))
        scales.blood_pressure(systolic, diastolic)
        return cls(
            id=_record_id(_require(data, "id")),
            at=parse_stored_time("at", _require(data, "at")),
            infusion_id=infusion_id,
            dizziness=scales.scale_value("dizziness", _require(data, "dizziness")),
            nausea=scales.scale_value("nausea", _require(data, "nausea")),
            vomited=scales.optional_flag("vomited", data.get("vomited")),
            fluids_glasses=scales.fluid_glasses("fluids_glasses", _require(data, "fluids_glasses")),
            electrolytes=scales.optional_flag("electrolytes", data.get("electrolytes")),
            mood=scales.scale_value("mood", _require(data, "mood")),
            fatigue=scales.optional_scale_value("fatigue", data.get("fatigue")),
            sleep_hours=scales.sleep_hours("sleep_hours", data.get("sleep_hours")),
            mood_words=scales.mood_words("mood_words", data.get("mood_words", [])),
            side_effects=scales.optional_side_effects("side_effects", data.get("side_effects")),
            self_harm_thoughts=scales.optional_flag(
                "self_harm_thoughts", data.get("self_harm_thoughts")
            ),
            intention=scales.text(
                "intention", data.get("intention", ""), scales.SHORT_TEXT_MAX_CHARS
            ),
            note=scales.text("note", data.get("note", "")),
            alerts=tuple(Alert.from_dict(a) for a in alerts),
            for_doctor=scales.flag("for_doctor", data.get("for_doctor", False)),
            headache=scales.optional_scale_value("headache", data.get("headache")),
            systolic=systolic,
            diastolic=diastolic,
            pulse=scales.pulse("pulse", data.get("pulse")),
        )

    def to_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "id": self.id,
            "at": to_iso(self.at),
            "infusion_id": self.infusion_id,
            "dizziness": self.dizziness,
            "nausea": self.nausea,
            "vomited": self.vomited,
            "fluids_glasses": self.fluids_glasses,
            "electrolytes": self.electrolytes,
            "mood": self.mood,
            "fatigue": self.fatigue,
            "sleep_hours": self.sleep_hours,
            "mood_words": list(self.mood_words),
            "side_effects": None if self.side_effects is None else list(self.side_effects),
            "self_harm_thoughts": self.self_harm_thoughts,
            "intention": self.intention,
            "note": self.note,
            "alerts": [alert.to_dict() for alert in self.alerts],
            "for_doctor": self.for_doctor,
            "headache": self.headache,
            "systolic": self.systolic,
            "diastolic": self.diastolic,
            "pulse": self.pulse,
        }

    @property
    def effects(self) -> tuple[str, ...]:
        """The side effects reported: none when they were not asked about."""
        return self.side_effects or ()

    def with_alerts(self, alerts: tuple[Alert, ...]) -> CheckIn:
        """The same check-in carrying ``alerts``."""
        return replace(self, alerts=alerts)


def latest_infusion_before(infusions: list[Infusion], moment: datetime) -> Infusion | None:
    """The infusion that started most recently at or before ``moment``, if any."""
    started = [inf for inf in infusions if inf.started_at <= moment]
    return max(started, key=lambda inf: inf.started_at, default=None)
