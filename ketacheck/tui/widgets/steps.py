"""The check-in's steps: one small widget per kind of question, built from the question table.

A step shows its question's answer (a scale, a count, a text box...) and, below it, a tick
box for each yes/no question riding on it. Whenever an answer changes it posts one
message, :class:`QuestionStep.Answered`, so the screen never reads a widget's value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from textual import on
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from ketacheck.core.questions import Kind, Question
from ketacheck.core.words import plural
from ketacheck.tui.widgets.pickers import CountPicker, NumberPicker, ScalePicker
from ketacheck.tui.widgets.question_step import QuestionStep, key_name
from ketacheck.tui.widgets.reading_step import ReadingStep
from ketacheck.tui.widgets.toggles import TickList

__all__ = ["STEP_KINDS", "QuestionStep", "ReadingStep", "key_name", "step_for"]


class ChoiceList(TickList, inherit_bindings=False):
    """A checklist where Space ticks, so Enter is free to go on."""

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        max-height: 14;
    }
    """

    BINDINGS = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
        Binding("space", "select", "Tick", show=True),
    ]


class _NumberStep(QuestionStep):
    """A number picked with digit keys, the arrows or the mouse."""

    def picker(self) -> NumberPicker:
        """The picker for the host question."""
        raise NotImplementedError

    def missing(self) -> str:
        """What to say when a number that must be given is missing."""
        raise NotImplementedError

    def answer_widgets(self) -> Iterable[Widget]:
        yield self.picker()

    def problem(self) -> str | None:
        return self.missing() if self.value is None and not self.question.optional else None

    @on(NumberPicker.Changed)
    def _picked(self, event: NumberPicker.Changed) -> None:
        event.stop()
        self.answer(event.value)


def _high(question: Question) -> int:
    assert question.bounds is not None
    return int(question.bounds[1])


class ScaleStep(_NumberStep):
    """A 0-10 scale."""

    def picker(self) -> NumberPicker:
        q = self.question
        return ScalePicker(
            self.value, low=q.low, high=q.high, symptom=q.banded, id=f"pick-{q.field}"
        )

    def missing(self) -> str:
        return f"Please pick a number from 0 to {_high(self.question)} first."


class CountStep(_NumberStep):
    """A count of something since the last check-in."""

    def picker(self) -> NumberPicker:
        q = self.question
        return CountPicker(self.value, unit=q.unit, maximum=_high(q), id=f"pick-{q.field}")

    def missing(self) -> str:
        many = plural(0, self.question.unit).partition(" ")[2]
        return f"Please type how many {many} (0 is fine)."


class YesNoStep(QuestionStep):
    """A yes/no question answered with the y and n keys, which also go on."""

    def answer_widgets(self) -> Iterable[Widget]:
        yield Static(self._said(), id=f"{self.question.step.replace('_', '-')}-answer")

    def _said(self) -> str:
        if self.value is None:
            return "[dim]Not answered yet.[/dim]"
        return "You answered: [b]yes[/b]" if self.value else "You answered: [b]no[/b]"

    def choose(self, answer: bool) -> None:
        """Take the patient's yes or no, and go on."""
        self.answer(answer, moves_on=True)
        self.query_one(Static).update(self._said())

    def problem(self) -> str | None:
        return "Please press y or n." if self.value is None else None


class _TypedStep(QuestionStep):
    """An answer typed in a box; Enter goes on."""

    def unreadable(self) -> str:
        """What to say when the box's text gives no answer and the patient tries to go on."""
        return ""

    def read(self, text: str) -> Any:
        """The answer ``text`` gives; raises ValueError if there is none."""
        return text.strip()

    def shown(self, value: Any) -> str:
        """The text that gives ``value``, to start the box with."""
        return str(value or "")

    def input_options(self) -> dict[str, Any]:
        """Options for the text box."""
        return {}

    def answer_widgets(self) -> Iterable[Widget]:
        q = self.question
        options = self.input_options()
        yield Input(
            self.shown(self.value), placeholder=q.placeholder, id=f"in-{q.field}", **options
        )

    def problem(self) -> str | None:
        try:
            self.read(self.query_one(Input).value)
        except ValueError:
            return self.unreadable()
        return None

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        try:
            value = self.read(event.value)
        except ValueError:
            return
        if value != self.value:
            self.answer(value)

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.answer(self.value, moves_on=True)


class HoursStep(_TypedStep):
    """A number of hours."""

    def unreadable(self) -> str:
        assert self.question.bounds is not None
        low, high = self.question.bounds
        return f"Please give the hours as a number from {low:g} to {high:g}."

    def read(self, text: str) -> Any:
        text = text.strip()
        return self.question.check(self.question.field, float(text)) if text else None

    def shown(self, value: Any) -> str:
        return "" if value is None else f"{value:g}"

    def input_options(self) -> dict[str, Any]:
        return {"type": "number"}


class WordsStep(_TypedStep):
    """A few words, separated by commas."""

    def read(self, text: str) -> Any:
        words = [word.strip() for word in text.split(",") if word.strip()]
        assert self.question.bounds is not None
        return words[: int(self.question.bounds[1])]

    def shown(self, value: Any) -> str:
        return ", ".join(value or ())


class TextStep(_TypedStep):
    """Free text, up to the question's length."""

    def input_options(self) -> dict[str, Any]:
        return {"max_length": self.question.max_chars or 0}


class ChoicesStep(QuestionStep):
    """Any of a fixed list, ticked with Space."""

    def answer_widgets(self) -> Iterable[Widget]:
        ticked = set(self.value or ())
        choices = (Selection(label, key, key in ticked) for key, label in self.question.choices)
        yield ChoiceList(*choices, id=self.question.field.replace("_", "-"))

    @on(SelectionList.SelectedChanged)
    def _chosen(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self.answer(list(event.selection_list.selected))


#: The step widget for each kind of question.
STEP_KINDS: Mapping[Kind, type[QuestionStep]] = {
    Kind.SCALE: ScaleStep,
    Kind.COUNT: CountStep,
    Kind.YES_NO: YesNoStep,
    Kind.HOURS: HoursStep,
    Kind.CHOICES: ChoicesStep,
    Kind.WORDS: WordsStep,
    Kind.TEXT: TextStep,
    Kind.READING: ReadingStep,
}


def step_for(questions: Sequence[Question], answers: Mapping[str, Any]) -> QuestionStep:
    """The step widget for a step's questions (its host's kind decides which)."""
    return STEP_KINDS[questions[0].kind](questions, answers)
