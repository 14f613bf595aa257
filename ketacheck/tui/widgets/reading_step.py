"""The check-in step for readings off a device: blood pressure typed as the cuff shows it
(128/84), with the pulse in a box beside it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from textual import on
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Static

from ketacheck.core import scales
from ketacheck.core.questions import Kind, Question
from ketacheck.tui.widgets.question_step import QuestionStep

#: A reading as typed: one number, or two apart by a slash, a space or a dash (128/84).
_READING = re.compile(r"\s*(\d{1,4})\s*(?:[/\s-]\s*(\d{1,4}))?\s*")


class ReadingStep(QuestionStep):
    """Readings off a device, a box each: blood pressure typed as the cuff shows it (128/84),
    the pulse in a box beside it. Enter after typing in a box goes to the next; in the
    last, or in an empty box, it goes on. Empty boxes are fine: the readings are optional."""

    # A row for each box, so that at 60 columns nothing is cut: its name, the box (wide
    # enough for "e.g. 128/84"), its unit.
    DEFAULT_CSS = """
    ReadingStep Horizontal {
        height: auto;
    }
    ReadingStep Input {
        width: 17;
    }
    ReadingStep .reading-name {
        width: 16;
        padding: 1 1 0 0;
    }
    ReadingStep .reading-unit {
        width: auto;
        padding: 1 0 0 1;
    }
    """

    def __init__(self, questions: Sequence[Question], answers: Mapping[str, Any]) -> None:
        super().__init__(questions, answers)
        readings = [q for q in questions if q.kind is Kind.READING]
        paired = {q.paired for q in readings}
        self.boxes = tuple(q for q in readings if q.field not in paired)
        """The readings with a box of their own (a paired one is typed in its partner's)."""
        self.partners = {q.field: q for q in readings if q.field in paired}
        self.values = {q.field: answers.get(q.field) for q in readings}
        """Each reading's answer now."""

    def answer_widgets(self) -> Iterable[Widget]:
        for question in self.boxes:
            yield Horizontal(
                Static(question.label, classes="reading-name"),
                Input(
                    self._shown(question),
                    placeholder=question.placeholder,
                    # A pair is text ("128/84"; anything else is named in place).
                    type="text" if question.paired else "integer",
                    max_length=9,
                    id=f"in-{question.field}",
                ),
                Static(question.unit, classes="reading-unit"),
            )

    def _shown(self, question: Question) -> str:
        value = self.values[question.field]
        if value is None:
            return ""
        other = self.values.get(question.paired)
        return f"{value}/{other}" if question.paired and other is not None else str(value)

    def read(self, question: Question, text: str) -> dict[str, int | None]:
        """The readings a box's ``text`` gives, by field.

        Raises:
            ValueError: what to tell the patient, when the text gives no reading.
        """
        partner = self.partners.get(question.paired)
        fields = [question, *([partner] if partner else [])]
        if not text.strip():
            return {q.field: None for q in fields}
        match = _READING.fullmatch(text)
        numbers = [int(n) for n in match.groups() if n is not None] if match else []
        if len(numbers) != len(fields):
            if partner is not None:
                raise ValueError(
                    f"Please type your {question.label.lower()} as both its numbers, like "
                    f"{question.placeholder.removeprefix('e.g. ')}."
                )
            raise ValueError(f"Please type {question.named} as one whole number.")
        read: dict[str, int | None] = {}
        try:
            for q, number in zip(fields, numbers, strict=True):
                read[q.field] = q.check(q.field, number)
            if partner is not None:
                scales.blood_pressure(read[question.field], read[partner.field])
        except scales.ValidationError as exc:
            raise ValueError(_said(fields, exc)) from None
        return read

    def problem(self) -> str | None:
        for question in self.boxes:
            try:
                self.read(question, self.query_one(f"#in-{question.field}", Input).value)
            except ValueError as exc:
                return str(exc)
        return None

    def focus_answer(self) -> None:
        boxes = self.query(Input)
        if boxes:
            boxes.first().focus()
        elif self.is_attached:  # the row of boxes mounts a moment after the step
            self.call_after_refresh(self.focus_answer)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        question = next(q for q in self.boxes if f"in-{q.field}" == event.input.id)
        try:
            read = self.read(question, event.value)
        except ValueError:
            return
        for field, value in read.items():
            if value != self.values[field]:
                self.values[field] = value
                if field == self.question.field:
                    self.value = value
                self.post_message(self.Answered(self, field, value))

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        # Typed in a box with another after it: on to that box. An empty one goes on, so
        # skipping takes one key (the hint says Tab reaches the pulse box).
        inputs = list(self.query(Input))
        typed = event.value.strip()
        if event.input is not inputs[-1] and typed and self.problem() is None:
            inputs[inputs.index(event.input) + 1].focus()
            return
        # The screen goes on, or says what needs a look.
        self.post_message(self.Answered(self, self.question.field, self.value, moves_on=True))


def _said(fields: list[Question], exc: scales.ValidationError) -> str:
    """A check's problem as a sentence naming the reading (or both, when they disagree)."""
    named = {q.field: q.named for q in fields}
    text = f"{named[exc.field]} {exc.problem}" if exc.field in named else exc.problem
    return f"{text[:1].upper()}{text[1:]}."
