"""The check-in's questions, declared once, as data (like the default restrictions).

The app builds each step from a question's kind; the review, the history detail, the CSV,
the trends and the command line's options and plain-text prompts all read this table.
Checks stay in :mod:`ketacheck.core.scales` and ``CheckIn.from_dict``. A yes/no question
whose ``step`` is another's rides on that step as a tick box ("I have been sick"); a
reading whose ``step`` is another reading's shares that step's boxes (blood pressure is
typed as on the cuff, 128/84, with the pulse in a box beside it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from functools import partial
from typing import Any

from msgspec import Struct

from ketacheck.core import scales
from ketacheck.core.records import CheckIn


class Kind(Enum):
    """What sort of answer a question takes, which decides how it is asked and shown."""

    SCALE = "scale"  # a whole number from 0 to 10
    COUNT = "count"  # a whole number of things (glasses) since the last check-in
    YES_NO = "yes-no"  # None when a question that may go unasked wasn't
    HOURS = "hours"  # a number of hours, tenths allowed
    CHOICES = "choices"  # any of a fixed vocabulary, ticked from a list
    WORDS = "words"  # a few words of the patient's own
    TEXT = "text"  # free text
    READING = "reading"  # a whole number read off a device (a cuff), None when not measured

    @property
    def typed(self) -> bool:
        """Whether the patient types the answer (rather than picking or ticking it)."""
        return self in (Kind.HOURS, Kind.WORDS, Kind.TEXT, Kind.READING)


class Asked(Enum):
    """When a question is asked: every time and first, every time after those, or only
    when the patient chooses to add more."""

    CORE = "core"
    ALWAYS = "always"
    EXTRA = "extra"


class Question(Struct, frozen=True):
    """One answer a check-in can hold, and everything needed to ask, check and show it.

    Attributes:
        field: Its name in the stored check-in, the export and the CSV.
        kind: What sort of answer it is.
        step: The check-in step that asks it (a tick box rides on its host's step).
        asked: When it is asked.
        label: Its name in the review, the history detail and the trends.
        prompt: The question on its step (for a tick box, the words beside it).
        check: Its check from :mod:`~ketacheck.core.scales`, ``check(field, value)``.
        hint: One line under the question.
        optional: Whether a check-in may go without it.
        default: The answer when the question is put to the patient and left as it is (a
            tick box left unticked is "no", a list left unticked is "none"). A question
            never put to the patient is stored as ``None``, "not asked", whatever this is.
        bounds: The lowest and highest answer (for words: how many).
        max_chars: The longest text allowed.
        low: A scale's words for its bottom end.
        high: A scale's words for its top end.
        banded: Whether a scale's answers read as none, mild, moderate or severe.
        unit: What a count counts (singular).
        choices: Each choice's key and the words shown for it.
        placeholder: The example shown in an empty text box.
        key: The key that ticks a tick box.
        short_label: A shorter name for the review, where it differs from ``label``.
        offer: How the "add more" step names it (empty: not named).
        crisis: Whether a yes opens the crisis screen at once.
        plain_prompt: The command line's plain-text question (empty: not asked there).
        flag: The command line's option for it (empty: none).
        flag_help: The option's help text.
        paired: For a reading, the reading typed after a slash in the same box
            (systolic's is diastolic: 128/84).
        named: How a sentence names it, where the label won't do ("the top number
            (systolic)").
    """

    field: str
    kind: Kind
    step: str
    asked: Asked
    label: str
    prompt: str
    check: Callable[[str, Any], Any]
    hint: str = ""
    optional: bool = True
    default: Any = None
    bounds: tuple[float, float] | None = None
    max_chars: int | None = None
    low: str = "none"
    high: str = "the worst"
    banded: bool = True
    unit: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    placeholder: str = ""
    key: str = ""
    short_label: str = ""
    offer: str = ""
    crisis: bool = False
    plain_prompt: str = ""
    flag: str = ""
    flag_help: str = ""
    paired: str = ""
    named: str = ""


_SCALE = (float(scales.SCALE_MIN), float(scales.SCALE_MAX))

#: Every question, in the order the check-in asks them.
QUESTIONS: tuple[Question, ...] = (
    Question(
        "dizziness", Kind.SCALE, "dizziness", Asked.CORE, "Dizziness",
        "How dizzy do you feel right now?", scales.scale_value,
        hint="Light-headed or unsteady counts too.",
        optional=False, bounds=_SCALE,
        plain_prompt="How dizzy do you feel? 0 = not at all, 10 = the worst: ",
        flag="--dizziness", flag_help="0-10",
    ),
    Question(
        "nausea", Kind.SCALE, "nausea", Asked.CORE, "Nausea",
        "How sick to your stomach do you feel?", scales.scale_value,
        hint="Press v if you have been sick (vomited).",
        optional=False, bounds=_SCALE,
        plain_prompt="How sick to your stomach? 0 = not at all, 10 = the worst: ",
        flag="--nausea", flag_help="0-10",
    ),
    Question(
        "vomited", Kind.YES_NO, "nausea", Asked.CORE, "was sick",
        "I have been sick (vomited)", scales.flag,
        default=False, key="v", short_label="sick",
        plain_prompt="Have you been sick (vomited) since last time? [y/N] ",
        flag="--vomited", flag_help="was sick since the last one",
    ),
    Question(
        "fluids_glasses", Kind.COUNT, "fluids", Asked.CORE, "Fluids",
        "How many glasses of water or other drinks since your last check-in?",
        scales.fluid_glasses,
        hint="Press e if one of them was an electrolyte drink.",
        optional=False, bounds=(0, scales.MAX_FLUID_GLASSES), unit="glass",
        plain_prompt="How many glasses of water or other drinks since your last check-in? ",
        flag="--fluids", flag_help="glasses since the last check-in",
    ),
    Question(
        "electrolytes", Kind.YES_NO, "fluids", Asked.CORE, "electrolytes",
        "One was an electrolyte drink", scales.flag,
        default=False, key="e",
        plain_prompt="Any electrolyte drink? [y/N] ",
        flag="--electrolytes", flag_help="had an electrolyte drink",
    ),
    Question(
        "mood", Kind.SCALE, "mood", Asked.CORE, "Mood",
        "How is your mood?", scales.scale_value,
        hint="There is no right answer; what is true for you is what helps.",
        optional=False, bounds=_SCALE, low="very low", high="very good", banded=False,
        plain_prompt="How is your mood? 0 = very low, 10 = very good: ",
        flag="--mood", flag_help="0 very low - 10 very good",
    ),
    Question(
        "self_harm_thoughts", Kind.YES_NO, "self_harm", Asked.ALWAYS, "Self-harm thoughts",
        "Since your last check-in, have you had any thoughts of harming yourself?",
        scales.optional_flag,
        hint="Press n for no or y for yes. Whatever you answer, you are not alone.",
        crisis=True,
        plain_prompt=(
            "Since your last check-in, have you had any thoughts of harming yourself? [y/n] "
        ),
        flag="--self-harm",
        flag_help="needed with the scores: any thoughts of harming yourself since the last one",
    ),
    Question(
        "fatigue", Kind.SCALE, "fatigue", Asked.EXTRA, "Tiredness",
        "How tired do you feel?", scales.optional_scale_value,
        hint="Optional: press Enter to skip.", bounds=_SCALE, offer="tiredness",
        plain_prompt="How tired do you feel? 0 = not at all, 10 = the worst (Enter to skip): ",
        flag="--tiredness", flag_help="0-10 (optional)",
    ),
    Question(
        "headache", Kind.SCALE, "headache", Asked.EXTRA, "Headache",
        "How bad is any headache right now?", scales.optional_scale_value,
        hint="Optional: 0 if you have none, or press Enter to skip.", bounds=_SCALE,
        offer="headache", flag="--headache", flag_help="0-10 (optional)",
        plain_prompt="How bad is any headache? 0 = none, 10 = the worst (Enter to skip): ",
    ),
    Question(
        "systolic", Kind.READING, "blood_pressure", Asked.EXTRA, "Blood pressure",
        "If you have measured your blood pressure, what did the cuff show?", scales.systolic,
        hint="Optional: as the cuff shows it, like 128/84; Tab goes to the pulse box.",
        bounds=scales.SYSTOLIC_RANGE, unit="mmHg", placeholder="e.g. 128/84",
        offer="blood pressure", paired="diastolic",
        named="the top number (systolic)",
        plain_prompt="If you measured your blood pressure, type the top number (Enter to skip): ",
        flag="--systolic", flag_help="blood pressure, the top number (mmHg), with --diastolic",
    ),
    Question(
        "diastolic", Kind.READING, "blood_pressure", Asked.EXTRA, "Diastolic",
        "The bottom number", scales.diastolic,
        bounds=scales.DIASTOLIC_RANGE, unit="mmHg", named="the bottom number (diastolic)",
        plain_prompt="And the bottom number: ",
        flag="--diastolic", flag_help="blood pressure, the bottom number (mmHg), with --systolic",
    ),
    Question(
        "pulse", Kind.READING, "blood_pressure", Asked.EXTRA, "Pulse",
        "Pulse", scales.pulse,
        bounds=scales.PULSE_RANGE, unit="beats a minute", placeholder="e.g. 72",
        named="your pulse",
        plain_prompt="Your pulse in beats a minute, if you measured it (Enter to skip): ",
        flag="--pulse", flag_help="pulse (beats a minute)",
    ),
    Question(
        "sleep_hours", Kind.HOURS, "sleep", Asked.EXTRA, "Sleep",
        "How many hours did you sleep last night?", scales.sleep_hours,
        hint="Optional: for example 7 or 6.5.",
        bounds=(0, scales.MAX_SLEEP_HOURS), placeholder="hours, e.g. 7", offer="sleep",
        plain_prompt="How many hours did you sleep last night? (Enter to skip) ",
    ),
    Question(
        "side_effects", Kind.CHOICES, "side_effects", Asked.EXTRA, "Side effects",
        "Have you noticed any of these?", scales.optional_side_effects,
        hint="Optional: Space ticks one, the arrows move, Enter goes on.",
        default=(), choices=tuple(scales.SIDE_EFFECTS.items()), offer="side effects",
        plain_prompt="Type the number of each one you have noticed, e.g. 2 5 (Enter: none): ",
        flag="--side-effect", flag_help="one you have noticed (give it again for more)",
    ),
    Question(
        "mood_words", Kind.WORDS, "mood_words", Asked.EXTRA, "Mood words",
        "A few words for how you feel?", scales.mood_words,
        hint="Optional: for example calm, hopeful, flat.",
        default=(), bounds=(0, scales.MAX_MOOD_WORDS), max_chars=scales.SHORT_TEXT_MAX_CHARS,
        placeholder="calm, hopeful",
        plain_prompt="A few words for how you feel, with commas between? (Enter to skip) ",
    ),
    Question(
        "intention", Kind.TEXT, "intention", Asked.EXTRA, "Intention",
        "One small intention for the next few days?",
        partial(scales.text, max_chars=scales.SHORT_TEXT_MAX_CHARS),
        hint="Optional: a walk, a call, rest.",
        default="", max_chars=scales.SHORT_TEXT_MAX_CHARS, offer="an intention",
        plain_prompt="One small intention for the next few days? (Enter to skip) ",
    ),
    Question(
        "note", Kind.TEXT, "note", Asked.EXTRA, "Note",
        "Anything else you'd like to remember or tell your doctor?", scales.text,
        hint="Optional. Ctrl+D marks it for your doctor: it goes first in the report.",
        default="", max_chars=scales.NOTE_MAX_CHARS, offer="a note",
        plain_prompt="Anything else to note? (press Enter to skip) ",
        flag="--note", flag_help="anything else to remember",
    ),
    Question(
        "for_doctor", Kind.YES_NO, "note", Asked.EXTRA, "For my doctor",
        "Bring this up with my doctor", scales.flag,
        default=False, key="ctrl+d",
        plain_prompt="Bring this note up with your doctor, first in your report? [y/N] ",
    ),
)  # fmt: skip

#: Each question by its field.
BY_FIELD: Mapping[str, Question] = {q.field: q for q in QUESTIONS}
#: Every step that asks a question, in order.
STEPS: tuple[str, ...] = tuple(dict.fromkeys(q.step for q in QUESTIONS))
#: The questions of each step, its host first.
_BY_STEP: Mapping[str, tuple[Question, ...]] = {
    step: tuple(q for q in QUESTIONS if q.step == step) for step in STEPS
}
#: The tick boxes: the yes/no questions that ride on another's step.
RIDERS: tuple[Question, ...] = tuple(
    q for qs in _BY_STEP.values() for q in qs[1:] if q.kind is Kind.YES_NO
)


def step_questions(step: str) -> tuple[Question, ...]:
    """The questions asked on ``step``: its host, then the tick boxes riding on it."""
    return _BY_STEP[step]


def steps_asked(asked: Asked) -> list[str]:
    """The steps whose question is asked ``asked``, in order."""
    return [step for step in STEPS if _BY_STEP[step][0].asked is asked]


def stored_order() -> tuple[Question, ...]:
    """The questions in the stored check-in's order (the CSV's columns): not the order
    asked, so that a file's columns stay put and an answer added later comes last."""
    return tuple(BY_FIELD[name] for name in CheckIn.__struct_fields__ if name in BY_FIELD)


def bounds_of(question: Question) -> tuple[float, float]:
    assert question.bounds is not None, f"{question.field} has no bounds"
    return question.bounds
