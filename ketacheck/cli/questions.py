"""The check-in questions on the command line: the options of ``ketacheck checkin`` and the
plain-text questions (for screen readers), both derived from the question table in
:mod:`ketacheck.core.questions`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ketacheck.core import scales
from ketacheck.core.questions import BY_FIELD, QUESTIONS, Kind, Question, bounds_of

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
        case Kind.YES_NO if question.default is False:
            return {"action": "store_true", "help": question.flag_help}
        case Kind.YES_NO:
            return {"choices": ("yes", "no"), "help": question.flag_help}
        case Kind.TEXT:
            return {"default": "", "help": question.flag_help}
    raise ValueError(f"{question.field}: a {question.kind.value} answer has no option")


def answers_from_flags(given: Mapping[str, Any]) -> dict[str, Any] | None:
    """The answers from the options' parsed values (keyed by :func:`flag_dest`), or None
    when no score was given (the questions are then asked instead).

    Raises:
        ValidationError: some scores were given but not all, naming the missing options.
    """
    flags = checkin_flags()
    missing = [q.flag for q in flags if not q.optional and given.get(flag_dest(q)) is None]
    readings = [q.flag for q in flags if q.kind is Kind.READING and given.get(flag_dest(q))]
    if len(missing) == sum(not q.optional for q in flags):
        if not readings:
            return None
        # The questions asked instead don't take a reading: say so rather than drop it.
        raise scales.ValidationError(
            ", ".join(missing), f"is needed too with {readings[0]} (or give neither to be asked)"
        )
    if missing:
        raise scales.ValidationError(
            ", ".join(missing), "is needed too (or give no scores to be asked)"
        )
    values = {q.field: given.get(flag_dest(q)) for q in flags}
    for q in flags:
        partner = BY_FIELD.get(q.paired)
        if partner is not None and (values[q.field] is None) != (values[partner.field] is None):
            given_flag, needed = (q, partner) if values[partner.field] is None else (partner, q)
            raise scales.ValidationError(
                needed.flag, f"is needed with {given_flag.flag} (a reading has both numbers)"
            )
    for q in flags:
        if q.kind is Kind.YES_NO and q.default is None and values[q.field] is not None:
            values[q.field] = values[q.field] == "yes"  # --self-harm yes|no
    return values


def plain_questions() -> tuple[Question, ...]:
    """The command line's plain-text questions (for screen readers), in the order asked:
    each asks its ``plain_prompt`` as printed, and :func:`parse_plain` reads the answer."""
    return tuple(q for q in QUESTIONS if q.plain_prompt)


def plain_retry(question: Question) -> str:
    """What to say after an unclear answer, before asking again."""
    if question.kind in (Kind.SCALE, Kind.COUNT):
        low, high = bounds_of(question)
        return f"Please type a whole number from {low:g} to {high:g}."
    return "Please type y or n." if question.kind is Kind.YES_NO else ""


def parse_plain(question: Question, typed: str) -> Any | None:
    """The answer ``typed`` gives, or None when it is unclear (ask again).

    An empty answer to a yes/no question is "no", except for the crisis question (no
    default), which is asked again rather than assumed. Text is taken as typed, trimmed.
    """
    text = typed.strip()
    match question.kind:
        case Kind.SCALE | Kind.COUNT:
            low, high = bounds_of(question)
            return int(text) if text.isdecimal() and low <= int(text) <= high else None
        case Kind.YES_NO:
            said = {"y": True, "yes": True, "n": False, "no": False, "": question.default}
            return said.get(text.lower())
    return text
