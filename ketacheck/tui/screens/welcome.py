"""First run: what ketacheck is and is not, then the few facts it needs."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from ketacheck.core.records import Infusion
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import DEFAULT_CRISIS_LINE, planned_infusions
from ketacheck.core.timeparse import parse_when
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp

WELCOME = (
    "[b]Welcome to ketacheck.[/b]\n\n"
    "It helps you through the days after a ketamine infusion: short check-ins on how you "
    "feel, countdowns to when you may drive or drink again, and a clear word when it is "
    "time to call your care team.\n\n"
    "It reminds you of your clinic's instructions; [b]it is not medical advice[/b]. "
    "Everything stays on this computer and nothing is sent to anyone."
)


class WelcomeScreen(Screen[None]):
    """Asks for the latest infusion, the course length and who to call."""

    app: KetacheckApp

    BINDINGS = [Binding("ctrl+s", "start", "Start", id="welcome-start")]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="welcome"):
            yield Static(WELCOME, id="welcome-text")
            yield Label(
                'When did your latest infusion start? ("now", "today 09:30", '
                '"yesterday 14:00"; leave empty if none yet)'
            )
            yield Input(placeholder="none yet", id="welcome-infusion")
            yield Label("How many infusions does your course plan?")
            yield Input("6", id="welcome-planned", type="integer")
            yield Label("Your care team (clinic or person) and their phone number")
            yield Input(placeholder="e.g. Riverside Clinic", id="welcome-team")
            yield Input(placeholder="e.g. 555-0142", id="welcome-phone")
            yield Label("Crisis line (change it if you are outside the US)")
            yield Input(DEFAULT_CRISIS_LINE, id="welcome-crisis")
            yield Static(id="welcome-problem")
            yield Button("Start  (Ctrl+S)", id="welcome-go", variant="primary")
        yield KeyBar()

    def _value(self, name: str) -> str:
        return self.query_one(f"#welcome-{name}", Input).value.strip()

    @on(Button.Pressed, "#welcome-go")
    @on(Input.Submitted, "#welcome-crisis")
    def action_start(self) -> None:
        """Check the answers, save them, and go Home."""
        now = self.app.clock()
        infusion = None
        try:
            when = self._value("infusion")
            if when and when.lower() not in ("none", "none yet", "no"):
                infusion = Infusion.create(
                    parse_when(when, now, self.app.tz, field="latest infusion")
                )
            planned_text = self._value("planned") or "6"
            planned = planned_infusions("planned infusions", int(planned_text))
        except ValidationError as exc:
            self.query_one("#welcome-problem", Static).update(f"[b]{exc}[/b]")
            return
        except ValueError:
            self.query_one("#welcome-problem", Static).update(
                "[b]planned infusions: please type a whole number, such as 6[/b]"
            )
            return
        overview = self.app.overview
        assert overview is not None
        settings = replace(
            overview.settings,
            planned_infusions=planned,
            care_team_name=self._value("team"),
            care_team_phone=self._value("phone"),
            crisis_line=self._value("crisis") or DEFAULT_CRISIS_LINE,
            onboarded=True,
        )
        journal = self.app.journal

        def save() -> None:
            journal.save_settings(settings)
            if infusion is not None:
                journal.add_infusion(infusion)

        self.app.save(save, lambda _: self.dismiss(None))
