"""The check-in questions on the command line: the options of ``ketacheck checkin`` and the
plain-text questions (for screen readers), both derived from the question table in
:mod:`ketacheck.core.questions`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum
from typing import Any

from ketacheck.core import scales
from ketacheck.core.alerts import CRISIS_SYSTOLIC
from ketacheck.core.questions import BY_FIELD, QUESTIONS, Kind, Question, bounds_of

#: An option's value when it was not given.
_UNSET: tuple[Any, ...] = (None, False, "", [])

#: What the command line's plain-text check-in says first.
PLAIN_INTRO = "A short check-in. Type a number and press Enter. Ctrl+C stops without saving."


def checkin_flags() -> tuple[Question, ...]:
    """The questions ``ketacheck checkin`` takes as options: the scores first, then as asked."""
    return tuple(sorted((q for q in QUESTIONS if q.flag), key=lambda q: q.optional))


def flag_dest(question: Question) -> str:
    """Where argparse keeps an option's value: ``self_harm`` for ``--self-harm``."""
    return question.flag.removeprefix("--").replace("-", "_")


def argparse_options(question: Question) -> dict[str, Any]:
    """The keyword arguments of ``add_argument(question.flag, ...)``."""
    match question.kind:
        case Kind.SCALE | Kind.COUNT | Kind.READING:
            return {"type": int, "metavar": "N", "help": question.flag_help}
        case Kind.YES_NO if question.crisis:
            return {"choices": ("yes", "no"), "help": question.flag_help}
        case Kind.YES_NO:
            # Left out, it was not asked; given alone, it means yes.
            return {
                "nargs": "?",
                "const": "yes",
                "choices": ("yes", "no"),
                "metavar": "yes|no",
                "help": f"{question.flag_help} (yes or no; left out: not asked)",
            }
        case Kind.CHOICES:
            names = [name for name, _ in question.choices]
            return {
                "action": "append",
                "type": choice_name,
                "choices": names,
                "metavar": "NAME",
                "help": f"{question.flag_help}: {', '.join(names)}",
            }
        case Kind.TEXT:
            return {"default": "", "help": question.flag_help}
    raise ValueError(f"{question.field}: a {question.kind.value} answer has no option")


def choice_name(typed: str) -> str:
    """A choice's name as typed in an option: ``blurred-vision`` is ``blurred_vision``."""
    return typed.strip().lower().replace("-", "_").replace(" ", "_")


#: What ``checkin`` with scores and no ``--self-harm`` says (and saves nothing).
SELF_HARM_NEEDED = (
    "add --self-harm yes or no: every check-in asks about thoughts of harming yourself, "
    "so nothing was saved"
)


def answers_from_flags(given: Mapping[str, Any]) -> dict[str, Any] | None:
    """The answers from the options' parsed values (keyed by :func:`flag_dest`), or None
    when no option was given (the questions are then asked instead).

    Raises:
        ValidationError: some scores were given but not all, naming the missing options;
            another answer without the scores; or scores without ``--self-harm``.
    """
    flags = checkin_flags()
    missing = [q.flag for q in flags if not q.optional and given.get(flag_dest(q)) is None]
    others = [q.flag for q in flags if q.optional and given.get(flag_dest(q)) not in _UNSET]
    if len(missing) == sum(not q.optional for q in flags):
        if not others:
            return None
        # Asking the questions instead would drop the answer given: say so rather than drop it.
        raise scales.ValidationError(
            ", ".join(missing), f"is needed too with {others[0]} (or give neither to be asked)"
        )
    if missing:
        raise scales.ValidationError(
            ", ".join(missing), "is needed too (or give no scores to be asked)"
        )
    crisis = next(q for q in flags if q.crisis)
    if given.get(flag_dest(crisis)) is None:
        raise scales.ValidationError(crisis.flag, SELF_HARM_NEEDED)
    values = {q.field: given.get(flag_dest(q)) for q in flags}
    for q in flags:
        partner = BY_FIELD.get(q.paired)
        if partner is not None and (values[q.field] is None) != (values[partner.field] is None):
            given_flag, needed = (q, partner) if values[partner.field] is None else (partner, q)
            raise scales.ValidationError(
                needed.flag, f"is needed with {given_flag.flag} (a reading has both numbers)"
            )
    for q in flags:
        if q.kind is Kind.YES_NO and values[q.field] is not None:
            values[q.field] = values[q.field] == "yes"  # --vomited, --self-harm yes|no
    return values


def plain_questions() -> tuple[Question, ...]:
    """The command line's plain-text questions (for screen readers), in the order asked:
    each asks its ``plain_prompt`` as printed, and :func:`parse_plain` reads the answer."""
    return tuple(q for q in QUESTIONS if q.plain_prompt)


