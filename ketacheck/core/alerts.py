"""Which answers call for a crisis message, a call to the care team today, or a tip.

The rules come from DESIGN.md and the facts in GUIDANCE.md. Each alert carries the plain
sentence the patient reads; the screens add the care team's number and the crisis line.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from ketacheck.core.records import Alert, CheckIn, Infusion

URGENT = "urgent"
CALL_NOW = "call-now"
CALL_TODAY = "call-today"
TIP = "tip"

#: Every level, most severe first. Alerts at CALL_TODAY or above are kept as records of
#: their own and stay open until the patient resolves them; tips are only shown.
LEVELS = (URGENT, CALL_NOW, CALL_TODAY, TIP)
KEPT_LEVELS = (URGENT, CALL_NOW, CALL_TODAY)

SEVERE_SCORE = 7
PERSISTENT_SCORE = 4
PERSISTENT_AFTER = timedelta(hours=24)
PERCEPTION_AFTER = timedelta(hours=2)
MOOD_DROP_POINTS = 3
MOOD_WINDOW = timedelta(days=10)
LOW_FLUID_GLASSES = 2
LOW_MOOD = 4
SHORT_SLEEP_HOURS = 6.0

SELF_HARM_MESSAGE = (
    "You said you have had thoughts of harming yourself. You deserve help right now: "
    "call your crisis line or your care team. ketacheck does not send anything to anyone, "
    "so please make the call yourself, or ask someone near you to."
)

_SYMPTOM_NAMES = {"dizziness": "dizziness", "nausea": "nausea", "fatigue": "tiredness"}


def _severe(checkin: CheckIn) -> Iterable[Alert]:
    for name, words in _SYMPTOM_NAMES.items():
        score = getattr(checkin, name)
        if score is not None and score >= SEVERE_SCORE:
            yield Alert(
                CALL_TODAY,
                f"severe_{name}",
                f"Your {words} is severe ({score} of 10). Please call your care team "
                "today and tell them.",
            )


def _persistent(checkin: CheckIn, infusion: Infusion | None) -> Iterable[Alert]:
    if infusion is None or checkin.at - infusion.ended_at < PERSISTENT_AFTER:
        return
    for name in ("dizziness", "fatigue"):
        score = getattr(checkin, name)
        if score is not None and PERSISTENT_SCORE <= score < SEVERE_SCORE:
            yield Alert(
                CALL_TODAY,
                f"persistent_{name}",
                f"Your {_SYMPTOM_NAMES[name]} is still there a day after the infusion. "
                "That is worth a call to your care team today.",
            )


def _mood_drop(
    checkin: CheckIn, infusion: Infusion | None, baseline_mood: float | None
) -> Iterable[Alert]:
    if infusion is None or baseline_mood is None:
        return
    since = checkin.at - infusion.ended_at
    if timedelta(0) <= since <= MOOD_WINDOW and baseline_mood - checkin.mood >= MOOD_DROP_POINTS:
        yield Alert(
            CALL_TODAY,
            "mood_below_baseline",
            f"Your mood ({checkin.mood} of 10) is well below your usual "
            f"({baseline_mood:.0f} of 10) since the infusion. Feeling worse for a while can "
            "happen, and your care team wants to know: please call them today.",
        )


def _side_effects(checkin: CheckIn, infusion: Infusion | None) -> Iterable[Alert]:
    effects = set(checkin.side_effects)
    late = infusion is None or checkin.at - infusion.ended_at >= PERCEPTION_AFTER
    if late and effects & {"hallucinations", "confusion"}:
        yield Alert(
            CALL_TODAY,
            "perception_changes",
            "Seeing or hearing things, or confusion, this long after an infusion should "
            "have passed. Please call your care team today.",
        )
    if effects & {"bladder_pain", "blood_in_urine"}:
        yield Alert(
            CALL_TODAY,
            "bladder",
            "Bladder pain or blood in your urine needs checking. Please call your care team today.",
        )


def _tips(checkin: CheckIn) -> Iterable[Alert]:
    if checkin.fluids_glasses < LOW_FLUID_GLASSES or checkin.vomited:
        message = (
            "Sip some water now, and an electrolyte drink if you have one: ketamine can "
            "leave you a little dehydrated."
        )
        if checkin.vomited:
            message += " Being sick loses fluid too, so take small sips often."
        yield Alert(TIP, "drink", message)
    if checkin.nausea > 0 or checkin.vomited:
        yield Alert(
            TIP,
            "mild_food",
            "Start with mild foods such as applesauce or a banana, then go back to your "
            "usual meals bit by bit as the queasiness passes.",
        )
    if checkin.dizziness > 0 or (checkin.fatigue or 0) > 0:
        yield Alert(
            TIP,
            "rest",
            "Rest is the right thing now. Lie down with your eyes closed if the room "
            "feels unsteady, and take a nap if you can.",
        )
    if checkin.sleep_hours is not None and checkin.sleep_hours < SHORT_SLEEP_HOURS:
        yield Alert(
            TIP,
            "sleep",
            "A short night makes recovery harder. A quiet, early evening may help.",
        )
    if checkin.mood < LOW_MOOD and not checkin.self_harm_thoughts:
        yield Alert(
            TIP,
            "low_mood",
            "Some people feel a little worse before they feel better. Be gentle with "
            "yourself, and tell your care team how you have been feeling.",
        )


def checkin_alerts(
    checkin: CheckIn, infusion: Infusion | None, baseline_mood: float | None
) -> tuple[Alert, ...]:
    """Every alert a check-in raises, most serious first.

    Args:
        checkin: The answers, with their time.
        infusion: The infusion the check-in follows, if any.
        baseline_mood: The patient's own usual mood before the course, if known.
    """
    alerts: list[Alert] = []
    if checkin.self_harm_thoughts:
        alerts.append(Alert(URGENT, "self_harm", SELF_HARM_MESSAGE))
    alerts.extend(_severe(checkin))
    alerts.extend(_persistent(checkin, infusion))
    alerts.extend(_mood_drop(checkin, infusion, baseline_mood))
    alerts.extend(_side_effects(checkin, infusion))
    alerts.extend(_tips(checkin))
    return tuple(alerts)


#: With no check-in before the first infusion, the baseline is taken from this first
#: stretch of the course instead.
BASELINE_EARLY_DAYS = timedelta(days=3)


def baseline_mean(before: tuple[float, int], early: tuple[float, int]) -> float | None:
    """The baseline from (total, count) of pre-course moods, else of first-days moods."""
    total, count = before if before[1] else early
    return total / count if count else None


def mood_baseline(checkins: Iterable[CheckIn], infusions: Iterable[Infusion]) -> float | None:
    """The patient's own usual mood, before the course changed it.

    The mean mood of check-ins made before the first infusion; when there are none, of
    check-ins in the first three days of the course. None until the course has started.
    """
    first = min((inf.started_at for inf in infusions), default=None)
    if first is None:
        return None
    moods = list(checkins)
    before = [c.mood for c in moods if c.at < first]
    early = [c.mood for c in moods if first <= c.at < first + BASELINE_EARLY_DAYS]
    return baseline_mean((sum(before), len(before)), (sum(early), len(early)))


def asks_about_self_harm(mood: int) -> bool:
    """Whether the check-in must ask about thoughts of self-harm for this mood."""
    return mood <= 3


def most_serious(alerts: Iterable[Alert]) -> str | None:
    """The highest level among ``alerts``, or ``None``."""
    levels = {a.level for a in alerts}
    return next((lvl for lvl in LEVELS if lvl in levels), None)
