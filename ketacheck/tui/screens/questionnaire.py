"""The PHQ-9 and GAD-7, one item a step: keys 0-3 answer and go on at once.

After the scored items comes the published form's unscored difficulty question, which
the patient may answer with 0-3 or skip with Enter; then a review of every answer, with
each item's text wrapped in full, never cut.

A draft is kept after every answer, so quitting half-way loses nothing. A PHQ-9 item 9
answer above 0 opens the crisis screen straight away, before the next step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ketacheck.core.alerts import URGENT
from ketacheck.core.crisis import crisis_text
from ketacheck.core.questionnaires import (
    ANSWER_MAX,
    ANSWER_MIN,
    ATTRIBUTION,
    GAD7,
    OPTIONS,
    PHQ9,
    PHQ9_ITEM9_INDEX,
    Questionnaire,
    QuestionnaireResult,
    difficulty_label,
    questionnaire,
    score_band,
)
from ketacheck.core.records import latest_infusion_before
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import Settings
from ketacheck.store.drafts import clear_draft, load_draft, save_draft
from ketacheck.store.errors import StoreError
from ketacheck.tui.screens import SCREENS_CSS
from ketacheck.tui.text import escape
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.questionnaire_option import QuestionnaireOption
from ketacheck.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp


def draft_kind(kind: str) -> str:
    """The drafts name of a half-answered questionnaire ``kind``."""
    return f"questionnaire-{kind}"


def _is_answer(value: Any) -> bool:
    return type(value) is int and ANSWER_MIN <= value <= ANSWER_MAX


class QuestionnaireScreen(Screen[None]):
    """One questionnaire (``phq9`` or ``gad7``): the items, a review, then what it means."""

    CSS_PATH = SCREENS_CSS

    app: KetacheckApp

    BINDINGS = [
        Binding("0", "answer(0)", "Not at all", id="answer-0", show=False),
        Binding("1", "answer(1)", "Several days", id="answer-1", show=False),
        Binding("2", "answer(2)", "More than half", id="answer-2", show=False),
        Binding("3", "answer(3)", "Nearly every day", id="answer-3", show=False),
        Binding("enter", "next", "Continue", id="q-next"),
        Binding("escape", "back", "Back", id="q-back"),
    ]

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.form: Questionnaire = questionnaire(kind)
        self.kind = self.form.kind
        self.answers: list[int | None] = [None] * len(self.form.items)
        #: The answer to the unscored difficulty question, or None while not answered.
        self.difficulty: int | None = None
        self.step = 0
        self.result: QuestionnaireResult | None = None
        self._saving = False
        # Once the difficulty question has been answered or skipped, changing an item from
        # the review goes straight back to the review rather than asking it again.
        self._difficulty_passed = False

    @property
    def difficulty_step(self) -> int:
        """The step number of the unscored difficulty question (one past the last item)."""
        return len(self.form.items)

    @property
    def review_step(self) -> int:
        """The step number of the review (after the difficulty question)."""
        return self.difficulty_step + 1

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="questionnaire"):
            yield Static(id="q-step-count")
            yield Static(escape(self.form.stem), id="q-stem")
            yield Static(id="q-item")
            with Vertical(id="q-options"):
                for value in range(ANSWER_MIN, ANSWER_MAX + 1):
                    yield QuestionnaireOption(value)
            yield Static(id="q-problem")
        yield Static(escape(ATTRIBUTION), id="q-attribution")
        yield KeyBar()

    def on_mount(self) -> None:
        draft = load_draft(self.app.data_dir, draft_kind(self.kind))
        if draft is not None and self._resume(draft):
            self.notify(f"Picked up your {self.form.name} where you left off.", timeout=5)
        self.show_step()

    def _resume(self, draft: dict[str, Any]) -> bool:
        """Pick up a kept draft; False (start afresh) if its answers don't fit this form.

        A draft kept before the difficulty question was added has no ``difficulty`` and a
        step that at most reached the old review, which is now the difficulty question:
        it resumes there, so the patient is offered the new question too.
        """
        answers, step = draft.get("answers"), draft.get("step")
        if not isinstance(answers, list) or len(answers) != len(self.answers):
            return False
        if not all(a is None or _is_answer(a) for a in answers):
            return False
        self.answers = list(answers)
        difficulty = draft.get("difficulty")
        self.difficulty = difficulty if _is_answer(difficulty) else None
        if type(step) is int and 0 <= step <= self.review_step:
            self.step = step
        if self.step >= self.difficulty_step and None in self.answers:
            self.step = self.answers.index(None)
        self._difficulty_passed = self.step == self.review_step
        return True

    # Drawing -------------------------------------------------------------------------

    def show_step(self) -> None:
        """Draw the current item, the review, or (once saved) what the result means."""
        count = self.query_one("#q-step-count", Static)
        item = self.query_one("#q-item", Static)
        stem = self.query_one("#q-stem", Static)
        box = self.query_one("#q-options", Vertical)
        self.query_one("#q-problem", Static).update("")
        self.query_one("#questionnaire", VerticalScroll).scroll_home(animate=False)
        box.display = self.result is None and self.step < self.review_step
        options = box.query(QuestionnaireOption)
        if self.result is not None:
            count.update(f"{self.form.name} · saved")
            stem.display = False
            item.update(self._done_text(self.result))
        elif self.step == self.review_step:
            count.update(f"{self.form.name} · check your answers")
            stem.display = False
            item.update(self._review())
        elif self.step == self.difficulty_step:
            count.update(f"{self.form.name} · One last question, not scored")
            stem.display = False
            item.update(
                f"[b]{escape(self.form.difficulty_question)}[/b]\n\n"
                "This one doesn't count towards your total. Press a number to answer, or "
                "Enter to skip it."
            )
            for option in options:
                words = self.form.difficulty_options[option.value]
                option.show(words, option.value == self.difficulty)
        else:
            count.update(f"{self.form.name} · Item {self.step + 1} of {len(self.form.items)}")
            stem.display = True
            item.update(f"[b]{escape(self.form.items[self.step])}[/b]")
            chosen = self.answers[self.step]
            for option in options:
                option.show(OPTIONS[option.value], option.value == chosen)
        self.refresh_bindings()

    def _review(self) -> Group:
        """The total, then every answer beside its item, the item text wrapped in full."""
        table = Table(box=None, show_header=False, expand=True, padding=(0, 1, 0, 0))
        table.add_column("number", justify="right", no_wrap=True)
        table.add_column("item", ratio=1, overflow="fold")
        table.add_column("answer", no_wrap=True)
        for number, (text, answer) in enumerate(
            zip(self.form.items, self.answers, strict=True), start=1
        ):
            shown = "–" if answer is None else f"{answer} {OPTIONS[answer]}"
            table.add_row(f"{number}.", Text(text), Text(shown))
        table.add_row("", "", "")
        difficulty = difficulty_label(self.difficulty)
        if self.difficulty is not None:
            difficulty = f"{self.difficulty} {difficulty}"
        table.add_row("", Text(self.form.difficulty_question, style="dim"), Text(difficulty))
        total = sum(a or 0 for a in self.answers)
        # The total and what to press come first, so a short terminal shows them without
        # scrolling; the answers follow.
        return Group(
            Text(
                f"Total {total} of {self.form.max_total}: {score_band(self.kind, total)}",
                style="bold",
            ),
            Text("Press Enter to save, or Escape to go back and change one."),
            Text(""),
            table,
        )

    def _done_text(self, result: QuestionnaireResult) -> str:
        lines = [
            f"[b]Saved.[/b] Your {self.form.name} total is [b]{result.total} of "
            f"{self.form.max_total}[/b]: {escape(result.band)}.",
            "Your care team can read it in the report (press r on Home).",
        ]
        urgent = [a for a in result.alerts if a.level == URGENT]
        if urgent:
            settings = self.app.overview.settings if self.app.overview else Settings()
            crisis = escape(crisis_text(settings))
            team = escape(settings.care_team_contact())
            lines.append("")
            lines.extend(f"[b]{escape(alert.message)}[/b]" for alert in urgent)
            lines.append(f"[b]Crisis line:[/b] {crisis}")
            lines.append(f"[b]Care team:[/b] {team}")
        lines.append("")
        lines.append("Press Enter to go back to Home.")
        return "\n".join(lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return self.result is None and self.step <= self.difficulty_step
        return True

    # Keeping the draft ---------------------------------------------------------------

    def _keep_draft(self) -> None:
        try:
            save_draft(
                self.app.data_dir,
                draft_kind(self.kind),
                {"answers": self.answers, "step": self.step, "difficulty": self.difficulty},
            )
        except OSError:
            self.notify(f"Couldn't keep a draft of this {self.form.name}.", severity="warning")

    # Actions -------------------------------------------------------------------------

    @on(QuestionnaireOption.Picked)
    def _picked(self, event: QuestionnaireOption.Picked) -> None:
        self.action_answer(event.value)

    def action_answer(self, value: int) -> None:
        """Answer the current step and go on at once (after the crisis screen, if needed)."""
        if self.result is not None or self.step >= self.review_step:
            return
        if self.step == self.difficulty_step:
            self.difficulty = value
            self._leave_difficulty()
            return
        self.answers[self.step] = value
        item9 = self.kind == PHQ9 and self.step == PHQ9_ITEM9_INDEX and value > 0
        self.step = self._next_step()
        self._keep_draft()
        self.show_step()
        if item9:
            from ketacheck.tui.screens.crisis import CrisisScreen

            self.app.push_screen(CrisisScreen())

    def _next_step(self) -> int:
        """The first unanswered item after this one, else the difficulty question or review."""
        for index in range(self.step + 1, self.difficulty_step):
            if self.answers[index] is None:
                return index
        return self.review_step if self._difficulty_passed else self.difficulty_step

    def _leave_difficulty(self) -> None:
        """On from the difficulty question (answered or skipped) to the review."""
        self._difficulty_passed = True
        self.step = self.review_step
        self._keep_draft()
        self.show_step()

    def action_next(self) -> None:
        """Enter: go on past an answered item or the difficulty question, save, or leave.

        On the difficulty question Enter keeps the answer given, or skips it; on the review
        it saves (or first goes to an item still unanswered); once saved it goes Home.
        """
        if self.result is not None:
            self.dismiss(None)
        elif self.step == self.review_step and None in self.answers:
            self.step = self.answers.index(None)
            self._keep_draft()
            self.show_step()
        elif self.step == self.review_step:
            self.action_save()
        elif self.step == self.difficulty_step:
            self._leave_difficulty()
        elif self.answers[self.step] is None:
            self.query_one("#q-problem", Static).update(
                f"[b]Please press a number from {ANSWER_MIN} to {ANSWER_MAX}.[/b]"
            )
            self.app.bell()
        else:
            self.step += 1
            self._keep_draft()
            self.show_step()

    def action_back(self) -> None:
        """Go back a step; from the first (or once saved), leave. The draft is kept."""
        if self.result is not None:
            self.dismiss(None)
            return
        if self.step == 0:
            if any(a is not None for a in self.answers):
                self.notify("Your answers are kept. Press w to carry on later.", timeout=4)
            self.dismiss(None)
            return
        self.step -= 1
        self._keep_draft()
        self.show_step()

    @work(group="questionnaire-save")
    async def action_save(self) -> None:
        """Save the result (off the interface thread) and show what it means."""
        if self._saving or None in self.answers:
            return
        overview = self.app.overview
        at = self.app.clock()
        if overview is not None and overview.covers(at):
            infusion = latest_infusion_before(overview.infusions, at)
        else:  # a clock set back before the infusions the overview keeps
            infusion = self.app.journal.latest_infusion(at)
        answers = [int(a) for a in self.answers if a is not None]
        try:
            result = QuestionnaireResult.create(
                self.kind,
                answers,
                at,
                infusion.id if infusion else None,
                difficulty=self.difficulty,
            )
        except ValidationError as exc:
            self.query_one("#q-problem", Static).update(f"[b]{escape(str(exc))}[/b]")
            return
        self._saving = True
        journal = self.app.journal
        try:
            await self.app.persist(lambda: journal.add_questionnaire(result))
        except StoreError:
            self.query_one("#q-problem", Static).update(
                "[b]It wasn't saved; your answers are kept. Try again with Enter.[/b]"
            )
            return
        finally:
            self._saving = False
        clear_draft(self.app.data_dir, draft_kind(self.kind))
        self.result = result
        self.show_step()


class PHQ9Screen(QuestionnaireScreen):
    """The PHQ-9 (mood)."""

    def __init__(self) -> None:
        super().__init__(PHQ9)


class GAD7Screen(QuestionnaireScreen):
    """The GAD-7 (anxiety)."""

    def __init__(self) -> None:
        super().__init__(GAD7)
