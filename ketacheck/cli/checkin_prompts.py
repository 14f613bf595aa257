"""The plain-text check-in (``ketacheck checkin`` with no scores), for screen readers and
scripts: the app's questions, in the app's order, one line each.

``b`` goes back one question. The optional questions can be skipped with Enter, or all at
once with ``r``. A review lists every answer before anything is saved, and ``edit N``
asks question N again. A self-harm "yes" calls back at once, before the next question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ketacheck.cli.context import Context
from ketacheck.cli.prompts import MAX_TRIES, ask
from ketacheck.cli.questions import (
    PLAIN_INTRO,
    SKIPPED,
    first_of_pair,
    parse_plain,
    parse_second_number,
    plain_questions,
    plain_retry,
    reading_left_out,
    second_number_retry,
)
from ketacheck.core.answers import answer_text, reading_text
from ketacheck.core.questions import BY_FIELD, Asked, Kind, Question
from ketacheck.core.scales import ValidationError


class Move(Enum):
    """What the patient typed instead of an answer."""

    BACK = "b"
    REVIEW = "r"


#: Said before the first optional question.
OPTIONAL_INTRO = (
    "The rest are optional: press Enter to skip one, or type r to go straight to the "
    "review. Type b to go back one question."
)
SAVE_PROMPT = "Press Enter to save, type edit and a number to change that answer, or b to go back: "


def host_of(question: Question) -> Question | None:
    """The question a tick box rides on, when that one is typed text (a note's "for my
    doctor" is asked only after a note)."""
    if question.kind is not Kind.YES_NO:
        return None
    host = next(q for q in plain_questions() if q.step == question.step)
    return host if host is not question and host.kind.typed else None


def applies(question: Question, answers: dict[str, Any]) -> bool:
    """Whether ``question`` is asked, given the answers so far."""
    first = first_of_pair(question)
    if first is not None:
        return isinstance(answers.get(first.field), int)
    host = host_of(question)
    return host is None or bool(answers.get(host.field))


@dataclass
class PlainCheckin:
    """One plain-text check-in, question by question.

    Attributes:
        ctx: Where to print and read.
        on_crisis_yes: Called the moment the crisis question is answered yes.
        answers: The answers so far, by field.
    """

    ctx: Context
    on_crisis_yes: Callable[[], None]
    answers: dict[str, Any] = field(default_factory=dict)
    questions: tuple[Question, ...] = field(default_factory=plain_questions)
    told_optional: bool = False

    def run(self) -> dict[str, Any]:
        """Ask every question, then the review; the answers once the patient saves."""
        self.ctx.say(PLAIN_INTRO)
        position = 0
        while True:
            if position >= len(self.questions):
                edit = self.review()
                if edit is None:
                    return self.answers
                position = self._edit(edit) if edit >= 0 else self._before(len(self.questions))
                continue
            question = self.questions[position]
            if not applies(question, self.answers):
                self.answers.pop(question.field, None)
                position += 1
                continue
            if question.asked is Asked.EXTRA and not self.told_optional:
                self.ctx.say(OPTIONAL_INTRO)
                self.told_optional = True
            move = self.ask(question)
            if move is Move.BACK:
                position = self._before(position)
            elif move is Move.REVIEW:
                position = len(self.questions)
            else:
                position += 1

    def _before(self, position: int) -> int:
        """The question before ``position`` that is asked, or ``position`` at the first."""
        for earlier in range(position - 1, -1, -1):
            if applies(self.questions[earlier], self.answers):
                return earlier
        self.ctx.note("  This is the first question.")
        return position

    def _edit(self, number: int) -> int:
        """Ask review row ``number``'s question (and those that follow from it) again."""
        question = self.rows()[number]
        self.ask(question)
        for follower in self.questions[self.questions.index(question) + 1 :]:
            if first_of_pair(follower) is question or host_of(follower) is question:
                if applies(follower, self.answers):
                    self.ask(follower)
                else:
                    self.answers.pop(follower.field, None)
        return len(self.questions)

    def ask(self, question: Question) -> Move | None:
        """Ask ``question`` until it has an answer (kept) or the patient moves."""
        if question.kind is Kind.CHOICES:
            self.ctx.say(question.prompt)
            for number, (_, words) in enumerate(question.choices, start=1):
                self.ctx.say(f"  {number:>2}  {words}")
        first = first_of_pair(question)
        skipped = False
        for _ in range(MAX_TRIES):
            typed = ask(question.plain_prompt)
            move = _move(typed, question)
            if move is not None:
                return move
            if first is None:
                value = parse_plain(question, typed)
                if value is not None:
                    self._keep(question, value)
                    return None
                self.ctx.note(f"  {plain_retry(question)}")
                continue
            top = self.answers[first.field]
            second = parse_second_number(question, top, typed)
            if isinstance(second, int):
                self.answers[question.field] = second
                return None
            if second is SKIPPED and skipped:  # Enter twice: the reading is left out
                for line in reading_left_out(top):
                    self.ctx.say(line)
                self.answers[first.field] = self.answers[question.field] = None
                return None
            skipped = skipped or second is SKIPPED
            self.ctx.note(f"  {second_number_retry(question, top, typed)}")
        raise ValidationError(
            question.field, f"no clear answer after {MAX_TRIES} tries; nothing was saved"
        )

    def _keep(self, question: Question, value: Any) -> None:
        self.answers[question.field] = None if value is SKIPPED else value
        if question.crisis and value is True:
            self.on_crisis_yes()

    def rows(self) -> list[Question]:
        """The questions the review lists, each once (a reading's second number is in its
        first's row): numbered from 1 on screen, from 0 here."""
        return [q for q in self.questions if applies(q, self.answers) and first_of_pair(q) is None]

    def review(self) -> int | None:
        """List the answers and ask to save. None saves; a row's index edits it; -1 goes
        back to the last question."""
        rows = self.rows()
        self.ctx.say("Your answers:")
        for row, question in enumerate(rows, start=1):
            self.ctx.say(f"  {row:>2}  {_label(question)}: {self._shown(question)}")
        for _ in range(MAX_TRIES):
            typed = ask(SAVE_PROMPT).strip().lower()
            if typed in ("", "s", "save", "y", "yes"):
                return None
            if typed == Move.BACK.value:
                return -1
            number = typed.removeprefix("edit").removeprefix("e").strip()
            if number.isdecimal() and 1 <= int(number) <= len(rows):
                return int(number) - 1
            self.ctx.note(
                f"  Press Enter to save, or type edit and a number from 1 to {len(rows)}."
            )
        raise ValidationError(
            "review", f"no clear answer after {MAX_TRIES} tries; nothing was saved"
        )

    def _shown(self, question: Question) -> str:
        if question.field not in self.answers:
            return "not asked"  # jumped over on the way to the review
        value = self.answers[question.field]
        if question.kind is Kind.READING:
            shown = reading_text(question, self.answers)
        else:
            shown = answer_text(question, value)
        if shown:
            return shown
        return "none" if question.kind is Kind.CHOICES else "skipped"


def _label(question: Question) -> str:
    label = question.label
    return label[:1].upper() + label[1:]


def _move(typed: str, question: Question) -> Move | None:
    """The move ``typed`` asks for: ``b`` anywhere, ``r`` at an optional question."""
    said = typed.strip().lower()
    if said == Move.BACK.value:
        return Move.BACK
    if said == Move.REVIEW.value and question.asked is Asked.EXTRA:
        return Move.REVIEW
    return None


def interactive_answers(
    ctx: Context, on_crisis_yes: Callable[[], None] = lambda: None
) -> dict[str, object]:
    """Ask the check-in's questions as plain text; the answers once the patient saves.

    Args:
        on_crisis_yes: Called the moment the crisis question is answered yes, before
            the next question is asked.
    """
    answers = PlainCheckin(ctx, on_crisis_yes).run()
    return {name: value for name, value in answers.items() if name in BY_FIELD}
