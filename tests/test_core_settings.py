"""The settings added for the crisis line, fasting, the mood baseline and the checklist."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import (
    DEFAULT_FASTING_HOURS,
    MIN_QUESTIONNAIRE_DAYS,
    Settings,
    questionnaire_days,
)

APPOINTMENT = "2026-11-27T15:00:00+00:00"


def test_new_fields_default_and_round_trip() -> None:
    settings = Settings()
    assert settings.country is None
    assert settings.crisis_line == ""
    assert settings.fasting_hours == DEFAULT_FASTING_HOURS == 6
    assert settings.baseline_mood is None
    assert settings.checklist_ticks == {}
    stored = {
        "country": "NZ",
        "crisis_line": "",
        "fasting_hours": 4.5,
        "baseline_mood": 3,
        "next_appointment": APPOINTMENT,
        "checklist_ticks": {APPOINTMENT: ["ride", "fasting"]},
    }
    loaded = Settings.from_dict(stored)
    assert (loaded.country, loaded.fasting_hours, loaded.baseline_mood) == ("NZ", 4.5, 3)
    assert loaded.checklist_ticks == {APPOINTMENT: ("fasting", "ride")}
    data = loaded.to_dict()
    assert data["fasting_hours"] == 4.5
    assert data["baseline_mood"] == 3
    assert data["checklist_ticks"] == {APPOINTMENT: ["fasting", "ride"]}
    assert Settings.from_dict(data) == loaded


@pytest.mark.parametrize(
    ("data", "name"),
    [
        ({"fasting_hours": -1}, "fasting_hours"),
        ({"fasting_hours": 25}, "fasting_hours"),
        ({"fasting_hours": "6"}, "fasting_hours"),
        ({"fasting_hours": True}, "fasting_hours"),
        ({"baseline_mood": 11}, "baseline_mood"),
        ({"baseline_mood": -1}, "baseline_mood"),
        ({"baseline_mood": 5.5}, "baseline_mood"),
        ({"checklist_ticks": ["ride"]}, "checklist_ticks"),
        ({"checklist_ticks": {"soon": ["ride"]}}, "checklist_ticks"),
        ({"checklist_ticks": {APPOINTMENT: "ride"}}, "checklist_ticks"),
        ({"checklist_ticks": {APPOINTMENT: [3]}}, "checklist_ticks"),
        ({"questionnaire_interval_days": 0}, "questionnaire_interval_days"),
        ({"questionnaire_interval_days": 91}, "questionnaire_interval_days"),
    ],
)
def test_bad_new_fields_are_named(data: dict[str, Any], name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings.from_dict(data)
    assert caught.value.field == name


@pytest.mark.parametrize("hours", [0, 0.5, 24])
def test_fasting_hours_bounds(hours: float) -> None:
    assert Settings.from_dict({"fasting_hours": hours}).fasting_hours == hours


@pytest.mark.parametrize("mood", [0, 10, None])
def test_baseline_mood_bounds(mood: int | None) -> None:
    assert Settings.from_dict({"baseline_mood": mood}).baseline_mood == mood


@pytest.mark.parametrize("stored", [1, 3, 6])
def test_an_old_interval_under_a_week_loads_as_a_week(stored: int) -> None:
    settings = Settings.from_dict({"questionnaire_interval_days": stored})
    assert settings.questionnaire_interval_days == MIN_QUESTIONNAIRE_DAYS == 7


def test_a_new_interval_under_a_week_is_refused_with_the_reason() -> None:
    with pytest.raises(ValidationError) as caught:
        questionnaire_days("questionnaire days", 3)
    assert caught.value.problem == (
        "must be from 7 to 90 days, not 3: both questionnaires ask about the last two "
        "weeks, so once a week is often enough"
    )
    assert questionnaire_days("questionnaire days", 7) == 7


def test_ticks_for_another_appointment_are_dropped() -> None:
    other = "2026-11-20T15:00:00+00:00"
    settings = Settings.from_dict(
        {
            "next_appointment": APPOINTMENT,
            "checklist_ticks": {other: ["ride"], APPOINTMENT: ["mood"]},
        }
    )
    assert settings.checklist_ticks == {APPOINTMENT: ("mood",)}
    assert Settings.from_dict({"checklist_ticks": {other: ["ride"]}}).checklist_ticks == {}


def test_ticks_keyed_in_another_offset_still_match_the_appointment() -> None:
    settings = Settings.from_dict(
        {
            "next_appointment": APPOINTMENT,
            "checklist_ticks": {"2026-11-27T10:00:00-05:00": ["ride", "ride"]},
        }
    )
    assert settings.checklist_ticks == {APPOINTMENT: ("ride",)}


def test_moving_the_appointment_drops_the_old_ticks() -> None:
    from msgspec.structs import replace

    settings = Settings(
        next_appointment=datetime(2026, 11, 27, 15, tzinfo=UTC),
        checklist_ticks={APPOINTMENT: ("ride",)},
    )
    assert settings.checklist_ticks == {APPOINTMENT: ("ride",)}
    moved = replace(settings, next_appointment=datetime(2026, 11, 28, 15, tzinfo=UTC))
    assert moved.checklist_ticks == {}


# --- the patient's name (optional, for reports and the FHIR export) ---------------------


def test_no_name_is_the_default_and_old_settings_have_none() -> None:
    assert Settings().patient_name is None
    assert Settings.from_dict({}).patient_name is None
    assert Settings().to_dict()["patient_name"] is None


@pytest.mark.parametrize(
    ("stored", "kept"),
    [
        ("  Ann Lee  ", "Ann Lee"),
        ("Zoë O'Brien-Ngata", "Zoë O'Brien-Ngata"),
        ("[bold]x[/bold]", "[bold]x[/bold]"),  # markup is only text here
        ("", None),
        ("   ", None),
        (None, None),
        ("n" * 100, "n" * 100),
    ],
)
def test_a_name_is_trimmed_and_empty_means_none(stored: str | None, kept: str | None) -> None:
    settings = Settings.from_dict({"patient_name": stored})
    assert settings.patient_name == kept
    assert Settings.from_dict(settings.to_dict()) == settings


@pytest.mark.parametrize(
    ("stored", "problem"),
    [
        ("n" * 101, "is 101 characters long; the most allowed is 100"),
        ("Ann\x1b[2JLee", "can't hold control characters"),
        ("Ann\nLee", "can't hold control characters"),
        ("Ann\tLee", "can't hold control characters"),
        ("Ann\x00", "can't hold control characters"),
        ("Ann\x9b31m", "can't hold control characters"),
        ("\u202eeeL nnA", "can't hold control characters"),
        ("Ann\ud800", "holds bytes that are not readable text"),
        (42, "must be text"),
        (["Ann"], "must be text"),
    ],
)
def test_a_bad_name_is_refused_naming_the_setting(stored: object, problem: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings.from_dict({"patient_name": stored})
    assert caught.value.field == "patient_name"
    assert problem in caught.value.problem
    assert "\x1b" not in str(caught.value)