class Skipped(Enum):
    """An optional reading left empty (just Enter): not measured, which is not unclear."""

    SKIPPED = "skipped"


SKIPPED = Skipped.SKIPPED


def plain_retry(question: Question) -> str:
    """What to say after an unclear answer, before asking again."""
    if question.kind in (Kind.SCALE, Kind.COUNT, Kind.READING):
        low, high = bounds_of(question)
        if question.kind is Kind.READING:
            return (
                f"Please type a whole number from {low:g} to {high:g} {question.unit}, "
                "or press Enter to skip."
            )
        skip = ", or press Enter to skip" if question.optional else ""
        return f"Please type a whole number from {low:g} to {high:g}{skip}."
    if question.kind is Kind.HOURS:
        return "Please type a number of hours from 0 to 24, such as 7 or 6.5, or press Enter."
    if question.kind is Kind.CHOICES:
        return f"Please type numbers from the list (1 to {len(question.choices)}), or press Enter."
    if question.kind is Kind.WORDS:
        return "Please type a few words with commas between, or press Enter to skip."
    return "Please type y or n." if question.kind is Kind.YES_NO else ""


def parse_plain(question: Question, typed: str) -> Any | None:
    """The answer ``typed`` gives, or None when it is unclear (ask again).

    An empty answer to a yes/no question is "no", except for the crisis question (no
    default), which is asked again rather than assumed. An empty reading is
    :data:`SKIPPED`. Text is taken as typed, trimmed.
    """
    text = typed.strip()
    if not text and question.optional and question.kind in _SKIPPABLE:
        return SKIPPED
    match question.kind:
        case Kind.SCALE | Kind.COUNT | Kind.READING:
            low, high = bounds_of(question)
            return int(text) if text.isdecimal() and low <= int(text) <= high else None
        case Kind.YES_NO:
            said = {"y": True, "yes": True, "n": False, "no": False, "": question.default}
            return said.get(text.lower())
        case Kind.HOURS | Kind.CHOICES | Kind.WORDS:
            return _checked(question, text)
    return text


#: The kinds an empty answer skips (None), where the question is optional.
_SKIPPABLE = (Kind.SCALE, Kind.READING, Kind.HOURS)


def _checked(question: Question, text: str) -> Any | None:
    """Hours, choices (by number or name) or words typed, checked as the app checks them;
    None when unclear."""
    try:
        if question.kind is Kind.HOURS:
            return question.check(question.field, float(text.replace(",", ".")))
        if question.kind is Kind.WORDS:
            return question.check(question.field, [w for w in text.split(",") if w.strip()])
        names = [name for name, _ in question.choices]
        picked = [
            names[int(part) - 1] if part.isdecimal() and 0 < int(part) <= len(names) else part
            for part in re.split(r"[,\s]+", text)
            if part
        ]
        return question.check(question.field, [choice_name(part) for part in picked])
    except (ValueError, scales.ValidationError):
        return None


def first_of_pair(question: Question) -> Question | None:
    """The reading typed before ``question`` as one reading (diastolic's is systolic)."""
    return next((q for q in QUESTIONS if q.paired == question.field), None)


def parse_second_number(question: Question, first: int, typed: str) -> int | Skipped | None:
    """The second number of a reading (the bottom one), which must be lower than the first;
    :data:`SKIPPED` for just Enter, None when unclear."""
    value = parse_plain(question, typed)
    return None if isinstance(value, int) and value >= first else value


def second_number_retry(question: Question, first: int, typed: str) -> str:
    """What to say when the second number of a reading is missing or unclear."""
    if not typed.strip():
        return (
            f"A reading has two numbers: please type {question.named} too, or press Enter "
            "again to leave this reading out."
        )
    low, high = bounds_of(question)
    highest = min(int(high), first - 1)
    lower = f": the bottom number is lower than the top one ({first})" if highest < high else ""
    return f"Please type a whole number from {low:g} to {highest} {question.unit}{lower}."


def reading_left_out(first: int) -> list[str]:
    """What to say when a reading is left out after only its top number: that it is, and,
    for a top number at the crisis level, what to do (the call-now alert's advice)."""
    said = ["The blood pressure reading is left out of this check-in."]
    if first >= CRISIS_SYSTOLIC:
        said.append(
            f"A top number of {first} is very high, though. Sit quietly for a few minutes, "
            "then measure again; if it is still that high, please contact your care team "
            "now. With chest pain, shortness of breath, back pain, numbness, weakness, a "
            "change in your vision or trouble speaking, call your local emergency number "
            "straight away."
        )
    return said
