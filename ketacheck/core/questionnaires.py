"""The PHQ-9 and GAD-7 questionnaires: their published wording, scoring and when they are due.

Pure: nothing here reads the clock or touches a file; ``now`` is always passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from msgspec import Struct, field

from ketacheck.core.clock import ensure_utc, parse_stored_time, to_iso
from ketacheck.core.concerns import Sighting, questionnaire_sightings
from ketacheck.core.levels import URGENT
from ketacheck.core.records import Alert, Infusion, latest_infusion_before, new_id
from ketacheck.core.scales import ValidationError

PHQ9 = "phq9"
GAD7 = "gad7"

ANSWER_MIN = 0
ANSWER_MAX = 3

#: The four published answer options, in order; each is worth its index.
OPTIONS: tuple[str, ...] = (
    "Not at all",
    "Several days",
    "More than half the days",
    "Nearly every day",
)

#: The unscored question both published forms end with, and its four options (stored as
#: their index, 0-3). GUIDANCE.md, Added facts: "PHQ-9 and GAD-7 as published (Pfizer, free
#: to reproduce) end with an unscored question".
DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you to "
    "do your work, take care of things at home, or get along with other people?"
)
DIFFICULTY_OPTIONS: tuple[str, ...] = (
    "Not difficult at all",
    "Somewhat difficult",
    "Very difficult",
    "Extremely difficult",
)
DIFFICULTY_NOT_ANSWERED = "not answered"

ATTRIBUTION = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc. No permission required to reproduce, "
    "translate, display or distribute."
)

#: How close a booked appointment must be for a questionnaire to fall due before it.
APPOINTMENT_WINDOW = timedelta(days=3)
#: The least time between two of the same questionnaire: both ask about the last two
#: weeks, so offering them more often than weekly adds nothing (GUIDANCE.md, Added facts).
MIN_APART = timedelta(days=7)

PHQ9_ITEM9_MESSAGE = (
    "You said you have had thoughts that you would be better off dead or of hurting "
    "yourself. You deserve help right now: call your crisis line, your local emergency "
    "number or your care team. "
    "ketacheck does not send anything to anyone, so please make the call yourself, or ask "
    "someone near you to."
)


class Questionnaire(Struct, frozen=True):
    """One questionnaire's wording and scoring.

    Attributes:
        kind: The stored name (``phq9`` or ``gad7``).
        name: The name the patient reads.
        stem: The question every item answers.
        items: The items, exactly as published.
        bands: ``(highest total, band)`` pairs, lowest first.
        difficulty_question: The unscored question that ends the form.
        difficulty_options: Its four answers, in order; each is stored as its index.
    """

    kind: str
    name: str
    stem: str
    items: tuple[str, ...]
    bands: tuple[tuple[int, str], ...]
    difficulty_question: str = DIFFICULTY_QUESTION
    difficulty_options: tuple[str, ...] = DIFFICULTY_OPTIONS

    @property
    def max_total(self) -> int:
        """The highest possible total."""
        return ANSWER_MAX * len(self.items)


PHQ9_QUESTIONNAIRE = Questionnaire(
    kind=PHQ9,
    name="PHQ-9",
    stem="Over the last 2 weeks, how often have you been bothered by any of the following "
    "problems?",
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or "
        "your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite "
        "\u2014 being so fidgety or restless that you have been moving around a lot more than "
        "usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    bands=(
        (4, "none/minimal"),
        (9, "mild"),
        (14, "moderate"),
        (19, "moderately severe"),
        (27, "severe"),
    ),
)

GAD7_QUESTIONNAIRE = Questionnaire(
    kind=GAD7,
    name="GAD-7",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=(
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    bands=(
        (4, "minimal"),
        (9, "mild"),
        (14, "moderate"),
        (21, "severe"),
    ),
)

QUESTIONNAIRES: dict[str, Questionnaire] = {
    PHQ9: PHQ9_QUESTIONNAIRE,
    GAD7: GAD7_QUESTIONNAIRE,
}

#: The 0-based index of PHQ-9 item 9 (thoughts of being better off dead or of self-harm).
PHQ9_ITEM9_INDEX = 8


def questionnaire(kind: Any, field_name: str = "kind") -> Questionnaire:
    """The questionnaire called ``kind``.

    Raises:
        ValidationError: naming ``field_name`` when ``kind`` is not ``phq9`` or ``gad7``.
    """
    if not isinstance(kind, str) or kind not in QUESTIONNAIRES:
        raise ValidationError(field_name, f"must be one of {', '.join(QUESTIONNAIRES)}")
    return QUESTIONNAIRES[kind]


def check_answers(kind: str, answers: Any, field_name: str = "answers") -> tuple[int, ...]:
    """Check a full set of answers for ``kind``: one whole number from 0 to 3 per item."""
    form = questionnaire(kind)
    if not isinstance(answers, list | tuple):
        raise ValidationError(field_name, f"must be a list of {len(form.items)} answers")
    if len(answers) != len(form.items):
        raise ValidationError(
            field_name,
            f"the {form.name} has {len(form.items)} items, but {len(answers)} answers were given",
        )
    for number, answer in enumerate(answers, start=1):
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise ValidationError(
                field_name,
                f"item {number} must be a whole number from {ANSWER_MIN} to {ANSWER_MAX}",
            )
        if not ANSWER_MIN <= answer <= ANSWER_MAX:
            raise ValidationError(
                field_name,
                f"item {number} must be from {ANSWER_MIN} to {ANSWER_MAX}, not {answer}",
            )
    return tuple(int(answer) for answer in answers)


def check_difficulty(value: Any, field_name: str = "difficulty") -> int | None:
    """Check an answer to the difficulty question: ``None`` (not answered) or 0 to 3."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            field_name, f"must be a whole number from {ANSWER_MIN} to {ANSWER_MAX}, or empty"
        )
    if not ANSWER_MIN <= value <= ANSWER_MAX:
        raise ValidationError(field_name, f"must be from {ANSWER_MIN} to {ANSWER_MAX}, not {value}")
    return int(value)


