"""The check-in rules of issue 7 section 3, each at its boundaries, against GUIDANCE.md.

Each test names the "Added facts" line of GUIDANCE.md it holds the app to.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ketacheck.core.alerts import CALL_NOW, CALL_TODAY, KEPT_LEVELS, LEVELS, TIP, checkin_alerts
from ketacheck.core.records import Alert, CheckIn, Infusion
from ketacheck.core.scales import SIDE_EFFECTS

STARTED = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
ENDED = datetime(2026, 11, 20, 14, 45, tzinfo=UTC)
INFUSION = Infusion("inf1", STARTED, ENDED)
DAY = timedelta(hours=24)
JUST_SHORT_OF_A_DAY = DAY - timedelta(seconds=1)
TWO_HOURS = timedelta(hours=2)


def checkin(after_end: timedelta = timedelta(hours=3), **answers: object) -> CheckIn:
    """A check-in made ``after_end`` after the infusion ended; by default it raises nothing."""
    fields: dict[str, object] = {
        "id": "chk1",
        "at": ENDED + after_end,
        "infusion_id": "inf1",
        "dizziness": 0,
        "nausea": 0,
        "vomited": False,
        "fluids_glasses": 4,
        "electrolytes": False,
        "mood": 7,
    }
    fields.update(answers)
    return CheckIn(**fields)  # type: ignore[arg-type]


def calls(alerts: tuple[Alert, ...]) -> list[tuple[str, str]]:
    """(level, code) of every alert kept open (call-today or above)."""
    return [(a.level, a.code) for a in alerts if a.level in KEPT_LEVELS]


def tips(alerts: tuple[Alert, ...]) -> list[str]:
    return [a.code for a in alerts if a.level == TIP]


def assert_calm(message: str) -> None:
    """Plain, calm, second person: no shouting, no markup, no claim of what should be."""
    assert message.strip() == message and message.endswith(".")
    assert message[0].isupper()
    assert "you" in message.lower()
    assert "!" not in message
    assert not any(word.isupper() and len(word) > 1 for word in message.split())
    for markup in ("\n", "[", "]", "*", "<", ">", "`", "_"):
        assert markup not in message
    assert "should have" not in message


# Severe symptoms after a session: tell the doctor *immediately* (000), not "today".


@pytest.mark.parametrize(
    ("symptom", "words"),
    [("dizziness", "dizziness"), ("nausea", "nausea"), ("headache", "headache")],
)
@pytest.mark.parametrize("score", [7, 8, 10])
@pytest.mark.parametrize("after", [timedelta(minutes=5), DAY, timedelta(days=5)])
def test_a_symptom_at_seven_or_more_means_call_now(
    symptom: str, words: str, score: int, after: timedelta
) -> None:
    alerts = checkin_alerts(checkin(after, **{symptom: score}), INFUSION, None)
    assert calls(alerts) == [(CALL_NOW, f"severe_{symptom}")]
    message = alerts[0].message
    assert_calm(message)
    assert f"{score} of 10" in message and words in message
    assert "contact your care team now" in message
    assert "if you feel very unwell, call your local emergency number" in message
    assert "today" not in message


@pytest.mark.parametrize("symptom", ["dizziness", "nausea", "fatigue"])
def test_a_symptom_at_seven_needs_no_infusion_to_be_a_call_now(symptom: str) -> None:
    alerts = checkin_alerts(checkin(**{symptom: 7}), None, None)
    assert calls(alerts) == [(CALL_NOW, f"severe_{symptom}")]


@pytest.mark.parametrize("symptom", ["dizziness", "nausea", "fatigue"])
def test_a_symptom_at_six_in_the_first_hours_is_not_a_call(symptom: str) -> None:
    alerts = checkin_alerts(checkin(timedelta(hours=1), **{symptom: 6}), INFUSION, None)
    assert calls(alerts) == []


def test_every_severe_symptom_gets_its_own_call_now() -> None:
    alerts = checkin_alerts(
        checkin(DAY, dizziness=7, nausea=9, fatigue=10, headache=8), INFUSION, None
    )
    assert calls(alerts) == [
        (CALL_NOW, "severe_dizziness"),
        (CALL_NOW, "severe_nausea"),
        (CALL_NOW, "severe_fatigue"),
        (CALL_NOW, "severe_headache"),
    ]


# Drowsiness right after an infusion is common (002, 003, 004) and tiredness the day after
# passes on its own (002): in the first day tiredness gets the rest tip at any level.


@pytest.mark.parametrize("score", [7, 10])
@pytest.mark.parametrize("after", [timedelta(minutes=5), timedelta(hours=12), JUST_SHORT_OF_A_DAY])
def test_severe_tiredness_in_the_first_day_is_the_rest_tip_not_a_call(
    score: int, after: timedelta
) -> None:
    alerts = checkin_alerts(checkin(after, fatigue=score), INFUSION, None)
    assert calls(alerts) == []
    assert tips(alerts) == ["rest"]


@pytest.mark.parametrize("score", [7, 10])
def test_severe_tiredness_from_a_day_on_is_a_call_now(score: int) -> None:
    alerts = checkin_alerts(checkin(DAY, fatigue=score), INFUSION, None)
    assert calls(alerts) == [(CALL_NOW, "severe_fatigue")]


# Dizziness still present 24 hours after the infusion: contact the doctor (000). The seed
# names no threshold, so any dizziness at 24 h or later warrants a call.


@pytest.mark.parametrize("score", [1, 3, 6])
@pytest.mark.parametrize("after", [DAY, DAY + timedelta(minutes=1), timedelta(days=4)])
def test_any_dizziness_a_day_or_more_after_means_call_today(score: int, after: timedelta) -> None:
    alerts = checkin_alerts(checkin(after, dizziness=score), INFUSION, None)
    assert calls(alerts) == [(CALL_TODAY, "persistent_dizziness")]
    assert_calm(alerts[0].message)
    assert "dizz" in alerts[0].message
    assert "care team today" in alerts[0].message
    assert "rest" in tips(alerts)


@pytest.mark.parametrize("score", [1, 6])
def test_dizziness_just_short_of_a_day_is_only_the_rest_tip(score: int) -> None:
    alerts = checkin_alerts(checkin(JUST_SHORT_OF_A_DAY, dizziness=score), INFUSION, None)
    assert calls(alerts) == []
    assert tips(alerts) == ["rest"]


def test_no_dizziness_a_day_after_is_not_a_call() -> None:
    assert checkin_alerts(checkin(DAY, dizziness=0), INFUSION, None) == ()


def test_the_day_counts_from_the_end_of_the_infusion_not_its_start() -> None:
    a_day_after_start = STARTED + DAY - ENDED
    alerts = checkin_alerts(checkin(a_day_after_start, dizziness=2), INFUSION, None)
    assert calls(alerts) == []


@pytest.mark.parametrize("symptom", ["dizziness", "fatigue", "nausea"])
@pytest.mark.parametrize("score", [7, 10])
def test_severe_and_late_is_one_call_now_not_also_a_persistent_call(
    symptom: str, score: int
) -> None:
    alerts = checkin_alerts(checkin(timedelta(days=2), **{symptom: score}), INFUSION, None)
    assert calls(alerts) == [(CALL_NOW, f"severe_{symptom}")]


# Fatigue: tiredness the day after is common and passes on its own (002), so a moderate
# level (4+) at 24 h or later is the trigger; mild gets the rest tip.


@pytest.mark.parametrize("score", [4, 5, 6])
@pytest.mark.parametrize("after", [DAY, timedelta(days=3)])
def test_moderate_fatigue_a_day_or_more_after_means_call_today(
    score: int, after: timedelta
) -> None:
    alerts = checkin_alerts(checkin(after, fatigue=score), INFUSION, None)
    assert calls(alerts) == [(CALL_TODAY, "persistent_fatigue")]
    assert_calm(alerts[0].message)
    assert "tired" in alerts[0].message
    assert "care team today" in alerts[0].message


@pytest.mark.parametrize("score", [1, 3])
@pytest.mark.parametrize("after", [DAY, timedelta(days=3)])
def test_mild_fatigue_a_day_after_is_the_rest_tip(score: int, after: timedelta) -> None:
    alerts = checkin_alerts(checkin(after, fatigue=score), INFUSION, None)
    assert calls(alerts) == []
    assert tips(alerts) == ["rest"]


def test_moderate_fatigue_just_short_of_a_day_is_the_rest_tip() -> None:
    alerts = checkin_alerts(checkin(JUST_SHORT_OF_A_DAY, fatigue=6), INFUSION, None)
    assert calls(alerts) == []
    assert tips(alerts) == ["rest"]


def test_fatigue_not_asked_is_not_a_call() -> None:
    assert checkin_alerts(checkin(timedelta(days=2), fatigue=None), INFUSION, None) == ()


def test_without_an_infusion_nothing_is_persistent() -> None:
    late = checkin(timedelta(days=3), dizziness=3, nausea=2, vomited=True, fatigue=6)
    assert calls(checkin_alerts(late, None, None)) == []


# Nausea "for up to 24 hours" is expected (000): nausea or vomiting beyond 24 h is outside
# that and warrants a call.


@pytest.mark.parametrize(
    ("nausea", "vomited"), [(1, False), (3, False), (6, False), (0, True), (4, True)]
)
@pytest.mark.parametrize("after", [DAY, timedelta(days=2)])
def test_nausea_or_vomiting_a_day_or_more_after_means_call_today(
    nausea: int, vomited: bool, after: timedelta
) -> None:
    alerts = checkin_alerts(checkin(after, nausea=nausea, vomited=vomited), INFUSION, None)
    assert calls(alerts) == [(CALL_TODAY, "persistent_nausea")]
    assert_calm(alerts[0].message)
    assert "24 hours" in alerts[0].message
    assert "care team today" in alerts[0].message
    assert "mild_food" in tips(alerts)


@pytest.mark.parametrize(("nausea", "vomited"), [(6, False), (0, True), (5, True)])
def test_nausea_or_vomiting_in_the_first_day_is_only_tips(nausea: int, vomited: bool) -> None:
    alerts = checkin_alerts(
        checkin(JUST_SHORT_OF_A_DAY, nausea=nausea, vomited=vomited), INFUSION, None
    )
    assert calls(alerts) == []
    assert "mild_food" in tips(alerts)


def test_no_nausea_a_day_after_is_not_a_call() -> None:
    assert checkin_alerts(checkin(DAY, nausea=0, vomited=False), INFUSION, None) == ()


def test_severe_nausea_with_vomiting_late_is_one_call_now() -> None:
    alerts = checkin_alerts(checkin(DAY, nausea=8, vomited=True), INFUSION, None)
    assert calls(alerts) == [(CALL_NOW, "severe_nausea")]


# Dissociation and altered perception usually fade within one to two hours (002):
# hallucinations or confusion after that are worth a call; say so without claiming they
# "should have" passed.


@pytest.mark.parametrize("effect", ["hallucinations", "confusion"])
@pytest.mark.parametrize(
    "after", [TWO_HOURS + timedelta(seconds=1), TWO_HOURS + timedelta(minutes=1), DAY]
)
def test_perception_changes_more_than_two_hours_after_mean_call_today(
    effect: str, after: timedelta
) -> None:
    alerts = checkin_alerts(checkin(after, side_effects=(effect,)), INFUSION, None)
    assert calls(alerts) == [(CALL_TODAY, "perception_changes")]
    message = alerts[0].message
    assert_calm(message)
    assert "usually fade within an hour or two" in message
    assert "care team today" in message


@pytest.mark.parametrize("effect", ["hallucinations", "confusion"])
@pytest.mark.parametrize("after", [timedelta(0), timedelta(hours=1), TWO_HOURS])
def test_perception_changes_up_to_two_hours_after_are_not_a_call(
    effect: str, after: timedelta
) -> None:
    alerts = checkin_alerts(checkin(after, side_effects=(effect,)), INFUSION, None)
    assert calls(alerts) == []


@pytest.mark.parametrize("effect", ["hallucinations", "confusion"])
def test_perception_changes_with_no_infusion_logged_are_not_this_call(effect: str) -> None:
    alerts = checkin_alerts(checkin(side_effects=(effect,)), None, None)
    assert calls(alerts) == []


def test_both_perception_changes_are_one_call() -> None:
    both = ("hallucinations", "confusion")
    alerts = checkin_alerts(checkin(timedelta(hours=5), side_effects=both), INFUSION, None)
    assert calls(alerts) == [(CALL_TODAY, "perception_changes")]


def test_dissociation_and_vivid_dreams_late_are_not_a_call() -> None:
    common = ("dissociation", "vivid_dreams")
    assert checkin_alerts(checkin(DAY, side_effects=common), INFUSION, None) == ()


# Blood pressure: a raised reading is a listed side effect (000, 003).


def test_raised_blood_pressure_is_in_the_vocabulary() -> None:
    assert "high_blood_pressure" in SIDE_EFFECTS


@pytest.mark.parametrize("after", [timedelta(minutes=10), TWO_HOURS, timedelta(days=3)])
@pytest.mark.parametrize("infusion", [INFUSION, None])
def test_a_raised_blood_pressure_reading_means_call_today(
    after: timedelta, infusion: Infusion | None
) -> None:
    alerts = checkin_alerts(checkin(after, side_effects=("high_blood_pressure",)), infusion, None)
    assert calls(alerts) == [(CALL_TODAY, "blood_pressure")]
    assert_calm(alerts[0].message)
    assert "blood pressure" in alerts[0].message
    assert "care team today" in alerts[0].message


def test_blood_pressure_and_bladder_are_two_calls() -> None:
    effects = ("high_blood_pressure", "bladder_pain")
    alerts = checkin_alerts(checkin(side_effects=effects), INFUSION, None)
    assert calls(alerts) == [(CALL_TODAY, "blood_pressure"), (CALL_TODAY, "bladder")]


@pytest.mark.parametrize("infusion", [INFUSION, None])
def test_bladder_symptoms_still_mean_call_today(infusion: Infusion | None) -> None:
    alerts = checkin_alerts(checkin(side_effects=("blood_in_urine",)), infusion, None)
    assert calls(alerts) == [(CALL_TODAY, "bladder")]


# The same answers always give the same alerts: imports re-run the rules to check them.


def _rough_day(**changes: object) -> CheckIn:
    answers: dict[str, object] = {
        "dizziness": 3,
        "nausea": 8,
        "vomited": True,
        "fluids_glasses": 1,
        "mood": 2,
        "fatigue": 5,
        "sleep_hours": 4.0,
        "side_effects": ("blood_in_urine", "confusion", "high_blood_pressure"),
        "self_harm_thoughts": True,
    }
    answers.update(changes)
    return checkin(timedelta(hours=26), **answers)


def test_checkin_alerts_is_deterministic_and_ordered_by_level() -> None:
    first = checkin_alerts(_rough_day(), INFUSION, 8.0)
    again = checkin_alerts(_rough_day(), INFUSION, 8.0)
    assert first == again
    reordered = _rough_day(side_effects=("high_blood_pressure", "confusion", "blood_in_urine"))
    assert checkin_alerts(reordered, INFUSION, 8.0) == first
    assert [(a.level, a.code) for a in first] == [
        ("urgent", "self_harm"),
        (CALL_NOW, "severe_nausea"),
        (CALL_TODAY, "persistent_dizziness"),
        (CALL_TODAY, "persistent_fatigue"),
        (CALL_TODAY, "mood_below_baseline"),
        (CALL_TODAY, "perception_changes"),
        (CALL_TODAY, "blood_pressure"),
        (CALL_TODAY, "bladder"),
        (TIP, "drink"),
        (TIP, "mild_food"),
        (TIP, "rest"),
        (TIP, "sleep"),
    ]
    ranks = [LEVELS.index(a.level) for a in first]
    assert ranks == sorted(ranks)


def test_checkin_alerts_does_not_read_the_clock() -> None:
    from freezegun import freeze_time

    expected = checkin_alerts(_rough_day(), INFUSION, 8.0)
    with freeze_time("2031-01-01 00:00:00"):
        assert checkin_alerts(_rough_day(), INFUSION, 8.0) == expected


# Headache is a listed side effect to report (000, 003). Severe (7+) is "tell the doctor
# immediately" at any time; like tiredness, a moderate one (4+) from a day on is a call today.


@pytest.mark.parametrize("after", [timedelta(minutes=5), JUST_SHORT_OF_A_DAY, DAY])
def test_headache_7_is_a_call_now_at_any_time(after: timedelta) -> None:
    alerts = checkin_alerts(checkin(after, headache=7), INFUSION, None)
    assert calls(alerts) == [(CALL_NOW, "severe_headache")]
    assert "headache is at 7 of 10" in alerts[0].message
    assert_calm(alerts[0].message)


@pytest.mark.parametrize("score", [4, 6])
@pytest.mark.parametrize("after", [DAY, timedelta(days=4)])
def test_headache_4_to_6_from_a_day_on_is_a_call_today(score: int, after: timedelta) -> None:
    alerts = checkin_alerts(checkin(after, headache=score), INFUSION, None)
    assert calls(alerts) == [(CALL_TODAY, "persistent_headache")]
    assert f"headache {score} of 10" in alerts[0].message
    assert "care team today" in alerts[0].message
    assert_calm(alerts[0].message)


@pytest.mark.parametrize(
    ("score", "after"),
    [(3, DAY), (1, timedelta(days=3)), (6, JUST_SHORT_OF_A_DAY), (4, timedelta(hours=1))],
)
def test_a_milder_or_earlier_headache_is_not_a_call(score: int, after: timedelta) -> None:
    assert calls(checkin_alerts(checkin(after, headache=score), INFUSION, None)) == []


def test_a_headache_not_asked_or_with_no_infusion_is_not_a_day_later_call() -> None:
    assert calls(checkin_alerts(checkin(DAY, headache=None), INFUSION, None)) == []
    assert calls(checkin_alerts(checkin(DAY, headache=5), None, None)) == []


# Blurred vision and a faster heart rate are common right after and usually pass within a
# few hours (002, 003, 004); any side effect is to be reported (002, 003, 004).


@pytest.mark.parametrize(
    ("effect", "code", "words"),
    [
        ("blurred_vision", "persistent_blurred_vision", "blurred vision"),
        ("racing_heart", "persistent_racing_heart", "racing or pounding heart"),
    ],
)
def test_blurred_vision_or_a_racing_heart_after_the_first_day_is_a_call_today(
    effect: str, code: str, words: str
) -> None:
    for after in (DAY, timedelta(days=6)):
        alerts = checkin_alerts(checkin(after, side_effects=(effect,)), INFUSION, None)
        assert calls(alerts) == [(CALL_TODAY, code)]
        assert words in alerts[0].message
        assert_calm(alerts[0].message)
    for early in (timedelta(minutes=10), JUST_SHORT_OF_A_DAY):
        assert calls(checkin_alerts(checkin(early, side_effects=(effect,)), INFUSION, None)) == []
    assert calls(checkin_alerts(checkin(DAY, side_effects=(effect,)), None, None)) == []


def test_both_late_effects_are_two_calls_of_their_own() -> None:
    both = checkin(DAY, side_effects=("blurred_vision", "racing_heart"))
    assert calls(checkin_alerts(both, INFUSION, None)) == [
        (CALL_TODAY, "persistent_blurred_vision"),
        (CALL_TODAY, "persistent_racing_heart"),
    ]


# Dissociation and altered perception usually fade within one to two hours (002); a call
# after that is said without claiming they "should have" passed.


@pytest.mark.parametrize("effect", ["hallucinations", "confusion"])
def test_perception_changes_at_the_bounds(effect: str) -> None:
    at_two_hours = checkin(TWO_HOURS, side_effects=(effect,))
    just_after = checkin(TWO_HOURS + timedelta(seconds=1), side_effects=(effect,))
    assert calls(checkin_alerts(at_two_hours, INFUSION, None)) == []
    alerts = checkin_alerts(just_after, INFUSION, None)
    assert calls(alerts) == [(CALL_TODAY, "perception_changes")]
    assert_calm(alerts[0].message)
