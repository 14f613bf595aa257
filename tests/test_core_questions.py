"""The question table in ketacheck.core.questions: one entry per answer, and what reads it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from msgspec.structs import fields

from ketacheck.cli import questions as cli_questions
from ketacheck.cli.questions import (
    SKIPPED,
    answers_from_flags,
    argparse_options,
    checkin_flags,
    first_of_pair,
    flag_dest,
    parse_plain,
    parse_second_number,
    plain_questions,
    plain_retry,
    reading_left_out,
    second_number_retry,
)
from ketacheck.core import scales
from ketacheck.core.answers import ASKED_OR_NOT, answer_rows, answer_text, plain_text
from ketacheck.core.questions import (
    BY_FIELD,
    QUESTIONS,
    RIDERS,
    STEPS,
    Asked,
    Kind,
    step_questions,
    steps_asked,
    stored_order,
)
from ketacheck.core.records import CheckIn
from ketacheck.core.scales import ValidationError
from ketacheck.exchange.export import schema_path

#: What every stored check-in has besides its answers.
RECORD_FIELDS = {"id", "at", "infusion_id", "alerts"}
BASE = {"id": "c1", "at": "2026-11-22T16:00:00+00:00"}
CORE_ANSWERS = {"dizziness": 2, "nausea": 1, "fluids_glasses": 3, "mood": 6}


# --- the table and the record -----------------------------------------------------------


def test_the_table_holds_exactly_the_answers_a_checkin_stores() -> None:
    assert set(BY_FIELD) == {f.name for f in fields(CheckIn)} - RECORD_FIELDS
    assert len(BY_FIELD) == len(QUESTIONS)


@pytest.mark.parametrize("field", sorted(CORE_ANSWERS))
def test_only_the_core_scores_must_be_given(field: str) -> None:
    assert not BY_FIELD[field].optional and BY_FIELD[field].asked is Asked.CORE
    with pytest.raises(ValidationError, match=f"{field}: is missing"):
        CheckIn.from_dict({k: v for k, v in {**BASE, **CORE_ANSWERS}.items() if k != field})
    assert {q.field for q in QUESTIONS if not q.optional} == set(CORE_ANSWERS)


def test_a_checkin_without_the_optional_answers_holds_them_as_not_asked() -> None:
    checkin = CheckIn.from_dict({**BASE, **CORE_ANSWERS})

    for question in QUESTIONS:
        if not question.optional or question.field == "for_doctor":
            continue  # for_doctor marks a note, and there is no note to mark
        value = getattr(checkin, question.field)
        if question.kind in ASKED_OR_NOT or question.default is None:
            # Never "no" or "none" for a question nobody asked.
            assert value is None, question.field
        else:  # words and text: nothing said is nothing said
            assert value == question.default, question.field


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.field)
def test_each_check_agrees_with_the_record(question: Any) -> None:
    bad: dict[Kind, Any] = {
        Kind.SCALE: 11,
        Kind.COUNT: -1,
        Kind.YES_NO: "yes",
        Kind.HOURS: 25,
        Kind.CHOICES: ["itching"],
        Kind.WORDS: "calm",
        Kind.TEXT: "x" * ((question.max_chars or 0) + 1),
        Kind.READING: 300,
    }
    with pytest.raises(ValidationError):
        question.check(question.field, bad[question.kind])
    with pytest.raises(ValidationError, match=question.field):
        CheckIn.from_dict({**BASE, **CORE_ANSWERS, question.field: bad[question.kind]})
    if question.bounds is not None and question.kind is not Kind.WORDS:
        low, high = question.bounds
        value = int(high) if question.kind is not Kind.HOURS else high
        assert question.check(question.field, value) == value
        assert question.check(question.field, int(low)) == low
    if question.optional:
        assert question.check(question.field, question.default) == question.default


def test_steps_come_in_the_order_asked_with_the_crisis_question_after_mood() -> None:
    assert steps_asked(Asked.CORE) == ["dizziness", "nausea", "fluids", "mood"]
    assert steps_asked(Asked.ALWAYS) == ["self_harm"]
    assert steps_asked(Asked.EXTRA)[-1] == "note"
    assert set(STEPS) == {*steps_asked(Asked.CORE), *steps_asked(Asked.ALWAYS)} | set(
        steps_asked(Asked.EXTRA)
    )
    assert BY_FIELD["self_harm_thoughts"].crisis


def test_tick_boxes_are_yes_no_answers_riding_on_their_step() -> None:
    assert [(q.field, q.step, q.key) for q in RIDERS] == [
        ("vomited", "nausea", "v"),
        ("electrolytes", "fluids", "e"),
        ("for_doctor", "note", "ctrl+d"),
    ]
    for rider in RIDERS:
        host = step_questions(rider.step)[0]
        assert rider.kind is Kind.YES_NO and rider.default is False
        assert rider.asked is host.asked
        assert QUESTIONS.index(host) < QUESTIONS.index(rider)
    assert all(step_questions(step)[0] not in RIDERS for step in STEPS)


def test_typed_kinds() -> None:
    assert {kind for kind in Kind if kind.typed} == {
        Kind.HOURS,
        Kind.WORDS,
        Kind.TEXT,
        Kind.READING,
    }


# --- the JSON Schema --------------------------------------------------------------------


def schema_checkin() -> dict[str, Any]:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    checkin: dict[str, Any] = schema["$defs"]["checkin"]
    return checkin


def test_the_schemas_checkin_properties_are_the_tables_fields() -> None:
    assert set(schema_checkin()["properties"]) == set(BY_FIELD) | RECORD_FIELDS


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.field)
def test_each_schema_property_matches_its_question(question: Any) -> None:
    prop = schema_checkin()["properties"][question.field]
    score = {"$ref": "#/$defs/score"}
    match question.kind:
        case Kind.SCALE if question.optional:
            assert prop == {"oneOf": [score, {"type": "null"}]}
        case Kind.SCALE:
            assert prop == score
        case Kind.COUNT:
            low, high = question.bounds
            assert prop == {"type": "integer", "minimum": low, "maximum": high}
        case Kind.YES_NO if question.field == "for_doctor":  # marks a note: never unasked
            assert prop["type"] == "boolean"
        case Kind.YES_NO:  # null: not asked
            assert prop["type"] == ["boolean", "null"]
        case Kind.HOURS:
            low, high = question.bounds
            assert prop == {"type": ["number", "null"], "minimum": low, "maximum": high}
        case Kind.CHOICES:
            assert prop["type"] == ["array", "null"]  # null: not asked, []: none
            assert prop["items"]["enum"] == [key for key, _ in question.choices]
            assert prop["uniqueItems"] is True
        case Kind.WORDS:
            assert prop["maxItems"] == question.bounds[1]
            assert prop["items"] == {"type": "string", "maxLength": question.max_chars}
        case Kind.TEXT:
            assert prop == {"type": "string", "maxLength": question.max_chars}
        case Kind.READING:
            low, high = question.bounds
            assert {k: v for k, v in prop.items() if k != "description"} == {
                "type": ["integer", "null"],
                "minimum": low,
                "maximum": high,
            }


# --- how answers read -------------------------------------------------------------------


def test_answers_read_as_the_patient_says_them() -> None:
    read = {field: answer_text(BY_FIELD[field], value) for field, value in (
        ("dizziness", 3),
        ("fluids_glasses", 1),
        ("sleep_hours", 7.5),
        ("vomited", False),
        ("side_effects", ["headache", "vivid_dreams"]),
        ("mood_words", ["calm", "ok"]),
        ("fatigue", None),
        ("note", ""),
    )}  # fmt: skip

    assert read == {
        "dizziness": "3 of 10",
        "fluids_glasses": "1 glass",
        "sleep_hours": "7.5 h",
        "vomited": "no",
        "side_effects": "Headache, Vivid dreams",
        "mood_words": "calm, ok",
        "fatigue": "",
        "note": "",
    }
    assert answer_text(BY_FIELD["fluids_glasses"], 0) == "0 glasses"
    assert answer_text(BY_FIELD["fatigue"], 0) == "0 of 10"


def test_the_review_shows_what_was_answered_in_the_order_asked() -> None:
    answers = {
        **CORE_ANSWERS,
        "vomited": False,
        "electrolytes": False,
        "self_harm_thoughts": False,
        "sleep_hours": 6.0,
        "note": "hi",
    }

    assert answer_rows({**answers, "for_doctor": True}, review=True) == [
        ("Dizziness", "2 of 10"),
        ("Nausea", "1 of 10 · sick: no"),
        ("Fluids", "3 glasses · electrolytes: no"),
        ("Mood", "6 of 10"),
        ("Self-harm thoughts", "no"),
        ("Sleep", "6 h"),
        ("Note", "hi"),
        ("For my doctor", "yes"),
    ]
    assert ("For my doctor", "yes") not in answer_rows(
        {**CORE_ANSWERS, "for_doctor": True}, review=True
    )


def test_a_saved_checkin_shows_every_answer() -> None:
    checkin = CheckIn.from_dict({**BASE, **CORE_ANSWERS, "vomited": True})

    rows = dict(answer_rows(checkin.to_dict(), review=False))

    assert rows["Nausea"] == "1 of 10 · was sick: yes"
    assert rows["Self-harm thoughts"] == "not asked"
    assert rows["Tiredness"] == rows["Note"] == "—"
    assert rows["Side effects"] == "not asked"
    assert rows["Fluids"] == "3 glasses · electrolytes: not asked"
    asked = dict(answer_rows({**checkin.to_dict(), "side_effects": []}, review=False))
    assert asked["Side effects"] == "none"
    assert "For my doctor" not in rows
    assert list(rows)[:5] == ["Dizziness", "Nausea", "Fluids", "Mood", "Self-harm thoughts"]


def test_answers_as_a_file_holds_them() -> None:
    assert plain_text(BY_FIELD["dizziness"], 3) == "3"
    assert plain_text(BY_FIELD["fatigue"], None) == ""
    assert plain_text(BY_FIELD["self_harm_thoughts"], None) == ""
    assert plain_text(BY_FIELD["vomited"], True) == "yes"
    assert plain_text(BY_FIELD["sleep_hours"], 7.0) == "7"
    assert plain_text(BY_FIELD["side_effects"], ("headache", "anxiety")) == "headache; anxiety"


def test_the_stored_order_keeps_the_csv_columns_where_they_were() -> None:
    assert [q.field for q in stored_order()][:14] == [
        "dizziness",
        "nausea",
        "vomited",
        "fluids_glasses",
        "electrolytes",
        "mood",
        "fatigue",
        "sleep_hours",
        "mood_words",
        "side_effects",
        "self_harm_thoughts",
        "intention",
        "note",
        "for_doctor",
    ]
    assert {q.field for q in stored_order()} == set(BY_FIELD)


# --- the command line -------------------------------------------------------------------


def test_the_checkin_options() -> None:
    flags = checkin_flags()

    assert [(q.flag, flag_dest(q)) for q in flags] == [
        ("--dizziness", "dizziness"),
        ("--nausea", "nausea"),
        ("--fluids", "fluids"),
        ("--mood", "mood"),
        ("--vomited", "vomited"),
        ("--electrolytes", "electrolytes"),
        ("--self-harm", "self_harm"),
        ("--tiredness", "tiredness"),
        ("--headache", "headache"),
        ("--systolic", "systolic"),
        ("--diastolic", "diastolic"),
        ("--pulse", "pulse"),
        ("--side-effect", "side_effect"),
        ("--note", "note"),
    ]
    options = {q.flag: argparse_options(q) for q in flags}
    assert options["--fluids"] == {
        "type": int,
        "metavar": "N",
        "help": "glasses since the last check-in",
    }
    assert options["--vomited"] == {
        "nargs": "?",
        "const": "yes",
        "choices": ("yes", "no"),
        "metavar": "yes|no",
        "help": "was sick since the last one (yes or no; left out: not asked)",
    }
    assert options["--self-harm"]["choices"] == ("yes", "no")
    assert options["--note"] == {"default": "", "help": "anything else to remember"}
    effects = options["--side-effect"]
    assert effects["action"] == "append"
    assert effects["choices"] == list(scales.SIDE_EFFECTS)
    assert "blurred_vision" in effects["help"]
    assert effects["type"]("Blurred-Vision") == "blurred_vision"
    with pytest.raises(ValueError, match="sleep_hours"):
        argparse_options(BY_FIELD["sleep_hours"])


def parsed(**given: Any) -> dict[str, Any]:
    """What argparse gives when only ``given`` is typed."""
    empty = {"dizziness": None, "nausea": None, "fluids": None, "mood": None}
    return {
        **empty,
        "vomited": None,
        "electrolytes": None,
        "self_harm": None,
        "tiredness": None,
        "headache": None,
        "systolic": None,
        "diastolic": None,
        "pulse": None,
        "side_effect": None,
        "note": "",
        **given,
    }


def test_answers_from_the_options() -> None:
    assert answers_from_flags(parsed()) is None
    full = parsed(dizziness=3, nausea=0, fluids=5, mood=7, vomited="yes", self_harm="no")

    assert answers_from_flags(full) == {
        "dizziness": 3,
        "nausea": 0,
        "fluids_glasses": 5,
        "mood": 7,
        "vomited": True,
        "electrolytes": None,  # not given: not asked
        "self_harm_thoughts": False,
        "fatigue": None,
        "headache": None,
        "systolic": None,
        "diastolic": None,
        "pulse": None,
        "side_effects": None,  # no --side-effect given: not asked
        "note": "",
    }
    said_no = answers_from_flags({**full, "vomited": "no", "electrolytes": "no"})
    assert said_no is not None and (said_no["vomited"], said_no["electrolytes"]) == (False, False)
    with pytest.raises(ValidationError) as no_answer:
        answers_from_flags({**full, "self_harm": None})
    assert str(no_answer.value).startswith("--self-harm: add --self-harm yes or no")
    more = answers_from_flags(
        {**full, "tiredness": 6, "headache": 2, "side_effect": ["confusion", "anxiety"]}
    )
    assert more is not None
    assert (more["fatigue"], more["headache"]) == (6, 2)
    assert more["side_effects"] == ["confusion", "anxiety"]
    with pytest.raises(ValidationError) as alone:
        answers_from_flags(parsed(tiredness=4))
    assert "is needed too with --tiredness" in str(alone.value)
    with pytest.raises(ValidationError) as raised:
        answers_from_flags(parsed(dizziness=3, mood=2))
    assert str(raised.value) == (
        "--nausea, --fluids: is needed too (or give no scores to be asked)"
    )


def test_the_plain_text_questions_are_todays() -> None:
    assert cli_questions.PLAIN_INTRO.startswith("A short check-in.")
    assert [(q.field, q.plain_prompt) for q in plain_questions()] == [
        ("dizziness", "How dizzy do you feel? 0 = not at all, 10 = the worst: "),
        ("nausea", "How sick to your stomach? 0 = not at all, 10 = the worst: "),
        ("vomited", "Have you been sick (vomited) since last time? [y/N] "),
        ("fluids_glasses", "How many glasses of water or other drinks since your last check-in? "),
        ("electrolytes", "Any electrolyte drink? [y/N] "),
        ("mood", "How is your mood? 0 = very low, 10 = very good: "),
        (
            "self_harm_thoughts",
            "Since your last check-in, have you had any thoughts of harming yourself? [y/n] ",
        ),
        ("fatigue", "How tired do you feel? 0 = not at all, 10 = the worst (Enter to skip): "),
        ("headache", "How bad is any headache? 0 = none, 10 = the worst (Enter to skip): "),
        (
            "systolic",
            "If you measured your blood pressure, type the top number (Enter to skip): ",
        ),
        ("diastolic", "And the bottom number: "),
        ("pulse", "Your pulse in beats a minute, if you measured it (Enter to skip): "),
        ("sleep_hours", "How many hours did you sleep last night? (Enter to skip) "),
        (
            "side_effects",
            "Type the number of each one you have noticed, e.g. 2 5 (Enter: none): ",
        ),
        ("mood_words", "A few words for how you feel, with commas between? (Enter to skip) "),
        ("intention", "One small intention for the next few days? (Enter to skip) "),
        ("note", "Anything else to note? (press Enter to skip) "),
        ("for_doctor", "Bring this note up with your doctor, first in your report? [y/N] "),
    ]


@pytest.mark.parametrize(
    ("field", "typed", "answer"),
    [
        ("dizziness", "3", 3),
        ("dizziness", " 10 ", 10),
        ("dizziness", "11", None),
        ("dizziness", "2.5", None),
        ("dizziness", "three", None),
        ("dizziness", "²", None),
        ("dizziness", "", None),
        ("fluids_glasses", "100", 100),
        ("fluids_glasses", "101", None),
        ("vomited", "YES", True),
        ("vomited", "n", False),
        ("vomited", "", False),
        ("vomited", "maybe", None),
        ("self_harm_thoughts", "", None),
        ("self_harm_thoughts", "yes", True),
        ("self_harm_thoughts", "No", False),
        ("note", "  felt okay  ", "felt okay"),
        ("note", "", ""),
        ("fatigue", "4", 4),
        ("fatigue", "", SKIPPED),
        ("fatigue", "11", None),
        ("headache", " 0 ", 0),
        ("sleep_hours", "7.5", 7.5),
        ("sleep_hours", "6,5", 6.5),
        ("sleep_hours", "25", None),
        ("sleep_hours", "nan", None),
        ("sleep_hours", "", SKIPPED),
        ("side_effects", "2 5", ("blurred_vision", "dissociation")),
        ("side_effects", "2, 2", ("blurred_vision",)),
        ("side_effects", "confusion", ("confusion",)),
        ("side_effects", "13", None),
        ("side_effects", "0", None),
        ("side_effects", "", ()),
        ("mood_words", "calm, hopeful", ("calm", "hopeful")),
        ("mood_words", "", ()),
        ("for_doctor", "", False),
        ("systolic", " 128 ", 128),
        ("systolic", "", SKIPPED),
        ("systolic", "  ", SKIPPED),
        ("systolic", "49", None),
        ("systolic", "261", None),
        ("systolic", "128/84", None),
        ("systolic", "-120", None),
        ("systolic", "12.5", None),
        ("diastolic", "30", 30),
        ("diastolic", "161", None),
        ("pulse", "250", 250),
        ("pulse", "24", None),
        ("pulse", "\x1b[2J", None),
    ],
)
def test_plain_text_answers(field: str, typed: str, answer: Any) -> None:
    assert parse_plain(BY_FIELD[field], typed) == answer


def test_what_is_said_after_an_unclear_answer() -> None:
    assert plain_retry(BY_FIELD["mood"]) == "Please type a whole number from 0 to 10."
    assert plain_retry(BY_FIELD["fluids_glasses"]) == "Please type a whole number from 0 to 100."
    assert plain_retry(BY_FIELD["self_harm_thoughts"]) == "Please type y or n."
    assert plain_retry(BY_FIELD["note"]) == ""
    assert plain_retry(BY_FIELD["pulse"]) == (
        "Please type a whole number from 25 to 250 beats a minute, or press Enter to skip."
    )


def test_the_bottom_number_comes_after_the_top_one_and_is_lower() -> None:
    diastolic = BY_FIELD["diastolic"]
    assert first_of_pair(diastolic) is BY_FIELD["systolic"]
    assert first_of_pair(BY_FIELD["systolic"]) is None
    assert first_of_pair(BY_FIELD["pulse"]) is None
    assert parse_second_number(diastolic, 128, "84") == 84
    assert parse_second_number(diastolic, 128, "128") is None
    assert parse_second_number(diastolic, 128, "") is SKIPPED
    assert parse_second_number(diastolic, 200, "160") == 160
    assert second_number_retry(diastolic, 200, "170") == (
        "Please type a whole number from 30 to 160 mmHg."  # the top one doesn't limit it
    )
    assert second_number_retry(diastolic, 60, "x") == (
        "Please type a whole number from 30 to 59 mmHg: the bottom number is lower than the "
        "top one (60)."
    )
    assert "press Enter again to leave this reading out" in second_number_retry(diastolic, 128, " ")
    assert reading_left_out(179) == ["The blood pressure reading is left out of this check-in."]
    assert "measure again" in reading_left_out(180)[1]


def test_a_journal_or_export_from_before_the_headache_question_still_reads() -> None:
    from ketacheck.exchange.importer import parse_export

    written_before = {**BASE, **CORE_ANSWERS, "vomited": False, "electrolytes": False}
    document = {
        "format": "ketacheck-export",
        "version": 3,
        "exported_at": "2026-11-23T15:00:00+00:00",
        "app_version": "0.1.0",
        "settings": {},
        "infusions": [],
        "checkins": [written_before],
        "questionnaires": [],
        "alerts": [],
    }

    assert CheckIn.from_dict(written_before).headache is None
    (checkin,) = parse_export(json.dumps(document).encode()).checkins
    assert checkin.headache is None
    assert "headache" not in schema_checkin()["required"]
    assert ("Headache", "—") in answer_rows(checkin.to_dict(), review=False)