def difficulty_label(value: int | None) -> str:
    """The words for a difficulty answer, or "not answered"."""
    return DIFFICULTY_NOT_ANSWERED if value is None else DIFFICULTY_OPTIONS[value]


def score_band(kind: str, total: int) -> str:
    """The published severity band of ``total`` on questionnaire ``kind``."""
    form = questionnaire(kind)
    if isinstance(total, bool) or not isinstance(total, int):
        raise ValidationError("total", f"must be a whole number from 0 to {form.max_total}")
    if not 0 <= total <= form.max_total:
        raise ValidationError("total", f"must be from 0 to {form.max_total}, not {total}")
    return next(band for highest, band in form.bands if total <= highest)


def questionnaire_alerts(kind: str, answers: Sequence[int]) -> tuple[Alert, ...]:
    """The alerts a set of answers raises: any PHQ-9 item 9 answer above 0 is urgent."""
    checked = check_answers(kind, answers)
    if kind == PHQ9 and checked[PHQ9_ITEM9_INDEX] > 0:
        return (Alert(URGENT, "phq9_item9", PHQ9_ITEM9_MESSAGE),)
    return ()


def _optional_id(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value or len(value) > 64:
        raise ValidationError("infusion_id", "must be a non-empty id of at most 64 characters")
    return value


class QuestionnaireResult(Struct, frozen=True):
    """One completed PHQ-9 or GAD-7: the answers, in item order, and the alerts they raised.

    Attributes:
        difficulty: The answer to the unscored difficulty question (0-3, an index into
            :data:`DIFFICULTY_OPTIONS`), or ``None`` when it was not answered, as in every
            result saved before the app asked it. It never counts towards the total.
    """

    id: str
    kind: str
    at: datetime
    answers: tuple[int, ...]
    infusion_id: str | None = None
    alerts: tuple[Alert, ...] = field(default=())
    difficulty: int | None = None

    @property
    def total(self) -> int:
        """The sum of the answers."""
        return sum(self.answers)

    def sightings(self) -> list[Sighting]:
        """The kept alerts this result raised, each with the answer that raised it."""
        answer = ""
        if self.kind == PHQ9 and len(self.answers) > PHQ9_ITEM9_INDEX:
            answer = f"PHQ-9 question 9: {OPTIONS[self.answers[PHQ9_ITEM9_INDEX]].lower()}"
        return questionnaire_sightings(self.id, self.at, self.infusion_id, self.alerts, answer)

    @property
    def band(self) -> str:
        """The published severity band of the total."""
        return score_band(self.kind, self.total)

    @classmethod
    def create(
        cls,
        kind: str,
        answers: Sequence[int],
        at: datetime,
        infusion_id: str | None = None,
        *,
        difficulty: int | None = None,
    ) -> QuestionnaireResult:
        """Build a new result with a fresh id and its alerts, checking each field."""
        return cls.from_dict(
            {
                "id": new_id(),
                "kind": kind,
                "at": to_iso(at),
                "answers": list(answers),
                "infusion_id": infusion_id,
                "alerts": [a.to_dict() for a in questionnaire_alerts(kind, answers)],
                "difficulty": difficulty,
            }
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QuestionnaireResult:
        """Check and convert a stored result."""
        if not isinstance(data, Mapping):
            raise ValidationError("questionnaire", "must be an object")
        record_id = _require(data, "id")
        if not isinstance(record_id, str) or not record_id or len(record_id) > 64:
            raise ValidationError("id", "must be a non-empty id of at most 64 characters")
        kind = questionnaire(_require(data, "kind")).kind
        alerts = data.get("alerts", [])
        if not isinstance(alerts, list | tuple):
            raise ValidationError("alerts", "must be a list")
        return cls(
            id=record_id,
            kind=kind,
            at=parse_stored_time("at", _require(data, "at")),
            answers=check_answers(kind, _require(data, "answers")),
            infusion_id=_optional_id(data.get("infusion_id")),
            alerts=tuple(Alert.from_dict(a) for a in alerts),
            difficulty=check_difficulty(data.get("difficulty")),
        )

    def to_dict(self) -> dict[str, Any]:
        """The stored form.

        ``difficulty`` is written only when it was answered, so a result without it keeps
        the shape every earlier record and export has.
        """
        stored: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "at": to_iso(self.at),
            "answers": list(self.answers),
            "infusion_id": self.infusion_id,
            "alerts": [alert.to_dict() for alert in self.alerts],
        }
        if self.difficulty is not None:
            stored["difficulty"] = self.difficulty
        return stored


def _require(data: Mapping[str, Any], name: str) -> Any:
    if name not in data:
        raise ValidationError(name, "is missing")
    return data[name]


def _days(span: timedelta) -> str:
    days = span.days
    return "1 day" if days == 1 else f"{days} days"


def due(
    kind: str,
    results: Iterable[QuestionnaireResult],
    infusions: Iterable[Infusion],
    next_appointment: datetime | None,
    interval_days: int,
    now: datetime,
) -> str | None:
    """Why questionnaire ``kind`` is due now, in one plain sentence, or ``None``.

    It is due when none has been taken yet; when the last one is more than
    ``interval_days`` days old; or when an appointment is booked within the next 3 days
    and none has been taken since the latest infusion ended. Never within a week of the
    last one (:data:`MIN_APART`).
    """
    form = questionnaire(kind)
    if isinstance(interval_days, bool) or not isinstance(interval_days, int) or interval_days < 1:
        raise ValidationError("interval_days", "must be a whole number of days, 1 or more")
    now = ensure_utc(now)
    taken = [r for r in results if r.kind == kind and r.at <= now]
    if not taken:
        return f"You have not taken the {form.name} yet."
    last = max(taken, key=lambda r: r.at)
    age = now - last.at
    if age < MIN_APART:
        # Both ask about the last two weeks: more often than weekly adds nothing, even
        # before an appointment (GUIDANCE.md, Added facts).
        return None
    if age > timedelta(days=interval_days):
        return f"Your last {form.name} was {_days(age)} ago."
    if next_appointment is not None:
        appointment = ensure_utc(next_appointment)
        infusion = latest_infusion_before(list(infusions), now)
        if (
            now <= appointment <= now + APPOINTMENT_WINDOW
            and infusion is not None
            and infusion.ended_at <= now
            and all(r.at < infusion.ended_at for r in taken)
        ):
            return (
                f"You have an appointment soon and have not taken the {form.name} "
                "since your last infusion."
            )
    return None


def change_since_baseline(results: Iterable[QuestionnaireResult]) -> int | None:
    """The latest total minus the first total of the same kind, or ``None`` with no results."""
    ordered = sorted(results, key=lambda r: r.at)
    if not ordered:
        return None
    latest = ordered[-1]
    first = next(r for r in ordered if r.kind == latest.kind)
    return latest.total - first.total
