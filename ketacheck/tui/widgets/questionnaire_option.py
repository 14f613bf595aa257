"""One answer option of a PHQ-9 or GAD-7 item, ``n  wording``; a click answers with it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import Static

from ketacheck.core.questionnaires import OPTIONS
from ketacheck.tui.text import escape

#: Beside the answer already given, when the patient comes back to an item: a mark in
#: characters, so it shows without colour too.
EARLIER_ANSWER = "(your earlier answer)"


def option_markup(value: int, words: str, chosen: bool = False) -> str:
    """``n  wording`` as markup, with the earlier-answer mark if ``chosen``."""
    mark = f"  [i]{EARLIER_ANSWER}[/i]" if chosen else ""
    return f"[b]{value}[/b]  {escape(words)}{mark}"


class QuestionnaireOption(Static):
    """One answer option; a click posts :class:`Picked`."""

    @dataclass
    class Picked(Message):
        """The patient clicked this option."""

        value: int

    def __init__(self, value: int) -> None:
        super().__init__(
            option_markup(value, OPTIONS[value]), id=f"option-{value}", classes="q-option"
        )
        self.value = value
        self.words = OPTIONS[value]
        self.chosen = False

    def show(self, words: str, chosen: bool) -> None:
        """Show ``words`` for this number (the difficulty question has its own options),
        marked as the earlier answer if it is ``chosen``."""
        self.set_class(chosen, "-chosen")
        if (words, chosen) != (self.words, self.chosen):
            self.words, self.chosen = words, chosen
            self.update(option_markup(self.value, words, chosen))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Picked(self.value))
