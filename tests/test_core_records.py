"""Record types and their strict conversion in ketacheck.core.records and settings."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacheck.core.records import (
    Alert,
    CheckIn,
    Infusion,
    latest_infusion_before,
)
from ketacheck.core.scales import SIDE_EFFECTS, ValidationError
from ketacheck.core.settings import Settings

START = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


def infusion_dict(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "inf1",
        "started_at": "2026-11-20T14:00:00+00:00",
        "ended_at": "2026-11-20T14:45:00+00:00",
        "note": "Felt floaty.\nSlept after. ",
    }
    data.update(overrides)
    return data


def checkin_dict(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "chk1",
        "at": "2026-11-20T18:30:00+00:00",
        "infusion_id": "inf1",
        "dizziness": 3,
        "nausea": 2,
        "vomited": False,
        "fluids_glasses": 4,
        "electrolytes": True,
        "mood": 6,
        "fatigue": 5,
        "sleep_hours": 7.5,
        "mood_words": ["calm", "tired"],
        "side_effects": ["headache", "vivid_dreams"],
        "self_harm_thoughts": None,
        "intention": "Walk in the park tomorrow",
        "note": " A quiet evening.\n",
        "alerts": [{"level": "tip", "code": "rest", "message": "Rest now."}],
        "for_doctor": True,
        "headache": 4,
        "systolic": 128,
        "diastolic": 84,
        "pulse": 72,
    }
    data.update(overrides)
    return data


def test_create_defaults_to_forty_five_minutes() -> None:
    infusion = Infusion.create(START)
    assert infusion.started_at == START
    assert infusion.ended_at == datetime(2026, 11, 20, 14, 45, tzinfo=UTC)
    assert infusion.note == ""
    assert re.fullmatch(r"[0-9a-f]{32}", infusion.id)


def test_create_with_minutes_and_note() -> None:
    infusion = Infusion.create(START, minutes=60, note="Second session")
    assert infusion.ended_at == datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    assert infusion.note == "Second session"


def test_create_gives_each_infusion_its_own_id() -> None:
    assert Infusion.create(START).id != Infusion.create(START).id


def test_create_stores_a_non_utc_start_in_utc_to_the_second() -> None:
    new_york_winter = timezone(timedelta(hours=-5))
    start = datetime(2026, 11, 20, 9, 0, 30, 999_999, tzinfo=new_york_winter)
    infusion = Infusion.create(start, minutes=40)
    assert infusion.started_at == datetime(2026, 11, 20, 14, 0, 30, tzinfo=UTC)
    assert infusion.started_at.utcoffset() == timedelta(0)
    assert infusion.to_dict()["ended_at"] == "2026-11-20T14:40:30+00:00"


@pytest.mark.parametrize("minutes", [0, -5, 721, True, 1.5, "45"])
def test_create_rejects_bad_minutes(minutes: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        Infusion.create(START, minutes=minutes)
    assert caught.value.field == "minutes"


def test_create_accepts_one_to_720_minutes() -> None:
    assert Infusion.create(START, minutes=1).ended_at == START + timedelta(minutes=1)
    assert Infusion.create(START, minutes=720).ended_at == datetime(2026, 11, 21, 2, 0, tzinfo=UTC)


def test_create_rejects_a_naive_start() -> None:
    with pytest.raises(ValueError, match="naive"):
        Infusion.create(datetime(2026, 11, 20, 14, 0))


def test_create_rejects_an_overlong_note() -> None:
    with pytest.raises(ValidationError) as caught:
        Infusion.create(START, note="n" * 10_001)
    assert caught.value.field == "note"


def test_infusion_round_trip() -> None:
    data = infusion_dict()
    infusion = Infusion.from_dict(data)
    assert infusion == Infusion(
        id="inf1",
        started_at=datetime(2026, 11, 20, 14, 0, tzinfo=UTC),
        ended_at=datetime(2026, 11, 20, 14, 45, tzinfo=UTC),
        note="Felt floaty.\nSlept after. ",
    )
    assert infusion.to_dict() == data
    assert Infusion.from_dict(infusion.to_dict()) == infusion


def test_infusion_from_dict_converts_offsets_to_utc() -> None:
    infusion = Infusion.from_dict(
        infusion_dict(started_at="2026-11-20T09:00:00-05:00", ended_at="2026-11-20T14:45:00Z")
    )
    assert infusion.started_at == datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
    assert infusion.to_dict()["started_at"] == "2026-11-20T14:00:00+00:00"
    assert infusion.to_dict()["ended_at"] == "2026-11-20T14:45:00+00:00"


def test_infusion_note_defaults_to_empty() -> None:
    data = infusion_dict()
    del data["note"]
    assert Infusion.from_dict(data).note == ""


@pytest.mark.parametrize("name", ["id", "started_at", "ended_at"])
def test_infusion_missing_field_is_named(name: str) -> None:
    data = infusion_dict()
    del data[name]
    with pytest.raises(ValidationError) as caught:
        Infusion.from_dict(data)
    assert caught.value.field == name
    assert caught.value.problem == "is missing"


@pytest.mark.parametrize("name", ["started_at", "ended_at"])
def test_infusion_naive_timestamp_is_rejected(name: str) -> None:
    naive = "2026-11-20T14:00:00" if name == "started_at" else "2026-11-20T14:45:00"
    with pytest.raises(ValidationError) as caught:
        Infusion.from_dict(infusion_dict(**{name: naive}))
    assert caught.value.field == name
    assert "no UTC offset" in caught.value.problem


@pytest.mark.parametrize("bad", ["yesterday", "", 1763647200, None])
def test_infusion_unparseable_timestamp_is_rejected(bad: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        Infusion.from_dict(infusion_dict(started_at=bad))
    assert caught.value.field == "started_at"


def test_infusion_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValidationError) as caught:
        Infusion.from_dict(infusion_dict(ended_at="2026-11-20T13:59:59+00:00"))
    assert caught.value.field == "ended_at"


def test_infusion_longer_than_twelve_hours_is_rejected() -> None:
    twelve = Infusion.from_dict(infusion_dict(ended_at="2026-11-21T02:00:00+00:00"))
    assert twelve.ended_at == datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
    with pytest.raises(ValidationError) as caught:
        Infusion.from_dict(infusion_dict(ended_at="2026-11-21T02:00:01+00:00"))
    assert caught.value.field == "ended_at"


@pytest.mark.parametrize("bad", ["", 7, None, "x" * 65])
def test_infusion_bad_id_is_rejected(bad: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        Infusion.from_dict(infusion_dict(id=bad))
    assert caught.value.field == "id"


def test_checkin_round_trip() -> None:
    data = checkin_dict()
    checkin = CheckIn.from_dict(data)
    assert checkin.at == datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
    assert checkin.mood_words == ("calm", "tired")
    assert checkin.side_effects == ("headache", "vivid_dreams")
    assert checkin.alerts == (Alert("tip", "rest", "Rest now."),)
    assert checkin.to_dict() == data
    assert CheckIn.from_dict(checkin.to_dict()) == checkin


def test_checkin_answers_left_out_are_not_asked_never_no() -> None:
    data = {
        "id": "chk2",
        "at": "2026-11-20T18:30:00+00:00",
        "dizziness": 0,
        "nausea": 0,
        "fluids_glasses": 0,
        "mood": 5,
    }
    checkin = CheckIn.from_dict(data)
    assert checkin.to_dict() == {
        **data,
        "infusion_id": None,
        "vomited": None,
        "electrolytes": None,
        "fatigue": None,
        "sleep_hours": None,
        "mood_words": [],
        "side_effects": None,
        "self_harm_thoughts": None,
        "intention": "",
        "note": "",
        "alerts": [],
        "for_doctor": False,
        "headache": None,
        "systolic": None,
        "diastolic": None,
        "pulse": None,
    }


@pytest.mark.parametrize("name", ["id", "at", "dizziness", "nausea", "fluids_glasses", "mood"])
def test_checkin_missing_required_field_is_named(name: str) -> None:
    data = checkin_dict()
    del data[name]
    with pytest.raises(ValidationError) as caught:
        CheckIn.from_dict(data)
    assert caught.value.field == name
    assert caught.value.problem == "is missing"


def test_checkin_naive_time_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        CheckIn.from_dict(checkin_dict(at="2026-11-20T18:30:00"))
    assert caught.value.field == "at"


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("dizziness", 11),
        ("nausea", -1),
        ("mood", 2.5),
        ("fatigue", True),
        ("fluids_glasses", -1),
        ("vomited", "no"),
        ("electrolytes", 1),
        ("sleep_hours", 25),
        ("side_effects", ["sneezing"]),
        ("mood_words", "calm"),
        ("self_harm_thoughts", "maybe"),
        ("intention", "i" * 501),
        ("note", "n" * 10_001),
        ("alerts", "none"),
        ("infusion_id", ""),
        ("infusion_id", 12),
    ],
)
def test_checkin_bad_field_is_named(name: str, bad: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        CheckIn.from_dict(checkin_dict(**{name: bad}))
    assert caught.value.field == name


def test_checkin_bad_alert_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        CheckIn.from_dict(checkin_dict(alerts=[{"level": "panic", "code": "x", "message": "y"}]))
    assert caught.value.field == "alerts.level"


def test_checkin_note_of_ten_thousand_chars_round_trips() -> None:
    data = checkin_dict(note="n" * 10_000)
    assert CheckIn.from_dict(data).to_dict()["note"] == "n" * 10_000


def test_with_alerts_keeps_everything_else() -> None:
    checkin = CheckIn.from_dict(checkin_dict(alerts=[]))
    alert = Alert("call-today", "bladder", "Please call your care team today.")
    updated = checkin.with_alerts((alert,))
    assert updated.alerts == (alert,)
    assert updated.to_dict() == {**checkin.to_dict(), "alerts": [alert.to_dict()]}
    assert checkin.alerts == ()


def test_latest_infusion_before() -> None:
    first = Infusion.from_dict(infusion_dict(id="a"))
    second = Infusion.from_dict(
        infusion_dict(
            id="b", started_at="2026-11-23T14:00:00+00:00", ended_at="2026-11-23T14:45:00+00:00"
        )
    )
    infusions = [second, first]
    assert latest_infusion_before(infusions, datetime(2026, 11, 20, 13, 59, tzinfo=UTC)) is None
    assert latest_infusion_before(infusions, datetime(2026, 11, 20, 14, 0, tzinfo=UTC)) is first
    assert latest_infusion_before(infusions, datetime(2026, 11, 23, 13, 0, tzinfo=UTC)) is first
    assert latest_infusion_before(infusions, datetime(2026, 11, 23, 14, 0, tzinfo=UTC)) is second
    assert latest_infusion_before([], datetime(2026, 11, 23, 14, 0, tzinfo=UTC)) is None


def test_settings_defaults_round_trip() -> None:
    settings = Settings.from_dict({})
    assert settings == Settings()
    assert settings.to_dict() == {
        "restriction_hours": {},
        "care_team_name": "",
        "care_team_phone": "",
        "crisis_line": "",
        "planned_infusions": 6,
        "clock_24h": True,
        "theme": "textual-dark",
        "next_appointment": None,
        "onboarded": False,
        "questionnaire_interval_days": 7,
        "country": None,
        "fasting_hours": 6.0,
        "baseline_mood": None,
        "checklist_ticks": {},
        "reminder_times": ["10:00", "20:00"],
        "notify_app": True,
        "notify_terminal": True,
        "bp_call_today_systolic": None,
        "bp_call_today_diastolic": None,
        "patient_name": None,
    }


def test_settings_round_trip() -> None:
    data = {
        "restriction_hours": {"driving": 36.0, "alcohol": 72.0},
        "care_team_name": "Riverside Clinic",
        "care_team_phone": "555-0100",
        "crisis_line": "Call 112",
        "planned_infusions": 8,
        "clock_24h": False,
        "theme": "textual-light",
        "next_appointment": "2026-11-27T15:00:00+00:00",
        "onboarded": True,
        "questionnaire_interval_days": 14,
        "country": "IE",
        "fasting_hours": 4.5,
        "baseline_mood": 6,
        "checklist_ticks": {"2026-11-27T15:00:00+00:00": ["ride"]},
        "reminder_times": ["08:30"],
        "notify_app": False,
        "notify_terminal": True,
        "bp_call_today_systolic": 150,
        "bp_call_today_diastolic": None,
        "patient_name": "Ann Lee",
    }
    settings = Settings.from_dict(data)
    assert settings.next_appointment == datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    assert settings.restriction_hours == {"driving": 36.0, "alcohol": 72.0}
    assert settings.to_dict() == data
    assert Settings.from_dict(settings.to_dict()) == settings


def test_settings_appointment_with_offset_is_stored_in_utc() -> None:
    settings = Settings.from_dict({"next_appointment": "2026-11-27T10:00:00-05:00"})
    assert settings.to_dict()["next_appointment"] == "2026-11-27T15:00:00+00:00"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        ({"next_appointment": "2026-11-27T10:00:00"}, "next_appointment"),
        ({"restriction_hours": {"flying": 24}}, "restriction_hours"),
        ({"restriction_hours": [24]}, "restriction_hours"),
        ({"restriction_hours": {"driving": -1}}, "restriction_hours.driving"),
        ({"restriction_hours": {"driving": 1441}}, "restriction_hours.driving"),
        ({"restriction_hours": {"driving": "24"}}, "restriction_hours.driving"),
        ({"planned_infusions": 0}, "planned_infusions"),
        ({"planned_infusions": 51}, "planned_infusions"),
        ({"clock_24h": "yes"}, "clock_24h"),
        ({"care_team_phone": "5" * 501}, "care_team_phone"),
        ({"patient_name": "Ann\tLee"}, "patient_name"),
        ({"patient_name": "x" * 101}, "patient_name"),
        ({"patient_name": 7}, "patient_name"),
    ],
)
def test_settings_bad_field_is_named(data: dict[str, Any], name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings.from_dict(data)
    assert caught.value.field == name


def test_care_team_contact() -> None:
    assert Settings().care_team_contact() == "your care team (add their number in Settings)"
    assert Settings(care_team_name=" Dr Lee ").care_team_contact() == "Dr Lee"
    both = Settings(care_team_name="Dr Lee", care_team_phone="555-0100")
    assert both.care_team_contact() == "Dr Lee · 555-0100"


def _utc_second(moment: datetime) -> str:
    return moment.replace(microsecond=0, tzinfo=UTC).isoformat()


naive_moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31))
timestamps = naive_moments.map(_utc_second)
record_ids = st.text(alphabet="0123456789abcdef", min_size=1, max_size=32)
scores = st.integers(min_value=0, max_value=10)
words = st.text(min_size=1, max_size=30).filter(lambda w: w and w == w.strip())
alerts = st.fixed_dictionaries(
    {
        "level": st.sampled_from(["urgent", "call-today", "tip"]),
        "code": st.text(min_size=1, max_size=100),
        "message": st.text(max_size=200),
    }
)
valid_checkins = st.fixed_dictionaries(
    {
        "id": record_ids,
        "at": timestamps,
        "infusion_id": st.none() | record_ids,
        "dizziness": scores,
        "nausea": scores,
        "vomited": st.booleans(),
        "fluids_glasses": st.integers(min_value=0, max_value=100),
        "electrolytes": st.booleans(),
        "mood": scores,
        "fatigue": st.none() | scores,
        "sleep_hours": st.none() | st.floats(min_value=0, max_value=24),
        "mood_words": st.lists(words, max_size=20),
        "side_effects": st.lists(st.sampled_from(sorted(SIDE_EFFECTS)), unique=True),
        "self_harm_thoughts": st.none() | st.booleans(),
        "intention": st.text(max_size=500),
        "note": st.text(max_size=300),
        "alerts": st.lists(alerts, max_size=3),
        "for_doctor": st.booleans(),
        "headache": st.none() | scores,
        "pulse": st.none() | st.integers(min_value=25, max_value=250),
    }
).flatmap(
    lambda data: (
        st.just({**data, "systolic": None, "diastolic": None})
        | st.integers(min_value=30, max_value=160).flatmap(
            lambda low: st.integers(min_value=max(50, low + 1), max_value=260).map(
                lambda high: {**data, "systolic": high, "diastolic": low}
            )
        )
    )
)


@given(valid_checkins)
def test_any_valid_checkin_round_trips(data: dict[str, Any]) -> None:
    checkin = CheckIn.from_dict(data)
    assert checkin.to_dict() == data
    assert CheckIn.from_dict(checkin.to_dict()) == checkin


def test_an_answered_no_and_an_empty_list_stay_answers() -> None:
    data = {**checkin_dict(), "vomited": False, "electrolytes": False, "side_effects": []}
    checkin = CheckIn.from_dict(data)
    assert (checkin.vomited, checkin.electrolytes, checkin.side_effects) == (False, False, ())
    assert checkin.to_dict()["side_effects"] == []
    assert checkin.effects == ()
    unasked = CheckIn.from_dict({**data, "vomited": None, "side_effects": None})
    assert unasked.vomited is None and unasked.side_effects is None and unasked.effects == ()
    assert unasked.to_dict()["side_effects"] is None
