"""The PHQ-9 and GAD-7 in ketacheck.core.questionnaires: wording, scoring, alerts, when due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ketacheck.core.questionnaires import (
    ATTRIBUTION,
    GAD7,
    GAD7_QUESTIONNAIRE,
    OPTIONS,
    PHQ9,
    PHQ9_QUESTIONNAIRE,
    QuestionnaireResult,
    change_since_baseline,
    due,
    questionnaire_alerts,
    score_band,
)
from ketacheck.core.records import Alert, Infusion
from ketacheck.core.scales import ValidationError

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def result(
    kind: str = PHQ9,
    at: datetime = NOW,
    answers: tuple[int, ...] | None = None,
    rid: str = "q1",
) -> QuestionnaireResult:
    if answers is None:
        answers = (0,) * (9 if kind == PHQ9 else 7)
    return QuestionnaireResult(rid, kind, at, answers, None)


def answers_totalling(kind: str, total: int) -> tuple[int, ...]:
    """Answers that add up to ``total``, filling items with 3s from the first."""
    count = 9 if kind == PHQ9 else 7
    out = []
    for _ in range(count):
        step = min(3, total)
        out.append(step)
        total -= step
    assert total == 0
    return tuple(out)


# Wording


def test_item_counts() -> None:
    assert len(PHQ9_QUESTIONNAIRE.items) == 9
    assert len(GAD7_QUESTIONNAIRE.items) == 7
    assert PHQ9_QUESTIONNAIRE.max_total == 27
    assert GAD7_QUESTIONNAIRE.max_total == 21


def test_stems() -> None:
    assert PHQ9_QUESTIONNAIRE.stem == (
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )
    assert GAD7_QUESTIONNAIRE.stem == (
        "Over the last 2 weeks, how often have you been bothered by the following problems?"
    )


def test_item_text() -> None:
    phq = PHQ9_QUESTIONNAIRE.items
    assert phq[0] == "Little interest or pleasure in doing things"
    assert phq[1] == "Feeling down, depressed, or hopeless"
    assert phq[8] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    gad = GAD7_QUESTIONNAIRE.items
    assert gad[1] == "Not being able to stop or control worrying"
    assert gad[3] == "Trouble relaxing"
    assert gad[5] == "Becoming easily annoyed or irritable"


def test_options() -> None:
    assert OPTIONS == (
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    )


def test_attribution() -> None:
    assert "Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues" in ATTRIBUTION
    assert "educational grant from Pfizer Inc." in ATTRIBUTION
    assert "No permission required to reproduce, translate, display or distribute." in ATTRIBUTION


# Scoring


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none/minimal"),
        (4, "none/minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands(total: int, band: str) -> None:
    assert score_band(PHQ9, total) == band
    res = result(PHQ9, answers=answers_totalling(PHQ9, total))
    assert res.total == total
    assert res.band == band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands(total: int, band: str) -> None:
    assert score_band(GAD7, total) == band
    res = result(GAD7, answers=answers_totalling(GAD7, total))
    assert res.total == total
    assert res.band == band


def test_totals() -> None:
    assert result(PHQ9, answers=(1, 2, 0, 3, 1, 0, 2, 1, 0)).total == 10
    assert result(PHQ9, answers=(1, 2, 0, 3, 1, 0, 2, 1, 0)).band == "moderate"
    assert result(GAD7, answers=(3, 3, 2, 1, 0, 0, 0)).total == 9
    assert result(GAD7, answers=(3, 3, 2, 1, 0, 0, 0)).band == "mild"


@pytest.mark.parametrize(("kind", "total"), [(PHQ9, 28), (PHQ9, -1), (GAD7, 22)])
def test_band_rejects_impossible_totals(kind: str, total: int) -> None:
    with pytest.raises(ValidationError) as err:
        score_band(kind, total)
    assert err.value.field == "total"


# Alerts


def test_item9_zero_raises_nothing() -> None:
    assert questionnaire_alerts(PHQ9, (3, 3, 3, 3, 3, 3, 3, 3, 0)) == ()


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_item9_above_zero_is_urgent(item9: int) -> None:
    alerts = questionnaire_alerts(PHQ9, (0, 0, 0, 0, 0, 0, 0, 0, item9))
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.level == "urgent"
    assert alert.code == "phq9_item9"
    assert "crisis line" in alert.message
    assert "care team" in alert.message
    assert "does not send anything to anyone" in alert.message
    assert alert.message[0].isupper() and alert.message.endswith(".")
    assert not any(ch.isdigit() for ch in alert.message)


def test_gad7_raises_no_alerts() -> None:
    assert questionnaire_alerts(GAD7, (3, 3, 3, 3, 3, 3, 3)) == ()


def test_create_carries_the_alert() -> None:
    res = QuestionnaireResult.create(PHQ9, (0, 0, 0, 0, 0, 0, 0, 0, 1), NOW, "inf1")
    assert res.kind == PHQ9
    assert res.at == NOW
    assert res.infusion_id == "inf1"
    assert [a.code for a in res.alerts] == ["phq9_item9"]
    assert QuestionnaireResult.create(GAD7, (1,) * 7, NOW).alerts == ()


# Stored form


def stored(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "q1",
        "kind": "phq9",
        "at": "2026-11-22T12:00:00+00:00",
        "answers": [0, 1, 2, 3, 0, 1, 2, 3, 1],
        "infusion_id": "inf1",
        "alerts": [{"level": "urgent", "code": "phq9_item9", "message": "Call someone now."}],
    }
    data.update(changes)
    return data


def test_round_trip() -> None:
    res = QuestionnaireResult.from_dict(stored())
    assert res.answers == (0, 1, 2, 3, 0, 1, 2, 3, 1)
    assert res.total == 13
    assert res.band == "moderate"
    assert res.at == NOW
    assert res.alerts == (Alert("urgent", "phq9_item9", "Call someone now."),)
    assert res.to_dict() == stored()
    assert QuestionnaireResult.from_dict(res.to_dict()) == res


def test_from_dict_converts_offsets_to_utc_and_defaults() -> None:
    data = stored(at="2026-11-22T13:00:00+01:00", kind="gad7", answers=[1] * 7)
    del data["infusion_id"]
    del data["alerts"]
    res = QuestionnaireResult.from_dict(data)
    assert res.at == NOW
    assert res.infusion_id is None
    assert res.alerts == ()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "phq2"}, "kind"),
        ({"kind": None}, "kind"),
        ({"answers": [0] * 8}, "answers"),
        ({"answers": [0] * 10}, "answers"),
        ({"kind": "gad7"}, "answers"),
        ({"answers": [0, 0, 0, 0, 4, 0, 0, 0, 0]}, "answers"),
        ({"answers": [0, 0, 0, 0, -1, 0, 0, 0, 0]}, "answers"),
        ({"answers": [0, 0, 0, 0, True, 0, 0, 0, 0]}, "answers"),
        ({"answers": [0, 0, 0, 0, 1.0, 0, 0, 0, 0]}, "answers"),
        ({"answers": "000000000"}, "answers"),
        ({"at": "2026-11-22T12:00:00"}, "at"),
        ({"at": "yesterday"}, "at"),
        ({"id": ""}, "id"),
        ({"infusion_id": ""}, "infusion_id"),
        ({"alerts": "none"}, "alerts"),
        ({"alerts": [{"level": "loud", "code": "x", "message": "y"}]}, "alerts.level"),
    ],
)
def test_from_dict_rejects_naming_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        QuestionnaireResult.from_dict(stored(**changes))
    assert err.value.field == field


@pytest.mark.parametrize("missing", ["id", "kind", "at", "answers"])
def test_from_dict_rejects_missing_fields(missing: str) -> None:
    data = stored()
    del data[missing]
    with pytest.raises(ValidationError) as err:
        QuestionnaireResult.from_dict(data)
    assert err.value.field == missing


def test_out_of_range_answer_names_the_item() -> None:
    with pytest.raises(ValidationError) as err:
        QuestionnaireResult.from_dict(stored(answers=[0, 0, 0, 0, 4, 0, 0, 0, 0]))
    assert "item 5" in err.value.problem


def test_create_rejects_a_naive_time() -> None:
    with pytest.raises(ValueError):
        QuestionnaireResult.create(PHQ9, (0,) * 9, datetime(2026, 11, 22, 12, 0))


# When due

INFUSION = Infusion(
    "inf1",
    datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
    datetime(2026, 11, 20, 9, 45, tzinfo=UTC),
)


def test_due_when_none_taken() -> None:
    assert due(PHQ9, [], [], None, 14, NOW) == "You have not taken the PHQ-9 yet."
    # A result of the other kind does not count.
    assert due(GAD7, [result(PHQ9)], [], None, 14, NOW) == "You have not taken the GAD-7 yet."


def test_due_by_interval_boundary() -> None:
    exactly = result(at=NOW - timedelta(days=14))
    assert due(PHQ9, [exactly], [], None, 14, NOW) is None
    older = result(at=NOW - timedelta(days=14, seconds=1))
    assert due(PHQ9, [older], [], None, 14, NOW) == "Your last PHQ-9 was 14 days ago."
    much_older = result(at=NOW - timedelta(days=20))
    assert due(PHQ9, [much_older], [], None, 14, NOW) == "Your last PHQ-9 was 20 days ago."


def test_due_uses_the_latest_result() -> None:
    results = [
        result(at=NOW - timedelta(days=30), rid="a"),
        result(at=NOW - timedelta(days=1), rid="b"),
    ]
    assert due(PHQ9, results, [], None, 14, NOW) is None


APPOINTMENT_REASON = (
    "You have an appointment soon and have not taken the PHQ-9 since your last infusion."
)


def test_due_before_an_appointment_boundaries() -> None:
    # Before the infusion, and a week or more before now.
    before_infusion = [result(at=NOW - timedelta(days=7))]
    in_3_days = NOW + timedelta(days=3)
    assert due(PHQ9, before_infusion, [INFUSION], in_3_days, 14, NOW) == APPOINTMENT_REASON
    assert due(PHQ9, before_infusion, [INFUSION], NOW, 14, NOW) == APPOINTMENT_REASON
    too_far = in_3_days + timedelta(seconds=1)
    assert due(PHQ9, before_infusion, [INFUSION], too_far, 14, NOW) is None
    already_past = NOW - timedelta(seconds=1)
    assert due(PHQ9, before_infusion, [INFUSION], already_past, 14, NOW) is None


def test_not_due_before_an_appointment_when_taken_since_the_infusion() -> None:
    in_1_day = NOW + timedelta(days=1)
    at_end = [result(at=INFUSION.ended_at)]
    assert due(PHQ9, at_end, [INFUSION], in_1_day, 14, NOW) is None
    mixed = [
        result(at=INFUSION.ended_at - timedelta(days=1), rid="a"),
        result(at=INFUSION.ended_at + timedelta(hours=2), rid="b"),
    ]
    assert due(PHQ9, mixed, [INFUSION], in_1_day, 14, NOW) is None


@pytest.mark.parametrize("days", [3, 6])
def test_never_offered_again_within_a_week_even_before_an_appointment(days: int) -> None:
    # A twice-weekly course: the last PHQ-9 was before the latest infusion, days ago.
    last = [result(at=INFUSION.ended_at - timedelta(days=days - 2, minutes=1))]
    now = INFUSION.ended_at + timedelta(days=2)
    assert now - last[0].at < timedelta(days=7)
    assert due(PHQ9, last, [INFUSION], now + timedelta(days=1), 7, now) is None
    week_later = last[0].at + timedelta(days=7)
    assert due(PHQ9, last, [INFUSION], week_later + timedelta(days=1), 7, week_later) == (
        APPOINTMENT_REASON
    )


def test_not_due_before_an_appointment_without_an_infusion() -> None:
    recent = [result(at=NOW - timedelta(days=2))]
    assert due(PHQ9, recent, [], NOW + timedelta(days=1), 14, NOW) is None


def test_due_rejects_a_bad_interval_and_kind() -> None:
    with pytest.raises(ValidationError) as err:
        due(PHQ9, [], [], None, 0, NOW)
    assert err.value.field == "interval_days"
    with pytest.raises(ValidationError) as err:
        due("bdi", [], [], None, 14, NOW)
    assert err.value.field == "kind"


# Change since baseline


def test_change_since_baseline() -> None:
    assert change_since_baseline([]) is None
    first = result(at=NOW - timedelta(days=28), answers=(3, 3, 2, 2, 2, 1, 1, 1, 0), rid="a")
    middle = result(at=NOW - timedelta(days=14), answers=(2, 2, 2, 1, 1, 1, 1, 0, 0), rid="b")
    latest = result(at=NOW, answers=(1, 1, 1, 1, 0, 0, 0, 0, 0), rid="c")
    assert first.total == 15 and middle.total == 10 and latest.total == 4
    assert change_since_baseline([latest, first, middle]) == -11
    assert change_since_baseline([first]) == 0


def test_change_since_baseline_follows_the_latest_kind() -> None:
    gad_first = result(GAD7, at=NOW - timedelta(days=10), answers=(1,) * 7, rid="g1")
    phq_first = result(PHQ9, at=NOW - timedelta(days=9), answers=(3,) * 9, rid="p1")
    gad_latest = result(GAD7, at=NOW, answers=(2,) * 7, rid="g2")
    assert change_since_baseline([phq_first, gad_latest, gad_first]) == 7
