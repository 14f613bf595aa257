"""Which answers call for a crisis message, a call to the care team now or today, or a tip.

The rules come from DESIGN.md and the facts in GUIDANCE.md. Each alert carries the plain
sentence the patient reads; the screens add the care team's number and the crisis line.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from ketacheck.core.levels import CALL_NOW, CALL_TODAY, KEPT_LEVELS, LEVELS, TIP, URGENT
from ketacheck.core.records import Alert, CheckIn, Infusion
from ketacheck.core.tips import LOW_FLUID_GLASSES, LOW_MOOD, SHORT_SLEEP_HOURS, checkin_tips

__all__ = [
    "CALL_NOW",
    "CALL_TODAY",
    "KEPT_LEVELS",
    "LEVELS",
    "LOW_FLUID_GLASSES",
    "LOW_MOOD",
    "SHORT_SLEEP_HOURS",
    "TIP",
    "URGENT",
    "checkin_alerts",
]

SEVERE_SCORE = 7
PERSISTENT_FATIGUE_SCORE = 4
PERSISTENT_HEADACHE_SCORE = 4
PERSISTENT_AFTER = timedelta(hours=24)
PERCEPTION_AFTER = timedelta(hours=2)
MOOD_DROP_POINTS = 3
MOOD_WINDOW = timedelta(days=10)
#: A reading of 180 systolic or more, or 120 diastolic or more: the American Heart
#: Association's hypertensive crisis (GUIDANCE.md, "Blood pressure").
CRISIS_SYSTOLIC = 180
CRISIS_DIASTOLIC = 120

#: A clinic's own call-today levels (systolic, diastolic); None where it set none.
BloodPressureLevels = tuple[int | None, int | None]
NO_CLINIC_LEVELS: BloodPressureLevels = (None, None)

SELF_HARM_CODE = "self_harm"
SELF_HARM_MESSAGE = (
    "You said you have had thoughts of harming yourself. You deserve help right now: "
    "call your crisis line, your local emergency number or your care team. ketacheck "
    "does not send anything to anyone, so please make the call yourself, or ask someone "
    "near you to."
)

#: The symptoms scored 0-10, and the words the patient reads for each.
SYMPTOM_WORDS = {
    "dizziness": "dizziness",
    "nausea": "nausea",
    "fatigue": "tiredness",
    "headache": "headache",
}
#: Side effects that are common in the first hours and worth a call after the first day.
LATE_EFFECTS = {
    "blurred_vision": "blurred vision",
    "racing_heart": "a racing or pounding heart",
}

#: Side effects that mean perception has changed: seeing or hearing things, confusion.
PERCEPTION_EFFECTS = frozenset({"hallucinations", "confusion"})
BLADDER_EFFECTS = frozenset({"bladder_pain", "blood_in_urine"})
BLOOD_PRESSURE_EFFECT = "high_blood_pressure"


def _is_severe(score: int | None) -> bool:
    return score is not None and score >= SEVERE_SCORE


def _since_infusion(checkin: CheckIn, infusion: Infusion | None) -> timedelta | None:
    """How long after the infusion ended the check-in was made, or None with no infusion."""
    return None if infusion is None else checkin.at - infusion.ended_at


def _severe(checkin: CheckIn, infusion: Infusion | None) -> Iterable[Alert]:
    """Any symptom at 7 of 10 or more: call now, except tiredness in the first day.

    GUIDANCE.md, Added facts: "Severe symptoms after a session: tell the doctor
    *immediately* (000), not 'today'." Headache is a listed side effect (000, 003), so a
    severe one counts too. Drowsiness right after an infusion is common and passes within
    hours (002, 003, 004) and tiredness the day after resolves on its own (002): in the
    first 24 hours tiredness gets the rest tip at any level, not a call. The emergency
    number is there for someone who feels very unwell, as every crisis text offers it.
    """
    since = _since_infusion(checkin, infusion)
    for name, words in SYMPTOM_WORDS.items():
        score = getattr(checkin, name)
        if not _is_severe(score):
            continue
        if name == "fatigue" and since is not None and since < PERSISTENT_AFTER:
            continue
        yield Alert(
            CALL_NOW,
            f"severe_{name}",
            f"Your {words} is at {score} of 10, which is severe. Please contact your care "
            "team now; if you feel very unwell, call your local emergency number.",
        )


def _persistent(checkin: CheckIn, infusion: Infusion | None) -> Iterable[Alert]:
    """Dizziness, tiredness, headache or nausea still there 24 hours or more after the
    infusion ended.

    GUIDANCE.md, Added facts: dizziness and fatigue still present 24 hours after: contact
    the doctor (000); any dizziness counts, fatigue from 4 of 10 (tiredness the day after
    is common, 002; milder gets the rest tip). Headache is a listed side effect to report
    (000, 003); like tiredness, a mild one the next day gets no call, from 4 of 10 it does.
    Nausea "for up to 24 hours" is expected (000), so nausea or vomiting beyond that
    warrants a call. A symptom at 7 or more already has its call-now alert and gets no
    second one here.
    """
    since = _since_infusion(checkin, infusion)
    if since is None or since < PERSISTENT_AFTER:
        return
    if checkin.dizziness >= 1 and not _is_severe(checkin.dizziness):
        yield Alert(
            CALL_TODAY,
            "persistent_dizziness",
            "You still feel dizzy a day or more after your infusion. Please call your care "
            "team today and let them know.",
        )
    fatigue = checkin.fatigue
    if fatigue is not None and fatigue >= PERSISTENT_FATIGUE_SCORE and not _is_severe(fatigue):
        yield Alert(
            CALL_TODAY,
            "persistent_fatigue",
            f"You rated your tiredness {fatigue} of 10 a day or more after your infusion. "
            "Some tiredness the next day is common, but at this level please call your care "
            "team today and let them know.",
        )
    headache = checkin.headache
    if headache is not None and headache >= PERSISTENT_HEADACHE_SCORE and not _is_severe(headache):
        yield Alert(
            CALL_TODAY,
            "persistent_headache",
            f"You rated your headache {headache} of 10 a day or more after your infusion. "
            "Please call your care team today and let them know.",
        )
    if (checkin.nausea >= 1 or checkin.vomited) and not _is_severe(checkin.nausea):
        yield Alert(
            CALL_TODAY,
            "persistent_nausea",
            "Some people feel sick for up to 24 hours after an infusion, and it has been "
            "longer than that for you. Please call your care team today and let them know.",
        )


def _late_effects(checkin: CheckIn, infusion: Infusion | None) -> Iterable[Alert]:
    """Blurred vision or a racing heart a day or more after the infusion ended.

    GUIDANCE.md: blurred vision and a faster heart rate are common right after and
    usually pass within a few hours (002, 003, 004); any side effect at all is to be
    honestly reported (002, 003, 004). Still there after the first day, they are worth
    a call today. With no infusion logged there is nothing to measure from.
    """
    since = _since_infusion(checkin, infusion)
    if since is None or since < PERSISTENT_AFTER:
        return
    for effect, words in LATE_EFFECTS.items():
        if effect in checkin.effects:
            yield Alert(
                CALL_TODAY,
                f"persistent_{effect}",
                f"You noticed {words} a day or more after your infusion. It is common in "
                "the first hours; as it is still there, please call your care team today "
                "and let them know.",
            )


def _mood_drop(
    checkin: CheckIn, infusion: Infusion | None, baseline_mood: float | None
) -> Iterable[Alert]:
    """Mood well below the patient's own baseline in the ten days after an infusion.

    GUIDANCE.md: feeling a bit worse before better is possible and must be told to the care
    team (002, 003); feeling worse in the days after an infusion: contact them (002, 003).
    """
    since = _since_infusion(checkin, infusion)
    if since is None or baseline_mood is None:
        return
    if timedelta(0) <= since <= MOOD_WINDOW and baseline_mood - checkin.mood >= MOOD_DROP_POINTS:
        yield Alert(
            CALL_TODAY,
            "mood_below_baseline",
            f"Your mood ({checkin.mood} of 10) is well below your usual "
            f"({baseline_mood:.0f} of 10) since the infusion. Feeling worse for a while can "
            "happen, and your care team wants to know: please call them today.",
        )


def _perception(checkin: CheckIn, infusion: Infusion | None) -> Iterable[Alert]:
    """Seeing or hearing things, or confusion, more than two hours after the infusion ended.

    GUIDANCE.md, Added facts: dissociation and altered perception usually fade within one
    to two hours (002); after that they are worth a call, said without claiming they
    "should have" passed. The two hours run from a logged infusion, so with none logged
    there is nothing to measure from and this rule stays quiet.
    """
    since = _since_infusion(checkin, infusion)
    if since is None or since <= PERCEPTION_AFTER:
        return
    if PERCEPTION_EFFECTS & set(checkin.effects):
        yield Alert(
            CALL_TODAY,
            "perception_changes",
            "Seeing or hearing things, or feeling confused, usually fade within an hour or "
            "two after an infusion. As yours are still there, please call your care team "
            "today and tell them what you notice.",
        )


def _at_or_over(value: int | None, level: int | None) -> bool:
    return value is not None and level is not None and value >= level


def _reading(checkin: CheckIn) -> str:
    """The reading as the patient typed it: "182/95" (a half when only one is known)."""
    return "/".join("?" if n is None else str(n) for n in (checkin.systolic, checkin.diastolic))


def _blood_pressure_reading(checkin: CheckIn, clinic: BloodPressureLevels) -> Iterable[Alert]:
    """A blood pressure reading at the crisis level: call now; at the clinic's own lower
    level: call today.

    GUIDANCE.md, "Blood pressure": 180 systolic or more and/or 120 diastolic or more is a
    hypertensive crisis: wait a few minutes and measure again; if still that high, contact
    the doctor at once, and with chest pain, shortness of breath, back pain, numbness,
    weakness, vision change or difficulty speaking, call emergency services. A clinic may
    set its own lower thresholds (Settings; none by default).
    """
    systolic, diastolic = checkin.systolic, checkin.diastolic
    if _at_or_over(systolic, CRISIS_SYSTOLIC) or _at_or_over(diastolic, CRISIS_DIASTOLIC):
        yield Alert(
            CALL_NOW,
            "blood_pressure_very_high",
            f"Your blood pressure reading of {_reading(checkin)} is very high. Sit quietly "
            "for a few minutes, then measure again. If it is still that high, please contact "
            "your care team now. If you also have chest pain, shortness of breath, back "
            "pain, numbness, weakness, a change in your vision or trouble speaking, call "
            "your local emergency number straight away.",
        )
    elif _at_or_over(systolic, clinic[0]) or _at_or_over(diastolic, clinic[1]):
        yield Alert(
            CALL_TODAY,
            "blood_pressure_clinic_level",
            f"Your blood pressure reading of {_reading(checkin)} is at or above the level "
            "your clinic asked you to report. Please call your care team today and tell "
            "them the numbers.",
        )


def _blood_pressure(checkin: CheckIn, clinic: BloodPressureLevels) -> Iterable[Alert]:
    """A high blood pressure reading ticked as a side effect, at any time, unless the
    reading itself already calls for a call.

    GUIDANCE.md, Added facts: "a raised reading is a listed side effect (000, 003)"; and
    "Any side effect at all, honestly reported (002, 003, 004)".
    """
    from_reading = list(_blood_pressure_reading(checkin, clinic))
    yield from from_reading
    if BLOOD_PRESSURE_EFFECT in checkin.effects and not from_reading:
        yield Alert(
            CALL_TODAY,
            "blood_pressure",
            "You noted a high blood pressure reading. Please call your care team today and "
            "tell them the numbers if you have them.",
        )


def _bladder(checkin: CheckIn) -> Iterable[Alert]:
    """Bladder pain or blood in urine, at any time.

    GUIDANCE.md: cystitis (bladder irritation) is a listed side effect (000, 003).
    """
    if BLADDER_EFFECTS & set(checkin.effects):
        yield Alert(
            CALL_TODAY,
            "bladder",
            "Bladder pain or blood in your urine needs checking. Please call your care team today.",
        )


def checkin_alerts(
    checkin: CheckIn,
    infusion: Infusion | None,
    baseline_mood: float | None,
    clinic_bp: BloodPressureLevels = NO_CLINIC_LEVELS,
) -> tuple[Alert, ...]:
    """Every alert a check-in raises, most serious first.

    Pure and deterministic: the same answers, infusion and baseline always give the same
    alerts in the same order, and nothing reads the clock, so an import can run it again
    to check the alerts a file carries.

    Args:
        checkin: The answers, with their time.
        infusion: The infusion the check-in follows, if any.
        baseline_mood: The patient's own usual mood before the course, if known.
        clinic_bp: The clinic's own call-today blood pressure levels (systolic,
            diastolic), from Settings; None where it set none.
    """
    alerts: list[Alert] = []
    if checkin.self_harm_thoughts:
        alerts.append(Alert(URGENT, SELF_HARM_CODE, SELF_HARM_MESSAGE))
    alerts.extend(_severe(checkin, infusion))
    alerts.extend(_persistent(checkin, infusion))
    alerts.extend(_mood_drop(checkin, infusion, baseline_mood))
    alerts.extend(_perception(checkin, infusion))
    alerts.extend(_blood_pressure(checkin, clinic_bp))
    alerts.extend(_bladder(checkin))
    alerts.extend(_late_effects(checkin, infusion))
    alerts.extend(checkin_tips(checkin))
    # The rules already run most serious first; the stable sort keeps that true whatever
    # order they are listed in, and keeps the rule order within a level.
    return tuple(sorted(alerts, key=lambda alert: LEVELS.index(alert.level)))


def baseline_mean(before: tuple[float, int], stated: int | None = None) -> float | None:
    """The baseline from (total, count) of pre-course moods, else the patient's own answer.

    Args:
        before: The sum and number of moods logged before the first infusion.
        stated: The answer to "How has your mood been over the last two weeks?" (0-10).
    """
    total, count = before
    if count:
        return total / count
    return None if stated is None else float(stated)


def mood_baseline(
    checkins: Iterable[CheckIn], infusions: Iterable[Infusion], stated: int | None = None
) -> float | None:
    """The patient's own usual mood, from before the course changed it.

    The mean mood of check-ins made before the first infusion; with none, the patient's
    own answer about the last two weeks (``stated``). Never the days after an infusion,
    which are what the baseline is compared with (GUIDANCE: "feeling a bit worse before
    better" is possible then, so they are no measure of usual). None until the course
    has started, as nothing is compared with it before.
    """
    first = min((inf.started_at for inf in infusions), default=None)
    if first is None:
        return None
    before = [c.mood for c in checkins if c.at < first]
    return baseline_mean((sum(before), len(before)), stated)


def most_serious(alerts: Iterable[Alert]) -> str | None:
    """The highest level among ``alerts``, or ``None``."""
    levels = {a.level for a in alerts}
    return next((lvl for lvl in LEVELS if lvl in levels), None)
