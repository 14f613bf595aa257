"""The guided check-in: one question a step, number keys to answer, Enter to go on.

The steps come from the question table (:mod:`ketacheck.core.questions`), each drawn by
the step widget for its kind. A draft is kept after every step, so quitting half-way
loses nothing. The four core questions, the crisis question and the save take twelve key
presses from Home.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ketacheck.core.answers import answer_rows
from ketacheck.core.questions import (
    BY_FIELD,
    QUESTIONS,
    RIDERS,
    Asked,
    Question,
    step_questions,
    steps_asked,
)
from ketacheck.core.records import CheckIn, new_id
from ketacheck.core.scales import ValidationError
from ketacheck.store.drafts import clear_draft, load_draft, save_draft, set_aside_draft
from ketacheck.store.errors import StoreError
from ketacheck.tui.screens import SCREENS_CSS
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.steps import QuestionStep, YesNoStep, step_for
from ketacheck.tui.widgets.titlebar import TitleBar
from ketacheck.usecases.checkins import build_checkin, record_self_harm_yes

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp

DRAFT_KIND = "checkin"
MORE = "more"
REVIEW = "review"
#: The steps that ask no question: the offer of the optional ones, and the review.
PAGES: dict[str, tuple[str, str]] = {
    MORE: (
        "That's everything that matters most.",
        "Press Enter to review and save, or m to add more "
        f"({', '.join(q.offer for q in QUESTIONS if q.offer)}).",
    ),
    REVIEW: ("Check your answers", "Press Enter to save, or Escape to go back and change one."),
}

#: Every answer a check-in draft may hold.
DRAFT_ANSWERS = frozenset(BY_FIELD)
#: The answers every check-in has, filled in (at their lowest) only to check a draft's others.
_PLACEHOLDERS = {q.field: int(q.bounds[0]) for q in QUESTIONS if not q.optional and q.bounds}


def draft_answers_are_valid(answers: object) -> bool:
    """Whether a kept draft's answers are ones a check-in could hold, each checked."""
    if not isinstance(answers, dict) or not set(answers) <= DRAFT_ANSWERS:
        return False
    given = {key: value for key, value in answers.items() if value is not None}
    record = {"id": "draft", "at": "2026-01-01T00:00:00+00:00", **_PLACEHOLDERS, **given}
    try:
        CheckIn.from_dict(record)
    except (ValidationError, TypeError, ValueError):
        return False
    return True


def _tick_binding(rider: Question) -> Binding:
    # Beside a text box the key must come first, or the box would take it as typing.
    host = step_questions(rider.step)[0]
    description = rider.label[:1].upper() + rider.label[1:]
    action = f"tick('{rider.field}')"
    ident = rider.field.replace("_", "-")
    return Binding(rider.key, action, description, id=ident, priority=host.kind.typed)


