"""What every check-in step is: its question's answer, then a tick box per yes/no question
riding on it, and the one message it posts when an answer changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox

from ketacheck.core.questions import Kind, Question
from ketacheck.tui.widgets.toggles import TickBox


def key_name(key: str) -> str:
    """A key as the patient reads it beside a tick box: ``v``, ``Ctrl+D``."""
    *modifiers, last = key.split("+")
    if not modifiers:
        return last
    return "+".join([*(m.capitalize() for m in modifiers), last.upper()])


class QuestionStep(Vertical):
    """One check-in step: its question's answer, then a tick box per question riding on it."""

    DEFAULT_CSS = """
    QuestionStep {
        height: auto;
    }
    """

    @dataclass
    class Answered(Message):
        """An answer on this step changed.

        Attributes:
            step: The step it changed on.
            field: The answer's field, as the question table names it.
            value: The answer now (for a typed one, the last that could be read).
            moves_on: True when the patient also asked to go on (Enter in a text box, or
                a yes/no key).
        """

        step: QuestionStep
        field: str
        value: Any
        moves_on: bool = False

        @property
        def control(self) -> QuestionStep:
            """The step that posted it."""
            return self.step

    def __init__(self, questions: Sequence[Question], answers: Mapping[str, Any]) -> None:
        """A step for ``questions`` (its host, then the ones riding on it), starting from
        the ``answers`` so far."""
        super().__init__()
        self.question = questions[0]
        """The question this step asks."""
        self.riders = tuple(q for q in questions[1:] if q.kind is Kind.YES_NO)
        """The yes/no questions shown as tick boxes below it."""
        self.value = answers.get(self.question.field, self.question.default)
        """The host question's answer now."""
        self._ticked = {q.field: bool(answers.get(q.field, q.default)) for q in self.riders}

    def compose(self) -> Iterable[Widget]:
        yield from self.answer_widgets()
        for rider in self.riders:
            label = f"{rider.prompt}   ({key_name(rider.key)})"
            yield TickBox(label, self._ticked[rider.field], id=rider.field)

    def answer_widgets(self) -> Iterable[Widget]:
        """The widgets that take the host question's answer."""
        return ()

    def problem(self) -> str | None:
        """Why the step can't be left yet (a missing or unreadable answer), or None."""
        return None

    def focus_answer(self) -> None:
        """Focus the first widget that takes an answer, if any does."""
        focusable = next((w for w in self.query("*") if w.can_focus), None)
        if focusable is not None:
            focusable.focus()

    def toggle(self, field: str) -> None:
        """Tick or untick the tick box for ``field``."""
        self.query_one(f"#{field}", Checkbox).toggle()

    def answer(self, value: Any, moves_on: bool = False) -> None:
        """Take ``value`` as the host question's answer and say so."""
        self.value = value
        self.post_message(self.Answered(self, self.question.field, value, moves_on))

    @on(Checkbox.Changed)
    def _ticked_box(self, event: Checkbox.Changed) -> None:
        event.stop()
        field = event.checkbox.id or ""
        self._ticked[field] = event.value
        self.post_message(self.Answered(self, field, event.value))
