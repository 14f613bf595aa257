"""Scales, bands and field validation in ketacheck.core.scales."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacheck.core import scales
from ketacheck.core.scales import Band, ValidationError

FIELD_NAMES = st.sampled_from(["dizziness", "nausea", "mood", "fatigue", "score"])


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, Band.NONE),
        (1, Band.MILD),
        (2, Band.MILD),
        (3, Band.MILD),
        (4, Band.MODERATE),
        (5, Band.MODERATE),
        (6, Band.MODERATE),
        (7, Band.SEVERE),
        (8, Band.SEVERE),
        (9, Band.SEVERE),
        (10, Band.SEVERE),
    ],
)
def test_symptom_band_at_every_score(score: int, band: Band) -> None:
    assert scales.symptom_band(score) is band


@pytest.mark.parametrize("bad", [-1, 11, 1.5, True, "3"])
def test_symptom_band_rejects_what_is_not_a_score(bad: object) -> None:
    with pytest.raises(ValidationError):
        scales.symptom_band(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("score", [0, 1, 5, 9, 10])
def test_scale_value_accepts_the_range(score: int) -> None:
    assert scales.scale_value("dizziness", score) == score


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (-1, "dizziness: must be from 0 to 10, not -1"),
        (11, "dizziness: must be from 0 to 10, not 11"),
        (1.5, "dizziness: must be a whole number from 0 to 10"),
        (True, "dizziness: must be a whole number from 0 to 10"),
        ("3", "dizziness: must be a whole number from 0 to 10"),
        (None, "dizziness: must be a whole number from 0 to 10"),
        (3.0, "dizziness: must be a whole number from 0 to 10"),
    ],
)
def test_scale_value_rejects_with_field_and_range(bad: object, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        scales.scale_value("dizziness", bad)
    assert caught.value.field == "dizziness"
    assert "from 0 to 10" in caught.value.problem
    assert str(caught.value) == expected


def test_validation_error_is_a_value_error() -> None:
    err = ValidationError("mood", "must be from 0 to 10, not 12")
    assert isinstance(err, ValueError)
    assert err.field == "mood"
    assert err.problem == "must be from 0 to 10, not 12"
    assert str(err) == "mood: must be from 0 to 10, not 12"


def test_optional_scale_value() -> None:
    assert scales.optional_scale_value("fatigue", None) is None
    assert scales.optional_scale_value("fatigue", 0) == 0
    assert scales.optional_scale_value("fatigue", 10) == 10
    with pytest.raises(ValidationError) as caught:
        scales.optional_scale_value("fatigue", 11)
    assert caught.value.field == "fatigue"


@pytest.mark.parametrize("glasses", [0, 1, 8, 100])
def test_fluid_glasses_accepts_zero_or_more(glasses: int) -> None:
    assert scales.fluid_glasses("fluids_glasses", glasses) == glasses


@pytest.mark.parametrize("bad", [-1, 101, 2.5, True, "4", None])
def test_fluid_glasses_rejects(bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        scales.fluid_glasses("fluids_glasses", bad)
    assert caught.value.field == "fluids_glasses"
    assert "0" in caught.value.problem


def test_fluid_glasses_negative_message() -> None:
    with pytest.raises(ValidationError) as caught:
        scales.fluid_glasses("fluids", -1)
    assert str(caught.value) == "fluids: must be from 0 to 100 glasses, not -1"


@pytest.mark.parametrize(
    ("given_hours", "stored"), [(None, None), (0, 0.0), (7.5, 7.5), (24, 24.0)]
)
def test_sleep_hours_accepts(given_hours: float | None, stored: float | None) -> None:
    assert scales.sleep_hours("sleep_hours", given_hours) == stored


@pytest.mark.parametrize("bad", [-0.5, 24.5, float("nan"), float("inf"), True, "8"])
def test_sleep_hours_rejects(bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        scales.sleep_hours("sleep_hours", bad)
    assert caught.value.field == "sleep_hours"


def test_flags() -> None:
    assert scales.flag("vomited", True) is True
    assert scales.flag("vomited", False) is False
    assert scales.optional_flag("self_harm_thoughts", None) is None
    for bad in (1, 0, "yes", None):
        with pytest.raises(ValidationError) as caught:
            scales.flag("vomited", bad)
        assert caught.value.field == "vomited"
    with pytest.raises(ValidationError) as caught:
        scales.optional_flag("self_harm_thoughts", "no")
    assert caught.value.field == "self_harm_thoughts"


def test_note_of_ten_thousand_chars_is_accepted() -> None:
    note = "x" * 10_000
    assert scales.text("note", note) == note


def test_note_of_ten_thousand_and_one_chars_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        scales.text("note", "x" * 10_001)
    assert caught.value.field == "note"
    assert caught.value.problem == "is 10,001 characters long; the most allowed is 10,000"


def test_text_honours_a_smaller_limit_and_needs_a_string() -> None:
    assert scales.text("intention", "y" * 500, 500) == "y" * 500
    with pytest.raises(ValidationError):
        scales.text("intention", "y" * 501, 500)
    with pytest.raises(ValidationError) as caught:
        scales.text("note", 42)
    assert caught.value.field == "note"
    assert caught.value.problem == "must be text"


def test_side_effect_vocabulary() -> None:
    assert set(scales.SIDE_EFFECTS) == {
        "headache",
        "blurred_vision",
        "racing_heart",
        "vivid_dreams",
        "dissociation",
        "hallucinations",
        "confusion",
        "anxiety",
        "low_appetite",
        "bladder_pain",
        "blood_in_urine",
        "high_blood_pressure",
    }
    assert all(label.strip() for label in scales.SIDE_EFFECTS.values())


def test_side_effects_keep_order_and_drop_repeats() -> None:
    given_effects = ["headache", "confusion", "headache", "bladder_pain"]
    assert scales.side_effects("side_effects", given_effects) == (
        "headache",
        "confusion",
        "bladder_pain",
    )
    assert scales.side_effects("side_effects", ()) == ()


@pytest.mark.parametrize("bad", [["headache", "sneezing"], ["Headache"], [3], "headache", None])
def test_side_effects_outside_the_vocabulary_are_rejected(bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        scales.side_effects("side_effects", bad)
    assert caught.value.field == "side_effects"


def test_unknown_side_effect_message_lists_the_allowed_ones() -> None:
    with pytest.raises(ValidationError) as caught:
        scales.side_effects("side_effects", ["sneezing"])
    assert caught.value.problem.startswith("'sneezing' is not one of: headache, blurred_vision")


def test_mood_words_are_stripped_and_blanks_dropped() -> None:
    assert scales.mood_words("mood_words", [" calm ", "", "  ", "hopeful"]) == ("calm", "hopeful")
    assert scales.mood_words("mood_words", ["w"] * 20) == ("w",) * 20
    with pytest.raises(ValidationError) as caught:
        scales.mood_words("mood_words", ["w"] * 21)
    assert caught.value.field == "mood_words"
    with pytest.raises(ValidationError):
        scales.mood_words("mood_words", "calm")


@given(field=FIELD_NAMES, score=st.integers(min_value=0, max_value=10))
def test_any_score_in_range_is_returned_unchanged(field: str, score: int) -> None:
    result = scales.scale_value(field, score)
    assert result == score
    assert type(result) is int


@given(field=FIELD_NAMES, score=st.integers(max_value=-1) | st.integers(min_value=11))
def test_any_int_out_of_range_is_rejected_naming_the_field(field: str, score: int) -> None:
    with pytest.raises(ValidationError) as caught:
        scales.scale_value(field, score)
    assert caught.value.field == field
    assert "from 0 to 10" in caught.value.problem
    assert str(score) in caught.value.problem


@given(
    field=FIELD_NAMES,
    value=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.text(max_size=5),
        st.none(),
        st.lists(st.integers(min_value=0, max_value=10), max_size=3),
        st.decimals(allow_nan=False),
    ),
)
def test_any_non_int_is_rejected_naming_the_field(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        scales.scale_value(field, value)
    assert caught.value.field == field
    assert "from 0 to 10" in caught.value.problem
