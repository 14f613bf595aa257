"""The alert rules of DESIGN.md "Alerts", in ketacheck.core.alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from msgspec.structs import replace

from ketacheck.core.alerts import (
    checkin_alerts,
    mood_baseline,
)
from ketacheck.core.records import Alert, CheckIn, Infusion

STARTED = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
ENDED = datetime(2026, 11, 20, 14, 45, tzinfo=UTC)
INFUSION = Infusion("inf1", STARTED, ENDED)
SEVERITY = {"urgent": 0, "call-now": 1, "call-today": 2, "tip": 3}


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


def codes(alerts: tuple[Alert, ...], level: str | None = None) -> list[str]:
    return [a.code for a in alerts if level is None or a.level == level]


def assert_plain(message: str) -> None:
    assert isinstance(message, str)
    assert message.strip() == message
    assert len(message) > 20
    assert message[0].isupper()
    assert message.endswith(".")
    for markup in ("\n", "[", "]", "*", "<", ">", "`", "_"):
        assert markup not in message


def test_a_quiet_checkin_raises_nothing() -> None:
    assert checkin_alerts(checkin(), INFUSION, 7.0) == ()
    assert checkin_alerts(checkin(), None, None) == ()


def test_self_harm_is_urgent_and_comes_first() -> None:
    alerts = checkin_alerts(checkin(mood=2, self_harm_thoughts=True), INFUSION, None)
    assert alerts[0].level == "urgent"
    assert alerts[0].code == "self_harm"
    assert_plain(alerts[0].message)
    assert "does not send anything to anyone" in alerts[0].message
    assert "crisis line" in alerts[0].message
    assert "care team" in alerts[0].message


@pytest.mark.parametrize("answer", [False, None])
def test_no_self_harm_no_urgent(answer: bool | None) -> None:
    alerts = checkin_alerts(checkin(mood=2, self_harm_thoughts=answer), INFUSION, None)
    assert codes(alerts, "urgent") == []


def test_self_harm_is_urgent_even_with_no_infusion_and_good_mood() -> None:
    alerts = checkin_alerts(checkin(mood=8, self_harm_thoughts=True), None, None)
    assert codes(alerts) == ["self_harm"]


@pytest.mark.parametrize(
    ("symptom", "code", "words"),
    [
        ("dizziness", "severe_dizziness", "dizziness"),
        ("nausea", "severe_nausea", "nausea"),
        ("headache", "severe_headache", "headache"),
    ],
)
@pytest.mark.parametrize("score", [7, 10])
def test_any_symptom_at_seven_or_more_means_call_now(
    symptom: str, code: str, words: str, score: int
) -> None:
    alerts = checkin_alerts(checkin(timedelta(hours=1), **{symptom: score}), INFUSION, None)
    assert codes(alerts, "call-now") == [code]
    assert codes(alerts, "call-today") == []
    severe = alerts[0]
    assert_plain(severe.message)
    assert f"Your {words} is at {score} of 10, which is severe" in severe.message
    assert "contact your care team now" in severe.message
    assert "call your local emergency number" in severe.message


@pytest.mark.parametrize("symptom", ["dizziness", "nausea", "fatigue"])
def test_a_symptom_at_six_early_on_is_not_a_call(symptom: str) -> None:
    alerts = checkin_alerts(checkin(timedelta(hours=1), **{symptom: 6}), INFUSION, None)
    assert codes(alerts, "call-today") == codes(alerts, "call-now") == []


@pytest.mark.parametrize("symptom", ["dizziness", "fatigue"])
@pytest.mark.parametrize("score", [4, 6])
def test_dizziness_or_fatigue_still_there_at_24_hours(symptom: str, score: int) -> None:
    alerts = checkin_alerts(checkin(timedelta(hours=24), **{symptom: score}), INFUSION, None)
    assert codes(alerts, "call-today") == [f"persistent_{symptom}"]
    assert_plain(alerts[0].message)
    assert "a day or more after your infusion" in alerts[0].message


@pytest.mark.parametrize("symptom", ["dizziness", "fatigue"])
def test_persistent_one_minute_short_of_24_hours_is_not_a_call(symptom: str) -> None:
    early = timedelta(hours=23, minutes=59)
    alerts = checkin_alerts(checkin(early, **{symptom: 4}), INFUSION, None)
    assert codes(alerts, "call-today") == []


def test_mild_fatigue_after_a_day_is_not_a_call_but_mild_dizziness_is() -> None:
    tired = checkin_alerts(checkin(timedelta(hours=30), fatigue=3), INFUSION, None)
    assert codes(tired, "call-today") == []
    dizzy = checkin_alerts(checkin(timedelta(hours=30), dizziness=1), INFUSION, None)
    assert codes(dizzy, "call-today") == ["persistent_dizziness"]


def test_persistent_counts_from_the_end_of_the_infusion() -> None:
    a_day_after_start = STARTED + timedelta(hours=24) - ENDED
    alerts = checkin_alerts(checkin(a_day_after_start, dizziness=5), INFUSION, None)
    assert codes(alerts, "call-today") == []


def test_persistent_nausea_is_a_call_and_a_tip() -> None:
    alerts = checkin_alerts(checkin(timedelta(hours=30), nausea=5), INFUSION, None)
    assert codes(alerts, "call-today") == ["persistent_nausea"]
    assert "mild_food" in codes(alerts, "tip")


def test_severe_and_late_dizziness_is_reported_once() -> None:
    alerts = checkin_alerts(checkin(timedelta(hours=30), dizziness=8), INFUSION, None)
    assert codes(alerts, "call-now") == ["severe_dizziness"]
    assert codes(alerts, "call-today") == []


def test_no_infusion_means_no_persistent_alert() -> None:
    alerts = checkin_alerts(checkin(timedelta(days=3), dizziness=5), None, None)
    assert codes(alerts, "call-today") == []


@pytest.mark.parametrize("after", [timedelta(0), timedelta(days=2), timedelta(days=10)])
def test_mood_three_below_baseline_in_the_days_after(after: timedelta) -> None:
    alerts = checkin_alerts(checkin(after, mood=4), INFUSION, 7.0)
    assert codes(alerts, "call-today") == ["mood_below_baseline"]
    assert_plain(alerts[0].message)
    assert "Your mood (4 of 10)" in alerts[0].message
    assert "(7 of 10)" in alerts[0].message


def test_mood_two_below_baseline_is_not_a_call() -> None:
    alerts = checkin_alerts(checkin(timedelta(days=2), mood=5), INFUSION, 7.0)
    assert codes(alerts, "call-today") == []


def test_mood_against_a_fractional_baseline() -> None:
    below_by_two_and_a_half = checkin(timedelta(days=1), mood=5)
    below_by_three_and_a_half = checkin(timedelta(days=1), mood=4)
    assert codes(checkin_alerts(below_by_two_and_a_half, INFUSION, 7.5), "call-today") == []
    assert codes(checkin_alerts(below_by_three_and_a_half, INFUSION, 7.5), "call-today") == [
        "mood_below_baseline"
    ]


def test_low_mood_without_a_baseline_is_not_a_call() -> None:
    alerts = checkin_alerts(checkin(timedelta(days=2), mood=1), INFUSION, None)
    assert codes(alerts, "call-today") == []


def test_mood_drop_without_an_infusion_is_not_a_call() -> None:
    alerts = checkin_alerts(checkin(timedelta(days=2), mood=1), None, 8.0)
    assert codes(alerts, "call-today") == []


@pytest.mark.parametrize(
    "after", [-timedelta(minutes=10), timedelta(days=10, minutes=1), timedelta(days=30)]
)
def test_mood_drop_outside_the_days_after_is_not_a_call(after: timedelta) -> None:
    alerts = checkin_alerts(checkin(after, mood=2), INFUSION, 8.0)
    assert codes(alerts, "call-today") == []


@pytest.mark.parametrize("effect", ["hallucinations", "confusion"])
def test_perception_changes_after_two_hours_mean_call_today(effect: str) -> None:
    late = timedelta(hours=2, minutes=1)
    alerts = checkin_alerts(checkin(late, side_effects=(effect,)), INFUSION, None)
    assert codes(alerts, "call-today") == ["perception_changes"]
    assert_plain(alerts[0].message)


@pytest.mark.parametrize("effect", ["hallucinations", "confusion"])
def test_perception_changes_up_to_two_hours_are_expected(effect: str) -> None:
    early = timedelta(hours=2)
    alerts = checkin_alerts(checkin(early, side_effects=(effect,)), INFUSION, None)
    assert codes(alerts, "call-today") == []


def test_both_perception_changes_raise_one_alert() -> None:
    both = ("hallucinations", "confusion")
    alerts = checkin_alerts(checkin(timedelta(hours=5), side_effects=both), INFUSION, None)
    assert codes(alerts, "call-today") == ["perception_changes"]


def test_perception_changes_with_no_infusion_logged_are_not_a_call() -> None:
    alerts = checkin_alerts(checkin(side_effects=("hallucinations",)), None, None)
    assert codes(alerts, "call-today") == []


@pytest.mark.parametrize(
    "effects", [("bladder_pain",), ("blood_in_urine",), ("bladder_pain", "blood_in_urine")]
)
@pytest.mark.parametrize("after", [timedelta(minutes=10), timedelta(days=4)])
def test_bladder_symptoms_mean_call_today(effects: tuple[str, ...], after: timedelta) -> None:
    alerts = checkin_alerts(checkin(after, side_effects=effects), INFUSION, None)
    assert codes(alerts, "call-today") == ["bladder"]
    assert_plain(alerts[0].message)


def test_other_side_effects_are_not_a_call() -> None:
    common = ("headache", "blurred_vision", "vivid_dreams", "dissociation", "low_appetite")
    alerts = checkin_alerts(checkin(timedelta(hours=5), side_effects=common), INFUSION, None)
    assert alerts == ()


@pytest.mark.parametrize("glasses", [0, 1])
def test_low_fluids_tip(glasses: int) -> None:
    alerts = checkin_alerts(checkin(fluids_glasses=glasses), INFUSION, None)
    assert codes(alerts) == ["drink"]
    assert alerts[0].level == "tip"
    assert_plain(alerts[0].message)
    assert "water" in alerts[0].message


def test_two_glasses_is_enough() -> None:
    assert checkin_alerts(checkin(fluids_glasses=2), INFUSION, None) == ()


def test_vomiting_means_drink_and_mild_food_even_with_plenty_of_fluids() -> None:
    alerts = checkin_alerts(checkin(vomited=True, fluids_glasses=6), INFUSION, None)
    assert codes(alerts) == ["drink", "mild_food"]


@pytest.mark.parametrize("nausea", [1, 5])
def test_nausea_means_mild_food_tip(nausea: int) -> None:
    alerts = checkin_alerts(checkin(nausea=nausea), INFUSION, None)
    assert codes(alerts) == ["mild_food"]
    assert_plain(alerts[0].message)
    assert "applesauce" in alerts[0].message


@pytest.mark.parametrize(("dizziness", "fatigue"), [(1, None), (0, 2), (3, 3)])
def test_tiredness_or_dizziness_means_rest_tip(dizziness: int, fatigue: int | None) -> None:
    alerts = checkin_alerts(checkin(dizziness=dizziness, fatigue=fatigue), INFUSION, None)
    assert codes(alerts) == ["rest"]
    assert_plain(alerts[0].message)
    assert "Rest" in alerts[0].message


def test_no_fatigue_answer_and_no_dizziness_means_no_rest_tip() -> None:
    assert checkin_alerts(checkin(dizziness=0, fatigue=0), INFUSION, None) == ()


def test_short_sleep_tip() -> None:
    assert codes(checkin_alerts(checkin(sleep_hours=5.5), INFUSION, None)) == ["sleep"]
    assert checkin_alerts(checkin(sleep_hours=6.0), INFUSION, None) == ()


def test_low_mood_tip_unless_self_harm_was_reported() -> None:
    assert codes(checkin_alerts(checkin(mood=3, self_harm_thoughts=False), INFUSION, None)) == [
        "low_mood"
    ]
    assert checkin_alerts(checkin(mood=4), INFUSION, None) == ()
    with_self_harm = checkin_alerts(checkin(mood=3, self_harm_thoughts=True), INFUSION, None)
    assert codes(with_self_harm) == ["self_harm"]


def test_alerts_come_most_serious_first_and_are_all_plain() -> None:
    rough_day = checkin(
        timedelta(hours=26),
        dizziness=5,
        nausea=8,
        vomited=True,
        fluids_glasses=1,
        mood=2,
        fatigue=6,
        sleep_hours=3.0,
        side_effects=("confusion", "blood_in_urine"),
        self_harm_thoughts=True,
    )
    alerts = checkin_alerts(rough_day, INFUSION, 8.0)
    assert codes(alerts) == [
        "self_harm",
        "severe_nausea",
        "persistent_dizziness",
        "persistent_fatigue",
        "mood_below_baseline",
        "perception_changes",
        "bladder",
        "drink",
        "mild_food",
        "rest",
        "sleep",
    ]
    ranks = [SEVERITY[a.level] for a in alerts]
    assert ranks == sorted(ranks)
    for alert in alerts:
        assert_plain(alert.message)


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


def test_mood_baseline_is_the_mean_before_the_first_infusion() -> None:
    base = checkin()
    checkins = [
        replace(base, at=_at(10), mood=6),
        replace(base, at=_at(12), mood=7),
        replace(base, at=_at(14), mood=8),
        replace(base, at=_at(21), mood=1),
    ]
    later = Infusion("inf2", _at(25), _at(25, 13))
    assert mood_baseline(checkins, [later, INFUSION]) == 7.0


def test_mood_baseline_can_be_fractional() -> None:
    base = checkin()
    checkins = [replace(base, at=_at(10), mood=6), replace(base, at=_at(11), mood=7)]
    assert mood_baseline(checkins, [INFUSION]) == 6.5


def test_checkin_at_the_moment_the_infusion_starts_is_not_baseline() -> None:
    base = checkin()
    checkins = [replace(base, at=_at(10), mood=4), replace(base, at=STARTED, mood=10)]
    assert mood_baseline(checkins, [INFUSION]) == 4.0


def test_the_days_after_an_infusion_are_never_the_baseline() -> None:
    base = checkin()
    after = [
        replace(base, at=STARTED + timedelta(hours=5), mood=5),
        replace(base, at=STARTED + timedelta(hours=30), mood=8),
    ]
    assert mood_baseline(after, [INFUSION]) is None
    assert mood_baseline([], [INFUSION]) is None


def test_without_earlier_checkins_the_patients_own_answer_is_the_baseline() -> None:
    base = checkin()
    after = [replace(base, at=STARTED + timedelta(hours=5), mood=2)]
    assert mood_baseline(after, [INFUSION], stated=7) == 7.0
    # Check-ins before the course are measured, so they come before the answer.
    before = replace(base, at=STARTED - timedelta(days=1), mood=9)
    assert mood_baseline([before, *after], [INFUSION], stated=3) == 9.0


def test_the_summary_keeps_the_same_baseline_as_core() -> None:
    from ketacheck.store.summary import build_summary, summary_with_checkin

    base = checkin()
    after = [
        replace(base, id=f"e{n}", at=STARTED + timedelta(hours=5 + n), mood=4 + n) for n in range(3)
    ]
    tables = {
        "infusions": {"inf1": INFUSION.to_dict()},
        "checkins": {c.id: c.to_dict() for c in after[:2]},
        "settings": {"settings": {"baseline_mood": 6}},
    }
    summary = build_summary(tables, (1, 2, 3, 4))
    assert summary["baseline_mood"] == mood_baseline(after[:2], [INFUSION], 6) == 6.0
    grown = summary_with_checkin(summary, after[2].to_dict(), (1, 2, 3, 5))
    assert grown["baseline_mood"] == mood_baseline(after, [INFUSION], 6) == 6.0
    earlier = replace(base, id="b", at=STARTED - timedelta(days=2), mood=2)
    assert summary_with_checkin(grown, earlier.to_dict(), (1, 2, 3, 6))["baseline_mood"] == 2.0
    del tables["settings"]
    assert build_summary(tables, (1, 2, 3, 4))["baseline_mood"] is None


def test_no_baseline_without_any_infusion() -> None:
    assert mood_baseline([replace(checkin(), at=_at(10), mood=5)], []) is None
