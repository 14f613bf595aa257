"""First run: what ketacheck is and is not, then the few facts it needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec.structs import replace
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from ketacheck.core import scales
from ketacheck.core.course_numbers import planned_infusions
from ketacheck.core.crisis import crisis_text
from ketacheck.core.records import DEFAULT_INFUSION_MINUTES, Infusion
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import Settings
from ketacheck.core.timeparse import parse_when
from ketacheck.store.errors import StoreError
from ketacheck.tui.screens import SCREENS_CSS
from ketacheck.tui.screens.settings_form import NOT_SET, chosen_country, country_options
from ketacheck.tui.text import escape
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp

WELCOME = (
    "[b]Welcome to ketacheck.[/b] It helps you through the days after a ketamine "
    "infusion: short check-ins, countdowns to when you may drive or drink again, and a "
    "clear word when it is time to call your care team. It reminds you of your clinic's "
    "instructions; [b]it is not medical advice[/b]. Nothing leaves this computer."
)

MOOD_QUESTION = "How has your mood been over the last two weeks?"
MOOD_FIELD = "mood over the last two weeks"
#: The fields in the order they are asked: a problem with one sends the focus there.
FIELDS = {"latest infusion": "infusion", "planned infusions": "planned", MOOD_FIELD: "mood"}


def whole_number(text: str, field: str, example: str) -> int:
    """A whole number typed in a box.

    Raises:
        ValidationError: if it isn't one, with an example of what to type.
    """
    try:
        return int(text)
    except ValueError:
        raise ValidationError(field, f"please type a whole number, such as {example}") from None


class WelcomeScreen(Screen[None]):
    """Asks for the latest infusion, the course length, a mood baseline, who to call and
    where the patient lives (for the crisis line)."""

    CSS_PATH = SCREENS_CSS

    app: KetacheckApp

    BINDINGS = [Binding("ctrl+s", "start", "Start", id="welcome-start")]

    def __init__(self) -> None:
        super().__init__()
        self._starting = False

    def compose(self) -> ComposeResult:
        settings = self._settings()
        yield TitleBar()
        with VerticalScroll(id="welcome"):
            yield Static(WELCOME, id="welcome-text")
            # Who to call comes first, in view at 80x24 without scrolling.
            yield Label(
                "Where do you live? This picks the crisis line and emergency number.",
                id="welcome-country-label",
            )
            yield Select(
                country_options(settings.country, settings.country_guess),
                value=settings.country or NOT_SET,
                allow_blank=False,
                id="welcome-country",
            )
            yield Static(id="welcome-crisis-preview")
            yield Label("Your care team (clinic or person) and their phone number")
            with Horizontal(id="welcome-care-team"):
                # Whatever `ketacheck settings` set before the app was first opened is
                # shown here, so that Start keeps it.
                yield Input(
                    settings.care_team_name, placeholder="e.g. Riverside Clinic", id="welcome-team"
                )
                yield Input(
                    settings.care_team_phone, placeholder="phone, e.g. 555-0142", id="welcome-phone"
                )
            yield Label(
                'When did your latest infusion start? (e.g. "now", "2pm", "yesterday 9:30", '
                '"1 hour ago"; leave it empty if none yet)'
            )
            yield Input(placeholder="none yet", id="welcome-infusion")
            yield Static(
                f"It is kept as a {DEFAULT_INFUSION_MINUTES}-minute infusion; you can change "
                "its length later under Infusions (press i on the home screen).",
                classes="welcome-hint",
            )
            yield Label("How many infusions does your course plan?")
            yield Input(str(settings.planned_infusions), id="welcome-planned", type="integer")
            yield Label(
                f"{MOOD_QUESTION} 0 is very low, 10 is very good. You may leave it empty; "
                "it gives a starting point to compare your later check-ins with."
            )
            mood = "" if settings.baseline_mood is None else str(settings.baseline_mood)
            yield Input(
                mood, placeholder="0 to 10, or leave empty", id="welcome-mood", type="integer"
            )
            yield Label("Your own crisis line, if you have one (leave empty to use the line above)")
            yield Input(
                settings.crisis_line,
                placeholder="e.g. a number your clinic gave you",
                id="welcome-crisis",
            )
        # Outside the scrolling form, so Start and any problem are always in view.
        with Horizontal(id="welcome-actions"):
            yield Button("Start  (Ctrl+S)", id="welcome-go", variant="primary", compact=True)
            yield Static(id="welcome-problem")
        yield KeyBar()

    def _settings(self) -> Settings:
        overview = self.app.overview
        return overview.settings if overview is not None else Settings()

    def on_mount(self) -> None:
        self._show_crisis_text()
        self.query_one("#welcome-country", Select).focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field; on the last one it starts."""
        if event.input.id == "welcome-crisis":
            self.action_start()
            return
        try:
            self._read()
        except ValidationError as exc:
            if f"welcome-{FIELDS.get(exc.field)}" == event.input.id:
                self._problem(exc)  # a problem here: say so now, and stay
                return
        self.query_one("#welcome-problem", Static).update("")
        self.focus_next()

    def _value(self, name: str) -> str:
        return self.query_one(f"#welcome-{name}", Input).value.strip()

    def _country(self) -> str | None:
        """The country picked; None while "not set" (the guess) is, which keeps it unset."""
        return chosen_country(self.query_one("#welcome-country", Select).value)

    @on(Select.Changed, "#welcome-country")
    @on(Input.Changed, "#welcome-crisis")
    def _show_crisis_text(self) -> None:
        shown = crisis_text(
            Settings(
                country=self._country(),
                crisis_line=self._value("crisis"),
                country_guess=self._settings().country_guess,
            )
        )
        self.query_one("#welcome-crisis-preview", Static).update(
            f"[b]Shown in a crisis:[/b] {escape(shown)}"
        )

    def _read(self) -> tuple[Settings, Infusion | None]:
        """The settings and the latest infusion typed in.

        Raises:
            ValidationError: for the first field that can't be read.
        """
        now = self.app.clock()
        infusion = None
        when = self._value("infusion")
        if when and when.lower() not in ("none", "none yet", "no"):
            infusion = Infusion.create(parse_when(when, now, self.app.tz, field="latest infusion"))
        planned_text = self._value("planned") or "6"
        planned = planned_infusions(
            "planned infusions", whole_number(planned_text, "planned infusions", "6")
        )
        mood_text = self._value("mood")
        mood = scales.optional_scale_value(
            MOOD_FIELD, whole_number(mood_text, MOOD_FIELD, "5") if mood_text else None
        )
        overview = self.app.overview
        assert overview is not None
        settings = replace(
            overview.settings,
            planned_infusions=planned,
            care_team_name=self._value("team"),
            care_team_phone=self._value("phone"),
            country=self._country(),
            crisis_line=self._value("crisis"),
            baseline_mood=mood,
            onboarded=True,
        )
        return settings, infusion

    def _problem(self, problem: ValidationError) -> None:
        """Say what is wrong beside Start, and put the cursor in the field to fix."""
        self.query_one("#welcome-problem", Static).update(f"[b]{escape(str(problem))}[/b]")
        name = FIELDS.get(problem.field)
        if name is not None:
            field = self.query_one(f"#welcome-{name}", Input)
            field.focus(scroll_visible=False)
            field.select_all()
            # At once, not animated: the patient sees the field the problem is about.
            self.call_after_refresh(field.scroll_visible, animate=False)
        self.app.bell()

    @on(Button.Pressed, "#welcome-go")
    @work(group="welcome")
    async def action_start(self) -> None:
        """Check the answers, save them, and go Home."""
        if self._starting:
            return
        try:
            settings, infusion = self._read()
        except ValidationError as exc:
            self._problem(exc)
            return
        journal = self.app.journal

        def save() -> None:
            journal.save_settings(settings)
            if infusion is not None:
                journal.add_infusion(infusion)

        self._starting = True
        try:
            await self.app.persist(save)
        except StoreError:
            return
        finally:
            self._starting = False
        self.dismiss(None)
