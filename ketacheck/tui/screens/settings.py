"""Settings: restriction hours, course, who to call and where, clock style and theme.

Nothing is saved until every field is valid; each problem is shown under its field with
the range allowed. The theme previews as soon as it is picked and is kept only on Save.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static, Switch

from ketacheck.core.crisis import crisis_text
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import Settings
from ketacheck.store.errors import StoreError
from ketacheck.tui.screens import SCREENS_CSS
from ketacheck.tui.screens.confirm import ConfirmScreen
from ketacheck.tui.screens.settings_form import (
    FIELDS,
    SECTIONS,
    FormValues,
    chosen_country,
    clock_example,
    country_options,
    form_values,
    read_values,
    settings_from,
    theme_options,
)
from ketacheck.tui.text import escape
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.settings_row import SettingsRow
from ketacheck.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp

INTRO = (
    "[b]Settings[/b]\n"
    "[b]Your clinic's instructions come first.[/b] If they gave you different times "
    "from the defaults under Restrictions, type theirs there: ketacheck only reminds you "
    "of them."
)


class SettingsScreen(Screen[None]):
    """Everything the patient can set, in one scrolling form."""

    CSS_PATH = SCREENS_CSS

    app: KetacheckApp

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings-save"),
        Binding("escape", "back", "Back", id="settings-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._theme_before = ""
        self._saved_values: FormValues = {}
        self._saving = False

    def _settings(self) -> Settings:
        overview = self.app.overview
        return overview.settings if overview is not None else self.app.journal.settings()

    def compose(self) -> ComposeResult:
        self._theme_before = self.app.theme
        settings = self._settings()
        values = form_values(settings, self.app.theme)
        self._saved_values = values
        options = {
            "settings-country": country_options(settings.country, settings.country_guess),
            "settings-theme": theme_options(list(self.app.available_themes)),
        }
        yield TitleBar()
        with VerticalScroll(id="settings"):
            yield Static(INTRO, id="settings-intro")
            for title, fields in SECTIONS:
                yield Static(title, classes="settings-section")
                for field in fields:
                    if field.question:
                        yield Label(
                            field.question, id=f"{field.id}-question", classes="settings-question"
                        )
                    yield SettingsRow(field, values[field.id], options.get(field.id))
                    if field.checked:
                        yield Static(id=f"{field.id}-problem", classes="settings-problem")
                    if field.below:
                        yield Static(id=field.below)
            yield Static(id="settings-problem")
            with Horizontal(id="settings-buttons"):
                yield Button("Save  (Ctrl+S)", id="settings-go", variant="primary")
                yield Button("Back  (Esc)", id="settings-cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#settings-hours-driving", Input).focus()
        self._show_crisis_text()

    @on(Select.Changed, "#settings-country")
    @on(Input.Changed, "#settings-crisis")
    def _show_crisis_text(self) -> None:
        value = self.query_one("#settings-country", Select).value
        own = self.query_one("#settings-crisis", Input).value
        try:
            country = chosen_country(value)
        except ValidationError:
            country = None
        guess = self._settings().country_guess
        shown = crisis_text(Settings(country=country, crisis_line=own, country_guess=guess))
        self.query_one("#settings-crisis-preview", Static).update(
            f"[b]Shown in a crisis:[/b] {escape(shown)}"
        )

    def current_values(self) -> FormValues:
        """What the form holds now."""
        return {row.field.id: row.current_value() for row in self.query(SettingsRow)}

    @property
    def has_changes(self) -> bool:
        """Whether the form differs from what is saved."""
        current = self.current_values()
        return any(current[key] != self._saved_values[key] for key in current)

    @on(Switch.Changed, "#settings-clock")
    def _clock_changed(self, event: Switch.Changed) -> None:
        self.query_one("#settings-clock-example", Label).update(clock_example(event.value))

    @on(Select.Changed, "#settings-theme")
    def _theme_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value in self.app.available_themes:
            self.app.theme = event.value

    @on(Input.Changed)
    def _clear_problem(self, event: Input.Changed) -> None:
        if event.input.id is not None:
            self._show_problem(event.input.id, "")

    def _show_problem(self, field: str, problem: str) -> None:
        for widget in self.query(f"#{field}-problem").results(Static):
            widget.update(escape(problem))
            widget.display = bool(problem)

    def read_form(self) -> Settings | None:
        """The settings the form describes, or None (with each problem shown) if invalid."""
        parsed, problems = read_values(self.current_values())
        for field in FIELDS:
            if field.checked:
                self._show_problem(field.id, problems.get(field.id, ""))
        if problems:
            fields = "1 field" if len(problems) == 1 else f"{len(problems)} fields"
            self._show_summary(f"Nothing was saved: please fix the {fields} marked in red above.")
            self.query_one(f"#{next(iter(problems))}").focus()
            return None
        self.query_one("#settings-problem", Static).display = False
        return settings_from(self._settings(), parsed)

    def _show_summary(self, text: str) -> None:
        summary = self.query_one("#settings-problem", Static)
        summary.update(text)
        summary.display = True

    @on(Button.Pressed, "#settings-go")
    @work(group="settings-save")
    async def action_save(self) -> None:
        """Check every field; save only if all are valid, then go back Home."""
        if self._saving:
            return
        settings = self.read_form()
        if settings is None:
            return
        journal = self.app.journal
        saved_values = self.current_values()
        button = self.query_one("#settings-go", Button)
        self._saving = button.disabled = True
        try:
            await self.app.persist(lambda: journal.save_settings(settings))
        except StoreError as exc:
            self._show_summary(escape(f"Not saved: {exc}"))
            return
        finally:
            self._saving = button.disabled = False
        self._saved_values = saved_values
        self._theme_before = settings.theme
        self.app.notify("Your settings are saved.", title="Settings")
        if self.is_active:
            self.dismiss(None)

    @on(Button.Pressed, "#settings-cancel")
    @work(group="settings-back")
    async def action_back(self) -> None:
        """Go back Home, asking first if that would throw changes away."""
        if self.has_changes:
            leave = ConfirmScreen(
                "You have changes that aren't saved.\nLeave without saving them?",
                yes="Leave without saving",
                no="Keep editing",
            )
            if not await self.app.push_screen_wait(leave):
                return
        if self.app.theme != self._theme_before:
            self.app.theme = self._theme_before
        self.dismiss(None)
