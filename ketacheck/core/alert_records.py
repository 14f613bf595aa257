"""Alerts that stay open until the patient says they have acted on them.

A check-in or questionnaire raises :class:`~ketacheck.core.records.Alert` values; every one
at call-today or above also becomes part of an :class:`AlertRecord`, kept in the journal's
own ``alerts`` table. One record stands for one concern (its code) after one infusion and
lists every occurrence (see :mod:`ketacheck.core.concerns`): a repeat updates it. A calmer
check-in never closes one. The patient closes it, saying how ("I reached my care team",
...); ketacheck closes a non-urgent one only when the next infusion starts or when the
answers that raised it are changed or deleted, and says so. Closed records stay, so
history, export and the report still show when each alert was raised and how it was
settled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from ketacheck.core import scales
from ketacheck.core.alert_words import (
    SOURCE_KINDS,
    seen_words,
)
from ketacheck.core.clock import parse_stored_time, to_iso
from ketacheck.core.levels import KEPT_LEVELS, LEVELS, URGENT
from ketacheck.core.occurrences import MAX_OCCURRENCES, Occurrence
from ketacheck.core.records import Alert
from ketacheck.core.scales import ValidationError

#: The ready answers to "how did you act on it?"; the patient may also use their own words.
RESOLUTIONS = (
    "I reached my care team",
    "I called the crisis line",
    "It has passed",
)
RESOLUTION_MAX_CHARS = 500

#: Where the patient resolved it: kept with the record beside when and how.
RESOLVED_IN = ("app", "command line", "import")

#: Who or what closed an alert: the patient, or one of the two things that close a
#: non-urgent one on its own. ``""`` while it is open.
BY_PATIENT = "patient"
BY_NEXT_INFUSION = "next-infusion"
BY_ANSWER_CHANGE = "answer-changed"
CLOSED_BY = (BY_PATIENT, BY_NEXT_INFUSION, BY_ANSWER_CHANGE)
#: The words kept as the resolution of an alert ketacheck closed.
CLOSED_WORDS = {
    BY_NEXT_INFUSION: "Not marked before the next infusion",
    BY_ANSWER_CHANGE: "The answer that raised it was changed or deleted",
}


def alert_id(source_id: str, code: str) -> str:
    """The id of the alert ``code`` raised by record ``source_id``.

    Derived, not random: saving the same check-in again (an edit) or importing the same
    file twice finds the alert it already has instead of opening a second one.
    """
    import hashlib  # here, not at the top: `status` shows ids and never makes one

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


class AlertRecord(Struct, frozen=True):
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
        resolved_in: Where it was resolved: the app, the command line, or an import
            (empty when ketacheck closed it).
        infusion_id: The infusion the concern follows, or ``None`` before any.
        occurrences: Every time it was seen, oldest first; the first is when it was raised.
        closed_by: ``patient``, ``next-infusion`` or ``answer-changed``; empty while open.
        times_seen: How many times it was seen, when that is more than it lists (see
            :data:`~ketacheck.core.occurrences.MAX_OCCURRENCES`); 0 when it lists them all.
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
    infusion_id: str | None = None
    occurrences: tuple[Occurrence, ...] = ()
    closed_by: str = ""
    times_seen: int = 0

    @property
    def is_open(self) -> bool:
        """Whether the patient still has to act on it."""
        return self.resolved_at is None

    @property
    def rank(self) -> int:
        """0 for the most severe level."""
        return LEVELS.index(self.level)

    @property
    def latest(self) -> Occurrence:
        """The newest time it was seen."""
        return self.occurrences[-1]

    @property
    def seen(self) -> int:
        """How many times (check-ins or questionnaires) it was seen, listed or not."""
        return max(self.times_seen, len(self.occurrences))

    @property
    def by_patient(self) -> bool:
        """Whether the patient closed it (not the next infusion or a changed answer)."""
        return self.closed_by == BY_PATIENT

    def resolved(self, at: datetime, how: str, where: str) -> AlertRecord:
        """This alert, closed by the patient at ``at`` because of ``how``.

        Raises:
            ValidationError: ``how`` is empty or too long, or ``where`` is unknown.
        """
        return replace(
            self,
            resolved_at=at,
            resolution=resolution_text(how),
            resolved_in=_choice("resolved_in", where, RESOLVED_IN),
            closed_by=BY_PATIENT,
        )

    def closed(self, at: datetime, by: str) -> AlertRecord:
        """This non-urgent alert, closed by ketacheck at ``at`` (``by`` is one of
        :data:`CLOSED_WORDS`). An urgent one never closes on its own."""
        if self.level == URGENT:
            raise ValueError("an urgent alert is closed only by the patient")
        return replace(
            self, resolved_at=at, resolution=CLOSED_WORDS[by], resolved_in="", closed_by=by
        )

    @classmethod
    def raised(
        cls,
        alert: Alert,
        source_kind: str,
        first: Occurrence,
        infusion_id: str | None = None,
    ) -> AlertRecord:
        """A new, open record of ``alert``, first seen at ``first``."""
        return cls(
            id=alert_id(first.source_id, alert.code),
            level=alert.level,
            code=alert.code,
            message=alert.message,
            raised_at=first.at,
            source_kind=source_kind,
            source_id=first.source_id,
            infusion_id=infusion_id,
            occurrences=(first,),
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AlertRecord:
        """Check and convert a stored alert record.

        A record from before occurrences were kept (export version 3 and older) reads as
        seen once, at its source, and closed by the patient if it was resolved.
        """
        if not isinstance(data, Mapping):
            raise ValidationError("alert", "must be an object")

        def need(name: str) -> Any:
            if name not in data:
                raise ValidationError(name, "is missing")
            return data[name]

        raised_at = parse_stored_time("raised_at", need("raised_at"))
        source_id = _id("source_id", need("source_id"))
        level = _choice("level", need("level"), KEPT_LEVELS)
        resolved_raw = data.get("resolved_at")
        resolved_at = (
            None if resolved_raw is None else parse_stored_time("resolved_at", resolved_raw)
        )
        if resolved_at is not None and resolved_at < raised_at:
            raise ValidationError("resolved_at", "must not be before raised_at")
        closed_by, resolution, resolved_in = _closing(data, resolved_at, level)
        infusion_id = data.get("infusion_id")
        occurrences = _occurrences(data.get("occurrences"), raised_at, source_id)
        return cls(
            id=_id("id", need("id")),
            level=level,
            code=scales.text("code", need("code"), 100),
            message=scales.text("message", need("message"), 2_000),
            raised_at=raised_at,
            source_kind=_choice("source_kind", need("source_kind"), SOURCE_KINDS),
            source_id=source_id,
            resolved_at=resolved_at,
            resolution=resolution,
            resolved_in=resolved_in,
            infusion_id=None if infusion_id is None else _id("infusion_id", infusion_id),
            occurrences=occurrences,
            closed_by=closed_by,
            times_seen=_times_seen(data.get("seen"), len(occurrences)),
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
            "infusion_id": self.infusion_id,
            "occurrences": [o.to_dict() for o in self.occurrences],
            "closed_by": self.closed_by,
            "seen": self.seen,
        }


def _id(field_name: str, value: Any) -> str:
    if not isinstance(value, str) or not value or len(value) > 64:
        raise ValidationError(field_name, "must be a non-empty id of at most 64 characters")
    return value


def _closing(
    data: Mapping[str, Any], resolved_at: datetime | None, level: str
) -> tuple[str, str, str]:
    """Check who closed a stored alert, and how: (closed_by, resolution, resolved_in)."""
    resolution = data.get("resolution", "")
    resolved_in = data.get("resolved_in", "")
    if resolved_at is None:
        if resolution or resolved_in or data.get("closed_by", ""):
            raise ValidationError("resolution", "must be empty while the alert is open")
        return "", "", ""
    closed_by = _choice("closed_by", data.get("closed_by") or BY_PATIENT, CLOSED_BY)
    if closed_by == BY_PATIENT:
        return (
            closed_by,
            resolution_text(resolution),
            _choice("resolved_in", resolved_in, RESOLVED_IN),
        )
    if level == URGENT:
        raise ValidationError("closed_by", "an urgent alert is closed only by the patient")
    if resolved_in:
        raise ValidationError("resolved_in", "must be empty for an alert ketacheck closed")
    return closed_by, CLOSED_WORDS[closed_by], ""


def _times_seen(value: Any, listed: int) -> int:
    """How often a stored alert was seen: at least as often as it lists."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not listed <= value <= 10**7:
        raise ValidationError("seen", f"must be a whole number from {listed} (the occurrences)")
    return 0 if value == listed else value


