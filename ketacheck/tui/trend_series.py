"""What the Trends charts show, as plain data: the metrics (every 0-10 or count question),
and each chart's lines, built from the journal's records with no drawing in them.

Kept apart from the screen, so the lines can be tested (and the screen read) on their own.
"""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from ketacheck.core.clock import hours_between
from ketacheck.core.questionnaires import GAD7, PHQ9, QUESTIONNAIRES, QuestionnaireResult
from ketacheck.core.questions import QUESTIONS, Kind, Question
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.words import plural

#: The window after an infusion ends that the chart shows.
WINDOW_HOURS = 72


class Metric(Struct, frozen=True):
    """One thing a check-in measures, and how to chart it: every scale and count question.

    Attributes:
        question: The question whose answers are charted.
    """

    question: Question

    @property
    def key(self) -> str:
        """The tab's name: the question's step (``fluids``)."""
        return self.question.step

    @property
    def title(self) -> str:
        """What the tab and the caption call it."""
        return self.question.label

    @property
    def scale(self) -> str:
        """How to read the numbers: "0 none · 10 the worst"."""
        q = self.question
        if q.kind is Kind.COUNT:
            return f"{plural(0, q.unit).partition(' ')[2]} since the check-in before"
        return f"0 {q.low} · {self.fixed_top:g} {q.high}"

    @property
    def fixed_top(self) -> float | None:
        """The top of the chart for a scale; None lets the answers set it."""
        bounds = self.question.bounds
        return bounds[1] if bounds and self.question.kind is Kind.SCALE else None

    def value(self, checkin: CheckIn) -> float | None:
        """This check-in's answer, if it has one."""
        answer: float | None = getattr(checkin, self.question.field)
        return answer


METRICS = tuple(Metric(q) for q in QUESTIONS if q.kind in (Kind.SCALE, Kind.COUNT))
METRICS_BY_KEY = {metric.key: metric for metric in METRICS}

#: The key of the tab that charts questionnaire totals rather than a check-in metric.
SCORES = "scores"
SCORES_TITLE = "PHQ-9/GAD-7"
#: The readings charted over the whole course: each tab's key, its name and its fields.
READINGS = {"blood_pressure": ("BP", ("systolic", "diastolic")), "pulse": ("Pulse", ("pulse",))}
_NAMES = {"systolic": "Top (systolic)", "diastolic": "Bottom (diastolic)", "pulse": "Pulse"}
#: Every tab's key and name, in order (short names, so the row fits 80 columns).
TABS = (
    *((metric.key, metric.title) for metric in METRICS),
    (SCORES, SCORES_TITLE),
    *((key, title) for key, (title, _) in READINGS.items()),
)
TAB_KEYS = tuple(key for key, _ in TABS)


class Series(Struct, frozen=True):
    """One line on the chart.

    For a symptom it is one infusion's answers by hours since that infusion ended; on the
    questionnaire tab ``hours`` holds days since the first infusion and ``values`` totals.
    """

    label: str
    hours: list[float]
    values: list[float]


def recovery_series(
    metric: Metric, infusions: list[Infusion], checkins: list[CheckIn]
) -> list[Series]:
    """One series per infusion with answers in the window, labelled by its place in the course."""
    answers: dict[str, list[tuple[float, float]]] = {}
    ended = {infusion.id: infusion.ended_at for infusion in infusions}
    for checkin in checkins:
        value = metric.value(checkin)
        if checkin.infusion_id not in ended or value is None:
            continue
        hours = hours_between(ended[checkin.infusion_id], checkin.at)
        if 0 <= hours <= WINDOW_HOURS:
            answers.setdefault(checkin.infusion_id, []).append((hours, value))
    series = []
    for number, infusion in enumerate(infusions, start=1):
        points = sorted(answers.get(infusion.id, []))
        if points:
            series.append(
                Series(f"Infusion {number}", [h for h, _ in points], [v for _, v in points])
            )
    return series


def course_origin(infusions: list[Infusion], results: list[QuestionnaireResult]) -> datetime | None:
    """Day 0 of the questionnaire chart: the first infusion's start, else the first result."""
    if infusions:
        return min(infusion.started_at for infusion in infusions)
    if results:
        return min(result.at for result in results)
    return None


def days_since(origin: datetime, moment: datetime) -> float:
    """Days from ``origin`` to ``moment``, to a tenth of a day."""
    return round(hours_between(origin, moment) / 24, 1)


def score_series(infusions: list[Infusion], results: list[QuestionnaireResult]) -> list[Series]:
    """One line per questionnaire with results: its totals by days since the first infusion."""
    origin = course_origin(infusions, results)
    if origin is None:
        return []
    series = []
    for kind in (PHQ9, GAD7):
        points = sorted(
            (days_since(origin, result.at), float(result.total))
            for result in results
            if result.kind == kind
        )
        if points:
            series.append(
                Series(QUESTIONNAIRES[kind].name, [d for d, _ in points], [v for _, v in points])
            )
    return series


def reading_series(
    fields: tuple[str, ...], infusions: list[Infusion], checkins: list[CheckIn]
) -> list[Series]:
    """A line per reading, by days since the first infusion (else the first reading)."""
    measured = [c for c in checkins if getattr(c, fields[0]) is not None]
    origin = min(i.started_at for i in infusions) if infusions else measured[0].at
    days = [days_since(origin, c.at) for c in measured]
    return (
        [Series(_NAMES[f], days, [getattr(c, f) for c in measured]) for f in fields] if days else []
    )


def infusion_days(infusions: list[Infusion], results: list[QuestionnaireResult]) -> list[float]:
    """Where each infusion falls on the questionnaire chart, in days since the first."""
    origin = course_origin(infusions, results)
    if origin is None:
        return []
    return sorted(days_since(origin, infusion.started_at) for infusion in infusions)
