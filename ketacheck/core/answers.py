"""How a check-in's answers read: in the review, the history detail, the CSV and FHIR.

Every answer reads from the question table in :mod:`ketacheck.core.questions`. A question
never put to the patient reads "not asked", never "no" or "none".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ketacheck.core.questions import STEPS, Kind, Question, bounds_of, step_questions
from ketacheck.core.words import plural

#: The kinds of answer whose ``None`` is a claim of its own: "not asked", never "no".
ASKED_OR_NOT = (Kind.YES_NO, Kind.CHOICES)


def answer_text(question: Question, value: Any) -> str:
    """An answer as the patient reads it ("3 of 10", "1 glass", "7.5 h", "none" for a list
    asked with nothing ticked); empty if none was given."""
    if value is None or (question.kind in (Kind.WORDS, Kind.TEXT) and not value):
        return ""
    if question.kind is Kind.CHOICES and not value:
        return "none"
    match question.kind:
        case Kind.SCALE:
            return f"{value} of {bounds_of(question)[1]:g}"
        case Kind.COUNT:
            return plural(value, question.unit)
        case Kind.HOURS:
            return f"{value:g} h"
        case Kind.YES_NO:
            return "yes" if value else "no"
        case Kind.CHOICES:
            names = dict(question.choices)
            return ", ".join(names.get(choice, choice) for choice in value)
        case Kind.WORDS:
            return ", ".join(value)
        case Kind.READING:
            return f"{value} {question.unit}"
    return str(value)


def reading_text(question: Question, answers: Mapping[str, Any]) -> str:
    """A reading as the patient reads it, with its pair: "128/84 mmHg", "72 beats a minute";
    empty if not measured."""
    value = answers.get(question.field)
    if not question.paired or value is None:
        return answer_text(question, value)
    other = answers.get(question.paired)
    return f"{value}/{'?' if other is None else other} {question.unit}"


def _reading_rows(
    readings: list[Question], answers: Mapping[str, Any], review: bool
) -> list[tuple[str, str]]:
    """A row for each reading on a step (a paired one shares its partner's row)."""
    paired = {q.paired for q in readings}
    rows = []
    for question in readings:
        if question.field in paired:
            continue
        text = reading_text(question, answers)
        if text or not review:
            rows.append((question.label, text or "—"))
    return rows


def plain_text(question: Question, value: Any) -> str:
    """An answer as a file holds it as text (the CSV): ``3``, ``yes``, ``7.5``, ``a; b``."""
    if value is None:
        return ""
    match question.kind:
        case Kind.YES_NO:
            return "yes" if value else "no"
        case Kind.HOURS:
            return f"{value:g}"
        case Kind.CHOICES if not value:
            return "none"  # asked, nothing ticked: an empty cell is "not asked"
        case Kind.CHOICES | Kind.WORDS:
            return "; ".join(value)
    return str(value)


def answer_rows(answers: Mapping[str, Any], *, review: bool) -> list[tuple[str, str]]:
    """(name, answer) for each step, in the order asked.

    A tick box follows its host's answer ("2 of 10 · sick: no"), except beside typed text,
    where it has a line of its own, shown only when ticked. The ``review`` before saving
    leaves out what wasn't answered and uses short names; a saved check-in's detail shows
    every answer, with a dash (or "not asked") for the empty ones.
    """

    def name(question: Question) -> str:
        return (question.short_label or question.label) if review else question.label

    def text(question: Question) -> str:
        shown = answer_text(question, answers.get(question.field))
        return shown or ("not asked" if question.kind in ASKED_OR_NOT else "—")

    rows: list[tuple[str, str]] = []
    for step in STEPS:
        first, *riders = step_questions(step)
        if first.kind is Kind.READING:
            rows.extend(_reading_rows([first, *riders], answers, review))
            continue
        given = answer_text(first, answers.get(first.field))
        if review and not given:
            continue
        if first.kind.typed:
            rows.append((name(first), text(first)))
            rows.extend((name(r), "yes") for r in riders if given and answers.get(r.field))
        else:
            ticks = [f"{name(r)}: {text(r)}" for r in riders]
            rows.append((name(first), " · ".join([text(first), *ticks])))
    return rows
