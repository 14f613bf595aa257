"""The guided check-in: one question a step, number keys to answer, Enter to go on.

A draft is kept after every step, so quitting half-way loses nothing. The four core
questions and the save take eleven key presses from Home.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from ketacheck.core import scales
from ketacheck.core.records import CheckIn
from ketacheck.core.scales import SIDE_EFFECTS, ValidationError
from ketacheck.store.drafts import clear_draft, load_draft, save_draft, set_aside_draft
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.pickers import CountPicker, ScalePicker, _NumberPicker
from ketacheck.tui.widgets.titlebar import TitleBar
from ketacheck.usecases.checkins import build_checkin

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp

DRAFT_KIND = "checkin"
CORE_STEPS = ("dizziness", "nausea", "fluids", "mood")
EXTRA_STEPS = ("fatigue", "sleep", "side_effects", "mood_words", "intention", "note")

QUESTIONS: dict[str, tuple[str, str]] = {
    "dizziness": ("How dizzy do you feel right now?", "Light-headed or unsteady counts too."),
    "nausea": ("How sick to your stomach do you feel?", "Press v if you have been sick (vomited)."),
    "fluids": (
        "How many glasses of water or other drinks since your last check-in?",
        "Press e if one of them was an electrolyte drink.",
    ),
    "mood": ("How is your mood?", "There is no right answer; what is true for you is what helps."),
    "self_harm": (
        "Since your last check-in, have you had any thoughts of harming yourself?",
        "Press n for no or y for yes. Whatever you answer, you are not alone.",
    ),
    "more": (
        "That's everything that matters most.",
        "Press Enter to review and save, or m to add more (tiredness, sleep, side effects, "
        "an intention, a note).",
    ),
    "fatigue": ("How tired do you feel?", "Optional: press Enter to skip."),
    "sleep": ("How many hours did you sleep last night?", "Optional: for example 7 or 6.5."),
    "side_effects": (
        "Have you noticed any of these?",
        "Optional: Space ticks one, the arrows move, Enter goes on.",
    ),
    "mood_words": ("A few words for how you feel?", "Optional: for example calm, hopeful, flat."),
    "intention": ("One small intention for the next few days?", "Optional: a walk, a call, rest."),
    "note": (
        "Anything else you'd like to remember or tell your doctor?",
        "Optional. Ctrl+D marks it for your doctor: it goes first in the report.",
    ),
    "review": ("Check your answers", "Press Enter to save, or Escape to go back and change one."),
}


#: Every answer a check-in draft may hold.
DRAFT_ANSWERS = frozenset(CheckIn.__dataclass_fields__) - {"id", "at", "infusion_id", "alerts"}
#: The four answers every check-in has, filled in only to check a draft's other answers.
_PLACEHOLDERS = {"dizziness": 0, "nausea": 0, "fluids_glasses": 0, "mood": 0}


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


class SideEffectList(SelectionList[str], inherit_bindings=False):
    """The side-effect checklist; Space ticks, so Enter is free to go on."""

    BINDINGS = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
        Binding("space", "select", "Tick", show=True),
    ]


class CheckInScreen(Screen[None]):
    """The guided check-in (or, with ``editing``, a change to a saved one)."""

    app: KetacheckApp

    BINDINGS = [
        Binding("enter", "next", "Continue", id="next"),
        Binding("escape", "back", "Back", id="back"),
        Binding("v", "tick('vomited')", "Was sick", id="vomited"),
        Binding("e", "tick('electrolytes')", "Electrolytes", id="electrolytes"),
        Binding("y", "self_harm(True)", "Yes", id="yes"),
        Binding("n", "self_harm(False)", "No", id="no"),
        Binding("m", "more", "Add more", id="add-more"),
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("ctrl+d", "tick('for_doctor')", "For my doctor", id="for-doctor", priority=True),
    ]

    def __init__(self, editing: CheckIn | None = None) -> None:
        super().__init__()
        self.editing = editing
        self.answers: dict[str, Any] = {"vomited": False, "electrolytes": False}
        self.more = False
        self.step = CORE_STEPS[0]
        self._saving = False
        if editing is not None:
            record = editing.to_dict()
            self.answers = {
                k: v for k, v in record.items() if k not in ("id", "at", "infusion_id", "alerts")
            }
            self.more = True
            self.step = "review"

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
                timeout=8,
            )
            return
        assert isinstance(answers, dict)
        self.answers.update(answers)
        self.more = bool(draft.get("more"))
        step = draft.get("step")
        if step in self.steps():
            self.step = step
        self.notify("Picked up your check-in where you left off.", timeout=6)

    def steps(self) -> list[str]:
        """The steps for the answers so far: the crisis question comes at every check-in."""
        steps = [*CORE_STEPS, "self_harm", "more"]
        if self.more:
            steps.extend(EXTRA_STEPS)
        steps.append("review")
        return steps

    def show_step(self) -> None:
        """Draw the current step."""
        steps = self.steps()
        title, hint = QUESTIONS[self.step]
        self.query_one("#step-count", Static).update(
            "Check-in" if self.editing is None else "Change a check-in"
        )
        questions = [step for step in steps if step not in ("more", "review")]
        if self.step in questions:
            self.query_one("#step-count", Static).update(
                f"Question {questions.index(self.step) + 1} of {len(questions)}"
            )
        self.query_one("#question", Static).update(title)
        self.query_one("#hint", Static).update(hint)
        self.query_one("#problem", Static).update("")
        box = self.query_one("#answer", Vertical)
        box.remove_children()
        widgets = self._answer_widgets()
        box.mount_all(widgets)
        focusable = next((w for w in widgets if w.can_focus), None)
        if focusable is not None:
            self.call_after_refresh(focusable.focus)
        self.query_one("#nav-next", Button).label = "Save ✓" if self.step == "review" else "Next →"
        self.refresh_bindings()
        self._keep_draft()

    def _answer_widgets(self) -> list[Widget]:
        a = self.answers
        match self.step:
            case "dizziness" | "nausea" | "fatigue":
                widgets: list[Widget] = [
                    ScalePicker(a.get(self.step), id=f"pick-{self.step}", high="the worst")
                ]
                if self.step == "nausea":
                    widgets.append(
                        Checkbox("I have been sick (vomited)   (v)", a["vomited"], id="vomited")
                    )
                return widgets
            case "mood":
                return [
                    ScalePicker(
                        a.get("mood"),
                        id="pick-mood",
                        low="very low",
                        high="very good",
                        symptom=False,
                    )
                ]
            case "fluids":
                return [
                    CountPicker(a.get("fluids_glasses"), id="pick-fluids_glasses"),
                    Checkbox(
                        "One was an electrolyte drink   (e)", a["electrolytes"], id="electrolytes"
                    ),
                ]
            case "self_harm":
                return [Static(self._yes_no_text(), id="self-harm-answer")]
            case "sleep":
                hours = a.get("sleep_hours")
                return [
                    Input(
                        "" if hours is None else f"{hours:g}",
                        placeholder="hours, e.g. 7",
                        id="in-sleep_hours",
                        type="number",
                    )
                ]
            case "side_effects":
                ticked = set(a.get("side_effects") or [])
                return [
                    SideEffectList(
                        *(
                            Selection(label, key, key in ticked)
                            for key, label in SIDE_EFFECTS.items()
                        ),
                        id="side-effects",
                    )
                ]
            case "mood_words":
                words = ", ".join(a.get("mood_words") or [])
                return [Input(words, placeholder="calm, hopeful", id="in-mood_words")]
            case "intention":
                return [
                    Input(
                        a.get("intention") or "",
                        id="in-intention",
                        max_length=scales.SHORT_TEXT_MAX_CHARS,
                    )
                ]
            case "note":
                return [
                    Input(a.get("note") or "", id="in-note", max_length=scales.NOTE_MAX_CHARS),
                    Checkbox(
                        "Bring this up with my doctor   (Ctrl+D)",
                        bool(a.get("for_doctor")),
                        id="for_doctor",
                    ),
                ]
            case "review":
                return [Static(self._review_text(), id="review")]
        return []

    def _yes_no_text(self) -> str:
        answer = self.answers.get("self_harm_thoughts")
        if answer is None:
            return "[dim]Not answered yet.[/dim]"
        return "You answered: [b]yes[/b]" if answer else "You answered: [b]no[/b]"

    def _review_text(self) -> str:
        a = self.answers

        def yes(flag: Any) -> str:
            return "yes" if flag else "no"

        def glasses(count: Any) -> str:
            return f"{count} glass" if count == 1 else f"{count} glasses"

        lines = [
            f"Dizziness       {a.get('dizziness')} of 10",
            f"Nausea          {a.get('nausea')} of 10 · sick: {yes(a.get('vomited'))}",
            f"Fluids          {glasses(a.get('fluids_glasses'))} · electrolytes: "
            f"{yes(a.get('electrolytes'))}",
            f"Mood            {a.get('mood')} of 10",
        ]
        if a.get("self_harm_thoughts") is not None:
            lines.append(f"Self-harm thoughts  {yes(a['self_harm_thoughts'])}")
        optional = [
            ("Tiredness", None if a.get("fatigue") is None else f"{a['fatigue']} of 10"),
            ("Sleep", None if a.get("sleep_hours") is None else f"{a['sleep_hours']:g} h"),
            ("Side effects", ", ".join(SIDE_EFFECTS[s] for s in a.get("side_effects") or [])),
            ("Mood words", ", ".join(a.get("mood_words") or [])),
            ("Intention", a.get("intention")),
            ("Note", a.get("note")),
            ("For my doctor", "yes" if a.get("for_doctor") and a.get("note") else None),
        ]
        lines.extend(f"{name:<15} {value}" for name, value in optional if value)
        from rich.markup import escape

        return "\n".join(escape(line) for line in lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        toggles = {"vomited": "nausea", "electrolytes": "fluids", "for_doctor": "note"}
        if action == "tick":
            return self.step == toggles.get(str(parameters[0]))
        if action == "self_harm":
            return self.step == "self_harm"
        if action == "more":
            return self.step == "more"
        if action == "save":
            return self.step == "review"
        return True

    def _keep_draft(self) -> None:
        if self.editing is not None:
            return
        draft = {"answers": self.answers, "more": self.more, "step": self.step}
        try:
            save_draft(self.app.data_dir, DRAFT_KIND, draft)
        except OSError:
            self.notify("Couldn't keep a draft of this check-in.", severity="warning")

    def _say_problem(self, text: str) -> None:
        self.query_one("#problem", Static).update(f"[b]{text}[/b]")
        self.app.bell()

    def _collect(self) -> bool:
        """Take the answer of the current step from its widget; False if it's missing."""
        a = self.answers
        match self.step:
            case "dizziness" | "nausea" | "mood":
                if a.get(self.step) is None:
                    self._say_problem("Please pick a number from 0 to 10 first.")
                    return False
            case "fluids":
                if a.get("fluids_glasses") is None:
                    self._say_problem("Please type how many glasses (0 is fine).")
                    return False
            case "self_harm":
                if a.get("self_harm_thoughts") is None:
                    self._say_problem("Please press y or n.")
                    return False
            case "sleep":
                text = self.query_one("#in-sleep_hours", Input).value.strip()
                try:
                    a["sleep_hours"] = scales.sleep_hours("sleep", float(text)) if text else None
                except (ValueError, ValidationError):
                    self._say_problem("Please give the hours as a number from 0 to 24.")
                    return False
            case "side_effects":
                a["side_effects"] = list(self.query_one(SideEffectList).selected)
            case "mood_words":
                text = self.query_one("#in-mood_words", Input).value
                a["mood_words"] = [w.strip() for w in text.split(",") if w.strip()][
                    : scales.MAX_MOOD_WORDS
                ]
            case "intention" | "note":
                a[self.step] = self.query_one(f"#in-{self.step}", Input).value.strip()
        return True

    def action_next(self) -> None:
        """Go on to the next step (or save, on the review)."""
        if self.step == "review":
            self.action_save()
            return
        if not self._collect():
            return
        steps = self.steps()
        self.step = steps[steps.index(self.step) + 1]
        self.show_step()

    def action_back(self) -> None:
        """Go back a step; from the first, leave (the draft is kept)."""
        if self.step not in ("review", "more", "self_harm"):
            self._collect()
        steps = self.steps()
        index = steps.index(self.step)
        if index == 0:
            if self.editing is None:
                self.notify("Your answers are kept. Press c to carry on later.", timeout=5)
            else:
                self.notify("Nothing was changed.", timeout=5)
            self.dismiss(None)
            return
        self.step = steps[index - 1]
        self.show_step()

    def action_tick(self, name: str) -> None:
        """Tick or untick vomited / electrolytes."""
        checkbox = self.query_one(f"#{name}", Checkbox)
        checkbox.value = not checkbox.value

    @on(Checkbox.Changed)
    def _checkbox(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id:
            self.answers[event.checkbox.id] = event.value
            self._keep_draft()

    @on(_NumberPicker.Changed)
    def _picked(self, event: _NumberPicker.Changed) -> None:
        field = (event.picker.id or "").removeprefix("pick-")
        self.answers[field] = event.value
        self.query_one("#problem", Static).update("")
        self._keep_draft()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_next()

    def action_self_harm(self, answer: bool) -> None:
        """Record the answer; a yes opens the crisis screen straight away."""
        self.answers["self_harm_thoughts"] = answer
        self._keep_draft()
        if answer:
            from ketacheck.tui.screens.crisis import CrisisScreen

            self.app.push_screen(CrisisScreen(), callback=lambda _: self.action_next())
        else:
            self.action_next()

    def action_more(self) -> None:
        """Add the optional questions."""
        self.more = True
        steps = self.steps()
        self.step = steps[steps.index("more") + 1]
        self.show_step()

    @on(Button.Pressed, "#nav-next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#nav-back")
    def _back_pressed(self) -> None:
        self.action_back()

    def action_save(self) -> None:
        """Save the check-in (off the interface thread) and show what it means."""
        if self._saving:
            return
        overview = self.app.overview
        assert overview is not None
        editing = self.editing
        at = editing.at if editing is not None else self.app.clock()
        try:
            checkin = build_checkin(
                self.answers,
                at,
                overview.infusions,
                overview.baseline_mood,
                checkin_id=editing.id if editing else None,
            )
        except ValidationError as exc:
            self._say_problem(f"Something in your answers needs a look: {exc}")
            return
        self._saving = True
        journal = self.app.journal
        change = journal.update_checkin if editing is not None else journal.add_checkin
        self.app.save(lambda: change(checkin), lambda _: self._saved(checkin), self._not_saved)

    def _not_saved(self, _: Exception) -> None:
        self._saving = False
        self._say_problem("It wasn't saved; your answers are kept. Try again with Enter.")

    def _saved(self, checkin: CheckIn) -> None:
        if self.editing is None:
            clear_draft(self.app.data_dir, DRAFT_KIND)
        from ketacheck.tui.screens.checkin_done import CheckInDoneScreen

        self.app.switch_screen(CheckInDoneScreen(checkin))