def _occurrences(raw: Any, raised_at: datetime, source_id: str) -> tuple[Occurrence, ...]:
    """Check the stored occurrences: oldest first, the first being when it was raised."""
    if raw is None:
        return (Occurrence(raised_at, source_id),)
    if not isinstance(raw, list | tuple) or not raw:
        raise ValidationError("occurrences", "must be a non-empty list")
    if len(raw) > MAX_OCCURRENCES:
        raise ValidationError("occurrences", f"must hold at most {MAX_OCCURRENCES}")
    found = tuple(Occurrence.from_dict(item) for item in raw)
    if any(later.at < earlier.at for earlier, later in zip(found, found[1:], strict=False)):
        raise ValidationError("occurrences", "must be oldest first")
    if found[0].at != raised_at or found[0].source_id != source_id:
        raise ValidationError("occurrences", "must start with the record that raised it")
    return found


def seen_phrase(record: AlertRecord, first_seen: str) -> str:
    """``seen at 13 check-ins since Sat 09:00, latest dizziness 1``; "" if seen once.

    Args:
        record: The alert.
        first_seen: When it was first raised, as the screen or the report writes times.
    """
    return seen_words(record.seen, record.source_kind, first_seen, record.latest.answer)


def most_severe_first(records: Iterable[AlertRecord]) -> list[AlertRecord]:
    """Most severe level first; within a level, the newest first."""
    return sorted(records, key=lambda r: (r.rank, -r.raised_at.timestamp()))
