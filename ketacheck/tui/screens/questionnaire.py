"""The PHQ-9 and GAD-7, one item a step: keys 0-3 answer and go on at once.

A draft is kept after every answer, so quitting half-way loses nothing. A PHQ-9 item 9
answer above 0 opens the crisis screen straight away, before the next item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.markup import escape
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ketacheck.core.alerts import URGENT
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
    questionnaire,
    score_band,
)
from ketacheck.core.records import latest_infusion_before
from ketacheck.core.scales import ValidationError
from ketacheck.store.drafts import clear_draft, load_draft, save_draft
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp


def draft_kind(kind: str) -> str:
    """The drafts name of a half-answered questionnaire ``kind``."""
    return f"questionnaire-{kind}"


class QuestionnaireOption(Static):
    """One answer option, ``n  wording``; a click answers with it."""

    def __init__(self, value: int) -> None:
        super().__init__(
            f"[b]{value}[/b]  {escape(OPTIONS[value])}", id=f"option-{value}", classes="q-option"
        )
        self.value = value

    def on_click(self, event: events.Click) -> None:
        event.stop()
        screen = self.screen
        if isinstance(screen, QuestionnaireScreen):
            screen.action_answer(self.value)


class QuestionnaireScreen(Screen[None]):
    """One questionnaire (``phq9`` or ``gad7``): the items, a review, then what it means."""

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
        self.step = 0
        self.result: QuestionnaireResult | None = None
        self._saving = False

    @property
    def review_step(self) -> int:
        """The step number of the review (one past the last item)."""
        return len(self.form.items)

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
            self.notify(f"Picked up your {self.form.name} where you left off.", timeout=6)
        self.show_step()

    def _resume(self, draft: dict[str, Any]) -> bool:
        answers, step = draft.get("answers"), draft.get("step")
        if not isinstance(answers, list) or len(answers) != len(self.answers):
            return False
        if not all(
            a is None or (type(a) is int and ANSWER_MIN <= a <= ANSWER_MAX) for a in answers
        ):
            return False
        self.answers = list(answers)
        if type(step) is int and 0 <= step <= self.review_step:
            self.step = step
        if self.step == self.review_step and None in self.answers:
            self.step = self.answers.index(None)
        return True

    # Drawing -------------------------------------------------------------------------

    def show_step(self) -> None:
        """Draw the current item, the review, or (once saved) what the result means."""
        count = self.query_one("#q-step-count", Static)
        item = self.query_one("#q-item", Static)
        stem = self.query_one("#q-stem", Static)
        box = self.query_one("#q-options", Vertical)
        self.query_one("#q-problem", Static).update("")
        box.display = self.result is None and self.step < self.review_step
        if self.result is not None:
            count.update(f"{self.form.name} · saved")
            stem.display = False
            item.update(self._done_text(self.result))
        elif self.step == self.review_step:
            count.update(f"{self.form.name} · check your answers")
            stem.display = False
            item.update(self._review_text())
        else:
            count.update(f"{self.form.name} · Item {self.step + 1} of {len(self.form.items)}")
            stem.display = True
            item.update(f"[b]{escape(self.form.items[self.step])}[/b]")
            chosen = self.answers[self.step]
            for option in box.query(QuestionnaireOption):
                option.set_class(option.value == chosen, "-chosen")
        self.refresh_bindings()

    def _review_text(self) -> str:
        lines = []
        for number, (text, answer) in enumerate(
            zip(self.form.items, self.answers, strict=True), start=1
        ):
            short = text if len(text) <= 52 else text[:51].rstrip() + "…"
            shown = "–" if answer is None else f"{answer} {OPTIONS[answer]}"
            lines.append(f"{number}. {escape(short):<53} {escape(shown)}")
        total = sum(a or 0 for a in self.answers)
        lines.append("")
        lines.append(
            f"[b]Total {total} of {self.form.max_total}: {score_band(self.kind, total)}[/b]"
        )
        lines.append("Press Enter to save, or Escape to go back and change one.")
        return "\n".join(lines)

    def _done_text(self, result: QuestionnaireResult) -> str:
        lines = [
            f"[b]Saved.[/b] Your {self.form.name} total is [b]{result.total} of "
            f"{self.form.max_total}[/b]: {escape(result.band)}.",
            "Your care team can read it in the report (press r on Home).",
        ]
        urgent = [a for a in result.alerts if a.level == URGENT]
        if urgent:
            settings = self.app.overview.settings if self.app.overview else None
            crisis = escape(settings.crisis_line) if settings else "Call or text 988 (US)"
            team = escape(settings.care_team_contact()) if settings else "your care team"
            lines.append("")
            lines.extend(f"[b]{escape(alert.message)}[/b]" for alert in urgent)
            lines.append(f"[b]Crisis line:[/b] {crisis}")
            lines.append(f"[b]Care team:[/b] {team}")
        lines.append("")
        lines.append("Press Enter to go back to Home.")
        return "\n".join(lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return self.result is None and self.step < self.review_step
        return True

    # Keeping the draft ---------------------------------------------------------------

    def _keep_draft(self) -> None:
        try:
            save_draft(
                self.app.data_dir,
                draft_kind(self.kind),
                {"answers": self.answers, "step": self.step},
            )
        except OSError:
            self.notify(f"Couldn't keep a draft of this {self.form.name}.", severity="warning")

    # Actions -------------------------------------------------------------------------

    def action_answer(self, value: int) -> None:
        """Answer the current item and go on at once (after the crisis screen, if needed)."""
        if self.result is not None or self.step >= self.review_step:
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
        """The first unanswered item after this one, or the review."""
        for index in range(self.step + 1, self.review_step):
            if self.answers[index] is None:
                return index
        return self.review_step

    def action_next(self) -> None:
        """Enter: save on the review, go Home once saved, or go on past an answered item."""
        if self.result is not None:
            self.dismiss(None)
        elif self.step == self.review_step:
            self.action_save()
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
                self.notify("Your answers are kept. Press w to carry on later.", timeout=5)
            self.dismiss(None)
            return
        self.step -= 1
        self._keep_draft()
        self.show_step()

    def action_save(self) -> None:
        """Save the result (off the interface thread) and show what it means."""
        if self._saving or None in self.answers:
            return
        overview = self.app.overview
        at = self.app.clock()
        infusion = latest_infusion_before(overview.infusions, at) if overview else None
        answers = [int(a) for a in self.answers if a is not None]
        try:
            result = QuestionnaireResult.create(
                self.kind, answers, at, infusion.id if infusion else None
            )
        except ValidationError as exc:
            self.query_one("#q-problem", Static).update(f"[b]{escape(str(exc))}[/b]")
            return
        self._saving = True
        journal = self.app.journal
        self.app.save(
            lambda: journal.add_questionnaire(result),
            lambda _: self._saved(result),
            self._not_saved,
        )

    def _not_saved(self, _: Exception) -> None:
        self._saving = False
        self.query_one("#q-problem", Static).update(
            "[b]It wasn't saved; your answers are kept. Try again with Enter.[/b]"
        )

    def _saved(self, result: QuestionnaireResult) -> None:
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
