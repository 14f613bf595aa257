"""PHQ-9 and GAD-7 as published: the unscored difficulty question and the Pfizer wording.

GUIDANCE.md, Added facts: both forms end with an unscored question, "If you checked off
any problems, how difficult have these problems made it for you to do your work, take care
of things at home, or get along with other people?" (Not difficult at all / Somewhat
difficult / Very difficult / Extremely difficult); GAD-7 items 1 and 7 as in the Pfizer
form.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from ketacheck.core.questionnaires import (
    DIFFICULTY_OPTIONS,
    DIFFICULTY_QUESTION,
    GAD7,
    GAD7_QUESTIONNAIRE,
    PHQ9,
    PHQ9_QUESTIONNAIRE,
    QuestionnaireResult,
    check_difficulty,
    difficulty_label,
)
from ketacheck.core.scales import ValidationError

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_gad7_items_one_and_seven_read_as_the_pfizer_form() -> None:
    assert GAD7_QUESTIONNAIRE.items[0] == "Feeling nervous, anxious or on edge"
    assert GAD7_QUESTIONNAIRE.items[6] == "Feeling afraid as if something awful might happen"


def test_the_difficulty_question_is_word_for_word() -> None:
    assert DIFFICULTY_QUESTION == (
        "If you checked off any problems, how difficult have these problems made it for you "
        "to do your work, take care of things at home, or get along with other people?"
    )
    assert DIFFICULTY_OPTIONS == (
        "Not difficult at all",
        "Somewhat difficult",
        "Very difficult",
        "Extremely difficult",
    )


@pytest.mark.parametrize("form", [PHQ9_QUESTIONNAIRE, GAD7_QUESTIONNAIRE])
def test_both_forms_end_with_the_difficulty_question(form: Any) -> None:
    assert form.difficulty_question == DIFFICULTY_QUESTION
    assert form.difficulty_options == DIFFICULTY_OPTIONS


@pytest.mark.parametrize("value", [None, 0, 1, 2, 3])
def test_check_difficulty_takes_none_or_zero_to_three(value: int | None) -> None:
    assert check_difficulty(value) == value


@pytest.mark.parametrize("value", [-1, 4, True, False, 1.0, "2", [1]])
def test_check_difficulty_refuses_anything_else(value: Any) -> None:
    with pytest.raises(ValidationError) as err:
        check_difficulty(value)
    assert err.value.field == "difficulty"
    assert "0 to 3" in err.value.problem


def test_difficulty_label() -> None:
    assert [difficulty_label(v) for v in range(4)] == list(DIFFICULTY_OPTIONS)
    assert difficulty_label(None) == "not answered"


@pytest.mark.parametrize("kind", [PHQ9, GAD7])
@pytest.mark.parametrize("difficulty", [0, 3])
def test_difficulty_is_stored_and_leaves_the_total_alone(kind: str, difficulty: int) -> None:
    count = 9 if kind == PHQ9 else 7
    res = QuestionnaireResult.create(kind, (1,) * count, NOW, difficulty=difficulty)
    assert res.difficulty == difficulty
    assert res.total == count
    stored = res.to_dict()
    assert stored["difficulty"] == difficulty
    assert QuestionnaireResult.from_dict(stored) == res


def test_difficulty_defaults_to_not_answered() -> None:
    res = QuestionnaireResult.create(GAD7, (0,) * 7, NOW)
    assert res.difficulty is None
    assert QuestionnaireResult.from_dict(res.to_dict()).difficulty is None


def test_a_result_stored_before_the_difficulty_question_loads_as_not_answered() -> None:
    old = {
        "id": "q1",
        "kind": "phq9",
        "at": "2026-11-22T12:00:00+00:00",
        "answers": [0] * 9,
        "infusion_id": None,
        "alerts": [],
    }
    res = QuestionnaireResult.from_dict(old)
    assert res.difficulty is None
    # Not answered is left out of the stored form, so it stays what it was.
    assert res.to_dict() == old


def test_an_explicit_null_difficulty_loads_as_not_answered() -> None:
    res = QuestionnaireResult.from_dict(
        {
            "id": "q1",
            "kind": "gad7",
            "at": "2026-11-22T12:00:00+00:00",
            "answers": [0] * 7,
            "difficulty": None,
        }
    )
    assert res.difficulty is None


@pytest.mark.parametrize("bad", [4, -1, True, "1", 2.0])
def test_a_bad_stored_difficulty_is_refused_by_name(bad: Any) -> None:
    with pytest.raises(ValidationError) as err:
        QuestionnaireResult.from_dict(
            {
                "id": "q1",
                "kind": "gad7",
                "at": "2026-11-22T12:00:00+00:00",
                "answers": [0] * 7,
                "difficulty": bad,
            }
        )
    assert err.value.field == "difficulty"


def test_create_refuses_a_bad_difficulty() -> None:
    with pytest.raises(ValidationError):
        QuestionnaireResult.create(GAD7, (0,) * 7, NOW, difficulty=4)


def test_positional_construction_still_works_without_difficulty() -> None:
    res = QuestionnaireResult("q1", GAD7, NOW, (0,) * 7, None)
    assert res.difficulty is None
