"""Alerts that stay open until the patient says they have acted on them.

A check-in or questionnaire raises :class:`~ketacheck.core.records.Alert` values; every one
at call-today or above also becomes an :class:`AlertRecord`, kept in the journal's own
``alerts`` table. A later check-in never closes one: only the patient does, saying how
("I reached my care team", ...). Resolved records stay, so history, export and the report
still show when each alert was raised and how it was settled.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ketacheck.core import scales
from ketacheck.core.alerts import KEPT_LEVELS, LEVELS
from ketacheck.core.clock import parse_stored_time, to_iso
from ketacheck.core.records import Alert
from ketacheck.core.scales import ValidationError

CHECKIN_SOURCE = "checkin"
QUESTIONNAIRE_SOURCE = "questionnaire"
SOURCE_KINDS = (CHECKIN_SOURCE, QUESTIONNAIRE_SOURCE)

#: The ready answers to "how did you act on it?"; the patient may also use their own words.
RESOLUTIONS = (
    "I reached my care team",
    "I called the crisis line",
    "It has passed",
)
RESOLUTION_MAX_CHARS = 500

#: Where the patient resolved it: kept with the record beside when and how.
RESOLVED_IN = ("app", "command line", "import")


def alert_id(source_id: str, code: str) -> str:
    """The id of the alert ``code`` raised by record ``source_id``.

    Derived, not random: saving the same check-in again (an edit) or importing the same
    file twice finds the alert it already has instead of opening a second one.
    """
    # The length prefix keeps ("ab", "c") and ("a", "bc") apart, whatever the text holds.
    key = f"{len(source_id)}:{source_id}{code}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _choice(field_name: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValidationError(field_name, f"must be one of {', '.join(allowed)}")
    return str(value)


def resolution_text(value: Any) -> str:
    """Check how the patient says they acted: non-empty plain words."""
    text = scales.text("resolution", value, RESOLUTION_MAX_CHARS).strip()
    if not text:
        raise ValidationError("resolution", "needs a few words on how it was settled")
    return text


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """One kept alert and its life: raised by a record, open until resolved.

    Attributes:
        id: Derived from the source record's id and the code (see :func:`alert_id`).
        level: ``urgent``, ``call-now`` or ``call-today``.
        code: The rule that raised it (``self_harm``, ``severe_dizziness``, ...).
        message: The sentence the patient reads, always written by ketacheck's rules.
        raised_at: When the source record was made (aware UTC).
        source_kind: ``checkin`` or ``questionnaire``.
        source_id: The id of the check-in or questionnaire result that raised it.
        resolved_at: When the patient resolved it, or ``None`` while it is open.
        resolution: How they settled it, in the app's words or their own.
        resolved_in: Where it was resolved: the app, the command line, or an import.
    """

    id: str
    level: str
    code: str
    message: str
    raised_at: datetime
    source_kind: str
    source_id: str
    resolved_at: datetime | None = None
    resolution: str = ""
    resolved_in: str = ""

    @property
    def is_open(self) -> bool:
        """Whether the patient still has to act on it."""
        return self.resolved_at is None

    @property
    def rank(self) -> int:
        """0 for the most severe level."""
        return LEVELS.index(self.level)

    def resolved(self, at: datetime, how: str, where: str) -> AlertRecord:
        """This alert, closed at ``at`` because of ``how``.

        Raises:
            ValidationError: ``how`` is empty or too long, or ``where`` is unknown.
        """
        return replace(
            self,
            resolved_at=at,
            resolution=resolution_text(how),
            resolved_in=_choice("resolved_in", where, RESOLVED_IN),
        )

    @classmethod
    def raised(
        cls, alert: Alert, source_kind: str, source_id: str, raised_at: datetime
    ) -> AlertRecord:
        """A new, open record of ``alert`` raised by a record at ``raised_at``."""
        return cls(
            id=alert_id(source_id, alert.code),
            level=alert.level,
            code=alert.code,
            message=alert.message,
            raised_at=raised_at,
            source_kind=source_kind,
            source_id=source_id,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AlertRecord:
        """Check and convert a stored alert record."""
        if not isinstance(data, Mapping):
            raise ValidationError("alert", "must be an object")

        def need(name: str) -> Any:
            if name not in data:
                raise ValidationError(name, "is missing")
            return data[name]

        resolved_raw = data.get("resolved_at")
        resolved_at = (
            None if resolved_raw is None else parse_stored_time("resolved_at", resolved_raw)
        )
        raised_at = parse_stored_time("raised_at", need("raised_at"))
        record_id = need("id")
        if not isinstance(record_id, str) or not record_id or len(record_id) > 64:
            raise ValidationError("id", "must be a non-empty id of at most 64 characters")
        source_id = need("source_id")
        if not isinstance(source_id, str) or not source_id or len(source_id) > 64:
            raise ValidationError("source_id", "must be a non-empty id of at most 64 characters")
        if resolved_at is not None and resolved_at < raised_at:
            raise ValidationError("resolved_at", "must not be before raised_at")
        resolution = data.get("resolution", "")
        resolved_in = data.get("resolved_in", "")
        if resolved_at is None:
            if resolution or resolved_in:
                raise ValidationError("resolution", "must be empty while the alert is open")
        else:
            resolution = resolution_text(resolution)
            resolved_in = _choice("resolved_in", resolved_in, RESOLVED_IN)
        return cls(
            id=record_id,
            level=_choice("level", need("level"), KEPT_LEVELS),
            code=scales.text("code", need("code"), 100),
            message=scales.text("message", need("message"), 2_000),
            raised_at=raised_at,
            source_kind=_choice("source_kind", need("source_kind"), SOURCE_KINDS),
            source_id=source_id,
            resolved_at=resolved_at,
            resolution=resolution,
            resolved_in=resolved_in,
        )

    def to_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "id": self.id,
            "level": self.level,
            "code": self.code,
            "message": self.message,
            "raised_at": to_iso(self.raised_at),
            "source_kind": self.source_kind,
            "source_id": self.source_id,
            "resolved_at": None if self.resolved_at is None else to_iso(self.resolved_at),
            "resolution": self.resolution,
            "resolved_in": self.resolved_in,
        }


def kept_records(
    alerts: Iterable[Alert], source_kind: str, source_id: str, raised_at: datetime
) -> list[AlertRecord]:
    """Open records for the alerts that are kept (call-today and above); tips are not.

    A code raised twice by one record is one alert.
    """
    kept: dict[str, AlertRecord] = {}
    for alert in alerts:
        if alert.level in KEPT_LEVELS:
            record = AlertRecord.raised(alert, source_kind, source_id, raised_at)
            kept.setdefault(record.id, record)
    return list(kept.values())


def most_severe_first(records: Iterable[AlertRecord]) -> list[AlertRecord]:
    """Most severe level first; within a level, the newest first."""
    return sorted(records, key=lambda r: (r.rank, -r.raised_at.timestamp()))