class CheckInScreen(Screen[None]):
    """The guided check-in (or, with ``editing``, a change to a saved one)."""

    CSS_PATH = SCREENS_CSS

    app: KetacheckApp

    BINDINGS = [
        Binding("enter", "next", "Continue", id="next"),
        Binding("escape", "back", "Back", id="back"),
        *(_tick_binding(rider) for rider in RIDERS),
        Binding("y", "yes_no(True)", "Yes", id="yes"),
        Binding("n", "yes_no(False)", "No", id="no"),
        Binding("m", "more", "Add more", id="add-more"),
        Binding("ctrl+s", "save", "Save", id="save"),
    ]

    def __init__(self, editing: CheckIn | None = None) -> None:
        super().__init__()
        self.editing = editing
        self.answers: dict[str, Any] = {}
        """The answers so far, by field."""
        self.more = False
        """Whether the patient chose to answer the optional questions too."""
        self.step = steps_asked(Asked.CORE)[0]
        """The step on the screen: a question's step, ``more`` or ``review``."""
        self._shown: QuestionStep | None = None
        self._saving = False
        self.checkin_id = editing.id if editing is not None else new_id()
        """The id the check-in is saved under, kept with the draft; a self-harm "yes"
        is kept against it the moment it is answered."""
        if editing is not None:
            record = editing.to_dict()
            self.answers = {field: record[field] for field in BY_FIELD}
            self.more = True
            self.step = REVIEW

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="checkin"):
            yield Static(id="step-count")
            yield Static(id="question")
            yield Static(id="hint")
            yield Vertical(id="answer")
            yield Static(id="problem")
        with Horizontal(id="checkin-nav"):
            yield Button("← Back", id="nav-back")
            yield Button("Next →", id="nav-next", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False
        if self.editing is None:
            self._resume_draft()
        self.show_step()

    def _resume_draft(self) -> None:
        """Carry on from a kept draft, or set aside one that can't be trusted."""
        draft = load_draft(self.app.data_dir, DRAFT_KIND)
        if draft is None:
            return
        answers = draft.get("answers")
        if not draft_answers_are_valid(answers) or not isinstance(draft.get("more", False), bool):
            set_aside_draft(self.app.data_dir, DRAFT_KIND)
            self.notify(
                "An unfinished check-in couldn't be read, so it was put aside and this one "
                "starts afresh.",
                timeout=6,
            )
            return
        assert isinstance(answers, dict)
        self.answers.update(answers)
        kept_id = draft.get("id")
        if isinstance(kept_id, str) and 0 < len(kept_id) <= 64:
            self.checkin_id = kept_id
        self.more = bool(draft.get("more"))
        step = draft.get("step")
        if step in self.steps():
            self.step = step
        self.notify("Picked up your check-in where you left off.", timeout=5)

    def steps(self) -> list[str]:
        """The steps for the answers so far: the crisis question comes at every check-in."""
        steps = [*steps_asked(Asked.CORE), *steps_asked(Asked.ALWAYS), MORE]
        if self.more:
            steps.extend(steps_asked(Asked.EXTRA))
        steps.append(REVIEW)
        return steps

    def show_step(self) -> None:
        """Draw the current step."""
        questions = [step for step in self.steps() if step not in PAGES]
        if self.step in questions:
            count = f"Question {questions.index(self.step) + 1} of {len(questions)}"
        else:
            count = "Check-in" if self.editing is None else "Change a check-in"
        if self.step in PAGES:
            title, hint = PAGES[self.step]
        else:
            host = step_questions(self.step)[0]
            title, hint = host.prompt, host.hint
        self.query_one("#step-count", Static).update(count)
        self.query_one("#question", Static).update(title)
        self.query_one("#hint", Static).update(hint)
        self.query_one("#problem", Static).update("")
        box = self.query_one("#answer", Vertical)
        box.remove_children()
        self._shown = None
        if self.step == REVIEW:
            box.mount(Static(self._review_text(), id="review"))
        elif self.step not in PAGES:
            self._mark_asked(self.step)
            self._shown = step_for(step_questions(self.step), self.answers)
            box.mount(self._shown)
            self.call_after_refresh(self._shown.focus_answer)
        self.query_one("#nav-next", Button).label = "Save ✓" if self.step == REVIEW else "Next →"
        self.refresh_bindings()
        self._keep_draft()

    def _mark_asked(self, step: str) -> None:
        """The questions on ``step`` are now put to the patient: a tick box left alone is
        a "no" and a list left unticked is "none". What the check-in never shows stays
        unanswered, and is kept as "not asked"."""
        for question in step_questions(step):
            if self.answers.get(question.field) is None and question.default is not None:
                self.answers[question.field] = question.default

    def _review_text(self) -> str:
        # Names pad to 15; a longer one keeps two spaces before its answer.
        lines = [
            f"{name:<15} {text}" if len(name) < 15 else f"{name}  {text}"
            for name, text in answer_rows(self.answers, review=True)
        ]
        return "\n".join(escape(line) for line in lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tick":
            return self.step == BY_FIELD[str(parameters[0])].step
        if action == "yes_no":
            return isinstance(self._shown, YesNoStep)
        if action == "more":
            return self.step == MORE
        if action == "save":
            return self.step == REVIEW
        return True

    def _keep_draft(self) -> None:
        if self.editing is not None:
            return
        draft = {"answers": self.answers, "more": self.more, "step": self.step}
        draft["id"] = self.checkin_id
        try:
            save_draft(self.app.data_dir, DRAFT_KIND, draft)
        except OSError:
            self.notify("Couldn't keep a draft of this check-in.", severity="warning")

    def _say_problem(self, text: str) -> None:
        self.query_one("#problem", Static).update(f"[b]{text}[/b]")
        self.app.bell()

    @on(QuestionStep.Answered)
    def _answered(self, event: QuestionStep.Answered) -> None:
        self.answers[event.field] = event.value
        self.query_one("#problem", Static).update("")
        question = BY_FIELD[event.field]
        if not question.kind.typed:
            # A pick is kept at once; typing is kept when the patient moves on.
            self._keep_draft()
        if not event.moves_on or event.step is not self._shown:
            return
        if question.crisis and event.value:
            from ketacheck.tui.screens.crisis import CrisisScreen

            self._keep_yes()
            self.app.push_screen(CrisisScreen(), callback=lambda _: self.action_next())
        else:
            self.action_next()

    def action_next(self) -> None:
        """Go on to the next step (or save, on the review)."""
        if self.step == REVIEW:
            self.action_save()
            return
        problem = self._shown.problem() if self._shown is not None else None
        if problem:
            self._say_problem(problem)
            return
        if self.step == MORE:
            # The page says "Enter to review and save": the optional answers are behind m.
            self.step = REVIEW
        else:
            steps = self.steps()
            self.step = steps[steps.index(self.step) + 1]
        self.show_step()

    def action_back(self) -> None:
        """Go back a step; from the first, leave (the draft is kept)."""
        steps = self.steps()
        index = steps.index(self.step)
        if index == 0:
            if self.editing is None:
                self.notify("Your answers are kept. Press c to carry on later.", timeout=4)
            else:
                self.notify("Nothing was changed.", timeout=4)
            self.dismiss(None)
            return
        self.step = steps[index - 1]
        self.show_step()

    def action_tick(self, field: str) -> None:
        """Tick or untick one of the step's tick boxes (was sick, electrolytes...)."""
        if self._shown is not None:
            self._shown.toggle(field)

    def action_yes_no(self, answer: bool) -> None:
        """Answer a yes/no step; a yes to the crisis question opens the crisis screen."""
        if isinstance(self._shown, YesNoStep):
            self._shown.choose(answer)

    def action_more(self) -> None:
        """Add the optional questions."""
        self.more = True
        steps = self.steps()
        self.step = steps[steps.index(MORE) + 1]
        self.show_step()

    @on(Button.Pressed, "#nav-next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#nav-back")
    def _back_pressed(self) -> None:
        self.action_back()

    @work(group="checkin-yes")
    async def _keep_yes(self) -> None:
        """Keep the urgent alert of a self-harm "yes" now, whether or not the rest of the
        check-in is ever saved (quitting half-way must not lose it)."""
        journal, checkin_id, at = self.app.journal, self.checkin_id, self.app.clock()
        with contextlib.suppress(StoreError):  # the app says "Not saved" itself
            await self.app.persist(lambda: record_self_harm_yes(journal, checkin_id, at))

    @work(group="checkin-save")
    async def action_save(self) -> None:
        """Save the check-in (off the interface thread) and show what it means."""
        if self._saving:
            return
        overview = self.app.overview
        assert overview is not None
        editing = self.editing
        at = editing.at if editing is not None else self.app.clock()
        try:
            # The overview keeps the latest infusions: an older check-in needs them all.
            infusions = overview.infusions if overview.covers(at) else self.app.journal.infusions()
            checkin = build_checkin(
                self.answers,
                at,
                infusions,
                overview.baseline_mood,
                checkin_id=self.checkin_id,
                clinic_bp=overview.settings.clinic_bp,
            )
        except ValidationError as exc:
            self._say_problem(f"Something in your answers needs a look: {exc}")
            return
        except StoreError as exc:
            self._say_problem(f"It wasn't saved; your answers are kept. {exc}")
            return
        self._saving = True
        journal, now = self.app.journal, self.app.clock()
        change = journal.update_checkin if editing is not None else journal.add_checkin
        try:
            await self.app.persist(lambda: change(checkin, now))
        except StoreError:
            self._saving = False
            self._say_problem("It wasn't saved; your answers are kept. Try again with Enter.")
            return
        if editing is None:
            clear_draft(self.app.data_dir, DRAFT_KIND)
        from ketacheck.tui.screens.checkin_done import CheckInDoneScreen

        self.app.switch_screen(CheckInDoneScreen(checkin))
